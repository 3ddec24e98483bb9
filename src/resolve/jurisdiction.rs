//! Home jurisdictions and the choice among ambiguous divisions.
//!
//! Every place name printed in a document votes for its division and that
//! division's ancestors (a township votes for its county). Ambiguous names
//! (城关镇 ×88) take the candidate whose ancestors collected most votes in
//! the article, then in the document.

use super::{RAgency, RPerson, RPlace};
use crate::extract::{AgencyMention, ArticleMentions, DocMentions, PersonRole};
use crate::resources::gazetteer::{DivId, Level};
use crate::resources::{classes, Resources};
use std::collections::HashMap;

type Scores = HashMap<DivId, u32>;

/// Starts of names of the Party's, the nation's and national bodies: such
/// a name says whose it is, so it is one node wherever it is printed.
const NATIONAL_PREFIXES: &[&str] = &[
    "中共",
    "中国",
    "共青团",
    "中华人民共和国",
    "全国",
    "国家",
    "国务院",
    "中央",
    "最高人民",
];

/// The jurisdiction context of one document.
pub struct Context<'a> {
    res: &'a Resources,
    doc_scores: Scores,
    art_scores: Vec<Scores>,
    /// Per article, per place mention: the chosen division.
    chosen: Vec<Vec<Option<DivId>>>,
    /// Per article, per place mention: a short county name outside the page's
    /// province (资源, 公安), read as an ordinary word and dropped.
    dropped: Vec<Vec<bool>>,
    /// Per article, per place mention: a name below the county printed
    /// without its parent whose only divisions lie outside the page's
    /// province (城南街道, 高新技术产业园区: names that many places share
    /// and the gazetteer holds for few). It names a place of the page's own,
    /// one the gazetteer lacks, not that one.
    foreign: Vec<Vec<bool>>,
    doc_home: Option<DivId>,
    art_county: Vec<Option<DivId>>,
    art_township: Vec<Option<DivId>>,
    doc_county: Option<DivId>,
    doc_city: Option<DivId>,
}

fn vote(res: &Resources, scores: &mut Scores, d: DivId) {
    *scores.entry(d).or_default() += 1;
    for a in res.gazetteer.ancestors(d) {
        *scores.entry(a).or_default() += 1;
    }
}

fn support(res: &Resources, scores: &Scores, d: DivId) -> u32 {
    std::iter::once(d)
        .chain(res.gazetteer.ancestors(d))
        .map(|x| scores.get(&x).copied().unwrap_or(0))
        .sum()
}

/// The division of `level` with most votes (ties: smallest code).
fn best(res: &Resources, scores: &Scores, level: Level) -> Option<DivId> {
    scores
        .iter()
        .filter(|(d, _)| res.gazetteer.get(**d).level == level)
        .max_by(|a, b| {
            a.1.cmp(b.1).then_with(|| {
                res.gazetteer
                    .get(*b.0)
                    .code
                    .cmp(&res.gazetteer.get(*a.0).code)
            })
        })
        .map(|(d, _)| *d)
}

