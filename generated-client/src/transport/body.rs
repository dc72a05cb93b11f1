//! Reading a response body chunk by chunk under a size cap, and telling a body that failed
//! to arrive (reset, early end, timeout: worth retrying) from one that arrived corrupt
//! (bad compression: not worth it).

use bytes::Bytes;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// More than the cap arrived (or `Content-Length` announced more).
    TooLarge,
    /// The body stopped arriving: connection reset, end of stream before the announced
    /// length, or a timeout while reading.
    Lost(reqwest::Error),
    /// The body arrived but could not be decompressed.
    Corrupt(reqwest::Error),
}

/// Reads the whole body of `response`, refusing more than `cap` bytes (after
/// decompression) without holding more than the cap plus one chunk.
pub(crate) async fn read_capped(
    response: &mut reqwest::Response,
    cap: u64,
) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(BodyError::TooLarge);
    }
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        total += chunk.len() as u64;
        if total > cap {
            return Err(BodyError::TooLarge);
        }
        match first.take() {
            // One chunk so far: keep it as it is (no copy for the common one-chunk body).
            None if rest.is_empty() => first = Some(chunk),
            Some(head) => {
                let hint = response.content_length().unwrap_or(0).min(cap) as usize;
                rest.reserve(hint.max(head.len() + chunk.len()));
                rest.extend_from_slice(&head);
                rest.extend_from_slice(&chunk);
            }
            None => rest.extend_from_slice(&chunk),
        }
    }
    Ok(match first {
        Some(only) => only,
        None => Bytes::from(rest),
    })
}

/// A timeout, or a failure of the connection (a `hyper::Error` somewhere in the source
/// chain: reset, end of stream before the announced length), means the body stopped
/// arriving; anything else while reading is the decompressor refusing what arrived.
fn classify(e: reqwest::Error) -> BodyError {
    if e.is_timeout() {
        return BodyError::Lost(e);
    }
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        if s.is::<hyper::Error>() {
            return BodyError::Lost(e);
        }
        source = s.source();
    }
    BodyError::Corrupt(e)
}
