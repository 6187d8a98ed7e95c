// The simulator: plays the Genesys Cloud client and a CRM page for one deployment of the
// workspace the builder holds, running the framework.js "Download framework.js" gives for
// it. This page is the CRM host (it attaches framesmith-host.js to the softphone frame and
// shows the pops); the softphone is softphone.html at this machine's other loopback origin,
// so every origin check runs for real. Only the values that point at Genesys and the CRM are
// replaced, in a copy rendered for the simulation; the page lists them.

import init, * as fs from '../pkg/framesmith.js';
import { Store } from '../store.js';
import { otherOrigin } from './origins.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const index = Math.max(0, Number.parseInt(params.get('deployment') ?? '0', 10) || 0);
const mode = params.get('crm') === 'saved' ? 'saved' : 'demo';
const ORIGIN = window.location.origin;
const SOFTPHONE = otherOrigin(window.location);
const DEMO = `${ORIGIN}/demo-crm`;
const SAVED = `${ORIGIN}/simulator/saved`;
const HOST_MARKER = '\n// ---- framesmith-host.js ----\n';
const FULL_MARKER = '\n// ---- framesmith-runtime-full ----\n';

const call = { n: 0, current: null };
let frame = null;
// Whether the softphone has framework.js running (until then it is another page).
let loaded = false;
let sources = [];

// ---- the page's record of what happened --------------------------------------------

function log(kind, text) {
  const entry = document.createElement('div');
  const time = new Date().toISOString().slice(11, 23);
  entry.textContent = `${time} ${kind}: ${text}`;
  $('events').append(entry);
  entry.scrollIntoView({ block: 'nearest' });
}

const brief = (v) => {
  const s = JSON.stringify(v);
  return s && s.length > 300 ? `${s.slice(0, 300)}…` : String(s);
};

function showPop(pop) {
  const li = document.createElement('li');
  li.className = `pop pop-${pop.kind}`;
  const kind = document.createElement('strong');
  kind.textContent = pop.kind;
  const url = document.createElement('span');
  url.className = 'pop-url';
  url.textContent = pop.url ?? '(no URL)';
  li.append(kind, ' ', url);
  const detail = [`search value ${pop.searchValue || '(none)'}`, `${pop.records?.length ?? 0} records`];
  if (pop.cause) detail.push(`cause: ${pop.cause}`);
  const small = document.createElement('small');
  small.textContent = ` (${detail.join('; ')})`;
  li.append(small);
  $('pops').append(li);
  log('onPop', brief(pop));
  // The CRM shows the record: the demo CRM's pages are on this origin.
  if (typeof pop.url === 'string' && pop.url.startsWith(`${DEMO}/`)) $('crm-view').src = pop.url;
}

function problem(text) {
  $('problem').textContent = text;
  $('problem').hidden = false;
}

// ---- what the simulation changes -----------------------------------------------------

/** The data sources deployment `d` runs: its lookup, contact search and call log. */
function sourcesOf(ws, d) {
  const sp = d.screen_pop;
  if (!sp) return [];
  const instance = (ws.integration ?? []).find((i) => i?.name === sp.integration);
  const type = (ws.integration_type ?? []).find((t) => t?.name === instance?.type);
  const names = new Set([sp.data_source, sp.contact_search, sp.call_log].filter(Boolean));
  return (type?.dataSources ?? []).filter((s) => names.has(s?.name));
}

/** A copy of the workspace pointed at this machine, and what was replaced. */
function simulation(ws, d) {
  const copy = structuredClone(ws);
  const sd = copy.deployment[index];
  const subs = [];
  const replace = (what, from, to) => subs.push({ what, from: from ?? '(not set)', to });
  replace('crm_origin, the CRM page framework.js talks to', sd.crm_origin, `${ORIGIN} (this page plays the CRM)`);
  sd.crm_origin = ORIGIN;
  const code = sd.region ?? copy.org?.region;
  const domain = fs.catalogue().regions.find((r) => r.code === code)?.domain ?? '<region domain>';
  replace('the Genesys Cloud client, which runs framework.js', `https://apps.${domain}`, `${SOFTPHONE}/simulator/softphone.html (a fake window.PureCloud)`);
  const sp = sd.screen_pop;
  if (sp) {
    const instance = (copy.integration ?? []).find((i) => i?.name === sp.integration);
    if (instance) {
      instance.properties ??= {};
      const base = mode === 'saved' ? SAVED : DEMO;
      replace('crmBaseEndpoint', instance.properties.crmBaseEndpoint, mode === 'saved' ? `${base} (answered with the saved responses)` : `${base} (the demo CRM)`);
      instance.properties.crmBaseEndpoint = base;
      if (sp.route === 'direct') {
        for (const [k, v] of [['authorizationEndpoint', `${DEMO}/oauth/authorize`], ['tokenEndpoint', `${DEMO}/oauth/token`], ['clientId', 'framesmith-simulator']]) {
          replace(k, instance.properties[k], v);
          instance.properties[k] = v;
        }
        replace('screen_pop.redirect_uri', sp.redirect_uri, `${ORIGIN}/simulator/signin.html`);
        sp.redirect_uri = `${ORIGIN}/simulator/signin.html`;
      }
    }
    if (sp.route === 'proxy') {
      replace('the proxy route', 'a Genesys data action', 'not simulated: pick the host or direct route to try this deployment');
    }
  }
  return { ws: copy, subs };
}

