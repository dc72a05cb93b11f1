//! `cargo xtask codegen [--check]`: regenerate `generated-client/src/generated/` from `spec/`,
//! or fail when the checked-in client is out of sync.

use crate::workspace_root;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `path` relative to the workspace root when it is below it.
fn shown_path(path: &Path) -> std::path::PathBuf {
    path.strip_prefix(workspace_root())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The `name` of the manifest's `[package]`.
fn package_name(manifest: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let package = text
        .split("\n[")
        .find(|t| t.starts_with("package]") || t.starts_with("[package]"));
    package
        .and_then(|p| {
            p.lines().find_map(|l| {
                let v = l.trim().strip_prefix("name")?.trim().strip_prefix('=')?;
                Some(v.trim().trim_matches('"').to_string())
            })
        })
        .ok_or_else(|| format!("{}: no [package] name", shown_path(manifest).display()))
}

/// Writes `contents` to `path` unless it already holds them (with `check`, only compares).
/// `Ok(true)`: it differed.
fn sync_file(path: &Path, contents: &str, check: bool) -> Result<bool, String> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    if old.replace("\r\n", "\n") == contents {
        return Ok(false);
    }
    if !check {
        std::fs::write(path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(true)
}

/// Runs codegen (or, with `check`, compares without writing). `Ok` carries the text to print
/// on standard output; `Err` the whole message for the user (standard error).
pub fn run(spec: &Path, out: &Path, check: bool) -> Result<String, String> {
    let started = Instant::now();
    let spec_shown = shown_path(spec);
    let failed = |e: generator::Error| match e {
        generator::Error::Spec(_) => format!("{e}; nothing was written"),
        other => other.to_string(),
    };
    let ir = generator::load_ir(spec).map_err(failed)?;
    let files = generator::render(&ir).map_err(failed)?;
    // The crate's manifest (two levels above `src/generated`), when there is one: its
    // generated [features] block follows the spec's `feature:` sections.
    let features = generator::manifest::features_block(&ir);
    let manifest = out
        .parent()
        .and_then(Path::parent)
        .map(|c| c.join("Cargo.toml"))
        .filter(|m| m.is_file());
    // Outputs outside `out`: (the file, what of it is generated, whether it differs).
    let mut extra: Vec<(PathBuf, &str, bool)> = Vec::new();
    match &manifest {
        Some(m) => {
            let changed = generator::manifest::sync(m, &features, check)
                .map_err(|e| format!("{}: {e}", shown_path(m).display()))?;
            extra.push((m.clone(), "the generated [features] of ", changed));
        }
        None if !features.is_empty() => {
            return Err(format!(
                "the spec declares cargo features, but there is no Cargo.toml two levels above {} to declare them in",
                shown_path(out).display()
            ));
        }
        None => {}
    }
    // The crate's exercise tests, when it has the file (`tests/client/exercise.rs`).
    if let Some(m) = &manifest {
        let tests = m.with_file_name("tests/client/exercise.rs");
        if tests.is_file() {
            let krate = package_name(m)?.replace('-', "_");
            let contents = generator::render_exercise(&ir, &krate).map_err(failed)?;
            let changed = sync_file(&tests, &contents, check)?;
            extra.push((tests, "", changed));
        }
    }
    let shown = |p: &Path| shown_path(&out.join(p));
    let mut text = String::new();
    if check {
        let diffs = generator::write::check(out, &files)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if diffs.is_empty() && extra.iter().all(|(_, _, changed)| !changed) {
            let _ = writeln!(
                text,
                "codegen --check: {} files in sync with {}",
                files.len(),
                spec_shown.display()
            );
            return Ok(text);
        }
        let mut msg = String::from("the generated client is out of sync with the spec:\n");
        for d in &diffs {
            let (what, p) = match d {
                generator::Difference::Missing(p) => ("missing", p),
                generator::Difference::Changed(p) => ("differs", p),
                generator::Difference::Stray(p) => ("not produced by the spec", p),
            };
            let _ = writeln!(msg, "  {what}: {}", shown(p).display());
        }
        for (path, what, _) in extra.iter().filter(|(_, _, changed)| *changed) {
            let _ = writeln!(msg, "  differs: {what}{}", shown_path(path).display());
        }
        msg.push_str("run `cargo xtask codegen` to regenerate it (and commit the result)");
        return Err(msg);
    }
    let done = generator::write::write(out, &files)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    for d in &done {
        let (what, p) = match d {
            generator::Difference::Missing(p) => ("created", p),
            generator::Difference::Changed(p) => ("updated", p),
            generator::Difference::Stray(p) => ("deleted", p),
        };
        let _ = writeln!(text, "{what} {}", shown(p).display());
    }
    for (path, what, _) in extra.iter().filter(|(_, _, changed)| *changed) {
        let _ = writeln!(text, "updated {what}{}", shown_path(path).display());
    }
    let _ = writeln!(
        text,
        "codegen: {} files from {} ({} changed) in {} ms",
        files.len(),
        spec_shown.display(),
        done.len() + extra.iter().filter(|(_, _, changed)| *changed).count(),
        started.elapsed().as_millis()
    );
    Ok(text)
}
