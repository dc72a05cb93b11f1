//! The fake X API (`twitter_client::fake`), driven through the client and, where the client
//! would refuse to send, through bare reqwest: the Likes state, pages and expansions,
//! the API's 400/401/403/429 bodies, rate-limit windows on the fake's clock, and every
//! scripted fault.

use std::time::Duration;

use futures::TryStreamExt as _;
use serde_json::Value;
use twitter_client::auth::OAuth1Credentials;
use twitter_client::fake::{FakeAnswer, FakeX, Fault, TEST_USER};
use twitter_client::{
    AppOnly, Client, DecodeKind, Error, RetryPolicy, TweetExpansion, TweetField, UserField,
};

use crate::common::fast_retry;

/// A Tweet of the default seed that `TEST_USER` does not like (the official example Tweet).
const UNLIKED: &str = "1346889436626259968";
/// The official example user (`@TwitterDev`), in the default seed.
const DEV: &str = "2244994945";

async fn start() -> FakeX {
    FakeX::start().await.expect("the fake starts")
}

/// A bare request to the fake, as no typed client would send it.
async fn raw(
    fake: &FakeX,
    method: reqwest::Method,
    path: &str,
    auth: Option<String>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new().request(method, format!("{}{path}", fake.base_url()));
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let res = req.send().await.expect("the fake answers");
    let status = res.status().as_u16();
    (status, res.json().await.expect("a JSON body"))
}

/// The ids of every liked Tweet of `TEST_USER`, through `items()` with pages of `per_page`.
async fn all_liked(app: &Client<AppOnly>, per_page: u32) -> Vec<String> {
    app.get_liked_tweets(TEST_USER)
        .max_results(per_page)
        .items()
        .map_ok(|t| t.id.as_str().to_owned())
        .try_collect()
        .await
        .unwrap()
}

/// The message of a 400's first error.
fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn liking_shows_on_both_sides_and_unliking_removes_it_both_idempotent() {
    let fake = start().await;
    let me = fake.oauth1_client(TEST_USER).unwrap();
    assert_eq!(fake.liked_tweet_ids(TEST_USER).len(), 30);

    for _ in 0..2 {
        let r = me.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();
        assert!(r.data.liked, "{r:?}");
    }
    assert_eq!(
        fake.liked_tweet_ids(TEST_USER).len(),
        31,
        "liking twice is one like"
    );
    let page = me
        .get_liked_tweets(TEST_USER)
        .max_results(5)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.data[0].id.as_str(),
        UNLIKED,
        "the newest like comes first"
    );
    let likers = me.get_liking_users(UNLIKED).send().await.unwrap();
    assert_eq!(
        likers
            .data
            .iter()
            .map(|u| u.id.as_str())
            .collect::<Vec<_>>(),
        [TEST_USER]
    );

    for _ in 0..2 {
        let r = me.unlike_tweet(TEST_USER, UNLIKED).send().await.unwrap();
        assert!(!r.data.liked, "{r:?}");
    }
    assert_eq!(fake.liked_tweet_ids(TEST_USER).len(), 30);
    let likers = me.get_liking_users(UNLIKED).send().await.unwrap();
    assert!(likers.data.is_empty());
    assert_eq!(likers.meta.result_count, Some(0));

    let seen: Vec<(Option<&str>, Option<u16>)> = fake
        .requests()
        .iter()
        .map(|r| (r.endpoint, r.status))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    assert_eq!(seen.len(), 7);
    assert_eq!(seen[0], (Some("like_tweet"), Some(200)));
    assert_eq!(
        fake.requests()[0].body.as_ref().unwrap()["tweet_id"],
        UNLIKED
    );
    assert_eq!(seen[4], (Some("unlike_tweet"), Some(200)));
}

