//! Request bodies and responses of every shape (spec/body.yaml) against a local server: the
//! exact JSON sent, bodies on DELETE, requests without a body, 201 and 204 answers, `{deleted}`,
//! `{following, pending_follow}` and counts with their own meta; an invalid body sends nothing.

use obstacle_course::runtime::Client;
use obstacle_course::{
    CreateThingLabel, CreateThingMedia, CreateThingPoll, CreateThingReply, ThingReplySettings,
};
use serde_json::json;
use twitter_client::{Error, OAuth1User};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client<OAuth1User> {
    Client(
        twitter_client::Client::builder()
            .base_url(server.uri())
            .oauth1("consumer-key", "consumer-secret", "token", "token-secret")
            .build()
            .unwrap(),
    )
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

#[tokio::test]
async fn a_nested_body_is_sent_exactly_and_a_201_decodes() {
    let server = MockServer::start().await;
    let sent = json!({
        "text": "Which one?",
        "reply_settings": "mentionedUsers",
        "reply": {"in_reply_to_tweet_id": "1", "exclude_reply_user_ids": ["2", "3"]},
        "poll": {"options": ["a", "b", "c"], "duration_minutes": 60, "reply_settings": "following"},
        "for_super_followers_only": false,
        "labels": [{"name": "x", "weight": 0.5}, {"name": "y"}]
    });
    Mock::given(method("POST"))
        .and(path("/2/things"))
        .and(body_json(&sent))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"data": {"id": "9", "text": "Which one?"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_thing()
        .text("Which one?")
        .reply_settings(ThingReplySettings::MentionedUsers)
        .reply(CreateThingReply::new("1").exclude_reply_user_ids(["2", "3"]))
        .poll(
            CreateThingPoll::new(["a", "b", "c"], 60).reply_settings(ThingReplySettings::Following),
        )
        .for_super_followers_only(false)
        .labels([
            CreateThingLabel::new("x").weight(0.5),
            CreateThingLabel::new("y"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.data.id, "9");
    assert_eq!(created.data.text.as_deref(), Some("Which one?"));
    let request = only_request(&server).await;
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/json"
    );
    assert!(request
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("OAuth "));
}

#[tokio::test]
async fn media_alone_satisfies_at_least_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/things"))
        .and(body_json(
            json!({"media": {"media_ids": ["10"], "tagged_user_ids": ["7"]}}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "9"}})))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_thing()
        .media(CreateThingMedia::new(["10"]).tagged_user_ids(["7"]))
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.id, "9");
}

/// Sends `request` against a server that must receive nothing; the refusal's parameter and
/// message.
async fn refused(
    request: impl FnOnce(&Client<OAuth1User>) -> obstacle_course::CreateThing<OAuth1User>,
) -> (Option<String>, String) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let result = request(&client(&server)).send().await;
    let Err(Error::InvalidRequest {
        endpoint,
        parameter,
        message,
        ..
    }) = result
    else {
        panic!("not refused: {result:?}");
    };
    assert_eq!(endpoint, "create_thing");
    server.verify().await;
    (parameter, message)
}

#[tokio::test]
async fn an_empty_body_is_refused_when_the_api_needs_one_of_several_members() {
    let (parameter, message) = refused(|c| c.create_thing()).await;
    assert_eq!(parameter.as_deref(), Some("text"));
    assert_eq!(message, "the body needs at least one of text, media");
}

#[tokio::test]
async fn mutually_exclusive_members_are_refused() {
    let (parameter, message) = refused(|c| {
        c.create_thing()
            .text("t")
            .poll(CreateThingPoll::new(["a", "b"], 5))
            .quote_tweet_id("5")
    })
    .await;
    assert_eq!(parameter.as_deref(), Some("quote_tweet_id"));
    assert_eq!(
        message,
        "poll and quote_tweet_id exclude each other in the body: set at most one of media, poll, quote_tweet_id"
    );
}

