//! The MIP solver on hand-built problems, one per rule, whose optimum is worked out by hand
//! (and checked by brute force over every subset of eligible pairs); infeasibility
//! reasons; honest statuses; `auto`'s choice and its reason.

use rotaflow::{Method, Problem, Roster, SolveOptions, Status};
use rotaflow_tests::{brute_force, problem, shift, week};
use serde_json::{Value, json};

fn solve_with(p: &Problem, method: Method) -> Roster {
    let mut options = SolveOptions::new();
    options.method = Some(method);
    match rotaflow::solve(p, &options) {
        Ok(r) => r,
        Err(e) => panic!("solve failed: {e}"),
    }
}

/// Solve with the MIP, check the roster with the evaluator and against brute force, and
/// return it.
fn mip_checked(p: &Problem, expected: f64) -> Roster {
    let roster = solve_with(p, Method::Mip);
    assert_eq!(roster.status, Status::Optimal, "{:?}", roster.reason);
    assert_eq!(roster.method, Method::Mip);
    let objective = roster.objective.expect("objective");
    assert!(
        (objective - expected).abs() < 1e-6,
        "MIP optimum {objective}, expected {expected}: {:?}",
        roster.assignments
    );
    let e = rotaflow::score(p, &roster.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    assert!((e.score.total - objective).abs() < 1e-6);
    assert_eq!(roster.bound, Some(objective));
    assert_eq!(roster.gap, Some(0.0));
    let (best, _) = brute_force(p).expect("brute force finds a feasible roster");
    assert!(
        (best - expected).abs() < 1e-6,
        "brute force {best}, expected {expected}"
    );
    roster
}

fn am(id: &str, d: u32) -> Value {
    shift(id, d, "08:00", "12:00", "AM")
}

fn gp(id: &str, limits: Value) -> Value {
    json!({"id": id, "roles": ["gp"], "limits": limits})
}

fn assigned(r: &Roster, clinician: &str) -> Vec<String> {
    r.assignments
        .iter()
        .filter(|a| a.clinician == clinician)
        .map(|a| a.shift.clone())
        .collect()
}

#[test]
fn max_consecutive_days() {
    let p = week(
        json!([gp("A", json!({"max_consecutive_days": 2}))]),
        json!([am("S1", 0), am("S2", 1), am("S3", 2)]),
        json!({}),
    );
    let r = mip_checked(&p, 1000.0);
    assert_eq!(assigned(&r, "A").len(), 2);
    // The flow refuses it and names the rule; auto falls back to the MIP and says why.
    let auto = solve_with(&p, Method::Auto);
    assert_eq!(auto.method, Method::Mip);
    assert!(
        auto.stats.method_reason.contains("max_consecutive_days"),
        "{}",
        auto.stats.method_reason
    );
    assert_eq!(auto.objective, Some(1000.0));
}

#[test]
fn min_consecutive_days_inside_the_horizon() {
    // Tuesday and Thursday alone are runs of one day that touch neither horizon end.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days": 2}))]),
        json!([am("S1", 1), am("S2", 3)]),
        json!({}),
    );
    let r = mip_checked(&p, 2000.0);
    assert!(r.assignments.is_empty());
    // With Wednesday too, Tuesday–Thursday is a run of three.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days": 2}))]),
        json!([am("S1", 1), am("S2", 3), am("S3", 2)]),
        json!({}),
    );
    mip_checked(&p, 0.0);
    // A run touching the first day is exempt.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days": 3}))]),
        json!([am("S1", 0)]),
        json!({}),
    );
    mip_checked(&p, 0.0);
}

#[test]
fn min_consecutive_days_off() {
    // Monday and Wednesday leave a single day off between two working days.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days_off": 2}))]),
        json!([am("S1", 0), am("S2", 2)]),
        json!({}),
    );
    let r = mip_checked(&p, 1000.0);
    assert_eq!(assigned(&r, "A").len(), 1);
    // Monday and Thursday leave two.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days_off": 2}))]),
        json!([am("S1", 0), am("S2", 3)]),
        json!({}),
    );
    mip_checked(&p, 0.0);
}

#[test]
fn max_weekends() {
    let p = problem(json!({
        "horizon": {"start": "2026-12-07", "end": "2026-12-20"},
        "sites": [{"id": "P1"}],
        "clinicians": [gp("A", json!({"max_weekends": 1}))],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-12T08:00", "end": "2026-12-12T12:00"},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-13T08:00", "end": "2026-12-13T12:00"},
            {"id": "S3", "site": "P1", "role": "gp", "start": "2026-12-20T08:00", "end": "2026-12-20T12:00"},
        ],
    }));
    // Saturday and Sunday of one weekend count once.
    let r = mip_checked(&p, 1000.0);
    let mut mine = assigned(&r, "A");
    mine.sort();
    assert_eq!(mine, vec!["S1", "S2"]);
}

