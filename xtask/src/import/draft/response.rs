//! Response schemas: their properties and response enums.

use super::{description_of, values_seq, Drafter, NO_DESCRIPTION};
use crate::import::names;
use crate::import::yaml::Y;
use crate::spec_diff::openapi::{deref, flatten_all, Flat, Nodes, Shape};
use serde_json::Value;

impl Drafter<'_> {
    /// A response enum for an inline string enum: a response enum with the same values, else a
    /// new one.
    fn response_enum(&mut self, suggested: &str, values: &[String]) -> String {
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        if let Some(n) = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            // Only a response enum: a request enum is closed and cannot decode a value added
            // later.
            .find(|(_, (kind, v))| kind == "response" && same(v))
            .map(|(n, _)| n.clone())
        {
            return n;
        }
        let name = self.free_name(suggested);
        let e = vec![
            ("kind".into(), Y::Plain("response".into())),
            ("description".into(), Y::Text(NO_DESCRIPTION.into())),
            ("values".into(), values_seq(values)),
        ];
        self.made_enums
            .insert(name.clone(), ("response".into(), values.to_vec()));
        self.enums.push((name.clone(), Y::Map(e)));
        name
    }

    /// Makes a schema from a flattened object (its properties in document order).
    pub(super) fn make_schema(&mut self, name: &str, flat: &Flat<'_>, description: Option<String>) {
        let props: Vec<String> = flat.props.iter().map(|(p, _)| p.clone()).collect();
        // Registered first, so a cycle reuses it.
        self.made_schemas.insert(name.to_string(), props);
        let mut ps = Vec::new();
        for (prop, nodes) in &flat.props {
            let required = flat.required.contains(prop);
            ps.push((prop.clone(), self.property(name, prop, nodes, required)));
        }
        let s = vec![
            (
                "description".into(),
                Y::Text(
                    description
                        .filter(|d| !d.trim().is_empty())
                        .unwrap_or_else(|| NO_DESCRIPTION.into()),
                ),
            ),
            ("properties".into(), Y::Map(ps)),
        ];
        self.schemas.push((name.to_string(), Y::Map(s)));
    }

    /// A property of a (response) schema.
    fn property(&mut self, parent: &str, prop: &str, nodes: &Nodes<'_>, required: bool) -> Y {
        let doc = self.doc;
        let suggested = format!(
            "{}{}",
            parent.strip_suffix("Response").unwrap_or(parent),
            generator::names::upper_camel(prop)
        );
        let flat = flatten_all(doc, nodes);
        let mut m: Vec<(String, Y)> = Vec::new();
        let (ty, items) = match flat.shape() {
            Shape::Array => {
                let elem = flatten_all(doc, &flat.items);
                let single = suggested
                    .strip_suffix('s')
                    .unwrap_or(&suggested)
                    .to_string();
                (
                    "array".to_string(),
                    Some(self.type_of(&flat.items, &elem, &single)),
                )
            }
            _ => (self.type_of(nodes, &flat, &suggested), None),
        };
        let is_object = self.schema_props(&ty).is_some();
        m.push(("type".into(), Y::Plain(ty)));
        if let Some(i) = items {
            m.push(("items".into(), Y::Plain(i)));
        }
        let description = nodes
            .iter()
            .find_map(|(n, _)| {
                n.get("description")
                    .and_then(Value::as_str)
                    .filter(|d| !d.trim().is_empty())
                    .map(str::to_string)
            })
            .or_else(|| description_of(doc, nodes[0].0).filter(|d| !d.trim().is_empty()))
            .unwrap_or_else(|| NO_DESCRIPTION.into());
        m.push(("description".into(), Y::Text(description)));
        // `includes` and `meta` default to empty; such a property is never also `required`
        // (the generator refuses both).
        let defaults = is_object && matches!(prop, "includes" | "meta");
        // An array is never `required` in a response: absent, it decodes as empty.
        if required && !defaults && !matches!(flat.shape(), Shape::Array) {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        if defaults {
            m.push(("default".into(), Y::Raw("true".into())));
        }
        let format = nodes.iter().find_map(|(n, _)| {
            deref(doc, n)
                .and_then(|n| n.get("format"))
                .and_then(Value::as_str)
        });
        if let Some(f) = format.filter(|f| matches!(*f, "date-time" | "uri")) {
            m.push(("format".into(), Y::Plain(f.into())));
        }
        Y::Map(m)
    }

    /// The spec type of a (non-array) value: a primitive, an enum, a schema, or `json`.
    fn type_of(&mut self, nodes: &Nodes<'_>, flat: &Flat<'_>, suggested: &str) -> String {
        match flat.shape() {
            Shape::Array | Shape::OpaqueObject | Shape::Unknown => "json".into(),
            Shape::Scalar => match (&flat.values, flat.ty) {
                (Some(values), Some("string") | None) => self.response_enum(suggested, values),
                (_, Some(t)) if ["string", "integer", "number", "boolean"].contains(&t) => t.into(),
                _ => "json".into(),
            },
            Shape::Object => {
                let reference = match nodes.as_slice() {
                    [(n, _)] => n
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/components/schemas/")),
                    _ => None,
                };
                if let Some(r) = reference {
                    let alias = names::SCHEMA_ALIASES
                        .iter()
                        .find(|(d, _)| *d == r)
                        .map(|(_, o)| *o);
                    if let Some(a) = alias.filter(|a| self.schema_props(a).is_some()) {
                        return a.into();
                    }
                    if self.schema_props(r).is_some() {
                        return r.into();
                    }
                }
                // An inline object: a schema with exactly these properties is reused.
                let props: Vec<&String> = flat.props.iter().map(|(p, _)| p).collect();
                let same =
                    |v: &Vec<String>| v.len() == props.len() && props.iter().all(|p| v.contains(p));
                if reference.is_none() {
                    if let Some(n) = self
                        .existing
                        .schemas
                        .iter()
                        .chain(self.made_schemas.iter())
                        .find(|(_, v)| same(v))
                        .map(|(n, _)| n.clone())
                    {
                        return n;
                    }
                }
                let name = match reference {
                    Some(r) if !self.taken(r) => r.to_string(),
                    _ => self.free_name(suggested),
                };
                let description = description_of(self.doc, nodes[0].0);
                self.make_schema(&name, flat, description);
                name
            }
        }
    }
}
