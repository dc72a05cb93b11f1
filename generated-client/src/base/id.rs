//! Typed ids: one type per kind of id in the spec (`UserId`, `TweetId`, `MediaKey`, ...),
//! generated from `spec/ids.yaml` (the struct, then [`id_type!`](crate::runtime::id_type) for its
//! traits); this module holds
//! everything they share.
//!
//! - An id is kept exactly as the API sent it (a string; a JSON number is accepted too) and
//!   serialises back the same. Ids of kinds whose longest value fits 23 bytes (every numeric
//!   kind: 19 digits) are [`InlineId`]s: `Copy`, no allocation. Longer kinds (a one-to-one DM
//!   conversation id is two user ids joined by `-`) hold a `Box<str>`.
//! - An id derefs to `&str` and compares with `&str` and `String`.
//! - Method arguments take `impl IntoId<UserId>`: a `UserId`, a `&str`, a `String`, or a `u64`
//!   for numeric kinds (strings are checked against the kind's pattern before sending, as
//!   every parameter is). An id of another kind does not compile.
//! - `includes` lookups take `&impl IdKey<UserId>`: a `UserId` or a `str`.
//!
//! ```
//! use twitter_client::{TweetId, UserId};
//!
//! let id: TweetId = serde_json::from_str(r#""1293593516040269825""#).unwrap();
//! assert_eq!(id, "1293593516040269825");
//! assert_eq!(id.as_u64(), Some(1293593516040269825));
//! assert_eq!(serde_json::to_string(&id).unwrap(), r#""1293593516040269825""#);
//! let copy = id; // numeric ids are Copy
//! assert_eq!(copy, id);
//! assert!("12x".parse::<UserId>().is_err());
//! assert_eq!(UserId::from(2244994945u64), "2244994945");
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::base::pattern::regex_is_match;

/// The most bytes an [`InlineId`] holds.
pub const INLINE_CAPACITY: usize = 23;

/// An id of at most [`INLINE_CAPACITY`] bytes, held inline: `Copy`, no allocation.
#[derive(Clone, Copy)]
pub struct InlineId {
    len: u8,
    bytes: [u8; INLINE_CAPACITY],
}

impl InlineId {
    /// The text as an inline id; `None` when it is longer than [`INLINE_CAPACITY`] bytes.
    pub fn new(text: &str) -> Option<Self> {
        let len = text.len();
        if len > INLINE_CAPACITY {
            return None;
        }
        let mut bytes = [0; INLINE_CAPACITY];
        bytes[..len].copy_from_slice(text.as_bytes());
        Some(Self {
            len: len as u8,
            bytes,
        })
    }

    /// The decimal digits of `n` (at most 20 bytes, so it always fits).
    pub fn from_u64(mut n: u64) -> Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let len = digits.len() - start;
        let mut bytes = [0; INLINE_CAPACITY];
        bytes[..len].copy_from_slice(&digits[start..]);
        Self {
            len: len as u8,
            bytes,
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Built only from a `&str` or from ASCII digits, so always UTF-8; the fallback is
        // never taken.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// How a kind's id is stored: [`InlineId`] or `Box<str>`.
pub trait IdRepr: Sized {
    /// Keeps `text` as it is; `None` when this storage cannot hold it (too long to be inline).
    fn from_text(text: &str) -> Option<Self>;
    /// The decimal digits of `n`.
    fn from_u64(n: u64) -> Self;
    /// The empty id (`Default`).
    fn empty() -> Self;
    /// The id as text.
    fn as_str(&self) -> &str;
}

impl IdRepr for InlineId {
    fn from_text(text: &str) -> Option<Self> {
        InlineId::new(text)
    }
    fn from_u64(n: u64) -> Self {
        InlineId::from_u64(n)
    }
    fn empty() -> Self {
        InlineId {
            len: 0,
            bytes: [0; INLINE_CAPACITY],
        }
    }
    fn as_str(&self) -> &str {
        InlineId::as_str(self)
    }
}

impl IdRepr for Box<str> {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.into())
    }
    fn from_u64(n: u64) -> Self {
        n.to_string().into_boxed_str()
    }
    fn empty() -> Self {
        Box::default()
    }
    fn as_str(&self) -> &str {
        self
    }
}

