//! The range rules of the solver options: the problem's `solver` block and the per-call
//! overrides ([`crate::SolveOptions`]) obey the same ranges, checked here.
//!
//! Every value checked here reaches HiGHS, whose C API lets a C++ exception escape (see
//! `solve/mip/highs.rs`): an option out of range must be refused here, before any solve,
//! rather than trusted to HiGHS's own checks.

use super::Validator;
use crate::error::{Error, Issue, IssueCode, Result};
use crate::model::{SolveOptions, SolverOptions};

/// The most solver threads a problem or a call may ask for.
///
/// HiGHS builds one worker (a thread and its task queue) per thread asked for before it
/// looks at the model, outside its own exception handling: `threads: 100000` ran out of
/// memory inside HiGHS and aborted the calling process. 256 is more cores than any machine
/// we know of offers; a value in range is then lowered to the machine's available
/// parallelism before it reaches HiGHS (`Settings::resolve`).
pub const MAX_THREADS: u32 = 256;

/// The sentence for a thread count out of `1..=MAX_THREADS`.
fn threads_message(what: &str, n: impl std::fmt::Display) -> String {
    format!(
        "{what} must be between 1 and {MAX_THREADS} (leave it out to let the solver choose), \
         not {n}"
    )
}

/// The most weeks `solver.pattern_weeks` may name (ten years, the longest horizon).
pub const MAX_PATTERN_WEEKS: i64 = 522;

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
        if let Some(n) = solver.threads {
            if !(1..=MAX_THREADS).contains(&n) {
                self.push(
                    "/solver/threads",
                    IssueCode::InvalidValue,
                    threads_message("the number of threads", n),
                );
            }
        }
        if let Some(n) = solver.pattern_weeks {
            if !(2..=MAX_PATTERN_WEEKS).contains(&n) {
                self.push(
                    "/solver/pattern_weeks",
                    IssueCode::InvalidValue,
                    format!(
                        "pattern_weeks must be a whole number of weeks from 2 to \
                         {MAX_PATTERN_WEEKS}, not {n}"
                    ),
                );
            }
        }
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
    if let Some(n) = options.threads {
        if !(1..=MAX_THREADS).contains(&n) {
            issues.push(Issue::new(
                "/solver/threads",
                IssueCode::InvalidValue,
                threads_message("the threads option", n),
            ));
        }
    }
    if let Some(m) = options.memory_limit_mb {
        if !(m.is_finite() && m > 0.0) {
            // Not a `solver` field: the pointer is the options document's own.
            issues.push(Issue::new(
                "/memory_limit_mb",
                IssueCode::InvalidValue,
                format!("the memory limit option must be a positive number of MiB, not {m}"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

/// The sentence for a thread count too large even for `u32` (the options document).
pub(crate) fn threads_too_large(n: u64) -> String {
    threads_message("the threads option", n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Problem;

    fn solver_issues(solver: &str) -> Vec<(String, IssueCode)> {
        let text = format!(r#"{{"solver": {solver}}}"#);
        match Problem::from_json(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .issues()
                .iter()
                .map(|i| (i.pointer.clone(), i.code))
                .collect(),
        }
    }

    #[test]
    fn a_thread_count_out_of_range_in_the_problem_is_refused_at_its_pointer() {
        let want = vec![("/solver/threads".to_owned(), IssueCode::InvalidValue)];
        for n in ["0", "257", "100000", "4294967295"] {
            assert_eq!(
                solver_issues(&format!(r#"{{"threads": {n}}}"#)),
                want,
                "{n}"
            );
        }
        for n in ["1", "2", "256", "null"] {
            assert_eq!(solver_issues(&format!(r#"{{"threads": {n}}}"#)), [], "{n}");
        }
        let err = Problem::from_json(r#"{"solver": {"threads": 100000}}"#).unwrap_err();
        let message = &err.issues()[0].message;
        assert!(message.contains("between 1 and 256") && message.contains("100000"));
    }

    #[test]
    fn a_thread_count_out_of_range_per_call_is_refused() {
        for n in [0, 257, 100_000, u32::MAX] {
            let options = SolveOptions {
                threads: Some(n),
                ..SolveOptions::default()
            };
            let err = check_call_options(&options).unwrap_err();
            let got: Vec<(&str, IssueCode)> = err
                .issues()
                .iter()
                .map(|i| (i.pointer.as_str(), i.code))
                .collect();
            assert_eq!(got, [("/solver/threads", IssueCode::InvalidValue)], "{n}");
        }
        for n in [1, MAX_THREADS] {
            let options = SolveOptions {
                threads: Some(n),
                ..SolveOptions::default()
            };
            assert!(check_call_options(&options).is_ok(), "{n}");
        }
    }
}
