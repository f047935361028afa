//! The problem document, schema version 1, exactly as `DESIGN.md` describes it.
//!
//! These types are the serde image of the JSON document that Rust, Python and C all
//! read. They hold the input as written (times and dates stay strings, counts stay
//! signed) so that a problem round-trips unchanged and so that validation, not parsing,
//! reports a negative headcount or an unparseable time with its JSON pointer. Unknown
//! fields are an error everywhere (`deny_unknown_fields`): a typo in a rule name must
//! not go unnoticed.
//!
//! Use [`Problem::from_json`] to parse and validate in one step; it returns every
//! problem found, not just the first.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The schema version this crate reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The zone used when a problem gives none.
pub const DEFAULT_TIMEZONE: &str = "Europe/London";

/// A whole rostering problem: who is in the pool, what needs covering, the rules and the
/// objective weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Schema version; must be 1 when given.
    #[serde(default = "default_version")]
    pub version: u32,
    /// IANA time zone in which civil times, days and weekends are read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The days the roster covers; default the first to the last shift day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Horizon>,
    /// Places where shifts are worked.
    #[serde(default)]
    pub sites: Vec<Site>,
    /// The pool.
    #[serde(default)]
    pub clinicians: Vec<Clinician>,
    /// The sessions that need covering.
    #[serde(default)]
    pub shifts: Vec<Shift>,
    /// Known travel distances, overriding the great-circle distance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel_km: Vec<TravelKm>,
    /// Pairs of shift kinds that may not be worked on consecutive days in that order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_successions: Vec<Succession>,
    /// Assignments that must be part of the roster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<Assignment>,
    /// A previously published roster; leaving one of its pairs costs `weights.change`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous: Vec<Assignment>,
    /// Sessions already worked before the horizon (revision 1.1), read only by the
    /// employment-pattern warnings and the `pattern` term: a run of weeks may begin in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Booked>,
    /// Objective weights.
    #[serde(default)]
    pub weights: Weights,
    /// Solver options carried with the problem.
    #[serde(default)]
    pub solver: SolverOptions,
    /// Skills every shift of a role requires, beside the shift's own `skills` (revision
    /// 1.1), e.g. `{"gp": ["performers_list", "indemnity"]}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub required_skills: BTreeMap<String, Vec<String>>,
}

fn default_version() -> u32 {
    SCHEMA_VERSION
}

impl Default for Problem {
    fn default() -> Self {
        Problem {
            version: SCHEMA_VERSION,
            timezone: None,
            horizon: None,
            sites: Vec::new(),
            clinicians: Vec::new(),
            shifts: Vec::new(),
            travel_km: Vec::new(),
            forbidden_successions: Vec::new(),
            pinned: Vec::new(),
            previous: Vec::new(),
            history: Vec::new(),
            weights: Weights::default(),
            solver: SolverOptions::default(),
            required_skills: BTreeMap::new(),
        }
    }
}

/// The days a roster covers, both inclusive, as ISO dates `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First day.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
}

/// A practice, hub or other place where shifts are worked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Unique, non-empty identifier.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Latitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// A point on the earth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatLon {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// A half-open period `[start, end)` of civil times (or RFC 3339 instants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// Start, inclusive.
    pub start: String,
    /// End, exclusive.
    pub end: String,
}

/// A member of the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clinician {
    /// Unique, non-empty identifier.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Roles the clinician may work (`gp`, `anp`, `pharmacist`, …).
    pub roles: Vec<String>,
    /// Skills and credentials held: a name (valid always) or a credential with its dates
    /// (revision 1.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    /// Where the clinician travels from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<LatLon>,
    /// Furthest site the clinician will travel to, in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_travel_km: Option<f64>,
    /// Periods the clinician can work; omitted means always, empty means never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Vec<Interval>>,
    /// Periods the clinician cannot work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<Interval>,
    /// Pay per hour worked.
    #[serde(default)]
    pub rate_per_hour: f64,
    /// Pay per shift worked.
    #[serde(default)]
    pub rate_per_shift: f64,
    /// Number of shifts the clinician should work, for fairness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_shifts: Option<i64>,
    /// Working-time rules.
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    /// Soft likes (positive weight) and dislikes (negative).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferences: Vec<Preference>,
    /// Sites the clinician never works at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_sites: Vec<String>,
}

