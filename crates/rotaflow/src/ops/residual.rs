//! The residual network of a roster, priced with optimal potentials.
//!
//! # Formulation
//!
//! Let `f` be the flow of a roster in the network of [`crate::flow`] and `π` optimal node
//! potentials (the engine's convention: reduced cost `c_π(a) = c(a) + π(u) − π(v)` for an
//! arc `a = (u, v)`). The residual network `G_f` has a forward arc `u → v` at `c_π(a)`
//! while `f(a) < upper(a)` and a backward arc `v → u` at `−c_π(a)` while
//! `f(a) > lower(a)`. When `f` is optimal, every residual arc has a non-negative reduced
//! cost (complementary slackness holds for *every* optimal primal–dual pair), so
//! Dijkstra finds shortest paths exactly, in integers.
//!
//! * **Forcing a pair** `(s, c)` whose arc `a = (u, s)` carries no flow: the cheapest
//!   roster containing the pair differs from `f` by one cycle through `a` (the difference
//!   of two flows splits into cycles of `G_f`, all but the one through `a` of
//!   non-negative cost). Its cost is `c(a) + d(s → u) = c_π(a) + d_π(s → u)`: one
//!   Dijkstra from `s` prices every clinician for that shift, and the path is the chain
//!   of knock-on moves (a forward pair arc is an assignment, a backward one a removal).
//! * **One more unit of capacity** on an arc `S → x` (or a new arc) at cost `k`: the
//!   optimum falls by `max(0, −(k + d(x → S)))`, where
//!   `d(x → S) = d_π(x → S) − π(x) + π(S)`; one reverse Dijkstra to `S` prices every
//!   node.
//!
//! Distances are kept in `i128`: a path of up to `n` arcs of reduced costs near the
//! engine's limits could overflow `i64`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::error::{Error, Obstacle, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::mcf::{self, ArcId, FlowNetwork, FlowStatus, NodeId};
use crate::solve::flow::{Model, flow_model};

/// A (shift, clinician) pair.
pub(crate) type Pair = (ShiftIdx, ClinicianIdx);

/// A residual arc: `arc · 2` forward, `arc · 2 + 1` backward.
type Res = u32;

const NONE: u32 = u32::MAX;
/// Distance of a node that cannot be reached.
pub(crate) const UNREACHABLE: i128 = i128::MAX;

/// Whether the residual method applies to a roster.
pub(crate) enum Pricing {
    /// The roster is optimal: its residual network, priced exactly.
    Exact(Box<Residual>),
    /// The problem is flow-representable but the roster is not an optimal flow; the
    /// sentence says why.
    Inexact(String),
    /// The problem is not flow-representable.
    NotRepresentable(Vec<Obstacle>),
    /// No roster meets the minimums and pins.
    Infeasible,
}

/// Shortest-path tree of the residual network.
pub(crate) struct Paths {
    /// Reduced distance (from the root, or to it for a reverse tree).
    pub(crate) dist: Vec<i128>,
    /// The residual arc entering (forward tree) or leaving (reverse tree) each node.
    link: Vec<Res>,
}

/// A roster's flow with optimal potentials and its residual adjacency.
pub(crate) struct Residual {
    pub(crate) model: Model,
    pub(crate) flow: Vec<i64>,
    pub(crate) potential: Vec<i64>,
    out_start: Vec<u32>,
    out_list: Vec<Res>,
    in_start: Vec<u32>,
    in_list: Vec<Res>,
    /// For each arc, its position in `model.pair_arcs`, or `NONE`.
    arc_pair: Vec<u32>,
    pair_arc: HashMap<(ShiftIdx, ClinicianIdx), ArcId>,
}

impl Residual {
    /// Solve the problem and price the residual network of the optimal flow; returns the
    /// residual network and the optimal assignments.
    pub(crate) fn solved(index: &Index<'_>) -> Result<Pricing> {
        Self::price(index, None)
    }

    /// Price the residual network of `pairs`, when they are an optimal roster.
    pub(crate) fn for_roster(
        index: &Index<'_>,
        pairs: &[(ShiftIdx, ClinicianIdx)],
    ) -> Result<Pricing> {
        Self::price(index, Some(pairs))
    }

