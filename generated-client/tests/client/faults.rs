//! A server that misbehaves, on 127.0.0.1: 10,000 liked Tweets paged while the server
//! injects 503s, a reset mid-body, a truncated body, a `{}` page and a 429; a body cut
//! short with a matching length; a trickling body against the deadline; a redirect to
//! another host; plain http to a remote host; gzip bodies, good and corrupt; the cap on
//! connections. Raw TCP servers where a reset or truncation is needed, wiremock elsewhere.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use twitter_client::{
    AppOnly, Client, DecodeKind, Error, OAuth1User, RateLimitPolicy, RetryPolicy,
};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "2244994945";
const PAGES: usize = 100;
const PER_PAGE: usize = 100;

// ------------------------------------------------------------------ a raw HTTP/1.1 server

/// What the server does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    /// HTTP 503 with a text body.
    Status503,
    /// The headers and half the body, then a TCP reset.
    ResetMidBody,
    /// The headers (with the full length) and half the body, then a normal close.
    Truncated,
    /// The body cut in half, with a `Content-Length` that matches the cut.
    CutJson,
    /// HTTP 200 `{}`.
    EmptyObject,
    /// HTTP 429 whose window resets in a second.
    TooManyRequests,
}

/// The faults to inject: `(page, nth time that page is asked for) -> fault`.
type Plan = HashMap<(usize, usize), Fault>;

/// The `pagination_token` of page `n` (page 0 has none).
fn token(n: usize) -> String {
    format!("tok{n}")
}

fn page_body(n: usize) -> Vec<u8> {
    let data: Vec<_> = (n * PER_PAGE..(n + 1) * PER_PAGE)
        .map(|i| json!({"id": (1_000_000 + i).to_string(), "text": format!("tweet number {i}")}))
        .collect();
    let mut meta = json!({"result_count": PER_PAGE});
    if n + 1 < PAGES {
        meta["next_token"] = json!(token(n + 1));
    }
    serde_json::to_vec(&json!({"data": data, "meta": meta})).unwrap()
}

/// Serves liked-Tweet pages, one request per connection, injecting `plan`'s faults.
/// Returns the base URL and the log of `(page, fault)` served.
async fn paging_server(plan: Plan) -> (String, Arc<Mutex<Vec<(usize, Fault)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::new(Mutex::new(HashMap::<usize, usize>::new()));
    let served = Arc::clone(&log);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (plan, seen, served) = (plan.clone(), Arc::clone(&seen), Arc::clone(&served));
            tokio::spawn(async move {
                let mut stream = stream;
                let Some(target) = read_request(&mut stream).await else {
                    return;
                };
                let page = target
                    .split_once("pagination_token=tok")
                    .and_then(|(_, rest)| rest.split('&').next()?.parse().ok())
                    .unwrap_or(0usize);
                let nth = {
                    let mut seen = seen.lock().unwrap();
                    let n = seen.entry(page).or_default();
                    *n += 1;
                    *n
                };
                let fault = plan.get(&(page, nth)).copied().unwrap_or(Fault::None);
                served.lock().unwrap().push((page, fault));
                serve(&mut stream, page, fault).await;
            });
        }
    });
    (base, log)
}

/// Reads one request head; returns its target (path and query).
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head).lines().next()?.to_owned();
    line.split(' ').nth(1).map(str::to_owned)
}

fn head(status: &str, content_type: &str, length: usize, extra: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n{extra}connection: close\r\n\r\n"
    )
    .into_bytes()
}

async fn serve(stream: &mut TcpStream, page: usize, fault: Fault) {
    let body = page_body(page);
    let half = &body[..body.len() / 2];
    let json = "application/json";
    let _ = match fault {
        Fault::None => {
            let mut out = head("200 OK", json, body.len(), "");
            out.extend_from_slice(&body);
            stream.write_all(&out).await
        }
        Fault::Status503 => {
            let text = b"Service Unavailable";
            let mut out = head("503 Service Unavailable", "text/plain", text.len(), "");
            out.extend_from_slice(text);
            stream.write_all(&out).await
        }
        Fault::EmptyObject => {
            let mut out = head("200 OK", json, 2, "");
            out.extend_from_slice(b"{}");
            stream.write_all(&out).await
        }
        Fault::TooManyRequests => {
            let reset = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs()
                + 1;
            let problem = br#"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#;
            let extra = format!(
                "x-rate-limit-limit: 75\r\nx-rate-limit-remaining: 0\r\nx-rate-limit-reset: {reset}\r\n"
            );
            let mut out = head("429 Too Many Requests", json, problem.len(), &extra);
            out.extend_from_slice(problem);
            stream.write_all(&out).await
        }
        Fault::CutJson => {
            let mut out = head("200 OK", json, half.len(), "");
            out.extend_from_slice(half);
            stream.write_all(&out).await
        }
        Fault::Truncated | Fault::ResetMidBody => {
            let mut out = head("200 OK", json, body.len(), "");
            out.extend_from_slice(half);
            let _ = stream.write_all(&out).await;
            let _ = stream.flush().await;
            // Let the client start reading the body before the connection goes.
            tokio::time::sleep(Duration::from_millis(20)).await;
            if fault == Fault::ResetMidBody {
                #[allow(deprecated)] // a zero linger does not block: the close is a reset
                let _ = stream.set_linger(Some(Duration::ZERO));
            }
            Ok(())
        }
    };
}

