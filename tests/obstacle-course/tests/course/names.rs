//! The obstacle-course types behave: keyword fields map to their JSON keys, colliding names
//! keep their own keys, lookups and defaults work, and undeclared keys survive.

use obstacle_course::{Container, ExactKeyword, Keyword, OpenKeyword, Thing};
use serde_json::json;

#[test]
fn keyword_fields_round_trip_under_their_json_names() {
    let body = json!({
        "self": "1", "type": "Ref", "kind": "https://example.com/problems/ref", "match": true, "ref": "7",
        "fn": 1.5, "async": {"x": [1]}, "fooBar": "camel", "foo_bar": "snake",
        "is_empty": "no", "key": "k", "x-dashed": "d", "undeclared": 3,
        "other": [{"self": "2"}]
    });
    let thing: Thing = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(thing.self_, "1");
    assert_eq!(thing.r#type, Some(ExactKeyword::RefUpper));
    let kind = OpenKeyword::from_wire(thing.kind.as_deref().unwrap());
    assert_eq!(kind, OpenKeyword::Ref, "matched on the last path segment");
    assert_eq!(thing.r#match, Some(true));
    assert_eq!(thing.r#ref, Some(7), "lenient integer");
    assert_eq!(thing.foo_bar.as_deref(), Some("camel"));
    assert_eq!(thing.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(thing.extra.get("undeclared"), Some(&json!(3)));
    let mut back = serde_json::to_value(&thing).unwrap();
    // `ref` was sent as a string of digits and comes back as a number.
    back["ref"] = json!("7");
    assert_eq!(back, body);
}

#[test]
fn lookups_defaults_and_enums() {
    let c: Container =
        serde_json::from_value(json!({"things": [{"self": "a"}, {"self": "b"}]})).unwrap();
    assert_eq!(c.thing("b").map(|t| t.self_.as_str()), Some("b"));
    assert!(c.thing("z").is_none());
    assert!(c.r#box.is_empty() && c.page.is_empty());
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"things": [{"self": "a"}, {"self": "b"}]})
    );
    assert_eq!(Keyword::Self_.as_str(), "self");
    assert_eq!(Keyword::SelfType.as_str(), "Self");
    assert_eq!(Keyword::ALL.len(), 9);
    assert_eq!(OpenKeyword::from_wire("unknown"), OpenKeyword::UnknownValue);
    assert_eq!(
        OpenKeyword::from_wire("brand-new"),
        OpenKeyword::Unknown("brand-new".into())
    );
}
