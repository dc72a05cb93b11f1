//! The eight proof endpoints of issue 10 (one of each shape) against a real HTTP server on
//! 127.0.0.1: the exact request (method, path, query, JSON body, auth header kind) and the
//! decoded response. Every request is also checked against the official OpenAPI operation
//! (`common::openapi::check_request`: parameter names declared, required ones present, the body
//! valid against the operation's request schema), not only against our own spec.
//!
//! The response bodies are built from the official document's examples (the `example` of the
//! `User`, `Tweet`, `DmConversationId`, `DmEventId`, `MediaId` components) where it has them;
//! it has none for the counts, delete and follow answers, which are written after their schemas.

use crate::common::openapi::{check_request, component, document, problems};
use crate::common::*;
use futures::TryStreamExt;
use serde_json::{Value, json};
use twitter_client::time::OffsetDateTime;
use twitter_client::{
    CreateTweetAppInstall, CreateTweetCallToActions, CreateTweetLinkCta, CreateTweetMedia,
    CreateTweetPoll, CreateTweetReply, CreateTweetReplySettings, DmMediaAttachment, Granularity,
    SearchCountField, SortOrder, TweetExpansion, TweetField, UserField,
};
use wiremock::matchers::{body_json, header, header_regex, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const OAUTH2_TOKEN: &str = "dGVzdC1vYXV0aDItdXNlci10b2tlbg";

/// A user-context client with an OAuth 2.0 user token.
fn oauth2_client(base: &str) -> twitter_client::Client<twitter_client::OAuth2User> {
    twitter_client::Client::builder()
        .base_url(base)
        .oauth2_user_token(OAUTH2_TOKEN)
        .retry(fast_retry())
        .build()
        .expect("valid configuration")
}

fn example(name: &str) -> Value {
    component(name)["example"].clone()
}

/// Every request the server received.
async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "exactly one request");
    all.pop().unwrap()
}

fn json_body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).expect("a JSON body")
}

fn oauth1_header() -> wiremock::matchers::HeaderRegexMatcher {
    header_regex("authorization", r#"^OAuth .*oauth_signature=""#)
}

// ------------------------------------------------------------ GET /2/users/{id}/followers

#[tokio::test]
async fn get_followers_sends_the_exact_query_with_app_only_auth() {
    let server = MockServer::start().await;
    let user = example("User");
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/followers"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [user],
            "meta": { "result_count": 1, "next_token": "DFEDBNRFT3MHCZZZ" }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = app_client(&server.uri())
        .get_followers("2244994945")
        .max_results(1000)
        .user_fields([UserField::CreatedAt, UserField::Protected])
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("max_results=1000&user.fields=created_at%2Cprotected")
    );
    check_request("/2/users/{id}/followers", &req);
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, "2244994945");
    assert_eq!(page.data[0].username.as_deref(), Some("TwitterDev"));
    assert_eq!(page.data[0].protected, Some(false));
    assert_eq!(page.meta.result_count, Some(1));
    assert_eq!(page.meta.next_token.as_deref(), Some("DFEDBNRFT3MHCZZZ"));
}

#[tokio::test]
async fn get_followers_refuses_a_short_pagination_token_before_sending() {
    let server = MockServer::start().await;
    let err = app_client(&server.uri())
        .get_followers("2244994945")
        .pagination_token("short")
        .send()
        .await
        .unwrap_err();
    let (endpoint, param, _) = invalid(&err);
    assert_eq!(
        (endpoint, param),
        ("get_followers", Some("pagination_token"))
    );
    assert!(requests(&server).await.is_empty());
}

// ------------------------------------------------------------ GET /2/users/{id}/bookmarks

