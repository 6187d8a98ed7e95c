// What the Integrations view shows for an integration type (its uiDefinition settings and
// data sources) and for an instance (the type's settings as typed controls, the OAuth keys
// the seed keeps in `properties`, the user groups). Paths are JSON pointers relative to the
// type or instance, spelled as the Integration Type API spells its payloads.

const opt = (values) => values.map((v) => ({ value: v, text: v }));
const AUTH = opt(['oauth2', 'basic', 'none']);
// Runtime inputs a data source's templates may name (src/datasource RUNTIME_INPUTS).
const INPUTS = 'phone, searchValue, interactionId, ani, calledNumber, queueName, attributes.<name>';

/** The keys of an instance's `properties` that are not the type's settings. */
export const OAUTH_PROPERTIES = [
  { key: 'authorizationEndpoint', label: 'Authorization endpoint', help: 'The CRM’s OAuth authorize URL (https).' },
  { key: 'tokenEndpoint', label: 'Token endpoint', help: 'The CRM’s OAuth token URL (https).' },
  { key: 'clientId', label: 'Client ID', help: 'The OAuth client id the CRM issued to Genesys.' },
  { key: 'clientSecretCredentialId', label: 'Client secret credential', help: 'A reference into your credential vault, such as vault:crm-prod-client-secret. Never the secret itself.' },
  { key: 'redirectUri', label: 'Redirect URI', help: 'Genesys’ OAuth callback on the org’s region: https://api.<region domain>/api/v2/integrations/oauth/callback.' },
];

/** A control for a value whose type a uiDefinition setting declares. */
export function typedField(path, label, setting, help) {
  const type = setting?.type ?? 'string';
  if (type === 'boolean') {
    return { path, label, help, type: 'select', blank: 'Not set',
      options: [{ value: 'true', text: 'true', data: true }, { value: 'false', text: 'false', data: false }] };
  }
  if (type === 'number') return { path, label, help, type: 'number' };
  if (type === 'enum') return { path, label, help, type: 'select', blank: 'Not set', options: opt(Array.isArray(setting?.options) ? setting.options.map(String) : []) };
  return { path, label, help, type: 'text', placeholder: type === 'url' ? 'https://…' : undefined };
}

export function typeGeneral() {
  return [
    { path: '/name', label: 'Name', type: 'text', keepEmpty: true, help: 'Instances name their type by this.' },
    { path: '/description', label: 'Description', type: 'text' },
    { path: '/vendor', label: 'Vendor', type: 'text' },
    { path: '/integrationType', label: 'Integration type', type: 'text', placeholder: 'e.g. crm' },
    { path: '/authType', label: 'Authentication', type: 'select', blank: 'Not set', options: AUTH,
      help: 'oauth2 (authorization code or client credentials), basic or none.' },
    { path: '/requiredScopes', label: 'Required scopes', type: 'lines', help: 'CRM scopes the integration asks for, one per line. Ask only for what the data sources need.' },
    { path: '/availableScopes', label: 'Available scopes', type: 'lines', help: 'The scopes the CRM offers, one per line: a required scope the CRM does not offer is its invalid_scope error.' },
  ];
}

export function settingFields(setting) {
  return [
    { path: '/name', label: 'Name', type: 'text', keepEmpty: true, help: 'The property name instances set, and the {placeholder} data sources use.' },
    { path: '/label', label: 'Label', type: 'text' },
    { path: '/type', label: 'Type', type: 'select', blank: 'Not set (string)', rebuild: true,
      options: opt(['string', 'boolean', 'number', 'url', 'enum']) },
    ...(setting?.type === 'enum' ? [{ path: '/options', label: 'Options', type: 'lines', redrawOnChange: true, help: 'The allowed values, one per line.' }] : []),
    { path: '/required', label: 'Required', type: 'bool' },
    typedField('/defaultValue', 'Default value', setting, 'The value when an instance leaves it out.'),
    { path: '/description', label: 'Description', type: 'text' },
  ];
}

