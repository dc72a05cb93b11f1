//! Streams against a real server on 127.0.0.1 that writes lines, keep-alives, split lines and
//! bad lines, pauses and drops connections; waiting runs on tokio's paused clock, so the
//! reconnection schedule is asserted to the millisecond without taking that long.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt as _;
use twitter_client::streams::{Cause, Reconnect, ReconnectPolicy};
use twitter_client::{DecodeKind, Error, EventStream, TweetEvent};

use crate::common::stream_server::{Step, StreamServer};
use crate::common::{BEARER, app_client, fixture};

fn tweet(id: &str) -> String {
    format!(r#"{{"data":{{"id":"{id}","text":"tweet {id}","edit_history_tweet_ids":["{id}"]}}}}"#)
}

fn line(id: &str) -> Step {
    send(format!("{}\r\n", tweet(id)))
}

fn send(text: impl Into<String>) -> Step {
    Step::Send(text.into().into_bytes())
}

/// The sample stream of a client of `server`, reconnecting on the exact schedule.
fn sample(server: &StreamServer) -> EventStream<TweetEvent> {
    app_client(&server.base)
        .sample_stream()
        .stream()
        .reconnect(exact())
}

fn ids(items: &[Result<TweetEvent, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|r| match r {
            Ok(e) => e
                .data
                .as_ref()
                .map(|t| t.id.to_string())
                .unwrap_or_default(),
            Err(e) => format!("error: {}", e.decode_kind().map_or("other", |_| "decode")),
        })
        .collect()
}

/// Records every reconnection the stream reports.
fn recorder() -> (
    Arc<Mutex<Vec<Reconnect>>>,
    impl Fn(&Reconnect) + Send + Sync + 'static,
) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    (log, move |r: &Reconnect| {
        sink.lock().unwrap().push(r.clone())
    })
}

fn exact() -> ReconnectPolicy {
    ReconnectPolicy::default().jitter(0.0)
}

#[tokio::test(start_paused = true)]
async fn events_arrive_once_in_order_across_a_drop_and_a_backfill() {
    let split = tweet("2");
    let (head, tail) = split.split_at(17);
    let server = StreamServer::start(vec![
        vec![
            Step::Ok,
            send("\r\n"),
            line("1"),
            send(head),
            Step::Pause(Duration::from_millis(10)),
            send(format!("{tail}\r\n\r\n")),
            send("{\"data\": oops\r\n"),
            Step::Reset,
        ],
        // The backfill replays 2, then goes on.
        vec![Step::Ok, line("2"), line("3"), Step::Hang],
    ])
    .await;
    let client = app_client(&server.base);
    let (log, on_reconnect) = recorder();
    let mut stream = client
        .sample_stream()
        .stream()
        .reconnect(exact())
        .on_reconnect(on_reconnect);
    let stats = stream.stats();
    let mut items = Vec::new();
    for _ in 0..4 {
        items.push(stream.next().await.expect("an item"));
    }
    assert_eq!(ids(&items), ["1", "2", "error: decode", "3"]);
    let Err(Error::Decode { kind, .. }) = &items[2] else {
        panic!("{:?}", items[2]);
    };
    assert_eq!(*kind, DecodeKind::NotJson);
    assert_eq!(stats.keep_alives(), 2);
    assert_eq!(stats.events(), 3);
    assert_eq!(stats.duplicates(), 1);
    assert_eq!(stats.bad_lines(), 1);
    assert_eq!(stats.reconnects(), 1);

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].target, "/2/tweets/sample/stream");
    assert_eq!(seen[1].target, "/2/tweets/sample/stream?backfill_minutes=1");
    assert_eq!(seen[0].authorization, format!("Bearer {BEARER}"));
    assert_eq!(
        server.gaps()[0],
        Duration::from_millis(250) + Duration::from_millis(10)
    );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 1);
    assert!(matches!(log[0].cause, Cause::Network(_)), "{:?}", log[0]);
    assert_eq!(log[0].delay, Duration::from_millis(250));
    assert_eq!(log[0].backfill_minutes, Some(1));
    assert!(
        log[0].to_string().contains("reconnecting in 250ms"),
        "{}",
        log[0]
    );
}

#[tokio::test(start_paused = true)]
async fn http_errors_and_429s_follow_their_schedules() {
    let busy =
        r#"{"title":"Service Unavailable","detail":"busy","type":"about:blank","status":503}"#;
    let limited = r#"{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","connection_issue":"TooManyConnections","type":"https://api.twitter.com/2/problems/streaming-connection"}"#;
    let mut scripts = vec![vec![Step::Status(503, busy)]; 4];
    scripts.extend(vec![vec![Step::Status(429, limited)]; 3]);
    scripts.push(vec![Step::Ok, line("9"), Step::Hang]);
    let server = StreamServer::start(scripts).await;
    let (log, on_reconnect) = recorder();
    let mut stream = sample(&server).on_reconnect(on_reconnect);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.data.unwrap().id.as_str(), "9");
    let secs: Vec<u64> = server.gaps().iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [5, 10, 20, 40, 60, 120, 240]);
    let causes: Vec<String> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.cause.to_string())
        .collect();
    assert_eq!(causes[0], "HTTP 503");
    assert_eq!(causes[6], "HTTP 429 (rate limited)");
    // Nothing was received before the first answer: no backfill is asked for.
    assert!(server.seen().iter().all(|s| !s.target.contains("backfill")));
}

