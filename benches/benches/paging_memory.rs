//! Paging memory: peak live heap bytes of the client while `items()` walks 10, 100 and 1,000
//! pages of 100 tweets, measured by a counting global allocator. Prints a table and whether
//! the peak stays flat within 10% from 10 to 1,000 pages.
//!
//! The pages are served by a local wiremock server in a *child process* (this same binary,
//! started with `PAGING_BENCH_SERVE=1`), so the server's buffers do not count: the numbers are
//! the client process alone. The path's user id is the number of pages; page `n` carries
//! `meta.next_token = "p{n+1}"` until the last, and the server answers by the
//! `pagination_token` query parameter.
//!
//! Run: `cargo bench -p benches --bench paging_memory` (1,000 pages take seconds).
//! Without `--bench` (as under `cargo test --benches`) it runs a quick smoke version.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use serde_json::Value;
use twitter_client::Client;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

// ---- Counting allocator ----------------------------------------------------------------

/// `System`, counting the live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

fn shrank(by: usize) {
    LIVE.fetch_sub(by, Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract is `System`'s; the counters are only updated on success.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (the caller upholds `alloc`'s contract).
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is; `ptr` came from this allocator, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

// ---- Server (child process) ------------------------------------------------------------

const SERVE_ENV: &str = "PAGING_BENCH_SERVE";
const META_MARK: &str = "\"__META__\"";

/// A 100-tweet page split around its `meta`, so a page is `prefix + meta + suffix`.
struct PageServer {
    prefix: Vec<u8>,
    suffix: Vec<u8>,
}

impl PageServer {
    fn new() -> Self {
        let mut v = benches::page100_value();
        v["meta"] = Value::String("__META__".into());
        let page = serde_json::to_string(&v).expect("serialise");
        let at = page.find(META_MARK).expect("meta placeholder");
        PageServer {
            prefix: page.as_bytes()[..at].to_vec(),
            suffix: page.as_bytes()[at + META_MARK.len()..].to_vec(),
        }
    }
}

impl Respond for PageServer {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        // /2/users/{pages}/liked_tweets
        let pages: usize = req
            .url
            .path_segments()
            .and_then(|mut s| s.nth(2))
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let page: usize = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "pagination_token")
            .and_then(|(_, v)| v.strip_prefix('p').and_then(|n| n.parse().ok()))
            .unwrap_or(1);
        let meta = if page < pages {
            format!(r#"{{"result_count":100,"next_token":"p{}"}}"#, page + 1)
        } else {
            r#"{"result_count":100}"#.to_owned()
        };
        let mut body = Vec::with_capacity(self.prefix.len() + meta.len() + self.suffix.len());
        body.extend_from_slice(&self.prefix);
        body.extend_from_slice(meta.as_bytes());
        body.extend_from_slice(&self.suffix);
        ResponseTemplate::new(200).set_body_raw(body, "application/json")
    }
}

/// Child process: serve pages, print the URI, exit when stdin closes.
fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .respond_with(PageServer::new())
            .mount(&server)
            .await;
        println!("{}", server.uri());
        std::io::stdout().flush().expect("flush");
        // Block (off the runtime) until the parent closes our stdin.
        tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
        })
        .await
        .expect("stdin watcher");
    });
}

// ---- Client (this process) -------------------------------------------------------------

struct Run {
    pages: usize,
    items: usize,
    start_live: usize,
    peak: usize,
    elapsed: Duration,
}

async fn walk(client: &Client<twitter_client::AppOnly>, pages: usize) -> Run {
    let start_live = LIVE.load(Relaxed);
    PEAK.store(start_live, Relaxed);
    let started = Instant::now();
    let mut items = client
        .get_liked_tweets(pages.to_string())
        .max_results(100)
        .items();
    let mut n = 0;
    while let Some(tweet) = items.try_next().await.expect("page") {
        black_box(&tweet);
        n += 1;
    }
    drop(items);
    Run {
        pages,
        items: n,
        start_live,
        peak: PEAK.load(Relaxed),
        elapsed: started.elapsed(),
    }
}

fn main() {
    if std::env::var_os(SERVE_ENV).is_some() {
        serve();
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if full { &[10, 100, 1000] } else { &[2, 5] };

    let mut child = Command::new(std::env::current_exe().expect("current exe"))
        .env(SERVE_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the page server");
    let mut uri = String::new();
    BufReader::new(child.stdout.take().expect("child stdout"))
        .read_line(&mut uri)
        .expect("read the server URI");
    let uri = uri.trim().to_owned();
    assert!(uri.starts_with("http://127.0.0.1:"), "server URI: {uri:?}");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = Client::builder()
        .base_url(&uri)
        .bearer_token("bench")
        .build()
        .expect("client");

    let runs: Vec<Run> = rt.block_on(async {
        // Warm-up: connection pool, lazy statics, tracing callsites.
        let warm = walk(&client, 2).await;
        assert_eq!(warm.items, 200);
        let mut runs = Vec::new();
        for &pages in sizes {
            let run = walk(&client, pages).await;
            assert_eq!(run.items, pages * 100, "every tweet of every page");
            runs.push(run);
        }
        runs
    });
    drop(child.stdin.take()); // the server exits on EOF
    let _ = child.wait();

    println!("paging_memory: items() over pages of 100 tweets (client process only)");
    println!(
        "{:>6} {:>8} {:>14} {:>14} {:>16} {:>10} {:>10}",
        "pages", "items", "live at start", "peak live", "peak over start", "time", "per page"
    );
    for r in &runs {
        println!(
            "{:>6} {:>8} {:>14} {:>14} {:>16} {:>9.2}s {:>8.0}µs",
            r.pages,
            r.items,
            r.start_live,
            r.peak,
            r.peak - r.start_live,
            r.elapsed.as_secs_f64(),
            r.elapsed.as_secs_f64() * 1e6 / r.pages as f64
        );
    }
    // The verdict is on the peak live bytes of the whole process during the run (the peak is
    // reset to the live bytes at the start of each run). "Peak over start" is shown too, but
    // the live bytes at the start vary from run to run by what the previous run left in the
    // connection's buffers, so it is not a stable measure of growth.
    let (first, last) = (&runs[0], &runs[runs.len() - 1]);
    let ratio = last.peak as f64 / first.peak as f64;
    let ratio_over = (last.peak - last.start_live) as f64 / (first.peak - first.start_live) as f64;
    println!(
        "peak live {} pages / {} pages: {ratio:.3}x (peak over start: {ratio_over:.3}x)",
        last.pages, first.pages
    );
    println!(
        "flat within 10% from {} to {} pages: {}",
        first.pages,
        last.pages,
        if ratio <= 1.10 { "yes" } else { "NO" }
    );
}
