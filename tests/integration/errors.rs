//! Bad input: one clear line naming the file and the cause, exit code 2,
//! nothing written.

use crate::util::*;

fn fails(args: &[&str], needle: &str) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "stderr {err:?} lacks {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn errors_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fails(
        &["build", "/no/such/page.txt", "--out", out.to_str().unwrap()],
        "/no/such/page.txt: no such file",
    );
    assert!(!out.exists());
}

#[test]
fn errors_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.txt");
    std::fs::write(&p, [0x7f, b'E', b'L', b'F', 0, 1, 2, 3]).unwrap();
    let out = dir.path().join("out");
    fails(
        &["build", p.to_str().unwrap(), "--out", out.to_str().unwrap()],
        "bin.txt: not a text page",
    );
    assert!(!out.join("graph.json").exists());
}

#[test]
fn errors_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    fails(
        &[
            "build",
            empty.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
        ],
        "holds no .txt file",
    );
}

#[test]
fn errors_failed_build_keeps_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&[&seeds()], &out, &["--no-svg"]);
    let before = std::fs::read(out.join("graph.json")).unwrap();
    let bad = page(dir.path(), "empty.txt", "");
    fails(
        &[
            "build",
            bad.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        "empty.txt: empty file",
    );
    assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), before);
}

#[test]
fn errors_malformed_dict_names_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = page(dir.path(), "my.dict", "韩城镇\tplace\n县融媒体中心\n");
    fails(
        &[
            "build",
            seeds().to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
            "--dict",
            d.to_str().unwrap(),
        ],
        "my.dict:2:",
    );
}
