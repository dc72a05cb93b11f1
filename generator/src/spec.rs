//! Stage 1 model: serde structs that mirror the YAML files of `spec/` one to one.
//!
//! Every struct denies unknown keys, so a misspelt key is an error and never a silently
//! ignored setting. Maps are [`IndexMap`]s so the generated code follows spec order.

use indexmap::IndexMap;
use serde::Deserialize;

/// One YAML file of the spec. Every section is optional; files are merged by the loader.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Authentication schemes, by name.
    #[serde(default)]
    pub auth: IndexMap<String, AuthScheme>,
    /// Enumerations (request field lists and response value sets), by Rust type name.
    #[serde(default)]
    pub enums: IndexMap<String, EnumDef>,
    /// Response (and request body) object schemas, by Rust type name.
    #[serde(default)]
    pub schemas: IndexMap<String, SchemaDef>,
    /// Request body schemas (JSON objects the client sends), by Rust type name.
    #[serde(default)]
    pub request_schemas: IndexMap<String, RequestSchemaDef>,
    /// Endpoints, by operation name (`get_liked_tweets`).
    #[serde(default)]
    pub endpoints: IndexMap<String, EndpointDef>,
    /// Shared parameter definitions, by definition name (`user_id`), referenced from an
    /// endpoint's `params` (or a parameter set) with `use: user_id` or just `user_id`.
    #[serde(default)]
    pub parameters: IndexMap<String, ParamDef>,
    /// Named groups of parameters (wire name → entry), added to an endpoint with
    /// `param_sets: [name]` after its own `params`.
    #[serde(default, deserialize_with = "entry_sets")]
    pub parameter_sets: IndexMap<String, IndexMap<String, ParamEntry>>,
}

impl SpecFile {
    /// Fills every endpoint's [`EndpointDef::params`] from its `params` entries and
    /// `param_sets`, as far as this file alone allows (a reference to another file's shared
    /// parameter or set, or an incomplete entry, is left out). Problems are not reported
    /// here: lowering reports them, and [`crate::load_checked_spec`] resolves across files.
    pub fn resolve_params_locally(&mut self) {
        let resolve = |entry: &ParamEntry| match &entry.use_ {
            Some(name) => self.parameters.get(name).map(|d| entry.over(d)),
            None => entry.complete().ok(),
        };
        let mut all = Vec::new();
        for ep in self.endpoints.values() {
            let mut params: IndexMap<String, ParamDef> = IndexMap::new();
            for (wire, entry) in &ep.param_entries {
                params.extend(resolve(entry).map(|d| (wire.clone(), d)));
            }
            for set in ep
                .param_sets
                .iter()
                .filter_map(|s| self.parameter_sets.get(s))
            {
                for (wire, entry) in set {
                    if !params.contains_key(wire) {
                        params.extend(resolve(entry).map(|d| (wire.clone(), d)));
                    }
                }
            }
            all.push(params);
        }
        for (ep, params) in self.endpoints.values_mut().zip(all) {
            ep.params = params;
        }
    }
}

/// Which kind of client an auth scheme belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthContext {
    /// App-only: an OAuth 2.0 Bearer token (`Client<AppOnly>`).
    App,
    /// On behalf of a user: OAuth 1.0a or an OAuth 2.0 user token (`Client<UserContext>`).
    User,
}

/// An authentication scheme (`auth:` section).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    /// Whether the scheme acts as the app or as a user.
    pub context: AuthContext,
    /// What the scheme is.
    pub description: String,
}

/// Whether an enum is a closed request-side list or an open response-side value set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumKind {
    /// Sent by the client (`tweet.fields`, `expansions`): closed, `ALL`, `as_str()`.
    Request,
    /// Received from the API (`reply_settings`): open, an unknown value is kept as a string.
    Response,
}

/// An enumeration (`enums:` section).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// `request` (closed) or `response` (open).
    pub kind: EnumKind,
    /// Documentation of the type.
    pub description: String,
    /// How a value is matched when decoding: `exact` (default) or `last_path_segment`
    /// (problem type URIs: `https://api.x.com/2/problems/usage-capped` → `usage-capped`).
    #[serde(default)]
    pub matching: Matching,
    /// The values, in order.
    pub values: Vec<EnumValue>,
    /// Work left for a person (see [`EndpointDef::todo`]); codegen refuses the enum until it
    /// is removed.
    #[serde(default)]
    pub todo: Option<String>,
}

/// How an open enum matches a wire string to a variant.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// The whole string.
    #[default]
    Exact,
    /// The part after the last `/`.
    LastPathSegment,
}

/// One value of an enum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire value, exactly as the API spells it.
    pub value: String,
    /// What it means.
    pub description: String,
    /// The Rust variant name when the derived UpperCamelCase one is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// `user` when the value may only be requested with user-context auth.
    #[serde(default)]
    pub auth: Option<AuthContext>,
    /// Where the value comes from (`seed`, `openapi-2.166`, `recorded`): documentation only.
    #[serde(default)]
    pub source: Option<String>,
}

