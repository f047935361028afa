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
    // A weekly minimum that one clinician cannot meet alone.
    for (ci, plan) in plans.iter().enumerate() {
        let id = &p.clinicians[ci].id;
        let mut total = 0;
        for wp in plan.weeks.iter().filter(|wp| wp.lower > 0) {
            let mut per_day: std::collections::BTreeMap<u32, i64> = Default::default();
            for slot in &plan.slots {
                if super::plan::week_of_slot(index, slot) == wp.week {
                    *per_day.entry(index.shift(slot[0]).day).or_default() += 1;
                }
            }
            let cap = plan.per_day.unwrap_or(i64::MAX);
            let most = per_day
                .values()
                .map(|&n| n.min(cap))
                .sum::<i64>()
                .min(wp.upper);
            let week = index.weeks()[wp.week as usize];
            if wp.lower > most {
                return Ok(format!(
                    "{id} must work at least {} shifts in the week {} to {} \
                     (per_week.min_shifts) but can work at most {most} in it",
                    wp.lower,
                    index.days()[week.first_day as usize],
                    index.days()[week.last_day as usize],
                ));
            }
            total += wp.lower;
        }
        if total > plan.upper {
            return Ok(format!(
                "{id} must work at least {total} shifts over the horizon's whole weeks \
                 (per_week.min_shifts) but can work at most {}",
                plan.upper
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
        .filter(|(_, plan)| plan.has_minimum())
        .map(|(i, _)| p.clinicians[i].id.as_str())
        .collect();
    let minimum = minimum_of(index, culprit, &plans[culprit]);
    Ok(if others.is_empty() {
        format!(
            "{id} must work at least {minimum}, which cannot be met together with the pins and \
             the shifts' headcounts"
        )
    } else {
        format!(
            "{id} must work at least {minimum}, which cannot be met together with the pins, the \
             headcounts and the minimums of {}",
            crate::index::list_ids(&others)
        )
    })
}

/// A clinician's minimums in words: "3 shifts (min_shifts)", "2 shifts in each whole week
/// (per_week.min_shifts)", or both.
fn minimum_of(index: &Index<'_>, ci: usize, plan: &Plan) -> String {
    let mut parts = Vec::new();
    if plan.lower > 0 {
        parts.push(format!("{} shifts (min_shifts)", plan.lower));
    }
    if plan.weeks.iter().any(|w| w.lower > 0) {
        let per_week = index.problem().clinicians[ci]
            .limits
            .per_week
            .as_ref()
            .and_then(|w| w.min_shifts)
            .unwrap_or(0);
        parts.push(format!(
            "{per_week} shift{} in each whole week (per_week.min_shifts)",
            if per_week == 1 { "" } else { "s" }
        ));
    }
    parts.join(" and ")
}
