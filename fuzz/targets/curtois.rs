//! The Curtois–Qu instance and roster readers: arbitrary bytes as an instance, and the part
//! after the first NUL as a roster of it.
//!
//! Invariants: no panic; a read instance converts to a rotaflow problem that validates
//! and scores its empty roster, or that validation refuses only for numbers beyond
//! rotaflow's ranges (the format allows any 32-bit count; `invalid_value` at a pointer); a read roster has a penalty and converts to assignments
//! that convert back to the same assignments (cells outside the
//! instance are left out by design).
use super::common::{check_issues, parts};
use rotaflow_curtois::{CurtoisRoster, Instance, penalty};

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    let pieces = parts(data, 2);
    let Ok(text) = std::str::from_utf8(pieces[0]) else {
        return;
    };
    let Ok(instance) = Instance::parse(text) else {
        return;
    };
    let _ = penalty(&instance, &CurtoisRoster::empty(&instance));
    let converted = instance.to_problem();
    match rotaflow::Index::build(&converted.problem) {
        Ok(index) => {
            let _ = rotaflow::evaluate(&index, &[]);
        }
        Err(e) => {
            check_issues(&e);
            for issue in e.issues() {
                assert_eq!(
                    issue.code,
                    rotaflow::IssueCode::InvalidValue,
                    "a read instance converts to a valid problem: {issue:?}"
                );
            }
        }
    }
    let Ok(text) = std::str::from_utf8(pieces[1]) else {
        return;
    };
    let Ok(roster) = CurtoisRoster::parse(&instance, text) else {
        return;
    };
    let _ = penalty(&instance, &roster);
    let assignments = roster.to_assignments(&instance);
    let back = CurtoisRoster::from_assignments(&instance, &assignments)
        .expect("a roster's assignments convert back");
    assert_eq!(back.to_assignments(&instance), assignments, "round trip");
}