/// What every typed id is (implemented by [`id_type!`](crate::runtime::id_type)).
pub trait IdType: Sized + 'static {
    /// The kind, as the spec names it (`user`, `tweet`, `media_key`).
    const KIND: &'static str;
    /// The anchored pattern every id of this kind matches, when the spec gives one.
    const PATTERN: Option<&'static str>;
    /// The id as text, exactly as the API sent it.
    fn as_str(&self) -> &str;
}

/// Marks the kinds whose ids are all digits: a `u64` converts into them.
pub trait NumericId: IdType {}

/// What a method argument of id kind `T` accepts: the typed id itself (or a reference to
/// it), a `&str` or `String` (checked against the kind's pattern before sending), and a `u64`
/// for numeric kinds. An id of another kind is refused at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a `{T}`",
    label = "expected a `{T}` (or a `&str`, a `String`, or a `u64` for numeric ids)",
    note = "ids of different kinds do not mix: check the order of the arguments"
)]
pub trait IntoId<T: IdType> {
    /// The id as the text sent in the request.
    fn into_id_text(self) -> String;
}

impl<T: IdType> IntoId<T> for T {
    fn into_id_text(self) -> String {
        self.as_str().to_owned()
    }
}

impl<T: IdType> IntoId<T> for &T {
    fn into_id_text(self) -> String {
        self.as_str().to_owned()
    }
}

impl<T: IdType> IntoId<T> for &str {
    fn into_id_text(self) -> String {
        self.to_owned()
    }
}

impl<T: IdType> IntoId<T> for String {
    fn into_id_text(self) -> String {
        self
    }
}

impl<T: IdType> IntoId<T> for &String {
    fn into_id_text(self) -> String {
        self.clone()
    }
}

impl<T: NumericId> IntoId<T> for u64 {
    fn into_id_text(self) -> String {
        self.to_string()
    }
}

/// What a lookup by an id of kind `T` accepts (`includes.user(..)`): the typed id, or a `str`.
/// An id of another kind is refused at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used to look up a `{T}`",
    label = "expected a `&{T}` or a `&str`",
    note = "ids of different kinds do not mix"
)]
pub trait IdKey<T: IdType> {
    /// The id as text.
    fn id_str(&self) -> &str;
}

impl<T: IdType> IdKey<T> for T {
    fn id_str(&self) -> &str {
        self.as_str()
    }
}

impl<T: IdType> IdKey<T> for str {
    fn id_str(&self) -> &str {
        self
    }
}

impl<T: IdType> IdKey<T> for String {
    fn id_str(&self) -> &str {
        self
    }
}

/// A string that is not an id of the kind asked for (`"12x".parse::<UserId>()`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind} id: {reason}")]
pub struct InvalidId {
    kind: &'static str,
    value: String,
    reason: String,
}

impl InvalidId {
    /// The kind asked for (`user`).
    pub fn kind(&self) -> &'static str {
        self.kind
    }
    /// The string refused.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// Checks `text` as an id of kind `T` (its pattern, and the storage's length) and stores it.
pub fn parse_id<T: IdType, R: IdRepr>(text: &str) -> Result<R, InvalidId> {
    let invalid = |reason: String| InvalidId {
        kind: T::KIND,
        value: text.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(invalid("it is empty".into()));
    }
    if let Some(pattern) = T::PATTERN {
        match regex_is_match(pattern, text) {
            Ok(true) => {}
            Ok(false) => return Err(invalid(format!("it does not match {pattern}"))),
            Err(e) => {
                return Err(invalid(format!(
                    "the spec's pattern {pattern} is invalid: {e}"
                )));
            }
        }
    }
    R::from_text(text).ok_or_else(|| invalid(format!("it is longer than {INLINE_CAPACITY} bytes")))
}

/// Decodes an id of kind `T` from a JSON string (or a non-negative number), kept as sent.
/// The pattern is not checked (a response is taken as the API sends it); only an id too
/// long for its storage is refused, as a decode error.
pub fn deserialize_id<'de, T: IdType, R: IdRepr, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<R, D::Error> {
    deserializer.deserialize_any(IdVisitor::<T, R>(PhantomData))
}