#[tokio::test]
async fn items_page_through_every_stored_like_newest_first_with_real_tokens() {
    let fake = start().await;
    let app = fake.app_client().unwrap();
    assert_eq!(all_liked(&app, 5).await, fake.liked_tweet_ids(TEST_USER));
    let requests = fake.requests();
    assert_eq!(requests.len(), 6, "30 likes, 5 a page");
    assert!(
        requests[0]
            .query
            .iter()
            .all(|(k, _)| k != "pagination_token")
    );
    for r in &requests[1..] {
        assert!(
            r.query.iter().any(|(k, _)| k == "pagination_token"),
            "{r:?}"
        );
    }

    // A token of another list is refused as the API refuses a bad token.
    let first = app
        .get_liked_tweets(TEST_USER)
        .max_results(5)
        .send()
        .await
        .unwrap();
    let token = first.meta.next_token.clone().unwrap();
    let err = app
        .get_liked_tweets(DEV)
        .pagination_token(token.as_str())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[tokio::test]
async fn a_like_made_while_paging_does_not_shift_the_next_page() {
    let fake = start().await;
    let me = fake.oauth1_client(TEST_USER).unwrap();
    let before = fake.liked_tweet_ids(TEST_USER);
    let first = me
        .get_liked_tweets(TEST_USER)
        .max_results(5)
        .send()
        .await
        .unwrap();
    let token = first.meta.next_token.clone().unwrap();
    me.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();
    me.unlike_tweet(TEST_USER, before[1].as_str())
        .send()
        .await
        .unwrap();
    let second = me
        .get_liked_tweets(TEST_USER)
        .max_results(5)
        .pagination_token(token.as_str())
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = second.data.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        before[5..10].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn fields_and_expansions_come_from_the_stored_objects() {
    let fake = start().await;
    let app = fake.app_client().unwrap();
    let page = app
        .get_liked_tweets(TEST_USER)
        .max_results(10)
        .tweet_fields([TweetField::CreatedAt, TweetField::AuthorId])
        .expansions([TweetExpansion::AuthorId])
        .user_fields([UserField::CreatedAt])
        .send()
        .await
        .unwrap();
    assert_eq!(page.data.len(), 10);
    for t in &page.data {
        assert!(t.created_at.is_some(), "tweet.fields asked for created_at");
        assert!(t.lang.is_none(), "lang was not asked for");
        let author = t
            .author_id
            .as_ref()
            .and_then(|a| page.includes.user(a.as_str()));
        let author = author.expect("the author is in includes");
        assert!(
            author.created_at.is_some(),
            "user.fields asked for created_at"
        );
    }
    // Without expansions, no includes.
    let plain = app.get_liked_tweets(TEST_USER).send().await.unwrap();
    assert!(plain.includes.is_empty());
    assert_eq!(plain.data.len(), 30);
    assert!(
        plain
            .data
            .iter()
            .all(|t| t.created_at.is_none() && t.text.is_some())
    );
}

#[tokio::test]
async fn lookups_answer_from_the_store_and_name_what_is_missing() {
    let fake = start().await;
    let me = fake
        .oauth2_client(TEST_USER, &["users.read", "tweet.read"])
        .unwrap();
    let who = me.get_me().send().await.unwrap();
    assert_eq!(who.data.id.as_str(), TEST_USER);
    let dev = me.get_user(DEV).send().await.unwrap();
    assert_eq!(dev.data.username.as_deref(), Some("TwitterDev"));
    // An unknown id: 200 with a resource-not-found problem and no data, an API error.
    let err = me.get_user("1").send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 200, .. }), "{err:?}");
    assert!(
        err.to_string().contains("Could not find user with id: [1]"),
        "{err}"
    );
}

