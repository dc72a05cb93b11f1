//! The fake's HTTP/1.1 server (hyper): reads each request whole, lets the handler answer,
//! records it, and acts out the transport faults (a delay, a reset, a truncated body).

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use url::Url;

use super::handler::{Answer, Outcome, Received, handle, route};
use super::{Fault, RecordedRequest, Shared};

/// Accepts connections until the task is aborted (when the `FakeX` is dropped).
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
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
) -> Result<Response<Full<Bytes>>, std::io::Error> {
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
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let url = Url::parse(&format!("http://{host}{target}"))
        .or_else(|_| Url::parse("http://127.0.0.1/"))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let received = Received {
        method: parts.method.as_str().to_owned(),
        url,
        authorization: header(AUTHORIZATION),
        content_type: header(CONTENT_TYPE),
        body,
    };

    let fault = shared.lock().faults.pop_front();
    if let Some(Fault::Delay(by)) = fault {
        tokio::time::sleep(by).await;
    }
    let outcome = handle(shared, &received, fault);

    let status = match &outcome {
        Outcome::Answer(a) | Outcome::Truncated(a) => Some(a.status),
        Outcome::Reset => None,
    };
    shared
        .lock()
        .requests
        .push(record(shared, &received, status));

    match outcome {
        Outcome::Answer(a) => Ok(response(a, false)),
        Outcome::Truncated(a) => Ok(response(a, true)),
        Outcome::Reset => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fake X API: connection reset (a scripted fault)",
        )),
    }
}

fn record(shared: &Shared, r: &Received, status: Option<u16>) -> RecordedRequest {
    RecordedRequest {
        method: r.method.clone(),
        path: r.url.path().to_owned(),
        query: r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        endpoint: route(shared.routes, &r.method, r.url.path())
            .map(|(route, _)| route.endpoint.name),
        body: serde_json::from_slice(&r.body).ok(),
        status,
    }
}

fn response(a: Answer, truncated: bool) -> Response<Full<Bytes>> {
    let length = a.body.len() + if truncated { 64 } else { 0 };
    let mut builder = Response::builder()
        .status(a.status)
        .header(CONTENT_TYPE, a.content_type)
        .header(CONTENT_LENGTH, length);
    for (name, value) in a.headers {
        builder = builder.header(name, value);
    }
    let body = Full::new(Bytes::from(a.body));
    match builder.body(body) {
        Ok(r) => r,
        // Only a status outside 100..=999 fails, and the fake sends none.
        Err(_) => Response::new(Full::new(Bytes::new())),
    }
}
