//! [`Client`], the auth markers [`AppOnly`], [`OAuth1User`] and [`OAuth2User`], and the
//! endpoint bounds of [`accepts`]; [`ClientBuilder`]
//! (module `builder`) checks a configuration and assembles the transport. The layer above
//! the transport and the streams, below the request builders.

mod builder;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use url::Url;

use crate::auth::Credentials;
use crate::auth::oauth2::OAuth2Token;
use crate::base::retry::{RateLimitPolicy, RetryPolicy};
use crate::transport::Transport;

pub use crate::base::endpoint::{AuthScheme, AuthSet};
pub use crate::base::http::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use accepts::UserContext;
pub use builder::ClientBuilder;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::AppOnly {}
    impl Sealed for super::OAuth1User {}
    impl Sealed for super::OAuth2User {}
}

/// The kind of auth of a [`Client`]: [`AppOnly`], [`OAuth1User`] or [`OAuth2User`]. Sealed.
///
/// Which endpoints a client can call follows from its kind: each generated endpoint method
/// has a bound from [`accepts`] naming the schemes the endpoint accepts, so calling one with
/// the wrong kind of client does not compile, and the compiler says what the endpoint needs.
pub trait AuthKind: sealed::Sealed + Send + Sync + 'static {
    /// The scheme this kind of client sends.
    const SCHEME: AuthScheme;
    /// `true` for user-context auth (OAuth 1.0a or OAuth 2.0 user token).
    const USER_CONTEXT: bool;
}

/// App-only auth: an OAuth 2.0 Bearer token ([`ClientBuilder::bearer_token`]). Endpoints that
/// need a user do not compile on a `Client<AppOnly>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AppOnly;

/// OAuth 1.0a User Context: consumer key and secret plus access token and secret
/// ([`ClientBuilder::oauth1`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OAuth1User;

/// An OAuth 2.0 user access token, fixed ([`ClientBuilder::oauth2_user_token`]) or refreshed
/// by the client ([`ClientBuilder::oauth2_user`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OAuth2User;

/// The state of a [`ClientBuilder`] before any credentials are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NoAuth;

impl AuthKind for AppOnly {
    const SCHEME: AuthScheme = AuthScheme::AppOnly;
    const USER_CONTEXT: bool = false;
}

impl AuthKind for OAuth1User {
    const SCHEME: AuthScheme = AuthScheme::OAuth1User;
    const USER_CONTEXT: bool = true;
}

impl AuthKind for OAuth2User {
    const SCHEME: AuthScheme = AuthScheme::OAuth2User;
    const USER_CONTEXT: bool = true;
}

/// The bounds of the generated endpoint methods: one trait per set of auth schemes an
/// endpoint of the X API v2 accepts (the official OpenAPI 2.166 has six: {OAuth 1.0a,
/// OAuth 2.0 user}: 79 operations, {app-only}: 41, all three: 28, {OAuth 2.0 user}: 7,
/// {app-only, OAuth 2.0 user}: 6, {app-only, OAuth 1.0a}: 3; [`OAuth1`](accepts::OAuth1)
/// alone completes the list). An endpoint that accepts all three schemes has no bound.
///
/// Each trait is implemented exactly by the client kinds of its set, and carries the message
/// the compiler shows when another kind calls the endpoint:
///
/// ```compile_fail,E0277
/// # async fn run() -> twitter_client::Result<()> {
/// let app = twitter_client::Client::builder().bearer_token("AAAA").build()?;
/// // error[E0277]: `Client<AppOnly>` cannot call this endpoint: it needs user context,
/// // OAuth 1.0a (a `Client<OAuth1User>`) or an OAuth 2.0 user token (a `Client<OAuth2User>`)
/// app.like_tweet("2244994945", "1460323737035677698");
/// # Ok(()) }
/// ```
pub mod accepts {
    use super::{AppOnly, AuthKind, OAuth1User, OAuth2User};

