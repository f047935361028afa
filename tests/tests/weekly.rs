//! The weekly limits and dated credentials of schema revision 1.1 across the solvers: the
//! flow (where the weekly limits nest), the MIP and decompose against brute force on tiny
//! problems and against each other on small ones, every roster through the evaluator; and a
//! four-week rota that horizon-wide limits alone would overload in one week, solved both
//! ways.

use proptest::prelude::*;
use rotaflow::{Index, Method, Problem, Roster, Rule, SolveOptions, Status, flow_obstacles};
use rotaflow_tests::{brute_force, build_weeks, config, problem, week_spec};
use serde_json::{Value, json};

fn solve(problem: &Problem, method: Method) -> Roster {
    let mut o = SolveOptions::new();
    o.method = Some(method);
    match rotaflow::solve(problem, &o) {
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
        let obj = roster.objective.expect("objective");
        prop_assert!(roster.bound.expect("bound") <= obj + 1e-9);
    } else {
        prop_assert!(roster.reason.is_some());
    }
    Ok(())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// `roster` is optimal at `best` (or infeasible when `best` is `None`).
fn agrees(name: &str, roster: &Roster, best: Option<f64>) -> Result<(), TestCaseError> {
    match best {
        Some(best) => {
            prop_assert_eq!(
                roster.status,
                Status::Optimal,
                "{}: {:?}",
                name,
                roster.reason
            );
            let obj = roster.objective.expect("objective");
            prop_assert!(close(obj, best), "{} {} vs {}", name, obj, best);
        }
        None => prop_assert_eq!(roster.status, Status::Infeasible, "{}", name),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    /// On tiny problems with weekly limits and lapsing credentials, the MIP, decompose and
    /// (when the weekly limits nest) the flow find the brute-force optimum, or all say
    /// infeasible when no roster exists.
    #[test]
    fn weekly_rules_against_brute_force(spec in week_spec(3, 7)) {
        let problem = build_weeks(&spec);
        let index = Index::build(&problem).expect("valid");
        prop_assume!(index.eligible_pair_count() <= 14);
        let best = brute_force(&problem).map(|(v, _)| v);
        let mip = solve(&problem, Method::Mip);
        checked(&problem, &mip)?;
        agrees("mip", &mip, best)?;
        let dec = solve(&problem, Method::Decompose);
        checked(&problem, &dec)?;
        match best {
            Some(best) => {
                prop_assert!(matches!(dec.status, Status::Optimal | Status::Feasible), "{:?}", dec.reason);
                prop_assert!(dec.bound.expect("bound") <= best + 1e-6 * (1.0 + best.abs()));
                if dec.status == Status::Optimal {
                    prop_assert!(close(dec.objective.expect("objective"), best));
                }
            }
            None => prop_assert_eq!(dec.status, Status::Infeasible),
        }
        if flow_obstacles(&index).is_empty() {
            let flow = solve(&problem, Method::Flow);
            checked(&problem, &flow)?;
            agrees("flow", &flow, best)?;
        }
    }

    /// On small problems the flow (where representable), the MIP and decompose agree.
    #[test]
    fn weekly_solvers_agree(spec in week_spec(6, 16)) {
        let problem = build_weeks(&spec);
        let index = Index::build(&problem).expect("valid");
        let mip = solve(&problem, Method::Mip);
        checked(&problem, &mip)?;
        let dec = solve(&problem, Method::Decompose);
        checked(&problem, &dec)?;
        prop_assert_eq!(mip.status == Status::Infeasible, dec.status == Status::Infeasible);
        let best = (mip.status == Status::Optimal).then(|| mip.objective.expect("objective"));
        if let Some(best) = best {
            prop_assert!(dec.bound.expect("bound") <= best + 1e-6 * (1.0 + best.abs()));
            if dec.status == Status::Optimal {
                prop_assert!(close(dec.objective.expect("objective"), best));
            }
        }
        if flow_obstacles(&index).is_empty() {
            let flow = solve(&problem, Method::Flow);
            checked(&problem, &flow)?;
            match mip.status {
                Status::Infeasible => prop_assert_eq!(flow.status, Status::Infeasible),
                Status::Optimal => agrees("flow", &flow, best)?,
                other => prop_assert!(false, "unexpected MIP status {:?}", other),
            }
        }
    }
}

/// Four weeks (Monday 4 – Sunday 31 January 2027) of one GP with `limits`, two AM sessions
/// wanted in each week (more urgent in the first) and six still more urgent ones in the
/// first.
fn four_weeks(limits: Value) -> Problem {
    let mut shifts = Vec::new();
    let mut add = |day: u32, kind: &str, from: &str, to: &str, penalty: u32| {
        let d = format!("2027-01-{:02}", 4 + day);
        shifts.push(
            json!({"id": format!("S{:02}{kind}", day), "site": "P1", "role": "gp",
                           "kind": kind, "start": format!("{d}T{from}"), "end": format!("{d}T{to}"),
                           "unfilled_penalty": penalty}),
        );
    };
    for week in 0..4 {
        let penalty = if week == 0 { 1500 } else { 1000 };
        add(7 * week, "AM", "08:30", "12:30", penalty);
        add(7 * week + 2, "AM", "08:30", "12:30", penalty);
    }
    for day in [0, 1, 2, 3, 4] {
        add(day, "PM", "13:30", "17:30", 3000);
    }
    add(1, "AM", "08:30", "12:30", 3000);
    problem(json!({
        "timezone": "Europe/London",
        "horizon": {"start": "2027-01-04", "end": "2027-01-31"},
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "GP1", "roles": ["gp"], "rate_per_hour": 90, "limits": limits}],
        "shifts": shifts,
    }))
}