/** framesmith-host.js for the simulated softphone's origin, as the renderer writes it. */
function hostModule(runtime) {
  const rest = runtime.split(HOST_MARKER)[1] ?? '';
  return rest.split(FULL_MARKER)[0].replace('"__APPS_ORIGIN__"', () => JSON.stringify(SOFTPHONE));
}

// ---- saved responses (the host route's requests are answered from the page) ---------

const savedKey = (name) => `framesmith-sim-saved:${name}`;

function savedAnswer(url, init) {
  const method = (init?.method ?? 'GET').toUpperCase();
  const path = url.split('?')[0];
  for (const s of sources) {
    const endpoint = String(s.restEndpoint ?? '').replace('{crmBaseEndpoint}', SAVED).split('?')[0];
    const pattern = new RegExp(`^${endpoint.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]*\}/g, '[^/?#]*')}$`);
    if ((s.method ?? 'GET').toUpperCase() !== method || !pattern.test(path)) continue;
    const text = sessionStorage.getItem(savedKey(s.name)) ?? '';
    if (!text.trim()) {
      return new Response(JSON.stringify({ error: 'no_saved_response', message: `no saved response for ${s.name}` }), { status: 404, headers: { 'content-type': 'application/json' } });
    }
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  return new Response(JSON.stringify({ error: 'not_found', message: 'no data source has this endpoint' }), { status: 404, headers: { 'content-type': 'application/json' } });
}

function savedControls() {
  const box = $('saved');
  box.hidden = false;
  $('switches').hidden = true;
  const h = document.createElement('p');
  h.textContent = 'Each data source answers with the text below (HTTP 200), for the host route.';
  box.append(h);
  for (const s of sources) {
    const id = `saved-${s.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = `Saved response: ${s.name}`;
    const area = document.createElement('textarea');
    area.id = id;
    area.rows = 6;
    area.spellcheck = false;
    area.value = sessionStorage.getItem(savedKey(s.name)) ?? '';
    area.addEventListener('input', () => sessionStorage.setItem(savedKey(s.name), area.value));
    box.append(label, area);
  }
}

// ---- the call ------------------------------------------------------------------------

const tell = (message) => frame.contentWindow.postMessage(message, SOFTPHONE);

function fire(category, interaction) {
  log('Interaction', `${category} ${brief(interaction)}`);
  tell({ sim: 'fire', category, interaction });
}

function buttons() {
  const state = call.current?.state;
  $('ring').disabled = !loaded || Boolean(call.current);
  $('answer').disabled = !call.current || state === 'CONNECTED';
  $('hangup').disabled = !call.current;
}

function ring() {
  let attributes;
  try {
    attributes = JSON.parse($('attributes').value || '{}');
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw new Error('an object');
    $('attributes-error').textContent = '';
  } catch {
    $('attributes-error').textContent = 'Attributes must be a JSON object, such as {"PT_SearchValue": "ACC-0001"}.';
    return;
  }
  const number = $('caller').value.trim();
  const inbound = $('direction').value === 'Inbound';
  call.n += 1;
  call.current = {
    id: `sim-${Date.now().toString(36)}-${call.n}`,
    direction: inbound ? 'Inbound' : 'Outbound',
    state: inbound ? 'ALERTING' : 'DIALING',
    ani: inbound ? `tel:${number}` : 'tel:+35315550000',
    calledNumber: inbound ? 'tel:+35315550000' : `tel:${number}`,
    phone: `tel:${number}`,
    isInternal: false,
    attributes,
  };
  fire('add', call.current);
  buttons();
}

function answer() {
  const before = call.current;
  call.current = { ...before, state: 'CONNECTED', isConnected: true };
  fire('change', { old: before, new: call.current });
  fire('connect', call.current);
  buttons();
}

function hangUp() {
  const before = call.current;
  const after = { ...before, state: 'DISCONNECTED', isConnected: false, isDisconnected: true };
  fire('change', { old: before, new: after });
  fire('disconnect', after);
  call.current = null;
  buttons();
}

// ---- the demo CRM's switches and counters ------------------------------------------

async function applySwitches() {
  const n = (id) => Math.max(0, Number.parseInt($(id).value, 10) || 0);
  const body = {
    latencyMs: n('sw-latency'), rateLimit: n('sw-rate'), retryAfterSeconds: n('sw-retry'),
    serverErrors: n('sw-errors'), htmlErrors: $('sw-html').checked,
    invalidGrant: $('sw-grant').checked, expireEarly: $('sw-early').checked,
  };
  const r = await fetch(`${DEMO}/switches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await r.json();
  $('switches-status').textContent = r.ok ? 'Switches applied.' : `Refused: ${answer.message}`;
  log('Demo CRM', `switches ${brief(r.ok ? answer : body)}`);
}

async function refresh() {
  if (loaded) tell({ sim: 'stats' });
  if (mode === 'demo') {
    try {
      $('crm-stats').textContent = JSON.stringify(await (await fetch(`${DEMO}/stats`)).json(), null, 2);
    } catch {
      $('crm-stats').textContent = 'The demo CRM does not answer: is `framesmith serve` running?';
    }
  }
}

// ---- start ---------------------------------------------------------------------------

async function workspace() {
  const rec = await new Store(() => {}).load();
  if (rec) return rec.workspace;
  // Opened before the builder ever ran: the example workspace, as the builder starts with.
  const text = await (await fetch('../pkg/example.toml')).text();
  return fs.parse(text, 'toml').workspace;
}

async function start() {
  await init();
  const runtime = await (await fetch('../pkg/runtime/runtime.js')).text();
  const ws = await workspace();
  const d = ws.deployment?.[index];
  if (!d) {
    problem(`The workspace has no deployment ${index + 1}: open the simulator from the builder's “Test this deployment”.`);
    return;
  }
  $('deployment-name').textContent = d.name ?? '';
  document.title = `framesmith simulator: ${d.name ?? ''}`;
  if (!d.screen_pop) {
    problem('This deployment has no screen_pop: its framework.js only forwards events to the CRM page, so nothing will pop.');
  }
  sources = sourcesOf(ws, d);
  for (const input of document.querySelectorAll('input[name="crm"]')) {
    input.checked = input.value === mode;
    input.addEventListener('change', () => {
      const next = new URL(window.location.href);
      next.searchParams.set('crm', input.value);
      window.location.assign(next);
    });
  }
  if (mode === 'saved') savedControls();

  const { ws: simWs, subs } = simulation(ws, d);
  let simulated;
  try {
    simulated = fs.preview(simWs, index, runtime).frameworkJs;
  } catch (e) {
    problem(`framework.js cannot be rendered for this deployment: ${e.message}`);
    return;
  }
  try {
    const real = fs.buildDeployment(ws, index, runtime);
    subs.push({ what: 'the downloadable framework.js', from: `sha256 ${real.hash}`, to: 'unchanged (this page runs a copy)' });
  } catch (e) {
    subs.push({ what: 'the downloadable framework.js', from: 'not available yet', to: e.message });
  }
  for (const s of subs) {
    const li = document.createElement('li');
    const what = document.createElement('strong');
    what.textContent = s.what;
    li.append(what, `: ${s.from} → ${s.to}`);
    $('substitutions').append(li);
  }

  // Saved responses answer the host route's requests before they leave the page.
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input?.url ?? String(input);
    if (mode === 'saved' && url.startsWith(`${SAVED}/`)) return Promise.resolve(savedAnswer(url, init));
    return realFetch(input, init);
  };

  const host = hostModule(runtime);
  // The sign-in page of the direct route completes through the same module.
  localStorage.setItem('framesmith-sim-host', host);
  const { attach } = await import(URL.createObjectURL(new Blob([host], { type: 'text/javascript' })));
  frame = $('softphone');
  window.addEventListener('message', (event) => {
    if (event.origin !== SOFTPHONE || event.source !== frame.contentWindow) return;
    const m = event.data;
    if (typeof m === 'string') {
      // What framework.js posted to the CRM page.
      try {
        const posted = JSON.parse(m);
        log('posted', `${posted.type} ${brief(posted.data ?? null)}`);
      } catch {
        log('posted', brief(m));
      }
      return;
    }
    if (!m || typeof m.sim !== 'string') return;
    if (m.sim === 'hello') tell({ sim: 'load', framework: simulated });
    else if (m.sim === 'loaded') {
      loaded = true;
      buttons();
      log('softphone', 'framework.js loaded, initialSetup() called');
    }
    else if (m.sim === 'call') log('PureCloud', `${m.name} ${brief(m.arg)}`);
    else if (m.sim === 'error') {
      log('softphone', m.message);
      problem(m.message);
    } else if (m.sim === 'stats') {
      $('stats').textContent = m.stats ? JSON.stringify(m.stats, null, 2) : 'framework.js has no runtime (no screen_pop).';
      window.simulatorStats = m.stats;
    }
  });
  attach({
    frame,
    allow: [mode === 'saved' ? `${SAVED}/` : `${DEMO}/api/`],
    onPop: showPop,
  });
  frame.src = `${SOFTPHONE}/simulator/softphone.html`;

  $('ring').addEventListener('click', ring);
  $('answer').addEventListener('click', answer);
  $('hangup').addEventListener('click', hangUp);
  $('apply-switches').addEventListener('click', applySwitches);
  buttons();
  setInterval(refresh, 1000);
  refresh();
  $('sim').setAttribute('aria-busy', 'false');
}

start().catch((e) => problem(`The simulator could not start: ${e.message}`));
