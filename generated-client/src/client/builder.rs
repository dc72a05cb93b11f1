//! [`ClientBuilder`]: credentials (which fix the client's type), base URL, timeouts,
//! deadline, response cap, connection cap and policies, checked by `build()`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use tokio::sync::Semaphore;
use url::Url;

use super::{AppOnly, AuthKind, Client, NoAuth, OAuth1User, OAuth2User};
use crate::auth::oauth2::{OAuth2App, OAuth2Token, RefreshHook};
use crate::auth::{Credentials, OAuth1Credentials, TokenManager};
use crate::base::error::{Error, Result};
use crate::base::http::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, MAX_DEFAULT_RATE_LIMIT_WAIT,
    check_transport_security,
};
use crate::base::retry::{RateLimitPolicy, RetryPolicy};
use crate::base::secret::Secret;
use crate::transport::Transport;

#[derive(Clone)]
enum PendingAuth {
    None,
    Bearer(Secret),
    OAuth1(OAuth1Credentials),
    OAuth2User(Secret),
    OAuth2Refreshing(Box<OAuth2App>, OAuth2Token),
}

/// Everything but the credentials.
#[derive(Clone)]
struct Settings {
    base_url: String,
    allow_insecure_http: bool,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_response_bytes: u64,
    max_connections: usize,
    user_agent: Option<String>,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    refresh_hook: Option<RefreshHook>,
}

/// Builds a [`Client`]. The credentials method chosen fixes the client's type:
/// [`ClientBuilder::bearer_token`] gives a `Client<AppOnly>`, [`ClientBuilder::oauth1`] a
/// `Client<OAuth1User>`, [`ClientBuilder::oauth2_user_token`] and [`ClientBuilder::oauth2_user`]
/// a `Client<OAuth2User>`; `build()` is only available once credentials are given.
///
/// # Defaults
///
/// | Setting | Default | Method |
/// |---|---|---|
/// | base URL | `https://api.twitter.com` (plain `http://` only to a loopback host) | [`base_url`](Self::base_url), [`allow_insecure_http`](Self::allow_insecure_http) |
/// | timeout of one attempt | 30 s | [`timeout`](Self::timeout) |
/// | connect timeout | 10 s | [`connect_timeout`](Self::connect_timeout) |
/// | deadline of one call, every attempt and wait included | 60 s, plus the rate-limit policy's `max_wait` (counted as at most 16 min) when waiting is on | [`deadline`](Self::deadline) |
/// | response body cap (after decompression) | 16 MiB | [`max_response_bytes`](Self::max_response_bytes) |
/// | requests in flight (connections to the API host) | 32 per client | [`max_connections`](Self::max_connections) |
/// | retries | 3 attempts, backoff 0.5 s then 1 s with jitter, `GET`/`DELETE` only | [`retry`](Self::retry) |
/// | HTTP 429 | fail at once ([`RateLimitPolicy::fail_fast`]) | [`rate_limit_policy`](Self::rate_limit_policy) |
/// | redirects | never followed: a 3xx is [`Error::Redirected`] | |
/// | compression | gzip and brotli accepted and decoded | |
/// | `User-Agent` | `twitter-client-rs/<version>` | [`user_agent`](Self::user_agent) |
#[must_use = "a builder does nothing until build() is called"]
pub struct ClientBuilder<S = NoAuth> {
    settings: Settings,
    auth: PendingAuth,
    _state: PhantomData<fn() -> S>,
}

impl<S> Clone for ClientBuilder<S> {
    fn clone(&self) -> Self {
        Self {
            settings: self.settings.clone(),
            auth: self.auth.clone(),
            _state: PhantomData,
        }
    }
}

