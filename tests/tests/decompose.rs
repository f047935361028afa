//! The `decompose` solver on hand-built problems whose optimum is worked out by hand (and
//! checked by brute force): the rules that couple a clinician's days, the headcount caps
//! that only the master sees, infeasibility (a clinician alone, and the caps with the
//! minimums together), and the method's name on every face that parses it.

use rotaflow::{Method, Problem, Roster, SolveOptions, Status};
use rotaflow_tests::{brute_force, shift, week};
use serde_json::{Value, json};

fn decompose(p: &Problem) -> Roster {
    match rotaflow::solve(p, &SolveOptions::new().with_method(Method::Decompose)) {
        Ok(r) => r,
        Err(e) => panic!("decompose failed: {e}"),
    }
}

/// Solve with decompose, check the roster with the evaluator and against brute force.
fn checked(p: &Problem, expected: f64) -> Roster {
    let roster = decompose(p);
    assert_eq!(roster.status, Status::Optimal, "{:?}", roster.reason);
    assert_eq!(roster.method, Method::Decompose);
    let objective = roster.objective.expect("objective");
    assert!(
        (objective - expected).abs() < 1e-6,
        "decompose {objective}, expected {expected}: {:?}",
        roster.assignments
    );
    let e = rotaflow::score(p, &roster.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    let (best, _) = brute_force(p).expect("feasible");
    assert!((best - expected).abs() < 1e-6, "brute force {best}");
    roster
}

fn gp(id: &str, rate: u32, limits: Value) -> Value {
    json!({"id": id, "roles": ["gp"], "rate_per_hour": rate, "limits": limits})
}

#[test]
fn rest_successions_and_runs_are_priced_exactly() {
    // A (cheap) may not work the evening then the next morning (succession and 11 h
    // rest), nor three days in a row; B (dear) covers what A cannot. Five shifts of 4 h
    // (evening 3 h); unfilled costs 1000.
    let p = week(
        json!([
            gp(
                "A",
                10,
                json!({"min_rest_hours": 11, "max_consecutive_days": 2})
            ),
            gp("B", 50, json!({"max_shifts": 1}))
        ]),
        json!([
            shift("S1", 0, "18:00", "21:00", "EVE"),
            shift("S2", 1, "07:00", "11:00", "AM"),
            shift("S3", 2, "08:00", "12:00", "AM"),
            shift("S4", 3, "08:00", "12:00", "AM")
        ]),
        json!({"forbidden_successions": [{"first": "EVE", "then": "AM"}]}),
    );
    // A works S1 (30) and then at most one more of S3, S4 without breaking the run
    // (S1 Mon, S3 Wed, S4 Thu: Mon + Wed–Thu is runs of 1 and 2) = 30 + 40 + 40;
    // B takes S2 (200). Total 310.
    let r = checked(&p, 310.0);
    assert_eq!(r.gap, Some(0.0));
}

#[test]
fn headcount_caps_bind_in_the_master() {
    // Two clinicians who must each work, two overlapping one-place shifts and no
    // over-staffing: the caps (rows of the master, not of pricing) make them split.
    let p = week(
        json!([
            gp("A", 10, json!({"min_shifts": 1})),
            gp("B", 20, json!({"min_shifts": 1}))
        ]),
        json!([
            shift("S1", 0, "08:00", "12:00", "AM"),
            shift("S2", 0, "08:00", "12:00", "AM")
        ]),
        json!({}),
    );
    checked(&p, 120.0);
}

#[test]
fn caps_and_minimums_together_are_infeasible() {
    // Both must work, there is one place and over-staffing is forbidden: phase one proves
    // that no roster exists, although each clinician alone has a schedule.
    let p = week(
        json!([
            gp("A", 10, json!({"min_shifts": 1})),
            gp("B", 20, json!({"min_shifts": 1}))
        ]),
        json!([shift("S1", 0, "08:00", "12:00", "AM")]),
        json!({}),
    );
    let r = decompose(&p);
    assert_eq!(r.status, Status::Infeasible);
    assert!(r.reason.expect("reason").contains("headcount cap"));
    assert!(brute_force(&p).is_none());
}

#[test]
fn a_clinician_without_a_schedule_is_named() {
    let p = week(
        json!([
            gp("A", 10, json!({})),
            gp("B", 20, json!({"min_shifts": 2}))
        ]),
        json!([shift("S1", 0, "08:00", "12:00", "AM")]),
        json!({}),
    );
    let r = decompose(&p);
    assert_eq!(r.status, Status::Infeasible);
    assert!(r.reason.expect("reason").contains("B"));
}

#[test]
fn the_method_is_named_decompose_everywhere() {
    assert_eq!("decompose".parse::<Method>(), Ok(Method::Decompose));
    assert_eq!(Method::Decompose.as_str(), "decompose");
    let o = SolveOptions::from_json(r#"{"method": "decompose"}"#).expect("options");
    assert_eq!(o.method, Some(Method::Decompose));
    let p = week(
        json!([gp("A", 10, json!({}))]),
        json!([]),
        json!({"solver": {"method": "decompose"}}),
    );
    assert_eq!(
        rotaflow::solve(&p, &SolveOptions::new())
            .expect("solves")
            .method,
        Method::Decompose
    );
}

/// A generated rules pool larger than one neighbourhood of the search (so the start, the
/// column generation and the neighbourhoods with the rest fixed all run): the roster keeps
/// every rule, its objective is the evaluator's, and it and its bound sit consistently
/// with the MIP's on the same week: neither method's bound is above the other's roster.
#[test]
fn a_pool_larger_than_a_neighbourhood_is_consistent_with_the_mip() {
    let p = rotaflow_tests::rules_week(90, 10, 5);
    let solve = |method| {
        let mut o = SolveOptions::new().with_method(method);
        // A cap on the test's time, not a claim about speed.
        o.time_limit_s = Some(20.0);
        rotaflow::solve(&p, &o).expect("solves")
    };
    let d = solve(Method::Decompose);
    let m = solve(Method::Mip);
    assert!(
        matches!(d.status, Status::Optimal | Status::Feasible),
        "{:?}",
        d.reason
    );
    let e = rotaflow::score(&p, &d.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    let (obj, bound) = (d.objective.expect("objective"), d.bound.expect("bound"));
    assert!(
        (obj - e.score.total).abs() < 1e-6 * (1.0 + obj.abs()),
        "decompose says {obj}, the evaluator {}",
        e.score.total
    );
    assert!(bound <= obj + 1e-6, "bound {bound} above objective {obj}");
    if let (Some(mo), Some(mb)) = (m.objective, m.bound) {
        let tol = 1e-6 * (1.0 + mo.abs());
        assert!(
            bound <= mo + tol,
            "decompose's bound {bound} above the MIP's roster {mo}"
        );
        assert!(
            mb <= obj + tol,
            "the MIP's bound {mb} above decompose's roster {obj}"
        );
    }
}

/// Curtois–Qu instance 12 (60 staff, four weeks, minimum minutes): the labelling of staff
/// Z's schedules at zero duals reaches its label limit before any schedule meets Z's
/// minimums. decompose then takes Z's schedule from the MIP over Z's pairs alone, and goes
/// on to a roster (it returned `no_solution` before). The search is stopped at its first
/// report with a roster, so the test does not wait for the limit.
#[test]
fn a_clinician_whose_labelling_is_cut_short_gets_a_schedule_from_the_mip() {
    let path = std::path::Path::new(rotaflow_curtois::DATA_DIR).join("Instance12.txt");
    let text = std::fs::read_to_string(&path).expect("Instance12.txt is in the repository");
    let instance = rotaflow_curtois::Instance::parse(&text).expect("parses");
    let p = instance.to_problem().problem;
    let stop = rotaflow::Stop::new();
    let asked = stop.clone();
    let mut o = SolveOptions::new()
        .with_method(Method::Decompose)
        .with_stop(stop.clone())
        .with_progress(rotaflow::ProgressFn::new(move |report| {
            if report.objective.is_some() {
                asked.request();
            }
        }));
    // A cap on the test's time, not a claim about speed.
    o.time_limit_s = Some(600.0);
    let r = rotaflow::solve(&p, &o).expect("solves");
    assert!(
        matches!(r.status, Status::Feasible | Status::Optimal),
        "{:?}: {:?}",
        r.status,
        r.reason
    );
    let e = rotaflow::score(&p, &r.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
}
