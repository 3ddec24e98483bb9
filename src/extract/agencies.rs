//! Agencies: short forms from the abbreviation table (县残联, 团县委) and full
//! names by a suffix grammar: qualifier words read back from a head
//! (…局, 委员会, 中心, 医院, 有限公司, 党支部 …). A company and its 党支部
//! are kept apart.

use super::{AgencyMention, LineText};
use crate::resources::Resources;
use crate::text::is_han;

/// Longest agency name, in characters.
const MAX_AGENCY: usize = 26;
/// Leading words dropped from a name read back from its head.
const LEADING_NOISE: &[&str] = &[
    "相关", "有关", "其他", "其它", "多个", "部分", "各级", "各", "全体", "我", "该", "本", "由",
];

/// jieba tags that may be part of an organisation's name.
fn nominal(tag: &str, word: &str) -> bool {
    if word.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if !word
        .chars()
        .any(|c| is_han(c) || c.is_ascii_alphanumeric() || c == '“' || c == '”' || c == '"')
    {
        return false;
    }
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
            | "m"
            | "eng"
            | "l"
            | "x"
            | "b"
            | "s"
            | "mq"
            | "q"
            | "a"
    ) || matches!(word, "县" | "市" | "省" | "区" | "镇" | "乡" | "村")
}

/// Find agencies in one line.
pub fn find_agencies(res: &Resources, line: &LineText) -> Vec<AgencyMention> {
    let mut out: Vec<AgencyMention> = Vec::new();
    for (s, e, user) in res.agency_words.find(&line.text) {
        let text = line.text[s..e].to_string();
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
    // Tokens of the line with local char offsets.
    let tags = res.jieba.tag(&line.text, true);
    let mut toks: Vec<(usize, usize, &str, &str)> = Vec::with_capacity(tags.len());
    let mut c = 0;
    for t in &tags {
        let n = t.word.chars().count();
        toks.push((c, c + n, t.word, t.tag));
        c += n;
    }
    let mut cands: Vec<(usize, usize, bool, usize)> = Vec::new(); // (start, end, unit head, head start)
    for (hb, heb, unit) in res.agency_heads.find(&line.text) {
        let hs = line.char_of(hb);
        let he = line.char_of(heb);
        let before: String = line.sub(hs.saturating_sub(3), he);
        if res.non_agency.iter().any(|w| before.ends_with(w.as_str())) {
            continue;
        }
        // The head must end a token: 中心 in 中心工作 does not.
        let Some(ti) = toks.iter().position(|t| t.0 < he && he <= t.1) else {
            continue;
        };
        if toks[ti].1 != he {
            // 教育科技局局长 is read 局局长: the head still ends the name when
            // the rest of the token starts a title.
            let rest = line.sub(he, toks[ti].1);
            let title_follows = res
                .titles
                .find(&rest)
                .first()
                .map(|m| m.0 == 0)
                .unwrap_or(false);
            if !title_follows {
                continue;
            }
        }
        let mut start = toks[ti].0.min(hs);
        let mut j = ti;
        while j > 0 {
            let (ts, _, w, tag) = toks[j - 1];
            if he - ts > MAX_AGENCY || !nominal(tag, w) {
                break;
            }
            start = ts;
            j -= 1;
        }
        // Drop leading noise words.
        loop {
            let rest = line.sub(start, he);
            match LEADING_NOISE.iter().find(|w| rest.starts_with(**w)) {
                Some(w) if rest.chars().count() > w.chars().count() + 1 => {
                    start += w.chars().count()
                }
                _ => break,
            }
        }
        while start < hs
            && !(is_han(line.chars[start])
                || line.chars[start].is_ascii_alphanumeric()
                || line.chars[start] == '“')
        {
            start += 1;
        }
        if hs - start < 2 && !res.abbreviations.contains_key(&line.sub(start, he)) {
            continue;
        }
        cands.push((start, he, unit, hs));
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
    // A short form inside a longer name found by the grammar is not a mention
    // of its own (县委 inside 县委组织部 is, but handled by the table).
    let spans: Vec<_> = out.iter().map(|a| (a.span, a.template.is_none())).collect();
    out.retain(|a| {
        !(a.template.is_some()
            && spans.iter().any(|(s, full)| {
                *full && s.contains(a.span) && *s != a.span && s.end == a.span.end
            }))
    });
    out.sort_by_key(|a| a.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn check(s: &str) -> Vec<String> {
        let line = LineText::from_str(s, 0, LineKind::Body);
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
