//! When and how soon a stream reconnects: X's schedule from "Handling disconnections"
//! (developer docs, filtered and sampled streams), as one pure function of the cause and the
//! number of consecutive failures of its class.
//!
//! | cause | first delay | then | cap |
//! |---|---|---|---|
//! | network error, silence past the read timeout, the server closing the stream | 250 ms | + 250 ms each time (linear) | 16 s |
//! | HTTP error (5xx, 408) | 5 s | doubled | 320 s |
//! | HTTP 429 (not a usage cap) | 60 s | doubled | 960 s |
//!
//! X gives no cap for 429; 960 s (16 minutes, one rate-limit window and a minute) is this
//! crate's choice. Any other 4xx (400, 401, 403, 404, ...) and a usage-capped 429 end the
//! stream: reconnecting cannot fix them. Every delay gets a random jitter of up to
//! [`ReconnectPolicy::jitter`] (10% by default) added, so that many clients cut off at
//! once do not come back at once. The count of each class restarts when a connection is
//! accepted (HTTP 200).

use std::fmt;
use std::time::Duration;

/// How a stream reconnects: the three backoff schedules, the jitter and an optional cap on
/// reconnections. [`ReconnectPolicy::default`] is X's schedule (see the module docs);
/// [`ReconnectPolicy::never`] ends the stream at its first disconnection.
///
/// ```
/// use std::time::Duration;
/// use twitter_client::streams::{Backoff, ReconnectPolicy};
///
/// let policy = ReconnectPolicy::default()
///     .max_reconnects(Some(20))
///     .jitter(0.0)
///     .http_errors(Backoff::exponential(Duration::from_secs(10), Duration::from_secs(600)));
/// assert_eq!(policy.delay_for_network(1), Duration::from_millis(250));
/// assert_eq!(policy.delay_for_network(3), Duration::from_millis(750));
/// assert_eq!(policy.delay_for_http(2), Duration::from_secs(20));
/// assert_eq!(policy.delay_for_rate_limit(1), Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReconnectPolicy {
    network: Backoff,
    http: Backoff,
    rate_limited: Backoff,
    jitter: f64,
    max_reconnects: Option<u32>,
}

/// One backoff schedule: linear (`first`, `first + step`, ...) or exponential (`first`,
/// `2 × first`, ...), capped at `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    first: Duration,
    growth: Growth,
    max: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Growth {
    /// Adds this much each time.
    Linear(Duration),
    /// Doubles each time.
    Doubling,
}

impl Backoff {
    /// `first`, then `step` more each time, up to `max`.
    pub const fn linear(first: Duration, step: Duration, max: Duration) -> Self {
        Self {
            first,
            growth: Growth::Linear(step),
            max,
        }
    }

    /// `first`, then doubled each time, up to `max`.
    pub const fn exponential(first: Duration, max: Duration) -> Self {
        Self {
            first,
            growth: Growth::Doubling,
            max,
        }
    }

    /// The delay before the `n`th consecutive reconnection (from 1), without jitter.
    pub fn delay(&self, n: u32) -> Duration {
        let k = n.saturating_sub(1);
        let d = match self.growth {
            Growth::Linear(step) => self.first.saturating_add(step.saturating_mul(k)),
            Growth::Doubling => self.first.saturating_mul(2u32.saturating_pow(k.min(31))),
        };
        d.min(self.max)
    }
}

/// X's schedule for network errors: 250 ms, growing by 250 ms, up to 16 s.
pub const NETWORK_BACKOFF: Backoff = Backoff::linear(
    Duration::from_millis(250),
    Duration::from_millis(250),
    Duration::from_secs(16),
);
/// X's schedule for HTTP errors: 5 s, doubled, up to 320 s.
pub const HTTP_BACKOFF: Backoff =
    Backoff::exponential(Duration::from_secs(5), Duration::from_secs(320));
/// X's schedule for HTTP 429: 60 s, doubled (X states no cap; this crate stops at 960 s).
pub const RATE_LIMIT_BACKOFF: Backoff =
    Backoff::exponential(Duration::from_secs(60), Duration::from_secs(960));
/// The default jitter: up to 10% added to each delay.
pub const DEFAULT_JITTER: f64 = 0.1;

impl Default for ReconnectPolicy {
    fn default() -> Self {
        Self {
            network: NETWORK_BACKOFF,
            http: HTTP_BACKOFF,
            rate_limited: RATE_LIMIT_BACKOFF,
            jitter: DEFAULT_JITTER,
            max_reconnects: None,
        }
    }
}

