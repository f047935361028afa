//! The `mip` solver: every rule of `DESIGN.md` as a mixed-integer program, built with
//! good_lp and solved by HiGHS.
//!
//! # Formulation
//!
//! Indices: clinicians `c`, shifts `s`, horizon days `d = 0..H`, weekends `k`. `E` is the
//! set of eligible pairs (`Index::is_eligible`); only eligible pairs get a variable, so
//! eligibility (role, skills, availability, exclusions, rate cap, travel) is enforced by
//! construction. `S(c)` is `c`'s eligible shifts, `S(c, d)` those on day `d`.
//!
//! ```text
//! variables   x[c,s] ∈ {0,1}      (c,s) ∈ E; a pin fixes x = 1
//!             u[s]   ∈ [0, h_s]   places left empty on s               (continuous)
//!             o[s]   ≥ 0          places over the headcount on s        (only with over_penalty)
//!             w[c,d] ∈ {0,1}      c works on day d     (only for c with a day rule; 0 on days
//!                                                       without an eligible shift)
//!             v[c,k] ∈ [0,1]      c works weekend k                     (only with max_weekends)
//!             e[c]   ≥ 0          |shifts(c) − target(c)|               (only when w.fairness ≠ 0)
//!
//! minimise    Σ_s pu_s·u[s] + Σ_s po_s·o[s] + Σ_(c,s)∈E k_cs·x[c,s] + w.fairness·Σ_c e[c] + K
//!             k_cs = w.cost·(rate_per_hour·hours + rate_per_shift) − w.preference·Σ matching
//!                    weights + w.travel_per_km·km − w.continuity·[c preferred] − w.change·[(s,c) previous]
//!             K    = w.change·|previous|  (+ pu_s·h_s for shifts nobody may work)
//!
//! headcount   Σ_c x[c,s] + u[s] ≥ h_s                       every s
//!             Σ_c x[c,s] − o[s] ≤ h_s                       s with over_penalty (o absent: Σ x ≤ h_s)
//!             Σ_c x[c,s]        ≤ max_headcount_s           s with over_penalty and max_headcount
//! overlap     Σ_{s ∈ Q} x[c,s] ≤ 1                          every maximal clique Q of c's overlapping
//!                                                           eligible shifts (interval sweep: one row
//!                                                           per time point where a new clique peaks)
//! rest        x[c,a] + x[c,b] ≤ 1                           a, b on different days, not overlapping,
//!                                                           start(b) − end(a) < min_rest_hours
//! counts      m⁻ ≤ Σ_{s∈S(c)} x[c,s] ≤ m⁺                   min_shifts / max_shifts
//! hours       ⌈(3600·min_hours − ε)/g⌉ ≤ Σ (len_s/g)·x[c,s] ≤ ⌊(3600·max_hours + ε)/g⌋
//!                                                           len in seconds, g their gcd: integer rows
//! per day     Σ_{s∈S(c,d)} x[c,s] ≤ max_per_day·w[c,d]      (≤ max_per_day when c has no w)
//! day link    x[c,s] ≤ w[c,d]  for s ∈ S(c,d);   w[c,d] ≤ Σ_{s∈S(c,d)} x[c,s]
//! max run     Σ_{d=a}^{a+M} w[c,d] ≤ M                      M = max_consecutive_days, every window
//! min run     w[c,a] − w[c,a−1] ≤ w[c,a+j]                  a ≥ 1, 1 ≤ j < min_consecutive_days,
//!                                                           a + j ≤ H − 1 (runs touching an end exempt)
//! min off     w[c,d] − w[c,d+1] + w[c,d+1+j] ≤ 1            1 ≤ j < min_consecutive_days_off,
//!                                                           d + 1 + j ≤ H − 1
//! weekends    w[c,d] ≤ v[c,k] for d ∈ k;  Σ_k v[c,k] ≤ max_weekends
//! per kind    Σ_{s∈S(c), kind(s)=K} x[c,s] ≤ max_per_kind[K]
//! succession  x[c,a] + x[c,b] ≤ 1                           kind(a) = first on day d,
//!                                                           kind(b) = then on day d + 1
//! fairness    e[c] ≥ Σ x[c,s] − t_c,   e[c] ≥ t_c − Σ x[c,s]
//! ```
//!
//! Signs: every term is a cost to minimise; preferences, continuity and keeping a previous
//! pair enter `k_cs` negatively (they are rewards). At an optimum `u`, `o` and `e` take
//! their least values (`max(0, h − Σx)`, `max(0, Σx − h)`, `|Σx − t|`) because their
//! penalties are not negative, so the objective is exactly `DESIGN.md`'s.
//!
//! Rows are only added where they can bind (a maximum below the number of eligible
//! shifts, a window with a variable on every day, a clique of two or more), and the
//! overlap rows are cliques rather than pairs, which keeps the LP relaxation tight.
//!
//! # Search
//!
//! HiGHS runs with `mip_rel_gap` = the requested gap (0 by default: proven optimal),
//! `time_limit`, `random_seed` and `threads`. HiGHS keeps its thread pool per OS thread,
//! so each solve runs on a thread of its own and a `threads` setting never leaks into
//! another solve. When the problem minus its non-flow rules has a flow optimum that,
//! repaired greedily (drop the assignments that break a maximum), meets every rule, that
//! roster is HiGHS's starting incumbent.
//!
//! # Infeasibility
//!
//! Only minimums (`min_shifts`, `min_hours`, `min_consecutive_days`,
//! `min_consecutive_days_off`) and pins can make a problem infeasible (validation already
//! rejects pins that break a maximum between themselves). When HiGHS proves infeasibility,
//! [`diagnose`] finds who is to blame: first each clinician alone (their rules and pins
//! against the shifts), naming the rule; otherwise a deletion filter over the clinicians
//! whose minimums are enforced, which leaves a minimal set whose minimums cannot all be met
//! together.

