// Generated from framesmith's Rust types by src/builder/typescript.rs. Do not edit:
// run `UPDATE_TYPES=1 cargo test --test typescript`.

/** the workspace */
export interface Workspace {
  /** the org: `[org]` with `name` and `region` */
  org: Org;
  /** the org's Embeddable Framework deployments */
  deployment?: Deployment[];
  /** CRM integration types (blueprints) */
  integration_type?: IntegrationType[];
  /** CRM integration instances */
  integration?: Integration[];
}

/** [org] */
export interface Org {
  /** the org's name */
  name: string;
  /** the home region, as a code (eu-west-1) or a domain (mypurecloud.ie) */
  region: string;
}

/** a [[deployment]] */
export interface Deployment {
  /** the integration's name, config.name in framework.js */
  name: string;
  /** private (at most five per org) or public; default private */
  kind?: "private" | "public";
  /** region code or domain; default: the org's region */
  region?: string;
  /** the OAuth client id (a UUID) of this deployment's own OAuth client */
  client_id?: string;
  /** the exact https origin of the CRM page that embeds the softphone */
  crm_origin?: string;
  /** origins of applications that frame the CRM page itself (a Salesforce console); framesmith doctor checks the page lets them */
  embedded_in?: string[];
  /** groups that get the deployment; empty: every user */
  groups?: string[];
  /** active or inactive; default active */
  status?: "active" | "inactive";
  /** participant attributes passed to the CRM (config.customInteractionAttributes) */
  custom_interaction_attributes?: string[];
  /** the deployment's OAuth client */
  oauth?: OAuth;
  /** Embeddable Framework config.settings, spelled as Genesys spells them */
  settings?: Record<string, unknown>;
  /** how callers are looked up in the CRM and popped */
  screen_pop?: ScreenPop;
}

