//! Agencies: short forms from the abbreviation table (县残联, 团县委) and full
//! names by a suffix grammar: qualifier words read back from a head
//! (…局, 委员会, 中心, 医院, 有限公司, 党支部 …). A company and its 党支部
//! are kept apart.
//!
//! A name read back from a head must have a proper qualifier: a place or a
//! level word (县, 市), a name jieba does not know as an ordinary word, a
//! number or a quoted name. 乡镇卫生院 and 数字文化馆 are descriptions, not
//! organisations.
//!
//! Reading back may cross a conjunction inside one organ's remit
//! (人力资源和社会保障局), a quoted name (“四水同治”水利服务站), a company's
//! seat in parentheses; never another whole organisation. A name inside an
//! open quotation is a slogan (争创“文明学校”). Companies listed before
//! 等企业 need no legal suffix.

use super::{AgencyMention, LineText};
use crate::resources::{classes, LineWords, Resources};
use crate::text::is_han;
use regex::Regex;
use std::sync::LazyLock;

/// Longest agency name, in characters.
const MAX_AGENCY: usize = 26;
/// Leading words dropped from a name read back from its head.
const LEADING_NOISE: &[&str] = &[
    "相关",
    "有关",
    "其他",
    "其它",
    "多个",
    "部分",
    "各级",
    "各",
    "全体",
    "我",
    "该",
    "本",
    "由",
    "据",
    "经",
    "以",
    "与",
    "和",
    "在",
    "对",
    "向",
    "为",
    "把",
    "被",
    "将",
    "从",
    "记",
    "全县",
    "全市",
    "全区",
    "全省",
    "全镇",
    "全乡",
    "辖区",
    "委托",
    "旗下",
    "联系",
    "村民",
    "群众",
    "各县市",
    "县市",
];
/// Words after which a name read back starts (`data/agency_openers.txt`).
static AGENCY_OPENERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::resources::lexicon::word_lines(include_str!("../../data/agency_openers.txt")).collect()
});
/// Prepositions that, before a level word or a place inside a name read
/// back, end the clause before the name (会议由|旗人大常委会).
const CLAUSE_CHARS: &str = "由对向把被给将让于";
/// Verbs of a name that take a place after them (县驻深圳办事处, 驻村工作队).
const SEAT_VERBS: &[&str] = &["驻"];
/// Measure words: a number before one counts things, it is not a name (40个党支部).
const MEASURES: &str = "个名所家支座位项件处批次户人";
/// One-character particles jieba may glue to a head (督查组与, 服务站在).
const FOLLOWING_PARTICLES: &str = "在与和及同对将把被向为从跟给";
/// Words starting with a level character that are no level (区域性, 市场, 县城).
const NOT_LEVEL_WORDS: &[&str] = &[
    "区域", "市场", "市民", "县城", "县域", "市域", "区县", "村民", "村庄", "村级", "乡村", "镇村",
    "市区", "区块", "省内", "市内", "县内", "区内", "镇内", "村内", "乡亲",
];

/// The end of a list of companies: 等企业, 等3家企业, 等多家公司.
static COMPANY_LIST_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^等(\d+|[一二三四五六七八九十几多数]+)?[家个]?(企业|公司|民营企业|重点企业)")
        .unwrap()
});
/// Template marking a bare sub-unit until [`attach_units`] finds its organisation.
const PARENT_UNIT: &str = "{P}";
/// Sub-unit heads that may be printed alone, and the heads of the
/// organisations they belong to.
const BARE_UNIT_PARENTS: &[(&str, &[&str])] = &[("科", &["医院", "卫生院"]), ("中队", &["大队"])];
/// Longest company name printed without its legal suffix (山西某某镁业).
const MAX_BARE_COMPANY: usize = 16;
/// Endings of listed items that are projects or sites, not companies.
const NOT_COMPANY_ENDINGS: &[&str] = &[
    "工程",
    "项目",
    "工地",
    "基地",
    "园区",
    "产业园",
    "示范区",
    "开发区",
    "村",
    "社区",
    "镇",
    "乡",
    "县",
    "市",
    "区",
    "省",
];

/// Tags of words that may sit inside an organisation's name.
fn nominal(tag: &str) -> bool {
    matches!(
        tag,
        "n" | "nr"
            | "nrt"
            | "nrfg"
            | "ns"
            | "nt"
            | "nz"
            | "nl"
            | "ng"
            | "j"
            | "vn"
            | "an"
            | "eng"
            | "l"
            | "b"
            | "s"
            | "x"
            | "zg"
            | "m"
            | "t"
            | "h"
            | "a"
    )
}

/// Tags that make a qualifier proper (a name, not a description).
fn proper(tag: &str) -> bool {
    matches!(
        tag,
        "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz" | "j" | "eng" | "x"
    )
}

/// Find agencies in one (tagged) line.
pub fn find_agencies(res: &Resources, line: &LineText) -> Vec<AgencyMention> {
    find_agencies_in(res, line, &res.line_words(&line.text))
}

