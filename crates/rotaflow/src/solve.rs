//! The front door: `solve(&problem, &options)` picks a method, runs it and re-scores the
//! result with the evaluator.
//!
//! | method | when | guarantees |
//! |---|---|---|
//! | `flow` | the problem is flow-representable ([`crate::flow_obstacles`] is empty) | optimal, exact, fast |
//! | `mip`  | any problem | not available in this build yet |
//! | `auto` | always | `flow` when representable, otherwise `mip` |

use std::time::Instant;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::evaluate::evaluate;
use crate::flow::solve_flow;
use crate::index::Index;
use crate::model::{Method, Problem};
use crate::roster::{Roster, Stats, Status};

/// Per-call options; each `Some` overrides the problem's own `solver` block.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SolveOptions {
    /// Which solver.
    pub method: Option<Method>,
    /// Wall-clock limit in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap.
    pub mip_gap: Option<f64>,
    /// MIP threads.
    pub threads: Option<u32>,
    /// Random seed.
    pub seed: Option<u64>,
    /// Record `stats.solve_ms` in the roster (off by default, so that the same input gives
    /// the same bytes).
    pub timings: bool,
}

impl SolveOptions {
    /// Options that take everything from the problem's `solver` block.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `method`.
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Record the solve time in `stats.solve_ms`.
    pub fn with_timings(mut self, timings: bool) -> Self {
        self.timings = timings;
        self
    }

    /// Use this time limit, in seconds.
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit_s = Some(seconds);
        self
    }
}

/// Solve a problem.
///
/// Validates the problem, chooses the method (`options.method`, else the problem's
/// `solver.method`), solves, and re-scores the assignments with the independent
/// evaluator: the roster's `score` and `objective` always come from the evaluator.
///
/// # Errors
/// * [`Error::Invalid`] — every validation problem found;
/// * [`Error::NotFlowRepresentable`] — `flow` asked for (or `auto` chose it as the only
///   method available) on a problem with rules a flow cannot express, naming them;
/// * [`Error::MethodUnavailable`] — `mip` asked for (not in this build yet);
/// * [`Error::OutOfRange`] — penalties too large to solve exactly.
///
/// An infeasible problem is not an error: the roster has status `infeasible` and a reason.
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions, Status};
/// let problem = Problem::from_json(r#"{
///   "sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
///                  {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]
/// }"#).unwrap();
/// let roster = rotaflow::solve(&problem, &SolveOptions::new()).unwrap();
/// assert_eq!(roster.status, Status::Optimal);
/// assert_eq!(roster.assignments[0].clinician, "B");
/// assert_eq!(roster.objective, Some(360.0));
/// ```
pub fn solve(problem: &Problem, options: &SolveOptions) -> Result<Roster> {
    let started = Instant::now();
    check_options(options)?;
    let index = Index::build(problem)?;
    let method = options.method.unwrap_or(problem.solver.method);
    let method_reason = match method {
        Method::Flow => "flow requested".to_owned(),
        Method::Auto => {
            "auto: the problem is flow-representable, so the exact min-cost flow was used"
                .to_owned()
        }
        Method::Mip => {
            return Err(Error::MethodUnavailable(
                "the MIP solver is not available in this version of rotaflow; use `flow` or \
                 `auto` on flow-representable problems"
                    .to_owned(),
            ));
        }
    };
    // Refuses with the rules in the way when the problem is not flow-representable.
    let outcome = solve_flow(&index)?;
    let stats = Stats {
        solve_ms: None,
        nodes: outcome.nodes as u64,
        arcs: outcome.arcs as u64,
        variables: 0,
        constraints: 0,
        eligible_pairs: index.eligible_pair_count() as u64,
        method_reason,
    };
    let mut roster = match outcome.infeasible {
        Some(reason) => Roster {
            status: Status::Infeasible,
            method: Method::Flow,
            reason: Some(reason),
            objective: None,
            bound: None,
            gap: None,
            assignments: Vec::new(),
            unfilled: Vec::new(),
            score: None,
            clinicians: Vec::new(),
            stats,
        },
        None => {
            let eval = evaluate(&index, &outcome.assignments);
            if !eval.is_feasible() {
                return Err(Error::Internal(format!(
                    "the flow roster breaks a hard rule: {}",
                    eval.breaches[0].message
                )));
            }
            let total = eval.score.total;
            let tolerance = 1e-6 * (1.0 + total.abs()) + 1e-6 * outcome.assignments.len() as f64;
            if (outcome.objective - total).abs() > tolerance {
                return Err(Error::Internal(format!(
                    "the flow objective {} disagrees with the evaluator's {total}",
                    outcome.objective
                )));
            }
            Roster {
                status: Status::Optimal,
                method: Method::Flow,
                reason: None,
                objective: Some(total),
                bound: Some(total),
                gap: Some(0.0),
                assignments: outcome.assignments,
                unfilled: eval.unfilled,
                score: Some(eval.score),
                clinicians: eval.clinicians,
                stats,
            }
        }
    };
    if options.timings {
        roster.stats.solve_ms = Some(started.elapsed().as_millis() as u64);
    }
    Ok(roster)
}

/// Per-call overrides obey the same ranges as the problem's `solver` block.
fn check_options(options: &SolveOptions) -> Result<()> {
    let mut issues = Vec::new();
    if let Some(t) = options.time_limit_s {
        if !(t.is_finite() && t > 0.0) {
            issues.push(Issue::new(
                "/solver/time_limit_s",
                IssueCode::InvalidValue,
                format!("the time limit option must be a positive number of seconds, not {t}"),
            ));
        }
    }
    if let Some(g) = options.mip_gap {
        if !(g.is_finite() && g >= 0.0) {
            issues.push(Issue::new(
                "/solver/mip_gap",
                IssueCode::InvalidValue,
                format!("the MIP gap option must be a non-negative number, not {g}"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_option_overrides_are_invalid() {
        let problem = Problem::default();
        let options = SolveOptions::new().with_time_limit(-1.0);
        let err = solve(&problem, &options).expect_err("negative time limit");
        assert_eq!(err.issues()[0].pointer, "/solver/time_limit_s");
        let options = SolveOptions {
            mip_gap: Some(f64::NAN),
            ..SolveOptions::new()
        };
        assert_eq!(
            solve(&problem, &options).expect_err("NaN gap").issues()[0].code,
            IssueCode::InvalidValue
        );
    }

    #[test]
    fn an_empty_problem_solves_to_zero() {
        let roster = solve(&Problem::default(), &SolveOptions::new()).expect("solves");
        assert_eq!(roster.status, Status::Optimal);
        assert_eq!(roster.objective, Some(0.0));
        assert!(roster.assignments.is_empty());
    }
}
