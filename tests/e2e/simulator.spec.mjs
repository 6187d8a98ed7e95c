// The simulator (www/simulator/) against the demo CRM of `framesmith serve`, through the
// controls' accessible names: the first run a newcomer follows, each demo number, outbound
// calls, a CRM outage and a 429 storm; the downloaded framework.js never changes.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { open, saved, shot, axeViolations, downloaded, root } from './helpers.mjs';

test.setTimeout(90_000);

async function simulator(page) {
  const [sim] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Test this deployment' }).click(),
  ]);
  const errors = [];
  sim.on('pageerror', (e) => errors.push(e.message));
  await sim.waitForFunction(() => window.simulatorStats?.state === 'ready', null, { timeout: 30_000 });
  return { sim, errors };
}

const pops = (sim) => sim.getByRole('list', { name: 'Pops' }).getByRole('listitem');
const events = (sim) => sim.getByRole('log', { name: 'Events' });

async function ring(sim, number, direction = 'Inbound') {
  await sim.getByLabel('Caller number').fill(number);
  await sim.getByLabel('Direction').selectOption(direction);
  await sim.getByRole('button', { name: 'Ring' }).click();
}

async function hangUp(sim) {
  await sim.getByRole('button', { name: 'Hang up' }).click();
  await expect(sim.getByRole('button', { name: 'Ring' })).toBeEnabled();
}

const crmStats = async (page) => (await page.request.get('/demo-crm/stats')).json();

test.beforeEach(async ({ page }) => {
  await page.request.post('/demo-crm/reset');
});

test('first run: Test this deployment, ring +353 1 555 0100, and Alpha Ltd pops', async ({ page }) => {
  const errors = await open(page);
  const download = () => downloaded(page, () => page.getByRole('button', { name: 'Download framework.js' }).click());
  const before = await download();
  const { sim, errors: simErrors } = await simulator(page);
  const origin = new URL(sim.url()).origin;
  await expect(sim.getByRole('heading', { name: /framesmith simulator/ })).toContainText('Acme Dynamics');
  await ring(sim, '+353 1 555 0100');
  await expect(pops(sim)).toHaveCount(1);
  await expect(pops(sim).first()).toContainText(`single ${origin}/demo-crm/accounts/ACC-0001`);
  await expect(sim.frameLocator('#crm-view').getByRole('heading', { name: 'Alpha Ltd' })).toBeVisible();
  await expect(events(sim)).toContainText('PureCloud: addAssociation {"type":"contact","id":"ACC-0001","text":"Alpha Ltd"');
  await expect(events(sim)).toContainText('posted: framesmith.pop');
  // Answering and hanging up the same call pops nothing more.
  await sim.getByRole('button', { name: 'Answer' }).click();
  await hangUp(sim);
  await expect(events(sim)).toContainText('Interaction: disconnect');
  expect(await pops(sim).count()).toBe(1);
  await expect(sim.locator('#stats')).toContainText('"single": 1');
  // What was substituted is said; the page says the download is unchanged, and it is.
  await expect(sim.locator('#substitutions')).toContainText(`crmBaseEndpoint: https://crm.enterprise-client.com → ${origin}/demo-crm`);
  await expect(sim.locator('#substitutions')).toContainText('https://apps.mypurecloud.ie');
  await shot(sim, 'simulator-first-run');
  expect(await axeViolations(sim)).toEqual([]);
  const after = await download();
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect((await crmStats(page)).lookups).toBe(1);
  expect([...errors, ...simErrors]).toEqual([]);
});

