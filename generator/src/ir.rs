//! The intermediate representation: the whole API with every decision made. Rust names are
//! fixed (wire names kept beside them), references resolved, optionality, auth, pagination
//! and the documentation prose decided. Produced by [`crate::lower`], printed by
//! [`crate::emit`], which only prints what is here.
//!
//! The IR has its own types: nothing here refers to the YAML model of [`crate::spec`].

/// The whole API, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// All enums, in spec order.
    pub enums: Vec<IrEnum>,
    /// All schemas, in spec order.
    pub schemas: Vec<IrSchema>,
    /// Endpoint modules, one per spec file with endpoints, in file order.
    pub groups: Vec<IrGroup>,
    /// Request body schemas, in spec order.
    pub requests: Vec<IrRequest>,
    /// Typed ids, one per id kind, in spec order.
    pub ids: Vec<IrIdKind>,
    /// Cargo features, one per distinct `feature:` name, in file order (empty: no gating).
    pub features: Vec<IrFeature>,
}

/// The date-time sample of a `DateTime` parameter (2024-01-01T00:00:00Z, as the runtime
/// writes it).
pub const DATE_TIME_SAMPLE: &str = "2024-01-01T00:00:00Z";
/// Its Unix timestamp, the argument the exercise tests pass.
pub const DATE_TIME_SAMPLE_UNIX: i64 = 1_704_067_200;

/// A cargo feature of the client: a group of endpoint modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrFeature {
    /// Feature name (`likes`).
    pub name: String,
    /// One line on what it holds.
    pub description: String,
    /// On by default.
    pub default: bool,
}

/// The features that compile an item: any of them. Empty: always compiled.
pub type Gate = Vec<String>;

/// A kind of id: one Rust type (`UserId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrIdKind {
    /// Rust type name.
    pub name: String,
    /// The kind as the spec names it (`user`).
    pub kind: String,
    /// Documentation of the type.
    pub doc: String,
    /// The anchored pattern every id of the kind matches.
    pub pattern: String,
    /// Held inline (`Copy`, at most 23 bytes) rather than in a `Box<str>`.
    pub inline: bool,
    /// Every id is digits: `u64` converts into it.
    pub numeric: bool,
}

/// Whether an enum is closed (the client sends it) or open (the API sends it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    /// Closed: `ALL`, `as_str()`, `requires_user_context()`.
    Request,
    /// Open: an unknown value decodes as `Unknown(String)`.
    Response,
}

/// How an open enum matches a wire string to a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// The whole string.
    Exact,
    /// The part after the last `/`.
    LastPathSegment,
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEnum {
    /// Rust type name.
    pub name: String,
    /// Documentation of the type (the spec's text and what the kind means).
    pub doc: String,
    /// Closed (request) or open (response).
    pub kind: EnumKind,
    /// How wire strings are matched.
    pub matching: Matching,
    /// Values in order.
    pub values: Vec<IrEnumValue>,
    /// The features that compile it (empty: always).
    pub gate: Gate,
}

/// A value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEnumValue {
    /// Wire value.
    pub wire: String,
    /// What `from_wire` compares with: the wire value, or its last path segment.
    pub match_key: String,
    /// Variant name.
    pub variant: String,
    /// Documentation of the variant.
    pub doc: String,
    /// Needs user-context auth.
    pub user_only: bool,
}

/// A schema (a Rust struct).
#[derive(Debug, Clone, PartialEq)]
pub struct IrSchema {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The identifying field, for O(1) lookups.
    pub key: Option<IrKey>,
    /// Keeps undeclared properties in `extra`.
    pub extra: bool,
    /// Fields in order.
    pub fields: Vec<IrField>,
    /// `Default` can be derived.
    pub default: bool,
    /// Needs an `is_empty` method (used as a `default: true` property somewhere).
    pub needs_is_empty: bool,
    /// Every field is `Eq` (no floating point inside).
    pub eq: bool,
    /// How to page through it, when some endpoint pages with it as its response.
    pub page: Option<IrPage>,
    /// How to read its id, when some stream's lines decode as it.
    pub event: Option<IrEventId>,
    /// The features that compile it (empty: always).
    pub gate: Gate,
}

/// The identifying field of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrKey {
    /// Rust field name.
    pub field: String,
    /// Whether the field is always present (`String` rather than `Option<String>`).
    pub required: bool,
}

/// A field of a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct IrField {
    /// Wire (JSON) name.
    pub wire: String,
    /// Rust field name (may be a raw identifier such as `r#type`).
    pub rust: String,
    /// Documentation.
    pub doc: String,
    /// The type.
    pub ty: IrType,
    /// How the field is held.
    pub shape: FieldShape,
    /// For arrays of keyed schemas: the lookup method.
    pub lookup: Option<IrLookup>,
}

