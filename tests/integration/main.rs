//! Integration tests: run the real `govgraph` binary on real pages.
//!
//! Modules by theme: `build` (the main command on the seed pages, outputs,
//! determinism), `errors` (bad input), `tools` (outputs read back by
//! networkx and Graphviz).

mod build;
mod errors;
mod identity;
mod tools;
mod util;
