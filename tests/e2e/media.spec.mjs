// Every kind of interaction pops (issue 23), end to end in Chromium in the harness of
// softphone.mjs: the softphone at https://apps.mypurecloud.ie inside a CRM page at its own
// origin. The interactions are the Embeddable Framework's `Interaction` objects as
// ../shared/reference/embeddable-framework.md records them (flags `isCallback`, `isDialer`,
// `isChat`, `isMessage`, `isEmail`, `isVoicemail`, `isInternal`; `callbackNumbers`,
// `calledNumber`, `dialerCampaignId`, `dialerContactId`, `messageType`, `remoteName`,
// `displayAddress`); for an email the client's `screenPop` hook hands the sender's address
// (Genesys' embeddable-framework blueprint reads a chat's attributes in that hook).
import { test, expect } from '@playwright/test';
import {
  CRM, APPS, ACTION, built, serve, openCrm, ready, call, json, account, pops, crmOAuth, crmApi, direct,
} from './softphone.mjs';

// One of each kind, as the client hands it over.
const kinds = {
  callback: call('cb1', {
    isCallback: true, callbackNumbers: ['+353 1 555 0111'], ani: 'tel:+35315559999', remoteName: 'Ann',
  }),
  campaign: call('dl1', {
    direction: 'Outbound', isDialer: true, calledNumber: 'tel:+353 1 555 0122', ani: 'tel:+35315550000',
    dialerCampaignId: 'camp-1', dialerContactId: 'contact-9',
  }),
  chatAttribute: { id: 'ch1', isChat: true, direction: 'Inbound', state: 'ALERTING', remoteName: 'Visitor', attributes: { PT_SearchValue: 'ACC-7' } },
  chatEmail: { id: 'ch2', isChat: true, direction: 'Inbound', state: 'ALERTING', email: ' Ada@Example.com ', remoteName: 'Ada', attributes: {} },
  sms: { id: 'sm1', isMessage: true, messageType: 'sms', direction: 'Inbound', state: 'ALERTING', phone: 'tel:+353 86 555 0100', attributes: {} },
  email: { id: 'em1', isEmail: true, direction: 'Inbound', state: 'ALERTING', remoteName: 'Ada Lovelace', attributes: {} },
};

/** Fires one interaction of each kind (the email through the screenPop hook, as the client does). */
async function fireAll(frame) {
  await frame.evaluate((k) => {
    for (const name of ['callback', 'campaign', 'chatAttribute', 'chatEmail', 'sms']) window.fire('add', k[name]);
    window.Framework.screenPop('ADA@example.com', k.email);
  }, kinds);
}

// The CRM stand-in: ACC-7 and Ada's address are known to the email lookup; the numbers of
// the callback, the campaign call and the SMS are Ann's.
function crm(url, r) {
  const q = new URL(url).searchParams;
  // The chat's attribute goes to the chat's (email) lookup as its search value.
  if (q.get('email') === 'ACC-7') return json(r, { items: [account('ACC-7', 'Seven')] });
  if (q.get('email') === 'ada@example.com') return json(r, { items: [account('ADA', 'Ada')] });
  if (q.get('email')) return json(r, { items: [] });
  return json(r, { items: [account('A1', 'Ann')] });
}

