//! Careers (issue 24): `query career`, `query holders` and `export --format
//! posts`, on pages written for these tests (tests/pages/careers: one
//! county head who becomes party secretary, an acting head, a seconded
//! deputy, a former deputy secretary, and a namesake in another county),
//! and on the seed graph.

use crate::util::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The career pages, built once.
fn careers() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("careers");
        let _ = std::fs::remove_dir_all(&dir);
        build(&[&root().join("tests/pages/careers")], &dir, &["--no-svg"]);
        dir
    })
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut v = vec!["query", dir.to_str().unwrap()];
    v.extend_from_slice(args);
    v.push("--json");
    serde_json::from_str(&run_ok(&v)).unwrap()
}

/// (post, first, last, articles, marks) of each spell.
fn spells(career: &Value) -> Vec<(String, String, String, u64)> {
    career["spells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["post"].as_str().unwrap().to_string(),
                s["first"]["date"].as_str().unwrap_or("").to_string(),
                s["last"]["date"].as_str().unwrap_or("").to_string(),
                s["articles"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn careers_a_transfer_is_two_spells_in_order_merged_across_articles() {
    let c = json(careers(), &["career", "person:张明远@141126"]);
    let got = spells(&c);
    let at = |post: &str| got.iter().position(|s| s.0 == post).unwrap();
    // 县长 in two articles of 2019, then 县委书记 in two of 2020.
    assert_eq!(
        got[at("县长")],
        ("县长".into(), "2019-03-05".into(), "2019-04-12".into(), 2)
    );
    assert_eq!(
        got[at("县委书记")],
        (
            "县委书记".into(),
            "2020-06-08".into(),
            "2020-09-15".into(),
            2
        )
    );
    assert!(at("县长") < at("县委书记"));
    let s = &c["spells"][at("县长")];
    assert_eq!(s["body"], "石楼县人民政府");
    assert_eq!(s["code"], "141126");
    assert_eq!(s["first"]["year"], "printed");
    // The quote is the page's sentence as printed.
    let quote = s["evidence"]["sentence"].as_str().unwrap();
    let page = std::fs::read_to_string(root().join("tests/pages/careers/shilou_2019.txt")).unwrap();
    assert!(
        quote.contains("县长张明远") && page.contains(quote),
        "{quote}"
    );
    // The compound title gave 县委副书记 too, with the party committee.
    assert_eq!(c["spells"][at("县委副书记")]["body"], "中共石楼县委员会");
}

#[test]
fn careers_markers_are_kept() {
    let marks = |id: &str| -> Vec<(String, bool, bool, bool)> {
        json(careers(), &["career", id])["spells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["post"].as_str().unwrap().to_string(),
                    s["acting"].as_bool().unwrap(),
                    s["former"].as_bool().unwrap(),
                    s["secondment"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    assert!(marks("王建国").contains(&("县长".into(), true, false, false)));
    assert!(marks("王建国").contains(&("县委副书记".into(), false, false, false)));
    assert_eq!(marks("赵鹏"), vec![("副县长".into(), false, false, true)]);
    assert_eq!(
        marks("孙立军"),
        vec![("县委副书记".into(), false, true, false)]
    );
}

#[test]
fn careers_namesakes_stay_apart() {
    let out = run(&["query", careers().to_str().unwrap(), "career", "张明远"]);
    assert_eq!(out.status.code(), Some(4));
    let other = json(careers(), &["career", "person:张明远@140429"]);
    let got = spells(&other);
    assert_eq!(
        got,
        vec![("县长".into(), "2019-05-06".into(), "2019-05-06".into(), 1)]
    );
    assert_eq!(other["spells"][0]["body"], "武乡县人民政府");
}

#[test]
fn careers_holders_in_order_and_on_a_day() {
    let h = json(careers(), &["holders", "石楼县", "县长"]);
    let who: Vec<(&str, bool)> = h["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["person"]["id"].as_str().unwrap(),
                s["acting"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        who,
        vec![
            ("person:张明远@141126", false),
            ("person:王建国@141126", true)
        ]
    );
    let on = json(
        careers(),
        &["holders", "石楼县", "县长", "--on", "2019-04-01"],
    );
    assert_eq!(on["basis"], "within");
    assert_eq!(on["holders"][0]["person"]["id"], "person:张明远@141126");
    assert_eq!(on["holders"].as_array().unwrap().len(), 1);
    // No evidence spans the day: the latest holder seen before it.
    let on = json(
        careers(),
        &["holders", "石楼县", "县长", "--on", "2020-07-01"],
    );
    assert_eq!(on["basis"], "before");
    assert_eq!(on["holders"][0]["person"]["id"], "person:王建国@141126");
    // The other county's head is not this county's.
    let h = json(careers(), &["holders", "武乡县", "县长"]);
    assert_eq!(h["holders"][0]["person"]["id"], "person:张明远@140429");
    assert_eq!(h["holders"].as_array().unwrap().len(), 1);
    for bad in [&["--on", "2019-13-01"][..], &["--on", "yesterday"]] {
        let mut args = vec![
            "query",
            careers().to_str().unwrap(),
            "holders",
            "石楼县",
            "县长",
        ];
        args.extend_from_slice(bad);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--on"));
    }
}

#[test]
fn careers_csv_and_posts_export() {
    let out = run_ok(&[
        "query",
        careers().to_str().unwrap(),
        "career",
        "李华",
        "--csv",
    ]);
    let mut lines = out.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("person_id,name,post,body,jurisdiction,code,"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows.iter().any(|r| r.starts_with(
        "person:李华@141126,李华,常务副县长,石楼县人民政府,石楼县,141126,0,0,0,,2019-03-05,printed,2020-09-15,printed,2,"
    )));
    let file = careers().join("posts.csv");
    let said = run_ok(&[
        "export",
        careers().to_str().unwrap(),
        "--format",
        "posts",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(said.contains("posts of"), "{said}");
    let csv = std::fs::read_to_string(&file).unwrap();
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "person_id,name,post,body,jurisdiction,code,acting,former,secondment,rank,first,first_year,last,last_year,articles,sources"
    );
    // One row per spell: the career's spells are all there.
    let career = json(careers(), &["career", "person:张明远@141126"]);
    let n = career["spells"].as_array().unwrap().len();
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("person:张明远@141126,"))
            .count(),
        n
    );
    assert!(csv.contains(
        "person:张明远@141126,张明远,县委书记,中共石楼县委员会,石楼县,141126,0,0,0,,2020-06-08,printed,2020-09-15,printed,2,shilou_2020.txt#0;shilou_2020.txt#1\n"
    ));
    // Graph-format options are refused, naming them.
    let out = run(&[
        "export",
        careers().to_str().unwrap(),
        "--format",
        "posts",
        "--out",
        file.to_str().unwrap(),
        "--focus",
        "李华",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--focus"));
}

#[test]
fn careers_on_the_seed_graph_split_compound_titles() {
    // A person printed with two titles in one mention has (at least) two
    // posts, each with a body or a jurisdiction.
    let g = graph(&root().join("output"));
    let person = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["type"] == "person"
                && n["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["titles"].as_array().is_some_and(|t| t.len() >= 2))
        })
        .expect("a person with a compound title");
    let id = person["id"].as_str().unwrap();
    let c = json(&root().join("output"), &["career", id]);
    let spells = c["spells"].as_array().unwrap();
    assert!(spells.len() >= 2, "{c}");
    for s in spells {
        assert!(s["jurisdiction"].is_string(), "{s}");
        assert!(s["evidence"]["sentence"].is_string(), "{s}");
    }
}

#[test]
fn careers_readme_examples_are_real_outputs() {
    // Every `$ govgraph ...` line of the README's careers section, run on
    // the committed seed graph from the repository root, prints what the
    // README shows under it.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## Careers").expect("a careers section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("careers-readme.csv");
    let scratch = scratch.to_str().unwrap();
    let mut checked = 0;
    for block in section.split("```text\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let lines: Vec<&str> = block.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let Some(cmd) = lines[i].strip_prefix("$ govgraph ") else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < lines.len() && !lines[j].starts_with("$ ") {
                j += 1;
            }
            let want = lines[i + 1..j]
                .join("\n")
                .replace("/tmp/posts.csv", scratch);
            let cmd = cmd.replace("/tmp/posts.csv", scratch);
            let args: Vec<&str> = cmd.split_whitespace().collect();
            let out = std::process::Command::new(bin())
                .args(&args)
                .current_dir(root())
                .output()
                .unwrap();
            assert!(out.status.success(), "{cmd}");
            let got = String::from_utf8(out.stdout).unwrap();
            assert_eq!(
                got.trim_end(),
                want.trim_end(),
                "README example: govgraph {cmd}"
            );
            checked += 1;
            i = j;
        }
    }
    assert!(checked >= 4, "only {checked} examples found");
    // The CSV rows shown after the export (the section's last block) are
    // rows of that export.
    let csv = std::fs::read_to_string(scratch).unwrap();
    let last = section.rsplit("```text\n").next().unwrap();
    let shown: Vec<&str> = last[..last.find("```").unwrap()].lines().collect();
    assert!(shown.len() >= 2 && shown[0].starts_with("person_id,"));
    for row in shown {
        assert!(csv.lines().any(|l| l == row), "not in the export: {row}");
    }
}
