//! The MIP's rows for `weights.pattern` (revision 1.1): each repeat of a fixed weekly
//! pattern beyond `N − 1`, linearised exactly.
//!
//! # Formulation
//!
//! For clinician `c`, a *group* `g` is a (site, weekday, kind) of `c`'s eligible shifts
//! and `S(g, k)` its shifts in calendar week `k` (Monday to Sunday; weekday fixed, so one
//! day); `P(g)` the weeks `g` was worked in `history[]` (before the horizon).
//! `N = solver.pattern_weeks`, `W(g)` the weeks `a` such that every one of
//! `a, …, a + N − 1` has a shift of `g` or lies in `P(g)`, at least one of them a shift
//! (the windows that can be fully booked and hold a roster booking).
//!
//! ```text
//! variables   y[g,k] ∈ [0,1]   g booked in week k    (only weeks of some window of W(g))
//!             z[g,a] ≥ 0       window a of g fully booked, cost w.pattern
//!
//! link        x[c,s] ≤ y[g,k]                    s ∈ S(g, k)
//! window      Σ_{j<N, a+j∉P(g)} y[g,a+j] − z[g,a] ≤ N − 1 − |{a..a+N−1} ∩ P(g)|   a ∈ W(g)
//! ```
//!
//! `w.pattern > 0` (validation refuses a negative one), so at an optimum `y[g,k] =
//! max_s x[c,s]` wherever it matters and `z[g,a] = max(0, Σ_j y − (N − 1))`, which is 1
//! exactly when all `N` weeks are booked. A maximal run of `L` booked weeks holds
//! `L − N + 1` such windows, so `w.pattern · Σ z` equals the evaluator's `pattern` term
//! (`evaluate/patterns.rs`). The rows are built only when `w.pattern > 0`.
//!
//! # Complexity
//!
//! Per clinician O(k log k) for `k` eligible shifts; at most one `y` per shift and one
//! `z` and one window row per week of a group, so the model grows by O(k) columns and rows.

use std::collections::{BTreeMap, BTreeSet};

use good_lp::{Expression, Variable, variable};

use super::model::{Builder, sum_of};
use crate::evaluate::patterns::week_number;
use crate::index::{ClinicianIdx, Index, KindIdx, ShiftIdx, SiteIdx};

/// Add the pattern rows of clinician `c`'s pair variables `mine`.
pub(super) fn rows(
    b: &mut Builder,
    index: &Index<'_>,
    c: ClinicianIdx,
    mine: &[(ShiftIdx, Variable)],
) {
    let p = index.problem();
    let weight = p.weights.pattern;
    let n = p.solver.pattern_weeks();
    if weight <= 0.0 {
        return;
    }
    type Group = (SiteIdx, i8, Option<KindIdx>);
    let mut groups: BTreeMap<Group, BTreeMap<i64, Vec<Variable>>> = BTreeMap::new();
    for &(s, x) in mine {
        let f = index.shift(s);
        let day = index.days()[f.day as usize];
        groups
            .entry((f.site, day.weekday().to_monday_zero_offset(), f.kind))
            .or_default()
            .entry(week_number(day))
            .or_default()
            .push(x);
    }
    // The history's booked weeks of each group that has shifts: constants 1.
    let mut booked: BTreeMap<Group, BTreeSet<i64>> = BTreeMap::new();
    for h in index.history().iter().filter(|h| h.clinician == c) {
        let group = (h.site, h.date.weekday().to_monday_zero_offset(), h.kind);
        if groups.contains_key(&group) {
            booked.entry(group).or_default().insert(week_number(h.date));
        }
    }
    let none = BTreeSet::new();
    for (group, weeks) in &groups {
        let past = booked.get(group).unwrap_or(&none);
        let covered = |k: i64| weeks.contains_key(&k) || past.contains(&k);
        // Windows with a roster week in them, every week booked or bookable.
        let mut starts: BTreeSet<i64> = BTreeSet::new();
        for &k in weeks.keys() {
            for a in k - n + 1..=k {
                if (a..a + n).all(covered) {
                    starts.insert(a);
                }
            }
        }
        if starts.is_empty() {
            continue;
        }
        let mut y: BTreeMap<i64, Variable> = BTreeMap::new();
        for &a in &starts {
            for k in (a..a + n).filter(|k| weeks.contains_key(k)) {
                y.entry(k).or_insert_with(|| {
                    let v = b.column(variable().min(0.0).max(1.0), 0.0);
                    for &x in &weeks[&k] {
                        let mut e = Expression::with_capacity(2);
                        e.add_mul(1.0, x);
                        e.add_mul(-1.0, v);
                        b.row(e.leq(0.0));
                    }
                    v
                });
            }
            let z = b.column(variable().min(0.0), weight);
            let fixed = (a..a + n).filter(|k| !weeks.contains_key(k)).count() as f64;
            let mut e = sum_of((a..a + n).filter_map(|k| y.get(&k).copied()));
            e.add_mul(-1.0, z);
            b.row(e.leq((n - 1) as f64 - fixed));
        }
    }
}
