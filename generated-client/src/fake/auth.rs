//! Who a request to the fake comes from: the app's Bearer token, an OAuth 1.0a signature
//! checked against the credentials the fake issued, or an OAuth 2.0 user token with its
//! scopes.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use url::Url;

use crate::auth::oauth1::{hmac_sha1_signature, signature_base_string};
use crate::base::endpoint::AuthScheme;

/// The credentials the fake issued (no `Debug`: it holds secrets, fake as they are).
pub(crate) struct Issued {
    pub bearer: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    /// OAuth 1.0a access token → (user id, token secret).
    pub oauth1: HashMap<String, (String, String)>,
    /// OAuth 2.0 user access token → its user, scopes and expiry.
    pub oauth2: HashMap<String, UserToken>,
    /// The OAuth 2.0 authorization server's grants (codes, refresh tokens).
    pub grants: super::oauth2::Grants,
}

/// An OAuth 2.0 user access token the fake issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserToken {
    pub user: String,
    pub scopes: Vec<String>,
    /// When it stops working, on the fake's clock (`None`: never).
    pub expires_at: Option<u64>,
}

/// The authenticated caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller {
    App,
    OAuth1 { user: String },
    OAuth2 { user: String, scopes: Vec<String> },
}

impl Caller {
    pub fn scheme(&self) -> AuthScheme {
        match self {
            Caller::App => AuthScheme::AppOnly,
            Caller::OAuth1 { .. } => AuthScheme::OAuth1User,
            Caller::OAuth2 { .. } => AuthScheme::OAuth2User,
        }
    }

    /// The user a user-context request acts for.
    pub fn user(&self) -> Option<&str> {
        match self {
            Caller::App => None,
            Caller::OAuth1 { user } | Caller::OAuth2 { user, .. } => Some(user),
        }
    }
}

pub(crate) use crate::auth::oauth1::random_alphanumeric as random_token;

impl Issued {
    pub fn new() -> Self {
        Issued {
            bearer: format!("AAAAFAKE{}", random_token(40)),
            consumer_key: format!("fakeconsumer{}", random_token(13)),
            consumer_secret: random_token(50),
            oauth1: HashMap::new(),
            oauth2: HashMap::new(),
            grants: super::oauth2::Grants::new(format!("fakeclient{}", random_token(20))),
        }
    }

    /// Who sent a request with this `Authorization` header to `url` with `method` at `now`
    /// (the fake's clock); `None` when the header is missing, unknown, expired, or its
    /// signature does not verify.
    pub fn caller(
        &self,
        authorization: Option<&str>,
        method: &str,
        url: &Url,
        now: u64,
    ) -> Option<Caller> {
        let header = authorization?;
        if let Some(token) = header.strip_prefix("Bearer ") {
            if token == self.bearer {
                return Some(Caller::App);
            }
            let t = self.oauth2.get(token)?;
            if t.expires_at.is_some_and(|at| now >= at) {
                return None;
            }
            return Some(Caller::OAuth2 {
                user: t.user.clone(),
                scopes: t.scopes.clone(),
            });
        }
        let fields = header.strip_prefix("OAuth ")?;
        self.verify_oauth1(fields, method, url)
    }

    /// Checks an OAuth 1.0a header (RFC 5849 section 3.5.1) as the API does: the consumer
    /// key and token are ones the fake issued, the method is HMAC-SHA1, and the signature is
    /// the one the fake computes over the same request.
    fn verify_oauth1(&self, fields: &str, method: &str, url: &Url) -> Option<Caller> {
        let mut params: Vec<(String, String)> = Vec::new();
        for part in fields.split(',') {
            let (k, v) = part.trim().split_once('=')?;
            let v = v.trim().strip_prefix('"')?.strip_suffix('"')?;
            let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|c| c.into_owned());
            params.push((decode(k.trim()).ok()?, decode(v).ok()?));
        }
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if get("oauth_consumer_key")? != self.consumer_key
            || get("oauth_signature_method")? != "HMAC-SHA1"
        {
            return None;
        }
        let signature = get("oauth_signature")?;
        let (user, token_secret) = self.oauth1.get(get("oauth_token")?)?;
        let signed: Vec<(&str, &str)> = params
            .iter()
            .filter(|(k, _)| k != "oauth_signature" && k != "realm")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let base = signature_base_string(method, url, &signed);
        let expected = hmac_sha1_signature(&base, &self.consumer_secret, Some(token_secret));
        (expected == signature).then(|| Caller::OAuth1 { user: user.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::oauth1::OAuth1Credentials;

    fn issued() -> Issued {
        let mut i = Issued::new();
        i.oauth1
            .insert("tok".into(), ("42".into(), "token-secret".into()));
        i.oauth2.insert(
            "o2".into(),
            UserToken {
                user: "7".into(),
                scopes: vec!["like.read".into()],
                expires_at: Some(100),
            },
        );
        i
    }

    #[test]
    fn the_clients_own_oauth1_signature_verifies_and_a_changed_request_does_not() {
        let i = issued();
        let creds =
            OAuth1Credentials::new(&i.consumer_key, &i.consumer_secret, "tok", "token-secret");
        let url = Url::parse("http://127.0.0.1:9/2/users/42/likes?x=1%202").unwrap();
        let header = creds.sign_now("POST", &url, &[]);
        assert_eq!(
            i.caller(Some(&header), "POST", &url, 0),
            Some(Caller::OAuth1 { user: "42".into() })
        );
        assert_eq!(
            i.caller(Some(&header), "DELETE", &url, 0),
            None,
            "other method"
        );
        let other = Url::parse("http://127.0.0.1:9/2/users/43/likes?x=1%202").unwrap();
        assert_eq!(
            i.caller(Some(&header), "POST", &other, 0),
            None,
            "other path"
        );
        let wrong_token_secret =
            OAuth1Credentials::new(&i.consumer_key, &i.consumer_secret, "tok", "not it");
        let header = wrong_token_secret.sign_now("POST", &url, &[]);
        assert_eq!(
            i.caller(Some(&header), "POST", &url, 0),
            None,
            "the token secret is part of the key"
        );
        let wrong =
            OAuth1Credentials::new(&i.consumer_key, "not the secret", "tok", "token-secret");
        assert_eq!(
            i.caller(Some(&wrong.sign_now("POST", &url, &[])), "POST", &url, 0),
            None
        );
    }

    #[test]
    fn bearer_tokens_are_the_app_or_an_issued_user_token() {
        let i = issued();
        let url = Url::parse("http://127.0.0.1:9/2/users/me").unwrap();
        let app = format!("Bearer {}", i.bearer);
        assert_eq!(i.caller(Some(&app), "GET", &url, 0), Some(Caller::App));
        assert_eq!(
            i.caller(Some("Bearer o2"), "GET", &url, 99)
                .and_then(|c| c.user().map(str::to_owned)),
            Some("7".to_owned())
        );
        assert_eq!(
            i.caller(Some("Bearer o2"), "GET", &url, 100),
            None,
            "expired"
        );
        assert_eq!(i.caller(Some("Bearer nope"), "GET", &url, 0), None);
        assert_eq!(i.caller(None, "GET", &url, 0), None);
        assert_eq!(i.caller(Some("Basic abc"), "GET", &url, 0), None);
    }
}
