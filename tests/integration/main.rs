//! Integration tests: run the real `govgraph` binary on real pages.
//!
//! Modules by theme: `bad_input` (every kind of bad file, faults,
//! interruption), `build` (the main command on the seed pages, outputs,
//! determinism), `examples` (every command of
//! README.md and `--help` runs on the seed graph), `export` (every export format read
//! back by its tool, filters), `identity` (one graph across pages),
//! `properties` (proptest invariants of the library pipeline), `query`
//! (`govgraph query` on the seed graph), `repost` (copies of an article
//! counted once), `tag` (`govgraph tag`, the
//! statistical tagger), `tools` (outputs read back by networkx and
//! Graphviz).

mod bad_input;
mod build;
mod careers;
mod dist;
mod evidence;
mod examples;
mod export;
mod identity;
mod network;
mod people;
mod properties;
mod query;
mod refusals;
mod repost;
mod scale;
mod tag;
mod tools;
mod util;