#[test]
fn max_per_kind() {
    let p = week(
        json!([gp("A", json!({"max_per_kind": {"EVE": 1}}))]),
        json!([
            shift("S1", 0, "18:00", "21:00", "EVE"),
            shift("S2", 1, "18:00", "21:00", "EVE"),
            am("S3", 2)
        ]),
        json!({}),
    );
    mip_checked(&p, 1000.0);
}

#[test]
fn forbidden_successions() {
    let shifts = json!([shift("S1", 0, "18:00", "21:00", "EVE"), am("S2", 1)]);
    let succession = json!({"forbidden_successions": [{"first": "EVE", "then": "AM"}]});
    let p = week(
        json!([gp("A", json!({}))]),
        shifts.clone(),
        succession.clone(),
    );
    mip_checked(&p, 1000.0);
    // The other order is allowed, and a second clinician covers the other shift.
    let p = week(
        json!([gp("A", json!({})), gp("B", json!({}))]),
        shifts,
        succession,
    );
    let r = mip_checked(&p, 0.0);
    assert_eq!(r.assignments.len(), 2);
}

#[test]
fn min_rest_hours() {
    // 21:00 to 07:30 is 10.5 hours; 21:00 to 08:00 is exactly 11 and allowed.
    let p = week(
        json!([gp("A", json!({"min_rest_hours": 11}))]),
        json!([
            shift("S1", 0, "18:00", "21:00", "EVE"),
            shift("S2", 1, "07:30", "12:00", "AM")
        ]),
        json!({}),
    );
    mip_checked(&p, 1000.0);
    let p = week(
        json!([gp("A", json!({"min_rest_hours": 11}))]),
        json!([
            shift("S1", 0, "18:00", "21:00", "EVE"),
            shift("S2", 1, "08:00", "12:00", "AM")
        ]),
        json!({}),
    );
    mip_checked(&p, 0.0);
}

#[test]
fn max_hours_chooses_the_best_subset() {
    // 3 h (penalty 100), 4 h (200), 5 h (300) under 8 hours: {3 h, 5 h} leaves 200.
    let p = week(
        json!([gp("A", json!({"max_hours": 8}))]),
        json!([
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T11:00", "unfilled_penalty": 100},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T12:00", "unfilled_penalty": 200},
            {"id": "S3", "site": "P1", "role": "gp", "start": "2026-12-09T08:00", "end": "2026-12-09T13:00", "unfilled_penalty": 300},
        ]),
        json!({}),
    );
    let r = mip_checked(&p, 200.0);
    let mut mine = assigned(&r, "A");
    mine.sort();
    assert_eq!(mine, vec!["S1", "S3"]);
}

#[test]
fn min_hours_forces_paid_work() {
    // Paying 40 for a 4-hour session is dearer than leaving it (penalty 1), but eight
    // hours must be worked: two sessions paid (80) and one left (1).
    let p = week(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10, "limits": {"min_hours": 8}}]),
        json!([
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T12:00", "unfilled_penalty": 1},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T12:00", "unfilled_penalty": 1},
            {"id": "S3", "site": "P1", "role": "gp", "start": "2026-12-09T08:00", "end": "2026-12-09T12:00", "unfilled_penalty": 1},
        ]),
        json!({}),
    );
    mip_checked(&p, 81.0);
}

#[test]
fn overlap_and_max_shifts_per_day() {
    let p = week(
        json!([gp("A", json!({}))]),
        json!([
            shift("S1", 0, "08:00", "12:00", "AM"),
            shift("S2", 0, "10:00", "14:00", "AM")
        ]),
        json!({}),
    );
    mip_checked(&p, 1000.0);
    let p = week(
        json!([gp("A", json!({"max_shifts_per_day": 1}))]),
        json!([
            shift("S1", 0, "08:00", "12:00", "AM"),
            shift("S2", 0, "13:00", "17:00", "PM")
        ]),
        json!({}),
    );
    mip_checked(&p, 1000.0);
}

