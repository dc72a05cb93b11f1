//! The pure generator pipeline (`generator::generate`: load, validate, emit, format; no
//! writing) on the real `spec/` and on synthetic specs of 10, 50 and 200 endpoints.
//!
//! A synthetic spec is the real shared files (`spec/*.yaml`: auth, enums, schemas) plus N
//! renamed copies of the Likes endpoints (`spec/endpoints/likes.yaml`): copy `k` renames
//! `get_liked_tweets` to `get_liked_tweets_k` etc. and lives in `endpoints/likes_k.yaml`
//! (module `likes_k`), four endpoints per file, the last file taking the remainder.
//!
//! Also: `generate-stages` (load YAML, validate and lower, emit tokens, format) on `spec/` and
//! on 200 endpoints, and a printed table of the synthetic sizes timed in interleaved rounds
//! (per-endpoint and marginal cost under the same machine conditions).
//!
//! Run: `cargo bench -p generator --bench pipeline`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The allocator `cargo xtask codegen` runs the generator with (`xtask/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
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

/// `generator::generate` without the runtime contract: a synthetic spec renames `get_me`,
/// `like_tweet`, ... so it does not define what the client's runtime needs (it is never
/// compiled); the contract check itself is a few lookups.
fn generate_synthetic(dir: &Path) -> Vec<generator::GeneratedFile> {
    let files = generator::load::load_dir(dir).expect("loads");
    let ir = generator::lower::lower(&files, &generator::lower::Contract::NONE)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    generator::render(&ir).expect("renders")
}

fn count_endpoints(dir: &Path) -> usize {
    let files = generator::load::load_dir(dir).expect("loads");
    let ir = generator::lower::lower(&files, &generator::lower::Contract::NONE)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
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
        let lines: usize = generate_synthetic(&dir)
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        println!("synthetic spec of {n} endpoints: {lines} generated lines");
        g.throughput(Throughput::Elements(n as u64));
        if n == 200 {
            g.sample_size(10).measurement_time(Duration::from_secs(5));
        }
        g.bench_function(BenchmarkId::new("synthetic", n), |b| {
            b.iter(|| generate_synthetic(black_box(&dir)))
        });
    }
    g.finish();
    if std::env::args().any(|a| a == "--bench") {
        scaling_table(&root); // not in `cargo test --benches` smoke runs
        file_table(&real);
    }

    // Where the time goes: the pipeline's stages, on spec/ and on the 200-endpoint spec.
    let mut g = c.benchmark_group("generate-stages");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for (name, dir) in [
        ("spec", real.clone()),
        ("synthetic200", root.join("spec200")),
    ] {
        let files = generator::load::load_dir(&dir).expect("loads");
        let ir =
            generator::lower::lower(&files, &generator::lower::Contract::NONE).expect("validates");
        g.bench_function(BenchmarkId::new("1-load-yaml", name), |b| {
            b.iter(|| generator::load::load_dir(black_box(&dir)).expect("loads"))
        });
        g.bench_function(BenchmarkId::new("2-validate-lower", name), |b| {
            b.iter(|| {
                generator::lower::lower(black_box(&files), &generator::lower::Contract::NONE)
                    .expect("validates")
            })
        });
        g.bench_function(BenchmarkId::new("3-emit-tokens", name), |b| {
            b.iter(|| emit_all(black_box(&ir)))
        });
        g.bench_function(BenchmarkId::new("4-format", name), |b| {
            b.iter_batched(
                || emit_all(&ir),
                |files| {
                    files
                        .into_iter()
                        .map(|t| generator::format::format_file(t).expect("formats"))
                        .collect::<Vec<_>>()
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&root);
}

/// On a noisy machine, criterion's groups run minutes apart; this prints the synthetic sizes
/// timed in interleaved rounds (the fastest of 7 per size), so that the per-endpoint and
/// marginal costs compare numbers taken under the same conditions.
fn scaling_table(root: &Path) {
    const SIZES: [usize; 3] = [10, 50, 200];
    let mut best = [Duration::MAX; SIZES.len()];
    for _ in 0..7 {
        for (i, n) in SIZES.iter().enumerate() {
            let dir = root.join(format!("spec{n}"));
            let started = std::time::Instant::now();
            black_box(generate_synthetic(&dir));
            best[i] = best[i].min(started.elapsed());
        }
    }
    println!("generate, synthetic specs, fastest of 7 interleaved rounds:");
    println!(
        "{:>9} {:>10} {:>14} {:>22}",
        "endpoints", "time", "per endpoint", "marginal per endpoint"
    );
    for (i, n) in SIZES.iter().enumerate() {
        let ms = best[i].as_secs_f64() * 1e3;
        let marginal = if i == 0 {
            String::from("-")
        } else {
            let prev = best[i - 1].as_secs_f64() * 1e3;
            format!("{:.2} ms", (ms - prev) / (n - SIZES[i - 1]) as f64)
        };
        println!(
            "{n:>9} {ms:>7.1} ms {:>11.2} ms {marginal:>22}",
            ms / *n as f64
        );
    }
}

/// Where the time of `spec/` goes, file by file, on one thread (fastest of 5): emitting the
/// tokens, parsing them with syn, and printing them with prettyplease.
fn file_table(spec: &Path) {
    let ir = generator::load_ir(spec).expect("spec/ lowers");
    let names: Vec<_> = generator::emit_files(&ir)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut best = vec![[Duration::MAX; 3]; names.len()];
    for _ in 0..5 {
        for (i, (_, tokens)) in generator::emit_files(&ir).into_iter().enumerate() {
            let started = std::time::Instant::now();
            let file: syn::File = syn::parse2(tokens).expect("parses");
            let parsed = started.elapsed();
            black_box(prettyplease::unparse(&file));
            let printed = started.elapsed() - parsed;
            best[i][1] = best[i][1].min(parsed);
            best[i][2] = best[i][2].min(printed);
        }
        let mut emitted = Vec::new();
        for (i, _) in names.iter().enumerate() {
            let started = std::time::Instant::now();
            let tokens = emit_one(&ir, i);
            emitted.push(started.elapsed());
            black_box(tokens);
        }
        for (b, e) in best.iter_mut().zip(emitted) {
            b[0] = b[0].min(e);
        }
    }
    println!(
        "generate spec/, by file, one thread, fastest of 5 (ms): emit, syn parse, prettyplease"
    );
    let mut total = [0.0; 3];
    for (name, b) in names.iter().zip(&best) {
        let ms = b.map(|d| d.as_secs_f64() * 1e3);
        println!(
            "{:>22} {:>7.1} {:>7.1} {:>7.1}",
            name.display(),
            ms[0],
            ms[1],
            ms[2]
        );
        for (t, m) in total.iter_mut().zip(ms) {
            *t += m;
        }
    }
    println!(
        "{:>22} {:>7.1} {:>7.1} {:>7.1}",
        "total", total[0], total[1], total[2]
    );
}

/// The tokens of output file `i` alone (emitting every file and keeping one would time all).
fn emit_one(ir: &generator::ir::Ir, i: usize) -> proc_macro2::TokenStream {
    generator::emit_file(ir, i)
}

/// The token streams of every output file, as `generator::render` emits them before
/// formatting.
fn emit_all(ir: &generator::ir::Ir) -> Vec<proc_macro2::TokenStream> {
    generator::emit_files(ir)
        .into_iter()
        .map(|(_, tokens)| tokens)
        .collect()
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
