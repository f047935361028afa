//! The change-list reader (replan's changes): arbitrary bytes as a change list, applied
//! with `replan` to `examples/small.json` and its flow roster.
//!
//! Invariants: no panic; a refusal names where; an accepted change list either replans
//! (a roster the evaluator finds free of breaches) or is refused with issues.
use rotaflow::{Index, read};

use super::common::{check_issues, flow, small_problem, small_roster};

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    let index = &Index::build(small_problem()).expect("the example problem builds");
    let (roster, options) = (small_roster(), &flow());
    let text = match read::utf8(data) {
        Ok(text) => text,
        Err(e) => return check_issues(&e),
    };
    match read::changes(text) {
        Err(e) => check_issues(&e),
        Ok(changes) => match index.replan(roster, &changes, None, options) {
            Err(e) => check_issues(&e),
            Ok(answer) => {
                let again = Index::build(&answer.problem).expect("the replanned problem is valid");
                let evaluation = rotaflow::evaluate(&again, &answer.roster.assignments);
                assert!(
                    evaluation.breaches.is_empty(),
                    "replan broke a rule: {:?}",
                    evaluation.breaches
                );
            }
        },
    }
}
