//! Pass 2: enums. Variant names are derived (or taken from `rust_name`) and checked for
//! collisions; the matching rule and the docs are fixed.

use super::{Ctx, TypeDef};
use crate::docs;
use crate::ir::{EnumKind, IrEnum, IrEnumValue, Matching};
use crate::names;
use crate::spec::{self, AuthContext, EnumDef};
use std::collections::HashMap;

/// Lowers every enum of the index, in order.
pub(super) fn lower(cx: &Ctx) -> Vec<IrEnum> {
    let mut enums = Vec::new();
    for (name, def) in &cx.index.types {
        if let TypeDef::Enum { file, def } = def {
            enums.push(lower_enum(cx, *file, name, def));
        }
    }
    enums
}

fn lower_enum(cx: &Ctx, fi: usize, name: &str, e: &EnumDef) -> IrEnum {
    if let Some(todo) = &e.todo {
        super::unfilled_todo(cx, fi, &["enums", name, "todo"], todo);
    }
    if e.values.is_empty() {
        cx.err(
            fi,
            &["enums", name, "values"],
            "an enum needs at least one value",
            None,
        );
    }
    let kind = match e.kind {
        spec::EnumKind::Request => EnumKind::Request,
        spec::EnumKind::Response => EnumKind::Response,
    };
    let matching = match e.matching {
        spec::Matching::Exact => Matching::Exact,
        spec::Matching::LastPathSegment => Matching::LastPathSegment,
    };
    let mut wires: HashMap<&str, usize> = HashMap::new();
    let mut variants: HashMap<String, &str> = HashMap::new();
    let mut values = Vec::new();
    for (i, v) in e.values.iter().enumerate() {
        let idx = i.to_string();
        let path = ["enums", name, "values", idx.as_str()];
        if let Some(first) = wires.insert(&v.value, i) {
            cx.err(
                fi,
                &path,
                format!(
                    "value `{}` is listed twice (also at values.{first})",
                    v.value
                ),
                Some("remove the duplicate".into()),
            );
            continue;
        }
        let Some(variant) = variant_name(cx, fi, &path, v) else {
            continue;
        };
        if kind == EnumKind::Response && variant == "Unknown" {
            cx.err(
                fi,
                &path,
                "variant name `Unknown` is reserved for values the spec does not list",
                Some("add a different `rust_name`".into()),
            );
        }
        if let Some(other) = variants.insert(variant.clone(), &v.value) {
            cx.err(
                fi,
                &path,
                format!(
                    "values `{other}` and `{}` both become the variant `{variant}`",
                    v.value
                ),
                Some("give one of them a `rust_name`".into()),
            );
        }
        if kind == EnumKind::Response && v.auth.is_some() {
            cx.err(
                fi,
                &path,
                "`auth` only applies to request enums (values the client sends)",
                Some("remove `auth`, or make the enum `kind: request`".into()),
            );
        }
        let user_only = v.auth == Some(AuthContext::User);
        values.push(IrEnumValue {
            wire: v.value.clone(),
            match_key: match matching {
                Matching::Exact => v.value.clone(),
                Matching::LastPathSegment => names::last_segment(&v.value).to_string(),
            },
            variant,
            doc: docs::enum_value(&v.value, &v.description, user_only),
            user_only,
        });
    }
    if matching == Matching::LastPathSegment {
        check_segments(cx, fi, name, e);
        if kind == EnumKind::Request {
            cx.err(
                fi,
                &["enums", name, "matching"],
                "`matching: last_path_segment` only applies to response enums",
                None,
            );
        }
    }
    IrEnum {
        name: name.to_string(),
        doc: match kind {
            EnumKind::Request => docs::request_enum(&e.description),
            EnumKind::Response => docs::response_enum(&e.description),
        },
        kind,
        matching,
        values,
        gate: Vec::new(),
    }
}

