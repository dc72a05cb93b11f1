//! Helpers for the passes' unit tests: small specs from YAML strings.

use super::{lower, Contract, Ctx};
use crate::ir::Ir;
use crate::load::{parse_str, LoadedFile};
use std::path::PathBuf;

/// Parses `(name, yaml)` pairs as spec files (`spec/<name>`).
pub fn files(sources: &[(&str, &str)]) -> Vec<LoadedFile> {
    sources
        .iter()
        .map(|(name, source)| LoadedFile {
            display: format!("spec/{name}"),
            relative: PathBuf::from(name),
            source: source.to_string(),
            spec: parse_str(name, source).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect()
}

/// The problems reported so far, as printed.
pub fn errors_of(cx: &Ctx) -> Vec<String> {
    cx.errors.borrow().iter().map(|d| d.to_string()).collect()
}

/// Lowers one file (`spec/api.yaml`) without a runtime contract; panics on errors.
pub fn lower_ok(yaml: &str) -> Ir {
    lower(&files(&[("api.yaml", yaml)]), &Contract::NONE).unwrap_or_else(|e| panic!("{e}"))
}

/// Lowers one file with `contract`; the problems, as printed (empty when it lowers).
pub fn lower_errors_with(yaml: &str, contract: &Contract) -> Vec<String> {
    match lower(&files(&[("api.yaml", yaml)]), contract) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|d| d.to_string()).collect(),
    }
}

/// Lowers one file without a runtime contract; the problems, as printed.
pub fn lower_errors(yaml: &str) -> Vec<String> {
    let errors = lower_errors_with(yaml, &Contract::NONE);
    assert!(!errors.is_empty(), "the spec was accepted");
    errors
}

/// A spec with an app-only auth scheme, a request enum `Field`, a response enum `Kind`, a
/// schema `Thing` and one endpoint `do_it` with the given method, path, `params` entries
/// (indented under `params:`) and extra endpoint keys.
pub fn endpoint_spec(method: &str, path: &str, params: &str, extra: &str) -> String {
    format!(
        r#"
auth:
  app: {{ context: app, description: App. }}
enums:
  Field: {{ kind: request, description: F., values: [{{ value: id, description: Id. }}] }}
  Kind: {{ kind: response, description: K., values: [{{ value: a, description: A. }}] }}
schemas:
  Thing: {{ description: T., properties: {{ id: {{ type: string, description: Id. }} }} }}
endpoints:
  do_it:
    method: {method}
    path: {path}
    summary: Does it.
    auth: [app]
    response: Thing
    params:{params}{extra}
"#
    )
}

/// Each problem contains its expected text, in order, and there are no others.
pub fn assert_errors(errors: &[String], expected: &[&str]) {
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (e, want) in errors.iter().zip(expected) {
        assert!(e.contains(want), "{e} should contain {want}");
    }
}
