//! Responses: the success response's top-level shape, then the response schemas it reaches.

use super::{describe, pointer_escape, schema_label, SchemaReport, Walker, PRIMITIVES};
use crate::spec_diff::openapi::{
    elem_desc, flatten, flatten_all, identity, scalar_differs, shape_name, sorted_keys, Flat,
    Nodes, Shape,
};
use generator::spec::EndpointDef;
use serde_json::Value;

impl<'s, 'd> Walker<'s, 'd> {
    pub(super) fn response(&mut self, ep: &'s EndpointDef, op: &'d Value) {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            self.push("response: the document has no responses".to_string());
            return;
        };
        let status = ["200", "201", "202"]
            .into_iter()
            .find(|s| responses.contains_key(*s))
            .map(str::to_string)
            .or_else(|| {
                sorted_keys(responses)
                    .into_iter()
                    .find(|k| k.starts_with('2'))
                    .cloned()
            });
        let theirs = status.and_then(|s| {
            self.json_schema(&responses[&s], &format!("responses/{}", pointer_escape(&s)))
        });
        let Some((schema, loc)) = theirs else {
            self.push("response: the document has no JSON success response".to_string());
            return;
        };
        let flat = flatten(self.doc, schema, &loc);
        match flat.shape() {
            Shape::Object => {
                self.object(&ep.response, &flat, &loc);
            }
            Shape::OpaqueObject | Shape::Unknown => {}
            other => self.push(format!(
                "response: type: spec {}, document {}",
                ep.response,
                shape_name(other)
            )),
        }
    }

    /// Compares our schema `name` with their flattened object at `loc`, once per pair; the
    /// differences go to the pair's [`SchemaReport`], not to the endpoint that reached it.
    fn object(&mut self, name: &str, theirs: &Flat<'d>, loc: &str) {
        if !self.visited.insert((name.to_string(), loc.to_string())) {
            return;
        }
        let Some(ours) = self.spec.schemas.get(name) else {
            return;
        };
        let label = schema_label(name, loc);
        let outer_prefix = std::mem::replace(&mut self.prefix, label.clone());
        let outer_out = std::mem::take(&mut self.out);
        for (prop, _) in &theirs.props {
            if !ours.properties.contains_key(prop) {
                self.push(format!("{prop}: missing"));
            }
        }
        for prop in ours.properties.keys() {
            if !theirs.props.iter().any(|(p, _)| p == prop) {
                self.push(format!("{prop}: extra"));
            }
        }
        for (prop, def) in &ours.properties {
            if let Some((_, nodes)) = theirs.props.iter().find(|(p, _)| p == prop) {
                self.property(prop, &def.ty, def.items.as_deref(), nodes);
            }
        }
        let differences = std::mem::replace(&mut self.out, outer_out);
        self.prefix = outer_prefix;
        self.schemas.push(SchemaReport {
            schema: name.to_string(),
            location: loc.to_string(),
            label,
            differences,
        });
    }

    /// Compares one property (our `ty`/`items`) with their node; descends into objects.
    /// `path` names it in identifiers (`article`, `body reply`).
    fn property(&mut self, path: &str, ty: &str, items: Option<&str>, nodes: &Nodes<'d>) {
        if ty == "json" {
            return;
        }
        let flat = flatten_all(self.doc, nodes);
        let (ours_array, target) = if ty == "array" {
            (true, items.unwrap_or("json"))
        } else {
            (false, ty)
        };
        let shape = flat.shape();
        if shape == Shape::Unknown {
            return;
        }
        let their_array = shape == Shape::Array;
        if ours_array != their_array {
            self.push(format!(
                "{path}: type: spec {}, document {}",
                describe(ty, items),
                shape_name(shape)
            ));
            return;
        }
        let (elem, elem_loc, path) = if their_array {
            if flat.items.is_empty() {
                return;
            }
            (
                flatten_all(self.doc, &flat.items),
                identity(&flat.items),
                format!("{path}[]"),
            )
        } else {
            let elem_loc = identity(nodes);
            (flat, elem_loc, path.to_string())
        };
        if target == "json" {
            return;
        }
        let elem_shape = elem.shape();
        if self.spec.schemas.contains_key(target) {
            match elem_shape {
                Shape::Object => self.object(target, &elem, &elem_loc),
                Shape::OpaqueObject | Shape::Unknown => {}
                other => self.push(format!(
                    "{path}: type: spec {target}, document {}",
                    elem_desc(other, elem.ty)
                )),
            }
        } else if let Some(e) = self.spec.enums.get(target) {
            match elem_shape {
                Shape::Scalar => {
                    if let Some(values) = &elem.values {
                        let ours: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                        self.values(&path, &ours, values);
                    }
                }
                Shape::Unknown => {}
                other => self.push(format!(
                    "{path}: type: spec {target}, document {}",
                    elem_desc(other, elem.ty)
                )),
            }
        } else if PRIMITIVES.contains(&target) && scalar_differs(elem_shape, elem.ty, target) {
            self.push(format!(
                "{path}: type: spec {target}, document {}",
                elem_desc(elem_shape, elem.ty)
            ));
        }
    }
}
