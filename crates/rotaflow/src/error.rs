//! Errors: one enum for the crate, the validation issue list it carries, and the one table
//! of stable error codes ([`ErrorCode`]) that every face maps from.

use serde::{Deserialize, Serialize};

use crate::mcf::McfError;
use crate::rule::Rule;

/// A stable, machine-readable code for one validation problem.
///
/// The names (the `snake_case` strings of [`IssueCode::as_str`]) never change meaning;
/// new codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueCode {
    /// The text is not JSON.
    InvalidJson,
    /// The text is not UTF-8 (invalid bytes, UTF-16 or UTF-32, a NUL byte); the message
    /// gives the byte offset.
    InvalidUtf8,
    /// A key appears twice in one object.
    DuplicateKey,
    /// A field the schema does not know (often a typo).
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A field holds the wrong JSON type.
    InvalidType,
    /// A field holds a value outside its allowed set (an unknown method, a number too large).
    InvalidValue,
    /// `version` is not 1.
    UnsupportedVersion,
    /// An identifier is empty.
    EmptyId,
    /// An identifier appears twice in its list.
    DuplicateId,
    /// A reference to a site that does not exist.
    UnknownSite,
    /// A reference to a clinician that does not exist.
    UnknownClinician,
    /// A reference to a shift that does not exist.
    UnknownShift,
    /// `timezone` is not an IANA zone.
    InvalidTimezone,
    /// A time that cannot be read as `YYYY-MM-DDTHH:MM[:SS]` or RFC 3339.
    InvalidTime,
    /// A date that cannot be read as `YYYY-MM-DD`.
    InvalidDate,
    /// An interval (shift, availability, horizon) whose end is not after its start.
    EndNotAfterStart,
    /// A shift whose day lies outside the horizon.
    ShiftOutsideHorizon,
    /// A count, rate, penalty or distance below zero.
    NegativeValue,
    /// A NaN or infinite number.
    NonFiniteNumber,
    /// A latitude outside [-90, 90] or a longitude outside [-180, 180], or only one of them.
    InvalidCoordinates,
    /// A distance is needed (for `max_travel_km` or `travel_per_km`) but cannot be known.
    UnknownDistance,
    /// A preference with no selector.
    EmptyPreference,
    /// A pair listed twice in `pinned`, `previous` or `travel_km`.
    DuplicatePair,
    /// A minimum above its maximum (`min_shifts` > `max_shifts`, `max_headcount` < `headcount`…).
    MinAboveMax,
    /// A pinned clinician who is not eligible for the pinned shift.
    PinNotEligible,
    /// Pins that together break a rule (overlap, a maximum, the headcount).
    PinConflict,
}

impl IssueCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [IssueCode] = &[
        IssueCode::InvalidJson,
        IssueCode::InvalidUtf8,
        IssueCode::DuplicateKey,
        IssueCode::UnknownField,
        IssueCode::MissingField,
        IssueCode::InvalidType,
        IssueCode::InvalidValue,
        IssueCode::UnsupportedVersion,
        IssueCode::EmptyId,
        IssueCode::DuplicateId,
        IssueCode::UnknownSite,
        IssueCode::UnknownClinician,
        IssueCode::UnknownShift,
        IssueCode::InvalidTimezone,
        IssueCode::InvalidTime,
        IssueCode::InvalidDate,
        IssueCode::EndNotAfterStart,
        IssueCode::ShiftOutsideHorizon,
        IssueCode::NegativeValue,
        IssueCode::NonFiniteNumber,
        IssueCode::InvalidCoordinates,
        IssueCode::UnknownDistance,
        IssueCode::EmptyPreference,
        IssueCode::DuplicatePair,
        IssueCode::MinAboveMax,
        IssueCode::PinNotEligible,
        IssueCode::PinConflict,
    ];

    /// The stable string form, e.g. `unknown_site`.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::InvalidJson => "invalid_json",
            IssueCode::InvalidUtf8 => "invalid_utf8",
            IssueCode::DuplicateKey => "duplicate_key",
            IssueCode::UnknownField => "unknown_field",
            IssueCode::MissingField => "missing_field",
            IssueCode::InvalidType => "invalid_type",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::UnsupportedVersion => "unsupported_version",
            IssueCode::EmptyId => "empty_id",
            IssueCode::DuplicateId => "duplicate_id",
            IssueCode::UnknownSite => "unknown_site",
            IssueCode::UnknownClinician => "unknown_clinician",
            IssueCode::UnknownShift => "unknown_shift",
            IssueCode::InvalidTimezone => "invalid_timezone",
            IssueCode::InvalidTime => "invalid_time",
            IssueCode::InvalidDate => "invalid_date",
            IssueCode::EndNotAfterStart => "end_not_after_start",
            IssueCode::ShiftOutsideHorizon => "shift_outside_horizon",
            IssueCode::NegativeValue => "negative_value",
            IssueCode::NonFiniteNumber => "non_finite_number",
            IssueCode::InvalidCoordinates => "invalid_coordinates",
            IssueCode::UnknownDistance => "unknown_distance",
            IssueCode::EmptyPreference => "empty_preference",
            IssueCode::DuplicatePair => "duplicate_pair",
            IssueCode::MinAboveMax => "min_above_max",
            IssueCode::PinNotEligible => "pin_not_eligible",
            IssueCode::PinConflict => "pin_conflict",
        }
    }
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input: where, what kind, and a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Issue {
    /// RFC 6901 JSON pointer to the offending value, e.g. `/shifts/17/site`.
    pub pointer: String,
    /// Stable code.
    pub code: IssueCode,
    /// A sentence saying what is wrong.
    pub message: String,
}

