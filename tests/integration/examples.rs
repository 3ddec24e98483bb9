//! Every example command in README.md and in `--help` runs against the
//! committed seed graph (`output/`) and the seed pages, and exits 0; where
//! README.md shows a command's output (`$ govgraph ...` in a text block),
//! the output printed is the one shown.
//!
//! The commands run in a scratch directory holding copies of `output/` and
//! `seeds/`, so an example that writes (`build seeds --out output`, `export
//! ... --out graph.svg`) changes nothing in the repository. A synopsis line
//! (placeholders: `<INPUT>`, `[--type T]`, `ENTITY`, `A B`) is no example;
//! a command over pages kept outside the repository (`../shared`) or over a
//! generated corpus is named in the list of skipped lines, which is checked
//! too, so a new example cannot be skipped by accident.

use crate::util::*;
use std::path::Path;

/// Split a shell command line into words: spaces separate, '...' and "..."
/// quote, `#` starts a comment (as in the README's blocks).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '#') if !started && cur.is_empty() => break,
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

/// Why a README line that calls govgraph is not run, if it is not.
fn skip_reason(args: &[String]) -> Option<&'static str> {
    let placeholder = |w: &String| {
        w.contains('<')
            || w.contains('[')
            || w.contains("...")
            || w.contains('|')
            || w.contains('*')
            // PAGES, part-I, I/N: a word or a part of one in capitals.
            || w
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
    };
    if args.iter().any(placeholder) {
        Some("synopsis")
    } else if args.iter().any(|w| w.contains("shared/")) {
        Some("pages kept outside the repository")
    } else if args.iter().any(|w| w.starts_with("/tmp/corpus")) {
        Some("a generated corpus")
    } else if args.iter().any(|w| w == "--first-seen")
        || (args.first().is_some_and(|w| w == "dist")
            && args.get(1).is_some_and(|w| w == "csv" || w == "assemble"))
    {
        // Their inputs come from the job's shuffle, which README shows
        // done by hand; tests/integration/dist.rs and
        // scripts/spark_check.sh run the whole partitioned build.
        Some("a partitioned build's shuffle")
    } else {
        None
    }
}

/// A command found in README.md or `--help`: its words after `govgraph`,
/// and the output shown with it, if any.
#[derive(Debug)]
struct Example {
    line: String,
    args: Vec<String>,
    shown: Option<String>,
}

/// The govgraph commands of README.md's code blocks.
fn readme_examples() -> Vec<Example> {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut shown: Option<(usize, String)> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            if let Some((i, s)) = shown.take() {
                out[i].shown = Some(s);
            }
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        let cmd = line.trim().trim_start_matches("$ ");
        let w = words(cmd);
        let at = w
            .iter()
            .position(|x| x == "govgraph" || x.ends_with("target/release/govgraph"));
        let is_cmd = at.is_some_and(|i| i == 0 || w[0] == "/usr/bin/time");
        if is_cmd {
            if let Some((i, s)) = shown.take() {
                out[i].shown = Some(s);
            }
            out.push(Example {
                line: line.to_string(),
                args: w[at.unwrap() + 1..].to_vec(),
                shown: None,
            });
            if line.starts_with("$ ") {
                shown = Some((out.len() - 1, String::new()));
            }
        } else if let Some((_, s)) = shown.as_mut() {
            s.push_str(line);
            s.push('\n');
        }
    }
    out
}

