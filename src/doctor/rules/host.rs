//! The host adapter: framesmith-host.js loaded, `attach()` called, its module script and the
//! host route's fetches allowed by the page's policies.

use super::{Ctx, Sourced, policy::policy};
use crate::diagnostic::{Code, Severity, quote};
use crate::doctor::csp;
use crate::doctor::html::Tag;
use crate::workspace::{Deployment, Workspace};

/// attach() as the host adapter's README writes it.
const ATTACH: &str = "attach({ frame: document.getElementById(\"softphone\"), allow: [\"https://crm.example.com/api/\"], onPop: (pop) => openRecord(pop) })";

/// Whether the object literal text `call` names `key` (`key:`, `key,`, `key }` shorthand, or
/// `key(` method), on a word boundary.
fn has_key(call: &str, key: &str) -> bool {
    call.match_indices(key).any(|(i, _)| {
        let before = call[..i].chars().next_back();
        let after = call[i + key.len()..].trim_start().chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
            && matches!(after, Some(':' | ',' | '}' | '('))
    })
}

/// The host adapter: framesmith-host.js loaded, `attach()` called, its module script and
/// the host route's fetches allowed by the page's policies.
pub(super) fn host_adapter(
    cx: &mut Ctx<'_>,
    ws: &Workspace,
    d: &Deployment,
    all: &[Tag],
    policies: &[Sourced],
    page_origin: &str,
) {
    let Some(sp) = &d.screen_pop else {
        return;
    };
    let scripts: Vec<&Tag> = all.iter().filter(|t| t.name == "script").collect();
    let loads = |t: &Tag| {
        t.attr("src")
            .is_some_and(|a| a.value.contains("framesmith-host.js"))
            || t.text
                .as_ref()
                .is_some_and(|(s, _)| s.contains("framesmith-host.js"))
    };
    let Some(host) = scripts.iter().copied().find(|t| loads(t)) else {
        // A module of the page's own may import it: that cannot be seen from the page.
        let external: Vec<&str> = scripts
            .iter()
            .filter_map(|t| t.attr("src"))
            .map(|a| a.value.as_str())
            .collect();
        if !external.is_empty() {
            cx.at(
                Code::DoctorHostAdapter,
                0,
                format!("the page does not name framesmith-host.js; unless one of its scripts ({}) imports it, the pops deployment {} sends reach nothing", external.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "), quote(&d.name)),
                "make sure a script of the page imports framesmith-host.js and calls attach(); doctor reads the page, not its scripts".into(),
            )
            .severity = Severity::Info;
            return;
        }
        cx.at(
            Code::DoctorHostAdapter,
            0,
            format!("the page never loads framesmith-host.js, so the pops deployment {} sends reach nothing", quote(&d.name)),
            format!("serve framesmith-host.js beside the page and add <script type=\"module\">import {{ attach }} from \"./framesmith-host.js\"; {ATTACH}</script>"),
        );
        return;
    };
    let module = |t: &Tag| {
        t.attr("type")
            .is_some_and(|a| a.value.trim().eq_ignore_ascii_case("module"))
    };
    if !module(host) {
        cx.at(
            Code::DoctorHostAdapter,
            host.at,
            "framesmith-host.js is an ES module, but this script is not type=\"module\": its import (or export) is a syntax error, and the adapter never runs".into(),
            "write <script type=\"module\">".into(),
        );
        return;
    }
    // Each script's calls in order: a call that throws ends its script, so a later call in
    // the same script never runs, while another script's calls still do.
    let mut calls = 0;
    let mut worked = false;
    let mut threw: Vec<(usize, String)> = Vec::new();
    for (text, at) in scripts.iter().filter_map(|t| t.text.as_ref()) {
        let s = &without_comments(text);
        for i in attach_calls(s) {
            calls += 1;
            match attach_fault(&s[i + "attach(".len()..]) {
                None => worked = true,
                Some(why) => {
                    threw.push((at + i, why));
                    break;
                }
            }
        }
    }
    if calls == 0 {
        if host.attr("src").is_some()
            && scripts.iter().any(|t| {
                t.attr("src")
                    .is_some_and(|a| !a.value.contains("framesmith-host.js"))
            })
        {
            // Another of the page's files may call it.
            cx.at(
                Code::DoctorHostAdapter,
                host.at,
                "framesmith-host.js is loaded, and no script in the page calls attach(); unless one of the page's files does, nothing takes the softphone's pops".into(),
                format!("make sure one script calls {ATTACH}"),
            )
            .severity = Severity::Info;
        } else {
            cx.at(
                Code::DoctorHostAdapter,
                host.at,
                "the page loads framesmith-host.js but never calls attach(), so nothing listens for the softphone's pops (the module only exports attach)".into(),
                format!("call {ATTACH} once the iframe is in the page"),
            );
        }
    }
    for (at, why) in threw {
        let d = cx.at(
            Code::DoctorHostAdapter,
            at,
            if worked {
                format!("{why}: it throws, though another attach() call takes the softphone's pops")
            } else {
                format!("{why}: it throws, and nothing takes the softphone's pops")
            },
            format!("write {ATTACH}"),
        );
        if worked {
            // Pops still arrive through the call that did not throw; the page has an error.
            d.severity = Severity::Warning;
        }
    }
    // The adapter's own script: inline module text, and the file it imports.
    let inline = host
        .text
        .as_ref()
        .is_some_and(|(s, _)| !s.trim().is_empty())
        && host.attr("src").is_none();
    let nonce = host.attr("nonce").map(|a| a.value.clone());
    for (p, report_only, from, at) in policies {
        let Some((directive, sources)) = p.governing("script-src") else {
            continue;
        };
        let has_nonce = nonce
            .as_ref()
            .is_some_and(|n| sources.iter().any(|s| s == &format!("'nonce-{n}'")));
        // A hash allows the inline script whose text it is (CSP hashes the exact text).
        let hash = host.text.as_ref().map(|(t, _)| {
            format!(
                "'sha256-{}'",
                base64(&crate::standin::sha256::digest(t.as_bytes()))
            )
        });
        let has_hash = hash.is_some_and(|h| sources.contains(&h));
        let unsafe_inline = sources.iter().any(|s| s == "'unsafe-inline'")
            && !sources
                .iter()
                .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
        let blocked = if inline {
            !(has_nonce || has_hash || unsafe_inline)
        } else {
            !has_nonce
                && !csp::allows(
                    sources,
                    &format!("{page_origin}/framesmith-host.js"),
                    page_origin,
                )
        };
        if blocked {
            let what = if inline {
                "the inline module script that imports framesmith-host.js"
            } else {
                "framesmith-host.js"
            };
            let message = format!(
                "{from} {} {what} ({directive} {}): the host adapter never runs, and no pop reaches the page",
                if *report_only {
                    "would block"
                } else {
                    "blocks"
                },
                sources.join(" ")
            );
            let hint = if inline {
                "give the script a nonce the policy lists ('nonce-...'), or move it into a file at the page's origin that script-src allows ('self')"
            } else {
                "allow the page's own origin in script-src ('self')"
            };
            let d = match at {
                Some(o) => cx.at(Code::DoctorCspScript, *o, message, hint.into()),
                None => cx.header(Code::DoctorCspScript, message, hint.into()),
            };
            if *report_only {
                d.severity = Severity::Warning;
            }
        }
    }
    // The host route fetches the data sources from the page: connect-src must allow them.
    if !sp.uses_route("host") {
        return;
    }
    let Some(inst) = ws.integration(&sp.integration) else {
        return;
    };
    let Some(t) = ws.integration_type(&inst.kind) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    for name in sp.data_sources_run() {
        let Some(ds) = t.data_sources.iter().find(|s| &s.name == name) else {
            continue;
        };
        let Some(endpoint) = ds.rest_endpoint.as_deref() else {
            continue;
        };
        // The instance's properties filled in ({crmBaseEndpoint}), then the fixed part of
        // the template: up to the first substitution left (a runtime input).
        let mut filled = endpoint.to_string();
        for (k, v) in &inst.properties {
            if let Some(v) = v.as_str() {
                filled = filled.replace(&format!("{{{k}}}"), v);
            }
        }
        let fixed = filled.split(['{', '$']).next().unwrap_or("");
        let Some(u) = crate::base::url::split(fixed).filter(|u| !u.host.is_empty()) else {
            continue;
        };
        let url = format!(
            "{}{}",
            u.origin(),
            &fixed[fixed.find("://").map_or(0, |i| i + 3) + u.host.len()..]
                .split(['?', '#'])
                .next()
                .unwrap_or("")
        );
        if seen.contains(&u.origin()) {
            continue;
        }
        seen.push(u.origin());
        policy(
            cx,
            policies,
            "connect-src",
            &url,
            page_origin,
            Code::DoctorCspConnect,
            &format!(
                "the host route's lookups ({} at {}) cannot be fetched from the page, so every pop fails",
                quote(name),
                u.origin()
            ),
            &format!("add {} to connect-src", u.origin()),
        );
    }
}

/// Standard base64 with padding, as CSP writes hashes.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Whether some attach() call in the page's scripts names `key` among its options.
pub(super) fn attach_gives(all: &[Tag], key: &str) -> bool {
    all.iter()
        .filter(|t| t.name == "script")
        .filter_map(|t| t.text.as_ref())
        .any(|(text, _)| {
            let s = without_comments(text);
            attach_calls(&s).any(|i| {
                let args = &s[i + "attach(".len()..];
                has_key(&args[..args.find(");").unwrap_or(args.len())], key)
            })
        })
}

/// Where `attach(` is called in a script's text: the name on its own (`host.attach(` counts,
/// `reattach(` and `myattach(` do not).
fn attach_calls(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.match_indices("attach(").filter_map(move |(i, _)| {
        let before = s[..i].chars().next_back();
        let word = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        (!word).then_some(i)
    })
}

/// Why an `attach(` call with these arguments throws (it takes one object with the frame and
/// onPop), or None when it does not.
fn attach_fault(args: &str) -> Option<String> {
    let args = args.trim_start();
    let end = args.find(");").unwrap_or(args.len());
    let call = &args[..end];
    if !args.starts_with('{') {
        return Some(
            "attach() takes one object ({ frame, allow, onPop }), not the iframe as its first argument"
                .into(),
        );
    }
    let missing: Vec<&str> = ["frame", "onPop"]
        .into_iter()
        .filter(|k| !has_key(call, k))
        .collect();
    (!missing.is_empty()).then(|| format!("attach() is not given {}", missing.join(" or ")))
}

/// The script's text with its comments blanked to spaces, so offsets still point into the
/// page and `// call attach() here` is not a call. Strings are kept as they are (a `//` in a
/// URL is not a comment); one pass, linear.
fn without_comments(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = s[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                for o in &mut out[i..end] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Comments end at ASCII bytes, so a character is blanked whole or kept whole: the bytes
    // stay UTF-8 and the lossy path never runs.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648_writes_it() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn comments_are_blanked_in_place_and_strings_kept() {
        let s = "a(); // attach(x)\nb(\"http://x/*\"); /* attach(\n y) */ attach({});";
        let out = super::without_comments(s);
        assert_eq!(out.len(), s.len());
        assert_eq!(
            super::attach_calls(&out).collect::<Vec<_>>(),
            vec![s.rfind("attach(").unwrap()]
        );
        assert!(out.contains("\"http://x/*\""));
        assert_eq!(out.matches('\n').count(), 2);
    }

    #[test]
    fn attach_is_a_name_of_its_own() {
        let s = "reattach({}); my_attach({}); $attach({}); host.attach({}); attach({})";
        let at: Vec<usize> = super::attach_calls(s).collect();
        assert_eq!(
            at,
            vec![s.find("host.").unwrap() + 5, s.rfind("attach(").unwrap()]
        );
    }
}
