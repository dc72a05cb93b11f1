//! Pagination against a real HTTP server on 127.0.0.1: short pages that are not last
//! pages, empty pages without `data`, laziness, `.take(n)`, and resuming after a failure;
//! through the generated `get_liked_tweets`.

use crate::common::shapes::GET_BY_NAME;
use crate::common::*;
use futures::{StreamExt, TryStreamExt};
use twitter_client::runtime::RequestBuilder;
use twitter_client::{AppOnly, Client, Error, GetLikedTweets, LikedTweetsPage, RetryPolicy, Tweet};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The `next_token` of the recorded 96-tweet page.
const TOKEN_2: &str = "7140dibdnow9c7btw4543y9ogasjr42z236pfnyg7hsts";

/// Mounts four pages: the recorded short page (96 tweets + next_token), a page of 2, a page
/// with no `data` but a next_token, and the recorded empty last page (only
/// `previous_token`). `expects` gives how many times each page must be fetched.
async fn four_pages(server: &MockServer, expects: [u64; 4]) {
    let ok = |body: String| {
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .insert_header("x-rate-limit-limit", "75")
            .insert_header("x-rate-limit-remaining", "70")
            .insert_header("x-rate-limit-reset", "1661528449")
            .set_body_raw(body, "application/json")
    };
    let base = || {
        Mock::given(method("GET"))
            .and(path("/2/users/2244994945/liked_tweets"))
            .and(query_param("max_results", "100"))
    };
    base()
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ok(fixture("likes/liked_tweets.default_fields.2022.json")))
        .expect(expects[0])
        .named("page 1")
        .mount(server)
        .await;
    base()
        .and(query_param("pagination_token", TOKEN_2))
        .respond_with(ok(page_json(&[1, 2], Some("token-3")).to_string()))
        .expect(expects[1])
        .named("page 2")
        .mount(server)
        .await;
    base()
        .and(query_param("pagination_token", "token-3"))
        .respond_with(ok(page_json(&[], Some("token-4")).to_string()))
        .expect(expects[2])
        .named("page 3")
        .mount(server)
        .await;
    base()
        .and(query_param("pagination_token", "token-4"))
        .respond_with(ok(fixture("likes/liked_tweets.empty_last_page.json")))
        .expect(expects[3])
        .named("page 4")
        .mount(server)
        .await;
}

fn liked_tweets(client: &Client<AppOnly>) -> GetLikedTweets<AppOnly> {
    client.get_liked_tweets("2244994945").max_results(100)
}

#[tokio::test]
async fn items_follow_next_token_across_short_and_empty_pages() {
    let server = MockServer::start().await;
    four_pages(&server, [1, 1, 1, 1]).await;
    let client = app_client(&server.uri());
    let items: Vec<Tweet> = liked_tweets(&client).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 98);
    assert_eq!(items[0].id, "1345434652891373571");
    assert_eq!(items[96].id, "1");
    assert_eq!(items[97].id, "2");
}

#[tokio::test]
async fn pages_report_tokens_and_rate_limits() {
    let server = MockServer::start().await;
    four_pages(&server, [1, 1, 1, 1]).await;
    let client = app_client(&server.uri());
    let mut pages = liked_tweets(&client).pages();
    assert_eq!(pages.next_token(), None);
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!(page.rate_limit().map(|r| r.remaining), Some(70));
        seen.push((
            page.data.len(),
            page.meta.next_token.as_deref().map(str::to_owned),
            pages.next_token().map(str::to_owned),
        ));
    }
    assert_eq!(
        seen,
        vec![
            (96, Some(TOKEN_2.to_owned()), Some(TOKEN_2.to_owned())),
            (2, Some("token-3".to_owned()), Some("token-3".to_owned())),
            (0, Some("token-4".to_owned()), Some("token-4".to_owned())),
            (0, None, None),
        ]
    );
    assert_eq!(pages.pages_fetched(), 4);
    assert!(pages.is_finished());
    assert!(pages.next().await.is_none(), "stays finished");
}

