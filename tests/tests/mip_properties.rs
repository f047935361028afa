//! Property tests of the MIP: on random flow-representable problems its optimum is the
//! flow's; on random problems with working-time rules every roster passes the evaluator,
//! and on tiny ones its optimum is the brute force's.

use proptest::prelude::*;
use rotaflow::{Index, Method, SolveOptions, Status};
use rotaflow_tests::{brute_force, build, build_rules, config, rule_spec, small_spec};

fn with(method: Method) -> SolveOptions {
    let mut o = SolveOptions::new();
    o.method = Some(method);
    o
}

proptest! {
    #![proptest_config(config(64))]

    /// On flow-representable problems the MIP's optimum is the flow's (both re-scored by
    /// the evaluator inside `solve`), and both agree on infeasibility.
    #[test]
    fn mip_optimum_equals_flow_optimum(spec in small_spec(7, 12)) {
        let problem = build(&spec);
        let flow = rotaflow::solve(&problem, &with(Method::Flow)).expect("flow solves");
        let mip = rotaflow::solve(&problem, &with(Method::Mip)).expect("mip solves");
        prop_assert_eq!(flow.status, mip.status);
        if flow.status == Status::Optimal {
            let (f, m) = (flow.objective.expect("flow"), mip.objective.expect("mip"));
            prop_assert!((f - m).abs() < 1e-6 * (1.0 + f.abs()), "flow {} vs MIP {}", f, m);
        }
    }

    /// Every MIP roster of a problem with rules breaks no hard rule and its objective is the
    /// evaluator's total; an infeasible answer always has a reason.
    #[test]
    fn mip_rosters_pass_the_evaluator(spec in rule_spec(6, 14)) {
        let problem = build_rules(&spec);
        let roster = rotaflow::solve(&problem, &with(Method::Mip)).expect("solves");
        match roster.status {
            Status::Optimal => {
                let e = rotaflow::score(&problem, &roster.assignments).expect("scores");
                prop_assert!(e.is_feasible(), "{:?}", e.breaches);
                prop_assert_eq!(roster.objective, Some(e.score.total));
            }
            Status::Infeasible => prop_assert!(roster.reason.is_some()),
            other => prop_assert!(false, "unexpected status {:?}", other),
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// On tiny problems with rules the MIP's optimum is the best of every subset of
    /// eligible pairs, and it says infeasible exactly when no subset is feasible.
    #[test]
    fn mip_matches_brute_force_with_rules(spec in rule_spec(3, 6)) {
        let problem = build_rules(&spec);
        let index = Index::build(&problem).expect("valid");
        prop_assume!(index.eligible_pair_count() <= 14);
        let roster = rotaflow::solve(&problem, &with(Method::Mip)).expect("solves");
        match brute_force(&problem) {
            Some((best, _)) => {
                prop_assert_eq!(roster.status, Status::Optimal, "{:?}", roster.reason);
                let got = roster.objective.expect("objective");
                prop_assert!((got - best).abs() < 1e-6, "MIP {} vs brute force {}", got, best);
            }
            None => prop_assert_eq!(roster.status, Status::Infeasible),
        }
    }
}
