//! Pass 3: schemas. Each property gets its Rust name, type and shape (required, optional,
//! list, default object); keys and lookups are checked; [`super::shapes`] then decides the
//! derives and `is_empty` across schemas.

use super::types::{field_name, resolve_type};
use super::{below, shapes, Ctx, TypeDef};
use crate::diag::did_you_mean_hint;
use crate::docs;
use crate::ir::{FieldShape, IrField, IrKey, IrLookup, IrSchema, IrType};
use crate::names;
use crate::spec::{Matching, PropertyDef, SchemaDef};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The lowered schemas, and the names of those with errors (later passes skip what would
/// only repeat them).
pub(super) struct Schemas {
    pub list: Vec<IrSchema>,
    pub broken: BTreeSet<String>,
}

impl Schemas {
    pub fn get(&self, name: &str) -> Option<&IrSchema> {
        self.list.iter().find(|s| s.name == name)
    }

    /// Records a fact about schema `name` that every endpoint using it must agree on (how it
    /// pages, how a stream reads its id): set it, or keep it when equal; `false` when
    /// another endpoint set a different value.
    pub fn agree<T: PartialEq>(
        &mut self,
        name: &str,
        slot: impl FnOnce(&mut IrSchema) -> &mut Option<T>,
        value: T,
    ) -> bool {
        let Some(s) = self.list.iter_mut().find(|s| s.name == name) else {
            return true;
        };
        let slot = slot(s);
        match slot {
            None => {
                *slot = Some(value);
                true
            }
            Some(existing) => *existing == value,
        }
    }

    /// Follows a dotted path of property names (`meta.next_token`, `data.id`) from `start`,
    /// through object properties; returns the fields on the way. `check(schema, field, last)`
    /// says what each step may be (an error message and hint otherwise); an unknown property
    /// is reported with the closest name. Problems are reported at `key` of file `file`.
    pub fn walk<'s>(
        &'s self,
        cx: &Ctx,
        (file, key): (usize, &[&str]),
        dotted: &str,
        start: &'s IrSchema,
        mut check: impl FnMut(&IrSchema, &IrField, bool) -> Result<(), (String, Option<String>)>,
    ) -> Option<Vec<&'s IrField>> {
        let mut schema = start;
        let mut fields = Vec::new();
        let segments: Vec<&str> = dotted.split('.').collect();
        for (i, seg) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let Some(f) = schema.fields.iter().find(|f| f.wire == *seg) else {
                let hint = did_you_mean_hint(seg, schema.fields.iter().map(|f| f.wire.as_str()));
                cx.err(
                    file,
                    key,
                    format!("`{seg}` is not a property of `{}`", schema.name),
                    hint,
                );
                return None;
            };
            if let Err((message, hint)) = check(schema, f, last) {
                cx.err(file, key, message, hint);
                return None;
            }
            fields.push(f);
            if !last {
                let IrType::Schema(next) = &f.ty else {
                    return None;
                };
                schema = self.get(next)?;
            }
        }
        Some(fields)
    }
}

/// Lowers every schema of the index, in order.
pub(super) fn lower(cx: &Ctx) -> Schemas {
    let mut out = Schemas {
        list: Vec::new(),
        broken: BTreeSet::new(),
    };
    for (name, def) in &cx.index.types {
        let TypeDef::Schema { file, def } = def else {
            continue;
        };
        let before = cx.error_count();
        out.list.push(lower_schema(cx, *file, name, def));
        if cx.error_count() != before {
            out.broken.insert(name.to_string());
        }
    }
    shapes::finish(cx, &mut out.list);
    out
}

fn lower_schema(cx: &Ctx, fi: usize, name: &str, s: &SchemaDef) -> IrSchema {
    no_empty_doc(cx, fi, &["schemas", name, "description"], &s.description);
    let mut fields = Vec::new();
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    for (wire, p) in &s.properties {
        let path = ["schemas", name, "properties", wire.as_str()];
        let Some(field) = lower_field(cx, fi, &path, wire, p) else {
            continue;
        };
        let rust = &field.rust;
        if let Some(other) = rust_names.insert(rust.clone(), wire) {
            cx.err(
                fi,
                &path,
                format!("properties `{other}` and `{wire}` both become the Rust field `{rust}`"),
                Some("give one of them a `rust_name`".into()),
            );
        }
        if s.additional_properties && rust == "extra" {
            cx.err(
                fi,
                &path,
                "the field name `extra` is taken by `additional_properties: true`",
                Some("give the property a `rust_name`".into()),
            );
        }
        let shape = field_shape(cx, fi, &path, p, &field.ty);
        if p.pattern.is_some() {
            cx.err(
                fi,
                &path,
                "`pattern` applies to request body fields and parameters, not response schemas",
                Some("remove `pattern`".into()),
            );
        }
        let lookup = p
            .lookup
            .as_ref()
            .and_then(|l| lookup(cx, fi, &path, l, wire, &field.ty));
        fields.push(IrField {
            shape,
            lookup,
            ..field
        });
    }
    let key = s
        .key
        .as_ref()
        .and_then(|k| key(cx, fi, name, s, k, &fields));
    let mut lookups = HashSet::new();
    for f in &fields {
        if let Some(l) = &f.lookup {
            // A method may share a field's name (`includes.media` and `includes.media(key)`).
            if !lookups.insert(&l.method) || l.method == "is_empty" {
                cx.err(
                    fi,
                    &["schemas", name, "properties", &f.wire, "lookup"],
                    format!(
                        "lookup name `{}` collides with another method of `{name}`",
                        l.method
                    ),
                    Some("choose another lookup name".into()),
                );
            }
        }
    }
    IrSchema {
        name: name.to_string(),
        doc: s.description.clone(),
        key,
        extra: s.additional_properties,
        fields,
        default: true,
        needs_is_empty: false,
        eq: true,
        page: None,
        event: None,
        gate: Vec::new(),
    }
}

