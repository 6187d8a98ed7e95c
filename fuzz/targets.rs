//! The fuzz targets' bodies: each takes raw bytes and checks a property that must hold for
//! any input, panicking when it does not. Shared by the cargo-fuzz binaries (nightly) and by
//! tests/fuzz_regressions.rs, which replays every input kept in fuzz/regressions/ on stable.

#![allow(dead_code)]

use framesmith::datasource::{self, template};
use framesmith::jsonpath::Query;
use framesmith::workspace::source;
use framesmith::{Code, Format};
use serde_json::Value;

const EXAMPLE: &str = include_str!("../tests/fixtures/workspace.toml");

/// The example workspace, read once: reading it per input would be most of the work.
fn example() -> &'static framesmith::Workspace {
    static WS: std::sync::OnceLock<framesmith::Workspace> = std::sync::OnceLock::new();
    WS.get_or_init(|| {
        framesmith::check_source(EXAMPLE, Format::Toml)
            .expect("the example reads")
            .workspace
    })
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Check workspace text; whatever it holds, the result is a syntax error with a position or
/// findings that print, and every deployment that builds is plain ASCII JavaScript.
fn check(text: &str, format: Format) {
    match framesmith::check_source(text, format) {
        Err(d) => {
            assert_eq!(d.code, Code::ParseSyntax);
            assert!(d.line.is_some() && d.column.is_some(), "{d:?}");
            framesmith::report::human("f", Some(text), &[d]);
        }
        Ok(checked) => {
            framesmith::report::human("f", Some(text), &checked.diagnostics);
            for i in 0..checked.workspace.deployments.len().min(8) {
                if let Ok(r) =
                    framesmith::build_deployment(&checked, i, framesmith::render::carried::CARRIED)
                {
                    assert!(r.framework_js.is_ascii());
                }
            }
            // What the TOML writer writes, the TOML reader reads back as the same value.
            let value = source::parse(text, format)
                .expect("parsed once already")
                .value;
            if let Ok(toml) = source::write(&value, Format::Toml) {
                let again = source::parse(&toml, Format::Toml)
                    .unwrap_or_else(|e| panic!("written TOML does not read back: {e:?}\n{toml}"));
                assert_eq!(again.value, value, "\n{toml}");
            }
        }
    }
}

pub fn workspace_toml(data: &[u8]) {
    if let Some(t) = text(data) {
        check(t, Format::Toml);
    }
}

pub fn workspace_json(data: &[u8]) {
    if let Some(t) = text(data) {
        check(t, Format::Json);
    }
}

/// Whether QuickJS compiles `js` (as a function body, so nothing of it runs).
pub fn parses_as_js(js: &str) -> Result<(), String> {
    let rt = rquickjs::Runtime::new().map_err(|e| e.to_string())?;
    let ctx = rquickjs::Context::full(&rt).map_err(|e| e.to_string())?;
    let literal = serde_json::to_string(js).map_err(|e| e.to_string())?;
    ctx.with(|ctx| {
        ctx.eval::<(), _>(format!("new Function({literal});"))
            .map_err(|e| format!("{e}: {:?}", ctx.catch()))
    })
}

/// Fields of a deployment from the input, split at NUL: whatever they hold, framework.js
/// parses as JavaScript, is ASCII, cannot close a script element, and reads back (import)
/// to the same name and attributes.
pub fn render(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let mut ws = example().clone();
    let d = &mut ws.deployments[0];
    d.name = parts.next().unwrap_or_default().to_string();
    d.crm_origin = parts.next().map(str::to_string);
    d.custom_interaction_attributes = parts
        .next()
        .map(|a| vec![a.to_string()])
        .unwrap_or_default();
    if let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        d.settings
            .insert(k.to_string(), Value::String(v.to_string()));
    }
    let js = framesmith::render::framework_js(
        &ws,
        &ws.deployments[0],
        framesmith::render::carried::CARRIED,
    )
    .expect("renders");
    assert!(js.is_ascii());
    assert!(!js.contains("</script") && !js.contains("<!--"));
    if let Err(e) = parses_as_js(&js) {
        panic!("framework.js does not parse: {e}\n{js}");
    }
    let back = framesmith::import::framework_js(&js);
    let imported = back.workspace.expect("framesmith reads its own file");
    let d = &ws.deployments[0];
    assert_eq!(imported.deployments[0].name, d.name);
    assert_eq!(
        imported.deployments[0].custom_interaction_attributes,
        d.custom_interaction_attributes
    );
}

