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

/// Suffixes of townships, recognised below the gazetteer only right after a county.
const TOWNSHIP_SUFFIXES: &[&str] = &["镇", "乡", "街道"];

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
    // Two characters, the pronoun and the level word: a match alone says
    // which (no capture groups to fill).
    DEIXIS
        .find_iter(&line.text)
        .filter_map(|m| {
            let mut cs = m.as_str().chars();
            let (pronoun, level) = (cs.next()?, cs.next()?);
            let level = match level {
                '省' => Level::Province,
                '市' => Level::City,
                '县' | '区' | '旗' => Level::County,
                _ => Level::Township,
            };
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
        // A short or two-character name inside a longer word is no place
        // (形成县域, 乡村振兴): it must start and end on jieba word boundaries.
        let (cs, ce) = (line.char_of(hit.start), line.char_of(hit.end));
        if (hit.short || ce - cs <= 2) && !line.tokens.is_empty() && !line.on_boundaries(cs, ce) {
            continue;
        }
        if conjunction_then_level(line, cs, ce) {
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
        let Some((suffix, level)) = LOCAL_SUFFIXES.iter().find(|(s, _)| word.ends_with(s)) else {
            continue;
        };
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
                        .all(|&c| is_han(c) && !LOCAL_STOP.contains(c))
                    && !line.tokens.iter().any(|t| {
                        t.start < tok.start && t.end > pe - line.start && t.tag.starts_with('v')
                    })
            }) {
                start = p.span.end - line.start;
                parent_hint = Some(k);
            }
        }
        let mut proper = word.chars().count() > suffix.chars().count()
            && !matches!(tok.tag.as_str(), "v" | "vn" | "a" | "d");
        let mut j = ti;
        let reach = if *level == Level::Other { 10 } else { 6 };
        while parent_hint.is_none() && j > 0 && end - toks[j - 1].start <= reach {
            let t = &toks[j - 1];
            let w = line.str_of(t.start, t.end);
            let ok = w.chars().all(is_han)
                && !w.chars().any(|c| LOCAL_STOP.contains(c))
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
        if let (Some(k), Level::Other) = (parent_hint, level) {
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
        let bad = (parent_hint.is_none() && !proper)
            || NOT_LOCAL.contains(&word)
            || stem.iter().any(|c| LOCAL_STOP.contains(*c))
            || stem.iter().all(|c| "省市县区镇乡村".contains(*c))
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
            if suffix_ends_word
                && !verb_in_stem
                && stem.iter().all(|&ch| {
                    is_han(ch) && !LOCAL_STOP.contains(ch) && !"省市县区镇乡村".contains(ch)
                })
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
        let line = LineText::tagged(s, 0, LineKind::Body, &RES.jieba);
        find_places(&RES, &line, &[], &[])
            .into_iter()
            .map(|p| (p.text, p.level.as_str(), p.parent_hint.is_some()))
            .collect()
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
        let p = places(
            "组织全县中小学体育教师到崇礼、张家口、承德、秦皇岛等地进行培训,推进美丽乡村建设",
        );
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
        let p: Vec<String> = find_places(&RES, &line, &agencies, &[])
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
