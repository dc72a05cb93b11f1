//! OAuth 2.0 sign-in (Authorization Code with PKCE), then a client that refreshes its token
//! by itself when the API refuses an expired one.
//!
//! `cargo run -p twitter-client --example oauth2_sign_in`
//!
//! Against the fake (the default) the fake's own authorization server plays X's, and the
//! user's approval is `FakeX::approve`. With `TWITTER_CLIENT_ID` set (and the app's
//! `TWITTER_REDIRECT_URI`), it runs against X: open the printed URL, approve, and paste the
//! URL your browser was sent back to.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use twitter_client::Client;
use twitter_client::fake::FakeX;
use twitter_client::oauth2::{OAuth2App, PkceVerifier, random_state};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let scopes = ["tweet.read", "users.read", "like.read", "offline.access"];
    let real = std::env::var("TWITTER_CLIENT_ID")
        .ok()
        .filter(|v| !v.is_empty());
    let fake = match real {
        Some(_) => None,
        None => Some(FakeX::start().await?),
    };
    let redirect = std::env::var("TWITTER_REDIRECT_URI")
        .unwrap_or_else(|_| "http://127.0.0.1:8080/callback".to_owned());
    let app = match &fake {
        Some(fake) => fake.oauth2_app(&redirect),
        None => OAuth2App::new(real.unwrap_or_default(), redirect.as_str()),
    };

    // 1. Send the user to the authorize URL.
    let verifier = PkceVerifier::new();
    let state = random_state();
    let url = app.authorize_url(&scopes, &state, &verifier)?;
    // 2. The browser comes back to the redirect URI with `code` and `state`.
    let back = match &fake {
        Some(fake) => fake.approve(&url)?,
        None => {
            println!("Open this URL, approve, then paste the URL you were sent back to:\n{url}");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            url::Url::parse(line.trim())?
        }
    };
    let param = |name: &str| {
        back.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    if param("state") != state {
        return Err("the state came back changed: not our sign-in".into());
    }
    // 3. Exchange the code (with the PKCE verifier) for a token.
    let token = app.exchange_code(&param("code"), &verifier).await?;
    println!(
        "token: expires in {} s, refresh token: {}",
        token.expires_in().unwrap_or(0),
        token.refresh_token().is_some()
    );

    // 4. A client that refreshes the token itself (store the new one in `on_token_refresh`).
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&refreshes);
    let mut builder = Client::builder()
        .oauth2_user(app, token)
        .on_token_refresh(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
    if let Some(fake) = &fake {
        builder = builder.base_url(fake.base_url());
    }
    let client = builder.build()?;
    let me = client.get_me().send().await?;
    println!(
        "signed in as @{}",
        me.data.username.as_deref().unwrap_or("?")
    );

    if let Some(fake) = &fake {
        // Two hours later the access token has expired.
        fake.advance(Duration::from_secs(2 * 60 * 60));
        let me = client.get_me().send().await?;
        println!(
            "two hours later: still @{}, token refreshed {} time(s)",
            me.data.username.as_deref().unwrap_or("?"),
            refreshes.load(Ordering::SeqCst)
        );
    }
    Ok(())
}
