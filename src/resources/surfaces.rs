//! The gazetteer's matchable surfaces (full names and safe short forms)
//! computed from `data/divisions.tsv`: plain `std` code, shared by the
//! crate (a build with a user lexicon computes them at run time) and by
//! `build.rs` (which computes the built-in ones once, at compile time, with
//! their automaton; see [`crate::resources::gazetteer`]). Both paths run
//! this one function, so they cannot disagree.
//!
//! The file is included by `build.rs` with `#[path]`: it may use nothing
//! but `std` and `jieba_rs` (a dependency of both).

use std::collections::{HashMap, HashSet};

/// What a division's level says about the short forms of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// 省, 自治区, 直辖市: drops [`PROVINCE_SUFFIXES`].
    Province,
    /// 地级市, 地区, 盟: drops [`CITY_SUFFIXES`].
    City,
    /// 县, 区, 旗: drops [`COUNTY_SUFFIXES`].
    County,
    /// Every other level: no suffix is dropped.
    Other,
}

impl Tier {
    /// The tier of a `divisions.tsv` level name, `None` for a name that is
    /// no level (such a row is skipped).
    pub fn of_level(level: &str) -> Option<Tier> {
        Some(match level {
            "province" => Tier::Province,
            "city" => Tier::City,
            "county" => Tier::County,
            "township" | "village" | "community" | "other" => Tier::Other,
            _ => return None,
        })
    }

    fn suffixes(self) -> &'static [&'static str] {
        match self {
            Tier::Province => PROVINCE_SUFFIXES,
            Tier::City => CITY_SUFFIXES,
            Tier::County => COUNTY_SUFFIXES,
            Tier::Other => &[],
        }
    }
}

/// Suffixes stripped to make short forms, longest first, per level.
pub const PROVINCE_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];
/// See [`PROVINCE_SUFFIXES`].
pub const CITY_SUFFIXES: &[&str] = &["市", "地区", "盟"];
/// See [`PROVINCE_SUFFIXES`].
pub const COUNTY_SUFFIXES: &[&str] = &["自治县", "县", "市", "区", "旗"];

/// One row of `divisions.tsv` (code, name, level, parent code).
pub struct Row<'a> {
    /// Statistical code.
    pub code: &'a str,
    /// Official name.
    pub name: &'a str,
    /// Level name (one [`Tier::of_level`] knows).
    pub level: &'a str,
    /// The parent's code (empty for a province).
    pub parent: &'a str,
}

/// The rows of `divisions.tsv` that are divisions, in file order: their
/// position is the division's id. The header, short rows and rows of an
/// unknown level are skipped.
pub fn rows(tsv: &str) -> impl Iterator<Item = Row<'_>> {
    tsv.lines().skip(1).filter_map(|line| {
        let mut cols = line.split('\t');
        let (code, name, level, parent) = (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
        Tier::of_level(level)?;
        Some(Row {
            code,
            name,
            level,
            parent,
        })
    })
}

/// One word a line of a word list: trimmed, blank lines and `#` comments
/// skipped.
pub fn word_set(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// China's peoples as printed in autonomous areas' names
/// (`data/ethnic_groups.txt`), longest first.
pub fn ethnic_groups(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    v.sort_by_key(|g| std::cmp::Reverse(g.chars().count()));
    v
}

/// The stem of an autonomous area's name and the level character its
/// short form takes: 凉山彝族自治州 → (凉山, 州), 围场满族蒙古族自治县 →
/// (围场, 县), 鄂温克族自治旗 → None (no stem left).
pub fn autonomous_stem<'a>(name: &'a str, groups: &[&str]) -> Option<(&'a str, char)> {
    let (mut stem, level) = [("自治州", '州'), ("自治县", '县'), ("自治旗", '旗')]
        .iter()
        .find_map(|(suf, c)| name.strip_suffix(suf).map(|s| (s, *c)))?;
    let mut stripped = false;
    while let Some(rest) = groups.iter().find_map(|g| stem.strip_suffix(g)) {
        stem = rest;
        stripped = true;
    }
    (stripped && !stem.is_empty()).then_some((stem, level))
}

/// The built-in short-form filter: a short form that jieba (its own
/// dictionary) knows as an ordinary word other than a noun (振兴, 解放,
/// 延长) is not matched as a place on its own.
pub fn keep_short(jieba: &jieba_rs::Jieba, s: &str) -> bool {
    !jieba.has_word(s)
        || jieba
            .tag(s, false)
            .first()
            .map(|t| t.word != s || t.tag.starts_with('n'))
            .unwrap_or(true)
}

/// A matchable surface: the text, the division ids it may denote, and
/// whether it is a short form.
pub type Surface = (String, Vec<u32>, bool);

