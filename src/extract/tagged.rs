//! The statistical tagger beside the rules: the rules stay the authority
//! for titles, roles, canonical agency names and the gazetteer; the tagger
//! adds the people, places and organisations the rules lack (a villager
//! quoted, a company by its trade name, a foreign place). A tagged span is
//! taken only where no rule mention overlaps it and it reads as its type
//! (a person: [`tagged_person`]; a place: [`reads_as_place`]; an
//! organisation: [`reads_as_organisation`]). Which types are added is
//! `Resources::tagged` (`--tagged`; all three by default, which won on
//! county news and on the NER corpus both).

use super::{AgencyMention, ArticleMentions, LineText, PersonMention, PersonRole, PlaceMention};
use crate::resources::gazetteer::Level;
use crate::resources::lexicon::TitleWord;
use crate::resources::lexicon::{tsv_rows, word_lines};
use crate::resources::LineWords;
use crate::resources::{classes, Resources};
use crate::tagger::{NerKind, NerSpan};
use crate::text::is_han;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Add the tagger's spans the rules lack to an article's mentions.
/// `words` are each line's words, as [`Resources::line_words`] found them.
pub fn add_tagged(
    res: &Resources,
    lines: &[LineText],
    words: &[LineWords],
    am: &mut ArticleMentions,
) {
    let how = res.tagged;
    let Some(tagger) = res.tagger.as_ref().filter(|_| how.any()) else {
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
                    if let Some(p) = tagged_place(res, line, span) {
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
/// district abroad, a township or village missing from it), in no division. It must read
/// as a place ([`reads_as_place`]).
fn tagged_place(res: &Resources, line: &LineText, span: NerSpan) -> Option<PlaceMention> {
    // A name ending in a level character is a division of that level the
    // gazetteer lacks (某某镇, 某某村); any other, and any place abroad
    // (俄亥俄州), a place of level other.
    let chars = &line.chars[span.start..span.end];
    let abroad = WORLD_PLACES.contains(line.str_of(span.start, span.end)) || transliterated(chars);
    let level = (chars.len() >= 3 && !abroad)
        .then(|| classes::level_of_char(chars[chars.len() - 1]))
        .flatten()
        .unwrap_or(Level::Other);
    reads_as_place(res, line, span).then(|| PlaceMention {
        text: line.str_of(span.start, span.end).to_string(),
        span: line.span(span.start, span.end),
        candidates: Vec::new(),
        level,
        parent_hint: None,
        in_agency: false,
        short: false,
    })
}

/// Places beyond the mainland gazetteer: countries, world regions, Hong
/// Kong, Macao and Taiwan, large cities abroad (`data/world_places.tsv`).
static WORLD_PLACES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../data/world_places.tsv"))
        .map(|r| r[0])
        .collect()
});

/// Endings of a place's name beyond the gazetteer (`data/feature_suffixes.txt`).
static FEATURE_SUFFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_lines(include_str!("../../data/feature_suffixes.txt")).collect());

/// Heads of organisations outside government (`data/organisation_heads.txt`).
static ORGANISATION_HEADS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_lines(include_str!("../../data/organisation_heads.txt")).collect());

/// Does a span the tagger reads as a place read as one to the rules: a
/// name of the world table, a transliterated name (a place abroad), or a
/// stem that is no ordinary word before a place's ending (万某河, 某某村)?
/// Never a word that names no particular place (山村), an ordinary word of
/// level characters split across (宜居|乡村), or a bare ordinary word
/// (台风, 新城 as the tagger sometimes reads them).
fn reads_as_place(res: &Resources, line: &LineText, span: NerSpan) -> bool {
    let chars = &line.chars[span.start..span.end];
    let n = chars.len();
    let text = line.str_of(span.start, span.end);
    if !(2..=12).contains(&n) || !chars.iter().all(|&c| is_han(c)) {
        return false;
    }
    if WORLD_PLACES.contains(text) {
        return true;
    }
    if ordinary_word(line, span)
        || super::places::names_no_place(text, false)
        || super::places::reads_as_two_words(res, line, span.start, span.end)
    {
        return false;
    }
    let translit = n >= 3 && transliterated(chars);
    // The longest ending read (人民|大街, not 人民大|街).
    let suffix = FEATURE_SUFFIXES
        .iter()
        .filter(|suffix| text.ends_with(*suffix))
        .max_by_key(|suffix| suffix.len());
    let suffixed = suffix.is_some_and(|suffix| {
        let k = suffix.chars().count();
        n >= k + 2 && {
            let stem = NerSpan {
                end: span.end - k,
                ..span
            };
            !ordinary_dictionary_word(res, line.str_of(stem.start, stem.end))
                && !line.chars[stem.start..stem.end]
                    .iter()
                    .all(|&c| classes::is_level_char(c))
        }
    });
    translit || suffixed
}

