//! Static endpoint metadata (emitted by the generator) and [`RequestBuilder`], which
//! validates parameters, encodes them and sends the request.
//!
//! Generated endpoint builders wrap a [`RequestBuilder`]; it is public so that an endpoint
//! the spec does not cover yet can still be called with the same validation, auth, retry
//! and error handling:
//!
//! ```no_run
//! use twitter_client::request::{AuthSet, Check, Endpoint, Method, Param, ParamIn, RequestBuilder};
//!
//! static GET_TWEET_COUNT: Endpoint = Endpoint {
//!     name: "get_tweet_count",
//!     method: Method::Get,
//!     path: "/2/tweets/counts/recent",
//!     auth: AuthSet { app_only: true, oauth1_user: false, oauth2_user: false },
//!     params: &[Param {
//!         name: "query",
//!         location: ParamIn::Query,
//!         required: true,
//!         check: Check::Str { pattern: None, min_len: Some(1), max_len: Some(512) },
//!     }],
//!     pagination_param: None,
//!     body: None,
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

use std::fmt;
use std::sync::Arc;

use super::body::{self as json_body, MemberValue};
use super::params::{Value, check_value, value_json, value_text};
use crate::base::encoding::{Prepared, percent_encode};
use crate::base::error::{Error, Result};
use crate::base::response::{FromBody, Response};
use crate::base::wire::WireEnum;
use crate::client::{AuthKind, Client};
use crate::streams::pagination::{Items, Pages, Paginated};
use crate::streams::{Backfill, EventStream, StreamEvent};

pub use super::params::ParamValue;
pub use crate::base::endpoint::{
    AuthScheme, AuthSet, Body, Check, Endpoint, Member, Method, Param, ParamIn, Shape,
};

/// A request under construction: the endpoint plus the values set so far. Validation
/// happens in [`RequestBuilder::send`], [`RequestBuilder::pages`] and
/// [`RequestBuilder::items`], before anything is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder<A> {
    client: Client<A>,
    endpoint: &'static Endpoint,
    values: Vec<(&'static str, Value)>,
    /// Members of the endpoint's [`Body`], as JSON.
    members: Vec<(&'static str, MemberValue)>,
}

impl<A> Clone for RequestBuilder<A> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            endpoint: self.endpoint,
            values: self.values.clone(),
            members: self.members.clone(),
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
            .field("body", &self.members)
            .finish()
    }
}

impl<A: AuthKind> Client<A> {
    /// A low-level request to any endpoint (the generated endpoint methods call this).
    pub fn request(&self, endpoint: &'static Endpoint) -> RequestBuilder<A> {
        RequestBuilder::new(self, endpoint)
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
            members: Vec::new(),
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

    /// Sets a member of the endpoint's JSON [`Body`] (any `Serialize` value: a string, a
    /// number, a list, a generated request object), replacing any earlier value. It is
    /// checked against the body's description when sending.
    pub fn set_member<T: serde::Serialize>(&mut self, name: &'static str, value: T) {
        let value = json_body::to_member(value);
        match self.members.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.members.push((name, value)),
        }
    }

    /// Validates and sends the request, then decodes the body as `T`.
    ///
    /// Errors: [`Error::InvalidRequest`] (nothing sent), [`Error::RateLimited`],
    /// [`Error::Api`], [`Error::Decode`], [`Error::Transport`]. Transient failures are
    /// retried per the client's [`crate::RetryPolicy`]; a 429 is handled per its
    /// [`crate::RateLimitPolicy`].
    pub async fn send<T: FromBody>(self) -> Result<Response<T>> {
        let prepared = self.prepare()?;
        self.client.transport.execute(&prepared).await
    }

    /// A lazy stream of pages that follows `next_token` (see [`Pages`]).
    pub fn pages<T: Paginated>(self) -> Pages<T> {
        Pages::new(Arc::clone(&self.client.transport), self.prepare())
    }

    /// A lazy stream of the items of every page (see [`Items`]).
    pub fn items<T: Paginated>(self) -> Items<T> {
        Items::new(self.pages())
    }

    /// The events of a streaming endpoint (see [`EventStream`]): validated now, connected
    /// on the first poll. `backfill` names the endpoint's `backfill_minutes` parameter, for
    /// reconnections to ask for the minutes missed.
    pub fn stream<T: StreamEvent>(self, backfill: Option<Backfill>) -> EventStream<T> {
        EventStream::new(Arc::clone(&self.client.transport), self.prepare(), backfill)
    }

    /// Checks every constraint and encodes the request. Collects every violation into one
    /// [`Error::InvalidRequest`].
    pub(crate) fn prepare(&self) -> Result<Prepared> {
        let ep = self.endpoint;
        let mut problems: Vec<(Option<&'static str>, String)> = Vec::new();

        // The generated methods' bounds make this unreachable from them; a hand-written
        // `Endpoint` sent through `RequestBuilder::new` is checked here.
        if !ep.auth.accepts(A::SCHEME) {
            problems.push((
                None,
                format!(
                    "{} needs {}; this client uses {}",
                    ep.name,
                    ep.auth.describe(),
                    A::SCHEME.describe()
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
                    if let Err(msg) = check_value(param, value, A::USER_CONTEXT) {
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
                    path.push_str(&percent_encode(&v.to_text()));
                }
                (Some(_), Some(Value::List { items, .. })) => {
                    // Rare, but well defined: a comma-joined list in one segment.
                    path.push_str(&percent_encode(&items.join(",")));
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

        let mut member_problems: Vec<json_body::Problem> = Vec::new();
        let members = match ep.body {
            Some(body) => Some(json_body::build(body, &self.members, &mut member_problems)),
            None => {
                for (name, _) in &self.members {
                    member_problems.push((
                        name.to_string(),
                        format!("{name} is not a body member of {}", ep.name),
                    ));
                }
                None
            }
        };

        let first = problems
            .first()
            .map(|(p, _)| p.map(str::to_owned))
            .or_else(|| member_problems.first().map(|(p, _)| Some(p.clone())));
        if let Some(parameter) = first {
            return Err(Error::InvalidRequest {
                endpoint: ep.name,
                parameter,
                message: problems
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .chain(member_problems.iter().map(|(_, m)| m.as_str()))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }

        let mut query: Vec<(&'static str, String)> = Vec::new();
        let mut body: Option<serde_json::Map<String, serde_json::Value>> = members;
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
