//! Auth against a real HTTP server on 127.0.0.1: OAuth 1.0a signatures recomputed by the
//! server from what it received, Bearer and OAuth 2.0 user tokens, and no secret in any
//! `Debug` output or log line. Requests go through the generated endpoints.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::common::shapes::CREATE_THING;
use crate::common::*;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha1::Sha1;
use twitter_client::runtime::RequestBuilder;
use twitter_client::{Client, Error, TweetField};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// A server-side OAuth 1.0a verifier, written independently of the client's signer: it
/// parses the received `Authorization` header, rebuilds the signature base string from the
/// received method, `Host`, path, query (and form body, if any; never a JSON body) and
/// recomputes the HMAC-SHA1.
#[derive(Clone)]
struct OAuth1Signed {
    scheme: &'static str,
    consumer_key: &'static str,
    consumer_secret: &'static str,
    token: &'static str,
    token_secret: &'static str,
    check_freshness: bool,
}

impl OAuth1Signed {
    fn ours() -> Self {
        Self {
            scheme: "http",
            consumer_key: CONSUMER_KEY,
            consumer_secret: CONSUMER_SECRET,
            token: ACCESS_TOKEN,
            token_secret: ACCESS_TOKEN_SECRET,
            check_freshness: true,
        }
    }
}

/// RFC 3986 percent-encoding, byte by byte.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn dec(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("utf-8")
        .into_owned()
}

/// The `oauth_*` parameters of an `Authorization: OAuth ...` header, decoded.
fn oauth_params(req: &Request) -> Result<Vec<(String, String)>, String> {
    let value = req
        .headers
        .get("authorization")
        .ok_or("no Authorization header")?
        .to_str()
        .map_err(|e| e.to_string())?;
    let rest = value.strip_prefix("OAuth ").ok_or("not an OAuth header")?;
    rest.split(", ")
        .map(|part| {
            let (k, v) = part.split_once('=').ok_or(format!("bad part {part}"))?;
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .ok_or(format!("unquoted value in {part}"))?;
            Ok((dec(k), dec(v)))
        })
        .collect()
}

impl OAuth1Signed {
    fn verify(&self, req: &Request) -> Result<(), String> {
        let mut params = oauth_params(req)?;
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or(format!("missing {name}"))
        };
        let signature = get("oauth_signature")?;
        if get("oauth_consumer_key")? != self.consumer_key {
            return Err("wrong consumer key".into());
        }
        if get("oauth_token")? != self.token {
            return Err("wrong token".into());
        }
        if get("oauth_signature_method")? != "HMAC-SHA1" || get("oauth_version")? != "1.0" {
            return Err("wrong method or version".into());
        }
        if get("oauth_nonce")?.len() < 16 {
            return Err("nonce too short".into());
        }
        let timestamp: u64 = get("oauth_timestamp")?
            .parse()
            .map_err(|_| "bad timestamp")?;
        if self.check_freshness && now_epoch().abs_diff(timestamp) > 300 {
            return Err("stale timestamp".into());
        }
        params.retain(|(k, _)| k != "oauth_signature" && k != "realm");

