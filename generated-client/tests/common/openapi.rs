//! Checks a request the client sent against the official OpenAPI document
//! (`xtask/data/openapi.2.166.json`), not against our own spec: every query parameter sent is
//! declared by the operation, every required one is there, the path matches the operation's
//! template, and the JSON body validates against the operation's request schema.
//!
//! The validator covers the part of JSON Schema the document's request bodies use: `$ref`,
//! `type` (object, array, string, integer, number, boolean), `properties`, `required`,
//! `additionalProperties: false`, `items`, `enum`, `minLength`/`maxLength`, `pattern`,
//! `minimum`/`maximum`, `minItems`/`maxItems`, `oneOf`, `anyOf` and `allOf`. A keyword it does
//! not know fails the check, so a schema it cannot judge is never passed silently.

use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The official document, parsed once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../xtask/data/openapi.2.166.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).expect("the OpenAPI document is JSON")
    })
}

/// The operation `method` (`GET`, `POST`, ...) of the path template `path`.
pub fn operation(method: &str, path: &str) -> &'static Value {
    document()
        .pointer(&format!(
            "/paths/{}/{}",
            path.replace('~', "~0").replace('/', "~1"),
            method.to_ascii_lowercase()
        ))
        .unwrap_or_else(|| panic!("the document has no {method} {path}"))
}

/// Follows `$ref`s to a local component.
pub fn deref(mut v: &'static Value) -> &'static Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {r}"));
        v = document()
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {r}"));
    }
    v
}

/// Checks the request against the operation `method` `template`; panics with every problem.
pub fn check_request(template: &str, request: &wiremock::Request) {
    let method = request.method.as_str();
    let op = operation(method, template);
    let mut problems = Vec::new();

    // The path: literal segments equal, `{name}` segments non-empty.
    let sent: Vec<&str> = request.url.path().split('/').collect();
    let expected: Vec<&str> = template.split('/').collect();
    if sent.len() != expected.len()
        || sent.iter().zip(&expected).any(|(s, e)| {
            if e.starts_with('{') {
                s.is_empty()
            } else {
                s != e
            }
        })
    {
        problems.push(format!(
            "path {} does not match {template}",
            request.url.path()
        ));
    }

    // Query parameters: declared, and the required ones present.
    let params: Vec<&Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().map(deref).collect())
        .unwrap_or_default();
    let declared = |name: &str| {
        params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name)
            .copied()
    };
    let sent_names: Vec<String> = request
        .url
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    for (name, value) in request.url.query_pairs() {
        match declared(&name) {
            None => problems.push(format!("query parameter {name} is not declared")),
            Some(p) => {
                // A list parameter is sent comma-joined: check each item.
                let schema = p.get("schema").map(deref).unwrap_or(&Value::Null);
                if schema.get("type") == Some(&Value::from("array")) {
                    for item in value.split(',') {
                        validate(
                            &schema["items"],
                            &Value::from(item),
                            &format!("query {name}[]"),
                            &mut problems,
                        );
                    }
                } else if schema.get("type") == Some(&Value::from("integer")) {
                    match value.parse::<i64>() {
                        Ok(n) => validate(
                            schema,
                            &Value::from(n),
                            &format!("query {name}"),
                            &mut problems,
                        ),
                        Err(_) => {
                            problems.push(format!("query {name}: {value:?} is not an integer"))
                        }
                    }
                } else if schema.get("type") == Some(&Value::from("boolean")) {
                    match value.as_ref() {
                        "true" | "false" => {}
                        other => problems.push(format!("query {name}: {other:?} is not a boolean")),
                    }
                } else {
                    validate(
                        schema,
                        &Value::from(value.as_ref()),
                        &format!("query {name}"),
                        &mut problems,
                    );
                }
            }
        }
    }
    for p in &params {
        if p["in"] == "query" && p["required"] == true {
            let name = p["name"].as_str().unwrap_or_default();
            if !sent_names.iter().any(|n| n == name) {
                problems.push(format!("required query parameter {name} is missing"));
            }
        }
    }

    // The body.
    match op.pointer("/requestBody") {
        None => {
            if !request.body.is_empty() {
                problems.push("the operation has no request body, but one was sent".into());
            }
        }
        Some(body) => {
            let body = deref(body);
            let schema = body
                .pointer("/content/application~1json/schema")
                .expect("a JSON request body");
            if request.body.is_empty() {
                if body["required"] == true {
                    problems.push("the request body is required but none was sent".into());
                }
            } else {
                match serde_json::from_slice::<Value>(&request.body) {
                    Ok(json) => validate(schema, &json, "body", &mut problems),
                    Err(e) => problems.push(format!("the body is not JSON: {e}")),
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{method} {template} does not satisfy the official OpenAPI operation:\n  {}",
        problems.join("\n  ")
    );
}

/// The problems of `value` against `schema`, each prefixed with its `at` path.
pub fn problems(schema: &'static Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    validate(schema, value, "$", &mut out);
    out
}

/// The schema of a component, `#/components/schemas/<name>`.
pub fn component(name: &str) -> &'static Value {
    document()
        .pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no component {name}"))
}

const KNOWN: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "oneOf",
    "anyOf",
    "allOf",
    // Annotations: no effect on validity.
    "description",
    "example",
    "default",
    "format",
    "title",
    // The value of `propertyName` must be one of `mapping`'s keys (checked below).
    "discriminator",
];

