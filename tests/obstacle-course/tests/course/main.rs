//! The obstacle course's tests, one binary (each test binary links the whole dependency tree
//! again): the generated names and types, parameters, request bodies and auth sets, driven
//! against a local server where a request is involved, and the fake X API's route table.

mod auth_sets;
mod body;
mod fake_routes;
mod names;
mod params;
