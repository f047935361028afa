//! The MIP's row families, one function each, named as in the module formulation. Rows
//! are only added where they can bind (a maximum below the number of eligible shifts, a
//! window with a variable on every day, a clique of two or more).

use std::collections::BTreeMap;

use good_lp::{Expression, Variable, variable};

use super::model::{Builder, Day, sum_of};
use crate::index::{Index, ShiftIdx};
use crate::model::Limits;

/// Places a shift's clinicians out of scope take.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outside {
    /// Pins of clinicians out of scope (diagnosis of one clinician): they count against
    /// `max_headcount` only.
    Pinned(u32),
    /// Places held by clinicians whose schedules are fixed (a neighbourhood): they count
    /// against the headcount, the cap and over-staffing alike.
    Held(u32),
}

/// **headcount**: `Σ_c x + u ≥ h` (u at the unfilled penalty); with an over penalty
/// `Σ_c x − o ≤ h` (o at the over penalty); `Σ_c x ≤ max_headcount` (less the places pins
/// of clinicians out of scope take). With places held outside the scope, `h` and the cap
/// are what those places leave.
pub(super) fn headcount(
    b: &mut Builder,
    index: &Index<'_>,
    s: ShiftIdx,
    vs: &[Variable],
    outside: Outside,
) {
    let f = index.shift(s);
    let (pinned, held) = match outside {
        Outside::Pinned(n) => (n, 0),
        Outside::Held(n) => (n, n),
    };
    let cap = f.max_headcount.map(|m| f64::from(m.saturating_sub(pinned)));
    let assigned = sum_of(vs.iter().copied());
    let h = f64::from(f.headcount) - f64::from(held);
    if h > 0.0 {
        let u = b.column(variable().min(0.0).max(h), f.unfilled_penalty);
        b.row((assigned.clone() + u).geq(h));
    }
    match f.over_penalty {
        Some(po) => {
            if po != 0.0 && b.priced() {
                let o = b.column(variable().min(0.0), po);
                b.row((assigned.clone() - o).leq(h));
            }
            if let Some(cap) = cap {
                if (vs.len() as f64) > cap {
                    b.row(assigned.leq(cap));
                }
            }
        }
        None => {
            let cap = cap.unwrap_or(h).max(0.0);
            if (vs.len() as f64) > cap {
                b.row(assigned.leq(cap));
            }
        }
    }
}

/// **overlap**: `Σ_{s∈Q} x ≤ 1` for every maximal clique `Q` of the clinician's
/// overlapping shifts, by an interval sweep (ends before starts at one instant: intervals
/// are half-open); one row each time a new clique peaks.
pub(super) fn overlap(b: &mut Builder, index: &Index<'_>, mine: &[(ShiftIdx, Variable)]) {
    let mut events: Vec<(i64, u8, usize)> = Vec::with_capacity(2 * mine.len());
    for (i, &(s, _)) in mine.iter().enumerate() {
        let f = index.shift(s);
        events.push((f.start, 1, i));
        events.push((f.end, 0, i));
    }
    events.sort_unstable();
    let mut active: Vec<usize> = Vec::new();
    let mut rising = false;
    for &(_, kind, i) in &events {
        if kind == 1 {
            active.push(i);
            rising = true;
        } else {
            if rising && active.len() >= 2 {
                b.row(sum_of(active.iter().map(|&j| mine[j].1)).leq(1.0));
            }
            rising = false;
            active.retain(|&j| j != i);
        }
    }
}

/// **rest**: `x[a] + x[b] ≤ 1` for shifts on different days, not overlapping, with
/// `start(b) − end(a) < min_rest_hours`.
pub(super) fn rest(b: &mut Builder, index: &Index<'_>, l: &Limits, mine: &[(ShiftIdx, Variable)]) {
    let Some(rest) = l.min_rest_hours else {
        return;
    };
    let rest_s = rest * 3600.0;
    let mut order: Vec<usize> = (0..mine.len()).collect();
    order.sort_by_key(|&i| (index.shift(mine[i].0).start, i));
    for (ai, &a) in order.iter().enumerate() {
        let fa = index.shift(mine[a].0);
        for &later in &order[ai + 1..] {
            let fb = index.shift(mine[later].0);
            if (fb.start - fa.end) as f64 >= rest_s {
                // Later starts are further away, but a long shift `a` may end after a
                // later one starts: keep scanning only while it starts before a's end +
                // rest.
                break;
            }
            if fb.start < fa.end || fa.day == fb.day {
                continue; // overlap rows cover it; same-day pairs need no rest
            }
            b.row(sum_of([mine[a].1, mine[later].1]).leq(1.0));
        }
    }
}

