//! Every kind of interaction a deployment pops (issue 23): each `search` entry a source
//! (`attribute:NAME`, `phone`, `email`, `name`) the kind can carry, an attribute the client
//! passes, a lookup that does not need a number when the search yields none, and each media
//! table's own keys held to the rules of the shared ones.

use super::Ctx;
use super::screen_pop::{country, formats, pop_urls};
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::datasource::{self, Inputs, template::placeholders};
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::rules::client_id::is_uuid;
use crate::screenpop::media::{Source, search_of};
use crate::workspace::{DataSource, Deployment, KindPop, Media, ScreenPop};

const SOURCES: [&str; 4] = ["attribute:", "phone", "email", "name"];

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        let Some(sp) = &d.screen_pop else { continue };
        let p = pointer::push(&path, "screen_pop");
        let ty = ctx
            .ws
            .integration(&sp.integration)
            .and_then(|i| Some((i, ctx.ws.integration_type(&i.kind)?)));
        token_origin(ctx, sp, &p, out);
        for kind in Media::ALL.iter().filter_map(|m| sp.kind(*m)) {
            let at = match kind.media {
                Media::Voice => p.clone(),
                m => pointer::push(&p, m.name()),
            };
            search(d, &kind, &at, out);
            let lookup =
                ty.and_then(|(_, t)| t.data_sources.iter().find(|s| s.name == kind.data_source()));
            needs_phone(&kind, lookup, &at, out);
            url_phone(&kind, &at, out);
            let Some(table) = kind.table else { continue };
            country(table.default_country.as_ref(), &at, out);
            formats(
                table.alternative_formats.as_ref(),
                kind.default_country(),
                &at,
                out,
            );
            action(sp, &kind, &at, out);
            let Some((inst, ty)) = ty else { continue };
            if let Some(name) = &table.data_source
                && lookup.is_none()
            {
                out.push(Diagnostic::new(
                    Code::ScreenPopUnknownDataSource,
                    pointer::push(&at, "data_source"),
                    format!(
                        "data source {} is not defined by integration type {}",
                        quote(name),
                        quote(&ty.name)
                    ),
                    did_you_mean(
                        name,
                        ty.data_sources.iter().map(|s| s.name.as_str()),
                        || format!("name a data source of {}", ty.name),
                    ),
                ));
            }
            // The table's own templates; the ones it inherits are checked where written.
            let templates = [
                ("on_single", &table.on_single),
                ("on_multiple", &table.on_multiple),
                ("on_none", &table.on_none),
            ];
            let crm = d.crm_origin.as_deref();
            pop_urls(sp, crm, (inst, ty), kind.data_source(), templates, &at, out);
        }
    }
}

/// The kind's search order: sources that parse, attributes the client passes, and sources
/// the kind can carry.
fn search(d: &Deployment, kind: &KindPop<'_>, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(list) = kind.search() else { return };
    let path = pointer::push(at, "search");
    let what = a(kind.media);
    for (i, entry) in list.iter().enumerate() {
        let here = pointer::index(&path, i);
        match Source::parse(entry) {
            None => out.push(Diagnostic::new(
                Code::ScreenPopSearch,
                here,
                format!("{} is not a search source", quote(entry)),
                if entry.starts_with("attribute:") {
                    "name the attribute after attribute:, such as attribute:PT_SearchValue".into()
                } else {
                    did_you_mean(entry, SOURCES.iter().copied(), || {
                        "use attribute:NAME, phone, email or name".into()
                    })
                },
            )),
            Some(Source::Attribute(a)) if !d.custom_interaction_attributes.contains(&a) => {
                out.push(Diagnostic::new(
                    Code::ScreenPopAttributeNotRequested,
                    here,
                    format!("search attribute {} is not in custom_interaction_attributes, so its value never reaches framework.js", quote(&a)),
                    format!("add {} to custom_interaction_attributes", quote(&a)),
                ))
            }
            Some(s) if !s.yields(kind.media) => out.push(Diagnostic::new(
                Code::ScreenPopSearchNever,
                here,
                format!("{what} never carries {}: this entry never yields a search value", quote(entry)),
                format!("remove {}; {what} carries {}", quote(entry), carried(kind.media)),
            )),
            Some(_) => {}
        }
    }
}

/// The kind with its article: "a chat", "an email".
fn a(media: Media) -> String {
    let article = if media == Media::Email { "an" } else { "a" };
    format!("{article} {}", media.name())
}

/// What a kind of interaction carries, for the hints.
fn carried(media: Media) -> &'static str {
    match media {
        Media::Chat | Media::Email => "attributes, an address and a name",
        Media::Message => "attributes, a number, an address and a name",
        _ => "attributes, a number and a name",
    }
}

/// A lookup whose request needs `{phone}` under a search that can only yield addresses or
/// names: every lookup of the kind would fail.
fn needs_phone(
    kind: &KindPop<'_>,
    lookup: Option<&DataSource>,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(ds) = lookup else { return };
    let sources = search_of(kind);
    let textual = !sources.is_empty()
        && sources
            .iter()
            .all(|s| matches!(s, Source::Email | Source::Name));
    let texts = ds
        .rest_endpoint
        .iter()
        .chain(&ds.body)
        .map(String::as_str)
        .chain(ds.request_headers.values().filter_map(|v| v.as_str()));
    let phone = texts.flat_map(placeholders).any(|(n, _)| n == "phone");
    if textual && phone {
        let key = if kind.search().is_some() {
            "search"
        } else {
            "data_source"
        };
        out.push(Diagnostic::new(
            Code::ScreenPopSearchPhone,
            pointer::push(at, key),
            format!(
                "data source {} needs {{phone}}, and {} is searched by address or name only, so every lookup would fail",
                quote(&ds.name),
                a(kind.media)
            ),
            "use {searchValue} (or {email}) in the data source, name one that searches by address, or search by phone or an attribute first",
        ));
    }
}

