//! A solve divided into independent tasks: the parts (regions) the flow solves apart,
//! solved one per task — on other threads, processes or machines (a Dask cluster) — and
//! merged into the roster [`crate::solve()`] returns, byte for byte.
//!
//! # Formulation
//!
//! [`super::parts`] finds the connected components of the eligibility graph; the flow
//! solves each on its own network when the problem has at least
//! [`super::parts::SPLIT_MIN_PAIRS`] eligible pairs and two parts worth a network. The
//! protocol exposes that same split: [`Index::solve_part_count`] says how many parts a
//! solve with these options has (1: it solves whole, and the caller runs [`Index::solve`]
//! as one task); [`Index::solve_part`] solves part `k` exactly as the local solve does;
//! [`Index::merge_parts`] merges the parts' solutions in part order with the local
//! solve's own merge (an infeasible part sends the whole problem to one network, whose
//! diagnosis names the culprits), checks the roster with the evaluator and assembles it.
//! Every step runs the code the local solve runs, on the same deterministic split, so the
//! merged roster is the local roster. The rule-bearing methods (`mip`, `decompose`, and
//! `auto` when it chooses the MIP) solve the whole problem as one model today: they have
//! one part.
//!
//! # Complexity
//! Each task builds the whole problem's index (`O(C·S)` eligibility) and the flow plans,
//! then solves one part's network; the merge re-solves nothing unless a part is
//! infeasible, and re-scores the roster once (`O(A)` for `A` assignments).

use serde::{Deserialize, Serialize};

use super::backend::{Backend, Capability, assemble};
use super::flow::{self, FlowOutcome, Part, Plan};
use super::{Settings, flow_reason, memory};
use crate::error::{Error, Issue, IssueCode, Result};
use crate::index::Index;
use crate::model::{Assignment, Method, SolveOptions};
use crate::roster::Roster;

/// One part of a divided solve, solved ([`Index::solve_part`]): what a task sends back
/// for [`Index::merge_parts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSolution {
    /// Which part, from 0.
    pub part: usize,
    /// How many parts the solve has.
    pub parts: usize,
    /// The part's assignments, sorted.
    pub assignments: Vec<Assignment>,
    /// Whether the part has no roster meeting its pins and minimums.
    pub infeasible: bool,
    /// The part's network: nodes.
    pub nodes: usize,
    /// The part's network: arcs.
    pub arcs: usize,
    /// The part's objective, as the flow computed it (cross-checked by the evaluator).
    pub objective: f64,
}

/// The flow plans and parts of a divided solve, or `None` when it solves whole.
fn divided(index: &Index<'_>, settings: &Settings) -> Result<Option<(Vec<Plan>, Vec<Part>)>> {
    if !matches!(settings.method, Method::Flow | Method::Auto) {
        return Ok(None);
    }
    let Capability::Ready(plans) = flow::FlowBackend.prepare(index, settings)? else {
        return Ok(None);
    };
    Ok(flow::flow_parts(index).map(|parts| (plans, parts)))
}

fn invalid(pointer: String, message: String) -> Error {
    Error::Invalid(vec![Issue::new(pointer, IssueCode::InvalidValue, message)])
}

