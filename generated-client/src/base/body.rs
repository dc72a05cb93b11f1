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
/// decompression): while reading it holds at most the cap (the final join of the chunks
/// briefly needs the body twice).
pub(crate) async fn read_capped(
    response: &mut reqwest::Response,
    cap: u64,
) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(BodyError::TooLarge);
    }
    // The chunks are kept as they come and joined once at the end (one copy, none for a
    // one-chunk body).
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        total += chunk.len() as u64;
        if total > cap {
            return Err(BodyError::TooLarge);
        }
        chunks.push(chunk);
    }
    Ok(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => {
            let mut whole = Vec::with_capacity(total as usize);
            for chunk in &chunks {
                whole.extend_from_slice(chunk);
            }
            Bytes::from(whole)
        }
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
