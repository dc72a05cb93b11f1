//! Tests of `cargo xtask spec-diff`: one per comparison kind on small inline documents, the
//! allow-list, and the real spec against the official OpenAPI 2.166 and 2.167 documents (the
//! Likes subsets in `tests/data/`, the whole 2.166 document in `data/`; see their
//! PROVENANCE.md).

#![forbid(unsafe_code)]

use generator::spec::SpecFile;
use serde_json::{json, Value};
use std::ffi::OsStr;
mod common;

use common::scratch_copy;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::spec_diff::{compare, glob, render, render_with, AllowList, NotInSpec};

// ------------------------------------------------------------------------------------------
// Inline spec and document that match each other exactly; each test changes one side.
// ------------------------------------------------------------------------------------------

const SPEC: &str = r#"
auth:
  app_only: {context: app, description: d}
  oauth1_user: {context: oauth1_user, description: d}
  oauth2_user: {context: oauth2_user, description: d}
enums:
  ThingField:
    kind: request
    description: d
    values:
      - {value: id, description: d}
      - {value: child, description: d}
  ThingKind:
    kind: response
    description: d
    values:
      - {value: big, description: d}
      - {value: small, description: d}
schemas:
  ThingPage:
    description: d
    properties:
      data: {type: array, items: Thing, description: d}
  Thing:
    description: d
    properties:
      id: {type: string, required: true, description: d}
      kind: {type: ThingKind, description: d}
      child: {type: Child, description: d}
      parent: {type: Thing, description: d}
  Child:
    description: d
    properties:
      name: {type: string, description: d}
      size: {type: integer, description: d}
endpoints:
  get_things:
    method: GET
    path: /2/things/{id}
    summary: s
    auth: [oauth1_user, oauth2_user]
    scopes: [thing.read]
    params:
      id: {in: path, type: string, required: true, pattern: "^[0-9]+$", description: d}
      max_results: {in: query, type: integer, min: 1, max: 100, default: 100, description: d}
      thing.fields: {in: query, type: array, items: ThingField, min_items: 1, description: d}
    response: ThingPage
"#;

fn doc() -> Value {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Things API", "version": "1.0"},
        "paths": {
            "/2/things/{id}": {
                "get": {
                    "security": [{"OAuth2UserToken": ["thing.read"]}, {"UserToken": []}],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true,
                         "schema": {"$ref": "#/components/schemas/ThingId"}},
                        {"name": "max_results", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100}},
                        {"$ref": "#/components/parameters/ThingFieldsParameter"}
                    ],
                    "responses": {
                        "200": {"content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/ThingPage"}}}},
                        "default": {"content": {"application/problem+json": {
                            "schema": {"type": "object"}}}}
                    }
                }
            },
            "/2/unrelated": {"get": {"responses": {}}}
        },
        "components": {
            "securitySchemes": {
                "OAuth2UserToken": {"type": "oauth2"},
                "UserToken": {"type": "http", "scheme": "OAuth"}
            },
            "parameters": {
                "ThingFieldsParameter": {
                    "name": "thing.fields", "in": "query",
                    "schema": {"type": "array", "minItems": 1,
                               "items": {"type": "string", "enum": ["id", "child"]}}
                }
            },
            "schemas": {
                "ThingId": {"type": "string", "pattern": "^[0-9]+$"},
                "ThingPage": {"type": "object", "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                }},
                "Thing": {"type": "object", "properties": {
                    "id": {"$ref": "#/components/schemas/ThingId"},
                    "kind": {"type": "string", "enum": ["big", "small"]},
                    "child": {"allOf": [
                        {"$ref": "#/components/schemas/ChildBase"},
                        {"type": "object", "properties": {"size": {"type": "integer"}}}
                    ]},
                    "parent": {"$ref": "#/components/schemas/Thing"}
                }},
                "ChildBase": {"type": "object", "properties": {"name": {"type": "string"}}}
            }
        }
    })
}

fn spec(yaml: &str) -> SpecFile {
    generator::load::parse_str("inline.yaml", yaml).unwrap()
}

fn differences(yaml: &str, doc: &Value) -> Vec<String> {
    compare(&spec(yaml), doc)
        .differences()
        .map(str::to_string)
        .collect()
}

/// Sets the value at a JSON pointer (the parent must exist).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = doc.pointer_mut(parent).unwrap();
    match parent {
        Value::Object(map) => {
            map.insert(key.replace("~1", "/"), value);
        }
        Value::Array(list) => list[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer}: the parent is not a container"),
    }
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match doc.pointer_mut(parent).unwrap() {
        Value::Object(map) => {
            map.remove(&key.replace("~1", "/")).unwrap();
        }
        Value::Array(list) => {
            list.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("{pointer}: the parent is not a container"),
    }
}

#[test]
fn matching_spec_and_document_have_no_differences() {
    assert_eq!(differences(SPEC, &doc()), Vec::<String>::new());
}

