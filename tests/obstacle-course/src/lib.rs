//! The naming obstacle course. `src/generated/` is produced from `spec/` by
//! `cargo xtask codegen --spec tests/obstacle-course/spec --out tests/obstacle-course/src/generated`
//! and must compile without a single warning. The generated code names the runtime through
//! `crate::runtime`, the facade re-exported here from `twitter-client`.

#![forbid(unsafe_code)]
#![deny(warnings)]
#![deny(missing_docs)]

pub use twitter_client::runtime;

#[rustfmt::skip]
mod generated;
pub use generated::*;
