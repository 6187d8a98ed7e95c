// What the deployment editor shows: every field of a workspace deployment, with its
// label, control and help, in the order an admin fills them in. Paths are JSON pointers
// relative to the deployment; EF settings come from the module's catalogue.

const opt = (pairs) => pairs.map(([value, text]) => ({ value, text }));

export function deploymentSections(cat) {
  const known = new Set(cat.settings.map((s) => s.key));
  const settings = cat.settings
    .filter((s) => s.key !== 'usePKCEAuthFlow')
    .flatMap((s) => {
      const path = `/settings/${s.key}`;
      switch (s.kind) {
        case 'bool': return [{ path, label: s.key, type: 'bool', help: s.doc }];
        case 'list': return [{ path, label: s.key, type: 'multi', help: s.doc,
          options: [...s.values.map((v) => ({ value: v, text: v })),
            ...s.seenElsewhere.map((v) => ({ value: v, text: `${v} (not documented by Genesys)` }))] }];
        case 'theme': return [
          { path: '/settings/theme/primary', label: 'Theme primary colour', type: 'text', help: 'A hex colour such as #0b5cab.' },
          { path: '/settings/theme/text', label: 'Theme text colour', type: 'text', help: 'A hex colour such as #ffffff.' },
        ];
        case 'sso': return [
          { path: '/settings/sso/provider', label: 'SSO provider', type: 'select', blank: 'None',
            options: cat.ssoProviders.map((p) => ({ value: p, text: p })) },
          { path: '/settings/sso/orgName', label: 'SSO org name', type: 'text' },
        ];
        case 'display': return [{ path, label: `${s.key} (JSON)`, type: 'json', help: s.doc }];
        default: return [{ path, label: s.key, type: 'text', help: s.doc }];
      }
    });
  return [
    { legend: 'General', fields: [
      { path: '/name', label: 'Name', type: 'text', keepEmpty: true, help: 'Shown to agents; config.name in framework.js.' },
      { path: '/kind', label: 'Kind', type: 'select', def: 'private',
        options: opt([['private', 'Private (uses one of the five slots)'], ['public', 'Public']]) },
      { path: '/region', label: 'Region', type: 'region', help: 'Where the org lives; defaults to the home region.' },
      { path: '/client_id', label: 'Client ID', type: 'text', help: 'The OAuth client id (a UUID) of this deployment’s own OAuth client.' },
      { path: '/crm_origin', label: 'CRM origin', type: 'text', help: 'The exact https origin of the CRM page that embeds the softphone, such as https://acme.crm4.dynamics.com.' },
      { path: '/embedded_in', label: 'Embedded in', type: 'lines', help: 'Origins of applications that show the CRM page inside a frame of their own (a Salesforce console, a Dynamics app), one per line; framesmith doctor checks the page lets them frame it.' },
      { path: '/groups', label: 'Groups', type: 'lines', help: 'One group per line. Empty: every user.' },
      { path: '/status', label: 'Status', type: 'select', def: 'active', options: opt([['active', 'Active'], ['inactive', 'Inactive']]) },
      { path: '/custom_interaction_attributes', label: 'Custom interaction attributes', type: 'lines', help: 'Participant attributes passed to the CRM, one per line.' },
    ] },
    { legend: 'OAuth', fields: [
      { path: '/oauth/flow', label: 'OAuth flow', type: 'select', def: 'pkce',
        options: opt([['pkce', 'Authorization code with PKCE'], ['implicit', 'Implicit grant (retired by Genesys)']]) },
      { path: '/oauth/token_lifetime_seconds', label: 'Token lifetime (seconds)', type: 'int',
        help: `${cat.tokenLifetime.min} to ${cat.tokenLifetime.max}; default ${cat.tokenLifetime.default} (18 hours).` },
      { path: '/oauth/scopes', label: 'Scopes', type: 'scopes' },
      { path: '/oauth/redirect_uris', label: 'Redirect URIs', type: 'lines', help: 'One per line. Default: the region’s https://apps.<domain>/crm/index.html.' },
    ] },
    { legend: 'Embeddable Framework settings', fields: [
      ...settings,
      { path: '/settings', label: 'Other settings (JSON)', type: 'other', known, help: 'Settings keys framesmith does not list, as a JSON object.' },
    ] },
    { legend: 'Screen pop', fields: [
      { path: '/screen_pop/integration', label: 'Integration', type: 'text', list: 'integrations' },
      { path: '/screen_pop/data_source', label: 'Data source', type: 'text', list: 'data-sources' },
      { path: '/screen_pop/route', label: 'Route', type: 'select', blank: 'Default (host)',
        options: opt([['host', 'host'], ['proxy', 'proxy'], ['direct', 'direct']]) },
      { path: '/screen_pop/trigger', label: 'Trigger', type: 'select', blank: 'Default (alerting)',
        options: opt([['alerting', 'alerting'], ['connected', 'connected']]) },
      { path: '/screen_pop/search_attribute', label: 'Search attribute', type: 'text', help: 'Interaction attribute holding the search value; default: the caller’s number.' },
      { path: '/screen_pop/default_country', label: 'Default country', type: 'text', help: 'ISO 3166-1 alpha-2, such as IE, for numbers without a country code.' },
      { path: '/screen_pop/alternative_formats', label: 'Alternative number formats', type: 'lines', help: 'Tried in order when the E.164 number finds nothing, one per line: digits, national, national_digits.' },
      { path: '/screen_pop/action_id', label: 'Data action id (proxy route)', type: 'text', help: 'The Genesys data action the proxy route executes: its UUID, from Admin > Integrations > Actions.' },
      { path: '/screen_pop/redirect_uri', label: 'Sign-in redirect URI (direct route)', type: 'text', help: 'A page at the CRM origin that calls completeSignIn() from framesmith-host.js; register it with the CRM’s OAuth client.' },
      { path: '/screen_pop/on_single', label: 'URL when one record matches', type: 'text' },
      { path: '/screen_pop/on_multiple', label: 'URL when several records match', type: 'text' },
      { path: '/screen_pop/on_none', label: 'URL when no record matches', type: 'text' },
      { path: '/screen_pop/open', label: 'Where a pop opens', type: 'select', blank: 'Default (the page’s onPop)',
        options: opt([['page', 'page: onPop only'], ['new_tab', 'new_tab: one reused tab'], ['same_tab_frame', 'same_tab_frame: the popFrame']]),
        help: 'Opened by framesmith-host.js, never in the window that holds the softphone; new_tab needs pop-ups allowed for the CRM.' },
      { path: '/screen_pop/contact_search', label: 'Contact search data source', type: 'text', list: 'data-sources' },
      { path: '/screen_pop/call_log', label: 'Call log data source', type: 'text', list: 'data-sources', help: 'Creates the activity on the first processCallLog; answers the CRM’s id.' },
      { path: '/screen_pop/call_log_update', label: 'Call log update data source', type: 'text', list: 'data-sources', help: 'Updates that activity on every later edit, the disconnect and the wrap-up (PATCH or PUT, its endpoint may name {callLog.id}).' },
      { path: '/screen_pop/create', label: 'Create the record when none matches', type: 'text', list: 'data-sources', help: 'A POST or PUT data source that creates it from the caller’s name, number or address; the pop then opens it. Off when empty.' },
    ] },
  ];
}

