//! Stage 2: validate the loaded spec and lower it to an IR in which every decision is made:
//! Rust names fixed (wire names kept beside them), references resolved, optionality, auth,
//! pagination and rate limits decided. Emit only prints what is here.
//!
//! Every problem is collected, each with its file, key path and a hint, before giving up.

use crate::diag::{did_you_mean_hint, locate, Diagnostic, Diagnostics};
use crate::load::LoadedFile;
use crate::names;
use crate::spec::{
    AuthContext, EndpointDef, EnumKind, HttpMethod, Matching, ParamDef, ParamLocation, PropertyDef,
    SchemaDef,
};
use indexmap::IndexMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The whole API, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// All enums, in spec order.
    pub enums: Vec<IrEnum>,
    /// All schemas, in spec order.
    pub schemas: Vec<IrSchema>,
    /// Endpoint modules, one per spec file with endpoints, in file order.
    pub groups: Vec<IrGroup>,
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEnum {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Closed (request) or open (response).
    pub kind: EnumKind,
    /// How wire strings are matched.
    pub matching: Matching,
    /// Values in order.
    pub values: Vec<IrEnumValue>,
}

/// A value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEnumValue {
    /// Wire value.
    pub wire: String,
    /// Variant name.
    pub variant: String,
    /// Documentation.
    pub doc: String,
    /// Needs user-context auth.
    pub user_only: bool,
}

/// A schema (a Rust struct).
#[derive(Debug, Clone, PartialEq)]
pub struct IrSchema {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The identifying field (Rust name) and whether it is required.
    pub key: Option<(String, bool)>,
    /// Keeps undeclared properties in `extra`.
    pub extra: bool,
    /// Fields in order.
    pub fields: Vec<IrField>,
    /// `Default` can be derived.
    pub default: bool,
    /// Needs an `is_empty` method (used as a `default: true` property somewhere).
    pub needs_is_empty: bool,
    /// Every field is `Eq` (no floating point inside).
    pub eq: bool,
}

/// A field of a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct IrField {
    /// Wire (JSON) name.
    pub wire: String,
    /// Rust field name (may be a raw identifier such as `r#type`).
    pub rust: String,
    /// Documentation.
    pub doc: String,
    /// The type.
    pub ty: IrType,
    /// How the field is held.
    pub shape: FieldShape,
    /// For arrays of keyed schemas: the lookup method name.
    pub lookup: Option<String>,
}

/// How a field is held in its struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// Always present: `T`.
    Required,
    /// May be absent: `Option<T>`.
    Optional,
    /// Arrays: `Vec<T>` (or `Indexed<T>` with a lookup), absent = empty.
    List,
    /// Objects that default to empty: `T` with `Default`, omitted when empty.
    DefaultObject,
}

/// A type in the IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IrType {
    /// `String`
    String,
    /// `i64`, decoded leniently.
    Integer,
    /// `f64`
    Number,
    /// `bool`
    Boolean,
    /// `serde_json::Value`
    Json,
    /// An array of the inner type.
    Array(Box<IrType>),
    /// A schema by name.
    Schema(String),
    /// An enum by name.
    Enum(String),
}

/// An endpoint module.
#[derive(Debug, Clone, PartialEq)]
pub struct IrGroup {
    /// Module name (`likes`).
    pub module: String,
    /// The spec file it comes from.
    pub file: String,
    /// Endpoints in order.
    pub endpoints: Vec<IrEndpoint>,
}

/// An endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEndpoint {
    /// Operation (method) name: `get_liked_tweets`.
    pub op: String,
    /// Builder type name: `GetLikedTweets`.
    pub builder: String,
    /// Static metadata item name: `GET_LIKED_TWEETS`.
    pub meta: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template.
    pub path: String,
    /// Documentation lines (summary first).
    pub doc: Vec<String>,
    /// An app-only Bearer token is accepted.
    pub app_only: bool,
    /// Every parameter (path, query, body) in order: path params in path order first.
    pub params: Vec<IrParam>,
    /// Response schema name.
    pub response: String,
    /// Pagination, when the endpoint pages.
    pub pagination: Option<IrPagination>,
    /// Rate limits: scope, requests, window seconds.
    pub rate_limits: Vec<(AuthContext, u32, u32)>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IrLocation {
    /// Path segment.
    Path,
    /// Query string.
    Query,
    /// JSON body field.
    Body,
}

/// The Rust shape of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// `impl Into<String>`
    Str,
    /// `u32` (when the minimum is not negative)
    Unsigned,
    /// `i64`
    Int,
    /// `bool`
    Bool,
    /// A list of request enum values.
    EnumList(String),
    /// A list of strings.
    StrList,
}

/// Constraint on a parameter value, checked by the runtime before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IrCheck {
    /// Nothing to check.
    None,
    /// Integer range.
    Int {
        /// Minimum.
        min: Option<i64>,
        /// Maximum.
        max: Option<i64>,
    },
    /// String constraints.
    Str {
        /// Anchored regular expression.
        pattern: Option<String>,
        /// Minimum length.
        min_len: Option<usize>,
        /// Maximum length.
        max_len: Option<usize>,
    },
    /// List length.
    List {
        /// Minimum items.
        min_items: Option<usize>,
        /// Maximum items.
        max_items: Option<usize>,
    },
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct IrParam {
    /// Wire name.
    pub wire: String,
    /// Rust name (argument or setter).
    pub rust: String,
    /// Documentation lines.
    pub doc: Vec<String>,
    /// Where it goes.
    pub location: IrLocation,
    /// Must be given: a method argument rather than a setter.
    pub required: bool,
    /// Value shape.
    pub kind: ParamKind,
    /// Constraint.
    pub check: IrCheck,
}

