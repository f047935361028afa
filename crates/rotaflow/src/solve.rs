//! The front door: `solve(&problem, &options)` picks a method, runs it and re-scores the
//! result with the evaluator.
//!
//! | method | when | guarantees |
//! |---|---|---|
//! | `flow` | the problem is flow-representable ([`crate::flow_obstacles`] is empty) | optimal, exact, fast |
//! | `mip`  | any problem (the `mip` cargo feature, on by default) | `optimal` when proven within `mip_gap`, else `feasible` with the bound, `infeasible` with the clinician and rule to blame, or `no_solution` at the time limit |
//! | `auto` | always | `flow` when representable, otherwise `mip`; `stats.method_reason` says which and why |
//!
//! Both solvers' rosters are re-scored by the evaluator before they are returned: no hard
//! rule may be broken, and the solver's own objective must equal the evaluator's total (a
//! MIP incumbent that is not proven optimal may only be no better than its evaluation).

use std::time::Instant;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::evaluate::{Evaluation, evaluate};
use crate::flow::solve_flow;
use crate::index::Index;
use crate::model::{Assignment, Method, Problem};
use crate::roster::{Roster, Stats, Status};

/// Per-call options; each `Some` overrides the problem's own `solver` block.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SolveOptions {
    /// Which solver.
    pub method: Option<Method>,
    /// Wall-clock limit in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap.
    pub mip_gap: Option<f64>,
    /// MIP threads.
    pub threads: Option<u32>,
    /// Random seed.
    pub seed: Option<u64>,
    /// Record `stats.solve_ms` in the roster (off by default, so that the same input gives
    /// the same bytes).
    pub timings: bool,
}

impl SolveOptions {
    /// Options that take everything from the problem's `solver` block.
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `method`.
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Record the solve time in `stats.solve_ms`.
    pub fn with_timings(mut self, timings: bool) -> Self {
        self.timings = timings;
        self
    }

    /// Use this time limit, in seconds.
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit_s = Some(seconds);
        self
    }

    /// Read options from a JSON object such as
    /// `{"method": "mip", "time_limit_s": 30, "mip_gap": 0.01, "threads": 2, "seed": 7,
    /// "timings": false}`; every field is optional and `null` means "not set". This is the
    /// options document of the C ABI and of the Python `**kwargs`.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem found (JSON syntax, unknown fields, wrong
    /// types, values out of range), each with a pointer into the options document.
    pub fn from_json(text: &str) -> Result<Self> {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => Self::from_value(&value),
            Err(e) => Err(Error::Invalid(vec![Issue::new(
                "",
                IssueCode::InvalidJson,
                format!("the options are not valid JSON: {e}"),
            )])),
        }
    }

    /// As [`SolveOptions::from_json`], from a parsed JSON value.
    ///
    /// # Errors
    /// As [`SolveOptions::from_json`].
    pub fn from_value(value: &serde_json::Value) -> Result<Self> {
        use serde_json::Value;
        const FIELDS: [&str; 6] = [
            "method",
            "time_limit_s",
            "mip_gap",
            "threads",
            "seed",
            "timings",
        ];
        let Some(object) = value.as_object() else {
            return Err(Error::Invalid(vec![Issue::new(
                "",
                IssueCode::InvalidType,
                "the options must be a JSON object",
            )]));
        };
        let mut options = SolveOptions::new();
        let mut issues = Vec::new();
        let wrong_type = |key: &str, expected: &str| {
            Issue::new(
                format!("/{}", crate::parse::escape(key)),
                IssueCode::InvalidType,
                format!("option `{key}` must be {expected}"),
            )
        };
        for (key, v) in object {
            if v.is_null() && FIELDS.contains(&key.as_str()) {
                continue;
            }
            match key.as_str() {
                "method" => match v.as_str().map(str::parse::<Method>) {
                    Some(Ok(m)) => options.method = Some(m),
                    Some(Err(msg)) => {
                        issues.push(Issue::new("/method", IssueCode::InvalidValue, msg))
                    }
                    None => issues.push(wrong_type(key, "a string: auto, flow or mip")),
                },
                "time_limit_s" => match v.as_f64() {
                    Some(t) => options.time_limit_s = Some(t),
                    None => issues.push(wrong_type(key, "a number of seconds")),
                },
                "mip_gap" => match v.as_f64() {
                    Some(g) => options.mip_gap = Some(g),
                    None => issues.push(wrong_type(key, "a number")),
                },
                "threads" => match v.as_u64() {
                    Some(n) => match u32::try_from(n) {
                        Ok(n) => options.threads = Some(n),
                        Err(_) => issues.push(Issue::new(
                            "/threads",
                            IssueCode::InvalidValue,
                            format!("option `threads` is too large: {n}"),
                        )),
                    },
                    None => issues.push(wrong_type(key, "a non-negative integer")),
                },
                "seed" => match v.as_u64() {
                    Some(n) => options.seed = Some(n),
                    None => issues.push(wrong_type(key, "a non-negative integer")),
                },
                "timings" => match v {
                    Value::Bool(b) => options.timings = *b,
                    _ => issues.push(wrong_type(key, "true or false")),
                },
                other => issues.push(Issue::new(
                    format!("/{}", crate::parse::escape(other)),
                    IssueCode::UnknownField,
                    format!(
                        "unknown option `{other}`; the options are {}",
                        FIELDS.join(", ")
                    ),
                )),
            }
        }
        if let Err(Error::Invalid(more)) = check_options(&options) {
            // check_options points into a problem's solver block; here the options
            // document is its own root.
            issues.extend(more.into_iter().map(|mut i| {
                i.pointer = i.pointer.trim_start_matches("/solver").to_owned();
                i
            }));
        }
        if issues.is_empty() {
            Ok(options)
        } else {
            Err(Error::Invalid(issues))
        }
    }
}

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
    check_options(options)?;
    let index = Index::build(problem)?;
    let method = options.method.unwrap_or(problem.solver.method);
    let mut roster = match method {
        Method::Flow => flow_roster(&index, "flow requested".to_owned())?,
        Method::Mip => mip_roster(&index, options, "mip requested".to_owned())?,
        Method::Auto => match flow_roster(
            &index,
            "auto: the problem is flow-representable, so the exact min-cost flow was used"
                .to_owned(),
        ) {
            Err(Error::NotFlowRepresentable(obstacles)) => {
                let reason = auto_reason(&obstacles);
                match mip_roster(&index, options, reason) {
                    // A build without the MIP: the flow's refusal says what is in the way.
                    Err(Error::MethodUnavailable(_)) => {
                        return Err(Error::NotFlowRepresentable(obstacles));
                    }
                    other => other?,
                }
            }
            other => other?,
        },
    };
    if options.timings {
        roster.stats.solve_ms = Some(started.elapsed().as_millis() as u64);
    }
    Ok(roster)
}

