//! What can go wrong reading an instance or a roster, or turning a rotaflow roster back.

/// An error reading a Curtois instance or roster. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CurtoisError {
    /// A `SECTION_…` header that is not one of the seven known sections.
    #[error(
        "line {line}: unknown section `{name}` (expected one of SECTION_HORIZON, SECTION_SHIFTS, \
         SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, \
         SECTION_COVER)"
    )]
    UnknownSection {
        /// Line of the header.
        line: usize,
        /// The header as written.
        name: String,
    },
    /// A section header seen a second time.
    #[error("line {line}: section {name} appears a second time (expected each section once)")]
    DuplicateSection {
        /// Line of the second header.
        line: usize,
        /// The section.
        name: &'static str,
    },
    /// A section the instance needs is absent.
    #[error("missing section {name}")]
    MissingSection {
        /// The section.
        name: &'static str,
    },
    /// A data line before any section header.
    #[error("line {line}: expected a SECTION_… header before data, found `{found}`")]
    OutsideSection {
        /// Line of the data.
        line: usize,
        /// The line as written.
        found: String,
    },
    /// A line with the wrong number of fields.
    #[error("line {line}: expected {expected}, found {found} field(s)")]
    FieldCount {
        /// Line number.
        line: usize,
        /// What the line should hold.
        expected: String,
        /// How many fields it has.
        found: usize,
    },
    /// A field that should be a non-negative integer.
    #[error("line {line}: expected {expected} (a non-negative integer), found `{found}`")]
    NotANumber {
        /// Line number.
        line: usize,
        /// Which field.
        expected: &'static str,
        /// The field as written.
        found: String,
    },
    /// A shift ID that `SECTION_SHIFTS` does not declare.
    #[error("line {line}: unknown shift type `{id}` (expected a shift ID of SECTION_SHIFTS)")]
    UnknownShift {
        /// Line number.
        line: usize,
        /// The ID as written.
        id: String,
    },
    /// A staff ID that `SECTION_STAFF` does not declare.
    #[error("line {line}: unknown staff member `{id}` (expected a staff ID of SECTION_STAFF)")]
    UnknownStaff {
        /// Line number.
        line: usize,
        /// The ID as written.
        id: String,
    },
    /// A day index outside `0..horizon`.
    #[error("line {line}: day {day} is outside the horizon (expected 0..={})", horizon.saturating_sub(1))]
    DayOutOfRange {
        /// Line number.
        line: usize,
        /// The day index.
        day: usize,
        /// The horizon length in days.
        horizon: usize,
    },
    /// Something declared twice.
    #[error("line {line}: duplicate {what} (expected it once)")]
    Duplicate {
        /// Line number.
        line: usize,
        /// What is duplicated.
        what: String,
    },
    /// Any other malformed value.
    #[error("line {line}: expected {expected}, found `{found}`")]
    Invalid {
        /// Line number.
        line: usize,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A rotaflow assignment that has no place in a benchmark roster.
    #[error("assignment of `{shift}` to `{clinician}`: {reason}")]
    BadAssignment {
        /// The shift id.
        shift: String,
        /// The clinician id.
        clinician: String,
        /// Why.
        reason: String,
    },
    /// A roster with no line for a staff member of the instance.
    #[error("roster has no line for staff member `{id}` (expected one line per staff member)")]
    MissingStaffLine {
        /// The staff ID.
        id: String,
    },
}
