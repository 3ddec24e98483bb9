//! Evidence a journalist can cite and builds that lose nothing (issue 21,
//! "Citations and data"): quotes as printed, `--append` with `--out` and
//! with a page already in the build, a build switched in as one
//! generation, sources.json without machine paths.

use crate::util::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A page in Traditional script with full-width punctuation (written for
/// these tests).
const TRADITIONAL: &str =
    "本報訊 3月5日上午，平遙縣縣長趙文華主持召開會議，研究部署春季造林工作。\n\
副縣長錢立平出席會議！\n";

/// The sentence of 趙文華 as printed.
const PRINTED: &str = "本報訊 3月5日上午，平遙縣縣長趙文華主持召開會議，研究部署春季造林工作。";

/// A Simplified page of another county (written for these tests).
const SIMPLIFIED: &str = "4月9日，太谷县副县长孙明远到胡村镇调研春耕生产。\n";

fn query(dir: &Path, args: &[&str]) -> Output {
    let mut v = vec!["query", dir.to_str().unwrap()];
    v.extend_from_slice(args);
    run(&v)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file of a directory, by name, with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Names in `dir` that look like govgraph's temporary or staging files.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("govgraph-"))
        .collect()
}

#[test]
fn evidence_quotes_the_page_as_printed_in_query_and_html() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    page(
        &pages,
        "trad.txt",
        &format!("### 平遙縣部署春季造林（二〇一九）\n{TRADITIONAL}"),
    );
    let out = d.path().join("out");
    build(&[&pages], &out, &["--no-svg"]);

    // The name matches in either script; the quote is as printed.
    let o = query(&out, &["events", "赵文华", "--evidence"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains(PRINTED), "not quoted as printed:\n{text}");
    assert!(!text.contains("平遥县县长赵文华主持召开会议,"), "{text}");
    let o = query(&out, &["events", "趙文華", "--evidence", "--json"]);
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["events"][0]["source"]["sentence"], PRINTED);
    let o = query(&out, &["show", "錢立平", "--evidence"]);
    assert!(
        stdout(&o).contains("副縣長錢立平出席會議！"),
        "{}",
        stdout(&o)
    );

    // The HTML page embeds the printed characters too.
    let html = d.path().join("g.html");
    run_ok(&[
        "export",
        out.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        html.to_str().unwrap(),
        "--pages",
        pages.to_str().unwrap(),
    ]);
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(
        h.contains("主持召開會議，"),
        "HTML lacks the printed sentence"
    );
    assert!(
        !h.contains("主持召开会议,"),
        "HTML quotes the normalised text"
    );
    assert!(
        h.contains("平遙縣部署春季造林（二〇一九）"),
        "HTML headline not as printed"
    );
    assert!(
        !h.contains("平遥县部署春季造林"),
        "HTML headline normalised"
    );

    // Without --pages, the pages recorded in sources.json are read, while
    // they are the pages the build read.
    let o = run(&[
        "export",
        out.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("主持召開會議，"), "recorded pages not embedded");
    let p = pages.join("trad.txt");
    let edited = std::fs::read_to_string(&p)
        .unwrap()
        .replace("春季造林工作", "秋季造林工作");
    std::fs::write(&p, edited).unwrap();
    let o = run(&[
        "export",
        out.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning") && e.contains("changed since the build"),
        "{e}"
    );
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(!h.contains("秋季造林工作"), "an edited page was quoted");
}

#[test]
fn evidence_warns_when_a_page_is_missing_or_no_longer_matches() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let p = page(&pages, "trad.txt", TRADITIONAL);
    let out = d.path().join("out");
    build(&[&pages], &out, &["--no-svg"]);

    // The same number of characters, other text: not quoted, and said so.
    std::fs::write(&p, TRADITIONAL.replace("春季", "秋季")).unwrap();
    let o = query(&out, &["events", "赵文华", "--evidence"]);
    let err = stderr(&o);
    assert!(
        err.contains("warning")
            && err.contains("trad.txt")
            && err.contains("changed since the build"),
        "{err}"
    );
    assert!(!stdout(&o).contains("秋季"), "quoted an edited page");

    std::fs::remove_file(&p).unwrap();
    let o = query(&out, &["events", "赵文华", "--evidence"]);
    let err = stderr(&o);
    assert!(
        err.contains("warning") && err.contains("trad.txt") && err.contains("not found"),
        "{err}"
    );
}

#[test]
fn append_with_out_writes_there_and_leaves_the_build_appended_to() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let a = page(&pages, "a.txt", TRADITIONAL);
    let more = d.path().join("more");
    std::fs::create_dir(&more).unwrap();
    let b = page(&more, "b.txt", SIMPLIFIED);
    let base = d.path().join("base");
    build(&[&a], &base, &["--no-svg"]);
    let before = snapshot(&base);

    let other = d.path().join("elsewhere").join("other");
    run_ok(&[
        "build",
        b.to_str().unwrap(),
        "--append",
        base.to_str().unwrap(),
        "--out",
        other.to_str().unwrap(),
        "--no-svg",
    ]);
    assert_eq!(snapshot(&base), before, "--append DIR was changed");
    let full = d.path().join("full");
    build(&[&a, &b], &full, &["--no-svg"]);
    for f in ["graph.json", "mentions.jsonl", "graph.dot"] {
        assert_eq!(
            std::fs::read(other.join(f)).unwrap(),
            std::fs::read(full.join(f)).unwrap(),
            "{f} differs from a full build"
        );
    }
    // Both pages are found from the new directory.
    let o = query(&other, &["events", "趙文華", "--evidence"]);
    assert!(stdout(&o).contains(PRINTED), "{}", stderr(&o));
    let o = query(&other, &["events", "孙明远", "--evidence"]);
    assert!(stdout(&o).contains("调研春耕生产"), "{}", stderr(&o));
}

