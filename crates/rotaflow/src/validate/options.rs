//! The range rules of the solver options: the problem's `solver` block and the per-call
//! overrides ([`crate::SolveOptions`]) obey the same ranges, checked here.

use super::Validator;
use crate::error::{Error, Issue, IssueCode, Result};
use crate::model::{SolveOptions, SolverOptions};

impl Validator<'_> {
    /// The problem's `solver` block.
    pub(super) fn solver_block(&mut self, solver: &SolverOptions) {
        if self.finite("/solver/time_limit_s", solver.time_limit_s) && solver.time_limit_s <= 0.0 {
            self.push(
                "/solver/time_limit_s",
                IssueCode::InvalidValue,
                "the time limit must be positive",
            );
        }
        self.amount("/solver/mip_gap", solver.mip_gap);
    }
}

/// Per-call overrides obey the same ranges as the problem's `solver` block; their issues
/// point at the `solver` field they override.
pub(crate) fn check_call_options(options: &SolveOptions) -> Result<()> {
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