#[tokio::test]
async fn streams_are_lazy() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let pages = liked_tweets(&client).pages();
    let items = liked_tweets(&client).items();
    drop((pages, items));
}

#[tokio::test]
async fn take_fetches_no_extra_page() {
    // Exactly the items of the first page: the second is never asked for.
    let server = MockServer::start().await;
    four_pages(&server, [1, 0, 0, 0]).await;
    let client = app_client(&server.uri());
    let first: Vec<_> = liked_tweets(&client)
        .items()
        .take(96)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 96);
    drop(server);

    // One more item needs the second page, and nothing after it.
    let server = MockServer::start().await;
    four_pages(&server, [1, 1, 0, 0]).await;
    let client = app_client(&server.uri());
    let some: Vec<_> = liked_tweets(&client)
        .items()
        .take(97)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(some.last().map(|t| t.id.as_str()), Some("1"));
    drop(server);

    let server = MockServer::start().await;
    four_pages(&server, [1, 1, 0, 0]).await;
    let client = app_client(&server.uri());
    let pages: Vec<_> = liked_tweets(&client)
        .pages()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_and_can_be_resumed() {
    let server = MockServer::start().await;
    // Page 2 fails twice (no retries here), then works.
    Mock::given(query_param("pagination_token", TOKEN_2))
        .respond_with(ResponseTemplate::new(503).set_body_string("Over capacity"))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    four_pages(&server, [1, 2, 2, 2]).await;
    let client: Client<AppOnly> = app_builder(&server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let mut items = liked_tweets(&client).items();
    let mut got = Vec::new();
    let err = loop {
        match items.next().await {
            Some(Ok(t)) => got.push(t),
            Some(Err(e)) => break e,
            None => panic!("the stream ended without the error"),
        }
    };
    assert_eq!(got.len(), 96, "every item before the failed page");
    assert_eq!(err.status(), Some(503));
    assert!(items.next().await.is_none(), "an error ends the stream");
    let token = items.resume_token().map(str::to_owned);
    assert_eq!(
        token.as_deref(),
        Some(TOKEN_2),
        "the token of the failed request"
    );

    // Resume later from the token, with a new request...
    let mut resumed = liked_tweets(&client)
        .pagination_token(token.unwrap())
        .items();
    assert!(matches!(
        resumed.next().await,
        Some(Err(Error::Api { status: 503, .. }))
    ));
    // ...or re-arm the same stream.
    assert!(resumed.resume());
    assert!(!resumed.resume(), "only after a failure");
    let rest: Vec<Tweet> = resumed.try_collect().await.unwrap();
    assert_eq!(
        rest.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );

    assert!(items.resume());
    let rest: Vec<Tweet> = items.try_collect().await.unwrap();
    assert_eq!(rest.len(), 2);
}

#[tokio::test]
async fn a_repeated_next_token_stops_the_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("pagination_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(&[1], Some("same"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("pagination_token", "same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(&[2], Some("same"))))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let items: Vec<Tweet> = liked_tweets(&client).items().try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn an_endpoint_without_pagination_gives_one_page() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(page_json(&[1, 2], Some("more"))))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    // No generated endpoint pairs a page type with no pagination parameter.
    let mut req = RequestBuilder::new(&client, &GET_BY_NAME);
    req.set("username", "TwitterDev");
    let items: Vec<Tweet> = req.items::<LikedTweetsPage>().try_collect().await.unwrap();
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn a_starting_token_is_used_and_reported() {
    let server = MockServer::start().await;
    four_pages(&server, [0, 0, 1, 1]).await;
    let client = app_client(&server.uri());
    let pages = liked_tweets(&client).pagination_token("token-3").pages();
    assert_eq!(pages.next_token(), Some("token-3"));
    let all: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|p| p.data.is_empty()));
}
