//! The benchmark's penalty function: the soft terms (requests and cover) and every hard
//! constraint, with the benchmark's conventions at the horizon ends and for weekends.

use std::fmt;

use crate::{CurtoisRoster, Instance, ShiftRequest};

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
