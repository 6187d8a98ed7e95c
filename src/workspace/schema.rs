//! The workspace's shape: every table and key of the format in
//! `tests/fixtures/workspace.toml`. Our own keys are snake_case; integration types and
//! instances keep the spelling of the seed's Integration Type API payloads.

use super::shape::{Field, Obj, Shape, Unknown};

/// An optional key. Its `doc` is for `framesmith schema` and the TypeScript declarations
/// only, neither of which is in a wasm module: left out there (the builder module has a
/// size budget, and no diagnostic shows an optional key's doc; a required key's is the
/// missing-key hint, so `req` keeps it).
const fn f(name: &'static str, shape: Shape, doc: &'static str) -> Field {
    Field {
        name,
        shape,
        required: false,
        doc: if cfg!(target_arch = "wasm32") {
            ""
        } else {
            doc
        },
    }
}

const fn req(name: &'static str, shape: Shape, doc: &'static str) -> Field {
    Field {
        name,
        shape,
        required: true,
        doc,
    }
}

const STRS: Shape = Shape::List(&Shape::Str);
/// The routes and triggers, shared by `screen_pop` and each media table.
const ROUTES: &[&str] = &["host", "proxy", "direct"];
const TRIGGERS: &[&str] = &["alerting", "connected"];

pub static WORKSPACE: Obj = Obj {
    title: "the workspace",
    unknown: Unknown::Error,
    fields: &[
        req(
            "org",
            Shape::Object(&ORG),
            "the org: `[org]` with `name` and `region`",
        ),
        f(
            "deployment",
            Shape::List(&Shape::Object(&DEPLOYMENT)),
            "the org's Embeddable Framework deployments",
        ),
        f(
            "integration_type",
            Shape::List(&Shape::Object(&INTEGRATION_TYPE)),
            "CRM integration types (blueprints)",
        ),
        f(
            "integration",
            Shape::List(&Shape::Object(&INTEGRATION)),
            "CRM integration instances",
        ),
    ],
};

pub static ORG: Obj = Obj {
    title: "[org]",
    unknown: Unknown::Error,
    fields: &[
        req("name", Shape::Str, "the org's name"),
        req(
            "region",
            Shape::Str,
            "the home region, as a code (eu-west-1) or a domain (mypurecloud.ie)",
        ),
    ],
};

pub static DEPLOYMENT: Obj = Obj {
    title: "a [[deployment]]",
    unknown: Unknown::Error,
    fields: &[
        req(
            "name",
            Shape::Str,
            "the integration's name, config.name in framework.js",
        ),
        f(
            "kind",
            Shape::Enum(&["private", "public"]),
            "private (at most five per org) or public; default private",
        ),
        f(
            "region",
            Shape::Str,
            "region code or domain; default: the org's region",
        ),
        f(
            "client_id",
            Shape::Str,
            "the OAuth client id (a UUID) of this deployment's own OAuth client",
        ),
        f(
            "crm_origin",
            Shape::Str,
            "the exact https origin of the CRM page that embeds the softphone",
        ),
        f(
            "embedded_in",
            STRS,
            "origins of applications that frame the CRM page itself (a Salesforce console); framesmith doctor checks the page lets them",
        ),
        f(
            "groups",
            STRS,
            "groups that get the deployment; empty: every user",
        ),
        f(
            "status",
            Shape::Enum(&["active", "inactive"]),
            "active or inactive; default active",
        ),
        f(
            "custom_interaction_attributes",
            STRS,
            "participant attributes passed to the CRM (config.customInteractionAttributes)",
        ),
        f(
            "oauth",
            Shape::Object(&OAUTH),
            "the deployment's OAuth client",
        ),
        f(
            "settings",
            Shape::Map(&Shape::Any),
            "Embeddable Framework config.settings, spelled as Genesys spells them",
        ),
        f(
            "screen_pop",
            Shape::Object(&SCREEN_POP),
            "how callers are looked up in the CRM and popped",
        ),
    ],
};