test.describe('every kind of interaction pops', () => {
  test('host route: each kind with its own search value, data source and URL', async ({ context }) => {
    const counts = await serve(context, built(undefined, { media: true }), crm);
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await fireAll(frame);
    const all = await pops(page, 6);
    const by = Object.fromEntries(all.map((p) => [p.interactionId, p]));
    expect(by.cb1).toMatchObject({ kind: 'single', searchValue: '+35315550111', url: `${CRM}/accounts/A1` });
    // A preview campaign call pops when it is offered, before the number is dialled.
    expect(by.dl1).toMatchObject({ kind: 'single', searchValue: '+35315550122' });
    expect(by.ch1).toMatchObject({ kind: 'single', searchValue: 'ACC-7', url: `${CRM}/accounts/ACC-7` });
    expect(by.ch2).toMatchObject({ kind: 'single', searchValue: 'ada@example.com', url: `${CRM}/accounts/ADA` });
    expect(by.sm1).toMatchObject({ kind: 'single', searchValue: '+353865550100' });
    expect(by.em1).toMatchObject({ kind: 'single', searchValue: 'ada@example.com', url: `${CRM}/accounts/ADA?tab=emails` });
    // An address is never normalised as a number: it goes to the email lookup as written.
    const emailLookups = counts.urls.filter((u) => u.includes('email=ada'));
    expect(emailLookups).toEqual([
      `${CRM}/api/v1/accounts?email=ada%40example.com&fields=id,name,tier,last_contacted`,
      `${CRM}/api/v1/accounts?email=ada%40example.com&fields=id,name,tier,last_contacted`,
    ]);
    expect(counts.lookups).toBe(6);
    expect(await frame.evaluate(() => window.Framework.framesmith.stats())).toMatchObject({ single: 6, failed: 0 });
  });

  test('internal calls, voicemails, manual outbound calls and repeats never pop; nothing to search is a failed pop', async ({ context }) => {
    const counts = await serve(context, built(undefined, { media: true }), (url, r) => json(r, { items: [] }));
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((k) => {
      window.fire('add', { ...k.callback, id: 'int', isInternal: true });
      window.fire('add', { id: 'vm', direction: 'Inbound', isVoicemail: true, ani: 'tel:+35315550100', attributes: {} });
      window.fire('add', { id: 'man', direction: 'Outbound', calledNumber: 'tel:+35315550100', attributes: {} });
      window.fire('add', k.chatEmail);
      // The same chat again, as a change to connected and through the hook.
      window.fire('change', { old: k.chatEmail, new: { ...k.chatEmail, state: 'CONNECTED' } });
      window.Framework.screenPop('ada@example.com', k.chatEmail);
      // An email from nobody the client can name: no address anywhere.
      window.fire('add', { id: 'em0', isEmail: true, direction: 'Inbound', displayAddress: 'Support', attributes: {} });
    }, kinds);
    const all = await pops(page, 2);
    await page.waitForTimeout(400);
    expect((await page.evaluate(() => window.pops)).map((p) => p.interactionId).sort()).toEqual(['ch2', 'em0']);
    const chat = all.find((p) => p.interactionId === 'ch2');
    expect(chat).toMatchObject({ kind: 'none', url: `${CRM}/search?q=ada%40example.com` });
    const email = all.find((p) => p.interactionId === 'em0');
    expect(email).toMatchObject({ kind: 'failed', cause: 'the email carries nothing to search for (search: email)' });
    expect(counts.lookups).toBe(1);
  });

  test('proxy route: the data action of each kind\'s data source, with the kind\'s inputs', async ({ context }) => {
    const EMAIL_ACTION = '1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f1';
    const files = built((t) => t
      .replace('route = "host"', `route = "proxy"\naction_id = "${ACTION}"`)
      .replace('search = ["attribute:PT_SearchValue", "email", "name"]', `search = ["attribute:PT_SearchValue", "email", "name"]\naction_id = "${EMAIL_ACTION}"`)
      .replace('search = ["email"]', `search = ["email"]\naction_id = "${EMAIL_ACTION}"`), { media: true });
    await serve(context, files, (url, r) => json(r, {}));
    const seen = [];
    await context.route('https://api.mypurecloud.ie/api/v2/integrations/actions/*/execute', async (r) => {
      const cors = { 'access-control-allow-origin': APPS };
      if (r.request().method() === 'OPTIONS') {
        return r.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'POST' } });
      }
      const action = r.request().url().split('/actions/')[1].split('/')[0];
      seen.push({ action, body: JSON.parse(r.request().postData()) });
      return json(r, { accountId: ['A1'], accountName: ['Ann'], accountTier: ['gold'], lastInteractionDate: ['2024-05-01'] }, 200, cors);
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await fireAll(frame);
    const all = await pops(page, 6);
    expect(all.every((p) => p.kind === 'single')).toBe(true);
    const body = (id) => seen.find((s) => s.body.interactionId === id);
    expect(body('em1')).toMatchObject({ action: EMAIL_ACTION, body: { searchValue: 'ada@example.com', email: 'ada@example.com', media: 'email', remoteName: 'Ada Lovelace' } });
    expect(body('em1').body.phone).toBeUndefined();
    expect(body('ch2')).toMatchObject({ action: EMAIL_ACTION, body: { searchValue: 'ada@example.com', media: 'chat' } });
    expect(body('dl1')).toMatchObject({ action: ACTION, body: { phone: '+35315550122', media: 'outbound', dialerCampaignId: 'camp-1', dialerContactId: 'contact-9', direction: 'Outbound' } });
    expect(body('cb1')).toMatchObject({ action: ACTION, body: { phone: '+35315550111', media: 'callback' } });
    expect(seen).toHaveLength(6);
  });

  test('two tabs of the CRM: one pop per interaction, for every kind', async ({ context }) => {
    const counts = await serve(context, built(undefined, { media: true }), crm);
    const a = await openCrm(context);
    const b = await openCrm(context);
    await ready(a.frame);
    await ready(b.frame);
    await a.page.waitForTimeout(200); // the softphones greet each other
    await Promise.all([a, b].map((t) => fireAll(t.frame)));
    const total = async () => (await a.page.evaluate(() => window.pops.length)) + (await b.page.evaluate(() => window.pops.length));
    await expect.poll(total).toBe(6);
    await a.page.waitForTimeout(500);
    expect(await total()).toBe(6);
    const ids = [...await a.page.evaluate(() => window.pops), ...await b.page.evaluate(() => window.pops)].map((p) => p.interactionId);
    expect(ids.sort()).toEqual(['cb1', 'ch1', 'ch2', 'dl1', 'em1', 'sm1']);
    expect(counts.lookups).toBe(6);
  });

  test('direct route: every kind pops through its lookup with the one CRM token', async ({ context }) => {
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
    await fireAll(frame);
    const all = await pops(page, 6);
    expect(all.map((p) => [p.interactionId, p.kind, p.searchValue]).sort()).toEqual([
      ['cb1', 'single', '+35315550111'], ['ch1', 'single', 'ACC-7'], ['ch2', 'single', 'ada@example.com'],
      ['dl1', 'single', '+35315550122'], ['em1', 'single', 'ada@example.com'], ['sm1', 'single', '+353865550100'],
    ]);
    // Each kind's own lookup: by number for calls and messages, by address for the rest.
    expect(urls.filter((u) => u.includes('?phone=')).length).toBe(3);
    expect(urls.filter((u) => u.includes('?email=')).length).toBe(3);
    // One sign-in for all six.
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code']);
    expect(lookups).toEqual(Array(6).fill('AT-1'));
  });

  test('each kind on its own route: voice by the CRM page, chats direct, messages by a data action', async ({ context }) => {
    const oauth = await crmOAuth(context, { lifetime: 60 });
    const files = built((t) => t
      .replace('route = "host"', `route = "host"\nredirect_uri = "${CRM}/signin.html"`)
      .replace(/(\[deployment\.screen_pop\.chat\][^\n]*\n)/, '$1route = "direct"\n')
      .replace(/(\[deployment\.screen_pop\.message\][^\n]*\n)/, `$1route = "proxy"\naction_id = "${ACTION}"\n`), { media: true });
    const seen = [];
    const cors = { 'access-control-allow-origin': APPS };
    await serve(context, files, (url, r) => {
      const req = r.request();
      if (req.method() === 'OPTIONS') {
        return r.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': 'authorization, accept', 'access-control-allow-methods': 'GET' } });
      }
      const auth = req.headers().authorization ?? '';
      seen.push({ url, auth, origin: req.headers().origin ?? null });
      if (auth.startsWith('Bearer AT-') && !(oauth.issued[auth.slice(7)] > Date.now())) return json(r, { error: 'invalid_token' }, 401, cors);
      return json(r, { items: [account('A1', 'Ann')] }, 200, cors);
    });
    const actions = [];
    await context.route('https://api.mypurecloud.ie/api/v2/integrations/actions/*/execute', async (r) => {
      if (r.request().method() === 'OPTIONS') {
        return r.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'POST' } });
      }
      actions.push({ auth: r.request().headers().authorization, body: JSON.parse(r.request().postData()) });
      return json(r, { accountId: ['M1'], accountName: ['Ann'], accountTier: ['gold'], lastInteractionDate: ['2024-05-01'] }, 200, cors);
    });
    const { page, frame } = await openCrm(context);
    await ready(frame);
    await frame.evaluate((k) => {
      window.fire('add', { id: 'v1', direction: 'Inbound', state: 'ALERTING', ani: 'tel:+353 1 555 0100', attributes: {} });
      window.fire('add', k.chatEmail);
      window.fire('add', k.sms);
    }, kinds);
    const all = await pops(page, 3);
    const by = Object.fromEntries(all.map((p) => [p.interactionId, p]));
    expect(by.v1).toMatchObject({ kind: 'single', url: `${CRM}/accounts/A1` });
    expect(by.ch2).toMatchObject({ kind: 'single', searchValue: 'ada@example.com' });
    expect(by.sm1).toMatchObject({ kind: 'single', url: `${CRM}/accounts/M1` });
    // Voice went by the CRM page (same origin, no CRM token); the chat from the softphone
    // with the CRM token; the message to Genesys with the agent's Genesys token only.
    const voice = seen.filter((s) => s.url.includes('?phone='));
    const chat = seen.filter((s) => s.url.includes('?email='));
    expect(voice).toHaveLength(1);
    expect(voice[0].auth.startsWith('Bearer AT-')).toBe(false);
    expect(voice[0].origin === null || voice[0].origin === CRM).toBe(true);
    expect(chat).toEqual([{ url: `${CRM}/api/v1/accounts?email=ada%40example.com&fields=id,name,tier,last_contacted`, auth: 'Bearer AT-1', origin: APPS }]);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ auth: 'Bearer genesys-token-1', body: { media: 'message', phone: '+353865550100' } });
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['authorization_code']);
    const stats = await frame.evaluate(() => window.Framework.framesmith.stats());
    expect(stats).toMatchObject({ route: 'host', single: 3, failed: 0 });
  });
});
