// The builder page end to end, in Chromium, against `framesmith serve`.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { open, saved, shot, downloaded, cliBuild, tempFile, example, root, axeViolations, unlabeled } from './helpers.mjs';

const field = (page, label) => page.getByLabel(label, { exact: true });

test('first run shows the example org, clean and ready to download', async ({ page }) => {
  const errors = await open(page);
  await expect(page.getByLabel('Name', { exact: true }).first()).toHaveValue('Acme Health');
  await expect(page.locator('#deployments li')).toHaveCount(2);
  await expect(page.locator('#slots')).toHaveText('2 of 5 private slots used.');
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await expect(page.getByRole('button', { name: 'Download framework.js' })).toBeEnabled();
  await expect(page.locator('#preview-js')).toContainText('/*! framesmith ');
  await shot(page, 'main');
  expect(errors).toEqual([]);
});

// Issue 26: a keystroke shows its findings at once and the preview on the next frame, once
// for every keystroke before it, with what was typed last.
test('the preview follows the keystrokes on the next frame', async ({ page }) => {
  await open(page);
  await expect(page.locator('#preview-js')).toContainText('/*! framesmith ');
  const seen = await page.evaluate(async () => {
    const input = document.getElementById('f-deployment-0-client_id');
    const text = () => document.getElementById('preview-js').textContent;
    const before = text();
    input.value = 'not-a-uuid';
    input.dispatchEvent(new Event('input'));
    input.value = '5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f0ee';
    input.dispatchEvent(new Event('input'));
    const problems = document.getElementById('problems-count').textContent;
    const atOnce = text() === before;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { atOnce, problems, after: text() };
  });
  expect(seen.problems).toBe('No problems found.');
  expect(seen.atOnce).toBe(true);
  expect(seen.after).toContain('5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f0ee');
  expect(seen.after).not.toContain('not-a-uuid');
});

test('problems appear beside the field as you type, and clear when fixed', async ({ page }) => {
  await open(page);
  const clientId = field(page, 'Client ID');
  await clientId.fill('not-a-uuid');
  const err = page.locator('#f-deployment-0-client_id-err');
  await expect(err).toContainText('not-a-uuid');
  await expect(clientId).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Download framework.js' })).toBeDisabled();
  await expect(page.locator('#download-why')).toContainText('Fix 1 error first');
  await expect(page.locator('#problems li')).toHaveCount(1);

  const lifetime = field(page, 'Token lifetime (seconds)');
  await lifetime.fill('10');
  await expect(page.locator('#f-deployment-0-oauth-token_lifetime_seconds-err')).toContainText('10');
  await lifetime.fill('ten');
  await expect(page.locator('#f-deployment-0-oauth-token_lifetime_seconds-err')).toContainText('whole number');
  const origin = field(page, 'CRM origin');
  await origin.fill('http://acme.crm4.dynamics.com');
  await expect(page.locator('#f-deployment-0-crm_origin-err')).toContainText('https');
  await shot(page, 'errors');

  // The summary links to the field.
  await page.locator('#problems a', { hasText: 'http://acme' }).click();
  await expect(origin).toBeFocused();

  await clientId.fill('5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015');
  await lifetime.fill('64800');
  await origin.fill('https://acme.crm4.dynamics.com');
  await expect(err).toBeEmpty();
  await expect(clientId).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await expect(page.getByRole('button', { name: 'Download framework.js' })).toBeEnabled();
});

test('what a keystroke shows is exactly a full check of the workspace', async ({ page }) => {
  // The page checks one edited deployment incrementally (issue 26); after every keystroke,
  // in either deployment, its findings must be what fs.check gives for the whole workspace.
  await open(page);
  const seen = await page.evaluate(() => {
    const { fs, state } = window.framesmith;
    const type = (id, value) => {
      const input = document.getElementById(id);
      input.value = value;
      input.dispatchEvent(new Event('input'));
      return { id, value, same: JSON.stringify(state.diags) === JSON.stringify(fs.check(state.ws)),
        codes: state.diags.map((d) => `${d.code} ${d.path}`) };
    };
    const other = state.ws.deployment[1];
    const steps = [
      type('f-deployment-0-name', other.name),
      type('f-deployment-0-client_id', other.client_id),
      type('f-deployment-0-crm_origin', 'http://crm.example.com'),
    ];
    document.querySelectorAll('#deployments button')[1].click();
    steps.push(type('f-deployment-1-name', 'Renamed'), type('f-deployment-1-crm_origin', 'https://*.example.com'));
    return steps;
  });
  for (const s of seen) expect(s.same, `${s.id} = ${s.value}: ${s.codes.join(', ')}`).toBe(true);
  expect(seen[0].codes.join()).toContain('deployment/duplicate-name /deployment/1/name');
  expect(seen[1].codes.join()).toContain('/deployment/1/client_id');
  expect(seen[3].codes.join()).not.toContain('duplicate-name');
  expect(seen[4].codes.join()).toContain('crm-origin/wildcard /deployment/1/crm_origin');
});

