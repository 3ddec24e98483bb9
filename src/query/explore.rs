//! `find`, `show`, `neighbors` and `stats`: looking around one entity.

use super::evidence::{Pages, Quote};
use super::lookup::Candidate;
use super::table::Table;
use super::{QueryError, QueryGraph};
use crate::model::NodeType;
use crate::text::normalize;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A node as printed: id, type, name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NodeRef {
    /// Node id.
    pub id: String,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
}

/// One name matching `find`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindHit {
    /// The entity.
    #[serde(flatten)]
    pub candidate: Candidate,
    /// The name or alias that contains the text.
    pub matched: String,
    /// True when `matched` is an alias.
    pub alias: bool,
    /// A person's title: the one `--title` matched, else the main title
    /// (printed most often).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The answer to `find`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindResult {
    /// The text searched for (normalised).
    pub text: String,
    /// How many entities match in all.
    pub total: usize,
    /// The first of them: exact matches, then by degree, then id.
    pub hits: Vec<FindHit>,
}

impl FindResult {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["name", "type", "title", "jurisdiction", "degree", "id"]);
        for h in &self.hits {
            let c = &h.candidate;
            let name = if h.alias {
                format!("{} (alias {})", c.name, h.matched)
            } else {
                c.name.clone()
            };
            t.row(vec![
                name,
                c.kind.clone(),
                h.title.clone().unwrap_or_default(),
                c.jurisdiction.clone().unwrap_or_default(),
                c.degree.to_string(),
                c.id.clone(),
            ]);
        }
        if self.total > self.hits.len() {
            t.notes.push(format!(
                "{} of {} shown (--limit 0 shows all)",
                self.hits.len(),
                self.total
            ));
        }
        t
    }
}

impl FindResult {
    /// As CSV for a spreadsheet: every hit listed (name, type, title,
    /// jurisdiction, degree, id, the alias matched).
    pub fn to_csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .hits
            .iter()
            .map(|h| {
                let c = &h.candidate;
                vec![
                    c.name.clone(),
                    c.kind.clone(),
                    h.title.clone().unwrap_or_default(),
                    c.jurisdiction.clone().unwrap_or_default(),
                    c.degree.to_string(),
                    c.id.clone(),
                    if h.alias {
                        h.matched.clone()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        super::table::csv(
            &[
                "name",
                "type",
                "title",
                "jurisdiction",
                "degree",
                "id",
                "alias",
            ],
            &rows,
        )
    }
}

/// A title with where it was printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleRow {
    /// The title.
    pub title: String,
    /// Where.
    pub evidence: Quote,
}

/// Counts of an entity's links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Degree {
    /// Distinct neighbours in the entity graph.
    pub neighbors: u32,
    /// Incident edges per relation and direction (`participated_in→`,
    /// `organized←`), all relations included.
    pub edges: BTreeMap<String, usize>,
    /// Mentions in the pages.
    pub mentions: usize,
    /// Distinct articles mentioning it.
    pub articles: usize,
}

/// The answer to `show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Show {
    /// The entity.
    #[serde(flatten)]
    pub node: NodeRef,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Attributes except titles.
    pub attrs: Map<String, Value>,
    /// Titles (people), each with its evidence.
    pub titles: Vec<TitleRow>,
    /// Degree.
    pub degree: Degree,
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

impl Show {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["field", "value"]);
        t.row(vec!["id".into(), self.node.id.clone()]);
        t.row(vec!["type".into(), self.node.kind.clone()]);
        t.row(vec!["name".into(), self.node.name.clone()]);
        if !self.aliases.is_empty() {
            t.row(vec!["aliases".into(), self.aliases.join("、")]);
        }
        for (k, v) in &self.attrs {
            t.row(vec![k.clone(), value_text(v)]);
        }
        for tr in &self.titles {
            let r = t.row(vec![
                "title".into(),
                format!("{} ({})", tr.title, tr.evidence.place()),
            ]);
            if tr.evidence.sentence.is_some() {
                r.details.push(tr.evidence.detail());
            }
        }
        let d = &self.degree;
        t.row(vec!["degree".into(), format!("{} neighbours", d.neighbors)]);
        for (rel, n) in &d.edges {
            t.row(vec![format!("  {rel}"), n.to_string()]);
        }
        t.row(vec![
            "mentions".into(),
            format!("{} in {} articles", d.mentions, d.articles),
        ]);
        t
    }
}

/// One link between two nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Relation.
    pub relation: String,
    /// attrs.role (how a person took part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `out` when the edge runs from the first node to the second.
    pub direction: &'static str,
    /// The first evidence, quoted (with `--evidence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Quote>,
}

