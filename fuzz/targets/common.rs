//! Shared pieces of the fuzz targets: splitting one fuzz input into several documents,
//! and the small built-in problem the roster and change-list targets read against.
//!
//! Each target (a file beside this one) has one `run(&[u8])`: it reads one input, runs a
//! reader (and what follows it on success), and panics when an invariant the reader owes
//! its callers breaks. `fuzz/bin/` wraps each in `afl::fuzz!` for AFL++ (`cargo afl`);
//! there a panic — a bug even where a face would catch it — aborts (the fuzz profile sets
//! `panic = "abort"`) and AFL++ records a crash. `tests/tests/fuzz_corpus.rs` includes
//! the same files and runs every checked-in corpus input and regression through them.

use std::sync::OnceLock;

use rotaflow::{Assignment, Method, Problem, SolveOptions};

/// The problem the roster, change-list and C targets read their other documents against:
/// `examples/small.json`, checked in beside the targets.
pub(crate) const SMALL_PROBLEM: &str = include_str!("../../examples/small.json");

/// [`SMALL_PROBLEM`], read once.
pub(crate) fn small_problem() -> &'static Problem {
    static PROBLEM: OnceLock<Problem> = OnceLock::new();
    PROBLEM.get_or_init(|| Problem::from_json(SMALL_PROBLEM).expect("the example problem is valid"))
}

/// The flow's options the targets solve with.
pub(crate) fn flow() -> SolveOptions {
    let mut options = SolveOptions::new();
    options.method = Some(Method::Flow);
    options
}

/// The flow's roster of [`SMALL_PROBLEM`], solved once.
pub(crate) fn small_roster() -> &'static [Assignment] {
    static ROSTER: OnceLock<Vec<Assignment>> = OnceLock::new();
    ROSTER.get_or_init(|| {
        rotaflow::solve(small_problem(), &flow())
            .expect("the example solves with the flow")
            .assignments
    })
}

/// The input split at NUL bytes into at most `n` parts (the last part keeps any further
/// NULs). Missing parts are empty.
pub(crate) fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = data.splitn(n, |&b| b == 0).collect();
    out.resize(n, &[]);
    out
}

/// Every issue of an error names where it is: a JSON pointer, empty (the whole document)
/// or starting with `/`, and a message that is not empty.
pub(crate) fn check_issues(error: &rotaflow::Error) {
    if let rotaflow::Error::Invalid(issues) = error {
        assert!(!issues.is_empty(), "an Invalid error with no issue");
        for issue in issues {
            assert!(
                issue.pointer.is_empty() || issue.pointer.starts_with('/'),
                "not a JSON pointer: {:?}",
                issue.pointer
            );
            assert!(!issue.message.is_empty(), "an issue without a message");
        }
    }
}
