//! Compile-time precomputation of the built-in gazetteer (issue 20, item 5:
//! start-up). Computing the surfaces asks jieba's dictionary about every
//! candidate short form, and compiling their Aho–Corasick automaton took
//! most of a one-page build; both depend only on files under `data/` and
//! jieba's own dictionary, so they are done here once and embedded:
//!
//! - `gazetteer_surfaces.bin`: the surfaces (see `src/resources/surfaces.rs`,
//!   which this script includes, so the run-time path of a build with a
//!   user lexicon computes them with the very same code);
//! - `gazetteer_daac.bin`: their leftmost-longest daachorse automaton,
//!   serialised (pattern `i` is surface `i`).

#[path = "src/resources/surfaces.rs"]
#[allow(dead_code)]
mod surfaces;

use std::path::PathBuf;

fn main() {
    for f in [
        "build.rs",
        "src/resources/surfaces.rs",
        "data/divisions.tsv",
        "data/generic_places.txt",
        "data/place_alias_stop.txt",
        "data/ethnic_groups.txt",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let read = |f: &str| {
        std::fs::read_to_string(f).unwrap_or_else(|e| panic!("build.rs: cannot read {f}: {e}"))
    };
    let tsv = read("data/divisions.tsv");
    let generic = surfaces::word_set(&read("data/generic_places.txt"));
    let alias_stop = surfaces::word_set(&read("data/place_alias_stop.txt"));
    let groups_text = read("data/ethnic_groups.txt");
    let groups = surfaces::ethnic_groups(&groups_text);
    let divisions: Vec<(&str, surfaces::Tier)> = surfaces::rows(&tsv)
        .map(|r| {
            (
                r.name,
                surfaces::Tier::of_level(r.level).expect("rows() keeps levels"),
            )
        })
        .collect();
    let jieba = jieba_rs::Jieba::new();
    let keep_short = |s: &str| surfaces::keep_short(&jieba, s);
    let found = surfaces::surfaces(&divisions, &generic, &alias_stop, &groups, &keep_short);
    let automaton = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(daachorse::MatchKind::LeftmostLongest)
        .build::<_, _, u32>(found.iter().map(|(s, _, _)| s.as_str()))
        .expect("build.rs: gazetteer automaton");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes)
            .unwrap_or_else(|e| panic!("build.rs: cannot write {name}: {e}"))
    };
    write("gazetteer_surfaces.bin", &surfaces::encode(&found));
    write("gazetteer_daac.bin", &automaton.serialize());
}
