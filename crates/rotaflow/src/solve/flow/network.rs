//! The rostering network of the module formulation: building it and solving it.

use std::collections::BTreeSet;

use super::diagnose::diagnose as why_infeasible;
use super::plan::{Plan, UpperLimit, plans, week_of_slot};
use crate::error::{Error, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::mcf::{self, ArcId, FlowNetwork, FlowStatus, NodeId};
use crate::model::Assignment;
use crate::solve::parts::Part;

/// Largest cost scale tried (costs are kept to a millionth of an objective unit).
const MAX_SCALE_EXP: i32 = 6;

/// What the flow solver found.
#[derive(Debug, Clone)]
pub(crate) struct FlowOutcome {
    /// Assignments, sorted by (shift id, clinician id); empty when infeasible.
    pub(crate) assignments: Vec<Assignment>,
    /// The reason when no roster meets the pins and minimums.
    pub(crate) infeasible: Option<String>,
    /// Network size.
    pub(crate) nodes: usize,
    /// Network size.
    pub(crate) arcs: usize,
    /// The flow's own objective (constant + cost / scale), for cross-checking.
    pub(crate) objective: f64,
}

/// Solve the network of `scope` exactly (`plans`: every clinician's plan); when it is
/// infeasible, say why when `diagnose` is set (a part's infeasibility is diagnosed on the
/// whole problem instead).
///
/// # Errors
/// [`Error::OutOfRange`] when costs cannot be scaled to integers that the engine can sum
/// without overflow.
pub(super) fn solve_scope(
    index: &Index<'_>,
    plans: &[Plan],
    scope: &Part,
    diagnose: bool,
) -> Result<FlowOutcome> {
    let model = build(index, plans, scope, scope.clinicians.len())?;
    let solution = mcf::solve(&model.network)?;
    match solution.status {
        FlowStatus::Optimal => {
            let mut assignments: Vec<Assignment> = model
                .pair_arcs
                .iter()
                .filter(|(arc, _, _)| solution.flow[arc.index()] > 0)
                .map(|&(_, s, c)| {
                    let p = index.problem();
                    Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id)
                })
                .collect();
            assignments.sort();
            Ok(FlowOutcome {
                assignments,
                infeasible: None,
                nodes: model.network.node_count(),
                arcs: model.network.arc_count(),
                objective: model.constant + solution.cost as f64 / model.scale,
            })
        }
        FlowStatus::Infeasible => Ok(FlowOutcome {
            assignments: Vec::new(),
            infeasible: Some(if diagnose {
                why_infeasible(index, plans)?
            } else {
                String::new()
            }),
            nodes: model.network.node_count(),
            arcs: model.network.arc_count(),
            objective: f64::NAN,
        }),
        FlowStatus::Unbounded => Err(Error::Internal(
            "the flow network has an unbounded negative cycle".to_owned(),
        )),
    }
}

/// A clinician's part of the network.
#[derive(Debug, Clone)]
pub(crate) struct ClinicianArcs {
    /// The clinician's node; `None` when they have no eligible shift and no minimum.
    pub(crate) node: Option<NodeId>,
    /// Most shifts the model gives them.
    pub(crate) upper: i64,
    /// Which rule sets `upper`.
    pub(crate) upper_limit: UpperLimit,
}

/// The rostering network of the module formulation, with the ids of its parts.
pub(crate) struct Model {
    /// The circulation.
    pub(crate) network: FlowNetwork,
    /// (arc, shift, clinician) for every pair arc.
    pub(crate) pair_arcs: Vec<(ArcId, ShiftIdx, ClinicianIdx)>,
    /// The objective is `constant + cost / scale`.
    pub(crate) constant: f64,
    /// Cost scale (integer costs = round(cost · scale)).
    pub(crate) scale: f64,
    /// Source node.
    pub(crate) source: NodeId,
    /// Each shift's node, by shift index.
    pub(crate) shift_nodes: Vec<NodeId>,
    /// Each clinician's part, by clinician index.
    pub(crate) clinicians: Vec<ClinicianArcs>,
}

/// The whole rostering network of a flow-representable problem (with every minimum).
///
/// # Errors
/// [`Error::NotFlowRepresentable`] naming the rules in the way; [`Error::OutOfRange`] as
/// [`solve_scope`].
pub(crate) fn flow_model(index: &Index<'_>) -> Result<Model> {
    let plans = plans(index)?;
    build(index, &plans, &Part::whole(index), plans.len())
}

