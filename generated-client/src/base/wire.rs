//! Wire helpers used by the generated models: field enums ([`WireEnum`]), keyed lookups
//! ([`Keyed`], [`Indexed`]), open enums ([`deserialize_open`]) and integers that may arrive
//! as strings ([`lenient`]); and [`from_json`], the one JSON decode of response bodies.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Decodes a JSON body the way the client decodes every response, for bodies you stored
/// yourself (a saved page, a line of an export, a fixture in your tests).
///
/// The whole body is checked to be UTF-8 once, then parsed as text: serde_json then skips
/// its check of each string value, which on a page of tweets (thousands of short strings) is
/// about a fifth of the decode time. A body that is not UTF-8 is parsed as bytes, so the error
/// is serde_json's own (with its line and column).
///
/// ```
/// let user: twitter_client::User =
///     twitter_client::from_json(br#"{"id":"2244994945","name":"X Dev","username":"XDevelopers"}"#)?;
/// assert_eq!(user.username.as_deref(), Some("XDevelopers"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
}

/// A request-side enum whose values are sent as strings (field and expansion names).
pub trait WireEnum: Copy + 'static {
    /// Every value, in spec order.
    const ALL: &'static [Self];
    /// The wire value, such as `created_at` or `author_id`.
    fn as_str(&self) -> &'static str;
    /// `true` when the API returns this value only with user-context auth (for example
    /// `non_public_metrics`); asking for it with an app-only client is refused before
    /// sending.
    fn user_context_only(&self) -> bool;
}

/// The wire values of every value of `E`, in spec order (what the fake X API accepts for a
/// parameter of that enum).
pub fn wire_values<E: WireEnum>() -> Vec<&'static str> {
    E::ALL.iter().map(WireEnum::as_str).collect()
}

/// A model with a unique key (a user's `id`, a media item's `media_key`).
pub trait Keyed {
    /// The key.
    fn key(&self) -> &str;
}

/// A list (such as `includes.users`) that (de)serializes as a JSON array and offers O(1)
/// lookups by [`Keyed::key`].
///
/// The index is built once, on the first [`Indexed::get`], so decoding stays as cheap as
/// for a `Vec`. The list cannot be changed in place (that would stale the index): build a
/// new one with [`From<Vec<T>>`] or [`FromIterator`], or take the items out with
/// [`Indexed::into_vec`]. When two items share a key, `get` returns the first.
///
/// ```
/// use twitter_client::wire::{Indexed, Keyed};
///
/// #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
/// struct User { id: String, name: String }
/// impl Keyed for User { fn key(&self) -> &str { &self.id } }
///
/// let users: Indexed<User> =
///     serde_json::from_str(r#"[{"id":"1","name":"a"},{"id":"2","name":"b"}]"#).unwrap();
/// assert_eq!(users.get("2").map(|u| u.name.as_str()), Some("b"));
/// assert!(users.get("3").is_none());
/// assert_eq!(users.len(), 2);
/// ```
pub struct Indexed<T> {
    items: Vec<T>,
    index: OnceLock<HashMap<Box<str>, usize>>,
}

impl<T> Indexed<T> {
    /// An empty list.
    pub fn new() -> Self {
        Self {
            items: Vec::new(),
            index: OnceLock::new(),
        }
    }

    /// `true` when there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Iterates over the items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The items as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, in order.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T: Keyed> Indexed<T> {
    /// The item whose key is `key`, in O(1) (the index is built on the first call).
    pub fn get(&self, key: &str) -> Option<&T> {
        let index = self.index.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.items.len());
            for (i, item) in self.items.iter().enumerate() {
                map.entry(Box::from(item.key())).or_insert(i);
            }
            map
        });
        index.get(key).map(|&i| &self.items[i])
    }

    /// `true` when an item has this key.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl<T> Default for Indexed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> Clone for Indexed<T> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
            index: self.index.clone(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Indexed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<T: PartialEq> PartialEq for Indexed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Eq> Eq for Indexed<T> {}

impl<T> Deref for Indexed<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> AsRef<[T]> for Indexed<T> {
    fn as_ref(&self) -> &[T] {
        &self.items
    }
}

impl<T> From<Vec<T>> for Indexed<T> {
    fn from(items: Vec<T>) -> Self {
        Self {
            items,
            index: OnceLock::new(),
        }
    }
}

impl<T> From<Indexed<T>> for Vec<T> {
    fn from(list: Indexed<T>) -> Self {
        list.items
    }
}

impl<T> FromIterator<T> for Indexed<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> IntoIterator for Indexed<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Indexed<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for Indexed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Indexed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(Self::from)
    }
}

/// Deserializes an open enum from a JSON string with its `from_wire` constructor, which
/// maps unknown values to an `Unknown(String)`-style variant instead of failing. Accepts
/// borrowed and owned strings.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// enum Reply { Everyone, Unknown(String) }
/// impl Reply {
///     fn from_wire(s: &str) -> Self {
///         match s { "everyone" => Reply::Everyone, o => Reply::Unknown(o.to_owned()) }
///     }
/// }
/// let mut de = serde_json::Deserializer::from_str(r#""subscribers""#);
/// let r = twitter_client::wire::deserialize_open(&mut de, Reply::from_wire).unwrap();
/// assert_eq!(r, Reply::Unknown("subscribers".into()));
/// ```
pub fn deserialize_open<'de, D: Deserializer<'de>, T>(
    d: D,
    from_wire: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct OpenVisitor<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for OpenVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }

    d.deserialize_str(OpenVisitor(from_wire))
}

