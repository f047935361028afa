//! Property tests of `decompose` (column generation and price-and-branch): against the MIP
//! on random problems with every rule (equal optima when both prove optimality, the same
//! status on infeasible problems, a bound never above the MIP's optimum), against brute
//! force on tiny ones, against the flow on flow-representable ones; every roster through
//! the evaluator; repeated runs give the same bytes.

use proptest::prelude::*;
use rotaflow::{Index, Method, Problem, Roster, SolveOptions, Status};
use rotaflow_tests::{brute_force, build, config, problem, small_spec};
use serde_json::{Value, json};

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

// The rules problems of `mip_properties.rs` (the same generator, so that both solvers are
// tested on the same family).
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
