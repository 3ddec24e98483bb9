//! Places: gazetteer names (province to township), villages and
//! communities by suffix, development zones; and 我县-style references.

use super::{AgencyMention, DeixisMention, LineText, PersonMention, PlaceMention};
use crate::resources::gazetteer::Level;
use crate::resources::lexicon::{word_lines, TitleWord};
use crate::resources::{classes, Resources};
use crate::text::is_han;
use regex::Regex;
use std::sync::LazyLock;

/// A pointing character then a level character (我县, 该镇, 全市): from
/// the tables of both classes (`data/deixis.txt`, `data/level_chars.tsv`).
static DEIXIS: LazyLock<Regex> = LazyLock::new(|| {
    let pointing: String = "我本该全此"
        .chars()
        .filter(|&c| classes::is_deixis(c))
        .collect();
    let levels: String = classes::division_level_chars().into_iter().collect();
    Regex::new(&format!("[{pointing}][{levels}]")).unwrap()
});

/// A suffix of places below the gazetteer (`data/place_suffixes.tsv`).
struct LocalSuffix {
    suffix: String,
    level: Level,
    min_stem: usize,
    /// A zone: printed right after a place, it takes that place's name in.
    zone: bool,
}

/// The suffixes of places below the gazetteer, longest first, with an
/// index by first and by last character: the rules ask at every token and
/// every character which suffix starts or ends there, and a scan of the
/// whole table there was a tenth of extraction.
struct LocalSuffixes {
    all: Vec<LocalSuffix>,
    by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
    by_last: rustc_hash::FxHashMap<char, Vec<usize>>,
}

impl LocalSuffixes {
    fn new(mut all: Vec<LocalSuffix>) -> Self {
        all.sort_by_key(|x| std::cmp::Reverse(x.suffix.chars().count()));
        let mut by_first: rustc_hash::FxHashMap<char, Vec<usize>> = Default::default();
        let mut by_last: rustc_hash::FxHashMap<char, Vec<usize>> = Default::default();
        for (k, x) in all.iter().enumerate() {
            if let (Some(f), Some(l)) = (x.suffix.chars().next(), x.suffix.chars().last()) {
                by_first.entry(f).or_default().push(k);
                by_last.entry(l).or_default().push(k);
            }
        }
        LocalSuffixes {
            all,
            by_first,
            by_last,
        }
    }

    /// The longest suffix `text` starts with.
    fn starting(&self, text: &str) -> Option<&LocalSuffix> {
        let first = text.chars().next()?;
        self.by_first
            .get(&first)?
            .iter()
            .map(|&k| &self.all[k])
            .find(|x| text.starts_with(x.suffix.as_str()))
    }

    /// The longest suffix `text` ends with.
    fn ending(&self, text: &str) -> Option<&LocalSuffix> {
        let last = text.chars().next_back()?;
        self.by_last
            .get(&last)?
            .iter()
            .map(|&k| &self.all[k])
            .find(|x| text.ends_with(x.suffix.as_str()))
    }

    /// Is `text` one of the suffixes? (The longest suffix a suffix ends
    /// with is itself.)
    fn contains(&self, text: &str) -> bool {
        self.ending(text).is_some_and(|x| x.suffix == text)
    }
}

static LOCAL_SUFFIXES: LazyLock<LocalSuffixes> = LazyLock::new(|| {
    LocalSuffixes::new(
        table_rows(include_str!("../../data/place_suffixes.tsv"))
            .filter_map(|r| {
                let level = match *r.get(1)? {
                    "community" => Level::Community,
                    "village" => Level::Village,
                    _ => Level::Other,
                };
                Some(LocalSuffix {
                    suffix: r[0].to_string(),
                    level,
                    min_stem: r.get(2)?.parse().ok()?,
                    zone: r.get(3) == Some(&"zone"),
                })
            })
            .collect(),
    )
});

/// Words after which a place name starts (`data/place_openers.txt`).
static OPENERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    table_rows(include_str!("../../data/place_openers.txt"))
        .map(|r| r[0])
        .collect()
});

/// Words ending in a local suffix that name no particular place
/// (`data/not_local_places.txt`).
static NOT_LOCAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    table_rows(include_str!("../../data/not_local_places.txt"))
        .map(|r| r[0])
        .collect()
});

/// Is `text` a word that names no particular place, or (with no place
/// printed before it) one ending in such a word (`data/not_local_places.txt`:
/// 山村, 小康村; 某某美丽乡村)?
pub(super) fn names_no_place(text: &str, after_a_place: bool) -> bool {
    NOT_LOCAL
        .iter()
        .any(|w| text == *w || (!after_a_place && text.ends_with(w)))
}

/// Characters a local place name never starts with or contains
/// (`data/place_stop_chars.txt`).
static LOCAL_STOP: LazyLock<Vec<char>> = LazyLock::new(|| {
    table_rows(include_str!("../../data/place_stop_chars.txt"))
        .flat_map(|r| r[0].chars())
        .collect()
});

/// Is `c` a character no local place name holds?
fn local_stop(c: char) -> bool {
    LOCAL_STOP.contains(&c)
}

