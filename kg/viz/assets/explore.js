/* kg explore: the whole graph in one page, shown a few nodes at a time. The page carries the
 * index of every node (kind, labels in English and Spanish, metrics) and every link; it draws a
 * small part of it with vis-network and lets the analyst search, focus, expand and collapse, go
 * back and forward, lay out, filter, switch languages, find paths, compare topics and export.
 *
 * window.kgExplorer is its API (the browser tests and notebooks use it):
 *   search(text, limit)  -> [{id, iri, label, kind, language}]  (both languages, most central first)
 *   focus(node)          -> the node's id; shows it (with its links to what is shown), pinned
 *   expand(node, kind, limit) -> the IRIs added (the most central neighbours not shown yet)
 *   collapse(node)       -> the IRIs removed (neighbours shown only because of it)
 *   visible()            -> {nodes: [{id, iri, kind, label, x, y, labelled}], links: [{source, target, relation}]}
 *   path(a, b)           -> the IRIs of a shortest path, shown and highlighted ([] when none)
 *   similarity(a, b)     -> {resources, publishers, resourceJaccard, publisherJaccard}
 *   layout(name)         -> a Promise, resolved when "force", "radial" or "hierarchical" is done
 *   language(code), filter(spec), back(), forward(), download(what), ready (a Promise)
 * where a node is its id, its IRI or its exact title. Every string from the data reaches the
 * page as text (textContent, vis-network's innerText tooltips, canvas text); nothing is fetched. */
