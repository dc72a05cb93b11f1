//! The runner of the generated exercise tests (`tests/client/exercise.rs`, one test per
//! endpoint of the spec, written by `cargo xtask codegen`).
//!
//! Each test names the exact request it expects and calls the endpoint's method. The runner
//! answers from a local server with a body built from the **official** OpenAPI document's
//! response schema for that operation (its examples where it has them, every property, one
//! item per array), checked valid against that schema first; then it asserts that the call
//! decoded it, and that the one request sent had the method, path, query, JSON body and kind of
//! `Authorization` header expected, and satisfies the official operation (`check_request`).

use std::future::Future;

use futures::StreamExt as _;
use serde_json::{Map, Value, json};
use twitter_client::fake::{FakeX, TEST_USER};
use twitter_client::{
    AppOnly, Client, Error, EventStream, OAuth1User, OAuth2User, ReconnectPolicy, StreamEvent,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::openapi::{check_request, deref, operation, parent_discriminator, problems, target_ref};
use super::{BEARER, app_client, fast_retry, oauth1_client};

/// The OAuth 2.0 user token of the exercise clients.
pub const OAUTH2_TOKEN: &str = "ZXhlcmNpc2Utb2F1dGgyLXVzZXItdG9rZW4";

/// Which client a test calls with (the first the endpoint accepts of app-only, OAuth 1.0a,
/// OAuth 2.0 user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Bearer <app token>`.
    App,
    /// `OAuth oauth_consumer_key=..., oauth_signature=...`.
    OAuth1,
    /// `Bearer <user token>`.
    OAuth2,
}

/// The request a test expects.
#[derive(Debug)]
pub struct Case {
    /// Operation name.
    pub op: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template, as the official document has it.
    pub template: &'static str,
    /// The path sent.
    pub path: &'static str,
    /// Every query pair sent.
    pub query: &'static [(&'static str, &'static str)],
    /// The JSON body sent, as text.
    pub body: Option<&'static str>,
    /// The client used.
    pub auth: Auth,
    /// A stream: the answer is the body as one line after a keep-alive, and the call reads
    /// the first event.
    pub stream: bool,
}

/// The first event of a stream (which must not reconnect), as the outcome of a call.
pub async fn first_event<T: StreamEvent>(stream: EventStream<T>) -> Result<(), Error> {
    let mut stream = stream.reconnect(ReconnectPolicy::never());
    let stats = stream.stats();
    let first = stream.next().await;
    assert_eq!(
        stats.keep_alives(),
        1,
        "the keep-alive before the event was counted"
    );
    first.expect("the stream ended without an event").map(drop)
}

/// Clients of every kind, pointed at the test's server.
pub struct Clients {
    app: Client<AppOnly>,
    oauth1: Client<OAuth1User>,
    oauth2: Client<OAuth2User>,
}

impl Clients {
    /// The clients of the local server at `base`, with the fixed test credentials.
    fn local(base: &str) -> Self {
        Clients {
            app: app_client(base),
            oauth1: oauth1_client(base),
            oauth2: Client::builder()
                .base_url(base)
                .oauth2_user_token(OAUTH2_TOKEN)
                .retry(fast_retry())
                .build()
                .expect("valid configuration"),
        }
    }

    /// The clients of a fake X API, acting for its test user; the OAuth 2.0 token has
    /// `scopes`.
    fn fake(fake: &FakeX, scopes: &[&str]) -> Self {
        Clients {
            app: fake.app_builder().retry(fast_retry()).build().unwrap(),
            oauth1: fake
                .oauth1_builder(TEST_USER)
                .retry(fast_retry())
                .build()
                .unwrap(),
            oauth2: fake
                .oauth2_builder(TEST_USER, scopes)
                .retry(fast_retry())
                .build()
                .unwrap(),
        }
    }

    /// App-only.
    pub fn app(&self) -> Client<AppOnly> {
        self.app.clone()
    }

    /// OAuth 1.0a user context.
    pub fn oauth1(&self) -> Client<OAuth1User> {
        self.oauth1.clone()
    }

