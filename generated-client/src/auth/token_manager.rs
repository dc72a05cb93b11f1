//! [`TokenManager`]: an OAuth 2.0 user token that refreshes itself, once however many
//! requests find it about to expire.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::Credentials;
use super::oauth2::{OAuth2App, OAuth2Token, RefreshHook};
use crate::base::error::{Error, Result};

/// An OAuth 2.0 user token that refreshes itself shortly before it expires.
///
/// Concurrency-safe: when many requests find the token about to expire at once, exactly
/// one of them calls the token endpoint; the others wait for it and use the new token.
pub(crate) struct TokenManager {
    app: OAuth2App,
    current: std::sync::RwLock<(OAuth2Token, HeaderValue)>,
    refreshing: tokio::sync::Mutex<()>,
    margin: Duration,
    hook: Option<RefreshHook>,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("app", &self.app)
            .field("token", &"<redacted>")
            .field("margin", &self.margin)
            .finish()
    }
}

/// Refresh this long before the access token expires.
pub(crate) const REFRESH_MARGIN: Duration = Duration::from_secs(60);

impl TokenManager {
    pub(crate) fn new(
        app: OAuth2App,
        token: OAuth2Token,
        hook: Option<RefreshHook>,
    ) -> std::result::Result<Self, String> {
        let header = Credentials::bearer_header("OAuth 2.0 user token", token.access_token())?;
        Ok(Self {
            app,
            current: std::sync::RwLock::new((token, header)),
            refreshing: tokio::sync::Mutex::new(()),
            margin: REFRESH_MARGIN,
            hook,
        })
    }

    /// The token in use now.
    pub(crate) fn token(&self) -> OAuth2Token {
        self.read().0
    }

    fn read(&self) -> (OAuth2Token, HeaderValue) {
        // A poisoned lock only means a hook panicked after the token was stored.
        let guard = self.current.read().unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }

    /// The `Authorization` header, refreshing the token first when it is about to expire.
    pub(crate) async fn header(&self) -> Result<HeaderValue> {
        let (token, header) = self.read();
        if !token.expires_within(self.margin) {
            return Ok(header);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        // Another task may have refreshed while this one waited.
        let (token, header) = self.read();
        if !token.expires_within(self.margin) {
            return Ok(header);
        }
        if token.refresh_token.is_none() {
            if token.expires_within(Duration::ZERO) {
                return Err(Error::Config(
                    "the OAuth 2.0 user token has expired and there is no refresh token (ask for the offline.access scope)"
                        .to_owned(),
                ));
            }
            return Ok(header);
        }
        self.refresh_now(&token).await
    }

    /// After a 401 answered to a request sent with `used`: refreshes the token unless another
    /// task already did. `Ok(true)` when a newer token is in place and the request is worth
    /// one more try; `Ok(false)` when there is no refresh token.
    pub(crate) async fn refresh_after_401(&self, used: &HeaderValue) -> Result<bool> {
        let _one_at_a_time = self.refreshing.lock().await;
        let (token, header) = self.read();
        if header != *used {
            return Ok(true);
        }
        if token.refresh_token.is_none() {
            return Ok(false);
        }
        self.refresh_now(&token).await.map(|_| true)
    }

    /// Calls the token endpoint and stores the new token; the caller holds `refreshing`.
    async fn refresh_now(&self, token: &OAuth2Token) -> Result<HeaderValue> {
        let refresh_token = token.refresh_token().unwrap_or_default().to_owned();
        tracing::debug!("refreshing the OAuth 2.0 user token");
        let mut fresh = self.app.refresh(&refresh_token).await?;
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = token.refresh_token.clone();
        }
        let new_header =
            Credentials::bearer_header("refreshed OAuth 2.0 user token", fresh.access_token())
                .map_err(Error::Config)?;
        {
            let mut guard = self.current.write().unwrap_or_else(|e| e.into_inner());
            *guard = (fresh.clone(), new_header.clone());
        }
        if let Some(hook) = &self.hook {
            hook(&fresh);
        }
        Ok(new_header)
    }
}
