//! The flow relaxation: the flow model with every rule it cannot express left out.

use super::network::build;
use super::plan::{Plan, Slots, count_cap, plan, slots_of, week_plans};
use crate::error::Result;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::mcf::{self, FlowStatus};
use crate::solve::parts::Part;

/// The relaxation's optimal pairs and each shift's place value ([`solve_relaxed_with_values`]).
pub(crate) type Relaxed = (Vec<(ShiftIdx, ClinicianIdx)>, Vec<f64>);

/// The flow model with every rule it cannot express left out: the *relaxation* the MIP
/// starts from. A clinician with obstacles keeps `max_shifts`, `min_shifts` and pins, and
/// `max_shifts_per_day` when each slot lies on one day, and the weekly counts of
/// `per_week` (not its hours) when each slot lies in one week; overlapping shifts that do not form
/// cliques become slots of their own (so the relaxed roster may overlap). Returns the
/// optimal pairs, or `None` when the relaxation is infeasible.
pub(crate) fn solve_relaxed(index: &Index<'_>) -> Result<Option<Vec<(ShiftIdx, ClinicianIdx)>>> {
    Ok(solve_relaxed_with_values(index)?.map(|(pairs, _)| pairs))
}

/// [`solve_relaxed`], with the value of one more place on each shift at the relaxation's
/// optimum: its optimal dual, `potential(shift) − potential(source)` in the network's
/// convention (reduced cost `cost + π(tail) − π(head)`), unscaled. Dualising the places
/// at these values splits the relaxation by clinician with no loss (LP duality), so they
/// are prices at which a Lagrangian bound of the whole problem is at least the
/// relaxation's optimum.
pub(crate) fn solve_relaxed_with_values(index: &Index<'_>) -> Result<Option<Relaxed>> {
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
                let (upper, upper_limit) = count_cap(slots.len(), l.max_shifts);
                // Weekly counts, when every slot nests in one week (a slot across two
                // weeks under one week's node would cut off real rosters).
                let mut nests = true;
                let weeks = week_plans(index, c, &slots, false, &mut |_, _| nests = false);
                Plan {
                    weeks: if nests { weeks } else { Vec::new() },
                    upper: upper.max(0),
                    upper_limit,
                    lower: l.min_shifts.unwrap_or(0),
                    per_day: if one_day { l.max_shifts_per_day } else { None },
                    slots,
                }
            })
        })
        .collect();
    let model = build(index, &plans, &Part::whole(index), plans.len())?;
    let solution = mcf::solve(&model.network)?;
    Ok(match solution.status {
        FlowStatus::Optimal => {
            let base = solution.potential[model.source.index()] as f64;
            let values = model
                .shift_nodes
                .iter()
                .map(|n| (solution.potential[n.index()] as f64 - base) / model.scale)
                .collect();
            let pairs = model
                .pair_arcs
                .iter()
                .filter(|(arc, _, _)| solution.flow[arc.index()] > 0)
                .map(|&(_, s, c)| (s, c))
                .collect();
            Some((pairs, values))
        }
        FlowStatus::Infeasible | FlowStatus::Unbounded => None,
    })
}
