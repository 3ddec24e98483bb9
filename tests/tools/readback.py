#!/usr/bin/env python3
"""Read a govgraph export back with the real tool and compare it with the
graph.json it came from. Prints a JSON summary; exits 1 with the reason on
any mismatch.

  readback.py json    GRAPH.json                  networkx node_link_graph
  readback.py graphml FILE.graphml GRAPH.json     networkx read_graphml
  readback.py gexf    FILE.gexf GRAPH.json        networkx read_gexf
  readback.py kuzu    FILE.cypher GRAPH.json      Kùzu runs the script; who-did-what query
  readback.py csv     DIR GRAPH.json              Neo4j import layout; Kùzu COPY reads the files
  readback.py svg     FILE.svg GRAPH.json         the SVG parses; one drawn node per linked node

GRAPH.json is the graph the export was made from (for a subgraph export,
the same subgraph written with --format json).
"""
import atexit
import csv
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def need(module):
    try:
        return __import__(module)
    except ImportError:
        fail(f"python module {module!r} is missing: run scripts/setup.sh (pip install {module})")


def load(path):
    return json.load(open(path, encoding="utf-8"))


def participations(g):
    """(person id, event id, role, event date) of every participated_in edge."""
    nodes = {n["id"]: n for n in g["nodes"]}
    out = set()
    for e in g["edges"]:
        if e["relation"] == "participated_in":
            date = nodes[e["target"]]["attrs"].get("date")
            out.add((e["source"], e["target"], e["attrs"].get("role"), date))
    return out


def read_json(path):
    nx = need("networkx")
    g = load(path)
    G = nx.node_link_graph(g, edges="edges")
    check(G.number_of_nodes() == len(g["nodes"]), "networkx lost nodes")
    check(G.number_of_edges() == len(g["edges"]), "networkx lost edges")
    ids = {n["id"] for n in g["nodes"]}
    for e in g["edges"]:
        check(e["source"] in ids and e["target"] in ids, f"dangling edge {e['source']} -> {e['target']}")
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "types": dict(Counter(n["type"] for n in g["nodes"]))}


def compare_nx(G, g, name_key):
    check(G.number_of_nodes() == len(g["nodes"]),
          f"{G.number_of_nodes()} nodes read, graph.json has {len(g['nodes'])}")
    check(G.number_of_edges() == len(g["edges"]),
          f"{G.number_of_edges()} edges read, graph.json has {len(g['edges'])}")
    for n in g["nodes"]:
        check(n["id"] in G, f"node {n['id']} missing")
        attrs = G.nodes[n["id"]]
        check(attrs.get("type") == n["type"], f"node {n['id']}: type {attrs.get('type')!r}")
        check(attrs.get(name_key) == n["name"], f"node {n['id']}: {name_key} {attrs.get(name_key)!r} != {n['name']!r}")
        if n["type"] == "event" and n["attrs"].get("date"):
            check(attrs.get("date") == n["attrs"]["date"], f"event {n['id']}: date {attrs.get('date')!r}")
        if n["type"] == "place" and "code" in n["attrs"]:
            check(str(attrs.get("code")) == str(n["attrs"]["code"]), f"place {n['id']}: code")
    read = Counter()
    for s, t, d in G.edges(data=True):
        read[(s, t, d.get("relation"), d.get("role"))] += 1
        check(float(d.get("weight", 1)) >= 0, "weight")
        json.loads(d["evidence"])  # evidence survives as JSON text
    want = Counter((e["source"], e["target"], e["relation"], e["attrs"].get("role")) for e in g["edges"])
    check(read == want, f"edges differ: {list((read - want).items())[:3]} / {list((want - read).items())[:3]}")
    person = next((n for n in g["nodes"] if n["type"] == "person" and "titles" in n["attrs"]), None)
    sample = None
    if person:
        sample = {"id": person["id"], "title": G.nodes[person["id"]].get("title"),
                  "label": G.nodes[person["id"]].get(name_key)}
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "multigraph": G.is_multigraph(), "sample_person": sample}


