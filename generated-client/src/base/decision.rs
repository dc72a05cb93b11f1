//! The one decision of the request loop: after an attempt, retry it, wait for the
//! rate-limit window, refresh the OAuth 2.0 token and try again, give up, or accept the
//! answer. A pure function of the attempt's outcome, the loop's state so far and the
//! policies; the transport only acts on its answer. A leaf.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::base::error::DecodeKind;
use crate::base::rate_limit::{RateLimit, retry_after};
use crate::base::retry::{RateLimitPolicy, RetryPolicy};

/// Why an attempt got no response at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoAnswer {
    /// The connection could not be made.
    Connect,
    /// The attempt timed out before the headers arrived.
    Timeout,
    /// The request could not be sent (connection closed while sending, and the like).
    Send,
    /// Anything else (TLS, a builder error): not worth retrying.
    Other,
}

/// What one attempt produced.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// No response: the attempt failed before the response headers.
    NoAnswer(NoAnswer),
    /// The headers arrived, the body did not: reset, early end of stream, or a timeout
    /// while reading. (A body that arrived and is not valid JSON is a `Success` with a
    /// decode problem.)
    BodyLost,
    /// A 2xx whose body arrived whole: decoded (`None`) or not (`Some(kind)`).
    Success(Option<DecodeKind>),
    /// Any other status, with its headers; `usage_capped` when its body says so.
    Status {
        status: u16,
        headers: &'a HeaderMap,
        usage_capped: bool,
    },
}

/// What the loop has done so far for this request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// Transient failures so far (each one retried).
    pub failures: u32,
    /// Rate-limit waits so far.
    pub rate_limit_waits: u32,
    /// Time spent waiting for rate-limit windows so far.
    pub waited: Duration,
    /// Whether the OAuth 2.0 token was already refreshed after a 401.
    pub refreshed_after_401: bool,
}

/// The fixed inputs of the decision.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs<'a> {
    /// The request may be sent again (idempotent, or the policy allows it anyway).
    pub retryable: bool,
    /// The credentials can refresh themselves (a self-refreshing OAuth 2.0 user token).
    pub can_refresh: bool,
    pub retry: &'a RetryPolicy,
    pub rate_limit: &'a RateLimitPolicy,
    /// Time left until the call's deadline.
    pub remaining: Duration,
    /// The current time (rate-limit resets are absolute).
    pub now: SystemTime,
    /// The backoff jitter, uniform in `0.0..=1.0`.
    pub jitter: f64,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The answer is the result.
    Done,
    /// Sleep, then send again (a transient failure).
    Retry { after: Duration },
    /// Sleep until the rate-limit window resets, then send again.
    WaitRateLimit { wait: Duration },
    /// Refresh the OAuth 2.0 token, then send again.
    RefreshAndRetry,
    /// Give up: the outcome becomes the error.
    Fail,
}

/// The statuses retried as transient server errors.
pub(crate) fn is_transient_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

/// Decides what follows an attempt. See the module documentation.
pub(crate) fn decide(outcome: Outcome<'_>, state: &State, inputs: &Inputs<'_>) -> Decision {
    match outcome {
        Outcome::Success(None) => Decision::Done,
        Outcome::Success(Some(kind)) => match kind {
            // Something in the way answered instead of the API, or the body was cut: the
            // same request may well succeed.
            DecodeKind::NotAPage | DecodeKind::Truncated | DecodeKind::NotJson => {
                transient(state, inputs, None)
            }
            DecodeKind::Mismatch | DecodeKind::Compression => Decision::Fail,
        },
        Outcome::NoAnswer(NoAnswer::Other) => Decision::Fail,
        Outcome::NoAnswer(_) | Outcome::BodyLost => transient(state, inputs, None),
        Outcome::Status {
            status,
            headers,
            usage_capped,
        } => {
            if status == 429 {
                if usage_capped {
                    return Decision::Fail;
                }
                return rate_limited(headers, state, inputs);
            }
            if status == 401 && inputs.can_refresh && !state.refreshed_after_401 {
                return Decision::RefreshAndRetry;
            }
            if is_transient_status(status) {
                return match retry_after(headers) {
                    Some(ra) if ra > inputs.retry.max_backoff_value() => Decision::Fail,
                    ra => transient(state, inputs, ra),
                };
            }
            Decision::Fail
        }
    }
}