use std::collections::BTreeMap;
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{Constraint, Expression, ProblemVariables, SolverModel, Variable, variable};
use highs::{HighsModelStatus, HighsSolutionStatus};

use crate::error::{Error, Result};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::{Assignment, Limits};

/// Search settings, already resolved from the options and the problem's `solver` block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MipSettings {
    /// Wall-clock limit for the whole MIP call (model, search, diagnosis), seconds.
    pub(crate) time_limit_s: f64,
    /// Relative gap at which the search may stop.
    pub(crate) mip_gap: f64,
    /// HiGHS threads (`None`: HiGHS decides).
    pub(crate) threads: Option<u32>,
    /// HiGHS random seed.
    pub(crate) seed: u64,
}

/// How a MIP solve ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MipEnd {
    /// Proven optimal within the tolerances of a zero gap.
    Optimal,
    /// A roster was found but not proven optimal; `bound` is the best lower bound.
    Feasible {
        /// Best lower bound on the objective.
        bound: f64,
    },
    /// No roster can meet the minimums and pins; the reason names them.
    Infeasible(String),
    /// The search stopped before any roster was found.
    NoSolution(String),
}

/// The result of [`solve_mip`].
#[derive(Debug, Clone)]
pub(crate) struct MipOutcome {
    /// How it ended.
    pub(crate) end: MipEnd,
    /// The roster's assignments, sorted (empty unless optimal or feasible).
    pub(crate) assignments: Vec<Assignment>,
    /// The MIP's own objective (with the constant), for cross-checking.
    pub(crate) objective: f64,
    /// Model size.
    pub(crate) variables: usize,
    /// Model size.
    pub(crate) constraints: usize,
}

/// Which clinicians and rules a model includes.
#[derive(Debug, Clone)]
struct Scope {
    /// Clinicians with variables (all, or one when diagnosing).
    clinicians: Vec<ClinicianIdx>,
    /// Per clinician: whether their minimums (and the pins on them) are enforced.
    minimums: Vec<bool>,
    /// Minimise the objective (false: feasibility only).
    objective: bool,
}

/// A day variable: absent (the clinician cannot work that day) or a binary.
#[derive(Debug, Clone, Copy)]
enum Day {
    Off,
    Var(Variable),
}

/// What HiGHS is given.
struct Model {
    vars: ProblemVariables,
    constraints: Vec<Constraint>,
    objective: Expression,
    /// The objective as (column, coefficient), to evaluate HiGHS's columns ourselves.
    terms: Vec<(usize, f64)>,
    /// Initial values by variable (when a starting roster is given).
    start: Option<Vec<(usize, f64)>>,
}

/// How to read HiGHS's answer back.
struct Mapping {
    /// The objective's constant (HiGHS sees none).
    constant: f64,
    /// (shift, clinician, column) for every eligible pair in scope.
    x: Vec<(ShiftIdx, ClinicianIdx, usize)>,
}