impl Issue {
    /// A new issue.
    pub fn new(pointer: impl Into<String>, code: IssueCode, message: impl Into<String>) -> Self {
        Issue {
            pointer: pointer.into(),
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.message, self.code)
    }
}

/// Issues in reading order — by pointer (`/shifts/2` before `/shifts/10`), then code and
/// message — each once. Every list of issues rotaflow returns is in this order.
pub fn sorted_issues(mut issues: Vec<Issue>) -> Vec<Issue> {
    issues.sort_by(|a, b| {
        pointer_order(&a.pointer, &b.pointer)
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
    issues.dedup();
    issues
}

/// Order pointers so that `/shifts/2` comes before `/shifts/10`.
pub(crate) fn pointer_order(a: &str, b: &str) -> std::cmp::Ordering {
    let mut x = a.split('/');
    let mut y = b.split('/');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// Escape one pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// One rule that keeps the flow solver from representing a problem exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obstacle {
    /// The rule (serialized by its schema name: `max_hours`, `overlap`, …).
    pub rule: Rule,
    /// The clinician it concerns, when it concerns one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinician: Option<String>,
    /// What about the rule is in the way.
    pub detail: String,
}

impl std::fmt::Display for Obstacle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.clinician {
            Some(c) => write!(f, "{} ({c}): {}", self.rule, self.detail),
            None => write!(f, "{}: {}", self.rule, self.detail),
        }
    }
}

