//! Stage 1 model: serde structs that mirror the YAML files of `spec/` one to one.
//!
//! Every struct denies unknown keys, so a misspelt key is an error and never a silently
//! ignored setting. Maps are [`IndexMap`]s so the generated code follows spec order.

use indexmap::IndexMap;
use serde::Deserialize;

mod body;
mod params;
mod unique;

pub use body::{BodyDef, ItemDef, MemberDef, RequestSchemaDef, BINARY_RESPONSE, EMPTY_RESPONSE};
pub use params::{ParamDef, ParamEntry};

/// One YAML file of the spec. Every section is optional; files are merged by the loader.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Authentication schemes, by name.
    #[serde(default, deserialize_with = "unique::map")]
    pub auth: IndexMap<String, AuthScheme>,
    /// Enumerations (request field lists and response value sets), by Rust type name.
    #[serde(default, deserialize_with = "unique::map")]
    pub enums: IndexMap<String, EnumDef>,
    /// Response (and request body) object schemas, by Rust type name.
    #[serde(default, deserialize_with = "unique::map")]
    pub schemas: IndexMap<String, SchemaDef>,
    /// Request body schemas (JSON objects the client sends), by Rust type name.
    #[serde(default, deserialize_with = "unique::map")]
    pub request_schemas: IndexMap<String, RequestSchemaDef>,
    /// Endpoints, by operation name (`get_liked_tweets`).
    #[serde(default, deserialize_with = "unique::map")]
    pub endpoints: IndexMap<String, EndpointDef>,
    /// Shared parameter definitions, by definition name (`user_id`), referenced from an
    /// endpoint's `params` (or a parameter set) with `use: user_id` or just `user_id`.
    #[serde(default, deserialize_with = "unique::map")]
    pub parameters: IndexMap<String, ParamDef>,
    /// Named groups of parameters (wire name → entry), added to an endpoint with
    /// `param_sets: [name]` after its own `params`.
    #[serde(default, deserialize_with = "params::entry_sets")]
    pub parameter_sets: IndexMap<String, IndexMap<String, ParamEntry>>,
    /// Kinds of ids (`user`, `tweet`, ...), by name: a parameter with `id: user` takes the
    /// kind's pattern and description.
    #[serde(default, deserialize_with = "unique::map")]
    pub id_kinds: IndexMap<String, IdKindDef>,
    /// The cargo feature that compiles this file's endpoints (a file with `endpoints:` only).
    #[serde(default)]
    pub feature: Option<FeatureDef>,
}

/// The cargo feature of an endpoint file (`feature:` section): the file's module, and the
/// types only its endpoints use, are compiled only with it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureDef {
    /// The feature's name (`likes`): lowercase letters, digits and `_`.
    pub name: String,
    /// One line on what the feature holds, written above it in the client's `Cargo.toml`.
    pub description: String,
    /// On by default (in the client's `default-groups` feature).
    #[serde(default)]
    pub default: bool,
}

/// A kind of id (`id_kinds:` section): what a parameter with `id: <kind>` holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdKindDef {
    /// One sentence for the docs of every parameter holding it (`A user ID.`).
    pub description: String,
    /// A valid id of the kind, sent by the generated exercise tests where a required
    /// parameter or body member holds one (numeric kinds default to `1234567890`).
    #[serde(default)]
    pub example: Option<String>,
    /// The anchored regular expression every such id matches.
    pub pattern: String,
    /// The longest id of the kind, in bytes. Up to 23, the generated id type is `Copy` and
    /// allocation-free; longer (or unknown), it holds a `Box<str>`. Without it, a pattern of
    /// the form `^[0-9]{m,n}$` gives `n`.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// The Rust type name when `<Kind>Id` (UpperCamelCase of the kind) is not wanted
    /// (`MediaKey` for `media_key`).
    #[serde(default)]
    pub rust_name: Option<String>,
}

