//! `events` and `coattend`: who did what, when, and who met whom.

use super::dates::{sort_key, DateRange};
use super::evidence::{Pages, Quote};
use super::explore::NodeRef;
use super::table::Table;
use super::{QueryError, QueryGraph};
use crate::model::NodeType;
use serde::Serialize;
use std::collections::BTreeMap;

const PARTICIPATED: &str = "participated_in";
const ORGANIZED: &str = "organized";
const LOCATED: &str = "located_in";
const PART_OF: &str = "part_of";

/// One event on a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// attrs.date (`YYYY-MM-DD`, `MM-DD` or none).
    pub date: Option<String>,
    /// attrs.kind.
    pub kind: Option<String>,
    /// The event.
    pub event: NodeRef,
    /// How the entity took part: the person's roles (出席, 主持 ...),
    /// `organized` for an agency, none for a place.
    pub roles: Vec<String>,
    /// attrs.place.
    pub place: Option<String>,
    /// Sources reporting the event: each article mentioning it counts once
    /// for every document holding it (a reposted article for each copy).
    pub sources: usize,
    /// Where the link was read.
    pub source: Quote,
}

/// The answer to `events`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The person, agency, place or event.
    pub entity: NodeRef,
    /// Events in date order (full dates, then dates without a year, then
    /// undated).
    pub events: Vec<EventRow>,
    /// Events left out by `--from`/`--to` because their year is unknown.
    pub without_full_date: usize,
}

impl Timeline {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&[
            "date", "kind", "event", "role", "place", "sources", "source",
        ]);
        t.title = Some(format!("{} ({})", self.entity.name, self.entity.id));
        for r in &self.events {
            let row = t.row(vec![
                r.date.clone().unwrap_or_else(|| "-".into()),
                r.kind.clone().unwrap_or_default(),
                r.event.name.clone(),
                r.roles.join("、"),
                r.place.clone().unwrap_or_default(),
                r.sources.to_string(),
                r.source.place(),
            ]);
            if r.source.sentence.is_some() {
                row.details.push(r.source.detail());
            }
        }
        if self.events.is_empty() {
            t.notes.push("no events".into());
        }
        if self.without_full_date > 0 {
            t.notes.push(format!(
                "{} events whose date cannot be placed in --from/--to (no year, no date) left out",
                self.without_full_date
            ));
        }
        t
    }
}

impl Timeline {
    /// As CSV for a spreadsheet (see [`super::table::csv`]): one row per
    /// event, the source's document, article, offsets and (with
    /// `--evidence`) its line and sentence as printed.
    pub fn to_csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .events
            .iter()
            .map(|r| {
                vec![
                    r.date.clone().unwrap_or_default(),
                    r.kind.clone().unwrap_or_default(),
                    r.event.name.clone(),
                    r.event.id.clone(),
                    r.roles.join("、"),
                    r.place.clone().unwrap_or_default(),
                    r.sources.to_string(),
                    r.source.doc.clone(),
                    r.source.article.to_string(),
                    r.source.start.to_string(),
                    r.source.end.to_string(),
                    r.source.line.map(|l| l.to_string()).unwrap_or_default(),
                    r.source.sentence.clone().unwrap_or_default(),
                ]
            })
            .collect();
        super::table::csv(
            &[
                "date", "kind", "event", "event_id", "role", "place", "sources", "doc", "article",
                "start", "end", "line", "evidence",
            ],
            &rows,
        )
    }
}

impl Coattendance {
    /// As CSV for a spreadsheet: one row per person met, the shared
    /// events' names and ids joined by `; `.
    pub fn to_csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .people
            .iter()
            .map(|r| {
                let join = |f: fn(&NodeRef) -> &str| {
                    r.events.iter().map(f).collect::<Vec<&str>>().join("; ")
                };
                vec![
                    r.count.to_string(),
                    r.person.name.clone(),
                    r.jurisdiction.clone().unwrap_or_default(),
                    r.person.id.clone(),
                    join(|e| e.name.as_str()),
                    join(|e| e.id.as_str()),
                ]
            })
            .collect();
        super::table::csv(
            &["count", "name", "jurisdiction", "id", "events", "event_ids"],
            &rows,
        )
    }
}

