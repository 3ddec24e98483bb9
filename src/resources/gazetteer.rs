//! The administrative-division gazetteer (`data/divisions.tsv`): province ->
//! prefecture -> county -> township, with codes and parents, plus a matcher
//! for full names and safe short forms (山西省 -> 山西, 涿鹿县 -> 涿鹿).

use super::surfaces::{self, Surface, Tier};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
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
#[derive(Clone)]
pub struct Gazetteer {
    /// All divisions; ids index this vector.
    pub divisions: Vec<Division>,
    by_code: HashMap<String, DivId>,
    /// Full names (sorted), then short forms (sorted): see
    /// [`surfaces::surfaces`]. Both parts are searched by bisection.
    surfaces: Vec<Surface>,
    /// The number of full names at the start of `surfaces`.
    full: usize,
    /// Leftmost-longest over the surfaces; a match's value is its
    /// surface's index. A double array: the built-in one is compiled by
    /// `build.rs` and read back with a copy (see [`Gazetteer::builtin`]).
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The automaton has no Debug; its size says enough.
        f.debug_struct("Gazetteer")
            .field("divisions", &self.divisions.len())
            .field("surfaces", &self.surfaces.len())
            .field("matcher_states", &self.matcher.num_states())
            .finish()
    }
}

/// The built-in surfaces and their automaton, computed by `build.rs` from
/// the files [`Gazetteer::builtin`] reads (with [`surfaces::surfaces`] and
/// [`surfaces::keep_short`], as [`Gazetteer::build`] does at run time).
static BUILTIN_SURFACES: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_surfaces.bin"));
static BUILTIN_AUTOMATON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_daac.bin"));

/// The divisions of `divisions.tsv` (ids in file order), indexed by code.
fn parse_divisions(tsv: &str) -> (Vec<Division>, HashMap<String, DivId>) {
    let rows = tsv.lines().count();
    let mut divisions = Vec::with_capacity(rows);
    let mut by_code = HashMap::with_capacity(rows);
    for row in surfaces::rows(tsv) {
        let Some(level) = Level::parse(row.level) else {
            continue;
        };
        let parent = by_code.get(row.parent).copied();
        let id = divisions.len() as DivId;
        by_code.insert(row.code.to_string(), id);
        divisions.push(Division {
            code: row.code.to_string(),
            name: row.name.to_string(),
            level,
            parent,
        });
    }
    (divisions, by_code)
}

/// The surface tier of a level (which suffixes its short forms drop).
fn tier(level: Level) -> Tier {
    match level {
        Level::Province => Tier::Province,
        Level::City => Tier::City,
        Level::County => Tier::County,
        _ => Tier::Other,
    }
}

impl Gazetteer {
    /// The built-in gazetteer (`data/divisions.tsv`, no extra places, the
    /// short forms jieba's own dictionary allows): what
    /// [`Gazetteer::build`] gives, its surfaces and automaton computed at
    /// compile time.
    pub fn builtin() -> Gazetteer {
        let (divisions, by_code) = parse_divisions(include_str!("../../data/divisions.tsv"));
        // Both blobs are written by build.rs from this crate's own data: a
        // damaged one is a broken build, not bad input.
        let surfaces = surfaces::decode(BUILTIN_SURFACES).expect("build.rs wrote the surfaces");
        let (matcher, _) = CharwiseDoubleArrayAhoCorasick::deserialize(BUILTIN_AUTOMATON)
            .expect("build.rs wrote the automaton");
        Gazetteer::assemble(divisions, by_code, surfaces, matcher)
    }

    /// Parse `divisions.tsv` and extra places (name, level); short forms
    /// pass `alias_stop` and `keep_short` (see [`surfaces::surfaces`]).
    pub fn build(
        tsv: &str,
        alias_stop: &HashSet<String>,
        generic: &HashSet<String>,
        extra: &[(String, Level)],
        keep_short: &dyn Fn(&str) -> bool,
    ) -> Gazetteer {
        let (mut divisions, by_code) = parse_divisions(tsv);
        for (name, level) in extra {
            divisions.push(Division {
                code: String::new(),
                name: name.clone(),
                level: *level,
                parent: None,
            });
        }
        let named: Vec<(&str, Tier)> = divisions
            .iter()
            .map(|d| (d.name.as_str(), tier(d.level)))
            .collect();
        let groups = surfaces::ethnic_groups(include_str!("../../data/ethnic_groups.txt"));
        let surfaces = surfaces::surfaces(&named, generic, alias_stop, &groups, keep_short);
        let matcher = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(surfaces.iter().map(|(s, _, _)| s.as_str()))
            .expect("gazetteer automaton");
        Gazetteer::assemble(divisions, by_code, surfaces, matcher)
    }

