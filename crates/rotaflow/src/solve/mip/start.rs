//! Feasible rosters known before the search, and a bound that needs no search: what a MIP
//! run stopped by its time limit returns when HiGHS has found nothing better (or has not
//! started).
//!
//! Two constructions, each checked by the evaluator (a roster is used only when it breaks
//! no hard rule), the better one kept:
//!
//! * **greedy** ([`greedy`]): the pins, then shift by shift in time order, each place given
//!   to the eligible clinician of least pair cost whose shifts so far still satisfy every
//!   rule a subset of a feasible schedule also satisfies (overlap, rest and every maximum:
//!   the evaluator's monotone rules), while filling it pays (pair cost below the unfilled
//!   penalty);
//! * **repaired relaxation** ([`repair`]): the flow relaxation's roster keeps headcounts,
//!   eligibility, pins, `max_shifts` and `min_shifts` but may break the rules a flow cannot
//!   express; per clinician, their pins, then their relaxed shifts from the most to the
//!   least valuable, each kept only while the monotone rules hold.
//!
//! Both then top up ([`top_up`]) the clinicians below `min_shifts` or `min_hours` with
//! shifts that still have a free place, the monotone rules holding. Minimum runs of days
//! are not repaired: a roster that breaks one is refused by the evaluator. The pins alone
//! (the empty roster when there are none) are the last candidate.
//!
//! [`places_bound`] is a lower bound needing neither: every place of every shift filled or
//! not on its own, as if clinicians had no limits.
//!
//! # Complexity
//! Greedy: O(P · k²) for P eligible pairs and k shifts per clinician (each trial a rule
//! check of one clinician's shifts); repair: O(Σ_c k_c³); one evaluation per candidate.

use rayon::prelude::*;

use crate::evaluate::{RuleSet, check_rules, evaluate};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::Assignment;

/// A feasible roster and its objective, as the evaluator scores it.
#[derive(Debug, Clone)]
pub(super) struct Start {
    /// The assignments, sorted.
    pub(super) assignments: Vec<Assignment>,
    /// The evaluator's total.
    pub(super) objective: f64,
}