/// The example commands of `govgraph --help` and every subcommand's help.
fn help_examples() -> Vec<Example> {
    let mut helps = vec![vec!["--help"]];
    for sub in ["build", "extract", "merge", "query", "export", "tag"] {
        helps.push(vec![sub, "--help"]);
    }
    for q in [
        "find",
        "people",
        "show",
        "neighbors",
        "path",
        "events",
        "coattend",
        "rank",
        "stats",
    ] {
        helps.push(vec!["query", "output", q, "--help"]);
    }
    let mut out = Vec::new();
    for h in helps {
        let text = run_ok(&h);
        for line in text.lines() {
            let l = line.trim().trim_start_matches("Example:").trim();
            let w = words(l);
            if w.first().is_some_and(|x| x == "govgraph") && w.len() > 1 {
                out.push(Example {
                    line: format!("{} ({})", l, h.join(" ")),
                    args: w[1..].to_vec(),
                    shown: None,
                });
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A scratch directory with copies of the seed pages and the seed graph.
fn scratch() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&root().join("output"), &d.path().join("output"));
    copy_dir(&root().join("seeds"), &d.path().join("seeds"));
    std::fs::create_dir_all(d.path().join("docs")).unwrap();
    d
}

/// Run one example in `dir`; `/tmp/...` outputs go inside `dir` too.
fn run_example(dir: &Path, ex: &Example) -> std::process::Output {
    let args: Vec<String> = ex
        .args
        .iter()
        .map(|a| match a.strip_prefix("/tmp/") {
            Some(rest) => dir.join(rest).display().to_string(),
            None => a.clone(),
        })
        .collect();
    std::process::Command::new(bin())
        .args(&args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn run_all(examples: &[Example], dir: &Path) -> (usize, Vec<String>) {
    let mut ran = 0;
    let mut failures = Vec::new();
    for ex in examples {
        if skip_reason(&ex.args).is_some() {
            continue;
        }
        let out = run_example(dir, ex);
        ran += 1;
        if !out.status.success() {
            failures.push(format!(
                "{}: exit {:?}: {}",
                ex.line,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            continue;
        }
        if let Some(shown) = &ex.shown {
            // CSV answers end their lines in CRLF; README.md in LF.
            // Outputs written to /tmp/... went inside `dir`; say /tmp again.
            let got = String::from_utf8_lossy(&out.stdout)
                .replace("\r\n", "\n")
                .replace(&format!("{}/", dir.display()), "/tmp/");
            if got.trim_end() != shown.trim_end() {
                failures.push(format!(
                    "{}: prints\n{got}\nbut README.md shows\n{shown}",
                    ex.line
                ));
            }
        }
    }
    (ran, failures)
}

#[test]
fn examples_readme_commands_run_on_the_seed_graph() {
    let examples = readme_examples();
    let skipped: Vec<(&str, &'static str)> = examples
        .iter()
        .filter_map(|e| skip_reason(&e.args).map(|r| (e.line.trim(), r)))
        .collect();
    // Every line skipped for another reason than being a synopsis is one
    // of these (a new example over outside pages must be added here).
    for (line, why) in &skipped {
        if *why != "synopsis" {
            assert!(
                line.contains("../shared")
                    || line.contains("/work/shared")
                    || line.contains("/tmp/corpus")
                    || *why == "a partitioned build's shuffle",
                "skipped without a listed reason ({why}): {line}"
            );
        }
    }
    let d = scratch();
    let (ran, failures) = run_all(&examples, d.path());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let shown = examples.iter().filter(|e| e.shown.is_some()).count();
    eprintln!(
        "README.md: {ran} commands run, {shown} outputs compared, {} synopsis or outside lines skipped",
        skipped.len()
    );
    assert!(ran >= 15, "only {ran} README commands found");
    assert!(shown >= 2, "only {shown} README outputs compared");
}

#[test]
fn examples_help_commands_run_on_the_seed_graph() {
    let examples = help_examples();
    let d = scratch();
    let (ran, failures) = run_all(&examples, d.path());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!("--help: {ran} example commands run");
    assert!(ran >= 15, "only {ran} --help examples found");
}

#[test]
fn examples_words_split_like_a_shell() {
    assert_eq!(
        words("govgraph query output show ''   # empty"),
        ["govgraph", "query", "output", "show", ""]
    );
    assert_eq!(words("a \"b c\" d#e"), ["a", "b c", "d#e"]);
    let synopsis = words("govgraph query output neighbors ENTITY [--depth N]");
    assert_eq!(skip_reason(&synopsis), Some("synopsis"));
    assert_eq!(skip_reason(&words("govgraph query output stats")), None);
}
