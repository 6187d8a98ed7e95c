//! Reading the typed model out of a value the shape checks have already cleaned. Written by
//! hand rather than derived: serde's derived readers for these fourteen types cost the
//! browser module 64 KB, and after `shape::clean` every value already has its declared type,
//! so reading is only picking fields (a value of any other type reads as absent).

use serde_json::{Map, Value};

use super::{
    DataSource, Deployment, Flow, Integration, IntegrationType, Kind, MediaPop, OAuth, Org,
    ScreenPop, Status, UiDefinition, UiSetting, UserGroup, Workspace,
};

#[derive(Clone, Copy)]
struct Table<'a>(Option<&'a Map<String, Value>>);

impl<'a> Table<'a> {
    fn of(v: &'a Value) -> Self {
        Table(v.as_object())
    }

    fn get(self, key: &str) -> Option<&'a Value> {
        self.0.and_then(|m| m.get(key))
    }

    fn opt_str(self, key: &str) -> Option<String> {
        self.get(key).and_then(Value::as_str).map(str::to_string)
    }

    fn str(self, key: &str) -> String {
        self.opt_str(key).unwrap_or_default()
    }

    fn opt_strs(self, key: &str) -> Option<Vec<String>> {
        self.get(key).and_then(Value::as_array).map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
    }

    fn strs(self, key: &str) -> Vec<String> {
        self.opt_strs(key).unwrap_or_default()
    }

    fn int(self, key: &str) -> Option<i64> {
        self.get(key).and_then(Value::as_i64)
    }

    fn map(self, key: &str) -> Map<String, Value> {
        self.get(key)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    fn table(self, key: &str) -> Option<Table<'a>> {
        self.get(key).filter(|v| v.is_object()).map(Table::of)
    }

    fn list<T>(self, key: &str, read: fn(Table<'a>) -> T) -> Vec<T> {
        self.get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().map(|v| read(Table::of(v))).collect())
            .unwrap_or_default()
    }
}

pub fn workspace(v: &Value) -> Workspace {
    let t = Table::of(v);
    let org = t.table("org").unwrap_or(Table(None));
    Workspace {
        org: Org {
            name: org.str("name"),
            region: org.str("region"),
        },
        deployments: t.list("deployment", deployment),
        integration_types: t.list("integration_type", integration_type),
        integrations: t.list("integration", integration),
    }
}

/// One cleaned deployment table, as `workspace` reads each entry of the list.
pub fn deployment_value(v: &Value) -> Deployment {
    deployment(Table::of(v))
}

fn deployment(t: Table<'_>) -> Deployment {
    let oauth = t.table("oauth").unwrap_or(Table(None));
    Deployment {
        name: t.str("name"),
        kind: match t.get("kind").and_then(Value::as_str) {
            Some("public") => Kind::Public,
            _ => Kind::Private,
        },
        region: t.opt_str("region"),
        client_id: t.opt_str("client_id"),
        crm_origin: t.opt_str("crm_origin"),
        embedded_in: t.opt_strs("embedded_in"),
        groups: t.strs("groups"),
        status: match t.get("status").and_then(Value::as_str) {
            Some("inactive") => Status::Inactive,
            _ => Status::Active,
        },
        custom_interaction_attributes: t.strs("custom_interaction_attributes"),
        oauth: OAuth {
            flow: match oauth.get("flow").and_then(Value::as_str) {
                Some("implicit") => Flow::Implicit,
                _ => Flow::Pkce,
            },
            token_lifetime_seconds: oauth.int("token_lifetime_seconds"),
            scopes: oauth.opt_strs("scopes"),
            redirect_uris: oauth.opt_strs("redirect_uris"),
        },
        settings: t.map("settings"),
        screen_pop: t.table("screen_pop").map(|s| ScreenPop {
            integration: s.str("integration"),
            data_source: s.str("data_source"),
            route: s.opt_str("route"),
            trigger: s.opt_str("trigger"),
            search_attribute: s.opt_str("search_attribute"),
            default_country: s.opt_str("default_country"),
            alternative_formats: s.opt_strs("alternative_formats"),
            action_id: s.opt_str("action_id"),
            redirect_uri: s.opt_str("redirect_uri"),
            on_single: s.opt_str("on_single"),
            on_multiple: s.opt_str("on_multiple"),
            on_none: s.opt_str("on_none"),
            open: s.opt_str("open"),
            contact_search: s.opt_str("contact_search"),
            call_log: s.opt_str("call_log"),
            call_log_update: s.opt_str("call_log_update"),
            create: s.opt_str("create"),
            search: s.opt_strs("search"),
            callback: s.table("callback").map(media_pop),
            outbound: s.table("outbound").map(media_pop),
            chat: s.table("chat").map(media_pop),
            message: s.table("message").map(media_pop),
            email: s.table("email").map(media_pop),
        }),
    }
}

