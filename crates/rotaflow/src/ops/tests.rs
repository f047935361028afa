//! Hand-built problems whose explanations, recommendations, repairs and marginal values
//! are known.

use serde_json::{Value, json};

use super::*;
use crate::{Assignment, Problem, SolveOptions, solve};

fn problem(value: Value) -> Problem {
    match Problem::from_json(&value.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("invalid test problem: {e}"),
    }
}

fn shift(id: &str, site: &str, start: &str, end: &str) -> Value {
    json!({"id": id, "site": site, "role": "gp", "start": start, "end": end})
}

fn solved(p: &Problem) -> Vec<Assignment> {
    solve(p, &SolveOptions::new()).expect("solves").assignments
}

fn only<'a>(e: &'a Explanation, shift: &str) -> &'a ShiftExplanation {
    e.unfilled
        .iter()
        .find(|u| u.shift == shift)
        .unwrap_or_else(|| panic!("{shift} is not unfilled: {e:?}"))
}

#[test]
fn explain_no_role() {
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"]}],
        "shifts": [{"id": "S1", "site": "P1", "role": "pharmacist",
                    "start": "2026-12-07T09:00", "end": "2026-12-07T12:00"}]
    }));
    let e = explain(&p, &solved(&p)).expect("explains");
    let u = only(&e, "S1");
    assert_eq!(u.reason, "no_role");
    assert_eq!(u.role_holders, 0);
    assert!(u.message.contains("pharmacist"), "{}", u.message);
}

#[test]
fn explain_counts_each_eligibility_condition() {
    let p = problem(json!({
        "sites": [{"id": "P1"}, {"id": "P2"}],
        "clinicians": [
            {"id": "NOSKILL", "roles": ["gp"]},
            {"id": "AWAY", "roles": ["gp"], "skills": ["coil"],
             "unavailable": [{"start": "2026-12-07T00:00", "end": "2026-12-08T00:00"}]},
            {"id": "FAR", "roles": ["gp"], "skills": ["coil"], "max_travel_km": 10},
            {"id": "DEAR", "roles": ["gp"], "skills": ["coil"], "rate_per_hour": 200},
            {"id": "NOTHERE", "roles": ["gp"], "skills": ["coil"], "excluded_sites": ["P1"]},
            {"id": "NURSE", "roles": ["anp"], "skills": ["coil"]}
        ],
        "travel_km": [{"clinician": "FAR", "site": "P1", "km": 30},
                      {"clinician": "FAR", "site": "P2", "km": 3}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp", "skills": ["coil"],
                    "max_rate_per_hour": 150,
                    "start": "2026-12-07T09:00", "end": "2026-12-07T12:00"}]
    }));
    let e = explain(&p, &solved(&p)).expect("explains");
    let u = only(&e, "S1");
    assert_eq!(u.reason, "none_eligible");
    assert_eq!(u.role_holders, 5);
    assert_eq!(u.eligible, 0);
    assert_eq!(u.ineligible.skill.get("coil"), Some(&1));
    assert_eq!(u.ineligible.unavailable, 1);
    assert_eq!(u.ineligible.too_far, 1);
    assert_eq!(u.ineligible.rate_cap, 1);
    assert_eq!(u.ineligible.excluded, 1);
    for needle in ["of 5", "1 lacks `coil`", "1 unavailable", "1 too far"] {
        assert!(u.message.contains(needle), "{needle}: {}", u.message);
    }
}

#[test]
fn explain_busy_names_the_shift_and_the_cost() {
    // One GP, two overlapping sessions: the one with the bigger penalty wins.
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T09:00", "end": "2026-12-07T12:00"},
            {"id": "S2", "site": "P1", "role": "gp", "unfilled_penalty": 1000,
             "start": "2026-12-07T10:00", "end": "2026-12-07T13:00"}
        ]
    }));
    let roster = solved(&p);
    assert_eq!(roster, vec![Assignment::new("S1", "A")]);
    let e = explain(&p, &roster).expect("explains");
    assert_eq!(e.pricing, "residual");
    let u = only(&e, "S2");
    assert_eq!(u.reason, "busy");
    let b = &u.blockers[0];
    assert_eq!(b.clinician, "A");
    assert_eq!(b.kind, "busy");
    assert_eq!(b.busy_on, ["S1"]);
    assert_eq!(b.rules[0].rule, "overlap");
    // Leaving S1 costs its 3000, filling S2 saves 1000; the pay is the same.
    assert!((b.delta.expect("priced") - 2000.0).abs() < 1e-6, "{b:?}");
    assert!(u.message.contains("A from S1 (+2000.00)"), "{}", u.message);
}

