//! Property tests of `decompose` (column generation and price-and-branch): against the MIP
//! on random problems with every rule (equal optima when both prove optimality, the same
//! status on infeasible problems, a bound never above the MIP's optimum), against brute
//! force on tiny ones, against the flow on flow-representable ones; every roster through
//! the evaluator; repeated runs give the same bytes.

use proptest::prelude::*;
use rotaflow::{Index, Method, Problem, Roster, SolveOptions, Status};
use rotaflow_tests::{brute_force, build, build_rules, config, rule_spec, small_spec};

fn with(method: Method) -> SolveOptions {
    let mut o = SolveOptions::new();
    o.method = Some(method);
    o
}

fn solve(problem: &Problem, method: Method) -> Roster {
    match rotaflow::solve(problem, &with(method)) {
        Ok(r) => r,
        Err(e) => panic!("{method} failed: {e}"),
    }
}

/// The roster passes the evaluator with its own objective, and its bound is not above it.
fn checked(problem: &Problem, roster: &Roster) -> Result<(), TestCaseError> {
    if matches!(roster.status, Status::Optimal | Status::Feasible) {
        let e = rotaflow::score(problem, &roster.assignments).expect("scores");
        prop_assert!(e.is_feasible(), "{:?}", e.breaches);
        prop_assert_eq!(roster.objective, Some(e.score.total));
        let (obj, bound) = (
            roster.objective.expect("objective"),
            roster.bound.expect("bound"),
        );
        prop_assert!(
            bound <= obj + 1e-9,
            "bound {} above objective {}",
            bound,
            obj
        );
    } else {
        prop_assert!(roster.reason.is_some());
    }
    Ok(())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(config(64))]

    /// On problems with every rule: decompose's roster passes the evaluator; its bound is
    /// never above the MIP's optimum and its objective never below it; both prove the
    /// same optimum when both prove optimality; infeasibility is the same status.
    #[test]
    fn decompose_agrees_with_the_mip(spec in rule_spec(6, 14)) {
        let problem = build_rules(&spec);
        let mip = solve(&problem, Method::Mip);
        let dec = solve(&problem, Method::Decompose);
        prop_assert_eq!(dec.method, Method::Decompose);
        checked(&problem, &dec)?;
        match mip.status {
            Status::Infeasible => prop_assert_eq!(dec.status, Status::Infeasible, "{:?}", dec.reason),
            Status::Optimal => {
                let best = mip.objective.expect("MIP objective");
                prop_assert!(matches!(dec.status, Status::Optimal | Status::Feasible), "{:?}", dec.reason);
                let (obj, bound) = (dec.objective.expect("objective"), dec.bound.expect("bound"));
                prop_assert!(bound <= best + 1e-6 * (1.0 + best.abs()), "bound {} above the MIP optimum {}", bound, best);
                prop_assert!(obj >= best - 1e-6 * (1.0 + best.abs()), "objective {} below the MIP optimum {}", obj, best);
                if dec.status == Status::Optimal {
                    prop_assert!(close(obj, best), "decompose {} vs MIP {}", obj, best);
                }
            }
            other => prop_assert!(false, "unexpected MIP status {:?}", other),
        }
    }

    /// On flow-representable problems decompose never beats the flow's optimum and its
    /// bound never exceeds it; both agree on infeasibility.
    #[test]
    fn decompose_is_bounded_by_the_flow(spec in small_spec(7, 12)) {
        let problem = build(&spec);
        let flow = solve(&problem, Method::Flow);
        let dec = solve(&problem, Method::Decompose);
        checked(&problem, &dec)?;
        prop_assert_eq!(flow.status == Status::Infeasible, dec.status == Status::Infeasible);
        if flow.status == Status::Optimal {
            let best = flow.objective.expect("flow");
            prop_assert!(dec.bound.expect("bound") <= best + 1e-6 * (1.0 + best.abs()));
            prop_assert!(dec.objective.expect("objective") >= best - 1e-6 * (1.0 + best.abs()));
            if dec.status == Status::Optimal {
                prop_assert!(close(dec.objective.expect("objective"), best));
            }
        }
    }

    /// The same problem and options give the same bytes.
    #[test]
    fn decompose_is_deterministic(spec in rule_spec(5, 12)) {
        let problem = build_rules(&spec);
        let a = serde_json::to_string(&solve(&problem, Method::Decompose)).expect("json");
        let b = serde_json::to_string(&solve(&problem, Method::Decompose)).expect("json");
        prop_assert_eq!(a, b);
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// On tiny problems with rules the bound is never above the brute-force optimum, the
    /// objective never below it, and "infeasible" exactly when no subset is feasible.
    #[test]
    fn decompose_against_brute_force(spec in rule_spec(3, 6)) {
        let problem = build_rules(&spec);
        let index = Index::build(&problem).expect("valid");
        prop_assume!(index.eligible_pair_count() <= 14);
        let dec = solve(&problem, Method::Decompose);
        checked(&problem, &dec)?;
        match brute_force(&problem) {
            Some((best, _)) => {
                prop_assert!(matches!(dec.status, Status::Optimal | Status::Feasible), "{:?}", dec.reason);
                prop_assert!(dec.bound.expect("bound") <= best + 1e-6 * (1.0 + best.abs()));
                let obj = dec.objective.expect("objective");
                prop_assert!(obj >= best - 1e-6 * (1.0 + best.abs()));
                if dec.status == Status::Optimal {
                    prop_assert!(close(obj, best), "decompose {} vs brute force {}", obj, best);
                }
            }
            None => prop_assert_eq!(dec.status, Status::Infeasible),
        }
    }
}
