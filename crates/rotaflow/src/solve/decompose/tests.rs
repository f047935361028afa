//! Pricing against brute force: on small random clinicians with every per-clinician rule
//! (the weekly limits of revision 1.1 among them) and random duals, the labelling's cheapest schedule is the cheapest subset of the
//! clinician's eligible shifts that the evaluator's rule checks accept.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::pricing::{Clinician, Successions};
use crate::evaluate::{RuleSet, check_rules};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::Problem;
use crate::rule::Rule;

/// Limits, each present or not: max_shifts, min_shifts, max_hours, min_hours,
/// max_shifts_per_day, min_rest_hours, max_consecutive_days, min_consecutive_days,
/// min_consecutive_days_off, max_weekends, max_per_kind N.
type Limits = (
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
    Option<u8>,
);

/// One shift: day (0 = Friday 11 December 2026, so weekends fall inside; taken modulo 6
/// unless the horizon is long), start hour, length, kind (AM/PM/EVE/N), pinned, dual.
type ShiftSpec = (u8, u8, u8, u8, bool, i16);

/// `per_week`: max_shifts, max_hours, min_shifts, each present or not.
type PerWeek = (Option<u8>, Option<u8>, Option<u8>);

#[derive(Debug, Clone)]
struct Spec {
    limits: Limits,
    per_week: PerWeek,
    /// Horizon 11–21 December (the week of 14 December whole, so weekly minimums bind)
    /// rather than 11–18 December.
    long: bool,
    target: Option<u8>,
    shifts: Vec<ShiftSpec>,
    succession: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    let w = |p: f64, lo: u8, hi: u8| proptest::option::weighted(p, lo..hi);
    let limits = (
        w(0.3, 1, 5),
        w(0.2, 1, 4),
        w(0.3, 8, 30),
        w(0.2, 4, 16),
        w(0.3, 1, 3),
        w(0.4, 8, 14),
        w(0.3, 1, 4),
        w(0.3, 2, 4),
        w(0.3, 1, 3),
        w(0.3, 0, 2),
        w(0.3, 0, 3),
    );
    let per_week = (w(0.25, 1, 4), w(0.2, 6, 20), w(0.2, 1, 3));
    let shift = (
        0u8..10,
        prop_oneof![Just(7u8), Just(9), Just(13), Just(18), Just(22)],
        prop_oneof![Just(3u8), Just(4), Just(8), Just(10)],
        0u8..4,
        proptest::bool::weighted(0.08),
        -300i16..300,
    );
    (
        (limits, per_week, any::<bool>()),
        proptest::option::weighted(0.3, 0u8..5),
        proptest::collection::vec(shift, 1..=11),
        any::<bool>(),
    )
        .prop_map(
            |((limits, per_week, long), target, shifts, succession)| Spec {
                limits,
                per_week,
                long,
                target,
                shifts,
                succession,
            },
        )
}

