// The explorer at /explore: search, neighbourhoods, claims, filters, time,
// paths, dyads, sharing and export, over the public GraphQL API only.
import cytoscape from 'cytoscape';
import { gql, Q, kindOf } from './api.js';
import { cyStyle, legendHTML } from './legend.js';
import { readState, writeState, claimVars } from './state.js';
import { edgePanel, nodePanel, pathsPanel, listHTML } from './panels.js';
import { showDyad } from './dyad.js';
import { setupControls, syncControls } from './controls.js';
import { $, esc, download } from './util.js';

const state = readState(window.location.search);
// pathSearch is what the last path search said of itself (complete, searchedHops).
const graph = { nodes: new Map(), edges: new Map(), paths: [], pathSearch: null, truncated: false };
const timings = [];
let generation = 0;
let cy;

// ---- messages ---------------------------------------------------------

function showError(err) {
  $('error-text').textContent = err && err.message ? err.message : String(err);
  $('error').hidden = false;
  $('status').textContent = '';
  document.body.dataset.state = 'error';
}

function clearError() {
  $('error').hidden = true;
}

function setStatus(text, busy) {
  $('status').textContent = text;
  document.body.dataset.state = busy ? 'loading' : 'idle';
}

function saveURL() {
  history.replaceState(null, '', '/explore' + writeState(state));
}

// ---- the graph model ----------------------------------------------------

function merge(sub) {
  for (const n of sub.nodes) graph.nodes.set(n.id, n);
  for (const r of sub.edges) graph.edges.set(r.id, r);
}

function visibleEdges() {
  const st = state.stances;
  return [...graph.edges.values()].filter((r) => !st || st.includes(r.stance));
}

// visibleNodes: every node with a visible relation, plus the ones asked for.
function visibleNodes(edges) {
  const keep = new Set([state.focus, ...state.expanded]);
  for (const r of edges) keep.add(r.from.id).add(r.to.id);
  for (const p of graph.paths) for (const n of p.nodes) keep.add(n.id);
  return [...graph.nodes.values()].filter((n) => keep.has(n.id));
}

let symmetric = new Set();

function elementsOf(nodes, edges) {
  const els = nodes.map((n) => ({ group: 'nodes', data: { id: n.id, name: n.name, kind: kindOf(n) } }));
  for (const r of edges) {
    els.push({
      group: 'edges',
      data: {
        id: r.id, source: r.from.id, target: r.to.id, type: r.type, stance: r.stance,
        modality: r.modality, contested: r.contested, symmetric: symmetric.has(r.type),
      },
    });
  }
  return els;
}

// placeNear puts new nodes on a ring around a neighbour already drawn.
function placeNear(added) {
  const ringOf = new Map();
  added.forEach((n) => {
    const anchor = n.neighborhood('node').filter((m) => !added.contains(m)).first();
    const key = anchor.nonempty() ? anchor.id() : '';
    if (!ringOf.has(key)) ringOf.set(key, { anchor, members: [] });
    ringOf.get(key).members.push(n);
  });
  for (const { anchor, members } of ringOf.values()) {
    const c = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const radius = 90 + members.length * 6;
    members.forEach((n, i) => {
      const a = (2 * Math.PI * i) / members.length;
      n.position({ x: c.x + radius * Math.cos(a), y: c.y + radius * Math.sin(a) });
    });
  }
}

// draw makes the canvas show the model: removes what went, adds what came,
// lays out everything when nothing was drawn before, else only the new.
function draw() {
  const edges = visibleEdges();
  const nodes = visibleNodes(edges);
  const want = new Set([...nodes.map((n) => n.id), ...edges.map((r) => r.id)]);
  const fresh = cy.elements().empty();
  const before = cy.nodes().length;
  cy.batch(() => {
    cy.elements().filter((e) => !want.has(e.id())).remove();
    const missing = elementsOf(nodes, edges).filter((e) => cy.getElementById(e.data.id).empty());
    const added = cy.add(missing);
    if (!fresh && added.nodes().nonempty()) placeNear(added.nodes());
    cy.nodes().removeClass('focus expanded');
    cy.getElementById(state.focus).addClass('focus');
    state.expanded.forEach((id) => cy.getElementById(id).addClass('expanded'));
    markPaths();
  });
  if (fresh && nodes.length) layoutRings();
  if (fresh || cy.nodes().length > before) fitView();
  $('empty').hidden = nodes.length > 0;
  $('list').innerHTML = listHTML(nodes, edges, (id) => (graph.nodes.get(id) || { name: id }).name);
  setStatus(`${nodes.length} nodes, ${edges.length} relations${graph.truncated ? ' (cut at 100 per neighbourhood)' : ''}`);
}