/// The better of two optional starts (the first on a tie).
pub(super) fn better(a: Option<Start>, b: Option<Start>) -> Option<Start> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.objective < a.objective { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The greedy roster, topped up, else the pins alone: the first the evaluator accepts.
pub(super) fn greedy_start(index: &Index<'_>) -> Option<Start> {
    let mut schedules = greedy(index);
    top_up(index, &mut schedules);
    feasible(index, &flatten(schedules)).or_else(|| feasible(index, index.pinned()))
}

/// [`greedy_start`]'s roster as pairs (the greedy topped up, else the pins alone), when
/// the evaluator accepts it.
pub(super) fn greedy_pairs(index: &Index<'_>) -> Option<Vec<(ShiftIdx, ClinicianIdx)>> {
    let mut schedules = greedy(index);
    top_up(index, &mut schedules);
    let pairs = flatten(schedules);
    if feasible(index, &pairs).is_some() {
        return Some(pairs);
    }
    let pins = index.pinned().to_vec();
    feasible(index, &pins).map(|_| pins)
}

/// The relaxed roster repaired and topped up, when the evaluator accepts it.
pub(super) fn relaxed_start(
    index: &Index<'_>,
    relaxed: &[(ShiftIdx, ClinicianIdx)],
) -> Option<Start> {
    let mut schedules = repair(index, relaxed);
    top_up(index, &mut schedules);
    feasible(index, &flatten(schedules))
}

/// A lower bound on the objective: each place of each shift chosen on its own (filled by
/// the cheapest eligible clinicians while that beats its unfilled penalty, over-staffed
/// while that pays), clinicians' limits, pins and fairness ignored (fairness is never
/// negative). Every roster's objective is at least this sum. `None` when a negative
/// fairness weight applies to a target (the fairness term is then a reward, unbounded by
/// this argument).
pub(super) fn places_bound(index: &Index<'_>) -> Option<f64> {
    let p = index.problem();
    let w = &p.weights;
    if w.fairness < 0.0 && p.clinicians.iter().any(|c| c.target_shifts.is_some()) {
        return None;
    }
    let mut total = w.change * index.previous().len() as f64;
    for s in index.shift_indices() {
        let f = index.shift(s);
        let mut costs: Vec<f64> = index
            .eligible_for_shift(s)
            .iter()
            .map(|&c| index.pair_cost(c, s))
            .collect();
        costs.sort_by(f64::total_cmp);
        let h = f.headcount as usize;
        total += f.unfilled_penalty * f64::from(f.headcount);
        for (i, &k) in costs.iter().enumerate() {
            let gain = if i < h {
                k - f.unfilled_penalty
            } else {
                match (f.over_penalty, f.max_headcount) {
                    (Some(po), Some(max)) if i < max as usize => k + po,
                    (Some(po), None) => k + po,
                    _ => break,
                }
            };
            if gain >= 0.0 {
                break;
            }
            total += gain;
        }
    }
    // Summing many terms rounds: stay on the safe side.
    Some(total - 1e-9 * (1.0 + total.abs()) - 1e-6)
}

/// The evaluated roster of `pairs` when it breaks no hard rule.
fn feasible(index: &Index<'_>, pairs: &[(ShiftIdx, ClinicianIdx)]) -> Option<Start> {
    let p = index.problem();
    let mut assignments: Vec<Assignment> = pairs
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect();
    assignments.sort();
    assignments.dedup();
    let eval = evaluate(index, &assignments);
    eval.is_feasible().then_some(Start {
        assignments,
        objective: eval.score.total,
    })
}

/// Every clinician's schedule as (shift, clinician) pairs.
fn flatten(schedules: Vec<Vec<(ShiftIdx, ClinicianIdx)>>) -> Vec<(ShiftIdx, ClinicianIdx)> {
    schedules.into_iter().flatten().collect()
}

/// Whether adding `s` to `c`'s schedule keeps the monotone rules; adds it when it does.
fn try_add(
    index: &Index<'_>,
    mine: &mut Vec<(ShiftIdx, ClinicianIdx)>,
    s: ShiftIdx,
    c: ClinicianIdx,
) -> bool {
    let f = index.shift(s);
    let l = &index.problem().clinicians[c.index()].limits;
    // Quick refusals before the full check: the same or an overlapping shift, a shift
    // within the rest time, too many shifts or hours.
    let rest = l.min_rest_hours.map_or(0, |h| (h * 3600.0).ceil() as i64);
    let clash = mine.iter().any(|&(t, _)| {
        let g = index.shift(t);
        t == s
            || (g.start < f.end && f.start < g.end)
            || (g.day != f.day && (f.start - g.end).max(g.start - f.end) < rest)
    });
    let hours: f64 = mine.iter().map(|&(t, _)| index.shift(t).hours).sum::<f64>() + f.hours;
    if clash
        || l.max_shifts.is_some_and(|m| mine.len() as i64 >= m)
        || l.max_hours.is_some_and(|m| hours > m + 1e-9)
    {
        return false;
    }
    mine.push((s, c));
    if check_rules(index, mine, RuleSet::Monotone).is_empty() {
        true
    } else {
        mine.pop();
        false
    }
}

/// Per clinician, their pins (`(shift, clinician)` pairs, each schedule non-empty only
/// through pins).
fn pinned_schedules(index: &Index<'_>) -> Vec<Vec<(ShiftIdx, ClinicianIdx)>> {
    let mut schedules = vec![Vec::new(); index.clinician_count()];
    for &(s, c) in index.pinned() {
        schedules[c.index()].push((s, c));
    }
    schedules
}

/// The places each shift may still take: its headcount (or `max_headcount` when
/// over-staffing is allowed) less what `schedules` already assign.
fn free_places(index: &Index<'_>, schedules: &[Vec<(ShiftIdx, ClinicianIdx)>]) -> Vec<i64> {
    let mut free: Vec<i64> = index
        .shift_indices()
        .map(|s| {
            let f = index.shift(s);
            match f.over_penalty {
                Some(_) => f.max_headcount.map_or(i64::MAX, i64::from),
                None => i64::from(f.headcount),
            }
        })
        .collect();
    for &(s, _) in schedules.iter().flatten() {
        free[s.index()] -= 1;
    }
    free
}

/// The pins, then each place given to the cheapest clinician who can take it.
fn greedy(index: &Index<'_>) -> Vec<Vec<(ShiftIdx, ClinicianIdx)>> {
    let mut schedules = pinned_schedules(index);
    let mut filled = vec![0u32; index.shift_count()];
    for &(s, _) in index.pinned() {
        filled[s.index()] += 1;
    }
    let mut shifts: Vec<ShiftIdx> = index.shift_indices().collect();
    shifts.sort_by_key(|&s| (index.shift(s).start, s));
    for s in shifts {
        let f = index.shift(s);
        if filled[s.index()] >= f.headcount {
            continue;
        }
        let mut candidates: Vec<(f64, ClinicianIdx)> = index
            .eligible_for_shift(s)
            .iter()
            .map(|&c| (index.pair_cost(c, s), c))
            .filter(|&(k, _)| k < f.unfilled_penalty)
            .collect();
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, c) in candidates {
            if filled[s.index()] >= f.headcount {
                break;
            }
            let mine = &mut schedules[c.index()];
            if try_add(index, mine, s, c) {
                filled[s.index()] += 1;
            }
        }
    }
    schedules
}

