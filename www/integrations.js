// The Integrations view: the workspace's integration types (with their uiDefinition
// settings and data sources) and instances, one at a time, field by field like the
// deployment editor, each finding beside its field; the whole entity as JSON too, for
// pasting an Integration Type API payload. And a live preview of what a data source maps
// from a sample CRM response, run by the mapping module (loaded on first use: the JSONPath
// evaluator does not fit the builder module's size budget).

import { el, control, fits, idFor } from './controls.js';
import { join } from './pointer.js';
import {
  typeGeneral, settingFields, dataSourceFields, instanceGeneral, instanceProperties,
} from './integration-fields.js';

const $ = (id) => document.getElementById(id);
const KINDS = {
  integration_type: { noun: 'Integration type', add: 'add-type' },
  integration: { noun: 'Integration instance', add: 'add-instance' },
};
// The entity the view shows: its list ('integration_type' or 'integration') and index.
const selected = { kind: 'integration_type', index: 0 };
// The settings and data sources shown open (by path), kept across redraws.
const openItems = new Set();

// The full runtime module, loaded when the preview first maps: the JSONPath engine is not
// in the builder module, and the preview's operations are in the full runtime module only
// (the plain one's budget has no room for them). It maps with the code both modules share.
let runtime = null;
async function runtimeModule() {
  if (!runtime) runtime = import('./runtime.js').then((m) => m.loadRuntime(m.FULL_RUNTIME_URL));
  return runtime;
}

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const entities = (ws, kind) => (Array.isArray(ws[kind]) ? ws[kind] : []);
const typeOf = (ws, instance) => entities(ws, 'integration_type').find((t) => t?.name === instance?.type);
const errorsUnder = (app, base) => app.findings()
  .filter((d) => d.severity === 'error' && (d.path === base || d.path.startsWith(`${base}/`))).length;

/** Select the entity a finding's path is in; true when the path is in an integration. */
export function selectIntegrationFor(path) {
  const m = /^\/(integration_type|integration)\/(\d+)(\/|$)/.exec(path);
  if (!m) return false;
  selected.kind = m[1];
  selected.index = Number(m[2]);
  const item = /^\/integration_type\/\d+\/(dataSources|uiDefinition\/settings)\/\d+/.exec(path);
  if (item) openItems.add(item[0]);
  return true;
}

function fieldsWithFallback(fields) {
  // A value the control could not hold as it is (a header that is a number, say) is
  // edited as JSON instead, so editing never changes what the user did not touch.
  return (value) => fields.map((f) => (['lines', 'pairs', 'groups'].includes(f.type) && !fits(f.type, value(f.path))
    ? { ...f, type: 'json', label: `${f.label} (JSON)`, help: f.help } : f));
}

function entryList(app) {
  const ws = app.workspace();
  const items = [];
  for (const kind of Object.keys(KINDS)) {
    entities(ws, kind).forEach((e, i) => {
      const n = errorsUnder(app, `/${kind}/${i}`);
      const meta = kind === 'integration_type'
        ? plural((Array.isArray(e?.dataSources) ? e.dataSources : []).length, 'data source')
        : `type ${e?.type || '(none)'} · ${e?.status ?? 'status not set'}`;
      const current = kind === selected.kind && i === selected.index;
      items.push(el('li', {}, el('button', {
        type: 'button', 'aria-current': current ? 'true' : 'false', 'data-entity': `${kind}/${i}`,
        onclick: () => { selected.kind = kind; selected.index = i; app.rebuild(); $('integration-form').focus(); },
      }, `${KINDS[kind].noun}: ${e?.name || '(no name)'}`, el('span', { class: 'meta' }, meta,
        n ? el('span', { class: 'bad', text: ` · ${plural(n, 'error')}` }) : null))));
    });
  }
  return items;
}

/** `make(k)` for the first k from `n` whose name `items` does not already use, so an added
 *  entry never starts out as a duplicate. */
function unused(items, n, make) {
  const names = new Set(items.map((x) => x?.name));
  let k = n;
  while (names.has(make(k).name)) k++;
  return make(k);
}