/** an [[integration_type]] */
export interface IntegrationType {
  /** the integration type's name */
  name: string;
  /** what it is for */
  description?: string;
  /** who makes it */
  vendor?: string;
  /** the kind of integration, such as crm */
  integrationType?: string;
  /** oauth2 (authorization code or client credentials), basic or none */
  authType?: "oauth2" | "basic" | "none";
  /** CRM scopes the integration needs */
  requiredScopes?: string[];
  /** CRM scopes the CRM offers */
  availableScopes?: string[];
  /** the settings an instance fills in */
  uiDefinition?: UiDefinition;
  /** requests the integration can make */
  dataSources?: DataSource[];
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** an [[integration]] */
export interface Integration {
  /** the instance's name */
  name: string;
  /** the integration type's name */
  type: string;
  /** active or inactive */
  status?: string;
  /** the type's settings plus OAuth endpoints and ids */
  properties?: Record<string, unknown>;
  /** groups that may use the instance */
  userGroups?: UserGroup[];
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** [deployment.oauth] */
export interface OAuth {
  /** pkce (default) or implicit (retired by Genesys) */
  flow?: "pkce" | "implicit";
  /** 300 to 172800; default 64800 (18 hours) */
  token_lifetime_seconds?: number;
  /** granted scopes; default: the Embeddable Framework's required set */
  scopes?: string[];
  /** registered redirect URIs; default: https://apps.<domain>/crm/index.html */
  redirect_uris?: string[];
}

/** [deployment.screen_pop] */
export interface ScreenPop {
  /** the integration instance that looks callers up */
  integration: string;
  /** the instance type's data source used for the lookup */
  data_source: string;
  /** host (default), proxy or direct */
  route?: "host" | "proxy" | "direct";
  /** alerting (default) or connected */
  trigger?: "alerting" | "connected";
  /** interaction attribute holding the search value; default: the caller's number */
  search_attribute?: string;
  /** ISO 3166-1 alpha-2 country for numbers without a country code */
  default_country?: string;
  /** other spellings tried in order when E.164 finds nothing: digits, national, national_digits */
  alternative_formats?: string[];
  /** the Genesys data action the proxy route executes (its UUID) */
  action_id?: string;
  /** the direct route's CRM sign-in redirect: a page at crm_origin that calls completeSignIn() from framesmith-host.js */
  redirect_uri?: string;
  /** URL template opened when one record matches */
  on_single?: string;
  /** URL template opened when several records match */
  on_multiple?: string;
  /** URL template opened when no record matches */
  on_none?: string;
  /** where framesmith-host.js opens a pop: page (onPop only; the default), new_tab (one tab per deployment, reused), same_tab_frame (the popFrame given to attach()) */
  open?: "page" | "new_tab" | "same_tab_frame";
  /** data source answering the softphone's contact search */
  contact_search?: string;
  /** data source creating an interaction's call log (its response mapping names the CRM's id) */
  call_log?: string;
  /** data source updating that call log on every later edit, disconnect and wrap-up, with {callLog.id} (PATCH or PUT) */
  call_log_update?: string;
  /** data source creating the record when a lookup finds none (POST or PUT, from {name}, {phone}, {email}); the pop opens it. Off unless named */
  create?: string;
  /** voice's search order: attribute:NAME, phone, email, name; default: search_attribute, then the caller's number */
  search?: string[];
  /** callbacks pop: where the search value comes from, and any shared key to override */
  callback?: MediaPop;
  /** outbound calls pop: campaign (dialer) calls, and with manual = true calls dialled by hand */
  outbound?: Outbound;
  /** web chats and web messaging pop */
  chat?: MediaPop;
  /** messages pop: SMS, WhatsApp, Messenger... */
  message?: MediaPop;
  /** emails pop */
  email?: MediaPop;
}

/** uiDefinition */
export interface UiDefinition {
  /** the settings an instance fills in */
  settings?: UiSetting[];
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** a data source */
export interface DataSource {
  /** the data source's name */
  name: string;
  /** what the admin sees */
  displayName?: string;
  /** URL template with {setting} and {input} placeholders */
  restEndpoint?: string;
  /** HTTP method */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** how requests authenticate: oauth2, basic or none */
  authenticationType?: "oauth2" | "basic" | "none";
  /** request headers */
  requestHeaders?: Record<string, string>;
  /** request body template */
  body?: string;
  /** JSONPath selecting the result records */
  records?: string;
  /** output name to JSONPath */
  responseMapping?: Record<string, string>;
  /** output values when a path matches nothing */
  mappingDefaults?: Record<string, unknown>;
  /** output types */
  types?: Record<string, "string" | "number" | "boolean" | "datetime">;
  /** how to get further pages */
  pagination?: Pagination;
  /** 1 to 60; default 10 */
  timeoutSeconds?: number;
  /** default 1 MiB */
  maxResponseBytes?: number;
  /** default 5 */
  maxPages?: number;
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** a userGroups entry */
export interface UserGroup {
  /** the group */
  id: string;
  /** the group's role */
  role?: string;
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** [deployment.screen_pop.callback], .chat, .message or .email: one kind of interaction's pop settings */
export interface MediaPop {
  /** where the search value comes from, first that yields one: attribute:NAME, phone, email, name */
  search?: string[];
  /** the data source of this kind's lookup; default: the shared one */
  data_source?: string;
  /** how this kind's lookup reaches the CRM (host, proxy or direct); default: the shared one */
  route?: "host" | "proxy" | "direct";
  /** alerting or connected; default: the shared one */
  trigger?: "alerting" | "connected";
  /** ISO 3166-1 alpha-2 country for numbers without a country code */
  default_country?: string;
  /** other spellings of a number tried in order when E.164 finds nothing */
  alternative_formats?: string[];
  /** the data action of this kind's data source (proxy route) */
  action_id?: string;
  /** URL template opened when one record matches */
  on_single?: string;
  /** URL template opened when several records match */
  on_multiple?: string;
  /** URL template opened when no record matches */
  on_none?: string;
}

/** [deployment.screen_pop.outbound] */
export interface Outbound {
  /** where the search value comes from, first that yields one: attribute:NAME, phone, email, name */
  search?: string[];
  /** the data source of this kind's lookup; default: the shared one */
  data_source?: string;
  /** how this kind's lookup reaches the CRM (host, proxy or direct); default: the shared one */
  route?: "host" | "proxy" | "direct";
  /** alerting or connected; default: the shared one */
  trigger?: "alerting" | "connected";
  /** ISO 3166-1 alpha-2 country for numbers without a country code */
  default_country?: string;
  /** other spellings of a number tried in order when E.164 finds nothing */
  alternative_formats?: string[];
  /** the data action of this kind's data source (proxy route) */
  action_id?: string;
  /** URL template opened when one record matches */
  on_single?: string;
  /** URL template opened when several records match */
  on_multiple?: string;
  /** URL template opened when no record matches */
  on_none?: string;
  /** campaign (dialer) calls pop, a preview before the number is dialled; default: true */
  campaign?: boolean;
  /** calls the agent dials by hand pop; default: false */
  manual?: boolean;
}

/** a uiDefinition setting */
export interface UiSetting {
  /** the property name instances use */
  name: string;
  /** what the admin sees */
  label?: string;
  /** string, boolean, number, url or enum */
  type?: "string" | "boolean" | "number" | "url" | "enum";
  /** for enum: the allowed values */
  options?: string[];
  /** whether instances must set it */
  required?: boolean;
  /** the value when an instance leaves it out */
  defaultValue?: unknown;
  /** help text */
  description?: string;
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** pagination */
export interface Pagination {
  /** JSONPath to the next page's URL */
  next?: string;
  /** page-number parameter name */
  page?: string;
  /** page-size parameter name */
  size?: string;
  /** JSONPath to the next cursor */
  cursor?: string;
  /** cursor parameter name */
  cursorParam?: string;
  /** Keys Genesys or the CRM may add (checked with a warning). */
  [key: string]: unknown;
}

/** How serious a finding is. */
export type Severity = "error" | "warning" | "info";

/** One finding, in the same shape as `framesmith check --format json`. */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  /** JSON pointer (RFC 6901) into the workspace; "" for the whole file. */
  path: string;
  message: string;
  /** How to fix it. */
  hint: string;
  /** 1-based, when the finding came from text. */
  line?: number;
  column?: number;
}

/** A workspace read from text, and what is wrong with it. */
export interface Parsed {
  workspace: Workspace;
  diagnostics: Diagnostic[];
}

/** What a hand-edited framework.js describes. */
export interface Imported {
  /** Absent when no deployment could be read; `diagnostics` says why. */
  workspace?: Workspace;
  toml?: string;
  /** What could not be carried over; a `lint/syntax` finding when the file is not JavaScript. */
  diagnostics: Diagnostic[];
  /** `framesmith lint`'s findings on the same file. */
  findings: Diagnostic[];
}

/** One deployment's output, as `framesmith build` writes it. */
export interface Rendered {
  /** The deployment's folder name in `build` output and in the zip. */
  slug: string;
  frameworkJs: string;
  checklist: string;
  /** Hex SHA-256 of framework.js after its header line. */
  hash: string;
}

export interface RegionInfo {
  code: string;
  domain: string;
  name: string;
  env: "prod" | "fedramp" | "eusc";
}

export interface SettingInfo {
  key: string;
  kind: "bool" | "string" | "calling-code" | "list" | "theme" | "sso" | "display";
  /** For lists: the values Genesys documents. */
  values: string[];
  /** For lists: values Genesys' example repositories do not show (accepted, with at most one info per list). */
  seenElsewhere: string[];
  doc: string;
}

/** The platform facts the page builds its controls from. */
export interface Catalogue {
  version: string;
  regions: RegionInfo[];
  /** Scopes the Embeddable Framework needs; the default set. */
  requiredScopes: string[];
  /** Every scope framesmith knows, sorted. */
  scopes: string[];
  settings: SettingInfo[];
  ssoProviders: string[];
  /** [ISO 3166-1 alpha-2, calling code digits] */
  countries: [string, string][];
  maxPrivate: number;
  tokenLifetime: { min: number; max: number; default: number };
}

/** What the module's functions throw: a real Error with a stable code. */
export interface FramesmithError extends Error {
  code: ErrorCode;
  /** For "parse/syntax": the syntax error. For "build/invalid": the errors in the way. */
  diagnostics?: Diagnostic[];
  /** For "export/unrepresentable": where the value that cannot be written is. */
  path?: string;
}

/** Stable diagnostic codes (docs/diagnostics.md). */
export type Code =
  | "parse/syntax"
  | "lint/syntax"
  | "lint/no-framework"
  | "lint/attributes-empty"
  | "lint/post-message-target"
  | "lint/client-id"
  | "lint/implicit-grant"
  | "lint/external-script"
  | "lint/token-exposure"
  | "lint/config-key"
  | "lint/setting"
  | "lint/contact-search"
  | "lint/call-log"
  | "lint/message-origin"
  | "lint/secret"
  | "lint/eval"
  | "lint/undeclared-name"
  | "lint/parent-access"
  | "lint/client-api"
  | "lint/blocking"
  | "doctor/no-softphone"
  | "doctor/iframe-src"
  | "doctor/iframe-allow"
  | "doctor/iframe-sandbox"
  | "doctor/csp-frame"
  | "doctor/csp-script"
  | "doctor/csp-connect"
  | "doctor/permissions-policy"
  | "doctor/host-adapter"
  | "doctor/frame-ancestors"
  | "doctor/cors"
  | "doctor/runtime-place"
  | "doctor/crm-origin"
  | "schema/unknown-key"
  | "schema/missing-key"
  | "schema/wrong-type"
  | "schema/invalid-value"
  | "region/unknown"
  | "client-id/missing"
  | "client-id/not-uuid"
  | "client-id/duplicate"
  | "oauth/redirect-uri"
  | "oauth/redirect-uri-missing"
  | "oauth/token-lifetime"
  | "oauth/scope-missing"
  | "oauth/scope-unknown"
  | "oauth/scope-extra"
  | "oauth/scope-duplicate"
  | "oauth/implicit-grant"
  | "deployment/private-limit"
  | "deployment/duplicate-name"
  | "deployment/groups-empty"
  | "attributes/empty"
  | "attributes/duplicate"
  | "settings/unknown-key"
  | "settings/misspelled-key"
  | "settings/wrong-type"
  | "settings/invalid-value"
  | "settings/other-spelling"
  | "settings/undocumented-value"
  | "settings/theme-colour"
  | "settings/sms-country-code"
  | "settings/call-logs-without-writer"
  | "settings/contacts-without-search"
  | "settings/pkce-conflict"
  | "crm-origin/missing"
  | "crm-origin/not-https"
  | "crm-origin/wildcard"
  | "crm-origin/not-origin"
  | "secret/exposed"
  | "screen-pop/unknown-integration"
  | "screen-pop/unknown-data-source"
  | "screen-pop/attribute-not-requested"
  | "screen-pop/country"
  | "screen-pop/action-id"
  | "screen-pop/direct-route"
  | "screen-pop/alternative-format"
  | "integration/unknown-type"
  | "integration/scope-too-broad"
  | "integration/scope-not-offered"
  | "integration/setting-duplicate"
  | "integration/setting-default"
  | "integration/property-missing"
  | "integration/property-type"
  | "integration/property-unknown"
  | "integration/plaintext-secret"
  | "integration/redirect-uri"
  | "integration/no-user-groups"
  | "data-source/endpoint"
  | "data-source/placeholder"
  | "data-source/authorization-header"
  | "data-source/jsonpath"
  | "data-source/no-pagination"
  | "data-source/output-name"
  | "data-source/output-collision"
  | "data-source/limits"
  | "integration/duplicate-name"
  | "data-source/duplicate-name"
  | "screen-pop/placeholder"
  | "screen-pop/search"
  | "screen-pop/search-never"
  | "screen-pop/search-phone"
  | "screen-pop/url-phone"
  | "screen-pop/call-log-update"
  | "screen-pop/create"
  | "screen-pop/media-route"
  | "screen-pop/url"
  | "import/no-framework"
  | "import/unreadable"
  | "import/unsupported"
  | "import/client-id"
  | "import/crm-origin"
  | "import/flow"
;

/** Codes of the errors the module throws. */
export type ErrorCode =
  /** the argument is not plain data (a function, a symbol, a cycle) */
  | "input/not-workspace"
  /** blocksBuild: the argument is not a finding (no string severity and path) */
  | "input/not-diagnostic"
  /** the format is neither "toml" nor "json" */
  | "input/format"
  /** an argument that must be a string is not one */
  | "input/not-text"
  /** an index is not a whole number from 0 */
  | "input/not-index"
  /** the text is not valid TOML or JSON */
  | "parse/syntax"
  /** the workspace (or this deployment) has errors */
  | "build/invalid"
  /** there is no deployment at that index */
  | "build/no-deployment"
  /** rendering failed: a bug in framesmith */
  | "build/render"
  /** the workspace holds a value the format cannot write */
  | "export/unrepresentable"
;
