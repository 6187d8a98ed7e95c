//! The builder module's JavaScript API: thin wasm-bindgen wrappers over the core, compiled
//! only for wasm32. Plain JS objects go in and out through serde-wasm-bindgen; findings are
//! data (`Diagnostic[]`, the shape `framesmith check --format json` prints); failures are
//! thrown as real `Error` objects with a stable `code` (the `ErrorCode` type). Nothing here
//! may panic: a panic would kill the module for the rest of the page's life.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::workspace::source::Format;
use crate::{BuildError, Diagnostic, Rendered};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"export * from "./types.js";
import type { Workspace, Diagnostic, Parsed, Imported, Rendered, Catalogue } from "./types.js";"#;

/// A thrown `Error` with a `code` and, where they explain it, diagnostics or a path.
fn error(
    code: &str,
    message: &str,
    diagnostics: Option<&[Diagnostic]>,
    path: Option<&str>,
) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name("FramesmithError");
    let obj: &JsValue = e.as_ref();
    let _ = js_sys::Reflect::set(obj, &"code".into(), &code.into());
    if let Some(d) = diagnostics
        && let Ok(v) = to_js(d)
    {
        let _ = js_sys::Reflect::set(obj, &"diagnostics".into(), &v);
    }
    if let Some(p) = path {
        let _ = js_sys::Reflect::set(obj, &"path".into(), &p.into());
    }
    e.into()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            error(
                "build/render",
                &format!("cannot hand the result to JavaScript: {e}"),
                None,
                None,
            )
        })
}

fn workspace(value: JsValue) -> Result<Value, JsValue> {
    plain(&value, 0).map_err(|e| {
        error(
            "input/not-workspace",
            &format!("the workspace must be plain data (as JSON.parse returns): {e}"),
            None,
            None,
        )
    })
}

/// A JS value as JSON, walked by hand rather than through serde_wasm_bindgen's
/// deserializer: that path links serde's type-error text, and with it core's float
/// formatter, into the module (9 KB gzipped). Nesting is limited as `depth::value` limits
/// it, so a cyclic or absurdly deep object is an error, not a stack overflow.
fn plain(v: &JsValue, depth: usize) -> Result<Value, String> {
    use crate::base::depth::{MAX_DEPTH, NOT_FINITE, number, too_deep};
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return number(n).ok_or_else(|| NOT_FINITE.to_string());
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if !v.is_object() || v.is_function() {
        return Err("a function, symbol or bigint is not data".into());
    }
    if depth >= MAX_DEPTH {
        return Err(too_deep(MAX_DEPTH));
    }
    // Every read goes through Reflect, whose bindings catch: a getter or proxy trap that
    // throws becomes an error here instead of an exception unwinding through the module.
    let thrown = |_| "reading it threw an exception (a getter or a proxy)".to_string();
    use js_sys::Reflect;
    if js_sys::Array::is_array(v) {
        let len = Reflect::get(v, &"length".into())
            .map_err(thrown)?
            .as_f64()
            .unwrap_or(0.0) as u32;
        let mut items = Vec::with_capacity(len.min(1024) as usize);
        for i in 0..len {
            items.push(plain(&Reflect::get_u32(v, i).map_err(thrown)?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let mut out = serde_json::Map::new();
    let object: &js_sys::Object = v.unchecked_ref();
    for key in Reflect::own_keys(v).map_err(thrown)?.iter() {
        // As Object.entries: own enumerable properties named by strings.
        if key.is_string() && object.property_is_enumerable(&key) {
            let item = Reflect::get(v, &key).map_err(thrown)?;
            out.insert(
                key.as_string().unwrap_or_default(),
                plain(&item, depth + 1)?,
            );
        }
    }
    Ok(Value::Object(out))
}

/// A string argument. Arguments are taken as `JsValue` and checked here, so that a wrong
/// type (a symbol, a bigint, an object) is a coded error rather than a TypeError from the
/// generated glue, or a value silently converted.
fn text_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        error(
            "input/not-text",
            &format!("{name} must be a string"),
            None,
            None,
        )
    })
}

/// An index argument: a whole number from 0.
fn index_arg(v: &JsValue, name: &str) -> Result<usize, JsValue> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as usize),
        _ => Err(error(
            "input/not-index",
            &format!("{name} must be a whole number from 0"),
            None,
            None,
        )),
    }
}