def read_graphml(path, graph):
    nx = need("networkx")
    G = nx.read_graphml(path)
    out = compare_nx(G, load(graph), "label")
    for n, d in G.nodes(data=True):
        check(d.get("label") == d.get("name"), f"{n}: label is not the name")
    return out


def read_gexf(path, graph):
    nx = need("networkx")
    G = nx.read_gexf(path)
    out = compare_nx(G, load(graph), "label")
    colours = {d["type"]: tuple(sorted(d.get("viz", {}).get("color", {}).items())) for _, d in G.nodes(data=True)}
    check(len(set(colours.values())) == len(colours), f"node types share a colour: {colours}")
    out["coloured_types"] = sorted(colours)
    return out


def kuzu_rows(conn, query, params=None):
    r = conn.execute(query, params or {})
    rows = []
    while r.has_next():
        rows.append(tuple(r.get_next()))
    return rows


def kuzu_dir():
    """A scratch directory for a Kùzu database, removed when the check ends."""
    d = tempfile.mkdtemp(prefix="govgraph-kuzu-")
    atexit.register(shutil.rmtree, d, True)
    return d


def read_kuzu(path, graph):
    kuzu = need("kuzu")
    g = load(graph)
    db_dir = kuzu_dir()
    db = kuzu.Database(str(Path(db_dir) / "db"))
    conn = kuzu.Connection(db)
    conn.execute(Path(path).read_text(encoding="utf-8"))
    # Every node and relationship arrived.
    for kind, count in Counter(n["type"] for n in g["nodes"]).items():
        label = "".join(p.capitalize() for p in kind.split("_"))
        (got,) = kuzu_rows(conn, f"MATCH (n:`{label}`) RETURN count(n)")[0]
        check(got == count, f"{label}: {got} nodes in kuzu, {count} in graph.json")
    for rel, count in Counter(e["relation"] for e in g["edges"]).items():
        (got,) = kuzu_rows(conn, f"MATCH ()-[r:`{rel.upper()}`]->() RETURN count(r)")[0]
        check(got == count, f"{rel}: {got} edges in kuzu, {count} in graph.json")
    # Who did what: the events each person took part in, with roles and dates.
    got = set(kuzu_rows(conn, "MATCH (p:Person)-[r:PARTICIPATED_IN]->(e:Event) RETURN p.id, e.id, r.role, e.date"))
    want = participations(g)
    check(got == want, f"who-did-what differs: kuzu-only {sorted(got - want)[:3]}, graph-only {sorted(want - got)[:3]}")
    # The same for the busiest person, by name, as a user would ask.
    busiest = Counter(p for p, _, _, _ in want).most_common(1)
    sample = None
    if busiest:
        pid = busiest[0][0]
        rows = kuzu_rows(conn, "MATCH (p:Person)-[r:PARTICIPATED_IN]->(e:Event) WHERE p.id = $id "
                               "RETURN p.name, e.name, r.role, e.date ORDER BY e.date, e.name, r.role", {"id": pid})
        nodes = {n["id"]: n for n in g["nodes"]}
        expect = sorted(((nodes[p]["name"], nodes[e]["name"], r, d) for p, e, r, d in want if p == pid),
                        key=lambda t: (t[3] or "", t[1], t[2]))
        check([tuple(r) for r in rows] == expect, f"events of {pid}: {rows} != {expect}")
        sample = {"person": pid, "events": rows}
    # Strings with quotes and backslashes survived.
    names = dict(kuzu_rows(conn, "MATCH (n) RETURN n.id, n.name"))
    for n in g["nodes"]:
        check(names.get(n["id"]) == n["name"], f"{n['id']}: name {names.get(n['id'])!r} != {n['name']!r}")
    return {"participations": len(got), "sample": sample, "nodes": len(names)}


