//! The screen pop's decision (issue 10): from what the lookup found to the pop handed to the
//! CRM page, `{ interactionId, kind, url, searchValue, records, cause }`. None found opens
//! `on_none`, one `on_single` (with that record's fields), several `on_multiple` with every
//! candidate, and a failure falls back to `on_multiple` as a search while `cause` names the
//! real reason. URLs are expanded as data source URLs are: instance settings and the search
//! value (`{phone}`) and the record's fields, each value percent-encoded (a `+` in a query
//! is `%2B`), a url-type setting that opens the template going in as written.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::base::url;
use crate::datasource::{self, template};
#[cfg(test)]
use crate::workspace::ScreenPop;
use crate::workspace::{Integration, IntegrationType, KindPop};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multiple,
    None,
    Failed,
}

impl Kind {
    /// As the pop names it: `single`, `multiple`, `none`, `failed`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::None => "none",
            Kind::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pop {
    pub interaction_id: String,
    pub kind: Kind,
    /// The expanded `on_*` template; None when the deployment has none for this kind or a
    /// name in it has no value (the page then decides alone, with the records).
    pub url: Option<String>,
    pub search_value: String,
    pub records: Vec<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// For a single match, how `PureCloud.addAssociation` names the record to the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<Association>,
    /// The record was created because the lookup found none (`screen_pop.create`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub created: bool,
}

/// The record a single match associates with the call: its id (the first output named
/// `...id`, else the first) and a label (the first output named `...name`, else the id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Association {
    pub id: String,
    pub text: String,
}

/// A record's id: the first mapped field whose name ends in `id` (`id`, `accountId`).
pub(crate) fn record_id(record: &Map<String, Value>) -> Option<String> {
    id_key(record)
        .and_then(|k| record.get(k))
        .and_then(datasource::scalar_text)
}

/// The first field name ending in `id`, in any case (compared in place: the runtime module
/// calls it for every record of every page).
fn id_key(record: &Map<String, Value>) -> Option<&String> {
    record.keys().find(|k| {
        let b = k.as_bytes();
        b.len() >= 2 && b[b.len() - 2..].eq_ignore_ascii_case(b"id")
    })
}

pub(crate) fn association(record: &Map<String, Value>) -> Option<Association> {
    let text_of = |k: &str| record.get(k).and_then(datasource::scalar_text);
    let id_key = id_key(record).or_else(|| record.keys().next())?;
    let id = text_of(id_key)?;
    let text = record
        .keys()
        .find(|k| k.to_ascii_lowercase().contains("name"))
        .and_then(|k| text_of(k))
        .unwrap_or_else(|| id.clone());
    Some(Association { id, text })
}

/// What a pop URL may name of the interaction besides the search value (issue 23):
/// `{media}`, `{email}`, `{name}`, and whether `{phone}` is the search value.
#[derive(Debug, Clone, Copy)]
pub struct Vars<'a> {
    pub media: &'static str,
    pub phone: bool,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
}

impl Vars<'_> {
    /// A voice call as issue 10 popped it: `{phone}` is the search value.
    pub const VOICE: Vars<'static> = Vars {
        media: "voice",
        phone: true,
        email: None,
        name: None,
    };
}

/// What a pop's URL may name besides the record's fields.
pub struct Context<'a> {
    pub screen_pop: KindPop<'a>,
    pub integration_type: Option<&'a IntegrationType>,
    pub instance: Option<&'a Integration>,
    /// The page that embeds the softphone (`crm_origin`): a pop may open a page there.
    pub crm_origin: Option<&'a str>,
}

/// Whether `other` is a URL at `a`'s origin, as browsers compare origins (`Url::origin`,
/// which the module carries for pagination links already).
fn same_origin(a: &url::Url<'_>, other: Option<&str>) -> bool {
    other
        .and_then(url::split)
        .is_some_and(|b| a.same_origin(&b))
}