/// [`find_agencies`] with the line's words already found.
pub fn find_agencies_in(res: &Resources, line: &LineText, words: &LineWords) -> Vec<AgencyMention> {
    let mut out: Vec<AgencyMention> = Vec::new();
    for &(s, e, user) in &words.agency_words {
        let text = line.text[s..e].to_string();
        // 县人大代表 is a deputy, not the congress.
        if text.ends_with("人大") && line.text[e..].starts_with("代表") {
            continue;
        }
        // 政协委员 is a member, 政协委员会 read elsewhere.
        if text.ends_with("政协") && line.text[e..].starts_with("委员") {
            continue;
        }
        // 县乡镇医院, 省市委: a level word after another one is no organ's.
        if line.text[..s].chars().last().is_some_and(|c| {
            classes::is_level_char(c) && text.starts_with(|f: char| classes::is_level_char(f))
        }) {
            continue;
        }
        let template = if user {
            None
        } else {
            res.abbreviations.get(&text).cloned()
        };
        out.push(AgencyMention {
            span: line.span_of_bytes(s, e),
            text,
            template,
        });
    }
    let table: Vec<(usize, usize)> = out
        .iter()
        .map(|a| (a.span.start - line.start, a.span.end - line.start))
        .collect();
    let mut cands: Vec<(usize, usize, bool, usize)> = Vec::new(); // (start, end, unit head, head start)
    let heads: Vec<(usize, usize, bool)> = words
        .agency_heads
        .iter()
        .map(|&(b, e, u)| (line.char_of(b), line.char_of(e), u))
        .collect();
    let head_ends: Vec<usize> = heads.iter().map(|h| h.1).collect();
    let mut bare: Vec<(usize, usize)> = Vec::new();
    for &(hs, he, unit) in &heads {
        if let Some(start) = read_back(res, line, hs, he, &table, &head_ends) {
            cands.push((start, he, unit, hs));
        } else if let Some(start) = bare_unit(res, line, hs, he, &head_ends) {
            bare.push((start, he));
        } else if formed_group(line, hs, he) {
            cands.push((hs, he, unit, hs));
        }
    }
    // Nested names: an organisation directly followed by another head is kept
    // only when that head names a sub-unit (公司 + 党支部, 医院 + 科).
    let mut keep = vec![true; cands.len()];
    for i in 0..cands.len() {
        for j in 0..cands.len() {
            if i != j && cands[j].0 == cands[i].0 && cands[j].1 > cands[i].1 {
                let unit = cands[j].2;
                if !unit && cands[j].3 <= cands[i].1 + 6 {
                    keep[i] = false;
                }
            }
        }
    }
    for (k, &(s, e, _, _)) in cands.iter().enumerate() {
        if !keep[k] {
            continue;
        }
        let span = line.span(s, e);
        if out.iter().any(|a| a.span == span) {
            continue;
        }
        let text = line.sub(s, e);
        let template = res.abbreviations.get(&text).cloned();
        out.push(AgencyMention {
            text,
            span,
            template,
        });
    }
    for m in listed_companies(res, line, &out) {
        out.push(m);
    }
    for &(s, e) in &bare {
        let span = line.span(s, e);
        if !out.iter().any(|a| a.span.overlaps(span)) {
            out.push(AgencyMention {
                text: line.str_of(s, e).to_string(),
                span,
                template: Some((PARENT_UNIT.to_string(), None)),
            });
        }
    }
    // A place printed before a short form whose level word ends it
    // (岳阳县妇联, 某某镇党委, 华容县人大常委会): the short form stays, and is
    // named from that place when resolved, not the read-back name.
    let glued: Vec<(crate::text::Span, crate::text::Span)> = out
        .iter()
        .filter(|a| a.template.as_ref().is_some_and(|t| t.1.is_some()))
        .filter_map(|a| {
            out.iter()
                .find(|l| {
                    l.template.is_none()
                        && l.span.end == a.span.end
                        && l.span.start < a.span.start
                        && {
                            let place = line
                                .str_of(l.span.start - line.start, a.span.start - line.start + 1);
                            res.gazetteer
                                .first(place)
                                .is_some_and(|h| h.start == 0 && h.end == place.len())
                        }
                })
                .map(|l| (l.span, a.span))
        })
        .collect();
    out.retain(|a| !glued.iter().any(|g| g.0 == a.span));
    // A short form inside a longer name is not a mention of its own
    // (县残联 inside 沁县残联, 国务院 inside 国务院食品安全委员会办公室),
    // unless the longer name is its sub-unit (县中医院 in 县中医院针灸科).
    let units: Vec<(crate::text::Span, usize)> = cands
        .iter()
        .enumerate()
        .filter(|&(k, c)| keep[k] && c.2)
        .map(|(_, c)| (line.span(c.0, c.1), line.start + c.3))
        .collect();
    let spans: Vec<_> = out.iter().map(|a| a.span).collect();
    out.retain(|a| {
        let parent_of_unit = |s: &crate::text::Span| {
            let starts_with = |u: &crate::text::Span| {
                u.start == a.span.start
                    || glued
                        .iter()
                        .any(|(l, sh)| *sh == a.span && l.start == u.start)
            };
            // 县纪委 in 县纪委监委 is no organisation of its own.
            let itself_unit = res
                .agency_heads
                .find(&a.text)
                .last()
                .is_some_and(|&(_, e, u)| u && e == a.text.len());
            !itself_unit
                && units
                    .iter()
                    .any(|(u, hs)| u == s && starts_with(u) && *hs >= a.span.end)
        };
        a.template.is_none()
            || !spans
                .iter()
                .any(|s| s.contains(a.span) && *s != a.span && !parent_of_unit(s))
    });
    out.sort_by_key(|a| a.span);
    out
}

/// A sub-unit named without its organisation (针灸科, 事故中队), printed
/// after a word that starts no name: its start. The article must name the
/// organisation it belongs to (see [`attach_units`]).
fn bare_unit(
    res: &Resources,
    line: &LineText,
    hs: usize,
    he: usize,
    head_ends: &[usize],
) -> Option<usize> {
    let head = line.str_of(hs, he);
    if !BARE_UNIT_PARENTS.iter().any(|(h, _)| *h == head) {
        return None;
    }
    let toks = &line.tokens;
    let hi = line.token_at(hs)?;
    if toks[hi].end != he {
        return None;
    }
    // The qualifier is the word before the head, or jieba's word holding
    // both (康复科).
    let (q, qi) = if toks[hi].start == hs {
        (toks.get(hi.checked_sub(1)?)?, hi - 1)
    } else {
        (&toks[hi], hi)
    };
    let word = line.str_of(q.start, hs);
    let named = matches!(q.tag.as_str(), "n" | "vn" | "nr")
        || (q.tag == "v" && res.agency_verbs.contains(word));
    if word.chars().count() != 2 || !word.chars().all(is_han) || !named {
        return None;
    }
    let before = line.str_of(q.start, he);
    if ends_with_non_agency(res, before) {
        return None;
    }
    // What precedes: the line start, punctuation, a function word or verb,
    // or the organisation itself (该大队事故中队).
    let free = q.start == 0
        || head_ends.contains(&q.start)
        || toks.get(qi.wrapping_sub(1)).is_some_and(|p| {
            let w = line.str_of(p.start, p.end);
            !w.chars().any(is_han)
                || matches!(
                    p.tag.as_str(),
                    "p" | "c" | "v" | "r" | "d" | "u" | "uj" | "ul" | "f"
                )
        });
    free.then_some(q.start)
}

/// A group named by its head alone where it is formed (由市人大、市教育局
/// 组成的调研组): an organisation of its own.
fn formed_group(line: &LineText, hs: usize, he: usize) -> bool {
    let head = line.str_of(hs, he);
    let before = line.str_of(hs.saturating_sub(3), hs);
    head.chars().count() >= 2
        && head.ends_with('组')
        && line.on_boundaries(hs, he)
        && matches!(before, "组成的" | "成立的" | "组建的" | "抽调的")
}

/// Give bare sub-units (针灸科) the organisation named before them in the
/// article (县中医院针灸科 -> 康复科 is 县中医院's); drop those
/// without one.
pub fn attach_units(agencies: &mut Vec<AgencyMention>) {
    let mut drop = Vec::new();
    for i in 0..agencies.len() {
        if agencies[i].template.as_ref().map(|t| t.0.as_str()) != Some(PARENT_UNIT) {
            continue;
        }
        let text = agencies[i].text.clone();
        let parents: Vec<&str> = BARE_UNIT_PARENTS
            .iter()
            .filter(|(h, _)| text.ends_with(h))
            .flat_map(|(_, p)| p.iter().copied())
            .collect();
        let start = agencies[i].span.start;
        let parent = agencies
            .iter()
            .filter(|a| a.span.end <= start)
            .filter(|a| a.template.as_ref().map(|t| t.0.as_str()) != Some(PARENT_UNIT))
            .filter_map(|a| {
                // The organisation itself, or the one a sub-unit belongs to.
                let org_end = parents
                    .iter()
                    .filter_map(|p| a.text.rfind(p).map(|k| k + p.len()))
                    .max()?;
                Some((a, org_end))
            })
            .max_by_key(|(a, _)| a.span.start);
        match parent {
            Some((a, org_end)) => {
                let org = &a.text[..org_end];
                let full = org == a.text;
                let template = match &a.template {
                    Some((t, l)) if full => (format!("{t}{text}"), *l),
                    _ => {
                        // A read-back name: its canonical is its text.
                        let lc = org.chars().next().filter(|c| classes::is_level_char(*c));
                        match lc {
                            Some(c) => (format!("{{J}}{}{text}", &org[c.len_utf8()..]), Some(c)),
                            None => (format!("{org}{text}"), None),
                        }
                    }
                };
                agencies[i].template = Some(template);
            }
            None => drop.push(i),
        }
    }
    for i in drop.into_iter().rev() {
        agencies.remove(i);
    }
}

