//! The client's defaults (timeouts, deadline, response cap, connections) and the rule that
//! keeps credentials off plain-text connections. A leaf.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

/// The default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.twitter.com";
/// The default timeout of one attempt (connect, send, wait and read the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default deadline of one call: every attempt, backoff and wait included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The most a rate-limit wait adds to the default deadline (one 15-minute window plus the
/// margin).
pub const MAX_DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(16 * 60);
/// The default cap of one response body, after decompression: 16 MiB. The largest real
/// page (100 Tweets with every field and expansion) is well under 1 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// The default cap of requests in flight at once per client, hence of connections to the
/// API host.
pub const DEFAULT_MAX_CONNECTIONS: usize = 32;
/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("twitter-client-rs/", env!("CARGO_PKG_VERSION"));

/// `Err` with the reason when `url` would send credentials in clear: `http://` to a host
/// that is not a loopback address (`127.0.0.0/8`, `::1`, `localhost`), unless
/// `allow_insecure` is set.
pub(crate) fn check_transport_security(
    url: &Url,
    allow_insecure: bool,
) -> std::result::Result<(), String> {
    if url.scheme() != "http" || allow_insecure || is_loopback(url) {
        return Ok(());
    }
    Err(format!(
        "{url} uses plain http to a host that is not a loopback address: credentials would travel in clear (use https, or allow_insecure_http() to accept it)"
    ))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback_or_when_allowed() {
        for ok in [
            "https://api.twitter.com",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:99/x",
            "http://localhost:1",
        ] {
            assert!(
                check_transport_security(&Url::parse(ok).unwrap(), false).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
        ] {
            let url = Url::parse(bad).unwrap();
            assert!(check_transport_security(&url, false).is_err(), "{bad}");
            assert!(check_transport_security(&url, true).is_ok(), "{bad}");
        }
    }
}
