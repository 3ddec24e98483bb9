//! Node attributes: their names ([`Attr`]), their compact values and the
//! small sorted map a node keeps them in ([`Attrs`]), and how graph.json
//! writes them ([`AttrsOut`]).

use super::store::{insert_exact, Interner};
use serde::Serialize;
use serde_json::{json, Value};

/// The name of a node attribute. The variants are in name order, so a
/// node's attributes, kept sorted by key, are written in graph.json's
/// order; an attribute stores its key in one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Attr {
    /// A person's organisation (a reporter's paper).
    Affiliation,
    /// An agency's canonical name.
    Canonical,
    /// A document's length in characters.
    Chars,
    /// A place's division code (null for a place outside the gazetteer).
    Code,
    /// An event's date.
    Date,
    /// Where an event's year came from.
    DateSource,
    /// An article's document.
    Doc,
    /// Where an article ends in its document.
    End,
    /// A document's home jurisdiction.
    Home,
    /// Its division code.
    HomeCode,
    /// An article's index in its document.
    Index,
    /// The jurisdiction of an article, person or agency.
    Jurisdiction,
    /// The identity key of a person or agency.
    Key,
    /// An event's kind.
    Kind,
    /// A place's administrative level.
    Level,
    /// An event's name.
    Name,
    /// The year printed on a document's pages.
    PageYear,
    /// Where an event was held.
    Place,
    /// A person's role (official, reporter, other).
    Role,
    /// How many copies of an article the corpus holds.
    Sources,
    /// Where an article starts in its document.
    Start,
    /// A person's titles (made from mentions on output).
    Titles,
}

impl Attr {
    /// Every attribute, in name order (`ALL[a.index()] == a`).
    pub const ALL: [Attr; 22] = [
        Attr::Affiliation,
        Attr::Canonical,
        Attr::Chars,
        Attr::Code,
        Attr::Date,
        Attr::DateSource,
        Attr::Doc,
        Attr::End,
        Attr::Home,
        Attr::HomeCode,
        Attr::Index,
        Attr::Jurisdiction,
        Attr::Key,
        Attr::Kind,
        Attr::Level,
        Attr::Name,
        Attr::PageYear,
        Attr::Place,
        Attr::Role,
        Attr::Sources,
        Attr::Start,
        Attr::Titles,
    ];

    /// Name in graph.json's `attrs`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Attr::Affiliation => "affiliation",
            Attr::Canonical => "canonical",
            Attr::Chars => "chars",
            Attr::Code => "code",
            Attr::Date => "date",
            Attr::DateSource => "date_source",
            Attr::Doc => "doc",
            Attr::End => "end",
            Attr::Home => "home",
            Attr::HomeCode => "home_code",
            Attr::Index => "index",
            Attr::Jurisdiction => "jurisdiction",
            Attr::Key => "key",
            Attr::Kind => "kind",
            Attr::Level => "level",
            Attr::Name => "name",
            Attr::PageYear => "page_year",
            Attr::Place => "place",
            Attr::Role => "role",
            Attr::Sources => "sources",
            Attr::Start => "start",
            Attr::Titles => "titles",
        }
    }

    /// The position in [`Attr::ALL`] (what a recorded step stores).
    pub const fn index(self) -> u8 {
        self as u8
    }

    /// The attribute at position `i` of [`Attr::ALL`].
    pub fn from_index(i: u8) -> Option<Attr> {
        Attr::ALL.get(i as usize).copied()
    }

    /// True for attributes whose values repeat across nodes (a date, a
    /// kind, a place): stored once, in the graph's value table. Names,
    /// keys and codes are mostly unique and stay inline.
    pub const fn is_shared(self) -> bool {
        matches!(
            self,
            Attr::Affiliation
                | Attr::Date
                | Attr::DateSource
                | Attr::Doc
                | Attr::Home
                | Attr::HomeCode
                | Attr::Jurisdiction
                | Attr::Kind
                | Attr::Level
                | Attr::Place
                | Attr::Role
        )
    }
}

/// One attribute, key and value together in 24 bytes, as compact as the
/// values are (short strings, small numbers, interned shared values): a
/// key beside a value enum would take 32, its one byte padded to a word,
/// and nodes are millions.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Entry {
    Null(Attr),
    Int(Attr, i64),
    Shared(Attr, u32),
    Str(Attr, Box<str>),
    Other(Attr, Box<Value>),
    /// A string equal to the node's own name, which is not stored twice
    /// (an event's name attribute, an agency's canonical name and key).
    OwnName(Attr),
}

impl Entry {
    /// `key` set to a JSON value (a shared string goes to `values`).
    fn from_json(key: Attr, v: Value, values: &mut Interner) -> Entry {
        match v {
            Value::Null => Entry::Null(key),
            Value::String(s) => Entry::string(key, &s, values),
            Value::Number(n) if n.as_i64().is_some() => Entry::Int(key, n.as_i64().unwrap_or(0)),
            v => Entry::Other(key, Box::new(v)),
        }
    }
    /// `key` set to the string `s`: interned when the key's values are
    /// shared by many nodes, else inline.
    fn string(key: Attr, s: &str, values: &mut Interner) -> Entry {
        if key.is_shared() {
            Entry::Shared(key, values.intern(s))
        } else {
            Entry::Str(key, s.into())
        }
    }
    /// The attribute's name.
    pub(super) fn key(&self) -> Attr {
        match self {
            Entry::Null(k)
            | Entry::Int(k, _)
            | Entry::Shared(k, _)
            | Entry::Str(k, _)
            | Entry::Other(k, _)
            | Entry::OwnName(k) => *k,
        }
    }
    /// The value when it is a string, `name` being the node's name.
    pub(super) fn as_str<'a>(&'a self, values: &'a Interner, name: &'a str) -> Option<&'a str> {
        match self {
            Entry::Shared(_, i) => Some(values.get(*i)),
            Entry::Str(_, s) => Some(s),
            Entry::OwnName(_) => Some(name),
            _ => None,
        }
    }
}

