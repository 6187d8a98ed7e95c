// The simulator: plays the Genesys Cloud client and a CRM page for one deployment of the
// workspace the builder holds, running the framework.js "Download framework.js" gives for
// it. This page is the CRM host (it attaches framesmith-host.js to the softphone frame and
// shows the pops); the softphone is softphone.html at this machine's other loopback origin,
// so every origin check runs for real. Only the values that point at Genesys and the CRM are
// replaced, in a copy rendered for the simulation; the page lists them.

import init, * as fs from '../pkg/framesmith.js';
import { Store } from '../store.js';
import { otherOrigin } from './origins.js';
import { afterPop } from './after-pop.js';

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

const call = { n: 0, current: null, last: null };
// The choice, call log and dial controls (after-pop.js), once the host adapter is attached.
let afterUi = null;
let frame = null;
let deploymentName = '';
// Whether the softphone has framework.js running (until then it is another page).
let loaded = false;
// The instance's own crmBaseEndpoint, and the one the simulation put in its place.
const base = { original: '', simulated: mode === 'saved' ? SAVED : DEMO };
// The scenario being run: its id prefix, the pops it got, the requests the page sent, its
// scripted responses (by data source), and who waits for the next runtime stats.
const run = { id: null, pops: new Map(), fetches: 0, scripted: null };
let statsWaiters = [];
// When each call was rung and popped (performance.now()): the event-to-pop latency
// `make bench-runtime` reports, read from the page.
const timings = { firedAt: {}, poppedAt: {} };
window.simulatorTimings = timings;
let sources = [];

// ---- the page's record of what happened --------------------------------------------

// The log keeps its last entries only, and scrolls once a frame: a shift of calls would
// otherwise grow the page without end and lay it out again on every line.
const MAX_LOG = 400;
let scrollPending = false;

function log(kind, text) {
  const events = $('events');
  const entry = document.createElement('div');
  const time = new Date().toISOString().slice(11, 23);
  entry.textContent = `${time} ${kind}: ${text}`;
  events.append(entry);
  while (events.childElementCount > MAX_LOG) events.firstElementChild.remove();
  if (!scrollPending) {
    scrollPending = true;
    requestAnimationFrame(() => {
      scrollPending = false;
      events.scrollTop = events.scrollHeight;
    });
  }
}

const brief = (v) => {
  const s = JSON.stringify(v);
  return s && s.length > 300 ? `${s.slice(0, 300)}…` : String(s);
};

function showPop(pop) {
  timings.poppedAt[pop.interactionId] = performance.now();
  const li = document.createElement('li');
  li.className = `pop pop-${pop.kind}`;
  const kind = document.createElement('strong');
  kind.textContent = pop.kind;
  const url = document.createElement('span');
  url.className = 'pop-url';
  url.textContent = pop.url ?? '(no URL)';
  li.append(kind, ' ', url);
  const n = pop.records?.length ?? 0;
  const detail = [`search value ${pop.searchValue || '(none)'}`, `${n} record${n === 1 ? '' : 's'}`];
  const offeredAs = offered.get(pop.interactionId);
  if (offeredAs) detail.unshift(offeredAs);
  if (pop.cause) detail.push(`cause: ${pop.cause}`);
  const small = document.createElement('small');
  small.textContent = ` (${detail.join('; ')})`;
  li.append(small);
  afterUi?.decorate(li, pop);
  $('pops').append(li);
  while ($('pops').childElementCount > MAX_LOG) $('pops').firstElementChild.remove();
  log('onPop', brief(pop));
  if (run.id && String(pop.interactionId).startsWith(`${run.id}-`)) {
    run.pops.set(pop.interactionId.slice(run.id.length + 1), pop);
  }
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
      base.original = String(instance.properties.crmBaseEndpoint ?? '');
      const to = base.simulated;
      replace('crmBaseEndpoint', instance.properties.crmBaseEndpoint, mode === 'saved' ? `${to} (answered with the saved responses)` : `${to} (the demo CRM)`);
      instance.properties.crmBaseEndpoint = to;
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

/** The data source a request of the page is for, by its endpoint under `prefix`. */
function sourceFor(url, method, prefix) {
  const path = url.split('?')[0];
  return sources.find((s) => {
    const endpoint = String(s.restEndpoint ?? '').replace('{crmBaseEndpoint}', prefix).split('?')[0];
    const pattern = new RegExp(`^${endpoint.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]*\}/g, '[^/?#]*')}$`);
    return (s.method ?? 'GET').toUpperCase() === method && pattern.test(path);
  });
}

const jsonResponse = (status, value, headers = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });

