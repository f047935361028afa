//! Progress of a running solve, reported to the caller: the best roster's objective so
//! far, the bound, the gap and the time elapsed, at most once a second, and once more
//! with the roster's own values when the solve ends.
//!
//! The decomposition solver reports as its search goes (its first roster, each column
//! generation round, each neighbourhood); the MIP reports its start (the greedy or
//! repaired roster and the relaxation's bound) before HiGHS runs and then its end (HiGHS
//! gives no progress through its safe interface); the flow reports its end. Reports are made on the solving
//! thread, between steps of the search, so a slow callback slows the solve down and a
//! step that takes longer than a second (one HiGHS solve) delays the next report; a user
//! interface that shows the elapsed time keeps its own clock between reports (the
//! command's progress line does).
//!
//! Reports never change the answer: a solve with a callback returns the same roster, byte
//! for byte, as one without.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::model::Method;
use crate::roster::Roster;

/// The least time between two reports of one solve (the last, at its end, excepted).
pub const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

/// One report of a running solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Seconds since the solve's clock started (the time limit's clock,
    /// [`crate::SolveOptions::started`]).
    pub elapsed_s: f64,
    /// The solve's time limit, seconds.
    pub time_limit_s: f64,
    /// The solver reporting (never `auto`: the one it chose).
    pub method: Method,
    /// The objective of the best roster found so far (`None`: none yet).
    pub objective: Option<f64>,
    /// The best lower bound on every roster's objective proven so far (`None`: none yet).
    pub bound: Option<f64>,
    /// `(objective − bound) / |objective|`, when both are known (as the roster's `gap`).
    pub gap: Option<f64>,
    /// When the first roster was found, seconds since the clock started.
    pub first_roster_s: Option<f64>,
    /// Whether this is the solve's last report: its values are the returned roster's.
    pub done: bool,
}

impl Progress {
    /// The report as a JSON object (what C callbacks receive and Python callbacks get as a
    /// dict): every field above by its name, `null` for a missing value, `method` as its
    /// name.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "elapsed_s": self.elapsed_s,
            "time_limit_s": self.time_limit_s,
            "method": self.method.as_str(),
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "first_roster_s": self.first_roster_s,
            "done": self.done,
        })
        .to_string()
    }

    /// The search's state in words: `best 1698300.50 · bound 1516686.99 · gap 10.69 %`
    /// (`no roster yet` without one; the bound and gap only when known).
    pub fn state(&self) -> String {
        let best = self
            .objective
            .map_or_else(|| "no roster yet".to_owned(), |o| format!("best {o:.2}"));
        let bound = self
            .bound
            .map_or_else(String::new, |b| format!(" · bound {b:.2}"));
        let gap = self
            .gap
            .map_or_else(String::new, |g| format!(" · gap {:.2} %", 100.0 * g));
        format!("{best}{bound}{gap}")
    }
}

/// The report as one line of a log (the command's, and Python's `progress=True`):
/// `12.0 s of 60 s · decompose · best … · bound … · gap … · first roster at 2.1 s`, and
/// ` · done` on the last.
impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.1} s of {} s · {} · {}",
            self.elapsed_s,
            self.time_limit_s,
            self.method,
            self.state()
        )?;
        if let Some(t) = self.first_roster_s {
            write!(f, " · first roster at {t:.1} s")?;
        }
        if self.done {
            f.write_str(" · done")?;
        }
        Ok(())
    }
}

/// A function that receives a solve's [`Progress`] reports (cloning shares it).
///
/// ```
/// use std::sync::{Arc, Mutex};
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let log = Arc::clone(&seen);
/// let options = rotaflow::SolveOptions::new()
///     .with_progress(rotaflow::ProgressFn::new(move |p| log.lock().expect("the log").push(p.clone())));
/// # let problem = rotaflow::Problem::from_json(r#"{"sites": [{"id": "P1"}],
/// #   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100}],
/// #   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
/// #               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#).unwrap();
/// let roster = rotaflow::solve(&problem, &options).unwrap();
/// let last = seen.lock().expect("the log").last().cloned().unwrap();
/// assert!(last.done);
/// assert_eq!(last.objective, roster.objective);
/// ```
#[derive(Clone)]
pub struct ProgressFn(Arc<dyn Fn(&Progress) + Send + Sync>);

