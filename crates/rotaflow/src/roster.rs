//! The roster: the answer document of `DESIGN.md`.

use serde::{Deserialize, Serialize};

use crate::evaluate::{ClinicianSummary, Score, Unfilled};
use crate::model::{Assignment, Method};

/// How good the roster is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal.
    Optimal,
    /// Feasible, not proven optimal (a time limit or gap stopped the search).
    Feasible,
    /// No roster meets the minimums and pins; `reason` says why.
    Infeasible,
    /// The search stopped before finding any roster.
    NoSolution,
}

impl Status {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::NoSolution => "no_solution",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Size and effort of a solve. Everything here is deterministic except `solve_ms`,
/// which is only present when timings were asked for (so that by default the same input
/// gives the same bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Wall-clock milliseconds, when [`crate::SolveOptions::timings`] was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solve_ms: Option<u64>,
    /// Flow network nodes (0 for the MIP).
    pub nodes: u64,
    /// Flow network arcs (0 for the MIP).
    pub arcs: u64,
    /// MIP variables (0 for the flow).
    pub variables: u64,
    /// MIP constraints (0 for the flow).
    pub constraints: u64,
    /// Eligible (clinician, shift) pairs.
    pub eligible_pairs: u64,
    /// Why this method was used.
    pub method_reason: String,
}

/// A solved roster.
///
/// `score`, `unfilled` and `clinicians` are computed by the independent evaluator from the
/// assignments alone, and `objective` equals `score.total`. For an `infeasible` or
/// `no_solution` roster, `objective`, `bound`, `gap` and `score` are `null` and `reason`
/// says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// How good the roster is known to be.
    pub status: Status,
    /// The solver that produced it (`flow` or `mip`).
    pub method: Method,
    /// Why there is no roster, for `infeasible` and `no_solution`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The objective (= `score.total`).
    pub objective: Option<f64>,
    /// The best proven lower bound on the objective.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// Who works what, sorted by shift id then clinician id.
    pub assignments: Vec<Assignment>,
    /// Shifts short of their headcount, by shift id.
    pub unfilled: Vec<Unfilled>,
    /// The objective term by term.
    pub score: Option<Score>,
    /// Every clinician's share, by id.
    pub clinicians: Vec<ClinicianSummary>,
    /// Size and effort.
    pub stats: Stats,
}

impl Roster {
    /// The roster as pretty-printed JSON (two-space indent, trailing newline): the bytes
    /// `rotaflow solve` writes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serializing plain data cannot fail; keep the signature infallible.
            format!("{{\"error\": \"{e}\"}}")
        });
        s.push('\n');
        s
    }

    /// Read a roster document (as written by [`Roster::to_json`]); a list where the
    /// roster has an object is refused. [`crate::read::roster`] also refuses duplicate
    /// keys and gives pointers.
    ///
    /// # Errors
    /// The serde error (with its line and column when the text is not JSON).
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        crate::strict::from_value(&value)
    }
}
