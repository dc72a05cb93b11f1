//! The pure generator pipeline (`generator::generate`: load, validate, emit, format; no
//! writing) on the real `spec/` and on synthetic specs of 10, 50 and 200 endpoints.
//!
//! A synthetic spec is the real shared files (`spec/*.yaml`: auth, enums, schemas) plus N
//! renamed copies of the Likes endpoints (`spec/endpoints/likes.yaml`): copy `k` renames
//! `get_liked_tweets` to `get_liked_tweets_k` etc. and lives in `endpoints/likes_k.yaml`
//! (module `likes_k`), four endpoints per file, the last file taking the remainder.
//!
//! Run: `cargo bench -p generator --bench pipeline`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_yaml::{Mapping, Value};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// Writes a synthetic spec of `endpoints` endpoints into `dir` (created anew).
fn synthetic_spec(dir: &Path, endpoints: usize) {
    let spec = Path::new(SPEC);
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("clear temp spec dir");
    }
    std::fs::create_dir_all(dir.join("endpoints")).expect("create temp spec dir");
    // The shared files: every top-level *.yaml (the generator skips its tool data itself).
    for entry in std::fs::read_dir(spec).expect("read spec/") {
        let path = entry.expect("spec/ entry").path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).expect("copy shared file");
        }
    }
    let likes: Value = serde_yaml::from_str(
        &std::fs::read_to_string(spec.join("endpoints/likes.yaml")).expect("read likes.yaml"),
    )
    .expect("likes.yaml is YAML");
    let ops: Vec<(String, Value)> = likes["endpoints"]
        .as_mapping()
        .expect("likes.yaml has endpoints")
        .iter()
        .map(|(k, v)| (k.as_str().expect("operation name").to_owned(), v.clone()))
        .collect();
    let per_file = ops.len();
    let mut copy = 0;
    let mut written = 0;
    while written < endpoints {
        copy += 1;
        let mut map = Mapping::new();
        for (name, def) in ops.iter().take(endpoints - written) {
            map.insert(Value::from(format!("{name}_{copy}")), def.clone());
            written += 1;
        }
        let mut file = Mapping::new();
        file.insert(Value::from("endpoints"), Value::Mapping(map));
        std::fs::write(
            dir.join(format!("endpoints/likes_{copy}.yaml")),
            serde_yaml::to_string(&file).expect("serialise spec"),
        )
        .expect("write endpoints file");
    }
    assert!(per_file > 0 && written == endpoints);
}

fn count_endpoints(dir: &Path) -> usize {
    let ir = generator::load_ir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    ir.groups.iter().map(|g| g.endpoints.len()).sum()
}

fn pipeline(c: &mut Criterion) {
    let real = PathBuf::from(SPEC);
    let real_endpoints = count_endpoints(&real);
    let mut g = c.benchmark_group("generate");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(real_endpoints as u64));
    g.bench_function(BenchmarkId::new("spec", real_endpoints), |b| {
        b.iter(|| generator::generate(black_box(&real)).expect("spec/ generates"))
    });

    let root = std::env::temp_dir().join(format!("generator-bench-{}", std::process::id()));
    for n in [10, 50, 200] {
        let dir = root.join(format!("spec{n}"));
        synthetic_spec(&dir, n);
        assert_eq!(count_endpoints(&dir), n, "synthetic spec of {n} endpoints");
        g.throughput(Throughput::Elements(n as u64));
        if n == 200 {
            g.sample_size(10).measurement_time(Duration::from_secs(5));
        }
        g.bench_function(BenchmarkId::new("synthetic", n), |b| {
            b.iter(|| generator::generate(black_box(&dir)).expect("synthetic spec generates"))
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
