//! Closed lexical classes, one table each under `data/`: level characters
//! (`level_chars.tsv`), numerals (`numerals.txt`), pointing characters
//! (`deixis.txt`) and the characters of transliterated names
//! (`translit_chars.txt`). Every rule that asks "is this a level word?" asks here,
//! so a linguist extends the class in one place.

use super::gazetteer::Level;
use std::sync::LazyLock;

static LEVEL_CHARS: LazyLock<Vec<(char, Level)>> = LazyLock::new(|| {
    table(include_str!("../../data/level_chars.tsv"))
        .map(|(c, level)| {
            let level = match level {
                "province" => Level::Province,
                "city" => Level::City,
                "county" => Level::County,
                "township" => Level::Township,
                "village" => Level::Village,
                other => panic!("data/level_chars.tsv: unknown level {other:?}"),
            };
            (c, level)
        })
        .collect()
});
/// Ordinary words made of level characters (乡镇, 乡村), from
/// `data/level_compounds.txt`.
static LEVEL_COMPOUNDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon::word_lines(include_str!("../../data/level_compounds.txt")).collect()
});
static NUMERALS: LazyLock<Vec<char>> =
    LazyLock::new(|| chars(include_str!("../../data/numerals.txt")));
static DEIXIS: LazyLock<Vec<char>> = LazyLock::new(|| chars(include_str!("../../data/deixis.txt")));
static TRANSLIT: LazyLock<std::collections::HashSet<char>> = LazyLock::new(|| {
    include_str!("../../data/translit_chars.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
});

/// `char<TAB>value` lines, `#` comments skipped.
/// Characters that end a noun: `(c, also_last)` — `also_last` when the
/// character rarely ends a given name either.
static NOUN_TAILS: LazyLock<Vec<(char, bool)>> = LazyLock::new(|| {
    table(include_str!("../../data/noun_tails.tsv"))
        .map(|(c, w)| match w {
            "both" => (c, true),
            "after" => (c, false),
            other => panic!("data/noun_tails.tsv: unknown position {other:?}"),
        })
        .collect()
});

fn table(text: &'static str) -> impl Iterator<Item = (char, &'static str)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (c, v) = l.split_once('\t')?;
            let mut cs = c.chars();
            Some((cs.next()?, v.trim()))
        })
}

/// One character a line, `#` comments skipped.
fn chars(text: &str) -> Vec<char> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.chars().next())
        .collect()
}

/// The level a level character names (县 → county), if it is one.
pub fn level_of_char(c: char) -> Option<Level> {
    LEVEL_CHARS.iter().find(|(x, _)| *x == c).map(|(_, l)| *l)
}

/// Is `c` a level character of a division above the village (省 … 乡)?
pub fn is_division_level_char(c: char) -> bool {
    level_of_char(c).is_some_and(|l| l != Level::Village)
}

/// The level characters of divisions above the village (省 市 州 盟 县 区 旗
/// 镇 乡), in table order.
pub fn division_level_chars() -> Vec<char> {
    LEVEL_CHARS
        .iter()
        .filter(|(_, l)| *l != Level::Village)
        .map(|(c, _)| *c)
        .collect()
}

/// Is `c` a level character, village (村) included?
pub fn is_level_char(c: char) -> bool {
    level_of_char(c).is_some()
}

/// Is `word` an ordinary word made of level characters (乡镇, 城区,
/// 小城镇)?
pub fn is_level_compound(word: &str) -> bool {
    LEVEL_COMPOUNDS.contains(&word)
}

/// Does `name` start with an ordinary word made only of level characters
/// (乡镇党委, 乡村振兴局), so that its first character names no level of
/// its own? Words with other characters are left out: 县城 in 县城北城区 is
/// 县|城北城区 as often as it is 县城.
pub fn starts_with_level_compound(name: &str) -> bool {
    LEVEL_COMPOUNDS
        .iter()
        .any(|w| w.chars().all(is_level_char) && name.starts_with(w))
}

/// Is `c` a Chinese numeral character (一, 十, 〇, 两 …)?
pub fn is_numeral(c: char) -> bool {
    NUMERALS.contains(&c)
}

/// Is `c` a pointing character (我, 该, 本, 全) that makes 我县 the page's own place?
pub fn is_deixis(c: char) -> bool {
    DEIXIS.contains(&c)
}

/// Is `c` a character that transliterates minority and foreign names
/// (扎, 西, 买, 提, 巴, 图 …)?
pub fn is_translit(c: char) -> bool {
    TRANSLIT.contains(&c)
}

/// Is `c` a character that, printed right after a name-like run, makes
/// the run the head of a longer noun (某某村, 某某奖)?
pub fn is_noun_tail_after(c: char) -> bool {
    NOUN_TAILS.iter().any(|&(t, _)| t == c)
}

/// Is `c` a character that, as the last of a name-like run, makes it a
/// noun and not a name (某家巷, 某坡段)?
pub fn is_noun_tail_last(c: char) -> bool {
    NOUN_TAILS.iter().any(|&(t, last)| t == c && last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_levels() {
        assert_eq!(level_of_char('县'), Some(Level::County));
        assert_eq!(level_of_char('旗'), Some(Level::County));
        assert_eq!(level_of_char('村'), Some(Level::Village));
        assert_eq!(level_of_char('局'), None);
        assert!(is_division_level_char('乡'));
        assert!(!is_division_level_char('村'));
        assert!(is_level_char('村'));
    }

    #[test]
    fn classes_numerals_and_deixis() {
        assert!("〇一二两十百".chars().all(is_numeral));
        assert!(!is_numeral('第'));
        assert!(is_deixis('该') && is_deixis('我'));
        assert!(!is_deixis('县'));
        assert!("扎西买提巴图".chars().all(is_translit));
        assert!(!is_translit('县'));
    }

    #[test]
    fn classes_words_of_level_characters() {
        assert!(is_level_compound("乡镇") && is_level_compound("县城"));
        assert!(!is_level_compound("县委"));
        assert!(starts_with_level_compound("乡镇党委"));
        assert!(starts_with_level_compound("乡村振兴局"));
        // 县城 holds a character that is no level word: 县|城北城区 stays possible.
        assert!(!starts_with_level_compound("县城北城区服务中心"));
        assert!(!starts_with_level_compound("镇党委"));
    }

    #[test]
    fn classes_noun_tails() {
        assert!(is_noun_tail_after('村') && is_noun_tail_last('村'));
        assert!(is_noun_tail_after('山') && !is_noun_tail_last('山'));
        assert!(!is_noun_tail_after('说'));
    }
}
