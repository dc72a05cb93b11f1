//! Part of pass 4: a valid value of each required parameter and body member, which the
//! generated exercise tests send (every endpoint of the spec against a local server). A value
//! comes from the spec's `example:`, from the id kind's `example` (numeric kinds need none),
//! from the first value of an enum, or is made to fit the checks; a required string with a
//! `pattern` and no `example` is an error, since no value can be guessed for it. The values of
//! the fake X API's answers ([`super::answers`]) come from here too.

use super::Ctx;
use crate::ir::{IrCheck, IrValue, ParamKind, DATE_TIME_SAMPLE};

/// What an id of an unknown kind is (the unknown kind is reported where it is named).
const NUMERIC_ID_SAMPLE: &str = "1234567890";

/// The value of a number (`f64`).
pub(super) const NUMBER_SAMPLE: f64 = 1.5;

/// Why no value could be chosen: the message for the place that needs an `example:`.
pub(super) struct NoSample(pub String);

/// A valid id of the kind named `kind` (as the spec names it: `user`).
pub(super) fn id_sample(cx: &Ctx, kind: &str) -> Result<String, NoSample> {
    let Some((_, def, _)) = cx.index.id_kinds.get(kind) else {
        // An unknown kind is reported where it is named.
        return Ok(NUMERIC_ID_SAMPLE.to_string());
    };
    if let Some(example) = &def.example {
        return Ok(example.clone());
    }
    if let Some(digits) = digits_for(&def.pattern) {
        return Ok(digits);
    }
    Err(NoSample(format!(
        "the id kind `{kind}` is not numeric and has no `example`: the generated tests cannot send one"
    )))
}

/// A string of `example` fitted to the length limits.
pub(super) fn plain_string(min: Option<usize>, max: Option<usize>) -> String {
    let len = 7usize
        .max(min.unwrap_or(0))
        .min(max.unwrap_or(usize::MAX))
        .max(1);
    "example".chars().cycle().take(len).collect()
}

/// An integer within the limits (10 when they allow it).
pub(super) fn integer_value(min: Option<i64>, max: Option<i64>) -> i64 {
    10i64
        .max(min.unwrap_or(i64::MIN))
        .min(max.unwrap_or(i64::MAX))
}

/// [`integer_value`] as wire text.
fn integer(min: Option<i64>, max: Option<i64>) -> String {
    integer_value(min, max).to_string()
}

/// Digits for a pattern of digits alone (`^[0-9]+$`, `^[0-9]{1,19}$`, `^[0-9]{12}$`): ten of
/// them (`1234567890`), or as many as the pattern's bounds ask for; `None` for any other
/// pattern, or bounds that no length meets (a maximum below the minimum).
fn digits_for(pattern: &str) -> Option<String> {
    let (min, max) = super::ids::digit_bounds(pattern)?;
    let len = 10usize.max(min).min(max.unwrap_or(usize::MAX));
    (len >= min).then(|| "1234567890".chars().cycle().take(len).collect())
}

/// A string for the check, when no `example` is given.
fn string_for(check: &IrCheck) -> Result<String, NoSample> {
    let pattern = match check {
        IrCheck::Str { pattern, .. } => pattern.as_deref(),
        IrCheck::ListOf { item_pattern, .. } => Some(item_pattern.as_str()),
        _ => None,
    };
    if let Some(digits) = pattern.and_then(digits_for) {
        return Ok(digits);
    }
    match check {
        IrCheck::Str {
            pattern: Some(_), ..
        }
        | IrCheck::ListOf { .. } => Err(NoSample(
            "a required string with a `pattern` needs an `example:` (a valid value): the generated tests send it".into(),
        )),
        IrCheck::Str {
            pattern: None,
            min_len,
            max_len,
        } => Ok(plain_string(*min_len, *max_len)),
        _ => Ok(plain_string(None, None)),
    }
}

/// The first value of the enum named `name`.
pub(super) fn enum_sample(cx: &Ctx, name: &str) -> String {
    cx.enum_def(name)
        .and_then(|e| e.values.first())
        .map(|v| v.value.clone())
        .unwrap_or_default()
}

/// A valid value of a parameter: its wire text (a list's one item).
pub(super) fn param_sample(
    cx: &Ctx,
    kind: &ParamKind,
    check: &IrCheck,
    id_kind: Option<&str>,
    example: Option<&str>,
) -> Result<String, NoSample> {
    // A date-time is passed as a value and sent as the runtime writes it, whatever the example.
    if *kind == ParamKind::DateTime {
        return Ok(DATE_TIME_SAMPLE.into());
    }
    if let Some(example) = example {
        // A list's example is the list, comma-separated: its first item.
        let list = matches!(
            kind,
            ParamKind::StrList | ParamKind::IdList(_) | ParamKind::EnumList(_)
        );
        let one = if list {
            example.split(',').next().unwrap_or_default()
        } else {
            example
        };
        return Ok(one.trim().to_string());
    }
    match kind {
        ParamKind::Id(_) | ParamKind::IdList(_) => id_sample(cx, id_kind.unwrap_or_default()),
        ParamKind::Str | ParamKind::StrList => string_for(check),
        ParamKind::Unsigned | ParamKind::Int => Ok(match check {
            IrCheck::Int { min, max } => integer(*min, *max),
            _ => integer(None, None),
        }),
        ParamKind::Bool => Ok("true".into()),
        ParamKind::Enum(e) | ParamKind::EnumList(e) => Ok(enum_sample(cx, e)),
        ParamKind::DateTime => Ok(DATE_TIME_SAMPLE.into()),
    }
}

/// The bytes a `bytes` member is given in the exercise tests (sent as their base64 text).
pub const BYTES_SAMPLE: &str = "GIF89a";

/// A valid value of a body member: its wire text (a list's one item); `Ok(None)` for an
/// object, which the tests build from its own members.
pub(super) fn member_sample(
    cx: &Ctx,
    value: &IrValue,
    id_kind: Option<&str>,
    example: Option<&str>,
) -> Result<Option<String>, NoSample> {
    if let Some(example) = example {
        return Ok(Some(example.to_string()));
    }
    Ok(Some(match value {
        IrValue::Str(check) => string_for(check)?,
        IrValue::Id { .. } => id_sample(cx, id_kind.unwrap_or_default())?,
        IrValue::Int { check, .. } => match check {
            IrCheck::Int { min, max } => integer(*min, *max),
            _ => integer(None, None),
        },
        IrValue::Number => NUMBER_SAMPLE.to_string(),
        IrValue::Bool => "true".into(),
        IrValue::Bytes => BYTES_SAMPLE.into(),
        IrValue::Enum(e) => enum_sample(cx, e),
        IrValue::Object { .. } => return Ok(None),
        IrValue::List { item, .. } => return member_sample(cx, item, id_kind, None),
    }))
}