    /// OAuth 2.0 user token.
    pub fn oauth2(&self) -> Client<OAuth2User> {
        self.oauth2.clone()
    }
}

/// Serves the official answer, runs `call`, and checks the request and the decode; then
/// runs `call` again against the fake X API (`against_fake`).
pub async fn run<F, Fut>(case: Case, call: F)
where
    F: Fn(Clients) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let (status, body) = official_answer(case.method, case.template);
    let server = MockServer::start().await;
    let answer = match &body {
        Some(body) if case.stream => ResponseTemplate::new(status)
            .set_body_raw(format!("\r\n{body}\r\n"), "application/json"),
        Some(body) => ResponseTemplate::new(status).set_body_json(body),
        None => ResponseTemplate::new(status),
    };
    Mock::given(any()).respond_with(answer).mount(&server).await;

    if let Err(e) = call(Clients::local(&server.uri())).await {
        panic!(
            "{}: the call failed on the official answer {}: {e}",
            case.op,
            body.map(|b| b.to_string()).unwrap_or_default()
        );
    }

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{}: one request", case.op);
    let req = &requests[0];
    assert_eq!(req.method.as_str(), case.method, "{}: method", case.op);
    assert_eq!(req.url.path(), case.path, "{}: path", case.op);
    let mut sent: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    let mut expected: Vec<(String, String)> = case
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    sent.sort();
    expected.sort();
    assert_eq!(sent, expected, "{}: query", case.op);
    match case.body {
        Some(text) => {
            let sent: Value = serde_json::from_slice(&req.body)
                .unwrap_or_else(|e| panic!("{}: the body is not JSON: {e}", case.op));
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(sent, expected, "{}: body", case.op);
        }
        None => assert!(req.body.is_empty(), "{}: no body", case.op),
    }
    let auth = req
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match case.auth {
        Auth::App => assert_eq!(auth, format!("Bearer {BEARER}"), "{}: auth", case.op),
        Auth::OAuth2 => assert_eq!(auth, format!("Bearer {OAUTH2_TOKEN}"), "{}: auth", case.op),
        Auth::OAuth1 => assert!(
            auth.starts_with("OAuth ") && auth.contains("oauth_signature=\""),
            "{}: auth {auth}",
            case.op
        ),
    }
    check_request(case.template, req);
    against_fake(&case, call).await;
}

/// The same call against the fake X API (`twitter_client::fake`): the fake takes the
/// request (route, parameters, body, auth and the endpoint's OAuth 2.0 scopes) and its
/// answer, built by the generator from the spec's response schema, decodes.
async fn against_fake<F, Fut>(case: &Case, call: F)
where
    F: Fn(Clients) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let fake = FakeX::start().await.expect("the fake starts");
    let route = fake
        .routes()
        .iter()
        .find(|r| r.endpoint.name == case.op)
        .unwrap_or_else(|| panic!("{}: the fake has no route", case.op));
    if let Err(e) = call(Clients::fake(&fake, route.scopes)).await {
        panic!("{}: the call failed against the fake: {e}", case.op);
    }
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{}: one request to the fake", case.op);
    assert_eq!(requests[0].endpoint, Some(case.op), "{}: routed", case.op);
    assert!(
        requests[0].status.is_some_and(|s| (200..300).contains(&s)),
        "{}: the fake answered {:?}",
        case.op,
        requests[0].status
    );
}

/// The status and body of the operation's success answer in the official document: the
/// first of 200, 201, 202 and 204 it declares, with a JSON body built from its schema and
/// checked valid against it (`None` when it declares no JSON body).
pub fn official_answer(method: &str, template: &str) -> (u16, Option<Value>) {
    let op = operation(method, template);
    let responses = &op["responses"];
    let (status, response) = ["200", "201", "202", "204"]
        .iter()
        .find_map(|s| responses.get(*s).map(|r| (s.parse().unwrap(), r)))
        .unwrap_or_else(|| panic!("{method} {template}: no success answer in the document"));
    let Some(schema) = deref(response).pointer("/content/application~1json/schema") else {
        return (status, None);
    };
    let body = synthesize(schema, 0);
    let wrong = problems(schema, &body);
    assert!(
        wrong.is_empty(),
        "{method} {template}: the built answer is not valid against the official schema:\n  {}\n{body}",
        wrong.join("\n  ")
    );
    (status, Some(body))
}

