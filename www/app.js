// The builder page: holds the workspace as a plain object, runs the wasm checks on every
// edit, shows each finding beside its field, previews and downloads what `framesmith build`
// would write, and keeps the workspace in IndexedDB (store.js) safely across tabs.

import init, * as fs from './pkg/framesmith.js';
import { Store, apply, privateCount, MAX_PRIVATE } from './store.js';
import { get, set, join, clone } from './pointer.js';
import { deploymentSections, mediaSections } from './fields.js';
import { el, idFor, control } from './controls.js';
import { reviewImport } from './import-review.js';
import { setupPageCheck } from './page-check.js';
import {
  renderIntegrations, showIntegrationFindings, wireIntegrations, previewMapping, selectIntegrationFor,
} from './integrations.js';

const $ = (id) => document.getElementById(id);
const state = { ws: null, selected: 0, diags: [], cat: null, controls: new Map(), runtime: "" };
let store;

// ---- small helpers ---------------------------------------------------------------

const slug = (s) => (s || 'workspace').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
const deployments = () => state.ws?.deployment ?? [];
const base = () => `/deployment/${state.selected}`;

function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function notice(message, kind = 'error', action) {
  const n = $('notice');
  n.className = `notice ${kind === 'info' ? 'info' : ''}`;
  n.replaceChildren(...(Array.isArray(message) ? message : [message]).map((m) => el('p', { text: m })));
  if (action) n.append(el('button', { type: 'button', class: 'secondary', onclick: () => { n.hidden = true; action.run(); }, text: action.label }));
  n.hidden = false;
}

function announce(text) {
  $('announce').textContent = '';
  requestAnimationFrame(() => { $('announce').textContent = text; });
}

// ---- checks and output -----------------------------------------------------------

// The module keeps the last check's findings (issue 26): after a value set inside one
// deployment only that deployment is converted and re-checked; every other change is
// compared whole. The findings are exactly fs.check's either way (tests/incremental.rs).
function runChecks(op) {
  try {
    const m = op?.type === 'set' ? /^\/deployment\/(\d+)(?:\/|$)/.exec(op.path) : null;
    state.diags = m ? fs.checkEdited(state.ws, Number(m[1])) : fs.recheck(state.ws);
  } catch (e) {
    state.diags = [{ code: e.code ?? 'internal', severity: 'error', path: '', message: e.message, hint: '' }];
  }
}

function fieldFor(path) {
  // The control whose path is the longest prefix of the finding's path.
  let best = null;
  for (const [p, c] of state.controls) {
    if ((path === p || path.startsWith(p + '/')) && (!best || p.length > best[0].length)) best = [p, c];
  }
  return best?.[1] ?? null;
}

function showFindings() {
  const focusedErr = document.activeElement?.getAttribute?.('aria-describedby');
  const before = focusedErr ? $(focusedErr.split(' ')[0])?.textContent : null;
  for (const c of state.controls.values()) {
    c.err.replaceChildren();
    c.err.className = 'err';
    c.inputs.forEach((i) => i.removeAttribute('aria-invalid'));
  }
  const list = [];
  // Every finding beside its control, errors first: a field can have more than one.
  const shown = new Map();
  for (const d of state.diags) {
    const m = /^\/deployment\/(\d+)/.exec(d.path);
    const here = !m || Number(m[1]) === state.selected;
    const c = here ? fieldFor(d.path) : null;
    if (c) {
      if (!shown.has(c)) shown.set(c, []);
      shown.get(c).push(d);
    }
    const where = m ? `${deployments()[Number(m[1])]?.name || `Deployment ${Number(m[1]) + 1}`}: ` : '';
    const link = el('a', { href: '#' + (c?.inputs[0]?.id ?? 'editor'), text: where + d.message,
      onclick: (e) => { e.preventDefault(); goTo(d); } });
    list.push(el('li', { class: `sev-${d.severity}` }, link, ' ', el('span', { class: 'code', text: `${d.code} · ${d.path || '/'}` })));
  }
  const rank = { error: 0, warning: 1, info: 2 };
  for (const [c, ds] of shown) {
    ds.sort((a, b) => rank[a.severity] - rank[b.severity]);
    c.err.replaceChildren(...ds.map((d) => el('span', { class: `msg ${d.severity}` },
      document.createTextNode(d.message), el('span', { class: 'hint', text: d.hint }))));
    c.err.className = `err ${ds[0].severity}`;
    if (ds[0].severity === 'error') c.inputs.forEach((i) => i.setAttribute('aria-invalid', 'true'));
  }
  $('problems').replaceChildren(...list);
  const errors = state.diags.filter((d) => d.severity === 'error').length;
  const warnings = state.diags.length - errors;
  $('problems-count').textContent = state.diags.length
    ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} or note${warnings === 1 ? '' : 's'}.`
    : 'No problems found.';
  if (focusedErr) {
    const now = $(focusedErr.split(' ')[0])?.textContent;
    if (now !== before) announce(now || 'Fixed.');
  }
}

function goTo(d) {
  const m = /^\/deployment\/(\d+)/.exec(d.path);
  if (m && Number(m[1]) !== state.selected) {
    state.selected = Number(m[1]);
    renderAll();
  } else if (selectIntegrationFor(d.path)) {
    renderAll();
    const c = fieldFor(d.path);
    (c?.inputs[0] ?? $('integration-form')).focus();
    return;
  }
  const c = fieldFor(d.path);
  (c?.inputs[0] ?? $('editor')).focus();
}

function showOutput() {
  const i = state.selected;
  const d = deployments()[i];
  const dl = $('download');
  const why = $('download-why');
  if (!d) {
    dl.disabled = true;
    why.textContent = 'Add a deployment first.';
  } else {
    const blocking = state.diags.filter((x) => fs.blocksBuild(x, i)).length;
    dl.disabled = blocking > 0;
    why.textContent = blocking
      ? `Fix ${blocking} error${blocking === 1 ? '' : 's'} first (listed under Problems).`
      : `Ready: the same file \`framesmith build\` writes.`;
  }
  const errors = state.diags.filter((x) => x.severity === 'error').length;
  const all = $('download-all');
  all.disabled = errors > 0 || !deployments().length;
  $('download-all-why').textContent = !deployments().length ? 'No deployments yet.'
    : errors ? `${errors} error${errors === 1 ? '' : 's'} to fix first.` : '';
  schedulePreview();
}

