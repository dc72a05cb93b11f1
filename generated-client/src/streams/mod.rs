//! Streams on the transport: lazy pagination ([`pagination`]).

pub mod pagination;
