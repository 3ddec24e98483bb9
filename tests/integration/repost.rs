//! Reposts (issue 23): copies of one article found under other names, with
//! another header, in the other script or cut off, are one article node
//! with every source; two reports of one meeting in their own words stay
//! two articles and share the event. Same bytes through `build`,
//! `build --append`, `extract` + `merge`, any thread count and input order.

use crate::util::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const HEADLINE: &str = "平遥县召开乡村振兴工作推进会";

const REPORT: &str = "本报讯(记者 孙立平)2024年5月12日，平遥县乡村振兴工作推进会在县委党校召开。县委书记王志强出席会议并讲话，县长李秀英主持会议。
会议传达学习了省市有关会议精神，通报了今年以来全县乡村振兴重点项目进展情况，段村镇、东泉镇作了交流发言。
王志强强调，各乡镇要把产业发展摆在突出位置，围绕牛肉加工、中药材和设施蔬菜三大产业，做实做细联农带农机制，让群众在家门口增收致富。
李秀英要求，各部门要压实工作责任，倒排工期，挂图作战，确保年底前完成村级道路硬化和农村饮水提升工程。
县领导张建国、刘海燕，各乡镇党委书记及县直有关部门主要负责人参加会议。
(孙立平)
";

/// The same meeting in another outlet's words.
const OTHER: &str = "我县部署乡村振兴重点任务
2024年5月12日上午，平遥县召开乡村振兴工作推进会，县委书记王志强、县长李秀英，县领导张建国、刘海燕出席。
推进会上，段村镇和东泉镇的负责同志先后发言，介绍了发展设施蔬菜和林下中药材的做法。
王志强在讲话中指出，产业兴旺是乡村振兴的基础，要用好协作资金，引进龙头企业，把小农户纳入现代农业链条。
会议还对下半年的人居环境整治、集体经济壮大等任务进行了部署，要求各地对照清单逐项销号。
";

/// The report in Traditional script (written out by hand).
const TRADITIONAL: &str = "本報訊(記者 孫立平)2024年5月12日，平遙縣鄉村振興工作推進會在縣委黨校召開。縣委書記王志強出席會議並講話，縣長李秀英主持會議。
會議傳達學習了省市有關會議精神，通報了今年以來全縣鄉村振興重點項目進展情況，段村鎮、東泉鎮作了交流發言。
王志強強調，各鄉鎮要把產業發展擺在突出位置，圍繞牛肉加工、中藥材和設施蔬菜三大產業，做實做細聯農帶農機制，讓群眾在家門口增收致富。
李秀英要求，各部門要壓實工作責任，倒排工期，掛圖作戰，確保年底前完成村級道路硬化和農村飲水提升工程。
縣領導張建國、劉海燕，各鄉鎮黨委書記及縣直有關部門主要負責人參加會議。
(孫立平)
";

/// The pages: the paper's report, three copies of it, the other report.
/// Names are chosen so that the canonical copy (the longest text; of the
/// identical texts the smallest name) is neither first nor last by name.
pub(crate) fn pages(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let cut: String = REPORT.lines().take(3).collect::<Vec<_>>().join("\n");
    vec![
        page(dir, "a_aggregator.txt", &format!("{HEADLINE}\n{cut}……\n")),
        page(dir, "b_paper.txt", &format!("{HEADLINE}\n{REPORT}")),
        page(
            dir,
            "s_city_site.txt",
            &format!(
                "平遥召开推进会 部署乡村振兴\n来源:平遥县融媒体中心\n发布时间:2024-05-13 09:12\n责任编辑:周明\n浏览次数:318\n{REPORT}"
            ),
        ),
        page(dir, "t_mirror.txt", &format!("平遙縣召開鄉村振興工作推進會\n{TRADITIONAL}")),
        page(dir, "z_other.txt", OTHER),
    ]
}

fn nodes<'a>(g: &'a Value, kind: &str) -> Vec<&'a Value> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == kind)
        .collect()
}

