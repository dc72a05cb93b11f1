//! What the spec folder already has, read tolerantly: an imported draft with `todo:` keys (or
//! a shape the generator does not take yet) must not stop the next import. Every file is read
//! as plain YAML for the names; each entry is also read into the generator's typed model with
//! its `todo` key removed, where it parses, for the comparison of a re-imported operation.

use generator::spec::{ParamDef, SpecFile};
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
    /// Request schemas by name: their member names.
    pub request_schemas: IndexMap<String, Vec<String>>,
    /// Enums by name: kind (`request`/`response`) and wire values.
    pub enums: IndexMap<String, (String, Vec<String>)>,
    /// The entries that parse into the generator's model (`todo` keys removed), with every
    /// endpoint's parameters resolved (shared parameters and sets of all files).
    pub typed: SpecFile,
    /// The parameter sets, resolved: set name → wire name → definition, in order.
    pub parameter_sets: IndexMap<String, IndexMap<String, ParamDef>>,
}

impl Existing {
    /// Reads every `*.yaml`/`*.yml` file below `dir`.
    pub fn read(dir: &Path) -> Result<Existing, String> {
        let files = generator::load::spec_files(dir)
            .map_err(|e| format!("cannot read the spec folder {}: {e}", dir.display()))?;
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
        // Shared parameters with their id kind's pattern, as the generator resolves them.
        let kinds = std::mem::take(&mut out.typed.id_kinds);
        for def in out.typed.parameters.values_mut() {
            *def = def.clone().with_id_kind(&kinds);
        }
        out.typed.id_kinds = kinds;
        out.typed.apply_id_kinds_to_members();
        out.typed.resolve_params_locally();
        let typed = &out.typed;
        for (set, entries) in &typed.parameter_sets {
            let resolved = entries
                .iter()
                .filter_map(|(wire, entry)| {
                    let def = match &entry.use_ {
                        Some(name) => typed.parameters.get(name).map(|d| entry.over(d)),
                        None => entry.complete().ok(),
                    };
                    def.map(|d| (wire.clone(), d.with_id_kind(&typed.id_kinds)))
                })
                .collect();
            out.parameter_sets.insert(set.clone(), resolved);
        }
        Ok(out)
    }

    /// Reads one entry of a section into the typed model (through a one-entry spec file, so
    /// that every section's own deserialisation applies).
    fn typed_entry(&mut self, section: &str, name: &str, v: Value) {
        let mut inner = serde_yaml::Mapping::new();
        inner.insert(Value::from(name), v);
        let mut outer = serde_yaml::Mapping::new();
        outer.insert(Value::from(section), Value::Mapping(inner));
        let Ok(one) = serde_yaml::from_value::<SpecFile>(Value::Mapping(outer)) else {
            return;
        };
        self.typed.auth.extend(one.auth);
        self.typed.enums.extend(one.enums);
        self.typed.schemas.extend(one.schemas);
        self.typed.request_schemas.extend(one.request_schemas);
        self.typed.endpoints.extend(one.endpoints);
        self.typed.parameters.extend(one.parameters);
        self.typed.parameter_sets.extend(one.parameter_sets);
        self.typed.id_kinds.extend(one.id_kinds);
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
        for section_name in ["auth", "id_kinds", "parameters", "parameter_sets"] {
            for (name, v) in section(section_name) {
                self.typed_entry(section_name, &name, v);
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
            self.typed_entry("enums", &name, v);
        }
        for (name, v) in section("schemas") {
            self.schemas.insert(name.clone(), property_names(&v));
            self.typed_entry("schemas", &name, v);
        }
        for (name, v) in section("request_schemas") {
            self.request_schemas
                .insert(name.clone(), property_names(&v));
            self.typed_entry("request_schemas", &name, v);
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
            self.typed_entry("endpoints", &name, v);
        }
    }

    /// Whether a type name (schema, request schema or enum) is taken.
    pub fn has_type(&self, name: &str) -> bool {
        self.schemas.contains_key(name)
            || self.request_schemas.contains_key(name)
            || self.enums.contains_key(name)
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

/// The names under a schema entry's `properties`, in order.
fn property_names<T: FromIterator<String>>(v: &Value) -> T {
    v.get("properties")
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(|m| m.keys().filter_map(Value::as_str).map(str::to_string))
        .collect()
}
