//! `cargo xtask spec-diff <openapi.json>`: the drift report between `spec/` and an official
//! OpenAPI 3 document.
//!
//! Every endpoint of the spec is looked up by method and path in the document (path
//! placeholders are compared by position, not by name) and compared on:
//!
//! - parameters missing (in the document, not in the spec) or extra (in the spec only), and
//!   per parameter its location, `required`, type and constraints (`min`/`max` = `minimum`/
//!   `maximum`, `default`, `pattern`, `min_length`/`max_length`, `min_items`/`max_items`);
//! - the value list of a parameter (the spec enum's wire values against `items.enum`);
//! - auth schemes, through [`AUTH_SCHEMES`], and OAuth 2.0 scopes;
//! - the JSON request body (properties, `required`, `pattern`);
//! - the success response: properties missing or extra, recursively, with `$ref`, `allOf`,
//!   `oneOf`/`anyOf` and discriminator mappings flattened into one object (the spec flattens
//!   `Media` = Photo | Video | AnimatedGif and the Problem subtypes the same way), plus shape
//!   differences (array against object against scalar) and the values of response enums.
//!
//! Each difference is one line with a stable identifier (`get_liked_tweets: param
//! tweet.fields: value missing: article`) that the allow-list can name. Each pair (our schema,
//! their schema) is compared once per run, at the first place the walk reaches it, so a
//! difference in `Tweet` is listed once (under the first endpoint, at its first path) and
//! cycles end.
//!
//! Endpoints of the spec whose path is not in the document are listed as "not in this
//! document"; that is not a difference. Paths of the document that the spec does not have are
//! ignored (the spec covers a subset of the API).

use generator::spec::{EndpointDef, EnumDef, ParamDef, ParamLocation, SchemaDef, SpecFile};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The default allow-list, relative to the workspace root. It is not below `spec/`: the
/// generator reads every `*.yaml` file there as a spec file (and rejects unknown keys).
pub const DEFAULT_ALLOW_LIST: &str = "xtask/drift-allow.yaml";

/// The security scheme names of the official documents, and the spec's auth scheme for each.
pub const AUTH_SCHEMES: &[(&str, &str)] = &[
    ("BearerToken", "app_only"),
    ("UserToken", "oauth1_user"),
    ("OAuth2UserToken", "oauth2_user"),
];

/// The merged spec: the sections of every file of `spec/`, in load order.
#[derive(Debug, Default)]
pub struct Spec {
    /// Enumerations, by name.
    pub enums: IndexMap<String, EnumDef>,
    /// Schemas, by name.
    pub schemas: IndexMap<String, SchemaDef>,
    /// Endpoints, by operation name.
    pub endpoints: IndexMap<String, EndpointDef>,
}

impl Spec {
    /// Merges parsed spec files (the loader's order is kept).
    pub fn merge(files: impl IntoIterator<Item = SpecFile>) -> Spec {
        let mut spec = Spec::default();
        for file in files {
            spec.enums.extend(file.enums);
            spec.schemas.extend(file.schemas);
            spec.endpoints.extend(file.endpoints);
        }
        spec
    }

    /// Loads and merges every file of a spec folder.
    pub fn load(dir: &Path) -> Result<Spec, String> {
        let files = generator::load::load_dir(dir).map_err(|e| e.to_string())?;
        Ok(Spec::merge(files.into_iter().map(|f| f.spec)))
    }
}

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

/// The comparison of a whole spec with one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// `X API v2 2.166` (the document's `info.title` and `info.version`).
    pub document: String,
    /// One entry per endpoint of the spec, in spec order.
    pub endpoints: Vec<EndpointReport>,
}

impl Report {
    /// Every difference identifier, in report order.
    pub fn differences(&self) -> impl Iterator<Item = &str> {
        self.endpoints
            .iter()
            .flat_map(|e| e.differences.iter().map(String::as_str))
    }
}

