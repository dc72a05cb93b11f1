//! Part of pass 4: one path or query parameter: its Rust name, value shape, the check
//! the runtime runs before sending, and its docs.

use super::runtime::RESERVED_SETTERS;
use super::types::field_name;
use super::{below, Ctx};
use crate::diag::did_you_mean_hint;
use crate::docs;
use crate::ir::{IrCheck, IrLocation, IrParam, ParamKind};
use crate::spec::{EnumKind, ParamDef, ParamLocation};

/// Where a parameter is, for its diagnostics.
#[derive(Clone, Copy)]
pub(super) struct At<'p> {
    pub file: usize,
    pub path: &'p [&'p str],
}

impl At<'_> {
    fn err(self, cx: &Ctx, message: impl Into<String>, hint: Option<String>) {
        cx.err(self.file, self.path, message, hint);
    }

    fn err_at(self, cx: &Ctx, key: &str, message: impl Into<String>, hint: Option<String>) {
        cx.err(self.file, &below(self.path, &[key]), message, hint);
    }
}

/// A path or query parameter; `None` when it has errors (all reported).
pub(super) fn lower_param(cx: &Ctx, at: At, name: &str, p: &ParamDef) -> Option<IrParam> {
    let before = cx.error_count();
    let rust = field_name(cx, at.file, at.path, name, p.rust_name.as_deref())?;
    if RESERVED_SETTERS.contains(&rust.as_str()) {
        at.err(
            cx,
            format!("parameter name `{rust}` collides with a builder method"),
            Some("add `rust_name`".into()),
        );
    }
    if p.location == ParamLocation::Path && p.ty != "string" && p.ty != "integer" {
        at.err(
            cx,
            format!(
                "a path parameter must be a string or an integer, not `{}`",
                p.ty
            ),
            None,
        );
    }
    check_keys_apply(cx, at, p);
    let mut notes = Vec::new();
    let (kind, check) = match p.ty.as_str() {
        "string" => string_param(cx, at, p, &mut notes),
        "integer" => integer_param(cx, at, p, &mut notes),
        "boolean" => (ParamKind::Bool, IrCheck::None),
        "array" => array_param(cx, at, p),
        other => {
            let hint = did_you_mean_hint(other, ["string", "integer", "boolean", "array"]);
            at.err_at(
                cx,
                "type",
                format!("unknown parameter type `{other}`"),
                hint.or_else(|| Some("use string, integer, boolean or array".into())),
            );
            return None;
        }
    };
    if let Some(d) = &p.default {
        let shown = serde_yaml::to_string(d).unwrap_or_default();
        notes.push(docs::api_default(&shown));
    }
    if let Some(ex) = &p.example {
        notes.push(docs::example(ex));
    }
    if before != cx.error_count() {
        return None;
    }
    let location = match p.location {
        ParamLocation::Path => IrLocation::Path,
        ParamLocation::Query => IrLocation::Query,
    };
    Some(IrParam {
        wire: name.to_string(),
        rust,
        doc: docs::param(&p.description, notes),
        location,
        required: p.required || location == IrLocation::Path,
        kind,
        check,
    })
}

/// Rejects the keys that do not apply to the parameter's type (`min` on a string, ...).
fn check_keys_apply(cx: &Ctx, at: At, p: &ParamDef) {
    let keys: [(&str, &str, bool); 8] = [
        ("integer", "min", p.min.is_some()),
        ("integer", "max", p.max.is_some()),
        ("string", "pattern", p.pattern.is_some()),
        ("string", "min_length", p.min_length.is_some()),
        ("string", "max_length", p.max_length.is_some()),
        ("array", "min_items", p.min_items.is_some()),
        ("array", "max_items", p.max_items.is_some()),
        ("array", "items", p.items.is_some()),
    ];
    for (ty, key, set) in keys {
        if set && p.ty != ty {
            at.err_at(
                cx,
                key,
                format!("`{key}` applies to `type: {ty}`, not `{}`", p.ty),
                Some(format!("remove `{key}`")),
            );
        }
    }
}

/// Reports `min > max` for a pair of optional bounds.
pub(super) fn check_bounds<T: PartialOrd + std::fmt::Display>(
    cx: &Ctx,
    at: At,
    (min_key, min): (&str, Option<T>),
    (max_key, max): (&str, Option<T>),
) {
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            at.err(
                cx,
                format!("{min_key} ({a}) is greater than {max_key} ({b})"),
                Some(format!("make {min_key} <= {max_key}")),
            );
        }
    }
}

fn string_param(cx: &Ctx, at: At, p: &ParamDef, notes: &mut Vec<String>) -> (ParamKind, IrCheck) {
    check_bounds(
        cx,
        at,
        ("min_length", p.min_length),
        ("max_length", p.max_length),
    );
    if let Some(pat) = &p.pattern {
        check_pattern(cx, at, pat);
        notes.push(docs::must_match(pat));
    }
    let check = IrCheck::Str {
        pattern: p.pattern.clone(),
        min_len: p.min_length,
        max_len: p.max_length,
    };
    (ParamKind::Str, check)
}

