//! Maps that refuse a key written twice. A plain `IndexMap` keeps the last of two entries
//! with the same key, silently; every map of the spec model is read through [`map`] (or
//! [`UniqueMap`] where it nests), so the typed parse itself reports the duplicate, with no
//! second, generic parse of each file.

use indexmap::IndexMap;
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use std::marker::PhantomData;

/// An `IndexMap<String, V>` whose deserialization fails on a repeated key.
pub(super) struct UniqueMap<V>(pub(super) IndexMap<String, V>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Self::Value, M::Error> {
                let mut out = IndexMap::with_capacity(m.size_hint().unwrap_or(0));
                while let Some(key) = m.next_key::<String>()? {
                    if out.contains_key(&key) {
                        // The same words as serde_yaml's own message for a repeated key.
                        return Err(M::Error::custom(format!(
                            "duplicate entry with key \"{key}\""
                        )));
                    }
                    let value = m.next_value()?;
                    out.insert(key, value);
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

/// `deserialize_with` for an `IndexMap<String, V>` field.
pub(super) fn map<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
    d: D,
) -> Result<IndexMap<String, V>, D::Error> {
    UniqueMap::deserialize(d).map(|m| m.0)
}