impl<S> fmt::Debug for ClientBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            PendingAuth::None => "none",
            PendingAuth::Bearer(_) => "bearer <redacted>",
            PendingAuth::OAuth1(_) => "oauth1 <redacted>",
            PendingAuth::OAuth2User(_) => "oauth2 user token <redacted>",
            PendingAuth::OAuth2Refreshing(..) => "oauth2 refreshing user token <redacted>",
        };
        let set = &self.settings;
        f.debug_struct("ClientBuilder")
            .field("base_url", &set.base_url)
            .field("allow_insecure_http", &set.allow_insecure_http)
            .field("auth", &auth)
            .field("custom_http_client", &set.http.is_some())
            .field("timeout", &set.timeout)
            .field("connect_timeout", &set.connect_timeout)
            .field("deadline", &set.deadline)
            .field("max_response_bytes", &set.max_response_bytes)
            .field("max_connections", &set.max_connections)
            .field("user_agent", &set.user_agent)
            .field("retry", &set.retry)
            .field("rate_limit_policy", &set.rate_limit)
            .finish()
    }
}

impl Default for ClientBuilder<NoAuth> {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder<NoAuth> {
    /// A builder with the defaults.
    pub fn new() -> Self {
        Self {
            settings: Settings {
                base_url: DEFAULT_BASE_URL.to_owned(),
                allow_insecure_http: false,
                http: None,
                timeout: None,
                connect_timeout: None,
                deadline: None,
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                max_connections: DEFAULT_MAX_CONNECTIONS,
                user_agent: None,
                retry: RetryPolicy::default(),
                rate_limit: RateLimitPolicy::default(),
                refresh_hook: None,
            },
            auth: PendingAuth::None,
            _state: PhantomData,
        }
    }

    fn with_auth<T>(self, auth: PendingAuth) -> ClientBuilder<T> {
        ClientBuilder {
            settings: self.settings,
            auth,
            _state: PhantomData,
        }
    }

    /// App-only auth with an OAuth 2.0 Bearer token (without the `Bearer ` prefix).
    pub fn bearer_token(self, token: impl Into<String>) -> ClientBuilder<AppOnly> {
        self.with_auth(PendingAuth::Bearer(Secret::new(token)))
    }

    /// User-context auth with OAuth 1.0a: each request is signed with HMAC-SHA1.
    pub fn oauth1(
        self,
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        access_token: impl Into<String>,
        access_token_secret: impl Into<String>,
    ) -> ClientBuilder<OAuth1User> {
        self.with_auth(PendingAuth::OAuth1(OAuth1Credentials::new(
            consumer_key,
            consumer_secret,
            access_token,
            access_token_secret,
        )))
    }

    /// User-context auth with OAuth 1.0a credentials bundled in an [`OAuth1Credentials`].
    pub fn oauth1_credentials(self, credentials: OAuth1Credentials) -> ClientBuilder<OAuth1User> {
        self.with_auth(PendingAuth::OAuth1(credentials))
    }

    /// User-context auth with an OAuth 2.0 user access token (from the Authorization Code
    /// flow with PKCE), sent as `Authorization: Bearer <token>`.
    pub fn oauth2_user_token(self, token: impl Into<String>) -> ClientBuilder<OAuth2User> {
        self.with_auth(PendingAuth::OAuth2User(Secret::new(token)))
    }

    /// User-context auth with an OAuth 2.0 user token that the client refreshes itself,
    /// through `app`'s token endpoint, shortly before it expires (the token needs a refresh
    /// token: ask for the `offline.access` scope). Many concurrent requests cause one refresh.
    /// Store each new token with [`ClientBuilder::on_token_refresh`].
    pub fn oauth2_user(self, app: OAuth2App, token: OAuth2Token) -> ClientBuilder<OAuth2User> {
        self.with_auth(PendingAuth::OAuth2Refreshing(Box::new(app), token))
    }
}

impl<S> ClientBuilder<S> {
    /// The API's base URL (default `https://api.twitter.com`); a path is kept as a prefix
    /// (`http://127.0.0.1:8080/proxy` sends `/proxy/2/...`). Checked by `build()`: plain
    /// `http://` is refused unless the host is a loopback address (`127.0.0.0/8`, `::1`,
    /// `localhost`) or [`ClientBuilder::allow_insecure_http`] is called.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = url.into();
        self
    }

