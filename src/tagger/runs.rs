//! Names printed without separators. A list of officials often runs its
//! names together (张某某李某某王某), and the tagger then reads the run as
//! one person. A person's span of four Han characters or more that is not
//! itself a name, but splits into names (each a surname and one or two
//! characters: [`looks_like_name`]), is split into them. Of the ways to
//! split it, the one with the most three-character names wins (the
//! commonest length of a name), then the one whose first name is longest.

use super::{NerKind, NerSpan};
use crate::resources::classes;
use crate::resources::names::looks_like_name;
use crate::text::is_han;

/// The longest run split (characters): a list of eight three-character names.
const LONGEST_RUN: usize = 24;

/// Split every person's span of `spans` (over `chars`) that is a run of
/// names printed without separators.
pub fn split_runs_of_names(chars: &[char], spans: &mut Vec<NerSpan>) {
    let mut out = Vec::with_capacity(spans.len());
    for &span in spans.iter() {
        match names_in_run(chars, span) {
            Some(parts) => out.extend(parts),
            None => out.push(span),
        }
    }
    *spans = out;
}

/// The names a person's span splits into, if it is a run of them.
fn names_in_run(chars: &[char], span: NerSpan) -> Option<Vec<NerSpan>> {
    let run = &chars[span.start..span.end];
    let n = run.len();
    if span.kind != NerKind::Per
        || !(4..=LONGEST_RUN).contains(&n)
        || !run.iter().all(|&c| is_han(c))
        || is_name(run)
        || transliterated(run)
    {
        return None;
    }
    // best[i]: (score, first name's length) of the best split of run[i..].
    let mut best: Vec<Option<(u32, usize)>> = vec![None; n + 1];
    best[n] = Some((0, 0));
    for i in (0..n).rev() {
        for len in [3, 2, 4] {
            if i + len > n || !is_name(&run[i..i + len]) {
                continue;
            }
            if let Some((rest, _)) = best[i + len] {
                let score = rest + u32::from(len == 3);
                if best[i].is_none_or(|(s, _)| score > s) {
                    best[i] = Some((score, len));
                }
            }
        }
    }
    best[0]?;
    let mut parts = Vec::new();
    let mut i = 0;
    while i < n {
        let (_, len) = best[i]?;
        parts.push(NerSpan {
            start: span.start + i,
            end: span.start + i + len,
            kind: NerKind::Per,
        });
        i += len;
    }
    Some(parts)
}

/// Is the run made of transliteration characters (沃尔斯基: one foreign
/// name, whose syllables read as surnames)?
fn transliterated(run: &[char]) -> bool {
    4 * run.iter().filter(|&&c| classes::is_translit(c)).count() >= 3 * run.len()
}

fn is_name(chars: &[char]) -> bool {
    looks_like_name(&chars.iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str, start: usize, end: usize) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        let mut spans = vec![NerSpan {
            start,
            end,
            kind: NerKind::Per,
        }];
        split_runs_of_names(&chars, &mut spans);
        spans
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn runs_of_names_split_into_names() {
        assert_eq!(split("出席的有张建国李红梅。", 4, 10), ["张建国", "李红梅"]);
        assert_eq!(split("王平赵立新到会。", 0, 5), ["王平", "赵立新"]);
        assert_eq!(split("刘文陈浩到会。", 0, 4), ["刘文", "陈浩"]);
        // A name is kept whole, and so is what splits into no names.
        assert_eq!(split("欧阳春晖到会。", 0, 4), ["欧阳春晖"]);
        assert_eq!(split("的确如此。", 0, 4), ["的确如此"]);
        assert_eq!(split("安德森斯基到会。", 0, 5), ["安德森斯基"]);
    }
}
