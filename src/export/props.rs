//! Flat, typed properties of nodes and edges, for the formats whose
//! attributes are columns (GraphML, GEXF, Cypher, CSV) rather than nested
//! JSON.
//!
//! A node becomes `name`, `aliases` (a list), `title` (a person's main
//! title), each scalar of `attrs` under its own name, nested `attrs` values
//! (a person's `titles`) as compact JSON text, and `mentions` as compact
//! JSON text, so provenance survives every format. An edge becomes `key`,
//! `relation`, its `attrs` and `evidence` (compact JSON). Ids and node types
//! are left to each format, which has its own place for them.

use super::json::{WireEdge, WireNode};
use serde_json::Value;

/// One property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Str(String),
    /// A list of strings (aliases).
    List(Vec<String>),
}

impl Prop {
    /// The value as text: numbers in JSON notation, lists joined with `;`
    /// (the array delimiter Neo4j's importer expects).
    pub fn text(&self) -> String {
        match self {
            Prop::Int(i) => i.to_string(),
            Prop::Float(f) => serde_json::Number::from_f64(*f)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            Prop::Bool(b) => b.to_string(),
            Prop::Str(s) => s.clone(),
            Prop::List(l) => l.join(";"),
        }
    }
}

/// The type of a column: the narrowest type every value in it fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// All values are integers.
    Int,
    /// All values are numbers.
    Float,
    /// All values are booleans.
    Bool,
    /// All values are lists of strings.
    List,
    /// Anything else: values are written as text.
    Str,
}

impl Kind {
    pub(crate) fn of(p: &Prop) -> Kind {
        match p {
            Prop::Int(_) => Kind::Int,
            Prop::Float(_) => Kind::Float,
            Prop::Bool(_) => Kind::Bool,
            Prop::Str(_) => Kind::Str,
            Prop::List(_) => Kind::List,
        }
    }

    /// The narrowest kind both fit (order does not matter).
    pub fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Int, Kind::Float) | (Kind::Float, Kind::Int) => Kind::Float,
            _ => Kind::Str,
        }
    }
}

/// A named, typed column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Property name.
    pub name: String,
    /// Its type.
    pub kind: Kind,
}

/// Property rows with their columns in a fixed order.
pub type Row = Vec<(String, Prop)>;

/// Names a node's own fields take (and formats add); an `attrs` key with
/// one of these names is written as `attr_<key>` so it cannot shadow them.
const NODE_FIELDS: &[&str] = &[
    "id", "type", "label", "name", "aliases", "title", "mentions",
];

/// The same for edges.
const EDGE_FIELDS: &[&str] = &["id", "source", "target", "key", "relation", "evidence"];

fn from_json(v: &Value) -> Option<Prop> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => Prop::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Prop::Int(i),
            None => Prop::Float(n.as_f64()?),
        },
        Value::String(s) => Prop::Str(s.clone()),
        other => Prop::Str(other.to_string()),
    })
}

fn push_attrs(
    row: &mut Row,
    attrs: &serde_json::Map<String, Value>,
    reserved: &[&str],
    top_name: Option<&str>,
) {
    for (k, v) in attrs {
        let Some(p) = from_json(v) else { continue };
        if reserved.contains(&k.as_str()) {
            // An event's attrs.name repeats the node's name: no need to say it twice.
            if k == "name" && top_name.is_some_and(|n| p == Prop::Str(n.to_string())) {
                continue;
            }
            row.push((format!("attr_{k}"), p));
        } else {
            row.push((k.clone(), p));
        }
    }
}

/// A node's properties (without its id and type).
pub fn node_row(n: &WireNode) -> Row {
    let mut row: Row = vec![
        ("name".into(), Prop::Str(n.name.clone())),
        ("aliases".into(), Prop::List(n.aliases.clone())),
    ];
    if let Some(t) = super::style::main_title(n) {
        row.push(("title".into(), Prop::Str(t.to_string())));
    }
    push_attrs(&mut row, &n.attrs, NODE_FIELDS, Some(&n.name));
    row.push((
        "mentions".into(),
        Prop::Str(serde_json::to_string(&n.mentions).expect("mentions serialise")),
    ));
    row
}

/// An edge's properties (without its endpoints).
pub fn edge_row(e: &WireEdge) -> Row {
    let mut row: Row = vec![
        ("key".into(), Prop::Str(e.key.clone())),
        ("relation".into(), Prop::Str(e.relation.clone())),
    ];
    push_attrs(&mut row, &e.attrs, EDGE_FIELDS, None);
    row.push((
        "evidence".into(),
        Prop::Str(serde_json::to_string(&e.evidence).expect("evidence serialises")),
    ));
    row
}

/// The columns of a set of rows: every name that occurs, in order of first
/// appearance (rows come sorted by id, so the order is stable), typed by the
/// narrowest kind all its values fit.
pub fn columns<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    for row in rows {
        for (name, p) in row {
            match cols.iter_mut().find(|c| &c.name == name) {
                Some(c) => c.kind = c.kind.join(Kind::of(p)),
                None => cols.push(Column {
                    name: name.clone(),
                    kind: Kind::of(p),
                }),
            }
        }
    }
    cols
}

/// The value of `column` in `row`, if it has one.
pub fn get<'r>(row: &'r Row, column: &str) -> Option<&'r Prop> {
    row.iter().find(|(n, _)| n == column).map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(attrs: Value) -> WireNode {
        WireNode {
            id: "event:x".into(),
            kind: "event".into(),
            name: "县政府召开会议".into(),
            aliases: vec!["会议".into()],
            attrs: attrs.as_object().unwrap().clone(),
            mentions: vec![],
        }
    }

    #[test]
    fn props_node_row_flattens_and_renames_clashing_attrs() {
        let row = node_row(&node(json!({
            "name": "县政府召开会议", "date": "10-24", "weight": 2,
            "type": "meeting", "place": null, "extra": {"a": 1}
        })));
        let names: Vec<&str> = row.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "name",
                "aliases",
                "date",
                "weight",
                "attr_type",
                "extra",
                "mentions"
            ]
        );
        assert_eq!(get(&row, "weight"), Some(&Prop::Int(2)));
        assert_eq!(get(&row, "extra"), Some(&Prop::Str("{\"a\":1}".into())));
        assert_eq!(get(&row, "aliases").unwrap().text(), "会议");
    }

    #[test]
    fn props_columns_take_the_narrowest_common_kind() {
        let a: Row = vec![("w".into(), Prop::Int(1)), ("x".into(), Prop::Int(1))];
        let b: Row = vec![
            ("w".into(), Prop::Float(0.5)),
            ("x".into(), Prop::Str("y".into())),
        ];
        let cols = columns([&a, &b]);
        assert_eq!(cols[0].kind, Kind::Float);
        assert_eq!(cols[1].kind, Kind::Str);
    }
}
