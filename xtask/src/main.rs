//! `cargo xtask`: parses the arguments and dispatches to the library (`xtask::codegen`,
//! `xtask::spec_diff`, `xtask::import`), which owns every message.

#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::import::Selection;
use xtask::spec_diff::{self, NotInSpec};
use xtask::workspace_root;

/// Code generation is allocation-bound (syn and quote build and drop millions of small
/// tokens); mimalloc takes about a quarter off `cargo xtask codegen` (the `pipeline` bench
/// runs the generator with it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// difference; exit non-zero if one is not in the allow-list. Operations of the document
    /// that the spec does not have are counted, never a failure.
    SpecDiff {
        /// The OpenAPI document (`openapi.json`).
        openapi: PathBuf,
        /// The spec folder.
        #[arg(long, default_value_os_t = workspace_root().join("spec"))]
        spec: PathBuf,
        /// The allow-list of intentional differences.
        #[arg(long, default_value_os_t = workspace_root().join(spec_diff::DEFAULT_ALLOW_LIST))]
        allow: PathBuf,
        /// Also list the operations of the document that the spec does not have.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Draft operations of an official OpenAPI 3 document (JSON) into the spec, in the house
    /// style, with `todo:` keys for what the document cannot say (codegen refuses them until
    /// filled). An operation the spec already has is compared, not overwritten.
    Import {
        /// The OpenAPI document (`openapi.json`).
        openapi: PathBuf,
        /// The operationIds to import.
        #[arg(required_unless_present_any = ["tag", "all"], conflicts_with_all = ["tag", "all"])]
        operation_ids: Vec<String>,
        /// Import every operation with this tag.
        #[arg(long, conflicts_with = "all")]
        tag: Option<String>,
        /// Import every operation of the document.
        #[arg(long)]
        all: bool,
        /// The spec folder.
        #[arg(long, default_value_os_t = workspace_root().join("spec"))]
        spec: PathBuf,
        /// The allow-list used when comparing operations the spec already has.
        #[arg(long, default_value_os_t = workspace_root().join(spec_diff::DEFAULT_ALLOW_LIST))]
        allow: PathBuf,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Import {
            openapi,
            operation_ids,
            tag,
            all,
            spec,
            allow,
        } => {
            let selection = match (tag, all) {
                (Some(t), _) => Selection::Tag(t),
                (None, true) => Selection::All,
                (None, false) => Selection::Ids(operation_ids),
            };
            match xtask::import::run(&openapi, &spec, &allow, &selection) {
                Ok(outcome) => {
                    print!("{}", outcome.text);
                    if outcome.failed == 0 {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Codegen { check, spec, out } => match xtask::codegen::run(&spec, &out, check) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Command::SpecDiff {
            openapi,
            spec,
            allow,
            verbose,
        } => {
            let not_in_spec = if verbose {
                NotInSpec::Listed
            } else {
                NotInSpec::Counted
            };
            match spec_diff::run(&openapi, &spec, &allow, not_in_spec) {
                Ok(outcome) => {
                    print!("{}", outcome.text);
                    if outcome.is_clean() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