fn sum_of(vars: impl IntoIterator<Item = Variable>) -> Expression {
    let mut e = Expression::with_capacity(4);
    for v in vars {
        e.add_mul(1.0, v);
    }
    e
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

/// Whether a clinician needs day variables, and whether they must be exact indicators.
fn day_needs(l: &Limits) -> (bool, bool) {
    let exact = l.min_consecutive_days.is_some_and(|m| m > 1)
        || l.min_consecutive_days_off.is_some_and(|m| m > 1);
    let upper = l.max_consecutive_days.is_some() || l.max_weekends.is_some();
    (exact || upper, exact)
}

fn build(
    index: &Index<'_>,
    scope: &Scope,
    start: Option<&[(ShiftIdx, ClinicianIdx)]>,
) -> (Model, Mapping) {
    let p = index.problem();
    let w = &p.weights;
    let mut vars = ProblemVariables::new();
    let mut constraints: Vec<Constraint> = Vec::new();
    let mut objective = Expression::with_capacity(index.eligible_pair_count());
    let mut terms: Vec<(usize, f64)> = Vec::with_capacity(index.eligible_pair_count());
    let mut constant = 0.0;
    let day_count = index.days().len();
    let in_scope: Vec<bool> = {
        let mut v = vec![false; index.clinician_count()];
        for &c in &scope.clinicians {
            v[c.index()] = true;
        }
        v
    };
    let previous: std::collections::HashSet<(ShiftIdx, ClinicianIdx)> =
        index.previous().iter().copied().collect();
    let pinned: std::collections::HashSet<(ShiftIdx, ClinicianIdx)> =
        index.pinned().iter().copied().collect();
    let start_set: Option<std::collections::HashSet<(ShiftIdx, ClinicianIdx)>> =
        start.map(|s| s.iter().copied().collect());
    // Per shift, how many clinicians the start assigns (only pairs with a variable).
    let mut start_count = vec![0u32; index.shift_count()];
    let mut initial: Vec<(usize, f64)> = Vec::new();
    if scope.objective {
        constant += w.change * index.previous().len() as f64;
    }

    // Pair variables, per shift and per clinician.
    let mut x = Vec::with_capacity(index.eligible_pair_count());
    let mut by_shift: Vec<Vec<Variable>> = vec![Vec::new(); index.shift_count()];
    let mut by_clinician: Vec<Vec<(ShiftIdx, Variable)>> =
        vec![Vec::new(); index.clinician_count()];
    // Capacity taken by pins of clinicians out of scope (diagnosis of one clinician).
    let mut pinned_outside = vec![0u32; index.shift_count()];
    for &(s, c) in index.pinned() {
        if !in_scope[c.index()] {
            pinned_outside[s.index()] += 1;
        }
    }
    for &c in &scope.clinicians {
        for &s in index.eligible_for_clinician(c) {
            let pin = scope.minimums[c.index()] && pinned.contains(&(s, c));
            let def = if pin {
                variable().binary().min(1.0)
            } else {
                variable().binary()
            };
            let col = vars.len();
            let v = vars.add(def);
            if scope.objective {
                let k = crate::flow::pair_cost(index, s, c, previous.contains(&(s, c)));
                if k != 0.0 {
                    objective.add_mul(k, v);
                    terms.push((col, k));
                }
            }
            if let Some(set) = &start_set {
                let on = set.contains(&(s, c));
                if on {
                    start_count[s.index()] += 1;
                }
                initial.push((col, if on { 1.0 } else { 0.0 }));
            }
            x.push((s, c, col));
            by_shift[s.index()].push(v);
            by_clinician[c.index()].push((s, v));
        }
    }

    // Headcount, unfilled and over-staffing.
    for s in index.shift_indices() {
        let f = index.shift(s);
        let vs = &by_shift[s.index()];
        let cap = f
            .max_headcount
            .map(|m| f64::from(m.saturating_sub(pinned_outside[s.index()])));
        if vs.is_empty() {
            if scope.objective {
                constant += f.unfilled_penalty * f64::from(f.headcount);
            }
            continue;
        }
        let assigned = sum_of(vs.iter().copied());
        let h = f64::from(f.headcount);
        if f.headcount > 0 {
            let u_col = vars.len();
            let u = vars.add(variable().min(0.0).max(h));
            if scope.objective && f.unfilled_penalty != 0.0 {
                objective.add_mul(f.unfilled_penalty, u);
                terms.push((u_col, f.unfilled_penalty));
            }
            if start_set.is_some() {
                initial.push((u_col, (h - f64::from(start_count[s.index()])).max(0.0)));
            }
            constraints.push((assigned.clone() + u).geq(h));
        }
        match f.over_penalty {
            Some(po) => {
                if po != 0.0 && scope.objective {
                    let o_col = vars.len();
                    let o = vars.add(variable().min(0.0));
                    objective.add_mul(po, o);
                    terms.push((o_col, po));
                    if start_set.is_some() {
                        initial.push((o_col, (f64::from(start_count[s.index()]) - h).max(0.0)));
                    }
                    constraints.push((assigned.clone() - o).leq(h));
                }
                if let Some(cap) = cap {
                    if (vs.len() as f64) > cap {
                        constraints.push(assigned.leq(cap));
                    }
                }
            }
            None => {
                let cap = cap.unwrap_or(h);
                if (vs.len() as f64) > cap {
                    constraints.push(assigned.leq(cap));
                }
            }
        }
    }

    // Per clinician.
    for &c in &scope.clinicians {
        let clin = &p.clinicians[c.index()];
        let l = &clin.limits;
        let mins = scope.minimums[c.index()];
        let mine = &by_clinician[c.index()];
        let n = mine.len() as i64;

        // Overlap: maximal cliques of the interval graph, by sweep (ends before starts at
        // the same instant: intervals are half-open).
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
                    constraints.push(sum_of(active.iter().map(|&j| mine[j].1)).leq(1.0));
                }
                rising = false;
                active.retain(|&j| j != i);
            }
        }

        // Rest between shifts on different days.
        if let Some(rest) = l.min_rest_hours {
            let rest_s = rest * 3600.0;
            let mut order: Vec<usize> = (0..mine.len()).collect();
            order.sort_by_key(|&i| (index.shift(mine[i].0).start, i));
            for (ai, &a) in order.iter().enumerate() {
                let fa = index.shift(mine[a].0);
                for &b in &order[ai + 1..] {
                    let fb = index.shift(mine[b].0);
                    if (fb.start - fa.end) as f64 >= rest_s {
                        // Later starts are further away, but a long shift `a` may end after
                        // a later `b` starts: keep scanning only while b starts before
                        // a's end + rest.
                        break;
                    }
                    if fb.start < fa.end || fa.day == fb.day {
                        continue; // overlap rows cover it; same-day pairs need no rest
                    }
                    constraints.push(sum_of([mine[a].1, mine[b].1]).leq(1.0));
                }
            }
        }

        // Counts and hours.
        let total = sum_of(mine.iter().map(|&(_, v)| v));
        if let Some(max) = l.max_shifts {
            if n > max {
                constraints.push(total.clone().leq(max as f64));
            }
        }
        if mins {
            if let Some(min) = l.min_shifts {
                if min > 0 {
                    constraints.push(total.clone().geq(min as f64));
                }
            }
        }
        if l.max_hours.is_some() || (mins && l.min_hours.is_some_and(|m| m > 0.0)) {
            let lens: Vec<i64> = mine
                .iter()
                .map(|&(s, _)| index.shift(s).end - index.shift(s).start)
                .collect();
            let g = lens.iter().fold(0, |a, &b| gcd(a, b)).max(1);
            let mut hours = Expression::with_capacity(mine.len());
            for (&(_, v), &len) in mine.iter().zip(&lens) {
                hours.add_mul((len / g) as f64, v);
            }
            let all: i64 = lens.iter().sum::<i64>() / g;
            if let Some(max) = l.max_hours {
                let rhs = hours_bound(max, g, true);
                if (all as f64) > rhs {
                    constraints.push(hours.clone().leq(rhs));
                }
            }
            if mins {
                if let Some(min) = l.min_hours {
                    if min > 0.0 {
                        constraints.push(hours.geq(hours_bound(min, g, false)));
                    }
                }
            }
        }

        // Days.
        let mut on_day: Vec<Vec<Variable>> = vec![Vec::new(); day_count];
        for &(s, v) in mine {
            on_day[index.shift(s).day as usize].push(v);
        }
        let works_on: Vec<bool> = match &start_set {
            Some(set) => on_day_pairs(index, mine, day_count)
                .iter()
                .map(|list| list.iter().any(|&s| set.contains(&(s, c))))
                .collect(),
            None => vec![false; day_count],
        };
        let (need_days, exact) = day_needs(l);
        let exact = exact && mins;
        let days: Vec<Day> = if need_days {
            on_day
                .iter()
                .enumerate()
                .map(|(d, list)| {
                    if list.is_empty() {
                        return Day::Off;
                    }
                    let wd_col = vars.len();
                    let wd = vars.add(variable().binary());
                    if start_set.is_some() {
                        initial.push((wd_col, if works_on[d] { 1.0 } else { 0.0 }));
                    }
                    Day::Var(wd)
                })
                .collect()
        } else {
            vec![Day::Off; day_count]
        };
        for (d, list) in on_day.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let per_day = l.max_shifts_per_day.map(|m| m as f64);
            match days[d] {
                Day::Var(wd) => {
                    let cap = per_day.unwrap_or(f64::INFINITY).min(list.len() as f64);
                    if cap < list.len() as f64 || list.len() > 1 {
                        // Σ x ≤ cap·w links the day and caps it in one row.
                        let mut e = sum_of(list.iter().copied());
                        e.add_mul(-cap, wd);
                        constraints.push(e.leq(0.0));
                    }
                    for &v in list {
                        constraints.push((Expression::from(v) - wd).leq(0.0));
                    }
                    if exact {
                        constraints.push((sum_of(list.iter().copied()) - wd).geq(0.0));
                    }
                }
                Day::Off => {
                    if let Some(m) = per_day {
                        if (list.len() as f64) > m {
                            constraints.push(sum_of(list.iter().copied()).leq(m));
                        }
                    }
                }
            }
        }
        let wv = |d: usize| match days[d] {
            Day::Var(v) => Some(v),
            Day::Off => None,
        };
        if let Some(max) = l.max_consecutive_days {
            let m = max.max(0) as usize;
            if day_count > m {
                for a in 0..day_count - m {
                    let window: Option<Vec<Variable>> = (a..=a + m).map(wv).collect();
                    if let Some(window) = window {
                        constraints.push(sum_of(window).leq(m as f64));
                    }
                }
            }
        }
        if mins {
            if let Some(min) = l.min_consecutive_days {
                let m = min.max(0) as usize;
                for a in 1..day_count {
                    let Some(wa) = wv(a) else { continue };
                    for j in 1..m {
                        if a + j > day_count - 1 {
                            break;
                        }
                        let mut e = Expression::from(wa);
                        if let Some(prev) = wv(a - 1) {
                            e.add_mul(-1.0, prev);
                        }
                        if let Some(next) = wv(a + j) {
                            e.add_mul(-1.0, next);
                        }
                        constraints.push(e.leq(0.0));
                    }
                }
            }
            if let Some(min) = l.min_consecutive_days_off {
                let m = min.max(0) as usize;
                for d in 0..day_count.saturating_sub(1) {
                    let Some(wd) = wv(d) else { continue };
                    for j in 1..m {
                        if d + 1 + j > day_count - 1 {
                            break;
                        }
                        let Some(later) = wv(d + 1 + j) else { continue };
                        let mut e = Expression::from(wd) + later;
                        if let Some(next) = wv(d + 1) {
                            e.add_mul(-1.0, next);
                        }
                        constraints.push(e.leq(1.0));
                    }
                }
            }
        }
        if let Some(max) = l.max_weekends {
            let mut weekends: BTreeMap<i64, Vec<(usize, Variable)>> = BTreeMap::new();
            for (d, k) in index.weekend_of_day().iter().enumerate() {
                if let (Some(k), Some(v)) = (k, wv(d)) {
                    weekends.entry(*k).or_default().push((d, v));
                }
            }
            if weekends.len() as i64 > max {
                let mut count = Expression::with_capacity(weekends.len());
                for list in weekends.values() {
                    let vk_col = vars.len();
                    let vk = vars.add(variable().min(0.0).max(1.0));
                    if start_set.is_some() {
                        let worked = list.iter().any(|&(d, _)| works_on[d]);
                        initial.push((vk_col, if worked { 1.0 } else { 0.0 }));
                    }
                    let list: Vec<Variable> = list.iter().map(|&(_, v)| v).collect();
                    for wd in list {
                        constraints.push((Expression::from(wd) - vk).leq(0.0));
                    }
                    count.add_mul(1.0, vk);
                }
                constraints.push(count.leq(max as f64));
            }
        }
        for (kind, &max) in &l.max_per_kind {
            let of_kind: Vec<Variable> = mine
                .iter()
                .filter(|&&(s, _)| p.shifts[s.index()].kind.as_deref() == Some(kind.as_str()))
                .map(|&(_, v)| v)
                .collect();
            if of_kind.len() as i64 > max {
                constraints.push(sum_of(of_kind).leq(max as f64));
            }
        }
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
                for &b in &of(d + 1, &f.then) {
                    for &a in &firsts {
                        constraints.push(sum_of([a, b]).leq(1.0));
                    }
                }
            }
        }
        if scope.objective && w.fairness != 0.0 {
            if let Some(t) = clin.target_shifts {
                let e_col = vars.len();
                let e = vars.add(variable().min(0.0));
                objective.add_mul(w.fairness, e);
                terms.push((e_col, w.fairness));
                if let Some(set) = &start_set {
                    let k = mine.iter().filter(|&&(s, _)| set.contains(&(s, c))).count() as i64;
                    initial.push((e_col, (k - t).abs() as f64));
                }
                constraints.push((total.clone() - e).leq(t as f64));
                constraints.push((total + e).geq(t as f64));
            }
        }
    }
    (
        Model {
            vars,
            constraints,
            objective,
            terms,
            start: start.map(|_| initial),
        },
        Mapping { constant, x },
    )
}

