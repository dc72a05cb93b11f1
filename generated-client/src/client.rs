//! [`Client`], its typestate [`ClientBuilder`], the auth markers [`AppOnly`] and
//! [`UserContext`], and the request loop (auth, retries, rate limits, decoding).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use tracing::field::Empty;
use tracing::Instrument as _;
use url::Url;

use crate::auth::{Credentials, OAuth1Credentials, Secret};
use crate::error::{lenient_problem, truncate_chars, Error, ErrorBody, Result};
use crate::oauth2::{OAuth2App, OAuth2Token, RefreshHook, TokenManager};
use crate::rate_limit::{retry_after, RateLimit};
use crate::request::{Endpoint, Prepared, RequestBuilder};
use crate::response::Response;
use crate::retry::{RateLimitPolicy, RetryPolicy};

/// The default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.twitter.com";
/// The default whole-request timeout (connect, send, wait and read the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("twitter-client-rs/", env!("CARGO_PKG_VERSION"));

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
    pub(crate) inner: Arc<ClientInner>,
    _auth: PhantomData<fn() -> A>,
}

pub(crate) struct ClientInner {
    pub http: reqwest::Client,
    pub base_url: Url,
    pub credentials: Credentials,
    pub retry: RetryPolicy,
    pub rate_limit: RateLimitPolicy,
    pub timeout: Option<Duration>,
    pub user_agent: Option<HeaderValue>,
    /// The authenticated user's id, resolved once by [`Client::my_user_id`].
    pub me: tokio::sync::OnceCell<String>,
}

impl<A> Clone for Client<A> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            _auth: PhantomData,
        }
    }
}

impl<A> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.credentials.scheme())
            .field("credentials", &"<redacted>")
            .field("retry", &self.inner.retry)
            .field("rate_limit_policy", &self.inner.rate_limit)
            .field("timeout", &self.inner.timeout)
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
    /// A low-level request to any endpoint (the generated endpoint methods call this).
    pub fn request(&self, endpoint: &'static Endpoint) -> RequestBuilder<A> {
        RequestBuilder::new(self, endpoint)
    }

    /// The base URL, such as `https://api.twitter.com/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The rate-limit policy.
    pub fn rate_limit_policy(&self) -> &RateLimitPolicy {
        &self.inner.rate_limit
    }

    /// `true` for a user-context client.
    pub fn is_user_context(&self) -> bool {
        A::USER_CONTEXT
    }

    /// The OAuth 2.0 user token in use now, when the client refreshes one itself
    /// ([`ClientBuilder::oauth2_user`]); `None` for other credentials.
    pub fn oauth2_token(&self) -> Option<OAuth2Token> {
        match &self.inner.credentials {
            Credentials::OAuth2Refreshing(manager) => Some(manager.token()),
            _ => None,
        }
    }
}

#[derive(Clone)]
enum PendingAuth {
    None,
    Bearer(Secret),
    OAuth1(OAuth1Credentials),
    OAuth2User(Secret),
    OAuth2Refreshing(Box<OAuth2App>, OAuth2Token),
}

/// Builds a [`Client`]. The credentials method chosen fixes the client's type:
/// [`ClientBuilder::bearer_token`] gives a `Client<AppOnly>`, [`ClientBuilder::oauth1`] and
/// [`ClientBuilder::oauth2_user_token`] give a `Client<UserContext>`; `build()` is only
/// available once credentials are given.
///
/// Defaults: base URL `https://api.twitter.com`, timeout 30 s, connect timeout 10 s,
/// `User-Agent: twitter-client-rs/<version>`, [`RetryPolicy::default`],
/// [`RateLimitPolicy::fail_fast`].
#[must_use = "a builder does nothing until build() is called"]
pub struct ClientBuilder<S = NoAuth> {
    base_url: String,
    auth: PendingAuth,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    refresh_hook: Option<RefreshHook>,
    _state: PhantomData<fn() -> S>,
}

