//! The rules family: a valid problem, every rule of the family present and binding (the
//! flow names it as an obstacle), the same bytes every time, a roster the MIP finds, and
//! the replan flavour's published roster, pins and cancellations.

use std::collections::BTreeSet;

use rotaflow::{ClinicianIdx, Index, Ineligible, Method, Problem, Skill, SolveOptions, Status};
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
    // Revision 1.1 stays out of the flow family.
    assert!(flow.required_skills.is_empty());
    assert!(flow.clinicians.iter().all(|c| {
        c.limits.per_week.is_none() && c.skills.iter().all(|k| matches!(k, Skill::Always(_)))
    }));
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

/// GPs' dated credentials (revision 1.1): every GP holds the three `required_skills` of gp
/// sessions; a few lapse inside the horizon (their later sessions ineligible, named as a
/// lapsed credential), a few are renewed (a second entry from the next day), and nobody
/// else holds dated credentials.
#[test]
fn gps_hold_dated_credentials_a_few_lapse_and_a_few_are_renewed() {
    let problem = valid(&rules(1000, 120, 14, false));
    let index = Index::build(&problem).expect("valid");
    let names = ["performers_list", "indemnity", "dbs"];
    assert_eq!(
        problem.required_skills,
        [("gp".to_owned(), names.map(str::to_owned).to_vec())].into()
    );
    let horizon = problem.horizon.as_ref().expect("horizon");
    let (first, last) = (horizon.start.as_str(), horizon.end.as_str());
    let (mut gps, mut lapsed, mut renewed) = (0, 0, 0);
    for (i, c) in problem.clinicians.iter().enumerate() {
        let dated: Vec<&Skill> = c
            .skills
            .iter()
            .filter(|k| matches!(k, Skill::Dated(_)))
            .collect();
        if !c.roles.iter().any(|r| r == "gp") {
            assert!(dated.is_empty(), "{c:?}");
            continue;
        }
        gps += 1;
        // Held on the horizon's first day, by name, and dated as a planner would date
        // them: ISO dates (compared as text), in order.
        for name in names {
            assert!(
                dated.iter().any(|k| k.name() == name
                    && k.valid_from().is_none_or(|f| f <= first)
                    && k.valid_until().is_none_or(|u| first <= u)),
                "{} lacks {name} on {first}: {dated:?}",
                c.id
            );
        }
        for k in &dated {
            if let (Some(f), Some(u)) = (k.valid_from(), k.valid_until()) {
                assert!(f <= u, "{k:?}");
            }
        }
        let ends_inside: Vec<&&Skill> = dated
            .iter()
            .filter(|k| k.valid_until().is_some_and(|u| first <= u && u < last))
            .collect();
        assert!(ends_inside.len() <= 1, "{dated:?}");
        let Some(ending) = ends_inside.first() else {
            continue;
        };
        let until = ending.valid_until().expect("until");
        let renewal = dated
            .iter()
            .find(|k| k.name() == ending.name() && k.valid_from() > Some(until));
        // Each gp session after the end (without skills of its own, which are checked
        // first): eligible with a renewal, else not, for the credential's sake.
        let after: Vec<usize> = problem
            .shifts
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == "gp" && s.skills.is_empty() && &s.start[..10] > until)
            .map(|(j, _)| j)
            .collect();
        assert!(!after.is_empty());
        let c = ClinicianIdx(i as u32);
        match renewal {
            Some(r) => {
                renewed += 1;
                let next = r.valid_from().expect("from");
                assert!(next > until, "{r:?}");
                assert!(
                    after.iter().all(|&j| !matches!(
                        index.ineligibility(c, rotaflow::ShiftIdx(j as u32)),
                        Some(Ineligible::SkillNotValid { .. })
                    )),
                    "{} renewed",
                    problem.clinicians[i].id
                );
            }
            None => {
                lapsed += 1;
                // Skills are checked right after the role: the lapse is the reason.
                for &j in &after {
                    let why = index.ineligibility(c, rotaflow::ShiftIdx(j as u32));
                    assert!(
                        matches!(&why, Some(Ineligible::SkillNotValid { skill, until: Some(u), .. })
                            if skill == ending.name() && u.to_string() == until),
                        "{why:?}"
                    );
                }
            }
        }
    }
    // About 3 % each of some 600 GPs.
    assert!((300..900).contains(&gps), "{gps} GPs");
    for (what, n) in [("lapsed", lapsed), ("renewed", renewed)] {
        let share = n as f64 / gps as f64;
        assert!((0.01..0.06).contains(&share), "{n} of {gps} {what}");
    }
}

/// Weekly session caps (revision 1.1): `per_week.max_shifts` 3 to 8 for a share of locum
/// GPs, none for salaried GPs or other roles; the caps can bind (a capped GP eligible for
/// more sessions in a week than the cap), and the witness roster (the replan flavour's
/// published roster) keeps them.
#[test]
fn a_share_of_locum_gps_have_weekly_session_caps_that_can_bind() {
    let options = GenerateOptions {
        weekly_caps: true,
        ..rules(300, 40, 14, true)
    };
    let problem = valid(&options);
    // Without the option, the same sessions and credentials (the witness, and with it
    // the minimums and the published roster, may differ).
    let uncapped = generate(&GenerateOptions {
        weekly_caps: false,
        ..options.clone()
    })
    .expect("generates");
    assert!(
        uncapped
            .clinicians
            .iter()
            .all(|c| c.limits.per_week.is_none())
    );
    assert!(
        problem
            .clinicians
            .iter()
            .zip(&uncapped.clinicians)
            .all(|(a, b)| a.skills == b.skills && a.availability == b.availability)
    );
    let (capped, uncapped) = (&problem, &uncapped);
    assert_eq!(capped.shifts, uncapped.shifts);
    let index = Index::build(&problem).expect("valid");
    let (mut locums, mut capped, mut can_bind) = (0, 0, 0);
    for (i, c) in problem.clinicians.iter().enumerate() {
        let gp = c.roles.iter().any(|r| r == "gp");
        let locum = gp && c.target_shifts.is_none();
        locums += usize::from(locum);
        let Some(w) = &c.limits.per_week else {
            continue;
        };
        assert!(locum, "{c:?}");
        let cap = w.max_shifts.expect("max_shifts");
        assert!((3..=8).contains(&cap), "{cap}");
        assert_eq!((w.max_hours, w.min_shifts), (None, None));
        capped += 1;
        let mut per_week = vec![0i64; index.weeks().len()];
        for &s in index.eligible_for_clinician(ClinicianIdx(i as u32)) {
            per_week[index.week_of_day()[index.shift(s).day as usize] as usize] += 1;
        }
        can_bind += usize::from(per_week.iter().any(|&n| n > cap));
    }
    let share = capped as f64 / locums as f64;
    assert!((0.25..0.55).contains(&share), "{capped} of {locums} locums");
    assert!(can_bind > 0, "no weekly cap can bind");
    let published = rotaflow::score(&problem, &problem.previous).expect("scores");
    assert!(
        published
            .breaches
            .iter()
            .all(|b| !b.rule.as_str().ends_with("_per_week")),
        "{:?}",
        published.breaches
    );
}
