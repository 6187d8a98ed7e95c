// The Integrations view: integration types (settings, data sources) and instances edited
// field by field with each finding beside its field, the whole entity as JSON for pasting
// a payload, and the mapping preview run by the lazily loaded mapping module.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { open, saved, shot, downloaded, tempFile, cli, axeViolations, unlabeled } from './helpers.mjs';

const view = (page) => page.locator('#integrations-view');
const item = (page, path) => page.locator(`details[data-path="${path}"]`);

/** The workspace as the page exports it (JSON), which is what the CLI would read. */
async function exported(page) {
  await page.getByLabel('Export format').selectOption('json');
  const { bytes } = await downloaded(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  return JSON.parse(bytes.toString('utf8'));
}

test('a data source is edited field by field, each problem beside its field', async ({ page }) => {
  const errors = await open(page);
  const v = view(page);
  await expect(v.getByRole('button', { name: /Integration type: Custom_CRM_Enterprise_Connector/ })).toHaveAttribute('aria-current', 'true');
  const lookup = item(page, '/integration_type/0/dataSources/0');
  await lookup.locator('summary').click();

  // Plain http and a misspelt placeholder: both findings show beside the endpoint, and
  // the hint names the placeholder meant.
  const endpoint = lookup.getByLabel('REST endpoint');
  await endpoint.fill('http://crm.enterprise-client.com/api/v1/accounts?phone={phon}');
  const endpointErr = page.locator('#f-integration_type-0-dataSources-0-restEndpoint-err');
  await expect(endpointErr.locator('.msg')).toHaveCount(2);
  await expect(endpointErr).toContainText('https');
  await expect(endpointErr).toContainText('did you mean "phone"');
  await expect(endpoint).toHaveAttribute('aria-invalid', 'true');
  await expect(v.getByRole('button', { name: /Integration type: Custom_CRM/ })).toContainText('2 errors');
  await expect(lookup.locator('summary')).toContainText('2 errors');
  await endpoint.fill('{crmBaseEndpoint}/api/v1/accounts?phone={phone}');
  await expect(endpointErr).toBeEmpty();
  await expect(endpoint).not.toHaveAttribute('aria-invalid');

  // A mapping line without a colon is refused locally and the workspace keeps the last
  // complete mapping; a JSONPath that does not parse is the checks' finding.
  const mappingBox = lookup.getByLabel('Response mapping');
  await mappingBox.fill('accountId: $.id\naccountName');
  await expect(page.locator('#f-integration_type-0-dataSources-0-responseMapping-pairs')).toContainText('Line 2 needs a name');
  await mappingBox.fill('accountId: $.id\naccountName: $.name[');
  await expect(page.locator('#f-integration_type-0-dataSources-0-responseMapping-err')).toContainText('$.name[');
  await mappingBox.fill('accountId: $.id\naccountName: $.name');
  await lookup.getByLabel('Request headers').fill('Accept: application/json\nX-Tenant: acme');
  await lookup.getByLabel('Timeout (seconds)').fill('90');
  await expect(page.locator('#f-integration_type-0-dataSources-0-timeoutSeconds-err')).toContainText('90');
  await lookup.getByLabel('Timeout (seconds)').fill('20');
  expect(await unlabeled(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);

  // A new enum setting: its Options field appears once the type is enum.
  await v.getByRole('button', { name: 'Add setting' }).click();
  const setting = item(page, '/integration_type/0/uiDefinition/settings/2');
  await expect(setting.getByLabel('Name')).toBeFocused();
  await setting.getByLabel('Name').fill('region');
  await setting.getByLabel('Type').selectOption('enum');
  await setting.getByLabel('Options').fill('eu\nus');
  await setting.getByLabel('Options').blur();
  await setting.getByLabel('Default value').selectOption('eu');
  await saved(page);

  const ws = await exported(page);
  const ds = ws.integration_type[0].dataSources[0];
  expect(ds.restEndpoint).toBe('{crmBaseEndpoint}/api/v1/accounts?phone={phone}');
  expect(ds.responseMapping).toEqual({ accountId: '$.id', accountName: '$.name' });
  expect(ds.requestHeaders).toEqual({ Accept: 'application/json', 'X-Tenant': 'acme' });
  expect(ds.timeoutSeconds).toBe(20);
  expect(ws.integration_type[0].uiDefinition.settings[2]).toEqual(
    { name: 'region', label: 'Setting 3', type: 'enum', required: false, options: ['eu', 'us'], defaultValue: 'eu' });
  // The CLI reads the page's export and finds it clean, as the page does.
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  const file = tempFile('page.json', JSON.stringify(ws));
  expect(JSON.parse(execFileSync(cli, ['check', file, '--format', 'json']).toString())).toEqual([]);
  await page.locator('#integration-form-h').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, document.getElementById('integration-form-h').getBoundingClientRect().top - 10));
  await shot(page, 'integrations-type');
  expect(errors).toEqual([]);
});