/// Build the network of `scope` (the whole problem or one independent part) with the
/// minimums of the first `with_minimums` clinicians of the scope (all of them for a
/// solve; fewer when diagnosing infeasibility). `plans` has one plan per clinician of the
/// problem. Nodes and arcs are added in the scope's order, so a part's network is the one
/// its problem alone would have.
pub(super) fn build(
    index: &Index<'_>,
    plans: &[Plan],
    scope: &Part,
    with_minimums: usize,
) -> Result<Model> {
    let p = index.problem();
    let w = &p.weights;
    let pinned: BTreeSet<(ShiftIdx, ClinicianIdx)> = index.pinned().iter().copied().collect();

    // Costs first, in f64, to choose the scale.
    struct PairArc {
        from_slot: usize,
        s: ShiftIdx,
        c: ClinicianIdx,
        cost: f64,
        pinned: bool,
    }
    let mut pair_specs: Vec<PairArc> = Vec::with_capacity(index.eligible_pair_count());
    let mut max_abs: f64 = w.fairness.abs();
    let mut slot_owner: Vec<(ClinicianIdx, u32)> = Vec::new(); // (clinician, day) per slot
    for &c in &scope.clinicians {
        for slot in &plans[c.index()].slots {
            let slot_id = slot_owner.len();
            slot_owner.push((c, index.shift(slot[0]).day));
            for &s in slot {
                let cost = index.pair_cost(c, s);
                max_abs = max_abs.max(cost.abs());
                pair_specs.push(PairArc {
                    from_slot: slot_id,
                    s,
                    c,
                    cost,
                    pinned: pinned.contains(&(s, c)),
                });
            }
        }
    }
    for &s in &scope.shifts {
        let f = index.shift(s);
        max_abs = max_abs
            .max(f.unfilled_penalty.abs())
            .max(f.over_penalty.unwrap_or(0.0).abs());
    }
    let (clinicians, shifts) = (scope.clinicians.len(), scope.shifts.len());
    // Node count estimate for the range check: source, sink, clinicians, days, slots, shifts.
    let week_nodes: usize = scope
        .clinicians
        .iter()
        .map(|c| 2 * plans[c.index()].weeks.len())
        .sum();
    let node_estimate =
        (2 + clinicians * (1 + index.days().len()) + week_nodes + slot_owner.len() + shifts) as f64;
    let scale = choose_scale(max_abs, node_estimate)?;
    let round = |x: f64| -> i64 { (x * scale).round() as i64 };

    let mut net = FlowNetwork::with_capacity(
        node_estimate as usize,
        pair_specs.len() + 3 * slot_owner.len() + 2 * shifts + 2 * clinicians,
    );
    let source = net.add_node();
    let sink = net.add_node();
    net.add_arc(sink, source, 0, mcf::UNBOUNDED, 0);
    let mut shift_nodes = vec![NodeId(u32::MAX); index.shift_count()];
    for &s in &scope.shifts {
        shift_nodes[s.index()] = net.add_node();
    }
    // Every previous pair costs w.change until its arc (at −w.change) is used.
    let previous = if scope.whole {
        index.previous().len()
    } else {
        let mut in_scope = vec![false; index.shift_count()];
        for &s in &scope.shifts {
            in_scope[s.index()] = true;
        }
        index
            .previous()
            .iter()
            .filter(|(s, _)| in_scope[s.index()])
            .count()
    };
    let mut constant = w.change * previous as f64;
    for &s in &scope.shifts {
        let f = index.shift(s);
        constant += f.unfilled_penalty * f64::from(f.headcount);
        let node = shift_nodes[s.index()];
        net.add_arc(
            node,
            sink,
            0,
            i64::from(f.headcount),
            -round(f.unfilled_penalty),
        );
        if let Some(over) = f.over_penalty {
            let eligible = index.eligible_for_shift(s).len() as i64;
            let room = match f.max_headcount {
                Some(m) => i64::from(m) - i64::from(f.headcount),
                None => eligible,
            };
            if room > 0 {
                net.add_arc(node, sink, 0, room, round(over));
            }
        }
    }

    // Clinicians, days and slots.
    let mut clinician_arcs: Vec<ClinicianArcs> = plans
        .iter()
        .map(|plan| ClinicianArcs {
            node: None,
            upper: 0,
            upper_limit: plan.upper_limit,
        })
        .collect();
    let mut slot_nodes: Vec<Option<NodeId>> = vec![None; slot_owner.len()];
    let mut slot_parent: Vec<NodeId> = Vec::with_capacity(slot_owner.len());
    let mut next_slot = 0;
    for (position, &c) in scope.clinicians.iter().enumerate() {
        let plan = &plans[c.index()];
        let clin = &p.clinicians[c.index()];
        let minimums = position < with_minimums;
        let lower = if minimums { plan.lower } else { 0 };
        if plan.slots.is_empty() && !(minimums && plan.has_minimum()) {
            if let Some(t) = clin.target_shifts {
                constant += w.fairness * t as f64;
            }
            continue;
        }
        let node = net.add_node();
        let upper = plan.upper.max(lower);
        match clin.target_shifts {
            Some(t) if w.fairness != 0.0 => {
                constant += w.fairness * t as f64;
                let first = t.min(upper);
                let lo1 = lower.min(first);
                net.add_arc(source, node, lo1, first, -round(w.fairness));
                net.add_arc(source, node, lower - lo1, upper - first, round(w.fairness));
            }
            _ => {
                net.add_arc(source, node, lower, upper, 0);
            }
        }
        clinician_arcs[c.index()] = ClinicianArcs {
            node: Some(node),
            upper,
            upper_limit: plan.upper_limit,
        };
        // Weekly bounds nest between the clinician and their days.
        let week_nodes: Vec<(u32, NodeId)> = plan
            .weeks
            .iter()
            .map(|wp| {
                let n = net.add_node();
                let lo = if minimums { wp.lower } else { 0 };
                if lo <= wp.upper {
                    net.add_arc(node, n, lo, wp.upper, 0);
                    (wp.week, n)
                } else {
                    // A minimum above the week's most: `lo` units must enter and at most
                    // `upper` may leave, so the circulation is infeasible, as it should be.
                    net.add_arc(node, n, lo, lo, 0);
                    let below = net.add_node();
                    net.add_arc(n, below, 0, wp.upper, 0);
                    (wp.week, below)
                }
            })
            .collect();
        let mut day_nodes: Vec<(u32, NodeId)> = Vec::new();
        for slot in &plan.slots {
            let day = index.shift(slot[0]).day;
            let week = week_of_slot(index, slot);
            let above = week_nodes
                .iter()
                .find(|(w, _)| *w == week)
                .map_or(node, |&(_, n)| n);
            let parent = match plan.per_day {
                Some(cap) => match day_nodes.iter().find(|(d, _)| *d == day) {
                    Some(&(_, n)) => n,
                    None => {
                        let n = net.add_node();
                        net.add_arc(above, n, 0, cap, 0);
                        day_nodes.push((day, n));
                        n
                    }
                },
                None => above,
            };
            slot_parent.push(parent);
            if slot.len() > 1 {
                let n = net.add_node();
                net.add_arc(parent, n, 0, 1, 0);
                slot_nodes[next_slot] = Some(n);
            }
            next_slot += 1;
        }
    }
    if slot_parent.len() != slot_owner.len() {
        return Err(Error::Internal("slot bookkeeping out of step".to_owned()));
    }

    let mut pair_arcs = Vec::with_capacity(pair_specs.len());
    for spec in &pair_specs {
        let from = match slot_nodes[spec.from_slot] {
            Some(n) => n,
            None => slot_parent[spec.from_slot],
        };
        let lo = i64::from(spec.pinned);
        let arc = net.add_arc(from, shift_nodes[spec.s.index()], lo, 1, round(spec.cost));
        pair_arcs.push((arc, spec.s, spec.c));
    }
    Ok(Model {
        network: net,
        pair_arcs,
        constant,
        scale,
        source,
        shift_nodes,
        clinicians: clinician_arcs,
    })
}

/// The largest power of ten in `[1, 10⁶]` keeping `max_abs·scale·nodes` within 2⁶⁰, so
/// that every potential and path length the engine forms stays inside `i64`.
fn choose_scale(max_abs: f64, nodes: f64) -> Result<f64> {
    const LIMIT: f64 = (1u64 << 60) as f64;
    for exp in (0..=MAX_SCALE_EXP).rev() {
        let scale = 10f64.powi(exp);
        if max_abs * scale * nodes.max(1.0) <= LIMIT {
            return Ok(scale);
        }
    }
    Err(Error::OutOfRange(format!(
        "a cost of {max_abs} on a network of {nodes} nodes cannot be summed exactly in 64-bit \
         integers; reduce the penalties or weights"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_shrinks_for_large_costs() {
        assert_eq!(choose_scale(3000.0, 1e4).expect("scale"), 1e6);
        assert_eq!(choose_scale(1e12, 1e4).expect("scale"), 100.0);
        assert!(choose_scale(1e30, 1e4).is_err());
    }
}
