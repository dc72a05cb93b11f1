//! The naming obstacle course. `src/generated/` is produced from `spec/` by
//! `cargo xtask codegen --spec tests/obstacle-course/spec --out tests/obstacle-course/src/generated`
//! and must compile without a single warning. The generated code names the runtime through
//! `crate::runtime`: `twitter-client`'s facade, with a local `Client` (see [`runtime`]).

#![forbid(unsafe_code)]
#![deny(warnings)]
#![deny(missing_docs)]

/// `twitter-client`'s runtime facade, except for `Client`: the generated endpoints add
/// methods to `crate::runtime::Client`, and a crate can only add methods to its own types, so
/// here it is a local wrapper that derefs to `twitter-client`'s.
pub mod runtime {
    pub use twitter_client::runtime::*;

    /// A `twitter-client` client with the obstacle course's endpoints.
    pub struct Client<A>(pub twitter_client::runtime::Client<A>);

    impl<A> std::ops::Deref for Client<A> {
        type Target = twitter_client::runtime::Client<A>;

        fn deref(&self) -> &Self::Target {
            &self.0
        }
    }
}

#[rustfmt::skip]
mod generated;
pub use generated::*;

/// The fake X API's route table of the course's endpoints (`src/generated/fake.rs`), one
/// route per endpoint in spec order, as `twitter-client`'s fake serves its own.
#[cfg(feature = "fake")]
pub fn fake_routes() -> &'static [runtime::FakeRoute] {
    generated::fake::ROUTES
}
