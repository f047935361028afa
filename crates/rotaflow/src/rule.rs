//! The rules' one vocabulary: every hard rule a roster can break, by its schema name.
//!
//! The evaluator's breaches ([`crate::Breach`]), the flow solver's obstacles
//! ([`crate::Obstacle`]), the explanations and the MIP's row families all name rules with
//! this enum, so a rule is spelled once. In JSON a rule is its `snake_case` name (the
//! field name in `limits`, or the concept's name for the rules that are not limits), and
//! these names never change meaning.

use serde::{Deserialize, Serialize};

/// A hard rule (see `docs/schema.md`, "Rules on a clinician's set of shifts").
///
/// Rules order by name, so that lists of breaches sort alphabetically by rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// An assignment names a shift or a clinician the problem lacks.
    UnknownId,
    /// The same pair is assigned twice.
    DuplicateAssignment,
    /// The clinician may not work the shift (role, skills, availability, exclusions, rate
    /// cap, travel).
    Eligibility,
    /// More clinicians than the shift's headcount (or `max_headcount`) allows.
    Headcount,
    /// Two of a clinician's shifts overlap in time.
    Overlap,
    /// Less rest than `min_rest_hours` between shifts on different days.
    MinRestHours,
    /// More shifts than `max_shifts` over the horizon.
    MaxShifts,
    /// Fewer shifts than `min_shifts` over the horizon.
    MinShifts,
    /// More hours than `max_hours` over the horizon.
    MaxHours,
    /// Fewer hours than `min_hours` over the horizon.
    MinHours,
    /// More shifts on one day than `max_shifts_per_day`.
    MaxShiftsPerDay,
    /// A run of working days longer than `max_consecutive_days`.
    MaxConsecutiveDays,
    /// A run of working days shorter than `min_consecutive_days` (runs touching the
    /// horizon's ends are exempt).
    MinConsecutiveDays,
    /// Fewer days off than `min_consecutive_days_off` between two working days.
    MinConsecutiveDaysOff,
    /// More weekends worked than `max_weekends`.
    MaxWeekends,
    /// More shifts of a kind than `max_per_kind` allows.
    MaxPerKind,
    /// Kind `first` on one day then kind `then` on the next (`forbidden_successions`).
    ForbiddenSuccessions,
    /// A pinned pair is not assigned.
    Pinned,
    /// More shifts in a calendar week than `per_week.max_shifts` (revision 1.1).
    MaxShiftsPerWeek,
    /// More hours in a calendar week than `per_week.max_hours` (revision 1.1).
    MaxHoursPerWeek,
    /// Fewer shifts in a whole calendar week than `per_week.min_shifts` (revision 1.1).
    MinShiftsPerWeek,
    /// Not a hard rule: the soft term `weights.pattern` (repeats of a fixed weekly
    /// pattern, revision 1.1), named when it stands in a solver's way.
    Pattern,
}

impl Rule {
    /// Every rule, in declaration order.
    pub const ALL: &'static [Rule] = &[
        Rule::UnknownId,
        Rule::DuplicateAssignment,
        Rule::Eligibility,
        Rule::Headcount,
        Rule::Overlap,
        Rule::MinRestHours,
        Rule::MaxShifts,
        Rule::MinShifts,
        Rule::MaxHours,
        Rule::MinHours,
        Rule::MaxShiftsPerDay,
        Rule::MaxConsecutiveDays,
        Rule::MinConsecutiveDays,
        Rule::MinConsecutiveDaysOff,
        Rule::MaxWeekends,
        Rule::MaxPerKind,
        Rule::ForbiddenSuccessions,
        Rule::Pinned,
        Rule::MaxShiftsPerWeek,
        Rule::MaxHoursPerWeek,
        Rule::MinShiftsPerWeek,
        Rule::Pattern,
    ];

    /// The stable name, e.g. `min_rest_hours`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::UnknownId => "unknown_id",
            Rule::DuplicateAssignment => "duplicate_assignment",
            Rule::Eligibility => "eligibility",
            Rule::Headcount => "headcount",
            Rule::Overlap => "overlap",
            Rule::MinRestHours => "min_rest_hours",
            Rule::MaxShifts => "max_shifts",
            Rule::MinShifts => "min_shifts",
            Rule::MaxHours => "max_hours",
            Rule::MinHours => "min_hours",
            Rule::MaxShiftsPerDay => "max_shifts_per_day",
            Rule::MaxConsecutiveDays => "max_consecutive_days",
            Rule::MinConsecutiveDays => "min_consecutive_days",
            Rule::MinConsecutiveDaysOff => "min_consecutive_days_off",
            Rule::MaxWeekends => "max_weekends",
            Rule::MaxPerKind => "max_per_kind",
            Rule::ForbiddenSuccessions => "forbidden_successions",
            Rule::Pinned => "pinned",
            Rule::MaxShiftsPerWeek => "max_shifts_per_week",
            Rule::MaxHoursPerWeek => "max_hours_per_week",
            Rule::MinShiftsPerWeek => "min_shifts_per_week",
            Rule::Pattern => "pattern",
        }
    }

    /// Whether giving up one of the clinician's other shifts always mends a breach of this
    /// rule caused by one more shift (the rules of capacity: overlap and the counts).
    pub fn is_capacity(self) -> bool {
        matches!(
            self,
            Rule::Overlap
                | Rule::MaxShifts
                | Rule::MaxShiftsPerDay
                | Rule::MaxHours
                | Rule::MaxShiftsPerWeek
                | Rule::MaxHoursPerWeek
        )
    }

    /// Whether this is a minimum: a rule that only adding shifts can mend, and the only
    /// rules (with pins) that can make a problem infeasible.
    pub fn is_minimum(self) -> bool {
        matches!(
            self,
            Rule::MinShifts
                | Rule::MinHours
                | Rule::MinConsecutiveDays
                | Rule::MinConsecutiveDaysOff
                | Rule::MinShiftsPerWeek
        )
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown rule `{s}`"))
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_json_and_text() {
        for &rule in Rule::ALL {
            let json = serde_json::to_string(&rule).expect("serializes");
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
            assert_eq!(serde_json::from_str::<Rule>(&json).expect("reads"), rule);
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
        }
        assert!("max_shift".parse::<Rule>().is_err());
    }
}
