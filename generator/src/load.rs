//! Stage 1: read every `*.yaml` file below the spec folder into [`SpecFile`]s.

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::SpecFile;
use std::path::{Path, PathBuf};

/// A parsed spec file with its source kept for locating later diagnostics.
#[derive(Debug)]
pub struct LoadedFile {
    /// Name shown in diagnostics (`spec/endpoints/likes.yaml`).
    pub display: String,
    /// Path relative to the spec folder (`endpoints/likes.yaml`).
    pub relative: PathBuf,
    /// The YAML text.
    pub source: String,
    /// The parsed content.
    pub spec: SpecFile,
}

/// Reads and parses every `*.yaml`/`*.yml` file below `dir`, in sorted path order.
/// All parse errors are collected before returning.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedFile>, Diagnostics> {
    let dir_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    let paths = match spec_files(dir) {
        Ok(paths) => paths,
        Err(e) => {
            return Err(Diagnostics(vec![Diagnostic {
                file: dir.display().to_string(),
                line: None,
                column: None,
                key_path: String::new(),
                message: format!("cannot read the spec folder: {e}"),
                hint: Some("run from the workspace root, or pass --spec DIR".into()),
            }]));
        }
    };
    // The files are parsed on every core (YAML parsing is most of loading), kept in path order.
    let parsed = crate::par::map(&paths, |path| {
        let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        let display = format!("{dir_name}/{}", relative.display()).replace('\\', "/");
        match std::fs::read_to_string(path) {
            Err(e) => Err(vec![Diagnostic {
                file: display,
                line: None,
                column: None,
                key_path: String::new(),
                message: format!("cannot read file: {e}"),
                hint: None,
            }]),
            Ok(source) => parse_all(&display, &source).map(|spec| LoadedFile {
                display,
                relative,
                source,
                spec,
            }),
        }
    });
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for file in parsed {
        match file {
            Ok(file) => files.push(file),
            Err(d) => errors.extend(d),
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(Diagnostic {
            file: dir.display().to_string(),
            line: None,
            column: None,
            key_path: String::new(),
            message: "the spec folder has no .yaml files".into(),
            hint: Some("add spec files (see spec/README.md)".into()),
        });
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Parses one YAML document; a syntax error or an unknown key becomes a located diagnostic.
/// Only the first problem is returned: [`parse_all`] returns every one.
pub fn parse_str(display: &str, source: &str) -> Result<SpecFile, Box<Diagnostic>> {
    parse_all(display, source).map_err(|mut d| Box::new(d.swap_remove(0)))
}

/// Parses one YAML document, reporting every unknown key at once (with the keys the place
/// has, and "did you mean" where one is close) and then the first other problem, if any.
pub fn parse_all(display: &str, source: &str) -> Result<SpecFile, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Ok(SpecFile::default());
    }
    // The typed parse of the text keeps serde_yaml's exact location for every problem; its
    // maps refuse a repeated key (`spec::unique`).
    let first = match serde_yaml::from_str::<SpecFile>(source) {
        Ok(mut spec) => {
            spec.resolve_params_locally();
            return Ok(spec);
        }
        Err(e) => e,
    };
    if !first.to_string().contains("unknown field") {
        return Err(vec![yaml_diagnostic(display, &first)]);
    }
    // Unknown keys: parse the generic value again and again, each time dropping the unknown
    // key found, so that every one is reported; then whatever else is wrong.
    let mut value = serde_yaml::from_str::<serde_yaml::Value>(source)
        .map_err(|e| vec![yaml_diagnostic(display, &e)])?;
    let mut out = Vec::new();
    let mut other = None;
    for _ in 0..MAX_UNKNOWN_KEYS {
        // Through text again (not the `Value`), so scalars read exactly as in the first parse.
        let text = serde_yaml::to_string(&value).unwrap_or_default();
        match serde_path_to_error::deserialize::<_, SpecFile>(serde_yaml::Deserializer::from_str(
            &text,
        )) {
            Ok(_) => break,
            Err(e) => {
                let path = key_path(e.path());
                let mut message = e.inner().to_string();
                if let Some(idx) = message.find(" at line ") {
                    message.truncate(idx);
                }
                // serde_yaml starts the message with the key path, which is printed apart.
                if let Some((head, tail)) = message.split_once(": ") {
                    if !head.contains(' ') {
                        message = tail.to_string();
                    }
                }
                let keys: Vec<&str> = path.iter().map(String::as_str).collect();
                let line = crate::diag::locate(source, &keys);
                let column = line
                    .and_then(|l| source.lines().nth(l - 1))
                    .map(|text| text.len() - text.trim_start().len() + 1);
                match unknown_key(&message) {
                    Some((key, expected)) if keys.last() == Some(&key.as_str()) => {
                        let parent = &keys[..keys.len() - 1];
                        let (suffix, hint) = unknown_key_hint(parent, &key, &expected);
                        out.push(Diagnostic {
                            file: display.to_string(),
                            line,
                            column,
                            key_path: parent.join("."),
                            hint: Some(hint),
                            message: message + &suffix,
                        });
                        if !remove(&mut value, &path) {
                            break;
                        }
                    }
                    _ => {
                        other = Some(Diagnostic {
                            file: display.to_string(),
                            line,
                            column: None,
                            key_path: keys.join("."),
                            hint: hint_for(&message),
                            message,
                        });
                        break;
                    }
                }
            }
        }
    }
    if out.is_empty() && other.is_none() {
        out.push(yaml_diagnostic(display, &first));
    }
    // Unknown keys in file order; then the one other problem (it may be caused by them).
    out.sort_by_key(|d| d.line);
    out.extend(other);
    Err(out)
}