struct IdVisitor<T, R>(PhantomData<fn() -> (T, R)>);

impl<T: IdType, R: IdRepr> Visitor<'_> for IdVisitor<T, R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} id (a string)", T::KIND)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<R, E> {
        R::from_text(v).ok_or_else(|| {
            E::custom(format_args!(
                "a {} id of {} bytes, longer than {INLINE_CAPACITY}",
                T::KIND,
                v.len()
            ))
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<R, E> {
        Ok(R::from_u64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<R, E> {
        u64::try_from(v)
            .map(R::from_u64)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
}

/// The traits of one typed id (used by the generated `ids` module after each id type's
/// `pub struct UserId(InlineId);` or `pub struct DmConversationId(Box<str>);`): [`IdType`],
/// `Deref<Target = str>`, `AsRef<str>`, `Borrow<str>`, `Display`, `Debug`, `Default` (empty),
/// `FromStr` and `new` checking the pattern, comparisons with `str` and `String` both ways,
/// serde as a string; for numeric kinds also [`NumericId`], `From<u64>` and `as_u64()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __id_type {
    ($name:ident, $kind:literal, $pattern:expr, numeric) => {
        $crate::__id_type!($name, $kind, $pattern, text);
        impl $crate::runtime::NumericId for $name {}
        impl ::std::convert::From<u64> for $name {
            fn from(n: u64) -> Self {
                Self($crate::runtime::IdRepr::from_u64(n))
            }
        }
        impl $name {
            /// The id as a number; `None` if it is not 1 to 20 digits within `u64`.
            pub fn as_u64(&self) -> ::std::option::Option<u64> {
                self.as_str().parse().ok()
            }
        }
    };
    ($name:ident, $kind:literal, $pattern:expr, text) => {
        impl $crate::runtime::IdType for $name {
            const KIND: &'static str = $kind;
            const PATTERN: ::std::option::Option<&'static str> = $pattern;
            fn as_str(&self) -> &str {
                $crate::runtime::IdRepr::as_str(&self.0)
            }
        }

        impl $name {
            /// The id as text, exactly as the API sent it.
            pub fn as_str(&self) -> &str {
                $crate::runtime::IdRepr::as_str(&self.0)
            }
            /// Checks `text` against the kind's pattern.
            pub fn new(text: &str) -> ::std::result::Result<Self, $crate::runtime::InvalidId> {
                $crate::runtime::parse_id::<Self, _>(text).map(Self)
            }
        }

        impl ::std::default::Default for $name {
            /// An empty id (what a missing one decodes to where the type needs a default).
            fn default() -> Self {
                Self($crate::runtime::IdRepr::empty())
            }
        }
        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = $crate::runtime::InvalidId;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::new(text)
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name))
                    .field(&self.as_str())
                    .finish()
            }
        }
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::Eq for $name {}
        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }
        /// The order of the text, as for `str` (so that `Borrow<str>` holds).
        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }
        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl ::std::cmp::PartialEq<::std::string::String> for $name {
            fn eq(&self, other: &::std::string::String) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::cmp::PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }
        impl ::std::cmp::PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }
        impl ::std::cmp::PartialEq<$name> for ::std::string::String {
            fn eq(&self, other: &$name) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(id: $name) -> Self {
                id.as_str().to_owned()
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_id::<Self, _, D>(d).map(Self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test id.
    #[derive(Clone, Copy)]
    pub struct TestId(InlineId);
    crate::__id_type!(TestId, "test", Some("^[0-9]{1,19}$"), numeric);

    /// A long test id.
    #[derive(Clone)]
    pub struct LongId(Box<str>);
    crate::__id_type!(LongId, "long", Some("^[0-9]{1,19}-[0-9]{1,19}$"), text);

    /// An id without a pattern.
    #[derive(Clone, Copy)]
    pub struct FreeId(InlineId);
    crate::__id_type!(FreeId, "free", None, text);

    #[test]
    fn inline_ids_keep_the_text_exactly() {
        for text in ["0", "007", "1293593516040269825", "18446744073709551615"] {
            let id: TestId = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(id.as_str(), text);
            assert_eq!(serde_json::to_string(&id).unwrap(), format!("{text:?}"));
        }
        assert_eq!(std::mem::size_of::<TestId>(), 24);
        assert_eq!(std::mem::size_of::<Option<TestId>>(), 25);
    }

    #[test]
    fn numbers_decode_as_their_digits() {
        let id: TestId = serde_json::from_str("1293593516040269825").unwrap();
        assert_eq!(id, "1293593516040269825");
        assert_eq!(id.as_u64(), Some(1293593516040269825));
        assert_eq!(TestId::from(0u64), "0");
        assert_eq!(TestId::from(u64::MAX), "18446744073709551615");
        let err = serde_json::from_str::<TestId>("-5").unwrap_err();
        assert!(err.to_string().contains("a test id"), "{err}");
        let err = serde_json::from_str::<TestId>("true").unwrap_err();
        assert!(err.to_string().contains("a test id"), "{err}");
    }

    #[test]
    fn too_long_for_inline_is_a_decode_error_and_boxed_ids_take_any_length() {
        let long = "1234567890123456789-1234567890123456789";
        let err = serde_json::from_str::<TestId>(&format!("{long:?}")).unwrap_err();
        assert!(
            err.to_string().contains("39 bytes, longer than 23"),
            "{err}"
        );
        let id: LongId = serde_json::from_str(&format!("{long:?}")).unwrap();
        assert_eq!(id, long);
        let clone = id.clone();
        assert_eq!(clone, id);
    }

    #[test]
    fn parsing_checks_the_pattern() {
        assert_eq!("2244994945".parse::<TestId>().unwrap(), "2244994945");
        let err = "12x".parse::<TestId>().unwrap_err();
        assert_eq!(err.kind(), "test");
        assert_eq!(err.value(), "12x");
        assert_eq!(
            err.to_string(),
            "\"12x\" is not a test id: it does not match ^[0-9]{1,19}$"
        );
        assert!("".parse::<FreeId>().is_err());
        assert_eq!("abc_def".parse::<FreeId>().unwrap(), "abc_def");
        let err = "x".repeat(24).parse::<FreeId>().unwrap_err();
        assert!(err.to_string().contains("longer than 23 bytes"), "{err}");
        assert!("1-2".parse::<LongId>().is_ok());
        assert!("12".parse::<LongId>().is_err());
    }

    #[test]
    fn ids_compare_hash_and_print_as_their_text() {
        use std::collections::HashMap;
        let id = TestId::from(42u64);
        let owned = String::from("42");
        assert_eq!(id, "42");
        assert_eq!("42", id);
        assert_eq!(id, owned);
        assert_eq!(owned, id);
        assert_eq!(format!("{id}"), "42");
        assert_eq!(format!("{id:?}"), "TestId(\"42\")");
        assert_eq!(&*id, "42");
        let mut by_id = HashMap::new();
        by_id.insert(id, "answer");
        assert_eq!(by_id.get("42"), Some(&"answer"));
        let mut ids = vec![TestId::from(9u64), TestId::from(10u64)];
        ids.sort();
        assert_eq!(ids, ["10", "9"]);
    }

    fn sent<T: IdType>(arg: impl IntoId<T>) -> String {
        arg.into_id_text()
    }

    fn key<T: IdType>(k: &(impl IdKey<T> + ?Sized)) -> &str {
        k.id_str()
    }

    #[test]
    fn arguments_and_keys_take_strings_numbers_and_the_typed_id() {
        let id = TestId::from(7u64);
        assert_eq!(sent::<TestId>(id), "7");
        assert_eq!(sent::<TestId>(&id), "7");
        assert_eq!(sent::<TestId>("8"), "8");
        assert_eq!(sent::<TestId>(String::from("9")), "9");
        assert_eq!(sent::<TestId>(10u64), "10");
        assert_eq!(key::<TestId>(&id), "7");
        assert_eq!(key::<TestId>("11"), "11");
        assert_eq!(sent::<LongId>("1-2"), "1-2");
    }
}