impl Link {
    /// `participated_in[出席] →` style label.
    pub fn label(&self) -> String {
        let arrow = if self.direction == "out" {
            "→"
        } else {
            "←"
        };
        match &self.role {
            Some(r) => format!("{}[{r}] {arrow}", self.relation),
            None => format!("{} {arrow}", self.relation),
        }
    }
}

/// One neighbour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborRow {
    /// Hops from the entity.
    pub depth: usize,
    /// The neighbour.
    #[serde(flatten)]
    pub node: NodeRef,
    /// The node it was reached from (the entity itself at depth 1).
    pub via: String,
    /// The edges between `via` and this node.
    pub links: Vec<Link>,
}

/// The answer to `neighbors`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbors {
    /// The entity.
    pub entity: NodeRef,
    /// The neighbours, by depth, type and id.
    pub neighbors: Vec<NeighborRow>,
}

impl Neighbors {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["depth", "relation", "name", "type", "id"]);
        t.title = Some(format!("{} ({})", self.entity.name, self.entity.id));
        for r in &self.neighbors {
            let rel: Vec<String> = r.links.iter().map(Link::label).collect();
            let row = t.row(vec![
                r.depth.to_string(),
                rel.join(", "),
                r.node.name.clone(),
                r.node.kind.clone(),
                r.node.id.clone(),
            ]);
            for l in &r.links {
                if let Some(q) = &l.evidence {
                    row.details.push(q.detail());
                }
            }
        }
        if self.neighbors.is_empty() {
            t.notes.push("no neighbours".into());
        }
        t
    }
}

/// The answer to `stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// graph.json.
    pub graph: String,
    /// Size of graph.json in bytes.
    pub graph_bytes: u64,
    /// Size of the index in bytes.
    pub index_bytes: u64,
    /// Counts computed when the index was built.
    #[serde(flatten)]
    pub counts: Map<String, Value>,
}

impl Stats {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["what", "count"]);
        t.title = Some(format!(
            "{} ({} bytes; index {} bytes)",
            self.graph, self.graph_bytes, self.index_bytes
        ));
        for (k, v) in &self.counts {
            match v {
                Value::Object(m) => {
                    for (k2, v2) in m {
                        t.row(vec![format!("{k} {k2}"), value_text(v2)]);
                    }
                }
                v => {
                    t.row(vec![k.clone(), value_text(v)]);
                }
            }
        }
        t
    }
}

impl QueryGraph {
    /// Entities whose name or alias contains `text`.
    ///
    /// # Arguments
    /// * `text`: the text (normalised like the pages).
    /// * `kind`: only this node type; without it articles and documents are
    ///   left out.
    /// * `limit`: the most hits returned (0: all).
    ///
    /// # Returns
    /// * [`FindResult`]: exact matches first, then by degree, then by id.
    ///
    /// # Complexity
    /// * Time: **O(B + h log h)** for B bytes of names and h hits
    ///   (`memchr::memmem` over one blob of all names).
    pub fn find(&self, text: &str, kind: Option<&str>, limit: usize) -> FindResult {
        let q = super::roster::FindQuery {
            text: Some(text.to_string()),
            kind: kind.map(str::to_string),
            limit,
            ..Default::default()
        };
        // Only an empty text or a damaged record fails: nothing found.
        self.find_where(&q).unwrap_or_else(|_| FindResult {
            text: normalize(text.trim()),
            total: 0,
            hits: Vec::new(),
        })
    }

