//! The code generator behind `twitter-client`.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! spec/*.yaml ─load─▶ SpecFile ─lower─▶ Ir ─emit─▶ TokenStream ─format─▶ String ─write/check─▶ src/generated/
//! ```
//!
//! [`generate`] runs the pure part (load, validate, emit, format) and returns the files;
//! [`write::write`] and [`write::check`] touch the disk. A spec with errors produces every
//! error at once and writes nothing.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diag;
pub mod docs;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod names;
pub mod spec;
pub mod write;

pub use diag::{Diagnostic, Diagnostics};
pub use write::{Difference, GeneratedFile};

use std::path::{Path, PathBuf};

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each names its file and place.
    Spec(Diagnostics),
    /// The emitted tokens did not parse as Rust (a generator bug; the message says where).
    Emit {
        /// The output file.
        file: PathBuf,
        /// The parser's message.
        message: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Spec(d) => d.fmt(f),
            Error::Emit { file, message } => write!(
                f,
                "internal error: generated {} is not valid Rust ({message}); please report this with the spec that caused it",
                file.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Loads and validates the spec folder.
pub fn load_ir(spec_dir: &Path) -> Result<ir::Ir, Error> {
    let files = load::load_dir(spec_dir).map_err(Error::Spec)?;
    lower::lower(&files, &CONTRACT).map_err(Error::Spec)
}

/// What the runtime of `twitter-client` needs the spec to define.
const CONTRACT: lower::Contract = lower::Contract::TWITTER_CLIENT;

/// The spec folder merged into one [`spec::SpecFile`] (every file's sections, in load order),
/// after the same checks as code generation: a spec that would not generate (a name defined
/// twice, a dangling reference, ...) is an error here too, so tools that read the spec (the
/// drift report) never see a silently merged one.
pub fn load_checked_spec(spec_dir: &Path) -> Result<spec::SpecFile, Error> {
    let files = load::load_dir(spec_dir).map_err(Error::Spec)?;
    lower::lower(&files, &CONTRACT).map_err(Error::Spec)?;
    let mut resolved = lower::resolved_params(&files);
    let mut merged = spec::SpecFile::default();
    for file in files {
        merged.auth.extend(file.spec.auth);
        merged.enums.extend(file.spec.enums);
        merged.schemas.extend(file.spec.schemas);
        merged.request_schemas.extend(file.spec.request_schemas);
        merged.parameters.extend(file.spec.parameters);
        merged.parameter_sets.extend(file.spec.parameter_sets);
        merged.id_kinds.extend(file.spec.id_kinds);
        for (op, mut ep) in file.spec.endpoints {
            ep.params = resolved.shift_remove(&op).unwrap_or_default();
            merged.endpoints.insert(op, ep);
        }
    }
    // Body members with their id kind's pattern, as lowering reads them.
    merged.apply_id_kinds_to_members();
    Ok(merged)
}

/// Runs the whole pipeline on a spec folder, without touching the output folder.
pub fn generate(spec_dir: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let ir = load_ir(spec_dir)?;
    render(&ir)
}

/// Emits and formats every output file of an IR, in a fixed order.
pub fn render(ir: &ir::Ir) -> Result<Vec<GeneratedFile>, Error> {
    emit_files(ir)
        .into_iter()
        .map(|(path, tokens)| match format::format_file(tokens) {
            Ok(contents) => Ok(GeneratedFile { path, contents }),
            Err(e) => Err(Error::Emit {
                file: path,
                message: e.to_string(),
            }),
        })
        .collect()
}

/// The generated exercise tests of a client crate named `krate` (`twitter_client`): one test
/// per endpoint, formatted, with the do-not-edit header.
pub fn render_exercise(ir: &ir::Ir, krate: &str) -> Result<String, Error> {
    format::format_file(emit::emit_exercise(ir, krate)).map_err(|e| Error::Emit {
        file: PathBuf::from("exercise.rs"),
        message: e.to_string(),
    })
}

/// The token streams of every output file of an IR, before formatting, in a fixed order:
/// `mod.rs`, `enums.rs`, `models.rs`, `ids.rs` and `requests.rs` when the spec has id kinds
/// and request schemas, then one module per endpoint file, and last `fake.rs`, the fake X
/// API's route table.
pub fn emit_files(ir: &ir::Ir) -> Vec<(PathBuf, proc_macro2::TokenStream)> {
    let mut outputs = vec![
        (PathBuf::from("mod.rs"), emit::emit_mod(ir)),
        (PathBuf::from("enums.rs"), emit::emit_enums(&ir.enums)),
        (PathBuf::from("models.rs"), emit::emit_models(&ir.schemas)),
    ];
    if !ir.ids.is_empty() {
        outputs.push((PathBuf::from("ids.rs"), emit::emit_ids(&ir.ids)));
    }
    if !ir.requests.is_empty() {
        outputs.push((
            PathBuf::from("requests.rs"),
            emit::emit_requests(&ir.requests),
        ));
    }
    for g in &ir.groups {
        outputs.push((
            PathBuf::from(format!("{}.rs", g.module)),
            emit::emit_group(g),
        ));
    }
    outputs.push((PathBuf::from("fake.rs"), emit::emit_fake(ir)));
    outputs
}
