//! Parameters: location, `required`, type, limits and value lists.

use super::Walker;
use crate::spec_diff::openapi::{doc_params, flatten, flatten_all, same, show};
use generator::spec::{EndpointDef, ParamDef, ParamLocation};
use serde_json::Value;

impl<'s, 'd> Walker<'s, 'd> {
    pub(super) fn params(&mut self, ep: &'s EndpointDef, path_item: &'d Value, op: &'d Value) {
        let theirs = doc_params(self.doc, path_item, op);
        for (name, ours) in &ep.params {
            match theirs.iter().find(|(n, _)| n == name) {
                None => self.push(format!("param {name}: extra")),
                Some((_, p)) => self.param(name, ours, p),
            }
        }
        for (name, _) in &theirs {
            if !ep.params.contains_key(*name) {
                self.push(format!("param {name}: missing"));
            }
        }
    }

    fn param(&mut self, name: &str, ours: &'s ParamDef, theirs: &'d Value) {
        let doc = self.doc;
        let location = match ours.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
        };
        let their_location = theirs.get("in").and_then(Value::as_str).unwrap_or("none");
        if location != their_location {
            self.push(format!(
                "param {name}: in: spec {location}, document {their_location}"
            ));
        }
        let their_required = theirs
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if ours.required != their_required {
            self.push(format!(
                "param {name}: required: spec {}, document {their_required}",
                ours.required
            ));
        }
        let schema = theirs
            .get("schema")
            .map(|s| flatten(doc, s, "#/parameter"))
            .unwrap_or_default();
        // A single request enum parameter (`type: SortOrder`) is the document's string with an
        // enum list: its values are compared below, like the items of an array parameter.
        let single_enum = self.spec.enums.get(&ours.ty).map(|e| (ours.ty.as_str(), e));
        if let Some(ty) = schema.ty {
            let enum_as_string = single_enum.is_some() && ty == "string";
            if ty != ours.ty && !enum_as_string {
                self.push(format!(
                    "param {name}: type: spec {}, document {ty}",
                    ours.ty
                ));
            }
        }
        let num = |v: Option<i64>| v.map(Value::from);
        let size = |v: Option<usize>| v.map(Value::from);
        let default = ours
            .default
            .as_ref()
            .and_then(|d| serde_json::to_value(d).ok());
        let pattern = ours.pattern.clone().map(Value::String);
        let their_pattern = schema.pattern.map(|p| Value::String(p.to_string()));
        let checks: [(&str, Option<Value>, Option<&Value>); 8] = [
            ("min", num(ours.min), schema.minimum),
            ("max", num(ours.max), schema.maximum),
            ("default", default, schema.default),
            ("pattern", pattern, their_pattern.as_ref()),
            ("min_length", size(ours.min_length), schema.min_length),
            ("max_length", size(ours.max_length), schema.max_length),
            ("min_items", size(ours.min_items), schema.min_items),
            ("max_items", size(ours.max_items), schema.max_items),
        ];
        for (key, a, b) in checks {
            if !same(a.as_ref(), b) {
                self.push(format!(
                    "param {name}: {key}: spec {}, document {}",
                    show(a.as_ref()),
                    show(b)
                ));
            }
        }
        // The value list: the items of an array, or the schema itself.
        let their_values = if schema.items.is_empty() {
            schema.values.clone()
        } else {
            flatten_all(doc, &schema.items).values
        };
        let ours_enum = ours
            .items
            .as_deref()
            .and_then(|i| self.spec.enums.get(i).map(|e| (i, e)))
            .or(single_enum);
        match (ours_enum, their_values) {
            (Some((_, e)), Some(values)) => {
                let ours: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                self.values(&format!("param {name}"), &ours, &values);
            }
            (None, Some(values)) => self.values(&format!("param {name}"), &[], &values),
            (Some((enum_name, _)), None) => self.push(format!(
                "param {name}: values: spec {enum_name}, document none"
            )),
            (None, None) => {}
        }
    }
}
