//! The hard rules, checked pair by pair and day by day on a clinician's shifts, exactly as
//! `DESIGN.md` defines them (plain loops, written for clarity, never for speed).

use std::collections::BTreeMap;

use super::{Breach, breach};
use crate::index::{ClinicianIdx, Index, ShiftIdx, list_ids};
use crate::rule::Rule;

/// Which rules [`check_rules`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleSet {
    /// Every rule.
    All,
    /// Only rules a subset of a feasible roster also satisfies (overlap and maxima):
    /// what a set of pins alone must already respect.
    Monotone,
}

pub(crate) struct RuleBreach {
    pub(crate) breach: Breach,
    /// The (shift, clinician) pairs involved.
    pub(crate) pairs: Vec<(ShiftIdx, ClinicianIdx)>,
}

/// Pins that together break a rule, as (pin positions, sentence).
pub(crate) struct PinConflict {
    pub(crate) pins: Vec<usize>,
    pub(crate) message: String,
}

/// Rules the pins alone already break (only rules that adding shifts cannot mend).
///
/// Positions are into `index.pinned()`, which is `/pinned` in order: phase one of
/// validation rejects repeated pins, so nothing was skipped.
pub(crate) fn pin_conflicts(index: &Index<'_>) -> Vec<PinConflict> {
    let pins = index.pinned();
    check_rules(index, pins, RuleSet::Monotone)
        .into_iter()
        .map(|r| {
            let mut positions: Vec<usize> = r
                .pairs
                .iter()
                .filter_map(|pair| pins.iter().position(|p| p == pair))
                .collect();
            positions.sort_unstable();
            PinConflict {
                pins: positions,
                message: format!("the pins break a rule: {}", r.breach.message),
            }
        })
        .collect()
}

