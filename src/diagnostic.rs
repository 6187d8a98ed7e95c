//! The one shape every finding takes, in the CLI, the page and the wasm API: a stable code,
//! a severity, a JSON pointer into the workspace, a message quoting the bad value and a hint
//! saying how to fix it. Findings are data; nothing here is an exception.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $sev:ident, $doc:literal;)*) => {
        /// Stable diagnostic codes. The text form is the public contract: tools match on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        pub enum Code {
            $(#[serde(rename = $text)] #[doc = $doc] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// The severity this code usually carries.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One line saying what the code means (the table in docs/diagnostics.md).
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    ParseSyntax = "parse/syntax", Error, "The workspace is not valid TOML or JSON.";
    LintSyntax = "lint/syntax", Error, "A framework.js that is not valid JavaScript (an ES2022 script), at the parser's position.";
    LintNoFramework = "lint/no-framework", Error, "A framework.js that never gives `window.Framework` an object with a `config`.";
    LintAttributesEmpty = "lint/attributes-empty", Error, "A framework.js whose `customInteractionAttributes` is empty.";
    LintPostMessageTarget = "lint/post-message-target", Error, "`postMessage` to a window with `\"*\"`, no target at all, a target that is not https, or one that is not an exact origin.";
    LintClientId = "lint/client-id", Error, "A `clientIds` key that is not a region domain (a typo, a region code, spaces), a client id that is a placeholder or not a UUID, or no client id at all; one id under two regions (info).";
    LintImplicitGrant = "lint/implicit-grant", Warning, "A framework.js that logs agents in with the implicit grant (`usePKCEAuthFlow` not true), which Genesys is retiring.";
    LintExternalScript = "lint/external-script", Error, "A framework.js that loads code from elsewhere at run time (a script element, `import()`, `importScripts`, `$.getScript`, `require` of a URL, a script tag written into the page).";
    LintTokenExposure = "lint/token-exposure", Error, "The Genesys token from `getAuthToken` written to the console, a cookie, web storage, or posted to another window.";
    LintConfigKey = "lint/config-key", Error, "`config` lacks `name`, `settings`, `clientIds` or `customInteractionAttributes`, a key sits at the wrong level or is written twice, or a value is code that cannot be verified (info).";
    LintSetting = "lint/setting", Error, "A `config.settings` key that is unknown or misspelt, written twice, of the wrong type, or with an invalid value (`searchTargets`, `callControls`, theme colours).";
    LintContactSearch = "lint/contact-search", Error, "`searchTargets` includes `frameworkContacts` but no `contactSearch` answers: missing, empty, or never calling `onSuccess`.";
    LintCallLog = "lint/call-log", Error, "`enableCallLogs` is true but no `processCallLog` answers: missing, a default body, never calling `onSuccess`, or calling it at once with a made-up id.";
    LintMessageOrigin = "lint/message-origin", Error, "A `message` listener that acts on what it receives without first comparing `event.origin` with an exact origin.";
    LintSecret = "lint/secret", Error, "A hard-coded credential in a framework.js: a client secret, password, API key or bearer token (never quoted back).";
    LintEval = "lint/eval", Error, "`eval`, `new Function`, or text given to `setTimeout`/`setInterval` to run as code.";
    LintUndeclaredName = "lint/undeclared-name", Error, "A hook uses a name the file never defines and neither the browser nor the Genesys client provides: it throws before it answers.";
    LintParentAccess = "lint/parent-access", Error, "framework.js reads or calls something on `parent`, `top` or `opener` other than `postMessage`, which throws a SecurityError in Genesys' cross-site frame (or navigates the CRM page).";
    LintClientApi = "lint/client-api", Error, "A `PureCloud` member the client does not have, an argument of the wrong kind or without the keys the call needs, or `PureCloud` called at the top level before `initialSetup` (warning).";
    LintBlocking = "lint/blocking", Error, "`alert`, `confirm`, `prompt` or `document.write`, which freeze or replace the agent's client; changes to Genesys' own page or styles (warning).";
    DoctorNoSoftphone = "doctor/no-softphone", Error, "The CRM page has no iframe at the deployment's `https://apps.<domain>`.";
    DoctorIframeSrc = "doctor/iframe-src", Error, "The softphone's iframe loads another region, plain http, a page other than the two that run the framework (`/crm/embeddableFramework.html`, `/crm/index.html`), or a `parentDomain` other than `crm_origin` (a warning).";
    DoctorIframeAllow = "doctor/iframe-allow", Error, "The softphone's iframe does not delegate the microphone (an error) or the camera, autoplay or clipboard-write (warnings).";
    DoctorIframeSandbox = "doctor/iframe-sandbox", Error, "The softphone's iframe is sandboxed without `allow-scripts`, `allow-same-origin`, `allow-popups` or `allow-forms`.";
    DoctorCspFrame = "doctor/csp-frame", Error, "The page's Content-Security-Policy (`frame-src`, `child-src`, `default-src`) blocks the softphone's frame (a warning when report-only).";
    DoctorCspScript = "doctor/csp-script", Error, "The page's Content-Security-Policy blocks the script that loads framesmith-host.js (a warning when report-only).";
    DoctorCspConnect = "doctor/csp-connect", Error, "The page's Content-Security-Policy `connect-src` blocks the host route's lookups (a warning when report-only).";
    DoctorPermissionsPolicy = "doctor/permissions-policy", Error, "The page's `Permissions-Policy` (or `Feature-Policy`) switches the microphone off for the softphone's origin.";
    DoctorHostAdapter = "doctor/host-adapter", Error, "A deployment that pops, on a page that never loads framesmith-host.js or never calls `attach()`.";
    DoctorFrameAncestors = "doctor/frame-ancestors", Error, "An application in `embedded_in` may not frame the CRM page: its `frame-ancestors` or `X-Frame-Options` refuses it (a warning when report-only).";
    DoctorCors = "doctor/cors", Error, "With `--live`: the CRM API refuses the direct route's CORS preflight from the softphone's origin (origin, method or headers, Authorization named).";
    DoctorRuntimePlace = "doctor/runtime-place", Error, "With `--live`: where the runtime runs. An info when it runs in the softphone, or in the CRM page because Genesys' client page forbids WebAssembly and `attach()` is given `runtime`; an error when it can run in neither, so nothing pops.";
    DoctorCrmOrigin = "doctor/crm-origin", Error, "The page is served from an origin other than the deployment's `crm_origin`.";
    SchemaUnknownKey = "schema/unknown-key", Error, "A key framesmith does not know (an error in framesmith's own tables, a warning in tables spelled as Genesys spells them).";
    SchemaMissingKey = "schema/missing-key", Error, "A required key is absent.";
    SchemaWrongType = "schema/wrong-type", Error, "A value has the wrong type (text where a number belongs, and so on).";
    SchemaInvalidValue = "schema/invalid-value", Error, "A value outside the allowed set (`kind`, `status`, `flow`, `route`, `trigger`; an integration type's `authType`, a data source's `method` and `authenticationType`, a setting's `type`).";
    RegionUnknown = "region/unknown", Error, "A region that is neither a Genesys region code nor a region domain.";
    ClientIdMissing = "client-id/missing", Error, "A deployment without an OAuth client id.";
    ClientIdNotUuid = "client-id/not-uuid", Error, "An OAuth client id that is not a UUID.";
    ClientIdDuplicate = "client-id/duplicate", Error, "Two deployments share an OAuth client id; each needs its own.";
    OauthRedirectUri = "oauth/redirect-uri", Error, "A redirect URI other than exactly `https://apps.<domain>/crm/index.html` for the deployment's region.";
    OauthRedirectUriMissing = "oauth/redirect-uri-missing", Error, "`redirect_uris` is given but lacks the Embeddable Framework's redirect URI.";
    OauthTokenLifetime = "oauth/token-lifetime", Error, "A token lifetime outside 300–172800 seconds.";
    OauthScopeMissing = "oauth/scope-missing", Error, "A scope the Embeddable Framework needs is not granted.";
    OauthScopeUnknown = "oauth/scope-unknown", Error, "A scope name Genesys does not have.";
    OauthScopeExtra = "oauth/scope-extra", Warning, "A scope beyond what the Embeddable Framework needs (least privilege).";
    OauthScopeDuplicate = "oauth/scope-duplicate", Warning, "A scope listed twice.";
    OauthImplicitGrant = "oauth/implicit-grant", Warning, "The implicit grant, which Genesys is retiring; use PKCE.";
    DeploymentPrivateLimit = "deployment/private-limit", Error, "More than five private deployments in one org.";
    DeploymentDuplicateName = "deployment/duplicate-name", Error, "Two deployments with the same name (or names that give the same output folder).";
    DeploymentGroupsEmpty = "deployment/groups-empty", Warning, "No groups: every user in the org gets the deployment.";
    AttributesEmpty = "attributes/empty", Error, "No custom interaction attributes (Genesys' linter rejects an empty list).";
    AttributesDuplicate = "attributes/duplicate", Warning, "A custom interaction attribute listed twice.";
    SettingsUnknownKey = "settings/unknown-key", Warning, "An EF settings key Genesys does not document.";
    SettingsMisspelledKey = "settings/misspelled-key", Error, "An EF settings key that is a near miss of a real one, so the setting would silently not apply.";
    SettingsWrongType = "settings/wrong-type", Error, "An EF setting with the wrong type of value.";
    SettingsInvalidValue = "settings/invalid-value", Error, "An EF setting value outside the values Genesys accepts.";
    SettingsOtherSpelling = "settings/other-spelling", Info, "A key or value Genesys' own files spell two ways (`frameworkcontacts`, `enableConfigurableCallerId`): both are accepted, and the other spelling is named.";
    SettingsUndocumentedValue = "settings/undocumented-value", Info, "List values in wide use that Genesys' example repositories do not show (`callControls` beyond pickup, transfer, mute, disconnect): one note per list.";
    SettingsThemeColour = "settings/theme-colour", Error, "A theme colour that is not `#rgb` or `#rrggbb`.";
    SettingsSmsCountryCode = "settings/sms-country-code", Error, "`defaultOutboundSMSCountryCode` that is not `+` and a real country calling code.";
    SettingsCallLogsWithoutWriter = "settings/call-logs-without-writer", Error, "`enableCallLogs` is on but no data source writes call logs.";
    SettingsContactsWithoutSearch = "settings/contacts-without-search", Error, "`searchTargets` has `frameworkContacts` but no data source answers contact searches.";
    SettingsPkceConflict = "settings/pkce-conflict", Error, "`usePKCEAuthFlow` in settings contradicts `oauth.flow`.";
    CrmOriginMissing = "crm-origin/missing", Error, "A deployment without the origin of the CRM page that embeds it.";
    CrmOriginNotHttps = "crm-origin/not-https", Error, "A CRM origin that is not https.";
    CrmOriginWildcard = "crm-origin/wildcard", Error, "A CRM origin with a wildcard; messages must go to one exact origin.";
    CrmOriginNotOrigin = "crm-origin/not-origin", Error, "A CRM origin with a path, query, credentials or other parts an origin does not have.";
    SecretExposed = "secret/exposed", Error, "Something that looks like a secret where only public values belong.";
    ScreenPopUnknownIntegration = "screen-pop/unknown-integration", Error, "`screen_pop.integration` names no integration instance.";
    ScreenPopUnknownDataSource = "screen-pop/unknown-data-source", Error, "A screen-pop data source the integration's type does not define.";
    ScreenPopAttributeNotRequested = "screen-pop/attribute-not-requested", Error, "`search_attribute` is not in `custom_interaction_attributes`, so its value never arrives.";
    ScreenPopCountry = "screen-pop/country", Error, "`default_country` that is not an ISO 3166-1 alpha-2 country code.";
    ScreenPopActionId = "screen-pop/action-id", Error, "The proxy route without a data action `action_id` (a UUID), or one that is not a UUID.";
    ScreenPopDirectRoute = "screen-pop/direct-route", Error, "The direct route without what its CRM sign-in needs: the integration's `authorizationEndpoint`, `tokenEndpoint` and `clientId`, and a `redirect_uri` at `crm_origin`.";
    ScreenPopAlternativeFormat = "screen-pop/alternative-format", Error, "An `alternative_formats` entry that is not a known format, or national formats without a `default_country`.";
    IntegrationUnknownType = "integration/unknown-type", Error, "An integration instance whose `type` names no integration type.";
    IntegrationScopeTooBroad = "integration/scope-too-broad", Error, "An integration type asks for an admin-level or wildcard CRM scope.";
    IntegrationScopeNotOffered = "integration/scope-not-offered", Error, "A required scope the CRM does not offer (not in `availableScopes`): the CRM would answer `invalid_scope`.";
    IntegrationSettingDuplicate = "integration/setting-duplicate", Error, "A `uiDefinition` setting declared twice.";
    IntegrationSettingDefault = "integration/setting-default", Error, "A `uiDefinition` setting whose `defaultValue` is not of its type, or an enum without `options` or with a default outside them.";
    IntegrationPropertyMissing = "integration/property-missing", Error, "An instance lacks a required setting of its type (and the setting has no default).";
    IntegrationPropertyType = "integration/property-type", Error, "An instance property of the wrong type for its setting (a url must be https).";
    IntegrationPropertyUnknown = "integration/property-unknown", Warning, "An instance property its type does not declare.";
    IntegrationPlaintextSecret = "integration/plaintext-secret", Error, "A client secret or other secret in an instance: store it in a vault and give `clientSecretCredentialId`.";
    IntegrationRedirectUri = "integration/redirect-uri", Error, "An instance `redirectUri` that is not https on the org region's Genesys domain.";
    IntegrationNoUserGroups = "integration/no-user-groups", Warning, "An instance with no `userGroups`: nobody can use it.";
    DataSourceEndpoint = "data-source/endpoint", Error, "A `restEndpoint` that is missing, relative or not https.";
    DataSourcePlaceholder = "data-source/placeholder", Error, "A template placeholder that is neither a setting of the type nor a runtime input.";
    DataSourceAuthorizationHeader = "data-source/authorization-header", Error, "A hard-coded `Authorization` header: tokens come from the integration's credentials.";
    DataSourceJsonpath = "data-source/jsonpath", Error, "A JSONPath (`records`, `responseMapping`, `pagination`) that does not parse.";
    DataSourceNoPagination = "data-source/no-pagination", Warning, "A `records` path that can select many records, with no `pagination`: later pages are never read.";
    DataSourceOutputName = "data-source/output-name", Error, "A `responseMapping` output name that is not an identifier.";
    DataSourceOutputCollision = "data-source/output-collision", Error, "Two `responseMapping` outputs that collide (the same but for case, or one inside the other's flattened names).";
    DataSourceLimits = "data-source/limits", Error, "`timeoutSeconds` outside 1–60, `maxResponseBytes` below 1, or `maxPages` outside 1–100 (a warning past 20).";
    IntegrationDuplicateName = "integration/duplicate-name", Error, "Two integration types, or two instances, with the same name (or names that export to the same folder or Terraform resource).";
    DataSourceDuplicateName = "data-source/duplicate-name", Error, "Two data sources of one type with the same name (or names that export to the same data action file or Terraform resource).";
    ScreenPopPlaceholder = "screen-pop/placeholder", Error, "A screen-pop URL placeholder that neither the instance, the data source's mapping nor the runtime provides.";
    ScreenPopSearch = "screen-pop/search", Error, "A `search` entry that is not `attribute:NAME`, `phone`, `email` or `name`.";
    ScreenPopSearchNever = "screen-pop/search-never", Warning, "A `search` source the kind of interaction never carries, such as `email` for a callback.";
    ScreenPopSearchPhone = "screen-pop/search-phone", Error, "A lookup whose request needs `{phone}` under a search that yields only addresses or names.";
    ScreenPopUrlPhone = "screen-pop/url-phone", Warning, "A pop URL that needs `{phone}` for a kind of interaction searched by address or name: when the value is one, the pop opens no page.";
    ScreenPopCallLogUpdate = "screen-pop/call-log-update", Warning, "Call logs created and never updated (no `call_log_update`), or an update data source that reads (GET) and so writes nothing (an error).";
    ScreenPopCreate = "screen-pop/create", Warning, "A `create` data source that does not write (POST or PUT) or that the proxy route never runs (errors), or whose mapping lacks a field `on_single` opens the created record with.";
    ScreenPopMediaRoute = "screen-pop/media-route", Error, "A kind of interaction on the direct route whose lookup is at another origin than the CRM token's (the first direct-route lookup's): the token goes to one origin only.";
    ScreenPopUrl = "screen-pop/url", Error, "A screen-pop URL that is not an http(s) page at the CRM's address (the instance's URL settings or `crm_origin`): `javascript:`, `data:`, another site, a user name in it.";
    ImportNoFramework = "import/no-framework", Error, "`framesmith import`: the file assigns no object literal with a `config` to `window.Framework`.";
    ImportUnreadable = "import/unreadable", Warning, "`framesmith import`: a config value is code rather than a literal, so it was left out.";
    ImportUnsupported = "import/unsupported", Warning, "`framesmith import`: a config key the workspace has no place for (`helpLinks`, `getUserLanguage`).";
    ImportClientId = "import/client-id", Warning, "`framesmith import`: no client id, ids for several regions, or an unknown region domain.";
    ImportCrmOrigin = "import/crm-origin", Warning, "`framesmith import`: the file posts to `\"*\"`, or its CRM origin could not be read.";
    ImportFlow = "import/flow", Info, "`framesmith import`: the file does not turn on PKCE, so it uses the implicit grant.";
}

// Written out rather than derived: the derived form is a second table of every code's text,
// which the browser module would carry twice.
impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding about a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// JSON pointer (RFC 6901) into the workspace; empty for the whole file.
    pub path: String,
    pub message: String,
    pub hint: String,
    /// 1-based line and column in the source file, when the finding came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Diagnostic {
    /// A finding with the code's usual severity.
    pub fn new(
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
            line: None,
            column: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

pub use crate::base::text::{is_invisible, push_visible, quote};

/// Whether any finding blocks a build.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