        let host = req
            .headers
            .get("host")
            .ok_or("no Host header")?
            .to_str()
            .map_err(|e| e.to_string())?;
        let base_uri = format!("{}://{}{}", self.scheme, host, req.url.path());
        let mut all: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let is_form = req
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            all.extend(
                url::form_urlencoded::parse(&req.body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
        all.extend(params);
        let mut encoded: Vec<(String, String)> =
            all.iter().map(|(k, v)| (enc(k), enc(v))).collect();
        encoded.sort();
        let normalized = encoded
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let base = format!(
            "{}&{}&{}",
            req.method.as_str(),
            enc(&base_uri),
            enc(&normalized)
        );
        let key = format!("{}&{}", enc(self.consumer_secret), enc(self.token_secret));
        let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(base.as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        if expected == signature {
            Ok(())
        } else {
            Err(format!(
                "signature mismatch: got {signature}, expected {expected}; base {base}"
            ))
        }
    }
}

impl Match for OAuth1Signed {
    fn matches(&self, request: &Request) -> bool {
        match self.verify(request) {
            Ok(()) => true,
            Err(e) => {
                eprintln!("OAuth 1.0a verification failed: {e}");
                false
            }
        }
    }
}

/// The verifier itself reproduces Twitter's published example, and rejects tampering: so
/// when it accepts the client's requests below, their signatures are right.
#[test]
fn verifier_checks_out_against_the_published_example() {
    let mut headers = wiremock::http::HeaderMap::new();
    headers.insert("host", "api.twitter.com".parse().unwrap());
    headers.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    headers.insert(
        "authorization",
        "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", oauth_signature=\"tnnArxj06cWHq44gCs1OSKk%2FjLY%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\""
            .parse()
            .unwrap(),
    );
    let request = Request {
        url: "https://api.twitter.com/1/statuses/update.json?include_entities=true"
            .parse()
            .unwrap(),
        method: wiremock::http::Method::POST,
        headers,
        body: b"status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"
            .to_vec(),
    };
    let verifier = OAuth1Signed {
        scheme: "https",
        check_freshness: false,
        ..OAuth1Signed::ours()
    };
    assert_eq!(verifier.verify(&request), Ok(()));

    let mut tampered = request.clone();
    tampered.body = b"status=Hello%20Ladies".to_vec();
    assert!(verifier.verify(&tampered).is_err());
    let mut tampered = request.clone();
    tampered.method = wiremock::http::Method::GET;
    assert!(verifier.verify(&tampered).is_err());
    let wrong_secret = OAuth1Signed {
        token_secret: "nope",
        ..verifier.clone()
    };
    assert!(wrong_secret.verify(&request).is_err());
}

fn rate_limit_headers(limit: u32, remaining: u32) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/json; charset=utf-8")
        .insert_header("x-rate-limit-limit", limit.to_string().as_str())
        .insert_header("x-rate-limit-remaining", remaining.to_string().as_str())
        .insert_header("x-rate-limit-reset", "1619531089")
}

#[tokio::test]
async fn oauth1_get_with_query_is_signed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/liked_tweets"))
        .and(query_param("max_results", "5"))
        .and(query_param("tweet.fields", "created_at,author_id"))
        .and(query_param("pagination_token", "a b+c/=&é"))
        .and(OAuth1Signed::ours())
        .respond_with(rate_limit_headers(75, 74).set_body_raw(
            fixture("likes/liked_tweets.default_fields.2022.json"),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = oauth1_client(&server.uri());
    let page = client
        .get_liked_tweets("2244994945")
        .max_results(5)
        .pagination_token("a b+c/=&é")
        .tweet_fields([
            TweetField::CreatedAt,
            TweetField::AuthorId,
            TweetField::CreatedAt,
        ])
        .send()
        .await
        .expect("signed request accepted");
    assert_eq!(page.data.len(), 96);
    let rl = page.rate_limit().expect("rate-limit headers");
    assert_eq!(
        (rl.limit, rl.remaining, rl.reset_epoch),
        (75, 74, 1619531089)
    );

    // A user-context client may ask for user-context-only fields. Not matched by the mock
    // above (different query): 404 from wiremock, but validation passed.
    let err = client
        .get_liked_tweets("2244994945")
        .tweet_fields([TweetField::NonPublicMetrics])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
}

#[tokio::test]
async fn oauth1_post_with_json_body_is_signed_without_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/users/1072250532645998596/likes"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"tweet_id": "1293593516040269825"})))
        .and(OAuth1Signed::ours())
        .respond_with(
            rate_limit_headers(50, 48).set_body_raw(fixture("likes/like.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = oauth1_client(&server.uri());
    let liked = client
        .like_tweet("1072250532645998596", "1293593516040269825")
        .send()
        .await
        .expect("like accepted");
    assert!(liked.data.liked);
    assert_eq!(liked.status(), 200);
    assert_eq!(liked.rate_limit().map(|r| r.remaining), Some(48));
}

#[tokio::test]
async fn oauth1_delete_is_signed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(
            "/2/users/1072250532645998596/likes/1293593516040269825",
        ))
        .and(OAuth1Signed::ours())
        .respond_with(
            rate_limit_headers(50, 47)
                .set_body_raw(fixture("likes/unlike.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = oauth1_client(&server.uri());
    let unliked = client
        .unlike_tweet("1072250532645998596", "1293593516040269825")
        .send()
        .await
        .expect("unlike accepted");
    assert!(!unliked.data.liked);
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.body.is_empty(), "DELETE sends no body");
    assert!(sent.headers.get("content-type").is_none());
}

/// Every request, and every retry of a request, is signed afresh with a new nonce.
#[tokio::test]
async fn every_attempt_gets_a_fresh_nonce() {
    let server = MockServer::start().await;
    first_n_then(
        &server,
        || Mock::given(method("DELETE")).and(OAuth1Signed::ours()),
        2,
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_raw(fixture("likes/unlike.json"), "application/json"),
        2,
    )
    .await;

    let client = oauth1_client(&server.uri());
    for _ in 0..2 {
        client
            .unlike_tweet("1", "2")
            .send()
            .await
            .expect("accepted after retries");
    }
    let nonces: HashSet<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            oauth_params(r)
                .unwrap()
                .into_iter()
                .find(|(k, _)| k == "oauth_nonce")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(nonces.len(), 4);
}

#[tokio::test]
async fn bearer_token_and_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/TwitterDev"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            concat!("twitter-client-rs/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"id": "2244994945"}})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = app_client(&server.uri());
    let user = client
        .get_user_by_username("TwitterDev")
        .send()
        .await
        .unwrap();
    assert_eq!(user.data.id, "2244994945");
}

