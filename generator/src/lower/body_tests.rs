//! Unit tests of the request-body pass (`lower/body.rs`).

use super::super::test_support::{assert_errors, endpoint_spec, lower_errors, lower_ok};
use crate::ir::{IrCheck, IrValue};

const REQUESTS: &str = r#"
request_schemas:
  NewThing:
    description: A new thing.
    exclusive: [[poll, quote]]
    at_least_one: [[text, poll]]
    properties:
      text: { type: string, max_length: 280, description: Text. }
      field: { type: Field, description: A request enum. }
      poll: { type: NewPoll, description: A poll. }
      quote: { type: string, pattern: "^[0-9]+$", description: Quoted. }
      tags: { type: array, items: { type: string, min_length: 1 }, max_items: 3, description: Tags. }
  NewPoll:
    description: A poll.
    properties:
      options: { type: array, required: true, min_items: 2, items: string, description: Options. }
      minutes: { type: integer, required: true, min: 5, max: 60, description: Minutes. }
"#;

fn spec(body: &str) -> String {
    endpoint_spec("POST", "/things", "", &format!("\n    body: {body}")) + REQUESTS
}

#[test]
fn lowers_members_values_rules_and_structs() {
    let ir = lower_ok(&spec("NewThing"));
    let [thing, poll] = &ir.requests[..] else {
        panic!("two request schemas")
    };
    assert!(!thing.structure, "used only as a whole body");
    assert!(poll.structure, "the type of a member");
    assert_eq!(thing.object.shape, "NEW_THING_SCHEMA");
    let values: Vec<_> = thing
        .object
        .members
        .iter()
        .map(|m| m.value.clone())
        .collect();
    assert_eq!(
        values,
        [
            IrValue::Str(IrCheck::Str {
                pattern: None,
                min_len: None,
                max_len: Some(280)
            }),
            IrValue::Enum("Field".into()),
            IrValue::Object {
                ty: "NewPoll".into(),
                shape: "NEW_POLL_SCHEMA".into()
            },
            IrValue::Str(IrCheck::Str {
                pattern: Some("^[0-9]+$".into()),
                min_len: None,
                max_len: None
            }),
            IrValue::List {
                min_items: None,
                max_items: Some(3),
                item: Box::new(IrValue::Str(IrCheck::Str {
                    pattern: None,
                    min_len: Some(1),
                    max_len: None
                }))
            },
        ]
    );
    assert_eq!(
        thing.object.members[4].doc,
        [
            "Tags.",
            "",
            "At most 3 items.",
            "Each item: At least 1 character."
        ]
    );
    assert_eq!(
        poll.object.members[1].value,
        IrValue::Int {
            unsigned: true,
            check: IrCheck::Int {
                min: Some(5),
                max: Some(60)
            }
        }
    );
    assert_eq!(
        thing.object.rules_doc,
        [
            "At most one of `poll`, `quote` may be set.",
            "At least one of `text`, `poll` must be set."
        ]
    );
    let ep = &ir.groups[0].endpoints[0];
    let body = ep.body.as_ref().expect("a body");
    assert!(!body.inline);
    assert_eq!(body.object, thing.object);
    assert!(ep
        .doc
        .contains(&"At most one of `poll`, `quote` may be set.".to_string()));
}

#[test]
fn inline_members_and_an_empty_response() {
    let yaml = endpoint_spec(
        "DELETE",
        "/things",
        "",
        "\n    body:\n      ids: { type: array, items: string, required: true, description: Ids. }",
    )
    .replace("response: Thing", "response: empty");
    let ir = lower_ok(&yaml);
    let ep = &ir.groups[0].endpoints[0];
    assert_eq!(ep.response, crate::ir::IrResponse::Empty);
    let body = ep.body.as_ref().expect("a DELETE may have a body");
    assert!(body.inline);
    assert_eq!(body.object.shape, "DO_IT_BODY");
    assert!(ep.doc.iter().any(|l| l.starts_with("* `ids`: Ids.")));
}

