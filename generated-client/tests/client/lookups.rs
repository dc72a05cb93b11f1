//! The users and Tweets lookup endpoints (spec/endpoints/users.yaml, spec/endpoints/tweets.yaml)
//! against a real HTTP server on 127.0.0.1: what is sent (method, exact path, query, auth
//! header), what comes back (recorded bodies of tests/data/lookups/, see tests/data/PROVENANCE.md),
//! the errors caught before sending, and a not-found answered with HTTP 200.

use crate::common::*;
use twitter_client::{
    AppOnly, Client, Error, OAuth1User, OAuth2User, ProblemKind, ResourceType, TweetExpansion,
    TweetField, TweetLookup, TweetsLookup, UserContext, UserField, UserLookup, UsersLookup,
};
use wiremock::matchers::{header, header_regex, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The one request the server received, for asserting the raw query string.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.pop().unwrap()
}

// ------------------------------------------------------------------------------ GET /2/users/me

#[tokio::test]
async fn get_me_signs_with_oauth1_and_decodes_the_recorded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(query_param("user.fields", "created_at,protected"))
        .and(header_regex(
            "authorization",
            r#"^OAuth .*oauth_signature=""#,
        ))
        .and(header_regex(
            "authorization",
            &format!(r#"oauth_token="{ACCESS_TOKEN}""#),
        ))
        .respond_with(ok_fixture("lookups/get_me.json"))
        .expect(1)
        .mount(&server)
        .await;

    let me = oauth1_client(&server.uri())
        .get_me()
        .user_fields([UserField::CreatedAt, UserField::Protected])
        .send()
        .await
        .unwrap();

    assert_eq!(me.data.id, "1072250532645998596");
    assert_eq!(me.data.name.as_deref(), Some("Tweepy Testing"));
    assert_eq!(me.data.username.as_deref(), Some("TweepyDev"));
    assert!(me.includes.is_empty() && me.errors.is_empty());
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("user.fields=created_at%2Cprotected")
    );
}

/// `get_me` accepts both user schemes (its spec lists no app-only scheme), so it compiles on
/// both user clients and on code generic over [`UserContext`]; on a `Client<AppOnly>` it
/// does not compile (tests/compile-fail/tests/ui/client/). `get_user` accepts all three, so it compiles everywhere.
#[tokio::test]
async fn get_me_compiles_on_both_user_clients() {
    fn me<A: UserContext>(client: &Client<A>) -> twitter_client::GetMe<A> {
        client.get_me()
    }
    let server = silent_server().await;
    let app = app_client(&server.uri());
    let user = oauth1_client(&server.uri());
    let oauth2: Client<OAuth2User> = Client::builder()
        .base_url(server.uri())
        .oauth2_user_token("t")
        .build()
        .unwrap();
    let _: twitter_client::GetMe<OAuth1User> = me(&user);
    let _: twitter_client::GetMe<OAuth2User> = me(&oauth2);
    let _: twitter_client::GetUser<AppOnly> = app.get_user("2244994945");
    let _: twitter_client::GetUser<OAuth1User> = user.get_user("2244994945");
    let _: twitter_client::GetUser<OAuth2User> = oauth2.get_user("2244994945");
}

// ---------------------------------------------------------------------------- GET /2/users/{id}

#[tokio::test]
async fn get_user_sends_bearer_and_fields_and_decodes_the_openapi_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945"))
        .and(query_param("user.fields", "created_at,protected"))
        .and(query_param_is_missing("expansions"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ok_fixture("lookups/get_user.openapi_example.json"))
        .expect(1)
        .mount(&server)
        .await;

    let user = app_client(&server.uri())
        .get_user("2244994945")
        .user_fields([UserField::CreatedAt, UserField::Protected])
        .send()
        .await
        .unwrap();

    assert_eq!(user.data.id, "2244994945");
    assert_eq!(user.data.username.as_deref(), Some("TwitterDev"));
    assert_eq!(user.data.name.as_deref(), Some("X Dev"));
    assert_eq!(user.data.protected, Some(false));
    assert_eq!(
        user.data.created_at.as_deref(),
        Some("2013-12-14T04:35:55Z")
    );
}

