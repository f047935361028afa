//! The min-cost-flow engine alone, on NETGEN networks (2^12 … 2^16 nodes) and on the
//! rostering networks of generated weeks.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rotaflow::GenerateOptions;
use rotaflow::mcf;
use rotaflow_benches::{Family, netgen, rostering};

fn bench_netgen(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine/netgen");
    group.sample_size(10);
    for family in [Family::Netgen8, Family::NetgenLo8] {
        for k in [12u32, 14, 16] {
            let net = netgen(family, k, 13_502_460 + i64::from(k));
            group.bench_with_input(
                BenchmarkId::new(family.name(), 1u32 << k),
                &net,
                |b, net| b.iter(|| mcf::solve(net).expect("in range")),
            );
        }
    }
    group.finish();
}

fn bench_rostering(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine/rostering");
    group.sample_size(10);
    for (name, options) in [
        (
            "small_200",
            GenerateOptions {
                clinicians: 200,
                sites: 24,
                seed: 1,
                ..GenerateOptions::default()
            },
        ),
        (
            "ics_week",
            GenerateOptions {
                seed: 1,
                ..GenerateOptions::default()
            },
        ),
    ] {
        let net = rostering(&options);
        group.bench_function(name, |b| b.iter(|| mcf::solve(&net).expect("in range")));
    }
    group.finish();
}

criterion_group!(benches, bench_netgen, bench_rostering);
criterion_main!(benches);
