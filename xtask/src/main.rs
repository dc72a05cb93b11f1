//! `cargo xtask codegen [--check]`: regenerate `generated-client/src/generated/` from `spec/`,
//! or fail when the checked-in client is out of sync.
//!
//! `cargo xtask spec-diff <openapi.json>`: the drift report of `spec/` against an official
//! OpenAPI document (see `xtask::spec_diff`).

#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the Twitter API client"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client from the spec.
    Codegen {
        /// Do not write: exit non-zero if the checked-in client differs from the spec.
        #[arg(long)]
        check: bool,
        /// The spec folder.
        #[arg(long, default_value_os_t = workspace_root().join("spec"))]
        spec: PathBuf,
        /// The folder of generated modules.
        #[arg(long, default_value_os_t = workspace_root().join("generated-client/src/generated"))]
        out: PathBuf,
    },
    /// Compare the spec with an official OpenAPI 3 document (JSON) and report every
    /// difference; exit non-zero if one is not in the allow-list.
    SpecDiff {
        /// The OpenAPI document (`openapi.json`).
        openapi: PathBuf,
        /// The spec folder.
        #[arg(long, default_value_os_t = workspace_root().join("spec"))]
        spec: PathBuf,
        /// The allow-list of intentional differences.
        #[arg(long, default_value_os_t = workspace_root().join(xtask::spec_diff::DEFAULT_ALLOW_LIST))]
        allow: PathBuf,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen { check, spec, out } => match codegen(&spec, &out, check) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Command::SpecDiff {
            openapi,
            spec,
            allow,
        } => match xtask::spec_diff::run(&openapi, &spec, &allow) {
            Ok(outcome) => {
                print!("{}", outcome.text);
                if outcome.is_clean() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
    }
}

/// Runs codegen; `Err` carries the whole message for the user.
fn codegen(spec: &Path, out: &Path, check: bool) -> Result<(), String> {
    let started = Instant::now();
    let spec_shown = spec.strip_prefix(workspace_root()).unwrap_or(spec);
    let files = generator::generate(spec).map_err(|e| e.to_string())?;
    let shown = |p: &Path| {
        out.join(p)
            .strip_prefix(workspace_root())
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| out.join(p))
    };
    if check {
        let diffs = generator::write::check(out, &files)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if diffs.is_empty() {
            println!(
                "codegen --check: {} files in sync with {}",
                files.len(),
                spec_shown.display()
            );
            return Ok(());
        }
        let mut msg = String::from("the generated client is out of sync with the spec:\n");
        for d in &diffs {
            let (what, p) = match d {
                generator::Difference::Missing(p) => ("missing", p),
                generator::Difference::Changed(p) => ("differs", p),
                generator::Difference::Stray(p) => ("not produced by the spec", p),
            };
            msg.push_str(&format!("  {what}: {}\n", shown(p).display()));
        }
        msg.push_str("run `cargo xtask codegen` to regenerate it (and commit the result)");
        return Err(msg);
    }
    let done = generator::write::write(out, &files)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    for d in &done {
        match d {
            generator::Difference::Missing(p) => println!("created {}", shown(p).display()),
            generator::Difference::Changed(p) => println!("updated {}", shown(p).display()),
            generator::Difference::Stray(p) => println!("deleted {}", shown(p).display()),
        }
    }
    println!(
        "codegen: {} files from {} ({} changed) in {} ms",
        files.len(),
        spec_shown.display(),
        done.len(),
        started.elapsed().as_millis()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches a client that is stale against the spec.
    #[test]
    fn checked_in_client_is_in_sync_with_spec() {
        let root = workspace_root();
        if let Err(msg) = codegen(
            &root.join("spec"),
            &root.join("generated-client/src/generated"),
            true,
        ) {
            panic!("{msg}");
        }
    }
}