impl<S> Clone for ClientBuilder<S> {
    fn clone(&self) -> Self {
        Self {
            base_url: self.base_url.clone(),
            auth: self.auth.clone(),
            http: self.http.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent.clone(),
            retry: self.retry.clone(),
            rate_limit: self.rate_limit.clone(),
            refresh_hook: self.refresh_hook.clone(),
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
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &auth)
            .field("custom_http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limit_policy", &self.rate_limit)
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
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: PendingAuth::None,
            http: None,
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitPolicy::default(),
            refresh_hook: None,
            _state: PhantomData,
        }
    }

    fn with_auth<T>(self, auth: PendingAuth) -> ClientBuilder<T> {
        ClientBuilder {
            base_url: self.base_url,
            auth,
            http: self.http,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent,
            retry: self.retry,
            rate_limit: self.rate_limit,
            refresh_hook: self.refresh_hook,
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
    ) -> ClientBuilder<UserContext> {
        self.with_auth(PendingAuth::OAuth1(OAuth1Credentials::new(
            consumer_key,
            consumer_secret,
            access_token,
            access_token_secret,
        )))
    }

    /// User-context auth with OAuth 1.0a credentials bundled in an [`OAuth1Credentials`].
    pub fn oauth1_credentials(self, credentials: OAuth1Credentials) -> ClientBuilder<UserContext> {
        self.with_auth(PendingAuth::OAuth1(credentials))
    }

    /// User-context auth with an OAuth 2.0 user access token (from the Authorization Code
    /// flow with PKCE), sent as `Authorization: Bearer <token>`.
    pub fn oauth2_user_token(self, token: impl Into<String>) -> ClientBuilder<UserContext> {
        self.with_auth(PendingAuth::OAuth2User(Secret::new(token)))
    }

    /// User-context auth with an OAuth 2.0 user token that the client refreshes itself,
    /// through `app`'s token endpoint, shortly before it expires (the token needs a refresh
    /// token: ask for the `offline.access` scope). Many concurrent requests cause one refresh.
    /// Store each new token with [`ClientBuilder::on_token_refresh`].
    pub fn oauth2_user(self, app: OAuth2App, token: OAuth2Token) -> ClientBuilder<UserContext> {
        self.with_auth(PendingAuth::OAuth2Refreshing(Box::new(app), token))
    }
}

impl<S> ClientBuilder<S> {
    /// The API's base URL (default `https://api.twitter.com`); a path is kept as a prefix
    /// (`http://127.0.0.1:8080/proxy` sends `/proxy/2/...`). Checked by `build()`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Uses this `reqwest::Client` (to share a connection pool or set a proxy). The
    /// builder's [`ClientBuilder::timeout`] and [`ClientBuilder::user_agent`] still apply
    /// per request; [`ClientBuilder::connect_timeout`] cannot and is refused by `build()`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Whole-request timeout (default 30 s): connect, send, wait and read the body. A
    /// timeout is an [`Error::Transport`] with [`Error::is_timeout`], retried per the
    /// [`RetryPolicy`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `twitter-client-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Retries of transient failures (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// What to do on HTTP 429 (default: [`RateLimitPolicy::fail_fast`]).
    pub fn rate_limit_policy(mut self, policy: RateLimitPolicy) -> Self {
        self.rate_limit = policy;
        self
    }
}

impl ClientBuilder<UserContext> {
    /// Calls `hook` with every new token after an automatic refresh (see
    /// [`ClientBuilder::oauth2_user`]), so that it can be stored: the refresh token of the
    /// old one stops working.
    pub fn on_token_refresh(mut self, hook: impl Fn(&OAuth2Token) + Send + Sync + 'static) -> Self {
        self.refresh_hook = Some(Arc::new(hook));
        self
    }
}

