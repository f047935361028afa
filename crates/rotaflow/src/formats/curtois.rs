//! The Curtois & Qu shift scheduling benchmark ("Nurse Rostering Instances 1–24",
//! <https://www.schedulingbenchmarks.org/nrp/>): the instance `.txt` format, the published
//! roster files, and an exact evaluator of the benchmark objective.
//!
//! Reference: T. Curtois and R. Qu, *Computational results on new staff scheduling
//! benchmark instances*, technical report, ASAP Research Group, University of Nottingham,
//! 2014; the site also cites E. K. Burke and T. Curtois, *New approaches to nurse rostering
//! benchmark instances*, EJOR 2014 (doi `10.1016/j.ejor.2014.01.039`).
//!
//! # Instance format
//!
//! Plain text, comma-separated fields without spaces, CRLF line endings in the distributed
//! files (LF is accepted too). Lines starting with `#` are comments and empty lines separate
//! sections. Seven sections, each introduced by its name on a line of its own:
//!
//! | section | one data line | stored in |
//! | --- | --- | --- |
//! | `SECTION_HORIZON` | `H`, the number of days (day 0 is a Monday) | [`Instance::horizon`] |
//! | `SECTION_SHIFTS` | `ShiftID,Length,CannotFollow` — `CannotFollow` is a `\|`-separated list, possibly empty | [`Instance::shifts`] |
//! | `SECTION_STAFF` | `ID,T1=m1\|T2=m2…,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends` | [`Instance::staff`] |
//! | `SECTION_DAYS_OFF` | `ID,d1,d2,…` | [`Staff::days_off`] |
//! | `SECTION_SHIFT_ON_REQUESTS` | `ID,Day,ShiftID,Weight` | [`Instance::shift_on_requests`] |
//! | `SECTION_SHIFT_OFF_REQUESTS` | `ID,Day,ShiftID,Weight` | [`Instance::shift_off_requests`] |
//! | `SECTION_COVER` | `Day,ShiftID,Requirement,WeightUnder,WeightOver` | [`Instance::cover`] |
//!
//! The parser accepts the sections in any order but each exactly once; every identifier
//! must be declared (shift types in `SECTION_SHIFTS`, staff in `SECTION_STAFF`), every day
//! must lie in `0..H`, `MaxShifts` must give a limit for every shift type (`T=0` forbids
//! `T`), and a `(day, shift)` pair may have at most one cover line. Numbers are
//! non-negative integers; a negative zero reads as 0 (Instance 15 has the cover lines
//! `41,D,-0,100,1` and `41,n2,-0,100,1`). Any breach is a
//! [`CurtoisError`] naming the 1-based line number and what was expected.
//!
//! # Roster format
//!
//! The published rosters (`InstanceN.<penalty>.<source>.roster.txt`) hold `#` comment
//! lines, then one line per staff member: the staff ID followed by `H` whitespace-separated
//! tokens, `-` for a day off, otherwise a shift ID. See [`CurtoisRoster`].
//!
//! # Objective
//!
//! The soft constraints, all priced by weights in the file, sum to the penalty that is
//! minimised (see [`penalty`]):
//!
//! ```text
//! penalty(R) = Σ_on  w · [R(e,d) ≠ T]          shift-on request (e,d,T,w): working
//!                                              another type, or not working, costs w
//!            + Σ_off w · [R(e,d) = T]          shift-off request: only T itself costs w
//!            + Σ_cover wu · max(0, req − x_dT) + wo · max(0, x_dT − req)
//! ```
//!
//! where `x_dT` is the number of staff working type `T` on day `d`. A `(day, shift)` pair
//! without a cover line has no cover term (every distributed instance has one line per pair,
//! with `wu = 100` and `wo = 1`).
//!
//! # Hard constraints and conventions
//!
//! A roster that breaks any of these is infeasible; they carry no weight, and
//! [`penalty`] lists each breach in [`CurtoisScore::hard_violations`].
//!
//! * **One shift per day** — enforced by the representation (`Option<shift>` per day) and
//!   by the roster parser (exactly one token per day).
//! * **Shift rotation** — the line `s,len,t1|t2` means: after `s` on day `d`, none of the
//!   `ti` on day `d + 1`. The previous and next planning periods are taken to end/start with
//!   a day off, so nothing is checked across the horizon ends.
//! * **Max shifts per type**, **max/min total minutes** (sum of the lengths of the worked
//!   shifts).
//! * **Max consecutive shifts** — every maximal run of worked days (any shift type), counted
//!   inside the horizon only (the days before and after are days off).
//! * **Min consecutive shifts** — every maximal run of worked days is at least the minimum,
//!   *except* a run touching day 0 or day `H − 1` (the benchmark assumes infinitely many
//!   shifts before and after the horizon).
//! * **Min consecutive days off** — every maximal run of days off is at least the minimum,
//!   except a run touching day 0 or day `H − 1` (infinitely many days off assumed outside).
//! * **Max weekends** — weekend `k` is days `7k + 5` (Saturday) and `7k + 6` (Sunday), since
//!   day 0 is a Monday; it is worked if either day has a shift. A weekend cut by the horizon
//!   end keeps its day inside the horizon (never happens in the distributed instances, whose
//!   horizons are multiples of 7).
//! * **Days off** — no shift on the days listed in `SECTION_DAYS_OFF`.
//!
//! These conventions are the benchmark page's own words where it has them; the edge
//! exemptions of the two minimum rules are also forced by the published rosters, every one
//! of which has a short run touching a horizon end. With them, the 13 published rosters of
//! instances 1–10 score exactly their published penalties with no hard violation.
//!
//! ```
//! use rotaflow::formats::curtois::{CurtoisRoster, Instance, penalty};
//! let instance = Instance::parse(
//!     "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\n\
//!      SECTION_STAFF\nA,D=7,3360,0,7,1,1,1\n\nSECTION_DAYS_OFF\nA,6\n\n\
//!      SECTION_SHIFT_ON_REQUESTS\nA,0,D,2\n\nSECTION_SHIFT_OFF_REQUESTS\n\n\
//!      SECTION_COVER\n0,D,1,100,1\n1,D,1,100,1\n",
//! )?;
//! let roster = CurtoisRoster::parse(&instance, "A - D - - - - -\n")?;
//! let score = penalty(&instance, &roster);
//! assert!(score.is_feasible());
//! // Day 0 is uncovered (100) and the shift-on request for day 0 is unmet (2).
//! assert_eq!((score.cover, score.shift_on_requests, score.penalty), (100, 2, 102));
//! # Ok::<(), rotaflow::formats::curtois::CurtoisError>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

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

/// A shift type of `SECTION_SHIFTS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The shift ID, e.g. `D`, `L`, `a1`.
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Indexes (into [`Instance::shifts`]) of the shift types that cannot be worked on the
    /// day after this one.
    pub cannot_follow: Vec<usize>,
}