    fn price(index: &Index<'_>, pairs: Option<&[(ShiftIdx, ClinicianIdx)]>) -> Result<Pricing> {
        let model = match flow_model(index) {
            Ok(m) => m,
            Err(Error::NotFlowRepresentable(o)) => return Ok(Pricing::NotRepresentable(o)),
            Err(e) => return Err(e),
        };
        let solution = mcf::solve(&model.network)?;
        match solution.status {
            FlowStatus::Optimal => {}
            FlowStatus::Infeasible => return Ok(Pricing::Infeasible),
            FlowStatus::Unbounded => {
                return Err(Error::Internal(
                    "the flow network has an unbounded negative cycle".to_owned(),
                ));
            }
        }
        let pair_arc: HashMap<(ShiftIdx, ClinicianIdx), ArcId> = model
            .pair_arcs
            .iter()
            .map(|&(a, s, c)| ((s, c), a))
            .collect();
        let mut flow = solution.flow;
        if let Some(pairs) = pairs {
            let mut wanted = vec![0i64; model.network.arc_count()];
            let p = index.problem();
            for &(s, c) in pairs {
                match pair_arc.get(&(s, c)) {
                    Some(a) => wanted[a.index()] = 1,
                    None => {
                        return Ok(Pricing::Inexact(format!(
                            "{} may not work {} in the flow model",
                            p.clinicians[c.index()].id,
                            p.shifts[s.index()].id
                        )));
                    }
                }
            }
            if let Some(&(a, s, c)) = model
                .pair_arcs
                .iter()
                .find(|(a, _, _)| wanted[a.index()] < model.network.lower(*a))
            {
                let _ = a;
                return Ok(Pricing::Inexact(format!(
                    "the roster leaves out the pin of {} to {}",
                    p.clinicians[c.index()].id,
                    p.shifts[s.index()].id
                )));
            }
            let same = model
                .pair_arcs
                .iter()
                .all(|(a, _, _)| flow[a.index()] == wanted[a.index()]);
            if !same {
                // The rest of the roster's flow (clinician, day and slot arcs, the
                // headcount and over-staffing arcs) follows from its pair arcs; let the
                // engine find it with the pair arcs fixed.
                let fixed = with_fixed_pairs(&model, &wanted);
                let s2 = mcf::solve(&fixed)?;
                if !s2.is_optimal() {
                    return Ok(Pricing::Inexact(
                        "the roster breaks a rule of the flow model (an overlap, a maximum, a \
                         minimum or a pin)"
                            .to_owned(),
                    ));
                }
                if s2.cost != solution.cost {
                    return Ok(Pricing::Inexact(format!(
                        "the roster is not optimal: its objective is {:.2} above the optimum",
                        (s2.cost - solution.cost) as f64 / model.scale
                    )));
                }
                flow = s2.flow;
            }
        }
        let residual = Residual::new(model, flow, solution.potential, pair_arc);
        if let Some(bad) = residual.first_negative() {
            return Err(Error::Internal(format!(
                "residual arc {bad} has a negative reduced cost at an optimum"
            )));
        }
        Ok(Pricing::Exact(Box::new(residual)))
    }

    fn new(
        model: Model,
        flow: Vec<i64>,
        potential: Vec<i64>,
        pair_arc: HashMap<(ShiftIdx, ClinicianIdx), ArcId>,
    ) -> Self {
        let net = &model.network;
        let n = net.node_count();
        let mut arcs: Vec<Res> = Vec::new();
        for (a, &f) in flow.iter().enumerate() {
            let id = ArcId(a as u32);
            if f < net.upper(id) {
                arcs.push(2 * a as u32);
            }
            if f > net.lower(id) {
                arcs.push(2 * a as u32 + 1);
            }
        }
        let mut arc_pair = vec![NONE; net.arc_count()];
        for (i, (a, _, _)) in model.pair_arcs.iter().enumerate() {
            arc_pair[a.index()] = i as u32;
        }
        let mut r = Residual {
            model,
            flow,
            potential,
            out_start: Vec::new(),
            out_list: Vec::new(),
            in_start: Vec::new(),
            in_list: Vec::new(),
            arc_pair,
            pair_arc,
        };
        let (os, ol) = csr(n, &arcs, |x| r.ends(x).0);
        let (is, il) = csr(n, &arcs, |x| r.ends(x).1);
        r.out_start = os;
        r.out_list = ol;
        r.in_start = is;
        r.in_list = il;
        r
    }