/// Companies listed without their legal suffix before 等企业 (走访山西某某
/// 镁业、山西某某科技等企业): each item that starts with a place and is
/// not already an agency, a project or a place.
fn listed_companies(
    res: &Resources,
    line: &LineText,
    found: &[AgencyMention],
) -> Vec<AgencyMention> {
    let mut out = Vec::new();
    let chars = &line.chars;
    // The pattern starts with 等: only there is it worth running.
    for (i, _) in line.text.match_indices('等') {
        let Some(m) = COMPANY_LIST_END.find(&line.text[i..]) else {
            continue;
        };
        if m.start() != 0 {
            continue;
        }
        let end = line.char_of(i);
        // The list: items separated by 、, back to the clause start.
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut e = end;
        let mut s = end;
        while s > 0 && end - s <= 6 * MAX_BARE_COMPANY {
            let c = chars[s - 1];
            if c == '、' {
                items.push((s, e));
                e = s - 1;
            } else if !(is_han(c) || c.is_ascii_alphanumeric()) {
                break;
            }
            s -= 1;
        }
        items.push((s, e));
        let first = items.len() - 1;
        for (k, &(s, e)) in items.iter().enumerate() {
            // The first item follows the clause's verb (来到, 走访): it starts
            // at its last place name.
            let mut s = s;
            if k == first {
                let seg = line.str_of(s, e);
                let hits = res.gazetteer.find(seg);
                let Some(h) = hits.iter().rev().find(|h| {
                    let at = s + seg[..h.start].chars().count();
                    line.token_at(at).map(|t| line.tokens[t].start == at) == Some(true)
                }) else {
                    continue;
                };
                s += seg[..h.start].chars().count();
            }
            let item = line.str_of(s, e);
            let n = item.chars().count();
            if !(4..=MAX_BARE_COMPANY).contains(&n) {
                continue;
            }
            let Some(p) = res.gazetteer.first(item).filter(|h| h.start == 0) else {
                continue;
            };
            if item[p.end..].chars().count() < 2
                || NOT_COMPANY_ENDINGS.iter().any(|w| item.ends_with(w))
            {
                continue;
            }
            let span = line.span(s, e);
            if found.iter().any(|a| a.span.overlaps(span)) {
                continue;
            }
            out.push(AgencyMention {
                text: item.to_string(),
                span,
                template: None,
            });
        }
    }
    out
}

/// Whether a place is named at character `c`: a level word (县, 区民政局;
/// not 市场) or a gazetteer name.
fn names_a_place(res: &Resources, line: &LineText, c: usize) -> bool {
    starts_with_level_word(line.rest(c)) || starts_with_place(res, line, c)
}

/// Does `text` start with a level word naming a place's organ (县委, 市人民
/// 医院), not two levels (省市) nor a level grade (县级) nor an ordinary word
/// (市场, 县城)?
fn starts_with_level_word(text: &str) -> bool {
    let mut chars = text.chars();
    let level = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => classes::is_level_char(a) && !classes::is_level_char(b) && b != '级',
        _ => false,
    };
    level && !NOT_LEVEL_WORDS.iter().any(|w| text.starts_with(w))
}

/// Does a gazetteer place name start at local char `c`?
fn starts_with_place(res: &Resources, line: &LineText, c: usize) -> bool {
    let rest = line.rest(c);
    let window: String = rest.chars().take(12).collect();
    res.gazetteer
        .first(&window)
        .map(|h| h.start == 0)
        .unwrap_or(false)
}

/// Read an organisation's name back from its head `[hs, he)`: the start of
/// the name, or None when what precedes the head is no proper name. A name
/// may hold a conjunction (人力资源和社会保障局, 某县城乡规划和建设服务中心);
/// when the name read across it is no name, it is read again without.
fn read_back(
    res: &Resources,
    line: &LineText,
    hs: usize,
    he: usize,
    table: &[(usize, usize)],
    head_ends: &[usize],
) -> Option<usize> {
    read_back_with(res, line, hs, he, table, head_ends, true)
        .or_else(|| read_back_with(res, line, hs, he, table, head_ends, false))
}

/// Does `s` end with a word that ends in a head but names no organisation
/// (全部, 干部)? The last bytes are compared first: a head is read back
/// thousands of times a page, and most words end otherwise.
fn ends_with_non_agency(res: &Resources, s: &str) -> bool {
    let last = s.as_bytes().last();
    res.non_agency
        .iter()
        .any(|w| w.as_bytes().last() == last && s.ends_with(w.as_str()))
}

/// Does a short form from the abbreviation table start or end at `c`?
fn table_edge(table: &[(usize, usize)], c: usize) -> bool {
    table.iter().any(|&(s, e)| s == c || e == c)
}

/// May the conjunction token `k` (和, 及) sit inside the name being read,
/// joining two parts of one organ's remit (规划和建设服务中心)? Not when
/// what follows it is a name of its own (县委和县政府, 长治和晋城…) or what
/// precedes it is a whole organisation (公安局和…).
fn inner_conjunction(
    res: &Resources,
    line: &LineText,
    k: usize,
    table: &[(usize, usize)],
    head_ends: &[usize],
) -> bool {
    let toks = &line.tokens;
    let t = &toks[k];
    let word = line.str_of(t.start, t.end);
    if t.tag != "c" || !matches!(word, "和" | "及") || k == 0 || k + 1 >= toks.len() {
        return false;
    }
    let (prev, next) = (&toks[k - 1], &toks[k + 1]);
    let prev_word = line.str_of(prev.start, prev.end);
    let next_word = line.str_of(next.start, next.end);
    let han = |w: &str| w.chars().all(is_han);
    if !han(prev_word) || !han(next_word) {
        return false;
    }
    if head_ends.contains(&t.start) || table_edge(table, t.start) || table_edge(table, t.end) {
        return false;
    }
    let level_word =
        next_word.chars().count() == 1 && next_word.chars().all(classes::is_level_char);
    !(level_word || starts_with_place(res, line, t.end) || proper_place_tag(&next.tag))
}

fn proper_place_tag(tag: &str) -> bool {
    tag == "ns" || tag == "nt"
}

/// A quoted stretch `“…”` ending right before local char `end`: its start.
fn quote_before(line: &LineText, end: usize) -> Option<usize> {
    if end == 0 || !matches!(line.chars[end - 1], '”' | '"') {
        return None;
    }
    let lo = end.saturating_sub(14);
    (lo..end - 1)
        .rev()
        .take_while(|&i| {
            !matches!(
                line.chars[i],
                '”' | '。' | ',' | '\u{ff0c}' | ';' | '\u{ff1b}'
            )
        })
        .find(|&i| matches!(line.chars[i], '“' | '"'))
}