#[test]
fn a_parameter_missing_from_the_spec_and_one_extra() {
    let mut d = doc();
    let params = "/paths/~12~1things~1{id}/get/parameters";
    // The document gains `sort_order` and loses `max_results`.
    set(
        &mut d,
        &format!("{params}/1"),
        json!({"name": "sort_order", "in": "query", "schema": {"type": "string"}}),
    );
    assert_eq!(
        differences(SPEC, &d),
        [
            "get_things: param max_results: extra",
            "get_things: param sort_order: missing",
        ]
    );
}

#[test]
fn constraint_differences_per_parameter() {
    let mut d = doc();
    let params = "/paths/~12~1things~1{id}/get/parameters";
    set(
        &mut d,
        &format!("{params}/1/schema"),
        json!({"type": "integer", "minimum": 5, "maximum": 100}),
    );
    // The pattern comes through the `$ref` of the id's schema.
    set(
        &mut d,
        "/components/schemas/ThingId",
        json!({"type": "string", "pattern": "^[0-9]{1,19}$", "minLength": 1}),
    );
    set(&mut d, &format!("{params}/0/required"), json!(false));
    set(
        &mut d,
        "/components/parameters/ThingFieldsParameter/schema/minItems",
        json!(2),
    );
    assert_eq!(
        differences(SPEC, &d),
        [
            "get_things: param id: required: spec true, document false",
            "get_things: param id: pattern: spec ^[0-9]+$, document ^[0-9]{1,19}$",
            "get_things: param id: min_length: spec none, document 1",
            "get_things: param max_results: min: spec 1, document 5",
            "get_things: param max_results: default: spec 100, document none",
            "get_things: param thing.fields: min_items: spec 1, document 2",
        ]
    );
}

#[test]
fn enum_values_missing_and_extra_through_a_parameter_ref() {
    let mut d = doc();
    set(
        &mut d,
        "/components/parameters/ThingFieldsParameter/schema/items/enum",
        json!(["id", "colour"]),
    );
    assert_eq!(
        differences(SPEC, &d),
        [
            "get_things: param thing.fields: value missing: colour",
            "get_things: param thing.fields: value extra: child",
        ]
    );
}

#[test]
fn a_single_enum_parameter_is_compared_by_its_values() {
    // `type: ThingField` (a single request enum) against a string with an enum list: the
    // type is not a difference, the values are.
    let yaml = SPEC.replace(
        "thing.fields: {in: query, type: array, items: ThingField, min_items: 1, description: d}",
        "thing.fields: {in: query, type: ThingField, description: d}",
    );
    let mut d = doc();
    set(
        &mut d,
        "/components/parameters/ThingFieldsParameter/schema",
        json!({"type": "string", "enum": ["id", "child"]}),
    );
    assert_eq!(differences(&yaml, &d), Vec::<String>::new());
    set(
        &mut d,
        "/components/parameters/ThingFieldsParameter/schema/enum",
        json!(["id", "colour"]),
    );
    assert_eq!(
        differences(&yaml, &d),
        [
            "get_things: param thing.fields: value missing: colour",
            "get_things: param thing.fields: value extra: child",
        ]
    );
    // A single enum against an integer is still a type difference.
    set(
        &mut d,
        "/components/parameters/ThingFieldsParameter/schema",
        json!({"type": "integer"}),
    );
    assert_eq!(
        differences(&yaml, &d),
        [
            "get_things: param thing.fields: type: spec ThingField, document integer",
            "get_things: param thing.fields: values: spec ThingField, document none",
        ]
    );
}

#[test]
fn auth_schemes_and_scopes_missing_and_extra() {
    let mut d = doc();
    // Only an app-only Bearer token, and a scope the spec does not list.
    set(
        &mut d,
        "/paths/~12~1things~1{id}/get/security",
        json!([{"BearerToken": []}, {"OAuth2UserToken": ["thing.read", "users.read"]}]),
    );
    assert_eq!(
        differences(SPEC, &d),
        [
            "get_things: auth missing: app_only",
            "get_things: auth extra: oauth1_user",
            "get_things: scope missing: users.read",
        ]
    );
}

#[test]
fn an_unknown_security_scheme_is_named_as_the_document_spells_it() {
    let mut d = doc();
    set(
        &mut d,
        "/paths/~12~1things~1{id}/get/security",
        json!([{"OAuth2UserToken": ["thing.read"]}, {"UserToken": []}, {"ApiKey": []}]),
    );
    assert_eq!(
        differences(SPEC, &d),
        ["get_things: auth missing: ApiKey (no spec scheme)"]
    );
}

#[test]
fn a_nested_property_missing_through_ref_and_all_of() {
    let mut d = doc();
    // `ChildBase` is reached from Thing.child's allOf, itself reached through $refs.
    set(
        &mut d,
        "/components/schemas/ChildBase/properties/colour",
        json!({"type": "string"}),
    );
    // And a property of the inline allOf member goes away.
    remove(&mut d, "/components/schemas/Thing/properties/child/allOf/1");
    assert_eq!(
        differences(SPEC, &d),
        [
            "schema Child (document Thing.child): colour: missing",
            "schema Child (document Thing.child): size: extra",
        ]
    );
}