/// Are three quarters of the characters transliteration characters (a
/// name abroad: 阿卡普尔科)?
fn transliterated(chars: &[char]) -> bool {
    4 * chars.iter().filter(|&&c| classes::is_translit(c)).count() >= 3 * chars.len()
}

/// A tagged organisation (a company by its trade name, a university, a
/// body abroad), named as printed. It must read as one
/// ([`reads_as_organisation`]).
fn tagged_organisation(res: &Resources, line: &LineText, span: NerSpan) -> Option<AgencyMention> {
    let text = line.str_of(span.start, span.end).to_string();
    reads_as_organisation(res, line, span).then(|| AgencyMention {
        template: res.abbreviations.get(&text).cloned(),
        text,
        span: line.span(span.start, span.end),
    })
}

/// Does a span the tagger reads as an organisation read as one to the
/// rules: one word jieba's dictionary knows as an organisation (nt), or a
/// stem of two characters or more, no ordinary word, before the head of an
/// organisation outside government (某某科技有限公司, 某某小学), holding no
/// verb? Not a span holding a number (3日上午…组), punctuation or a list
/// word (等), or ending in a word that names no organisation (干部).
fn reads_as_organisation(res: &Resources, line: &LineText, span: NerSpan) -> bool {
    let chars = &line.chars[span.start..span.end];
    let n = chars.len();
    let text = line.str_of(span.start, span.end);
    if !(2..=24).contains(&n)
        || !chars
            .iter()
            .all(|&c| is_han(c) || c.is_ascii_alphanumeric())
        || !is_han(chars[0])
        || chars.contains(&'等')
        || res.non_agency.iter().any(|w| text.ends_with(w.as_str()))
    {
        return false;
    }
    // jieba's dictionary knows it as an organisation (nt) or as an
    // abbreviation (j: 东盟, 十五大), but not as an organ's short form with
    // its level left out (人大 of 县人大): that names no one body.
    let known = line.token_at(span.start).is_some_and(|i| {
        let t = &line.tokens[i];
        t.start == span.start
            && t.end == span.end
            && (t.tag.starts_with("nt") || (t.tag.as_str() == "j" && !bare_organ(res, text)))
    });
    known
        || ORGANISATION_HEADS.iter().any(|head| {
            let k = head.chars().count();
            text.ends_with(head)
                && n >= k + 2
                && !ordinary_word(
                    line,
                    NerSpan {
                        end: span.end - k,
                        ..span
                    },
                )
                && !stem_holds_a_verb(res, line, span.start, span.end - k)
                && !opens_with_a_person_word(res, text)
                && !chars[..n - k].iter().any(|c| c.is_ascii_digit())
        })
}

/// Is the word an organ's short form with its level character left out
/// (人大 of 县人大, 纪委 of 市纪委): a short form the rules know once a
/// level character is put before it?
fn bare_organ(res: &Resources, word: &str) -> bool {
    classes::division_level_chars()
        .iter()
        .any(|c| res.abbreviations.contains_key(&format!("{c}{word}")))
        || super::places::VILLAGE_ORGANS.contains(&format!("村{word}").as_str())
}

/// Does jieba, reading `text` alone, read it as one ordinary word (美食,
/// 人民: a stem that makes a kind of place, 美食|街, not a name)?
fn ordinary_dictionary_word(res: &Resources, text: &str) -> bool {
    let tags = res.jieba.tag(text, false);
    // A rare dictionary word (a county's name the dictionary holds as a
    // noun) is no ordinary word; a common one is.
    tags.len() == 1
        && !["nr", "ns", "nt", "nz", "j", "x"]
            .iter()
            .any(|p| tags[0].tag.starts_with(p))
        && res.jieba.suggest_freq(text) > COMMON_WORD_FREQ
}