test('a sixth private deployment is refused and nothing entered is lost', async ({ page }) => {
  await open(page);
  for (let i = 3; i <= 5; i++) {
    await page.getByRole('button', { name: 'Add deployment' }).click();
    await page.locator('#form').getByLabel('Name', { exact: true }).fill(`Private ${i}`);
  }
  await saved(page);
  await expect(page.locator('#slots')).toHaveText('5 of 5 private slots used.');
  await page.getByRole('button', { name: 'Add deployment' }).click();
  await expect(page.getByRole('alert')).toContainText('all 5 private deployment slots are used');
  await expect(page.locator('#deployments li')).toHaveCount(5);
  await expect(page.locator('#deployments')).toContainText('Private 5');
  await shot(page, 'slots-refused');

  // Making a public deployment private is refused the same way.
  await page.getByRole('button', { name: 'Add deployment' }).isVisible();
  await page.locator('#deployments button', { hasText: 'Private 5' }).click();
  await field(page, 'Kind').selectOption('public');
  await expect(page.locator('#slots')).toHaveText('4 of 5 private slots used.');
  await page.getByRole('button', { name: 'Add deployment' }).click();
  await expect(page.locator('#slots')).toHaveText('5 of 5 private slots used.');
  await page.locator('#deployments button', { hasText: 'Private 5' }).click();
  await field(page, 'Kind').selectOption('private');
  await expect(page.getByRole('alert')).toContainText('stays public');
  await expect(field(page, 'Kind')).toHaveValue('public');
  await expect(page.locator('#slots')).toHaveText('5 of 5 private slots used.');
});

