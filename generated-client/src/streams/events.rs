//! [`EventStream`]: a streaming endpoint's newline-delimited JSON as a `Stream` of typed
//! events, with keep-alives counted, reconnection on X's schedule ([`super::reconnect`]), a
//! read timeout, backfill after a disconnection and deduplication of what the backfill
//! delivers again.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use futures::Stream;
use futures::stream::BoxStream;
use rand::Rng as _;
use serde::de::DeserializeOwned;
use tokio::time::{Duration, Instant};
use tracing::Instrument as _;

use super::lines::{Line, Lines, Seen};
use super::reconnect::{Cause, Failures, ReconnectPolicy, Verdict, next_delay, verdict};
use crate::base::encoding::Prepared;
use crate::base::error::{DecodeKind, Error, Result};
use crate::base::wire::from_json;
use crate::transport::{Opened, Transport, error_path};

/// A type that lines of a stream decode as (the generated stream event types implement it).
pub trait StreamEvent: DeserializeOwned + Send + 'static {
    /// The event's id, which tells an event delivered again by a backfill from a new one.
    /// `None` (the default): the whole line is compared instead.
    fn event_id(&self) -> Option<&str> {
        None
    }
}

impl StreamEvent for serde_json::Value {}

/// The read timeout X asks for: a keep-alive arrives at least every 20 s.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(20);
/// How many delivered event ids are remembered for deduplication after a backfill, by
/// default (about 10 MB at most).
pub const DEFAULT_DEDUP_CAPACITY: usize = 250_000;

/// The backfill parameter of a streaming endpoint: how many minutes the API can replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backfill {
    /// The query parameter (`backfill_minutes`).
    pub param: &'static str,
    /// Its maximum.
    pub max_minutes: u32,
}

/// A reconnection, as [`EventStream::on_reconnect`] sees it (also logged with `tracing`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reconnect {
    /// The endpoint's operation name.
    pub endpoint: &'static str,
    /// Why.
    pub cause: Cause,
    /// The wait before connecting again (jitter included).
    pub delay: Duration,
    /// Reconnections so far over the stream's life, this one included.
    pub reconnects: u32,
    /// The `backfill_minutes` the new connection asks for, if any.
    pub backfill_minutes: Option<u32>,
}

impl fmt::Display for Reconnect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}; reconnecting in {:?} (reconnection {})",
            self.endpoint, self.cause, self.delay, self.reconnects
        )?;
        if let Some(m) = self.backfill_minutes {
            write!(f, " with {m} minutes of backfill")?;
        }
        Ok(())
    }
}

/// Counters of a stream, readable while (and after) it runs: take a handle with
/// [`EventStream::stats`] before consuming the stream.
#[derive(Debug, Clone, Default)]
pub struct StreamStats(Arc<Counters>);

#[derive(Debug, Default)]
struct Counters {
    events: AtomicU64,
    keep_alives: AtomicU64,
    reconnects: AtomicU64,
    duplicates: AtomicU64,
    bad_lines: AtomicU64,
}

impl StreamStats {
    /// Events delivered.
    pub fn events(&self) -> u64 {
        self.0.events.load(Ordering::Relaxed)
    }
    /// Keep-alive lines received (they are not items of the stream).
    pub fn keep_alives(&self) -> u64 {
        self.0.keep_alives.load(Ordering::Relaxed)
    }
    /// Reconnections made.
    pub fn reconnects(&self) -> u64 {
        self.0.reconnects.load(Ordering::Relaxed)
    }
    /// Events dropped because they had been delivered already (replayed by a backfill).
    pub fn duplicates(&self) -> u64 {
        self.0.duplicates.load(Ordering::Relaxed)
    }
    /// Lines that did not decode (each one an error item of the stream).
    pub fn bad_lines(&self) -> u64 {
        self.0.bad_lines.load(Ordering::Relaxed)
    }
    fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

type OnReconnect = Arc<dyn Fn(&Reconnect) + Send + Sync>;

/// A streaming endpoint's events: a [`Stream`] of `Result<T, Error>`, one item per line.
///
/// * Connects lazily, on the first poll; dropping the stream closes the connection.
/// * Keep-alive lines are not items; [`StreamStats::keep_alives`] counts them.
/// * A line that does not decode is one [`Error::Decode`] item, and the stream goes on.
/// * Disconnections (network errors, the server closing the response, nothing received
///   for the read timeout, 5xx, 429) are followed by a reconnection on X's schedule
///   ([`ReconnectPolicy`]); each one is logged (`tracing`, span `twitter_stream`), counted
///   and passed to [`EventStream::on_reconnect`]. Any other error status (401, 403, other
///   4xx, a usage cap) is the stream's last item.
/// * Where the endpoint takes `backfill_minutes`, a reconnection asks for the minutes
///   missed (at most the endpoint's maximum), and events delivered before the
///   disconnection are not delivered again (ids remembered for the backfill window, at
///   most [`EventStream::dedup_capacity`] of them).
///
/// The stream owns a handle of the client, so it is `'static + Send` and can be moved into
/// `tokio::spawn`.
#[must_use = "a stream does nothing until it is polled"]
pub struct EventStream<T> {
    setup: Option<Box<Runner<T>>>,
    running: Option<BoxStream<'static, Result<T>>>,
    stats: StreamStats,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("started", &self.running.is_some())
            .field("stats", &self.stats)
            .finish()
    }
}

