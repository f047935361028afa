//! Property tests of the operations against re-solving: recommend's exact deltas equal
//! the optimum with the pair pinned, what-if's marginal values equal the optimum with
//! one more unit, and a replan with a large change weight moves only the cancelled
//! clinician's shifts and their direct replacements.

use proptest::prelude::*;
use rotaflow::{Assignment, Change, Problem, SolveOptions, Status};
use rotaflow_tests::{build, config, small_spec};
use serde_json::json;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// The optimum, or `None` when infeasible or refused.
fn optimum(problem: &Problem) -> Option<f64> {
    match rotaflow::solve(problem, &SolveOptions::new()) {
        Ok(r) if r.status == Status::Optimal => r.objective,
        _ => None,
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// For every shift, every candidate's delta equals re-solving with the pair pinned,
    /// and applying its moves gives a feasible roster with that objective.
    #[test]
    fn recommend_equals_resolving_with_the_pair_pinned(spec in small_spec(6, 9)) {
        let problem = build(&spec);
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        prop_assume!(roster.status == Status::Optimal);
        let base = roster.objective.expect("objective");
        for shift in &problem.shifts {
            let r = rotaflow::recommend(&problem, &roster.assignments, &shift.id, 0)
                .expect("recommends");
            prop_assert_eq!(&r.method, "residual");
            for c in &r.candidates {
                let mut pinned = problem.clone();
                pinned.pinned.push(Assignment::new(&shift.id, &c.clinician));
                let expected = optimum(&pinned).map(|o| o - base);
                match (c.delta, expected) {
                    (Some(d), Some(e)) => prop_assert!(close(d, e), "{} on {}: {d} vs {e}",
                        c.clinician, shift.id),
                    (None, None) => {}
                    (d, e) => prop_assert!(false, "{} on {}: {d:?} vs {e:?}", c.clinician, shift.id),
                }
                if let Some(objective) = c.objective {
                    let mut next: Vec<Assignment> = roster
                        .assignments
                        .iter()
                        .filter(|a| !c.removed.contains(a))
                        .cloned()
                        .collect();
                    next.extend(c.added.iter().cloned());
                    let e = rotaflow::score(&problem, &next).expect("scores");
                    prop_assert!(e.is_feasible(), "{:?}", e.breaches);
                    prop_assert!(close(e.score.total, objective));
                }
            }
            // Ranked by delta.
            let deltas: Vec<f64> = r.candidates.iter().filter_map(|c| c.delta).collect();
            prop_assert!(deltas.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    /// Each marginal value equals the fall of the optimum with one more unit: a free
    /// one-session clinician for the role, site and day; `max_shifts` one higher.
    #[test]
    fn whatif_equals_resolving_with_one_more_unit(spec in small_spec(6, 9)) {
        let problem = build(&spec);
        let Some(base) = optimum(&problem) else { return Ok(()); };
        let w = rotaflow::whatif(&problem, 0).expect("whatif");
        prop_assert!(close(w.objective, base));
        let index = rotaflow::Index::build(&problem).expect("valid");
        let mut groups = std::collections::BTreeSet::new();
        for (i, s) in problem.shifts.iter().enumerate() {
            let day = index.days()[index.shifts()[i].day as usize].to_string();
            groups.insert((s.role.clone(), s.site.clone(), day));
        }
        for (role, site, day) in groups {
            let value = w
                .sessions
                .iter()
                .find(|v| v.role == role && v.site == site && v.day == day)
                .map_or(0.0, |v| v.value);
            let mut more = problem.clone();
            let (lat, lon) = if site == "P1" { (53.45, -2.25) } else { (53.50, -2.10) };
            let mut extra: rotaflow::Clinician = serde_json::from_value(json!({
                "id": "EXTRA", "roles": [role], "home": {"lat": lat, "lon": lon},
                "limits": {"max_shifts": 1},
            }))
            .expect("clinician");
            extra.excluded_sites = problem
                .sites
                .iter()
                .filter(|x| x.id != site)
                .map(|x| x.id.clone())
                .collect();
            more.clinicians.push(extra);
            for (i, s) in more.shifts.iter_mut().enumerate() {
                let d = index.days()[index.shifts()[i].day as usize].to_string();
                if d != day {
                    s.excluded_clinicians.push("EXTRA".to_owned());
                }
            }
            let after = optimum(&more).expect("still feasible");
            prop_assert!(close(base - after, value), "{role} at {site} on {day}: {} vs {value}",
                base - after);
        }
        for c in &problem.clinicians {
            let Some(max) = c.limits.max_shifts else { continue };
            let value = w
                .clinicians
                .iter()
                .find(|v| v.clinician == c.id)
                .map_or(0.0, |v| v.value);
            let mut more = problem.clone();
            for x in &mut more.clinicians {
                if x.id == c.id {
                    x.limits.max_shifts = Some(max + 1);
                }
            }
            let after = optimum(&more).expect("still feasible");
            prop_assert!(close(base - after, value), "{}: {} vs {value}", c.id, base - after);
        }
    }

    /// With a large change weight, cancelling a clinician removes only their pairs, and
    /// adds pairs only on the shifts they left.
    #[test]
    fn replan_with_a_large_change_weight_moves_only_the_cancelled(spec in small_spec(6, 10)) {
        let problem = build(&spec);
        let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
        prop_assume!(roster.status == Status::Optimal);
        let Some(busiest) = roster.clinicians.iter().filter(|c| c.shifts > 0)
            .max_by_key(|c| c.shifts) else { return Ok(()); };
        let who = busiest.id.clone();
        let theirs: Vec<&str> = roster
            .assignments
            .iter()
            .filter(|a| a.clinician == who)
            .map(|a| a.shift.as_str())
            .collect();
        let cancel = Change::Cancel { clinician: who.clone(), from: None };
        let r = rotaflow::replan(&problem, &roster.assignments, &[cancel], Some(1e6),
            &SolveOptions::new()).expect("replans");
        // Their minimum can make the repaired problem infeasible.
        prop_assume!(r.roster.status == Status::Optimal);
        for a in &r.diff.removed {
            prop_assert_eq!(&a.clinician, &who);
        }
        prop_assert_eq!(r.diff.removed.len(), theirs.len());
        for a in &r.diff.added {
            prop_assert!(theirs.contains(&a.shift.as_str()), "{:?} is not a replacement", a);
        }
        prop_assert!(r.diff.moved.is_empty());
    }
}

/// Times explain, recommend and what-if on the ICS-sized generated week (1,000
/// clinicians, ~2,500 sessions). Run with
/// `cargo test --release -p rotaflow-tests --test ops -- --ignored --nocapture`.
#[test]
#[ignore = "timing on a 1,000-clinician week; run in release"]
fn timing_on_a_thousand_clinician_week() {
    use std::time::Instant;
    let problem = rotaflow_synth::generate(&rotaflow_synth::GenerateOptions {
        seed: 1,
        ..rotaflow_synth::GenerateOptions::default()
    })
    .expect("generates");
    let t = Instant::now();
    let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
    let solve = t.elapsed();
    let t = Instant::now();
    let e = rotaflow::explain(&problem, &roster.assignments).expect("explains");
    let explain = t.elapsed();
    assert_eq!(e.pricing, "residual");
    let shift = e.unfilled[0].shift.clone();
    let t = Instant::now();
    let r = rotaflow::recommend(&problem, &roster.assignments, &shift, 5).expect("recommends");
    let recommend = t.elapsed();
    let filled = roster.assignments[0].shift.clone();
    let t = Instant::now();
    rotaflow::recommend(&problem, &roster.assignments, &filled, 5).expect("recommends");
    let recommend_filled = t.elapsed();
    let t = Instant::now();
    rotaflow::whatif(&problem, 10).expect("whatif");
    let whatif = t.elapsed();
    let t = Instant::now();
    rotaflow::report_html(&problem, &roster).expect("report");
    let report = t.elapsed();
    let line = format!(
        "1000-clinician week ({} shifts, {} unfilled): solve {solve:?}, explain {explain:?}, \
         recommend {recommend:?} (unfilled {shift}, {} candidates), recommend {recommend_filled:?} \
         (filled {filled}), whatif {whatif:?}, report {report:?}\n",
        problem.shifts.len(),
        e.unfilled.len(),
        r.considered
    );
    std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).expect("stderr");
}
