//! Requests and responses against a real HTTP server on 127.0.0.1, through the generated
//! endpoints: validation (nothing is sent), encoding (path, query, JSON body), error mapping
//! of real error bodies, retries, rate limits and timeouts.

use std::time::Duration;

use crate::common::shapes::{CREATE_THING, GET_BY_NAME};
use crate::common::*;
use serde_json::json;
use twitter_client::fake::{FakeX, Fault, TEST_USER};
use twitter_client::runtime::RequestBuilder;
use twitter_client::{
    AppOnly, Client, Error, LikedTweetsPage, OAuth2User, ProblemKind, RateLimitPolicy, RetryPolicy,
    TweetExpansion, TweetField, UserContext,
};
use wiremock::matchers::{
    any, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------- validation

#[tokio::test]
async fn out_of_range_integer_is_refused_before_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    let err = client
        .get_liked_tweets("2244994945")
        .max_results(500)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        invalid(&err),
        (
            "get_liked_tweets",
            Some("max_results"),
            "max_results 500 not in 5..=100"
        )
    );
    assert_eq!(
        err.to_string(),
        "invalid request for get_liked_tweets: max_results 500 not in 5..=100"
    );
    let req = client.get_liked_tweets("2244994945").max_results(4);
    assert!(req.send().await.is_err());
}

#[tokio::test]
async fn bad_id_missing_param_and_empty_list_are_all_reported() {
    let server = silent_server().await;
    let client = app_client(&server.uri());

    let err = client.get_liked_tweets("abc").send().await.unwrap_err();
    assert_eq!(invalid(&err).2, "id \"abc\" does not match ^[0-9]{1,19}$");
    let err = client
        .get_liked_tweets("12345678901234567890")
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid(&err).1, Some("id"));

    // A generated builder always sets its required parameters; a bare one can leave them out.
    let err = RequestBuilder::new(&client, &GET_BY_NAME)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(invalid(&err).2, "missing required parameter username");

    // Several violations at once: all of them, first parameter named.
    let err = client
        .get_liked_tweets("x1")
        .max_results(0)
        .tweet_fields(Vec::<TweetField>::new())
        .pagination_token("")
        .send()
        .await
        .unwrap_err();
    let (_, parameter, message) = invalid(&err);
    assert_eq!(parameter, Some("id"));
    for part in [
        "id \"x1\" does not match",
        "max_results 0 not in 5..=100",
        "pagination_token \"\" is shorter than 1 character",
        "tweet.fields is an empty list",
    ] {
        assert!(message.contains(part), "{part} not in {message}");
    }

    let ids: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
    let err = client.get_users(ids).send().await.unwrap_err();
    assert_eq!(invalid(&err).2, "ids has 101 items, more than 100");

    // An integer parameter given text (only an untyped builder can).
    let mut req = RequestBuilder::new(&client, &GET_BY_NAME);
    req.set("username", "TwitterDev");
    req.set("max_results", "ten");
    let err = req.send::<serde_json::Value>().await.unwrap_err();
    assert_eq!(invalid(&err).2, "max_results \"ten\" is not an integer");
}

#[tokio::test]
async fn pages_and_items_validate_before_sending() {
    use futures::StreamExt;
    let server = silent_server().await;
    let client = app_client(&server.uri());
    let req = client.get_liked_tweets("1").max_results(1000);
    let mut pages = req.clone().pages();
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::InvalidRequest { .. }))
    ));
    assert!(pages.next().await.is_none());
    let mut items = req.items();
    assert!(matches!(
        items.next().await,
        Some(Err(Error::InvalidRequest { .. }))
    ));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn path_segments_cannot_escape() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    for bad in ["", ".", ".."] {
        let mut req = RequestBuilder::new(&client, &GET_BY_NAME);
        req.set("username", bad);
        let err = req.send::<serde_json::Value>().await.unwrap_err();
        assert_eq!(invalid(&err).1, Some("username"), "{bad:?}");
    }
}

// ---------------------------------------------------------------- encoding