fn format(name: &JsValue) -> Result<Format, JsValue> {
    let name = text_arg(name, "the format")?;
    match name.as_str() {
        "toml" => Ok(Format::Toml),
        "json" => Ok(Format::Json),
        other => Err(error(
            "input/format",
            &format!(
                "unknown format {}: use \"toml\" or \"json\"",
                crate::diagnostic::quote(other)
            ),
            None,
            None,
        )),
    }
}

fn build_error(e: BuildError) -> JsValue {
    match e {
        BuildError::Invalid(diags) => {
            let first = diags.first().map(|d| d.message.as_str()).unwrap_or("");
            error(
                "build/invalid",
                &format!("{} error(s) to fix first; the first: {first}", diags.len()),
                Some(&diags),
                None,
            )
        }
        BuildError::NoDeployment(i) => error(
            "build/no-deployment",
            &format!("there is no deployment at index {i}"),
            None,
            None,
        ),
        BuildError::Render(e) => error("build/render", &e.to_string(), None, None),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RenderedJs<'a> {
    slug: &'a str,
    framework_js: &'a str,
    checklist: &'a str,
    hash: &'a str,
}

fn rendered(r: &Rendered) -> RenderedJs<'_> {
    RenderedJs {
        slug: &r.slug,
        framework_js: &r.framework_js,
        checklist: &r.checklist,
        hash: &r.hash,
    }
}

/// The framesmith version, as stamped into every framework.js.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Regions, scopes, EF settings and limits, for building the editor's controls.
#[wasm_bindgen(unchecked_return_type = "Catalogue")]
pub fn catalogue() -> Result<JsValue, JsValue> {
    to_js(&crate::catalogue::summary())
}

/// Every finding about a workspace object, in the order the checks make them.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
) -> Result<JsValue, JsValue> {
    let value = workspace(ws)?;
    to_js(&crate::check_value(&value).diagnostics)
}

// The page edits one workspace: the module keeps what it found in the last one given to
// `recheck` or `checkEdited` (rules::incremental), and after an edit inside one deployment
// re-checks only what that edit can change. Functions over one kept checker rather than an
// exported class: a class's declarations need TypeScript's esnext library
// (`Symbol.dispose`), which a package's users cannot be asked for.
thread_local! {
    static KEPT: std::cell::RefCell<crate::rules::incremental::Checker> = Default::default();
}

/// What cannot be read is an error, and the next call starts afresh: what was kept may no
/// longer be the page's workspace.
fn kept_value(v: JsValue) -> Result<Value, JsValue> {
    workspace(v).inspect_err(|_| KEPT.with_borrow_mut(|k| *k = Default::default()))
}

/// `check(ws)`, exactly, re-checking only the deployments that differ from those of the
/// workspace last given to `recheck` or `checkEdited`.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn recheck(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
) -> Result<JsValue, JsValue> {
    let value = kept_value(ws)?;
    to_js(&KEPT.with_borrow_mut(|k| k.check(&value)))
}

/// `check(ws)` after an edit the page made inside deployment `index` alone since the last
/// `recheck` or `checkEdited`: only that deployment is read from `ws`, so a keystroke costs
/// one deployment, not the org. Told wrongly (something else changed too), the findings
/// would be stale: call `recheck` after any other change.
#[wasm_bindgen(js_name = checkEdited, unchecked_return_type = "Diagnostic[]")]
pub fn check_edited(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    index: u32,
) -> Result<JsValue, JsValue> {
    let list = js_sys::Reflect::get(&ws, &"deployment".into()).unwrap_or(JsValue::NULL);
    if !js_sys::Array::is_array(&list) || index >= list.unchecked_ref::<js_sys::Array>().length() {
        return recheck(ws);
    }
    let one = js_sys::Reflect::get_u32(&list, index).unwrap_or(JsValue::NULL);
    let edited = kept_value(one)?;
    match KEPT.with_borrow_mut(|k| k.check_edited(index as usize, edited)) {
        Some(found) => to_js(&found),
        None => recheck(ws),
    }
}

