//! What the templates compiled by build.rs run on: values, variable scopes, the
//! auto-escaping writer and the filters. Templates see the JSON data `render` hands them;
//! every value printed into framework.js goes through `escape::js_literal` (the writer does
//! it, so a template cannot forget), every value printed into Markdown through `md_text`.

use serde_json::{Map, Value as Json};

use super::escape;
use super::{RenderError, md_code, md_text};
use crate::catalogue::EF_SETTINGS;

/// A template value: data, or text a filter has already made safe for the output.
#[derive(Debug, Clone)]
pub enum Val {
    Json(Json),
    Safe(String),
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Json(Json::String(s.to_string()))
    }
}

/// How a value reads as text (Jinja's `{{ }}` without escaping, and `~`).
fn display(v: &Val) -> String {
    match v {
        Val::Safe(s) | Val::Json(Json::String(s)) => s.clone(),
        Val::Json(Json::Null) => "none".into(),
        Val::Json(other) => other.to_string(),
    }
}

/// Jinja truthiness: false, none, zero and empty things are false.
pub fn truthy(v: &Val) -> bool {
    match v {
        Val::Safe(s) => !s.is_empty(),
        Val::Json(j) => match j {
            Json::Null => false,
            Json::Bool(b) => *b,
            Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            Json::String(s) => !s.is_empty(),
            Json::Array(a) => !a.is_empty(),
            Json::Object(o) => !o.is_empty(),
        },
    }
}

fn error(file: &str, line: u16, what: impl std::fmt::Display) -> RenderError {
    RenderError::Template(format!("{file} line {line}: {what}"))
}

/// Variables: the context, then loop variables (innermost last). The first error is kept
/// here and reported when the template ends, so the generated code is straight-line calls
/// with no error branch at every expression (that kept the browser module 15 KB smaller).
pub struct Scope<'a> {
    ctx: &'a Map<String, Json>,
    file: &'static str,
    locals: Vec<(&'static str, Json)>,
    error: std::cell::RefCell<Option<RenderError>>,
}

impl<'a> Scope<'a> {
    pub fn new(ctx: &'a Map<String, Json>, file: &'static str) -> Self {
        Scope {
            ctx,
            file,
            locals: Vec::new(),
            error: std::cell::RefCell::new(None),
        }
    }

    /// Note an error (the first one wins) and stand in a value for the failed expression.
    #[inline(never)]
    fn fail(&self, line: u16, what: std::fmt::Arguments<'_>) -> Val {
        let mut e = self.error.borrow_mut();
        if e.is_none() {
            *e = Some(error(self.file, line, what));
        }
        Val::Json(Json::Null)
    }

    /// The rendered text, or the first error met on the way.
    pub fn finish(self, out: Out) -> Result<String, RenderError> {
        match self.error.into_inner() {
            Some(e) => Err(e),
            None => Ok(out.finish()),
        }
    }

    /// A variable's value; an undefined one is an error (templates are ours: a typo in one
    /// must fail the tests, not print nothing).
    #[inline(never)]
    pub fn get(&self, name: &str, line: u16) -> Val {
        match self
            .locals
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .or_else(|| self.ctx.get(name))
        {
            Some(v) => Val::Json(v.clone()),
            None => self.fail(line, format_args!("`{name}` is undefined")),
        }
    }

    pub fn mark(&self) -> usize {
        self.locals.len()
    }

    pub fn reset(&mut self, mark: usize) {
        self.locals.truncate(mark);
    }

    pub fn bind(&mut self, name: &'static str, v: Json) {
        self.locals.push((name, v));
    }

    /// `for a, b in pairs`: each item must be a list of exactly that many values.
    #[inline(never)]
    pub fn unpack(&mut self, names: &[&'static str], item: Json, line: u16) {
        match item {
            Json::Array(values) if values.len() == names.len() => {
                for (n, v) in names.iter().zip(values) {
                    self.bind(n, v);
                }
            }
            other => {
                self.fail(
                    line,
                    format_args!("cannot unpack {other} into {} names", names.len()),
                );
            }
        }
    }

    /// What a for loop walks: a list's items or a table's keys.
    #[inline(never)]
    pub fn iterate(&self, v: Val, line: u16) -> Vec<Json> {
        match v {
            Val::Json(Json::Array(items)) => items,
            Val::Json(Json::Object(m)) => m.into_iter().map(|(k, _)| Json::String(k)).collect(),
            other => {
                self.fail(line, format_args!("cannot loop over {}", display(&other)));
                Vec::new()
            }
        }
    }

    /// `a.b`: a table's value.
    #[inline(never)]
    pub fn attr(&self, v: Val, name: &str, line: u16) -> Val {
        match v {
            Val::Json(Json::Object(mut m)) => match m.remove(name) {
                Some(v) => Val::Json(v),
                None => self.fail(line, format_args!("no attribute `{name}`")),
            },
            other => self.fail(
                line,
                format_args!("{} has no attribute `{name}`", display(&other)),
            ),
        }
    }

    /// The filters templates may use.
    #[inline(never)]
    pub fn filter(&self, name: &str, args: Vec<Val>, line: u16) -> Val {
        match Self::apply(name, args) {
            Ok(v) => v,
            Err(what) => self.fail(line, format_args!("filter `{name}`: {what}")),
        }
    }

    fn apply(name: &str, args: Vec<Val>) -> Result<Val, &'static str> {
        match (name, args.as_slice()) {
            // The carried runtime, written as it is: `framework_js` has checked it is the
            // text build.rs assembled (its SHA-256), so no user value reaches it.
            ("carried", [Val::Json(Json::String(s))]) => Ok(Val::Safe(s.clone())),
            // A Markdown code span holding the value verbatim.
            ("code", [v]) => Ok(Val::Safe(md_code(&display(v)))),
            // The EF settings object, with Genesys' keys written bare as its samples and
            // linter expect, indented `level` steps.
            ("settings", [Val::Json(v), Val::Json(level)]) => {
                let level = level.as_u64().ok_or("the level must be a number")?;
                let keys: Vec<&str> = EF_SETTINGS.iter().map(|s| s.key).collect();
                Ok(Val::Safe(escape::js_literal(
                    v,
                    escape::Keys { bare: &keys },
                    level as usize,
                )))
            }
            ("length", [Val::Json(v)]) => match v {
                Json::Array(a) => Ok(Val::Json(a.len().into())),
                Json::Object(o) => Ok(Val::Json(o.len().into())),
                Json::String(s) => Ok(Val::Json(s.chars().count().into())),
                _ => Err("the value has no length"),
            },
            _ => Err("unknown filter or wrong arguments"),
        }
    }
}