/// A parenthesised place `(岳阳)` ending right before local char `end`
/// (a company's seat, 某某(岳阳)有限公司): its start.
fn place_in_parens_before(res: &Resources, line: &LineText, end: usize) -> Option<usize> {
    if end == 0 || !matches!(line.chars[end - 1], ')' | '\u{ff09}') {
        return None;
    }
    let lo = end.saturating_sub(10);
    let open = (lo..end - 1)
        .rev()
        .find(|&i| matches!(line.chars[i], '(' | '\u{ff08}'))?;
    let inner = line.str_of(open + 1, end - 1);
    let whole = res
        .gazetteer
        .first(inner)
        .map(|h| h.start == 0 && h.end == inner.len())
        .unwrap_or(false);
    whole.then_some(open)
}

#[allow(clippy::too_many_arguments)]
fn read_back_with(
    res: &Resources,
    line: &LineText,
    hs: usize,
    he: usize,
    table: &[(usize, usize)],
    head_ends: &[usize],
    allow_conj: bool,
) -> Option<usize> {
    let ti = head_ends_a_word(res, line, hs, he)?;
    let ctx = ReadBack {
        res,
        line,
        hs,
        he,
        table,
        head_ends,
    };
    let mut walk = Walk {
        start: line.tokens[ti].start.min(hs),
        j: 0,
        crossed_parens: false,
        conj: None,
    };
    // A head of several tokens (巡察|组) is read back from its first.
    walk.j = line
        .token_at(walk.start)
        .filter(|&k| line.tokens[k].start == walk.start)
        .unwrap_or(ti);
    while walk.j > 0 {
        let step = [
            too_long,
            name_after_another_head,
            organisation_printed_before,
            quoted_qualifier,
            seat_in_parens,
            person_after_title,
            post_or_action_before_level_word,
            verb_joining_two_actors,
            conjunction_before_level_word,
        ]
        .iter()
        .find_map(|rule| rule(&ctx, &walk));
        let step = step.or_else(|| {
            (allow_conj && inner_conjunction(res, line, walk.j - 1, table, head_ends))
                .then(|| Step::Conj(line.tokens[walk.j - 1].start))
        });
        let step = step
            .or_else(|| brand_particle(&ctx, &walk))
            .unwrap_or_else(|| qualifier_word(&ctx, &walk));
        match step {
            Step::Stop => break,
            Step::StopAt(s) => {
                walk.start = s;
                break;
            }
            Step::Jump(s, k, parens) => {
                walk.start = s;
                walk.j = k;
                walk.crossed_parens |= parens;
            }
            Step::Conj(s) => {
                walk.conj = Some(s);
                walk.start = s;
                walk.j -= 1;
            }
            Step::Take => {
                walk.start = line.tokens[walk.j - 1].start;
                walk.j -= 1;
            }
        }
    }
    let mut start = drop_leading_descriptions(line, walk.start, hs, walk.crossed_parens);
    start = drop_leading_noise(res, line, start, hs, he);
    if lone_name_before_short_head(line, ti, start, hs, he)
        || conjunction_joins_whole_names(walk.conj, start, table, head_ends)
        || schools_by_grade(res, line, start, hs, he)
        || in_quotation(line, start, he)
    {
        return None;
    }
    let name = line.str_of(start, he);
    if res.abbreviations.contains_key(name) {
        return Some(start);
    }
    // An organ's short form before a head modifies it (市委中心工作).
    if table.iter().any(|&(s, e)| s == start && e == hs) || hs < start + 2 {
        return None;
    }
    has_proper_qualifier(res, line, start, hs, he).then_some(start)
}

/// What a head is read back with: the line, the head `[hs, he)`, the short
/// forms of the table found in the line, and where heads end in it.
struct ReadBack<'a> {
    res: &'a Resources,
    line: &'a LineText,
    hs: usize,
    he: usize,
    table: &'a [(usize, usize)],
    head_ends: &'a [usize],
}

/// Where the reading back stands: the name's start so far, the token
/// before it is `j - 1`.
struct Walk {
    start: usize,
    j: usize,
    crossed_parens: bool,
    conj: Option<usize>,
}

/// What a rule says of the token before the name read so far.
enum Step {
    /// The name starts where it stands.
    Stop,
    /// The name starts here.
    StopAt(usize),
    /// Go on from this start and token, having crossed parentheses or not.
    Jump(usize, usize, bool),
    /// Take in a conjunction at this start (规划和建设…).
    Conj(usize),
    /// Take the token in and go on.
    Take,
}

/// The head must end a word: 中心 in 中心工作 does not. 教育科技局局长 is
/// read 局局长: the head still ends the name when a title follows; jieba
/// glues a following particle to a head (督查组与, 服务站在): still a name.
/// Returns the head's last token.
fn head_ends_a_word(res: &Resources, line: &LineText, hs: usize, he: usize) -> Option<usize> {
    let before = line.str_of(hs.saturating_sub(3), he);
    if ends_with_non_agency(res, before) {
        return None;
    }
    let ti = line.token_at(he - 1)?;
    let toks = &line.tokens;
    // 所 before a verb is the particle (某某所取得的进步), not an institute.
    let next = line.token_at(he).map(|i| &toks[i]);
    if line.str_of(hs, he) == "所" && next.is_some_and(|t| t.start == he && t.tag.starts_with('v'))
    {
        return None;
    }
    // 政府工作报告 names a document.
    if line.rest(he).starts_with("工作报告") {
        return None;
    }
    if toks[ti].end != he {
        let rest = line.str_of(he, toks[ti].end);
        let title_follows = res.titles.first(rest).map(|m| m.0 == 0).unwrap_or(false);
        let particle = rest.chars().count() == 1 && FOLLOWING_PARTICLES.contains(rest);
        if !title_follows && !particle {
            return None;
        }
    }
    Some(ti)
}

/// No name is longer than [`MAX_AGENCY`].
fn too_long(c: &ReadBack, w: &Walk) -> Option<Step> {
    (c.he - c.line.tokens[w.j - 1].start > MAX_AGENCY).then_some(Step::Stop)
}

/// An organisation named after another one's head, starting with a place,
/// is a name of its own (…总队山西省护理学会 -> 山西省护理学会).
fn name_after_another_head(c: &ReadBack, w: &Walk) -> Option<Step> {
    (c.head_ends.contains(&w.start) && starts_with_place(c.res, c.line, w.start))
        .then_some(Step::Stop)
}

/// Never swallow another organisation printed right before, when what
/// follows it is a whole name of its own (市政协|市农业农村局).
fn organisation_printed_before(c: &ReadBack, w: &Walk) -> Option<Step> {
    (c.table.iter().any(|&(s, e)| e == w.start && s < w.start)
        && classes::is_level_char(c.line.chars[w.start]))
    .then_some(Step::Stop)
}