#[test]
fn explain_cost_when_the_free_clinician_is_dearer_than_the_penalty() {
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 500}],
        "shifts": [shift("S1", "P1", "2026-12-07T09:00", "2026-12-07T13:00")]
    }));
    let e = explain(&p, &solved(&p)).expect("explains");
    let u = only(&e, "S1");
    assert_eq!(u.reason, "cost");
    // 4 h at 500 = 2000 against a penalty of 1000.
    assert!((u.blockers[0].delta.expect("priced") - 1000.0).abs() < 1e-6);
}

#[test]
fn explain_names_a_rule_on_a_problem_the_flow_cannot_price() {
    // A late evening then an early morning: 9 h of rest, fewer than 11.
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_rest_hours": 11}}],
        "shifts": [
            {"id": "EVE", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T18:00", "end": "2026-12-07T22:00"},
            shift("EARLY", "P1", "2026-12-08T07:00", "2026-12-08T10:00")
        ]
    }));
    let roster = vec![Assignment::new("EVE", "A")];
    let e = explain(&p, &roster).expect("explains");
    assert_eq!(e.pricing, "direct");
    assert!(e.note.as_deref().unwrap_or("").contains("min_rest_hours"));
    let u = only(&e, "EARLY");
    assert_eq!(u.reason, "rule");
    assert_eq!(u.blockers[0].rules[0].rule, "min_rest_hours");
    assert!(
        u.message.contains("min_rest_hours stops A"),
        "{}",
        u.message
    );
}

#[test]
fn explain_spots_an_improvable_roster() {
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10}],
        "shifts": [shift("S1", "P1", "2026-12-07T09:00", "2026-12-07T13:00")]
    }));
    let e = explain(&p, &[]).expect("explains");
    let u = only(&e, "S1");
    assert_eq!(u.reason, "improvable");
    assert!((u.blockers[0].delta.expect("priced") + 960.0).abs() < 1e-6);
}

#[test]
fn breakdown_adds_up_to_the_score() {
    let text = include_str!("../../../../examples/small.json");
    let p = Problem::from_json(text).expect("valid");
    let mut p2 = p.clone();
    p2.previous = vec![Assignment::new("S0002", "GP011")];
    p2.weights.change = 70.0;
    for p in [p, p2] {
        let roster = solved(&p);
        let e = explain(&p, &roster).expect("explains");
        let clinicians: f64 = e.clinicians.iter().map(|c| c.total).sum();
        let penalties: f64 = e.sites.iter().map(|s| s.unfilled + s.over).sum();
        assert!(
            (clinicians + penalties - e.score.total).abs() < 1e-6,
            "{clinicians} + {penalties} != {}",
            e.score.total
        );
        let pay: f64 = e.sites.iter().map(|s| s.cost).sum();
        assert!((pay - e.score.cost).abs() < 1e-6);
    }
}

#[test]
fn recommend_ranks_by_whole_roster_change() {
    // A works S1; B is dearer. For S1: B costs +40 (4 h at 100 instead of 90).
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 90},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 100},
                       {"id": "C", "roles": ["gp"], "rate_per_hour": 95}],
        "shifts": [shift("S1", "P1", "2026-12-07T09:00", "2026-12-07T13:00")]
    }));
    let roster = solved(&p);
    let r = recommend(&p, &roster, "S1", 0).expect("recommends");
    assert_eq!(r.method, "residual");
    assert_eq!(r.assigned, ["A"]);
    let order: Vec<&str> = r.candidates.iter().map(|c| c.clinician.as_str()).collect();
    assert_eq!(order, ["C", "B"]);
    assert!((r.candidates[0].delta.expect("priced") - 20.0).abs() < 1e-9);
    assert_eq!(
        r.candidates[0].removed,
        vec![Assignment::new("S1", "A")],
        "C takes A's place"
    );
    assert!(recommend(&p, &roster, "NOPE", 3).is_err());
}

#[test]
fn replan_cancel_moves_only_what_it_must() {
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 50},
                       {"id": "B", "roles": ["gp"], "rate_per_hour": 60},
                       {"id": "C", "roles": ["gp"], "rate_per_hour": 200}],
        "shifts": [shift("S1", "P1", "2026-12-07T09:00", "2026-12-07T13:00"),
                   shift("S2", "P1", "2026-12-08T09:00", "2026-12-08T13:00"),
                   shift("S3", "P1", "2026-12-09T09:00", "2026-12-09T13:00")]
    }));
    let roster = vec![
        Assignment::new("S1", "A"),
        Assignment::new("S2", "B"),
        Assignment::new("S3", "A"),
    ];
    let cancel = Change::Cancel {
        clinician: "A".to_owned(),
        from: Some("2026-12-08T00:00".to_owned()),
    };
    let r = replan(&p, &roster, &[cancel], Some(1e5), &SolveOptions::new()).expect("replans");
    // S1 was worked before the cancellation; S3 goes to B (cheaper than C), S2 stays.
    assert_eq!(r.diff.removed, vec![Assignment::new("S3", "A")]);
    assert_eq!(r.diff.added, vec![Assignment::new("S3", "B")]);
    assert_eq!(r.diff.kept, 2);
    assert!(r.problem.pinned.contains(&Assignment::new("S1", "A")));
    // Dropping S2 frees B, added shifts are covered.
    let changes = [
        Change::DropShift {
            shift: "S2".to_owned(),
        },
        Change::AddShift {
            shift: Box::new(
                serde_json::from_value(shift("S4", "P1", "2026-12-10T09:00", "2026-12-10T13:00"))
                    .expect("shift"),
            ),
        },
    ];
    let r = replan(&p, &roster, &changes, Some(1e5), &SolveOptions::new()).expect("replans");
    assert_eq!(r.diff.removed, vec![Assignment::new("S2", "B")]);
    assert_eq!(r.diff.added, vec![Assignment::new("S4", "A")]);
    assert!(r.diff.moved.is_empty(), "{:?}", r.diff.moved);
}

