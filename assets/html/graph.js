// govgraph's interactive graph page: a force layout, an SVG renderer, search,
// neighbour highlighting and evidence reading, in plain JavaScript with no
// library and no network access. The graph is the JSON in #graph-data.
//
// URL hashes: #focus=<node id> clicks that node, #edge=<edge index> clicks
// that edge (both are written back as you click, so a view can be shared).
"use strict";
(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  var N = nodes.length;
  var svg = document.getElementById("canvas");
  var viewport = document.getElementById("viewport");
  var info = document.getElementById("info");
  var looks = {}, relLooks = {};
  data.types.forEach(function (t) { looks[t.kind] = t; });
  data.relations.forEach(function (r) { relLooks[r.relation] = r; });

  // ---------- graph structure ----------
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, k) { incident[e.s].push(k); if (e.t !== e.s) incident[e.t].push(k); });
  var degree = incident.map(function (l) { return l.length; });
  var byId = {};
  nodes.forEach(function (n, i) { byId[n.id] = i; });

  // ---------- layout: a deterministic force simulation ----------
  // Links pull (shorter for busy nodes), every pair repels (Barnes-Hut
  // approximation, so large graphs stay fast), a weak pull to the centre
  // keeps separate components in view. Same graph, same picture.
  var x = new Float64Array(N), y = new Float64Array(N);
  var vx = new Float64Array(N), vy = new Float64Array(N);
  var layoutStart = Date.now();
  (function layout() {
    var golden = Math.PI * (3 - Math.sqrt(5));
    for (var i = 0; i < N; i++) {
      var r = 12 * Math.sqrt(0.5 + i), a = i * golden;
      x[i] = r * Math.cos(a); y[i] = r * Math.sin(a);
    }
    var LINK = 42, CHARGE = -55, GRAVITY = 0.05, THETA2 = 0.81;
    // Fewer steps for big graphs keep the page quick to open (a few
    // seconds for 5000 nodes); the cooling schedule follows the count.
    var ticks = Math.round(Math.max(100, Math.min(320, 320000 / Math.max(N, 1)))), alpha = 1, alphaMin = 0.001;
    var decay = 1 - Math.pow(alphaMin, 1 / ticks), friction = 0.6;
    var bias = edges.map(function (e) {
      return degree[e.s] / (degree[e.s] + degree[e.t]);
    });
    var strength = edges.map(function (e) {
      return 1 / Math.max(1, Math.min(degree[e.s], degree[e.t]));
    });

    function Quad(x0, y0, size) {
      this.x0 = x0; this.y0 = y0; this.size = size;
      this.kids = null; this.point = -1; this.mass = 0; this.cx = 0; this.cy = 0;
    }
    Quad.prototype.insert = function (i, depth) {
      if (this.kids === null && this.point < 0 && this.mass === 0) { this.point = i; this.mass = 1; this.cx = x[i]; this.cy = y[i]; return; }
      if (this.kids === null) {
        if (depth > 40) { // coincident points: pool them here
          this.cx = (this.cx * this.mass + x[i]) / (this.mass + 1);
          this.cy = (this.cy * this.mass + y[i]) / (this.mass + 1);
          this.mass += 1; return;
        }
        this.kids = [null, null, null, null];
        var p = this.point; this.point = -1; this.mass = 0; this.cx = 0; this.cy = 0;
        this.insertKid(p, depth);
      }
      this.insertKid(i, depth);
    };
    Quad.prototype.insertKid = function (i, depth) {
      var h = this.size / 2;
      var qx = x[i] >= this.x0 + h ? 1 : 0, qy = y[i] >= this.y0 + h ? 1 : 0;
      var q = qy * 2 + qx;
      if (this.kids[q] === null) this.kids[q] = new Quad(this.x0 + qx * h, this.y0 + qy * h, h);
      this.kids[q].insert(i, depth + 1);
      this.cx = (this.cx * this.mass + x[i]) / (this.mass + 1);
      this.cy = (this.cy * this.mass + y[i]) / (this.mass + 1);
      this.mass += 1;
    };
    function repel(q, i, k) {
      var dx = q.cx - x[i], dy = q.cy - y[i], d2 = dx * dx + dy * dy;
      if (q.kids === null || (q.size * q.size) / (d2 || 1e-9) < THETA2) {
        if (q.point === i && q.mass === 1) return;
        if (d2 < 1) { dx = (i % 7) - 3 || 1; dy = (i % 5) - 2 || 1; d2 = dx * dx + dy * dy; }
        var w = (CHARGE * q.mass * k) / d2;
        vx[i] += dx * w; vy[i] += dy * w;
        return;
      }
      for (var c = 0; c < 4; c++) if (q.kids[c] !== null) repel(q.kids[c], i, k);
    }

    for (var t = 0; t < ticks && N > 0; t++) {
      alpha += (0 - alpha) * decay;
      for (var k = 0; k < edges.length; k++) {
        var s = edges[k].s, d = edges[k].t;
        if (s === d) continue;
        var dx = x[d] + vx[d] - x[s] - vx[s], dy = y[d] + vy[d] - y[s] - vy[s];
        var l = Math.sqrt(dx * dx + dy * dy) || 1;
        l = ((l - LINK) / l) * alpha * strength[k];
        dx *= l; dy *= l;
        vx[d] -= dx * bias[k]; vy[d] -= dy * bias[k];
        vx[s] += dx * (1 - bias[k]); vy[s] += dy * (1 - bias[k]);
      }
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var j = 0; j < N; j++) {
        if (x[j] < minX) minX = x[j]; if (x[j] > maxX) maxX = x[j];
        if (y[j] < minY) minY = y[j]; if (y[j] > maxY) maxY = y[j];
      }
      var root = new Quad(minX, minY, Math.max(maxX - minX, maxY - minY) + 1);
      for (j = 0; j < N; j++) root.insert(j, 0);
      for (j = 0; j < N; j++) {
        repel(root, j, alpha);
        vx[j] -= x[j] * GRAVITY * alpha; vy[j] -= y[j] * GRAVITY * alpha;
      }
      for (j = 0; j < N; j++) {
        vx[j] *= friction; vy[j] *= friction;
        x[j] += vx[j]; y[j] += vy[j];
      }
    }
  })();

  // ---------- rendering ----------
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function radius(i) { return Math.min(13, 4 + 1.5 * Math.sqrt(degree[i])); }
  function shape(kind, r, look, parent) {
    var st = { "class": "shape", fill: look.fill, stroke: look.border };
    var p;
    if (kind === "event") {
      st.points = [0, -r * 1.3, r * 1.3, 0, 0, r * 1.3, -r * 1.3, 0].join(" ");
      p = el("polygon", st, parent);
    } else if (kind === "place") {
      st.points = [0, -r * 1.2, r, -r * 0.3, r, r, -r, r, -r, -r * 0.3].join(" ");
      p = el("polygon", st, parent);
    } else if (kind === "agency" || kind === "article" || kind === "document") {
      st.x = -r; st.y = -r * 0.8; st.width = 2 * r; st.height = 1.6 * r; st.rx = 2;
      p = el("rect", st, parent);
    } else {
      st.r = r; p = el("circle", st, parent);
    }
    return p;
  }
  var defs = document.getElementById("markers");
  data.relations.forEach(function (r, i) {
    var m = el("marker", { id: "arrow" + i, viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerUnits: "userSpaceOnUse", markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: r.color }, m);
    r.marker = "url(#arrow" + i + ")";
  });
  var edgeLayer = document.getElementById("edges");
  var nodeLayer = document.getElementById("nodes");
  var labelLayer = document.getElementById("edge-labels");
  var edgeEls = edges.map(function (e, k) {
    var look = relLooks[e.rel];
    var dx = x[e.t] - x[e.s], dy = y[e.t] - y[e.s], l = Math.sqrt(dx * dx + dy * dy) || 1;
    var shrink = Math.min(l / 2, radius(e.t) + 2);
    var attrs = { "class": "edge", "data-k": k, x1: x[e.s], y1: y[e.s],
      x2: x[e.t] - (dx / l) * shrink, y2: y[e.t] - (dy / l) * shrink,
      stroke: look.color, "marker-end": look.marker };
    if (look.dash) attrs["stroke-dasharray"] = look.dash;
    var line = el("line", attrs, edgeLayer);
    var hit = el("line", { "class": "hit", "data-k": k, x1: x[e.s], y1: y[e.s], x2: x[e.t], y2: y[e.t] }, edgeLayer);
    var title = el("title", {}, hit);
    title.textContent = e.label;
    hit.addEventListener("click", function (ev) { ev.stopPropagation(); showEdge(k); });
    return line;
  });
  var labelEls = [];
  var nodeEls = nodes.map(function (n, i) {
    var g = el("g", { "class": "node", "data-id": n.id, "data-type": n.type,
      transform: "translate(" + x[i].toFixed(2) + "," + y[i].toFixed(2) + ")" }, nodeLayer);
    var r = radius(i);
    shape(n.type, r, looks[n.type], g);
    var label = el("text", { y: r, dy: "1.05em", "text-anchor": "middle" }, g);
    label.textContent = n.sub ? n.short + " · " + n.sub : n.short;
    labelEls[i] = label;
    var title = el("title", {}, g);
    title.textContent = n.name + (n.sub ? "\n" + n.sub : "") + "\n" + n.id;
    g.addEventListener("click", function (ev) { ev.stopPropagation(); focusNode(i, false); });
    return g;
  });

  // ---------- view: fit, pan, zoom ----------
  var view = { k: 1, tx: 0, ty: 0 };
  function applyView() {
    viewport.setAttribute("transform", "translate(" + view.tx + "," + view.ty + ") scale(" + view.k + ")");
    // Labels keep 10px on screen, shrinking only when zoomed far out.
    svg.style.setProperty("--label-size", (10 / Math.max(view.k, 0.55)).toFixed(3) + "px");
    // Nodes keep a visible size when zoomed far out.
    svg.style.setProperty("--node-scale", Math.max(1, 0.5 / view.k).toFixed(3));
    schedulePlacing();
  }

  // ---------- labels: show as many as fit without overlapping ----------
  // Greedy, by priority: the focus and its neighbours, search matches,
  // then people, events, agencies, places, busier nodes first.
  var typeRank = { person: 0, event: 1, agency: 2, place: 3 };
  var baseOrder = nodes.map(function (n, i) { return i; }).sort(function (a, b) {
    var ra = typeRank[nodes[a].type], rb = typeRank[nodes[b].type];
    ra = ra === undefined ? 4 : ra; rb = rb === undefined ? 4 : rb;
    return ra - rb || degree[b] - degree[a] || a - b;
  });
  function ems(s) {
    var w = 0;
    for (var c = 0; c < s.length; c++) w += s.charCodeAt(c) > 0x2e80 ? 1 : 0.6;
    return w;
  }
  var labelEms = nodes.map(function (n) { return ems(n.sub ? n.short + " · " + n.sub : n.short); });
  var placing = false;
  function schedulePlacing() {
    if (placing) return;
    placing = true;
    (window.requestAnimationFrame || setTimeout)(function () { placing = false; placeLabels(); });
  }
  function placeLabels() {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    var fs = 10 * Math.min(1, view.k / 0.55), CELL = 64, grid = {};
    var first = [], rest = [];
    baseOrder.forEach(function (i) {
      var c = nodeEls[i].classList;
      (c.contains("focus") || c.contains("nb") || c.contains("match") ? first : rest).push(i);
    });
    first.concat(rest).forEach(function (i) {
      var cx = x[i] * view.k + view.tx, top = (y[i] + radius(i)) * view.k + view.ty;
      var half = (labelEms[i] * fs) / 2, x0 = cx - half, x1 = cx + half, y0 = top, y1 = top + 1.3 * fs;
      var show = x1 > 0 && x0 < w && y1 > 0 && y0 < h && fs >= 4;
      var cells = [];
      if (show) {
        for (var gx = Math.floor(x0 / CELL); gx <= Math.floor(x1 / CELL) && show; gx++) {
          for (var gy = Math.floor(y0 / CELL); gy <= Math.floor(y1 / CELL) && show; gy++) {
            var key = gx + "," + gy;
            (grid[key] || []).forEach(function (b) {
              if (x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1) show = false;
            });
            cells.push(key);
          }
        }
      }
      if (show) cells.forEach(function (key) { (grid[key] = grid[key] || []).push([x0, y0, x1, y1]); });
      labelEls[i].classList.toggle("hidden", !show);
    });
  }
  function fit(indices, maxZoom) {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    indices.forEach(function (i) {
      minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
    });
    if (!isFinite(minX)) { view = { k: 1, tx: w / 2, ty: h / 2 }; applyView(); return; }
    var pad = 40;
    var k = Math.min((w - 2 * pad) / Math.max(maxX - minX, 1), (h - 2 * pad) / Math.max(maxY - minY, 1));
    k = Math.max(0.05, Math.min(k, maxZoom || 3));
    view = { k: k, tx: w / 2 - k * (minX + maxX) / 2, ty: h / 2 - k * (minY + maxY) / 2 };
    applyView();
  }
  var all = nodes.map(function (n, i) { return i; });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty, moved: false };
    svg.classList.add("panning");
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.tx = drag.tx + dx; view.ty = drag.ty + dy; applyView();
  });
  window.addEventListener("mouseup", function () { svg.classList.remove("panning"); setTimeout(function () { drag = null; }, 0); });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) clearFocus(); });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    var f = Math.exp(-ev.deltaY * 0.0015);
    var k = Math.max(0.02, Math.min(view.k * f, 20));
    view.tx = mx - (mx - view.tx) * (k / view.k); view.ty = my - (my - view.ty) * (k / view.k);
    view.k = k; applyView();
  }, { passive: false });
  document.getElementById("fit").addEventListener("click", function () { fit(all); });

  // ---------- panel helpers ----------
  function text(tag, s, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = s;
    return e;
  }
  function nodeLink(i) {
    var a = text("span", nodes[i].name, "link");
    a.addEventListener("click", function () { focusNode(i, true); });
    return a;
  }
  function attrsTable(rows) {
    var t = document.createElement("table");
    t.className = "attrs";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.appendChild(text("td", r[0])); tr.appendChild(text("td", r[1]));
      t.appendChild(tr);
    });
    return t;
  }
  var ownHash = null;
  function setHash(h) {
    ownHash = h ? "#" + h : "";
    try { history.replaceState(null, "", h ? "#" + h : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
  }

  // ---------- focus a node ----------
  var focused = null;
  function clearMarks() {
    svg.classList.remove("focusing");
    nodeEls.forEach(function (g) { g.classList.remove("focus", "nb"); });
    edgeEls.forEach(function (l) { l.classList.remove("hl", "selected"); });
    while (labelLayer.firstChild) labelLayer.removeChild(labelLayer.firstChild);
    schedulePlacing();
  }
  function clearFocus() {
    clearMarks(); focused = null; setHash("");
    info.replaceChildren(text("p", "Click a node to highlight its neighbours; click an edge to read its evidence.", "hint"));
  }
  function edgeLabel(k) {
    var e = edges[k];
    var t = el("text", { "class": "elabel", x: (x[e.s] + x[e.t]) / 2, y: (y[e.s] + y[e.t]) / 2, dy: "-0.3em",
      "text-anchor": "middle", fill: relLooks[e.rel].color }, labelLayer);
    t.textContent = e.label;
  }
  // Highlight node i and its neighbours; with zoom, bring them into view.
  function focusNode(i, zoom) {
    clearMarks();
    focused = i;
    svg.classList.add("focusing");
    nodeEls[i].classList.add("focus");
    var groups = {};
    incident[i].forEach(function (k) {
      var e = edges[k], other = e.s === i ? e.t : e.s;
      nodeEls[other].classList.add("nb");
      edgeEls[k].classList.add("hl");
      edgeLabel(k);
      var head = e.s === i ? e.rel + " →" : "← " + e.rel;
      (groups[head] = groups[head] || []).push([k, other]);
    });
    setHash("focus=" + encodeURIComponent(nodes[i].id));
    var n = nodes[i];
    var box = [text("h3", n.name), text("div", n.type + (n.sub ? " · " + n.sub : ""), "kind")];
    var rows = n.info.slice();
    if (n.aliases.length) rows.unshift(["aliases", n.aliases.join("、")]);
    rows.push(["id", n.id]);
    box.push(attrsTable(rows));
    box.push(text("h2", "Neighbours (" + incident[i].length + ")"));
    Object.keys(groups).sort().forEach(function (head) {
      box.push(text("div", head, "kind"));
      var ul = document.createElement("ul");
      ul.className = "neighbours";
      groups[head].forEach(function (pair) {
        var li = document.createElement("li");
        li.appendChild(nodeLink(pair[1]));
        var e = edges[pair[0]];
        var extra = [e.role, e.date].filter(Boolean).join(" · ");
        if (extra) li.appendChild(text("span", " " + extra, "kind"));
        var ev = text("span", " evidence", "link");
        ev.addEventListener("click", function () { showEdge(pair[0]); });
        li.appendChild(ev);
        ul.appendChild(li);
      });
      box.push(ul);
    });
    info.replaceChildren.apply(info, box);
    if (zoom) fit([i].concat(incident[i].map(function (k) { return edges[k].s === i ? edges[k].t : edges[k].s; })), 2.5);
  }

  // ---------- read an edge's evidence ----------
  function showEdge(k) {
    clearMarks();
    var e = edges[k];
    svg.classList.add("focusing");
    edgeEls[k].classList.add("hl", "selected");
    nodeEls[e.s].classList.add("nb"); nodeEls[e.t].classList.add("nb");
    edgeLabel(k);
    setHash("edge=" + k);
    var title = document.createElement("h3");
    title.appendChild(nodeLink(e.s));
    title.appendChild(text("span", " —" + e.rel + "→ "));
    title.appendChild(nodeLink(e.t));
    var box = [title];
    var rows = [["relation", e.rel]];
    if (e.role) rows.push(["role", e.role]);
    if (e.date) rows.push(["date", e.date]);
    rows.push(["weight", String(e.weight)]);
    box.push(attrsTable(rows));
    box.push(text("h2", "Evidence (" + e.ev.length + ")"));
    e.ev.forEach(function (v) {
      var div = document.createElement("div");
      div.className = "evidence";
      div.appendChild(text("div", v.doc + " · article " + v.article + " · characters " + v.start + "–" + v.end, "where"));
      if (v.headline) div.appendChild(text("div", v.headline, "kind"));
      if (v.text !== undefined) {
        var q = document.createElement("blockquote");
        q.appendChild(document.createTextNode(v.before));
        q.appendChild(text("mark", v.text));
        q.appendChild(document.createTextNode(v.after));
        div.appendChild(q);
      } else {
        div.appendChild(text("p", "(sentence not embedded: export with --pages DIR to include it)", "hint"));
      }
      box.push(div);
    });
    info.replaceChildren.apply(info, box);
  }

  // ---------- search ----------
  var search = document.getElementById("search"), results = document.getElementById("results");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var out = [];
    nodes.forEach(function (n, i) {
      var hay = [n.name].concat(n.aliases).join("\n").toLowerCase();
      if (hay.indexOf(q) >= 0 || n.id.toLowerCase() === q) out.push(i);
    });
    return out;
  }
  search.addEventListener("input", function () {
    nodeEls.forEach(function (g) { g.classList.remove("match"); });
    results.replaceChildren();
    var found = matches(search.value);
    found.forEach(function (i) { nodeEls[i].classList.add("match"); });
    schedulePlacing();
    found.slice(0, 30).forEach(function (i) {
      var li = document.createElement("li");
      li.appendChild(text("span", nodes[i].name));
      li.appendChild(text("span", " " + nodes[i].type + (nodes[i].sub ? " · " + nodes[i].sub : ""), "kind"));
      li.addEventListener("click", function () { focusNode(i, true); });
      results.appendChild(li);
    });
    if (found.length > 30) results.appendChild(text("li", "… " + (found.length - 30) + " more", "kind"));
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = matches(search.value);
    if (found.length) focusNode(found[0], true);
  });

  // ---------- legend and header ----------
  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    var row = document.createElement("div");
    row.className = "legend-row";
    var sw = document.createElementNS(SVGNS, "svg");
    sw.setAttribute("class", "swatch"); sw.setAttribute("viewBox", "-12 -10 24 20");
    shape(t.kind, 7, t, sw);
    row.appendChild(sw);
    row.appendChild(text("span", t.kind + " (" + t.count + ")"));
    legend.appendChild(row);
  });
  data.relations.forEach(function (r) {
    var row = document.createElement("div");
    row.className = "legend-row";
    var sw = document.createElementNS(SVGNS, "svg");
    sw.setAttribute("class", "swatch"); sw.setAttribute("viewBox", "0 0 24 12");
    var a = { x1: 1, y1: 6, x2: 23, y2: 6, stroke: r.color, "stroke-width": 2 };
    if (r.dash) a["stroke-dasharray"] = r.dash;
    el("line", a, sw);
    row.appendChild(sw);
    row.appendChild(text("span", r.relation + " (" + r.count + ")"));
    legend.appendChild(row);
  });
  document.getElementById("stats").textContent = N + " nodes, " + edges.length + " edges";

  // ---------- start ----------
  fit(all);
  function applyHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    var click = new MouseEvent("click", { bubbles: true, cancelable: true, view: window });
    if (h.indexOf("focus=") === 0 && byId[h.slice(6)] !== undefined) {
      var i = byId[h.slice(6)];
      nodeEls[i].dispatchEvent(click);
      fit([i].concat(incident[i].map(function (k) { return edges[k].s === i ? edges[k].t : edges[k].s; })), 2.5);
      return true;
    }
    if (h.indexOf("edge=") === 0) {
      var k = parseInt(h.slice(5), 10);
      var hit = edgeLayer.querySelector('.hit[data-k="' + k + '"]');
      if (hit) { hit.dispatchEvent(click); fit([edges[k].s, edges[k].t], 2.5); return true; }
    }
    return false;
  }
  // Only hashes typed or followed by the user move the view, not our own.
  window.addEventListener("hashchange", function () {
    if (location.hash !== ownHash && decodeURIComponent(location.hash) !== decodeURIComponent(ownHash || "")) applyHash();
  });
  if (!applyHash() && data.focus !== null && byId[data.focus] !== undefined) focusNode(byId[data.focus], false);
  // Layout and drawing are done: scripts driving the page wait for this.
  document.documentElement.setAttribute("data-layout-ms", String(Date.now() - layoutStart));
  document.documentElement.setAttribute("data-ready", "true");
})();
