//! A fake X API for your tests (cargo feature `fake`): an HTTP server on 127.0.0.1, started
//! in-process, that takes requests as the API does and answers as it would.
//!
//! * Every endpoint of the spec is served (its route table is generated from `spec/` with
//!   the client, so a spec change shows up here with no hand edit): the route and method,
//!   required, unknown and malformed parameters, ranges, patterns, list sizes, the values of
//!   fields, expansions and other lists, and request bodies are checked as the client checks
//!   them, and a bad request gets the API's own `400` problem body.
//! * Auth as the API takes it: the app-only Bearer token the fake issued, OAuth 1.0a
//!   signatures verified against the credentials it issued, OAuth 2.0 user tokens with their
//!   scopes. An endpoint that does not take the caller's scheme answers `403 Unsupported
//!   Authentication`; a token without an endpoint's scopes `403 Forbidden`; anything else
//!   `401 Unauthorized`.
//! * State for Likes: liking a Tweet shows in the user's liked Tweets and the Tweet's liking
//!   users, unliking removes it, both idempotent; pages carry real `next_token`s over the
//!   stored likes, newest first; `tweet.fields`, `user.fields` and the user and Tweet
//!   expansions (`author_id`, `in_reply_to_user_id`, `referenced_tweets.id`,
//!   `referenced_tweets.id.author_id`, `entities.mentions.username`, `pinned_tweet_id`) fill
//!   `data` and `includes` from the stored objects (media, polls and places are not stored);
//!   `GET /2/users/me` and the user (by id or username) and Tweet lookups answer from the
//!   store. Every other endpoint answers with a valid value of its response schema.
//! * Rate limits from the spec: one window per endpoint and per app or user, the
//!   `x-rate-limit-*` headers on every answer of an endpoint the spec gives a limit, and the
//!   real `429` when a window is spent, on a clock the test moves forward
//!   ([`FakeX::advance`]).
//! * An OAuth 2.0 authorization server (Authorization Code with PKCE): the authorize step
//!   ([`FakeX::approve`], or `GET /i/oauth2/authorize`), the code exchange that checks the
//!   verifier, refresh and revocation; access tokens expire after two hours of the fake's
//!   clock, and scopes are enforced on every endpoint.
//! * A streaming endpoint stays open: a keep-alive, one event of its schema, then the events
//!   a test sends ([`FakeX::send_stream_event`]) and, on the Likes streams, every like made
//!   through the fake; a keep-alive every 10 seconds; it ends when the client drops it or the
//!   fake stops.
//! * Faults a test scripts ([`FakeX::inject`]), and a record of every request received
//!   ([`FakeX::requests`]).
//!
//! ```
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use twitter_client::fake::{FakeX, TEST_USER};
//!
//! let fake = FakeX::start().await?;
//! let client = fake.oauth1_client(TEST_USER)?;
//! client.like_tweet(TEST_USER, "1346889436626259968").send().await?;
//! let page = client.get_liked_tweets(TEST_USER).max_results(5).send().await?;
//! assert_eq!(page.data[0].id.as_str(), "1346889436626259968");
//! assert_eq!(fake.requests().len(), 2);
//! # Ok(()) }
//! ```

mod auth;
mod handler;
mod likes;
mod limits;
mod oauth2;
mod routes;
mod server;
mod state;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use routes::{FakeAnswer, FakePer, FakeRateLimit, FakeRoute, WireValues};
pub use state::{Seed, SeedLike};

use crate::auth::oauth1::OAuth1Credentials;
use crate::auth::oauth2::OAuth2App;
use crate::client::{AppOnly, Client, ClientBuilder, OAuth1User, OAuth2User};

/// The user of the default [`Seed`] who likes 30 Tweets (`@TweepyDev`, as recorded).
pub const TEST_USER: &str = "1072250532645998596";

/// A fault to meet a request, scripted with [`FakeX::inject`]. It takes the place of the
/// answer of a request that passed the route, auth and rate-limit checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// An answer with this status and the API's `about:blank` problem body (`503`, `500`, ...).
    Status(u16),
    /// A `429 Too Many Requests` (the window's headers as they are).
    RateLimited,
    /// A `429` whose problem is a spent usage cap (`usage-capped`), which is not retried.
    UsageCapped,
    /// The answer comes this much later (then the request goes on as usual).
    Delay(Duration),
    /// The connection is closed with no answer.
    Reset,
    /// A `200` whose body stops before its `content-length`.
    Truncated,
    /// A `200` with an HTML body.
    NotJson,
    /// The answer is an empty page that still has a `next_token`.
    EmptyPageWithToken,
}

