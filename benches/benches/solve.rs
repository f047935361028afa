//! Whole solves of generated problems: parse, compile, flow, evaluate.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use rotaflow::{GenerateOptions, Problem, SolveOptions};

fn bench_solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    for (name, options) in [
        (
            "small_100x12",
            GenerateOptions {
                clinicians: 100,
                sites: 12,
                ..GenerateOptions::default()
            },
        ),
        ("ics_week", rotaflow_benches::ics_week()),
    ] {
        let problem = rotaflow::generate(&options).expect("generates");
        let json = problem.to_json();
        group.bench_function(format!("{name}/solve"), |b| {
            b.iter(|| rotaflow::solve(&problem, &SolveOptions::new()).expect("solves"))
        });
        group.bench_function(format!("{name}/parse"), |b| {
            b.iter(|| Problem::from_json(&json).expect("parses"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_solve);
criterion_main!(benches);