/// A person met at shared events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoattendRow {
    /// The other person.
    #[serde(flatten)]
    pub person: NodeRef,
    /// Their jurisdiction.
    pub jurisdiction: Option<String>,
    /// Number of shared events.
    pub count: usize,
    /// The shared events, in date order.
    pub events: Vec<NodeRef>,
}

/// The answer to `coattend`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coattendance {
    /// The person.
    pub person: NodeRef,
    /// Events the person took part in.
    pub events: usize,
    /// People met, most shared events first.
    pub people: Vec<CoattendRow>,
}

impl Coattendance {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["count", "name", "jurisdiction", "id", "events"]);
        t.title = Some(format!(
            "{} ({}): {} event{}",
            self.person.name,
            self.person.id,
            self.events,
            if self.events == 1 { "" } else { "s" }
        ));
        for r in &self.people {
            let evs: Vec<&str> = r.events.iter().map(|e| e.name.as_str()).collect();
            t.row(vec![
                r.count.to_string(),
                r.person.name.clone(),
                r.jurisdiction.clone().unwrap_or_default(),
                r.person.id.clone(),
                evs.join("; "),
            ]);
        }
        if self.people.is_empty() {
            t.notes.push("met nobody at a recorded event".into());
        }
        t
    }
}

impl QueryGraph {
    /// Edges of `v` with this relation, `v` at the given end.
    fn rel_edges<'a>(
        &'a self,
        v: u32,
        relation: &'a str,
        v_is_source: bool,
    ) -> impl Iterator<Item = (u32, u32)> + 'a {
        self.edges_of(v).filter_map(move |e| {
            let (s, t) = self.edge_ends(e);
            let at = if v_is_source { s } else { t };
            (at == v && self.relation(e) == relation).then(|| (e, self.other(e, v)))
        })
    }

    fn quote_edge(&self, e: Option<u32>, pages: &Pages) -> Quote {
        match e.and_then(|e| self.first_evidence(e)) {
            Some((doc, a, s, end)) => pages.quote(doc, a, s, end),
            None => Quote {
                doc: String::new(),
                article: 0,
                start: 0,
                end: 0,
                line: None,
                sentence: None,
            },
        }
    }

    /// The who-did-what timeline of an entity.
    ///
    /// # Arguments
    /// * `entity`: a person (events they took part in, with their roles),
    ///   an agency (events it organised), a place (events located in it or
    ///   in places `part_of` it, at any depth) or an event.
    /// * `range`: `--from`/`--to`; with a bound, events whose date cannot
    ///   be placed in it (no year, no date) are left out and counted.
    /// * `pages`: quotes each link's first evidence.
    ///
    /// # Returns
    /// * [`Timeline`], in date order.
    ///
    /// # Complexity
    /// * Time: **O(d log d)** for d linked events (a place adds the edges of
    ///   the places below it).
    pub fn events(
        &self,
        entity: &str,
        range: &DateRange,
        pages: &Pages,
    ) -> Result<Timeline, QueryError> {
        let v = self.resolve_kind(
            entity,
            &[
                NodeType::Person,
                NodeType::Agency,
                NodeType::Place,
                NodeType::Event,
            ],
            "a person, agency, place or event",
        )?;
        // event -> (roles, first linking edge)
        let mut found: BTreeMap<u32, (Vec<String>, Option<u32>)> = BTreeMap::new();
        let mut add = |ev: u32, role: Option<String>, e: Option<u32>| {
            let entry = found.entry(ev).or_insert((Vec::new(), e));
            if let Some(r) = role {
                if !entry.0.contains(&r) {
                    entry.0.push(r);
                }
            }
        };
        match self.kind(v) {
            Some(NodeType::Person) => {
                for (e, ev) in self.rel_edges(v, PARTICIPATED, true) {
                    add(ev, self.role(e).map(str::to_string), Some(e));
                }
            }
            Some(NodeType::Agency) => {
                for (e, ev) in self.rel_edges(v, ORGANIZED, true) {
                    add(ev, Some(ORGANIZED.to_string()), Some(e));
                }
            }
            Some(NodeType::Place) => {
                let mut places = vec![v];
                let mut seen = std::collections::HashSet::from([v]);
                while let Some(p) = places.pop() {
                    for (e, ev) in self.rel_edges(p, LOCATED, false) {
                        add(ev, None, Some(e));
                    }
                    for (_, child) in self.rel_edges(p, PART_OF, false) {
                        if seen.insert(child) {
                            places.push(child);
                        }
                    }
                }
            }
            _ => {
                // An event: itself, cited where it is mentioned.
                let e = self.rel_edges(v, "mentions", false).map(|(e, _)| e).next();
                add(v, None, e);
            }
        }
        let mut without_full_date = 0;
        let mut rows = Vec::new();
        for (ev, (roles, e)) in found {
            if self.kind(ev) != Some(NodeType::Event) {
                continue;
            }
            match range.contains(self.date(ev)) {
                Some(true) => {}
                Some(false) => continue,
                None => {
                    without_full_date += 1;
                    continue;
                }
            }
            let source = self.quote_edge(e, pages);
            rows.push(EventRow {
                date: self.date(ev).map(str::to_string),
                kind: self.event_kind(ev).map(str::to_string),
                event: self.node_ref(ev),
                roles,
                place: self.place(ev).map(str::to_string),
                sources: self.event_sources(ev),
                source,
            });
        }
        rows.sort_by(|a, b| {
            (sort_key(a.date.as_deref()), &a.event.id)
                .cmp(&(sort_key(b.date.as_deref()), &b.event.id))
        });
        Ok(Timeline {
            entity: self.node_ref(v),
            events: rows,
            without_full_date,
        })
    }

    /// How many sources report event `ev`: the documents holding each
    /// article that mentions it (a repost cluster's article is held by
    /// every document it was found in).
    fn event_sources(&self, ev: u32) -> usize {
        let articles: std::collections::BTreeSet<u32> = self
            .rel_edges(ev, "mentions", false)
            .map(|(_, a)| a)
            .filter(|&a| self.kind(a) == Some(NodeType::Article))
            .collect();
        articles
            .into_iter()
            .map(|a| {
                self.rel_edges(a, "contains", false)
                    .map(|(_, d)| d)
                    .collect::<std::collections::BTreeSet<u32>>()
                    .len()
                    .max(1)
            })
            .sum()
    }

    /// People who took part in the same events as a person.
    ///
    /// # Arguments
    /// * `person`: a name or an id of a person.
    ///
    /// # Returns
    /// * [`Coattendance`]: each other participant with the number of shared
    ///   events, most first (ties by id).
    ///
    /// # Complexity
    /// * Time: **O(Σ participants of the person's events)**.
    pub fn coattend(&self, person: &str) -> Result<Coattendance, QueryError> {
        let v = self.resolve_kind(person, &[NodeType::Person], "a person")?;
        let events: std::collections::BTreeSet<u32> = self
            .rel_edges(v, PARTICIPATED, true)
            .map(|(_, ev)| ev)
            .collect();
        let mut met: BTreeMap<u32, std::collections::BTreeSet<u32>> = BTreeMap::new();
        for &ev in &events {
            for (_, p) in self.rel_edges(ev, PARTICIPATED, false) {
                if p != v && self.kind(p) == Some(NodeType::Person) {
                    met.entry(p).or_default().insert(ev);
                }
            }
        }
        let mut people: Vec<CoattendRow> = met
            .into_iter()
            .map(|(p, evs)| {
                let mut evs: Vec<u32> = evs.into_iter().collect();
                evs.sort_by_key(|&e| (sort_key(self.date(e)), self.id(e).to_string()));
                CoattendRow {
                    person: self.node_ref(p),
                    jurisdiction: self.scope(p).map(str::to_string),
                    count: evs.len(),
                    events: evs.iter().map(|&e| self.node_ref(e)).collect(),
                }
            })
            .collect();
        people.sort_by(|a, b| b.count.cmp(&a.count).then(a.person.id.cmp(&b.person.id)));
        Ok(Coattendance {
            person: self.node_ref(v),
            events: events.len(),
            people,
        })
    }
}
