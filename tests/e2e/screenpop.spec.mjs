// Screen pop at run time, end to end in Chromium: the CRM page at its own https origin
// embeds the softphone stand-in at https://apps.mypurecloud.ie as a cross-site iframe, as
// in real life (request interception serves both; no same-origin shortcut). The softphone
// page loads the framework.js `framesmith build` wrote, with a fake window.PureCloud that
// records what it is asked; the CRM page imports the framesmith-host.js written beside it.
// Each test asserts what onPop received, what PureCloud was called with and what the CRM
// stand-in counted.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, example } from './helpers.mjs';

const CRM = 'https://crm.enterprise-client.com';
const APPS = 'https://apps.mypurecloud.ie';
const ACTION = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

/** framework.js and framesmith-host.js of the example's popping deployment, edited. */
function built(edit = (t) => t) {
  let text = fs.readFileSync(example, 'utf8')
    .replace('crm_origin = "https://acme.crm4.dynamics.com"', `crm_origin = "${CRM}"`);
  text = edit(text);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'framesmith-pop-'));
  fs.writeFileSync(path.join(dir, 'workspace.toml'), text);
  execFileSync(cli, ['build', path.join(dir, 'workspace.toml'), '--out', path.join(dir, 'out')]);
  const read = (f) => fs.readFileSync(path.join(dir, 'out', 'acme-dynamics', f), 'utf8');
  const files = { framework: read('framework.js'), host: read('framesmith-host.js') };
  fs.rmSync(dir, { recursive: true });
  return files;
}

