// The side panel's contents: a relation with all its claims, a node with
// its timeline, the paths found. Buttons carry data-node / data-edge, which
// explore.js turns into selections.
import { esc } from './util.js';
import { KINDS, STANCES, MODALITIES } from './legend.js';
import { kindOf } from './api.js';

function nodeButton(n) {
  if (!n) return '<span class="muted">(unknown)</span>';
  return `<button type="button" class="link" data-node="${esc(n.id)}">${esc(n.name)}</button>`;
}

function dates(r) {
  if (!r.since && !r.until) return 'undated';
  return `${esc(r.since || '…')} – ${esc(r.until || 'open')}`;
}

function claimHTML(c) {
  const who = c.attributedTo ? `attributed to ${nodeButton(c.attributedTo)}` : 'in the source’s own voice';
  const src = c.source.url
    ? `<a href="${esc(c.source.url)}" rel="noreferrer">${esc(c.source.title)}</a>`
    : esc(c.source.title);
  const pub = [c.source.publisher, c.source.published].filter(Boolean).map(esc).join(', ');
  return `<li class="claim">
    <blockquote>${esc(c.quote)}</blockquote>
    <dl>
      <dt>Modality</dt><dd class="modality">${esc(c.modality)}</dd>
      <dt>Source</dt><dd>${src}${pub ? ` <span class="muted">(${pub})</span>` : ''}</dd>
      <dt>Who</dt><dd>${who}</dd>
      <dt>Stated on</dt><dd>${esc(c.statedOn || 'unknown')}</dd>
      ${c.statement ? `<dt>Statement</dt><dd>${esc(c.statement.name)} (${esc(c.statement.date)})</dd>` : ''}
    </dl>
  </li>`;
}

// edgePanel shows a relation: type, both ends, dates, modality, claims.
export function edgePanel(r) {
  const stance = STANCES[r.stance] ? STANCES[r.stance].label : r.stance;
  const mod = MODALITIES[r.modality] ? MODALITIES[r.modality].label : r.modality;
  return `<h2 id="panel-title">${esc(r.from.name)} <span class="rel-type">${esc(r.type)}</span> ${esc(r.to.name)}</h2>
    <dl class="facts">
      <dt>Type</dt><dd>${esc(r.type)}</dd>
      <dt>From</dt><dd>${nodeButton(r.from)}</dd>
      <dt>To</dt><dd>${nodeButton(r.to)}</dd>
      <dt>Dates</dt><dd>${dates(r)}</dd>
      <dt>Modality</dt><dd>${esc(mod)}${r.modalities.length > 1 ? ` <span class="muted">(claims: ${r.modalities.map(esc).join(', ')})</span>` : ''}</dd>
      ${r.contested ? '<dt>Contested</dt><dd><strong>yes</strong>: denied, and given as fact</dd>' : ''}
      <dt>Stance</dt><dd>${esc(stance)}</dd>
      <dt>Confidence</dt><dd>${esc(r.confidence)}</dd>
      ${r.role ? `<dt>Role</dt><dd>${esc(r.role)}</dd>` : ''}
    </dl>
    <h3>Claims (${r.evidence.length})</h3>
    <ol class="claims">${r.evidence.map(claimHTML).join('')}</ol>`;
}

function timelineItem(e) {
  const n = e.node;
  if (n.__typename === 'Event') return `<li><time>${esc(e.date)}</time> ${nodeButton(n)} <span class="muted">event</span></li>`;
  return `<li><time>${esc(e.date)}</time> <button type="button" class="link" data-edge="${esc(n.id)}">${esc(n.from.name)} ${esc(n.type)} ${esc(n.to.name)}</button>
    <span class="muted">${esc(n.modality.toLowerCase())}</span></li>`;
}

