//! OAuth 2.0 user tokens that refresh themselves: one refresh for many concurrent requests,
//! the hook sees the new token, requests carry it; an expired token without a refresh token
//! is refused before anything is sent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::json;
use twitter_client::oauth2::{OAuth2App, OAuth2Token};
use twitter_client::{Client, Error, OAuth2User};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn app(server: &MockServer) -> OAuth2App {
    OAuth2App::new("client-id", "https://example.com/callback")
        .token_endpoint(format!("{}/2/oauth2/token", server.uri()))
}

async fn liking_users_ok(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/2/tweets/1293593516040269825/liking_users"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"meta": {"result_count": 0}})),
        )
        .expect(times)
        .mount(server)
        .await;
}

fn client(
    server: &MockServer,
    token: OAuth2Token,
    hook: impl Fn(&OAuth2Token) + Send + Sync + 'static,
) -> Client<OAuth2User> {
    Client::builder()
        .base_url(server.uri())
        .oauth2_user(app(server), token)
        .on_token_refresh(hook)
        .build()
        .unwrap()
}

#[tokio::test]
async fn many_concurrent_requests_cause_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=refresh-1"))
        .and(body_string_contains("client_id=client-id"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(200))
                .set_body_json(json!({
                    "token_type": "bearer", "access_token": "access-2", "refresh_token": "refresh-2",
                    "expires_in": 7200, "scope": "tweet.read users.read like.read offline.access"
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    liking_users_ok(&server, "access-2", 10).await;

    // Expires in 10 s: inside the refresh margin, so the first request refreshes.
    let token = OAuth2Token::restore(
        "access-1",
        Some("refresh-1".into()),
        Some(SystemTime::now() + Duration::from_secs(10)),
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicUsize::new(0));
    let (seen_in_hook, calls_in_hook) = (seen.clone(), calls.clone());
    let me = client(&server, token, move |t| {
        calls_in_hook.fetch_add(1, Ordering::SeqCst);
        seen_in_hook.lock().unwrap().push((
            t.access_token().to_owned(),
            t.refresh_token().map(str::to_owned),
        ));
    });

    let requests = (0..10).map(|_| me.get_liking_users("1293593516040269825").send());
    for result in futures::future::join_all(requests).await {
        assert_eq!(result.unwrap().meta.result_count, Some(0));
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "one refresh for ten requests"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        vec![("access-2".to_owned(), Some("refresh-2".to_owned()))]
    );
    let now = me.oauth2_token().unwrap();
    assert_eq!(now.access_token(), "access-2");
    assert!(!now.expires_within(Duration::from_secs(3600)));
    assert!(
        !format!("{me:?} {now:?}").contains("access-2"),
        "tokens stay out of Debug"
    );
}

#[tokio::test]
async fn a_fresh_token_is_used_as_it_is() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    liking_users_ok(&server, "access-1", 1).await;
    let token = OAuth2Token::restore(
        "access-1",
        Some("refresh-1".into()),
        Some(SystemTime::now() + Duration::from_secs(7200)),
    );
    let me = client(&server, token, |_| panic!("no refresh expected"));
    me.get_liking_users("1293593516040269825")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expired_token_without_refresh_token_sends_nothing() {
    let server = MockServer::start().await;
    liking_users_ok(&server, "access-1", 0).await;
    let token = OAuth2Token::restore(
        "access-1",
        None,
        Some(SystemTime::now() - Duration::from_secs(5)),
    );
    let me = client(&server, token, |_| {});
    let err = me
        .get_liking_users("1293593516040269825")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Config(ref m) if m.contains("offline.access")),
        "{err}"
    );
}

#[tokio::test]
async fn a_failed_refresh_is_an_error_and_the_next_request_tries_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_request", "error_description": "Value passed for the token was invalid."})))
        .expect(2)
        .mount(&server)
        .await;
    liking_users_ok(&server, "access-1", 0).await;
    let token = OAuth2Token::restore(
        "access-1",
        Some("refresh-1".into()),
        Some(SystemTime::now()),
    );
    let me = client(&server, token, |_| panic!("no new token"));
    for _ in 0..2 {
        let err = me
            .get_liking_users("1293593516040269825")
            .send()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("invalid"), "{err}");
        assert!(
            !err.to_string().contains("refresh-1"),
            "the refresh token never shows in errors"
        );
    }
}

#[test]
fn on_token_refresh_needs_a_refreshing_token() {
    let err = Client::builder()
        .oauth2_user_token("access")
        .on_token_refresh(|_| {})
        .build()
        .unwrap_err();
    assert!(
        matches!(err, Error::Config(ref m) if m.contains("oauth2_user")),
        "{err}"
    );
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(body_string_contains("refresh_token=refresh-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "access_token": "access-2", "refresh_token": "refresh-2", "expires_in": 7200
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The old token was revoked before its expiry: the API answers 401 to it.
    Mock::given(method("GET"))
        .and(path("/2/tweets/1293593516040269825/liking_users"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})))
        .expect(1)
        .mount(&server)
        .await;
    liking_users_ok(&server, "access-2", 1).await;
    let token = OAuth2Token::restore(
        "access-1",
        Some("refresh-1".into()),
        Some(SystemTime::now() + Duration::from_secs(7200)),
    );
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let me = client(&server, token, move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    me.get_liking_users("1293593516040269825")
        .send()
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_401_after_a_refresh_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "access_token": "access-2", "refresh_token": "refresh-2", "expires_in": 7200
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1293593516040269825/liking_users"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})))
        .expect(2)
        .mount(&server)
        .await;
    let token = OAuth2Token::restore(
        "access-1",
        Some("refresh-1".into()),
        Some(SystemTime::now() + Duration::from_secs(7200)),
    );
    let me = client(&server, token, |_| {});
    let err = me
        .get_liking_users("1293593516040269825")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err}");
}
