//! Bytes -> the loaders of files govgraph reads back: graph.json
//! (`export::json::GraphFile`) and a shard line (`extract::DocMentions`, as
//! `govgraph merge` and `build --append` read them). Whatever parses must
//! serialise and parse again to the same value; a parsed shard record goes
//! through the shard check and, when accepted, resolve + graph without panic.
#![no_main]

use govgraph::export::json::GraphFile;
use govgraph::extract::{check_record, DocMentions};
use govgraph::pipeline::{merge_mentions, BuildOptions};
use govgraph::resources::Resources;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RES: LazyLock<Resources> =
    LazyLock::new(|| Resources::builtin().expect("built-in resources"));

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = serde_json::from_slice::<GraphFile>(data) {
        let v1 = serde_json::to_value(&file).expect("serialises");
        let back: GraphFile = serde_json::from_value(v1.clone()).expect("parses back");
        assert_eq!(serde_json::to_value(&back).expect("serialises"), v1);
    }
    if let Ok(record) = serde_json::from_slice::<DocMentions>(data) {
        if check_record(&RES, &record).is_ok() {
            let _ = merge_mentions(&RES, &[record], &BuildOptions::default());
        }
    }
});
