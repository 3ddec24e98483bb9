//! `resolve`: document context. Infers each document's and each article's
//! home jurisdiction, picks the right division for ambiguous names
//! (城关镇), turns 我县/该县/县残联 into the places and agencies they mean,
//! gives dates their year, and computes the identity key of every entity.
//!
//! Works on one document at a time (its [`DocMentions`]); what it outputs,
//! [`ResolvedDoc`], carries keys that the graph stage merges across
//! documents. Never reads files, never sees another document.

mod jurisdiction;

pub use jurisdiction::Context;

use crate::extract::{DocMentions, PersonRole};
use crate::resources::gazetteer::{DivId, Level};
use crate::resources::Resources;
use crate::text::Span;

/// Where a date's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Printed with the date (2023年12月8日).
    Printed,
    /// 今年/去年 against the page's year.
    Relative,
    /// The latest year printed in a full date elsewhere on the page.
    Page,
    /// The `--year` option.
    Option,
    /// Unknown: only month and day.
    None,
}

impl DateSource {
    /// Name used in `attrs.date_source`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DateSource::Printed => "printed",
            DateSource::Relative => "relative",
            DateSource::Page => "page",
            DateSource::Option => "option",
            DateSource::None => "none",
        }
    }
}

/// Options of the resolve stage.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Year for dates printed without one, when the page gives none.
    pub year: Option<i32>,
}

/// A person mention with its identity.
#[derive(Debug, Clone)]
pub struct RPerson {
    /// Name.
    pub name: String,
    /// Where.
    pub span: Span,
    /// Titles printed with this mention (text, span).
    pub titles: Vec<(String, Span)>,
    /// Role.
    pub role: PersonRole,
    /// Merge key: name @ jurisdiction code (or @reporter/...).
    pub key: String,
    /// Jurisdiction the titles belong to.
    pub jurisdiction: Option<DivId>,
    /// The body the first title belongs to, when printed (县残联理事长 -> 沁县残疾人联合会).
    pub affiliation: Option<String>,
    /// The article's agency (an index into its agencies) whose office a
    /// bare post shortens, when not printed in the title itself
    /// (县人大常委会主任某某、副主任某某: the second is the congress's too).
    pub shared_office: Option<usize>,
}

/// A place mention with its identity.
#[derive(Debug, Clone)]
pub struct RPlace {
    /// Surface.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Canonical name (the gazetteer's full name).
    pub name: String,
    /// Level.
    pub level: Level,
    /// The division, for gazetteer places.
    pub div: Option<DivId>,
    /// Merge key: the code; for villages parent code / name; for a name of
    /// several divisions the page does not settle, home code / name.
    pub key: String,
    /// Key of the parent place, and its division.
    pub parent: Option<DivId>,
    /// False when printed only inside an agency name.
    pub is_mention: bool,
    /// True when the name was read as an ordinary word, not a place: no node.
    pub dropped: bool,
}

/// An agency mention with its identity.
#[derive(Debug, Clone)]
pub struct RAgency {
    /// Surface.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Canonical name.
    pub canonical: String,
    /// Merge key.
    pub key: String,
    /// Jurisdiction.
    pub jurisdiction: Option<DivId>,
}

/// An event with resolved date and place.
#[derive(Debug, Clone)]
pub struct REvent {
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Sentence.
    pub span: Span,
    /// YYYY-MM-DD or MM-DD.
    pub date: Option<String>,
    /// Where the year came from.
    pub date_source: DateSource,
    /// (person index, role, evidence sentence).
    pub participants: Vec<(usize, String, Span)>,
    /// Agency indices.
    pub organizers: Vec<usize>,
    /// Place: an index into places, or a division from 我县.
    pub place: Option<PlaceRef>,
    /// Further places of the same level the event took place in (an
    /// inspection of 甲镇 and 乙镇): indices into places.
    pub also_at: Vec<usize>,
    /// Merge key.
    pub key: String,
}

/// Where an event took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRef {
    /// A place mention of the article.
    Mention(usize),
    /// A division reached through 我县 or the article's jurisdiction.
    Division(DivId),
}

/// One article, resolved.
#[derive(Debug, Clone)]
pub struct RArticle {
    /// Index in the document.
    pub index: usize,
    /// Span.
    pub span: Span,
    /// Headline.
    pub headline: String,
    /// Home jurisdiction of the article.
    pub jurisdiction: Option<DivId>,
    /// People.
    pub persons: Vec<RPerson>,
    /// Places.
    pub places: Vec<RPlace>,
    /// Agencies.
    pub agencies: Vec<RAgency>,
    /// Events.
    pub events: Vec<REvent>,
    /// A repost: the (document, article) of the canonical copy, whose
    /// mentions stand for this one (which then holds none).
    pub copy_of: Option<(String, usize)>,
    /// Articles reporting this one's text (itself included): more than one
    /// for the canonical copy of a repost cluster.
    pub sources: usize,
}

impl RArticle {
    /// Apply the article's role in its repost cluster: a copy gives up its
    /// mentions for the canonical one's.
    pub fn set_repost_role(&mut self, role: Option<&crate::repost::Role>) {
        match role {
            Some(crate::repost::Role::Copy { doc, index }) => {
                self.copy_of = Some((doc.clone(), *index));
                self.persons.clear();
                self.places.clear();
                self.agencies.clear();
                self.events.clear();
            }
            Some(crate::repost::Role::Canonical { sources }) => self.sources = *sources,
            None => {}
        }
    }
}

