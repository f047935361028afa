//! The `flow` solver: rostering as one exact min-cost flow.
//!
//! # Formulation
//!
//! ```text
//!  S ──[L_c, U_c]──▶ c ──[m_cw, M_cw]──▶ (c, week) ──[0, d_c]──▶ (c, day) ──[0,1]──▶ (c, slot) ──[p_cs, 1]──▶ s ──▶ T
//!  │   fairness kink:      (only where per_week     (only when max_shifts_per_day     cost k_cs     │
//!  │   [0, t] at −w_f,      can bind)                is set)                                        │
//!  │   [0, U−t] at +w_f                                                                              │
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
//!   arcs in order), a pin is the lower bound `p_cs = 1` on its pair arc;
//! * `M_cw = per_week.max_shifts` and `m_cw = per_week.min_shifts` (0 on a week the
//!   horizon cuts) on calendar week `w` (revision 1.1): the week's node sits between the
//!   clinician and their days, as a day sits between the week and its slots, so a weekly
//!   count nests like the day caps. It is exact when no slot's overlapping shifts start in
//!   two weeks (otherwise an obstacle); `per_week.max_hours` is folded into `M_cw` like
//!   `max_hours` below, or is vacuous, or an obstacle.
//!
//! A clinician's eligible shifts fall into *slots*, the connected components of their
//! overlap graph. When every slot is a clique (for intervals: its latest start is before
//! its earliest end), "at most one shift per slot" is exactly "no two shifts overlap",
//! and the `[0,1]` slot arc enforces it. The model is then exact for `max_shifts`,
//! `min_shifts`, `max_shifts_per_day` (when no slot spans two days), the weekly counts
//! (when no slot spans two weeks), pins, headcounts
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

mod diagnose;
mod network;
mod plan;
mod relax;

use rayon::prelude::*;

pub(crate) use network::{Model, flow_model};
pub use plan::flow_obstacles;
pub(crate) use plan::{Plan, UpperLimit};
pub(crate) use relax::{solve_relaxed, solve_relaxed_with_values};

use super::Settings;
use super::backend::{Backend, Capability, End, Outcome, Size};
pub(crate) use super::parts::Part;
use super::parts::{SPLIT_MIN_PAIRS, parts};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::mcf::FlowNetwork;
use crate::model::Method;
pub(crate) use network::FlowOutcome;
use network::solve_scope;
use plan::plans;

/// The exact min-cost-flow backend.
pub(crate) struct FlowBackend;

impl Backend for FlowBackend {
    const METHOD: Method = Method::Flow;
    /// Every clinician's plan.
    type Model = Vec<Plan>;

    fn prepare(&self, index: &Index<'_>, _: &Settings) -> Result<Capability<Vec<Plan>>> {
        match plans(index) {
            Ok(plans) => Ok(Capability::Ready(plans)),
            Err(Error::NotFlowRepresentable(obstacles)) => Ok(Capability::Obstacles(obstacles)),
            Err(other) => Err(other),
        }
    }

    /// Independent parts (regions) are solved apart, in parallel, when the problem is
    /// large enough ([`super::parts`]); otherwise one network.
    fn solve(&self, index: &Index<'_>, plans: Vec<Plan>, _: &Settings) -> Result<Outcome> {
        let outcome = match flow_parts(index) {
            Some(parts) => merge_parts(
                index,
                &plans,
                parts
                    .par_iter()
                    .map(|part| solve_part(index, &plans, part))
                    .collect(),
            )?,
            None => solve_scope(index, &plans, &Part::whole(index), true)?,
        };
        Ok(finish(outcome))
    }
}

/// The parts a flow solve of `index` solves apart ([`super::parts`] at
/// [`SPLIT_MIN_PAIRS`]), or `None` when it solves one network.
pub(crate) fn flow_parts(index: &Index<'_>) -> Option<Vec<Part>> {
    parts(index, SPLIT_MIN_PAIRS)
}

/// One part's network solved on its own (its infeasibility is diagnosed on the whole
/// problem, by [`merge_parts`]).
pub(crate) fn solve_part(index: &Index<'_>, plans: &[Plan], part: &Part) -> Result<FlowOutcome> {
    solve_scope(index, plans, part, false)
}