    /// Accepts a plain `http://` base URL to a host that is not a loopback address. Every
    /// request then carries its credentials (the Bearer token, the OAuth 1.0a signature
    /// and access token, the OAuth 2.0 token) in clear: only for a trusted network.
    pub fn allow_insecure_http(mut self) -> Self {
        self.settings.allow_insecure_http = true;
        self
    }

    /// Uses this `reqwest::Client` (to share a connection pool or set a proxy). The
    /// builder's [`ClientBuilder::timeout`] and [`ClientBuilder::user_agent`] still apply
    /// per request; [`ClientBuilder::connect_timeout`] cannot and is refused by `build()`.
    /// Give it `redirect(reqwest::redirect::Policy::none())`: a redirect it follows is
    /// reported as [`Error::Redirected`], but only after it was followed.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.settings.http = Some(client);
        self
    }

    /// Timeout of one attempt (default 30 s): connect, send, wait and read the body. A
    /// timeout is an [`Error::Transport`] with [`Error::is_timeout`], retried per the
    /// [`RetryPolicy`] within the [`ClientBuilder::deadline`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// Deadline of one call (`send()`, or one page of a stream): every attempt, backoff and
    /// rate-limit wait included. Default 60 s, plus the rate-limit policy's `max_wait`
    /// (counted as at most 16 minutes) when [`RateLimitPolicy::wait`] is chosen. An
    /// attempt still running at the deadline ends as a timeout ([`Error::is_timeout`]);
    /// no retry or wait starts that would end after it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// Cap of one response body in bytes, after decompression (default 16 MiB, well above
    /// the largest real page). Enforced while reading: a larger body is abandoned at the
    /// cap (or at once when `Content-Length` announces it) with
    /// [`Error::ResponseTooLarge`], so memory stays bounded whatever the server sends.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.settings.max_response_bytes = bytes;
        self
    }

    /// Cap of requests in flight at once for this client and its clones (default 32, at
    /// least 1), hence of open connections to the API host; further requests wait for a
    /// free slot (within their deadline).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.settings.max_connections = connections.max(1);
        self
    }

    /// The `User-Agent` header (default `twitter-client-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = Some(user_agent.into());
        self
    }

    /// Retries of transient failures (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// What to do on HTTP 429 (default: [`RateLimitPolicy::fail_fast`]).
    pub fn rate_limit_policy(mut self, policy: RateLimitPolicy) -> Self {
        self.settings.rate_limit = policy;
        self
    }
}

impl ClientBuilder<OAuth2User> {
    /// Calls `hook` with every new token after an automatic refresh (see
    /// [`ClientBuilder::oauth2_user`]), so that it can be stored: the refresh token of the
    /// old one stops working.
    pub fn on_token_refresh(mut self, hook: impl Fn(&OAuth2Token) + Send + Sync + 'static) -> Self {
        self.settings.refresh_hook = Some(Arc::new(hook));
        self
    }
}