#[tokio::test]
async fn get_bookmarks_sends_an_oauth2_user_token_and_decodes_tweets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/bookmarks"))
        .and(header(
            "authorization",
            format!("Bearer {OAUTH2_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [example("Tweet")],
            "includes": { "users": [example("User")] },
            "meta": { "result_count": 1 }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = oauth2_client(&server.uri())
        .get_bookmarks("2244994945")
        .max_results(5)
        .expansions([TweetExpansion::AuthorId])
        .tweet_fields([TweetField::CreatedAt])
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("max_results=5&tweet.fields=created_at&expansions=author_id")
    );
    check_request("/2/users/{id}/bookmarks", &req);
    assert_eq!(page.data[0].id, "1346889436626259968");
    assert_eq!(page.data[0].author_id.as_deref(), Some("2244994945"));
    let author = page.includes.user("2244994945").expect("the author");
    assert_eq!(author.name.as_deref(), Some("X Dev"));
    assert_eq!(page.meta.next_token, None);
}

// ------------------------------------------------------------ GET /2/tweets/search/recent

#[tokio::test]
async fn search_recent_pages_by_next_token_with_date_times_and_sort_order() {
    let server = MockServer::start().await;
    let query = "(from:TwitterDev OR from:TwitterAPI) has:media -is:retweet";
    let tweet = example("Tweet");
    let mut second = tweet.clone();
    second["id"] = json!("1346889436626259967");
    // The second page is asked for with next_token (never pagination_token).
    Mock::given(method("GET"))
        .and(path("/2/tweets/search/recent"))
        .and(query_param("next_token", "b26v89c19zqg8o3fpzbkk4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [second],
            "meta": { "newest_id": "1346889436626259967", "oldest_id": "1346889436626259967", "result_count": 1 }
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/search/recent"))
        .and(oauth1_header())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [tweet],
            "meta": {
                "newest_id": "1346889436626259968",
                "oldest_id": "1346889436626259968",
                "result_count": 1,
                "next_token": "b26v89c19zqg8o3fpzbkk4"
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    // 2021-01-01T00:00:00Z and, given at +02:00, 2021-01-02T10:30:00Z.
    let start = OffsetDateTime::from_unix_timestamp(1_609_459_200).unwrap();
    let end = OffsetDateTime::from_unix_timestamp(1_609_583_400)
        .unwrap()
        .to_offset(twitter_client::time::UtcOffset::from_hms(2, 0, 0).unwrap());
    let items: Vec<twitter_client::Tweet> = oauth1_client(&server.uri())
        .search_recent(query)
        .start_time(start)
        .end_time(end)
        .since_id("1346889436626259000")
        .sort_order(SortOrder::Recency)
        .max_results(10)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        items.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["1346889436626259968", "1346889436626259967"]
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    let first_query = "query=%28from%3ATwitterDev%20OR%20from%3ATwitterAPI%29%20has%3Amedia%20-is%3Aretweet\
        &start_time=2021-01-01T00%3A00%3A00Z&end_time=2021-01-02T10%3A30%3A00Z\
        &since_id=1346889436626259000&max_results=10&sort_order=recency";
    assert_eq!(sent[0].url.query(), Some(first_query));
    assert_eq!(
        sent[1].url.query().map(str::to_owned),
        Some(format!("{first_query}&next_token=b26v89c19zqg8o3fpzbkk4"))
    );
    for req in &sent {
        assert!(
            req.headers["authorization"]
                .to_str()
                .unwrap()
                .starts_with("OAuth ")
        );
        check_request("/2/tweets/search/recent", req);
    }
}

// ------------------------------------------------------------ GET /2/tweets/counts/recent

#[tokio::test]
async fn count_recent_sends_granularity_app_only_and_decodes_counts_with_their_meta() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/counts/recent"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                { "end": "2021-01-02T00:00:00.000Z", "start": "2021-01-01T00:00:00.000Z", "tweet_count": 13 },
                { "end": "2021-01-03T00:00:00.000Z", "start": "2021-01-02T00:00:00.000Z", "tweet_count": 7 }
            ],
            "meta": { "total_tweet_count": 20 }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let counts = app_client(&server.uri())
        .count_recent("from:TwitterDev")
        .granularity(Granularity::Day)
        .search_count_fields([SearchCountField::TweetCount, SearchCountField::Start])
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(
        req.url.query(),
        Some("query=from%3ATwitterDev&granularity=day&search_count.fields=tweet_count%2Cstart")
    );
    check_request("/2/tweets/counts/recent", &req);
    assert_eq!(counts.data.len(), 2);
    assert_eq!(counts.data[0].tweet_count, Some(13));
    assert_eq!(
        counts.data[1].start.as_deref(),
        Some("2021-01-02T00:00:00.000Z")
    );
    assert_eq!(counts.meta.total_tweet_count, Some(20));
    assert_eq!(counts.meta.next_token, None);
}

// ------------------------------------------------------------ POST /2/tweets

#[tokio::test]
async fn create_tweet_sends_the_nested_body_and_decodes_the_201() {
    let server = MockServer::start().await;
    let expected = json!({
        "text": "Are you excited for the weekend?",
        "poll": {
            "options": ["yes", "maybe", "no"],
            "duration_minutes": 120,
            "reply_settings": "following"
        },
        "reply": {
            "in_reply_to_tweet_id": "1346889436626259968",
            "exclude_reply_user_ids": ["2244994945"]
        },
        "reply_settings": "mentionedUsers",
        "for_super_followers_only": false
    });
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(header("content-type", "application/json"))
        .and(oauth1_header())
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": { "id": "1445880548472328192", "text": "Are you excited for the weekend?" }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = oauth1_client(&server.uri())
        .create_tweet()
        .text("Are you excited for the weekend?")
        .poll(
            CreateTweetPoll::new(["yes", "maybe", "no"], 120)
                .reply_settings(CreateTweetReplySettings::Following),
        )
        .reply(CreateTweetReply::new("1346889436626259968").exclude_reply_user_ids(["2244994945"]))
        .reply_settings(CreateTweetReplySettings::MentionedUsers)
        .for_super_followers_only(false)
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.query(), None);
    assert_eq!(json_body(&req), expected);
    check_request("/2/tweets", &req);
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.data.id, "1445880548472328192");
    assert_eq!(
        created.data.text.as_deref(),
        Some("Are you excited for the weekend?")
    );
}