// layoutRings puts the focus in the middle and each further node on a ring
// by its distance from it: quick, deterministic, and readable as "who is
// how far".
function layoutRings() {
  const root = cy.getElementById(state.focus);
  const dist = new Map();
  if (root.nonempty()) cy.elements().bfs({ roots: root, visit: (v, e, u, i, depth) => { dist.set(v.id(), depth); } });
  const far = Math.max(0, ...dist.values()) + 1;
  cy.layout({
    name: 'concentric', animate: false, minNodeSpacing: 40, avoidOverlap: true,
    concentric: (n) => far - (dist.has(n.id()) ? dist.get(n.id()) : far),
    levelWidth: () => 1,
  }).run();
}

// fitView shows the whole graph, without blowing a few nodes up.
function fitView() {
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.6) {
    cy.zoom(1.6);
    cy.center();
  }
}

function markPaths() {
  cy.elements().removeClass('path');
  for (const p of graph.paths) {
    p.nodes.forEach((n) => cy.getElementById(n.id).addClass('path'));
    p.relations.forEach((r) => cy.getElementById(r.id).addClass('path'));
  }
}

// ---- loading ------------------------------------------------------------

async function neighbourhood(id, depth) {
  const data = await gql(Q.neighbourhood, { id, depth, ...claimVars(state) });
  graph.truncated = graph.truncated || data.neighbourhood.truncated;
  return data.neighbourhood;
}

async function loadPaths() {
  graph.paths = [];
  graph.pathSearch = null;
  if (!state.pathFrom || !state.pathTo) return;
  const { shortestPaths: found } = await gql(Q.paths, { from: state.pathFrom, to: state.pathTo, ...claimVars(state) });
  graph.paths = found.paths;
  graph.pathSearch = { complete: found.complete, searchedHops: found.searchedHops };
  for (const p of found.paths) merge({ nodes: p.nodes, edges: p.relations });
}

// reload fetches everything the state asks for and redraws from scratch.
async function reload() {
  const gen = ++generation;
  const t0 = performance.now();
  setStatus('Loading…', true);
  clearError();
  try {
    const subs = await Promise.all([state.focus && neighbourhood(state.focus, state.depth),
      ...state.expanded.map((id) => neighbourhood(id, 1))]);
    const keepPaths = graph.paths;
    if (gen !== generation) return;
    graph.nodes.clear();
    graph.edges.clear();
    graph.truncated = false;
    graph.paths = keepPaths;
    subs.filter(Boolean).forEach(merge);
    await loadPaths();
    if (gen !== generation) return;
    cy.elements().remove();
    draw();
    timings.push({ op: 'render', ms: performance.now() - t0, nodes: cy.nodes().length });
    await showSelection();
  } catch (err) {
    if (gen === generation) showError(err);
  }
}

// expand adds a node's neighbours to what is drawn.
async function expand(id) {
  const t0 = performance.now();
  if (id !== state.focus && !state.expanded.includes(id)) state.expanded.push(id);
  saveURL();
  setStatus('Loading…', true);
  try {
    merge(await neighbourhood(id, 1));
    draw();
    timings.push({ op: 'expand', ms: performance.now() - t0, nodes: cy.nodes().length });
  } catch (err) {
    showError(err);
  }
}

function focusOn(id) {
  Object.assign(state, { focus: id, expanded: [], sel: 'n:' + id });
  saveURL();
  return reload();
}

// ---- selection and the side panel ----------------------------------------

async function showSelection() {
  const panel = $('panel');
  const [kind, id] = [state.sel.slice(0, 1), state.sel.slice(2)];
  cy.elements().unselect();
  if (!id) return;
  cy.getElementById(id).select();
  if (kind === 'e') {
    const r = graph.edges.get(id);
    if (r) panel.innerHTML = edgePanel(r);
    return;
  }
  const data = await gql(Q.node, { id });
  if (!data.node) throw new Error(`No node with id ${id}.`);
  let timeline = null;
  if (data.node.actorKind) {
    const { modalities, asOf, knownAt } = claimVars(state);
    timeline = (await gql(Q.timeline, { id, modalities, asOf, knownAt })).timeline;
  }
  if (state.sel === 'n:' + id) panel.innerHTML = nodePanel(data.node, timeline);
}

function select(sel) {
  state.sel = sel;
  saveURL();
  showSelection().catch(showError);
}

function onPanelClick(ev) {
  const b = ev.target.closest('button');
  if (!b) return;
  if (b.dataset.node) select('n:' + b.dataset.node);
  else if (b.dataset.edge) select('e:' + b.dataset.edge);
  else if (b.dataset.expand) expand(b.dataset.expand);
  else if (b.dataset.focus) focusOn(b.dataset.focus);
}

// ---- search ---------------------------------------------------------------

