//! Rate limits of the fake: one window per endpoint and per app or user, on a clock the test
//! moves forward ([`super::FakeX::advance`]).

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::routes::{FakePer, FakeRateLimit};

/// The fake's clock: the real time plus what the test added, in seconds since the Unix
/// epoch (the unit of `x-rate-limit-reset`). It runs with the real time, so a wait that a
/// client computes from a reset time ends on it too.
#[derive(Debug)]
pub(crate) struct Clock {
    added: Duration,
}

impl Clock {
    pub fn new() -> Self {
        Clock {
            added: Duration::ZERO,
        }
    }

    pub fn now(&self) -> u64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        real.saturating_add(self.added.as_secs())
    }

    pub fn advance(&mut self, by: Duration) {
        self.added = self.added.saturating_add(by);
    }
}

/// The window of one endpoint for one app or user.
#[derive(Debug, Clone, Copy)]
struct Window {
    reset: u64,
    used: u32,
}

/// What the headers of one answer say, and whether the request was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quota {
    pub limit: u32,
    pub remaining: u32,
    pub reset: u64,
    pub allowed: bool,
}

/// Every window.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    windows: HashMap<(&'static str, FakePer, String), Window>,
}

/// The rule that counts a request: per user for user-context requests when the endpoint
/// has one, else per app.
pub(crate) fn rule_for(rules: &[FakeRateLimit], user: Option<&str>) -> Option<FakeRateLimit> {
    let per = |p| rules.iter().find(|r| r.per == p).copied();
    match user {
        Some(_) => per(FakePer::User).or_else(|| per(FakePer::App)),
        None => per(FakePer::App).or_else(|| per(FakePer::User)),
    }
}

impl Limits {
    /// Counts one request to `endpoint` by `who` (the app's key, or the user's id) under
    /// `rule` at `now`; a request over the limit is not counted.
    pub fn take(
        &mut self,
        endpoint: &'static str,
        rule: FakeRateLimit,
        who: &str,
        now: u64,
    ) -> Quota {
        let w = self
            .windows
            .entry((endpoint, rule.per, who.to_owned()))
            .or_insert(Window { reset: 0, used: 0 });
        if now >= w.reset {
            *w = Window {
                reset: now.saturating_add(u64::from(rule.window_seconds)),
                used: 0,
            };
        }
        let allowed = w.used < rule.requests;
        if allowed {
            w.used += 1;
        }
        Quota {
            limit: rule.requests,
            remaining: rule.requests - w.used,
            reset: w.reset,
            allowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: FakeRateLimit = FakeRateLimit {
        per: FakePer::User,
        requests: 2,
        window_seconds: 900,
    };

    #[test]
    fn a_window_allows_its_requests_then_refuses_until_it_resets() {
        let mut l = Limits::default();
        let q = l.take("e", RULE, "u", 1000);
        assert_eq!(
            (q.limit, q.remaining, q.reset, q.allowed),
            (2, 1, 1900, true)
        );
        assert!(l.take("e", RULE, "u", 1001).allowed);
        let q = l.take("e", RULE, "u", 1899);
        assert_eq!((q.remaining, q.allowed), (0, false));
        // Another user, another window.
        assert!(l.take("e", RULE, "v", 1899).allowed);
        let q = l.take("e", RULE, "u", 1900);
        assert_eq!((q.remaining, q.reset, q.allowed), (1, 2800, true));
    }

    #[test]
    fn user_context_counts_per_user_and_app_only_per_app() {
        let app = FakeRateLimit {
            per: FakePer::App,
            ..RULE
        };
        assert_eq!(rule_for(&[app, RULE], Some("u")), Some(RULE));
        assert_eq!(rule_for(&[app, RULE], None), Some(app));
        assert_eq!(rule_for(&[app], Some("u")), Some(app));
        assert_eq!(rule_for(&[], None), None);
    }

    #[test]
    fn the_clock_runs_with_the_real_time_plus_what_was_added() {
        let mut c = Clock::new();
        let t = c.now();
        c.advance(Duration::from_secs(901));
        let later = c.now();
        // The real time may have ticked over one second meanwhile.
        assert!((t + 901..=t + 902).contains(&later), "{t} {later}");
    }
}