#[test]
fn discriminator_subtypes_are_flattened_into_one_object() {
    let yaml = SPEC.replace(
        "      size: {type: integer, description: d}",
        "      size: {type: integer, description: d}\n      \
         radius: {type: number, description: d}\n      \
         kind: {type: string, description: d}",
    );
    let mut d = doc();
    // Child = Circle | Square, by `kind`; each subtype is allOf [Child, {...}] (a cycle back
    // to the parent, which must not loop).
    set(
        &mut d,
        "/components/schemas/ChildBase",
        json!({
            "type": "object",
            "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
            "discriminator": {"propertyName": "kind", "mapping": {
                "circle": "#/components/schemas/Circle",
                "square": "#/components/schemas/Square"
            }}
        }),
    );
    set(
        &mut d,
        "/components/schemas/Circle",
        json!({"allOf": [{"$ref": "#/components/schemas/ChildBase"},
                         {"type": "object", "properties": {"radius": {"type": "number"}}}]}),
    );
    set(
        &mut d,
        "/components/schemas/Square",
        json!({"allOf": [{"$ref": "#/components/schemas/ChildBase"},
                         {"type": "object", "properties": {"side": {"type": "number"}}}]}),
    );
    assert_eq!(
        differences(&yaml, &d),
        ["schema Child (document Thing.child): side: missing"]
    );
}

#[test]
fn one_of_members_are_merged_with_their_enum_values() {
    let mut d = doc();
    set(
        &mut d,
        "/components/schemas/Thing/properties/kind",
        json!({"oneOf": [{"type": "string", "enum": ["big"]},
                         {"type": "string", "enum": ["small", "huge"]}]}),
    );
    assert_eq!(
        differences(SPEC, &d),
        ["schema Thing: kind: value missing: huge"]
    );
}

#[test]
fn a_recursive_schema_is_compared_once() {
    let mut d = doc();
    // Thing.parent is a Thing: the new property is reported once, not once per level.
    set(
        &mut d,
        "/components/schemas/Thing/properties/lang",
        json!({"type": "string"}),
    );
    assert_eq!(differences(SPEC, &d), ["schema Thing: lang: missing"]);
}

#[test]
fn shape_and_scalar_type_differences() {
    let mut d = doc();
    set(
        &mut d,
        "/components/schemas/Thing/properties/child",
        json!({"type": "array", "items": {"$ref": "#/components/schemas/ChildBase"}}),
    );
    set(
        &mut d,
        "/components/schemas/ThingId",
        json!({"type": "integer"}),
    );
    assert_eq!(
        differences(SPEC, &d),
        [
            "get_things: param id: type: spec string, document integer",
            "get_things: param id: pattern: spec ^[0-9]+$, document none",
            "schema Thing: id: type: spec string, document integer",
            "schema Thing: child: type: spec Child, document array",
        ]
    );
}

#[test]
fn request_body_properties_required_and_pattern() {
    let yaml = format!(
        "{SPEC}  like_thing:
    method: POST
    path: /2/things/{{id}}/likes
    summary: s
    auth: [oauth1_user]
    params:
      id: {{in: path, type: string, required: true, description: d}}
    body:
      thing_id: {{type: string, required: true, pattern: \"^[0-9]+$\", description: d}}
      note: {{type: string, description: d}}
    response: Child
"
    );
    let mut d = doc();
    set(
        &mut d,
        "/paths/~12~1things~1{id}~1likes",
        json!({"post": {
            "security": [{"UserToken": []}],
            "parameters": [{"name": "id", "in": "path", "required": true,
                            "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object",
                "required": ["thing_id", "reason"],
                "properties": {
                    "thing_id": {"type": "string"},
                    "reason": {"type": "string"}
                }
            }}}},
            "responses": {"201": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ChildBase"}}}}}
        }}),
    );
    assert_eq!(
        differences(&yaml, &d),
        [
            "like_thing: body reason: missing",
            "like_thing: body thing_id: pattern: spec ^[0-9]+$, document none",
            "like_thing: body note: extra",
            "schema Child (document ChildBase): size: extra",
        ]
    );
}

/// The official document's `TweetCreateRequest` with one change, against the real spec.
fn create_tweet_differences(pointer: &str, value: Value) -> Vec<String> {
    let text = std::fs::read_to_string(full_document()).unwrap();
    let mut d: Value = serde_json::from_str(&text).unwrap();
    set(
        &mut d,
        &format!("/components/schemas/TweetCreateRequest/properties/{pointer}"),
        value,
    );
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = generator::load_checked_spec(&spec_dir).unwrap();
    let allow =
        AllowList::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("drift-allow.yaml")).unwrap();
    let report = compare(&spec, &d);
    report
        .differences()
        .filter(|id| allow.find(id).is_none())
        .map(str::to_string)
        .collect()
}

