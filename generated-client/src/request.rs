//! Static endpoint metadata (emitted by the generator) and [`RequestBuilder`], which
//! validates parameters, encodes them and sends the request.
//!
//! Generated endpoint builders wrap a [`RequestBuilder`]; it is public so that an endpoint
//! the spec does not cover yet can still be called with the same validation, auth, retry
//! and error handling:
//!
//! ```no_run
//! use twitter_client::request::{Check, Endpoint, Method, Param, ParamIn, RequestBuilder};
//!
//! static GET_TWEET_COUNT: Endpoint = Endpoint {
//!     name: "get_tweet_count",
//!     method: Method::Get,
//!     path: "/2/tweets/counts/recent",
//!     app_only: true,
//!     params: &[Param {
//!         name: "query",
//!         location: ParamIn::Query,
//!         required: true,
//!         check: Check::Str { pattern: None, min_len: Some(1), max_len: Some(512) },
//!     }],
//!     pagination_param: None,
//!     rate_limits: &[],
//! };
//!
//! # async fn run() -> twitter_client::Result<()> {
//! let client = twitter_client::Client::builder().bearer_token("AAAA").build()?;
//! let mut request = RequestBuilder::new(&client, &GET_TWEET_COUNT);
//! request.set("query", "from:TwitterDev");
//! let counts = request.send::<serde_json::Value>().await?;
//! println!("{}", counts["meta"]["total_tweet_count"]);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use percent_encoding::utf8_percent_encode;
use serde::de::DeserializeOwned;

use crate::auth::RFC3986_RESERVED;
use crate::client::{AuthKind, Client};
use crate::error::{Error, Result};
use crate::pagination::{Items, Pages, Paginated};
use crate::response::Response;
use crate::wire::WireEnum;

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

/// A documented rate limit of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimitRule {
    /// `"app"` or `"user"`.
    pub scope: &'static str,
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length in seconds.
    pub window_secs: u32,
}

impl RateLimitRule {
    /// `requests` per `window_secs` for the `"app"` or `"user"` scope.
    pub const fn new(scope: &'static str, requests: u32, window_secs: u32) -> Self {
        RateLimitRule {
            scope,
            requests,
            window_secs,
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
    /// `true` when an app-only Bearer token is accepted.
    pub app_only: bool,
    /// Every parameter, in spec order.
    pub params: &'static [Param],
    /// The query parameter that carries the pagination token, on paginated endpoints.
    pub pagination_param: Option<&'static str>,
    /// Documented rate limits.
    pub rate_limits: &'static [RateLimitRule],
}

impl Endpoint {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A scalar parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A string.
    Str(String),
    /// An integer (a JSON number in a body).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Any JSON value, for body members that are objects or arrays (in a query or path it
    /// is sent as compact JSON text).
    Json(serde_json::Value),
}

impl ParamValue {
    fn to_text(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            Self::Int(i) => i.to_string(),
            Self::Bool(b) => b.to_string(),
            Self::Json(serde_json::Value::String(s)) => s.clone(),
            Self::Json(v) => v.to_string(),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Str(s) => serde_json::Value::String(s.clone()),
            Self::Int(i) => serde_json::Value::from(*i),
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Json(v) => v.clone(),
        }
    }
}

impl From<String> for ParamValue {
    fn from(v: String) -> Self {
        Self::Str(v)
    }
}

impl From<&str> for ParamValue {
    fn from(v: &str) -> Self {
        Self::Str(v.to_owned())
    }
}

impl From<&String> for ParamValue {
    fn from(v: &String) -> Self {
        Self::Str(v.clone())
    }
}

impl From<std::borrow::Cow<'_, str>> for ParamValue {
    fn from(v: std::borrow::Cow<'_, str>) -> Self {
        Self::Str(v.into_owned())
    }
}

impl From<i64> for ParamValue {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<i32> for ParamValue {
    fn from(v: i32) -> Self {
        Self::Int(v.into())
    }
}

impl From<u32> for ParamValue {
    fn from(v: u32) -> Self {
        Self::Int(v.into())
    }
}

impl From<u16> for ParamValue {
    fn from(v: u16) -> Self {
        Self::Int(v.into())
    }
}

impl From<u8> for ParamValue {
    fn from(v: u8) -> Self {
        Self::Int(v.into())
    }
}

impl From<u64> for ParamValue {
    /// Values above `i64::MAX` are kept as text (and then fail an integer check).
    fn from(v: u64) -> Self {
        i64::try_from(v).map_or_else(|_| Self::Str(v.to_string()), Self::Int)
    }
}

impl From<usize> for ParamValue {
    /// Values above `i64::MAX` are kept as text (and then fail an integer check).
    fn from(v: usize) -> Self {
        i64::try_from(v).map_or_else(|_| Self::Str(v.to_string()), Self::Int)
    }
}

impl From<bool> for ParamValue {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<serde_json::Value> for ParamValue {
    fn from(v: serde_json::Value) -> Self {
        Self::Json(v)
    }
}

/// A value set on a [`RequestBuilder`].
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Scalar(ParamValue),
    List {
        /// Wire values, deduplicated, in first-seen order.
        items: Vec<String>,
        /// The items that need user-context auth.
        user_only: Vec<&'static str>,
    },
}

/// A request under construction: the endpoint plus the values set so far. Validation
/// happens in [`RequestBuilder::send`], [`RequestBuilder::pages`] and
/// [`RequestBuilder::items`], before anything is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder<A> {
    client: Client<A>,
    endpoint: &'static Endpoint,
    values: Vec<(&'static str, Value)>,
}

impl<A> Clone for RequestBuilder<A> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            endpoint: self.endpoint,
            values: self.values.clone(),
        }
    }
}