fn same_files(a: &Path, b: &Path, files: &[&str]) {
    for f in files {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn repost_copies_are_one_article_and_other_reports_stay_two() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = pages(&tmp.path().join("pages"));
    let out = tmp.path().join("out");
    let said = build(&[&tmp.path().join("pages")], &out, &["--no-svg"]);
    assert!(
        said.contains("2 articles (and 3 reposts of 1 of them)"),
        "{said}"
    );
    let g = graph(&out);
    assert_eq!(g["graph"]["reposts"], 3);
    assert_eq!(g["graph"]["articles"], 2);
    let articles = nodes(&g, "article");
    assert_eq!(articles.len(), 2, "{articles:?}");
    // The cluster's article is the paper's full text (the longest; the
    // city site and the mirror carry the same text, and of identical texts
    // the smallest name is taken).
    let cluster = articles
        .iter()
        .find(|a| a["attrs"]["sources"] == 4)
        .expect("an article with four sources");
    assert_eq!(cluster["id"], "article:b_paper.txt#0");
    assert_eq!(cluster["name"], HEADLINE);
    // Every copy's document holds it, at the copy's own offsets.
    let holders: Vec<&str> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["relation"] == "contains" && e["target"] == cluster["id"])
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        holders,
        [
            "document:a_aggregator.txt",
            "document:b_paper.txt",
            "document:s_city_site.txt",
            "document:t_mirror.txt"
        ]
    );
    // The other report is its own article, and shares the event.
    let other = articles
        .iter()
        .find(|a| a["attrs"]["sources"].is_null())
        .unwrap();
    assert_eq!(other["id"], "article:z_other.txt#0");
    let events = nodes(&g, "event");
    assert_eq!(events.len(), 1, "{events:?}");
    let ev = events[0]["id"].as_str().unwrap();
    let mentioned_by: Vec<&str> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["relation"] == "mentions" && e["target"] == ev)
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        mentioned_by,
        ["article:b_paper.txt#0", "article:z_other.txt#0"]
    );
    // People are counted once, mentioned only from the canonical copy and
    // the other report.
    let wang = nodes(&g, "person")
        .into_iter()
        .find(|p| p["name"] == "王志强")
        .unwrap();
    let docs: std::collections::BTreeSet<&str> = wang["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["doc"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs.into_iter().collect::<Vec<_>>(),
        ["b_paper.txt", "z_other.txt"]
    );

    // `query events` shows the event once, reported by five sources;
    // `stats` counts the reposts; --evidence quotes a copy's page.
    let dir = out.display().to_string();
    let j: Value =
        serde_json::from_str(&run_ok(&["query", &dir, "events", "王志强", "--json"])).unwrap();
    let rows = j["events"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{j}");
    assert_eq!(rows[0]["sources"], 5);
    let table = run_ok(&["query", &dir, "events", "王志强"]);
    assert!(table.contains("sources"), "{table}");
    let s: Value = serde_json::from_str(&run_ok(&["query", &dir, "stats", "--json"])).unwrap();
    assert_eq!(s["reposts"], 3, "{s}");
    assert_eq!(s["articles"], 2, "{s}");
    drop(pages);
}

#[test]
fn repost_output_is_the_same_for_threads_order_append_and_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let all = tmp.path().join("all");
    let files = pages(&all);
    // The same pages split over two directories, given in either order.
    let (d1, d2) = (tmp.path().join("d1"), tmp.path().join("d2"));
    for d in [&d1, &d2] {
        std::fs::create_dir_all(d).unwrap();
    }
    for (i, f) in files.iter().enumerate() {
        let to = if i % 2 == 0 { &d1 } else { &d2 };
        std::fs::copy(f, to.join(f.file_name().unwrap())).unwrap();
    }
    let whole = tmp.path().join("whole");
    build(&[&all], &whole, &["--no-svg", "--threads", "1"]);
    let files_cmp = ["graph.json", "graph.dot", "mentions.jsonl"];
    let two = tmp.path().join("two");
    build(&[&d2, &d1], &two, &["--no-svg", "--threads", "2"]);
    same_files(&whole, &two, &files_cmp);

    // build --append: the cut-off copy is built alone; the other copies
    // join it (the city site's full text becomes canonical); then the
    // paper arrives, whose identical text takes over by name.
    let inc = tmp.path().join("inc");
    build(&[&files[0]], &inc, &["--no-svg"]);
    let inc_s = inc.display().to_string();
    let mut args = vec!["build".to_string(), "--append".into(), inc_s.clone()];
    args.extend(files[2..].iter().map(|f| f.display().to_string()));
    args.push("--no-svg".into());
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let g = graph(&inc);
    assert_eq!(g["graph"]["reposts"], 2);
    assert!(g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == "article:s_city_site.txt#0" && n["attrs"]["sources"] == 3));
    run_ok(&[
        "build",
        "--append",
        &inc_s,
        &files[1].display().to_string(),
        "--no-svg",
    ]);
    same_files(&whole, &inc, &files_cmp);

    // extract + merge: shards carry the signatures.
    let mut args = vec!["merge".to_string()];
    for (k, d) in [&d1, &d2].iter().enumerate() {
        let shard = tmp.path().join(format!("s{k}.jsonl"));
        run_ok(&[
            "extract",
            &d.display().to_string(),
            "--out",
            &shard.display().to_string(),
        ]);
        let text = std::fs::read_to_string(&shard).unwrap();
        assert!(text.contains("\"repost\":\""), "{text}");
        args.push(shard.display().to_string());
    }
    let merged = tmp.path().join("merged");
    args.extend([
        "--out".into(),
        merged.display().to_string(),
        "--no-svg".into(),
    ]);
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    same_files(&whole, &merged, &files_cmp);
}

#[test]
fn repost_a_bad_signature_in_a_shard_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pages");
    pages(&dir);
    let shard = tmp.path().join("s.jsonl");
    run_ok(&[
        "extract",
        &dir.display().to_string(),
        "--out",
        &shard.display().to_string(),
    ]);
    let text = std::fs::read_to_string(&shard).unwrap();
    let at = text.find("\"repost\":\"").unwrap() + "\"repost\":\"".len();
    let mut bad = text.clone();
    bad.replace_range(at..at + 3, "xyz");
    let line = text[..at].matches('\n').count() + 1;
    std::fs::write(&shard, bad).unwrap();
    let out = run(&[
        "merge",
        &shard.display().to_string(),
        "--out",
        &tmp.path().join("o").display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("s.jsonl:{line}")) && err.contains("repost signature"),
        "{err}"
    );
}
