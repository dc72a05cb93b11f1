//! The transport: executes one request. It signs each attempt, sends it (at most
//! `max_connections` at once), reads the body under the size cap, decodes it, asks
//! [`decide`] what to do next and does it (sleep and retry, wait for the rate-limit
//! window, refresh the token) until the answer is final or the call's deadline is near,
//! and builds the one [`Error`] of a failed call.

mod decode;

pub(crate) use decode::error_path;

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use rand::Rng as _;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use tokio::sync::Semaphore;
use tracing::Instrument as _;
use tracing::field::Empty;
use url::Url;

use crate::auth::Credentials;
use crate::base::body::{BodyError, read_capped};
use crate::base::decision::{Decision, Inputs, NoAnswer, Outcome, State, decide};
use crate::base::encoding::Prepared;
use crate::base::endpoint::Endpoint;
use crate::base::error::{DecodeKind, Error, Result};
use crate::base::problem::ErrorBody;
use crate::base::rate_limit::RateLimit;
use crate::base::response::{FromBody, Response, SuccessBody};
use crate::base::retry::{RateLimitPolicy, RetryPolicy};

/// Everything needed to execute requests; one per client, shared by its clones, builders
/// and streams.
pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub base_url: Url,
    pub credentials: Credentials,
    pub retry: RetryPolicy,
    pub rate_limit: RateLimitPolicy,
    /// Per attempt.
    pub timeout: Option<Duration>,
    /// Per call, every attempt and wait included.
    pub deadline: Duration,
    pub max_response_bytes: u64,
    pub user_agent: Option<HeaderValue>,
    /// One permit per request in flight: the cap on connections to the API host.
    pub connections: Semaphore,
}

/// What came back from one attempt.
enum Answer {
    /// No response (the error happened before the headers).
    None(reqwest::Error),
    /// A redirect, not followed.
    Redirected(Error),
    /// A status and headers, and the body or why it is missing.
    Some {
        status: StatusCode,
        headers: HeaderMap,
        body: std::result::Result<Bytes, BodyError>,
    },
}