#[tokio::test]
async fn get_user_not_found_with_http_200_is_an_api_error() {
    // HTTP 200 with `errors` and no `data`, shaped like the recorded
    // errors/liking_users.200.errors_only.json but naming a user (constructed, not recorded).
    let body = r#"{"errors":[{"value":"1","detail":"Could not find user with id: [1].","title":"Not Found Error","resource_type":"user","parameter":"id","resource_id":"1","type":"https://api.twitter.com/2/problems/resource-not-found"}]}"#;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = app_client(&server.uri())
        .get_user("1")
        .send()
        .await
        .unwrap_err();

    match &err {
        Error::Api {
            status,
            problems,
            endpoint,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(*endpoint, "get_user");
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].kind(), ProblemKind::ResourceNotFound);
            assert_eq!(problems[0].resource_id.as_deref(), Some("1"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("Could not find user with id: [1]."),
        "{err}"
    );
}

#[tokio::test]
async fn get_user_refuses_a_non_numeric_id_without_sending() {
    let server = silent_server().await;
    let err = app_client(&server.uri())
        .get_user("TwitterDev")
        .send()
        .await
        .unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!((endpoint, parameter), ("get_user", Some("id")));
    assert!(message.contains("^[0-9]{1,19}$"), "{message}");
}

// ----------------------------------------------------------- GET /2/users/by/username/{username}

#[tokio::test]
async fn get_user_by_username_decodes_the_recorded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/Twitter"))
        .and(query_param("user.fields", "username"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ok_fixture("lookups/get_user.json"))
        .expect(1)
        .mount(&server)
        .await;

    let user = app_client(&server.uri())
        .get_user_by_username("Twitter")
        .user_fields([UserField::Username])
        .send()
        .await
        .unwrap();

    assert_eq!(user.data.id, "783214");
    assert_eq!(user.data.name.as_deref(), Some("Twitter"));
    assert_eq!(user.data.username.as_deref(), Some("Twitter"));
}

#[tokio::test]
async fn get_user_by_username_refuses_invalid_usernames_without_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    for bad in ["bad name!", "", "sixteen_chars_xx", "@TwitterDev"] {
        let err = client.get_user_by_username(bad).send().await.unwrap_err();
        let (endpoint, parameter, _) = invalid(&err);
        assert_eq!(
            (endpoint, parameter),
            ("get_user_by_username", Some("username")),
            "{bad:?}"
        );
    }
    let err = client
        .get_user_by_username("bad name!")
        .send()
        .await
        .unwrap_err();
    assert!(
        invalid(&err).2.contains("^[A-Za-z0-9_]{1,15}$"),
        "{}",
        invalid(&err).2
    );
}

// ---------------------------------------------------------------------------- GET /2/users?ids=

#[tokio::test]
async fn get_users_sends_comma_joined_ids_and_decodes_the_recorded_body() {
    // get_users.json was recorded from GET /2/users/by?usernames=Twitter,TwitterDev; the same
    // two users by ID give the same default-fields body.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users"))
        .and(query_param("ids", "783214,2244994945"))
        .and(query_param("user.fields", "id,name"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ok_fixture("lookups/get_users.json"))
        .expect(1)
        .mount(&server)
        .await;

    let users = app_client(&server.uri())
        .get_users(["783214", "2244994945"])
        .user_fields([UserField::Id, UserField::Name])
        .send()
        .await
        .unwrap();

    let ids: Vec<&str> = users.data.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["783214", "2244994945"]);
    assert_eq!(users.data[1].name.as_deref(), Some("Twitter Dev"));
    assert!(users.errors.is_empty());
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("ids=783214%2C2244994945&user.fields=id%2Cname")
    );
}

#[tokio::test]
async fn get_users_takes_owned_strings_and_drops_duplicate_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users"))
        .and(query_param("ids", "783214,2244994945"))
        .respond_with(ok_fixture("lookups/get_users.json"))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = vec!["783214".into(), "2244994945".into(), "783214".into()];
    let users = oauth1_client(&server.uri())
        .get_users(ids)
        .send()
        .await
        .unwrap();
    assert_eq!(users.data.len(), 2);
}

