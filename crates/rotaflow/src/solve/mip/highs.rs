//! The one file that names HiGHS: running a built model on it and reading the answer.
//!
//! HiGHS keeps its thread pool per OS thread, so each solve runs on a thread of its own
//! and a `threads` setting never leaks into another solve.
//!
//! # What keeps a C++ exception from reaching the caller
//!
//! HiGHS is C++; we call it through its C API (`highs_c_api.cpp` in `highs-sys`), whose
//! functions have no `try`/`catch`. An exception thrown under them unwinds into Rust
//! through an `extern "C"` call, where it cannot be caught (`catch_unwind` does not stop
//! foreign exceptions): the process aborts — the caller's process, through the C ABI or
//! Python. HiGHS catches `std::exception` itself only around the search
//! (`Highs::optimizeModelTryCatch`, which turns `std::bad_alloc` into the model status
//! `kMemoryLimit`, an error here); outside it, in `Highs::initializeMultiThreading` (the
//! scheduler, one worker thread and queue per `threads`, built on every `run`) and in
//! loading the model, an exception escapes. So no value that can make HiGHS throw is
//! passed to it unchecked:
//! - `threads` is validated to `1..=MAX_THREADS` (`validate/options.rs`, pointer
//!   `/solver/threads`) and lowered to the machine's available parallelism
//!   (`Settings::resolve`); it is capped again below. `threads: 100000` used to throw
//!   `std::bad_alloc` in the scheduler and abort.
//! - `time_limit` and `mip_rel_gap` are finite and non-negative (validated; HiGHS's own
//!   option check refuses the rest with an error status, not an exception);
//!   `random_seed` is reduced into HiGHS's range `0..=i32::MAX` below.
//! - The model's own size is what remains: a model too large for memory can still throw
//!   while HiGHS loads it.

use good_lp::solvers::highs::highs;
use good_lp::{SolverModel, variable};
use highs::HighsModelStatus;

use super::model::Model;
use crate::error::{Error, Result};
use crate::solve::backend::{Deadline, detached};

/// The search settings HiGHS is given.
#[derive(Debug, Clone, Copy)]
pub(super) struct Search {
    /// Relative gap at which the search may stop.
    pub(super) mip_gap: f64,
    /// HiGHS threads (`None`: HiGHS decides).
    pub(super) threads: Option<u32>,
    /// HiGHS random seed.
    pub(super) seed: u64,
}

/// How HiGHS ended, in the terms the MIP reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Status {
    /// Proven optimal (within the gap).
    Optimal,
    /// Proven infeasible.
    Infeasible,
    /// Stopped by the time limit.
    TimeLimit,
    /// Any other end, with HiGHS's name for it.
    Other(String),
}

impl Status {
    fn of(status: HighsModelStatus) -> Self {
        match status {
            HighsModelStatus::Optimal => Status::Optimal,
            HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                Status::Infeasible
            }
            HighsModelStatus::ReachedTimeLimit => Status::TimeLimit,
            other => Status::Other(format!("{other:?}")),
        }
    }
}

/// A HiGHS call that failed with only a status to show.
#[derive(Debug)]
struct HighsFailure(highs::HighsStatus);

impl std::fmt::Display for HighsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for HighsFailure {}

/// What HiGHS said.
pub(super) struct Run {
    pub(super) status: Status,
    /// Column values when a primal solution exists.
    pub(super) columns: Option<Vec<f64>>,
    /// The incumbent's objective (without the model's constant).
    pub(super) objective: f64,
    /// HiGHS's dual bound (without the constant).
    pub(super) bound: f64,
}

