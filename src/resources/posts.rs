//! Posts: a printed title read as the offices it names (issue 24).
//!
//! A title as the graph records it (`attrs.titles`, one per title printed
//! with a mention) may still name several offices (县委常委组织部部长, or a
//! list joined by 、 or 兼), and carries words that say how the office is
//! held rather than which office it is: acting (代县长, 代理县长), former
//! (原县长, 前任县长), secondment (挂职副县长) and rank (正处级). A [`Post`]
//! is one office with those markers set, the place name printed before it
//! taken off (平远县委书记 → 县委书记 of 平远县), and the body it belongs to
//! when the title shows one: an organ's short form (县委 → 中共{J}委员会,
//! from `data/agency_abbrev.tsv`) or a head of government (县长 → {J}人民政府).
//!
//! The grammar is the title grammar of `data/titles.tsv`; reading a title
//! needs no jieba and no gazetteer: place names are asked of the caller,
//! who knows the graph's places.

use super::classes::level_of_char;
use super::gazetteer::Level;
use super::lexicon::{self, TitleWord, WordMatcher};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One office read from a title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    /// The office without place name and markers (县委常委, 常务副县长, 县长).
    pub post: String,
    /// The part of the title it was read from, as given (代县长).
    pub printed: String,
    /// The body, a canonical name where `{J}` stands for the jurisdiction's
    /// full name (中共{J}委员会), when the title shows one.
    pub body: Option<String>,
    /// The level of government the title names (县委 → county), if any.
    #[serde(skip)]
    pub level: Option<Level>,
    /// The place printed before the office, as the caller identified it
    /// (its code), when one was.
    pub place: Option<String>,
    /// 代/代理: acting.
    pub acting: bool,
    /// 原/前/前任: a post held before.
    pub former: bool,
    /// 挂职: on secondment.
    pub secondment: bool,
    /// 正处级, 副科级 ...: the rank printed with the post.
    pub rank: Option<String>,
}

/// The title grammar as posts need it.
struct Grammar {
    words: WordMatcher<TitleWord>,
    /// Short form → (canonical template, level character).
    abbreviations: HashMap<String, (String, Option<char>)>,
    /// The longest short form, in characters (bounds prefix lookups).
    longest_abbreviation: usize,
    modifiers: Vec<String>,
    level_posts: Vec<String>,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let titles = include_str!("../../data/titles.tsv");
    let words = WordMatcher::new(lexicon::title_words(titles, &[]));
    let abbreviations = lexicon::abbreviations(include_str!("../../data/agency_abbrev.tsv"));
    let longest_abbreviation = abbreviations
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut modifiers = Vec::new();
    let mut level_posts = Vec::new();
    for row in lexicon::tsv_rows(titles) {
        match row.as_slice() {
            ["modifier", m, ..] => modifiers.push(m.to_string()),
            ["levelpost", p, ..] => level_posts.push(p.to_string()),
            _ => {}
        }
    }
    // Longest first: 常务副 before 副.
    modifiers.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    Grammar {
        words,
        abbreviations,
        longest_abbreviation,
        modifiers,
        level_posts,
    }
});

/// Characters that join offices in one title.
fn is_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '兼' | ' ')
}

/// Ranks: 正处级, 副科级, 正厅级 ... (the grade of a civil servant, not an
/// office).
fn rank_at(chars: &[char], i: usize) -> Option<usize> {
    const GRADES: &[char] = &[
        '国', '部', '省', '厅', '司', '局', '地', '县', '处', '乡', '科', '股',
    ];
    let (a, b, c) = (chars.get(i)?, chars.get(i + 1)?, chars.get(i + 2)?);
    (matches!(a, '正' | '副') && GRADES.contains(b) && *c == '级').then_some(3)
}

