//! The instance reader: the benchmark's `.txt` format (see the crate documentation's
//! table of sections).

use std::collections::HashMap;
use std::str::FromStr;

use crate::CurtoisError;

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

/// The longest horizon the reader accepts, in days. The benchmark's longest is 364
/// (instance 24); the reader keeps a cover cell per day and shift type, so a horizon line
/// of `111111114` reserved gigabytes and aborted (found by fuzzing).
pub const MAX_HORIZON_DAYS: usize = 3_660;

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
    if horizon == 0 || horizon > MAX_HORIZON_DAYS {
        return Err(CurtoisError::Invalid {
            line: line.no,
            expected: format!("a horizon of 1 to {MAX_HORIZON_DAYS} days"),
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
        let member = Staff {
            id: f[0].to_owned(),
            max_shifts,
            max_total_minutes: number(line.no, "MaxTotalMinutes", f[2])?,
            min_total_minutes: number(line.no, "MinTotalMinutes", f[3])?,
            max_consecutive_shifts: number(line.no, "MaxConsecutiveShifts", f[4])?,
            min_consecutive_shifts: number(line.no, "MinConsecutiveShifts", f[5])?,
            min_consecutive_days_off: number(line.no, "MinConsecutiveDaysOff", f[6])?,
            max_weekends: number(line.no, "MaxWeekends", f[7])?,
            days_off: Vec::new(),
        };
        // A minimum above its maximum leaves no roster at all: refused here, at its line,
        // rather than passed on as a problem rotaflow's validation refuses.
        for (min, max, what) in [
            (
                member.min_total_minutes,
                member.max_total_minutes,
                "MinTotalMinutes at most MaxTotalMinutes",
            ),
            (
                member.min_consecutive_shifts,
                member.max_consecutive_shifts,
                "MinConsecutiveShifts at most MaxConsecutiveShifts",
            ),
        ] {
            if min > max {
                return Err(CurtoisError::Invalid {
                    line: line.no,
                    expected: what.to_owned(),
                    found: format!("{min} above {max}"),
                });
            }
        }
        staff.push(member);
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
