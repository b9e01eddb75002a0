#!/usr/bin/env python3
"""Client check of stancegraph's graph exports.

Usage: check_graph.py DIR EXPECTED.json

DIR holds graph.json, graph.dot, graph.svg, nodes.csv, edges.csv,
graph.gexf and graph.graphml; EXPECTED.json (written by the Rust test)
lists the nodes and edges the Rust side wrote. Loads the JSON with
networkx.node_link_graph(data, edges="edges"), the GEXF with
networkx.read_gexf and the GraphML with networkx.read_graphml, and checks
nodes, edges and attributes; renders graph.dot with `dot -Tsvg` when `dot`
is installed; checks every SVG is well-formed XML holding every node label.

Exit codes: 0 ok, 1 check failed, 77 a needed tool is missing (skip).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP = 77


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    out_dir, expected_path = sys.argv[1], sys.argv[2]
    try:
        import networkx as nx
    except ImportError:
        print("SKIP: python module networkx is not installed (pip install networkx)")
        return SKIP

    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    exp_nodes = {n["id"]: n for n in expected["nodes"]}
    exp_edges = {(e["source"], e["target"], e["relation"]): e for e in expected["edges"]}

    # --- node-link JSON -------------------------------------------------
    with open(os.path.join(out_dir, "graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="edges")
    check(isinstance(g, nx.MultiDiGraph), f"graph.json loads as {type(g).__name__}")
    check(set(g.nodes) == set(exp_nodes), "graph.json: node ids differ")
    for nid, exp in exp_nodes.items():
        attrs = g.nodes[nid]
        for k in ("label_zh", "label_en", "kind", "parent", "country"):
            check(attrs.get(k) == exp[k], f"graph.json node {nid!r} {k}: {attrs.get(k)!r} != {exp[k]!r}")
        check(attrs.get("label") == " ".join(exp["label_lines"]), f"graph.json node {nid!r} label: {attrs.get('label')!r}")
    got = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}
    check(set(got) == set(exp_edges), f"graph.json: edges differ: {sorted(set(got) ^ set(exp_edges))}")
    for key, exp in exp_edges.items():
        d = got[key]
        check(d["relation"] == key[2], f"graph.json edge {key}: relation")
        check(d["weight"] == exp["weight"], f"graph.json edge {key}: weight")
        check(d["articles"] == exp["articles"], f"graph.json edge {key}: articles")
        check(d["outlets"] == exp["outlets"], f"graph.json edge {key}: outlets")
        check(d["first_date"] == exp["first_date"], f"graph.json edge {key}: first_date")
        check(d["last_date"] == exp["last_date"], f"graph.json edge {key}: last_date")
        check(len(d["evidence"]) == exp["evidence_count"], f"graph.json edge {key}: evidence")
        for ev in d["evidence"]:
            check(set(ev) == {"doc", "sentence", "cue", "rule", "span", "confidence"}, f"evidence fields {sorted(ev)}")
            check(0.0 <= ev["confidence"] <= 1.0, f"evidence confidence {ev['confidence']}")
            check(ev["doc"] in d["articles"], f"evidence doc {ev['doc']!r} not among articles")
    check(g.graph.get("tool") == "stancegraph", "graph.json: graph attribute tool")
    check(g.graph.get("version") == expected["version"], "graph.json: graph attribute version")
    check(g.graph.get("level") == expected["level"], "graph.json: graph attribute level")
    print(f"ok graph.json: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")

    # --- GEXF -----------------------------------------------------------
    gx = nx.read_gexf(os.path.join(out_dir, "graph.gexf"))
    check(gx.is_directed() and gx.is_multigraph(), "graph.gexf: not a directed multigraph")
    check(set(gx.nodes) == set(exp_nodes), "graph.gexf: node ids differ")
    for nid, exp in exp_nodes.items():
        attrs = gx.nodes[nid]
        for k in ("label_zh", "label_en", "kind", "country"):
            check(attrs.get(k) == exp[k], f"graph.gexf node {nid!r} {k}: {attrs.get(k)!r} != {exp[k]!r}")
        check(attrs.get("parent") == exp["parent"], f"graph.gexf node {nid!r} parent")
        check(attrs.get("label") == " ".join(exp["label_lines"]), f"graph.gexf node {nid!r} label")
        color = attrs.get("viz", {}).get("color", {})
        check({"r", "g", "b"} <= set(color), f"graph.gexf node {nid!r}: no viz colour ({attrs.get('viz')!r})")
    got = {(u, v, k): d for u, v, k, d in gx.edges(keys=True, data=True)}
    check(set(got) == set(exp_edges), f"graph.gexf: edges differ: {sorted(set(got) ^ set(exp_edges))[:5]}")
    for key, exp in exp_edges.items():
        d = got[key]
        check(d["weight"] == float(exp["weight"]), f"graph.gexf edge {key}: weight")
        check(d["relation"] == key[2], f"graph.gexf edge {key}: relation")
        check(d["articles"] == ";".join(exp["articles"]), f"graph.gexf edge {key}: articles")
        check(d["evidence_count"] == exp["evidence_count"], f"graph.gexf edge {key}: evidence_count")
    print(f"ok graph.gexf: {gx.number_of_nodes()} nodes, {gx.number_of_edges()} edges")

    # --- GraphML --------------------------------------------------------
    gm = nx.read_graphml(os.path.join(out_dir, "graph.graphml"), force_multigraph=True)
    check(gm.is_directed() and gm.is_multigraph(), "graph.graphml: not a directed multigraph")
    check(set(gm.nodes) == set(exp_nodes), "graph.graphml: node ids differ")
    for nid, exp in exp_nodes.items():
        attrs = gm.nodes[nid]
        for k in ("label_zh", "label_en", "kind", "country"):
            check(attrs.get(k) == exp[k], f"graph.graphml node {nid!r} {k}: {attrs.get(k)!r} != {exp[k]!r}")
        check(attrs.get("parent") == exp["parent"], f"graph.graphml node {nid!r} parent")
        check(attrs.get("label") == " ".join(exp["label_lines"]), f"graph.graphml node {nid!r} label")
    got = {(u, v, k): d for u, v, k, d in gm.edges(keys=True, data=True)}
    check(set(got) == set(exp_edges), f"graph.graphml: edges differ: {sorted(set(got) ^ set(exp_edges))[:5]}")
    for key, exp in exp_edges.items():
        d = got[key]
        check(d["weight"] == exp["weight"], f"graph.graphml edge {key}: weight")
        check(d["outlets"] == ";".join(exp["outlets"]), f"graph.graphml edge {key}: outlets")
    check(gm.graph.get("level") == expected["level"], "graph.graphml: graph attribute level")
    print(f"ok graph.graphml: {gm.number_of_nodes()} nodes, {gm.number_of_edges()} edges")

    # --- CSV ------------------------------------------------------------
    for name in ("nodes.csv", "edges.csv"):
        with open(os.path.join(out_dir, name), "rb") as f:
            check(f.read(3) == b"\xef\xbb\xbf", f"{name}: no UTF-8 byte order mark for Excel")
    with open(os.path.join(out_dir, "nodes.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    check({r["id"] for r in rows} == set(exp_nodes), "nodes.csv: ids differ")
    for r in rows:
        exp = exp_nodes[r["id"]]
        check(r["label_zh"] == exp["label_zh"] and r["label_en"] == exp["label_en"], f"nodes.csv labels of {r['id']!r}")
        check(r["label"] == " ".join(exp["label_lines"]), f"nodes.csv label of {r['id']!r}")
    with open(os.path.join(out_dir, "edges.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == len(exp_edges), "edges.csv: row count")
    for r in rows:
        exp = exp_edges[(r["source"], r["target"], r["relation"])]
        check(int(r["weight"]) == exp["weight"], "edges.csv weight")
        check(r["articles"].split(";") == exp["articles"], f"edges.csv articles {r['articles']!r}")
        check(r["outlets"].split(";") == exp["outlets"], f"edges.csv outlets {r['outlets']!r}")
    print(f"ok nodes.csv, edges.csv: {len(rows)} edges")

    # --- SVG ------------------------------------------------------------
    svgs = [os.path.join(out_dir, "graph.svg")]
    dot = shutil.which("dot")
    if dot:
        system_svg = os.path.join(out_dir, "graph.system.svg")
        with open(system_svg, "wb") as f:
            proc = subprocess.run([dot, "-Tsvg", os.path.join(out_dir, "graph.dot")], stdout=f, stderr=subprocess.PIPE)
        check(proc.returncode == 0, f"dot -Tsvg graph.dot failed: {proc.stderr.decode(errors='replace')}")
        svgs.append(system_svg)
    else:
        print("note: Graphviz dot is not installed; graph.dot was not rendered")
    for path in svgs:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            fail(f"{path} is not well-formed XML: {e}")
        texts = "\n".join(t for t in root.itertext())
        for nid, exp in exp_nodes.items():
            for line in exp["label_lines"]:
                check(line in texts, f"{os.path.basename(path)}: label line {line!r} of {nid!r} missing")
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            check(tag not in ("script", "a", "foreignObject"), f"{os.path.basename(path)}: <{tag}> element")
        print(f"ok {os.path.basename(path)}: well-formed, all labels present")
    if not dot and os.environ.get("CI") == "true":
        print("FAIL: Graphviz dot is required when CI=true (apt-get install graphviz)")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
