//! One self-contained HTML page to explore a graph offline: a force layout,
//! search by name, click a node to highlight its neighbours, click an edge
//! to read its evidence sentence.
//!
//! The page makes no network request: its CSS and JavaScript (written for
//! govgraph, no library: `assets/html/`) are inlined, and the graph is a
//! JSON block in the page. graph.json cites evidence by offsets only; when
//! the caller hands in the pages' texts ([`PageTexts`]), each evidence's
//! sentence is embedded; otherwise the page shows document, article
//! headline and offsets. Layout runs in the browser from a fixed start, so
//! the file's bytes depend on the graph only.

use super::evidence::PageTexts;
use super::json::{GraphFile, WireNode};
use super::style;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

const TEMPLATE: &str = include_str!("../../assets/html/page.html");
const CSS: &str = include_str!("../../assets/html/graph.css");
const JS: &str = include_str!("../../assets/html/graph.js");

/// What the page shows besides the graph.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// Page title.
    pub title: String,
    /// Id of the node highlighted when the page opens.
    pub focus: Option<String>,
    /// Headlines of articles by (document, article index), for evidence.
    pub headlines: HashMap<(String, usize), String>,
    /// Page texts, for evidence sentences.
    pub pages: PageTexts,
}

impl HtmlOptions {
    /// Options with the article headlines found in `g` (whose article nodes
    /// carry `attrs.doc`, `attrs.index` and the headline as name).
    pub fn with_headlines_of(g: &GraphFile) -> HtmlOptions {
        let headlines = g
            .nodes
            .iter()
            .filter(|n| n.kind == "article")
            .filter_map(|n| {
                let doc = n.attrs.get("doc")?.as_str()?.to_string();
                let index = n.attrs.get("index")?.as_u64()? as usize;
                let headline = style::display_name(n);
                (!headline.is_empty()).then(|| ((doc, index), headline.to_string()))
            })
            .collect();
        HtmlOptions {
            headlines,
            ..Default::default()
        }
    }