/// Everything that can go wrong in rotaflow.
///
/// A time limit or an optimality gap is not an error: it is a status on the roster.
/// Infeasibility is not an error either: it is the roster status `infeasible`, with a
/// reason.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The problem (or the assignments given to `score`) has problems; every one found is
    /// listed.
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<Issue>),
    /// `flow` was asked for a problem it cannot represent exactly.
    #[error("the flow solver cannot represent this problem exactly: {}", obstacle_summary(.0))]
    NotFlowRepresentable(Vec<Obstacle>),
    /// The method exists in the schema but not in this build.
    #[error("{0}")]
    MethodUnavailable(String),
    /// Numbers too large to solve exactly in 64-bit integers.
    #[error("numbers out of range: {0}")]
    OutOfRange(String),
    /// The solve would need more memory than the cap (the `memory_limit_mb` option,
    /// default three quarters of the machine's memory): refused before its model is built.
    #[error(
        "the {method} model of this problem ({pairs} eligible pairs) would need about \
         {estimate_mb} MB of memory, above the memory limit of {limit_mb} MB; raise the \
         limit (the `memory_limit_mb` option, `--memory-limit` on the command line), split \
         the problem into regions, or use a method that needs less"
    )]
    TooLarge {
        /// The method whose model is too large.
        method: crate::model::Method,
        /// Its estimated peak memory, MiB (rounded up).
        estimate_mb: u64,
        /// The cap, MiB.
        limit_mb: u64,
        /// The problem's eligible (clinician, shift) pairs, which the estimate grows with.
        pairs: usize,
    },
    /// A broken invariant inside rotaflow: a bug, reported instead of a wrong answer.
    #[error("internal error (please report this): {0}")]
    Internal(String),
    /// The min-cost-flow engine refused its network (a bug in the model if it happens).
    #[error("internal error (please report this): min-cost-flow engine: {0}")]
    Flow(#[from] McfError),
    /// An external solver library (HiGHS) failed; its own error is the source.
    #[error("internal error (please report this): {context}: {source}")]
    Solver {
        /// What rotaflow asked of the library.
        context: String,
        /// The library's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

/// The stable, machine-readable code of an [`Error`]: the one table the command's exit
/// statuses, the C statuses and Python's exception kinds are mapped from. The strings of
/// [`ErrorCode::as_str`] never change meaning; codes may be added.
///
/// | [`ErrorCode`] | [`Error`] variant | command exit | C status | Python |
/// |---|---|---|---|---|
/// | `invalid_json` | [`Error::Invalid`] with an `invalid_json` or `invalid_utf8` issue | 1 | `MALFORMED_JSON` (3) | `ValidationError` |
/// | `invalid` | [`Error::Invalid`] | 1 | `VALIDATION_FAILED` (4) | `ValidationError` |
/// | `not_flow_representable` | [`Error::NotFlowRepresentable`] | 5 | `SOLVER_FAILED` (7) | `SolverError`, `kind` = the code |
/// | `method_unavailable` | [`Error::MethodUnavailable`] | 5 | `SOLVER_FAILED` (7) | `SolverError` |
/// | `out_of_range` | [`Error::OutOfRange`] | 6 | `OUT_OF_RANGE` (8) | `SolverError` |
/// | `too_large` | [`Error::TooLarge`] | 8 | `TOO_LARGE` (10) | `SolverError` |
/// | `internal` | [`Error::Internal`], [`Error::Flow`], [`Error::Solver`] | 6 | `INTERNAL_ERROR` (9) | `SolverError` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// A document is not JSON at all (not even UTF-8 text, as RFC 8259 requires).
    InvalidJson,
    /// A document has problems (every one is listed in the error's issues).
    Invalid,
    /// `flow` was asked for a problem it cannot represent exactly.
    NotFlowRepresentable,
    /// The method is not in this build.
    MethodUnavailable,
    /// Numbers too large to solve exactly.
    OutOfRange,
    /// The model would need more memory than the cap.
    TooLarge,
    /// A bug in rotaflow or a failure of a library it calls.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::Invalid,
        ErrorCode::NotFlowRepresentable,
        ErrorCode::MethodUnavailable,
        ErrorCode::OutOfRange,
        ErrorCode::TooLarge,
        ErrorCode::Internal,
    ];

    /// The stable string form, e.g. `not_flow_representable`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::Invalid => "invalid",
            ErrorCode::NotFlowRepresentable => "not_flow_representable",
            ErrorCode::MethodUnavailable => "method_unavailable",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The error's stable code (see [`ErrorCode`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(issues)
                if issues
                    .iter()
                    .any(|i| matches!(i.code, IssueCode::InvalidJson | IssueCode::InvalidUtf8)) =>
            {
                ErrorCode::InvalidJson
            }
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::NotFlowRepresentable(_) => ErrorCode::NotFlowRepresentable,
            Error::MethodUnavailable(_) => ErrorCode::MethodUnavailable,
            Error::OutOfRange(_) => ErrorCode::OutOfRange,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::Internal(_) | Error::Flow(_) | Error::Solver { .. } => ErrorCode::Internal,
        }
    }

    /// An [`Error::Solver`] wrapping a library's error.
    pub(crate) fn solver(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Solver {
            context: context.into(),
            source: Box::new(source),
        }
    }

    /// The validation issues, when this is [`Error::Invalid`].
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::Invalid(issues) => issues,
            _ => &[],
        }
    }
}

fn invalid_summary(issues: &[Issue]) -> String {
    match issues {
        [one] => format!("the problem is invalid: {one}"),
        [first, rest @ ..] => format!(
            "the problem is invalid: {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
        [] => "the problem is invalid".to_owned(),
    }
}

fn obstacle_summary(obstacles: &[Obstacle]) -> String {
    const SHOWN: usize = 3;
    let mut s: Vec<String> = obstacles
        .iter()
        .take(SHOWN)
        .map(|o| o.to_string())
        .collect();
    if obstacles.len() > SHOWN {
        s.push(format!("and {} more", obstacles.len() - SHOWN));
    }
    s.join("; ")
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_sort_numerically() {
        assert!(pointer_order("/shifts/2/id", "/shifts/10/id").is_lt());
        assert!(pointer_order("/shifts", "/shifts/0").is_lt());
    }
}
