//! Decoding a 2xx body: refuse what is not JSON or not a page, turn `errors` without
//! `data` into [`Error::Api`], decode the rest once, and on failure say where and why.

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::base::endpoint::Endpoint;
use crate::base::error::{DecodeKind, Error};
use crate::base::problem::{ErrorBody, lenient_problem};
use crate::base::rate_limit::RateLimit;
use crate::base::response::{FromBody, SuccessBody};
use crate::base::wire::from_json;

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

impl Probe {
    fn errors_only(&self) -> bool {
        self.data.is_none() && self.errors.as_ref().is_some_and(|e| !e.is_empty())
    }
}

impl<T: DeserializeOwned + Send> FromBody for T {
    fn from_body(answer: &SuccessBody<'_>) -> Result<Self, Error> {
        decode_success(
            answer.endpoint,
            answer.status,
            answer.headers,
            answer.rate_limit,
            answer.body,
        )
    }
}

/// A 2xx body that is not the expected value: the error, and whether it is worth another
/// attempt is the decision's business (it reads [`Error::decode_kind`]).
pub(crate) fn decode_success<T: DeserializeOwned>(
    ep: &'static Endpoint,
    status: u16,
    headers: &HeaderMap,
    rate_limit: Option<&RateLimit>,
    body: &[u8],
) -> Result<T, Error> {
    let fail = |kind, path: &str, message: String| {
        Error::decode(ep.name, status, kind, path.to_owned(), message, body)
    };
    if let Some(ct) = headers.get(CONTENT_TYPE) {
        if !is_json_content_type(ct.as_bytes()) {
            let shown = String::from_utf8_lossy(ct.as_bytes()).into_owned();
            return Err(fail(
                DecodeKind::NotJson,
                ".",
                format!("the Content-Type is {shown:?}, not JSON"),
            ));
        }
    }
    let is_blank = body.iter().all(u8::is_ascii_whitespace);
    if ep.pagination_param.is_some() && !looks_like_a_page(body) {
        return Err(fail(
            DecodeKind::NotAPage,
            ".",
            if is_blank {
                "the body is empty, not a page".to_owned()
            } else {
                "the body has none of `data`, `meta` and `errors`: not a page".to_owned()
            },
        ));
    }

    // A body with `errors` and neither `data` nor `meta` is an error whatever `T` accepts
    // (a page type whose `data` defaults to empty would otherwise hide it). Only a body that
    // mentions `"errors"` and not `"data"` is parsed for that first; the common page is
    // parsed once.
    let mentions_errors = contains(body, b"\"errors\"");
    let probe = if mentions_errors && !contains(body, b"\"data\"") {
        from_json::<Probe>(body).ok()
    } else {
        None
    };
    if let Some(p) = &probe {
        if p.errors_only() && p.meta.is_none() {
            return Err(errors_in_2xx(ep, status, rate_limit, body, p));
        }
    }

    let text: &[u8] = if is_blank { b"null" } else { body };
    match from_json::<T>(text) {
        Ok(value) => Ok(value),
        Err(first) => {
            let probe = match probe {
                Some(p) => Some(p),
                None if mentions_errors => from_json::<Probe>(body).ok(),
                None => None,
            };
            if let Some(p) = &probe {
                if p.errors_only() {
                    return Err(errors_in_2xx(ep, status, rate_limit, body, p));
                }
            }
            let kind = match first.classify() {
                serde_json::error::Category::Eof if !is_blank => DecodeKind::Truncated,
                serde_json::error::Category::Syntax => DecodeKind::NotJson,
                _ => DecodeKind::Mismatch,
            };
            // Only now, on the failure path, decode again to learn the JSON path.
            let (path, message) = error_path::<T>(text, &first);
            let message = if is_blank {
                format!("the body is empty ({message})")
            } else {
                message
            };
            Err(fail(kind, &path, message))
        }
    }
}

/// `application/json`, `application/<anything>+json`, `text/json`. Anything else (HTML from
/// a proxy, `text/plain` from a load balancer) is not an answer of the API.
fn is_json_content_type(value: &[u8]) -> bool {
    let essence = value.split(|&b| b == b';').next().unwrap_or_default();
    let essence = essence.trim_ascii();
    let eq = |s: &str| essence.eq_ignore_ascii_case(s.as_bytes());
    eq("application/json")
        || eq("text/json")
        || (essence.len() > 17
            && essence[..12].eq_ignore_ascii_case(b"application/")
            && essence[essence.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

/// A page of a paginated endpoint has `data`, `meta` or `errors` (an empty last page has
/// `meta` with `result_count: 0`). A fast scan for the member names, not a second parse.
fn looks_like_a_page(body: &[u8]) -> bool {
    [&b"\"data\""[..], b"\"meta\"", b"\"errors\""]
        .iter()
        .any(|key| member(body, key))
}

/// Whether `key` (quoted) occurs as an object member name: followed by optional
/// whitespace and a colon.
fn member(body: &[u8], key: &[u8]) -> bool {
    memchr::memmem::find_iter(body, key).any(|at| {
        body[at + key.len()..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b':')
    })
}

/// The JSON path and message of a decode failure (a second, slower decode that tracks the
/// path; run only after the fast decode failed).
pub(crate) fn error_path<T: DeserializeOwned>(
    text: &[u8],
    first: &serde_json::Error,
) -> (String, String) {
    let mut de = serde_json::Deserializer::from_slice(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
        Ok(_) => (".".to_owned(), first.to_string()),
    }
}

fn errors_in_2xx(
    ep: &'static Endpoint,
    status: u16,
    rate_limit: Option<&RateLimit>,
    body: &[u8],
    probe: &Probe,
) -> Error {
    let parsed = ErrorBody {
        problems: probe
            .errors
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(lenient_problem)
            .collect(),
        ..ErrorBody::default()
    };
    Error::from_answer(ep.name, status, rate_limit.copied(), body, parsed)
}

/// Whether `needle` occurs in the body (a cheap pre-check before probing).
fn contains(body: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(body, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "text/json",
        ] {
            assert!(is_json_content_type(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "text/html",
            "text/html; charset=utf-8",
            "text/plain; charset=utf-8",
            "application/octet-stream",
            "application/+json",
            "",
        ] {
            assert!(!is_json_content_type(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn pages_have_data_meta_or_errors() {
        for page in [
            &br#"{"data":[],"meta":{"result_count":0}}"#[..],
            br#"{"meta" : {"result_count": 0}}"#,
            br#"{"errors": [{"title": "x"}]}"#,
        ] {
            assert!(looks_like_a_page(page));
        }
        for not in [
            &b"{}"[..],
            b"",
            br#"{"message":"Service temporarily unavailable"}"#,
            br#"{"text":"the \"data\" word"}"#,
        ] {
            assert!(!looks_like_a_page(not), "{}", String::from_utf8_lossy(not));
        }
    }
}