/// The problem, or `None` when the pins alone break a rule (invalid input).
fn problem(spec: &Spec) -> Option<Problem> {
    let l = spec.limits;
    let mut limits = serde_json::Map::new();
    let below = |min: Option<u8>, max: Option<u8>| min.filter(|&m| max.is_none_or(|x| m <= x));
    for (k, v) in [
        ("max_shifts", l.0),
        ("min_shifts", below(l.1, l.0)),
        ("max_hours", l.2),
        ("min_hours", below(l.3, l.2)),
        ("max_shifts_per_day", l.4),
        ("min_rest_hours", l.5),
        ("max_consecutive_days", l.6),
        ("min_consecutive_days", below(l.7, l.6)),
        ("min_consecutive_days_off", l.8),
        ("max_weekends", l.9),
    ] {
        if let Some(v) = v {
            limits.insert(k.into(), json!(v));
        }
    }
    if let Some(m) = l.10 {
        limits.insert("max_per_kind".into(), json!({"N": m}));
    }
    let (wmax, wmax_h, wmin) = spec.per_week;
    let mut per_week = serde_json::Map::new();
    for (k, v) in [
        ("max_shifts", wmax),
        ("max_hours", wmax_h),
        ("min_shifts", below(wmin, wmax)),
    ] {
        if let Some(v) = v {
            per_week.insert(k.into(), json!(v));
        }
    }
    if !per_week.is_empty() {
        limits.insert("per_week".into(), Value::Object(per_week));
    }
    let kinds = ["AM", "PM", "EVE", "N"];
    let mut clinician = json!({"id": "C", "roles": ["gp"], "rate_per_hour": 10, "limits": limits});
    if let Some(t) = spec.target {
        clinician["target_shifts"] = json!(t);
    }
    let mut pinned = Vec::new();
    let shifts: Vec<Value> = spec
        .shifts
        .iter()
        .enumerate()
        .map(|(i, &(day, hour, len, kind, pin, _))| {
            let day = if spec.long { day } else { day % 6 };
            let date = |d: u32| {
                let d = 11 + d;
                if d <= 31 {
                    format!("2026-12-{d:02}")
                } else {
                    format!("2027-01-{:02}", d - 31)
                }
            };
            let end_h = u32::from(hour) + u32::from(len);
            if pin {
                pinned.push(json!({"shift": format!("S{i}"), "clinician": "C"}));
            }
            json!({"id": format!("S{i}"), "site": "P", "role": "gp", "kind": kinds[kind as usize],
                   "start": format!("{}T{hour:02}:00", date(u32::from(day))),
                   "end": format!("{}T{:02}:00", date(u32::from(day) + end_h / 24), end_h % 24),
                   "headcount": 1})
        })
        .collect();
    let mut doc = json!({
        "horizon": {"start": "2026-12-11", "end": if spec.long { "2026-12-21" } else { "2026-12-18" }},
        "sites": [{"id": "P"}],
        "clinicians": [clinician],
        "shifts": shifts,
        "pinned": pinned,
        "weights": {"fairness": 70},
    });
    if spec.succession {
        doc["forbidden_successions"] =
            json!([{"first": "N", "then": "AM"}, {"first": "EVE", "then": "AM"}]);
    }
    Problem::from_json(&doc.to_string())
        .ok()
        .filter(|p| Index::build(p).is_ok())
}

