//! Validation: every check of a problem document, and the only way to obtain an [`Index`].
//!
//! Validation reports **every** problem at once, each with an RFC 6901 pointer, a stable
//! [`IssueCode`] and a sentence. It runs in two phases:
//!
//! 1. **Each value and each reference** ([`document`]): one function per section of the
//!    document (version and zone, sites, weights, the `solver` block, shift times, the
//!    horizon, shifts, clinicians with their limits and preferences, travel distances,
//!    successions, pins and previous pairs). Every range rule lives in [`values`] (numbers,
//!    counts, coordinates, times) and [`options`] (the solver options, in the problem and
//!    per call). When phase one finds nothing, it has compiled the facts an [`Index`] is
//!    assembled from.
//! 2. **What needs the compiled facts** ([`phase_two`]): distances a rule needs but that
//!    cannot be known, and pins that break eligibility or a rule among themselves.
//!
//! [`Index::build`] runs both and returns the index; [`validate`] runs both and returns
//! the issues. Solvers and operations take `&Index`, so a problem is validated once per
//! call.

mod document;
pub(crate) mod options;
mod phase_two;
mod time;
mod values;

pub(crate) use time::{parse_date, parse_instant};

use crate::error::{Error, Issue, IssueCode, Result, sorted_issues as sorted};
use crate::index::Index;
use crate::model::Problem;

/// Validate a problem completely; an empty list means it is valid.
///
/// ```
/// let problem = rotaflow::Problem::from_json(r#"{"sites": [{"id": "P1"}],
///     "clinicians": [{"id": "C1", "roles": ["gp"]}],
///     "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///                 "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#).unwrap();
/// assert!(rotaflow::validate(&problem).is_empty());
/// ```
pub fn validate(problem: &Problem) -> Vec<Issue> {
    // Eligibility lists are not needed to validate (pins are checked pair by pair).
    match build(problem, false) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(issues)) => issues,
        Err(other) => vec![Issue::new("", IssueCode::InvalidValue, other.to_string())],
    }
}

impl<'p> Index<'p> {
    /// Validate `problem` and compile it: the only way to obtain an `Index`.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem found, sorted by pointer.
    ///
    /// # Complexity
    /// O(C·S_r) time for eligibility, where S_r is the number of shifts of a clinician's
    /// roles, spread over the rayon pool; O(C + S + eligible pairs) space.
    pub fn build(problem: &'p Problem) -> Result<Self> {
        build(problem, true)
    }
}

fn build(problem: &Problem, with_eligibility: bool) -> Result<Index<'_>> {
    let mut v = Validator {
        issues: Vec::new(),
        problem,
    };
    let compiled = v.phase_one();
    let Some(compiled) = compiled.filter(|_| v.issues.is_empty()) else {
        return Err(Error::Invalid(sorted(v.issues)));
    };
    let mut index = Index::assemble(compiled);
    if with_eligibility {
        index.compute_eligibility();
    }
    v.phase_two(&index);
    if !v.issues.is_empty() {
        return Err(Error::Invalid(sorted(v.issues)));
    }
    Ok(index)
}

/// Collects the issues of one validation.
struct Validator<'p> {
    issues: Vec<Issue>,
    problem: &'p Problem,
}

impl Validator<'_> {
    fn push(&mut self, pointer: impl Into<String>, code: IssueCode, message: impl Into<String>) {
        self.issues.push(Issue::new(pointer, code, message));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// `Index::assemble` is called by validation only, so every `Index` was validated.
    #[test]
    fn only_validation_assembles_an_index() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut callers = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("readable");
                    if text.contains("Index::assemble(") {
                        callers.push(path.strip_prefix(&src).expect("under src").to_owned());
                    }
                }
            }
        }
        assert_eq!(callers, [Path::new("validate/mod.rs")], "{callers:?}");
    }
}
