//! Parameters: full definitions, shared parameter sets and shared parameters, request enums.

use super::{values_seq, Drafter, NO_DESCRIPTION};
use crate::import::names;
use crate::import::yaml::Y;
use crate::spec_diff::openapi::{deref, flatten, flatten_all, Shape};
use generator::spec::{ParamDef, ParamLocation};
use indexmap::IndexMap;
use serde_json::Value;

impl Drafter<'_> {
    /// A path or query parameter; `raw` is the parameter as listed (maybe a `$ref`).
    pub(super) fn param(&mut self, name: &str, p: &Value, raw: &Value) -> Y {
        let doc = self.doc;
        let location = p.get("in").and_then(Value::as_str).unwrap_or("query");
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let schema = p
            .get("schema")
            .map(|s| flatten(doc, s, "#/parameter"))
            .unwrap_or_default();
        let mut m: Vec<(String, Y)> = vec![("in".into(), Y::Plain(location.into()))];
        let num = |v: Option<&Value>| v.map(|v| Y::Raw(v.to_string()));
        let format = p
            .get("schema")
            .and_then(|s| deref(doc, s))
            .and_then(|s| s.get("format"))
            .and_then(Value::as_str);
        // An id schema of the document (`$ref: UserId`, or items of it) that names an id kind
        // of the spec by its Rust type: `id: <kind>` instead of the pattern.
        let id_kind = {
            let schema = p.get("schema");
            let items = schema.and_then(|s| s.get("items"));
            [schema, items]
                .into_iter()
                .flatten()
                .filter_map(|s| s.get("$ref").and_then(Value::as_str))
                .filter_map(|r| r.rsplit('/').next())
                .find_map(|component| self.id_kind_typed(component))
        };
        match (schema.shape(), schema.ty) {
            (Shape::Array, _) => {
                m.push(("type".into(), Y::Plain("array".into())));
                let mut item_pattern = None;
                let items = flatten_all(doc, &schema.items);
                let item = match &items.values {
                    Some(values) => {
                        let from_component = raw
                            .get("$ref")
                            .and_then(Value::as_str)
                            .and_then(|r| r.rsplit('/').next())
                            .and_then(names::enum_from_parameter_component);
                        let desc = p.get("description").and_then(Value::as_str).unwrap_or("");
                        self.request_enum(from_component, name, values, desc)
                    }
                    None => {
                        item_pattern = items.pattern;
                        items.ty.unwrap_or("string").to_string()
                    }
                };
                m.push(("items".into(), Y::Plain(item)));
                if let Some(kind) = &id_kind {
                    m.push(("id".into(), Y::Plain(kind.clone())));
                } else if let Some(pattern) = item_pattern {
                    m.push(("items_pattern".into(), Y::Quoted(pattern.into())));
                }
            }
            (_, ty) => {
                let ty = match (&schema.values, ty) {
                    (Some(values), _) => {
                        let desc = p.get("description").and_then(Value::as_str).unwrap_or("");
                        self.request_enum(None, name, values, desc)
                    }
                    (None, Some(t)) => t.to_string(),
                    (None, None) => "string".to_string(),
                };
                m.push(("type".into(), Y::Plain(ty)));
                if let Some(f) = format.filter(|f| *f == "date-time") {
                    m.push(("format".into(), Y::Plain(f.into())));
                }
            }
        }
        if required || location == "path" {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        let is_int = schema.ty == Some("integer");
        for (key, v) in [("min", schema.minimum), ("max", schema.maximum)] {
            if let (true, Some(y)) = (is_int, num(v)) {
                m.push((key.into(), y));
            }
        }
        if let Some(d) = schema.default {
            let y = match d {
                Value::String(s) => Y::Quoted(s.clone()),
                other => Y::Raw(other.to_string()),
            };
            m.push(("default".into(), y));
        }
        match (&id_kind, schema.pattern) {
            (Some(kind), _) if schema.shape() != Shape::Array => {
                m.push(("id".into(), Y::Plain(kind.clone())));
            }
            (None, Some(pattern)) if !super::supported_pattern(pattern) => m.push(Y::comment(format!(
                "The document's pattern {pattern:?} uses what the client's regex engine lacks (look-around): not checked."
            ))),
            (None, Some(pattern)) => m.push(("pattern".into(), Y::Quoted(pattern.into()))),
            _ => {}
        }
        let string_like = schema.shape() != Shape::Array;
        for (key, v, applies) in [
            ("min_length", schema.min_length, string_like),
            ("max_length", schema.max_length, string_like),
            ("min_items", schema.min_items, !string_like),
            ("max_items", schema.max_items, !string_like),
        ] {
            if let (true, Some(y)) = (applies, num(v)) {
                m.push((key.into(), y));
            }
        }
        // The parameter's example, or its schema's (`usernames` has it there).
        let example = p
            .get("example")
            .or_else(|| p.get("schema").and_then(|s| s.get("example")));
        if let Some(ex) = example {
            let ex = match ex {
                Value::String(s) => s.clone(),
                // A list's example is written as the wire sends it: comma-separated.
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            m.push(("example".into(), Y::Quoted(ex)));
        }
        let desc = p
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(NO_DESCRIPTION);
        m.push(("description".into(), Y::Text(desc.into())));
        Y::Map(m)
    }

    /// The id kind of the spec whose Rust type is named `component` (`UserId` → `user`).
    fn id_kind_typed(&self, component: &str) -> Option<String> {
        self.existing
            .typed
            .id_kinds
            .iter()
            .find(|(kind, def)| def.type_name(kind) == component)
            .map(|(kind, _)| kind.clone())
    }

    /// The parameter sets of the spec whose every parameter the operation has, with the same
    /// definition (descriptions aside); larger sets first, no parameter in two sets.
    pub(super) fn matching_sets(&self, full: &[(String, Vec<(String, Y)>)]) -> Vec<String> {
        let mut candidates: Vec<(&String, &IndexMap<String, ParamDef>)> = self
            .existing
            .parameter_sets
            .iter()
            .filter(|(_, set)| {
                !set.is_empty()
                    && set.iter().all(|(wire, def)| {
                        full.iter()
                            .any(|(n, m)| n == wire && constraints(m) == def_constraints(def))
                    })
            })
            .collect();
        candidates.sort_by_key(|(_, set)| std::cmp::Reverse(set.len()));
        let mut chosen: Vec<String> = Vec::new();
        let mut used: Vec<&String> = Vec::new();
        for (name, set) in candidates {
            if set.keys().any(|k| used.contains(&k)) {
                continue;
            }
            used.extend(set.keys());
            chosen.push(name.clone());
        }
        chosen
    }

    /// A parameter as a reference to the shared parameter that says the most of it (every
    /// constraint the shared one sets is the document's too), with what differs overridden;
    /// the full definition when none fits. A path parameter keeps its description and any
    /// parameter its example; a query parameter takes the shared description.
    ///
    /// Only a shared parameter named like the wire name is a candidate (`max_results`), or for
    /// an `id` in the path, the one named after the segment before it (`/2/users/{id}` →
    /// `user_id`).
    pub(super) fn shared_or_full(&self, path: &str, wire: &str, m: &[(String, Y)]) -> Y {
        let ours = constraints(m);
        let after = path_id_name(path, wire);
        let named =
            |name: &str| name == generator::names::snake(wire) || Some(name) == after.as_deref();
        let best = self
            .existing
            .typed
            .parameters
            .iter()
            .filter(|(name, _)| named(name))
            .filter_map(|(name, def)| {
                let theirs = def_constraints(def);
                let fits = theirs.iter().all(|(k, v)| ours.get(k) == Some(v))
                    && ["in", "type", "items"]
                        .iter()
                        .all(|k| ours.get(*k) == theirs.get(*k));
                let overrides = ours
                    .keys()
                    .filter(|k| theirs.get(*k) != ours.get(*k))
                    .count();
                fits.then_some((overrides, name, theirs))
            })
            .min_by_key(|(n, _, _)| *n);
        let Some((_, name, theirs)) = best else {
            return Y::Map(m.to_vec());
        };
        let is_path = ours.get("in").map(String::as_str) == Some("path");
        let mut out: Vec<(String, Y)> = vec![("use".into(), Y::Plain(name.clone()))];
        for (k, v) in m {
            let keep = match k.as_str() {
                "description" => is_path,
                "example" => true,
                k if k.starts_with('#') => true,
                k => theirs.get(k) != ours.get(k),
            };
            if keep {
                out.push((k.clone(), v.clone()));
            }
        }
        if out.len() == 1 {
            Y::Plain(name.clone())
        } else {
            Y::Map(out)
        }
    }

    /// The request enum of a parameter's values: the named one (from a shared parameter
    /// component) or one with the same values, reused; else a new one.
    fn request_enum(
        &mut self,
        named: Option<String>,
        param: &str,
        values: &[String],
        desc: &str,
    ) -> String {
        if let Some(n) = &named {
            if self.enum_def(n).is_some() {
                return n.clone();
            }
        }
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        let reuse = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            .find(|(_, (kind, v))| kind == "request" && same(v))
            .map(|(n, _)| n.clone());
        if let Some(n) = reuse {
            return n;
        }
        let mut name = named.unwrap_or_else(|| generator::names::upper_camel(param));
        if self.taken(&name) {
            // The group's name first (`AnalyticsGranularity`), then a number if that is taken
            // too (a second operation of the group with other values).
            let prefixed = format!("{}{name}", generator::names::upper_camel(&self.group));
            name = self.free_name(&prefixed);
        }
        let field_list = name.ends_with("Field");
        let mut e: Vec<(String, Y)> = vec![("kind".into(), Y::Plain("request".into()))];
        if field_list {
            e.push((
                "todo".into(),
                Y::Text("mark the values that need user context with `auth: user` (per-field auth is not in the OpenAPI document)".into()),
            ));
            self.todos.push(format!(
                "enums.{name}: mark the values that need user context"
            ));
        }
        e.push((
            "description".into(),
            Y::Text(if desc.is_empty() {
                NO_DESCRIPTION.into()
            } else {
                desc.into()
            }),
        ));
        e.push(("values".into(), values_seq(values)));
        self.made_enums
            .insert(name.clone(), ("request".into(), values.to_vec()));
        self.enums.push((name.clone(), Y::Map(e)));
        name
    }
}

/// For the path parameter `id`: `<singular of the segment before it>_id`
/// (`/2/users/{id}/followers` → `user_id`).
fn path_id_name(path: &str, wire: &str) -> Option<String> {
    if wire != "id" {
        return None;
    }
    let placeholder = format!("{{{wire}}}");
    let segments: Vec<&str> = path.split('/').collect();
    let i = segments.iter().position(|s| *s == placeholder)?;
    let before = segments.get(i.checked_sub(1)?)?;
    let singular = before.strip_suffix('s').unwrap_or(before);
    Some(format!("{singular}_id"))
}

/// The keys of a drafted parameter that define it (not its description or example), as text.
fn constraints(m: &[(String, Y)]) -> IndexMap<String, String> {
    m.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "description" | "example") && !k.starts_with('#'))
        .filter_map(|(k, v)| match v {
            Y::Plain(s) | Y::Raw(s) | Y::Quoted(s) => Some((k.clone(), s.clone())),
            _ => None,
        })
        .collect()
}

