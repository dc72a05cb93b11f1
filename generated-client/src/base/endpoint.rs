//! Static endpoint metadata, emitted by the generator as one `static` per endpoint: the
//! method, path template, parameters with their constraints, the pagination parameter.
//! A leaf: it depends on nothing else of the runtime.

use std::fmt;

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method name, such as `GET`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// `true` for `GET` and `DELETE`, which are retried by default.
    pub fn is_idempotent(&self) -> bool {
        matches!(self, Self::Get | Self::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamIn {
    /// A `{name}` placeholder of the path, percent-encoded as one segment.
    Path,
    /// The query string (lists are comma-joined).
    Query,
    /// A member of the JSON body object.
    Body,
}

/// A constraint checked before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// No constraint.
    None,
    /// An integer in `min..=max` (either bound optional).
    Int {
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
    },
    /// A string matching `pattern` (searched, as in JSON Schema; anchor it with `^…$`),
    /// with a length in characters within `min_len..=max_len`.
    Str {
        /// Regular expression (`regex-lite` syntax).
        pattern: Option<&'static str>,
        /// Fewest characters.
        min_len: Option<usize>,
        /// Most characters.
        max_len: Option<usize>,
    },
    /// A list with a number of distinct items within `min_items..=max_items`.
    List {
        /// Fewest items.
        min_items: Option<usize>,
        /// Most items.
        max_items: Option<usize>,
    },
    /// A list as [`Check::List`] whose every item matches `item_pattern`.
    ListOf {
        /// Fewest items.
        min_items: Option<usize>,
        /// Most items.
        max_items: Option<usize>,
        /// Regular expression each item must match (`regex-lite` syntax).
        item_pattern: &'static str,
    },
}

impl Check {
    /// An integer in `min..=max`.
    pub const fn int(min: Option<i64>, max: Option<i64>) -> Self {
        Check::Int { min, max }
    }

    /// A string matching `pattern`, with a length within `min_len..=max_len`.
    pub const fn str(
        pattern: Option<&'static str>,
        min_len: Option<usize>,
        max_len: Option<usize>,
    ) -> Self {
        Check::Str {
            pattern,
            min_len,
            max_len,
        }
    }

    /// A list of `min_items..=max_items` distinct items.
    pub const fn list(min_items: Option<usize>, max_items: Option<usize>) -> Self {
        Check::List {
            min_items,
            max_items,
        }
    }

    /// A list of `min_items..=max_items` distinct items, each matching `item_pattern`.
    pub const fn list_of(
        min_items: Option<usize>,
        max_items: Option<usize>,
        item_pattern: &'static str,
    ) -> Self {
        Check::ListOf {
            min_items,
            max_items,
            item_pattern,
        }
    }
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Param {
    /// Wire name, such as `tweet.fields`.
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamIn,
    /// Whether it must be set.
    pub required: bool,
    /// What is checked before sending.
    pub check: Check,
}

impl Param {
    /// A path parameter (always required).
    pub const fn path(name: &'static str, check: Check) -> Self {
        Param {
            name,
            location: ParamIn::Path,
            required: true,
            check,
        }
    }

    /// A query parameter.
    pub const fn query(name: &'static str, required: bool, check: Check) -> Self {
        Param {
            name,
            location: ParamIn::Query,
            required,
            check,
        }
    }

    /// A member of the JSON body.
    pub const fn body(name: &'static str, required: bool, check: Check) -> Self {
        Param {
            name,
            location: ParamIn::Body,
            required,
            check,
        }
    }
}

/// The JSON object of a request body (or of an object inside one): its members and the rules
/// between them. The runtime checks a body against it before sending, naming the member's
/// path (`poll.options[2]`) in the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Body {
    /// The members, in spec order (the order they are sent in).
    pub members: &'static [Member],
    /// Groups of members of which at most one may be set.
    pub exclusive: &'static [&'static [&'static str]],
    /// Groups of members of which at least one must be set.
    pub at_least_one: &'static [&'static [&'static str]],
}

impl Body {
    /// The member called `name`.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// One member of a JSON [`Body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Member {
    /// Wire name, such as `reply_settings`.
    pub name: &'static str,
    /// Whether it must be set.
    pub required: bool,
    /// What the value is and what is checked.
    pub shape: Shape,
}

impl Member {
    /// A member.
    pub const fn new(name: &'static str, required: bool, shape: Shape) -> Self {
        Member {
            name,
            required,
            shape,
        }
    }
}

/// The shape of a body member's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A string, number or boolean, with its constraint.
    Value(Check),
    /// An object, checked against its own [`Body`].
    Object(&'static Body),
    /// An array of `min_items..=max_items` items, each of the given shape.
    List {
        /// Fewest items.
        min_items: Option<usize>,
        /// Most items.
        max_items: Option<usize>,
        /// The shape of every item.
        item: &'static Shape,
    },
}

impl Shape {
    /// An array of `min_items..=max_items` items of shape `item`.
    pub const fn list(
        min_items: Option<usize>,
        max_items: Option<usize>,
        item: &'static Shape,
    ) -> Self {
        Shape::List {
            min_items,
            max_items,
            item,
        }
    }
}

/// One auth scheme of the X API v2: what a `Client` sends, and what an endpoint may accept
/// (an endpoint accepts a set of them, [`AuthSet`]). The client's kind is
/// `twitter_client::AuthKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// An OAuth 2.0 app-only Bearer token (`BearerToken` in the official OpenAPI).
    AppOnly,
    /// OAuth 1.0a User Context (`UserToken`).
    OAuth1User,
    /// An OAuth 2.0 user access token (`OAuth2UserToken`).
    OAuth2User,
}

impl AuthScheme {
    /// What a client of this scheme is, for messages: `an app-only Bearer token (Client<AppOnly>)`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::AppOnly => "an app-only Bearer token (Client<AppOnly>)",
            Self::OAuth1User => "OAuth 1.0a user context (Client<OAuth1User>)",
            Self::OAuth2User => "an OAuth 2.0 user token (Client<OAuth2User>)",
        }
    }
}