#[tokio::test]
async fn path_segment_is_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let mut req = RequestBuilder::new(&client, &GET_BY_NAME);
    req.set("username", "a/b c?d#é..");
    req.send::<serde_json::Value>().await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.url.path(),
        "/2/users/by/username/a%2Fb%20c%3Fd%23%C3%A9.."
    );
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn query_lists_are_comma_joined_and_deduplicated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/liked_tweets"))
        .and(query_param(
            "tweet.fields",
            "created_at,author_id,public_metrics",
        ))
        .and(query_param("expansions", "author_id"))
        .and(query_param("max_results", "100"))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(&[1], None)))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let page = client
        .get_liked_tweets("2244994945")
        .max_results(100)
        .tweet_fields([
            TweetField::CreatedAt,
            TweetField::AuthorId,
            TweetField::CreatedAt,
            TweetField::PublicMetrics,
        ])
        .expansions([TweetExpansion::AuthorId, TweetExpansion::AuthorId])
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id, "1");
    let sent = &server.received_requests().await.unwrap()[0];
    // Spec order, RFC 3986 encoding (the comma too).
    assert_eq!(
        sent.url.query(),
        Some(
            "max_results=100&tweet.fields=created_at%2Cauthor_id%2Cpublic_metrics&expansions=author_id"
        )
    );
}

