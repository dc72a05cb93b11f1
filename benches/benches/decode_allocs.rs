//! Allocations per decode of the compact 100-tweet page (the `decode` bench's `page100`),
//! counted by a global allocator, next to the in-memory sizes of the tweet and user types:
//! the evidence for where the decode time goes beyond the parse floor (see BENCHMARKS.md).
//! Prints a table; it times nothing (the counting allocator would skew timings).
//!
//! Run: `cargo bench -p benches --bench decode_allocs`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use benches::{page100, DataOnly, DataOnlyV2, IncludesOnly, IncludesOnlyV2, TwitterV2Page};
use serde_json::Value;

/// `System`, counting allocations and allocated bytes (reallocations count as one
/// allocation of the new size).
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract is `System`'s; the counters have no effect on the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is; `ptr` came from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: forwarded as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn count<T: serde::de::DeserializeOwned>(name: &str, body: &[u8]) {
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    black_box(serde_json::from_slice::<T>(black_box(body)).expect(name));
    let (a, b) = (ALLOCS.load(Relaxed) - a0, BYTES.load(Relaxed) - b0);
    println!("{name:<34} {a:>8} {b:>12}");
}

/// String values in the document: how many, their bytes, and how many are all digits (ids).
fn strings(v: &Value, acc: &mut (usize, usize, usize)) {
    match v {
        Value::String(s) => {
            acc.0 += 1;
            acc.1 += s.len();
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                acc.2 += 1;
            }
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, acc)),
        Value::Object(o) => o.values().for_each(|x| strings(x, acc)),
        _ => {}
    }
}

fn main() {
    let body = page100();
    let mut acc = (0, 0, 0);
    strings(&serde_json::from_slice(&body).expect("JSON"), &mut acc);
    println!(
        "page100: {} bytes; {} string values ({} bytes), {} of them all-digit ids",
        body.len(),
        acc.0,
        acc.1,
        acc.2
    );
    println!("{:<34} {:>8} {:>12}", "decode into", "allocs", "bytes");
    count::<serde::de::IgnoredAny>("IgnoredAny", &body);
    count::<twitter_client::LikedTweetsPage>("twitter_client::LikedTweetsPage", &body);
    count::<TwitterV2Page>("twitter-v2 ApiPayload", &body);
    count::<Value>("serde_json::Value", &body);
    {
        // The client decodes through serde_path_to_error (client.rs, decode_success).
        let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        black_box(benches::path_to_error_decode::<
            twitter_client::LikedTweetsPage,
        >(black_box(&body)));
        let (a, b) = (ALLOCS.load(Relaxed) - a0, BYTES.load(Relaxed) - b0);
        println!("{:<34} {a:>8} {b:>12}", "LikedTweetsPage via path_to_error");
    }
    count::<DataOnly>("data only (twitter_client)", &body);
    count::<DataOnlyV2>("data only (twitter-v2)", &body);
    count::<IncludesOnly>("includes only (twitter_client)", &body);
    count::<IncludesOnlyV2>("includes only (twitter-v2)", &body);
    println!(
        "size_of: Tweet {} B (twitter-v2: {} B), User {} B (twitter-v2: {} B)",
        std::mem::size_of::<twitter_client::Tweet>(),
        std::mem::size_of::<twitter_v2::Tweet>(),
        std::mem::size_of::<twitter_client::User>(),
        std::mem::size_of::<twitter_v2::User>()
    );
}