function savedAnswer(url, init) {
  const s = sourceFor(url, (init?.method ?? 'GET').toUpperCase(), SAVED);
  if (!s) return jsonResponse(404, { error: 'not_found', message: 'no data source has this endpoint' });
  const text = sessionStorage.getItem(savedKey(s.name)) ?? '';
  if (!text.trim()) return jsonResponse(404, { error: 'no_saved_response', message: `no saved response for ${s.name}` });
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A running scenario's scripted answer to a request, as `framesmith simulate` picks it:
 *  the first of its data source's responses whose `match` the URL contains, `times` times. */
async function scriptedAnswer(url, init) {
  const s = sourceFor(url, (init?.method ?? 'GET').toUpperCase(), base.simulated);
  const list = s && run.scripted?.[s.name];
  if (!list) return null;
  const original = url.startsWith(base.simulated) ? base.original + url.slice(base.simulated.length) : url;
  const a = list.find((x) => x.times !== 0 && (typeof x.match !== 'string' || original.includes(x.match) || url.includes(x.match)));
  if (!a) return jsonResponse(404, { error: 'not_scripted', message: `no response of ${s.name} in the scenario answers ${original}` });
  if (typeof a.times === 'number') a.times -= 1;
  if (a.delayMs) await new Promise((r) => setTimeout(r, Math.min(a.delayMs, 30_000)));
  const headers = { 'content-type': 'application/json' };
  if (a.retryAfterSeconds !== undefined) headers['retry-after'] = String(a.retryAfterSeconds);
  const text = typeof a.body === 'string' ? a.body : a.body === undefined || a.body === null ? '' : JSON.stringify(a.body);
  // Links the script gives (a next page) point at the workspace's CRM: here, at the simulation's.
  const body = base.original ? text.split(base.original).join(base.simulated) : text;
  return new Response(body, { status: a.status ?? 200, headers });
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
  if (category === 'add' && interaction?.id) timings.firedAt[interaction.id] = performance.now();
  log('Interaction', `${category} ${brief(interaction)}`);
  tell({ sim: 'fire', category, interaction });
}

function buttons() {
  const state = call.current?.state;
  $('ring').disabled = !loaded || Boolean(call.current);
  $('answer').disabled = !call.current || state === 'CONNECTED';
  $('hangup').disabled = !call.current;
}

// The kind of each interaction the panel offered, by id, for the pops list.
const offered = new Map();

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
  call.n += 1;
  call.current = interaction(`sim-${Date.now().toString(36)}-${call.n}`, attributes);
  call.last = call.current;
  offered.set(call.current.id, $('kind').selectedOptions[0].textContent.toLowerCase());
  while (offered.size > MAX_LOG) offered.delete(offered.keys().next().value);
  fire('add', call.current);
  // For an email the client hands the sender's address to the screenPop hook too.
  if (call.current.isEmail) {
    log('Framework.screenPop', `${call.current.email} ${brief(call.current)}`);
    tell({ sim: 'screenPop', searchString: call.current.email, interaction: call.current });
  }
  buttons();
}

/**
 * The interaction the Interaction panel describes, with the fields the Genesys client gives
 * each kind (../shared/reference/embeddable-framework.md, from real payloads, Genesys'
 * embeddable-framework blueprint and mystery-CRM demo): the flags isCallback, isDialer,
 * isChat, isMessage (with messageType), isEmail; callbackNumbers for a callback,
 * calledNumber and dialerCampaignId/dialerContactId for a campaign call, remoteName.
 */
