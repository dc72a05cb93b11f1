//! Reading the rate limit of each answer, and handling a 429: `Error::RateLimited` says when
//! the window resets. (Against the fake, the example spends the 75-request window of
//! `GET /2/tweets/:id/liking_users` on purpose and moves the fake's clock past the reset;
//! against the real API it makes one call.)
//!
//! `cargo run -p twitter-client --example rate_limit`
//!
//! To wait instead of failing, build the client with
//! `.rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(15 * 60)))`.

mod support;

use std::time::{Duration, SystemTime};

use twitter_client::Error;

#[tokio::main]
async fn main() -> Result<(), support::BoxError> {
    let (client, fake) = support::app_client().await?;
    let tweet = "1293593516040269825";
    let calls = if fake.is_some() { 80 } else { 1 };
    for _ in 0..calls {
        match client.get_liking_users(tweet).send().await {
            Ok(page) => {
                if let Some(limit) = page.rate_limit() {
                    if limit.remaining % 25 == 0 {
                        println!("{} of {} requests left", limit.remaining, limit.limit);
                    }
                }
            }
            Err(Error::RateLimited { reset, .. }) => {
                let wait = reset
                    .and_then(|r| r.duration_since(SystemTime::now()).ok())
                    .unwrap_or(Duration::from_secs(60));
                println!("rate limited: the window resets in {} s", wait.as_secs());
                match &fake {
                    // The fake's clock moves when told to; the real one would be a sleep.
                    Some(fake) => fake.advance(wait + Duration::from_secs(1)),
                    None => tokio::time::sleep(wait).await,
                }
                let page = client.get_liking_users(tweet).send().await?;
                let left = page.rate_limit().map_or(0, |l| l.remaining);
                println!("after the reset: {left} requests left");
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
