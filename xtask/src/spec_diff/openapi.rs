//! Reading the OpenAPI 3 document: loading it, finding the operation of a spec endpoint,
//! listing its operations, and flattening its schemas (`$ref`, `allOf`/`oneOf`/`anyOf` and
//! discriminator mappings merged into one object) for the comparison.

use super::Error;
use generator::spec::EndpointDef;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// The HTTP methods a path item may hold an operation for (OpenAPI 3 field names).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads an OpenAPI 3 document (JSON); it must have a `paths` object.
pub fn load(openapi: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(openapi).map_err(|source| Error::Read {
        path: openapi.to_path_buf(),
        source,
    })?;
    let doc: Value = serde_json::from_str(&text).map_err(|source| Error::NotJson {
        path: openapi.to_path_buf(),
        source,
    })?;
    if doc.get("paths").and_then(Value::as_object).is_none() {
        return Err(Error::NotOpenApi {
            path: openapi.to_path_buf(),
        });
    }
    Ok(doc)
}

/// `X API v2 2.166`: the document's `info.title` and `info.version`, as far as given.
pub fn title(doc: &Value) -> String {
    let info = doc.get("info");
    let field = |k: &str| info.and_then(|i| i.get(k)).and_then(Value::as_str);
    match (field("title"), field("version")) {
        (Some(t), Some(v)) => format!("{t} {v}"),
        (Some(t), None) => t.to_string(),
        (None, Some(v)) => format!("version {v}"),
        (None, None) => "the OpenAPI document".to_string(),
    }
}

/// Every operation of the document as (method, path), `GET` upper-case, sorted by path then
/// method.
pub fn operations(doc: &Value) -> Vec<(String, String)> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in sorted_keys(paths) {
        for method in METHODS {
            if paths[path].get(*method).is_some_and(Value::is_object) {
                out.push((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// The operation of the document for the endpoint's method and path: the path key, the path
/// item and the operation. An exact path first, then one that differs only in placeholder
/// names.
pub fn find_operation<'d>(
    doc: &'d Value,
    ep: &EndpointDef,
) -> Option<(&'d str, &'d Value, &'d Value)> {
    let method = ep.method.as_str().to_ascii_lowercase();
    let wanted = path_shape(&ep.path);
    let paths = doc.get("paths")?.as_object()?;
    let keys = sorted_keys(paths);
    let key = keys
        .iter()
        .find(|k| k.as_str() == ep.path)
        .or_else(|| keys.iter().find(|k| path_shape(k) == wanted))?;
    let item = &paths[key.as_str()];
    Some((key.as_str(), item, item.get(&method)?))
}

/// `/2/users/{id}/likes/{tweet_id}` → `/2/users/{}/likes/{}`.
pub fn path_shape(path: &str) -> String {
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

/// The document's parameters of an operation (path-level ones first, overridden by
/// operation-level ones of the same name and location), `$ref`s resolved.
pub fn doc_params<'d>(
    doc: &'d Value,
    path_item: &'d Value,
    op: &'d Value,
) -> Vec<(&'d str, &'d Value)> {
    let mut out: Vec<(&'d str, &'d Value)> = Vec::new();
    for source in [path_item, op] {
        let Some(list) = source.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for p in list {
            let Some(p) = deref(doc, p) else {
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

/// A schema of the document, flattened: `$ref`s resolved, `allOf`/`oneOf`/`anyOf` members and
/// discriminator mappings merged.
#[derive(Debug, Default)]
pub struct Flat<'d> {
    pub ty: Option<&'d str>,
    /// Property name → its nodes (one per member that declares it), sorted by name.
    pub props: Vec<(String, Nodes<'d>)>,
    pub required: BTreeSet<String>,
    /// The nodes of `items` (empty: not an array).
    pub items: Nodes<'d>,
    pub values: Option<Vec<String>>,
    pub minimum: Option<&'d Value>,
    pub maximum: Option<&'d Value>,
    pub default: Option<&'d Value>,
    pub pattern: Option<&'d str>,
    pub min_length: Option<&'d Value>,
    pub max_length: Option<&'d Value>,
    pub min_items: Option<&'d Value>,
    pub max_items: Option<&'d Value>,
}

/// What a flattened schema is, as far as the comparison cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
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
    pub fn shape(&self) -> Shape {
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
pub fn resolve<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// Follows `$ref`s until a node without one (cycles end with `None`).
pub fn deref<'d>(doc: &'d Value, mut node: &'d Value) -> Option<&'d Value> {
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
pub type Nodes<'d> = Vec<(&'d Value, String)>;

/// Where nodes live: the `$ref` target of each, or its location if inline.
pub fn identity(nodes: &Nodes<'_>) -> String {
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

pub fn sorted_keys(map: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys
}

pub fn flatten<'d>(doc: &'d Value, node: &'d Value, loc: &str) -> Flat<'d> {
    flatten_all(doc, &vec![(node, loc.to_string())])
}

pub fn flatten_all<'d>(doc: &'d Value, nodes: &Nodes<'d>) -> Flat<'d> {
    let mut flat = Flat::default();
    for (node, loc) in nodes {
        let mut stack = Vec::new();
        collect(doc, node, loc, &mut stack, &mut flat);
    }
    flat.props.sort_by(|a, b| a.0.cmp(&b.0));
    flat
}

pub fn collect_ref<'d>(
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

pub fn collect<'d>(
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
pub fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (a, b) => a == b,
    }
}

pub fn show(v: Option<&Value>) -> String {
    match v {
        None => "none".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Object | Shape::OpaqueObject => "object",
        Shape::Array => "array",
        Shape::Scalar => "scalar",
        Shape::Unknown => "any",
    }
}

/// Whether the document's element (`shape`, `ty`) differs from the spec's primitive type
/// `target`. An integer is a number; the reverse is a difference. No type information is no
/// difference.
pub fn scalar_differs(shape: Shape, ty: Option<&str>, target: &str) -> bool {
    match shape {
        Shape::Scalar => {
            ty.is_some_and(|t| !(t == target || (target == "number" && t == "integer")))
        }
        Shape::Unknown => false,
        _ => true,
    }
}

pub fn elem_desc(shape: Shape, ty: Option<&str>) -> String {
    match (shape, ty) {
        (Shape::Scalar, Some(t)) => t.to_string(),
        (s, _) => shape_name(s).to_string(),
    }
}
