//! OAuth 1.0a user context (HMAC-SHA1, RFC 5849).
//!
//! The signer is a set of pure functions ([`signature_base_string`],
//! [`hmac_sha1_signature`], [`OAuth1Credentials::authorization_header`]) that take the nonce
//! and timestamp as inputs, so they can be checked against published test vectors.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::Rng as _;
use sha1::Sha1;
use url::Url;

use crate::base::encoding::percent_encode;
use crate::base::secret::Secret;

/// The credentials of OAuth 1.0a user context: the app's consumer key and secret plus the
/// user's access token and secret.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuth1Credentials {
    consumer_key: String,
    consumer_secret: Secret,
    token: String,
    token_secret: Secret,
}

impl fmt::Debug for OAuth1Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Credentials")
            .field("consumer_key", &"<redacted>")
            .field("consumer_secret", &"<redacted>")
            .field("token", &"<redacted>")
            .field("token_secret", &"<redacted>")
            .finish()
    }
}

impl OAuth1Credentials {
    /// Bundles the four OAuth 1.0a values.
    pub fn new(
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        access_token: impl Into<String>,
        access_token_secret: impl Into<String>,
    ) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: Secret::new(consumer_secret),
            token: access_token.into(),
            token_secret: Secret::new(access_token_secret),
        }
    }

    /// The consumer (API) key. It is sent in clear in every request, but still not logged.
    pub fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    /// The access token. It is sent in clear in every request, but still not logged.
    pub fn access_token(&self) -> &str {
        &self.token
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, value) in [
            ("consumer_key", self.consumer_key.as_str()),
            ("consumer_secret", self.consumer_secret.expose()),
            ("access_token", self.token.as_str()),
            ("access_token_secret", self.token_secret.expose()),
        ] {
            if value.trim().is_empty() {
                return Err(format!("OAuth 1.0a {name} is empty"));
            }
            if value.chars().any(|c| c.is_control()) {
                return Err(format!("OAuth 1.0a {name} contains a control character"));
            }
        }
        Ok(())
    }

    /// Computes the `Authorization` header value of one request.
    ///
    /// `url` is the full request URL; its query parameters are part of the signature.
    /// `extra_params` are further parameters to sign: the decoded fields of an
    /// `application/x-www-form-urlencoded` body, if any (a JSON body is never signed).
    /// `nonce` and `timestamp` (seconds since the Unix epoch) must be fresh for each request:
    /// [`OAuth1Credentials::sign_now`] picks them.
    ///
    /// The header lists `oauth_consumer_key`, `oauth_nonce`, `oauth_signature`,
    /// `oauth_signature_method` (`HMAC-SHA1`), `oauth_timestamp`, `oauth_token` and
    /// `oauth_version` (`1.0`), each value percent-encoded, in that order.
    pub fn authorization_header(
        &self,
        method: &str,
        url: &Url,
        extra_params: &[(&str, &str)],
        nonce: &str,
        timestamp: u64,
    ) -> String {
        let timestamp = timestamp.to_string();
        let mut oauth: Vec<(&str, &str)> = vec![
            ("oauth_consumer_key", &self.consumer_key),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", &timestamp),
            ("oauth_token", &self.token),
            ("oauth_version", "1.0"),
        ];
        let mut all: Vec<(&str, &str)> = oauth.clone();
        all.extend_from_slice(extra_params);
        let base = signature_base_string(method, url, &all);
        let signature = hmac_sha1_signature(
            &base,
            self.consumer_secret.expose(),
            Some(self.token_secret.expose()),
        );
        oauth.push(("oauth_signature", &signature));
        oauth.sort_by(|a, b| a.0.cmp(b.0));
        let fields: Vec<String> = oauth
            .iter()
            .map(|(k, v)| format!("{}=\"{}\"", percent_encode(k), percent_encode(v)))
            .collect();
        format!("OAuth {}", fields.join(", "))
    }

    /// Like [`OAuth1Credentials::authorization_header`] with a fresh random nonce and the
    /// current time.
    pub fn sign_now(&self, method: &str, url: &Url, extra_params: &[(&str, &str)]) -> String {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.authorization_header(method, url, extra_params, &fresh_nonce(), timestamp)
    }
}

/// A random 32-character alphanumeric nonce.
pub fn fresh_nonce() -> String {
    random_alphanumeric(32)
}

/// `len` random ASCII letters and digits.
pub(crate) fn random_alphanumeric(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// The RFC 5849 section 3.4.1 signature base string.
///
/// `METHOD&enc(base string URI)&enc(normalized parameters)` where the base string URI is
/// `url` without query and fragment (scheme and host in lower case, default port dropped),
/// and the normalized parameters are the query parameters of `url` plus `params` (which
/// carry the `oauth_*` protocol parameters and any form-encoded body fields; never
/// `oauth_signature` or `realm`), each name and value percent-encoded, sorted by name then
/// value, joined as `name=value` with `&`.
pub fn signature_base_string(method: &str, url: &Url, params: &[(&str, &str)]) -> String {
    let mut base_uri = format!(
        "{}://{}",
        url.scheme().to_ascii_lowercase(),
        url.host_str().unwrap_or("").to_ascii_lowercase()
    );
    // `Url::port` is already `None` for the scheme's default port.
    if let Some(port) = url.port() {
        base_uri.push_str(&format!(":{port}"));
    }
    base_uri.push_str(url.path());

    let mut encoded: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (percent_encode(&k), percent_encode(&v)))
        .chain(
            params
                .iter()
                .map(|(k, v)| (percent_encode(k), percent_encode(v))),
        )
        .collect();
    encoded.sort();
    let normalized: Vec<String> = encoded
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();

    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode(&base_uri),
        percent_encode(&normalized.join("&"))
    )
}

