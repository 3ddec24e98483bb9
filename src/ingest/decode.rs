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

/// Why bytes are not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// No bytes, or only whitespace.
    Empty,
    /// NUL bytes or other control bytes: a binary file.
    Binary(usize),
    /// Neither UTF-8 nor GB18030.
    Undecodable,
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeProblem::Empty => f.write_str("empty file"),
            DecodeProblem::Binary(at) => {
                write!(f, "binary data (control byte at byte offset {at})")
            }
            DecodeProblem::Undecodable => {
                f.write_str("invalid text: neither UTF-8, UTF-16 with BOM nor GB18030/GBK")
            }
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
            .ok_or(DecodeProblem::Undecodable)?;
        return check_text(text.into_owned(), Encoding::Utf16);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(at) = body.iter().position(|&b| b == 0) {
        return Err(DecodeProblem::Binary(at));
    }
    match std::str::from_utf8(body) {
        Ok(s) => check_text(s.to_string(), Encoding::Utf8),
        Err(_) => {
            let text = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or(DecodeProblem::Undecodable)?;
            check_text(text.into_owned(), Encoding::Gb18030)
        }
    }
}

fn check_text(text: String, enc: Encoding) -> Result<(String, Encoding), DecodeProblem> {
    if text.trim().is_empty() {
        return Err(DecodeProblem::Empty);
    }
    // Control characters other than tab, newline, carriage return and form feed
    // mean this is not a newspaper page.
    if let Some((at, _)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return Err(DecodeProblem::Binary(at));
    }
    Ok((text, enc))
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
        let (bytes, _, _) = encoding_rs::GBK.encode("县委常委郝淑芳出席会议");
        let (t, e) = decode_bytes(&bytes).unwrap();
        assert_eq!(t, "县委常委郝淑芳出席会议");
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
        assert_eq!(decode_bytes(b"ab\0cd"), Err(DecodeProblem::Binary(2)));
        assert_eq!(decode_bytes(b"  \n"), Err(DecodeProblem::Empty));
        assert_eq!(decode_bytes(b""), Err(DecodeProblem::Empty));
    }

    #[test]
    fn decode_rejects_undecodable() {
        assert_eq!(
            decode_bytes(&[0x81, 0x20, 0xFF, 0xFF, 0x80]),
            Err(DecodeProblem::Undecodable)
        );
    }
}
