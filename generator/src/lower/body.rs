//! Request bodies: the `request_schemas:` section (pass 3b) and each endpoint's `body`
//! (part of pass 4). Every member gets its Rust name, value and the limits the runtime checks
//! before sending; the rules between members (`exclusive`, `at_least_one`) are checked
//! against the members.

use super::definitions::{id_kind_problem, type_shown, IdProblem};
use super::params::{check_bounds, check_pattern, At};
use super::runtime::RESERVED_SETTERS;
use super::samples::{member_sample, NoSample};
use super::types::field_name;
use super::{below, Ctx};
use crate::diag::did_you_mean_hint;
use crate::docs;
use crate::ir::{IrBody, IrCheck, IrMember, IrObject, IrParam, IrRequest, IrValue};
use crate::names;
use crate::spec::{
    BodyDef, EndpointDef, EnumKind, HttpMethod, IdKindDef, MemberDef, RequestSchemaDef,
};
use indexmap::IndexMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The name of the static description of the request schema `name`.
fn schema_shape(name: &str) -> String {
    format!("{}_SCHEMA", names::shouty(name))
}

/// The request schema called `name` (its first definition).
fn request_def<'a>(cx: &Ctx<'a>, name: &str) -> Option<&'a RequestSchemaDef> {
    cx.files
        .iter()
        .find_map(|f| f.spec.request_schemas.get(name))
}

/// Lowers every request schema, in order; those with errors are left out (their errors are
/// reported). Also decides which ones become Rust structs, and refuses cycles and schemas
/// that nothing uses.
pub(super) fn lower_requests(cx: &Ctx) -> Vec<IrRequest> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (fi, f) in cx.files.iter().enumerate() {
        for (name, def) in &f.spec.request_schemas {
            let path = ["request_schemas", name.as_str()];
            if let Some(first) = seen.insert(name, fi) {
                cx.err(
                    fi,
                    &path,
                    format!(
                        "request schema `{name}` is defined twice (also in {})",
                        cx.files[first].display
                    ),
                    Some("keep one definition".into()),
                );
                continue;
            }
            if cx.index.types.contains_key(name.as_str()) {
                cx.err(
                    fi,
                    &path,
                    format!("`{name}` is both a request schema and an enum or response schema"),
                    Some("rename one of them".into()),
                );
                continue;
            }
            if !names::is_upper_camel(name) {
                cx.err(
                    fi,
                    &path,
                    format!("request schema name `{name}` is not an UpperCamelCase type name"),
                    Some(format!("rename it to `{}`", names::upper_camel(name))),
                );
                continue;
            }
            let members = below(&path, &["properties"]);
            let rules = Rules {
                exclusive: &def.exclusive,
                at_least_one: &def.at_least_one,
            };
            if let Some(object) = lower_object(
                cx,
                fi,
                &path,
                &members,
                &def.properties,
                rules,
                schema_shape(name),
            ) {
                out.push(IrRequest {
                    name: name.clone(),
                    doc: def.description.clone(),
                    object,
                    structure: false,
                    gate: Vec::new(),
                });
            }
        }
    }
    finish(cx, &mut out);
    out
}

