//! Part of pass 3, across schemas: which derive `Default` and `Eq`, which need `is_empty`,
//! and which contain themselves without an array in between.

use super::Ctx;
use crate::ir::{FieldShape, IrSchema, IrType};
use std::collections::{BTreeSet, HashMap};

/// Decides `Default`, `Eq` and `is_empty` for every schema, and rejects direct recursion.
pub(super) fn finish(cx: &Ctx, schemas: &mut [IrSchema]) {
    let index: HashMap<String, usize> = schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let file_of = |name: &str| cx.index.types.get(name).map_or(0, |d| d.file());
    derives(schemas, &index);
    // is_empty: needed by every schema used as a default object, and by the default objects inside it.
    let mut stack: Vec<String> = schemas
        .iter()
        .flat_map(|s| default_objects(&s.fields))
        .collect();
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(&name) else { continue };
        if schemas[i].needs_is_empty {
            continue;
        }
        schemas[i].needs_is_empty = true;
        if let Some(f) = schemas[i]
            .fields
            .iter()
            .find(|f| f.shape == FieldShape::Required)
        {
            cx.err(file_of(&name), &["schemas", &name, "properties", &f.wire], format!("`{name}` is used as a `default: true` property, so none of its properties may be `required`"), Some("remove `required`, or remove `default` where the schema is used".into()));
        }
        stack.extend(default_objects(&schemas[i].fields));
    }
    // Direct recursion (not through an array) would make an infinitely sized type.
    for s in schemas.iter() {
        let mut seen = BTreeSet::new();
        if reaches_directly(&s.name, &s.name, schemas, &index, &mut seen) {
            cx.err(
                file_of(&s.name),
                &["schemas", &s.name],
                format!("`{}` contains itself without an array in between", s.name),
                Some("hold the recursive property in an `array`".into()),
            );
        }
    }
}

/// Names of the schemas held as `default: true` objects by these fields.
fn default_objects(fields: &[crate::ir::IrField]) -> impl Iterator<Item = String> + '_ {
    fields
        .iter()
        .filter(|f| f.shape == FieldShape::DefaultObject)
        .filter_map(|f| match &f.ty {
            IrType::Schema(s) => Some(s.clone()),
            _ => None,
        })
}

/// `Eq` (false when a float is reachable, through any field, arrays included) and `Default`
/// (false when a required field cannot default), to a fixed point.
fn derives(schemas: &mut [IrSchema], index: &HashMap<String, usize>) {
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..schemas.len() {
            let eq = schemas[i]
                .fields
                .iter()
                .all(|f| type_is_eq(&f.ty, schemas, index))
                // The `extra` map holds serde_json::Value, which is not `Eq`.
                && !schemas[i].extra;
            let default = schemas[i].fields.iter().all(|f| match f.shape {
                FieldShape::Required => match &f.ty {
                    IrType::Schema(s) => index.get(s).is_some_and(|&j| schemas[j].default),
                    IrType::Enum(_) => false,
                    _ => true,
                },
                _ => true,
            });
            if eq != schemas[i].eq || default != schemas[i].default {
                schemas[i].eq = eq;
                schemas[i].default = default;
                changed = true;
            }
        }
    }
}

fn type_is_eq(ty: &IrType, schemas: &[IrSchema], index: &HashMap<String, usize>) -> bool {
    match ty {
        IrType::Number | IrType::Json => false,
        IrType::Array(inner) => type_is_eq(inner, schemas, index),
        IrType::Schema(s) => index.get(s).is_some_and(|&i| schemas[i].eq),
        _ => true,
    }
}

fn reaches_directly(
    target: &str,
    from: &str,
    schemas: &[IrSchema],
    index: &HashMap<String, usize>,
    seen: &mut BTreeSet<String>,
) -> bool {
    let Some(&i) = index.get(from) else {
        return false;
    };
    for f in &schemas[i].fields {
        if let IrType::Schema(s) = &f.ty {
            if s == target {
                return true;
            }
            if seen.insert(s.clone()) && reaches_directly(target, s, schemas, index, seen) {
                return true;
            }
        }
    }
    false
}
