//! What the examples share: the client they run against. That is the fake X API of this
//! crate (feature `fake`), started in-process, unless credentials are in the environment:
//!
//! * `TWITTER_CONSUMER_KEY`, `TWITTER_CONSUMER_SECRET`, `TWITTER_ACCESS_TOKEN` and
//!   `TWITTER_ACCESS_TOKEN_SECRET`: OAuth 1.0a user context against the real API;
//! * `TWITTER_BEARER_TOKEN`: app-only auth against the real API.

#![allow(dead_code)] // each example uses part of it

use std::error::Error;

use twitter_client::fake::{FakeX, TEST_USER};
use twitter_client::{AppOnly, Client, OAuth1User};

/// The examples' error type.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// A user-context client, the id of its user, and the fake it talks to (`None`: the real
/// API). Keep the fake alive as long as the client is used.
pub async fn user_client() -> Result<(Client<OAuth1User>, String, Option<FakeX>), BoxError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let (Some(ck), Some(cs), Some(at), Some(ats)) = (
        var("TWITTER_CONSUMER_KEY"),
        var("TWITTER_CONSUMER_SECRET"),
        var("TWITTER_ACCESS_TOKEN"),
        var("TWITTER_ACCESS_TOKEN_SECRET"),
    ) {
        let client = Client::builder().oauth1(ck, cs, at, ats).build()?;
        let me = client.get_me().send().await?;
        eprintln!(
            "(the real X API, as @{})",
            me.data.username.as_deref().unwrap_or("?")
        );
        return Ok((client, me.data.id.as_str().to_owned(), None));
    }
    let fake = FakeX::start().await?;
    eprintln!(
        "(the fake X API at {}; set TWITTER_* credentials for the real one)",
        fake.base_url()
    );
    Ok((
        fake.oauth1_client(TEST_USER)?,
        TEST_USER.to_owned(),
        Some(fake),
    ))
}

/// An app-only client and the fake it talks to (`None`: the real API).
pub async fn app_client() -> Result<(Client<AppOnly>, Option<FakeX>), BoxError> {
    if let Some(token) = std::env::var("TWITTER_BEARER_TOKEN")
        .ok()
        .filter(|v| !v.is_empty())
    {
        eprintln!("(the real X API, app-only)");
        return Ok((Client::builder().bearer_token(token).build()?, None));
    }
    let fake = FakeX::start().await?;
    eprintln!(
        "(the fake X API at {}; set TWITTER_BEARER_TOKEN for the real one)",
        fake.base_url()
    );
    Ok((fake.app_client()?, Some(fake)))
}