impl<A> fmt::Debug for RequestBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Values<'a>(&'a [(&'static str, Value)]);
        impl fmt::Debug for Values<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut m = f.debug_map();
                for (name, value) in self.0 {
                    match value {
                        Value::Scalar(v) => m.entry(name, v),
                        Value::List { items, .. } => m.entry(name, items),
                    };
                }
                m.finish()
            }
        }
        f.debug_struct("RequestBuilder")
            .field("endpoint", &self.endpoint.name)
            .field("method", &self.endpoint.method)
            .field("path", &self.endpoint.path)
            .field("params", &Values(&self.values))
            .finish()
    }
}

impl<A: AuthKind> RequestBuilder<A> {
    /// A request to `endpoint` with no parameter set.
    /// The builder holds its own handle of the client (an `Arc` inside), so builders and the
    /// streams made from them are `'static + Send`.
    pub fn new(client: &Client<A>, endpoint: &'static Endpoint) -> Self {
        Self {
            client: client.clone(),
            endpoint,
            values: Vec::new(),
        }
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    fn put(&mut self, name: &'static str, value: Value) {
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    /// Sets a scalar parameter (path, query or body), replacing any earlier value.
    pub fn set(&mut self, name: &'static str, value: impl Into<ParamValue>) {
        self.put(name, Value::Scalar(value.into()));
    }

    /// Sets a list of enum values, sent comma-joined (duplicates dropped, order kept).
    /// Values that need user-context auth are refused on an app-only client when sending.
    pub fn set_list<E: WireEnum>(
        &mut self,
        name: &'static str,
        values: impl IntoIterator<Item = E>,
    ) {
        let mut items: Vec<String> = Vec::new();
        let mut user_only: Vec<&'static str> = Vec::new();
        for v in values {
            let s = v.as_str();
            if items.iter().any(|i| i == s) {
                continue;
            }
            if v.user_context_only() {
                user_only.push(s);
            }
            items.push(s.to_owned());
        }
        self.put(name, Value::List { items, user_only });
    }

    /// Sets a list of free strings (ids, usernames), sent comma-joined (duplicates dropped,
    /// order kept).
    pub fn set_strings<S: Into<String>>(
        &mut self,
        name: &'static str,
        values: impl IntoIterator<Item = S>,
    ) {
        let mut items: Vec<String> = Vec::new();
        for v in values {
            let s = v.into();
            if !items.contains(&s) {
                items.push(s);
            }
        }
        self.put(
            name,
            Value::List {
                items,
                user_only: Vec::new(),
            },
        );
    }

    /// Validates and sends the request, then decodes the body as `T`.
    ///
    /// Errors: [`Error::InvalidRequest`] (nothing sent), [`Error::RateLimited`],
    /// [`Error::Api`], [`Error::Decode`], [`Error::Transport`]. Transient failures are
    /// retried per the client's [`crate::RetryPolicy`]; a 429 is handled per its
    /// [`crate::RateLimitPolicy`].
    pub async fn send<T: DeserializeOwned>(self) -> Result<Response<T>> {
        let prepared = self.prepare()?;
        crate::client::execute(&self.client.inner, &prepared).await
    }

    /// A lazy stream of pages that follows `next_token` (see [`Pages`]).
    pub fn pages<T: Paginated>(self) -> Pages<T> {
        Pages::new(Arc::clone(&self.client.inner), self.prepare())
    }

    /// A lazy stream of the items of every page (see [`Items`]).
    pub fn items<T: Paginated>(self) -> Items<T> {
        Items::new(self.pages())
    }

    /// Checks every constraint and encodes the request. Collects every violation into one
    /// [`Error::InvalidRequest`].
    pub(crate) fn prepare(&self) -> Result<Prepared> {
        let ep = self.endpoint;
        let mut problems: Vec<(Option<&'static str>, String)> = Vec::new();

        if !ep.app_only && !A::USER_CONTEXT {
            problems.push((
                None,
                format!(
                    "{} needs user-context auth (OAuth 1.0a or OAuth 2.0 user token); this client is app-only",
                    ep.name
                ),
            ));
        }

        for (name, _) in &self.values {
            if ep.param(name).is_none() {
                problems.push((
                    Some(name),
                    format!("{name} is not a parameter of {}", ep.name),
                ));
            }
        }

        for param in ep.params {
            let value = self.get(param.name);
            match value {
                None => {
                    if param.required || param.location == ParamIn::Path {
                        problems.push((
                            Some(param.name),
                            format!("missing required parameter {}", param.name),
                        ));
                    }
                }
                Some(value) => {
                    if let Err(msg) = check_value::<A>(param, value) {
                        problems.push((Some(param.name), msg));
                    }
                }
            }
        }

        // Path: substitute and encode every placeholder.
        let mut path = String::with_capacity(ep.path.len() + 16);
        let mut rest = ep.path;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                problems.push((
                    None,
                    format!("path template {} has an unclosed {{", ep.path),
                ));
                break;
            };
            let name = &rest[open + 1..close];
            match (ep.param(name), self.get(name)) {
                (Some(_), Some(Value::Scalar(v))) => {
                    path.push_str(&utf8_percent_encode(&v.to_text(), RFC3986_RESERVED).to_string());
                }
                (Some(_), Some(Value::List { items, .. })) => {
                    // Rare, but well defined: a comma-joined list in one segment.
                    path.push_str(
                        &utf8_percent_encode(&items.join(","), RFC3986_RESERVED).to_string(),
                    );
                }
                (Some(_), None) => {} // already reported as missing
                (None, _) => problems.push((
                    None,
                    format!(
                        "path placeholder {{{name}}} of {} has no parameter",
                        ep.path
                    ),
                )),
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);

        if let Some(first) = problems.first() {
            return Err(Error::InvalidRequest {
                endpoint: ep.name,
                parameter: first.0.map(str::to_owned),
                message: problems
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }

        let mut query: Vec<(&'static str, String)> = Vec::new();
        let mut body: Option<serde_json::Map<String, serde_json::Value>> = None;
        for param in ep.params {
            match param.location {
                ParamIn::Path => {}
                ParamIn::Query => {
                    if let Some(v) = self.get(param.name) {
                        query.push((param.name, value_text(v)));
                    }
                }
                ParamIn::Body => {
                    let obj = body.get_or_insert_with(serde_json::Map::new);
                    if let Some(v) = self.get(param.name) {
                        obj.insert(param.name.to_owned(), value_json(v));
                    }
                }
            }
        }
        let body = match body {
            Some(obj) if matches!(ep.method, Method::Post | Method::Put) || !obj.is_empty() => {
                Some(serde_json::to_vec(&obj).map_err(|e| Error::InvalidRequest {
                    endpoint: ep.name,
                    parameter: None,
                    message: format!("the JSON body cannot be encoded: {e}"),
                })?)
            }
            _ => None,
        };

        Ok(Prepared {
            endpoint: ep,
            path,
            query,
            body: body.map(Arc::from),
        })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Scalar(s) => s.to_text(),
        Value::List { items, .. } => items.join(","),
    }
}

fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Scalar(s) => s.to_json(),
        Value::List { items, .. } => items
            .iter()
            .map(|s| serde_json::Value::String(s.clone()))
            .collect(),
    }
}

/// Checks one set value against its parameter's constraint.
fn check_value<A: AuthKind>(param: &Param, value: &Value) -> std::result::Result<(), String> {
    let name = param.name;
    let mut errors: Vec<String> = Vec::new();

    if let Value::List { items, user_only } = value {
        if items.is_empty() {
            return Err(format!(
                "{name} is an empty list (leave the parameter out instead)"
            ));
        }
        if !A::USER_CONTEXT {
            for v in user_only {
                errors.push(format!(
                    "{name}={v} needs user-context auth (OAuth 1.0a or OAuth 2.0 user token); this client is app-only"
                ));
            }
        }
    }

    if param.location == ParamIn::Path {
        let text = value_text(value);
        if text.is_empty() {
            errors.push(format!("{name} is empty (it is a path segment)"));
        } else if text == "." || text == ".." {
            errors.push(format!("{name} {text:?} is not a valid path segment"));
        }
    }

    match (param.check, value) {
        (Check::None, _) => {}
        (Check::Int { min, max }, Value::Scalar(v)) => {
            let n = match v {
                ParamValue::Int(n) => Some(*n),
                ParamValue::Str(s) => s.trim().parse::<i64>().ok(),
                ParamValue::Json(j) => j.as_i64(),
                ParamValue::Bool(_) => None,
            };
            match n {
                None => errors.push(format!("{name} {:?} is not an integer", v.to_text())),
                Some(n) => {
                    let low = min.is_some_and(|m| n < m);
                    let high = max.is_some_and(|m| n > m);
                    if low || high {
                        errors.push(match (min, max) {
                            (Some(a), Some(b)) => format!("{name} {n} not in {a}..={b}"),
                            (Some(a), None) => format!("{name} {n} is less than {a}"),
                            (None, Some(b)) => format!("{name} {n} is greater than {b}"),
                            (None, None) => unreachable_range(name, n),
                        });
                    }
                }
            }
        }
        (Check::Int { .. }, Value::List { .. }) => {
            errors.push(format!("{name} takes one integer, not a list"));
        }
        (
            Check::Str {
                pattern,
                min_len,
                max_len,
            },
            Value::Scalar(v),
        ) => {
            let text = v.to_text();
            let len = text.chars().count();
            if let Some(m) = min_len.filter(|&m| len < m) {
                errors.push(format!(
                    "{name} {text:?} is shorter than {m} character{}",
                    plural(m)
                ));
            }
            if let Some(m) = max_len.filter(|&m| len > m) {
                errors.push(format!("{name} is {len} characters long, more than {m}"));
            }
            if let Some(p) = pattern {
                match regex_is_match(p, &text) {
                    Ok(true) => {}
                    Ok(false) => errors.push(format!("{name} {text:?} does not match {p}")),
                    Err(e) => {
                        errors.push(format!("{name}: the spec's pattern {p} is invalid: {e}"))
                    }
                }
            }
        }
        (Check::Str { .. }, Value::List { .. }) => {
            errors.push(format!("{name} takes one string, not a list"));
        }
        (
            Check::List {
                min_items,
                max_items,
            },
            v,
        ) => {
            let count = match v {
                Value::List { items, .. } => items.len(),
                Value::Scalar(s) => s.to_text().split(',').filter(|s| !s.is_empty()).count(),
            };
            if count == 0 {
                errors.push(format!(
                    "{name} is an empty list (leave the parameter out instead)"
                ));
            } else {
                if let Some(m) = min_items.filter(|&m| count < m) {
                    errors.push(format!(
                        "{name} has {count} item{}, fewer than {m}",
                        plural(count)
                    ));
                }
                if let Some(m) = max_items.filter(|&m| count > m) {
                    errors.push(format!(
                        "{name} has {count} item{}, more than {m}",
                        plural(count)
                    ));
                }
            }
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn unreachable_range(name: &str, n: i64) -> String {
    // Both bounds absent never flags a value; kept total for robustness.
    format!("{name} {n} is out of range")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Matches `value` against a spec pattern; compiled patterns are cached.
fn regex_is_match(pattern: &'static str, value: &str) -> std::result::Result<bool, String> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, regex_lite::Regex>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !cache.contains_key(pattern) {
        let re = regex_lite::Regex::new(pattern).map_err(|e| e.to_string())?;
        cache.insert(pattern, re);
    }
    Ok(cache.get(pattern).is_some_and(|re| re.is_match(value)))
}

/// A validated, encoded request, ready to be sent (possibly several times).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub endpoint: &'static Endpoint,
    /// The path with every placeholder substituted and percent-encoded.
    pub path: String,
    /// Query parameters (decoded values), in spec order.
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, if any.
    pub body: Option<Arc<[u8]>>,
}

impl Prepared {
    /// The full URL under `base` (whose path, if any, is kept as a prefix). Query values are
    /// percent-encoded with the RFC 3986 unreserved set, as OAuth 1.0a normalizes them.
    pub fn url(&self, base: &url::Url) -> Result<url::Url> {
        let mut s = base.as_str().trim_end_matches('/').to_owned();
        s.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(&utf8_percent_encode(k, RFC3986_RESERVED).to_string());
            s.push('=');
            s.push_str(&utf8_percent_encode(v, RFC3986_RESERVED).to_string());
        }
        url::Url::parse(&s).map_err(|e| Error::InvalidRequest {
            endpoint: self.endpoint.name,
            parameter: None,
            message: format!("cannot build a URL from {s:?}: {e}"),
        })
    }

    /// The query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A copy with the query parameter `name` set to `value` (or removed when `None`).
    pub fn with_query(&self, name: &'static str, value: Option<&str>) -> Self {
        let mut next = self.clone();
        match (next.query.iter().position(|(k, _)| *k == name), value) {
            (Some(i), Some(v)) => next.query[i].1 = v.to_owned(),
            (Some(i), None) => {
                next.query.remove(i);
            }
            (None, Some(v)) => next.query.push((name, v.to_owned())),
            (None, None) => {}
        }
        next
    }
}
