//! The `flow` solver: rostering as one exact min-cost flow.
//!
//! # Formulation
//!
//! ```text
//!  S ──[L_c, U_c]──▶ c ──[0, d_c]──▶ (c, day) ──[0,1]──▶ (c, slot) ──[p_cs, 1]──▶ s ──▶ T
//!  │   fairness kink:                  (only when max_shifts_per_day     cost k_cs     │
//!  │   [0, t] at −w_f,                  is set)                                         │
//!  │   [0, U−t] at +w_f                                                                 │
//!  └───────────────────────────────◀── T (return arc, cost 0, unbounded) ◀──────────────┘
//!
//!  s ──▶ T : capacity headcount(s) at cost −unfilled_penalty(s)
//!            plus, when over_penalty(s) is given, capacity max_headcount(s) − headcount(s)
//!            (or the number of eligible clinicians) at cost +over_penalty(s)
//! ```
//!
//! A unit of flow is one clinician working one shift. The network is a circulation (all
//! supplies zero) and the minimum-cost circulation, plus the constant
//! `Σ_s unfilled_penalty(s)·headcount(s) + w.fairness·Σ_c t_c + w.change·|previous|`,
//! is the objective of `DESIGN.md`:
//!
//! * `k_cs = w.cost·(rate_per_hour·hours + rate_per_shift) − w.preference·Σ matching
//!   weights + w.travel_per_km·km − w.continuity·[c preferred] − w.change·[(s,c) previous]`;
//! * filling one more place on `s` earns `−unfilled_penalty(s)`; the penalty of the
//!   places left empty stays in the constant;
//! * `|x − t| = t − min(x, t) + max(0, x − t)`: the first source arc carries `min(x, t)`
//!   at `−w.fairness`, the second the excess at `+w.fairness` (convex, so they fill in
//!   order);
//! * `U_c = min(max_shifts, number of slots)`, `L_c = min_shifts` (split across the kink
//!   arcs in order), a pin is the lower bound `p_cs = 1` on its pair arc.
//!
//! A clinician's eligible shifts fall into *slots*, the connected components of their
//! overlap graph. When every slot is a clique (for intervals: its latest start is before
//! its earliest end), "at most one shift per slot" is exactly "no two shifts overlap",
//! and the `[0,1]` slot arc enforces it. The model is then exact for `max_shifts`,
//! `min_shifts`, `max_shifts_per_day` (when no slot spans two days), pins, headcounts
//! and every objective term. Any other rule must be shown *vacuous* — unable to bind
//! whatever the flow does — or the problem is not flow-representable; see
//! [`flow_obstacles`]. One rule is folded in rather than refused: `max_hours` when all of
//! a clinician's eligible shifts last the same time `h` is `max_shifts ≤ ⌊max_hours/h⌋`.
//!
//! Costs are rounded to integers after scaling by the largest power of ten in `[1, 10⁶]`
//! that keeps every path length inside the engine's range; the objective reported is
//! always re-scored in `f64` by the evaluator. With the default scale `10⁶` the rounding
//! can move the flow's choice only between rosters whose objectives differ by less than
//! `0.5·10⁻⁶` per assignment.

use std::collections::BTreeSet;

