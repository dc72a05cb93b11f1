//! Pass 5, the seam between the spec and the hand-written runtime of `twitter-client`: the
//! names the runtime keeps for itself (no spec type or parameter may take them), and the
//! definitions it needs the spec to provide ([`Contract::TWITTER_CLIENT`]). A spec that
//! breaks the contract fails here, naming the file and key, rather than as a compile error
//! in the runtime.

use super::{Ctx, TypeDef};
use crate::ir::{EnumKind, FieldShape, Ir, IrSchema, IrType, Matching, ParamKind};

/// Names the runtime (or Rust's prelude) already uses at the crate root.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
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
pub const RESERVED_SETTERS: &[&str] = &["send", "pages", "items", "inner", "clone", "fmt"];

/// What a runtime needs the spec to define.
#[derive(Debug, Clone, Copy)]
pub struct Contract {
    /// Schemas, with the fields the runtime reads or writes.
    pub schemas: &'static [NeededSchema],
    /// Enums, with the variants the runtime names.
    pub enums: &'static [NeededEnum],
    /// Endpoints the runtime calls.
    pub endpoints: &'static [NeededEndpoint],
}

/// A schema the runtime uses.
#[derive(Debug, Clone, Copy)]
pub struct NeededSchema {
    /// Type name.
    pub name: &'static str,
    /// Where and why the runtime uses it, for the message.
    pub used_by: &'static str,
    /// The runtime builds it with `Default::default()`.
    pub default: bool,
    /// Fields the runtime reads or writes.
    pub fields: &'static [NeededField],
}

/// A field the runtime reads or writes.
#[derive(Debug, Clone, Copy)]
pub struct NeededField {
    /// JSON name.
    pub wire: &'static str,
    /// Rust name the runtime spells.
    pub rust: &'static str,
    /// `Option<String>` or `Option<i64>`.
    pub ty: NeededType,
}

/// The type of an optional field the runtime uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeededType {
    /// `Option<String>`.
    OptionalString,
    /// `Option<i64>`.
    OptionalInteger,
}

/// An enum the runtime uses.
#[derive(Debug, Clone, Copy)]
pub struct NeededEnum {
    /// Type name.
    pub name: &'static str,
    /// Where and why the runtime uses it.
    pub used_by: &'static str,
    /// Its kind.
    pub kind: EnumKind,
    /// Its matching rule.
    pub matching: Matching,
    /// Variants the runtime names, each with the value (or last segment) it stands for.
    pub variants: &'static [NeededVariant],
}

/// A variant the runtime names.
#[derive(Debug, Clone, Copy)]
pub struct NeededVariant {
    /// What `from_wire` matches (the value, or its last path segment).
    pub match_key: &'static str,
    /// Variant name.
    pub variant: &'static str,
}

/// An endpoint the runtime calls.
#[derive(Debug, Clone, Copy)]
pub struct NeededEndpoint {
    /// Operation name.
    pub op: &'static str,
    /// Where and why the runtime calls it.
    pub used_by: &'static str,
    /// Required arguments the runtime passes, all strings, in order.
    pub args: usize,
    /// The response schema, when the runtime names it.
    pub response: Option<&'static str>,
    /// A path of required fields in the response the runtime reads, ending at a string.
    pub reads: &'static [&'static str],
}

const PROBLEM_TEXT: NeededType = NeededType::OptionalString;

impl Contract {
    /// Nothing: for spec fragments that are not compiled against a runtime.
    pub const NONE: Contract = Contract {
        schemas: &[],
        enums: &[],
        endpoints: &[],
    };

