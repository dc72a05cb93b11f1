//! The report: a [`Report`] rendered against the allow-list into the printed text and its
//! numbers.

use super::allow::AllowList;
use super::compare::Report;
use std::fmt::Write as _;

/// How the report shows the operations of the document that the spec does not have. They are
/// never differences (the spec covers a part of the API), so they never fail the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotInSpec {
    /// Not shown: the report is about the spec's endpoints only.
    #[default]
    Hidden,
    /// Counted in the summary line.
    Counted,
    /// Counted in the summary line and listed before it, one `METHOD /path` a line.
    Listed,
}

/// The rendered report and its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The whole report, as printed.
    pub text: String,
    /// Every difference.
    pub differences: usize,
    /// Differences named by the allow-list.
    pub allowed: usize,
    /// Differences not named by the allow-list: non-zero fails the command.
    pub not_allowed: usize,
    /// Allow-list entries that matched nothing.
    pub unused: Vec<String>,
    /// Endpoints of the spec that the document does not have.
    pub not_in_document: usize,
    /// Operations the document has.
    pub document_operations: usize,
    /// Operations of the document that the spec does not have (never a failure).
    pub not_in_spec: usize,
}

impl Outcome {
    /// Whether every difference is allowed.
    pub fn is_clean(&self) -> bool {
        self.not_allowed == 0
    }
}

/// Renders a report against an allow-list: the differences of the spec's endpoints only
/// (`render_with(report, allow, NotInSpec::Hidden)`).
pub fn render(report: &Report, allow: &AllowList) -> Outcome {
    render_with(report, allow, NotInSpec::Hidden)
}

/// Renders a report against an allow-list, showing the operations of the document that the
/// spec does not have as `not_in_spec` says.
pub fn render_with(report: &Report, allow: &AllowList, not_in_spec: NotInSpec) -> Outcome {
    let mut text = String::new();
    let mut used = vec![false; allow.entries.len()];
    let (mut allowed, mut not_allowed, mut not_in_document) = (0, 0, 0);
    let _ = writeln!(text, "spec-diff: the spec against {}", report.document);
    for ep in &report.endpoints {
        let _ = writeln!(text, "{} ({})", ep.operation, ep.route);
        if !ep.in_document {
            not_in_document += 1;
            let _ = writeln!(text, "  {}: not in this document", ep.operation);
            continue;
        }
        if ep.differences.is_empty() {
            let _ = writeln!(text, "  no differences");
        }
        for id in &ep.differences {
            classify(
                id,
                allow,
                &mut used,
                &mut allowed,
                &mut not_allowed,
                &mut text,
            );
        }
    }
    // Differences inside schemas, once each, whichever endpoints reach them.
    for schema in report.schemas.iter().filter(|s| !s.differences.is_empty()) {
        let _ = writeln!(text, "{} at {}", schema.label, schema.location);
        for id in &schema.differences {
            classify(
                id,
                allow,
                &mut used,
                &mut allowed,
                &mut not_allowed,
                &mut text,
            );
        }
    }
    let unused: Vec<String> = allow
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((p, _), _)| p.clone())
        .collect();
    for p in &unused {
        let _ = writeln!(text, "warning: unused allow-list entry: {p}");
    }
    let (missing, total) = (report.not_in_spec.len(), report.document_operations);
    if not_in_spec == NotInSpec::Listed && missing > 0 {
        let _ = writeln!(
            text,
            "not in the spec ({missing} of the document's {total} operation{}):",
            plural(total)
        );
        for route in &report.not_in_spec {
            let _ = writeln!(text, "  {route}");
        }
    }
    let differences = allowed + not_allowed;
    let _ = write!(
        text,
        "spec-diff: {differences} difference{}, {allowed} allowed, {not_allowed} not allowed",
        plural(differences)
    );
    if not_in_document > 0 {
        let _ = write!(
            text,
            "; {not_in_document} endpoint{} not in this document",
            plural(not_in_document)
        );
    }
    if not_in_spec != NotInSpec::Hidden && missing > 0 {
        let _ = write!(
            text,
            "; {missing} of the document's {total} operation{} not in the spec",
            plural(total)
        );
        if not_in_spec == NotInSpec::Counted {
            let _ = write!(text, " (--verbose lists them)");
        }
    }
    if !unused.is_empty() {
        let _ = write!(
            text,
            "; {} unused allow-list entr{}",
            unused.len(),
            if unused.len() == 1 { "y" } else { "ies" }
        );
    }
    text.push('\n');
    Outcome {
        text,
        differences,
        allowed,
        not_allowed,
        unused,
        not_in_document,
        document_operations: total,
        not_in_spec: missing,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Prints one difference as allowed or not, and counts it.
fn classify(
    id: &str,
    allow: &AllowList,
    used: &mut [bool],
    allowed: &mut usize,
    not_allowed: &mut usize,
    text: &mut String,
) {
    match allow.find(id) {
        Some(i) => {
            used[i] = true;
            *allowed += 1;
            let _ = writeln!(text, "  allowed      {id}");
        }
        None => {
            *not_allowed += 1;
            let _ = writeln!(text, "  not allowed  {id}");
        }
    }
}
