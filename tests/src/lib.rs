//! Shared helpers for rotaflow's cross-crate tests: a brute-force oracle and random
//! problem generators for property tests.

use proptest::prelude::*;
use rotaflow::{Assignment, Evaluation, Index, Problem};
use serde_json::{Value, json};

/// A property test's configuration: `cases` cases, failures saved as regressions beside
/// the test's source file (checked in, so they are replayed first).
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
        )),
        ..ProptestConfig::default()
    }
}

/// Parse a problem from a `serde_json::Value`, panicking with the issues if invalid.
pub fn problem(value: Value) -> Problem {
    match Problem::from_json(&value.to_string()) {
        Ok(p) => p,
        Err(e) => panic!("test problem is invalid: {e:?}"),
    }
}

/// The best feasible objective over every subset of eligible pairs, found by brute force
/// with the evaluator; `None` when no subset is feasible. Only for tiny problems.
///
/// # Panics
/// When the problem has more than 16 eligible pairs.
pub fn brute_force(problem: &Problem) -> Option<(f64, Vec<Assignment>)> {
    let index = Index::build(problem).expect("valid");
    let pairs: Vec<Assignment> = index
        .shift_indices()
        .flat_map(|s| {
            index.eligible_for_shift(s).iter().map(move |&c| {
                Assignment::new(
                    &problem.shifts[s.index()].id,
                    &problem.clinicians[c.index()].id,
                )
            })
        })
        .collect();
    assert!(
        pairs.len() <= 16,
        "too many pairs for brute force: {}",
        pairs.len()
    );
    let mut best: Option<(f64, Vec<Assignment>)> = None;
    for mask in 0u32..(1 << pairs.len()) {
        let chosen: Vec<Assignment> = pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, a)| a.clone())
            .collect();
        let e: Evaluation = rotaflow::evaluate(&index, &chosen);
        if e.is_feasible() && best.as_ref().is_none_or(|(v, _)| e.score.total < *v - 1e-9) {
            best = Some((e.score.total, chosen));
        }
    }
    best
}

/// Time blocks whose sessions pairwise overlap within a block and never across blocks
/// (so the flow model is exact): (start hour, end hour) for AM, PM and EVE.
const BLOCKS: [(u32, u32, &str); 3] = [(8, 12, "AM"), (13, 17, "PM"), (18, 21, "EVE")];

/// One random clinician: role (0 gp, 1 anp), rate per hour, `max_shifts`,
/// `max_shifts_per_day`, `target_shifts`, `min_shifts`, a day off, an EVE preference weight.
pub type ClinicianSpec = (
    u8,
    u32,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    i8,
);

/// One random shift: day, block, minutes offset, role, headcount, unfilled penalty,
/// over penalty, preferred clinician.
pub type ShiftSpec = (u8, u8, u8, u8, u8, u32, Option<u32>, Option<u8>);

/// Parameters of a random small problem.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The clinicians.
    pub clinicians: Vec<ClinicianSpec>,
    /// The shifts.
    pub shifts: Vec<ShiftSpec>,
    /// Weights: fairness, continuity, travel.
    pub weights: (u8, u8, u8),
}

/// A strategy for small flow-representable problems.
///
/// `max_clinicians` and `max_shifts` bound the size; use small numbers with
/// [`brute_force`].
pub fn small_spec(max_clinicians: usize, max_shifts: usize) -> impl Strategy<Value = Spec> {
    let clinician = (
        0u8..2,
        40u32..120,
        proptest::option::weighted(0.3, 0u8..4),
        proptest::option::weighted(0.3, 1u8..3),
        proptest::option::weighted(0.3, 0u8..4),
        proptest::option::weighted(0.15, 1u8..3),
        proptest::option::weighted(0.2, 0u8..2),
        -3i8..4,
    );
    let shift = (
        0u8..2,
        0u8..3,
        0u8..60,
        0u8..2,
        0u8..3,
        prop_oneof![Just(400u32), Just(1000), Just(3000)],
        proptest::option::weighted(0.25, 0u32..200),
        proptest::option::weighted(0.3, 0u8..8),
    );
    (
        proptest::collection::vec(clinician, 1..=max_clinicians),
        proptest::collection::vec(shift, 1..=max_shifts),
        (0u8..3, 0u8..3, 0u8..2),
    )
        .prop_map(|(clinicians, shifts, weights)| Spec {
            clinicians,
            shifts,
            weights,
        })
}