impl ReconnectPolicy {
    /// Never reconnects: the first disconnection ends the stream with its error.
    pub fn never() -> Self {
        Self::default().max_reconnects(Some(0))
    }

    /// The schedule after network errors, silences and closed streams.
    pub fn network_errors(mut self, backoff: Backoff) -> Self {
        self.network = backoff;
        self
    }

    /// The schedule after HTTP errors (5xx, 408).
    pub fn http_errors(mut self, backoff: Backoff) -> Self {
        self.http = backoff;
        self
    }

    /// The schedule after HTTP 429.
    pub fn rate_limited(mut self, backoff: Backoff) -> Self {
        self.rate_limited = backoff;
        self
    }

    /// The largest random part added to each delay, as a fraction of it (0.0 to 1.0;
    /// clamped). 0 makes the delays exact.
    pub fn jitter(mut self, fraction: f64) -> Self {
        self.jitter = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self
    }

    /// At most this many reconnections over the stream's life (`None`: no limit, the
    /// default). When the cap is reached the stream ends with
    /// [`crate::Error::StreamDisconnected`].
    pub fn max_reconnects(mut self, max: Option<u32>) -> Self {
        self.max_reconnects = max;
        self
    }

    /// The cap on reconnections.
    pub fn reconnect_cap(&self) -> Option<u32> {
        self.max_reconnects
    }

    /// The delay before the `n`th consecutive reconnection after a network error, without
    /// jitter.
    pub fn delay_for_network(&self, n: u32) -> Duration {
        self.network.delay(n)
    }

    /// The delay before the `n`th consecutive reconnection after an HTTP error, without
    /// jitter.
    pub fn delay_for_http(&self, n: u32) -> Duration {
        self.http.delay(n)
    }

    /// The delay before the `n`th consecutive reconnection after a 429, without jitter.
    pub fn delay_for_rate_limit(&self, n: u32) -> Duration {
        self.rate_limited.delay(n)
    }
}

/// Why a stream reconnected (or ended).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// The connection failed or broke (refused, reset, TLS, an error while reading).
    Network(String),
    /// Nothing arrived, not even a keep-alive, for the read timeout.
    Silent(Duration),
    /// The server ended the response.
    Closed,
    /// The server answered with an HTTP error that may pass (5xx, 408).
    Http(u16),
    /// HTTP 429: too many requests or connections.
    RateLimited,
}

impl Cause {
    fn class(&self) -> Class {
        match self {
            Self::Network(_) | Self::Silent(_) | Self::Closed => Class::Network,
            Self::Http(_) => Class::Http,
            Self::RateLimited => Class::RateLimited,
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(e) => write!(f, "network error: {e}"),
            Self::Silent(t) => write!(f, "nothing received for {t:?}"),
            Self::Closed => f.write_str("the server closed the stream"),
            Self::Http(s) => write!(f, "HTTP {s}"),
            Self::RateLimited => f.write_str("HTTP 429 (rate limited)"),
        }
    }
}

/// The three schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Network,
    Http,
    RateLimited,
}

/// What an answer to a connection attempt means for the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Reconnect on this schedule.
    Reconnect,
    /// End the stream with the error.
    End,
}

/// Whether an HTTP error status is worth reconnecting after: 429 (unless it is a usage cap),
/// 408 and 5xx are; any other status is not.
pub(crate) fn verdict(status: u16, usage_capped: bool) -> Verdict {
    match status {
        429 if !usage_capped => Verdict::Reconnect,
        408 | 500..=599 => Verdict::Reconnect,
        _ => Verdict::End,
    }
}

/// Consecutive failures per class, since the last accepted connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Failures {
    network: u32,
    http: u32,
    rate_limited: u32,
    /// Reconnections over the stream's life.
    pub(crate) total: u32,
}

impl Failures {
    /// A connection was accepted: every schedule starts again.
    pub(crate) fn reset(&mut self) {
        let total = self.total;
        *self = Self {
            total,
            ..Self::default()
        };
    }
}

