//! Employment-pattern warnings and the `pattern` term (issue 15, `docs/patterns.md`), on
//! hand-built five-week problems whose answers are worked out by hand; the MIP's pattern
//! rows against the evaluator and brute force; the flow's and decompose's refusals.

use proptest::prelude::*;
use rotaflow::{Error, Method, Problem, Rule, SolveOptions, Status};
use rotaflow_tests::{brute_force, config, problem};
use serde_json::{Value, json};

/// The Wednesdays of the five weeks from Monday 7 December 2026.
const WEDNESDAYS: [&str; 5] = [
    "2026-12-09",
    "2026-12-16",
    "2026-12-23",
    "2026-12-30",
    "2027-01-06",
];

/// A Wednesday AM session at P in week `w` (0 to 4).
fn wed_am(w: usize) -> Value {
    json!({"id": format!("W{w}"), "site": "P", "role": "gp", "kind": "AM",
           "start": format!("{}T08:30", WEDNESDAYS[w]),
           "end": format!("{}T12:30", WEDNESDAYS[w])})
}

/// Five weeks, the given clinicians, a Wednesday AM session in each listed week.
fn five_weeks(clinicians: Value, weeks: &[usize], extra: Value) -> Problem {
    let mut doc = json!({
        "horizon": {"start": "2026-12-07", "end": "2027-01-10"},
        "sites": [{"id": "P"}, {"id": "Q"}],
        "clinicians": clinicians,
        "shifts": weeks.iter().map(|&w| wed_am(w)).collect::<Vec<_>>(),
    });
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            doc[k] = v;
        }
    }
    problem(doc)
}

fn roster(pairs: &[(&str, &str)]) -> Vec<rotaflow::Assignment> {
    pairs
        .iter()
        .map(|&(s, c)| rotaflow::Assignment::new(s, c))
        .collect()
}

fn solve_with(p: &Problem, method: Method) -> rotaflow::Result<rotaflow::Roster> {
    let mut options = SolveOptions::new();
    options.method = Some(method);
    rotaflow::solve(p, &options)
}

#[test]
fn five_wednesdays_in_a_row_are_a_pattern_with_its_dates_and_cost() {
    let w = 7.5;
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": w}}),
    );
    let all = roster(&[
        ("W0", "A"),
        ("W1", "A"),
        ("W2", "A"),
        ("W3", "A"),
        ("W4", "A"),
    ]);
    let e = rotaflow::explain(&p, &all).expect("explains");
    assert_eq!(e.patterns.len(), 1, "{:?}", e.patterns);
    let warning = &e.patterns[0];
    assert_eq!(warning.clinician, "A");
    assert_eq!(warning.site, "P");
    assert_eq!(warning.weekday, "Wednesday");
    assert_eq!(warning.kind.as_deref(), Some("AM"));
    assert_eq!(warning.weeks, 5);
    assert_eq!(warning.dates, WEDNESDAYS);
    assert_eq!(warning.shifts, ["W0", "W1", "W2", "W3", "W4"]);
    // N = 4: (5 − 4 + 1) repeats at w each.
    assert_eq!(warning.cost, 2.0 * w);
    assert_eq!(e.score.pattern, 2.0 * w);
    // 5 sessions of 4 h at 10/h.
    assert_eq!(e.score.total, 200.0 + 2.0 * w);
    let a = e.clinicians.iter().find(|c| c.id == "A").expect("A");
    assert_eq!(a.pattern, 2.0 * w);
    // The breakdown still splits the score exactly.
    let split: f64 = e.clinicians.iter().map(|c| c.total).sum::<f64>()
        + e.sites.iter().map(|x| x.unfilled + x.over).sum::<f64>();
    assert!((split - e.score.total).abs() < 1e-9);
    // The evaluator agrees, and the JSON carries the term.
    let s = rotaflow::score(&p, &all).expect("scores");
    assert_eq!(s.score.pattern, 2.0 * w);
    let text = serde_json::to_string(&e).expect("json");
    assert!(text.contains("\"patterns\""));
    assert!(text.contains("\"pattern\":15.0"));
}

