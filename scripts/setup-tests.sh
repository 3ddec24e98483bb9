#!/usr/bin/env bash
# Everything `cargo test --release` needs on a fresh Debian machine with Rust
# installed: the main job's set-up (scripts/setup.sh: Graphviz, CJK fonts),
# then the tools the tests read the exports back with: Python's networkx
# (graph.json, GraphML, GEXF, the co-attendance and timeline exports),
# Chromium (drives the `export --format html` page headless), Kùzu
# (loads the Cypher and CSV exports), and PySpark with a Java runtime
# (scripts/spark_check.sh runs dist/spark_build.py in local mode).
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"
bash ./setup.sh
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Spark 4 runs on Java 17 (the machine image ships it; Debian's JRE otherwise).
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
if [ ${#need_apt[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -c "import networkx" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check networkx
# Kùzu's last release (the project is archived); pinned so CI stays reproducible.
python3 -c "import kuzu" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check kuzu==0.11.3
# Spark in local mode for the distributed build's check; pinned.
python3 -c "import pyspark" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check pyspark==4.3.0