/// A quoted name as qualifier (“四水同治”水利服务站) is read whole, unless
/// what follows it starts no name (“面对面”联系…) or an organisation is
/// printed right before it (县司法局“…”调解室).
fn quoted_qualifier(c: &ReadBack, w: &Walk) -> Option<Step> {
    let after_quote = c.line.str_of(w.start, c.hs);
    let q = quote_before(c.line, w.start).filter(|&q| {
        !LEADING_NOISE.iter().any(|x| after_quote.starts_with(x))
            && !c.head_ends.contains(&q)
            && !table_edge(c.table, q)
    })?;
    let k = c
        .line
        .token_at(q)
        .filter(|&k| c.line.tokens[k].start == q)?;
    Some(Step::Jump(q, k, false))
}

/// A company's seat in parentheses: 某某(岳阳)有限公司.
fn seat_in_parens(c: &ReadBack, w: &Walk) -> Option<Step> {
    let p = place_in_parens_before(c.res, c.line, w.start)?;
    let k = c
        .line
        .token_at(p)
        .filter(|&k| c.line.tokens[k].start == p)?;
    Some(Step::Jump(p, k, true))
}

/// 副市长张伟到|和龙市林业局: a name after a title is a person's.
fn person_after_title(c: &ReadBack, w: &Walk) -> Option<Step> {
    let toks = &c.line.tokens;
    let t = &toks[w.j - 1];
    (t.tag.starts_with("nr")
        && w.j >= 2
        && c.res
            .titles
            .get(c.line.str_of(toks[w.j - 2].start, toks[w.j - 2].end))
            .is_some())
    .then_some(Step::Stop)
}

/// 市长会见|省交通投资集团, 调研|县…: a name starting with a level word is
/// not read on across a post or an action before it.
fn post_or_action_before_level_word(c: &ReadBack, w: &Walk) -> Option<Step> {
    let t = &c.line.tokens[w.j - 1];
    let word = c.line.str_of(t.start, t.end);
    (classes::is_level_char(c.line.chars[w.start])
        && (c.res.titles.get(word).is_some() || c.res.triggers.get(word).is_some()))
    .then_some(Step::Stop)
}

/// 某街道联合区民政局开展…: a verb of a name (联合执法队) followed by a
/// place or level word is the sentence's verb, joining two actors.
fn verb_joining_two_actors(c: &ReadBack, w: &Walk) -> Option<Step> {
    let t = &c.line.tokens[w.j - 1];
    let word = c.line.str_of(t.start, t.end);
    (c.res.agency_verbs.contains(word)
        && !SEAT_VERBS.contains(&word)
        && names_a_place(c.res, c.line, w.start))
    .then_some(Step::Stop)
}

/// 民警和县消防救援大队: 和县 is 和 and the level word; 和龙|市, 和硕|县 are
/// names of places.
fn conjunction_before_level_word(c: &ReadBack, w: &Walk) -> Option<Step> {
    let t = &c.line.tokens[w.j - 1];
    (super::places::conjunction_then_level(c.line, t.start, t.end)
        && classes::is_level_char(c.line.chars[t.start + 1]))
    .then_some(Step::StopAt(t.start + 1))
}

/// A company's brand is any string of characters: jieba may cut one off
/// a proper name as a particle (湘阴|同|旅游…有限公司).
fn brand_particle(c: &ReadBack, w: &Walk) -> Option<Step> {
    let toks = &c.line.tokens;
    let t = &toks[w.j - 1];
    let word = c.line.str_of(t.start, t.end);
    let head = c.line.str_of(c.hs, c.he);
    let company = head.ends_with("公司") || head.ends_with("集团");
    (company
        && word.chars().count() == 1
        && word.chars().all(is_han)
        && w.j >= 2
        && matches!(toks[w.j - 2].tag.as_str(), "ns" | "nr" | "nrt" | "nz")
        && toks[w.j - 2].end - toks[w.j - 2].start >= 2)
        .then_some(Step::Take)
}

/// May the token before the name be part of it: a noun-like word, an
/// ordinal or a plain number (not one that counts: 40个), a numbered team
/// (一大队), a verb that names what an organ does (行政审批服务管理局)
/// unless right after another organisation, a quote mark?
fn qualifier_word(c: &ReadBack, w: &Walk) -> Step {
    let t = &c.line.tokens[w.j - 1];
    let word = c.line.str_of(t.start, t.end);
    let quote = matches!(word, "“" | "”" | "\"");
    if !quote
        && !word
            .chars()
            .any(|ch| is_han(ch) || ch.is_ascii_alphanumeric())
    {
        return Step::Stop;
    }
    let ok = if t.tag == "m" {
        let ordinal = word.starts_with('第');
        let digits = word.chars().all(|ch| ch.is_ascii_digit());
        let counted = c
            .line
            .chars
            .get(t.end)
            .map(|ch| MEASURES.contains(*ch))
            .unwrap_or(false);
        let numbered_team = t.end == c.hs
            && c.line.str_of(c.hs, c.he).ends_with('队')
            && word.chars().all(classes::is_numeral);
        ordinal || (digits && !counted) || numbered_team
    } else if t.tag.starts_with('v') && t.tag != "vn" {
        c.res.agency_verbs.contains(word) && !c.head_ends.contains(&t.start)
    } else {
        quote || nominal(&t.tag)
    };
    if ok {
        Step::Take
    } else {
        Step::Stop
    }
}

/// A name does not start with a description (特别是在, 成功, 青年): drop
/// leading words of such tags. 当代置业(岳阳)有限公司: a company's brand
/// may be such a word.
fn drop_leading_descriptions(line: &LineText, mut start: usize, hs: usize, parens: bool) -> usize {
    let toks = &line.tokens;
    while let Some(i) = line.token_at(start) {
        let t = &toks[i];
        let weak = matches!(
            t.tag.as_str(),
            "l" | "a" | "t" | "vn" | "v" | "h" | "d" | "an"
        ) || (t.tag == "m" && !line.str_of(t.start, t.end).starts_with('第'));
        let brand = parens && t.tag == "t";
        if weak && !brand && t.start == start && t.end < hs {
            start = t.end;
        } else {
            break;
        }
    }
    start
}

/// Drop leading noise and descriptions (新建, 智慧), an unbalanced opening
/// quote, punctuation. A place named with such a word is no noise: 和龙市,
/// 本溪市, 将乐县; 新建区 is a place, not a description.
fn drop_leading_noise(
    res: &Resources,
    line: &LineText,
    mut start: usize,
    hs: usize,
    he: usize,
) -> usize {
    loop {
        let rest = line.str_of(start, he);
        let place_len = || {
            res.gazetteer
                .first(rest)
                .filter(|h| h.start == 0)
                .map_or(0, |h| rest[..h.end].chars().count())
        };
        if let Some(w) = LEADING_NOISE.iter().find(|w| rest.starts_with(**w)) {
            let n = w.chars().count();
            if rest.chars().count() > n + 1 && place_len() <= n {
                start += n;
                continue;
            }
        }
        if let Some(w) = res
            .agency_descriptors
            .iter()
            .find(|w| rest.starts_with(w.as_str()))
        {
            let n = w.chars().count();
            if start + n <= hs && place_len() <= n {
                start += n;
                continue;
            }
        }
        // 施工单位|某某公司: the name starts after the last opener.
        if let Some(n) = AGENCY_OPENERS
            .iter()
            .filter_map(|w| {
                let before = line.str_of(start, hs);
                before
                    .rfind(w)
                    .map(|b| before[..b].chars().count() + w.chars().count())
            })
            .max()
        {
            if start + n < hs {
                start += n;
                continue;
            }
        }
        let first = line.chars[start];
        let balanced = first == '“' && rest.contains('”');
        if !(is_han(first) || first.is_ascii_alphanumeric() || balanced) && start < hs {
            start += 1;
            continue;
        }
        return start;
    }
}