#[test]
fn a_changed_limit_in_a_request_schema_is_reported_under_the_schema() {
    // Nested request schema, array item limit.
    assert_eq!(
        create_tweet_differences("poll/properties/options/items/maxLength", json!(30)),
        [
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
          options[]: max_length: spec 25, document 30"
        ]
    );
    // Integer range and item count.
    assert_eq!(
        create_tweet_differences("poll/properties/duration_minutes/maximum", json!(20000)),
        [
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
          duration_minutes: max: spec 10080, document 20000"
        ]
    );
    assert_eq!(
        create_tweet_differences("poll/properties/options/maxItems", json!(5)),
        [
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
          options: max_items: spec 4, document 5"
        ]
    );
    // A top-level string length, and a request enum's values.
    assert_eq!(
        create_tweet_differences("text", json!({"type": "string", "maxLength": 500})),
        [
            "request schema CreateTweetRequest (document TweetCreateRequest): \
          text: max_length: spec none, document 500"
        ]
    );
    assert_eq!(
        create_tweet_differences(
            "poll/properties/reply_settings",
            json!({"type": "string", "enum": ["following", "mentionedUsers", "everyone"]})
        ),
        [
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
             reply_settings: value missing: everyone",
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
             reply_settings: value extra: subscribers",
            "request schema CreateTweetPoll (document TweetCreateRequest.poll): \
             reply_settings: value extra: verified",
        ]
    );
    // A member the document requires.
    assert_eq!(
        create_tweet_differences(
            "reply/required",
            json!(["in_reply_to_tweet_id", "exclude_reply_user_ids"])
        ),
        [
            "request schema CreateTweetReply (document TweetCreateRequest.reply): \
          exclude_reply_user_ids: required: spec false, document true"
        ]
    );
}

#[test]
fn an_endpoint_not_in_the_document_is_informational_and_placeholders_match_by_position() {
    let yaml = SPEC.replace("path: /2/things/{id}", "path: /2/things/{thing_id}");
    let yaml = format!(
        "{}  get_other:
    method: GET
    path: /2/other
    summary: s
    auth: [app_only]
    response: Child
",
        yaml.replace("      id: {in: path", "      thing_id: {in: path")
    );
    let report = compare(&spec(&yaml), &doc());
    let outcome = render(&report, &AllowList::default());
    assert_eq!(
        outcome.text,
        "spec-diff: the spec against Things API 1.0
get_things (GET /2/things/{thing_id})
  not allowed  get_things: param thing_id: extra
  not allowed  get_things: param id: missing
get_other (GET /2/other)
  get_other: not in this document
spec-diff: 2 differences, 0 allowed, 2 not allowed; 1 endpoint not in this document
"
    );
    assert_eq!(outcome.not_in_document, 1);
    assert!(!outcome.is_clean());
}

#[test]
fn operations_of_the_document_not_in_the_spec_are_counted_or_listed_never_failed() {
    let mut d = doc();
    set(
        &mut d,
        "/paths/~12~1unrelated/post",
        json!({"responses": {}}),
    );
    // Placeholder names differ: still the spec's operation, so not "not in the spec".
    let yaml = SPEC.replace("path: /2/things/{id}", "path: /2/things/{thing_id}");
    let yaml = yaml.replace("      id: {in: path", "      thing_id: {in: path");
    let report = compare(&spec(&yaml), &d);
    assert_eq!(report.document_operations, 3);
    assert_eq!(
        report.not_in_spec,
        ["GET /2/unrelated", "POST /2/unrelated"]
    );
    let allow = AllowList::parse(
        r#"
allow:
  - ids: ["get_things: param thing_id: extra", "get_things: param id: missing"]
    reason: "The placeholder is renamed."
"#,
    )
    .unwrap();
    let head = "spec-diff: the spec against Things API 1.0
get_things (GET /2/things/{thing_id})
  allowed      get_things: param thing_id: extra
  allowed      get_things: param id: missing
";
    let counted = render_with(&report, &allow, NotInSpec::Counted);
    assert_eq!(
        counted.text,
        format!(
            "{head}spec-diff: 2 differences, 2 allowed, 0 not allowed; \
             2 of the document's 3 operations not in the spec (--verbose lists them)\n"
        )
    );
    assert!(counted.is_clean());
    assert_eq!((counted.document_operations, counted.not_in_spec), (3, 2));
    let listed = render_with(&report, &allow, NotInSpec::Listed);
    assert_eq!(
        listed.text,
        format!(
            "{head}not in the spec (2 of the document's 3 operations):
  GET /2/unrelated
  POST /2/unrelated
spec-diff: 2 differences, 2 allowed, 0 not allowed; 2 of the document's 3 operations not in the spec\n"
        )
    );
    // `render` is about the spec's endpoints only.
    let hidden = render(&report, &allow);
    assert_eq!(
        hidden.text,
        format!("{head}spec-diff: 2 differences, 2 allowed, 0 not allowed\n")
    );
    assert_eq!(hidden.not_in_spec, 2);
}

