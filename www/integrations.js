// The Integrations view: each integration type and instance edited as JSON, with the
// wasm checks' findings for it listed beside; and a live preview of what a data source
// maps from a sample CRM response, using the mapping module (loaded on first use: the
// JSONPath evaluator does not fit the builder module's size budget).

const $ = (id) => document.getElementById(id);

let mapping = null;
async function mappingModule() {
  if (!mapping) {
    mapping = import('./pkg/mapping/framesmith.js').then(async (m) => {
      await m.default();
      return m;
    });
  }
  return mapping;
}

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

/** Draw the editors. `app` gives the workspace, findings and how to change the workspace. */
export function renderIntegrations(app) {
  const ws = app.workspace();
  const list = $('integration-list');
  const editors = [];
  const entry = (kind, i, value) => {
    const base = `/${kind}/${i}`;
    const id = `${kind}-${i}`;
    const label = `${kind === 'integration_type' ? 'Integration type' : 'Integration instance'} ${value?.name ?? i + 1} (JSON)`;
    const errs = el('ul', { class: 'errs', id: `${id}-errs` });
    const local = el('p', { class: 'err', id: `${id}-json` });
    const t = el('textarea', { id, spellcheck: 'false', 'aria-describedby': `${local.id} ${errs.id}` });
    t.value = JSON.stringify(value, null, 2);
    t.addEventListener('input', () => {
      let parsed;
      try {
        parsed = JSON.parse(t.value);
      } catch (e) {
        local.textContent = `Not valid JSON yet (${e.message}); the workspace keeps the last valid version.`;
        t.setAttribute('aria-invalid', 'true');
        return;
      }
      local.textContent = '';
      t.removeAttribute('aria-invalid');
      app.set(base, parsed);
    });
    editors.push({ base, errs, textarea: t });
    return el('div', { class: 'field' }, el('label', { for: id }, label), t, local, errs);
  };
  list.replaceChildren(
    ...(ws.integration_type ?? []).map((t, i) => entry('integration_type', i, t)),
    ...(ws.integration ?? []).map((t, i) => entry('integration', i, t)),
  );
  list.editors = editors;
  const select = $('map-source');
  const previous = select.value;
  select.replaceChildren(...(ws.integration_type ?? []).flatMap((t, ti) =>
    (t?.dataSources ?? []).map((d, si) => el('option', { value: `${ti}:${si}` }, `${t.name} / ${d?.name}`))));
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
  showIntegrationFindings(app);
}

/** The findings under each editor (after every check). */
export function showIntegrationFindings(app) {
  const editors = $('integration-list').editors ?? [];
  for (const { base, errs, textarea } of editors) {
    const mine = app.findings().filter((d) => d.path === base || d.path.startsWith(`${base}/`));
    errs.replaceChildren(...mine.map((d) => el('li', { class: `sev-${d.severity}` },
      `${d.severity}: ${d.message} (${d.path.slice(base.length) || '/'}) — ${d.hint}`)));
    const broken = mine.some((d) => d.severity === 'error') || $(`${textarea.id}-json`).textContent;
    if (broken) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
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
    const m = await mappingModule();
    const records = m.mapResponse(app.workspace(), ti, si, text);
    status.textContent = `${records.length} record${records.length === 1 ? '' : 's'} mapped.`;
    out.textContent = JSON.stringify(records, null, 2);
  } catch (e) {
    status.textContent = `Cannot map this response: ${e.message}`;
    out.textContent = '';
  }
}

export function wireIntegrations(app) {
  // A new entry goes at the end of its list (or starts the list).
  const add = (key, make) => {
    const list = app.workspace()[key];
    const value = make((list ?? []).length + 1);
    if (Array.isArray(list)) app.set(`/${key}/${list.length}`, value, true);
    else app.set(`/${key}`, [value], true);
  };
  $('add-type').addEventListener('click', () => add('integration_type', (n) => ({
    name: `New_Integration_Type_${n}`, integrationType: 'crm', authType: 'oauth2', dataSources: [],
  })));
  $('add-instance').addEventListener('click', () => add('integration', (n) => ({
    name: `New_Instance_${n}`, type: app.workspace().integration_type?.[0]?.name ?? '',
    userGroups: [], properties: {},
  })));
  $('map-source').addEventListener('change', () => previewMapping(app));
  $('map-response').addEventListener('input', () => previewMapping(app));
}