    /// What the runtime of `twitter-client` (`generated-client/src/*.rs`) uses.
    pub const TWITTER_CLIENT: Contract = Contract {
        schemas: &[NeededSchema {
            name: "Problem",
            used_by: "error.rs decodes every API problem into it",
            default: true,
            fields: &[
                NeededField {
                    wire: "type",
                    rust: "r#type",
                    ty: PROBLEM_TEXT,
                },
                NeededField {
                    wire: "title",
                    rust: "title",
                    ty: PROBLEM_TEXT,
                },
                NeededField {
                    wire: "detail",
                    rust: "detail",
                    ty: PROBLEM_TEXT,
                },
                NeededField {
                    wire: "message",
                    rust: "message",
                    ty: PROBLEM_TEXT,
                },
                NeededField {
                    wire: "status",
                    rust: "status",
                    ty: NeededType::OptionalInteger,
                },
            ],
        }],
        enums: &[NeededEnum {
            name: "ProblemKind",
            used_by: "error.rs classifies problem types with it",
            kind: EnumKind::Response,
            matching: Matching::LastPathSegment,
            variants: &[
                NeededVariant {
                    match_key: "usage-capped",
                    variant: "UsageCapped",
                },
                NeededVariant {
                    match_key: "about:blank",
                    variant: "AboutBlank",
                },
            ],
        }],
        endpoints: &[
            NeededEndpoint {
                op: "get_me",
                used_by: "me.rs asks it for the authenticated user's id",
                args: 0,
                response: None,
                reads: &["data", "id"],
            },
            NeededEndpoint {
                op: "like_tweet",
                used_by: "me.rs calls it in `Client::like` with the user id and the Tweet id",
                args: 2,
                response: Some("LikeResponse"),
                reads: &[],
            },
            NeededEndpoint {
                op: "unlike_tweet",
                used_by: "me.rs calls it in `Client::unlike` with the user id and the Tweet id",
                args: 2,
                response: Some("LikeResponse"),
                reads: &[],
            },
        ],
    };
}

/// Where a problem with the contract is reported: a definition's key, or the section it
/// should be added to.
struct Spot {
    file: usize,
    path: Vec<String>,
}

/// Checks that the spec defines what `contract` needs. Definitions that did not lower (their
/// errors are already reported) are not checked again.
pub(super) fn check(cx: &Ctx, contract: &Contract, ir: &Ir) {
    for need in contract.schemas {
        match cx.index.types.get(need.name) {
            Some(TypeDef::Schema { file, .. }) => {
                if let Some(schema) = ir.schemas.iter().find(|s| s.name == need.name) {
                    check_schema(cx, *file, need, schema);
                }
            }
            other => missing(
                cx,
                other.map(|d| d.file()),
                "schemas",
                need.name,
                need.used_by,
                "a schema",
            ),
        }
    }
    for need in contract.enums {
        match cx.index.types.get(need.name) {
            Some(TypeDef::Enum { file, .. }) => {
                if let Some(e) = ir.enums.iter().find(|e| e.name == need.name) {
                    let at = spot(*file, &["enums", need.name]);
                    if e.kind != need.kind || e.matching != need.matching {
                        report(cx, &at, format!("the runtime needs `{}` to be a `kind: response` enum with `matching: last_path_segment` ({})", need.name, need.used_by), "set `kind` and `matching`");
                    }
                    for v in need.variants {
                        if !e
                            .values
                            .iter()
                            .any(|x| x.variant == v.variant && x.match_key == v.match_key)
                        {
                            report(
                                cx,
                                &spot(*file, &["enums", need.name, "values"]),
                                format!(
                                    "the runtime needs the variant `{}::{}` for `{}` ({})",
                                    need.name, v.variant, v.match_key, need.used_by
                                ),
                                &format!(
                                    "add the value `{}` (variant `{}`)",
                                    v.match_key, v.variant
                                ),
                            );
                        }
                    }
                }
            }
            other => missing(
                cx,
                other.map(|d| d.file()),
                "enums",
                need.name,
                need.used_by,
                "an enum",
            ),
        }
    }
    for need in contract.endpoints {
        match cx.index.ops.get(need.op) {
            Some(entry) => {
                let ep = ir
                    .groups
                    .iter()
                    .flat_map(|g| &g.endpoints)
                    .find(|e| e.op == need.op);
                if let Some(ep) = ep {
                    let at = spot(entry.file, &["endpoints", need.op]);
                    let args: Vec<_> = ep.params.iter().filter(|p| p.required).collect();
                    if args.len() != need.args || args.iter().any(|p| p.kind != ParamKind::Str) {
                        report(cx, &at, format!("the runtime calls `{}` with {} string argument{} ({}), but it takes {}", need.op, need.args, if need.args == 1 { "" } else { "s" }, need.used_by, args.len()), "make exactly those parameters required, as strings");
                    }
                    if let Some(response) = need.response.filter(|r| *r != ep.response) {
                        report(cx, &spot(entry.file, &["endpoints", need.op, "response"]), format!("the runtime expects `{}` to answer with `{response}` ({}), not `{}`", need.op, need.used_by, ep.response), &format!("set `response: {response}`"));
                    }
                    if !need.reads.is_empty() && !reads_string(ir, &ep.response, need.reads) {
                        report(cx, &spot(entry.file, &["endpoints", need.op, "response"]), format!("the runtime reads `{}` from the response of `{}` ({}): it must be a path of required properties ending at a string", need.reads.join("."), need.op, need.used_by), "make those properties `required: true`");
                    }
                }
            }
            None => missing(cx, None, "endpoints", need.op, need.used_by, "an endpoint"),
        }
    }
}

