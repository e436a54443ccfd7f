/* kg viz: draws the view's network and wires the legend, search, filters, label language, physics
 * switch and details panel. Labels are drawn by importance where they overlap no other (labels.js);
 * a click centres a node without zooming and dims the rest, labels included. Every string from the data goes into the page as text (textContent,
 * vis-network's innerText tooltips); nothing is parsed as HTML and nothing is fetched. */
(function () {
  "use strict";

  performance.mark("kg:start");
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");
  var FACETS = [["publisher", "Publisher"], ["audience", "Audience"], ["section", "Section"], ["language", "Language"]];
  var LANGUAGE_NAMES = { en: "English", es: "Español" };
  var LABEL_LENGTH = 40;

  var byId = new Map();
  var nodeColour = new Map();
  DATA.nodes.forEach(function (node) { byId.set(node.id, node); nodeColour.set(node.id, node.color); });
  var edgeColour = new Map();
  DATA.edges.forEach(function (edge) { edgeColour.set(edge.id, edge.color); });

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("kg-network");
  performance.mark("kg:datasets");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  performance.mark("kg:network");

  var state = {
    language: DATA.language,
    hiddenKinds: new Set(),
    hiddenGroups: new Set(),
    hiddenRelations: new Set(),
    facet: {},
    selected: null,
    dimmed: false,
    near: null,
  };

  /* ------------------------------------------------------------ DOM helpers (text only) */

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else if (key === "className") node.className = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function swatch(shape, colour, dashes) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var mark;
    var points = {
      diamond: "8,1 15,8 8,15 1,8",
      triangle: "8,1 15,14 1,14",
      triangleDown: "1,2 15,2 8,15",
      hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
    };
    if (shape === "line") {
      mark = document.createElementNS(SVG, "line");
      [["x1", 0], ["y1", 8], ["x2", 16], ["y2", 8], ["stroke-width", 3]].forEach(function (a) { mark.setAttribute(a[0], a[1]); });
      mark.setAttribute("stroke", colour);
      if (dashes) mark.setAttribute("stroke-dasharray", "4 3");
    } else if (shape === "square") {
      mark = document.createElementNS(SVG, "rect");
      [["x", 2], ["y", 2], ["width", 12], ["height", 12]].forEach(function (a) { mark.setAttribute(a[0], a[1]); });
    } else if (points[shape]) {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", points[shape]);
    } else {
      mark = document.createElementNS(SVG, "circle");
      [["cx", 8], ["cy", 8], ["r", 6.5]].forEach(function (a) { mark.setAttribute(a[0], a[1]); });
    }
    if (shape !== "line") mark.setAttribute("fill", colour);
    svg.appendChild(mark);
    return svg;
  }

  function labelIn(node, language) {
    var labels = node.kg.labels;
    if (labels[language]) return labels[language];
    if (labels.en) return labels.en;
    if (labels[""]) return labels[""];
    var keys = Object.keys(labels).sort();
    return keys.length ? labels[keys[0]] : node.kg.iri;
  }

  function shorten(text) {
    return text.length <= LABEL_LENGTH ? text : text.slice(0, LABEL_LENGTH - 1).trim() + "…";
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : "";
  }

  /* ------------------------------------------------------------ header */

  document.getElementById("kg-notes").textContent = DATA.notes.join(" ");

  /* ------------------------------------------------------------ filters (kind, group, relation, facets) */

  function nodeHidden(node) {
    var kg = node.kg;
    if (state.hiddenKinds.has(kg.kind)) return true;
    if (DATA.groups.length && state.hiddenGroups.has(kg.group || "")) return true;
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i][0];
      var wanted = state.facet[facet];
      if (wanted === undefined || wanted === "" || !(facet in kg.f)) continue;
      if (kg.f[facet].indexOf(Number(wanted)) < 0) return true;
    }
    return false;
  }

  function applyFilters() {
    var nodeUpdates = [];
    var shown = 0;
    DATA.nodes.forEach(function (node) {
      var hidden = nodeHidden(node);
      if (!hidden) shown += 1;
      if (Boolean(node.hidden) !== hidden) {
        node.hidden = hidden;
        nodeUpdates.push({ id: node.id, hidden: hidden });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    var edgeUpdates = [];
    var shownEdges = 0;
    DATA.edges.forEach(function (edge) {
      var hidden = state.hiddenRelations.has(edge.rel) || byId.get(edge.from).hidden || byId.get(edge.to).hidden;
      if (!hidden) shownEdges += 1;
      if (Boolean(edge.hidden) !== hidden) {
        edge.hidden = hidden;
        edgeUpdates.push({ id: edge.id, hidden: hidden });
      }
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
    status(shown, shownEdges);
    if (nodeUpdates.length) placeLabels();
  }

  function status(shown, shownEdges) {
    var text = shown.toLocaleString("en") + " of " + DATA.nodes.length.toLocaleString("en") + " nodes, " +
      shownEdges.toLocaleString("en") + " of " + DATA.edges.length.toLocaleString("en") + " links shown";
    document.getElementById("kg-status").textContent = text;
  }

  function buildFilters() {
    var box = document.getElementById("kg-filters");
    FACETS.forEach(function (pair) {
      var facet = pair[0];
      var values = DATA.facets[facet] || [];
      if (values.length < 2) return;
      var select = el("select", { id: "kg-filter-" + facet, "data-facet": facet });
      select.appendChild(el("option", { value: "", text: "all" }));
      values.forEach(function (value) { select.appendChild(el("option", { value: String(value[1]), text: value[0] })); });
      select.addEventListener("change", function () {
        state.facet[facet] = select.value;
        applyFilters();
      });
      box.appendChild(el("label", { className: "kg-control" }, [pair[1] + " ", select]));
    });
  }

  /* ------------------------------------------------------------ legend */

  function legendList(title, items, hiddenSet, onChange, shapeOf) {
    var section = el("div", { className: "kg-legend-part" });
    section.appendChild(el("h3", { text: title }));
    var list = el("ul");
    items.forEach(function (item) {
      var box = el("input", { type: "checkbox", "data-key": item.key });
      box.checked = true;
      var label = el("label", {}, [box, swatch(shapeOf(item), item.colour, item.dashes), item.label]);
      label.appendChild(el("span", { className: "kg-count", text: item.count.toLocaleString("en") }));
      box.addEventListener("change", function () {
        if (box.checked) hiddenSet.delete(item.key); else hiddenSet.add(item.key);
        label.classList.toggle("kg-off", !box.checked);
        onChange();
      });
      list.appendChild(el("li", {}, [label]));
    });
    section.appendChild(list);
    return section;
  }

  function buildLegend() {
    var legend = document.getElementById("kg-legend");
    var grouped = DATA.groups.length > 0;
    legend.appendChild(legendList("Nodes", DATA.kinds.map(function (kind) {
      return { key: kind.key, label: kind.label, count: kind.count, shape: kind.shape, colour: grouped ? "#8a96a3" : kind.colour };
    }), state.hiddenKinds, applyFilters, function (item) { return item.shape; }));
    if (grouped) {
      var groups = DATA.groups.slice();
      var assigned = groups.reduce(function (sum, group) { return sum + group.count; }, 0);
      if (assigned < DATA.nodes.length) {
        groups.push({ key: "", label: "none", colour: DATA.other, count: DATA.nodes.length - assigned });
      }
      legend.appendChild(legendList("Colour", groups, state.hiddenGroups, applyFilters, function () { return "dot"; }));
    }
    if (DATA.relations.length) {
      legend.appendChild(legendList("Links", DATA.relations, state.hiddenRelations, applyFilters, function () { return "line"; }));
    }
  }

  /* ------------------------------------------------------------ highlight and details */

  function placeLabels() {
    var order = DATA.nodes.filter(function (node) { return !node.hidden; }).sort(function (a, b) {
      return (b.id === DATA.focus) - (a.id === DATA.focus) || (b.id === state.selected) - (a.id === state.selected) || b.size - a.size || a.id - b.id;
    });
    var top = Math.max(3, Math.round(order.length * 0.05));
    kgLabels.place(network, nodes, order.map(function (node, rank) {
      return {
        id: node.id, text: shorten(labelIn(node, state.language)), px: node.id === DATA.focus ? 16 : rank < top ? 14 : 12,
        dim: state.near !== null && !state.near.has(node.id),
      };
    }));
  }
  var zoomTimer = null;
  network.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(placeLabels, 80); });
  network.on("dragEnd", function (params) { if (params.nodes.length) placeLabels(); });

  function highlight(id) {
    var near = new Set(network.getConnectedNodes(id));
    near.add(id);
    state.near = near;
    var linked = new Set(network.getConnectedEdges(id));
    nodes.update(DATA.nodes.map(function (node) {
      return { id: node.id, color: near.has(node.id) ? nodeColour.get(node.id) : DATA.dim };
    }));
    edges.update(DATA.edges.map(function (edge) {
      return { id: edge.id, color: linked.has(edge.id) ? edgeColour.get(edge.id) : DATA.dim };
    }));
    state.dimmed = true;
    placeLabels();
  }

  function clearHighlight() {
    if (!state.dimmed) return;
    nodes.update(DATA.nodes.map(function (node) { return { id: node.id, color: nodeColour.get(node.id) }; }));
    edges.update(DATA.edges.map(function (edge) { return { id: edge.id, color: edgeColour.get(edge.id) }; }));
    state.dimmed = false;
    state.near = null;
    placeLabels();
  }

  function facetNames(node, facet) {
    var values = node.kg.f[facet] || [];
    var names = {};
    (DATA.facets[facet] || []).forEach(function (value) { names[value[1]] = value[0]; });
    return values.map(function (i) { return names[i]; });
  }

  function showDetails(id) {
    var panel = document.getElementById("kg-details");
    panel.replaceChildren();
    var node = id === null ? null : byId.get(id);
    if (!node) {
      panel.appendChild(el("p", { className: "kg-hint", text: "Click a node to see its details and highlight its neighbours." }));
      return;
    }
    var kg = node.kg;
    var kind = DATA.kinds.filter(function (k) { return k.key === kg.kind; })[0];
    panel.appendChild(el("h2", { id: "kg-details-name", text: labelIn(node, state.language) }));
    panel.appendChild(el("p", { className: "kg-kind", text: kind.label + (kg.detail ? " · " + kg.detail : "") }));
    var facts = el("dl");
    function fact(name, value) {
      if (value === "" || value === null || value === undefined) return;
      facts.appendChild(el("dt", { text: name }));
      facts.appendChild(typeof value === "string" ? el("dd", { text: value }) : el("dd", {}, [value]));
    }
    var url = safeUrl(kg.url);
    if (url) fact("Web page", el("a", { href: url, target: "_blank", rel: "noopener noreferrer", id: "kg-details-link", text: url }));
    Object.keys(kg.labels).sort().forEach(function (language) {
      if (language && language !== state.language) fact("Label (" + language + ")", kg.labels[language]);
    });
    FACETS.forEach(function (pair) {
      if (pair[0] === kg.kind) return;
      var names = facetNames(node, pair[0]);
      if (names.length) fact(pair[1], names.length > 8 ? names.slice(0, 8).join("; ") + "; … (" + names.length + ")" : names.join("; "));
    });
    kg.metrics.forEach(function (row) { fact(row[0], row[1]); });
    fact("IRI", kg.iri);
    panel.appendChild(facts);
    var linked = network.getConnectedNodes(id);
    var all = kg.degree === undefined ? linked.length : kg.degree;
    panel.appendChild(el("h3", { text: "Linked to (" + linked.length.toLocaleString("en") +
      (all > linked.length ? " drawn of " + all.toLocaleString("en") + " in the graph" : "") + ")" }));
    var list = el("ul", { className: "kg-neighbours" });
    linked.slice(0, 60).forEach(function (other) {
      var button = el("button", { type: "button" }, [labelIn(byId.get(other), state.language)]);
      button.appendChild(el("small", { text: " · " + byId.get(other).kg.kind }));
      button.addEventListener("click", function () { select(other); });
      list.appendChild(el("li", {}, [button]));
    });
    panel.appendChild(list);
  }

  function select(id) {
    state.selected = id;
    if (id === null) {
      network.unselectAll();
      clearHighlight();
      showDetails(null);
      return;
    }
    network.selectNodes([id]);
    network.focus(id, { scale: network.getScale(), animation: false }); // centred, not zoomed into
    highlight(id);
    showDetails(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) select(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") select(null);
  });

  /* ------------------------------------------------------------ search */

  var searchBox = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");

  function matches(query) {
    var wanted = query.trim().toLowerCase();
    if (!wanted) return [];
    var found = [];
    DATA.nodes.forEach(function (node) {
      var best = 3;
      Object.keys(node.kg.labels).forEach(function (language) {
        var text = node.kg.labels[language].toLowerCase();
        var position = text.indexOf(wanted);
        if (position >= 0) best = Math.min(best, text === wanted ? 0 : position === 0 ? 1 : 2);
      });
      if (best < 3) found.push([best, -node.size, node.id]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.slice(0, 15).map(function (item) { return item[2]; });
  }

  function showResults() {
    results.replaceChildren();
    matches(searchBox.value).forEach(function (id) {
      var node = byId.get(id);
      var button = el("button", { type: "button", "data-id": String(id) }, [labelIn(node, state.language)]);
      button.appendChild(el("small", { text: " · " + node.kg.kind + (node.kg.language ? " · " + (LANGUAGE_NAMES[node.kg.language] || node.kg.language) : "") }));
      button.addEventListener("click", function () {
        results.replaceChildren();
        select(id);
      });
      results.appendChild(el("li", {}, [button]));
    });
  }

  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = matches(searchBox.value)[0];
      results.replaceChildren();
      if (first !== undefined) select(first);
    } else if (event.key === "Escape") {
      results.replaceChildren();
    }
  });

  /* ------------------------------------------------------------ label language, physics, fit */

  var languageBox = document.getElementById("kg-language");
  DATA.languages.forEach(function (language) {
    languageBox.appendChild(el("option", { value: language, text: LANGUAGE_NAMES[language] || language }));
  });
  languageBox.value = state.language;
  languageBox.disabled = DATA.languages.length < 2;
  languageBox.addEventListener("change", function () {
    state.language = languageBox.value;
    placeLabels();
    if (state.selected !== null) showDetails(state.selected);
  });

  var physicsBox = document.getElementById("kg-physics");
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  /* ------------------------------------------------------------ start */

  buildFilters();
  buildLegend();
  status(DATA.nodes.length, DATA.edges.length);
  window.kgViz = {
    network: network, nodes: nodes, edges: edges, data: DATA, select: select, ready: false,
    text: function (id) { return shorten(labelIn(byId.get(id), state.language)); },
    labelBoxes: function () { return kgLabels.drawnBoxes(network); },
  };
  network.once("afterDrawing", function () {
    placeLabels(); // at the scale the first drawing fitted
    if (DATA.focus >= 0) { network.selectNodes([DATA.focus]); state.selected = DATA.focus; showDetails(DATA.focus); }
    network.once("afterDrawing", function () {
      window.kgViz.ready = true;
      performance.mark("kg:drawn");
      window.kgViz.drawnAt = performance.now();
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  });
}());
