//! Test-only stand-ins for generated code (endpoint statics, a field enum, page types) and
//! helpers shared by the runtime integration tests.
#![allow(dead_code)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use twitter_client::pagination::Paginated;
use twitter_client::request::{Check, Endpoint, Method, Param, ParamIn, RateLimitRule};
use twitter_client::wire::{Keyed, WireEnum};
use twitter_client::{AppOnly, Client, RetryPolicy, UserContext};

pub const ID: Check = Check::Str {
    pattern: Some("^[0-9]{1,19}$"),
    min_len: None,
    max_len: None,
};

pub static GET_LIKED_TWEETS: Endpoint = Endpoint {
    name: "get_liked_tweets",
    method: Method::Get,
    path: "/2/users/{id}/liked_tweets",
    app_only: true,
    params: &[
        Param {
            name: "id",
            location: ParamIn::Path,
            required: true,
            check: ID,
        },
        Param {
            name: "max_results",
            location: ParamIn::Query,
            required: false,
            check: Check::Int {
                min: Some(5),
                max: Some(100),
            },
        },
        Param {
            name: "pagination_token",
            location: ParamIn::Query,
            required: false,
            check: Check::Str {
                pattern: None,
                min_len: Some(1),
                max_len: None,
            },
        },
        Param {
            name: "tweet.fields",
            location: ParamIn::Query,
            required: false,
            check: Check::List {
                min_items: Some(1),
                max_items: None,
            },
        },
        Param {
            name: "expansions",
            location: ParamIn::Query,
            required: false,
            check: Check::List {
                min_items: Some(1),
                max_items: Some(2),
            },
        },
    ],
    pagination_param: Some("pagination_token"),
    rate_limits: &[RateLimitRule {
        scope: "app",
        requests: 75,
        window_secs: 900,
    }],
    body: None,
};

/// A path parameter without a pattern, to see how odd values are encoded.
pub static GET_USER_BY_USERNAME: Endpoint = Endpoint {
    name: "get_user_by_username",
    method: Method::Get,
    path: "/2/users/by/username/{username}",
    app_only: true,
    params: &[Param {
        name: "username",
        location: ParamIn::Path,
        required: true,
        check: Check::None,
    }],
    pagination_param: None,
    rate_limits: &[],
    body: None,
};

pub static LIKE_TWEET: Endpoint = Endpoint {
    name: "like_tweet",
    method: Method::Post,
    path: "/2/users/{id}/likes",
    app_only: false,
    params: &[
        Param {
            name: "id",
            location: ParamIn::Path,
            required: true,
            check: ID,
        },
        Param {
            name: "tweet_id",
            location: ParamIn::Body,
            required: true,
            check: ID,
        },
    ],
    pagination_param: None,
    rate_limits: &[RateLimitRule {
        scope: "user",
        requests: 50,
        window_secs: 900,
    }],
    body: None,
};

pub static UNLIKE_TWEET: Endpoint = Endpoint {
    name: "unlike_tweet",
    method: Method::Delete,
    path: "/2/users/{id}/likes/{tweet_id}",
    app_only: false,
    params: &[
        Param {
            name: "id",
            location: ParamIn::Path,
            required: true,
            check: ID,
        },
        Param {
            name: "tweet_id",
            location: ParamIn::Path,
            required: true,
            check: ID,
        },
    ],
    pagination_param: None,
    rate_limits: &[RateLimitRule {
        scope: "user",
        requests: 50,
        window_secs: 900,
    }],
    body: None,
};

/// A POST with body members of every kind and no required one.
pub static CREATE_THING: Endpoint = Endpoint {
    name: "create_thing",
    method: Method::Post,
    path: "/2/things",
    app_only: false,
    params: &[
        Param {
            name: "text",
            location: ParamIn::Body,
            required: false,
            check: Check::None,
        },
        Param {
            name: "count",
            location: ParamIn::Body,
            required: false,
            check: Check::Int {
                min: Some(1),
                max: None,
            },
        },
        Param {
            name: "flag",
            location: ParamIn::Body,
            required: false,
            check: Check::None,
        },
        Param {
            name: "reply",
            location: ParamIn::Body,
            required: false,
            check: Check::None,
        },
        Param {
            name: "dry_run",
            location: ParamIn::Query,
            required: false,
            check: Check::None,
        },
    ],
    pagination_param: None,
    rate_limits: &[],
    body: None,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TweetField {
    CreatedAt,
    AuthorId,
    PublicMetrics,
    NonPublicMetrics,
}

impl WireEnum for TweetField {
    fn as_str(&self) -> &'static str {
        match self {
            Self::CreatedAt => "created_at",
            Self::AuthorId => "author_id",
            Self::PublicMetrics => "public_metrics",
            Self::NonPublicMetrics => "non_public_metrics",
        }
    }

    fn user_context_only(&self) -> bool {
        matches!(self, Self::NonPublicMetrics)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tweet {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edit_history_tweet_ids: Vec<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Keyed for Tweet {
    fn key(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default, deserialize_with = "twitter_client::wire::lenient::opt_i64")]
    pub result_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_token: Option<String>,
}

/// A page type as the generator would emit it: `data` defaults to empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TweetsPage {
    #[serde(default)]
    pub data: Vec<Tweet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub includes: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<twitter_client::Problem>,
    #[serde(default)]
    pub meta: Meta,
}

impl Paginated for TweetsPage {
    type Item = Tweet;
    fn next_token(&self) -> Option<&str> {
        self.meta.next_token.as_deref()
    }
    fn into_items(self) -> Vec<Tweet> {
        self.data
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Liked {
    pub liked: bool,
}

/// The like/unlike response: `data` is required, so a body without it is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikeResponse {
    pub data: Liked,
}

pub const CONSUMER_KEY: &str = "xvz1evFS4wEEPTGEFPHBog";
pub const CONSUMER_SECRET: &str = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
pub const ACCESS_TOKEN: &str = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
pub const ACCESS_TOKEN_SECRET: &str = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
pub const BEARER: &str = "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F";

/// A retry policy with millisecond backoff, so retry tests run fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

pub fn app_client(base: &str) -> Client<AppOnly> {
    Client::builder()
        .base_url(base)
        .bearer_token(BEARER)
        .retry(fast_retry())
        .build()
        .expect("valid configuration")
}

pub fn oauth1_client(base: &str) -> Client<UserContext> {
    Client::builder()
        .base_url(base)
        .oauth1(
            CONSUMER_KEY,
            CONSUMER_SECRET,
            ACCESS_TOKEN,
            ACCESS_TOKEN_SECRET,
        )
        .retry(fast_retry())
        .build()
        .expect("valid configuration")
}

/// A file of `tests/data/` (copies of the shared fixtures; see PROVENANCE.md there).
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A page body with the given ids and next token.
pub fn page_json(ids: &[u32], next: Option<&str>) -> serde_json::Value {
    let data: Vec<_> = ids
        .iter()
        .map(|i| serde_json::json!({"id": i.to_string(), "text": format!("tweet {i}")}))
        .collect();
    let mut meta = serde_json::json!({"result_count": ids.len()});
    if let Some(n) = next {
        meta["next_token"] = serde_json::Value::String(n.to_owned());
    }
    if ids.is_empty() {
        serde_json::json!({ "meta": meta })
    } else {
        serde_json::json!({ "data": data, "meta": meta })
    }
}
