//! Stage 1: read every `*.yaml` file below the spec folder into [`SpecFile`]s.

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::SpecFile;
use std::path::{Path, PathBuf};

/// A parsed spec file with its source kept for locating later diagnostics.
#[derive(Debug)]
pub struct LoadedFile {
    /// Name shown in diagnostics (`spec/endpoints/likes.yaml`).
    pub display: String,
    /// Path relative to the spec folder (`endpoints/likes.yaml`).
    pub relative: PathBuf,
    /// The YAML text.
    pub source: String,
    /// The parsed content.
    pub spec: SpecFile,
}

/// Reads and parses every `*.yaml`/`*.yml` file below `dir`, in sorted path order.
/// All parse errors are collected before returning.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedFile>, Diagnostics> {
    let dir_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    let mut paths = Vec::new();
    if let Err(e) = collect(dir, &mut paths) {
        return Err(Diagnostics(vec![Diagnostic {
            file: dir.display().to_string(),
            line: None,
            column: None,
            key_path: String::new(),
            message: format!("cannot read the spec folder: {e}"),
            hint: Some("run from the workspace root, or pass --spec DIR".into()),
        }]));
    }
    paths.sort();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        let display = format!("{dir_name}/{}", relative.display()).replace('\\', "/");
        match std::fs::read_to_string(&path) {
            Err(e) => errors.push(Diagnostic {
                file: display,
                line: None,
                column: None,
                key_path: String::new(),
                message: format!("cannot read file: {e}"),
                hint: None,
            }),
            Ok(source) => match parse_str(&display, &source) {
                Ok(spec) => files.push(LoadedFile {
                    display,
                    relative,
                    source,
                    spec,
                }),
                Err(d) => errors.push(*d),
            },
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(Diagnostic {
            file: dir.display().to_string(),
            line: None,
            column: None,
            key_path: String::new(),
            message: "the spec folder has no .yaml files".into(),
            hint: Some("add spec files (see spec/README.md)".into()),
        });
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Parses one YAML document; a syntax error or an unknown key becomes a located diagnostic.
pub fn parse_str(display: &str, source: &str) -> Result<SpecFile, Box<Diagnostic>> {
    if source.trim().is_empty() {
        return Ok(SpecFile::default());
    }
    // A generic parse first: it rejects duplicate keys, which a typed map would silently merge.
    serde_yaml::from_str::<serde_yaml::Value>(source)
        .and_then(|_| serde_yaml::from_str::<SpecFile>(source))
        .map_err(|e| {
            let location = e.location();
            let mut message = e.to_string();
            // serde_yaml appends " at line L column C"; the location is printed separately.
            if let Some(idx) = message.find(" at line ") {
                message.truncate(idx);
            }
            let hint = if message.contains("unknown field") {
                Some("check the key's spelling against spec/README.md".to_string())
            } else if message.contains("missing field") {
                Some("add the key; spec/README.md lists what each section needs".to_string())
            } else if message.contains("duplicate entry") {
                Some("each name may be defined once; remove or rename one".to_string())
            } else {
                None
            };
            Box::new(Diagnostic {
                file: display.to_string(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                key_path: String::new(),
                message,
                hint,
            })
        })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
