//! One operation of the document drafted as spec YAML: the endpoint entry, and the schemas and
//! enums it needs that the spec does not have yet.
//!
//! This module drafts the endpoint entry (and its auth); `params` drafts its parameters,
//! `request` its request body (request schemas and enums), `response` its response schemas
//! and enums.

use super::existing::Existing;
use super::limits::RateLimits;
use super::names;
use super::yaml::Y;
use crate::spec_diff::openapi::{deref, doc_params, flatten, flatten_all, Nodes, Shape};
use crate::spec_diff::AUTH_SCHEMES;
use generator::spec::SchemeContext;
use indexmap::IndexMap;
use serde_json::Value;

mod params;
mod request;
mod response;

use params::raw_param;

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
    limits: &'a RateLimits,
}

/// Whether the generator's (and the runtime's) regex engine compiles `pattern`.
fn supported_pattern(pattern: &str) -> bool {
    regex_lite::Regex::new(pattern).is_ok()
}

impl<'a> Drafter<'a> {
    /// A drafter against the document and what the spec has.
    pub fn new(doc: &'a Value, existing: &'a Existing, limits: &'a RateLimits) -> Drafter<'a> {
        Drafter {
            limits,
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
        let (auth, scopes, contexts) = self.auth(op);
        e.push(("auth".into(), Y::Flow(auth)));
        if !scopes.is_empty() {
            e.push(("scopes".into(), Y::Flow(scopes)));
        }
        self.rate_limits(&mut e, method, path, &contexts);

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

        // A stream (`x-twitter-streaming`): its lines decode as the response; `data.id` tells
        // an event a backfill delivers again from a new one, and `backfill_minutes` asks for
        // the minutes missed.
        if op.get("x-twitter-streaming").and_then(Value::as_bool) == Some(true) {
            let mut st = Vec::new();
            let has_data_id = success.is_some_and(|schema| {
                let flat = flatten(doc, schema, "#/response");
                flat.props.iter().any(|(p, n)| {
                    p == "data" && flatten_all(doc, n).props.iter().any(|(q, _)| q == "id")
                })
            });
            if has_data_id {
                st.push(("id".into(), Y::Plain("data.id".into())));
            }
            if params.iter().any(|(n, _)| *n == "backfill_minutes") {
                st.push(("backfill".into(), Y::Plain("backfill_minutes".into())));
            }
            e.push(("stream".into(), Y::Map(st)));
        }

        // The TODOs, if any, go after the rate limits (before params, body and response).
        if !self.todos.is_empty() {
            let at = e
                .iter()
                .position(|(k, _)| k == "params" || k == "body" || k == "response")
                .unwrap_or(e.len());
            e.insert(at, ("todo".into(), Y::Text(self.todos.join("; "))));
        }
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

    fn auth(&mut self, op: &Value) -> (Vec<String>, Vec<String>, Vec<SchemeContext>) {
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
        (auth, scopes, contexts)
    }

    /// `rate_limits` from the compiled table (a limit for an auth the endpoint does not take
    /// is left out, and said so), or a comment that no public source states them.
    fn rate_limits(
        &self,
        e: &mut Vec<(String, Y)>,
        method: &str,
        path: &str,
        contexts: &[SchemeContext],
    ) {
        let Some(entry) = self.limits.get(method, path) else {
            e.push(Y::comment(
                "Rate limits: no public source found states them (the official OpenAPI document has none); none are declared rather than guessed.",
            ));
            return;
        };
        e.push(Y::comment(format!(
            "Rate limits: {} (xtask/data/rate-limits.json).",
            entry.source_label()
        )));
        let app = contexts.contains(&SchemeContext::App);
        let user = contexts
            .iter()
            .any(|c| matches!(c, SchemeContext::OAuth1User | SchemeContext::OAuth2User));
        let mut seq = Vec::new();
        for (scope, limit, taken) in [("app", entry.per_app, app), ("user", entry.per_user, user)] {
            let Some(l) = limit else { continue };
            if taken {
                seq.push(Y::Map(vec![
                    ("scope".into(), Y::Plain(scope.into())),
                    ("requests".into(), Y::Raw(l.requests.to_string())),
                    (
                        "window_seconds".into(),
                        Y::Raw(l.window_seconds.to_string()),
                    ),
                ]));
            } else {
                e.push(Y::comment(format!(
                    "The source also gives {}/{}s per {scope}; the endpoint does not take that auth.",
                    l.requests, l.window_seconds
                )));
            }
        }
        if !seq.is_empty() {
            e.push(("rate_limits".into(), Y::Seq(seq)));
        }
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