/// An O(1) lookup method on a schema, over an array of keyed schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrLookup {
    /// Method name.
    pub method: String,
    /// Documentation of the method.
    pub doc: String,
    /// The id type of the item schema's key (`UserId`): the lookup takes that or a `str`.
    /// `None`: the key is a plain string and the lookup takes a `&str`.
    pub key_id: Option<String>,
}

/// How a field is held in its struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// Always present: `T`.
    Required,
    /// May be absent: `Option<T>`.
    Optional,
    /// A nested object that may be absent, held on the heap: `Option<Box<T>>`. A model with
    /// many rarely present objects (a Tweet has a dozen) stays small, so decoding moves less.
    Boxed,
    /// Arrays: `Vec<T>` (or `Indexed<T>` with a lookup), absent = empty.
    List,
    /// Objects that default to empty: `T` with `Default`, omitted when empty.
    DefaultObject,
}

/// A type in the IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IrType {
    /// `String`
    String,
    /// `i64`, decoded leniently.
    Integer,
    /// `f64`
    Number,
    /// `bool`
    Boolean,
    /// `serde_json::Value`
    Json,
    /// An array of the inner type.
    Array(Box<IrType>),
    /// A schema by name.
    Schema(String),
    /// An enum by name.
    Enum(String),
    /// A typed id, by Rust type name.
    Id(String),
}

/// An endpoint module.
#[derive(Debug, Clone, PartialEq)]
pub struct IrGroup {
    /// Module name (`likes`).
    pub module: String,
    /// The spec file it comes from.
    pub file: String,
    /// Endpoints in order.
    pub endpoints: Vec<IrEndpoint>,
    /// The cargo feature that compiles the module (`None`: always compiled).
    pub feature: Option<String>,
}

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// The variant of the runtime's `Method`.
    pub fn variant(self) -> &'static str {
        match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Delete => "Delete",
        }
    }
}

/// The set of auth schemes an endpoint accepts (its `auth:` list, by the client kind each
/// scheme belongs to). Every non-empty set of the three kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IrAuthSet {
    /// App-only Bearer token only.
    App,
    /// OAuth 1.0a User Context only.
    OAuth1,
    /// OAuth 2.0 user token only.
    OAuth2,
    /// App-only or OAuth 1.0a.
    AppOrOAuth1,
    /// App-only or OAuth 2.0 user.
    AppOrOAuth2,
    /// OAuth 1.0a or OAuth 2.0 user: user context.
    UserContext,
    /// All three.
    Any,
}

impl IrAuthSet {
    /// The set of `(app_only, oauth1_user, oauth2_user)`; `None` when empty.
    pub fn from_kinds(app_only: bool, oauth1_user: bool, oauth2_user: bool) -> Option<Self> {
        Some(match (app_only, oauth1_user, oauth2_user) {
            (false, false, false) => return None,
            (true, false, false) => Self::App,
            (false, true, false) => Self::OAuth1,
            (false, false, true) => Self::OAuth2,
            (true, true, false) => Self::AppOrOAuth1,
            (true, false, true) => Self::AppOrOAuth2,
            (false, true, true) => Self::UserContext,
            (true, true, true) => Self::Any,
        })
    }

    /// `(app_only, oauth1_user, oauth2_user)`.
    pub fn kinds(self) -> (bool, bool, bool) {
        match self {
            Self::App => (true, false, false),
            Self::OAuth1 => (false, true, false),
            Self::OAuth2 => (false, false, true),
            Self::AppOrOAuth1 => (true, true, false),
            Self::AppOrOAuth2 => (true, false, true),
            Self::UserContext => (false, true, true),
            Self::Any => (true, true, true),
        }
    }

