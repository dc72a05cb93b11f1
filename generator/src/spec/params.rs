//! Parameters: `ParamDef` (a full definition), `ParamEntry` (a definition or a `use:`
//! reference with overrides), and how an endpoint's `params` are read.

use super::*;

/// A path or query parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    /// `path` or `query`.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// `string`, `integer`, `boolean`, or `array` (with `items` naming a request enum).
    #[serde(rename = "type")]
    pub ty: String,
    /// Element type when `type: array`.
    #[serde(default)]
    pub items: Option<String>,
    /// What it does.
    pub description: String,
    /// Must be given (path parameters always are).
    #[serde(default)]
    pub required: bool,
    /// Smallest allowed integer.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest allowed integer.
    #[serde(default)]
    pub max: Option<i64>,
    /// The API's default, for documentation.
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    /// A regular expression a string must match (anchored with `^…$`).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Shortest allowed string.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// Longest allowed string.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Fewest list items.
    #[serde(default)]
    pub min_items: Option<usize>,
    /// Most list items.
    #[serde(default)]
    pub max_items: Option<usize>,
    /// The Rust name when the derived snake_case one is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// An example value, for documentation.
    #[serde(default)]
    pub example: Option<String>,
    /// Wire format of a string: `date-time` makes the setter take a `time::OffsetDateTime`
    /// (sent as RFC 3339 in UTC).
    #[serde(default)]
    pub format: Option<String>,
    /// A regular expression each item of a `type: array, items: string` list must match.
    #[serde(default)]
    pub items_pattern: Option<String>,
    /// The kind of id it holds (a name from `id_kinds`): the kind's pattern becomes `pattern`
    /// (or `items_pattern` of a `type: array, items: string` list) and its description a
    /// line of the docs.
    #[serde(default)]
    pub id: Option<String>,
}

impl ParamDef {
    /// The definition with its id kind's pattern filled in (as `pattern`, or `items_pattern`
    /// of a list), when it names a kind of `kinds` and gives no pattern of its own; otherwise
    /// unchanged. Lowering reports an unknown kind or a pattern given twice.
    pub fn with_id_kind(mut self, kinds: &IndexMap<String, super::IdKindDef>) -> ParamDef {
        let Some(kind) = self.id.as_ref().and_then(|id| kinds.get(id)) else {
            return self;
        };
        let slot = if self.ty == "array" {
            &mut self.items_pattern
        } else {
            &mut self.pattern
        };
        if slot.is_none() {
            *slot = Some(kind.pattern.clone());
        }
        self
    }
}

/// A parameter as written in an endpoint's `params` or in a parameter set: a full definition,
/// or `use: <name of a shared parameter>` with any key overriding the shared one. A plain
/// string is short for `{ use: <string> }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamEntry {
    /// The shared parameter (from `parameters`) this entry starts from.
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    /// See [`ParamDef::location`].
    #[serde(default, rename = "in")]
    pub location: Option<ParamLocation>,
    /// See [`ParamDef::ty`].
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// See [`ParamDef::items`].
    #[serde(default)]
    pub items: Option<String>,
    /// See [`ParamDef::description`].
    #[serde(default)]
    pub description: Option<String>,
    /// See [`ParamDef::required`].
    #[serde(default)]
    pub required: Option<bool>,
    /// See [`ParamDef::min`].
    #[serde(default)]
    pub min: Option<i64>,
    /// See [`ParamDef::max`].
    #[serde(default)]
    pub max: Option<i64>,
    /// See [`ParamDef::default`].
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    /// See [`ParamDef::pattern`].
    #[serde(default)]
    pub pattern: Option<String>,
    /// See [`ParamDef::min_length`].
    #[serde(default)]
    pub min_length: Option<usize>,
    /// See [`ParamDef::max_length`].
    #[serde(default)]
    pub max_length: Option<usize>,
    /// See [`ParamDef::min_items`].
    #[serde(default)]
    pub min_items: Option<usize>,
    /// See [`ParamDef::max_items`].
    #[serde(default)]
    pub max_items: Option<usize>,
    /// See [`ParamDef::rust_name`].
    #[serde(default)]
    pub rust_name: Option<String>,
    /// See [`ParamDef::example`].
    #[serde(default)]
    pub example: Option<String>,
    /// See [`ParamDef::format`].
    #[serde(default)]
    pub format: Option<String>,
    /// See [`ParamDef::id`].
    #[serde(default)]
    pub id: Option<String>,
    /// See [`ParamDef::items_pattern`].
    #[serde(default)]
    pub items_pattern: Option<String>,
}

impl ParamEntry {
    /// The entry laid over `base` (a shared definition): every key the entry sets wins.
    pub fn over(&self, base: &ParamDef) -> ParamDef {
        let mut d = base.clone();
        macro_rules! take {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f { d.$f = Some(v.clone()); } )* };
        }
        take!(
            items,
            min,
            max,
            default,
            pattern,
            min_length,
            max_length,
            min_items,
            max_items,
            rust_name,
            example,
            format,
            items_pattern,
            id
        );
        if let Some(l) = self.location {
            d.location = l;
        }
        if let Some(t) = &self.ty {
            d.ty = t.clone();
        }
        if let Some(t) = &self.description {
            d.description = t.clone();
        }
        if let Some(r) = self.required {
            d.required = r;
        }
        d
    }

    /// The entry as a full definition, when it has every key a definition needs; otherwise
    /// the names of the missing keys.
    pub fn complete(&self) -> Result<ParamDef, Vec<&'static str>> {
        let missing: Vec<&'static str> = [
            ("in", self.location.is_none()),
            ("type", self.ty.is_none()),
            ("description", self.description.is_none()),
        ]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
        let (Some(location), Some(ty), Some(description)) =
            (self.location, self.ty.clone(), self.description.clone())
        else {
            return Err(missing);
        };
        let base = ParamDef {
            location,
            ty,
            items: None,
            description,
            required: false,
            min: None,
            max: None,
            default: None,
            pattern: None,
            min_length: None,
            max_length: None,
            min_items: None,
            max_items: None,
            rust_name: None,
            example: None,
            format: None,
            items_pattern: None,
            id: None,
        };
        Ok(self.over(&base))
    }
}

/// A [`ParamEntry`] that may also be written as a plain string (the name it `use`s).
struct Shorthand(ParamEntry);

impl<'de> Deserialize<'de> for Shorthand {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Shorthand;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a parameter (a mapping) or the name of a shared parameter")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Shorthand, E> {
                Ok(Shorthand(ParamEntry {
                    use_: Some(v.to_string()),
                    ..ParamEntry::default()
                }))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, m: M) -> Result<Shorthand, M::Error> {
                ParamEntry::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(Shorthand)
            }
        }
        d.deserialize_any(V)
    }
}

pub(super) fn entries<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, ParamEntry>, D::Error> {
    let raw = super::unique::map::<_, Shorthand>(d)?;
    Ok(raw.into_iter().map(|(k, v)| (k, v.0)).collect())
}

pub(super) fn entry_sets<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, IndexMap<String, ParamEntry>>, D::Error> {
    let raw = super::unique::map::<_, super::unique::UniqueMap<Shorthand>>(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, set)| (k, set.0.into_iter().map(|(n, v)| (n, v.0)).collect()))
        .collect())
}
