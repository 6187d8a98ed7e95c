// After the pop (issue 27), end to end in Chromium in the harness of softphone.mjs: where a
// pop opens (screen_pop.open), and that nothing framesmith does navigates the window that
// holds the softphone.
import { test, expect } from '@playwright/test';
import { CRM, APPS, built, serve, openCrm, ready, call, json, account, pops } from './softphone.mjs';

const TAB = 'framesmith-pop:Acme Dynamics';
const opening = (mode) => (t) => t.replace('route = "host"', `route = "host"\nopen = "${mode}"`);
// Each call's number is its account: +353155501NN is account ANN.
const crm = (url, r) => json(r, { items: [account(`A${new URL(url).searchParams.get('phone').slice(-2)}`, 'Ann')] });

// The CRM's record pages: a small page that says which record it shows.
async function recordPages(context) {
  await context.route(`${CRM}/accounts/**`, (r) => r.fulfill({
    contentType: 'text/html', body: `<!doctype html><title>${new URL(r.request().url()).pathname}</title>record`,
  }));
}

test.describe('where a pop opens', () => {
  test('new_tab: one tab per deployment, reused for every pop; the softphone\'s window stays', async ({ context }) => {
    await serve(context, built(opening('new_tab')), crm);
    await recordPages(context);
    const { page, frame } = await openCrm(context);
    const tabs = [];
    context.on('page', (p) => tabs.push(p));
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('n1', { ani: 'tel:+353 1 555 0101' }));
    await pops(page, 1);
    await expect.poll(() => tabs.length).toBe(1);
    await expect.poll(() => tabs[0].url()).toBe(`${CRM}/accounts/A01`);
    await frame.evaluate((c) => window.fire('add', c), call('n2', { ani: 'tel:+353 1 555 0102' }));
    const all = await pops(page, 2);
    await expect.poll(() => tabs[0].url()).toBe(`${CRM}/accounts/A02`);
    expect(tabs).toHaveLength(1);
    expect(all.map((p) => [p.open, p.opened, p.tab])).toEqual([['new_tab', true, TAB], ['new_tab', true, TAB]]);
    // The tab cannot reach back into the CRM page.
    expect(await tabs[0].evaluate(() => window.opener)).toBe(null);
    expect(page.url()).toBe(`${CRM}/app`);
    expect(await frame.evaluate(() => window.Framework.framesmith.stats().single)).toBe(2);
  });

  test('new_tab: a pop tab that holds a softphone itself is never navigated by a later pop', async ({ context }) => {
    await serve(context, built(opening('new_tab')), crm);
    // The CRM's record page embeds the softphone too, as a real CRM's pages do.
    const { page, frame } = await openCrm(context);
    const tabs = [];
    context.on('page', (p) => tabs.push(p));
    await context.route(`${CRM}/accounts/**`, (r) => r.fulfill({ status: 302, headers: { location: `${CRM}/app?record=1` } }));
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('h1', { ani: 'tel:+353 1 555 0101' }));
    await pops(page, 1);
    await expect.poll(() => tabs.length).toBe(1);
    await tabs[0].waitForFunction(() => window.attached === true);
    expect(await tabs[0].evaluate(() => window.name)).toBe('');
    await frame.evaluate((c) => window.fire('add', c), call('h2', { ani: 'tel:+353 1 555 0102' }));
    await pops(page, 2);
    await expect.poll(() => tabs.length).toBe(2);
    expect(tabs[0].url()).toBe(`${CRM}/app?record=1`);
  });

  test('same_tab_frame: the page\'s popFrame shows the record; the page itself stays', async ({ context }) => {
    await serve(context, built(opening('same_tab_frame')), crm);
    await recordPages(context);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('f1', { ani: 'tel:+353 1 555 0107' }));
    const [pop] = await pops(page, 1);
    expect(pop).toMatchObject({ open: 'same_tab_frame', opened: true, url: `${CRM}/accounts/A07` });
    await expect.poll(() => page.frame({ name: 'content' }).url()).toBe(`${CRM}/accounts/A07`);
    expect(page.url()).toBe(`${CRM}/app`);
  });

  test('a javascript: or malformed URL never opens, and says why', async ({ context }) => {
    await serve(context, built(opening('new_tab')), crm);
    const { page, frame } = await openCrm(context);
    const tabs = [];
    context.on('page', (p) => tabs.push(p));
    await ready(frame);
    // As if the softphone handed them over: the host adapter holds them to http(s) itself.
    await frame.evaluate(([crmOrigin, tab]) => {
      for (const [id, url] of [['j1', 'javascript:alert(document.domain)'], ['j2', 'data:text/html,<script>1</script>'], ['j3', 'not a url']]) {
        window.parent.postMessage(JSON.stringify({ type: 'framesmith.pop', data: { interactionId: id, kind: 'single', url, searchValue: '', records: [], open: 'new_tab', tab } }), crmOrigin);
      }
    }, [CRM, TAB]);
    const all = await pops(page, 3);
    expect(all.map((p) => p.opened)).toEqual([false, false, false]);
    expect(all[0].cause).toContain('is not an http(s) page, so it was not opened');
    expect(all[2].cause).toContain('is not a URL');
    await page.waitForTimeout(200);
    expect(tabs).toHaveLength(0);
  });
});