impl ProgressFn {
    /// Report to `f`.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        ProgressFn(Arc::new(f))
    }

    /// Give `report` to the function (for a wrapper that passes reports on).
    pub fn call(&self, report: &Progress) {
        (self.0)(report);
    }
}

impl fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressFn(..)")
    }
}

/// Two functions are equal when they are the same function (clones of one).
impl PartialEq for ProgressFn {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A solve's side of the reports: throttles them to [`PROGRESS_INTERVAL`], keeps the best
/// bound told so far (a solver may report a step that has none), and remembers when the
/// first roster was found.
#[derive(Debug)]
pub(crate) struct Reporter {
    sink: Option<ProgressFn>,
    started: Instant,
    time_limit_s: f64,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// When the last report was made.
    reported: Option<Instant>,
    /// When the first roster was found, seconds since `started`.
    first_roster_s: Option<f64>,
    /// The best finite bound told so far.
    bound: Option<f64>,
}

impl Seen {
    /// Note a roster, if `found`, at `elapsed_s`; when the first one was found.
    fn roster(&mut self, found: bool, elapsed_s: f64) -> Option<f64> {
        if found && self.first_roster_s.is_none() {
            self.first_roster_s = Some(elapsed_s);
        }
        self.first_roster_s
    }
}

impl Reporter {
    pub(crate) fn new(sink: Option<ProgressFn>, started: Instant, time_limit_s: f64) -> Self {
        Reporter {
            sink,
            started,
            time_limit_s,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Whether anyone receives the reports.
    pub(crate) fn is_wanted(&self) -> bool {
        self.sink.is_some()
    }

    /// The search's state now: the best objective so far and a bound (either may be
    /// unknown; an infinite bound is none, and a bound below one told before is not
    /// shown). Reported unless the last report was less than [`PROGRESS_INTERVAL`] ago.
    pub(crate) fn update(&self, method: Method, objective: Option<f64>, bound: Option<f64>) {
        let Some(sink) = &self.sink else {
            return;
        };
        let now = Instant::now();
        let elapsed_s = now.duration_since(self.started).as_secs_f64();
        let objective = objective.filter(|o| o.is_finite());
        let (first_roster_s, bound) = {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let first = seen.roster(objective.is_some(), elapsed_s);
            let told = bound.filter(|b| b.is_finite());
            seen.bound = match (seen.bound, told) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            if seen
                .reported
                .is_some_and(|t| now.duration_since(t) < PROGRESS_INTERVAL)
            {
                return;
            }
            seen.reported = Some(now);
            (first, seen.bound)
        };
        sink.call(&Progress {
            elapsed_s,
            time_limit_s: self.time_limit_s,
            method,
            objective,
            bound: match (bound, objective) {
                (Some(b), Some(o)) => Some(b.min(o)),
                (b, _) => b,
            },
            gap: objective
                .zip(bound)
                .map(|(o, b)| super::backend::relative_gap(o, b)),
            first_roster_s,
            done: false,
        });
    }

    /// The last report: the roster's own objective, bound and gap.
    pub(crate) fn finish(&self, roster: &Roster) {
        let Some(sink) = &self.sink else {
            return;
        };
        let elapsed_s = self.started.elapsed().as_secs_f64();
        let first_roster_s = self
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .roster(roster.objective.is_some(), elapsed_s);
        sink.call(&Progress {
            elapsed_s,
            time_limit_s: self.time_limit_s,
            method: roster.method,
            objective: roster.objective,
            bound: roster.bound,
            gap: roster.gap,
            first_roster_s,
            done: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collecting() -> (ProgressFn, Arc<Mutex<Vec<Progress>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        (
            ProgressFn::new(move |p| log.lock().expect("the log").push(p.clone())),
            seen,
        )
    }

    #[test]
    fn reports_are_at_least_an_interval_apart_and_keep_the_first_rosters_time() {
        let (sink, seen) = collecting();
        let reporter = Reporter::new(Some(sink), Instant::now(), 60.0);
        reporter.update(Method::Decompose, None, Some(10.0));
        // Within the interval: not reported, but the first roster's time is kept.
        reporter.update(Method::Decompose, Some(20.0), Some(10.0));
        reporter.update(Method::Decompose, Some(15.0), Some(f64::NEG_INFINITY));
        let seen = seen.lock().expect("the log");
        assert_eq!(seen.len(), 1);
        assert_eq!(
            (seen[0].objective, seen[0].bound, seen[0].gap),
            (None, Some(10.0), None)
        );
        let first = reporter.seen.lock().expect("the log").first_roster_s;
        assert!(first.is_some_and(|t| t >= seen[0].elapsed_s));
    }

    #[test]
    fn a_report_after_the_interval_carries_the_gap_and_the_first_rosters_time() {
        let (sink, seen) = collecting();
        let started = Instant::now() - 2 * PROGRESS_INTERVAL;
        let reporter = Reporter::new(Some(sink), started, 60.0);
        reporter.update(Method::Decompose, Some(200.0), Some(150.0));
        let p = seen.lock().expect("the log")[0].clone();
        assert_eq!(p.gap, Some(0.25));
        assert_eq!(p.first_roster_s, Some(p.elapsed_s));
        assert!(!p.done);
        let json: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
        assert_eq!(json["method"], "decompose");
        assert_eq!(json["gap"], 0.25);
        assert_eq!(json["done"], false);
    }

    #[test]
    fn a_report_without_a_bound_shows_the_best_bound_told_before() {
        let (sink, seen) = collecting();
        let started = Instant::now() - 2 * PROGRESS_INTERVAL;
        let reporter = Reporter::new(Some(sink), started, 60.0);
        reporter.update(Method::Decompose, None, Some(150.0));
        // Throttled, but its bound is kept; a weaker one later does not lower it.
        reporter.update(Method::Decompose, None, Some(160.0));
        reporter.seen.lock().expect("the log").reported = None;
        reporter.update(Method::Decompose, Some(200.0), Some(120.0));
        reporter.seen.lock().expect("the log").reported = None;
        reporter.update(Method::Decompose, Some(190.0), None);
        let seen = seen.lock().expect("the log");
        let bounds: Vec<Option<f64>> = seen.iter().map(|p| p.bound).collect();
        assert_eq!(bounds, [Some(150.0), Some(160.0), Some(160.0)]);
        assert_eq!(seen[2].gap, Some(30.0 / 190.0));
    }

    #[test]
    fn a_report_reads_as_one_line() {
        let p = Progress {
            elapsed_s: 12.04,
            time_limit_s: 60.0,
            method: Method::Decompose,
            objective: Some(1_698_300.5),
            bound: Some(1_516_686.99),
            gap: Some(0.10694),
            first_roster_s: Some(2.13),
            done: false,
        };
        assert_eq!(
            p.to_string(),
            "12.0 s of 60 s · decompose · best 1698300.50 · bound 1516686.99 · gap 10.69 % · \
             first roster at 2.1 s"
        );
        let none = Progress {
            objective: None,
            gap: None,
            first_roster_s: None,
            done: true,
            ..p
        };
        assert_eq!(
            none.to_string(),
            "12.0 s of 60 s · decompose · no roster yet · bound 1516686.99 · done"
        );
    }

    #[test]
    fn a_bound_above_the_objective_is_shown_at_the_objective() {
        let (sink, seen) = collecting();
        let reporter = Reporter::new(Some(sink), Instant::now(), 60.0);
        reporter.update(Method::Decompose, Some(100.0), Some(100.0 + 1e-9));
        let p = seen.lock().expect("the log")[0].clone();
        assert_eq!((p.bound, p.gap), (Some(100.0), Some(0.0)));
    }
}
