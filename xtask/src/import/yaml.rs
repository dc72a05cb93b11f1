//! A small writer for the house style of `spec/`: two-space indentation, block mappings, flow
//! lists for short scalar lists (`auth: [oauth1_user, oauth2_user]`), patterns and examples in
//! double quotes, long text as folded `>-` blocks wrapped at 100 columns, and comment lines.

/// A YAML node as the spec files write it.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    /// A scalar written as YAML would (quoted only where needed): names, types, numbers.
    Plain(String),
    /// Written as is: numbers and booleans (`true`, `100`).
    Raw(String),
    /// A string always in double quotes (patterns, examples).
    Quoted(String),
    /// Prose: one line when it fits, else a folded `>-` block.
    Text(String),
    /// A flow list of scalars: `[a, b]`.
    Flow(Vec<String>),
    /// A flow list of flow lists: `[[a, b], [c, d]]`.
    FlowLists(Vec<Vec<String>>),
    /// A block mapping; a key starting with `#` is a comment line (its node is ignored).
    Map(Vec<(String, Y)>),
    /// A block sequence of mappings.
    Seq(Vec<Y>),
}

const WIDTH: usize = 100;

impl Y {
    /// A comment line inside a mapping.
    pub fn comment(text: impl Into<String>) -> (String, Y) {
        (format!("# {}", text.into()), Y::Plain(String::new()))
    }
}

/// Writes `key: node` at `indent` spaces, with a trailing newline.
pub fn entry(out: &mut String, indent: usize, key: &str, node: &Y) {
    let pad = " ".repeat(indent);
    if key.starts_with('#') {
        out.push_str(&format!("{pad}{key}\n"));
        return;
    }
    let key = plain(key);
    match node {
        Y::Plain(s) => out.push_str(&format!("{pad}{key}: {}\n", plain(s))),
        Y::Quoted(s) => out.push_str(&format!("{pad}{key}: {}\n", quoted(s))),
        Y::Raw(s) => out.push_str(&format!("{pad}{key}: {s}\n")),
        Y::Flow(items) => {
            let items: Vec<String> = items.iter().map(|s| plain(s)).collect();
            out.push_str(&format!("{pad}{key}: [{}]\n", items.join(", ")));
        }
        Y::FlowLists(lists) => {
            let lists: Vec<String> = lists
                .iter()
                .map(|l| {
                    let items: Vec<String> = l.iter().map(|s| plain(s)).collect();
                    format!("[{}]", items.join(", "))
                })
                .collect();
            out.push_str(&format!("{pad}{key}: [{}]\n", lists.join(", ")));
        }
        Y::Text(s) => {
            let s = normalise(s);
            let one = format!("{pad}{key}: {}", plain(&s));
            if one.len() <= WIDTH && !plain(&s).starts_with(['"', '\'']) {
                out.push_str(&one);
                out.push('\n');
            } else if s.is_empty() {
                out.push_str(&format!("{pad}{key}: \"\"\n"));
            } else {
                out.push_str(&format!("{pad}{key}: >-\n"));
                for line in wrap(&s, WIDTH - indent - 2) {
                    out.push_str(&format!("{pad}  {line}\n"));
                }
            }
        }
        Y::Map(entries) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (k, v) in entries {
                entry(out, indent + 2, k, v);
            }
        }
        Y::Seq(items) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for item in items {
                let mut block = String::new();
                match item {
                    Y::Map(entries) => {
                        for (k, v) in entries {
                            entry(&mut block, indent + 4, k, v);
                        }
                    }
                    other => entry(&mut block, indent + 4, "value", other),
                }
                // `- ` replaces the first line's indentation.
                let first_pad = " ".repeat(indent + 4);
                let block = block.replacen(&first_pad, &format!("{pad}  - "), 1);
                out.push_str(&block);
            }
        }
    }
}

/// Whitespace runs (newlines included) become one space; the ends are trimmed.
pub fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A scalar as YAML needs it: plain when that reads back as the same string, else quoted.
pub fn plain(s: &str) -> String {
    let reads_back = !s.is_empty()
        && serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {s}"))
            .ok()
            .and_then(|v| v.get("k").cloned())
            == Some(serde_yaml::Value::String(s.to_string()));
    let numeric_like = s.parse::<f64>().is_ok();
    if reads_back && !numeric_like && !s.contains(": ") && !s.contains(" #") {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A double-quoted YAML string (JSON escapes are YAML escapes).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Greedy word wrap; a word longer than the width gets its own line.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_house_style_and_reads_back() {
        let long = "word ".repeat(40);
        let node = Y::Map(vec![
            ("method".into(), Y::Plain("GET".into())),
            ("summary".into(), Y::Text("Returns: a thing".into())),
            ("description".into(), Y::Text(long.clone())),
            (
                "auth".into(),
                Y::Flow(vec!["oauth1_user".into(), "app_only".into()]),
            ),
            Y::comment("a note"),
            ("pattern".into(), Y::Quoted("^[0-9]{1,19}$".into())),
            ("max".into(), Y::Raw("100".into())),
            ("example".into(), Y::Quoted("5".into())),
            (
                "rate_limits".into(),
                Y::Seq(vec![Y::Map(vec![
                    ("scope".into(), Y::Plain("app".into())),
                    ("requests".into(), Y::Raw("75".into())),
                ])]),
            ),
        ]);
        let mut out = String::new();
        entry(&mut out, 2, "get_things", &node);
        assert!(out.contains("    auth: [oauth1_user, app_only]\n"), "{out}");
        assert!(
            out.contains("    description: >-\n      word word"),
            "{out}"
        );
        assert!(out.contains("    # a note\n"), "{out}");
        assert!(
            out.contains("    rate_limits:\n      - scope: app\n        requests: 75\n"),
            "{out}"
        );
        let v: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
        let t = &v["get_things"];
        assert_eq!(t["summary"].as_str(), Some("Returns: a thing"));
        assert_eq!(t["description"].as_str(), Some(normalise(&long).as_str()));
        assert_eq!(t["pattern"].as_str(), Some("^[0-9]{1,19}$"));
        assert_eq!(t["example"].as_str(), Some("5"));
        assert_eq!(t["max"].as_i64(), Some(100));
        assert!(out.lines().all(|l| l.len() <= WIDTH), "{out}");
    }

    #[test]
    fn odd_scalars_are_quoted() {
        for s in [
            "yes", "null", "- x", "a: b", "#x", "true", "'q", "x #y", "1.5", "100", "",
        ] {
            let mut out = String::new();
            entry(&mut out, 0, "k", &Y::Plain(s.into()));
            let v: serde_yaml::Value = serde_yaml::from_str(&out).unwrap();
            assert_eq!(v["k"].as_str(), Some(s), "{out}");
        }
    }
}