/// Read `title` as posts.
///
/// # Arguments
/// * `title`: a title as printed (县委常委、常务副县长; 原平远县委书记).
/// * `place`: the caller's place lookup: given a prefix of an office, the
///   code of a place of that name (full name, or a short form the graph
///   knows), if any. Asked longest prefix first.
///
/// # Returns
/// * The offices in printed order; empty for a title that names none.
pub fn read_title(title: &str, place: &dyn Fn(&str) -> Option<String>) -> Vec<Post> {
    let g = &*GRAMMAR;
    let mut out: Vec<Post> = Vec::new();
    for piece in title.split(is_separator).filter(|p| !p.is_empty()) {
        for part in split_offices(g, piece) {
            if let Some(mut p) = read_office(g, part, place) {
                // 县委常委、组织部部长: a bare department after an organ is
                // the organ's department.
                if p.body.is_none() {
                    if let Some(prev) = out.last() {
                        p.body = inherited_body(g, prev, &p);
                        if p.body.is_some() && p.level.is_none() {
                            p.level = prev.level;
                        }
                        if p.place.is_none() {
                            p.place = prev.place.clone();
                        }
                    }
                }
                out.push(p);
            }
        }
    }
    out
}

/// Split a title printed without separators at office boundaries: after a
/// post word when what follows is itself an office (县委常委组织部部长 →
/// 县委常委 + 组织部部长). An organ containing a post word (常委会) never
/// ends an office, and what follows must end in a post.
fn split_offices<'a>(g: &Grammar, piece: &'a str) -> Vec<&'a str> {
    let found = g.words.find(piece);
    let ends_office = |w: &TitleWord| matches!(w, TitleWord::Post | TitleWord::Reporter);
    let Some(last) = found.last() else {
        return vec![piece];
    };
    if last.1 != piece.len() || !ends_office(&last.2) {
        return vec![piece];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (_, e, w) in &found[..found.len() - 1] {
        // What follows must hold two characters at least (an office, not
        // a stray suffix) and not start a longer office word (代表).
        // And it must start like an office, unless a party post ends
        // here (县委常委组织部部长): a manager's unit (公司经理|中心班长)
        // is part of one office.
        let rest = &piece[*e..];
        let party_post = ["常委", "委员", "书记"]
            .iter()
            .any(|p| piece[..*e].ends_with(p));
        if ends_office(w)
            && rest.chars().count() >= 2
            && !rest.starts_with('员')
            && (party_post || begins_office(rest))
        {
            parts.push(&piece[start..*e]);
            start = *e;
        }
    }
    parts.push(&piece[start..]);
    parts
}

/// Take the leading markers off `s`: (rest, acting, former, secondment).
fn strip_markers(s: &str) -> (&str, bool, bool, bool) {
    let (mut acting, mut former, mut secondment) = (false, false, false);
    let mut s = s;
    loop {
        if let Some(r) = s.strip_prefix("挂职") {
            secondment = true;
            s = r;
        } else if let Some(r) = s.strip_prefix("代理") {
            acting = true;
            s = r;
        } else if let Some(r) = s.strip_prefix('代').filter(|r| !r.starts_with('表')) {
            acting = true;
            s = r;
        } else if let Some(r) = s
            .strip_prefix("原任")
            .or_else(|| s.strip_prefix("前任"))
            .or_else(|| s.strip_prefix('原').filter(|r| begins_office(r)))
            .or_else(|| s.strip_prefix('前').filter(|r| begins_office(r)))
        {
            // 原 and 前 begin names too (原平市, 前进村): only before what
            // reads as the start of an office.
            former = true;
            s = r;
        } else {
            return (s, acting, former, secondment);
        }
    }
}

/// True when `s` starts like an office: a level character, a modifier, an
/// organ's short form or a post word.
fn begins_office(s: &str) -> bool {
    let g = &*GRAMMAR;
    s.chars().next().is_some_and(|c| level_of_char(c).is_some())
        || g.modifiers.iter().any(|m| s.starts_with(m.as_str()))
        || g.words.first(s).is_some_and(|(b, _, _)| b == 0)
        || g.abbreviations.keys().any(|k| s.starts_with(k.as_str()))
}

/// The longest organ short form `s` starts with: (its length in bytes,
/// template, level character).
fn abbreviation_prefix<'g>(g: &'g Grammar, s: &str) -> Option<(usize, &'g str, Option<char>)> {
    let ends: Vec<usize> = s
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(g.longest_abbreviation)
        .collect();
    ends.iter().rev().find_map(|&e| {
        g.abbreviations
            .get(&s[..e])
            .map(|(t, l)| (e, t.as_str(), *l))
    })
}

