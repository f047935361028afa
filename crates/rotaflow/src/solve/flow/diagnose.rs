//! Why no roster meets the pins and minimums of a flow-representable problem.

use super::network::build;
use super::plan::Plan;
use crate::error::Result;
use crate::index::{ClinicianIdx, Index};
use crate::mcf::{self, FlowStatus};
use crate::solve::parts::Part;

/// Find a reason why no roster meets the pins and the minimums.
pub(super) fn diagnose(index: &Index<'_>, plans: &[Plan]) -> Result<String> {
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
    let whole = Part::whole(index);
    let feasible = |k: usize| -> Result<bool> {
        let model = build(index, plans, &whole, k)?;
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
