//! Inputs the CLI refuses or explains (issue 21): one test a refusal, each
//! on a page written for it.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// A small build of a page in Traditional script (written for these tests).
fn small_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("refusals");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("pages")).unwrap();
        page(
            &root.join("pages"),
            "p.txt",
            "2019年6月12日上午，介休市副市長韓立新到義安鎮檢查防汛工作。\n\
             市水利局局長魏國強陪同檢查。\n",
        );
        let out = root.join("out");
        build(&[&root.join("pages")], &out, &["--no-svg"]);
        out
    })
}

fn go(args: &[&str]) -> Output {
    run(args)
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn g() -> &'static str {
    small_build().to_str().unwrap()
}

#[test]
fn refuse_unknown_relation_listing_the_valid_ones() {
    let o = go(&["query", g(), "neighbors", "韓立新", "--relation", "foo"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("foo") && e.contains("participated_in") && e.contains("located_in"),
        "{e}"
    );
    // A valid one is taken.
    let o = go(&[
        "query",
        g(),
        "neighbors",
        "韓立新",
        "--relation",
        "participated_in",
    ]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn refuse_a_day_the_calendar_does_not_have() {
    let o = go(&["query", g(), "events", "韓立新", "--from", "2018-02-30"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("2018-02-30"), "{}", err(&o));
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("g.json");
    let o = go(&[
        "export",
        g(),
        "-f",
        "json",
        "-o",
        out.to_str().unwrap(),
        "--from",
        "2018-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("2018-02-30"), "{}", err(&o));
    // A leap day is a day.
    let o = go(&["query", g(), "events", "韓立新", "--from", "2016-02-29"]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn refuse_an_empty_date_window() {
    let o = go(&[
        "query",
        g(),
        "events",
        "韓立新",
        "--from",
        "2019",
        "--to",
        "2018",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("empty"), "{}", err(&o));
    // One day is a window.
    let o = go(&[
        "query",
        g(),
        "events",
        "韓立新",
        "--from",
        "2019-06-12",
        "--to",
        "2019-06",
    ]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn refuse_a_year_out_of_range() {
    let d = tempfile::tempdir().unwrap();
    let p = page(d.path(), "a.txt", "6月12日，副市長韓立新檢查防汛工作。\n");
    let out = d.path().join("out");
    let o = go(&[
        "build",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--year",
        "99999",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("99999"), "{}", err(&o));
    assert!(!out.exists());
}

#[test]
fn refuse_a_picture_into_a_missing_directory_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("no-such-dir").join("g.dot");
    let o = go(&["export", g(), "-f", "dot", "-o", target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("no-such-dir") && !e.contains(".govgraph-"),
        "{e}"
    );
    if has("dot", "-V") {
        let target = d.path().join("no-such-dir").join("g.svg");
        let o = go(&["export", g(), "-f", "svg", "-o", target.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(3), "{}", err(&o));
        let e = err(&o);
        assert!(
            e.contains("no-such-dir/g.svg") && !e.contains(".govgraph-"),
            "{e}"
        );
    }
}

#[test]
fn refuse_csv_into_a_file_saying_out_is_a_directory() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("nodes.csv");
    std::fs::write(&file, "mine").unwrap();
    let o = go(&["export", g(), "-f", "csv", "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--out must be a directory"), "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn refuse_an_empty_name() {
    for cmd in [&["show", ""][..], &["events", " "], &["find", ""]] {
        let mut args = vec!["query", g()];
        args.extend_from_slice(cmd);
        let o = go(&args);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", err(&o));
        assert!(o.stdout.is_empty(), "{cmd:?} printed an answer");
    }
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("g.json");
    let o = go(&[
        "export",
        g(),
        "-f",
        "json",
        "-o",
        out.to_str().unwrap(),
        "--focus",
        "",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!out.exists());
}

#[test]
fn export_focus_reads_traditional_names_as_query_does() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.json");
    let b = d.path().join("b.json");
    for (name, out) in [("韓立新", &a), ("韩立新", &b)] {
        let o = go(&[
            "export",
            g(),
            "-f",
            "json",
            "-o",
            out.to_str().unwrap(),
            "--focus",
            name,
        ]);
        assert!(o.status.success(), "{name}: {}", err(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let o = go(&["query", g(), "show", "韓立新"]);
    assert!(o.status.success());
}

#[test]
fn warn_when_a_page_yields_no_entities() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    page(
        &pages,
        "english.txt",
        "The county held a meeting on flood control this morning.\n",
    );
    page(&pages, "news.txt", "6月12日，副市長韓立新檢查防汛工作。\n");
    let out = d.path().join("out");
    let o = go(&[
        "build",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-svg",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("warning") && e.contains("english.txt") && e.contains("nothing found"),
        "{e}"
    );
    assert!(!e.contains("news.txt"), "{e}");
}

#[test]
fn querying_a_directory_without_a_graph_says_to_build_first() {
    let d = tempfile::tempdir().unwrap();
    let o = go(&["query", d.path().to_str().unwrap(), "stats"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("govgraph build"), "{}", err(&o));
    let out = d.path().join("g.json");
    let o = go(&[
        "export",
        d.path().to_str().unwrap(),
        "-f",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("govgraph build"), "{}", err(&o));
}
