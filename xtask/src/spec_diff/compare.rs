//! The comparison: every endpoint of the spec against the operation of the document with the
//! same method and path, into a [`Report`] of difference identifiers.

use super::openapi::{
    deref, doc_params, elem_desc, find_operation, flatten, flatten_all, identity, operations, same,
    shape_name, show, sorted_keys, title, Flat, Nodes, Shape,
};
use super::AUTH_SCHEMES;
use generator::spec::{BodyDef, EndpointDef, MemberDef, ParamDef, ParamLocation, SpecFile};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::HashSet;

/// The comparison of one endpoint of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointReport {
    /// Operation name (`get_liked_tweets`).
    pub operation: String,
    /// `GET /2/users/{id}/liked_tweets`.
    pub route: String,
    /// Whether the document has the method and path at all.
    pub in_document: bool,
    /// Difference identifiers, in report order.
    pub differences: Vec<String>,
}

/// The comparison of one schema of the spec with one schema of the document: the differences
/// inside a schema are reported here, once, whichever endpoint reaches it (and however many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaReport {
    /// Our schema (`Tweet`).
    pub schema: String,
    /// Where the document's schema is: `#/components/schemas/Tweet`, or the location of an
    /// inline schema.
    pub location: String,
    /// The label every identifier of this comparison starts with: `schema Tweet`, or
    /// `schema Tweet (document Post)` when the document's schema has another name.
    pub label: String,
    /// Difference identifiers (`schema Tweet: article: extra`), in report order.
    pub differences: Vec<String>,
}

/// The comparison of a whole spec with one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// `X API v2 2.166` (the document's `info.title` and `info.version`).
    pub document: String,
    /// One entry per endpoint of the spec, in spec order. Differences of the endpoint itself:
    /// parameters, auth, scopes, body members, the response's top-level shape.
    pub endpoints: Vec<EndpointReport>,
    /// One entry per (our schema, their schema) pair compared, sorted by schema name then
    /// location: the differences inside schemas, which do not depend on the endpoint (or the
    /// order of the spec files) that reached them.
    pub schemas: Vec<SchemaReport>,
    /// How many operations the document has.
    pub document_operations: usize,
    /// The operations of the document that no endpoint of the spec has (`GET /2/spaces`),
    /// sorted by path. They are not differences: the spec covers a part of the API.
    pub not_in_spec: Vec<String>,
}

impl Report {
    /// Every difference identifier, in report order.
    pub fn differences(&self) -> impl Iterator<Item = &str> {
        self.endpoints
            .iter()
            .flat_map(|e| e.differences.iter())
            .chain(self.schemas.iter().flat_map(|s| s.differences.iter()))
            .map(String::as_str)
    }
}

/// Compares every endpoint of `spec` with the OpenAPI 3 document `doc`.
pub fn compare(spec: &SpecFile, doc: &Value) -> Report {
    let mut walker = Walker {
        spec,
        doc,
        visited: HashSet::new(),
        out: Vec::new(),
        prefix: String::new(),
        op_pointer: String::new(),
        schemas: Vec::new(),
    };
    let mut endpoints = Vec::new();
    // (method, path key) of the document's operations that an endpoint of the spec has.
    let mut covered: HashSet<(String, &str)> = HashSet::new();
    for (name, ep) in &spec.endpoints {
        let route = format!("{} {}", ep.method.as_str(), ep.path);
        let operation = find_operation(doc, ep);
        let in_document = operation.is_some();
        if let Some((key, path_item, op)) = operation {
            covered.insert((ep.method.as_str().to_ascii_uppercase(), key));
            walker.prefix = name.clone();
            walker.op_pointer = format!(
                "#/paths/{}/{}",
                pointer_escape(key),
                ep.method.as_str().to_ascii_lowercase()
            );
            walker.out.clear();
            walker.endpoint(ep, path_item, op);
        }
        endpoints.push(EndpointReport {
            operation: name.clone(),
            route,
            in_document,
            differences: if in_document {
                std::mem::take(&mut walker.out)
            } else {
                Vec::new()
            },
        });
    }
    let all = operations(doc);
    let not_in_spec = all
        .iter()
        .filter(|(method, path)| !covered.contains(&(method.clone(), path.as_str())))
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    let mut schemas = walker.schemas;
    schemas.sort_by(|a, b| (&a.schema, &a.location).cmp(&(&b.schema, &b.location)));
    Report {
        document: title(doc),
        endpoints,
        schemas,
        document_operations: all.len(),
        not_in_spec,
    }
}

const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean"];

struct Walker<'s, 'd> {
    spec: &'s SpecFile,
    doc: &'d Value,
    /// (our schema, their schema's location) pairs already compared.
    visited: HashSet<(String, String)>,
    /// The differences of the endpoint or schema being compared.
    out: Vec<String>,
    /// What `out`'s identifiers start with: the operation name, or `schema Tweet`.
    prefix: String,
    /// `#/paths/~12~1users~1{id}~1liked_tweets/get`: where the current operation is, so that
    /// its inline schemas have locations no other operation shares.
    op_pointer: String,
    /// The schema comparisons done so far.
    schemas: Vec<SchemaReport>,
}

impl<'s, 'd> Walker<'s, 'd> {
    fn push(&mut self, what: String) {
        self.out.push(format!("{}: {what}", self.prefix));
    }

    fn endpoint(&mut self, ep: &'s EndpointDef, path_item: &'d Value, op: &'d Value) {
        self.params(ep, path_item, op);
        self.auth(ep, op);
        self.body(ep, op);
        self.response(ep, op);
    }