fn validate(schema: &'static Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = deref(schema);
    let Some(obj) = schema.as_object() else {
        out.push(format!("{at}: the schema is not an object"));
        return;
    };
    for key in obj.keys() {
        if !KNOWN.contains(&key.as_str()) {
            out.push(format!(
                "{at}: the validator does not know the keyword {key}"
            ));
        }
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        for s in all {
            validate(s, value, at, out);
        }
    }
    // Told apart by the parent, which validates the mapped alternative.
    let by_parent = parent_discriminator(schema).is_some();
    for (key, need) in [("anyOf", 1..=usize::MAX), ("oneOf", 1..=1)] {
        if by_parent {
            break;
        }
        if let Some(alts) = obj.get(key).and_then(Value::as_array) {
            let passing = alts
                .iter()
                .filter(|s| {
                    let mut p = Vec::new();
                    validate(s, value, at, &mut p);
                    p.is_empty()
                })
                .count();
            if !need.contains(&passing) {
                out.push(format!(
                    "{at}: {passing} of the {} {key} alternatives match",
                    alts.len()
                ));
            }
        }
    }
    if let (Some(d), Some(v), false) = (obj.get("discriminator"), value.as_object(), by_parent) {
        let property = d["propertyName"].as_str().unwrap_or_default();
        if let Some(mapping) = d.get("mapping").and_then(Value::as_object) {
            let tag = v.get(property).and_then(Value::as_str).unwrap_or_default();
            if !mapping.contains_key(tag) {
                out.push(format!(
                    "{at}.{property}: {tag:?} is not one of the discriminator's values"
                ));
            }
        }
    }
    if let Some(ty) = obj.get("type").and_then(Value::as_str) {
        let ok = match ty {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            other => {
                out.push(format!("{at}: unknown type {other}"));
                true
            }
        };
        if !ok {
            out.push(format!("{at}: {value} is not of type {ty}"));
            return;
        }
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            out.push(format!("{at}: {value} is not one of {values:?}"));
        }
    }
    if let Some(s) = value.as_str() {
        let chars = s.chars().count() as u64;
        if let Some(min) = obj.get("minLength").and_then(Value::as_u64) {
            if chars < min {
                out.push(format!("{at}: shorter than {min}"));
            }
        }
        if let Some(max) = obj.get("maxLength").and_then(Value::as_u64) {
            if chars > max {
                out.push(format!("{at}: longer than {max}"));
            }
        }
        if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
            // fancy-regex: the document's patterns include look-ahead.
            let re = fancy_regex::Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}"));
            if !re.is_match(s).unwrap_or(false) {
                out.push(format!("{at}: {s:?} does not match {p}"));
            }
        }
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = obj.get("minimum").and_then(Value::as_f64) {
            if n < min {
                out.push(format!("{at}: {n} is below {min}"));
            }
        }
        if let Some(max) = obj.get("maximum").and_then(Value::as_f64) {
            if n > max {
                out.push(format!("{at}: {n} is above {max}"));
            }
        }
    }
    if let Some(items) = value.as_array() {
        let n = items.len() as u64;
        if let Some(min) = obj.get("minItems").and_then(Value::as_u64) {
            if n < min {
                out.push(format!("{at}: fewer than {min} items"));
            }
        }
        if let Some(max) = obj.get("maxItems").and_then(Value::as_u64) {
            if n > max {
                out.push(format!("{at}: more than {max} items"));
            }
        }
        if let Some(item) = obj.get("items") {
            for (i, v) in items.iter().enumerate() {
                validate(item, v, &format!("{at}[{i}]"), out);
            }
        }
    }
    if let Some(members) = value.as_object() {
        let props = obj.get("properties").and_then(Value::as_object);
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            for r in required.iter().filter_map(Value::as_str) {
                if !members.contains_key(r) {
                    out.push(format!("{at}: required member {r} is missing"));
                }
            }
        }
        for (k, v) in members {
            match props.and_then(|p| p.get(k)) {
                // A oneOf told apart by a member of this object (`"propertyName":
                // "../event_type"`, the activity stream's payload): the mapped alternative.
                Some(s) if parent_discriminator(s).is_some() => {
                    let (property, mapping) = parent_discriminator(s).unwrap_or_default();
                    let tag = members
                        .get(property)
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    match mapping.and_then(|m| m.get(tag)) {
                        Some(target) => validate(target_ref(target), v, &format!("{at}.{k}"), out),
                        None => out.push(format!(
                            "{at}.{property}: {tag:?} is not one of the discriminator's values"
                        )),
                    }
                }
                Some(s) => validate(s, v, &format!("{at}.{k}"), out),
                None => {
                    if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
                        out.push(format!("{at}: member {k} is not allowed"));
                    }
                }
            }
        }
    }
}

/// A discriminator naming a member of the parent object (`"../event_type"`): that member's
/// name and the mapping from its values to schema references.
pub fn parent_discriminator(
    schema: &'static Value,
) -> Option<(&'static str, Option<&'static Map<String, Value>>)> {
    let d = deref(schema).get("discriminator")?;
    let property = d.get("propertyName")?.as_str()?.strip_prefix("../")?;
    Some((property, d.get("mapping").and_then(Value::as_object)))
}

/// A mapping's target (`"#/components/schemas/Tweet"`) as a schema to validate against.
pub fn target_ref(target: &'static Value) -> &'static Value {
    let name = target
        .as_str()
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or_default();
    &document()["components"]["schemas"][name]
}
