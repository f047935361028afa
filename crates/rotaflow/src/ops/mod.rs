//! Operations beyond solve: explain, recommend, replan, what-if and the HTML report.
//!
//! # Formulation
//!
//! Every operation reads a problem and (except [`whatif`]) a roster, and answers in a
//! serde type that is the JSON document the command, Python and C return.
//!
//! | operation | question | how | exact when |
//! |---|---|---|---|
//! | [`explain`] | why is each shift unfilled; where do cost and unfairness come from | eligibility conditions counted over the role's holders; every rule checked on each eligible clinician's shifts plus this one; the price of forcing each of them in | always for the counts and rules; prices exact on flow-representable problems with an optimal roster |
//! | [`recommend`] | who should cover this shift | objective change of the best roster holding the pair | flow-representable and optimal: residual shortest paths; otherwise a re-solve per candidate |
//! | [`replan`] | repair after a cancellation, a dropped or an added shift | the published roster becomes `previous`, each dropped pair costs `weights.change` | as the solver used |
//! | [`whatif`] | where would one more session help most | optimal potentials and shortest paths to the source | flow-representable problems |
//! | [`report_html`] | one page a planner can read | explain + the roster, self-contained HTML | — |
//!
//! Sign conventions: a *delta* is new objective − old objective (negative is better);
//! a *gain* is old − new (positive is better). The residual network and its potentials
//! follow [`crate::mcf`]: reduced cost `c(a) + π(tail) − π(head)`.
//!
//! # References
//!
//! * R. K. Ahuja, T. L. Magnanti, J. B. Orlin, *Network Flows: Theory, Algorithms, and
//!   Applications*, Prentice Hall, 1993: §9.3 (reduced-cost and negative-cycle optimality
//!   conditions; every optimal flow with every optimal potential), §9.11 (sensitivity
//!   analysis by shortest paths in the residual network), §4.5 (Dijkstra).
//! * `docs/operations.md` for the JSON documents and the command.

mod explain;
mod recommend;
mod replan;
mod report;
mod residual;
mod sweep;
#[cfg(test)]
mod tests;
mod whatif;

pub use explain::{
    Blocker, ClinicianBreakdown, EligibilityCounts, Explanation, ShiftExplanation, SiteBreakdown,
    explain,
};
pub use recommend::{Candidate, Recommendation, recommend, recommend_with};
pub use replan::{Change, Diff, Moved, ReplanResult, replan};
pub use report::report_html;
pub use sweep::{PriorityCount, ScenarioRow, scenario_row, sweep_report_html};
pub use whatif::{ClinicianValue, SessionValue, WhatIf, whatif};

use std::collections::BTreeSet;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::Assignment;
use residual::Pricing;

/// The shift with this id, or an `unknown_shift` error pointing at `/shift`.
fn shift_of(index: &Index<'_>, id: &str) -> Result<ShiftIdx> {
    index.shift_idx(id).ok_or_else(|| {
        Error::Invalid(vec![Issue::new(
            "/shift",
            IssueCode::UnknownShift,
            format!("no shift has the id `{id}`"),
        )])
    })
}

/// The roster's pairs, sorted and without repeats; unknown ids are an error pointing
/// into the roster's `assignments`.
fn resolve_roster(
    index: &Index<'_>,
    roster: &[Assignment],
) -> Result<Vec<(ShiftIdx, ClinicianIdx)>> {
    let mut issues = Vec::new();
    let mut pairs = BTreeSet::new();
    for (i, a) in roster.iter().enumerate() {
        match (index.shift_idx(&a.shift), index.clinician_idx(&a.clinician)) {
            (Some(s), Some(c)) => {
                pairs.insert((s, c));
            }
            (None, _) => issues.push(Issue::new(
                format!("/assignments/{i}/shift"),
                IssueCode::UnknownShift,
                format!("the roster names a shift `{}` the problem lacks", a.shift),
            )),
            (_, None) => issues.push(Issue::new(
                format!("/assignments/{i}/clinician"),
                IssueCode::UnknownClinician,
                format!(
                    "the roster names a clinician `{}` the problem lacks",
                    a.clinician
                ),
            )),
        }
    }
    if issues.is_empty() {
        Ok(pairs.into_iter().collect())
    } else {
        Err(Error::Invalid(issues))
    }
}

/// Pairs as sorted assignments.
fn assignments_of(index: &Index<'_>, pairs: &[(ShiftIdx, ClinicianIdx)]) -> Vec<Assignment> {
    let p = index.problem();
    let mut v: Vec<Assignment> = pairs
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect();
    v.sort();
    v
}

/// (added, removed): pairs of `new` not in `old`, and of `old` not in `new`, sorted.
fn diff_pairs(old: &[Assignment], new: &[Assignment]) -> (Vec<Assignment>, Vec<Assignment>) {
    let a: BTreeSet<&Assignment> = old.iter().collect();
    let b: BTreeSet<&Assignment> = new.iter().collect();
    (
        b.difference(&a).map(|x| (*x).clone()).collect(),
        a.difference(&b).map(|x| (*x).clone()).collect(),
    )
}

/// Why the residual method does not apply.
fn pricing_note(pricing: &Pricing) -> String {
    match pricing {
        Pricing::Exact(_) => String::new(),
        Pricing::Inexact(why) => why.clone(),
        Pricing::NotRepresentable(o) => format!(
            "the problem is not flow-representable ({}{})",
            o.first().map(|o| o.to_string()).unwrap_or_default(),
            if o.len() > 1 {
                format!(" and {} more", o.len() - 1)
            } else {
                String::new()
            }
        ),
        Pricing::Infeasible => "no roster meets the minimums and pins".to_owned(),
    }
}
