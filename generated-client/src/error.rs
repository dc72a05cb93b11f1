//! The one error type of the client, and the decoding of the API's error bodies.

use std::fmt;
use std::time::SystemTime;

use crate::rate_limit::RateLimit;
use crate::{Problem, ProblemKind};

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
        /// The response body as text (lossy UTF-8).
        body: String,
        /// The rate-limit headers of the response, if present.
        rate_limit: Option<RateLimit>,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// A successful response whose body did not match the expected type.
    #[non_exhaustive]
    Decode {
        /// The HTTP status.
        status: u16,
        /// Where decoding failed, as a JSON path such as `data[3].public_metrics.like_count`
        /// (`.` for the document itself).
        path: String,
        /// What serde reported.
        message: String,
        /// The start of the body (at most 512 characters).
        body_excerpt: String,
        /// The endpoint's operation name.
        endpoint: &'static str,
    },
    /// The HTTP exchange failed: connection refused or reset, timeout, TLS, redirect loop, or
    /// the body could not be read. See [`Error::is_timeout`].
    Transport(reqwest::Error),
    /// The client was configured wrongly (bad base URL, empty token, ...).
    Config(String),
}

impl Error {
    /// `true` for a request or connect timeout.
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport(e) => e.is_timeout(),
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
            } => {
                problem_type
                    .as_deref()
                    .is_some_and(|t| matches!(kind_of(t), ProblemKind::UsageCapped))
                    || problems
                        .iter()
                        .any(|p| matches!(p.kind(), ProblemKind::UsageCapped))
            }
            _ => false,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::RateLimited { status, .. }
            | Self::Api { status, .. }
            | Self::Decode { status, .. } => Some(*status),
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
            | Self::Decode { endpoint, .. } => Some(endpoint),
            _ => None,
        }
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

/// The kind of a problem `type` URI: its last path segment (`about:blank` as it is). Works
/// with both `https://api.twitter.com/2/problems/…` and `https://api.x.com/2/problems/…`,
/// and whether the generated `ProblemKind::from_wire` expects the segment or a full URI.
pub(crate) fn kind_of(type_uri: &str) -> ProblemKind {
    let direct = ProblemKind::from_wire(type_uri);
    if !is_unknown(&direct) {
        return direct;
    }
    let segment = type_uri
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(type_uri);
    let by_segment = ProblemKind::from_wire(segment);
    if !is_unknown(&by_segment) {
        return by_segment;
    }
    for prefix in [
        "https://api.twitter.com/2/problems/",
        "https://api.x.com/2/problems/",
    ] {
        let k = ProblemKind::from_wire(&format!("{prefix}{segment}"));
        if !is_unknown(&k) {
            return k;
        }
    }
    direct
}

fn is_unknown(k: &ProblemKind) -> bool {
    matches!(k, ProblemKind::Unknown(_))
}

impl Problem {
    /// The kind of this problem, from the last path segment of its `type` URI
    /// (`https://api.x.com/2/problems/usage-capped` → [`ProblemKind::UsageCapped`],
    /// `about:blank` → [`ProblemKind::AboutBlank`]); [`ProblemKind::Unknown`] holding an
    /// empty string when there is no `type`.
    pub fn kind(&self) -> ProblemKind {
        match self.r#type.as_deref() {
            Some(t) => kind_of(t),
            None => ProblemKind::Unknown(String::new()),
        }
    }
}

/// What could be read from an error body.
#[derive(Debug, Default)]
pub(crate) struct ErrorBody {
    pub problems: Vec<Problem>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub problem_type: Option<String>,
}

impl ErrorBody {
    /// Reads any body without panicking: a top-level problem, `{errors: [...]}`, both
    /// (`{title, detail, type, errors: [{parameters, message}]}`), v1.1-style
    /// `{errors: [{code, message}]}`; anything else (HTML, text, empty, malformed) gives no
    /// problems.
    pub fn parse(body: &[u8]) -> Self {
        let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice::<serde_json::Value>(body)
        else {
            return Self::default();
        };
        let string = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let title = string("title");
        let detail = string("detail");
        let problem_type = string("type");
        let mut problems: Vec<Problem> = match obj.get("errors") {
            Some(serde_json::Value::Array(items)) => items.iter().map(lenient_problem).collect(),
            _ => Vec::new(),
        };
        if problems.is_empty() && (title.is_some() || detail.is_some() || problem_type.is_some()) {
            problems.push(lenient_problem(&serde_json::Value::Object(obj.clone())));
        }
        Self {
            problems,
            title,
            detail,
            problem_type,
        }
    }

    /// `true` when the body or one of its problems has the `usage-capped` type.
    pub fn is_usage_capped(&self) -> bool {
        self.problem_type
            .as_deref()
            .is_some_and(|t| matches!(kind_of(t), ProblemKind::UsageCapped))
            || self
                .problems
                .iter()
                .any(|p| matches!(p.kind(), ProblemKind::UsageCapped))
    }
}

/// Decodes one problem; when the generated type refuses it (a member of an unexpected JSON
/// type), keeps the string members that matter instead of losing the problem.
pub(crate) fn lenient_problem(v: &serde_json::Value) -> Problem {
    if let Ok(p) = serde_json::from_value::<Problem>(v.clone()) {
        return p;
    }
    let mut p = Problem::default();
    match v {
        serde_json::Value::Object(obj) => {
            let text = |k: &str| {
                obj.get(k).and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                })
            };
            p.r#type = text("type");
            p.title = text("title");
            p.detail = text("detail");
            p.message = text("message");
            p.status = obj.get("status").and_then(|s| match s {
                serde_json::Value::Number(n) => n.as_i64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
        }
        serde_json::Value::String(s) => p.message = Some(s.clone()),
        other => p.message = Some(other.to_string()),
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_both_hosts() {
        for t in [
            "https://api.twitter.com/2/problems/usage-capped",
            "https://api.x.com/2/problems/usage-capped",
            "https://api.x.com/2/problems/usage-capped/",
        ] {
            assert_eq!(kind_of(t), ProblemKind::UsageCapped, "{t}");
        }
        assert_eq!(kind_of("about:blank"), ProblemKind::AboutBlank);
        assert!(matches!(
            kind_of("https://api.x.com/2/problems/brand-new"),
            ProblemKind::Unknown(_)
        ));
        assert!(matches!(Problem::default().kind(), ProblemKind::Unknown(_)));
    }

    #[test]
    fn bodies_never_panic() {
        for body in [
            &b""[..],
            b"null",
            b"[]",
            b"[1,2]",
            b"\"text\"",
            b"{",
            b"Rate limit exceeded\n",
            b"<!DOCTYPE html><html><head><title>Page not found</title></head></html>",
            b"{\"errors\": 3}",
            b"{\"errors\": [1, \"two\", null, {\"status\": \"x\", \"title\": 5}]}",
            b"\xff\xfe\x00garbage",
        ] {
            let parsed = ErrorBody::parse(body);
            let _ = parsed.is_usage_capped();
        }
        let odd =
            ErrorBody::parse(b"{\"errors\": [1, \"two\", {\"status\": \"403\", \"title\": 5}]}");
        assert_eq!(odd.problems.len(), 3);
        assert_eq!(odd.problems[1].message.as_deref(), Some("two"));
        assert_eq!(odd.problems[2].status, Some(403));
        assert_eq!(odd.problems[2].title.as_deref(), Some("5"));
    }

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