// ------------------------------------------------------------------------------------------
// The allow-list
// ------------------------------------------------------------------------------------------

#[test]
fn allow_list_marks_allowed_differences_and_warns_about_unused_entries() {
    let mut d = doc();
    set(
        &mut d,
        "/paths/~12~1things~1{id}/get/security",
        json!([{"OAuth2UserToken": ["thing.read"]}]),
    );
    set(
        &mut d,
        "/components/schemas/Thing/properties/lang",
        json!({"type": "string"}),
    );
    set(
        &mut d,
        "/components/schemas/Thing/properties/source",
        json!({"type": "string"}),
    );
    let allow = AllowList::parse(
        r#"
allow:
  - id: "get_things: auth extra: oauth1_user"
    reason: "The seed page accepts OAuth 1.0a."
  - ids:
      - "schema Thing: lang: *"
      - "get_things: param gone: extra"
    reason: "Two for one reason."
"#,
    )
    .unwrap();
    let outcome = render(&compare(&spec(SPEC), &d), &allow);
    assert_eq!(
        outcome.text,
        "spec-diff: the spec against Things API 1.0
get_things (GET /2/things/{id})
  allowed      get_things: auth extra: oauth1_user
schema Thing at #/components/schemas/Thing
  allowed      schema Thing: lang: missing
  not allowed  schema Thing: source: missing
warning: unused allow-list entry: get_things: param gone: extra
spec-diff: 3 differences, 2 allowed, 1 not allowed; 1 unused allow-list entry
"
    );
    assert_eq!(
        (outcome.differences, outcome.allowed, outcome.not_allowed),
        (3, 2, 1)
    );
    assert_eq!(outcome.unused, ["get_things: param gone: extra"]);
}

#[test]
fn allow_list_rejects_entries_without_reason_or_id_and_duplicates() {
    let no_reason = "allow:\n  - id: \"x\"\n    reason: \"  \"\n";
    assert_eq!(
        AllowList::parse(no_reason).unwrap_err(),
        "allow[0]: the reason is empty"
    );
    let missing_reason = "allow:\n  - id: \"x\"\n  - id: \"y\"\n    reason: \"why\"\n";
    assert_eq!(
        AllowList::parse(missing_reason).unwrap_err(),
        "allow[0]: the reason is missing"
    );
    let no_id = "allow:\n  - reason: \"why\"\n";
    assert_eq!(
        AllowList::parse(no_id).unwrap_err(),
        "allow[0]: give `id` or `ids`"
    );
    let twice = "allow:\n  - id: \"x\"\n    reason: \"a\"\n  - ids: [\"x\"]\n    reason: \"b\"\n";
    assert_eq!(
        AllowList::parse(twice).unwrap_err(),
        "allow[1]: \"x\" is listed twice"
    );
    let misspelt = "allow:\n  - id: \"x\"\n    reasons: \"a\"\n";
    assert!(AllowList::parse(misspelt)
        .unwrap_err()
        .contains("unknown field `reasons`"));
    assert!(AllowList::parse("").unwrap().entries.is_empty());
}

#[test]
fn glob_star_matches_any_run_and_nothing_else_is_special() {
    assert!(glob("a: b", "a: b"));
    assert!(!glob("a: b", "a: bc"));
    assert!(glob(
        "*: auth extra: app_only",
        "get_x: auth extra: app_only"
    ));
    assert!(glob("x.errors[].*: extra", "x.errors[].title: extra"));
    assert!(!glob("x.errors[].*: extra", "x.errors[].title: missing"));
    assert!(glob("a*b*c", "abc"));
    assert!(glob("a*b*c", "a-b-b-c"));
    assert!(!glob("a*b*c", "a-c"));
    assert!(!glob("ab*ba", "aba"));
    assert!(glob("*", ""));
}

// ------------------------------------------------------------------------------------------
// The real spec against the official documents, through the binary
// ------------------------------------------------------------------------------------------

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file)
}

/// Runs `xtask spec-diff` with the default spec folder and allow-list; (exit code, stdout).
fn spec_diff(document: &Path) -> (Option<i32>, String, String) {
    spec_diff_with(document, &[])
}

