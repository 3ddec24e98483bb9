//! Looking an entity up by what a user typed — a name, an alias or an id —
//! fails in one of two ways, the same for `query` and `export --focus`:
//! the name is shared ([`LookupError::Ambiguous`], exit 4) or names nothing
//! ([`LookupError::NotFound`], exit 5). Both carry the entities to offer
//! instead, as [`Candidate`]s.

use serde::Serialize;

/// An entity that a name may denote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Node id.
    pub id: String,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// attrs.jurisdiction, else attrs.key, else attrs.code.
    pub jurisdiction: Option<String>,
    /// Degree in the entity graph.
    pub degree: u32,
}

impl Candidate {
    /// `id (type name, jurisdiction)`: one candidate on a line of a message.
    pub fn describe(&self) -> String {
        match &self.jurisdiction {
            Some(j) => format!("{} ({} {}, {j})", self.id, self.kind, self.name),
            None => format!("{} ({} {})", self.id, self.kind, self.name),
        }
    }
}

fn listed(cs: &[Candidate]) -> String {
    cs.iter()
        .map(Candidate::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A lookup that did not give one entity.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LookupError {
    /// A name that several entities share.
    #[error("{name:?} names {} entities; give one of their ids: {}", candidates.len(), listed(candidates))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The entities it names.
        candidates: Vec<Candidate>,
    },
    /// Nothing matched.
    #[error("nothing found: {what}{}", if suggestions.is_empty() { String::new() } else { format!("; close to it: {}", listed(suggestions)) })]
    NotFound {
        /// What was looked for.
        what: String,
        /// Entities that come close, as hints.
        suggestions: Vec<Candidate>,
    },
}

impl LookupError {
    /// The process exit code: 4 for a shared name, 5 for nothing found.
    pub fn exit_code(&self) -> u8 {
        match self {
            LookupError::Ambiguous { .. } => 4,
            LookupError::NotFound { .. } => 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_error_codes_and_messages() {
        let c = Candidate {
            id: "person:李四@1".into(),
            kind: "person".into(),
            name: "李四".into(),
            jurisdiction: Some("某县".into()),
            degree: 1,
        };
        let a = LookupError::Ambiguous {
            name: "李四".into(),
            candidates: vec![c.clone(), c.clone()],
        };
        assert_eq!(a.exit_code(), 4);
        assert!(a.to_string().contains("person:李四@1 (person 李四, 某县)"));
        let n = LookupError::NotFound {
            what: "no entity is named \"李思\"".into(),
            suggestions: vec![c],
        };
        assert_eq!(n.exit_code(), 5);
        assert!(n
            .to_string()
            .ends_with("close to it: person:李四@1 (person 李四, 某县)"));
    }
}