#[test]
fn four_weeks_are_a_pattern_and_three_are_not() {
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"]}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": 1}}),
    );
    let four = roster(&[("W1", "A"), ("W2", "A"), ("W3", "A"), ("W4", "A")]);
    let e = rotaflow::explain(&p, &four).expect("explains");
    assert_eq!(e.patterns.len(), 1);
    assert_eq!(e.patterns[0].weeks, 4);
    assert_eq!(e.score.pattern, 1.0);
    let three = roster(&[("W0", "A"), ("W1", "A"), ("W2", "A")]);
    let e = rotaflow::explain(&p, &three).expect("explains");
    assert!(e.patterns.is_empty());
    assert_eq!(e.score.pattern, 0.0);
}

#[test]
fn a_run_broken_by_one_week_is_no_pattern() {
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"]}]),
        &[0, 1, 2, 3, 4],
        json!({}),
    );
    // Weeks 0, 1, 3, 4: the third Wednesday breaks the run into two runs of two.
    let broken = roster(&[("W0", "A"), ("W1", "A"), ("W3", "A"), ("W4", "A")]);
    let e = rotaflow::explain(&p, &broken).expect("explains");
    assert!(e.patterns.is_empty(), "{:?}", e.patterns);
    // Without a weight the term is absent from the JSON: version-1 bytes are unchanged.
    let text = serde_json::to_string(&e).expect("json");
    assert!(!text.contains("pattern"), "{text}");
    // With pattern_weeks 2 the two halves are two patterns.
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"]}]),
        &[0, 1, 2, 3, 4],
        json!({"solver": {"pattern_weeks": 2}}),
    );
    let e = rotaflow::explain(&p, &broken).expect("explains");
    assert_eq!(e.patterns.len(), 2);
    assert_eq!(e.patterns[0].dates, [WEDNESDAYS[0], WEDNESDAYS[1]]);
    assert_eq!(e.patterns[1].dates, [WEDNESDAYS[3], WEDNESDAYS[4]]);
}

#[test]
fn another_site_or_kind_breaks_the_run() {
    let mut doc = json!({
        "horizon": {"start": "2026-12-07", "end": "2027-01-10"},
        "sites": [{"id": "P"}, {"id": "Q"}],
        "clinicians": [{"id": "A", "roles": ["gp"]}],
        "shifts": (0..5).map(wed_am).collect::<Vec<_>>(),
    });
    doc["shifts"][2]["site"] = json!("Q");
    let p = problem(doc.clone());
    let all = roster(&[
        ("W0", "A"),
        ("W1", "A"),
        ("W2", "A"),
        ("W3", "A"),
        ("W4", "A"),
    ]);
    assert!(
        rotaflow::explain(&p, &all)
            .expect("explains")
            .patterns
            .is_empty()
    );
    doc["shifts"][2]["site"] = json!("P");
    doc["shifts"][2]["kind"] = json!("PM");
    let p = problem(doc);
    assert!(
        rotaflow::explain(&p, &all)
            .expect("explains")
            .patterns
            .is_empty()
    );
}

#[test]
fn the_mip_avoids_the_pattern_when_an_equal_alternative_exists() {
    // Two GPs at the same rate: alternating them costs the same pay and no pattern.
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10},
               {"id": "B", "roles": ["gp"], "rate_per_hour": 10}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": 50}}),
    );
    let r = solve_with(&p, Method::Auto).expect("solves");
    assert_eq!(r.method, Method::Mip, "{}", r.stats.method_reason);
    assert!(
        r.stats.method_reason.contains("pattern"),
        "{}",
        r.stats.method_reason
    );
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.objective, Some(200.0));
    let e = rotaflow::explain(&p, &r.assignments).expect("explains");
    assert!(e.patterns.is_empty());
    assert_eq!(e.score.total, 200.0);
    let (best, _) = brute_force(&p).expect("feasible");
    assert_eq!(best, 200.0);
}

#[test]
fn the_mip_objective_is_the_evaluators_when_the_pattern_is_worth_keeping() {
    // One GP: five sessions at 40 each beat leaving one empty (1000) despite the pattern
    // cost of (5 − 4 + 1)·50 = 100.
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": 50}}),
    );
    let r = solve_with(&p, Method::Mip).expect("solves");
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.assignments.len(), 5);
    assert_eq!(r.objective, Some(300.0));
    let s = rotaflow::score(&p, &r.assignments).expect("scores");
    assert_eq!(r.score, Some(s.score));
    assert_eq!(s.score.pattern, 100.0);
    // A pattern costlier than a gap: the MIP leaves one session empty, the one that
    // breaks the run into runs shorter than four (any of W1, W2, W3).
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": 600, "unfilled": 1000}}),
    );
    let r = solve_with(&p, Method::Mip).expect("solves");
    assert_eq!(r.status, Status::Optimal);
    // Four sessions (160) and one empty (1000) beat five (200 + 2·600 = 1400) and two
    // runs of ≥ 4 are impossible; a run of four costs 600: 160 + 1000 + 600 = 1760 > 1160.
    assert_eq!(r.objective, Some(1160.0));
    let (best, _) = brute_force(&p).expect("feasible");
    assert_eq!(best, 1160.0);
}