function interaction(id, attributes) {
  const number = $('caller').value.trim();
  const name = $('remote-name').value.trim();
  const address = $('address').value.trim();
  const base = { id, direction: 'Inbound', state: 'ALERTING', isInternal: false, attributes };
  switch ($('kind').value) {
    case 'callback':
      return { ...base, isCallback: true, callbackNumbers: [number], phone: `tel:${number}`, remoteName: name, callbackUserName: name };
    case 'campaign':
      // A preview: offered to the agent before the number is dialled.
      return { ...base, direction: 'Outbound', isDialer: true, calledNumber: `tel:${number}`, phone: `tel:${number}`,
        ani: 'tel:+35315550000', dialerCampaignId: $('campaign-id').value.trim(), dialerContactId: $('contact-id').value.trim() };
    case 'chat':
      return { ...base, isChat: true, remoteName: name, email: address };
    case 'message':
      return { ...base, isMessage: true, messageType: $('message-type').value, phone: `tel:${number}`, remoteName: name };
    case 'email':
      return { ...base, isEmail: true, remoteName: name, email: address, displayAddress: address };
    default: {
      const inbound = $('direction').value === 'Inbound';
      return {
        ...base,
        direction: inbound ? 'Inbound' : 'Outbound',
        state: inbound ? 'ALERTING' : 'DIALING',
        ani: inbound ? `tel:${number}` : 'tel:+35315550000',
        calledNumber: inbound ? 'tel:+35315550000' : `tel:${number}`,
        phone: `tel:${number}`,
      };
    }
  }
}

/** Shows the fields the chosen kind carries. */
function showKind() {
  const kind = $('kind').value;
  for (const div of document.querySelectorAll('.sim-controls [data-for]')) {
    div.hidden = !div.dataset.for.split(' ').includes(kind);
  }
  $('caller-label').textContent = { callback: 'Callback number', campaign: 'Number to dial', message: 'Sender number' }[kind] ?? 'Caller number';
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

// ---- scenarios -------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function statsNow() {
  return new Promise((resolve) => {
    statsWaiters.push(resolve);
    tell({ sim: 'stats' });
  });
}

/** The same interaction under this run's ids, so that a scenario can run again. */
function relabel(v, prefix) {
  if (!v || typeof v !== 'object') return v;
  if (v.old || v.new) return { ...v, old: relabel(v.old, prefix), new: relabel(v.new, prefix) };
  return { ...v, id: `${prefix}-${v.id}` };
}

/** Whether `pop` is what `e` expects, or why not: `framesmith simulate`'s rules. */
function verdict(e, pop) {
  const kind = e.kind ?? '';
  if (!pop) return kind === 'no pop' ? null : `expected a ${kind} pop, and none came`;
  if (kind === 'no pop') return `expected no pop, and a ${pop.kind} pop came`;
  if (kind && pop.kind !== kind) return `expected kind ${kind}, got ${pop.kind}`;
  const url = typeof pop.url === 'string' && pop.url.startsWith(base.simulated)
    ? base.original + pop.url.slice(base.simulated.length) : pop.url;
  if (typeof e.url === 'string' && url !== e.url) return `expected URL ${e.url}, got ${url}`;
  if (typeof e.records === 'number' && (pop.records?.length ?? 0) !== e.records) return `expected ${e.records} records, got ${pop.records?.length ?? 0}`;
  if (typeof e.cause === 'string' && !String(pop.cause ?? '').includes(e.cause)) return `expected a cause containing "${e.cause}", got "${pop.cause ?? ''}"`;
  return null;
}

