#!/usr/bin/env bash
# Everything `cargo test --release` needs on a fresh Debian machine with Rust
# installed: the main job's set-up (scripts/setup.sh: Graphviz, CJK fonts),
# then the tools the tests read the exports back with: Python's networkx
# (graph.json, GraphML, GEXF, the co-attendance and timeline exports),
# Chromium (drives the `export --format html` page headless) and Kùzu
# (loads the Cypher and CSV exports).
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
python3 -c "import networkx" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check networkx
# Kùzu's last release (the project is archived); pinned so CI stays reproducible.
python3 -c "import kuzu" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check kuzu==0.11.3