    macro_rules! auth_set {
        ($(#[$doc:meta])* $name:ident, $message:literal, $label:literal, $note:literal: $($kind:ident),+) => {
            $(#[$doc])*
            #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
            pub trait $name: AuthKind {}
            $( #[diagnostic::do_not_recommend] impl $name for $kind {} )+
        };
    }

    auth_set!(
        /// Endpoints that accept only an app-only Bearer token: `Client<AppOnly>`.
        App,
        "`Client<{Self}>` cannot call this endpoint: it needs an app-only Bearer token (a `Client<AppOnly>`)",
        "this endpoint accepts only an app-only Bearer token",
        "build that client with `Client::builder().bearer_token(..)`":
        AppOnly
    );

    auth_set!(
        /// Endpoints that accept only OAuth 1.0a User Context: `Client<OAuth1User>`.
        OAuth1,
        "`Client<{Self}>` cannot call this endpoint: it needs OAuth 1.0a user context (a `Client<OAuth1User>`)",
        "this endpoint accepts only OAuth 1.0a user context",
        "build that client with `Client::builder().oauth1(..)`":
        OAuth1User
    );

    auth_set!(
        /// Endpoints that accept only an OAuth 2.0 user token: `Client<OAuth2User>`.
        OAuth2,
        "`Client<{Self}>` cannot call this endpoint: it needs an OAuth 2.0 user token (a `Client<OAuth2User>`)",
        "this endpoint accepts only an OAuth 2.0 user token",
        "build that client with `Client::builder().oauth2_user_token(..)` or `.oauth2_user(app, token)`":
        OAuth2User
    );

    auth_set!(
        /// Endpoints that accept an app-only Bearer token or OAuth 1.0a User Context.
        AppOrOAuth1,
        "`Client<{Self}>` cannot call this endpoint: it needs an app-only Bearer token (a `Client<AppOnly>`) or OAuth 1.0a user context (a `Client<OAuth1User>`)",
        "this endpoint accepts an app-only Bearer token or OAuth 1.0a, not an OAuth 2.0 user token",
        "build that client with `Client::builder().bearer_token(..)` or `.oauth1(..)`":
        AppOnly, OAuth1User
    );

    auth_set!(
        /// Endpoints that accept an app-only Bearer token or an OAuth 2.0 user token.
        AppOrOAuth2,
        "`Client<{Self}>` cannot call this endpoint: it needs an app-only Bearer token (a `Client<AppOnly>`) or an OAuth 2.0 user token (a `Client<OAuth2User>`)",
        "this endpoint accepts an app-only Bearer token or an OAuth 2.0 user token, not OAuth 1.0a",
        "build that client with `Client::builder().bearer_token(..)`, `.oauth2_user_token(..)` or `.oauth2_user(app, token)`":
        AppOnly, OAuth2User
    );

    auth_set!(
        /// Endpoints that act as a user: OAuth 1.0a User Context or an OAuth 2.0 user token
        /// (`Client<OAuth1User>` or `Client<OAuth2User>`). Also the bound of the client's
        /// conveniences that act as the authenticated user ([`Client::like`](crate::Client::like)).
        UserContext,
        "`Client<{Self}>` cannot call this endpoint: it needs user context, OAuth 1.0a (a `Client<OAuth1User>`) or an OAuth 2.0 user token (a `Client<OAuth2User>`)",
        "this endpoint acts as a user: an app-only Bearer token cannot call it",
        "build that client with `Client::builder().oauth1(..)`, `.oauth2_user_token(..)` or `.oauth2_user(app, token)`":
        OAuth1User, OAuth2User
    );
}

/// A Twitter API v2 client. Cheap to clone (one `Arc`); clones share the connection pool.
///
/// The type parameter tells the auth kind: [`AppOnly`] (Bearer token), [`OAuth1User`] or
/// [`OAuth2User`]. Each endpoint method compiles only on the kinds of client the endpoint
/// accepts (see [`accepts`]).
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
        const { assert!(OAuth1User::USER_CONTEXT) };
        const { assert!(OAuth2User::USER_CONTEXT) };
        let set = AuthSet {
            app_only: false,
            oauth1_user: false,
            oauth2_user: true,
        };
        assert!(set.accepts(OAuth2User::SCHEME) && !set.accepts(OAuth1User::SCHEME));
        assert!(!set.accepts(AppOnly::SCHEME));
        assert_eq!(
            set.describe(),
            "an OAuth 2.0 user token (Client<OAuth2User>)"
        );
        assert!(AuthSet::ANY.accepts(AuthScheme::AppOnly));
    }
}