/// The parts' outcomes, in part order, merged; an infeasible part sends the whole problem
/// to one network, whose diagnosis names the culprits as it always has.
pub(crate) fn merge_parts(
    index: &Index<'_>,
    plans: &[Plan],
    outcomes: Vec<Result<FlowOutcome>>,
) -> Result<FlowOutcome> {
    let mut merged = FlowOutcome {
        assignments: Vec::new(),
        infeasible: None,
        nodes: 0,
        arcs: 0,
        objective: 0.0,
    };
    for outcome in outcomes {
        let outcome = outcome?;
        if outcome.infeasible.is_some() {
            return solve_scope(index, plans, &Part::whole(index), true);
        }
        merged.assignments.extend(outcome.assignments);
        merged.nodes += outcome.nodes;
        merged.arcs += outcome.arcs;
        merged.objective += outcome.objective;
    }
    merged.assignments.sort();
    Ok(merged)
}

/// The backend's outcome of a flow solve.
pub(crate) fn finish(outcome: FlowOutcome) -> Outcome {
    Outcome {
        end: match outcome.infeasible {
            Some(reason) => End::Infeasible(reason),
            None => End::Optimal,
        },
        assignments: outcome.assignments,
        objective: outcome.objective,
        size: Size {
            nodes: outcome.nodes,
            arcs: outcome.arcs,
            ..Size::default()
        },
    }
}

/// The min-cost-flow network of a flow-representable problem, as the engine sees it.
#[derive(Debug, Clone)]
pub struct RosteringNetwork {
    /// The network (a circulation: every supply is zero).
    pub network: FlowNetwork,
    /// The objective is `constant + cost / scale` for the network's optimal `cost`.
    pub constant: f64,
    /// The power of ten the costs were multiplied by before rounding to integers.
    pub scale: f64,
}

