//! Pass 1: index every auth scheme, type, shared parameter, parameter set and operation
//! across files, rejecting a name defined twice, a type name that is not UpperCamelCase, and
//! names the runtime reserves; then resolve every endpoint's parameters (`use:` references
//! to `parameters`, and `param_sets`) into full definitions.

use super::params::{check_pattern_at, At};
use super::runtime::RESERVED_TYPE_NAMES;
use super::{below, AuthEntry, Ctx, Index, OpEntry, Resolved, TypeDef};
use crate::diag::did_you_mean_hint;
use crate::names;
use crate::spec::{ParamDef, ParamEntry};
use indexmap::IndexMap;

/// Fills `cx.index` from `cx.files`.
pub(super) fn collect(cx: &mut Ctx) {
    let files = cx.files;
    let mut index = Index::default();
    let mut resolved = IndexMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (name, a) in &f.spec.auth {
            if let Some(other) = index.auth.get(name.as_str()) {
                cx.err(
                    fi,
                    &["auth", name],
                    format!(
                        "auth scheme `{name}` is already defined in {}",
                        files[other.file].display
                    ),
                    Some("define each auth scheme once".into()),
                );
            } else {
                index.auth.insert(
                    name,
                    AuthEntry {
                        file: fi,
                        context: a.context,
                    },
                );
            }
        }
        let section_defs = f
            .spec
            .enums
            .iter()
            .map(|(n, def)| (n, "enums", TypeDef::Enum { file: fi, def }))
            .chain(
                f.spec
                    .schemas
                    .iter()
                    .map(|(n, def)| (n, "schemas", TypeDef::Schema { file: fi, def })),
            );
        for (name, section, def) in section_defs {
            if let Some(other) = index.types.get(name.as_str()) {
                cx.err(
                    fi,
                    &[section, name],
                    format!(
                        "type `{name}` is already defined in {}",
                        files[other.file()].display
                    ),
                    Some("enum and schema names share one namespace; rename one".into()),
                );
                continue;
            }
            check_type_name(cx, fi, section, name);
            index.types.insert(name, def);
        }
        for (op, def) in &f.spec.endpoints {
            if let Some(other) = index.ops.get(op.as_str()) {
                cx.err(
                    fi,
                    &["endpoints", op],
                    format!(
                        "duplicate operation name `{op}`: already defined in {}",
                        files[other.file].display
                    ),
                    Some("operation names become method names on Client and must be unique".into()),
                );
            } else {
                index.ops.insert(op, OpEntry { file: fi, def });
            }
        }
        for (name, def) in &f.spec.id_kinds {
            if let Some((other, _, _)) = index.id_kinds.get(name.as_str()) {
                cx.err(
                    fi,
                    &["id_kinds", name],
                    format!(
                        "id kind `{name}` is already defined in {}",
                        files[*other].display
                    ),
                    Some("define each id kind once".into()),
                );
                continue;
            }
            let before = cx.error_count();
            let path = ["id_kinds", name.as_str()];
            check_pattern_at(
                cx,
                At {
                    file: fi,
                    path: &path,
                },
                "pattern",
                &def.pattern,
            );
            index
                .id_kinds
                .insert(name, (fi, def, before == cx.error_count()));
        }
        for (name, def) in &f.spec.parameters {
            if let Some((other, _)) = index.params.get(name.as_str()) {
                cx.err(
                    fi,
                    &["parameters", name],
                    format!(
                        "shared parameter `{name}` is already defined in {}",
                        files[*other].display
                    ),
                    Some("define each shared parameter once".into()),
                );
            } else {
                index.params.insert(name, (fi, def));
            }
        }
    }
    // Shared parameters' id kinds (reported once here, not at every use).
    for (name, (fi, def)) in &index.params {
        if let Some(IdProblem::Report { key, message, hint }) = id_problem(&index, def) {
            cx.err(*fi, &["parameters", name, key], message, hint);
        }
    }
    // Sets next (they refer to shared parameters), then endpoints (they refer to both).
    for (fi, f) in files.iter().enumerate() {
        for (name, set) in &f.spec.parameter_sets {
            if let Some((other, _)) = index.sets.get(name.as_str()) {
                cx.err(
                    fi,
                    &["parameter_sets", name],
                    format!(
                        "parameter set `{name}` is already defined in {}",
                        files[*other].display
                    ),
                    Some("define each parameter set once".into()),
                );
                continue;
            }
            let base = ["parameter_sets", name.as_str()];
            let mut out = IndexMap::new();
            let mut ok = true;
            for (wire, entry) in set {
                match resolve_entry(cx, &index, fi, &below(&base, &[wire]), entry) {
                    Some(def) => {
                        out.insert(wire.clone(), def);
                    }
                    None => ok = false,
                }
            }
            index.sets.insert(name, (fi, ok.then_some(out)));
        }
    }
    for (op, OpEntry { file: fi, def }) in &index.ops {
        let base = ["endpoints", *op];
        let mut r = Resolved::default();
        for (wire, entry) in &def.param_entries {
            match resolve_entry(cx, &index, *fi, &below(&base, &["params", wire]), entry) {
                Some(d) => {
                    r.params.insert(wire.clone(), d);
                }
                None => r.broken.push(wire.clone()),
            }
        }
        let mut from_set: IndexMap<&str, &str> = IndexMap::new();
        for set_name in &def.param_sets {
            let path = below(&base, &["param_sets"]);
            match index.sets.get(set_name.as_str()) {
                Some((_, Some(set))) => {
                    for (wire, d) in set {
                        let clash = if def.param_entries.contains_key(wire) {
                            Some("its own `params`".to_string())
                        } else {
                            from_set
                                .get(wire.as_str())
                                .map(|s| format!("parameter set `{s}`"))
                        };
                        if let Some(clash) = clash {
                            cx.err(
                                *fi,
                                &path,
                                format!("parameter `{wire}` comes both from {clash} and from parameter set `{set_name}`"),
                                Some("an endpoint has each parameter once: drop it from one of them, or use a smaller set".into()),
                            );
                            continue;
                        }
                        from_set.insert(wire, set_name);
                        r.params.insert(wire.clone(), d.clone());
                    }
                }
                // The set's own problems are reported at the set; its names are unknown here.
                Some((_, None)) => r.broken.push(format!("*{set_name}")),
                None => {
                    let hint = did_you_mean_hint(set_name, index.sets.keys().copied());
                    cx.err(
                        *fi,
                        &path,
                        format!("unknown parameter set `{set_name}`"),
                        hint.or_else(|| {
                            Some(known_list("parameter_sets", index.sets.keys().copied()))
                        }),
                    );
                    r.broken.push(format!("*{set_name}"));
                }
            }
        }
        resolved.insert(*op, r);
    }
    index.resolved = resolved;
    cx.index = index;
}