#[tokio::test(start_paused = true)]
async fn network_errors_back_off_linearly() {
    let server = StreamServer::start(vec![
        vec![Step::Reset],
        vec![Step::Reset],
        vec![Step::Reset],
        vec![Step::Ok, line("1"), Step::Hang],
    ])
    .await;
    let mut stream = sample(&server);
    assert!(stream.next().await.unwrap().is_ok());
    let ms: Vec<u128> = server.gaps().iter().map(Duration::as_millis).collect();
    assert_eq!(ms, [250, 500, 750]);
}

#[tokio::test(start_paused = true)]
async fn a_401_ends_the_stream_at_once() {
    let body =
        r#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#;
    let server = StreamServer::start(vec![vec![Step::Status(401, body)]]).await;
    let mut stream = app_client(&server.base).sample_stream().stream();
    let stats = stream.stats();
    let err = stream.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(stream.next().await.is_none());
    assert_eq!(server.seen().len(), 1);
    assert_eq!(stats.reconnects(), 0);
}

#[tokio::test(start_paused = true)]
async fn silence_past_the_read_timeout_is_a_dead_connection() {
    let server = StreamServer::start(vec![
        vec![
            Step::Ok,
            line("1"),
            Step::Pause(Duration::from_secs(60)),
            line("late"),
        ],
        vec![Step::Ok, line("2"), Step::Hang],
    ])
    .await;
    let (log, on_reconnect) = recorder();
    let mut stream = sample(&server).on_reconnect(on_reconnect);
    let a = stream.next().await.unwrap().unwrap();
    let b = stream.next().await.unwrap().unwrap();
    assert_eq!(a.data.unwrap().id.as_str(), "1");
    assert_eq!(b.data.unwrap().id.as_str(), "2");
    assert_eq!(
        server.gaps()[0],
        Duration::from_secs(20) + Duration::from_millis(250)
    );
    let log = log.lock().unwrap();
    assert_eq!(log[0].cause, Cause::Silent(Duration::from_secs(20)));
    assert_eq!(
        server.seen()[1].target,
        "/2/tweets/sample/stream?backfill_minutes=1"
    );
}

#[tokio::test(start_paused = true)]
async fn the_read_timeout_and_the_cap_are_the_callers() {
    let server = StreamServer::start(vec![vec![Step::Ok, Step::Hang]]).await;
    let mut stream = app_client(&server.base)
        .sample_stream()
        .stream()
        .read_timeout(Duration::from_secs(90))
        .reconnect(exact().max_reconnects(Some(2)));
    let err = stream.next().await.unwrap().unwrap_err();
    let Error::StreamDisconnected {
        reconnects, cause, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*reconnects, 2);
    assert!(cause.contains("nothing received for 90s"), "{cause}");
    assert!(stream.next().await.is_none());
    let gaps = server.gaps();
    // Each connection was accepted (HTTP 200), so each silence is a first failure again.
    assert_eq!(gaps, [Duration::from_millis(90_250); 2]);
}

#[tokio::test(start_paused = true)]
async fn backfill_asks_for_the_minutes_missed_up_to_the_maximum() {
    let server = StreamServer::start(vec![
        vec![
            Step::Ok,
            line("1"),
            Step::Pause(Duration::from_secs(150)),
            Step::End,
        ],
        vec![Step::Status(503, "{}")],
        vec![
            Step::Ok,
            line("2"),
            Step::Pause(Duration::from_secs(400)),
            Step::End,
        ],
        vec![Step::Ok, Step::Hang],
    ])
    .await;
    let mut stream = app_client(&server.base)
        .sample_stream()
        .stream()
        .reconnect(exact())
        .read_timeout(Duration::from_secs(3600));
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    // Wait for the last connection to be asked for.
    while server.seen().len() < 4 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let _ = tokio::time::timeout(Duration::from_millis(1), stream.next()).await;
    }
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    // 150 s after the last event: 3 minutes; then 5 s later still 3; 400 s: capped at 5.
    assert_eq!(targets[1], "/2/tweets/sample/stream?backfill_minutes=3");
    assert_eq!(targets[2], "/2/tweets/sample/stream?backfill_minutes=3");
    assert_eq!(targets[3], "/2/tweets/sample/stream?backfill_minutes=5");
}