/// Tab-separated rows of a data table, `#` comments and blank lines skipped.
fn table_rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Suffixes of townships, recognised below the gazetteer only right after a county.
const TOWNSHIP_SUFFIXES: &[&str] = &["镇", "乡", "街道"];

/// 我县, 该县, 全市 ... in a line.
pub fn find_deixis(line: &LineText) -> Vec<DeixisMention> {
    // Two characters, the pronoun and the level word: a match alone says
    // which (no capture groups to fill).
    DEIXIS
        .find_iter(&line.text)
        .filter_map(|m| {
            let mut cs = m.as_str().chars();
            let (pronoun, level) = (cs.next()?, cs.next()?);
            let level = classes::level_of_char(level).unwrap_or(Level::Township);
            // 全市场, 本市民 are not references; 该县长 is a title.
            let next = line.text[m.end()..].chars().next();
            if matches!(next, Some('场' | '民' | '长' | '委' | '级' | '域')) && pronoun != '我'
            {
                return None;
            }
            Some(DeixisMention {
                text: m.as_str().to_string(),
                span: line.span_of_bytes(m.start(), m.end()),
                level,
            })
        })
        .collect()
}

/// 和县 in 县委和县政府, 民警和县消防救援大队: a two-character name
/// starting with a conjunction, printed after a word that is no place, is
/// the conjunction and a level word.
pub fn conjunction_then_level(line: &LineText, cs: usize, ce: usize) -> bool {
    if ce != cs + 2 || cs == 0 || !matches!(line.chars[cs], '和' | '与' | '及') {
        return false;
    }
    let prev = line
        .token_at(cs - 1)
        .map(|k| line.tokens[k].tag.as_str())
        .unwrap_or("");
    crate::text::is_han(line.chars[cs - 1]) && !prev.starts_with("ns")
}

/// Places in a line. `titles` are the line's title words (byte offsets,
/// [`Resources::line_words`]); `agencies` and `persons` found in the same line tell
/// which names sit inside an organisation's name or a person's name.
pub fn find_places(
    res: &Resources,
    line: &LineText,
    titles: &[(usize, usize, TitleWord)],
    agencies: &[AgencyMention],
    persons: &[PersonMention],
) -> Vec<PlaceMention> {
    let mut out: Vec<PlaceMention> = Vec::new();
    for hit in res.gazetteer.find(&line.text) {
        let span = line.span_of_bytes(hit.start, hit.end);
        if persons.iter().any(|p| p.span.overlaps(span)) {
            continue;
        }
        let level = res.gazetteer.get(hit.candidates[0]).level;
        // A short or two-character name inside a longer word is no place
        // (形成县域, 乡村振兴): it must start and end on jieba word boundaries.
        let (cs, ce) = (line.char_of(hit.start), line.char_of(hit.end));
        if (hit.short || ce - cs <= 2) && !line.tokens.is_empty() && !line.on_boundaries(cs, ce) {
            continue;
        }
        if conjunction_then_level(line, cs, ce) {
            continue;
        }
        if crosses_a_title(titles, hit.start, hit.end)
            || reads_as_two_words(res, line, cs, ce)
            || ordinary_compound_alone(line, &out, cs, ce)
            || two_characters_after_a_noun(line, cs, ce)
        {
            continue;
        }
        // A division named like an organ (林业局, a forestry bureau's
        // district) ending an organisation's name is that name's head.
        if agencies
            .iter()
            .any(|a| a.span.end == span.end && a.span.start < span.start)
        {
            continue;
        }
        // Inside a name, or glued to a short form whose level word it ends
        // (岳阳县|县妇联 is 岳阳县妇联).
        let in_agency = agencies.iter().any(|a| {
            (a.span.contains(span) && a.span != span)
                || (a.template.as_ref().is_some_and(|t| t.1.is_some())
                    && a.span.start + 1 == span.end
                    && span.start < a.span.start)
        });
        out.push(PlaceMention {
            text: line.text[hit.start..hit.end].to_string(),
            span,
            candidates: hit.candidates.to_vec(),
            level,
            parent_hint: None,
            in_agency,
            short: hit.short,
        });
    }
    find_local_places(line, agencies, persons, &mut out);
    out.sort_by_key(|p| p.span);
    out
}

/// Does a title word of the line cross the name's edge (代理|县长 holds
/// 理县)? A title is read whole, so the name is no place there.
fn crosses_a_title(titles: &[(usize, usize, TitleWord)], s: usize, e: usize) -> bool {
    titles
        .iter()
        .any(|&(ts, te, _)| (ts < s && s < te && te < e) || (s < ts && ts < e && e < te))
}

/// Is the name an ordinary word of level characters (小城镇) with no place
/// printed right before it to make it a name (a short form, 滨海|小城镇,
/// does not)?
fn ordinary_compound_alone(line: &LineText, out: &[PlaceMention], s: usize, e: usize) -> bool {
    classes::is_level_compound(&line.sub(s, e))
        && !out.iter().any(|p| p.span.end == line.start + s && !p.short)
}

