//! JSON values written by hand, byte for byte as serde_json writes them:
//! for the large line-per-record outputs (graph.json, shard lines), where
//! serde_json's byte-by-byte escape loop and its per-field calls cost more
//! than the rest of writing them.

/// A JSON string. Most strings (ids, names, mention texts) need no escape:
/// those are copied between quotes; the others go through serde_json, so
/// the bytes are serde_json's either way.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// True when JSON escapes a byte of `b` (control characters, `"`, `\\`),
/// checked eight bytes at a time.
fn needs_escape(b: &[u8]) -> bool {
    let escaped = |x: u8| x < 0x20 || x == b'"' || x == b'\\';
    crate::text::any_byte(b, 0x20, [b'"', b'\\'], escaped)
}

/// A whole number.
pub(crate) fn put_uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A signed number.
pub(crate) fn put_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A number, or `null`.
pub(crate) fn put_opt_int(out: &mut Vec<u8>, n: Option<i64>) {
    match n {
        Some(n) => put_int(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// `"key":` (keys are plain ASCII words, never escaped).
pub(crate) fn put_key(out: &mut Vec<u8>, key: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_written_by_hand_are_serde_json_s() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "person:县委常委韩秀兰".into(),
            "page_000123.txt".into(),
            "“四水同治”水利服务站".into(),
            "a\"quote".into(),
            "back\\slash".into(),
            "tab\there".into(),
            "line\nbreak\r".into(),
            "\u{7}bell\u{1f}".into(),
            "del\u{7f} is no escape".into(),
        ];
        // An escape at every place of a block and just past it.
        for at in [0, 1, 30, 31, 32, 33, 63, 64, 65] {
            let mut s = "某".repeat(30);
            s.insert(at.min(s.len() / 3) * 3, '"');
            cases.push(s);
            let mut b: String = "x".repeat(70);
            b.replace_range(at..at + 1, "\\");
            cases.push(b);
        }
        for s in &cases {
            let mut out = Vec::new();
            put_str(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        // Every byte value at every place of the words and the tail.
        for len in [1usize, 7, 8, 9, 17] {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = byte;
                    let want = byte < 0x20 || byte == b'"' || byte == b'\\';
                    assert_eq!(needs_escape(&b), want, "{len} {at} {byte}");
                }
            }
        }
        for n in [0usize, 7, 10, 12345, usize::MAX] {
            let mut out = Vec::new();
            put_uint(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn signed_and_missing_numbers_are_serde_json_s() {
        for n in [0i64, 7, -1, -2024, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            put_opt_int(&mut out, Some(n));
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
        let mut out = Vec::new();
        put_opt_int(&mut out, None);
        assert_eq!(out, b"null");
        let mut out = Vec::new();
        put_uint(&mut out, usize::MAX);
        assert_eq!(out, serde_json::to_vec(&usize::MAX).unwrap());
    }
}