impl Transport {
    /// Sends a prepared request with auth, retries and rate-limit handling, and decodes the
    /// answer as `T`.
    ///
    /// Only this wrapper and its decoding closure are generic: the retry loop below is
    /// compiled once, not once per response type (165 endpoints made the client's tests and
    /// the `full` build spend most of their time compiling copies of it).
    pub(crate) async fn execute<T: FromBody>(&self, prepared: &Prepared) -> Result<Response<T>> {
        let mut value: Option<T> = None;
        let mut decode = |answer: &SuccessBody<'_>| -> Result<()> {
            value = Some(T::from_body(answer)?);
            Ok(())
        };
        let done = self.execute_with(prepared, &mut decode).await?;
        match value {
            Some(value) => Ok(Response::new(
                value,
                done.status,
                done.headers,
                done.rate_limit,
            )),
            // `execute_with` succeeds only after `decode` did.
            None => Err(Error::Config(format!(
                "{}: the answer was accepted but not decoded",
                prepared.endpoint.name
            ))),
        }
    }

    /// [`Transport::execute`] without the response type: `decode` turns a 2xx answer into the
    /// caller's value (or the error the decision reads).
    async fn execute_with(&self, prepared: &Prepared, decode: &mut Decode<'_>) -> Result<Done> {
        let ep = prepared.endpoint;
        let span = tracing::debug_span!(
            "twitter_request",
            endpoint = ep.name,
            method = ep.method.as_str(),
            path = ep.path,
            auth = self.credentials.scheme(),
            attempt = Empty,
            status = Empty,
            rate_limit_remaining = Empty,
        );
        self.run(prepared, decode, &span)
            .instrument(span.clone())
            .await
    }

    async fn run(
        &self,
        prepared: &Prepared,
        decode: &mut Decode<'_>,
        span: &tracing::Span,
    ) -> Result<Done> {
        let ep = prepared.endpoint;
        let started = Instant::now();
        let url = prepared.url(&self.base_url)?;
        let retryable = ep.method.is_idempotent() || self.retry.retries_non_idempotent();
        let mut state = State::default();
        let mut attempt = 0u32;

        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let auth = self
                .credentials
                .authorization(ep.method.as_str(), &url)
                .await?;
            let remaining = self.deadline.saturating_sub(started.elapsed());
            let timeout = self.timeout.map_or(remaining, |t| t.min(remaining));
            let request = self.build_request(prepared, &url, auth.clone(), Some(timeout))?;
            tracing::debug!(attempt, "sending");
            let answer = self.send(request, ep, remaining).await?;
            let (attempted, error) = match self.settle(ep, answer, decode, span) {
                Step::Done(done) => return Ok(done),
                Step::Final(error) => return Err(error),
                Step::Failed(attempted, error) => (attempted, error),
            };
            let inputs = Inputs {
                retryable,
                can_refresh: self.credentials.can_refresh(),
                retry: &self.retry,
                rate_limit: &self.rate_limit,
                remaining: self.deadline.saturating_sub(started.elapsed()),
                now: SystemTime::now(),
                jitter: rand::thread_rng().gen_range(0.0..=1.0),
            };
            match decide(attempted.outcome(), &state, &inputs) {
                Decision::Done | Decision::Fail => return Err(error),
                Decision::Retry { after } => {
                    state.failures += 1;
                    tracing::info!(
                        error = %error,
                        delay_ms = after.as_millis() as u64,
                        "transient failure; retrying"
                    );
                    tokio::time::sleep(after).await;
                }
                Decision::WaitRateLimit { wait } => {
                    state.rate_limit_waits += 1;
                    state.waited += wait;
                    tracing::info!(
                        delay_ms = wait.as_millis() as u64,
                        "rate limited; waiting for the window to reset"
                    );
                    tokio::time::sleep(wait).await;
                }
                Decision::RefreshAndRetry => {
                    state.refreshed_after_401 = true;
                    if !self.credentials.refresh_after_401(&auth).await? {
                        return Err(error);
                    }
                    tracing::info!("401 with an OAuth 2.0 user token; refreshed it, retrying");
                }
            }
        }
    }

    /// Turns one attempt's answer into the response, or the error and the attempt as the
    /// decision sees it.
    fn settle(
        &self,
        ep: &'static Endpoint,
        answer: Answer,
        decode: &mut Decode<'_>,
        span: &tracing::Span,
    ) -> Step {
        let (status, headers, body) = match answer {
            Answer::Redirected(error) => return Step::Final(error),
            Answer::None(e) => {
                let kind = if e.is_timeout() {
                    NoAnswer::Timeout
                } else if e.is_connect() {
                    NoAnswer::Connect
                } else if e.is_request() || e.is_body() {
                    NoAnswer::Send
                } else {
                    NoAnswer::Other
                };
                tracing::debug!(error = %e, "no answer");
                return Step::Failed(Attempted::NoAnswer(kind), Error::Transport(e));
            }
            Answer::Some {
                status,
                headers,
                body,
            } => (status, headers, body),
        };
        span.record("status", status.as_u16());
        let rate_limit = RateLimit::from_headers(&headers);
        if let Some(rl) = &rate_limit {
            span.record("rate_limit_remaining", rl.remaining);
        }
        let body = match body {
            Ok(body) => body,
            Err(BodyError::TooLarge) => {
                return Step::Final(Error::ResponseTooLarge {
                    status: status.as_u16(),
                    limit: self.max_response_bytes,
                    endpoint: ep.name,
                });
            }
            Err(BodyError::Lost(e)) => {
                tracing::debug!(error = %e, "the body stopped arriving");
                return Step::Failed(Attempted::BodyLost, Error::Transport(e));
            }
            Err(BodyError::Corrupt(e)) => {
                let kind = DecodeKind::Compression;
                let message = format!("the body could not be decompressed: {}", chain(&e));
                let error = Error::decode(ep.name, status.as_u16(), kind, ".".into(), message, b"");
                return Step::Failed(Attempted::Success(Some(kind)), error);
            }
        };
        tracing::debug!(status = status.as_u16(), bytes = body.len(), "received");
        if status.is_success() {
            let answer = SuccessBody {
                endpoint: ep,
                status: status.as_u16(),
                headers: &headers,
                rate_limit: rate_limit.as_ref(),
                body: &body,
            };
            return match decode(&answer) {
                Ok(()) => Step::Done(Done {
                    status,
                    headers,
                    rate_limit,
                }),
                Err(e) => Step::Failed(Attempted::Success(e.decode_kind()), e),
            };
        }
        let parsed = ErrorBody::parse(&body);
        let usage_capped = parsed.is_usage_capped();
        let error = Error::from_answer(ep.name, status.as_u16(), rate_limit, &body, parsed);
        Step::Failed(
            Attempted::Status {
                status: status.as_u16(),
                headers,
                usage_capped,
            },
            error,
        )
    }

    /// Sends one attempt (holding a connection permit) and reads its body. A redirect is
    /// never followed.
    async fn send(
        &self,
        request: reqwest::Request,
        ep: &'static Endpoint,
        remaining: Duration,
    ) -> Result<Answer> {
        let url = request.url().clone();
        let Ok(Ok(_permit)) = tokio::time::timeout(remaining, self.connections.acquire()).await
        else {
            return Err(Error::DeadlineExceeded {
                endpoint: ep.name,
                deadline: self.deadline,
            });
        };
        let mut response = match self.http.execute(request).await {
            Ok(r) => r,
            Err(e) => return Ok(Answer::None(e)),
        };
        let status = response.status();
        if let Some(error) = redirected(&response, &url, ep) {
            return Ok(Answer::Redirected(error));
        }
        let headers = std::mem::take(response.headers_mut());
        let body = read_capped(&mut response, self.max_response_bytes).await;
        Ok(Answer::Some {
            status,
            headers,
            body,
        })
    }

    fn build_request(
        &self,
        prepared: &Prepared,
        url: &Url,
        auth: HeaderValue,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Request> {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(ua) = &self.user_agent {
            headers.insert(reqwest::header::USER_AGENT, ua.clone());
        }
        let mut builder = self
            .http
            .request(prepared.endpoint.method.to_reqwest(), url.clone())
            .headers(headers);
        if let Some(body) = &prepared.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.to_vec());
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder.build().map_err(Error::Transport)
    }
}

