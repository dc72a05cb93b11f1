//! Pass 5, the seam between the spec and the hand-written runtime of `twitter-client`: the
//! names the runtime keeps for itself (no spec type or parameter may take them), and the
//! definitions it needs the spec to provide ([`Contract::TWITTER_CLIENT`]). A spec that
//! breaks the contract fails here, naming the file and key, rather than as a compile error
//! in the runtime.

use super::{Ctx, TypeDef};
use crate::ir::{
    EnumKind, FieldShape, Ir, IrEndpoint, IrEnum, IrSchema, IrType, IrValue, Matching, ParamKind,
};

/// Names the runtime (or Rust's prelude) already uses at the crate root.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "AppOnly",
    "UserContext",
    "OAuth1User",
    "OAuth2User",
    "AuthSet",
    "AuthScheme",
    "DecodeKind",
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
    "IntoId",
    "IdKey",
    "IdType",
    "InvalidId",
    "NumericId",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "CompactString",
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
    /// Other types the runtime names (its `includes` helpers): compiled whatever the features.
    pub types: &'static [NeededName],
    /// The runtime's own cargo features: no `feature:` of the spec may take these names.
    pub features: &'static [&'static str],
}

/// A type the runtime names (`Includes`, `Tweet`), with where it does.
#[derive(Debug, Clone, Copy)]
pub struct NeededName {
    /// Type name.
    pub name: &'static str,
    /// Where and why the runtime uses it, for the message.
    pub used_by: &'static str,
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
    /// A path of required fields in the response the runtime reads, ending at a string (or a typed id, which converts to one).
    pub reads: &'static [&'static str],
    /// The cargo feature the runtime compiles its call under (`#[cfg(feature = ..)]`), when
    /// the spec has features: the endpoint's file must have this one.
    pub feature: &'static str,
}

const PROBLEM_TEXT: NeededType = NeededType::OptionalString;

impl Contract {
    /// Nothing: for spec fragments that are not compiled against a runtime.
    pub const NONE: Contract = Contract {
        schemas: &[],
        enums: &[],
        endpoints: &[],
        types: &[],
        features: &[],
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
                feature: "users",
            },
            NeededEndpoint {
                op: "like_tweet",
                used_by: "me.rs calls it in `Client::like` with the user id and the Tweet id",
                args: 2,
                response: Some("LikeResponse"),
                reads: &[],
                feature: "likes",
            },
            NeededEndpoint {
                op: "unlike_tweet",
                used_by: "me.rs calls it in `Client::unlike` with the user id and the Tweet id",
                args: 2,
                response: Some("LikeResponse"),
                reads: &[],
                feature: "likes",
            },
        ],
        types: &[
            NeededName {
                name: "Includes",
                used_by: "expansions.rs adds `author_of` and the other expansion helpers to it",
            },
            NeededName {
                name: "Tweet",
                used_by: "expansions.rs follows a Tweet's expansions",
            },
            NeededName {
                name: "User",
                used_by: "expansions.rs follows a user's pinned Tweet",
            },
            NeededName {
                name: "Media",
                used_by: "expansions.rs returns the media of a Tweet",
            },
            NeededName {
                name: "Poll",
                used_by: "expansions.rs returns the poll of a Tweet",
            },
            NeededName {
                name: "Place",
                used_by: "expansions.rs returns the place of a Tweet",
            },
            NeededName {
                name: "ReferencedTweetType",
                used_by: "expansions.rs selects referenced Tweets by type",
            },
        ],
        features: &["default", "full", "default-groups", "rustls-tls"],
    };
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
            ),
        }
    }
    for need in contract.enums {
        match cx.index.types.get(need.name) {
            Some(TypeDef::Enum { file, .. }) => {
                if let Some(e) = ir.enums.iter().find(|e| e.name == need.name) {
                    check_enum(cx, *file, need, e);
                }
            }
            other => missing(
                cx,
                other.map(|d| d.file()),
                "enums",
                need.name,
                need.used_by,
            ),
        }
    }
    for need in contract.endpoints {
        match cx.index.ops.get(need.op) {
            Some(entry) => {
                let mut endpoints = ir.groups.iter().flat_map(|g| &g.endpoints);
                if let Some(ep) = endpoints.find(|e| e.op == need.op) {
                    check_endpoint(cx, entry.file, need, ep, ir);
                }
            }
            None => missing(cx, None, "endpoints", need.op, need.used_by),
        }
    }
    for need in contract.types {
        if !cx.index.types.contains_key(need.name) {
            missing(cx, None, "types", need.name, need.used_by);
        }
    }
}