/// A staff member: a line of `SECTION_STAFF` with their days of `SECTION_DAYS_OFF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The staff ID, e.g. `A`, `AB`.
    pub id: String,
    /// Maximum number of shifts of each type, indexed like [`Instance::shifts`]; 0 forbids
    /// the type.
    pub max_shifts: Vec<u32>,
    /// Maximum total minutes worked over the horizon.
    pub max_total_minutes: u32,
    /// Minimum total minutes worked over the horizon.
    pub min_total_minutes: u32,
    /// Maximum length of a run of worked days.
    pub max_consecutive_shifts: u32,
    /// Minimum length of a run of worked days (runs touching the horizon ends are exempt).
    pub min_consecutive_shifts: u32,
    /// Minimum length of a run of days off (runs touching the horizon ends are exempt).
    pub min_consecutive_days_off: u32,
    /// Maximum number of worked weekends.
    pub max_weekends: u32,
    /// Days on which no shift may be assigned, in file order.
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftRequest {
    /// Index into [`Instance::staff`].
    pub staff: usize,
    /// Day index.
    pub day: usize,
    /// Index into [`Instance::shifts`].
    pub shift: usize,
    /// Penalty when the request is not honoured.
    pub weight: u32,
}

/// A cover requirement of `SECTION_COVER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cover {
    /// Day index.
    pub day: usize,
    /// Index into [`Instance::shifts`].
    pub shift: usize,
    /// Number of staff wanted on this shift type on this day.
    pub requirement: u32,
    /// Penalty per missing staff member.
    pub weight_under: u32,
    /// Penalty per surplus staff member.
    pub weight_over: u32,
}

/// A parsed Curtois benchmark instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Number of days; days are `0..horizon` and day 0 is a Monday.
    pub horizon: usize,
    /// Shift types in file order.
    pub shifts: Vec<Shift>,
    /// Staff in file order.
    pub staff: Vec<Staff>,
    /// Shift-on requests in file order.
    pub shift_on_requests: Vec<ShiftRequest>,
    /// Shift-off requests in file order.
    pub shift_off_requests: Vec<ShiftRequest>,
    /// Cover requirements in file order.
    pub cover: Vec<Cover>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    ShiftOnRequests,
    ShiftOffRequests,
    Cover,
}

const SECTIONS: [Section; 7] = [
    Section::Horizon,
    Section::Shifts,
    Section::Staff,
    Section::DaysOff,
    Section::ShiftOnRequests,
    Section::ShiftOffRequests,
    Section::Cover,
];

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Horizon => "SECTION_HORIZON",
            Section::Shifts => "SECTION_SHIFTS",
            Section::Staff => "SECTION_STAFF",
            Section::DaysOff => "SECTION_DAYS_OFF",
            Section::ShiftOnRequests => "SECTION_SHIFT_ON_REQUESTS",
            Section::ShiftOffRequests => "SECTION_SHIFT_OFF_REQUESTS",
            Section::Cover => "SECTION_COVER",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A data line: 1-based number and trimmed text.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

impl Line<'_> {
    fn fields(&self) -> Vec<&str> {
        self.text.split(',').map(str::trim).collect()
    }
}

/// Parse a non-negative integer field. A negative zero (`-0`, as in two cover lines of
/// Instance 15) reads as 0; any other sign is an error.
fn number<T: FromStr>(line: usize, expected: &'static str, s: &str) -> Result<T, CurtoisError> {
    let digits = match s.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b == b'0') => "0",
        _ => s,
    };
    digits.parse().map_err(|_| CurtoisError::NotANumber {
        line,
        expected,
        found: s.to_owned(),
    })
}

fn field_count(
    line: &Line<'_>,
    fields: &[&str],
    ok: bool,
    expected: &str,
) -> Result<(), CurtoisError> {
    if ok {
        Ok(())
    } else {
        Err(CurtoisError::FieldCount {
            line: line.no,
            expected: expected.to_owned(),
            found: fields.len(),
        })
    }
}

/// Split the text into sections of data lines (comments and blank lines dropped).
fn split_sections(text: &str) -> Result<[Option<Vec<Line<'_>>>; 7], CurtoisError> {
    let mut sections: [Option<Vec<Line<'_>>>; 7] = Default::default();
    let mut current: Option<Section> = None;
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let t = raw.trim_start_matches('\u{feff}').trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with("SECTION_") {
            let Some(section) = SECTIONS.iter().copied().find(|s| s.name() == t) else {
                return Err(CurtoisError::UnknownSection {
                    line: no,
                    name: t.to_owned(),
                });
            };
            let slot = &mut sections[section.index()];
            if slot.is_some() {
                return Err(CurtoisError::DuplicateSection {
                    line: no,
                    name: section.name(),
                });
            }
            *slot = Some(Vec::new());
            current = Some(section);
            continue;
        }
        match current.and_then(|s| sections[s.index()].as_mut()) {
            Some(lines) => lines.push(Line { no, text: t }),
            None => {
                return Err(CurtoisError::OutsideSection {
                    line: no,
                    found: t.to_owned(),
                });
            }
        }
    }
    Ok(sections)
}

struct Ids {
    shifts: HashMap<String, usize>,
    staff: HashMap<String, usize>,
    horizon: usize,
}

impl Ids {
    fn shift(&self, line: usize, id: &str) -> Result<usize, CurtoisError> {
        self.shifts
            .get(id)
            .copied()
            .ok_or_else(|| CurtoisError::UnknownShift {
                line,
                id: id.to_owned(),
            })
    }

    fn staff(&self, line: usize, id: &str) -> Result<usize, CurtoisError> {
        self.staff
            .get(id)
            .copied()
            .ok_or_else(|| CurtoisError::UnknownStaff {
                line,
                id: id.to_owned(),
            })
    }

    fn day(&self, line: usize, s: &str) -> Result<usize, CurtoisError> {
        let day: usize = number(line, "a day index", s)?;
        if day < self.horizon {
            Ok(day)
        } else {
            Err(CurtoisError::DayOutOfRange {
                line,
                day,
                horizon: self.horizon,
            })
        }
    }
}

fn non_empty_id(line: usize, id: &str, what: &str) -> Result<(), CurtoisError> {
    if id.is_empty() || id.contains(char::is_whitespace) || id == "-" {
        Err(CurtoisError::Invalid {
            line,
            expected: format!("a {what} ID (non-empty, no spaces, not `-`)"),
            found: id.to_owned(),
        })
    } else {
        Ok(())
    }
}

