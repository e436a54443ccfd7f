// kg's query page: a SPARQL editor (CodeMirror, vendored in /static/vendor/), the named queries
// with a typed form for their parameters, permalinks and a history, and the answer as a table
// (paged, sorted, filtered) or a chart. Nothing is fetched from elsewhere; data reaches the page
// as text only (textContent, never innerHTML).
"use strict";

const GET_LIMIT = 6000; // longer requests are POSTed (and get no download links)
const RESULT_FORMATS = [["CSV", "csv", ".csv"], ["TSV", "tsv", ".tsv"], ["JSON", "json", ".srj"], ["XML", "xml", ".srx"]];
const GRAPH_FORMATS = [["Turtle", "turtle", ".ttl"], ["N-Triples", "nt", ".nt"], ["JSON-LD", "jsonld", ".jsonld"], ["RDF/XML", "rdfxml", ".rdf"]];
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMBERS = ["integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
  "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong"].map((t) => XSD + t);
const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "VALUES",
  "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE",
  "GROUP_CONCAT", "CONSTRUCT", "DESCRIBE", "ASK", "PREFIX", "EXISTS", "NOT EXISTS", "STR", "LANG", "LANGMATCHES",
  "REGEX", "CONTAINS", "STRSTARTS", "LCASE", "UCASE", "COALESCE", "IF", "BOUND", "ISIRI", "DATATYPE"];
const HISTORY_KEY = "kg-query-history";
const HISTORY_SIZE = 50;
const CHART_ROWS = 40;

const $ = (id) => document.getElementById(id);
const state = {
  library: [], prefixes: {}, terms: [], editor: null, lastError: null, chart: null,
  columns: [], rows: [], shown: [], sortColumn: -1, sortDescending: false, page: 0, view: "table",
};

function element(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  return node;
}

// ------------------------------------------------------------------ terms as the page shows them