/// Compares every endpoint of `spec` with the OpenAPI 3 document `doc`.
pub fn compare(spec: &Spec, doc: &Value) -> Report {
    let info = doc.get("info");
    let field = |k: &str| info.and_then(|i| i.get(k)).and_then(Value::as_str);
    let document = match (field("title"), field("version")) {
        (Some(t), Some(v)) => format!("{t} {v}"),
        (Some(t), None) => t.to_string(),
        (None, Some(v)) => format!("version {v}"),
        (None, None) => "the OpenAPI document".to_string(),
    };
    let mut walker = Walker {
        spec,
        doc,
        visited: HashSet::new(),
        out: Vec::new(),
        op: "",
    };
    let mut endpoints = Vec::new();
    for (name, ep) in &spec.endpoints {
        let route = format!("{} {}", ep.method.as_str(), ep.path);
        let operation = find_operation(doc, ep);
        let in_document = operation.is_some();
        if let Some((path_item, op)) = operation {
            walker.op = name;
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
    Report {
        document,
        endpoints,
    }
}

/// The path item and operation of the document for the endpoint's method and path.
fn find_operation<'d>(doc: &'d Value, ep: &EndpointDef) -> Option<(&'d Value, &'d Value)> {
    let method = ep.method.as_str().to_ascii_lowercase();
    let wanted = path_shape(&ep.path);
    let paths = doc.get("paths")?.as_object()?;
    let mut keys: Vec<&String> = paths.keys().collect();
    keys.sort();
    // An exact match first, then one that differs only in placeholder names.
    let key = keys
        .iter()
        .find(|k| k.as_str() == ep.path)
        .or_else(|| keys.iter().find(|k| path_shape(k) == wanted))?;
    let item = &paths[key.as_str()];
    Some((item, item.get(&method)?))
}

/// `/2/users/{id}/likes/{tweet_id}` → `/2/users/{}/likes/{}`.
fn path_shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

/// A schema of the document, flattened: `$ref`s resolved, `allOf`/`oneOf`/`anyOf` members and
/// discriminator mappings merged.
#[derive(Debug, Default)]
struct Flat<'d> {
    ty: Option<&'d str>,
    /// Property name → its nodes (one per member that declares it), sorted by name.
    props: Vec<(String, Nodes<'d>)>,
    required: BTreeSet<String>,
    /// The nodes of `items` (empty: not an array).
    items: Nodes<'d>,
    values: Option<Vec<String>>,
    minimum: Option<&'d Value>,
    maximum: Option<&'d Value>,
    default: Option<&'d Value>,
    pattern: Option<&'d str>,
    min_length: Option<&'d Value>,
    max_length: Option<&'d Value>,
    min_items: Option<&'d Value>,
    max_items: Option<&'d Value>,
}

/// What a flattened schema is, as far as the comparison cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object with declared properties.
    Object,
    /// An object without declared properties (a free-form map).
    OpaqueObject,
    Array,
    Scalar,
    /// No type information at all.
    Unknown,
}

impl Flat<'_> {
    fn shape(&self) -> Shape {
        if !self.items.is_empty() || self.ty == Some("array") {
            Shape::Array
        } else if !self.props.is_empty() {
            Shape::Object
        } else if self.ty == Some("object") {
            Shape::OpaqueObject
        } else if self.ty.is_some() || self.values.is_some() {
            Shape::Scalar
        } else {
            Shape::Unknown
        }
    }
}

/// Resolves a local `$ref` (`#/components/schemas/Tweet`).
fn resolve<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// Follows `$ref`s until a node without one (cycles end with `None`).
fn deref<'d>(doc: &'d Value, mut node: &'d Value) -> Option<&'d Value> {
    let mut seen = HashSet::new();
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if !seen.insert(r) {
            return None;
        }
        node = resolve(doc, r)?;
    }
    Some(node)
}

/// Schema nodes of the document that describe one thing together (a property declared by
/// several `allOf`/`oneOf` members or discriminator subtypes), each with its location.
type Nodes<'d> = Vec<(&'d Value, String)>;

