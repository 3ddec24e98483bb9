//! The rule cases: `src/extract/cases/*.txt` hold sentences written for
//! the tests, each with every mention extract finds in it. The test reads
//! each page, extracts it and compares the whole rendering, so an extra
//! wrong mention fails as surely as a missing one (a snapshot, as
//! rust-analyzer's `expect!` tests are). `UPDATE_EXPECT=1 cargo test`
//! rewrites the files with what extract now finds; review the diff.
//!
//! A case is a line `> page text` (`\n` for a line break), then the
//! rendering; cases are separated by blank lines; `#` lines are comments.

use super::{extract_document, DocMentions};
use crate::ingest::Document;
use crate::resources::Resources;

/// Render every mention of a document, one a line, in a fixed order.
pub fn render(dm: &DocMentions) -> Vec<String> {
    let mut out = Vec::new();
    for a in &dm.articles {
        for p in &a.persons {
            let titles: Vec<&str> = p.titles.iter().map(|t| t.text.as_str()).collect();
            out.push(format!(
                "person {} [{}] {:?}",
                p.name,
                titles.join("|"),
                p.role
            ));
        }
        for p in &a.places {
            if p.in_agency {
                continue;
            }
            out.push(format!("place {} {}", p.text, p.level.as_str()));
        }
        for g in &a.agencies {
            out.push(format!("agency {}", g.text.replace('\n', "")));
        }
        for d in &a.dates {
            out.push(format!(
                "date {:02}-{:02}{}",
                d.month,
                d.day,
                if d.role.is_event() {
                    String::new()
                } else {
                    format!(" {}", d.role.as_str())
                }
            ));
        }
        for e in &a.events {
            let people: Vec<String> = e
                .participants
                .iter()
                .map(|p| format!("{}:{}", a.persons[p.person].name, p.role))
                .collect();
            out.push(format!("event {} [{}]", e.kind, people.join(" ")));
        }
    }
    out
}

/// Parse a case file: (page text, expected rendering).
pub fn parse(text: &str) -> Vec<(String, Vec<String>)> {
    let mut cases: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(page) = line.strip_prefix("> ") {
            cases.push((page.replace("\\n", "\n"), Vec::new()));
        } else if !line.trim().is_empty() {
            if let Some(c) = cases.last_mut() {
                c.1.push(line.to_string());
            }
        }
    }
    cases
}

/// A case file with each case's rendering replaced by `found`.
pub fn write(text: &str, found: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut k = 0;
    let mut in_case = false;
    for line in text.lines() {
        if line.starts_with('#') && !in_case {
            out.push_str(line);
            out.push('\n');
        } else if line.starts_with("> ") {
            out.push_str(line);
            out.push('\n');
            for f in &found[k] {
                out.push_str(f);
                out.push('\n');
            }
            out.push('\n');
            k += 1;
            in_case = true;
        } else if line.trim().is_empty() {
            in_case = false;
        }
    }
    out
}

/// Extract one case's page.
pub fn run(res: &Resources, page: &str) -> Vec<String> {
    let mut text = page.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    render(&extract_document(
        res,
        &Document::from_text("case.txt", &text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn check_file(path: &str, text: &str) {
        let cases = parse(text);
        assert!(!cases.is_empty(), "{path}: no cases");
        let found: Vec<Vec<String>> = cases.iter().map(|(p, _)| run(&RES, p)).collect();
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
            std::fs::write(&full, write(text, &found)).expect("rewrite case file");
            return;
        }
        let mut failures = Vec::new();
        for ((page, want), got) in cases.iter().zip(&found) {
            if want != got {
                failures.push(format!(
                    "> {}\n  expected:\n    {}\n  found:\n    {}",
                    page.replace('\n', "\\n"),
                    want.join("\n    "),
                    got.join("\n    ")
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{path}: {} of {} cases differ (UPDATE_EXPECT=1 rewrites the file):\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn cases_people() {
        check_file(
            "src/extract/cases/people.txt",
            include_str!("cases/people.txt"),
        );
    }

    #[test]
    fn cases_places() {
        check_file(
            "src/extract/cases/places.txt",
            include_str!("cases/places.txt"),
        );
    }

    #[test]
    fn cases_agencies() {
        check_file(
            "src/extract/cases/agencies.txt",
            include_str!("cases/agencies.txt"),
        );
    }

    #[test]
    fn cases_dates_and_events() {
        check_file(
            "src/extract/cases/events.txt",
            include_str!("cases/events.txt"),
        );
    }

    #[test]
    fn cases_file_round_trips() {
        let text = "# c\n> 甲\nperson 甲 [] Other\n\n> 乙\n\n";
        let cases = parse(text);
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].1, ["person 甲 [] Other"]);
        let found: Vec<Vec<String>> = cases.iter().map(|c| c.1.clone()).collect();
        assert_eq!(parse(&write(text, &found)), cases);
    }
}