#[tokio::test]
async fn get_users_refuses_an_empty_or_too_long_id_list_without_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());

    let err = client
        .get_users(Vec::<String>::new())
        .send()
        .await
        .unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!((endpoint, parameter), ("get_users", Some("ids")));
    assert!(message.contains("empty"), "{message}");

    let too_many: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
    let err = client.get_users(too_many).send().await.unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!((endpoint, parameter), ("get_users", Some("ids")));
    assert!(message.contains("more than 100"), "{message}");
}

#[tokio::test]
async fn get_users_accepts_exactly_100_ids() {
    let server = MockServer::start().await;
    let hundred: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
    Mock::given(method("GET"))
        .and(path("/2/users"))
        .and(query_param("ids", hundred.join(",").as_str()))
        .respond_with(ok_fixture("lookups/get_users.json"))
        .expect(1)
        .mount(&server)
        .await;
    app_client(&server.uri())
        .get_users(hundred)
        .send()
        .await
        .unwrap();
}

// ---------------------------------------------------------------------- GET /2/users/by?usernames=

#[tokio::test]
async fn get_users_by_usernames_sends_comma_joined_usernames_and_decodes_the_recorded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/by"))
        .and(query_param("usernames", "Twitter,TwitterDev"))
        .and(query_param_is_missing("user.fields"))
        .and(header_regex(
            "authorization",
            r#"^OAuth .*oauth_signature=""#,
        ))
        .respond_with(ok_fixture("lookups/get_users.json"))
        .expect(1)
        .mount(&server)
        .await;

    let users = oauth1_client(&server.uri())
        .get_users_by_usernames(["Twitter", "TwitterDev"])
        .send()
        .await
        .unwrap();

    let names: Vec<(&str, Option<&str>)> = users
        .data
        .iter()
        .map(|u| (u.id.as_str(), u.username.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("783214", Some("Twitter")),
            ("2244994945", Some("TwitterDev"))
        ]
    );
}

#[tokio::test]
async fn get_users_by_usernames_refuses_an_empty_or_too_long_list_without_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    let err = client
        .get_users_by_usernames(Vec::<&str>::new())
        .send()
        .await
        .unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!(
        (endpoint, parameter),
        ("get_users_by_usernames", Some("usernames"))
    );
    assert!(message.contains("empty"), "{message}");
    let too_many: Vec<String> = (0..101).map(|i| format!("user{i}")).collect();
    let err = client
        .get_users_by_usernames(too_many)
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid(&err).1, Some("usernames"));
    assert!(
        invalid(&err).2.contains("more than 100"),
        "{}",
        invalid(&err).2
    );
}

// --------------------------------------------------------------------------- GET /2/tweets/{id}

#[tokio::test]
async fn get_tweet_sends_fields_and_decodes_the_recorded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1293593516040269825"))
        .and(query_param("tweet.fields", "edit_history_tweet_ids,text"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ok_fixture("lookups/get_tweet.json"))
        .expect(1)
        .mount(&server)
        .await;

    let tweet = app_client(&server.uri())
        .get_tweet("1293593516040269825")
        .tweet_fields([TweetField::EditHistoryTweetIds, TweetField::Text])
        .send()
        .await
        .unwrap();

    assert_eq!(tweet.data.id, "1293593516040269825");
    assert_eq!(tweet.data.edit_history_tweet_ids, ["1293593516040269825"]);
    assert!(
        tweet
            .data
            .text
            .as_deref()
            .unwrap()
            .starts_with("It’s finally here! 🥁 Say hello to the new #TwitterAPI.")
    );
}

#[tokio::test]
async fn get_tweet_resolves_the_author_expansion_through_includes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1346889436626259968"))
        .and(query_param("tweet.fields", "author_id,created_at"))
        .and(query_param("expansions", "author_id"))
        .and(query_param("user.fields", "created_at,protected"))
        .and(header_regex(
            "authorization",
            r#"^OAuth .*oauth_signature=""#,
        ))
        .respond_with(ok_fixture("lookups/get_tweet.openapi_example.json"))
        .expect(1)
        .mount(&server)
        .await;

    let tweet = oauth1_client(&server.uri())
        .get_tweet("1346889436626259968")
        .tweet_fields([TweetField::AuthorId, TweetField::CreatedAt])
        .expansions([TweetExpansion::AuthorId])
        .user_fields([UserField::CreatedAt, UserField::Protected])
        .send()
        .await
        .unwrap();

    assert_eq!(tweet.data.id, "1346889436626259968");
    let author_id = tweet.data.author_id.as_deref().unwrap();
    let author = tweet
        .includes
        .user(author_id)
        .expect("author in includes.users");
    assert_eq!(author.username.as_deref(), Some("TwitterDev"));
    assert_eq!(author.protected, Some(false));
}

