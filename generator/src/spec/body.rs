//! Request bodies: `BodyDef` (a request schema's name or inline members), the
//! `request_schemas` section and the members and items of a body.

use super::*;

/// The `response` of an endpoint that answers with no body (a 204): `Response<()>`.
pub const EMPTY_RESPONSE: &str = "empty";

/// The `response` of an endpoint that answers with raw bytes (a media download):
/// `Response<Binary>`.
pub const BINARY_RESPONSE: &str = "binary";

/// The JSON body of an endpoint: `body: CreateTweetRequest` (a request schema) or
/// `body: { tweet_id: { ... } }` (members inline, with no rules between them).
#[derive(Debug)]
pub enum BodyDef {
    /// The name of a request schema.
    Schema(String),
    /// The members, in order.
    Members(IndexMap<String, MemberDef>),
}

impl EndpointDef {
    /// The members of the endpoint's body, inline or those of the request schema it names
    /// (looked up in `spec`), if any.
    pub fn body_members<'s>(
        &'s self,
        spec: &'s SpecFile,
    ) -> Option<&'s IndexMap<String, MemberDef>> {
        match self.body.as_ref()? {
            BodyDef::Members(m) => Some(m),
            BodyDef::Schema(name) => spec.request_schemas.get(name).map(|s| &s.properties),
        }
    }
}

impl<'de> Deserialize<'de> for BodyDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = BodyDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a request schema, or a map of body members")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<BodyDef, E> {
                Ok(BodyDef::Schema(v.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, m: M) -> Result<BodyDef, M::Error> {
                let d = serde::de::value::MapAccessDeserializer::new(m);
                super::unique::map(d).map(BodyDef::Members)
            }
        }
        d.deserialize_any(V)
    }
}

/// A request body schema (`request_schemas:` section): a JSON object the client sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSchemaDef {
    /// Documentation of the type.
    pub description: String,
    /// Groups of members of which at most one may be set (`[[media, poll, quote_tweet_id]]`).
    #[serde(default)]
    pub exclusive: Vec<Vec<String>>,
    /// Groups of members of which at least one must be set (`[[text, media]]`).
    #[serde(default)]
    pub at_least_one: Vec<Vec<String>>,
    /// The members, in order.
    #[serde(deserialize_with = "super::unique::map")]
    pub properties: IndexMap<String, MemberDef>,
}

/// A member of a request body (inline under `body:` or in a request schema).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberDef {
    /// `string`, `integer`, `number`, `boolean`, `array`, or the name of a request enum or
    /// request schema.
    #[serde(rename = "type")]
    pub ty: String,
    /// The item when `type: array`: a type name, or a map with `type` and its limits.
    #[serde(default)]
    pub items: Option<ItemDef>,
    /// What it means.
    pub description: String,
    /// Must be set: an argument of the endpoint method or of the type's `new`.
    #[serde(default)]
    pub required: bool,
    /// A valid value (a string member's), sent by the generated exercise tests.
    #[serde(default)]
    pub example: Option<String>,
    /// The Rust name when the derived snake_case one is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// A regular expression a string must match (anchored with `^…$`).
    #[serde(default)]
    pub pattern: Option<String>,
    /// The kind of id it holds (a name from `id_kinds`): the kind's pattern becomes `pattern`
    /// (or the item's `pattern` of an array of strings) and its description a line of the
    /// docs.
    #[serde(default)]
    pub id: Option<String>,
    /// Fewest characters of a string.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// Most characters of a string.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Smallest integer.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest integer.
    #[serde(default)]
    pub max: Option<i64>,
    /// Fewest items of an array.
    #[serde(default)]
    pub min_items: Option<usize>,
    /// Most items of an array.
    #[serde(default)]
    pub max_items: Option<usize>,
}

impl MemberDef {
    /// Fills in its id kind's pattern (as `pattern`, or the item's `pattern` of an array of
    /// strings) when it names a kind of `kinds` and gives no pattern of its own. Lowering
    /// reports an unknown kind or a pattern given twice.
    pub fn apply_id_kind(&mut self, kinds: &IndexMap<String, IdKindDef>) {
        let Some(kind) = self.id.as_ref().and_then(|id| kinds.get(id)) else {
            return;
        };
        let slot = match (&mut self.items, self.ty.as_str()) {
            (Some(item), "array") if item.ty == "string" => &mut item.pattern,
            _ => &mut self.pattern,
        };
        if slot.is_none() {
            *slot = Some(kind.pattern.clone());
        }
    }
}

/// The item of an array member: `items: string`, or `items: { type: string, max_length: 25 }`.
#[derive(Debug)]
pub struct ItemDef {
    /// `string`, `integer`, `number`, `boolean`, or the name of a request enum or schema.
    pub ty: String,
    /// A regular expression a string item must match.
    pub pattern: Option<String>,
    /// Fewest characters of a string item.
    pub min_length: Option<usize>,
    /// Most characters of a string item.
    pub max_length: Option<usize>,
    /// Smallest integer item.
    pub min: Option<i64>,
    /// Largest integer item.
    pub max: Option<i64>,
}

impl ItemDef {
    fn named(ty: &str) -> Self {
        ItemDef {
            ty: ty.to_string(),
            pattern: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
        }
    }
}

impl<'de> Deserialize<'de> for ItemDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ItemDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a type name, or a map with `type` and its limits")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ItemDef, E> {
                Ok(ItemDef::named(v))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, m: M) -> Result<ItemDef, M::Error> {
                let f = ItemFull::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(ItemDef {
                    ty: f.ty,
                    pattern: f.pattern,
                    min_length: f.min_length,
                    max_length: f.max_length,
                    min: f.min,
                    max: f.max,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The map form of [`ItemDef`] (a separate type so that the map keeps `deny_unknown_fields`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFull {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    min_length: Option<usize>,
    #[serde(default)]
    max_length: Option<usize>,
    #[serde(default)]
    min: Option<i64>,
    #[serde(default)]
    max: Option<i64>,
}