pub static OAUTH: Obj = Obj {
    title: "[deployment.oauth]",
    unknown: Unknown::Error,
    fields: &[
        f(
            "flow",
            Shape::Enum(&["pkce", "implicit"]),
            "pkce (default) or implicit (retired by Genesys)",
        ),
        f(
            "token_lifetime_seconds",
            Shape::Int,
            "300 to 172800; default 64800 (18 hours)",
        ),
        f(
            "scopes",
            STRS,
            "granted scopes; default: the Embeddable Framework's required set",
        ),
        f(
            "redirect_uris",
            STRS,
            "registered redirect URIs; default: https://apps.<domain>/crm/index.html",
        ),
    ],
};

pub static SCREEN_POP: Obj = Obj {
    title: "[deployment.screen_pop]",
    unknown: Unknown::Error,
    fields: &[
        req(
            "integration",
            Shape::Str,
            "the integration instance that looks callers up",
        ),
        req(
            "data_source",
            Shape::Str,
            "the instance type's data source used for the lookup",
        ),
        f(
            "route",
            Shape::Enum(ROUTES),
            "host (default), proxy or direct",
        ),
        f(
            "trigger",
            Shape::Enum(TRIGGERS),
            "alerting (default) or connected",
        ),
        f(
            "search_attribute",
            Shape::Str,
            "interaction attribute holding the search value; default: the caller's number",
        ),
        f(
            "default_country",
            Shape::Str,
            "ISO 3166-1 alpha-2 country for numbers without a country code",
        ),
        f(
            "alternative_formats",
            STRS,
            "other spellings tried in order when E.164 finds nothing: digits, national, national_digits",
        ),
        f(
            "action_id",
            Shape::Str,
            "the Genesys data action the proxy route executes (its UUID)",
        ),
        f(
            "redirect_uri",
            Shape::Str,
            "the direct route's CRM sign-in redirect: a page at crm_origin that calls completeSignIn() from framesmith-host.js",
        ),
        f(
            "on_single",
            Shape::Str,
            "URL template opened when one record matches",
        ),
        f(
            "on_multiple",
            Shape::Str,
            "URL template opened when several records match",
        ),
        f(
            "on_none",
            Shape::Str,
            "URL template opened when no record matches",
        ),
        f(
            "open",
            Shape::Enum(&["page", "new_tab", "same_tab_frame"]),
            "where framesmith-host.js opens a pop: page (onPop only; the default), new_tab (one tab per deployment, reused), same_tab_frame (the popFrame given to attach())",
        ),
        f(
            "contact_search",
            Shape::Str,
            "data source answering the softphone's contact search",
        ),
        f(
            "call_log",
            Shape::Str,
            "data source creating an interaction's call log (its response mapping names the CRM's id)",
        ),
        f(
            "call_log_update",
            Shape::Str,
            "data source updating that call log on every later edit, disconnect and wrap-up, with {callLog.id} (PATCH or PUT)",
        ),
        f(
            "create",
            Shape::Str,
            "data source creating the record when a lookup finds none (POST or PUT, from {name}, {phone}, {email}); the pop opens it. Off unless named",
        ),
        f(
            "search",
            STRS,
            "voice's search order: attribute:NAME, phone, email, name; default: search_attribute, then the caller's number",
        ),
        f(
            "callback",
            Shape::Object(&MEDIA_POP[0]),
            "callbacks pop: where the search value comes from, and any shared key to override",
        ),
        f(
            "outbound",
            Shape::Object(&OUTBOUND_POP),
            "outbound calls pop: campaign (dialer) calls, and with manual = true calls dialled by hand",
        ),
        f(
            "chat",
            Shape::Object(&MEDIA_POP[1]),
            "web chats and web messaging pop",
        ),
        f(
            "message",
            Shape::Object(&MEDIA_POP[2]),
            "messages pop: SMS, WhatsApp, Messenger...",
        ),
        f("email", Shape::Object(&MEDIA_POP[3]), "emails pop"),
    ],
};