#[test]
fn the_flow_refuses_an_expressible_pattern_and_accepts_an_impossible_one() {
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"]}]),
        &[0, 1, 2, 3, 4],
        json!({"weights": {"pattern": 5}}),
    );
    match solve_with(&p, Method::Flow) {
        Err(Error::NotFlowRepresentable(obstacles)) => {
            assert_eq!(obstacles.len(), 1);
            assert_eq!(obstacles[0].rule, Rule::Pattern);
            assert_eq!(obstacles[0].clinician.as_deref(), Some("A"));
            assert!(obstacles[0].detail.contains("weights.pattern"));
        }
        other => panic!("expected the flow's refusal, got {other:?}"),
    }
    match solve_with(&p, Method::Decompose) {
        Err(Error::NotFlowRepresentable(obstacles)) => {
            assert_eq!(obstacles[0].rule, Rule::Pattern);
            assert!(obstacles[0].detail.contains("decompose"));
        }
        other => panic!("expected decompose's refusal, got {other:?}"),
    }
    // Week 2 missing: no four weeks in a row can be booked, the weight cannot bite.
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"]}]),
        &[0, 1, 3, 4],
        json!({"weights": {"pattern": 5}}),
    );
    let r = solve_with(&p, Method::Auto).expect("solves");
    assert_eq!(r.method, Method::Flow);
    assert!(rotaflow::flow_obstacles(&rotaflow::Index::build(&p).expect("valid")).is_empty());
}

proptest! {
    #![proptest_config(config(48))]

    /// On random five-week problems (two GPs, Wednesday sessions of two kinds at two
    /// sites, at most 16 eligible pairs) the MIP's optimum with a pattern weight is the
    /// best of every subset of pairs, as the evaluator scores it.
    #[test]
    fn mip_prices_patterns_exactly(
        sessions in proptest::collection::vec((0usize..5, 0usize..2, 0usize..2), 1..8),
        rates in (0u32..30, 0u32..30),
        weight in 0u32..400,
        weeks in 2i64..5,
    ) {
        let mut shifts = Vec::new();
        for (i, &(w, site, kind)) in sessions.iter().enumerate() {
            let (from, to) = if kind == 0 { ("08:30", "12:30") } else { ("13:30", "17:30") };
            let (site, kind) = (["P", "Q"][site], ["AM", "PM"][kind]);
            shifts.push(json!({"id": format!("S{i}"), "site": site, "role": "gp", "kind": kind,
                "start": format!("{}T{from}", WEDNESDAYS[w]),
                "end": format!("{}T{to}", WEDNESDAYS[w]),
                "unfilled_penalty": 100}));
        }
        let p = problem(json!({
            "horizon": {"start": "2026-12-07", "end": "2027-01-10"},
            "sites": [{"id": "P"}, {"id": "Q"}],
            "clinicians": [
                {"id": "A", "roles": ["gp"], "rate_per_hour": rates.0},
                {"id": "B", "roles": ["gp"], "rate_per_hour": rates.1}],
            "shifts": shifts,
            "weights": {"pattern": weight},
            "solver": {"pattern_weeks": weeks}
        }));
        let r = solve_with(&p, Method::Mip).expect("solves");
        prop_assert_eq!(r.status, Status::Optimal);
        let objective = r.objective.expect("objective");
        let (best, _) = brute_force(&p).expect("feasible");
        prop_assert!((objective - best).abs() < 1e-6, "MIP {} vs brute force {}", objective, best);
    }
}