/// Where nodes live: the `$ref` target of each, or its location if inline.
fn identity(nodes: &Nodes<'_>) -> String {
    let ids: Vec<&str> = nodes
        .iter()
        .map(|(node, loc)| {
            node.get("$ref")
                .and_then(Value::as_str)
                .unwrap_or(loc.as_str())
        })
        .collect();
    ids.join(" | ")
}

fn sorted_keys(map: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys
}

fn flatten<'d>(doc: &'d Value, node: &'d Value, loc: &str) -> Flat<'d> {
    flatten_all(doc, &vec![(node, loc.to_string())])
}

fn flatten_all<'d>(doc: &'d Value, nodes: &Nodes<'d>) -> Flat<'d> {
    let mut flat = Flat::default();
    for (node, loc) in nodes {
        let mut stack = Vec::new();
        collect(doc, node, loc, &mut stack, &mut flat);
    }
    flat.props.sort_by(|a, b| a.0.cmp(&b.0));
    flat
}

fn collect_ref<'d>(
    doc: &'d Value,
    reference: &'d str,
    stack: &mut Vec<&'d str>,
    flat: &mut Flat<'d>,
) {
    if stack.contains(&reference) {
        return;
    }
    if let Some(target) = resolve(doc, reference) {
        stack.push(reference);
        collect(doc, target, reference, stack, flat);
        stack.pop();
    }
}

fn collect<'d>(
    doc: &'d Value,
    node: &'d Value,
    loc: &str,
    stack: &mut Vec<&'d str>,
    flat: &mut Flat<'d>,
) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        collect_ref(doc, r, stack, flat);
        return;
    }
    let str_of = |k: &str| node.get(k).and_then(Value::as_str);
    let ty = match node.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        // OpenAPI 3.1: `type: [string, "null"]`.
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    };
    if flat.ty.is_none() {
        flat.ty = ty;
    }
    macro_rules! first {
        ($field:ident, $key:literal) => {
            if flat.$field.is_none() {
                flat.$field = node.get($key);
            }
        };
    }
    first!(minimum, "minimum");
    first!(maximum, "maximum");
    first!(default, "default");
    first!(min_length, "minLength");
    first!(max_length, "maxLength");
    first!(min_items, "minItems");
    first!(max_items, "maxItems");
    if flat.pattern.is_none() {
        flat.pattern = str_of("pattern");
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for k in sorted_keys(props) {
            let node = (&props[k], format!("{loc}/properties/{k}"));
            match flat.props.iter_mut().find(|(name, _)| name == k) {
                Some((_, nodes)) => nodes.push(node),
                None => flat.props.push((k.clone(), vec![node])),
            }
        }
    }
    if let Some(req) = node.get("required").and_then(Value::as_array) {
        flat.required
            .extend(req.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(items) = node.get("items") {
        flat.items.push((items, format!("{loc}/items")));
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let list = flat.values.get_or_insert_with(Vec::new);
        for v in values {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !list.contains(&v) {
                list.push(v);
            }
        }
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        if let Some(members) = node.get(keyword).and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate() {
                collect(doc, m, &format!("{loc}/{keyword}/{i}"), stack, flat);
            }
        }
    }
    if let Some(mapping) = node
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object)
    {
        for k in sorted_keys(mapping) {
            if let Some(r) = mapping[k].as_str() {
                collect_ref(doc, r, stack, flat);
            }
        }
    }
}

/// Numbers compare by value (`5` = `5.0`); everything else structurally.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (a, b) => a == b,
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "none".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean"];

struct Walker<'s, 'd> {
    spec: &'s Spec,
    doc: &'d Value,
    /// (our schema, their schema's location) pairs already compared.
    visited: HashSet<(String, String)>,
    out: Vec<String>,
    op: &'s str,
}

impl<'s, 'd> Walker<'s, 'd> {
    fn push(&mut self, what: String) {
        self.out.push(format!("{}: {what}", self.op));
    }

    fn endpoint(&mut self, ep: &'s EndpointDef, path_item: &'d Value, op: &'d Value) {
        self.params(ep, path_item, op);
        self.auth(ep, op);
        self.body(ep, op);
        self.response(ep, op);
    }

