//! Rust names from wire names: one place decides them all (via `heck`).

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::path::Path;

/// Strict and reserved keywords of Rust 2021 (and the 2018+ reserved ones).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NON_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// `attachments.media_keys` → `AttachmentsMediaKeys`; `about:blank` → `AboutBlank`.
pub fn upper_camel(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out = cleaned.to_upper_camel_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push('_');
    }
    out
}

/// `tweet.fields` → `tweet_fields`; `pinnedTweetId` → `pinned_tweet_id`.
pub fn snake(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut out = cleaned.to_snake_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `get_liked_tweets` → `GET_LIKED_TWEETS`.
pub fn shouty(s: &str) -> String {
    s.to_shouty_snake_case()
}

/// A field or argument identifier for a snake_case name: keywords become raw identifiers
/// (`r#type`), or get a trailing underscore where Rust allows no raw form (`self_`).
pub fn field_ident(s: &str) -> String {
    if NON_RAW.contains(&s) {
        format!("{s}_")
    } else if is_keyword(s) {
        format!("r#{s}")
    } else {
        s.to_string()
    }
}

/// The name without a raw prefix: `r#type` → `type`.
pub fn unraw(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

/// Whether `s` is a plain identifier (ASCII letters, digits, underscores; not starting with a digit).
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
}

/// Whether `s` is already UpperCamelCase.
pub fn is_upper_camel(s: &str) -> bool {
    is_ident(s) && s.starts_with(|c: char| c.is_ascii_uppercase()) && !s.contains('_')
}

/// Whether `s` is already snake_case.
pub fn is_snake(s: &str) -> bool {
    is_ident(s) && !s.chars().any(|c| c.is_ascii_uppercase())
}

/// The module name of an endpoint file: `endpoints/likes.yaml` → `likes`.
pub fn module_name(relative: &Path) -> String {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    snake(&stem)
}

/// The part after the last `/` (the whole string when there is none):
/// `https://api.x.com/2/problems/usage-capped` → `usage-capped`.
pub fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// The `{name}` placeholders of a path template, in order.
pub fn placeholders(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed placeholder in path `{path}`"));
        }
        if out.iter().any(|n| n == name) {
            return Err(format!(
                "placeholder `{{{name}}}` appears twice in path `{path}`"
            ));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in path `{path}`"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names() {
        assert_eq!(
            upper_camel("attachments.media_keys"),
            "AttachmentsMediaKeys"
        );
        assert_eq!(upper_camel("mentionedUsers"), "MentionedUsers");
        assert_eq!(upper_camel("resource-not-found"), "ResourceNotFound");
        assert_eq!(upper_camel("about:blank"), "AboutBlank");
        assert_eq!(upper_camel("3d"), "V3d");
        assert_eq!(upper_camel("self"), "Self_");
        assert_eq!(snake("tweet.fields"), "tweet_fields");
        assert_eq!(snake("pinnedTweetId"), "pinned_tweet_id");
        assert_eq!(snake("playback_0_count"), "playback_0_count");
        assert_eq!(shouty("get_liked_tweets"), "GET_LIKED_TWEETS");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("text"), "text");
        assert_eq!(last_segment("https://x.com/2/problems/a-b"), "a-b");
        assert_eq!(last_segment("about:blank"), "about:blank");
    }

    #[test]
    fn reads_placeholders() {
        assert_eq!(
            placeholders("/2/users/{id}/likes/{tweet_id}").unwrap(),
            vec!["id", "tweet_id"]
        );
        assert!(placeholders("/2/users/{id").is_err());
        assert!(placeholders("/2/{id}/{id}").is_err());
    }
}
