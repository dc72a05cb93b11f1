//! Helpers shared by the client's integration tests (`tests/client/`, one binary, and any
//! other test file with `mod common;`): test credentials, clients pointed at a
//! local server, the recorded fixtures of `tests/data/` (see `tests/data/PROVENANCE.md`),
//! mock-server shorthands and a JSON round-trip check.
//!
//! Every endpoint and model is the generated one; `shapes` adds the few endpoint shapes the
//! spec has none of yet, to reach the runtime code paths only they take.
#![allow(dead_code)]

pub mod exercise;
pub mod openapi;
pub mod shapes;
pub mod stream_server;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use twitter_client::{AppOnly, Client, ClientBuilder, Error, OAuth1User, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

// ---------------------------------------------------------------- credentials and clients

/// The OAuth 1.0a credentials of Twitter's published signing example.
pub const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
pub const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
pub const ACCESS_TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
pub const ACCESS_TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
pub const BEARER: &str = "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F";

/// A retry policy with millisecond backoff, so retry tests run fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// An app-only (Bearer) client of the server at `base`, to configure further.
pub fn app_builder(base: &str) -> ClientBuilder<AppOnly> {
    Client::builder().base_url(base).bearer_token(BEARER)
}

/// An app-only (Bearer) client of the server at `base`, retrying fast.
pub fn app_client(base: &str) -> Client<AppOnly> {
    app_builder(base)
        .retry(fast_retry())
        .build()
        .expect("valid configuration")
}

/// A user-context (OAuth 1.0a) client of the server at `base`, retrying fast.
pub fn oauth1_client(base: &str) -> Client<OAuth1User> {
    Client::builder()
        .base_url(base)
        .oauth1(
            CONSUMER_KEY,
            CONSUMER_SECRET,
            ACCESS_TOKEN,
            ACCESS_TOKEN_SECRET,
        )
        .retry(fast_retry())
        .build()
        .expect("valid configuration")
}

// ---------------------------------------------------------------- fixtures

/// A path under `tests/data/`.
pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

/// The text of a file under `tests/data/`, e.g. `fixture("likes/like.json")`.
pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Decodes the fixture `rel` into `T`, serialises it back and compares with the original
/// JSON: nothing the API sent is lost, nothing is added.
pub fn round_trip<T: DeserializeOwned + Serialize>(rel: &str) -> T {
    let text = fixture(rel);
    let original: Value = serde_json::from_str(&text).unwrap();
    let decoded: T =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} does not decode: {e}"));
    let back = serde_json::to_value(&decoded).unwrap();
    if back != original {
        panic!(
            "{rel} does not round-trip:\n{}",
            first_difference(&original, &back, "$")
        );
    }
    decoded
}

/// Where `b` first differs from `a`, as a JSON path.
pub fn first_difference(a: &Value, b: &Value, path: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return format!("{path}.{k} lost"),
                    Some(w) if w != v => return first_difference(v, w, &format!("{path}.{k}")),
                    _ => {}
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{path}.{k} added");
                }
            }
            format!("{path}: differs")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{path}[{i}]"));
                }
            }
            format!("{path}: differs")
        }
        _ => format!("{path}: {a} became {b}"),
    }
}

/// A page body with the given tweet ids and next token.
pub fn page_json(ids: &[u32], next: Option<&str>) -> Value {
    let data: Vec<_> = ids
        .iter()
        .map(|i| serde_json::json!({"id": i.to_string(), "text": format!("tweet {i}")}))
        .collect();
    let mut meta = serde_json::json!({"result_count": ids.len()});
    if let Some(n) = next {
        meta["next_token"] = Value::String(n.to_owned());
    }
    if ids.is_empty() {
        serde_json::json!({ "meta": meta })
    } else {
        serde_json::json!({ "data": data, "meta": meta })
    }
}

pub fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---------------------------------------------------------------- servers and responses

/// A server that must receive nothing: any request fails the test when the server drops.
pub async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .named("nothing may be sent")
        .mount(&server)
        .await;
    server
}

/// A server that answers exactly one request, whatever it is, with `template`.
pub async fn respond_once(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Mounts `first` for the first `n` requests that `given()` matches (each of them must
/// come), then `then` for exactly `then_times` more: a failure that a retry rides out.
pub async fn first_n_then(
    server: &MockServer,
    given: impl Fn() -> MockBuilder,
    n: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
    then_times: u64,
) {
    given()
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .expect(n)
        .mount(server)
        .await;
    given()
        .respond_with(then)
        .expect(then_times)
        .mount(server)
        .await;
}

/// HTTP 200 with the fixture `rel` as an `application/json` body.
pub fn ok_fixture(rel: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(fixture(rel), "application/json")
}

/// `status` with `body` as an `application/problem+json` body.
pub fn problem_body(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/problem+json")
        .set_body_raw(body, "application/json")
}

/// The endpoint and parameter of an `Error::InvalidRequest`, and its message.
pub fn invalid(err: &Error) -> (&'static str, Option<&str>, &str) {
    match err {
        Error::InvalidRequest {
            endpoint,
            parameter,
            message,
            ..
        } => (endpoint, parameter.as_deref(), message.as_str()),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}