/// The dictionary frequency above which a word is a common one (jieba's
/// dictionary counts: 美食 1,025, a county's name 13).
const COMMON_WORD_FREQ: usize = 50;

/// Does the stem hold a verb no organisation's name holds (村民|联系|…医院:
/// a clause read into the name; 制造, 研究 and the other verbs of
/// `data/agency_inner_verbs.txt` may stand in one)?
fn stem_holds_a_verb(res: &Resources, line: &LineText, start: usize, end: usize) -> bool {
    line.tokens.iter().any(|t| {
        t.start >= start
            && t.end <= end
            && t.tag.as_str() == "v"
            && !res.agency_verbs.contains(line.str_of(t.start, t.end))
    })
}

/// Does a title or a word of standing open the span (村民|…, 县长|…: the
/// person of a clause read into the name, not the name's qualifier)?
fn opens_with_a_person_word(res: &Resources, text: &str) -> bool {
    res.titles.first(text).is_some_and(|(s, _, _)| s == 0)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn span_of(line: &LineText, word: &str) -> NerSpan {
        let text: String = line.chars.iter().collect();
        let start = text[..text.find(word).unwrap()].chars().count();
        NerSpan {
            start,
            end: start + word.chars().count(),
            kind: NerKind::Loc,
        }
    }

    fn place(sentence: &str, word: &str) -> bool {
        let line = LineText::tagged(sentence, 0, LineKind::Body, &RES.jieba);
        reads_as_place(&RES, &line, span_of(&line, word))
    }

    fn organisation(sentence: &str, word: &str) -> bool {
        let line = LineText::tagged(sentence, 0, LineKind::Body, &RES.jieba);
        reads_as_organisation(&RES, &line, span_of(&line, word))
    }

    #[test]
    fn tagged_places_read_as_places() {
        // The world table; a transliterated name; a stem before an ending.
        assert!(place("代表团访问了挪威。", "挪威"));
        assert!(place("船队驶入阿尔卡多拉港湾。", "阿尔卡多拉"));
        assert!(transliterated(&"阿尔卡多拉".chars().collect::<Vec<_>>()));
        assert!(!transliterated(&"石桥镇".chars().collect::<Vec<_>>()));
        assert!(place("村民沿着青溪河散步。", "青溪河"));
        // A common word before an ending is a kind of place; a word that
        // names no particular place; a bare ordinary word.
        assert!(!place("游客在购物街流连。", "购物街"));
        assert!(!place("他走遍了这里的山村。", "山村"));
        assert!(!place("今年台风较多。", "台风"));
        // One character before the ending is too little to be a name.
        assert!(!place("推进镇村建设。", "镇村"));
    }

    #[test]
    fn tagged_organisations_read_as_organisations() {
        assert!(organisation(
            "他在星河软件有限公司工作。",
            "星河软件有限公司"
        ));
        assert!(organisation("联合国发表声明。", "联合国"));
        // No number opens a name; a list word is no part of one; an
        // ordinary word as the whole stem names a kind.
        assert!(!organisation("3日上午调研组到达。", "3日上午调研组"));
        assert!(!organisation("东岭等镇卫生院参加。", "东岭等镇卫生院"));
        assert!(!organisation("他去了农村银行。", "农村银行"));
        assert!(!organisation("村民走访乡卫生院。", "村民走访乡卫生院"));
        assert!(!organisation("村民联系乡卫生院。", "村民联系乡卫生院"));
    }

    #[test]
    fn bare_organs_name_no_body() {
        assert!(bare_organ(&RES, "人大"));
        assert!(bare_organ(&RES, "两委"));
        assert!(!bare_organ(&RES, "东盟"));
    }

    #[test]
    fn common_dictionary_words_are_ordinary() {
        assert!(ordinary_dictionary_word(&RES, "购物"));
        assert!(!ordinary_dictionary_word(&RES, "青溪"));
    }
}
