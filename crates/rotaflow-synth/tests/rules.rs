//! The rules family: a valid problem, every rule of the family present and binding (the
//! flow names it as an obstacle), the same bytes every time, a roster the MIP finds, and
//! the replan flavour's published roster, pins and cancellations.

use std::collections::BTreeSet;

use rotaflow::{Index, Method, Problem, SolveOptions, Status};
use rotaflow_synth::{Family, GenerateOptions, generate};

fn rules(clinicians: usize, sites: usize, days: usize, replan: bool) -> GenerateOptions {
    GenerateOptions {
        clinicians,
        sites,
        days,
        seed: 3,
        family: Family::Rules,
        replan,
        ..GenerateOptions::default()
    }
}

fn valid(options: &GenerateOptions) -> Problem {
    let problem = generate(options).expect("generates");
    // Through the document, as a user reads it.
    Problem::from_json(&problem.to_json()).expect("the generated problem is valid")
}

/// The rules the flow names as in its way, i.e. the rules that bind on some clinician.
fn binding(problem: &Problem) -> BTreeSet<String> {
    let index = Index::build(problem).expect("valid");
    rotaflow::flow_obstacles(&index)
        .into_iter()
        .map(|o| o.rule.to_string())
        .collect()
}

#[test]
fn every_rule_of_the_family_is_present_and_binds() {
    for days in [7, 28] {
        let problem = valid(&rules(300, 40, days, false));
        let binds = binding(&problem);
        for rule in [
            "overlap",
            "max_hours",
            "min_rest_hours",
            "max_consecutive_days",
            "max_weekends",
            "max_per_kind",
            "forbidden_successions",
        ] {
            assert!(
                binds.contains(rule),
                "{days} days: {rule} does not bind: {binds:?}"
            );
        }
        assert!(
            problem
                .clinicians
                .iter()
                .any(|c| c.limits.min_shifts.is_some_and(|m| m > 0)),
            "salaried minimums"
        );
        let kinds: BTreeSet<&str> = problem
            .shifts
            .iter()
            .filter_map(|s| s.kind.as_deref())
            .collect();
        assert_eq!(kinds, BTreeSet::from(["AM", "EVE", "HV", "PM"]));
        // Hours caps of 37.5 to 48 a week (part-timers less), scaled to the horizon.
        let weeks = days as f64 / 7.0;
        assert!(problem.clinicians.iter().all(|c| {
            c.limits
                .max_hours
                .is_some_and(|h| (20.0 * weeks..=48.0 * weeks).contains(&h))
        }));
        // About 4 sessions per clinician a week.
        let per_week = problem.shifts.len() as f64 / 300.0 / weeks;
        assert!(
            (3.5..4.8).contains(&per_week),
            "{per_week} sessions per clinician a week"
        );
    }
}

#[test]
fn the_same_options_give_the_same_bytes_and_the_flow_family_is_untouched() {
    let options = rules(200, 24, 7, true);
    let a = generate(&options).expect("generates").to_json();
    let b = generate(&options).expect("generates").to_json();
    assert_eq!(a, b);
    let flow = GenerateOptions {
        family: Family::Flow,
        replan: false,
        ..options
    };
    let flow = generate(&flow).expect("generates");
    assert!(
        binding(&flow).is_empty(),
        "the flow family stays flow-representable"
    );
}

#[test]
fn the_mip_finds_a_roster_on_a_small_rules_week() {
    let problem = valid(&rules(40, 6, 7, false));
    let mut options = SolveOptions::new().with_method(Method::Mip);
    options.time_limit_s = Some(60.0);
    let roster = rotaflow::solve(&problem, &options).expect("solves");
    assert!(
        matches!(roster.status, Status::Optimal | Status::Feasible),
        "{:?}: {:?}",
        roster.status,
        roster.reason
    );
    let check = rotaflow::score(&problem, &roster.assignments).expect("scores");
    assert!(check.is_feasible(), "{:?}", check.breaches);
}

#[test]
fn a_replan_has_a_published_roster_pins_and_cancellations() {
    let problem = valid(&rules(300, 40, 7, true));
    assert!(
        problem.previous.len() > 300,
        "{} published",
        problem.previous.len()
    );
    assert!(!problem.pinned.is_empty());
    assert!(problem.weights.change > 0.0);
    let first_day = &problem.horizon.as_ref().expect("horizon").start;
    assert!(problem.pinned.iter().all(|pin| {
        let shift = problem
            .shifts
            .iter()
            .find(|s| s.id == pin.shift)
            .expect("shift");
        shift.start.starts_with(first_day.as_str()) && problem.previous.contains(pin)
    }));
    // The published roster breaks only what the cancellations broke: the cancelled
    // clinicians' later sessions, which they can no longer work.
    let cancelled: BTreeSet<&str> = problem
        .clinicians
        .iter()
        .filter(|c| {
            c.unavailable
                .iter()
                .any(|u| u.end.ends_with("T00:00") && u.start > *first_day)
        })
        .map(|c| c.id.as_str())
        .collect();
    assert!(!cancelled.is_empty());
    let published = rotaflow::score(&problem, &problem.previous).expect("scores");
    assert!(
        !published.breaches.is_empty(),
        "the cancellations must matter"
    );
    for breach in &published.breaches {
        let who = breach.clinician.as_deref().unwrap_or_default();
        assert!(cancelled.contains(who), "{breach:?}");
    }
    // The pins alone keep every rule but the minimums (a partial roster).
    let pins = rotaflow::score(&problem, &problem.pinned).expect("scores");
    assert!(
        pins.breaches
            .iter()
            .all(|b| b.rule.as_str().starts_with("min_")),
        "{:?}",
        pins.breaches
    );
}

#[test]
fn a_national_rules_week_has_its_regions() {
    let problem = generate(&GenerateOptions {
        family: Family::Rules,
        ..GenerateOptions::national()
    })
    .expect("generates");
    let regions: BTreeSet<&str> = problem.sites.iter().map(|s| &s.id[..3]).collect();
    assert_eq!(regions.len(), 42);
    assert!(problem.shifts.len() > 150_000, "{}", problem.shifts.len());
    assert_eq!(problem.forbidden_successions.len(), 1);
}