/// Is a two-character name printed right after a noun of two characters
/// or more (旅游|兴县 in 生态立县、旅游兴县, a slogan)? Places follow verbs, marks
/// and other places; a noun before one makes it the object of a phrase.
fn two_characters_after_a_noun(line: &LineText, s: usize, e: usize) -> bool {
    e - s == 2
        && s > 0
        && line.token_at(s - 1).is_some_and(|i| {
            let t = &line.tokens[i];
            t.end == s && t.end - t.start >= 2 && ["n", "vn", "an"].contains(&t.tag.as_str())
        })
}

/// Does the line read better as two ordinary words across the name's edge:
/// its first character ends a word begun before it and the rest is a word
/// (部分|乡镇 holds 分乡镇), or its last character starts one going on
/// after it and the rest is a word (宜居|乡村 holds 宜居乡)? The word of
/// level characters must be one of `data/level_compounds.txt`.
pub(super) fn reads_as_two_words(res: &Resources, line: &LineText, s: usize, e: usize) -> bool {
    let chars = &line.chars;
    let word = |a: usize, b: usize| {
        b - a >= 2 && chars[a..b].iter().all(|&c| is_han(c)) && res.jieba.has_word(&line.sub(a, b))
    };
    let compound = |a: usize, b: usize| classes::is_level_compound(&line.sub(a, b));
    let head = s > 0 && word(s - 1, s + 1) && compound(s + 1, e);
    let tail = e < chars.len() && compound(e - 1, e + 1) && word(s, e - 1);
    e - s >= 3 && (head || tail)
}