function curie(iri) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    if (iri.startsWith(namespace) && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return local && !/[#?]/.test(local) ? best[0] + ":" + local : iri;
}

function localHref(iri) {
  const base = document.body.dataset.base || "";
  if (base && iri.startsWith(base)) return "/" + iri.slice(base.length);
  return /^https?:\/\//.test(iri) ? iri : null;
}

function isNumber(term) {
  return term && term.type === "literal" && NUMBERS.includes(term.datatype) && !Number.isNaN(Number(term.value));
}

function plainNumber(value) {
  const number = Number(value);
  if (Number.isInteger(number)) return number.toLocaleString("en-US");
  const digits = Math.abs(number) >= 0.01 ? 4 : 6;
  return number.toLocaleString("en-US", { maximumFractionDigits: digits, maximumSignificantDigits: Math.abs(number) >= 0.01 ? undefined : 3 });
}

// What a cell shows, its link and its hover text.
function display(term) {
  if (!term) return { text: "", href: null, title: "" };
  if (term.type === "uri") return { text: curie(term.value), href: localHref(term.value), title: term.value };
  if (term.type === "bnode") return { text: "_:" + term.value, href: null, title: "blank node" };
  if (isNumber(term)) return { text: plainNumber(term.value), href: null, title: `"${term.value}"^^${curie(term.datatype)}`, number: true };
  const title = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? curie(term.datatype) : "string";
  return { text: term.value, href: null, title: title, lang: term["xml:lang"] };
}

function sortKey(term) {
  if (!term) return [2, ""];
  if (isNumber(term)) return [0, Number(term.value)];
  return [1, display(term).text.toLowerCase()];
}

function compare(a, b) {
  const [ka, kb] = [sortKey(a), sortKey(b)];
  if (ka[0] !== kb[0]) return ka[0] - kb[0];
  return ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
}

// ------------------------------------------------------------------ the answer: table and chart

function showAnswer(columns, rows) {
  state.columns = columns;
  state.rows = rows.map((cells, index) => ({ cells, index, text: cells.map((t) => display(t).text.toLowerCase()).join("\u0000") }));
  state.sortColumn = -1;
  state.sortDescending = false;
  state.page = 0;
  $("filter").value = "";
  $("toolbar").hidden = columns.length === 0;
  $("view-chart").disabled = chartColumns() === null;
  if (state.view === "chart" && $("view-chart").disabled) state.view = "table";
  refresh();
}

function refresh() {
  const needle = $("filter").value.trim().toLowerCase();
  let shown = needle ? state.rows.filter((row) => row.text.includes(needle)) : state.rows.slice();
  if (state.sortColumn >= 0) {
    const column = state.sortColumn;
    shown.sort((a, b) => compare(a.cells[column], b.cells[column]) || a.index - b.index);
    if (state.sortDescending) shown.reverse();
  }
  state.shown = shown;
  const size = Number($("page-size").value);
  const pages = Math.max(1, Math.ceil(shown.length / size));
  state.page = Math.min(state.page, pages - 1);
  const first = state.page * size;
  const rows = shown.slice(first, first + size);
  $("page-info").textContent = shown.length
    ? `rows ${(first + 1).toLocaleString("en-US")}–${(first + rows.length).toLocaleString("en-US")} of ${shown.length.toLocaleString("en-US")}` +
      (shown.length < state.rows.length ? ` (filtered from ${state.rows.length.toLocaleString("en-US")})` : "")
    : state.rows.length ? "no row matches the filter" : "no rows";
  $("prev").disabled = state.page === 0;
  $("next").disabled = state.page >= pages - 1;
  drawTable(rows);
  $("results").hidden = state.view !== "table";
  $("chart-box").hidden = state.view !== "chart";
  $("view-table").classList.toggle("chosen", state.view === "table");
  $("view-chart").classList.toggle("chosen", state.view === "chart");
  if (state.view === "chart") drawChart();
}

function drawTable(rows) {
  const head = $("results").tHead;
  const body = $("results").tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  if (!state.columns.length) return;
  const tr = element("tr");
  state.columns.forEach((column, index) => {
    const sorted = state.sortColumn === index ? (state.sortDescending ? "descending" : "ascending") : "none";
    const th = element("th", null, { "aria-sort": sorted, scope: "col" });
    const button = element("button", column, { type: "button", class: "sort", title: "Sort by " + column });
    button.addEventListener("click", () => {
      state.sortDescending = state.sortColumn === index ? !state.sortDescending : false;
      state.sortColumn = index;
      state.page = 0;
      refresh();
    });
    th.appendChild(button);
    tr.appendChild(th);
  });
  head.appendChild(tr);
  for (const row of rows) {
    const line = element("tr");
    for (const term of row.cells) {
      const shown = display(term);
      const td = element("td", null, shown.number ? { class: "number" } : {});
      const inner = shown.href ? element("a", shown.text, { href: shown.href, title: shown.title })
        : element("span", shown.text, { title: shown.title });
      td.appendChild(inner);
      if (shown.lang) td.appendChild(element("small", " @" + shown.lang));
      line.appendChild(td);
    }
    body.appendChild(line);
  }
}

// The columns a chart draws: the first column that is not a number (the labels) and the number
// columns; null when the answer has none of one or the other.
function chartColumns() {
  if (!state.rows.length || state.columns.length < 2) return null;
  const numeric = state.columns.map((_, i) => state.rows.every((row) => !row.cells[i] || isNumber(row.cells[i])) &&
    state.rows.some((row) => isNumber(row.cells[i])));
  const label = numeric.findIndex((n) => !n);
  const biggest = (i) => Math.max(...state.rows.map((row) => (row.cells[i] ? Math.abs(Number(row.cells[i].value)) : 0)));
  let values = numeric.map((n, i) => (n ? i : -1)).filter((i) => i >= 0);
  if (values.length) {  // columns on one axis only when their scales are alike (a share beside counts is not)
    const top = Math.max(...values.map(biggest));
    values = values.filter((i) => biggest(i) * 50 >= top).slice(0, 3);
  }
  return label < 0 || !values.length ? null : { label, values };
}

function drawChart() {
  const chosen = chartColumns();
  if (!chosen || !window.KgEditor) return;
  const rows = state.shown.slice(0, CHART_ROWS);
  const colours = ["#0b5cad", "#d9822b", "#2e8540"];
  if (state.chart) state.chart.destroy();
  state.chart = new window.KgEditor.Chart($("chart"), {
    type: "bar",
    data: {
      labels: rows.map((row) => display(row.cells[chosen.label]).text),
      datasets: chosen.values.map((column, i) => ({
        label: state.columns[column], backgroundColor: colours[i],
        data: rows.map((row) => (row.cells[column] ? Number(row.cells[column].value) : null)),
      })),
    },
    options: { indexAxis: "y", animation: false, maintainAspectRatio: false, responsive: true,
      scales: { y: { ticks: { autoSkip: false } } } },
  });
  $("chart-box").dataset.bars = String(rows.length);
  $("chart-box").style.height = Math.max(200, rows.length * 22 + 60) + "px";
}

// ------------------------------------------------------------------ named queries and their form

function selected() {
  return state.library.find((query) => query.name === $("named").value);
}

function showParams(query, values) {
  const box = $("params");
  box.replaceChildren();
  $("description").textContent = query ? query.title + ": " + query.description : "";
  for (const param of (query && query.params) || []) {
    const id = "param-" + param.name;
    const row = element("div", null, { class: "param" });
    row.appendChild(element("label", param.name + " — " + param.description, { for: id }));
    const type = param.kind === "integer" ? "number" : param.kind === "date" ? "date" : "text";
    const input = element("input", null, { id: id, name: param.name, type: type, "data-param": param.name, "data-kind": param.kind });
    if (type === "number") { input.setAttribute("min", "0"); input.setAttribute("step", "1"); }
    const value = values && param.name in values ? values[param.name] : param.default;
    input.value = value === null || value === undefined ? "" : value;
    if (param.default === null) { input.setAttribute("placeholder", "required"); input.required = true; }
    row.appendChild(input);
    box.appendChild(row);
  }
  warnUnused();
}

function paramValues() {
  const values = {};
  for (const input of document.querySelectorAll("[data-param]")) values[input.dataset.param] = input.value;
  return values;
}

// The parameters of the chosen named query that the edited text no longer uses.
function unusedParams() {
  const query = selected();
  if (!query) return [];
  const used = new Set([...state.editor.text().matchAll(/\$([A-Za-z_][\w]*)/g)].map((m) => m[1]));
  return query.params.map((p) => p.name).filter((name) => !used.has(name));
}

function warnUnused() {
  const unused = state.editor ? unusedParams() : [];
  const warning = $("warning");
  warning.hidden = unused.length === 0;
  warning.textContent = unused.length
    ? `The edited text no longer uses the parameter${unused.length > 1 ? "s" : ""} ${unused.map((n) => "$" + n).join(", ")}: ` +
      "its value is not applied (put the $name back in the text to use it)."
    : "";
  for (const input of document.querySelectorAll("[data-param]")) input.classList.toggle("unused", unused.includes(input.dataset.param));
}

// The request for what the page shows: the named query, the named query's edited text with its
// parameters (bound by the server as typed terms), or plain SPARQL.
function request() {
  const query = selected();
  const text = state.editor.text();
  if (query) {
    const params = new URLSearchParams(paramValues());
    if (text === query.text) return { url: "/queries/" + encodeURIComponent(query.name), params };
    params.set("query", text);
    return { url: "/queries/" + encodeURIComponent(query.name) + "/edited", params };
  }
  return { url: "/sparql", params: new URLSearchParams({ query: text }) };
}

function checkParams(query) {
  for (const input of document.querySelectorAll("[data-param]")) {
    if (input.classList.contains("unused")) continue;
    if (input.dataset.kind === "integer" && !/^\d+$/.test(input.value)) {
      return `The parameter ${input.dataset.param} takes a whole number (0 or more), not “${input.value}”.`;
    }
    if (input.required && !input.value) return `The parameter ${input.dataset.param} is required (${query.title}).`;
  }
  return null;
}

// ------------------------------------------------------------------ errors in words, marked in the editor

// The parser's "error at 3:7: expected one of …" as a line, a column and a sentence.
function readableError(message, text) {
  const match = /error at (\d+):(\d+): (.*)$/s.exec(message);
  if (!match) return { message: message.replace(/^bad SPARQL query: /, "The query is not valid SPARQL: ") };
  const line = Number(match[1]);
  const column = Number(match[2]);
  const rest = match[3];
  const lineText = text.split("\n")[line - 1] || "";
  // Oxigraph reports where it stopped, which can be the end of the word at fault: mark that word
  let at = Math.min(Math.max(column - 1, 0), lineText.length);
  while (at > 0 && (at >= lineText.length || /\s/.test(lineText[at]))) at -= 1;
  let start = at;
  while (start > 0 && /\S/.test(lineText[start - 1])) start -= 1;
  const word = (lineText.slice(start).match(/^\S{1,40}/) || [""])[0];
  const previous = lineText.slice(0, start).match(/(\S{1,30})\s*$/);
  const where = `Line ${line}, column ${start + 1}`;
  if (/Prefix not found/.test(rest)) {
    const prefix = (lineText.slice(0, column + 40).match(/([A-Za-z][\w-]*)?:[\w-]*$/) ||
      lineText.slice(column - 1).match(/^([A-Za-z][\w-]*)?:/) || lineText.match(/([A-Za-z][\w-]*):/) || [])[1];
    const known = prefix !== undefined && state.prefixes[prefix];
    return { line, column: start + 1, length: word.length, message: `${where}: the prefix “${prefix || ""}:” is not declared.` +
      (known ? ` Add: PREFIX ${prefix}: <${known}>` : " Declare it with PREFIX name: <namespace>.") };
  }
  const words = [...rest.matchAll(/(?:^|, )(?:expected )?(?:one of )?([A-Za-z_][A-Za-z_ ]*[A-Za-z_]|'[^']+')(?=,|$)/g)]
    .map((m) => m[1].replace(/^'|'$/g, ""));
  const after = word ? (previous ? ` (at “${word}”, after “${previous[1]}”)` : ` (at “${word}”)`) : "";
  const listed = words.length > 1 ? words.slice(0, -1).join(", ") + " or " + words[words.length - 1] : words[0];
  const expected = words.length ? ` the parser expected ${listed}${words.length > 8 ? " …" : ""} here.` : " this is not valid SPARQL here.";
  return { line, column: start + 1, length: word.length, message: `${where}${after}:${expected}` };
}

function undeclaredPrefixes(text) {
  const declared = new Set([...text.matchAll(/PREFIX\s+([A-Za-z][\w-]*)?:/gi)].map((m) => m[1] || ""));
  const problems = [];
  const stripped = text.replace(/<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*/g, (m) => " ".repeat(m.length));
  const lines = stripped.split("\n");
  lines.forEach((lineText, index) => {
    for (const m of lineText.matchAll(/(^|[\s(,;./{^|])([A-Za-z][\w-]*):(?=[\w-]|\s|$)/g)) {
      const prefix = m[2];
      if (declared.has(prefix) || /^PREFIX$/i.test(lineText.slice(0, m.index + m[1].length).trim().split(/\s+/).pop() || "")) continue;
      const known = state.prefixes[prefix];
      problems.push({ line: index + 1, column: m.index + m[1].length + 1,
        message: `The prefix “${prefix}:” is not declared.` + (known ? ` Add: PREFIX ${prefix}: <${known}>` : "") });
    }
  });
  return problems;
}

function problems(text) {
  const found = undeclaredPrefixes(text);
  if (state.lastError && state.lastError.text === text && state.lastError.line) found.push(state.lastError);
  return found;
}

function lint(text) {
  return Promise.resolve(problems(text));
}

// ------------------------------------------------------------------ completion

function completionOptions(text) {
  const declared = new Set([...text.matchAll(/PREFIX\s+([A-Za-z][\w-]*)?:/gi)].map((m) => m[1] || ""));
  const withPrefix = (label, prefix) => (view, completion, from, to) => {
    const changes = [{ from, to, insert: label }];
    let shift = 0;
    if (prefix !== null && !declared.has(prefix) && state.prefixes[prefix]) {
      const line = `PREFIX ${prefix}: <${state.prefixes[prefix]}>\n`;
      changes.push({ from: 0, insert: line });
      shift = line.length;
    }
    view.dispatch({ changes, selection: { anchor: from + label.length + shift } });
  };
  const options = [];
  for (const term of state.terms) {
    const prefix = term.name.split(":")[0];
    options.push({ label: term.name, type: term.kind === "class" ? "class" : "property",
      detail: term.label, info: term.comment || undefined, apply: withPrefix(term.name, prefix) });
  }
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    options.push({ label: prefix + ":", type: "namespace", detail: namespace, apply: withPrefix(prefix + ":", prefix), boost: -1 });
  }
  for (const keyword of KEYWORDS) options.push({ label: keyword, type: "keyword", boost: -2 });
  for (const variable of new Set([...text.matchAll(/[?$][A-Za-z_]\w*/g)].map((m) => m[0]))) {
    options.push({ label: variable, type: "variable" });
  }
  return options;
}

// ------------------------------------------------------------------ running, permalinks, history

function downloads(req, graph) {
  const box = $("downloads");
  box.replaceChildren();
  if (req.params.toString().length > GET_LIMIT) return;
  box.appendChild(element("span", "Download: "));
  for (const [label, format, suffix] of graph ? GRAPH_FORMATS : RESULT_FORMATS) {
    const params = new URLSearchParams(req.params);
    params.set("format", format);
    box.appendChild(element("a", label, { href: req.url + "?" + params.toString(), download: "results" + suffix }));
  }
}

function ntriplesTerm(text) {
  if (text.startsWith("<")) return { type: "uri", value: text.slice(1, -1) };
  if (text.startsWith("_:")) return { type: "bnode", value: text.slice(2) };
  const match = /^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$/.exec(text);
  if (!match) return { type: "literal", value: text };
  const value = JSON.parse('"' + match[1].replace(/\\U([0-9A-Fa-f]{8})/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16))) + '"');
  return { type: "literal", value: value, "xml:lang": match[2], datatype: match[3] };
}

function ntriplesRows(text) {
  return text.split("\n").filter((line) => line.trim()).map((line) => {
    const first = line.indexOf(" ");
    const second = line.indexOf(" ", first + 1);
    const rest = line.slice(second + 1).trim().replace(/\s*\.$/, "");
    return [ntriplesTerm(line.slice(0, first)), ntriplesTerm(line.slice(first + 1, second)), ntriplesTerm(rest)];
  });
}

// The permalink of what the editor holds: a named query by name and parameters, else its text.
function permalink() {
  const query = selected();
  const link = new URLSearchParams();
  const text = state.editor.text();
  if (query) {
    link.set("query", query.name);
    for (const [key, value] of Object.entries(paramValues())) link.set("param." + key, value);
    if (text !== query.text) link.set("sparql", text);
  } else {
    link.set("sparql", text);
  }
  return location.pathname + "#" + link.toString();
}

function updatePermalink() {
  $("permalink").setAttribute("href", permalink());
}

function readHistory() {
  try {
    const stored = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    return Array.isArray(stored) ? stored : [];
  } catch (error) {
    return [];
  }
}

function remember(entry) {
  const history = readHistory().filter((old) => old.link !== entry.link);
  history.unshift(entry);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(0, HISTORY_SIZE)));
  } catch (error) {
    // storage full or refused: the history is a convenience
  }
  showHistory();
}

