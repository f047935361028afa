//! Property tests of the MIP: on random flow-representable problems its optimum is the
//! flow's; on random problems with working-time rules every roster passes the evaluator,
//! and on tiny ones its optimum is the brute force's.

use proptest::prelude::*;
use rotaflow::{Index, Method, Problem, SolveOptions, Status};
use rotaflow_tests::{brute_force, build, config, problem, small_spec};
use serde_json::{Value, json};

fn with(method: Method) -> SolveOptions {
    let mut o = SolveOptions::new();
    o.method = Some(method);
    o
}

/// One clinician's rules, each present or not: max_consecutive_days, min_consecutive_days,
/// min_consecutive_days_off, max_weekends, min_rest_hours, max_hours, min_hours,
/// max_per_kind EVE, max_shifts_per_day, min_shifts.
type Rules = (
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
);

/// One shift: day (0 = Monday 7 December 2026, up to Sunday), start hour, length in hours,
/// kind (AM/PM/EVE/N), headcount, unfilled penalty.
type ShiftSpec = (u8, u8, u8, u8, u8, u32);

#[derive(Debug, Clone)]
struct RuleSpec {
    clinicians: Vec<(u32, Rules, Option<u8>)>,
    shifts: Vec<ShiftSpec>,
    succession: bool,
}

fn rule_spec(max_clinicians: usize, max_shifts: usize) -> impl Strategy<Value = RuleSpec> {
    let w = |p: f64, lo: u8, hi: u8| proptest::option::weighted(p, lo..hi);
    let rules = (
        w(0.3, 1, 4),
        w(0.2, 2, 4),
        w(0.2, 2, 3),
        w(0.2, 0, 2),
        w(0.3, 8, 14),
        w(0.2, 6, 20),
        w(0.1, 2, 10),
        w(0.2, 0, 2),
        w(0.3, 1, 2),
        w(0.1, 1, 3),
    );
    let clinician = (40u32..120, rules, proptest::option::weighted(0.3, 0u8..5));
    let shift = (
        0u8..7,
        prop_oneof![Just(8u8), Just(10), Just(13), Just(18), Just(21)],
        prop_oneof![Just(3u8), Just(4), Just(5), Just(10)],
        0u8..4,
        0u8..3,
        prop_oneof![Just(300u32), Just(1000), Just(3000)],
    );
    (
        proptest::collection::vec(clinician, 1..=max_clinicians),
        proptest::collection::vec(shift, 1..=max_shifts),
        any::<bool>(),
    )
        .prop_map(|(clinicians, shifts, succession)| RuleSpec {
            clinicians,
            shifts,
            succession,
        })
}

fn build_rules(spec: &RuleSpec) -> Problem {
    let kinds = ["AM", "PM", "EVE", "N"];
    let clinicians: Vec<Value> = spec
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, (rate, r, target))| {
            let mut limits = serde_json::Map::new();
            let mut put = |k: &str, v: Option<u8>| {
                if let Some(v) = v {
                    limits.insert(k.into(), json!(v));
                }
            };
            // Minimums above their maximum are invalid input; keep them consistent.
            let below =
                |min: Option<u8>, max: Option<u8>| min.filter(|&m| max.is_none_or(|x| m <= x));
            put("max_consecutive_days", r.0);
            put("min_consecutive_days", below(r.1, r.0));
            put("min_consecutive_days_off", r.2);
            put("max_weekends", r.3);
            put("min_rest_hours", r.4);
            put("max_hours", r.5);
            put("min_hours", below(r.6, r.5));
            put("max_shifts_per_day", r.8);
            put("min_shifts", r.9);
            if let Some(m) = r.7 {
                limits.insert("max_per_kind".into(), json!({"EVE": m}));
            }
            let mut c = json!({"id": format!("C{i}"), "roles": ["gp"], "rate_per_hour": rate,
                               "limits": limits});
            if let Some(t) = target {
                c["target_shifts"] = json!(t);
            }
            c
        })
        .collect();
    let shifts: Vec<Value> = spec
        .shifts
        .iter()
        .enumerate()
        .map(|(i, &(day, hour, len, kind, headcount, penalty))| {
            let start = format!("2026-12-{:02}T{hour:02}:00", 7 + u32::from(day));
            let end_h = u32::from(hour) + u32::from(len);
            let end = format!(
                "2026-12-{:02}T{:02}:00",
                7 + u32::from(day) + end_h / 24,
                end_h % 24
            );
            json!({"id": format!("S{i}"), "site": "P1", "role": "gp", "kind": kinds[kind as usize],
                   "start": start, "end": end, "headcount": headcount, "unfilled_penalty": penalty})
        })
        .collect();
    let mut doc = json!({
        "horizon": {"start": "2026-12-07", "end": "2026-12-14"},
        "sites": [{"id": "P1"}],
        "clinicians": clinicians,
        "shifts": shifts,
        "weights": {"fairness": 40},
    });
    if spec.succession {
        doc["forbidden_successions"] = json!([{"first": "N", "then": "AM"}]);
    }
    problem(doc)
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
