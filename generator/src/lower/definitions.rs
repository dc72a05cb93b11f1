//! Pass 1: index every auth scheme, type and operation across files, rejecting a name
//! defined twice, a type name that is not UpperCamelCase, and names the runtime reserves.

use super::runtime::RESERVED_TYPE_NAMES;
use super::{AuthEntry, Ctx, Index, OpEntry, TypeDef};
use crate::names;

/// Fills `cx.index` from `cx.files`.
pub(super) fn collect(cx: &mut Ctx) {
    let files = cx.files;
    let mut index = Index::default();
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
    }
    cx.index = index;
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
    use super::super::test_support::{errors_of, files};
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
}
