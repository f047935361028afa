//! Which clinicians the flow can represent exactly, and how: each clinician's *plan*
//! (slots, the upper and lower number of shifts, the per-day cap), or the rules in the way
//! (the obstacles).

use std::collections::BTreeSet;

use crate::error::{Error, Obstacle, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::rule::Rule;

/// A clinician's eligible shifts grouped into slots (pairwise-overlapping groups).
pub(super) struct Slots {
    /// Each slot's shifts, slots in start order.
    pub(super) slots: Vec<Vec<ShiftIdx>>,
    /// Whether every slot is a clique.
    pub(super) cliques: bool,
}

pub(super) fn slots_of(index: &Index<'_>, c: ClinicianIdx) -> Slots {
    let mut slots: Vec<Vec<ShiftIdx>> = Vec::new();
    let mut cliques = true;
    let mut reach = i64::MIN; // latest end in the current component
    let (mut latest_start, mut earliest_end) = (i64::MIN, i64::MAX);
    for &s in index.eligible_for_clinician(c) {
        let f = index.shift(s);
        if f.start < reach {
            if let Some(last) = slots.last_mut() {
                last.push(s);
            }
            reach = reach.max(f.end);
            latest_start = latest_start.max(f.start);
            earliest_end = earliest_end.min(f.end);
        } else {
            if latest_start >= earliest_end {
                cliques = false;
            }
            slots.push(vec![s]);
            reach = f.end;
            latest_start = f.start;
            earliest_end = f.end;
        }
    }
    if !slots.is_empty() && latest_start >= earliest_end {
        cliques = false;
    }
    Slots { slots, cliques }
}

/// What the flow model needs to know about one clinician.
pub(crate) struct Plan {
    pub(super) slots: Vec<Vec<ShiftIdx>>,
    /// Most shifts the flow may give (max_shifts, folded max_hours, number of slots).
    pub(super) upper: i64,
    /// Which of those sets `upper`.
    pub(super) upper_limit: UpperLimit,
    /// Fewest shifts.
    pub(super) lower: i64,
    /// Cap per day, when `max_shifts_per_day` is set.
    pub(super) per_day: Option<i64>,
    /// The calendar weeks whose shift count `limits.per_week` caps or floors, in week
    /// order; the slots of the other weeks hang off the clinician (or their day) directly.
    pub(super) weeks: Vec<WeekPlan>,
}

impl Plan {
    /// Whether the plan has a minimum (over the horizon or in some week).
    pub(super) fn has_minimum(&self) -> bool {
        self.lower > 0 || self.weeks.iter().any(|w| w.lower > 0)
    }
}

/// One calendar week's bounds on a clinician's shift count in the flow model: an arc from
/// the clinician's node to the week's node, above the week's day nodes and slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WeekPlan {
    /// The week, by index into [`Index::weeks`].
    pub(super) week: u32,
    /// Most shifts in the week (`per_week.max_shifts`, or `per_week.max_hours` folded
    /// into a count of equal-length shifts).
    pub(super) upper: i64,
    /// Fewest shifts in the week (`per_week.min_shifts` on a whole week; 0 otherwise).
    pub(super) lower: i64,
}

/// The week (index into [`Index::weeks`]) of a slot: its first shift's day's week.
pub(super) fn week_of_slot(index: &Index<'_>, slot: &[ShiftIdx]) -> u32 {
    index.week_of_day()[index.shift(slot[0]).day as usize]
}