#[tokio::test]
async fn get_tweet_not_found_with_http_200_is_an_api_error() {
    // Recorded: HTTP 200 with a resource-not-found problem for a Tweet and no `data`.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1553481126915854339"))
        .respond_with(ok_fixture("errors/liking_users.200.errors_only.json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = app_client(&server.uri())
        .get_tweet("1553481126915854339")
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status, problems, ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(problems[0].kind(), ProblemKind::ResourceNotFound);
            assert_eq!(problems[0].resource_type, Some(ResourceType::Tweet));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn get_tweet_refuses_bad_ids_and_user_only_fields_on_app_clients_without_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    for bad in ["12ab", "", "12345678901234567890"] {
        let err = client.get_tweet(bad).send().await.unwrap_err();
        assert_eq!(invalid(&err).1, Some("id"), "{bad:?}");
    }
    let err = client
        .get_tweet("1293593516040269825")
        .tweet_fields([TweetField::NonPublicMetrics])
        .send()
        .await
        .unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!((endpoint, parameter), ("get_tweet", Some("tweet.fields")));
    assert!(message.contains("user-context"), "{message}");
}

// ---------------------------------------------------------------------------- GET /2/tweets?ids=

#[tokio::test]
async fn get_tweets_sends_comma_joined_ids_and_decodes_the_recorded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .and(query_param(
            "ids",
            "1293593516040269825,1293595870563381249",
        ))
        .and(query_param("tweet.fields", "text"))
        .and(header("authorization", format!("Bearer {BEARER}").as_str()))
        .respond_with(ok_fixture("lookups/get_tweets.json"))
        .expect(1)
        .mount(&server)
        .await;

    let tweets = app_client(&server.uri())
        .get_tweets(["1293593516040269825", "1293595870563381249"])
        .tweet_fields([TweetField::Text])
        .send()
        .await
        .unwrap();

    let ids: Vec<&str> = tweets.data.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1293593516040269825", "1293595870563381249"]);
    assert!(
        tweets.data[1]
            .text
            .as_deref()
            .unwrap()
            .starts_with("Twitter API v2: Early Access released")
    );
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("ids=1293593516040269825%2C1293595870563381249&tweet.fields=text")
    );
}

#[tokio::test]
async fn get_tweets_refuses_an_empty_or_too_long_id_list_without_sending() {
    let server = silent_server().await;
    let client = app_client(&server.uri());
    let err = client
        .get_tweets(Vec::<String>::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid(&err).1, Some("ids"));
    let too_many: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
    let err = client.get_tweets(too_many).send().await.unwrap_err();
    let (endpoint, parameter, message) = invalid(&err);
    assert_eq!((endpoint, parameter), ("get_tweets", Some("ids")));
    assert!(message.contains("more than 100"), "{message}");
}

// ------------------------------------------------------------------------------- round trips

#[test]
fn every_lookup_body_round_trips() {
    let me = round_trip::<UserLookup>("lookups/get_me.json");
    assert_eq!(me.data.id, "1072250532645998596");
    round_trip::<UserLookup>("lookups/get_user.json");
    round_trip::<UserLookup>("lookups/get_user.openapi_example.json");
    assert_eq!(
        round_trip::<UsersLookup>("lookups/get_users.json")
            .data
            .len(),
        2
    );
    round_trip::<TweetLookup>("lookups/get_tweet.json");
    let example = round_trip::<TweetLookup>("lookups/get_tweet.openapi_example.json");
    assert_eq!(example.data.username.as_deref(), Some("XDevelopers"));
    assert_eq!(
        round_trip::<TweetsLookup>("lookups/get_tweets.json")
            .data
            .len(),
        2
    );
}
