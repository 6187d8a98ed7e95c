//! The golden files' view of a framework.js that carries the runtime: the module (and so
//! the header's hash) masked, so that they show the file around the module and do not change
//! with every build of it. Shared by tests/render.rs (native) and tests/wasm.rs (the page's
//! build), which compare their output with the same golden files.

pub fn masked(js: &str) -> String {
    let open = "var RUNTIME_WASM = \"";
    let Some(start) = js.find(open) else {
        return js.to_string();
    };
    let start = start + open.len();
    let end = start + js[start..].find('"').unwrap();
    let body = format!("{}<src/runtime/runtime.b64>{}", &js[..start], &js[end..]);
    let (header, rest) = body.split_once('\n').unwrap();
    let header = format!(
        "{} sha256:<masked> */",
        header.split(" sha256:").next().unwrap()
    );
    format!("{header}\n{rest}")
}