fn media_pop(t: Table<'_>) -> MediaPop {
    let flag = |k: &str| t.get(k).and_then(Value::as_bool);
    MediaPop {
        search: t.opt_strs("search"),
        data_source: t.opt_str("data_source"),
        route: t.opt_str("route"),
        trigger: t.opt_str("trigger"),
        default_country: t.opt_str("default_country"),
        alternative_formats: t.opt_strs("alternative_formats"),
        action_id: t.opt_str("action_id"),
        on_single: t.opt_str("on_single"),
        on_multiple: t.opt_str("on_multiple"),
        on_none: t.opt_str("on_none"),
        campaign: flag("campaign"),
        manual: flag("manual"),
    }
}

fn integration_type(t: Table<'_>) -> IntegrationType {
    IntegrationType {
        name: t.str("name"),
        description: t.opt_str("description"),
        vendor: t.opt_str("vendor"),
        integration_type: t.opt_str("integrationType"),
        auth_type: t.opt_str("authType"),
        required_scopes: t.strs("requiredScopes"),
        available_scopes: t.opt_strs("availableScopes"),
        ui_definition: t.table("uiDefinition").map(|u| UiDefinition {
            settings: u.list("settings", ui_setting),
        }),
        data_sources: t.list("dataSources", data_source),
    }
}

fn ui_setting(t: Table<'_>) -> UiSetting {
    UiSetting {
        name: t.str("name"),
        label: t.opt_str("label"),
        kind: t.opt_str("type"),
        options: t.opt_strs("options"),
        required: t.get("required").and_then(Value::as_bool),
        default_value: t.get("defaultValue").cloned(),
        description: t.opt_str("description"),
    }
}

/// A data source from its JSON form (as the page holds it), for the runtime module.
pub fn data_source_value(v: &Value) -> DataSource {
    data_source(Table::of(v))
}

fn data_source(t: Table<'_>) -> DataSource {
    DataSource {
        name: t.str("name"),
        display_name: t.opt_str("displayName"),
        rest_endpoint: t.opt_str("restEndpoint"),
        method: t.opt_str("method"),
        authentication_type: t.opt_str("authenticationType"),
        request_headers: t.map("requestHeaders"),
        body: t.opt_str("body"),
        records: t.opt_str("records"),
        response_mapping: t.map("responseMapping"),
        mapping_defaults: t.map("mappingDefaults"),
        types: t.map("types"),
        pagination: t.get("pagination").and_then(Value::as_object).cloned(),
        timeout_seconds: t.int("timeoutSeconds"),
        max_response_bytes: t.int("maxResponseBytes"),
        max_pages: t.int("maxPages"),
    }
}

fn integration(t: Table<'_>) -> Integration {
    Integration {
        name: t.str("name"),
        kind: t.str("type"),
        status: t.opt_str("status"),
        properties: t.map("properties"),
        user_groups: t.list("userGroups", |g| UserGroup {
            id: g.str("id"),
            role: g.opt_str("role"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written reader and serde's derived one agree on every workspace the
    /// fixtures hold (they are the reference for what each field means).
    #[test]
    fn reads_what_serde_reads() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut files = vec![format!("{dir}/workspace.toml")];
        for e in std::fs::read_dir(format!("{dir}/rules")).unwrap().flatten() {
            files.push(e.path().display().to_string());
        }
        let mut read = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let format = crate::Format::from_path(&f).unwrap();
            let Ok(parsed) = super::super::source::parse(&text, format) else {
                continue;
            };
            let mut diags = Vec::new();
            let root = super::super::shape::Shape::Object(&super::super::schema::WORKSPACE);
            let cleaned = super::super::shape::clean(&parsed.value, &root, "", &mut diags)
                .unwrap_or_else(|| Value::Object(Map::new()));
            let derived: Workspace = serde_json::from_value(cleaned.clone()).unwrap();
            assert_eq!(workspace(&cleaned), derived, "{f}");
            read += 1;
        }
        assert!(read > 40, "only {read} fixtures read");
    }
}
