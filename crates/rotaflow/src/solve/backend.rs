//! The solver family's seam: the backend trait, the one outcome type, and the one step
//! that checks a backend's roster with the evaluator and assembles the answer.
//!
//! A backend is a folder under `solve/` with a type implementing [`Backend`]
//! (`CONTRIBUTING.md` has the recipe). [`Backend::prepare`] is asked first and answers
//! with a prepared model, the rules in the way, or that the backend is not in this build;
//! only then does work start, so `auto` chooses by asking, never by catching a refusal.
//! [`Backend::solve`] returns an [`Outcome`]; [`assemble`] turns it into the
//! [`Roster`], re-scoring its assignments with the independent evaluator (no hard rule
//! may be broken; the backend's own objective must equal the evaluator's when it claims
//! optimality, and may not be better than it otherwise).

use std::time::{Duration, Instant};

use crate::error::{Error, Obstacle, Result};
use crate::evaluate::{Evaluation, evaluate};
use crate::index::Index;
use crate::model::{Assignment, Method};
use crate::roster::{Roster, Stats, Status};

use super::Settings;

/// One solving method.
pub(crate) trait Backend {
    /// The method's name in the schema.
    const METHOD: Method;
    /// What `prepare` builds for `solve`.
    type Model;

    /// Whether this backend can solve `index`'s problem: its prepared model, or why not.
    ///
    /// # Errors
    /// Only for failures (numbers out of range, a library error); "cannot" is a
    /// [`Capability`].
    fn prepare(&self, index: &Index<'_>, settings: &Settings) -> Result<Capability<Self::Model>>;

    /// Solve the prepared model.
    ///
    /// # Errors
    /// Failures only: an infeasible problem or a time limit is an [`End`].
    fn solve(&self, index: &Index<'_>, model: Self::Model, settings: &Settings) -> Result<Outcome>;
}

/// When the call must end: `settings.started + settings.time_limit_s`, the clock starting
/// when the call started, so index building, the flow relaxation, model building, the
/// search and the final check all spend the one budget.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    /// The instant; `None` when it lies beyond what an `Instant` can hold (no limit).
    at: Option<Instant>,
}

impl Deadline {
    /// The deadline of a call with these settings.
    pub(crate) fn of(settings: &Settings) -> Self {
        Self::after(settings.started, settings.time_limit_s)
    }

    /// `seconds` after `started` (validation keeps `seconds` finite and positive; a value
    /// too large for a `Duration` or an `Instant` means no deadline).
    pub(crate) fn after(started: Instant, seconds: f64) -> Self {
        let at = Duration::try_from_secs_f64(seconds.max(0.0))
            .ok()
            .and_then(|d| started.checked_add(d));
        Deadline { at }
    }

    /// Seconds left (0 once passed; infinite without a deadline).
    pub(crate) fn left(&self) -> f64 {
        match self.at {
            Some(at) => at
                .checked_duration_since(Instant::now())
                .map_or(0.0, |d| d.as_secs_f64()),
            None => f64::INFINITY,
        }
    }

    /// Whether the deadline has passed.
    pub(crate) fn passed(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }
}

/// How long past its deadline a call waits for work that cannot be interrupted.
const GRACE: Duration = Duration::from_millis(500);

/// Run `work` (a HiGHS solve) on a thread of its own and wait for its answer until the
/// deadline and [`GRACE`] more, or until `stop` is requested; then give up on it: `None`.
///
/// HiGHS keeps its scheduler per OS thread, so each run gets a fresh one; and HiGHS reads
/// its time limit only between phases and cannot be interrupted through its safe
/// interface (loading and presolving a model of a few million rows took 45 s past a 20 s
/// limit). Work given up on finishes in the background at HiGHS's next check of its time
/// limit, and its answer is dropped.
///
/// # Errors
/// The work's own error, or [`Error::Internal`] naming `what` when its thread panicked.
pub(crate) fn detached<T: Send + 'static>(
    what: &str,
    deadline: Deadline,
    stop: Option<&crate::Stop>,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<Option<T>> {
    use std::sync::mpsc::RecvTimeoutError;
    /// How often a stop request is looked at while waiting.
    const POLL: Duration = Duration::from_millis(50);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The receiver is gone when the call stopped waiting: the answer is not wanted.
        let _ = send.send(work());
    });
    let give_up = deadline.at.and_then(|at| at.checked_add(GRACE));
    loop {
        let wait = match give_up {
            Some(at) => at.saturating_duration_since(Instant::now()).min(POLL),
            None => POLL,
        };
        match receive.recv_timeout(wait) {
            Ok(answer) => return answer.map(Some),
            Err(RecvTimeoutError::Timeout) => {
                let late = give_up.is_some_and(|at| Instant::now() >= at);
                if late || stop.is_some_and(crate::Stop::is_requested) {
                    return Ok(None);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::Internal(format!("{what}'s thread panicked")));
            }
        }
    }
}

/// What [`Backend::prepare`] found.
pub(crate) enum Capability<M> {
    /// The backend can solve the problem: here is its model.
    Ready(M),
    /// Rules stand in the backend's way, each named with its clinician.
    Obstacles(Vec<Obstacle>),
    /// The backend is not in this build (a cargo feature is off); the sentence says so.
    #[cfg_attr(
        feature = "mip",
        expect(
            dead_code,
            reason = "only a backend behind a cargo feature is ever unavailable"
        )
    )]
    Unavailable(String),
}

