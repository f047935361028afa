//! The field names of every object of the problem document (schema version 1), by its
//! place in the document: the one table the reader's unknown-field check and the faces'
//! own readers (the Python DataFrames) use.
//!
//! Kept beside the model by a test that serializes a fully populated problem and checks
//! that these tables list exactly its keys.

/// The document's top level.
pub const ROOT: &[&str] = &[
    "version",
    "timezone",
    "horizon",
    "sites",
    "clinicians",
    "shifts",
    "travel_km",
    "forbidden_successions",
    "pinned",
    "previous",
    "history",
    "weights",
    "solver",
    "required_skills",
];
/// `history[]` (revision 1.1).
pub const HISTORY: &[&str] = &["clinician", "site", "kind", "date"];
/// The fields a `history[]` entry cannot do without.
pub const HISTORY_REQUIRED: &[&str] = &["clinician", "site", "date"];
/// `horizon`.
pub const HORIZON: &[&str] = &["start", "end"];
/// `sites[]`.
pub const SITE: &[&str] = &["id", "name", "lat", "lon"];
/// `clinicians[]`.
pub const CLINICIAN: &[&str] = &[
    "id",
    "name",
    "roles",
    "skills",
    "home",
    "max_travel_km",
    "availability",
    "unavailable",
    "rate_per_hour",
    "rate_per_shift",
    "target_shifts",
    "limits",
    "preferences",
    "excluded_sites",
];
/// `clinicians[].home`.
pub const LATLON: &[&str] = &["lat", "lon"];
/// `clinicians[].availability[]` and `unavailable[]`.
pub const INTERVAL: &[&str] = &["start", "end"];
/// `clinicians[].limits`.
pub const LIMITS: &[&str] = &[
    "max_shifts",
    "min_shifts",
    "max_hours",
    "min_hours",
    "max_shifts_per_day",
    "min_rest_hours",
    "max_consecutive_days",
    "min_consecutive_days",
    "min_consecutive_days_off",
    "max_weekends",
    "max_per_kind",
    "per_week",
];
/// `clinicians[].limits.per_week`.
pub const PER_WEEK: &[&str] = &["max_shifts", "max_hours", "min_shifts"];
/// `clinicians[].skills[]` given as an object (a credential).
pub const CREDENTIAL: &[&str] = &["name", "valid_from", "valid_until"];
/// The fields of a credential that may not be omitted.
pub const CREDENTIAL_REQUIRED: &[&str] = &["name"];
/// `clinicians[].preferences[]`.
pub const PREFERENCE: &[&str] = &["site", "kind", "day", "shift", "weight"];
/// `shifts[]`.
pub const SHIFT: &[&str] = &[
    "id",
    "site",
    "start",
    "end",
    "role",
    "skills",
    "kind",
    "headcount",
    "unfilled_penalty",
    "over_penalty",
    "max_headcount",
    "max_rate_per_hour",
    "preferred_clinicians",
    "excluded_clinicians",
];
/// `travel_km[]`.
pub const TRAVEL: &[&str] = &["clinician", "site", "km"];
/// `forbidden_successions[]`.
pub const SUCCESSION: &[&str] = &["first", "then"];
/// `pinned[]` and `previous[]`.
pub const PAIR: &[&str] = &["shift", "clinician"];
/// `weights`.
pub const WEIGHTS: &[&str] = &[
    "unfilled",
    "cost",
    "preference",
    "travel_per_km",
    "fairness",
    "continuity",
    "change",
    "pattern",
];
/// `solver`.
pub const SOLVER: &[&str] = &[
    "method",
    "time_limit_s",
    "mip_gap",
    "threads",
    "seed",
    "pattern_weeks",
];

/// The fields of `sites[]` that may not be omitted.
pub const SITE_REQUIRED: &[&str] = &["id"];
/// The fields of `clinicians[]` that may not be omitted.
pub const CLINICIAN_REQUIRED: &[&str] = &["id", "roles"];
/// The fields of `shifts[]` that may not be omitted.
pub const SHIFT_REQUIRED: &[&str] = &["id", "site", "start", "end", "role"];
/// The fields of an interval that may not be omitted.
pub const INTERVAL_REQUIRED: &[&str] = &["start", "end"];
/// The fields of a preference that may not be omitted.
pub const PREFERENCE_REQUIRED: &[&str] = &["weight"];

/// The fields (of any object) whose value is a list of strings.
pub const STRING_LISTS: &[&str] = &[
    "roles",
    "skills",
    "excluded_sites",
    "preferred_clinicians",
    "excluded_clinicians",
];
