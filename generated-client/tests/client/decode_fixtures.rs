//! Every recorded body decodes into the generated types, and every success body serialises
//! back to equal JSON: no field the API sent is lost, nothing is added.

use crate::common::{data, fixture, round_trip};
use twitter_client::{LikeResponse, LikedTweetsPage, LikingUsersPage, Problem, ProblemKind};

#[test]
fn liked_tweets_pages_round_trip() {
    let all = round_trip::<LikedTweetsPage>("likes/liked_tweets.all_fields.json");
    assert_eq!(all.data.len(), 30);
    assert_eq!(all.meta.result_count, Some(30));
    assert!(
        all.meta.next_token.is_some(),
        "a short page still has a next_token"
    );
    assert_eq!(all.errors.len(), 2, "errors beside data stay on the page");
    // Expansions resolve through the O(1) includes index.
    let with_author = all.data.iter().find(|t| t.author_id.is_some()).unwrap();
    let author = all.includes.user(with_author.author_id.as_deref().unwrap());
    assert!(
        author.is_some(),
        "author {:?} in includes.users",
        with_author.author_id
    );
    let place_id = all
        .data
        .iter()
        .find_map(|t| t.geo.as_ref().and_then(|g| g.place_id.clone()))
        .expect("a geo-tagged tweet");
    assert!(all.includes.place(&place_id).is_some());
    assert!(all.includes.user("0").is_none());

    let d2022 = round_trip::<LikedTweetsPage>("likes/liked_tweets.default_fields.2022.json");
    assert_eq!(d2022.data.len(), 96);
    assert!(
        d2022
            .data
            .iter()
            .all(|t| !t.edit_history_tweet_ids.is_empty())
    );
    let d2021 = round_trip::<LikedTweetsPage>("likes/liked_tweets.default_fields.2021.json");
    assert_eq!(d2021.data.len(), 95);
    assert!(
        d2021
            .data
            .iter()
            .all(|t| t.edit_history_tweet_ids.is_empty())
    );

    let empty = round_trip::<LikedTweetsPage>("likes/liked_tweets.empty_last_page.json");
    assert!(empty.data.is_empty());
    assert_eq!(empty.meta.result_count, Some(0));
    assert!(empty.meta.next_token.is_none() && empty.meta.previous_token.is_some());

    let authors = round_trip::<LikedTweetsPage>("likes/liked_tweets.author_expansion.json");
    assert_eq!(authors.data.len(), 5);
    assert!(!authors.includes.users.is_empty());
}

#[test]
fn liking_users_pages_round_trip() {
    let d2021 = round_trip::<LikingUsersPage>("likes/liking_users.default_fields.2021.json");
    assert_eq!(d2021.data.len(), 43);
    assert!(d2021.meta.next_token.is_none());
    let d2022 = round_trip::<LikingUsersPage>("likes/liking_users.default_fields.2022.json");
    assert_eq!(d2022.data.len(), 81);
    assert!(d2022.meta.next_token.is_some());
    let full = round_trip::<LikingUsersPage>("likes/liking_users.user_fields.json");
    assert_eq!(full.data.len(), 57);
    assert!(
        full.data.iter().any(|u| u.url.as_deref() == Some("")),
        "empty strings are kept"
    );
    let empty = round_trip::<LikingUsersPage>("likes/liking_users.empty.json");
    assert!(empty.data.is_empty() && empty.meta.result_count == Some(0));
    let pinned = round_trip::<LikingUsersPage>("likes/liking_users.pinned_tweet_expansion.json");
    let user = pinned
        .data
        .iter()
        .find(|u| u.pinned_tweet_id.is_some())
        .unwrap();
    assert!(
        pinned
            .includes
            .tweet(user.pinned_tweet_id.as_deref().unwrap())
            .is_some()
    );
}

#[test]
fn like_and_unlike_round_trip() {
    assert!(round_trip::<LikeResponse>("likes/like.json").data.liked);
    assert!(!round_trip::<LikeResponse>("likes/unlike.json").data.liked);
}