test('an instance: typed properties, the secret trap, user groups, and a pasted payload', async ({ page }) => {
  const errors = await open(page);
  const v = view(page);
  await v.getByRole('button', { name: /Integration instance: Prod_CRM_Connector_Instance/ }).click();
  await expect(page.locator('#integration-form-h')).toHaveText('Integration instance: Prod_CRM_Connector_Instance');

  // Every control of the instance form has its label, and axe finds nothing serious.
  expect(await unlabeled(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  // A boolean setting is a boolean in the workspace, not the text "false".
  await v.getByLabel('Enable Screen Pop').selectOption('false');
  // The seed's trap: a plaintext client secret among the properties.
  await v.getByLabel('Other properties (JSON)').fill('{"clientSecret": "Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5"}');
  await expect(page.locator('#f-integration-0-properties-err')).toContainText('clientSecretCredentialId');
  await v.getByLabel('User groups').fill('');
  await expect(page.locator('#f-integration-0-userGroups-err')).toContainText('no userGroups');
  await v.getByLabel('User groups').fill('Tier 1 Agents: agent\nSupervisors');
  await expect(page.locator('#f-integration-0-userGroups-err')).toBeEmpty();
  // A redirect URI on another region's domain.
  await v.getByLabel('Redirect URI').fill('https://api.mypurecloud.com/api/v2/integrations/oauth/callback');
  await expect(page.locator('#f-integration-0-properties-redirectUri-err')).toContainText('mypurecloud.ie');
  await saved(page);

  let ws = await exported(page);
  expect(ws.integration[0].properties.enableScreenPop).toBe(false);
  expect(ws.integration[0].properties.clientSecret).toBe('Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5');
  expect(ws.integration[0].userGroups).toEqual([{ id: 'Tier 1 Agents', role: 'agent' }, { id: 'Supervisors' }]);

  // The Problems list leads to the field, in the entity it is in.
  await v.getByRole('button', { name: /Integration type: Custom_CRM/ }).click();
  await page.locator('#problems a', { hasText: 'plain text' }).click();
  await expect(page.locator('#integration-form-h')).toHaveText('Integration instance: Prod_CRM_Connector_Instance');
  await expect(v.getByLabel('Other properties (JSON)')).toBeFocused();

  // A payload pasted as JSON replaces the instance, and the fields show it.
  await v.getByText('Integration instance as JSON (paste an API payload here)').click();
  const payload = {
    name: 'Prod_CRM_Connector_Instance', type: 'Custom_CRM_Enterprise_Connector', status: 'active',
    properties: {
      crmBaseEndpoint: 'https://staging.enterprise-client.com', clientId: 'crm_staging',
      clientSecretCredentialId: 'vault:crm-staging', redirectUri: 'https://api.mypurecloud.ie/api/v2/integrations/oauth/callback',
      authorizationEndpoint: 'https://staging.enterprise-client.com/oauth/authorize',
      tokenEndpoint: 'https://staging.enterprise-client.com/oauth/token',
    },
    userGroups: [{ id: 'Tier 2 Agents', role: 'agent' }],
  };
  const json = v.getByLabel(/^Integration instance .* \(JSON\)$/);
  await json.fill('{"name": ');
  await expect(page.locator('#f-integration-0-whole-json')).toContainText('Not valid JSON yet');
  await json.fill(JSON.stringify(payload, null, 2));
  await expect(v.getByLabel('CRM Base URL')).toHaveValue('https://staging.enterprise-client.com');
  await expect(json).toBeFocused();
  await expect(page.locator('#problems-count')).toHaveText('No problems found.');
  await saved(page);
  ws = await exported(page);
  expect(ws.integration[0]).toEqual(payload);

  // Deleting the instance can be undone.
  await v.getByRole('button', { name: 'Delete integration instance' }).click();
  await expect(v.getByRole('button', { name: /Integration instance:/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect(v.getByRole('button', { name: /Integration instance: Prod_CRM_Connector_Instance/ })).toBeVisible();
  await expect(v.getByLabel('CRM Base URL')).toHaveValue('https://staging.enterprise-client.com');
  await page.evaluate(() => window.scrollBy(0, document.getElementById('integration-form-h').getBoundingClientRect().top - 10));
  await shot(page, 'integrations-instance');
  expect(errors).toEqual([]);
});

test('a sample CRM response maps live, and a new type and instance can be added', async ({ page }) => {
  const errors = await open(page);
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
  // Editing the mapping in the form changes the preview.
  const lookup = item(page, '/integration_type/0/dataSources/0');
  await lookup.locator('summary').click();
  await lookup.getByLabel('Response mapping').fill('accountId: $.id\ncity: $.name');
  await expect(page.locator('#map-records')).toContainText('"city": "Acme Dublin"');
  // A path that is not plain is mapped by the full runtime module, loaded for it.
  await lookup.getByLabel('Response mapping').fill('accountId: $.id\ntier: $..tier');
  await expect(page.locator('#map-records')).toContainText('"tier": "gold"');
  await expect(page.locator('#map-status')).toHaveText('2 records mapped.');
  await page.getByLabel('Sample CRM response (JSON)').fill('<html>');
  await expect(page.locator('#map-status')).toContainText('not JSON');

  const v = view(page);
  await v.getByRole('button', { name: 'Add integration type' }).click();
  await expect(page.locator('#integration-form-h')).toHaveText('Integration type: New_Integration_Type_2');
  await expect(v.getByLabel('Name').first()).toBeFocused();
  await v.getByRole('button', { name: 'Add data source' }).click();
  const ds = item(page, '/integration_type/1/dataSources/0');
  await ds.getByLabel('REST endpoint').fill('/contacts?q={searchValue}');
  await expect(page.locator('#f-integration_type-1-dataSources-0-restEndpoint-err')).toContainText('relative');
  // A second one never starts with a name already taken.
  await ds.getByLabel('Name', { exact: true }).fill('data_source_2');
  await v.getByRole('button', { name: 'Add data source' }).click();
  await expect(item(page, '/integration_type/1/dataSources/1').getByLabel('Name', { exact: true })).toHaveValue('data_source_3');
  await expect(page.locator('#problems')).not.toContainText('repeats');
  await v.getByRole('button', { name: 'Add integration instance' }).click();
  await expect(page.locator('#integration-form-h')).toHaveText('Integration instance: New_Instance_2');
  await v.getByLabel('Integration type', { exact: true }).selectOption('New_Integration_Type_2');
  await expect(v.locator('legend', { hasText: 'the settings of New_Integration_Type_2' })).toBeVisible();
  await saved(page);
  await page.locator('#integrations-view').scrollIntoViewIfNeeded();
  await shot(page, 'integrations');
  expect(errors).toEqual([]);
});