function showHistory() {
  const box = $("history");
  box.replaceChildren(element("option", "(queries you ran here)", { value: "" }));
  readHistory().forEach((entry, index) => {
    const when = new Date(entry.at).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" });
    box.appendChild(element("option", `${when} · ${entry.label} · ${entry.rows} row${entry.rows === 1 ? "" : "s"}`, { value: String(index) }));
  });
}

async function run() {
  const query = selected();
  $("warning").hidden = true;
  warnUnused();
  const problem = query ? checkParams(query) : null;
  if (problem) {
    showError({ message: problem });
    return;
  }
  const req = request();
  const text = state.editor.text();
  const started = performance.now();
  $("run").disabled = true;
  $("status").textContent = "running…";
  $("error").hidden = true;
  state.lastError = null;
  state.editor.mark(problems(text));
  $("downloads").replaceChildren();
  try {
    const body = req.params.toString();
    const options = { headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9" } };
    const response = body.length > GET_LIMIT
      ? await fetch(req.url, { ...options, method: "POST", body: req.params })
      : await fetch(req.url + "?" + body, options);
    const type = (response.headers.get("content-type") || "").split(";")[0];
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      const answer = type === "application/json" ? await response.json() : { message: await response.text() };
      throw Object.assign(new Error(answer.message || response.statusText), { kind: answer.error });
    }
    const capped = response.headers.get("x-sparql-maxrows");
    let rows = 0;
    if (type === "application/n-triples") {
      const triples = ntriplesRows(await response.text());
      rows = triples.length;
      showAnswer(["subject", "predicate", "object"], triples);
      downloads(req, true);
    } else {
      const data = await response.json();
      if ("boolean" in data) {
        showAnswer(["answer"], [[{ type: "literal", value: String(data.boolean), datatype: XSD + "boolean" }]]);
        rows = 1;
      } else {
        const columns = data.head.vars;
        const bindings = data.results.bindings;
        rows = bindings.length;
        showAnswer(columns, bindings.map((binding) => columns.map((column) => binding[column])));
      }
      downloads(req, false);
    }
    let status = rows.toLocaleString("en-US") + (rows === 1 ? " row" : " rows") + " in " + seconds + " s";
    if (capped) status += " — cut at the server's limit of " + capped + " rows";
    $("status").textContent = status;
    updatePermalink();
    remember({ link: permalink(), label: query ? query.title : text.replace(/\s+/g, " ").slice(0, 60), rows, at: Date.now() });
  } catch (error) {
    $("status").textContent = "";
    showAnswer([], []);
    const readable = error.kind === "bad-query" || /bad SPARQL query/.test(error.message)
      ? readableError(error.message, text) : { message: error.message };
    state.lastError = readable.line ? { ...readable, text } : null;
    showError(readable);
    state.editor.mark(problems(text));
  } finally {
    $("run").disabled = false;
  }
}