/// How deep optional properties are still filled in (recursive schemas end there).
const MAX_DEPTH: usize = 6;

/// A value valid against `schema`: its `example` when it has one and it is valid, otherwise
/// built from its type, with every property (the optional ones down to [`MAX_DEPTH`]).
pub fn synthesize(schema: &'static Value, depth: usize) -> Value {
    let schema = deref(schema);
    if let Some(example) = schema.get("example") {
        if problems(schema, example).is_empty() {
            return example.clone();
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            if let Value::Object(o) = synthesize(part, depth) {
                merged.extend(o);
            }
        }
        return Value::Object(merged);
    }
    // The first alternative whose value is valid against the whole schema (a oneOf's
    // alternatives can exclude each other through the parent's other keywords).
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let values: Vec<Value> = alts.iter().map(|a| synthesize(a, depth)).collect();
            return values
                .iter()
                .find(|v| problems(schema, v).is_empty())
                .unwrap_or(&values[0])
                .clone();
        }
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    match schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("object")
    {
        "object" => {
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    if depth < MAX_DEPTH || required.contains(&name.as_str()) {
                        out.insert(name.clone(), synthesize(prop, depth + 1));
                    }
                }
            }
            // A required member the schema does not describe (`meta` of MediaUploadResponse):
            // an empty object, which its absent schema allows.
            for name in &required {
                out.entry(name.to_string()).or_insert_with(|| json!({}));
            }
            // A member told apart by a member of this object (the activity stream's payload
            // by `event_type`): the first tag, and its schema.
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    let Some((tag_member, Some(mapping))) = parent_discriminator(prop) else {
                        continue;
                    };
                    if let Some((tag, target)) = mapping.iter().next() {
                        out.insert(tag_member.to_string(), json!(tag));
                        out.insert(name.clone(), synthesize(target_ref(target), depth + 1));
                    }
                }
            }
            // A discriminated base (`Problem`, `Media`): the tag of its first subtype.
            if let Some(d) = schema.get("discriminator") {
                let tag = d
                    .get("mapping")
                    .and_then(Value::as_object)
                    .and_then(|m| m.keys().next());
                if let (Some(property), Some(tag)) = (d["propertyName"].as_str(), tag) {
                    out.insert(property.to_string(), json!(tag));
                }
            }
            Value::Object(out)
        }
        "array" => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1);
            let max = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let count = if depth < MAX_DEPTH { min.max(1) } else { min }.min(max);
            Value::Array((0..count).map(|_| synthesize(items, depth + 1)).collect())
        }
        "string" => json!(string_for(schema)),
        "integer" => json!(
            schema
                .get("minimum")
                .and_then(Value::as_i64)
                .unwrap_or(1)
                .max(
                    schema
                        .get("maximum")
                        .and_then(Value::as_i64)
                        .map_or(1, |m| m.min(1))
                )
        ),
        "number" => json!(schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.5)),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// A string that fits the schema's format, pattern and lengths, for the patterns the
/// document uses.
fn string_for(schema: &Value) -> String {
    let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or("");
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match (format, pattern) {
        ("date-time", _) => "2024-01-01T00:00:00.000Z".to_string(),
        ("uri", _) => "https://example.com/x".to_string(),
        (_, p) if p.starts_with("^[0-9]") => "1234567890".to_string(),
        (_, p) if p.contains("https?://") => "See https://example.com/source".to_string(),
        (_, p) if p.contains("_") && p.contains("[0-9]") => "3_1234567890".to_string(),
        (_, p) if p.contains('-') && p.contains("[0-9]") => "123-456".to_string(),
        (_, p) if p.contains("[a-zA-Z0-9]") => "1SLjjRYNejbKM".to_string(),
        (_, p) if p.contains("[A-Za-z0-9_]") => "XDevelopers".to_string(),
        _ => "example".to_string(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let mut text = text;
    while text.len() < min {
        text.push('x');
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        text.truncate(max as usize);
    }
    text
}
