//! `find --title T --in PLACE` and `people`: entities by name, by the
//! titles printed with a person, and by the place they belong to.
//!
//! A person belongs to the division in their id (`person:某某@140430`, a
//! reporter's `@reporter/1404`); an agency and a place to the division their
//! id starts with; a dated event to the division in its key. `--in 长治市`
//! takes every division whose code starts with 长治市's (its counties too),
//! because division codes nest.

use super::explore::{FindHit, FindResult};
use super::{QueryError, QueryGraph};
use crate::model::NodeType;
use crate::text::normalize;
use std::collections::BTreeMap;

/// What `find` (and `people`) asks for. Every field set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindQuery {
    /// Text a name or an alias contains.
    pub text: Option<String>,
    /// Text one of a person's titles contains (people only).
    pub title: Option<String>,
    /// A place (name or id): only entities of it or of the places below it.
    pub within: Option<String>,
    /// Only this node type (default: people, places, agencies, events).
    pub kind: Option<String>,
    /// The most hits returned (0: all).
    pub limit: usize,
}

/// The division code at the start of `scope` (`140430`, `1307/察北管理区` ->
/// `1307`), when it is one.
fn code_prefix(scope: &str) -> Option<&str> {
    let end = scope
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(scope.len());
    (end > 0).then(|| &scope[..end])
}

impl QueryGraph {
    /// The division code an entity belongs to (see the module docs).
    fn division_of(&self, v: u32) -> Option<&str> {
        let id = self.id(v);
        match self.kind(v) {
            Some(NodeType::Person) => {
                let scope = &id[id.rfind('@')? + 1..];
                // A reporter's scope is `reporter/1404`.
                code_prefix(scope.rsplit('/').next().unwrap_or(scope))
            }
            Some(NodeType::Place | NodeType::Agency) => code_prefix(id.split_once(':')?.1),
            Some(NodeType::Event) => {
                // `event:meeting|2018-10-24|140430|...`; undated events are
                // keyed by their article and have no division.
                let parts: Vec<&str> = id.split('|').collect();
                (parts.len() >= 4).then(|| code_prefix(parts[2])).flatten()
            }
            _ => None,
        }
    }

