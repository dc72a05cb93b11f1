//! Like and unlike as the authenticated user: `GET /2/users/me` is asked once and cached.

use crate::common::{fixture, oauth1_client};
use serde_json::json;
use twitter_client::Error;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ME: &str = "lookups/get_me.json";

#[tokio::test]
async fn like_and_unlike_resolve_my_id_once() {
    let server = MockServer::start().await;
    let me: serde_json::Value = serde_json::from_str(&fixture(ME)).unwrap();
    let my_id = me["data"]["id"].as_str().unwrap().to_owned();
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture(ME), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    for tweet in ["1293593516040269825", "1072250532645998596"] {
        Mock::given(method("POST"))
            .and(path(format!("/2/users/{my_id}/likes")))
            .and(body_json(json!({ "tweet_id": tweet })))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"data": {"liked": true}})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{my_id}/likes/1293593516040269825")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"liked": false}})))
        .expect(1)
        .mount(&server)
        .await;

    let client = oauth1_client(&server.uri());
    let clone = client.clone();
    // Concurrent first calls share one lookup.
    let (a, b) = tokio::join!(
        client.like("1293593516040269825"),
        clone.like("1072250532645998596")
    );
    assert!(a.unwrap().data.liked && b.unwrap().data.liked);
    assert!(
        !client
            .unlike("1293593516040269825")
            .await
            .unwrap()
            .data
            .liked
    );
    assert_eq!(client.my_user_id().await.unwrap(), my_id);
}

#[tokio::test]
async fn a_failed_lookup_is_not_cached() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let client = oauth1_client(&server.uri());
    let err = client.like("1293593516040269825").await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err}");

    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture(ME), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    assert!(!client.my_user_id().await.unwrap().is_empty());
}
