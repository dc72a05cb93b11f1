//! [`Response`]: a decoded body plus what the headers said.

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::base::endpoint::Endpoint;
use crate::base::error::Error;
use crate::base::rate_limit::RateLimit;

/// What the body of a successful answer decodes into: every JSON model (any
/// `serde::de::DeserializeOwned` type that is `Send`), or [`Binary`] for the endpoints that
/// answer with raw bytes (media downloads).
pub trait FromBody: Sized + Send {
    /// Decodes a 2xx answer. The transport calls it; it is not meant to be called directly.
    #[doc(hidden)]
    fn from_body(answer: &SuccessBody<'_>) -> Result<Self, Error>;
}

/// A successful answer as the transport read it (the input of [`FromBody`]).
#[doc(hidden)]
#[derive(Debug)]
pub struct SuccessBody<'a> {
    /// The endpoint that was called.
    pub endpoint: &'static Endpoint,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: &'a HeaderMap,
    /// The rate-limit headers, parsed.
    pub rate_limit: Option<&'a RateLimit>,
    /// The whole body, decompressed and within the size cap.
    pub body: &'a Bytes,
}

/// The raw bytes of a binary answer (a media download) and the type the server gave them.
/// The body is read under the client's size cap, like every other answer.
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` header, when there was one (`image/jpeg`, `video/mp4`, ...).
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FromBody for Binary {
    fn from_body(answer: &SuccessBody<'_>) -> Result<Self, Error> {
        Ok(Binary {
            content_type: answer
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            bytes: answer.body.clone(),
        })
    }
}

/// A decoded response body `T` together with the status, headers and rate-limit state.
///
/// Derefs to `T`, so `page.data`, `page.includes` or `page.meta` read directly;
/// `serde_json::to_value(&*page)` gives the body back.
pub struct Response<T> {
    body_value: T,
    status_code: StatusCode,
    header_map: HeaderMap,
    limits: Option<RateLimit>,
}

impl<T> Response<T> {
    /// Wraps a decoded body.
    pub fn new(
        body: T,
        status: StatusCode,
        headers: HeaderMap,
        rate_limit: Option<RateLimit>,
    ) -> Self {
        Self {
            body_value: body,
            status_code: status,
            header_map: headers,
            limits: rate_limit,
        }
    }

    /// The rate-limit headers (`x-rate-limit-*`, and the 24-hour quotas when sent).
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.limits.as_ref()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status_code
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.header_map
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.body_value
    }

    /// The decoded body and the headers.
    pub fn into_parts(self) -> (T, HeaderMap) {
        (self.body_value, self.header_map)
    }

    /// Transforms the body, keeping status, headers and rate limit.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            body_value: f(self.body_value),
            status_code: self.status_code,
            header_map: self.header_map,
            limits: self.limits,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body_value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body_value
    }
}

impl<T> AsRef<T> for Response<T> {
    fn as_ref(&self) -> &T {
        &self.body_value
    }
}

impl<T: Clone> Clone for Response<T> {
    fn clone(&self) -> Self {
        Self {
            body_value: self.body_value.clone(),
            status_code: self.status_code,
            header_map: self.header_map.clone(),
            limits: self.limits,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status_code)
            .field("rate_limit", &self.limits)
            .field("body", &self.body_value)
            .finish_non_exhaustive()
    }
}
