//! Surnames and the shape of a Chinese personal name.

use crate::text::is_han;
use std::collections::HashSet;
use std::sync::LazyLock;

static SURNAMES: LazyLock<Surnames> =
    LazyLock::new(|| Surnames::parse(include_str!("../../data/surnames.txt")));
static AMBIGUOUS: LazyLock<HashSet<char>> = LazyLock::new(|| {
    include_str!("../../data/ambiguous_surnames.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.chars().next())
        .collect()
});

/// Is `c` a surname that is far more often an ordinary word (全, 和, 向)?
/// (`data/ambiguous_surnames.txt`)
pub fn is_ambiguous_surname(c: char) -> bool {
    AMBIGUOUS.contains(&c)
}

/// Single-character and compound surnames.
#[derive(Debug, Clone, Default)]
pub struct Surnames {
    single: HashSet<char>,
    compound: HashSet<String>,
}

impl Surnames {
    /// Parse one surname a line; `#` starts a comment.
    pub fn parse(text: &str) -> Self {
        let mut s = Surnames::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut chars = line.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    s.single.insert(c);
                }
                (Some(_), Some(_)) => {
                    s.compound.insert(line.to_string());
                }
                _ => {}
            }
        }
        s
    }

    /// The built-in list.
    pub fn builtin() -> &'static Surnames {
        &SURNAMES
    }

    /// The single-character surnames, in no particular order.
    pub fn singles(&self) -> impl Iterator<Item = char> + '_ {
        self.single.iter().copied()
    }

    /// The compound (two-character) surnames, in no particular order.
    pub fn compounds(&self) -> impl Iterator<Item = &str> {
        self.compound.iter().map(String::as_str)
    }

    /// Length in characters of the surname that `chars` starts with, if any
    /// (compound surnames first).
    pub fn surname_len(&self, chars: &[char]) -> Option<usize> {
        if chars.len() >= 2 {
            let two: String = chars[..2].iter().collect();
            if self.compound.contains(&two) {
                return Some(2);
            }
        }
        chars.first().filter(|c| self.single.contains(c)).map(|_| 1)
    }
}

/// Characters that never occur in a given name but often follow or end words
/// that merely start with a surname character.
const NOT_IN_GIVEN_NAME: &str = "某的了在是和与及等县市区镇乡村局委会部省厅处科院所站队组办司";

/// Does `s` look like a personal name: a surname then one or two given-name
/// characters, all Han, no placeholder 某?
pub fn looks_like_name(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    if !chars.iter().all(|&c| is_han(c)) {
        return false;
    }
    let Some(sl) = SURNAMES.surname_len(&chars) else {
        return false;
    };
    let given = &chars[sl..];
    (1..=2).contains(&given.len()) && !given.iter().any(|c| NOT_IN_GIVEN_NAME.contains(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ambiguous_surnames_are_surnames() {
        for c in include_str!("../../data/ambiguous_surnames.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.chars().next())
        {
            assert!(is_ambiguous_surname(c));
            assert_eq!(
                SURNAMES.surname_len(&[c]),
                Some(1),
                "{c} is in no surname list"
            );
        }
        assert!(!is_ambiguous_surname('王'));
    }

    #[test]
    fn names_shapes() {
        assert!(looks_like_name("韩秀兰"));
        assert!(looks_like_name("宋娟"));
        assert!(looks_like_name("欧阳修"));
        assert!(!looks_like_name("马某"));
        assert!(!looks_like_name("新闻时评"));
        assert!(!looks_like_name("王"));
        assert!(!looks_like_name("高新区"));
    }
}