/// Solve a built model on a thread of its own (HiGHS keeps its scheduler per OS thread).
/// HiGHS gets the time left before `deadline` once the model is loaded; a deadline that
/// passes while loading ends the run without a search (status `TimeLimit`).
pub(super) fn run(
    model: Model,
    search: &Search,
    deadline: Deadline,
    feasibility: bool,
) -> Result<Run> {
    // Past the deadline (and its grace), the call answers with its fallback roster.
    let search = *search;
    let run = detached("the MIP solver", deadline, None, move || {
        run_here(model, &search, deadline, feasibility)
    })?;
    Ok(run.unwrap_or_else(Run::out_of_time))
}

fn run_here(model: Model, search: &Search, deadline: Deadline, feasibility: bool) -> Result<Run> {
    let Model {
        mut vars,
        constraints,
        objective,
        terms,
    } = model;
    let columns = vars.len();
    if columns == 0 {
        // No eligible pair in scope: HiGHS calls a model without columns an error, so give
        // it one fixed at zero (rows without variables still decide feasibility).
        vars.add(variable().min(0.0).max(0.0));
    }
    let mut problem = vars.minimise(objective).using(highs);
    // Loading a large model takes seconds: check the deadline as it goes.
    const CHECK_EVERY: usize = 4096;
    for (i, c) in constraints.into_iter().enumerate() {
        if i % CHECK_EVERY == 0 && deadline.passed() {
            return Ok(Run::out_of_time());
        }
        problem.add_constraint(c);
    }
    let mut m = problem
        .try_into_inner()
        .map_err(|e| Error::solver("HiGHS could not load the model", e))?;
    m.make_quiet();
    let gap = if feasibility { 1.0 } else { search.mip_gap };
    let time_limit = deadline.left();
    if time_limit <= 0.0 {
        return Ok(Run::out_of_time());
    }
    set_option(&mut m, "time_limit", OptionValue::F(time_limit.max(0.01)))?;
    set_option(&mut m, "mip_rel_gap", OptionValue::F(gap))?;
    set_option(&mut m, "mip_abs_gap", OptionValue::F(1e-6))?;
    // HiGHS seeds are non-negative 32-bit integers.
    let seed = (search.seed % (i32::MAX as u64)) as i32;
    set_option(&mut m, "random_seed", OptionValue::I(seed))?;
    if let Some(t) = search.threads {
        // Already in range (see the module's documentation); capped again here because a
        // thread count HiGHS cannot build aborts the process rather than failing.
        let t = t.clamp(1, crate::validate::options::MAX_THREADS);
        set_option(&mut m, "threads", OptionValue::I(t as i32))?;
    }
    let solved = m
        .try_solve()
        .map_err(|e| Error::solver("HiGHS failed", HighsFailure(e)))?;
    // HiGHS's `primal_solution_status` info: 2 is a feasible point (read as an integer:
    // the binding panics on values it does not know, such as −1 for "no status").
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .is_ok_and(|v| v == 2);
    let columns = has_solution.then(|| solved.get_solution().columns().to_vec());
    // The incumbent's objective from its columns, as the model defines it (HiGHS's own
    // figure can lag the incumbent it returns when the search is cut short).
    let objective = match &columns {
        Some(values) => terms.iter().map(|&(col, k)| k * values[col]).sum(),
        None => f64::NAN,
    };
    Ok(Run {
        status: Status::of(solved.status()),
        columns,
        objective,
        bound: solved
            .double_info_value(c"mip_dual_bound")
            .unwrap_or(f64::NEG_INFINITY),
    })
}

impl Run {
    /// The deadline passed before the search began.
    fn out_of_time() -> Self {
        Run {
            status: Status::TimeLimit,
            columns: None,
            objective: f64::NAN,
            bound: f64::NEG_INFINITY,
        }
    }
}

fn set_option(m: &mut highs::Model, key: &str, value: OptionValue) -> Result<()> {
    let r = match value {
        OptionValue::F(v) => m.try_set_option(key, v),
        OptionValue::I(v) => m.try_set_option(key, v),
    };
    r.map_err(|e| Error::solver(format!("HiGHS rejected option {key}"), e))
}

enum OptionValue {
    F(f64),
    I(i32),
}
