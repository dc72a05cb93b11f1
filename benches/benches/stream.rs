//! Streams: decode speed per line, the end-to-end rate through a local server, and the memory
//! of a slow consumer.
//!
//! * `stream-decode/tweet-line`: a sample-stream line with every field (each Tweet of the
//!   recorded all-fields page as `{"data": tweet, "includes": {"users": [its author]}}`),
//!   decoded as our `TweetEvent`, as twitter-v2's `ApiPayload<Tweet, _>` (what its stream
//!   yields) and as `IgnoredAny` (the floor).
//! * `stream-decode/like-line`: a Likes-firehose line (a like with every field, and the liked
//!   Tweet and its author expanded; no recorded line exists, so it is built from the official
//!   schema's fields), as our `LikeEvent` and as `IgnoredAny`.
//! * `stream-e2e`: 20,000 like lines sent by a server on 127.0.0.1 (its own thread) as fast as
//!   it can, read by the client through `EventStream<LikeEvent>`; beside it the same bytes read
//!   with bare reqwest `chunk()` and no decoding, which is the transport's share.
//! * Slow consumer (printed after criterion): a server offering 400,000 lines (about 170 MB)
//!   to a consumer that sleeps after each of its first 2,000 events; the process's peak RSS
//!   (`VmHWM`) before and after shows whether buffering is bounded.
//!
//! Run: `cargo bench -p benches --bench stream`.

use std::hint::black_box;
use std::io::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use benches::best_of;
use criterion::{BenchmarkId, Criterion, Throughput};
use futures::StreamExt as _;
use serde::de::IgnoredAny;
use serde_json::{json, Value};
use twitter_client::streams::ReconnectPolicy;
use twitter_client::{Client, LikeEvent, TweetEvent};

type TwitterV2Line = twitter_v2::ApiPayload<twitter_v2::Tweet, ()>;

/// The recorded page's Tweets as stream lines (with their author), compact.
fn tweet_lines() -> Vec<Vec<u8>> {
    let page: Value = serde_json::from_slice(&benches::page30()).unwrap();
    let users = page["includes"]["users"].as_array().unwrap();
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let author = users
                .iter()
                .find(|u| u["id"] == t["author_id"])
                .unwrap_or(&users[0]);
            serde_json::to_vec(&json!({"data": t, "includes": {"users": [author]}})).unwrap()
        })
        .collect()
}

/// A Likes-firehose line: every field of `LikeWithTweetAuthor`, the liked Tweet and its author
/// expanded (the fields of the official examples).
fn like_line(i: u64) -> Vec<u8> {
    let line = json!({
        "data": {
            "created_at": "2024-05-01T12:00:00.000Z",
            "id": format!("{}", 1_785_000_000_000_000_000u64 + i),
            "liked_tweet_id": "1346889436626259968",
            "timestamp_ms": 1_714_564_800_000u64 + i,
            "tweet_author_id": "2244994945"
        },
        "includes": {
            "tweets": [{
                "author_id": "2244994945",
                "created_at": "2021-01-06T18:40:40.000Z",
                "edit_history_tweet_ids": ["1346889436626259968"],
                "id": "1346889436626259968",
                "lang": "en",
                "text": "Learn how to use the user Tweet timeline and user mention timeline endpoints in the X API v2 to explore Tweet\u{2026} https://t.co/56a0vZUx7i"
            }],
            "users": [{
                "created_at": "2013-12-14T04:35:55.000Z",
                "id": "2244994945",
                "name": "X Dev",
                "protected": false,
                "username": "TwitterDev"
            }]
        }
    });
    serde_json::to_vec(&line).unwrap()
}

fn check_lines(tweets: &[Vec<u8>], like: &[u8]) {
    for t in tweets {
        let ours: TweetEvent = twitter_client::from_json(t).expect("TweetEvent");
        assert!(ours.data.is_some());
        let theirs: TwitterV2Line = serde_json::from_slice(t).expect("twitter-v2");
        assert!(theirs.data.is_some());
    }
    let ours: LikeEvent = twitter_client::from_json(like).expect("LikeEvent");
    assert!(ours.data.and_then(|d| d.liked_tweet_id).is_some());
}

