//! Splitting a stream's bytes into lines, and remembering which events were delivered.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use bytes::{Buf as _, Bytes, BytesMut};
use tokio::time::{Duration, Instant};

/// Bytes as they arrive, cut into lines at `\n` (a `\r` before it is dropped). A line split
/// across reads is joined; the partial last line waits for the rest.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    buf: BytesMut,
    /// Where the search for the next `\n` resumes (bytes before it hold none).
    scanned: usize,
}

/// One line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// Only whitespace: the keep-alive X sends every 20 s or so.
    KeepAlive,
    /// Anything else: an event, or something that is not one.
    Event(Bytes),
}

impl Lines {
    /// Appends what was read.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// Bytes held that are not a whole line yet.
    pub(crate) fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Forgets everything held (the connection it came from is gone).
    pub(crate) fn clear(&mut self) {
        self.buf.clear();
        self.scanned = 0;
    }

    /// The next whole line, if one has arrived.
    pub(crate) fn next_line(&mut self) -> Option<Line> {
        let at = memchr::memchr(b'\n', &self.buf[self.scanned..])? + self.scanned;
        let mut line = self.buf.split_to(at + 1).freeze();
        self.scanned = 0;
        line.truncate(at);
        if line.last() == Some(&b'\r') {
            line.truncate(at - 1);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return Some(Line::KeepAlive);
        }
        Some(Line::Event(line))
    }

    /// Records that the held bytes were searched without finding a line end.
    pub(crate) fn searched(&mut self) {
        self.scanned = self.buf.len();
    }

    /// Drops the held partial line (used when it grows past the cap).
    pub(crate) fn discard(&mut self) {
        self.buf.advance(self.buf.len());
        self.scanned = 0;
    }
}

/// The keys (hashes of event ids) delivered within the last `window`, at most `capacity` of
/// them: memory stays bounded whatever the event rate, and an event delivered again by a
/// backfill after a reconnection is recognised.
#[derive(Debug)]
pub(crate) struct Seen {
    window: Duration,
    capacity: usize,
    order: VecDeque<(Instant, u64)>,
    keys: HashSet<u64, BuildHasherDefault<Identity>>,
}

impl Seen {
    pub(crate) fn new(window: Duration, capacity: usize) -> Self {
        Self {
            window,
            capacity,
            order: VecDeque::new(),
            keys: HashSet::default(),
        }
    }

    /// The key of an event: its id, or the whole line when it has none.
    pub(crate) fn key(id: Option<&str>, line: &[u8]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match id {
            Some(id) => id.hash(&mut h),
            None => line.hash(&mut h),
        }
        h.finish()
    }

    /// `true` when `key` is new (and now remembered); `false` for a duplicate.
    pub(crate) fn insert(&mut self, key: u64, now: Instant) -> bool {
        if self.capacity == 0 {
            return true;
        }
        while let Some(&(at, old)) = self.order.front() {
            if now.duration_since(at) <= self.window && self.order.len() < self.capacity {
                break;
            }
            self.order.pop_front();
            self.keys.remove(&old);
        }
        if !self.keys.insert(key) {
            return false;
        }
        self.order.push_back((now, key));
        true
    }

    /// The most keys remembered.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Keys remembered now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// The keys are already hashes: hashing them again is waste.
#[derive(Debug, Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(s: &str) -> Option<Line> {
        Some(Line::Event(Bytes::copy_from_slice(s.as_bytes())))
    }

    #[test]
    fn lines_are_cut_at_newlines_and_joined_across_reads() {
        let mut l = Lines::default();
        l.push(b"{\"a\":1}\r\n\r\n{\"b\"");
        assert_eq!(l.next_line(), event("{\"a\":1}"));
        assert_eq!(l.next_line(), Some(Line::KeepAlive));
        assert_eq!(l.next_line(), None);
        l.searched();
        l.push(b":2}\n");
        assert_eq!(l.next_line(), event("{\"b\":2}"));
        assert_eq!(l.next_line(), None);
        assert_eq!(l.pending(), 0);
        l.push(b"\n \n{}");
        assert_eq!(l.next_line(), Some(Line::KeepAlive));
        assert_eq!(l.next_line(), Some(Line::KeepAlive));
        assert_eq!(l.pending(), 2);
        l.clear();
        assert_eq!(l.pending(), 0);
    }

    #[test]
    fn seen_keys_expire_after_the_window_and_stay_under_the_capacity() {
        let t0 = Instant::now();
        let mut s = Seen::new(Duration::from_secs(60), 3);
        assert!(s.insert(1, t0));
        assert!(!s.insert(1, t0));
        assert!(s.insert(2, t0));
        assert!(s.insert(3, t0));
        assert!(s.insert(4, t0)); // evicts 1: capacity
        assert_eq!(s.len(), 3);
        assert!(s.insert(1, t0));
        let later = t0 + Duration::from_secs(61);
        assert!(s.insert(2, later)); // 2 expired: window
        assert_eq!(s.len(), 1);
        let mut off = Seen::new(Duration::from_secs(60), 0);
        assert!(off.insert(1, t0) && off.insert(1, t0));
    }

    #[test]
    fn keys_prefer_the_id() {
        assert_eq!(Seen::key(Some("1"), b"x"), Seen::key(Some("1"), b"y"));
        assert_ne!(Seen::key(None, b"x"), Seen::key(None, b"y"));
    }
}