impl Context<'_> {
    /// Whether a pop may open `text`: an http(s) URL with no user name or password and no
    /// backslash (which browsers read as a slash), at the deployment's `crm_origin` or at
    /// the origin of one of the instance's URL settings (`crmBaseEndpoint`). Else why not.
    /// Written without allocating: the runtime module carries it, under a size budget.
    #[inline(never)]
    pub fn allowed(&self, text: &str) -> Result<(), String> {
        if self.may_open(text) {
            return Ok(());
        }
        Err(format!(
            "the pop URL {} is not a CRM page (crm_origin or a URL setting): it was not opened",
            crate::diagnostic::quote(text)
        ))
    }

    // Plain loops, no iterator chains: each adapter is code in the runtime module.
    fn may_open(&self, text: &str) -> bool {
        let Some(u) = url::split(text) else {
            return false;
        };
        let web = u.scheme.eq_ignore_ascii_case("https") || u.scheme.eq_ignore_ascii_case("http");
        if !web || u.userinfo.is_some() || text.contains('\\') {
            return false;
        }
        if same_origin(&u, self.crm_origin) {
            return true;
        }
        let (Some(t), Some(ui)) = (
            self.integration_type,
            self.integration_type.and_then(|t| t.ui_definition.as_ref()),
        ) else {
            return false;
        };
        for s in &ui.settings {
            if let Some(v) = datasource::setting(t, self.instance, &s.name)
                && v.is_url
                && same_origin(&u, Some(&v.value))
            {
                return true;
            }
        }
        false
    }

    #[inline(never)]
    fn url(
        &self,
        template_text: Option<&String>,
        search_value: &str,
        vars: &Vars<'_>,
        record: Option<&Map<String, Value>>,
    ) -> Result<Option<String>, String> {
        let lookup = |name: &str| {
            let given = match name {
                "searchValue" => Some(search_value),
                "phone" if vars.phone => Some(search_value),
                "email" => vars.email,
                "name" => vars.name,
                "media" => Some(vars.media),
                _ => None,
            };
            if let Some(value) = given {
                return Some(template::Var {
                    value: value.to_string(),
                    is_url: false,
                });
            }
            if let Some(v) = record
                .and_then(|r| r.get(name))
                .and_then(datasource::scalar_text)
            {
                return Some(template::Var {
                    value: v,
                    is_url: false,
                });
            }
            datasource::setting(self.integration_type?, self.instance, name)
        };
        let Some(template_text) = template_text else {
            return Ok(None);
        };
        match template::expand(template_text, template::Part::Url, &lookup, &Vec::new) {
            Ok(text) => self.allowed(&text).map(|()| Some(text)),
            // A value that would move the URL up its path: refused, and said.
            Err(e @ template::ExpandError::DotSegment { .. }) => Err(format!("{e}")),
            // A name without a value (a field the record lacks): no URL rather than a
            // broken one.
            Err(_) => Ok(None),
        }
    }

    /// The pop of a voice call for what the lookup of `search_value` gave: its records, or
    /// why it failed.
    pub fn decide(
        &self,
        interaction_id: &str,
        search_value: &str,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Pop {
        self.decide_with(&Vars::VOICE, interaction_id, search_value, found)
    }

    /// The pop for what the lookup of `search_value` gave, with the interaction's `vars`.
    pub fn decide_with(
        &self,
        vars: &Vars<'_>,
        interaction_id: &str,
        search_value: &str,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Pop {
        let sp = self.screen_pop;
        let (kind, url, records, cause) = match found {
            Ok(records) => match records.len() {
                0 => (
                    Kind::None,
                    self.url(sp.on_none(), search_value, vars, None),
                    records,
                    None,
                ),
                1 => {
                    let url = self.url(sp.on_single(), search_value, vars, records.first());
                    (Kind::Single, url, records, None)
                }
                _ => {
                    let url = self.url(sp.on_multiple(), search_value, vars, None);
                    (Kind::Multiple, url, records, None)
                }
            },
            Err(cause) => {
                let url = self.url(sp.on_multiple(), search_value, vars, None);
                (Kind::Failed, url, Vec::new(), Some(cause))
            }
        };
        // A URL the pop may not open turns it into a failure that says why.
        let (kind, url, cause) = match url {
            Ok(url) => (kind, url, cause),
            Err(why) => (Kind::Failed, None, Some(cause.unwrap_or(why))),
        };
        let association = match kind {
            Kind::Single => records.first().and_then(association),
            _ => None,
        };
        Pop {
            interaction_id: interaction_id.to_string(),
            kind,
            url,
            search_value: search_value.to_string(),
            records,
            cause,
            association,
            created: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use serde_json::json;

    fn example() -> crate::Workspace {
        let text = include_str!("../../tests/fixtures/workspace.toml");
        crate::check_source(text, Format::Toml).unwrap().workspace
    }

    fn record(id: &str, name: &str) -> Map<String, Value> {
        json!({"accountId": id, "accountName": name})
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn each_outcome_opens_its_template() {
        let ws = example();
        let sp = ws.deployments[0].screen_pop.as_ref().unwrap();
        let inst = ws.integration(&sp.integration);
        let ctx = Context {
            screen_pop: sp.voice(),
            integration_type: inst.and_then(|i| ws.integration_type(&i.kind)),
            instance: inst,
            crm_origin: ws.deployments[0].crm_origin.as_deref(),
        };
        let base = "https://crm.enterprise-client.com";

        let one = ctx.decide("i1", "+35315550100", Ok(vec![record("A 1/2", "Alpha Ltd")]));
        assert_eq!(one.kind, Kind::Single);
        assert_eq!(
            one.url.as_deref(),
            Some(&*format!("{base}/accounts/A%201%2F2"))
        );
        assert_eq!(one.records.len(), 1);

        let none = ctx.decide("i2", "+35315550199", Ok(vec![]));
        assert_eq!(none.kind, Kind::None);
        assert_eq!(
            none.url.as_deref(),
            Some(&*format!("{base}/accounts/new?phone=%2B35315550199"))
        );

        let two = ctx.decide(
            "i3",
            "+35315550101",
            Ok(vec![record("A", "a"), record("B", "b")]),
        );
        assert_eq!(two.kind, Kind::Multiple);
        assert_eq!(two.records.len(), 2, "every candidate");
        assert_eq!(
            two.url.as_deref(),
            Some(&*format!("{base}/search?phone=%2B35315550101"))
        );

        let failed = ctx.decide("i4", "+35315550100", Err("HTTP 429: slow down".into()));
        assert_eq!(failed.kind, Kind::Failed);
        assert_eq!(failed.cause.as_deref(), Some("HTTP 429: slow down"));
        assert_eq!(
            failed.url.as_deref(),
            Some(&*format!("{base}/search?phone=%2B35315550100")),
            "a failure falls back to the search page"
        );

        let v = serde_json::to_value(&failed).unwrap();
        assert_eq!(v["interactionId"], "i4");
        assert_eq!(v["kind"], "failed");
        assert_eq!(v["searchValue"], "+35315550100");
        assert!(serde_json::to_value(&one).unwrap().get("cause").is_none());
    }

    #[test]
    fn a_name_without_a_value_gives_no_url_rather_than_a_broken_one() {
        let ws = example();
        let mut sp = ws.deployments[0].screen_pop.clone().unwrap();
        sp.on_single = Some("https://crm.example.com/x/{missingField}".into());
        let ctx = Context {
            screen_pop: sp.voice(),
            integration_type: None,
            instance: None,
            crm_origin: None,
        };
        let pop = ctx.decide("i", "+1", Ok(vec![record("A", "a")]));
        assert_eq!(pop.kind, Kind::Single);
        assert_eq!(pop.url, None);
    }

    #[test]
    fn a_pop_opens_only_the_crms_pages_and_no_value_moves_up_its_path() {
        let ws = example();
        let d = &ws.deployments[0];
        let inst = ws.integration(&d.screen_pop.as_ref().unwrap().integration);
        let with = |single: &str| {
            let mut sp = d.screen_pop.clone().unwrap();
            sp.on_single = Some(single.to_string());
            sp
        };
        let decide = |sp: &ScreenPop, id: &str| {
            let ctx = Context {
                screen_pop: sp.voice(),
                integration_type: inst.and_then(|i| ws.integration_type(&i.kind)),
                instance: inst,
                crm_origin: d.crm_origin.as_deref(),
            };
            ctx.decide("i", "+1", Ok(vec![record(id, "a")]))
        };
        // A record id of `..` or `.` would open the CRM's root (browsers read %2E as a dot).
        for id in ["..", "."] {
            let pop = decide(&with("{crmBaseEndpoint}/accounts/{accountId}"), id);
            assert_eq!(pop.kind, Kind::Failed, "{id}");
            assert_eq!(pop.url, None);
            assert!(pop.cause.unwrap().contains("up its path"));
        }
        // In a query, or as part of a segment, a dot is only a dot.
        let pop = decide(&with("{crmBaseEndpoint}/accounts?id={accountId}"), "..");
        assert_eq!(pop.kind, Kind::Single);
        let pop = decide(&with("{crmBaseEndpoint}/accounts/{accountId}"), "..x");
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/accounts/..x")
        );
        // Only http(s) pages at the CRM's address.
        for evil in [
            "javascript:alert(document.domain)//{accountId}",
            "data:text/html,<script>alert(1)</script>{accountId}",
            "https://evil.example/{accountId}",
            "{crmBaseEndpoint}@evil.example/{accountId}",
            "https://crm.enterprise-client.com\\@evil.example/{accountId}",
        ] {
            let pop = decide(&with(evil), "A1");
            assert_eq!(pop.kind, Kind::Failed, "{evil}");
            assert_eq!(pop.url, None, "{evil}");
            assert!(pop.cause.unwrap().contains("was not opened"), "{evil}");
        }
        // The page that embeds the softphone is the CRM's too.
        let pop = decide(
            &with("https://acme.crm4.dynamics.com/main.aspx?id={accountId}"),
            "A1",
        );
        assert_eq!(pop.kind, Kind::Single);
    }
}