test('each demo number pops its kind and URL; an outbound call pops nothing', async ({ page }) => {
  await open(page);
  const { sim } = await simulator(page);
  const origin = new URL(sim.url()).origin;
  await ring(sim, '+353 1 555 0101');
  await expect(pops(sim)).toHaveCount(1);
  await expect(pops(sim).nth(0)).toContainText(`multiple ${origin}/demo-crm/search?phone=%2B35315550101`);
  await expect(pops(sim).nth(0)).toContainText('2 records');
  await hangUp(sim);
  await ring(sim, '+353 1 555 0199');
  await expect(pops(sim)).toHaveCount(2);
  await expect(pops(sim).nth(1)).toContainText(`none ${origin}/demo-crm/accounts/new?phone=%2B35315550199`);
  await expect(sim.frameLocator('#crm-view').getByLabel('Phone')).toHaveValue('+35315550199');
  await hangUp(sim);
  await ring(sim, '+353 1 555 0100', 'Outbound');
  await expect(events(sim)).toContainText('"direction":"Outbound"');
  await sim.getByRole('button', { name: 'Answer' }).click();
  await expect(events(sim)).toContainText('Interaction: connect');
  await sim.waitForTimeout(500);
  await expect(pops(sim)).toHaveCount(2);
  // The second number's two accounts came on two pages.
  expect((await crmStats(page)).lookups).toBe(3);
});

// Issue 23: the Interaction panel fires every kind with the fields the client gives it (the
// simulator's interaction() cites where they come from); the example's media tables pop each.
test('a chat and an email pop Alpha Ltd by address, and every other kind pops too', async ({ page }) => {
  await open(page);
  const { sim, errors } = await simulator(page);
  const origin = new URL(sim.url()).origin;
  const offer = async (kind, fill = {}) => {
    await sim.getByLabel('Kind').selectOption(kind);
    for (const [label, value] of Object.entries(fill)) await sim.getByLabel(label, { exact: true }).fill(value);
    await sim.getByRole('button', { name: 'Ring' }).click();
  };
  await offer('chat', { 'Email address': 'Accounts@Alpha.example', Name: 'Alpha accounts' });
  await expect(pops(sim)).toHaveCount(1);
  await expect(pops(sim).nth(0)).toContainText(`single ${origin}/demo-crm/accounts/ACC-0001`);
  await expect(events(sim)).toContainText('"isChat":true');
  await expect(sim.frameLocator('#crm-view').getByRole('heading', { name: 'Alpha Ltd' })).toBeVisible();
  await hangUp(sim);
  await offer('email', { 'Email address': 'accounts@alpha.example' });
  await expect(pops(sim)).toHaveCount(2);
  await expect(pops(sim).nth(1)).toContainText(`single ${origin}/demo-crm/accounts/ACC-0001?tab=emails`);
  await expect(pops(sim).nth(1)).toContainText('(email; search value accounts@alpha.example; 1 record)');
  await expect(events(sim)).toContainText('Framework.screenPop: accounts@alpha.example');
  await shot(sim, 'simulator-chat-and-email');
  expect(await axeViolations(sim)).toEqual([]);
  await hangUp(sim);
  // Nobody's address: the chat's search page; the number kinds find Alpha Ltd by number.
  await offer('chat', { 'Email address': 'nobody@example.com', Name: '' });
  await expect(pops(sim)).toHaveCount(3);
  await expect(pops(sim).nth(2)).toContainText(`none ${origin}/demo-crm/search?q=nobody%40example.com`);
  await hangUp(sim);
  for (const [n, kind] of [[4, 'callback'], [5, 'campaign'], [6, 'message']]) {
    await offer(kind, { [kind === 'callback' ? 'Callback number' : kind === 'campaign' ? 'Number to dial' : 'Sender number']: '+353 1 555 0100' });
    await expect(pops(sim)).toHaveCount(n);
    await expect(pops(sim).nth(n - 1)).toContainText(`single ${origin}/demo-crm/accounts/ACC-0001`);
    await hangUp(sim);
  }
  await expect(sim.locator('#stats')).toContainText('"single": 5');
  expect(errors).toEqual([]);
});

test('a CRM outage: the failed pop, and the agent told the cause', async ({ page }) => {
  await open(page);
  const { sim } = await simulator(page);
  // Every attempt fails: the first and its three retries.
  await sim.getByLabel('Server errors: the next lookups answered 503').fill('4');
  await sim.getByRole('button', { name: 'Apply switches' }).click();
  await expect(sim.getByText('Switches applied.')).toBeVisible();
  await ring(sim, '+353 1 555 0100');
  await expect(pops(sim)).toHaveCount(1, { timeout: 30_000 });
  await expect(pops(sim).first()).toContainText('failed');
  await expect(pops(sim).first()).toContainText('cause: the CRM answered HTTP 503');
  await expect(events(sim)).toContainText('PureCloud: User.Notification.notifyUser');
  await expect(events(sim)).toContainText('the CRM is down for maintenance');
  const stats = await crmStats(page);
  expect(stats.serverErrors).toBe(4);
});

