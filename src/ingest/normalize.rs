//! Character normalisation: Traditional -> Simplified and full-width ASCII
//! -> half-width, one character for one character so offsets survive.

use std::collections::HashMap;
use std::sync::LazyLock;

static T2S: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    include_str!("../../data/t2s_chars.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t');
            let t = it.next()?.chars().next()?;
            let s = it.next()?.chars().next()?;
            Some((t, s))
        })
        .collect()
});

/// Map one character: full-width ASCII and the ideographic space to ASCII,
/// Traditional characters to Simplified ones.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => T2S.get(&c).copied().unwrap_or(c),
    }
}

/// Normalise a whole text. The result has exactly as many characters as the input.
pub fn normalize(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_traditional_keeps_length() {
        let t = "在劉誌華的帶領下，岳陽縣人民醫院";
        let s = normalize(t);
        assert_eq!(s, "在刘志华的带领下,岳阳县人民医院");
        assert_eq!(s.chars().count(), t.chars().count());
    }

    #[test]
    fn normalize_fullwidth_digits() {
        assert_eq!(normalize("１０月２２日（记者）"), "10月22日(记者)");
    }

    #[test]
    fn normalize_leaves_simplified_alone() {
        assert_eq!(normalize("著名的于是"), "著名的于是");
    }
}
