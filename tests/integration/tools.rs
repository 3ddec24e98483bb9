//! Outputs read back by the real tools: networkx and Graphviz.

use crate::util::*;
use std::process::Command;

#[test]
fn tools_networkx_reads_graph_json() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&seeds()], dir.path(), &["--no-svg"]);
    let script = "import json,sys,networkx as nx\n\
                  d=json.load(open(sys.argv[1]))\n\
                  g=nx.node_link_graph(d, edges='edges')\n\
                  assert g.number_of_nodes()==len(d['nodes'])\n\
                  assert g.number_of_edges()==len(d['edges'])\n\
                  print(g.number_of_nodes(), g.number_of_edges())";
    let out = Command::new("python3")
        .args([
            "-c",
            script,
            dir.path().join("graph.json").to_str().unwrap(),
        ])
        .output()
        .expect("python3 is installed by .ci/run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tools_graphviz_accepts_graph_dot() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&seeds()], dir.path(), &["--no-svg"]);
    let out = Command::new("dot")
        .args(["-Tsvg", dir.path().join("graph.dot").to_str().unwrap()])
        .output()
        .expect("graphviz is installed by .ci/run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}