impl<T: StreamEvent> EventStream<T> {
    pub(crate) fn new(
        transport: Arc<Transport>,
        prepared: Result<Prepared>,
        backfill: Option<Backfill>,
    ) -> Self {
        let stats = StreamStats::default();
        // A request refused before sending is the stream's one item.
        let prepared = match prepared {
            Ok(p) => p,
            Err(error) => {
                return Self {
                    setup: None,
                    running: Some(Box::pin(futures::stream::once(async { Err(error) }))),
                    stats,
                };
            }
        };
        let runner = Runner {
            transport,
            prepared,
            backfill,
            policy: ReconnectPolicy::default(),
            read_timeout: DEFAULT_READ_TIMEOUT,
            on_reconnect: None,
            backfill_on_reconnect: true,
            seen: Seen::new(Duration::ZERO, DEFAULT_DEDUP_CAPACITY),
            stats: stats.clone(),
            conn: None,
            lines: Lines::default(),
            failures: Failures::default(),
            pending: None,
            resume_from: None,
            backfilled: false,
            ended: false,
            span: tracing::Span::none(),
            _event: std::marker::PhantomData,
        };
        Self {
            setup: Some(Box::new(runner)),
            running: None,
            stats,
        }
    }

    fn configure(mut self, f: impl FnOnce(&mut Runner<T>)) -> Self {
        if let Some(r) = self.setup.as_deref_mut() {
            f(r);
        }
        self
    }

    /// How to reconnect (default: X's schedule, no cap). Set before the first poll.
    pub fn reconnect(self, policy: ReconnectPolicy) -> Self {
        self.configure(|r| r.policy = policy)
    }

    /// How long silence lasts before the connection is taken for dead and replaced
    /// (default [`DEFAULT_READ_TIMEOUT`], 20 s; it also bounds the wait for the answer's
    /// headers). Set before the first poll.
    pub fn read_timeout(self, timeout: Duration) -> Self {
        self.configure(|r| r.read_timeout = timeout.max(Duration::from_millis(1)))
    }

    /// Called before each reconnection, with its cause and delay (default: none; every
    /// reconnection is logged with `tracing` either way). Set before the first poll.
    pub fn on_reconnect(self, f: impl Fn(&Reconnect) + Send + Sync + 'static) -> Self {
        self.configure(|r| r.on_reconnect = Some(Arc::new(f)))
    }

    /// Whether a reconnection asks for the minutes missed where the endpoint takes
    /// `backfill_minutes` (default `true`; backfill needs an access level that allows it).
    pub fn backfill_on_reconnect(self, on: bool) -> Self {
        self.configure(|r| r.backfill_on_reconnect = on)
    }

    /// How many delivered event ids are remembered to drop what a backfill delivers again
    /// (default [`DEFAULT_DEDUP_CAPACITY`]; 0 turns deduplication off). Set before the
    /// first poll.
    pub fn dedup_capacity(self, capacity: usize) -> Self {
        self.configure(|r| r.seen = Seen::new(Duration::ZERO, capacity))
    }

