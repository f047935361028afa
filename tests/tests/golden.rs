//! Golden problems: small, with optima checked by hand (the arithmetic is in each test).

use rotaflow::{Error, Method, SolveOptions, Status};
use rotaflow_tests::{brute_force, problem};
use serde_json::json;

fn solve(p: &rotaflow::Problem) -> rotaflow::Roster {
    let roster = rotaflow::solve(p, &SolveOptions::new()).expect("solves");
    // The roster's score must be the evaluator's.
    let e = rotaflow::score(p, &roster.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    assert_eq!(roster.score, Some(e.score));
    assert_eq!(roster.objective, Some(e.score.total));
    roster
}

fn pairs(r: &rotaflow::Roster) -> Vec<(String, String)> {
    r.assignments
        .iter()
        .map(|a| (a.shift.clone(), a.clinician.clone()))
        .collect()
}

fn p(s: &str, c: &str) -> (String, String) {
    (s.to_owned(), c.to_owned())
}

const AM: (&str, &str) = ("2026-12-07T08:30", "2026-12-07T12:30");
const PM: (&str, &str) = ("2026-12-07T13:30", "2026-12-07T17:30");
const AM2: (&str, &str) = ("2026-12-08T08:30", "2026-12-08T12:30");

#[test]
fn the_cheaper_clinician_takes_the_shift() {
    // 4 h at 90/h = 360 beats 4 h at 100/h = 400.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}]
    }));
    let r = solve(&pb);
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.method, Method::Flow);
    assert_eq!(pairs(&r), [p("S1", "B")]);
    assert_eq!(r.objective, Some(360.0));
    assert_eq!(r.bound, Some(360.0));
    assert_eq!(r.gap, Some(0.0));
}

#[test]
fn overlapping_shifts_go_to_the_higher_priority() {
    // One GP, two overlapping sessions: filling the 3000-penalty one leaves 1000 + 4·50.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 50}],
        "shifts": [
          {"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1, "unfilled_penalty": 1000},
          {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-07T09:00", "end": "2026-12-07T13:00",
           "unfilled_penalty": 3000}]
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S2", "A")]);
    assert_eq!(r.objective, Some(1200.0));
    assert_eq!(r.unfilled.len(), 1);
    assert_eq!(r.unfilled[0].shift, "S1");
}

#[test]
fn a_shift_worth_less_than_its_cost_stays_unfilled() {
    // 4 h at 300/h = 1200 > penalty 1000.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 300}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}]
    }));
    let r = solve(&pb);
    assert!(r.assignments.is_empty());
    assert_eq!(r.objective, Some(1000.0));
}

#[test]
fn fairness_spreads_work_towards_targets() {
    // A (50/h) alone: pay 400, deviations |2-1| + |0-1| = 2 → 400 + 1000 = 1400.
    // A and B one each: pay 200 + 400 = 600, deviation 0 → 600.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 50, "target_shifts": 1},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 100, "target_shifts": 1}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
                   {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1}],
        "weights": {"fairness": 500}
    }));
    let r = solve(&pb);
    assert_eq!(r.objective, Some(600.0));
    assert_eq!(r.score.expect("score").fairness, 0.0);
    let mut who: Vec<String> = r.assignments.iter().map(|a| a.clinician.clone()).collect();
    who.sort();
    assert_eq!(who, ["A", "B"]);
}

#[test]
fn over_staffing_is_used_when_it_pays() {
    // Each clinician likes the shift (weight 100, rate 0); the second costs over_penalty 10:
    // both → −200 + 10 = −190; one → −100.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [
          {"id": "A", "roles": ["gp"], "preferences": [{"shift": "S1", "weight": 100}]},
          {"id": "B", "roles": ["gp"], "preferences": [{"shift": "S1", "weight": 100}]}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1,
                    "over_penalty": 10}]
    }));
    let r = solve(&pb);
    assert_eq!(r.assignments.len(), 2);
    let s = r.score.expect("score");
    assert_eq!(s.over, 10.0);
    assert_eq!(s.preference, -200.0);
    assert_eq!(r.objective, Some(-190.0));
}

