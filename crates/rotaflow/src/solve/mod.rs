//! Solving: the front door [`solve`] over a family of backends.
//!
//! | method | backend | when | guarantees |
//! |---|---|---|---|
//! | `flow` | [`flow`] (exact min-cost flow) | the problem is flow-representable ([`crate::flow_obstacles`] is empty) | optimal, exact, fast |
//! | `mip`  | `mip` (HiGHS; the `mip` cargo feature, on by default) | any problem | `optimal` when proven within `mip_gap`, else `feasible` with the bound, `infeasible` with the clinician and rule to blame, or `no_solution` at the time limit |
//! | `decompose` | `decompose` (column generation and price-and-branch on HiGHS; the `mip` cargo feature) | any problem, best where many clinicians carry working-time rules | `optimal` when the integer roster meets the column-generation bound, else `feasible` with that bound (never below the flow relaxation's), `infeasible` when a clinician has no feasible schedule or no roster respects the headcount caps, `no_solution` at the time limit |
//! | `auto` | — | always | `flow` when representable, otherwise `decompose` from 250,000 eligible pairs and `mip` below; `stats.method_reason` says which and why |
//!
//! Every backend implements [`backend::Backend`]: `prepare` says whether it can solve the
//! problem (a prepared model, the rules in the way, or "not in this build") before any
//! work starts, so `auto` chooses by asking; `solve` returns the one [`backend::Outcome`];
//! [`backend::assemble`] re-scores it with the evaluator and builds the roster. The
//! options are resolved once, into [`Settings`], when the call starts. Independent parts
//! of a problem (regions) are found by [`parts`]. A caller may follow a solve's
//! [`Progress`] (`progress`).

pub(crate) mod backend;
#[cfg(feature = "mip")]
pub(crate) mod decompose;
pub(crate) mod flow;
mod memory;
#[cfg(feature = "mip")]
pub(crate) mod mip;
#[cfg(not(feature = "mip"))]
#[path = "mip_absent.rs"]
pub(crate) mod mip;
mod options;
pub(crate) mod parts;
mod progress;
mod regions;
mod stop;

pub use memory::default_memory_limit_mb;
pub(crate) use progress::Reporter;
pub use progress::{PROGRESS_INTERVAL, Progress, ProgressFn};
pub use regions::PartSolution;
pub use stop::Stop;

use std::time::Instant;

pub use flow::{RosteringNetwork, flow_obstacles, rostering_network};
pub(crate) use options::Settings;

use crate::error::{Error, Obstacle, Result};
use crate::index::Index;
use crate::model::{Method, Problem, SolveOptions};
use crate::roster::Roster;
use backend::{Backend, Capability, assemble};

/// Solve a problem.
///
/// Validates the problem, chooses the method (`options.method`, else the problem's
/// `solver.method`), solves, and re-scores the assignments with the independent
/// evaluator: the roster's `score` and `objective` always come from the evaluator.
///
/// # Errors
/// * [`Error::Invalid`] — every validation problem found;
/// * [`Error::NotFlowRepresentable`] — `flow` asked for (or `auto` in a build without the
///   `mip` feature) on a problem with rules a flow cannot express, naming them;
/// * [`Error::MethodUnavailable`] — `mip` asked for in a build without the `mip` feature;
/// * [`Error::Internal`] — a solver's roster failed the evaluator's re-scoring (a bug);
/// * [`Error::OutOfRange`] — penalties too large to solve exactly.
///
/// An infeasible problem is not an error: the roster has status `infeasible` and a reason
/// naming the clinician's rule or the pin that cannot be met. Neither is a MIP search that
/// stops at `time_limit_s`: the roster is `feasible` with its `bound` and `gap`, or
/// `no_solution` when no roster was found in time.
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions, Status};
/// let problem = Problem::from_json(r#"{
///   "sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
///                  {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]
/// }"#).unwrap();
/// let roster = rotaflow::solve(&problem, &SolveOptions::new()).unwrap();
/// assert_eq!(roster.status, Status::Optimal);
/// assert_eq!(roster.assignments[0].clinician, "B");
/// assert_eq!(roster.objective, Some(360.0));
/// ```
pub fn solve(problem: &Problem, options: &SolveOptions) -> Result<Roster> {
    let started = Instant::now();
    let settings = Settings::resolve(problem, options, started)?;
    let index = Index::build(problem)?;
    solve_with(&index, options, &settings)
}

impl Index<'_> {
    /// Solve this (validated) problem: [`solve`] without validating again. The time limit
    /// counts from this call.
    ///
    /// # Errors
    /// As [`solve`], except [`Error::Invalid`] only for out-of-range options.
    pub fn solve(&self, options: &SolveOptions) -> Result<Roster> {
        let settings = Settings::resolve(self.problem(), options, Instant::now())?;
        solve_with(self, options, &settings)
    }
}

