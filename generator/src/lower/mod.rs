//! Stage 2: validate the loaded spec and lower it to the [`Ir`], one pass per concern, all
//! sharing one `Ctx`:
//!
//! 1. `definitions`: index auth schemes, types and operations across files (duplicates,
//!    type names);
//! 2. `enums`, 3. `schemas` (with `types` and `shapes`): the types;
//! 4. `body`: request body schemas; `endpoints` (with `params`, `body` and
//!    `pagination`): the operations;
//! 5. `runtime`: what the hand-written runtime needs the spec to define;
//! 6. `features`: the cargo features of the endpoint files, and which of them compile each
//!    type;
//! 7. `answers`: a valid successful answer of each endpoint, for the fake X API.
//!
//! Every problem is collected, each with its file, key path and a hint, before giving up.

mod answers;
mod body;
mod definitions;
mod endpoints;
mod enums;
mod features;
mod ids;
mod pagination;
mod params;
pub mod runtime;
mod samples;
mod schemas;
mod shapes;
mod streams;
mod types;

/// A `todo:` key (left by `cargo xtask import` for what the OpenAPI document cannot say) is
/// work for a person: the entry is refused until it is done and the key removed.
fn unfilled_todo(cx: &Ctx, fi: usize, path: &[&str], todo: &str) {
    cx.err(
        fi,
        path,
        format!(
            "unfilled TODO (left by `cargo xtask import`): {}",
            todo.trim()
        ),
        Some("do what it says, then delete the `todo` key".into()),
    );
}

#[cfg(test)]
mod test_support;

pub use runtime::Contract;

use crate::diag::{locate, Diagnostic, Diagnostics};
use crate::ir::Ir;
use crate::load::LoadedFile;
use crate::spec::{EndpointDef, EnumDef, IdKindDef, ParamDef, SchemaDef, SchemeContext};
use indexmap::IndexMap;
use std::cell::RefCell;

/// Validates the loaded files and lowers them to the IR, checking that the spec defines what
/// `contract` asks for. Returns every problem at once.
pub fn lower(files: &[LoadedFile], contract: &Contract) -> Result<Ir, Diagnostics> {
    let mut cx = Ctx::new(files);
    definitions::collect(&mut cx);
    let enums = enums::lower(&cx);
    let ids = ids::lower(&cx);
    let mut schemas = schemas::lower(&cx);
    let requests = body::lower_requests(&cx);
    let groups = endpoints::lower(&cx, &mut schemas, &requests);
    let mut ir = Ir {
        enums,
        schemas: schemas.list,
        groups,
        requests,
        ids,
        features: Vec::new(),
    };
    runtime::check(&cx, contract, &ir);
    features::lower(&cx, contract, &mut ir);
    answers::lower(&cx, &mut ir);
    let errors = cx.errors.into_inner();
    if errors.is_empty() {
        Ok(ir)
    } else {
        Err(Diagnostics(errors))
    }
}

/// What every pass shares: the files, the index of their definitions, and the problems
/// found so far (reported through `&self`, so a pass can report while it reads the index).
pub(crate) struct Ctx<'a> {
    files: &'a [LoadedFile],
    index: Index<'a>,
    errors: RefCell<Vec<Diagnostic>>,
}

/// Every definition of the spec, by name, across files.
#[derive(Default)]
pub(crate) struct Index<'a> {
    /// Auth schemes.
    auth: IndexMap<&'a str, AuthEntry>,
    /// Enums and schemas (one namespace).
    types: IndexMap<&'a str, TypeDef<'a>>,
    /// Endpoints, by operation name.
    ops: IndexMap<&'a str, OpEntry<'a>>,
    /// Shared parameter definitions, by definition name.
    params: IndexMap<&'a str, (usize, &'a ParamDef)>,
    /// Parameter sets, resolved, by set name (`None` when the set has errors).
    sets: IndexMap<&'a str, (usize, Option<ParamMap>)>,
    /// Every endpoint's parameters with references and sets resolved, by operation name.
    resolved: IndexMap<&'a str, Resolved>,
    /// Kinds of ids, by name, with their file and whether their pattern is valid.
    id_kinds: IndexMap<&'a str, (usize, &'a IdKindDef, bool)>,
}

