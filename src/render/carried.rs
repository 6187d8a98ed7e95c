//! What a popping framework.js carries for the runtime module (issue 10): the driver
//! (`runtime.js`) with the module in it as `make runtime` left it in `runtime.b64`
//! (deflate-raw, base64), assembled by build.rs (the builder page fetches the same text
//! from www/pkg/runtime/runtime.js), and the part of the workspace the module runs on.
//! Only the lookup's data sources and the instance properties their templates and the pop
//! URLs name are carried; a property whose name or value looks like a secret never is.

use serde_json::{Map, Value, json};

use crate::base::secret;
use crate::datasource::template::placeholders;
use crate::workspace::{Deployment, Workspace, value};

/// The runtime as the CLI carries it. The builder module never refers to it (the page
/// fetches the text instead), so it is not in that module.
pub const CARRIED: &str = include_str!(concat!(env!("OUT_DIR"), "/runtime.js"));

// `CARRIED_SHA256`: the hash of that text, which the renderer holds every runtime to.
include!(concat!(env!("OUT_DIR"), "/runtime_hash.rs"));

/// The line between the driver and the host module in the carried text.
const HOST_MARKER: &str = "\n// ---- framesmith-host.js ----\n";
/// The line before the full runtime module (base64) at the end of the carried text.
const FULL_MARKER: &str = "\n// ---- framesmith-runtime-full ----\n";

/// The carried text's two parts: framework.js's driver, and framesmith-host.js.
pub fn split(carried: &str) -> (&str, &str) {
    let (driver, rest) = carried.split_once(HOST_MARKER).unwrap_or((carried, ""));
    (
        driver,
        rest.split_once(FULL_MARKER).map_or(rest, |(host, _)| host),
    )
}

/// framework.js's driver for deployment `d`: with the plain runtime module, or, when a
/// path of the data sources it runs is not plain (a filter, an index, `..`), with the
/// full one in its place.
pub fn driver(carried: &str, ws: &Workspace, d: &Deployment) -> String {
    let (driver, _) = split(carried);
    let full = carried
        .split_once(FULL_MARKER)
        .map_or("", |(_, f)| f.trim());
    const AT: &str = "RUNTIME_WASM = \"";
    let plain = driver
        .find(AT)
        .map(|i| i + AT.len())
        .and_then(|i| Some((i, i + driver[i..].find('"')?)));
    match plain {
        Some((start, end)) if needs_full(ws, d) && !full.is_empty() => {
            format!("{}{full}{}", &driver[..start], &driver[end..])
        }
        _ => driver.to_string(),
    }
}

/// Whether deployment `d` needs the full runtime module: the direct route (whose sign-in
/// and token machine the plain module leaves out), `create` (left out too), or a data source it runs with a path the
/// plain module cannot read (`jsonpath::plain`).
pub fn needs_full(ws: &Workspace, d: &Deployment) -> bool {
    let Some(sp) = &d.screen_pop else {
        return false;
    };
    if sp.uses_route("direct") || sp.create.is_some() {
        return true;
    }
    let runs = sp.data_sources_run();
    let ty = ws
        .integration(&sp.integration)
        .and_then(|i| ws.integration_type(&i.kind));
    ty.iter()
        .flat_map(|t| &t.data_sources)
        .filter(|ds| runs.contains(&&ds.name))
        .any(|ds| {
            let pagination = ds.pagination.iter().flat_map(|p| {
                ["next", "cursor"]
                    .into_iter()
                    .filter_map(|k| p.get(k).and_then(Value::as_str))
            });
            ds.records
                .as_deref()
                .into_iter()
                .chain(ds.response_mapping.values().filter_map(Value::as_str))
                .chain(pagination)
                .any(|path| !crate::jsonpath::plain::is_plain(path))
        })
}

/// framesmith-host.js for a softphone at `apps_origin`.
pub fn host(carried: &str, apps_origin: &str) -> String {
    let origin = crate::render::escape::js_literal(
        &Value::String(apps_origin.to_string()),
        crate::render::escape::Keys { bare: &[] },
        0,
    );
    split(carried).1.replacen("\"__APPS_ORIGIN__\"", &origin, 1)
}