/// A transient failure: retried while attempts remain, the request may be repeated and the
/// delay ends before the deadline.
fn transient(state: &State, inputs: &Inputs<'_>, at_least: Option<Duration>) -> Decision {
    let retry = state.failures + 1;
    if !inputs.retryable || retry >= inputs.retry.attempts() {
        return Decision::Fail;
    }
    let mut after = inputs.retry.backoff_with(retry, inputs.jitter);
    if let Some(min) = at_least {
        after = after.max(min);
    }
    if after >= inputs.remaining {
        return Decision::Fail;
    }
    Decision::Retry { after }
}

fn rate_limited(headers: &HeaderMap, state: &State, inputs: &Inputs<'_>) -> Decision {
    let until_reset = RateLimit::from_headers(headers)
        .map(|rl| {
            rl.blocking_reset()
                .duration_since(inputs.now)
                .unwrap_or(Duration::ZERO)
        })
        .or_else(|| retry_after(headers));
    match inputs
        .rate_limit
        .delay(until_reset, state.waited, state.rate_limit_waits)
    {
        Some(wait) if wait < inputs.remaining => Decision::WaitRateLimit { wait },
        _ => Decision::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const NOW: u64 = 1_700_000_000;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn reset_in(secs: u64) -> HeaderMap {
        headers(&[
            ("x-rate-limit-limit", "75".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", (NOW + secs).to_string()),
        ])
    }

    struct Case {
        retry: RetryPolicy,
        rate: RateLimitPolicy,
        retryable: bool,
        can_refresh: bool,
        remaining: Duration,
    }

    impl Case {
        fn new() -> Self {
            Self {
                retry: RetryPolicy::default(),
                rate: RateLimitPolicy::fail_fast(),
                retryable: true,
                can_refresh: false,
                remaining: Duration::from_secs(60),
            }
        }

        fn decide(&self, outcome: Outcome<'_>, state: State) -> Decision {
            let inputs = Inputs {
                retryable: self.retryable,
                can_refresh: self.can_refresh,
                retry: &self.retry,
                rate_limit: &self.rate,
                remaining: self.remaining,
                now: at(NOW),
                jitter: 1.0,
            };
            decide(outcome, &state, &inputs)
        }
    }

    fn status(status: u16, headers: &HeaderMap) -> Outcome<'_> {
        Outcome::Status {
            status,
            headers,
            usage_capped: false,
        }
    }

    fn failed(n: u32) -> State {
        State {
            failures: n,
            ..State::default()
        }
    }

    #[test]
    fn success_is_done_and_bad_bodies_are_told_apart() {
        let c = Case::new();
        assert_eq!(
            c.decide(Outcome::Success(None), State::default()),
            Decision::Done
        );
        let retry = Decision::Retry {
            after: Duration::from_millis(500),
        };
        for kind in [
            DecodeKind::NotAPage,
            DecodeKind::Truncated,
            DecodeKind::NotJson,
        ] {
            assert_eq!(
                c.decide(Outcome::Success(Some(kind)), State::default()),
                retry
            );
        }
        for kind in [DecodeKind::Mismatch, DecodeKind::Compression] {
            assert_eq!(
                c.decide(Outcome::Success(Some(kind)), State::default()),
                Decision::Fail,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn transient_failures_back_off_until_attempts_run_out() {
        let c = Case::new();
        let h = HeaderMap::new();
        for outcome in [
            Outcome::BodyLost,
            Outcome::NoAnswer(NoAnswer::Connect),
            Outcome::NoAnswer(NoAnswer::Timeout),
            Outcome::NoAnswer(NoAnswer::Send),
            status(503, &h),
            status(500, &h),
        ] {
            assert_eq!(
                c.decide(outcome, failed(0)),
                Decision::Retry {
                    after: Duration::from_millis(500)
                }
            );
            assert_eq!(
                c.decide(outcome, failed(1)),
                Decision::Retry {
                    after: Duration::from_secs(1)
                }
            );
            assert_eq!(c.decide(outcome, failed(2)), Decision::Fail, "3 attempts");
        }
        assert_eq!(
            c.decide(Outcome::NoAnswer(NoAnswer::Other), failed(0)),
            Decision::Fail
        );
        for code in [400, 403, 404, 501, 301, 307] {
            assert_eq!(c.decide(status(code, &h), failed(0)), Decision::Fail);
        }
    }

    #[test]
    fn non_idempotent_requests_and_the_deadline_stop_retries() {
        let mut c = Case::new();
        c.retryable = false;
        assert_eq!(c.decide(Outcome::BodyLost, failed(0)), Decision::Fail);
        let mut c = Case::new();
        c.remaining = Duration::from_millis(400);
        assert_eq!(c.decide(Outcome::BodyLost, failed(0)), Decision::Fail);
        let mut c = Case::new();
        c.retry = RetryPolicy::none();
        assert_eq!(c.decide(Outcome::BodyLost, failed(0)), Decision::Fail);
    }

    #[test]
    fn retry_after_on_5xx_is_honoured_up_to_the_cap() {
        let c = Case::new();
        let h = headers(&[("retry-after", "3".into())]);
        assert_eq!(
            c.decide(status(503, &h), failed(0)),
            Decision::Retry {
                after: Duration::from_secs(3)
            }
        );
        let h = headers(&[("retry-after", "30".into())]);
        assert_eq!(c.decide(status(503, &h), failed(0)), Decision::Fail);
    }

    #[test]
    fn rate_limits_wait_only_when_allowed_and_in_time() {
        let h = reset_in(10);
        let c = Case::new();
        assert_eq!(c.decide(status(429, &h), State::default()), Decision::Fail);
        let mut c = Case::new();
        c.rate = RateLimitPolicy::wait(Duration::from_secs(60));
        assert_eq!(
            c.decide(status(429, &h), State::default()),
            Decision::WaitRateLimit {
                wait: Duration::from_secs(11)
            }
        );
        let capped = Outcome::Status {
            status: 429,
            headers: &h,
            usage_capped: true,
        };
        assert_eq!(c.decide(capped, State::default()), Decision::Fail);
        // A wait that would end after the deadline is not started.
        c.remaining = Duration::from_secs(5);
        assert_eq!(c.decide(status(429, &h), State::default()), Decision::Fail);
        // A server-chosen reset far away with an unbounded policy: the deadline still holds.
        let mut c = Case::new();
        c.rate = RateLimitPolicy::wait(Duration::MAX);
        assert_eq!(
            c.decide(status(429, &reset_in(86_400)), State::default()),
            Decision::Fail
        );
        // Retry-After when the rate-limit headers are missing.
        let ra = headers(&[("retry-after", "2".into())]);
        assert_eq!(
            c.decide(status(429, &ra), State::default()),
            Decision::WaitRateLimit {
                wait: Duration::from_secs(3)
            }
        );
        let waited = State {
            rate_limit_waits: 3,
            ..State::default()
        };
        assert_eq!(c.decide(status(429, &ra), waited), Decision::Fail);
    }

    #[test]
    fn a_401_refreshes_once_when_the_token_can() {
        let h = HeaderMap::new();
        let c = Case::new();
        assert_eq!(c.decide(status(401, &h), State::default()), Decision::Fail);
        let mut c = Case::new();
        c.can_refresh = true;
        assert_eq!(
            c.decide(status(401, &h), State::default()),
            Decision::RefreshAndRetry
        );
        let refreshed = State {
            refreshed_after_401: true,
            ..State::default()
        };
        assert_eq!(c.decide(status(401, &h), refreshed), Decision::Fail);
    }
}
