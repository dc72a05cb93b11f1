//! Library part of the `xtask` automation crate: the commands themselves (`codegen`,
//! `spec-diff`, `import`), with every message they print; `main.rs` only parses arguments and dispatches.

#![forbid(unsafe_code)]

pub mod codegen;
pub mod import;
pub mod spec_diff;

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
