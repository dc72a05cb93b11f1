//! No code: the cases are in `tests/ui/`, run by `tests/compile_fail.rs`.
#![forbid(unsafe_code)]
