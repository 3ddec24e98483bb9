//! Character normalisation: Traditional -> Simplified and full-width ASCII
//! -> half-width, one character for one character so offsets survive.

use std::sync::LazyLock;

/// Traditional -> Simplified for the Basic Multilingual Plane, indexed by
/// code point (0: unchanged). A table rather than a map: every character of
/// every page is looked up, and a hash per character cost a tenth of
/// reading a page. [`ASTRAL`] marks a character whose mapping involves a
/// character beyond the BMP: those are looked up in [`T2S_ASTRAL`].
static T2S_BMP: LazyLock<Box<[u16]>> = LazyLock::new(|| {
    let mut table = vec![0u16; 0x1_0000].into_boxed_slice();
    for (t, s) in t2s_pairs() {
        if let Ok(t) = u16::try_from(t as u32) {
            table[usize::from(t)] = u16::try_from(s as u32).unwrap_or(ASTRAL);
        }
    }
    table
});

/// In [`T2S_BMP`]: look in [`T2S_ASTRAL`] (U+FFFF is a noncharacter, never
/// a mapping's target).
const ASTRAL: u16 = 0xFFFF;

/// Traditional -> Simplified pairs with a character beyond the BMP, sorted.
static T2S_ASTRAL: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut v: Vec<(char, char)> = t2s_pairs()
        .filter(|&(t, s)| t as u32 > 0xFFFF || s as u32 > 0xFFFF)
        .collect();
    v.sort_unstable();
    v
});

fn t2s_pairs() -> impl Iterator<Item = (char, char)> {
    include_str!("../../data/t2s_chars.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t');
            let t = it.next()?.chars().next()?;
            let s = it.next()?.chars().next()?;
            Some((t, s))
        })
}

/// Map one character: full-width ASCII and the ideographic space to ASCII,
/// Traditional characters to Simplified ones.
pub fn normalize_char(c: char) -> char {
    match c {
        '\0'..='\x7F' => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => {
            let mapped = u16::try_from(c as u32).map_or(ASTRAL, |i| T2S_BMP[usize::from(i)]);
            match mapped {
                0 => c,
                ASTRAL => T2S_ASTRAL
                    .binary_search_by_key(&c, |&(t, _)| t)
                    .map_or(c, |i| T2S_ASTRAL[i].1),
                s => char::from_u32(u32::from(s)).unwrap_or(c),
            }
        }
    }
}

/// Normalise a whole text. The result has exactly as many characters as the input.
pub fn normalize(s: &str) -> String {
    // Most characters map to themselves: runs of them are copied as bytes,
    // and only a changed character is encoded anew. ASCII never changes, and
    // a three-byte character (all of CJK) is decoded here and looked up in
    // the table straight away; the rest go through [`normalize_char`].
    let table: &[u16] = &T2S_BMP;
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut at, mut copied) = (0, 0);
    while at < b.len() {
        let lead = b[at];
        if lead < 0x80 {
            at += 1;
            continue;
        }
        if (0xE0..0xF0).contains(&lead) {
            let cp = (usize::from(lead & 0x0F) << 12)
                | (usize::from(b[at + 1] & 0x3F) << 6)
                | usize::from(b[at + 2] & 0x3F);
            let special = (0xFF01..=0xFF5E).contains(&cp) || cp == 0x3000;
            if table[cp] == 0 && !special {
                at += 3;
                continue;
            }
        }
        let c = s[at..].chars().next().unwrap_or_default();
        let n = normalize_char(c);
        if n != c {
            out.push_str(&s[copied..at]);
            out.push(n);
            copied = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    out.push_str(&s[copied..]);
    out
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
    fn normalize_table_holds_every_pair_of_the_data_file() {
        let mut seen = 0;
        for (t, s) in t2s_pairs() {
            assert_eq!(normalize_char(t), s, "{t}");
            seen += 1;
        }
        assert!(seen > 4000);
        // A Simplified character beyond the BMP (U+2B748).
        assert_eq!(normalize("㑮"), "\u{2B748}");
    }

    #[test]
    fn normalize_is_normalize_char_at_every_character() {
        // Changed characters first, last, together and apart, with
        // unchanged runs of every width between them.
        let parts = [
            "劉",
            "１",
            "\u{3000}",
            "㑮",
            "a",
            "县",
            "\u{1F600}",
            "\n",
            "，",
        ];
        let texts = crate::text::texts_of_three(&parts);
        for t in texts {
            let expected: String = t.chars().map(normalize_char).collect();
            assert_eq!(normalize(&t), expected, "{t:?}");
        }
    }

    #[test]
    fn normalize_leaves_simplified_alone() {
        assert_eq!(normalize("著名的于是"), "著名的于是");
    }
}