fn solve_with(index: &Index<'_>, options: &SolveOptions, settings: &Settings) -> Result<Roster> {
    let mut roster = match settings.method {
        Method::Flow => match flow::FlowBackend.prepare(index, settings)? {
            Capability::Ready(model) => run(
                &flow::FlowBackend,
                index,
                model,
                settings,
                flow_reason(Method::Flow),
            )?,
            Capability::Obstacles(obstacles) => return Err(Error::NotFlowRepresentable(obstacles)),
            Capability::Unavailable(why) => return Err(Error::MethodUnavailable(why)),
        },
        Method::Mip => match mip::MipBackend.prepare(index, settings)? {
            Capability::Ready(model) => run(
                &mip::MipBackend,
                index,
                model,
                settings,
                "mip requested".to_owned(),
            )?,
            Capability::Obstacles(obstacles) => return Err(Error::NotFlowRepresentable(obstacles)),
            Capability::Unavailable(why) => return Err(Error::MethodUnavailable(why)),
        },
        Method::Decompose => decompose(index, settings)?,
        Method::Auto => match flow::FlowBackend.prepare(index, settings)? {
            Capability::Ready(model) => run(
                &flow::FlowBackend,
                index,
                model,
                settings,
                flow_reason(Method::Auto),
            )?,
            Capability::Obstacles(obstacles) => {
                match auto_decompose(index, settings, &obstacles)? {
                    Some(roster) => roster,
                    None => match mip::MipBackend.prepare(index, settings)? {
                        Capability::Ready(model) => run(
                            &mip::MipBackend,
                            index,
                            model,
                            settings,
                            auto_reason(&obstacles, "the MIP was used".to_owned()),
                        )?,
                        // A build without the MIP: the flow's refusal says what is in the way.
                        Capability::Obstacles(_) | Capability::Unavailable(_) => {
                            return Err(Error::NotFlowRepresentable(obstacles));
                        }
                    },
                }
            }
            Capability::Unavailable(why) => return Err(Error::MethodUnavailable(why)),
        },
    };
    if options.timings {
        roster.stats.solve_ms = Some(settings.called.elapsed().as_millis() as u64);
    }
    settings.progress.finish(&roster);
    Ok(roster)
}

/// `stats.method_reason` of a flow solve asked for as `method`.
fn flow_reason(method: Method) -> String {
    if method == Method::Auto {
        "auto: the problem is flow-representable, so the exact min-cost flow was used"
    } else {
        "flow requested"
    }
    .to_owned()
}

/// `decompose`, when this build has HiGHS.
#[cfg(feature = "mip")]
fn decompose(index: &Index<'_>, settings: &Settings) -> Result<Roster> {
    let backend = decompose::DecomposeBackend;
    match backend.prepare(index, settings)? {
        Capability::Ready(model) => run(
            &backend,
            index,
            model,
            settings,
            "decompose requested".to_owned(),
        ),
        Capability::Obstacles(obstacles) => Err(Error::NotFlowRepresentable(obstacles)),
        Capability::Unavailable(why) => Err(Error::MethodUnavailable(why)),
    }
}

/// Eligible pairs from which `auto` solves a problem the flow cannot express with
/// `decompose` rather than the MIP. Measured with `benches/decompose.sh 60 300 600 1000`
/// on 2 cores (benches/README.md): the MIP's roster is the better at 300 and 600
/// clinicians (40,000 and 149,000 pairs); at 1,000 (411,000) it finds none in a minute.
pub(crate) const AUTO_DECOMPOSE_PAIRS: usize = 250_000;

/// `auto` on a problem the flow cannot express: `decompose` when it is at least
/// [`AUTO_DECOMPOSE_PAIRS`] eligible pairs and decompose can take it (it refuses a priced
/// employment pattern), else `None` (the MIP).
#[cfg(feature = "mip")]
fn auto_decompose(
    index: &Index<'_>,
    settings: &Settings,
    obstacles: &[Obstacle],
) -> Result<Option<Roster>> {
    let pairs = index.eligible_pair_count();
    if pairs < AUTO_DECOMPOSE_PAIRS {
        return Ok(None);
    }
    let backend = decompose::DecomposeBackend;
    match backend.prepare(index, settings)? {
        Capability::Ready(model) => {
            let used = format!(
                "with {pairs} eligible pairs (at least {AUTO_DECOMPOSE_PAIRS}) decompose was used"
            );
            run(
                &backend,
                index,
                model,
                settings,
                auto_reason(obstacles, used),
            )
            .map(Some)
        }
        Capability::Obstacles(_) | Capability::Unavailable(_) => Ok(None),
    }
}