/// The set of auth schemes an endpoint accepts (its `auth:` list in the spec), kept in the
/// endpoint's metadata and checked again before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthSet {
    /// An app-only Bearer token is accepted.
    pub app_only: bool,
    /// OAuth 1.0a User Context is accepted.
    pub oauth1_user: bool,
    /// An OAuth 2.0 user token is accepted.
    pub oauth2_user: bool,
}

impl AuthSet {
    /// Every scheme.
    pub const ANY: AuthSet = AuthSet {
        app_only: true,
        oauth1_user: true,
        oauth2_user: true,
    };

    /// Whether `scheme` is in the set.
    pub const fn accepts(&self, scheme: AuthScheme) -> bool {
        match scheme {
            AuthScheme::AppOnly => self.app_only,
            AuthScheme::OAuth1User => self.oauth1_user,
            AuthScheme::OAuth2User => self.oauth2_user,
        }
    }

    /// The accepted schemes, for messages: `OAuth 1.0a user context (Client<OAuth1User>) or ...`.
    pub fn describe(&self) -> String {
        let all = [
            AuthScheme::AppOnly,
            AuthScheme::OAuth1User,
            AuthScheme::OAuth2User,
        ];
        let names: Vec<&str> = all
            .into_iter()
            .filter(|s| self.accepts(*s))
            .map(AuthScheme::describe)
            .collect();
        if names.is_empty() {
            "no auth scheme".to_owned()
        } else {
            names.join(" or ")
        }
    }
}

/// Everything the runtime needs to know about one endpoint (emitted by the generator as a
/// `static`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Operation name, such as `get_liked_tweets`.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template with `{name}` placeholders, such as `/2/users/{id}/liked_tweets`.
    pub path: &'static str,
    /// The auth schemes accepted (checked at compile time by the generated method's bound,
    /// and again before sending).
    pub auth: AuthSet,
    /// Every parameter, in spec order.
    pub params: &'static [Param],
    /// The query parameter that carries the pagination token, on paginated endpoints.
    pub pagination_param: Option<&'static str>,
    /// The JSON body, when the endpoint takes one described as a [`Body`] (members set with
    /// [`crate::request::RequestBuilder::set_member`]).
    pub body: Option<&'static Body>,
}

impl Endpoint {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}