// The preview leaves the keystroke path (issue 26): the findings are shown at once, the
// files' text on the next frame, once for any number of keystrokes before it, and only
// while the Output section is on screen (else when it comes into view). What is
// downloaded is built afresh by buildDeployment, so a preview a frame late changes no byte.
const preview = { due: false, stale: true, visible: true };

function schedulePreview() {
  preview.stale = true;
  if (preview.due || !preview.visible) return;
  preview.due = true;
  requestAnimationFrame(() => {
    preview.due = false;
    if (preview.visible) showPreview();
  });
}

function showPreview() {
  preview.stale = false;
  const i = state.selected;
  if (!deployments()[i]) {
    $('preview-js').textContent = '';
    $('preview-md').textContent = '';
    return;
  }
  try {
    const r = fs.preview(state.ws, i, state.runtime);
    $('preview-js').textContent = shortened(r.frameworkJs);
    $('preview-md').textContent = r.checklist;
  } catch (e) {
    $('preview-js').textContent = `// Nothing to preview yet: ${e.message}`;
    $('preview-md').textContent = '';
  }
}

function watchPreview() {
  if (typeof IntersectionObserver !== 'function') return;
  new IntersectionObserver((entries) => {
    preview.visible = entries.some((e) => e.isIntersecting);
    if (preview.visible && preview.stale) schedulePreview();
  }).observe($('output'));
}

function showDeployments() {
  const used = privateCount(state.ws);
  $('slots').textContent = `${used} of ${MAX_PRIVATE} private slots used.`;
  const errs = (i) => state.diags.filter((d) => d.severity === 'error' && d.path.startsWith(`/deployment/${i}/`) || d.path === `/deployment/${i}`).length;
  $('deployments').replaceChildren(...deployments().map((d, i) => {
    const n = errs(i);
    const region = d.region ?? `${state.ws.org?.region ?? '?'} (home)`;
    return el('li', {}, el('button', {
      type: 'button', 'aria-current': i === state.selected ? 'true' : 'false',
      onclick: () => { state.selected = i; renderAll(); $('editor').focus(); },
    }, d.name || '(no name)', el('span', { class: 'meta' },
      `${d.kind ?? 'private'} · ${region} · ${d.status ?? 'active'}`,
      n ? el('span', { class: 'bad', text: ` · ${n} error${n === 1 ? '' : 's'}` }) : null)));
  }));
}

function update(op) {
  runChecks(op);
  showFindings();
  showDeployments();
  showOutput();
  showIntegrationFindings(integrationsApp);
  if ($('map-response').value.trim()) previewMapping(integrationsApp);
}

// ---- editing ---------------------------------------------------------------------

