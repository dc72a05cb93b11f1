//! A streaming server on 127.0.0.1 for the stream tests: each connection plays the next
//! script (an HTTP status, then chunks, pauses, a clean end or a reset), so that lines split
//! across reads, keep-alives, silences and dropped connections happen for real. It records
//! every request (target, `Authorization` header) with the time it arrived on tokio's clock,
//! which a test on the paused clock reads to check the reconnection delays.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// One step of a connection's script.
#[derive(Debug, Clone)]
pub enum Step {
    /// The status line and headers of a 200 with a chunked body (the body follows).
    Ok,
    /// A whole error answer: status and JSON body; the connection is then closed.
    Status(u16, &'static str),
    /// One chunk of the body (any bytes: it may cut a line or a UTF-8 character), written
    /// and flushed at once.
    Send(Vec<u8>),
    /// Nothing for this long (tokio's clock).
    Pause(Duration),
    /// The body's clean end (the last chunk).
    End,
    /// The connection is dropped, mid-body if one was started.
    Reset,
    /// Nothing more, ever (until the client hangs up).
    Hang,
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path and query.
    pub target: String,
    /// The `Authorization` header.
    pub authorization: String,
    /// When it arrived (tokio's clock).
    pub at: Instant,
}

/// The server: its base URL and what it received.
pub struct StreamServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl StreamServer {
    /// Starts a server whose n-th connection plays `scripts[n]`; connections past the last
    /// script play the last one again.
    pub async fn start(scripts: Vec<Vec<Step>>) -> Self {
        assert!(!scripts.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            let mut n = 0usize;
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let script = scripts[n.min(scripts.len() - 1)].clone();
                n += 1;
                let log = Arc::clone(&log);
                tokio::spawn(serve(socket, script, log));
            }
        });
        Self { base, seen }
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The delays between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let seen = self.seen();
        seen.windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

async fn serve(mut socket: TcpStream, script: Vec<Step>, log: Arc<Mutex<Vec<Seen>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let target = text
        .lines()
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or_default()
        .to_string();
    let authorization = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("authorization")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    log.lock().unwrap().push(Seen {
        target,
        authorization,
        at: Instant::now(),
    });
    for step in script {
        let written = match step {
            Step::Ok => {
                socket
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                    )
                    .await
            }
            Step::Status(status, body) => {
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.flush().await;
                let _ = socket.shutdown().await;
                return;
            }
            Step::Send(chunk) => {
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                socket.write_all(&framed).await
            }
            Step::Pause(d) => {
                tokio::time::sleep(d).await;
                Ok(())
            }
            Step::End => {
                let _ = socket.write_all(b"0\r\n\r\n").await;
                let _ = socket.flush().await;
                return;
            }
            Step::Reset => return,
            Step::Hang => {
                // Wait until the client hangs up.
                let _ = socket.read(&mut buf).await;
                return;
            }
        };
        if written.is_err() || socket.flush().await.is_err() {
            return;
        }
    }
}