/// Three Wednesdays worked before the horizon (`history`), then the horizon's first two:
/// one run of five weeks with the history's dates first; the term prices only the windows
/// of four weeks that hold a roster booking (weeks −3..0 and −2..1: two), and the MIP
/// prices it the same way.
#[test]
fn a_run_begins_in_the_history() {
    let w = 10.0;
    let history = json!([
        {"clinician": "A", "site": "P", "kind": "AM", "date": "2026-11-18"},
        {"clinician": "A", "site": "P", "kind": "AM", "date": "2026-11-25"},
        {"clinician": "A", "site": "P", "kind": "AM", "date": "2026-12-02"},
        // Another site, and a kind no shift has: neither joins the run.
        {"clinician": "A", "site": "Q", "kind": "AM", "date": "2026-11-11"},
        {"clinician": "A", "site": "P", "kind": "PM", "date": "2026-11-11"}
    ]);
    let p = five_weeks(
        json!([{"id": "A", "roles": ["gp"], "rate_per_hour": 10}]),
        &[0, 1],
        json!({"history": history, "weights": {"pattern": w}}),
    );
    let both = roster(&[("W0", "A"), ("W1", "A")]);
    let e = rotaflow::explain(&p, &both).expect("explains");
    assert_eq!(e.patterns.len(), 1, "{:?}", e.patterns);
    let warning = &e.patterns[0];
    assert_eq!(warning.weeks, 5);
    assert_eq!(
        warning.dates,
        [
            "2026-11-18",
            "2026-11-25",
            "2026-12-02",
            "2026-12-09",
            "2026-12-16"
        ]
    );
    assert_eq!(warning.shifts, ["W0", "W1"]);
    assert_eq!(warning.cost, 2.0 * w);
    let s = rotaflow::score(&p, &both).expect("scores");
    assert_eq!(s.score.pattern, 2.0 * w);
    // One roster week after three past ones is already a pattern (one window).
    let one = roster(&[("W0", "A")]);
    assert_eq!(rotaflow::score(&p, &one).expect("scores").score.pattern, w);
    // Without the history, two weeks are no pattern.
    let mut bare = p.clone();
    bare.history.clear();
    assert_eq!(
        rotaflow::score(&bare, &both).expect("scores").score.pattern,
        0.0
    );
    // The MIP's optimum is the evaluator's, and brute force's.
    let r = solve_with(&p, Method::Mip).expect("solves");
    assert_eq!(r.status, Status::Optimal);
    let again = rotaflow::score(&p, &r.assignments).expect("scores");
    assert_eq!(r.objective, Some(again.score.total));
    let (best, _) = brute_force(&p).expect("feasible");
    assert!((r.objective.expect("objective") - best).abs() < 1e-6);
    // The flow cannot price it.
    match solve_with(&p, Method::Flow) {
        Err(Error::NotFlowRepresentable(o)) => {
            assert!(o.iter().any(|o| o.rule == Rule::Pattern), "{o:?}")
        }
        other => panic!("expected the flow to refuse: {other:?}"),
    }
}

/// `history[]` is checked where it is read: references, its date before the horizon,
/// unknown fields.
#[test]
fn history_errors_point_at_the_entry() {
    let doc = |entry: Value| {
        json!({"horizon": {"start": "2026-12-07", "end": "2026-12-13"},
               "sites": [{"id": "P"}],
               "clinicians": [{"id": "A", "roles": ["gp"]}],
               "shifts": [wed_am(0)],
               "history": [entry]})
        .to_string()
    };
    let cases = [
        (
            json!({"clinician": "B", "site": "P", "date": "2026-11-25"}),
            "/history/0/clinician",
            "unknown_clinician",
        ),
        (
            json!({"clinician": "A", "site": "Z", "date": "2026-11-25"}),
            "/history/0/site",
            "unknown_site",
        ),
        (
            json!({"clinician": "A", "site": "P", "date": "25/11/2026"}),
            "/history/0/date",
            "invalid_date",
        ),
        (
            json!({"clinician": "A", "site": "P", "date": "2026-12-07"}),
            "/history/0/date",
            "invalid_value",
        ),
        (
            json!({"clinician": "A", "site": "P", "kind": "", "date": "2026-11-25"}),
            "/history/0/kind",
            "invalid_value",
        ),
        (
            json!({"clinician": "A", "site": "P", "date": "2026-11-25", "shift": "W0"}),
            "/history/0/shift",
            "unknown_field",
        ),
    ];
    for (entry, pointer, code) in cases {
        let error = match Problem::from_json(&doc(entry.clone())) {
            Ok(p) => match rotaflow::Index::build(&p) {
                Ok(_) => panic!("{entry} was accepted"),
                Err(e) => e,
            },
            Err(e) => e,
        };
        let issues = error.issues();
        assert!(
            issues
                .iter()
                .any(|i| i.pointer == pointer && i.code.as_str() == code),
            "{entry}: {issues:?}"
        );
    }
}