/// A redirect (never followed), or an answer from elsewhere than `url` (a custom
/// `http_client` may follow redirects itself): the error to return.
fn redirected(response: &reqwest::Response, url: &Url, ep: &'static Endpoint) -> Option<Error> {
    let status = response.status();
    let moved = response.url() != url;
    if !status.is_redirection() && !moved {
        return None;
    }
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| moved.then(|| response.url().to_string()));
    Some(Error::Redirected {
        status: status.as_u16(),
        location,
        endpoint: ep.name,
    })
}

/// What opening a stream gave.
pub(crate) enum Opened {
    /// HTTP 2xx: the response, its body still to read.
    Stream(reqwest::Response),
    /// No answer: the connection failed.
    NoAnswer(String),
    /// No answer within the read timeout.
    Silent,
    /// An error status, with the error it makes (the stream decides whether to reconnect).
    Refused {
        status: u16,
        usage_capped: bool,
        error: Error,
    },
    /// Never worth reconnecting: a redirect.
    Final(Error),
}

/// The most of an error answer read when a stream is refused.
const MAX_STREAM_ERROR_BYTES: u64 = 64 * 1024;

impl Transport {
    /// Opens a streaming response: signs and sends the request with no overall timeout
    /// (the body never ends), waiting at most `wait` for the headers. A 2xx is returned
    /// unread; an error answer is read (up to 64 KiB) into its [`Error`].
    pub(crate) async fn open(&self, prepared: &Prepared, wait: Duration) -> Result<Opened> {
        let ep = prepared.endpoint;
        let url = prepared.url(&self.base_url)?;
        let auth = self
            .credentials
            .authorization(ep.method.as_str(), &url)
            .await?;
        let request = self.build_request(prepared, &url, auth, None)?;
        tracing::debug!(endpoint = ep.name, "opening stream");
        let mut response = match tokio::time::timeout(wait, self.http.execute(request)).await {
            Err(_) => return Ok(Opened::Silent),
            Ok(Err(e)) => return Ok(Opened::NoAnswer(chain(&e))),
            Ok(Ok(response)) => response,
        };
        if let Some(error) = redirected(&response, &url, ep) {
            return Ok(Opened::Final(error));
        }
        let status = response.status();
        if status.is_success() {
            return Ok(Opened::Stream(response));
        }
        let headers = std::mem::take(response.headers_mut());
        let rate_limit = RateLimit::from_headers(&headers);
        let body = read_capped(&mut response, MAX_STREAM_ERROR_BYTES)
            .await
            .unwrap_or_default();
        let parsed = ErrorBody::parse(&body);
        let usage_capped = parsed.is_usage_capped();
        Ok(Opened::Refused {
            status: status.as_u16(),
            usage_capped,
            error: Error::from_answer(ep.name, status.as_u16(), rate_limit, &body, parsed),
        })
    }
}

/// Decodes a 2xx answer into the caller's value.
type Decode<'a> = dyn FnMut(&SuccessBody<'_>) -> Result<()> + Send + 'a;

/// A call that succeeded: what the response keeps beside the decoded value.
struct Done {
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: Option<RateLimit>,
}

/// How an attempt ended when it did not give the response.
enum Step {
    Done(Done),
    /// Never retried: a redirect, a body over the cap.
    Final(Error),
    /// For the decision.
    Failed(Attempted, Error),
}

/// An attempt, as the decision sees it (owning the headers of a non-2xx answer).
enum Attempted {
    NoAnswer(NoAnswer),
    BodyLost,
    Success(Option<DecodeKind>),
    Status {
        status: u16,
        headers: HeaderMap,
        usage_capped: bool,
    },
}

impl Attempted {
    fn outcome(&self) -> Outcome<'_> {
        match self {
            Self::NoAnswer(kind) => Outcome::NoAnswer(*kind),
            Self::BodyLost => Outcome::BodyLost,
            Self::Success(kind) => Outcome::Success(*kind),
            Self::Status {
                status,
                headers,
                usage_capped,
            } => Outcome::Status {
                status: *status,
                headers,
                usage_capped: *usage_capped,
            },
        }
    }
}

/// An error and its sources, on one line.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
