//! Progress reports ([`rotaflow::Progress`]): every method ends with one report carrying
//! the roster's own values, a report never changes the roster, reports while searching
//! are at least [`rotaflow::PROGRESS_INTERVAL`] apart, and a progress function can stop
//! the decomposition solver, which returns its best roster.

use std::sync::{Arc, Mutex};

use rotaflow::{
    Method, PROGRESS_INTERVAL, Problem, Progress, ProgressFn, SolveOptions, Status, Stop,
};

fn rules_week(clinicians: usize, seed: u64) -> Problem {
    rotaflow_tests::rules_week(clinicians, 10, seed)
}

/// A function collecting every report, and the list.
fn collecting() -> (ProgressFn, Arc<Mutex<Vec<Progress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    (
        ProgressFn::new(move |p| log.lock().expect("the log").push(p.clone())),
        seen,
    )
}

/// Reports while searching keep the interval; the last is the only `done` one.
fn check_reports(reports: &[Progress]) {
    let (last, searching) = reports.split_last().expect("at least the last report");
    assert!(last.done, "{last:?}");
    assert!(searching.iter().all(|p| !p.done));
    for w in searching.windows(2) {
        assert!(
            w[1].elapsed_s - w[0].elapsed_s >= PROGRESS_INTERVAL.as_secs_f64() - 1e-9,
            "{:?} then {:?}",
            w[0],
            w[1]
        );
        assert!(w[1].elapsed_s >= w[0].elapsed_s);
    }
    for p in reports {
        if let (Some(o), Some(b)) = (p.objective, p.bound) {
            assert!(b <= o, "{p:?}");
            assert!(p.gap.is_some_and(|g| g >= 0.0), "{p:?}");
        }
        if let Some(t) = p.first_roster_s {
            assert!(t <= p.elapsed_s + 1e-9, "{p:?}");
        }
    }
}

#[test]
fn every_method_ends_with_the_rosters_values_and_reports_change_nothing() {
    let problems = [
        (
            rotaflow_synth::generate(&rotaflow_synth::GenerateOptions {
                clinicians: 30,
                sites: 4,
                days: 7,
                seed: 3,
                ..rotaflow_synth::GenerateOptions::default()
            })
            .expect("generates"),
            vec![Method::Flow, Method::Mip, Method::Decompose, Method::Auto],
        ),
        (
            rules_week(12, 2),
            vec![Method::Mip, Method::Decompose, Method::Auto],
        ),
    ];
    for (p, methods) in problems {
        for method in methods {
            let plain =
                rotaflow::solve(&p, &SolveOptions::new().with_method(method)).expect("solves");
            let (sink, seen) = collecting();
            let options = SolveOptions::new().with_method(method).with_progress(sink);
            let followed = rotaflow::solve(&p, &options).expect("solves");
            assert_eq!(plain.to_json(), followed.to_json(), "{method}");
            let reports = seen.lock().expect("the log").clone();
            check_reports(&reports);
            let last = reports.last().expect("a report");
            assert_eq!(last.method, followed.method, "{method}");
            assert_eq!(
                (last.objective, last.bound, last.gap),
                (followed.objective, followed.bound, followed.gap),
                "{method}"
            );
            assert!(last.first_roster_s.is_some(), "{method}: {last:?}");
        }
    }
}

#[test]
fn an_infeasible_problem_ends_with_a_report_without_a_roster() {
    // A clinician who must work two sessions, with one to work.
    let p = Problem::from_json(
        r#"{"sites": [{"id": "P1"}],
            "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100,
                            "limits": {"min_shifts": 2}}],
            "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                        "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#,
    )
    .expect("valid");
    for method in [Method::Mip, Method::Decompose] {
        let (sink, seen) = collecting();
        let roster = rotaflow::solve(
            &p,
            &SolveOptions::new().with_method(method).with_progress(sink),
        )
        .expect("solves");
        assert_eq!(roster.status, Status::Infeasible, "{method}");
        let reports = seen.lock().expect("the log").clone();
        check_reports(&reports);
        let last = reports.last().expect("a report");
        assert_eq!(
            (last.objective, last.first_roster_s),
            (None, None),
            "{method}"
        );
    }
}

#[test]
fn a_progress_function_stops_decompose_which_returns_its_best_roster() {
    let p = rules_week(90, 5);
    let (sink, seen) = collecting();
    let stop = Stop::new();
    let asked = stop.clone();
    let stopping = ProgressFn::new(move |report| {
        sink.call(report);
        if report.objective.is_some() && !report.done {
            asked.request();
        }
    });
    let mut options = SolveOptions::new()
        .with_method(Method::Decompose)
        .with_stop(stop.clone())
        .with_progress(stopping);
    // Far beyond what the test waits for: only the stop ends the search early.
    options.time_limit_s = Some(3600.0);
    let roster = rotaflow::solve(&p, &options).expect("solves");
    let reports = seen.lock().expect("the log").clone();
    check_reports(&reports);
    assert!(
        stop.is_requested(),
        "no report with a roster came: {reports:?}"
    );
    assert!(
        matches!(roster.status, Status::Feasible | Status::Optimal),
        "{:?} {:?}",
        roster.status,
        roster.reason
    );
    let e = rotaflow::score(&p, &roster.assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    let last = reports.last().expect("a report");
    assert_eq!(last.objective, roster.objective);
    // The roster returned is at least as good as any reported before the stop.
    let best = reports
        .iter()
        .filter_map(|r| r.objective)
        .fold(f64::INFINITY, f64::min);
    assert!(roster.objective.expect("objective") <= best + 1e-6 * (1.0 + best.abs()));
}
