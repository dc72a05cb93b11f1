//! Diagnostics: every problem found in a spec, with the file, where in it, what is wrong and
//! how to fix it. The generator collects all of them before giving up.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as shown to the user (`spec/endpoints/likes.yaml`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted key path inside the file (`endpoints.get_liked_tweets.params.max_results`).
    pub key_path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if !self.key_path.is_empty() {
            write!(f, "{}: ", self.key_path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All problems found in a spec; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        write!(
            f,
            "\n{} error{} in the spec",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Finds the line of a key path in a YAML source, following each key at a deeper indent than
/// its parent. Good enough for the block-style YAML of `spec/`: where a key cannot be found
/// (inside a flow mapping, a list index) the line of the deepest key found is returned.
pub fn locate(source: &str, key_path: &[&str]) -> Option<usize> {
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    let lines: Vec<&str> = source.lines().collect();
    for key in key_path {
        let mut hit = None;
        let index: Option<usize> = key.parse().ok();
        let mut items_seen = 0usize;
        let mut item_indent: Option<usize> = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if let Some(p) = parent_indent {
                if indent <= p && i > start {
                    break;
                }
            }
            if let Some(n) = index {
                // A list index: the n-th `- ` item at the first item indent below the parent.
                if trimmed.starts_with("- ") && item_indent.is_none_or(|ii| ii == indent) {
                    item_indent = Some(indent);
                    if items_seen == n {
                        hit = Some((i, indent));
                        break;
                    }
                    items_seen += 1;
                }
                continue;
            }
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let unquoted = body.trim_start_matches(['"', '\'']);
            if let Some(rest) = unquoted.strip_prefix(*key) {
                let rest = rest.trim_start_matches(['"', '\'']);
                if rest.starts_with(':') {
                    hit = Some((i, indent));
                    break;
                }
            }
        }
        // A key inside a flow mapping or a list index: the parent's line is the best we know.
        let Some((i, indent)) = hit else { return found };
        found = Some(i + 1);
        start = i + 1;
        parent_indent = Some(indent);
    }
    found
}

/// A "did you mean `x`?" hint naming the closest candidate, if one is close enough.
pub fn did_you_mean_hint<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Closest candidate by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys() {
        let src = "endpoints:\n  a:\n    params:\n      id:\n        in: path\n  b:\n    params:\n      id:\n        in: query\n";
        assert_eq!(locate(src, &["endpoints", "b", "params", "id"]), Some(8));
        assert_eq!(
            locate(src, &["endpoints", "a", "params", "id", "in"]),
            Some(5)
        );
        assert_eq!(locate(src, &["endpoints", "c"]), Some(1));
        assert_eq!(locate(src, &["nothing"]), None);
        let list = "values:\n  - { value: a }\n  - { value: b }\nother: 1\n";
        assert_eq!(locate(list, &["values", "1"]), Some(3));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("Tweeet", ["Tweet", "User"]), Some("Tweet"));
        assert_eq!(did_you_mean("Zebra", ["Tweet", "User"]), None);
    }
}
