//! How node types and relations look, and how nodes are labelled: shared by
//! the pictures (DOT, the HTML page) and by Gephi's colours (GEXF), so a type
//! has one shape and one colour in every output.

use super::json::WireNode;

/// The look of one node type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeLook {
    /// The node type it applies to (`person`, `place`, ...).
    pub kind: &'static str,
    /// Graphviz shape.
    pub dot_shape: &'static str,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
    /// Border colour, `#rrggbb`.
    pub border: &'static str,
}

/// Node looks in legend order; types not listed get [`OTHER_NODE`].
pub const NODE_LOOKS: &[NodeLook] = &[
    NodeLook {
        kind: "person",
        dot_shape: "ellipse",
        fill: "#fde2a8",
        border: "#b7791f",
    },
    NodeLook {
        kind: "event",
        dot_shape: "diamond",
        fill: "#f8bbd0",
        border: "#ad1457",
    },
    NodeLook {
        kind: "agency",
        dot_shape: "box",
        fill: "#bbdefb",
        border: "#1565c0",
    },
    NodeLook {
        kind: "place",
        dot_shape: "house",
        fill: "#c8e6c9",
        border: "#2e7d32",
    },
    NodeLook {
        kind: "article",
        dot_shape: "note",
        fill: "#eeeeee",
        border: "#616161",
    },
    NodeLook {
        kind: "document",
        dot_shape: "folder",
        fill: "#e0e0e0",
        border: "#424242",
    },
];

/// The look of a node type govgraph does not know (a newer graph.json).
pub const OTHER_NODE: NodeLook = NodeLook {
    kind: "other",
    dot_shape: "circle",
    fill: "#ffffff",
    border: "#616161",
};

/// The look of a node type.
pub fn node_look(kind: &str) -> &'static NodeLook {
    NODE_LOOKS
        .iter()
        .find(|l| l.kind == kind)
        .unwrap_or(&OTHER_NODE)
}

/// The look of one relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeLook {
    /// The relation it applies to.
    pub relation: &'static str,
    /// Line colour, `#rrggbb`.
    pub color: &'static str,
    /// Graphviz line style: solid, dashed, dotted.
    pub dot_style: &'static str,
    /// Who-did-what relations carry their label even in large pictures;
    /// structural ones (the place hierarchy, jurisdictions) only in small ones.
    pub always_labelled: bool,
}

/// Relation looks in legend order; relations not listed get [`OTHER_EDGE`].
pub const EDGE_LOOKS: &[EdgeLook] = &[
    EdgeLook {
        relation: "participated_in",
        color: "#ad1457",
        dot_style: "solid",
        always_labelled: true,
    },
    EdgeLook {
        relation: "organized",
        color: "#1565c0",
        dot_style: "solid",
        always_labelled: true,
    },
    EdgeLook {
        relation: "located_in",
        color: "#2e7d32",
        dot_style: "solid",
        always_labelled: false,
    },
    EdgeLook {
        relation: "holds_office_in",
        color: "#b7791f",
        dot_style: "solid",
        always_labelled: false,
    },
    EdgeLook {
        relation: "jurisdiction",
        color: "#64b5f6",
        dot_style: "dashed",
        always_labelled: false,
    },
    EdgeLook {
        relation: "part_of",
        color: "#9e9e9e",
        dot_style: "dotted",
        always_labelled: false,
    },
    EdgeLook {
        relation: "reported",
        color: "#8d6e63",
        dot_style: "dashed",
        always_labelled: false,
    },
    EdgeLook {
        relation: "mentions",
        color: "#bdbdbd",
        dot_style: "dotted",
        always_labelled: false,
    },
    EdgeLook {
        relation: "contains",
        color: "#757575",
        dot_style: "dotted",
        always_labelled: false,
    },
];

/// The look of a relation govgraph does not know.
pub const OTHER_EDGE: EdgeLook = EdgeLook {
    relation: "other",
    color: "#757575",
    dot_style: "solid",
    always_labelled: false,
};

/// The look of a relation.
pub fn edge_look(relation: &str) -> &'static EdgeLook {
    EDGE_LOOKS
        .iter()
        .find(|l| l.relation == relation)
        .unwrap_or(&OTHER_EDGE)
}

