//! The one path the generated code (`src/generated/`) takes into the hand-written runtime.
//!
//! Everything the generator emits refers to `crate::runtime::NAME` and to nothing else of
//! the runtime, so the generator's contract with the runtime is this list: a runtime change
//! that keeps these names compiles with the generated code as it is.

pub use crate::client::{AuthKind, Client, UserContext};
pub use crate::error::Result;
pub use crate::pagination::{Items, Pages, Paginated};
pub use crate::request::{Check, Endpoint, Method, Param, RequestBuilder};
pub use crate::response::Response;
pub use crate::wire::{deserialize_open, lenient, Indexed, Keyed, WireEnum};
