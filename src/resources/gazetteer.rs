//! The administrative-division gazetteer (`data/divisions.tsv`): province ->
//! prefecture -> county -> township, with codes and parents, plus a matcher
//! for full names and safe short forms (山西省 -> 山西, 涿鹿县 -> 涿鹿).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};

/// Level of a place in the administrative hierarchy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 地区, 自治州, 盟.
    City,
    /// 县, 县级市, 区, 旗.
    County,
    /// 乡, 镇, 街道.
    Township,
    /// 村.
    Village,
    /// 社区.
    Community,
    /// Development zones, streets, estates and other named places.
    Other,
}

impl Level {
    /// Lower-case name used in graph attributes.
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
            Level::Community => "community",
            Level::Other => "other",
        }
    }
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "province" => Level::Province,
            "city" => Level::City,
            "county" => Level::County,
            "township" => Level::Township,
            "village" => Level::Village,
            "community" => Level::Community,
            "other" => Level::Other,
            _ => return None,
        })
    }
}

/// Index of a division in [`Gazetteer::divisions`].
pub type DivId = u32;

/// One administrative division.
#[derive(Debug, Clone)]
pub struct Division {
    /// Statistical code (2, 4, 6 or 9 digits); empty for user-added places.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Level.
    pub level: Level,
    /// Parent division.
    pub parent: Option<DivId>,
}

/// A place name found in text: byte range and the divisions it may denote.
#[derive(Debug, Clone, Copy)]
pub struct PlaceHit<'g> {
    /// Byte start in the searched text.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Candidate divisions (ambiguous names have several), borrowed from
    /// the gazetteer: most hits are dropped, and none needs a copy to be
    /// judged.
    pub candidates: &'g [DivId],
    /// True when the surface is a short form (山西 for 山西省).
    pub short: bool,
}

/// Divisions with a name matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// All divisions; ids index this vector.
    pub divisions: Vec<Division>,
    by_code: HashMap<String, DivId>,
    by_name: HashMap<String, Vec<DivId>>,
    surfaces: Vec<(String, Vec<DivId>, bool)>,
    matcher: AhoCorasick,
}

/// Suffixes stripped to make short forms, longest first, per level.
const PROVINCE_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];
const CITY_SUFFIXES: &[&str] = &["市", "地区", "盟"];
const COUNTY_SUFFIXES: &[&str] = &["自治县", "县", "市", "区", "旗"];

/// China's peoples as printed in autonomous areas' names
/// (`data/ethnic_groups.txt`), longest first.
static ETHNIC_GROUPS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<&str> = include_str!("../../data/ethnic_groups.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    v.sort_by_key(|g| std::cmp::Reverse(g.chars().count()));
    v
});

