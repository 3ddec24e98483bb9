//! Looking an entity up by what a user typed — a name, an alias or an id —
//! the same way in `query` and `export --focus`.
//!
//! What is typed is read as the pages are ([`Typed`]: trimmed, Traditional
//! as Simplified, full-width as ASCII, as `ingest` normalises), since the
//! graph holds normalised names: 丁宇紅 finds 丁宇红. An id is tried as
//! typed first, then normalised.
//!
//! A lookup fails in one of two ways: the name is shared
//! ([`LookupError::Ambiguous`], exit 4) or names nothing
//! ([`LookupError::NotFound`], exit 5). Both carry the entities to offer
//! instead, as [`Candidate`]s; [`near_name`] says which names are near
//! misses.

use serde::Serialize;

/// What a user typed to name an entity, read as the graph's names are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// As typed, trimmed.
    pub raw: String,
    /// Trimmed and normalised like the pages (`crate::text::normalize`):
    /// what names and aliases are compared with.
    pub norm: String,
}

impl Typed {
    /// Read `s`.
    pub fn new(s: &str) -> Typed {
        let raw = s.trim();
        Typed {
            raw: raw.to_string(),
            norm: crate::text::normalize(raw),
        }
    }

    /// True when nothing but blanks was typed: a name that names nothing.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The ids to try, in order: as typed (an id may hold characters
    /// normalisation would change), then normalised.
    pub fn ids(&self) -> [&str; 2] {
        [&self.raw, &self.norm]
    }
}

/// The edit distance (characters inserted, deleted or replaced) from `typed`
/// to `name` when it makes a near miss: one edit for names of up to four
/// characters (a three-character name two edits away is another name), two
/// for longer ones. `None` when farther, or when the two are equal.
pub fn near_name(typed: &str, name: &str) -> Option<usize> {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = name.chars().collect();
    let limit = if a.len().max(b.len()) <= 4 { 1 } else { 2 };
    if a.len().abs_diff(b.len()) > limit || a.is_empty() || a == b {
        return None;
    }
    // Two rows of the Levenshtein table.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return None;
        }
        prev = cur;
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

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
    fn lookup_near_name_allows_one_edit_in_short_names() {
        assert_eq!(near_name("李四", "李思"), Some(1));
        assert_eq!(near_name("张三丰", "张三"), Some(1));
        assert_eq!(near_name("张三丰", "李四光"), None);
        assert_eq!(near_name("某某县人民医院", "某某县人民政府"), Some(2));
        assert_eq!(near_name("李四", "李四"), None);
        assert_eq!(near_name("", "李"), None);
    }

    #[test]
    fn typed_names_read_traditional_and_full_width_as_the_pages() {
        // Traditional characters and full-width forms, as a user may type
        // a name copied from a page printed in Traditional script.
        let t = Typed::new("  張偉國\t");
        assert_eq!(t.raw, "張偉國");
        assert_eq!(t.norm, "张伟国");
        let t = Typed::new("縣衛生健康委員會");
        assert_eq!(t.norm, "县卫生健康委员会");
        let t = Typed::new("ＡＢＣ公司（筹）");
        assert_eq!(t.norm, "ABC公司(筹)");
        // Normalisation keeps the number of characters.
        assert_eq!(t.raw.chars().count(), t.norm.chars().count());
        // Ids: as typed first, then normalised.
        let t = Typed::new("person:張偉國@140430");
        assert_eq!(t.ids(), ["person:張偉國@140430", "person:张伟国@140430"]);
        assert!(Typed::new(" \u{3000} ").is_empty());
        assert!(!Typed::new("某").is_empty());
    }

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