    /// The document's parameters of an operation (path-level ones first, overridden by
    /// operation-level ones of the same name and location), `$ref`s resolved.
    fn doc_params(&self, path_item: &'d Value, op: &'d Value) -> Vec<(&'d str, &'d Value)> {
        let mut out: Vec<(&'d str, &'d Value)> = Vec::new();
        for source in [path_item, op] {
            let Some(list) = source.get("parameters").and_then(Value::as_array) else {
                continue;
            };
            for p in list {
                let Some(p) = deref(self.doc, p) else {
                    continue;
                };
                let Some(name) = p.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let location = p.get("in");
                if let Some(slot) = out
                    .iter_mut()
                    .find(|(n, q)| *n == name && q.get("in") == location)
                {
                    *slot = (name, p);
                } else {
                    out.push((name, p));
                }
            }
        }
        // Header and cookie parameters are the transport's business, not the spec's.
        out.retain(|(_, p)| {
            matches!(
                p.get("in").and_then(Value::as_str),
                Some("path") | Some("query")
            )
        });
        out
    }

    fn params(&mut self, ep: &'s EndpointDef, path_item: &'d Value, op: &'d Value) {
        let theirs = self.doc_params(path_item, op);
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
        if let Some(ty) = schema.ty {
            if ty != ours.ty {
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
            .and_then(|i| self.spec.enums.get(i).map(|e| (i, e)));
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

    /// The `application/json` schema of a request body or response, with its location.
    fn json_schema(&self, holder: &'d Value) -> Option<(&'d Value, String)> {
        let holder = deref(self.doc, holder)?;
        let schema = holder.pointer("/content/application~1json/schema")?;
        let loc = identity(&vec![(schema, "#/inline".to_string())]);
        Some((schema, loc))
    }

    fn body(&mut self, ep: &'s EndpointDef, op: &'d Value) {
        let theirs = op.get("requestBody").and_then(|b| self.json_schema(b));
        let (schema, loc) = match theirs {
            None if ep.body.is_empty() => return,
            None => {
                self.push("body: extra".to_string());
                return;
            }
            Some(t) => t,
        };
        let flat = flatten(self.doc, schema, &loc);
        if ep.body.is_empty() {
            if flat.shape() != Shape::Unknown {
                self.push("body: missing".to_string());
            }
            return;
        }
        for (name, _) in &flat.props {
            if !ep.body.contains_key(name) {
                self.push(format!("body {name}: missing"));
            }
        }
        for (name, ours) in &ep.body {
            let Some((_, nodes)) = flat.props.iter().find(|(n, _)| n == name) else {
                self.push(format!("body {name}: extra"));
                continue;
            };
            let their_required = flat.required.contains(name);
            if ours.required != their_required {
                self.push(format!(
                    "body {name}: required: spec {}, document {their_required}",
                    ours.required
                ));
            }
            let prop = flatten_all(self.doc, nodes);
            let a = ours.pattern.as_deref();
            if a != prop.pattern {
                self.push(format!(
                    "body {name}: pattern: spec {}, document {}",
                    a.unwrap_or("none"),
                    prop.pattern.unwrap_or("none")
                ));
            }
            self.property("body", name, &ours.ty, ours.items.as_deref(), nodes);
        }
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
        let theirs = status.and_then(|s| self.json_schema(&responses[&s]));
        let Some((schema, loc)) = theirs else {
            self.push("response: the document has no JSON success response".to_string());
            return;
        };
        let flat = flatten(self.doc, schema, &loc);
        match flat.shape() {
            Shape::Object => {
                self.object("response", &ep.response, &ep.response, &flat, &loc);
            }
            Shape::OpaqueObject | Shape::Unknown => {}
            other => self.push(format!(
                "response: type: spec {}, document {}",
                ep.response,
                shape_name(other)
            )),
        }
    }

    /// Compares our schema `name` with their flattened object at `loc`; `path` is the dotted
    /// path shown (`LikedTweetsPage.data[]`).
    fn object(&mut self, kind: &str, name: &str, path: &str, theirs: &Flat<'d>, loc: &str) {
        if !self.visited.insert((name.to_string(), loc.to_string())) {
            return;
        }
        let Some(ours) = self.spec.schemas.get(name) else {
            return;
        };
        for (prop, _) in &theirs.props {
            if !ours.properties.contains_key(prop) {
                self.push(format!("{kind} {path}.{prop}: missing"));
            }
        }
        for prop in ours.properties.keys() {
            if !theirs.props.iter().any(|(p, _)| p == prop) {
                self.push(format!("{kind} {path}.{prop}: extra"));
            }
        }
        for (prop, def) in &ours.properties {
            if let Some((_, nodes)) = theirs.props.iter().find(|(p, _)| p == prop) {
                self.property(
                    kind,
                    &format!("{path}.{prop}"),
                    &def.ty,
                    def.items.as_deref(),
                    nodes,
                );
            }
        }
    }

    /// Compares one property (our `ty`/`items`) with their node; descends into objects.
    fn property(
        &mut self,
        kind: &str,
        path: &str,
        ty: &str,
        items: Option<&str>,
        nodes: &Nodes<'d>,
    ) {
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
                "{kind} {path}: type: spec {}, document {}",
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
                Shape::Object => self.object(kind, target, &path, &elem, &elem_loc),
                Shape::OpaqueObject | Shape::Unknown => {}
                other => self.push(format!(
                    "{kind} {path}: type: spec {target}, document {}",
                    elem_desc(other, elem.ty)
                )),
            }
        } else if let Some(e) = self.spec.enums.get(target) {
            match elem_shape {
                Shape::Scalar => {
                    if let Some(values) = &elem.values {
                        let ours: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                        self.values(&format!("{kind} {path}"), &ours, values);
                    }
                }
                Shape::Unknown => {}
                other => self.push(format!(
                    "{kind} {path}: type: spec {target}, document {}",
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
                    "{kind} {path}: type: spec {target}, document {}",
                    elem_desc(elem_shape, elem.ty)
                ));
            }
        }
    }
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Object | Shape::OpaqueObject => "object",
        Shape::Array => "array",
        Shape::Scalar => "scalar",
        Shape::Unknown => "any",
    }
}

