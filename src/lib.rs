//! # govgraph
//!
//! govgraph turns Chinese local-government news pages (county and city
//! newspapers: meetings, inspections, research visits, campaigns) into a
//! knowledge graph of **who did what, where, when, with which agency**.
//!
//! Data flows one way through plain data types:
//!
//! ```text
//! ingest (Document, Article) -> extract (DocMentions) -> resolve (ResolvedDoc)
//!        -> graph (KnowledgeGraph) -> export (JSON, DOT, SVG) / query
//! ```
//!
//! ```
//! use govgraph::{ingest, resources::Resources, pipeline};
//! let res = Resources::builtin().unwrap();
//! let doc = ingest::Document::from_text("demo.txt", "### 县政府召开会议\n\n10月24日,县委常委、副县长黄振东出席会议。\n");
//! let graph = pipeline::build_graph(&res, &[doc], &pipeline::BuildOptions::default());
//! assert!(graph.nodes().any(|n| &*n.name == "黄振东"));
//! ```
//!
//! Offsets: every span in govgraph counts **Unicode characters** (not bytes)
//! into the decoded input file, after the BOM. Normalisation maps each
//! character to exactly one character, so offsets into the normalised text
//! are offsets into the original.
#![deny(missing_docs)]

pub mod build;
pub mod dist;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
mod jsonw;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod repost;
pub mod resolve;
pub mod resources;
pub mod tagger;
pub mod text;