fn check_schema(cx: &Ctx, file: usize, need: &NeededSchema, schema: &IrSchema) {
    if need.default && !schema.default {
        report(cx, &spot(file, &["schemas", need.name]), format!("the runtime builds `{}` with `Default::default()` ({}), so none of its properties may be required", need.name, need.used_by), "remove `required` from its properties");
    }
    for f in need.fields {
        let ok = schema.fields.iter().any(|x| {
            let ty = match f.ty {
                NeededType::OptionalString => IrType::String,
                NeededType::OptionalInteger => IrType::Integer,
            };
            x.wire == f.wire && x.rust == f.rust && x.ty == ty && x.shape == FieldShape::Optional
        });
        if !ok {
            let ty = match f.ty {
                NeededType::OptionalString => "string",
                NeededType::OptionalInteger => "integer",
            };
            report(
                cx,
                &spot(file, &["schemas", need.name, "properties"]),
                format!(
                    "the runtime uses `{}.{}` as an optional {ty} ({})",
                    need.name, f.rust, need.used_by
                ),
                &format!(
                    "declare `{}: {{ type: {ty} }}` without `required` or `rust_name`",
                    f.wire
                ),
            );
        }
    }
}

/// Whether `path` walks required schema properties from `schema` to a required string.
fn reads_string(ir: &Ir, schema: &str, path: &[&str]) -> bool {
    let mut current = schema;
    for (i, seg) in path.iter().enumerate() {
        let Some(s) = ir.schemas.iter().find(|s| s.name == current) else {
            return false;
        };
        let Some(f) = s
            .fields
            .iter()
            .find(|f| f.wire == *seg && f.shape == FieldShape::Required)
        else {
            return false;
        };
        match &f.ty {
            IrType::String if i + 1 == path.len() => return true,
            IrType::Schema(next) => current = next,
            _ => return false,
        }
    }
    false
}

/// A definition the contract needs is missing (or is the wrong kind of definition).
fn missing(
    cx: &Ctx,
    defined_in: Option<usize>,
    section: &str,
    name: &str,
    used_by: &str,
    what: &str,
) {
    let at = match defined_in {
        Some(file) => spot(file, &[section, name]),
        // The first file with that section, where the definition would go.
        None => {
            let has_section = |f: &crate::load::LoadedFile| match section {
                "schemas" => !f.spec.schemas.is_empty(),
                "enums" => !f.spec.enums.is_empty(),
                _ => !f.spec.endpoints.is_empty(),
            };
            let file = cx.files.iter().position(has_section).unwrap_or(0);
            spot(file, &[section])
        }
    };
    let message = match defined_in {
        Some(_) => format!("the runtime needs `{name}` to be {what} ({used_by})"),
        None => format!(
            "the runtime needs {what} `{name}` ({used_by}), but the spec does not define it"
        ),
    };
    report(
        cx,
        &at,
        message,
        &format!(
            "define `{section}.{name}`; the runtime contract is in generator/src/lower/runtime.rs"
        ),
    );
}

fn spot(file: usize, path: &[&str]) -> Spot {
    Spot {
        file,
        path: path.iter().map(|s| s.to_string()).collect(),
    }
}

fn report(cx: &Ctx, at: &Spot, message: String, hint: &str) {
    let path: Vec<&str> = at.path.iter().map(String::as_str).collect();
    cx.err(at.file, &path, message, Some(hint.to_string()));
}
