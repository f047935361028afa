//! The front door: `solve(&problem, &options)` picks a method, runs it and re-scores the
//! result with the evaluator.
//!
//! | method | when | guarantees |
//! |---|---|---|
//! | `flow` | the problem is flow-representable ([`crate::flow_obstacles`] is empty) | optimal, exact, fast |
//! | `mip`  | any problem | not available in this build yet |
//! | `auto` | always | `flow` when representable, otherwise `mip` |

use std::time::Instant;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::evaluate::evaluate;
use crate::index::Index;
use crate::model::{Method, Problem};
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
/// * [`Error::NotFlowRepresentable`] — `flow` asked for (or `auto` chose it as the only
///   method available) on a problem with rules a flow cannot express, naming them;
/// * [`Error::MethodUnavailable`] — `mip` asked for (not in this build yet);
/// * [`Error::OutOfRange`] — penalties too large to solve exactly.
///
/// An infeasible problem is not an error: the roster has status `infeasible` and a reason.
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
    let method_reason = match method {
        Method::Flow => "flow requested".to_owned(),
        Method::Auto => {
            "auto: the problem is flow-representable, so the exact min-cost flow was used"
                .to_owned()
        }
        Method::Mip => {
            return Err(Error::MethodUnavailable(
                "the MIP solver is not available in this version of rotaflow; use `flow` or \
                 `auto` on flow-representable problems"
                    .to_owned(),
            ));
        }
    };
    // Refuses with the rules in the way when the problem is not flow-representable;
    // independent parts (regions) are solved apart, in parallel.
    let outcome = crate::split::solve_flow_parts(&index)?;
    let stats = Stats {
        solve_ms: None,
        nodes: outcome.nodes as u64,
        arcs: outcome.arcs as u64,
        variables: 0,
        constraints: 0,
        eligible_pairs: index.eligible_pair_count() as u64,
        method_reason,
    };
    let mut roster = match outcome.infeasible {
        Some(reason) => Roster {
            status: Status::Infeasible,
            method: Method::Flow,
            reason: Some(reason),
            objective: None,
            bound: None,
            gap: None,
            assignments: Vec::new(),
            unfilled: Vec::new(),
            score: None,
            clinicians: Vec::new(),
            stats,
        },
        None => {
            let eval = evaluate(&index, &outcome.assignments);
            if !eval.is_feasible() {
                return Err(Error::Internal(format!(
                    "the flow roster breaks a hard rule: {}",
                    eval.breaches[0].message
                )));
            }
            let total = eval.score.total;
            let tolerance = 1e-6 * (1.0 + total.abs()) + 1e-6 * outcome.assignments.len() as f64;
            if (outcome.objective - total).abs() > tolerance {
                return Err(Error::Internal(format!(
                    "the flow objective {} disagrees with the evaluator's {total}",
                    outcome.objective
                )));
            }
            Roster {
                status: Status::Optimal,
                method: Method::Flow,
                reason: None,
                objective: Some(total),
                bound: Some(total),
                gap: Some(0.0),
                assignments: outcome.assignments,
                unfilled: eval.unfilled,
                score: Some(eval.score),
                clinicians: eval.clinicians,
                stats,
            }
        }
    };
    if options.timings {
        roster.stats.solve_ms = Some(started.elapsed().as_millis() as u64);
    }
    Ok(roster)
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