/// The HMAC-SHA1 signature (base64) of a signature base string, keyed with
/// `enc(consumer_secret)&enc(token_secret)` (RFC 5849 section 3.4.2).
pub fn hmac_sha1_signature(
    base_string: &str,
    consumer_secret: &str,
    token_secret: Option<&str>,
) -> String {
    let key = format!(
        "{}&{}",
        percent_encode(consumer_secret),
        percent_encode(token_secret.unwrap_or(""))
    );
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(key.as_bytes()).expect("HMAC accepts keys of any size");
    mac.update(base_string.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
    const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
    const TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
    const TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
    const NONCE: &str = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
    const TIMESTAMP: u64 = 1318622958;
    const STATUS: &str = "Hello Ladies + Gentlemen, a signed OAuth request!";

    fn twitter_params() -> Vec<(&'static str, &'static str)> {
        vec![
            ("status", STATUS),
            ("oauth_consumer_key", CONSUMER_KEY),
            ("oauth_nonce", NONCE),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "1318622958"),
            ("oauth_token", TOKEN),
            ("oauth_version", "1.0"),
        ]
    }

    /// Twitter's "Creating a signature" example, with the v1.1 path.
    #[test]
    fn twitter_creating_a_signature_1_1() {
        let url =
            Url::parse("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
                .unwrap();
        let base = signature_base_string("POST", &url, &twitter_params());
        assert_eq!(
            base,
            "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
        );
        assert_eq!(
            hmac_sha1_signature(&base, CONSUMER_SECRET, Some(TOKEN_SECRET)),
            "hCtSmYh+iHYCEqBWrE7C7hYmtUk="
        );
    }

    /// The same example as first published, with the v1 path.
    #[test]
    fn twitter_creating_a_signature_1() {
        let url =
            Url::parse("https://api.twitter.com/1/statuses/update.json?include_entities=true")
                .unwrap();
        let base = signature_base_string("POST", &url, &twitter_params());
        assert_eq!(
            hmac_sha1_signature(&base, CONSUMER_SECRET, Some(TOKEN_SECRET)),
            "tnnArxj06cWHq44gCs1OSKk/jLY="
        );
    }

    /// The whole header of Twitter's "Authorizing a request" example (v1 path).
    #[test]
    fn twitter_authorization_header() {
        let creds = OAuth1Credentials::new(CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET);
        let url =
            Url::parse("https://api.twitter.com/1/statuses/update.json?include_entities=true")
                .unwrap();
        let header =
            creds.authorization_header("POST", &url, &[("status", STATUS)], NONCE, TIMESTAMP);
        assert_eq!(
            header,
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", oauth_signature=\"tnnArxj06cWHq44gCs1OSKk%2FjLY%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\""
        );
    }

    /// RFC 5849 section 3.4.1.1 worked example: query parameters (some encoded twice, one
    /// with an empty value), form body parameters and a repeated name, sorted by value.
    #[test]
    fn rfc5849_signature_base_string() {
        let url = Url::parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").unwrap();
        let params = [
            // The form-encoded body `c2&a3=2+q`, decoded.
            ("c2", ""),
            ("a3", "2 q"),
            // The protocol parameters of the Authorization header (no oauth_version here).
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
        ];
        assert_eq!(
            signature_base_string("POST", &url, &params),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    /// RFC 5849 section 3.4.1.2: scheme and host lower-cased, default port dropped, other
    /// ports kept.
    #[test]
    fn base_string_uri_normalisation() {
        let url = Url::parse("HTTP://EXAMPLE.COM:80/r%20v/X?id=123").unwrap();
        assert!(
            signature_base_string("get", &url, &[])
                .starts_with("GET&http%3A%2F%2Fexample.com%2Fr%2520v%2FX&id%3D123")
        );
        let url = Url::parse("https://www.example.net:8080/?q=1").unwrap();
        assert!(
            signature_base_string("GET", &url, &[])
                .starts_with("GET&https%3A%2F%2Fwww.example.net%3A8080%2F&q%3D1")
        );
    }

    #[test]
    fn percent_encoding_is_rfc3986() {
        assert_eq!(
            percent_encode("Dogs, Cats & Mice"),
            "Dogs%2C%20Cats%20%26%20Mice"
        );
        assert_eq!(percent_encode("☃"), "%E2%98%83");
        assert_eq!(
            percent_encode("An encoded string!"),
            "An%20encoded%20string%21"
        );
        assert_eq!(percent_encode("*'()"), "%2A%27%28%29");
    }

    #[test]
    fn nonces_are_fresh() {
        let a = fresh_nonce();
        let b = fresh_nonce();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