/// **counts**: `min_shifts ≤ Σ x ≤ max_shifts`.
pub(super) fn counts(b: &mut Builder, l: &Limits, mins: bool, n: usize, total: &Expression) {
    let n = n as i64;
    if let Some(max) = l.max_shifts {
        if n > max {
            b.row(total.clone().leq(max as f64));
        }
    }
    if mins {
        if let Some(min) = l.min_shifts {
            if min > 0 {
                b.row(total.clone().geq(min as f64));
            }
        }
    }
}

/// **hours**: `⌈(3600·min_hours − ε)/g⌉ ≤ Σ (len_s/g)·x ≤ ⌊(3600·max_hours + ε)/g⌋`, lengths
/// in seconds and `g` their gcd, so the rows are integer.
pub(super) fn hours(
    b: &mut Builder,
    index: &Index<'_>,
    l: &Limits,
    mins: bool,
    mine: &[(ShiftIdx, Variable)],
) {
    if l.max_hours.is_none() && !(mins && l.min_hours.is_some_and(|m| m > 0.0)) {
        return;
    }
    let (hours, all, g) = scaled_hours(index, mine);
    if let Some(max) = l.max_hours {
        let rhs = hours_bound(max, g, true);
        if (all as f64) > rhs {
            b.row(hours.clone().leq(rhs));
        }
    }
    if mins {
        if let Some(min) = l.min_hours {
            if min > 0.0 {
                b.row(hours.geq(hours_bound(min, g, false)));
            }
        }
    }
}

/// **per week** (revision 1.1), for each calendar week `W` with eligible shifts:
/// `Σ_{s∈W} x ≤ per_week.max_shifts`, the hours row of [`hours`] restricted to `W` against
/// `per_week.max_hours`, and `Σ_{s∈W} x ≥ per_week.min_shifts` when all seven days of `W`
/// lie in the horizon (a whole week with no eligible shift makes the model infeasible:
/// an empty row `0 ≥ min`).
pub(super) fn per_week(
    b: &mut Builder,
    index: &Index<'_>,
    l: &Limits,
    mins: bool,
    mine: &[(ShiftIdx, Variable)],
) {
    let Some(pw) = &l.per_week else {
        return;
    };
    let weeks = index.weeks();
    let mut in_week: Vec<Vec<(ShiftIdx, Variable)>> = vec![Vec::new(); weeks.len()];
    for &(s, v) in mine {
        in_week[index.week_of_day()[index.shift(s).day as usize] as usize].push((s, v));
    }
    for (week, list) in weeks.iter().zip(&in_week) {
        let n = list.len() as i64;
        let count = || sum_of(list.iter().map(|&(_, v)| v));
        if let Some(max) = pw.max_shifts {
            if n > max {
                b.row(count().leq(max as f64));
            }
        }
        if let Some(max) = pw.max_hours {
            let (hours, all, g) = scaled_hours(index, list);
            let rhs = hours_bound(max, g, true);
            if (all as f64) > rhs {
                b.row(hours.leq(rhs));
            }
        }
        if mins && week.whole {
            if let Some(min) = pw.min_shifts.filter(|&m| m > 0) {
                b.row(count().geq(min as f64));
            }
        }
    }
}

/// The clinician's pair variables by day.
pub(super) fn on_day(index: &Index<'_>, mine: &[(ShiftIdx, Variable)]) -> Vec<Vec<Variable>> {
    let mut on_day: Vec<Vec<Variable>> = vec![Vec::new(); index.days().len()];
    for &(s, v) in mine {
        on_day[index.shift(s).day as usize].push(v);
    }
    on_day
}

/// Whether a clinician needs day variables, and whether they must be exact indicators
/// (`w = 1` exactly when some shift is worked, for the minimum runs).
pub(super) fn needs_days(l: &Limits) -> bool {
    exact_days(l) || l.max_consecutive_days.is_some() || l.max_weekends.is_some()
}