#[test]
fn append_refuses_a_page_already_in_the_build() {
    let d = tempfile::tempdir().unwrap();
    let one = d.path().join("one");
    let two = d.path().join("two");
    std::fs::create_dir(&one).unwrap();
    std::fs::create_dir(&two).unwrap();
    page(&one, "same.txt", TRADITIONAL);
    let newer = page(&two, "same.txt", SIMPLIFIED);
    let out = d.path().join("out");
    build(&[&one], &out, &["--no-svg"]);
    let before = snapshot(&out);
    let o = run(&[
        "build",
        newer.to_str().unwrap(),
        "--append",
        out.to_str().unwrap(),
        "--no-svg",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&*newer.to_string_lossy())
            && err.contains("already holds a page named same.txt")
            && err.contains("--replace"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before, "a refused append changed the build");
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn append_replace_replaces_and_reports_every_replaced_document() {
    let d = tempfile::tempdir().unwrap();
    let one = d.path().join("one");
    let two = d.path().join("two");
    std::fs::create_dir(&one).unwrap();
    std::fs::create_dir(&two).unwrap();
    page(&one, "a.txt", TRADITIONAL);
    page(&one, "b.txt", SIMPLIFIED);
    page(
        &one,
        "c.txt",
        "5月2日,榆社县县长周正清到云竹镇检查防汛工作。\n",
    );
    let a2 = page(&two, "a.txt", SIMPLIFIED);
    let c2 = page(&two, "c.txt", TRADITIONAL);
    let out = d.path().join("out");
    build(&[&one], &out, &["--no-svg"]);
    let o = run(&[
        "build",
        a2.to_str().unwrap(),
        c2.to_str().unwrap(),
        "--append",
        out.to_str().unwrap(),
        "--replace",
        "--no-svg",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for doc in ["a.txt", "c.txt"] {
        assert!(
            err.contains(&format!("replaced: {doc}")),
            "{doc} not reported: {err}"
        );
    }
    assert!(!err.contains("replaced: b.txt"), "{err}");
    // The build now is what a full build of the pages now in it gives.
    let now = d.path().join("now");
    std::fs::create_dir(&now).unwrap();
    std::fs::copy(&a2, now.join("a.txt")).unwrap();
    std::fs::copy(one.join("b.txt"), now.join("b.txt")).unwrap();
    std::fs::copy(&c2, now.join("c.txt")).unwrap();
    let full = d.path().join("full");
    build(&[&now], &full, &["--no-svg"]);
    assert_eq!(
        std::fs::read(out.join("graph.json")).unwrap(),
        std::fs::read(full.join("graph.json")).unwrap()
    );
    // --replace without --append is refused by the argument parser.
    let o = run(&["build", a2.to_str().unwrap(), "--out", "x", "--replace"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn build_switches_the_output_in_as_one_generation_and_cleans_leftovers() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    page(&pages, "a.txt", TRADITIONAL);
    let out = d.path().join("out");
    build(&[&pages], &out, &["--no-svg"]);
    // What an interrupted run leaves: a staging directory of a process that
    // is gone, a temporary file inside the output directory; and a file of
    // the user's own.
    let stale = d.path().join(".out.govgraph-new-4294967295-0");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("graph.json"), "{").unwrap();
    std::fs::write(out.join(".govgraph-Ab12Cd"), "half").unwrap();
    std::fs::write(out.join("notes.md"), "my notes").unwrap();
    page(&pages, "b.txt", SIMPLIFIED);
    build(&[&pages], &out, &["--no-svg"]);
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "my notes"
    );
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("sources.json")).unwrap()).unwrap();
    assert_eq!(s["documents"].as_object().unwrap().len(), 2);

    // A build that fails leaves the previous set byte for byte, and nothing
    // beside it.
    let before = snapshot(&out);
    std::fs::write(pages.join("c.txt"), b"\x00\x01binary").unwrap();
    let o = run(&[
        "build",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-svg",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));

    // A directory in the output directory cannot be carried over in one
    // step: refused before anything is built.
    std::fs::remove_file(pages.join("c.txt")).unwrap();
    std::fs::create_dir(out.join("mine")).unwrap();
    let o = run(&[
        "build",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-svg",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("mine"), "{}", stderr(&o));
    assert!(out.join("mine").is_dir());
}

#[test]
fn sources_json_holds_no_machine_path() {
    let d = tempfile::tempdir().unwrap();
    let pages = d.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    // Given as an absolute path: still recorded relative to the output.
    let p = page(&pages, "a.txt", TRADITIONAL);
    let out = d.path().join("out");
    build(&[&p], &out, &["--no-svg"]);
    let text = std::fs::read_to_string(out.join("sources.json")).unwrap();
    let home = d.path().to_string_lossy().into_owned();
    assert!(!text.contains(&home), "{text}");
    let s: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(s["documents"]["a.txt"]["relative"], "../pages/a.txt");
    // The committed seed build too: the same file on every machine.
    let committed = std::fs::read_to_string(root().join("output/sources.json")).unwrap();
    let s: Value = serde_json::from_str(&committed).unwrap();
    for (name, entry) in s["documents"].as_object().unwrap() {
        let rel = PathBuf::from(entry["relative"].as_str().unwrap());
        assert!(rel.is_relative(), "{name}: {rel:?}");
        assert!(entry.get("absolute").is_none(), "{name}");
    }
}

#[test]
fn build_killed_at_any_moment_leaves_one_whole_generation() {
    let d = tempfile::tempdir().unwrap();
    let few = d.path().join("few");
    let many = d.path().join("many");
    std::fs::create_dir(&few).unwrap();
    std::fs::create_dir(&many).unwrap();
    page(&few, "a.txt", TRADITIONAL);
    // Enough pages that a build takes a while.
    let counties = ["平遙", "太谷", "榆社", "介休", "祁縣"];
    for i in 0..600 {
        let c = counties[i % counties.len()];
        let text = format!(
            "{m}月{day}日，{c}縣副縣長趙文{i}到第{i}村調研春耕生產。\n{c}縣農業局局長錢立{i}陪同。\n",
            m = i % 12 + 1,
            day = i % 28 + 1,
        )
        .repeat(8);
        page(&many, &format!("p{i:04}.txt"), &text);
    }
    let out = d.path().join("out");
    build(&[&few], &out, &["--no-svg"]);
    let old = snapshot(&out);
    let full = d.path().join("full");
    build(&[&many], &full, &["--no-svg"]);
    let new = snapshot(&full);
    for delay_ms in [50u64, 300, 700, 1200, 1800, 2600] {
        let mut child = std::process::Command::new(bin())
            .args([
                "build",
                many.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--no-svg",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = snapshot(&out);
        // sources.json differs between the two directories only in where
        // the pages are relative to them: compare the rest.
        let strip = |s: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
            s.iter()
                .filter(|(n, _)| n != "sources.json")
                .cloned()
                .collect()
        };
        assert!(
            now == old || strip(&now) == strip(&new),
            "killed after {delay_ms} ms: a mixed set {:?}",
            now.iter().map(|(n, b)| (n, b.len())).collect::<Vec<_>>()
        );
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }
    // The next build removes what the killed ones left beside it.
    build(&[&few], &out, &["--no-svg"]);
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
    assert_eq!(snapshot(&out), old);
}
