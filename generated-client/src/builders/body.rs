//! JSON request bodies described by a [`Body`]: the members set on a request builder, and
//! their validation before sending (required members, lengths, ranges, patterns, item
//! counts, mutually exclusive members, "at least one of"), each problem named by the
//! member's path (`poll.options[2]`).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::base::endpoint::{Body, Check, Shape};
use crate::base::pattern::regex_is_match;

/// A member value as set: its JSON, or why it could not be turned into JSON (reported when
/// sending, never a panic).
pub(crate) type MemberValue = std::result::Result<Value, String>;

/// Serialises a member value.
pub(crate) fn to_member<T: Serialize>(value: T) -> MemberValue {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// One problem: the member path to blame and the message.
pub(crate) type Problem = (String, String);

/// Builds the body object from the members set, checking it against `body`. Members that
/// `body` does not have are problems.
pub(crate) fn build(
    body: &'static Body,
    set: &[(&'static str, MemberValue)],
    problems: &mut Vec<Problem>,
) -> Map<String, Value> {
    let mut obj = Map::new();
    for (name, value) in set {
        if !known_member(body, name, problems) {
            continue;
        }
        match value {
            Ok(v) => {
                obj.insert((*name).to_owned(), v.clone());
            }
            Err(e) => problems.push((name.to_string(), format!("{name} cannot be encoded: {e}"))),
        }
    }
    check_object(body, &obj, "", problems);
    obj
}

/// Checks a body object as received (by the fake X API): members `body` does not have, then
/// the object against `body`.
#[cfg(feature = "fake")]
pub(crate) fn check_received(body: &Body, obj: &Map<String, Value>, problems: &mut Vec<Problem>) {
    for name in obj.keys() {
        known_member(body, name, problems);
    }
    check_object(body, obj, "", problems);
}

/// Whether `name` is a member of `body`; a problem when it is not.
fn known_member(body: &Body, name: &str, problems: &mut Vec<Problem>) -> bool {
    let known = body.member(name).is_some();
    if !known {
        problems.push((
            name.to_owned(),
            format!("{name} is not a member of the body"),
        ));
    }
    known
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Checks an object against its [`Body`], with `prefix` the path of the object.
fn check_object(body: &Body, obj: &Map<String, Value>, prefix: &str, problems: &mut Vec<Problem>) {
    let is_set = |name: &str| obj.get(name).is_some_and(|v| !v.is_null());
    let names = |group: &[&str]| {
        group
            .iter()
            .map(|n| join(prefix, n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let within = if prefix.is_empty() {
        "the body".to_owned()
    } else {
        prefix.to_owned()
    };
    for m in body.members {
        let path = join(prefix, m.name);
        match obj.get(m.name) {
            None | Some(Value::Null) if m.required => {
                problems.push((path.clone(), format!("missing required member {path}")));
            }
            None | Some(Value::Null) => {}
            Some(v) => check_value(&m.shape, v, &path, problems),
        }
    }
    for group in body.exclusive {
        let set: Vec<&str> = group.iter().copied().filter(|n| is_set(n)).collect();
        if set.len() > 1 {
            let shown: Vec<String> = set.iter().map(|n| join(prefix, n)).collect();
            problems.push((
                shown[1].clone(),
                format!(
                    "{} exclude each other in {within}: set at most one of {}",
                    shown.join(" and "),
                    names(group)
                ),
            ));
        }
    }
    for group in body.at_least_one {
        if !group.iter().any(|n| is_set(n)) {
            problems.push((
                join(prefix, group.first().copied().unwrap_or_default()),
                format!("{within} needs at least one of {}", names(group)),
            ));
        }
    }
}

fn check_value(shape: &Shape, v: &Value, path: &str, problems: &mut Vec<Problem>) {
    match shape {
        Shape::Value(check) => check_scalar(check, v, path, problems),
        Shape::Object(body) => match v {
            Value::Object(obj) => check_object(body, obj, path, problems),
            _ => problems.push((path.to_owned(), format!("{path} must be an object"))),
        },
        Shape::List {
            min_items,
            max_items,
            item,
        } => {
            let Value::Array(items) = v else {
                problems.push((path.to_owned(), format!("{path} must be an array")));
                return;
            };
            let n = items.len();
            if let Some(m) = min_items.filter(|&m| n < m) {
                problems.push((
                    path.to_owned(),
                    format!("{path} has {n} item{}, fewer than {m}", plural(n)),
                ));
            }
            if let Some(m) = max_items.filter(|&m| n > m) {
                problems.push((
                    path.to_owned(),
                    format!("{path} has {n} items, more than {m}"),
                ));
            }
            for (i, item_value) in items.iter().enumerate() {
                check_value(item, item_value, &format!("{path}[{i}]"), problems);
            }
        }
    }
}

fn check_scalar(check: &Check, v: &Value, path: &str, problems: &mut Vec<Problem>) {
    let mut push = |m: String| problems.push((path.to_owned(), m));
    match check {
        Check::None => {}
        Check::Int { min, max } => {
            let Some(n) = v.as_i64() else {
                push(format!("{path} {v} is not an integer"));
                return;
            };
            match (min, max) {
                (Some(a), Some(b)) if n < *a || n > *b => {
                    push(format!("{path} {n} not in {a}..={b}"));
                }
                (Some(a), None) if n < *a => push(format!("{path} {n} is less than {a}")),
                (None, Some(b)) if n > *b => push(format!("{path} {n} is greater than {b}")),
                _ => {}
            }
        }
        Check::Str {
            pattern,
            min_len,
            max_len,
        } => {
            let Some(text) = v.as_str() else {
                push(format!("{path} {v} is not a string"));
                return;
            };
            let len = text.chars().count();
            if let Some(m) = min_len.filter(|&m| len < m) {
                push(format!(
                    "{path} {text:?} is shorter than {m} character{}",
                    plural(m)
                ));
            }
            if let Some(m) = max_len.filter(|&m| len > m) {
                push(format!("{path} is {len} characters long, more than {m}"));
            }
            if let Some(p) = pattern {
                match regex_is_match(p, text) {
                    Ok(true) => {}
                    Ok(false) => push(format!("{path} {text:?} does not match {p}")),
                    Err(e) => push(format!("{path}: the pattern {p} is invalid: {e}")),
                }
            }
        }
        Check::List {
            min_items,
            max_items,
        } => {
            let n = v.as_array().map_or(0, Vec::len);
            if min_items.is_some_and(|m| n < m) || max_items.is_some_and(|m| n > m) {
                push(format!("{path} has {n} items, outside the allowed count"));
            }
        }
        Check::ListOf {
            min_items,
            max_items,
            item_pattern,
        } => {
            check_scalar(
                &Check::List {
                    min_items: *min_items,
                    max_items: *max_items,
                },
                v,
                path,
                problems,
            );
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                check_scalar(
                    &Check::str(Some(item_pattern), None, None),
                    item,
                    &format!("{path}[{i}]"),
                    problems,
                );
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::endpoint::Member;
    use serde_json::json;

    static OPTION: Shape = Shape::Value(Check::str(None, Some(1), Some(5)));
    static POLL: Body = Body {
        members: &[
            Member::new("options", true, Shape::list(Some(2), Some(4), &OPTION)),
            Member::new(
                "duration_minutes",
                true,
                Shape::Value(Check::int(Some(5), Some(10080))),
            ),
        ],
        exclusive: &[],
        at_least_one: &[],
    };
    static TWEET: Body = Body {
        members: &[
            Member::new(
                "text",
                false,
                Shape::Value(Check::str(None, None, Some(10))),
            ),
            Member::new("poll", false, Shape::Object(&POLL)),
            Member::new(
                "quote_tweet_id",
                false,
                Shape::Value(Check::str(Some("^[0-9]+$"), None, None)),
            ),
        ],
        exclusive: &[&["poll", "quote_tweet_id"]],
        at_least_one: &[&["text", "poll"]],
    };

    fn problems(set: &[(&'static str, Value)]) -> (Value, Vec<Problem>) {
        let set: Vec<_> = set.iter().map(|(n, v)| (*n, Ok(v.clone()))).collect();
        let mut problems = Vec::new();
        let obj = build(&TWEET, &set, &mut problems);
        (Value::Object(obj), problems)
    }

    #[test]
    fn a_valid_body_is_kept_as_set() {
        let (body, p) = problems(&[
            (
                "poll",
                json!({"options": ["a", "b"], "duration_minutes": 5}),
            ),
            ("text", json!("hi")),
        ]);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            body,
            json!({"text": "hi", "poll": {"options": ["a", "b"], "duration_minutes": 5}})
        );
    }

    #[test]
    fn every_problem_names_its_member_path() {
        let (_, p) = problems(&[
            (
                "poll",
                json!({"options": ["a", "b", "toolong"], "duration_minutes": 1}),
            ),
            ("quote_tweet_id", json!("x1")),
            ("nope", json!(1)),
        ]);
        let shown: Vec<_> = p.iter().map(|(path, m)| format!("{path}: {m}")).collect();
        assert_eq!(
            shown,
            [
                "nope: nope is not a member of the body",
                "poll.options[2]: poll.options[2] is 7 characters long, more than 5",
                "poll.duration_minutes: poll.duration_minutes 1 not in 5..=10080",
                "quote_tweet_id: quote_tweet_id \"x1\" does not match ^[0-9]+$",
                "quote_tweet_id: poll and quote_tweet_id exclude each other in the body: set at most one of poll, quote_tweet_id",
            ]
        );
    }

    #[test]
    fn an_empty_body_is_refused_when_one_member_is_needed() {
        let (body, p) = problems(&[]);
        assert_eq!(body, json!({}));
        assert_eq!(
            p,
            [(
                "text".to_owned(),
                "the body needs at least one of text, poll".to_owned()
            )]
        );
        let (_, p) = problems(&[("poll", json!({"options": ["a"]}))]);
        let shown: Vec<_> = p.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            shown,
            [
                "poll.options has 1 item, fewer than 2",
                "missing required member poll.duration_minutes"
            ]
        );
    }
}
