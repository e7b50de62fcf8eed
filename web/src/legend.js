// How the graph looks: node colour and shape by kind, edge colour by
// stance (the CAMEO/PLOVER quad class), edge line by modality. The legend
// and the Cytoscape style are built from these same tables.

export const KINDS = {
  STATE: { color: '#1f77b4', shape: 'round-rectangle', label: 'State' },
  PERSON: { color: '#9467bd', shape: 'ellipse', label: 'Person' },
  GOVERNMENT_BODY: { color: '#17becf', shape: 'rectangle', label: 'Government body' },
  ORGANIZATION: { color: '#8c564b', shape: 'hexagon', label: 'Organisation' },
  ALLIANCE: { color: '#2ca0a0', shape: 'octagon', label: 'Alliance' },
  ARMED_GROUP: { color: '#7f3f00', shape: 'triangle', label: 'Armed group' },
  MEDIA: { color: '#e377c2', shape: 'diamond', label: 'Media' },
  REGION: { color: '#7f7f7f', shape: 'round-pentagon', label: 'Region' },
  GROUP: { color: '#bcbd22', shape: 'barrel', label: 'Group' },
  POLICY: { color: '#ff7f0e', shape: 'tag', label: 'Policy' },
  EVENT: { color: '#555555', shape: 'star', label: 'Event' },
};

export const STANCES = {
  VERBAL_COOPERATION: { color: '#74c476', label: 'Verbal cooperation' },
  MATERIAL_COOPERATION: { color: '#1a7a36', label: 'Material cooperation' },
  VERBAL_CONFLICT: { color: '#f39c12', label: 'Verbal conflict' },
  MATERIAL_CONFLICT: { color: '#d62728', label: 'Material conflict' },
  NEUTRAL: { color: '#9a9a9a', label: 'Neutral (structural)' },
};

// A fact is a solid line; what is not (yet) a fact is dashed; what ought to
// be or would have been is dotted; a denial is a faint dotted line.
export const MODALITIES = {
  ASSERTED: { line: 'solid', width: 2.5, opacity: 1, label: 'asserted (fact)' },
  REPORTED: { line: 'solid', width: 1.5, opacity: 1, label: 'reported (fact, relayed)' },
  INTENDED: { line: 'dashed', width: 2, opacity: 1, label: 'intended' },
  PREDICTED: { line: 'dashed', width: 2, opacity: 0.9, label: 'predicted' },
  CONDITIONAL: { line: 'dashed', width: 1.5, opacity: 0.8, label: 'conditional' },
  NORMATIVE: { line: 'dotted', width: 2, opacity: 0.9, label: 'normative (ought to)' },
  COUNTERFACTUAL: { line: 'dotted', width: 2, opacity: 0.8, label: 'counterfactual' },
  DENIED: { line: 'dotted', width: 1.5, opacity: 0.5, label: 'denied' },
};

const BASE_STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(name)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-wrap': 'ellipsis', 'text-max-width': 110, width: 22, height: 22,
      'text-background-color': '#ffffff', 'text-background-opacity': 0.7, 'text-background-padding': 1,
      'min-zoomed-font-size': 7,
    },
  },
  {
    selector: 'edge',
    style: {
      'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
      'line-color': '#999', 'target-arrow-color': '#999',
    },
  },
  { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
];

// Applied last, so that they win over kind, stance and modality.
const STATE_STYLE = [
  { selector: 'edge[?contested]', style: { 'line-style': 'double', width: 4 } },
  { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#222', width: 32, height: 32, 'font-weight': 'bold' } },
  { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#222' } },
  { selector: ':selected', style: { 'overlay-color': '#ffd400', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
  { selector: '.path', style: { 'underlay-color': '#ffd400', 'underlay-opacity': 0.8, 'underlay-padding': 5 } },
];

// cyStyle is the Cytoscape style sheet made from the tables above.
export function cyStyle() {
  const kinds = Object.entries(KINDS).map(([k, v]) => ({
    selector: `node[kind = "${k}"]`, style: { 'background-color': v.color, shape: v.shape },
  }));
  const stances = Object.entries(STANCES).map(([k, v]) => ({
    selector: `edge[stance = "${k}"]`, style: { 'line-color': v.color, 'target-arrow-color': v.color },
  }));
  const mods = Object.entries(MODALITIES).map(([k, v]) => ({
    selector: `edge[modality = "${k}"]`, style: { 'line-style': v.line, width: v.width, opacity: v.opacity },
  }));
  return [...BASE_STYLE, ...kinds, ...stances, ...mods, ...STATE_STYLE];
}

function swatchNode(k) {
  const v = KINDS[k];
  return `<li><svg width="16" height="16" aria-hidden="true"><rect x="2" y="2" width="12" height="12" rx="${v.shape === 'ellipse' ? 6 : 2}" fill="${v.color}"/></svg>${v.label} <span class="muted">(${v.shape})</span></li>`;
}

function swatchEdge(color, dash, width, label) {
  const d = dash === 'dashed' ? '6 4' : dash === 'dotted' ? '1.5 3' : '';
  return `<li><svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="${color}" stroke-width="${width}" stroke-dasharray="${d}" stroke-linecap="round"/></svg>${label}</li>`;
}

// legendHTML explains every colour, shape and line the graph uses.
export function legendHTML() {
  const kinds = Object.keys(KINDS).map(swatchNode).join('');
  const stances = Object.values(STANCES).map((v) => swatchEdge(v.color, 'solid', 3, v.label)).join('');
  const mods = Object.values(MODALITIES).map((v) => swatchEdge('#333', v.line, v.width, v.label)).join('');
  return `<div><h3>Nodes: kind</h3><ul>${kinds}</ul></div>
    <div><h3>Edge colour: stance</h3><ul>${stances}</ul></div>
    <div><h3>Edge line: modality</h3><ul>${mods}${swatchEdge('#333', 'solid', 4, 'double: contested (denied and asserted)')}</ul></div>`;
}
