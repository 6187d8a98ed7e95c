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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_search: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_log: Option<String>,
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
        let mut diags = Vec::new();
        let root = shape::Shape::Object(&schema::WORKSPACE);
        let cleaned =
            shape::clean(value, &root, "", &mut diags).unwrap_or_else(|| Value::Object(Map::new()));
        (read::workspace(&cleaned), diags)
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