/// The longest prefix of `s` the caller knows as a place, which leaves an
/// office behind: (the office, the place as printed, its code).
fn place_prefix<'a>(
    g: &Grammar,
    s: &'a str,
    place: &dyn Fn(&str) -> Option<String>,
) -> Option<(&'a str, &'a str, Option<String>)> {
    let ends: Vec<usize> = s.char_indices().map(|(i, _)| i).skip(2).collect();
    ends.iter().rev().find_map(|&e| {
        let code = place(&s[..e])?;
        let after = &s[e..];
        // 平远县 + 委书记: the level character belongs to the organ (县委).
        let last = s[..e].chars().last()?;
        let with_level = &s[e - last.len_utf8()..];
        let keep_level = level_of_char(last).is_some()
            && abbreviation_prefix(g, after).is_none()
            && abbreviation_prefix(g, with_level).is_some();
        let rest = if keep_level { with_level } else { after };
        Some((rest, &s[..s.len() - rest.len()], Some(code)))
    })
}

/// One office: markers, place name, body.
fn read_office(g: &Grammar, part: &str, place: &dyn Fn(&str) -> Option<String>) -> Option<Post> {
    let (s, acting, mut former, secondment) = strip_markers(part);
    // The place printed first (平远县委书记, 乐山市政府副市长); 原 before a
    // place name (原平远县县长) is a marker the name hid from strip_markers.
    let (rest, place_text, place_code) = match place_prefix(g, s, place) {
        Some(found) => found,
        None => match s
            .strip_prefix(['原', '前'])
            .and_then(|r| place_prefix(g, r, place))
        {
            Some(found) => {
                former = true;
                found
            }
            None => (s, "", None),
        },
    };
    let (rest, a2, f2, s2) = strip_markers(rest);
    let (acting, former, secondment) = (acting || a2, former || f2, secondment || s2);
    // A rank anywhere in the office (正处级干部, 正科级调研员).
    let chars: Vec<char> = rest.chars().collect();
    let mut rank = None;
    let mut office: String = rest.to_string();
    if let Some(i) = (0..chars.len()).find(|&i| rank_at(&chars, i).is_some()) {
        let r: String = chars[i..i + 3].iter().collect();
        let left: String = chars[..i].iter().chain(&chars[i + 3..]).collect();
        if !left.is_empty() && left != "干部" && left != "领导干部" {
            office = left;
        }
        rank = Some(r);
    }
    let office = office.replace("挂职", "");
    if office.chars().count() < 2 && rank.is_none() {
        return None;
    }
    // 县政府副县长: the government is the body; the post is 副县长, as
    // when printed alone.
    let office = match abbreviation_prefix(g, &office) {
        Some((e, template, _))
            if template == "{J}人民政府" && is_head_of_government(g, &office[e..]) =>
        {
            office[e..].to_string()
        }
        _ => office,
    };
    let (mut body, level) = body_of(g, &office);
    if body.is_none() {
        body = printed_organ(g, &office, place_text);
    }
    Some(Post {
        post: office,
        printed: part.to_string(),
        body,
        level: level.or_else(|| place_code.as_deref().and_then(level_of_code)),
        place: place_code,
        acting,
        former,
        secondment,
        rank,
    })
}

/// The level a division code names: 2 digits a province, 4 a city, 6 a
/// county, 9 a township.
pub fn level_of_code(code: &str) -> Option<Level> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match code.len() {
        2 => Level::Province,
        4 => Level::City,
        6 => Level::County,
        9 => Level::Township,
        12 => Level::Village,
        _ => return None,
    })
}

/// The code length of a level (the inverse of [`level_of_code`]).
pub fn code_len(level: Level) -> Option<usize> {
    Some(match level {
        Level::Province => 2,
        Level::City => 4,
        Level::County => 6,
        Level::Township => 9,
        Level::Village => 12,
        _ => return None,
    })
}

/// True for (modifiers) level + 长: 县长, 常务副县长, 党外副市长.
fn is_head_of_government(g: &Grammar, office: &str) -> bool {
    let mut s = office;
    while let Some(m) = g.modifiers.iter().find(|m| s.starts_with(m.as_str())) {
        s = &s[m.len()..];
    }
    let mut cs = s.chars();
    cs.next().is_some_and(|l| {
        level_of_char(l).is_some_and(|l| l != Level::Village)
            && g.level_posts.iter().any(|p| p == cs.as_str())
    })
}