#[tokio::test]
async fn a_request_the_api_would_refuse_gets_the_apis_own_400() {
    let fake = start().await;
    let bearer = Some(format!("Bearer {}", fake.bearer_token()));
    let path = format!("/2/users/{TEST_USER}/liked_tweets?max_results=1000");
    let (status, body) = raw(&fake, reqwest::Method::GET, &path, bearer.clone()).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["type"],
        "https://api.twitter.com/2/problems/invalid-request"
    );
    assert_eq!(body["errors"][0]["parameters"]["max_results"][0], "1000");
    assert!(message(&body).contains("5..=100"), "{body}");

    let path = format!("/2/users/{TEST_USER}/liked_tweets?colour=blue");
    let (status, body) = raw(&fake, reqwest::Method::GET, &path, bearer.clone()).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("[colour] is not one of"), "{body}");

    // A field the API does not have: the values of the spec's field enum are the only ones.
    let path = format!("/2/users/{TEST_USER}/liked_tweets?tweet.fields=created_at,colour");
    let (status, body) = raw(&fake, reqwest::Method::GET, &path, bearer.clone()).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["parameters"]["tweet.fields"][0], "colour");
    let message = message(&body);
    assert!(
        message.starts_with(
            "The `tweet.fields` query parameter value [colour] is not one of [article,"
        ),
        "{message}"
    );

    let (status, _) = raw(
        &fake,
        reqwest::Method::GET,
        "/2/users/abc/liked_tweets",
        bearer.clone(),
    )
    .await;
    assert_eq!(status, 400, "the id pattern");
    let (status, _) = raw(&fake, reqwest::Method::GET, "/2/nothing/here", bearer).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn auth_is_checked_as_the_api_checks_it() {
    let fake = start().await;
    let liked = format!("/2/users/{TEST_USER}/liked_tweets");
    let (status, body) = raw(&fake, reqwest::Method::GET, &liked, None).await;
    assert_eq!(
        (status, body["title"].as_str()),
        (401, Some("Unauthorized"))
    );
    let (status, _) = raw(
        &fake,
        reqwest::Method::GET,
        &liked,
        Some("Bearer not-issued".into()),
    )
    .await;
    assert_eq!(status, 401);
    let likes = format!("/2/users/{TEST_USER}/likes/{UNLIKED}");
    let app = Some(format!("Bearer {}", fake.bearer_token()));
    let (status, body) = raw(&fake, reqwest::Method::DELETE, &likes, app).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["type"],
        "https://api.twitter.com/2/problems/unsupported-authentication"
    );

    // An OAuth 1.0a signature made with the wrong secret does not verify.
    let good = fake.oauth1_credentials(TEST_USER);
    let forged = OAuth1Credentials::new(
        good.consumer_key(),
        "wrong secret",
        good.access_token(),
        "wrong too",
    );
    let client = Client::builder()
        .oauth1_credentials(forged)
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let err = client.get_me().send().await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");

    // An OAuth 2.0 token without like.write.
    let reader = fake
        .oauth2_client(TEST_USER, &["like.read", "tweet.read", "users.read"])
        .unwrap();
    let err = reader
        .like_tweet(TEST_USER, UNLIKED)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let writer = fake
        .oauth2_client(TEST_USER, &["like.write", "tweet.read", "users.read"])
        .unwrap();
    writer.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();
    // Acting for another user.
    let err = writer.like_tweet(DEV, UNLIKED).send().await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
}

