//! The `includes` helpers on the recorded full-field page (30 Tweets; 44 users, 12 Tweets and
//! a place in `includes`) and on a small page with media and a poll. Every expectation is
//! computed from the raw JSON, independently of the typed models.

use crate::common::{fixture, round_trip};
use serde_json::{Value, json};
use twitter_client::{
    Includes, LikedTweetsPage, LikingUsersPage, ReferencedTweetType, Tweet, TweetId, UserId,
};

/// The object of `list` in the raw `includes` whose `key` is `id`.
fn raw<'a>(page: &'a Value, list: &str, key: &str, id: &str) -> Option<&'a Value> {
    page["includes"][list]
        .as_array()?
        .iter()
        .find(|o| o[key] == id)
}

fn ids(objects: &[&Value], key: &str) -> Vec<String> {
    objects
        .iter()
        .map(|o| o[key].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_recorded_page_resolves_authors_references_mentions_and_the_place() {
    let rel = "likes/liked_tweets.all_fields.json";
    let raw_page: Value = serde_json::from_str(&fixture(rel)).unwrap();
    let page: LikedTweetsPage = round_trip(rel);
    let inc: &Includes = &page.includes;
    let (mut authors, mut refs, mut mentions, mut places) = (0, 0, 0, 0);
    for (tweet, raw_tweet) in page.data.iter().zip(raw_page["data"].as_array().unwrap()) {
        let author = raw_tweet["author_id"]
            .as_str()
            .and_then(|id| raw(&raw_page, "users", "id", id));
        assert_eq!(
            inc.author_of(tweet).map(|u| u.id.to_string()),
            author.map(|u| u["id"].as_str().unwrap().to_owned()),
            "author of {}",
            tweet.id
        );
        authors += usize::from(author.is_some());

        let expected: Vec<&Value> = raw_tweet["referenced_tweets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| raw(&raw_page, "tweets", "id", r["id"].as_str()?))
            .collect();
        let got: Vec<String> = inc
            .referenced_tweets_of(tweet)
            .map(|(_, t)| t.id.to_string())
            .collect();
        assert_eq!(got, ids(&expected, "id"), "references of {}", tweet.id);
        refs += got.len();

        let mut expected: Vec<&Value> = Vec::new();
        for m in raw_tweet["entities"]["mentions"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(u) = m["id"]
                .as_str()
                .and_then(|id| raw(&raw_page, "users", "id", id))
            {
                if !expected.contains(&u) {
                    expected.push(u);
                }
            }
        }
        let got: Vec<String> = inc
            .mentioned_users_of(tweet)
            .map(|u| u.id.to_string())
            .collect();
        assert_eq!(got, ids(&expected, "id"), "mentions of {}", tweet.id);
        mentions += got.len();

        let place = raw_tweet["geo"]["place_id"]
            .as_str()
            .and_then(|id| raw(&raw_page, "places", "id", id));
        assert_eq!(
            inc.place_of(tweet).map(|p| p.id.to_string()),
            place.map(|p| p["id"].as_str().unwrap().to_owned())
        );
        places += usize::from(place.is_some());
        // Media were not expanded on this page: nothing to find, nothing invented.
        assert_eq!(inc.media_of(tweet).count(), 0);
    }
    // The page really exercises each helper.
    assert_eq!(authors, 30);
    assert!(refs >= 10, "{refs} references resolved");
    assert!(mentions >= 10, "{mentions} mentions resolved");
    assert_eq!(places, 1);
}

#[test]
fn pinned_tweets_of_the_recorded_liking_users() {
    let rel = "likes/liking_users.pinned_tweet_expansion.json";
    let raw_page: Value = serde_json::from_str(&fixture(rel)).unwrap();
    let page: LikingUsersPage = round_trip(rel);
    let mut found = 0;
    for (user, raw_user) in page.data.iter().zip(raw_page["data"].as_array().unwrap()) {
        let expected = raw_user["pinned_tweet_id"]
            .as_str()
            .and_then(|id| raw(&raw_page, "tweets", "id", id));
        assert_eq!(
            page.includes
                .pinned_tweet_of(user)
                .map(|t| t.id.to_string()),
            expected.map(|t| t["id"].as_str().unwrap().to_owned())
        );
        found += usize::from(expected.is_some());
    }
    assert!(found > 0, "the recording has pinned Tweets");
}

#[test]
fn media_polls_replies_and_missing_objects() {
    let page: LikedTweetsPage = serde_json::from_value(json!({
        "data": [
            {"id": "1", "text": "two photos and a poll", "author_id": "404",
             "attachments": {"media_keys": ["3_10", "16_20", "3_99"], "poll_ids": ["55"]},
             "in_reply_to_user_id": "7",
             "referenced_tweets": [{"type": "replied_to", "id": "2"}, {"type": "quoted", "id": "3"}]},
            {"id": "4", "text": "nothing expanded"}
        ],
        "includes": {
            "media": [{"media_key": "16_20", "type": "video"}, {"media_key": "3_10", "type": "photo"}],
            "polls": [{"id": "55", "options": []}],
            "users": [{"id": "7", "name": "Seven", "username": "seven"}],
            "tweets": [{"id": "2", "text": "parent"}, {"id": "3", "text": "quoted"}]
        }
    }))
    .unwrap();
    let (with, without): (&Tweet, &Tweet) = (&page.data[0], &page.data[1]);
    let inc = &page.includes;
    let keys: Vec<&str> = inc
        .media_of(with)
        .map(|m| m.media_key.as_deref().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["3_10", "16_20"],
        "attachment order; 3_99 is not in includes"
    );
    assert_eq!(inc.poll_of(with).map(|p| p.id.as_str()), Some("55"));
    assert_eq!(
        inc.in_reply_to_user_of(with).map(|u| u.id),
        Some(UserId::from(7))
    );
    assert!(
        inc.author_of(with).is_none(),
        "author 404 is not in includes"
    );
    let quoted = inc.referenced_tweet_of(with, ReferencedTweetType::Quoted);
    assert_eq!(quoted.map(|t| t.id), Some(TweetId::from(3)));
    let parent = inc.referenced_tweet_of(with, ReferencedTweetType::RepliedTo);
    assert_eq!(parent.map(|t| t.text.as_deref()), Some(Some("parent")));
    assert!(
        inc.referenced_tweet_of(with, ReferencedTweetType::Retweeted)
            .is_none()
    );
    assert_eq!(inc.media_of(without).count(), 0);
    assert!(inc.poll_of(without).is_none() && inc.place_of(without).is_none());
    assert_eq!(inc.referenced_tweets_of(without).count(), 0);
}
