//! Parameter values set on a request builder and their validation against the endpoint's
//! constraints (ranges, patterns, lengths, list sizes, user-context-only values).

use crate::base::endpoint::{Check, Param, ParamIn};
use crate::base::pattern::regex_is_match;

/// A scalar parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A string.
    Str(String),
    /// An integer (a JSON number in a body).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Any JSON value, for body members that are objects or arrays (in a query or path it
    /// is sent as compact JSON text).
    Json(serde_json::Value),
}

impl ParamValue {
    pub(crate) fn to_text(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            Self::Int(i) => i.to_string(),
            Self::Bool(b) => b.to_string(),
            Self::Json(serde_json::Value::String(s)) => s.clone(),
            Self::Json(v) => v.to_string(),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Str(s) => serde_json::Value::String(s.clone()),
            Self::Int(i) => serde_json::Value::from(*i),
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Json(v) => v.clone(),
        }
    }
}

impl From<String> for ParamValue {
    fn from(v: String) -> Self {
        Self::Str(v)
    }
}

impl From<&str> for ParamValue {
    fn from(v: &str) -> Self {
        Self::Str(v.to_owned())
    }
}

impl From<&String> for ParamValue {
    fn from(v: &String) -> Self {
        Self::Str(v.clone())
    }
}

impl From<std::borrow::Cow<'_, str>> for ParamValue {
    fn from(v: std::borrow::Cow<'_, str>) -> Self {
        Self::Str(v.into_owned())
    }
}

impl From<i64> for ParamValue {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<i32> for ParamValue {
    fn from(v: i32) -> Self {
        Self::Int(v.into())
    }
}

impl From<u32> for ParamValue {
    fn from(v: u32) -> Self {
        Self::Int(v.into())
    }
}

impl From<u16> for ParamValue {
    fn from(v: u16) -> Self {
        Self::Int(v.into())
    }
}

impl From<u8> for ParamValue {
    fn from(v: u8) -> Self {
        Self::Int(v.into())
    }
}

impl From<u64> for ParamValue {
    /// Values above `i64::MAX` are kept as text (and then fail an integer check).
    fn from(v: u64) -> Self {
        i64::try_from(v).map_or_else(|_| Self::Str(v.to_string()), Self::Int)
    }
}

impl From<usize> for ParamValue {
    /// Values above `i64::MAX` are kept as text (and then fail an integer check).
    fn from(v: usize) -> Self {
        i64::try_from(v).map_or_else(|_| Self::Str(v.to_string()), Self::Int)
    }
}

impl From<bool> for ParamValue {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<time::OffsetDateTime> for ParamValue {
    /// RFC 3339 in UTC with whole seconds (`2024-01-31T12:00:00Z`), as the API takes
    /// `start_time` and `end_time`: the offset is converted to UTC and the sub-second part
    /// dropped. A year outside 0000–9999 gives text that fails the endpoint's date-time check.
    fn from(v: time::OffsetDateTime) -> Self {
        let utc = v.to_offset(time::UtcOffset::UTC);
        Self::Str(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            utc.year(),
            u8::from(utc.month()),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        ))
    }
}

impl From<serde_json::Value> for ParamValue {
    fn from(v: serde_json::Value) -> Self {
        Self::Json(v)
    }
}

/// A value set on a [`crate::request::RequestBuilder`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Scalar(ParamValue),
    List {
        /// Wire values, deduplicated, in first-seen order.
        items: Vec<String>,
        /// The items that need user-context auth.
        user_only: Vec<&'static str>,
    },
}

pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::Scalar(s) => s.to_text(),
        Value::List { items, .. } => items.join(","),
    }
}

pub(crate) fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Scalar(s) => s.to_json(),
        Value::List { items, .. } => items
            .iter()
            .map(|s| serde_json::Value::String(s.clone()))
            .collect(),
    }
}