/// The body an office names and its level: an organ's short form at its
/// start (县委常委 → 中共{J}委员会), else a head of government (常务副县长
/// → {J}人民政府).
fn body_of(g: &Grammar, office: &str) -> (Option<String>, Option<Level>) {
    if let Some((_, template, level)) = abbreviation_prefix(g, office) {
        return (Some(template.to_string()), level.and_then(level_of_char));
    }
    let mut s = office;
    while let Some(m) = g.modifiers.iter().find(|m| s.starts_with(m.as_str())) {
        s = &s[m.len()..];
    }
    let mut cs = s.chars();
    if let (Some(l), rest) = (cs.next(), cs.as_str()) {
        if let Some(level) = level_of_char(l) {
            if g.level_posts.iter().any(|p| p == rest) {
                // 村长 heads a villagers' committee, not a government.
                if level == Level::Village {
                    return (Some("{J}村民委员会".into()), Some(level));
                }
                return (Some("{J}人民政府".into()), Some(level));
            }
        }
    }
    (None, None)
}

/// The organ printed before the post word when no short form names it
/// (方山县教育科技局局长 → 方山县教育科技局): its name ends in an organ's
/// head (局, 委员会, 中心 ...); a leading level character stands for the
/// jurisdiction (县档案馆 → {J}档案馆), the place printed before it is
/// kept; one pointing back (该院, 本局) or of no place (服务队) is none.
fn printed_organ(g: &Grammar, office: &str, place: &str) -> Option<String> {
    let (s, _, _) = g.words.find(office).into_iter().last()?;
    let org = &office[..s];
    let org = g
        .modifiers
        .iter()
        .find_map(|m| org.strip_suffix(m.as_str()))
        .unwrap_or(org);
    if org.chars().count() < 2
        || org.starts_with(['该', '本', '我', '其'])
        || !ORGAN_HEADS.iter().any(|h| org.ends_with(h))
    {
        return None;
    }
    if !place.is_empty() {
        return Some(format!("{place}{org}"));
    }
    // Without a place or a level, the organ is no one's in particular
    // (服务队, 办公室): no body rather than a vague one.
    let mut cs = org.chars();
    cs.next()
        .filter(|&l| super::classes::is_division_level_char(l))
        .map(|_| format!("{{J}}{}", cs.as_str()))
}

/// Heads that end an organ's name.
const ORGAN_HEADS: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "馆",
    "厅",
    "处",
    "科",
    "部",
    "会",
    "联",
    "校",
    "学校",
    "公司",
    "银行",
    "集团",
    "协会",
    "社",
    "园",
    "场",
];