fn check_schema(cx: &Ctx, file: usize, need: &NeededSchema, schema: &IrSchema) {
    if need.default && !schema.default {
        cx.err(
            file,
            &["schemas", need.name],
            format!(
                "the runtime builds `{}` with `Default::default()` ({}), so none of its properties may be required",
                need.name, need.used_by
            ),
            Some("remove `required` from its properties".into()),
        );
    }
    for f in need.fields {
        let (ty, ty_name) = match f.ty {
            NeededType::OptionalString => (IrType::String, "string"),
            NeededType::OptionalInteger => (IrType::Integer, "integer"),
        };
        let found = schema.fields.iter().any(|x| {
            x.wire == f.wire && x.rust == f.rust && x.ty == ty && x.shape == FieldShape::Optional
        });
        if !found {
            cx.err(
                file,
                &["schemas", need.name, "properties"],
                format!(
                    "the runtime uses `{}.{}` as an optional {ty_name} ({})",
                    need.name, f.rust, need.used_by
                ),
                Some(format!(
                    "declare `{}: {{ type: {ty_name} }}` without `required` or `rust_name`",
                    f.wire
                )),
            );
        }
    }
}

fn check_enum(cx: &Ctx, file: usize, need: &NeededEnum, e: &IrEnum) {
    if e.kind != need.kind || e.matching != need.matching {
        cx.err(
            file,
            &["enums", need.name],
            format!(
                "the runtime needs `{}` to be a `kind: response` enum with `matching: last_path_segment` ({})",
                need.name, need.used_by
            ),
            Some("set `kind` and `matching`".into()),
        );
    }
    for v in need.variants {
        let found = e
            .values
            .iter()
            .any(|x| x.variant == v.variant && x.match_key == v.match_key);
        if !found {
            cx.err(
                file,
                &["enums", need.name, "values"],
                format!(
                    "the runtime needs the variant `{}::{}` for `{}` ({})",
                    need.name, v.variant, v.match_key, need.used_by
                ),
                Some(format!(
                    "add the value `{}` (variant `{}`)",
                    v.match_key, v.variant
                )),
            );
        }
    }
}

fn check_endpoint(cx: &Ctx, file: usize, need: &NeededEndpoint, ep: &IrEndpoint, ir: &Ir) {
    // Required parameters, then required body members: the method's arguments.
    let members = ep
        .body
        .as_ref()
        .map(|b| b.object.members.as_slice())
        .unwrap_or_default();
    let args: Vec<bool> = ep
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| matches!(p.kind, ParamKind::Str | ParamKind::Id(_)))
        .chain(
            members
                .iter()
                .filter(|m| m.required)
                .map(|m| matches!(m.value, IrValue::Str(_) | IrValue::Id { .. })),
        )
        .collect();
    if args.len() != need.args || args.iter().any(|is_str| !is_str) {
        cx.err(
            file,
            &["endpoints", need.op],
            format!(
                "the runtime calls `{}` with {} string argument{} ({}), but it takes {}",
                need.op,
                need.args,
                if need.args == 1 { "" } else { "s" },
                need.used_by,
                args.len()
            ),
            Some("make exactly those parameters required, as strings".into()),
        );
    }
    let response_key = ["endpoints", need.op, "response"];
    let ep_response = match &ep.response {
        crate::ir::IrResponse::Schema(s) => s.as_str(),
        crate::ir::IrResponse::Empty => crate::spec::EMPTY_RESPONSE,
        crate::ir::IrResponse::Binary => crate::spec::BINARY_RESPONSE,
    };
    if let Some(response) = need.response.filter(|r| *r != ep_response) {
        cx.err(
            file,
            &response_key,
            format!(
                "the runtime expects `{}` to answer with `{response}` ({}), not `{}`",
                need.op, need.used_by, ep_response
            ),
            Some(format!("set `response: {response}`")),
        );
    }
    if !need.reads.is_empty() && !reads_string(ir, ep_response, need.reads) {
        cx.err(
            file,
            &response_key,
            format!(
                "the runtime reads `{}` from the response of `{}` ({}): it must be a path of required properties ending at a string",
                need.reads.join("."),
                need.op,
                need.used_by
            ),
            Some("make those properties `required: true`".into()),
        );
    }
}

