//! Generator goldens: the checked-in outputs are exactly what the specs produce, generation is
//! byte-for-byte deterministic, and `--check` catches hand edits and stray files.

use generator::write::{check, write};
use generator::{Difference, GeneratedFile};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twitter-golden-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(spec: &str) -> Vec<GeneratedFile> {
    generator::generate(&root().join(spec)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn obstacle_course_output_is_checked_in() {
    let files = generate("tests/obstacle-course/spec");
    let diffs = check(&root().join("tests/obstacle-course/src/generated"), &files).unwrap();
    assert!(
        diffs.is_empty(),
        "run `cargo xtask codegen --spec tests/obstacle-course/spec --out tests/obstacle-course/src/generated`: {diffs:?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let a = generate("spec");
    let b = generate("spec");
    assert_eq!(a, b);
    // mod.rs, enums.rs, models.rs, ids.rs when the spec has id kinds, requests.rs when it has
    // request schemas, then one module per endpoint file, in file order, and the fake X API's
    // route table last.
    let names: Vec<_> = a.iter().map(|f| f.path.display().to_string()).collect();
    let mut endpoint_files: Vec<String> = std::fs::read_dir(root().join("spec/endpoints"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
                + ".rs"
        })
        .collect();
    endpoint_files.sort();
    let mut expected = vec!["mod.rs".to_owned(), "enums.rs".into(), "models.rs".into()];
    let spec = generator::load_checked_spec(&root().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    if !spec.id_kinds.is_empty() {
        expected.push("ids.rs".into());
    }
    if !spec.request_schemas.is_empty() {
        expected.push("requests.rs".into());
    }
    expected.extend(endpoint_files);
    expected.push("fake.rs".into());
    assert_eq!(names, expected);
    assert!(names.contains(&"likes.rs".to_owned()));
}

#[test]
fn every_file_starts_with_the_do_not_edit_header() {
    for f in generate("spec")
        .iter()
        .chain(generate("tests/obstacle-course/spec").iter())
    {
        let first = f.contents.lines().next().unwrap();
        assert_eq!(first, generator::format::HEADER, "{}", f.path.display());
        assert!(first.contains("Do not edit by hand"));
    }
}

#[test]
fn check_catches_hand_edits_missing_and_stray_files_and_write_repairs_them() {
    let files = generate("spec");
    let dir = scratch("sync");
    assert_eq!(
        write(&dir, &files).unwrap().len(),
        files.len(),
        "first write creates every file"
    );
    assert!(check(&dir, &files).unwrap().is_empty());

    // A hand edit, a deleted file and a stray file.
    let models = dir.join("models.rs");
    let edited = std::fs::read_to_string(&models)
        .unwrap()
        .replace("pub struct Tweet", "pub struct Twee");
    std::fs::write(&models, edited).unwrap();
    std::fs::remove_file(dir.join("likes.rs")).unwrap();
    std::fs::write(dir.join("old_endpoints.rs"), "// left over\n").unwrap();
    let diffs = check(&dir, &files).unwrap();
    assert_eq!(
        diffs,
        vec![
            Difference::Changed("models.rs".into()),
            Difference::Missing("likes.rs".into()),
            Difference::Stray("old_endpoints.rs".into()),
        ]
    );

    // Windows line endings alone are not a difference.
    let mod_rs = dir.join("mod.rs");
    let crlf = std::fs::read_to_string(&mod_rs)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&mod_rs, crlf).unwrap();

    write(&dir, &files).unwrap();
    assert!(check(&dir, &files).unwrap().is_empty());
    assert!(
        !dir.join("old_endpoints.rs").exists(),
        "stray files are deleted"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_spec_writes_nothing() {
    let spec = scratch("bad-spec");
    let out = scratch("bad-out");
    std::fs::write(spec.join("api.yaml"), "schemas:\n  Thing:\n    description: x\n    properties:\n      a: { type: Strng, description: typo }\n").unwrap();
    let err = generator::generate(&spec).unwrap_err().to_string();
    assert!(err.contains("unknown type `Strng`"), "{err}");
    assert!(err.contains("did you mean `string`?"), "{err}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    std::fs::remove_dir_all(&spec).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn generated_endpoint_code_is_small() {
    // Repeated logic lives in the runtime: each endpoint is metadata, a builder and setters.
    let files = generate("spec");
    let likes = files
        .iter()
        .find(|f| f.path == Path::new("likes.rs"))
        .unwrap();
    let code_lines = likes
        .contents
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .count();
    assert!(
        code_lines / 4 < 150,
        "{code_lines} code lines for 4 endpoints"
    );
}

#[test]
fn every_runtime_import_is_used() {
    // A spec that leaves out optional keys (the obstacle course's `get_me` has no params,
    // pagination, scopes, rate limits or docs_url) must not leave an unused import: the
    // obstacle course compiles under `deny(warnings)`, and this finds one without compiling.
    let specs = [generate("spec"), generate("tests/obstacle-course/spec")];
    let modules: Vec<&GeneratedFile> = specs
        .iter()
        .flatten()
        .filter(|f| f.contents.contains("use crate::runtime::{"))
        .collect();
    assert!(
        modules
            .iter()
            .any(|f| f.path == Path::new("minimal.rs") && !f.contents.contains("Param::")),
        "the obstacle course has a module without parameters"
    );
    for f in modules {
        let line = f
            .contents
            .lines()
            .find(|l| l.starts_with("use crate::runtime::{"))
            .unwrap();
        let names = line
            .trim_start_matches("use crate::runtime::{")
            .trim_end_matches("};");
        let rest = f.contents.replacen(line, "", 1);
        for name in names.split(", ") {
            assert!(
                rest.contains(&format!("{name}::"))
                    || rest.contains(&format!("{name}<"))
                    || rest.contains(&format!(": {name} ")),
                "{}: `{name}` is imported but not used",
                f.path.display()
            );
        }
    }
}
