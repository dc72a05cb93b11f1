//! `cargo test` alone catches a client that is stale against the spec.

#![forbid(unsafe_code)]

use xtask::workspace_root;

#[test]
fn checked_in_client_is_in_sync_with_spec() {
    let root = workspace_root();
    match xtask::codegen::run(
        &root.join("spec"),
        &root.join("generated-client/src/generated"),
        true,
    ) {
        Ok(text) => assert!(text.starts_with("codegen --check: "), "{text}"),
        Err(msg) => panic!("{msg}"),
    }
}