    fn net(&self) -> &FlowNetwork {
        &self.model.network
    }

    /// (from, to) of a residual arc.
    fn ends(&self, x: Res) -> (u32, u32) {
        let a = ArcId(x >> 1);
        let (t, h) = (self.net().tail(a).0, self.net().head(a).0);
        if x & 1 == 0 { (t, h) } else { (h, t) }
    }

    /// Reduced cost of an arc (forward direction).
    pub(crate) fn reduced_arc(&self, a: ArcId) -> i128 {
        let net = self.net();
        i128::from(net.cost(a)) + i128::from(self.potential[net.tail(a).index()])
            - i128::from(self.potential[net.head(a).index()])
    }

    fn reduced(&self, x: Res) -> i128 {
        let r = self.reduced_arc(ArcId(x >> 1));
        if x & 1 == 0 { r } else { -r }
    }

    fn first_negative(&self) -> Option<u32> {
        self.out_list
            .iter()
            .copied()
            .find(|&x| self.reduced(x) < 0)
            .map(|x| x >> 1)
    }

    /// The pair arc of `(s, c)`, when `c` is eligible for `s`.
    pub(crate) fn pair_arc(&self, s: ShiftIdx, c: ClinicianIdx) -> Option<ArcId> {
        self.pair_arc.get(&(s, c)).copied()
    }

    /// Shortest reduced distances from `root` (forward) or to it (`reverse`).
    pub(crate) fn dijkstra(&self, root: NodeId, reverse: bool) -> Paths {
        self.dijkstra_until(root, reverse, &[])
    }