/** A list inside the entity (settings, data sources): a fieldset per item, Remove and Add. */
function itemList(app, ctx, { base, listPath, noun, fields, make, title }) {
  const path = base + listPath;
  const list = app.get(path);
  const items = Array.isArray(list) ? list : [];
  const sets = items.map((item, i) => {
    const at = `${path}/${i}`;
    const whole = el('p', { class: 'err', id: `${idFor(at)}-err` });
    ctx.controls.set(at, { err: whole, inputs: [] });
    const described = fieldsWithFallback(fields(item))((p) => app.get(at + p));
    const n = errorsUnder(app, at);
    const details = el('details', { open: openItems.has(at) || items.length === 1, class: 'item', 'data-path': at },
      el('summary', {}, `${noun} ${i + 1}: ${title(item) || '(no name)'}`,
        el('span', { class: 'bad', text: n ? ` · ${plural(n, 'error')}` : '' })),
      whole,
      ...described.map((f) => control(f, at + f.path, app.get(at + f.path), ctx)),
      el('button', { type: 'button', class: 'danger', text: `Remove ${noun.toLowerCase()} ${title(item) || i + 1}`,
        onclick: () => app.set(at, undefined, true) }));
    details.addEventListener('toggle', () => (details.open ? openItems.add(at) : openItems.delete(at)));
    return details;
  });
  const add = el('button', { type: 'button', class: 'secondary', text: `Add ${noun.toLowerCase()}`,
    onclick: () => {
      // Appended, or the list started; the new item's first field takes the focus.
      const next = items.length;
      const value = unused(items, next + 1, make);
      openItems.add(`${path}/${next}`);
      if (Array.isArray(list)) app.set(`${path}/${next}`, value, true);
      else app.set(path, [value], true);
      requestAnimationFrame(() => $(idFor(`${path}/${next}/name`))?.focus());
    } });
  return [...sets, add];
}

function typeForm(app, ctx, base, type) {
  const general = fieldsWithFallback(typeGeneral())((p) => app.get(base + p));
  return [
    el('fieldset', {}, el('legend', { text: 'Integration type' }),
      ...general.map((f) => control(f, base + f.path, app.get(base + f.path), ctx))),
    el('fieldset', {}, el('legend', { text: 'Settings an instance fills in (uiDefinition)' }),
      ...itemList(app, ctx, { base, listPath: '/uiDefinition/settings', noun: 'Setting', fields: settingFields,
        title: (s) => s?.name, make: (n) => ({ name: `setting${n}`, label: `Setting ${n}`, type: 'string', required: false }) })),
    el('fieldset', {}, el('legend', { text: 'Data sources' }),
      ...itemList(app, ctx, { base, listPath: '/dataSources', noun: 'Data source', fields: () => dataSourceFields(type),
        title: (d) => d?.name, make: (n) => ({ name: `data_source_${n}`, method: 'GET', authenticationType: type?.authType ?? 'oauth2',
          requestHeaders: { Accept: 'application/json' }, responseMapping: {} }) })),
  ];
}

function instanceForm(app, ctx, base, instance) {
  const type = typeOf(app.workspace(), instance);
  const general = fieldsWithFallback(instanceGeneral(app.workspace()))((p) => app.get(base + p));
  const props = instanceProperties(type);
  return [
    el('fieldset', {}, el('legend', { text: 'Integration instance' }),
      ...general.map((f) => control(f, base + f.path, app.get(base + f.path), ctx))),
    el('fieldset', {}, el('legend', { text: type ? `Properties (the settings of ${type.name}, and OAuth)` : 'Properties (choose a type to see its settings)' }),
      ...props.map((f) => control(f, base + f.path, app.get(base + f.path), ctx))),
  ];
}

/** The whole entity as JSON, for pasting an API payload; the workspace keeps the last
 *  valid version while the text is not JSON. */