/// Runs `xtask spec-diff DOCUMENT ARGS...`; (exit code, stdout, stderr).
fn spec_diff_with(document: &Path, args: &[&OsStr]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .arg(document)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const LIKES: [&str; 4] = [
    "get_liked_tweets (GET /2/users/{id}/liked_tweets)",
    "get_liking_users (GET /2/tweets/{id}/liking_users)",
    "like_tweet (POST /2/users/{id}/likes)",
    "unlike_tweet (DELETE /2/users/{id}/likes/{tweet_id})",
];

#[test]
fn official_2_166_is_clean_apart_from_the_allow_list() {
    let (code, out, err) = spec_diff(&data("likes-subset.2.166.openapi.json"));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.starts_with("spec-diff: the spec against X API v2 2.166\n"),
        "{out}"
    );
    for ep in LIKES {
        assert!(out.lines().any(|l| l == ep), "{ep} missing from:\n{out}");
    }
    assert!(!out.contains("not allowed  "), "{out}");
    // Allow-list entries of endpoints outside the Likes subset match nothing here.
    let outside = [
        "get_bookmarks:",
        "follow_user:",
        "search_recent:",
        "count_recent:",
        "request schema CreateMessageRequest:",
        "request schema CreateTweetLinkCta ",
        "create_account_activity_subscription:",
        "delete_connections_by_endpoint:",
        "download_dm_media:",
        "chat_media_download:",
        "request schema AppendMediaUploadRequest ",
        "request schema ChatMediaUploadAppendRequest:",
        "request schema GeoRestrictions:",
        "request schema NoteInfo:",
        "request schema UpdateStreamRulesRequest ",
        "schema UserWithheld (document UserWithheld | UserWithheld | UserWithheld)",
    ];
    for w in out.lines().filter(|l| l.contains("warning:")) {
        assert!(
            outside.iter().any(|o| w.contains(&format!("entry: {o}"))),
            "{w}\nin:\n{out}"
        );
    }
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("spec-diff: 44 differences, 44 allowed, 0 not allowed"),
        "{summary}"
    );
    // The intentional differences that spec/README.md records are among them.
    for line in [
        "  allowed      get_liked_tweets: auth extra: app_only",
        "  allowed      get_liking_users: auth extra: app_only",
        "  allowed      get_liked_tweets: param max_results: default: spec 100, document none",
        "  allowed      like_tweet: param id: pattern: spec ^[0-9]{1,19}$, document none",
        "  allowed      schema Tweet: article: extra",
        "  allowed      schema Problem: client_id: extra",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "{line} missing from:\n{out}"
        );
    }
    // Any other endpoint of the spec (outside the Likes subset) is only informational.
    let likes_ops = [
        "get_liked_tweets",
        "get_liking_users",
        "like_tweet",
        "unlike_tweet",
    ];
    for l in out
        .lines()
        .filter(|l| l.ends_with(": not in this document"))
    {
        let op = l.trim().split(':').next().unwrap();
        assert!(!likes_ops.contains(&op), "{l}");
    }
}

#[test]
fn official_2_167_reports_the_tweet_to_post_renames() {
    let (code, out, err) = spec_diff(&data("likes-subset.2.167.openapi.json"));
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.starts_with("spec-diff: the spec against X API v2 2.167\n"),
        "{out}"
    );
    for line in [
        "  not allowed  get_liked_tweets: param tweet.fields: extra",
        "  not allowed  get_liked_tweets: param post.fields: missing",
        "  not allowed  get_liked_tweets: param expansions: value missing: edit_history_post_ids",
        "  not allowed  get_liked_tweets: param expansions: value missing: referenced_posts",
        "  not allowed  get_liked_tweets: param expansions: value extra: edit_history_tweet_ids",
        "  not allowed  get_liked_tweets: param expansions: value extra: referenced_tweets.id",
        "schema Tweet (document Post) at #/components/schemas/Post",
        "  not allowed  schema Tweet (document Post): edit_history_post_ids: missing",
        "  not allowed  schema Tweet (document Post): edit_history_tweet_ids: extra",
        "  not allowed  schema Tweet (document Post): referenced_posts: missing",
        "  not allowed  schema Tweet (document Post): referenced_tweets: extra",
        "  not allowed  schema Tweet (document Post): note_post: missing",
        "  not allowed  schema Tweet (document Post): note_tweet: extra",
        "  not allowed  schema TweetPublicMetrics (document PostPublicMetrics): repost_count: missing",
        "  not allowed  schema TweetPublicMetrics (document PostPublicMetrics): retweet_count: extra",
        "  not allowed  schema Includes (document Expansions): posts: missing",
        "  not allowed  schema Includes (document Expansions): tweets: extra",
        "  not allowed  schema User: pinned_post_id: missing",
        "  not allowed  schema User: pinned_tweet_id: extra",
        "  not allowed  schema UserPublicMetrics: post_count: missing",
        "  not allowed  schema UserPublicMetrics: tweet_count: extra",
        "  not allowed  get_liking_users: param tweet.fields: extra",
        "  not allowed  get_liking_users: param post.fields: missing",
        "  not allowed  get_liking_users: param expansions: value missing: pinned_post_id",
        "  not allowed  get_liking_users: param expansions: value extra: pinned_tweet_id",
        // Still allowed: what the spec keeps on purpose is the same in 2.167.
        "  allowed      get_liked_tweets: auth extra: app_only",
        "  allowed      get_liking_users: auth extra: app_only",
    ] {
        assert!(out.lines().any(|l| l == line), "{line} missing from:\n{out}");
    }
    // Like and unlike did not change (2.167 gives their user id the usual pattern).
    let like = out
        .split("like_tweet (POST /2/users/{id}/likes)\n")
        .nth(1)
        .unwrap();
    assert!(like.starts_with("  no differences\nunlike_tweet"), "{out}");
    // The 2.166-only entries of the allow-list are reported as unused.
    assert!(
        out.lines()
            .any(|l| l == "warning: unused allow-list entry: schema Tweet: article: extra"),
        "{out}"
    );
    let summary = out.lines().last().unwrap();
    assert!(
        summary.contains(" not allowed") && !summary.contains(", 0 not allowed"),
        "{summary}"
    );
}