/// The cheapest feasible subset by enumeration, with the rules the evaluator checks for
/// one clinician (headcount is the master's) and the pins.
fn brute(index: &Index<'_>, cl: &Clinician, weights: &[f64]) -> Option<f64> {
    let c = ClinicianIdx(0);
    let n = cl.shifts.len();
    let pins: Vec<ShiftIdx> = index.pinned().iter().map(|&(s, _)| s).collect();
    let mut best: Option<f64> = None;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        if !pins
            .iter()
            .all(|p| chosen.iter().any(|&i| cl.shifts[i] == *p))
        {
            continue;
        }
        let pairs: Vec<(ShiftIdx, ClinicianIdx)> =
            chosen.iter().map(|&i| (cl.shifts[i], c)).collect();
        let broken = check_rules(index, &pairs, RuleSet::All)
            .iter()
            .any(|b| b.breach.rule != Rule::Headcount);
        if broken {
            continue;
        }
        let cost: f64 =
            chosen.iter().map(|&i| weights[i]).sum::<f64>() + cl.fairness_cost(chosen.len());
        if best.is_none_or(|b| cost < b - 1e-9) {
            best = Some(cost);
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The labelling's cheapest schedule costs what the brute force's does, is itself
    /// feasible by the evaluator's checks, and "no schedule" agrees.
    #[test]
    fn pricing_matches_brute_force(spec in spec()) {
        let problem = problem(&spec);
        prop_assume!(problem.is_some());
        let problem = problem.expect("valid");
        let index = Index::build(&problem).expect("valid");
        let succ = Successions::build(&index).expect("few kinds");
        let cl = Clinician::build(&index, ClinicianIdx(0), &succ);
        let weights: Vec<f64> = cl
            .shifts
            .iter()
            .map(|s| index.pair_cost(ClinicianIdx(0), *s) + f64::from(spec.shifts[s.index()].5))
            .map(|w| w - 400.0)
            .collect();
        let priced = cl.price(&weights, true, 3, &|| false);
        prop_assert!(priced.exact);
        let expected = brute(&index, &cl, &weights);
        match (priced.schedules.first(), expected) {
            (None, None) => {}
            (Some(got), Some(want)) => {
                prop_assert!((got.cost - want).abs() < 1e-6, "labelling {} vs brute force {}", got.cost, want);
                let pairs: Vec<(ShiftIdx, ClinicianIdx)> = got
                    .positions
                    .iter()
                    .map(|&i| (cl.shifts[i as usize], ClinicianIdx(0)))
                    .collect();
                let breaches: Vec<_> = check_rules(&index, &pairs, RuleSet::All)
                    .into_iter()
                    .filter(|b| b.breach.rule != Rule::Headcount)
                    .map(|b| b.breach.message)
                    .collect();
                prop_assert!(breaches.is_empty(), "{:?}", breaches);
            }
            (got, want) => prop_assert!(false, "labelling {:?} vs brute force {:?}", got, want),
        }
    }
}

/// One clinician at sites P and Q with the given limits and these shifts
/// `(id, site, start hour, end hour)` on Monday 7 December 2026.
fn one_clinician(limits: Value, shifts: &[(&str, &str, u32, u32)]) -> Problem {
    let shifts: Vec<Value> = shifts
        .iter()
        .map(|&(id, site, from, to)| {
            json!({"id": id, "site": site, "role": "gp", "kind": "AM",
                   "start": format!("2026-12-07T{from:02}:00"),
                   "end": format!("2026-12-07T{to:02}:00")})
        })
        .collect();
    let doc = json!({
        "horizon": {"start": "2026-12-07", "end": "2026-12-07"},
        "sites": [{"id": "P"}, {"id": "Q"}],
        "clinicians": [{"id": "C", "roles": ["gp"], "limits": limits}],
        "shifts": shifts,
    });
    Problem::from_json(&doc.to_string()).expect("valid")
}

/// Of two shifts at the same times (at two sites) the cheaper is taken, whichever comes
/// first; a shift that only adds cost is left out without a minimum and taken to meet one.
#[test]
fn pricing_keeps_the_cheaper_of_equal_shifts_and_dear_ones_only_for_a_minimum() {
    let p = one_clinician(json!({}), &[("A", "P", 8, 12), ("B", "Q", 8, 12)]);
    let index = Index::build(&p).expect("valid");
    let succ = Successions::build(&index).expect("few kinds");
    let cl = Clinician::build(&index, ClinicianIdx(0), &succ);
    for (weights, want) in [([-5.0, -9.0], 1u32), ([-9.0, -5.0], 0)] {
        let priced = cl.price(&weights, true, 3, &|| false);
        assert!(priced.exact);
        let best = &priced.schedules[0];
        assert_eq!(best.positions, vec![want], "weights {weights:?}");
        assert!((best.cost - weights[want as usize]).abs() < 1e-12);
    }

    let dear = [("A", "P", 8, 12), ("B", "Q", 13, 17)];
    for (limits, want) in [
        (json!({}), vec![]),
        (json!({"min_shifts": 1}), vec![0u32]),
        (json!({"min_shifts": 2}), vec![0, 1]),
    ] {
        let p = one_clinician(limits.clone(), &dear);
        let index = Index::build(&p).expect("valid");
        let cl = Clinician::build(&index, ClinicianIdx(0), &succ);
        let priced = cl.price(&[3.0, 7.0], true, 3, &|| false);
        assert!(priced.exact);
        assert_eq!(priced.schedules[0].positions, want, "limits {limits}");
    }
}

/// The MIP over a neighbourhood counts the places the fixed rest holds: with the one place
/// of S held outside, the free clinician is not put on it; with it free, they are.
#[test]
fn a_neighbourhood_sees_the_places_the_rest_holds() {
    let doc = json!({
        "horizon": {"start": "2026-12-07", "end": "2026-12-07"},
        "sites": [{"id": "P"}],
        "clinicians": [{"id": "A", "roles": ["gp"]}, {"id": "B", "roles": ["gp"]}],
        "shifts": [{"id": "S", "site": "P", "role": "gp", "start": "2026-12-07T08:00",
                    "end": "2026-12-07T12:00", "headcount": 1}],
    });
    let p = Problem::from_json(&doc.to_string()).expect("valid");
    let index = Index::build(&p).expect("valid");
    let deadline = crate::solve::backend::Deadline::after(std::time::Instant::now(), 30.0);
    let free = |taken: u32| {
        crate::solve::mip::reoptimise(
            &index,
            vec![ClinicianIdx(1)],
            vec![taken],
            0.0,
            Some(1),
            0,
            deadline,
        )
        .expect("solves")
    };
    let held = free(1);
    assert!(held.proven);
    assert_eq!(held.pairs, Some(vec![]));
    let open = free(0);
    assert!(open.proven);
    assert_eq!(open.pairs, Some(vec![(ShiftIdx(0), ClinicianIdx(1))]));
}
