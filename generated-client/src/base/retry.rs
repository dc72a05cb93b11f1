//! Retry and rate-limit policies.
//!
//! * [`RetryPolicy`]: bounded retries with exponential backoff and jitter for transient
//!   failures (HTTP 500, 502, 503, 504, timeouts, connection errors). On by default for
//!   `GET` and `DELETE` (idempotent); `POST` and `PUT` are retried only when opted in with
//!   [`RetryPolicy::retry_non_idempotent`].
//! * [`RateLimitPolicy`]: what to do with an HTTP 429. By default the error
//!   ([`crate::Error::RateLimited`]) is returned at once; [`RateLimitPolicy::wait`] sleeps
//!   until the window resets (up to a maximum) and tries again. A `usage-capped` 429 is
//!   never waited on.

use std::time::Duration;

use rand::Rng as _;

/// Bounded retries with exponential backoff and jitter.
///
/// The default makes at most 3 attempts in total (the first and 2 retries), waiting about
/// 0.5 s then 1 s (each delay is drawn uniformly from half to all of
/// `initial_backoff * 2^(retry - 1)`, capped at `max_backoff` = 8 s). A `Retry-After`
/// header on a 5xx answer is honoured when it is no longer than `max_backoff`; a longer
/// one ends the retries and returns the error.
///
/// ```
/// use std::time::Duration;
/// use twitter_client::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(200))
///     .max_backoff(Duration::from_secs(5))
///     .retry_non_idempotent(true);
/// assert_eq!(patient.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every request is attempted once.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Delay ceiling before the first retry; it doubles for each further retry.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// Cap of any one delay, and of an acceptable `Retry-After`.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Also retry `POST` and `PUT` (off by default: retrying a request whose answer was lost
    /// may perform it twice).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// Total attempts allowed.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// `true` when `POST` and `PUT` are retried too.
    pub fn retries_non_idempotent(&self) -> bool {
        self.non_idempotent
    }

    /// The longest delay before retry number `retry` (1 for the first retry):
    /// `initial_backoff * 2^(retry - 1)`, capped at `max_backoff`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(31));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The delay before retry number `retry`, with jitter: uniform in
    /// `[ceiling / 2, ceiling]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        self.backoff_with(retry, rand::thread_rng().gen_range(0.0..=1.0))
    }

    /// The delay before retry number `retry` for a given jitter `unit` in `0.0..=1.0`:
    /// `ceiling / 2 + unit * ceiling / 2` (pure; [`RetryPolicy::backoff`] draws `unit`).
    pub fn backoff_with(&self, retry: u32, unit: f64) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let half = ceiling / 2;
        half + (ceiling - half).mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The cap of any one delay, and of an acceptable `Retry-After`.
    pub(crate) fn max_backoff_value(&self) -> Duration {
        self.max_backoff
    }
}

/// What to do when the API answers HTTP 429 Too Many Requests.
///
/// ```
/// use std::time::Duration;
/// use twitter_client::RateLimitPolicy;
///
/// // Default: return Error::RateLimited at once.
/// assert_eq!(RateLimitPolicy::default(), RateLimitPolicy::fail_fast());
/// // Opt in: sleep until the window resets if that is at most 15 minutes away.
/// let patient = RateLimitPolicy::wait(Duration::from_secs(15 * 60));
/// assert_eq!(patient.max_wait(), Some(Duration::from_secs(900)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimitPolicy {
    wait: Option<WaitPolicy>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct WaitPolicy {
    max_wait: Duration,
    margin: Duration,
    max_waits: u32,
}

impl RateLimitPolicy {
    /// Return [`crate::Error::RateLimited`] at once (the default).
    pub fn fail_fast() -> Self {
        Self { wait: None }
    }

    /// Sleep until the rate-limit window resets (from `x-rate-limit-reset`, else
    /// `Retry-After`) plus a 1 s margin for clock skew, then try again; at most 3 waits per
    /// request, and never when the wait would exceed `max_wait` in total (then the error is
    /// returned at once). A `usage-capped` 429 is never waited on.
    ///
    /// Every wait also counts against the call's deadline
    /// ([`crate::ClientBuilder::deadline`]): a wait that would end after it is not
    /// started. Unless a deadline is set, waiting raises the default deadline by
    /// `max_wait`, itself counted as at most 16 minutes (one 15-minute window and the
    /// margin), so `wait(Duration::MAX)` cannot make a call sleep for ever.
    pub fn wait(max_wait: Duration) -> Self {
        Self {
            wait: Some(WaitPolicy {
                max_wait,
                margin: Duration::from_secs(1),
                max_waits: 3,
            }),
        }
    }

    /// Changes the margin added to the reset time (1 s by default). No effect on
    /// [`RateLimitPolicy::fail_fast`].
    pub fn margin(mut self, margin: Duration) -> Self {
        if let Some(w) = &mut self.wait {
            w.margin = margin;
        }
        self
    }

    /// Changes how many times one request may wait (3 by default). No effect on
    /// [`RateLimitPolicy::fail_fast`].
    pub fn max_waits(mut self, waits: u32) -> Self {
        if let Some(w) = &mut self.wait {
            w.max_waits = waits;
        }
        self
    }

    /// The longest total wait of one request, `None` for fail-fast.
    pub fn max_wait(&self) -> Option<Duration> {
        self.wait.as_ref().map(|w| w.max_wait)
    }

    /// How long to sleep before the next attempt, or `None` to give up. `until_reset` is
    /// the time left until the window resets, `waited` the time already spent waiting by
    /// this request and `waits` how many times it waited.
    pub(crate) fn delay(
        &self,
        until_reset: Option<Duration>,
        waited: Duration,
        waits: u32,
    ) -> Option<Duration> {
        let w = self.wait.as_ref()?;
        if waits >= w.max_waits {
            return None;
        }
        let delay = until_reset? + w.margin;
        (waited + delay <= w.max_wait).then_some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        assert_eq!(p.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(p.backoff_ceiling(2), Duration::from_millis(200));
        assert_eq!(p.backoff_ceiling(3), Duration::from_millis(350));
        assert_eq!(p.backoff_ceiling(200), Duration::from_millis(350));
        for retry in 1..6 {
            let d = p.backoff(retry);
            let c = p.backoff_ceiling(retry);
            assert!(d >= c / 2 && d <= c, "{d:?} vs {c:?}");
        }
        assert_eq!(RetryPolicy::none().max_attempts(0).attempts(), 1);
        let zero = RetryPolicy::default().initial_backoff(Duration::ZERO);
        assert_eq!(zero.backoff(3), Duration::ZERO);
    }

    #[test]
    fn rate_limit_wait_is_bounded() {
        let fail = RateLimitPolicy::default();
        assert_eq!(fail.delay(Some(Duration::ZERO), Duration::ZERO, 0), None);
        let p = RateLimitPolicy::wait(Duration::from_secs(10)).margin(Duration::ZERO);
        assert_eq!(
            p.delay(Some(Duration::from_secs(4)), Duration::ZERO, 0),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            p.delay(Some(Duration::from_secs(11)), Duration::ZERO, 0),
            None
        );
        assert_eq!(
            p.delay(Some(Duration::from_secs(4)), Duration::from_secs(7), 1),
            None
        );
        assert_eq!(p.delay(None, Duration::ZERO, 0), None);
        assert_eq!(p.delay(Some(Duration::ZERO), Duration::ZERO, 3), None);
        let p = RateLimitPolicy::wait(Duration::from_secs(10));
        assert_eq!(
            p.delay(Some(Duration::from_secs(2)), Duration::ZERO, 0),
            Some(Duration::from_secs(3))
        );
    }
}
