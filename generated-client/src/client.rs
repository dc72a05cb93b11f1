//! [`Client`] and the auth markers [`AppOnly`] and [`UserContext`]; [`ClientBuilder`]
//! (module `builder`) checks a configuration and assembles the transport. The layer above
//! the transport and the streams, below the request builders.

mod builder;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use url::Url;

use crate::auth::oauth2::OAuth2Token;
use crate::auth::Credentials;
use crate::base::retry::{RateLimitPolicy, RetryPolicy};
use crate::transport::Transport;

pub use crate::base::http::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use builder::ClientBuilder;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::AppOnly {}
    impl Sealed for super::UserContext {}
}

/// The kind of auth of a [`Client`]: [`AppOnly`] or [`UserContext`]. Sealed.
pub trait AuthKind: sealed::Sealed + Send + Sync + 'static {
    /// `true` for user-context auth (OAuth 1.0a or OAuth 2.0 user token).
    const USER_CONTEXT: bool;
}

/// App-only auth: an OAuth 2.0 Bearer token. Endpoints that need a user are not available
/// on a `Client<AppOnly>` (they do not compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AppOnly;

/// User-context auth: OAuth 1.0a (consumer key and secret plus access token and secret) or
/// an OAuth 2.0 user access token. Every endpoint is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UserContext;

/// The state of a [`ClientBuilder`] before any credentials are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NoAuth;

impl AuthKind for AppOnly {
    const USER_CONTEXT: bool = false;
}

impl AuthKind for UserContext {
    const USER_CONTEXT: bool = true;
}

/// A Twitter API v2 client. Cheap to clone (one `Arc`); clones share the connection pool.
///
/// The type parameter tells the auth kind: a `Client<AppOnly>` (Bearer token) offers the
/// endpoints that accept app-only auth, a `Client<UserContext>` offers them all.
///
/// ```no_run
/// use std::time::Duration;
/// use twitter_client::{Client, RateLimitPolicy, RetryPolicy};
///
/// # fn main() -> twitter_client::Result<()> {
/// let app = Client::builder()
///     .bearer_token("AAAA...")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_attempts(4))
///     .rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(900)))
///     .build()?;
/// let user = Client::builder()
///     .oauth1("consumer key", "consumer secret", "access token", "access token secret")
///     .build()?;
/// # let _ = (app, user); Ok(()) }
/// ```
pub struct Client<A = AppOnly> {
    pub(crate) transport: Arc<Transport>,
    /// The authenticated user's id, resolved once by [`Client::my_user_id`].
    pub(crate) me: Arc<tokio::sync::OnceCell<String>>,
    _auth: PhantomData<fn() -> A>,
}

impl<A> Clone for Client<A> {
    fn clone(&self) -> Self {
        Self {
            transport: Arc::clone(&self.transport),
            me: Arc::clone(&self.me),
            _auth: PhantomData,
        }
    }
}

impl<A> Client<A> {
    pub(crate) fn from_transport(transport: Transport) -> Self {
        Self {
            transport: Arc::new(transport),
            me: Arc::default(),
            _auth: PhantomData,
        }
    }
}

impl<A> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.transport.base_url.as_str())
            .field("auth", &self.transport.credentials.scheme())
            .field("credentials", &"<redacted>")
            .field("retry", &self.transport.retry)
            .field("rate_limit_policy", &self.transport.rate_limit)
            .field("timeout", &self.transport.timeout)
            .field("deadline", &self.transport.deadline)
            .field("max_response_bytes", &self.transport.max_response_bytes)
            .finish()
    }
}

impl Client {
    /// A builder; give it credentials with [`ClientBuilder::bearer_token`],
    /// [`ClientBuilder::oauth1`] or [`ClientBuilder::oauth2_user_token`].
    pub fn builder() -> ClientBuilder<NoAuth> {
        ClientBuilder::new()
    }
}

impl<A: AuthKind> Client<A> {
    /// The base URL, such as `https://api.twitter.com/`.
    pub fn base_url(&self) -> &Url {
        &self.transport.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.transport.retry
    }

    /// The rate-limit policy.
    pub fn rate_limit_policy(&self) -> &RateLimitPolicy {
        &self.transport.rate_limit
    }

    /// `true` for a user-context client.
    pub fn is_user_context(&self) -> bool {
        A::USER_CONTEXT
    }

    /// The OAuth 2.0 user token in use now, when the client refreshes one itself
    /// ([`ClientBuilder::oauth2_user`]); `None` for other credentials.
    pub fn oauth2_token(&self) -> Option<OAuth2Token> {
        match &self.transport.credentials {
            Credentials::OAuth2Refreshing(manager) => Some(manager.token()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_markers() {
        const { assert!(!AppOnly::USER_CONTEXT) };
        const { assert!(UserContext::USER_CONTEXT) };
    }
}
