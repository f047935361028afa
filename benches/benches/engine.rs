//! The min-cost-flow engine alone, on NETGEN networks (2^12 … 2^16 nodes) and on the
//! rostering networks of generated weeks.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rotaflow::mcf::{self, ArcId, FlowNetwork, NodeId};
use rotaflow_benches::{Family, netgen, rostering};
use rotaflow_synth::GenerateOptions;

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
        // A clinician cancels: close every arc out of the busiest node carrying flow
        // (a clinician, or the source's share of one), then re-solve cold and warm.
        let first = mcf::solve(&net).expect("in range");
        let edited = cancel_one(&net, &first.flow);
        group.bench_function(format!("{name}/resolve_cold"), |b| {
            b.iter(|| mcf::solve(&edited).expect("in range"))
        });
        group.bench_function(format!("{name}/resolve_warm"), |b| {
            b.iter(|| mcf::solve_warm(&edited, &first.flow).expect("in range"))
        });
    }
    group.finish();
}

/// `net` with the flow-carrying arcs out of one mid-network node closed (a cancellation).
fn cancel_one(net: &FlowNetwork, flow: &[i64]) -> FlowNetwork {
    // The tail of the 1000th flow-carrying unit-capacity arc: a clinician's slot or day.
    let victim = (0..net.arc_count())
        .map(|a| ArcId(a as u32))
        .filter(|&a| flow[a.index()] > 0 && net.upper(a) == 1)
        .nth(1000)
        .map(|a| net.tail(a));
    let mut out = FlowNetwork::with_capacity(net.node_count(), net.arc_count());
    for v in 0..net.node_count() {
        let node = out.add_node();
        out.set_supply(node, net.supply(NodeId(v as u32)));
    }
    for a in 0..net.arc_count() {
        let arc = ArcId(a as u32);
        let closed = Some(net.tail(arc)) == victim && net.lower(arc) == 0;
        let upper = if closed { 0 } else { net.upper(arc) };
        out.add_arc(
            net.tail(arc),
            net.head(arc),
            net.lower(arc),
            upper,
            net.cost(arc),
        );
    }
    out
}

criterion_group!(benches, bench_netgen, bench_rostering);
criterion_main!(benches);