#[test]
fn an_unreadable_document_is_an_error_not_a_report() {
    let (code, out, err) = spec_diff(&data("no-such-document.json"));
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.starts_with("cannot read "), "{err}");
}

/// The official full document, in the repository for CI (see `xtask/data/PROVENANCE.md`).
fn full_document() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/openapi.2.166.json")
}

const LOOKUPS: [&str; 7] = [
    "get_tweet (GET /2/tweets/{id})",
    "get_tweets (GET /2/tweets)",
    "get_me (GET /2/users/me)",
    "get_user (GET /2/users/{id})",
    "get_user_by_username (GET /2/users/by/username/{username})",
    "get_users (GET /2/users)",
    "get_users_by_usernames (GET /2/users/by)",
];

#[test]
fn the_full_official_2_166_document_is_clean_apart_from_the_allow_list() {
    let (code, out, err) = spec_diff(&full_document());
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(err.is_empty(), "{err}");
    assert!(
        out.starts_with("spec-diff: the spec against X API v2 2.166\n"),
        "{out}"
    );
    assert!(!out.contains("not allowed  "), "{out}");
    assert!(!out.contains("warning:"), "{out}");
    assert!(!out.contains("not in this document"), "{out}");
    // Every endpoint of the spec is in the document; the lookups match it exactly.
    for ep in LIKES {
        assert!(out.lines().any(|l| l == ep), "{ep} missing from:\n{out}");
    }
    for ep in LOOKUPS {
        assert!(
            out.contains(&format!("\n{ep}\n  no differences\n")),
            "{ep} differs:\n{out}"
        );
    }
    // Every operation of the document is in the spec (no exclusions are left).
    let (document, spec) = operation_counts();
    println!("operations: {document} in the official document, {spec} in spec/");
    assert_eq!((document, spec), (165, 165));
    assert_eq!(not_in_spec(), 0);
    assert_eq!(
        out.lines().last().unwrap(),
        "spec-diff: 77 differences, 77 allowed, 0 not allowed"
    );
}

#[test]
fn verbose_lists_the_operations_of_the_document_not_in_the_spec() {
    // The whole spec: nothing to list.
    let (code, out, err) = spec_diff_with(&full_document(), &[OsStr::new("--verbose")]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!out.contains("not in the spec ("), "{out}");
    // The spec without its `general` and `streams` groups: their operations are listed
    // (placeholders compared by position), and no other.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("without-two-groups");
    let spec = root.join("spec");
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"),
        &spec,
    );
    for group in ["general", "streams"] {
        for section in ["endpoints", "schemas", "enums", "requests"] {
            let _ = std::fs::remove_file(spec.join(section).join(format!("{group}.yaml")));
        }
    }
    let (code, out, err) = spec_diff_with(
        &full_document(),
        &[
            OsStr::new("--verbose"),
            OsStr::new("--spec"),
            spec.as_os_str(),
        ],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    let heading = "not in the spec (19 of the document's 165 operations):";
    let listed: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert_eq!(listed.len(), 19, "{out}");
    for op in [
        "GET /2/openapi.json",
        "GET /2/tweets/sample/stream",
        "GET /2/likes/firehose/stream",
        "POST /2/tweets/search/stream/rules",
    ] {
        assert!(listed.contains(&op), "{op} not listed:\n{out}");
    }
    for op in [
        "GET /2/tweets/{id}",
        "GET /2/users/{id}/liked_tweets",
        "POST /2/media/upload",
    ] {
        assert!(!listed.contains(&op), "{op} listed:\n{out}");
    }
    assert!(
        out.lines()
            .last()
            .unwrap()
            .contains("; 19 of the document's 165 operations not in the spec"),
        "{out}"
    );
}

/// How many of the document's 165 operations the spec does not have (every endpoint of the
/// spec is one of the document's: the report above says none is "not in this document").
fn not_in_spec() -> usize {
    let (document, spec) = operation_counts();
    document - spec
}

/// The operations of the official document (every method of every path) and of the spec.
fn operation_counts() -> (usize, usize) {
    let text = std::fs::read_to_string(full_document()).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let methods = ["get", "post", "put", "patch", "delete"];
    let document = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum();
    let ir = generator::load_ir(&xtask::workspace_root().join("spec")).unwrap();
    let spec = ir.groups.iter().map(|g| g.endpoints.len()).sum();
    (document, spec)
}

