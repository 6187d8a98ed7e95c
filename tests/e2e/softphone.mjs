// The screen-pop harness shared by the end-to-end tests and the runtime benchmark: the
// CRM page at its own https origin embeds the softphone stand-in at
// https://apps.mypurecloud.ie as a cross-site iframe, as in real life (request
// interception serves both; no same-origin shortcut). The softphone page loads the
// framework.js `framesmith build` wrote, with a fake window.PureCloud that records what it
// is asked; the CRM page imports the framesmith-host.js written beside it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, example } from './helpers.mjs';

export const CRM = 'https://crm.enterprise-client.com';
export const APPS = 'https://apps.mypurecloud.ie';
export const ACTION = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

/**
 * The example without its media tables and email lookup: the workspace of issue 10, which
 * must pop as it did before they existed (tests/render.rs holds its framework.js to the
 * golden file of then).
 */
export function voiceOnly(text) {
  const start = text.indexOf('\n# Every other kind of interaction');
  const end = text.indexOf('\n[[deployment]]', start);
  const cut = `${text.slice(0, start)}\n${text.slice(end)}`;
  const from = cut.indexOf('[[integration_type.dataSources]]\nname = "lookup_account_by_email"');
  const to = cut.indexOf('[[integration_type.dataSources]]\nname = "log_activity"');
  return cut.slice(0, from) + cut.slice(to);
}

/**
 * framework.js and framesmith-host.js of the example's popping deployment, edited: voice
 * only unless `media` (issue 23: the example's table for every kind of interaction).
 */
export function built(edit = (t) => t, { media = false } = {}) {
  let text = fs.readFileSync(example, 'utf8')
    .replace('crm_origin = "https://acme.crm4.dynamics.com"', `crm_origin = "${CRM}"`);
  if (!media) text = voiceOnly(text);
  text = edit(text);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'framesmith-pop-'));
  fs.writeFileSync(path.join(dir, 'workspace.toml'), text);
  execFileSync(cli, ['build', path.join(dir, 'workspace.toml'), '--out', path.join(dir, 'out')]);
  const read = (f) => fs.readFileSync(path.join(dir, 'out', 'acme-dynamics', f), 'utf8');
  const files = { framework: read('framework.js'), host: read('framesmith-host.js') };
  fs.rmSync(dir, { recursive: true });
  return files;
}

export const SOFTPHONE = `<!doctype html><title>softphone</title><script>
window.calls = [];
const rec = (name) => (arg) => { window.calls.push([name, JSON.parse(JSON.stringify(arg ?? null))]); };
let subscriptions = [];
window.PureCloud = {
  subscribe: (s) => { subscriptions = s; },
  clickToDial: rec('clickToDial'), addAssociation: rec('addAssociation'),
  addCustomAttributes: rec('addCustomAttributes'), addTransferContext: rec('addTransferContext'),
  Interaction: { updateState: rec('updateState') },
  User: {
    updateStatus: rec('updateStatus'), setView: rec('setView'),
    getAuthToken: (cb) => { window.calls.push(['getAuthToken', null]); cb(window.nextToken || 'genesys-token-1'); },
    Notification: { notifyUser: rec('notifyUser'), setAudioConfiguration: rec('setAudio') },
  },
};
window.fire = (category, interaction) =>
  subscriptions.find((s) => s.type === 'Interaction').callback(category, interaction);
</script><script src="framework.js"></script><script>window.Framework.initialSetup();</script>`;

/**
 * The CRM page: `attachWith` is more of attach()'s options (JavaScript text, e.g.
 * `runtime: "inline",`); `keepMessages` keeps the text of every message the page is sent;
 * `html` is another page altogether.
 */
const crmPage = ({ attachWith = '', keepMessages = false, html } = {}) => html ?? `<!doctype html><title>CRM</title>
<iframe id="softphone" src="${APPS}/crm/index.html" allow="camera; microphone"></iframe>
<iframe id="content" name="content" src="about:blank"></iframe>
<script type="module">
import { attach } from "/framesmith-host.js";
window.pops = [];
window.messages = [];
window.raw = [];
window.addEventListener('message', (e) => {
  if (typeof e.data !== 'string') return;
  window.messages.push(JSON.parse(e.data).type);
  ${keepMessages ? 'window.raw.push(e.data);' : ''}
});
window.host = attach({
  frame: document.getElementById('softphone'),
  allow: ["${CRM}/api/"],
  onPop: (pop) => window.pops.push(pop),
  popFrame: document.getElementById('content'),
  ${attachWith}
});
window.attached = true;
</script>`;

/**
 * Serves the CRM page, the softphone and the CRM API (`crm(url, request)` answers lookups)
 * in `context`; `counts` holds how many lookups the CRM stand-in saw. `softphoneCsp` is
 * the Content-Security-Policy Genesys' page is served with; `page` the CRM page's options.
 */