    /// Everything about one entity: attributes, titles with evidence,
    /// degree.
    ///
    /// # Arguments
    /// * `entity`: a name or an id.
    /// * `pages`: quotes the titles' evidence.
    ///
    /// # Returns
    /// * [`Show`], or the errors of [`QueryGraph::resolve`].
    ///
    /// # Complexity
    /// * Time: **O(log N + d + r)** for d incident edges and a record of r
    ///   bytes.
    pub fn show(&self, entity: &str, pages: &Pages) -> Result<Show, QueryError> {
        let v = self.resolve(entity)?;
        let rec = self.node_record(v)?;
        let mut attrs = rec.attrs.clone();
        let titles = match attrs.remove("titles") {
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(|t| {
                    let num = |k: &str| t.get(k).and_then(Value::as_u64).map(|x| x as usize);
                    Some(TitleRow {
                        title: t.get("title")?.as_str()?.to_string(),
                        evidence: pages.quote(
                            t.get("doc")?.as_str()?,
                            num("article")?,
                            num("start")?,
                            num("end")?,
                        ),
                    })
                })
                .collect(),
            Some(other) => {
                attrs.insert("titles".into(), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut edges: BTreeMap<String, usize> = BTreeMap::new();
        for e in self.edges_of(v) {
            let arrow = if self.edge_ends(e).0 == v {
                "→"
            } else {
                "←"
            };
            *edges
                .entry(format!("{}{arrow}", self.relation(e)))
                .or_default() += 1;
        }
        let articles: std::collections::BTreeSet<(&str, usize)> = rec
            .mentions
            .iter()
            .map(|m| (m.doc.as_str(), m.article))
            .collect();
        Ok(Show {
            node: self.node_ref(v),
            aliases: rec.aliases.clone(),
            attrs,
            titles,
            degree: Degree {
                neighbors: self.degree(v),
                edges,
                mentions: rec.mentions.len(),
                articles: articles.len(),
            },
        })
    }

    /// The links of edge `e` seen from `from`, with its first evidence
    /// quoted when `pages` quotes.
    pub(crate) fn link(&self, e: u32, from: u32, pages: &Pages) -> Link {
        let evidence = if pages.quoting() {
            self.first_evidence(e)
                .map(|(doc, art, s, end)| pages.quote(doc, art, s, end))
        } else {
            None
        };
        Link {
            relation: self.relation(e).to_string(),
            role: self.role(e).map(str::to_string),
            direction: if self.edge_ends(e).0 == from {
                "out"
            } else {
                "in"
            },
            evidence,
        }
    }

    /// Entities within `depth` hops.
    ///
    /// # Arguments
    /// * `entity`: a name or an id (an article or document id lists the
    ///   entities it links to).
    /// * `depth`: hops, from 1.
    /// * `kind`: list only neighbours of this type (the walk goes through
    ///   all types).
    /// * `relation`: follow only edges of this relation.
    /// * `pages`: quotes each link's first evidence.
    ///
    /// # Returns
    /// * [`Neighbors`]: every entity reached, with the node it was first
    ///   reached from and the edges between them.
    ///
    /// # Complexity
    /// * Time: **O(V' + E')** for the nodes and incident edges within reach.
    pub fn neighbors(
        &self,
        entity: &str,
        depth: usize,
        kind: Option<&str>,
        relation: Option<&str>,
        pages: &Pages,
    ) -> Result<Neighbors, QueryError> {
        let c = self.resolve(entity)?;
        let mut seen: std::collections::HashMap<u32, ()> = std::collections::HashMap::new();
        seen.insert(c, ());
        let mut rows = Vec::new();
        let mut frontier = vec![c];
        for d in 1..=depth {
            let mut next = Vec::new();
            for &v in &frontier {
                let mut cur: Option<(u32, Vec<u32>)> = None;
                let flush =
                    |cur: &mut Option<(u32, Vec<u32>)>,
                     rows: &mut Vec<(usize, u32, u32, Vec<u32>)>| {
                        if let Some((w, es)) = cur.take() {
                            rows.push((d, w, v, es));
                        }
                    };
                for e in self.edges_of(v) {
                    let w = self.other(e, v);
                    if w == v
                        || !self.is_entity(w)
                        || relation.is_some_and(|r| self.relation(e) != r)
                    {
                        continue;
                    }
                    match &mut cur {
                        Some((cw, es)) if *cw == w => es.push(e),
                        _ => {
                            flush(&mut cur, &mut rows);
                            if seen.insert(w, ()).is_none() {
                                next.push(w);
                                cur = Some((w, vec![e]));
                            }
                        }
                    }
                }
                flush(&mut cur, &mut rows);
            }
            next.sort_unstable();
            frontier = next;
        }
        let mut out = Vec::new();
        for (d, w, via, es) in rows {
            if kind.is_some_and(|k| self.type_name(w) != k) {
                continue;
            }
            out.push(NeighborRow {
                depth: d,
                node: self.node_ref(w),
                via: self.id(via).to_string(),
                links: es.iter().map(|&e| self.link(e, via, pages)).collect(),
            });
        }
        out.sort_by(|a, b| {
            // Types in the enum's order, one outside the contract last.
            let rank = |k: &str| super::index::kind_code(NodeType::parse(k));
            (a.depth, rank(&a.node.kind), &a.node.id).cmp(&(
                b.depth,
                rank(&b.node.kind),
                &b.node.id,
            ))
        });
        Ok(Neighbors {
            entity: self.node_ref(c),
            neighbors: out,
        })
    }

    /// Counts of the graph (computed when the index was built).
    pub fn stats(&self) -> Stats {
        let counts =
            serde_json::from_slice::<Map<String, Value>>(self.index.sec(super::index::Sec::Stats))
                .unwrap_or_default();
        let (graph_bytes, index_bytes) = self.sizes();
        Stats {
            graph: self.graph_path().display().to_string(),
            graph_bytes,
            index_bytes,
            counts,
        }
    }
}