    /// The runtime's bound trait (`crate::runtime::accepts::NAME`); `None` for [`Self::Any`].
    pub fn bound(self) -> Option<&'static str> {
        Some(match self {
            Self::App => "App",
            Self::OAuth1 => "OAuth1",
            Self::OAuth2 => "OAuth2",
            Self::AppOrOAuth1 => "AppOrOAuth1",
            Self::AppOrOAuth2 => "AppOrOAuth2",
            Self::UserContext => "UserContext",
            Self::Any => return None,
        })
    }

    /// The clients that can call the endpoint, for docs: `Client<OAuth1User>`, `Client<OAuth2User>`.
    pub fn clients(self) -> String {
        let (app, o1, o2) = self.kinds();
        [
            (app, "`Client<AppOnly>`"),
            (o1, "`Client<OAuth1User>`"),
            (o2, "`Client<OAuth2User>`"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, c)| *c)
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// An endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct IrEndpoint {
    /// Operation (method) name: `get_liked_tweets`.
    pub op: String,
    /// Builder type name: `GetLikedTweets`.
    pub builder: String,
    /// Static metadata item name: `GET_LIKED_TWEETS`.
    pub meta: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template.
    pub path: String,
    /// Documentation of the `Client` method (summary first, then the required arguments).
    pub doc: Vec<String>,
    /// Documentation of the request builder.
    pub builder_doc: String,
    /// Documentation of the static metadata item.
    pub meta_doc: String,
    /// The auth schemes accepted.
    pub auth: IrAuthSet,
    /// Every path and query parameter in order: path params in path order first.
    pub params: Vec<IrParam>,
    /// The JSON body, when the endpoint takes one.
    pub body: Option<IrBody>,
    /// What a successful answer holds.
    pub response: IrResponse,
    /// Pagination, when the endpoint pages.
    pub pagination: Option<IrPagination>,
    /// When the endpoint is a stream (its response is one line's event).
    pub stream: Option<IrStream>,
    /// The OAuth 2.0 scopes a user token needs, in spec order.
    pub scopes: Vec<String>,
    /// The rate limits, in spec order.
    pub rate_limits: Vec<IrRateLimit>,
    /// The JSON text (compact) of a valid successful answer, for the fake X API: a value of the
    /// response schema (of a stream, one line's event) with `data` and every other field
    /// filled, but no `errors`, no `includes` and no page token. Set by lowering for every
    /// endpoint whose response is [`IrResponse::Schema`]; `None` for the others.
    pub answer_sample: Option<String>,
}

/// One rate limit of an endpoint: `requests` per `window_seconds`, per app or per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IrRateLimit {
    /// Who the window counts for.
    pub per: IrRatePer,
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window's length in seconds.
    pub window_seconds: u32,
}

/// Who a rate-limit window counts for (the spec's `scope` of a rate limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IrRatePer {
    /// Per app: every request made with the app's credentials.
    App,
    /// Per user: the requests made on behalf of one user.
    User,
}

impl IrRatePer {
    /// The variant of the runtime's `FakePer`.
    pub fn variant(self) -> &'static str {
        match self {
            IrRatePer::App => "App",
            IrRatePer::User => "User",
        }
    }
}

/// A streaming endpoint: each line of the never-ending answer decodes as its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrStream {
    /// The query parameter that asks for missed minutes, and its maximum.
    pub backfill: Option<IrBackfill>,
}

/// The backfill parameter of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrBackfill {
    /// Wire name (`backfill_minutes`).
    pub wire: String,
    /// Its maximum (minutes).
    pub max: u32,
}

/// How to read a stream event's id: the fields from the event down to the id (empty: the
/// event has no id, and whole lines are compared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrEventId {
    /// The steps, outermost first.
    pub steps: Vec<IrIdStep>,
}

/// One field on the way to an event's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrIdStep {
    /// Rust field name.
    pub rust: String,
    /// Held as `Option<T>`.
    pub optional: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IrLocation {
    /// Path segment.
    Path,
    /// Query string.
    Query,
}

/// The Rust shape of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// `impl Into<String>`
    Str,
    /// `u32` (when the minimum is not negative)
    Unsigned,
    /// `i64`
    Int,
    /// `bool`
    Bool,
    /// A list of request enum values.
    EnumList(String),
    /// A list of strings.
    StrList,
    /// One value of a request enum (by type name).
    Enum(String),
    /// A date-time: `time::OffsetDateTime`, sent as RFC 3339 in UTC.
    DateTime,
    /// An id (by its Rust type name): `impl IntoId<T>`.
    Id(String),
    /// A list of ids (by the Rust type name of one).
    IdList(String),
}

/// Constraint on a parameter value, checked by the runtime before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IrCheck {
    /// Nothing to check.
    None,
    /// Integer range.
    Int {
        /// Minimum.
        min: Option<i64>,
        /// Maximum.
        max: Option<i64>,
    },
    /// String constraints.
    Str {
        /// Anchored regular expression.
        pattern: Option<String>,
        /// Minimum length.
        min_len: Option<usize>,
        /// Maximum length.
        max_len: Option<usize>,
    },
    /// List length.
    List {
        /// Minimum items.
        min_items: Option<usize>,
        /// Maximum items.
        max_items: Option<usize>,
    },
    /// List length, and a pattern every item must match.
    ListOf {
        /// Minimum items.
        min_items: Option<usize>,
        /// Maximum items.
        max_items: Option<usize>,
        /// Anchored regular expression for each item.
        item_pattern: String,
    },
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct IrParam {
    /// Wire name.
    pub wire: String,
    /// Rust name (argument or setter).
    pub rust: String,
    /// Documentation lines.
    pub doc: Vec<String>,
    /// Where it goes.
    pub location: IrLocation,
    /// Must be given: a method argument rather than a setter.
    pub required: bool,
    /// Value shape.
    pub kind: ParamKind,
    /// Constraint.
    pub check: IrCheck,
    /// A valid value (its wire text; a list's one item), for the generated exercise tests:
    /// set for every required parameter.
    pub sample: Option<String>,
}

