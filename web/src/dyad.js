// Dyads: the event-data series of two states, month by month, as a small
// chart. The API's `dyad` query may not exist on this server: then, or when
// it returns nothing, the page says there is no event data.
import { gql, Q } from './api.js';
import { STANCES } from './legend.js';
import { esc } from './util.js';

const SERIES = [
  ['verbalCooperation', STANCES.VERBAL_COOPERATION],
  ['materialCooperation', STANCES.MATERIAL_COOPERATION],
  ['verbalConflict', STANCES.VERBAL_CONFLICT],
  ['materialConflict', STANCES.MATERIAL_CONFLICT],
];

function noData(text) {
  return `<p class="notice">No event data: ${esc(text)}</p>`;
}

function chart(periods) {
  const W = 300, H = 110, pad = 4;
  const max = Math.max(1, ...periods.flatMap((p) => SERIES.map(([k]) => p[k] || 0)));
  const x = (i) => pad + (periods.length < 2 ? 0 : (i * (W - 2 * pad)) / (periods.length - 1));
  const y = (v) => H - pad - ((v || 0) * (H - 2 * pad)) / max;
  const lines = SERIES.map(([k, s]) => {
    const pts = periods.map((p, i) => `${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts}"><title>${esc(s.label)}</title></polyline>`;
  }).join('');
  const rows = periods.map((p) => `<tr><th scope="row">${esc(p.start)}</th><td>${p.events}</td>${SERIES.map(([k]) => `<td>${p[k]}</td>`).join('')}<td>${p.scoreMean ?? ''}</td></tr>`).join('');
  return `<svg class="dyad-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Events per month by quad class, ${esc(periods[0].start)} to ${esc(periods[periods.length - 1].start)}">${lines}</svg>
    <p class="muted">${esc(periods[0].start)} – ${esc(periods[periods.length - 1].start)}, peak ${max} a month</p>
    <ul class="dyad-key">${SERIES.map(([, s]) => `<li><span style="background:${s.color}"></span>${esc(s.label)}</li>`).join('')}</ul>
    <details><summary>As a table</summary><table><thead><tr><th>Month</th><th>Events</th>${SERIES.map(([, s]) => `<th>${esc(s.label)}</th>`).join('')}<th>Mean score</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

// showDyad fills out with the chart of a and b (entities with id and name).
export async function showDyad(out, a, b) {
  out.innerHTML = '<p class="muted">Loading…</p>';
  let data;
  try {
    data = await gql(Q.dyad, { a: a.id, b: b.id, from: null, to: null });
  } catch (err) {
    const missing = /Cannot query field "dyad"|dyad/.test(err.message) && err.code === 'GRAPHQL_VALIDATION_FAILED';
    out.innerHTML = missing ? noData('this server has no dyad query yet.') : noData(err.message);
    return;
  }
  const periods = (data.dyad && data.dyad.periods) || [];
  out.innerHTML = periods.length
    ? `<h3>${esc(a.name)} – ${esc(b.name)}</h3>` + chart(periods)
    : noData(`none recorded between ${a.name} and ${b.name}.`);
}
