//! `cargo test` alone catches a client that is stale against the spec.

#![forbid(unsafe_code)]

mod common;

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

/// A crate laid out like the client (`Cargo.toml` with the generated block, `src/generated/`):
/// a new endpoint file's feature shows up in the block, `--check` says the block is stale
/// until codegen writes it, and nothing outside the markers moves.
#[test]
fn a_new_feature_reaches_the_manifest_and_check_catches_a_stale_block() {
    let root = workspace_root();
    let spec = common::scratch_copy(&root.join("spec"), "codegen-features/spec");
    let krate = spec.parent().unwrap().join("client");
    let out = krate.join("src/generated");
    std::fs::create_dir_all(&out).unwrap();
    let manifest = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).unwrap();
    std::fs::write(krate.join("Cargo.toml"), &manifest).unwrap();
    xtask::codegen::run(&spec, &out, false).unwrap();
    xtask::codegen::run(&spec, &out, true).expect("in sync after writing");

    // Move `dm` into a feature of its own name, on by default.
    let dm = spec.join("endpoints/dm.yaml");
    let text = std::fs::read_to_string(&dm).unwrap();
    let renamed = text.replace("  name: dm\n", "  name: messages\n  default: true\n");
    assert_ne!(text, renamed);
    std::fs::write(&dm, renamed).unwrap();
    let err = xtask::codegen::run(&spec, &out, true).unwrap_err();
    assert!(
        err.contains("differs: the generated [features] of"),
        "{err}"
    );
    let done = xtask::codegen::run(&spec, &out, false).unwrap();
    assert!(
        done.contains("updated the generated [features] of"),
        "{done}"
    );
    let after = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(after.contains("\nmessages = []\n"), "{after}");
    assert!(!after.contains("\ndm = []\n"), "{after}");
    assert!(
        after.contains("default-groups = [\"messages\", \"follows\","),
        "{after}"
    );
    let outside = |m: &str| {
        let (a, b) = (
            m.find("# BEGIN generated").unwrap(),
            m.find("# END generated").unwrap(),
        );
        format!("{}{}", &m[..a], &m[b..])
    };
    assert_eq!(outside(&after), outside(&manifest));
    xtask::codegen::run(&spec, &out, true).expect("in sync again");
}
