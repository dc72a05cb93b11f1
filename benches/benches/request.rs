//! The request path: `client.get_liked_tweets(..).max_results(100).send().await` against a
//! local wiremock server returning the recorded 30-tweet page, next to a bare
//! `reqwest::Client` GET of the same URL plus `serde_json::from_slice::<LikedTweetsPage>`.
//! Same tokio runtime, same server, same body; wiremock's own cost is in both. A third,
//! diagnostic entry decodes the bare response the way the client does (see below).
//!
//! Run: `cargo bench -p benches --bench request`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use twitter_client::{Client, LikedTweetsPage};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "2244994945";

fn request(c: &mut Criterion) {
    // One current-thread runtime drives the client side; wiremock serves from its own thread.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let body = benches::page30();
    let server = rt.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/2/users/{USER}/liked_tweets")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(body.clone(), "application/json")
                    .insert_header("x-rate-limit-limit", "75")
                    .insert_header("x-rate-limit-remaining", "74")
                    .insert_header("x-rate-limit-reset", "1700000000"),
            )
            .mount(&server)
            .await;
        server
    });

    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("bench")
        .build()
        .expect("client");
    let bare = reqwest::Client::new();
    let url = format!("{}/2/users/{USER}/liked_tweets", server.uri());

    // Both sides must work before being timed.
    rt.block_on(async {
        let page = client
            .get_liked_tweets(USER)
            .max_results(100)
            .send()
            .await
            .expect("client request");
        assert_eq!(page.data.len(), 30);
        let page = bare_get(&bare, &url).await;
        assert_eq!(page.data.len(), 30);
    });

    let mut g = c.benchmark_group("request/liked_tweets");
    g.throughput(Throughput::Elements(1));
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("twitter-client", |b| {
        b.to_async(&rt).iter(|| async {
            client
                .get_liked_tweets(USER)
                .max_results(100)
                .send()
                .await
                .expect("client request")
        })
    });
    g.bench_function("bare-reqwest+serde", |b| {
        b.to_async(&rt).iter(|| bare_get(&bare, &url))
    });
    // Diagnostic: the bare request, decoded the way the client's `decode_success` does it
    // (a replica: scan for "errors", parse the 2xx probe, decode via serde_path_to_error).
    // The gap between this and the bare request is the client's decode path; the rest of
    // the gap to twitter-client is its request building and bookkeeping.
    g.bench_function("bare-reqwest+client-decode-replica", |b| {
        b.to_async(&rt).iter(|| bare_get_client_decode(&bare, &url))
    });
    g.finish();
}

/// The bare request, decoded the way the client decodes (a replica).
async fn bare_get_client_decode(http: &reqwest::Client, url: &str) -> LikedTweetsPage {
    benches::client_decode_replica(&bare_body(http, url).await)
}

/// What the client does at its core, without it: GET with a bearer token and the same query,
/// read the body, decode it.
async fn bare_get(http: &reqwest::Client, url: &str) -> LikedTweetsPage {
    serde_json::from_slice::<LikedTweetsPage>(&bare_body(http, url).await).expect("bare decode")
}

/// GET with a bearer token and the client's query; the body of the 2xx.
async fn bare_body(http: &reqwest::Client, url: &str) -> impl std::ops::Deref<Target = [u8]> {
    let resp = http
        .get(url)
        .bearer_auth("bench")
        .query(&[("max_results", "100")])
        .send()
        .await
        .expect("bare request");
    assert!(resp.status().is_success());
    resp.bytes().await.expect("bare body")
}

criterion_group!(benches, request);
criterion_main!(benches);
