//! The statistical tagger beside the rules: the rules stay the authority
//! for titles, roles, canonical agency names and the gazetteer; the tagger
//! adds the people, places and organisations the rules lack (a villager
//! quoted, a company by its trade name, a foreign place). A tagged span is
//! taken only where no rule mention overlaps it and it reads as its type
//! (a person: [`tagged_person`]; a place or organisation: not an ordinary
//! word of the line). Which types are added is `Resources::tagged`
//! (`--tagged`; people by default, the one that wins on county news).

use super::{AgencyMention, ArticleMentions, LineText, PersonMention, PersonRole, PlaceMention};
use crate::resources::gazetteer::Level;
use crate::resources::lexicon::TitleWord;
use crate::resources::LineWords;
use crate::resources::{classes, Resources};
use crate::tagger::{NerKind, NerSpan};
use crate::text::is_han;

/// Add the tagger's spans the rules lack to an article's mentions.
/// `words` are each line's words, as [`Resources::line_words`] found them.
pub fn add_tagged(
    res: &Resources,
    lines: &[LineText],
    words: &[LineWords],
    am: &mut ArticleMentions,
) {
    let how = res.tagged;
    let Some(tagger) = &res.tagger else {
        return;
    };
    // Names the rules found: a tagged mention of one adds nothing, and
    // without the rules' role it would make a reporter a participant.
    let known: Vec<String> = am.persons.iter().map(|p| p.name.clone()).collect();
    for (line, words) in lines.iter().zip(words) {
        for span in tagger.tag_line(line) {
            let doc_span = line.span(span.start, span.end);
            let taken = am.persons.iter().any(|p| p.span.overlaps(doc_span))
                || am.places.iter().any(|p| p.span.overlaps(doc_span))
                || am.agencies.iter().any(|a| a.span.overlaps(doc_span))
                || am
                    .persons
                    .iter()
                    .flat_map(|p| p.titles.iter())
                    .any(|t| t.span.overlaps(doc_span));
            if taken {
                continue;
            }
            match span.kind {
                NerKind::Per if how.people => {
                    if let Some(p) = tagged_person(res, line, &words.titles, span) {
                        let a_place = am.places.iter().any(|pl| pl.text.starts_with(&p.name));
                        // 赵某正 known: a tagged 赵某 or 赵某正都 is the same name cut
                        // or run on.
                        let of_known = known
                            .iter()
                            .any(|k| k.starts_with(&p.name) || p.name.starts_with(k.as_str()));
                        if !of_known && !a_place && !quoted(line, span) {
                            am.persons.push(p);
                        }
                    }
                }
                NerKind::Loc if how.places => {
                    if let Some(p) = tagged_place(line, span) {
                        am.places.push(p);
                    }
                }
                NerKind::Org if how.organisations => {
                    if let Some(a) = tagged_organisation(res, line, span) {
                        am.agencies.push(a);
                    }
                }
                _ => {}
            }
        }
    }
    am.persons.sort_by_key(|p| p.span);
    am.agencies.sort_by_key(|a| a.span);
}

/// A tagged person whose name reads as one: a surname and one or two
/// characters, a transliterated name (with a middle dot, or made of
/// transliteration characters), a name jieba's dictionary knows, or a short
/// run right after a title the rules know (which becomes its title); and
/// not an ordinary word, a run cut across jieba's words, or the head of a
/// longer noun.
fn tagged_person(
    res: &Resources,
    line: &LineText,
    titles: &[(usize, usize, TitleWord)],
    span: NerSpan,
) -> Option<PersonMention> {
    // A title printed right before the name is the name's (副市长|…); one
    // right before the character before it shows the tagger cut off the
    // name's first character (副市长|阿|…).
    let titled = super::people::titles_ending_at(res, line, titles, span.start)
        .map(|t| (span, t))
        .or_else(|| {
            let s = span.start.checked_sub(1)?;
            let t = super::people::titles_ending_at(res, line, titles, s)?;
            is_han(line.chars[s]).then_some((NerSpan { start: s, ..span }, t))
        });
    let span = titled.as_ref().map_or(span, |t| t.0);
    let chars = &line.chars[span.start..span.end];
    let n = chars.len();
    let dotted = chars.iter().any(|c| "·•・‧".contains(*c));
    let all_han = chars.iter().all(|&c| is_han(c));
    let surname = res.surnames.surname_len(chars);
    let by_surname = all_han
        && surname.is_some_and(|sl| n > sl && n - sl <= 2)
        && !crate::resources::names::is_ambiguous_surname(chars[0]);
    let translit = all_han
        && (2..=6).contains(&n)
        && 4 * chars.iter().filter(|&&c| classes::is_translit(c)).count() >= 3 * n;
    // After a title, any short run of characters the tagger reads as a name.
    let after_title = titled.is_some() && all_han && (2..=4).contains(&n);
    // jieba's dictionary knows it as a person's name (克林顿).
    let jieba_name = all_han
        && (2..=5).contains(&n)
        && line.token_at(span.start).is_some_and(|i| {
            let t = &line.tokens[i];
            t.start == span.start && t.end == span.end && t.tag.starts_with("nr")
        });
    let ok = (by_surname || translit || after_title || jieba_name || (dotted && n <= 16))
        && !ordinary_word(line, span)
        && !not_a_name_word(line, span)
        && !cuts_a_word(line, span)
        && !surname_len_and_word(res, line, span)
        && !head_of_a_noun(line, span);
    if !ok {
        return None;
    }
    let (titles, role) = titled.map_or((Vec::new(), PersonRole::Other), |t| t.1);
    Some(PersonMention {
        name: chars.iter().collect(),
        span: line.span(span.start, span.end),
        titles,
        role,
    })
}