fn faults() -> Plan {
    HashMap::from([
        ((10, 1), Fault::Status503),
        ((10, 2), Fault::Status503),
        ((25, 1), Fault::ResetMidBody),
        ((40, 1), Fault::Truncated),
        ((55, 1), Fault::EmptyObject),
        ((70, 1), Fault::TooManyRequests),
    ])
}

fn expected_ids() -> Vec<String> {
    (0..PAGES * PER_PAGE)
        .map(|i| (1_000_000 + i).to_string())
        .collect()
}

// ------------------------------------------------------------------ paging under faults

#[tokio::test]
async fn paging_rides_out_every_fault_with_the_default_policies() {
    let (base, log) = paging_server(faults()).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("token")
        .rate_limit_policy(RateLimitPolicy::wait(Duration::from_secs(10)))
        .build()
        .unwrap();
    let mut items = client.get_liked_tweets(USER).max_results(100).items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.expect("no fault reaches the caller").id.to_string());
    }
    println!(
        "delivered {} Tweets in order, each once, across {} requests",
        ids.len(),
        log.lock().unwrap().len()
    );
    assert_eq!(ids, expected_ids(), "every Tweet exactly once, in order");
    let log = log.lock().unwrap();
    let injected: Vec<_> = log.iter().filter(|(_, f)| *f != Fault::None).collect();
    assert_eq!(injected.len(), 6, "every fault was met: {injected:?}");
    assert_eq!(log.len(), PAGES + 6, "one retry per fault, no more");
}

#[tokio::test]
async fn without_retries_each_fault_stops_the_stream_with_its_token_and_resuming_loses_nothing() {
    let (base, log) = paging_server(faults()).await;
    let client: Client<AppOnly> = Client::builder()
        .base_url(&base)
        .bearer_token("token")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut items = client.get_liked_tweets(USER).max_results(100).items();
    let mut ids = Vec::new();
    let mut stops: Vec<(String, String)> = Vec::new();
    loop {
        match items.next().await {
            Some(Ok(tweet)) => ids.push(tweet.id.to_string()),
            Some(Err(e)) => {
                let token = items.resume_token().expect("a token to resume from");
                let kind = match &e {
                    Error::Api { status: 503, .. } => "503".to_owned(),
                    Error::RateLimited { reset, .. } => {
                        assert!(reset.is_some(), "the reset time is kept");
                        "429".to_owned()
                    }
                    Error::Transport(_) => "body lost".to_owned(),
                    Error::Decode { kind, .. } => {
                        assert_eq!(e.resume_token(), Some(token), "the error carries it");
                        format!("decode: {kind}")
                    }
                    other => panic!("unexpected {other:?}"),
                };
                stops.push((token.to_owned(), kind));
                assert!(items.next().await.is_none(), "an error ends the stream");
                assert!(items.resume());
            }
            None => break,
        }
    }
    let expected_stops = [
        ("tok10", "503"),
        ("tok10", "503"),
        ("tok25", "body lost"),
        ("tok40", "body lost"),
        ("tok55", "decode: not a page"),
        ("tok70", "429"),
    ];
    assert_eq!(
        stops
            .iter()
            .map(|(t, k)| (t.as_str(), k.as_str()))
            .collect::<Vec<_>>(),
        expected_stops
    );
    assert_eq!(
        ids,
        expected_ids(),
        "resuming delivers the rest exactly once"
    );
    assert_eq!(log.lock().unwrap().len(), PAGES + 6);
}

#[tokio::test]
async fn a_json_body_cut_short_with_a_matching_length_is_retried() {
    let plan = HashMap::from([((0, 1), Fault::CutJson), ((1, 1), Fault::CutJson)]);
    let (base, _) = paging_server(plan.clone()).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("token")
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let page = client.get_liked_tweets(USER).send().await.unwrap();
    assert_eq!(page.data.len(), PER_PAGE);

    let (base, _) = paging_server(plan).await;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("token")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_liked_tweets(USER).send().await.unwrap_err();
    assert_eq!(err.decode_kind(), Some(DecodeKind::Truncated), "{err}");
}