/// One document, resolved.
#[derive(Debug, Clone)]
pub struct ResolvedDoc {
    /// Base name.
    pub doc: String,
    /// Characters.
    pub chars: usize,
    /// Home jurisdiction of the page.
    pub home: Option<DivId>,
    /// Latest year printed in a full date on the page.
    pub page_year: Option<i32>,
    /// Articles.
    pub articles: Vec<RArticle>,
}

/// Resolve one document's mentions.
pub fn resolve_document(res: &Resources, dm: &DocMentions, opts: &ResolveOptions) -> ResolvedDoc {
    let ctx = Context::new(res, dm);
    let page_year = dm
        .articles
        .iter()
        .flat_map(|a| a.dates.iter())
        .filter_map(|d| d.year)
        .max();
    let mut articles = Vec::new();
    for (ai, am) in dm.articles.iter().enumerate() {
        let places = ctx.places(ai, am);
        let agencies: Vec<RAgency> = am
            .agencies
            .iter()
            .map(|a| ctx.agency(ai, a, &am.places))
            .collect();
        let persons = ctx.persons(ai, am, &agencies);
        let events = am
            .events
            .iter()
            .enumerate()
            .map(|(ei, e)| {
                let (date, date_source) = match e.date.map(|d| am.dates[d]) {
                    None => (None, DateSource::None),
                    Some(d) => {
                        let (year, src) = if let Some(y) = d.year {
                            (Some(y), DateSource::Printed)
                        } else if let (Some(r), Some(py)) =
                            (d.relative_year, page_year.or(opts.year))
                        {
                            (Some(py + r), DateSource::Relative)
                        } else if let Some(py) = page_year {
                            (Some(py), DateSource::Page)
                        } else if let Some(y) = opts.year {
                            (Some(y), DateSource::Option)
                        } else {
                            (None, DateSource::None)
                        };
                        let s = match (year, d.day) {
                            (Some(y), 0) => format!("{y:04}-{:02}", d.month),
                            (Some(y), day) => format!("{y:04}-{:02}-{day:02}", d.month),
                            (None, day) => format!("{:02}-{day:02}", d.month),
                        };
                        (Some(s), src)
                    }
                };
                let place = e
                    .places
                    .iter()
                    .copied()
                    .find(|&p| places[p].is_mention)
                    .map(PlaceRef::Mention)
                    .or_else(|| {
                        e.deixis_place
                            .and_then(|d| ctx.at_level(ai, am.deixis[d].level))
                            .map(PlaceRef::Division)
                    })
                    .or_else(|| ctx.article_home(ai).map(PlaceRef::Division));
                // An event in several places of one level (督查甲镇和乙镇)
                // took place in each; a place that is another's parent
                // (甲镇乙村) is no place of its own here.
                let also_at: Vec<usize> = match place {
                    Some(PlaceRef::Mention(first)) => e
                        .places
                        .iter()
                        .copied()
                        .filter(|&p| {
                            p != first
                                && places[p].is_mention
                                && places[p].level == places[first].level
                                && places[p].key != places[first].key
                                && !e
                                    .places
                                    .iter()
                                    .any(|&q| am.places[q].parent_hint == Some(p))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let participants: Vec<(usize, String, Span)> = e
                    .participants
                    .iter()
                    .map(|p| (p.person, p.role.clone(), p.evidence))
                    .collect();
                let mut pkeys: Vec<&str> = participants
                    .iter()
                    .map(|(p, _, _)| persons[*p].key.as_str())
                    .collect();
                pkeys.sort();
                // A person with two roles (出席, 讲话) is one participant.
                pkeys.dedup();
                let place_key = match place {
                    Some(PlaceRef::Mention(p)) => places[p].key.clone(),
                    Some(PlaceRef::Division(d)) => res.gazetteer.get(d).code.clone(),
                    None => String::new(),
                };
                // Two articles report the same event when kind, date, place
                // and people agree; undated events without people stay apart.
                let key = if date.is_some() && !pkeys.is_empty() {
                    format!(
                        "{}|{}|{}|{}",
                        e.kind,
                        date.clone().unwrap_or_default(),
                        place_key,
                        pkeys.join(",")
                    )
                } else {
                    format!("{}|{}#{}#{}", e.kind, dm.doc, am.index, ei)
                };
                REvent {
                    kind: e.kind.clone(),
                    name: e.name.clone(),
                    span: e.span,
                    date,
                    date_source,
                    participants,
                    organizers: e.organizers.clone(),
                    place,
                    also_at,
                    key,
                }
            })
            .collect();
        articles.push(RArticle {
            index: am.index,
            span: am.span,
            headline: am.headline.clone(),
            jurisdiction: ctx.article_home(ai),
            persons,
            places,
            agencies,
            events,
            copy_of: None,
            sources: 1,
        });
    }
    ResolvedDoc {
        doc: dm.doc.clone(),
        chars: dm.chars,
        home: ctx.doc_home(),
        page_year,
        articles,
    }
}
