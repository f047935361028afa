//! Benchmark support for rotaflow: the criterion benches live in `benches/`, the
//! peer-comparison script in `peers/`.
//!
//! Run the benches with `cargo bench -p rotaflow-benches`; write the DIMACS suite the peers
//! are compared on with `cargo run --release -p rotaflow-benches --bin write-suite -- DIR`.

use rotaflow::mcf::{FlowNetwork, NodeId};

/// The generator options of the ICS-sized week the benches solve.
pub fn ics_week() -> rotaflow_synth::GenerateOptions {
    rotaflow_synth::GenerateOptions::default()
}

/// The generator options of the national week (42 regions, about 40,000 clinicians).
pub fn national_week() -> rotaflow_synth::GenerateOptions {
    rotaflow_synth::GenerateOptions::national()
}

/// A NETGEN family: how the generator's parameters follow the node count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// NETGEN-8 (Kovács 2015): sparse, 8 arcs per node, `√n` sources and sinks, costs
    /// 1–10,000, capacities 1–1,000.
    Netgen8,
    /// NETGEN-LO-8: as NETGEN-8 with costs 1–10 (many ties, degenerate pivots).
    NetgenLo8,
    /// NETGEN-SR: dense, `√n` arcs per node (so `n^1.5` arcs).
    NetgenSr,
}

impl Family {
    /// All families.
    pub const ALL: [Family; 3] = [Family::Netgen8, Family::NetgenLo8, Family::NetgenSr];

    /// The family's name in file names and tables.
    pub fn name(self) -> &'static str {
        match self {
            Family::Netgen8 => "netgen8",
            Family::NetgenLo8 => "netgen_lo8",
            Family::NetgenSr => "netgen_sr",
        }
    }

    /// NETGEN's parameters for `2^log2n` nodes.
    pub fn params(self, log2n: u32) -> netgen_rs::NetgenParams {
        let n: i64 = 1 << log2n;
        let root = 1i64 << log2n.div_ceil(2);
        let (density, maxcost) = match self {
            Family::Netgen8 => (8 * n, 10_000),
            Family::NetgenLo8 => (8 * n, 10),
            Family::NetgenSr => (n * root, 10_000),
        };
        netgen_rs::NetgenParams {
            nodes: n,
            sources: root,
            sinks: root,
            density,
            mincost: 1,
            maxcost,
            supply: 1000 * root,
            tsources: 0,
            tsinks: 0,
            hicost_pct: 30,
            capacitated_pct: 100,
            mincap: 1,
            maxcap: 1000,
        }
    }
}

/// A NETGEN network of `family` with `2^log2n` nodes, as the engine's network (arcs in
/// the generator's order, nodes numbered from 0).
///
/// # Panics
/// If NETGEN refuses the parameters (it does not for the families above).
pub fn netgen(family: Family, log2n: u32, seed: i64) -> FlowNetwork {
    let params = family.params(log2n);
    let result = netgen_rs::generate(seed, &params).expect("NETGEN parameters are valid");
    let mut net = FlowNetwork::with_capacity(params.nodes as usize, result.arcs.len());
    for _ in 0..params.nodes {
        net.add_node();
    }
    for (v, &b) in result.supply.iter().enumerate() {
        net.set_supply(NodeId(v as u32), b);
    }
    for arc in &result.arcs {
        net.add_arc(
            NodeId(arc.from as u32 - 1),
            NodeId(arc.to as u32 - 1),
            0,
            arc.capacity,
            arc.cost,
        );
    }
    net
}

/// The rostering network of a generated problem, with every unbounded capacity made
/// finite (see [`rotaflow::mcf::dimacs::with_finite_capacities`]).
///
/// # Panics
/// If the options are invalid or the problem is not flow-representable (generated
/// problems always are).
pub fn rostering(options: &rotaflow_synth::GenerateOptions) -> FlowNetwork {
    let problem = rotaflow_synth::generate(options).expect("valid options");
    let index = rotaflow::Index::build(&problem).expect("valid problem");
    let rn = rotaflow::rostering_network(&index).expect("flow-representable");
    rotaflow::mcf::dimacs::with_finite_capacities(&rn.network)
}