/** Change the workspace: shown at once, then saved through the store's guarded commit. */
async function change(op, { rebuild = false } = {}) {
  const local = apply(state.ws, op);
  if (local.refused) return refused(op);
  if (local.replace) state.ws = local.replace;
  if (rebuild) renderAll(); else update(op);
  $('saved').textContent = 'Saving…';
  let r;
  try {
    r = await store.commit(op);
  } catch (e) {
    $('saved').textContent = '';
    notice(`Not saved: the browser refused to store the workspace (${e?.message ?? e}). Export it to keep your work.`);
    return;
  }
  if (r.rev) {
    $('saved').textContent = 'Saved';
    return;
  }
  state.ws = r.record.workspace;
  state.selected = Math.min(state.selected, Math.max(0, deployments().length - 1));
  renderAll();
  if (r.refused) refused(op);
  else notice('Not saved: another tab changed this part of the workspace first. This tab now shows the latest version; make your change again if it is still needed.');
  $('saved').textContent = '';
}

function refused(op) {
  renderAll();
  notice([
    `Refused: all ${MAX_PRIVATE} private deployment slots are used. An org can have at most ${MAX_PRIVATE} private Embeddable Framework deployments.`,
    op.type === 'add-deployment'
      ? 'Delete a private deployment or make one public first. Nothing you entered has changed.'
      : 'This deployment stays public. Delete a private deployment or make one public first; nothing you entered has changed.',
  ]);
}

function setValue(path, after, { rebuild = false } = {}) {
  const before = clone(get(state.ws, path));
  change({ type: 'set', path, before, after }, { rebuild });
}

/** What the controls need from the page. */
const controlContext = {
  ws: () => state.ws,
  get: (path) => get(state.ws, path),
  get cat() { return state.cat; },
  get controls() { return state.controls; },
  setValue,
  redraw: () => renderAll(),
};

/** What the Integrations view needs from the page. */
const integrationsApp = {
  workspace: () => state.ws,
  get: (path) => get(state.ws, path),
  findings: () => state.diags,
  controlContext,
  set: (path, after, rebuild = false) => setValue(path, after, { rebuild }),
  rebuild: () => renderAll(),
  notice,
};

function renderEditor() {
  const form = $('form');
  state.controls = new Map();
  for (const p of ['/org/name', '/org/region']) {
    const id = p === '/org/name' ? 'org-name' : 'org-region';
    state.controls.set(p, { err: $(`${id}-err`), inputs: [$(id)] });
  }
  state.controls.set('/org', state.controls.get('/org/name'));
  const d = deployments()[state.selected];
  if (!d) {
    $('editor-h').textContent = 'Deployment';
    form.replaceChildren(el('p', { text: 'No deployments yet. Use “Add deployment” to create one.' }));
    return;
  }
  $('editor-h').textContent = `Deployment: ${d.name || '(no name)'}`;
  const b = base();
  const integrations = (state.ws.integration ?? []).map((x) => x?.name).filter(Boolean);
  const sources = (state.ws.integration_type ?? []).flatMap((t) => (t?.dataSources ?? []).map((s) => s?.name)).filter(Boolean);
  const datalists = [
    el('datalist', { id: 'integrations' }, ...integrations.map((n) => el('option', { value: n }))),
    el('datalist', { id: 'data-sources' }, ...sources.map((n) => el('option', { value: n }))),
  ];
  const whole = el('p', { class: 'err', id: 'deployment-err' });
  state.controls.set(b, { err: whole, inputs: [] });
  form.replaceChildren(whole, ...datalists, ...deploymentSections(state.cat).map((s) =>
    el('fieldset', {}, el('legend', { text: s.legend }),
      ...s.fields.map((f) => control(f, b + f.path, get(state.ws, b + f.path), controlContext)))),
  ...mediaSections().map((s) => mediaFieldset(s, b)),
  el('button', { type: 'button', class: 'danger', id: 'delete-deployment', onclick: deleteDeployment, text: 'Delete deployment' }));
}

/** A kind of interaction's fieldset: its opt-in (the table), then its fields, each of which
 *  writes the whole table so that an emptied table stays opted in. */
function mediaFieldset(s, b) {
  const table = b + s.table;
  const on = get(state.ws, table) !== undefined;
  const optin = control({ path: s.table, label: s.optin, type: 'bool' }, table, on, Object.assign(Object.create(controlContext), {
    setValue: (abs, checked) => setValue(table, checked ? (clone(get(state.ws, table)) ?? {}) : undefined, { rebuild: true }),
  }));
  const within = Object.assign(Object.create(controlContext), {
    setValue: (abs, v, opts) => {
      const t = clone(get(state.ws, table)) ?? {};
      set(t, abs.slice(table.length), v);
      setValue(table, t, opts);
    },
  });
  return el('fieldset', { class: 'media' }, el('legend', { text: s.legend }), optin,
    ...(on ? s.fields.map((f) => control(f, b + f.path, get(state.ws, b + f.path), within)) : []));
}

