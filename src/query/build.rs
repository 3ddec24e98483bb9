//! Building the query index from graph.json.
//!
//! One pass of serde_json over the whole document splits it into the raw
//! text of each node and edge ([`RawValue`], borrowed, so their byte ranges
//! are known); the few fields the index keeps are then parsed from each
//! record in parallel, skipping mentions and evidence. Everything is sorted
//! by stable ids before it is written, so the index does not depend on the
//! thread count.

use super::algo;
use super::index::{kind_code, Counts, Fingerprint, IndexWriter, Sec, NONE};
use crate::model::{steps_through, NodeType};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Entity graphs up to this many nodes get exact betweenness.
pub(crate) const EXACT_BETWEENNESS_LIMIT: usize = 5_000;
/// Pivots of the betweenness estimate on larger graphs.
pub(crate) const BETWEENNESS_PIVOTS: usize = 64;
/// PageRank damping factor.
pub(crate) const PAGERANK_DAMPING: f64 = 0.85;
/// PageRank iterations.
pub(crate) const PAGERANK_ITERATIONS: usize = 40;

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow, default)]
    graph: Option<&'a RawValue>,
    #[serde(borrow)]
    nodes: Vec<&'a RawValue>,
    #[serde(borrow)]
    edges: Vec<&'a RawValue>,
}

// Record heads borrow their strings from the mapped graph.json (`Cow`:
// borrowed unless the JSON string has escapes): a large graph has millions
// of records, and an allocation per field was most of the index build's
// memory.
#[derive(Deserialize)]
struct NodeHead<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(default, borrow)]
    aliases: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    attrs: AttrsHead<'a>,
}

#[derive(Deserialize, Default)]
struct AttrsHead<'a> {
    #[serde(default, borrow)]
    jurisdiction: StrField<'a>,
    #[serde(default, borrow)]
    key: StrField<'a>,
    #[serde(default, borrow)]
    code: StrField<'a>,
    #[serde(default, borrow)]
    date: StrField<'a>,
    #[serde(default, borrow)]
    kind: StrField<'a>,
    #[serde(default, borrow)]
    place: StrField<'a>,
}

/// An attribute the index keeps only when it is a string, borrowed from the
/// mapped graph.json (owned only when the JSON string has escapes); any
/// other value reads as absent. A `serde_json::Value` per attribute cost an
/// allocation per string and 32 bytes per field, for millions of records.
#[derive(Default)]
struct StrField<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for StrField<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess};
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = StrField<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StrField(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrField(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(StrField(Some(Cow::Owned(v))))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(StrField(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(StrField(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(StrField(None))
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
struct EdgeHead<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    #[serde(borrow)]
    target: Cow<'a, str>,
    #[serde(borrow)]
    relation: Cow<'a, str>,
    #[serde(default, borrow)]
    attrs: EdgeAttrsHead<'a>,
    #[serde(default, borrow)]
    evidence: FirstEvidence<'a>,
}

/// The first piece of an edge's evidence; the others are skipped unparsed.
#[derive(Default)]
struct FirstEvidence<'a>(Option<EvidenceHead<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for FirstEvidence<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = FirstEvidence<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of evidence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let first = seq.next_element::<EvidenceHead<'a>>()?;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(FirstEvidence(first))
            }
        }
        d.deserialize_seq(Visit(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
struct EdgeAttrsHead<'a> {
    #[serde(default, borrow)]
    role: StrField<'a>,
}

#[derive(Deserialize)]
struct EvidenceHead<'a> {
    #[serde(borrow)]
    doc: Cow<'a, str>,
    article: u32,
    start: u32,
    end: u32,
}

struct NodeRec<'a> {
    head: NodeHead<'a>,
    off: u64,
    len: u64,
}

/// A non-empty string attribute.
fn text<'s>(v: &'s StrField<'_>) -> Option<&'s str> {
    v.0.as_deref().filter(|s| !s.is_empty())
}

/// Strings interned into one table.
#[derive(Default)]
struct Strings {
    ids: HashMap<String, u32>,
    off: Vec<u64>,
    blob: Vec<u8>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.off.len() as u32;
        self.off.push(self.blob.len() as u64);
        self.blob.extend_from_slice(s.as_bytes());
        self.ids.insert(s.to_string(), i);
        i
    }
    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.id(s))
    }
}