function showError(problem) {
  $("error").replaceChildren(element("span", problem.message));
  if (problem.line) {
    const jump = element("button", "show in the editor", { type: "button", class: "link" });
    jump.addEventListener("click", () => {
      const doc = state.editor.view.state.doc;
      const line = doc.line(Math.min(problem.line, doc.lines));
      state.editor.view.dispatch({ selection: { anchor: Math.min(line.from + problem.column - 1, line.to) }, scrollIntoView: true });
      state.editor.focus();
    });
    $("error").appendChild(element("span", " "));
    $("error").appendChild(jump);
  }
  $("error").hidden = false;
}

// Open the permalink in the page's address (its part after #), running it; false when there is none.
function openPermalink() {
  const link = new URLSearchParams(location.hash.slice(1));
  const name = link.get("query");
  const text = link.get("sparql");
  const query = state.library.find((q) => q.name === name);
  if (!query && text === null) return false;
  const values = {};
  for (const [key, value] of link) if (key.startsWith("param.")) values[key.slice(6)] = value;
  $("named").value = query ? query.name : "";
  showParams(query, values);
  state.editor.setText(text !== null ? text : query.text);
  warnUnused();
  run();
  return true;
}

async function start() {
  const [library, terms] = await Promise.all([fetch("/queries").then((r) => r.json()), fetch("/terms").then((r) => r.json())]);
  state.library = library;
  state.prefixes = terms.prefixes;
  state.terms = terms.terms;
  const editorBox = $("editor");
  const initial = "PREFIX kg: <" + state.prefixes.kg + ">\nPREFIX skos: <" + state.prefixes.skos + ">\n\n" +
    "SELECT ?topic ?title WHERE {\n  ?topic a kg:Topic ;\n         skos:prefLabel ?title .\n} LIMIT 10";
  state.editor = window.KgEditor.createEditor(editorBox, initial, {
    nonce: document.body.dataset.nonce, completions: completionOptions, lint, onRun: run, onChange: () => { warnUnused(); updatePermalink(); },
  });
  for (const query of library) $("named").appendChild(element("option", query.title, { value: query.name }));
  $("run").addEventListener("click", run);
  $("named").addEventListener("change", () => {
    const query = selected();
    showParams(query);
    if (query) state.editor.setText(query.text);
    warnUnused();
    updatePermalink();
  });
  $("params").addEventListener("input", updatePermalink);
  $("params").addEventListener("submit", (event) => { event.preventDefault(); run(); });
  $("history").addEventListener("change", () => {
    const entry = readHistory()[Number($("history").value)];
    if (!entry || $("history").value === "") return;
    history.replaceState(null, "", entry.link);
    openPermalink();
  });
  $("filter").addEventListener("input", () => { state.page = 0; refresh(); });
  $("page-size").addEventListener("change", () => { state.page = 0; refresh(); });
  $("prev").addEventListener("click", () => { state.page -= 1; refresh(); });
  $("next").addEventListener("click", () => { state.page += 1; refresh(); });
  $("view-table").addEventListener("click", () => { state.view = "table"; refresh(); });
  $("view-chart").addEventListener("click", () => { state.view = "chart"; refresh(); });
  window.addEventListener("hashchange", openPermalink);
  showHistory();
  if (!openPermalink()) updatePermalink();
  document.body.dataset.ready = "true";
}

window.kgQueryPage = state; // for the browser tests and the curious
document.addEventListener("DOMContentLoaded", start);