/// Each clinician's pins, then their relaxed shifts that keep the monotone rules.
fn repair(
    index: &Index<'_>,
    relaxed: &[(ShiftIdx, ClinicianIdx)],
) -> Vec<Vec<(ShiftIdx, ClinicianIdx)>> {
    let pins = pinned_schedules(index);
    let mut wanted: Vec<Vec<ShiftIdx>> = vec![Vec::new(); index.clinician_count()];
    for &(s, c) in relaxed {
        if !pins[c.index()].contains(&(s, c)) {
            wanted[c.index()].push(s);
        }
    }
    let clinicians: Vec<ClinicianIdx> = index.clinician_indices().collect();
    clinicians
        .par_iter()
        .map(|&c| {
            let mut mine = pins[c.index()].clone();
            let mut candidates = wanted[c.index()].clone();
            let value = |s: ShiftIdx| index.pair_cost(c, s) - index.shift(s).unfilled_penalty;
            candidates.sort_by(|&a, &b| value(a).total_cmp(&value(b)).then(a.cmp(&b)));
            for s in candidates {
                try_add(index, &mut mine, s, c);
            }
            mine
        })
        .collect()
}

/// Give the clinicians below `min_shifts` or `min_hours` shifts that have a free place,
/// cheapest first, while the monotone rules hold.
fn top_up(index: &Index<'_>, schedules: &mut [Vec<(ShiftIdx, ClinicianIdx)>]) {
    let p = index.problem();
    let mut free = free_places(index, schedules);
    for c in index.clinician_indices() {
        let l = &p.clinicians[c.index()].limits;
        let min_shifts = l.min_shifts.unwrap_or(0).max(0) as usize;
        let min_hours = l.min_hours.unwrap_or(0.0).max(0.0);
        let short = |mine: &[(ShiftIdx, ClinicianIdx)]| {
            let hours: f64 = mine.iter().map(|&(s, _)| index.shift(s).hours).sum();
            mine.len() < min_shifts || hours + 1e-9 < min_hours
        };
        if !short(&schedules[c.index()]) {
            continue;
        }
        let mut candidates: Vec<(f64, ShiftIdx)> = index
            .eligible_for_clinician(c)
            .iter()
            .filter(|&&s| free[s.index()] > 0)
            .map(|&s| (index.pair_cost(c, s), s))
            .collect();
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mine = &mut schedules[c.index()];
        for (_, s) in candidates {
            if !short(mine) {
                break;
            }
            if try_add(index, mine, s, c) {
                free[s.index()] -= 1;
            }
        }
    }
}