/// The variant name of a value, or `None` (reported) when it gives no identifier.
fn variant_name(cx: &Ctx, fi: usize, path: &[&str], v: &spec::EnumValue) -> Option<String> {
    let variant = match &v.rust_name {
        Some(r) => {
            if !names::is_upper_camel(r) {
                cx.err(
                    fi,
                    path,
                    format!("rust_name `{r}` is not an UpperCamelCase identifier"),
                    Some(format!("use `{}`", names::upper_camel(r))),
                );
            }
            r.clone()
        }
        None => names::upper_camel(&v.value),
    };
    if variant.is_empty() || !names::is_ident(&variant) {
        cx.err(
            fi,
            path,
            format!("value `{}` gives no usable Rust variant name", v.value),
            Some("add `rust_name: SomeName`".into()),
        );
        return None;
    }
    Some(variant)
}

/// With `matching: last_path_segment`, two values may not share their last segment.
fn check_segments(cx: &Ctx, fi: usize, name: &str, e: &EnumDef) {
    let mut segments: HashMap<&str, &str> = HashMap::new();
    for v in &e.values {
        let seg = names::last_segment(&v.value);
        if let Some(other) = segments.insert(seg, &v.value) {
            cx.err(
                fi,
                &["enums", name, "values"],
                format!(
                    "values `{other}` and `{}` have the same last path segment `{seg}`",
                    v.value
                ),
                Some(
                    "with `matching: last_path_segment` each value needs its own last segment"
                        .into(),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, lower_errors, lower_ok};
    use crate::ir::{EnumKind, Matching};

    #[test]
    fn lowers_names_docs_and_match_keys() {
        let ir = lower_ok(
            r#"
enums:
  Field:
    kind: request
    description: Fields.
    values:
      - { value: public_metrics, description: Counts. }
      - { value: non_public_metrics, description: Private., auth: user }
      - { value: type, description: A keyword. }
  Problem:
    kind: response
    matching: last_path_segment
    description: Problems.
    values:
      - { value: "https://api.x.com/2/problems/usage-capped", description: Capped. }
      - { value: "about:blank", description: Blank. }
"#,
        );
        let field = &ir.enums[0];
        assert_eq!(field.kind, EnumKind::Request);
        let variants: Vec<_> = field.values.iter().map(|v| v.variant.as_str()).collect();
        assert_eq!(variants, ["PublicMetrics", "NonPublicMetrics", "Type"]);
        assert!(field.values[1].user_only && !field.values[0].user_only);
        assert!(field.values[1].doc.ends_with("OAuth 2.0 user token)."));
        assert!(field.doc.starts_with("Fields.\n\nA closed list"));
        let problem = &ir.enums[1];
        assert_eq!(problem.matching, Matching::LastPathSegment);
        assert_eq!(problem.values[0].match_key, "usage-capped");
        assert_eq!(
            problem.values[0].wire,
            "https://api.x.com/2/problems/usage-capped"
        );
        assert_eq!(problem.values[1].match_key, "about:blank");
        assert!(problem.doc.contains("An open set"));
    }

    #[test]
    fn rejects_collisions_and_misplaced_keys() {
        let errors = lower_errors(
            r#"
enums:
  Open:
    kind: response
    description: O.
    values:
      - { value: a-b, description: A. }
      - { value: a_b, description: B. }
      - { value: unknown, description: U. }
      - { value: x, description: X., auth: user }
      - { value: x, description: Again. }
  Closed:
    kind: request
    matching: last_path_segment
    description: C.
    values:
      - { value: "p/a", description: A. }
      - { value: "q/a", description: B. }
"#,
        );
        let expected = [
            "values `a-b` and `a_b` both become the variant `AB`",
            "variant name `Unknown` is reserved",
            "`auth` only applies to request enums",
            "value `x` is listed twice (also at values.3)",
            "values `p/a` and `q/a` have the same last path segment `a`",
            "`matching: last_path_segment` only applies to response enums",
        ];
        assert_errors(&errors, &expected);
    }
}