/// A clinician's eligible shifts by day.
fn on_day_pairs(
    index: &Index<'_>,
    mine: &[(ShiftIdx, Variable)],
    day_count: usize,
) -> Vec<Vec<ShiftIdx>> {
    let mut out = vec![Vec::new(); day_count];
    for &(s, _) in mine {
        out[index.shift(s).day as usize].push(s);
    }
    out
}

/// What HiGHS said.
struct Run {
    status: HighsModelStatus,
    /// Column values when a primal solution exists.
    columns: Option<Vec<f64>>,
    objective: f64,
    bound: f64,
}

/// Solve a built model on a thread of its own (HiGHS keeps its scheduler per OS thread).
fn run(model: Model, settings: &MipSettings, time_limit: f64, feasibility: bool) -> Result<Run> {
    std::thread::scope(|scope| {
        scope
            .spawn(move || run_here(model, settings, time_limit, feasibility))
            .join()
            .map_err(|_| Error::Internal("the MIP solver thread panicked".to_owned()))?
    })
}

fn run_here(
    model: Model,
    settings: &MipSettings,
    time_limit: f64,
    feasibility: bool,
) -> Result<Run> {
    let Model {
        vars,
        constraints,
        objective,
        terms,
        start,
    } = model;
    let columns = vars.len();
    let mut problem = vars.minimise(objective).using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut m = problem
        .try_into_inner()
        .map_err(|e| Error::Internal(format!("HiGHS could not load the model: {e}")))?;
    m.make_quiet();
    let gap = if feasibility { 1.0 } else { settings.mip_gap };
    set_option(&mut m, "time_limit", OptionValue::F(time_limit.max(0.01)))?;
    set_option(&mut m, "mip_rel_gap", OptionValue::F(gap))?;
    set_option(&mut m, "mip_abs_gap", OptionValue::F(1e-6))?;
    // HiGHS seeds are non-negative 32-bit integers.
    let seed = (settings.seed % (i32::MAX as u64)) as i32;
    set_option(&mut m, "random_seed", OptionValue::I(seed))?;
    if let Some(t) = settings.threads {
        set_option(
            &mut m,
            "threads",
            OptionValue::I(t.min(i32::MAX as u32) as i32),
        )?;
    }
    if let Some(start) = &start {
        let mut values = vec![0.0; columns];
        for &(col, value) in start {
            values[col] = value;
        }
        // HiGHS checks the start itself and ignores one it finds infeasible.
        m.try_set_solution(Some(&values), None, None, None)
            .map_err(|e| Error::Internal(format!("HiGHS rejected the starting roster: {e:?}")))?;
    }
    let solved = m
        .try_solve()
        .map_err(|e| Error::Internal(format!("HiGHS failed: {e:?}")))?;
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let columns = has_solution.then(|| solved.get_solution().columns().to_vec());
    // The incumbent's objective from its columns, as the model defines it (HiGHS's own
    // figure can lag the incumbent it returns when the search is cut short).
    let objective = match &columns {
        Some(values) => terms.iter().map(|&(col, k)| k * values[col]).sum(),
        None => f64::NAN,
    };
    Ok(Run {
        status: solved.status(),
        columns,
        objective,
        bound: solved
            .double_info_value(c"mip_dual_bound")
            .unwrap_or(f64::NEG_INFINITY),
    })
}