/// The body of a bare office printed after another: the department of the
/// organ before it (县委常委、组织部部长 → 中共{J}委员会组织部), or the same
/// organ for a bare post (县人大常委会主任、副主任).
fn inherited_body(g: &Grammar, prev: &Post, p: &Post) -> Option<String> {
    let prev_org = abbreviation_prefix(g, &prev.post).map(|(e, _, _)| &prev.post[..e])?;
    let joined = format!("{prev_org}{}", p.post);
    if let Some((e, template, _)) = abbreviation_prefix(g, &joined) {
        if e > prev_org.len() {
            return Some(template.to_string());
        }
    }
    // A bare post word (副主任, 委员): the same organ.
    let bare = g.words.get(&p.post).is_some()
        || g.modifiers.iter().any(|m| {
            p.post
                .strip_prefix(m.as_str())
                .is_some_and(|r| g.words.get(r).is_some())
        });
    let head_of_government = body_of(g, &p.post).0.is_some();
    (bare && !head_of_government)
        .then(|| prev.body.clone())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_place(_: &str) -> Option<String> {
        None
    }

    fn posts(title: &str) -> Vec<(String, Option<String>)> {
        read_title(title, &no_place)
            .into_iter()
            .map(|p| (p.post, p.body))
            .collect()
    }

    #[test]
    fn compound_titles_split_into_posts() {
        assert_eq!(
            posts("县委常委、常务副县长"),
            vec![
                ("县委常委".into(), Some("中共{J}委员会".into())),
                ("常务副县长".into(), Some("{J}人民政府".into())),
            ]
        );
        // Printed without a separator: split where an office ends.
        assert_eq!(
            posts("县委常委组织部部长"),
            vec![
                ("县委常委".into(), Some("中共{J}委员会".into())),
                ("组织部部长".into(), Some("中共{J}委员会组织部".into())),
            ]
        );
        // 常委会 is an organ, not the post 常委; 主任科员 is one word.
        assert_eq!(posts("县人大常委会副主任").len(), 1);
        assert_eq!(posts("三级主任科员").len(), 1);
        assert_eq!(
            posts("镇党委书记兼镇长")
                .into_iter()
                .map(|p| p.0)
                .collect::<Vec<_>>(),
            vec!["镇党委书记", "镇长"]
        );
        // A bare post after an organ's post is the organ's.
        assert_eq!(
            posts("县人大常委会主任、副主任")[1].1.as_deref(),
            Some("{J}人民代表大会常务委员会")
        );
        assert_eq!(posts("人大代表")[0].0, "人大代表");
        // A unit inside an organ's name is no second office.
        assert_eq!(posts("某某公司客户经理中心营业班班长").len(), 1);
        // An organ printed whole is the body.
        assert_eq!(posts("县档案馆馆长")[0].1.as_deref(), Some("{J}档案馆"));
        assert_eq!(posts("该院营养科主任")[0].1, None);
        assert_eq!(posts("服务队队长")[0].1, None);
        assert_eq!(
            posts("县政府党外副县长"),
            vec![("党外副县长".into(), Some("{J}人民政府".into()))]
        );
    }

    #[test]
    fn markers_are_kept_not_dropped() {
        let p = &read_title("代县长", &no_place)[0];
        assert!(p.acting && !p.former);
        assert_eq!(p.post, "县长");
        assert_eq!(p.printed, "代县长");
        let p = &read_title("代理镇长", &no_place)[0];
        assert!(p.acting && p.post == "镇长");
        let p = &read_title("原县委副书记", &no_place)[0];
        assert!(p.former && p.post == "县委副书记");
        let p = &read_title("前任市长", &no_place)[0];
        assert!(p.former && p.post == "市长");
        let p = &read_title("挂职副县长", &no_place)[0];
        assert!(p.secondment && p.post == "副县长");
        assert_eq!(p.body.as_deref(), Some("{J}人民政府"));
        let p = &read_title("正处级调研员", &no_place)[0];
        assert_eq!(
            (p.post.as_str(), p.rank.as_deref()),
            ("调研员", Some("正处级"))
        );
        let p = &read_title("副科级干部", &no_place)[0];
        assert_eq!(
            (p.post.as_str(), p.rank.as_deref()),
            ("副科级干部", Some("副科级"))
        );
        // 代表 and a place named 原平 are no markers.
        assert!(!read_title("人大代表", &no_place)[0].acting);
        let p = &read_title("原平市副市长", &no_place)[0];
        assert!(!p.former);
    }

    #[test]
    fn a_place_printed_first_is_taken_off() {
        let place = |s: &str| match s {
            "平远县" | "平远" => Some("441426".to_string()),
            "杭州市" | "杭州" => Some("3301".to_string()),
            _ => None,
        };
        let p = &read_title("平远县委书记", &place)[0];
        assert_eq!(p.post, "县委书记");
        assert_eq!(p.place.as_deref(), Some("441426"));
        assert_eq!(p.body.as_deref(), Some("中共{J}委员会"));
        let p = &read_title("杭州市副市长", &place)[0];
        assert_eq!(p.post, "副市长");
        assert_eq!(p.level, Some(Level::City));
        // A known short form keeps its level character (filled in with
        // the place later); another organ keeps the place as printed.
        let p = &read_title("平远县教育局副局长", &place)[0];
        assert_eq!(p.body.as_deref(), Some("{J}教育局"));
        assert_eq!(p.post, "县教育局副局长");
        let p = &read_title("平远县档案馆馆长", &place)[0];
        assert_eq!(p.body.as_deref(), Some("平远县档案馆"));
        assert_eq!(p.post, "档案馆馆长");
        let p = &read_title("原平远县县长", &place)[0];
        assert!(p.former && p.post == "县长");
    }
}