fn parse_horizon(lines: &[Line<'_>]) -> Result<usize, CurtoisError> {
    let mut iter = lines.iter();
    let Some(line) = iter.next() else {
        return Err(CurtoisError::MissingSection {
            name: "SECTION_HORIZON (its value)",
        });
    };
    if let Some(extra) = iter.next() {
        return Err(CurtoisError::Invalid {
            line: extra.no,
            expected: "a single horizon line in SECTION_HORIZON".to_owned(),
            found: extra.text.to_owned(),
        });
    }
    let horizon: usize = number(line.no, "the horizon length in days", line.text)?;
    if horizon == 0 {
        return Err(CurtoisError::Invalid {
            line: line.no,
            expected: "a horizon of at least one day".to_owned(),
            found: line.text.to_owned(),
        });
    }
    Ok(horizon)
}

fn parse_shifts(lines: &[Line<'_>]) -> Result<(Vec<Shift>, HashMap<String, usize>), CurtoisError> {
    let mut shifts = Vec::new();
    let mut ids = HashMap::new();
    let mut follow: Vec<(usize, Vec<&str>)> = Vec::new();
    for line in lines {
        let f = line.fields();
        field_count(
            line,
            &f,
            f.len() == 2 || f.len() == 3,
            "3 fields `ShiftID,Length,CannotFollow` in SECTION_SHIFTS",
        )?;
        non_empty_id(line.no, f[0], "shift")?;
        if ids.insert(f[0].to_owned(), shifts.len()).is_some() {
            return Err(CurtoisError::Duplicate {
                line: line.no,
                what: format!("shift ID `{}`", f[0]),
            });
        }
        let minutes = number(line.no, "a shift length in minutes", f[1])?;
        let cannot: Vec<&str> = match f.get(2) {
            Some(list) if !list.is_empty() => list.split('|').map(str::trim).collect(),
            _ => Vec::new(),
        };
        follow.push((line.no, cannot));
        shifts.push(Shift {
            id: f[0].to_owned(),
            minutes,
            cannot_follow: Vec::new(),
        });
    }
    // Resolve after the whole section so that forward references work.
    for (shift, (no, cannot)) in shifts.iter_mut().zip(follow) {
        for id in cannot {
            let t = ids
                .get(id)
                .copied()
                .ok_or_else(|| CurtoisError::UnknownShift {
                    line: no,
                    id: id.to_owned(),
                })?;
            if !shift.cannot_follow.contains(&t) {
                shift.cannot_follow.push(t);
            }
        }
    }
    Ok((shifts, ids))
}

fn parse_staff(
    lines: &[Line<'_>],
    shifts: &[Shift],
    shift_ids: &HashMap<String, usize>,
) -> Result<(Vec<Staff>, HashMap<String, usize>), CurtoisError> {
    let mut staff = Vec::new();
    let mut ids = HashMap::new();
    for line in lines {
        let f = line.fields();
        field_count(
            line,
            &f,
            f.len() == 8,
            "8 fields `ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,\
             MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends` in SECTION_STAFF",
        )?;
        non_empty_id(line.no, f[0], "staff")?;
        if ids.insert(f[0].to_owned(), staff.len()).is_some() {
            return Err(CurtoisError::Duplicate {
                line: line.no,
                what: format!("staff ID `{}`", f[0]),
            });
        }
        let mut max_shifts: Vec<Option<u32>> = vec![None; shifts.len()];
        for item in f[1].split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((id, m)) = item.split_once('=') else {
                return Err(CurtoisError::Invalid {
                    line: line.no,
                    expected: "a MaxShifts entry `ShiftID=number`".to_owned(),
                    found: item.to_owned(),
                });
            };
            let s =
                shift_ids
                    .get(id.trim())
                    .copied()
                    .ok_or_else(|| CurtoisError::UnknownShift {
                        line: line.no,
                        id: id.trim().to_owned(),
                    })?;
            let m = number(line.no, "a MaxShifts limit", m.trim())?;
            if max_shifts[s].replace(m).is_some() {
                return Err(CurtoisError::Duplicate {
                    line: line.no,
                    what: format!("MaxShifts entry for shift `{}`", shifts[s].id),
                });
            }
        }
        let max_shifts = max_shifts
            .iter()
            .zip(shifts)
            .map(|(m, s)| {
                m.ok_or_else(|| CurtoisError::Invalid {
                    line: line.no,
                    expected: format!("a MaxShifts entry `{}=…` (every shift type)", s.id),
                    found: f[1].to_owned(),
                })
            })
            .collect::<Result<Vec<u32>, _>>()?;
        staff.push(Staff {
            id: f[0].to_owned(),
            max_shifts,
            max_total_minutes: number(line.no, "MaxTotalMinutes", f[2])?,
            min_total_minutes: number(line.no, "MinTotalMinutes", f[3])?,
            max_consecutive_shifts: number(line.no, "MaxConsecutiveShifts", f[4])?,
            min_consecutive_shifts: number(line.no, "MinConsecutiveShifts", f[5])?,
            min_consecutive_days_off: number(line.no, "MinConsecutiveDaysOff", f[6])?,
            max_weekends: number(line.no, "MaxWeekends", f[7])?,
            days_off: Vec::new(),
        });
    }
    Ok((staff, ids))
}

fn parse_requests(
    lines: &[Line<'_>],
    ids: &Ids,
    section: Section,
) -> Result<Vec<ShiftRequest>, CurtoisError> {
    lines
        .iter()
        .map(|line| {
            let f = line.fields();
            field_count(
                line,
                &f,
                f.len() == 4,
                &format!(
                    "4 fields `EmployeeID,Day,ShiftID,Weight` in {}",
                    section.name()
                ),
            )?;
            Ok(ShiftRequest {
                staff: ids.staff(line.no, f[0])?,
                day: ids.day(line.no, f[1])?,
                shift: ids.shift(line.no, f[2])?,
                weight: number(line.no, "a request weight", f[3])?,
            })
        })
        .collect()
}

impl Instance {
    /// Parse an instance in the benchmark's `.txt` format (CRLF or LF line endings).
    ///
    /// # Errors
    /// A [`CurtoisError`] naming the first offending line and what was expected: unknown,
    /// duplicate or missing section, wrong field count, non-number, unknown shift or staff
    /// ID, day outside the horizon, duplicate ID or cover line, incomplete `MaxShifts`.
    pub fn parse(text: &str) -> Result<Instance, CurtoisError> {
        let sections = split_sections(text)?;
        let get = |s: Section| {
            sections[s.index()]
                .as_deref()
                .ok_or(CurtoisError::MissingSection { name: s.name() })
        };
        let horizon = parse_horizon(get(Section::Horizon)?)?;
        let (shifts, shift_ids) = parse_shifts(get(Section::Shifts)?)?;
        let (mut staff, staff_ids) = parse_staff(get(Section::Staff)?, &shifts, &shift_ids)?;
        let ids = Ids {
            shifts: shift_ids,
            staff: staff_ids,
            horizon,
        };

        for line in get(Section::DaysOff)? {
            let f = line.fields();
            let e = ids.staff(line.no, f[0])?;
            for d in f[1..].iter().filter(|d| !d.is_empty()) {
                let day = ids.day(line.no, d)?;
                if !staff[e].days_off.contains(&day) {
                    staff[e].days_off.push(day);
                }
            }
        }

        let shift_on_requests = parse_requests(
            get(Section::ShiftOnRequests)?,
            &ids,
            Section::ShiftOnRequests,
        )?;
        let shift_off_requests = parse_requests(
            get(Section::ShiftOffRequests)?,
            &ids,
            Section::ShiftOffRequests,
        )?;

        let mut cover = Vec::new();
        let mut seen = vec![false; horizon * shifts.len()];
        for line in get(Section::Cover)? {
            let f = line.fields();
            field_count(
                line,
                &f,
                f.len() == 5,
                "5 fields `Day,ShiftID,Requirement,WeightUnder,WeightOver` in SECTION_COVER",
            )?;
            let day = ids.day(line.no, f[0])?;
            let shift = ids.shift(line.no, f[1])?;
            let slot = &mut seen[day * shifts.len() + shift];
            if *slot {
                return Err(CurtoisError::Duplicate {
                    line: line.no,
                    what: format!("cover line for day {day}, shift `{}`", f[1]),
                });
            }
            *slot = true;
            cover.push(Cover {
                day,
                shift,
                requirement: number(line.no, "a cover requirement", f[2])?,
                weight_under: number(line.no, "a weight for under", f[3])?,
                weight_over: number(line.no, "a weight for over", f[4])?,
            });
        }

        Ok(Instance {
            horizon,
            shifts,
            staff,
            shift_on_requests,
            shift_off_requests,
            cover,
        })
    }

    /// Index of the shift type with this ID.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// Index of the staff member with this ID.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }
}

/// A roster for an [`Instance`]: for each staff member (in instance order) and each day,
/// the index of the shift type worked, or `None` for a day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurtoisRoster {
    /// `assignments[staff][day]`: an index into [`Instance::shifts`], or `None`.
    pub assignments: Vec<Vec<Option<usize>>>,
}

impl CurtoisRoster {
    /// The roster with every staff member off every day.
    pub fn empty(instance: &Instance) -> CurtoisRoster {
        CurtoisRoster {
            assignments: vec![vec![None; instance.horizon]; instance.staff.len()],
        }
    }

    /// Parse a published roster: `#` comments and blank lines are skipped; every other line
    /// is a staff ID followed by one whitespace-separated token per day, `-` for a day off,
    /// otherwise a shift ID. Every staff member must have exactly one line, in any order.
    ///
    /// # Errors
    /// A [`CurtoisError`]: unknown staff or shift ID, wrong number of day tokens, a staff
    /// member with two lines or none.
    pub fn parse(instance: &Instance, text: &str) -> Result<CurtoisRoster, CurtoisError> {
        let mut rows: Vec<Option<Vec<Option<usize>>>> = vec![None; instance.staff.len()];
        for (i, raw) in text.lines().enumerate() {
            let no = i + 1;
            let t = raw.trim_start_matches('\u{feff}').trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let tokens: Vec<&str> = t.split_whitespace().collect();
            if tokens.len() != instance.horizon + 1 {
                return Err(CurtoisError::FieldCount {
                    line: no,
                    expected: format!(
                        "{} fields (staff ID, then one token per day of the {}-day horizon)",
                        instance.horizon + 1,
                        instance.horizon
                    ),
                    found: tokens.len(),
                });
            }
            let e = instance
                .staff_index(tokens[0])
                .ok_or_else(|| CurtoisError::UnknownStaff {
                    line: no,
                    id: tokens[0].to_owned(),
                })?;
            let row = tokens[1..]
                .iter()
                .map(|&tok| {
                    if tok == "-" {
                        Ok(None)
                    } else {
                        instance.shift_index(tok).map(Some).ok_or_else(|| {
                            CurtoisError::UnknownShift {
                                line: no,
                                id: tok.to_owned(),
                            }
                        })
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            if rows[e].replace(row).is_some() {
                return Err(CurtoisError::Duplicate {
                    line: no,
                    what: format!("roster line for staff member `{}`", tokens[0]),
                });
            }
        }
        let assignments = rows
            .into_iter()
            .zip(&instance.staff)
            .map(|(row, s)| row.ok_or_else(|| CurtoisError::MissingStaffLine { id: s.id.clone() }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CurtoisRoster { assignments })
    }

    /// The roster in the format [`CurtoisRoster::parse`] reads (no comment header), one line
    /// per staff member, LF line endings. An index outside the instance's shifts is written
    /// as `?`.
    pub fn to_text(&self, instance: &Instance) -> String {
        let mut out = String::new();
        for (s, row) in instance.staff.iter().zip(&self.assignments) {
            out.push_str(&s.id);
            for cell in row {
                out.push(' ');
                match cell {
                    None => out.push('-'),
                    Some(t) => out.push_str(instance.shifts.get(*t).map_or("?", |s| &s.id)),
                }
            }
            out.push('\n');
        }
        out
    }

    /// The shift worked by staff `e` on day `d`; `None` for a day off or a cell outside
    /// the roster.
    pub fn get(&self, e: usize, d: usize) -> Option<usize> {
        self.assignments.get(e).and_then(|r| r.get(d)).copied()?
    }
}

/// A hard rule of the benchmark (see the module documentation for the exact meanings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HardRule {
    /// The roster does not match the instance: wrong number of staff rows or days, or a
    /// shift index outside the instance (only possible for a roster built by hand; the
    /// parser guarantees the shape).
    Shape,
    /// A forbidden succession of shift types on consecutive days.
    ShiftRotation,
    /// More shifts of one type than `MaxShifts` allows.
    MaxShifts,
    /// More than `MaxTotalMinutes`.
    MaxTotalMinutes,
    /// Fewer than `MinTotalMinutes`.
    MinTotalMinutes,
    /// A run of worked days longer than `MaxConsecutiveShifts`.
    MaxConsecutiveShifts,
    /// A run of worked days, not touching a horizon end, shorter than `MinConsecutiveShifts`.
    MinConsecutiveShifts,
    /// A run of days off, not touching a horizon end, shorter than `MinConsecutiveDaysOff`.
    MinConsecutiveDaysOff,
    /// More worked weekends than `MaxWeekends`.
    MaxWeekends,
    /// A shift on one of the staff member's days off.
    DaysOff,
}

/// One breach of a hard rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HardViolation {
    /// The rule broken.
    pub rule: HardRule,
    /// Index of the staff member, when the breach is theirs.
    pub staff: Option<usize>,
    /// The (first) day concerned, when there is one.
    pub day: Option<usize>,
    /// A readable description with the IDs involved.
    pub message: String,
}

impl fmt::Display for HardViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.rule, self.message)
    }
}

/// The benchmark evaluation of a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurtoisScore {
    /// The benchmark objective: `shift_on_requests + shift_off_requests + cover`. It is the
    /// benchmark's penalty only when [`CurtoisScore::hard_violations`] is empty.
    pub penalty: i64,
    /// Sum of the weights of the unmet shift-on requests.
    pub shift_on_requests: i64,
    /// Sum of the weights of the violated shift-off requests.
    pub shift_off_requests: i64,
    /// Sum over cover lines of `wu · max(0, req − x) + wo · max(0, x − req)`.
    pub cover: i64,
    /// Every breach of a hard rule; empty for a feasible roster.
    pub hard_violations: Vec<HardViolation>,
}