async function runScenario() {
  const results = $('scenario-results');
  results.replaceChildren();
  let scenario;
  try {
    scenario = JSON.parse($('scenario').value);
  } catch (e) {
    $('scenario-summary').textContent = `The scenario is not JSON: ${e.message}`;
    return;
  }
  if (!Array.isArray(scenario?.events)) {
    $('scenario-summary').textContent = 'The scenario has no "events" list.';
    return;
  }
  if (typeof scenario.deployment === 'string' && scenario.deployment !== deploymentName) {
    $('scenario-summary').textContent = `This scenario is for the deployment ${scenario.deployment}; the simulator is running ${deploymentName}.`;
    return;
  }
  if (scenario.screen_pop) {
    $('scenario-summary').textContent = 'This scenario changes the deployment\'s screen_pop: run it with framesmith simulate, or make the change in the builder.';
    return;
  }
  if (!loaded) {
    $('scenario-summary').textContent = 'The softphone has not loaded framework.js yet.';
    return;
  }
  $('run-scenario').disabled = true;
  $('scenario-summary').textContent = 'Running…';
  run.id = `run${Date.now().toString(36)}`;
  run.pops = new Map();
  run.fetches = 0;
  run.scripted = scenario.responses && typeof scenario.responses === 'object' ? structuredClone(scenario.responses) : null;
  const before = await statsNow();
  const events = scenario.events.map((e, i) => ({ e, i })).sort((a, b) => (a.e.at ?? 0) - (b.e.at ?? 0) || a.i - b.i);
  let previous = 0;
  for (const { e } of events) {
    await sleep(Math.min(Math.max(0, (e.at ?? 0) - previous), 1000));
    previous = e.at ?? 0;
    const interaction = relabel(e.interaction, run.id);
    if (typeof e.screenPop === 'string') {
      log('Framework.screenPop', `${e.screenPop} ${brief(interaction)}`);
      tell({ sim: 'screenPop', searchString: e.screenPop, interaction });
    } else {
      fire(e.category, interaction);
    }
  }
  const expect = Array.isArray(scenario.expect) ? scenario.expect : [];
  const awaited = expect.filter((x) => x.kind !== 'no pop').map((x) => x.interactionId);
  const until = Date.now() + 30_000;
  while (Date.now() < until && !awaited.every((id) => run.pops.has(id))) await sleep(100);
  await sleep(700);
  const after = await statsNow();
  const verdicts = expect.map((x) => ({ id: x.interactionId, why: verdict(x, run.pops.get(x.interactionId)) }));
  const measured = {
    lookups: (after?.lookups ?? 0) - (before?.lookups ?? 0),
    tokenRefreshes: (after?.tokenRefreshes ?? 0) - (before?.tokenRefreshes ?? 0),
  };
  // The page sees the host route's requests only.
  if (after?.route === 'host') measured.requests = run.fetches;
  for (const [k, v] of Object.entries(scenario.expectStats ?? {})) {
    if (!(k in measured)) continue;
    verdicts.push({ id: `(stats) ${k}`, why: measured[k] === v ? null : `expected ${k} ${v}, got ${measured[k]}` });
  }
  for (const v of verdicts) {
    const li = document.createElement('li');
    li.className = v.why ? 'fail' : 'pass';
    const mark = document.createElement('strong');
    mark.textContent = v.why ? 'fail' : 'pass';
    li.append(mark, ` ${v.id}${v.why ? `: ${v.why}` : ''}`);
    results.append(li);
  }
  const met = verdicts.filter((v) => !v.why).length;
  $('scenario-summary').textContent = `${met} of ${verdicts.length} expectations met`;
  run.id = null;
  run.scripted = null;
  $('run-scenario').disabled = false;
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
  deploymentName = d.name ?? '';
  $('deployment-name').textContent = deploymentName;
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
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input?.url ?? String(input);
    if (run.scripted) {
      const scripted = await scriptedAnswer(url, init);
      if (scripted) return scripted;
    }
    if (mode === 'saved' && url.startsWith(`${SAVED}/`)) return savedAnswer(url, init);
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
        if (run.id && posted.type === 'framesmith.fetch') run.fetches += 1;
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
    else if (m.sim === 'callLogged') afterUi?.logged(m);
    else if (m.sim === 'error') {
      log('softphone', m.message);
      problem(m.message);
    } else if (m.sim === 'stats') {
      $('stats').textContent = m.stats ? JSON.stringify(m.stats, null, 2) : 'framework.js has no runtime (no screen_pop).';
      window.simulatorStats = m.stats;
      for (const w of statsWaiters) w(m.stats);
      statsWaiters = [];
    }
  });
  const adapter = attach({
    frame,
    allow: [mode === 'saved' ? `${SAVED}/` : `${DEMO}/api/`],
    onPop: showPop,
  });
  afterUi = afterPop({ host: adapter, $, log, tell, interaction: () => call.current ?? call.last, demo: DEMO });
  frame.src = `${SOFTPHONE}/simulator/softphone.html`;

  $('kind').addEventListener('change', showKind);
  showKind();
  $('ring').addEventListener('click', ring);
  $('answer').addEventListener('click', answer);
  $('hangup').addEventListener('click', hangUp);
  $('apply-switches').addEventListener('click', applySwitches);
  $('run-scenario').addEventListener('click', () => runScenario().catch((e) => {
    $('scenario-summary').textContent = `The scenario stopped: ${e.message}`;
    run.id = null;
    run.scripted = null;
  }));
  $('scenario-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (file) $('scenario').value = await file.text();
  });
  buttons();
  setInterval(refresh, 1000);
  refresh();
  $('sim').setAttribute('aria-busy', 'false');
}

start().catch((e) => problem(`The simulator could not start: ${e.message}`));