/// A one-character head ending a lone word jieba takes for a person's
/// name (王春院) is no organ.
fn lone_name_before_short_head(
    line: &LineText,
    ti: usize,
    start: usize,
    hs: usize,
    he: usize,
) -> bool {
    let t = &line.tokens[ti];
    he - hs == 1 && t.start < hs && t.tag.starts_with("nr") && start == t.start
}

/// Read across a conjunction, the part before it must hold no whole
/// organisation (县医院门诊部和实验中学 is a list).
fn conjunction_joins_whole_names(
    conj: Option<usize>,
    start: usize,
    table: &[(usize, usize)],
    head_ends: &[usize],
) -> bool {
    conj.is_some_and(|c| {
        c <= start
            || head_ends.iter().any(|&e| e > start && e <= c)
            || table.iter().any(|&(s, e)| s >= start && e <= c)
    })
}

/// 某县小学1—3年级: a place's schools by grade, not one school.
fn schools_by_grade(res: &Resources, line: &LineText, start: usize, hs: usize, he: usize) -> bool {
    if !matches!(
        line.str_of(hs, he),
        "小学" | "中学" | "初中" | "高中" | "学校"
    ) {
        return false;
    }
    let after: String = line.chars[he..].iter().take(6).collect();
    let place = line.str_of(start, hs);
    let whole_place = res
        .gazetteer
        .first(place)
        .is_some_and(|h| h.start == 0 && h.end == place.len());
    let grade = after.starts_with(|ch: char| ch.is_ascii_digit() || classes::is_numeral(ch))
        && after.contains("年级");
    whole_place && grade
}

/// A name inside an open quotation is a slogan or campaign (推广“法院+调解”,
/// 争创“文明学校”), not an organisation.
fn in_quotation(line: &LineText, start: usize, he: usize) -> bool {
    let name = line.str_of(start, he);
    let open_quote = name
        .rfind('“')
        .map(|q| !name[q..].contains('”'))
        .unwrap_or(false);
    open_quote || (start > 0 && matches!(line.chars[start - 1], '“'))
}

/// A proper qualifier: a level word, a place, an unknown or proper word, a
/// number, a quote.
fn has_proper_qualifier(
    res: &Resources,
    line: &LineText,
    start: usize,
    hs: usize,
    he: usize,
) -> bool {
    let name = line.str_of(start, he);
    let level_start = starts_with_level_word(name);
    let has_proper = line
        .tokens
        .iter()
        .filter(|t| t.end > start && t.start < hs)
        .any(|t| proper(&t.tag) && line.str_of(t.start, t.end).chars().any(is_han))
        || res
            .gazetteer
            .first(name)
            .map(|h| h.start == 0)
            .unwrap_or(false);
    let numbered = name.contains('第') || name.chars().any(|c| c.is_ascii_digit());
    let quoted = name.contains('“') || name.contains('”');
    level_start || has_proper || numbered || quoted
}

/// Legal suffixes of companies: a company's name runs back from one to
/// where the name starts, over places and its seat in parentheses
/// (清河精密电子江城有限公司, 某某生物技术(上海)股份有限公司), where the
/// grammar, stopping at a place or a conjunction, read only its end.
const COMPANY_SUFFIXES: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];
/// Words after which a company's name starts (来到某某有限公司).
const COMPANY_OPENERS: &[&str] = &[
    "到", "在", "与", "同", "及", "对", "为", "向", "至", "于", "的", "了", "是", "由", "从", "将",
    "把", "被", "给", "跟", "来到", "走进", "深入", "参观", "考察", "走访", "调研", "落户", "位于",
    "前往", "其中", "辖区",
];
/// Longest company name, in characters.
const MAX_COMPANY: usize = 26;

/// Extend companies read only in part to their whole name (see
/// [`COMPANY_SUFFIXES`]): back over characters of names and parentheses to
/// a mark, the line's start or an opener word; a group named before its
/// subsidiary (某某集团甘肃某某有限公司) is part of it.
pub fn whole_company_names(res: &Resources, line: &LineText, agencies: &mut Vec<AgencyMention>) {
    let chars = &line.chars;
    let mut merged: Vec<crate::text::Span> = Vec::new();
    for k in 0..agencies.len() {
        let a = &agencies[k];
        if !COMPANY_SUFFIXES.iter().any(|x| a.text.ends_with(x)) {
            continue;
        }
        let (s0, e) = (a.span.start - line.start, a.span.end - line.start);
        if a.text.chars().count() != e - s0 {
            continue;
        }
        // Another organisation ending here closes the walk (某中心和|某某有限公司),
        // unless it is a group named before its subsidiary.
        let other_ends = |k: usize| {
            agencies.iter().any(|o| {
                o.span.end == line.start + k
                    && o.span.end <= line.start + s0
                    && !o.text.ends_with("集团")
            })
        };
        let mut s = s0;
        while s > 0
            && e - s < MAX_COMPANY
            && !other_ends(s)
            && !(other_ends(s - 1) && chars[s - 1] == '和')
            && (is_han(chars[s - 1]) || matches!(chars[s - 1], '(' | ')'))
            && !COMPANY_OPENERS
                .iter()
                .any(|w| line.str_of(0, s).ends_with(w) && !line.str_of(s0, e).starts_with(w))
        {
            s -= 1;
        }
        // Only a mark or an opener may open the name; a verb inside means
        // the walk went past the name into the sentence.
        let opened = s == 0
            || !is_han(chars[s - 1]) && !matches!(chars[s - 1], '(' | ')')
            || COMPANY_OPENERS
                .iter()
                .any(|w| line.str_of(0, s).ends_with(w))
            || other_ends(s)
            || (chars[s - 1] == '和' && other_ends(s - 1));
        let verb_inside = line
            .tokens
            .iter()
            .any(|t| t.start >= s && t.end <= s0 && t.tag.starts_with('v'));
        let open_paren =
            line.str_of(s, e).matches('(').count() != line.str_of(s, e).matches(')').count();
        if s == s0
            || !opened
            || verb_inside
            || open_paren
            || ends_with_non_agency(res, line.str_of(s, s0))
        {
            continue;
        }
        let span = line.span(s, e);
        agencies[k].text = line.str_of(s, e).to_string();
        agencies[k].span = span;
        agencies[k].template = None;
        merged.push(span);
    }
    // What the whole names took in (the group before its subsidiary) goes.
    agencies.retain(|a| !merged.iter().any(|m| m.contains(a.span) && *m != a.span));
}