    /// Headlines as printed, from [`HtmlOptions::pages`]: an article's
    /// first line where the page holds it (its normalised form is the
    /// article's name in `g`); others are left as they are.
    pub fn headlines_as_printed(&mut self, g: &GraphFile) {
        for n in g.nodes.iter().filter(|n| n.kind == "article") {
            let doc = n.attrs.get("doc").and_then(|v| v.as_str());
            let index = n.attrs.get("index").and_then(|v| v.as_u64());
            let start = n.attrs.get("start").and_then(|v| v.as_u64());
            let (Some(doc), Some(index), Some(start)) = (doc, index, start) else {
                continue;
            };
            let Some(line) = self.pages.printed_line(doc, start as usize) else {
                continue;
            };
            if crate::text::normalize(&line) == n.name {
                let shown = line.trim_start_matches('#').trim_start().to_string();
                if !shown.is_empty() {
                    self.headlines
                        .insert((doc.to_string(), index as usize), shown);
                }
            }
        }
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Facts shown in a node's panel: its scalar attrs, a person's titles.
fn node_info(n: &WireNode) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for (k, v) in &n.attrs {
        match (k.as_str(), v) {
            ("titles", Value::Array(ts)) => {
                let mut seen: Vec<&str> = Vec::new();
                for t in ts.iter().filter_map(|t| t.get("title")?.as_str()) {
                    if !seen.contains(&t) {
                        seen.push(t);
                    }
                }
                if !seen.is_empty() {
                    rows.push(("titles".into(), seen.join("、")));
                }
            }
            ("key", _) | (_, Value::Null) => {}
            (_, Value::String(s)) if s.is_empty() => {}
            (_, Value::String(s)) => rows.push((k.clone(), s.clone())),
            (_, Value::Number(_) | Value::Bool(_)) => rows.push((k.clone(), v.to_string())),
            _ => {}
        }
    }
    let docs: std::collections::BTreeSet<&str> =
        n.mentions.iter().map(|m| m.doc.as_str()).collect();
    if !n.mentions.is_empty() {
        rows.push((
            "mentions".into(),
            format!(
                "{} in {}",
                n.mentions.len(),
                docs.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    rows
}

/// The graph as the page's JSON.
fn page_data(g: &GraphFile, opts: &HtmlOptions) -> Value {
    let index = g.node_positions();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &g.nodes {
        *kinds.entry(&n.kind).or_default() += 1;
    }
    let mut relations: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &g.edges {
        *relations.entry(&e.relation).or_default() += 1;
    }
    // Legend order follows the style tables; unknown kinds come last.
    let rank_node = |k: &str| {
        style::NODE_LOOKS
            .iter()
            .position(|l| l.kind == k)
            .unwrap_or(usize::MAX)
    };
    let rank_edge = |r: &str| {
        style::EDGE_LOOKS
            .iter()
            .position(|l| l.relation == r)
            .unwrap_or(usize::MAX)
    };
    let mut kind_list: Vec<(&str, usize)> = kinds.into_iter().collect();
    kind_list.sort_by_key(|(k, _)| (rank_node(k), *k));
    let mut rel_list: Vec<(&str, usize)> = relations.into_iter().collect();
    rel_list.sort_by_key(|(r, _)| (rank_edge(r), *r));
    let types: Vec<Value> = kind_list
        .iter()
        .map(|(k, count)| {
            let l = style::node_look(k);
            json!({"kind": k, "fill": l.fill, "border": l.border, "count": count})
        })
        .collect();
    let rels: Vec<Value> = rel_list
        .iter()
        .map(|(r, count)| {
            let l = style::edge_look(r);
            let dash = match l.dot_style {
                "dashed" => "6 3",
                "dotted" => "2 3",
                _ => "",
            };
            json!({"relation": r, "color": l.color, "dash": dash, "count": count})
        })
        .collect();
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| {
            // An event is named by its article's headline, as in the other
            // pictures; the clause it was read from stays searchable.
            let headline = (n.kind == "event")
                .then(|| n.mentions.first())
                .flatten()
                .and_then(|m| opts.headlines.get(&(m.doc.clone(), m.article)));
            let name = headline.map_or(style::display_name(n), String::as_str);
            let short: String = {
                let mut s: String = name.chars().take(16).collect();
                if name.chars().count() > 16 {
                    s.push('…');
                }
                s
            };
            let mut aliases = n.aliases.clone();
            if headline.is_some() {
                aliases.insert(0, n.name.clone());
            }
            json!({
                "id": n.id,
                "type": n.kind,
                "name": name,
                "short": short,
                "sub": style::subtitle(n),
                "aliases": aliases,
                "info": node_info(n),
            })
        })
        .collect();
    let edges: Vec<Value> = g
        .edges
        .iter()
        .map(|e| {
            let (s, t) = (index[e.source.as_str()], index[e.target.as_str()]);
            let role = e.attrs.get("role").and_then(|v| v.as_str());
            let date = [s, t].iter().find_map(|&i| style::event_date(&g.nodes[i]));
            let mut label = role.unwrap_or(&e.relation).to_string();
            if let Some(d) = date {
                label = format!("{label} {d}");
            }
            let ev: Vec<Value> = e
                .evidence
                .iter()
                .map(|v| {
                    let mut m = Map::new();
                    m.insert("doc".into(), json!(v.doc));
                    m.insert("article".into(), json!(v.article));
                    m.insert("start".into(), json!(v.start));
                    m.insert("end".into(), json!(v.end));
                    if let Some(h) = opts.headlines.get(&(v.doc.clone(), v.article)) {
                        m.insert("headline".into(), json!(h));
                    }
                    if let Some(sn) = opts.pages.snippet(v) {
                        m.insert("before".into(), json!(sn.before));
                        m.insert("text".into(), json!(sn.text));
                        m.insert("after".into(), json!(sn.after));
                    }
                    Value::Object(m)
                })
                .collect();
            json!({
                "s": s, "t": t, "rel": e.relation, "key": e.key,
                "role": role, "date": date, "label": label,
                "weight": e.attrs.get("weight").cloned().unwrap_or(json!(1)),
                "ev": ev,
            })
        })
        .collect();
    json!({
        "title": opts.title,
        "focus": opts.focus,
        "types": types,
        "relations": rels,
        "nodes": nodes,
        "edges": edges,
    })
}

/// Fill `{{NAME}}` slots of the template in one pass, so text put into one
/// slot is never read as another slot.
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| {
            slots
                .iter()
                .find(|(k, _)| *k == &after[..end])
                .map(|s| (end, s.1))
        }) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page for a graph.
pub fn to_html(g: &GraphFile, opts: &HtmlOptions) -> String {
    // `<` as \u003c: the JSON can never close its <script> element.
    let data = serde_json::to_string(&page_data(g, opts))
        .expect("page data serialises")
        .replace('<', "\\u003c");
    fill(
        TEMPLATE,
        &[
            ("TITLE", &escape_html(&opts.title)),
            ("CSS", CSS),
            ("JS", JS),
            ("DATA", &data),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_fill_is_single_pass() {
        let out = fill("<{{A}}|{{B}}|{{C}}>", &[("A", "{{B}}"), ("B", "b")]);
        assert_eq!(out, "<{{B}}|b|{{C}}>");
    }

    #[test]
    fn html_page_has_no_network_reference() {
        for asset in [TEMPLATE, CSS, JS] {
            for needle in ["http://", "https://", "src=", "@import", "fetch("] {
                let bad = asset.match_indices(needle).any(|(i, _)| {
                    // The SVG namespace and the XML namespace name are identifiers, not fetches.
                    !asset[i..].starts_with("http://www.w3.org/2000/svg")
                });
                assert!(!bad, "asset refers to {needle}");
            }
        }
    }

    #[test]
    fn html_escapes_script_closers_in_data() {
        let g = crate::export::json::fixtures::graph(
            vec![crate::export::json::fixtures::node(
                "person:</script>",
                "</script><b>",
                serde_json::json!({}),
            )],
            vec![],
        );
        let page = to_html(&g, &HtmlOptions::default());
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the page's own closers"
        );
    }
}