/// A skill a clinician holds: a bare name, valid on every day, or a credential valid
/// between two dates (revision 1.1). In JSON, a string or
/// `{"name": …, "valid_from": …, "valid_until": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Skill {
    /// Held on every day.
    Always(String),
    /// Held between two dates.
    Dated(Credential),
}

/// A credential with the dates it is valid on (both inclusive, either optional), e.g. a
/// Performers List entry, a DBS check or indemnity cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The skill's name, as shifts and `required_skills` name it.
    pub name: String,
    /// First day it is valid on, an ISO date; omitted means since always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last day it is valid on (inclusive), an ISO date; omitted means for ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

impl Skill {
    /// The skill's name.
    pub fn name(&self) -> &str {
        match self {
            Skill::Always(name) => name,
            Skill::Dated(c) => &c.name,
        }
    }

    /// `valid_from` as written, when given.
    pub fn valid_from(&self) -> Option<&str> {
        match self {
            Skill::Always(_) => None,
            Skill::Dated(c) => c.valid_from.as_deref(),
        }
    }

    /// `valid_until` as written, when given.
    pub fn valid_until(&self) -> Option<&str> {
        match self {
            Skill::Always(_) => None,
            Skill::Dated(c) => c.valid_until.as_deref(),
        }
    }
}

impl From<&str> for Skill {
    fn from(name: &str) -> Self {
        Skill::Always(name.to_owned())
    }
}

impl From<String> for Skill {
    fn from(name: String) -> Self {
        Skill::Always(name)
    }
}

impl<'de> Deserialize<'de> for Skill {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SkillVisitor;

        impl<'de> serde::de::Visitor<'de> for SkillVisitor {
            type Value = Skill;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a skill's name or a credential object")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Skill, E> {
                Ok(Skill::Always(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Skill, E> {
                Ok(Skill::Always(v))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Skill, A::Error> {
                Credential::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Skill::Dated)
            }
        }

        deserializer.deserialize_any(SkillVisitor)
    }
}

/// Limits per calendar week, Monday to Sunday in the problem's zone (revision 1.1). A
/// week the horizon cuts counts only its days inside the horizon for a maximum and is
/// exempt from the minimum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerWeek {
    /// Most shifts in a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_shifts: Option<i64>,
    /// Most hours (real elapsed time) in a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// Fewest shifts in a whole week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_shifts: Option<i64>,
}

impl PerWeek {
    /// True when no weekly rule is set.
    pub fn is_empty(&self) -> bool {
        *self == PerWeek::default()
    }
}

/// Working-time rules of one clinician. Omitted rules do not apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Most shifts over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_shifts: Option<i64>,
    /// Fewest shifts over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_shifts: Option<i64>,
    /// Most hours over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// Fewest hours over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hours: Option<f64>,
    /// Most shifts on any one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_shifts_per_day: Option<i64>,
    /// Least rest, in hours, between a shift and a later shift on a different day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rest_hours: Option<f64>,
    /// Longest run of working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_days: Option<i64>,
    /// Shortest run of working days (runs touching the horizon's ends are exempt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days: Option<i64>,
    /// Shortest run of days off between two working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days_off: Option<i64>,
    /// Most weekends with a shift on the Saturday or the Sunday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weekends: Option<i64>,
    /// Most shifts of each kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub max_per_kind: BTreeMap<String, i64>,
    /// Limits per calendar week (revision 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_week: Option<PerWeek>,
}