#[test]
fn whatif_values_match_the_penalties_they_would_save() {
    let p = problem(json!({
        "sites": [{"id": "P1"}, {"id": "P2"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10,
                        "limits": {"max_shifts": 1}}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T09:00", "end": "2026-12-07T12:00"},
            {"id": "S2", "site": "P2", "role": "gp", "unfilled_penalty": 500,
             "start": "2026-12-08T09:00", "end": "2026-12-08T12:00"}
        ]
    }));
    let w = whatif(&p, 0).expect("whatif");
    // One more GP session at P2 on the 8th fills S2: 500 saved; one at P1 on the 7th
    // takes S1 and frees A for S2: 30 + 470 saved.
    let got: Vec<(&str, &str, f64)> = w
        .sessions
        .iter()
        .map(|v| (v.site.as_str(), v.day.as_str(), v.value))
        .collect();
    assert_eq!(got.len(), 2, "{w:?}");
    assert_eq!((got[0].0, got[0].1), ("P1", "2026-12-07"));
    assert_eq!((got[1].0, got[1].1), ("P2", "2026-12-08"));
    assert!((got[0].2 - 500.0).abs() < 1e-9 && (got[1].2 - 500.0).abs() < 1e-9);
    // One more from A (max_shifts 1): S2 at 30 pay instead of 500 unfilled.
    assert_eq!(w.clinicians[0].clinician, "A");
    assert_eq!(w.clinicians[0].limit, "max_shifts");
    assert!((w.clinicians[0].value - 470.0).abs() < 1e-9);
}

#[test]
fn direct_prices_equal_the_evaluator() {
    // The rest rule makes the problem not flow-representable: prices are direct.
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [
            {"id": "A", "roles": ["gp"], "rate_per_hour": 10, "target_shifts": 1,
             "limits": {"min_rest_hours": 11}},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 400, "target_shifts": 0}
        ],
        "weights": {"fairness": 25, "change": 7},
        "previous": [{"shift": "S2", "clinician": "A"}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T09:00", "end": "2026-12-07T12:00"},
            {"id": "S2", "site": "P1", "role": "gp", "unfilled_penalty": 1000, "headcount": 1,
             "start": "2026-12-07T10:00", "end": "2026-12-07T13:00"},
            {"id": "LATE", "site": "P1", "role": "gp", "unfilled_penalty": 10,
             "start": "2026-12-07T19:00", "end": "2026-12-07T23:00"},
            {"id": "EARLY", "site": "P1", "role": "gp", "unfilled_penalty": 10,
             "start": "2026-12-08T06:00", "end": "2026-12-08T09:00"}
        ]
    }));
    let roster = vec![Assignment::new("S1", "A")];
    let e = explain(&p, &roster).expect("explains");
    assert_eq!(e.pricing, "direct");
    let current = crate::score(&p, &roster).expect("scores").score.total;
    let u = only(&e, "S2");
    for b in &u.blockers {
        let mut next: Vec<Assignment> = roster
            .iter()
            .filter(|a| !b.removed.contains(a))
            .cloned()
            .collect();
        next.extend(b.added.iter().cloned());
        let want = crate::score(&p, &next).expect("scores").score.total - current;
        let got = b.delta.expect("priced");
        assert!(
            (got - want).abs() < 1e-9,
            "{}: {got} vs {want}",
            b.clinician
        );
    }
    assert_eq!(u.blockers.len(), 2);
}

