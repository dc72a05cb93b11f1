//! A typed async client for the Twitter (X) API v2.
//!
//! The endpoint methods, request builders, models and field enums are generated from
//! `spec/` by `cargo xtask codegen` (module `generated`, re-exported at the crate root);
//! everything they run on is the hand-written runtime below: [`Client`] and its builder,
//! [`auth`] (OAuth 2.0 Bearer, OAuth 1.0a HMAC-SHA1, OAuth 2.0 user tokens), [`request`]
//! (validation and encoding), [`Response`], [`Error`], [`RateLimit`], [`RetryPolicy`] and
//! [`RateLimitPolicy`], [`pagination`] and [`wire`]; [`oauth2`] obtains and refreshes
//! OAuth 2.0 user tokens (Authorization Code with PKCE).
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
//! // User context (OAuth 1.0a): a Client<UserContext>, which can also like and unlike.
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
//! unexpected body ([`Error::Decode`], with the JSON path) and transport failures
//! ([`Error::Transport`], see [`Error::is_timeout`]). Its `Display` shows the API's own
//! message. Nothing panics on any body.
//!
//! # Retries and rate limits
//!
//! Transient failures (HTTP 500/502/503/504, timeouts, connection errors) of `GET` and
//! `DELETE` are retried with exponential backoff and jitter, 3 attempts in all by default
//! ([`RetryPolicy`]). An HTTP 429 returns [`Error::RateLimited`] at once unless
//! [`RateLimitPolicy::wait`] is chosen; a `usage-capped` 429 is never waited on.
//!
//! # Logging
//!
//! Each request runs in a `tracing` span `twitter_request` with the endpoint, method, path
//! template, auth scheme, attempt, status and remaining rate limit. Credentials and the
//! `Authorization` header are never logged.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// `Error` carries the parsed problems, the body and the rate-limit headers inline (as the
// runtime contract fixes its shape); it is only built after network I/O, so its size does
// not matter.
#![allow(clippy::result_large_err)]

#[rustfmt::skip]
mod generated;
pub use generated::*;

pub mod auth;
pub mod client;
pub mod error;
mod me;
pub mod oauth2;
pub mod pagination;
pub mod rate_limit;
pub mod request;
pub mod response;
pub mod retry;
#[doc(hidden)]
pub mod runtime;
pub mod wire;

pub use client::{AppOnly, AuthKind, Client, ClientBuilder, NoAuth, UserContext};
pub use error::{Error, Result};
pub use pagination::{Items, Pages, Paginated};
pub use rate_limit::{Quota, RateLimit};
pub use request::RequestBuilder;
pub use response::Response;
pub use retry::{RateLimitPolicy, RetryPolicy};

/// The workspace README's quick start, compiled as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