impl Limits {
    /// True when no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// The minimums that can bind, each as "field value" (`min_shifts 3`,
    /// `per_week.min_shifts 2`), for the diagnoses of infeasibility.
    pub(crate) fn binding_minimums(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(m) = self.min_shifts.filter(|&m| m > 0) {
            out.push(format!("min_shifts {m}"));
        }
        if let Some(m) = self.min_hours.filter(|&m| m > 0.0) {
            out.push(format!("min_hours {m}"));
        }
        if let Some(m) = self.min_consecutive_days.filter(|&m| m > 1) {
            out.push(format!("min_consecutive_days {m}"));
        }
        if let Some(m) = self.min_consecutive_days_off.filter(|&m| m > 1) {
            out.push(format!("min_consecutive_days_off {m}"));
        }
        if let Some(m) = self
            .per_week
            .as_ref()
            .and_then(|w| w.min_shifts)
            .filter(|&m| m > 0)
        {
            out.push(format!("per_week.min_shifts {m}"));
        }
        out
    }
}

/// A soft preference: matches an assignment when every given selector matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preference {
    /// Matches shifts at this site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Matches shifts of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Matches shifts whose day is this ISO date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    /// Matches this shift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// Positive for a like, negative for a dislike.
    pub weight: f64,
}

/// A session that needs covering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Unique, non-empty identifier.
    pub id: String,
    /// The site's id.
    pub site: String,
    /// Start (civil time in the problem's zone, or RFC 3339).
    pub start: String,
    /// End, after the start.
    pub end: String,
    /// The role required.
    pub role: String,
    /// Skills required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Free-form kind (`AM`, `PM`, `EVE`, `N`…) used by rules and preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Clinicians needed; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<i64>,
    /// Cost per missing clinician; default `weights.unfilled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfilled_penalty: Option<f64>,
    /// Cost per clinician beyond the headcount; when omitted, over-staffing is forbidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_penalty: Option<f64>,
    /// Most clinicians when over-staffing is allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_headcount: Option<i64>,
    /// Highest hourly rate the shift may pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rate_per_hour: Option<f64>,
    /// Clinicians whose assignment earns `weights.continuity`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_clinicians: Vec<String>,
    /// Clinicians who may not work this shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_clinicians: Vec<String>,
}

/// A known distance between a clinician's home and a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelKm {
    /// The clinician's id.
    pub clinician: String,
    /// The site's id.
    pub site: String,
    /// Distance in km.
    pub km: f64,
}

/// Kind `first` on one day may not be followed by kind `then` on the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Succession {
    /// Kind worked on day d.
    pub first: String,
    /// Kind forbidden on day d + 1.
    pub then: String,
}

/// A session a clinician worked before the horizon (`history[]`, revision 1.1): where, what
/// kind and on which day (a date before the horizon's first day, in the problem's zone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Booked {
    /// The clinician's id.
    pub clinician: String,
    /// The site's id.
    pub site: String,
    /// The session's kind, as the shifts' `kind` (absent: a kind-less session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The ISO date (`2026-11-25`).
    pub date: String,
}

/// One clinician working one shift.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The shift's id.
    pub shift: String,
    /// The clinician's id.
    pub clinician: String,
}

impl Assignment {
    /// An assignment of `clinician` to `shift`.
    pub fn new(shift: impl Into<String>, clinician: impl Into<String>) -> Self {
        Assignment {
            shift: shift.into(),
            clinician: clinician.into(),
        }
    }
}

/// Objective weights. Omitted weights take the defaults of `DESIGN.md`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Default cost of one missing clinician on a shift.
    #[serde(default = "default_unfilled")]
    pub unfilled: f64,
    /// Multiplier on pay.
    #[serde(default = "one")]
    pub cost: f64,
    /// Multiplier on matched preference weights (subtracted).
    #[serde(default = "one")]
    pub preference: f64,
    /// Cost per km travelled.
    #[serde(default)]
    pub travel_per_km: f64,
    /// Cost per shift of deviation from a clinician's target.
    #[serde(default)]
    pub fairness: f64,
    /// Reward per assignment of a shift's preferred clinician (subtracted).
    #[serde(default)]
    pub continuity: f64,
    /// Cost per `previous` pair not kept.
    #[serde(default)]
    pub change: f64,
    /// Cost per repeat of a fixed weekly pattern beyond `solver.pattern_weeks − 1`
    /// (revision 1.1; see `docs/schema.md`, "Employment-pattern warnings").
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pattern: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn default_unfilled() -> f64 {
    1000.0
}