    fn assemble(
        divisions: Vec<Division>,
        by_code: HashMap<String, DivId>,
        surfaces: Vec<Surface>,
        matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    ) -> Gazetteer {
        let full = surfaces.iter().take_while(|(_, _, short)| !short).count();
        Gazetteer {
            divisions,
            by_code,
            surfaces,
            full,
            matcher,
        }
    }

    /// Find every place name in `text` (leftmost-longest, non-overlapping).
    pub fn find(&self, text: &str) -> Vec<PlaceHit<'_>> {
        self.matcher
            .leftmost_find_iter(text)
            .map(|m| {
                let (_, ids, short) = &self.surfaces[m.value() as usize];
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
        let m = self.matcher.leftmost_find_iter(text).next()?;
        let (_, ids, short) = &self.surfaces[m.value() as usize];
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
        Self::bisect(&self.surfaces[..self.full], name)
    }

    /// Divisions this surface (full or short) may denote.
    pub fn lookup(&self, surface: &str) -> Vec<DivId> {
        let full = self.by_name(surface);
        if !full.is_empty() {
            return full.to_vec();
        }
        Self::bisect(&self.surfaces[self.full..], surface).to_vec()
    }

    /// The ids of `text` in a part of the surfaces sorted by text.
    fn bisect<'a>(part: &'a [Surface], text: &str) -> &'a [DivId] {
        part.binary_search_by(|(s, _, _)| s.as_str().cmp(text))
            .map(|i| part[i].1.as_slice())
            .unwrap_or(&[])
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
    use surfaces::autonomous_stem;

    #[test]
    fn gazetteer_autonomous_stems() {
        let groups = surfaces::ethnic_groups(include_str!("../../data/ethnic_groups.txt"));
        let g = groups.as_slice();
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

#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// The matches of `find`, comparable.
    fn hits(g: &Gazetteer, text: &str) -> Vec<(usize, usize, Vec<DivId>, bool)> {
        g.find(text)
            .iter()
            .map(|h| (h.start, h.end, h.candidates.to_vec(), h.short))
            .collect()
    }

    /// Texts that put surfaces side by side (so longer and shorter ones
    /// overlap at every boundary), with and without text between them.
    fn packed_texts(g: &Gazetteer) -> Vec<String> {
        let all: Vec<&str> = g.surfaces().map(|(s, _)| s).collect();
        let mut texts: Vec<String> = all.chunks(40).map(|c| c.concat()).collect();
        texts.extend(all.chunks(40).map(|c| c.join("在")));
        texts
    }

    #[test]
    fn gazetteer_builtin_is_what_build_computes_at_run_time() {
        let jieba = jieba_rs::Jieba::new();
        let built = Gazetteer::build(
            include_str!("../../data/divisions.tsv"),
            &surfaces::word_set(include_str!("../../data/place_alias_stop.txt")),
            &surfaces::word_set(include_str!("../../data/generic_places.txt")),
            &[],
            &|s| surfaces::keep_short(&jieba, s),
        );
        let builtin = Gazetteer::builtin();
        assert_eq!(built.surfaces, builtin.surfaces);
        assert_eq!(built.full, builtin.full);
        assert_eq!(built.divisions.len(), builtin.divisions.len());
        for text in packed_texts(&built).iter().step_by(7) {
            assert_eq!(hits(&built, text), hits(&builtin, text));
        }
    }

    #[test]
    fn gazetteer_matches_what_aho_corasick_leftmost_longest_finds() {
        // The automaton was aho-corasick's before it was precomputed: the
        // double array must find the same leftmost-longest matches.
        let g = Gazetteer::builtin();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(g.surfaces.iter().map(|(s, _, _)| s.as_str()))
            .unwrap();
        let mut texts = packed_texts(&g);
        texts.push("县委书记到镇里调研后又去了省城和市区的开发区".into());
        texts.push(String::new());
        for text in &texts {
            let expected: Vec<(usize, usize, usize)> = ac
                .find_iter(text.as_str())
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let found: Vec<(usize, usize, usize)> = g
                .matcher
                .leftmost_find_iter(text.as_str())
                .map(|m| (m.start(), m.end(), m.value() as usize))
                .collect();
            assert_eq!(found, expected, "{text}");
            assert_eq!(
                g.first(text).map(|h| (h.start, h.end)),
                expected.first().map(|&(s, e, _)| (s, e))
            );
        }
    }

    #[test]
    fn gazetteer_lookup_finds_full_names_then_short_forms() {
        let g = Gazetteer::builtin();
        for (i, (s, ids, short)) in g.surfaces.iter().enumerate().step_by(97) {
            assert_eq!(&g.lookup(s), ids, "{s}");
            assert_eq!(g.by_name(s).is_empty(), *short, "{s}");
            assert_eq!(i < g.full, !short);
        }
        assert!(g.lookup("不是地名的词").is_empty());
    }
}
