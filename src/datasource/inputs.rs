//! The values a request is filled from: the runtime inputs of the interaction (`{phone}`,
//! `{attributes.X}`) and the integration's settings.

use super::*;

/// Names a template can use: instance properties and runtime inputs.
pub struct Inputs<'a> {
    pub integration_type: Option<&'a IntegrationType>,
    pub instance: Option<&'a Integration>,
    /// Runtime inputs by name (`phone`, `attributes.PT_SearchValue`, `callLog.notes`...),
    /// each a JSON string. A JSON object rather than a map of texts: the runtime module
    /// carries the tree code of each map type it uses, and it has this one anyway.
    pub runtime: Map<String, Value>,
}

/// A runtime input's name in a data action contract (`attributes.X` → `attributes_X`).
pub fn input_name(name: &str) -> String {
    name.replace('.', "_")
}

/// A scalar as template text; objects, lists and null give nothing.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(crate::standin::float::number_text(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What a uiDefinition setting gives a template for this instance: its property, else its
/// default, as text (an object or list gives nothing). The runtime and the data action
/// export both resolve settings here, so they agree.
pub fn setting(t: &IntegrationType, instance: Option<&Integration>, name: &str) -> Option<Var> {
    let setting = t
        .ui_definition
        .as_ref()?
        .settings
        .iter()
        .find(|s| s.name == name)?;
    let value = instance
        .and_then(|i| i.properties.get(name))
        .or(setting.default_value.as_ref())
        .and_then(scalar_text)?;
    Some(Var {
        value,
        is_url: setting.kind.as_deref() == Some("url"),
    })
}

impl Inputs<'_> {
    pub(super) fn lookup(&self, name: &str) -> Option<Var> {
        if let Some(v) = self.runtime.get(name).and_then(Value::as_str) {
            return Some(Var {
                value: v.to_string(),
                is_url: false,
            });
        }
        setting(self.integration_type?, self.instance, name)
    }

    /// Every name a template may use here, for "did you mean".
    pub(super) fn known(&self) -> Vec<String> {
        let mut names: Vec<String> = self.runtime.keys().cloned().collect();
        names.extend(RUNTIME_INPUTS.iter().map(|s| s.to_string()));
        if let Some(ui) = self.integration_type.and_then(|t| t.ui_definition.as_ref()) {
            names.extend(ui.settings.iter().map(|s| s.name.clone()));
        }
        names
    }

    pub(super) fn expand(
        &self,
        field: &str,
        template: &str,
        part: Part,
    ) -> Result<String, ExecError> {
        template::expand(template, part, &|n| self.lookup(n), &|| self.known()).map_err(|error| {
            ExecError::Template {
                field: field.to_string(),
                error,
            }
        })
    }
}
