//! Request bodies: inline members and request schemas, recursively.

use super::{describe, schema_label, SchemaReport, Walker, PRIMITIVES};
use crate::spec_diff::openapi::{
    elem_desc, flatten, flatten_all, identity, same, scalar_differs, shape_name, show, Flat, Nodes,
    Shape,
};
use generator::spec::{BodyDef, EndpointDef, MemberDef};
use indexmap::IndexMap;
use serde_json::Value;

impl<'s, 'd> Walker<'s, 'd> {
    pub(super) fn body(&mut self, ep: &'s EndpointDef, op: &'d Value) {
        let theirs = op
            .get("requestBody")
            .and_then(|b| self.json_schema(b, "requestBody"));
        let (schema, loc) = match (&ep.body, theirs) {
            (None, None) => return,
            (Some(_), None) => {
                self.push("body: extra".to_string());
                return;
            }
            (_, Some(t)) => t,
        };
        let flat = flatten(self.doc, schema, &loc);
        match &ep.body {
            None => {
                if flat.shape() != Shape::Unknown {
                    self.push("body: missing".to_string());
                }
            }
            Some(BodyDef::Members(members)) => match flat.shape() {
                Shape::Object => self.members("body ", members, &flat),
                Shape::OpaqueObject | Shape::Unknown => {}
                other => self.push(format!(
                    "body: type: spec object, document {}",
                    shape_name(other)
                )),
            },
            Some(BodyDef::Schema(name)) => match flat.shape() {
                Shape::Object => self.request_object(name, &flat, &loc),
                Shape::OpaqueObject | Shape::Unknown => {}
                other => self.push(format!(
                    "body: type: spec {name}, document {}",
                    shape_name(other)
                )),
            },
        }
    }

    /// Compares the members of a request body (inline, or of a request schema) with their
    /// flattened object: members missing or extra, `required`, then each member's limits and
    /// type. `prefix` starts each identifier (`body ` for inline members, empty under a
    /// request schema's label).
    fn members(&mut self, prefix: &str, members: &'s IndexMap<String, MemberDef>, flat: &Flat<'d>) {
        for (name, _) in &flat.props {
            if !members.contains_key(name) {
                self.push(format!("{prefix}{name}: missing"));
            }
        }
        for (name, ours) in members {
            let Some((_, nodes)) = flat.props.iter().find(|(n, _)| n == name) else {
                self.push(format!("{prefix}{name}: extra"));
                continue;
            };
            let their_required = flat.required.contains(name);
            if ours.required != their_required {
                self.push(format!(
                    "{prefix}{name}: required: spec {}, document {their_required}",
                    ours.required
                ));
            }
            self.member(&format!("{prefix}{name}"), ours, nodes);
        }
    }

    /// One member of a request body: its limits, then its type (descending into request
    /// schemas, array items and request enums).
    fn member(&mut self, path: &str, ours: &'s MemberDef, nodes: &Nodes<'d>) {
        let flat = flatten_all(self.doc, nodes);
        let limits = Limits {
            pattern: ours.pattern.as_deref(),
            min: ours.min,
            max: ours.max,
            min_length: ours.min_length,
            max_length: ours.max_length,
            min_items: ours.min_items,
            max_items: ours.max_items,
        };
        self.limits(path, &limits, &flat);
        let shape = flat.shape();
        if shape == Shape::Unknown {
            return;
        }
        let their_array = shape == Shape::Array;
        if (ours.ty == "array") != their_array {
            let items = ours.items.as_ref().map(|i| i.ty.as_str());
            self.push(format!(
                "{path}: type: spec {}, document {}",
                describe(&ours.ty, items),
                shape_name(shape)
            ));
            return;
        }
        if !their_array {
            let loc = identity(nodes);
            self.request_type(path, &ours.ty, &flat, &loc);
            return;
        }
        let Some(item) = &ours.items else {
            return;
        };
        if flat.items.is_empty() {
            return;
        }
        let elem = flatten_all(self.doc, &flat.items);
        let elem_loc = identity(&flat.items);
        let path = format!("{path}[]");
        let limits = Limits {
            pattern: item.pattern.as_deref(),
            min: item.min,
            max: item.max,
            min_length: item.min_length,
            max_length: item.max_length,
            min_items: None,
            max_items: None,
        };
        self.limits(&path, &limits, &elem);
        self.request_type(&path, &item.ty, &elem, &elem_loc);
    }