#[tokio::test]
async fn a_stream_moves_into_a_task_and_partitions_merge() {
    let one = StreamServer::start(vec![vec![Step::Ok, line("1"), line("3"), Step::End]]).await;
    let two = StreamServer::start(vec![vec![Step::Ok, line("2"), Step::End]]).await;
    let streams = [&one, &two].map(|s| {
        app_client(&s.base)
            .likes_firehose_stream(1)
            .stream()
            .reconnect(ReconnectPolicy::never())
    });
    let merged = twitter_client::streams::merge(streams);
    let task = tokio::spawn(async move { merged.collect::<Vec<_>>().await });
    let items = task.await.unwrap();
    let mut got: Vec<&str> = items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter_map(|e| e.data.as_ref()?.id.as_deref())
        .collect();
    got.sort_unstable();
    assert_eq!(got, ["1", "2", "3"], "{items:?}");
    // Each partition ends with the closed stream as its last item (no reconnection).
    let ended = items.iter().filter(|r| r.is_err()).count();
    assert_eq!(ended, 2);
    assert_eq!(one.seen()[0].target, "/2/likes/firehose/stream?partition=1");
}

#[tokio::test]
async fn invalid_requests_are_refused_before_connecting() {
    let server = StreamServer::start(vec![vec![Step::Ok, Step::Hang]]).await;
    let mut stream = app_client(&server.base).likes_firehose_stream(21).stream();
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
    assert!(stream.next().await.is_none());
    assert!(server.seen().is_empty());
}

/// Real filtered-stream output (see tests/data/PROVENANCE.md): CRLF lines with a keep-alive
/// (twittered, 2021) and re-serialized lines with an `operational-disconnect` error line and a
/// Tweet delivered twice (twarc-csv, 2021), streamed in chunks that cut lines anywhere.
#[tokio::test]
async fn recorded_filtered_stream_lines_decode_line_by_line() {
    for (file, events, errors) in [
        ("streams/filtered_stream_twittered_2021-02.ndjson", 3, 0),
        ("streams/filtered_stream_twarc-csv_2021-04.jsonl", 9, 1),
    ] {
        // 700-byte cuts: through lines, and through UTF-8 characters where they fall.
        let text = fixture(file);
        let chunks = text.as_bytes().chunks(700).map(|c| Step::Send(c.to_vec()));
        let mut script = vec![Step::Ok];
        script.extend(chunks);
        script.push(Step::End);
        let server = StreamServer::start(vec![script]).await;
        let stream = app_client(&server.base)
            .search_stream()
            .stream()
            .reconnect(ReconnectPolicy::never());
        let stats = stream.stats();
        let items: Vec<_> = stream.collect().await;
        let ok: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), events, "{file}: {items:?}");
        for e in &ok {
            let has_tweet = e.data.as_ref().is_some_and(|t| !t.id.is_empty());
            assert!(has_tweet || !e.errors.is_empty(), "{file}: {e:?}");
        }
        let with_errors = ok.iter().filter(|e| !e.errors.is_empty()).count();
        assert_eq!(with_errors, errors, "{file}");
        let rules: usize = ok.iter().map(|e| e.matching_rules.len()).sum();
        assert!(
            rules >= events - errors,
            "{file}: every Tweet matched a rule"
        );
        // The last item is the end of the stream (no reconnection allowed).
        assert!(matches!(
            items.last(),
            Some(Err(Error::StreamDisconnected { .. }))
        ));
        assert_eq!(stats.bad_lines(), 0, "{file}");
    }
}

/// The filtered stream's rules: a recorded list, and an update with `dry_run` whose body is
/// the typed rules.
#[tokio::test]
async fn stream_rules_list_and_update() {
    use wiremock::matchers::{body_json, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/search/stream/rules"))
        .respond_with(crate::common::ok_fixture(
            "streams/rules_get_twittered.json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let added = serde_json::json!({
        "data": [{"id": "1298706201161728003", "value": "cat has:images", "tag": "cats"}],
        "meta": {"sent": "2020-08-26T20:12:54.519Z", "summary": {"created": 1, "not_created": 0, "valid": 1, "invalid": 0}}
    });
    Mock::given(method("POST"))
        .and(path("/2/tweets/search/stream/rules"))
        .and(query_param("dry_run", "true"))
        .and(body_json(
            serde_json::json!({"add": [{"value": "cat has:images", "tag": "cats"}]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(&added))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server.uri());
    let rules = client.get_stream_rules().send().await.unwrap();
    let values: Vec<_> = rules
        .data
        .iter()
        .map(|r| r.value.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(values, ["algerie", "super"]);
    assert_eq!(
        rules.data[0].id.as_ref().map(|id| id.as_str()),
        Some("1298705840506118146")
    );
    assert_eq!(rules.meta.sent.as_deref(), Some("2020-08-26T20:12:54.519Z"));
    let rule = twitter_client::RuleNoId::new("cat has:images").tag("cats");
    let update = client
        .update_stream_rules()
        .add_rules([rule])
        .dry_run(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        update.meta.summary.as_ref().and_then(|s| s.created),
        Some(1)
    );
}
