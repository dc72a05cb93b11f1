//! The allow-list: the intentional differences, each with the reason the spec differs on
//! purpose (`xtask/drift-allow.yaml`).

use serde::Deserialize;
use std::path::Path;

/// The allow-list file: intentional differences, each with its reason.
///
/// ```yaml
/// allow:
///   - id: "get_liked_tweets: auth extra: app_only"
///     reason: "..."
///   - ids:
///       - "schema Tweet: article: extra"
///       - "schema Tweet: card_uri: extra"
///     reason: "..."
/// ```
///
/// An identifier may use `*` for any run of characters (`*: auth extra: app_only`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    #[serde(default)]
    allow: Vec<AllowEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowEntry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ids: Vec<String>,
    /// Optional here so that a missing reason gets the same plain message as an empty one.
    #[serde(default)]
    reason: Option<String>,
}

/// Parsed allow-list: patterns with their reasons.
#[derive(Debug, Default, Clone)]
pub struct AllowList {
    /// (pattern, reason), in file order.
    pub entries: Vec<(String, String)>,
}

impl AllowList {
    /// Parses the YAML text of an allow-list.
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let file: AllowFile = if text.trim().is_empty() {
            AllowFile { allow: Vec::new() }
        } else {
            serde_yaml::from_str(text).map_err(|e| e.to_string())?
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        for (i, entry) in file.allow.into_iter().enumerate() {
            let Some(reason) = entry.reason else {
                return Err(format!("allow[{i}]: the reason is missing"));
            };
            let reason = reason.trim().to_string();
            if reason.is_empty() {
                return Err(format!("allow[{i}]: the reason is empty"));
            }
            let ids: Vec<String> = entry.id.into_iter().chain(entry.ids).collect();
            if ids.is_empty() {
                return Err(format!("allow[{i}]: give `id` or `ids`"));
            }
            for id in ids {
                if entries.iter().any(|(p, _)| *p == id) {
                    return Err(format!("allow[{i}]: {id:?} is listed twice"));
                }
                entries.push((id, reason.clone()));
            }
        }
        Ok(AllowList { entries })
    }

    /// Reads and parses an allow-list file.
    pub fn load(path: &Path) -> Result<AllowList, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the allow-list {}: {e}", path.display()))?;
        AllowList::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The index of the first entry matching `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|(p, _)| glob(p, id))
    }
}

/// `*` matches any run of characters (also none); everything else matches itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*` at all.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}
