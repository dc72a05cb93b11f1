//! The pipeline's stages depend one way only: load/spec never use ir/lower/emit, lower never
//! uses emit/format/write, emit never uses spec/load/lower, and the IR has its own types.
//! Checked on the source text: every `crate::<module>` outside comments.

use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The `.rs` files of a stage: `name.rs`, or every file below `name/`.
fn stage_files(name: &str) -> Vec<PathBuf> {
    let file = Path::new(SRC).join(format!("{name}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(SRC).join(name))
        .unwrap_or_else(|e| panic!("stage {name}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "stage {name} has no files");
    out
}

/// The generator modules a stage names (`crate::X`), outside comments, with where.
fn uses(name: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for file in stage_files(name) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + "crate::".len()..];
                let module: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let place = format!("{}:{}", file.display(), n + 1);
                found.push((module, place));
            }
            // `use crate::{a, b}` groups.
            if let Some(group) = code.trim_start().strip_prefix("use crate::{") {
                for module in group.split([',', '}']).map(|m| m.trim()) {
                    let module = module.split("::").next().unwrap_or_default();
                    if !module.is_empty() {
                        found.push((module.to_string(), format!("{}:{}", file.display(), n + 1)));
                    }
                }
            }
        }
    }
    found
}

fn assert_never_uses(stage: &str, forbidden: &[&str]) {
    let bad: Vec<_> = uses(stage)
        .into_iter()
        .filter(|(m, _)| forbidden.contains(&m.as_str()))
        .collect();
    assert!(
        bad.is_empty(),
        "{stage} must not use {forbidden:?}: {bad:?}"
    );
}

#[test]
fn stages_depend_one_way() {
    for stage in ["load", "spec"] {
        assert_never_uses(stage, &["ir", "lower", "emit", "format", "write"]);
    }
    assert_never_uses("ir", &["spec", "load", "lower", "emit", "format", "write"]);
    assert_never_uses("lower", &["emit", "format", "write"]);
    assert_never_uses("emit", &["spec", "load", "lower", "write"]);
    assert_never_uses(
        "docs",
        &["spec", "load", "ir", "lower", "emit", "format", "write"],
    );
}

#[test]
fn the_check_sees_uses() {
    // Guards the checker itself: it must find what lower and emit really use.
    let lower: Vec<String> = uses("lower").into_iter().map(|(m, _)| m).collect();
    assert!(lower.contains(&"spec".to_string()) && lower.contains(&"ir".to_string()));
    let emit: Vec<String> = uses("emit").into_iter().map(|(m, _)| m).collect();
    assert!(emit.contains(&"ir".to_string()) && emit.contains(&"docs".to_string()));
}