/// `auto` in a build without HiGHS: the MIP's refusal follows.
#[cfg(not(feature = "mip"))]
fn auto_decompose(_: &Index<'_>, _: &Settings, _: &[Obstacle]) -> Result<Option<Roster>> {
    Ok(None)
}

/// `decompose` in a build without HiGHS: refused.
#[cfg(not(feature = "mip"))]
fn decompose(_: &Index<'_>, _: &Settings) -> Result<Roster> {
    Err(Error::MethodUnavailable(
        "the decompose method needs HiGHS: this build of rotaflow was made without the `mip` feature"
            .to_owned(),
    ))
}

/// Solve a prepared model and assemble the roster.
fn run<B: Backend>(
    backend: &B,
    index: &Index<'_>,
    model: B::Model,
    settings: &Settings,
    method_reason: String,
) -> Result<Roster> {
    memory::check(index, B::METHOD, settings.memory_limit_mb)?;
    let outcome = backend.solve(index, model, settings)?;
    assemble(index, B::METHOD, method_reason, outcome)
}

/// Why `auto` chose the MIP, naming the first rules in the flow's way.
fn auto_reason(obstacles: &[Obstacle], used: String) -> String {
    const SHOWN: usize = 3;
    let named: Vec<String> = obstacles
        .iter()
        .take(SHOWN)
        .map(|o| o.to_string())
        .collect();
    let more = obstacles.len().saturating_sub(SHOWN);
    format!(
        "auto: the problem is not flow-representable ({}{}), so {used}",
        named.join("; "),
        if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IssueCode;
    use crate::roster::Status;

    #[test]
    fn bad_option_overrides_are_invalid() {
        let problem = Problem::default();
        let options = SolveOptions::new().with_time_limit(-1.0);
        let err = solve(&problem, &options).expect_err("negative time limit");
        assert_eq!(err.issues()[0].pointer, "/solver/time_limit_s");
        let options = SolveOptions {
            mip_gap: Some(f64::NAN),
            ..SolveOptions::new()
        };
        assert_eq!(
            solve(&problem, &options).expect_err("NaN gap").issues()[0].code,
            IssueCode::InvalidValue
        );
    }

    #[test]
    #[cfg(feature = "mip")]
    fn a_model_above_the_memory_cap_is_refused_with_its_estimate() {
        let problem =
            Problem::from_json(include_str!("../../../../examples/rules.json")).expect("valid");
        for method in [Method::Mip, Method::Decompose] {
            let options = SolveOptions {
                memory_limit_mb: Some(1.0),
                ..SolveOptions::new().with_method(method)
            };
            let err = solve(&problem, &options).expect_err("above the cap");
            assert_eq!(err.code(), crate::ErrorCode::TooLarge);
            let text = err.to_string();
            assert!(
                text.contains("would need about") && text.contains("limit of 1 MB"),
                "{text}"
            );
        }
        let options = SolveOptions {
            memory_limit_mb: Some(1e6),
            ..SolveOptions::new().with_method(Method::Mip)
        };
        assert_eq!(
            solve(&problem, &options).expect("fits").status,
            Status::Optimal
        );
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let options = SolveOptions {
                memory_limit_mb: Some(bad),
                ..SolveOptions::new()
            };
            let err = solve(&problem, &options).expect_err("out of range");
            assert_eq!(err.issues()[0].pointer, "/memory_limit_mb", "{bad}");
        }
    }

    #[test]
    #[cfg(feature = "mip")]
    fn the_time_limit_counts_from_the_callers_start() {
        // The caller's work (reading, say) has already spent the limit: the MIP builds
        // nothing and answers with its fallback roster, as at any spent limit.
        let problem =
            Problem::from_json(include_str!("../../../../examples/rules.json")).expect("valid");
        let earlier = Instant::now() - std::time::Duration::from_secs(5);
        let options = SolveOptions::new()
            .with_method(Method::Mip)
            .with_time_limit(1.0)
            .with_started(earlier);
        let spent = solve(&problem, &options).expect("solves");
        let fresh = solve(&problem, &SolveOptions::new().with_method(Method::Mip)).expect("solves");
        assert_eq!(fresh.status, Status::Optimal);
        assert_eq!(spent.status, Status::Feasible, "{:?}", spent.reason);
        assert_eq!(spent.stats.variables, 0, "no model was built");
    }

    #[test]
    fn an_empty_problem_solves_to_zero() {
        let roster = solve(&Problem::default(), &SolveOptions::new()).expect("solves");
        assert_eq!(roster.status, Status::Optimal);
        assert_eq!(roster.objective, Some(0.0));
        assert!(roster.assignments.is_empty());
    }
}