/// Enough for any real file; a bound so that a pathological one cannot loop for long.
const MAX_UNKNOWN_KEYS: usize = 200;

/// A serde_yaml error as a diagnostic located by serde_yaml.
fn yaml_diagnostic(display: &str, e: &serde_yaml::Error) -> Diagnostic {
    let location = e.location();
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the location is printed separately.
    if let Some(idx) = message.find(" at line ") {
        message.truncate(idx);
    }
    let hint = if let Some((key, expected)) = unknown_key(&message) {
        let (suffix, hint) = unknown_key_hint(&[], &key, &expected);
        message.push_str(&suffix);
        Some(hint)
    } else {
        hint_for(&message)
    };
    Diagnostic {
        file: display.to_string(),
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        key_path: String::new(),
        message,
        hint,
    }
}

fn hint_for(message: &str) -> Option<String> {
    if message.contains("missing field") {
        Some("add the key; spec/README.md lists what each section needs".to_string())
    } else if message.contains("duplicate entry") {
        Some("each name may be defined once; remove or rename one".to_string())
    } else {
        None
    }
}

/// The unknown key and the keys the place has, from serde's "unknown field" message.
fn unknown_key(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

/// The hint for an unknown key: "did you mean" when a key of the place is close (a
/// misspelling), otherwise that the format has no such key here (never "check the spelling"
/// for a word that is spelt right but is not part of the format).
/// Returns what to append to the message and the hint.
fn unknown_key_hint(parent: &[&str], key: &str, expected: &[String]) -> (String, String) {
    match crate::diag::did_you_mean(key, expected.iter().map(String::as_str)) {
        Some(close) => (
            format!("; did you mean `{close}`?"),
            "check the key's spelling against spec/README.md".to_string(),
        ),
        None => (
            String::new(),
            format!(
                "the spec format has no key `{key}` in {}: it takes only the keys listed; spec/README.md documents each",
                place(parent)
            ),
        ),
    }
}

/// What a key path names, for messages: "an endpoint", "a parameter", ...
fn place(parent: &[&str]) -> &'static str {
    match parent {
        [] => "a spec file (top level)",
        ["auth", _] => "an auth scheme",
        ["enums", _] => "an enum",
        ["enums", _, "values", _] => "an enum value",
        ["schemas", _] => "a schema",
        ["schemas", _, "properties", _] => "a schema property",
        ["endpoints", _] => "an endpoint",
        ["endpoints", _, "params", _] | ["parameters", _] | ["parameter_sets", _, _] => {
            "a parameter"
        }
        ["endpoints", _, "pagination"] => "`pagination`",
        ["endpoints", _, "stream"] => "`stream`",
        ["endpoints", _, "rate_limits", _] => "a rate limit",
        ["endpoints", _, "body", ..] => "a body field",
        _ => "this mapping",
    }
}

fn key_path(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Map { key } => Some(key.clone()),
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// Removes the key at `path` from `value`; false when there is none.
fn remove(value: &mut serde_yaml::Value, path: &[String]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut v = value;
    for seg in parents {
        v = match v {
            serde_yaml::Value::Mapping(m) => match m.get_mut(seg.as_str()) {
                Some(child) => child,
                None => return false,
            },
            serde_yaml::Value::Sequence(items) => {
                match seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(child) => child,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    match v {
        serde_yaml::Value::Mapping(m) => m.remove(last.as_str()).is_some(),
        _ => false,
    }
}

/// Every `*.yaml`/`*.yml` file below `dir` (subfolders too), in sorted path order: the files
/// the loader reads, and the order it merges them in.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort();
    Ok(paths)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_unknown_key_with_the_keys_the_place_has() {
        let src = "endpoints:\n  a:\n    method: GET\n    path: /a\n    sumary: S.\n    summary: S.\n    auth: [x]\n    response: R\n    streaming: true\n    params:\n      id: { in: path, type: string, descripton: D. }\nfrobs: {}\n";
        let errors: Vec<String> = parse_all("spec/a.yaml", src)
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(
            errors[0].starts_with("spec/a.yaml:5:5: endpoints.a: unknown field `sumary`"),
            "{}",
            errors[0]
        );
        assert!(errors[0].ends_with("`todo`; did you mean `summary`?\n  hint: check the key's spelling against spec/README.md"), "{}", errors[0]);
        assert!(
            errors[1].starts_with("spec/a.yaml:9:5: endpoints.a: unknown field `streaming`"),
            "{}",
            errors[1]
        );
        assert!(
            errors[1].ends_with(
                "; did you mean `stream`?\n  hint: check the key's spelling against spec/README.md"
            ),
            "{}",
            errors[1]
        );
        assert!(
            errors[2]
                .starts_with("spec/a.yaml:11:7: endpoints.a.params.id: unknown field `descripton`"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3]
                .starts_with("spec/a.yaml:12:1: unknown field `frobs`, expected one of `auth`"),
            "{}",
            errors[3]
        );
        assert!(errors[3].ends_with("hint: the spec format has no key `frobs` in a spec file (top level): it takes only the keys listed; spec/README.md documents each"), "{}", errors[3]);
    }

    #[test]
    fn a_plain_string_param_is_a_reference() {
        let spec = parse_str("a.yaml", "endpoints:\n  a:\n    method: GET\n    path: /a\n    summary: S.\n    auth: [x]\n    response: R\n    params:\n      token: pagination_token\n").unwrap();
        assert_eq!(
            spec.endpoints["a"].param_entries["token"].use_.as_deref(),
            Some("pagination_token")
        );
    }
}
