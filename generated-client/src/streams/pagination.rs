//! Lazy pagination: [`Pages`] (one [`Response`] per page) and [`Items`] (every item of
//! every page), both `Stream`s that follow `meta.next_token`.
//!
//! * Nothing is fetched until the stream is polled, one page is held in memory at a time,
//!   and `.take(n)` fetches no page beyond the one holding the `n`-th item.
//! * A page with no `data` is fine (an empty page, recognised by its `meta`); only a missing
//!   `next_token` ends the stream (short pages are not last pages). A 2xx body that is not
//!   a page (no `data`, `meta` or `errors`, not JSON) is an error, never an empty last
//!   page: a stream never ends early without saying so.
//! * When a page fails, the error is yielded and the stream ends. The token that the failed
//!   request used is kept ([`Pages::next_token`], [`Items::resume_token`]): pass it to the
//!   endpoint's `pagination_token(..)` setter later, or call `resume()` on the stream to
//!   try that page again. An [`crate::Error::Decode`] carries that token too
//!   ([`crate::Error::resume_token`]).
//!
//! ```no_run
//! # use twitter_client::pagination::{Items, Paginated};
//! # use futures::TryStreamExt;
//! # async fn demo<T: Paginated>(mut items: Items<T>) -> twitter_client::Result<()> {
//! while let Some(item) = items.try_next().await? {
//!     // one item at a time; the next page is fetched when this one is used up
//!     # let _ = item;
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{FusedStream, Stream};

use crate::base::encoding::Prepared;
use crate::base::error::{Error, Result};
use crate::base::response::Response;
use crate::transport::Transport;

/// A page type of a paginated endpoint (implemented by the generated code).
pub trait Paginated: serde::de::DeserializeOwned + Send + Sync + 'static {
    /// The type of the items of a page.
    type Item: Send + 'static;
    /// The token of the next page (`meta.next_token`); `None` on the last page.
    fn next_token(&self) -> Option<&str>;
    /// The items of the page (empty when the page has no `data`).
    fn into_items(self) -> Vec<Self::Item>;
}

/// Ties a stream to its page type without owning one (and keeps it `Send + Sync`).
type Marker<T> = PhantomData<fn() -> T>;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Response<T>>> + Send>>;

/// A lazy stream of pages: `Stream<Item = Result<Response<T>>>`. See the
/// [module documentation](self).
#[must_use = "streams do nothing unless polled"]
pub struct Pages<T> {
    client: Arc<Transport>,
    request: Option<Prepared>,
    pending_error: Option<Error>,
    token: Option<String>,
    in_flight: Option<PageFuture<T>>,
    done: bool,
    failed: bool,
    fetched: usize,
    _marker: Marker<T>,
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("endpoint", &self.request.as_ref().map(|r| r.endpoint.name))
            .field("next_token", &self.token)
            .field("pages_fetched", &self.fetched)
            .field("in_flight", &self.in_flight.is_some())
            .field("done", &self.done)
            .field("failed", &self.failed)
            .finish()
    }
}