/// The same keys of a spec parameter definition.
fn def_constraints(d: &ParamDef) -> IndexMap<String, String> {
    let mut m = IndexMap::new();
    let location = match d.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
    };
    m.insert("in".to_string(), location.to_string());
    m.insert("type".into(), d.ty.clone());
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    put("items", d.items.clone());
    put("id", d.id.clone());
    // The patterns of an id kind are the kind's, not written on the parameter.
    let own = |v: &Option<String>| v.clone().filter(|_| d.id.is_none());
    put("items_pattern", own(&d.items_pattern));
    put("format", d.format.clone());
    put(
        "required",
        (d.required || d.location == ParamLocation::Path).then(|| "true".into()),
    );
    put("min", d.min.map(|v| v.to_string()));
    put("max", d.max.map(|v| v.to_string()));
    put(
        "default",
        d.default.as_ref().map(|v| match v {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        }),
    );
    put("pattern", own(&d.pattern));
    put("min_length", d.min_length.map(|v| v.to_string()));
    put("max_length", d.max_length.map(|v| v.to_string()));
    put("min_items", d.min_items.map(|v| v.to_string()));
    put("max_items", d.max_items.map(|v| v.to_string()));
    m
}

/// The parameter as the operation (or path item) lists it, before `$ref` resolution.
pub(super) fn raw_param<'d>(
    doc: &'d Value,
    item: &'d Value,
    op: &'d Value,
    name: &str,
) -> Option<&'d Value> {
    let mut found = None;
    for source in [item, op] {
        for p in source
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if deref(doc, p)
                .and_then(|q| q.get("name"))
                .and_then(Value::as_str)
                == Some(name)
            {
                found = Some(p);
            }
        }
    }
    found
}