#[tokio::test]
async fn json_body_has_typed_members_and_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/prefix/2/things"))
        .and(query_param("dry_run", "true"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "text": "héllo \"world\"",
            "count": 3,
            "flag": false,
            "reply": {"in_reply_to_tweet_id": "1"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "9"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/prefix/2/things"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "10"}})))
        .expect(1)
        .mount(&server)
        .await;

    // A base URL with a path keeps it as a prefix.
    let client: Client<OAuth2User> = Client::builder()
        .base_url(format!("{}/prefix/", server.uri()))
        .oauth2_user_token("t")
        .build()
        .unwrap();
    let mut req = RequestBuilder::new(&client, &CREATE_THING);
    req.set("text", "héllo \"world\"");
    req.set("count", 3u32);
    req.set("flag", false);
    req.set("reply", json!({"in_reply_to_tweet_id": "1"}));
    req.set("dry_run", true);
    let created = req.send::<serde_json::Value>().await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created["data"]["id"], "9");
    // A POST whose body members are all optional and unset still sends `{}`.
    let created = RequestBuilder::new(&client, &CREATE_THING)
        .send::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(created.into_inner()["data"]["id"], "10");
}

// ---------------------------------------------------------------- error bodies

/// `like_tweet("1", "2")`.
async fn like<A: UserContext>(
    client: &Client<A>,
) -> twitter_client::Result<twitter_client::Response<twitter_client::LikeResponse>> {
    client.like_tweet("1", "2").send().await
}

#[tokio::test]
async fn invalid_request_400_with_parameters_messages() {
    let server = respond_once(problem_body(
        400,
        fixture("errors/like.400.invalid_request.json"),
    ))
    .await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    match &err {
        Error::Api {
            status,
            problems,
            title,
            detail,
            problem_type,
            body,
            ..
        } => {
            assert_eq!(*status, 400);
            assert_eq!(title.as_deref(), Some("Invalid Request"));
            assert_eq!(
                detail.as_deref(),
                Some("One or more parameters to your request was invalid.")
            );
            assert_eq!(
                problem_type.as_deref(),
                Some("https://api.twitter.com/2/problems/invalid-request")
            );
            assert_eq!(problems.len(), 1);
            assert_eq!(
                problems[0].message.as_deref(),
                Some("Requests with bodies must have content-type of application/json.")
            );
            assert_eq!(problems[0].parameters, Some(json!({})));
            assert!(body.contains("invalid-request"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "HTTP 400 from like_tweet: One or more parameters to your request was invalid. | Requests with bodies must have content-type of application/json."
    );
}

#[tokio::test]
async fn search_400_keeps_the_parameters() {
    let server = respond_once(problem_body(
        400,
        fixture("errors/search_all.400.invalid_request.json"),
    ))
    .await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(
        problem.parameters.as_ref().unwrap()["start_time"][0],
        "2020-06-21T01:00Z"
    );
    assert!(
        err.to_string()
            .contains("'start_time' must be before 'end_time'"),
        "{err}"
    );
}

#[tokio::test]
async fn about_blank_401_and_403() {
    for (status, file, message) in [
        (
            401,
            "errors/search_all.401.unauthorized.json",
            "HTTP 401 from like_tweet: Unauthorized",
        ),
        (
            403,
            "errors/liking_users.403.forbidden.json",
            "HTTP 403 from like_tweet: Forbidden",
        ),
    ] {
        let server = respond_once(problem_body(status, fixture(file))).await;
        let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.problems().len(), 1, "the top-level problem");
        assert_eq!(err.problems()[0].kind(), ProblemKind::AboutBlank);
        assert_eq!(err.problems()[0].status, Some(i64::from(status)));
        assert_eq!(err.to_string(), message);
    }
}

#[tokio::test]
async fn ok_status_with_errors_and_no_data_is_an_api_error() {
    // For a type that needs `data`...
    let server = respond_once(problem_body(
        200,
        fixture("errors/liking_users.200.errors_only.json"),
    ))
    .await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    match &err {
        Error::Api {
            status: 200,
            problems,
            ..
        } => {
            assert_eq!(problems[0].kind(), ProblemKind::ResourceNotFound);
            assert_eq!(
                problems[0].resource_id.as_deref(),
                Some("1553481126915854339")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "HTTP 200 from like_tweet: Could not find tweet with id: [1553481126915854339]."
    );
    // ...and for a page type whose `data` defaults to empty.
    let server = respond_once(problem_body(
        200,
        fixture("errors/liking_users.200.errors_only.json"),
    ))
    .await;
    let client = app_client(&server.uri());
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 200, .. }), "{err:?}");
}

#[tokio::test]
async fn errors_beside_data_are_part_of_the_page() {
    let server = respond_once(problem_body(
        200,
        fixture("likes/liked_tweets.all_fields.json"),
    ))
    .await;
    let client = app_client(&server.uri());
    let page = client.get_liked_tweets("1").send().await.unwrap();
    assert_eq!(page.data.len(), 30);
    assert_eq!(page.errors.len(), 2);
    assert_eq!(page.errors[1].title.as_deref(), Some("Forbidden"));
    assert_eq!(page.errors[1].kind(), ProblemKind::ResourceNotFound);
    // The body round-trips through the page type.
    let original: serde_json::Value =
        serde_json::from_str(&fixture("likes/liked_tweets.all_fields.json")).unwrap();
    assert_eq!(serde_json::to_value(&*page).unwrap(), original);
}

#[tokio::test]
async fn html_and_plain_text_bodies() {
    let html = "<!DOCTYPE html>\n<html><head><title>Twitter / ?</title></head><body>Sorry, that page doesn’t exist!</body></html>";
    let server = respond_once(
        ResponseTemplate::new(404)
            .insert_header("content-type", "text/html; charset=utf-8")
            .set_body_string(html),
    )
    .await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    match &err {
        Error::Api {
            status: 404,
            problems,
            body,
            ..
        } => {
            assert!(problems.is_empty());
            assert_eq!(body, html);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "HTTP 404 from like_tweet: Twitter / ? (HTML page)"
    );

    let server = respond_once(
        ResponseTemplate::new(403)
            .insert_header("content-type", "text/plain")
            .set_body_string("Forbidden by policy\nsecond line"),
    )
    .await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "HTTP 403 from like_tweet: Forbidden by policy"
    );

    let server = respond_once(ResponseTemplate::new(400)).await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    assert_eq!(err.to_string(), "HTTP 400 from like_tweet: Bad Request");

    // HTML with a 200 is a decode error, with an excerpt of the body.
    let server = respond_once(ResponseTemplate::new(200).set_body_string(html)).await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    match &err {
        Error::Decode {
            status: 200,
            body_excerpt,
            ..
        } => assert!(body_excerpt.starts_with("<!DOCTYPE")),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn decode_errors_carry_the_json_path() {
    let body = json!({"data": [{"id": "1", "text": "ok"}, {"id": "2", "text": 5}], "meta": {}});
    let server = respond_once(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = app_client(&server.uri());
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            message,
            body_excerpt,
            endpoint,
            ..
        } => {
            assert_eq!((*status, *endpoint), (200, "get_liked_tweets"));
            assert_eq!(path, "data[1].text");
            assert!(message.contains("invalid type"), "{message}");
            assert!(body_excerpt.contains("\"text\":5"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("`data[1].text`"), "{err}");

    for body in [
        "{\"data\": {\"liked\": tru",
        "",
        "{\"data\":{\"liked\":true}} trailing",
        "null",
    ] {
        let server =
            respond_once(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
        match &err {
            Error::Decode { body_excerpt, .. } => assert_eq!(body_excerpt, body),
            other => panic!("unexpected {other:?} for {body:?}"),
        }
    }

    // Excerpts stop at 512 characters, on a character boundary.
    let long = format!("{{\"data\": \"{}\"}}", "é".repeat(2000));
    let server =
        respond_once(ResponseTemplate::new(200).set_body_raw(long, "application/json")).await;
    let err = like(&oauth1_client(&server.uri())).await.unwrap_err();
    match &err {
        Error::Decode {
            body_excerpt, path, ..
        } => {
            assert_eq!(body_excerpt.chars().count(), 513, "512 and an ellipsis");
            assert_eq!(path, "data");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn empty_body_decodes_into_unit_types() {
    let server = respond_once(ResponseTemplate::new(204)).await;
    let client = app_client(&server.uri());
    let mut req = RequestBuilder::new(&client, &GET_BY_NAME);
    req.set("username", "TwitterDev");
    let resp = req.send::<Option<serde_json::Value>>().await.unwrap();
    assert_eq!(resp.status(), 204);
    assert!(resp.is_none());
}

// ---------------------------------------------------------------- rate limits

fn too_many(reset_epoch: u64, remaining: u32, body: String) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("content-type", "application/json")
        .insert_header("x-rate-limit-limit", "75")
        .insert_header("x-rate-limit-remaining", remaining.to_string().as_str())
        .insert_header("x-rate-limit-reset", reset_epoch.to_string().as_str())
        .set_body_raw(body, "application/json")
}

#[tokio::test]
async fn rate_limited_by_default_returns_at_once() {
    let reset = now_epoch() + 1;
    let server = respond_once(too_many(
        reset,
        0,
        fixture("errors/like.429.too_many_requests.json"),
    ))
    .await;
    let client = app_client(&server.uri());
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    match &err {
        Error::RateLimited {
            status: 429,
            reset: Some(at),
            rate_limit: Some(rl),
            problems,
            ..
        } => {
            assert_eq!(*at, std::time::UNIX_EPOCH + Duration::from_secs(reset));
            assert_eq!((rl.limit, rl.remaining, rl.reset_epoch), (75, 0, reset));
            assert_eq!(problems[0].title.as_deref(), Some("Too Many Requests"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.is_rate_limited());
    assert!(
        err.to_string()
            .starts_with("rate limited (HTTP 429) on get_liked_tweets: Too Many Requests"),
        "{err}"
    );
}

#[tokio::test]
async fn plain_text_429_is_rate_limited() {
    let server = respond_once(
        ResponseTemplate::new(429)
            .insert_header("content-type", "text/plain")
            .set_body_string("Rate limit exceeded\n"),
    )
    .await;
    let client = app_client(&server.uri());
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert!(
        matches!(&err, Error::RateLimited { reset: None, rate_limit: None, problems, .. } if problems.is_empty()),
        "{err:?}"
    );
}

#[tokio::test]
async fn wait_policy_waits_for_the_reset_then_retries() {
    let server = MockServer::start().await;
    first_n_then(
        &server,
        || Mock::given(method("GET")),
        1,
        too_many(
            now_epoch() + 1,
            0,
            fixture("errors/like.429.too_many_requests.json"),
        ),
        ResponseTemplate::new(200).set_body_json(page_json(&[7], None)),
        1,
    )
    .await;
    let client = app_builder(&server.uri())
        .rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(30)).margin(Duration::ZERO))
        .build()
        .unwrap();
    let page = client.get_liked_tweets("1").send().await.unwrap();
    assert_eq!(page.data[0].id, "7");
}

#[tokio::test]
async fn wait_policy_gives_up_when_the_reset_is_too_far_or_keeps_failing() {
    let server = respond_once(too_many(now_epoch() + 3600, 0, String::new())).await;
    let client = app_builder(&server.uri())
        .rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(60)))
        .build()
        .unwrap();
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");

    // A reset already passed (clock skew): at most `max_waits` immediate retries.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(too_many(now_epoch().saturating_sub(5), 0, String::new()))
        .expect(3)
        .mount(&server)
        .await;
    let client = app_builder(&server.uri())
        .rate_limit_policy(
            RateLimitPolicy::wait(Duration::from_secs(60))
                .margin(Duration::ZERO)
                .max_waits(2),
        )
        .build()
        .unwrap();
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
}

#[tokio::test]
async fn usage_capped_429_is_an_api_error_and_never_waited_on() {
    let body = json!({
        "title": "UsageCapExceeded",
        "detail": "Usage cap exceeded: Monthly product cap",
        "type": "https://api.x.com/2/problems/usage-capped",
        "period": "Monthly",
        "scope": "Product"
    })
    .to_string();
    // The window headers still show quota left.
    let server = respond_once(too_many(now_epoch() + 1, 74, body)).await;
    let client = app_builder(&server.uri())
        .rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(30)))
        .build()
        .unwrap();
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    match &err {
        Error::Api {
            status: 429,
            problems,
            rate_limit: Some(rl),
            ..
        } => {
            assert_eq!(problems[0].kind(), ProblemKind::UsageCapped);
            assert_eq!(
                serde_json::to_value(&problems[0]).unwrap()["period"],
                "Monthly"
            );
            assert_eq!(rl.remaining, 74);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.is_usage_capped());
    assert!(!err.is_rate_limited());
    assert_eq!(
        err.to_string(),
        "HTTP 429 from get_liked_tweets: Usage cap exceeded: Monthly product cap"
    );
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn a_503_storm_that_ends_is_ridden_out() {
    let fake = FakeX::start().await.unwrap();
    fake.inject_times(Fault::Status(503), 2);
    let client = fake.app_builder().retry(fast_retry()).build().unwrap();
    let page = client.get_liked_tweets(TEST_USER).send().await.unwrap();
    assert_eq!(page.data.len(), 30);
    let statuses: Vec<Option<u16>> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
}

#[tokio::test]
async fn a_503_storm_that_does_not_end_returns_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Over capacity"))
        .expect(3)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        err.to_string(),
        "HTTP 503 from get_liked_tweets: Over capacity"
    );

    // A longer policy makes more attempts; `none()` makes one.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .expect(5)
        .mount(&server)
        .await;
    let client = app_builder(&server.uri())
        .retry(fast_retry().max_attempts(5))
        .build()
        .unwrap();
    assert_eq!(
        client
            .get_liked_tweets("1")
            .send()
            .await
            .unwrap_err()
            .status(),
        Some(502)
    );

    let server = respond_once(ResponseTemplate::new(500)).await;
    let client = app_builder(&server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(
        client
            .get_liked_tweets("1")
            .send()
            .await
            .unwrap_err()
            .status(),
        Some(500)
    );
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_ends_retries() {
    let server =
        respond_once(ResponseTemplate::new(503).insert_header("retry-after", "3600")).await;
    let client = app_client(&server.uri());
    assert_eq!(
        client
            .get_liked_tweets("1")
            .send()
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = respond_once(problem_body(
        403,
        fixture("errors/liking_users.403.forbidden.json"),
    ))
    .await;
    let client = app_client(&server.uri());
    assert_eq!(
        client
            .get_liked_tweets("1")
            .send()
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn post_is_not_retried_unless_opted_in() {
    const TWEET: &str = "1346889436626259968";
    let fake = FakeX::start().await.unwrap();
    fake.inject(Fault::Status(503));
    let once = fake
        .oauth1_builder(TEST_USER)
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = once.like_tweet(TEST_USER, TWEET).send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(fake.requests().len(), 1, "no retry");
    assert!(!fake.liked_tweet_ids(TEST_USER).iter().any(|t| t == TWEET));

    fake.inject_times(Fault::Status(503), 2);
    let patient = fake
        .oauth1_builder(TEST_USER)
        .retry(fast_retry().retry_non_idempotent(true))
        .build()
        .unwrap();
    assert!(
        patient
            .like_tweet(TEST_USER, TWEET)
            .send()
            .await
            .unwrap()
            .data
            .liked
    );
    assert_eq!(fake.requests().len(), 4, "two 503s retried, then liked");
    assert_eq!(fake.liked_tweet_ids(TEST_USER)[0], TWEET);
}

// ---------------------------------------------------------------- transport

#[tokio::test]
async fn timeouts_are_reported_as_such() {
    let server = respond_once(
        ResponseTemplate::new(200)
            .set_body_json(page_json(&[1], None))
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let client = app_builder(&server.uri())
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)));
    assert!(err.to_string().starts_with("HTTP transport error"), "{err}");
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let fake = FakeX::start().await.unwrap();
    fake.inject(Fault::Delay(Duration::from_secs(2)));
    let client = fake
        .app_builder()
        .timeout(Duration::from_millis(200))
        .retry(fast_retry())
        .build()
        .unwrap();
    let page = client.get_liked_tweets(TEST_USER).send().await.unwrap();
    assert_eq!(page.data.len(), 30);
    // The second attempt was answered while the first still waited.
    assert_eq!(fake.requests()[0].status, Some(200));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = app_client(&format!("http://{addr}"));
    let err = client.get_liked_tweets("1").send().await.unwrap_err();
    match &err {
        Error::Transport(e) => assert!(e.is_connect(), "{e:?}"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
}

#[test]
fn futures_and_streams_are_send() {
    fn send<T: Send>(_: &T) {}
    fn unpin<T: Unpin>() {}
    let client = Client::builder().bearer_token("t").build().unwrap();
    let req = client.get_liked_tweets("1");
    send(&req.clone().send());
    send(&req.clone().pages());
    send(&req.items());
    unpin::<twitter_client::Pages<LikedTweetsPage>>();
    unpin::<twitter_client::Items<LikedTweetsPage>>();
    fn sync<T: Send + Sync + 'static>() {}
    fn cheap_clone<T: Clone>() {}
    sync::<Client<AppOnly>>();
    cheap_clone::<Client<AppOnly>>();
    sync::<Error>();
}
