//! `career`, `holders` and the posts table (issue 24): who held which post,
//! when, with the evidence.
//!
//! Careers are read from what graph.json already holds, at query time:
//! each title printed with a person (`attrs.titles`, with its span) is read
//! as posts ([`crate::resources::posts`]), each post tied to its body and
//! jurisdiction; a title is dated by the article it was printed in (the
//! events the person took part in there, else the article's dated events).
//! A **spell** is one person × post: every title naming that post, across
//! articles, merged; its first and last dates are the earliest and latest
//! dated evidence, and whether their year was printed or inferred is kept.
//! Namesakes are two person nodes (`name@jurisdiction`), so two careers.

use super::dates::{is_full_date, sort_key};
use super::evidence::{Pages, Quote};
use super::explore::NodeRef;
use super::table::Table;
use super::{QueryError, QueryGraph};
use crate::model::NodeType;
use crate::resources::posts::{self, Post};
use crate::text::normalize;
use serde::Serialize;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const PARTICIPATED: &str = "participated_in";

/// Where a date's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Year {
    /// Printed with the date on the page.
    Printed,
    /// Inferred: 今年/去年, the page's other dates, or `--year`.
    Inferred,
    /// Not known: only month and day.
    None,
}

impl Year {
    /// The event attribute `date_source` as a year's basis.
    fn of(date: &str, source: &str) -> Year {
        if !is_full_date(date) {
            Year::None
        } else if source == "printed" {
            Year::Printed
        } else {
            Year::Inferred
        }
    }
    /// Name in tables and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Year::Printed => "printed",
            Year::Inferred => "inferred",
            Year::None => "none",
        }
    }
}

/// A dated point: the date as graph.json writes it, and its year's basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatePoint {
    /// `YYYY-MM-DD`, or `MM-DD` when the year is unknown.
    pub date: String,
    /// Where the year came from.
    pub year: Year,
}

/// One title naming a post: where it was printed and the dates of its
/// article.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    /// The post, read from the title.
    pub post: Post,
    /// Document.
    pub doc: String,
    /// Article.
    pub article: usize,
    /// The title's span.
    pub start: usize,
    /// End of the title's span.
    pub end: usize,
    /// Dates the article gives the person's presence (possibly none).
    pub dates: Vec<DatePoint>,
}

/// One person × post: a spell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spell {
    /// The person.
    pub person: NodeRef,
    /// The office (县委常委, 常务副县长).
    pub post: String,
    /// The titles it was read from, as printed, first seen first.
    pub printed: Vec<String>,
    /// The body, by its full name (中共沁县委员会), when the title shows it.
    pub body: Option<String>,
    /// The jurisdiction's name.
    pub jurisdiction: Option<String>,
    /// The jurisdiction's division code.
    pub code: Option<String>,
    /// 代/代理.
    pub acting: bool,
    /// 原/前: printed as a post held before.
    pub former: bool,
    /// 挂职.
    pub secondment: bool,
    /// 正处级 ...
    pub rank: Option<String>,
    /// Earliest dated evidence.
    pub first: Option<DatePoint>,
    /// Latest dated evidence.
    pub last: Option<DatePoint>,
    /// Distinct articles printing it.
    pub articles: usize,
    /// Those articles, `doc#article`.
    pub sources: Vec<String>,
    /// The evidence of the first date (else the first printing), quoted.
    pub evidence: Quote,
}

impl Spell {
    fn first_str(&self) -> String {
        self.first.as_ref().map_or("-".into(), |d| d.date.clone())
    }
    fn last_str(&self) -> String {
        self.last.as_ref().map_or("-".into(), |d| d.date.clone())
    }
    fn markers(&self) -> String {
        let mut m = Vec::new();
        if self.acting {
            m.push("acting".to_string());
        }
        if self.former {
            m.push("former".into());
        }
        if self.secondment {
            m.push("secondment".into());
        }
        if let Some(r) = &self.rank {
            m.push(r.clone());
        }
        m.join(",")
    }
    /// Order on a career: by first date (full dates, then dates without a
    /// year, then undated), last date, post.
    fn order_key(&self) -> impl Ord + '_ {
        (
            sort_key(self.first.as_ref().map(|d| d.date.as_str())),
            sort_key(self.last.as_ref().map(|d| d.date.as_str())),
            &self.post,
            &self.code,
            &self.person.id,
        )
    }
}

