//! The request builders the generated code drives: parameter values and their
//! validation ([`params`]), JSON bodies ([`body`]), and the generic
//! [`request::RequestBuilder`].

pub(crate) mod body;
pub(crate) mod params;
pub mod request;
