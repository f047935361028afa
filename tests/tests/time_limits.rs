//! Time limits on rule-bearing problems (issue 14, root cause 5): a run stopped by its limit
//! returns the best feasible roster it knows, with a bound, and `no_solution` only when it
//! knows none. No assertion here measures time: the limits are so short that the deadline
//! has passed before the model is built, whatever the machine.

use rotaflow::{Method, Problem, SolveOptions, Status};

/// A limit that has always passed by the time the model would be built (validation keeps
/// limits positive).
const SPENT: f64 = 1e-9;

fn rules_week(clinicians: usize, seed: u64) -> Problem {
    rotaflow_tests::rules_week(clinicians, 12, seed)
}

fn limited(limit: f64) -> SolveOptions {
    let mut o = SolveOptions::new().with_method(Method::Mip);
    o.time_limit_s = Some(limit);
    o
}

#[test]
fn a_limited_rules_run_returns_a_feasible_roster_with_a_bound() {
    for seed in [1, 2] {
        let p = rules_week(150, seed);
        let r = rotaflow::solve(&p, &limited(SPENT)).expect("solves");
        assert_eq!(r.status, Status::Feasible, "seed {seed}: {:?}", r.reason);
        let (objective, bound, gap) = (
            r.objective.expect("objective"),
            r.bound.expect("bound"),
            r.gap.expect("gap"),
        );
        assert!(
            bound <= objective,
            "bound {bound} above objective {objective}"
        );
        assert!(bound.is_finite() && (0.0..=1.0).contains(&gap));
        assert!(!r.assignments.is_empty());
        // The evaluator, called from outside, accepts the roster and agrees on its score.
        let eval = rotaflow::score(&p, &r.assignments).expect("scores");
        assert!(
            eval.is_feasible(),
            "seed {seed}: {:?}",
            eval.breaches.first()
        );
        assert_eq!(Some(eval.score.total), r.objective);
    }
}

#[test]
fn the_fallback_is_no_better_than_the_optimum_and_its_bound_no_higher() {
    // A small rules week the MIP proves optimal: the roster returned at a spent limit is
    // feasible, no better than the optimum, and its bound is at most the optimum.
    let p = rules_week(25, 4);
    let optimal = rotaflow::solve(&p, &limited(120.0)).expect("solves");
    assert_eq!(optimal.status, Status::Optimal);
    let best = optimal.objective.expect("objective");
    let quick = rotaflow::solve(&p, &limited(SPENT)).expect("solves");
    assert!(matches!(quick.status, Status::Feasible | Status::Optimal));
    assert!(quick.objective.expect("objective") >= best - 1e-6);
    assert!(quick.bound.expect("bound") <= best + 1e-6);
}

#[test]
fn no_solution_only_when_no_feasible_roster_is_known() {
    // A minimum run of days that neither the greedy roster nor the pins alone meet: A must
    // work 2 shifts (min_shifts) in runs of at least 2 days; the cheapest two sessions are
    // on days 1 and 3, so the greedy top-up takes those and breaks the run rule. The
    // problem is feasible (days 1 and 2), but at a spent limit no roster is known.
    let p = Problem::from_json(
        r#"{
        "horizon": {"start": "2026-12-07", "end": "2026-12-11"},
        "sites": [{"id": "P1"}],
        "weights": {"unfilled": 0},
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100,
                        "limits": {"min_shifts": 2, "min_consecutive_days": 2}}],
        "shifts": [
          {"id": "D1", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T10:00"},
          {"id": "D2", "site": "P1", "role": "gp", "start": "2026-12-09T08:00", "end": "2026-12-09T12:00"},
          {"id": "D3", "site": "P1", "role": "gp", "start": "2026-12-10T08:00", "end": "2026-12-10T10:00"}
        ]}"#,
    )
    .expect("parses");
    let quick = rotaflow::solve(&p, &limited(SPENT)).expect("solves");
    assert_eq!(quick.status, Status::NoSolution);
    assert!(quick.bound.is_none() && quick.assignments.is_empty());
    assert!(quick.reason.expect("reason").contains("time limit"));
    let solved = rotaflow::solve(&p, &limited(60.0)).expect("solves");
    assert_eq!(solved.status, Status::Optimal);
}
