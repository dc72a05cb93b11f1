//! OAuth 2.0 Authorization Code flow with PKCE (RFC 7636), to obtain and refresh the user
//! access tokens that [`crate::ClientBuilder::oauth2_user_token`] takes.
//!
//! ```no_run
//! use twitter_client::oauth2::{OAuth2App, PkceVerifier};
//! use twitter_client::Client;
//!
//! # async fn run() -> twitter_client::Result<()> {
//! let app = OAuth2App::new("client-id", "https://example.com/callback");
//! let verifier = PkceVerifier::new();
//! let state = twitter_client::oauth2::random_state();
//! let url = app.authorize_url(&["tweet.read", "users.read", "like.write", "offline.access"], &state, &verifier)?;
//! println!("open {url}");
//! // ... the user approves; the redirect carries `code` (and `state`, to compare) ...
//! # let code = "";
//! let token = app.exchange_code(code, &verifier).await?;
//!
//! // A client that refreshes the token itself, one refresh however many tasks use it,
//! // and hands every new token to a hook to be stored.
//! let me = Client::builder()
//!     .oauth2_user(app.clone(), token)
//!     .on_token_refresh(|fresh| println!("store the new token, expiring {:?}", fresh.expires_at()))
//!     .build()?;
//!
//! // Or by hand: a fixed token, refreshed when you decide.
//! # let token = twitter_client::oauth2::OAuth2Token::restore("a", Some("r".into()), None);
//! let fixed = Client::builder().oauth2_user_token(token.access_token()).build()?;
//! if let Some(refresh) = token.refresh_token() {
//!     let fresh = app.refresh(refresh).await?;
//!     # let _ = fresh;
//! }
//! # let _ = (me, fixed); Ok(()) }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use rand::Rng as _;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use sha2::{Digest, Sha256};
use url::Url;

use crate::base::body::{BodyError, read_capped};
use crate::base::error::{DecodeKind, Error, Result};
use crate::base::http::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, check_transport_security,
};
use crate::base::problem::ErrorBody;
use crate::base::rate_limit::RateLimit;
use crate::base::secret::Secret;

/// Where users approve an app.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://twitter.com/i/oauth2/authorize";
/// Where codes and refresh tokens are exchanged for access tokens.
pub const DEFAULT_TOKEN_URL: &str = "https://api.twitter.com/2/oauth2/token";

const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

fn random_unreserved(len: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(UNRESERVED[rng.gen_range(0..UNRESERVED.len())]))
        .collect()
}

/// A random `state` value (32 unreserved characters) to tie the redirect to the request.
pub fn random_state() -> String {
    random_unreserved(32)
}

/// A PKCE code verifier (RFC 7636 section 4.1). Kept secret until the code exchange;
/// `Debug` prints `"<redacted>"`.
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(Secret);

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier(<redacted>)")
    }
}

impl Default for PkceVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl PkceVerifier {
    /// A fresh random verifier of 64 unreserved characters.
    pub fn new() -> Self {
        Self(Secret::new(random_unreserved(64)))
    }

    /// A verifier from a known value; it must be 43 to 128 unreserved characters.
    pub fn from_value(value: impl Into<String>) -> Result<Self> {
        let value = value.into();
        if !(43..=128).contains(&value.len()) || !value.bytes().all(|b| UNRESERVED.contains(&b)) {
            return Err(Error::Config(
                "a PKCE code verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~".to_owned(),
            ));
        }
        Ok(Self(Secret::new(value)))
    }

    /// The verifier itself (sent in the code exchange).
    pub fn secret(&self) -> &str {
        self.0.expose()
    }

    /// The `S256` code challenge: `BASE64URL-NOPAD(SHA256(verifier))`.
    pub fn challenge(&self) -> String {
        let digest = Sha256::digest(self.0.expose().as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
    }
}

/// Called with every new token after an automatic refresh, so that it can be stored.
pub type RefreshHook = std::sync::Arc<dyn Fn(&OAuth2Token) + Send + Sync>;

/// An access token answered by the token endpoint. `Debug` redacts the tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuth2Token {
    access_token: Secret,
    pub(super) refresh_token: Option<Secret>,
    token_type: String,
    scope: Option<String>,
    expires_in: Option<u64>,
    obtained_at: SystemTime,
}

