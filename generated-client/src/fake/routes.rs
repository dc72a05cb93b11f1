//! The route table of the fake X API: what the generator writes for every endpoint of the
//! spec (`src/generated/fake.rs`), beside the endpoint's static [`Endpoint`] metadata.

use crate::base::endpoint::Endpoint;

/// The values a parameter takes: `crate::runtime::wire_values::<E>` of its request enum.
pub type WireValues = fn() -> Vec<&'static str>;

/// One endpoint as the fake serves it.
#[derive(Debug, Clone, Copy)]
pub struct FakeRoute {
    /// The endpoint's metadata: method, path, parameters and their checks, body, auth.
    pub endpoint: &'static Endpoint,
    /// The OAuth 2.0 scopes a user token needs for it.
    pub scopes: &'static [&'static str],
    /// The parameters whose values come from a request enum (fields, expansions, sort
    /// orders): the parameter's wire name and the enum's values
    /// (`crate::runtime::wire_values::<TweetField>`).
    pub values: &'static [(&'static str, WireValues)],
    /// Its rate limits (per app, per user), from the spec's `rate_limits`.
    pub rate_limits: &'static [FakeRateLimit],
    /// What a successful answer holds.
    pub answer: FakeAnswer,
    /// A streaming endpoint (its answer is one line of the stream).
    pub stream: bool,
}

/// What a successful answer of a [`FakeRoute`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeAnswer {
    /// A JSON body: a valid value of the response schema, built by the generator.
    Json(&'static str),
    /// No body (HTTP 204).
    Empty,
    /// Raw bytes (a media download).
    Binary,
}

/// Who a rate-limit window counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FakePer {
    /// Per app: every request with the app's credentials (app-only or user context).
    App,
    /// Per user: requests made on behalf of one user.
    User,
}

/// One rate limit: `requests` per `window_seconds`, counted per app or per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeRateLimit {
    /// Who the window counts for.
    pub per: FakePer,
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window's length in seconds.
    pub window_seconds: u32,
}