export async function serve(context, files, crm, { softphoneInit, softphoneCsp, page, crmCsp } = {}) {
  const counts = { lookups: 0, urls: [] };
  const softphone = (r) => r.fulfill({
    contentType: 'text/html', body: SOFTPHONE,
    headers: softphoneCsp ? { 'content-security-policy': softphoneCsp } : {},
  });
  // With or without the checklist's query string.
  await context.route(`${APPS}/crm/index.html*`, softphone);
  // The page Genesys' demo CRM embeds for a private deployment (the checklist's); `**`
  // because its parentDomain holds slashes.
  await context.route(`${APPS}/crm/embeddableFramework.html**`, softphone);
  await context.route(`${APPS}/crm/framework.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.framework }));
  const crmHtml = crmPage(page);
  await context.route(`${CRM}/app*`, (r) => r.fulfill({
    contentType: 'text/html', body: crmHtml,
    headers: crmCsp ? { 'content-security-policy': crmCsp } : {},
  }));
  await context.route(`${CRM}/framesmith-host.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.host }));
  await context.route(`${CRM}/api/**`, async (r) => {
    counts.lookups++;
    counts.urls.push(r.request().url());
    await crm(r.request().url(), r);
  });
  if (softphoneInit) await context.addInitScript(softphoneInit);
  return counts;
}

export async function openCrm(context, path = '/app') {
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${CRM}${path}`);
  await page.waitForFunction(() => window.attached === true);
  const frame = page.frames().find((f) => f.url().startsWith(APPS));
  await frame.waitForFunction(() => window.Framework && window.Framework.framesmith);
  return { page, frame, warnings };
}

export const ready = (frame) => frame.waitForFunction(() => window.Framework.framesmith.stats().state === 'ready');

export const call = (id, extra = {}) => ({
  id, direction: 'Inbound', state: 'ALERTING', ani: 'tel:+353 1 555 0100', attributes: {}, ...extra,
});

export const json = (r, body, status = 200, headers = {}) =>
  r.fulfill({ status, contentType: 'application/json', headers, body: JSON.stringify(body) });

export const account = (id, name) => ({ id, name, tier: 'gold', last_contacted: '2024-05-01' });

export async function pops(page, n) {
  await page.waitForFunction((k) => window.pops.length >= k, n);
  return page.evaluate(() => window.pops);
}

// The CRM stand-in's OAuth server for the direct route: Authorization Code + PKCE
// (approved at once) and the refresh-token grant, every answer with CORS for the
// softphone's origin, as a CRM must give for this route. Tokens last `lifetime` seconds.
export async function crmOAuth(context, { lifetime = 2, refresh = (n) => ({ ok: true }) } = {}) {
  const oauth = { authorize: [], grants: [], issued: {}, challenge: null, refreshes: 0 };
  const cors = { 'access-control-allow-origin': APPS };
  await context.route(`${CRM}/oauth/authorize?*`, (r) => {
    const q = new URL(r.request().url()).searchParams;
    oauth.authorize.push(Object.fromEntries(q));
    oauth.challenge = q.get('code_challenge');
    const back = new URL(q.get('redirect_uri'));
    back.searchParams.set('code', 'CODE-1');
    back.searchParams.set('state', q.get('state'));
    return r.fulfill({ status: 302, headers: { location: back.toString() } });
  });
  await context.route(`${CRM}/signin.html*`, (r) => r.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><title>Signed in</title><script type="module">import { completeSignIn } from "/framesmith-host.js"; completeSignIn();</script>',
  }));
  await context.route(`${CRM}/oauth/token`, async (r) => {
    const form = Object.fromEntries(new URLSearchParams(r.request().postData()));
    oauth.grants.push(form);
    if (form.client_id !== 'crm_client_id_12345' || form.client_secret) {
      return json(r, { error: 'invalid_client' }, 401, cors);
    }
    if (form.grant_type === 'authorization_code') {
      const hash = crypto.createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
      if (form.code !== 'CODE-1' || hash !== oauth.challenge || form.redirect_uri !== `${CRM}/signin.html`) {
        return json(r, { error: 'invalid_grant', error_description: 'PKCE verification failed' }, 400, cors);
      }
    } else if (form.grant_type === 'refresh_token') {
      oauth.refreshes++;
      const answer = refresh(oauth.refreshes, form);
      if (!answer.ok) return json(r, answer.body, answer.status, cors);
      if (form.refresh_token !== `RT-${oauth.grants.length - 1}`) {
        return json(r, { error: 'invalid_grant', error_description: 'refresh token already used' }, 400, cors);
      }
    }
    const n = oauth.grants.length;
    oauth.issued[`AT-${n}`] = Date.now() + lifetime * 1000;
    return json(r, { access_token: `AT-${n}`, token_type: 'Bearer', expires_in: lifetime, refresh_token: `RT-${n}` }, 200, cors);
  });
  return oauth;
}

// The CRM's API for the direct route: CORS preflight, then the bearer checked.
export function crmApi(oauth, lookups) {
  return (url, r) => {
    const cors = { 'access-control-allow-origin': APPS };
    if (r.request().method() === 'OPTIONS') {
      return r.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': 'authorization, accept', 'access-control-allow-methods': 'GET' } });
    }
    const token = (r.request().headers().authorization ?? '').replace(/^Bearer /, '');
    lookups.push(token);
    if (!(oauth.issued[token] > Date.now())) return json(r, { error: 'invalid_token' }, 401, cors);
    return json(r, { items: [account('A1', 'Ann')] }, 200, cors);
  };
}

/** The workspace edit that takes the deployment's lookups by the direct route. */
export const direct = (t) => t.replace('route = "host"', `route = "direct"\nredirect_uri = "${CRM}/signin.html"`);
