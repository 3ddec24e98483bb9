//! Integration tests: run the real `govgraph` binary on real pages.
//!
//! Modules by theme: `build` (the main command on the seed pages, outputs,
//! determinism), `errors` (bad input), `tools` (outputs read back by
//! networkx and Graphviz), `query` (`govgraph query` on the seed graph).

mod build;
mod errors;
mod identity;
mod query;
mod tools;
mod util;