#[test]
fn changes_read_from_json() {
    let changes: Vec<Change> = serde_json::from_value(json!([
        {"cancel": {"clinician": "A", "from": "2026-12-08T00:00"}},
        {"cancel": {"clinician": "B"}},
        {"drop_shift": {"shift": "S1"}},
        {"add_shift": {"shift": shift("S9", "P1", "2026-12-09T09:00", "2026-12-09T12:00")}}
    ]))
    .expect("changes");
    assert_eq!(
        changes[0],
        Change::Cancel {
            clinician: "A".to_owned(),
            from: Some("2026-12-08T00:00".to_owned())
        }
    );
    assert!(matches!(&changes[3], Change::AddShift { shift } if shift.id == "S9"));
    let back = serde_json::to_value(&changes).expect("serializes");
    assert_eq!(back[2], json!({"drop_shift": {"shift": "S1"}}));
    assert!(serde_json::from_value::<Change>(json!({"cancel": {"clinican": "A"}})).is_err());
}

#[test]
fn replan_reports_bad_changes_with_pointers() {
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"]}],
        "shifts": [shift("S1", "P1", "2026-12-07T09:00", "2026-12-07T13:00")]
    }));
    let roster = solved(&p);
    let bad = [Change::Cancel {
        clinician: "A".to_owned(),
        from: Some("tomorrow".to_owned()),
    }];
    let err = replan(&p, &roster, &bad, None, &SolveOptions::new()).expect_err("bad time");
    assert_eq!(err.issues()[0].pointer, "/changes/0/from");
    let bad = [Change::DropShift {
        shift: "NOPE".to_owned(),
    }];
    let err = replan(&p, &roster, &bad, None, &SolveOptions::new()).expect_err("unknown");
    assert_eq!(err.issues()[0].pointer, "/changes/0/shift");
    // A zero change weight is allowed, with a note.
    let ok = [Change::Cancel {
        clinician: "A".to_owned(),
        from: None,
    }];
    let r = replan(&p, &roster, &ok, None, &SolveOptions::new()).expect("replans");
    assert!(r.notes.iter().any(|n| n.contains("change weight is 0")));
    assert_eq!(r.diff.newly_unfilled, ["S1"]);
}

#[test]
fn recommend_resolves_problems_the_flow_cannot_price() {
    // The rest rule binds, so the roster comes from the MIP and recommend re-solves.
    let p = problem(json!({
        "sites": [{"id": "P1"}],
        "clinicians": [
            {"id": "A", "roles": ["gp"], "rate_per_hour": 10, "limits": {"min_rest_hours": 11}},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 50}
        ],
        "shifts": [
            {"id": "LATE", "site": "P1", "role": "gp", "unfilled_penalty": 3000,
             "start": "2026-12-07T18:00", "end": "2026-12-07T22:00"},
            shift("EARLY", "P1", "2026-12-08T07:00", "2026-12-08T10:00")
        ]
    }));
    let roster = match solve(&p, &SolveOptions::new()) {
        Ok(r) => r,
        Err(crate::Error::MethodUnavailable(_)) => return, // built without the MIP
        Err(e) => panic!("{e}"),
    };
    let r = recommend(&p, &roster.assignments, "EARLY", 0).expect("recommends");
    assert_eq!(r.method, "resolve");
    assert!(r.note.as_deref().unwrap_or("").contains("min_rest_hours"));
    // Each candidate's roster is the given one with its moves, scored by the evaluator.
    for c in &r.candidates {
        let mut next: Vec<Assignment> = roster
            .assignments
            .iter()
            .filter(|a| !c.removed.contains(a))
            .cloned()
            .collect();
        next.extend(c.added.iter().cloned());
        let total = crate::score(&p, &next).expect("scores").score.total;
        assert!((c.objective.expect("priced") - total).abs() < 1e-6, "{c:?}");
        assert_eq!(c.added[0], Assignment::new("EARLY", &c.clinician));
    }
    let e = explain(&p, &roster.assignments).expect("explains");
    assert_eq!(
        e.pricing,
        if e.unfilled.is_empty() {
            "none"
        } else {
            "direct"
        }
    );
}

#[test]
fn report_writes_control_characters_in_names_as_replacement_characters() {
    // JSON allows "\u0000" in a string; an HTML page (and a C caller's string) does not.
    let p = problem(json!({
        "sites": [{"id": "P\u{0}1", "name": "Bell\u{7} Street"}],
        "clinicians": [{"id": "A\u{0}", "name": "Dr\u{1b} Tab\there", "roles": ["gp"]}],
        "shifts": [shift("S\u{0}1", "P\u{0}1", "2026-12-07T09:00", "2026-12-07T12:00"),
                   shift("S2", "P\u{0}1", "2026-12-07T13:00", "2026-12-07T18:00")]
    }));
    let roster = solve(&p, &SolveOptions::new()).expect("solves");
    let html = report_html(&p, &roster).expect("reports");
    let bad: Vec<char> = html
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    assert!(bad.is_empty(), "control characters in the report: {bad:?}");
    assert!(html.contains("A\u{FFFD}") && html.contains("Dr\u{FFFD} Tab\there"));
}
