//! Object and array literals of a script read as JSON values, as the Embeddable Framework
//! would see them: JavaScript's rules (the last of two equal keys wins, `1.50` as a key is
//! "1.5"), with where each member was written, what was code rather than a literal, and
//! which keys were written twice. Whatever is code is left out and listed, never guessed.

use oxc_ast::ast::{
    ArrayExpressionElement, Expression, ObjectExpression, ObjectPropertyKind, PropertyKey,
    PropertyKind, UnaryOperator,
};
use oxc_span::GetSpan;
use serde_json::{Map, Number, Value};

use crate::base::pointer;
use crate::standin::strmap::StrMap;

/// A member that is code, not a literal.
#[derive(Debug, Clone)]
pub struct Code {
    /// JSON pointer of the member, from the literal read.
    pub path: String,
    pub offset: usize,
    /// Its text, at most 60 characters.
    pub text: String,
    /// A function or method: expected where the client calls back (`getUserLanguage`).
    pub function: bool,
}

/// The literal reader and what it saw.
pub struct Literals<'t> {
    src: &'t str,
    /// Per member read, by pointer: where its key was written (or the element, in arrays).
    pub keys: StrMap<usize>,
    /// Per member read, by pointer: where its value starts.
    pub values: StrMap<usize>,
    pub code: Vec<Code>,
    /// Keys written twice in one object.
    pub duplicates: Vec<Duplicate>,
    /// Literals nested deeper than `crate::base::depth::MAX_DEPTH`: left out.
    pub too_deep: Vec<(String, usize)>,
    depth: usize,
}

/// A key written twice in one object: JavaScript keeps the later value (at the earlier
/// key's place in the order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub path: String,
    /// Where the earlier key and the later one are.
    pub earlier: usize,
    pub at: usize,
    /// Both are literals and equal: the repeat changes nothing at run time.
    pub same: bool,
}

impl<'t> Literals<'t> {
    pub fn new(src: &'t str) -> Literals<'t> {
        Literals {
            src,
            keys: StrMap::new(),
            values: StrMap::new(),
            code: Vec::new(),
            duplicates: Vec::new(),
            too_deep: Vec::new(),
            depth: 0,
        }
    }

    /// Where the member at `path` is best pointed at: its value, else its key.
    pub fn offset(&self, path: &str) -> Option<usize> {
        self.values
            .get(path)
            .or_else(|| self.keys.get(path))
            .copied()
    }

    /// The value of `e` at `path`, or `None` (listed in `code`) when it is code.
    pub fn value(&mut self, e: &Expression<'_>, path: &str) -> Option<Value> {
        let e = e.without_parentheses();
        self.values.insert(path, e.span().start as usize);
        match e {
            Expression::StringLiteral(s) => Some(Value::String(s.value.to_string())),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => t
                .quasis
                .first()
                .and_then(|q| q.value.cooked.as_ref())
                .map(|c| Value::String(c.to_string())),
            Expression::NumericLiteral(n) => number(n.value),
            Expression::UnaryExpression(u)
                if u.operator == UnaryOperator::UnaryNegation
                    && matches!(
                        u.argument.without_parentheses(),
                        Expression::NumericLiteral(_)
                    ) =>
            {
                match u.argument.without_parentheses() {
                    Expression::NumericLiteral(n) => number(-n.value),
                    _ => None,
                }
            }
            Expression::BooleanLiteral(b) => Some(Value::Bool(b.value)),
            Expression::NullLiteral(_) => Some(Value::Null),
            Expression::ArrayExpression(a) => {
                if !self.enter(path, a.span.start) {
                    return None;
                }
                let mut items = Vec::new();
                for el in &a.elements {
                    let p = pointer::index(path, items.len());
                    match el {
                        ArrayExpressionElement::Elision(_) => {}
                        ArrayExpressionElement::SpreadElement(s) => {
                            self.code(&p, s.span.start, s.span.end, false)
                        }
                        other => {
                            if let Some(e) = other.as_expression() {
                                self.keys.insert(p.as_str(), e.span().start as usize);
                                if let Some(v) = self.value(e, &p) {
                                    items.push(v);
                                } else {
                                    self.code_value(e, &p);
                                }
                            }
                        }
                    }
                }
                self.depth -= 1;
                Some(Value::Array(items))
            }
            Expression::ObjectExpression(o) => self.object(o, path).map(Value::Object),
            _ => None,
        }
    }

    /// An object literal; members that are methods, spreads, accessors or code are listed
    /// in `code` and left out.
    pub fn object(&mut self, o: &ObjectExpression<'_>, path: &str) -> Option<Map<String, Value>> {
        if !self.enter(path, o.span.start) {
            return None;
        }
        let mut map = Map::new();
        for p in &o.properties {
            let p = match p {
                ObjectPropertyKind::ObjectProperty(p) => p,
                ObjectPropertyKind::SpreadProperty(s) => {
                    self.code(path, s.span.start, s.span.end, false);
                    continue;
                }
            };
            let Some(k) = key(&p.key) else {
                self.code(path, p.span.start, p.span.end, false);
                continue;
            };
            let member = pointer::push(path, &k);
            let at = p.key.span().start as usize;
            let repeated = self.keys.insert(member.as_str(), at);
            let before = repeated.and(map.get(&k).cloned());
            if p.kind != PropertyKind::Init {
                // A getter or setter.
                if let Some(earlier) = repeated {
                    self.duplicates.push(Duplicate {
                        path: member.clone(),
                        earlier,
                        at,
                        same: false,
                    });
                }
                self.code(&member, p.span.start, p.span.end, true);
                continue;
            }
            let value = self.value(&p.value, &member);
            if let Some(earlier) = repeated {
                // JavaScript keeps the key where it was first written, with this value.
                let same = before.is_some() && before == value;
                self.duplicates.push(Duplicate {
                    path: member.clone(),
                    earlier,
                    at,
                    same,
                });
            }
            match value {
                Some(v) => {
                    map.insert(k, v);
                }
                None => {
                    map.remove(&k);
                    self.code_value(&p.value, &member);
                }
            }
        }
        self.depth -= 1;
        Some(map)
    }

    fn code_value(&mut self, e: &Expression<'_>, path: &str) {
        if self.too_deep.last().is_some_and(|(p, _)| p == path) {
            return;
        }
        let function = matches!(
            e.without_parentheses(),
            Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)
        );
        let span = e.span();
        self.code(path, span.start, span.end, function);
    }