/// Integers that the API sometimes sends as JSON strings of digits (`"123"`). Use with
/// `#[serde(default, deserialize_with = "crate::wire::lenient::opt_i64")]` on an
/// `Option<i64>` field, or `deserialize_with = "crate::wire::lenient::i64"` on an `i64`.
///
/// Accepted: JSON integers, floats with no fractional part, and strings holding an
/// integer (surrounding spaces allowed). `opt_i64` also maps `null` and `""` to `None`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Metrics {
///     #[serde(default, deserialize_with = "twitter_client::wire::lenient::opt_i64")]
///     like_count: Option<i64>,
/// }
/// let m: Metrics = serde_json::from_str(r#"{"like_count":"42"}"#).unwrap();
/// assert_eq!(m.like_count, Some(42));
/// ```
pub mod lenient {
    use super::*;

    struct IntVisitor<T>(PhantomData<T>);

    trait FromInt: Sized {
        fn some(v: i64) -> Self;
        fn none() -> Option<Self>;
    }

    impl FromInt for i64 {
        fn some(v: i64) -> Self {
            v
        }
        fn none() -> Option<Self> {
            None
        }
    }

    impl FromInt for Option<i64> {
        fn some(v: i64) -> Self {
            Some(v)
        }
        fn none() -> Option<Self> {
            Some(None)
        }
    }

    impl<'de, T: FromInt> Visitor<'de> for IntVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string holding an integer")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::some(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            i64::try_from(v)
                .map(T::some)
                .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &"an i64"))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            if v.fract() == 0.0 && v >= i64::MIN as f64 && v <= i64::MAX as f64 {
                Ok(T::some(v as i64))
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            let t = v.trim();
            if t.is_empty() {
                if let Some(none) = T::none() {
                    return Ok(none);
                }
            }
            t.parse::<i64>()
                .map(T::some)
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            T::none().ok_or_else(|| E::invalid_type(de::Unexpected::Unit, &self))
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            self.visit_unit()
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_any(self)
        }
    }

    /// An optional integer that may arrive as a string (`null` and `""` give `None`).
    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_any(IntVisitor::<Option<i64>>(PhantomData))
    }

    /// An integer that may arrive as a string.
    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(IntVisitor::<i64>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct User {
        id: String,
    }

    impl Keyed for User {
        fn key(&self) -> &str {
            &self.id
        }
    }

    #[derive(Debug, Deserialize)]
    struct Counts {
        #[serde(default, deserialize_with = "lenient::opt_i64")]
        a: Option<i64>,
        #[serde(deserialize_with = "lenient::i64")]
        b: i64,
    }

    #[test]
    fn indexed_round_trips_and_looks_up() {
        let json = r#"[{"id":"1"},{"id":"2"},{"id":"1"}]"#;
        let list: Indexed<User> = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&list).unwrap(), json);
        assert_eq!(list.get("1"), Some(&list[0]));
        assert!(list.contains_key("2"));
        assert!(list.get("9").is_none());
        let copy = list.clone();
        assert_eq!(copy, list);
        assert_eq!(copy.get("2"), Some(&copy[1]));
        assert_eq!((&copy).into_iter().count(), 3);
        assert_eq!(
            format!("{:?}", Indexed::from(vec![User { id: "x".into() }])),
            "[User { id: \"x\" }]"
        );
        let empty: Indexed<User> = Indexed::default();
        assert!(empty.is_empty() && empty.get("1").is_none());
        let collected: Indexed<User> = list.into_iter().filter(|u| u.id == "2").collect();
        assert_eq!(collected.into_vec(), vec![User { id: "2".into() }]);
    }

    #[test]
    fn lenient_integers() {
        let c: Counts = serde_json::from_str(r#"{"a":"12","b":3}"#).unwrap();
        assert_eq!((c.a, c.b), (Some(12), 3));
        let c: Counts = serde_json::from_str(r#"{"b":" 7 "}"#).unwrap();
        assert_eq!((c.a, c.b), (None, 7));
        let c: Counts = serde_json::from_str(r#"{"a":null,"b":4.0}"#).unwrap();
        assert_eq!((c.a, c.b), (None, 4));
        let c: Counts = serde_json::from_str(r#"{"a":"","b":-2}"#).unwrap();
        assert_eq!((c.a, c.b), (None, -2));
        for bad in [
            r#"{"b":"x"}"#,
            r#"{"b":null}"#,
            r#"{"b":""}"#,
            r#"{"b":1.5}"#,
            r#"{"b":18446744073709551615}"#,
            r#"{"b":[1]}"#,
            r#"{"a":true,"b":1}"#,
        ] {
            assert!(serde_json::from_str::<Counts>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn open_enum_accepts_owned_and_borrowed() {
        fn wire(s: &str) -> String {
            format!("<{s}>")
        }
        let mut de = serde_json::Deserializer::from_str(r#""a\nb""#);
        assert_eq!(deserialize_open(&mut de, wire).unwrap(), "<a\nb>");
        let v = serde_json::json!("x");
        assert_eq!(deserialize_open(v, wire).unwrap(), "<x>");
        let mut de = serde_json::Deserializer::from_str("3");
        assert!(deserialize_open(&mut de, wire).is_err());
    }
}
