//! Library part of the `xtask` automation crate: the commands that are worth testing on
//! their own (`spec-diff`).

#![forbid(unsafe_code)]

pub mod spec_diff;