    /// Our limits of a member or item against theirs.
    fn limits(&mut self, path: &str, ours: &Limits<'_>, theirs: &Flat<'d>) {
        let num = |v: Option<i64>| v.map(Value::from);
        let size = |v: Option<usize>| v.map(Value::from);
        let pattern = ours.pattern.map(|p| Value::String(p.to_string()));
        let their_pattern = theirs.pattern.map(|p| Value::String(p.to_string()));
        let checks: [(&str, Option<Value>, Option<&Value>); 7] = [
            ("pattern", pattern, their_pattern.as_ref()),
            ("min", num(ours.min), theirs.minimum),
            ("max", num(ours.max), theirs.maximum),
            ("min_length", size(ours.min_length), theirs.min_length),
            ("max_length", size(ours.max_length), theirs.max_length),
            ("min_items", size(ours.min_items), theirs.min_items),
            ("max_items", size(ours.max_items), theirs.max_items),
        ];
        for (key, a, b) in checks {
            // A lower bound of 0 on a length or count says nothing: the same as none.
            let zero = Value::from(0);
            let b = match (key, b) {
                ("min_length" | "min_items", Some(v)) if same(Some(v), Some(&zero)) => None,
                _ => b,
            };
            if !same(a.as_ref(), b) {
                self.push(format!(
                    "{path}: {key}: spec {}, document {}",
                    show(a.as_ref()),
                    show(b)
                ));
            }
        }
    }

    /// A (non-array) member or item of type `target` against their flattened element: a
    /// request schema is compared as an object, a request enum by its values, a primitive by
    /// its type.
    fn request_type(&mut self, path: &str, target: &str, elem: &Flat<'d>, elem_loc: &str) {
        let elem_shape = elem.shape();
        if self.spec.request_schemas.contains_key(target) {
            match elem_shape {
                Shape::Object => self.request_object(target, elem, elem_loc),
                Shape::OpaqueObject | Shape::Unknown => {}
                other => self.push(format!(
                    "{path}: type: spec {target}, document {}",
                    elem_desc(other, elem.ty)
                )),
            }
        } else if let Some(e) = self.spec.enums.get(target) {
            match (elem_shape, &elem.values) {
                (Shape::Scalar, Some(values)) => {
                    let ours: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                    self.values(path, &ours, values);
                }
                (Shape::Scalar, None) => {
                    self.push(format!("{path}: values: spec {target}, document none"))
                }
                (Shape::Unknown, _) => {}
                (other, _) => self.push(format!(
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

    /// Compares our request schema `name` with their flattened object at `loc`, once per pair;
    /// the differences go to the pair's [`SchemaReport`] (`request schema CreateTweetRequest
    /// (document TweetCreateRequest): ...`).
    fn request_object(&mut self, name: &str, theirs: &Flat<'d>, loc: &str) {
        if !self
            .visited
            .insert((format!("request {name}"), loc.to_string()))
        {
            return;
        }
        let Some(ours) = self.spec.request_schemas.get(name) else {
            return;
        };
        let label = format!("request {}", schema_label(name, loc));
        let outer_prefix = std::mem::replace(&mut self.prefix, label.clone());
        let outer_out = std::mem::take(&mut self.out);
        self.members("", &ours.properties, theirs);
        let differences = std::mem::replace(&mut self.out, outer_out);
        self.prefix = outer_prefix;
        self.schemas.push(SchemaReport {
            schema: name.to_string(),
            location: loc.to_string(),
            label,
            differences,
        });
    }
}

/// The limits of a request member or item, as the spec writes them.
struct Limits<'a> {
    pattern: Option<&'a str>,
    min: Option<i64>,
    max: Option<i64>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    min_items: Option<usize>,
    max_items: Option<usize>,
}