/// Marks the request schemas used as a member type; refuses cycles and unused schemas.
fn finish<'a>(cx: &Ctx<'a>, requests: &mut [IrRequest]) {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in requests.iter() {
        let mut refs = BTreeSet::new();
        for m in &r.object.members {
            objects_in(&m.value, &mut refs);
        }
        edges.insert(r.name.clone(), refs);
    }
    // Which request schemas some member names (read from the spec, so that a schema with
    // errors does not make the ones it uses look unused), and which are whole bodies.
    let mut nested: BTreeSet<&str> = BTreeSet::new();
    let mut note = |members: &'a IndexMap<String, MemberDef>| {
        for m in members.values() {
            for ty in [Some(m.ty.as_str()), m.items.as_ref().map(|i| i.ty.as_str())]
                .into_iter()
                .flatten()
            {
                if request_def(cx, ty).is_some() {
                    nested.insert(ty);
                }
            }
        }
    };
    for f in cx.files {
        for def in f.spec.request_schemas.values() {
            note(&def.properties);
        }
    }
    let mut bodies: BTreeSet<&str> = BTreeSet::new();
    for op in cx.index.ops.values() {
        match &op.def.body {
            Some(BodyDef::Members(members)) => note(members),
            Some(BodyDef::Schema(name)) => {
                bodies.insert(name);
            }
            None => {}
        }
    }
    let file_of = |name: &str| {
        cx.files
            .iter()
            .position(|f| f.spec.request_schemas.contains_key(name))
            .unwrap_or(0)
    };
    for r in requests.iter_mut() {
        r.structure = nested.contains(r.name.as_str());
        let fi = file_of(&r.name);
        if !r.structure && !bodies.contains(r.name.as_str()) {
            cx.err(
                fi,
                &["request_schemas", &r.name],
                format!(
                    "request schema `{}` is used by no endpoint `body` and no member",
                    r.name
                ),
                Some("use it, or remove it".into()),
            );
        }
        // Reachable from itself?
        let mut stack: Vec<&str> = edges
            .get(r.name.as_str())
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut visited: BTreeSet<&str> = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == r.name {
                cx.err(
                    fi,
                    &["request_schemas", &r.name],
                    format!("request schema `{}` contains itself", r.name),
                    Some("a request body is a tree: break the cycle".into()),
                );
                break;
            }
            if visited.insert(n) {
                if let Some(next) = edges.get(n) {
                    stack.extend(next.iter().map(String::as_str));
                }
            }
        }
    }
}

fn objects_in(v: &IrValue, out: &mut BTreeSet<String>) {
    match v {
        IrValue::Object { ty, .. } => {
            out.insert(ty.clone());
        }
        IrValue::List { item, .. } => objects_in(item, out),
        _ => {}
    }
}

/// The body of an endpoint, if it has one and it has no errors (all reported).
pub(super) fn lower_body(
    cx: &Ctx,
    at: At,
    e: &EndpointDef,
    meta: &str,
    requests: &[IrRequest],
    params: &[IrParam],
) -> Option<IrBody> {
    let def = e.body.as_ref()?;
    let path = below(at.path, &["body"]);
    if e.method == HttpMethod::Get {
        cx.err(
            at.file,
            &path,
            "a GET request has no body",
            Some("move the fields to `params`, or use POST, PUT or DELETE".into()),
        );
        return None;
    }
    let body = match def {
        BodyDef::Members(members) => {
            if members.is_empty() {
                cx.err(
                    at.file,
                    &path,
                    "`body` has no members",
                    Some("leave `body` out for a request without a body".into()),
                );
                return None;
            }
            let rules = Rules {
                exclusive: &[],
                at_least_one: &[],
            };
            let shape = format!("{meta}_BODY");
            let object = lower_object(cx, at.file, &path, &path, members, rules, shape)?;
            IrBody {
                object,
                inline: true,
            }
        }
        BodyDef::Schema(name) => {
            if let Some(r) = requests.iter().find(|r| &r.name == name) {
                IrBody {
                    object: r.object.clone(),
                    inline: false,
                }
            } else {
                if request_def(cx, name).is_none() {
                    let (message, hint) = if cx.schema_def(name).is_some() {
                        (
                            format!("`{name}` is a response schema; `body` names a request schema"),
                            Some(format!(
                                "define `{name}` (or another name) under `request_schemas:`"
                            )),
                        )
                    } else {
                        let names = cx.files.iter().flat_map(|f| f.spec.request_schemas.keys());
                        (
                            format!("unknown request schema `{name}`"),
                            did_you_mean_hint(name, names.map(String::as_str)).or_else(|| {
                                Some("name a schema of `request_schemas:`, or write the members inline".into())
                            }),
                        )
                    };
                    cx.err(at.file, &path, message, hint);
                }
                return None;
            }
        }
    };
    for m in &body.object.members {
        if let Some(p) = params.iter().find(|p| p.rust == m.rust) {
            cx.err(
                at.file,
                &path,
                format!(
                    "parameter `{}` and body member `{}` both become the Rust name `{}`",
                    p.wire, m.wire, m.rust
                ),
                Some("give the parameter a `rust_name`".into()),
            );
        }
    }
    Some(body)
}