/// One request the fake received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, such as `/2/users/1072250532645998596/likes`.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The endpoint it was routed to (`like_tweet`), if any.
    pub endpoint: Option<&'static str>,
    /// The JSON body, if it had one.
    pub body: Option<serde_json::Value>,
    /// The status answered (`None`: the connection was reset, or no answer yet).
    pub status: Option<u16>,
}

/// What every connection of one fake shares.
pub(crate) struct Shared {
    pub routes: &'static [FakeRoute],
    state: Mutex<State>,
}

/// The Likes streams: every like made through the fake is one of their events.
pub(crate) const LIKE_STREAMS: &[&str] = &["likes_firehose_stream", "likes_sample10_stream"];

pub(crate) struct State {
    /// Per streaming endpoint, the sender of its open streams' lines.
    pub streams: HashMap<&'static str, tokio::sync::broadcast::Sender<String>>,
    pub issued: auth::Issued,
    pub store: state::Store,
    pub limits: limits::Limits,
    pub clock: limits::Clock,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<RecordedRequest>,
}

impl State {
    /// Sends one line to the open streams of `endpoint`; how many took it.
    pub fn send_line(&self, endpoint: &str, line: String) -> usize {
        self.streams
            .get(endpoint)
            .map_or(0, |tx| tx.send(line).unwrap_or(0))
    }

    /// A receiver of the lines sent to `endpoint` from now on.
    pub fn subscribe(
        &mut self,
        endpoint: &'static str,
    ) -> tokio::sync::broadcast::Receiver<String> {
        self.streams
            .entry(endpoint)
            .or_insert_with(|| tokio::sync::broadcast::channel(1024).0)
            .subscribe()
    }
}

impl Shared {
    /// The state; a panic of another connection's task does not make it unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running fake X API; it stops when dropped.
pub struct FakeX {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for FakeX {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeX")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeX {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeX {
    /// Starts a fake with the default [`Seed`] on a free port of 127.0.0.1. Call it inside
    /// a tokio runtime.
    pub async fn start() -> std::io::Result<FakeX> {
        Self::with_seed(Seed::default()).await
    }

    /// Starts a fake with this data.
    pub async fn with_seed(seed: Seed) -> std::io::Result<FakeX> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            routes: crate::generated::fake::ROUTES,
            state: Mutex::new(State {
                streams: HashMap::new(),
                issued: auth::Issued::new(),
                store: state::Store::new(&seed),
                limits: limits::Limits::default(),
                clock: limits::Clock::new(),
                faults: VecDeque::new(),
                requests: Vec::new(),
            }),
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        Ok(FakeX {
            shared,
            addr,
            server,
        })
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The app-only Bearer token the fake accepts.
    pub fn bearer_token(&self) -> String {
        self.shared.lock().issued.bearer.clone()
    }

    /// OAuth 1.0a credentials of the fake's app for `user_id` (the same ones each time).
    pub fn oauth1_credentials(&self, user_id: &str) -> OAuth1Credentials {
        let mut st = self.shared.lock();
        let issued = &mut st.issued;
        let existing = issued
            .oauth1
            .iter()
            .find(|(_, (user, _))| user == user_id)
            .map(|(token, (_, secret))| (token.clone(), secret.clone()));
        let (token, secret) = existing.unwrap_or_else(|| {
            let token = format!("{user_id}-{}", auth::random_token(30));
            let secret = auth::random_token(45);
            issued
                .oauth1
                .insert(token.clone(), (user_id.to_owned(), secret.clone()));
            (token, secret)
        });
        OAuth1Credentials::new(&issued.consumer_key, &issued.consumer_secret, token, secret)
    }

    /// A new OAuth 2.0 user access token for `user_id` with these scopes.
    pub fn oauth2_token(&self, user_id: &str, scopes: &[&str]) -> String {
        let token = auth::random_token(60);
        self.shared.lock().issued.oauth2.insert(
            token.clone(),
            auth::UserToken {
                user: user_id.to_owned(),
                scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
                expires_at: None,
            },
        );
        token
    }

    /// A client builder with the app-only Bearer token and the fake's URL, to configure
    /// further (retries, timeouts) before `build()`.
    pub fn app_builder(&self) -> ClientBuilder<AppOnly> {
        Client::builder()
            .bearer_token(self.bearer_token())
            .base_url(self.base_url())
    }

    /// A client builder acting for `user_id` with OAuth 1.0a and the fake's URL.
    pub fn oauth1_builder(&self, user_id: &str) -> ClientBuilder<OAuth1User> {
        Client::builder()
            .oauth1_credentials(self.oauth1_credentials(user_id))
            .base_url(self.base_url())
    }