impl<T: Paginated> Pages<T> {
    pub(crate) fn new(client: Arc<Transport>, request: Result<Prepared>) -> Self {
        let (request, pending_error) = match request {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        let token = request.as_ref().and_then(|r| {
            r.endpoint
                .pagination_param
                .and_then(|p| r.query_value(p))
                .map(str::to_owned)
        });
        Self {
            client,
            request,
            pending_error,
            token,
            in_flight: None,
            done: false,
            failed: false,
            fetched: 0,
            _marker: PhantomData,
        }
    }

    /// The pagination token of the next request: before the first page, the token set on
    /// the request (if any); after a page, that page's `next_token`; after a failure, the
    /// token the failed request used, so the same page can be asked for again; `None` once
    /// the last page was yielded.
    pub fn next_token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// How many pages were fetched successfully.
    pub fn pages_fetched(&self) -> usize {
        self.fetched
    }

    /// `true` when the stream ended: after the last page, or after an error.
    pub fn is_finished(&self) -> bool {
        self.done && self.pending_error.is_none()
    }

    /// After a failed page, re-arms the stream so that the next poll asks for the same
    /// page again. Returns `false` (and does nothing) unless the last page failed.
    pub fn resume(&mut self) -> bool {
        if self.failed && self.request.is_some() {
            self.failed = false;
            self.done = false;
            true
        } else {
            false
        }
    }
}

fn start_page<T: Paginated>(
    client: &Arc<Transport>,
    request: &Prepared,
    token: Option<&str>,
) -> PageFuture<T> {
    let next = match request.endpoint.pagination_param {
        Some(param) => request.with_query(param, token),
        None => request.clone(),
    };
    let client = Arc::clone(client);
    Box::pin(async move { client.execute::<T>(&next).await })
}

impl<T: Paginated> Stream for Pages<T> {
    type Item = Result<Response<T>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(e) = this.pending_error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(e)));
        }
        if this.done {
            return Poll::Ready(None);
        }
        let Some(request) = this.request.as_ref() else {
            this.done = true;
            return Poll::Ready(None);
        };
        let paginated = request.endpoint.pagination_param.is_some();
        let endpoint = request.endpoint.name;
        let fut = this
            .in_flight
            .get_or_insert_with(|| start_page::<T>(&this.client, request, this.token.as_deref()));
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.in_flight = None;
        match result {
            Ok(page) => {
                this.fetched += 1;
                let next = T::next_token(&page).filter(|t| !t.is_empty());
                match next {
                    Some(next) if paginated && this.token.as_deref() == Some(next) => {
                        tracing::warn!(
                            endpoint,
                            "the API returned the same next_token again; stopping to avoid a loop"
                        );
                        this.token = None;
                        this.done = true;
                    }
                    Some(next) if paginated => this.token = Some(next.to_owned()),
                    _ => {
                        this.token = None;
                        this.done = true;
                    }
                }
                Poll::Ready(Some(Ok(page)))
            }
            Err(e) => {
                this.done = true;
                this.failed = true;
                Poll::Ready(Some(Err(e.with_resume_token(this.token.as_deref()))))
            }
        }
    }
}

impl<T: Paginated> FusedStream for Pages<T> {
    fn is_terminated(&self) -> bool {
        self.done && self.pending_error.is_none()
    }
}

/// A lazy stream of every item of every page: `Stream<Item = Result<T::Item>>`. See the
/// [module documentation](self).
#[must_use = "streams do nothing unless polled"]
pub struct Items<T: Paginated> {
    pages: Pages<T>,
    buffer: std::vec::IntoIter<T::Item>,
}

// The buffer is never pinned structurally, so the stream is `Unpin` whatever the item type.
impl<T: Paginated> Unpin for Items<T> {}

impl<T: Paginated> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<T: Paginated> Items<T> {
    pub(crate) fn new(pages: Pages<T>) -> Self {
        Self {
            pages,
            buffer: Vec::new().into_iter(),
        }
    }

    /// After an error: the pagination token of the page that failed (every item before it
    /// was yielded), to resume with the endpoint's `pagination_token(..)` setter. While
    /// items are still buffered it is the token of the page *after* the buffered ones.
    pub fn resume_token(&self) -> Option<&str> {
        self.pages.next_token()
    }

    /// After a failed page, re-arms the stream so that the next poll asks for that page
    /// again. Returns `false` unless the last page failed.
    pub fn resume(&mut self) -> bool {
        self.pages.resume()
    }

    /// How many pages were fetched successfully.
    pub fn pages_fetched(&self) -> usize {
        self.pages.pages_fetched()
    }

    /// The underlying page stream and the items not yet yielded of the current page.
    pub fn into_parts(self) -> (Pages<T>, Vec<T::Item>) {
        (self.pages, self.buffer.collect())
    }
}

impl<T: Paginated> Stream for Items<T> {
    type Item = Result<T::Item>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    this.buffer = page.into_inner().into_items().into_iter();
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        if self.pages.is_terminated() {
            (buffered, Some(buffered))
        } else {
            (buffered, None)
        }
    }
}

impl<T: Paginated> FusedStream for Items<T> {
    fn is_terminated(&self) -> bool {
        self.buffer.len() == 0 && self.pages.is_terminated()
    }
}