// nodePanel shows an entity: kind, aliases, description, Wikidata, timeline.
export function nodePanel(n, timeline) {
  const kind = kindOf(n);
  const label = KINDS[kind] ? KINDS[kind].label : kind;
  const wd = n.wikidataId
    ? `<dt>Wikidata</dt><dd><a href="https://www.wikidata.org/wiki/${esc(n.wikidataId)}" rel="noreferrer">${esc(n.wikidataId)}</a></dd>` : '';
  const extra = [
    n.country && `<dt>Country</dt><dd>${esc(n.country)}</dd>`,
    n.adopted && `<dt>Adopted</dt><dd>${esc(n.adopted)}</dd>`,
    n.date && `<dt>Date</dt><dd>${esc(n.date)}${n.endDate ? ' – ' + esc(n.endDate) : ''}</dd>`,
    n.location && `<dt>Location</dt><dd>${esc(n.location)}</dd>`,
  ].filter(Boolean).join('');
  let tl = '';
  if (timeline) {
    tl = `<h3>Timeline (${timeline.totalCount})</h3>` + (timeline.edges.length
      ? `<ol class="timeline">${timeline.edges.map(timelineItem).join('')}</ol>`
      : '<p class="muted">No dated events or relations under the current filters.</p>');
  }
  return `<h2 id="panel-title">${esc(n.name)}</h2>
    <dl class="facts">
      <dt>Kind</dt><dd class="kind">${esc(label)}</dd>
      <dt>Aliases</dt><dd>${n.aliases.length ? n.aliases.map(esc).join(', ') : '<span class="muted">none</span>'}</dd>
      ${extra}${wd}
    </dl>
    ${n.description ? `<p class="description">${esc(n.description)}</p>` : ''}
    <p><button type="button" data-expand="${esc(n.id)}">Expand</button> <button type="button" data-focus="${esc(n.id)}">Focus on ${esc(n.name)}</button></p>
    ${tl}`;
}

// pathsPanel lists the shortest paths found, each step a button, and says
// when the search ran out of budget before it was done (search: complete,
// searchedHops).
export function pathsPanel(from, to, paths, search) {
  const cut = search && !search.complete
    ? `<p class="muted" id="paths-incomplete">The search reached its budget: every path of up to ${search.searchedHops} hop${search.searchedHops === 1 ? '' : 's'} is listed, longer ones may be missing.</p>`
    : '';
  if (!paths.length) return `<h2 id="panel-title">Paths</h2><p>No path from ${esc(from.name)} to ${esc(to.name)} within ${cut ? search.searchedHops : 4} hops under the current filters.</p>${cut}`;
  const one = (p, i) => {
    const steps = p.nodes.map((n, j) => {
      const r = p.relations[j];
      return nodeButton(n) + (r ? ` <button type="button" class="link rel-type" data-edge="${esc(r.id)}">${esc(r.type)}</button> ` : '');
    });
    return `<li><span class="muted">${p.length} hop${p.length === 1 ? '' : 's'}:</span> ${steps.join('')}</li>`;
  };
  return `<h2 id="panel-title">Shortest paths: ${esc(from.name)} → ${esc(to.name)}</h2>
    <ol class="paths">${paths.map(one).join('')}</ol>${cut}`;
}

// listHTML is the graph as lists of buttons, for the keyboard and screen readers.
export function listHTML(nodes, edges, names) {
  const ns = nodes.map((n) => `<li>${nodeButton(n)} <span class="muted">${esc((KINDS[kindOf(n)] || {}).label || '')}</span></li>`).join('');
  const es = edges.map((r) => `<li><button type="button" class="link" data-edge="${esc(r.id)}">${esc(names(r.from.id))} ${esc(r.type)} ${esc(names(r.to.id))}</button> <span class="muted">${esc(r.modality.toLowerCase())}</span></li>`).join('');
  return `<h3>Nodes (${nodes.length})</h3><ul>${ns}</ul><h3>Relations (${edges.length})</h3><ul>${es}</ul>`;
}