impl fmt::Debug for OAuth2Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Token")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("token_type", &self.token_type)
            .field("scope", &self.scope)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl OAuth2Token {
    /// The access token, for [`crate::ClientBuilder::oauth2_user_token`].
    pub fn access_token(&self) -> &str {
        self.access_token.expose()
    }

    /// The refresh token, present when the `offline.access` scope was granted.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(Secret::expose)
    }

    /// The token type (`bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The granted scopes, space-separated.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// Lifetime in seconds as answered (7200 for Twitter).
    pub fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }

    /// When the access token expires (from the time the answer arrived).
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_in
            .and_then(|s| self.obtained_at.checked_add(Duration::from_secs(s)))
    }

    /// Rebuilds a token that was stored earlier (for example from the hook of
    /// [`crate::ClientBuilder::on_token_refresh`]): the access token, the refresh token if
    /// any, and when the access token expires, if known.
    pub fn restore(
        access_token: impl Into<String>,
        refresh_token: Option<String>,
        expires_at: Option<SystemTime>,
    ) -> Self {
        let now = SystemTime::now();
        Self {
            access_token: Secret::new(access_token),
            refresh_token: refresh_token.map(Secret::new),
            token_type: "bearer".to_owned(),
            scope: None,
            expires_in: expires_at.map(|at| at.duration_since(now).map_or(0, |d| d.as_secs())),
            obtained_at: now,
        }
    }

    /// Whether the access token expires within `margin` from now (false when the lifetime is
    /// unknown).
    pub fn expires_within(&self, margin: Duration) -> bool {
        self.expires_at()
            .is_some_and(|at| at <= SystemTime::now() + margin)
    }
}

#[derive(serde::Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default, deserialize_with = "crate::base::wire::lenient::opt_i64")]
    expires_in: Option<i64>,
}

#[derive(serde::Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// An OAuth 2.0 app (client) registered with Twitter: its client id, redirect URI and,
/// for a confidential client, its client secret (then sent with HTTP Basic auth).
#[derive(Clone)]
pub struct OAuth2App {
    client_id: String,
    client_secret: Option<Secret>,
    redirect_uri: String,
    authorize_url: String,
    token_url: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for OAuth2App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2App")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("redirect_uri", &self.redirect_uri)
            .field("authorize_url", &self.authorize_url)
            .field("token_url", &self.token_url)
            .finish()
    }
}

