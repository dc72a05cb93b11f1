//! Every reconnection of a stream is logged inside its `twitter_stream` span, captured by a
//! minimal `tracing` subscriber.
//!
//! A test binary of its own: `tracing` caches per call site whether anyone listens, so a
//! subscriber set for one thread (`set_default`) misses events whose call sites another test
//! thread hit first, as happened one run in three among the other stream tests.

// Shared with `tests/client`, which uses all of it; this test needs only part.
#[allow(dead_code)]
#[path = "common/stream_server.rs"]
mod stream_server;

use std::sync::{Arc, Mutex};

use futures::StreamExt as _;
use stream_server::{Step, StreamServer};
use twitter_client::{Client, ReconnectPolicy};

const LINE: &[u8] =
    b"{\"data\":{\"id\":\"1\",\"text\":\"one\",\"edit_history_tweet_ids\":[\"1\"]}}\r\n";

/// Every reconnection is logged inside the stream's `twitter_stream` span (with the endpoint),
/// as an event carrying its cause and delay: captured by a minimal `tracing` subscriber.
#[tokio::test(start_paused = true)]
async fn reconnections_are_logged_in_the_stream_span() {
    let log = Capture::default();
    let _guard = tracing::subscriber::set_default(log.clone());
    let server = StreamServer::start(vec![
        vec![Step::Reset],
        vec![Step::Ok, Step::Send(LINE.to_vec()), Step::Hang],
    ])
    .await;
    let client = Client::builder()
        .bearer_token("AAAA")
        .base_url(&server.base)
        .build()
        .unwrap();
    let mut stream = client
        .sample_stream()
        .stream()
        .reconnect(ReconnectPolicy::default().jitter(0.0));
    assert!(stream.next().await.unwrap().is_ok());
    assert_eq!(server.gaps().len(), 1, "one reconnection");
    let events = log.events.lock().unwrap().clone();
    let reconnect = events
        .iter()
        .find(|(_, fields)| fields.contains("stream reconnecting"))
        .unwrap_or_else(|| panic!("no reconnect event in {events:#?}"));
    let (span, fields) = reconnect;
    assert_eq!(
        span.as_deref(),
        Some("twitter_stream endpoint=sample_stream")
    );
    assert!(fields.contains("delay_ms=250"), "{fields}");
    assert!(fields.contains("cause=network error"), "{fields}");
}

/// Spans (name and fields) and events (the innermost entered span, and fields) as text.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<String>>>,
    stack: Arc<Mutex<Vec<u64>>>,
    events: Arc<Mutex<Vec<Logged>>>,
}

/// An event: the innermost entered span (name and fields), and the event's fields.
type Logged = (Option<String>, String);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?}"));
        } else {
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut f = Fields(String::new());
        attrs.record(&mut f);
        let mut spans = self.spans.lock().unwrap();
        spans.push(format!("{} {}", attrs.metadata().name(), f.0));
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut f = Fields(String::new());
        event.record(&mut f);
        let span = self
            .stack
            .lock()
            .unwrap()
            .last()
            .map(|id| self.spans.lock().unwrap()[*id as usize - 1].clone());
        self.events.lock().unwrap().push((span, f.0));
    }
    fn enter(&self, id: &tracing::span::Id) {
        self.stack.lock().unwrap().push(id.into_u64());
    }
    fn exit(&self, _: &tracing::span::Id) {
        self.stack.lock().unwrap().pop();
    }
}