function jsonEditor(app, base, value, noun, typing) {
  const id = `${idFor(base)}-whole`;
  const local = el('p', { class: 'err', id: `${id}-json` });
  const t = el('textarea', { id, spellcheck: 'false', rows: 12, 'aria-describedby': local.id });
  // Redrawn while the user types in it: their text stays as typed, not reformatted.
  t.value = typing ?? JSON.stringify(value, null, 2);
  t.addEventListener('input', () => {
    let parsed;
    try {
      parsed = JSON.parse(t.value);
    } catch (e) {
      local.textContent = `Not valid JSON yet (${e.message}); the workspace keeps the last valid version.`;
      t.setAttribute('aria-invalid', 'true');
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      local.textContent = `${noun} must be a JSON object such as {"name": "…"}; the workspace keeps the last valid version.`;
      t.setAttribute('aria-invalid', 'true');
      return;
    }
    local.textContent = '';
    t.removeAttribute('aria-invalid');
    app.set(base, parsed, true);
  });
  const details = el('details', { class: 'item whole', 'data-base': base },
    el('summary', { text: `${noun} as JSON (paste an API payload here)` }),
    el('div', { class: 'field' }, el('label', { for: id, text: `${noun} ${value?.name ?? ''} (JSON)` }), t, local));
  return details;
}

/** Delete an entity; Undo puts it back at the end of its list and shows it. */
function remove(app, kind, index, before, noun) {
  app.set(`/${kind}/${index}`, undefined, true);
  app.notice(`Deleted ${noun.toLowerCase()} “${before?.name ?? ''}”.`, 'info', {
    label: 'Undo delete',
    run: () => {
      const list = app.workspace()[kind];
      selected.kind = kind;
      selected.index = Array.isArray(list) ? list.length : 0;
      if (Array.isArray(list)) app.set(`/${kind}/${list.length}`, before, true);
      else app.set(`/${kind}`, [before], true);
    },
  });
  $('add-type').focus();
}

/** Draw the view. `app` gives the workspace, findings, the controls' context and how to
 *  change the workspace. */
