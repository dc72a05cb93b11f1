//! The rate limits of `xtask/data/rate-limits.json` (compiled from the official docs, with a
//! source per entry: see `xtask/data/PROVENANCE.md`). The OpenAPI document has none, so the
//! importer drafts `rate_limits` from this table, or says that no public source states them.

use serde::Deserialize;
use std::path::Path;

/// The table, relative to the workspace root.
pub const DEFAULT_PATH: &str = "xtask/data/rate-limits.json";

/// Every entry of the table.
#[derive(Debug, Default, Deserialize)]
pub struct RateLimits {
    limits: Vec<Entry>,
}

/// The limits of one operation.
#[derive(Debug, Deserialize)]
pub struct Entry {
    method: String,
    path: String,
    /// Per app (app-only Bearer token).
    pub per_app: Option<Limit>,
    /// Per user (user-context tokens).
    pub per_user: Option<Limit>,
    /// Where the numbers come from.
    pub source: String,
    /// From the official per-endpoint table (rather than an endpoint's own page).
    #[serde(default)]
    pub from_general_table: bool,
}

/// A number of requests in a window.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Limit {
    /// Requests allowed.
    pub requests: u32,
    /// The window, in seconds.
    pub window_seconds: u32,
}

impl RateLimits {
    /// Reads the table; an absent file is an empty table.
    pub fn load(path: &Path) -> Result<Self, String> {
        if !path.exists() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The limits of `method` `path` (the document's path template).
    pub fn get(&self, method: &str, path: &str) -> Option<&Entry> {
        self.limits
            .iter()
            .find(|e| e.method.eq_ignore_ascii_case(method) && e.path == path)
    }
}

impl Entry {
    /// The source, as the spec's comment names it.
    pub fn source_label(&self) -> String {
        if self.from_general_table {
            "the official rate-limit table (docs.x.com/x-api/fundamentals/rate-limits)".into()
        } else {
            self.source.clone()
        }
    }
}