function renderOrg() {
  const name = $('org-name');
  const value = state.ws.org?.name ?? '';
  if (name.value !== value) name.value = value;
  const s = $('org-region');
  const current = state.ws.org?.region ?? '';
  const options = state.cat.regions.map((r) => ({ value: r.code, text: `${r.name} — ${r.code} (${r.domain})` }));
  if (!options.some((o) => o.value === current)) options.unshift({ value: current, text: current ? `${current} (as written)` : 'Choose a region' });
  s.replaceChildren(...options.map((o) => el('option', { value: o.value, text: o.text })));
  s.value = current;
}

/** Redraw everything from the workspace, keeping the focused control and its caret. */
function renderAll() {
  const active = document.activeElement;
  const focus = active?.id;
  const caret = active && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null;
  renderOrg();
  renderEditor();
  renderIntegrations(integrationsApp);
  update();
  const again = focus && $(focus);
  if (again && again !== document.activeElement) {
    again.focus();
    if (caret && 'setSelectionRange' in again) try { again.setSelectionRange(...caret); } catch { /* not a text control */ }
  }
}

function addDeployment() {
  const n = deployments().length + 1;
  const names = new Set(deployments().map((d) => d.name));
  let name = `New deployment ${n}`;
  for (let k = n; names.has(name); k++) name = `New deployment ${k + 1}`;
  const before = deployments().length;
  const op = { type: 'add-deployment', deployment: { name, kind: 'private', groups: [], custom_interaction_attributes: [] } };
  if (privateCount(state.ws) >= MAX_PRIVATE) return refused(op);
  state.selected = before;
  change(op, { rebuild: true }).then(() => $(idFor(`/deployment/${state.selected}/name`))?.focus());
}

function deleteDeployment() {
  const i = state.selected;
  const before = clone(deployments()[i]);
  state.selected = Math.max(0, i - 1);
  change({ type: 'delete-deployment', index: i, before }, { rebuild: true });
  notice(`Deleted “${before.name}”.`, 'info', {
    label: 'Undo delete',
    run: () => { state.selected = deployments().length; change({ type: 'add-deployment', deployment: before }, { rebuild: true }); },
  });
  $('add-deployment').focus();
}

// ---- import and export -------------------------------------------------------------

function position(d) {
  return d?.line ? ` (line ${d.line}, column ${d.column})` : '';
}

// The second module (pkg/import/): the builder with the framework.js reader, the workspace
// writers and the zip, loaded on the first import, export or "Download all" so that the
// builder module stays within its budget.
let importer = null;
function importModule() {
  if (!importer) importer = import('./pkg/import/framesmith.js').then(async (m) => { await m.default(); return m; });
  return importer;
}

async function importFile(file) {
  const text = await file.text();
  const ext = file.name.toLowerCase().split('.').pop();
  if (ext === 'js') {
    const imported = (await importModule()).importFrameworkJs(text);
    const d = imported.workspace?.deployment?.[0];
    if (!d) {
      const first = imported.diagnostics[0];
      return notice(`Import failed: ${file.name}${position(first)}: ${first?.message ?? 'no deployment found'}. ${first?.hint ?? ''} Your workspace is unchanged.`);
    }
    // Shown, not applied: the admin reads what lint says and what was read, then decides.
    if (!(await reviewImport(file.name, text, imported))) {
      return notice(`Import of ${file.name} cancelled. Your workspace is unchanged.`, 'info');
    }
    const op = { type: 'add-deployment', deployment: d };
    if (privateCount(state.ws) >= MAX_PRIVATE && (d.kind ?? 'private') === 'private') return refused(op);
    state.selected = deployments().length;
    await change(op, { rebuild: true });
    return notice(`Imported “${d.name}” from ${file.name} as a new deployment. Check its region and fill in what the file did not say.`, 'info');
  }
  if (ext !== 'toml' && ext !== 'json') {
    return notice(`Import failed: ${file.name} is not a .toml, .json or .js file. Your workspace is unchanged.`);
  }
  let parsed;
  try {
    parsed = fs.parse(text, ext);
  } catch (e) {
    return notice(`Import failed: ${file.name}: ${e.message}. Your workspace is unchanged.`);
  }
  if (parsed.workspace === null || typeof parsed.workspace !== 'object' || Array.isArray(parsed.workspace)) {
    return notice(`Import failed: ${file.name} does not hold a workspace (a table with [org] and [[deployment]]). Your workspace is unchanged.`);
  }
  state.selected = 0;
  await change({ type: 'replace', workspace: parsed.workspace, baseRev: store.rev }, { rebuild: true });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
  notice(`Imported ${file.name}: ${deployments().length} deployment(s), ${errors} error(s) to look at.`, 'info');
}