/// Every breach of `rules` by `pairs`, with the pairs involved in each.
pub(crate) fn check_rules(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    rules: RuleSet,
) -> Vec<RuleBreach> {
    let p = index.problem();
    let mut out = Vec::new();
    let sid = |s: ShiftIdx| p.shifts[s.index()].id.clone();

    // Per shift: eligibility and headcount.
    let mut by_shift: BTreeMap<ShiftIdx, Vec<ClinicianIdx>> = BTreeMap::new();
    let mut by_clinician: BTreeMap<ClinicianIdx, Vec<ShiftIdx>> = BTreeMap::new();
    if rules == RuleSet::All {
        // Minimums concern clinicians with no shift too.
        for c in index.clinician_indices() {
            by_clinician.insert(c, Vec::new());
        }
    }
    for &(s, c) in pairs {
        by_shift.entry(s).or_default().push(c);
        by_clinician.entry(c).or_default().push(s);
        if rules == RuleSet::All {
            if let Some(why) = index.ineligibility(c, s) {
                let cid = &p.clinicians[c.index()].id;
                out.push(RuleBreach {
                    breach: breach(
                        Rule::Eligibility,
                        Some(cid),
                        vec![sid(s)],
                        format!("{cid} may not work {}: {cid} {why}", sid(s)),
                    ),
                    pairs: vec![(s, c)],
                });
            }
        }
    }
    for (&s, cs) in &by_shift {
        let facts = index.shift(s);
        if let Some(max) = facts.max_headcount {
            if cs.len() as u64 > u64::from(max) {
                let names: Vec<&str> = cs
                    .iter()
                    .map(|c| p.clinicians[c.index()].id.as_str())
                    .collect();
                let what = if facts.over_penalty.is_none() {
                    format!("its headcount is {max} and it has no over_penalty")
                } else {
                    format!("its max_headcount is {max}")
                };
                out.push(RuleBreach {
                    breach: breach(
                        Rule::Headcount,
                        None,
                        vec![sid(s)],
                        format!(
                            "{} has {} clinicians ({}) but {what}",
                            sid(s),
                            cs.len(),
                            list_ids(&names)
                        ),
                    ),
                    pairs: cs.iter().map(|&c| (s, c)).collect(),
                });
            }
        }
    }

    // Per clinician.
    for (&c, shifts) in &by_clinician {
        let clin = &p.clinicians[c.index()];
        let cid = clin.id.as_str();
        let l = &clin.limits;
        let mut shifts = shifts.clone();
        shifts.sort_by_key(|&s| (index.shift(s).start, s));
        let all = |v: &[ShiftIdx]| v.iter().map(|&s| (s, c)).collect::<Vec<_>>();
        let mut push = |rule: Rule, involved: Vec<ShiftIdx>, message: String| {
            out.push(RuleBreach {
                breach: breach(
                    rule,
                    Some(cid),
                    involved.iter().map(|&s| sid(s)).collect(),
                    message,
                ),
                pairs: all(&involved),
            });
        };

        // Overlap and rest, over every pair.
        for (i, &a) in shifts.iter().enumerate() {
            let fa = index.shift(a);
            for &b in &shifts[i + 1..] {
                let fb = index.shift(b);
                if fb.start < fa.end {
                    push(
                        Rule::Overlap,
                        vec![a, b],
                        format!("{cid} works {} and {}, which overlap", sid(a), sid(b)),
                    );
                } else if let Some(rest) = l.min_rest_hours {
                    if fa.day != fb.day {
                        let gap = (fb.start - fa.end) as f64 / 3600.0;
                        if gap < rest {
                            push(
                                Rule::MinRestHours,
                                vec![a, b],
                                format!(
                                    "{cid} rests {gap:.2} h between {} and {}, less than {rest} h",
                                    sid(a),
                                    sid(b)
                                ),
                            );
                        }
                    }
                }
            }
        }

        let n = shifts.len() as i64;
        let hours: f64 = shifts.iter().map(|&s| index.shift(s).hours).sum();
        if let Some(max) = l.max_shifts {
            if n > max {
                push(
                    Rule::MaxShifts,
                    shifts.clone(),
                    format!("{cid} works {n} shifts, more than {max}"),
                );
            }
        }
        if let Some(max) = l.max_hours {
            if hours > max + 1e-9 {
                push(
                    Rule::MaxHours,
                    shifts.clone(),
                    format!("{cid} works {hours:.2} h, more than {max} h"),
                );
            }
        }
        if rules == RuleSet::All {
            if let Some(min) = l.min_shifts {
                if n < min {
                    push(
                        Rule::MinShifts,
                        shifts.clone(),
                        format!("{cid} works {n} shifts, fewer than {min}"),
                    );
                }
            }
            if let Some(min) = l.min_hours {
                if hours < min - 1e-9 {
                    push(
                        Rule::MinHours,
                        shifts.clone(),
                        format!("{cid} works {hours:.2} h, fewer than {min} h"),
                    );
                }
            }
        }

        // By day.
        let day_count = index.days().len();
        let mut on_day: Vec<Vec<ShiftIdx>> = vec![Vec::new(); day_count];
        for &s in &shifts {
            on_day[index.shift(s).day as usize].push(s);
        }
        if let Some(max) = l.max_shifts_per_day {
            for (d, list) in on_day.iter().enumerate() {
                if list.len() as i64 > max {
                    push(
                        Rule::MaxShiftsPerDay,
                        list.clone(),
                        format!(
                            "{cid} works {} shifts on {}, more than {max}",
                            list.len(),
                            index.days()[d]
                        ),
                    );
                }
            }
        }
        let working: Vec<bool> = on_day.iter().map(|l| !l.is_empty()).collect();
        let runs = runs(&working);
        let worked_in = |a: usize, b: usize| -> Vec<ShiftIdx> {
            on_day[a..=b].iter().flatten().copied().collect()
        };
        for &(value, a, b) in &runs {
            let len = (b - a + 1) as i64;
            let touches_edge = a == 0 || b + 1 == day_count;
            let (from, to) = (index.days()[a], index.days()[b]);
            if value {
                if let Some(max) = l.max_consecutive_days {
                    if len > max {
                        push(
                            Rule::MaxConsecutiveDays,
                            worked_in(a, b),
                            format!(
                                "{cid} works {len} days in a row ({from} to {to}), more than {max}"
                            ),
                        );
                    }
                }
                if rules == RuleSet::All && !touches_edge {
                    if let Some(min) = l.min_consecutive_days {
                        if len < min {
                            push(
                                Rule::MinConsecutiveDays,
                                worked_in(a, b),
                                format!(
                                    "{cid} works a run of {len} day{} ({from} to {to}), fewer than {min}",
                                    if len == 1 { "" } else { "s" }
                                ),
                            );
                        }
                    }
                }
            } else if rules == RuleSet::All && a > 0 && b + 1 < day_count {
                if let Some(min) = l.min_consecutive_days_off {
                    if len < min {
                        push(
                            Rule::MinConsecutiveDaysOff,
                            [worked_in(a - 1, a - 1), worked_in(b + 1, b + 1)].concat(),
                            format!(
                                "{cid} has {len} day{} off ({from} to {to}) between working days, fewer than {min}",
                                if len == 1 { "" } else { "s" }
                            ),
                        );
                    }
                }
            }
        }
        if let Some(w) = &l.per_week {
            let weeks = index.weeks();
            let mut in_week: Vec<Vec<ShiftIdx>> = vec![Vec::new(); weeks.len()];
            for &s in &shifts {
                in_week[index.week_of_day()[index.shift(s).day as usize] as usize].push(s);
            }
            for (wi, list) in in_week.iter().enumerate() {
                let week = weeks[wi];
                let (from, to) = (
                    index.days()[week.first_day as usize],
                    index.days()[week.last_day as usize],
                );
                let n = list.len() as i64;
                if let Some(max) = w.max_shifts {
                    if n > max {
                        push(
                            Rule::MaxShiftsPerWeek,
                            list.clone(),
                            format!(
                                "{cid} works {n} shifts in the week {from} to {to}, more than {max}"
                            ),
                        );
                    }
                }
                if let Some(max) = w.max_hours {
                    let hours: f64 = list.iter().map(|&s| index.shift(s).hours).sum();
                    if hours > max + 1e-9 {
                        push(
                            Rule::MaxHoursPerWeek,
                            list.clone(),
                            format!(
                                "{cid} works {hours:.2} h in the week {from} to {to}, more than {max} h"
                            ),
                        );
                    }
                }
                if let Some(min) = w.min_shifts {
                    if rules == RuleSet::All && week.whole && n < min {
                        push(
                            Rule::MinShiftsPerWeek,
                            list.clone(),
                            format!(
                                "{cid} works {n} shifts in the week {from} to {to}, fewer than {min}"
                            ),
                        );
                    }
                }
            }
        }
        if let Some(max) = l.max_weekends {
            let mut weekends: BTreeMap<i64, Vec<ShiftIdx>> = BTreeMap::new();
            for &s in &shifts {
                if let Some(w) = index.weekend_of_day()[index.shift(s).day as usize] {
                    weekends.entry(w).or_default().push(s);
                }
            }
            if weekends.len() as i64 > max {
                push(
                    Rule::MaxWeekends,
                    weekends.values().flatten().copied().collect(),
                    format!("{cid} works {} weekends, more than {max}", weekends.len()),
                );
            }
        }
        for (kind, &max) in &l.max_per_kind {
            let of_kind: Vec<ShiftIdx> = shifts
                .iter()
                .copied()
                .filter(|&s| p.shifts[s.index()].kind.as_deref() == Some(kind.as_str()))
                .collect();
            if of_kind.len() as i64 > max {
                push(
                    Rule::MaxPerKind,
                    of_kind.clone(),
                    format!(
                        "{cid} works {} {kind} shifts, more than {max}",
                        of_kind.len()
                    ),
                );
            }
        }
        for f in &p.forbidden_successions {
            for d in 0..day_count.saturating_sub(1) {
                let first = on_day[d]
                    .iter()
                    .find(|&&s| p.shifts[s.index()].kind.as_deref() == Some(f.first.as_str()));
                let then = on_day[d + 1]
                    .iter()
                    .find(|&&s| p.shifts[s.index()].kind.as_deref() == Some(f.then.as_str()));
                if let (Some(&a), Some(&b)) = (first, then) {
                    push(
                        Rule::ForbiddenSuccessions,
                        vec![a, b],
                        format!(
                            "{cid} works {} ({}) then {} ({}) the next day, a forbidden succession",
                            sid(a),
                            f.first,
                            sid(b),
                            f.then
                        ),
                    );
                }
            }
        }
    }
    out
}

/// Maximal runs of equal values: (value, first index, last index).
fn runs(values: &[bool]) -> Vec<(bool, usize, usize)> {
    let mut out: Vec<(bool, usize, usize)> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.0 == v => last.2 = i,
            _ => out.push((v, i, i)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_on_change() {
        assert_eq!(
            runs(&[true, true, false, true]),
            vec![(true, 0, 1), (false, 2, 2), (true, 3, 3)]
        );
        assert!(runs(&[]).is_empty());
    }
}
