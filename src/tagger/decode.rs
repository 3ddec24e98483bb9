//! The seven BIO tags, Viterbi decoding under the BIO constraints, and
//! tags to spans.
//!
//! Decoding never produces an `I-X` that does not continue an `X` entity
//! (after `O`, after another type, or at the start of a line): the
//! constraint is built into the search rather than into the weights, so a
//! model cannot learn its way around it and spans read back from the tags
//! are exactly the entities the search scored.

/// Number of tags: `O`, then `B-` and `I-` of PER, LOC and ORG.
pub const N_TAGS: usize = 7;

/// Scores are kept eight to a position (the eighth unused), so a row of a
/// position's scores is one aligned vector.
pub const LANES: usize = 8;

/// The outside tag.
pub const O: u8 = 0;

/// Tag names in tag-id order.
pub const TAG_NAMES: [&str; N_TAGS] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];

/// The entity type of a tag (0 PER, 1 LOC, 2 ORG), `None` for `O`.
pub fn tag_type(tag: u8) -> Option<u8> {
    (tag != O).then(|| (tag - 1) / 2)
}

/// True for an `I-` tag.
pub fn is_inside(tag: u8) -> bool {
    tag != O && tag.is_multiple_of(2)
}

/// The tag id of a tag name (`B-PER`…), `None` if it is not one of the seven.
pub fn tag_of_name(name: &str) -> Option<u8> {
    TAG_NAMES.iter().position(|&n| n == name).map(|i| i as u8)
}

/// May `cur` follow `prev` (`None`: the start of the line)? An `I-X` only
/// follows `B-X` or `I-X`.
pub fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if !is_inside(cur) {
        return true;
    }
    matches!(prev, Some(p) if p == cur || p == cur - 1)
}

/// Reusable buffers of [`viterbi`].
#[derive(Debug, Default, Clone)]
pub struct Lattice {
    back: Vec<[u8; N_TAGS]>,
}

/// The best tag sequence for `len` positions under the BIO constraints.
///
/// `emit(i)` gives position `i`'s score of each tag; `trans[p * LANES + c]`
/// the score of tag `c` after tag `p`, `start[c]` of tag `c` first. The
/// path's score is computed in `i64` and brought back to 0 at every
/// position, so no sum of weights overflows however long the line. Ties go
/// to the lower tag id (the earlier in [`TAG_NAMES`]), so the result is a
/// function of the scores alone.
pub fn viterbi(
    len: usize,
    mut emit: impl FnMut(usize) -> [i32; LANES],
    trans: &[i32; LANES * LANES],
    start: &[i32; LANES],
    lattice: &mut Lattice,
    out: &mut Vec<u8>,
) {
    out.clear();
    if len == 0 {
        return;
    }
    lattice.back.clear();
    lattice.back.resize(len, [0; N_TAGS]);
    // Unreachable: far below any score, far above overflow.
    const NEG: i64 = i64::MIN / 4;
    let mut delta = [NEG; N_TAGS];
    let e0 = emit(0);
    for c in 0..N_TAGS {
        if allowed(None, c as u8) {
            delta[c] = i64::from(start[c]) + i64::from(e0[c]);
        }
    }
    // Transitions into each tag, by previous tag, widened once.
    let mut into = [[0i64; N_TAGS]; N_TAGS];
    for (c, row) in into.iter_mut().enumerate() {
        for (p, x) in row.iter_mut().enumerate() {
            *x = i64::from(trans[p * LANES + c]);
        }
    }
    for i in 1..len {
        let e = emit(i);
        let mut next = [NEG; N_TAGS];
        let back = &mut lattice.back[i];
        for c in 0..N_TAGS {
            // Only B-X and I-X lead to I-X. Strictly better replaces: on a
            // tie the lower tag stays.
            let (from, to) = if is_inside(c as u8) {
                (c - 1, c + 1)
            } else {
                (0, N_TAGS)
            };
            let (mut best, mut arg) = (delta[from] + into[c][from], from);
            for p in from + 1..to {
                let s = delta[p] + into[c][p];
                let better = s > best;
                best = if better { s } else { best };
                arg = if better { p } else { arg };
            }
            next[c] = best + i64::from(e[c]);
            back[c] = arg as u8;
        }
        // Back to 0: only differences between tags matter.
        let top = next.iter().copied().max().unwrap_or(0);
        for d in &mut next {
            *d = (*d - top).max(NEG);
        }
        delta = next;
    }
    let mut tag = 0u8;
    for c in 1..N_TAGS {
        if delta[c] > delta[usize::from(tag)] {
            tag = c as u8;
        }
    }
    out.resize(len, 0);
    for i in (0..len).rev() {
        out[i] = tag;
        tag = lattice.back[i][usize::from(tag)];
    }
}

