//! Places: gazetteer names (province to township), villages and
//! communities by suffix, development zones; and 我县-style references.

use super::{AgencyMention, DeixisMention, LineText, PersonMention, PlaceMention};
use crate::resources::gazetteer::Level;
use crate::resources::Resources;
use crate::text::is_han;
use regex::Regex;
use std::sync::LazyLock;

static DEIXIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(我|本|该|全|此)(省|市|县|区|镇|乡|旗)").unwrap());

/// Suffixes of places below the gazetteer: (suffix, level).
const LOCAL_SUFFIXES: &[(&str, Level)] = &[
    ("社区", Level::Community),
    ("村", Level::Village),
    ("开发区", Level::Other),
    ("管理区", Level::Other),
    ("高新区", Level::Other),
    ("小区", Level::Other),
];

/// Words ending in a local suffix that name no particular place.
const NOT_LOCAL: &[&str] = &[
    "农村",
    "乡村",
    "全村",
    "各村",
    "本村",
    "该村",
    "每村",
    "邻村",
    "进村",
    "驻村",
    "村村",
    "贫困村",
    "自然村",
    "行政村",
    "试点村",
    "示范村",
    "重点村",
    "美丽乡村",
    "新农村",
    "城乡村",
    "城市社区",
    "农村社区",
    "各社区",
    "全社区",
    "本社区",
    "该社区",
    "城中村",
    "一村",
    "包村",
    "十一个村",
    "个村",
    "的村",
    "出村",
    "回村",
    "到村",
    "在村",
    "入村",
    "老村",
];

/// Characters a local place name never starts with or contains.
const LOCAL_STOP: &str = "的了在和与及对为是等到从向把被将个各每全该本此这那其些入进驻包回出到";

/// 我县, 该县, 全市 ... in a line.
pub fn find_deixis(line: &LineText) -> Vec<DeixisMention> {
    DEIXIS
        .captures_iter(&line.text)
        .filter_map(|c| {
            let m = c.get(0).unwrap();
            let level = match &c[2] {
                "省" => Level::Province,
                "市" => Level::City,
                "县" | "区" | "旗" => Level::County,
                _ => Level::Township,
            };
            // 全市场, 本市民 are not references; 该县长 is a title.
            let next = line.text[m.end()..].chars().next();
            if matches!(next, Some('场' | '民' | '长' | '委' | '级' | '域')) && &c[1] != "我"
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

/// Places in a line. `agencies` and `persons` found in the same line tell
/// which names sit inside an organisation's name or a person's name.
pub fn find_places(
    res: &Resources,
    line: &LineText,
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
        // A short form glued to following Han text is usually part of a word
        // (长治久安): accept short forms only before a boundary or known suffix.
        let in_agency = agencies
            .iter()
            .any(|a| a.span.contains(span) && a.span != span);
        out.push(PlaceMention {
            text: line.text[hit.start..hit.end].to_string(),
            span,
            candidates: hit.candidates,
            level,
            parent_hint: None,
            in_agency,
        });
    }
    find_local_places(line, agencies, persons, &mut out);
    out.sort_by_key(|p| p.span);
    out
}

/// Villages, communities, zones: a name ending in a local suffix, printed
/// right after a division (定昌镇烟庄村) or standing on its own.
fn find_local_places(
    line: &LineText,
    agencies: &[AgencyMention],
    persons: &[PersonMention],
    out: &mut Vec<PlaceMention>,
) {
    let chars = &line.chars;
    let mut found: Vec<PlaceMention> = Vec::new();
    for (suffix, level) in LOCAL_SUFFIXES {
        let suf: Vec<char> = suffix.chars().collect();
        let mut i = 0;
        while i + suf.len() <= chars.len() {
            if chars[i..i + suf.len()] != suf[..] {
                i += 1;
                continue;
            }
            let end = i + suf.len();
            // The name starts after the place printed right before it, or at
            // a boundary at most four characters back.
            let prev = out
                .iter()
                .enumerate()
                .filter(|(_, p)| p.span.end <= line.start + i && p.span.end + 4 >= line.start + i)
                .max_by_key(|(_, p)| p.span.end);
            let mut start = i;
            while start > 0
                && i - start < 4
                && is_han(chars[start - 1])
                && !LOCAL_STOP.contains(chars[start - 1])
                && prev
                    .map(|(_, p)| line.start + start > p.span.end)
                    .unwrap_or(true)
            {
                start -= 1;
            }
            let (parent_hint, min_len) = match prev {
                Some((k, p)) if p.span.end == line.start + start => (Some(k), 1),
                _ => (None, 2),
            };
            let name_len = i - start;
            let text: String = chars[start..end].iter().collect();
            let span = line.span(start, end);
            let bad = name_len < min_len
                || NOT_LOCAL
                    .iter()
                    .any(|w| text.ends_with(w) && (parent_hint.is_none() || text == *w))
                || chars[start..i].iter().any(|c| c.is_ascii_digit())
                || persons.iter().any(|p| p.span.overlaps(span))
                || (parent_hint.is_none() && starts_with_number_word(&chars[start..i]));
            if !bad {
                let in_agency = agencies
                    .iter()
                    .any(|a| a.span.contains(span) && a.span != span);
                found.push(PlaceMention {
                    text,
                    span,
                    candidates: Vec::new(),
                    level: *level,
                    parent_hint,
                    in_agency,
                });
            }
            i = end;
        }
    }
    for f in found {
        if !out.iter().any(|p| p.span.overlaps(f.span)) {
            out.push(f);
        }
    }
}

fn starts_with_number_word(chars: &[char]) -> bool {
    chars
        .first()
        .map(|c| "一二三四五六七八九十百千万几多两".contains(*c))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    fn places(s: &str) -> Vec<(String, &'static str, bool)> {
        let line = LineText::from_str(s, 0, LineKind::Body);
        find_places(&RES, &line, &[], &[])
            .into_iter()
            .map(|p| (p.text, p.level.as_str(), p.parent_hint.is_some()))
            .collect()
    }

    #[test]
    fn places_township_then_village() {
        assert_eq!(
            places("郝淑芳一行先后深入定昌镇烟庄村卫生所"),
            vec![
                ("定昌镇".into(), "township", false),
                ("烟庄村".into(), "village", true)
            ]
        );
    }

    #[test]
    fn places_short_forms_and_generic_words() {
        let p = places(
            "组织全县中小学体育教师到崇礼、张家口、承德、秦皇岛等地进行培训,推进美丽乡村建设",
        );
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, vec!["崇礼", "张家口", "承德", "秦皇岛"]);
    }

    #[test]
    fn places_community_alone() {
        let p = places("在沁河观音坪社区,辖区内独居老人");
        assert!(p
            .iter()
            .any(|x| x.0.ends_with("观音坪社区") && x.1 == "community"));
    }

    #[test]
    fn places_deixis() {
        let line = LineText::from_str(
            "我县认真对照省、市要求,对全县的目标区域开展摸排",
            0,
            LineKind::Body,
        );
        let d: Vec<String> = find_deixis(&line).into_iter().map(|d| d.text).collect();
        assert_eq!(d, vec!["我县", "全县"]);
    }
}