/// Merge sightings into spells: one per (post, body template, place,
/// markers). The person, jurisdiction and quote are filled in by the
/// caller; this is the part a test can hold to sentences alone.
///
/// # Returns
/// * (representative post, sightings of the spell, first, last), in the
///   order of first date.
pub fn merge_sightings(sightings: &[Sighting]) -> Vec<(Post, Vec<&Sighting>)> {
    let mut groups: BTreeMap<SpellKey, Vec<&Sighting>> = BTreeMap::new();
    for s in sightings {
        groups.entry(SpellKey::of(&s.post)).or_default().push(s);
    }
    let mut out: Vec<(Post, Vec<&Sighting>)> = groups
        .into_values()
        .map(|mut v| {
            v.sort_by(|a, b| (&a.doc, a.article, a.start).cmp(&(&b.doc, b.article, b.start)));
            (v[0].post.clone(), v)
        })
        .collect();
    out.sort_by(|a, b| {
        let (fa, _) = bounds(&a.1);
        let (fb, _) = bounds(&b.1);
        sort_key(fa.as_ref().map(|d| d.date.as_str()))
            .cmp(&sort_key(fb.as_ref().map(|d| d.date.as_str())))
            .then_with(|| a.0.post.cmp(&b.0.post))
    });
    out
}

/// What makes two posts one spell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SpellKey {
    post: String,
    body: Option<String>,
    place: Option<String>,
    acting: bool,
    former: bool,
    secondment: bool,
    rank: Option<String>,
}

impl SpellKey {
    fn of(p: &Post) -> SpellKey {
        SpellKey {
            post: p.post.clone(),
            body: p.body.clone(),
            place: p.place.clone(),
            acting: p.acting,
            former: p.former,
            secondment: p.secondment,
            rank: p.rank.clone(),
        }
    }
}

/// Earliest and latest dates of sightings: full dates when there are any,
/// else dates without a year.
pub fn bounds(sightings: &[&Sighting]) -> (Option<DatePoint>, Option<DatePoint>) {
    let all: Vec<&DatePoint> = sightings.iter().flat_map(|s| &s.dates).collect();
    let full: Vec<&DatePoint> = all
        .iter()
        .copied()
        .filter(|d| is_full_date(&d.date))
        .collect();
    let pool = if full.is_empty() { all } else { full };
    // Among equal dates, a printed year is the better evidence.
    let first = pool
        .iter()
        .min_by(|a, b| (&a.date, a.year).cmp(&(&b.date, b.year)))
        .map(|d| (*d).clone());
    let last = pool
        .iter()
        .max_by(|a, b| {
            (&a.date, std::cmp::Reverse(a.year)).cmp(&(&b.date, std::cmp::Reverse(b.year)))
        })
        .map(|d| (*d).clone());
    (first, last)
}

/// The answer to `career`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Career {
    /// The person.
    pub person: NodeRef,
    /// attrs.jurisdiction.
    pub jurisdiction: Option<String>,
    /// Spells in time order.
    pub spells: Vec<Spell>,
}

impl Career {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&[
            "first",
            "last",
            "post",
            "body",
            "jurisdiction",
            "marks",
            "articles",
            "source",
        ]);
        t.title = Some(format!("{} ({})", self.person.name, self.person.id));
        for s in &self.spells {
            spell_row(&mut t, s);
        }
        if self.spells.is_empty() {
            t.notes
                .push("no posts: no title printed with this person".into());
        }
        t
    }
    /// As CSV, one row per spell (the columns of `export --format posts`
    /// and the evidence sentence).
    pub fn to_csv(&self) -> String {
        spells_csv(&self.spells, true)
    }
}