/// The stem of an autonomous area's name and the level character its
/// short form takes: 凉山彝族自治州 → (凉山, 州), 围场满族蒙古族自治县 →
/// (围场, 县), 鄂温克族自治旗 → None (no stem left).
fn autonomous_stem<'a>(name: &'a str, groups: &[&str]) -> Option<(&'a str, char)> {
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

impl Gazetteer {
    /// Parse `divisions.tsv` and extra places (name, level, parent name).
    pub fn build(
        tsv: &str,
        alias_stop: &HashSet<String>,
        generic: &HashSet<String>,
        extra: &[(String, Level)],
        keep_short: &dyn Fn(&str) -> bool,
    ) -> Gazetteer {
        let mut divisions = Vec::new();
        let mut by_code = HashMap::new();
        for line in tsv.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let Some(level) = Level::parse(cols[2]) else {
                continue;
            };
            let parent = by_code.get(cols[3]).copied();
            let id = divisions.len() as DivId;
            by_code.insert(cols[0].to_string(), id);
            divisions.push(Division {
                code: cols[0].to_string(),
                name: cols[1].to_string(),
                level,
                parent,
            });
        }
        for (name, level) in extra {
            divisions.push(Division {
                code: String::new(),
                name: name.clone(),
                level: *level,
                parent: None,
            });
        }
        let mut by_name: HashMap<String, Vec<DivId>> = HashMap::new();
        let mut short_names: HashMap<String, Vec<DivId>> = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            let id = i as DivId;
            if generic.contains(&d.name) {
                continue;
            }
            by_name.entry(d.name.clone()).or_default().push(id);
            if let Some(s) = d.name.strip_suffix("办事处") {
                if !generic.contains(s) {
                    short_names.entry(s.to_string()).or_default().push(id);
                }
            }
            let suffixes: &[&str] = match d.level {
                Level::Province => PROVINCE_SUFFIXES,
                Level::City => CITY_SUFFIXES,
                Level::County => COUNTY_SUFFIXES,
                _ => &[],
            };
            for suf in suffixes {
                if let Some(s) = d.name.strip_suffix(suf) {
                    if s.chars().count() >= 2 && !alias_stop.contains(s) && keep_short(s) {
                        short_names.entry(s.to_string()).or_default().push(id);
                    }
                    break;
                }
            }
            // Autonomous areas: 凉山彝族自治州 -> 凉山, 凉山州; 石柱土家族自治县
            // -> 石柱, 石柱县.
            if let Some((stem, level_char)) = autonomous_stem(&d.name, ETHNIC_GROUPS.as_slice()) {
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
        let mut surfaces: Vec<(String, Vec<DivId>, bool)> = Vec::new();
        let mut names: Vec<&String> = by_name.keys().collect();
        names.sort();
        for n in names {
            surfaces.push((n.clone(), by_name[n].clone(), false));
        }
        let mut shorts: Vec<&String> = short_names.keys().collect();
        shorts.sort();
        for s in shorts {
            if by_name.contains_key(s) {
                continue; // a full name elsewhere wins
            }
            surfaces.push((s.clone(), short_names[s].clone(), true));
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(surfaces.iter().map(|(s, _, _)| s.as_str()))
            .expect("gazetteer automaton");
        Gazetteer {
            divisions,
            by_code,
            by_name,
            surfaces,
            matcher,
        }
    }

    /// Find every place name in `text` (leftmost-longest, non-overlapping).
    pub fn find(&self, text: &str) -> Vec<PlaceHit<'_>> {
        self.matcher
            .find_iter(text)
            .map(|m| {
                let (_, ids, short) = &self.surfaces[m.pattern().as_usize()];
                PlaceHit {
                    start: m.start(),
                    end: m.end(),
                    candidates: ids,
                    short: *short,
                }
            })
            .collect()
    }

    /// The first hit of [`Gazetteer::find`], found without the others.
    pub fn first(&self, text: &str) -> Option<PlaceHit<'_>> {
        let m = self.matcher.find(text)?;
        let (_, ids, short) = &self.surfaces[m.pattern().as_usize()];
        Some(PlaceHit {
            start: m.start(),
            end: m.end(),
            candidates: ids,
            short: *short,
        })
    }

    /// Every matchable surface and whether it is a short form.
    pub fn surfaces(&self) -> impl Iterator<Item = (&str, bool)> {
        self.surfaces
            .iter()
            .map(|(s, _, short)| (s.as_str(), *short))
    }

    /// Divisions with exactly this full name.
    pub fn by_name(&self, name: &str) -> &[DivId] {
        self.by_name.get(name).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Divisions this surface (full or short) may denote.
    pub fn lookup(&self, surface: &str) -> Vec<DivId> {
        if let Some(v) = self.by_name.get(surface) {
            return v.clone();
        }
        self.surfaces
            .iter()
            .find(|(s, _, _)| s == surface)
            .map(|(_, v, _)| v.clone())
            .unwrap_or_default()
    }

    /// The division with this code.
    pub fn by_code(&self, code: &str) -> Option<DivId> {
        self.by_code.get(code).copied()
    }

    /// The division.
    pub fn get(&self, id: DivId) -> &Division {
        &self.divisions[id as usize]
    }

    /// Ancestors of a division, nearest first.
    pub fn ancestors(&self, id: DivId) -> Vec<DivId> {
        let mut out = Vec::new();
        let mut cur = self.get(id).parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.get(p).parent;
        }
        out
    }

    /// True when `anc` is `id` or one of its ancestors.
    pub fn is_within(&self, id: DivId, anc: DivId) -> bool {
        id == anc || self.ancestors(id).contains(&anc)
    }

    /// The nearest division at `level` on the path from `id` up (itself included).
    pub fn at_level(&self, id: DivId, level: Level) -> Option<DivId> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find(|&d| self.get(d).level == level)
    }
}

#[cfg(test)]
mod autonomous_tests {
    use super::*;

    #[test]
    fn gazetteer_autonomous_stems() {
        let g = ETHNIC_GROUPS.as_slice();
        assert_eq!(autonomous_stem("凉山彝族自治州", g), Some(("凉山", '州')));
        assert_eq!(
            autonomous_stem("围场满族蒙古族自治县", g),
            Some(("围场", '县'))
        );
        assert_eq!(
            autonomous_stem("莫力达瓦达斡尔族自治旗", g),
            Some(("莫力达瓦", '旗'))
        );
        assert_eq!(autonomous_stem("鄂温克族自治旗", g), None);
        assert_eq!(autonomous_stem("沁县", g), None);
    }
}