impl<A: AuthKind> ClientBuilder<A> {
    /// Checks the configuration and builds the client.
    ///
    /// Errors ([`Error::Config`]): a base URL that is not an absolute `http`/`https` URL
    /// or that has a query or fragment; empty credentials or credentials that cannot be
    /// sent in a header; a connect timeout together with a custom `http_client`; an invalid
    /// user agent.
    pub fn build(self) -> Result<Client<A>> {
        let base_url = parse_base_url(&self.base_url)?;

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
                TokenManager::new(*app, token, self.refresh_hook.clone()).map_err(Error::Config)?,
            )),
        };
        if self.refresh_hook.is_some() && !matches!(credentials, Credentials::OAuth2Refreshing(_)) {
            return Err(Error::Config(
                "on_token_refresh needs a refreshing OAuth 2.0 user token (ClientBuilder::oauth2_user)".to_owned(),
            ));
        }

        let user_agent = match &self.user_agent {
            Some(ua) => Some(
                HeaderValue::from_str(ua)
                    .map_err(|_| Error::Config(format!("invalid user agent {ua:?}")))?,
            ),
            None => None,
        };

        let (http, timeout, per_request_ua) = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(Error::Config(
                        "connect_timeout cannot be applied to a custom http_client; set it on that reqwest::Client"
                            .to_owned(),
                    ));
                }
                (http, self.timeout, user_agent)
            }
            None => {
                let ua = user_agent.unwrap_or_else(|| HeaderValue::from_static(DEFAULT_USER_AGENT));
                let http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .user_agent(ua)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                (http, Some(self.timeout.unwrap_or(DEFAULT_TIMEOUT)), None)
            }
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                credentials,
                retry: self.retry,
                rate_limit: self.rate_limit,
                timeout,
                user_agent: per_request_ua,
                me: tokio::sync::OnceCell::new(),
            }),
            _auth: PhantomData,
        })
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

/// Sends a prepared request with auth, retries and rate-limit handling, and decodes the
/// answer.
pub(crate) async fn execute<T: DeserializeOwned>(
    inner: &ClientInner,
    prepared: &Prepared,
) -> Result<Response<T>> {
    let ep = prepared.endpoint;
    let span = tracing::debug_span!(
        "twitter_request",
        endpoint = ep.name,
        method = ep.method.as_str(),
        path = ep.path,
        auth = inner.credentials.scheme(),
        attempt = Empty,
        status = Empty,
        rate_limit_remaining = Empty,
    );
    run(inner, prepared, &span).instrument(span.clone()).await
}

fn is_transient(e: &reqwest::Error) -> bool {
    e.is_timeout() || e.is_connect() || e.is_request() || e.is_body()
}

fn is_transient_status(s: StatusCode) -> bool {
    matches!(s.as_u16(), 500 | 502 | 503 | 504)
}