fn spell_row(t: &mut Table, s: &Spell) {
    let year = |d: &Option<DatePoint>| match d {
        Some(d) if d.year == Year::Inferred => "~",
        _ => "",
    };
    let row = t.row(vec![
        format!("{}{}", s.first_str(), year(&s.first)),
        format!("{}{}", s.last_str(), year(&s.last)),
        s.post.clone(),
        s.body.clone().unwrap_or_default(),
        s.jurisdiction.clone().unwrap_or_default(),
        s.markers(),
        s.articles.to_string(),
        s.evidence.place(),
    ]);
    if s.evidence.sentence.is_some() {
        row.details.push(s.evidence.detail());
    }
}

/// The answer to `holders`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holders {
    /// The jurisdiction.
    pub jurisdiction: NodeRef,
    /// Its division code.
    pub code: String,
    /// The post asked for.
    pub post: String,
    /// `--on`, when given.
    pub on: Option<String>,
    /// How the holders on that day were chosen: `within` (their evidence
    /// spans the day) or `before` (none does: the latest spell that began
    /// before it).
    pub basis: Option<String>,
    /// Spells of the post, in time order (with `--on`, those holding it
    /// that day).
    pub holders: Vec<Spell>,
}

impl Holders {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&[
            "first", "last", "name", "post", "body", "marks", "articles", "id", "source",
        ]);
        t.title = Some(match &self.on {
            Some(d) => format!("{} {} on {d}", self.jurisdiction.name, self.post),
            None => format!("{} {}", self.jurisdiction.name, self.post),
        });
        let year = |d: &Option<DatePoint>| match d {
            Some(d) if d.year == Year::Inferred => "~",
            _ => "",
        };
        for s in &self.holders {
            let row = t.row(vec![
                format!("{}{}", s.first_str(), year(&s.first)),
                format!("{}{}", s.last_str(), year(&s.last)),
                s.person.name.clone(),
                s.post.clone(),
                s.body.clone().unwrap_or_default(),
                s.markers(),
                s.articles.to_string(),
                s.person.id.clone(),
                s.evidence.place(),
            ]);
            if s.evidence.sentence.is_some() {
                row.details.push(s.evidence.detail());
            }
        }
        if self.basis.as_deref() == Some("before") {
            t.notes
                .push("no evidence spans that day: the latest holder seen before it".into());
        }
        if self.holders.is_empty() {
            t.notes.push("no holder recorded".into());
        }
        t
    }
    /// As CSV, one row per spell.
    pub fn to_csv(&self) -> String {
        spells_csv(&self.holders, true)
    }
}