pub fn import(data: &[u8]) {
    if let Some(t) = text(data) {
        let imported = framesmith::import::framework_js(t);
        framesmith::report::human("f.js", Some(t), &imported.diagnostics);
        for d in &imported.diagnostics {
            assert!(d.line.is_some(), "{d:?}");
        }
    }
}

/// `framesmith lint` on any bytes (read as the CLI reads a file, lossily): every finding has
/// a position inside the file, and the human report and the SARIF log of them are made.
pub fn lint(data: &[u8]) {
    let t = String::from_utf8_lossy(data);
    let findings = framesmith::lint::lint(&t);
    let lines = t.split('\n').count() as u32;
    for d in &findings {
        assert!(
            d.line.is_some_and(|l| l >= 1 && l <= lines) && d.column.is_some_and(|c| c >= 1),
            "{d:?}"
        );
    }
    framesmith::report::human("f.js", Some(&t), &findings);
    framesmith::report::sarif::log(&[("f.js", &findings)], Some("https://docs.example/d.md"));
}

/// A query on the first line, a document after it.
pub fn jsonpath(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let (path, doc) = t.split_once('\n').unwrap_or((t, ""));
    let doc: Value = serde_json::from_str(doc).unwrap_or_else(
        |_| serde_json::json!({"a": [1, "x", {"b": [true, null]}], "c": {"d": 2.5}}),
    );
    if let Ok(q) = Query::parse(path) {
        let _ = q.select(&doc);
        let _ = q.is_singular();
    }
}

/// A template on the first line, the value every placeholder takes after it: expansion
/// never fails but for a header line break, and a value in a JSON body stays a JSON string.
pub fn template(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let (tpl, value) = t.split_once('\n').unwrap_or((t, ""));
    let lookup = |_: &str| {
        Some(template::Var {
            value: value.to_string(),
            is_url: false,
        })
    };
    let known = Vec::new;
    for part in [
        template::Part::Url,
        template::Part::Header,
        template::Part::Body,
    ] {
        match template::expand(tpl, part, &lookup, &known) {
            Ok(_) => {}
            Err(template::ExpandError::HeaderBreak { .. }) if part == template::Part::Header => {}
            // A value that is a whole `.` or `..` segment would move a URL up its path: refused
            // by design (issue 22), in a URL only.
            Err(template::ExpandError::DotSegment { .. }) if part == template::Part::Url => {}
            Err(e) => panic!("{part:?}: {e}"),
        }
    }
    // In a URL a value cannot add a query parameter, a path segment or a fragment.
    let url = template::expand("https://x/a?q={v}", template::Part::Url, &lookup, &known)
        .expect("expands");
    let encoded = &url["https://x/a?q=".len()..];
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
        "{encoded}"
    );
    let body = template::expand("{\"q\": \"{v}\"}", template::Part::Body, &lookup, &known)
        .expect("expands");
    let parsed: Value = serde_json::from_str(&body).expect("the body stays JSON");
    assert_eq!(parsed["q"], Value::String(value.to_string()));
}

/// A CRM response body for the example's lookup: mapped or refused with a reason; where
/// the fast way reads it (`datasource::project`), what the general way reads.
pub fn response(data: &[u8]) {
    let ds = &example().integration_types[0].data_sources[0];
    let prepared = datasource::Prepared::new(ds).unwrap();
    if let Ok(Some((text, count, next))) = prepared.page_fast(200, data, 1) {
        let page = prepared.page_general(200, data, 1).unwrap();
        let records: Vec<serde_json::Value> = page
            .records
            .into_iter()
            .map(serde_json::Value::Object)
            .collect();
        assert_eq!(count, records.len());
        assert_eq!(
            text,
            framesmith::standin::json::text(&serde_json::Value::Array(records))
        );
        assert_eq!(next, page.next);
    }
    let _ = datasource::page(ds, 200, data, 1);
    let _ = datasource::page(ds, 500, data, 1);
    let _ = datasource::error_text(data);
}