export function dataSourceFields(type) {
  const settings = (type?.uiDefinition?.settings ?? []).map((s) => s?.name).filter(Boolean);
  const names = [...settings.map((s) => `{${s}}`), ...INPUTS.split(', ').map((s) => `{${s}}`)].join(', ');
  return [
    { path: '/name', label: 'Name', type: 'text', keepEmpty: true, help: 'Screen pop and exports name the data source by this.' },
    { path: '/displayName', label: 'Display name', type: 'text' },
    { path: '/method', label: 'Method', type: 'select', blank: 'Default (GET)', options: opt(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) },
    { path: '/restEndpoint', label: 'REST endpoint', type: 'text', placeholder: 'e.g. {crmBaseEndpoint}/api/v1/accounts?phone={phone}',
      help: `An https URL template. Placeholders: ${names}. Values are percent-encoded; a url setting at the start is used as the base.` },
    { path: '/authenticationType', label: 'Authentication', type: 'select', blank: 'Not set', options: AUTH },
    { path: '/requestHeaders', label: 'Request headers', type: 'pairs', example: 'Accept: application/json',
      help: 'One “Name: value” per line. Never an Authorization header: the instance’s credentials supply it.' },
    { path: '/body', label: 'Body template', type: 'lines-text', help: 'For POST, PUT and PATCH; values are JSON-escaped.' },
    { path: '/records', label: 'Records', type: 'text', placeholder: 'e.g. $.items[*]',
      help: 'A JSONPath (RFC 9535) selecting the result records. Empty: the whole response is one record.' },
    { path: '/responseMapping', label: 'Response mapping', type: 'pairs', example: 'accountId: $.id', rows: 4,
      help: 'One “output: JSONPath” per line; paths are relative to a record.' },
    { path: '/types', label: 'Output types', type: 'pairs', example: 'lastInteractionDate: datetime',
      help: 'One “output: type” per line: string, number, boolean or datetime.' },
    { path: '/mappingDefaults', label: 'Defaults (JSON)', type: 'json', rows: 2, help: 'Output values when a path matches nothing, as a JSON object such as {"accountTier": "standard"}.' },
    { path: '/pagination/next', label: 'Pagination: next-page URL path', type: 'text', placeholder: 'e.g. $.next', help: 'A JSONPath to the next page’s URL. Or fill in page and size, or cursor.' },
    { path: '/pagination/page', label: 'Pagination: page parameter', type: 'text', placeholder: 'e.g. page' },
    { path: '/pagination/size', label: 'Pagination: size parameter', type: 'text', placeholder: 'e.g. pageSize' },
    { path: '/pagination/cursor', label: 'Pagination: cursor path', type: 'text', placeholder: 'e.g. $.meta.cursor' },
    { path: '/pagination/cursorParam', label: 'Pagination: cursor parameter', type: 'text', placeholder: 'e.g. cursor' },
    { path: '/timeoutSeconds', label: 'Timeout (seconds)', type: 'int', help: '1 to 60; default 10.' },
    { path: '/maxResponseBytes', label: 'Largest response (bytes)', type: 'int', help: 'Default 1048576 (1 MiB).' },
    { path: '/maxPages', label: 'Most pages', type: 'int', help: 'Default 5.' },
  ];
}

export function instanceGeneral(ws) {
  const types = (ws.integration_type ?? []).map((t) => t?.name).filter((n) => typeof n === 'string' && n);
  return [
    { path: '/name', label: 'Name', type: 'text', keepEmpty: true },
    { path: '/type', label: 'Integration type', type: 'select', blank: 'Choose a type', rebuild: true, options: opt(types) },
    { path: '/status', label: 'Status', type: 'select', blank: 'Not set', options: opt(['active', 'inactive']) },
    { path: '/userGroups', label: 'User groups', type: 'groups', help: 'One group per line, as “group” or “group: role”. Agents outside them cannot use the integration.' },
  ];
}

/** The instance's properties: each setting of its type, then the OAuth keys. */
export function instanceProperties(type) {
  const settings = (type?.uiDefinition?.settings ?? []).filter((s) => typeof s?.name === 'string' && s.name);
  return [
    ...settings.map((s) => typedField(`/properties/${s.name.replace(/~/g, '~0').replace(/\//g, '~1')}`, s.label || s.name, s,
      [s.description, s.required ? 'Required.' : null, s.defaultValue !== undefined ? `Default: ${JSON.stringify(s.defaultValue)}.` : null]
        .filter(Boolean).join(' ') || undefined)),
    ...OAUTH_PROPERTIES.map((p) => ({ path: `/properties/${p.key}`, label: p.label, type: 'text', help: p.help })),
    { path: '/properties', label: 'Other properties (JSON)', type: 'other', rows: 2,
      known: new Set([...settings.map((s) => s.name), ...OAUTH_PROPERTIES.map((p) => p.key)]),
      help: 'Properties the type does not declare, as a JSON object.' },
  ];
}