/// Villages, communities, zones: a name ending in a local suffix, printed
/// right after a division (定昌镇柳树村) or standing on its own with a
/// proper name before the suffix (观音坪社区, not 打造社区).
fn find_local_places(
    line: &LineText,
    agencies: &[AgencyMention],
    persons: &[PersonMention],
    out: &mut Vec<PlaceMention>,
) {
    let chars = &line.chars;
    let toks = &line.tokens;
    let mut found: Vec<PlaceMention> = Vec::new();
    for (ti, tok) in toks.iter().enumerate() {
        let word = line.str_of(tok.start, tok.end);
        let end = tok.end;
        let Some(local) = LOCAL_SUFFIXES.ending(word) else {
            continue;
        };
        let (suffix, level) = (local.suffix.as_str(), &local.level);
        // The place printed right before, if the name starts where it ends.
        let prev_place = |at: usize| {
            out.iter()
                .enumerate()
                .find(|(_, p)| p.span.end == line.start + at)
                .map(|(k, _)| k)
        };
        // The name: this token if it holds more than the suffix, else it
        // plus earlier proper words.
        let mut start = tok.start;
        let mut parent_hint = prev_place(start);
        // 园洲镇上南村 read as 园洲镇 上 南村: the name runs back to the
        // township printed one or two characters before.
        if parent_hint.is_none() && *level == Level::Village {
            if let Some((k, p)) = out.iter().enumerate().find(|(_, p)| {
                let pe = p.span.end;
                pe < line.start + tok.start
                    && pe + 2 >= line.start + tok.start
                    && matches!(p.level, Level::Township | Level::County)
                    && chars[pe - line.start..tok.start]
                        .iter()
                        .all(|&c| is_han(c) && !local_stop(c))
                    && !line.tokens.iter().any(|t| {
                        t.start < tok.start && t.end > pe - line.start && t.tag.starts_with('v')
                    })
            }) {
                start = p.span.end - line.start;
                parent_hint = Some(k);
            }
        }
        // A word longer than its suffix is a name when jieba tags it as
        // one, or as a noun in a name longer than two characters
        // (柳树村, not 走村).
        let mut proper = word.chars().count() > suffix.chars().count()
            && (matches!(tok.tag.as_str(), "ns" | "nr" | "nrt" | "nz" | "j" | "x")
                || (tok.tag.as_str() == "n" && word.chars().count() > 2));
        let mut j = ti;
        let reach = if *level == Level::Other { 10 } else { 6 };
        while parent_hint.is_none() && j > 0 && end - toks[j - 1].start <= reach {
            let t = &toks[j - 1];
            let w = line.str_of(t.start, t.end);
            let ok = w.chars().all(is_han)
                && !w.chars().any(local_stop)
                && matches!(
                    t.tag.as_str(),
                    "ns" | "nr" | "nrt" | "nrfg" | "nz" | "x" | "n" | "ng" | "j"
                );
            if !ok {
                break;
            }
            if matches!(
                t.tag.as_str(),
                "ns" | "nr" | "nrt" | "nrfg" | "nz" | "x" | "j"
            ) {
                proper = true;
            }
            start = t.start;
            j -= 1;
            parent_hint = prev_place(start);
        }
        // A zone takes the name of the place it belongs to (株洲高新技术产业开发区).
        // A short form before a local name is part of it (太和|桥片区).
        if let Some(k) = parent_hint.filter(|&k| out[k].short) {
            start = out[k].span.start - line.start;
            parent_hint = None;
            proper = true;
        }
        if let (Some(k), true) = (parent_hint, local.zone) {
            start = out[k].span.start - line.start;
            proper = true;
        }
        if start == tok.start && word.chars().count() == suffix.chars().count() {
            // The bare suffix: only a place right after a division (郭村镇端村 read as 郭村镇 端 村).
            if parent_hint.is_none() {
                continue;
            }
        }
        let text: String = chars[start..end].iter().collect();
        let span = line.span(start, end);
        let stem: Vec<char> = chars[start..end - suffix.chars().count()].to_vec();
        let bad = (parent_hint.is_none() && (!proper || stem.len() < 2))
            || stem_is_a_suffix(&stem)
            || NOT_LOCAL.contains(&word)
            || stem.iter().any(|c| local_stop(*c))
            || stem.iter().all(|&c| classes::is_level_char(c))
            || NOT_LOCAL
                .iter()
                .any(|w| text == *w || (parent_hint.is_none() && text.ends_with(w)))
            || chars[start..end].iter().any(|c| c.is_ascii_digit())
            || persons.iter().any(|p| p.span.overlaps(span))
            || starts_with_number_word(&chars[start..end]);
        if bad {
            continue;
        }
        let in_agency = agencies
            .iter()
            .any(|a| a.span.contains(span) && a.span != span);
        // 红岭乡石桥村 read as one name: a township missing from the
        // gazetteer, then its village (see [`township_inside_stem`]).
        let (text, span) = match township_inside_stem(&stem, *level, parent_hint) {
            Some(m) => {
                let ts = start + m;
                found.push(PlaceMention {
                    text: line.sub(start, ts),
                    span: line.span(start, ts),
                    candidates: Vec::new(),
                    level: Level::Township,
                    parent_hint: None,
                    in_agency,
                    short: false,
                });
                (line.sub(ts, end), line.span(ts, end))
            }
            None => (text, span),
        };
        found.push(PlaceMention {
            text,
            span,
            candidates: Vec::new(),
            level: *level,
            parent_hint,
            in_agency,
            short: false,
        });
    }
    // A township missing from the gazetteer, printed right after its county
    // (岳阳县柳湾镇): one to three characters, then 镇, 乡 or 街道.
    for (k, county) in out
        .iter()
        .enumerate()
        .filter(|(_, p)| p.level == Level::County)
    {
        let c = county.span.end - line.start;
        for n in 1..=3 {
            let Some(suffix) = TOWNSHIP_SUFFIXES.iter().find(|s| {
                let sc: Vec<char> = s.chars().collect();
                chars.get(c + n..c + n + sc.len()) == Some(&sc[..])
            }) else {
                continue;
            };
            let stem = &chars[c..c + n];
            let end = c + n + suffix.chars().count();
            // 博罗县召开乡村振兴: the suffix starts a longer word, or a verb
            // stands where the name would be.
            let suffix_ends_word = line
                .token_at(end - 1)
                .map(|i| line.tokens[i].end == end)
                .unwrap_or(true);
            let verb_in_stem = line
                .tokens
                .iter()
                .any(|t| t.start < c + n && t.end > c && t.tag.starts_with('v'));
            // A county's short form before 城乡, an ordinary word of level characters.
            let ordinary = classes::is_level_compound(&line.sub(c, end));
            if suffix_ends_word
                && !ordinary
                && !verb_in_stem
                && stem
                    .iter()
                    .all(|&ch| is_han(ch) && !local_stop(ch) && !classes::is_level_char(ch))
            {
                let span = line.span(c, end);
                found.push(PlaceMention {
                    text: line.str_of(c, end).to_string(),
                    span,
                    candidates: Vec::new(),
                    level: Level::Township,
                    parent_hint: Some(k),
                    in_agency: agencies
                        .iter()
                        .any(|a| a.span.contains(span) && a.span != span),
                    short: false,
                });
            }
            break;
        }
    }
    // Names read back from their suffix to where a name starts come first:
    // they hold however jieba cut the name (中塅村 read as 中|塅村).
    let mut delimited = delimited_local_places(line, out, persons);
    for d in &mut delimited {
        d.in_agency = agencies
            .iter()
            .any(|a| a.span.contains(d.span) && a.span != d.span);
    }
    // Items of a counted list of places (甲、乙、丙三个村) come first too.
    let counted: Vec<PlaceMention> = counted_list_places(line, persons)
        .into_iter()
        .filter(|c| !delimited.iter().any(|d| d.span.overlaps(c.span)))
        .collect();
    delimited.extend(counted);
    found.retain(|f| !delimited.iter().any(|d| d.span.overlaps(f.span)));
    // A short form that a village or community name goes on from (沙湾|村)
    // is part of that name, not the county it shortens.
    let swallowed: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.short
                && found
                    .iter()
                    .chain(delimited.iter())
                    .any(|l| l.span.start == p.span.start && l.span.end > p.span.end)
        })
        .map(|(k, _)| k)
        .collect();
    found.splice(0..0, delimited);
    if !swallowed.is_empty() {
        // Indices into `out` shift: parents are renumbered, a swallowed
        // parent is none.
        let renumber = |k: usize| {
            (!swallowed.contains(&k)).then(|| k - swallowed.iter().filter(|&&x| x < k).count())
        };
        for p in out.iter_mut().chain(found.iter_mut()) {
            p.parent_hint = p.parent_hint.and_then(renumber);
        }
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !swallowed.contains(&(k - 1))
        });
    }
    for f in found {
        // A zone overlaps the city it is named after; nothing else may overlap.
        let clash = out
            .iter()
            .enumerate()
            .any(|(k, p)| p.span.overlaps(f.span) && Some(k) != f.parent_hint);
        if !clash {
            out.push(f);
        }
    }
}

