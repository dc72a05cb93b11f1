//! Decode throughput of a full-field `liked_tweets` page.
//!
//! Inputs (built at setup, both re-serialised compactly):
//! * `page30`: the real recorded page (30 tweets, includes, errors);
//! * `page100`: 100 tweets copied from it with distinct ids, same includes/meta/errors.
//!
//! Per input, one group with `Throughput::Bytes`: the generated `LikedTweetsPage`, the
//! `IgnoredAny` floor (parse and skip everything), `serde_json::Value`, and the `twitter-v2`
//! crate's own payload type for the same endpoint. The `decode-parts/...` groups show where
//! the time goes: each part of the page alone (data / includes, generated types and
//! twitter-v2's), and two walks of the whole document that do what the `IgnoredAny` floor
//! skips: check every string (UTF-8) and copy it into a `String`.
//!
//! Run: `cargo bench -p benches --bench decode`.

use std::hint::black_box;
use std::time::Duration;

use benches::{
    page100, page30, path_to_error_decode, DataOnly, DataOnlyV2, IncludesOnly, IncludesOnlyV2,
    Probe, TwitterV2Page,
};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::IgnoredAny;

/// Every decoder must accept the input, or the comparison is meaningless.
fn check(name: &str, body: &[u8], tweets: usize) {
    let ours: twitter_client::LikedTweetsPage =
        twitter_client::from_json(body).unwrap_or_else(|e| panic!("{name}: LikedTweetsPage: {e}"));
    assert_eq!(ours.data.len(), tweets, "{name}");
    assert!(!ours.errors.is_empty(), "{name}: errors kept");
    let theirs: TwitterV2Page =
        serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: twitter-v2: {e}"));
    assert_eq!(theirs.data.map(|d| d.len()), Some(tweets), "{name}");
}

/// Walks any JSON like `IgnoredAny`, but reads every string value: borrowed (UTF-8 checked,
/// which `IgnoredAny` skips) when `OWN` is false, copied into a `String` when it is true.
/// Separates the floor's parse cost from the string checks and allocations every owned
/// decoder pays.
struct Walk<const OWN: bool>;

impl<'de, const OWN: bool> serde::Deserialize<'de> for Walk<OWN> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Walk::<OWN>)
    }
}

impl<'de, const OWN: bool> serde::de::Visitor<'de> for Walk<OWN> {
    type Value = Walk<OWN>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, s: &str) -> Result<Self, E> {
        if OWN {
            black_box(s.to_owned());
        } else {
            black_box(s);
        }
        Ok(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Self, A::Error> {
        while a.next_element::<Walk<OWN>>()?.is_some() {}
        Ok(self)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Self, A::Error> {
        while a.next_key::<IgnoredAny>()?.is_some() {
            a.next_value::<Walk<OWN>>()?;
        }
        Ok(self)
    }
}

/// What the client's `decode_success` does with a 2xx body, step by step (a replica of
/// `client.rs` at the time of writing, to attribute the request-path overhead): scan for
/// `"errors"`, parse the probe when found, decode through `serde_path_to_error`.
fn client_decode_steps(c: &mut Criterion, name: &str, body: &[u8]) {
    let mut g = c.benchmark_group(format!("decode-client-steps/{name}"));
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    g.bench_with_input(
        BenchmarkId::new("1-scan-errors", body.len()),
        body,
        |b, body| b.iter(|| benches::mentions_errors(black_box(body))),
    );
    part::<Probe>(&mut g, "2-probe-parse", body);
    g.bench_with_input(
        BenchmarkId::new("3-path-to-error-decode", body.len()),
        body,
        |b, body| {
            b.iter(|| path_to_error_decode::<twitter_client::LikedTweetsPage>(black_box(body)))
        },
    );
    part::<twitter_client::LikedTweetsPage>(&mut g, "plain-decode", body);
    g.finish();
}

fn part<T: serde::de::DeserializeOwned>(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    body: &[u8],
) {
    g.bench_with_input(BenchmarkId::new(name, body.len()), body, |b, body| {
        b.iter(|| serde_json::from_slice::<T>(black_box(body)).unwrap())
    });
}

fn decode(c: &mut Criterion) {
    for (name, body, tweets) in [("page30", page30(), 30), ("page100", page100(), 100)] {
        check(name, &body, tweets);
        let mut g = c.benchmark_group(format!("decode/{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        // Ours as the client decodes a body (`twitter_client::from_json`: one UTF-8 check of
        // the whole body, then serde_json on text), and through plain `serde_json::from_slice`
        // (the reference, and what twitter-v2's client does with a body).
        g.bench_with_input(
            BenchmarkId::new("LikedTweetsPage", body.len()),
            &body,
            |b, body| {
                b.iter(|| {
                    twitter_client::from_json::<twitter_client::LikedTweetsPage>(black_box(body))
                        .unwrap()
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("LikedTweetsPage-from_slice", body.len()),
            &body,
            |b, body| {
                b.iter(|| {
                    serde_json::from_slice::<twitter_client::LikedTweetsPage>(black_box(body))
                        .unwrap()
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("IgnoredAny", body.len()),
            &body,
            |b, body| b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(body)).unwrap()),
        );
        g.bench_with_input(BenchmarkId::new("Value", body.len()), &body, |b, body| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap())
        });
        g.bench_with_input(
            BenchmarkId::new("twitter-v2", body.len()),
            &body,
            |b, body| b.iter(|| serde_json::from_slice::<TwitterV2Page>(black_box(body)).unwrap()),
        );
        g.finish();

        // Sub-parts of the generated type: which part of the page dominates.
        let mut g = c.benchmark_group(format!("decode-parts/{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
        part::<DataOnly>(&mut g, "data-only", &body);
        part::<DataOnlyV2>(&mut g, "data-only-twitter-v2", &body);
        part::<IncludesOnly>(&mut g, "includes-only", &body);
        part::<IncludesOnlyV2>(&mut g, "includes-only-twitter-v2", &body);
        part::<Walk<false>>(&mut g, "walk-check-strings", &body);
        part::<Walk<true>>(&mut g, "walk-own-strings", &body);
        g.finish();
        client_decode_steps(c, name, &body);
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