/// Build the problem a [`Spec`] describes.
pub fn build(spec: &Spec) -> Problem {
    let roles = ["gp", "anp"];
    let day = |d: u8| format!("2026-12-{:02}", 7 + u32::from(d));
    let clinicians: Vec<Value> = spec
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, &(role, rate, max, per_day, target, min, off, pref))| {
            let mut limits = serde_json::Map::new();
            if let Some(m) = max {
                limits.insert("max_shifts".into(), json!(m));
            }
            if let Some(m) = per_day {
                limits.insert("max_shifts_per_day".into(), json!(m));
            }
            if let Some(m) = min {
                limits.insert("min_shifts".into(), json!(m.min(max.unwrap_or(u8::MAX))));
            }
            let mut c = json!({
                "id": format!("C{i}"),
                "roles": [roles[role as usize]],
                "rate_per_hour": rate,
                "home": {"lat": 53.40 + 0.01 * i as f64, "lon": -2.2},
                "limits": limits,
            });
            if let Some(t) = target {
                c["target_shifts"] = json!(t);
            }
            if let Some(d) = off {
                c["unavailable"] = json!([{"start": format!("{}T00:00", day(d)),
                                           "end": format!("{}T00:00", day(d + 1))}]);
            }
            if pref != 0 {
                c["preferences"] = json!([{"kind": "EVE", "weight": pref}]);
            }
            c
        })
        .collect();
    let n_clin = spec.clinicians.len();
    let shifts: Vec<Value> = spec
        .shifts
        .iter()
        .enumerate()
        .map(
            |(i, &(d, block, offset, role, headcount, penalty, over, preferred))| {
                let (start_h, end_h, kind) = BLOCKS[block as usize];
                // Offsets of up to 59 minutes keep every block's sessions overlapping.
                let start = format!("{}T{:02}:{:02}", day(d), start_h, offset);
                let end = format!("{}T{:02}:{:02}", day(d), end_h, offset / 2);
                let mut s = json!({
                    "id": format!("S{i}"), "site": if i % 2 == 0 { "P1" } else { "P2" },
                    "start": start, "end": end, "role": roles[role as usize], "kind": kind,
                    "headcount": headcount, "unfilled_penalty": penalty,
                });
                if let Some(o) = over {
                    s["over_penalty"] = json!(o);
                }
                if let Some(p) = preferred {
                    if (p as usize) < n_clin {
                        s["preferred_clinicians"] = json!([format!("C{p}")]);
                    }
                }
                s
            },
        )
        .collect();
    let (fairness, continuity, travel) = spec.weights;
    problem(json!({
        "sites": [{"id": "P1", "lat": 53.45, "lon": -2.25}, {"id": "P2", "lat": 53.50, "lon": -2.10}],
        "clinicians": clinicians,
        "shifts": shifts,
        "weights": {"fairness": 100 * fairness as u32, "continuity": 50 * continuity as u32,
                    "travel_per_km": travel as f64 * 0.75},
    }))
}

// The rules family of the property tests (the MIP's and decompose's test the same family).