/// Read workspace text (TOML or JSON). A syntax error is thrown (`parse/syntax`, with the
/// diagnostic's line and column); every other finding comes back with the workspace.
#[wasm_bindgen(unchecked_return_type = "Parsed")]
pub fn parse(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"toml\" | \"json\"")] fmt: JsValue,
) -> Result<JsValue, JsValue> {
    let format = format(&fmt)?;
    let text = text_arg(&text, "the workspace text")?;
    let (value, checked) = crate::read_source(&text, format).map_err(|d| {
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}: "),
            _ => String::new(),
        };
        error(
            "parse/syntax",
            &format!("{at}{}", d.message),
            Some(std::slice::from_ref(&d)),
            None,
        )
    })?;
    #[derive(Serialize)]
    struct Out<'a> {
        workspace: &'a Value,
        diagnostics: &'a [Diagnostic],
    }
    to_js(&Out {
        workspace: &value,
        diagnostics: &checked.diagnostics,
    })
}

/// The workspace as TOML or JSON text, as `framesmith` reads it back. Only in the second
/// module (`--features importer`, www/pkg/import/), which the page loads on first import,
/// export or "Download all": the writers would not fit the builder module's budget.
#[cfg(feature = "importer")]
#[wasm_bindgen]
pub fn serialize(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"toml\" | \"json\"")] fmt: JsValue,
) -> Result<String, JsValue> {
    let value = workspace(ws)?;
    crate::workspace::source::write(&value, format(&fmt)?)
        .map_err(|e| error("export/unrepresentable", &e.message, None, Some(&e.path)))
}

/// framework.js and CHECKLIST.md of one deployment, rendered even while it has errors (for
/// the live preview). Use `buildDeployment` for a file to hand out.
#[wasm_bindgen(unchecked_return_type = "Rendered")]
pub fn preview(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] runtime: JsValue,
) -> Result<JsValue, JsValue> {
    let index = index_arg(&index, "the deployment index")?;
    let runtime = runtime_arg(&runtime)?;
    // The page has just run `check`; reading the model is enough to render.
    let (model, _) = crate::Workspace::from_value(&workspace(ws)?);
    if index >= model.deployments.len() {
        return Err(build_error(BuildError::NoDeployment(index)));
    }
    let r = crate::render::render_one(&model, index, &runtime).map_err(|e| match e {
        crate::RenderError::UnknownRegion { .. } => {
            error("build/invalid", &e.to_string(), None, None)
        }
        e => build_error(BuildError::Render(e)),
    })?;
    to_js(&rendered(&r))
}

/// Whether a finding of `check` stops the deployment at `index` from building: the rule
/// `buildDeployment` refuses by, so the page's Download button agrees with it.
#[wasm_bindgen(js_name = blocksBuild)]
pub fn blocks_build(
    #[wasm_bindgen(unchecked_param_type = "Diagnostic")] d: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
) -> Result<bool, JsValue> {
    let index = index_arg(&index, "the deployment index")?;
    let text = |key: &str| {
        js_sys::Reflect::get(&d, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    match (text("severity"), text("path")) {
        (Some(severity), Some(path)) => Ok(crate::blocks_build(
            severity == crate::Severity::Error.as_str(),
            &path,
            index,
        )),
        _ => Err(error(
            "input/not-diagnostic",
            "blocksBuild takes a finding of check(): an object with string severity and path",
            None,
            None,
        )),
    }
}

/// The runtime as framework.js carries it (www/pkg/runtime/runtime.js): the page fetches
/// it and passes it to every build, so that its files match `framesmith build`.
/// The page passes the same string on every keystroke's preview: the last one is kept,
/// and the same JS string again (`===`, a pointer comparison in the engine for the same
/// string) is not copied into the module again (205 KB decoded per call was a sixth of a
/// preview).
fn runtime_arg(v: &JsValue) -> Result<std::rc::Rc<str>, JsValue> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(JsValue, std::rc::Rc<str>)>> =
            const { std::cell::RefCell::new(None) };
    }
    if let Some(text) = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(js, _)| js == v)
            .map(|(_, text)| text.clone())
    }) {
        return Ok(text);
    }
    let text: std::rc::Rc<str> =
        text_arg(v, "the runtime (the text of pkg/runtime/runtime.js)")?.into();
    LAST.set(Some((v.clone(), text.clone())));
    Ok(text)
}

