//! Streams on the transport: lazy pagination ([`pagination`]) and the streaming endpoints'
//! events ([`EventStream`], reconnecting on X's schedule: [`reconnect`]).

mod events;
mod lines;
pub mod pagination;
pub mod reconnect;

pub use events::{
    Backfill, DEFAULT_DEDUP_CAPACITY, DEFAULT_READ_TIMEOUT, EventStream, Reconnect, StreamEvent,
    StreamStats, merge,
};
pub use reconnect::{Backoff, Cause, ReconnectPolicy};
