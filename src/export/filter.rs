//! Subgraphs for export: the who-did-what around one official, one county,
//! one month.
//!
//! [`select`] takes a [`GraphFile`] and a [`Selection`] and returns a
//! smaller [`GraphFile`] that is itself a valid graph.json (every edge's ends
//! are kept nodes; order and fields unchanged), so every format can export
//! a subgraph. The steps, in order:
//!
//! 1. `types`: keep nodes of these types (the focus is always kept).
//! 2. `relations`: keep edges of these relations; `min_weight`: drop edges
//!    whose `attrs.weight` (1 when absent) is lower.
//! 3. `window` (`--from`/`--to`): keep events dated inside the window and
//!    the non-event nodes linked to a kept event. An event whose date
//!    cannot be placed in the window (no year, no date, a month across a
//!    bound) is dropped, as `query` does
//!    ([`crate::model::dates::date_in_window`]; [`undatable_events`] counts
//!    them).
//! 4. `focus` + `depth`: keep what lies within `depth` edges of the focus,
//!    following edges both ways. Articles and documents are reached but not
//!    walked through (unless one is the focus): they link everything one
//!    page mentions, which is provenance, not who-did-what
//!    ([`crate::model::steps_through`]).
//! 5. With `min_weight`, nodes left without an edge are dropped too.

use super::json::GraphFile;
use super::ExportError;
use crate::model::dates::Window;
use crate::model::lookup::{Candidate, LookupError, Typed};
use crate::model::{steps_through, NodeType, Relation};
use std::collections::{BTreeSet, VecDeque};

/// What to keep. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Id, name or alias of the node to centre on.
    pub focus: Option<String>,
    /// How many edges away from the focus to go.
    pub depth: usize,
    /// Node types to keep (`None`: all).
    pub types: Option<BTreeSet<NodeType>>,
    /// Relations to keep (`None`: all).
    pub relations: Option<BTreeSet<Relation>>,
    /// The event window (`--from`/`--to`).
    pub window: Window,
    /// Lowest edge weight kept.
    pub min_weight: Option<f64>,
}

/// Events of `g` that `sel`'s window leaves out because their date cannot
/// be placed in it ([`crate::model::dates::date_in_window`] is `None`); 0 without a window.
pub fn undatable_events(g: &GraphFile, sel: &Selection) -> usize {
    if sel.window.is_open() {
        return 0;
    }
    g.nodes
        .iter()
        .filter(|n| n.kind == "event")
        .filter(|n| sel.window.contains(super::style::event_date(n)).is_none())
        .count()
}

/// A node as a candidate of a lookup: its id, type, name, jurisdiction
/// (attrs.jurisdiction, else key, else code) and its number of edges.
pub fn candidate(g: &GraphFile, i: usize) -> Candidate {
    let n = &g.nodes[i];
    let text = |k: &str| {
        n.attrs.get(k).and_then(|v| match v {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Number(x) => Some(x.to_string()),
            _ => None,
        })
    };
    Candidate {
        id: n.id.clone(),
        kind: n.kind.clone(),
        name: n.name.clone(),
        jurisdiction: text("jurisdiction")
            .or_else(|| text("key"))
            .or_else(|| text("code")),
        degree: g
            .edges
            .iter()
            .filter(|e| e.source == n.id || e.target == n.id)
            .count() as u32,
    }
}