#[tokio::test]
async fn limits_inside_nested_objects_name_the_member_path() {
    let (parameter, message) = refused(|c| {
        c.create_thing().text("t").poll(CreateThingPoll::new(
            ["a", "b", "twenty-six characters long"],
            4,
        ))
    })
    .await;
    assert_eq!(parameter.as_deref(), Some("poll.options[2]"));
    assert_eq!(
        message,
        "poll.options[2] is 26 characters long, more than 25; poll.duration_minutes 4 not in 5..=10080"
    );
    let (parameter, message) = refused(|c| {
        c.create_thing()
            .media(CreateThingMedia::new(["1", "2", "3", "4", "x"]))
            .reply(CreateThingReply::new("1").exclude_reply_user_ids(["@someone"]))
    })
    .await;
    assert_eq!(
        parameter.as_deref(),
        Some("reply.exclude_reply_user_ids[0]")
    );
    assert_eq!(
        message,
        "reply.exclude_reply_user_ids[0] \"@someone\" does not match ^[0-9]{1,19}$; media.media_ids has 5 items, more than 4; media.media_ids[4] \"x\" does not match ^[0-9]{1,19}$"
    );
    let (parameter, message) = refused(|c| {
        c.create_thing().text("").labels([
            CreateThingLabel::new("a"),
            CreateThingLabel::new(""),
            CreateThingLabel::new("c"),
        ])
    })
    .await;
    assert_eq!(parameter.as_deref(), Some("text"));
    assert_eq!(
        message,
        "text \"\" is shorter than 1 character; labels has 3 items, more than 2; labels[1].name \"\" is shorter than 1 character"
    );
}

#[tokio::test]
async fn a_delete_carries_its_body_and_decodes_deleted() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/2/things"))
        .and(body_json(
            json!({"ids": ["1", "2"], "reason": "duplicates"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"deleted": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let removed = client(&server)
        .remove_things(["1", "2"])
        .reason("duplicates")
        .send()
        .await
        .unwrap();
    assert!(removed.data.deleted);
}

#[tokio::test]
async fn a_delete_without_a_body_sends_none() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/2/things/5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"deleted": false}})))
        .expect(1)
        .mount(&server)
        .await;
    let deleted = client(&server).delete_thing("5").send().await.unwrap();
    assert!(!deleted.data.deleted);
    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn an_inline_body_and_following_with_pending_follow() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/users/42/following"))
        .and(body_json(json!({"target_user_id": "7"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"following": false, "pending_follow": true}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let followed = client(&server).follow_user("42", "7").send().await.unwrap();
    assert!(!followed.data.following);
    assert_eq!(followed.data.pending_follow, Some(true));
}

#[tokio::test]
async fn a_post_without_a_body_answered_with_204_is_a_unit_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/things/5/start"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let started = client(&server).start_thing("5").send().await.unwrap();
    assert_eq!(started.status().as_u16(), 204);
    let (): () = started.into_inner();
    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn counts_carry_their_own_meta() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/things/counts"))
        .and(query_param("query", "from:someone"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"start": "2024-01-01T00:00:00.000Z", "end": "2024-01-01T01:00:00.000Z", "thing_count": 3},
                {"start": "2024-01-01T01:00:00.000Z", "end": "2024-01-01T02:00:00.000Z", "thing_count": 4}
            ],
            "meta": {"total_thing_count": 7}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let counts = client(&server)
        .count_things("from:someone")
        .send()
        .await
        .unwrap();
    let per_bucket: Vec<i64> = counts.data.iter().map(|c| c.thing_count).collect();
    assert_eq!(per_bucket, [3, 4]);
    assert_eq!(counts.meta.total_thing_count, Some(7));
    assert_eq!(counts.meta.next_token, None);
}

/// `response: binary`: the bytes come back as they were sent, with their content type, and
/// the size cap still applies; an API error is still a typed `Error::Api`.
#[tokio::test]
async fn a_binary_answer_is_the_raw_bytes_with_their_content_type() {
    let server = MockServer::start().await;
    let jpeg: Vec<u8> = vec![
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    Mock::given(method("GET"))
        .and(path("/2/things/42/media"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(jpeg.clone(), "image/jpeg"))
        .expect(1)
        .mount(&server)
        .await;
    let got = client(&server).download_thing("42").send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(&got.bytes[..], &jpeg[..]);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("content-type", "application/problem+json")
                .set_body_string(
                    r#"{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"no media"}"#,
                ),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .download_thing("42")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![7u8; 4096], "video/mp4"))
        .mount(&server)
        .await;
    let small = Client(
        twitter_client::Client::builder()
            .base_url(server.uri())
            .oauth1("consumer-key", "consumer-secret", "token", "token-secret")
            .max_response_bytes(1024)
            .build()
            .unwrap(),
    );
    let err = small.download_thing("42").send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}