    fn params(&mut self, ep: &'s EndpointDef, path_item: &'d Value, op: &'d Value) {
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

    fn values(&mut self, what: &str, ours: &[&str], theirs: &[String]) {
        for v in theirs {
            if !ours.contains(&v.as_str()) {
                self.push(format!("{what}: value missing: {v}"));
            }
        }
        for v in ours {
            if !theirs.iter().any(|t| t == v) {
                self.push(format!("{what}: value extra: {v}"));
            }
        }
    }

    fn auth(&mut self, ep: &'s EndpointDef, op: &'d Value) {
        let security = op
            .get("security")
            .or_else(|| self.doc.get("security"))
            .and_then(Value::as_array);
        let Some(security) = security else {
            // The document says nothing: nothing to compare.
            return;
        };
        let mut theirs: Vec<String> = Vec::new();
        let mut their_scopes: Vec<String> = Vec::new();
        let mut has_oauth2 = false;
        for requirement in security {
            let Some(requirement) = requirement.as_object() else {
                continue;
            };
            for name in sorted_keys(requirement) {
                let ours = AUTH_SCHEMES
                    .iter()
                    .find(|(doc_name, _)| doc_name == name)
                    .map(|(_, ours)| ours.to_string())
                    .unwrap_or_else(|| format!("{name} (no spec scheme)"));
                if !theirs.contains(&ours) {
                    theirs.push(ours);
                }
                let is_oauth2 = self
                    .doc
                    .pointer(&format!("/components/securitySchemes/{name}/type"))
                    .and_then(Value::as_str)
                    == Some("oauth2");
                if is_oauth2 {
                    has_oauth2 = true;
                    for s in requirement[name].as_array().into_iter().flatten() {
                        if let Some(s) = s.as_str() {
                            if !their_scopes.iter().any(|t| t == s) {
                                their_scopes.push(s.to_string());
                            }
                        }
                    }
                }
            }
        }
        for t in &theirs {
            if !ep.auth.contains(t) {
                self.push(format!("auth missing: {t}"));
            }
        }
        for o in &ep.auth {
            if !theirs.contains(o) {
                self.push(format!("auth extra: {o}"));
            }
        }
        if has_oauth2 || !ep.scopes.is_empty() {
            their_scopes.sort();
            for s in &their_scopes {
                if !ep.scopes.contains(s) {
                    self.push(format!("scope missing: {s}"));
                }
            }
            for s in &ep.scopes {
                if !their_scopes.contains(s) {
                    self.push(format!("scope extra: {s}"));
                }
            }
        }
    }

    /// The `application/json` schema of a request body or response, with its location
    /// (`at` is the holder's place below the operation: `requestBody`, `responses/200`).
    fn json_schema(&self, holder: &'d Value, at: &str) -> Option<(&'d Value, String)> {
        let inline = match holder.get("$ref").and_then(Value::as_str) {
            Some(r) => r.to_string(),
            None => format!("{}/{at}", self.op_pointer),
        };
        let holder = deref(self.doc, holder)?;
        let schema = holder.pointer("/content/application~1json/schema")?;
        let loc = identity(&vec![(
            schema,
            format!("{inline}/content/application~1json/schema"),
        )]);
        Some((schema, loc))
    }

    fn body(&mut self, ep: &'s EndpointDef, op: &'d Value) {
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
        } else if PRIMITIVES.contains(&target) {
            let differs = match elem_shape {
                Shape::Scalar => match elem.ty {
                    Some(t) => !(t == target || (target == "number" && t == "integer")),
                    None => false,
                },
                Shape::Unknown => false,
                _ => true,
            };
            if differs {
                self.push(format!(
                    "{path}: type: spec {target}, document {}",
                    elem_desc(elem_shape, elem.ty)
                ));
            }
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

    fn response(&mut self, ep: &'s EndpointDef, op: &'d Value) {
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
        } else if PRIMITIVES.contains(&target) {
            let differs = match elem_shape {
                Shape::Scalar => match elem.ty {
                    // An integer is a number; the reverse is a difference.
                    Some(t) => !(t == target || (target == "number" && t == "integer")),
                    None => false,
                },
                Shape::Unknown => false,
                _ => true,
            };
            if differs {
                self.push(format!(
                    "{path}: type: spec {target}, document {}",
                    elem_desc(elem_shape, elem.ty)
                ));
            }
        }
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

fn describe(ty: &str, items: Option<&str>) -> String {
    match (ty, items) {
        ("array", Some(i)) => format!("array of {i}"),
        (t, _) => t.to_string(),
    }
}

/// JSON pointer escaping of one reference token (`/2/users` → `~12~1users`).
fn pointer_escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `schema Tweet` when the document's schema is `#/components/schemas/Tweet` too, else
/// `schema Tweet (document Post)` or `schema Problem (document
/// InvalidRequestProblem/allOf/1.errors[])`: the label depends only on the pair compared.
fn schema_label(name: &str, loc: &str) -> String {
    let theirs = document_name(loc);
    if theirs == name {
        format!("schema {name}")
    } else {
        format!("schema {name} (document {theirs})")
    }
}

/// A location made readable: `#/components/schemas/` dropped, `/properties/p` as `.p`,
/// `/items` as `[]`, `/content/application~1json/schema` dropped.
fn document_name(loc: &str) -> String {
    loc.split(" | ")
        .map(|one| {
            let one = one.strip_prefix("#/components/schemas/").unwrap_or(one);
            one.replace("/content/application~1json/schema", "")
                .replace("/properties/", ".")
                .replace("/items", "[]")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
