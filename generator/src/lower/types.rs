//! Shared by the schema and endpoint passes: Rust field names and type references.

use super::definitions::{id_kind_problem, type_shown, IdProblem};
use super::{below, Ctx, TypeDef};
use crate::diag::did_you_mean_hint;
use crate::ir::IrType;
use crate::names;
use crate::spec::PropertyDef;

/// The Rust name of a field or parameter (from `rust_name`, else derived from the wire name),
/// as an identifier; `None` (reported) when there is no usable one.
pub(super) fn field_name(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    wire: &str,
    rust_name: Option<&str>,
) -> Option<String> {
    let base = match rust_name {
        Some(r) => {
            if !names::is_snake(r) {
                cx.err(
                    fi,
                    path,
                    format!("rust_name `{r}` is not a snake_case identifier"),
                    Some(format!("use `{}`", names::snake(r))),
                );
                return None;
            }
            r.to_string()
        }
        None => names::snake(wire),
    };
    if base.is_empty() || !names::is_ident(&base) {
        cx.err(
            fi,
            path,
            format!("`{wire}` gives no usable Rust field name"),
            Some("add `rust_name: some_name`".into()),
        );
        return None;
    }
    Some(names::field_ident(&base))
}

/// The type of a property (`type`, and `items` for arrays; `id` makes strings typed ids).
pub(super) fn resolve_type(cx: &Ctx, fi: usize, path: &[&str], p: &PropertyDef) -> Option<IrType> {
    let ty = resolve_plain_type(cx, fi, path, p)?;
    let Some(kind) = p.id.as_deref() else {
        return Some(ty);
    };
    let slot = match (&ty, p.items.as_deref()) {
        (IrType::String, _) | (IrType::Array(_), Some("string")) => {
            Ok(("pattern", p.pattern.is_some()))
        }
        _ => Err(type_shown(&p.ty, p.items.as_deref())),
    };
    match id_kind_problem(&cx.index, kind, slot) {
        Some(IdProblem::Report { key, message, hint }) => {
            cx.err(fi, &below(path, &[key]), message, hint);
            None
        }
        Some(IdProblem::Silent) => None,
        None => {
            let id = IrType::Id(cx.id_type_name(kind)?);
            Some(match ty {
                IrType::Array(_) => IrType::Array(Box::new(id)),
                _ => id,
            })
        }
    }
}

fn resolve_plain_type(cx: &Ctx, fi: usize, path: &[&str], p: &PropertyDef) -> Option<IrType> {
    let ty = resolve_name(cx, fi, path, &p.ty, true)?;
    match (&ty, &p.items) {
        (IrType::Array(_), Some(items)) => {
            let inner = resolve_name(cx, fi, &below(path, &["items"]), items, false)?;
            Some(IrType::Array(Box::new(inner)))
        }
        (IrType::Array(_), None) => {
            cx.err(
                fi,
                path,
                "`type: array` needs `items`",
                Some("add `items: string` (or a schema or enum name)".into()),
            );
            None
        }
        (_, Some(_)) => {
            cx.err(
                fi,
                path,
                format!("`items` only applies to `type: array`, not `{}`", p.ty),
                Some("remove `items`".into()),
            );
            None
        }
        (_, None) => Some(ty),
    }
}

const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean", "json", "array"];

fn resolve_name(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    name: &str,
    allow_array: bool,
) -> Option<IrType> {
    Some(match name {
        "string" => IrType::String,
        "integer" => IrType::Integer,
        "number" => IrType::Number,
        "boolean" => IrType::Boolean,
        "json" => IrType::Json,
        "array" if allow_array => IrType::Array(Box::new(IrType::Json)),
        "array" => {
            cx.err(
                fi,
                path,
                "arrays of arrays are not supported",
                Some("use `json` for nested arrays, or an object schema".into()),
            );
            return None;
        }
        other => match cx.index.types.get(other) {
            Some(TypeDef::Enum { def, .. }) => {
                // A response property must decode whatever value the API adds later: a closed
                // request enum would fail the whole page on one.
                if def.kind == crate::spec::EnumKind::Request {
                    cx.err(
                        fi,
                        path,
                        format!("`{other}` is a request enum (closed); a response property needs a `kind: response` enum, which keeps unknown values"),
                        Some(format!("define a `kind: response` enum with the same values (e.g. `{other}Value`) and use it here")),
                    );
                    return None;
                }
                IrType::Enum(other.to_string())
            }
            Some(TypeDef::Schema { .. }) => IrType::Schema(other.to_string()),
            None => {
                let candidates = PRIMITIVES.iter().copied().chain(cx.type_names());
                let hint = did_you_mean_hint(other, candidates).or_else(|| {
                    Some("use string, integer, number, boolean, json, array, or a name from enums/schemas".into())
                });
                cx.err(fi, path, format!("unknown type `{other}`"), hint);
                return None;
            }
        },
    })
}