// Every other kind of interaction the deployment pops (issue 23): a fieldset per kind, opted
// in by its table; each field writes the whole table, so that clearing the last one keeps
// the kind popping with the shared settings.
const KINDS = [
  ['callback', 'callbacks', 'attribute:PT_SearchValue, then the callback number'],
  ['outbound', 'outbound calls', 'the search attribute, then the dialled number'],
  ['chat', 'chats (web chat and web messaging)', 'the search attribute, the visitor’s address, then the name'],
  ['message', 'messages (SMS, WhatsApp, Messenger…)', 'the search attribute, the sender’s number, then the name'],
  ['email', 'emails', 'the search attribute, then the sender’s address'],
];

export function mediaSections() {
  return KINDS.map(([key, noun, order]) => {
    const t = `/screen_pop/${key}`;
    const fields = [
      { path: `${t}/search`, label: 'Search order', type: 'lines',
        help: `Where the search value comes from, one per line, the first that yields one wins: attribute:NAME, phone, email, name. Default: ${order}.` },
      { path: `${t}/data_source`, label: 'Data source', type: 'text', list: 'data-sources', help: 'Default: the shared data source.' },
      { path: `${t}/trigger`, label: 'Trigger', type: 'select', blank: 'Shared trigger',
        options: opt([['alerting', 'alerting'], ['connected', 'connected']]) },
      { path: `${t}/default_country`, label: 'Default country', type: 'text', help: 'Default: the shared one.' },
      { path: `${t}/alternative_formats`, label: 'Alternative number formats', type: 'lines', help: 'Default: the shared ones.' },
      { path: `${t}/action_id`, label: 'Data action id (proxy route)', type: 'text', help: 'The data action of this kind’s own data source.' },
      { path: `${t}/on_single`, label: 'URL when one record matches', type: 'text', help: 'Default: the shared URL. Besides {phone}: {searchValue}, {email}, {name}, {media}.' },
      { path: `${t}/on_multiple`, label: 'URL when several records match', type: 'text', help: 'Default: the shared URL.' },
      { path: `${t}/on_none`, label: 'URL when no record matches', type: 'text', help: 'Default: the shared URL.' },
    ];
    if (key === 'outbound') {
      fields.unshift(
        { path: `${t}/campaign`, label: 'Campaign (dialer) calls pop, a preview before it is dialled', type: 'bool', def: true },
        { path: `${t}/manual`, label: 'Calls the agent dials by hand pop', type: 'bool' },
      );
    }
    // Each label names its kind: the fieldsets repeat the same fields, and every control's
    // accessible name must say which one it is.
    const title = noun[0].toUpperCase() + noun.slice(1).split(' (')[0];
    const lower = (l) => (/^[A-Z][a-z]/.test(l) ? l[0].toLowerCase() + l.slice(1) : l);
    for (const f of fields) f.label = `${title}: ${lower(f.label)}`;
    return { legend: `Screen pop: ${noun}`, table: t, optin: `Pop ${noun.split(' (')[0]}`, fields };
  });
}