fn set_option(m: &mut highs::Model, key: &str, value: OptionValue) -> Result<()> {
    let r = match value {
        OptionValue::F(v) => m.try_set_option(key, v),
        OptionValue::I(v) => m.try_set_option(key, v),
    };
    r.map_err(|e| Error::Internal(format!("HiGHS rejected option {key}: {e:?}")))
}

enum OptionValue {
    F(f64),
    I(i32),
}

/// What the flow relaxation gives the MIP.
#[derive(Debug, Clone, Default)]
pub(crate) struct Relaxation {
    /// A roster meeting every rule to start the search from.
    pub(crate) start: Option<Vec<(ShiftIdx, ClinicianIdx)>>,
    /// A lower bound on the optimum: the relaxation's optimum (less the flow's rounding).
    pub(crate) floor: Option<f64>,
}

/// Solve the flow relaxation ([`crate::flow::solve_relaxed`]): its optimum is a lower bound
/// on the MIP's, and, repaired greedily, a starting roster — each clinician keeps their
/// pins, then their relaxed shifts in order of value (unfilled penalty saved less the
/// pair's cost), skipping any that would break overlap, a maximum, rest or a succession.
/// The start is kept only when it then meets every rule (minimums included).
pub(crate) fn relaxation(index: &Index<'_>) -> Result<Relaxation> {
    let Some(relaxed) = crate::flow::solve_relaxed(index)? else {
        return Ok(Relaxation::default());
    };
    let p = index.problem();
    let floor = {
        let assignments: Vec<Assignment> = relaxed
            .iter()
            .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
            .collect();
        let total = crate::evaluate::evaluate(index, &assignments).score.total;
        // The flow rounds costs to 10⁻⁶ per pair: its choice is optimal to within that.
        total - 1e-6 * (relaxed.len() as f64 + 1.0) * (1.0 + total.abs() * 1e-9)
    };
    let start = repaired(index, &relaxed)?;
    Ok(Relaxation {
        start,
        floor: Some(floor),
    })
}