/// The rules between the members of an object.
#[derive(Clone, Copy)]
struct Rules<'a> {
    exclusive: &'a [Vec<String>],
    at_least_one: &'a [Vec<String>],
}

/// An object: its members (under `members_path`) and its rules (under `path`).
fn lower_object(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    members_path: &[&str],
    props: &IndexMap<String, MemberDef>,
    rules: Rules,
    shape: String,
) -> Option<IrObject> {
    let before = cx.error_count();
    if props.is_empty() {
        cx.err(
            fi,
            path,
            "a request object needs at least one member",
            Some("add `properties`".into()),
        );
    }
    let mut members = Vec::new();
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    for (wire, m) in props {
        let mpath = below(members_path, &[wire]);
        let Some(ir) = lower_member(cx, fi, &mpath, wire, m) else {
            continue;
        };
        let rust = names::unraw(&ir.rust);
        if RESERVED_SETTERS.contains(&rust) || rust == "new" {
            cx.err(
                fi,
                &mpath,
                format!("member name `{rust}` collides with a generated method"),
                Some("add `rust_name`".into()),
            );
        }
        if let Some(other) = rust_names.insert(ir.rust.clone(), wire) {
            cx.err(
                fi,
                &mpath,
                format!(
                    "members `{other}` and `{wire}` both become the Rust name `{}`",
                    ir.rust
                ),
                Some("give one of them a `rust_name`".into()),
            );
        }
        members.push(ir);
    }
    check_groups(cx, fi, path, "exclusive", rules.exclusive, props);
    check_groups(cx, fi, path, "at_least_one", rules.at_least_one, props);
    if before != cx.error_count() {
        return None;
    }
    Some(IrObject {
        shape,
        members,
        exclusive: rules.exclusive.to_vec(),
        at_least_one: rules.at_least_one.to_vec(),
        rules_doc: docs::body_rules(rules.exclusive, rules.at_least_one),
    })
}

fn check_groups(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    key: &str,
    groups: &[Vec<String>],
    props: &IndexMap<String, MemberDef>,
) {
    let at = below(path, &[key]);
    for g in groups {
        let distinct: BTreeSet<&String> = g.iter().collect();
        if distinct.len() < 2 {
            let hint = if key == "exclusive" {
                "list two or more members, or remove the group"
            } else {
                "list two or more members; for one, set `required: true` on it"
            };
            cx.err(
                fi,
                &at,
                format!("a group of `{key}` needs at least two different members"),
                Some(hint.into()),
            );
        }
        for n in g {
            match props.get(n) {
                None => cx.err(
                    fi,
                    &at,
                    format!("`{n}` in `{key}` is not a member"),
                    did_you_mean_hint(n, props.keys().map(String::as_str)),
                ),
                Some(m) if m.required => cx.err(
                    fi,
                    &at,
                    format!("`{n}` is required, so it cannot be in an `{key}` group"),
                    Some(format!("remove `{n}` from the group, or make it optional")),
                ),
                Some(_) => {}
            }
        }
    }
}

/// The limits written on a member or an array item.
struct Limits<'a> {
    pattern: Option<&'a String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    min: Option<i64>,
    max: Option<i64>,
}