fn one() -> f64 {
    1.0
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            unfilled: default_unfilled(),
            cost: 1.0,
            preference: 1.0,
            travel_per_km: 0.0,
            fairness: 0.0,
            continuity: 0.0,
            change: 0.0,
            pattern: 0.0,
        }
    }
}

/// Which solver to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Flow when the problem is flow-representable; otherwise decompose from 250,000
    /// eligible pairs, the MIP below.
    #[default]
    Auto,
    /// Exact min-cost flow.
    Flow,
    /// Mixed-integer programming.
    Mip,
    /// Dantzig–Wolfe decomposition: column generation over clinicians' schedules with
    /// price-and-branch (HiGHS; the `mip` cargo feature).
    Decompose,
}

impl Method {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Flow => "flow",
            Method::Mip => "mip",
            Method::Decompose => "decompose",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Method::Auto),
            "flow" => Ok(Method::Flow),
            "mip" => Ok(Method::Mip),
            "decompose" => Ok(Method::Decompose),
            other => Err(format!(
                "unknown method `{other}`; expected auto, flow, mip or decompose"
            )),
        }
    }
}

/// Solver options, carried in the problem's `solver` block and overridable per call.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverOptions {
    /// Which solver.
    #[serde(default)]
    pub method: Method,
    /// Wall-clock limit in seconds (MIP).
    #[serde(default = "default_time_limit")]
    pub time_limit_s: f64,
    /// Relative gap at which the MIP may stop.
    #[serde(default)]
    pub mip_gap: f64,
    /// Threads the MIP may use; `None` lets the solver choose.
    #[serde(default)]
    pub threads: Option<u32>,
    /// Random seed (MIP).
    #[serde(default)]
    pub seed: u64,
    /// Weeks in a row at the same site, weekday and kind from which a clinician's bookings
    /// are reported as an employment pattern; `None` means 4 (revision 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_weeks: Option<i64>,
}

/// The default of `solver.pattern_weeks`.
pub const DEFAULT_PATTERN_WEEKS: i64 = 4;

impl SolverOptions {
    /// `pattern_weeks`, or its default.
    pub fn pattern_weeks(&self) -> i64 {
        self.pattern_weeks.unwrap_or(DEFAULT_PATTERN_WEEKS)
    }
}

fn default_time_limit() -> f64 {
    60.0
}

impl Default for SolverOptions {
    fn default() -> Self {
        SolverOptions {
            method: Method::Auto,
            time_limit_s: default_time_limit(),
            mip_gap: 0.0,
            threads: None,
            seed: 0,
            pattern_weeks: None,
        }
    }
}

/// Per-call options; each `Some` overrides the problem's own `solver` block.
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// The most memory, in MiB, the solve's model may be estimated to need (`None`: three
    /// quarters of the machine's memory, see [`crate::default_memory_limit_mb`]); a
    /// larger model is refused with [`crate::Error::TooLarge`] before it is built.
    pub memory_limit_mb: Option<f64>,
    /// The instant the time limit counts from (`None`: when the solve is called). A caller
    /// whose own work belongs to the limit (the command reads and validates the document
    /// first) sets it to when that work began; not part of the options document.
    pub started: Option<std::time::Instant>,
    /// A handle to stop the solve early from elsewhere (see [`crate::Stop`]); not part of
    /// the options document.
    pub stop: Option<crate::Stop>,
    /// A function that receives the solve's progress (see [`crate::Progress`]); not part
    /// of the options document.
    pub progress: Option<crate::ProgressFn>,
}
