//! The problem reader and validation: arbitrary bytes as a problem document.
//!
//! Invariants: no panic; a refused document has issues with pointers; an accepted one
//! builds its index, writes itself out and reads back to the same bytes, and scores
//! its empty roster.
use super::common::check_issues;
use rotaflow::{Index, Problem};

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        // The unvalidated reader owes the same: every issue at a pointer.
        if let Err(e) = Problem::from_json_unvalidated(text) {
            check_issues(&e);
        }
    }
    match Problem::from_json_bytes(data) {
        Err(e) => check_issues(&e),
        Ok(problem) => {
            let index = Index::build(&problem).expect("a valid problem builds its index");
            let text = problem.to_json();
            let again = Problem::from_json(&text).expect("the problem as written reads back");
            assert_eq!(
                again.to_json(),
                text,
                "writing the problem read back changes it"
            );
            // (The empty roster may break a minimum; it must score all the same.)
            let empty = rotaflow::evaluate(&index, &[]);
            assert!(empty.score.total.is_finite(), "a non-finite objective");
            let _ = rotaflow::flow_obstacles(&index);
        }
    }
}
