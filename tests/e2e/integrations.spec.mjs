// The Integrations view: types and instances edited as JSON with their findings beside
// them, and the mapping preview run by the lazily loaded mapping module.
import { test, expect } from '@playwright/test';
import { open, shot } from './helpers.mjs';

test('integration JSON is checked as you type and a sample response maps live', async ({ page }) => {
  const errors = await open(page);
  const instance = page.getByLabel('Integration instance Prod_CRM_Connector_Instance (JSON)');
  await expect(page.getByLabel('Integration type Custom_CRM_Enterprise_Connector (JSON)')).toBeVisible();
  const json = JSON.parse(await instance.inputValue());
  delete json.userGroups;
  json.properties.clientSecret = 'Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5';
  await instance.fill(JSON.stringify(json, null, 2));
  const findings = page.locator('#integration-0-errs');
  await expect(findings).toContainText('no userGroups');
  await expect(findings).toContainText('clientSecret');
  await expect(instance).toHaveAttribute('aria-invalid', 'true');
  await instance.fill('{"name": ');
  await expect(page.locator('#integration-0-json')).toContainText('Not valid JSON yet');
  // The last valid version is what the workspace holds.
  await expect(findings).toContainText('no userGroups');

  await page.getByLabel('Data source to preview').selectOption({ label: 'Custom_CRM_Enterprise_Connector / lookup_account_by_phone' });
  await page.getByLabel('Sample CRM response (JSON)').fill(JSON.stringify({
    items: [
      { id: 'A1', name: 'Acme Dublin', tier: 'gold', last_contacted: '2026-11-02T09:14:00Z' },
      { id: 'A2', name: 'Acme Cork', tier: null, last_contacted: '2026-10-28' },
    ],
    next: null,
  }));
  await expect(page.locator('#map-status')).toHaveText('2 records mapped.');
  await expect(page.locator('#map-records')).toContainText('"accountId": "A1"');
  await page.getByLabel('Sample CRM response (JSON)').fill('<html>');
  await expect(page.locator('#map-status')).toContainText('not JSON');

  await page.getByRole('button', { name: 'Add integration type' }).click();
  await expect(page.getByLabel('Integration type New_Integration_Type_2 (JSON)')).toBeVisible();
  await page.locator('#integrations-view').scrollIntoViewIfNeeded();
  await shot(page, 'integrations');
  expect(errors).toEqual([]);
});
