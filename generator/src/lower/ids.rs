//! Pass: the typed ids. Every kind of `id_kinds` becomes one Rust type (`user` → `UserId`),
//! inline and `Copy` when its longest id fits 23 bytes, numeric when its pattern is digits only.

use super::runtime::RESERVED_TYPE_NAMES;
use super::Ctx;
use crate::ir::IrIdKind;
use crate::names;

/// The most bytes the runtime's inline id holds (`twitter_client::id::INLINE_CAPACITY`).
const INLINE_CAPACITY: usize = 23;

/// The length bounds `(min, max)` of a pattern of digits only: `^[0-9]{m,n}$` (`(m, Some(n))`),
/// `^[0-9]{n}$` (`(n, Some(n))`), `^[0-9]+$` (`(1, None)`); `None` for any other pattern.
pub(super) fn digit_bounds(pattern: &str) -> Option<(usize, Option<usize>)> {
    let body = pattern.strip_prefix("^[0-9]")?.strip_suffix('$')?;
    if body == "+" {
        return Some((1, None));
    }
    let bounds = body.strip_prefix('{')?.strip_suffix('}')?;
    match bounds.split_once(',') {
        Some((min, max)) => Some((min.parse().ok()?, Some(max.parse().ok()?))),
        None => {
            let n = bounds.parse().ok()?;
            Some((n, Some(n)))
        }
    }
}

/// Every id kind, in index order; names checked against the other types and the runtime's.
pub(super) fn lower(cx: &Ctx) -> Vec<IrIdKind> {
    let mut out: Vec<IrIdKind> = Vec::new();
    for (kind, (fi, def, _)) in &cx.index.id_kinds {
        let name = def.type_name(kind);
        let path = ["id_kinds", kind];
        if !names::is_upper_camel(&name) {
            cx.err(
                *fi,
                &path,
                format!("id type name `{name}` is not UpperCamelCase"),
                Some(format!("set `rust_name: {}`", names::upper_camel(&name))),
            );
            continue;
        }
        let taken = if cx.index.types.contains_key(name.as_str()) {
            Some("an enum or schema")
        } else if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
            Some("the client runtime")
        } else if out.iter().any(|o| o.name == name) {
            Some("another id kind")
        } else {
            None
        };
        if let Some(by) = taken {
            cx.err(
                *fi,
                &path,
                format!("the id type name `{name}` is already taken by {by}"),
                Some("set another `rust_name` on the id kind".into()),
            );
            continue;
        }
        let digits = digit_bounds(&def.pattern);
        let max = def.max_length.or(digits.and_then(|(_, max)| max));
        out.push(IrIdKind {
            doc: crate::docs::id_type(kind, &def.description, &def.pattern, max),
            name,
            kind: kind.to_string(),
            pattern: def.pattern.clone(),
            inline: max.is_some_and(|m| m <= INLINE_CAPACITY),
            numeric: digits.is_some(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, lower_errors, lower_ok};
    use super::*;

    #[test]
    fn patterns_decide_storage_and_numbers() {
        assert_eq!(digit_bounds("^[0-9]{1,19}$"), Some((1, Some(19))));
        assert_eq!(digit_bounds("^[0-9]{12}$"), Some((12, Some(12))));
        assert_eq!(digit_bounds("^[0-9]+$"), Some((1, None)));
        assert_eq!(digit_bounds("^([0-9]+)_([0-9]+)$"), None);
        assert_eq!(digit_bounds("^[a-z]{1,3}$"), None);
        let ir = lower_ok(
            "id_kinds:\n  user: { description: A user ID., pattern: \"^[0-9]{1,19}$\" }\n  media_key: { description: A media key., pattern: \"^([0-9]+)_([0-9]+)$\", max_length: 22, rust_name: MediaKey }\n  dm_conversation: { description: A DM conversation ID., pattern: \"^[0-9]{1,19}-[0-9]{1,19}$\", max_length: 39 }\n",
        );
        let got: Vec<(&str, bool, bool)> = ir
            .ids
            .iter()
            .map(|k| (k.name.as_str(), k.inline, k.numeric))
            .collect();
        assert_eq!(
            got,
            [
                ("UserId", true, true),
                ("MediaKey", true, false),
                ("DmConversationId", false, false)
            ]
        );
    }

    #[test]
    fn names_must_be_free() {
        assert_errors(
            &lower_errors("schemas:\n  UserId: { description: U., properties: {} }\nid_kinds:\n  user: { description: U., pattern: \"^[0-9]+$\" }\n  tweet: { description: T., pattern: \"^[0-9]+$\", rust_name: UserId }\n  client: { description: C., pattern: \"^[0-9]+$\", rust_name: Client }\n  odd: { description: O., pattern: \"^[0-9]+$\", rust_name: not_camel }\n"),
            &[
                "id_kinds.user: the id type name `UserId` is already taken by an enum or schema\n  hint: set another `rust_name` on the id kind",
                "id_kinds.tweet: the id type name `UserId` is already taken by an enum or schema\n  hint: set another `rust_name` on the id kind",
                "id_kinds.client: the id type name `Client` is already taken by the client runtime\n  hint: set another `rust_name` on the id kind",
                "id_kinds.odd: id type name `not_camel` is not UpperCamelCase\n  hint: set `rust_name: NotCamel`",
            ],
        );
    }
}
