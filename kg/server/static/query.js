// kg's query page: pick a named query or write SPARQL, run it against this server, see a table.
// Plain JavaScript, no libraries and nothing fetched from elsewhere; data reaches the page as text only.
"use strict";

const SHOWN = 5000; // rows drawn in the table; the downloads hold them all
const GET_LIMIT = 6000; // longer queries are POSTed (and get no download links)
const RESULT_FORMATS = [["CSV", "csv", ".csv"], ["TSV", "tsv", ".tsv"], ["JSON", "json", ".srj"], ["XML", "xml", ".srx"]];
const GRAPH_FORMATS = [["Turtle", "turtle", ".ttl"], ["N-Triples", "nt", ".nt"], ["JSON-LD", "jsonld", ".jsonld"], ["RDF/XML", "rdfxml", ".rdf"]];

const PLAIN = ["xsd:string", "xsd:integer", "xsd:boolean", "xsd:decimal"]; // datatypes not spelled out
const $ = (id) => document.getElementById(id);
let library = [];

function element(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  return node;
}

function localHref(iri) {
  const base = document.body.dataset.base || "";
  if (base && iri.startsWith(base)) return "/" + iri.slice(base.length);
  return /^https?:\/\//.test(iri) ? iri : null;
}

function termCell(term) {
  const td = element("td");
  if (!term) return td;
  if (term.type === "uri") {
    const href = localHref(term.value);
    td.appendChild(href ? element("a", term.value, { href: href }) : element("span", term.value));
  } else {
    td.appendChild(element("span", term.type === "bnode" ? "_:" + term.value : term.value));
    const note = term["xml:lang"] || (term.datatype || "").replace("http://www.w3.org/2001/XMLSchema#", "xsd:");
    if (note && !PLAIN.includes(note)) td.appendChild(element("small", " " + note));
  }
  return td;
}

function selected() {
  return library.find((query) => query.name === $("named").value);
}

function showParams(query) {
  const box = $("params");
  box.replaceChildren();
  $("description").textContent = query ? query.title + ": " + query.description : "";
  for (const param of (query && query.params) || []) {
    const id = "param-" + param.name;
    box.appendChild(element("label", param.name + " — " + param.description, { for: id }));
    const input = element("input", null, { id: id, name: param.name, "data-param": param.name });
    input.value = param.default === null ? "" : param.default;
    if (param.default === null) input.setAttribute("placeholder", "required");
    box.appendChild(input);
  }
}

function request() {
  const query = selected();
  const text = $("sparql").value;
  if (query && text === query.text) {
    const params = new URLSearchParams();
    for (const input of document.querySelectorAll("[data-param]")) params.set(input.dataset.param, input.value);
    return { url: "/queries/" + encodeURIComponent(query.name), params: params };
  }
  return { url: "/sparql", params: new URLSearchParams({ query: text }) };
}

function downloads(req, graph) {
  const box = $("downloads");
  box.replaceChildren();
  const query = req.params.toString();
  if (query.length > GET_LIMIT) return;
  box.appendChild(element("span", "Download: "));
  for (const [label, format, suffix] of graph ? GRAPH_FORMATS : RESULT_FORMATS) {
    const params = new URLSearchParams(req.params);
    params.set("format", format);
    box.appendChild(element("a", label, { href: req.url + "?" + params.toString(), download: "results" + suffix }));
  }
}

function table(columns, rows) {
  const head = $("results").tHead;
  const body = $("results").tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  const tr = element("tr");
  for (const column of columns) tr.appendChild(element("th", column));
  head.appendChild(tr);
  for (const row of rows.slice(0, SHOWN)) {
    const line = element("tr");
    for (const term of row) line.appendChild(termCell(term));
    body.appendChild(line);
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

async function run() {
  const req = request();
  const started = performance.now();
  $("run").disabled = true;
  $("status").textContent = "running…";
  $("error").hidden = true;
  table([], []);
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
      const problem = type === "application/json" ? await response.json() : { message: await response.text() };
      throw new Error(problem.message || response.statusText);
    }
    const capped = response.headers.get("x-sparql-maxrows");
    let rows = 0;
    if (type === "application/n-triples") {
      const triples = ntriplesRows(await response.text());
      rows = triples.length;
      table(["subject", "predicate", "object"], triples);
      downloads(req, true);
    } else {
      const data = await response.json();
      if ("boolean" in data) {
        table(["answer"], [[{ type: "literal", value: String(data.boolean) }]]);
      } else {
        const columns = data.head.vars;
        const bindings = data.results.bindings;
        rows = bindings.length;
        table(columns, bindings.map((binding) => columns.map((column) => binding[column])));
      }
      downloads(req, false);
    }
    let status = rows + (rows === 1 ? " row" : " rows") + " in " + seconds + " s";
    if (rows > SHOWN) status += " (showing the first " + SHOWN + "; the downloads hold them all)";
    if (capped) status += " — cut at the server's limit of " + capped + " rows";
    $("status").textContent = status;
  } catch (error) {
    $("status").textContent = "";
    $("error").textContent = error.message;
    $("error").hidden = false;
  } finally {
    $("run").disabled = false;
  }
}

async function start() {
  $("run").addEventListener("click", run);
  $("sparql").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
  });
  $("named").addEventListener("change", () => {
    const query = selected();
    showParams(query);
    if (query) $("sparql").value = query.text;
  });
  const response = await fetch("/queries");
  library = await response.json();
  for (const query of library) $("named").appendChild(element("option", query.title, { value: query.name }));
  const wanted = new URLSearchParams(location.hash.slice(1)).get("query");
  if (wanted && library.some((query) => query.name === wanted)) {
    $("named").value = wanted;
    $("named").dispatchEvent(new Event("change"));
  }
  document.body.dataset.ready = "true";
}

start();
