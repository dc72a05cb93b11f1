//! The client's integration tests, as one test binary: each module was a binary of its own,
//! and every binary compiled the runtime's generic code and linked the whole dependency tree
//! again (about 20 s each on two cores). Helpers shared by all of them are in
//! `tests/common/`.

#[path = "../common/mod.rs"]
mod common;

mod cassettes;
mod decode_fixtures;
mod endpoints_i10;
// Written by `cargo xtask codegen` (one test per endpoint of the spec); formatted by it.
#[rustfmt::skip]
mod exercise;
mod expansions;
mod fake;
mod faults;
mod lookups;
mod runtime_auth;
mod runtime_http;
mod runtime_me;
mod runtime_oauth2_refresh;
mod runtime_pagination;
mod streams;
mod streams_spawn;
