//! Whole solves of generated problems: parse, compile, flow, evaluate. The national week
//! (42 regions, 40,000 clinicians) takes tens of seconds per run; select it with
//! `cargo bench -p rotaflow-benches --bench solve -- national`.
#![allow(missing_docs)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rotaflow::{Problem, SolveOptions};
use rotaflow_synth::GenerateOptions;

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
        let problem = rotaflow_synth::generate(&options).expect("generates");
        let json = problem.to_json();
        group.bench_function(format!("{name}/solve"), |b| {
            b.iter(|| rotaflow::solve(&problem, &SolveOptions::new()).expect("solves"))
        });
        group.bench_function(format!("{name}/parse"), |b| {
            b.iter(|| Problem::from_json(&json).expect("parses"))
        });
        // End to end as the command runs it: read (from memory), solve, write.
        group.bench_function(format!("{name}/end_to_end"), |b| {
            b.iter(|| {
                let p = Problem::from_json(&json).expect("parses");
                rotaflow::solve(&p, &SolveOptions::new())
                    .expect("solves")
                    .to_json()
            })
        });
    }
    group.finish();
}

fn bench_national(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(120));
    let problem = rotaflow_synth::generate(&rotaflow_benches::national_week()).expect("generates");
    let json = problem.to_json();
    group.bench_function("national_week/end_to_end", |b| {
        b.iter(|| {
            let p = Problem::from_json(&json).expect("parses");
            rotaflow::solve(&p, &SolveOptions::new())
                .expect("solves")
                .to_json()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_solve, bench_national);
criterion_main!(benches);