/// Whether `path` walks required schema properties from `schema` to a required string.
fn reads_string(ir: &Ir, schema: &str, path: &[&str]) -> bool {
    let mut current = schema;
    for (i, seg) in path.iter().enumerate() {
        let Some(s) = ir.schemas.iter().find(|s| s.name == current) else {
            return false;
        };
        let field = s
            .fields
            .iter()
            .find(|f| f.wire == *seg && f.shape == FieldShape::Required);
        match field.map(|f| &f.ty) {
            Some(IrType::String | IrType::Id(_)) if i + 1 == path.len() => return true,
            Some(IrType::Schema(next)) => current = next,
            _ => return false,
        }
    }
    false
}

/// A definition the contract needs is missing, or is the wrong kind of definition (then
/// `defined_in` is where it is).
fn missing(cx: &Ctx, defined_in: Option<usize>, section: &str, name: &str, used_by: &str) {
    let (what, section, define) = match section {
        "schemas" => ("a schema", "schemas", format!("`schemas.{name}`")),
        "enums" => ("an enum", "enums", format!("`enums.{name}`")),
        "types" => (
            "a schema or an enum",
            "schemas",
            format!("`schemas.{name}` or `enums.{name}`"),
        ),
        _ => ("an endpoint", "endpoints", format!("`endpoints.{name}`")),
    };
    let hint = Some(format!(
        "define {define}; the runtime contract is in generator/src/lower/runtime.rs"
    ));
    match defined_in {
        Some(file) => cx.err(
            file,
            &[section, name],
            format!("the runtime needs `{name}` to be {what} ({used_by})"),
            hint,
        ),
        None => {
            // The first file with that section, where the definition would go.
            let has_section = |f: &crate::load::LoadedFile| match section {
                "schemas" => !f.spec.schemas.is_empty(),
                "enums" => !f.spec.enums.is_empty(),
                _ => !f.spec.endpoints.is_empty(),
            };
            let file = cx.files.iter().position(has_section).unwrap_or(0);
            cx.err(
                file,
                &[section],
                format!(
                    "the runtime needs {what} `{name}` ({used_by}), but the spec does not define it"
                ),
                hint,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lower_errors_with;
    use super::Contract;

    /// The smallest spec that meets the contract (the obstacle course's, in one file).
    fn spec() -> String {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/obstacle-course/spec/"
        );
        let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).unwrap();
        let contract = read("contract.yaml");
        // minimal.yaml's schemas and endpoint, merged into the same sections.
        let minimal = read("minimal.yaml");
        let (schemas, endpoint) = minimal
            .split_once("endpoints:\n")
            .expect("minimal.yaml has endpoints");
        let schemas = schemas
            .split_once("schemas:\n")
            .expect("minimal.yaml has schemas")
            .1;
        contract
            .replacen("schemas:\n", &format!("schemas:\n{schemas}"), 1)
            .replacen("endpoints:\n", &format!("endpoints:\n{endpoint}"), 1)
    }

    fn errors(from: &str, to: &str) -> Vec<String> {
        let spec = spec();
        assert!(spec.contains(from), "fixture text not found: {from}");
        lower_errors_with(&spec.replacen(from, to, 1), &Contract::TWITTER_CLIENT)
    }

    #[test]
    fn the_smallest_spec_meets_the_contract() {
        assert_eq!(
            lower_errors_with(&spec(), &Contract::TWITTER_CLIENT),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_missing_definition_names_the_section_and_the_runtime_use() {
        let e = errors("  Problem:\n", "  ApiProblem:\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].starts_with("spec/api.yaml:"), "{}", e[0]);
        assert!(e[0].contains(": schemas: the runtime needs a schema `Problem` (error.rs decodes every API problem into it), but the spec does not define it"), "{}", e[0]);
        assert!(e[0].ends_with("hint: define `schemas.Problem`; the runtime contract is in generator/src/lower/runtime.rs"));
        let e = errors("  get_me:\n", "  get_myself:\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].contains("the runtime needs an endpoint `get_me`"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn a_type_the_runtime_names_may_be_a_schema_or_an_enum() {
        let e = errors("  ReferencedTweetType:\n", "  RefType:\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].contains("the runtime needs a schema or an enum `ReferencedTweetType` (expansions.rs selects referenced Tweets by type)"), "{}", e[0]);
        assert!(e[0].ends_with("hint: define `schemas.ReferencedTweetType` or `enums.ReferencedTweetType`; the runtime contract is in generator/src/lower/runtime.rs"), "{}", e[0]);
    }

    #[test]
    fn features_keep_the_runtime_s_names_and_its_calls_under_its_cfgs() {
        // The runtime's own feature names are taken.
        let e = errors(
            "endpoints:\n",
            "feature: { name: full, description: All. }\nendpoints:\n",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].contains("feature.name: the client's Cargo.toml already has a feature `full` of its own (default, full, default-groups, rustls-tls)"), "{}", e[0]);
        // me.rs calls get_me under `users`, like_tweet and unlike_tweet under `likes`.
        let e = errors(
            "endpoints:\n",
            "feature: { name: people, description: All. }\nendpoints:\n",
        );
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[0].contains("feature.name: the runtime calls `get_me` under `#[cfg(feature = \"users\")]` (me.rs asks it for the authenticated user's id), but this file's feature is `people`"), "{}", e[0]);
        assert!(
            e[0].ends_with(
                "hint: name this file's feature `users`, or move `get_me` to the file that has it"
            ),
            "{}",
            e[0]
        );
        assert!(
            e[1].contains("`like_tweet` under `#[cfg(feature = \"likes\")]`"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn a_definition_of_the_wrong_shape_is_located() {
        let e = errors("status: { type: integer,", "status: { type: string,");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].contains("schemas.Problem.properties: the runtime uses `Problem.status` as an optional integer"), "{}", e[0]);
        let e = errors(
            "      - { value: \"about:blank\", description: No type. }\n",
            "",
        );
        assert!(
            e[0].contains(
                "enums.ProblemKind.values: the runtime needs the variant `ProblemKind::AboutBlank`"
            ),
            "{e:#?}"
        );
        let e = errors("    matching: last_path_segment\n", "");
        assert!(
            e[0].contains("to be a `kind: response` enum with `matching: last_path_segment`"),
            "{e:#?}"
        );
        let e = errors(
            "id: { type: string, required: true, description: The id. }",
            "id: { type: string, description: The id. }",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].contains("endpoints.get_me.response: the runtime reads `data.id`"),
            "{}",
            e[0]
        );
        let e = errors(
            "tweet_id: { type: string, required: true,",
            "tweet_id: { type: string,",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].contains("the runtime calls `like_tweet` with 2 string arguments"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn definitions_with_errors_are_not_checked_again() {
        let e = errors("    path: /2/users/me\n", "    path: /2/users/{me}\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].contains("path placeholder `{me}` has no parameter"),
            "{}",
            e[0]
        );
    }
}