    /// Entities matching every condition of `q`.
    ///
    /// # Returns
    /// * [`FindResult`]: with `--title`, each hit's `title` is the title
    ///   matched; otherwise a person's main title. Exact name (or title)
    ///   matches first, then by degree, then by id.
    ///   [`QueryError::BadArgument`] for an empty text or title, and for
    ///   `--in` naming no place; [`crate::model::lookup::LookupError`] when `--in` does not name one entity.
    ///
    /// # Complexity
    /// * Time: **O(B + N)** for B bytes of names and N nodes, plus one
    ///   record parsed for each person considered with `--title`.
    pub fn find_where(&self, q: &FindQuery) -> Result<FindResult, QueryError> {
        for (arg, v) in [("find", &q.text), ("--title", &q.title)] {
            if v.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(QueryError::BadArgument {
                    arg: format!("{arg} \"\""),
                    reason: "give some text to look for".into(),
                });
            }
        }
        let kind = match (&q.kind, &q.title) {
            (Some(k), Some(_)) if k != "person" => {
                return Err(QueryError::BadArgument {
                    arg: format!("--type {k} --title"),
                    reason: "titles are printed with people only".into(),
                })
            }
            (_, Some(_)) => Some("person".to_string()),
            (k, None) => k.clone(),
        };
        let wanted = |v: u32| match &kind {
            Some(k) => self.type_name(v) == k,
            None => self.is_entity(v),
        };
        let within = match &q.within {
            None => None,
            Some(p) => {
                let v = self.resolve_kind(p, &[NodeType::Place], "a place")?;
                Some(self.division_of(v).map(str::to_string).ok_or_else(|| {
                    QueryError::BadArgument {
                        arg: format!("--in {p}"),
                        reason: format!(
                            "{} has no division code, so nothing can be placed in it",
                            self.name(v)
                        ),
                    }
                })?)
            }
        };
        // node -> (matched text, is alias)
        let mut best: BTreeMap<u32, (String, bool)> = BTreeMap::new();
        let needle = q.text.as_deref().map(|t| normalize(t.trim()));
        match &needle {
            Some(needle) => {
                for slot in self.slots_containing(needle) {
                    let s = self
                        .index
                        .str(self.index.u32(super::index::Sec::NameStr, slot));
                    for (v, alias) in self.slot_entries(slot) {
                        if !wanted(v) {
                            continue;
                        }
                        let e = best.entry(v).or_insert((s.to_string(), alias));
                        // Prefer the name over an alias, then the exact match.
                        if (e.1 && !alias) || (s == needle && e.0 != *needle) {
                            *e = (s.to_string(), alias);
                        }
                    }
                }
            }
            None => {
                for v in 0..self.node_count() as u32 {
                    if wanted(v) {
                        best.insert(v, (self.name(v).to_string(), false));
                    }
                }
            }
        }
        if let Some(code) = &within {
            best.retain(|&v, _| {
                self.division_of(v)
                    .is_some_and(|d| d.starts_with(code.as_str()))
            });
        }
        let title_needle = q.title.as_deref().map(|t| normalize(t.trim()));
        let mut hits = Vec::new();
        for (v, (matched, alias)) in best {
            let titles = if self.kind(v) == Some(NodeType::Person) {
                self.node_record(v)?
                    .attrs
                    .get("titles")
                    .and_then(|t| t.as_array())
                    .map(|ts| {
                        ts.iter()
                            .filter_map(|t| t.get("title")?.as_str().map(str::to_string))
                            .collect::<Vec<String>>()
                    })
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let title = match &title_needle {
                Some(t) => {
                    // The exact title if printed, else the first containing it.
                    let Some(found) = titles
                        .iter()
                        .find(|x| *x == t)
                        .or_else(|| titles.iter().find(|x| x.contains(t.as_str())))
                    else {
                        continue;
                    };
                    Some(found.clone())
                }
                None => main_title(&titles).map(str::to_string),
            };
            hits.push(FindHit {
                candidate: self.candidate(v),
                matched,
                alias,
                title,
            });
        }
        let exact = |h: &FindHit| match (&needle, &title_needle) {
            (_, Some(t)) => h.title.as_deref() == Some(t.as_str()),
            (Some(n), None) => h.matched == *n,
            (None, None) => false,
        };
        hits.sort_by(|a, b| {
            exact(b)
                .cmp(&exact(a))
                .then(b.candidate.degree.cmp(&a.candidate.degree))
                .then(a.candidate.id.cmp(&b.candidate.id))
        });
        let total = hits.len();
        if q.limit > 0 {
            hits.truncate(q.limit);
        }
        Ok(FindResult {
            text: [needle, title_needle.map(|t| format!("title {t}"))]
                .into_iter()
                .flatten()
                .collect::<Vec<String>>()
                .join(", "),
            total,
            hits,
        })
    }
}

/// A person's main title among the titles printed with them: the one
/// printed most often, on a tie the later (as `export::style::main_title`).
fn main_title(titles: &[String]) -> Option<&str> {
    let mut best: Option<(&str, usize)> = None;
    for t in titles {
        let count = titles.iter().filter(|o| *o == t).count();
        if best.is_none_or(|(_, c)| count >= c) {
            best = Some((t, count));
        }
    }
    best.map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_code_prefix_and_main_title() {
        assert_eq!(code_prefix("140430"), Some("140430"));
        assert_eq!(code_prefix("1307/某某管理区"), Some("1307"));
        assert_eq!(code_prefix("某县"), None);
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(main_title(&t(&["县委常委", "副县长"])), Some("副县长"));
        assert_eq!(
            main_title(&t(&["副县长", "副县长", "县委常委"])),
            Some("副县长")
        );
        assert_eq!(main_title(&[]), None);
    }
}
