//! Per-call solve options, read from Rust or from the JSON options document of the C ABI
//! and Python, and resolved once against the problem's `solver` block into the
//! [`Settings`] every backend reads.

use std::time::Instant;

use crate::error::{Error, Issue, IssueCode, Result, escape};
use crate::model::{Method, Problem, SolveOptions};
use crate::validate::options::MAX_THREADS;
use crate::validate::options::{check_call_options, threads_too_large};

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

    /// Count the time limit from `started` (see [`SolveOptions::started`]).
    pub fn with_started(mut self, started: Instant) -> Self {
        self.started = Some(started);
        self
    }

    /// Let `stop` end the solve early (see [`crate::Stop`]).
    pub fn with_stop(mut self, stop: crate::Stop) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Report the solve's progress to `progress` (see [`crate::Progress`]).
    pub fn with_progress(mut self, progress: crate::ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The options document as a parsed JSON value (see [`SolveOptions::from_json`], which
    /// reads the text).
    ///
    /// # Errors
    /// As [`SolveOptions::from_json`], but for the JSON syntax and keys given twice.
    pub fn from_value(value: &serde_json::Value) -> Result<Self> {
        use serde_json::Value;
        const FIELDS: [&str; 7] = [
            "method",
            "time_limit_s",
            "mip_gap",
            "threads",
            "seed",
            "timings",
            "memory_limit_mb",
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
                format!("/{}", escape(key)),
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
                    None => issues.push(wrong_type(key, "a string: auto, flow, mip or decompose")),
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
                            threads_too_large(n),
                        )),
                    },
                    None => issues.push(wrong_type(key, "a non-negative integer")),
                },
                "seed" => match v.as_u64() {
                    Some(n) => options.seed = Some(n),
                    None => issues.push(wrong_type(key, "a non-negative integer")),
                },
                "memory_limit_mb" => match v.as_f64() {
                    Some(m) => options.memory_limit_mb = Some(m),
                    None => issues.push(wrong_type(key, "a number of MiB")),
                },
                "timings" => match v {
                    Value::Bool(b) => options.timings = *b,
                    _ => issues.push(wrong_type(key, "true or false")),
                },
                other => issues.push(Issue::new(
                    format!("/{}", escape(other)),
                    IssueCode::UnknownField,
                    format!(
                        "unknown option `{other}`; the options are {}",
                        FIELDS.join(", ")
                    ),
                )),
            }
        }
        if let Err(Error::Invalid(more)) = check_call_options(&options) {
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

/// The options of one solve, resolved once: each per-call option, else the problem's
/// `solver` block. The clock starts when the call starts, so a time limit covers
/// validation and model building too.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The method asked for.
    pub(crate) method: Method,
    /// Wall-clock limit for the whole call, seconds.
    pub(crate) time_limit_s: f64,
    /// When the time limit started: when the call started, or the caller's earlier
    /// [`SolveOptions::started`].
    pub(crate) started: Instant,
    /// When the call started (`stats.solve_ms` counts from it).
    pub(crate) called: Instant,
    /// Relative gap at which a search may stop.
    pub(crate) mip_gap: f64,
    /// Solver threads (`None`: the solver decides): the value asked for (validated to
    /// `1..=MAX_THREADS`), lowered to the machine's available parallelism. More threads
    /// than cores only slow a branch-and-bound search down, and every thread HiGHS is
    /// asked for costs it a worker and its memory before it starts.
    pub(crate) threads: Option<u32>,
    /// Random seed.
    pub(crate) seed: u64,
    /// The memory cap, MiB (`None`: none).
    pub(crate) memory_limit_mb: Option<f64>,
    /// The caller's stop handle, if any.
    pub(crate) stop: Option<crate::Stop>,
    /// Where progress goes (nowhere when the caller gave no function).
    pub(crate) progress: std::sync::Arc<super::Reporter>,
}

