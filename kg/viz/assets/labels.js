/* kg labels: which node labels a vis-network draws, most important first, so that no two overlap.
 *
 * kgLabels.place(network, dataset, items) takes the nodes to label, most important first
 * ({id, text, px, dim}), measures each label as vis-network draws it (centred under the node,
 * its top at the node's lower edge, in the page's font) and keeps a label only when its box
 * meets no box already kept. Font sizes are set in the network's units so that text is `px`
 * screen pixels at the current zoom: zooming in makes room, and more labels are drawn. Labels
 * of dimmed nodes are drawn in a faint colour. Every label is text (vis-network draws it on the
 * canvas); nothing here touches the DOM but a canvas used for measuring. */
(function () {
  "use strict";

  var FACE = "system-ui, sans-serif";
  var LINE = 1.3; // a label's height per pixel of font size (vis-network's line height and a margin)
  var PAD = 3; // screen pixels kept free around each label
  var COLOUR = "#1f2933";
  var DIM = "rgba(120,120,120,0.35)";
  var measure = document.createElement("canvas").getContext("2d");
  var widths = new Map();

  function textWidth(text, px) {
    var key = px + "|" + text;
    var width = widths.get(key);
    if (width === undefined) {
      measure.font = px + "px " + FACE;
      width = measure.measureText(text).width;
      if (widths.size > 20000) widths.clear();
      widths.set(key, width);
    }
    return width;
  }

  /* The label boxes vis-network draws now, in network units: [{id, left, top, right, bottom}]. */
  function drawnBoxes(network) {
    var found = [];
    Object.keys(network.body.nodes).forEach(function (key) {
      var node = network.body.nodes[key];
      if (!node.options.label || node.options.hidden || !node.labelModule || !node.labelModule.size) return;
      var size = node.labelModule.size;
      if (!size.width) return;
      found.push({ id: node.id, left: size.left, top: size.top, right: size.left + size.width, bottom: size.top + size.height });
    });
    return found;
  }

  function place(network, dataset, items) {
    var scale = network.getScale() || 1;
    var positions = network.getPositions(items.map(function (item) { return item.id; }));
    var cell = 160 / scale;
    var grid = new Map();
    var updates = [];
    var shown = [];
    function cellsOf(box) {
      var keys = [];
      for (var cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
        for (var cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) keys.push(cx + "," + cy);
      }
      return keys;
    }
    function free(box, keys) {
      for (var i = 0; i < keys.length; i++) {
        var kept = grid.get(keys[i]) || [];
        for (var j = 0; j < kept.length; j++) {
          var other = kept[j];
          if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) return false;
        }
      }
      return true;
    }
    items.forEach(function (item) {
      var at = positions[item.id];
      var node = network.body.nodes[item.id];
      if (!at || !node || !item.text) {
        updates.push({ id: item.id, label: "" });
        return;
      }
      var half = (node.options.size || 10) + (node.options.borderWidth || 1);
      var width = textWidth(item.text, item.px) / scale;
      var pad = PAD / scale;
      var box = [at.x - width / 2 - pad, at.y + half - pad, at.x + width / 2 + pad, at.y + half + (item.px * LINE) / scale + pad];
      var keys = cellsOf(box);
      var ok = !item.hiddenNode && free(box, keys);
      if (ok) {
        keys.forEach(function (key) {
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(box);
        });
        shown.push(item.id);
      }
      updates.push({
        id: item.id,
        label: ok ? item.text : "",
        font: { size: item.px / scale, color: item.dim ? DIM : COLOUR, face: FACE, strokeWidth: 3 / scale, strokeColor: "#ffffff" },
      });
    });
    dataset.update(updates);
    return shown;
  }

  window.kgLabels = { place: place, textWidth: textWidth, drawnBoxes: drawnBoxes, DIM: DIM, COLOUR: COLOUR };
}());
