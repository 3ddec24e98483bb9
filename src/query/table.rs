//! Plain-text tables for terminals: columns aligned by display width, so
//! Chinese characters (two columns each) line up with ASCII.
//!
//! Long cells are cut to [`MAX_CELL`] columns with `…` (the `--json` output
//! keeps every character); the last column is never cut. A row may carry
//! detail lines (evidence sentences), printed indented below it.

use std::fmt;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The widest a cell is printed, in terminal columns.
pub const MAX_CELL: usize = 40;

/// A table: optional title, header, rows, notes below.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// A line printed above the table.
    pub title: Option<String>,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Lines printed after the table.
    pub notes: Vec<String>,
}

/// A row and the lines printed under it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// One cell per header.
    pub cells: Vec<String>,
    /// Indented lines below the row.
    pub details: Vec<String>,
}

impl Table {
    /// A table with these headers.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            ..Table::default()
        }
    }
    /// Add a row.
    pub fn row(&mut self, cells: Vec<String>) -> &mut Row {
        self.rows.push(Row {
            cells,
            details: Vec::new(),
        });
        self.rows.last_mut().expect("just pushed")
    }
}

/// Rows as CSV for spreadsheets (RFC 4180: comma-separated, CRLF line
/// ends, a field holding a comma, quote or line break quoted with `"`
/// doubled), after a UTF-8 byte-order mark: without it Excel reads UTF-8
/// Chinese as mojibake; LibreOffice, pandas (`encoding="utf-8-sig"`) and
/// Python's csv module read it as a mark.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from('\u{feff}');
    let header: Vec<String> = headers.iter().map(|h| field(h)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `s` cut to at most `max` columns, ending in `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.title {
            writeln!(f, "{t}")?;
        }
        let cols = self.headers.len();
        let cell = |r: &Row, i: usize| -> String {
            let s = clean(r.cells.get(i).map(String::as_str).unwrap_or(""));
            if i + 1 == cols {
                s
            } else {
                clip(&s, MAX_CELL)
            }
        };
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| (0..cols).map(|i| cell(r, i)).collect())
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for r in &body {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.width());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(widths[i] - c.width() + 2));
                }
            }
            writeln!(f, "{}", s.trim_end())
        };
        if cols > 0 {
            line(f, &self.headers)?;
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            line(f, &rule)?;
        }
        for (r, cells) in self.rows.iter().zip(&body) {
            line(f, cells)?;
            for d in &r.details {
                writeln!(f, "    {}", clean(d))?;
            }
        }
        for n in &self.notes {
            writeln!(f, "{n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_csv_quotes_what_needs_it() {
        let text = csv(
            &["a", "b"],
            &[
                vec!["某县,某镇".into(), "说\"好\"".into()],
                vec!["x".into(), String::new()],
            ],
        );
        assert_eq!(
            text,
            "\u{feff}a,b\r\n\"某县,某镇\",\"说\"\"好\"\"\"\r\nx,\r\n"
        );
    }

    #[test]
    fn table_aligns_wide_characters() {
        let mut t = Table::new(&["name", "id"]);
        t.row(vec!["韩秀兰".into(), "person:a".into()]);
        t.row(vec!["Li".into(), "person:b".into()]);
        let s = t.to_string();
        let lines: Vec<&str> = s.lines().collect();
        // The id column starts at the same display column on every line.
        let col = |l: &str| {
            let i = l.find("person").unwrap_or_else(|| l.find("id").unwrap());
            l[..i].width()
        };
        assert_eq!(col(lines[0]), col(lines[2]));
        assert_eq!(col(lines[2]), col(lines[3]));
        assert_eq!(lines[1], "------  --------");
    }

    #[test]
    fn table_clips_long_cells_but_not_the_last() {
        let long = "一".repeat(30);
        let mut t = Table::new(&["a", "b"]);
        t.row(vec![long.clone(), long.clone()])
            .details
            .push("原文\n一句".into());
        let s = t.to_string();
        assert!(s.contains(&format!("{}…", "一".repeat(19))));
        assert!(s.contains(&long));
        assert!(s.contains("    原文 一句"));
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
    }
}