use crate::error::{Error, Obstacle, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::mcf::{self, ArcId, FlowNetwork, FlowStatus, NodeId};
use crate::model::Assignment;

/// Largest cost scale tried (costs are kept to a millionth of an objective unit).
const MAX_SCALE_EXP: i32 = 6;

/// A clinician's eligible shifts grouped into slots (pairwise-overlapping groups).
struct Slots {
    /// Each slot's shifts, slots in start order.
    slots: Vec<Vec<ShiftIdx>>,
    /// Whether every slot is a clique.
    cliques: bool,
}

fn slots_of(index: &Index<'_>, c: ClinicianIdx) -> Slots {
    let mut slots: Vec<Vec<ShiftIdx>> = Vec::new();
    let mut cliques = true;
    let mut reach = i64::MIN; // latest end in the current component
    let (mut latest_start, mut earliest_end) = (i64::MIN, i64::MAX);
    for &s in index.eligible_for_clinician(c) {
        let f = index.shift(s);
        if f.start < reach {
            if let Some(last) = slots.last_mut() {
                last.push(s);
            }
            reach = reach.max(f.end);
            latest_start = latest_start.max(f.start);
            earliest_end = earliest_end.min(f.end);
        } else {
            if latest_start >= earliest_end {
                cliques = false;
            }
            slots.push(vec![s]);
            reach = f.end;
            latest_start = f.start;
            earliest_end = f.end;
        }
    }
    if !slots.is_empty() && latest_start >= earliest_end {
        cliques = false;
    }
    Slots { slots, cliques }
}

/// What the flow model needs to know about one clinician.
struct Plan {
    slots: Vec<Vec<ShiftIdx>>,
    /// Most shifts the flow may give (max_shifts, folded max_hours, number of slots).
    upper: i64,
    /// Which of those sets `upper`.
    upper_limit: UpperLimit,
    /// Fewest shifts.
    lower: i64,
    /// Cap per day, when `max_shifts_per_day` is set.
    per_day: Option<i64>,
}

/// The rules that keep `index`'s problem from being solved exactly as a min-cost flow;
/// empty when the problem is flow-representable.
///
/// A rule is no obstacle when it is *vacuous*: when no roster the flow model can produce
/// could break it (a 11-hour rest rule for a clinician whose eligible sessions on
/// different days are always 11 hours apart, say).
///
/// # Complexity
/// O(Σ_c (k_c·w_c + D²)) where `k_c` is clinician c's eligible shift count, `w_c` the
/// number of those starting within the rest window after each, and `D` the horizon's days.
pub fn flow_obstacles(index: &Index<'_>) -> Vec<Obstacle> {
    let mut out = Vec::new();
    for c in index.clinician_indices() {
        if let Err(mut found) = plan(index, c) {
            out.append(&mut found);
        }
    }
    out
}

fn plan(index: &Index<'_>, c: ClinicianIdx) -> std::result::Result<Plan, Vec<Obstacle>> {
    let p = index.problem();
    let clin = &p.clinicians[c.index()];
    let l = &clin.limits;
    let Slots { slots, cliques } = slots_of(index, c);
    let mut obstacles = Vec::new();
    let mut obstacle = |rule: &str, detail: String| {
        obstacles.push(Obstacle {
            rule: rule.to_owned(),
            clinician: Some(clin.id.clone()),
            detail,
        });
    };
    let shifts = index.eligible_for_clinician(c);
    if !cliques {
        obstacle(
            "overlap",
            "some eligible shifts overlap in a chain (A overlaps B, B overlaps C, A does not \
             overlap C), which a flow cannot express"
                .to_owned(),
        );
    }
    let mut upper = slots.len() as i64;
    let mut upper_limit = UpperLimit::Slots;
    if let Some(m) = l.max_shifts {
        if m < upper {
            upper = m;
            upper_limit = UpperLimit::MaxShifts;
        }
    }
    if let Some(max_h) = l.max_hours {
        let mut maxima: Vec<f64> = slots
            .iter()
            .map(|slot| {
                slot.iter()
                    .map(|&s| index.shift(s).hours)
                    .fold(0.0, f64::max)
            })
            .collect();
        maxima.sort_by(|a, b| b.total_cmp(a));
        let reachable: f64 = maxima.iter().take(upper.max(0) as usize).sum();
        let durations: BTreeSet<i64> = shifts
            .iter()
            .map(|&s| index.shift(s).end - index.shift(s).start)
            .collect();
        if reachable <= max_h + 1e-9 {
            // Vacuous.
        } else if durations.len() == 1 {
            let h = index.shift(shifts[0]).hours;
            let folded = (max_h / h + 1e-9).floor() as i64;
            if folded < upper {
                upper = folded;
                upper_limit = UpperLimit::MaxHours;
            }
        } else {
            obstacle(
                "max_hours",
                format!(
                    "max_hours {max_h} can bind on shifts of different lengths, a knapsack \
                     rule a flow cannot express"
                ),
            );
        }
    }
    if l.min_hours.is_some_and(|h| h > 0.0) {
        obstacle(
            "min_hours",
            "a minimum of hours on shifts of different lengths needs the MIP".to_owned(),
        );
    }
    if let Some(rest) = l.min_rest_hours {
        let window = (rest * 3600.0).ceil() as i64;
        'outer: for (i, &a) in shifts.iter().enumerate() {
            let fa = index.shift(a);
            for &b in &shifts[i + 1..] {
                let fb = index.shift(b);
                if fb.start >= fa.end + window {
                    // Shifts are sorted by start, so every later one is far enough too.
                    break;
                }
                if fb.start >= fa.end && fa.day != fb.day {
                    obstacle(
                        "min_rest_hours",
                        format!(
                            "{} and {} are on different days less than {rest} h apart",
                            p.shifts[a.index()].id,
                            p.shifts[b.index()].id
                        ),
                    );
                    break 'outer;
                }
            }
        }
    }
    let day_count = index.days().len();
    let mut eligible_day = vec![false; day_count];
    for &s in shifts {
        eligible_day[index.shift(s).day as usize] = true;
    }
    if let Some(max) = l.max_consecutive_days {
        let longest = longest_run(&eligible_day);
        if longest as i64 > max {
            obstacle(
                "max_consecutive_days",
                format!("eligible on {longest} days in a row, more than {max}"),
            );
        }
    }
    if l.min_consecutive_days.is_some_and(|m| m > 1) {
        obstacle(
            "min_consecutive_days",
            "a minimum run of working days longer than one needs the MIP".to_owned(),
        );
    }
    if let Some(min) = l.min_consecutive_days_off {
        let days: Vec<usize> = (0..day_count).filter(|&d| eligible_day[d]).collect();
        let binding = days.iter().enumerate().any(|(i, &a)| {
            days[i + 1..]
                .iter()
                .any(|&b| b - a >= 2 && ((b - a - 1) as i64) < min)
        });
        if binding {
            obstacle(
                "min_consecutive_days_off",
                format!("eligible on days fewer than {min} days off apart"),
            );
        }
    }
    if let Some(max) = l.max_weekends {
        let weekends: BTreeSet<i64> = shifts
            .iter()
            .filter_map(|&s| index.weekend_of_day()[index.shift(s).day as usize])
            .collect();
        if weekends.len() as i64 > max {
            obstacle(
                "max_weekends",
                format!("eligible on {} weekends, more than {max}", weekends.len()),
            );
        }
    }
    for (kind, &max) in &l.max_per_kind {
        let n = slots
            .iter()
            .filter(|slot| {
                slot.iter()
                    .any(|&s| p.shifts[s.index()].kind.as_deref() == Some(kind.as_str()))
            })
            .count() as i64;
        if n > max.min(upper) {
            obstacle(
                "max_per_kind",
                format!("can work {n} {kind} shifts, more than {max}"),
            );
        }
    }
    for f in &p.forbidden_successions {
        let on = |kind: &str| -> BTreeSet<u32> {
            shifts
                .iter()
                .filter(|&&s| p.shifts[s.index()].kind.as_deref() == Some(kind))
                .map(|&s| index.shift(s).day)
                .collect()
        };
        let firsts = on(&f.first);
        let thens = on(&f.then);
        if firsts.iter().any(|d| thens.contains(&(d + 1))) {
            obstacle(
                "forbidden_successions",
                format!(
                    "eligible for {} then {} on consecutive days",
                    f.first, f.then
                ),
            );
        }
    }
    let per_day = l.max_shifts_per_day;
    if per_day.is_some() {
        if let Some(slot) = slots.iter().find(|slot| {
            slot.iter()
                .any(|&s| index.shift(s).day != index.shift(slot[0]).day)
        }) {
            obstacle(
                "max_shifts_per_day",
                format!(
                    "overlapping shifts {} start on different days",
                    slot.iter()
                        .map(|&s| p.shifts[s.index()].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    if !obstacles.is_empty() {
        return Err(obstacles);
    }
    Ok(Plan {
        slots,
        upper: upper.max(0),
        upper_limit,
        lower: l.min_shifts.unwrap_or(0),
        per_day,
    })
}

fn longest_run(days: &[bool]) -> usize {
    let (mut best, mut cur) = (0, 0);
    for &d in days {
        cur = if d { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

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

/// Solve a flow-representable problem exactly.
///
/// # Errors
/// [`Error::NotFlowRepresentable`] naming the rules in the way; [`Error::OutOfRange`]
/// when costs cannot be scaled to integers that the engine can sum without overflow.
pub(crate) fn solve_flow(index: &Index<'_>) -> Result<FlowOutcome> {
    let plans = plans(index)?;
    let model = build(index, &plans, plans.len())?;
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
            infeasible: Some(diagnose(index, &plans)?),
            nodes: model.network.node_count(),
            arcs: model.network.arc_count(),
            objective: f64::NAN,
        }),
        FlowStatus::Unbounded => Err(Error::Internal(
            "the flow network has an unbounded negative cycle".to_owned(),
        )),
    }
}

fn plans(index: &Index<'_>) -> Result<Vec<Plan>> {
    let mut plans = Vec::with_capacity(index.clinician_count());
    let mut obstacles = Vec::new();
    for c in index.clinician_indices() {
        match plan(index, c) {
            Ok(p) => plans.push(p),
            Err(mut o) => obstacles.append(&mut o),
        }
    }
    if obstacles.is_empty() {
        Ok(plans)
    } else {
        Err(Error::NotFlowRepresentable(obstacles))
    }
}

/// The rule that sets a clinician's most shifts in the flow model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpperLimit {
    /// The number of slots (non-overlapping groups of eligible shifts).
    Slots,
    /// `limits.max_shifts`.
    MaxShifts,
    /// `limits.max_hours`, folded into a count of equal-length shifts.
    MaxHours,
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
/// As [`solve_flow`].
pub(crate) fn flow_model(index: &Index<'_>) -> Result<Model> {
    let plans = plans(index)?;
    build(index, &plans, plans.len())
}

/// Per-pair objective terms, as in the module formulation (shared with the MIP).
pub(crate) fn pair_cost(index: &Index<'_>, s: ShiftIdx, c: ClinicianIdx, previous: bool) -> f64 {
    let p = index.problem();
    let w = &p.weights;
    let shift = &p.shifts[s.index()];
    let clin = &p.clinicians[c.index()];
    let facts = index.shift(s);
    let cf = &index.clinicians()[c.index()];
    let pref: f64 = clin
        .preferences
        .iter()
        .zip(&cf.preference_days)
        .filter(|(pr, day)| {
            pr.site.as_ref().is_none_or(|x| *x == shift.site)
                && pr
                    .kind
                    .as_ref()
                    .is_none_or(|k| shift.kind.as_ref() == Some(k))
                && day.is_none_or(|d| d == facts.day)
                && pr.shift.as_ref().is_none_or(|x| *x == shift.id)
        })
        .map(|(pr, _)| pr.weight)
        .sum();
    let mut cost =
        w.cost * (clin.rate_per_hour * facts.hours + clin.rate_per_shift) - w.preference * pref;
    if w.travel_per_km != 0.0 {
        cost += w.travel_per_km * index.km(c, facts.site).unwrap_or(0.0);
    }
    if w.continuity != 0.0 && shift.preferred_clinicians.contains(&clin.id) {
        cost -= w.continuity;
    }
    if previous {
        cost -= w.change;
    }
    cost
}

/// Build the network with the minimums of the first `with_minimums` clinicians (all of
/// them for a solve; fewer when diagnosing infeasibility).
fn build(index: &Index<'_>, plans: &[Plan], with_minimums: usize) -> Result<Model> {
    let p = index.problem();
    let w = &p.weights;
    let pinned: BTreeSet<(ShiftIdx, ClinicianIdx)> = index.pinned().iter().copied().collect();
    let previous: BTreeSet<(ShiftIdx, ClinicianIdx)> = index.previous().iter().copied().collect();

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
    for (ci, plan) in plans.iter().enumerate() {
        let c = ClinicianIdx(ci as u32);
        for slot in &plan.slots {
            let slot_id = slot_owner.len();
            slot_owner.push((c, index.shift(slot[0]).day));
            for &s in slot {
                let cost = pair_cost(index, s, c, previous.contains(&(s, c)));
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
    for f in index.shifts() {
        max_abs = max_abs
            .max(f.unfilled_penalty.abs())
            .max(f.over_penalty.unwrap_or(0.0).abs());
    }
    // Node count estimate for the range check: source, sink, clinicians, days, slots, shifts.
    let node_estimate =
        (2 + plans.len() * (1 + index.days().len()) + slot_owner.len() + index.shift_count())
            as f64;
    let scale = choose_scale(max_abs, node_estimate)?;
    let round = |x: f64| -> i64 { (x * scale).round() as i64 };

    let mut net = FlowNetwork::with_capacity(
        node_estimate as usize,
        pair_specs.len() + 3 * slot_owner.len() + 2 * index.shift_count() + 2 * plans.len(),
    );
    let source = net.add_node();
    let sink = net.add_node();
    net.add_arc(sink, source, 0, mcf::UNBOUNDED, 0);
    let shift_nodes: Vec<NodeId> = (0..index.shift_count()).map(|_| net.add_node()).collect();
    // Every previous pair costs w.change until its arc (at −w.change) is used.
    let mut constant = w.change * index.previous().len() as f64;
    for (i, f) in index.shifts().iter().enumerate() {
        constant += f.unfilled_penalty * f64::from(f.headcount);
        let node = shift_nodes[i];
        net.add_arc(
            node,
            sink,
            0,
            i64::from(f.headcount),
            -round(f.unfilled_penalty),
        );
        if let Some(over) = f.over_penalty {
            let eligible = index.eligible_for_shift(ShiftIdx(i as u32)).len() as i64;
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
    let mut clinician_arcs: Vec<ClinicianArcs> = Vec::with_capacity(plans.len());
    let mut slot_nodes: Vec<Option<NodeId>> = vec![None; slot_owner.len()];
    let mut slot_parent: Vec<NodeId> = Vec::with_capacity(slot_owner.len());
    let mut next_slot = 0;
    for (ci, plan) in plans.iter().enumerate() {
        let clin = &p.clinicians[ci];
        let lower = if ci < with_minimums { plan.lower } else { 0 };
        if plan.slots.is_empty() && lower == 0 {
            if let Some(t) = clin.target_shifts {
                constant += w.fairness * t as f64;
            }
            clinician_arcs.push(ClinicianArcs {
                node: None,
                upper: 0,
                upper_limit: plan.upper_limit,
            });
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
        clinician_arcs.push(ClinicianArcs {
            node: Some(node),
            upper,
            upper_limit: plan.upper_limit,
        });
        let mut day_nodes: Vec<(u32, NodeId)> = Vec::new();
        for slot in &plan.slots {
            let day = index.shift(slot[0]).day;
            let parent = match plan.per_day {
                Some(cap) => match day_nodes.iter().find(|(d, _)| *d == day) {
                    Some(&(_, n)) => n,
                    None => {
                        let n = net.add_node();
                        net.add_arc(node, n, 0, cap, 0);
                        day_nodes.push((day, n));
                        n
                    }
                },
                None => node,
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

/// Find a reason why no roster meets the pins and the minimums.
fn diagnose(index: &Index<'_>, plans: &[Plan]) -> Result<String> {
    let p = index.problem();
    // A minimum that one clinician cannot meet alone.
    for (ci, plan) in plans.iter().enumerate() {
        if plan.lower == 0 {
            continue;
        }
        let id = &p.clinicians[ci].id;
        let mut most = plan.upper;
        if let Some(cap) = plan.per_day {
            let mut per_day: std::collections::BTreeMap<u32, i64> = Default::default();
            for slot in &plan.slots {
                *per_day.entry(index.shift(slot[0]).day).or_default() += 1;
            }
            most = most.min(per_day.values().map(|&n| n.min(cap)).sum());
        }
        if plan.lower > most {
            let eligible = index.eligible_for_clinician(ClinicianIdx(ci as u32)).len();
            return Ok(format!(
                "{id} must work at least {} shifts (min_shifts) but can work at most {most}: \
                 eligible for {eligible} shift{} in {} non-overlapping slot{}{}",
                plan.lower,
                if eligible == 1 { "" } else { "s" },
                plan.slots.len(),
                if plan.slots.len() == 1 { "" } else { "s" },
                match p.clinicians[ci].limits.max_shifts {
                    Some(m) => format!(", with max_shifts {m}"),
                    None => String::new(),
                }
            ));
        }
    }
    // Pins alone are feasible after validation unless together with headcounts; then the
    // minimums, found by bisection on how many clinicians' minimums are kept.
    let feasible = |k: usize| -> Result<bool> {
        let model = build(index, plans, k)?;
        Ok(mcf::solve(&model.network)?.status == FlowStatus::Optimal)
    };
    if !feasible(0)? {
        return Ok(
            "the pins cannot all be met together: their shifts' headcounts or the clinicians' \
             per-day and total maximums leave no room"
                .to_owned(),
        );
    }
    let (mut lo, mut hi) = (0usize, plans.len()); // feasible(lo), !feasible(hi)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if feasible(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let culprit = hi - 1;
    let id = &p.clinicians[culprit].id;
    let others: Vec<&str> = plans[..culprit]
        .iter()
        .enumerate()
        .filter(|(_, plan)| plan.lower > 0)
        .map(|(i, _)| p.clinicians[i].id.as_str())
        .collect();
    Ok(if others.is_empty() {
        format!(
            "{id} must work at least {} shifts (min_shifts), which cannot be met together with \
             the pins and the shifts' headcounts",
            plans[culprit].lower
        )
    } else {
        format!(
            "{id} must work at least {} shifts (min_shifts), which cannot be met together with \
             the pins, the headcounts and the minimums of {}",
            plans[culprit].lower,
            crate::index::list_ids(&others)
        )
    })
}

/// The flow model with every rule it cannot express left out: the *relaxation* the MIP
/// starts from. A clinician with obstacles keeps `max_shifts`, `min_shifts` and pins, and
/// `max_shifts_per_day` when each slot lies on one day; overlapping shifts that do not form
/// cliques become slots of their own (so the relaxed roster may overlap). Returns the
/// optimal pairs, or `None` when the relaxation is infeasible.
pub(crate) fn solve_relaxed(index: &Index<'_>) -> Result<Option<Vec<(ShiftIdx, ClinicianIdx)>>> {
    let plans: Vec<Plan> = index
        .clinician_indices()
        .map(|c| {
            plan(index, c).unwrap_or_else(|_| {
                let l = &index.problem().clinicians[c.index()].limits;
                let Slots { slots, cliques } = slots_of(index, c);
                let slots = if cliques {
                    slots
                } else {
                    slots.into_iter().flatten().map(|s| vec![s]).collect()
                };
                let one_day = slots.iter().all(|slot| {
                    slot.iter()
                        .all(|&s| index.shift(s).day == index.shift(slot[0]).day)
                });
                let mut upper = slots.len() as i64;
                let mut upper_limit = UpperLimit::Slots;
                if let Some(m) = l.max_shifts {
                    if m < upper {
                        upper = m;
                        upper_limit = UpperLimit::MaxShifts;
                    }
                }
                Plan {
                    upper: upper.max(0),
                    upper_limit,
                    lower: l.min_shifts.unwrap_or(0),
                    per_day: if one_day { l.max_shifts_per_day } else { None },
                    slots,
                }
            })
        })
        .collect();
    let model = build(index, &plans, plans.len())?;
    let solution = mcf::solve(&model.network)?;
    Ok(match solution.status {
        FlowStatus::Optimal => Some(
            model
                .pair_arcs
                .iter()
                .filter(|(arc, _, _)| solution.flow[arc.index()] > 0)
                .map(|&(_, s, c)| (s, c))
                .collect(),
        ),
        FlowStatus::Infeasible | FlowStatus::Unbounded => None,
    })
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

    #[test]
    fn longest_run_counts_consecutive_true() {
        assert_eq!(longest_run(&[true, false, true, true, true, false]), 3);
        assert_eq!(longest_run(&[]), 0);
    }
}
