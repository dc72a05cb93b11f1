//! The request builders the generated code drives: parameter values and their
//! validation ([`params`]), and the generic [`request::RequestBuilder`].

pub(crate) mod params;
pub mod request;
