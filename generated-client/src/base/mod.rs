//! The leaves of the runtime: reading a body under a size cap, endpoint metadata, encoding, secrets, the error type and
//! the reading of error bodies, rate-limit parsing, the retry and rate-limit policies and
//! the pure retry/429/401 decision, responses and the wire helpers of the generated models.
//! Nothing here imports a module outside `base` (the generated `Problem` types aside).

pub(crate) mod body;
pub(crate) mod decision;
pub mod encoding;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod id;
pub(crate) mod pattern;
pub(crate) mod problem;
pub mod rate_limit;
pub mod response;
pub mod retry;
pub mod secret;
pub mod wire;