const SOFTPHONE = `<!doctype html><title>softphone</title><script>
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

const CRM_PAGE = `<!doctype html><title>CRM</title>
<iframe id="softphone" src="${APPS}/crm/index.html" allow="camera; microphone"></iframe>
<script type="module">
import { attach } from "/framesmith-host.js";
window.pops = [];
window.messages = [];
window.addEventListener('message', (e) => { if (typeof e.data === 'string') window.messages.push(JSON.parse(e.data).type); });
window.host = attach({
  frame: document.getElementById('softphone'),
  allow: ["${CRM}/api/"],
  onPop: (pop) => window.pops.push(pop),
});
window.attached = true;
</script>`;

/**
 * Serves the CRM page, the softphone and the CRM API (`crm(url, request)` answers lookups)
 * in `context`; `counts` holds how many lookups the CRM stand-in saw.
 */
async function serve(context, files, crm, { softphoneInit } = {}) {
  const counts = { lookups: 0, urls: [] };
  await context.route(`${APPS}/crm/index.html`, (r) => r.fulfill({ contentType: 'text/html', body: SOFTPHONE }));
  await context.route(`${APPS}/crm/framework.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.framework }));
  await context.route(`${CRM}/app*`, (r) => r.fulfill({ contentType: 'text/html', body: CRM_PAGE }));
  await context.route(`${CRM}/framesmith-host.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.host }));
  await context.route(`${CRM}/api/**`, async (r) => {
    counts.lookups++;
    counts.urls.push(r.request().url());
    await crm(r.request().url(), r);
  });
  if (softphoneInit) await context.addInitScript(softphoneInit);
  return counts;
}

async function openCrm(context, path = '/app') {
  const page = await context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${CRM}${path}`);
  await page.waitForFunction(() => window.attached === true);
  const frame = page.frames().find((f) => f.url().startsWith(APPS));
  await frame.waitForFunction(() => window.Framework && window.Framework.framesmith);
  return { page, frame, warnings };
}

const ready = (frame) => frame.waitForFunction(() => window.Framework.framesmith.stats().state === 'ready');

const call = (id, extra = {}) => ({
  id, direction: 'Inbound', state: 'ALERTING', ani: 'tel:+353 1 555 0100', attributes: {}, ...extra,
});

const json = (r, body, status = 200, headers = {}) =>
  r.fulfill({ status, contentType: 'application/json', headers, body: JSON.stringify(body) });

const account = (id, name) => ({ id, name, tier: 'gold', last_contacted: '2024-05-01' });

async function pops(page, n) {
  await page.waitForFunction((k) => window.pops.length >= k, n);
  return page.evaluate(() => window.pops);
}

test.describe('screen pop at run time', () => {
  test('one match pops the record and names it to the client', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => json(r, { items: [account('A1', 'Ann')] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('c1'));
    const [pop] = await pops(page, 1);
    expect(pop).toEqual({
      interactionId: 'c1', kind: 'single', url: 'https://crm.enterprise-client.com/accounts/A1',
      searchValue: '+35315550100',
      records: [{ accountId: 'A1', accountName: 'Ann', accountTier: 'gold', lastInteractionDate: '2024-05-01' }],
    });
    expect(counts.lookups).toBe(1);
    expect(counts.urls[0]).toBe(`${CRM}/api/v1/accounts?phone=%2B35315550100&fields=id,name,tier,last_contacted`);
    const calls = await frame.evaluate(() => window.calls);
    expect(calls).toContainEqual(['addAssociation', { type: 'contact', id: 'A1', text: 'Ann', interactionId: 'c1' }]);
    const stats = await frame.evaluate(() => window.Framework.framesmith.stats());
    expect(stats).toMatchObject({ lookups: 1, single: 1, state: 'ready', route: 'host' });
  });

  test('none found pops the new-record URL; several across two pages pop every candidate', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => {
      if (url.includes('page=2')) return json(r, { items: [account('B2', 'Bea')] });
      if (url.includes('0199')) return json(r, { items: [] });
      return json(r, { items: [account('B1', 'Bob')], next: `${CRM}/api/v1/accounts?phone=x&page=2` });
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('none', { ani: '+353 1 555 0199' }));
    await frame.evaluate((c) => window.fire('add', c), call('many'));
    const all = await pops(page, 2);
    const none = all.find((p) => p.interactionId === 'none');
    const many = all.find((p) => p.interactionId === 'many');
    expect(none).toMatchObject({ kind: 'none', records: [], url: `${CRM}/accounts/new?phone=%2B35315550199` });
    expect(many.kind).toBe('multiple');
    expect(many.records.map((r) => r.accountId)).toEqual(['B1', 'B2']);
    expect(many.url).toBe(`${CRM}/search?phone=%2B35315550100`);
    expect(counts.lookups).toBe(3);
  });

  test('the search attribute, a national number, outbound calls and repeated events', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => json(r, { items: [] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('attr', { attributes: { PT_SearchValue: 'ACC-7' } }));
    await frame.evaluate((c) => window.fire('add', c), call('national', { ani: 'tel:01 555 0100' }));
    await frame.evaluate((c) => window.fire('add', c), call('out', { direction: 'Outbound' }));
    // The same call again, as a change and through the client's screenPop hook.
    await frame.evaluate((c) => {
      window.fire('add', c);
      window.fire('change', { old: c, new: { ...c, state: 'CONNECTED' } });
      window.Framework.screenPop('+35315550100', c);
    }, call('attr', { attributes: { PT_SearchValue: 'ACC-7' } }));
    const all = await pops(page, 2);
    await page.waitForTimeout(300);
    expect((await page.evaluate(() => window.pops)).length).toBe(2);
    expect(all.find((p) => p.interactionId === 'attr').searchValue).toBe('ACC-7');
    expect(all.find((p) => p.interactionId === 'national').searchValue).toBe('+35315550100');
    expect(counts.lookups).toBe(2);
    expect(counts.urls[0]).toContain('phone=ACC-7&');
  });

  test('failures name their cause: a 500 with an HTML body, a timeout, a 2 MiB response', async ({ context }) => {
    const counts = await serve(context, built((t) => t.replace(
      'records = "$.items[*]"', 'records = "$.items[*]"\ntimeoutSeconds = 1',
    )), async (url, r) => {
      if (url.includes('0101')) return r.fulfill({ status: 500, contentType: 'text/html', body: '<html><body>Internal error</body></html>' });
      if (url.includes('0102')) return; // never answers
      return json(r, { items: [account('X', 'x'.repeat(2 * 1024 * 1024))] });
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    for (const [id, ani] of [['e500', '+353 1 555 0101'], ['slow', '+353 1 555 0102'], ['big', '+353 1 555 0103']]) {
      await frame.evaluate((c) => window.fire('add', c), call(id, { ani }));
    }
    const all = await pops(page, 3);
    const by = Object.fromEntries(all.map((p) => [p.interactionId, p]));
    expect(by.e500).toMatchObject({ kind: 'failed', url: `${CRM}/search?phone=%2B35315550101` });
    expect(by.e500.cause).toBe('the CRM answered HTTP 500: <html><body>Internal error</body></html>');
    expect(by.slow.cause).toBe('no answer within 1 s (timeoutSeconds)');
    expect(by.big.cause).toBe('the response is over the limit of 1048576 bytes (maxResponseBytes)');
    const notified = (await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'notifyUser');
    expect(notified.map((c) => c[1].message)).toContain(`Screen pop could not look the caller up: ${by.e500.cause}`);
    expect(counts.lookups).toBe(3);
  });

  test('two tabs of the CRM: one pop per call', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => json(r, { items: [account('A1', 'Ann')] }));
    const a = await openCrm(context);
    const b = await openCrm(context);
    await ready(a.frame);
    await ready(b.frame);
    await a.page.waitForTimeout(200); // the softphones greet each other
    await Promise.all([a, b].map((t) => t.frame.evaluate((c) => window.fire('add', c), call('shared'))));
    await expect.poll(async () => (await a.page.evaluate(() => window.pops.length)) +
      (await b.page.evaluate(() => window.pops.length))).toBe(1);
    await a.page.waitForTimeout(500);
    const total = (await a.page.evaluate(() => window.pops.length)) + (await b.page.evaluate(() => window.pops.length));
    expect(total).toBe(1);
    expect(counts.lookups).toBe(1);
  });

  test('messages from other origins or windows are ignored on both sides', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => json(r, { items: [] }));
    await context.route('https://evil.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>evil</title>' }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    // A frame of another origin inside the CRM page posts a pop and a fetch to the host.
    await page.evaluate(() => new Promise((resolve) => {
      const f = document.createElement('iframe');
      f.src = 'https://evil.example/x';
      f.onload = resolve;
      document.body.appendChild(f);
    }));
    const evil = page.frames().find((f) => f.url().startsWith('https://evil.example'));
    await evil.evaluate((crm) => {
      const pop = { interactionId: 'forged', kind: 'single', url: 'https://evil.example/', searchValue: '', records: [] };
      window.parent.postMessage(JSON.stringify({ type: 'framesmith.pop', data: pop }), '*');
      window.parent.postMessage(JSON.stringify({ type: 'framesmith.fetch', data: { fetch: 1, request: { method: 'GET', url: `${crm}/api/v1/accounts`, headers: [] }, maxBytes: 10 } }), '*');
    }, CRM);
    // Another frame of the softphone's origin (not the softphone given to attach) is refused too.
    await context.route(`${APPS}/other.html`, (r) => r.fulfill({ contentType: 'text/html', body: '<title>other</title>' }));
    await page.evaluate((apps) => new Promise((resolve) => {
      const f = document.createElement('iframe');
      f.src = `${apps}/other.html`;
      f.onload = resolve;
      document.body.appendChild(f);
    }), APPS);
    const other = page.frames().find((f) => f.url() === `${APPS}/other.html`);
    await other.evaluate(() => {
      const pop = { interactionId: 'other', kind: 'single', url: 'https://evil.example/', searchValue: '', records: [] };
      window.parent.postMessage(JSON.stringify({ type: 'framesmith.pop', data: pop }), '*');
    });
    // The CRM page itself (the right origin, but not the softphone's window) cannot forge a pop either.
    await page.evaluate(() => window.postMessage(JSON.stringify({ type: 'framesmith.pop', data: { interactionId: 'self', kind: 'none', records: [] } }), '*'));
    // The evil frame posts to the softphone: a forged answer and a command.
    await evil.evaluate(() => {
      const softphone = window.parent.frames[0];
      softphone.postMessage(JSON.stringify({ type: 'clickToDial', data: { number: '666' } }), '*');
      softphone.postMessage(JSON.stringify({ type: 'framesmith.response', data: { fetch: 1, status: 200, body: '{}' } }), '*');
    });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.pops)).toEqual([]);
    expect(counts.lookups).toBe(0);
    expect((await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'clickToDial')).toEqual([]);
    // A lookup outside the allowed prefixes is refused by the host adapter.
    await frame.evaluate(() => window.parent.postMessage(JSON.stringify({ type: 'framesmith.fetch',
      data: { fetch: 99, request: { method: 'GET', url: 'https://crm.enterprise-client.com/apix/steal', headers: [] }, maxBytes: 10 } }),
    'https://crm.enterprise-client.com'));
    await page.waitForTimeout(200);
    expect(counts.lookups).toBe(0);
  });

  test('without WebAssembly it warns once and only forwards', async ({ context }) => {
    const counts = await serve(context, built(), (url, r) => json(r, { items: [] }), {
      softphoneInit: () => { if (location.origin === 'https://apps.mypurecloud.ie') delete globalThis.WebAssembly; },
    });
    const { page, frame, warnings } = await openCrm(context);
    await frame.waitForFunction(() => window.Framework.framesmith.stats().state === 'off');
    await frame.evaluate((c) => { window.fire('add', c); window.fire('add', { ...c, id: 'c2' }); }, call('c1'));
    await expect.poll(() => page.evaluate(() => window.messages.filter((m) => m === 'interactionSubscription').length)).toBe(2);
    expect(warnings.filter((w) => w.includes('screen pop is off'))).toHaveLength(1);
    expect(await page.evaluate(() => window.pops)).toEqual([]);
    expect(counts.lookups).toBe(0);
  });

  test('proxy route: the data action with the agent token, a fresh token after a 401', async ({ context }) => {
    const files = built((t) => t.replace('route = "host"', `route = "proxy"\naction_id = "${ACTION}"`));
    await serve(context, files, (url, r) => json(r, {}));
    const seen = [];
    await context.route(`https://api.mypurecloud.ie/api/v2/integrations/actions/${ACTION}/execute`, async (r) => {
      if (r.request().method() === 'OPTIONS') {
        return r.fulfill({ status: 204, headers: { 'access-control-allow-origin': APPS, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'POST' } });
      }
      const auth = r.request().headers().authorization;
      seen.push({ auth, body: JSON.parse(r.request().postData()) });
      const cors = { 'access-control-allow-origin': APPS };
      if (auth !== 'Bearer genesys-token-2') return json(r, { message: 'token expired', status: 401 }, 401, cors);
      return json(r, { accountId: ['A1'], accountName: ['Ann'], accountTier: ['gold'], lastInteractionDate: ['2024-05-01'] }, 200, cors);
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate(() => {
      // The first token has expired; the client hands a fresh one when asked again.
      let n = 0;
      window.PureCloud.User.getAuthToken = (cb) => { window.calls.push(['getAuthToken', null]); n++; cb(`genesys-token-${n}`); };
    });
    await frame.evaluate((c) => window.fire('add', c), call('p1'));
    const [pop] = await pops(page, 1);
    expect(pop).toMatchObject({ interactionId: 'p1', kind: 'single', url: `${CRM}/accounts/A1` });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer genesys-token-1', 'Bearer genesys-token-2']);
    expect(seen[1].body).toMatchObject({ phone: '+35315550100', searchValue: '+35315550100', interactionId: 'p1' });
    expect((await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'getAuthToken')).toHaveLength(2);
    expect(await frame.evaluate(() => window.Framework.framesmith.stats().tokenRefreshes)).toBe(1);
  });
});