/// The network [`crate::solve()`] would hand to the engine for `index`'s problem (for
/// export, e.g. to DIMACS, and for benchmarks).
///
/// # Errors
/// As the flow solver: [`Error::NotFlowRepresentable`] or [`Error::OutOfRange`].
pub fn rostering_network(index: &Index<'_>) -> Result<RosteringNetwork> {
    let model = flow_model(index)?;
    Ok(RosteringNetwork {
        network: model.network,
        constant: model.constant,
        scale: model.scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part solved, then merged, as the backend does.
    fn solve_parts(index: &Index<'_>, plans: &[Plan], parts: &[Part]) -> Result<FlowOutcome> {
        let outcomes = parts.iter().map(|p| solve_part(index, plans, p)).collect();
        merge_parts(index, plans, outcomes)
    }
    use crate::evaluate::evaluate;
    use crate::model::{Assignment, Clinician, Limits, Problem, Shift, Site};

    /// `regions` independent pools: each region's clinicians hold a role of its own, so
    /// nobody is eligible for another region's sessions. Each region has 40 clinicians and
    /// 60 sessions over ten days (2,400 eligible pairs, above the small-part threshold).
    fn regions(regions: usize) -> Problem {
        let mut p = Problem::default();
        for r in 0..regions {
            let role = format!("gp{r}");
            p.sites.push(Site {
                id: format!("R{r}-P1"),
                name: None,
                lat: None,
                lon: None,
            });
            for i in 0..40 {
                p.clinicians.push(Clinician {
                    id: format!("R{r}-C{i:02}"),
                    name: None,
                    roles: vec![role.clone()],
                    skills: Vec::new(),
                    home: None,
                    max_travel_km: None,
                    availability: None,
                    unavailable: Vec::new(),
                    rate_per_hour: 80.0 + ((i * 7 + r * 3) % 11) as f64,
                    rate_per_shift: 0.0,
                    target_shifts: None,
                    limits: Limits {
                        max_shifts: Some(2),
                        ..Limits::default()
                    },
                    preferences: Vec::new(),
                    excluded_sites: Vec::new(),
                });
            }
            for d in 0..10 {
                for (block, (start, end)) in [("08:00", "12:00"), ("13:00", "17:30")]
                    .into_iter()
                    .enumerate()
                {
                    for k in 0..3 {
                        p.shifts.push(Shift {
                            id: format!("R{r}-S{d}-{block}-{k}"),
                            site: format!("R{r}-P1"),
                            start: format!("2026-12-{:02}T{start}", 7 + d),
                            end: format!("2026-12-{:02}T{end}", 7 + d),
                            role: role.clone(),
                            skills: Vec::new(),
                            kind: None,
                            headcount: Some(1 + (k % 2) as i64),
                            unfilled_penalty: Some(500.0 + 100.0 * k as f64),
                            over_penalty: None,
                            max_headcount: None,
                            max_rate_per_hour: None,
                            preferred_clinicians: Vec::new(),
                            excluded_clinicians: Vec::new(),
                        });
                    }
                }
            }
        }
        p
    }

    fn whole(index: &Index<'_>, plans: &[Plan]) -> FlowOutcome {
        solve_scope(index, plans, &Part::whole(index), true).expect("solves")
    }

    #[test]
    fn regions_solve_apart_to_the_same_optimum() {
        let problem = regions(3);
        let index = Index::build(&problem).expect("valid");
        let plans = plans(&index).expect("flow-representable");
        let parts = parts(&index, 0).expect("three regions");
        assert_eq!(parts.len(), 3);
        let split = solve_parts(&index, &plans, &parts).expect("solves");
        let one = whole(&index, &plans);
        let scored = evaluate(&index, &split.assignments);
        assert!(scored.is_feasible());
        assert!((split.objective - scored.score.total).abs() <= 1e-6 * scored.score.total.abs());
        assert!((split.objective - one.objective).abs() <= 1e-6 * one.objective.abs());
        // Each region's network is the network of that region alone.
        let mut sum = 0.0;
        for part in &parts {
            sum += solve_scope(&index, &plans, part, true)
                .expect("solves")
                .objective;
        }
        assert!((sum - one.objective).abs() <= 1e-6 * one.objective.abs());
    }

    #[test]
    fn pins_and_previous_pairs_stay_in_their_part() {
        let mut problem = regions(3);
        let pins = vec![
            Assignment::new("R0-S0-0-0", "R0-C39"),
            Assignment::new("R2-S9-1-2", "R2-C00"),
        ];
        problem.pinned = pins.clone();
        problem.previous = vec![
            Assignment::new("R1-S3-0-1", "R1-C05"),
            Assignment::new("R2-S9-1-2", "R2-C00"),
        ];
        problem.weights.change = 200.0;
        let index = Index::build(&problem).expect("valid");
        let plans = plans(&index).expect("flow-representable");
        let parts = parts(&index, 0).expect("regions");
        let split = solve_parts(&index, &plans, &parts).expect("solves");
        let one = whole(&index, &plans);
        assert!((split.objective - one.objective).abs() <= 1e-6 * one.objective.abs());
        for pin in &pins {
            assert!(split.assignments.contains(pin), "pin {pin:?} kept");
        }
        let scored = evaluate(&index, &split.assignments).score.total;
        assert!((split.objective - scored).abs() <= 1e-6 * scored.abs());
    }

    #[test]
    fn a_previous_pair_across_parts_keeps_the_problem_whole() {
        let mut problem = regions(2);
        // R0's clinician on R1's shift: not eligible, so the pair joins no part.
        problem.previous = vec![Assignment::new("R1-S0-0-0", "R0-C00")];
        let index = Index::build(&problem).expect("valid");
        assert!(parts(&index, 0).is_none());
    }

    #[test]
    fn an_infeasible_part_is_diagnosed_on_the_whole_problem() {
        let mut problem = regions(3);
        problem.clinicians[5].limits.max_shifts = None;
        problem.clinicians[5].limits.min_shifts = Some(50);
        let index = Index::build(&problem).expect("valid");
        let plans = plans(&index).expect("flow-representable");
        let parts = parts(&index, 0).expect("regions");
        let split = solve_parts(&index, &plans, &parts).expect("solves");
        let one = whole(&index, &plans);
        assert!(split.infeasible.is_some());
        assert_eq!(split.infeasible, one.infeasible);
    }
}
