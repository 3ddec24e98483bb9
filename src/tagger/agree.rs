//! One page, one reading of a name: after every line of a page is tagged,
//! a string the tagger took for a person in one line is taken for a person
//! where it recurs untagged in the page's other lines.
//!
//! Why: a news article names its people several times, often once with a
//! cue (a title before the name, 说 after it) and then bare; the bare
//! mentions are what the tagger misses most (dev: of its missed people,
//! about a third recur tagged elsewhere in the article). Only people are
//! spread, and only strings of two to four Han characters tagged as a
//! person more often than as anything else in the page.

use std::collections::HashMap;

/// A span as the decoder gives it: `[start, end)` in characters, type id.
pub type Span = (usize, usize, u8);

/// The type id of a person (see [`super::decode::TAG_NAMES`]).
const PER: u8 = 0;

/// Spread a page's people: `lines` the page's lines (characters), `spans`
/// each line's spans, in order, changed in place (kept sorted by start).
pub fn spread_people(lines: &[Vec<char>], spans: &mut [Vec<Span>]) {
    spread(lines, spans, &[(PER, 4)]);
}

/// Spread the strings of each `(type, longest)` of `types`: a string of
/// two to `longest` Han characters tagged as that type more often than as
/// any other is tagged so where it recurs in the page untagged.
pub fn spread(lines: &[Vec<char>], spans: &mut [Vec<Span>], types: &[(u8, usize)]) {
    // Votes per string: how often it is tagged as each type.
    let mut votes: HashMap<&[char], [u32; 3]> = HashMap::new();
    for (chars, ss) in lines.iter().zip(spans.iter()) {
        for &(s, e, t) in ss.iter() {
            votes.entry(&chars[s..e]).or_default()[usize::from(t.min(2))] += 1;
        }
    }
    let mut names: Vec<(&[char], u8)> = votes
        .iter()
        .filter_map(|(k, v)| {
            let &(t, longest) = types.iter().find(|&&(t, _)| {
                let t = usize::from(t);
                2 * v[t] > v.iter().sum::<u32>()
            })?;
            // X氏 is read as the surname X and a suffix (杜氏: 杜 is the
            // name), so it is never spread over a tagged X.
            ((2..=longest).contains(&k.len())
                && k.iter().all(|&c| crate::text::is_han(c))
                && k.last() != Some(&'氏'))
            .then_some((*k, t))
        })
        .collect();
    if names.is_empty() {
        return;
    }
    // Longest first, then by characters: the same result in any order.
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    // By first character: a line's characters look up only their own.
    let mut by_first: HashMap<char, Vec<(&[char], u8)>> = HashMap::new();
    for &(n, t) in &names {
        by_first.entry(n[0]).or_default().push((n, t));
    }
    for (chars, ss) in lines.iter().zip(spans.iter_mut()) {
        let mut changed = false;
        let mut i = 0;
        while i < chars.len() {
            let hit = by_first
                .get(&chars[i])
                .and_then(|v| v.iter().find(|n| chars[i..].starts_with(n.0)));
            // After a number it is a unit (54费丹, 660亿马克), not a name.
            let after_number = i > 0 && is_numeral(chars[i - 1]);
            let Some(&(n, t)) = hit.filter(|_| !after_number) else {
                i += 1;
                continue;
            };
            let e = i + n.len();
            // Taken where nothing is tagged, or over a shorter span of the
            // same type inside it (高允 of 高允连: a name cut short).
            if ss.contains(&(i, e, t)) {
                i = e;
                continue;
            }
            let overlaps = |x: &Span| x.0 < e && i < x.1;
            let fits = ss
                .iter()
                .filter(|x| overlaps(x))
                .all(|x| x.2 == t && i <= x.0 && x.1 <= e);
            if fits {
                ss.retain(|x| !overlaps(x));
                ss.push((i, e, t));
                changed = true;
                i = e;
            } else {
                i += 1;
            }
        }
        if changed {
            ss.sort_unstable();
        }
    }
}

/// A digit or a Chinese numeral.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇一二三四五六七八九十百千万亿两零".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_spreads_a_tagged_person_to_its_bare_mentions() {
        let lines: Vec<Vec<char>> = ["厂长高允连说", "高允连办厂", "北京高允连"]
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        let mut spans = vec![vec![(2, 5, PER)], vec![], vec![(0, 2, 1)]];
        spread_people(&lines, &mut spans);
        assert_eq!(spans[1], vec![(0, 3, PER)]);
        assert_eq!(spans[2], vec![(0, 2, 1), (2, 5, PER)]);
    }

    #[test]
    fn agree_completes_a_name_cut_short_and_skips_units() {
        let lines: Vec<Vec<char>> = ["高允连说", "高允说", "高允连说", "54高允连"]
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        let mut spans = vec![
            vec![(0, 3, PER)],
            vec![(0, 2, PER)],
            vec![(0, 2, PER)],
            vec![],
        ];
        spread_people(&lines, &mut spans);
        // 高允 alone is left; inside 高允连 it becomes the whole name.
        assert_eq!(spans[1], vec![(0, 2, PER)]);
        assert_eq!(spans[2], vec![(0, 3, PER)]);
        assert!(spans[3].is_empty());
    }

    #[test]
    fn agree_leaves_strings_read_more_often_as_places() {
        let lines: Vec<Vec<char>> = ["乌兰说", "去乌兰", "在乌兰", "乌兰"]
            .iter()
            .map(|l| l.chars().collect())
            .collect();
        let mut spans = vec![vec![(0, 2, PER)], vec![(1, 3, 1)], vec![(1, 3, 1)], vec![]];
        spread_people(&lines, &mut spans);
        assert!(spans[3].is_empty());
    }
}