/// The next step after a disconnection: the delay before reconnecting, or `None` when the
/// policy's cap on reconnections is reached. `jitter` is a random number in `[0, 1)`.
pub(crate) fn next_delay(
    policy: &ReconnectPolicy,
    failures: &mut Failures,
    cause: &Cause,
    jitter: f64,
) -> Option<Duration> {
    if policy
        .max_reconnects
        .is_some_and(|max| failures.total >= max)
    {
        return None;
    }
    failures.total += 1;
    let (count, backoff) = match cause.class() {
        Class::Network => (&mut failures.network, &policy.network),
        Class::Http => (&mut failures.http, &policy.http),
        Class::RateLimited => (&mut failures.rate_limited, &policy.rate_limited),
    };
    *count += 1;
    let base = backoff.delay(*count);
    Some(base.mul_f64(1.0 + policy.jitter * jitter.clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delays(policy: &ReconnectPolicy, cause: &Cause, n: usize) -> Vec<Duration> {
        let mut failures = Failures::default();
        (0..n)
            .map(|_| next_delay(policy, &mut failures, cause, 0.0).unwrap())
            .collect()
    }

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn network_errors_back_off_linearly_from_250_ms_to_16_s() {
        let p = ReconnectPolicy::default();
        let got = delays(&p, &Cause::Closed, 66);
        assert_eq!(got[..4], ms(&[250, 500, 750, 1000])[..]);
        assert_eq!(got[63], Duration::from_secs(16));
        assert_eq!(got[65], Duration::from_secs(16));
    }

    #[test]
    fn http_errors_double_from_5_s_to_320_s() {
        let p = ReconnectPolicy::default();
        let got = delays(&p, &Cause::Http(503), 9);
        let secs: Vec<u64> = got.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [5, 10, 20, 40, 80, 160, 320, 320, 320]);
    }

    #[test]
    fn rate_limits_double_from_60_s_and_stop_at_960_s() {
        let p = ReconnectPolicy::default();
        let got = delays(&p, &Cause::RateLimited, 7);
        let secs: Vec<u64> = got.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [60, 120, 240, 480, 960, 960, 960]);
    }

    #[test]
    fn classes_count_apart_and_restart_after_an_accepted_connection() {
        let p = ReconnectPolicy::default();
        let mut f = Failures::default();
        let next = |f: &mut Failures, c: Cause| next_delay(&p, f, &c, 0.0).unwrap();
        assert_eq!(next(&mut f, Cause::Http(500)), Duration::from_secs(5));
        assert_eq!(next(&mut f, Cause::Closed), Duration::from_millis(250));
        assert_eq!(next(&mut f, Cause::Http(502)), Duration::from_secs(10));
        f.reset();
        assert_eq!(next(&mut f, Cause::Http(502)), Duration::from_secs(5));
        assert_eq!(f.total, 4);
    }

    #[test]
    fn jitter_adds_at_most_its_fraction() {
        let p = ReconnectPolicy::default();
        let mut f = Failures::default();
        let d = next_delay(&p, &mut f, &Cause::Http(503), 0.999_999).unwrap();
        assert!(
            d > Duration::from_secs(5) && d < Duration::from_millis(5_500),
            "{d:?}"
        );
        let exact = p.clone().jitter(0.0);
        let mut f = Failures::default();
        assert_eq!(
            next_delay(&exact, &mut f, &Cause::Http(503), 0.9),
            Some(Duration::from_secs(5))
        );
        assert_eq!(p.clone().jitter(f64::NAN).jitter, 0.0);
        assert_eq!(p.jitter(7.0).jitter, 1.0);
    }

    #[test]
    fn the_cap_ends_reconnecting() {
        let p = ReconnectPolicy::default().max_reconnects(Some(2));
        let mut f = Failures::default();
        assert!(next_delay(&p, &mut f, &Cause::Closed, 0.0).is_some());
        assert!(next_delay(&p, &mut f, &Cause::Closed, 0.0).is_some());
        assert_eq!(next_delay(&p, &mut f, &Cause::Closed, 0.0), None);
        let never = ReconnectPolicy::never();
        assert_eq!(
            next_delay(&never, &mut Failures::default(), &Cause::Closed, 0.0),
            None
        );
    }

    #[test]
    fn only_passing_statuses_reconnect() {
        assert_eq!(verdict(429, false), Verdict::Reconnect);
        assert_eq!(verdict(429, true), Verdict::End);
        for s in [500, 502, 503, 504, 408] {
            assert_eq!(verdict(s, false), Verdict::Reconnect, "{s}");
        }
        for s in [400, 401, 403, 404, 409, 410, 422] {
            assert_eq!(verdict(s, false), Verdict::End, "{s}");
        }
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        assert_eq!(HTTP_BACKOFF.delay(u32::MAX), Duration::from_secs(320));
        assert_eq!(NETWORK_BACKOFF.delay(u32::MAX), Duration::from_secs(16));
    }
}
