//! Agencies: short forms from the abbreviation table (县残联, 团县委) and full
//! names by a suffix grammar: qualifier words read back from a head
//! (…局, 委员会, 中心, 医院, 有限公司, 党支部 …). A company and its 党支部
//! are kept apart.
//!
//! A name read back from a head must have a proper qualifier: a place or a
//! level word (县, 市), a name jieba does not know as an ordinary word, a
//! number or a quoted name. 乡镇卫生院 and 数字文化馆 are descriptions, not
//! organisations.

use super::{AgencyMention, LineText};
use crate::resources::Resources;
use crate::text::is_han;

/// Longest agency name, in characters.
const MAX_AGENCY: usize = 26;
/// Leading words dropped from a name read back from its head.
const LEADING_NOISE: &[&str] = &[
    "相关", "有关", "其他", "其它", "多个", "部分", "各级", "各", "全体", "我", "该", "本", "由",
    "据", "经", "以", "与", "和", "在", "对", "向", "为", "把", "被", "将", "从", "记", "全县",
    "全市", "全区", "全省", "全镇", "全乡", "辖区", "委托", "旗下", "联系", "村民", "群众",
];
/// Characters that start a name at a level (县人民医院, 市城市管理局).
const LEVEL_CHARS: &str = "省市县区镇乡村";
/// Measure words: a number before one counts things, it is not a name (40个党支部).
const MEASURES: &str = "个名所家支座位项件处批次户人";

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
    let mut out: Vec<AgencyMention> = Vec::new();
    for (s, e, user) in res.agency_words.find(&line.text) {
        let text = line.text[s..e].to_string();
        // 县人大代表 is a deputy, not the congress.
        if text.ends_with("人大") && line.text[e..].starts_with("代表") {
            continue;
        }
        // 县乡镇医院, 省市委: a level word after another one is no organ's.
        if line.text[..s].chars().last().is_some_and(|c| {
            LEVEL_CHARS.contains(c) && text.starts_with(|f: char| LEVEL_CHARS.contains(f))
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
    let heads: Vec<(usize, usize, bool)> = res
        .agency_heads
        .find(&line.text)
        .into_iter()
        .map(|(b, e, u)| (line.char_of(b), line.char_of(e), u))
        .collect();
    let head_ends: Vec<usize> = heads.iter().map(|h| h.1).collect();
    for &(hs, he, unit) in &heads {
        if let Some(start) = read_back(res, line, hs, he, &table, &head_ends) {
            cands.push((start, he, unit, hs));
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
    // A short form inside a longer name is not a mention of its own
    // (县残联 inside 沁县残联, 国务院 inside 国务院食品安全委员会办公室).
    let spans: Vec<_> = out.iter().map(|a| a.span).collect();
    out.retain(|a| {
        a.template.is_none() || !spans.iter().any(|s| s.contains(a.span) && *s != a.span)
    });
    out.sort_by_key(|a| a.span);
    out
}

/// Does a gazetteer place name start at local char `c`?
fn starts_with_place(res: &Resources, line: &LineText, c: usize) -> bool {
    let rest = line.rest(c);
    let window: String = rest.chars().take(12).collect();
    res.gazetteer
        .find(&window)
        .first()
        .map(|h| h.start == 0)
        .unwrap_or(false)
}

/// Read an organisation's name back from its head `[hs, he)`: the start of
/// the name, or None when what precedes the head is no proper name.
fn read_back(
    res: &Resources,
    line: &LineText,
    hs: usize,
    he: usize,
    table: &[(usize, usize)],
    head_ends: &[usize],
) -> Option<usize> {
    let toks = &line.tokens;
    let before = line.sub(hs.saturating_sub(3), he);
    if res.non_agency.iter().any(|w| before.ends_with(w.as_str())) {
        return None;
    }
    // The head must end a word: 中心 in 中心工作 does not. 教育科技局局长 is
    // read 局局长: the head still ends the name when a title follows.
    let ti = line.token_at(he - 1)?;
    if toks[ti].end != he {
        let rest = line.sub(he, toks[ti].end);
        let title_follows = res
            .titles
            .find(&rest)
            .first()
            .map(|m| m.0 == 0)
            .unwrap_or(false);
        if !title_follows {
            return None;
        }
    }
    let mut start = toks[ti].start.min(hs);
    let mut j = ti;
    while j > 0 {
        let t = &toks[j - 1];
        if he - t.start > MAX_AGENCY {
            break;
        }
        // An organisation named after another one's head, starting with a
        // place, is a name of its own (…总队山西省护理学会 -> 山西省护理学会).
        if head_ends.contains(&start) && starts_with_place(res, line, start) {
            break;
        }
        // Never swallow another organisation printed right before, when what
        // follows it is a whole name of its own (市政协|市农业农村局).
        if table.iter().any(|&(s, e)| e == start && s < start)
            && LEVEL_CHARS.contains(line.chars[start])
        {
            break;
        }
        let word = line.sub(t.start, t.end);
        let quote = matches!(word.as_str(), "“" | "”" | "\"");
        if !quote && !word.chars().any(|c| is_han(c) || c.is_ascii_alphanumeric()) {
            break;
        }
        if t.tag == "m" {
            let ordinal = word.starts_with('第');
            let digits = word.chars().all(|c| c.is_ascii_digit());
            let counted = line
                .chars
                .get(t.end)
                .map(|c| MEASURES.contains(*c))
                .unwrap_or(false);
            if !(ordinal || (digits && !counted)) {
                break;
            }
        } else if t.tag.starts_with('v') && t.tag != "vn" {
            // 行政审批服务管理局: only verbs that name what an organ does.
            if !res.agency_verbs.contains(&word) {
                break;
            }
        } else if !quote && !nominal(&t.tag) {
            break;
        }
        start = t.start;
        j -= 1;
    }
    // A name does not start with a description (特别是在, 成功, 青年): drop
    // leading words of such tags.
    while let Some(i) = line.token_at(start) {
        let t = &toks[i];
        let weak = matches!(
            t.tag.as_str(),
            "l" | "a" | "t" | "vn" | "v" | "h" | "d" | "an"
        ) || (t.tag == "m" && !line.sub(t.start, t.end).starts_with('第'));
        if weak && t.start == start && t.end < hs {
            start = t.end;
        } else {
            break;
        }
    }
    // Drop leading noise, an unbalanced opening quote, punctuation.
    loop {
        let rest = line.sub(start, he);
        if let Some(w) = LEADING_NOISE.iter().find(|w| rest.starts_with(**w)) {
            if rest.chars().count() > w.chars().count() + 1 {
                start += w.chars().count();
                continue;
            }
        }
        let first = line.chars[start];
        let balanced = first == '“' && rest.contains('”');
        if !(is_han(first) || first.is_ascii_alphanumeric() || balanced) && start < hs {
            start += 1;
            continue;
        }
        break;
    }
    let name = line.sub(start, he);
    if res.abbreviations.contains_key(&name) {
        return Some(start);
    }
    // An organ's short form before a head modifies it (市委中心工作).
    if table.iter().any(|&(s, e)| s == start && e == hs) {
        return None;
    }
    if hs < start + 2 {
        return None;
    }
    // A proper qualifier: level word, place, unknown or proper word, number, quote.
    let chars: Vec<char> = name.chars().collect();
    let level_start = LEVEL_CHARS.contains(chars[0])
        && chars
            .get(1)
            .map(|c| !LEVEL_CHARS.contains(*c) && *c != '级')
            .unwrap_or(false);
    let has_proper = toks
        .iter()
        .filter(|t| t.end > start && t.start < hs)
        .any(|t| proper(&t.tag) && line.sub(t.start, t.end).chars().any(is_han))
        || res
            .gazetteer
            .find(&name)
            .first()
            .map(|h| h.start == 0)
            .unwrap_or(false);
    let numbered = name.contains('第') || chars.iter().any(|c| c.is_ascii_digit());
    let quoted = name.contains('“') || name.contains('”');
    if level_start || has_proper || numbered || quoted {
        Some(start)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn check(s: &str) -> Vec<String> {
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        find_agencies(&RES, &line)
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn agencies_short_forms() {
        let a = check("沁县残疾人居家托养服务中心阳光家园与县残联签署合作协议");
        assert!(a.contains(&"县残联".to_string()), "{a:?}");
    }

    #[test]
    fn agencies_company_and_its_party_branch() {
        let a = check("其中沁县合创彩砖有限公司党支部为端村爱心超市捐赠衣物");
        assert!(a.contains(&"沁县合创彩砖有限公司".to_string()), "{a:?}");
        assert!(
            a.contains(&"沁县合创彩砖有限公司党支部".to_string()),
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
        let a = check(
            "2019年12月成立中国南丁格尔志愿护理服务总队山西省护理学会分会绛县人民医院护理支队。",
        );
        assert!(a.contains(&"绛县人民医院".to_string()), "{a:?}");
        assert!(a.contains(&"山西省护理学会".to_string()), "{a:?}");
        assert!(!a.iter().any(|x| x.starts_with("志愿")), "{a:?}");
    }

    #[test]
    fn agencies_verbs_that_belong_to_names() {
        let a = check("潞州区行政审批服务管理局7×24小时办项目");
        assert!(a.contains(&"潞州区行政审批服务管理局".to_string()), "{a:?}");
        let a = check("郝淑芳带领卫计局、医疗集团等部门负责人");
        assert!(!a.iter().any(|x| x.contains("带领")), "{a:?}");
    }

    #[test]
    fn agencies_counted_or_generic_are_not_names() {
        let a = check("全县14个乡镇卫生院和40个党支部参与,数字文化馆加快建设");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn agencies_full_names() {
        let a = check("据方山县教育科技局局长李建军介绍");
        assert!(
            a.contains(&"方山县教育科技局".to_string()),
            "{a:?} {:?}",
            RES.jieba
                .tag("据方山县教育科技局局长李建军介绍", true)
                .iter()
                .map(|t| format!("{}/{}", t.word, t.tag))
                .collect::<Vec<_>>()
        );
    }
}