/// A pop URL with `{phone}` for a kind whose search may yield an address or a name: `{phone}`
/// is only ever a number or an attribute (`pop::Vars`), so such a pop opens no page.
fn url_phone(kind: &KindPop<'_>, at: &str, out: &mut Vec<Diagnostic>) {
    let sources = search_of(kind);
    let Some(text) = sources
        .iter()
        .find(|s| matches!(s, Source::Email | Source::Name))
    else {
        return;
    };
    let text = if *text == Source::Email {
        "an address"
    } else {
        "a name"
    };
    let only = sources
        .iter()
        .all(|s| matches!(s, Source::Email | Source::Name));
    let keys = [
        (
            "on_single",
            kind.on_single(),
            kind.table.and_then(|t| t.on_single.as_ref()),
        ),
        (
            "on_multiple",
            kind.on_multiple(),
            kind.table.and_then(|t| t.on_multiple.as_ref()),
        ),
        (
            "on_none",
            kind.on_none(),
            kind.table.and_then(|t| t.on_none.as_ref()),
        ),
    ];
    for (key, template, own) in keys {
        let Some(template) = template else { continue };
        if !placeholders(template).iter().any(|(n, _)| n == "phone") {
            continue;
        }
        let (path, whose) = match (own, kind.media) {
            (Some(_), _) | (None, Media::Voice) => (pointer::push(at, key), "its"),
            (None, _) => (at.to_string(), "the shared"),
        };
        let when = if only {
            "always"
        } else {
            "whenever the search value is one"
        };
        out.push(Diagnostic::new(
            Code::ScreenPopUrlPhone,
            path,
            format!(
                "{} is searched by {text}, and {whose} {key} {} needs {{phone}}, which is only a number or an attribute: {when}, the pop opens no page",
                a(kind.media),
                quote(template)
            ),
            match whose {
                "its" => format!("use {{searchValue}} (or {{email}}) in {key} instead of {{phone}}"),
                _ => format!("set {key} in this table with {{searchValue}} (or {{email}}), such as \"{{crmBaseEndpoint}}/search?q={{searchValue}}\""),
            },
        ));
    }
}

/// The direct route's CRM token is issued for one origin, the first direct-route lookup's
/// (voice's when voice takes it), and goes nowhere else: a direct-route kind whose lookup is
/// at another origin would fail every pop.
fn token_origin(ctx: &Ctx, sp: &ScreenPop, p: &str, out: &mut Vec<Diagnostic>) {
    let Some(inst) = ctx.ws.integration(&sp.integration) else {
        return;
    };
    let Some(ty) = ctx.ws.integration_type(&inst.kind) else {
        return;
    };
    let origin_of = |kind: &KindPop<'_>| {
        let ds = ty
            .data_sources
            .iter()
            .find(|s| s.name == kind.data_source())?;
        let inputs = Inputs {
            integration_type: Some(ty),
            instance: Some(inst),
            runtime: Default::default(),
        };
        datasource::origin(ds, inputs).ok().flatten()
    };
    let direct = Media::ALL
        .iter()
        .filter_map(|m| sp.kind(*m))
        .filter(|k| k.route().map(String::as_str) == Some("direct"));
    let mut first: Option<(KindPop<'_>, String)> = None;
    for kind in direct {
        let Some(origin) = origin_of(&kind) else {
            continue;
        };
        let Some((by, token)) = &first else {
            first = Some((kind, origin));
            continue;
        };
        if origin != *token {
            let at = match kind.media {
                Media::Voice => p.to_string(),
                m => pointer::push(p, m.name()),
            };
            let own = kind.table.is_some_and(|t| t.data_source.is_some());
            out.push(Diagnostic::new(
                Code::ScreenPopMediaRoute,
                pointer::push(&at, if own { "data_source" } else { "route" }),
                format!(
                    "{} takes the direct route to {origin}, and the CRM token is for {token}, where {} looks up: the token goes to one origin only, so every lookup of {} would fail",
                    a(kind.media),
                    a(by.media),
                    a(kind.media)
                ),
                "name a data source at the same origin, or take this kind by route = \"host\" or \"proxy\"",
            ));
        }
    }
}

/// The proxy route executes one data action per data source: a kind with a data source of
/// its own names that source's action.
fn action(sp: &ScreenPop, kind: &KindPop<'_>, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(table) = kind.table else { return };
    match &table.action_id {
        Some(id) if !is_uuid(id) => out.push(Diagnostic::new(
            Code::ScreenPopActionId,
            pointer::push(at, "action_id"),
            format!("action_id {} is not a data action id (a UUID)", quote(id)),
            "copy the id from Admin > Integrations > Actions, such as \"3f1c2a4e-8b7d-4e21-9a6c-0d5e7f8a9b10\"",
        )),
        // The shared action_id runs the shared data source; without one, the shared keys'
        // rule has said so already when the shared route is the proxy route.
        None if kind.route().map(String::as_str) == Some("proxy")
            && (kind.data_source() != sp.data_source
                || (sp.action_id.is_none() && sp.route.as_deref() != Some("proxy"))) =>
        {
            let own = kind.data_source() != sp.data_source;
            out.push(Diagnostic::new(
                Code::ScreenPopActionId,
                pointer::push(at, if own { "data_source" } else { "route" }),
                format!(
                    "the proxy route executes a data action per data source, and no action_id in the {} table names the one of {}",
                    kind.media.name(),
                    quote(kind.data_source())
                ),
                "export it with `framesmith export --format data-actions`, create it in Genesys, and set action_id in this table",
            ));
        }
        _ => {}
    }
}