impl<'a> Context<'a> {
    /// Score the document's places and settle ambiguous names.
    pub fn new(res: &'a Resources, dm: &DocMentions) -> Context<'a> {
        let mut doc_scores = Scores::new();
        let mut art_scores = vec![Scores::new(); dm.articles.len()];
        let mut chosen: Vec<Vec<Option<DivId>>> = dm
            .articles
            .iter()
            .map(|a| vec![None; a.places.len()])
            .collect();
        // The page's province, from names printed in full.
        let mut provinces = Scores::new();
        for a in &dm.articles {
            for p in a
                .places
                .iter()
                .filter(|p| !p.short && p.candidates.len() == 1)
            {
                if let Some(pr) = res.gazetteer.at_level(p.candidates[0], Level::Province) {
                    *provinces.entry(pr).or_default() += 1;
                }
            }
        }
        let province = best(res, &provinces, Level::Province);
        let mut dropped: Vec<Vec<bool>> = dm
            .articles
            .iter()
            .map(|a| vec![false; a.places.len()])
            .collect();
        let mut foreign: Vec<Vec<bool>> = dm
            .articles
            .iter()
            .map(|a| vec![false; a.places.len()])
            .collect();
        // Cities and counties the page names in full: a township of one of
        // them is no stranger however far it lies (赴某区某镇考察).
        let named: Vec<DivId> = dm
            .articles
            .iter()
            .flat_map(|a| &a.places)
            .filter(|p| !p.short && p.candidates.len() == 1)
            .map(|p| p.candidates[0])
            .filter(|&d| matches!(res.gazetteer.get(d).level, Level::City | Level::County))
            .collect();
        let mut narrowed: Vec<Vec<Vec<DivId>>> = Vec::new();
        for (ai, a) in dm.articles.iter().enumerate() {
            let mut per = Vec::new();
            for (pi, p) in a.places.iter().enumerate() {
                let mut cands = p.candidates.clone();
                let below_county =
                    !matches!(p.level, Level::Province | Level::City | Level::County);
                if let (true, None, Some(pr)) = (below_county, p.parent_hint, province) {
                    let g = &res.gazetteer;
                    let stranger =
                        |c: DivId| !g.is_within(c, pr) && !named.iter().any(|&n| g.is_within(c, n));
                    if !cands.is_empty() && cands.iter().all(|&c| stranger(c)) {
                        cands.clear();
                        foreign[ai][pi] = true;
                    }
                }
                let county_short = p.short
                    && cands
                        .iter()
                        .all(|&c| res.gazetteer.get(c).level == Level::County);
                if let (true, Some(pr)) = (county_short, province) {
                    cands.retain(|&c| res.gazetteer.is_within(c, pr));
                    if cands.is_empty() {
                        dropped[ai][pi] = true;
                    }
                }
                per.push(cands);
            }
            narrowed.push(per);
        }
        for (ai, a) in dm.articles.iter().enumerate() {
            for (pi, _) in a.places.iter().enumerate() {
                let cands = &narrowed[ai][pi];
                if cands.len() == 1 {
                    let d = cands[0];
                    chosen[ai][pi] = Some(d);
                    vote(res, &mut doc_scores, d);
                    vote(res, &mut art_scores[ai], d);
                }
            }
        }
        for (ai, a) in dm.articles.iter().enumerate() {
            for (pi, _) in a.places.iter().enumerate() {
                let cands = &narrowed[ai][pi];
                if cands.len() > 1 {
                    let pick = cands
                        .iter()
                        .map(|&c| {
                            let s =
                                2 * support(res, &art_scores[ai], c) + support(res, &doc_scores, c);
                            (s, c)
                        })
                        .filter(|(s, _)| *s > 0)
                        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                        .map(|(_, c)| c);
                    chosen[ai][pi] = pick;
                    if let Some(d) = pick {
                        vote(res, &mut doc_scores, d);
                        vote(res, &mut art_scores[ai], d);
                    }
                }
            }
        }
        // Home of the page: 我县/本县 make it a county paper, 我市/本市 a city
        // paper; otherwise a county that dominates the page's places.
        let (mut first_county, mut first_city) = (0, 0);
        for a in &dm.articles {
            for d in &a.deixis {
                let own = d.text.starts_with('我') || d.text.starts_with('本');
                match d.level {
                    Level::County if own => first_county += 1,
                    Level::City if own => first_city += 1,
                    _ => {}
                }
            }
        }
        let doc_county = best(res, &doc_scores, Level::County);
        let doc_city = doc_county
            .and_then(|c| res.gazetteer.at_level(c, Level::City))
            .or_else(|| best(res, &doc_scores, Level::City));
        let county_share = doc_county.map(|c| doc_scores[&c]).unwrap_or(0);
        let all_counties: u32 = doc_scores
            .iter()
            .filter(|(d, _)| res.gazetteer.get(**d).level == Level::County)
            .map(|(_, s)| *s)
            .sum();
        let doc_home = if first_county > first_city && doc_county.is_some() {
            doc_county
        } else if first_city > 0 && doc_city.is_some() {
            doc_city
        } else if doc_county.is_some() && county_share * 10 >= all_counties * 6 {
            doc_county
        } else {
            doc_city.or(doc_county)
        };
        let art_county = art_scores
            .iter()
            .map(|s| best(res, s, Level::County))
            .collect();
        let art_township = art_scores
            .iter()
            .map(|s| best(res, s, Level::Township))
            .collect();
        Context {
            res,
            doc_scores,
            art_scores,
            chosen,
            dropped,
            foreign,
            doc_home,
            art_county,
            art_township,
            doc_county,
            doc_city,
        }
    }

    /// The page's home jurisdiction.
    pub fn doc_home(&self) -> Option<DivId> {
        self.doc_home
    }

    /// An article's home: its own county, else the page's home.
    pub fn article_home(&self, ai: usize) -> Option<DivId> {
        self.art_county[ai].or(self.doc_home)
    }

    /// The jurisdiction an article means by a level word (县委, 我市, 该县).
    pub fn at_level(&self, ai: usize, level: Level) -> Option<DivId> {
        let g = &self.res.gazetteer;
        let county = self.art_county[ai].or(self.doc_county.filter(|_| {
            self.doc_home
                .map(|h| g.get(h).level == Level::County)
                .unwrap_or(false)
        }));
        match level {
            Level::County => county.or(self.doc_county),
            Level::City => {
                // In an article about a county-level city, 市 is that city.
                if let Some(c) = county {
                    let name = &g.get(c).name;
                    let parent_city = g.at_level(c, Level::City);
                    let own = self.art_scores[ai].get(&c).copied().unwrap_or(0);
                    let par = parent_city
                        .and_then(|p| self.art_scores[ai].get(&p).copied())
                        .unwrap_or(0);
                    // Votes for a county also count for its city: the county
                    // must carry most of them.
                    if name.ends_with('市') && 2 * own > par {
                        return Some(c);
                    }
                    if let Some(p) = parent_city {
                        return Some(p);
                    }
                }
                self.doc_city
                    .or_else(|| best(self.res, &self.art_scores[ai], Level::City))
            }
            Level::Province => county
                .or(self.doc_home)
                .and_then(|c| g.at_level(c, Level::Province))
                .or_else(|| best(self.res, &self.doc_scores, Level::Province)),
            Level::Township => self.art_township[ai],
            _ => self.article_home(ai),
        }
    }

    fn level_of_char(c: char) -> Option<Level> {
        crate::resources::classes::level_of_char(c).filter(|l| *l != Level::Village)
    }

    /// Resolve the place mentions of article `ai`.
    pub fn places(&self, ai: usize, am: &ArticleMentions) -> Vec<RPlace> {
        let mut places = self.places_one_by_one(ai, am);
        // A village named with its township once (张店镇横洞村) and bare
        // later in the article (横洞村) is one place: the bare mention takes
        // the placed one's parent and key.
        for k in 0..places.len() {
            let p = &places[k];
            if p.div.is_some() || am.places[k].parent_hint.is_some() {
                continue;
            }
            let placed = places.iter().enumerate().find(|&(j, q)| {
                j != k && q.div.is_none() && q.name == p.name && am.places[j].parent_hint.is_some()
            });
            if let Some((_, q)) = placed {
                let (parent, key) = (q.parent, q.key.clone());
                places[k].parent = parent;
                places[k].key = key;
            }
        }
        places
    }

    /// [`Context::places`] before bare villages join the placed ones.
    fn places_one_by_one(&self, ai: usize, am: &ArticleMentions) -> Vec<RPlace> {
        let g = &self.res.gazetteer;
        am.places
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let low = matches!(p.level, Level::Township | Level::Village | Level::Community);
                let dropped = self.dropped[ai][pi];
                // Places chained into an address (岳阳县新墙镇清溪村…) are
                // mentions even inside an agency's name.
                let is_low =
                    |l: Level| matches!(l, Level::Township | Level::Village | Level::Community);
                let chained = am.places.iter().any(|q| {
                    (q.span.start == p.span.end || q.span.end == p.span.start)
                        && (is_low(q.level) || is_low(p.level))
                });
                let is_mention = (!p.in_agency || low || chained) && !dropped;
                let foreign = self.foreign[ai][pi];
                let settled = self.chosen[ai][pi].or_else(|| match p.candidates[..] {
                    [only] if !foreign => Some(only),
                    _ => None,
                });
                if let Some(d) = settled {
                    let div = g.get(d);
                    let key = if div.code.is_empty() {
                        format!("user/{}", div.name)
                    } else {
                        div.code.clone()
                    };
                    RPlace {
                        text: p.text.clone(),
                        span: p.span,
                        name: div.name.clone(),
                        level: div.level,
                        div: Some(d),
                        key,
                        parent: div.parent,
                        is_mention,
                        dropped,
                    }
                } else if !p.candidates.is_empty() && !foreign {
                    // A name of several divisions the page does not settle
                    // (城关镇, in hundreds of counties) is placed nowhere
                    // rather than in one picked at random; its identity is
                    // scoped to the article's home, like a village's.
                    let name = match p.candidates[..] {
                        [first, ..]
                            if p.candidates
                                .iter()
                                .all(|&c| g.get(c).name == g.get(first).name) =>
                        {
                            g.get(first).name.clone()
                        }
                        _ => p.text.clone(),
                    };
                    let home = self.article_home(ai).map(|d| g.get(d).code.as_str());
                    RPlace {
                        text: p.text.clone(),
                        span: p.span,
                        key: format!("{}/{name}", home.unwrap_or_default()),
                        name,
                        level: p.level,
                        div: None,
                        parent: None,
                        is_mention,
                        dropped,
                    }
                } else {
                    let parent = p
                        .parent_hint
                        .and_then(|h| self.chosen[ai].get(h).copied().flatten())
                        .or_else(|| self.at_level(ai, Level::Township).filter(|_| false))
                        .or_else(|| self.article_home(ai));
                    let pcode = parent.map(|d| g.get(d).code.clone()).unwrap_or_default();
                    RPlace {
                        text: p.text.clone(),
                        span: p.span,
                        name: p.text.clone(),
                        level: p.level,
                        div: None,
                        key: format!("{pcode}/{}", p.text),
                        parent,
                        is_mention,
                        dropped,
                    }
                }
            })
            .collect()
    }

    /// Canonical name, jurisdiction and key of an agency mention. An agency
    /// printed after an address down to a village (岳阳县新墙镇清溪村…站)
    /// is named from the village.
    pub fn agency(
        &self,
        ai: usize,
        a: &AgencyMention,
        places: &[crate::extract::PlaceMention],
    ) -> RAgency {
        // 平陆县人大, 南磴镇党委: the short form's level word ends a place name
        // printed before it; that place is its jurisdiction.
        if a.template.is_some() {
            if let Some(p) = places.iter().find(|p| p.span.end == a.span.start + 1) {
                return self.agency_at_place(ai, a, p);
            }
        }
        let mut r = self.agency_plain(ai, a);
        let mut at = a.span.start;
        let mut village = None;
        while let Some(p) = places
            .iter()
            .find(|p| p.span.start == at && a.span.contains(p.span) && p.span.end < a.span.end)
        {
            if matches!(p.level, Level::Village | Level::Community) {
                village = Some(p.span.start);
            }
            at = p.span.end;
        }
        if let Some(v) = village.filter(|&v| v > a.span.start) {
            let skip = v - a.span.start;
            r.canonical = a.text.chars().skip(skip).collect();
            let code = r
                .jurisdiction
                .map(|d| self.res.gazetteer.get(d).code.clone())
                .unwrap_or_default();
            r.key = format!("{code}/{}", r.canonical);
        }
        r
    }

    /// The division of `level` the article votes for most whose name ends
    /// with `c` (州 → 某某自治州); ties: smallest code.
    fn named_division_ending(&self, ai: usize, level: Level, c: char) -> Option<DivId> {
        let g = &self.res.gazetteer;
        self.art_scores[ai]
            .iter()
            .filter(|(&d, &s)| s > 0 && g.get(d).level == level && g.get(d).name.ends_with(c))
            .max_by_key(|(&d, &s)| (s, std::cmp::Reverse(d)))
            .map(|(&d, _)| d)
    }

    /// Which of a name's divisions the article means: the only one, or the
    /// one its places support most (ties: smallest code); none when nothing
    /// on the page supports any, rather than one picked at random.
    fn settle(&self, ai: usize, cands: &[DivId]) -> Option<DivId> {
        match cands {
            [only] => Some(*only),
            _ => cands
                .iter()
                .map(|&c| (support(self.res, &self.art_scores[ai], c), c))
                .filter(|&(s, _)| s > 0)
                .max_by_key(|&(s, c)| (s, std::cmp::Reverse(c)))
                .map(|(_, c)| c),
        }
    }

    /// A short-form agency glued to the place it belongs to.
    fn agency_at_place(
        &self,
        ai: usize,
        a: &AgencyMention,
        p: &crate::extract::PlaceMention,
    ) -> RAgency {
        let g = &self.res.gazetteer;
        let text = format!("{}{}", p.text, a.text.chars().skip(1).collect::<String>());
        let span = crate::text::Span::new(p.span.start, a.span.end);
        let div = self.settle(ai, &p.candidates);
        // A township's organs are named with their county (中共平陆县张店镇委员会).
        let (jname, jurisdiction) = match div {
            Some(d) => {
                let name = &g.get(d).name;
                match (g.get(d).level, g.get(d).parent) {
                    (Level::Township, Some(c)) => (format!("{}{}", g.get(c).name, name), Some(d)),
                    _ => (name.clone(), Some(d)),
                }
            }
            None => {
                let county = self.at_level(ai, Level::County);
                let prefix = county.map(|c| g.get(c).name.clone()).unwrap_or_default();
                let name = if p.text.starts_with(&prefix) {
                    p.text.clone()
                } else {
                    format!("{prefix}{}", p.text)
                };
                (name, county)
            }
        };
        let tpl = &a.template.as_ref().expect("short form").0;
        let canonical = tpl.replace("{J}", &jname);
        RAgency {
            text,
            span,
            key: canonical.clone(),
            canonical,
            jurisdiction,
        }
    }

    /// The agency of `a` read without a place glued before it.
    fn agency_plain(&self, ai: usize, a: &AgencyMention) -> RAgency {
        let g = &self.res.gazetteer;
        let first = a.text.chars().next().unwrap_or(' ');
        // A short place name outside the page's province starts no
        // jurisdiction (太和坪… is no 太和区 of another province).
        let province = self.doc_home.and_then(|h| g.at_level(h, Level::Province));
        // Hits are leftmost first: only the first can start the name.
        let starts_with_place = |name: &str| {
            g.first(name).filter(|h| {
                h.start == 0
                    && !(h.short
                        && province
                            .is_some_and(|pr| !h.candidates.iter().any(|&c| g.is_within(c, pr))))
            })
        };
        let place_prefix = starts_with_place(&a.text);
        let (canonical, jurisdiction) = if let Some((tpl, _)) = a
            .template
            .as_ref()
            .filter(|(t, _)| !t.contains("{J}") && !t.contains("{P}"))
        {
            // A body of the nation (国务院): one whatever page names it.
            (tpl.clone(), None)
        } else if let Some((tpl, lc)) = &a.template {
            let level = lc.and_then(Self::level_of_char);
            let j = match level {
                Some(l) => self.at_level(ai, l),
                None => self.article_home(ai),
            };
            // 州委 on a page of a county in 某某市: the 州 is the one the
            // article names (某某自治州), not the county's city.
            let j = match (*lc, j) {
                (Some(c), Some(d)) if "州盟".contains(c) && !g.get(d).name.ends_with(c) => {
                    self.named_division_ending(ai, g.get(d).level, c)
                }
                _ => j,
            };
            // A township's organs are named with their county (中共某县某镇委员会).
            match j {
                Some(d) => {
                    let div = g.get(d);
                    let jname = match (div.level, div.parent) {
                        (Level::Township, Some(c)) => format!("{}{}", g.get(c).name, div.name),
                        _ => div.name.clone(),
                    };
                    (tpl.replace("{J}", &jname), Some(d))
                }
                None => (a.text.clone(), None),
            }
        } else if let (Some(l), None, false) = (
            Self::level_of_char(first),
            &place_prefix,
            // 乡镇党委, 乡村振兴局: an ordinary word of level characters
            // starts the name; its first character names no level.
            classes::starts_with_level_compound(&a.text),
        ) {
            match self.at_level(ai, l) {
                Some(d) => (
                    format!("{}{}", g.get(d).name, &a.text[first.len_utf8()..]),
                    Some(d),
                ),
                None => (a.text.clone(), None),
            }
        } else if let Some(h) = place_prefix {
            let d = self
                .settle(ai, h.candidates)
                .or_else(|| self.article_home(ai));
            (a.text.clone(), d)
        } else {
            (a.text.clone(), self.article_home(ai))
        };
        // A name printed across a line break is named without the break.
        let canonical: String = canonical.chars().filter(|c| !c.is_whitespace()).collect();
        // A name that says whose it is (a place, the Party's, the nation's)
        // is its own key; others are scoped to their jurisdiction.
        let has_place = starts_with_place(&canonical).is_some()
            || NATIONAL_PREFIXES.iter().any(|w| canonical.starts_with(w));
        let key = if has_place {
            canonical.clone()
        } else {
            let code = jurisdiction
                .map(|d| g.get(d).code.clone())
                .unwrap_or_default();
            format!("{code}/{canonical}")
        };
        RAgency {
            text: a.text.clone(),
            span: a.span,
            canonical,
            key,
            jurisdiction,
        }
    }

    /// The jurisdiction a title names: a place printed at its start
    /// (岐山县县长), else the first level word in its head (副市长, 县委常委,
    /// 常务副县长 -> that level of the article's jurisdiction).
    fn title_jurisdiction(&self, ai: usize, title: &str) -> Option<DivId> {
        let g = &self.res.gazetteer;
        if let Some(h) = g.find(title).into_iter().find(|h| h.start == 0) {
            return self.settle(ai, h.candidates);
        }
        let skip = ["常务", "党外", "副", "执行", "代理", "代"];
        let mut rest = title;
        while let Some(s) = skip.iter().find_map(|w| rest.strip_prefix(w)) {
            rest = s;
        }
        rest.chars()
            .take(2)
            .find_map(Self::level_of_char)
            .and_then(|l| self.at_level(ai, l))
    }

    /// A person's merge key: name @ the code of their jurisdiction, or of
    /// the article's home.
    fn person_key(&self, ai: usize, name: &str, jurisdiction: Option<DivId>) -> String {
        let code = jurisdiction
            .or_else(|| self.article_home(ai))
            .map(|d| self.res.gazetteer.get(d).code.as_str())
            .unwrap_or_default();
        format!("{name}@{code}")
    }

    /// Resolve people: jurisdiction from their titles, key, affiliation.
    pub fn persons(&self, ai: usize, am: &ArticleMentions, agencies: &[RAgency]) -> Vec<RPerson> {
        let g = &self.res.gazetteer;
        let reporter_home = self
            .doc_home
            .map(|h| g.at_level(h, Level::City).unwrap_or(h));
        let mut out: Vec<RPerson> = am
            .persons
            .iter()
            .map(|p| {
                let titles: Vec<(String, crate::text::Span)> =
                    p.titles.iter().map(|t| (t.text.clone(), t.span)).collect();
                let mut jurisdiction = None;
                let mut affiliation = None;
                if let Some(t) = p.titles.first() {
                    if let Some(a) = agencies.iter().find(|a| t.span.contains(a.span)) {
                        affiliation = Some(a.canonical.clone());
                        jurisdiction = a.jurisdiction;
                    }
                    if jurisdiction.is_none() {
                        jurisdiction = self.title_jurisdiction(ai, &t.text);
                    }
                }
                if p.role == PersonRole::Official && jurisdiction.is_none() {
                    jurisdiction = self.article_home(ai);
                }
                // Keys are at county level or above: a township post and a
                // county post of one official are one person.
                let jurisdiction = jurisdiction.map(|d| match g.get(d).level {
                    Level::Township | Level::Village | Level::Community | Level::Other => {
                        g.at_level(d, Level::County).unwrap_or(d)
                    }
                    _ => d,
                });
                if affiliation.is_none() {
                    affiliation = jurisdiction
                        .filter(|_| !titles.is_empty())
                        .map(|d| g.get(d).name.clone());
                }
                let key = match p.role {
                    PersonRole::Reporter => format!(
                        "{}@reporter/{}",
                        p.name,
                        reporter_home
                            .map(|d| g.get(d).code.clone())
                            .unwrap_or_default()
                    ),
                    _ => self.person_key(ai, &p.name, jurisdiction),
                };
                RPerson {
                    name: p.name.clone(),
                    span: p.span,
                    titles,
                    role: p.role,
                    key,
                    jurisdiction,
                    affiliation,
                    shared_office: None,
                }
            })
            .collect();
        // 县人大常委会主任伍某、副主任李某: a lone bare post right after a
        // titled name shortens that title; it is the same body's office.
        for k in 1..am.persons.len() {
            let (p, q) = (&am.persons[k - 1], &am.persons[k]);
            let (Some(pt), [qt]) = (p.titles.last(), &q.titles[..]) else {
                continue;
            };
            let post = qt.text.trim_start_matches("常务").trim_start_matches('副');
            let shortens = qt.span.start == p.span.end + 1
                && !post.is_empty()
                && pt.text.ends_with(post)
                && pt.text.chars().count() > post.chars().count() + 1
                && !agencies.iter().any(|a| qt.span.contains(a.span))
                && !qt.text.chars().any(|c| Self::level_of_char(c).is_some());
            let office = agencies.iter().position(|a| pt.span.contains(a.span));
            if let (true, Some(office), PersonRole::Official) = (shortens, office, q.role) {
                let (affiliation, jurisdiction) =
                    (out[k - 1].affiliation.clone(), out[k - 1].jurisdiction);
                let r = &mut out[k];
                r.affiliation = affiliation;
                r.jurisdiction = jurisdiction;
                r.shared_office = Some(office);
                r.key = self.person_key(ai, &r.name, jurisdiction);
            }
        }
        // A bare mention of a name printed with titles in the article is the
        // same person.
        let titled: HashMap<String, (String, PersonRole, Option<DivId>)> = out
            .iter()
            .filter(|p| !p.titles.is_empty())
            .map(|p| (p.name.clone(), (p.key.clone(), p.role, p.jurisdiction)))
            .collect();
        for p in out.iter_mut().filter(|p| p.titles.is_empty()) {
            if let Some((k, role, j)) = titled.get(&p.name) {
                p.key = k.clone();
                p.role = *role;
                p.jurisdiction = *j;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::extract_document;
    use crate::ingest::Document;
    use crate::resolve::{resolve_document, ResolveOptions};
    use crate::resources::gazetteer::Level;
    use crate::resources::Resources;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    /// A one-page document read, extracted and resolved.
    fn resolved(text: &str) -> crate::resolve::ResolvedDoc {
        let doc = Document::from_text("t.txt", text);
        resolve_document(
            &RES,
            &extract_document(&RES, &doc),
            &ResolveOptions::default(),
        )
    }

    #[test]
    fn jurisdiction_national_bodies_are_one_wherever_named() {
        let key = |page: &str| {
            let r = resolved(page);
            r.articles[0]
                .agencies
                .iter()
                .find(|a| a.canonical == "中华人民共和国国务院")
                .map(|a| a.key.clone())
                .expect("国务院")
        };
        let a = key("本报讯 岳阳县召开会议,传达国务院常务会议精神。\n");
        let b = key("本报讯 沁县召开会议,传达国务院常务会议精神。\n");
        assert_eq!(a, b);
        assert_eq!(a, "中华人民共和国国务院");
    }

    #[test]
    fn jurisdiction_prefecture_organ_is_the_named_prefecture() {
        // 泸溪县 is in 湘西土家族苗族自治州; the page is about 沅陵县
        // (怀化市) and names the 州 it thanks.
        let r = resolved(
            "本报讯 沅陵县县长王强到湘西土家族苗族自治州泸溪县交流,感谢州委、州政府的支持。\n",
        );
        let canon: Vec<&str> = r.articles[0]
            .agencies
            .iter()
            .map(|a| a.canonical.as_str())
            .collect();
        assert!(
            canon.contains(&"中共湘西土家族苗族自治州委员会"),
            "{canon:?}"
        );
        assert!(!canon.iter().any(|c| c.contains("怀化")), "{canon:?}");
    }

    #[test]
    fn jurisdiction_an_event_in_several_townships_is_in_each() {
        let r = resolved("本报讯 5月6日,岳阳县县长王强督查新墙镇和筻口镇防汛工作。\n");
        let a = &r.articles[0];
        let e = &a.events[0];
        let Some(crate::resolve::PlaceRef::Mention(first)) = e.place else {
            panic!("{:?}", e.place);
        };
        let names: Vec<&str> = std::iter::once(first)
            .chain(e.also_at.iter().copied())
            .map(|p| a.places[p].name.as_str())
            .collect();
        assert_eq!(names, ["新墙镇", "筻口镇"]);
    }

    #[test]
    fn jurisdiction_bare_village_joins_the_placed_one() {
        let r = resolved("本报讯 岳阳县新墙镇清溪村召开会议。会后,清溪村开展志愿活动。\n");
        let keys: Vec<&str> = r.articles[0]
            .places
            .iter()
            .filter(|p| p.name == "清溪村")
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert_eq!(keys[0], keys[1]);
    }

    #[test]
    fn jurisdiction_generic_zone_of_another_province_is_the_pages_own() {
        // The gazetteer holds one 高新技术产业园区, in Zhejiang; this Hunan
        // page means one of its own.
        let zone = |page: &str| {
            let r = resolved(page);
            let p = r.articles[0]
                .places
                .iter()
                .find(|p| p.name == "高新技术产业园区")
                .expect("zone")
                .clone();
            (p.div, p.key)
        };
        let (div, key) = zone("本报讯 岳阳县新墙镇召开会议。高新技术产业园区负责人参加。\n");
        assert_eq!(div, None);
        assert!(key.starts_with("430621/"), "{key}");
        // A page that names the county it lies in means that one.
        let (div, _) =
            zone("本报讯 岳阳县新墙镇召开会议。代表团赴浙江省慈溪市考察高新技术产业园区。\n");
        assert!(div.is_some());
    }

    #[test]
    fn jurisdiction_committee_short_forms_take_their_full_names() {
        let r = resolved("本报讯 岳阳县召开会议。县发展改革委、县红十字会、县委网信办参加。\n");
        let canon: Vec<&str> = r.articles[0]
            .agencies
            .iter()
            .map(|a| a.canonical.as_str())
            .collect();
        for full in [
            "岳阳县发展和改革委员会",
            "岳阳县红十字会",
            "中共岳阳县委员会网络安全和信息化委员会办公室",
        ] {
            assert!(canon.contains(&full), "{full}: {canon:?}");
        }
    }

    #[test]
    fn jurisdiction_word_of_level_characters_is_no_level_word() {
        // 乡镇 (townships at large) is no 乡 of the page's township.
        let r = resolved("本报讯 岳阳县新墙镇召开会议。各乡镇党委书记参加会议。\n");
        let canon: Vec<&str> = r.articles[0]
            .agencies
            .iter()
            .map(|a| a.canonical.as_str())
            .collect();
        assert!(canon.contains(&"乡镇党委"), "{canon:?}");
        assert!(!canon.iter().any(|c| c.contains("新墙镇镇")), "{canon:?}");
    }

    #[test]
    fn jurisdiction_short_place_of_another_province_is_no_prefix() {
        // 太和 is a county of Anhui and a district of Liaoning, not of this Hunan page.
        let r = resolved("本报讯 岳阳县召开会议,部署工作。太和坪党群服务中心开展志愿活动。\n");
        let g = &RES.gazetteer;
        let a = r.articles[0]
            .agencies
            .iter()
            .find(|a| a.canonical == "太和坪党群服务中心")
            .expect("agency");
        let j = a.jurisdiction.expect("jurisdiction");
        let province = g.at_level(j, Level::Province).expect("province");
        assert_eq!(g.get(province).name, "湖南省");
        assert!(a.key.ends_with("/太和坪党群服务中心"), "{}", a.key);
    }

    #[test]
    fn jurisdiction_bare_post_in_a_list_shares_the_office_it_shortens() {
        let r = resolved("本报讯 岳阳县召开会议。县人大常委会主任伍春辉、副主任李静,县委书记张强、县长王平出席。\n");
        let art = &r.articles[0];
        let person = |n: &str| art.persons.iter().find(|p| p.name == n).expect(n);
        let congress = art
            .agencies
            .iter()
            .position(|a| a.canonical == "岳阳县人民代表大会常务委员会")
            .expect("congress");
        assert_eq!(person("李静").shared_office, Some(congress));
        assert_eq!(
            person("李静").affiliation.as_deref(),
            Some("岳阳县人民代表大会常务委员会")
        );
        // 县长 shortens no 县委书记: the county's head, not the party's.
        assert_eq!(person("王平").shared_office, None);
        assert_ne!(
            person("王平").affiliation.as_deref(),
            Some("中共岳阳县委员会")
        );
    }

    #[test]
    fn jurisdiction_name_of_many_divisions_elsewhere_is_the_pages_own() {
        // 城关镇 is a township of 88 counties, none of them 岳阳县 (nor in
        // its province: the page's own 城关镇, one the gazetteer lacks).
        let r = resolved(
            "本报讯 岳阳县召开会议,部署工作。城关镇党委书记王建国带领城关镇卫生院医生开展义诊。\n",
        );
        let g = &RES.gazetteer;
        let home = r.home.expect("home");
        assert_eq!(g.get(home).name, "岳阳县");
        let art = &r.articles[0];
        let p = art
            .places
            .iter()
            .find(|p| p.text == "城关镇")
            .expect("place");
        assert_eq!((p.div, p.parent), (None, Some(home)), "{p:?}");
        assert_eq!(p.key, "430621/城关镇");
        // Its organs and officials are the page's, not a county picked at random.
        let a = art
            .agencies
            .iter()
            .find(|a| a.canonical == "城关镇卫生院")
            .expect("agency");
        assert_eq!(a.jurisdiction, Some(home));
        for q in &art.persons {
            if let Some(j) = q.jurisdiction {
                assert!(g.is_within(j, home) || j == home, "{q:?}");
            }
        }
    }
}