#[test]
fn fairness_pins_change_and_over_staffing() {
    // Fairness: target 2 at 100 per unit of deviation; leaving a session costs 50.
    let p = week(
        json!([{"id": "A", "roles": ["gp"], "target_shifts": 2}]),
        json!([
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T12:00", "unfilled_penalty": 50},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T12:00", "unfilled_penalty": 50},
            {"id": "S3", "site": "P1", "role": "gp", "start": "2026-12-09T08:00", "end": "2026-12-09T12:00", "unfilled_penalty": 50},
        ]),
        json!({"weights": {"fairness": 100}}),
    );
    mip_checked(&p, 50.0);
    assert_eq!(
        solve_with(&p, Method::Flow).objective,
        Some(50.0),
        "flow agrees"
    );

    // A pin puts the dearer clinician on the shift.
    let p = week(
        json!([
            {"id": "A", "roles": ["gp"], "rate_per_hour": 100},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 10}
        ]),
        json!([am("S1", 0)]),
        json!({"pinned": [{"shift": "S1", "clinician": "A"}]}),
    );
    let r = mip_checked(&p, 400.0);
    assert_eq!(assigned(&r, "A"), vec!["S1"]);

    // Change: keeping B on S1 as previously published is worth more than A's saving.
    let p = week(
        json!([
            {"id": "A", "roles": ["gp"], "rate_per_hour": 10},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 20}
        ]),
        json!([am("S1", 0)]),
        json!({"previous": [{"shift": "S1", "clinician": "B"}], "weights": {"change": 100}}),
    );
    let r = mip_checked(&p, 80.0);
    assert_eq!(assigned(&r, "B"), vec!["S1"]);

    // Over-staffing: both like the shift (50 each) more than the extra place costs (10).
    let p = week(
        json!([
            {"id": "A", "roles": ["gp"], "preferences": [{"shift": "S1", "weight": 50}]},
            {"id": "B", "roles": ["gp"], "preferences": [{"shift": "S1", "weight": 50}]}
        ]),
        json!([{"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00",
                "end": "2026-12-07T12:00", "over_penalty": 10}]),
        json!({}),
    );
    let r = mip_checked(&p, -90.0);
    assert_eq!(r.assignments.len(), 2);
}

#[test]
fn infeasible_minimums_name_the_clinician_and_rule() {
    let p = week(
        json!([gp("A", json!({"min_shifts": 3})), gp("B", json!({}))]),
        json!([am("S1", 0), am("S2", 1)]),
        json!({}),
    );
    let r = solve_with(&p, Method::Mip);
    assert_eq!(r.status, Status::Infeasible);
    assert!(r.assignments.is_empty() && r.objective.is_none());
    let reason = r.reason.expect("a reason");
    assert!(
        reason.contains("A (min_shifts 3)") && !reason.contains("B"),
        "{reason}"
    );

    // A pin on a lone Tuesday against min_consecutive_days 2.
    let p = week(
        json!([gp("A", json!({"min_consecutive_days": 2}))]),
        json!([am("S1", 1)]),
        json!({"pinned": [{"shift": "S1", "clinician": "A"}]}),
    );
    let r = solve_with(&p, Method::Mip);
    assert_eq!(r.status, Status::Infeasible);
    let reason = r.reason.expect("a reason");
    assert!(
        reason.contains("min_consecutive_days 2") && reason.contains("1 pin"),
        "{reason}"
    );
}

