//! What the spec folder already has, read tolerantly: an imported draft with `todo:` keys (or
//! a shape the generator does not take yet) must not stop the next import. Every file is read
//! as plain YAML for the names; each entry is also read into the generator's typed model with
//! its `todo` key removed, where it parses, for the comparison of a re-imported operation.

use generator::spec::SpecFile;
use indexmap::IndexMap;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// An endpoint of the spec: its route and file.
#[derive(Debug, Clone)]
pub struct ExistingEndpoint {
    /// `GET`.
    pub method: String,
    /// `/2/users/{id}/liked_tweets`.
    pub path: String,
    /// The file that defines it.
    pub file: PathBuf,
}

/// The names (and what the importer needs to know of them) defined in the spec folder.
#[derive(Debug, Default)]
pub struct Existing {
    /// Endpoints by operation name.
    pub endpoints: IndexMap<String, ExistingEndpoint>,
    /// Schemas by name: their property names.
    pub schemas: IndexMap<String, Vec<String>>,
    /// Enums by name: kind (`request`/`response`) and wire values.
    pub enums: IndexMap<String, (String, Vec<String>)>,
    /// The entries that parse into the generator's model (`todo` keys removed).
    pub typed: SpecFile,
}

impl Existing {
    /// Reads every `*.yaml`/`*.yml` file below `dir`.
    pub fn read(dir: &Path) -> Result<Existing, String> {
        let mut files = Vec::new();
        collect(dir, &mut files)
            .map_err(|e| format!("cannot read the spec folder {}: {e}", dir.display()))?;
        files.sort();
        let mut out = Existing::default();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            if text.trim().is_empty() {
                continue;
            }
            let doc: Value = serde_yaml::from_str(&text)
                .map_err(|e| format!("{} is not YAML: {e}", file.display()))?;
            out.add(&file, &doc);
        }
        Ok(out)
    }

    fn add(&mut self, file: &Path, doc: &Value) {
        let section = |name: &str| -> Vec<(String, Value)> {
            doc.get(name)
                .and_then(Value::as_mapping)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), without_todo(v))))
                        .collect()
                })
                .unwrap_or_default()
        };
        for (name, v) in section("auth") {
            if let Ok(def) = serde_yaml::from_value(v) {
                self.typed.auth.insert(name, def);
            }
        }
        for (name, v) in section("enums") {
            let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
            let values = v
                .get("values")
                .and_then(Value::as_sequence)
                .map(|s| {
                    s.iter()
                        .filter_map(|x| x.get("value").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            self.enums.insert(name.clone(), (kind.to_string(), values));
            if let Ok(def) = serde_yaml::from_value(v) {
                self.typed.enums.insert(name, def);
            }
        }
        for (name, v) in section("schemas") {
            let props = v
                .get("properties")
                .and_then(Value::as_mapping)
                .map(|m| {
                    m.keys()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            self.schemas.insert(name.clone(), props);
            if let Ok(def) = serde_yaml::from_value(v) {
                self.typed.schemas.insert(name, def);
            }
        }
        for (name, v) in section("endpoints") {
            let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            self.endpoints.insert(
                name.clone(),
                ExistingEndpoint {
                    method: field("method").to_ascii_uppercase(),
                    path: field("path"),
                    file: file.to_path_buf(),
                },
            );
            if let Ok(def) = serde_yaml::from_value(v) {
                self.typed.endpoints.insert(name, def);
            }
        }
    }

    /// Whether a type name (schema or enum) is taken.
    pub fn has_type(&self, name: &str) -> bool {
        self.schemas.contains_key(name) || self.enums.contains_key(name)
    }

    /// The endpoint with this method and path (placeholders compared by position).
    pub fn endpoint_at(&self, method: &str, path: &str) -> Option<(&String, &ExistingEndpoint)> {
        let shape = crate::spec_diff::path_shape(path);
        self.endpoints.iter().find(|(_, e)| {
            e.method.eq_ignore_ascii_case(method) && crate::spec_diff::path_shape(&e.path) == shape
        })
    }
}

/// The entry with its `todo` key removed (the importer's marker; the typed model lacks it).
fn without_todo(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_mapping_mut() {
        m.remove("todo");
    }
    v
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