/// Every `{name}` the deployment's runtime may expand: the data sources' request templates
/// and the pop URLs.
fn named(ws: &Workspace, d: &Deployment) -> Vec<String> {
    let Some(sp) = &d.screen_pop else {
        return Vec::new();
    };
    let mut texts: Vec<&str> = sp.pop_templates().into_iter().map(String::as_str).collect();
    let ty = ws
        .integration(&sp.integration)
        .and_then(|i| ws.integration_type(&i.kind));
    let run = sp.data_sources_run();
    let runs = |n: &String| run.contains(&n);
    for ds in ty
        .iter()
        .flat_map(|t| &t.data_sources)
        .filter(|ds| runs(&ds.name))
    {
        texts.extend(ds.rest_endpoint.as_deref());
        texts.extend(ds.body.as_deref());
        texts.extend(ds.request_headers.values().filter_map(Value::as_str));
    }
    let mut names: Vec<String> = Vec::new();
    for t in texts {
        for (n, _) in placeholders(t) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
}

/// Whether a value may be carried: not secret-looking text.
fn carriable(v: &Value) -> bool {
    v.as_str().is_none_or(|t| secret::looks_secret(t).is_none())
}

/// The runtime's configuration for deployment `d`: `{workspace, deployment, apiDomain}`,
/// the workspace cut down to what the lookup needs. Built from the workspace's own JSON
/// form (`value`) and pruned, rather than written out field by field: the builder module
/// is near its size budget.
pub fn config(ws: &Workspace, d: &Deployment, api_domain: &str) -> Value {
    let Some(sp) = &d.screen_pop else {
        return Value::Null;
    };
    let names = named(ws, d);
    let run = sp.data_sources_run();
    let wanted = |v: &Value| -> bool {
        let name = v.get("name").and_then(Value::as_str).unwrap_or("");
        run.iter().any(|w| *w == name)
    };
    let named_setting = |k: &str| names.iter().any(|n| n == k) && !secret::secret_key_name(k);
    // The direct route signs the agent in to the CRM: its public endpoints, client id and
    // scopes travel too (never a secret: the client is public, with PKCE).
    let direct = sp.uses_route("direct");
    let sign_in =
        |k: &str| direct && matches!(k, "authorizationEndpoint" | "tokenEndpoint" | "clientId");
    let instance = ws.integration(&sp.integration);
    let mut ty = instance
        .and_then(|i| ws.integration_type(&i.kind))
        .map_or(Value::Null, value::integration_type);
    if let Value::Object(t) = &mut ty {
        t.retain(|k, _| {
            matches!(k.as_str(), "name" | "uiDefinition" | "dataSources")
                || (direct && k == "requiredScopes")
        });
        if let Some(Value::Array(list)) = t.get_mut("dataSources") {
            list.retain(wanted);
        }
        if let Some(Value::Array(list)) = t
            .get_mut("uiDefinition")
            .and_then(|u| u.get_mut("settings"))
        {
            list.retain(|s| named_setting(s.get("name").and_then(Value::as_str).unwrap_or("")));
            for s in list.iter_mut().filter_map(Value::as_object_mut) {
                s.retain(|k, v| {
                    matches!(k.as_str(), "name" | "type" | "defaultValue") && carriable(v)
                });
            }
        }
    }
    let mut properties = Map::new();
    for (k, v) in instance.map_or(&Map::new(), |i| &i.properties) {
        if (named_setting(k) || sign_in(k)) && carriable(v) {
            properties.insert(k.clone(), v.clone());
        }
    }
    let mut config = json!({
        "workspace": {
            "deployment": [{ "screen_pop": value::screen_pop(sp) }],
            "integration_type": [ty],
            "integration": [{
                "name": sp.integration,
                "type": instance.map(|i| i.kind.as_str()).unwrap_or_default(),
                "properties": properties,
            }],
        },
        "deployment": 0,
        "apiDomain": api_domain,
    });
    config["held"] = held(&config, api_domain);
    config
}

/// What the softphone holds to itself when the module runs in the CRM page (Genesys' page
/// refuses WebAssembly): the route, the sign-in and the origins each token may go to, as
/// the module would answer them here. The page's answers cannot redirect a token: the
/// softphone sends the Genesys token only to `genesysOrigin` and the CRM token only to
/// `tokenOrigin`, and signs in only where `signIn` says. Null where the module could not
/// be configured (framework.js then turns screen pop off, as the module would).
fn held(config: &Value, api_domain: &str) -> Value {
    // The very workspace the module reads from this configuration.
    let ws = crate::workspace::read::workspace(&config["workspace"]);
    let Ok(session) = crate::screenpop::session::Session::new(&ws, 0, Some(api_domain)) else {
        return Value::Null;
    };
    let sign_in = session.sign_in().map_or(Value::Null, |s| {
        json!({
            "authorize": s.authorize,
            "token": s.token,
            "clientId": s.client_id,
            "redirectUri": s.redirect_uri,
            "scope": s.scope,
        })
    });
    json!({
        "route": session.route().name(),
        "signIn": sign_in,
        "tokenOrigin": session.token_origin(),
        "genesysOrigin": format!("https://api.{api_domain}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Workspace {
        let text = include_str!("../../tests/fixtures/workspace.toml");
        crate::check_source(text, crate::Format::Toml)
            .unwrap()
            .workspace
    }

    fn properties(c: &Value) -> Vec<String> {
        let p = c["workspace"]["integration"][0]["properties"]
            .as_object()
            .unwrap();
        p.keys().cloned().collect()
    }

    #[test]
    fn the_sign_in_travels_only_for_the_direct_route_and_never_a_secret() {
        let mut ws = example();
        let host = config(&ws, &ws.deployments[0], "mypurecloud.ie");
        assert_eq!(properties(&host), ["crmBaseEndpoint"]);
        assert!(
            host["workspace"]["integration_type"][0]
                .get("requiredScopes")
                .is_none()
        );
        ws.deployments[0].screen_pop.as_mut().unwrap().route = Some("direct".into());
        let direct = config(&ws, &ws.deployments[0], "mypurecloud.ie");
        let mut keys = properties(&direct);
        keys.sort();
        assert_eq!(
            keys,
            [
                "authorizationEndpoint",
                "clientId",
                "crmBaseEndpoint",
                "tokenEndpoint"
            ]
        );
        assert_eq!(
            direct["workspace"]["integration_type"][0]["requiredScopes"],
            serde_json::json!(["crm:read", "crm:write", "contacts:read"])
        );
        assert!(!direct.to_string().contains("vault:"));
    }

    /// What the softphone holds to itself is what the module answers for the same
    /// configuration, and the origins each token may go to.
    #[test]
    fn the_held_facts_are_the_modules_own() {
        let mut ws = example();
        for direct in [false, true] {
            if direct {
                let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
                sp.route = Some("direct".into());
                sp.redirect_uri = Some("https://acme.crm4.dynamics.com/signin.html".into());
            }
            let c = config(&ws, &ws.deployments[0], "mypurecloud.ie");
            let mut rt = crate::runtime::Runtime::default();
            let answer = rt
                .call(crate::runtime::Op::Configure, c.to_string().as_bytes(), b"")
                .unwrap();
            let held = &c["held"];
            assert_eq!(held["route"], answer["route"]);
            assert_eq!(held["signIn"], answer["signIn"]);
            assert_eq!(held["genesysOrigin"], "https://api.mypurecloud.ie");
            assert_eq!(
                held["tokenOrigin"],
                if direct {
                    serde_json::json!("https://crm.enterprise-client.com")
                } else {
                    Value::Null
                }
            );
        }
    }

    #[test]
    fn a_deployment_carries_the_plain_module_unless_a_path_needs_the_full_one() {
        let plain = include_str!("../runtime/runtime.b64").trim();
        let full = include_str!("../runtime/runtime-full.b64").trim();
        let carries = |ws: &Workspace| {
            let js = crate::render::framework_js(ws, &ws.deployments[0], CARRIED).unwrap();
            (js.contains(plain), js.contains(full))
        };
        let mut ws = example();
        assert!(!needs_full(&ws, &ws.deployments[0]));
        assert_eq!(carries(&ws), (true, false));
        // Every path the runtime reads counts: records, a mapped output, the next page; and
        // only those of the data sources the deployment runs.
        fn lookup(ws: &mut Workspace) -> &mut crate::workspace::DataSource {
            &mut ws.integration_types[0].data_sources[0]
        }
        lookup(&mut ws).records = Some("$.items[?@.active == true]".into());
        assert_eq!(carries(&ws), (false, true));
        let mut ws = example();
        lookup(&mut ws)
            .response_mapping
            .insert("first".into(), Value::String("$.phones[0]".into()));
        assert_eq!(carries(&ws), (false, true));
        let mut ws = example();
        lookup(&mut ws).pagination = Some(
            json!({"next": "$..next"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        assert_eq!(carries(&ws), (false, true));
        let mut ws = example();
        ws.integration_types[0]
            .data_sources
            .push(crate::workspace::DataSource {
                name: "unused".into(),
                records: Some("$..x".into()),
                ..Default::default()
            });
        assert_eq!(carries(&ws), (true, false));
        // Creating a record when none is found is the full module's too.
        let mut ws = example();
        ws.deployments[0].screen_pop.as_mut().unwrap().create = Some("log_activity".into());
        assert_eq!(carries(&ws), (false, true));
    }
}
