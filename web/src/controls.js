// The view controls: depth, the time slider and "what was known then", and
// the filters by modality, stance and relation type. Each change updates
// the state and calls onChange; the API's defaults are the initial ticks.
import { STANCES, MODALITIES } from './legend.js';
import { $, esc } from './util.js';

const FIRST_YEAR = 1990;
const ALL_DATES = new Date().getFullYear() + 1; // the slider's last stop: no asOf

function checkboxes(box, name, items) {
  box.insertAdjacentHTML('beforeend', items.map(([value, label, title]) =>
    `<label title="${esc(title || '')}"><input type="checkbox" name="${name}" value="${esc(value)}"> ${esc(label)}</label>`).join(''));
}

function ticked(name) {
  return [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
}

// listOrNull is null (the API's default) when picked equals the defaults.
function listOrNull(picked, defaults) {
  const same = picked.length === defaults.length && picked.every((v) => defaults.includes(v));
  return same ? null : picked;
}

function setupTime(state, onChange) {
  const slider = $('asof');
  slider.max = String(ALL_DATES);
  slider.addEventListener('input', () => showYear(Number(slider.value)));
  slider.addEventListener('change', () => {
    const y = Number(slider.value);
    state.asOf = y >= ALL_DATES ? '' : String(y);
    syncControls(state);
    onChange();
  });
  $('knownat').addEventListener('change', () => {
    state.knownAt = $('knownat').checked;
    onChange();
  });
}

function showYear(y) {
  $('asof-label').textContent = y >= ALL_DATES ? 'all dates' : String(y);
  $('asof').setAttribute('aria-valuetext', y >= ALL_DATES ? 'all dates' : 'as of ' + y);
}

export function setupControls(state, vocab, onChange) {
  const defaults = vocab.modalities.filter((m) => m.default).map((m) => m.name);
  const allTypes = vocab.relationTypes.map((t) => t.type);
  checkboxes($('f-modalities'), 'modality', vocab.modalities.map((m) => [m.name, (MODALITIES[m.name] || {}).label || m.name, m.meaning]));
  checkboxes($('f-stances'), 'stance', Object.entries(STANCES).map(([k, v]) => [k, v.label]));
  checkboxes($('f-types'), 'type', vocab.relationTypes.map((t) => [t.type, t.type, t.meaning]));
  state.defaults = { modalities: defaults, types: allTypes, stances: Object.keys(STANCES) };
  $('f-modalities').addEventListener('change', () => { state.modalities = listOrNull(ticked('modality'), defaults); onChange(); });
  $('f-stances').addEventListener('change', () => { state.stances = listOrNull(ticked('stance'), Object.keys(STANCES)); onChange(); });
  $('f-types').addEventListener('change', () => { state.types = listOrNull(ticked('type'), allTypes); onChange(); });
  const allOrNone = (on) => () => {
    document.querySelectorAll('input[name="type"]').forEach((i) => { i.checked = on; });
    state.types = on ? null : [];
    onChange();
  };
  $('types-all').addEventListener('click', allOrNone(true));
  $('types-none').addEventListener('click', allOrNone(false));
  $('depth').addEventListener('change', () => { state.depth = Number($('depth').value); onChange(); });
  setupTime(state, onChange);
}

// syncControls makes the controls show the state (after reading a URL).
export function syncControls(state) {
  const d = state.defaults;
  const tick = (name, list) => document.querySelectorAll(`input[name="${name}"]`).forEach((i) => { i.checked = list.includes(i.value); });
  tick('modality', state.modalities || d.modalities);
  tick('stance', state.stances || d.stances);
  tick('type', state.types || d.types);
  $('depth').value = String(state.depth);
  const y = state.asOf ? Number(state.asOf.slice(0, 4)) : ALL_DATES;
  $('asof').value = String(y);
  showYear(y);
  $('knownat').checked = state.knownAt;
  $('knownat').disabled = !state.asOf;
  if (state.pathFrom) $('path-from').value = state.pathFrom;
  if (state.pathTo) $('path-to').value = state.pathTo;
  if (state.dyadA) $('dyad-a').value = state.dyadA;
  if (state.dyadB) $('dyad-b').value = state.dyadB;
}