/// An object schema (`schemas:` section).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaDef {
    /// Documentation of the type.
    pub description: String,
    /// The property that identifies an object, for O(1) lookups in `includes` (`id`, `media_key`).
    #[serde(default)]
    pub key: Option<String>,
    /// Keep properties the spec does not declare (in an `extra` map) so nothing is lost.
    #[serde(default)]
    pub additional_properties: bool,
    /// The properties, in order.
    pub properties: IndexMap<String, PropertyDef>,
}

/// A property of a schema, or a body field of an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    /// `string`, `integer`, `number`, `boolean`, `json`, `array`, or the name of a schema or enum.
    #[serde(rename = "type")]
    pub ty: String,
    /// Element type when `type: array`.
    #[serde(default)]
    pub items: Option<String>,
    /// What it means.
    pub description: String,
    /// Always present. Only `id` (and what the API cannot omit) should be required.
    #[serde(default)]
    pub required: bool,
    /// For an object-typed property: absent decodes as the empty object (not `Option`),
    /// and an empty object is omitted when serialising (`includes`, `meta`).
    #[serde(default)]
    pub default: bool,
    /// For an array of keyed objects: name of an O(1) lookup method on the parent (`user`).
    #[serde(default)]
    pub lookup: Option<String>,
    /// Wire format hint (`date-time`, `uri`): documentation only.
    #[serde(default)]
    pub format: Option<String>,
    /// The Rust field name when the derived snake_case one is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// A regular expression the value must match (request bodies only).
    #[serde(default)]
    pub pattern: Option<String>,
}

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
}

/// An endpoint (`endpoints:` section).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointDef {
    /// HTTP method.
    pub method: HttpMethod,
    /// Path with `{name}` placeholders: `/2/users/{id}/liked_tweets`.
    pub path: String,
    /// One line: what the endpoint does.
    pub summary: String,
    /// More documentation.
    #[serde(default)]
    pub description: Option<String>,
    /// Reference page.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Accepted auth schemes (names from `auth:`).
    pub auth: Vec<String>,
    /// OAuth 2.0 scopes a user token needs.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Rate limits.
    #[serde(default)]
    pub rate_limits: Vec<RateLimitDef>,
    /// Path and query parameters as written, in order: full definitions, or references to
    /// `parameters` (`use:`) with per-endpoint overrides.
    #[serde(default, rename = "params", deserialize_with = "entries")]
    pub param_entries: IndexMap<String, ParamEntry>,
    /// Parameter sets (from `parameter_sets`) whose parameters follow the endpoint's own
    /// `params`, in this order.
    #[serde(default)]
    pub param_sets: Vec<String>,
    /// Every parameter with references and sets resolved (not a YAML key: filled by
    /// [`crate::load_checked_spec`]; empty straight after parsing).
    #[serde(skip)]
    pub params: IndexMap<String, ParamDef>,
    /// The JSON body: the name of a request schema, or its members inline.
    #[serde(default)]
    pub body: Option<BodyDef>,
    /// Name of the response schema, or `empty` when the API answers with no body.
    pub response: String,
    /// How to page through results.
    #[serde(default)]
    pub pagination: Option<PaginationDef>,
    /// Marks an NDJSON stream (refused by codegen until the streams runtime exists).
    #[serde(default)]
    pub stream: Option<StreamDef>,
    /// Work left for a person (written by `cargo xtask import` for what the OpenAPI document
    /// cannot say, such as rate limits); codegen refuses the endpoint until it is removed.
    #[serde(default)]
    pub todo: Option<String>,
}

/// The streaming marker of an endpoint: the response is a stream of newline-delimited JSON
/// objects, each decoded as `event`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamDef {
    /// The schema each line decodes as.
    pub event: String,
}

/// A rate limit of an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitDef {
    /// `app` or `user`.
    pub scope: AuthContext,
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length in seconds.
    pub window_seconds: u32,
}

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
            items_pattern
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
        };
        Ok(self.over(&base))
    }
}

/// Pagination of an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationDef {
    /// The query parameter that takes a token (`pagination_token`).
    pub token_param: String,
    /// Dotted path of the next token in the response (`meta.next_token`).
    pub next_token: String,
    /// The response property holding the items (`data`).
    pub items: String,
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

fn entries<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, ParamEntry>, D::Error> {
    let raw = IndexMap::<String, Shorthand>::deserialize(d)?;
    Ok(raw.into_iter().map(|(k, v)| (k, v.0)).collect())
}

fn entry_sets<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<IndexMap<String, IndexMap<String, ParamEntry>>, D::Error> {
    let raw = IndexMap::<String, IndexMap<String, Shorthand>>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, set)| (k, set.into_iter().map(|(n, v)| (n, v.0)).collect()))
        .collect())
}

/// The `response` of an endpoint that answers with no body (a 204): `Response<()>`.
pub const EMPTY_RESPONSE: &str = "empty";

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
                IndexMap::deserialize(d).map(BodyDef::Members)
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
    /// The Rust name when the derived snake_case one is not wanted.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// A regular expression a string must match (anchored with `^…$`).
    #[serde(default)]
    pub pattern: Option<String>,
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