/// One deployment's files, byte-identical to `framesmith build`; refused (`build/invalid`)
/// while the deployment, or anything outside the deployments, has errors.
#[wasm_bindgen(js_name = buildDeployment, unchecked_return_type = "Rendered")]
pub fn build_deployment(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] runtime: JsValue,
) -> Result<JsValue, JsValue> {
    let index = index_arg(&index, "the deployment index")?;
    let runtime = runtime_arg(&runtime)?;
    let checked = crate::check_value(&workspace(ws)?);
    let r = crate::build_deployment(&checked, index, &runtime).map_err(build_error)?;
    to_js(&rendered(&r))
}

/// Every deployment's files, refused (`build/invalid`) while the workspace has errors.
#[wasm_bindgen(unchecked_return_type = "Rendered[]")]
pub fn build(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] runtime: JsValue,
) -> Result<JsValue, JsValue> {
    let runtime = runtime_arg(&runtime)?;
    let checked = crate::check_value(&workspace(ws)?);
    let all = crate::build(&checked, &runtime).map_err(build_error)?;
    to_js(&all.iter().map(rendered).collect::<Vec<_>>())
}

/// A zip of `<slug>/framework.js`, `<slug>/CHECKLIST.md` and, where it pops,
/// `<slug>/framesmith-host.js` for every deployment. Only in the second module, as
/// `serialize`.
#[cfg(feature = "importer")]
#[wasm_bindgen(js_name = buildZip)]
pub fn build_zip(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] runtime: JsValue,
) -> Result<Vec<u8>, JsValue> {
    let runtime = runtime_arg(&runtime)?;
    let checked = crate::check_value(&workspace(ws)?);
    crate::build_zip(&checked, &runtime).map_err(build_error)
}

/// The deployment a hand-edited framework.js describes. What cannot be read is reported in
/// `diagnostics` with its line and column; `workspace` is absent when nothing could be.
/// Only in the import module (`--features importer`, www/pkg/import/), which the page loads
/// on first import.
#[cfg(feature = "importer")]
#[wasm_bindgen(js_name = importFrameworkJs, unchecked_return_type = "Imported")]
pub fn import_framework_js(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
) -> Result<JsValue, JsValue> {
    let source = text_arg(&source, "the framework.js text")?;
    let imported = crate::import::framework_js(&source);
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        workspace: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        toml: Option<&'a str>,
        diagnostics: &'a [Diagnostic],
        findings: &'a [Diagnostic],
    }
    to_js(&Out {
        workspace: imported.value,
        toml: imported.toml.as_deref(),
        diagnostics: &imported.diagnostics,
        findings: &imported.findings,
    })
}

/// `framesmith doctor` on a CRM page pasted into the builder page: its HTML, its response
/// headers as `curl -D` writes them, and where it is served (`""` when unknown), checked
/// against the deployment at `index`. The page fetches nothing: what the browser would do
/// with a live fetch (CORS, cookies) is the CLI's `--live`. Only in the import module, as
/// `serialize`.
#[cfg(all(feature = "importer", feature = "doctor"))]
#[wasm_bindgen(js_name = doctorPage, unchecked_return_type = "Diagnostic[]")]
pub fn doctor_page(
    #[wasm_bindgen(unchecked_param_type = "Workspace")] ws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] html: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] headers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, JsValue> {
    let index = index_arg(&index, "the deployment index")?;
    let html = text_arg(&html, "the page's HTML")?;
    let headers = text_arg(&headers, "the page's response headers")?;
    let url = text_arg(&url, "the page's address")?;
    let (model, _) = crate::Workspace::from_value(&workspace(ws)?);
    let Some(d) = model.deployments.get(index) else {
        return Err(build_error(BuildError::NoDeployment(index)));
    };
    let page = crate::doctor::Page {
        html: &html,
        headers: crate::doctor::parse_headers(&headers),
        url: Some(url.trim().to_string()).filter(|u| !u.is_empty()),
        seen: None,
    };
    to_js(&crate::doctor::check(&model, d, &page))
}