/// A field with its name and type (its shape and lookup still to decide).
/// A description is the item's documentation: an empty one would leave a public item
/// undocumented.
fn no_empty_doc(cx: &Ctx, fi: usize, path: &[&str], description: &str) {
    if description.trim().is_empty() {
        cx.err(
            fi,
            path,
            "the description is empty: it becomes the documentation of a public item",
            Some("say in a sentence what it is".into()),
        );
    }
}

fn lower_field(cx: &Ctx, fi: usize, path: &[&str], wire: &str, p: &PropertyDef) -> Option<IrField> {
    no_empty_doc(cx, fi, &below(path, &["description"]), &p.description);
    let ty = resolve_type(cx, fi, path, p)?;
    let enum_name = match &ty {
        IrType::Enum(e) => Some(e),
        IrType::Array(inner) => match inner.as_ref() {
            IrType::Enum(e) => Some(e),
            _ => None,
        },
        _ => None,
    };
    if let Some(e) = enum_name {
        if cx
            .enum_def(e)
            .is_some_and(|d| d.matching == Matching::LastPathSegment)
        {
            cx.err(fi, path, format!("`{e}` matches on the last path segment, so decoding into it would lose the rest of the value"), Some(format!("keep the property a `string` and classify it with `{e}::from_wire`")));
        }
    }
    let rust = field_name(cx, fi, path, wire, p.rust_name.as_deref())?;
    Some(IrField {
        wire: wire.to_string(),
        rust,
        doc: p.description.clone(),
        ty,
        shape: FieldShape::Optional,
        lookup: None,
    })
}

fn field_shape(cx: &Ctx, fi: usize, path: &[&str], p: &PropertyDef, ty: &IrType) -> FieldShape {
    if matches!(ty, IrType::Array(_)) {
        if p.required {
            cx.err(
                fi,
                path,
                "an array cannot be `required`: an absent array decodes as empty",
                Some("remove `required`".into()),
            );
        }
        if p.default {
            cx.err(
                fi,
                path,
                "`default` applies to object-typed properties; arrays already default to empty",
                Some("remove `default`".into()),
            );
        }
        FieldShape::List
    } else if p.default {
        if !matches!(ty, IrType::Schema(_)) {
            cx.err(
                fi,
                path,
                format!(
                    "`default: true` needs an object (schema) type, not `{}`",
                    p.ty
                ),
                Some("remove `default`, or use a schema type".into()),
            );
        }
        if p.required {
            cx.err(
                fi,
                path,
                "`default` and `required` exclude each other",
                Some("keep one".into()),
            );
        }
        FieldShape::DefaultObject
    } else if p.required {
        FieldShape::Required
    } else if matches!(ty, IrType::Schema(_)) {
        FieldShape::Boxed
    } else {
        FieldShape::Optional
    }
}

/// The lookup method of an array of keyed schemas.
fn lookup(
    cx: &Ctx,
    fi: usize,
    path: &[&str],
    method: &str,
    wire: &str,
    ty: &IrType,
) -> Option<IrLookup> {
    let IrType::Array(inner) = ty else {
        cx.err(
            fi,
            path,
            "`lookup` applies to array properties only",
            Some("remove `lookup`".into()),
        );
        return None;
    };
    let IrType::Schema(item) = inner.as_ref() else {
        cx.err(
            fi,
            path,
            "`lookup` needs an array of a schema with a `key`",
            None,
        );
        return None;
    };
    let Some(key) = cx.schema_def(item).and_then(|d| {
        let key = d.key.as_ref()?;
        Some(d.properties.get(key))
    }) else {
        cx.err(
            fi,
            path,
            format!("`lookup` needs the item schema `{item}` to declare a `key`"),
            Some(format!("add `key: id` to schemas.{item}")),
        );
        return None;
    };
    if !names::is_snake(method) || names::is_keyword(method) {
        cx.err(
            fi,
            path,
            format!("lookup name `{method}` is not a usable snake_case method name"),
            None,
        );
    }
    // The key's id type (a broken key or kind is reported at the item schema).
    let key_id = key
        .and_then(|p| p.id.as_deref())
        .and_then(|id| cx.id_type_name(id));
    Some(IrLookup {
        method: method.to_string(),
        doc: docs::lookup_method(item, wire),
        key_id,
    })
}