#[tokio::test]
async fn oauth2_user_token_and_custom_http_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/users/1/likes"))
        .and(header("authorization", "Bearer user-access-token"))
        .and(header("user-agent", "my-app/1.0"))
        .and(body_json(json!({"tweet_id": "2"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("likes/like.json"), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .user_agent("my-app/1.0")
        .oauth2_user_token("user-access-token")
        .build()
        .unwrap();
    assert!(client.is_user_context());
    assert!(client.like_tweet("1", "2").send().await.unwrap().data.liked);
}

/// An app-only client is refused user-context endpoints and fields before anything is sent.
#[tokio::test]
async fn app_only_client_refuses_user_context_requests() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let app = app_client(&server.uri());

    // `like_tweet` is not even a method of a `Client<AppOnly>` (see tests/compile-fail/tests/ui/client/); below the
    // generated code, the runtime refuses a user-context endpoint on its own.
    let err = RequestBuilder::new(&app, &CREATE_THING)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidRequest {
                endpoint: "create_thing",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains(
            "create_thing needs OAuth 1.0a user context (Client<OAuth1User>) or an OAuth 2.0 user token (Client<OAuth2User>); this client uses an app-only Bearer token (Client<AppOnly>)"
        ),
        "{err}"
    );

    let err = app
        .get_liked_tweets("2244994945")
        .tweet_fields([TweetField::CreatedAt, TweetField::NonPublicMetrics])
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest {
            endpoint,
            parameter,
            message,
            ..
        } => {
            assert_eq!(*endpoint, "get_liked_tweets");
            assert_eq!(parameter.as_deref(), Some("tweet.fields"));
            assert_eq!(
                message,
                "tweet.fields=non_public_metrics needs user-context auth (OAuth 1.0a or OAuth 2.0 user token); this client is app-only"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn no_secret_in_debug_output() {
    let secrets = [
        CONSUMER_KEY,
        CONSUMER_SECRET,
        ACCESS_TOKEN,
        ACCESS_TOKEN_SECRET,
        BEARER,
    ];
    let builder = Client::builder().base_url("http://127.0.0.1:9").oauth1(
        CONSUMER_KEY,
        CONSUMER_SECRET,
        ACCESS_TOKEN,
        ACCESS_TOKEN_SECRET,
    );
    let user = builder.clone().build().unwrap();
    let app_builder = Client::builder().bearer_token(BEARER);
    let app = app_builder.clone().build().unwrap();
    let o2 = Client::builder()
        .oauth2_user_token("user-token-secret")
        .build()
        .unwrap();
    let req = user.like_tweet("1", "2");
    let shown = format!(
        "{builder:?} {user:?} {app_builder:?} {app:?} {o2:?} {req:?} {:?}",
        user.clone()
    );
    for secret in secrets.iter().chain(&["user-token-secret"]) {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
    assert!(shown.contains("<redacted>"));
    assert!(shown.contains("like_tweet"));
}

/// A minimal `tracing` subscriber that writes every span and event field into a string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut log = self.0.lock().unwrap();
        log.push_str(&format!("\nspan {} ", span.metadata().name()));
        span.record(&mut Fields(&mut log));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut log = self.0.lock().unwrap();
        log.push_str("\nrecord ");
        values.record(&mut Fields(&mut log));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut log = self.0.lock().unwrap();
        log.push_str(&format!("\nevent {} ", event.metadata().level()));
        event.record(&mut Fields(&mut log));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn logs_carry_request_facts_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            rate_limit_headers(50, 12).set_body_raw(fixture("likes/like.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let client = oauth1_client(&server.uri());
    client.like_tweet("1", "2").send().await.unwrap();
    let app = app_client(&server.uri());
    let _ = app.get_user_by_username("x").send().await;

    let log = capture.0.lock().unwrap().clone();
    for fact in [
        "span twitter_request",
        "endpoint=\"like_tweet\"",
        "method=\"POST\"",
        "path=\"/2/users/{id}/likes\"",
        "auth=\"oauth1-user\"",
        "attempt=1",
        "status=200",
        "rate_limit_remaining=12",
    ] {
        assert!(log.contains(fact), "missing {fact} in {log}");
    }
    for secret in [
        CONSUMER_KEY,
        CONSUMER_SECRET,
        ACCESS_TOKEN,
        ACCESS_TOKEN_SECRET,
        BEARER,
        "oauth_signature",
        "Bearer ",
    ] {
        assert!(!log.contains(secret), "{secret} leaked in {log}");
    }
}

// ---------------------------------------------------------------- OAuth 2.0 PKCE

use twitter_client::oauth2::{OAuth2App, PkceVerifier};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[tokio::test]
async fn oauth2_code_exchange_and_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(wiremock::matchers::body_string(format!(
            "grant_type=authorization_code&code=the-code&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&code_verifier={VERIFIER}&client_id=cid"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": "access-1",
            "scope": "tweet.read users.read offline.access",
            "refresh_token": "refresh-1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    // A confidential client authenticates the refresh with HTTP Basic auth.
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(header("authorization", "Basic Y2lkOnNoaA=="))
        .and(wiremock::matchers::body_string(
            "grant_type=refresh_token&refresh_token=refresh-1&client_id=cid",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer",
            "expires_in": "7200",
            "access_token": "access-2",
        })))
        .expect(1)
        .mount(&server)
        .await;

    let public = OAuth2App::new("cid", "https://example.com/cb")
        .token_endpoint(format!("{}/2/oauth2/token", server.uri()));
    let verifier = PkceVerifier::from_value(VERIFIER).unwrap();
    let token = public.exchange_code("the-code", &verifier).await.unwrap();
    assert_eq!(token.access_token(), "access-1");
    assert_eq!(token.refresh_token(), Some("refresh-1"));
    assert_eq!(token.expires_in(), Some(7200));
    assert_eq!(token.scope(), Some("tweet.read users.read offline.access"));
    assert!(token.expires_at().is_some());
    let shown = format!("{token:?}");
    assert!(
        !shown.contains("access-1") && !shown.contains("refresh-1"),
        "{shown}"
    );
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(
        sent.headers.get("authorization").is_none(),
        "a public client sends no secret"
    );

    let confidential = public.clone().client_secret("shh");
    assert!(!format!("{confidential:?}").contains("shh"));
    let fresh = confidential.refresh("refresh-1").await.unwrap();
    assert_eq!(fresh.access_token(), "access-2");
    assert_eq!(fresh.refresh_token(), None);

    // The new token works as a user-context client.
    let client = Client::builder()
        .base_url(server.uri())
        .oauth2_user_token(fresh.access_token())
        .build()
        .unwrap();
    assert!(client.is_user_context());
}

/// A token endpoint that answers more than a token answer can hold is refused at its cap
/// (64 KiB) while reading, not held in memory.
#[tokio::test]
async fn an_oversized_token_answer_is_refused_at_its_cap() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![b' '; 1 << 20], "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let app = OAuth2App::new("cid", "https://example.com/cb")
        .token_endpoint(format!("{}/2/oauth2/token", server.uri()));
    let err = app.refresh("refresh-1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit: 65536,
                endpoint: "oauth2_token",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn oauth2_token_errors_show_the_description() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let app = OAuth2App::new("cid", "https://example.com/cb")
        .token_endpoint(format!("{}/2/oauth2/token", server.uri()));
    let err = app.refresh("stale").await.unwrap_err();
    match &err {
        Error::Api {
            status: 400, title, ..
        } => assert_eq!(title.as_deref(), Some("invalid_request")),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "HTTP 400 from oauth2_token: Value passed for the token was invalid."
    );
}