/// Pagination of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct IrPagination {
    /// Token query parameter wire name.
    pub token_param: String,
    /// Item type name.
    pub item_type: String,
}

/// How a page schema pages: its `Paginated` implementation.
#[derive(Debug, Clone, PartialEq)]
pub struct IrPage {
    /// Rust field path to the next token; the last one is `Option<String>`.
    pub next_token: Vec<String>,
    /// Rust name of the items field.
    pub items_field: String,
    /// Item type name.
    pub item_type: String,
}

/// The JSON body of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct IrBody {
    /// Its members and rules.
    pub object: IrObject,
    /// Written inline under `body:`: its description is emitted beside the endpoint. Otherwise
    /// it is a request schema's, emitted with the request types.
    pub inline: bool,
}

/// A request body schema.
#[derive(Debug, Clone, PartialEq)]
pub struct IrRequest {
    /// Rust type name.
    pub name: String,
    /// Documentation of the type.
    pub doc: String,
    /// Its members and rules.
    pub object: IrObject,
    /// A Rust struct is emitted (the schema is the type of some member); a schema only ever
    /// used as a whole body has its members as the endpoint builder's setters instead.
    pub structure: bool,
    /// The features that compile it (empty: always).
    pub gate: Gate,
}

/// A JSON object the client sends: its members and the rules between them.
#[derive(Debug, Clone, PartialEq)]
pub struct IrObject {
    /// Name of the static description the runtime checks it against.
    pub shape: String,
    /// Members in order.
    pub members: Vec<IrMember>,
    /// Groups of wire names of which at most one may be set.
    pub exclusive: Vec<Vec<String>>,
    /// Groups of wire names of which at least one must be set.
    pub at_least_one: Vec<Vec<String>>,
    /// Documentation lines on the rules (empty without rules).
    pub rules_doc: Vec<String>,
}

/// A member of a request object.
#[derive(Debug, Clone, PartialEq)]
pub struct IrMember {
    /// Wire name.
    pub wire: String,
    /// Rust name (argument, field or setter).
    pub rust: String,
    /// Documentation lines.
    pub doc: Vec<String>,
    /// Must be set: an argument rather than a setter.
    pub required: bool,
    /// The value.
    pub value: IrValue,
    /// A valid value (its wire text; a list's one item), for the generated exercise tests:
    /// set for every member that is not an object where one can be chosen (always for a
    /// required one).
    pub sample: Option<String>,
}

/// The value of a request member, with what is checked before sending.
#[derive(Debug, Clone, PartialEq)]
pub enum IrValue {
    /// A string (`IrCheck::Str` or `IrCheck::None`).
    Str(IrCheck),
    /// An id: `impl IntoId<ty>`, held and sent as a string (`IrCheck::Str`).
    Id {
        /// Rust type name of the id.
        ty: String,
        /// The kind's pattern.
        check: IrCheck,
    },
    /// An integer: `u32` when unsigned, else `i64` (`IrCheck::Int` or `IrCheck::None`).
    Int {
        /// Taken as `u32`.
        unsigned: bool,
        /// Range.
        check: IrCheck,
    },
    /// `f64`
    Number,
    /// `bool`
    Bool,
    /// Raw bytes (`impl AsRef<[u8]>`), sent as their base64 text (standard alphabet).
    Bytes,
    /// A request enum, sent as its wire string.
    Enum(String),
    /// A request schema.
    Object {
        /// Rust type name.
        ty: String,
        /// Name of its static description.
        shape: String,
    },
    /// An array.
    List {
        /// Fewest items.
        min_items: Option<usize>,
        /// Most items.
        max_items: Option<usize>,
        /// Every item.
        item: Box<IrValue>,
    },
}

/// What a successful answer of an endpoint holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IrResponse {
    /// A JSON body, decoded into this schema.
    Schema(String),
    /// No body (a 204): `Response<()>`.
    Empty,
    /// Raw bytes (a media download): `Response<Binary>`.
    Binary,
}