fn exact_days(l: &Limits) -> bool {
    l.min_consecutive_days.is_some_and(|m| m > 1)
        || l.min_consecutive_days_off.is_some_and(|m| m > 1)
}

/// **per day** and **day link**: `Σ_{s∈S(c,d)} x ≤ max_per_day·w[d]` (one row links and
/// caps), `x ≤ w[d]`, and `w[d] ≤ Σ x` when the day indicators must be exact; without day
/// variables `Σ_{s∈S(c,d)} x ≤ max_shifts_per_day`.
pub(super) fn per_day(
    b: &mut Builder,
    l: &Limits,
    mins: bool,
    on_day: &[Vec<Variable>],
    days: &[Day],
) {
    let exact = exact_days(l) && mins;
    for (d, list) in on_day.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let per_day = l.max_shifts_per_day.map(|m| m as f64);
        match days[d] {
            Day::Var(wd) => {
                let cap = per_day.unwrap_or(f64::INFINITY).min(list.len() as f64);
                if cap < list.len() as f64 || list.len() > 1 {
                    let mut e = sum_of(list.iter().copied());
                    e.add_mul(-cap, wd);
                    b.row(e.leq(0.0));
                }
                for &v in list {
                    b.row((Expression::from(v) - wd).leq(0.0));
                }
                if exact {
                    b.row((sum_of(list.iter().copied()) - wd).geq(0.0));
                }
            }
            Day::Off => {
                if let Some(m) = per_day {
                    if (list.len() as f64) > m {
                        b.row(sum_of(list.iter().copied()).leq(m));
                    }
                }
            }
        }
    }
}

/// **max run**: `Σ_{d=a}^{a+M} w[d] ≤ M` for every window of `M + 1` days with a
/// variable on each (`M` = `max_consecutive_days`).
pub(super) fn max_run(b: &mut Builder, l: &Limits, days: &[Day]) {
    let Some(max) = l.max_consecutive_days else {
        return;
    };
    let m = max.max(0) as usize;
    if days.len() > m {
        for a in 0..days.len() - m {
            let window: Option<Vec<Variable>> = (a..=a + m).map(|d| days[d].var()).collect();
            if let Some(window) = window {
                b.row(sum_of(window).leq(m as f64));
            }
        }
    }
}

/// **min run**: `w[a] − w[a−1] ≤ w[a+j]` for `a ≥ 1`, `1 ≤ j < min_consecutive_days`,
/// `a + j ≤ H − 1` (runs touching an end of the horizon are exempt).
pub(super) fn min_run(b: &mut Builder, l: &Limits, days: &[Day]) {
    let Some(min) = l.min_consecutive_days else {
        return;
    };
    let m = min.max(0) as usize;
    let day_count = days.len();
    for a in 1..day_count {
        let Some(wa) = days[a].var() else { continue };
        for j in 1..m {
            if a + j > day_count - 1 {
                break;
            }
            let mut e = Expression::from(wa);
            if let Some(prev) = days[a - 1].var() {
                e.add_mul(-1.0, prev);
            }
            if let Some(next) = days[a + j].var() {
                e.add_mul(-1.0, next);
            }
            b.row(e.leq(0.0));
        }
    }
}

/// **min off**: `w[d] − w[d+1] + w[d+1+j] ≤ 1` for `1 ≤ j < min_consecutive_days_off`,
/// `d + 1 + j ≤ H − 1`.
pub(super) fn min_off(b: &mut Builder, l: &Limits, days: &[Day]) {
    let Some(min) = l.min_consecutive_days_off else {
        return;
    };
    let m = min.max(0) as usize;
    let day_count = days.len();
    for d in 0..day_count.saturating_sub(1) {
        let Some(wd) = days[d].var() else { continue };
        for j in 1..m {
            if d + 1 + j > day_count - 1 {
                break;
            }
            let Some(later) = days[d + 1 + j].var() else {
                continue;
            };
            let mut e = Expression::from(wd) + later;
            if let Some(next) = days[d + 1].var() {
                e.add_mul(-1.0, next);
            }
            b.row(e.leq(1.0));
        }
    }
}