def read_csv(path, graph):
    g = load(graph)
    d = Path(path)
    ids, rows_by_file = {}, {}
    for f in sorted(d.glob("nodes_*.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        check(rows[0][:2] == ["id:ID", ":LABEL"], f"{f.name}: header starts {rows[0][:2]}")
        for r in rows[1:]:
            check(len(r) == len(rows[0]), f"{f.name}: row of {len(r)} fields, header has {len(rows[0])}")
            ids[r[0]] = r[1]
        rows_by_file[f.name] = rows
    check(set(ids) == {n["id"] for n in g["nodes"]}, "node ids differ from graph.json")
    edges = 0
    for f in sorted(d.glob("edges_*.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        check(rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"], f"{f.name}: header starts {rows[0][:3]}")
        for r in rows[1:]:
            check(len(r) == len(rows[0]), f"{f.name}: ragged row")
            check(r[0] in ids and r[1] in ids, f"{f.name}: unknown id in {r[:2]}")
            edges += 1
        rows_by_file[f.name] = rows
    check(edges == len(g["edges"]), f"{edges} edge rows, graph.json has {len(g['edges'])}")
    script = (d / "import.sh").read_text()
    for name in rows_by_file:
        check(name in script, f"import.sh does not load {name}")
    # A real CSV reader: Kùzu's COPY must read every file with the same columns.
    kuzu = need("kuzu")
    db = kuzu.Database(str(Path(kuzu_dir()) / "db"))
    conn = kuzu.Connection(db)
    copied = 0
    for name, rows in sorted(rows_by_file.items()):
        table = "t_" + name[:-4]
        cols = ", ".join(f"c{i} STRING" for i in range(len(rows[0])))
        if name.startswith("nodes_"):
            conn.execute(f"CREATE NODE TABLE {table}({cols}, PRIMARY KEY (c0))")
        else:
            # Edge files are read as node tables too (ids are checked above).
            conn.execute(f"CREATE NODE TABLE {table}(rowid SERIAL, {cols}, PRIMARY KEY (rowid))")
            cols_list = ", ".join(f"c{i}" for i in range(len(rows[0])))
            conn.execute(f"COPY {table}({cols_list}) FROM '{d / name}' (header=true)")
            copied += kuzu_rows(conn, f"MATCH (n:{table}) RETURN count(n)")[0][0]
            continue
        conn.execute(f"COPY {table} FROM '{d / name}' (header=true)")
        got = dict(kuzu_rows(conn, f"MATCH (n:{table}) RETURN n.c0, n.c2"))
        # Kùzu reads an empty field as NULL.
        want = {r[0]: r[2] or None for r in rows[1:]}
        check(got == want, f"{name}: kuzu read other names than csv.reader")
        copied += len(got)
    check(copied == len(g["nodes"]) + len(g["edges"]), f"kuzu copied {copied} rows")
    return {"files": sorted(rows_by_file), "nodes": len(ids), "edges": edges}


def read_svg(path, graph):
    import xml.etree.ElementTree as ET
    g = load(graph)
    root = ET.parse(path).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    titles = [t.text for grp in root.iter("{http://www.w3.org/2000/svg}g")
              if grp.get("class") == "node" for t in grp.findall("s:title", ns)]
    drawn = set(titles) - {"legend"}
    # Pictures leave out nodes without an edge.
    linked = {e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]}
    check(drawn == linked, f"drawn nodes differ: {sorted(drawn ^ linked)[:5]}")
    edges = sum(1 for grp in root.iter("{http://www.w3.org/2000/svg}g") if grp.get("class") == "edge")
    check(edges == len(g["edges"]), f"{edges} drawn edges, {len(g['edges'])} in the graph")
    return {"nodes": len(drawn), "edges": edges, "legend": "legend" in titles}


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    fn = {"json": read_json, "graphml": read_graphml, "gexf": read_gexf,
          "kuzu": read_kuzu, "csv": read_csv, "svg": read_svg}.get(kind)
    if fn is None:
        fail(f"unknown check {kind!r}")
    print(json.dumps(fn(*args), ensure_ascii=False))


if __name__ == "__main__":
    main()
