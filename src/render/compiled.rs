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

/// Variables: the context, then loop variables (innermost last).
pub struct Scope<'a> {
    ctx: &'a Map<String, Json>,
    file: &'static str,
    locals: Vec<(&'static str, Json)>,
}

impl<'a> Scope<'a> {
    pub fn new(ctx: &'a Map<String, Json>, file: &'static str) -> Self {
        Scope {
            ctx,
            file,
            locals: Vec::new(),
        }
    }

    /// A variable's value; an undefined one is an error (templates are ours: a typo in one
    /// must fail the tests, not print nothing).
    pub fn get(&self, name: &str, line: u16) -> Result<Val, RenderError> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .or_else(|| self.ctx.get(name))
            .map(|v| Val::Json(v.clone()))
            .ok_or_else(|| error(self.file, line, format_args!("`{name}` is undefined")))
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
    pub fn unpack(
        &mut self,
        names: &[&'static str],
        item: Json,
        line: u16,
    ) -> Result<(), RenderError> {
        match item {
            Json::Array(values) if values.len() == names.len() => {
                for (n, v) in names.iter().zip(values) {
                    self.bind(n, v);
                }
                Ok(())
            }
            other => Err(error(
                self.file,
                line,
                format_args!("cannot unpack {other} into {} names", names.len()),
            )),
        }
    }

    /// What a for loop walks: a list's items or a table's keys.
    pub fn iterate(&self, v: Val, line: u16) -> Result<Vec<Json>, RenderError> {
        match v {
            Val::Json(Json::Array(items)) => Ok(items),
            Val::Json(Json::Object(m)) => Ok(m.into_iter().map(|(k, _)| Json::String(k)).collect()),
            other => Err(error(
                self.file,
                line,
                format_args!("cannot loop over {}", display(&other)),
            )),
        }
    }

    /// `a.b`: a table's value.
    pub fn attr(&self, v: Val, name: &str, line: u16) -> Result<Val, RenderError> {
        match v {
            Val::Json(Json::Object(mut m)) => m
                .remove(name)
                .map(Val::Json)
                .ok_or_else(|| error(self.file, line, format_args!("no attribute `{name}`"))),
            other => Err(error(
                self.file,
                line,
                format_args!("{} has no attribute `{name}`", display(&other)),
            )),
        }
    }

    /// The filters templates may use.
    pub fn filter(&self, name: &str, args: Vec<Val>, line: u16) -> Result<Val, RenderError> {
        let bad = |what: &str| error(self.file, line, format_args!("filter `{name}`: {what}"));
        match (name, args.as_slice()) {
            // A Markdown code span holding the value verbatim.
            ("code", [v]) => Ok(Val::Safe(md_code(&display(v)))),
            // The EF settings object, with Genesys' keys written bare as its samples and
            // linter expect, indented `level` steps.
            ("settings", [Val::Json(v), Val::Json(level)]) => {
                let level = level
                    .as_u64()
                    .ok_or_else(|| bad("the level must be a number"))?;
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
                _ => Err(bad("the value has no length")),
            },
            _ => Err(bad("unknown filter or wrong arguments")),
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

    pub fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub fn emit(&mut self, v: Val) -> Result<(), RenderError> {
        match (v, self.mode) {
            (Val::Safe(s), _) => self.text.push_str(&s),
            (Val::Json(j), Mode::Js) => {
                self.text
                    .push_str(&escape::js_literal(&j, escape::Keys { bare: &[] }, 0))
            }
            (v, Mode::Md) => self.text.push_str(&md_text(&display(&v))),
        }
        Ok(())
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
        let mut s = Scope::new(&ctx, "t.js.jinja");
        let e = s.get("nope", 7).unwrap_err().to_string();
        assert!(e.contains("t.js.jinja line 7: `nope` is undefined"), "{e}");
        let items = s.iterate(s.get("pairs", 1).unwrap(), 1).unwrap();
        assert!(s.unpack(&["k", "v"], items[0].clone(), 2).is_ok());
        assert!(s.unpack(&["k", "v"], items[1].clone(), 3).is_err());
        assert!(s.filter("upper", vec![Val::from("x")], 4).is_err());
        assert!(s.attr(Val::from("x"), "last", 5).is_err());
    }

    #[test]
    fn js_output_escapes_data_and_keeps_safe_text() {
        let mut out = Out::new(Mode::Js);
        out.emit(Val::from("</script>\u{2028}")).unwrap();
        out.emit(Val::Safe("{ a: 1 }".into())).unwrap();
        let text = out.finish();
        assert!(
            !text.contains("</script>") && !text.contains('\u{2028}'),
            "{text}"
        );
        assert!(text.ends_with("{ a: 1 }"));
    }
}