#[tokio::test]
async fn a_spent_window_is_a_429_until_the_fakes_clock_passes_its_reset() {
    let fake = start().await;
    let app = fake.app_client().unwrap();
    let mut reset = None;
    for i in 0..75u32 {
        let page = app.get_liking_users(UNLIKED).send().await.unwrap();
        let limit = page
            .rate_limit()
            .expect("x-rate-limit headers on every answer");
        assert_eq!((limit.limit, limit.remaining), (75, 74 - u64::from(i)));
        reset = Some(limit.reset);
    }
    let err = app.get_liking_users(UNLIKED).send().await.unwrap_err();
    let Error::RateLimited {
        rate_limit: Some(limit),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((limit.remaining, Some(limit.reset)), (0, reset));
    // Per user: the same endpoint for a user is a window of its own.
    let user = fake.oauth1_client(TEST_USER).unwrap();
    user.get_liking_users(UNLIKED).send().await.unwrap();

    fake.advance(Duration::from_secs(15 * 60));
    let page = app.get_liking_users(UNLIKED).send().await.unwrap();
    assert_eq!(page.rate_limit().map(|l| l.remaining), Some(74));
}

#[tokio::test]
async fn scripted_faults_meet_the_next_requests() {
    let fake = start().await;
    let app = fake.app_builder().retry(fast_retry()).build().unwrap();
    let once = fake
        .app_builder()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let page = || app.get_liking_users(UNLIKED);

    fake.inject_times(Fault::Status(503), 2);
    page().send().await.expect("retried past two 503s");
    fake.inject(Fault::Reset);
    page().send().await.expect("retried past a reset");
    let statuses: Vec<Option<u16>> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200), None, Some(200)]);

    fake.inject(Fault::NotJson);
    let err = once.get_liking_users(UNLIKED).send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                kind: DecodeKind::NotJson,
                ..
            }
        ),
        "{err:?}"
    );
    // The body ends before its content-length: the client sees the body fail (the retrying
    // client reads it again).
    fake.inject(Fault::Truncated);
    let err = once.get_liking_users(UNLIKED).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_body() || e.is_decode()),
        "{err:?}"
    );
    fake.inject(Fault::Truncated);
    page().send().await.expect("retried past a truncated body");
    fake.inject(Fault::UsageCapped);
    let err = page().send().await.unwrap_err();
    assert!(err.is_usage_capped(), "{err:?}");
    fake.inject(Fault::RateLimited);
    let err = page().send().await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    fake.inject(Fault::EmptyPageWithToken);
    let empty = page().send().await.unwrap();
    assert!(empty.data.is_empty());
    assert!(empty.meta.next_token.is_some());
    // A pager goes past the empty page, following its token, to every like.
    fake.inject(Fault::EmptyPageWithToken);
    assert_eq!(all_liked(&app, 10).await, fake.liked_tweet_ids(TEST_USER));

    let impatient = fake
        .app_builder()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    fake.inject(Fault::Delay(Duration::from_millis(400)));
    let err = impatient
        .get_liking_users(UNLIKED)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_fault_waits_for_a_request_that_passes_the_checks() {
    let fake = start().await;
    fake.inject(Fault::Status(503));
    let path = format!("/2/users/{TEST_USER}/liked_tweets");
    // Refused before the fault: no credentials, an unknown route.
    let (status, _) = raw(&fake, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, 401);
    let bearer = Some(format!("Bearer {}", fake.bearer_token()));
    let (status, _) = raw(&fake, reqwest::Method::GET, "/2/nowhere", bearer.clone()).await;
    assert_eq!(status, 404);
    // The first request that gets through meets it; the next one does not.
    let (status, _) = raw(&fake, reqwest::Method::GET, &path, bearer.clone()).await;
    assert_eq!(status, 503);
    let (status, _) = raw(&fake, reqwest::Method::GET, &path, bearer).await;
    assert_eq!(status, 200);
    let endpoints: Vec<Option<&str>> = fake.requests().iter().map(|r| r.endpoint).collect();
    assert_eq!(
        endpoints,
        [
            Some("get_liked_tweets"),
            None,
            Some("get_liked_tweets"),
            Some("get_liked_tweets")
        ]
    );
}

#[tokio::test]
async fn every_endpoint_of_the_spec_has_a_route_and_a_json_answer() {
    let fake = start().await;
    let routes = fake.routes();
    assert_eq!(
        routes.len(),
        165,
        "every operation of the spec (all features on)"
    );
    for r in routes {
        if let FakeAnswer::Json(text) = r.answer {
            let v: Value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("{}: the answer is not JSON: {e}", r.endpoint.name));
            assert!(
                v.get("errors").is_none(),
                "{}: a success answer has no errors",
                r.endpoint.name
            );
        }
    }
    // The exercise tests call every endpoint against the fake too (common/exercise.rs).
}