    fn code(&mut self, path: &str, start: u32, end: u32, function: bool) {
        let text = self
            .src
            .get(start as usize..end as usize)
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        self.code.push(Code {
            path: path.to_string(),
            offset: start as usize,
            text,
            function,
        });
    }

    /// Enter an array or object literal; false (listed) past the nesting limit.
    fn enter(&mut self, path: &str, offset: u32) -> bool {
        if self.depth >= crate::base::depth::MAX_DEPTH {
            self.too_deep.push((path.to_string(), offset as usize));
            return false;
        }
        self.depth += 1;
        true
    }
}

/// A property key as JavaScript names it, when it is not computed at run time.
pub fn key(k: &PropertyKey<'_>) -> Option<String> {
    match k {
        PropertyKey::NumericLiteral(n) => Some(js_number_key(n.value)),
        PropertyKey::StaticIdentifier(_) | PropertyKey::StringLiteral(_) => {
            k.static_name().map(|n| n.into_owned())
        }
        PropertyKey::TemplateLiteral(t) if t.expressions.is_empty() => {
            k.static_name().map(|n| n.into_owned())
        }
        _ => None,
    }
}

/// A numeric property key as JavaScript names it (`0x10` is "16", `1.50` is "1.5", `1e21`
/// is "1e+21", `1e999` is "Infinity"): Number.prototype.toString, from the shortest digits
/// serde_json prints.
pub fn js_number_key(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let text = Number::from_f64(n).map_or_else(String::new, |x| x.to_string());
    let (sign, text) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |t| ("-", t));
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The digits without leading or trailing zeros, and where the point falls among them.
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    let k = digits.len() as i32;
    let point = int.len() as i32 + exp - lead as i32;
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let (a, b) = digits.split_at(1);
        let sign_e = if e < 0 { "-" } else { "+" };
        let dot = if b.is_empty() { "" } else { "." };
        format!("{a}{dot}{b}e{sign_e}{}", e.abs())
    };
    format!("{sign}{body}")
}

/// A JavaScript number as JSON: whole numbers as integers.
pub fn number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Some(Value::Number((n as i64).into()))
    } else {
        Number::from_f64(n).map(Value::Number)
    }
}