    /// A handle on the stream's counters.
    pub fn stats(&self) -> StreamStats {
        self.stats.clone()
    }
}

impl<T: StreamEvent> Stream for EventStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(mut runner) = self.setup.take() {
            runner.start();
            // Everything the stream does (connections, reconnections, bad lines) is logged
            // inside one `twitter_stream` span.
            self.running = Some(Box::pin(futures::stream::unfold(
                runner,
                |mut r| async move {
                    let span = r.span.clone();
                    let item = r.next().instrument(span).await;
                    item.map(|item| (item, r))
                },
            )));
        }
        match self.running.as_mut() {
            Some(s) => s.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// Several streams as one: the events of each as they come (for example every partition
/// of the Likes firehose). Ends when all of them have ended.
///
/// ```no_run
/// # #[cfg(feature = "streams")]
/// # async fn run(client: twitter_client::Client<twitter_client::AppOnly>) {
/// use futures::StreamExt as _;
/// let partitions = (1..=20).map(|p| client.likes_firehose_stream(p).stream());
/// let mut likes = twitter_client::streams::merge(partitions);
/// while let Some(like) = likes.next().await {
///     println!("{like:?}");
/// }
/// # }
/// ```
pub fn merge<T: StreamEvent>(
    streams: impl IntoIterator<Item = EventStream<T>>,
) -> futures::stream::SelectAll<EventStream<T>> {
    futures::stream::select_all(streams)
}

/// The state behind a running stream.
struct Runner<T> {
    transport: Arc<Transport>,
    prepared: Prepared,
    backfill: Option<Backfill>,
    policy: ReconnectPolicy,
    read_timeout: Duration,
    on_reconnect: Option<OnReconnect>,
    backfill_on_reconnect: bool,
    seen: Seen,
    stats: StreamStats,
    /// The open response, if connected.
    conn: Option<reqwest::Response>,
    lines: Lines,
    failures: Failures,
    /// Why the last connection ended, when a reconnection is due.
    pending: Option<Cause>,
    /// The time of the last event delivered, or of the last connection accepted: a
    /// backfill asks for the minutes since.
    resume_from: Option<Instant>,
    /// A backfill was asked for: replays are possible.
    backfilled: bool,
    ended: bool,
    /// `twitter_stream`, with the endpoint's name.
    span: tracing::Span,
    _event: std::marker::PhantomData<fn() -> T>,
}

impl<T: StreamEvent> Runner<T> {
    fn start(&mut self) {
        let window = self
            .backfill
            .filter(|_| self.backfill_on_reconnect)
            .map_or(Duration::ZERO, |b| {
                Duration::from_secs(u64::from(b.max_minutes) * 60 + 60)
            });
        let capacity = if window.is_zero() {
            0
        } else {
            self.seen.capacity()
        };
        self.seen = Seen::new(window, capacity);
        self.span = tracing::info_span!("twitter_stream", endpoint = self.endpoint());
    }

    fn endpoint(&self) -> &'static str {
        self.prepared.endpoint.name
    }

    async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if self.ended {
                return None;
            }
            if self.conn.is_none() {
                if let Err(error) = self.connect().await {
                    self.ended = true;
                    return Some(Err(error));
                }
                continue;
            }
            match self.lines.next_line() {
                Some(Line::KeepAlive) => {
                    StreamStats::bump(&self.stats.0.keep_alives);
                    continue;
                }
                Some(Line::Event(line)) => match self.event(&line) {
                    Some(item) => return Some(item),
                    None => continue,
                },
                None => self.lines.searched(),
            }
            self.read().await;
        }
    }

    /// Reads the next chunk, or notes why the connection ended.
    async fn read(&mut self) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let cause = match tokio::time::timeout(self.read_timeout, conn.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                let cap = self.transport.max_response_bytes;
                if (self.lines.pending() + chunk.len()) as u64 > cap {
                    self.lines.discard();
                    Cause::Network(format!("a line longer than the {cap}-byte cap"))
                } else {
                    self.lines.push(&chunk);
                    return;
                }
            }
            Ok(Ok(None)) => Cause::Closed,
            Ok(Err(e)) => Cause::Network(crate::transport::chain(&e)),
            Err(_) => Cause::Silent(self.read_timeout),
        };
        tracing::debug!(%cause, "stream disconnected");
        self.conn = None;
        self.lines.clear();
        self.pending = Some(cause);
    }

    /// Decodes one line: the event, a decode error item, or `None` for a duplicate.
    fn event(&mut self, line: &[u8]) -> Option<Result<T>> {
        let endpoint = self.endpoint();
        match from_json::<T>(line) {
            Ok(event) => {
                let now = Instant::now();
                let key = Seen::key(event.event_id(), line);
                if !self.seen.insert(key, now) && self.backfilled {
                    StreamStats::bump(&self.stats.0.duplicates);
                    return None;
                }
                self.resume_from = Some(now);
                StreamStats::bump(&self.stats.0.events);
                Some(Ok(event))
            }
            Err(e) => {
                StreamStats::bump(&self.stats.0.bad_lines);
                let kind = match e.classify() {
                    serde_json::error::Category::Data => DecodeKind::Mismatch,
                    _ => DecodeKind::NotJson,
                };
                let (path, message) = error_path::<T>(line, &e);
                Some(Err(Error::decode(endpoint, 200, kind, path, message, line)))
            }
        }
    }

    /// Connects, waiting and reconnecting as the schedule says, until a connection is
    /// accepted (`Ok`) or the stream must end (`Err`: its last item).
    async fn connect(&mut self) -> Result<()> {
        let prepared = self.prepared.clone();
        loop {
            let mut request = prepared.clone();
            if let Some(cause) = self.pending.take() {
                let jitter = rand::thread_rng().gen_range(0.0..1.0);
                let Some(delay) = next_delay(&self.policy, &mut self.failures, &cause, jitter)
                else {
                    return Err(Error::StreamDisconnected {
                        endpoint: prepared.endpoint.name,
                        reconnects: self.failures.total,
                        cause: cause.to_string(),
                    });
                };
                let backfill_minutes = self.backfill_minutes(delay);
                if let (Some(b), Some(m)) = (self.backfill, backfill_minutes) {
                    request = request.with_query(b.param, Some(&m.to_string()));
                    self.backfilled = true;
                }
                let event = Reconnect {
                    endpoint: prepared.endpoint.name,
                    cause,
                    delay,
                    reconnects: self.failures.total,
                    backfill_minutes,
                };
                tracing::info!(
                    endpoint = event.endpoint,
                    cause = %event.cause,
                    delay_ms = delay.as_millis() as u64,
                    reconnects = event.reconnects,
                    backfill_minutes,
                    "stream reconnecting"
                );
                StreamStats::bump(&self.stats.0.reconnects);
                if let Some(f) = &self.on_reconnect {
                    f(&event);
                }
                tokio::time::sleep(delay).await;
            }
            match self.transport.open(&request, self.read_timeout).await? {
                Opened::Stream(response) => {
                    self.failures.reset();
                    self.conn = Some(response);
                    if self.resume_from.is_none() {
                        self.resume_from = Some(Instant::now());
                    }
                    return Ok(());
                }
                Opened::NoAnswer(message) => self.pending = Some(Cause::Network(message)),
                Opened::Silent => self.pending = Some(Cause::Silent(self.read_timeout)),
                Opened::Refused {
                    status,
                    usage_capped,
                    error,
                } => match verdict(status, usage_capped) {
                    Verdict::End => return Err(error),
                    Verdict::Reconnect if status == 429 => {
                        self.pending = Some(Cause::RateLimited);
                    }
                    Verdict::Reconnect => self.pending = Some(Cause::Http(status)),
                },
                Opened::Final(error) => return Err(error),
            }
        }
    }

    /// The minutes a reconnection after `delay` asks the API to replay: those since the
    /// last event (rounded up), at most the endpoint's maximum.
    fn backfill_minutes(&self, delay: Duration) -> Option<u32> {
        let b = self.backfill.filter(|_| self.backfill_on_reconnect)?;
        let since = self.resume_from?;
        let missed = since.elapsed() + delay;
        let minutes = missed.as_secs().div_ceil(60).max(1);
        Some(
            u32::try_from(minutes)
                .unwrap_or(u32::MAX)
                .min(b.max_minutes),
        )
        .filter(|&m| m > 0)
    }
}