/// Find the node `entity` names: an exact id first, else every node whose
/// name or an alias equals it.
///
/// Returns its index in `g.nodes`; [`LookupError::Ambiguous`] listing the
/// candidates when several match, [`LookupError::NotFound`] (with entities
/// whose names contain `entity`, as suggestions) when none does.
pub fn resolve(g: &GraphFile, entity: &str) -> Result<usize, ExportError> {
    // Names match as `query` matches them (the graph holds normalised names).
    let typed = Typed::new(entity);
    if let Some(i) = typed
        .ids()
        .into_iter()
        .find_map(|id| g.nodes.iter().position(|n| n.id == id))
    {
        return Ok(i);
    }
    let entity = typed.norm.as_str();
    let hits: Vec<usize> = (0..g.nodes.len())
        .filter(|&i| {
            let n = &g.nodes[i];
            !entity.is_empty() && (n.name == entity || n.aliases.iter().any(|a| a == entity))
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => {
            // Entities only: headlines and event names are whole clauses.
            let suggestions = (0..g.nodes.len())
                .filter(|&i| matches!(g.nodes[i].kind.as_str(), "person" | "place" | "agency"))
                .filter(|&i| g.nodes[i].name.contains(entity) && !entity.is_empty())
                .take(10)
                .map(|i| candidate(g, i))
                .collect();
            Err(LookupError::NotFound {
                what: format!("no entity is named {entity:?}"),
                suggestions,
            }
            .into())
        }
        many => Err(LookupError::Ambiguous {
            name: entity.to_string(),
            candidates: many.iter().map(|&i| candidate(g, i)).collect(),
        }
        .into()),
    }
}

fn weight(e: &super::json::WireEdge) -> f64 {
    e.attrs
        .get("weight")
        .and_then(|v| v.as_f64())
        .unwrap_or(1.0)
}

/// Check that every edge's ends are nodes of the graph; the reason when not.
pub fn check(g: &GraphFile) -> Result<(), String> {
    let ids: std::collections::HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    for (i, e) in g.edges.iter().enumerate() {
        for end in [&e.source, &e.target] {
            if !ids.contains(end.as_str()) {
                return Err(format!("edge {i} names unknown node {end:?}"));
            }
        }
    }
    Ok(())
}

/// The subgraph `sel` asks for (see the module docs for the steps).
///
/// Returns [`ExportError::Lookup`] when the
/// focus does not name exactly one node. Complexity: O(V + E) after
/// resolving the focus.
pub fn select(g: &GraphFile, sel: &Selection) -> Result<GraphFile, ExportError> {
    let focus = sel.focus.as_deref().map(|f| resolve(g, f)).transpose()?;
    Ok(select_at(g, sel, focus))
}

/// Node types a picture draws when `--types` is not given: the who-did-what
/// layer, people, the agencies they act for and the events. Documents and
/// articles are provenance and would link everything; places are the
/// administrative frame (every agency has a jurisdiction spoke to one, and
/// part_of chains climb to the province), which crowds out who did what.
/// An event's place is printed on its label instead.
pub const PICTURE_TYPES: [NodeType; 3] = [NodeType::Person, NodeType::Agency, NodeType::Event];

/// [`PICTURE_TYPES`] as a set, for [`Selection::types`].
pub fn picture_types() -> BTreeSet<NodeType> {
    PICTURE_TYPES.into_iter().collect()
}

/// Relations a picture draws when `--relations` is not given: who took part
/// in or organised an event, who holds office where, and where an event
/// was held (when places are asked for with `--types`); never the
/// jurisdiction spokes or part_of chains.
pub const PICTURE_RELATIONS: [Relation; 4] = [
    Relation::HoldsOfficeIn,
    Relation::LocatedIn,
    Relation::Organized,
    Relation::ParticipatedIn,
];

/// [`PICTURE_RELATIONS`] as a set, for [`Selection::relations`].
pub fn picture_relations() -> BTreeSet<Relation> {
    PICTURE_RELATIONS.into_iter().collect()
}

/// What a picture of `g` draws: `g` without the nodes that have no edge
/// (a name alone says nothing about who did what), except `keep`.
pub fn picture(g: &GraphFile, keep: Option<&str>) -> GraphFile {
    let linked: std::collections::HashSet<&str> = g
        .edges
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .chain(keep)
        .collect();
    GraphFile {
        nodes: g
            .nodes
            .iter()
            .filter(|n| linked.contains(n.id.as_str()))
            .cloned()
            .collect(),
        ..g.clone()
    }
}

/// [`select`] with the focus already resolved to a node index.
pub fn select_at(g: &GraphFile, sel: &Selection, focus: Option<usize>) -> GraphFile {
    let index = g.node_positions();
    let ends: Vec<(usize, usize)> = g
        .edges
        .iter()
        .map(|e| (index[e.source.as_str()], index[e.target.as_str()]))
        .collect();
    let is_focus = |i: usize| focus == Some(i);

    // 1. Types.
    let mut keep: Vec<bool> = (0..g.nodes.len())
        .map(|i| {
            is_focus(i)
                || sel
                    .types
                    .as_ref()
                    .is_none_or(|t| g.nodes[i].node_type().is_some_and(|k| t.contains(&k)))
        })
        .collect();
    // 2. Relations and weights.
    let strong: Vec<bool> =
        g.edges
            .iter()
            .map(|e| {
                sel.min_weight.is_none_or(|w| weight(e) >= w)
                    && sel.relations.as_ref().is_none_or(|r| {
                        Relation::parse(&e.relation).is_some_and(|x| r.contains(&x))
                    })
            })
            .collect();
    let live = |keep: &[bool], k: usize| strong[k] && keep[ends[k].0] && keep[ends[k].1];

    // 3. The event window.
    if !sel.window.is_open() {
        for (i, n) in g.nodes.iter().enumerate() {
            if n.kind == "event" && !is_focus(i) {
                let date = super::style::event_date(n);
                keep[i] = keep[i] && sel.window.contains(date) == Some(true);
            }
        }
        let mut linked = vec![false; g.nodes.len()];
        for (k, &(s, t)) in ends.iter().enumerate() {
            if live(&keep, k) {
                for (a, b) in [(s, t), (t, s)] {
                    if g.nodes[b].kind == "event" {
                        linked[a] = true;
                    }
                }
            }
        }
        for (i, n) in g.nodes.iter().enumerate() {
            if n.kind != "event" && !is_focus(i) {
                keep[i] = keep[i] && linked[i];
            }
        }
    }

    // 4. The neighbourhood of the focus.
    if let Some(f) = focus {
        let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); g.nodes.len()];
        for (k, &(s, t)) in ends.iter().enumerate() {
            if live(&keep, k) {
                adjacent[s].push(t);
                adjacent[t].push(s);
            }
        }
        let mut dist: Vec<Option<usize>> = vec![None; g.nodes.len()];
        dist[f] = Some(0);
        let mut queue = VecDeque::from([f]);
        while let Some(i) = queue.pop_front() {
            let d = dist[i].expect("queued nodes have a distance");
            if d == sel.depth || (i != f && !steps_through(g.nodes[i].node_type())) {
                continue;
            }
            for &j in &adjacent[i] {
                if dist[j].is_none() {
                    dist[j] = Some(d + 1);
                    queue.push_back(j);
                }
            }
        }
        for (i, k) in keep.iter_mut().enumerate() {
            *k = dist[i].is_some();
        }
    }

    let mut edge_keep: Vec<bool> = (0..g.edges.len()).map(|k| live(&keep, k)).collect();
    // 5. Nodes only weak edges held.
    if sel.min_weight.is_some() {
        let mut touched = vec![false; g.nodes.len()];
        for (k, &(s, t)) in ends.iter().enumerate() {
            if edge_keep[k] {
                touched[s] = true;
                touched[t] = true;
            }
        }
        for (i, k) in keep.iter_mut().enumerate() {
            *k = *k && (touched[i] || is_focus(i));
        }
        edge_keep = (0..g.edges.len()).map(|k| live(&keep, k)).collect();
    }

    GraphFile {
        directed: g.directed,
        multigraph: g.multigraph,
        graph: g.graph.clone(),
        nodes: g
            .nodes
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(n, _)| n.clone())
            .collect(),
        edges: g
            .edges
            .iter()
            .zip(&edge_keep)
            .filter(|(_, &k)| k)
            .map(|(e, _)| e.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::fixtures::{edge, graph, node};
    use serde_json::json;

    /// Two officials at two meetings a month apart, one place, one article.
    fn sample() -> GraphFile {
        let mut g = graph(
            vec![
                node("article:a.txt#0", "### 会议", json!({})),
                node("event:e1", "常务会议", json!({"date": "2018-10-24"})),
                node("event:e2", "调研", json!({"date": "11-02"})),
                node("person:p1", "黄振东", json!({})),
                node("person:p2", "陈丽娟", json!({})),
                node("person:p3", "陈丽娟", json!({})),
                node("place:1", "沁县", json!({})),
            ],
            vec![
                edge("article:a.txt#0", "person:p1", "mentions", 1),
                edge("article:a.txt#0", "person:p3", "mentions", 1),
                edge("event:e1", "place:1", "located_in", 1),
                edge("person:p1", "event:e1", "participated_in", 2),
                edge("person:p1", "event:e2", "participated_in", 1),
                edge("person:p2", "event:e2", "participated_in", 1),
            ],
        );
        g.graph.documents = vec!["a.txt".into()];
        g.graph.articles = 1;
        g
    }

    fn ids(g: &GraphFile) -> Vec<&str> {
        g.nodes.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn filter_default_keeps_everything() {
        let g = sample();
        let s = select(&g, &Selection::default()).unwrap();
        assert_eq!(s.nodes.len(), g.nodes.len());
        assert_eq!(s.edges.len(), g.edges.len());
    }

    #[test]
    fn filter_focus_walks_depth_but_not_through_articles() {
        let g = sample();
        let sel = |depth| Selection {
            focus: Some("黄振东".into()),
            depth,
            ..Default::default()
        };
        assert_eq!(
            ids(&select(&g, &sel(1)).unwrap()),
            ["article:a.txt#0", "event:e1", "event:e2", "person:p1"]
        );
        // Depth 2 reaches p2 through e2, but not p3 through the article.
        let two = select(&g, &sel(2)).unwrap();
        assert!(ids(&two).contains(&"person:p2"));
        assert!(!ids(&two).contains(&"person:p3"));
        assert!(check(&two).is_ok());
    }

    #[test]
    fn filter_focus_ambiguous_and_unknown_names() {
        let g = sample();
        match resolve(&g, "陈丽娟") {
            Err(ExportError::Lookup(LookupError::Ambiguous { candidates, .. })) => {
                assert_eq!(candidates.len(), 2);
                assert_eq!(candidates[0].id, "person:p2");
            }
            other => panic!("{other:?}"),
        }
        match resolve(&g, "丽娟") {
            Err(ExportError::Lookup(e @ LookupError::NotFound { .. })) => {
                assert_eq!(e.exit_code(), 5);
                let LookupError::NotFound { suggestions, .. } = e else {
                    unreachable!()
                };
                // Both entities of that name, each with its id.
                let ids: Vec<&str> = suggestions.iter().map(|c| c.id.as_str()).collect();
                assert_eq!(ids, ["person:p2", "person:p3"]);
                assert!(suggestions.iter().all(|c| c.name == "陈丽娟"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve(&g, "person:p3").unwrap(), 5);
    }

    #[test]
    fn filter_types_keep_focus_and_drop_dangling_edges() {
        let g = sample();
        let s = select(
            &g,
            &Selection {
                focus: Some("place:1".into()),
                depth: 3,
                types: Some([NodeType::Event].into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&s), ["event:e1", "place:1"]);
        assert_eq!(s.edges.len(), 1);
    }

    #[test]
    fn filter_window_keeps_events_and_their_neighbours() {
        let g = sample();
        let oct = Selection {
            window: Window::parse(Some("2018-10"), Some("2018-10")).unwrap(),
            ..Default::default()
        };
        assert_eq!(
            ids(&select(&g, &oct).unwrap()),
            ["event:e1", "person:p1", "place:1"]
        );
        // "11-02" has no year: it cannot be placed in November 2018, so it
        // is left out (as `query` leaves it out), and counted.
        let nov = Selection {
            window: Window {
                from: Some((2018, 11, 1)),
                to: Some((2018, 11, 30)),
            },
            ..Default::default()
        };
        assert!(ids(&select(&g, &nov).unwrap()).is_empty());
        assert_eq!(undatable_events(&g, &nov), 1);
        assert_eq!(undatable_events(&g, &Selection::default()), 0);
    }

    #[test]
    fn filter_min_weight_drops_weak_edges_and_orphans() {
        let g = sample();
        let s = select(
            &g,
            &Selection {
                min_weight: Some(2.0),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&s), ["event:e1", "person:p1"]);
        assert_eq!(s.edges.len(), 1);
    }

    #[test]
    fn filter_check_finds_dangling_edges() {
        let mut g = sample();
        assert!(check(&g).is_ok());
        g.edges
            .push(edge("person:p1", "place:nowhere", "part_of", 1));
        assert!(check(&g).unwrap_err().contains("place:nowhere"));
    }
}