impl<A: AuthKind> ClientBuilder<A> {
    /// Checks the configuration and builds the client.
    ///
    /// Errors ([`Error::Config`]): a base URL that is not an absolute `http`/`https` URL,
    /// that has a query or fragment, or that is plain `http://` to a host that is not a
    /// loopback address (see [`ClientBuilder::allow_insecure_http`]); empty credentials or
    /// credentials that cannot be sent in a header; a connect timeout together with a
    /// custom `http_client`; an invalid user agent.
    pub fn build(self) -> Result<Client<A>> {
        let set = self.settings;
        let base_url = parse_base_url(&set.base_url)?;
        check_transport_security(&base_url, set.allow_insecure_http)
            .map_err(|why| Error::Config(format!("base_url {why}")))?;

        let credentials = match self.auth {
            PendingAuth::None => {
                return Err(Error::Config("no credentials were given".to_owned()));
            }
            PendingAuth::Bearer(token) => Credentials::Bearer(
                Credentials::bearer_header("bearer token", token.expose())
                    .map_err(Error::Config)?,
            ),
            PendingAuth::OAuth2User(token) => Credentials::OAuth2User(
                Credentials::bearer_header("OAuth 2.0 user token", token.expose())
                    .map_err(Error::Config)?,
            ),
            PendingAuth::OAuth1(c) => {
                c.validate().map_err(Error::Config)?;
                Credentials::OAuth1(c)
            }
            PendingAuth::OAuth2Refreshing(app, token) => Credentials::OAuth2Refreshing(Arc::new(
                TokenManager::new(*app, token, set.refresh_hook.clone()).map_err(Error::Config)?,
            )),
        };
        if set.refresh_hook.is_some() && !matches!(credentials, Credentials::OAuth2Refreshing(_)) {
            return Err(Error::Config(
                "on_token_refresh needs a refreshing OAuth 2.0 user token (ClientBuilder::oauth2_user)".to_owned(),
            ));
        }

        let user_agent = match &set.user_agent {
            Some(ua) => Some(
                HeaderValue::from_str(ua)
                    .map_err(|_| Error::Config(format!("invalid user agent {ua:?}")))?,
            ),
            None => None,
        };

        let (http, timeout, per_request_ua) = match set.http {
            Some(http) => {
                if set.connect_timeout.is_some() {
                    return Err(Error::Config(
                        "connect_timeout cannot be applied to a custom http_client; set it on that reqwest::Client"
                            .to_owned(),
                    ));
                }
                (http, set.timeout, user_agent)
            }
            None => {
                let ua = user_agent.unwrap_or_else(|| HeaderValue::from_static(DEFAULT_USER_AGENT));
                let http = reqwest::Client::builder()
                    .connect_timeout(set.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .user_agent(ua)
                    .redirect(reqwest::redirect::Policy::none())
                    .pool_max_idle_per_host(set.max_connections)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                (http, Some(set.timeout.unwrap_or(DEFAULT_TIMEOUT)), None)
            }
        };
        let deadline = set.deadline.unwrap_or_else(|| {
            let waits = set
                .rate_limit
                .max_wait()
                .map_or(Duration::ZERO, |w| w.min(MAX_DEFAULT_RATE_LIMIT_WAIT));
            DEFAULT_DEADLINE + waits
        });

        Ok(Client::from_transport(Transport {
            http,
            base_url,
            credentials,
            retry: set.retry,
            rate_limit: set.rate_limit,
            timeout,
            deadline,
            max_response_bytes: set.max_response_bytes,
            user_agent: per_request_ua,
            connections: Semaphore::new(set.max_connections),
        }))
    }
}

fn parse_base_url(raw: &str) -> Result<Url> {
    let bad = |why: &str| Error::Config(format!("base_url {raw:?} {why}"));
    let url = Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must use http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not hold credentials"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        for bad in [
            "",
            "api.twitter.com",
            "ftp://api.twitter.com",
            "https://api.twitter.com/?x=1",
            "https://api.twitter.com/#frag",
            "https://user:pw@api.twitter.com",
            "http://",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/proxy/")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/proxy/"
        );
    }

    #[test]
    fn build_reports_config_errors() {
        let err = Client::builder()
            .base_url("nope")
            .bearer_token("t")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        assert!(err.to_string().contains("nope"));
        let err = Client::builder().bearer_token("").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        let err = Client::builder()
            .oauth1("k", "", "t", "s")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("consumer_secret"), "{err}");
        let err = Client::builder()
            .http_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1))
            .bearer_token("t")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        let err = Client::builder()
            .user_agent("a\nb")
            .oauth2_user_token("t")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
    }
}