fn lower_member(cx: &Ctx, fi: usize, path: &[&str], wire: &str, m: &MemberDef) -> Option<IrMember> {
    let before = cx.error_count();
    let at = At { file: fi, path };
    let rust = field_name(cx, fi, path, wire, m.rust_name.as_deref())?;
    let kind = member_id_kind(cx, fi, path, m).ok()?;
    let is_list = m.ty == "array";
    let limits = Limits {
        pattern: m
            .pattern
            .as_ref()
            .or(kind.filter(|_| !is_list).map(|k| &k.pattern)),
        min_length: m.min_length,
        max_length: m.max_length,
        min: m.min,
        max: m.max,
    };
    let mut notes = Vec::new();
    let value = if m.ty == "array" {
        check_bounds(
            cx,
            at,
            ("min_items", m.min_items),
            ("max_items", m.max_items),
        );
        keys_apply(cx, fi, path, "array", &limits);
        let Some(item) = &m.items else {
            cx.err(
                fi,
                path,
                "`type: array` needs `items`",
                Some("add `items: string` (or a request enum or request schema name)".into()),
            );
            return None;
        };
        let item_limits = Limits {
            pattern: item.pattern.as_ref().or(kind.map(|k| &k.pattern)),
            min_length: item.min_length,
            max_length: item.max_length,
            min: item.min,
            max: item.max,
        };
        let item_path = below(path, &["items"]);
        let mut item_notes: Vec<String> = kind.map(|k| k.description.clone()).into_iter().collect();
        let item = scalar(cx, fi, &item_path, &item.ty, &item_limits, &mut item_notes)?;
        notes.extend(docs::item_count(m.min_items, m.max_items));
        notes.extend(docs::each_item(&item_notes));
        IrValue::List {
            min_items: m.min_items,
            max_items: m.max_items,
            item: Box::new(item),
        }
    } else {
        for (key, set) in [
            ("items", m.items.is_some()),
            ("min_items", m.min_items.is_some()),
            ("max_items", m.max_items.is_some()),
        ] {
            if set {
                cx.err(
                    fi,
                    &below(path, &[key]),
                    format!("`{key}` applies to `type: array`, not `{}`", m.ty),
                    Some(format!("remove `{key}`")),
                );
            }
        }
        notes.extend(kind.map(|k| k.description.clone()));
        scalar(cx, fi, path, &m.ty, &limits, &mut notes)?
    };
    if before != cx.error_count() {
        return None;
    }
    // A member of an id kind takes the kind's typed id (or a string).
    let value = match m.id.as_deref().and_then(|id| cx.id_type_name(id)) {
        None => value,
        Some(ty) => match value {
            IrValue::Str(check) => IrValue::Id { ty, check },
            IrValue::List {
                min_items,
                max_items,
                item,
            } => match *item {
                IrValue::Str(check) => IrValue::List {
                    min_items,
                    max_items,
                    item: Box::new(IrValue::Id { ty, check }),
                },
                other => IrValue::List {
                    min_items,
                    max_items,
                    item: Box::new(other),
                },
            },
            other => other,
        },
    };
    // Every member gets one where it can (the tests also set one member of each "at least one
    // of" group); only a required member must.
    let sample = match member_sample(cx, &value, m.id.as_deref(), m.example.as_deref()) {
        Ok(sample) => sample,
        Err(_) if !m.required => None,
        Err(NoSample(message)) => {
            cx.err(
                fi,
                path,
                message,
                Some("add `example: <a valid value>`".into()),
            );
            return None;
        }
    };
    Some(IrMember {
        wire: wire.to_string(),
        rust,
        doc: docs::param(&m.description, notes),
        required: m.required,
        value,
        sample,
    })
}

/// The id kind a member names with `id:` (`None` without one); `Err` when the `id` has
/// errors (reported).
fn member_id_kind<'a>(
    cx: &Ctx<'a>,
    fi: usize,
    path: &[&str],
    m: &MemberDef,
) -> Result<Option<&'a IdKindDef>, ()> {
    let Some(id) = m.id.as_deref() else {
        return Ok(None);
    };
    let item = m.items.as_ref();
    let slot = match (m.ty.as_str(), item.map(|i| i.ty.as_str())) {
        ("string", _) => Ok(("pattern", m.pattern.is_some())),
        ("array", Some("string")) => {
            Ok(("items.pattern", item.is_some_and(|i| i.pattern.is_some())))
        }
        (ty, items) => Err(type_shown(ty, items)),
    };
    match id_kind_problem(&cx.index, id, slot) {
        None => Ok(cx.index.id_kinds.get(id).map(|(_, k, _)| *k)),
        Some(IdProblem::Report { key, message, hint }) => {
            let keys: Vec<&str> = key.split('.').collect();
            cx.err(fi, &below(path, &keys), message, hint);
            Err(())
        }
        Some(IdProblem::Silent) => Err(()),
    }
}

