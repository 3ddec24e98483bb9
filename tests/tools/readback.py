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
  readback.py coattend-gexf    FILE.gexf GRAPH.json     networkx read_gexf: the co-attendance projection
  readback.py coattend-graphml FILE.graphml GRAPH.json  networkx read_graphml: the same
  readback.py coattend-csv     DIR GRAPH.json           csv + networkx: nodes.csv, edges.csv (Gephi's layout)
  readback.py dynamic-gexf     FILE.gexf GRAPH.json     networkx read_gexf: dynamic, spans from event dates
  readback.py query-csv        FILE.csv FILE.json       csv (utf-8-sig): same rows as the --json answer

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
        fail(f"python module {module!r} is missing: run scripts/setup-tests.sh (pip install {module})")


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


def expected_coattendance(graph):
    """People who took part in an event, and {frozenset(a, b): shared events},
    computed here from graph.json, independently of govgraph."""
    g = load(graph)
    kinds = {n["id"]: n["type"] for n in g["nodes"]}
    attendees = {}
    for e in g["edges"]:
        if e["relation"] == "participated_in" and kinds[e["source"]] == "person" \
                and kinds[e["target"]] == "event":
            attendees.setdefault(e["target"], set()).add(e["source"])
    people, ties = set(), Counter()
    for ev, ps in attendees.items():
        people |= ps
        ps = sorted(ps)
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                ties[frozenset((a, b))] += 1
    return people, ties, {n["id"]: n["name"] for n in g["nodes"]}


def compare_projection(G, graph, name_key):
    people, ties, names = expected_coattendance(graph)
    check(not G.is_directed(), "the projection should be undirected")
    check(set(G.nodes) == people, f"people differ: {sorted(set(G.nodes) ^ people)[:5]}")
    for p in people:
        check(G.nodes[p].get(name_key) == names[p], f"{p}: {name_key} {G.nodes[p].get(name_key)!r}")
    got = {frozenset((a, b)): float(d.get("weight", 0)) for a, b, d in G.edges(data=True)}
    check(len(got) == G.number_of_edges(), "a pair of people is linked twice")
    check(got == {k: float(v) for k, v in ties.items()},
          f"weights differ: {sorted((tuple(sorted(k)), got.get(k), ties.get(k)) for k in set(got) | set(ties) if got.get(k) != ties.get(k))[:5]}")
    return {"people": len(people), "ties": len(ties), "max_weight": max(ties.values(), default=0),
            "total_weight": sum(ties.values())}


def read_coattend_gexf(path, graph):
    nx = need("networkx")
    return compare_projection(nx.read_gexf(path), graph, "label")


def read_coattend_graphml(path, graph):
    nx = need("networkx")
    return compare_projection(nx.read_graphml(path), graph, "label")


def read_coattend_csv(path, graph):
    nx = need("networkx")
    d = Path(path)
    G = nx.Graph()
    with open(d / "nodes.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    check(rows and list(rows[0])[:2] == ["Id", "Label"], "nodes.csv: Gephi wants Id,Label first")
    for r in rows:
        G.add_node(r["Id"], label=r["Label"], events=int(r["events"]))
    with open(d / "edges.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        check(r["Type"] == "Undirected", f"edge type {r['Type']!r}")
        check(r["Source"] in G and r["Target"] in G, f"edge to an unknown person {r}")
        G.add_edge(r["Source"], r["Target"], weight=float(r["Weight"]))
    check(G.number_of_edges() == len(rows), "edges.csv lists a pair twice")
    return compare_projection(G, graph, "label")


def day_span(date):
    """(first, last) day of an event date with a year, else None."""
    import calendar
    parts = (date or "").split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        return date, date
    if len(parts) == 2 and len(parts[0]) == 4:
        y, m = int(parts[0]), int(parts[1])
        return f"{date}-01", f"{date}-{calendar.monthrange(y, m)[1]:02d}"
    return None


def read_dynamic_gexf(path, graph):
    nx = need("networkx")
    g = load(graph)
    G = nx.read_gexf(path)
    check(G.graph.get("mode") == "dynamic", f"mode {G.graph.get('mode')!r}, not dynamic")
    nodes = {n["id"]: n for n in g["nodes"]}
    spans = {i: day_span(n["attrs"].get("date")) for i, n in nodes.items() if n["type"] == "event"}
    dated = {i for i, s in spans.items() if s}
    events_in = {i for i in G.nodes if nodes[i]["type"] == "event"}
    check(events_in == dated, f"events on the timeline differ: {sorted(events_in ^ dated)[:5]}")
    reach = {}
    for e in g["edges"]:
        for ev, other in ((e["target"], e["source"]), (e["source"], e["target"])):
            if ev in dated and nodes[other]["type"] != "event":
                f, l = spans[ev]
                a, b = reach.get(other, (f, l))
                reach[other] = (min(a, f), max(b, l))
    for i, data in G.nodes(data=True):
        want = spans[i] if i in spans else reach.get(i)
        check(want is not None, f"{i} is on the timeline without a dated event")
        check((data.get("start"), data.get("end")) == want,
              f"{i}: spell {data.get('start')}..{data.get('end')}, expected {want}")
    timed = 0
    for a, b, data in G.edges(data=True):
        ev = a if a in spans else b if b in spans else None
        if ev is not None:
            timed += 1
            check((data.get("start"), data.get("end")) == spans[ev], f"edge {a}->{b}: not on its event's dates")
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "events": len(dated),
            "undated_events": len(spans) - len(dated), "timed_edges": timed}


def read_query_csv(path, answer):
    """A `query ... --csv` file against the same query's --json answer."""
    raw = open(path, "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark (Excel needs it)")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    a = load(answer)
    if "events" in a and isinstance(a["events"], list):
        want = [(r["event"]["id"], r["date"] or "", "、".join(r["roles"]), r["source"]["doc"]) for r in a["events"]]
        got = [(r["event_id"], r["date"], r["role"], r["doc"]) for r in rows]
        quoted = sum(1 for r in rows if r["evidence"])
    elif "people" in a:
        want = [(r["id"], str(r["count"]), "; ".join(e["id"] for e in r["events"])) for r in a["people"]]
        got = [(r["id"], r["count"], r["event_ids"]) for r in rows]
        quoted = 0
    else:
        want = [(h["id"], h.get("title") or "") for h in a["hits"]]
        got = [(r["id"], r["title"]) for r in rows]
        quoted = 0
    check(got == want, f"CSV rows differ from --json: {got[:3]} vs {want[:3]}")
    return {"rows": len(rows), "columns": list(rows[0]) if rows else [], "quoted": quoted}


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    fn = {"json": read_json, "graphml": read_graphml, "gexf": read_gexf,
          "kuzu": read_kuzu, "csv": read_csv, "svg": read_svg,
          "coattend-gexf": read_coattend_gexf, "coattend-graphml": read_coattend_graphml,
          "coattend-csv": read_coattend_csv, "dynamic-gexf": read_dynamic_gexf,
          "query-csv": read_query_csv}.get(kind)
    if fn is None:
        fail(f"unknown check {kind!r}")
    print(json.dumps(fn(*args), ensure_ascii=False))


if __name__ == "__main__":
    main()