/// "define it under `section:` (known: a, b)" for a reference to nothing.
fn known_list<'a>(section: &str, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        format!("define it under `{section}:` (there are none yet)")
    } else {
        format!(
            "define it under `{section}:`, or use one of: {}",
            names.join(", ")
        )
    }
}

/// One `params` (or set) entry as a full definition: the shared parameter it `use`s with its
/// own keys laid over, or its own keys alone. `None` when it has errors (reported).
fn resolve_entry(
    cx: &Ctx,
    index: &Index,
    fi: usize,
    path: &[&str],
    entry: &ParamEntry,
) -> Option<ParamDef> {
    let (def, shared) = resolve_reference(cx, index, fi, path, entry)?;
    match id_problem(index, &def) {
        None => Some(def.with_id_kind_of(index)),
        // A shared parameter's own problem is reported once, at the definition.
        Some(_) if shared.is_some_and(|s| id_problem(index, s).is_some()) => None,
        Some(IdProblem::Report { key, message, hint }) => {
            cx.err(fi, &below(path, &[key]), message, hint);
            None
        }
        Some(IdProblem::Silent) => None,
    }
}

/// What is wrong with an `id:` (if anything).
pub(super) enum IdProblem {
    /// Report this at the key `key` (dotted: `items.pattern`) of the parameter or member.
    Report {
        key: &'static str,
        message: String,
        hint: Option<String>,
    },
    /// The id kind itself is broken (reported at the kind).
    Silent,
}