async function search(ev) {
  ev.preventDefault();
  const text = $('search').value.trim();
  const list = $('results');
  if (!text) return;
  try {
    const hits = (await gql(Q.search, { text })).search;
    list.innerHTML = hits.length ? hits.map((h) => `<li><button type="button" data-pick="${esc(h.node.id)}">${esc(h.node.name)}
      <span class="muted">${esc(kindOf(h.node).toLowerCase().replace('_', ' '))} · score ${h.score.toFixed(2)}</span></button></li>`).join('')
      : `<li class="muted">Nothing matches “${esc(text)}”.</li>`;
    list.hidden = false;
    const first = list.querySelector('button');
    if (first) first.focus();
  } catch (err) {
    showError(err);
  }
}

function onPick(ev) {
  const b = ev.target.closest('button[data-pick]');
  if (!b) return;
  $('results').hidden = true;
  focusOn(b.dataset.pick);
}

// resolve turns a typed name into an actor, by the API's search.
async function resolve(text) {
  text = text.trim();
  if (graph.nodes.has(text)) return graph.nodes.get(text);
  const hits = (await gql(Q.resolve, { text })).search;
  if (!hits.length) throw new Error(`No actor matches “${text}”.`);
  return hits[0].node;
}

async function findPaths(ev) {
  ev.preventDefault();
  try {
    const [a, b] = await Promise.all([resolve($('path-from').value), resolve($('path-to').value)]);
    Object.assign(state, { pathFrom: a.id, pathTo: b.id, sel: '' });
    saveURL();
    await loadPaths();
    draw();
    $('panel').innerHTML = pathsPanel(a, b, graph.paths, graph.pathSearch);
  } catch (err) {
    showError(err);
  }
}

async function dyad(ev) {
  ev.preventDefault();
  try {
    const [a, b] = await Promise.all([resolve($('dyad-a').value), resolve($('dyad-b').value)]);
    Object.assign(state, { dyadA: a.id, dyadB: b.id });
    saveURL();
    await showDyad($('dyad-out'), a, b);
  } catch (err) {
    showError(err);
  }
}

// ---- share and export -------------------------------------------------------

async function copyLink() {
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    $('share-status').textContent = 'Link copied.';
  } catch {
    $('share-status').innerHTML = `Copy this link: <input readonly value="${esc(url)}" aria-label="Link to this view">`;
    $('share-status').querySelector('input').select();
  }
}

function exportJSON() {
  const edges = visibleEdges();
  const body = { view: window.location.href, nodes: visibleNodes(edges), relations: edges };
  download(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), 'actorgraph-subgraph.json');
}

function exportPNG() {
  download(cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }), 'actorgraph-view.png');
}

// ---- start --------------------------------------------------------------

function setupGraph() {
  cy = cytoscape({ container: $('cy'), style: cyStyle(), wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4 });
  cy.on('tap', 'node', (e) => { select('n:' + e.target.id()); expand(e.target.id()); });
  cy.on('dbltap', 'node', (e) => focusOn(e.target.id()));
  cy.on('tap', 'edge', (e) => select('e:' + e.target.id()));
  new ResizeObserver(() => cy.resize()).observe($('cy'));
}

async function start() {
  $('legend-body').innerHTML = legendHTML();
  setupGraph();
  $('error-close').addEventListener('click', clearError);
  $('search-form').addEventListener('submit', search);
  $('results').addEventListener('click', onPick);
  $('paths-form').addEventListener('submit', findPaths);
  $('path-clear').addEventListener('click', () => { Object.assign(state, { pathFrom: '', pathTo: '' }); graph.paths = []; graph.pathSearch = null; saveURL(); draw(); });
  $('dyad-form').addEventListener('submit', dyad);
  $('copy-link').addEventListener('click', copyLink);
  $('export-png').addEventListener('click', exportPNG);
  $('export-json').addEventListener('click', exportJSON);
  for (const id of ['panel', 'list', 'paths-box']) $(id).addEventListener('click', onPanelClick);
  window.explorer = { cy, state, graph, timings, expand, focusOn };
  let vocab;
  try {
    vocab = await gql(Q.vocabulary);
  } catch (err) {
    showError(err);
    return;
  }
  symmetric = new Set(vocab.relationTypes.filter((t) => t.symmetric).map((t) => t.type));
  setupControls(state, vocab, () => { saveURL(); reload(); });
  syncControls(state);
  saveURL();
  if (state.dyadA && state.dyadB) showDyad($('dyad-out'), { id: state.dyadA, name: state.dyadA }, { id: state.dyadB, name: state.dyadB });
  if (state.focus) await reload();
  else setStatus('');
}

window.addEventListener('unhandledrejection', (e) => showError(e.reason));
window.addEventListener('error', (e) => showError(e.error || e.message));
start();