fn repaired(
    index: &Index<'_>,
    relaxed: &[(ShiftIdx, ClinicianIdx)],
) -> Result<Option<Vec<(ShiftIdx, ClinicianIdx)>>> {
    let pinned: std::collections::HashSet<(ShiftIdx, ClinicianIdx)> =
        index.pinned().iter().copied().collect();
    let previous: std::collections::HashSet<(ShiftIdx, ClinicianIdx)> =
        index.previous().iter().copied().collect();
    let mut by_clinician: BTreeMap<ClinicianIdx, Vec<ShiftIdx>> = BTreeMap::new();
    for &(s, c) in relaxed {
        by_clinician.entry(c).or_default().push(s);
    }
    let mut kept: Vec<(ShiftIdx, ClinicianIdx)> = Vec::with_capacity(relaxed.len());
    for (c, shifts) in by_clinician {
        let mut ranked: Vec<(bool, f64, ShiftIdx)> = shifts
            .into_iter()
            .map(|s| {
                let value = index.shift(s).unfilled_penalty
                    - crate::flow::pair_cost(index, s, c, previous.contains(&(s, c)));
                (pinned.contains(&(s, c)), value, s)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut mine: Vec<(ShiftIdx, ClinicianIdx)> = Vec::with_capacity(ranked.len());
        for (pin, _, s) in ranked {
            mine.push((s, c));
            if crate::evaluate::breaks_a_maximum(index, &mine) {
                if pin {
                    return Ok(None);
                }
                mine.pop();
            }
        }
        kept.extend(mine);
    }
    let p = index.problem();
    let assignments: Vec<Assignment> = kept
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect();
    if !crate::evaluate::evaluate(index, &assignments).is_feasible() {
        return Ok(None);
    }
    kept.sort_unstable();
    Ok(Some(kept))
}

/// Solve with every rule, starting from the relaxation's roster and bound when given.
pub(crate) fn solve_mip(
    index: &Index<'_>,
    settings: &MipSettings,
    relaxation: &Relaxation,
) -> Result<MipOutcome> {
    let start = relaxation.start.as_deref();
    let began = Instant::now();
    let scope = Scope {
        clinicians: index.clinician_indices().collect(),
        minimums: vec![true; index.clinician_count()],
        objective: true,
    };
    let (model, mapping) = build(index, &scope, start);
    let variables = model.vars.len();
    let constraints = model.constraints.len();
    let run = run(model, settings, settings.time_limit_s, false)?;
    let mut outcome = MipOutcome {
        end: MipEnd::Optimal,
        assignments: Vec::new(),
        objective: f64::NAN,
        variables,
        constraints,
    };
    if let Some(columns) = &run.columns {
        let p = index.problem();
        let mut assignments: Vec<Assignment> = mapping
            .x
            .iter()
            .filter(|&&(_, _, col)| columns[col] > 0.5)
            .map(|&(s, c, _)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
            .collect();
        assignments.sort();
        outcome.assignments = assignments;
        outcome.objective = mapping.constant + run.objective;
    }
    let mut bound = mapping.constant + run.bound;
    if let Some(floor) = relaxation.floor {
        // HiGHS may stop before proving a better bound (or any: −∞ or NaN).
        if bound.is_nan() || bound < floor {
            bound = floor;
        }
    }
    outcome.end = match run.status {
        HighsModelStatus::Optimal if run.columns.is_some() => {
            if settings.mip_gap > 0.0
                && (outcome.objective - bound).abs() > 1e-6 * (1.0 + outcome.objective.abs())
            {
                MipEnd::Feasible { bound }
            } else {
                MipEnd::Optimal
            }
        }
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            let left = settings.time_limit_s - began.elapsed().as_secs_f64();
            MipEnd::Infeasible(diagnose(index, settings, left)?)
        }
        _ if run.columns.is_some() => MipEnd::Feasible { bound },
        HighsModelStatus::ReachedTimeLimit => MipEnd::NoSolution(format!(
            "the time limit of {} s was reached before any roster was found",
            settings.time_limit_s
        )),
        other => MipEnd::NoSolution(format!(
            "HiGHS stopped ({other:?}) before any roster was found"
        )),
    };
    Ok(outcome)
}

/// Feasibility of a scope: `Some(true/false)`, or `None` when time ran out.
fn feasible(
    index: &Index<'_>,
    settings: &MipSettings,
    scope: &Scope,
    time_limit: f64,
) -> Result<Option<bool>> {
    if time_limit <= 0.0 {
        return Ok(None);
    }
    let (model, _) = build(index, scope, None);
    let run = run(model, settings, time_limit, true)?;
    Ok(match run.status {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => Some(false),
        _ if run.columns.is_some() => Some(true),
        _ => None,
    })
}

/// The minimums one clinician has, as (rule, sentence) pairs.
fn minimum_rules(l: &Limits) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = l.min_shifts.filter(|&m| m > 0) {
        out.push(format!("min_shifts {m}"));
    }
    if let Some(m) = l.min_hours.filter(|&m| m > 0.0) {
        out.push(format!("min_hours {m}"));
    }
    if let Some(m) = l.min_consecutive_days.filter(|&m| m > 1) {
        out.push(format!("min_consecutive_days {m}"));
    }
    if let Some(m) = l.min_consecutive_days_off.filter(|&m| m > 1) {
        out.push(format!("min_consecutive_days_off {m}"));
    }
    out
}

/// Why no roster exists: which clinician's minimums or pins cannot be met.
fn diagnose(index: &Index<'_>, settings: &MipSettings, time_left: f64) -> Result<String> {
    let began = Instant::now();
    let left = || time_left - began.elapsed().as_secs_f64();
    let p = index.problem();
    let n = index.clinician_count();
    let with_pins: Vec<bool> = {
        let mut v = vec![false; n];
        for &(_, c) in index.pinned() {
            v[c.index()] = true;
        }
        v
    };
    let suspects: Vec<ClinicianIdx> = index
        .clinician_indices()
        .filter(|&c| {
            with_pins[c.index()] || !minimum_rules(&p.clinicians[c.index()].limits).is_empty()
        })
        .collect();
    let describe = |c: ClinicianIdx| -> String {
        let clin = &p.clinicians[c.index()];
        let mut what = minimum_rules(&clin.limits);
        let pins = index.pinned().iter().filter(|&&(_, pc)| pc == c).count();
        if pins > 0 {
            what.push(format!("{pins} pin{}", if pins == 1 { "" } else { "s" }));
        }
        format!("{} ({})", clin.id, what.join(", "))
    };
    // 1. Each clinician alone.
    for &c in &suspects {
        let mut minimums = vec![false; n];
        minimums[c.index()] = true;
        let scope = Scope {
            clinicians: vec![c],
            minimums,
            objective: false,
        };
        if feasible(index, settings, &scope, left())? == Some(false) {
            return Ok(format!(
                "{} cannot be met: even alone, with every shift free, no set of eligible shifts \
                 meets these minimums and pins together with {}'s maximums and rest rules",
                describe(c),
                p.clinicians[c.index()].id
            ));
        }
    }
    // 2. Jointly: a deletion filter over the suspects' minimums.
    let mut kept = vec![false; n];
    for &c in &suspects {
        kept[c.index()] = true;
    }
    let mut exhausted = false;
    for &c in &suspects {
        kept[c.index()] = false;
        let scope = Scope {
            clinicians: index.clinician_indices().collect(),
            minimums: kept.clone(),
            objective: false,
        };
        match feasible(index, settings, &scope, left())? {
            Some(false) => {} // still infeasible without c: c is not needed
            Some(true) => kept[c.index()] = true,
            None => {
                kept[c.index()] = true;
                exhausted = true;
                break;
            }
        }
    }
    let culprits: Vec<String> = suspects
        .iter()
        .filter(|c| kept[c.index()])
        .map(|&c| describe(c))
        .collect();
    if culprits.is_empty() {
        return Ok(
            "the minimums and pins cannot all be met (no smaller cause was isolated)".to_owned(),
        );
    }
    Ok(format!(
        "the minimums and pins of {} cannot all be met together: they compete for the same \
         shifts{}",
        crate::index::list_ids(&culprits.iter().map(String::as_str).collect::<Vec<_>>()),
        if exhausted {
            " (the time limit stopped the search for a smaller set)"
        } else {
            ""
        }
    ))
}
