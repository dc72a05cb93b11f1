//! Part of pass 4: one path or query parameter: its Rust name, value shape, the check
//! the runtime runs before sending, and its docs.

use super::runtime::RESERVED_SETTERS;
use super::samples::{param_sample, NoSample};
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
    if let Some((_, kind, _)) = p.id.as_deref().and_then(|id| cx.index.id_kinds.get(id)) {
        notes.push(kind.description.clone());
    }
    let (kind, check) = match p.ty.as_str() {
        "string" => string_param(cx, at, p, &mut notes),
        "integer" => integer_param(cx, at, p, &mut notes),
        "boolean" => (ParamKind::Bool, IrCheck::None),
        "array" => array_param(cx, at, p, &mut notes),
        other => {
            match cx.enum_def(other) {
                Some(en) if en.kind == EnumKind::Request => {
                    (ParamKind::Enum(other.to_string()), IrCheck::None)
                }
                Some(_) => {
                    at.err_at(
                    cx,
                    "type",
                    format!("`{other}` is a response enum; a parameter needs a `kind: request` enum"),
                    Some(format!("set `kind: request` on enums.{other}")),
                );
                    return None;
                }
                None => {
                    let enums = cx.type_names().filter(|n| cx.enum_def(n).is_some());
                    let hint = did_you_mean_hint(
                        other,
                        ["string", "integer", "boolean", "array"]
                            .into_iter()
                            .chain(enums),
                    );
                    at.err_at(
                        cx,
                        "type",
                        format!("unknown parameter type `{other}`"),
                        hint.or_else(|| {
                            Some(
                                "use string, integer, boolean, array or the name of a request enum"
                                    .into(),
                            )
                        }),
                    );
                    return None;
                }
            }
        }
    };
    if let Some(d) = &p.default {
        // A list default reads as the wire sends it: comma-separated, on one line.
        let shown = match d {
            serde_yaml::Value::Sequence(items) => items
                .iter()
                .map(|i| {
                    serde_yaml::to_string(i)
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(","),
            other => serde_yaml::to_string(other).unwrap_or_default(),
        };
        notes.push(docs::api_default(&shown));
    }
    if let Some(ex) = &p.example {
        notes.push(docs::example(ex));
    }
    let location = match p.location {
        ParamLocation::Path => IrLocation::Path,
        ParamLocation::Query => IrLocation::Query,
    };
    let required = p.required || location == IrLocation::Path;
    let sample = if required && before == cx.error_count() {
        match param_sample(cx, &kind, &check, p.id.as_deref(), p.example.as_deref()) {
            Ok(sample) => Some(sample),
            Err(NoSample(message)) => {
                at.err(cx, message, Some("add `example: <a valid value>`".into()));
                None
            }
        }
    } else {
        None
    };
    if before != cx.error_count() {
        return None;
    }
    Some(IrParam {
        wire: name.to_string(),
        rust,
        doc: docs::param(&p.description, notes),
        location,
        required,
        kind,
        check,
        sample,
    })
}

/// Rejects the keys that do not apply to the parameter's type (`min` on a string, ...).
fn check_keys_apply(cx: &Ctx, at: At, p: &ParamDef) {
    let keys: [(&str, &str, bool); 10] = [
        ("integer", "min", p.min.is_some()),
        ("integer", "max", p.max.is_some()),
        ("string", "pattern", p.pattern.is_some()),
        ("string", "min_length", p.min_length.is_some()),
        ("string", "max_length", p.max_length.is_some()),
        ("array", "min_items", p.min_items.is_some()),
        ("array", "max_items", p.max_items.is_some()),
        ("array", "items", p.items.is_some()),
        ("string", "format", p.format.is_some()),
        ("array", "items_pattern", p.items_pattern.is_some()),
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
    match p.format.as_deref() {
        None => {}
        Some(DATE_TIME) => {
            let given = [
                ("pattern", p.pattern.is_some()),
                ("min_length", p.min_length.is_some()),
                ("max_length", p.max_length.is_some()),
            ];
            for (key, _) in given.iter().filter(|(_, set)| *set) {
                at.err_at(
                    cx,
                    key,
                    format!("`{key}` does not apply to a `format: date-time` string: the setter takes a date-time, not text"),
                    Some(format!("remove `{key}`")),
                );
            }
            notes.push(docs::DATE_TIME.to_string());
            // What the runtime sends is checked too, so a year outside 0000-9999 is refused
            // before sending instead of by the API.
            let check = IrCheck::Str {
                pattern: Some(DATE_TIME_WIRE.to_string()),
                min_len: None,
                max_len: None,
            };
            return (ParamKind::DateTime, check);
        }
        Some(other) => {
            let hint = did_you_mean_hint(other, [DATE_TIME]);
            at.err_at(
                cx,
                "format",
                format!("unknown string format `{other}`"),
                hint.or_else(|| Some(format!("the only parameter format is `{DATE_TIME}` (a plain string needs no `format`; check one with `pattern`)"))),
            );
        }
    }
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
    match p.id.as_deref().and_then(|kind| cx.id_type_name(kind)) {
        Some(ty) => (ParamKind::Id(ty), check),
        None => (ParamKind::Str, check),
    }
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

/// The one parameter `format`.
const DATE_TIME: &str = "date-time";

/// What a date-time parameter looks like on the wire (checked before sending).
const DATE_TIME_WIRE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";

fn array_param(cx: &Ctx, at: At, p: &ParamDef, notes: &mut Vec<String>) -> (ParamKind, IrCheck) {
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
        Some("string") => match p.id.as_deref().and_then(|kind| cx.id_type_name(kind)) {
            Some(ty) => ParamKind::IdList(ty),
            None => ParamKind::StrList,
        },
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
    let check = match &p.items_pattern {
        None => IrCheck::List {
            min_items: p.min_items,
            max_items: p.max_items,
        },
        Some(pat) => {
            if !matches!(kind, ParamKind::StrList | ParamKind::IdList(_)) {
                at.err_at(
                    cx,
                    "items_pattern",
                    "`items_pattern` applies to `items: string`; enum values are already checked by their type",
                    Some("remove `items_pattern`".into()),
                );
            }
            check_pattern_at(cx, at, "items_pattern", pat);
            notes.push(docs::items_must_match(pat));
            IrCheck::ListOf {
                min_items: p.min_items,
                max_items: p.max_items,
                item_pattern: pat.clone(),
            }
        }
    };
    (kind, check)
}

pub(super) fn check_pattern(cx: &Ctx, at: At, pattern: &str) {
    check_pattern_at(cx, at, "pattern", pattern);
}

pub(super) fn check_pattern_at(cx: &Ctx, at: At, key: &str, pattern: &str) {
    if let Err(e) = regex_lite::Regex::new(pattern) {
        let first = e.to_string().lines().last().unwrap_or_default().to_string();
        at.err_at(
            cx,
            key,
            format!("pattern `{pattern}` is not a valid regular expression: {first}"),
            Some("fix the expression (regex-lite syntax)".into()),
        );
    } else if !(pattern.starts_with('^') && pattern.ends_with('$')) {
        at.err_at(
            cx,
            key,
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

    #[test]
    fn lowers_single_enums_date_times_item_patterns_and_booleans() {
        let ir = lower_ok(&endpoint_spec(
            "GET",
            "/things",
            r#"
      order: { in: query, type: Field, description: One field. }
      since: { in: query, type: string, format: date-time, description: Since. }
      ids: { in: query, type: array, items: string, items_pattern: "^[0-9]+$", max_items: 3, description: Ids. }
      flag: { in: query, type: boolean, description: A flag. }"#,
            "",
        ));
        let params = &ir.groups[0].endpoints[0].params;
        let kinds: Vec<_> = params.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                ParamKind::Enum("Field".into()),
                ParamKind::DateTime,
                ParamKind::StrList,
                ParamKind::Bool
            ]
        );
        assert_eq!(params[0].check, IrCheck::None);
        assert!(
            matches!(&params[1].check, IrCheck::Str { pattern: Some(p), .. } if p.ends_with("Z$"))
        );
        assert!(params[1].doc[2].starts_with("Sent as RFC 3339 in UTC"));
        assert_eq!(
            params[2].check,
            IrCheck::ListOf {
                min_items: None,
                max_items: Some(3),
                item_pattern: "^[0-9]+$".into()
            }
        );
        assert_eq!(params[2].doc[2], "Each item must match `^[0-9]+$`.");
        assert_eq!(params[3].check, IrCheck::None);
    }

    #[test]
    fn rejects_misused_formats_enums_and_item_patterns() {
        let errors = lower_errors(&endpoint_spec(
            "GET",
            "/things",
            r#"
      a: { in: query, type: Kind, description: A. }
      b: { in: query, type: string, format: date-tme, description: B. }
      c: { in: query, type: string, format: date-time, pattern: "^x$", description: C. }
      d: { in: query, type: array, items: Field, items_pattern: "^x$", description: D. }
      e: { in: query, type: integer, format: date-time, description: E. }
      f: { in: query, type: array, items: string, items_pattern: "[0-9]", description: F. }"#,
            "",
        ));
        let expected = [
            "params.a.type: `Kind` is a response enum; a parameter needs a `kind: request` enum",
            "params.b.format: unknown string format `date-tme`\n  hint: did you mean `date-time`?",
            "params.c.pattern: `pattern` does not apply to a `format: date-time` string",
            "params.d.items_pattern: `items_pattern` applies to `items: string`",
            "params.e.format: `format` applies to `type: string`, not `integer`",
            "params.f.items_pattern: pattern `[0-9]` is not anchored",
        ];
        assert_errors(&errors, &expected);
    }
}
