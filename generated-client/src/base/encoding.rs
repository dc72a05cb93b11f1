//! Encoding: RFC 3986 percent-encoding (as OAuth 1.0a and path segments need it) and
//! `Prepared`, a validated request encoded once and sent possibly several times. A leaf.

use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::base::endpoint::Endpoint;
use crate::base::error::{Error, Result};

/// Everything except the RFC 3986 unreserved set (`ALPHA / DIGIT / "-" / "." / "_" / "~"`)
/// is percent-encoded, as RFC 5849 section 3.6 requires.
pub(crate) const RFC3986_RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `s` per RFC 3986 / RFC 5849 section 3.6: unreserved characters are kept,
/// every other byte of the UTF-8 encoding becomes `%XX` with upper-case hex digits.
///
/// ```
/// assert_eq!(twitter_client::auth::percent_encode("Ladies + Gentlemen"), "Ladies%20%2B%20Gentlemen");
/// assert_eq!(twitter_client::auth::percent_encode("a-b.c_d~é"), "a-b.c_d~%C3%A9");
/// ```
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986_RESERVED).to_string()
}

/// A validated, encoded request, ready to be sent (possibly several times).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub endpoint: &'static Endpoint,
    /// The path with every placeholder substituted and percent-encoded.
    pub path: String,
    /// Query parameters (decoded values), in spec order.
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, if any.
    pub body: Option<Arc<[u8]>>,
}

/// Bytes as base64 text (standard alphabet, padded): how a `bytes` body member (a media file)
/// is sent in a JSON body.
pub fn base64_text(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Prepared {
    /// The full URL under `base` (whose path, if any, is kept as a prefix). Query values are
    /// percent-encoded with the RFC 3986 unreserved set, as OAuth 1.0a normalizes them.
    pub fn url(&self, base: &url::Url) -> Result<url::Url> {
        let mut s = base.as_str().trim_end_matches('/').to_owned();
        s.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(&percent_encode(k));
            s.push('=');
            s.push_str(&percent_encode(v));
        }
        url::Url::parse(&s).map_err(|e| Error::InvalidRequest {
            endpoint: self.endpoint.name,
            parameter: None,
            message: format!("cannot build a URL from {s:?}: {e}"),
        })
    }

    /// The query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A copy with the query parameter `name` set to `value` (or removed when `None`).
    pub fn with_query(&self, name: &'static str, value: Option<&str>) -> Self {
        let mut next = self.clone();
        match (next.query.iter().position(|(k, _)| *k == name), value) {
            (Some(i), Some(v)) => next.query[i].1 = v.to_owned(),
            (Some(i), None) => {
                next.query.remove(i);
            }
            (None, Some(v)) => next.query.push((name, v.to_owned())),
            (None, None) => {}
        }
        next
    }
}
