//! The roster and assignment-list readers: arbitrary bytes read as a roster document and
//! as an assignment list, scored and explained against `examples/small.json`.
//!
//! Invariants: no panic; a refusal names where (issue pointers); accepted assignments
//! score, and explaining them either answers or is refused with issues.
use rotaflow::{Index, read};

use super::common::{check_issues, small_problem};

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    let index = &Index::build(small_problem()).expect("the example problem builds");
    let text = match read::utf8(data) {
        Ok(text) => text,
        Err(e) => return check_issues(&e),
    };
    match read::roster(text) {
        Err(e) => check_issues(&e),
        Ok(roster) => {
            let _ = rotaflow::evaluate(index, &roster.assignments);
            match index.report_html(&roster) {
                Ok(html) => assert!(
                    html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>")
                ),
                Err(e) => check_issues(&e),
            }
        }
    }
    match read::assignments(text) {
        Err(e) => check_issues(&e),
        Ok(assignments) => {
            let evaluation = rotaflow::evaluate(index, &assignments);
            assert!(evaluation.score.total.is_finite(), "a non-finite objective");
            if let Err(e) = index.explain(&assignments) {
                check_issues(&e);
            }
        }
    }
}