// ------------------------------------------------------------------ deadline

#[tokio::test]
async fn a_trickling_body_ends_at_the_deadline_not_at_attempts_times_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                if read_request(&mut stream).await.is_none() {
                    return;
                }
                let _ = stream
                    .write_all(&head("200 OK", "application/json", 1_000_000, ""))
                    .await;
                // One byte every 50 ms: never done, never silent long enough to time out a read.
                loop {
                    if stream.write_all(b" ").await.is_err() {
                        return;
                    }
                    counter.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            });
        }
    });
    let timeout = Duration::from_millis(800);
    let deadline = Duration::from_millis(1500);
    let attempts = 5;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("token")
        .timeout(timeout)
        .deadline(deadline)
        .retry(
            RetryPolicy::default()
                .max_attempts(attempts)
                .initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_liked_tweets(USER).send().await.unwrap_err();
    let took = started.elapsed();
    println!(
        "trickling body: ended after {took:?} (deadline {deadline:?}, {attempts} attempts x {timeout:?} = {:?}), {} bytes received",
        timeout * attempts,
        sent.load(Ordering::Relaxed)
    );
    assert!(err.is_timeout(), "{err:?}");
    assert!(took >= deadline - Duration::from_millis(100), "{took:?}");
    assert!(
        took < timeout * attempts / 2,
        "the deadline, not attempts x timeout: {took:?}"
    );
}

// ------------------------------------------------------------------ credentials never in clear

#[test]
fn plain_http_to_a_remote_host_is_refused_at_build() {
    let remote = "http://example.com";
    let errors = [
        Client::builder()
            .base_url(remote)
            .bearer_token("t")
            .build()
            .map(drop),
        Client::builder()
            .base_url(remote)
            .oauth1("ck", "cs", "at", "as")
            .build()
            .map(drop),
        Client::builder()
            .base_url(remote)
            .oauth2_user_token("t")
            .build()
            .map(drop),
    ];
    for result in errors {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("plain http"), "{err}");
    }
    for ok in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"] {
        Client::builder()
            .base_url(ok)
            .bearer_token("t")
            .build()
            .unwrap();
    }
    Client::builder()
        .base_url(remote)
        .allow_insecure_http()
        .bearer_token("t")
        .build()
        .unwrap();
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_sends_nothing_there() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .named("the other host must receive nothing")
        .mount(&elsewhere)
        .await;
    let api = MockServer::start().await;
    let target = format!(
        "{}/2/users/1/likes",
        elsewhere.uri().replace("127.0.0.1", "localhost")
    );
    for status in [307u16, 302, 308] {
        api.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("location", target.as_str()))
            .expect(2)
            .mount(&api)
            .await;
        let client: Client<OAuth1User> = Client::builder()
            .base_url(api.uri())
            .oauth1("ck", "cs", "at", "as")
            .build()
            .unwrap();
        let err = client.like_tweet("1", "2").send().await.unwrap_err();
        match &err {
            Error::Redirected {
                status: s,
                location,
                ..
            } => {
                assert_eq!(*s, status);
                assert_eq!(location.as_deref(), Some(target.as_str()));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("not followed"), "{err}");
        // A GET is not followed either, and not retried.
        let err = client.get_liked_tweets(USER).send().await.unwrap_err();
        assert!(matches!(err, Error::Redirected { .. }), "{err:?}");
        api.verify().await;
    }
}

// ------------------------------------------------------------------ compression

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn recorded_page() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/likes/liked_tweets.all_fields.json"
    );
    std::fs::read(path).unwrap()
}

