//! The one error type of the client, and the decoding of the API's error bodies.

use std::fmt;
use std::time::SystemTime;

use crate::Problem;
use crate::base::problem::{ErrorBody, is_usage_capped};
use crate::base::rate_limit::RateLimit;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a request.
///
/// `Display` shows the API's own message when there is one (the problem `detail`, `title`
/// or `message`), so `eprintln!("{err}")` is informative as it is.
///
/// ```
/// # use twitter_client::Error;
/// fn explain(err: &Error) -> String {
///     match err {
///         Error::InvalidRequest { parameter, .. } => format!("fix parameter {parameter:?}"),
///         Error::RateLimited { reset, .. } => format!("retry after {reset:?}"),
///         Error::Api { status, problems, .. } => format!("{status}: {} problems", problems.len()),
///         Error::Decode { path, .. } => format!("unexpected JSON at {path}"),
///         Error::Transport(e) if err.is_timeout() => format!("timed out: {e}"),
///         other => other.to_string(),
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request was refused before anything was sent: a parameter out of range, an id
    /// that does not match its pattern, a missing required parameter, an empty list, or a
    /// field that needs user-context auth on an app-only client.
    #[non_exhaustive]
    InvalidRequest {
        /// The endpoint's operation name, such as `get_liked_tweets`.
        endpoint: &'static str,
        /// The first offending parameter, if one is to blame.
        parameter: Option<String>,
        /// What is wrong; every violated constraint, separated by `; `.
        message: String,
    },
    /// HTTP 429 Too Many Requests (not a usage cap): the rate-limit window is exhausted.
    #[non_exhaustive]
    RateLimited {
        /// The HTTP status (429).
        status: u16,
        /// When the window resets (`x-rate-limit-reset`), if the response said.
        reset: Option<SystemTime>,
        /// All rate-limit headers of the response, if present.
        rate_limit: Option<RateLimit>,
        /// The problems of the body, if it was a JSON problem.
        problems: Vec<Problem>,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// The API answered with an error: any non-2xx status other than a plain 429 (including
    /// a `usage-capped` 429), or a 2xx whose body holds `errors` and no `data`.
    #[non_exhaustive]
    Api {
        /// The HTTP status.
        status: u16,
        /// The problems of the body: the `errors` array, or the body itself when it is a
        /// single problem. Empty when the body is not JSON (HTML, plain text, empty).
        problems: Vec<Problem>,
        /// The top-level `title`, if any.
        title: Option<String>,
        /// The top-level `detail`, if any.
        detail: Option<String>,
        /// The top-level problem `type` URI, if any.
        problem_type: Option<String>,
        /// The response body as text (lossy UTF-8), at most 4,096 characters.
        body: String,
        /// The rate-limit headers of the response, if present.
        rate_limit: Option<RateLimit>,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// A successful (2xx) response whose body is not what the endpoint answers: not JSON
    /// (or a Content-Type that is not JSON), not a page of a paginated endpoint (an object
    /// with none of `data`, `meta` and `errors`, such as `{}`), cut short, compressed
    /// wrongly, or not matching the expected type. See [`Error::decode_kind`].
    #[non_exhaustive]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What kind of mismatch.
        kind: DecodeKind,
        /// Where decoding failed, as a JSON path such as `data[3].public_metrics.like_count`
        /// (`.` for the document itself).
        path: String,
        /// What serde (or the check) reported.
        message: String,
        /// The start of the body (at most 512 characters).
        body_excerpt: String,
        /// The endpoint's operation name.
        endpoint: &'static str,
        /// In a page stream: the pagination token of the page that failed, to resume from
        /// (`None` for the first page or outside a stream).
        resume_token: Option<String>,
    },
    /// The response body is larger than the client's cap
    /// ([`crate::ClientBuilder::max_response_bytes`]); reading stopped at the cap.
    #[non_exhaustive]
    ResponseTooLarge {
        /// The HTTP status.
        status: u16,
        /// The cap, in bytes.
        limit: u64,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// The server answered with a redirect (3xx). The API does not redirect; the client
    /// never follows one, so the request (its body and credentials) went nowhere else.
    #[non_exhaustive]
    Redirected {
        /// The HTTP status, such as 307.
        status: u16,
        /// The `Location` header, if any.
        location: Option<String>,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// The HTTP exchange failed: connection refused or reset, timeout (of an attempt, or the
    /// call's deadline), TLS, or the body stopped arriving. See [`Error::is_timeout`].
    Transport(reqwest::Error),
    /// The call's deadline ([`crate::ClientBuilder::deadline`]) passed while the request
    /// waited for a free connection. (An attempt cut by the deadline is an
    /// [`Error::Transport`] timeout.) [`Error::is_timeout`] is `true`.
    #[non_exhaustive]
    DeadlineExceeded {
        /// The endpoint's operation name.
        endpoint: &'static str,
        /// The deadline of the call.
        deadline: std::time::Duration,
    },
    /// A stream was cut off and its [`crate::streams::ReconnectPolicy`] allows no more
    /// reconnections (its `max_reconnects` is reached).
    #[non_exhaustive]
    StreamDisconnected {
        /// The endpoint's operation name.
        endpoint: &'static str,
        /// Reconnections made before giving up.
        reconnects: u32,
        /// Why the last connection ended.
        cause: String,
    },
    /// The client was configured wrongly (bad base URL, empty token, ...).
    Config(String),
}

impl Error {
    /// `true` for a request or connect timeout, or the call's deadline.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport(e) => e.is_timeout(),
            Self::DeadlineExceeded { .. } => true,
            _ => false,
        }
    }

    /// `true` for [`Error::RateLimited`].
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// `true` when the API reported a `usage-capped` problem (the monthly or daily cap of the
    /// app's access level is reached; waiting for the rate-limit reset does not help).
    pub fn is_usage_capped(&self) -> bool {
        match self {
            Self::Api {
                problems,
                problem_type,
                ..
            } => is_usage_capped(problem_type.as_deref(), problems),
            _ => false,
        }
    }

    /// The kind of an [`Error::Decode`].
    pub fn decode_kind(&self) -> Option<DecodeKind> {
        match self {
            Self::Decode { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The pagination token to resume from, carried by an [`Error::Decode`] of a page
    /// stream. (For every error of a stream, `Items::resume_token` gives it too.)
    pub fn resume_token(&self) -> Option<&str> {
        match self {
            Self::Decode { resume_token, .. } => resume_token.as_deref(),
            _ => None,
        }
    }

    /// Sets the resume token of an [`Error::Decode`] (other errors are returned as they are).
    pub(crate) fn with_resume_token(mut self, token: Option<&str>) -> Self {
        if let Self::Decode { resume_token, .. } = &mut self {
            *resume_token = token.map(str::to_owned);
        }
        self
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::RateLimited { status, .. }
            | Self::Api { status, .. }
            | Self::Decode { status, .. }
            | Self::ResponseTooLarge { status, .. }
            | Self::Redirected { status, .. } => Some(*status),
            Self::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The problems reported by the API (empty for other errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::RateLimited { problems, .. } | Self::Api { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The rate-limit headers of the failed response, when present.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Self::RateLimited { rate_limit, .. } | Self::Api { rate_limit, .. } => {
                rate_limit.as_ref()
            }
            _ => None,
        }
    }

    /// The operation name of the endpoint concerned, when known.
    pub fn endpoint(&self) -> Option<&'static str> {
        match self {
            Self::InvalidRequest { endpoint, .. }
            | Self::RateLimited { endpoint, .. }
            | Self::Api { endpoint, .. }
            | Self::Decode { endpoint, .. }
            | Self::ResponseTooLarge { endpoint, .. }
            | Self::Redirected { endpoint, .. }
            | Self::DeadlineExceeded { endpoint, .. }
            | Self::StreamDisconnected { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }
}

/// The most characters of a body kept in [`Error::Api`].
pub(crate) const MAX_ERROR_BODY_CHARS: usize = 4096;

impl Error {
    /// The one place an error answer becomes an [`Error`]: a 429 that is not a usage cap is
    /// [`Error::RateLimited`] (reset from the quota that blocks); anything else, a
    /// `usage-capped` 429 included, is [`Error::Api`] with the body kept up to
    /// 4,096 characters.
    pub(crate) fn from_answer(
        endpoint: &'static str,
        status: u16,
        rate_limit: Option<RateLimit>,
        body: &[u8],
        parsed: ErrorBody,
    ) -> Self {
        if status == 429 && !parsed.is_usage_capped() {
            return Self::RateLimited {
                status,
                reset: rate_limit.as_ref().map(RateLimit::blocking_reset),
                rate_limit,
                problems: parsed.problems,
                endpoint,
            };
        }
        Self::Api {
            status,
            problems: parsed.problems,
            title: parsed.title,
            detail: parsed.detail,
            problem_type: parsed.problem_type,
            body: truncate_chars(&String::from_utf8_lossy(body), MAX_ERROR_BODY_CHARS),
            rate_limit,
            endpoint,
        }
    }

    /// The one place an [`Error::Decode`] is built.
    pub(crate) fn decode(
        endpoint: &'static str,
        status: u16,
        kind: DecodeKind,
        path: String,
        message: String,
        body: &[u8],
    ) -> Self {
        Self::Decode {
            status,
            kind,
            path,
            message,
            body_excerpt: truncate_chars(&String::from_utf8_lossy(body), 512),
            endpoint,
            resume_token: None,
        }
    }
}

/// What is wrong with the body of an [`Error::Decode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeKind {
    /// The body is not JSON, or its Content-Type is not JSON (an HTML page from a proxy).
    NotJson,
    /// A paginated endpoint answered a JSON object with none of `data`, `meta` and
    /// `errors` (such as `{}`): not a page, not even an empty one. Retried like a 503 on
    /// idempotent requests.
    NotAPage,
    /// The JSON document ends early: the body was cut short. Retried on idempotent requests.
    Truncated,
    /// The compressed body could not be decompressed.
    Compression,
    /// Valid JSON that does not match the expected type (see `path`).
    Mismatch,
}

impl fmt::Display for DecodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotJson => "not JSON",
            Self::NotAPage => "not a page",
            Self::Truncated => "truncated",
            Self::Compression => "corrupt compression",
            Self::Mismatch => "unexpected JSON",
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest {
                endpoint, message, ..
            } => write!(f, "invalid request for {endpoint}: {message}"),
            Self::RateLimited {
                status,
                reset,
                problems,
                endpoint,
                ..
            } => {
                write!(f, "rate limited (HTTP {status}) on {endpoint}")?;
                if let Some(msg) = problems.iter().find_map(problem_message) {
                    write!(f, ": {msg}")?;
                }
                if let Some(epoch) = reset
                    .and_then(|r| r.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs())
                {
                    write!(f, "; the window resets at {epoch} (Unix time)")?;
                }
                Ok(())
            }
            Self::Api {
                status,
                problems,
                title,
                detail,
                body,
                endpoint,
                ..
            } => {
                write!(f, "HTTP {status} from {endpoint}: ")?;
                let mut parts: Vec<&str> = Vec::new();
                if let Some(top) = detail.as_deref().or(title.as_deref()) {
                    parts.push(top);
                }
                let mut extra = 0usize;
                for p in problems {
                    if let Some(m) = problem_message(p) {
                        if parts.contains(&m) {
                            continue;
                        }
                        if parts.len() < 4 {
                            parts.push(m);
                        } else {
                            extra += 1;
                        }
                    }
                }
                if parts.is_empty() {
                    match body_summary(body) {
                        Some(s) => f.write_str(&s)?,
                        None => f.write_str(
                            reqwest::StatusCode::from_u16(*status)
                                .ok()
                                .and_then(|s| s.canonical_reason())
                                .unwrap_or("no message"),
                        )?,
                    }
                } else {
                    f.write_str(&parts.join(" | "))?;
                    if extra > 0 {
                        write!(f, " (and {extra} more)")?;
                    }
                }
                Ok(())
            }
            Self::Decode {
                status,
                path,
                message,
                endpoint,
                ..
            } => write!(
                f,
                "could not decode the HTTP {status} response of {endpoint} at `{path}`: {message}"
            ),
            Self::Transport(e) => {
                write!(f, "HTTP transport error: {e}")?;
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    write!(f, ": {s}")?;
                    source = s.source();
                }
                Ok(())
            }
            Self::ResponseTooLarge {
                status,
                limit,
                endpoint,
            } => write!(
                f,
                "the HTTP {status} response of {endpoint} is larger than the {limit}-byte cap"
            ),
            Self::Redirected {
                status,
                location,
                endpoint,
            } => {
                write!(f, "HTTP {status} redirect from {endpoint}, not followed")?;
                if let Some(to) = location {
                    write!(f, " (to {})", truncate_chars(to, 200))?;
                }
                Ok(())
            }
            Self::DeadlineExceeded { endpoint, deadline } => write!(
                f,
                "the {}-second deadline of {endpoint} passed while waiting for a connection",
                deadline.as_secs_f64()
            ),
            Self::StreamDisconnected {
                endpoint,
                reconnects,
                cause,
            } => write!(
                f,
                "the {endpoint} stream ended after {reconnects} reconnections: {cause}"
            ),
            Self::Config(msg) => write!(f, "invalid client configuration: {msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Self::Transport(e)
    }
}

/// The most specific message of a problem: `detail`, then `message`, then `title`.
fn problem_message(p: &Problem) -> Option<&str> {
    p.detail
        .as_deref()
        .or(p.message.as_deref())
        .or(p.title.as_deref())
        .filter(|s| !s.trim().is_empty())
}

/// A one-line summary of a non-JSON body: the `<title>` of an HTML page, or the first line
/// of plain text, at most 200 characters.
fn body_summary(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        let title = lower.find("<title").and_then(|start| {
            let open_end = start + lower[start..].find('>')? + 1;
            let close = open_end + lower[open_end..].find("</title")?;
            // `lower` and `trimmed` have the same byte offsets (ASCII lower-casing).
            Some(trimmed[open_end..close].trim().to_owned())
        });
        return Some(match title {
            Some(t) if !t.is_empty() => format!("{} (HTML page)", truncate_chars(&t, 200)),
            _ => "an HTML page instead of JSON".to_owned(),
        });
    }
    let first_line = trimmed.lines().next().unwrap_or("").trim();
    Some(truncate_chars(first_line, 200))
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_title_and_text_summaries() {
        assert_eq!(
            body_summary("<!DOCTYPE html>\n<html><head><TITLE> Page not found </TITLE>").unwrap(),
            "Page not found (HTML page)"
        );
        assert_eq!(
            body_summary("<html><body>é</body></html>").unwrap(),
            "an HTML page instead of JSON"
        );
        assert_eq!(
            body_summary("Rate limit exceeded\nmore").unwrap(),
            "Rate limit exceeded"
        );
        assert_eq!(body_summary("  \n"), None);
        assert_eq!(truncate_chars("ééé", 2), "éé…");
        assert_eq!(truncate_chars("éé", 2), "éé");
    }
}