/// A `#rrggbb` colour as (r, g, b); black when malformed.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim_start_matches('#');
    let part = |i: usize| {
        h.get(i..i + 2)
            .and_then(|p| u8::from_str_radix(p, 16).ok())
            .unwrap_or(0)
    };
    (part(0), part(2), part(4))
}

/// A person's main title: the title printed most often with them; on a tie,
/// the one printed last, because in a chain like 县委常委、常务副县长 the
/// title nearest the name is the post, the earlier ones are ranks.
pub fn main_title(node: &WireNode) -> Option<&str> {
    let titles = node.attrs.get("titles")?.as_array()?;
    let mut best: Option<(&str, usize)> = None;
    for t in titles.iter().filter_map(|t| t.get("title")?.as_str()) {
        let count = titles
            .iter()
            .filter(|o| o.get("title").and_then(|v| v.as_str()) == Some(t))
            .count();
        // `>=` lets a later title with the same count win the tie.
        if best.is_none_or(|(_, c)| count >= c) {
            best = Some((t, count));
        }
    }
    best.map(|(t, _)| t)
}

/// An event's date as written in graph.json (`YYYY-MM-DD` or `MM-DD`).
pub fn event_date(node: &WireNode) -> Option<&str> {
    if node.kind != "event" {
        return None;
    }
    node.attrs
        .get("date")
        .and_then(|v| v.as_str())
        .filter(|d| !d.is_empty())
}

/// The second label line of a node: a person's main title, an event's date.
pub fn subtitle(node: &WireNode) -> Option<&str> {
    match node.kind.as_str() {
        "person" => main_title(node),
        "event" => event_date(node),
        _ => None,
    }
}

/// Each event's headline: the name of the article its first mention is in,
/// without Markdown `#` marks. An event's own name is the clause it was
/// read from, often cut off (由市政协、市农业农村局组成的调研组); the
/// headline says what happened. Events without a mention, or whose article
/// has no headline, are not listed.
pub fn event_headlines(g: &super::json::GraphFile) -> std::collections::BTreeMap<String, String> {
    let articles: std::collections::HashMap<(&str, u64), &str> = g
        .nodes
        .iter()
        .filter(|n| n.kind == "article")
        .filter_map(|n| {
            let doc = n.attrs.get("doc")?.as_str()?;
            let index = n.attrs.get("index")?.as_u64()?;
            Some(((doc, index), display_name(n)))
        })
        .filter(|(_, h)| !h.is_empty())
        .collect();
    g.nodes
        .iter()
        .filter(|n| n.kind == "event")
        .filter_map(|n| {
            let m = n.mentions.first()?;
            let h = articles.get(&(m.doc.as_str(), m.article as u64))?;
            Some((n.id.clone(), h.to_string()))
        })
        .collect()
}

/// The name to show: article headlines lose their Markdown `#` marks.
pub fn display_name(node: &WireNode) -> &str {
    if node.kind == "article" {
        node.name.trim_start_matches('#').trim_start()
    } else {
        &node.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(titles: &[&str]) -> WireNode {
        let titles: Vec<_> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"title": t, "doc": "a.txt", "article": 0, "start": i, "end": i + 1}))
            .collect();
        WireNode {
            id: "person:x".into(),
            kind: "person".into(),
            name: "黄振东".into(),
            aliases: vec![],
            attrs: json!({ "titles": titles }).as_object().unwrap().clone(),
            mentions: vec![],
        }
    }

    #[test]
    fn style_main_title_prefers_most_frequent_then_last() {
        assert_eq!(
            main_title(&person(&["县委常委", "常务副县长", "县委常委"])),
            Some("县委常委")
        );
        assert_eq!(
            main_title(&person(&["县委常委", "常务副县长"])),
            Some("常务副县长")
        );
        assert_eq!(main_title(&person(&[])), None);
    }

    #[test]
    fn style_unknown_kinds_get_fallback_looks() {
        assert_eq!(node_look("person").dot_shape, "ellipse");
        assert_eq!(node_look("planet"), &OTHER_NODE);
        assert_eq!(edge_look("befriended"), &OTHER_EDGE);
        assert_eq!(rgb("#ad1457"), (0xad, 0x14, 0x57));
        assert_eq!(rgb("#zzzzzz"), (0, 0, 0));
    }
}