    /// A client builder acting for `user_id` with a new OAuth 2.0 user token of these
    /// scopes, and the fake's URL.
    pub fn oauth2_builder(&self, user_id: &str, scopes: &[&str]) -> ClientBuilder<OAuth2User> {
        Client::builder()
            .oauth2_user_token(self.oauth2_token(user_id, scopes))
            .base_url(self.base_url())
    }

    /// `app_builder().build()`.
    pub fn app_client(&self) -> crate::Result<Client<AppOnly>> {
        self.app_builder().build()
    }

    /// `oauth1_builder(user_id).build()`.
    pub fn oauth1_client(&self, user_id: &str) -> crate::Result<Client<OAuth1User>> {
        self.oauth1_builder(user_id).build()
    }

    /// `oauth2_builder(user_id, scopes).build()`.
    pub fn oauth2_client(
        &self,
        user_id: &str,
        scopes: &[&str],
    ) -> crate::Result<Client<OAuth2User>> {
        self.oauth2_builder(user_id, scopes).build()
    }

    /// An OAuth 2.0 app (public client) registered with the fake, whose authorize and token
    /// endpoints are the fake's: `authorize_url`, then [`FakeX::approve`] in place of the
    /// user's browser, then `exchange_code` and `refresh` run the sign-in end to end.
    pub fn oauth2_app(&self, redirect_uri: &str) -> OAuth2App {
        let client_id = self.shared.lock().issued.grants.client_id.clone();
        OAuth2App::new(client_id, redirect_uri)
            .authorize_endpoint(format!("{}/i/oauth2/authorize", self.base_url()))
            .token_endpoint(format!("{}/2/oauth2/token", self.base_url()))
    }

    /// Who approves the next authorize requests ([`TEST_USER`] unless changed).
    pub fn sign_in_as(&self, user_id: &str) {
        self.shared.lock().issued.grants.signing_in = user_id.to_owned();
    }

    /// The user approves the authorize URL (as `GET` of it in a browser would): the URL
    /// the browser is sent back to, with `code` and `state`; or the OAuth 2.0 error
    /// (`invalid_scope`, `invalid_client`, ...) when the fake refuses it.
    pub fn approve(&self, authorize_url: &url::Url) -> Result<url::Url, String> {
        let mut st = self.shared.lock();
        let now = st.clock.now();
        oauth2::authorize(&mut st.issued, authorize_url, now).map_err(|(_, body)| {
            format!(
                "{}: {}",
                body["error"].as_str().unwrap_or("error"),
                body["error_description"].as_str().unwrap_or("")
            )
        })
    }

    /// Moves the fake's clock forward: it runs with the real time plus what was added here
    /// (rate-limit windows, tokens and authorization codes end on it).
    pub fn advance(&self, by: Duration) {
        self.shared.lock().clock.advance(by);
    }

    /// Scripts a fault for the next request that passes the route, auth and rate-limit
    /// checks; faults queue up, one per request.
    pub fn inject(&self, fault: Fault) {
        self.inject_times(fault, 1);
    }

    /// Scripts the same fault for the next `times` requests.
    pub fn inject_times(&self, fault: Fault, times: usize) {
        self.shared
            .lock()
            .faults
            .extend(std::iter::repeat_n(fault, times));
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The ids of the Tweets `user_id` likes, newest like first.
    pub fn liked_tweet_ids(&self, user_id: &str) -> Vec<String> {
        let likes = self.shared.lock().store.liked_tweets(user_id);
        likes.into_iter().map(|(_, tweet)| tweet).collect()
    }

    /// Adds (or replaces) a user; it needs a string `id`.
    pub fn add_user(&self, user: serde_json::Value) {
        if let serde_json::Value::Object(u) = user {
            self.shared.lock().store.add_user(u);
        }
    }

    /// Adds (or replaces) a Tweet; it needs a string `id`.
    pub fn add_tweet(&self, tweet: serde_json::Value) {
        if let serde_json::Value::Object(t) = tweet {
            self.shared.lock().store.add_tweet(t);
        }
    }

    /// Sends `event` (one line of the stream's schema) to the open streams of the endpoint
    /// called `endpoint` (`sample_stream`, `search_stream`, ...); returns how many streams
    /// took it. The Likes streams also get every like made through the fake.
    pub fn send_stream_event(&self, endpoint: &str, event: &serde_json::Value) -> usize {
        self.shared.lock().send_line(endpoint, event.to_string())
    }

    /// The generated route table: one entry per endpoint of the spec (of the features on).
    pub fn routes(&self) -> &'static [FakeRoute] {
        self.shared.routes
    }
}
