//! A typed async client for the Twitter (X) API v2.
//!
//! The endpoint methods, request builders, models and field enums are generated from
//! `spec/` by `cargo xtask codegen` (module `generated`, re-exported at the crate root);
//! everything they run on is the hand-written runtime below, in layers (a module never
//! imports a layer above it):
//!
//! * leaves: [`endpoint`] metadata, [`encoding`], [`error`] ([`Error`]), [`rate_limit`]
//!   ([`RateLimit`]), the [`retry`] policies ([`RetryPolicy`], [`RateLimitPolicy`]) and the
//!   pure retry/429/401 decision, [`http`] defaults, [`response`] ([`Response`]), [`wire`];
//! * [`auth`]: OAuth 2.0 Bearer, OAuth 1.0a HMAC-SHA1, and [`oauth2`] user tokens
//!   (Authorization Code with PKCE, refresh);
//! * the transport, which executes one request (sign, send, retry, decode);
//! * [`pagination`] on the transport;
//! * [`Client`] and its [`ClientBuilder`]; the auth kinds [`AppOnly`], [`OAuth1User`],
//!   [`OAuth2User`], and the endpoint bounds of [`accepts`] (one per set of schemes);
//! * [`request`]: the request builder the generated code drives.
//!
//! # Quick start
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use twitter_client::{Client, Error, TweetExpansion, TweetField, UserExpansion, UserField};
//!
//! # async fn run() -> Result<(), Error> {
//! // App-only auth (OAuth 2.0 Bearer token): a Client<AppOnly>.
//! let app = Client::builder()
//!     .bearer_token(std::env::var("TWITTER_BEARER_TOKEN").unwrap_or_default())
//!     .build()?;
//!
//! // One page.
//! let page = app
//!     .get_liked_tweets("2244994945")
//!     .max_results(5)
//!     .tweet_fields([TweetField::CreatedAt, TweetField::AuthorId])
//!     .expansions([TweetExpansion::AuthorId])
//!     .user_fields([UserField::Username])
//!     .send()
//!     .await?;
//! for tweet in &page.data {
//!     let author = tweet.author_id.as_deref().and_then(|id| page.includes.user(id));
//!     println!("{:?} by {:?}", tweet.text, author.map(|u| &u.username));
//! }
//! if let Some(limit) = page.rate_limit() {
//!     println!("{} requests left until {:?}", limit.remaining, limit.reset);
//! }
//!
//! // Every item of every page, lazily: a Stream that follows next_token.
//! let all: Vec<_> = app.get_liked_tweets("2244994945").max_results(100).items().try_collect().await?;
//! println!("{} liked tweets", all.len());
//!
//! // User context with OAuth 1.0a: a Client<OAuth1User>, which can also like and unlike
//! // (`Client::builder().oauth2_user_token(..)` gives a Client<OAuth2User>, which can too).
//! let me = Client::builder()
//!     .oauth1("consumer key", "consumer secret", "access token", "access token secret")
//!     .build()?;
//! assert!(me.like_tweet("1072250532645998596", "1293593516040269825").send().await?.data.liked);
//! me.unlike_tweet("1072250532645998596", "1293593516040269825").send().await?;
//! me.get_liking_users("1293593516040269825")
//!     .user_fields([UserField::CreatedAt])
//!     .expansions([UserExpansion::PinnedTweetId])
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every call returns [`Result`]; [`Error`] tells apart a request refused before sending
//! ([`Error::InvalidRequest`]), a rate limit ([`Error::RateLimited`], with the reset time),
//! an API error ([`Error::Api`], with the parsed problems whatever the body's shape), an
//! unexpected body ([`Error::Decode`], with the JSON path, its [`DecodeKind`] and, in a
//! stream, the token to resume from), a body over the cap ([`Error::ResponseTooLarge`]),
//! a redirect ([`Error::Redirected`], never followed) and transport failures
//! ([`Error::Transport`], see [`Error::is_timeout`]). Its `Display` shows the API's own
//! message. Nothing panics on any body.
//!
//! # Retries and rate limits
//!
//! Transient failures (HTTP 500/502/503/504, timeouts, connection errors, a body that
//! stops arriving or is cut short, a 2xx that is not a page) of `GET` and `DELETE` are
//! retried with exponential backoff and jitter, 3 attempts in all by default
//! ([`RetryPolicy`]), within the call's deadline ([`ClientBuilder::deadline`], 60 s by
//! default). An HTTP 429 returns [`Error::RateLimited`] at once unless
//! [`RateLimitPolicy::wait`] is chosen; a `usage-capped` 429 is never waited on. Every
//! default is listed on [`ClientBuilder`].
//!
//! # Logging
//!
//! Each request runs in a `tracing` span `twitter_request` with the endpoint, method, path
//! template, auth scheme, attempt, status and remaining rate limit. Credentials and the
//! `Authorization` header are never logged.
//!
//! # Testing your code
//!
//! With the cargo feature `fake`, `fake::FakeX` is a fake of the X API for your tests,
//! generated from the same spec: it starts in-process on 127.0.0.1, checks requests as the
//! API does (parameters, bodies, auth and scopes, rate limits), keeps state for Likes, answers
//! every other endpoint with a valid value of its schema, and lets a test script faults and
//! move its clock. Its module documentation has a complete example; the crate's `examples/`
//! run against it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// `Error` carries the parsed problems, the body and the rate-limit headers inline (as the
// runtime contract fixes its shape); it is only built after network I/O, so its size does
// not matter.
#![allow(clippy::result_large_err)]

#[rustfmt::skip]
mod generated;
/// The date-time crate of the date-time parameters (`time::OffsetDateTime`).
pub use compact_str::{self, CompactString};
pub use generated::*;
pub use time;

// The runtime, by layer; a module never imports a layer above it:
// base (leaves) < auth < transport < streams < client < builders < runtime (facade).
pub mod auth;
mod base;
mod builders;
pub mod client;
mod expansions;
#[cfg(feature = "fake")]
pub mod fake;
#[cfg(feature = "users")]
mod me;
#[doc(hidden)]
pub mod runtime;
pub mod streams;
mod transport;

pub use auth::oauth2;
pub use base::{encoding, endpoint, error, http, id, rate_limit, response, retry, wire};
pub use builders::request;
pub use streams::pagination;

pub use client::{
    AppOnly, AuthKind, AuthScheme, AuthSet, Client, ClientBuilder, NoAuth, OAuth1User, OAuth2User,
    UserContext, accepts,
};
pub use error::{DecodeKind, Error, Result};
pub use id::{IdKey, IdType, IntoId, InvalidId, NumericId};
pub use pagination::{Items, Pages, Paginated};
pub use rate_limit::{Quota, RateLimit};
pub use request::RequestBuilder;
pub use response::{Binary, FromBody, Response};
pub use retry::{RateLimitPolicy, RetryPolicy};
pub use streams::{EventStream, ReconnectPolicy, StreamEvent};
pub use wire::from_json;

/// The workspace README's quick start, compiled as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