/// The keys of every media table (issue 23): its search order, and the shared keys it may
/// override.
const MEDIA_FIELDS: [Field; 10] = [
    f(
        "search",
        STRS,
        "where the search value comes from, first that yields one: attribute:NAME, phone, email, name",
    ),
    f(
        "data_source",
        Shape::Str,
        "the data source of this kind's lookup; default: the shared one",
    ),
    f(
        "route",
        Shape::Enum(ROUTES),
        "how this kind's lookup reaches the CRM (host, proxy or direct); default: the shared one",
    ),
    f(
        "trigger",
        Shape::Enum(TRIGGERS),
        "alerting or connected; default: the shared one",
    ),
    f(
        "default_country",
        Shape::Str,
        "ISO 3166-1 alpha-2 country for numbers without a country code",
    ),
    f(
        "alternative_formats",
        STRS,
        "other spellings of a number tried in order when E.164 finds nothing",
    ),
    f(
        "action_id",
        Shape::Str,
        "the data action of this kind's data source (proxy route)",
    ),
    f(
        "on_single",
        Shape::Str,
        "URL template opened when one record matches",
    ),
    f(
        "on_multiple",
        Shape::Str,
        "URL template opened when several records match",
    ),
    f(
        "on_none",
        Shape::Str,
        "URL template opened when no record matches",
    ),
];

/// One table per kind, each titled with its own name for the diagnostics.
pub static MEDIA_POP: [Obj; 4] = [
    media_obj("[deployment.screen_pop.callback]"),
    media_obj("[deployment.screen_pop.chat]"),
    media_obj("[deployment.screen_pop.message]"),
    media_obj("[deployment.screen_pop.email]"),
];

const fn media_obj(title: &'static str) -> Obj {
    Obj {
        title,
        unknown: Unknown::Error,
        fields: &MEDIA_FIELDS,
    }
}

pub static OUTBOUND_POP: Obj = Obj {
    title: "[deployment.screen_pop.outbound]",
    unknown: Unknown::Error,
    fields: &[
        MEDIA_FIELDS[0],
        MEDIA_FIELDS[1],
        MEDIA_FIELDS[2],
        MEDIA_FIELDS[3],
        MEDIA_FIELDS[4],
        MEDIA_FIELDS[5],
        MEDIA_FIELDS[6],
        MEDIA_FIELDS[7],
        MEDIA_FIELDS[8],
        MEDIA_FIELDS[9],
        f(
            "campaign",
            Shape::Bool,
            "campaign (dialer) calls pop, a preview before the number is dialled; default: true",
        ),
        f(
            "manual",
            Shape::Bool,
            "calls the agent dials by hand pop; default: false",
        ),
    ],
};

pub static INTEGRATION_TYPE: Obj = Obj {
    title: "an [[integration_type]]",
    unknown: Unknown::Warn,
    fields: &[
        req("name", Shape::Str, "the integration type's name"),
        f("description", Shape::Str, "what it is for"),
        f("vendor", Shape::Str, "who makes it"),
        f(
            "integrationType",
            Shape::Str,
            "the kind of integration, such as crm",
        ),
        f(
            "authType",
            Shape::Enum(&["oauth2", "basic", "none"]),
            "oauth2 (authorization code or client credentials), basic or none",
        ),
        f("requiredScopes", STRS, "CRM scopes the integration needs"),
        f("availableScopes", STRS, "CRM scopes the CRM offers"),
        f(
            "uiDefinition",
            Shape::Object(&UI_DEFINITION),
            "the settings an instance fills in",
        ),
        f(
            "dataSources",
            Shape::List(&Shape::Object(&DATA_SOURCE)),
            "requests the integration can make",
        ),
    ],
};