fn elem_desc(shape: Shape, ty: Option<&str>) -> String {
    match (shape, ty) {
        (Shape::Scalar, Some(t)) => t.to_string(),
        (s, _) => shape_name(s).to_string(),
    }
}

fn describe(ty: &str, items: Option<&str>) -> String {
    match (ty, items) {
        ("array", Some(i)) => format!("array of {i}"),
        (t, _) => t.to_string(),
    }
}

/// The allow-list file: intentional differences, each with its reason.
///
/// ```yaml
/// allow:
///   - id: "get_liked_tweets: auth extra: app_only"
///     reason: "..."
///   - ids:
///       - "get_liked_tweets: response LikedTweetsPage.data[].article: extra"
///       - "get_liked_tweets: response LikedTweetsPage.data[].card_uri: extra"
///     reason: "..."
/// ```
///
/// An identifier may use `*` for any run of characters (`*: auth extra: app_only`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    #[serde(default)]
    allow: Vec<AllowEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowEntry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ids: Vec<String>,
    reason: String,
}

/// Parsed allow-list: patterns with their reasons.
#[derive(Debug, Default, Clone)]
pub struct AllowList {
    /// (pattern, reason), in file order.
    pub entries: Vec<(String, String)>,
}

impl AllowList {
    /// Parses the YAML text of an allow-list.
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let file: AllowFile = if text.trim().is_empty() {
            AllowFile { allow: Vec::new() }
        } else {
            serde_yaml::from_str(text).map_err(|e| e.to_string())?
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        for (i, entry) in file.allow.into_iter().enumerate() {
            let reason = entry.reason.trim().to_string();
            if reason.is_empty() {
                return Err(format!("allow[{i}]: the reason is empty"));
            }
            let ids: Vec<String> = entry.id.into_iter().chain(entry.ids).collect();
            if ids.is_empty() {
                return Err(format!("allow[{i}]: give `id` or `ids`"));
            }
            for id in ids {
                if entries.iter().any(|(p, _)| *p == id) {
                    return Err(format!("allow[{i}]: {id:?} is listed twice"));
                }
                entries.push((id, reason.clone()));
            }
        }
        Ok(AllowList { entries })
    }