async function exportWorkspace() {
  const format = $('export-format').value;
  try {
    const text = (await importModule()).serialize(state.ws, format);
    download(`${slug(state.ws.org?.name)}.${format}`, text, format === 'json' ? 'application/json' : 'application/toml');
  } catch (e) {
    notice(`Export failed: ${e.message}${e.path ? ` (at ${e.path})` : ''}.`);
  }
}

// ---- start -------------------------------------------------------------------------

function wire() {
  $('org-name').addEventListener('input', (e) => setValue('/org/name', e.target.value));
  $('org-region').addEventListener('change', (e) => setValue('/org/region', e.target.value));
  $('add-deployment').addEventListener('click', addDeployment);
  $('download').addEventListener('click', () => {
    try {
      const r = fs.buildDeployment(state.ws, state.selected, state.runtime);
      download('framework.js', r.frameworkJs, 'text/javascript');
    } catch (e) {
      notice(`Cannot download: ${e.message}`);
    }
  });
  // The simulator (simulator/) runs this deployment's framework.js against the demo CRM,
  // reading the workspace from the same IndexedDB store.
  $('test-deployment').addEventListener('click', () => {
    window.open(`simulator/?deployment=${state.selected}`, '_blank');
  });
  setupPageCheck(importModule, () => ({ ws: state.ws, index: state.selected }));
  $('download-all').addEventListener('click', async () => {
    try {
      const zip = (await importModule()).buildZip(state.ws, state.runtime);
      download(`framesmith-${slug(state.ws.org?.name)}.zip`, zip, 'application/zip');
    } catch (e) {
      notice(`Cannot download: ${e.message}`);
    }
  });
  $('import').addEventListener('click', () => $('import-file').click());
  $('import-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) await importFile(file);
  });
  $('export').addEventListener('click', exportWorkspace);
  wireIntegrations(integrationsApp);
  watchPreview();
  const tabs = [$('tab-js'), $('tab-md')];
  const select = (t) => {
    for (const x of tabs) {
      const on = x === t;
      x.setAttribute('aria-selected', String(on));
      x.tabIndex = on ? 0 : -1;
      $(x.getAttribute('aria-controls')).hidden = !on;
    }
    t.focus();
  };
  for (const t of tabs) {
    t.addEventListener('click', () => select(t));
    t.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') select(tabs[(tabs.indexOf(t) + 1) % 2]);
    });
  }
}

async function onExternal() {
  const rec = await store.load();
  if (!rec) return;
  state.ws = rec.workspace;
  state.selected = Math.min(state.selected, Math.max(0, deployments().length - 1));
  renderAll();
  $('saved').textContent = 'Updated from another tab';
}

// The preview shows the carried runtime module as its size: the download has it whole.
function shortened(js) {
  return js.replace(/(var RUNTIME_WASM = ")([A-Za-z0-9+/=]{200,})(")/,
    (_, open, wasm, close) => `${open}${wasm.slice(0, 40)}…${close}; // ${wasm.length} characters: the runtime module, whole in the download`);
}

async function start() {
  await init();
  // The runtime module as framework.js carries it: the same text `framesmith build` uses.
  state.runtime = await (await fetch('pkg/runtime/runtime.js')).text();
  state.cat = fs.catalogue();
  store = new Store(onExternal);
  let rec = await store.load();
  if (!rec) {
    // First run: the example org, so a newcomer sees a complete workspace at once.
    const text = await (await fetch('pkg/example.toml')).text();
    const { workspace } = fs.parse(text, 'toml');
    const r = await store.commit({ type: 'replace', workspace, baseRev: 0 });
    rec = r.rev ? { rev: r.rev, workspace } : r.record;
  }
  state.ws = rec.workspace;
  wire();
  renderAll();
  $('app').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
  // For the browser benchmark and debugging from the console.
  // For the console and `make bench`: the page's state, and the whole re-render.
  window.framesmith = { fs, state, store, renderAll };
}

start().catch((e) => {
  notice(`The builder could not start: ${e?.message ?? e}. Run \`make serve\` to build the module, then reload.`);
});
