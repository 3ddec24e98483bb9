//! Lists of organisations: the items of a list joined by 、 share a type.
//! When one item is an organisation found by the grammar, the others that
//! end in an organisation's head are organisations too, even when printed
//! bare (县委办、县农业农村局、财政局、水利局等部门): a bare department
//! takes the article's jurisdiction, as a short form does.

use super::{AgencyMention, LineText};
use crate::resources::{classes, LineWords, Resources};
use crate::text::is_han;

/// Longest list item, in characters.
const MAX_ITEM: usize = 16;

/// Add the organisations listed beside one the grammar found to
/// `agencies` (see the module doc), and give listed bare departments the
/// article's jurisdiction.
pub fn list_agencies(
    res: &Resources,
    line: &LineText,
    words: &LineWords,
    agencies: &mut Vec<AgencyMention>,
) {
    let found = listed_agencies(res, line, words, agencies);
    // A bare department the grammar read (财政局) in a list is the
    // article's own too.
    let items = list_items(&line.chars);
    for a in agencies.iter_mut() {
        let (s, e) = (a.span.start - line.start, a.span.end - line.start);
        let listed = items.iter().any(|&(is, ie)| is == s && ie >= e);
        if listed && a.template.is_none() {
            a.template = bare_template(res, &line.chars, s, &a.text);
        }
    }
    agencies.extend(found);
}

/// The template of a bare department (财政局: the article's jurisdiction),
/// or None when the name starts with a level word or a place.
fn bare_template(
    res: &Resources,
    chars: &[char],
    s: usize,
    text: &str,
) -> Option<(String, Option<char>)> {
    let bare =
        !classes::is_level_char(chars[s]) && res.gazetteer.first(text).is_none_or(|h| h.start > 0);
    bare.then(|| (format!("{{J}}{text}"), None))
}

/// Organisations listed beside one the grammar found.
fn listed_agencies(
    res: &Resources,
    line: &LineText,
    words: &LineWords,
    agencies: &[AgencyMention],
) -> Vec<AgencyMention> {
    let heads: Vec<(usize, usize)> = words
        .agency_heads
        .iter()
        .filter(|h| !h.2)
        .map(|&(b, e, _)| (line.char_of(b), line.char_of(e)))
        .collect();
    let mut out: Vec<AgencyMention> = Vec::new();
    // Items found make their neighbours' case: read the list again until
    // nothing new is found.
    loop {
        let before = out.len();
        read_items(res, line, &heads, agencies, &mut out);
        if out.len() == before {
            break;
        }
    }
    out.sort_by_key(|a| a.span);
    out
}

/// One pass of [`listed_agencies`] over the line's list items.
fn read_items(
    res: &Resources,
    line: &LineText,
    heads: &[(usize, usize)],
    agencies: &[AgencyMention],
    out: &mut Vec<AgencyMention>,
) {
    let chars = &line.chars;
    let known: Vec<crate::text::Span> = agencies.iter().chain(out.iter()).map(|a| a.span).collect();
    let is_agency = |s: usize, e: usize| {
        known
            .iter()
            .any(|a| a.start <= line.start + s && line.start + e <= a.end)
    };
    let ends_at = |k: usize| known.iter().any(|a| a.end == line.start + k);
    let starts_at = |k: usize| known.iter().any(|a| a.start == line.start + k);
    for (s, e) in list_items(chars) {
        // The item is the name up to its last head; 林业和草原局主要负责人
        // ends at 局. A list head counts at the item's end only.
        let list_head = LIST_HEADS
            .iter()
            .any(|h| line.str_of(s, e).ends_with(h) && e - s > h.chars().count() + 1)
            .then_some(e);
        // The first head that ends a word (部 in 部署 ends none).
        let ends_word = |k: usize| {
            k == line.chars.len() || line.token_at(k).is_some_and(|t| line.tokens[t].start == k)
        };
        let Some(end) = heads
            .iter()
            .filter(|h| h.0 > s && h.1 <= e && ends_word(h.1))
            .map(|h| h.1)
            .min()
            .or(list_head)
        else {
            continue;
        };
        // 乡镇卫生院, 村级卫生所: a kind of body, not one.
        if GENERIC_LEADS
            .iter()
            .any(|w| line.str_of(s, end).starts_with(w))
        {
            continue;
        }
        // Inside a name found, or holding one that ends where it does
        // (the grammar's narrower reading stands).
        let holds_one = known
            .iter()
            .any(|a| a.end == line.start + end && a.start > line.start + s);
        // Its head ends inside a name found (县政府|办): that name is the item.
        let cuts_one = known
            .iter()
            .any(|a| a.start < line.start + end && line.start + end < a.end);
        if cuts_one {
            continue;
        }
        if is_agency(s, end) || holds_one || !neighbour_is_agency(s, e, chars, &ends_at, &starts_at)
        {
            continue;
        }
        let text = line.str_of(s, end).to_string();
        if res.non_agency.iter().any(|w| text.ends_with(w.as_str())) {
            continue;
        }
        let template = res
            .abbreviations
            .get(&text)
            .cloned()
            .or_else(|| bare_template(res, chars, s, &text));
        out.push(AgencyMention {
            text,
            span: line.span(s, end),
            template,
        });
    }
}