#[test]
fn jointly_infeasible_minimums_name_every_clinician_involved() {
    // Each can work two of the three sessions alone, not both together; C is blameless.
    let p = week(
        json!([
            gp("A", json!({"min_shifts": 2})),
            gp("B", json!({"min_shifts": 2})),
            gp("C", json!({"min_shifts": 1}))
        ]),
        json!([am("S1", 0), am("S2", 1), am("S3", 2), {
            "id": "X", "site": "P1", "role": "anp",
            "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}]),
        json!({}),
    );
    let r = solve_with(&p, Method::Mip);
    assert_eq!(r.status, Status::Infeasible);
    let reason = r.reason.expect("a reason");
    // Any two of A, B, C over-ask three sessions only when A and B are both in (2+2 > 3);
    // C's one session fits beside either.
    assert!(
        reason.contains("A (min_shifts 2)") && reason.contains("B (min_shifts 2)"),
        "{reason}"
    );
    assert!(!reason.contains("C ("), "{reason}");
}

#[test]
fn flow_representable_problems_give_the_same_optimum() {
    let p = week(
        json!([
            {"id": "A", "roles": ["gp"], "rate_per_hour": 90, "limits": {"max_shifts": 2}},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 70, "target_shifts": 1},
            {"id": "C", "roles": ["gp"], "rate_per_hour": 80,
             "preferences": [{"kind": "PM", "weight": 30}]}
        ]),
        json!([
            am("S1", 0),
            shift("S2", 0, "13:00", "17:00", "PM"),
            am("S3", 1),
            shift("S4", 1, "13:00", "17:00", "PM")
        ]),
        json!({"weights": {"fairness": 25}}),
    );
    let flow = solve_with(&p, Method::Flow);
    let mip = solve_with(&p, Method::Mip);
    assert_eq!(flow.status, Status::Optimal);
    assert_eq!(mip.status, Status::Optimal);
    assert!((flow.objective.expect("flow") - mip.objective.expect("mip")).abs() < 1e-6);
    // Auto keeps the flow for it and says so.
    let auto = solve_with(&p, Method::Auto);
    assert_eq!(auto.method, Method::Flow);
    assert!(auto.stats.method_reason.contains("flow-representable"));
}

#[test]
fn mip_output_is_deterministic_and_honours_threads_and_seed() {
    let p = week(
        json!([
            gp("A", json!({"max_consecutive_days": 2, "max_weekends": 0})),
            gp("B", json!({"max_consecutive_days": 3})),
            gp("C", json!({"min_rest_hours": 12}))
        ]),
        json!([
            am("S1", 0),
            am("S2", 1),
            am("S3", 2),
            am("S4", 3),
            am("S5", 5),
            shift("S6", 0, "18:00", "22:00", "EVE"),
            shift("S7", 2, "18:00", "22:00", "EVE")
        ]),
        json!({}),
    );
    let mut options = SolveOptions::new();
    options.method = Some(Method::Mip);
    options.threads = Some(1);
    options.seed = Some(7);
    let a = rotaflow::solve(&p, &options).expect("solves").to_json();
    let b = rotaflow::solve(&p, &options).expect("solves").to_json();
    assert_eq!(a, b);
    options.seed = Some(8);
    options.threads = Some(2);
    let c = rotaflow::solve(&p, &options).expect("solves");
    assert_eq!(c.status, Status::Optimal);
    let first: Roster = serde_json::from_str(&a).expect("roster JSON");
    assert_eq!(c.objective, first.objective);
}

#[test]
fn statuses_are_truthful_under_a_gap_or_time_limit() {
    // A generated week with rules that need the MIP: whatever the search reaches within a
    // loose gap or a short limit, the roster says so consistently.
    let options = rotaflow_synth::GenerateOptions {
        clinicians: 60,
        sites: 8,
        days: 7,
        seed: 3,
        ..rotaflow_synth::GenerateOptions::default()
    };
    let mut p = rotaflow_synth::generate(&options).expect("generates");
    for c in &mut p.clinicians {
        c.limits.max_consecutive_days = Some(3);
        c.limits.min_rest_hours = Some(11.0);
    }
    for (gap, limit) in [(0.5, 60.0), (0.0, 0.05)] {
        let mut o = SolveOptions::new();
        o.method = Some(Method::Mip);
        o.mip_gap = Some(gap);
        o.time_limit_s = Some(limit);
        let r = rotaflow::solve(&p, &o).expect("solves");
        match r.status {
            Status::Optimal => {
                assert_eq!(r.bound, r.objective);
                assert_eq!(r.gap, Some(0.0));
            }
            Status::Feasible => {
                let (obj, bound, gap) = (
                    r.objective.expect("objective"),
                    r.bound.expect("bound"),
                    r.gap.expect("gap"),
                );
                assert!(bound <= obj + 1e-6, "bound {bound} above objective {obj}");
                let want = (obj - bound) / obj.abs().max(1e-9);
                assert!(
                    (gap - want).abs() < 1e-9,
                    "gap {gap}, objective {obj}, bound {bound}"
                );
                assert!(gap > 0.0, "a feasible roster has a positive gap");
            }
            Status::NoSolution => {
                assert!(r.assignments.is_empty() && r.objective.is_none());
                assert!(r.reason.expect("reason").contains("time limit"));
            }
            Status::Infeasible => panic!("an all-optional week cannot be infeasible"),
        }
        if r.objective.is_some() {
            let e = rotaflow::score(&p, &r.assignments).expect("scores");
            assert!(e.is_feasible(), "{:?}", e.breaches);
            assert_eq!(r.objective, Some(e.score.total));
        }
    }
}

/// A cheap clinician whose rest rule stops them working a late then an early shift: the
/// dearer colleague takes the early one (190), rather than it being left (1,040). HiGHS
/// once reported the second as optimal when handed a starting roster.
#[test]
fn rest_rule_of_one_clinician_does_not_stop_another() {
    let p = week(
        json!([
            {"id": "A", "roles": ["gp"], "rate_per_hour": 10, "limits": {"min_rest_hours": 11}},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 50}
        ]),
        json!([
            {"id": "LATE", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T18:00", "end": "2026-12-07T22:00"},
            {"id": "EARLY", "site": "P1", "role": "gp",
             "start": "2026-12-08T07:00", "end": "2026-12-08T10:00"}
        ]),
        json!({}),
    );
    let r = mip_checked(&p, 190.0);
    assert_eq!(assigned(&r, "A"), vec!["LATE"]);
    assert_eq!(assigned(&r, "B"), vec!["EARLY"]);
}
