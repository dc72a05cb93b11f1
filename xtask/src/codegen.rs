//! `cargo xtask codegen [--check]`: regenerate `generated-client/src/generated/` from `spec/`,
//! or fail when the checked-in client is out of sync.

use crate::workspace_root;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// Runs codegen (or, with `check`, compares without writing). `Ok` carries the text to print
/// on standard output; `Err` the whole message for the user (standard error).
pub fn run(spec: &Path, out: &Path, check: bool) -> Result<String, String> {
    let started = Instant::now();
    let spec_shown = spec.strip_prefix(workspace_root()).unwrap_or(spec);
    let files = generator::generate(spec).map_err(|e| match e {
        generator::Error::Spec(_) => format!("{e}; nothing was written"),
        other => other.to_string(),
    })?;
    let shown = |p: &Path| {
        out.join(p)
            .strip_prefix(workspace_root())
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| out.join(p))
    };
    let mut text = String::new();
    if check {
        let diffs = generator::write::check(out, &files)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if diffs.is_empty() {
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
    let _ = writeln!(
        text,
        "codegen: {} files from {} ({} changed) in {} ms",
        files.len(),
        spec_shown.display(),
        done.len(),
        started.elapsed().as_millis()
    );
    Ok(text)
}