/// The surfaces of `divisions` (name and tier, indexed by division id):
/// every full name not in `generic`, sorted, then every short form that is
/// no full name, sorted. A short form is a name less its level suffix, or
/// an autonomous area's stem (with and without its level character), of
/// two characters at least, not in `alias_stop`, and kept by `keep_short`
/// (the built-in one: jieba does not know it as an ordinary word).
pub fn surfaces(
    divisions: &[(&str, Tier)],
    generic: &HashSet<String>,
    alias_stop: &HashSet<String>,
    groups: &[&str],
    keep_short: &dyn Fn(&str) -> bool,
) -> Vec<Surface> {
    let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut short_names: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, &(name, tier)) in divisions.iter().enumerate() {
        let id = i as u32;
        if generic.contains(name) {
            continue;
        }
        by_name.entry(name).or_default().push(id);
        if let Some(s) = name.strip_suffix("办事处") {
            if !generic.contains(s) {
                short_names.entry(s.to_string()).or_default().push(id);
            }
        }
        for suf in tier.suffixes() {
            if let Some(s) = name.strip_suffix(suf) {
                if s.chars().count() >= 2 && !alias_stop.contains(s) && keep_short(s) {
                    short_names.entry(s.to_string()).or_default().push(id);
                }
                break;
            }
        }
        // Autonomous areas: 凉山彝族自治州 -> 凉山, 凉山州; 石柱土家族自治县
        // -> 石柱, 石柱县.
        if let Some((stem, level_char)) = autonomous_stem(name, groups) {
            if stem.chars().count() >= 2 && !alias_stop.contains(stem) {
                if keep_short(stem) {
                    short_names.entry(stem.to_string()).or_default().push(id);
                }
                short_names
                    .entry(format!("{stem}{level_char}"))
                    .or_default()
                    .push(id);
            }
        }
    }
    let mut out: Vec<Surface> = Vec::new();
    let mut names: Vec<&str> = by_name.keys().copied().collect();
    names.sort();
    for n in names {
        out.push((n.to_string(), by_name[n].clone(), false));
    }
    let mut shorts: Vec<&String> = short_names.keys().collect();
    shorts.sort();
    for s in shorts {
        if by_name.contains_key(s.as_str()) {
            continue; // a full name elsewhere wins
        }
        out.push((s.clone(), short_names[s].clone(), true));
    }
    out
}

/// The surfaces as bytes: for each, its text length (u32 LE), its text,
/// its number of ids (u32 LE), the ids (u32 LE), and 1 for a short form
/// or 0. [`decode`] reads them back.
pub fn encode(surfaces: &[Surface]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(surfaces.len() as u32).to_le_bytes());
    for (s, ids, short) in surfaces {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
        out.extend_from_slice(&(ids.len() as u32).to_le_bytes());
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out.push(u8::from(*short));
    }
    out
}

/// Read back what [`encode`] wrote; `None` when the bytes are damaged.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<Surface>> {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = bytes.split_at_checked(n)?;
        *bytes = rest;
        Some(head)
    }
    fn u32_of(bytes: &mut &[u8]) -> Option<u32> {
        Some(u32::from_le_bytes(take(bytes, 4)?.try_into().ok()?))
    }
    let n = u32_of(&mut bytes)? as usize;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let len = u32_of(&mut bytes)? as usize;
        let s = std::str::from_utf8(take(&mut bytes, len)?)
            .ok()?
            .to_string();
        let count = u32_of(&mut bytes)? as usize;
        let mut ids = Vec::with_capacity(count);
        for _ in 0..count {
            ids.push(u32_of(&mut bytes)?);
        }
        let short = take(&mut bytes, 1)?[0] == 1;
        out.push((s, ids, short));
    }
    bytes.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_encode_round_trips_and_damage_is_refused() {
        let s: Vec<Surface> = vec![
            ("甲乙县".into(), vec![3, 7], false),
            ("甲乙".into(), vec![3], true),
        ];
        let bytes = encode(&s);
        assert_eq!(decode(&bytes), Some(s));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
    }

    #[test]
    fn surfaces_short_forms_follow_the_rules() {
        let divisions = [
            ("甲乙省", Tier::Province),
            ("丙丁市", Tier::City),
            ("戊己县", Tier::County),
            ("庚辛彝族自治县", Tier::County),
            ("壬癸镇", Tier::Other),
            ("戊己县", Tier::Other),
        ];
        let generic = HashSet::new();
        let alias_stop: HashSet<String> = ["丙丁".to_string()].into();
        let found = surfaces(&divisions, &generic, &alias_stop, &["彝族"], &|s| {
            s != "甲乙"
        });
        let texts: Vec<(&str, bool)> = found.iter().map(|(s, _, b)| (s.as_str(), *b)).collect();
        assert_eq!(
            texts,
            vec![
                ("丙丁市", false),
                ("壬癸镇", false),
                ("庚辛彝族自治县", false),
                ("戊己县", false),
                ("甲乙省", false),
                // 丙丁 is stopped, 甲乙 refused by keep_short, a town has
                // no short form; the county's suffix and the autonomous
                // stem (with its level character) give three.
                ("庚辛", true),
                ("庚辛县", true),
                ("庚辛彝族", true),
                ("戊己", true),
            ]
        );
        // A name shared by two divisions denotes both.
        assert_eq!(found[3].1, vec![2, 5]);
    }
}