/// The entities of a tag sequence the constraints allow: (start, end,
/// type), end exclusive, type 0 PER, 1 LOC, 2 ORG.
pub fn spans_of(tags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    for (i, &t) in tags.iter().enumerate() {
        if is_inside(t) && open.is_some_and(|(_, ty)| Some(ty) == tag_type(t)) {
            continue;
        }
        if let Some((s, ty)) = open.take() {
            out.push((s, i, ty));
        }
        if let Some(ty) = tag_type(t) {
            // A stray I-X (never decoded, possible in gold data) starts an entity.
            open = Some((i, ty));
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, tags.len(), ty));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(emits: &[[i32; LANES]], trans: &[i32; LANES * LANES]) -> Vec<u8> {
        let mut out = Vec::new();
        viterbi(
            emits.len(),
            |i| emits[i],
            trans,
            &[0; LANES],
            &mut Lattice::default(),
            &mut out,
        );
        out
    }

    fn row(pairs: &[(u8, i32)]) -> [i32; LANES] {
        let mut r = [0; LANES];
        for &(t, s) in pairs {
            r[usize::from(t)] = s;
        }
        r
    }

    #[test]
    fn decode_never_starts_with_an_inside_tag() {
        // I-PER scores highest everywhere, but may not open a line: B-PER
        // opens it.
        let tags = decode(&[row(&[(2, 100)]), row(&[(2, 100)])], &[0; LANES * LANES]);
        assert_eq!(tags, vec![1, 2]);
        // A lone position: I-PER is not even a candidate.
        assert_eq!(
            decode(&[row(&[(2, 100), (5, 1)])], &[0; LANES * LANES]),
            vec![5]
        );
    }

    #[test]
    fn decode_inside_tag_only_continues_its_own_type() {
        // B-LOC then I-PER scores best position by position; the best legal
        // path is B-LOC I-LOC (20 + 50) over O I... which is illegal, or
        // B-PER I-PER (10 + 90).
        let e = [row(&[(3, 20), (1, 10)]), row(&[(2, 90), (4, 50)])];
        assert_eq!(decode(&e, &[0; LANES * LANES]), vec![1, 2]);
        // With I-PER weaker, B-LOC I-LOC wins.
        let e = [row(&[(3, 20), (1, 10)]), row(&[(2, 55), (4, 50)])];
        assert_eq!(decode(&e, &[0; LANES * LANES]), vec![3, 4]);
    }

    #[test]
    fn decode_uses_transitions_and_breaks_ties_to_the_lower_tag() {
        let mut trans = [0; LANES * LANES];
        // O -> B-ORG is rewarded.
        trans[usize::from(O) * LANES + 5] = 30;
        let e = [row(&[(0, 10)]), row(&[(5, 10), (3, 20)])];
        assert_eq!(decode(&e, &trans), vec![0, 5]);
        // All equal: O everywhere.
        assert_eq!(decode(&[[0; LANES]; 3], &[0; LANES * LANES]), vec![0, 0, 0]);
    }

    #[test]
    fn decode_long_lines_do_not_overflow() {
        let e = vec![row(&[(1, i32::MAX / 4)]); 10_000];
        let tags = decode(&e, &[0; LANES * LANES]);
        assert_eq!(tags, vec![1; 10_000]);
        // Extreme scores everywhere, transitions too: still a legal path.
        let e = vec![[i32::MAX, i32::MIN, i32::MAX, 0, i32::MIN, 5, i32::MAX, 0]; 500];
        let tags = decode(&e, &[i32::MIN; LANES * LANES]);
        assert!(spans_of(&tags).iter().all(|s| s.1 > s.0));
        assert!(!is_inside(tags[0]));
        for w in tags.windows(2) {
            assert!(allowed(Some(w[0]), w[1]), "{w:?}");
        }
    }

    #[test]
    fn decode_spans_read_back_from_tags() {
        // O B-PER I-PER B-PER B-LOC I-LOC I-ORG O I-ORG
        let tags = [0, 1, 2, 1, 3, 4, 6, 0, 6];
        assert_eq!(
            spans_of(&tags),
            vec![(1, 3, 0), (3, 4, 0), (4, 6, 1), (6, 7, 2), (8, 9, 2)]
        );
        assert_eq!(spans_of(&[]), vec![]);
        assert_eq!(spans_of(&[5, 6, 6]), vec![(0, 3, 2)]);
    }

    #[test]
    fn decode_tag_names_round_trip() {
        for (i, n) in TAG_NAMES.iter().enumerate() {
            assert_eq!(tag_of_name(n), Some(i as u8));
        }
        assert_eq!(tag_of_name("B-MISC"), None);
        assert!(allowed(Some(1), 2) && !allowed(Some(3), 2) && !allowed(None, 6));
        assert!(allowed(None, 5) && allowed(Some(6), 0));
    }
}
