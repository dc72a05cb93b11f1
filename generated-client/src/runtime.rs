//! The one path the generated code (`src/generated/`) takes into the hand-written runtime.
//!
//! Everything the generator emits refers to `crate::runtime::NAME` and to nothing else of
//! the runtime, so the generator's contract with the runtime is this list: a runtime change
//! that keeps these names compiles with the generated code as it is.

pub use crate::__id_type as id_type;
pub use crate::base::encoding::base64_text;
pub use crate::base::endpoint::{Body, Check, Endpoint, Member, Method, Param, Shape};
pub use crate::base::error::Result;
pub use crate::base::id::{
    IdKey, IdRepr, IdType, InlineId, IntoId, InvalidId, NumericId, deserialize_id, parse_id,
};
pub use crate::base::response::{Binary, Response};
pub use crate::base::wire::{Indexed, Keyed, WireEnum, deserialize_open, lenient, wire_values};
pub use crate::builders::request::RequestBuilder;
pub use crate::client::{AuthKind, AuthSet, Client, UserContext, accepts};
#[cfg(feature = "fake")]
pub use crate::fake::{FakeAnswer, FakePer, FakeRateLimit, FakeRoute};
pub use crate::streams::pagination::{Items, Pages, Paginated};
pub use crate::streams::{Backfill, EventStream, StreamEvent};
pub use compact_str::CompactString;
pub use time::OffsetDateTime;