/// Is an item next to local `[s, e)` in its list an organisation: one
/// ending right before its 、, or starting right after the 、 after it?
fn neighbour_is_agency(
    s: usize,
    e: usize,
    chars: &[char],
    ends_at: &dyn Fn(usize) -> bool,
    starts_at: &dyn Fn(usize) -> bool,
) -> bool {
    let before = s >= 2 && chars[s - 1] == '、' && ends_at(s - 1);
    let after = chars.get(e) == Some(&'、') && starts_at(e + 1);
    before || after
}

/// Words that open a description of a kind of body (乡镇卫生院, 村级卫生所,
/// 各级党组织), not the name of one.
const GENERIC_LEADS: &[&str] = &[
    "乡镇", "村级", "县级", "市级", "镇级", "各级", "各", "基层", "有关", "相关", "其他", "部分",
];

/// Heads that end a listed organisation's name only in a list beside
/// another (县创建办, 市三防办): alone they end ordinary words too
/// (举办, 主办).
const LIST_HEADS: &[&str] = &["办"];

/// Items of the line's 、-lists: every run of name characters that a 、
/// opens or closes, as local `(start, end)`.
fn list_items(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (k, &c) in chars.iter().enumerate() {
        if c != '、' {
            continue;
        }
        // The item after this mark.
        let e = item_end(chars, k + 1);
        if e > k + 1 {
            out.push((k + 1, e));
        }
        // The first item of the list, before its first mark.
        let first = k == 0 || {
            let s = item_start(chars, k);
            s == 0 || chars[s - 1] != '、'
        };
        // Only when a mark bounds it too: read back further, it would
        // take in the verb and people before it (某某带领卫计局、…).
        if first && k > 0 {
            let s = item_start(chars, k);
            if s < k && (s == 0 || !is_han(chars[s - 1])) {
                out.push((s, k));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Where the item ending at local `e` starts: back over name characters
/// (at most [`MAX_ITEM`]).
fn item_start(chars: &[char], e: usize) -> usize {
    let mut s = e;
    while s > 0 && name_char(chars[s - 1]) && e - s < MAX_ITEM {
        s -= 1;
    }
    s
}

/// Where the item starting at local `s` ends: on over name characters.
fn item_end(chars: &[char], s: usize) -> usize {
    let mut e = s;
    while e < chars.len() && name_char(chars[e]) && e - s < MAX_ITEM {
        e += 1;
    }
    e
}

/// May `c` sit inside a listed organisation's name? 等, 与, 及 and 或
/// close a list or join another; a number counts things (14个).
fn name_char(c: char) -> bool {
    (is_han(c) && !"等与及或".contains(c)) || c.is_ascii_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn listed(s: &str) -> Vec<(String, Option<String>)> {
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        let words = RES.line_words(&line.text);
        let mut found = super::super::agencies::find_agencies_in(&RES, &line, &words);
        list_agencies(&RES, &line, &words, &mut found);
        found.sort_by_key(|a| a.span);
        found
            .into_iter()
            .map(|a| (a.text, a.template.map(|t| t.0)))
            .collect()
    }

    #[test]
    fn lists_bare_departments_beside_an_organ() {
        assert_eq!(
            listed("县委办、县农业局、林业和草原局、财政局、水利局等部门主要负责同志陪同。"),
            vec![
                (
                    "县委办".to_string(),
                    Some("中共{J}委员会办公室".to_string())
                ),
                ("县农业局".to_string(), Some("{J}农业局".to_string())),
                (
                    "林业和草原局".to_string(),
                    Some("{J}林业和草原局".to_string())
                ),
                ("财政局".to_string(), Some("{J}财政局".to_string())),
                ("水利局".to_string(), Some("{J}水利局".to_string())),
            ]
        );
        // No organisation in the list: nothing read.
        assert!(listed("参观了展览馆、图书馆等地。")
            .iter()
            .all(|a| a.1.is_none()));
    }
}
