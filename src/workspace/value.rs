//! The typed model back into a JSON value, as the workspace spells it: absent options and
//! empty lists left out, exactly as serde's derived form writes them (a test holds the two
//! equal). By hand for the same reason as `read`: the derived serialisers cost the browser
//! module 7 KB, and the secrets rule runs this on every keystroke.

use serde_json::{Map, Value};

use super::{
    DataSource, Deployment, Flow, Integration, IntegrationType, Kind, MediaPop, OAuth, ScreenPop,
    Status, UiSetting, Workspace,
};

#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(mut self, k: &str, v: impl Into<Value>) -> Self {
        self.0.insert(k.into(), v.into());
        self
    }

    fn opt<T: Clone + Into<Value>>(self, k: &str, v: &Option<T>) -> Self {
        match v {
            Some(v) => self.put(k, v.clone()),
            None => self,
        }
    }

    fn opt_with<T>(self, k: &str, v: &Option<T>, write: fn(&T) -> Value) -> Self {
        match v {
            Some(v) => self.put(k, write(v)),
            None => self,
        }
    }

    fn strs(self, k: &str, v: &[String]) -> Self {
        if v.is_empty() {
            self
        } else {
            self.put(k, v.to_vec())
        }
    }

    fn map(self, k: &str, v: &Map<String, Value>) -> Self {
        if v.is_empty() {
            self
        } else {
            self.put(k, Value::Object(v.clone()))
        }
    }

    fn list(self, k: &str, v: Vec<Value>) -> Self {
        if v.is_empty() { self } else { self.put(k, v) }
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

pub fn workspace(ws: &Workspace) -> Value {
    Obj::default()
        .put(
            "org",
            Obj::default()
                .put("name", ws.org.name.clone())
                .put("region", ws.org.region.clone())
                .done(),
        )
        .list(
            "deployment",
            ws.deployments.iter().map(deployment).collect(),
        )
        .list(
            "integration_type",
            ws.integration_types.iter().map(integration_type).collect(),
        )
        .list(
            "integration",
            ws.integrations.iter().map(integration).collect(),
        )
        .done()
}

pub fn deployment(d: &Deployment) -> Value {
    let oauth = oauth(&d.oauth);
    let mut o = Obj::default()
        .put("name", d.name.clone())
        .put(
            "kind",
            match d.kind {
                Kind::Private => "private",
                Kind::Public => "public",
            },
        )
        .opt("region", &d.region)
        .opt("client_id", &d.client_id)
        .opt("crm_origin", &d.crm_origin)
        .opt("embedded_in", &d.embedded_in)
        .put("groups", d.groups.clone())
        .put(
            "status",
            match d.status {
                Status::Active => "active",
                Status::Inactive => "inactive",
            },
        )
        .put(
            "custom_interaction_attributes",
            d.custom_interaction_attributes.clone(),
        );
    if d.oauth != OAuth::default() {
        o = o.put("oauth", oauth);
    }
    o = o.map("settings", &d.settings);
    if let Some(s) = &d.screen_pop {
        o = o.put("screen_pop", screen_pop(s));
    }
    o.done()
}

fn oauth(o: &OAuth) -> Value {
    Obj::default()
        .put(
            "flow",
            match o.flow {
                Flow::Pkce => "pkce",
                Flow::Implicit => "implicit",
            },
        )
        .opt("token_lifetime_seconds", &o.token_lifetime_seconds)
        .opt("scopes", &o.scopes)
        .opt("redirect_uris", &o.redirect_uris)
        .done()
}

pub fn screen_pop(s: &ScreenPop) -> Value {
    Obj::default()
        .put("integration", s.integration.clone())
        .put("data_source", s.data_source.clone())
        .opt("route", &s.route)
        .opt("trigger", &s.trigger)
        .opt("search_attribute", &s.search_attribute)
        .opt("default_country", &s.default_country)
        .opt("alternative_formats", &s.alternative_formats)
        .opt("action_id", &s.action_id)
        .opt("redirect_uri", &s.redirect_uri)
        .opt("on_single", &s.on_single)
        .opt("on_multiple", &s.on_multiple)
        .opt("on_none", &s.on_none)
        .opt("open", &s.open)
        .opt("contact_search", &s.contact_search)
        .opt("call_log", &s.call_log)
        .opt("call_log_update", &s.call_log_update)
        .opt("create", &s.create)
        .opt("search", &s.search)
        .opt_with("callback", &s.callback, media_pop)
        .opt_with("outbound", &s.outbound, media_pop)
        .opt_with("chat", &s.chat, media_pop)
        .opt_with("message", &s.message, media_pop)
        .opt_with("email", &s.email, media_pop)
        .done()
}

fn media_pop(m: &MediaPop) -> Value {
    Obj::default()
        .opt("search", &m.search)
        .opt("data_source", &m.data_source)
        .opt("route", &m.route)
        .opt("trigger", &m.trigger)
        .opt("default_country", &m.default_country)
        .opt("alternative_formats", &m.alternative_formats)
        .opt("action_id", &m.action_id)
        .opt("on_single", &m.on_single)
        .opt("on_multiple", &m.on_multiple)
        .opt("on_none", &m.on_none)
        .opt("campaign", &m.campaign)
        .opt("manual", &m.manual)
        .done()
}

pub fn integration_type(t: &IntegrationType) -> Value {
    let mut o = Obj::default()
        .put("name", t.name.clone())
        .opt("description", &t.description)
        .opt("vendor", &t.vendor)
        .opt("integrationType", &t.integration_type)
        .opt("authType", &t.auth_type)
        .strs("requiredScopes", &t.required_scopes)
        .opt("availableScopes", &t.available_scopes);
    if let Some(ui) = &t.ui_definition {
        o = o.put(
            "uiDefinition",
            Obj::default()
                .put(
                    "settings",
                    ui.settings.iter().map(ui_setting).collect::<Vec<_>>(),
                )
                .done(),
        );
    }
    o.list(
        "dataSources",
        t.data_sources.iter().map(data_source).collect(),
    )
    .done()
}

fn ui_setting(s: &UiSetting) -> Value {
    Obj::default()
        .put("name", s.name.clone())
        .opt("label", &s.label)
        .opt("type", &s.kind)
        .opt("options", &s.options)
        .opt("required", &s.required)
        .opt("defaultValue", &s.default_value)
        .opt("description", &s.description)
        .done()
}

pub fn data_source(d: &DataSource) -> Value {
    Obj::default()
        .put("name", d.name.clone())
        .opt("displayName", &d.display_name)
        .opt("restEndpoint", &d.rest_endpoint)
        .opt("method", &d.method)
        .opt("authenticationType", &d.authentication_type)
        .map("requestHeaders", &d.request_headers)
        .opt("body", &d.body)
        .opt("records", &d.records)
        .map("responseMapping", &d.response_mapping)
        .map("mappingDefaults", &d.mapping_defaults)
        .map("types", &d.types)
        .opt("pagination", &d.pagination.clone().map(Value::Object))
        .opt("timeoutSeconds", &d.timeout_seconds)
        .opt("maxResponseBytes", &d.max_response_bytes)
        .opt("maxPages", &d.max_pages)
        .done()
}

fn integration(i: &Integration) -> Value {
    Obj::default()
        .put("name", i.name.clone())
        .put("type", i.kind.clone())
        .opt("status", &i.status)
        .map("properties", &i.properties)
        .list(
            "userGroups",
            i.user_groups
                .iter()
                .map(|g| {
                    Obj::default()
                        .put("id", g.id.clone())
                        .opt("role", &g.role)
                        .done()
                })
                .collect(),
        )
        .done()
}

#[cfg(test)]
mod tests {
    /// The same value serde's derived serialisers give, for every fixture's model.
    #[test]
    fn matches_the_derived_form() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut files = vec![format!("{dir}/workspace.toml")];
        for e in std::fs::read_dir(format!("{dir}/rules")).unwrap().flatten() {
            files.push(e.path().display().to_string());
        }
        let mut compared = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let Ok(checked) = crate::check_source(&text, crate::Format::from_path(&f).unwrap())
            else {
                continue;
            };
            let ws = &checked.workspace;
            assert_eq!(
                super::workspace(ws),
                serde_json::to_value(ws).unwrap(),
                "{f}"
            );
            compared += 1;
        }
        assert!(compared > 40);
    }
}
