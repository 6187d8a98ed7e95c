//! The workspace: an org's whole configuration (org, deployments, CRM integrations) as a
//! typed model, read from TOML or JSON through the shape checks in `shape`, so that a bad
//! key or type is reported and the rest is still checked.

pub mod read;
pub mod schema;
pub mod shape;
pub mod slug;
pub mod source;
pub mod value;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workspace {
    pub org: Org,
    #[serde(rename = "deployment", skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<Deployment>,
    #[serde(rename = "integration_type", skip_serializing_if = "Vec::is_empty")]
    pub integration_types: Vec<IntegrationType>,
    #[serde(rename = "integration", skip_serializing_if = "Vec::is_empty")]
    pub integrations: Vec<Integration>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Org {
    pub name: String,
    pub region: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Private,
    Public,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Inactive,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    #[default]
    Pkce,
    Implicit,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    pub name: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crm_origin: Option<String>,
    /// The applications that show the CRM page inside a frame of their own (a Salesforce
    /// console, a Dynamics app): doctor checks the page lets them (`X-Frame-Options`,
    /// `frame-ancestors`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded_in: Option<Vec<String>>,
    pub groups: Vec<String>,
    pub status: Status,
    pub custom_interaction_attributes: Vec<String>,
    #[serde(skip_serializing_if = "is_default")]
    pub oauth: OAuth,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub settings: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_pop: Option<ScreenPop>,
}

pub use crate::catalogue::limits::RECOMMENDED_TOKEN_LIFETIME;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OAuth {
    pub flow: Flow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_lifetime_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreenPop {
    pub integration: String,
    pub data_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_attribute: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_country: Option<String>,
    /// Other spellings of the number to try when E.164 finds nothing (`phone::Format`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_formats: Option<Vec<String>>,
    /// The Genesys data action the proxy route executes (a UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_id: Option<String>,
    /// The direct route's sign-in redirect: a page at `crm_origin` that calls
    /// `completeSignIn()` from framesmith-host.js.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_single: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_multiple: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_none: Option<String>,
    /// Where framesmith-host.js opens a pop: `page` (onPop only, the default), `new_tab`
    /// (one named tab per deployment, reused) or `same_tab_frame` (attach()'s popFrame).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_search: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_log: Option<String>,
    /// The data source that updates the call log `call_log` created (issue 27): every later
    /// `processCallLog` of the interaction, with `{callLog.id}` the CRM's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_log_update: Option<String>,
    /// The data source that creates the record when a lookup finds none (issue 27), from
    /// the interaction's inputs (`{name}`, `{phone}`, `{email}`): the pop then opens the
    /// created record as a single match. Off unless named; check refuses one that is not a
    /// POST or PUT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<String>,
    /// Voice's search order (`attribute:NAME`, `phone`, `email`, `name`); without it, the
    /// search attribute, then the caller's number. The media tables do not inherit it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<Vec<String>>,
    /// The other kinds of interaction, each popping only when its table is present
    /// (issue 23); what a table leaves out it takes from the keys above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback: Option<MediaPop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound: Option<MediaPop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<MediaPop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<MediaPop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<MediaPop>,
}

/// The kinds of interaction a deployment may pop, as `{media}` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Voice,
    Callback,
    Outbound,
    Chat,
    Message,
    Email,
}

impl Media {
    pub const ALL: [Media; 6] = [
        Media::Voice,
        Media::Callback,
        Media::Outbound,
        Media::Chat,
        Media::Message,
        Media::Email,
    ];

    /// The name `{media}` gives and the media table's key (`voice` has no table).
    pub fn name(self) -> &'static str {
        match self {
            Media::Voice => "voice",
            Media::Callback => "callback",
            Media::Outbound => "outbound",
            Media::Chat => "chat",
            Media::Message => "message",
            Media::Email => "email",
        }
    }
}

/// One kind of interaction's pop settings: every key it leaves out is the shared one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MediaPop {
    /// Where the search value comes from, in order (`attribute:NAME`, `phone`, `email`,
    /// `name`); without it, the kind's default (`screenpop::media::default_search`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_formats: Option<Vec<String>>,
    /// The data action of this kind's data source (proxy route).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_single: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_multiple: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_none: Option<String>,
    /// Outbound only: campaign (dialer) calls pop unless false; calls dialled by hand only
    /// when true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<bool>,
}

impl ScreenPop {
    /// The table of `media` (voice has none: it is the shared keys themselves).
    pub fn table(&self, media: Media) -> Option<&MediaPop> {
        match media {
            Media::Voice => None,
            Media::Callback => self.callback.as_ref(),
            Media::Outbound => self.outbound.as_ref(),
            Media::Chat => self.chat.as_ref(),
            Media::Message => self.message.as_ref(),
            Media::Email => self.email.as_ref(),
        }
    }