test.describe('several records: the agent\'s choice', () => {
  const two = (url, r) => json(r, { items: [account('A1', 'Ann Acme'), account('A2', 'Ann Beta')] });

  test('a choice among two matches links the record; another interaction\'s or a stranger record is refused', async ({ context }) => {
    await serve(context, built(), two);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('m1'));
    await frame.evaluate((c) => window.fire('add', c), call('m2', { ani: 'tel:+353 1 555 0102' }));
    const all = await pops(page, 2);
    expect(all[0]).toMatchObject({ kind: 'multiple', choices: [{ id: 'A1', text: 'Ann Acme' }, { id: 'A2', text: 'Ann Beta' }] });
    const outcome = await page.evaluate(async () => {
      const out = {};
      const tryIt = async (name, ...args) => {
        try { await window.host.choose(...args); out[name] = 'ok'; } catch (e) { out[name] = e.message; }
      };
      await tryIt('chosen', 'm1', 'A2');
      await tryIt('stranger', 'm1', 'Z9');
      await tryIt('unknown', 'nope', 'A1');
      return out;
    });
    expect(outcome.chosen).toBe('ok');
    expect(outcome.stranger).toBe('record Z9 is not among the records interaction m1 matched');
    expect(outcome.unknown).toContain('interaction nope has no pop with several records in this softphone');
    const associations = (await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'addAssociation');
    expect(associations).toEqual([['addAssociation', { type: 'contact', id: 'A2', text: 'Ann Beta', interactionId: 'm1' }]]);
    expect(await frame.evaluate(() => window.Framework.framesmith.stats())).toMatchObject({ multiple: 1, single: 1, choices: 1 });
    // Gone from the client: no choice any more.
    await frame.evaluate((c) => window.fire('deallocate', c), call('m2', { ani: 'tel:+353 1 555 0102' }));
    const gone = await page.evaluate(() => window.host.choose('m2', 'A1').then(() => 'ok', (e) => e.message));
    expect(gone).toContain('interaction m2 has no pop with several records in this softphone');
  });

  test('a choice message from another window or origin is ignored', async ({ context }) => {
    await serve(context, built(), two);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('x1'));
    await pops(page, 1);
    // The CRM page's own window posting as itself is the only sender the softphone hears;
    // a second frame of the CRM page (same origin, another window) is not.
    await page.evaluate(([apps]) => {
      const f = document.createElement('iframe');
      document.body.append(f);
      f.contentWindow.eval(`parent.frames[0].postMessage(JSON.stringify({ type: 'framesmith.choose', data: { interactionId: 'x1', recordId: 'A1' } }), ${JSON.stringify(apps)})`);
    }, [APPS]);
    await page.waitForTimeout(300);
    expect((await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'addAssociation')).toEqual([]);
  });
});

