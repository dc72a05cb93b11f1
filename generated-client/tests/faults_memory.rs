//! A 512 MiB answer is refused at the response cap, and the memory of this test process
//! stays bounded while the server keeps sending. The peak is read from the process's own
//! accounting (`VmHWM`, the peak resident set, in `/proc/self/status`), so this file holds
//! one test: nothing else runs in the process at the same time.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use twitter_client::{Client, Error, RetryPolicy};

const BODY: u64 = 512 * 1024 * 1024;
/// The bound stated for the peak resident memory of the whole test process.
const PEAK_BOUND: u64 = 64 * 1024 * 1024;

/// A field of `/proc/self/status`, in bytes.
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Serves 512 MiB of JSON made on the fly, 64 KiB at a time (the server holds one chunk),
/// with `Content-Length` when `announce` is set, else chunked. Returns the base URL.
async fn huge_server(announce: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let framing = if announce {
                    format!("content-length: {BODY}")
                } else {
                    "transfer-encoding: chunked".to_owned()
                };
                let response_head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\nconnection: close\r\n\r\n"
                );
                if stream.write_all(response_head.as_bytes()).await.is_err() {
                    return;
                }
                let tweet = br#"{"id":"1460323737035677698","text":"Introducing a new era for the Twitter Developer Platform!"},"#;
                let chunk: Vec<u8> = tweet.iter().copied().cycle().take(64 * 1024).collect();
                let mut sent = 0u64;
                while sent < BODY {
                    let framed = if announce {
                        chunk.clone()
                    } else {
                        let mut c = format!("{:x}\r\n", chunk.len()).into_bytes();
                        c.extend_from_slice(&chunk);
                        c.extend_from_slice(b"\r\n");
                        c
                    };
                    if stream.write_all(&framed).await.is_err() {
                        return; // the client gave up
                    }
                    sent += chunk.len() as u64;
                }
                if !announce {
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                }
            });
        }
    });
    base
}

#[tokio::test]
async fn a_512_mib_body_is_refused_at_the_cap_with_memory_bounded() {
    let before = proc_status_bytes("VmHWM:").expect("Linux /proc/self/status");
    for announce in [false, true] {
        let base = huge_server(announce).await;
        let client = Client::builder()
            .base_url(base)
            .bearer_token("t")
            .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap();
        let err = client
            .get_liked_tweets("2244994945")
            .send()
            .await
            .unwrap_err();
        match &err {
            Error::ResponseTooLarge { status, limit, .. } => {
                assert_eq!((*status, *limit), (200, 16 * 1024 * 1024));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("cap"), "{err}");
    }
    let peak = proc_status_bytes("VmHWM:").unwrap();
    println!(
        "512 MiB body refused at the 16 MiB cap: peak resident memory {:.1} MiB (before: {:.1} MiB; bound {} MiB)",
        peak as f64 / 1048576.0,
        before as f64 / 1048576.0,
        PEAK_BOUND / 1048576
    );
    assert!(peak < PEAK_BOUND, "peak {peak} bytes");
}
