//! Setup shared by the client's benchmarks (`benches/*.rs`; run them with
//! `cargo bench -p benches`): the recorded page they decode and serve, the larger pages
//! derived from it, the `twitter-v2` crate's types to compare against, and a replica of the
//! client's 2xx decode steps.
//!
//! The benchmarks live in this crate of their own, outside `twitter-client`, so that their
//! heavy dependencies (criterion, twitter-v2 and its second HTTP stack) are not dev-dependencies
//! of the client: `cargo test` never builds them, and neither does the trybuild test
//! (`tests/compile-fail`), which checks every dev-dependency of the crate it lives in again.
#![forbid(unsafe_code)]

use serde::de::IgnoredAny;
use serde_json::Value;

/// The recorded 30-tweet `liked_tweets` page with every field and expansion, stored once with
/// the client's test data (see `generated-client/tests/data/PROVENANCE.md`).
pub const FIXTURE: &[u8] =
    include_bytes!("../../generated-client/tests/data/likes/liked_tweets.all_fields.json");

/// The `twitter-v2` crate's payload for `GET /2/users/:id/liked_tweets`
/// (`TwitterApi::get_user_liked_tweets` returns `ApiResponse<_, Vec<Tweet>, ResultCountMeta>`).
pub type TwitterV2Page =
    twitter_v2::ApiPayload<Vec<twitter_v2::Tweet>, twitter_v2::meta::ResultCountMeta>;

/// The recorded page, compact.
pub fn page30() -> Vec<u8> {
    let v: Value = serde_json::from_slice(FIXTURE).expect("fixture is JSON");
    serde_json::to_vec(&v).expect("serialise")
}

/// The recorded page with 100 tweets copied round-robin from it, each with a distinct id;
/// includes, errors and meta kept.
pub fn page100_value() -> Value {
    let mut v: Value = serde_json::from_slice(FIXTURE).expect("fixture is JSON");
    let tweets = v["data"].as_array().expect("data array").clone();
    let data: Vec<Value> = (0..100)
        .map(|i| {
            let mut t = tweets[i % tweets.len()].clone();
            t["id"] = Value::String((1_500_000_000_000_000_000u64 + i as u64).to_string());
            t
        })
        .collect();
    v["data"] = Value::Array(data);
    v
}

/// [`page100_value`] with `meta.result_count` = 100, compact.
pub fn page100() -> Vec<u8> {
    let mut v = page100_value();
    v["meta"]["result_count"] = Value::from(100);
    serde_json::to_vec(&v).expect("serialise")
}

/// A page holding only its `data` (to time the tweets alone), generated types.
#[derive(serde::Deserialize)]
pub struct DataOnly {
    #[allow(dead_code)]
    data: Vec<twitter_client::Tweet>,
}

/// The same with the `twitter-v2` crate's types.
#[derive(serde::Deserialize)]
pub struct DataOnlyV2 {
    #[allow(dead_code)]
    data: Vec<twitter_v2::Tweet>,
}

/// A page holding only its `includes` (to time the expansions alone), generated types.
#[derive(serde::Deserialize)]
pub struct IncludesOnly {
    #[allow(dead_code)]
    includes: twitter_client::Includes,
}

/// The same with the `twitter-v2` crate's types.
#[derive(serde::Deserialize)]
pub struct IncludesOnlyV2 {
    #[allow(dead_code)]
    includes: twitter_v2::data::Expansions,
}

/// A replica of the client's 2xx probe (`decode_success`): the members that decide whether a
/// 2xx body is an error in disguise, parsed first when the body has `"errors"`.
#[derive(serde::Deserialize)]
pub struct Probe {
    #[serde(default)]
    #[allow(dead_code)]
    data: Option<IgnoredAny>,
    #[serde(default)]
    #[allow(dead_code)]
    meta: Option<IgnoredAny>,
    #[serde(default)]
    #[allow(dead_code)]
    errors: Option<Vec<Value>>,
}

/// Step 1 of the client's 2xx decode: does the body mention `"errors"`?
pub fn mentions_errors(body: &[u8]) -> bool {
    body.windows(8).any(|w| w == b"\"errors\"")
}

/// Step 3 of the client's 2xx decode: through `serde_path_to_error`, to the end of the input.
pub fn path_to_error_decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    let mut de = serde_json::Deserializer::from_slice(body);
    let v = serde_path_to_error::deserialize(&mut de).expect("decode");
    de.end().expect("end of input");
    v
}

/// What the client does with a 2xx body, step by step (a replica of its decode path at the
/// time of writing, to attribute the request-path overhead): scan for `"errors"`, parse the
/// probe when found, decode through `serde_path_to_error`.
pub fn client_decode_replica<T: serde::de::DeserializeOwned>(body: &[u8]) -> T {
    if mentions_errors(body) {
        std::hint::black_box(serde_json::from_slice::<Probe>(body).ok());
    }
    path_to_error_decode(body)
}

/// Best time of one call of `decode`, in µs: `samples` samples of `per_sample` calls each.
/// Benches that compare decoders interleave them in rounds and keep each one's best time, since
/// on a noisy shared machine noise only ever adds time.
pub fn best_of(samples: usize, per_sample: u32, decode: &mut dyn FnMut()) -> f64 {
    (0..samples)
        .map(|_| {
            let start = std::time::Instant::now();
            for _ in 0..per_sample {
                decode();
            }
            start.elapsed().as_secs_f64() / f64::from(per_sample)
        })
        .fold(f64::MAX, f64::min)
        * 1e6
}