impl Index<'_> {
    /// How many independent parts a solve of this problem with `options` solves apart: 1
    /// when it solves the problem whole (then solve it with [`Index::solve`] in one task).
    ///
    /// # Errors
    /// Out-of-range options ([`Error::Invalid`]); numbers too large for the flow.
    pub fn solve_part_count(&self, options: &SolveOptions) -> Result<usize> {
        let settings = Settings::resolve(self.problem(), options, std::time::Instant::now())?;
        Ok(divided(self, &settings)?.map_or(1, |(_, parts)| parts.len()))
    }

    /// Solve part `part` (from 0) of a divided solve, as the local solve does.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the solve has no such part (or is not divided); as
    /// [`Index::solve`] otherwise.
    pub fn solve_part(&self, options: &SolveOptions, part: usize) -> Result<PartSolution> {
        let settings = Settings::resolve(self.problem(), options, std::time::Instant::now())?;
        let (plans, parts) = divided(self, &settings)?.unwrap_or_default();
        let Some(scope) = parts.get(part) else {
            return Err(invalid(
                "/part".to_owned(),
                format!(
                    "part {part} does not exist: this solve has {} part{} to solve apart",
                    parts.len().max(1),
                    if parts.len() > 1 { "s" } else { "" }
                ),
            ));
        };
        let outcome = flow::solve_part(self, &plans, scope)?;
        Ok(PartSolution {
            part,
            parts: parts.len(),
            assignments: outcome.assignments,
            infeasible: outcome.infeasible.is_some(),
            nodes: outcome.nodes,
            arcs: outcome.arcs,
            objective: outcome.objective,
        })
    }

    /// Merge every part's solution (in part order) into the roster [`Index::solve`]
    /// returns with the same options.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the solutions are not this solve's parts, one each, in
    /// order, each holding only its own part's shifts and clinicians (pointers into the
    /// list: `/2/part`, `/0/assignments/5`); as [`Index::solve`] otherwise.
    pub fn merge_parts(
        &self,
        options: &SolveOptions,
        solutions: &[PartSolution],
    ) -> Result<Roster> {
        let settings = Settings::resolve(self.problem(), options, std::time::Instant::now())?;
        let (plans, parts) = divided(self, &settings)?.unwrap_or_default();
        if solutions.len() != parts.len() || parts.is_empty() {
            return Err(invalid(
                String::new(),
                format!(
                    "{} part solution{} for a solve of {} part{}",
                    solutions.len(),
                    if solutions.len() == 1 { "" } else { "s" },
                    parts.len().max(1),
                    if parts.len() > 1 { "s" } else { "" }
                ),
            ));
        }
        let mut issues = Vec::new();
        for (k, (solution, part)) in solutions.iter().zip(&parts).enumerate() {
            if solution.part != k || solution.parts != parts.len() {
                issues.push(Issue::new(
                    format!("/{k}/part"),
                    IssueCode::InvalidValue,
                    format!(
                        "expected part {k} of {}, found part {} of {}",
                        parts.len(),
                        solution.part,
                        solution.parts
                    ),
                ));
                continue;
            }
            for (i, a) in solution.assignments.iter().enumerate() {
                let inside = self
                    .shift_idx(&a.shift)
                    .is_some_and(|s| part.shifts.binary_search(&s).is_ok())
                    && self
                        .clinician_idx(&a.clinician)
                        .is_some_and(|c| part.clinicians.binary_search(&c).is_ok());
                if !inside {
                    issues.push(Issue::new(
                        format!("/{k}/assignments/{i}"),
                        IssueCode::InvalidValue,
                        format!("{} on {} is not a pair of part {k}", a.clinician, a.shift),
                    ));
                }
            }
        }
        if !issues.is_empty() {
            return Err(Error::Invalid(issues));
        }
        memory::check(self, Method::Flow, settings.memory_limit_mb)?;
        let outcomes = solutions
            .iter()
            .map(|s| {
                Ok(FlowOutcome {
                    assignments: s.assignments.clone(),
                    infeasible: s.infeasible.then(String::new),
                    nodes: s.nodes,
                    arcs: s.arcs,
                    objective: s.objective,
                })
            })
            .collect();
        let outcome = flow::merge_parts(self, &plans, outcomes)?;
        let mut roster = assemble(
            self,
            flow::FlowBackend::METHOD,
            flow_reason(settings.method),
            flow::finish(outcome),
        )?;
        if options.timings {
            roster.stats.solve_ms = Some(settings.called.elapsed().as_millis() as u64);
        }
        Ok(roster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Problem;

    /// Three regions of 40 clinicians and 60 sessions each: below the split threshold, so
    /// one part.
    #[test]
    fn a_small_problem_has_one_part_and_no_part_to_solve() {
        let problem = Problem::from_json(
            r#"{"sites": [{"id": "P1"}], "clinicians": [{"id": "A", "roles": ["gp"]}],
                "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                            "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#,
        )
        .expect("valid");
        let index = Index::build(&problem).expect("valid");
        let options = SolveOptions::new();
        assert_eq!(index.solve_part_count(&options).expect("counts"), 1);
        let err = index.solve_part(&options, 0).expect_err("no part");
        assert!(err.to_string().contains("part 0 does not exist"), "{err}");
        let err = index
            .merge_parts(&options, &[])
            .expect_err("nothing to merge");
        assert!(err.to_string().contains("0 part solutions"), "{err}");
    }
}