/// Checks a parameter's `id:`: the kind exists, the type can hold it, and no pattern of the
/// parameter's own competes with the kind's.
fn id_problem(index: &Index, def: &ParamDef) -> Option<IdProblem> {
    let id = def.id.as_deref()?;
    let slot = match (def.ty.as_str(), def.items.as_deref()) {
        ("string", _) => Ok(("pattern", def.pattern.is_some())),
        ("array", Some("string")) => Ok(("items_pattern", def.items_pattern.is_some())),
        (ty, items) => Err(type_shown(ty, items)),
    };
    id_kind_problem(index, id, slot)
}

/// `type: array, items: X` or `type: X`, for a message.
pub(super) fn type_shown(ty: &str, items: Option<&str>) -> String {
    match items {
        Some(i) => format!("type: {ty}, items: {i}"),
        None => format!("type: {ty}"),
    }
}

/// Checks `id: <id>` on a value whose pattern goes to `slot` (its key, and whether the value
/// gives one itself), or that cannot hold an id (`Err` with its type, shown).
pub(super) fn id_kind_problem(
    index: &Index,
    id: &str,
    slot: Result<(&'static str, bool), String>,
) -> Option<IdProblem> {
    let Some((_, _, valid)) = index.id_kinds.get(id) else {
        let hint = did_you_mean_hint(id, index.id_kinds.keys().copied());
        return Some(IdProblem::Report {
            key: "id",
            message: format!("unknown id kind `{id}`"),
            hint: hint.or_else(|| Some(known_list("id_kinds", index.id_kinds.keys().copied()))),
        });
    };
    match slot {
        Err(ty) => Some(IdProblem::Report {
            key: "id",
            message: format!(
                "`id` applies to `type: string` or `type: array, items: string`, not `{ty}`"
            ),
            hint: Some("remove `id`".into()),
        }),
        Ok((key, true)) => Some(IdProblem::Report {
            key,
            message: format!(
                "both `id: {id}` and `{key}` are given: the pattern comes from the id kind"
            ),
            hint: Some(format!("remove `{key}`")),
        }),
        Ok((_, false)) => (!valid).then_some(IdProblem::Silent),
    }
}

impl ParamDef {
    /// [`ParamDef::with_id_kind`] with the kinds of the index.
    fn with_id_kind_of(mut self, index: &Index) -> ParamDef {
        if let Some((_, kind, _)) = self.id.as_deref().and_then(|id| index.id_kinds.get(id)) {
            let pattern = Some(kind.pattern.clone());
            if self.ty == "array" {
                self.items_pattern = pattern;
            } else {
                self.pattern = pattern;
            }
        }
        self
    }
}

/// The entry as a definition (its `use:`d shared parameter with its keys laid over, or its
/// own keys), with the shared parameter it started from.
fn resolve_reference<'a>(
    cx: &Ctx,
    index: &Index<'a>,
    fi: usize,
    path: &[&str],
    entry: &ParamEntry,
) -> Option<(ParamDef, Option<&'a ParamDef>)> {
    match &entry.use_ {
        Some(name) => match index.params.get(name.as_str()) {
            Some((_, def)) => Some((entry.over(def), Some(*def))),
            None => {
                let hint = did_you_mean_hint(name, index.params.keys().copied());
                cx.err(
                    fi,
                    &below(path, &["use"]),
                    format!("unknown shared parameter `{name}`"),
                    hint.or_else(|| Some(known_list("parameters", index.params.keys().copied()))),
                );
                None
            }
        },
        None => match entry.complete() {
            Ok(def) => Some((def, None)),
            Err(missing) => {
                let keys = missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                cx.err(
                    fi,
                    path,
                    format!("the parameter is missing {keys} (one without `use:` needs `in`, `type` and `description`)"),
                    Some(format!(
                        "add {keys}, or `use:` a shared parameter from `parameters:`{}",
                        if index.params.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " ({})",
                                index.params.keys().copied().collect::<Vec<_>>().join(", ")
                            )
                        }
                    )),
                );
                None
            }
        },
    }
}