/// How a solve ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum End {
    /// Proven optimal.
    Optimal,
    /// A roster was found but not proven optimal; `bound` is the best lower bound proven.
    Feasible {
        /// Best lower bound on the objective.
        bound: f64,
    },
    /// No roster meets the minimums and pins; the reason names them.
    Infeasible(String),
    /// The search stopped before finding a roster.
    NoSolution(String),
}

/// The size of the model a backend solved, for [`Stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Size {
    /// Flow network nodes.
    pub(crate) nodes: usize,
    /// Flow network arcs.
    pub(crate) arcs: usize,
    /// MIP variables.
    pub(crate) variables: usize,
    /// MIP constraints.
    pub(crate) constraints: usize,
}

/// What every backend returns.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// How it ended.
    pub(crate) end: End,
    /// The roster's assignments, sorted (empty unless `Optimal` or `Feasible`).
    pub(crate) assignments: Vec<Assignment>,
    /// The backend's own objective, for the evaluator's cross-check.
    pub(crate) objective: f64,
    /// Model size.
    pub(crate) size: Size,
}

/// Check a backend's outcome with the evaluator and assemble the roster.
///
/// # Errors
/// [`Error::Internal`] when the roster breaks a hard rule or its objective disagrees with
/// the evaluator's (a bug, reported instead of a wrong answer).
pub(crate) fn assemble(
    index: &Index<'_>,
    method: Method,
    method_reason: String,
    outcome: Outcome,
) -> Result<Roster> {
    let stats = Stats {
        solve_ms: None,
        nodes: outcome.size.nodes as u64,
        arcs: outcome.size.arcs as u64,
        variables: outcome.size.variables as u64,
        constraints: outcome.size.constraints as u64,
        eligible_pairs: index.eligible_pair_count() as u64,
        method_reason,
    };
    let (status, bound) = match outcome.end {
        End::Optimal => (Status::Optimal, None),
        End::Feasible { bound } => (Status::Feasible, Some(bound)),
        End::Infeasible(reason) => {
            return Ok(unsolved(Status::Infeasible, method, reason, stats));
        }
        End::NoSolution(reason) => {
            return Ok(unsolved(Status::NoSolution, method, reason, stats));
        }
    };
    let eval = checked(
        index,
        &outcome.assignments,
        outcome.objective,
        status == Status::Optimal,
        method,
    )?;
    Ok(solved(
        status,
        method,
        bound,
        outcome.assignments,
        eval,
        stats,
    ))
}

/// A roster without assignments: `infeasible` or `no_solution`, with the reason.
fn unsolved(status: Status, method: Method, reason: String, stats: Stats) -> Roster {
    Roster {
        status,
        method,
        reason: Some(reason),
        objective: None,
        bound: None,
        gap: None,
        assignments: Vec::new(),
        unfilled: Vec::new(),
        score: None,
        clinicians: Vec::new(),
        stats,
    }
}

/// The relative gap of `objective` to `bound`: `(objective − bound) / |objective|`, 0 when
/// the bound meets it (the roster's `gap`, and progress reports').
pub(crate) fn relative_gap(objective: f64, bound: f64) -> f64 {
    if bound >= objective {
        0.0
    } else {
        (objective - bound) / objective.abs().max(1e-9)
    }
}

/// A roster with assignments; `bound` is `None` for a proven optimum (bound = objective).
fn solved(
    status: Status,
    method: Method,
    bound: Option<f64>,
    assignments: Vec<Assignment>,
    eval: Evaluation,
    stats: Stats,
) -> Roster {
    let total = eval.score.total;
    let bound = bound.map_or(total, |b| b.min(total));
    let gap = relative_gap(total, bound);
    Roster {
        status,
        method,
        reason: None,
        objective: Some(total),
        bound: Some(bound + 0.0),
        gap: Some(gap + 0.0),
        assignments,
        unfilled: eval.unfilled,
        score: Some(eval.score),
        clinicians: eval.clinicians,
        stats,
    }
}

/// Re-score a backend's roster with the independent evaluator: it must break no hard
/// rule, and its total must equal the backend's own objective (`exact`), or be no worse
/// than it (a MIP incumbent's continuous variables may sit above their least values).
fn checked(
    index: &Index<'_>,
    assignments: &[Assignment],
    objective: f64,
    exact: bool,
    method: Method,
) -> Result<Evaluation> {
    let solver = match method {
        Method::Mip => "MIP",
        other => other.as_str(),
    };
    let eval = evaluate(index, assignments);
    if !eval.is_feasible() {
        return Err(Error::Internal(format!(
            "the {solver} roster breaks a hard rule: {}",
            eval.breaches[0].message
        )));
    }
    let total = eval.score.total;
    let tolerance = 1e-6 * (1.0 + total.abs()) + 1e-6 * assignments.len() as f64;
    let off = objective - total;
    if off.abs() > tolerance && (exact || off < -tolerance) {
        return Err(Error::Internal(format!(
            "the {solver} objective {objective} disagrees with the evaluator's {total}"
        )));
    }
    Ok(eval)
}