/// Shifts of `roster` in each of the four weeks.
fn per_week(problem: &Problem, roster: &Roster) -> Vec<usize> {
    let mut out = vec![0; 4];
    for a in &roster.assignments {
        let s = problem
            .shifts
            .iter()
            .find(|s| s.id == a.shift)
            .expect("shift");
        let day: u32 = s.id[1..3].parse().expect("day");
        out[(day / 7) as usize] += 1;
    }
    out
}

/// Horizon-wide limits alone (8 shifts, 32 hours over four weeks) let the solvers put all
/// eight in the first week, where the urgent sessions are; with `per_week` (3 shifts and
/// 12 hours a week) every solver spreads them, and the evaluator flags the first roster
/// against the weekly rules.
#[test]
fn four_weeks_horizon_limits_overload_one_week_weekly_limits_do_not() {
    let horizon = four_weeks(json!({"max_shifts": 8, "max_hours": 32}));
    let weekly = four_weeks(json!({"max_shifts": 8, "max_hours": 32,
                                   "per_week": {"max_shifts": 3, "max_hours": 12, "min_shifts": 1}}));
    for method in [Method::Flow, Method::Mip, Method::Decompose] {
        let loose = solve(&horizon, method);
        assert_eq!(
            loose.status,
            Status::Optimal,
            "{method}: {:?}",
            loose.reason
        );
        assert_eq!(per_week(&horizon, &loose), vec![8, 0, 0, 0], "{method}");
        let e = rotaflow::score(&weekly, &loose.assignments).expect("scores");
        let rules: Vec<Rule> = e.breaches.iter().map(|b| b.rule).collect();
        assert!(
            rules.contains(&Rule::MaxShiftsPerWeek),
            "{method}: {rules:?}"
        );
        assert!(
            rules.contains(&Rule::MaxHoursPerWeek),
            "{method}: {rules:?}"
        );
        assert!(
            rules.contains(&Rule::MinShiftsPerWeek),
            "{method}: {rules:?}"
        );

        let tight = solve(&weekly, method);
        assert_eq!(
            tight.status,
            Status::Optimal,
            "{method}: {:?}",
            tight.reason
        );
        let weeks = per_week(&weekly, &tight);
        assert_eq!(weeks.iter().sum::<usize>(), 8, "{method}: {weeks:?}");
        assert!(
            weeks.iter().all(|&n| (1..=3).contains(&n)),
            "{method}: {weeks:?}"
        );
        assert_eq!(weeks[0], 3, "{method}: {weeks:?}");
        let e = rotaflow::score(&weekly, &tight.assignments).expect("scores");
        assert!(e.is_feasible(), "{method}: {:?}", e.breaches);
        assert_eq!(tight.objective, Some(e.score.total));
    }
}

/// A weekly minimum no roster can meet is diagnosed by the flow and the MIP with the rule's
/// name.
#[test]
fn weekly_minimum_that_cannot_be_met_is_diagnosed() {
    let p = four_weeks(json!({"per_week": {"min_shifts": 3}}));
    for method in [Method::Flow, Method::Mip, Method::Decompose] {
        let r = solve(&p, method);
        assert_eq!(r.status, Status::Infeasible, "{method}");
        let reason = r.reason.expect("reason");
        assert!(reason.contains("per_week.min_shifts"), "{method}: {reason}");
    }
}