#[tokio::test]
async fn create_tweet_with_media_only_is_valid_and_with_media_and_poll_sends_nothing() {
    let server = MockServer::start().await;
    let media_id = example("MediaId");
    let expected =
        json!({ "media": { "media_ids": [media_id], "tagged_user_ids": ["2244994945"] } });
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": { "id": "1445880548472328192", "text": "https://t.co/abc" }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = oauth1_client(&server.uri());
    let media = CreateTweetMedia::new([media_id.as_str().unwrap()]).tagged_user_ids(["2244994945"]);

    let created = client
        .create_tweet()
        .media(media.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.id, "1445880548472328192");
    check_request("/2/tweets", &only_request(&server).await);

    // Refused before sending: media and poll exclude each other; an empty body; five media.
    let err = client
        .create_tweet()
        .text("both")
        .media(media)
        .poll(CreateTweetPoll::new(["a", "b"], 5))
        .send()
        .await
        .unwrap_err();
    let (endpoint, _, message) = invalid(&err);
    assert_eq!(endpoint, "create_tweet");
    assert!(message.contains("exclude each other"), "{message}");
    let err = client.create_tweet().send().await.unwrap_err();
    assert!(
        invalid(&err).2.contains("at least one of text, media"),
        "{err}"
    );
    let err = client
        .create_tweet()
        .media(CreateTweetMedia::new(["1", "2", "3", "4", "5"]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid(&err).0, "create_tweet");
    assert_eq!(requests(&server).await.len(), 1, "nothing more was sent");
}

/// `media.call_to_actions`: a request schema with no required member (so `Default`), whose
/// variants exclude each other and one of which must be set; `app_install` needs one store id.
#[tokio::test]
async fn create_tweet_call_to_actions_nest_and_their_rules_hold_before_sending() {
    let server = MockServer::start().await;
    let expected = json!({ "media": { "media_ids": ["1146654567674912769"],
        "call_to_actions": { "visit_site": { "url": "https://example.com/a" } } } });
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": { "id": "1445880548472328192", "text": "https://t.co/abc" }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = oauth1_client(&server.uri());
    let media = |cta: CreateTweetCallToActions| {
        CreateTweetMedia::new(["1146654567674912769"]).call_to_actions(cta)
    };
    let visit = CreateTweetCallToActions::default()
        .visit_site(CreateTweetLinkCta::new("https://example.com/a"));
    client
        .create_tweet()
        .media(media(visit))
        .send()
        .await
        .unwrap();
    check_request("/2/tweets", &only_request(&server).await);

    let refused = [
        (
            CreateTweetCallToActions::default(),
            "media.call_to_actions needs at least one of media.call_to_actions.app_install",
        ),
        (
            CreateTweetCallToActions::default()
                .visit_site(CreateTweetLinkCta::new("https://example.com/a"))
                .watch_now(CreateTweetLinkCta::new("https://example.com/b")),
            "exclude each other",
        ),
        (
            CreateTweetCallToActions::default().app_install(CreateTweetAppInstall::default()),
            "needs at least one of media.call_to_actions.app_install.app_store_id",
        ),
        (
            CreateTweetCallToActions::default()
                .watch_now(CreateTweetLinkCta::new("http://example.com/plain")),
            "does not match ^https://.+$",
        ),
    ];
    for (cta, want) in refused {
        let err = client
            .create_tweet()
            .media(media(cta))
            .send()
            .await
            .unwrap_err();
        assert!(invalid(&err).2.contains(want), "{want}: {err}");
    }
    assert_eq!(requests(&server).await.len(), 1, "nothing more was sent");
}

// ------------------------------------------------------------ DELETE /2/tweets/{id}

#[tokio::test]
async fn delete_tweet_sends_no_body_and_decodes_deleted() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/2/tweets/1346889436626259968"))
        .and(header(
            "authorization",
            format!("Bearer {OAUTH2_TOKEN}").as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "data": { "deleted": true } })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let deleted = oauth2_client(&server.uri())
        .delete_tweet("1346889436626259968")
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.query(), None);
    assert!(req.body.is_empty());
    check_request("/2/tweets/{id}", &req);
    assert!(deleted.data.deleted);
}

