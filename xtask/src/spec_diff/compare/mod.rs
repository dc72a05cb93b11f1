//! The comparison: every endpoint of the spec against the operation of the document with the
//! same method and path, into a [`Report`] of difference identifiers.
//!
//! This module walks the endpoints and compares auth; `params` compares parameters, `body`
//! request bodies (and request schemas), `schemas` responses (and response schemas).

use super::openapi::{deref, find_operation, identity, operations, sorted_keys, title};
use super::AUTH_SCHEMES;
use generator::spec::{EndpointDef, SpecFile};
use serde_json::Value;
use std::collections::HashSet;

mod body;
mod params;
mod schemas;

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