/// Reports the limits that do not apply to a value of type `ty`.
fn keys_apply(cx: &Ctx, fi: usize, path: &[&str], ty: &str, l: &Limits) {
    let keys = [
        ("string", "pattern", l.pattern.is_some()),
        ("string", "min_length", l.min_length.is_some()),
        ("string", "max_length", l.max_length.is_some()),
        ("integer", "min", l.min.is_some()),
        ("integer", "max", l.max.is_some()),
    ];
    for (applies_to, key, set) in keys {
        if set && ty != applies_to {
            cx.err(
                fi,
                &below(path, &[key]),
                format!("`{key}` applies to `type: {applies_to}`, not `{ty}`"),
                Some(format!("remove `{key}`")),
            );
        }
    }
}

/// A value that is not an array: a primitive, a request enum or a request schema.
fn scalar(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    ty: &str,
    l: &Limits,
    notes: &mut Vec<String>,
) -> Option<IrValue> {
    let at = At { file: fi, path };
    let value = match ty {
        "string" => {
            check_bounds(
                cx,
                at,
                ("min_length", l.min_length),
                ("max_length", l.max_length),
            );
            notes.extend(docs::length(l.min_length, l.max_length));
            if let Some(p) = l.pattern {
                check_pattern(cx, at, p);
                notes.push(docs::must_match(p));
            }
            if l.pattern.is_none() && l.min_length.is_none() && l.max_length.is_none() {
                IrValue::Str(IrCheck::None)
            } else {
                IrValue::Str(IrCheck::Str {
                    pattern: l.pattern.cloned(),
                    min_len: l.min_length,
                    max_len: l.max_length,
                })
            }
        }
        "integer" => {
            check_bounds(cx, at, ("min", l.min), ("max", l.max));
            notes.extend(docs::range(l.min, l.max));
            let unsigned =
                l.min.is_some_and(|m| m >= 0) && l.max.is_none_or(|m| m <= i64::from(u32::MAX));
            let check = if l.min.is_none() && l.max.is_none() {
                IrCheck::None
            } else {
                IrCheck::Int {
                    min: l.min,
                    max: l.max,
                }
            };
            IrValue::Int { unsigned, check }
        }
        "number" => IrValue::Number,
        "boolean" => IrValue::Bool,
        "bytes" => {
            notes.push("Raw bytes (a file's content), sent as their base64 text.".into());
            IrValue::Bytes
        }
        "array" => {
            cx.err(
                fi,
                path,
                "arrays of arrays are not supported in a body",
                Some("use a request schema with an array member".into()),
            );
            return None;
        }
        other => {
            if let Some(e) = cx.enum_def(other) {
                if e.kind != EnumKind::Request {
                    cx.err(
                        fi,
                        path,
                        format!("`{other}` is a response enum; a body member needs a `kind: request` enum"),
                        Some(format!("define a request enum with the values the API accepts (or set `kind: request` on enums.{other})")),
                    );
                    return None;
                }
                IrValue::Enum(other.to_string())
            } else if request_def(cx, other).is_some() {
                IrValue::Object {
                    ty: other.to_string(),
                    shape: schema_shape(other),
                }
            } else if cx.schema_def(other).is_some() {
                cx.err(
                    fi,
                    path,
                    format!("`{other}` is a response schema; a body member needs a request schema"),
                    Some("define the object under `request_schemas:`".into()),
                );
                return None;
            } else {
                let requests = cx.files.iter().flat_map(|f| f.spec.request_schemas.keys());
                let enums = cx.type_names().filter(|n| cx.enum_def(n).is_some());
                let candidates = ["string", "integer", "number", "boolean", "bytes", "array"]
                    .into_iter()
                    .chain(requests.map(String::as_str))
                    .chain(enums);
                let hint = did_you_mean_hint(other, candidates).or_else(|| {
                    Some("use string, integer, number, boolean, bytes, array, a request enum or a request schema".into())
                });
                cx.err(
                    fi,
                    path,
                    format!("unknown body member type `{other}`"),
                    hint,
                );
                return None;
            }
        }
    };
    // Only for a known type: a limit on an unknown one would only repeat that error.
    keys_apply(cx, fi, path, ty, l);
    Some(value)
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;