/// Checks one set value against its parameter's constraint.
pub(crate) fn check_value(
    param: &Param,
    value: &Value,
    user_context: bool,
) -> std::result::Result<(), String> {
    let name = param.name;
    let mut errors: Vec<String> = Vec::new();

    if let Value::List { items, user_only } = value {
        if items.is_empty() {
            return Err(format!(
                "{name} is an empty list (leave the parameter out instead)"
            ));
        }
        if !user_context {
            for v in user_only {
                errors.push(format!(
                    "{name}={v} needs user-context auth (OAuth 1.0a or OAuth 2.0 user token); this client is app-only"
                ));
            }
        }
    }

    if param.location == ParamIn::Path {
        let text = value_text(value);
        if text.is_empty() {
            errors.push(format!("{name} is empty (it is a path segment)"));
        } else if text == "." || text == ".." {
            errors.push(format!("{name} {text:?} is not a valid path segment"));
        }
    }

    match (param.check, value) {
        (Check::None, _) => {}
        (Check::Int { min, max }, Value::Scalar(v)) => {
            let n = match v {
                ParamValue::Int(n) => Some(*n),
                ParamValue::Str(s) => s.trim().parse::<i64>().ok(),
                ParamValue::Json(j) => j.as_i64(),
                ParamValue::Bool(_) => None,
            };
            match n {
                None => errors.push(format!("{name} {:?} is not an integer", v.to_text())),
                Some(n) => errors.extend(match (min, max) {
                    (Some(a), Some(b)) if n < a || n > b => {
                        Some(format!("{name} {n} not in {a}..={b}"))
                    }
                    (Some(a), None) if n < a => Some(format!("{name} {n} is less than {a}")),
                    (None, Some(b)) if n > b => Some(format!("{name} {n} is greater than {b}")),
                    _ => None,
                }),
            }
        }
        (Check::Int { .. }, Value::List { .. }) => {
            errors.push(format!("{name} takes one integer, not a list"));
        }
        (
            Check::Str {
                pattern,
                min_len,
                max_len,
            },
            Value::Scalar(v),
        ) => {
            let text = v.to_text();
            let len = text.chars().count();
            if let Some(m) = min_len.filter(|&m| len < m) {
                errors.push(format!(
                    "{name} {text:?} is shorter than {m} character{}",
                    plural(m)
                ));
            }
            if let Some(m) = max_len.filter(|&m| len > m) {
                errors.push(format!("{name} is {len} characters long, more than {m}"));
            }
            if let Some(p) = pattern {
                match regex_is_match(p, &text) {
                    Ok(true) => {}
                    Ok(false) => errors.push(format!("{name} {text:?} does not match {p}")),
                    Err(e) => {
                        errors.push(format!("{name}: the spec's pattern {p} is invalid: {e}"))
                    }
                }
            }
        }
        (Check::Str { .. }, Value::List { .. }) => {
            errors.push(format!("{name} takes one string, not a list"));
        }
        (
            Check::List {
                min_items,
                max_items,
            },
            v,
        ) => check_list(name, v, min_items, max_items, &mut errors),
        (
            Check::ListOf {
                min_items,
                max_items,
                item_pattern,
            },
            v,
        ) => {
            check_list(name, v, min_items, max_items, &mut errors);
            let items: Vec<String> = match v {
                Value::List { items, .. } => items.clone(),
                Value::Scalar(s) => s.to_text().split(',').map(str::to_owned).collect(),
            };
            for item in items.iter().filter(|i| !i.is_empty()) {
                match regex_is_match(item_pattern, item) {
                    Ok(true) => {}
                    Ok(false) => errors.push(format!(
                        "{name} item {item:?} does not match {item_pattern}"
                    )),
                    Err(e) => {
                        errors.push(format!(
                            "{name}: the spec's item pattern {item_pattern} is invalid: {e}"
                        ));
                        break;
                    }
                }
            }
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// The item count of a list against its bounds.
fn check_list(
    name: &str,
    v: &Value,
    min_items: Option<usize>,
    max_items: Option<usize>,
    errors: &mut Vec<String>,
) {
    let count = match v {
        Value::List { items, .. } => items.len(),
        Value::Scalar(s) => s.to_text().split(',').filter(|s| !s.is_empty()).count(),
    };
    if count == 0 {
        errors.push(format!(
            "{name} is an empty list (leave the parameter out instead)"
        ));
    } else {
        if let Some(m) = min_items.filter(|&m| count < m) {
            errors.push(format!(
                "{name} has {count} item{}, fewer than {m}",
                plural(count)
            ));
        }
        if let Some(m) = max_items.filter(|&m| count > m) {
            errors.push(format!(
                "{name} has {count} item{}, more than {m}",
                plural(count)
            ));
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