pub static UI_DEFINITION: Obj = Obj {
    title: "uiDefinition",
    unknown: Unknown::Warn,
    fields: &[f(
        "settings",
        Shape::List(&Shape::Object(&UI_SETTING)),
        "the settings an instance fills in",
    )],
};

pub static UI_SETTING: Obj = Obj {
    title: "a uiDefinition setting",
    unknown: Unknown::Warn,
    fields: &[
        req("name", Shape::Str, "the property name instances use"),
        f("label", Shape::Str, "what the admin sees"),
        f(
            "type",
            Shape::Enum(&["string", "boolean", "number", "url", "enum"]),
            "string, boolean, number, url or enum",
        ),
        f("options", STRS, "for enum: the allowed values"),
        f("required", Shape::Bool, "whether instances must set it"),
        f(
            "defaultValue",
            Shape::Any,
            "the value when an instance leaves it out",
        ),
        f("description", Shape::Str, "help text"),
    ],
};

pub static DATA_SOURCE: Obj = Obj {
    title: "a data source",
    unknown: Unknown::Warn,
    fields: &[
        req("name", Shape::Str, "the data source's name"),
        f("displayName", Shape::Str, "what the admin sees"),
        f(
            "restEndpoint",
            Shape::Str,
            "URL template with {setting} and {input} placeholders",
        ),
        f(
            "method",
            Shape::Enum(&["GET", "POST", "PUT", "PATCH", "DELETE"]),
            "HTTP method",
        ),
        f(
            "authenticationType",
            Shape::Enum(&["oauth2", "basic", "none"]),
            "how requests authenticate: oauth2, basic or none",
        ),
        f("requestHeaders", Shape::Map(&Shape::Str), "request headers"),
        f("body", Shape::Str, "request body template"),
        f(
            "records",
            Shape::Str,
            "JSONPath selecting the result records",
        ),
        f(
            "responseMapping",
            Shape::Map(&Shape::Str),
            "output name to JSONPath",
        ),
        f(
            "mappingDefaults",
            Shape::Map(&Shape::Any),
            "output values when a path matches nothing",
        ),
        f(
            "types",
            Shape::Map(&Shape::Enum(&["string", "number", "boolean", "datetime"])),
            "output types",
        ),
        f(
            "pagination",
            Shape::Object(&PAGINATION),
            "how to get further pages",
        ),
        f("timeoutSeconds", Shape::Int, "1 to 60; default 10"),
        f("maxResponseBytes", Shape::Int, "default 1 MiB"),
        f("maxPages", Shape::Int, "default 5"),
    ],
};

pub static PAGINATION: Obj = Obj {
    title: "pagination",
    unknown: Unknown::Warn,
    fields: &[
        f("next", Shape::Str, "JSONPath to the next page's URL"),
        f("page", Shape::Str, "page-number parameter name"),
        f("size", Shape::Str, "page-size parameter name"),
        f("cursor", Shape::Str, "JSONPath to the next cursor"),
        f("cursorParam", Shape::Str, "cursor parameter name"),
    ],
};

pub static INTEGRATION: Obj = Obj {
    title: "an [[integration]]",
    unknown: Unknown::Warn,
    fields: &[
        req("name", Shape::Str, "the instance's name"),
        req("type", Shape::Str, "the integration type's name"),
        f("status", Shape::Str, "active or inactive"),
        f(
            "properties",
            Shape::Map(&Shape::Any),
            "the type's settings plus OAuth endpoints and ids",
        ),
        f(
            "userGroups",
            Shape::List(&Shape::Object(&USER_GROUP)),
            "groups that may use the instance",
        ),
    ],
};

pub static USER_GROUP: Obj = Obj {
    title: "a userGroups entry",
    unknown: Unknown::Warn,
    fields: &[
        req("id", Shape::Str, "the group"),
        f("role", Shape::Str, "the group's role"),
    ],
};
