//! # rotaflow
//!
//! Match a pool of clinicians (GPs, nurse practitioners, pharmacists…) to the shifts that
//! need them, and build rosters that respect working-time rules — exactly, as a min-cost
//! flow where the model allows, and as a MIP (good_lp on HiGHS) where it does not.
//!
//! The problem is one JSON document (schema version 1, see [`Problem`]); the answer is a
//! [`Roster`]. The front door:
//!
//! ```
//! use rotaflow::{Problem, SolveOptions};
//! let problem = Problem::from_json(r#"{
//!   "sites": [{"id": "P1", "name": "Riverside Surgery"}],
//!   "clinicians": [{"id": "GP1", "roles": ["gp"], "rate_per_hour": 95}],
//!   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
//!               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
//!              {"id": "S2", "site": "P1", "role": "gp",
//!               "start": "2026-12-07T10:00", "end": "2026-12-07T14:00"}]
//! }"#)?;
//! let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
//! // The two sessions overlap: one is filled, one is left with its penalty.
//! assert_eq!(roster.assignments.len(), 1);
//! assert_eq!(roster.unfilled.len(), 1);
//! assert_eq!(roster.objective, Some(1000.0 + 380.0));
//! # Ok::<(), rotaflow::Error>(())
//! ```
//!
//! * [`validate`] lists every problem in an input, each with a JSON pointer and a code.
//! * [`score`] is the independent evaluator: every hard-rule breach and every objective
//!   term of a set of assignments.
//! * [`mcf`] is the min-cost-flow engine (the `rotaflow-mcf` crate, re-exported), which
//!   knows nothing of clinicians; [`mcf::dimacs`] reads and writes DIMACS files.
//!
//! Development tools live in crates of their own: `rotaflow-synth` generates synthetic
//! flexible-pool problems, `rotaflow-curtois` reads the Curtois–Qu benchmark and scores
//! rosters by its own penalty.
//!
//! Cargo feature `mip` (default): the MIP solver, which builds HiGHS from source (cmake, a
//! C++ compiler and libclang). Without it, `mip` is refused with
//! [`Error::MethodUnavailable`] and `auto` solves flow-representable problems only.

#![forbid(unsafe_code)]
// Without `mip`, the pieces only the MIP uses (its deadline, its settings, the relaxation it
// is bounded by) are compiled but unused; they are kept rather than gated one by one.
#![cfg_attr(not(feature = "mip"), allow(dead_code, unused_imports))]

mod error;
mod evaluate;
mod index;
mod model;
mod ops;
pub mod read;
mod roster;
mod rule;
mod solve;
mod strict;
mod table;
mod validate;

/// The min-cost-flow engine (the `rotaflow-mcf` crate), which knows nothing of clinicians;
/// [`mcf::dimacs`] reads and writes its DIMACS files.
pub use rotaflow_mcf as mcf;

pub use error::{Error, ErrorCode, Issue, IssueCode, Obstacle, Result, sorted_issues};
pub use evaluate::stability::BLOCKING_PAIRS_SHOWN;
pub use evaluate::{
    BlockingPair, Breach, ClinicianSummary, Evaluation, PatternWarning, Score, Unfilled, evaluate,
    score,
};
pub use index::{
    ClinicianFacts, ClinicianIdx, CredentialFacts, EARTH_RADIUS_KM, Index, Ineligible, KindIdx,
    MAX_COUNT, PairTerms, PreferenceFacts, ShiftFacts, ShiftIdx, SiteIdx, Week, haversine_km,
};
pub use model::{
    Assignment, Booked, Clinician, Credential, DEFAULT_PATTERN_WEEKS, DEFAULT_TIMEZONE, Horizon,
    Interval, LatLon, Limits, Method, PerWeek, Preference, Problem, SCHEMA_VERSION, Shift, Site,
    Skill, SolveOptions, SolverOptions, Succession, TravelKm, Weights,
};
pub use ops::{
    Blocker, Candidate, Change, ClinicianBreakdown, ClinicianValue, Diff, EligibilityCounts,
    Explanation, Moved, PriorityCount, Recommendation, ReplanResult, ScenarioRow, SessionValue,
    ShiftExplanation, SiteBreakdown, WhatIf, explain, recommend, recommend_with, replan,
    report_html, scenario_row, sweep_report_html, whatif,
};
pub use roster::{Roster, Stats, Status};
pub use rule::Rule;
pub use solve::{
    PROGRESS_INTERVAL, PartSolution, Progress, ProgressFn, RosteringNetwork, Stop,
    default_memory_limit_mb, flow_obstacles, rostering_network, solve,
};
pub use table::{ShiftColumns, shift_columns};
pub use validate::options::{MAX_PATTERN_WEEKS, MAX_THREADS};
pub use validate::validate;

impl Problem {
    /// Parse a problem document and validate it, reporting every problem found.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every issue: JSON syntax, unknown fields, wrong types,
    /// and every semantic check of [`validate`].
    pub fn from_json(text: &str) -> Result<Problem> {
        let problem = read::problem_from_json(text).map_err(Error::Invalid)?;
        let issues = validate(&problem);
        if issues.is_empty() {
            Ok(problem)
        } else {
            Err(Error::Invalid(issues))
        }
    }

    /// As [`Problem::from_json`], from the bytes of a file or a stream: the text must be
    /// UTF-8 ([`read::utf8`]: a leading UTF-8 byte order mark is skipped).
    ///
    /// # Errors
    /// As [`Problem::from_json`], and an `invalid_utf8` issue giving the byte offset of
    /// the first byte that is not UTF-8 text.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Problem> {
        Problem::from_json(read::utf8(bytes)?)
    }

    /// Parse a problem document without the semantic checks (JSON-level problems are
    /// still all reported). Useful to inspect or repair an invalid problem.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every JSON-level issue (syntax, duplicate keys, unknown
    /// fields, wrong types, missing fields) and, so that one bad value does not hide the
    /// others, the semantic issues of the rest of the document.
    pub fn from_json_unvalidated(text: &str) -> Result<Problem> {
        read::problem_from_json(text).map_err(Error::Invalid)
    }

    /// As [`Problem::from_json_unvalidated`], from a parsed JSON value.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every JSON-level issue.
    pub fn from_value_unvalidated(value: serde_json::Value) -> Result<Problem> {
        let mut value = value;
        read::problem_from_value(&mut value).map_err(Error::Invalid)
    }

    /// The problem as pretty-printed JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