/// The organs of a village (`data/village_organs.txt`), each starting with 村.
pub(super) static VILLAGE_ORGANS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_lines(include_str!("../../data/village_organs.txt")).collect());

/// Villages named by their organ (某某村委会, 某某村党支部): the organ is
/// taken out of `agencies` and its village returned as a place, from after
/// the last division printed in the name (岭口镇|某某村委会) to 村.
pub fn villages_named_by_their_organs(
    line: &LineText,
    agencies: &mut Vec<AgencyMention>,
) -> Vec<PlaceMention> {
    let mut villages = Vec::new();
    agencies.retain(|a| {
        let Some(organ) = VILLAGE_ORGANS.iter().find(|o| a.text.ends_with(**o)) else {
            return true;
        };
        let s = a.span.start - line.start;
        let e = a.span.end - line.start;
        // The span may cover a line break; the text is what was printed.
        if e - s != a.text.chars().count() {
            return true;
        }
        let village_end = e - organ.chars().count() + 1;
        let start = (s..village_end - 1)
            .rev()
            .find(|&k| classes::is_division_level_char(line.chars[k]))
            .map_or(s, |k| k + 1);
        if village_end - start < 3 || !line.chars[start..village_end].iter().all(|&c| is_han(c)) {
            return true;
        }
        villages.push(PlaceMention {
            text: line.sub(start, village_end),
            span: line.span(start, village_end),
            candidates: Vec::new(),
            level: Level::Village,
            parent_hint: None,
            in_agency: false,
            short: false,
        });
        false
    });
    villages
}

/// Where a village's stem holds a township first (红岭乡|石桥村): the end
/// of the township's name in the stem, when 乡 or 镇 stands after two
/// characters or more and two or more follow it, and no place was printed
/// before the name.
fn township_inside_stem(stem: &[char], level: Level, parent: Option<usize>) -> Option<usize> {
    if parent.is_some() || !matches!(level, Level::Village | Level::Community) {
        return None;
    }
    let m = stem.iter().rposition(|&c| matches!(c, '乡' | '镇'))?;
    (m >= 2 && stem.len() - m > 2).then_some(m + 1)
}

/// Longest stem of a local place name read back from its suffix.
const MAX_STEM: usize = 8;
/// Longest stem read back to punctuation alone (no opener, no place).
const MAX_WEAK_STEM: usize = 4;

/// A list of places closed by their count and level (北套、上曹营、杨董三个村;
/// 翰林、岭口、龙门等四镇): each item is a place of that level.
static COUNTED_LIST_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:等)?(?:[一二两三四五六七八九十]+|\d+)个?(村|镇|乡|社区|嘎查|街道)").unwrap()
});

/// Can [`COUNTED_LIST_END`] start at `c` (等 or a numeral)?
fn count_start(c: char) -> bool {
    match c {
        '等' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            true
        }
        _ if c.is_ascii() => c.is_ascii_digit(),
        // The pattern's \d is Unicode (０-９ and other scripts' digits);
        // no Han character is one, and the Unicode table is slow to ask.
        _ => !is_han(c) && c.is_numeric(),
    }
}

/// The items of a list closed by a count of places of one level (see
/// [`COUNTED_LIST_END`]), each a place of that level. Items are runs of
/// two to six Han characters joined by 、; the list must hold two or more.
fn counted_list_places(line: &LineText, persons: &[PersonMention]) -> Vec<PlaceMention> {
    let chars = &line.chars;
    let mut out = Vec::new();
    for (k, c) in line.text.char_indices() {
        // The count starts with 等 or a numeral: the regex runs only there.
        if !count_start(c) {
            continue;
        }
        let Some(m) = COUNTED_LIST_END.captures(&line.text[k..]) else {
            continue;
        };
        let level = match &m[1] {
            "村" | "嘎查" => Level::Village,
            "社区" => Level::Community,
            _ => Level::Township,
        };
        // Items back from the count: …、item、item(等)N个村.
        let mut e = line.char_of(k);
        let mut items = Vec::new();
        loop {
            let mut s = e;
            while s > 0 && is_han(chars[s - 1]) && !local_stop(chars[s - 1]) && e - s < 6 {
                s -= 1;
            }
            if e - s < 2 {
                break;
            }
            items.push((s, e));
            if s > 0 && chars[s - 1] == '、' {
                e = s - 1;
            } else {
                break;
            }
        }
        if items.len() < 2 {
            continue;
        }
        // The first item has no mark before it: it is no longer than the
        // longest of the others (会议由|东营子、西河套…).
        let longest = items[..items.len() - 1]
            .iter()
            .map(|&(s, e)| e - s)
            .max()
            .unwrap_or(2);
        if let Some(first) = items.last_mut() {
            if first.1 - first.0 > longest {
                first.0 = first.1 - longest;
            }
        }
        for (s, e) in items {
            let span = line.span(s, e);
            if persons.iter().any(|p| p.span.overlaps(span)) {
                continue;
            }
            out.push(PlaceMention {
                text: line.str_of(s, e).to_string(),
                span,
                candidates: Vec::new(),
                level,
                parent_hint: None,
                in_agency: false,
                short: false,
            });
        }
    }
    out.sort_by_key(|p| p.span);
    out
}