/// The flow's bounds for `limits.per_week` on a clinician with these `slots`: a count cap
/// per week nests like the day caps (clinician → week → day → slot) and a weekly minimum
/// is the lower bound of the week's arc. With `fold_hours`, `per_week.max_hours` becomes a
/// count cap where all of the clinician's eligible shifts have one length, or is vacuous
/// (no week's longest slots reach it); otherwise it is an obstacle. A slot whose
/// overlapping shifts start in two weeks cannot nest under one week's node: an obstacle
/// when either week is bounded. `obstacle` receives each obstacle; weeks the limits cannot
/// bind are left out.
pub(super) fn week_plans(
    index: &Index<'_>,
    c: ClinicianIdx,
    slots: &[Vec<ShiftIdx>],
    fold_hours: bool,
    obstacle: &mut dyn FnMut(Rule, String),
) -> Vec<WeekPlan> {
    let p = index.problem();
    let Some(pw) = &p.clinicians[c.index()].limits.per_week else {
        return Vec::new();
    };
    let weeks = index.weeks();
    let mut count = vec![0i64; weeks.len()];
    let mut longest: Vec<Vec<f64>> = vec![Vec::new(); weeks.len()];
    for slot in slots {
        let w = week_of_slot(index, slot) as usize;
        count[w] += 1;
        longest[w].push(
            slot.iter()
                .map(|&s| index.shift(s).hours)
                .fold(0.0, f64::max),
        );
    }
    let durations: BTreeSet<i64> = index
        .eligible_for_clinician(c)
        .iter()
        .map(|&s| index.shift(s).end - index.shift(s).start)
        .collect();
    let mut out = Vec::new();
    for (w, week) in weeks.iter().enumerate() {
        let mut upper = pw.max_shifts.unwrap_or(i64::MAX);
        if let Some(max_h) = pw.max_hours.filter(|_| fold_hours) {
            longest[w].sort_by(|a, b| b.total_cmp(a));
            let reachable: f64 = longest[w]
                .iter()
                .take(upper.clamp(0, count[w]) as usize)
                .sum();
            if reachable > max_h + 1e-9 {
                if durations.len() == 1 {
                    let h = index.shift(index.eligible_for_clinician(c)[0]).hours;
                    upper = upper.min((max_h / h + 1e-9).floor() as i64);
                } else {
                    obstacle(
                        Rule::MaxHoursPerWeek,
                        format!(
                            "per_week.max_hours {max_h} can bind in the week of {} on shifts \
                             of different lengths, a knapsack rule a flow cannot express",
                            index.days()[week.first_day as usize]
                        ),
                    );
                }
            }
        }
        let lower = if week.whole {
            pw.min_shifts.unwrap_or(0).max(0)
        } else {
            0
        };
        if upper < count[w] || lower > 0 {
            out.push(WeekPlan {
                week: w as u32,
                upper: upper.clamp(0, count[w]),
                lower,
            });
        }
    }
    let bounded = |w: u32| out.iter().any(|b| b.week == w);
    for slot in slots {
        let first = week_of_slot(index, slot);
        let across = slot.iter().find_map(|&s| {
            let w = index.week_of_day()[index.shift(s).day as usize];
            (w != first).then_some(w)
        });
        if let Some(other) = across {
            if bounded(first) || bounded(other) {
                obstacle(
                    if pw.max_shifts.is_some() || pw.max_hours.is_some() {
                        Rule::MaxShiftsPerWeek
                    } else {
                        Rule::MinShiftsPerWeek
                    },
                    format!(
                        "overlapping shifts {} start in different calendar weeks",
                        slot.iter()
                            .map(|&s| p.shifts[s.index()].id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                break;
            }
        }
    }
    out
}

/// The rules that keep `index`'s problem from being solved exactly as a min-cost flow;
/// empty when the problem is flow-representable.
///
/// A rule is no obstacle when it is *vacuous*: when no roster the flow model can produce
/// could break it (a 11-hour rest rule for a clinician whose eligible sessions on
/// different days are always 11 hours apart, say).
///
/// # Complexity
/// O(Σ_c (k_c·w_c + D²)) where `k_c` is clinician c's eligible shift count, `w_c` the
/// number of those starting within the rest window after each, and `D` the horizon's days.
pub fn flow_obstacles(index: &Index<'_>) -> Vec<Obstacle> {
    let mut out = Vec::new();
    for c in index.clinician_indices() {
        if let Err(mut found) = plan(index, c) {
            out.append(&mut found);
        }
    }
    out
}

pub(super) fn plan(index: &Index<'_>, c: ClinicianIdx) -> std::result::Result<Plan, Vec<Obstacle>> {
    let p = index.problem();
    let clin = &p.clinicians[c.index()];
    let l = &clin.limits;
    let Slots { slots, cliques } = slots_of(index, c);
    let mut obstacles = Vec::new();
    let mut obstacle = |rule: Rule, detail: String| {
        obstacles.push(Obstacle {
            rule,
            clinician: Some(clin.id.clone()),
            detail,
        });
    };
    let shifts = index.eligible_for_clinician(c);
    if !cliques {
        obstacle(
            Rule::Overlap,
            "some eligible shifts overlap in a chain (A overlaps B, B overlaps C, A does not \
             overlap C), which a flow cannot express"
                .to_owned(),
        );
    }
    let (mut upper, mut upper_limit) = count_cap(slots.len(), l.max_shifts);
    if let Some(max_h) = l.max_hours {
        let mut maxima: Vec<f64> = slots
            .iter()
            .map(|slot| {
                slot.iter()
                    .map(|&s| index.shift(s).hours)
                    .fold(0.0, f64::max)
            })
            .collect();
        maxima.sort_by(|a, b| b.total_cmp(a));
        let reachable: f64 = maxima.iter().take(upper.max(0) as usize).sum();
        let durations: BTreeSet<i64> = shifts
            .iter()
            .map(|&s| index.shift(s).end - index.shift(s).start)
            .collect();
        if reachable <= max_h + 1e-9 {
            // Vacuous.
        } else if durations.len() == 1 {
            let h = index.shift(shifts[0]).hours;
            let folded = (max_h / h + 1e-9).floor() as i64;
            if folded < upper {
                upper = folded;
                upper_limit = UpperLimit::MaxHours;
            }
        } else {
            obstacle(
                Rule::MaxHours,
                format!(
                    "max_hours {max_h} can bind on shifts of different lengths, a knapsack \
                     rule a flow cannot express"
                ),
            );
        }
    }
    if l.min_hours.is_some_and(|h| h > 0.0) {
        obstacle(
            Rule::MinHours,
            "a minimum of hours on shifts of different lengths needs the MIP".to_owned(),
        );
    }
    if let Some(rest) = l.min_rest_hours {
        let window = (rest * 3600.0).ceil() as i64;
        'outer: for (i, &a) in shifts.iter().enumerate() {
            let fa = index.shift(a);
            for &b in &shifts[i + 1..] {
                let fb = index.shift(b);
                if fb.start >= fa.end + window {
                    // Shifts are sorted by start, so every later one is far enough too.
                    break;
                }
                if fb.start >= fa.end && fa.day != fb.day {
                    obstacle(
                        Rule::MinRestHours,
                        format!(
                            "{} and {} are on different days less than {rest} h apart",
                            p.shifts[a.index()].id,
                            p.shifts[b.index()].id
                        ),
                    );
                    break 'outer;
                }
            }
        }
    }
    let day_count = index.days().len();
    let mut eligible_day = vec![false; day_count];
    for &s in shifts {
        eligible_day[index.shift(s).day as usize] = true;
    }
    if let Some(max) = l.max_consecutive_days {
        let longest = longest_run(&eligible_day);
        if longest as i64 > max {
            obstacle(
                Rule::MaxConsecutiveDays,
                format!("eligible on {longest} days in a row, more than {max}"),
            );
        }
    }
    if l.min_consecutive_days.is_some_and(|m| m > 1) {
        obstacle(
            Rule::MinConsecutiveDays,
            "a minimum run of working days longer than one needs the MIP".to_owned(),
        );
    }
    if let Some(min) = l.min_consecutive_days_off {
        let days: Vec<usize> = (0..day_count).filter(|&d| eligible_day[d]).collect();
        let binding = days.iter().enumerate().any(|(i, &a)| {
            days[i + 1..]
                .iter()
                .any(|&b| b - a >= 2 && ((b - a - 1) as i64) < min)
        });
        if binding {
            obstacle(
                Rule::MinConsecutiveDaysOff,
                format!("eligible on days fewer than {min} days off apart"),
            );
        }
    }
    if let Some(max) = l.max_weekends {
        let weekends: BTreeSet<i64> = shifts
            .iter()
            .filter_map(|&s| index.weekend_of_day()[index.shift(s).day as usize])
            .collect();
        if weekends.len() as i64 > max {
            obstacle(
                Rule::MaxWeekends,
                format!("eligible on {} weekends, more than {max}", weekends.len()),
            );
        }
    }
    for (kind, &max) in &l.max_per_kind {
        let n = slots
            .iter()
            .filter(|slot| {
                slot.iter()
                    .any(|&s| p.shifts[s.index()].kind.as_deref() == Some(kind.as_str()))
            })
            .count() as i64;
        if n > max.min(upper) {
            obstacle(
                Rule::MaxPerKind,
                format!("can work {n} {kind} shifts, more than {max}"),
            );
        }
    }
    for f in &p.forbidden_successions {
        let on = |kind: &str| -> BTreeSet<u32> {
            shifts
                .iter()
                .filter(|&&s| p.shifts[s.index()].kind.as_deref() == Some(kind))
                .map(|&s| index.shift(s).day)
                .collect()
        };
        let firsts = on(&f.first);
        let thens = on(&f.then);
        if firsts.iter().any(|d| thens.contains(&(d + 1))) {
            obstacle(
                Rule::ForbiddenSuccessions,
                format!(
                    "eligible for {} then {} on consecutive days",
                    f.first, f.then
                ),
            );
        }
    }
    let per_day = l.max_shifts_per_day;
    if per_day.is_some() {
        if let Some(slot) = slots.iter().find(|slot| {
            slot.iter()
                .any(|&s| index.shift(s).day != index.shift(slot[0]).day)
        }) {
            obstacle(
                Rule::MaxShiftsPerDay,
                format!(
                    "overlapping shifts {} start on different days",
                    slot.iter()
                        .map(|&s| p.shifts[s.index()].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    let weeks = week_plans(index, c, &slots, true, &mut obstacle);
    if p.weights.pattern > 0.0 {
        // A run of weeks is not a per-pair cost: the flow cannot price it.
        if let Some(detail) = crate::evaluate::patterns::possible(index, c) {
            obstacle(Rule::Pattern, detail);
        }
    }
    if !obstacles.is_empty() {
        return Err(obstacles);
    }
    Ok(Plan {
        slots,
        upper: upper.max(0),
        upper_limit,
        lower: l.min_shifts.unwrap_or(0),
        per_day,
        weeks,
    })
}

/// The most shifts `slots` slots and `max_shifts` allow, and which of the two sets it.
pub(super) fn count_cap(slots: usize, max_shifts: Option<i64>) -> (i64, UpperLimit) {
    match max_shifts {
        Some(m) if m < slots as i64 => (m, UpperLimit::MaxShifts),
        _ => (slots as i64, UpperLimit::Slots),
    }
}

pub(super) fn longest_run(days: &[bool]) -> usize {
    let (mut best, mut cur) = (0, 0);
    for &d in days {
        cur = if d { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

pub(crate) fn plans(index: &Index<'_>) -> Result<Vec<Plan>> {
    let mut plans = Vec::with_capacity(index.clinician_count());
    let mut obstacles = Vec::new();
    for c in index.clinician_indices() {
        match plan(index, c) {
            Ok(p) => plans.push(p),
            Err(mut o) => obstacles.append(&mut o),
        }
    }
    if obstacles.is_empty() {
        Ok(plans)
    } else {
        Err(Error::NotFlowRepresentable(obstacles))
    }
}

/// The rule that sets a clinician's most shifts in the flow model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpperLimit {
    /// The number of slots (non-overlapping groups of eligible shifts).
    Slots,
    /// `limits.max_shifts`.
    MaxShifts,
    /// `limits.max_hours`, folded into a count of equal-length shifts.
    MaxHours,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_run_counts_consecutive_true() {
        assert_eq!(longest_run(&[true, false, true, true, true, false]), 3);
        assert_eq!(longest_run(&[]), 0);
    }
}