async fn run<T: DeserializeOwned>(
    inner: &ClientInner,
    prepared: &Prepared,
    span: &tracing::Span,
) -> Result<Response<T>> {
    let ep = prepared.endpoint;
    let url = prepared.url(&inner.base_url)?;
    let retry_allowed = ep.method.is_idempotent() || inner.retry.retries_non_idempotent();
    let mut attempt = 0u32;
    let mut failures = 0u32;
    let mut rate_limit_waits = 0u32;
    let mut waited = Duration::ZERO;
    let mut refreshed_after_401 = false;

    loop {
        attempt += 1;
        span.record("attempt", attempt);
        let auth = inner
            .credentials
            .authorization(ep.method.as_str(), &url)
            .await?;
        let request = build_request(inner, prepared, &url, auth.clone())?;
        tracing::debug!(attempt, "sending");

        let outcome = async {
            let resp = inner.http.execute(request).await?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = resp.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        }
        .await;

        let (status, headers, body) = match outcome {
            Ok(parts) => parts,
            Err(e) => {
                failures += 1;
                if retry_allowed && is_transient(&e) && failures < inner.retry.attempts() {
                    let delay = inner.retry.backoff(failures);
                    tracing::info!(
                        error = %e,
                        timeout = e.is_timeout(),
                        delay_ms = delay.as_millis() as u64,
                        "transport error; retrying"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
                tracing::debug!(error = %e, "transport error");
                return Err(Error::Transport(e));
            }
        };

        span.record("status", status.as_u16());
        let rate_limit = RateLimit::from_headers(&headers);
        if let Some(rl) = &rate_limit {
            span.record("rate_limit_remaining", rl.remaining);
        }
        tracing::debug!(status = status.as_u16(), bytes = body.len(), "received");

        if status.is_success() {
            return decode_success(ep, status, headers, rate_limit, &body);
        }

        if status == StatusCode::TOO_MANY_REQUESTS {
            let parsed = ErrorBody::parse(&body);
            if parsed.is_usage_capped() {
                tracing::debug!("usage capped");
                return Err(api_error(ep, status, rate_limit, &body, parsed));
            }
            let reset = rate_limit.as_ref().map(blocking_reset);
            let until_reset = reset
                .map(|r| {
                    r.duration_since(SystemTime::now())
                        .unwrap_or(Duration::ZERO)
                })
                .or_else(|| retry_after(&headers));
            if let Some(delay) = inner
                .rate_limit
                .delay(until_reset, waited, rate_limit_waits)
            {
                rate_limit_waits += 1;
                waited += delay;
                tracing::info!(
                    delay_ms = delay.as_millis() as u64,
                    "rate limited; waiting for the window to reset"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(Error::RateLimited {
                status: status.as_u16(),
                reset,
                rate_limit,
                problems: parsed.problems,
                endpoint: ep.name,
            });
        }

        // A refreshing OAuth 2.0 token that the API no longer accepts (revoked early, clock
        // skew): refresh once and try again.
        if status == StatusCode::UNAUTHORIZED && !refreshed_after_401 {
            if let Credentials::OAuth2Refreshing(manager) = &inner.credentials {
                refreshed_after_401 = true;
                if manager.refresh_after_401(&auth).await? {
                    tracing::info!("401 with an OAuth 2.0 user token; refreshed it, retrying");
                    continue;
                }
            }
        }

        if is_transient_status(status) && retry_allowed {
            failures += 1;
            if failures < inner.retry.attempts() {
                let mut delay = inner.retry.backoff(failures);
                let honour = match retry_after(&headers) {
                    Some(ra) if ra > inner.retry.max_backoff_value() => false,
                    Some(ra) => {
                        delay = delay.max(ra);
                        true
                    }
                    None => true,
                };
                if honour {
                    tracing::info!(
                        status = status.as_u16(),
                        delay_ms = delay.as_millis() as u64,
                        "server error; retrying"
                    );
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
        }

        return Err(api_error(
            ep,
            status,
            rate_limit,
            &body,
            ErrorBody::parse(&body),
        ));
    }
}

/// When the quota that blocks requests resets: a 24-hour quota when one is exhausted (the
/// latest of them), else the endpoint window.
fn blocking_reset(rl: &RateLimit) -> SystemTime {
    let exhausted_daily = [rl.app_24hour, rl.user_24hour]
        .into_iter()
        .flatten()
        .filter(|q| q.is_exhausted())
        .map(|q| q.reset)
        .max();
    match exhausted_daily {
        Some(daily) if rl.remaining > 0 => daily,
        Some(daily) => daily.max(rl.reset),
        None => rl.reset,
    }
}

fn build_request(
    inner: &ClientInner,
    prepared: &Prepared,
    url: &Url,
    auth: HeaderValue,
) -> Result<reqwest::Request> {
    let method = prepared.endpoint.method;
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, auth);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(ua) = &inner.user_agent {
        headers.insert(USER_AGENT, ua.clone());
    }
    let mut builder = inner
        .http
        .request(method.to_reqwest(), url.clone())
        .headers(headers);
    if let Some(body) = &prepared.body {
        builder = builder
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body.to_vec());
    }
    if let Some(timeout) = inner.timeout {
        builder = builder.timeout(timeout);
    }
    builder.build().map_err(Error::Transport)
}

fn api_error(
    ep: &'static Endpoint,
    status: StatusCode,
    rate_limit: Option<RateLimit>,
    body: &[u8],
    parsed: ErrorBody,
) -> Error {
    Error::Api {
        status: status.as_u16(),
        problems: parsed.problems,
        title: parsed.title,
        detail: parsed.detail,
        problem_type: parsed.problem_type,
        body: String::from_utf8_lossy(body).into_owned(),
        rate_limit,
        endpoint: ep.name,
    }
}

/// The members of a 2xx body that decide whether it is an error in disguise.
#[derive(serde::Deserialize)]
struct Probe {
    #[serde(default)]
    data: Option<IgnoredAny>,
    #[serde(default)]
    meta: Option<IgnoredAny>,
    #[serde(default)]
    errors: Option<Vec<serde_json::Value>>,
}

fn decode_success<T: DeserializeOwned>(
    ep: &'static Endpoint,
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: Option<RateLimit>,
    body: &[u8],
) -> Result<Response<T>> {
    let errors_only =
        |p: &Probe| p.data.is_none() && p.errors.as_ref().is_some_and(|e| !e.is_empty());
    // A body with `errors` and neither `data` nor `meta` is an error whatever `T` accepts
    // (a page type whose `data` defaults to empty would otherwise hide it). Only a body that
    // mentions `"errors"` and not `"data"` is parsed for that first; the common page is
    // parsed once.
    let mentions_errors = contains(body, b"\"errors\"");
    let probe = if mentions_errors && !contains(body, b"\"data\"") {
        serde_json::from_slice::<Probe>(body).ok()
    } else {
        None
    };
    if let Some(p) = &probe {
        if errors_only(p) && p.meta.is_none() {
            return Err(errors_in_2xx(ep, status, rate_limit, body, p));
        }
    }

    let is_blank = body.iter().all(u8::is_ascii_whitespace);
    let text: &[u8] = if is_blank { b"null" } else { body };
    match serde_json::from_slice::<T>(text) {
        Ok(value) => Ok(Response::new(value, status, headers, rate_limit)),
        Err(first) => {
            let probe = match probe {
                Some(p) => Some(p),
                None if mentions_errors => serde_json::from_slice::<Probe>(body).ok(),
                None => None,
            };
            if let Some(p) = &probe {
                if errors_only(p) {
                    return Err(errors_in_2xx(ep, status, rate_limit, body, p));
                }
            }
            // Only now, on the failure path, decode again to learn the JSON path.
            let (path, message) = error_path::<T>(text, &first);
            Err(Error::Decode {
                status: status.as_u16(),
                path,
                message: if is_blank {
                    format!("the body is empty ({message})")
                } else {
                    message
                },
                body_excerpt: truncate_chars(&String::from_utf8_lossy(body), 512),
                endpoint: ep.name,
            })
        }
    }
}

/// The JSON path and message of a decode failure (a second, slower decode that tracks the
/// path; run only after the fast decode failed).
fn error_path<T: DeserializeOwned>(text: &[u8], first: &serde_json::Error) -> (String, String) {
    let mut de = serde_json::Deserializer::from_slice(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
        Ok(_) => (".".to_owned(), first.to_string()),
    }
}

fn errors_in_2xx(
    ep: &'static Endpoint,
    status: StatusCode,
    rate_limit: Option<RateLimit>,
    body: &[u8],
    probe: &Probe,
) -> Error {
    let problems = probe
        .errors
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(lenient_problem)
        .collect();
    Error::Api {
        status: status.as_u16(),
        problems,
        title: None,
        detail: None,
        problem_type: None,
        body: String::from_utf8_lossy(body).into_owned(),
        rate_limit,
        endpoint: ep.name,
    }
}

/// Whether the body mentions an `"errors"` key at all (cheap pre-check before probing).
fn contains(body: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(body, needle).is_some()
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

    #[test]
    fn daily_quota_resets_win_when_exhausted() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("x-rate-limit-limit", "75"),
            ("x-rate-limit-remaining", "70"),
            ("x-rate-limit-reset", "1000"),
            ("x-user-limit-24hour-limit", "50"),
            ("x-user-limit-24hour-remaining", "0"),
            ("x-user-limit-24hour-reset", "5000"),
        ] {
            h.insert(k, HeaderValue::from_static(v));
        }
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            blocking_reset(&rl),
            crate::rate_limit::epoch_to_system_time(5000)
        );
        h.remove("x-user-limit-24hour-remaining");
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            blocking_reset(&rl),
            crate::rate_limit::epoch_to_system_time(1000)
        );
    }

    #[test]
    fn auth_markers() {
        const { assert!(!AppOnly::USER_CONTEXT) };
        const { assert!(UserContext::USER_CONTEXT) };
    }
}