test('a 429 storm: Retry-After is waited out and the call still pops', async ({ page }) => {
  await open(page);
  const { sim } = await simulator(page);
  await sim.getByLabel('Rate limit: the next lookups answered 429').fill('3');
  await sim.getByLabel('Retry-After (seconds)').fill('1');
  await sim.getByRole('button', { name: 'Apply switches' }).click();
  await expect(sim.getByText('Switches applied.')).toBeVisible();
  await ring(sim, '+353 1 555 0100');
  await expect(pops(sim)).toHaveCount(1, { timeout: 30_000 });
  await expect(pops(sim).first()).toContainText('single');
  const stats = await crmStats(page);
  expect(stats.rateLimited).toBe(3);
  expect(stats.lookups).toBe(4);
  await expect(sim.locator('#stats')).toContainText('"rateLimited": 3');
});

test('direct route: one sign-in, then a token expiring early and a 429 storm still pop, with one refresh', async ({ page }) => {
  await open(page);
  await page.getByLabel('Route', { exact: true }).selectOption('direct');
  await page.getByLabel('Sign-in redirect URI (direct route)').fill('https://acme.crm4.dynamics.com/signin.html');
  await saved(page);
  const { sim } = await simulator(page);
  await expect(sim.locator('#substitutions')).toContainText('tokenEndpoint');
  // Tokens say they last five minutes and stop after five seconds.
  await sim.getByLabel('Tokens expire early (after 5 s)').check();
  await sim.getByRole('button', { name: 'Apply switches' }).click();
  await expect(sim.getByText('Switches applied.')).toBeVisible();
  await ring(sim, '+353 1 555 0100');
  await expect(pops(sim)).toHaveCount(1, { timeout: 30_000 });
  await expect(pops(sim).first()).toContainText('single');
  await hangUp(sim);
  let stats = await crmStats(page);
  expect([stats.authorizations, stats.codes, stats.refreshes]).toEqual([1, 1, 0]);
  await sim.waitForTimeout(5500);
  await sim.getByLabel('Rate limit: the next lookups answered 429').fill('2');
  await sim.getByRole('button', { name: 'Apply switches' }).click();
  await ring(sim, '+353 1 555 0101');
  await expect(pops(sim)).toHaveCount(2, { timeout: 30_000 });
  await expect(pops(sim).nth(1)).toContainText('multiple');
  stats = await crmStats(page);
  // No second sign-in: the expired token was refreshed once, the 429s waited out.
  expect([stats.authorizations, stats.refreshes, stats.rateLimited, stats.unauthorized]).toEqual([1, 1, 2, 1]);
});

test('a scenario file passes, and a wrong expectation fails', async ({ page }) => {
  await open(page);
  const { sim } = await simulator(page);
  const text = fs.readFileSync(path.join(root, 'examples/scenarios/normal-shift.json'), 'utf8');
  await sim.getByLabel('Scenario (JSON)').fill(text);
  await sim.getByRole('button', { name: 'Run scenario' }).click();
  await expect(sim.locator('#scenario-summary')).toHaveText('7 of 7 expectations met', { timeout: 30_000 });
  const results = sim.getByRole('list', { name: 'Scenario results' }).getByRole('listitem');
  await expect(results).toHaveCount(7);
  await expect(results.first()).toHaveText('pass c1');
  // The same scenario with a wrong expectation: the page says which, and why.
  const wrong = JSON.parse(text);
  wrong.expect[0].kind = 'none';
  await sim.getByLabel('Scenario (JSON)').fill(JSON.stringify(wrong));
  await sim.getByRole('button', { name: 'Run scenario' }).click();
  await expect(sim.locator('#scenario-summary')).toHaveText('6 of 7 expectations met', { timeout: 30_000 });
  await expect(results.first()).toHaveText('fail c1: expected kind none, got single');
  // Scripted responses answered the lookups: the demo CRM saw none.
  expect((await crmStats(page)).lookups).toBe(0);
  // After calls have popped, with the scenario's results shown: axe finds nothing serious
  // (the first run's check saw the page before any of this was filled in).
  await expect(pops(sim)).not.toHaveCount(0);
  expect(await axeViolations(sim)).toEqual([]);
});