/// A node's attributes: a small map kept as an exact-size slice sorted by
/// key (nodes have two to eight attributes; a `BTreeMap` would cost a whole
/// B-tree leaf, some 600 bytes, for each of millions of nodes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs(pub(super) Box<[Entry]>);

impl Attrs {
    pub(super) fn find(&self, key: Attr) -> Result<usize, usize> {
        self.0.binary_search_by(|e| e.key().cmp(&key))
    }
    /// Set the entry's key to its value.
    pub(super) fn put(&mut self, entry: Entry) {
        match self.find(entry.key()) {
            Ok(i) => self.0[i] = entry,
            // Grow by one, to the exact size: most nodes get all their
            // attributes from their first mention, and doubling would
            // waste a third.
            Err(i) => insert_exact(&mut self.0, i, entry),
        }
    }
    /// Before the node named `old` is renamed: the values that were its
    /// name keep it.
    pub(super) fn keep_name(&mut self, old: &str, values: &mut Interner) {
        for e in self.0.iter_mut() {
            if let Entry::OwnName(k) = *e {
                *e = Entry::string(k, old, values);
            }
        }
    }
    /// Set `key` to a JSON value (a shared string goes to `values`).
    pub(super) fn insert(&mut self, key: Attr, value: Value, values: &mut Interner) {
        self.put(Entry::from_json(key, value, values));
    }
    /// Set `key` to the string `s` on a node named `name`. A node
    /// mentioned again mostly sets what it has: an equal value is left as
    /// it is, with nothing built.
    pub(super) fn insert_str(&mut self, key: Attr, s: &str, values: &mut Interner, name: &str) {
        if let Ok(i) = self.find(key) {
            if self.0[i].as_str(values, name) == Some(s) {
                return;
            }
        }
        self.put(if s == name {
            Entry::OwnName(key)
        } else {
            Entry::string(key, s, values)
        });
    }
    /// Set `key` to a whole number.
    pub(super) fn insert_int(&mut self, key: Attr, n: u64) {
        // What a JSON number becomes: an integer when it fits.
        self.put(i64::try_from(n).map_or_else(
            |_| Entry::Other(key, Box::new(json!(n))),
            |i| Entry::Int(key, i),
        ));
    }
    /// Set `key` to `value` unless it has a value.
    pub(super) fn insert_absent(&mut self, key: Attr, value: Value, values: &mut Interner) {
        if self.find(key).is_err() {
            self.insert(key, value, values);
        }
    }
    /// The value of `key` when it is a string, on a node named `name`.
    pub(super) fn get_str<'a>(
        &'a self,
        key: Attr,
        values: &'a Interner,
        name: &'a str,
    ) -> Option<&'a str> {
        self.0[self.find(key).ok()?].as_str(values, name)
    }
}

/// A node's attributes as graph.json writes them (see [`NodeRef::attrs_out`]).
pub struct AttrsOut<'a> {
    pub(super) attrs: &'a Attrs,
    pub(super) values: &'a Interner,
    /// The node's name.
    pub(super) name: &'a str,
    /// A person's titles with where they were printed.
    pub(super) titles: Option<Vec<TitleOut<'a>>>,
}

/// One title printed with a person's name, and where.
#[derive(Serialize)]
pub(super) struct TitleOut<'a> {
    pub(super) title: &'a str,
    pub(super) doc: &'a str,
    pub(super) article: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Serialize for AttrsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = ser.serialize_map(None)?;
        for e in &self.attrs.0 {
            // A person's titles are the records below (`titles` sorts last).
            if self.titles.is_some() && e.key() == Attr::Titles {
                continue;
            }
            let key = e.key().as_str();
            match e {
                Entry::Null(_) => map.serialize_entry(key, &())?,
                Entry::Int(_, i) => map.serialize_entry(key, i)?,
                Entry::Shared(..) | Entry::Str(..) | Entry::OwnName(_) => {
                    map.serialize_entry(key, e.as_str(self.values, self.name).unwrap_or_default())?
                }
                Entry::Other(_, v) => map.serialize_entry(key, v)?,
            }
        }
        if let Some(t) = &self.titles {
            map.serialize_entry("titles", t)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attr_names_round_trip_sort_and_say_which_are_shared() {
        for (i, a) in Attr::ALL.into_iter().enumerate() {
            assert_eq!(a.index() as usize, i);
            assert_eq!(Attr::from_index(a.index()), Some(a));
        }
        assert_eq!(Attr::from_index(Attr::ALL.len() as u8), None);
        // Index order is name order: attributes are written sorted by name.
        assert!(Attr::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
        let shared: Vec<&str> = Attr::ALL
            .into_iter()
            .filter(|a| a.is_shared())
            .map(Attr::as_str)
            .collect();
        assert_eq!(
            shared,
            [
                "affiliation",
                "date",
                "date_source",
                "doc",
                "home",
                "home_code",
                "jurisdiction",
                "kind",
                "level",
                "place",
                "role"
            ]
        );
    }
}