/// Any bytes: framesmith's JSON reader and serde_json's accept or refuse them alike, and
/// read the same value (tests/json_differential.rs is the same check under proptest).
pub fn json(data: &[u8]) {
    let mut de = serde_json::Deserializer::from_slice(data);
    let reference = framesmith::base::depth::value_within(&mut de, 50)
        .and_then(|v| de.end().map(|()| v))
        .ok();
    let whole = framesmith::standin::json::parse(data, 50);
    let ours = whole.clone().ok();
    assert_eq!(ours, reference, "{:?}", String::from_utf8_lossy(data));
    if let Some(v) = &ours {
        // Written back as serde_json writes it.
        assert_eq!(
            framesmith::standin::json::text(v),
            serde_json::to_string(v).unwrap()
        );
    }
    // Read in the shapes lookups read: the same error, or the same selections.
    use framesmith::standin::json::Shape;
    for (records, mapping) in [
        ("$.items[*]", ["$.id", "$.name"]),
        ("$[*]", ["$.a.b", "$.a"]),
        ("$", ["$.next", "$.x[*]"]),
    ] {
        let (records, mapping) = (
            Query::parse(records).unwrap(),
            mapping.map(|m| Query::parse(m).unwrap()),
        );
        let mut each = Shape::nothing();
        for m in &mapping {
            framesmith::datasource::add_steps(&mut each, &m.plain_steps().unwrap(), &Shape::All);
        }
        let mut shape = Shape::nothing();
        framesmith::datasource::add_steps(&mut shape, &records.plain_steps().unwrap(), &each);
        let shaped = framesmith::standin::json::parse_shaped(data, 50, &shape);
        match (&whole, &shaped) {
            (Ok(w), Ok(s)) => {
                let (a, b) = (records.values(w), records.values(s));
                assert_eq!(a.len(), b.len());
                for (x, y) in a.iter().zip(&b) {
                    for m in &mapping {
                        assert_eq!(m.values(x), m.values(y));
                    }
                }
            }
            _ => assert_eq!(whole.as_ref().err(), shaped.as_ref().err()),
        }
    }
}

/// Where framesmith's TOML reader (src/standin/toml_read) and the toml crate, its twin,
/// disagree on whether `text` is TOML at all: None when they agree. Two differences are by
/// design and not reported: an integer past 64 bits is read (and reported later, with its
/// line, as a value JSON cannot carry) where the crate refuses the document, and nesting past
/// `depth::MAX_DEPTH` is refused where the crate goes deeper.
pub fn toml_disagreement(text: &str) -> Option<String> {
    use framesmith::standin::toml_read::{self, Node, Scalar, Table};
    fn big_integer(t: &Table) -> bool {
        fn node(n: &Node) -> bool {
            match n {
                Node::Scalar(Scalar::Unrepresentable(s), _) => {
                    let s = s.trim_start_matches(['+', '-']);
                    !matches!(s, "inf" | "nan")
                }
                Node::Scalar(..) => false,
                Node::Array { items, .. } => items.iter().any(node),
                Node::Table(t) => big_integer(t),
            }
        }
        t.entries.iter().any(|e| node(&e.node))
    }
    let ours = toml_read::parse(text);
    let theirs = text.parse::<toml::Table>();
    match (ours, theirs) {
        (Ok(_), Ok(_)) | (Err(_), Err(_)) => None,
        (Ok(t), Err(_)) if big_integer(&t) => None,
        (Ok(_), Err(e)) => Some(format!("framesmith reads it, the toml crate refuses: {e}")),
        (Err(e), Ok(_)) if e.message == framesmith::base::depth::text_too_deep() => None,
        (Err(e), Ok(_)) => Some(format!(
            "the toml crate reads it, framesmith refuses at byte {}: {}",
            e.offset, e.message
        )),
    }
}

/// Fuzz target `toml_agrees`: the reader accepts exactly what the toml crate accepts.
pub fn toml_agrees(data: &[u8]) {
    if let Some(t) = text(data)
        && let Some(why) = toml_disagreement(t)
    {
        panic!("{why}\n{t:?}");
    }
}