test('the downloaded framework.js is byte-identical to framesmith build', async ({ page }) => {
  await open(page);
  const dl = await downloaded(page, () => page.getByRole('button', { name: 'Download framework.js' }).click());
  expect(dl.name).toBe('framework.js');
  expect(dl.bytes.equals(cliBuild(example)['acme-dynamics'])).toBe(true);

  // After edits, through the page's own TOML export.
  await field(page, 'Name').nth(1).fill('Acme Dynamics EU');
  await field(page, 'Token lifetime (seconds)').fill('43200');
  await page.getByLabel('enableCallHistory').check();
  await page.getByLabel('Other settings (JSON)').fill('{"customSetting": "x"}');
  const js = await downloaded(page, () => page.getByRole('button', { name: 'Download framework.js' }).click());
  await page.getByLabel('Export format').selectOption('toml');
  const exported = await downloaded(page, () => page.getByRole('button', { name: 'Export' }).click());
  expect(exported.name).toBe('acme-health.toml');
  const built = cliBuild(tempFile('workspace.toml', exported.bytes.toString()));
  expect(js.bytes.equals(built['acme-dynamics-eu'])).toBe(true);
  expect(js.bytes.toString()).toContain('enableCallHistory: true');

  // Download all: a zip with every deployment's files.
  const zip = await downloaded(page, () => page.getByRole('button', { name: 'Download all' }).click());
  expect(zip.name).toBe('framesmith-acme-health.zip');
  expect(zip.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  for (const name of ['acme-dynamics-eu/framework.js', 'acme-dynamics-eu/CHECKLIST.md', 'acme-salesforce-pilot/framework.js']) {
    expect(zip.bytes.includes(Buffer.from(name))).toBe(true);
  }
  expect(zip.bytes.includes(built['acme-dynamics-eu'])).toBe(true);

  await page.getByRole('tab', { name: 'CHECKLIST.md' }).click();
  await expect(page.locator('#preview-md')).toContainText('Acme Dynamics EU');
  await shot(page, 'checklist');
});

test('the workspace survives a reload', async ({ page }) => {
  await open(page);
  await field(page, 'Name').first().fill('Acme Reloaded');
  await field(page, 'Groups').fill('Tier 1 Agents\nTier 2 Agents');
  await saved(page);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  await expect(field(page, 'Name').first()).toHaveValue('Acme Reloaded');
  await expect(field(page, 'Groups')).toHaveValue('Tier 1 Agents\nTier 2 Agents');
});

test('a bad import leaves the workspace untouched; good ones load', async ({ page }) => {
  await open(page);
  await field(page, 'Name').first().fill('Kept');
  await saved(page);
  const input = page.locator('#import-file');
  await input.setInputFiles(tempFile('broken.toml', '[org]\nname = "x"\nregion = \n'));
  await expect(page.getByRole('alert')).toContainText('Import failed: broken.toml: line 3');
  await expect(page.getByRole('alert')).toContainText('unchanged');
  await input.setInputFiles(tempFile('list.json', '[1, 2]'));
  await expect(page.getByRole('alert')).toContainText('Import failed: list.json');
  await input.setInputFiles(tempFile('nothing.js', 'console.log("hi")'));
  await expect(page.getByRole('alert')).toContainText('Import failed: nothing.js (line 1, column 1)');
  await expect(field(page, 'Name').first()).toHaveValue('Kept');
  await expect(page.locator('#deployments li')).toHaveCount(2);
  await shot(page, 'import-refused');

  // A hand-edited framework.js becomes a new deployment, once the admin has seen its review.
  await input.setInputFiles(path.join(root, 'tests/fixtures/import/hand-edited.js'));
  await page.getByRole('dialog').getByRole('button', { name: 'Add as new deployment' }).click();
  await expect(page.locator('#deployments li')).toHaveCount(3);
  // A JSON workspace replaces the current one.
  const json = JSON.stringify({ org: { name: 'From JSON', region: 'us-east-1' }, deployment: [{ name: 'Only' }] });
  await input.setInputFiles(tempFile('ws.json', json));
  await expect(field(page, 'Name').first()).toHaveValue('From JSON');
  await expect(page.locator('#deployments li')).toHaveCount(1);
  await expect(page.locator('#problems li').first()).toBeVisible();
});

test('an imported framework.js is reviewed, with lint findings linked to its lines, before the workspace changes', async ({ page }) => {
  await open(page);
  await field(page, 'Name').first().fill('Kept');
  await saved(page);
  const input = page.locator('#import-file');
  await input.setInputFiles(path.join(root, 'tests/fixtures/import/hand-edited.js'));
  const dialog = page.getByRole('dialog', { name: 'Import hand-edited.js' });
  await expect(dialog).toBeVisible();
  // What framesmith lint says of the file, with codes, hints and lines.
  const findings = dialog.getByRole('list', { name: 'Findings' });
  // Genesys' own lower-case spelling is a note, not an error (issue 24).
  await expect(findings).toContainText('"frameworkcontacts" is Genesys\' other spelling of "frameworkContacts"');
  await expect(findings).toContainText('lint/setting');
  await expect(findings).toContainText('write "frameworkContacts" to match the catalogue');
  await expect(findings).toContainText('lint/client-id');
  await expect(dialog.getByRole('heading', { name: /^framesmith lint: \d+ errors?, \d+ warnings?/ })).toBeVisible();
  // The deployment read from the file, and what the import left out.
  await expect(dialog.locator('dl.imported')).toContainText('Northwind "Service" Desk');
  await expect(dialog.getByRole('list', { name: 'Import notes' })).toContainText('is code, not a literal value');
  // A finding's line, in the read-only view of the file.
  const item = findings.getByRole('listitem').filter({ hasText: 'frameworkcontacts' });
  await item.getByRole('button', { name: /^Line 22, column \d+$/ }).click();
  const line = dialog.locator('#import-src-22');
  await expect(line).toHaveAttribute('aria-current', 'true');
  await expect(line).toContainText("searchTargets: ['people', 'queues', 'frameworkcontacts']");
  await expect(line).toBeInViewport();
  await shot(page, 'import-review');
  // Nothing has changed yet, and cancelling changes nothing.
  await expect(page.locator('#deployments li')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('cancelled. Your workspace is unchanged.');
  await expect(page.locator('#deployments li')).toHaveCount(2);
  await expect(field(page, 'Name').first()).toHaveValue('Kept');
  // Accepting adds it.
  await input.setInputFiles(path.join(root, 'tests/fixtures/import/hand-edited.js'));
  await dialog.getByRole('button', { name: 'Add as new deployment' }).click();
  await expect(page.locator('#deployments li')).toHaveCount(3);
});

test('a pasted CRM page is checked for the deployment being edited, findings linked to its lines', async ({ page }) => {
  const errors = await open(page);
  await page.getByRole('button', { name: 'Check the CRM page' }).click();
  const dialog = page.getByRole('dialog', { name: 'Check the CRM page' });
  await expect(dialog).toBeVisible();
  const fixture = (f) => fs.readFileSync(path.join(root, 'tests/fixtures/doctor', f), 'utf8');
  await dialog.getByLabel('Where the page is served').fill('https://acme.crm4.dynamics.com/main.aspx');
  await dialog.getByLabel('Page source').fill(fixture('iframe-allow.bad.html'));
  await dialog.getByLabel('Response headers').fill(fixture('permissions-policy.bad.headers'));
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  const findings = dialog.getByRole('list', { name: 'Findings on the page' });
  // The iframe's missing microphone, at its line, and the header that switches it off.
  const mic = findings.getByRole('listitem').filter({ hasText: 'does not delegate "microphone"' });
  await expect(mic).toContainText('doctor/iframe-allow');
  await expect(findings).toContainText('doctor/permissions-policy');
  await expect(dialog.getByRole('status')).toContainText(/^2 errors, 1 warning, 0 notes for Acme Dynamics$/);
  await mic.getByRole('button', { name: /^Line 8, column \d+$/ }).click();
  const selected = await dialog.getByLabel('Page source').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  expect(selected).toContain('<iframe id="softphone"');
  await shot(page, 'page-check');
  // The page fixed: nothing to say.
  await dialog.getByLabel('Page source').fill(fixture('host-adapter.good.html'));
  await dialog.getByLabel('Response headers').fill('');
  await dialog.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('No problems found for Acme Dynamics.');
  await expect(findings.getByRole('listitem')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test('two tabs share the workspace and cannot together exceed five private deployments', async ({ context }) => {
  const a = await context.newPage();
  await open(a);
  const b = await context.newPage();
  await open(b);
  // An edit in one tab shows up in the other.
  await field(a, 'Name').first().fill('Shared Org');
  await saved(a);
  await expect(field(b, 'Name').first()).toHaveValue('Shared Org');
  // Four private deployments; both tabs ask for the fifth at the same moment.
  await a.getByRole('button', { name: 'Add deployment' }).click();
  await a.getByRole('button', { name: 'Add deployment' }).click();
  await saved(a);
  await expect(b.locator('#slots')).toHaveText('4 of 5 private slots used.');
  await Promise.all([
    a.evaluate(() => document.getElementById('add-deployment').click()),
    b.evaluate(() => document.getElementById('add-deployment').click()),
  ]);
  await expect(a.locator('#slots')).toHaveText('5 of 5 private slots used.');
  await expect(b.locator('#slots')).toHaveText('5 of 5 private slots used.');
  await a.reload();
  await a.waitForSelector('body[data-ready=true]');
  await expect(a.locator('#slots')).toHaveText('5 of 5 private slots used.');
  await expect(a.locator('#deployments li')).toHaveCount(5);
});

test('a stale tab cannot silently overwrite another tab’s edit', async ({ context }) => {
  const a = await context.newPage();
  await open(a);
  const b = await context.newPage();
  await open(b);
  // Tab B stops hearing about A's changes, as a frozen or sleeping tab would.
  await b.evaluate(() => window.framesmith.store.channel.close());
  await field(a, 'Client ID').fill('11111111-2222-4333-8444-555555555555');
  await saved(a);
  await expect(field(b, 'Client ID')).toHaveValue('5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015');
  await field(b, 'Client ID').fill('99999999-2222-4333-8444-555555555555');
  await expect(b.getByRole('alert')).toContainText('another tab changed this part of the workspace first');
  await expect(field(b, 'Client ID')).toHaveValue('11111111-2222-4333-8444-555555555555');
  await a.reload();
  await a.waitForSelector('body[data-ready=true]');
  await expect(field(a, 'Client ID')).toHaveValue('11111111-2222-4333-8444-555555555555');
});

test('the editor can be used with the keyboard alone', async ({ page }) => {
  await open(page);
  await page.locator('body').focus();
  const names = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate(() => {
      const e = document.activeElement;
      return e?.labels?.[0]?.textContent?.trim() || e?.getAttribute('aria-label') || e?.textContent?.trim().split('\n')[0] || e?.tagName;
    }));
  }
  for (const label of ['Import', 'Export', 'Name', 'Home region', 'Add deployment', 'Kind', 'Region', 'Client ID', 'CRM origin', 'Token lifetime (seconds)']) {
    expect(names, label).toContain(label);
  }
  // Select the second deployment and edit it without the mouse.
  await page.locator('#deployments button').nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#editor-h')).toHaveText('Deployment: Acme Salesforce Pilot');
  await field(page, 'Client ID').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('bad');
  await expect(page.locator('#f-deployment-1-client_id-err')).toContainText('bad');
  await expect(page.locator('#announce')).toContainText('bad');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('c3d9a1f2-8b47-4e06-a5d2-0f6e9b3c7a18');
  await expect(page.locator('#f-deployment-1-client_id-err')).toBeEmpty();
  // Tabs switch with the arrow keys.
  await page.getByRole('tab', { name: 'framework.js' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'CHECKLIST.md' })).toHaveAttribute('aria-selected', 'true');
});

test('every control has a visible label that is its accessible name, and axe finds nothing serious', async ({ page }) => {
  await open(page);
  await field(page, 'Client ID').fill('not-a-uuid');
  for (const label of ['Name', 'Home region', 'Kind', 'Region', 'Client ID', 'CRM origin', 'Groups', 'Status',
    'OAuth flow', 'Token lifetime (seconds)', 'Redirect URIs', 'Custom interaction attributes', 'Export format']) {
    await expect(page.getByLabel(label, { exact: true }).first()).toBeVisible();
  }
  for (const name of ['Add deployment', 'Delete deployment', 'Download framework.js', 'Download all', 'Import', 'Export']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  expect(await unlabeled(page)).toEqual([]);
  const violations = await axeViolations(page);
  expect(violations).toEqual([]);
});

// Issue 23: each kind of interaction in its own fieldset, opted in by its table, with its
// problems beside its fields as for voice.
test('each kind of interaction has its own pop settings, opted in and out, problems beside them', async ({ page }) => {
  const errors = await open(page);
  const optin = page.getByRole('checkbox', { name: 'Pop chats' });
  await expect(optin).toBeChecked();
  const search = field(page, 'Chats: search order');
  await expect(search).toHaveValue('attribute:PT_SearchValue\nemail\nname');
  await expect(field(page, 'Emails: URL when one record matches')).toHaveValue('{crmBaseEndpoint}/accounts/{accountId}?tab=emails');
  // A source that is not one, and one a callback never carries: beside the field.
  await search.fill('mail\nname');
  await expect(page.locator('#f-deployment-0-screen_pop-chat-search-err')).toContainText('"mail" is not a search source');
  await expect(page.getByRole('button', { name: 'Download framework.js' })).toBeDisabled();
  await search.fill('email\nname');
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await field(page, 'Callbacks: search order').fill('email\nphone');
  await expect(page.locator('#f-deployment-0-screen_pop-callback-search-err')).toContainText('a callback never carries "email"');
  await field(page, 'Callbacks: search order').fill('');
  // Emptied, the callback table stays: callbacks still pop, with the shared settings.
  await expect(page.getByRole('checkbox', { name: 'Pop callbacks' })).toBeChecked();
  await expect(page.locator('#preview-js')).toContainText('"callback": {}');
  // Opting out removes the table and its fields; opting in brings an empty one back.
  await optin.uncheck();
  await expect(search).toHaveCount(0);
  await expect(page.locator('#preview-js')).not.toContainText('"chat":');
  await optin.check();
  await expect(field(page, 'Chats: search order')).toHaveValue('');
  await expect(page.locator('#preview-js')).toContainText('"chat": {}');
  // Outbound: campaign calls pop unless unticked.
  const campaign = page.getByRole('checkbox', { name: /Outbound calls: campaign/ });
  await expect(campaign).toBeChecked();
  await campaign.uncheck();
  await expect(page.locator('#preview-js')).toContainText('"campaign": false');
  await shot(page, 'media-settings');
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('where a pop opens is chosen beside the pop URLs and carried to framework.js', async ({ page }) => {
  const errors = await open(page);
  const where = field(page, 'Where a pop opens');
  await expect(where).toHaveValue('');
  await where.selectOption('new_tab');
  await expect(page.locator('#preview-js')).toContainText('"open": "new_tab"');
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await where.selectOption('');
  await expect(page.locator('#preview-js')).not.toContainText('"open":');
  expect(errors).toEqual([]);
});

test('the call log update and the record to create are edited beside the call log', async ({ page }) => {
  const errors = await open(page);
  await expect(field(page, 'Call log update data source')).toHaveValue('update_activity');
  const create = field(page, 'Create the record when none matches');
  await expect(create).toHaveValue('');
  // A lookup (GET) cannot create: check says so at the field, with the fix.
  await create.fill('lookup_account_by_phone');
  await expect(page.locator('#f-deployment-0-screen_pop-create-err')).toContainText('a record is created with POST or PUT');
  await create.fill('');
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await expect(page.locator('#preview-js')).not.toContainText('"create":');
  expect(errors).toEqual([]);
});