fn check_type_name(cx: &Ctx, fi: usize, section: &str, name: &str) {
    if !names::is_upper_camel(name) {
        cx.err(
            fi,
            &[section, name],
            format!("type name `{name}` is not UpperCamelCase"),
            Some(format!("rename it to `{}`", names::upper_camel(name))),
        );
    }
    if RESERVED_TYPE_NAMES.contains(&name) {
        cx.err(
            fi,
            &[section, name],
            format!("type name `{name}` is reserved by the client runtime"),
            Some(format!("rename it, e.g. `Api{name}`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{errors_of, files, lower_ok};
    use super::*;

    #[test]
    fn indexes_every_definition_in_file_order() {
        let files = files(&[
            ("a.yaml", "auth:\n  app: { context: app, description: A. }\nenums:\n  Kind:\n    kind: request\n    description: K.\n    values: [{ value: a, description: A. }]\n"),
            ("b.yaml", "schemas:\n  Thing:\n    description: T.\n    properties: {}\nendpoints:\n  get_thing: { method: GET, path: /t, summary: S., auth: [app], response: Thing }\n"),
        ]);
        let mut cx = Ctx::new(&files);
        collect(&mut cx);
        assert_eq!(cx.error_count(), 0);
        assert_eq!(cx.type_names().collect::<Vec<_>>(), ["Kind", "Thing"]);
        assert!(cx.enum_def("Kind").is_some() && cx.schema_def("Kind").is_none());
        assert!(cx.schema_def("Thing").is_some());
        assert_eq!(cx.index.ops["get_thing"].file, 1);
        assert_eq!(cx.index.auth["app"].file, 0);
    }

    #[test]
    fn rejects_duplicates_across_files_and_reserved_names() {
        let files = files(&[
            ("a.yaml", "schemas:\n  Thing: { description: T., properties: {} }\n  Client: { description: C., properties: {} }\n"),
            ("b.yaml", "enums:\n  Thing: { kind: request, description: T., values: [{ value: a, description: A. }] }\n  bad_name: { kind: request, description: B., values: [{ value: a, description: A. }] }\n"),
        ]);
        let mut cx = Ctx::new(&files);
        collect(&mut cx);
        let errors = errors_of(&cx);
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(errors[0].contains("type name `Client` is reserved by the client runtime"));
        assert!(errors[1].contains("type `Thing` is already defined in spec/a.yaml"));
        assert!(errors[2].contains("type name `bad_name` is not UpperCamelCase"));
        assert_eq!(cx.type_names().count(), 3, "the first `Thing` is kept");
    }

    const SHARED: &str = r#"
auth:
  app: { context: app, description: A. }
enums:
  Field: { kind: request, description: F., values: [{ value: id, description: Id. }] }
schemas:
  Thing: { description: T., properties: { id: { type: string, description: Id. } } }
parameters:
  thing_id: { in: path, type: string, pattern: "^[0-9]+$", description: An id. }
  fields: { in: query, type: array, items: Field, min_items: 1, description: Fields. }
  token: { in: query, type: string, description: Token. }
parameter_sets:
  thing_fields:
    thing.fields: fields
    other.fields: { use: fields, description: Other fields. }
"#;

    fn shared(endpoint: &str) -> String {
        format!("{SHARED}endpoints:\n  get_thing:\n    method: GET\n    path: /t/{{id}}\n    summary: S.\n    auth: [app]\n    response: Thing\n{endpoint}")
    }

    #[test]
    fn resolves_references_overrides_and_sets_in_order() {
        let ir = lower_ok(&shared("    params:\n      id: { use: thing_id, description: The thing. }\n      next: token\n      q: { in: query, type: string, description: Own. }\n    param_sets: [thing_fields]\n"));
        let params = &ir.groups[0].endpoints[0].params;
        let wires: Vec<&str> = params.iter().map(|p| p.wire.as_str()).collect();
        assert_eq!(wires, ["id", "next", "q", "thing.fields", "other.fields"]);
        assert_eq!(params[0].doc[0], "The thing.", "the override wins");
        assert!(
            params[0].doc.iter().any(|l| l.contains("^[0-9]+$")),
            "the rest is shared"
        );
        assert_eq!(params[1].doc, ["Token."]);
        assert_eq!(params[4].doc[0], "Other fields.");
    }

    #[test]
    fn rejects_unknown_references_clashes_and_incomplete_entries() {
        let errors = super::super::test_support::lower_errors(&shared("    params:\n      id: { use: thing_idd }\n      thing.fields: fields\n      loose: { type: string }\n    param_sets: [thing_field, thing_fields]\n"));
        let expected = [
            "endpoints.get_thing.params.id.use: unknown shared parameter `thing_idd`\n  hint: did you mean `thing_id`?",
            "endpoints.get_thing.params.loose: the parameter is missing `in`, `description` (one without `use:` needs `in`, `type` and `description`)\n  hint: add `in`, `description`, or `use:` a shared parameter from `parameters:` (thing_id, fields, token)",
            "endpoints.get_thing.param_sets: unknown parameter set `thing_field`\n  hint: did you mean `thing_fields`?",
            "endpoints.get_thing.param_sets: parameter `thing.fields` comes both from its own `params` and from parameter set `thing_fields`",
        ];
        super::super::test_support::assert_errors(&errors, &expected);
    }

    const IDS: &str = "id_kinds:\n  thing: { description: A thing ID., pattern: \"^[0-9]+$\" }\n";

    #[test]
    fn an_id_kind_gives_the_pattern_and_a_doc_line() {
        let spec = shared("    params:\n      id: { use: thing_id, id: thing }\n      ids: { in: query, type: array, items: string, id: thing, description: Ids. }\n")
            .replace("thing_id: { in: path, type: string, pattern: \"^[0-9]+$\",", "thing_id: { in: path, type: string,")
            + IDS;
        let ir = lower_ok(&spec);
        let params = &ir.groups[0].endpoints[0].params;
        assert_eq!(
            params[0].doc,
            ["An id.", "", "A thing ID.", "Must match `^[0-9]+$`."]
        );
        assert_eq!(
            params[1].doc,
            [
                "Ids.",
                "",
                "A thing ID.",
                "Each item must match `^[0-9]+$`."
            ]
        );
        assert!(
            matches!(&params[1].check, crate::ir::IrCheck::ListOf { item_pattern, .. } if item_pattern == "^[0-9]+$")
        );
    }

    #[test]
    fn a_shared_parameter_with_an_unknown_kind_is_reported_once() {
        let spec =
            shared("    params:\n      id: thing_id\n      other: { use: thing_id, in: query }\n")
                .replace("pattern: \"^[0-9]+$\",", "id: thingg,")
                + IDS;
        let errors = super::super::test_support::lower_errors(&spec);
        let expected =
            ["parameters.thing_id.id: unknown id kind `thingg`\n  hint: did you mean `thing`?"];
        super::super::test_support::assert_errors(&errors, &expected);
    }
}