/// Why `auto` chose the MIP, naming the first rules in the flow's way.
fn auto_reason(obstacles: &[crate::error::Obstacle]) -> String {
    const SHOWN: usize = 3;
    let named: Vec<String> = obstacles
        .iter()
        .take(SHOWN)
        .map(|o| o.to_string())
        .collect();
    let more = obstacles.len().saturating_sub(SHOWN);
    format!(
        "auto: the problem is not flow-representable ({}{}), so the MIP was used",
        named.join("; "),
        if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        }
    )
}

fn flow_roster(index: &Index<'_>, method_reason: String) -> Result<Roster> {
    // Refuses with the rules in the way when the problem is not flow-representable.
    let outcome = solve_flow(index)?;
    let stats = Stats {
        solve_ms: None,
        nodes: outcome.nodes as u64,
        arcs: outcome.arcs as u64,
        variables: 0,
        constraints: 0,
        eligible_pairs: index.eligible_pair_count() as u64,
        method_reason,
    };
    match outcome.infeasible {
        Some(reason) => Ok(unsolved(Status::Infeasible, Method::Flow, reason, stats)),
        None => {
            let eval = checked(index, &outcome.assignments, outcome.objective, true, "flow")?;
            Ok(solved(
                Status::Optimal,
                Method::Flow,
                None,
                outcome.assignments,
                eval,
                stats,
            ))
        }
    }
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
    let gap = if total == bound {
        0.0
    } else {
        (total - bound) / total.abs().max(1e-9)
    };
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

/// Re-score a solver's roster with the independent evaluator: it must break no hard rule,
/// and its total must equal the solver's own objective (`exact`), or be no worse than it
/// (a MIP incumbent's continuous variables may sit above their least values).
fn checked(
    index: &Index<'_>,
    assignments: &[Assignment],
    objective: f64,
    exact: bool,
    solver: &str,
) -> Result<Evaluation> {
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

#[cfg(feature = "mip")]
fn mip_roster(index: &Index<'_>, options: &SolveOptions, method_reason: String) -> Result<Roster> {
    use crate::mip::{MipEnd, MipSettings, solve_mip};
    let solver = &index.problem().solver;
    let settings = MipSettings {
        time_limit_s: options.time_limit_s.unwrap_or(solver.time_limit_s),
        mip_gap: options.mip_gap.unwrap_or(solver.mip_gap),
        threads: options.threads.or(solver.threads),
        seed: options.seed.unwrap_or(solver.seed),
    };
    let relaxation = crate::mip::relaxation(index)?;
    let outcome = solve_mip(index, &settings, &relaxation)?;
    let stats = Stats {
        solve_ms: None,
        nodes: 0,
        arcs: 0,
        variables: outcome.variables as u64,
        constraints: outcome.constraints as u64,
        eligible_pairs: index.eligible_pair_count() as u64,
        method_reason,
    };
    match outcome.end {
        MipEnd::Optimal => {
            let eval = checked(index, &outcome.assignments, outcome.objective, true, "MIP")?;
            Ok(solved(
                Status::Optimal,
                Method::Mip,
                None,
                outcome.assignments,
                eval,
                stats,
            ))
        }
        MipEnd::Feasible { bound } => {
            let eval = checked(index, &outcome.assignments, outcome.objective, false, "MIP")?;
            Ok(solved(
                Status::Feasible,
                Method::Mip,
                Some(bound),
                outcome.assignments,
                eval,
                stats,
            ))
        }
        MipEnd::Infeasible(reason) => Ok(unsolved(Status::Infeasible, Method::Mip, reason, stats)),
        MipEnd::NoSolution(reason) => Ok(unsolved(Status::NoSolution, Method::Mip, reason, stats)),
    }
}

#[cfg(not(feature = "mip"))]
fn mip_roster(_: &Index<'_>, _: &SolveOptions, _: String) -> Result<Roster> {
    Err(Error::MethodUnavailable(
        "this build of rotaflow has no MIP solver (the `mip` cargo feature is off); use `flow` \
         on flow-representable problems"
            .to_owned(),
    ))
}

/// Per-call overrides obey the same ranges as the problem's `solver` block.
fn check_options(options: &SolveOptions) -> Result<()> {
    let mut issues = Vec::new();
    if let Some(t) = options.time_limit_s {
        if !(t.is_finite() && t > 0.0) {
            issues.push(Issue::new(
                "/solver/time_limit_s",
                IssueCode::InvalidValue,
                format!("the time limit option must be a positive number of seconds, not {t}"),
            ));
        }
    }
    if let Some(g) = options.mip_gap {
        if !(g.is_finite() && g >= 0.0) {
            issues.push(Issue::new(
                "/solver/mip_gap",
                IssueCode::InvalidValue,
                format!("the MIP gap option must be a non-negative number, not {g}"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_from_json_reads_every_field() {
        let o = SolveOptions::from_json(
            r#"{"method":"flow","time_limit_s":2.5,"mip_gap":0.01,"threads":2,"seed":7,"timings":true}"#,
        )
        .unwrap();
        assert_eq!(o.method, Some(Method::Flow));
        assert_eq!(o.time_limit_s, Some(2.5));
        assert_eq!(o.mip_gap, Some(0.01));
        assert_eq!(o.threads, Some(2));
        assert_eq!(o.seed, Some(7));
        assert!(o.timings);
        assert_eq!(
            SolveOptions::from_json(r#"{"method":null}"#).unwrap(),
            SolveOptions::new()
        );
    }

    #[test]
    fn options_from_json_reports_every_problem() {
        let err = SolveOptions::from_json(
            r#"{"method":"simplex","threads":-1,"time_limit_s":0,"colour":1,"timings":"yes"}"#,
        )
        .unwrap_err();
        let mut got: Vec<(String, &str)> = err
            .issues()
            .iter()
            .map(|i| (i.pointer.clone(), i.code.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("/colour".to_owned(), "unknown_field"),
                ("/method".to_owned(), "invalid_value"),
                ("/threads".to_owned(), "invalid_type"),
                ("/time_limit_s".to_owned(), "invalid_value"),
                ("/timings".to_owned(), "invalid_type"),
            ]
        );
        let err = SolveOptions::from_json("[1]").unwrap_err();
        assert_eq!(err.issues()[0].code, IssueCode::InvalidType);
        let err = SolveOptions::from_json("{").unwrap_err();
        assert_eq!(err.issues()[0].code, IssueCode::InvalidJson);
    }

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
    fn an_empty_problem_solves_to_zero() {
        let roster = solve(&Problem::default(), &SolveOptions::new()).expect("solves");
        assert_eq!(roster.status, Status::Optimal);
        assert_eq!(roster.objective, Some(0.0));
        assert!(roster.assignments.is_empty());
    }
}
