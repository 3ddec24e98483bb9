//! `govgraph tag` (issue 19): the statistical tagger's spans as JSON lines,
//! pages read exactly as `build` reads them, bad input refused as `build`
//! refuses it. The expected lines come from the shipped model: retraining
//! it may change them (check the new spans by eye, then update them).

use crate::util::*;
use std::path::Path;
use std::process::Output;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A page written for this test: a meeting report with titled names, two
/// cities and a byline.
const PAGE: &str = "### 县政府召开安全生产工作会议\n\n\
本报讯 10月8日,县委书记王建华在县人民政府主持召开安全生产工作会议。副县长李明辉、刘芳出席会议。\n\n\
王建华强调,各乡镇要认真排查隐患。会后,李明辉带队前往西安市和宝鸡市考察。\n\n\
(记者 张伟)\n";

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn tag_prints_one_json_line_per_line_with_spans() {
    let dir = tempfile::tempdir().unwrap();
    let page = page(dir.path(), "page.txt", PAGE);
    let out = stdout(&run(&["tag", s(&page)]));
    let doc = serde_json::to_string(s(&page)).unwrap();
    let expected = [
        r#"{"doc":DOC,"line":3,"spans":[{"start":10,"end":12,"type":"ORG"},{"start":14,"end":17,"type":"PER"},{"start":39,"end":42,"type":"PER"},{"start":43,"end":45,"type":"PER"}]}"#,
        r#"{"doc":DOC,"line":5,"spans":[{"start":0,"end":3,"type":"PER"},{"start":20,"end":23,"type":"PER"},{"start":27,"end":30,"type":"LOC"},{"start":31,"end":34,"type":"LOC"}]}"#,
        r#"{"doc":DOC,"line":7,"spans":[{"start":4,"end":6,"type":"PER"}]}"#,
    ]
    .map(|l| l.replace("DOC", &doc) + "\n")
    .concat();
    assert_eq!(out, expected);
    // The offsets are characters of the line: they cut out the names.
    let lines: Vec<&str> = PAGE.split('\n').collect();
    let cut = |line: usize, a: usize, b: usize| -> String {
        lines[line - 1].chars().skip(a).take(b - a).collect()
    };
    assert_eq!(cut(3, 14, 17), "王建华");
    assert_eq!(cut(5, 27, 30), "西安市");
    assert_eq!(cut(7, 4, 6), "张伟");
}

#[test]
fn tag_reads_every_encoding_as_build_does() {
    // The same page in UTF-8, GBK, UTF-16 (both orders) and with CRLF line
    // ends: the same spans, line for line.
    let mut outputs = Vec::new();
    for enc in ["utf8", "gbk", "utf16le", "utf16be", "crlf"] {
        let page = root()
            .join("tests/fixtures/pages")
            .join(enc)
            .join("page.txt");
        let out = stdout(&run(&["tag", s(&page)]));
        let doc = serde_json::to_string(s(&page)).unwrap();
        assert!(out.lines().count() >= 3, "{enc}: {out}");
        outputs.push(out.replace(&doc, "DOC"));
    }
    for o in &outputs[1..] {
        assert_eq!(o, &outputs[0]);
    }
}

#[test]
fn tag_expands_directories_to_sorted_pages_and_any_thread_count_agrees() {
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), "b.txt", "副县长李明辉到西安市考察。\n");
    page(dir.path(), "a.txt", PAGE);
    page(dir.path(), "notes.md", "县委书记王建华\n");
    let all = stdout(&run(&["tag", s(dir.path())]));
    let docs: Vec<String> = all
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(docs, ["a.txt", "a.txt", "a.txt", "b.txt"]);
    let one = stdout(&run(&["tag", s(dir.path()), "--threads", "1"]));
    assert_eq!(one, all);
}

#[test]
fn tag_bad_input_exits_2_naming_the_file_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = page(dir.path(), "good.txt", PAGE);
    let bad = root().join("tests/fixtures/bad");
    for (file, cause) in [
        ("binary.txt", "not a text page"),
        ("empty.txt", "empty file"),
        ("nul.txt", "not a text page"),
        ("latin1.txt", "not a text page"),
        ("corrupt_utf8.txt", "not a text page"),
    ] {
        let path = bad.join(file);
        // Alone, and after a good page: nothing is printed either way.
        for args in [vec!["tag", s(&path)], vec!["tag", s(&good), s(&path)]] {
            let out = run(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{file}: {err}");
            assert!(err.contains(file) && err.contains(cause), "{file}: {err}");
            assert!(!err.contains("panicked"), "{err}");
            assert!(out.stdout.is_empty(), "{file}: printed before failing");
        }
    }
    let missing = dir.path().join("missing.txt");
    let out = run(&["tag", s(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt: no such file"));
}

#[test]
fn tag_keep_going_skips_bad_pages_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let good = page(dir.path(), "good.txt", PAGE);
    let bad = root().join("tests/fixtures/bad/binary.txt");
    let out = run(&["tag", s(&good), s(&bad), "--keep-going"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("skipped") && err.contains("binary.txt"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    // Nothing readable at all is still an error.
    let out = run(&["tag", s(&bad), "--keep-going"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no readable input page"));
}