#[test]
fn rejects_bad_types_limits_rules_and_references() {
    let yaml = spec("NewThng").replace(
            "      quote: { type: string,",
            "      thing: { type: Thing, description: A response schema. }\n      kind: { type: Kind, description: A response enum. }\n      n: { type: integer, max_length: 3, description: N. }\n      quote: { type: strng,",
        );
    let yaml = yaml
        .replace(
            "exclusive: [[poll, quote]]",
            "exclusive: [[poll, quote], [text]]",
        )
        .replace(
            "at_least_one: [[text, poll]]",
            "at_least_one: [[text, pol]]",
        );
    let errors = lower_errors(&yaml);
    let expected = [
            "schemas.NewThing.properties.thing: `Thing` is a response schema; a body member needs a request schema",
            "properties.kind: `Kind` is a response enum; a body member needs a `kind: request` enum",
            "properties.n.max_length: `max_length` applies to `type: string`, not `integer`",
            "properties.quote: unknown body member type `strng`",
            "request_schemas.NewThing.exclusive: a group of `exclusive` needs at least two different members",
            "request_schemas.NewThing.at_least_one: `pol` in `at_least_one` is not a member",
            "endpoints.do_it.body: unknown request schema `NewThng`",
        ];
    assert_errors(&errors, &expected);
    assert!(
        errors[3].ends_with("hint: did you mean `string`?"),
        "{}",
        errors[3]
    );
    assert!(
        errors[5].ends_with("hint: did you mean `poll`?"),
        "{}",
        errors[5]
    );
    assert!(
        errors[6].ends_with("hint: did you mean `NewThing`?"),
        "{}",
        errors[6]
    );
    let unused = spec("NewThing").replace(
        "      poll: { type: NewPoll,",
        "      poll: { type: string,",
    );
    assert_errors(
            &lower_errors(&unused),
            &["request_schemas.NewPoll: request schema `NewPoll` is used by no endpoint `body` and no member"],
        );
}

#[test]
fn rejects_cycles_gets_with_bodies_and_paged_empty_responses() {
    let cyclic = spec("NewThing").replace(
        "      minutes: { type: integer,",
        "      back: { type: NewThing, description: A cycle. }\n      minutes: { type: integer,",
    );
    assert_errors(
        &lower_errors(&cyclic),
        &[
            "request_schemas.NewThing: request schema `NewThing` contains itself",
            "request_schemas.NewPoll: request schema `NewPoll` contains itself",
        ],
    );
    let get = endpoint_spec("GET", "/things", "", "\n    body: NewThing") + REQUESTS;
    assert_errors(
        &lower_errors(&get),
        &["endpoints.do_it.body: a GET request has no body"],
    );
    let paged = endpoint_spec(
        "GET",
        "/things",
        "\n      token: { in: query, type: string, description: T. }",
        "\n    pagination: { token_param: token, next_token: meta.next_token, items: data }",
    )
    .replace("response: Thing", "response: empty");
    assert_errors(
        &lower_errors(&paged),
        &["endpoints.do_it.response: a paged endpoint needs a response schema, not `empty`"],
    );
}

#[test]
fn bytes_members_take_raw_bytes_and_no_string_limits() {
    let inline = "\n      file: { type: bytes, required: true, description: The file. }\n      parts: { type: array, items: bytes, description: Parts. }\n      thing: { type: NewThing, description: Uses the schemas. }";
    let ir = lower_ok(&spec(inline));
    let body = ir.groups[0].endpoints[0].body.as_ref().unwrap();
    let values: Vec<_> = body
        .object
        .members
        .iter()
        .map(|m| m.value.clone())
        .collect();
    assert_eq!(values[0], IrValue::Bytes);
    assert!(matches!(&values[1], IrValue::List { item, .. } if **item == IrValue::Bytes));
    assert!(body.object.members[0]
        .doc
        .iter()
        .any(|d| d.contains("base64")));
    let errs = lower_errors(&spec(
        "\n      file: { type: bytes, max_length: 10, description: The file. }\n      thing: { type: NewThing, description: Uses the schemas. }",
    ));
    assert_errors(
        &errs,
        &["body.file.max_length: `max_length` applies to `type: string`, not `bytes`"],
    );
}
