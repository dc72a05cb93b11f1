//! Like a Tweet, list the user's newest likes, then unlike it again.
//!
//! `cargo run -p twitter-client --example like_and_list [TWEET_ID]`

mod support;

use twitter_client::TweetField;

#[tokio::main]
async fn main() -> Result<(), support::BoxError> {
    let (client, me, _fake) = support::user_client().await?;
    // The official OpenAPI's example Tweet, unless another one is given.
    let tweet = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "1346889436626259968".to_owned());

    let liked = client
        .like_tweet(me.as_str(), tweet.as_str())
        .send()
        .await?;
    println!("liked {tweet}: {}", liked.data.liked);

    let page = client
        .get_liked_tweets(me.as_str())
        .max_results(5)
        .tweet_fields([TweetField::CreatedAt])
        .send()
        .await?;
    for t in &page.data {
        let text = t.text.as_deref().unwrap_or("").replace('\n', " ");
        println!("{} {}", t.id, text.chars().take(60).collect::<String>());
    }

    let unliked = client
        .unlike_tweet(me.as_str(), tweet.as_str())
        .send()
        .await?;
    println!("unliked {tweet}: {}", !unliked.data.liked);
    Ok(())
}