/// The key field of a schema: a string property.
fn key(
    cx: &Ctx,
    fi: usize,
    name: &str,
    s: &SchemaDef,
    k: &str,
    fields: &[IrField],
) -> Option<IrKey> {
    match fields.iter().find(|f| f.wire == k) {
        Some(f)
            if matches!(f.ty, IrType::String | IrType::Id(_))
                && matches!(f.shape, FieldShape::Required | FieldShape::Optional) =>
        {
            Some(IrKey {
                field: f.rust.clone(),
                required: f.shape == FieldShape::Required,
            })
        }
        Some(_) => {
            cx.err(
                fi,
                &["schemas", name, "key"],
                format!("key `{k}` must be a string property"),
                None,
            );
            None
        }
        // The property is there but did not lower (its problem is already reported).
        None if s.properties.contains_key(k) => None,
        None => {
            let hint = did_you_mean_hint(k, s.properties.keys().map(String::as_str));
            cx.err(
                fi,
                &["schemas", name, "key"],
                format!("key `{k}` is not a property of `{name}`"),
                hint,
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, lower_errors, lower_ok};
    use crate::ir::{FieldShape, IrKey, IrType};

    const USERS: &str = r#"
schemas:
  User:
    description: A user.
    key: id
    properties:
      id: { type: string, required: true, description: Id. }
      type: { type: string, description: A keyword. }
      pinnedTweetId: { type: integer, description: Camel. }
      score: { type: number, description: A float. }
  Includes:
    description: Expanded objects.
    properties:
      users: { type: array, items: User, lookup: user, description: Users. }
  Page:
    description: A page.
    properties:
      data: { type: array, items: User, description: Users. }
      includes: { type: Includes, default: true, description: Includes. }
"#;

    #[test]
    fn lowers_fields_keys_and_lookups() {
        let ir = lower_ok(USERS);
        let user = &ir.schemas[0];
        let rust: Vec<_> = user.fields.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(rust, ["id", "r#type", "pinned_tweet_id", "score"]);
        assert_eq!(user.fields[0].shape, FieldShape::Required);
        assert_eq!(user.fields[2].shape, FieldShape::Optional);
        assert_eq!(user.fields[2].ty, IrType::Integer);
        assert_eq!(
            user.key,
            Some(IrKey {
                field: "id".into(),
                required: true
            })
        );
        let includes = &ir.schemas[1];
        let lookup = includes.fields[0].lookup.as_ref().expect("a lookup");
        assert_eq!(lookup.method, "user");
        assert!(lookup.doc.contains("The `User` in `users`"));
        assert_eq!(includes.fields[0].shape, FieldShape::List);
        let page = &ir.schemas[2];
        assert_eq!(page.fields[1].shape, FieldShape::DefaultObject);
    }

    #[test]
    fn holds_optional_nested_objects_boxed() {
        let ir = lower_ok(
            r#"
schemas:
  Metrics:
    description: Counts.
    properties:
      likes: { type: integer, description: Likes. }
  Post:
    description: A post.
    properties:
      metrics: { type: Metrics, description: Optional object. }
      pinned: { type: Metrics, required: true, description: Required object. }
      text: { type: string, description: Optional string. }
"#,
        );
        let post = ir.schemas.iter().find(|s| s.name == "Post").expect("Post");
        let shapes: Vec<_> = post.fields.iter().map(|f| f.shape).collect();
        assert_eq!(
            shapes,
            [
                FieldShape::Boxed,
                FieldShape::Required,
                FieldShape::Optional
            ]
        );
    }

    #[test]
    fn decides_derives_and_is_empty_across_schemas() {
        let ir = lower_ok(USERS);
        let [user, includes, page] = &ir.schemas[..] else {
            panic!("three schemas")
        };
        assert!(!user.eq, "a float field rules out Eq");
        assert!(!includes.eq && !page.eq, "Eq is false through arrays too");
        assert!(user.default && includes.default && page.default);
        assert!(includes.needs_is_empty, "used as a default object");
        assert!(!user.needs_is_empty && !page.needs_is_empty);
    }

    #[test]
    fn rejects_bad_shapes_keys_lookups_and_recursion() {
        let errors = lower_errors(
            r#"
schemas:
  Node:
    description: N.
    key: missing
    properties:
      next: { type: Node, description: Itself. }
      tags: { type: array, items: string, required: true, lookup: tag, description: T. }
      n: { type: integer, default: true, description: N. }
      fooBar: { type: string, description: F. }
      foo_bar: { type: string, description: G. }
"#,
        );
        let expected = [
            "an array cannot be `required`",
            "`lookup` needs an array of a schema with a `key`",
            "`default: true` needs an object (schema) type, not `integer`",
            "properties `fooBar` and `foo_bar` both become the Rust field `foo_bar`",
            "key `missing` is not a property of `Node`",
            "`Node` contains itself without an array in between",
        ];
        assert_errors(&errors, &expected);
    }
}