impl Settings {
    /// Whether the caller asked the solve to stop.
    pub(crate) fn stop_requested(&self) -> bool {
        self.stop.as_ref().is_some_and(crate::Stop::is_requested)
    }

    /// Resolve `options` against `problem`'s `solver` block.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a per-call option is out of range (the problem's own block
    /// was checked by validation).
    pub(crate) fn resolve(
        problem: &Problem,
        options: &SolveOptions,
        started: Instant,
    ) -> Result<Self> {
        check_call_options(options)?;
        let solver = &problem.solver;
        let time_limit_s = options.time_limit_s.unwrap_or(solver.time_limit_s);
        let started_at = options.started.map_or(started, |s| s.min(started));
        Ok(Settings {
            method: options.method.unwrap_or(solver.method),
            time_limit_s,
            started: started_at,
            called: started,
            mip_gap: options.mip_gap.unwrap_or(solver.mip_gap),
            threads: options
                .threads
                .or(solver.threads)
                .map(|n| n.min(available_threads())),
            seed: options.seed.unwrap_or(solver.seed),
            memory_limit_mb: options
                .memory_limit_mb
                .or_else(super::memory::default_memory_limit_mb),
            stop: options.stop.clone(),
            progress: std::sync::Arc::new(super::Reporter::new(
                options.progress.clone(),
                started_at,
                time_limit_s,
            )),
        })
    }
}

/// The threads this process may run at once (at least 1, at most [`MAX_THREADS`]), as
/// the operating system reports them (CPU affinity and cgroup quotas included).
pub(crate) fn available_threads() -> u32 {
    std::thread::available_parallelism()
        .map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX))
        .clamp(1, MAX_THREADS)
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
    fn options_from_json_refuse_keys_given_twice_and_skip_a_bom() {
        let err = SolveOptions::from_json(r#"{"method": "flow", "method": "mip"}"#).unwrap_err();
        let got: Vec<(&str, &str)> = err
            .issues()
            .iter()
            .map(|i| (i.pointer.as_str(), i.code.as_str()))
            .collect();
        assert_eq!(got, [("/method", "duplicate_key")]);
        let o = SolveOptions::from_json("\u{feff}{\"seed\": 3}").expect("a BOM is skipped");
        assert_eq!(o.seed, Some(3));
    }

    #[test]
    fn options_from_json_refuse_thread_counts_out_of_range() {
        for n in [
            "0",
            "257",
            "100000",
            "4294967295",
            "4294967296",
            "18446744073709551615",
        ] {
            let err = SolveOptions::from_json(&format!(r#"{{"threads": {n}}}"#))
                .expect_err("out of range");
            let got: Vec<(&str, IssueCode)> = err
                .issues()
                .iter()
                .map(|i| (i.pointer.as_str(), i.code))
                .collect();
            assert_eq!(got, [("/threads", IssueCode::InvalidValue)], "{n}");
            assert!(err.issues()[0].message.contains("between 1 and 256"));
        }
    }

    #[test]
    fn threads_reaching_the_solver_are_lowered_to_the_machine() {
        let cores = available_threads();
        assert!((1..=MAX_THREADS).contains(&cores));
        let mut problem = Problem::default();
        for (asked, in_problem) in [(Some(MAX_THREADS), None), (None, Some(MAX_THREADS))] {
            problem.solver.threads = in_problem;
            let options = SolveOptions {
                threads: asked,
                ..SolveOptions::new()
            };
            let settings = Settings::resolve(&problem, &options, Instant::now()).expect("valid");
            assert_eq!(settings.threads, Some(cores));
        }
        let options = SolveOptions {
            threads: Some(1),
            ..SolveOptions::new()
        };
        let settings = Settings::resolve(&problem, &options, Instant::now()).expect("valid");
        assert_eq!(settings.threads, Some(1));
        problem.solver.threads = None;
        let settings =
            Settings::resolve(&problem, &SolveOptions::new(), Instant::now()).expect("valid");
        assert_eq!(settings.threads, None, "unset stays unset: HiGHS decides");
    }
}