    /// Reads and parses an allow-list file.
    pub fn load(path: &Path) -> Result<AllowList, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the allow-list {}: {e}", path.display()))?;
        AllowList::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The index of the first entry matching `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|(p, _)| glob(p, id))
    }
}

/// `*` matches any run of characters (also none); everything else matches itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*` at all.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The rendered report and its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The whole report, as printed.
    pub text: String,
    /// Every difference.
    pub differences: usize,
    /// Differences named by the allow-list.
    pub allowed: usize,
    /// Differences not named by the allow-list: non-zero fails the command.
    pub not_allowed: usize,
    /// Allow-list entries that matched nothing.
    pub unused: Vec<String>,
    /// Endpoints of the spec that the document does not have.
    pub not_in_document: usize,
}

impl Outcome {
    /// Whether every difference is allowed.
    pub fn is_clean(&self) -> bool {
        self.not_allowed == 0
    }
}

/// Renders a report against an allow-list.
pub fn render(report: &Report, allow: &AllowList) -> Outcome {
    let mut text = String::new();
    let mut used = vec![false; allow.entries.len()];
    let (mut allowed, mut not_allowed, mut not_in_document) = (0, 0, 0);
    let _ = writeln!(text, "spec-diff: the spec against {}", report.document);
    for ep in &report.endpoints {
        let _ = writeln!(text, "{} ({})", ep.operation, ep.route);
        if !ep.in_document {
            not_in_document += 1;
            let _ = writeln!(text, "  {}: not in this document", ep.operation);
            continue;
        }
        if ep.differences.is_empty() {
            let _ = writeln!(text, "  no differences");
        }
        for id in &ep.differences {
            match allow.find(id) {
                Some(i) => {
                    used[i] = true;
                    allowed += 1;
                    let _ = writeln!(text, "  allowed      {id}");
                }
                None => {
                    not_allowed += 1;
                    let _ = writeln!(text, "  not allowed  {id}");
                }
            }
        }
    }
    let unused: Vec<String> = allow
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((p, _), _)| p.clone())
        .collect();
    for p in &unused {
        let _ = writeln!(text, "warning: unused allow-list entry: {p}");
    }
    let differences = allowed + not_allowed;
    let _ = write!(
        text,
        "spec-diff: {differences} difference{}, {allowed} allowed, {not_allowed} not allowed",
        if differences == 1 { "" } else { "s" }
    );
    if not_in_document > 0 {
        let _ = write!(
            text,
            "; {not_in_document} endpoint{} not in this document",
            if not_in_document == 1 { "" } else { "s" }
        );
    }
    if !unused.is_empty() {
        let _ = write!(
            text,
            "; {} unused allow-list entr{}",
            unused.len(),
            if unused.len() == 1 { "y" } else { "ies" }
        );
    }
    text.push('\n');
    Outcome {
        text,
        differences,
        allowed,
        not_allowed,
        unused,
        not_in_document,
    }
}

/// Runs the whole command: loads the document, the spec and the allow-list, compares, renders.
pub fn run(openapi: &Path, spec_dir: &Path, allow: &Path) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(openapi)
        .map_err(|e| format!("cannot read {}: {e}", openapi.display()))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", openapi.display()))?;
    if doc.get("paths").and_then(Value::as_object).is_none() {
        return Err(format!(
            "{} is not an OpenAPI 3 document (no `paths`)",
            openapi.display()
        ));
    }
    let spec = Spec::load(spec_dir)?;
    let allow = AllowList::load(allow)?;
    Ok(render(&compare(&spec, &doc), &allow))
}
