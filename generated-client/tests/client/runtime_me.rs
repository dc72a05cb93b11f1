//! Like and unlike as the authenticated user: `GET /2/users/me` is asked once and cached
//! (against the fake X API, which keeps the likes).

use twitter_client::Error;
use twitter_client::fake::{FakeX, Fault, TEST_USER};

fn get_me_calls(fake: &FakeX) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.endpoint == Some("get_me"))
        .count()
}

#[tokio::test]
async fn like_and_unlike_resolve_my_id_once() {
    let fake = FakeX::start().await.unwrap();
    let client = fake.oauth1_client(TEST_USER).unwrap();
    let clone = client.clone();
    // Concurrent first calls share one lookup.
    let (a, b) = tokio::join!(
        client.like("1293593516040269825"),
        clone.like("1346889436626259968")
    );
    assert!(a.unwrap().data.liked && b.unwrap().data.liked);
    let mut newest: Vec<String> = fake.liked_tweet_ids(TEST_USER)[..2].to_vec();
    newest.sort();
    assert_eq!(newest, ["1293593516040269825", "1346889436626259968"]);

    assert!(
        !client
            .unlike("1293593516040269825")
            .await
            .unwrap()
            .data
            .liked
    );
    assert!(
        !fake
            .liked_tweet_ids(TEST_USER)
            .iter()
            .any(|t| t == "1293593516040269825")
    );
    assert_eq!(client.my_user_id().await.unwrap(), TEST_USER);
    assert_eq!(get_me_calls(&fake), 1);
}

#[tokio::test]
async fn a_failed_lookup_is_not_cached() {
    let fake = FakeX::start().await.unwrap();
    let client = fake.oauth1_client(TEST_USER).unwrap();
    fake.inject(Fault::Status(401));
    let err = client.like("1293593516040269825").await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err}");
    assert_eq!(fake.requests().len(), 1, "the like was not sent");

    assert_eq!(client.my_user_id().await.unwrap(), TEST_USER);
    assert_eq!(get_me_calls(&fake), 2);
}