    /// The settings `media` pops by, None when the deployment does not pop that kind.
    pub fn kind(&self, media: Media) -> Option<KindPop<'_>> {
        let table = self.table(media);
        (media == Media::Voice || table.is_some()).then_some(KindPop {
            media,
            shared: self,
            table,
        })
    }

    /// Every data source the deployment's runtime runs: the lookup's, the contact search's,
    /// the call log's, and each media table's own lookup.
    pub fn data_sources_run(&self) -> Vec<&String> {
        let mut out: Vec<&String> = [
            Some(&self.data_source),
            self.contact_search.as_ref(),
            self.call_log.as_ref(),
            self.call_log_update.as_ref(),
            self.create.as_ref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        for m in Media::ALL {
            if let Some(ds) = self.table(m).and_then(|t| t.data_source.as_ref())
                && !out.contains(&ds)
            {
                out.push(ds);
            }
        }
        out
    }

    /// Every pop URL template: the shared ones, then each media table's.
    pub fn pop_templates(&self) -> Vec<&String> {
        let mut out: Vec<&String> = [&self.on_single, &self.on_multiple, &self.on_none]
            .into_iter()
            .flatten()
            .collect();
        for t in Media::ALL.iter().filter_map(|m| self.table(*m)) {
            out.extend(
                [&t.on_single, &t.on_multiple, &t.on_none]
                    .into_iter()
                    .flatten(),
            );
        }
        out
    }

    /// Whether some kind of interaction the deployment pops reaches the CRM by `route`
    /// (`host` when none is named).
    pub fn uses_route(&self, route: &str) -> bool {
        Media::ALL
            .iter()
            .filter_map(|m| self.kind(*m))
            .any(|k| k.route().map_or("host", String::as_str) == route)
    }

    /// Voice's settings: the shared keys themselves.
    pub fn voice(&self) -> KindPop<'_> {
        KindPop {
            media: Media::Voice,
            shared: self,
            table: None,
        }
    }
}

/// One kind's settings as a view (no copy: the runtime module reads them): each key its
/// table sets, else the shared one; `search` is its own, never inherited.
#[derive(Debug, Clone, Copy)]
pub struct KindPop<'a> {
    pub media: Media,
    pub shared: &'a ScreenPop,
    pub table: Option<&'a MediaPop>,
}

macro_rules! inherited {
    ($($key:ident: $ty:ty),*) => {$(
        pub fn $key(&self) -> Option<&'a $ty> {
            self.table
                .and_then(|t| t.$key.as_ref())
                .or(self.shared.$key.as_ref())
        }
    )*};
}

impl<'a> KindPop<'a> {
    inherited!(route: String, trigger: String, default_country: String,
        alternative_formats: Vec<String>, action_id: String, on_single: String,
        on_multiple: String, on_none: String);

    pub fn data_source(&self) -> &'a str {
        self.table
            .and_then(|t| t.data_source.as_deref())
            .unwrap_or(&self.shared.data_source)
    }

    pub fn search(&self) -> Option<&'a Vec<String>> {
        match self.table {
            Some(t) => t.search.as_ref(),
            None => self.shared.search.as_ref(),
        }
    }
}

/// An integration type as the seed's API payload spells it. The integration issue gives
/// its parts rules; here they are carried and their names are resolvable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IntegrationType {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_scopes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui_definition: Option<UiDefinition>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<DataSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiDefinition {
    pub settings: Vec<UiSetting>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UiSetting {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DataSource {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_type: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub request_headers: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub response_mapping: Map<String, Value>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub mapping_defaults: Map<String, Value>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub types: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_response_bytes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Integration {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_groups: Vec<UserGroup>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserGroup {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Workspace {
    /// Read a workspace from its JSON value: shape problems become diagnostics and the
    /// parts that fit make up the model.
    pub fn from_value(value: &Value) -> (Workspace, Vec<Diagnostic>) {
        let (ws, _, diags) = Self::from_value_cleaned(value);
        (ws, diags)
    }

    /// `from_value`, with the cleaned value the model was read from: the secret scan
    /// walks it rather than a value written back from the model.
    pub fn from_value_cleaned(value: &Value) -> (Workspace, Value, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let root = shape::Shape::Object(&schema::WORKSPACE);
        let cleaned =
            shape::clean(value, &root, "", &mut diags).unwrap_or_else(|| Value::Object(Map::new()));
        (read::workspace(&cleaned), cleaned, diags)
    }

    /// Deployment `i` of the list, shape-checked and read exactly as `from_value` does it
    /// within the whole workspace (rules::incremental re-reads only the edited one). `None`
    /// when it is not a table: the list drops such an entry, which moves the ones after it.
    pub fn deployment_from_value(
        value: &Value,
        i: usize,
    ) -> Option<(Deployment, Value, Vec<Diagnostic>)> {
        if !value.is_object() {
            return None;
        }
        let mut diags = Vec::new();
        let shape = shape::Shape::Object(&schema::DEPLOYMENT);
        let path = crate::base::pointer::index("/deployment", i);
        let cleaned = shape::clean(value, &shape, &path, &mut diags)?;
        Some((read::deployment_value(&cleaned), cleaned, diags))
    }

    /// The JSON Schema of the workspace format.
    pub fn json_schema() -> Value {
        let mut s = shape::json_schema(&shape::Shape::Object(&schema::WORKSPACE));
        if let Value::Object(m) = &mut s {
            m.insert(
                "$schema".into(),
                "https://json-schema.org/draft/2020-12/schema".into(),
            );
            m.insert(
                "$id".into(),
                "https://framesmith.dev/schema/workspace.json".into(),
            );
            m.insert("title".into(), "framesmith workspace".into());
        }
        s
    }

    /// The deployment's region code or domain as written, falling back to the org's.
    pub fn region_of<'a>(&'a self, d: &'a Deployment) -> &'a str {
        d.region.as_deref().unwrap_or(&self.org.region)
    }

    pub fn integration(&self, name: &str) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.name == name)
    }

    pub fn integration_type(&self, name: &str) -> Option<&IntegrationType> {
        self.integration_types.iter().find(|t| t.name == name)
    }
}

impl Deployment {
    /// The scopes the OAuth client is granted: as listed, or the EF's required set.
    pub fn scopes(&self) -> Vec<String> {
        match &self.oauth.scopes {
            Some(s) => s.clone(),
            None => crate::catalogue::EF_REQUIRED_SCOPES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }

    pub fn token_lifetime(&self) -> i64 {
        self.oauth
            .token_lifetime_seconds
            .unwrap_or(RECOMMENDED_TOKEN_LIFETIME)
    }

    pub fn setting_bool(&self, key: &str) -> bool {
        self.settings
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}