test.describe('click-to-dial', () => {
  test('dial normalises, places the call, links it to the record; an unusable number is refused', async ({ context }) => {
    await serve(context, built(), (url, r) => json(r, { items: [] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    const results = await page.evaluate(async () => {
      const out = {};
      const tryIt = async (name, ...args) => {
        try { out[name] = await window.host.dial(...args); } catch (e) { out[name] = e.message; }
      };
      await tryIt('national', '01 555 0142', { recordId: 'A42', text: 'Ann Acme', attributes: { crmRecord: 'A42' } });
      await tryIt('letters', 'call me maybe');
      await tryIt('short', '+35 1');
      return out;
    });
    expect(results.national).toEqual({ number: '+35315550142' });
    expect(results.letters).toBe('cannot dial "call me maybe": it is not a phone number');
    expect(results.short).toMatch(/^cannot dial "\+35 1": it has 3 digits/);
    const dialled = (await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'clickToDial');
    expect(dialled).toEqual([['clickToDial', { number: '+35315550142', autoPlace: true }]]);
    // The client places the call: its interaction is linked to the record, with the attributes.
    await frame.evaluate((c) => window.fire('add', c), call('o1', { direction: 'Outbound', calledNumber: 'tel:+35315550142' }));
    const calls = await frame.evaluate(() => window.calls);
    expect(calls.filter((c) => c[0] === 'addAssociation')).toEqual([['addAssociation', { type: 'contact', id: 'A42', text: 'Ann Acme', interactionId: 'o1' }]]);
    expect(calls.filter((c) => c[0] === 'addCustomAttributes')).toEqual([['addCustomAttributes', { interactionId: 'o1', attributes: { crmRecord: 'A42' } }]]);
  });

  test('linkify: tel: links and marked elements dial, a bad number says why on the element', async ({ context }) => {
    await serve(context, built(), (url, r) => json(r, { items: [] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id="record"><a id="tel" href="tel:+353%201%20555%200150">call</a>'
        + '<button id="marked" data-framesmith-dial="015550151" data-framesmith-record="A51"><span id="inner">dial</span></button>'
        + '<a id="bad" href="tel:nope">bad</a></div><a id="outside" href="tel:+35315550159">outside</a>');
      window.failures = [];
      document.addEventListener('framesmith:dialfailed', (e) => window.failures.push(e.detail));
      window.unlink = window.host.linkify(document.getElementById('record'));
    });
    await page.click('#tel');
    await page.click('#inner');
    await page.click('#bad');
    await expect.poll(() => page.evaluate(() => window.failures.length)).toBe(1);
    expect((await page.evaluate(() => window.failures))[0]).toBe('cannot dial "nope": it is not a phone number');
    const dialled = () => frame.evaluate(() => window.calls.filter((c) => c[0] === 'clickToDial').map((c) => c[1].number));
    await expect.poll(dialled).toEqual(['+35315550150', '+35315550151']);
    // Outside the root, or after unlinking, a tel: link is the browser's again.
    await page.evaluate(() => { window.unlink(); });
    await page.evaluate(() => document.getElementById('tel').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    await page.waitForTimeout(200);
    expect(await dialled()).toEqual(['+35315550150', '+35315550151']);
  });

  test('a dial message from another window of the page is ignored', async ({ context }) => {
    await serve(context, built(), (url, r) => json(r, { items: [] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await page.evaluate(([apps]) => {
      const f = document.createElement('iframe');
      document.body.append(f);
      f.contentWindow.eval(`parent.frames[0].postMessage(JSON.stringify({ type: 'framesmith.dial', data: { dial: 1, number: '+35315550100' } }), ${JSON.stringify(apps)})`);
    }, [APPS]);
    await page.waitForTimeout(300);
    expect((await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'clickToDial')).toEqual([]);
  });
});

test.describe('one call log per interaction', () => {
  // The CRM's activities: created by POST, updated by PATCH on their id.
  function activities() {
    const seen = { posts: [], patches: [], fail: false };
    const handler = (url, r) => {
      const req = r.request();
      if (req.method() === 'GET') return json(r, { items: [account('A1', 'Ann Acme')] });
      if (req.method() === 'POST') {
        seen.posts.push(JSON.parse(req.postData()));
        if (seen.fail) return json(r, { message: 'activities are read-only today' }, 500);
        return json(r, { id: `ACT-${seen.posts.length}` }, 201);
      }
      seen.patches.push({ url, body: JSON.parse(req.postData()) });
      return r.fulfill({ status: 204, body: '' });
    };
    return { seen, handler };
  }
  // processCallLog as the client calls it, as a promise of what it was answered.
  const log = (frame, callLog, eventName, id = 'c1') => frame.evaluate(([callLog, eventName, id]) => new Promise((resolve) => {
    window.Framework.processCallLog(callLog, { id, direction: 'Inbound', ani: 'tel:+35315550100', attributes: {} }, eventName,
      (r) => resolve({ ok: r }), (e) => resolve({ failed: e }));
  }), [callLog, eventName, id]);

  test('created once, linked to the record that popped, then updated on each edit and at wrap-up', async ({ context }) => {
    const crm = activities();
    await serve(context, built(), crm.handler);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((c) => window.fire('add', c), call('c1'));
    await pops(page, 1);
    // Two edits at once before the CRM has answered: one activity, the second an update.
    const [first, second] = await Promise.all([
      log(frame, { notes: 'first' }, 'interactionChanged'),
      log(frame, { notes: 'first and more' }, 'interactionChanged'),
    ]);
    expect([first, second]).toEqual([{ ok: { id: 'ACT-1' } }, { ok: { id: 'ACT-1' } }]);
    // The client gives the id back from now on.
    expect(await log(frame, { id: 'ACT-1', notes: 'edited' }, 'interactionChanged')).toEqual({ ok: { id: 'ACT-1' } });
    expect(await log(frame, { id: 'ACT-1', notes: 'done', subject: 'Renewal' }, 'wrapUp')).toEqual({ ok: { id: 'ACT-1' } });
    expect(crm.seen.posts).toHaveLength(1);
    expect(crm.seen.posts[0]).toMatchObject({ 'callLog.notes': 'first', 'record.id': 'A1', 'record.name': 'Ann Acme', media: 'voice', interactionId: 'c1' });
    expect(crm.seen.patches.map((p) => [p.url, p.body['callLog.notes'], p.body.eventName])).toEqual([
      [`${CRM}/api/v1/activities/ACT-1`, 'first and more', 'interactionChanged'],
      [`${CRM}/api/v1/activities/ACT-1`, 'edited', 'interactionChanged'],
      [`${CRM}/api/v1/activities/ACT-1`, 'done', 'wrapUp'],
    ]);
  });

  test('two tabs: one activity, both answered with its id', async ({ context }) => {
    const crm = activities();
    await serve(context, built(), crm.handler);
    const a = await openCrm(context);
    const b = await openCrm(context);
    await ready(a.frame);
    await ready(b.frame);
    await a.page.waitForTimeout(200); // the softphones greet each other
    const answers = await Promise.all([log(a.frame, { notes: 'n' }, 'interactionChanged', 't1'), log(b.frame, { notes: 'n' }, 'interactionChanged', 't1')]);
    expect(answers).toEqual([{ ok: { id: 'ACT-1' } }, { ok: { id: 'ACT-1' } }]);
    expect(crm.seen.posts).toHaveLength(1);
    // The tab that did not write knows the id: its next edit without one is an update.
    expect(await log(b.frame, { notes: 'later' }, 'wrapUp', 't1')).toEqual({ ok: { id: 'ACT-1' } });
    expect(crm.seen.posts).toHaveLength(1);
    expect(crm.seen.patches.map((p) => p.url)).toEqual([`${CRM}/api/v1/activities/ACT-1`]);
  });

  test('a failing CRM: its words in onFailure, the agent told once, no retry storm', async ({ context }) => {
    const crm = activities();
    crm.seen.fail = true;
    await serve(context, built(), crm.handler);
    const { frame } = await openCrm(context);
    await ready(frame);
    const one = await log(frame, { notes: 'x' }, 'interactionChanged', 'f1');
    const two = await log(frame, { notes: 'y' }, 'interactionChanged', 'f1');
    expect(one.failed.reason).toBe('the CRM answered HTTP 500: activities are read-only today');
    expect(two.failed.reason).toBe('the CRM answered HTTP 500: activities are read-only today');
    expect(crm.seen.posts).toHaveLength(2);
    const notified = (await frame.evaluate(() => window.calls)).filter((c) => c[0] === 'notifyUser');
    expect(notified).toEqual([['notifyUser', { message: 'The call log could not be written to the CRM: the CRM answered HTTP 500: activities are read-only today', type: 'error' }]]);
  });
});

test.describe('nobody matched: the record created (screen_pop.create)', () => {
  // A data source that creates an account, named by the deployment's create.
  const creating = (t) => t
    .replace('route = "host"', 'route = "host"\ncreate = "new_account"')
    .replace('[[integration]]', `[[integration_type.dataSources]]
name = "new_account"
restEndpoint = "{crmBaseEndpoint}/api/v1/accounts"
method = "POST"
authenticationType = "oauth2"
requestHeaders = { Accept = "application/json", "Content-Type" = "application/json" }
responseMapping = { accountId = "$.id", accountName = "$.name" }

[[integration]]`);
  const crm = (refuse) => {
    const posts = [];
    const handler = (url, r) => {
      if (r.request().method() === 'POST') {
        posts.push(JSON.parse(r.request().postData()));
        return refuse
          ? json(r, { message: 'a phone number is required' }, 422)
          : json(r, { id: 'A99', name: 'New caller' }, 201);
      }
      return json(r, { items: [], next: null });
    };
    return { posts, handler };
  };

  test('a lookup that finds nobody creates the record and pops it', async ({ context }) => {
    const c = crm(false);
    await serve(context, built(creating), c.handler);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((x) => window.fire('add', x), call('n1'));
    const [pop] = await pops(page, 1);
    expect(pop).toMatchObject({ kind: 'single', created: true, url: `${CRM}/accounts/A99` });
    expect(c.posts).toHaveLength(1);
    expect(c.posts[0]).toMatchObject({ phone: '+35315550100', interactionId: 'n1' });
    expect(await frame.evaluate(() => window.Framework.framesmith.stats())).toMatchObject({ single: 1, created: 1, none: 0 });
  });

  test('a CRM that refuses to create pops none with its words, and creates nothing twice', async ({ context }) => {
    const c = crm(true);
    await serve(context, built(creating), c.handler);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((x) => window.fire('add', x), call('n2'));
    const [pop] = await pops(page, 1);
    expect(pop.kind).toBe('none');
    expect(pop.cause).toContain('the record could not be created');
    expect(pop.cause).toContain('a phone number is required');
    expect(c.posts).toHaveLength(1);
  });
});
