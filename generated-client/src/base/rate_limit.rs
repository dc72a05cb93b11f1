//! Rate-limit state parsed from response headers.
//!
//! Every v2 response carries the per-endpoint window quota (`x-rate-limit-limit`,
//! `x-rate-limit-remaining`, `x-rate-limit-reset`); some also carry the 24-hour quotas of
//! the app (`x-app-limit-24hour-*`) and of the user (`x-user-limit-24hour-*`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// One quota: how many requests a window allows, how many are left and when it resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quota {
    /// Requests allowed in the window.
    pub limit: u64,
    /// Requests left in the window.
    pub remaining: u64,
    /// When the window resets.
    pub reset: SystemTime,
    /// When the window resets, in seconds since the Unix epoch, as sent.
    pub reset_epoch: u64,
}

impl Quota {
    /// Reads `[limit, remaining, reset]`, the three header names of one quota.
    fn from_headers(headers: &HeaderMap, names: [&str; 3]) -> Option<Self> {
        let [limit, remaining, reset] = names.map(|n| header_u64(headers, n));
        let reset_epoch = reset?;
        Some(Self {
            limit: limit?,
            remaining: remaining?,
            reset: epoch_to_system_time(reset_epoch),
            reset_epoch,
        })
    }

    /// Time left until the reset, zero if it has passed.
    pub fn reset_in(&self) -> Duration {
        self.reset
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    }

    /// `true` when no request is left in this window.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == 0
    }
}

/// The rate-limit headers of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-rate-limit-limit`: requests allowed in the endpoint's window (for example 75 per
    /// 15 minutes).
    pub limit: u64,
    /// `x-rate-limit-remaining`: requests left in the window.
    pub remaining: u64,
    /// `x-rate-limit-reset`: when the window resets.
    pub reset: SystemTime,
    /// `x-rate-limit-reset` as sent: seconds since the Unix epoch.
    pub reset_epoch: u64,
    /// `x-app-limit-24hour-{limit,remaining,reset}`, when present.
    pub app_24hour: Option<Quota>,
    /// `x-user-limit-24hour-{limit,remaining,reset}`, when present.
    pub user_24hour: Option<Quota>,
}

impl RateLimit {
    /// Parses the rate-limit headers. `None` unless all three `x-rate-limit-*` headers are
    /// present and hold non-negative integers; never panics on odd values.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let window = Quota::from_headers(
            headers,
            [
                "x-rate-limit-limit",
                "x-rate-limit-remaining",
                "x-rate-limit-reset",
            ],
        )?;
        Some(Self {
            limit: window.limit,
            remaining: window.remaining,
            reset: window.reset,
            reset_epoch: window.reset_epoch,
            app_24hour: Quota::from_headers(
                headers,
                [
                    "x-app-limit-24hour-limit",
                    "x-app-limit-24hour-remaining",
                    "x-app-limit-24hour-reset",
                ],
            ),
            user_24hour: Quota::from_headers(
                headers,
                [
                    "x-user-limit-24hour-limit",
                    "x-user-limit-24hour-remaining",
                    "x-user-limit-24hour-reset",
                ],
            ),
        })
    }

    /// The endpoint window as a [`Quota`].
    pub fn window(&self) -> Quota {
        Quota {
            limit: self.limit,
            remaining: self.remaining,
            reset: self.reset,
            reset_epoch: self.reset_epoch,
        }
    }

    /// Time left until the endpoint window resets, zero if it has passed.
    pub fn reset_in(&self) -> Duration {
        self.window().reset_in()
    }

    /// When the quota that blocks requests resets: a 24-hour quota when one is exhausted
    /// (the latest of them, or the endpoint window if that resets later and is exhausted
    /// too), else the endpoint window.
    pub fn blocking_reset(&self) -> SystemTime {
        let exhausted_daily = [self.app_24hour, self.user_24hour]
            .into_iter()
            .flatten()
            .filter(|q| q.is_exhausted())
            .map(|q| q.reset)
            .max();
        match exhausted_daily {
            Some(daily) if self.remaining > 0 => daily,
            Some(daily) => daily.max(self.reset),
            None => self.reset,
        }
    }

    /// `true` when no request is left in the endpoint window or in a 24-hour quota.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == 0
            || self.app_24hour.is_some_and(|q| q.is_exhausted())
            || self.user_24hour.is_some_and(|q| q.is_exhausted())
    }
}

pub(crate) fn epoch_to_system_time(secs: u64) -> SystemTime {
    UNIX_EPOCH
        .checked_add(Duration::from_secs(secs))
        .unwrap_or(UNIX_EPOCH)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `Retry-After` in its delta-seconds form (the HTTP-date form is not used by this API).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_u64(headers, "retry-after").map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn parses_window_and_24_hour_quotas() {
        let h = headers(&[
            ("x-rate-limit-limit", "75"),
            ("x-rate-limit-remaining", "74"),
            ("x-rate-limit-reset", "1661528449"),
            ("x-app-limit-24hour-limit", "1000"),
            ("x-app-limit-24hour-remaining", "0"),
            ("x-app-limit-24hour-reset", "1661600000"),
        ]);
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            (rl.limit, rl.remaining, rl.reset_epoch),
            (75, 74, 1661528449)
        );
        assert_eq!(rl.reset, UNIX_EPOCH + Duration::from_secs(1661528449));
        let app = rl.app_24hour.unwrap();
        assert_eq!(
            (app.limit, app.remaining, app.reset_epoch),
            (1000, 0, 1661600000)
        );
        assert!(rl.user_24hour.is_none());
        assert!(rl.is_exhausted());
        assert_eq!(rl.reset_in(), Duration::ZERO);
    }

    #[test]
    fn missing_or_odd_values_give_none() {
        assert!(RateLimit::from_headers(&HeaderMap::new()).is_none());
        let h = headers(&[
            ("x-rate-limit-limit", "75"),
            ("x-rate-limit-remaining", "-1"),
            ("x-rate-limit-reset", "soon"),
        ]);
        assert!(RateLimit::from_headers(&h).is_none());
        let h = headers(&[
            ("x-rate-limit-limit", "75"),
            ("x-rate-limit-remaining", "3"),
            ("x-rate-limit-reset", "99999999999999999999999"),
        ]);
        assert!(RateLimit::from_headers(&h).is_none());
        let h = headers(&[
            ("x-rate-limit-limit", " 75 "),
            ("x-rate-limit-remaining", "3"),
            ("x-rate-limit-reset", "18446744073709551615"),
        ]);
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(rl.limit, 75);
        assert!(!rl.is_exhausted());
    }

    #[test]
    fn daily_quota_resets_win_when_exhausted() {
        let mut h = headers(&[
            ("x-rate-limit-limit", "75"),
            ("x-rate-limit-remaining", "70"),
            ("x-rate-limit-reset", "1000"),
            ("x-user-limit-24hour-limit", "50"),
            ("x-user-limit-24hour-remaining", "0"),
            ("x-user-limit-24hour-reset", "5000"),
        ]);
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(rl.blocking_reset(), epoch_to_system_time(5000));
        h.remove("x-user-limit-24hour-remaining");
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(rl.blocking_reset(), epoch_to_system_time(1000));
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(
            retry_after(&headers(&[("retry-after", "7")])),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT"
            )])),
            None
        );
    }
}