impl IdKindDef {
    /// The Rust type of the kind named `kind`: its `rust_name`, else `<UpperCamel kind>Id`
    /// (`user` → `UserId`).
    pub fn type_name(&self, kind: &str) -> String {
        self.rust_name
            .clone()
            .unwrap_or_else(|| format!("{}Id", crate::names::upper_camel(kind)))
    }
}

impl SpecFile {
    /// Fills every endpoint's [`EndpointDef::params`] from its `params` entries and
    /// `param_sets`, as far as this file alone allows (a reference to another file's shared
    /// parameter or set, or an incomplete entry, is left out). Problems are not reported
    /// here: lowering reports them, and [`crate::load_checked_spec`] resolves across files.
    pub fn resolve_params_locally(&mut self) {
        let resolve = |entry: &ParamEntry| {
            match &entry.use_ {
                Some(name) => self.parameters.get(name).map(|d| entry.over(d)),
                None => entry.complete().ok(),
            }
            .map(|d| d.with_id_kind(&self.id_kinds))
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

impl SpecFile {
    /// Fills every request body member's pattern from its id kind (inline bodies and request
    /// schemas; see [`MemberDef::apply_id_kind`]), with the kinds of this file.
    pub fn apply_id_kinds_to_members(&mut self) {
        let kinds = &self.id_kinds;
        let inline = self
            .endpoints
            .values_mut()
            .filter_map(|ep| match &mut ep.body {
                Some(BodyDef::Members(m)) => Some(m),
                _ => None,
            });
        let schemas = self.request_schemas.values_mut().map(|s| &mut s.properties);
        for members in inline.chain(schemas) {
            members.values_mut().for_each(|m| m.apply_id_kind(kinds));
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

/// Which kind of client sends an auth scheme (`context:` of an `auth:` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SchemeContext {
    /// An app-only Bearer token: `Client<AppOnly>`.
    #[serde(rename = "app")]
    App,
    /// OAuth 1.0a User Context: `Client<OAuth1User>`.
    #[serde(rename = "oauth1_user")]
    OAuth1User,
    /// An OAuth 2.0 user token: `Client<OAuth2User>`.
    #[serde(rename = "oauth2_user")]
    OAuth2User,
}

impl SchemeContext {
    /// App or user.
    pub fn context(self) -> AuthContext {
        match self {
            Self::App => AuthContext::App,
            Self::OAuth1User | Self::OAuth2User => AuthContext::User,
        }
    }
}

/// An authentication scheme (`auth:` section).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    /// Which kind of client sends it: `app`, `oauth1_user` or `oauth2_user`.
    pub context: SchemeContext,
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
    #[serde(deserialize_with = "unique::map")]
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
    /// The kind of id it holds (a name from `id_kinds`): the property's type becomes the
    /// kind's id type (`type: string`), or a list of them (`type: array, items: string`).
    #[serde(default)]
    pub id: Option<String>,
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
    #[serde(default, rename = "params", deserialize_with = "params::entries")]
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
    /// Marks a stream: the response is newline-delimited JSON, one `response` object a line.
    #[serde(default)]
    pub stream: Option<StreamDef>,
    /// Work left for a person (written by `cargo xtask import` for what the OpenAPI document
    /// cannot say, such as rate limits); codegen refuses the endpoint until it is removed.
    #[serde(default)]
    pub todo: Option<String>,
}

/// The streaming marker of an endpoint: the response never ends; it is newline-delimited
/// JSON, each line one `response` object (an event).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamDef {
    /// The path to the event's id (`data.id`): what tells an event delivered again by a
    /// backfill from a new one. Without it, whole lines are compared.
    #[serde(default)]
    pub id: Option<String>,
    /// The query parameter that asks the API to replay missed minutes
    /// (`backfill_minutes`): reconnections set it to the minutes missed, up to its `max`.
    #[serde(default)]
    pub backfill: Option<String>,
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