/// Copies a folder recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_schema_defined_in_two_spec_files_is_the_generators_error_not_a_silent_merge() {
    // The real spec plus a second definition of `Problem` (one property, which a silent
    // "last definition wins" merge would have compared instead of the real one).
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("duplicate-schema");
    let spec = root.join("spec");
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"),
        &spec,
    );
    std::fs::write(
        spec.join("again.yaml"),
        "schemas:\n  Problem:\n    description: d\n    properties:\n      \
         title: {type: string, description: d}\n",
    )
    .unwrap();
    let (code, out, err) =
        spec_diff_with(&full_document(), &[OsStr::new("--spec"), spec.as_os_str()]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(out.is_empty(), "{out}");
    let line = err
        .lines()
        .find(|l| l.contains("type `Problem` is already defined in"))
        .unwrap_or_else(|| panic!("no duplicate error in:\n{err}"));
    assert!(
        line.starts_with("error: spec/schemas.yaml:")
            && line.ends_with("type `Problem` is already defined in spec/again.yaml"),
        "{line}"
    );
}

// ------------------------------------------------------------------------------------------
// Attribution: differences in shared schemas belong to the schema, whatever the file order.
// ------------------------------------------------------------------------------------------

/// A correct followers endpoint whose page reaches the same shared schemas as the Likes pages
/// (User, Includes, Tweet, Problem, ...). `endpoints/follows.yaml` sorts before
/// `endpoints/likes.yaml`, so its endpoint is walked first.
const FOLLOWS: &str = r#"
feature: { name: follows, description: Followers., default: true }
endpoints:
  get_followers:
    method: GET
    path: /2/users/{id}/followers
    summary: Returns the followers of a user.
    auth: [app_only, oauth1_user, oauth2_user]
    scopes: [follows.read, tweet.read, users.read]
    params:
      id: {in: path, type: string, required: true, pattern: "^[0-9]{1,19}$", description: d}
      max_results: {in: query, type: integer, min: 1, max: 1000, description: d}
      pagination_token: {in: query, type: string, min_length: 16, description: d}
      user.fields: {in: query, type: array, items: UserField, min_items: 1, description: d}
      expansions: {in: query, type: array, items: UserExpansion, min_items: 1, description: d}
      tweet.fields: {in: query, type: array, items: TweetField, min_items: 1, description: d}
    response: FollowersPage
    pagination: {token_param: pagination_token, next_token: meta.next_token, items: data}
schemas:
  FollowersPage:
    description: One page of followers.
    properties:
      data: {type: array, items: User, description: d}
      includes: {type: Includes, default: true, description: d}
      meta: {type: PageMeta, default: true, description: d}
      errors: {type: array, items: Problem, description: d}
"#;

#[test]
fn a_spec_file_that_sorts_first_and_shares_schemas_moves_no_allow_list_entry() {
    let root = xtask::workspace_root();
    let allow = root.join(xtask::spec_diff::DEFAULT_ALLOW_LIST);
    let before = xtask::spec_diff::run(
        &full_document(),
        &root.join("spec"),
        &allow,
        NotInSpec::Hidden,
    )
    .unwrap();
    let dir = scratch_copy(&root.join("spec"), "spec-with-follows");
    // The spec has its own get_followers (endpoints/follows.yaml, after bookmarks.yaml): take
    // it out, and add the test's in a file that sorts before every other one.
    let real = std::fs::read_to_string(dir.join("endpoints/follows.yaml")).unwrap();
    let (start, end) = (
        real.find("  get_followers:\n").unwrap(),
        real.find("  follow_user:\n").unwrap(),
    );
    let without = format!("{}{}", &real[..start], &real[end..]);
    std::fs::write(dir.join("endpoints/follows.yaml"), without).unwrap();
    std::fs::write(dir.join("endpoints/aa_follows.yaml"), FOLLOWS).unwrap();
    let after = xtask::spec_diff::run(&full_document(), &dir, &allow, NotInSpec::Hidden).unwrap();

    // The new endpoint is walked first, so it is the first to reach the shared schemas.
    let first = after.text.lines().nth(1).unwrap();
    assert_eq!(first, "get_followers (GET /2/users/{id}/followers)");
    // Clean, with every entry still used and the same differences allowed.
    assert!(after.is_clean(), "{}", after.text);
    assert!(after.unused.is_empty(), "{:?}", after.unused);
    assert_eq!(after.allowed, before.allowed, "{}", after.text);
    // Each difference line is the same, apart from the new endpoint's own section.
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("  allowed") || l.starts_with("  not allowed"))
            .filter(|l| !l.contains(" get_followers: "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(lines(&after.text), lines(&before.text));
    // The shared schemas' differences are listed once, under the schema.
    for id in ["schema Tweet: article: extra", "schema User: parody: extra"] {
        let n = after.text.lines().filter(|l| l.ends_with(id)).count();
        assert_eq!(n, 1, "{id} in:\n{}", after.text);
    }
    assert!(
        !after.text.contains("get_followers: response"),
        "{}",
        after.text
    );
}