/// One clinician's rules, each present or not: max_consecutive_days, min_consecutive_days,
/// min_consecutive_days_off, max_weekends, min_rest_hours, max_hours, min_hours,
/// max_per_kind EVE, max_shifts_per_day, min_shifts.
pub type Rules = (
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
pub type RuleShift = (u8, u8, u8, u8, u8, u32);

/// A random problem with working-time rules (see [`rule_spec`]).
#[derive(Debug, Clone)]
pub struct RuleSpec {
    /// Each clinician: rate per hour, rules, target shifts.
    pub clinicians: Vec<(u32, Rules, Option<u8>)>,
    /// The shifts.
    pub shifts: Vec<RuleShift>,
    /// Whether N → AM is a forbidden succession.
    pub succession: bool,
}

/// Random problems with working-time rules: up to `max_clinicians` GPs, each with a random
/// subset of the rules, and up to `max_shifts` shifts over one week at one site.
pub fn rule_spec(max_clinicians: usize, max_shifts: usize) -> impl Strategy<Value = RuleSpec> {
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

/// The problem of a [`RuleSpec`].
pub fn build_rules(spec: &RuleSpec) -> Problem {
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

/// A generated rules week (`rotaflow generate --rules`): `clinicians` over `sites`, 7 days.
pub fn rules_week(clinicians: usize, sites: usize, seed: u64) -> Problem {
    rotaflow_synth::generate(&rotaflow_synth::GenerateOptions {
        clinicians,
        sites,
        days: 7,
        seed,
        family: rotaflow_synth::Family::Rules,
        ..rotaflow_synth::GenerateOptions::default()
    })
    .expect("generates")
}

/// A one-site week (Mon 7 – Sun 13 December 2026) with the given clinicians and shifts; the
/// fields of `extra` (an object) are added to the document.
pub fn week(clinicians: Value, shifts: Value, extra: Value) -> Problem {
    let mut doc = json!({
        "timezone": "Europe/London",
        "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
        "sites": [{"id": "P1"}],
        "clinicians": clinicians,
        "shifts": shifts,
    });
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            doc[k] = v;
        }
    }
    problem(doc)
}

/// A gp shift at `P1` on day `d` (0 = Monday 7 December) from `from` to `to` ("HH:MM").
pub fn shift(id: &str, d: u32, from: &str, to: &str, kind: &str) -> Value {
    json!({"id": id, "site": "P1", "role": "gp", "kind": kind,
           "start": format!("2026-12-{:02}T{from}", 7 + d),
           "end": format!("2026-12-{:02}T{to}", 7 + d)})
}

// The weekly family (schema revision 1.1): calendar-week limits and dated credentials.

/// One clinician of the weekly family: rate per hour, horizon `max_shifts`,
/// `per_week.max_shifts`, `per_week.max_hours`, `per_week.min_shifts`, the indemnity's last
/// valid day (0 = Monday 7 December; `None`: valid always), `target_shifts`.
pub type WeekClinician = (
    u32,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<u8>,
);

/// One shift of the weekly family: day (0 = Monday 7 December, up to Wednesday 16), block
/// (AM 08:00, PM 13:00, EVE 18:00), a long variant (AM 08–13 rather than 08–12, PM 13–18
/// rather than 13–17, EVE 18–22 rather than 18–21), headcount, unfilled penalty.
pub type WeekShift = (u8, u8, bool, u8, u32);

/// A random problem with weekly limits and credentials (see [`week_spec`]).
#[derive(Debug, Clone)]
pub struct WeekSpec {
    /// The clinicians.
    pub clinicians: Vec<WeekClinician>,
    /// The shifts.
    pub shifts: Vec<WeekShift>,
    /// Whether shifts have two lengths per block (then `per_week.max_hours` is a knapsack).
    pub lengths: bool,
}

/// Random problems over Monday 7 – Wednesday 16 December 2026 (one whole calendar week and
/// one the horizon cuts) at one site: up to `max_clinicians` GPs, each with a random subset
/// of the weekly limits and an indemnity (every gp shift requires it, by `required_skills`)
/// that may lapse inside the horizon; up to `max_shifts` shifts in three blocks whose shifts
/// overlap within a block and never across blocks.
pub fn week_spec(max_clinicians: usize, max_shifts: usize) -> impl Strategy<Value = WeekSpec> {
    let w = |p: f64, lo: u8, hi: u8| proptest::option::weighted(p, lo..hi);
    let clinician = (
        40u32..120,
        w(0.2, 1, 5),
        w(0.5, 0, 3),
        w(0.3, 4, 14),
        w(0.3, 1, 3),
        w(0.3, 0, 10),
        w(0.3, 0, 5),
    );
    let shift = (
        0u8..10,
        0u8..3,
        any::<bool>(),
        0u8..3,
        prop_oneof![Just(300u32), Just(1000), Just(3000)],
    );
    (
        proptest::collection::vec(clinician, 1..=max_clinicians),
        proptest::collection::vec(shift, 1..=max_shifts),
        any::<bool>(),
    )
        .prop_map(|(clinicians, shifts, lengths)| WeekSpec {
            clinicians,
            shifts,
            lengths,
        })
}

/// The problem of a [`WeekSpec`].
pub fn build_weeks(spec: &WeekSpec) -> Problem {
    let date = |d: u32| format!("2026-12-{:02}", 7 + d);
    let clinicians: Vec<Value> = spec
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, &(rate, max, wmax, wmax_h, wmin, until, target))| {
            let mut limits = serde_json::Map::new();
            if let Some(m) = max {
                limits.insert("max_shifts".into(), json!(m));
            }
            let mut per_week = serde_json::Map::new();
            if let Some(m) = wmax {
                per_week.insert("max_shifts".into(), json!(m));
            }
            if let Some(m) = wmax_h {
                per_week.insert("max_hours".into(), json!(m));
            }
            // A minimum above its maximum is invalid input; keep them consistent.
            if let Some(m) = wmin.filter(|&m| wmax.is_none_or(|x| m <= x)) {
                per_week.insert("min_shifts".into(), json!(m));
            }
            if !per_week.is_empty() {
                limits.insert("per_week".into(), Value::Object(per_week));
            }
            let indemnity = match until {
                Some(d) => json!({"name": "indemnity", "valid_until": date(u32::from(d))}),
                None => json!("indemnity"),
            };
            let mut c = json!({"id": format!("C{i}"), "roles": ["gp"], "rate_per_hour": rate,
                               "skills": [indemnity], "limits": limits});
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
        .map(|(i, &(day, block, long, headcount, penalty))| {
            let (from, to, kind) = BLOCKS[block as usize];
            let to = to + u32::from(long && spec.lengths);
            let d = date(u32::from(day));
            json!({"id": format!("S{i}"), "site": "P1", "role": "gp", "kind": kind,
                   "start": format!("{d}T{from:02}:00"), "end": format!("{d}T{to:02}:00"),
                   "headcount": headcount, "unfilled_penalty": penalty})
        })
        .collect();
    problem(json!({
        "timezone": "Europe/London",
        "horizon": {"start": "2026-12-07", "end": "2026-12-16"},
        "sites": [{"id": "P1"}],
        "clinicians": clinicians,
        "shifts": shifts,
        "required_skills": {"gp": ["indemnity"]},
        "weights": {"fairness": 40},
    }))
}