    /// As [`Residual::dijkstra`], stopping once every node of `targets` is settled (all
    /// nodes when `targets` is empty); nodes not settled by then keep a distance that is
    /// only an upper bound, so read only the targets'.
    pub(crate) fn dijkstra_until(&self, root: NodeId, reverse: bool, targets: &[NodeId]) -> Paths {
        let n = self.net().node_count();
        let mut dist = vec![UNREACHABLE; n];
        let mut link = vec![NONE; n];
        let mut done = vec![false; n];
        let mut heap = BinaryHeap::new();
        dist[root.index()] = 0;
        heap.push(Reverse((0i128, root.0)));
        let mut wanted = vec![false; if targets.is_empty() { 0 } else { n }];
        let mut left = 0usize;
        for t in targets {
            if !wanted[t.index()] {
                wanted[t.index()] = true;
                left += 1;
            }
        }
        let (start, list) = if reverse {
            (&self.in_start, &self.in_list)
        } else {
            (&self.out_start, &self.out_list)
        };
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if done[u] {
                continue;
            }
            done[u] = true;
            if !wanted.is_empty() && wanted[u] {
                left -= 1;
                if left == 0 {
                    break;
                }
            }
            for &x in &list[start[u] as usize..start[u + 1] as usize] {
                let (from, to) = self.ends(x);
                let v = if reverse { from } else { to } as usize;
                let nd = d + self.reduced(x);
                if nd < dist[v] {
                    dist[v] = nd;
                    link[v] = x;
                    heap.push(Reverse((nd, v as u32)));
                }
            }
        }
        Paths { dist, link }
    }

    /// Real (unreduced) distance `x → y` from a reduced one.
    pub(crate) fn real(&self, reduced: i128, x: NodeId, y: NodeId) -> i128 {
        reduced - i128::from(self.potential[x.index()]) + i128::from(self.potential[y.index()])
    }

    /// The scaled objective change of forcing `(s, c)` into the roster, and its moves, from
    /// the forward tree of `s`'s node. `None` when no roster holds the pair.
    pub(crate) fn force(&self, s: ShiftIdx, c: ClinicianIdx, from_s: &Paths) -> Option<Forced> {
        let a = self.pair_arc(s, c)?;
        if self.flow[a.index()] > 0 {
            return Some(Forced {
                scaled: 0,
                added: Vec::new(),
                removed: Vec::new(),
            });
        }
        let u = self.net().tail(a);
        let d = from_s.dist[u.index()];
        if d == UNREACHABLE {
            return None;
        }
        let mut added = vec![(s, c)];
        let mut removed = Vec::new();
        let root = self.model.shift_nodes[s.index()];
        let mut node = u;
        while node != root {
            let x = from_s.link[node.index()];
            self.record(x, &mut added, &mut removed);
            node = NodeId(self.ends(x).0);
        }
        Some(Forced {
            scaled: self.reduced_arc(a) + d,
            added,
            removed,
        })
    }

    /// The moves along the reverse-tree path from `x` to the tree's root.
    pub(crate) fn moves_to_root(
        &self,
        x: NodeId,
        to_root: &Paths,
        root: NodeId,
    ) -> (Vec<Pair>, Vec<Pair>) {
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        let mut node = x;
        while node != root && to_root.link[node.index()] != NONE {
            let r = to_root.link[node.index()];
            self.record(r, &mut added, &mut removed);
            node = NodeId(self.ends(r).1);
        }
        (added, removed)
    }

    fn record(
        &self,
        x: Res,
        added: &mut Vec<(ShiftIdx, ClinicianIdx)>,
        removed: &mut Vec<(ShiftIdx, ClinicianIdx)>,
    ) {
        let i = self.arc_pair[(x >> 1) as usize];
        if i != NONE {
            let (_, s, c) = self.model.pair_arcs[i as usize];
            if x & 1 == 0 {
                added.push((s, c));
            } else {
                removed.push((s, c));
            }
        }
    }

    /// The assigned pairs of the flow.
    pub(crate) fn pairs(&self) -> Vec<(ShiftIdx, ClinicianIdx)> {
        let mut v: Vec<_> = self
            .model
            .pair_arcs
            .iter()
            .filter(|(a, _, _)| self.flow[a.index()] > 0)
            .map(|&(_, s, c)| (s, c))
            .collect();
        v.sort();
        v
    }
}

/// What forcing a pair into the roster does.
pub(crate) struct Forced {
    /// Scaled objective change (divide by the model's scale).
    pub(crate) scaled: i128,
    /// Pairs assigned, the forced one first.
    pub(crate) added: Vec<(ShiftIdx, ClinicianIdx)>,
    /// Pairs unassigned.
    pub(crate) removed: Vec<(ShiftIdx, ClinicianIdx)>,
}

fn csr(n: usize, arcs: &[Res], key: impl Fn(Res) -> u32) -> (Vec<u32>, Vec<Res>) {
    let mut start = vec![0u32; n + 1];
    for &x in arcs {
        start[key(x) as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0; arcs.len()];
    for &x in arcs {
        let k = key(x) as usize;
        list[fill[k] as usize] = x;
        fill[k] += 1;
    }
    (start, list)
}

/// A copy of the model's network with every pair arc fixed at `wanted`.
fn with_fixed_pairs(model: &Model, wanted: &[i64]) -> FlowNetwork {
    let net = &model.network;
    let mut is_pair = vec![false; net.arc_count()];
    for (a, _, _) in &model.pair_arcs {
        is_pair[a.index()] = true;
    }
    let mut out = FlowNetwork::with_capacity(net.node_count(), net.arc_count());
    for _ in 0..net.node_count() {
        out.add_node();
    }
    for a in 0..net.arc_count() {
        let id = ArcId(a as u32);
        let (lo, hi) = if is_pair[a] {
            (wanted[a], wanted[a])
        } else {
            (net.lower(id), net.upper(id))
        };
        out.add_arc(net.tail(id), net.head(id), lo, hi, net.cost(id));
    }
    out
}
