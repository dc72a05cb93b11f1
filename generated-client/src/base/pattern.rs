//! The spec's patterns (anchored regular expressions), compiled once each.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Matches `value` against a spec pattern; compiled patterns are cached.
pub(crate) fn regex_is_match(
    pattern: &'static str,
    value: &str,
) -> std::result::Result<bool, String> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, regex_lite::Regex>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !cache.contains_key(pattern) {
        let re = regex_lite::Regex::new(pattern).map_err(|e| e.to_string())?;
        cache.insert(pattern, re);
    }
    Ok(cache.get(pattern).is_some_and(|re| re.is_match(value)))
}