export function renderIntegrations(app) {
  const ws = app.workspace();
  const ctx = app.controlContext;
  if (!entities(ws, selected.kind)[selected.index]) {
    const other = selected.kind === 'integration' ? 'integration_type' : 'integration';
    const here = entities(ws, selected.kind).length;
    if (here) selected.index = here - 1;
    else if (entities(ws, other).length) { selected.kind = other; selected.index = 0; }
  }
  const wasWhole = document.querySelector('#integration-fields details.whole');
  const wasOpen = wasWhole?.open;
  const typing = wasWhole && document.activeElement === wasWhole.querySelector('textarea')
    ? { base: wasWhole.dataset.base, text: document.activeElement.value } : null;
  $('integration-entries').replaceChildren(...entryList(app));
  const form = $('integration-fields');
  const entity = entities(ws, selected.kind)[selected.index];
  if (!entity) {
    $('integration-form-h').textContent = 'No integrations yet';
    form.replaceChildren(el('p', { text: 'Add an integration type (the CRM’s blueprint), then an instance of it.' }));
  } else {
    const base = `/${selected.kind}/${selected.index}`;
    const noun = KINDS[selected.kind].noun;
    $('integration-form-h').textContent = `${noun}: ${entity.name || '(no name)'}`;
    const whole = el('p', { class: 'err', id: `${idFor(base)}-err` });
    ctx.controls.set(base, { err: whole, inputs: [] });
    const body = typeof entity !== 'object' || Array.isArray(entity) ? []
      : selected.kind === 'integration_type' ? typeForm(app, ctx, base, entity) : instanceForm(app, ctx, base, entity);
    const json = jsonEditor(app, base, entity, noun, typing?.base === base ? typing.text : undefined);
    json.open = Boolean(wasOpen) || !body.length;
    form.replaceChildren(whole, ...body, json,
      el('button', { type: 'button', class: 'danger', id: 'delete-integration', text: `Delete ${noun.toLowerCase()}`,
        onclick: () => remove(app, selected.kind, selected.index, entity, noun) }));
  }
  const select = $('map-source');
  const previous = select.value;
  select.replaceChildren(...entities(ws, 'integration_type').flatMap((t, ti) =>
    (Array.isArray(t?.dataSources) ? t.dataSources : []).map((d, si) => el('option', { value: `${ti}:${si}` }, `${t.name} / ${d?.name}`))));
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

/** After every check: the error counts in the list of entities, and the JSON of the
 *  entity shown, unless it is being edited there (or holds text that is not JSON yet). */
export function showIntegrationFindings(app) {
  const whole = document.querySelector('#integration-fields details.whole');
  const t = whole?.querySelector('textarea');
  if (t && document.activeElement !== t && !t.hasAttribute('aria-invalid')) {
    t.value = JSON.stringify(app.get(whole.dataset.base), null, 2);
  }
  for (const b of document.querySelectorAll('#integration-entries button[data-entity]')) {
    const n = errorsUnder(app, `/${b.dataset.entity}`);
    const bad = b.querySelector('.bad');
    const text = n ? ` · ${plural(n, 'error')}` : '';
    if (bad) bad.textContent = text;
    else if (n) b.querySelector('.meta').append(el('span', { class: 'bad', text }));
  }
  for (const d of document.querySelectorAll('#integration-fields details.item[data-path]')) {
    const n = errorsUnder(app, d.dataset.path);
    d.querySelector(':scope > summary > .bad').textContent = n ? ` · ${plural(n, 'error')}` : '';
  }
}

// What the preview last mapped: edits elsewhere in the workspace (every keystroke in the
// deployment editor) do not run it again.
let lastPreview = '';

export async function previewMapping(app) {
  const status = $('map-status');
  const out = $('map-records');
  const [ti, si] = ($('map-source').value || '').split(':').map(Number);
  const text = $('map-response').value;
  const key = `${$('map-source').value}\0${text}\0${JSON.stringify(app.workspace().integration_type ?? [])}`;
  if (key === lastPreview) return;
  lastPreview = key;
  if (!text.trim() || Number.isNaN(ti)) {
    status.textContent = '';
    out.textContent = '';
    return;
  }
  try {
    const rt = await runtimeModule();
    const source = entities(app.workspace(), 'integration_type')[ti]?.dataSources?.[si];
    if (!source) throw new Error('there is no data source at that index');
    const handle = rt.prepare(source);
    let records;
    try {
      ({ records } = rt.map(handle, text));
    } finally {
      rt.release(handle);
    }
    status.textContent = `${records.length} record${records.length === 1 ? '' : 's'} mapped.`;
    out.textContent = JSON.stringify(records, null, 2);
  } catch (e) {
    status.textContent = `Cannot map this response: ${e.message}`;
    out.textContent = '';
  }
}

export function wireIntegrations(app) {
  // A new entity goes at the end of its list (or starts the list) and is shown at once.
  const add = (kind, make) => {
    const list = app.workspace()[kind];
    const index = Array.isArray(list) ? list.length : 0;
    const value = unused(Array.isArray(list) ? list : [], index + 1, make);
    selected.kind = kind;
    selected.index = index;
    if (Array.isArray(list)) app.set(join(`/${kind}`, index), value, true);
    else app.set(`/${kind}`, [value], true);
    requestAnimationFrame(() => $(idFor(`/${kind}/${index}/name`))?.focus());
  };
  $('add-type').addEventListener('click', () => add('integration_type', (n) => ({
    name: `New_Integration_Type_${n}`, integrationType: 'crm', authType: 'oauth2', requiredScopes: [],
    uiDefinition: { settings: [] }, dataSources: [],
  })));
  $('add-instance').addEventListener('click', () => add('integration', (n) => ({
    name: `New_Instance_${n}`, type: entities(app.workspace(), 'integration_type')[0]?.name ?? '',
    status: 'active', userGroups: [], properties: {},
  })));
  $('map-source').addEventListener('change', () => previewMapping(app));
  $('map-response').addEventListener('input', () => previewMapping(app));
}
