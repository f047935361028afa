//! Why no roster exists: which clinician's minimums or pins cannot be met.
//!
//! Only minimums (`min_shifts`, `min_hours`, `min_consecutive_days`,
//! `min_consecutive_days_off`, `per_week.min_shifts`) and pins can make a problem infeasible (validation already
//! rejects pins that break a maximum between themselves). First each clinician alone is
//! tried (their rules and pins against every shift), naming the rule; otherwise a
//! deletion filter over the clinicians whose minimums are enforced leaves a minimal set
//! whose minimums cannot all be met together.

use super::highs::{Search, Status, run};
use super::model::{Scope, build};
use crate::error::Result;
use crate::index::{ClinicianIdx, Index};
use crate::model::Limits;
use crate::solve::backend::Deadline;

/// Feasibility of a scope: `Some(true/false)`, or `None` when time ran out.
fn feasible(
    index: &Index<'_>,
    search: &Search,
    scope: &Scope,
    deadline: Deadline,
) -> Result<Option<bool>> {
    if deadline.passed() {
        return Ok(None);
    }
    let Some((model, _)) = build(index, scope, deadline) else {
        return Ok(None);
    };
    let run = run(model, search, deadline, true)?;
    Ok(match run.status {
        Status::Infeasible => Some(false),
        _ if run.columns.is_some() => Some(true),
        _ => None,
    })
}

/// The minimums one clinician has that can bind, each as "rule value".
fn minimum_rules(l: &Limits) -> Vec<String> {
    l.binding_minimums()
}

/// Why no roster exists: which clinician's minimums or pins cannot be met.
pub(super) fn diagnose(index: &Index<'_>, search: &Search, deadline: Deadline) -> Result<String> {
    let p = index.problem();
    let n = index.clinician_count();
    let with_pins: Vec<bool> = {
        let mut v = vec![false; n];
        for &(_, c) in index.pinned() {
            v[c.index()] = true;
        }
        v
    };
    let suspects: Vec<ClinicianIdx> = index
        .clinician_indices()
        .filter(|&c| {
            with_pins[c.index()] || !minimum_rules(&p.clinicians[c.index()].limits).is_empty()
        })
        .collect();
    let describe = |c: ClinicianIdx| -> String {
        let clin = &p.clinicians[c.index()];
        let mut what = minimum_rules(&clin.limits);
        let pins = index.pinned().iter().filter(|&&(_, pc)| pc == c).count();
        if pins > 0 {
            what.push(format!("{pins} pin{}", if pins == 1 { "" } else { "s" }));
        }
        format!("{} ({})", clin.id, what.join(", "))
    };
    // 1. Each clinician alone.
    for &c in &suspects {
        let mut minimums = vec![false; n];
        minimums[c.index()] = true;
        let scope = Scope {
            clinicians: vec![c],
            minimums,
            objective: false,
            taken: None,
        };
        if feasible(index, search, &scope, deadline)? == Some(false) {
            return Ok(format!(
                "{} cannot be met: even alone, with every shift free, no set of eligible shifts \
                 meets these minimums and pins together with {}'s maximums and rest rules",
                describe(c),
                p.clinicians[c.index()].id
            ));
        }
    }
    // 2. Jointly: a deletion filter over the suspects' minimums.
    let mut kept = vec![false; n];
    for &c in &suspects {
        kept[c.index()] = true;
    }
    let mut exhausted = false;
    for &c in &suspects {
        kept[c.index()] = false;
        let scope = Scope {
            clinicians: index.clinician_indices().collect(),
            minimums: kept.clone(),
            objective: false,
            taken: None,
        };
        match feasible(index, search, &scope, deadline)? {
            Some(false) => {} // still infeasible without c: c is not needed
            Some(true) => kept[c.index()] = true,
            None => {
                kept[c.index()] = true;
                exhausted = true;
                break;
            }
        }
    }
    let culprits: Vec<String> = suspects
        .iter()
        .filter(|c| kept[c.index()])
        .map(|&c| describe(c))
        .collect();
    if culprits.is_empty() {
        return Ok(
            "the minimums and pins cannot all be met (no smaller cause was isolated)".to_owned(),
        );
    }
    Ok(format!(
        "the minimums and pins of {} cannot all be met together: they compete for the same \
         shifts{}",
        crate::index::list_ids(&culprits.iter().map(String::as_str).collect::<Vec<_>>()),
        if exhausted {
            " (the time limit stopped the search for a smaller set)"
        } else {
            ""
        }
    ))
}