impl CurtoisScore {
    /// No hard rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.hard_violations.is_empty()
    }

    /// The request part of the penalty (shift-on plus shift-off).
    pub fn requests(&self) -> i64 {
        self.shift_on_requests + self.shift_off_requests
    }
}

/// Score a roster by the benchmark's rules: the soft penalty (requests and cover, see the
/// module documentation for the formula) and every breach of a hard rule, with the
/// benchmark's conventions at the horizon ends and for weekends. Never panics: a roster
/// whose shape does not match the instance is reported as [`HardRule::Shape`] breaches and
/// its out-of-range cells are treated as days off.
pub fn penalty(instance: &Instance, roster: &CurtoisRoster) -> CurtoisScore {
    let h = instance.horizon;
    let n_shifts = instance.shifts.len();
    let mut v: Vec<HardViolation> = Vec::new();
    let mut push = |rule, staff: Option<usize>, day, message: String| {
        v.push(HardViolation {
            rule,
            staff,
            day,
            message,
        });
    };

    // Shape checks, then a clean grid to evaluate.
    if roster.assignments.len() != instance.staff.len() {
        push(
            HardRule::Shape,
            None,
            None,
            format!(
                "roster has {} staff rows, the instance {} staff",
                roster.assignments.len(),
                instance.staff.len()
            ),
        );
    }
    let mut grid: Vec<Vec<Option<usize>>> = vec![vec![None; h]; instance.staff.len()];
    for (e, row) in roster
        .assignments
        .iter()
        .enumerate()
        .take(instance.staff.len())
    {
        let id = &instance.staff[e].id;
        if row.len() != h {
            push(
                HardRule::Shape,
                Some(e),
                None,
                format!("{id}: roster row has {} days, the horizon {h}", row.len()),
            );
        }
        for (d, cell) in row.iter().enumerate().take(h) {
            match *cell {
                Some(t) if t >= n_shifts => push(
                    HardRule::Shape,
                    Some(e),
                    Some(d),
                    format!("{id}: day {d} has shift index {t}, the instance {n_shifts} shifts"),
                ),
                c => grid[e][d] = c,
            }
        }
    }

    let sid = |t: usize| instance.shifts[t].id.as_str();
    for (e, staff) in instance.staff.iter().enumerate() {
        let row = &grid[e];
        let id = &staff.id;

        // Days off.
        for &d in &staff.days_off {
            if let Some(t) = row[d] {
                push(
                    HardRule::DaysOff,
                    Some(e),
                    Some(d),
                    format!("{id}: works {} on day {d}, a fixed day off", sid(t)),
                );
            }
        }

        // Rotation: s on day d forbids each of s.cannot_follow on day d + 1.
        for d in 0..h.saturating_sub(1) {
            if let (Some(s), Some(t)) = (row[d], row[d + 1]) {
                if instance.shifts[s].cannot_follow.contains(&t) {
                    push(
                        HardRule::ShiftRotation,
                        Some(e),
                        Some(d),
                        format!(
                            "{id}: {} on day {} cannot follow {} on day {d}",
                            sid(t),
                            d + 1,
                            sid(s)
                        ),
                    );
                }
            }
        }

        // Max shifts per type and total minutes.
        let mut count = vec![0u32; n_shifts];
        let mut minutes: i64 = 0;
        for t in row.iter().flatten() {
            count[*t] += 1;
            minutes += i64::from(instance.shifts[*t].minutes);
        }
        for (t, (&c, &m)) in count.iter().zip(&staff.max_shifts).enumerate() {
            if c > m {
                push(
                    HardRule::MaxShifts,
                    Some(e),
                    None,
                    format!("{id}: works {c} {} shifts, at most {m} allowed", sid(t)),
                );
            }
        }
        if minutes > i64::from(staff.max_total_minutes) {
            push(
                HardRule::MaxTotalMinutes,
                Some(e),
                None,
                format!(
                    "{id}: works {minutes} minutes, at most {} allowed",
                    staff.max_total_minutes
                ),
            );
        }
        if minutes < i64::from(staff.min_total_minutes) {
            push(
                HardRule::MinTotalMinutes,
                Some(e),
                None,
                format!(
                    "{id}: works {minutes} minutes, at least {} required",
                    staff.min_total_minutes
                ),
            );
        }

        // Runs of work and of days off.
        let mut start = 0;
        while start < h {
            let working = row[start].is_some();
            let mut end = start;
            while end + 1 < h && row[end + 1].is_some() == working {
                end += 1;
            }
            let len = end - start + 1;
            let len_u = u32::try_from(len).unwrap_or(u32::MAX);
            let interior = start > 0 && end + 1 < h;
            if working {
                if len_u > staff.max_consecutive_shifts {
                    push(
                        HardRule::MaxConsecutiveShifts,
                        Some(e),
                        Some(start),
                        format!(
                            "{id}: works {len} consecutive days {start}..={end}, at most {} allowed",
                            staff.max_consecutive_shifts
                        ),
                    );
                }
                if interior && len_u < staff.min_consecutive_shifts {
                    push(
                        HardRule::MinConsecutiveShifts,
                        Some(e),
                        Some(start),
                        format!(
                            "{id}: works only {len} consecutive days {start}..={end}, at least {} required",
                            staff.min_consecutive_shifts
                        ),
                    );
                }
            } else if interior && len_u < staff.min_consecutive_days_off {
                push(
                    HardRule::MinConsecutiveDaysOff,
                    Some(e),
                    Some(start),
                    format!(
                        "{id}: only {len} consecutive days off {start}..={end}, at least {} required",
                        staff.min_consecutive_days_off
                    ),
                );
            }
            start = end + 1;
        }

        // Weekends: days 7k + 5 and 7k + 6 (day 0 is a Monday).
        let weekends = (0..h.div_ceil(7))
            .filter(|k| {
                [7 * k + 5, 7 * k + 6]
                    .iter()
                    .any(|&d| d < h && row[d].is_some())
            })
            .count();
        let weekends_u = u32::try_from(weekends).unwrap_or(u32::MAX);
        if weekends_u > staff.max_weekends {
            push(
                HardRule::MaxWeekends,
                Some(e),
                None,
                format!(
                    "{id}: works {weekends} weekends, at most {} allowed",
                    staff.max_weekends
                ),
            );
        }
    }

    // Soft: requests.
    let works = |r: &ShiftRequest| {
        grid.get(r.staff)
            .and_then(|row| row.get(r.day))
            .copied()
            .flatten()
            == Some(r.shift)
    };
    let shift_on_requests: i64 = instance
        .shift_on_requests
        .iter()
        .filter(|r| !works(r))
        .map(|r| i64::from(r.weight))
        .sum();
    let shift_off_requests: i64 = instance
        .shift_off_requests
        .iter()
        .filter(|r| works(r))
        .map(|r| i64::from(r.weight))
        .sum();

    // Soft: cover.
    let mut on_duty = vec![0i64; h * n_shifts];
    for row in &grid {
        for (d, cell) in row.iter().enumerate() {
            if let Some(t) = cell {
                on_duty[d * n_shifts + t] += 1;
            }
        }
    }
    let cover: i64 = instance
        .cover
        .iter()
        .map(|c| {
            let x = on_duty
                .get(c.day * n_shifts + c.shift)
                .copied()
                .unwrap_or(0);
            let req = i64::from(c.requirement);
            i64::from(c.weight_under) * (req - x).max(0)
                + i64::from(c.weight_over) * (x - req).max(0)
        })
        .sum();

    CurtoisScore {
        penalty: shift_on_requests + shift_off_requests + cover,
        shift_on_requests,
        shift_off_requests,
        cover,
        hard_violations: v,
    }
}

