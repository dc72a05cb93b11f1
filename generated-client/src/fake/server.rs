//! The fake's HTTP/1.1 server (hyper): reads each request whole, records it, lets the
//! handler answer, and acts out the transport faults (a delay, a reset, a truncated body).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use url::Url;

use super::handler::{Answer, Outcome, Received, handle};
use super::{RecordedRequest, Shared};

type Body = BoxBody<Bytes, std::io::Error>;

/// Accepts connections until the task is aborted (when the `FakeX` is dropped); the
/// connections are its children, so they end with it too.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        // Forget the connections that ended.
        while connections.try_join_next().is_some() {}
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = service_fn(move |req| {
                let shared = Arc::clone(&shared);
                async move { respond(&shared, req).await }
            });
            // A connection that fails (a reset fault, a client gone) ends here.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn respond(
    shared: &Shared,
    req: Request<Incoming>,
) -> Result<Response<Body>, std::io::Error> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &hyper::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let host = header(HOST).unwrap_or_else(|| "127.0.0.1".to_owned());
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let url = Url::parse(&format!("http://{host}{target}"))
        .or_else(|_| Url::parse(&format!("http://127.0.0.1{target}")))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let received = Received {
        method: parts.method.as_str().to_owned(),
        url,
        authorization: header(AUTHORIZATION),
        content_type: header(CONTENT_TYPE),
        body,
    };

    // Recorded as it arrives; its endpoint and status are filled in once answered.
    let index = {
        let mut st = shared.lock();
        st.requests.push(RecordedRequest {
            method: received.method.clone(),
            path: received.url.path().to_owned(),
            query: received
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            endpoint: None,
            body: serde_json::from_slice(&received.body).ok(),
            status: None,
        });
        st.requests.len() - 1
    };
    let (endpoint, mut outcome) = handle(shared, &received);
    if let Some(r) = shared.lock().requests.get_mut(index) {
        r.endpoint = endpoint;
        r.status = outcome.status();
    }

    while let Outcome::Later(by, inner) = outcome {
        tokio::time::sleep(by).await;
        outcome = *inner;
    }
    match outcome {
        Outcome::Answer(a) => Ok(response(a, false)),
        Outcome::Truncated(a) => Ok(response(a, true)),
        Outcome::Stream(endpoint, a) => {
            let lines = shared.lock().subscribe(endpoint);
            Ok(live(a, lines))
        }
        Outcome::Reset | Outcome::Later(..) => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fake X API: connection reset (a scripted fault)",
        )),
    }
}

/// How often an open stream sends a keep-alive: X sends one every 20 seconds, which is also
/// the client's default read timeout, so the fake sends them twice as often to stay clear
/// of it.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// An open stream: the answer's bytes, then each line sent to its endpoint, and a
/// keep-alive every 10 seconds; chunked, with no end.
fn live(a: Answer, events: tokio::sync::broadcast::Receiver<String>) -> Response<Body> {
    use tokio::sync::broadcast::error::RecvError;
    let first = Some(Bytes::from(a.body));
    let tick = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    let lines = futures::stream::unfold(
        (first, events, tick),
        move |(first, mut events, mut tick)| async move {
            if let Some(bytes) = first {
                return Some((Ok(Frame::data(bytes)), (None, events, tick)));
            }
            let bytes = loop {
                tokio::select! {
                    event = events.recv() => match event {
                        Ok(line) => break Bytes::from(format!("{line}\r\n")),
                        // Events missed by a slow reader.
                        Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    },
                    _ = tick.tick() => break Bytes::from_static(b"\r\n"),
                }
            };
            Some((
                Ok::<_, std::io::Error>(Frame::data(bytes)),
                (None, events, tick),
            ))
        },
    );
    let mut builder = Response::builder()
        .status(a.status)
        .header(CONTENT_TYPE, a.content_type);
    for (name, value) in a.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(BodyExt::boxed(StreamBody::new(lines)))
        .unwrap_or_else(|_| internal_error())
}

/// A bare 500, for an answer that cannot be built (only a status outside 100..=999 fails,
/// and the fake sends none).
fn internal_error() -> Response<Body> {
    let mut r = Response::new(
        Full::new(Bytes::new())
            .map_err(|never| match never {})
            .boxed(),
    );
    *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    r
}

/// The HTTP answer; `truncated`: its `content-length` promises 64 bytes more than the body
/// has, and the connection is closed after the body.
fn response(a: Answer, truncated: bool) -> Response<Body> {
    let length = a.body.len() + if truncated { 64 } else { 0 };
    let mut builder = Response::builder()
        .status(a.status)
        .header(CONTENT_TYPE, a.content_type)
        .header(CONTENT_LENGTH, length);
    for (name, value) in a.headers {
        builder = builder.header(name, value);
    }
    let bytes = Bytes::from(a.body);
    let body: Body = if truncated {
        // A body of unknown length that fails after its bytes (a moment later, once they
        // are on the wire): hyper then closes the connection.
        use futures::StreamExt as _;
        let data = futures::stream::iter([Ok(Frame::data(bytes))]);
        let cut = futures::stream::once(async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(std::io::Error::other(
                "fake X API: body cut short (a scripted fault)",
            ))
        });
        BodyExt::boxed(StreamBody::new(data.chain(cut)))
    } else {
        Full::new(bytes).map_err(|never| match never {}).boxed()
    };
    builder.body(body).unwrap_or_else(|_| {
        // Only a status outside 100..=999 fails to build, and the fake sends none.
        let mut r = Response::new(
            Full::new(Bytes::new())
                .map_err(|never| match never {})
                .boxed(),
        );
        *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}