// ------------------------------------------------------------ POST /2/users/{id}/following

#[tokio::test]
async fn follow_user_sends_the_target_and_decodes_a_pending_follow() {
    let server = MockServer::start().await;
    let expected = json!({ "target_user_id": "2244994945" });
    Mock::given(method("POST"))
        .and(path("/2/users/1072250532645998596/following"))
        .and(oauth1_header())
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": { "following": false, "pending_follow": true }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let follow = oauth1_client(&server.uri())
        .follow_user("1072250532645998596", "2244994945")
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(json_body(&req), expected);
    check_request("/2/users/{id}/following", &req);
    assert_eq!(follow.data.following, Some(false));
    assert_eq!(follow.data.pending_follow, Some(true));
}

// ------------------------------------------------------------ POST /2/dm_conversations/with/{participant_id}/messages

#[tokio::test]
async fn send_dm_sends_text_and_attachments_and_decodes_the_201() {
    let server = MockServer::start().await;
    let media_id = example("MediaId");
    let expected = json!({ "text": "Hello!", "attachments": [{ "media_id": media_id }] });
    Mock::given(method("POST"))
        .and(path("/2/dm_conversations/with/2244994945/messages"))
        .and(header(
            "authorization",
            format!("Bearer {OAUTH2_TOKEN}").as_str(),
        ))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": {
                "dm_conversation_id": example("DmConversationId"),
                "dm_event_id": example("DmEventId")
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = oauth2_client(&server.uri());

    let sent = client
        .send_dm("2244994945")
        .text("Hello!")
        .attachments([DmMediaAttachment::new(media_id.as_str().unwrap())])
        .send()
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_eq!(json_body(&req), expected);
    check_request("/2/dm_conversations/with/{participant_id}/messages", &req);
    assert_eq!(sent.status().as_u16(), 201);
    assert_eq!(sent.data.dm_conversation_id, "123123123-456456456");
    assert_eq!(sent.data.dm_event_id, "1146654567674912769");

    // Neither text nor attachments: refused before sending (the document's anyOf).
    let err = client.send_dm("2244994945").send().await.unwrap_err();
    assert!(
        invalid(&err)
            .2
            .contains("at least one of text, attachments"),
        "{err}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

// ------------------------------------------------------------ the OpenAPI checker itself

/// The checker can fail: bodies and queries the official operations refuse are reported.
#[test]
fn the_openapi_checker_reports_what_the_document_refuses() {
    let create = document()
        .pointer("/components/schemas/TweetCreateRequest")
        .unwrap();
    assert!(problems(create, &json!({ "text": "ok" })).is_empty());
    let bad = json!({
        "text": 5,
        "poll": { "options": ["only one"], "duration_minutes": 1 },
        "media": { "media_ids": ["12a"] },
        "unknown": true
    });
    let found = problems(create, &bad);
    for expected in [
        "$.text: 5 is not of type string",
        "$.poll.options: fewer than 2 items",
        "$.poll.duration_minutes: 1 is below 5",
        "$.media.media_ids[0]: \"12a\" does not match ^[0-9]{1,19}$",
        "$: member unknown is not allowed",
    ] {
        assert!(
            found.iter().any(|p| p == expected),
            "{expected} not in {found:?}"
        );
    }
    // The DM body is anyOf text / attachments: an empty object matches neither.
    let dm = component("CreateMessageRequest");
    assert_eq!(
        problems(dm, &json!({})),
        ["$: 0 of the 2 anyOf alternatives match"]
    );
    assert!(problems(dm, &json!({ "attachments": [{ "media_id": "1" }] })).is_empty());
}

#[tokio::test]
#[should_panic(expected = "query parameter user.fieldz is not declared")]
async fn the_openapi_checker_refuses_an_undeclared_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    reqwest::get(format!(
        "{}/2/users/2244994945/followers?user.fieldz=id",
        server.uri()
    ))
    .await
    .unwrap();
    check_request("/2/users/{id}/followers", &only_request(&server).await);
}
