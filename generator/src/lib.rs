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
pub mod par;
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

/// Emits and formats every output file of an IR, in a fixed order. The files are independent,
/// so they are emitted and formatted on every core ([`par::map`]), the biggest first.
pub fn render(ir: &ir::Ir) -> Result<Vec<GeneratedFile>, Error> {
    let outputs = outputs(ir);
    let mut biggest_first: Vec<usize> = (0..outputs.len()).collect();
    biggest_first.sort_by_key(|&i| std::cmp::Reverse(outputs[i].1.weight(ir)));
    let mut rendered = par::map(&biggest_first, |&i| {
        let (path, output) = &outputs[i];
        let file = format::format_file(output.emit(ir))
            .map(|contents| GeneratedFile {
                path: path.clone(),
                contents,
            })
            .map_err(|e| Error::Emit {
                file: path.clone(),
                message: e.to_string(),
            });
        (i, file)
    });
    rendered.sort_by_key(|(i, _)| *i);
    rendered.into_iter().map(|(_, file)| file).collect()
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
    outputs(ir)
        .into_iter()
        .map(|(path, output)| (path, output.emit(ir)))
        .collect()
}

/// The tokens of the `i`-th output file of [`emit_files`] alone (for timing one file).
pub fn emit_file(ir: &ir::Ir, i: usize) -> proc_macro2::TokenStream {
    outputs(ir)
        .get(i)
        .map(|(_, output)| output.emit(ir))
        .unwrap_or_default()
}

/// One output file, emitted from the IR on demand (token streams cannot cross threads).
enum Output {
    Mod,
    Enums,
    Models,
    Ids,
    Requests,
    Group(usize),
    Fake,
}

impl Output {
    fn emit(&self, ir: &ir::Ir) -> proc_macro2::TokenStream {
        match self {
            Output::Mod => emit::emit_mod(ir),
            Output::Enums => emit::emit_enums(&ir.enums),
            Output::Models => emit::emit_models(&ir.schemas),
            Output::Ids => emit::emit_ids(&ir.ids),
            Output::Requests => emit::emit_requests(&ir.requests),
            Output::Group(g) => emit::emit_group(&ir.groups[*g]),
            Output::Fake => emit::emit_fake(ir),
        }
    }

    /// A rough measure of the work, to start the biggest files first: the shared files are
    /// the biggest (in the whole API, models 320 KB, enums 280 KB, the fake's table 220 KB),
    /// then the endpoint modules by their number of endpoints.
    fn weight(&self, ir: &ir::Ir) -> usize {
        let endpoints: usize = ir.groups.iter().map(|g| g.endpoints.len()).sum();
        match self {
            Output::Mod | Output::Ids => 0,
            Output::Models => 4 * endpoints,
            Output::Enums => 3 * endpoints,
            Output::Fake => 2 * endpoints,
            Output::Requests => endpoints,
            Output::Group(g) => ir.groups[*g].endpoints.len(),
        }
    }
}

/// The output files of an IR, in their fixed order (see [`emit_files`]).
fn outputs(ir: &ir::Ir) -> Vec<(PathBuf, Output)> {
    let mut outputs = vec![
        (PathBuf::from("mod.rs"), Output::Mod),
        (PathBuf::from("enums.rs"), Output::Enums),
        (PathBuf::from("models.rs"), Output::Models),
    ];
    if !ir.ids.is_empty() {
        outputs.push((PathBuf::from("ids.rs"), Output::Ids));
    }
    if !ir.requests.is_empty() {
        outputs.push((PathBuf::from("requests.rs"), Output::Requests));
    }
    for (i, g) in ir.groups.iter().enumerate() {
        outputs.push((PathBuf::from(format!("{}.rs", g.module)), Output::Group(i)));
    }
    outputs.push((PathBuf::from("fake.rs"), Output::Fake));
    outputs
}