fn decode(c: &mut Criterion) {
    let tweets = tweet_lines();
    let like = like_line(0);
    check_lines(&tweets, &like);
    let bytes: usize = tweets.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("stream-decode/tweet-line");
    g.throughput(Throughput::Elements(tweets.len() as u64));
    println!(
        "tweet lines: {} lines, {} bytes on average; like line: {} bytes",
        tweets.len(),
        bytes / tweets.len(),
        like.len()
    );
    g.bench_function("ours TweetEvent", |b| {
        b.iter(|| {
            for t in &tweets {
                black_box(twitter_client::from_json::<TweetEvent>(black_box(t)).unwrap());
            }
        })
    });
    g.bench_function("twitter-v2 ApiPayload<Tweet>", |b| {
        b.iter(|| {
            for t in &tweets {
                black_box(serde_json::from_slice::<TwitterV2Line>(black_box(t)).unwrap());
            }
        })
    });
    g.bench_function("IgnoredAny floor", |b| {
        b.iter(|| {
            for t in &tweets {
                black_box(serde_json::from_slice::<IgnoredAny>(black_box(t)).unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("stream-decode/like-line");
    g.throughput(Throughput::Elements(1));
    g.bench_function("ours LikeEvent", |b| {
        b.iter(|| black_box(twitter_client::from_json::<LikeEvent>(black_box(&like)).unwrap()))
    });
    g.bench_function("IgnoredAny floor", |b| {
        b.iter(|| black_box(serde_json::from_slice::<IgnoredAny>(black_box(&like)).unwrap()))
    });
    g.finish();
}

/// A server on its own thread: each connection gets `block` repeated `repeats` times as a
/// chunked 200 answer, in 64 KiB chunks, as fast as the socket takes it, then the body's end.
/// (The block is shared, never copied, so the server adds little to the process's memory.)
fn serve(block: Vec<u8>, repeats: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let block = std::sync::Arc::new(block);
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(mut socket) = socket else { return };
            let block = std::sync::Arc::clone(&block);
            std::thread::spawn(move || {
                let mut head = [0u8; 4096];
                let _ = std::io::Read::read(&mut socket, &mut head);
                let _ = socket.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                );
                for _ in 0..repeats {
                    for chunk in block.chunks(64 * 1024) {
                        if socket
                            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                            .is_err()
                            || socket.write_all(chunk).is_err()
                            || socket.write_all(b"\r\n").is_err()
                        {
                            return;
                        }
                    }
                }
                let _ = socket.write_all(b"0\r\n\r\n");
            });
        }
    });
    addr
}

fn like_body(lines: u64) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..lines {
        body.extend_from_slice(&like_line(i));
        body.extend_from_slice(b"\r\n");
        if i % 100 == 0 {
            body.extend_from_slice(b"\r\n"); // a keep-alive now and then
        }
    }
    body
}

fn client(addr: SocketAddr) -> Client<twitter_client::AppOnly> {
    Client::builder()
        .bearer_token("AAAA")
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap()
}

/// Reads the whole stream as a consumer would: each event looked at, then dropped (not
/// collected: 20,000 events held at once would time the allocator instead).
async fn read_events(client: &Client<twitter_client::AppOnly>) -> usize {
    let stream = client
        .likes_firehose_stream(1)
        .stream()
        .reconnect(ReconnectPolicy::never());
    stream
        .fold(0, |n, item| async move {
            n + usize::from(black_box(item).is_ok_and(|e| e.data.is_some()))
        })
        .await
}

async fn read_raw(addr: SocketAddr) -> usize {
    let http = reqwest::Client::new();
    let mut r = http
        .get(format!("http://{addr}/2/likes/firehose/stream?partition=1"))
        .send()
        .await
        .unwrap();
    let mut bytes = 0;
    while let Some(chunk) = r.chunk().await.unwrap() {
        bytes += chunk.len();
    }
    bytes
}

fn e2e(c: &mut Criterion) {
    const LINES: u64 = 20_000;
    let body = like_body(LINES);
    let total = body.len();
    let addr = serve(body, 1);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = client(addr);
    assert_eq!(rt.block_on(read_events(&client)), LINES as usize);
    assert_eq!(rt.block_on(read_raw(addr)), total);
    let mut g = c.benchmark_group("stream-e2e");
    g.throughput(Throughput::Elements(LINES));
    g.sample_size(20);
    g.bench_function(BenchmarkId::new("EventStream<LikeEvent>", LINES), |b| {
        b.iter(|| rt.block_on(read_events(&client)))
    });
    g.bench_function(
        BenchmarkId::new("bare reqwest chunks, no decoding", LINES),
        |b| b.iter(|| rt.block_on(read_raw(addr))),
    );
    g.finish();
}

/// The process's peak resident set (`VmHWM`), in KiB (0 where /proc is missing).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn slow_consumer() {
    const REPEATS: usize = 400;
    let block = like_body(1_000);
    let offered = block.len() * REPEATS;
    let addr = serve(block, REPEATS);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let before = peak_rss_kib();
    let read = rt.block_on(async {
        let mut stream = client(addr)
            .likes_firehose_stream(1)
            .stream()
            .reconnect(ReconnectPolicy::never());
        let mut n = 0;
        while let Some(Ok(_)) = stream.next().await {
            n += 1;
            tokio::time::sleep(Duration::from_millis(1)).await;
            if n == 2_000 {
                break;
            }
        }
        n
    });
    let after = peak_rss_kib();
    println!(
        "slow consumer: the server offered {} MB; the consumer read {read} events at 1 ms each; \
         peak RSS {before} KiB before, {after} KiB after (+{} KiB)",
        offered / 1_000_000,
        after.saturating_sub(before)
    );
}

