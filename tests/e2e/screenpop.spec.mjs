// Screen pop at run time, end to end in Chromium, in the harness of softphone.mjs: each
// test asserts what onPop received, what PureCloud was called with and what the CRM
// stand-in counted.
import { test, expect } from '@playwright/test';
import {
  CRM, APPS, ACTION, built, serve, openCrm, ready, call, json, account, pops, crmOAuth, crmApi, direct,
} from './softphone.mjs';

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

  test('a deployment whose records path has a filter carries the full module and pops', async ({ context }) => {
    // Only accounts that are not archived are candidates: a filter, which the plain module
    // cannot read; the renderer gives this deployment the full one.
    const counts = await serve(context, built((t) => t.replace('records = "$.items[*]"', 'records = "$.items[?@.archived != true]"')),
      (url, r) => json(r, { items: [{ ...account('OLD', 'Old Ann'), archived: true }, account('A1', 'Ann')] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('c1'));
    const [pop] = await pops(page, 1);
    expect(pop).toMatchObject({ kind: 'single', url: 'https://crm.enterprise-client.com/accounts/A1' });
    expect(pop.records.map((r) => r.accountId)).toEqual(['A1']);
    expect(counts.lookups).toBe(1);
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
    expect(notified.map((c) => c[1].message)).toContain(`Screen pop could not look the customer up: ${by.e500.cause}`);
    expect(counts.lookups).toBe(3);
  });

  test('a 429 storm: every call waits out Retry-After and pops, none is lost', async ({ context }) => {
    const seen = {};
    const at = {};
    const counts = await serve(context, built(), (url, r) => {
      const phone = new URL(url).searchParams.get('phone');
      seen[phone] = (seen[phone] ?? 0) + 1;
      (at[phone] ??= []).push(Date.now());
      // Each number is refused twice: once with Retry-After, once without.
      if (seen[phone] === 1) return json(r, { message: 'rate limited' }, 429, { 'Retry-After': '1' });
      if (seen[phone] === 2) return json(r, { message: 'rate limited' }, 429);
      return json(r, { items: [account(phone, 'Ann')] });
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    const numbers = ['+353 1 555 0110', '+353 1 555 0111', '+353 1 555 0112', '+353 1 555 0113', '+353 1 555 0114'];
    await frame.evaluate((calls) => calls.forEach((c) => window.fire('add', c)),
      numbers.map((ani, i) => call(`storm${i}`, { ani })));
    const all = await pops(page, numbers.length);
    // The CRM saw each second request no sooner than its Retry-After allowed.
    for (const times of Object.values(at)) expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
    expect(all.map((p) => p.kind)).toEqual(Array(numbers.length).fill('single'));
    expect(counts.lookups).toBe(numbers.length * 3);
    const stats = await frame.evaluate(() => window.Framework.framesmith.stats());
    expect(stats).toMatchObject({ single: numbers.length, failed: 0, rateLimited: numbers.length * 2 });
  });

  test('contactSearch and processCallLog run their data sources in the agent\'s tab', async ({ context }) => {
    const posted = [];
    const counts = await serve(context, built(), (url, r) => {
      if (r.request().method() === 'POST') {
        posted.push(JSON.parse(r.request().postData()));
        return json(r, { id: 'ACT-1' }, 201);
      }
      // The second write of the same interaction updates the log it created (issue 27).
      if (r.request().method() === 'PATCH') {
        return json(r, { error: 'invalid_scope', error_description: 'crm:write' }, 403);
      }
      return json(r, { items: [account('A1', 'Ann Smith')] });
    });
    // A second tab: a search is not the screen pop's, and a call log this tab alone writes
    // is claimed at once.
    const other = await openCrm(context);
    const { frame } = await openCrm(context);
    await ready(frame);
    await ready(other.frame);
    await frame.waitForTimeout(200);
    const out = await frame.evaluate(() => new Promise((resolve) => {
      const results = {};
      const done = () => { if (Object.keys(results).length === 3) resolve(results); };
      window.Framework.contactSearch('Ann Smith', (c) => { results.search = ['ok', c]; done(); }, (e) => { results.search = ['fail', e]; done(); });
      const log = { notes: 'called back', selectedContact: { id: 'A1' } };
      const call = { id: 'c1', direction: 'Inbound', ani: '+35315550100' };
      window.Framework.processCallLog(log, call, 'interactionDisconnected',
        (r) => {
          results.log = ['ok', r];
          window.Framework.processCallLog(log, call, 'interactionDisconnected',
            (r2) => { results.again = ['ok', r2]; done(); }, (e) => { results.again = ['fail', e]; done(); });
          done();
        },
        (e) => { results.log = ['fail', e]; done(); });
    }));
    expect(out.search).toEqual(['ok', [{ type: 'external', name: 'Ann Smith', phone: [] }]]);
    expect(out.log).toEqual(['ok', { id: 'ACT-1' }]);
    expect(out.again).toEqual(['fail', { reason: 'the CRM answered HTTP 403: invalid_scope: crm:write' }]);
    expect(posted[0]).toMatchObject({ 'callLog.notes': 'called back', 'callLog.selectedContact.id': 'A1', eventName: 'interactionDisconnected', interactionId: 'c1' });
    expect(posted).toHaveLength(1);
    expect(counts.urls).toContain(`${CRM}/api/v1/activities/ACT-1`);
    // The search and the call logs run at once: their requests may reach the CRM in any order.
    expect(counts.urls).toContain(`${CRM}/api/v1/accounts?phone=Ann%20Smith&fields=id,name,tier,last_contacted`);
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

  test('host route: the adapter follows no redirect, not even to an allowed prefix', async ({ context }) => {
    // A 307 keeps the method and body: followed, the browser would POST the lookup, its
    // bearer token and the session cookie to /api/admin/delete-all; a 302 would leave the
    // origin. The browser hides a redirect's target from the page, so none is followed.
    const elsewhere = [];
    await context.route('https://evil.example/**', (r) => { elsewhere.push(r.request().url()); return r.fulfill({ body: 'x' }); });
    const counts = await serve(context, built(), (url, r) => {
      if (url.includes('/admin/')) return json(r, { deleted: 'everything' });
      if (url.includes('0101')) return r.fulfill({ status: 302, headers: { Location: 'https://evil.example/steal' } });
      return r.fulfill({ status: 307, headers: { Location: `${CRM}/api/admin/delete-all` } });
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('r307'));
    await frame.evaluate((c) => window.fire('add', c), call('r302', { ani: '+353 1 555 0101' }));
    const all = await pops(page, 2);
    expect(counts.urls.filter((u) => u.includes('/admin/'))).toEqual([]);
    expect(elsewhere).toEqual([]);
    for (const p of all) {
      expect(p.kind).toBe('failed');
      expect(p.cause).toContain('answered the lookup with a redirect');
    }
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

  test('direct route: the agent signs in once in a popup, a token expiring mid-shift is refreshed without one', async ({ context }) => {
    const oauth = await crmOAuth(context, { lifetime: 2 });
    const lookups = [];
    await serve(context, built(direct), crmApi(oauth, lookups));
    const { page, frame } = await openCrm(context);
    const popups = [];
    page.on('popup', (p) => popups.push(p));
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('d1'));
    const [first] = await pops(page, 1);
    expect(first).toMatchObject({ interactionId: 'd1', kind: 'single', url: `${CRM}/accounts/A1` });
    expect(oauth.authorize).toHaveLength(1);
    expect(oauth.authorize[0]).toMatchObject({
      response_type: 'code', client_id: 'crm_client_id_12345', redirect_uri: `${CRM}/signin.html`,
      code_challenge_method: 'S256', scope: 'crm:read crm:write contacts:read',
    });
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code']);
    // The token lasts 2 s: the next call, mid-shift, takes a new one with the refresh token.
    await page.waitForTimeout(2200);
    await frame.evaluate((c) => window.fire('add', c), call('d2', { ani: 'tel:+353 1 555 0107' }));
    const all = await pops(page, 2);
    expect(all[1]).toMatchObject({ interactionId: 'd2', kind: 'single' });
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(oauth.grants[1].refresh_token).toBe('RT-1');
    // One sign-in window, closed once it handed the code back.
    expect(popups).toHaveLength(1);
    expect(popups[0].isClosed()).toBe(true);
    expect(lookups).toEqual(['AT-1', 'AT-2']);
    const calls = await frame.evaluate(() => window.calls);
    expect(calls.filter((c) => c[0] === 'notifyUser')).toEqual([]);
    const stats = await frame.evaluate(() => window.Framework.framesmith.stats());
    expect(stats).toMatchObject({ route: 'direct', single: 2, tokenRefreshes: 2, tokenFailures: 0 });
  });

  test('direct route: a chat and an email pop through their own lookup with the one CRM token', async ({ context }) => {
    const oauth = await crmOAuth(context, { lifetime: 60 });
    const lookups = [];
    const api = crmApi(oauth, lookups);
    const urls = [];
    await serve(context, built(direct, { media: true }), (url, r) => {
      if (r.request().method() !== 'OPTIONS') urls.push(url);
      return api(url, r);
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate(() => {
      window.fire('add', { id: 'ch', isChat: true, direction: 'Inbound', email: 'ada@example.com', attributes: {} });
      window.Framework.screenPop('ada@example.com', { id: 'em', isEmail: true, direction: 'Inbound', attributes: {} });
    });
    const all = await pops(page, 2);
    expect(all.map((p) => [p.interactionId, p.kind, p.searchValue]).sort()).toEqual([
      ['ch', 'single', 'ada@example.com'], ['em', 'single', 'ada@example.com'],
    ]);
    expect(all.find((p) => p.interactionId === 'em').url).toBe(`${CRM}/accounts/A1?tab=emails`);
    expect(urls.every((u) => u.startsWith(`${CRM}/api/v1/accounts?email=ada%40example.com`))).toBe(true);
    // One sign-in for both.
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code']);
    expect(lookups).toEqual(['AT-1', 'AT-1']);
  });

  test('direct route: a refused refresh token fails the pop naming invalid_grant, and no more refreshes follow', async ({ context }) => {
    const oauth = await crmOAuth(context, {
      lifetime: 1,
      refresh: () => ({ ok: false, status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } }),
    });
    const lookups = [];
    await serve(context, built(direct), crmApi(oauth, lookups));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('r1'));
    await pops(page, 1);
    await page.waitForTimeout(1200);
    await frame.evaluate((c) => window.fire('add', c), call('r2', { ani: 'tel:+353 1 555 0108' }));
    await frame.evaluate((c) => window.fire('add', c), call('r3', { ani: 'tel:+353 1 555 0109' }));
    const all = await pops(page, 3);
    for (const p of all.slice(1)) {
      expect(p).toMatchObject({ kind: 'failed', url: expect.stringContaining(`${CRM}/search?phone=`) });
      expect(p.cause).toBe('the CRM sign-in failed: invalid_grant: refresh token revoked');
    }
    expect(oauth.refreshes).toBe(1);
    expect(lookups).toEqual(['AT-1']);
    const notified = (await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'notifyUser');
    expect(notified.map((c) => c[1].message)).toContain(
      'Screen pop could not look the customer up: the CRM sign-in failed: invalid_grant: refresh token revoked');
  });

  test('direct route across two tabs: a later tab takes the token in hand, and an expired token is refreshed once', async ({ context }) => {
    const oauth = await crmOAuth(context, { lifetime: 2 });
    const lookups = [];
    await serve(context, built(direct), crmApi(oauth, lookups));
    const a = await openCrm(context);
    await ready(a.frame);
    await a.frame.evaluate((c) => window.fire('add', c), call('t1'));
    await pops(a.page, 1);
    const b = await openCrm(context);
    await ready(b.frame);
    const search = (frame) => frame.evaluate(() => new Promise((resolve) => {
      window.Framework.contactSearch('+35315550100', (c) => resolve(c.map((x) => x.name)), (e) => resolve(e));
    }));
    // The second tab searches with the first tab's token: no second sign-in.
    expect(await search(b.frame)).toEqual(['Ann']);
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code']);
    // Both tabs need a new token at once: one refresh, shared.
    await a.page.waitForTimeout(2200);
    const both = await Promise.all([search(a.frame), search(b.frame)]);
    expect(both).toEqual([['Ann'], ['Ann']]);
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(oauth.authorize).toHaveLength(1);
    expect(lookups).toEqual(['AT-1', 'AT-1', 'AT-2', 'AT-2']);
  });
});