/// The `loop` variable of a for loop at item `i` of `n`.
pub fn loop_value(i: usize, n: usize) -> Json {
    serde_json::json!({
        "index": i + 1, "index0": i, "first": i == 0, "last": i + 1 == n, "length": n,
        "revindex": n - i, "revindex0": n - i - 1,
    })
}

/// `a ~ b`: both as text, joined.
pub fn concat(a: Val, b: Val) -> Val {
    Val::Json(Json::String(display(&a) + &display(&b)))
}

/// Which escaping a template's output gets.
#[derive(Clone, Copy)]
pub enum Mode {
    Js,
    Md,
}

/// A template's output. Data is escaped for the mode; safe text is written as it is.
pub struct Out {
    text: String,
    mode: Mode,
}

impl Out {
    pub fn new(mode: Mode) -> Self {
        Out {
            text: String::with_capacity(8192),
            mode,
        }
    }

    #[inline(never)]
    pub fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    #[inline(never)]
    pub fn emit(&mut self, v: Val) {
        match (v, self.mode) {
            (Val::Safe(s), _) => self.text.push_str(&s),
            (Val::Json(j), Mode::Js) => {
                self.text
                    .push_str(&escape::js_literal(&j, escape::Keys { bare: &[] }, 0))
            }
            (v, Mode::Md) => self.text.push_str(&md_text(&display(&v))),
        }
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// The compiled templates (see build.rs).
pub mod templates {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jinja_truthiness() {
        for v in [
            json!(null),
            json!(false),
            json!(0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(&Val::Json(v.clone())), "{v}");
        }
        for v in [
            json!(true),
            json!(1),
            json!("x"),
            json!([0]),
            json!({"a": 1}),
        ] {
            assert!(truthy(&Val::Json(v.clone())), "{v}");
        }
    }

    #[test]
    fn template_mistakes_are_errors_naming_the_line() {
        let ctx = json!({"pairs": [["a", 1], ["b"]]});
        let Json::Object(ctx) = ctx else {
            unreachable!()
        };
        let failing = |f: &dyn Fn(&mut Scope<'_>)| {
            let mut s = Scope::new(&ctx, "t.js.jinja");
            f(&mut s);
            s.finish(Out::new(Mode::Js))
                .map_err(|e| e.to_string())
                .err()
        };
        let e = failing(&|s| {
            s.get("nope", 7);
        })
        .unwrap();
        assert!(e.contains("t.js.jinja line 7: `nope` is undefined"), "{e}");
        let pairs = |i: usize| {
            move |s: &mut Scope<'_>| {
                let items = s.iterate(s.get("pairs", 1), 1);
                s.unpack(&["k", "v"], items[i].clone(), 2 + i as u16);
            }
        };
        assert_eq!(failing(&pairs(0)), None);
        assert!(failing(&pairs(1)).unwrap().contains("line 3"));
        assert!(
            failing(&|s| {
                s.filter("upper", vec![Val::from("x")], 4);
            })
            .is_some()
        );
        assert!(
            failing(&|s| {
                s.attr(Val::from("x"), "last", 5);
            })
            .is_some()
        );
    }

    #[test]
    fn js_output_escapes_data_and_keeps_safe_text() {
        let mut out = Out::new(Mode::Js);
        out.emit(Val::from("</script>\u{2028}"));
        out.emit(Val::Safe("{ a: 1 }".into()));
        let text = out.finish();
        assert!(
            !text.contains("</script>") && !text.contains('\u{2028}'),
            "{text}"
        );
        assert!(text.ends_with("{ a: 1 }"));
    }
}