/// How a local place name's start is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Opening {
    /// Punctuation, the line's start, or a character no name holds (的).
    Weak,
    /// A word after which places are named (来到, 深入).
    Opener,
    /// A place printed right before (定昌镇柳树村), a pointing word
    /// (该乡石泉村), or a list of names with the same suffix.
    Strong,
}

/// Local places whose name runs from a suffix (村, 社区, 水库, 公园 …:
/// `data/place_suffixes.tsv`) back to where a name starts, however jieba
/// cut it (中塅村 read as 中|塅村). How much the stem must look like a
/// name depends on what marks its start ([`Opening`]): after a place, a
/// pointing word or in a list of such names, any stem without a verb;
/// after 来到/深入 (`data/place_openers.txt`), a stem of nouns; after
/// punctuation alone, a stem jieba reads as a proper name, or cannot read
/// as words at all. The whole is no generic word
/// (`data/not_local_places.txt`).
fn delimited_local_places(
    line: &LineText,
    places: &[PlaceMention],
    persons: &[PersonMention],
) -> Vec<PlaceMention> {
    let chars = &line.chars;
    let deixis = find_deixis(line);
    let mut out: Vec<PlaceMention> = Vec::new();
    let parent_at = |k: usize| {
        places
            .iter()
            .position(|p| p.span.end == line.start + k && p.level != Level::Other)
    };
    let opening = |k: usize, end: usize, suffix: &str| -> Option<Opening> {
        if parent_at(k).is_some()
            || deixis
                .iter()
                .any(|d| d.span.end == line.start + k && !d.text.starts_with('全'))
            || listed_with_same_suffix(chars, k, end, suffix)
        {
            Some(Opening::Strong)
        } else if OPENERS.iter().any(|w| line.str_of(0, k).ends_with(w)) {
            Some(Opening::Opener)
        } else if k == 0 || !is_han(chars[k - 1]) || local_stop(chars[k - 1]) {
            Some(Opening::Weak)
        } else {
            None
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let rest = line.rest(i);
        let Some(local) = LOCAL_SUFFIXES.starting(rest) else {
            i += 1;
            continue;
        };
        let (suffix, level, min_stem) = (&local.suffix, &local.level, &local.min_stem);
        let end = i + suffix.chars().count();
        // 东大街社区, 机场口岸: another suffix goes on with the name.
        let rest_after = line.rest(end);
        if LOCAL_SUFFIXES.starting(rest_after).is_some() {
            i += 1;
            continue;
        }
        let mut found = None;
        for k in 1..=MAX_STEM.min(i) {
            let s = i - k;
            // The stem never takes in a place printed before it: that
            // place is its parent (郭村镇|端村).
            // A short form running up to the suffix is part of the name
            // (沙湾|村).
            let in_place = places.iter().any(|p| {
                p.span.start <= line.start + s
                    && line.start + s < p.span.end
                    && !(p.short && p.span.end == line.start + i)
            });
            if !is_han(chars[s]) || local_stop(chars[s]) || in_place {
                break;
            }
            // 示范村|古塘村: a word ending in the same suffix describes the
            // place named after it.
            if k >= *min_stem && k <= MAX_WEAK_STEM && line.str_of(0, s).ends_with(suffix.as_str())
            {
                found = Some((s, Opening::Opener));
                break;
            }
            // One character after a full place's name (郭村镇|端村); a
            // short form before one character is part of the name
            // (太和|桥片区 is 太和桥片区).
            let full_parent = parent_at(s).is_some_and(|p| !places[p].short);
            if k >= *min_stem || full_parent {
                if let Some(o) = opening(s, end, suffix) {
                    found = Some((s, o));
                    break;
                }
            }
        }
        let Some((s, how)) = found else {
            i += 1;
            continue;
        };
        // After punctuation alone, only a short name is read.
        if how == Opening::Weak && i - s > MAX_WEAK_STEM {
            i += 1;
            continue;
        }
        let stem = &chars[s..i];
        // A zone takes the name of the place it belongs to
        // (株洲高新技术产业开发区).
        let parent = parent_at(s);
        let s = match parent {
            Some(k) if local.zone => places[k].span.start - line.start,
            _ => s,
        };
        let text: String = chars[s..end].iter().collect();
        let span = line.span(s, end);
        let generic = NOT_LOCAL
            .iter()
            .any(|w| text == *w || (parent.is_none() && text.ends_with(w)));
        let bad = generic
            || stem_is_a_suffix(stem)
            || !stem_reads_as_name(line, s, i, how)
            || stem.iter().all(|&c| classes::is_level_char(c))
            || counts_things(stem)
            || persons.iter().any(|p| p.span.overlaps(span))
            || out.iter().any(|o| o.span.overlaps(span));
        if !bad {
            out.push(PlaceMention {
                text,
                span,
                candidates: Vec::new(),
                level: *level,
                parent_hint: parent,
                in_agency: false,
                short: false,
            });
        }
        i = end;
    }
    out
}

/// Is the stem itself a place suffix (机场|口岸, 小区|社区)? Such a name
/// names a kind of place, not one.
fn stem_is_a_suffix(stem: &[char]) -> bool {
    let stem: String = stem.iter().collect();
    LOCAL_SUFFIXES.contains(&stem)
}

/// Is local `[s, e)` (a name, then `suffix` at `e`) an item of a list
/// whose neighbour item ends with the same suffix (石泉村、中塅村)?
fn listed_with_same_suffix(chars: &[char], s: usize, e: usize, suffix: &str) -> bool {
    let suffix: Vec<char> = suffix.chars().collect();
    let end = e;
    // The item after: 、 then up to MAX_STEM characters and the suffix.
    let after = chars.get(end) == Some(&'、')
        && (end + 2..=(end + 1 + MAX_STEM + suffix.len()).min(chars.len())).any(|k| {
            chars[end + 1..k].iter().all(|&c| is_han(c))
                && chars[..k].ends_with(&suffix)
                && k - end - 1 > suffix.len()
        });
    // The item before: it ends with the suffix right before 、.
    let before = s > suffix.len() && chars[s - 1] == '、' && chars[..s - 1].ends_with(&suffix);
    // The name must open the item: at the line's start or after a mark.
    let opens_item = s == 0 || !is_han(chars[s - 1]);
    opens_item && (after || before)
}

/// Does the stem at local `[s, e)` read as a name, given what marks its
/// start? No verb ever; after an opener no adjective, adverb or pronoun
/// either; after punctuation alone, at least one word jieba tags as a
/// proper name, or a character it could join to no word.
fn stem_reads_as_name(line: &LineText, s: usize, e: usize, how: Opening) -> bool {
    let toks: Vec<&crate::extract::Token> = line
        .tokens
        .iter()
        .filter(|t| t.start < e && t.end > s)
        .collect();
    let tag_is = |t: &crate::extract::Token, ps: &[&str]| ps.iter().any(|p| t.tag.starts_with(p));
    // jieba reads rare characters of names as one-character verbs (绣|墩,
    // 望|河村): after a place, in a list or after an opener (来到), only a
    // verb word breaks the name.
    if toks
        .iter()
        .any(|t| tag_is(t, &["v"]) && (how == Opening::Weak || t.end - t.start >= 2))
    {
        return false;
    }
    if how == Opening::Strong {
        return true;
    }
    // Nor an adjective, adverb, pronoun, function word or a localiser
    // inside (教师中|公开选拔社区).
    if toks.iter().any(|t| {
        tag_is(t, &["a", "d", "r", "p", "c", "u", "b", "t"]) || (tag_is(t, &["f"]) && t.start > s)
    }) {
        return false;
    }
    if how == Opening::Opener {
        return true;
    }
    toks.iter().any(|t| {
        tag_is(t, &["ns", "nr", "nz", "j"])
            || (t.end - t.start == 1 && tag_is(t, &["x", "g", "zg"]))
    })
}

/// Does a stem count things rather than name them (八个, 三, 十几)? A
/// numeral may start a name (三星村, 五七水库) but not stand alone or
/// before a classifier (个, 名, 余).
fn counts_things(stem: &[char]) -> bool {
    let numerals = stem.iter().take_while(|&&c| classes::is_numeral(c)).count();
    numerals > 0
        && (stem.len() == 1
            || stem
                .get(numerals)
                .is_some_and(|c| "个座名位户组次批届年月日几余多".contains(*c)))
}

fn starts_with_number_word(chars: &[char]) -> bool {
    chars
        .first()
        .map(|&c| classes::is_numeral(c) || "几多".contains(c))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn local_suffixes_find_the_longest_at_either_end() {
        let suffix = |s: &str| super::LocalSuffix {
            suffix: s.to_string(),
            level: super::Level::Other,
            min_stem: 1,
            zone: false,
        };
        let t = super::LocalSuffixes::new(vec![suffix("村"), suffix("社区"), suffix("新村")]);
        assert_eq!(
            t.ending("柳树新村").map(|x| x.suffix.as_str()),
            Some("新村")
        );
        assert_eq!(t.ending("柳树村").map(|x| x.suffix.as_str()), Some("村"));
        assert_eq!(
            t.starting("社区书记").map(|x| x.suffix.as_str()),
            Some("社区")
        );
        assert_eq!(
            t.starting("新村路").map(|x| x.suffix.as_str()),
            Some("新村")
        );
        assert!(t.ending("柳树").is_none() && t.starting("").is_none());
        assert!(t.contains("新村") && !t.contains("树村"));
    }

    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn places(s: &str) -> Vec<(String, &'static str, bool)> {
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        find_places(&RES, &line, &RES.line_words(&line.text).titles, &[], &[])
            .into_iter()
            .map(|p| (p.text, p.level.as_str(), p.parent_hint.is_some()))
            .collect()
    }

    #[test]
    fn places_ordinary_words_titles_and_compounds() {
        // 代理|县长 holds 理县, 部分|乡镇 holds 分乡镇, 宜居|乡村 holds 宜居乡.
        assert!(places("代理县长王平主持会议。").is_empty());
        assert!(places("他走访了部分乡镇。").is_empty());
        assert!(places("建设美丽宜居乡村。").is_empty());
        // An ordinary word of level characters, a county before 城乡, a
        // two-character county after a noun (a slogan).
        assert!(places("打造宜居的小城镇。").is_empty());
        assert_eq!(places("全州城乡建设会议召开。")[0].0, "全州");
        assert_eq!(places("全州城乡建设会议召开。").len(), 1);
        assert!(places("坚持生态立县、旅游兴县。").is_empty());
        // A township the gazetteer lacks, then its village, read as one.
        let split = places("参观了红岭乡石桥村的合作社。");
        assert_eq!(split[0].0, "红岭乡");
        assert_eq!(split[1].0, "石桥村");
        // The names themselves still read where nothing else does.
        assert_eq!(places("理县县长王平主持会议。")[0].0, "理县");
    }

    #[test]
    fn places_township_then_village() {
        assert_eq!(
            places("韩秀兰一行先后深入定昌镇柳树村卫生所"),
            vec![
                ("定昌镇".into(), "township", false),
                ("柳树村".into(), "village", true)
            ]
        );
    }

    #[test]
    fn places_short_forms_and_generic_words() {
        let p = places("县里选派青年教师赴崇礼、张家口、承德、秦皇岛等地学习,推进美丽乡村建设");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["崇礼", "张家口", "承德", "秦皇岛"]);
    }

    #[test]
    fn places_township_missing_from_gazetteer_after_its_county() {
        let p = places("郑重承诺。岳阳县柳湾镇坚持以党建为引领");
        assert!(p.contains(&("柳湾镇".into(), "township", true)), "{p:?}");
    }

    #[test]
    fn places_zone_takes_its_city_name() {
        let p = places("展销会在株洲高新技术产业开发区拉开帷幕");
        assert!(
            p.iter()
                .any(|x| x.0 == "株洲高新技术产业开发区" && x.1 == "other"),
            "{p:?}"
        );
    }

    #[test]
    fn places_division_named_like_the_head_of_an_agency_is_no_place() {
        // 林业局 is also a division (a forestry bureau's district).
        let line = LineText::tagged(
            "副县长带领县应急管理局、县林业局负责同志深入青山乡护林站",
            0,
            LineKind::Body,
            &RES.jieba,
        );
        let agencies = crate::extract::agencies::find_agencies(&RES, &line);
        let p: Vec<String> = find_places(
            &RES,
            &line,
            &RES.line_words(&line.text).titles,
            &agencies,
            &[],
        )
        .into_iter()
        .map(|p| p.text)
        .collect();
        assert_eq!(p, ["青山乡"]);
    }

    #[test]
    fn places_short_names_inside_words_are_not_places() {
        let p = places("推进乡村振兴,形成县域经济新格局");
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn places_conjunction_before_level_word_is_no_county() {
        let p = places("民警和县消防救援大队指战员参加演练");
        assert!(p.is_empty(), "{p:?}");
        let p = places("安徽省和县人民政府");
        assert!(p.iter().any(|x| x.0 == "和县"), "{p:?}");
    }

    #[test]
    fn places_community_alone() {
        let p = places("在南湖金鹗山社区,辖区内高龄老人");
        assert!(p
            .iter()
            .any(|x| x.0.ends_with("金鹗山社区") && x.1 == "community"));
    }

    #[test]
    fn places_local_names_read_back_to_where_a_name_starts() {
        let names = |s: &str| -> Vec<String> { places(s).into_iter().map(|p| p.0).collect() };
        // However jieba cuts them, listed villages are whole.
        assert_eq!(
            names("她先后来到该乡清泉村、中塅村、尖岭村等地走访。"),
            ["清泉村", "中塅村", "尖岭村"]
        );
        assert_eq!(names("一行到大院村察看安置情况"), ["大院村"]);
        assert_eq!(names("随后深入五七水库查看水位"), ["五七水库"]);
        // A county's short form that a village name goes on from is part of it.
        assert_eq!(names("在沙湾村地质灾害隐患点"), ["沙湾村"]);
        // A one-character name right after its township.
        assert_eq!(names("驻郭村镇端村工作队"), ["郭村镇", "端村"]);
        // Counts and ordinary words are no places.
        assert!(names("会上有8名村党支部书记发言").is_empty());
        assert!(names("彻底改变村容村貌,一行人走村串巷").is_empty());
        assert!(names("从全区专职社区工作者中公开选拔社区党组织书记").is_empty());
    }

    #[test]
    fn places_items_of_a_counted_list() {
        let names = |s: &str| -> Vec<String> { places(s).into_iter().map(|p| p.0).collect() };
        assert_eq!(
            names("会议由东营子、西河套、北沙坨三个村的支部书记述职。"),
            ["东营子", "西河套", "北沙坨"]
        );
        assert_eq!(
            names("受灾的青石、白马、红岩等三镇"),
            ["青石", "白马", "红岩"]
        );
        // One item, or no count: no list of places.
        assert!(names("北沙坨三个村").is_empty());
    }

    #[test]
    fn places_deixis() {
        let line = LineText::from_str(
            "我县严格按照省、市部署,对全县的重点区域开展排查",
            0,
            LineKind::Body,
        );
        let d: Vec<String> = find_deixis(&line).into_iter().map(|d| d.text).collect();
        assert_eq!(d, vec!["我县", "全县"]);
    }
}
