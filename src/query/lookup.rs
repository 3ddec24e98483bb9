//! From what a user types to nodes: ids, exact names and aliases, and
//! substrings of names.
//!
//! What is typed is read as [`crate::model::lookup::Typed`] reads it
//! (normalised like the pages: Traditional → Simplified, full-width →
//! ASCII), so a name typed in Traditional finds the node of its Simplified
//! form, as `export --focus` does.

use super::index::Sec;
use super::{QueryError, QueryGraph};
use crate::model::lookup::{near_name, LookupError, Typed};
use crate::model::NodeType;

pub use crate::model::lookup::Candidate;

impl QueryGraph {
    pub(crate) fn candidate(&self, v: u32) -> Candidate {
        Candidate {
            id: self.id(v).to_string(),
            kind: self.type_name(v).to_string(),
            name: self.name(v).to_string(),
            jurisdiction: self.scope(v).map(str::to_string),
            degree: self.degree(v),
        }
    }

    /// Index of the distinct name `s`.
    pub(crate) fn name_slot(&self, s: &str) -> Option<usize> {
        let ix = &self.index;
        let (mut lo, mut hi) = (0usize, ix.counts.names as usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match ix.str(ix.u32(Sec::NameStr, mid)).cmp(s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The (node, is alias) entries of distinct name `slot`.
    pub(crate) fn slot_entries(&self, slot: usize) -> impl Iterator<Item = (u32, bool)> + '_ {
        let ix = &self.index;
        let len = ix.sec(Sec::NameNode).len() / 4;
        let a = (ix.u32(Sec::NameStart, slot) as usize).min(len);
        let b = (ix.u32(Sec::NameStart, slot + 1) as usize).clamp(a, len);
        (a..b).map(move |i| (ix.u32(Sec::NameNode, i), ix.u8(Sec::NameAlias, i) == 1))
    }

    /// Distinct names containing `needle`, as slots.
    pub(crate) fn slots_containing(&self, needle: &str) -> Vec<usize> {
        let ix = &self.index;
        let blob = ix.sec(Sec::FindBlob);
        let names = ix.counts.names as usize;
        let mut slots = Vec::new();
        if needle.is_empty() || needle.contains('\n') {
            return slots;
        }
        for hit in memchr::memmem::find_iter(blob, needle.as_bytes()) {
            // The name holding byte `hit`: the last start at or before it.
            let (mut lo, mut hi) = (0usize, names);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if ix.u64(Sec::FindStart, mid) as usize <= hit {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            let slot = lo.saturating_sub(1);
            if slots.last() != Some(&slot) {
                slots.push(slot);
            }
        }
        slots
    }

    /// Resolve what a user typed to one node: an id, else a name, else an
    /// alias.
    ///
    /// # Arguments
    /// * `query`: an id (`person:韩秀兰@140430`) or a name.
    ///
    /// # Returns
    /// * The node; [`LookupError::Ambiguous`] with the candidates when the
    ///   name is shared (entity types preferred over articles and documents);
    ///   [`LookupError::NotFound`] with names containing the query as hints.
    ///
    /// # Complexity
    /// * Time: **O(log N)** string comparisons, plus a substring scan of all
    ///   names when nothing is found.
    pub fn resolve(&self, query: &str) -> Result<u32, QueryError> {
        let typed = Typed::new(query);
        if typed.is_empty() {
            return Err(QueryError::BadArgument {
                arg: format!("{query:?}"),
                reason: "an empty name names nothing; give a name or an id".into(),
            });
        }
        if let Some(v) = typed.ids().into_iter().find_map(|id| self.find_id(id)) {
            return Ok(v);
        }
        let (raw, norm) = (typed.raw.as_str(), typed.norm.as_str());
        let entries: Vec<(u32, bool)> = self
            .name_slot(norm)
            .map(|s| self.slot_entries(s).collect())
            .unwrap_or_default();
        let mut nodes: Vec<u32> = entries.iter().filter(|e| !e.1).map(|e| e.0).collect();
        if nodes.is_empty() {
            nodes = entries.iter().map(|e| e.0).collect();
        }
        if nodes.iter().any(|&v| self.is_entity(v)) {
            nodes.retain(|&v| self.is_entity(v));
        }
        nodes.sort_unstable();
        nodes.dedup();
        match nodes.len() {
            1 => Ok(nodes[0]),
            0 => Err(LookupError::NotFound {
                what: format!("no entity is named {raw:?} or has that id"),
                suggestions: self.near_misses(norm),
            }
            .into()),
            _ => Err(LookupError::Ambiguous {
                name: raw.to_string(),
                candidates: nodes.iter().map(|&v| self.candidate(v)).collect(),
            }
            .into()),
        }
    }

    /// What a name or id that names nothing may have meant, best first (at
    /// most five): for an id (`person:李四@520204`), the entities of that
    /// type and name (their ids differ in the scope); names containing the
    /// query; else names one or two edits away (a wrong or missing
    /// character, [`near_name`]).
    ///
    /// # Complexity
    /// * Time: O(log N) for an id, a substring scan of all names, and when
    ///   that finds nothing one pass over the distinct names.
    pub(crate) fn near_misses(&self, norm: &str) -> Vec<Candidate> {
        const MAX: usize = 5;
        let mut out: Vec<u32> = Vec::new();
        if let Some((kind, rest)) = norm.split_once(':') {
            let name = rest.split('@').next().unwrap_or(rest);
            if let Some(slot) = self.name_slot(name) {
                out.extend(
                    self.slot_entries(slot)
                        .map(|(v, _)| v)
                        .filter(|&v| self.type_name(v) == kind),
                );
            }
        }
        if out.is_empty() {
            out.extend(
                self.find(norm, None, MAX)
                    .hits
                    .into_iter()
                    .filter_map(|h| self.find_id(&h.candidate.id)),
            );
        }
        if out.is_empty() {
            let ix = &self.index;
            let mut near: Vec<(usize, u32)> = Vec::new();
            for slot in 0..ix.counts.names as usize {
                let s = ix.str(ix.u32(Sec::NameStr, slot));
                if let Some(d) = near_name(norm, s) {
                    for (v, _) in self.slot_entries(slot) {
                        if self.is_entity(v) {
                            near.push((d, v));
                        }
                    }
                }
            }
            near.sort_by(|a, b| {
                (a.0, std::cmp::Reverse(self.degree(a.1)), self.id(a.1)).cmp(&(
                    b.0,
                    std::cmp::Reverse(self.degree(b.1)),
                    self.id(b.1),
                ))
            });
            out.extend(near.into_iter().map(|(_, v)| v));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|v| seen.insert(*v));
        out.truncate(MAX);
        out.into_iter().map(|v| self.candidate(v)).collect()
    }

    /// Resolve, then require one of `kinds`.
    pub(crate) fn resolve_kind(
        &self,
        query: &str,
        kinds: &[NodeType],
        what: &str,
    ) -> Result<u32, QueryError> {
        let v = self.resolve(query)?;
        if self.kind(v).is_some_and(|k| kinds.contains(&k)) {
            Ok(v)
        } else {
            Err(QueryError::BadArgument {
                arg: query.to_string(),
                reason: format!("is a {}, not {what}", self.type_name(v)),
            })
        }
    }
}
