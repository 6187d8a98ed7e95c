// The README's example CRM page (examples/crm-page/index.html), this very file, around the
// softphone at https://apps.<domain> in Chromium: a pop with two records offers them and the
// agent's pick is linked; a tel: link and a marked element dial in E.164 with their record;
// a number that cannot be dialled is refused with the reason shown on the page.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { CRM, APPS, built, serve, ready, call, json, account } from './softphone.mjs';
import { shot } from './helpers.mjs';

const page_ = fs.readFileSync(new URL('../../examples/crm-page/index.html', import.meta.url), 'utf8');

test('the example CRM page pops, offers a choice, links it and dials', async ({ context }) => {
  const two = (url, r) => json(r, { items: [account('A1', 'Ann Acme'), account('A2', 'Ann Beta')] });
  const files = built();
  await serve(context, files, two);
  await context.route(`${CRM}/example/framesmith-host.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: files.host }));
  await context.route(`${CRM}/example/`, (r) => r.fulfill({ contentType: 'text/html', body: page_ }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${CRM}/example/`);
  await page.waitForFunction(() => window.host);
  const frame = page.frames().find((f) => f.url().startsWith(APPS));
  await frame.waitForFunction(() => window.Framework && window.Framework.framesmith);
  await ready(frame);
  await frame.evaluate((c) => window.fire('add', c), call('x1'));
  await expect(page.locator('#pop')).toHaveText('2 records match +35315550100: which one?');
  await page.getByRole('button', { name: 'Ann Beta' }).click();
  await expect(page.getByRole('status')).toHaveText('Linked to Ann Beta.');
  await page.getByRole('link', { name: '+353 1 555 0100' }).click();
  await expect(page.getByRole('status')).toHaveText('Dialling +35315550100.');
  await page.getByRole('button', { name: '01 555 0103' }).click();
  await expect(page.getByRole('status')).toHaveText('Dialling +35315550103.');
  await page.getByLabel('Number').fill('call me maybe');
  await page.getByRole('button', { name: 'Dial' }).click();
  await expect(page.getByRole('status')).toContainText('cannot dial "call me maybe"');
  await shot(page, 'example-crm-page');
  const calls = await frame.evaluate(() => window.calls);
  expect(calls.filter((c) => c[0] === 'addAssociation')).toEqual([
    ['addAssociation', { type: 'contact', id: 'A2', text: 'Ann Beta', interactionId: 'x1' }],
  ]);
  expect(calls.filter((c) => c[0] === 'clickToDial').map((c) => c[1].number)).toEqual(['+35315550100', '+35315550103']);
  expect(page.url()).toBe(`${CRM}/example/`);
  expect(errors).toEqual([]);
});
