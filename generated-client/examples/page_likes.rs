//! Every liked Tweet of a user, page after page, with `items()`: a `Stream` that follows
//! `next_token` lazily.
//!
//! `cargo run -p twitter-client --example page_likes [USER_ID]`

mod support;

use futures::TryStreamExt as _;
use twitter_client::fake::TEST_USER;

#[tokio::main]
async fn main() -> Result<(), support::BoxError> {
    let (client, _fake) = support::app_client().await?;
    let user = std::env::args()
        .nth(1)
        .unwrap_or_else(|| TEST_USER.to_owned());

    let mut items = std::pin::pin!(
        client
            .get_liked_tweets(user.as_str())
            .max_results(10)
            .items()
    );
    let mut count = 0usize;
    while let Some(tweet) = items.try_next().await? {
        count += 1;
        if count <= 3 {
            println!("{count}. {}", tweet.id);
        }
    }
    println!("{count} liked tweets");
    Ok(())
}