/// Parameters by wire name.
type ParamMap = IndexMap<String, ParamDef>;

/// An endpoint's parameters with references and sets resolved.
#[derive(Default)]
pub(crate) struct Resolved {
    /// Every parameter, own `params` first, then each set's.
    params: IndexMap<String, ParamDef>,
    /// Parameters that could not be resolved (reported); checks that need them are skipped.
    broken: Vec<String>,
}

/// Every endpoint's parameters with `use:` references and `param_sets` resolved, by
/// operation name (what [`crate::load_checked_spec`] puts in [`EndpointDef::params`]).
/// Problems are ignored here: [`lower`] reports them.
pub fn resolved_params(files: &[LoadedFile]) -> IndexMap<String, IndexMap<String, ParamDef>> {
    let mut cx = Ctx::new(files);
    definitions::collect(&mut cx);
    cx.index
        .resolved
        .into_iter()
        .map(|(op, r)| (op.to_string(), r.params))
        .collect()
}

/// An auth scheme and where it is defined.
#[derive(Clone, Copy)]
struct AuthEntry {
    file: usize,
    context: SchemeContext,
}

/// An endpoint and where it is defined.
#[derive(Clone, Copy)]
struct OpEntry<'a> {
    file: usize,
    def: &'a EndpointDef,
}

/// An enum or a schema and where it is defined.
#[derive(Clone, Copy)]
enum TypeDef<'a> {
    Enum { file: usize, def: &'a EnumDef },
    Schema { file: usize, def: &'a SchemaDef },
}

impl TypeDef<'_> {
    fn file(self) -> usize {
        match self {
            TypeDef::Enum { file, .. } | TypeDef::Schema { file, .. } => file,
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(files: &'a [LoadedFile]) -> Self {
        Ctx {
            files,
            index: Index::default(),
            errors: RefCell::new(Vec::new()),
        }
    }

    /// Reports a problem at a key path of a file.
    fn err(&self, file: usize, path: &[&str], message: impl Into<String>, hint: Option<String>) {
        let f = &self.files[file];
        self.errors.borrow_mut().push(Diagnostic {
            file: f.display.clone(),
            line: locate(&f.source, path),
            column: None,
            key_path: path.join("."),
            message: message.into(),
            hint,
        });
    }

    /// The index of the file shown as `display` (a group's `file`); the first file when none
    /// is (it always is for names this pass took from the files).
    fn file_index(&self, display: &str) -> usize {
        self.files
            .iter()
            .position(|f| f.display == display)
            .unwrap_or(0)
    }

    /// How many problems have been reported so far.
    fn error_count(&self) -> usize {
        self.errors.borrow().len()
    }

    /// Every enum and schema name, in definition order.
    fn type_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.index.types.keys().copied()
    }

    /// The enum named `name`, if there is one.
    fn enum_def(&self, name: &str) -> Option<&'a EnumDef> {
        match self.index.types.get(name) {
            Some(TypeDef::Enum { def, .. }) => Some(def),
            _ => None,
        }
    }

    /// The Rust type of the id kind named `kind`, if there is one.
    fn id_type_name(&self, kind: &str) -> Option<String> {
        let (_, def, _) = self.index.id_kinds.get(kind)?;
        Some(def.type_name(kind))
    }

    /// The schema named `name`, if there is one.
    fn schema_def(&self, name: &str) -> Option<&'a SchemaDef> {
        match self.index.types.get(name) {
            Some(TypeDef::Schema { def, .. }) => Some(def),
            _ => None,
        }
    }
}

/// `base` followed by `more`: a key path below `base`.
fn below<'p>(base: &[&'p str], more: &[&'p str]) -> Vec<&'p str> {
    [base, more].concat()
}