test('saved responses stand in for the CRM', async ({ page }) => {
  await open(page);
  const { sim } = await simulator(page);
  await sim.getByRole('radio', { name: 'Saved responses' }).check();
  await sim.waitForURL(/crm=saved/);
  await sim.waitForFunction(() => window.simulatorStats?.state === 'ready', null, { timeout: 30_000 });
  await expect(sim.getByRole('group', { name: 'Demo CRM switches' })).toBeHidden();
  await sim.getByLabel('Saved response: lookup_account_by_phone').fill(JSON.stringify({
    items: [{ id: 'SAVED-1', name: 'Saved Ltd', tier: 'gold', last_contacted: '2026-01-01' }], next: null,
  }));
  await ring(sim, '+353 1 555 0100');
  await expect(pops(sim)).toHaveCount(1);
  const origin = new URL(sim.url()).origin;
  await expect(pops(sim).first()).toContainText(`single ${origin}/simulator/saved/accounts/SAVED-1`);
  await expect(sim.locator('#substitutions')).toContainText('answered with the saved responses');
  expect((await crmStats(page)).lookups).toBe(0);
});

test('after the pop: a choice among two accounts, one call log kept up to date, and dialling', async ({ page }) => {
  await open(page);
  const { sim, errors } = await simulator(page);
  // Two accounts share +353 1 555 0101: the agent picks the second.
  await ring(sim, '+353 1 555 0101');
  await expect(pops(sim)).toHaveCount(1);
  const choices = pops(sim).first().getByRole('button', { name: /^Choose / });
  await expect(choices).toHaveCount(2);
  const second = await choices.nth(1).textContent();
  await choices.nth(1).click();
  await expect(pops(sim).first()).toContainText(`linked to ${second.replace('Choose ', '')}`);
  await expect(events(sim)).toContainText('PureCloud: addAssociation');
  // The call log: saved twice and wrapped up, one activity in the demo CRM.
  await sim.getByLabel('Call log notes').fill('asked about renewal');
  await sim.getByRole('button', { name: 'Save call log' }).click();
  await expect(sim.locator('#log-status')).toContainText('Written: activity ACT-00001');
  await sim.getByLabel('Call log notes').fill('renewal agreed');
  await sim.getByRole('button', { name: 'Save call log' }).click();
  await hangUp(sim);
  await sim.getByRole('button', { name: 'Wrap up' }).click();
  await expect(sim.getByRole('list', { name: "The demo CRM's activities" })).toContainText('ACT-00001: renewal agreed (wrapUp');
  const stats = await crmStats(page);
  expect([stats.activities, stats.activityUpdates]).toEqual([1, 2]);
  // The dial pad: normalised with the deployment's country; nonsense is refused.
  await sim.getByLabel('Dial pad number').fill('01 555 0100');
  await sim.getByRole('button', { name: 'Dial from the CRM' }).click();
  await expect(sim.locator('#dial-status')).toHaveText('Dialled +35315550100.');
  await sim.getByLabel('Dial pad number').fill('nobody');
  await sim.getByRole('button', { name: 'Dial from the CRM' }).click();
  await expect(sim.locator('#dial-status')).toHaveText('cannot dial "nobody": it is not a phone number');
  // The demo CRM's account page: its number dials, linked to the account.
  await ring(sim, '+353 1 555 0100');
  await expect(sim.frameLocator('#crm-view').getByRole('heading', { name: 'Alpha Ltd' })).toBeVisible();
  await sim.frameLocator('#crm-view').getByRole('link', { name: /555/ }).click();
  await expect(sim.locator('#dial-status')).toHaveText('Dialled +35315550100.');
  expect(await axeViolations(sim)).toEqual([]);
  expect(errors).toEqual([]);
});