/// A name read back over a clause (会议由旗人大常委会, 人大代表对县政协):
/// it starts after the last preposition, particle or verb inside it that a
/// level word or a place follows. A name left shorter than three
/// characters is dropped.
pub fn trim_at_clauses(res: &Resources, line: &LineText, agencies: &mut Vec<AgencyMention>) {
    agencies.retain_mut(|a| {
        let (s, e) = (a.span.start - line.start, a.span.end - line.start);
        if a.text.chars().count() != e - s {
            return true; // read across a line break
        }
        // The name opens right after the function word or verb, with a
        // level word or a place (…由|旗人大常委会, …对|县政协).
        let opens = |k: usize| {
            classes::is_division_level_char(line.chars[k])
                || res
                    .gazetteer
                    .first(line.rest(k))
                    .is_some_and(|h| h.start == 0)
        };
        let by_token = line
            .tokens
            .iter()
            .filter(|t| t.start > s && t.end < e && opens(t.end))
            .filter(|t| !SEAT_VERBS.contains(&line.str_of(t.start, t.end)))
            .filter(|t| matches!(t.tag.as_str(), "p" | "v" | "u"))
            .map(|t| t.end)
            .max();
        // jieba may glue a preposition to a rare level word (由旗): read
        // the characters too.
        let by_char = (s + 1..e.saturating_sub(1))
            .filter(|&k| CLAUSE_CHARS.contains(line.chars[k]) && opens(k + 1))
            .map(|k| k + 1)
            .max();
        let cut = by_token.max(by_char);
        let Some(start) = cut else {
            return true;
        };
        if e - start < 3 {
            return false;
        }
        a.text = line.str_of(start, e).to_string();
        a.span = line.span(start, e);
        a.template = res.abbreviations.get(&a.text).cloned();
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    #[test]
    fn agencies_clause_before_a_name_is_no_part_of_it() {
        let trimmed = |s: &str| -> Vec<String> {
            let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
            let mut a = find_agencies(&RES, &line);
            trim_at_clauses(&RES, &line, &mut a);
            a.into_iter().map(|a| a.text).collect()
        };
        assert_eq!(trimmed("会议由旗人大常委会副主任主持。"), ["旗人大常委会"]);
        assert_eq!(trimmed("听取群众对县政协工作的意见"), ["县政协"]);
        // A seat verb keeps its place (驻某地工作队).
        assert_eq!(trimmed("省驻长治工作队到村"), ["省驻长治工作队"]);
    }

    #[test]
    fn agencies_start_after_an_apposition_or_a_post_verb() {
        assert_eq!(
            check("施工单位清河建筑工程公司介绍了进度。"),
            ["清河建筑工程公司"]
        );
        assert_eq!(check("他现任翰墨轩艺术馆馆长。"), ["翰墨轩艺术馆"]);
    }

    #[test]
    fn agencies_particle_and_document_are_no_heads() {
        assert!(check("肯定了清河县教育事业发展所取得的进步。").is_empty());
        assert!(check("县长王平作政府工作报告。").is_empty());
    }

    #[test]
    fn agencies_new_heads() {
        assert_eq!(check("参加中共江南省委党校培训"), ["中共江南省委党校"]);
        assert_eq!(check("清河县党政代表团到访"), ["清河县党政代表团"]);
    }

    fn check(s: &str) -> Vec<String> {
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        find_agencies(&RES, &line)
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn agencies_short_forms() {
        let a = check("岳阳县老年人日间照料中心与县残联签署合作协议");
        assert!(a.contains(&"县残联".to_string()), "{a:?}");
    }

    #[test]
    fn agencies_company_and_its_party_branch() {
        let a = check("其中岳阳县恒泰建材有限公司党支部为新墙村便民超市捐赠棉被");
        assert!(a.contains(&"岳阳县恒泰建材有限公司".to_string()), "{a:?}");
        assert!(
            a.contains(&"岳阳县恒泰建材有限公司党支部".to_string()),
            "{a:?}"
        );
    }

    #[test]
    fn agencies_not_ordinary_words() {
        let a = check("全部干部围绕市委中心工作");
        assert!(
            !a.iter().any(|x| x.contains("中心") || x.contains("干部")),
            "{a:?}"
        );
    }

    #[test]
    fn agencies_nested_names_start_at_their_place() {
        let a = check("2020年3月成立湖南省青年志愿者协会分会岳阳县人民医院医疗支队。");
        // The hospital is its short form, named from the place before it
        // when resolved (place | short form).
        assert!(a.contains(&"县人民医院".to_string()), "{a:?}");
        assert!(a.contains(&"湖南省青年志愿者协会".to_string()), "{a:?}");
        assert!(!a.iter().any(|x| x.starts_with("志愿")), "{a:?}");
    }

    #[test]
    fn agencies_verbs_that_belong_to_names() {
        let a = check("城北区行政审批服务管理局全天候办项目");
        assert!(a.contains(&"城北区行政审批服务管理局".to_string()), "{a:?}");
        let a = check("韩秀兰带领卫计局、医疗集团等部门负责人");
        assert!(!a.iter().any(|x| x.contains("带领")), "{a:?}");
    }

    #[test]
    fn agencies_counted_or_generic_are_not_names() {
        let a = check("全县14个乡镇卫生院和40个党支部参与,数字文化馆加快建设");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn agencies_full_names() {
        let a = check("据岳阳县教育体育局局长刘卫东介绍");
        assert!(
            a.contains(&"岳阳县教育体育局".to_string()),
            "{a:?} {:?}",
            RES.jieba
                .tag("据岳阳县教育体育局局长刘卫东介绍", true)
                .iter()
                .map(|t| format!("{}/{}", t.word, t.tag))
                .collect::<Vec<_>>()
        );
    }
    #[test]
    fn agencies_conjunction_inside_a_name() {
        let a = check("岳阳县城乡规划和建设服务中心与多家企业座谈");
        assert!(
            a.contains(&"岳阳县城乡规划和建设服务中心".to_string()),
            "{a:?}"
        );
        // jieba reads 管理所在: the head still ends the name.
        let a = check("平江县市场和质量监督管理所在集市开展检查");
        assert!(
            a.contains(&"平江县市场和质量监督管理所".to_string()),
            "{a:?}"
        );
    }

    #[test]
    fn agencies_conjunction_between_two_organisations() {
        let a = check("县卫健局和第二中学联合开展义诊");
        assert!(!a.iter().any(|x| x.contains('和')), "{a:?}");
    }

    #[test]
    fn agencies_particle_glued_to_head() {
        let a = check("县防汛预警组与气象局会商");
        assert!(a.contains(&"县防汛预警组".to_string()), "{a:?}");
    }

    #[test]
    fn agencies_quoted_qualifier_and_stationed() {
        let a = check("“四水同治”驻岳阳专家组深入现场");
        assert!(a.contains(&"“四水同治”驻岳阳专家组".to_string()), "{a:?}");
        let a = check("安排专人“面对面”联系调解室");
        assert!(!a.iter().any(|x| x.contains('“')), "{a:?}");
    }

    #[test]
    fn agencies_inside_open_quotation_are_slogans() {
        let a = check("积极推广“法院+调解”工作机制,争创“文明学校”");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn agencies_descriptions_are_not_names() {
        let a = check("新建卫生院3所,智慧体育馆投入使用,建成区域性文化服务中心");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn agencies_numbered_units_and_seat_in_parentheses() {
        let a = check("岳阳县交警大队直属二中队开展整治");
        assert!(a.contains(&"岳阳县交警大队直属二中队".to_string()), "{a:?}");
        let a = check("检查组走访长江纸业(岳阳)有限公司");
        assert!(a.contains(&"长江纸业(岳阳)有限公司".to_string()), "{a:?}");
    }

    #[test]
    fn agencies_plant_head() {
        let a = check("岳阳县城南污水处理厂完成提标改造,工厂和厂家积极配合");
        assert_eq!(a, vec!["岳阳县城南污水处理厂".to_string()]);
    }

    #[test]
    fn agencies_one_char_head_in_a_misread_name() {
        let a = check("村干部慰问了王春院");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn agencies_cppcc_alone_and_its_members() {
        let line = LineText::tagged(
            "座谈会在政协机关召开,政协委员列席",
            0,
            LineKind::Body,
            &RES.jieba,
        );
        let a = find_agencies(&RES, &line);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].text, "政协");
        assert!(a[0].template.as_ref().unwrap().0.contains("政治协商会议"));
    }

    #[test]
    fn agencies_congress_short_forms() {
        let t = |s: &str| RES.abbreviations.get(s).unwrap().0.clone();
        assert_eq!(t("县人大"), "{J}人民代表大会常务委员会");
        assert_eq!(t("镇人大"), "{J}人民代表大会");
    }
    #[test]
    fn agencies_companies_listed_without_suffix() {
        let a = check(
            "督导组先后走访湖南星辰镁业、湖南晶石科技、岳阳县城区污水处理厂、岳阳市南湖治理工程等企业和项目。",
        );
        assert!(a.contains(&"湖南星辰镁业".to_string()), "{a:?}");
        assert!(a.contains(&"湖南晶石科技".to_string()), "{a:?}");
        assert!(a.contains(&"岳阳县城区污水处理厂".to_string()), "{a:?}");
        assert!(!a.iter().any(|x| x.ends_with("工程")), "{a:?}");
        let a = check("督导组走访湖南星辰镁业、湖南晶石科技,了解生产情况。");
        assert!(a.is_empty(), "{a:?}");
    }
    #[test]
    fn agencies_company_brand_split_by_jieba() {
        let a = check("检查组走进岳阳市湘阴同旅游客运有限公司");
        assert!(
            a.contains(&"岳阳市湘阴同旅游客运有限公司".to_string()),
            "{a:?}"
        );
    }

    #[test]
    fn agencies_short_form_before_its_unit_stays() {
        let a = check("县中医院针灸科开展义诊");
        assert!(a.contains(&"县中医院".to_string()), "{a:?}");
        assert!(a.contains(&"县中医院针灸科".to_string()), "{a:?}");
    }
    #[test]
    fn agencies_place_before_short_form_keeps_the_short_form() {
        let a = check("岳阳县妇联开展关爱活动,华容县人大常委会视察");
        assert!(a.contains(&"县妇联".to_string()), "{a:?}");
        assert!(!a.contains(&"岳阳县妇联".to_string()), "{a:?}");
        assert!(a.contains(&"县人大常委会".to_string()), "{a:?}");
    }
    #[test]
    fn agencies_group_named_where_formed() {
        let a = check("由市人大、市教育局组成的调研组深入学校");
        assert!(a.contains(&"调研组".to_string()), "{a:?}");
        let a = check("调研组一行深入学校");
        assert!(a.is_empty(), "{a:?}");
    }
    #[test]
    fn agencies_schools_by_grade_are_no_school() {
        let a = check("岳阳县小学3至6年级学生分批到校,岳阳县第一中学高三年级复课");
        assert_eq!(a, vec!["县第一中学".to_string()]);
    }
    #[test]
    fn agencies_merged_organ_is_one_mention() {
        let a = check("县纪委监委、县委组织部组成的督查组深入各乡镇检查");
        assert!(!a.contains(&"县纪委".to_string()), "{a:?}");
        assert!(a.contains(&"县纪委监委".to_string()), "{a:?}");
        assert!(a.contains(&"督查组".to_string()), "{a:?}");
    }

    #[test]
    fn agencies_township_congress_keeps_its_level() {
        let a = RES.abbreviations.get("镇人大").unwrap();
        assert_eq!(a.1, Some('镇'));
    }
    #[test]
    fn agencies_not_read_across_a_post_or_an_action() {
        // jieba tags 会见 a noun.
        let a = check("市长会见省交通投资集团客人");
        assert_eq!(a, ["省交通投资集团"]);
        let a = check("副县长王强调研县人民医院");
        assert!(a.iter().all(|x| !x.contains("调研")), "{a:?}");
    }

    #[test]
    fn agencies_head_of_several_tokens() {
        // jieba cuts 巡察|组.
        let a = check("市委第三巡察组巡察县农业农村局工作动员会召开");
        assert_eq!(a, ["市委第三巡察组", "县农业农村局"]);
    }

    #[test]
    fn agencies_joined_by_a_verb_are_two() {
        // The place's short form stays (区民政局), named from 沾益区 when resolved.
        let a = check("白石街道联合沾益区民政局在杨王村开展宣传活动");
        assert_eq!(a, ["区民政局"]);
        assert!(!a.iter().any(|x| x.contains("联合")), "{a:?}");
        let a = check("县妇联联合县卫健局开展义诊");
        assert_eq!(a, ["县妇联", "县卫健局"]);
        // Inside a name the verb stays: 联合执法, 驻村.
        let a = check("城关镇联合执法大队和县驻深圳办事处开展巡查");
        assert!(a.contains(&"城关镇联合执法大队".to_string()), "{a:?}");
        assert!(a.iter().any(|x| x == "县驻深圳办事处"), "{a:?}");
    }
    #[test]
    fn agencies_conjunction_before_level_word_is_no_county() {
        let a = check("县委和县政府召开会议,民警和县消防救援大队指战员参加");
        assert!(a.contains(&"县政府".to_string()), "{a:?}");
        assert!(a.contains(&"县消防救援大队".to_string()), "{a:?}");
        assert!(!a.iter().any(|x| x.contains('和')), "{a:?}");
        let a = check("安徽省和县人民政府召开会议");
        assert!(a.contains(&"安徽省和县人民政府".to_string()), "{a:?}");
        // A place whose name starts with a conjunction keeps it: the short
        // form stays, named from 和龙市 when resolved.
        let a = check("副市长到和龙市林业局调研");
        assert_eq!(a, ["市林业局"]);
        // A titled person before the name is no part of it.
        let a = check("副市长张伟到和龙市林业局调研");
        assert!(a.iter().all(|x| !x.contains("张伟")), "{a:?}");
        let a = check("大坝镇联合和平县卫生健康局开展义诊");
        assert!(a.iter().all(|x| !x.starts_with("平县")), "{a:?}");
    }
}