impl OAuth2App {
    /// A public client (no secret).
    pub fn new(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: redirect_uri.into(),
            authorize_url: DEFAULT_AUTHORIZE_URL.to_owned(),
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            http: None,
        }
    }

    /// Makes it a confidential client, authenticated with HTTP Basic auth.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(Secret::new(secret));
        self
    }

    /// Changes the authorization page URL (default [`DEFAULT_AUTHORIZE_URL`]).
    pub fn authorize_endpoint(mut self, url: impl Into<String>) -> Self {
        self.authorize_url = url.into();
        self
    }

    /// Changes the token endpoint URL (default [`DEFAULT_TOKEN_URL`]).
    pub fn token_endpoint(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// Uses this `reqwest::Client` for the token requests.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The URL to send the user to: `response_type=code`, the client id, redirect URI,
    /// space-separated scopes, `state` and the `S256` challenge of `verifier`.
    ///
    /// Errors: [`Error::Config`] when the authorize endpoint set with
    /// [`OAuth2App::authorize_endpoint`] is not a valid URL.
    pub fn authorize_url(
        &self,
        scopes: &[&str],
        state: &str,
        verifier: &PkceVerifier,
    ) -> Result<Url> {
        let mut url = Url::parse(&self.authorize_url).map_err(|e| {
            Error::Config(format!(
                "authorize endpoint {:?} is not a valid URL: {e}",
                self.authorize_url
            ))
        })?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", state)
            .append_pair("code_challenge", &verifier.challenge())
            .append_pair("code_challenge_method", "S256");
        Ok(url)
    }

    /// Exchanges the authorization `code` of the redirect for a token.
    pub async fn exchange_code(&self, code: &str, verifier: &PkceVerifier) -> Result<OAuth2Token> {
        self.token_request(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &self.redirect_uri),
            ("code_verifier", verifier.secret()),
        ])
        .await
    }

    /// Exchanges a refresh token for a new token (the old refresh token stops working).
    pub async fn refresh(&self, refresh_token: &str) -> Result<OAuth2Token> {
        self.token_request(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    async fn token_request(&self, fields: &[(&str, &str)]) -> Result<OAuth2Token> {
        const ENDPOINT: &str = "oauth2_token";
        /// The most a token answer may hold (a real one is a few hundred bytes).
        const TOKEN_ANSWER_CAP: u64 = 64 * 1024;
        let http = match &self.http {
            Some(h) => h.clone(),
            None => reqwest::Client::builder()
                .timeout(DEFAULT_TIMEOUT)
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .user_agent(DEFAULT_USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let url = Url::parse(&self.token_url)
            .map_err(|e| Error::Config(format!("token endpoint {:?}: {e}", self.token_url)))?;
        // The form carries the code verifier or the refresh token: never in clear.
        check_transport_security(&url, false).map_err(Error::Config)?;
        // Built in a block: the serializer is not `Send` and must not live across an await.
        let form_body = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in fields {
                form.append_pair(k, v);
            }
            form.append_pair("client_id", &self.client_id);
            form.finish()
        };
        let mut request = http
            .post(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .body(form_body);
        if let Some(secret) = &self.client_secret {
            request = request.basic_auth(&self.client_id, Some(secret.expose()));
        }
        let mut response = request.send().await?;
        let status = response.status();
        tracing::debug!(
            status = status.as_u16(),
            grant_type = fields.first().map(|f| f.1),
            "OAuth 2.0 token endpoint answered"
        );
        let headers = response.headers().clone();
        // A token answer is a few hundred bytes: anything past the cap is not one, and is not
        // held in memory whatever the server sends.
        let body = match read_capped(&mut response, TOKEN_ANSWER_CAP).await {
            Ok(body) => body,
            Err(BodyError::TooLarge) => {
                return Err(Error::ResponseTooLarge {
                    status: status.as_u16(),
                    limit: TOKEN_ANSWER_CAP,
                    endpoint: ENDPOINT,
                });
            }
            Err(BodyError::Lost(e) | BodyError::Corrupt(e)) => return Err(Error::Transport(e)),
        };

        if status.is_success() {
            let parsed: TokenBody = serde_json::from_slice(&body).map_err(|e| {
                // Never echo a body that may hold tokens.
                Error::decode(
                    ENDPOINT,
                    status.as_u16(),
                    DecodeKind::Mismatch,
                    ".".to_owned(),
                    e.to_string(),
                    b"",
                )
            })?;
            return Ok(OAuth2Token {
                access_token: Secret::new(parsed.access_token),
                refresh_token: parsed.refresh_token.map(Secret::new),
                token_type: parsed.token_type.unwrap_or_else(|| "bearer".to_owned()),
                scope: parsed.scope,
                expires_in: parsed.expires_in.and_then(|s| u64::try_from(s).ok()),
                obtained_at: SystemTime::now(),
            });
        }

        let mut parsed = ErrorBody::parse(&body);
        if let Ok(e) = serde_json::from_slice::<OAuthErrorBody>(&body) {
            parsed.title = Some(e.error);
            parsed.detail = e.error_description;
        }
        Err(Error::from_answer(
            ENDPOINT,
            status.as_u16(),
            RateLimit::from_headers(&headers),
            &body,
            parsed,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    #[test]
    fn rfc7636_s256_challenge() {
        let v = PkceVerifier::from_value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(v.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifiers_are_random_and_checked() {
        let a = PkceVerifier::new();
        let b = PkceVerifier::new();
        assert_ne!(a, b);
        assert_eq!(a.secret().len(), 64);
        assert!(PkceVerifier::from_value(a.secret()).is_ok());
        assert!(PkceVerifier::from_value("short").is_err());
        assert!(PkceVerifier::from_value("x".repeat(42) + "!").is_err());
        assert_eq!(format!("{a:?}"), "PkceVerifier(<redacted>)");
        assert_eq!(random_state().len(), 32);
    }

    #[test]
    fn authorize_url_has_every_parameter() {
        let app = OAuth2App::new("cid", "https://example.com/cb?x=1").client_secret("shh");
        let v = PkceVerifier::from_value("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        let url = app
            .authorize_url(&["tweet.read", "offline.access"], "st", &v)
            .unwrap();
        let bad = OAuth2App::new("cid", "https://example.com/cb").authorize_endpoint("not a url");
        assert!(matches!(
            bad.authorize_url(&[], "st", &v),
            Err(Error::Config(_))
        ));
        assert_eq!(
            url.as_str(),
            "https://twitter.com/i/oauth2/authorize?response_type=code&client_id=cid&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&scope=tweet.read+offline.access&state=st&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
        assert!(!format!("{app:?}").contains("shh"));
    }
}
