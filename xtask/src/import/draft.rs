//! One operation of the document drafted as spec YAML: the endpoint entry, and the schemas and
//! enums it needs that the spec does not have yet.

use super::existing::Existing;
use super::names;
use super::yaml::Y;
use crate::spec_diff::openapi::{deref, doc_params, flatten, flatten_all, Flat, Nodes, Shape};
use crate::spec_diff::AUTH_SCHEMES;
use generator::spec::{ParamDef, ParamLocation, SchemeContext};
use indexmap::IndexMap;
use serde_json::Value;

/// What a type without a description in the document gets.
pub const NO_DESCRIPTION: &str = "(no description in the OpenAPI document)";

/// The document's security schemes, the `context` of the spec's auth scheme for each, in the
/// order the spec lists them.
const AUTH_CONTEXTS: &[(&str, SchemeContext)] = &[
    ("UserToken", SchemeContext::OAuth1User),
    ("OAuth2UserToken", SchemeContext::OAuth2User),
    ("BearerToken", SchemeContext::App),
];

/// A drafted operation.
#[derive(Debug)]
pub struct Draft {
    /// The document's operationId.
    pub operation_id: String,
    /// Our operation name.
    pub name: String,
    /// The resource group (file stem).
    pub group: String,
    /// `GET`.
    pub method: String,
    /// `/2/users/{id}/followers`.
    pub path: String,
    /// The endpoint entry.
    pub endpoint: Y,
    /// New schemas, in the order they were made.
    pub schemas: Vec<(String, Y)>,
    /// New request schemas.
    pub request_schemas: Vec<(String, Y)>,
    /// New enums.
    pub enums: Vec<(String, Y)>,
    /// The TODOs left in the draft (also written as `todo:` keys).
    pub todos: Vec<String>,
}

/// The operation with this id: (path, method, path item, operation).
pub fn find<'d>(
    doc: &'d Value,
    operation_id: &str,
) -> Option<(&'d str, &'d str, &'d Value, &'d Value)> {
    for (path, item) in doc.get("paths")?.as_object()? {
        for method in ["get", "put", "post", "delete", "patch"] {
            if let Some(op) = item.get(method) {
                if op.get("operationId").and_then(Value::as_str) == Some(operation_id) {
                    return Some((path, method, item, op));
                }
            }
        }
    }
    None
}

/// Every operationId of the document, in path order (optionally only those with a tag).
pub fn operation_ids(doc: &Value, tag: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    let mut keys: Vec<&String> = paths.keys().collect();
    keys.sort();
    for path in keys {
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = paths[path].get(method) else {
                continue;
            };
            let tagged = tag.is_none_or(|t| {
                op.get("tags")
                    .and_then(Value::as_array)
                    .is_some_and(|tags| tags.iter().any(|x| x.as_str() == Some(t)))
            });
            if let (true, Some(id)) = (tagged, op.get("operationId").and_then(Value::as_str)) {
                out.push(id.to_string());
            }
        }
    }
    out
}

/// Drafts operations one after the other; a schema or enum made for one is reused by the next.
pub struct Drafter<'a> {
    doc: &'a Value,
    existing: &'a Existing,
    /// Schemas made in this run: their property names.
    made_schemas: IndexMap<String, Vec<String>>,
    /// Enums made in this run: kind and values.
    made_enums: IndexMap<String, (String, Vec<String>)>,
    /// Request schemas made in this run: their member names.
    made_requests: IndexMap<String, Vec<String>>,
    /// The current draft's new schemas, request schemas and enums.
    schemas: Vec<(String, Y)>,
    request_schemas: Vec<(String, Y)>,
    enums: Vec<(String, Y)>,
    todos: Vec<String>,
    group: String,
}

