//! Reading the API's error bodies: problems in every shape the API sends them, the kind
//! of a problem `type` URI, and whether a body reports a usage cap. A leaf.

use crate::{Problem, ProblemKind};

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
        is_usage_capped(self.problem_type.as_deref(), &self.problems)
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
                    serde_json::Value::String(s) => Some(s.as_str().into()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string().into()),
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
        serde_json::Value::String(s) => p.message = Some(s.as_str().into()),
        other => p.message = Some(other.to_string().into()),
    }
    p
}

/// `true` when the top-level problem `type` or one of the problems is `usage-capped` (the
/// one definition, used for bodies and for [`crate::Error::is_usage_capped`]).
pub(crate) fn is_usage_capped(problem_type: Option<&str>, problems: &[Problem]) -> bool {
    problem_type.is_some_and(|t| matches!(kind_of(t), ProblemKind::UsageCapped))
        || problems
            .iter()
            .any(|p| matches!(p.kind(), ProblemKind::UsageCapped))
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
}