/// The decode budgets again, timed interleaved in rounds, best of each kept (criterion's
/// groups run seconds apart on a machine whose speed drifts by 10–30% between them).
fn decode_steady() {
    let tweets = tweet_lines();
    let like = like_line(0);
    let mut best = [f64::MAX; 5];
    for _round in 0..7 {
        let times = [
            best_of(15, 20, &mut || {
                for t in &tweets {
                    black_box(twitter_client::from_json::<TweetEvent>(black_box(t)).unwrap());
                }
            }),
            best_of(15, 20, &mut || {
                for t in &tweets {
                    black_box(serde_json::from_slice::<TwitterV2Line>(black_box(t)).unwrap());
                }
            }),
            best_of(15, 20, &mut || {
                for t in &tweets {
                    black_box(serde_json::from_slice::<IgnoredAny>(black_box(t)).unwrap());
                }
            }),
            best_of(15, 600, &mut || {
                black_box(twitter_client::from_json::<LikeEvent>(black_box(&like)).unwrap());
            }),
            best_of(15, 600, &mut || {
                black_box(serde_json::from_slice::<IgnoredAny>(black_box(&like)).unwrap());
            }),
        ];
        for (b, t) in best.iter_mut().zip(times) {
            *b = b.min(t);
        }
    }
    let [ours, theirs, floor, like_ours, like_floor] = best;
    println!(
        "stream lines, best of 7 interleaved rounds: {} tweet lines: ours {ours:.1} µs, \
         twitter-v2 {theirs:.1} µs, IgnoredAny {floor:.1} µs | ours vs twitter-v2 {:.2}x \
         (budget 1.3x); like line: ours {like_ours:.3} µs, IgnoredAny {like_floor:.3} µs | \
         vs the floor {:.3}x (budget 0.3x)",
        tweets.len(),
        theirs / ours,
        like_floor / like_ours
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    decode(&mut c);
    if std::env::args().any(|a| a == "--bench") {
        decode_steady();
    }
    e2e(&mut c);
    c.final_summary();
    if std::env::args().any(|a| a == "--bench") {
        slow_consumer();
    }
}