/// The day a converted instance starts on: a Monday, as the benchmark's day 0 is.
pub const PROBLEM_START: &str = "2024-01-01";

/// An instance as a rotaflow [`Problem`](crate::Problem), with what it takes to read the
/// benchmark's penalty off a rotaflow objective. See [`Instance::to_problem`].
#[derive(Debug, Clone, PartialEq)]
pub struct CurtoisProblem {
    /// The rotaflow problem.
    pub problem: crate::Problem,
    /// `Σ w` over the shift-on requests: the benchmark's penalty is the rotaflow objective
    /// plus this constant.
    pub offset: i64,
}

impl CurtoisProblem {
    /// The benchmark's penalty of a roster whose rotaflow objective is `objective`.
    pub fn penalty_of(&self, objective: f64) -> f64 {
        objective + self.offset as f64
    }
}

impl Instance {
    /// The instance as a rotaflow problem whose optimum is the benchmark's optimum less a
    /// constant ([`CurtoisProblem::offset`]).
    ///
    /// | benchmark | rotaflow |
    /// | --- | --- |
    /// | day `d` (day 0 a Monday) | the date [`PROBLEM_START`] + `d` in `UTC`; the horizon is exactly the `H` days |
    /// | shift type `T` of length `m` | kind and role `T`; on every day a shift `d{dd}-T` from 00:00 for `m` minutes at one site `ward` |
    /// | cover `(d, T, req, wu, wo)` | that shift's `headcount = req`, `unfilled_penalty = wu`, `over_penalty = wo` (no cover line: headcount 0 and no over-staffing cost) |
    /// | `MaxShifts` `T=0` / `T=m` | `T` left out of the staff member's roles / `max_per_kind[T] = m` (when `m < H`) |
    /// | max / min total minutes | `max_hours` / `min_hours` (minutes / 60; a minimum of 0 is left out) |
    /// | one shift per day | `max_shifts_per_day = 1` |
    /// | max / min consecutive shifts | `max_consecutive_days` / `min_consecutive_days` |
    /// | min consecutive days off, max weekends | `min_consecutive_days_off`, `max_weekends` |
    /// | days off | the whole day `unavailable` |
    /// | `T` cannot follow `S` | `forbidden_successions` `{first: S, then: T}` |
    /// | shift-on request `(e, d, T, w)` | preference `+w` for shift `d{dd}-T` (the penalty `w·(1 − x)` is `w` minus that reward, so `w` joins the offset) |
    /// | shift-off request `(e, d, T, w)` | preference `−w` for shift `d{dd}-T` |
    ///
    /// Weights: `preference` 1, every other weight 0 (the cover penalties are per shift).
    /// Staff pay nothing, so the objective is exactly requests plus cover. The horizon-end
    /// conventions of the two minimum rules, the weekend definition and "nothing is checked
    /// across the horizon" are rotaflow's own (DESIGN.md), which is why the translation is
    /// exact: [`CurtoisRoster::from_assignments`] turns a rotaflow roster back, and
    /// [`penalty`] of that roster equals [`CurtoisProblem::penalty_of`] its objective.
    pub fn to_problem(&self) -> CurtoisProblem {
        use crate::model::{
            Clinician, Horizon, Interval, Limits, Preference, Shift as RShift, Site, Succession,
            Weights,
        };
        let h = self.horizon;
        let start = jiff::civil::date(2024, 1, 1);
        let day = |d: usize| -> jiff::civil::Date {
            // The horizon is at most a few years; the arithmetic cannot leave jiff's range.
            start
                .checked_add(jiff::Span::new().days(d as i64))
                .unwrap_or(start)
        };
        let stamp = |dt: jiff::civil::DateTime| dt.strftime("%Y-%m-%dT%H:%M").to_string();
        let shift_id = |d: usize, t: usize| format!("d{d:02}-{}", self.shifts[t].id);

        let mut cover: HashMap<(usize, usize), &Cover> = HashMap::new();
        for c in &self.cover {
            cover.insert((c.day, c.shift), c);
        }
        let mut shifts = Vec::with_capacity(h * self.shifts.len());
        for d in 0..h {
            let begin = day(d).at(0, 0, 0, 0);
            for (t, shift) in self.shifts.iter().enumerate() {
                let end = begin
                    .checked_add(jiff::Span::new().minutes(i64::from(shift.minutes)))
                    .unwrap_or(begin);
                let line = cover.get(&(d, t));
                shifts.push(RShift {
                    id: shift_id(d, t),
                    site: "ward".to_owned(),
                    start: stamp(begin),
                    end: stamp(end),
                    role: shift.id.clone(),
                    skills: Vec::new(),
                    kind: Some(shift.id.clone()),
                    headcount: Some(line.map_or(0, |c| i64::from(c.requirement))),
                    unfilled_penalty: Some(line.map_or(0.0, |c| f64::from(c.weight_under))),
                    over_penalty: Some(line.map_or(0.0, |c| f64::from(c.weight_over))),
                    max_headcount: None,
                    max_rate_per_hour: None,
                    preferred_clinicians: Vec::new(),
                    excluded_clinicians: Vec::new(),
                });
            }
        }

        let mut preferences: Vec<Vec<Preference>> = vec![Vec::new(); self.staff.len()];
        let mut offset = 0i64;
        let requests = self
            .shift_on_requests
            .iter()
            .map(|r| (r, 1.0))
            .chain(self.shift_off_requests.iter().map(|r| (r, -1.0)));
        for (r, sign) in requests {
            if sign > 0.0 {
                offset += i64::from(r.weight);
            }
            preferences[r.staff].push(Preference {
                site: None,
                kind: None,
                day: None,
                shift: Some(shift_id(r.day, r.shift)),
                weight: sign * f64::from(r.weight),
            });
        }

        let clinicians = self
            .staff
            .iter()
            .zip(preferences)
            .map(|(staff, preferences)| {
                let mut max_per_kind = std::collections::BTreeMap::new();
                let mut roles = Vec::new();
                for (t, &m) in staff.max_shifts.iter().enumerate() {
                    if m == 0 {
                        continue;
                    }
                    roles.push(self.shifts[t].id.clone());
                    if (m as usize) < h {
                        max_per_kind.insert(self.shifts[t].id.clone(), i64::from(m));
                    }
                }
                let unavailable = staff
                    .days_off
                    .iter()
                    .map(|&d| Interval {
                        start: stamp(day(d).at(0, 0, 0, 0)),
                        end: stamp(day(d + 1).at(0, 0, 0, 0)),
                    })
                    .collect();
                Clinician {
                    id: staff.id.clone(),
                    name: None,
                    roles,
                    skills: Vec::new(),
                    home: None,
                    max_travel_km: None,
                    availability: None,
                    unavailable,
                    rate_per_hour: 0.0,
                    rate_per_shift: 0.0,
                    target_shifts: None,
                    limits: Limits {
                        max_shifts: None,
                        min_shifts: None,
                        max_hours: Some(f64::from(staff.max_total_minutes) / 60.0),
                        min_hours: (staff.min_total_minutes > 0)
                            .then(|| f64::from(staff.min_total_minutes) / 60.0),
                        max_shifts_per_day: Some(1),
                        min_rest_hours: None,
                        max_consecutive_days: Some(i64::from(staff.max_consecutive_shifts)),
                        min_consecutive_days: Some(i64::from(staff.min_consecutive_shifts)),
                        min_consecutive_days_off: Some(i64::from(staff.min_consecutive_days_off)),
                        max_weekends: Some(i64::from(staff.max_weekends)),
                        max_per_kind,
                    },
                    preferences,
                    excluded_sites: Vec::new(),
                }
            })
            .collect();

        let forbidden_successions = self
            .shifts
            .iter()
            .flat_map(|s| {
                s.cannot_follow.iter().map(|&t| Succession {
                    first: s.id.clone(),
                    then: self.shifts[t].id.clone(),
                })
            })
            .collect();

        let problem = crate::Problem {
            timezone: Some("UTC".to_owned()),
            horizon: Some(Horizon {
                start: day(0).to_string(),
                end: day(h.saturating_sub(1)).to_string(),
            }),
            sites: vec![Site {
                id: "ward".to_owned(),
                name: Some("Curtois–Qu instance".to_owned()),
                lat: None,
                lon: None,
            }],
            clinicians,
            shifts,
            forbidden_successions,
            weights: Weights {
                unfilled: 0.0,
                cost: 0.0,
                preference: 1.0,
                travel_per_km: 0.0,
                fairness: 0.0,
                continuity: 0.0,
                change: 0.0,
            },
            ..crate::Problem::default()
        };
        CurtoisProblem { problem, offset }
    }
}

