//! `cargo xtask import <openapi.json> <operationId>...` (or `--tag T`, `--all`): drafts
//! operations of an official OpenAPI document into the spec, in the house style.
//!
//! For each operation:
//!
//! - **New** (no endpoint of the spec has its method and path): the endpoint entry is appended
//!   to `endpoints/<group>.yaml` (the group rule is in [`names`]); the schemas and enums it
//!   needs that the spec does not have are appended to `schemas/<group>.yaml`,
//!   `requests/<group>.yaml` (request schemas) and `enums/<group>.yaml`. Files are created
//!   when missing.
//! - **Already in the spec**: nothing is written; the differences between the spec's endpoint
//!   and the operation are reported, with spec-diff's comparison (and its allow-list).
//!
//! The draft:
//!
//! - names the operation from [`names::KNOWN_OPERATIONS`] (our names for known operationIds)
//!   or the snake_case of the id, and its response schema likewise;
//! - reuses the spec's schemas and enums by name (`#/components/schemas/User` → `User`,
//!   `Expansions` → `Includes`, the shared `TweetFieldsParameter` → `TweetField`), an inline
//!   object by its exact property set (a `meta` of result_count/next_token/previous_token →
//!   `PageMeta`) and an inline enum by its exact value set; makes new ones for the rest
//!   (`<Parent><Property>`);
//! - keeps the descriptions (whitespace folded), examples, constraints, auth and scopes;
//! - drafts a JSON request body as a request schema (`<Operation>Request`, one more per nested
//!   object: `<Parent><Member>`), with `kind: request` enums for its enums and every limit
//!   (pattern, lengths, integer range, item count, and those of array items); an `anyOf`/
//!   `oneOf` of alternatives that each require other members becomes `at_least_one`, and the
//!   members a description calls "mutually exclusive from A, B, and C" become `exclusive`
//!   groups (the largest sets of members that exclude each other pairwise);
//! - drafts a success response without content as `response: empty`;
//! - names each auth scheme by the spec's `auth:` entry of its `context` (the document's
//!   `BearerToken` → the scheme with `context: app`, `UserToken` → `oauth1_user`,
//!   `OAuth2UserToken` → `oauth2_user`);
//! - leaves what the document cannot say as a `todo:` key with what to fill in: the rate
//!   limits (always), the values of a new field list that need user context, a non-JSON body
//!   or response. The generator has no `todo` key, so `cargo xtask codegen` refuses the spec
//!   (naming the file and entry) until every `todo:` is filled in and removed.

mod draft;
mod existing;
pub mod limits;
pub mod names;
pub mod yaml;

pub use draft::{Draft, Drafter, NO_DESCRIPTION};
pub use existing::Existing;

use crate::spec_diff::{self, AllowList};
use limits::RateLimits;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use yaml::Y;

/// Which operations to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These operationIds.
    Ids(Vec<String>),
    /// Every operation with this tag.
    Tag(String),
    /// Every operation of the document.
    All,
}

/// What the command did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The printed report.
    pub text: String,
    /// Operations drafted into the spec.
    pub imported: Vec<String>,
    /// Operations the spec already had (reported, not written).
    pub existing: Vec<String>,
    /// Operations that could not be imported (each with a line in `text`).
    pub failed: usize,
    /// Files written (created or appended to).
    pub files: Vec<PathBuf>,
}