/// Line (1-based) of byte `pos`.
fn line_of(json: &[u8], pos: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &json[..pos.min(json.len())]).count()
}

/// Build the index bytes for graph.json `json`. Errors are the reason the
/// document is not a govgraph graph.
pub(crate) fn build_index(json: &[u8], fp: &Fingerprint) -> Result<Vec<u8>, String> {
    let top: Top = serde_json::from_slice(json).map_err(|e| format!("{e}"))?;
    let base = json.as_ptr() as usize;
    let range = |r: &RawValue| {
        (
            (r.get().as_ptr() as usize - base) as u64,
            r.get().len() as u64,
        )
    };
    let parse_err = |what: &str, i: usize, r: &RawValue, e: serde_json::Error| {
        let at = range(r).0 as usize;
        format!(
            "{what} {i} (line {}): {e}",
            line_of(json, at) + e.line().saturating_sub(1)
        )
    };

    let mut nodes: Vec<NodeRec> = top
        .nodes
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let head: NodeHead =
                serde_json::from_str(r.get()).map_err(|e| parse_err("node", i, r, e))?;
            let (off, len) = range(r);
            Ok(NodeRec { head, off, len })
        })
        .collect::<Result<_, String>>()?;
    nodes.par_sort_by(|a, b| a.head.id.cmp(&b.head.id));
    for w in nodes.windows(2) {
        if w[0].head.id == w[1].head.id {
            return Err(format!("two nodes have the id {:?}", w[0].head.id));
        }
    }
    let n = nodes.len();
    let kinds: Vec<Option<NodeType>> = nodes
        .iter()
        .map(|r| NodeType::parse(&r.head.kind))
        .collect();
    let node_ix: HashMap<&str, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, r)| (&*r.head.id, i as u32))
        .collect();

    struct EdgeRec<'a> {
        src: u32,
        dst: u32,
        relation: Cow<'a, str>,
        role: Option<Cow<'a, str>>,
        first: Option<EvidenceHead<'a>>,
        off: u64,
        len: u64,
    }
    let edges: Vec<EdgeRec> = top
        .edges
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let h: EdgeHead =
                serde_json::from_str(r.get()).map_err(|e| parse_err("edge", i, r, e))?;
            let end = |id: &str| {
                node_ix.get(id).copied().ok_or_else(|| {
                    format!(
                        "edge {i} (line {}): {id:?} is not a node",
                        line_of(json, range(r).0 as usize)
                    )
                })
            };
            let (off, len) = range(r);
            Ok(EdgeRec {
                src: end(&h.source)?,
                dst: end(&h.target)?,
                role: text(&h.attrs.role)
                    .is_some()
                    .then_some(h.attrs.role.0)
                    .flatten(),
                relation: h.relation,
                first: h.evidence.0,
                off,
                len,
            })
        })
        .collect::<Result<_, String>>()?;
    let e = edges.len();
    if e > (u32::MAX / 2) as usize || n >= u32::MAX as usize {
        return Err("too many nodes or edges for the query index".into());
    }

    let mut st = Strings::default();
    let mut w = IndexWriter::new();
    let col = |f: &mut dyn FnMut(&NodeRec, &mut Strings) -> u32, st: &mut Strings| {
        nodes.iter().map(|r| f(r, st)).collect::<Vec<u32>>()
    };
    let ids = col(&mut |r, st| st.id(&r.head.id), &mut st);
    let names = col(&mut |r, st| st.id(&r.head.name), &mut st);
    let types = col(&mut |r, st| st.id(&r.head.kind), &mut st);
    let scope = col(
        &mut |r, st| {
            let a = &r.head.attrs;
            st.opt(text(&a.jurisdiction).or(text(&a.key)).or(text(&a.code)))
        },
        &mut st,
    );
    let dates = col(&mut |r, st| st.opt(text(&r.head.attrs.date)), &mut st);
    let ekinds = col(&mut |r, st| st.opt(text(&r.head.attrs.kind)), &mut st);
    let places = col(&mut |r, st| st.opt(text(&r.head.attrs.place)), &mut st);
    w.u32s(Sec::NodeId, &ids);
    w.u32s(Sec::NodeName, &names);
    w.u32s(Sec::NodeTypeStr, &types);
    w.u32s(Sec::NodeScope, &scope);
    w.u32s(Sec::NodeDate, &dates);
    w.u32s(Sec::NodeKind, &ekinds);
    w.u32s(Sec::NodePlace, &places);
    w.bytes(Sec::NodeType, kinds.iter().map(|&k| kind_code(k)).collect());
    w.u64s(
        Sec::NodeJsonOff,
        &nodes.iter().map(|r| r.off).collect::<Vec<_>>(),
    );
    w.u64s(
        Sec::NodeJsonLen,
        &nodes.iter().map(|r| r.len).collect::<Vec<_>>(),
    );

    let rels: Vec<u32> = edges.iter().map(|x| st.id(&x.relation)).collect();
    let roles: Vec<u32> = edges.iter().map(|x| st.opt(x.role.as_deref())).collect();
    w.u32s(
        Sec::EdgeSrc,
        &edges.iter().map(|x| x.src).collect::<Vec<_>>(),
    );
    w.u32s(
        Sec::EdgeDst,
        &edges.iter().map(|x| x.dst).collect::<Vec<_>>(),
    );
    w.u32s(Sec::EdgeRel, &rels);
    w.u32s(Sec::EdgeRole, &roles);
    w.u64s(
        Sec::EdgeJsonOff,
        &edges.iter().map(|x| x.off).collect::<Vec<_>>(),
    );
    w.u64s(
        Sec::EdgeJsonLen,
        &edges.iter().map(|x| x.len).collect::<Vec<_>>(),
    );
    let ev_doc: Vec<u32> = edges
        .iter()
        .map(|x| st.opt(x.first.as_ref().map(|f| &*f.doc)))
        .collect();
    w.u32s(Sec::EdgeEvDoc, &ev_doc);
    let ev = |f: fn(&EvidenceHead) -> u32| -> Vec<u32> {
        edges
            .iter()
            .map(|x| x.first.as_ref().map_or(0, f))
            .collect()
    };
    w.u32s(Sec::EdgeEvArticle, &ev(|f| f.article));
    w.u32s(Sec::EdgeEvStart, &ev(|f| f.start));
    w.u32s(Sec::EdgeEvEnd, &ev(|f| f.end));

    // Incident edges per node, by (other end, edge id).
    let mut inc: Vec<(u32, u32, u32)> = Vec::with_capacity(2 * e);
    for (i, x) in edges.iter().enumerate() {
        inc.push((x.src, x.dst, i as u32));
        inc.push((x.dst, x.src, i as u32));
    }
    inc.par_sort_unstable();
    let mut adj_start = vec![0u64; n + 1];
    for &(v, _, _) in &inc {
        adj_start[v as usize + 1] += 1;
    }
    for i in 0..n {
        adj_start[i + 1] += adj_start[i];
    }
    w.u64s(Sec::AdjStart, &adj_start);
    w.u32s(Sec::Adj, &inc.iter().map(|t| t.2).collect::<Vec<_>>());
    drop(inc);

    // The entity graph (petgraph's Csr), on the entity nodes, each link
    // weighted with the relations linking the pair: relation codes are the
    // positions of the relation names in sorted order.
    let members: Vec<u32> = (0..n as u32)
        .filter(|&v| steps_through(kinds[v as usize]))
        .collect();
    let mut compact = vec![u32::MAX; n];
    for (i, &v) in members.iter().enumerate() {
        compact[v as usize] = i as u32;
    }
    let is_link =
        |x: &&EdgeRec| steps_through(kinds[x.src as usize]) && steps_through(kinds[x.dst as usize]);
    let mut rel_names: Vec<&str> = edges.iter().filter(is_link).map(|x| &*x.relation).collect();
    rel_names.sort_unstable();
    rel_names.dedup();
    let clinks: Vec<(u32, u32, algo::RelSet)> = edges
        .iter()
        .filter(is_link)
        .map(|x| {
            let code = rel_names
                .binary_search(&&*x.relation)
                .expect("listed above");
            (
                compact[x.src as usize],
                compact[x.dst as usize],
                algo::rel_bit(code),
            )
        })
        .collect();
    let cg = algo::entity_csr(members.clone(), &clinks);
    drop(clinks);
    // The index keeps it on all nodes (others have no neighbours), so a
    // query reads it in place by query-index node. Members are ascending,
    // so each list stays sorted once mapped back.
    let mut ent_start = Vec::with_capacity(n + 1);
    let mut ent = Vec::with_capacity(cg.edge_count());
    let mut ent_rel = Vec::with_capacity(cg.edge_count());
    let mut degree = vec![0u32; n];
    ent_start.push(0u64);
    for v in 0..n {
        if let Some(c) = Some(compact[v]).filter(|&c| c != u32::MAX) {
            ent.extend(cg.neighbors_slice(c).iter().map(|&w| cg[w]));
            ent_rel.extend_from_slice(cg.edges_slice(c));
            degree[v] = cg.neighbors_slice(c).len() as u32;
        }
        ent_start.push(ent.len() as u64);
    }
    w.u64s(Sec::EntStart, &ent_start);
    w.u32s(Sec::Ent, &ent);
    w.u32s(Sec::EntRel, &ent_rel);
    let rel_ids: Vec<u32> = rel_names.iter().map(|r| st.id(r)).collect();
    w.u32s(Sec::EntRelNames, &rel_ids);
    drop((ent_start, ent, ent_rel));
    let m = members.len();
    let (sources, pivots): (Vec<u32>, u32) = if m <= EXACT_BETWEENNESS_LIMIT {
        ((0..m as u32).collect(), 0)
    } else {
        let k = BETWEENNESS_PIVOTS;
        ((0..k).map(|i| (i * m / k) as u32).collect(), k as u32)
    };
    let (bc, (pr, comp)) = rayon::join(
        || algo::betweenness(&cg, &sources),
        || {
            (
                algo::page_rank(&cg, PAGERANK_DAMPING, PAGERANK_ITERATIONS),
                algo::components(&cg),
            )
        },
    );
    let scatter = |vals: &[f64]| {
        let mut out = vec![0f64; n];
        for (i, &v) in members.iter().enumerate() {
            out[v as usize] = vals[i];
        }
        out
    };
    w.f64s(Sec::NodeBetweenness, &scatter(&bc));
    w.f64s(Sec::NodePagerank, &scatter(&pr));
    let mut comp_all = vec![NONE; n];
    for (i, &v) in members.iter().enumerate() {
        comp_all[v as usize] = comp[i];
    }
    w.u32s(Sec::NodeComponent, &comp_all);
    w.u32s(Sec::NodeDegree, &degree);

    // Names and aliases.
    let mut entries: Vec<(&str, u32, u8)> = Vec::new();
    for (i, r) in nodes.iter().enumerate() {
        entries.push((&r.head.name, i as u32, 0));
        for a in &r.head.aliases {
            entries.push((a, i as u32, 1));
        }
    }
    entries.par_sort_unstable();
    entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut name_str = Vec::new();
    let mut name_start = Vec::new();
    let mut find_blob = Vec::new();
    let mut find_start = Vec::new();
    for (i, en) in entries.iter().enumerate() {
        if i == 0 || entries[i - 1].0 != en.0 {
            name_str.push(st.id(en.0));
            name_start.push(i as u32);
            find_start.push(find_blob.len() as u64);
            find_blob.extend(en.0.bytes().map(|b| if b == b'\n' { b' ' } else { b }));
            find_blob.push(b'\n');
        }
    }
    name_start.push(entries.len() as u32);
    find_start.push(find_blob.len() as u64);
    w.u32s(Sec::NameStr, &name_str);
    w.u32s(Sec::NameStart, &name_start);
    w.u32s(
        Sec::NameNode,
        &entries.iter().map(|x| x.1).collect::<Vec<_>>(),
    );
    w.bytes(Sec::NameAlias, entries.iter().map(|x| x.2).collect());
    w.bytes(Sec::FindBlob, find_blob);
    w.u64s(Sec::FindStart, &find_start);

    // Statistics.
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &nodes {
        *by_type.entry(&r.head.kind).or_default() += 1;
    }
    let mut by_rel: BTreeMap<&str, usize> = BTreeMap::new();
    for x in &edges {
        *by_rel.entry(&x.relation).or_default() += 1;
    }
    let event_dates: Vec<&str> = nodes
        .iter()
        .filter(|r| r.head.kind == "event")
        .filter_map(|r| text(&r.head.attrs.date))
        .collect();
    let full: Vec<&str> = event_dates
        .iter()
        .copied()
        .filter(|d| super::dates::is_full_date(d))
        .collect();
    let mut comp_size = vec![0usize; comp.iter().map(|&c| c as usize + 1).max().unwrap_or(0)];
    for &c in &comp {
        comp_size[c as usize] += 1;
    }
    let meta: Value = match top.graph {
        Some(g) => serde_json::from_str(g.get()).unwrap_or(Value::Null),
        None => Value::Null,
    };
    let stats = json!({
        "documents": meta.get("documents").and_then(Value::as_array).map(Vec::len),
        "articles": meta.get("articles"),
        "reposts": meta.get("reposts").and_then(Value::as_u64).unwrap_or(0),
        "nodes": by_type,
        "edges": by_rel,
        "events": {
            "total": by_type.get("event").copied().unwrap_or(0),
            "dated": event_dates.len(),
            "with_year": full.len(),
            "first": full.iter().min(),
            "last": full.iter().max(),
        },
        "entity_graph": {
            "nodes": m,
            "links": cg.edge_count() / 2,
            "components": comp_size.len(),
            "largest_component": comp_size.iter().max().copied().unwrap_or(0),
            "betweenness": if pivots == 0 { "exact".to_string() } else { format!("estimated from {pivots} pivots") },
        },
    });
    w.bytes(
        Sec::Stats,
        serde_json::to_vec(&stats).expect("stats serialise"),
    );

    let counts = Counts {
        nodes: n as u32,
        edges: e as u32,
        strings: st.off.len() as u32,
        names: name_str.len() as u32,
        entries: entries.len() as u32,
        pivots,
    };
    let mut off = std::mem::take(&mut st.off);
    off.push(st.blob.len() as u64);
    w.u64s(Sec::StrOff, &off);
    w.bytes(Sec::StrBlob, std::mem::take(&mut st.blob));
    Ok(w.finish(fp, &counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::index::{Bytes, Index};

    const GRAPH: &str = r#"{"directed": true, "multigraph": true,
      "graph": {"documents": ["a.txt"], "articles": 1},
      "nodes": [
        {"id": "person:b", "type": "person", "name": "李四", "aliases": ["老李"], "attrs": {"jurisdiction": "沁县"}, "mentions": []},
        {"id": "event:e", "type": "event", "name": "会议", "aliases": [], "attrs": {"date": "2018-10-22", "kind": "meeting", "place": "沁县"}, "mentions": []},
        {"id": "article:a.txt#0", "type": "article", "name": "标题", "aliases": [], "attrs": {}, "mentions": []},
        {"id": "person:a", "type": "person", "name": "张三", "aliases": [], "attrs": {"key": "张三@1"}, "mentions": []}
      ],
      "edges": [
        {"source": "person:a", "target": "event:e", "key": "k", "relation": "participated_in", "attrs": {"role": "出席"},
         "evidence": [{"doc": "a.txt", "article": 0, "start": 3, "end": 9}]},
        {"source": "person:b", "target": "event:e", "key": "k", "relation": "participated_in", "attrs": {"role": "主持"}, "evidence": []},
        {"source": "article:a.txt#0", "target": "person:a", "key": "k", "relation": "mentions", "attrs": {}, "evidence": []}
      ]}"#;

    #[test]
    fn build_index_is_consistent_and_sorted() {
        let bytes = build_index(GRAPH.as_bytes(), &Fingerprint::default()).unwrap();
        let ix = Index::parse(Bytes::Owned(bytes.clone())).unwrap();
        ix.check_references(GRAPH.len() as u64).unwrap();
        let id = |v: usize| ix.str(ix.u32(Sec::NodeId, v)).to_string();
        assert_eq!(
            (0..4).map(id).collect::<Vec<_>>(),
            ["article:a.txt#0", "event:e", "person:a", "person:b"]
        );
        // The entity graph leaves the article out: the event has two
        // neighbours, each person one.
        let deg: Vec<u32> = (0..4).map(|v| ix.u32(Sec::NodeDegree, v)).collect();
        assert_eq!(deg, [0, 2, 1, 1]);
        // The middle of the path a - e - b carries its one shortest path.
        assert_eq!(ix.f64(Sec::NodeBetweenness, 1), 1.0);
        assert_eq!(ix.opt_str(Sec::NodeScope, 2), Some("张三@1"));
        assert_eq!(ix.opt_str(Sec::NodeDate, 1), Some("2018-10-22"));
        // Records point at their objects in graph.json.
        let (o, l) = (
            ix.u64(Sec::NodeJsonOff, 3) as usize,
            ix.u64(Sec::NodeJsonLen, 3) as usize,
        );
        assert!(GRAPH[o..o + l].starts_with("{\"id\": \"person:b\""));
        // The same input gives the same bytes.
        assert_eq!(
            build_index(GRAPH.as_bytes(), &Fingerprint::default()).unwrap(),
            bytes
        );
    }

    #[test]
    fn build_attribute_fields_keep_strings_only() {
        let a: AttrsHead = serde_json::from_str(
            r#"{"jurisdiction": "某县", "key": "a\"b", "code": 140430, "date": null,
                "kind": ["x"], "place": {"p": 1}, "other": true}"#,
        )
        .unwrap();
        assert!(matches!(a.jurisdiction.0, Some(Cow::Borrowed("某县"))));
        assert_eq!(text(&a.key), Some("a\"b"));
        for absent in [&a.code, &a.date, &a.kind, &a.place] {
            assert_eq!(text(absent), None);
        }
        let empty: AttrsHead = serde_json::from_str(r#"{"jurisdiction": ""}"#).unwrap();
        assert_eq!(text(&empty.jurisdiction), None);
        assert_eq!(text(&empty.key), None);
    }

    #[test]
    fn build_index_rejects_broken_graphs() {
        let dangling = GRAPH.replace("\"target\": \"event:e\", \"key\": \"k\", \"relation\": \"participated_in\", \"attrs\": {\"role\": \"主持\"}", "\"target\": \"event:x\", \"key\": \"k\", \"relation\": \"participated_in\", \"attrs\": {\"role\": \"主持\"}");
        let e = build_index(dangling.as_bytes(), &Fingerprint::default()).unwrap_err();
        assert!(e.contains("\"event:x\" is not a node"), "{e}");
        let dup = GRAPH.replace("person:b\", \"type", "person:a\", \"type");
        let e = build_index(dup.as_bytes(), &Fingerprint::default()).unwrap_err();
        assert!(e.contains("two nodes have the id"), "{e}");
        let e = build_index(b"[1, 2]", &Fingerprint::default()).unwrap_err();
        assert!(!e.is_empty());
        let e = build_index(
            GRAPH
                .replace("\"name\": \"会议\"", "\"name\": 7")
                .as_bytes(),
            &Fingerprint::default(),
        )
        .unwrap_err();
        assert!(e.starts_with("node "), "{e}");
    }
}