/// One CSV field (RFC 4180: quoted when it holds a comma, quote or line
/// break).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Spells as CSV with a header line: person_id, name, post, body,
/// jurisdiction, code, acting, former, secondment, rank, first,
/// first_year, last, last_year, articles, sources (`;`-separated
/// `doc#article`), and with `evidence` the quoted sentence.
pub fn spells_csv(spells: &[Spell], evidence: bool) -> String {
    let mut out = String::from(
        "person_id,name,post,body,jurisdiction,code,acting,former,secondment,rank,\
         first,first_year,last,last_year,articles,sources",
    );
    if evidence {
        out.push_str(",evidence");
    }
    out.push('\n');
    let b = |x: bool| if x { "1" } else { "0" };
    for s in spells {
        let date = |d: &Option<DatePoint>| {
            d.as_ref()
                .map_or((String::new(), ""), |d| (d.date.clone(), d.year.as_str()))
        };
        let (first, fy) = date(&s.first);
        let (last, ly) = date(&s.last);
        let mut cells = vec![
            field(&s.person.id),
            field(&s.person.name),
            field(&s.post),
            field(s.body.as_deref().unwrap_or("")),
            field(s.jurisdiction.as_deref().unwrap_or("")),
            field(s.code.as_deref().unwrap_or("")),
            b(s.acting).into(),
            b(s.former).into(),
            b(s.secondment).into(),
            field(s.rank.as_deref().unwrap_or("")),
            first,
            fy.into(),
            last,
            ly.into(),
            s.articles.to_string(),
            field(&s.sources.join(";")),
        ];
        if evidence {
            cells.push(field(s.evidence.sentence.as_deref().unwrap_or("")));
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// What an event contributes to dating a title.
#[derive(Debug, Clone)]
struct EventInfo {
    point: Option<DatePoint>,
    articles: Vec<(String, usize)>,
}

/// Caches of one question (events and articles are shared by many people).
#[derive(Default)]
struct Cache {
    events: RefCell<HashMap<u32, EventInfo>>,
    article_dates: RefCell<HashMap<(String, usize), Vec<DatePoint>>>,
    places: RefCell<HashMap<String, Vec<String>>>,
}

/// A title record of `attrs.titles`.
struct TitleRec {
    title: String,
    doc: String,
    article: usize,
    start: usize,
    end: usize,
}

/// The division code of a person's key (`name@140430`); none for
/// reporters' keys.
fn person_code(id: &str) -> Option<&str> {
    let code = id.rsplit_once('@')?.1;
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// Length of the common prefix of two codes.
fn common(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

impl QueryGraph {
    fn event_info(&self, ev: u32, cache: &Cache) -> Result<EventInfo, QueryError> {
        if let Some(i) = cache.events.borrow().get(&ev) {
            return Ok(i.clone());
        }
        let rec = self.node_record(ev)?;
        let point = rec
            .attrs
            .get("date")
            .and_then(Value::as_str)
            .map(|d| DatePoint {
                date: d.to_string(),
                year: Year::of(
                    d,
                    rec.attrs
                        .get("date_source")
                        .and_then(Value::as_str)
                        .unwrap_or(""),
                ),
            });
        let info = EventInfo {
            point,
            articles: rec
                .mentions
                .iter()
                .map(|m| (m.doc.clone(), m.article))
                .collect(),
        };
        cache.events.borrow_mut().insert(ev, info.clone());
        Ok(info)
    }

    /// The dates of the events an article mentions.
    fn article_dates(
        &self,
        doc: &str,
        article: usize,
        cache: &Cache,
    ) -> Result<Vec<DatePoint>, QueryError> {
        let key = (doc.to_string(), article);
        if let Some(d) = cache.article_dates.borrow().get(&key) {
            return Ok(d.clone());
        }
        let mut out = Vec::new();
        if let Some(a) = self.find_id(&format!("article:{doc}#{article}")) {
            let evs: BTreeSet<u32> = self
                .edges_of(a)
                .filter(|&e| self.relation(e) == "mentions" && self.edge_ends(e).0 == a)
                .map(|e| self.other(e, a))
                .filter(|&ev| self.kind(ev) == Some(NodeType::Event))
                .collect();
            for ev in evs {
                if let Some(p) = self.event_info(ev, cache)?.point {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
        cache.article_dates.borrow_mut().insert(key, out.clone());
        Ok(out)
    }

    /// Codes of the places named `name` (names and aliases).
    fn place_codes(&self, name: &str, cache: &Cache) -> Vec<String> {
        if let Some(c) = cache.places.borrow().get(name) {
            return c.clone();
        }
        let mut codes: Vec<String> = self
            .name_slot(name)
            .map(|slot| {
                self.slot_entries(slot)
                    .filter(|&(v, _)| self.kind(v) == Some(NodeType::Place))
                    .filter_map(|(v, _)| {
                        let code = self.id(v).strip_prefix("place:")?;
                        code.bytes()
                            .all(|b| b.is_ascii_digit())
                            .then(|| code.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        codes.sort();
        codes.dedup();
        cache
            .places
            .borrow_mut()
            .insert(name.to_string(), codes.clone());
        codes
    }

    /// The spells of person `v`.
    fn person_spells(
        &self,
        v: u32,
        pages: &Pages,
        cache: &Cache,
    ) -> Result<Vec<Spell>, QueryError> {
        let rec = self.node_record(v)?;
        let titles: Vec<TitleRec> = match rec.attrs.get("titles") {
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(|t| {
                    let num = |k: &str| t.get(k).and_then(Value::as_u64).map(|x| x as usize);
                    Some(TitleRec {
                        title: t.get("title")?.as_str()?.to_string(),
                        doc: t.get("doc")?.as_str()?.to_string(),
                        article: num("article")?,
                        start: num("start")?,
                        end: num("end")?,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        if titles.is_empty() {
            return Ok(Vec::new());
        }
        let id = self.id(v).to_string();
        let home = person_code(&id).map(str::to_string);
        // The articles where the person took part in dated events.
        let mut took_part: HashMap<(String, usize), Vec<DatePoint>> = HashMap::new();
        let evs: BTreeSet<u32> = self
            .edges_of(v)
            .filter(|&e| self.relation(e) == PARTICIPATED && self.edge_ends(e).0 == v)
            .map(|e| self.other(e, v))
            .collect();
        for ev in evs {
            let info = self.event_info(ev, cache)?;
            if let Some(p) = info.point {
                for a in info.articles {
                    let d = took_part.entry(a).or_default();
                    if !d.contains(&p) {
                        d.push(p.clone());
                    }
                }
            }
        }
        let place = |s: &str| -> Option<String> {
            let codes = self.place_codes(s, cache);
            // Of several places of that name, the one nearest the person's.
            codes.into_iter().max_by_key(|c| {
                (
                    home.as_deref().map_or(0, |h| common(c, h)),
                    std::cmp::Reverse(c.clone()),
                )
            })
        };
        let mut sightings = Vec::new();
        for t in &titles {
            let key = (t.doc.clone(), t.article);
            let dates = match took_part.get(&key) {
                Some(d) if !d.is_empty() => d.clone(),
                _ => self.article_dates(&t.doc, t.article, cache)?,
            };
            for post in posts::read_title(&t.title, &place) {
                sightings.push(Sighting {
                    post,
                    doc: t.doc.clone(),
                    article: t.article,
                    start: t.start,
                    end: t.end,
                    dates: dates.clone(),
                });
            }
        }
        let person = self.node_ref(v);
        let mut spells = Vec::new();
        for (post, group) in merge_sightings(&sightings) {
            let (first, last) = bounds(&group);
            let code = match (&post.place, post.level.and_then(posts::code_len), &home) {
                (Some(c), _, _) => Some(c.clone()),
                (None, Some(n), Some(h)) if h.len() >= n => Some(h[..n].to_string()),
                (None, Some(_), _) => None,
                (None, None, h) => h.clone(),
            };
            let jurisdiction = code
                .as_deref()
                .and_then(|c| self.find_id(&format!("place:{c}")))
                .map(|p| self.name(p).to_string());
            let body = match (&post.body, &jurisdiction) {
                (Some(b), Some(j)) => Some(b.replace("{J}", j)),
                (Some(b), None) if !b.contains("{J}") => Some(b.clone()),
                _ => None,
            };
            // The evidence of the first date, else the first printing.
            let cited = first
                .as_ref()
                .and_then(|f| group.iter().find(|s| s.dates.contains(f)))
                .unwrap_or(&group[0]);
            let mut printed: Vec<String> = Vec::new();
            for s in &group {
                if !printed.contains(&s.post.printed) {
                    printed.push(s.post.printed.clone());
                }
            }
            let sources: BTreeSet<String> = group
                .iter()
                .map(|s| format!("{}#{}", s.doc, s.article))
                .collect();
            let articles: BTreeSet<(&str, usize)> =
                group.iter().map(|s| (s.doc.as_str(), s.article)).collect();
            spells.push(Spell {
                person: person.clone(),
                post: post.post.clone(),
                printed,
                body,
                jurisdiction,
                code,
                acting: post.acting,
                former: post.former,
                secondment: post.secondment,
                rank: post.rank.clone(),
                first,
                last,
                articles: articles.len(),
                sources: sources.into_iter().collect(),
                evidence: pages.quote(&cited.doc, cited.article, cited.start, cited.end),
            });
        }
        spells.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        Ok(spells)
    }

    /// A person's posts in time order.
    ///
    /// # Arguments
    /// * `person`: a name or an id of a person.
    /// * `pages`: quotes one evidence of each spell.
    ///
    /// # Returns
    /// * [`Career`]: spells ordered by first date (full dates, then dates
    ///   without a year, then undated).
    ///
    /// # Complexity
    /// * Time: **O(t + d)** for t titles and d events and articles linked
    ///   to them.
    pub fn career(&self, person: &str, pages: &Pages) -> Result<Career, QueryError> {
        let v = self.resolve_kind(person, &[NodeType::Person], "a person")?;
        let spells = self.person_spells(v, pages, &Cache::default())?;
        Ok(Career {
            person: self.node_ref(v),
            jurisdiction: self.scope(v).map(str::to_string),
            spells,
        })
    }

    /// Every spell of every person, by person id then time order (the
    /// rows of `export --format posts`).
    ///
    /// # Complexity
    /// * Time: **O(P + T + E)**: each person's record, its titles and the
    ///   events dating them are read once.
    pub fn all_spells(&self, pages: &Pages) -> Result<Vec<Spell>, QueryError> {
        let cache = Cache::default();
        let mut out = Vec::new();
        for v in 0..self.node_count() as u32 {
            if self.kind(v) == Some(NodeType::Person) {
                out.extend(self.person_spells(v, pages, &cache)?);
            }
        }
        Ok(out)
    }

    /// Who held a post of a jurisdiction, in time order.
    ///
    /// # Arguments
    /// * `jurisdiction`: a place (name, alias or id).
    /// * `post`: the office as a career lists it (县长, 县委书记).
    /// * `on`: a day `YYYY-MM-DD`: keep the holders whose evidence spans it,
    ///   else the latest that began before it.
    ///
    /// # Complexity
    /// * Time: **O(P + T + E)**, a scan of all people (as
    ///   [`QueryGraph::all_spells`]).
    pub fn holders(
        &self,
        jurisdiction: &str,
        post: &str,
        on: Option<&str>,
        pages: &Pages,
    ) -> Result<Holders, QueryError> {
        let p = self.resolve_kind(jurisdiction, &[NodeType::Place], "a place")?;
        let code = self
            .id(p)
            .strip_prefix("place:")
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| QueryError::BadArgument {
                arg: jurisdiction.to_string(),
                reason: "is not a division with a code (a county, city, township ...)".into(),
            })?
            .to_string();
        let post = normalize(post.trim());
        if post.is_empty() {
            return Err(QueryError::BadArgument {
                arg: "POST".into(),
                reason: "give a post (县长, 县委书记 ...)".into(),
            });
        }
        if let Some(d) = on {
            if !is_full_date(d) || super::dates::DateRange::new(Some(d), None).is_err() {
                return Err(QueryError::BadArgument {
                    arg: format!("--on {d}"),
                    reason: "give a day as YYYY-MM-DD".into(),
                });
            }
        }
        let cache = Cache::default();
        let mut all = Vec::new();
        for v in 0..self.node_count() as u32 {
            if self.kind(v) == Some(NodeType::Person) {
                all.extend(
                    self.person_spells(v, pages, &cache)?
                        .into_iter()
                        .filter(|s| s.post == post && s.code.as_deref() == Some(code.as_str())),
                );
            }
        }
        all.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        let mut basis = None;
        if let Some(d) = on {
            let full = |x: &Option<DatePoint>| {
                x.as_ref()
                    .filter(|p| is_full_date(&p.date))
                    .map(|p| p.date.clone())
            };
            let within: Vec<Spell> = all
                .iter()
                .filter(|s| {
                    !s.former
                        && matches!((full(&s.first), full(&s.last)),
                            (Some(f), Some(l)) if f.as_str() <= d && d <= l.as_str())
                })
                .cloned()
                .collect();
            if within.is_empty() {
                let before = all
                    .iter()
                    .filter(|s| !s.former && full(&s.first).is_some_and(|f| f.as_str() <= d))
                    .max_by_key(|s| full(&s.first));
                all = before.into_iter().cloned().collect();
                basis = (!all.is_empty()).then(|| "before".to_string());
            } else {
                all = within;
                basis = Some("within".into());
            }
        }
        Ok(Holders {
            jurisdiction: self.node_ref(p),
            code,
            post,
            on: on.map(str::to_string),
            basis,
            holders: all,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sighting(title: &str, doc: &str, article: usize, date: &str, year: Year) -> Vec<Sighting> {
        posts::read_title(title, &|_| None)
            .into_iter()
            .map(|post| Sighting {
                post,
                doc: doc.into(),
                article,
                start: 0,
                end: 2,
                dates: vec![DatePoint {
                    date: date.into(),
                    year,
                }],
            })
            .collect()
    }

    #[test]
    fn spells_merge_across_articles_and_keep_their_order() {
        let mut s = Vec::new();
        s.extend(sighting(
            "县委副书记、县长",
            "b.txt",
            0,
            "2019-03-02",
            Year::Printed,
        ));
        s.extend(sighting("县长", "a.txt", 4, "2018-10-24", Year::Inferred));
        s.extend(sighting(
            "县委书记",
            "c.txt",
            1,
            "2020-06-01",
            Year::Printed,
        ));
        s.extend(sighting(
            "县委书记",
            "d.txt",
            0,
            "2021-01-05",
            Year::Printed,
        ));
        let spells = merge_sightings(&s);
        let got: Vec<(&str, usize, String, String)> = spells
            .iter()
            .map(|(p, g)| {
                let (f, l) = bounds(g);
                (p.post.as_str(), g.len(), f.unwrap().date, l.unwrap().date)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("县长", 2, "2018-10-24".into(), "2019-03-02".into()),
                ("县委副书记", 1, "2019-03-02".into(), "2019-03-02".into()),
                ("县委书记", 2, "2020-06-01".into(), "2021-01-05".into()),
            ]
        );
        // The first date of 县长 had only an inferred year, the last a printed one.
        let (f, l) = bounds(&spells[0].1);
        assert_eq!(
            (f.unwrap().year, l.unwrap().year),
            (Year::Inferred, Year::Printed)
        );
    }

    #[test]
    fn acting_and_full_posts_are_two_spells() {
        let mut s = sighting("代县长", "a.txt", 0, "2018-01-10", Year::Printed);
        s.extend(sighting("县长", "b.txt", 0, "2018-03-01", Year::Printed));
        let spells = merge_sightings(&s);
        assert_eq!(spells.len(), 2);
        assert!(spells[0].0.acting && !spells[1].0.acting);
    }

    #[test]
    fn dates_without_a_year_count_only_without_full_dates() {
        let mut s = sighting("镇长", "a.txt", 0, "05-01", Year::None);
        s.extend(sighting("镇长", "b.txt", 0, "2019-04-01", Year::Inferred));
        let spells = merge_sightings(&s);
        let (f, l) = bounds(&spells[0].1);
        assert_eq!(f.unwrap().date, "2019-04-01");
        assert_eq!(l.unwrap().date, "2019-04-01");
        let s = sighting("镇长", "a.txt", 0, "05-01", Year::None);
        let spells = merge_sightings(&s);
        assert_eq!(bounds(&spells[0].1).0.unwrap().year, Year::None);
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(field("县长"), "县长");
    }
}