/// Runs the command.
pub fn run(
    openapi: &Path,
    spec_dir: &Path,
    allow: &Path,
    selection: &Selection,
) -> Result<Outcome, String> {
    let doc = spec_diff::openapi::load(openapi).map_err(|e| e.to_string())?;
    let ids = match selection {
        Selection::Ids(ids) => ids.clone(),
        Selection::Tag(t) => {
            let ids = draft::operation_ids(&doc, Some(t));
            if ids.is_empty() {
                return Err(format!(
                    "no operation of {} has the tag {t:?}",
                    openapi.display()
                ));
            }
            ids
        }
        Selection::All => draft::operation_ids(&doc, None),
    };
    if ids.is_empty() {
        return Err("name operationIds, or pass --tag T or --all".into());
    }
    let mut existing = Existing::read(spec_dir)?;
    let allow = if allow.exists() {
        AllowList::load(allow)?
    } else {
        AllowList::default()
    };
    let all_ids = draft::operation_ids(&doc, None);
    let mut out = Outcome::default();
    let mut drafts: Vec<Draft> = Vec::new();
    // The report, one block per selected operation, in selection order.
    let mut blocks: Vec<(String, String)> = Vec::new();
    {
        let limits = RateLimits::load(&crate::workspace_root().join(limits::DEFAULT_PATH))?;
        let mut drafter = Drafter::new(&doc, &existing, &limits);
        for id in &ids {
            let Some((path, method, _, _)) = draft::find(&doc, id) else {
                out.failed += 1;
                let close: Vec<&String> = all_ids
                    .iter()
                    .filter(|o| {
                        o.to_lowercase().contains(&id.to_lowercase())
                            || id.to_lowercase().contains(&o.to_lowercase())
                    })
                    .take(5)
                    .collect();
                let mut line = format!("{id}: no operation of the document has this operationId");
                if !close.is_empty() {
                    let close: Vec<&str> = close.iter().map(|s| s.as_str()).collect();
                    let _ = write!(line, " (close: {})", close.join(", "));
                }
                line.push('\n');
                blocks.push((id.clone(), line));
                continue;
            };
            if let Some((name, e)) = existing.endpoint_at(method, path) {
                out.existing.push(id.clone());
                let line = format!(
                    "{id}: already in the spec as {name} ({}), not overwritten; its differences from the document:\n",
                    e.file.display()
                );
                blocks.push((id.clone(), line));
                continue;
            }
            let Some(d) = drafter.draft(id) else { continue };
            if let Some(e) = existing.endpoints.get(&d.name) {
                out.failed += 1;
                let line = format!(
                    "{id}: the name {} is taken by {} {} ({}); add {id} to KNOWN_OPERATIONS in xtask/src/import/names.rs with another name\n",
                    d.name,
                    e.method,
                    e.path,
                    e.file.display()
                );
                blocks.push((id.clone(), line));
                continue;
            }
            if drafts.iter().any(|o| o.name == d.name) {
                out.failed += 1;
                let line = format!("{id}: the name {} is drafted twice in this run\n", d.name);
                blocks.push((id.clone(), line));
                continue;
            }
            blocks.push((id.clone(), String::new()));
            drafts.push(d);
        }
    }
    let block = |blocks: &mut Vec<(String, String)>, id: &str| -> usize {
        blocks.iter().position(|(i, _)| i == id).unwrap_or(0)
    };
    // Differences of the operations the spec has.
    for id in out.existing.clone() {
        let (path, method, _, _) = draft::find(&doc, &id).expect("found above");
        let name = existing
            .endpoint_at(method, path)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let text = differences(&mut existing, &doc, &name, &allow);
        let i = block(&mut blocks, &id);
        blocks[i].1.push_str(&text);
    }
    for d in &drafts {
        let files = write_draft(spec_dir, d, &doc)?;
        let i = block(&mut blocks, &d.operation_id);
        let text = &mut blocks[i].1;
        let _ = writeln!(
            text,
            "{}: drafted as {} ({} {}) in {}",
            d.operation_id,
            d.name,
            d.method,
            d.path,
            files
                .iter()
                .map(|f| f.strip_prefix(spec_dir).unwrap_or(f).display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !d.schemas.is_empty() {
            let names: Vec<&str> = d.schemas.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(text, "  new schemas: {}", names.join(", "));
        }
        if !d.request_schemas.is_empty() {
            let names: Vec<&str> = d.request_schemas.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(text, "  new request schemas: {}", names.join(", "));
        }
        if !d.enums.is_empty() {
            let names: Vec<&str> = d.enums.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(text, "  new enums: {}", names.join(", "));
        }
        for t in &d.todos {
            let _ = writeln!(text, "  todo: {t}");
        }
        out.imported.push(d.operation_id.clone());
        for f in files {
            if !out.files.contains(&f) {
                out.files.push(f);
            }
        }
    }
    for (_, text) in &blocks {
        out.text.push_str(text);
    }
    let _ = write!(
        out.text,
        "import: {} drafted, {} already in the spec, {} failed",
        out.imported.len(),
        out.existing.len(),
        out.failed
    );
    if out.text.contains("\n  todo: ") {
        let _ = write!(
            out.text,
            "; fill every `todo:` (codegen refuses them), then run `cargo xtask codegen` and `cargo xtask spec-diff`"
        );
    } else if !out.imported.is_empty() {
        let _ = write!(
            out.text,
            "; run `cargo xtask codegen` and `cargo xtask spec-diff`"
        );
    }
    out.text.push('\n');
    Ok(out)
}

/// The differences between the spec's endpoint `name` and the document, as spec-diff
/// reports them (allowed or not by the allow-list).
fn differences(
    existing: &mut Existing,
    doc: &serde_json::Value,
    name: &str,
    allow: &AllowList,
) -> String {
    let mut text = String::new();
    let mut all = std::mem::take(&mut existing.typed.endpoints);
    let Some(ep) = all.shift_remove(name) else {
        let _ = writeln!(
            text,
            "  cannot compare: the spec's {name} does not load into the generator's model (fix it first)"
        );
        existing.typed.endpoints = all;
        return text;
    };
    existing.typed.endpoints.insert(name.to_string(), ep);
    let report = spec_diff::compare(&existing.typed, doc);
    let ids: Vec<String> = report.differences().map(str::to_string).collect();
    if let Some(ep) = existing.typed.endpoints.shift_remove(name) {
        all.insert(name.to_string(), ep);
    }
    existing.typed.endpoints = all;
    if ids.is_empty() {
        let _ = writeln!(text, "  no differences");
    }
    for id in ids {
        let mark = if allow.find(&id).is_some() {
            "allowed    "
        } else {
            "not allowed"
        };
        let _ = writeln!(text, "  {mark}  {id}");
    }
    text
}

/// Appends a draft to its files; returns them.
fn write_draft(
    spec_dir: &Path,
    d: &Draft,
    doc: &serde_json::Value,
) -> Result<Vec<PathBuf>, String> {
    let source = spec_diff::openapi::title(doc);
    let mut files = Vec::new();
    let endpoints = spec_dir.join("endpoints").join(format!("{}.yaml", d.group));
    append(
        &endpoints,
        "endpoints",
        &[(d.name.clone(), d.endpoint.clone())],
        &d.group,
        &source,
    )?;
    files.push(endpoints);
    if !d.schemas.is_empty() {
        let f = spec_dir.join("schemas").join(format!("{}.yaml", d.group));
        append(&f, "schemas", &d.schemas, &d.group, &source)?;
        files.push(f);
    }
    if !d.request_schemas.is_empty() {
        let f = spec_dir.join("requests").join(format!("{}.yaml", d.group));
        append(&f, "request_schemas", &d.request_schemas, &d.group, &source)?;
        files.push(f);
    }
    if !d.enums.is_empty() {
        let f = spec_dir.join("enums").join(format!("{}.yaml", d.group));
        append(&f, "enums", &d.enums, &d.group, &source)?;
        files.push(f);
    }
    Ok(files)
}

/// Appends entries to the `section:` of a file that holds only that section (created with a
/// header when missing).
fn append(
    file: &Path,
    section: &str,
    entries: &[(String, Y)],
    group: &str,
    source: &str,
) -> Result<(), String> {
    let mut text = if file.exists() {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let v: serde_yaml::Value = serde_yaml::from_str(&text)
            .map_err(|e| format!("{} is not YAML: {e}", file.display()))?;
        let keys: Vec<String> = v
            .as_mapping()
            .map(|m| {
                m.keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        // An endpoint file may begin with its `feature:`.
        let alone = keys == [section] || (section == "endpoints" && keys == ["feature", section]);
        if !alone {
            return Err(format!(
                "cannot append to {}: it has the sections [{}]; the importer appends only to a file with `{section}:` alone (after `feature:` in an endpoint file)",
                file.display(),
                keys.join(", ")
            ));
        }
        text
    } else {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // A new endpoint file is a new module behind a cargo feature of its own, off by
        // default.
        let feature = if section == "endpoints" {
            format!(
                "\nfeature:\n  name: {group}\n  description: \"The {group} endpoints (drafted by cargo xtask import: say what they do).\"\n"
            )
        } else {
            String::new()
        };
        format!(
            "# The {group} {section} of the X API v2, drafted by `cargo xtask import` from {source}.\n\
             # Fill every `todo:` (codegen refuses it) and check the result with `cargo xtask spec-diff`.\n\
             {feature}\n{section}:\n"
        )
    };
    for (name, node) in entries {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if !text.ends_with(&format!("{section}:\n")) {
            text.push('\n');
        }
        yaml::entry(&mut text, 2, name, node);
    }
    std::fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))
}
