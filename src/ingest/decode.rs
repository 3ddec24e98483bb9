//! Byte decoding: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK.

use std::fmt;

/// The encoding a page was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// UTF-16 little or big endian, with BOM.
    Utf16,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Gb18030 => "GB18030",
        })
    }
}

/// Longest line govgraph reads, in characters.
///
/// Extraction works line by line and article by article, and several of its
/// steps grow faster than the length of a line, so a 100 MB line would take
/// hours. No newspaper paragraph comes near this (the seed pages' longest
/// line has about 600 characters; a whole page printed without a single line
/// break has some 20 000), so a longer line means the file is not a page: it
/// is refused with its line number rather than read for hours.
pub const MAX_LINE_CHARS: usize = 100_000;

/// Why bytes are not a page. Positions name the 1-based line and, for raw
/// bytes, the byte offset from the start of the file (BOM included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// No bytes, or only whitespace.
    Empty,
    /// A NUL byte: a binary file (or UTF-16 without a BOM).
    Nul {
        /// Byte offset in the file.
        offset: usize,
        /// Line it is on.
        line: usize,
    },
    /// A control character other than tab, line feed, carriage return and
    /// form feed: not a newspaper page.
    Control {
        /// The character.
        ch: char,
        /// Line it is on.
        line: usize,
    },
    /// Mostly UTF-8, with a broken byte sequence.
    BadUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Line it is on.
        line: usize,
    },
    /// A UTF-16 byte-order mark followed by bytes that are not UTF-16.
    BadUtf16,
    /// Neither UTF-8 nor GB18030.
    Undecodable {
        /// Byte offset where the bytes stop being UTF-8.
        offset: usize,
        /// Line it is on.
        line: usize,
    },
    /// A line longer than [`MAX_LINE_CHARS`].
    LineTooLong {
        /// The line.
        line: usize,
        /// Its length in characters.
        chars: usize,
    },
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeProblem::Empty => f.write_str("empty file"),
            DecodeProblem::Nul { offset, line } => write!(
                f,
                "binary data: NUL byte at byte offset {offset} (line {line})"
            ),
            DecodeProblem::Control { ch, line } => write!(
                f,
                "binary data: control character U+{:04X} on line {line}",
                *ch as u32
            ),
            DecodeProblem::BadUtf8 { offset, line } => write!(
                f,
                "corrupt UTF-8: invalid byte sequence at byte offset {offset} (line {line})"
            ),
            DecodeProblem::BadUtf16 => f.write_str(
                "invalid UTF-16: a byte-order mark followed by bytes that are not UTF-16",
            ),
            DecodeProblem::Undecodable { offset, line } => write!(
                f,
                "unknown encoding: not UTF-8 (invalid byte at byte offset {offset}, line {line}), \
                 not UTF-16 with BOM, not GB18030/GBK"
            ),
            DecodeProblem::LineTooLong { line, chars } => write!(
                f,
                "line {line} has {chars} characters, more than the {MAX_LINE_CHARS} \
                 govgraph reads in one line (no newspaper paragraph is that long)"
            ),
        }
    }
}

/// Decode a page. The BOM is dropped, so offsets count from the first
/// character after it.
pub fn decode_bytes(bytes: &[u8]) -> Result<(String, Encoding), DecodeProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .ok_or(DecodeProblem::BadUtf16)?;
        return check_text(text.into_owned(), Encoding::Utf16);
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    if let Some(at) = memchr::memchr(0, body) {
        return Err(DecodeProblem::Nul {
            offset: bom + at,
            line: line_of_byte(body, at),
        });
    }
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
        return check_text(s.to_string(), Encoding::Utf8);
    }
    match std::str::from_utf8(body) {
        Ok(s) => check_text(s.to_string(), Encoding::Utf8),
        Err(utf8) => {
            let at = utf8.valid_up_to();
            let (offset, line) = (bom + at, line_of_byte(body, at));
            if bom > 0 || mostly_utf8(body) {
                return Err(DecodeProblem::BadUtf8 { offset, line });
            }
            let text = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or(DecodeProblem::Undecodable { offset, line })?;
            check_text(text.into_owned(), Encoding::Gb18030)
        }
    }
}

/// 1-based line of a byte offset (every supported single-byte-compatible
/// encoding writes a line feed as the byte 0x0A).
fn line_of_byte(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

/// True when at least nine in ten non-ASCII bytes form valid UTF-8
/// characters: a UTF-8 page with a few broken bytes, reported as such
/// rather than as an unknown encoding. GBK text runs far below this (about
/// one in three of its bytes happen to pair into UTF-8 characters).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    good >= 9 * bad
}

fn check_text(text: String, enc: Encoding) -> Result<(String, Encoding), DecodeProblem> {
    if text.trim().is_empty() {
        return Err(DecodeProblem::Empty);
    }
    // Nearly every page passes: one look at its bytes (and none at its line
    // lengths when the whole page is shorter than a line may be) clears it.
    if text.len() <= MAX_LINE_CHARS
        && !crate::text::any_byte(text.as_bytes(), 0x20, [0x7F, 0xC2], control_byte)
    {
        return Ok((text, enc));
    }
    // Control characters other than tab, newline, carriage return and form
    // feed mean this is not a newspaper page. The first fault in reading
    // order is reported: a control character within the first
    // MAX_LINE_CHARS + 1 characters of its line, else the line's length.
    for (i, l) in text.split('\n').enumerate() {
        let line = i + 1;
        if let Some((at, ch)) = first_control(l) {
            if l[..at].chars().count() <= MAX_LINE_CHARS {
                return Err(DecodeProblem::Control { ch, line });
            }
        }
        // A line has at least as many bytes as characters.
        if l.len() > MAX_LINE_CHARS {
            let chars = l.chars().count();
            if chars > MAX_LINE_CHARS {
                return Err(DecodeProblem::LineTooLong { line, chars });
            }
        }
    }
    Ok((text, enc))
}