#[tokio::test]
async fn the_oauth2_sign_in_runs_end_to_end_and_an_expired_token_is_refreshed() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use twitter_client::oauth2::PkceVerifier;

    let fake = start().await;
    let app = fake.oauth2_app("http://localhost:8080/callback");
    let scopes = [
        "tweet.read",
        "users.read",
        "like.read",
        "like.write",
        "offline.access",
    ];

    // A wrong verifier is refused, and spends the code.
    let verifier = PkceVerifier::new();
    let url = app.authorize_url(&scopes, "state-1", &verifier).unwrap();
    let back = fake.approve(&url).unwrap();
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    assert!(
        app.exchange_code(&code, &PkceVerifier::new())
            .await
            .is_err()
    );
    assert!(
        app.exchange_code(&code, &verifier).await.is_err(),
        "a code works once"
    );
    // An unknown scope is refused at the authorize step.
    let bad = app
        .authorize_url(&["tweet.read", "likes.everything"], "s", &verifier)
        .unwrap();
    assert!(fake.approve(&bad).unwrap_err().starts_with("invalid_scope"));

    let verifier = PkceVerifier::new();
    let url = app.authorize_url(&scopes, "state-2", &verifier).unwrap();
    let back = fake.approve(&url).unwrap();
    let pairs: std::collections::HashMap<_, _> = back.query_pairs().into_owned().collect();
    assert_eq!(pairs["state"], "state-2");
    let token = app.exchange_code(&pairs["code"], &verifier).await.unwrap();
    assert_eq!(token.expires_in(), Some(7200));
    assert!(
        token.refresh_token().is_some(),
        "offline.access gives a refresh token"
    );

    let refreshed = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&refreshed);
    let client = Client::builder()
        .oauth2_user(app, token)
        .base_url(fake.base_url())
        .on_token_refresh(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    assert_eq!(
        client.get_me().send().await.unwrap().data.id.as_str(),
        TEST_USER
    );
    client.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();

    // Two hours later the access token is refused; the client refreshes it and goes on.
    fake.advance(Duration::from_secs(7200));
    assert_eq!(
        client.get_me().send().await.unwrap().data.id.as_str(),
        TEST_USER
    );
    assert_eq!(refreshed.load(Ordering::SeqCst), 1);
    let statuses: Vec<(Option<&str>, Option<u16>)> = fake
        .requests()
        .iter()
        .map(|r| (r.endpoint, r.status))
        .collect();
    assert!(
        statuses.contains(&(Some("get_me"), Some(401))),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn the_likes_firehose_stays_open_and_yields_the_likes_made_through_the_fake() {
    use futures::StreamExt as _;
    let fake = start().await;
    let app = fake.app_client().unwrap();
    let mut firehose = app.likes_firehose_stream(1).stream();
    // First the schema's sample event; the stream then stays open.
    let sample = firehose
        .next()
        .await
        .expect("an event")
        .expect("a like event");
    assert!(sample.data.is_some());

    let me = fake.oauth1_client(TEST_USER).unwrap();
    me.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();
    let like = firehose
        .next()
        .await
        .expect("the like")
        .expect("a like event");
    let data = like.data.expect("data");
    assert_eq!(data.liked_tweet_id.as_deref(), Some(UNLIKED));
    assert_eq!(data.tweet_author_id.as_deref(), Some(DEV));
    assert_eq!(firehose.stats().reconnects(), 0, "the stream stayed open");

    // Liking again is no new like, and no event; a test can send any event of its own.
    me.like_tweet(TEST_USER, UNLIKED).send().await.unwrap();
    let own = serde_json::json!({"data": {"id": "7", "liked_tweet_id": "1293593516040269825"}});
    assert_eq!(fake.send_stream_event("likes_firehose_stream", &own), 1);
    let next = firehose
        .next()
        .await
        .expect("the sent event")
        .expect("a like event");
    assert_eq!(
        next.data.and_then(|d| d.liked_tweet_id).as_deref(),
        Some("1293593516040269825")
    );
    assert_eq!(
        fake.send_stream_event("sample_stream", &own),
        0,
        "no sample stream is open"
    );
    assert_eq!(fake.send_stream_event("get_me", &own), 0, "not a stream");
}