/// A tagged place the gazetteer lacks (a foreign place, a river, a
/// district abroad): a place of level other, in no division.
fn tagged_place(line: &LineText, span: NerSpan) -> Option<PlaceMention> {
    let n = span.end - span.start;
    ((2..=12).contains(&n) && !ordinary_word(line, span)).then(|| PlaceMention {
        text: line.str_of(span.start, span.end).to_string(),
        span: line.span(span.start, span.end),
        candidates: Vec::new(),
        level: Level::Other,
        parent_hint: None,
        in_agency: false,
        short: false,
    })
}

/// A tagged organisation (a company by its trade name, a university, a
/// body abroad), named as printed.
fn tagged_organisation(res: &Resources, line: &LineText, span: NerSpan) -> Option<AgencyMention> {
    let n = span.end - span.start;
    let text = line.str_of(span.start, span.end).to_string();
    let ok = (2..=24).contains(&n)
        && !ordinary_word(line, span)
        && !res.non_agency.iter().any(|w| text.ends_with(w.as_str()));
    ok.then(|| AgencyMention {
        template: res.abbreviations.get(&text).cloned(),
        text,
        span: line.span(span.start, span.end),
    })
}

/// Do jieba's words cross the span's edges, or does an ordinary word open
/// it (关注|冬训 read as 注冬训, 满意|度 read as 满意度)? A name is cut
/// apart from its neighbours.
fn cuts_a_word(line: &LineText, span: NerSpan) -> bool {
    // A proper noun jieba reads whole may hold the name (邓某某理论).
    let crosses = |c: usize| {
        line.token_at(c).is_some_and(|i| {
            let t = &line.tokens[i];
            t.start < c && t.end > c && !["nr", "nz"].iter().any(|p| t.tag.starts_with(p))
        })
    };
    let opens_with_word = line.token_at(span.start).is_some_and(|i| {
        let t = &line.tokens[i];
        t.start == span.start
            && t.end - t.start >= 2
            && t.end < span.end
            && !["nr", "ns", "nz"].iter().any(|p| t.tag.starts_with(p))
    });
    crosses(span.start) || (span.end < line.chars.len() && crosses(span.end)) || opens_with_word
}

/// Is the span one jieba word that jieba does not read as a name (a poetic
/// word jieba tags as a proper noun, not a person)?
fn not_a_name_word(line: &LineText, span: NerSpan) -> bool {
    line.token_at(span.start).is_some_and(|i| {
        let t = &line.tokens[i];
        t.start == span.start && t.end == span.end && !t.tag.starts_with("nr")
    })
}

/// Is what follows the surname one ordinary word of two characters or
/// more, a noun or verb jieba does not read as part of a name (金|平台)?
fn surname_len_and_word(res: &Resources, line: &LineText, span: NerSpan) -> bool {
    let Some(sl) = res.surnames.surname_len(&line.chars[span.start..span.end]) else {
        return false;
    };
    let given = span.start + sl;
    line.token_at(given).is_some_and(|i| {
        let t = &line.tokens[i];
        t.start == given
            && t.end == span.end
            && t.end - t.start >= 2
            && ["n", "vn", "v", "a", "an"].contains(&t.tag.as_str())
    })
}

/// Is the span alone inside quotation marks (台风“某某”: a name given to
/// a thing, a nickname)?
fn quoted(line: &LineText, span: NerSpan) -> bool {
    span.start > 0
        && matches!(line.chars[span.start - 1], '“' | '"' | '「' | '《')
        && line
            .chars
            .get(span.end)
            .is_some_and(|c| matches!(c, '”' | '"' | '」' | '》'))
}

/// Is the run the head of a longer noun: a village, a road section or a
/// prize (某某村, 某家巷, 某某奖)?
fn head_of_a_noun(line: &LineText, span: NerSpan) -> bool {
    let next = line.chars.get(span.end).copied();
    next.is_some_and(classes::is_noun_tail_after)
        || classes::is_noun_tail_last(line.chars[span.end - 1])
}

/// Is the span one word jieba knows as an ordinary (not proper) word?
fn ordinary_word(line: &LineText, span: NerSpan) -> bool {
    line.token_at(span.start).is_some_and(|i| {
        let t = &line.tokens[i];
        t.start == span.start
            && t.end == span.end
            && !["nr", "ns", "nt", "nz", "j", "x"]
                .iter()
                .any(|p| t.tag.starts_with(p))
    })
}
