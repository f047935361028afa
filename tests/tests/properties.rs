//! Property tests of the flow solver against independent oracles: the evaluator, a
//! brute force over every subset of eligible pairs, and the Hungarian algorithm
//! (`pathfinding::kuhn_munkres`) on one-shift-per-clinician cases. Plus metamorphic
//! checks: more availability never makes the optimum worse, and the same input always
//! gives the same bytes.

use pathfinding::prelude::{Matrix, kuhn_munkres};
use proptest::prelude::*;
use rotaflow::{Index, SolveOptions, Status};
use rotaflow_tests::{brute_force, build, config, small_spec};

proptest! {
    #![proptest_config(config(256))]

    /// Every flow roster passes the evaluator with no breach, and its objective is the
    /// evaluator's total.
    #[test]
    fn flow_rosters_pass_the_evaluator(spec in small_spec(8, 14)) {
        let problem = build(&spec);
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        if roster.status == Status::Optimal {
            let e = rotaflow::score(&problem, &roster.assignments).expect("scores");
            prop_assert!(e.is_feasible(), "{:?}", e.breaches);
            prop_assert_eq!(roster.objective, Some(e.score.total));
            prop_assert_eq!(roster.score, Some(e.score));
        } else {
            prop_assert_eq!(roster.status, Status::Infeasible);
            prop_assert!(roster.reason.is_some());
        }
    }

    /// On tiny problems the flow optimum equals the best of every subset of eligible pairs,
    /// and the flow says infeasible exactly when no subset is feasible.
    #[test]
    fn flow_matches_brute_force(spec in small_spec(4, 6)) {
        let problem = build(&spec);
        let index = Index::build(&problem).expect("valid");
        prop_assume!(index.eligible_pair_count() <= 12);
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        match brute_force(&problem) {
            Some((best, _)) => {
                prop_assert_eq!(roster.status, Status::Optimal);
                let got = roster.objective.expect("objective");
                prop_assert!((got - best).abs() < 1e-6, "flow {} vs brute force {}", got, best);
            }
            None => prop_assert_eq!(roster.status, Status::Infeasible),
        }
    }

    /// Removing an unavailable period (more availability) never makes the optimum worse.
    #[test]
    fn more_availability_never_hurts(spec in small_spec(6, 10)) {
        let problem = build(&spec);
        let before = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        prop_assume!(before.status == Status::Optimal);
        let mut freer = problem.clone();
        for c in &mut freer.clinicians {
            c.unavailable.clear();
        }
        let after = rotaflow::solve(&freer, &SolveOptions::new()).expect("solves");
        prop_assert_eq!(after.status, Status::Optimal);
        prop_assert!(after.objective.expect("after") <= before.objective.expect("before") + 1e-6);
    }

    /// Same input, same bytes — also after a JSON round trip of the problem.
    #[test]
    fn solving_is_byte_deterministic(spec in small_spec(6, 10)) {
        let problem = build(&spec);
        let a = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves").to_json();
        let b = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves").to_json();
        prop_assert_eq!(&a, &b);
        let again = rotaflow::Problem::from_json(&problem.to_json()).expect("round trip");
        let c = rotaflow::solve(&again, &SolveOptions::new()).expect("solves").to_json();
        prop_assert_eq!(&a, &c);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// With one shift per clinician, unit headcounts and no fairness or over-staffing, the
    /// roster is an assignment problem: its optimum is the Hungarian algorithm's.
    #[test]
    fn one_shift_each_matches_kuhn_munkres(spec in small_spec(7, 9)) {
        let mut problem = build(&spec);
        for c in &mut problem.clinicians {
            c.limits = rotaflow::Limits { max_shifts: Some(1), ..Default::default() };
            c.target_shifts = None;
        }
        for s in &mut problem.shifts {
            s.headcount = Some(1);
            s.over_penalty = None;
        }
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        prop_assert_eq!(roster.status, Status::Optimal);

        // Rows: shifts. Columns: clinicians, then one "leave unfilled" column per shift.
        // Weights are negated costs in millionths; ineligible cells are prohibitive.
        let index = Index::build(&problem).expect("valid");
        let (n_s, n_c) = (problem.shifts.len(), problem.clinicians.len());
        let forbid = -1_000_000_000_000_000i64;
        // The all-unfilled roster's total; each cell is the saving of one pair over it.
        let empty = rotaflow::evaluate(&index, &[]).score.total;
        let mut m = Matrix::new(n_s, n_c + n_s, forbid);
        for s in index.shift_indices() {
            m[(s.index(), n_c + s.index())] = 0;
            for &c in index.eligible_for_shift(s) {
                let one = vec![rotaflow::Assignment::new(
                    &problem.shifts[s.index()].id, &problem.clinicians[c.index()].id)];
                // Marginal cost of this one pair: its roster's total minus all-unfilled.
                let with = rotaflow::evaluate(&index, &one).score.total;
                let gain = empty - with; // penalty saved minus pair cost
                m[(s.index(), c.index())] = (gain * 1e6).round() as i64;
            }
        }
        let (best_gain, _) = kuhn_munkres(&m);
        let hungarian = empty - best_gain as f64 / 1e6;
        let got = roster.objective.expect("objective");
        prop_assert!((got - hungarian).abs() < 1e-4, "flow {} vs hungarian {}", got, hungarian);
    }
}
