// The whole view lives in the URL's query string: a copied link reproduces
// it. Lists are comma-separated; an omitted list means the API's default.

const LISTS = { x: 'expanded', types: 'types', st: 'stances', mod: 'modalities' };
const SCALARS = { focus: 'focus', asOf: 'asOf', sel: 'sel', pf: 'pathFrom', pt: 'pathTo', da: 'dyadA', db: 'dyadB' };

export function emptyState() {
  return {
    focus: '', depth: 1, expanded: [], types: null, stances: null, modalities: null,
    asOf: '', knownAt: false, sel: '', pathFrom: '', pathTo: '', dyadA: '', dyadB: '',
  };
}

// readState parses a query string; unknown parameters are ignored.
export function readState(search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  for (const [k, f] of Object.entries(SCALARS)) s[f] = p.get(k) || '';
  for (const [k, f] of Object.entries(LISTS)) {
    if (p.has(k)) s[f] = p.get(k).split(',').filter(Boolean);
  }
  if (!s.expanded) s.expanded = [];
  // Passed to the API as given: it answers a depth it does not allow with
  // an error the page shows.
  const depth = parseInt(p.get('depth') || '1', 10);
  s.depth = Number.isFinite(depth) ? depth : 1;
  s.knownAt = p.get('known') === '1';
  return s;
}

// writeState is the query string of s, parameters in a fixed order.
export function writeState(s) {
  const p = new URLSearchParams();
  if (s.focus) p.set('focus', s.focus);
  if (s.depth !== 1) p.set('depth', String(s.depth));
  if (s.expanded.length) p.set('x', s.expanded.join(','));
  for (const [k, f] of Object.entries(LISTS)) {
    if (f !== 'expanded' && s[f]) p.set(k, s[f].join(','));
  }
  if (s.asOf) p.set('asOf', s.asOf);
  if (s.knownAt && s.asOf) p.set('known', '1');
  for (const k of ['sel', 'pf', 'pt', 'da', 'db']) {
    const v = s[SCALARS[k]];
    if (v) p.set(k, v);
  }
  const q = p.toString();
  return q ? '?' + q : '';
}

// claimVars are the claim arguments of the API's reads for state s.
export function claimVars(s) {
  return {
    types: s.types,
    modalities: s.modalities,
    asOf: s.asOf || null,
    knownAt: s.knownAt && s.asOf ? s.asOf : null,
  };
}