fn integer_param(cx: &Ctx, at: At, p: &ParamDef, notes: &mut Vec<String>) -> (ParamKind, IrCheck) {
    check_bounds(cx, at, ("min", p.min), ("max", p.max));
    notes.extend(docs::range(p.min, p.max));
    let unsigned = p.min.is_some_and(|m| m >= 0) && p.max.is_none_or(|m| m <= i64::from(u32::MAX));
    let kind = if unsigned {
        ParamKind::Unsigned
    } else {
        ParamKind::Int
    };
    let check = IrCheck::Int {
        min: p.min,
        max: p.max,
    };
    (kind, check)
}

fn array_param(cx: &Ctx, at: At, p: &ParamDef) -> (ParamKind, IrCheck) {
    check_bounds(
        cx,
        at,
        ("min_items", p.min_items),
        ("max_items", p.max_items),
    );
    let kind = match p.items.as_deref() {
        None => {
            at.err(
                cx,
                "`type: array` needs `items`",
                Some("add `items: string` or the name of a request enum".into()),
            );
            ParamKind::StrList
        }
        Some("string") => ParamKind::StrList,
        Some(item) => match cx.enum_def(item) {
            Some(en) if en.kind == EnumKind::Request => ParamKind::EnumList(item.to_string()),
            Some(_) => {
                at.err_at(
                    cx,
                    "items",
                    format!("`{item}` is a response enum; a parameter list needs a `kind: request` enum"),
                    Some(format!("set `kind: request` on enums.{item}")),
                );
                ParamKind::StrList
            }
            None => {
                let enums = cx.type_names().filter(|n| cx.enum_def(n).is_some());
                let hint = did_you_mean_hint(item, std::iter::once("string").chain(enums));
                at.err_at(
                    cx,
                    "items",
                    format!("unknown list item type `{item}`"),
                    hint.or_else(|| Some("use `string` or the name of a request enum".into())),
                );
                ParamKind::StrList
            }
        },
    };
    let check = IrCheck::List {
        min_items: p.min_items,
        max_items: p.max_items,
    };
    (kind, check)
}

pub(super) fn check_pattern(cx: &Ctx, at: At, pattern: &str) {
    if let Err(e) = regex_lite::Regex::new(pattern) {
        let first = e.to_string().lines().last().unwrap_or_default().to_string();
        at.err_at(
            cx,
            "pattern",
            format!("pattern `{pattern}` is not a valid regular expression: {first}"),
            Some("fix the expression (regex-lite syntax)".into()),
        );
    } else if !(pattern.starts_with('^') && pattern.ends_with('$')) {
        at.err_at(
            cx,
            "pattern",
            format!("pattern `{pattern}` is not anchored"),
            Some(format!(
                "write `^{}$` so the whole value must match",
                pattern.trim_start_matches('^').trim_end_matches('$')
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, endpoint_spec, lower_errors, lower_ok};
    use crate::ir::{IrCheck, IrLocation, ParamKind};

    #[test]
    fn lowers_kinds_checks_and_docs() {
        let ir = lower_ok(&endpoint_spec(
            "POST",
            "/things/{id}",
            r#"
      id: { in: path, type: string, pattern: "^[0-9]+$", description: The id., example: "12" }
      max_results: { in: query, type: integer, min: 5, max: 100, default: 10, description: Size. }
      offset: { in: query, type: integer, min: -1, description: Offset. }
      fields: { in: query, type: array, items: Field, min_items: 1, description: Fields. }
      names: { in: query, type: array, items: string, description: Names. }
      flag: { in: query, type: boolean, required: true, description: A flag. }"#,
            "",
        ));
        let params = &ir.groups[0].endpoints[0].params;
        let kinds: Vec<_> = params.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                ParamKind::Str,
                ParamKind::Unsigned,
                ParamKind::Int,
                ParamKind::EnumList("Field".into()),
                ParamKind::StrList,
                ParamKind::Bool,
            ]
        );
        assert_eq!(params[0].location, IrLocation::Path);
        assert!(params[0].required, "path parameters are always required");
        assert_eq!(
            params[0].doc,
            ["The id.", "", "Must match `^[0-9]+$`.", "Example: `12`."]
        );
        assert_eq!(
            params[1].check,
            IrCheck::Int {
                min: Some(5),
                max: Some(100)
            }
        );
        assert_eq!(
            params[1].doc[2..],
            ["From 5 to 100.", "The API's default: 10."]
        );
        assert!(!params[1].required && params[5].required);
    }

    #[test]
    fn rejects_misapplied_keys_bounds_and_patterns() {
        let errors = lower_errors(&endpoint_spec(
            "GET",
            "/things",
            r#"
      a: { in: query, type: string, min: 1, min_length: 5, max_length: 2, pattern: "[a-z]+", description: A. }
      b: { in: query, type: array, items: Kind, description: B. }
      send: { in: query, type: boolean, description: C. }
      d: { in: query, type: strin, description: D. }"#,
            "",
        ));
        let expected = [
            "`min` applies to `type: integer`, not `string`",
            "min_length (5) is greater than max_length (2)",
            "pattern `[a-z]+` is not anchored",
            "`Kind` is a response enum",
            "parameter name `send` collides with a builder method",
            "unknown parameter type `strin`",
        ];
        assert_errors(&errors, &expected);
        assert!(errors[5].ends_with("hint: did you mean `string`?"));
    }
}