#[test]
fn every_docs_example_round_trips() {
    let cases: &[(&str, &str)] = &[
        ("docs-examples/get-users-id-liked_tweets.0.json", "tweets"),
        ("docs-examples/get-users-id-liked_tweets.1.json", "tweets"),
        ("docs-examples/likes-lookup.1.json", "tweets"),
        ("docs-examples/get-tweets-id-liking_users.0.json", "users"),
        ("docs-examples/get-tweets-id-liking_users.1.json", "users"),
        ("docs-examples/likes-lookup.0.json", "users"),
        ("docs-examples/post-users-id-likes.0.json", "like"),
        ("docs-examples/manage-likes.0.json", "like"),
        (
            "docs-examples/delete-users-id-likes-tweet_id.0.json",
            "like",
        ),
        ("docs-examples/delete-users-user_id-likes.0.json", "like"),
    ];
    // Every example file is covered by the table.
    let listed: Vec<&str> = cases
        .iter()
        .map(|(f, _)| f.trim_start_matches("docs-examples/"))
        .collect();
    for entry in std::fs::read_dir(data("docs-examples")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "SOURCES.json" {
            assert!(
                listed.contains(&name.as_str()),
                "{name} is not in the table"
            );
        }
    }
    for (file, kind) in cases {
        match *kind {
            "tweets" => assert!(!round_trip::<LikedTweetsPage>(file).data.is_empty()),
            "users" => assert!(!round_trip::<LikingUsersPage>(file).data.is_empty()),
            _ => {
                round_trip::<LikeResponse>(file);
            }
        }
    }
}

#[test]
fn every_error_body_decodes_as_problems() {
    let cases: &[(&str, Option<ProblemKind>)] = &[
        (
            "errors/like.400.invalid_request.json",
            Some(ProblemKind::InvalidRequest),
        ),
        (
            "errors/search_all.400.invalid_request.json",
            Some(ProblemKind::InvalidRequest),
        ),
        (
            "errors/like.429.too_many_requests.json",
            Some(ProblemKind::AboutBlank),
        ),
        (
            "errors/liking_users.403.forbidden.json",
            Some(ProblemKind::AboutBlank),
        ),
        (
            "errors/search_all.401.unauthorized.json",
            Some(ProblemKind::AboutBlank),
        ),
        ("errors/liking_users.200.errors_only.json", None),
    ];
    for (file, kind) in cases {
        let problem = round_trip::<Problem>(file);
        match kind {
            Some(kind) => {
                let t = problem.r#type.as_deref().unwrap();
                assert_eq!(&ProblemKind::from_wire(t), kind, "{file}");
                assert!(problem.title.is_some(), "{file}");
            }
            None => {
                // HTTP 200 with errors and no data: the problems are nested.
                assert_eq!(problem.errors.len(), 1);
                assert_eq!(
                    problem.errors[0].resource_id.as_deref(),
                    Some("1553481126915854339")
                );
            }
        }
    }
    // The 400's nested items are {parameters, message}, not problems; nothing is lost.
    let p: Problem =
        serde_json::from_str(&fixture("errors/search_all.400.invalid_request.json")).unwrap();
    assert!(
        p.errors[0]
            .message
            .as_deref()
            .unwrap()
            .contains("start_time")
    );
    assert!(
        p.errors[0]
            .parameters
            .as_ref()
            .unwrap()
            .get("end_time")
            .is_some()
    );
}

#[test]
fn problem_types_match_on_last_path_segment() {
    for uri in [
        "https://api.twitter.com/2/problems/resource-not-found",
        "https://api.x.com/2/problems/resource-not-found",
    ] {
        assert_eq!(ProblemKind::from_wire(uri), ProblemKind::ResourceNotFound);
    }
    let unknown = ProblemKind::from_wire("https://api.x.com/2/problems/brand-new");
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "https://api.x.com/2/problems/brand-new");
}

#[test]
fn unknown_enum_values_and_lenient_integers_decode() {
    use twitter_client::{ReferencedTweetType, ReplySettings, Tweet};
    let body = r#"{"id":"1","text":"t","reply_settings":"brandNewSetting",
        "referenced_tweets":[{"type":"reposted","id":"2"}],
        "public_metrics":{"like_count":"42","retweet_count":1}}"#;
    let tweet: Tweet = serde_json::from_str(body).unwrap();
    assert_eq!(
        tweet.reply_settings,
        Some(ReplySettings::Unknown("brandNewSetting".into()))
    );
    assert_eq!(
        tweet.referenced_tweets[0].r#type,
        Some(ReferencedTweetType::Unknown("reposted".into()))
    );
    let metrics = tweet.public_metrics.unwrap();
    assert_eq!(
        metrics.like_count,
        Some(42),
        "an integer sent as a string of digits"
    );
    assert_eq!(metrics.retweet_count, Some(1));
    // A tweet with nothing but its id decodes; without an id it is an error, not a panic.
    let bare: Tweet = serde_json::from_str(r#"{"id":"5"}"#).unwrap();
    assert_eq!(bare.id, "5");
    assert!(serde_json::from_str::<Tweet>(r#"{"text":"no id"}"#).is_err());
    assert!(
        serde_json::from_str::<Tweet>(r#"{"id":"1","public_metrics":{"like_count":"4x"}}"#)
            .is_err()
    );
}