#[test]
fn max_shifts_per_day_and_max_shifts_bind() {
    // A is the only GP: AM and PM on Monday, AM on Tuesday. Per-day cap 1 and max 1 overall:
    // one shift only, the 3000 one.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_shifts_per_day": 1, "max_shifts": 1}}],
        "shifts": [
          {"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
          {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1},
          {"id": "S3", "site": "P1", "role": "gp", "start": AM2.0, "end": AM2.1, "unfilled_penalty": 3000}]
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S3", "A")]);
    assert_eq!(r.objective, Some(2000.0));
}

#[test]
fn per_day_cap_alone_allows_other_days() {
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_shifts_per_day": 1}}],
        "shifts": [
          {"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
          {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1, "unfilled_penalty": 2000},
          {"id": "S3", "site": "P1", "role": "gp", "start": AM2.0, "end": AM2.1}]
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S2", "A"), p("S3", "A")]);
    assert_eq!(r.objective, Some(1000.0));
}

#[test]
fn max_hours_on_equal_sessions_is_folded_into_max_shifts() {
    // Three 4-hour sessions, max_hours 8: two can be worked.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_hours": 8}}],
        "shifts": [
          {"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
          {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1, "unfilled_penalty": 2000},
          {"id": "S3", "site": "P1", "role": "gp", "start": AM2.0, "end": AM2.1, "unfilled_penalty": 3000}]
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S2", "A"), p("S3", "A")]);
    assert_eq!(r.objective, Some(1000.0));
}

#[test]
fn a_pin_overrides_the_cheaper_choice() {
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}],
        "pinned": [{"shift": "S1", "clinician": "A"}]
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S1", "A")]);
    assert_eq!(r.objective, Some(400.0));
}

#[test]
fn a_pin_that_is_not_worth_it_is_still_kept() {
    // Rate 500/h: 2000 > penalty 1000, but the pin is hard.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 500}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}],
        "pinned": [{"shift": "S1", "clinician": "A"}]
    }));
    assert_eq!(solve(&pb).objective, Some(2000.0));
}

#[test]
fn change_weight_keeps_the_previous_roster() {
    // B is 40 cheaper, but moving off the previous pair costs 50.
    let base = json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}],
        "previous": [{"shift": "S1", "clinician": "A"}],
        "weights": {"change": 50}
    });
    let r = solve(&problem(base.clone()));
    assert_eq!(pairs(&r), [p("S1", "A")]);
    assert_eq!(r.objective, Some(400.0));
    let mut cheap = base;
    cheap["weights"]["change"] = json!(30);
    let r = solve(&problem(cheap));
    assert_eq!(pairs(&r), [p("S1", "B")]);
    assert_eq!(r.objective, Some(390.0));
    assert_eq!(r.score.expect("score").change, 30.0);
}

#[test]
fn continuity_and_travel_are_priced() {
    // A: 20 km away at 1/km, preferred (continuity 25). B: on site.
    // A: 400 + 20 − 25 = 395; B: 400 + 0 = 400.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 100}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1,
                    "preferred_clinicians": ["A"]}],
        "travel_km": [{"clinician": "A", "site": "P1", "km": 20}, {"clinician": "B", "site": "P1", "km": 0}],
        "weights": {"travel_per_km": 1, "continuity": 25}
    }));
    let r = solve(&pb);
    assert_eq!(pairs(&r), [p("S1", "A")]);
    assert_eq!(r.objective, Some(395.0));
    let s = r.score.expect("score");
    assert_eq!((s.travel, s.continuity), (20.0, -25.0));
}

#[test]
fn durations_are_real_time_across_the_clock_change() {
    // 22:00 Saturday to 06:00 Sunday over the October 2026 change is 9 real hours.
    let pb = problem(json!({
        "sites": [{"id": "H1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10}],
        "shifts": [{"id": "N1", "site": "H1", "role": "gp", "start": "2026-10-24T22:00",
                    "end": "2026-10-25T06:00"}]
    }));
    let r = solve(&pb);
    assert_eq!(r.objective, Some(90.0));
    assert_eq!(r.clinicians[0].hours, 9.0);
}

#[test]
fn unmeetable_minimum_is_infeasible_with_a_reason() {
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_shifts": 3}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
                   {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1}]
    }));
    let r = rotaflow::solve(&pb, &SolveOptions::new()).expect("solves");
    assert_eq!(r.status, Status::Infeasible);
    let reason = r.reason.expect("reason");
    assert!(reason.contains("A must work at least 3 shifts"), "{reason}");
    assert!(reason.contains("at most 2"), "{reason}");
    assert_eq!(r.objective, None);
}

#[test]
fn minimums_that_compete_are_diagnosed() {
    // One shift, two clinicians who each must work one: each alone is fine, together not.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_shifts": 1}},
                       {"id": "B", "roles": ["gp"], "limits": {"min_shifts": 1}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1}]
    }));
    let r = rotaflow::solve(&pb, &SolveOptions::new()).expect("solves");
    assert_eq!(r.status, Status::Infeasible);
    let reason = r.reason.expect("reason");
    assert!(reason.contains("B must work at least 1"), "{reason}");
    assert!(reason.contains("minimums of A"), "{reason}");
    assert!(brute_force(&pb).is_none());
}