/// Pagination of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct IrPagination {
    /// Token query parameter wire name.
    pub token_param: String,
    /// Rust field path to the next token; the last one is `Option<String>`.
    pub next_token: Vec<String>,
    /// Rust name of the items field.
    pub items_field: String,
    /// Item type name.
    pub item_type: String,
}

/// Names the runtime (or Rust's prelude) already uses at the crate root.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "AppOnly",
    "UserContext",
    "AuthKind",
    "Error",
    "Result",
    "Response",
    "RateLimit",
    "RetryPolicy",
    "RateLimitPolicy",
    "RequestBuilder",
    "NoAuth",
    "Quota",
    "Paginated",
    "Indexed",
    "Pages",
    "Items",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
];

/// Builder methods every request builder has; a parameter may not take their names.
const RESERVED_SETTERS: &[&str] = &["send", "pages", "items", "inner", "clone", "fmt"];

struct Ctx<'a> {
    files: &'a [LoadedFile],
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(
        &mut self,
        file: usize,
        path: &[&str],
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let f = &self.files[file];
        self.errors.push(Diagnostic {
            file: f.display.clone(),
            line: locate(&f.source, path),
            column: None,
            key_path: path.join("."),
            message: message.into(),
            hint,
        });
    }
}

/// Where a named definition lives.
#[derive(Clone, Copy)]
enum Def<'a> {
    Enum(usize, &'a crate::spec::EnumDef),
    Schema(usize, &'a SchemaDef),
}

/// Validates the loaded files and lowers them to the IR. Returns every problem at once.
pub fn lower(files: &[LoadedFile]) -> Result<Ir, Diagnostics> {
    let mut cx = Ctx {
        files,
        errors: Vec::new(),
    };

    // --- Collect definitions, catching duplicates across files. -------------------------
    let mut auth: IndexMap<&str, (usize, AuthContext)> = IndexMap::new();
    let mut defs: IndexMap<&str, Def> = IndexMap::new();
    let mut def_file: HashMap<&str, usize> = HashMap::new();
    let mut ops: IndexMap<&str, (usize, &EndpointDef)> = IndexMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (name, a) in &f.spec.auth {
            if let Some((other, _)) = auth.get(name.as_str()) {
                let other = files[*other].display.clone();
                cx.err(
                    fi,
                    &["auth", name],
                    format!("auth scheme `{name}` is already defined in {other}"),
                    Some("define each auth scheme once".into()),
                );
            } else {
                auth.insert(name, (fi, a.context));
            }
        }
        let section_defs = f
            .spec
            .enums
            .iter()
            .map(|(n, e)| (n, "enums", Def::Enum(fi, e)))
            .chain(
                f.spec
                    .schemas
                    .iter()
                    .map(|(n, s)| (n, "schemas", Def::Schema(fi, s))),
            );
        for (name, section, def) in section_defs {
            if let Some(other) = def_file.get(name.as_str()) {
                let other = files[*other].display.clone();
                cx.err(
                    fi,
                    &[section, name],
                    format!("type `{name}` is already defined in {other}"),
                    Some("enum and schema names share one namespace; rename one".into()),
                );
                continue;
            }
            if !names::is_upper_camel(name) {
                cx.err(
                    fi,
                    &[section, name],
                    format!("type name `{name}` is not UpperCamelCase"),
                    Some(format!("rename it to `{}`", names::upper_camel(name))),
                );
            }
            if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                cx.err(
                    fi,
                    &[section, name],
                    format!("type name `{name}` is reserved by the client runtime"),
                    Some(format!("rename it, e.g. `Api{name}`")),
                );
            }
            def_file.insert(name, fi);
            defs.insert(name, def);
        }
        for (op, e) in &f.spec.endpoints {
            if let Some((other, _)) = ops.get(op.as_str()) {
                let other = files[*other].display.clone();
                cx.err(
                    fi,
                    &["endpoints", op],
                    format!("duplicate operation name `{op}`: already defined in {other}"),
                    Some("operation names become method names on Client and must be unique".into()),
                );
            } else {
                ops.insert(op, (fi, e));
            }
        }
    }

    // --- Enums. ------------------------------------------------------------------------
    let mut enums = Vec::new();
    for (name, def) in &defs {
        let Def::Enum(fi, e) = def else { continue };
        let fi = *fi;
        if e.values.is_empty() {
            cx.err(
                fi,
                &["enums", name, "values"],
                "an enum needs at least one value",
                None,
            );
        }
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
            let variant = match &v.rust_name {
                Some(r) => {
                    if !names::is_upper_camel(r) {
                        cx.err(
                            fi,
                            &path,
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
                    &path,
                    format!("value `{}` gives no usable Rust variant name", v.value),
                    Some("add `rust_name: SomeName`".into()),
                );
                continue;
            }
            if e.kind == EnumKind::Response && variant == "Unknown" {
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
            if e.kind == EnumKind::Response && v.auth.is_some() {
                cx.err(
                    fi,
                    &path,
                    "`auth` only applies to request enums (values the client sends)",
                    Some("remove `auth`, or make the enum `kind: request`".into()),
                );
            }
            values.push(IrEnumValue {
                wire: v.value.clone(),
                variant,
                doc: v.description.clone(),
                user_only: v.auth == Some(AuthContext::User),
            });
        }
        if e.matching == Matching::LastPathSegment {
            let mut segments: HashMap<&str, &str> = HashMap::new();
            for v in &e.values {
                let seg = crate::emit::last_segment(&v.value);
                if let Some(other) = segments.insert(seg, &v.value) {
                    cx.err(fi, &["enums", name, "values"], format!("values `{other}` and `{}` have the same last path segment `{seg}`", v.value), Some("with `matching: last_path_segment` each value needs its own last segment".into()));
                }
            }
        }
        if e.matching == Matching::LastPathSegment && e.kind == EnumKind::Request {
            cx.err(
                fi,
                &["enums", name, "matching"],
                "`matching: last_path_segment` only applies to response enums",
                None,
            );
        }
        enums.push(IrEnum {
            name: name.to_string(),
            doc: e.description.clone(),
            kind: e.kind,
            matching: e.matching,
            values,
        });
    }

    // --- Schemas. ----------------------------------------------------------------------
    let type_names: Vec<&str> = defs.keys().copied().collect();
    let mut schemas = Vec::new();
    let mut broken: BTreeSet<String> = BTreeSet::new();
    for (name, def) in &defs {
        let Def::Schema(fi, s) = def else { continue };
        let fi = *fi;
        let schema_errors = cx.errors.len();
        let mut fields = Vec::new();
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        for (wire, p) in &s.properties {
            let path = ["schemas", name, "properties", wire.as_str()];
            let Some(ty) = resolve_type(&mut cx, fi, &path, p, &defs, &type_names) else {
                continue;
            };
            let enum_name = match &ty {
                IrType::Enum(e) => Some(e),
                IrType::Array(inner) => match inner.as_ref() {
                    IrType::Enum(e) => Some(e),
                    _ => None,
                },
                _ => None,
            };
            if let Some(Def::Enum(_, en)) = enum_name.and_then(|e| defs.get(e.as_str())) {
                if en.matching == Matching::LastPathSegment {
                    let e = enum_name.map(String::as_str).unwrap_or_default();
                    cx.err(fi, &path, format!("`{e}` matches on the last path segment, so decoding into it would lose the rest of the value"), Some(format!("keep the property a `string` and classify it with `{e}::from_wire`")));
                }
            }
            let rust = match field_name(&mut cx, fi, &path, wire, p.rust_name.as_deref()) {
                Some(r) => r,
                None => continue,
            };
            if let Some(other) = rust_names.insert(rust.clone(), wire) {
                cx.err(
                    fi,
                    &path,
                    format!(
                        "properties `{other}` and `{wire}` both become the Rust field `{rust}`"
                    ),
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
            let shape = if matches!(ty, IrType::Array(_)) {
                if p.required {
                    cx.err(
                        fi,
                        &path,
                        "an array cannot be `required`: an absent array decodes as empty",
                        Some("remove `required`".into()),
                    );
                }
                if p.default {
                    cx.err(fi, &path, "`default` applies to object-typed properties; arrays already default to empty", Some("remove `default`".into()));
                }
                FieldShape::List
            } else if p.default {
                if !matches!(ty, IrType::Schema(_)) {
                    cx.err(
                        fi,
                        &path,
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
                        &path,
                        "`default` and `required` exclude each other",
                        Some("keep one".into()),
                    );
                }
                FieldShape::DefaultObject
            } else if p.required {
                FieldShape::Required
            } else {
                FieldShape::Optional
            };
            if p.pattern.is_some() {
                cx.err(
                    fi,
                    &path,
                    "`pattern` applies to request body fields and parameters, not response schemas",
                    Some("remove `pattern`".into()),
                );
            }
            let lookup = match (&p.lookup, &ty) {
                (None, _) => None,
                (Some(l), IrType::Array(inner)) => match inner.as_ref() {
                    IrType::Schema(item) if matches!(defs.get(item.as_str()), Some(Def::Schema(_, d)) if d.key.is_some()) =>
                    {
                        if !names::is_snake(l) || names::is_keyword(l) {
                            cx.err(
                                fi,
                                &path,
                                format!("lookup name `{l}` is not a usable snake_case method name"),
                                None,
                            );
                        }
                        Some(l.clone())
                    }
                    IrType::Schema(item) => {
                        cx.err(
                            fi,
                            &path,
                            format!("`lookup` needs the item schema `{item}` to declare a `key`"),
                            Some(format!("add `key: id` to schemas.{item}")),
                        );
                        None
                    }
                    _ => {
                        cx.err(
                            fi,
                            &path,
                            "`lookup` needs an array of a schema with a `key`",
                            None,
                        );
                        None
                    }
                },
                (Some(_), _) => {
                    cx.err(
                        fi,
                        &path,
                        "`lookup` applies to array properties only",
                        Some("remove `lookup`".into()),
                    );
                    None
                }
            };
            fields.push(IrField {
                wire: wire.clone(),
                rust,
                doc: p.description.clone(),
                ty,
                shape,
                lookup,
            });
        }
        let key = match &s.key {
            None => None,
            Some(k) => match fields.iter().find(|f| &f.wire == k) {
                Some(f)
                    if f.ty == IrType::String
                        && matches!(f.shape, FieldShape::Required | FieldShape::Optional) =>
                {
                    Some((f.rust.clone(), f.shape == FieldShape::Required))
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
            },
        };
        let mut lookups: HashMap<&str, ()> = HashMap::new();
        for f in &fields {
            if let Some(l) = &f.lookup {
                // A method may share a field's name (`includes.media` and `includes.media(key)`).
                if lookups.insert(l, ()).is_some() || l == "is_empty" {
                    cx.err(
                        fi,
                        &["schemas", name, "properties", &f.wire, "lookup"],
                        format!("lookup name `{l}` collides with another method of `{name}`"),
                        Some("choose another lookup name".into()),
                    );
                }
            }
        }
        if cx.errors.len() != schema_errors {
            broken.insert(name.to_string());
        }
        schemas.push(IrSchema {
            name: name.to_string(),
            doc: s.description.clone(),
            key,
            extra: s.additional_properties,
            fields,
            default: true,
            needs_is_empty: false,
            eq: true,
        });
    }
    finish_schemas(&mut cx, &mut schemas, &defs);

    // --- Endpoints. --------------------------------------------------------------------
    let mut groups: Vec<IrGroup> = Vec::new();
    let mut op_types: HashMap<String, String> = HashMap::new();
    for (op, (fi, e)) in &ops {
        let fi = *fi;
        if let Some(ep) = lower_endpoint(
            &mut cx,
            fi,
            op,
            e,
            &auth,
            &defs,
            &type_names,
            &schemas,
            &broken,
        ) {
            if let Some(other) = op_types.insert(ep.builder.clone(), op.to_string()) {
                cx.err(
                    fi,
                    &["endpoints", op],
                    format!(
                        "operations `{other}` and `{op}` both become the builder type `{}`",
                        ep.builder
                    ),
                    Some("rename one operation".into()),
                );
            }
            if def_file.contains_key(ep.builder.as_str()) {
                cx.err(fi, &["endpoints", op], format!("the builder type `{}` of `{op}` collides with a type of the same name in enums/schemas", ep.builder), Some("rename the operation or the type".into()));
            }
            let module = names::module_name(&files[fi].relative);
            match groups.iter_mut().find(|g| g.module == module) {
                Some(g) => g.endpoints.push(ep),
                None => groups.push(IrGroup {
                    module,
                    file: files[fi].display.clone(),
                    endpoints: vec![ep],
                }),
            }
        }
    }
    for g in &groups {
        if ["enums", "models", "mod"].contains(&g.module.as_str())
            || names::is_keyword(&g.module)
            || !names::is_snake(&g.module)
        {
            let fi = files.iter().position(|f| f.display == g.file).unwrap_or(0);
            cx.err(fi, &[], format!("endpoint file name gives the module name `{}`, which is reserved or not snake_case", g.module), Some("rename the file, e.g. `endpoints/likes.yaml`".into()));
        }
    }

    if cx.errors.is_empty() {
        Ok(Ir {
            enums,
            schemas,
            groups,
        })
    } else {
        Err(Diagnostics(cx.errors))
    }
}

fn field_name(
    cx: &mut Ctx,
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

fn resolve_type(
    cx: &mut Ctx,
    fi: usize,
    path: &[&str],
    p: &PropertyDef,
    defs: &IndexMap<&str, Def>,
    type_names: &[&str],
) -> Option<IrType> {
    let ty = resolve_name(cx, fi, path, &p.ty, defs, type_names, true)?;
    match (&ty, &p.items) {
        (IrType::Array(_), Some(items)) => {
            let mut item_path = path.to_vec();
            item_path.push("items");
            let inner = resolve_name(cx, fi, &item_path, items, defs, type_names, false)?;
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
    cx: &mut Ctx,
    fi: usize,
    path: &[&str],
    name: &str,
    defs: &IndexMap<&str, Def>,
    type_names: &[&str],
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
        other => match defs.get(other) {
            Some(Def::Enum(..)) => IrType::Enum(other.to_string()),
            Some(Def::Schema(..)) => IrType::Schema(other.to_string()),
            None => {
                let candidates = PRIMITIVES.iter().copied().chain(type_names.iter().copied());
                let hint = did_you_mean_hint(other, candidates).or_else(|| Some("use string, integer, number, boolean, json, array, or a name from enums/schemas".into()));
                cx.err(fi, path, format!("unknown type `{other}`"), hint);
                return None;
            }
        },
    })
}

/// Decides `Default`, `Eq` and `is_empty` for every schema, and rejects direct recursion.
fn finish_schemas(cx: &mut Ctx, schemas: &mut [IrSchema], defs: &IndexMap<&str, Def>) {
    let index: HashMap<String, usize> = schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    // Eq: false when a float is reachable (through any field, arrays included).
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..schemas.len() {
            let eq = schemas[i]
                .fields
                .iter()
                .all(|f| type_is_eq(&f.ty, schemas, &index))
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
    // is_empty: needed by every schema used as a default object, and by the default objects inside it.
    let mut stack: Vec<String> = schemas
        .iter()
        .flat_map(|s| s.fields.iter())
        .filter(|f| f.shape == FieldShape::DefaultObject)
        .filter_map(|f| match &f.ty {
            IrType::Schema(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(&name) else { continue };
        if schemas[i].needs_is_empty {
            continue;
        }
        schemas[i].needs_is_empty = true;
        let fi = match defs.get(name.as_str()) {
            Some(Def::Schema(fi, _)) => *fi,
            _ => 0,
        };
        if let Some(f) = schemas[i]
            .fields
            .iter()
            .find(|f| f.shape == FieldShape::Required)
        {
            cx.err(fi, &["schemas", &name, "properties", &f.wire], format!("`{name}` is used as a `default: true` property, so none of its properties may be `required`"), Some("remove `required`, or remove `default` where the schema is used".into()));
        }
        for f in &schemas[i].fields {
            if f.shape == FieldShape::DefaultObject {
                if let IrType::Schema(s) = &f.ty {
                    stack.push(s.clone());
                }
            }
        }
    }
    // Direct recursion (not through an array) would make an infinitely sized type.
    for s in schemas.iter() {
        let mut seen = BTreeSet::new();
        if reaches_directly(&s.name, &s.name, schemas, &index, &mut seen) {
            let fi = match defs.get(s.name.as_str()) {
                Some(Def::Schema(fi, _)) => *fi,
                _ => 0,
            };
            cx.err(
                fi,
                &["schemas", &s.name],
                format!("`{}` contains itself without an array in between", s.name),
                Some("hold the recursive property in an `array`".into()),
            );
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

#[allow(clippy::too_many_arguments)]
fn lower_endpoint(
    cx: &mut Ctx,
    fi: usize,
    op: &str,
    e: &EndpointDef,
    auth: &IndexMap<&str, (usize, AuthContext)>,
    defs: &IndexMap<&str, Def>,
    type_names: &[&str],
    schemas: &[IrSchema],
    broken: &BTreeSet<String>,
) -> Option<IrEndpoint> {
    let base = ["endpoints", op];
    let errors_before = cx.errors.len();
    if !names::is_snake(op) || names::is_keyword(op) {
        cx.err(
            fi,
            &base,
            format!(
                "operation name `{op}` must be a snake_case identifier that is not a Rust keyword"
            ),
            Some(format!("rename it to `{}`", names::snake(op))),
        );
    }
    // Auth.
    if e.auth.is_empty() {
        cx.err(
            fi,
            &[&base[..], &["auth"]].concat(),
            "an endpoint needs at least one auth scheme",
            Some(format!(
                "list schemes from `auth:` ({})",
                auth.keys().copied().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    let mut app_only = false;
    let mut user = false;
    for a in &e.auth {
        match auth.get(a.as_str()) {
            Some((_, AuthContext::App)) => app_only = true,
            Some((_, AuthContext::User)) => user = true,
            None => {
                let hint = did_you_mean_hint(a, auth.keys().copied());
                cx.err(
                    fi,
                    &[&base[..], &["auth"]].concat(),
                    format!("unknown auth scheme `{a}`"),
                    hint,
                );
            }
        }
    }
    let mut rate_limits = Vec::new();
    for (i, r) in e.rate_limits.iter().enumerate() {
        let idx = i.to_string();
        let allowed = match r.scope {
            AuthContext::App => app_only,
            AuthContext::User => user,
        };
        if !allowed && errors_before == cx.errors.len() {
            cx.err(
                fi,
                &[&base[..], &["rate_limits", &idx]].concat(),
                format!(
                    "a `{:?}` rate limit on an endpoint that accepts no such auth",
                    r.scope
                )
                .to_lowercase(),
                Some("fix `scope` or the endpoint's `auth`".into()),
            );
        }
        if r.requests == 0 || r.window_seconds == 0 {
            cx.err(
                fi,
                &[&base[..], &["rate_limits", &idx]].concat(),
                "`requests` and `window_seconds` must be positive",
                None,
            );
        }
        rate_limits.push((r.scope, r.requests, r.window_seconds));
    }
    // Path and its placeholders.
    if !e.path.starts_with('/') {
        cx.err(
            fi,
            &[&base[..], &["path"]].concat(),
            format!("path `{}` must start with `/`", e.path),
            None,
        );
    }
    let placeholders = match names::placeholders(&e.path) {
        Ok(p) => p,
        Err(msg) => {
            cx.err(
                fi,
                &[&base[..], &["path"]].concat(),
                msg,
                Some("write placeholders as `{name}`".into()),
            );
            Vec::new()
        }
    };
    let mut params = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for ph in &placeholders {
        match e.params.get(ph.as_str()) {
            Some(p) if p.location == ParamLocation::Path => {}
            Some(_) => cx.err(
                fi,
                &[&base[..], &["params", ph]].concat(),
                format!("`{ph}` is a placeholder of the path but the parameter is not `in: path`"),
                Some("set `in: path`".into()),
            ),
            None => cx.err(
                fi,
                &[&base[..], &["path"]].concat(),
                format!("path placeholder `{{{ph}}}` has no parameter"),
                Some(format!("add `params.{ph}` with `in: path`")),
            ),
        }
    }
    // Path params first, in path order; then the rest in spec order.
    let mut ordered: Vec<(&String, &ParamDef)> = placeholders
        .iter()
        .filter_map(|ph| e.params.get_key_value(ph.as_str()))
        .filter(|(_, p)| p.location == ParamLocation::Path)
        .collect();
    ordered.extend(
        e.params
            .iter()
            .filter(|(_, p)| p.location != ParamLocation::Path),
    );
    for (name, _) in e
        .params
        .iter()
        .filter(|(_, p)| p.location == ParamLocation::Path)
    {
        if !placeholders.iter().any(|ph| ph == name) {
            cx.err(
                fi,
                &[&base[..], &["params", name]].concat(),
                format!(
                    "path parameter `{name}` does not appear in the path `{}`",
                    e.path
                ),
                Some(format!("add `{{{name}}}` to the path, or set `in: query`")),
            );
        }
    }
    for (name, p) in ordered {
        let path = [&base[..], &["params", name]].concat();
        if let Some(ir) = lower_param(cx, fi, &path, name, p, defs, type_names) {
            if let Some(other) = rust_names.insert(ir.rust.clone(), name.clone()) {
                cx.err(
                    fi,
                    &path,
                    format!(
                        "parameters `{other}` and `{name}` both become the Rust name `{}`",
                        ir.rust
                    ),
                    Some("give one of them a `rust_name`".into()),
                );
            }
            params.push(ir);
        }
    }
    for (name, b) in &e.body {
        let path = [&base[..], &["body", name]].concat();
        if let Some(ir) = lower_body_field(cx, fi, &path, name, b) {
            if let Some(other) = rust_names.insert(ir.rust.clone(), name.clone()) {
                cx.err(
                    fi,
                    &path,
                    format!(
                        "`{other}` and body field `{name}` both become the Rust name `{}`",
                        ir.rust
                    ),
                    Some("give one of them a `rust_name`".into()),
                );
            }
            params.push(ir);
        }
    }
    if !e.body.is_empty() && matches!(e.method, HttpMethod::Get | HttpMethod::Delete) {
        cx.err(
            fi,
            &[&base[..], &["body"]].concat(),
            format!("a {} request has no body", e.method.as_str()),
            Some("move the fields to `params`, or use POST/PUT".into()),
        );
    }
    // Response.
    let response_schema = match defs.get(e.response.as_str()) {
        Some(Def::Schema(..)) => schemas.iter().find(|s| s.name == e.response),
        Some(Def::Enum(..)) => {
            cx.err(
                fi,
                &[&base[..], &["response"]].concat(),
                format!("response `{}` is an enum; it must be a schema", e.response),
                None,
            );
            None
        }
        None => {
            let hint = did_you_mean_hint(
                &e.response,
                defs.iter()
                    .filter(|(_, d)| matches!(d, Def::Schema(..)))
                    .map(|(n, _)| *n),
            );
            cx.err(
                fi,
                &[&base[..], &["response"]].concat(),
                format!("unknown response schema `{}`", e.response),
                hint,
            );
            None
        }
    };
    // Pagination.
    let pagination = match (&e.pagination, response_schema) {
        // A schema that already has errors would only repeat them here.
        (Some(pg), Some(schema)) if !broken.contains(&schema.name) => {
            lower_pagination(cx, fi, &base, pg, &params, schema, schemas)
        }
        _ => None,
    };
    if errors_before != cx.errors.len() {
        return None;
    }
    let mut doc = vec![e.summary.trim().to_string()];
    if let Some(d) = &e.description {
        doc.push(String::new());
        doc.extend(d.trim().lines().map(str::to_string));
    }
    doc.push(String::new());
    doc.push(format!("`{} {}`", e.method.as_str(), e.path));
    doc.push(String::new());
    let auth_desc: Vec<String> = e.auth.iter().map(|a| format!("`{a}`")).collect();
    doc.push(format!(
        "Auth: {}{}.",
        auth_desc.join(", "),
        if app_only {
            ""
        } else {
            " (user context only: available on `Client<UserContext>`)"
        }
    ));
    if !e.scopes.is_empty() {
        doc.push(format!(
            "OAuth 2.0 scopes: {}.",
            e.scopes
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (scope, n, w) in &rate_limits {
        doc.push(format!(
            "Rate limit ({}): {n} requests per {} minutes.",
            if *scope == AuthContext::App {
                "app"
            } else {
                "user"
            },
            w / 60
        ));
    }
    if let Some(url) = &e.docs_url {
        doc.push(String::new());
        doc.push(format!("Reference: <{url}>"));
    }
    Some(IrEndpoint {
        op: op.to_string(),
        builder: names::upper_camel(op),
        meta: names::shouty(op),
        method: e.method,
        path: e.path.clone(),
        doc,
        app_only,
        params,
        response: e.response.clone(),
        pagination,
        rate_limits,
    })
}

fn param_doc(description: &str, extra: Vec<String>) -> Vec<String> {
    let mut doc: Vec<String> = description.trim().lines().map(str::to_string).collect();
    if !extra.is_empty() {
        doc.push(String::new());
        doc.extend(extra);
    }
    doc
}

fn lower_param(
    cx: &mut Ctx,
    fi: usize,
    path: &[&str],
    name: &str,
    p: &ParamDef,
    defs: &IndexMap<&str, Def>,
    type_names: &[&str],
) -> Option<IrParam> {
    let before = cx.errors.len();
    let rust = field_name(cx, fi, path, name, p.rust_name.as_deref())?;
    if RESERVED_SETTERS.contains(&rust.as_str()) {
        cx.err(
            fi,
            path,
            format!("parameter name `{rust}` collides with a builder method"),
            Some("add `rust_name`".into()),
        );
    }
    if p.location == ParamLocation::Path && p.ty != "string" && p.ty != "integer" {
        cx.err(
            fi,
            path,
            format!(
                "a path parameter must be a string or an integer, not `{}`",
                p.ty
            ),
            None,
        );
    }
    let mut extra_doc = Vec::new();
    let int_only = |cx: &mut Ctx, key: &str| {
        cx.err(
            fi,
            &[path, &[key]].concat(),
            format!("`{key}` applies to `type: integer`, not `{}`", p.ty),
            Some(format!("remove `{key}`")),
        )
    };
    let str_only = |cx: &mut Ctx, key: &str| {
        cx.err(
            fi,
            &[path, &[key]].concat(),
            format!("`{key}` applies to `type: string`, not `{}`", p.ty),
            Some(format!("remove `{key}`")),
        )
    };
    let list_only = |cx: &mut Ctx, key: &str| {
        cx.err(
            fi,
            &[path, &[key]].concat(),
            format!("`{key}` applies to `type: array`, not `{}`", p.ty),
            Some(format!("remove `{key}`")),
        )
    };
    if p.ty != "integer" {
        if p.min.is_some() {
            int_only(cx, "min");
        }
        if p.max.is_some() {
            int_only(cx, "max");
        }
    }
    if p.ty != "string" {
        if p.pattern.is_some() {
            str_only(cx, "pattern");
        }
        if p.min_length.is_some() {
            str_only(cx, "min_length");
        }
        if p.max_length.is_some() {
            str_only(cx, "max_length");
        }
    }
    if p.ty != "array" {
        if p.min_items.is_some() {
            list_only(cx, "min_items");
        }
        if p.max_items.is_some() {
            list_only(cx, "max_items");
        }
        if p.items.is_some() {
            list_only(cx, "items");
        }
    }
    let (kind, check) = match p.ty.as_str() {
        "string" => {
            if let (Some(a), Some(b)) = (p.min_length, p.max_length) {
                if a > b {
                    cx.err(
                        fi,
                        path,
                        format!("min_length ({a}) is greater than max_length ({b})"),
                        Some("make min_length <= max_length".into()),
                    );
                }
            }
            if let Some(pat) = &p.pattern {
                check_pattern(cx, fi, path, pat);
                extra_doc.push(format!("Must match `{pat}`."));
            }
            (
                ParamKind::Str,
                IrCheck::Str {
                    pattern: p.pattern.clone(),
                    min_len: p.min_length,
                    max_len: p.max_length,
                },
            )
        }
        "integer" => {
            if let (Some(a), Some(b)) = (p.min, p.max) {
                if a > b {
                    cx.err(
                        fi,
                        path,
                        format!("min ({a}) is greater than max ({b})"),
                        Some("make min <= max".into()),
                    );
                }
            }
            match (p.min, p.max) {
                (Some(a), Some(b)) => extra_doc.push(format!("From {a} to {b}.")),
                (Some(a), None) => extra_doc.push(format!("At least {a}.")),
                (None, Some(b)) => extra_doc.push(format!("At most {b}.")),
                (None, None) => {}
            }
            let kind = if p.min.is_some_and(|m| m >= 0)
                && p.max.is_none_or(|m| m <= i64::from(u32::MAX))
            {
                ParamKind::Unsigned
            } else {
                ParamKind::Int
            };
            (
                kind,
                IrCheck::Int {
                    min: p.min,
                    max: p.max,
                },
            )
        }
        "boolean" => (ParamKind::Bool, IrCheck::None),
        "array" => {
            if let (Some(a), Some(b)) = (p.min_items, p.max_items) {
                if a > b {
                    cx.err(
                        fi,
                        path,
                        format!("min_items ({a}) is greater than max_items ({b})"),
                        Some("make min_items <= max_items".into()),
                    );
                }
            }
            let kind = match p.items.as_deref() {
                None => {
                    cx.err(
                        fi,
                        path,
                        "`type: array` needs `items`",
                        Some("add `items: string` or the name of a request enum".into()),
                    );
                    ParamKind::StrList
                }
                Some("string") => ParamKind::StrList,
                Some(item) => match defs.get(item) {
                    Some(Def::Enum(_, en)) if en.kind == EnumKind::Request => {
                        ParamKind::EnumList(item.to_string())
                    }
                    Some(Def::Enum(..)) => {
                        cx.err(fi, &[path, &["items"]].concat(), format!("`{item}` is a response enum; a parameter list needs a `kind: request` enum"), Some(format!("set `kind: request` on enums.{item}")));
                        ParamKind::StrList
                    }
                    _ => {
                        let enums = type_names
                            .iter()
                            .copied()
                            .filter(|n| matches!(defs.get(n), Some(Def::Enum(..))));
                        let hint = did_you_mean_hint(item, std::iter::once("string").chain(enums));
                        cx.err(
                            fi,
                            &[path, &["items"]].concat(),
                            format!("unknown list item type `{item}`"),
                            hint.or_else(|| {
                                Some("use `string` or the name of a request enum".into())
                            }),
                        );
                        ParamKind::StrList
                    }
                },
            };
            (
                kind,
                IrCheck::List {
                    min_items: p.min_items,
                    max_items: p.max_items,
                },
            )
        }
        other => {
            let hint = did_you_mean_hint(other, ["string", "integer", "boolean", "array"]);
            cx.err(
                fi,
                &[path, &["type"]].concat(),
                format!("unknown parameter type `{other}`"),
                hint.or_else(|| Some("use string, integer, boolean or array".into())),
            );
            return None;
        }
    };
    if let Some(d) = &p.default {
        let shown = serde_yaml::to_string(d).unwrap_or_default();
        extra_doc.push(format!("The API's default: {}.", shown.trim()));
    }
    if let Some(ex) = &p.example {
        extra_doc.push(format!("Example: `{ex}`."));
    }
    if before != cx.errors.len() {
        return None;
    }
    let location = match p.location {
        ParamLocation::Path => IrLocation::Path,
        ParamLocation::Query => IrLocation::Query,
    };
    Some(IrParam {
        wire: name.to_string(),
        rust,
        doc: param_doc(&p.description, extra_doc),
        location,
        required: p.required || location == IrLocation::Path,
        kind,
        check,
    })
}

fn lower_body_field(
    cx: &mut Ctx,
    fi: usize,
    path: &[&str],
    name: &str,
    b: &PropertyDef,
) -> Option<IrParam> {
    let rust = field_name(cx, fi, path, name, b.rust_name.as_deref())?;
    if RESERVED_SETTERS.contains(&rust.as_str()) {
        cx.err(
            fi,
            path,
            format!("body field name `{rust}` collides with a builder method"),
            Some("add `rust_name`".into()),
        );
        return None;
    }
    if b.default || b.lookup.is_some() || b.items.is_some() {
        cx.err(
            fi,
            path,
            "body fields take `type`, `description`, `required`, `pattern` and `rust_name` only",
            None,
        );
        return None;
    }
    let mut extra = Vec::new();
    let (kind, check) = match b.ty.as_str() {
        "string" => {
            if let Some(p) = &b.pattern {
                check_pattern(cx, fi, path, p);
                extra.push(format!("Must match `{p}`."));
            }
            (
                ParamKind::Str,
                IrCheck::Str {
                    pattern: b.pattern.clone(),
                    min_len: None,
                    max_len: None,
                },
            )
        }
        "integer" => (ParamKind::Int, IrCheck::None),
        "boolean" => (ParamKind::Bool, IrCheck::None),
        other => {
            cx.err(
                fi,
                &[path, &["type"]].concat(),
                format!(
                    "body field type `{other}` is not supported; use string, integer or boolean"
                ),
                None,
            );
            return None;
        }
    };
    if b.pattern.is_some() && b.ty != "string" {
        cx.err(
            fi,
            path,
            "`pattern` applies to string fields",
            Some("remove `pattern`".into()),
        );
        return None;
    }
    Some(IrParam {
        wire: name.to_string(),
        rust,
        doc: param_doc(&b.description, extra),
        location: IrLocation::Body,
        required: b.required,
        kind,
        check,
    })
}

fn check_pattern(cx: &mut Ctx, fi: usize, path: &[&str], pattern: &str) {
    if let Err(e) = regex_lite::Regex::new(pattern) {
        let first = e.to_string().lines().last().unwrap_or_default().to_string();
        cx.err(
            fi,
            &[path, &["pattern"]].concat(),
            format!("pattern `{pattern}` is not a valid regular expression: {first}"),
            Some("fix the expression (regex-lite syntax)".into()),
        );
    } else if !(pattern.starts_with('^') && pattern.ends_with('$')) {
        cx.err(
            fi,
            &[path, &["pattern"]].concat(),
            format!("pattern `{pattern}` is not anchored"),
            Some(format!(
                "write `^{}$` so the whole value must match",
                pattern.trim_start_matches('^').trim_end_matches('$')
            )),
        );
    }
}

fn lower_pagination(
    cx: &mut Ctx,
    fi: usize,
    base: &[&str],
    pg: &crate::spec::PaginationDef,
    params: &[IrParam],
    response: &IrSchema,
    schemas: &[IrSchema],
) -> Option<IrPagination> {
    let ppath = [base, &["pagination"]].concat();
    match params.iter().find(|p| p.wire == pg.token_param) {
        Some(p) if p.location == IrLocation::Query && p.kind == ParamKind::Str && !p.required => {}
        Some(_) => {
            cx.err(
                fi,
                &[&ppath[..], &["token_param"]].concat(),
                format!(
                    "token parameter `{}` must be an optional `in: query` string",
                    pg.token_param
                ),
                None,
            );
        }
        None => {
            let hint = did_you_mean_hint(&pg.token_param, params.iter().map(|p| p.wire.as_str()));
            cx.err(
                fi,
                &[&ppath[..], &["token_param"]].concat(),
                format!(
                    "token parameter `{}` is not a parameter of this endpoint",
                    pg.token_param
                ),
                hint.or_else(|| Some("add it to `params`".into())),
            );
        }
    }
    // next_token: a dotted path through default objects ending in an optional string.
    let mut schema = response;
    let mut rust_path = Vec::new();
    let segments: Vec<&str> = pg.next_token.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let Some(f) = schema.fields.iter().find(|f| f.wire == *seg) else {
            let hint = did_you_mean_hint(seg, schema.fields.iter().map(|f| f.wire.as_str()));
            cx.err(
                fi,
                &[&ppath[..], &["next_token"]].concat(),
                format!("`{seg}` is not a property of `{}`", schema.name),
                hint,
            );
            return None;
        };
        rust_path.push(f.rust.clone());
        if last {
            if !(f.ty == IrType::String && f.shape == FieldShape::Optional) {
                cx.err(
                    fi,
                    &[&ppath[..], &["next_token"]].concat(),
                    format!(
                        "`{}` must end at an optional string property",
                        pg.next_token
                    ),
                    None,
                );
                return None;
            }
        } else {
            match (&f.ty, f.shape) {
                (IrType::Schema(s), FieldShape::DefaultObject | FieldShape::Required) => {
                    schema = schemas.iter().find(|x| &x.name == s)?;
                }
                _ => {
                    cx.err(fi, &[&ppath[..], &["next_token"]].concat(), format!("`{seg}` must be a `default: true` or required object to be walked through"), None);
                    return None;
                }
            }
        }
    }
    let Some(items) = response.fields.iter().find(|f| f.wire == pg.items) else {
        let hint = did_you_mean_hint(&pg.items, response.fields.iter().map(|f| f.wire.as_str()));
        cx.err(
            fi,
            &[&ppath[..], &["items"]].concat(),
            format!("`{}` is not a property of `{}`", pg.items, response.name),
            hint,
        );
        return None;
    };
    let item_type = match (&items.ty, items.lookup.is_none()) {
        (IrType::Array(inner), true) => match inner.as_ref() {
            IrType::Schema(s) | IrType::Enum(s) => s.clone(),
            _ => {
                cx.err(
                    fi,
                    &[&ppath[..], &["items"]].concat(),
                    "paginated items must be an array of a schema",
                    None,
                );
                return None;
            }
        },
        _ => {
            cx.err(
                fi,
                &[&ppath[..], &["items"]].concat(),
                format!("`{}` must be a plain array property (no lookup)", pg.items),
                None,
            );
            return None;
        }
    };
    Some(IrPagination {
        token_param: pg.token_param.clone(),
        next_token: rust_path,
        items_field: items.rust.clone(),
        item_type,
    })
}