impl CurtoisRoster {
    /// The roster as assignments of the problem [`Instance::to_problem`] makes, sorted.
    /// Cells out of the instance's range (see [`penalty`]) are left out.
    pub fn to_assignments(&self, instance: &Instance) -> Vec<crate::Assignment> {
        let mut out = Vec::new();
        for (e, row) in self
            .assignments
            .iter()
            .enumerate()
            .take(instance.staff.len())
        {
            for (d, cell) in row.iter().enumerate().take(instance.horizon) {
                if let Some(t) = cell.filter(|&t| t < instance.shifts.len()) {
                    out.push(crate::Assignment::new(
                        format!("d{d:02}-{}", instance.shifts[t].id),
                        instance.staff[e].id.clone(),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    /// A rotaflow roster of a problem made by [`Instance::to_problem`], in the benchmark's
    /// form. Fails on a shift or clinician the conversion does not make and on two shifts
    /// for one staff member on one day (the representation holds one per day).
    pub fn from_assignments(
        instance: &Instance,
        assignments: &[crate::Assignment],
    ) -> Result<CurtoisRoster, CurtoisError> {
        let mut roster = CurtoisRoster::empty(instance);
        let bad = |a: &crate::Assignment, why: &str| CurtoisError::BadAssignment {
            shift: a.shift.clone(),
            clinician: a.clinician.clone(),
            reason: why.to_owned(),
        };
        for a in assignments {
            let (d, t) = a
                .shift
                .strip_prefix('d')
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(d, t)| Some((d.parse::<usize>().ok()?, instance.shift_index(t)?)))
                .filter(|&(d, _)| d < instance.horizon)
                .ok_or_else(|| bad(a, "not a shift id `dDD-T` of this instance"))?;
            let e = instance
                .staff_index(&a.clinician)
                .ok_or_else(|| bad(a, "not a staff id of this instance"))?;
            let cell = &mut roster.assignments[e][d];
            if cell.is_some() {
                return Err(bad(a, "a second shift for this staff member on this day"));
            }
            *cell = Some(t);
        }
        Ok(roster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "# This is a comment. Comments start with #\r\n\
SECTION_HORIZON\r\n\
# The horizon length in days:\r\n\
14\r\n\
\r\n\
SECTION_SHIFTS\r\n\
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated\r\n\
E,480,\r\n\
L,480,E\r\n\
\r\n\
SECTION_STAFF\r\n\
A,E=14|L=14,4320,0,5,2,2,1\r\n\
B,E=0|L=14,4320,0,5,1,1,2\r\n\
\r\n\
SECTION_DAYS_OFF\r\n\
A,3\r\n\
B,1,2\r\n\
\r\n\
SECTION_SHIFT_ON_REQUESTS\r\n\
A,5,L,1\r\n\
\r\n\
SECTION_SHIFT_OFF_REQUESTS\r\n\
B,7,L,2\r\n\
\r\n\
SECTION_COVER\r\n\
0,E,1,100,1\r\n\
0,L,1,100,1\r\n";

    /// `SMALL` with the first occurrence of `from` replaced by `to`.
    fn with(from: &str, to: &str) -> String {
        assert!(SMALL.contains(from), "{from}");
        SMALL.replacen(from, to, 1)
    }

    fn err(text: &str) -> CurtoisError {
        match Instance::parse(text) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_a_small_instance() {
        let i = Instance::parse(SMALL).expect("parses");
        assert_eq!(i.horizon, 14);
        assert_eq!(i.shifts.len(), 2);
        assert_eq!(i.shifts[1].cannot_follow, vec![0]);
        assert!(i.shifts[0].cannot_follow.is_empty());
        assert_eq!(i.staff[1].max_shifts, vec![0, 14]);
        assert_eq!(i.staff[1].days_off, vec![1, 2]);
        assert_eq!(i.staff[0].max_weekends, 1);
        assert_eq!(
            i.shift_off_requests,
            vec![ShiftRequest {
                staff: 1,
                day: 7,
                shift: 1,
                weight: 2
            }]
        );
        assert_eq!(i.cover.len(), 2);
        // LF endings parse to the same instance.
        assert_eq!(Instance::parse(&SMALL.replace("\r\n", "\n")), Ok(i));
    }

    #[test]
    fn unknown_section() {
        let e = err(&with("SECTION_COVER", "SECTION_COVERS"));
        assert_eq!(
            e,
            CurtoisError::UnknownSection {
                line: 25,
                name: "SECTION_COVERS".into()
            }
        );
        assert!(e.to_string().starts_with("line 25: unknown section"));
    }

    #[test]
    fn missing_and_duplicate_sections() {
        let e = err(&with("SECTION_SHIFT_OFF_REQUESTS\r\nB,7,L,2\r\n", ""));
        assert_eq!(
            e,
            CurtoisError::MissingSection {
                name: "SECTION_SHIFT_OFF_REQUESTS"
            }
        );
        let e = err(&with("SECTION_COVER", "SECTION_HORIZON"));
        assert!(matches!(
            e,
            CurtoisError::DuplicateSection {
                line: 25,
                name: "SECTION_HORIZON"
            }
        ));
        let e = err("14\r\nSECTION_HORIZON\r\n");
        assert!(matches!(e, CurtoisError::OutsideSection { line: 1, .. }));
    }

    #[test]
    fn wrong_field_count() {
        let e = err(&with(
            "A,E=14|L=14,4320,0,5,2,2,1",
            "A,E=14|L=14,4320,0,5,2,2",
        ));
        assert!(
            matches!(
                e,
                CurtoisError::FieldCount {
                    line: 12,
                    found: 7,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("expected 8 fields"), "{e}");
        let e = err(&with("0,L,1,100,1", "0,L,1,100"));
        assert!(matches!(
            e,
            CurtoisError::FieldCount {
                line: 27,
                found: 4,
                ..
            }
        ));
        let e = err(&with("A,5,L,1", "A,5,L,1,9"));
        assert!(matches!(
            e,
            CurtoisError::FieldCount {
                line: 20,
                found: 5,
                ..
            }
        ));
    }

    #[test]
    fn not_a_number() {
        let e = err(&with("L,480,E", "L,48O,E"));
        assert_eq!(
            e,
            CurtoisError::NotANumber {
                line: 9,
                expected: "a shift length in minutes",
                found: "48O".into()
            }
        );
        let e = err(&with("\r\n14\r\n", "\r\nfourteen\r\n"));
        assert!(matches!(e, CurtoisError::NotANumber { line: 4, .. }));
        let e = err(&with("A,5,L,1", "A,5,L,-1"));
        assert!(matches!(
            e,
            CurtoisError::NotANumber {
                line: 20,
                expected: "a request weight",
                ..
            }
        ));
        // A negative zero is zero (Instance 15 has `-0` requirements); other signs are not.
        let i = Instance::parse(&with("0,L,1,100,1", "0,L,-0,100,1")).expect("parses");
        assert_eq!(i.cover[1].requirement, 0);
        let e = err(&with("0,L,1,100,1", "0,L,-1,100,1"));
        assert!(matches!(e, CurtoisError::NotANumber { line: 27, .. }));
        let e = err(&with("B,E=0|L=14", "B,E=x|L=14"));
        assert!(matches!(e, CurtoisError::NotANumber { line: 13, .. }));
    }

    #[test]
    fn unknown_ids() {
        let e = err(&with("L,480,E", "L,480,X"));
        assert_eq!(
            e,
            CurtoisError::UnknownShift {
                line: 9,
                id: "X".into()
            }
        );
        let e = err(&with("B,1,2", "C,1,2"));
        assert_eq!(
            e,
            CurtoisError::UnknownStaff {
                line: 17,
                id: "C".into()
            }
        );
        let e = err(&with("A,5,L,1", "A,5,N,1"));
        assert!(matches!(e, CurtoisError::UnknownShift { line: 20, .. }));
        let e = err(&with("0,L,1,100,1", "0,Q,1,100,1"));
        assert!(matches!(e, CurtoisError::UnknownShift { line: 27, .. }));
        let e = err(&with("A,E=14|L=14", "A,E=14|M=14"));
        assert!(matches!(e, CurtoisError::UnknownShift { line: 12, .. }));
        // A shift missing from MaxShifts.
        let e = err(&with("A,E=14|L=14", "A,E=14"));
        assert!(matches!(e, CurtoisError::Invalid { line: 12, .. }), "{e:?}");
    }

    #[test]
    fn day_out_of_range() {
        let e = err(&with("B,1,2", "B,1,14"));
        assert_eq!(
            e,
            CurtoisError::DayOutOfRange {
                line: 17,
                day: 14,
                horizon: 14
            }
        );
        assert!(e.to_string().contains("expected 0..=13"), "{e}");
        let e = err(&with("0,L,1,100,1", "99,L,1,100,1"));
        assert!(matches!(e, CurtoisError::DayOutOfRange { line: 27, .. }));
    }

    #[test]
    fn duplicates_and_zero_horizon() {
        let e = err(&with("0,L,1,100,1", "0,E,1,100,1"));
        assert!(matches!(e, CurtoisError::Duplicate { line: 27, .. }));
        let e = err(&with("L,480,E", "E,480,E"));
        assert!(matches!(e, CurtoisError::Duplicate { line: 9, .. }));
        let e = err(&with("\r\n14\r\n", "\r\n0\r\n"));
        assert!(matches!(e, CurtoisError::Invalid { line: 4, .. }));
        assert!(Instance::parse("").is_err());
    }

    #[test]
    fn roster_errors() {
        let i = Instance::parse(SMALL).expect("parses");
        let ok = "A E E - - - L L - - - - - - -\nB - - - - - - - - - - - - - L\n";
        assert!(CurtoisRoster::parse(&i, ok).is_ok());
        let e = CurtoisRoster::parse(&i, "# c\nA E E - - - L L - - - - - -\n");
        assert!(matches!(
            e,
            Err(CurtoisError::FieldCount {
                line: 2,
                found: 14,
                ..
            })
        ));
        let e = CurtoisRoster::parse(&i, &ok.replace("A E E", "A E X"));
        assert!(matches!(e, Err(CurtoisError::UnknownShift { line: 1, .. })));
        let e = CurtoisRoster::parse(&i, &ok.replace("B -", "Z -"));
        assert!(matches!(e, Err(CurtoisError::UnknownStaff { line: 2, .. })));
        let e = CurtoisRoster::parse(&i, &ok.replace("B -", "A -"));
        assert!(matches!(e, Err(CurtoisError::Duplicate { line: 2, .. })));
        let e = CurtoisRoster::parse(&i, "A E E - - - L L - - - - - - -\n");
        assert_eq!(e, Err(CurtoisError::MissingStaffLine { id: "B".into() }));
    }

    #[test]
    fn hard_rules_on_a_small_roster() {
        let i = Instance::parse(SMALL).expect("parses");
        let rules = |text: &str| -> Vec<HardRule> {
            let r = CurtoisRoster::parse(&i, text).expect("roster parses");
            penalty(&i, &r)
                .hard_violations
                .iter()
                .map(|v| v.rule)
                .collect()
        };
        let b = "B - - - - - - - - - - - - - -\n";
        // Edge runs are exempt from the minimum rules; interior ones are not.
        assert!(rules(&format!("A E - - - - - - - - - - - - L\n{b}")).is_empty());
        assert_eq!(
            rules(&format!("A - - - - E - - - - - - - - -\n{b}")),
            vec![HardRule::MinConsecutiveShifts]
        );
        assert_eq!(
            rules(&format!("A E E - E E - - - - - - - - -\n{b}")),
            vec![HardRule::DaysOff, HardRule::MinConsecutiveDaysOff]
        );
        // L then E is forbidden, E then L is not.
        assert_eq!(
            rules(&format!("A - - - - L E - - - - - - - -\n{b}")),
            vec![HardRule::ShiftRotation]
        );
        assert!(rules(&format!("A - - - - E L - - - - - - - -\n{b}")).is_empty());
        // Six in a row (max 5); two weekends (max 1).
        assert_eq!(
            rules(&format!("A - - - - E E E E E E - - - -\n{b}")),
            vec![HardRule::MaxConsecutiveShifts]
        );
        assert_eq!(
            rules(&format!("A - - - - - E E - - - - - E E\n{b}")),
            vec![HardRule::MaxWeekends]
        );
        // B may not work E.
        assert_eq!(
            rules("A - - - - - - - - - - - - - -\nB E - - - - - - - - - - - - -\n"),
            vec![HardRule::MaxShifts]
        );
        // Shape problems are reported, not panicked on.
        let mut r = CurtoisRoster::empty(&i);
        r.assignments[0].pop();
        r.assignments[1][0] = Some(7);
        r.assignments.push(Vec::new());
        let s = penalty(&i, &r);
        assert_eq!(
            s.hard_violations
                .iter()
                .filter(|v| v.rule == HardRule::Shape)
                .count(),
            3
        );
    }

    #[test]
    fn soft_penalty_on_a_small_roster() {
        let i = Instance::parse(SMALL).expect("parses");
        // Nobody works: cover under on day 0 for E and L (200), A's shift-on request (1).
        let s = penalty(&i, &CurtoisRoster::empty(&i));
        assert_eq!(
            (s.cover, s.shift_on_requests, s.shift_off_requests),
            (200, 1, 0)
        );
        assert_eq!(s.penalty, 201);
        // A works E on day 0 and L on day 5 (request met); B works L on days 0 and 7
        // (shift-off request hit, 2).
        let text = "A E - - - - L - - - - - - - -\nB L - - - - - - L - - - - - -\n";
        let r = CurtoisRoster::parse(&i, text).expect("parses");
        let s = penalty(&i, &r);
        assert_eq!(
            (s.cover, s.shift_on_requests, s.shift_off_requests),
            (0, 0, 2)
        );
        assert_eq!(r.to_text(&i), text);
        // A second L on day 0 is one over (weight 1).
        let mut r2 = r.clone();
        r2.assignments[0][0] = Some(1);
        let s2 = penalty(&i, &r2);
        assert_eq!(s2.cover, 100 + 1);
    }
}