#[test]
fn a_minimum_forces_work_that_is_not_otherwise_worth_it() {
    // Rate 400/h makes each 4 h shift 1600 > 1000 penalty, but min_shifts 1.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 400, "limits": {"min_shifts": 1}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
                   {"id": "S2", "site": "P1", "role": "gp", "start": PM.0, "end": PM.1}]
    }));
    let r = solve(&pb);
    assert_eq!(r.assignments.len(), 1);
    assert_eq!(r.objective, Some(1600.0 + 1000.0));
}

#[test]
fn rules_the_flow_cannot_express_are_named() {
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_consecutive_days": 1, "min_hours": 4}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": AM.0, "end": AM.1},
                   {"id": "S2", "site": "P1", "role": "gp", "start": AM2.0, "end": AM2.1}]
    }));
    {
        match rotaflow::solve(&pb, &SolveOptions::new().with_method(Method::Flow)) {
            Err(Error::NotFlowRepresentable(obstacles)) => {
                let rules: Vec<&str> = obstacles.iter().map(|o| o.rule.as_str()).collect();
                assert_eq!(rules, ["min_hours", "max_consecutive_days"]);
                assert!(
                    obstacles
                        .iter()
                        .all(|o| o.clinician.as_deref() == Some("A"))
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // auto uses the MIP instead and names the same rules in its reason: A works one
    // of the two consecutive days (4 hours), the other is left.
    let r = rotaflow::solve(&pb, &SolveOptions::new().with_method(Method::Auto)).expect("solves");
    assert_eq!(r.method, Method::Mip);
    assert_eq!(r.objective, Some(1000.0));
    assert!(
        r.stats.method_reason.contains("min_hours (A)")
            && r.stats.method_reason.contains("max_consecutive_days (A)"),
        "{}",
        r.stats.method_reason
    );
}

#[test]
fn vacuous_rules_do_not_stop_the_flow() {
    // 11 h rest between an evening ending 21:00 and a morning at 08:30 the next day holds
    // whatever the flow does; so does max_weekends 1 with no weekend shifts.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"],
                        "limits": {"min_rest_hours": 11, "max_weekends": 1, "max_consecutive_days": 5,
                                   "min_consecutive_days": 1, "min_consecutive_days_off": 1}}],
        "shifts": [{"id": "E1", "site": "P1", "role": "gp", "start": "2026-12-07T18:30", "end": "2026-12-07T21:00"},
                   {"id": "S2", "site": "P1", "role": "gp", "start": AM2.0, "end": AM2.1}]
    }));
    let r = solve(&pb);
    assert_eq!(r.assignments.len(), 2);
    // Rest 10.5 h would bind: refused.
    let mut tight = serde_json::to_value(&pb).expect("json");
    tight["shifts"][1]["start"] = json!("2026-12-08T07:30");
    let tight = problem(tight);
    assert!(matches!(
        rotaflow::solve(&tight, &SolveOptions::new().with_method(Method::Flow)),
        Err(Error::NotFlowRepresentable(o)) if o[0].rule == "min_rest_hours"
    ));
    // The MIP honours it: one of the two.
    let r = rotaflow::solve(&tight, &SolveOptions::new()).expect("solves");
    assert_eq!((r.method, r.assignments.len()), (Method::Mip, 1));
}

#[test]
fn chained_overlaps_are_refused() {
    // 08–12 overlaps 11–15 overlaps 14–18, but 08–12 does not overlap 14–18.
    let pb = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"]}],
        "shifts": [
          {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"},
          {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-07T11:00", "end": "2026-12-07T15:00"},
          {"id": "S3", "site": "P1", "role": "gp", "start": "2026-12-07T14:00", "end": "2026-12-07T18:00"}]
    }));
    let mut flow = SolveOptions::new();
    flow.method = Some(rotaflow::Method::Flow);
    match rotaflow::solve(&pb, &flow) {
        Err(Error::NotFlowRepresentable(o)) => assert_eq!(o[0].rule, "overlap"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // auto hands it to the MIP, which works S1 and S3.
    let r = rotaflow::solve(&pb, &SolveOptions::new()).expect("solves");
    assert_eq!(r.method, rotaflow::Method::Mip);
    let shifts: Vec<&str> = r.assignments.iter().map(|a| a.shift.as_str()).collect();
    assert_eq!(shifts, ["S1", "S3"]);
}

#[test]
fn example_files_solve_to_their_documented_optimum() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let text = std::fs::read_to_string(format!("{dir}/small.json")).expect("example");
    let pb = rotaflow::Problem::from_json(&text).expect("valid");
    let r = solve(&pb);
    let best = brute_force(&pb).expect("feasible");
    assert!((r.objective.expect("objective") - best.0).abs() < 1e-6);
}