impl<'a> Drafter<'a> {
    /// A drafter against the document and what the spec has.
    pub fn new(doc: &'a Value, existing: &'a Existing) -> Drafter<'a> {
        Drafter {
            doc,
            existing,
            made_schemas: IndexMap::new(),
            made_enums: IndexMap::new(),
            made_requests: IndexMap::new(),
            schemas: Vec::new(),
            request_schemas: Vec::new(),
            enums: Vec::new(),
            todos: Vec::new(),
            group: String::new(),
        }
    }

    /// Whether a type name is taken (in the spec or made in this run).
    fn taken(&self, name: &str) -> bool {
        self.existing.has_type(name)
            || self.made_schemas.contains_key(name)
            || self.made_enums.contains_key(name)
            || self.made_requests.contains_key(name)
    }

    fn schema_props(&self, name: &str) -> Option<&Vec<String>> {
        self.existing
            .schemas
            .get(name)
            .or_else(|| self.made_schemas.get(name))
    }

    fn enum_def(&self, name: &str) -> Option<&(String, Vec<String>)> {
        self.existing
            .enums
            .get(name)
            .or_else(|| self.made_enums.get(name))
    }

    /// Drafts the operation `operation_id` (which must exist in the document).
    pub fn draft(&mut self, operation_id: &str) -> Option<Draft> {
        let (path, method, item, op) = find(self.doc, operation_id)?;
        let doc = self.doc;
        self.schemas.clear();
        self.request_schemas.clear();
        self.enums.clear();
        self.todos.clear();
        let name = names::operation_name(operation_id);
        self.group = names::group(path);
        let text =
            |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(super::yaml::normalise);
        let description = text(op, "description");
        let summary = text(op, "summary")
            .or_else(|| description.as_ref().map(|d| first_sentence(d)))
            .unwrap_or_else(|| operation_id.to_string());
        let docs_url = op.pointer("/externalDocs/url").and_then(Value::as_str);

        let mut e: Vec<(String, Y)> = vec![
            ("method".into(), Y::Plain(method.to_ascii_uppercase())),
            ("path".into(), Y::Plain(path.to_string())),
            ("summary".into(), Y::Text(summary.clone())),
        ];
        if let Some(d) = description.filter(|d| *d != summary) {
            e.push(("description".into(), Y::Text(d)));
        }
        if let Some(u) = docs_url {
            e.push(("docs_url".into(), Y::Plain(u.to_string())));
        }
        let (auth, scopes) = self.auth(op);
        e.push(("auth".into(), Y::Flow(auth)));
        if !scopes.is_empty() {
            e.push(("scopes".into(), Y::Flow(scopes)));
        }
        self.todos.push(format!(
            "fill rate_limits (scope, requests, window_seconds) from the reference page{}; the OpenAPI document has none",
            docs_url.map(|u| format!(" ({u})")).unwrap_or_default()
        ));

        // Parameters.
        // Parameters: full definitions first, then shared sets and shared parameters
        // referenced where they say the same (spec/parameters.yaml).
        let params = doc_params(doc, item, op);
        let mut full: Vec<(String, Vec<(String, Y)>)> = Vec::new();
        for (pname, p) in &params {
            let raw = raw_param(doc, item, op, pname).unwrap_or(p);
            if let Y::Map(m) = self.param(pname, p, raw) {
                full.push((pname.to_string(), m));
            }
        }
        let sets = self.matching_sets(&full);
        let in_sets: Vec<&String> = sets
            .iter()
            .flat_map(|s| self.existing.parameter_sets[s].keys())
            .collect();
        let mut ps: Vec<(String, Y)> = Vec::new();
        for (pname, m) in &full {
            if in_sets.contains(&pname) {
                continue;
            }
            ps.push((pname.clone(), self.shared_or_full(path, pname, m)));
        }
        if !ps.is_empty() {
            e.push(("params".into(), Y::Map(ps)));
        }
        if !sets.is_empty() {
            e.push(("param_sets".into(), Y::Flow(sets)));
        }

        // Body.
        let op_name_camel = generator::names::upper_camel(&name);
        if let Some(body) = op.get("requestBody").and_then(|b| deref(doc, b)) {
            match body.pointer("/content/application~1json/schema") {
                Some(schema) => {
                    let nodes: Nodes<'_> = vec![(schema, "#/body".to_string())];
                    let flat = flatten_all(doc, &nodes);
                    if flat.shape() == Shape::Object {
                        let rname = self.free_name(&format!("{op_name_camel}Request"));
                        let description = description_of(doc, schema);
                        self.make_request(&rname, &nodes, &flat, description);
                        e.push(("body".into(), Y::Plain(rname)));
                    } else {
                        self.todos.push(
                            "the request body is not a JSON object with members; describe it"
                                .into(),
                        );
                    }
                }
                None => {
                    let kinds: Vec<&String> = body
                        .get("content")
                        .and_then(Value::as_object)
                        .map(|c| c.keys().collect())
                        .unwrap_or_default();
                    self.todos.push(format!(
                        "the request body is not JSON ({}); say how it is sent",
                        kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }

        // Response.
        // An operation listing both tokens (search, counts) pages by next_token, the token its
        // reference pages document; pagination_token stays a plain setter.
        let token_param = ["next_token", "pagination_token"]
            .into_iter()
            .find(|t| params.iter().any(|(n, _)| n == t));
        let success = success_schema(doc, op);
        let (response, paginated) = match success {
            Some(schema) => {
                let flat = flatten(doc, schema, "#/response");
                let pages = token_param.is_some()
                    && flat
                        .props
                        .iter()
                        .find(|(p, _)| p == "meta")
                        .is_some_and(|(_, n)| {
                            flatten_all(doc, n)
                                .props
                                .iter()
                                .any(|(p, _)| p == "next_token")
                        });
                let rname = names::response_name(operation_id, &name, pages);
                if !self.taken(&rname) {
                    self.make_schema(&rname, &flat, description_of(doc, schema));
                }
                (rname, pages)
            }
            None if success_is_empty(doc, op) => ("empty".to_string(), false),
            None => {
                self.todos.push(
                    "the success response has no JSON body; name its shape in `response`".into(),
                );
                ("TODO".to_string(), false)
            }
        };
        e.push(("response".into(), Y::Plain(response)));
        if let (true, Some(t)) = (paginated, token_param) {
            let mut pag = Vec::new();
            if token_param == Some("next_token")
                && params.iter().any(|(n, _)| *n == "pagination_token")
            {
                pag.push(Y::comment(
                    "the document lists both next_token and pagination_token; paging follows next_token",
                ));
            }
            pag.push(("token_param".into(), Y::Plain(t.into())));
            pag.push(("next_token".into(), Y::Plain("meta.next_token".into())));
            pag.push(("items".into(), Y::Plain("data".into())));
            e.push(("pagination".into(), Y::Map(pag)));
        }

        // The TODOs go where rate_limits would be (after scopes).
        let at = e
            .iter()
            .position(|(k, _)| k == "params" || k == "body" || k == "response")
            .unwrap_or(e.len());
        e.insert(at, ("todo".into(), Y::Text(self.todos.join("; "))));
        Some(Draft {
            operation_id: operation_id.to_string(),
            name,
            group: self.group.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            endpoint: Y::Map(e),
            schemas: std::mem::take(&mut self.schemas),
            request_schemas: std::mem::take(&mut self.request_schemas),
            enums: std::mem::take(&mut self.enums),
            todos: std::mem::take(&mut self.todos),
        })
    }

    fn auth(&mut self, op: &Value) -> (Vec<String>, Vec<String>) {
        let security = op
            .get("security")
            .or_else(|| self.doc.get("security"))
            .and_then(Value::as_array);
        let mut contexts: Vec<SchemeContext> = Vec::new();
        let mut scopes: Vec<String> = Vec::new();
        for req in security.into_iter().flatten().filter_map(Value::as_object) {
            for (scheme, list) in req {
                match AUTH_CONTEXTS.iter().find(|(d, _)| d == scheme) {
                    Some((_, c)) => contexts.push(*c),
                    None => self.todos.push(format!(
                        "the security scheme {scheme} has no spec auth scheme"
                    )),
                }
                for s in list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !scopes.iter().any(|x| x == s) {
                        scopes.push(s.to_string());
                    }
                }
            }
        }
        scopes.sort();
        // The spec's scheme of each context (`auth:` entries by their `context`), else the
        // default name spec-diff maps the document's scheme to.
        let mut auth = Vec::new();
        for (doc_name, context) in AUTH_CONTEXTS {
            if !contexts.contains(context) {
                continue;
            }
            let spec_name = self
                .existing
                .typed
                .auth
                .iter()
                .find(|(_, a)| a.context == *context)
                .map(|(n, _)| n.clone());
            let name = spec_name.or_else(|| {
                AUTH_SCHEMES
                    .iter()
                    .find(|(d, _)| d == doc_name)
                    .map(|(_, o)| o.to_string())
            });
            if let Some(n) = name.filter(|n| !auth.contains(n)) {
                auth.push(n);
            }
        }
        (auth, scopes)
    }

    /// A path or query parameter; `raw` is the parameter as listed (maybe a `$ref`).
    fn param(&mut self, name: &str, p: &Value, raw: &Value) -> Y {
        let doc = self.doc;
        let location = p.get("in").and_then(Value::as_str).unwrap_or("query");
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let schema = p
            .get("schema")
            .map(|s| flatten(doc, s, "#/parameter"))
            .unwrap_or_default();
        let mut m: Vec<(String, Y)> = vec![("in".into(), Y::Plain(location.into()))];
        let num = |v: Option<&Value>| v.map(|v| Y::Raw(v.to_string()));
        let format = p
            .get("schema")
            .and_then(|s| deref(doc, s))
            .and_then(|s| s.get("format"))
            .and_then(Value::as_str);
        match (schema.shape(), schema.ty) {
            (Shape::Array, _) => {
                m.push(("type".into(), Y::Plain("array".into())));
                let mut item_pattern = None;
                let items = flatten_all(doc, &schema.items);
                let item = match &items.values {
                    Some(values) => {
                        let from_component = raw
                            .get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| r.rsplit('/').next())
                            .and_then(names::enum_from_parameter_component);
                        let desc = p.get("description").and_then(Value::as_str).unwrap_or("");
                        self.request_enum(from_component, name, values, desc)
                    }
                    None => {
                        item_pattern = items.pattern;
                        items.ty.unwrap_or("string").to_string()
                    }
                };
                m.push(("items".into(), Y::Plain(item)));
                if let Some(pattern) = item_pattern {
                    m.push(("items_pattern".into(), Y::Quoted(pattern.into())));
                }
            }
            (_, ty) => {
                let ty = match (&schema.values, ty) {
                    (Some(values), _) => {
                        let desc = p.get("description").and_then(Value::as_str).unwrap_or("");
                        self.request_enum(None, name, values, desc)
                    }
                    (None, Some(t)) => t.to_string(),
                    (None, None) => "string".to_string(),
                };
                m.push(("type".into(), Y::Plain(ty)));
                if let Some(f) = format.filter(|f| *f == "date-time") {
                    m.push(("format".into(), Y::Plain(f.into())));
                }
            }
        }
        if required || location == "path" {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        let is_int = schema.ty == Some("integer");
        for (key, v) in [("min", schema.minimum), ("max", schema.maximum)] {
            if let (true, Some(y)) = (is_int, num(v)) {
                m.push((key.into(), y));
            }
        }
        if let Some(d) = schema.default {
            let y = match d {
                Value::String(s) => Y::Quoted(s.clone()),
                other => Y::Raw(other.to_string()),
            };
            m.push(("default".into(), y));
        }
        if let Some(pattern) = schema.pattern {
            m.push(("pattern".into(), Y::Quoted(pattern.into())));
        }
        let string_like = schema.shape() != Shape::Array;
        for (key, v, applies) in [
            ("min_length", schema.min_length, string_like),
            ("max_length", schema.max_length, string_like),
            ("min_items", schema.min_items, !string_like),
            ("max_items", schema.max_items, !string_like),
        ] {
            if let (true, Some(y)) = (applies, num(v)) {
                m.push((key.into(), y));
            }
        }
        if let Some(ex) = p.get("example") {
            let ex = match ex {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            m.push(("example".into(), Y::Quoted(ex)));
        }
        let desc = p
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(NO_DESCRIPTION);
        m.push(("description".into(), Y::Text(desc.into())));
        Y::Map(m)
    }

    /// The parameter sets of the spec whose every parameter the operation has, with the same
    /// definition (descriptions aside); larger sets first, no parameter in two sets.
    fn matching_sets(&self, full: &[(String, Vec<(String, Y)>)]) -> Vec<String> {
        let mut candidates: Vec<(&String, &IndexMap<String, ParamDef>)> = self
            .existing
            .parameter_sets
            .iter()
            .filter(|(_, set)| {
                !set.is_empty()
                    && set.iter().all(|(wire, def)| {
                        full.iter()
                            .any(|(n, m)| n == wire && constraints(m) == def_constraints(def))
                    })
            })
            .collect();
        candidates.sort_by_key(|(_, set)| std::cmp::Reverse(set.len()));
        let mut chosen: Vec<String> = Vec::new();
        let mut used: Vec<&String> = Vec::new();
        for (name, set) in candidates {
            if set.keys().any(|k| used.contains(&k)) {
                continue;
            }
            used.extend(set.keys());
            chosen.push(name.clone());
        }
        chosen
    }

    /// A parameter as a reference to the shared parameter that says the most of it (every
    /// constraint the shared one sets is the document's too), with what differs overridden;
    /// the full definition when none fits. A path parameter keeps its description and any
    /// parameter its example; a query parameter takes the shared description.
    ///
    /// Only a shared parameter named like the wire name is a candidate (`max_results`), or for
    /// an `id` in the path, the one named after the segment before it (`/2/users/{id}` →
    /// `user_id`).
    fn shared_or_full(&self, path: &str, wire: &str, m: &[(String, Y)]) -> Y {
        let ours = constraints(m);
        let after = path_id_name(path, wire);
        let named =
            |name: &str| name == generator::names::snake(wire) || Some(name) == after.as_deref();
        let best = self
            .existing
            .typed
            .parameters
            .iter()
            .filter(|(name, _)| named(name))
            .filter_map(|(name, def)| {
                let theirs = def_constraints(def);
                let fits = theirs.iter().all(|(k, v)| ours.get(k) == Some(v))
                    && ["in", "type", "items"]
                        .iter()
                        .all(|k| ours.get(*k) == theirs.get(*k));
                let overrides = ours
                    .keys()
                    .filter(|k| theirs.get(*k) != ours.get(*k))
                    .count();
                fits.then_some((overrides, name, theirs))
            })
            .min_by_key(|(n, _, _)| *n);
        let Some((_, name, theirs)) = best else {
            return Y::Map(m.to_vec());
        };
        let is_path = ours.get("in").map(String::as_str) == Some("path");
        let mut out: Vec<(String, Y)> = vec![("use".into(), Y::Plain(name.clone()))];
        for (k, v) in m {
            let keep = match k.as_str() {
                "description" => is_path,
                "example" => true,
                k if k.starts_with('#') => true,
                k => theirs.get(k) != ours.get(k),
            };
            if keep {
                out.push((k.clone(), v.clone()));
            }
        }
        if out.len() == 1 {
            Y::Plain(name.clone())
        } else {
            Y::Map(out)
        }
    }

    /// The request enum of a parameter's values: the named one (from a shared parameter
    /// component) or one with the same values, reused; else a new one.
    fn request_enum(
        &mut self,
        named: Option<String>,
        param: &str,
        values: &[String],
        desc: &str,
    ) -> String {
        if let Some(n) = &named {
            if self.enum_def(n).is_some() {
                return n.clone();
            }
        }
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        let reuse = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            .find(|(_, (kind, v))| kind == "request" && same(v))
            .map(|(n, _)| n.clone());
        if let Some(n) = reuse {
            return n;
        }
        let mut name = named.unwrap_or_else(|| generator::names::upper_camel(param));
        if self.taken(&name) {
            name = format!("{}{name}", generator::names::upper_camel(&self.group));
        }
        let field_list = name.ends_with("Field");
        let mut e: Vec<(String, Y)> = vec![("kind".into(), Y::Plain("request".into()))];
        if field_list {
            e.push((
                "todo".into(),
                Y::Text("mark the values that need user context with `auth: user` (per-field auth is not in the OpenAPI document)".into()),
            ));
            self.todos.push(format!(
                "enums.{name}: mark the values that need user context"
            ));
        }
        e.push((
            "description".into(),
            Y::Text(if desc.is_empty() {
                NO_DESCRIPTION.into()
            } else {
                desc.into()
            }),
        ));
        e.push(("values".into(), values_seq(values)));
        self.made_enums
            .insert(name.clone(), ("request".into(), values.to_vec()));
        self.enums.push((name.clone(), Y::Map(e)));
        name
    }

    /// A response enum for an inline string enum: one with the same values, else a new one.
    fn response_enum(&mut self, suggested: &str, values: &[String]) -> String {
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        if let Some(n) = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            .find(|(_, (_, v))| same(v))
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

    fn free_name(&self, suggested: &str) -> String {
        let mut name = suggested.to_string();
        let mut n = 2;
        while self.taken(&name) {
            name = format!("{suggested}{n}");
            n += 1;
        }
        name
    }

    /// Makes a schema from a flattened object (its properties in document order).
    fn make_schema(&mut self, name: &str, flat: &Flat<'_>, description: Option<String>) {
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
                Y::Text(description.unwrap_or_else(|| NO_DESCRIPTION.into())),
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
                    .map(str::to_string)
            })
            .or_else(|| description_of(doc, nodes[0].0))
            .unwrap_or_else(|| NO_DESCRIPTION.into());
        m.push(("description".into(), Y::Text(description)));
        if required {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        if is_object && matches!(prop, "includes" | "meta") {
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

    /// Makes a request schema from a flattened object: its members with their limits, the
    /// `at_least_one` groups of an `anyOf`/`oneOf`, the `exclusive` groups its descriptions
    /// state.
    fn make_request(
        &mut self,
        name: &str,
        nodes: &Nodes<'_>,
        flat: &Flat<'_>,
        description: Option<String>,
    ) {
        let doc = self.doc;
        let members: Vec<String> = flat.props.iter().map(|(p, _)| p.clone()).collect();
        // Registered first, so a cycle reuses it.
        self.made_requests.insert(name.to_string(), members.clone());
        let mut at_least_one = Vec::new();
        let mut alternating: Vec<String> = Vec::new();
        for (node, _) in nodes {
            let Some(node) = deref(doc, node) else {
                continue;
            };
            for keyword in ["anyOf", "oneOf"] {
                let Some(alts) = node.get(keyword).and_then(Value::as_array) else {
                    continue;
                };
                let required: Vec<std::collections::BTreeSet<String>> = alts
                    .iter()
                    .map(|a| flatten(doc, a, "#/alternative").required)
                    .collect();
                let mut group: Vec<String> = Vec::new();
                for r in &required {
                    for m in r {
                        let in_all = required.iter().all(|o| o.contains(m));
                        if !in_all && !group.contains(m) && members.contains(m) {
                            group.push(m.clone());
                        }
                    }
                }
                if group.len() >= 2 {
                    alternating.extend(group.iter().cloned());
                    at_least_one.push(group);
                }
            }
        }
        let required = |m: &String| flat.required.contains(m) && !alternating.contains(m);
        let exclusive = exclusive_groups(doc, flat, &|m: &String| !required(m));
        let mut ps = Vec::new();
        for (prop, pnodes) in &flat.props {
            ps.push((
                prop.clone(),
                self.member(name, prop, pnodes, required(prop)),
            ));
        }
        let mut s = vec![(
            "description".into(),
            Y::Text(description.unwrap_or_else(|| NO_DESCRIPTION.into())),
        )];
        if !exclusive.is_empty() {
            s.push(("exclusive".into(), Y::FlowLists(exclusive)));
        }
        if !at_least_one.is_empty() {
            s.push(("at_least_one".into(), Y::FlowLists(at_least_one)));
        }
        s.push(("properties".into(), Y::Map(ps)));
        self.request_schemas.push((name.to_string(), Y::Map(s)));
    }

    /// A member of a request schema, with its limits (and its items' limits).
    fn member(&mut self, parent: &str, prop: &str, nodes: &Nodes<'_>, required: bool) -> Y {
        let doc = self.doc;
        let suggested = format!(
            "{}{}",
            parent.strip_suffix("Request").unwrap_or(parent),
            generator::names::upper_camel(prop)
        );
        let flat = flatten_all(doc, nodes);
        let mut m: Vec<(String, Y)> = Vec::new();
        let description = nodes
            .iter()
            .find_map(|(n, _)| {
                n.get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .or_else(|| description_of(doc, nodes[0].0));
        if flat.shape() == Shape::Array {
            let elem = flatten_all(doc, &flat.items);
            let single = suggested
                .strip_suffix('s')
                .unwrap_or(&suggested)
                .to_string();
            let item_ty = self.request_type(&flat.items, &elem, &single, description.as_deref());
            let mut item = vec![("type".to_string(), Y::Plain(item_ty.clone()))];
            item.extend(limits(&item_ty, &elem, false));
            m.push(("type".into(), Y::Plain("array".into())));
            if item.len() == 1 {
                m.push(("items".into(), Y::Plain(item_ty)));
            } else {
                m.push(("items".into(), Y::Map(item)));
            }
        } else {
            let ty = self.request_type(nodes, &flat, &suggested, description.as_deref());
            m.push(("type".into(), Y::Plain(ty)));
        }
        m.push((
            "description".into(),
            Y::Text(description.unwrap_or_else(|| NO_DESCRIPTION.into())),
        ));
        if required {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        let ty = match &m[0].1 {
            Y::Plain(t) => t.clone(),
            _ => String::new(),
        };
        m.extend(limits(&ty, &flat, true));
        Y::Map(m)
    }

    /// The spec type of a (non-array) body value: a primitive, a request enum, or a request
    /// schema (a `todo` type for what the spec cannot send).
    fn request_type(
        &mut self,
        nodes: &Nodes<'_>,
        flat: &Flat<'_>,
        suggested: &str,
        description: Option<&str>,
    ) -> String {
        match flat.shape() {
            Shape::Scalar => match (&flat.values, flat.ty) {
                (Some(values), Some("string") | None) => {
                    self.body_enum(suggested, values, description.unwrap_or(""))
                }
                (_, Some(t)) if ["string", "integer", "number", "boolean"].contains(&t) => t.into(),
                _ => self.untyped(suggested),
            },
            Shape::Object => {
                let reference = match nodes.as_slice() {
                    [(n, _)] => n
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/components/schemas/")),
                    _ => None,
                };
                let known = |d: &Self, n: &str| {
                    d.existing.request_schemas.contains_key(n) || d.made_requests.contains_key(n)
                };
                if let Some(r) = reference.filter(|r| known(self, r)) {
                    return r.into();
                }
                let name = match reference {
                    Some(r) if !self.taken(r) => r.to_string(),
                    _ => self.free_name(suggested),
                };
                let description = description_of(self.doc, nodes[0].0);
                self.make_request(&name, nodes, flat, description);
                name
            }
            Shape::Array | Shape::OpaqueObject | Shape::Unknown => self.untyped(suggested),
        }
    }

    /// A body value the spec has no type for (a free-form object, an array of arrays).
    fn untyped(&mut self, what: &str) -> String {
        self.todos.push(format!(
            "the body member {what} has no type a request can send; give it one"
        ));
        "TODO".into()
    }

    /// A request enum of a body member: one with the same values, else a new one.
    fn body_enum(&mut self, suggested: &str, values: &[String], desc: &str) -> String {
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        if let Some(n) = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            .find(|(_, (kind, v))| kind == "request" && same(v))
            .map(|(n, _)| n.clone())
        {
            return n;
        }
        let name = self.free_name(suggested);
        let e = vec![
            ("kind".into(), Y::Plain("request".into())),
            (
                "description".into(),
                Y::Text(if desc.is_empty() {
                    NO_DESCRIPTION.into()
                } else {
                    first_sentence(&super::yaml::normalise(desc))
                }),
            ),
            ("values".into(), values_seq(values)),
        ];
        self.made_enums
            .insert(name.clone(), ("request".into(), values.to_vec()));
        self.enums.push((name.clone(), Y::Map(e)));
        name
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

/// For the path parameter `id`: `<singular of the segment before it>_id`
/// (`/2/users/{id}/followers` → `user_id`).
fn path_id_name(path: &str, wire: &str) -> Option<String> {
    if wire != "id" {
        return None;
    }
    let placeholder = format!("{{{wire}}}");
    let segments: Vec<&str> = path.split('/').collect();
    let i = segments.iter().position(|s| *s == placeholder)?;
    let before = segments.get(i.checked_sub(1)?)?;
    let singular = before.strip_suffix('s').unwrap_or(before);
    Some(format!("{singular}_id"))
}

/// The keys of a drafted parameter that define it (not its description or example), as text.
fn constraints(m: &[(String, Y)]) -> IndexMap<String, String> {
    m.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "description" | "example") && !k.starts_with('#'))
        .filter_map(|(k, v)| match v {
            Y::Plain(s) | Y::Raw(s) | Y::Quoted(s) => Some((k.clone(), s.clone())),
            _ => None,
        })
        .collect()
}

/// The same keys of a spec parameter definition.
fn def_constraints(d: &ParamDef) -> IndexMap<String, String> {
    let mut m = IndexMap::new();
    let location = match d.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
    };
    m.insert("in".to_string(), location.to_string());
    m.insert("type".into(), d.ty.clone());
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    put("items", d.items.clone());
    put("items_pattern", d.items_pattern.clone());
    put("format", d.format.clone());
    put(
        "required",
        (d.required || d.location == ParamLocation::Path).then(|| "true".into()),
    );
    put("min", d.min.map(|v| v.to_string()));
    put("max", d.max.map(|v| v.to_string()));
    put(
        "default",
        d.default.as_ref().map(|v| match v {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        }),
    );
    put("pattern", d.pattern.clone());
    put("min_length", d.min_length.map(|v| v.to_string()));
    put("max_length", d.max_length.map(|v| v.to_string()));
    put("min_items", d.min_items.map(|v| v.to_string()));
    put("max_items", d.max_items.map(|v| v.to_string()));
    m
}

/// `values:` of an enum.
fn values_seq(values: &[String]) -> Y {
    Y::Seq(
        values
            .iter()
            .map(|v| {
                Y::Map(vec![
                    ("value".into(), Y::Quoted(v.clone())),
                    ("description".into(), Y::Text(NO_DESCRIPTION.into())),
                ])
            })
            .collect(),
    )
}

/// The parameter as the operation (or path item) lists it, before `$ref` resolution.
fn raw_param<'d>(doc: &'d Value, item: &'d Value, op: &'d Value, name: &str) -> Option<&'d Value> {
    let mut found = None;
    for source in [item, op] {
        for p in source
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if deref(doc, p)
                .and_then(|q| q.get("name"))
                .and_then(Value::as_str)
                == Some(name)
            {
                found = Some(p);
            }
        }
    }
    found
}

/// The JSON schema of the success response (200, 201, 202, else the first 2xx).
fn success_schema<'d>(doc: &'d Value, op: &'d Value) -> Option<&'d Value> {
    let responses = op.get("responses")?.as_object()?;
    let mut keys: Vec<&String> = responses.keys().collect();
    keys.sort();
    let status = ["200", "201", "202"]
        .into_iter()
        .find(|s| responses.contains_key(*s))
        .map(str::to_string)
        .or_else(|| {
            keys.iter()
                .find(|k| k.starts_with('2'))
                .map(|k| k.to_string())
        })?;
    let r = deref(doc, &responses[&status])?;
    r.pointer("/content/application~1json/schema")
}

/// Whether the operation's success response is a 2xx without any content (a 204, or a 200
/// that declares no body): drafted as `response: empty`.
fn success_is_empty(doc: &Value, op: &Value) -> bool {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return false;
    };
    let mut success = responses.iter().filter(|(k, _)| k.starts_with('2'));
    success.clone().next().is_some()
        && success.all(|(_, r)| {
            deref(doc, r)
                .and_then(|r| r.get("content"))
                .and_then(Value::as_object)
                .is_none_or(|c| c.is_empty())
        })
}

/// The description of a schema node (through its `$ref`).
fn description_of(doc: &Value, node: &Value) -> Option<String> {
    node.get("description")
        .or_else(|| deref(doc, node).and_then(|n| n.get("description")))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Up to the first `. `.
fn first_sentence(s: &str) -> String {
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s.to_string(),
    }
}

/// The limits of a body member (`member`: with item counts) or item of type `ty`, as spec
/// keys: only those the type can have (a limit on the wrong type is an error).
fn limits(ty: &str, flat: &Flat<'_>, member: bool) -> Vec<(String, Y)> {
    let raw = |v: Option<&Value>| v.map(|v| Y::Raw(v.to_string()));
    let mut out: Vec<(String, Option<Y>)> = Vec::new();
    match ty {
        "string" => {
            out.push(("pattern".into(), flat.pattern.map(|p| Y::Quoted(p.into()))));
            out.push(("min_length".into(), raw(flat.min_length)));
            out.push(("max_length".into(), raw(flat.max_length)));
        }
        "integer" => {
            out.push(("min".into(), raw(flat.minimum)));
            out.push(("max".into(), raw(flat.maximum)));
        }
        "array" if member => {
            out.push(("min_items".into(), raw(flat.min_items)));
            out.push(("max_items".into(), raw(flat.max_items)));
        }
        _ => {}
    }
    // A lower bound of 0 says nothing.
    out.into_iter()
        .filter_map(|(k, v)| match v {
            Some(Y::Raw(r)) if k.starts_with("min_") && r == "0" => None,
            Some(v) => Some((k, v)),
            None => None,
        })
        .collect()
}

/// The `exclusive` groups of an object: a member whose description says "mutually exclusive
/// from A, B, and C" (names as words: `Quote Tweet Id` → `quote_tweet_id`) excludes those
/// members; the groups are the largest sets of optional members that exclude each other
/// pairwise, each of at least two.
fn exclusive_groups(
    doc: &Value,
    flat: &Flat<'_>,
    optional: &dyn Fn(&String) -> bool,
) -> Vec<Vec<String>> {
    let members: Vec<&String> = flat
        .props
        .iter()
        .map(|(p, _)| p)
        .filter(|p| optional(p))
        .collect();
    let key = |s: &str| {
        s.trim()
            .trim_start_matches("and ")
            .trim()
            .to_lowercase()
            .replace([' ', '-'], "_")
    };
    let mut edges: Vec<(String, String)> = Vec::new();
    for (prop, nodes) in &flat.props {
        if !optional(prop) {
            continue;
        }
        let text = nodes.iter().find_map(|(n, _)| {
            deref(doc, n)
                .and_then(|n| n.get("description"))
                .and_then(Value::as_str)
        });
        let Some(text) = text.map(super::yaml::normalise) else {
            continue;
        };
        let lower = text.to_lowercase();
        for marker in ["mutually exclusive from ", "mutually exclusive with "] {
            let Some(at) = lower.find(marker) else {
                continue;
            };
            let rest = &text[at + marker.len()..];
            let list = rest.split('.').next().unwrap_or("");
            for item in list.split(',').flat_map(|p| p.split(" and ")) {
                let k = key(item);
                if let Some(other) = members.iter().find(|m| m.as_str() == k) {
                    if other.as_str() != prop.as_str() {
                        let (a, b) = if prop.as_str() < other.as_str() {
                            (prop.clone(), (*other).clone())
                        } else {
                            ((*other).clone(), prop.clone())
                        };
                        if !edges.contains(&(a.clone(), b.clone())) {
                            edges.push((a, b));
                        }
                    }
                }
            }
        }
    }
    let linked = |a: &String, b: &String| {
        edges
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    };
    // Maximal cliques (Bron–Kerbosch; objects have few members), members in document order.
    let nodes: Vec<String> = members
        .iter()
        .filter(|m| edges.iter().any(|(a, b)| a == **m || b == **m))
        .map(|m| (*m).clone())
        .collect();
    let mut out = Vec::new();
    cliques(
        &mut Vec::new(),
        nodes.clone(),
        Vec::new(),
        &linked,
        &mut out,
    );
    out.retain(|c: &Vec<String>| c.len() >= 2);
    for c in &mut out {
        c.sort_by_key(|m| nodes.iter().position(|n| n == m));
    }
    out.sort_by_key(|c| {
        c.iter()
            .map(|m| nodes.iter().position(|n| n == m))
            .collect::<Vec<_>>()
    });
    out
}

fn cliques(
    r: &mut Vec<String>,
    mut p: Vec<String>,
    mut x: Vec<String>,
    linked: &dyn Fn(&String, &String) -> bool,
    out: &mut Vec<Vec<String>>,
) {
    if p.is_empty() {
        if x.is_empty() {
            out.push(r.clone());
        }
        return;
    }
    while let Some(v) = p.first().cloned() {
        r.push(v.clone());
        let np = p.iter().filter(|u| linked(u, &v)).cloned().collect();
        let nx = x.iter().filter(|u| linked(u, &v)).cloned().collect();
        cliques(r, np, nx, linked, out);
        r.pop();
        p.retain(|u| *u != v);
        x.push(v);
    }
}