(function () {
  "use strict";

  performance.mark("kg:start");
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");
  var N = D.k.length;
  var KINDS = D.kinds;
  var REL = D.relations;
  var SIMILAR = REL.indexOf("similar");
  var STEP = 10; // neighbours added by one click, per kind
  var LANGUAGE_NAMES = { en: "English", es: "Español" };
  var KIND_ORDER = ["group", "topic", "resource", "publisher", "section", "audience"];

  /* ------------------------------------------------------------ the index: adjacency from the links */

  var links = D.links;
  var M = links.length / 3;
  var degreeAll = new Int32Array(N);
  for (var i = 0; i < M; i++) { degreeAll[links[3 * i]]++; degreeAll[links[3 * i + 1]]++; }
  var start = new Int32Array(N + 1);
  for (i = 0; i < N; i++) start[i + 1] = start[i] + degreeAll[i];
  var fill = start.slice(0, N);
  var adjacent = new Int32Array(2 * M);
  var adjacentLink = new Int32Array(2 * M);
  for (i = 0; i < M; i++) {
    var s = links[3 * i], t = links[3 * i + 1];
    adjacent[fill[s]] = t; adjacentLink[fill[s]++] = i;
    adjacent[fill[t]] = s; adjacentLink[fill[t]++] = i;
  }
  var sorted = new Uint8Array(N);
  function neighbourSlots(node) {
    /* the slots of ``node``'s neighbours, most central first (sorted once, when first asked) */
    if (!sorted[node]) {
      var from = start[node], to = start[node + 1];
      var pairs = [];
      for (var j = from; j < to; j++) pairs.push([adjacent[j], adjacentLink[j]]);
      pairs.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
      for (j = from; j < to; j++) { adjacent[j] = pairs[j - from][0]; adjacentLink[j] = pairs[j - from][1]; }
      sorted[node] = 1;
    }
    return [start[node], start[node + 1]];
  }
  function neighbours(node, relationFilter) {
    var slots = neighbourSlots(node);
    var found = [];
    for (var j = slots[0]; j < slots[1]; j++) {
      var relation = links[3 * adjacentLink[j] + 2];
      if (!relationFilter || relationFilter(relation)) found.push(adjacent[j]);
    }
    return found;
  }
  function kindOf(node) { return KINDS[D.k[node]]; }
  function iriOf(node) { return D.prefixes[D.iriP[node]] + D.iri[node]; }
  function urlOf(node) {
    var url = D.urlP[node] < 0 ? "" : D.prefixes[D.urlP[node]] + D.url[node];
    return /^https?:\/\//i.test(url) ? url : "";
  }
  var byIri = null;
  function nodeOf(ref) {
    if (typeof ref === "number") return ref >= 0 && ref < N ? ref : -1;
    if (typeof ref !== "string") return -1;
    if (!byIri) { byIri = new Map(); for (var j = 0; j < N; j++) byIri.set(iriOf(j), j); }
    if (byIri.has(ref)) return byIri.get(ref);
    for (var k = 0; k < N; k++) if (D.en[k] === ref || D.es[k] === ref) return k;
    return -1;
  }

  /* ------------------------------------------------------------ labels, sizes, tooltips */

  var state = {
    language: D.language,
    focus: -1,
    selected: -1,
    highlight: null,
    layout: D.layout,
    pathStart: -1,
    hiddenKinds: new Set(),
    facets: {},
    ranges: {},
  };

  function label(node, language) {
    var lang = language || state.language;
    var other = lang === "en" ? "es" : "en";
    var first = lang === "en" ? D.en[node] : D.es[node] || D.en[node];
    return first || (other === "en" ? D.en[node] : D.es[node]) || D.iri[node] || iriOf(node);
  }
  function shorten(text, length) {
    return text.length <= length ? text : text.slice(0, length - 1).trim() + "…";
  }
  var prMax = 0;
  for (i = 0; i < N; i++) if (D.pr[i] > prMax) prMax = D.pr[i];
  var degreeMax = 1;
  for (i = 0; i < N; i++) if (D.deg[i] > degreeMax) degreeMax = D.deg[i];
  function importance(node) { return prMax > 0 && D.pr[node] >= 0 ? D.pr[node] / prMax : D.deg[node] / degreeMax; }
  function sizeOf(node) { return Math.round((8 + 26 * Math.sqrt(importance(node))) * 10) / 10; }
  function number(value, digits) {
    if (value < 0) return "—";
    if (value === 0) return "0";
    return value >= 0.01 && value < 1e6 ? Number(value.toPrecision(digits || 4)).toString() : value.toExponential((digits || 4) - 1);
  }
  function kindLabel(node) { return D.styles.kinds[kindOf(node)].label; }
  function metricLines(node) {
    var lines = [];
    if (D.pr[node] >= 0) lines.push(["PageRank", number(D.pr[node])]);
    lines.push(["Links", D.deg[node].toLocaleString("en")]);
    if (D.bt[node] >= 0) lines.push(["Betweenness", number(D.bt[node], 3)]);
    if (D.cm[node] >= 0) lines.push(["Community", D.communities[D.cm[node]]]);
    if (D.nih[node] >= 0) lines.push(["NIH", D.nih[node] ? (kindOf(node) === "publisher" ? "part of NIH" : "published by NIH") : "no"]);
    return lines;
  }
  function tooltip(node) {
    var lines = [label(node)];
    var kind = kindLabel(node) + (D.details[D.det[node]] ? " · " + D.details[D.det[node]] : "");
    if (D.lang[node]) kind += " · " + (LANGUAGE_NAMES[D.lang[node]] || D.lang[node]);
    lines.push(kind);
    var publishers = (facetValues(node, "publisher") || []).filter(function (p) { return p !== node; });
    if (publishers.length) {
      lines.push("Publisher: " + publishers.slice(0, 3).map(function (p) { return label(p); }).join("; ") +
        (publishers.length > 3 ? "; … (" + publishers.length + " in all)" : ""));
    }
    if (kindOf(node) === "publisher") {
      var published = neighbours(node, function (r) { return REL[r] === "published by"; }).length;
      lines.push("Publishes " + published.toLocaleString("en") + " resources");
    }
    lines.push(metricLines(node).map(function (row) { return row[0] + ": " + row[1]; }).join(" · "));
    if (urlOf(node)) lines.push(urlOf(node));
    return lines.join("\n");
  }

  /* ------------------------------------------------------------ facets and filters */

  var facetCache = { publisher: new Map(), audience: new Map(), section: new Map(), group: new Map() };
  var FACET_RELATION = { publisher: "published by", audience: "for audience", section: "listed under", group: "in group" };
  function direct(node, facet) {
    var relation = FACET_RELATION[facet];
    return neighbours(node, function (r) { return REL[r] === relation; }).filter(function (n) { return kindOf(n) === facet; });
  }
  function facetValues(node, facet) {
    /* the values a filter on ``facet`` sees for ``node``; null when the filter does not apply to its kind */
    var kind = kindOf(node);
    if (facet === "community") return kind === "topic" ? (D.cm[node] >= 0 ? [D.cm[node]] : []) : null;
    if (kind === facet) return [node];
    var cache = facetCache[facet];
    if (cache.has(node)) return cache.get(node);
    var found = null;
    if (facet === "group") {
      found = kind === "topic" ? direct(node, "group") : null;
    } else if (kind === "resource") {
      found = direct(node, facet);
    } else if (kind === "topic") {
      var seen = new Set(facet === "audience" ? direct(node, facet) : []);
      neighbours(node, function (r) { return REL[r] === "lists" || REL[r] === "encyclopedia"; }).forEach(function (resource) {
        direct(resource, facet).forEach(function (v) { seen.add(v); });
      });
      found = Array.from(seen);
    } else if (facet === "audience" && kind === "section") {
      found = direct(node, facet);
    }
    cache.set(node, found);
    return found;
  }
  function passes(node) {
    if (state.hiddenKinds.has(kindOf(node))) return false;
    var facets = Object.keys(state.facets);
    for (var f = 0; f < facets.length; f++) {
      var wanted = state.facets[facets[f]];
      if (!wanted || !wanted.size) continue;
      var values = facetValues(node, facets[f]);
      if (values === null) continue;
      if (!values.some(function (v) { return wanted.has(v); })) return false;
    }
    var pr = state.ranges.pagerank, dg = state.ranges.degree;
    if (pr && D.pr[node] >= 0 && (D.pr[node] < pr[0] || D.pr[node] > pr[1])) return false;
    if (dg && (D.deg[node] < dg[0] || D.deg[node] > dg[1])) return false;
    return true;
  }

  /* ------------------------------------------------------------ the network */

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, D.options);
  performance.mark("kg:network");
  var shown = new Set();
  var addedBy = new Map(); // node -> the nodes its expansion added

  function nodeObject(node, x, y) {
    var style = D.styles.kinds[kindOf(node)];
    return {
      id: node, x: x, y: y, label: "", title: tooltip(node), shape: style.shape, size: sizeOf(node),
      color: { background: style.colour, border: "#ffffff" }, borderWidth: 1, hidden: !passes(node),
    };
  }
  function edgeObject(link) {
    var relation = REL[links[3 * link + 2]];
    var style = D.styles.relations[relation];
    var edge = { id: link, from: links[3 * link], to: links[3 * link + 1], color: style.colour, title: style.label, rel: relation };
    if (style.dashes) edge.dashes = true;
    if (style.arrow) edge.arrows = "to";
    return edge;
  }
  function addNodes(list, near) {
    /* show ``list`` (node numbers), placed around ``near`` (a shown node) or at the centre */
    var fresh = list.filter(function (n) { return !shown.has(n); });
    if (!fresh.length) return fresh;
    var places = placeAround(near, fresh.length);
    nodes.add(fresh.map(function (n, j) { shown.add(n); return nodeObject(n, places[j][0], places[j][1]); }));
    var newEdges = [];
    fresh.forEach(function (n) {
      var slots = neighbourSlots(n);
      for (var j = slots[0]; j < slots[1]; j++) {
        var link = adjacentLink[j];
        if (shown.has(adjacent[j]) && !edges.get(link)) { newEdges.push(edgeObject(link)); }
      }
    });
    var unique = new Map();
    newEdges.forEach(function (edge) { unique.set(edge.id, edge); });
    edges.add(Array.from(unique.values()));
    return fresh;
  }
  function removeNodes(list) {
    var gone = new Set(list);
    var edgeIds = edges.getIds({ filter: function (edge) { return gone.has(edge.from) || gone.has(edge.to); } });
    edges.remove(edgeIds);
    nodes.remove(list);
    list.forEach(function (n) { shown.delete(n); addedBy.delete(n); });
  }
  function placeAround(near, count) {
    var positions = [];
    var centre = { x: 0, y: 0 };
    var angle = 0;
    if (near >= 0 && shown.has(near)) {
      centre = network.getPositions([near])[near];
      var all = network.getPositions();
      var keys = Object.keys(all);
      var cx = 0, cy = 0;
      keys.forEach(function (key) { cx += all[key].x; cy += all[key].y; });
      cx /= keys.length; cy /= keys.length;
      angle = Math.atan2(centre.y - cy, centre.x - cx);
      if (!isFinite(angle) || (centre.x === cx && centre.y === cy)) angle = 0;
    } else if (shown.size) {
      centre = { x: 0, y: 0 };
    }
    var ring = 0, placed = 0;
    while (placed < count) {
      var inRing = Math.min(count - placed, 10 + 8 * ring);
      var radius = 110 + 70 * ring;
      var spread = near >= 0 ? 0.45 * inRing : 2 * Math.PI;
      for (var j = 0; j < inRing; j++) {
        var a = spread >= 2 * Math.PI ? angle + (2 * Math.PI * j) / inRing
          : angle + (inRing === 1 ? 0 : spread * (j / (inRing - 1) - 0.5));
        positions.push([centre.x + radius * Math.cos(a), centre.y + radius * Math.sin(a)]);
      }
      placed += inRing; ring += 1;
    }
    return positions;
  }

  /* ------------------------------------------------------------ layouts (no two nodes on one spot) */

  function separate(movable) {
    /* push apart nodes closer than their sizes allow (the focus stays put) */
    var ids = nodes.getIds();
    var at = network.getPositions(ids);
    var radius = {};
    ids.forEach(function (id) { radius[id] = sizeOf(id) + 6; });
    for (var pass = 0; pass < 60; pass++) {
      var moved = false;
      var grid = new Map();
      var cell = 90;
      ids.forEach(function (id) {
        var key = Math.floor(at[id].x / cell) + "," + Math.floor(at[id].y / cell);
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(id);
      });
      ids.forEach(function (id) {
        var gx = Math.floor(at[id].x / cell), gy = Math.floor(at[id].y / cell);
        for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
          (grid.get((gx + dx) + "," + (gy + dy)) || []).forEach(function (other) {
            if (other <= id) return;
            var ax = at[other].x - at[id].x, ay = at[other].y - at[id].y;
            var distance = Math.sqrt(ax * ax + ay * ay);
            var wanted = radius[id] + radius[other];
            if (distance >= wanted) return;
            if (distance < 0.01) { ax = Math.cos(id + other); ay = Math.sin(id + other); distance = 1; }
            var push = (wanted - distance) / distance;
            var moveId = id !== state.focus && (!movable || movable.has(id));
            var moveOther = other !== state.focus && (!movable || movable.has(other));
            if (!moveId && !moveOther) { moveOther = other !== state.focus; moveId = !moveOther; }
            var share = moveId && moveOther ? 0.5 : 1;
            if (moveId) { at[id].x -= ax * push * share; at[id].y -= ay * push * share; }
            if (moveOther) { at[other].x += ax * push * share; at[other].y += ay * push * share; }
            moved = true;
          });
        }
      });
      if (!moved) break;
    }
    nodes.update(ids.map(function (id) { return { id: id, x: at[id].x, y: at[id].y }; }));
  }

  function centreOf() {
    if (state.focus >= 0 && shown.has(state.focus)) return state.focus;
    var ids = nodes.getIds();
    return ids.length ? Math.min.apply(null, ids) : -1;
  }
  function visibleLinks() { return edges.get().filter(function (edge) { return shown.has(edge.from) && shown.has(edge.to); }); }

  function radial() {
    var centre = centreOf();
    if (centre < 0) return;
    var near = new Map();
    visibleLinks().forEach(function (edge) {
      if (!near.has(edge.from)) near.set(edge.from, []);
      if (!near.has(edge.to)) near.set(edge.to, []);
      near.get(edge.from).push(edge.to); near.get(edge.to).push(edge.from);
    });
    var depth = new Map([[centre, 0]]);
    var parent = new Map();
    var rings = [[centre]];
    for (var d = 0; rings[d] && rings[d].length; d++) {
      var next = [];
      rings[d].forEach(function (node) {
        (near.get(node) || []).slice().sort(function (a, b) { return a - b; }).forEach(function (other) {
          if (!depth.has(other)) { depth.set(other, d + 1); parent.set(other, node); next.push(other); }
        });
      });
      if (next.length) rings.push(next);
    }
    var rest = nodes.getIds().filter(function (id) { return !depth.has(id); }).sort(function (a, b) { return a - b; });
    if (rest.length) rings.push(rest);
    var angle = new Map([[centre, 0]]);
    var updates = [{ id: centre, x: 0, y: 0 }];
    var radius = 0;
    for (d = 1; d < rings.length; d++) {
      var ring = rings[d];
      ring.sort(function (a, b) {
        return (angle.get(parent.get(a)) || 0) - (angle.get(parent.get(b)) || 0) || KIND_ORDER.indexOf(kindOf(a)) - KIND_ORDER.indexOf(kindOf(b)) || a - b;
      });
      var needed = ring.reduce(function (sum, node) { return sum + 2 * sizeOf(node) + 34; }, 0) / (2 * Math.PI);
      radius = Math.max(radius + 170, needed);
      ring.forEach(function (node, j) {
        var a = (2 * Math.PI * j) / ring.length;
        angle.set(node, a);
        updates.push({ id: node, x: radius * Math.cos(a), y: radius * Math.sin(a) });
      });
    }
    nodes.update(updates);
  }

  function hierarchical() {
    var byKind = {};
    nodes.getIds().forEach(function (id) { (byKind[kindOf(id)] = byKind[kindOf(id)] || []).push(id); });
    var placed = {};
    var y = 0;
    var updates = [];
    KIND_ORDER.forEach(function (kind) {
      var members = byKind[kind];
      if (!members) return;
      var centre = function (id) {
        var xs = neighbours(id).filter(function (n) { return n in placed; }).map(function (n) { return placed[n]; });
        return xs.length ? xs.reduce(function (a, b) { return a + b; }, 0) / xs.length : 0;
      };
      var keyed = members.map(function (id) { return [centre(id), id]; });
      keyed.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
      var perRow = 12;
      for (var row = 0; row * perRow < keyed.length; row++) {
        var part = keyed.slice(row * perRow, (row + 1) * perRow);
        var width = 150;
        part.forEach(function (item, j) {
          var x = (j - (part.length - 1) / 2) * width + (row % 2) * width / 2;
          placed[item[1]] = x;
          updates.push({ id: item[1], x: x, y: y });
        });
        y += 95;
      }
      y += 70;
    });
    nodes.update(updates);
  }

  var physicsDone = null;
  function force() {
    return new Promise(function (resolve) {
      var ids = nodes.getIds();
      if (state.focus >= 0 && shown.has(state.focus)) nodes.update([{ id: state.focus, fixed: { x: true, y: true } }]);
      physicsDone = function () {
        network.setOptions({ physics: { enabled: false } });
        if (state.focus >= 0 && shown.has(state.focus)) nodes.update([{ id: state.focus, fixed: false }]);
        physicsDone = null;
        resolve();
      };
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(Math.min(400, 80 + 2 * ids.length));
    });
  }
  network.on("stabilized", function () { if (physicsDone) physicsDone(); });

  function relayout(name, fit) {
    if (name) state.layout = name;
    document.getElementById("kg-layout").value = state.layout;
    var done = state.layout === "force" ? force() : Promise.resolve(state.layout === "radial" ? radial() : hierarchical());
    return done.then(function () {
      separate(null);
      if (fit !== false) network.fit({ animation: false });
      placeLabels();
      record();
    });
  }

  /* ------------------------------------------------------------ labels by importance, dimming */

  function placeLabels() {
    var ids = nodes.getIds();
    var first = [state.focus, state.selected].filter(function (id) { return id >= 0 && shown.has(id); });
    var order = first.concat(ids.filter(function (id) { return first.indexOf(id) < 0; }).sort(function (a, b) { return a - b; }));
    var top = Math.max(3, Math.round(order.length * 0.05));
    var items = order.map(function (id, rank) {
      var px = id === state.focus ? 16 : rank < top ? 14 : 12;
      return {
        id: id, px: px, text: shorten(label(id), id === state.focus ? 48 : 32),
        dim: state.highlight !== null && !state.highlight.has(id), hiddenNode: !passes(id),
      };
    });
    kgLabels.place(network, nodes, items);
  }
  var zoomTimer = null;
  network.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(placeLabels, 80); });
  network.on("dragEnd", function (params) { if (params.nodes.length) placeLabels(); });

  function paint() {
    /* colours: the focus ringed in black, dimmed nodes and links faint when something is highlighted */
    var lit = state.highlight;
    nodes.update(nodes.getIds().map(function (id) {
      var style = D.styles.kinds[kindOf(id)];
      var dim = lit !== null && !lit.has(id);
      return {
        id: id, hidden: !passes(id), borderWidth: id === state.focus ? 4 : 1,
        color: { background: dim ? D.styles.dim : style.colour, border: id === state.focus ? "#111111" : "#ffffff" },
      };
    }));
    edges.update(edges.get().map(function (edge) {
      var on = lit === null || (lit.has(edge.from) && lit.has(edge.to) && (!state.litEdges || state.litEdges.has(edge.id)));
      return { id: edge.id, color: on ? D.styles.relations[edge.rel].colour : D.styles.dim, width: state.litEdges && on ? 4 : 1 };
    }));
    placeLabels();
    status();
  }

  /* ------------------------------------------------------------ history: back and forward */

  var history = [];
  var at = -1;
  var restoring = false;
  function record() {
    if (restoring) return;
    var positions = network.getPositions();
    var step = { focus: state.focus, nodes: nodes.getIds(), positions: positions, addedBy: Array.from(addedBy.entries()) };
    history = history.slice(0, at + 1);
    history.push(step);
    at = history.length - 1;
    buttons();
  }
  function restore(step) {
    restoring = true;
    var wanted = new Set(step.nodes);
    removeNodes(nodes.getIds().filter(function (id) { return !wanted.has(id); }));
    addNodes(step.nodes.filter(function (id) { return !shown.has(id); }), -1);
    nodes.update(step.nodes.map(function (id) { return { id: id, x: step.positions[id].x, y: step.positions[id].y }; }));
    addedBy = new Map(step.addedBy.map(function (pair) { return [pair[0], pair[1].slice()]; }));
    state.focus = step.focus;
    state.highlight = null; state.litEdges = null;
    paint();
    restoring = false;
    buttons();
  }
  function back() { if (at > 0) { at -= 1; restore(history[at]); } return at; }
  function forward() { if (at < history.length - 1) { at += 1; restore(history[at]); } return at; }
  function buttons() {
    document.getElementById("kg-back").disabled = at <= 0;
    document.getElementById("kg-forward").disabled = at >= history.length - 1;
  }

  /* ------------------------------------------------------------ focus, expand, collapse */

  function focus(ref) {
    var node = nodeOf(ref);
    if (node < 0) return -1;
    state.focus = node;
    state.highlight = null; state.litEdges = null;
    addNodes([node], -1);
    relayoutAfterChange(new Set([node]));
    select(node);
    network.focus(node, { scale: network.getScale(), animation: false });
    return node;
  }
  function candidates(node, kind) {
    return neighbours(node).filter(function (n, j, all) {
      return all.indexOf(n) === j && !shown.has(n) && (!kind || kindOf(n) === kind) && passes(n);
    });
  }
  function expand(ref, kind, limit) {
    var node = nodeOf(ref);
    if (node < 0) return [];
    if (!shown.has(node)) addNodes([node], -1);
    var wanted = [];
    if (kind) {
      wanted = candidates(node, kind).slice(0, limit || STEP);
    } else {
      var byKind = {};
      candidates(node, null).forEach(function (n) { (byKind[kindOf(n)] = byKind[kindOf(n)] || []).push(n); });
      Object.keys(byKind).forEach(function (k) { wanted = wanted.concat(byKind[k].slice(0, limit || STEP)); });
    }
    var fresh = addNodes(wanted, node);
    addedBy.set(node, (addedBy.get(node) || []).concat(fresh));
    relayoutAfterChange(new Set(fresh));
    if (state.selected === node) showDetails(node);
    return fresh.map(iriOf);
  }
  function collapse(ref) {
    var node = nodeOf(ref);
    var added = addedBy.get(node) || [];
    var keep = new Set([state.focus, node]);
    var gone = added.filter(function (n) {
      if (keep.has(n) || !shown.has(n) || addedBy.has(n) && addedBy.get(n).length) return false;
      return neighbours(n).every(function (other) { return other === node || !shown.has(other) || added.indexOf(other) >= 0; });
    });
    removeNodes(gone);
    addedBy.set(node, added.filter(function (n) { return gone.indexOf(n) < 0; }));
    paint();
    record();
    if (state.selected === node) showDetails(node);
    return gone.map(iriOf);
  }
  function relayoutAfterChange(fresh) {
    if (state.layout === "radial") radial();
    else if (state.layout === "hierarchical") hierarchical();
    separate(state.layout === "force" ? fresh : null);
    paint();
    record();
  }

  /* ------------------------------------------------------------ search */

  var folded = null;
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function search(text, limit) {
    var wanted = fold(String(text || "").trim());
    if (!wanted) return [];
    if (!folded) { folded = [new Array(N), new Array(N)]; for (var j = 0; j < N; j++) { folded[0][j] = fold(D.en[j]); folded[1][j] = fold(D.es[j]); } }
    var found = [];
    for (var n = 0; n < N; n++) {
      var best = 9, language = "";
      for (var l = 0; l < 2; l++) {
        var position = folded[l][n].indexOf(wanted);
        if (position < 0) continue;
        var rank = folded[l][n] === wanted ? 0 : position === 0 ? 1 : /[\s(/-]/.test(folded[l][n].charAt(position - 1)) ? 2 : 3;
        if (rank < best) { best = rank; language = l ? "es" : "en"; }
      }
      if (best < 9) found.push([best, n, language]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, limit || 20).map(function (item) {
      var n = item[1];
      return { id: n, iri: iriOf(n), label: label(n, item[2]), kind: kindOf(n), language: D.lang[n] || "" };
    });
  }

  /* ------------------------------------------------------------ paths and similarity */

  function shortestPath(a, b) {
    if (a === b) return [a];
    var previous = new Int32Array(N).fill(-1);
    previous[a] = a;
    var queue = [a];
    for (var head = 0; head < queue.length; head++) {
      var node = queue[head];
      var slots = neighbourSlots(node);
      for (var j = slots[0]; j < slots[1]; j++) {
        var other = adjacent[j];
        if (previous[other] >= 0 || links[3 * adjacentLink[j] + 2] === SIMILAR) continue;
        previous[other] = node;
        if (other === b) {
          var found = [b];
          while (found[0] !== a) found.unshift(previous[found[0]]);
          return found;
        }
        queue.push(other);
      }
    }
    return [];
  }
  function path(from, to) {
    var a = nodeOf(from), b = nodeOf(to);
    if (a < 0 || b < 0) return [];
    var found = shortestPath(a, b);
    if (!found.length) { message("No path links these two."); return []; }
    var fresh = [];
    found.forEach(function (n, j) { if (!shown.has(n)) fresh = fresh.concat(addNodes([n], j ? found[j - 1] : -1)); });
    var onPath = new Set();
    for (var j = 1; j < found.length; j++) {
      var slots = neighbourSlots(found[j - 1]);
      for (var k = slots[0]; k < slots[1]; k++) {
        if (adjacent[k] === found[j] && links[3 * adjacentLink[k] + 2] !== SIMILAR) { onPath.add(adjacentLink[k]); break; }
      }
    }
    state.highlight = new Set(found);
    state.litEdges = onPath;
    separate(new Set(fresh));
    paint();
    network.fit({ nodes: found, animation: false });
    placeLabels();
    record();
    message("Path of " + (found.length - 1) + " links: " + found.map(function (n) { return label(n); }).join(" → "));
    return found.map(iriOf);
  }
  function resourcesOf(topic) {
    return neighbours(topic, function (r) { return REL[r] === "lists" || REL[r] === "encyclopedia"; });
  }
  function similarity(x, y) {
    var a = nodeOf(x), b = nodeOf(y);
    var ra = new Set(resourcesOf(a)), rb = new Set(resourcesOf(b));
    var resources = Array.from(ra).filter(function (r) { return rb.has(r); });
    var pa = new Set(facetValues(a, "publisher") || []), pb = new Set(facetValues(b, "publisher") || []);
    var publishers = Array.from(pa).filter(function (p) { return pb.has(p); });
    function jaccard(shared, one, two) { var all = one.size + two.size - shared; return all ? shared / all : 0; }
    return {
      resources: resources.map(iriOf), publishers: publishers.map(iriOf),
      resourceJaccard: jaccard(resources.length, ra, rb), publisherJaccard: jaccard(publishers.length, pa, pb),
      resourceNodes: resources, publisherNodes: publishers,
    };
  }

  /* ------------------------------------------------------------ DOM helpers (text only) */

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else if (key === "className") node.className = attributes[key];
      else if (key === "onclick") node.addEventListener("click", attributes[key]);
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }
  function message(text) { document.getElementById("kg-message").textContent = text; }
  function status() {
    var ids = nodes.getIds();
    var drawn = ids.filter(function (id) { return passes(id); }).length;
    var linksShown = edges.get().filter(function (edge) { return passes(edge.from) && passes(edge.to); }).length;
    document.getElementById("kg-status").textContent = drawn.toLocaleString("en") + " nodes and " +
      linksShown.toLocaleString("en") + " links shown, of " + N.toLocaleString("en") + " nodes and " +
      M.toLocaleString("en") + " links in the graph" + (drawn < ids.length ? " (" + (ids.length - drawn).toLocaleString("en") + " hidden by filters)" : "");
  }

  /* ------------------------------------------------------------ details panel */

  function select(node) {
    state.selected = node;
    if (node < 0) { network.unselectAll(); showDetails(-1); return; }
    network.selectNodes([node]);
    showDetails(node);
  }
  function iriPage(node) {
    /* the IRI's page on the kg serve that serves this file (none from a file or another host) */
    var iri = iriOf(node);
    if (!/^https?:$/.test(location.protocol) || iri.indexOf(D.base) !== 0) return "";
    return new URL("/" + iri.slice(D.base.length), location.href).href;
  }
  function showDetails(node) {
    var panel = document.getElementById("kg-details");
    panel.replaceChildren();
    if (node < 0) { panel.appendChild(el("p", { className: "kg-hint", text: D.hint })); return; }
    panel.appendChild(el("h2", { id: "kg-details-name", text: label(node) }));
    var kind = kindLabel(node) + (D.details[D.det[node]] ? " · " + D.details[D.det[node]] : "") + (D.lang[node] ? " · " + (LANGUAGE_NAMES[D.lang[node]] || D.lang[node]) : "");
    panel.appendChild(el("p", { className: "kg-kind", text: kind }));
    var facts = el("dl");
    function fact(name, value) {
      facts.appendChild(el("dt", { text: name }));
      facts.appendChild(typeof value === "string" ? el("dd", { text: value }) : el("dd", {}, [value]));
    }
    var url = urlOf(node);
    if (url) fact(kindOf(node) === "topic" ? "MedlinePlus" : "Web page", el("a", { href: url, target: "_blank", rel: "noopener noreferrer", id: "kg-details-link", text: url }));
    var page = iriPage(node);
    if (page) fact("IRI page", el("a", { href: page, target: "_blank", rel: "noopener", id: "kg-details-iri", text: iriOf(node) }));
    else fact("IRI", iriOf(node));
    var other = state.language === "en" ? "es" : "en";
    if (label(node, other) !== label(node)) fact("Label (" + other + ")", label(node, other));
    metricLines(node).forEach(function (row) { fact(row[0], row[1]); });
    panel.appendChild(facts);

    var actions = el("div", { className: "kg-actions" });
    actions.appendChild(el("button", { type: "button", id: "kg-focus", text: "Focus", onclick: function () { focus(node); } }));
    actions.appendChild(el("button", { type: "button", id: "kg-collapse", text: "Collapse", onclick: function () { collapse(node); } }));
    actions.appendChild(el("button", { type: "button", id: "kg-path-start", text: "Path from here", onclick: function () { state.pathStart = node; message("Path from " + label(node) + ": select another node, then “Path to here”."); showDetails(node); } }));
    if (state.pathStart >= 0 && state.pathStart !== node) {
      actions.appendChild(el("button", { type: "button", id: "kg-path-end", text: "Path to here", onclick: function () { path(state.pathStart, node); } }));
    }
    panel.appendChild(actions);

    panel.appendChild(el("h3", { text: "Neighbours (" + neighbours(node).length.toLocaleString("en") + ")" }));
    var list = el("ul", { className: "kg-expand" });
    var counts = {};
    var hiddenNow = {};
    neighbours(node).forEach(function (n) {
      var k = kindOf(n);
      counts[k] = (counts[k] || 0) + 1;
      if (!shown.has(n)) hiddenNow[k] = (hiddenNow[k] || 0) + 1;
    });
    KIND_ORDER.forEach(function (k) {
      if (!counts[k]) return;
      var waiting = candidates(node, k).length;
      var item = el("li", {}, [D.styles.kinds[k].label + ": " + counts[k].toLocaleString("en") + " (" + (counts[k] - (hiddenNow[k] || 0)).toLocaleString("en") + " shown) "]);
      if (waiting) {
        item.appendChild(el("button", {
          type: "button", "data-kind": k, className: "kg-more",
          text: (counts[k] - (hiddenNow[k] || 0) > 0 ? "more" : "show") + " (" + Math.min(STEP, waiting) + " of " + waiting.toLocaleString("en") + ")",
          onclick: function () { expand(node, k, STEP); },
        }));
      } else if (hiddenNow[k]) {
        item.appendChild(el("small", { text: hiddenNow[k] + " hidden by filters" }));
      }
      list.appendChild(item);
    });
    panel.appendChild(list);

    if (kindOf(node) === "topic") {
      var similar = neighbours(node, function (r) { return r === SIMILAR; });
      if (similar.length) {
        panel.appendChild(el("h3", { text: "Similar topics" }));
        var simList = el("ul", { className: "kg-similar" });
        similar.slice(0, 8).forEach(function (other) {
          simList.appendChild(el("li", {}, [label(other) + " ", el("button", { type: "button", className: "kg-why", text: "why?", onclick: function () { explain(node, other); } })]));
        });
        panel.appendChild(simList);
      }
      panel.appendChild(el("div", { id: "kg-why" }));
    }
  }
  function explain(a, b) {
    var found = similarity(a, b);
    var box = document.getElementById("kg-why");
    box.replaceChildren();
    box.appendChild(el("h3", { text: label(a) + " and " + label(b) }));
    box.appendChild(el("p", { text: "Shared resources: " + found.resourceNodes.length + " (Jaccard " + found.resourceJaccard.toFixed(2) + "); shared publishers: " + found.publisherNodes.length + " (Jaccard " + found.publisherJaccard.toFixed(2) + ")." }));
    var list = el("ul");
    found.resourceNodes.slice(0, 8).concat(found.publisherNodes.slice(0, 8)).forEach(function (n) { list.appendChild(el("li", { text: label(n) + " · " + kindOf(n) })); });
    box.appendChild(list);
    box.appendChild(el("button", { type: "button", id: "kg-why-show", text: "Show them", onclick: function () {
      var fresh = addNodes([a, b].concat(found.resourceNodes.slice(0, 20), found.publisherNodes.slice(0, 20)), a);
      state.highlight = new Set([a, b].concat(found.resourceNodes, found.publisherNodes));
      state.litEdges = null;
      relayoutAfterChange(new Set(fresh));
    } }));
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) { select(-1); if (state.highlight) { state.highlight = null; state.litEdges = null; paint(); } }
  });
  network.on("doubleClick", function (params) { if (params.nodes.length) expand(params.nodes[0]); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { select(-1); state.highlight = null; state.litEdges = null; paint(); }
  });

  /* ------------------------------------------------------------ toolbar: search, history, layout, language */

  var searchBox = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function showResults() {
    results.replaceChildren();
    search(searchBox.value, 15).forEach(function (found) {
      var button = el("button", { type: "button", "data-id": String(found.id) }, [found.label]);
      var what = " · " + found.kind + (found.language ? " · " + (LANGUAGE_NAMES[found.language] || found.language) : "");
      button.appendChild(el("small", { text: what }));
      button.addEventListener("click", function () { results.replaceChildren(); focus(found.id); });
      results.appendChild(el("li", {}, [button]));
    });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { var first = search(searchBox.value, 1)[0]; results.replaceChildren(); if (first) focus(first.id); }
    else if (event.key === "Escape") results.replaceChildren();
  });
  document.getElementById("kg-back").addEventListener("click", back);
  document.getElementById("kg-forward").addEventListener("click", forward);
  document.getElementById("kg-layout").addEventListener("change", function (event) { relayout(event.target.value); });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); placeLabels(); });
  var languageBox = document.getElementById("kg-language");
  function setLanguage(code) {
    state.language = code;
    languageBox.value = code;
    nodes.update(nodes.getIds().map(function (id) { return { id: id, title: tooltip(id) }; }));
    placeLabels();
    if (state.selected >= 0) showDetails(state.selected);
    return code;
  }
  languageBox.addEventListener("change", function () { setLanguage(languageBox.value); });

  /* ------------------------------------------------------------ filters */

  function applyFilters() { paint(); if (state.selected >= 0) showDetails(state.selected); }
  function buildFilters() {
    var box = document.getElementById("kg-filter-kinds");
    KIND_ORDER.forEach(function (kind) {
      var check = el("input", { type: "checkbox", "data-kind": kind });
      check.checked = true;
      check.addEventListener("change", function () {
        if (check.checked) state.hiddenKinds.delete(kind); else state.hiddenKinds.add(kind);
        applyFilters();
      });
      box.appendChild(el("label", {}, [check, " " + D.styles.kinds[kind].label]));
    });
    [["publisher", "Publishers"], ["audience", "Audiences"], ["section", "Sections"], ["group", "Groups"], ["community", "Communities"]].forEach(function (pair) {
      var facet = pair[0];
      var select = document.getElementById("kg-filter-" + facet);
      var values = [];
      if (facet === "community") D.communities.forEach(function (name, j) { values.push([j, name]); });
      else for (var n = 0; n < N; n++) if (kindOf(n) === facet) values.push([n, label(n, "en")]);
      values.forEach(function (value) { select.appendChild(el("option", { value: String(value[0]), text: value[1] })); });
      select.disabled = values.length === 0;
      select.addEventListener("change", function () {
        state.facets[facet] = new Set(Array.from(select.selectedOptions).map(function (o) { return Number(o.value); }));
        applyFilters();
      });
    });
    ["pagerank", "degree"].forEach(function (metric) {
      var low = document.getElementById("kg-" + metric + "-min"), high = document.getElementById("kg-" + metric + "-max");
      function change() {
        var a = low.value === "" ? -Infinity : Number(low.value), b = high.value === "" ? Infinity : Number(high.value);
        state.ranges[metric] = a === -Infinity && b === Infinity ? null : [a, b];
        applyFilters();
      }
      low.addEventListener("input", change); high.addEventListener("input", change);
    });
    document.getElementById("kg-filter-clear").addEventListener("click", function () { filter({}); });
  }
  function filter(spec) {
    /* {kinds: [...shown kinds], publisher: [IRIs], audience, section, group, community: [labels or numbers],
        pagerank: [min, max], degree: [min, max]}; what is not given is not filtered */
    spec = spec || {};
    state.hiddenKinds = new Set(spec.kinds ? KIND_ORDER.filter(function (k) { return spec.kinds.indexOf(k) < 0; }) : []);
    document.querySelectorAll("#kg-filter-kinds input").forEach(function (box) { box.checked = !state.hiddenKinds.has(box.getAttribute("data-kind")); });
    ["publisher", "audience", "section", "group", "community"].forEach(function (facet) {
      var values = (spec[facet] || []).map(function (v) {
        return facet === "community" ? (typeof v === "number" ? v : D.communities.indexOf(v)) : nodeOf(v);
      }).filter(function (v) { return v >= 0; });
      state.facets[facet] = new Set(values);
      Array.from(document.getElementById("kg-filter-" + facet).options).forEach(function (option) { option.selected = state.facets[facet].has(Number(option.value)); });
    });
    ["pagerank", "degree"].forEach(function (metric) {
      var range = spec[metric] || null;
      state.ranges[metric] = range;
      document.getElementById("kg-" + metric + "-min").value = range && isFinite(range[0]) ? range[0] : "";
      document.getElementById("kg-" + metric + "-max").value = range && isFinite(range[1]) ? range[1] : "";
    });
    applyFilters();
    return visible().nodes.length;
  }

  /* ------------------------------------------------------------ export: PNG, CSV, GraphML */

  function visible() {
    var positions = network.getPositions();
    var list = nodes.get().filter(function (node) { return passes(node.id); }).sort(function (a, b) { return a.id - b.id; });
    var ids = new Set(list.map(function (node) { return node.id; }));
    return {
      nodes: list.map(function (node) {
        return { id: node.id, iri: iriOf(node.id), kind: kindOf(node.id), label: label(node.id), x: positions[node.id].x, y: positions[node.id].y, labelled: Boolean(node.label) };
      }),
      links: edges.get().filter(function (edge) { return ids.has(edge.from) && ids.has(edge.to); }).map(function (edge) {
        return { source: iriOf(edge.from), target: iriOf(edge.to), relation: edge.rel };
      }),
    };
  }
  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet runs no formula from the data
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows) { return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n"; }
  function xml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }[c]; })
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  }
  function nodeRow(node) {
    return [iriOf(node), kindOf(node), D.en[node], D.es[node] || D.en[node], D.lang[node], D.pr[node] >= 0 ? D.pr[node] : "", D.deg[node],
      D.bt[node] >= 0 ? D.bt[node] : "", D.cm[node] >= 0 ? D.communities[D.cm[node]] : "", D.nih[node] >= 0 ? Boolean(D.nih[node]) : "", urlOf(node)];
  }
  var NODE_COLUMNS = ["iri", "kind", "label_en", "label_es", "language", "pagerank", "degree", "betweenness", "community", "nih", "url"];
  function files() {
    var shownNow = visible();
    var ids = shownNow.nodes.map(function (node) { return node.id; });
    var nodesCsv = csv([NODE_COLUMNS].concat(ids.map(nodeRow)));
    var linksCsv = csv([["source", "target", "relation"]].concat(shownNow.links.map(function (l) { return [l.source, l.target, l.relation]; })));
    var types = { pagerank: "double", degree: "int", betweenness: "double" };
    var graphml = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    NODE_COLUMNS.slice(1).forEach(function (key) { graphml.push('<key id="' + key + '" for="node" attr.name="' + key + '" attr.type="' + (types[key] || "string") + '"/>'); });
    graphml.push('<key id="relation" for="edge" attr.name="relation" attr.type="string"/>', '<graph id="kg" edgedefault="directed">');
    ids.forEach(function (node) {
      var row = nodeRow(node);
      var parts = ['<node id="' + xml(row[0]) + '">'];
      NODE_COLUMNS.slice(1).forEach(function (key, j) { if (row[j + 1] !== "") parts.push('<data key="' + key + '">' + xml(row[j + 1]) + "</data>"); });
      graphml.push(parts.join("") + "</node>");
    });
    shownNow.links.forEach(function (l) {
      graphml.push('<edge source="' + xml(l.source) + '" target="' + xml(l.target) + '"><data key="relation">' + xml(l.relation) + "</data></edge>");
    });
    graphml.push("</graph>", "</graphml>", "");
    return { nodes: nodesCsv, links: linksCsv, graphml: graphml.join("\n") };
  }
  function save(name, blob) {
    var url = URL.createObjectURL(blob);
    var anchor = el("a", { href: url, download: name });
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }
  function download(what) {
    if (what === "png") {
      var source = container.querySelector("canvas");
      var canvas = document.createElement("canvas");
      canvas.width = source.width; canvas.height = source.height;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff"; context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(source, 0, 0);
      var bytes = atob(canvas.toDataURL("image/png").split(",")[1]);
      var array = new Uint8Array(bytes.length);
      for (var j = 0; j < bytes.length; j++) array[j] = bytes.charCodeAt(j);
      save("kg-explorer.png", new Blob([array], { type: "image/png" }));
      return "kg-explorer.png";
    }
    var made = files();
    var names = { nodes: "kg-nodes.csv", links: "kg-links.csv", graphml: "kg-explorer.graphml" };
    var types = { nodes: "text/csv", links: "text/csv", graphml: "application/xml" };
    save(names[what], new Blob([made[what]], { type: types[what] + ";charset=utf-8" }));
    return names[what];
  }
  document.querySelectorAll("[data-export]").forEach(function (button) {
    button.addEventListener("click", function () { download(button.getAttribute("data-export")); });
  });

  /* ------------------------------------------------------------ start */

  document.getElementById("kg-notes").textContent = D.notes.join(" ");
  ["en", "es"].forEach(function (code) { languageBox.appendChild(el("option", { value: code, text: LANGUAGE_NAMES[code] })); });
  languageBox.value = state.language;
  buildFilters();
  showDetails(-1);
  addNodes(D.start, -1);
  if (D.focus >= 0) {
    state.focus = D.focus;
    var ring = [];
    var byKind = {};
    neighbours(D.focus).forEach(function (n) { if (!shown.has(n)) (byKind[kindOf(n)] = byKind[kindOf(n)] || []).push(n); });
    Object.keys(byKind).forEach(function (k) { ring = ring.concat(byKind[k].slice(0, STEP)); });
    addedBy.set(D.focus, addNodes(ring, D.focus));
  }
  var ready = relayout(state.layout).then(function () {
    if (D.focus >= 0) select(D.focus);
    status();
    return new Promise(function (resolve) {
      network.once("afterDrawing", function () {
        performance.mark("kg:drawn");
        api.drawnAt = performance.now();
        document.body.setAttribute("data-ready", "true");
        resolve(true);
      });
      network.redraw();
    });
  });

  var api = {
    search: search, focus: focus, expand: expand, collapse: collapse, visible: visible, path: path,
    similarity: function (a, b) { var found = similarity(a, b); delete found.resourceNodes; delete found.publisherNodes; return found; },
    layout: function (name) { return relayout(name); }, language: setLanguage, filter: filter, back: back, forward: forward,
    download: download, files: files, labelBoxes: function () { return kgLabels.drawnBoxes(network); },
    network: network, nodes: nodes, edges: edges, size: N, links: M, ready: ready,
  };
  window.kgExplorer = api;
}());