/// **weekends**: `w[d] ≤ v[k]` for each day `d` of weekend `k`; `Σ_k v[k] ≤ max_weekends`.
pub(super) fn weekends(b: &mut Builder, index: &Index<'_>, l: &Limits, days: &[Day]) {
    let Some(max) = l.max_weekends else {
        return;
    };
    let mut weekends: BTreeMap<i64, Vec<Variable>> = BTreeMap::new();
    for (d, k) in index.weekend_of_day().iter().enumerate() {
        if let (Some(k), Some(v)) = (k, days[d].var()) {
            weekends.entry(*k).or_default().push(v);
        }
    }
    if weekends.len() as i64 > max {
        let mut count = Expression::with_capacity(weekends.len());
        for list in weekends.values() {
            let vk = b.column(variable().min(0.0).max(1.0), 0.0);
            for &wd in list {
                b.row((Expression::from(wd) - vk).leq(0.0));
            }
            count.add_mul(1.0, vk);
        }
        b.row(count.leq(max as f64));
    }
}

/// **per kind**: `Σ_{kind(s)=K} x ≤ max_per_kind[K]`.
pub(super) fn per_kind(
    b: &mut Builder,
    index: &Index<'_>,
    l: &Limits,
    mine: &[(ShiftIdx, Variable)],
) {
    let p = index.problem();
    for (kind, &max) in &l.max_per_kind {
        let of_kind: Vec<Variable> = mine
            .iter()
            .filter(|&&(s, _)| p.shifts[s.index()].kind.as_deref() == Some(kind.as_str()))
            .map(|&(_, v)| v)
            .collect();
        if of_kind.len() as i64 > max {
            b.row(sum_of(of_kind).leq(max as f64));
        }
    }
}

/// **succession**: `x[a] + x[b] ≤ 1` for `kind(a) = first` on day `d` and
/// `kind(b) = then` on day `d + 1`.
pub(super) fn successions(
    b: &mut Builder,
    index: &Index<'_>,
    mine: &[(ShiftIdx, Variable)],
    on_day: &[Vec<Variable>],
) {
    let p = index.problem();
    let day_count = on_day.len();
    for f in &p.forbidden_successions {
        let of = |d: usize, kind: &str| -> Vec<Variable> {
            mine.iter()
                .filter(|&&(s, _)| {
                    index.shift(s).day as usize == d
                        && p.shifts[s.index()].kind.as_deref() == Some(kind)
                })
                .map(|&(_, v)| v)
                .collect()
        };
        for d in 0..day_count.saturating_sub(1) {
            if on_day[d].is_empty() || on_day[d + 1].is_empty() {
                continue;
            }
            let firsts = of(d, &f.first);
            if firsts.is_empty() {
                continue;
            }
            for &later in &of(d + 1, &f.then) {
                for &a in &firsts {
                    b.row(sum_of([a, later]).leq(1.0));
                }
            }
        }
    }
}

/// **fairness**: `e ≥ Σ x − t`, `e ≥ t − Σ x` (e at `w.fairness`).
pub(super) fn fairness(b: &mut Builder, weight: f64, target: i64, total: Expression) {
    let e = b.column(variable().min(0.0), weight);
    b.row((total.clone() - e).leq(target as f64));
    b.row((total + e).geq(target as f64));
}

/// `Σ (len_s/g)·x` over `pairs`, with the sum of its coefficients and `g`, the gcd of the
/// lengths in seconds (so that the hour rows are integer).
fn scaled_hours(index: &Index<'_>, pairs: &[(ShiftIdx, Variable)]) -> (Expression, i64, i64) {
    let lens: Vec<i64> = pairs
        .iter()
        .map(|&(s, _)| index.shift(s).end - index.shift(s).start)
        .collect();
    let g = lens.iter().fold(0, |a, &b| gcd(a, b)).max(1);
    let mut hours = Expression::with_capacity(pairs.len());
    for (&(_, v), &len) in pairs.iter().zip(&lens) {
        hours.add_mul((len / g) as f64, v);
    }
    (hours, lens.iter().sum::<i64>() / g, g)
}

/// `floor(a/b)` and `ceil(a/b)` for the integer hour rows.
fn hours_bound(hours: f64, g: i64, upper: bool) -> f64 {
    let seconds = 3600.0 * hours;
    if upper {
        ((seconds + 1e-6) / g as f64).floor()
    } else {
        ((seconds - 1e-6) / g as f64).ceil()
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}