/// The first control character of a line other than tab, carriage return
/// and form feed, with its byte offset. Read by bytes: the C0 controls and
/// DEL are single bytes, the C1 controls (U+0080..U+009F) the two bytes
/// C2 80..C2 9F; no other character's encoding contains those bytes.
fn first_control(line: &str) -> Option<(usize, char)> {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&x| control_byte(x)) {
        let at = i + k;
        if b[at] != 0xC2 || b.get(at + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) {
            return line[at..].chars().next().map(|c| (at, c));
        }
        i = at + 1;
    }
    None
}

/// A byte that may start a control character other than tab, line feed,
/// carriage return and form feed (see [`first_control`]).
fn control_byte(x: u8) -> bool {
    (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C)) || x == 0x7F || x == 0xC2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_utf8_with_bom() {
        let (t, e) = decode_bytes("\u{FEFF}沁县".as_bytes()).unwrap();
        assert_eq!(t, "沁县");
        assert_eq!(e, Encoding::Utf8);
    }

    #[test]
    fn decode_gbk_page() {
        let (bytes, _, _) = encoding_rs::GBK.encode("县委常委韩秀兰出席会议");
        let (t, e) = decode_bytes(&bytes).unwrap();
        assert_eq!(t, "县委常委韩秀兰出席会议");
        assert_eq!(e, Encoding::Gb18030);
    }

    #[test]
    fn decode_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "定昌镇".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_bytes(&bytes).unwrap().0, "定昌镇");
    }

    #[test]
    fn decode_rejects_binary_and_empty() {
        assert_eq!(
            decode_bytes(b"ab\ncd\0"),
            Err(DecodeProblem::Nul { offset: 5, line: 2 })
        );
        assert_eq!(decode_bytes(b"  \n"), Err(DecodeProblem::Empty));
        assert_eq!(decode_bytes(b""), Err(DecodeProblem::Empty));
        assert_eq!(
            decode_bytes(b"a\nb\nc\x07"),
            Err(DecodeProblem::Control {
                ch: '\x07',
                line: 3
            })
        );
    }

    #[test]
    fn decode_nul_offset_counts_the_bom() {
        assert_eq!(
            decode_bytes(b"\xEF\xBB\xBFab\0"),
            Err(DecodeProblem::Nul { offset: 5, line: 1 })
        );
    }

    #[test]
    fn decode_rejects_undecodable() {
        assert_eq!(
            decode_bytes(&[b'a', b'\n', 0x81, 0x20, 0xFF, 0xFF, 0x80]),
            Err(DecodeProblem::Undecodable { offset: 2, line: 2 })
        );
    }

    #[test]
    fn decode_names_corrupt_utf8() {
        let mut bytes = "县委常委韩秀兰出席会议\n定昌镇".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("柳树村".as_bytes());
        let at = "县委常委韩秀兰出席会议\n定昌镇".len();
        assert_eq!(
            decode_bytes(&bytes),
            Err(DecodeProblem::BadUtf8 {
                offset: at,
                line: 2
            })
        );
    }

    #[test]
    fn decode_rejects_bad_utf16() {
        // A lone high surrogate.
        assert_eq!(
            decode_bytes(&[0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8]),
            Err(DecodeProblem::BadUtf16)
        );
    }

    #[test]
    fn decode_refuses_overlong_line() {
        let mut text = "短行\n".to_string();
        text.push_str(&"会".repeat(MAX_LINE_CHARS + 5));
        text.push_str("\n结尾\n");
        assert_eq!(
            decode_bytes(text.as_bytes()),
            Err(DecodeProblem::LineTooLong {
                line: 2,
                chars: MAX_LINE_CHARS + 5
            })
        );
        let ok = "会".repeat(MAX_LINE_CHARS);
        assert!(decode_bytes(ok.as_bytes()).is_ok());
    }

    #[test]
    fn decode_finds_c1_controls_and_allows_tab_cr_and_form_feed() {
        assert_eq!(
            decode_bytes("定昌镇\n柳\u{85}树村".as_bytes()),
            Err(DecodeProblem::Control {
                ch: '\u{85}',
                line: 2
            })
        );
        assert_eq!(
            decode_bytes("a\x7F".as_bytes()),
            Err(DecodeProblem::Control {
                ch: '\x7F',
                line: 1
            })
        );
        // Â (C2 A0..) and other characters led by byte C2 are text.
        assert!(decode_bytes("\u{A0}定昌镇\t柳树村\r\n\x0C结尾 é".as_bytes()).is_ok());
    }

    #[test]
    fn decode_reports_the_first_fault_of_a_long_line_in_reading_order() {
        // A control character early in an over-long line is reported…
        let mut early = "会".repeat(10);
        early.push('\x01');
        early.push_str(&"会".repeat(MAX_LINE_CHARS));
        assert_eq!(
            decode_bytes(early.as_bytes()),
            Err(DecodeProblem::Control {
                ch: '\x01',
                line: 1
            })
        );
        // … one past the length limit is not reached: the length is.
        let mut late = "会".repeat(MAX_LINE_CHARS + 1);
        late.push('\x01');
        assert_eq!(
            decode_bytes(late.as_bytes()),
            Err(DecodeProblem::LineTooLong {
                line: 1,
                chars: MAX_LINE_CHARS + 2
            })
        );
    }
}
