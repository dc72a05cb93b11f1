//! Authentication: OAuth 2.0 Bearer (app-only), OAuth 1.0a user context (HMAC-SHA1,
//! RFC 5849, module [`oauth1`]'s signer) and OAuth 2.0 user access tokens (module
//! [`oauth2`]: PKCE, token exchange and refresh).
//!
//! Secrets never appear in `Debug` output: every type here prints `"<redacted>"` in their
//! place, and the `Authorization` header values built from them are marked sensitive.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;
use url::Url;

pub mod oauth1;
pub mod oauth2;
mod token_manager;

pub use crate::base::encoding::percent_encode;
pub use crate::base::secret::Secret;
pub use oauth1::{OAuth1Credentials, fresh_nonce, hmac_sha1_signature, signature_base_string};
pub(crate) use token_manager::TokenManager;

/// How a [`crate::Client`] authenticates its requests.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// App-only OAuth 2.0 Bearer token; the header value is precomputed and sensitive.
    Bearer(HeaderValue),
    /// OAuth 1.0a user context; each request is signed afresh.
    OAuth1(OAuth1Credentials),
    /// OAuth 2.0 user access token (Authorization Code with PKCE); sent as a Bearer token.
    OAuth2User(HeaderValue),
    /// OAuth 2.0 user token that refreshes itself before it expires.
    OAuth2Refreshing(Arc<TokenManager>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Self::OAuth1(c) => f.debug_tuple("OAuth1").field(c).finish(),
            Self::OAuth2User(_) => f.write_str("OAuth2User(<redacted>)"),
            Self::OAuth2Refreshing(_) => f.write_str("OAuth2Refreshing(<redacted>)"),
        }
    }
}

impl Credentials {
    /// Builds a sensitive `Bearer` header value, rejecting empty tokens and tokens that
    /// cannot be sent in a header.
    pub(crate) fn bearer_header(kind: &str, token: &str) -> Result<HeaderValue, String> {
        let token = token.trim();
        if token.is_empty() {
            return Err(format!("{kind} is empty"));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "{kind} contains whitespace or control characters (pass the token alone, without a \"Bearer \" prefix)"
            ));
        }
        let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| format!("{kind} contains characters not allowed in an HTTP header"))?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// `true` when the credentials can refresh themselves (after a 401).
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self, Self::OAuth2Refreshing(_))
    }

    /// After a 401 to a request sent with `used`: refreshes a self-refreshing token unless
    /// another task already did. `Ok(true)` when a newer token is in place.
    pub(crate) async fn refresh_after_401(
        &self,
        used: &HeaderValue,
    ) -> crate::base::error::Result<bool> {
        match self {
            Self::OAuth2Refreshing(manager) => manager.refresh_after_401(used).await,
            _ => Ok(false),
        }
    }

    /// A short name for logs.
    pub(crate) fn scheme(&self) -> &'static str {
        match self {
            Self::Bearer(_) => "oauth2-app-only",
            Self::OAuth1(_) => "oauth1-user",
            Self::OAuth2User(_) | Self::OAuth2Refreshing(_) => "oauth2-user",
        }
    }

    /// The `Authorization` header for one request attempt (fresh nonce and timestamp for
    /// OAuth 1.0a).
    /// An OAuth 2.0 user token that refreshes itself is refreshed here first when it is
    /// about to expire.
    pub(crate) async fn authorization(
        &self,
        method: &str,
        url: &Url,
    ) -> crate::base::error::Result<HeaderValue> {
        match self {
            Self::Bearer(v) | Self::OAuth2User(v) => Ok(v.clone()),
            Self::OAuth2Refreshing(manager) => manager.header().await,
            Self::OAuth1(c) => {
                let mut v = HeaderValue::from_str(&c.sign_now(method, url, &[])).map_err(|_| {
                    crate::base::error::Error::Config(
                        "the OAuth 1.0a Authorization header is not a valid header value"
                            .to_owned(),
                    )
                })?;
                v.set_sensitive(true);
                Ok(v)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let creds = OAuth1Credentials::new("ck-visible?", "cs-secret", "tok-secret", "ts-secret");
        let shown = format!("{creds:?} {:?}", Credentials::OAuth1(creds.clone()));
        for secret in ["ck-visible?", "cs-secret", "tok-secret", "ts-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("<redacted>"));
        let bearer = Credentials::Bearer(Credentials::bearer_header("t", "AAAA%2Fsecret").unwrap());
        assert!(!format!("{bearer:?}").contains("AAAA"));
        assert_eq!(format!("{:?}", Secret::new("x")), "\"<redacted>\"");
    }

    #[test]
    fn bearer_tokens_are_checked() {
        assert!(Credentials::bearer_header("bearer token", "  ").is_err());
        assert!(Credentials::bearer_header("bearer token", "Bearer abc").is_err());
        assert!(Credentials::bearer_header("bearer token", "a\nb").is_err());
        let v = Credentials::bearer_header("bearer token", " abc\n").unwrap();
        assert_eq!(v.to_str().unwrap(), "Bearer abc");
        assert!(v.is_sensitive());
    }
}