#[tokio::test]
async fn gzip_bodies_decode_and_save_bytes() {
    let raw = recorded_page();
    let compressed = gzip(&raw);
    println!(
        "liked_tweets.all_fields.json: {} bytes raw, {} gzipped: {} bytes saved ({:.1}%)",
        raw.len(),
        compressed.len(),
        raw.len() - compressed.len(),
        100.0 * (raw.len() - compressed.len()) as f64 / raw.len() as f64
    );
    assert!(compressed.len() * 4 < raw.len(), "a page compresses well");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(compressed, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let page = client.get_liked_tweets(USER).send().await.unwrap();
    assert_eq!(page.data.len(), 30);
    let sent = &server.received_requests().await.unwrap()[0];
    let accept = sent
        .headers
        .get("accept-encoding")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");
}

#[tokio::test]
async fn a_corrupt_gzip_body_is_a_typed_error() {
    let mut corrupt = gzip(&recorded_page());
    let middle = corrupt.len() / 2;
    for b in &mut corrupt[20..middle] {
        *b = !*b;
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(corrupt, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client.get_liked_tweets(USER).send().await.unwrap_err();
    assert_eq!(err.decode_kind(), Some(DecodeKind::Compression), "{err:?}");
}

// ------------------------------------------------------------------ bodies that are not pages

#[tokio::test]
async fn a_2xx_that_is_not_a_page_is_an_error_never_an_empty_last_page() {
    let server = MockServer::start().await;
    for body in [
        ResponseTemplate::new(200).set_body_json(json!({})),
        ResponseTemplate::new(200)
            .set_body_json(json!({"message": "Service temporarily unavailable"})),
        ResponseTemplate::new(200).set_body_raw("<html>portal</html>", "text/html"),
        ResponseTemplate::new(200).set_body_raw(r#"{"data": []}"#, "text/html"),
    ] {
        server.reset().await;
        Mock::given(any())
            .respond_with(body)
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_token("t")
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let mut pages = client
            .get_liked_tweets(USER)
            .pagination_token("resume-here")
            .pages();
        let err = pages.next().await.unwrap().unwrap_err();
        assert!(
            matches!(
                err.decode_kind(),
                Some(DecodeKind::NotAPage | DecodeKind::NotJson)
            ),
            "{err:?}"
        );
        assert_eq!(err.resume_token(), Some("resume-here"));
        server.verify().await;
    }
    // A real empty last page is recognised by its `meta`.
    server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"meta": {"result_count": 0}})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let page = client.get_liked_tweets(USER).send().await.unwrap();
    assert!(page.data.is_empty());
}

// ------------------------------------------------------------------ connections per host

#[tokio::test]
async fn requests_in_flight_are_capped_per_client() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let active = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (a, p) = (Arc::clone(&active), Arc::clone(&peak));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (active, peak) = (Arc::clone(&a), Arc::clone(&p));
            tokio::spawn(async move {
                let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                if read_request(&mut stream).await.is_some() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let mut out = head("200 OK", "application/json", page_body(99).len(), "");
                    out.extend_from_slice(&page_body(99));
                    let _ = stream.write_all(&out).await;
                }
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    let cap = 4;
    let client = Client::builder()
        .base_url(&base)
        .bearer_token("t")
        .max_connections(cap)
        .build()
        .unwrap();
    let calls = (0..40).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_liked_tweets(USER).send().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().data.len(), PER_PAGE);
    }
    let peak = peak.load(Ordering::SeqCst);
    println!("40 concurrent calls, cap {cap}: at most {peak} connections at once");
    assert!(peak <= cap, "{peak} connections at once");
}

/// A well-formed page labelled `text/plain` is not an answer of the API (a proxy or load
/// balancer speaks that way): a `NotJson` decode error, retried like any body that is not
/// the API's, and with retries off returned at once. The same page as `application/json`
/// decodes.
#[tokio::test]
async fn a_page_labelled_text_plain_is_not_json() {
    let page = serde_json::to_string(&crate::common::page_json(&[1, 2], None)).unwrap();
    let err = answered_once_with(ResponseTemplate::new(200).set_body_string(page.clone())).await;
    assert_eq!(err.decode_kind(), Some(DecodeKind::NotJson), "{err:?}");
    assert!(err.to_string().contains("text/plain"), "{err}");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "application/json"))
        .mount(&server)
        .await;
    let ok = crate::common::app_client(&server.uri())
        .get_liked_tweets("2244994945")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.data.len(), 2);
}

/// A JSON page with a byte that is not UTF-8 inside a string: a `NotJson` decode error that
/// names where (the client parses UTF-8 text, and falls back to serde_json's byte parser only
/// to report this); the same page with the byte replaced decodes.
#[tokio::test]
async fn a_page_with_invalid_utf8_is_not_json_and_says_where() {
    let page = serde_json::to_string(&crate::common::page_json(&[1, 2], None)).unwrap();
    let at = page.find("\"text\":\"").expect("the page has a text") + "\"text\":\"".len();
    let mut broken = page.clone().into_bytes();
    broken.insert(at, 0xff);
    let err =
        answered_once_with(ResponseTemplate::new(200).set_body_raw(broken, "application/json"))
            .await;
    assert_eq!(err.decode_kind(), Some(DecodeKind::NotJson), "{err:?}");
    assert!(err.to_string().contains("unicode"), "{err}");

    let decoded: twitter_client::LikedTweetsPage =
        twitter_client::from_json(page.as_bytes()).unwrap();
    assert_eq!(decoded.data.len(), 2);
}

/// The error of one `get_liked_tweets` call (retries off) to a server that answers `answer`
/// once.
async fn answered_once_with(answer: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    let client = crate::common::app_builder(&server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    client
        .get_liked_tweets("2244994945")
        .send()
        .await
        .unwrap_err()
}
