//! Pricing: one clinician's cheapest schedule under every rule of the schema that
//! concerns one clinician, by labelling over their eligible shifts in time order.
//!
//! The shifts are decided one by one in order of start (then index): a label is a partial
//! schedule (the shifts taken so far) with its resources, and each shift either extends a
//! label (when every rule allows it) or is skipped (never a pinned shift). The resources
//! are exactly what the evaluator's checks (`evaluate/rules.rs`) read of the past:
//!
//! | resource | rule |
//! |---|---|
//! | end of the last shift; end of the last shift on an earlier day | `overlap` (the ends of a non-overlapping sequence rise with its starts, so the last one binds), `min_rest_hours` (only between different days, so the last shift of an earlier day binds) |
//! | shifts, hours | `max_shifts`, `min_shifts`, `max_hours`, `min_hours`, fairness |
//! | last working day, shifts on it | `max_shifts_per_day` |
//! | shifts and hours in the calendar week of the last shift | `per_week` (a week left without a shift, or finished, is checked against the minimum when it is whole) |
//! | length and first day of the current run of working days | `max_consecutive_days`, `min_consecutive_days` (runs touching an end of the horizon exempt) |
//! | the gap from the last working day | `min_consecutive_days_off` |
//! | weekends worked, the last one | `max_weekends` |
//! | shifts of each limited kind | `max_per_kind` |
//! | the succession kinds worked on the last working day and the day before it | `forbidden_successions` |
//!
//! Eligibility (role, skills, availability, exclusions, rate cap, travel) is the index's
//! list of shifts; pins are shifts that may not be skipped. Minimums and the fairness term
//! are read when a label is finished.
//!
//! # Shifts left out
//!
//! Two reductions, each of which keeps some cheapest schedule:
//! - Shifts of one *class* (the same start, end, hours, day and kinds as the rules see
//!   them, of positive length) overlap, so a schedule holds at most one of them, and
//!   swapping one for another keeps every rule: of the unpinned shifts of a class only
//!   the cheapest (the first among equals) is labelled.
//! - When the clinician has no minimum of any kind (`min_shifts`, `min_hours`,
//!   `min_consecutive_days`, `min_consecutive_days_off`, `per_week.min_shifts`), every
//!   subset of a feasible schedule is feasible, and dropping a shift of weight at least
//!   the most the fairness term can gain from it (`|w.fairness|` with a target, else 0)
//!   never makes a schedule dearer: such unpinned shifts are not labelled.
//!
//! So [`Priced::schedules`] beyond the first are the cheapest among the schedules of the
//! shifts labelled, not among all.
//!
//! # Dominance
//!
//! Label A dominates label B (both after the same shift) when A's reduced cost is no
//! higher and every extension of B is an extension of A: the resources whose future
//! effect is not monotone (the last working day, the succession kinds, the last weekend,
//! the run's first day under a run minimum, and a count bound both ways or priced by
//! fairness, the week's count under both a weekly minimum and maximum) are equal (the
//! last working day fixes the week), and the monotone ones are no worse (ends earlier; counts lower
//! under a maximum only, higher under a minimum only). Dominance never removes the
//! cheapest schedule, so the labelling is exact unless the label limit truncates it,
//! which [`Priced::exact`] reports.
//!
//! # Complexity
//!
//! O(n · L · G) time for n eligible shifts, L live labels and G labels per dominance
//! group; L is bounded by [`LABEL_LIMIT`] (beyond it the labelling keeps the cheapest
//! labels and is no longer exact). Space O(n + L) plus one arena node per extension.

use rustc_hash::FxHashMap;

use crate::index::{ClinicianIdx, Index, ShiftIdx};

/// Most live labels per clinician before the labelling truncates (and stops being exact).
pub(super) const LABEL_LIMIT: usize = 20_000;

/// No value yet (a day, a weekend, an end).
const NONE_U32: u32 = u32::MAX;

/// How a count's future effect orders labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Unbounded and unpriced: ignored.
    Ignore,
    /// Only a maximum: fewer is better.
    Less,
    /// Only a minimum: more is better.
    Greater,
    /// Both, or priced by fairness: must be equal.
    Equal,
}

impl Direction {
    fn of(min: bool, max: bool) -> Self {
        match (min, max) {
            (false, false) => Direction::Ignore,
            (false, true) => Direction::Less,
            (true, false) => Direction::Greater,
            (true, true) => Direction::Equal,
        }
    }

    /// Whether `a` is at least as good as `b` for this direction (equality is in the key).
    fn ok<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Direction::Ignore | Direction::Equal => true,
            Direction::Less => a <= b,
            Direction::Greater => a >= b,
        }
    }
}

/// One clinician's pricing problem: their eligible shifts and rules, compiled once.
#[derive(Debug, Clone)]
pub(super) struct Clinician {
    /// The clinician.
    pub(super) id: ClinicianIdx,
    /// Eligible shifts, in time order.
    pub(super) shifts: Vec<ShiftIdx>,
    start: Vec<i64>,
    end: Vec<i64>,
    day: Vec<u32>,
    hours: Vec<f64>,
    weekend: Vec<Option<i64>>,
    /// Slot in `kind_max` of the shift's kind, when that kind is limited.
    kind_slot: Vec<Option<usize>>,
    /// Bit of the shift's kind among the successions' first kinds.
    first_bit: Vec<u64>,
    /// First kinds that may not precede the shift's kind on the day before.
    forbid_prev: Vec<u64>,
    pinned: Vec<bool>,
    /// Each shift's class: shifts of one class have the same times, day, week, weekend
    /// and kind, so every rule sees them alike, and they overlap, so a schedule holds at
    /// most one of them.
    class: Vec<u32>,
    /// A pin on a shift the clinician may not work: no schedule is feasible.
    pinned_ineligible: bool,
    /// Each shift's calendar week.
    week: Vec<u32>,
    /// Per week, how many whole weeks come before it (`whole_before[W]` for week `W`;
    /// one more entry for the end).
    whole_before: Vec<u32>,
    /// Whether each week is whole.
    whole: Vec<bool>,
    week_max_shifts: Option<i64>,
    week_max_hours: Option<f64>,
    /// `per_week.min_shifts` when positive.
    week_min_shifts: Option<i64>,
    week_n_dir: Direction,
    day_count: u32,
    max_shifts: Option<i64>,
    min_shifts: Option<i64>,
    max_hours: Option<f64>,
    min_hours: Option<f64>,
    max_per_day: Option<i64>,
    min_rest: Option<f64>,
    max_run: Option<i64>,
    min_run: Option<i64>,
    min_off: Option<i64>,
    max_weekends: Option<i64>,
    kind_max: Vec<i64>,
    successions: bool,
    target: Option<i64>,
    fairness: f64,
    /// No minimum of any kind: dropping a shift from a feasible schedule keeps it
    /// feasible (every other rule is a maximum or a forbidden pair).
    subsets_feasible: bool,
    n_dir: Direction,
    hours_dir: Direction,
    run_dir: Direction,
}

/// What makes two shifts alike to every rule: start, end, hours (bits), day, limited-kind
/// slot, succession bits as a first and the firsts forbidden before it.
type ClassKey = (i64, i64, u64, u32, Option<usize>, u64, u64);

/// The successions' first kinds and the firsts forbidden before each kind, as bit masks.
#[derive(Debug, Clone, Default)]
pub(super) struct Successions {
    /// Bit of each kind (by `KindIdx`) that is some succession's first.
    first_bit: Vec<u64>,
    /// For each kind (by `KindIdx`), the firsts that may not precede it.
    forbid_prev: Vec<u64>,
    /// Whether any succession names kinds that exist.
    any: bool,
}

impl Successions {
    /// Compile the problem's forbidden successions; `None` when more than 64 distinct
    /// kinds are successions' firsts (the masks hold 64).
    pub(super) fn build(index: &Index<'_>) -> Option<Self> {
        let n = index.kinds().len();
        let mut out = Successions {
            first_bit: vec![0; n],
            forbid_prev: vec![0; n],
            any: false,
        };
        let mut next = 0u32;
        for f in &index.problem().forbidden_successions {
            let (Some(a), Some(b)) = (index.kind_idx(&f.first), index.kind_idx(&f.then)) else {
                continue;
            };
            if out.first_bit[a.index()] == 0 {
                if next == 64 {
                    return None;
                }
                out.first_bit[a.index()] = 1 << next;
                next += 1;
            }
            out.forbid_prev[b.index()] |= out.first_bit[a.index()];
            out.any = true;
        }
        Some(out)
    }
}

impl Clinician {
    /// Compile clinician `c`'s pricing problem.
    pub(super) fn build(index: &Index<'_>, c: ClinicianIdx, succ: &Successions) -> Self {
        let p = index.problem();
        let clin = &p.clinicians[c.index()];
        let l = &clin.limits;
        let shifts = index.eligible_for_clinician(c).to_vec();
        let mut kind_max = Vec::new();
        let mut slot_of_kind = vec![None; index.kinds().len()];
        for (kind, &max) in &l.max_per_kind {
            if let Some(k) = index.kind_idx(kind) {
                slot_of_kind[k.index()] = Some(kind_max.len());
                kind_max.push(max);
            }
        }
        let mut pinned = vec![false; shifts.len()];
        let mut pinned_ineligible = false;
        for &(s, pc) in index.pinned() {
            if pc == c {
                match shifts.iter().position(|&x| x == s) {
                    Some(i) => pinned[i] = true,
                    None => pinned_ineligible = true,
                }
            }
        }
        let facts = |s: &ShiftIdx| index.shift(*s);
        let kind_bits = |s: &ShiftIdx, table: &[u64]| facts(s).kind.map_or(0, |k| table[k.index()]);
        let mut classes: FxHashMap<ClassKey, u32> = FxHashMap::default();
        let class = shifts
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let f = facts(s);
                if f.end <= f.start {
                    // A shift of no length overlaps nothing: a class of its own.
                    return u32::MAX - i as u32;
                }
                let key = (
                    f.start,
                    f.end,
                    f.hours.to_bits(),
                    f.day,
                    f.kind.and_then(|k| slot_of_kind[k.index()]),
                    kind_bits(s, &succ.first_bit),
                    kind_bits(s, &succ.forbid_prev),
                );
                let next = classes.len() as u32;
                *classes.entry(key).or_insert(next)
            })
            .collect();
        let w = &p.weights;
        let priced_target = clin.target_shifts.is_some() && w.fairness != 0.0;
        let per_week = l.per_week.as_ref();
        let week_min = per_week.and_then(|w| w.min_shifts).filter(|&m| m > 0);
        Clinician {
            id: c,
            start: shifts.iter().map(|s| facts(s).start).collect(),
            end: shifts.iter().map(|s| facts(s).end).collect(),
            day: shifts.iter().map(|s| facts(s).day).collect(),
            hours: shifts.iter().map(|s| facts(s).hours).collect(),
            weekend: shifts
                .iter()
                .map(|s| index.weekend_of_day()[facts(s).day as usize])
                .collect(),
            kind_slot: shifts
                .iter()
                .map(|s| facts(s).kind.and_then(|k| slot_of_kind[k.index()]))
                .collect(),
            first_bit: shifts
                .iter()
                .map(|s| kind_bits(s, &succ.first_bit))
                .collect(),
            forbid_prev: shifts
                .iter()
                .map(|s| kind_bits(s, &succ.forbid_prev))
                .collect(),
            pinned,
            class,
            pinned_ineligible,
            week: shifts
                .iter()
                .map(|s| index.week_of_day()[facts(s).day as usize])
                .collect(),
            whole_before: std::iter::once(0)
                .chain(index.weeks().iter().scan(0u32, |n, w| {
                    *n += u32::from(w.whole);
                    Some(*n)
                }))
                .collect(),
            whole: index.weeks().iter().map(|w| w.whole).collect(),
            week_max_shifts: per_week.and_then(|w| w.max_shifts),
            week_max_hours: per_week.and_then(|w| w.max_hours),
            week_min_shifts: week_min,
            week_n_dir: Direction::of(
                week_min.is_some(),
                per_week.is_some_and(|w| w.max_shifts.is_some()),
            ),
            day_count: index.days().len() as u32,
            max_shifts: l.max_shifts,
            min_shifts: l.min_shifts,
            max_hours: l.max_hours,
            min_hours: l.min_hours,
            max_per_day: l.max_shifts_per_day,
            min_rest: l.min_rest_hours,
            max_run: l.max_consecutive_days,
            min_run: l.min_consecutive_days,
            min_off: l.min_consecutive_days_off,
            max_weekends: l.max_weekends,
            kind_max,
            successions: succ.any,
            target: clin.target_shifts,
            fairness: w.fairness,
            subsets_feasible: l.min_shifts.is_none()
                && l.min_hours.is_none()
                && l.min_consecutive_days.is_none()
                && l.min_consecutive_days_off.is_none()
                && week_min.is_none(),
            n_dir: Direction::of(
                l.min_shifts.is_some() || priced_target,
                l.max_shifts.is_some() || priced_target,
            ),
            hours_dir: Direction::of(l.min_hours.is_some(), l.max_hours.is_some()),
            run_dir: Direction::of(
                l.min_consecutive_days.is_some(),
                l.max_consecutive_days.is_some(),
            ),
            shifts,
        }
    }

    /// The weight at or above which a shift need not be labelled: when every subset of a
    /// feasible schedule is feasible, dropping such a shift (which changes the fairness
    /// term by at most `|w.fairness|`) never makes a schedule dearer, so some cheapest
    /// schedule avoids it. `None` when a minimum makes subsets infeasible.
    fn drop_at(&self, fairness: bool) -> Option<f64> {
        self.subsets_feasible.then(|| {
            if fairness && self.target.is_some() {
                self.fairness.abs()
            } else {
                0.0
            }
        })
    }

    /// The fairness term of a schedule of `n` shifts.
    pub(super) fn fairness_cost(&self, n: usize) -> f64 {
        match self.target {
            Some(t) if self.fairness != 0.0 => self.fairness * (n as i64 - t).abs() as f64,
            _ => 0.0,
        }
    }

    /// A lower bound on the cheapest schedule's cost for per-shift costs `weights`, without
    /// labelling: every shift of negative cost taken, fairness at its best.
    pub(super) fn weak_bound(&self, weights: &[f64], fairness: bool) -> f64 {
        let mut total: f64 = weights
            .iter()
            .zip(&self.pinned)
            .map(|(&w, &pin)| if pin { w } else { w.min(0.0) })
            .sum();
        if fairness && self.fairness < 0.0 {
            if let Some(t) = self.target {
                let worst = (self.shifts.len() as i64 - t).abs().max(t.abs());
                total += self.fairness * worst as f64;
            }
        }
        total
    }
}

/// A finished schedule: positions into [`Clinician::shifts`] and its cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Schedule {
    /// Positions into the clinician's eligible shifts, ascending.
    pub(super) positions: Vec<u32>,
    /// Σ weights + fairness (the reduced cost before the convexity dual).
    pub(super) cost: f64,
}

/// What pricing found for one clinician.
#[derive(Debug, Clone)]
pub(super) struct Priced {
    /// The cheapest schedules found, cheapest first (ties by positions), at most `keep`.
    pub(super) schedules: Vec<Schedule>,
    /// Whether the labelling ran to the end without truncation: the first schedule is
    /// then the cheapest feasible one, and an empty list means none is feasible.
    pub(super) exact: bool,
}

#[derive(Debug, Clone)]
struct Label {
    cost: f64,
    /// Arena node of the last shift taken (`NONE_U32`: none).
    node: u32,
    n: u32,
    hours: f64,
    last_day: u32,
    last_end: i64,
    prev_end: i64,
    day_n: u32,
    run_len: u32,
    run_start: u32,
    weekends: u32,
    last_weekend: i64,
    day_mask: u64,
    prev_mask: u64,
    kinds: Kinds,
    /// The calendar week of the last shift (`NONE_U32`: none yet), its shifts and hours.
    week: u32,
    week_n: u32,
    week_hours: f64,
}

/// A label's shifts of each limited kind: inline (no allocation per extension) for up to
/// [`Kinds::INLINE`] kinds, unused slots zero.
#[derive(Debug, Clone)]
enum Kinds {
    Inline([u32; Kinds::INLINE]),
    Heap(Box<[u32]>),
}

impl Kinds {
    const INLINE: usize = 4;

    fn new(n: usize) -> Self {
        if n <= Self::INLINE {
            Kinds::Inline([0; Self::INLINE])
        } else {
            Kinds::Heap(vec![0; n].into_boxed_slice())
        }
    }

    fn counts(&self) -> &[u32] {
        match self {
            Kinds::Inline(a) => a,
            Kinds::Heap(b) => b,
        }
    }

    fn counts_mut(&mut self) -> &mut [u32] {
        match self {
            Kinds::Inline(a) => a,
            Kinds::Heap(b) => b,
        }
    }
}

/// The resources that must be equal for one label to dominate another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    last_day: u32,
    masks: (u64, u64),
    last_weekend: i64,
    run_from_start: bool,
    n: u32,
    hours: u64,
    run_len: u32,
    week_n: u32,
}

impl Clinician {
    fn key(&self, l: &Label) -> Key {
        Key {
            last_day: l.last_day,
            masks: if self.successions {
                (l.day_mask, l.prev_mask)
            } else {
                (0, 0)
            },
            last_weekend: if self.max_weekends.is_some() {
                l.last_weekend
            } else {
                0
            },
            run_from_start: self.min_run.is_some() && l.run_start == 0,
            n: if self.n_dir == Direction::Equal {
                l.n
            } else {
                0
            },
            hours: if self.hours_dir == Direction::Equal {
                l.hours.to_bits()
            } else {
                0
            },
            run_len: if self.run_dir == Direction::Equal {
                l.run_len
            } else {
                0
            },
            week_n: if self.week_n_dir == Direction::Equal {
                l.week_n
            } else {
                0
            },
        }
    }

    /// Whether `a` dominates `b` (their keys are equal).
    fn dominates(&self, a: &Label, b: &Label) -> bool {
        a.cost <= b.cost
            && a.last_end <= b.last_end
            && a.prev_end <= b.prev_end
            && self.n_dir.ok(a.n, b.n)
            && self.hours_dir.ok(a.hours, b.hours)
            && self.run_dir.ok(a.run_len, b.run_len)
            && (self.max_per_day.is_none() || a.day_n <= b.day_n)
            && (self.max_weekends.is_none() || a.weekends <= b.weekends)
            && a.kinds
                .counts()
                .iter()
                .zip(b.kinds.counts())
                .all(|(x, y)| x <= y)
            && self.week_n_dir.ok(a.week_n, b.week_n)
            && (self.week_max_hours.is_none() || a.week_hours <= b.week_hours)
    }

    /// Whether the weeks a label leaves behind when its next shift (or the end) is in week
    /// `next` meet `per_week.min_shifts`: the label's own week, when whole, and every
    /// whole week strictly between (which get no shift).
    fn weeks_met(&self, l: &Label, next: u32) -> bool {
        let Some(min) = self.week_min_shifts else {
            return true;
        };
        let skipped_from = if l.week == NONE_U32 {
            0
        } else {
            if self.whole[l.week as usize] && i64::from(l.week_n) < min {
                return false;
            }
            l.week + 1
        };
        next <= skipped_from
            || self.whole_before[next as usize] == self.whole_before[skipped_from as usize]
    }

    /// `label` extended by shift `i`, when every rule allows it.
    fn extend(&self, label: &Label, i: usize, weight: f64, node: u32) -> Option<Label> {
        let d = self.day[i];
        let start = self.start[i];
        let mut next = label.clone();
        next.node = node;
        next.cost += weight;
        if label.last_day == NONE_U32 {
            next.run_len = 1;
            next.run_start = d;
            next.day_n = 1;
            next.prev_mask = 0;
            next.day_mask = 0;
            next.prev_end = i64::MIN;
        } else {
            if start < label.last_end {
                return None;
            }
            let rest_from = if d == label.last_day {
                label.prev_end
            } else {
                label.last_end
            };
            if let Some(rest) = self.min_rest {
                if rest_from != i64::MIN && ((start - rest_from) as f64 / 3600.0) < rest {
                    return None;
                }
            }
            if d == label.last_day {
                next.day_n += 1;
            } else {
                next.prev_end = label.last_end;
                next.day_n = 1;
                if d == label.last_day + 1 {
                    next.run_len += 1;
                    next.prev_mask = label.day_mask;
                } else {
                    if let Some(min) = self.min_run {
                        if label.run_start != 0 && i64::from(label.run_len) < min {
                            return None;
                        }
                    }
                    if let Some(min) = self.min_off {
                        if i64::from(d - label.last_day - 1) < min {
                            return None;
                        }
                    }
                    next.run_len = 1;
                    next.run_start = d;
                    next.prev_mask = 0;
                }
                next.day_mask = 0;
            }
        }
        next.last_day = d;
        next.last_end = self.end[i];
        if self.max_run.is_some_and(|m| i64::from(next.run_len) > m)
            || self.max_per_day.is_some_and(|m| i64::from(next.day_n) > m)
            || next.prev_mask & self.forbid_prev[i] != 0
        {
            return None;
        }
        next.day_mask |= self.first_bit[i];
        if let Some(w) = self.weekend[i] {
            if w != label.last_weekend {
                next.weekends += 1;
                next.last_weekend = w;
                if self
                    .max_weekends
                    .is_some_and(|m| i64::from(next.weekends) > m)
                {
                    return None;
                }
            }
        }
        if let Some(j) = self.kind_slot[i] {
            let n = &mut next.kinds.counts_mut()[j];
            *n += 1;
            if i64::from(*n) > self.kind_max[j] {
                return None;
            }
        }
        let wk = self.week[i];
        if wk != label.week {
            if !self.weeks_met(label, wk) {
                return None;
            }
            next.week = wk;
            next.week_n = 0;
            next.week_hours = 0.0;
        }
        next.week_n += 1;
        next.week_hours += self.hours[i];
        if self
            .week_max_shifts
            .is_some_and(|m| i64::from(next.week_n) > m)
            || self
                .week_max_hours
                .is_some_and(|m| next.week_hours > m + 1e-9)
        {
            return None;
        }
        next.n += 1;
        next.hours += self.hours[i];
        if self.max_shifts.is_some_and(|m| i64::from(next.n) > m)
            || self.max_hours.is_some_and(|m| next.hours > m + 1e-9)
        {
            return None;
        }
        Some(next)
    }

    /// Whether a finished label meets the minimums.
    fn finishes(&self, l: &Label) -> bool {
        if self.min_shifts.is_some_and(|m| i64::from(l.n) < m)
            || self.min_hours.is_some_and(|m| l.hours < m - 1e-9)
            || !self.weeks_met(l, self.whole.len() as u32)
        {
            return false;
        }
        if let Some(min) = self.min_run {
            if l.last_day != NONE_U32
                && l.last_day + 1 != self.day_count
                && l.run_start != 0
                && i64::from(l.run_len) < min
            {
                return false;
            }
        }
        true
    }

    /// The `keep` cheapest schedules for per-shift costs `weights` (one per eligible
    /// shift), with fairness priced when `fairness`; `deadline` says when to give up
    /// (the result is then not exact).
    pub(super) fn price(
        &self,
        weights: &[f64],
        fairness: bool,
        keep: usize,
        deadline: &dyn Fn() -> bool,
    ) -> Priced {
        if self.pinned_ineligible {
            return Priced {
                schedules: Vec::new(),
                exact: true,
            };
        }
        let mut exact = true;
        let mut arena: Vec<(u32, u32)> = Vec::new(); // (position, parent node)
        let empty = Label {
            cost: 0.0,
            node: NONE_U32,
            n: 0,
            hours: 0.0,
            last_day: NONE_U32,
            last_end: i64::MIN,
            prev_end: i64::MIN,
            day_n: 0,
            run_len: 0,
            run_start: NONE_U32,
            weekends: 0,
            last_weekend: i64::MIN,
            day_mask: 0,
            prev_mask: 0,
            kinds: Kinds::new(self.kind_max.len()),
            week: NONE_U32,
            week_n: 0,
            week_hours: 0.0,
        };
        let mut labels: Vec<Label> = vec![empty];
        let mut groups: FxHashMap<Key, Vec<usize>> = FxHashMap::default();
        groups.insert(self.key(&labels[0]), vec![0]);
        let drop_at = self.drop_at(fairness).unwrap_or(f64::INFINITY);
        // Of the unpinned shifts of a class only the cheapest (the first among equals)
        // can be in a cheapest schedule: swapping another for it keeps every rule.
        let mut cheapest: FxHashMap<u32, usize> = FxHashMap::default();
        for (i, &w) in weights.iter().enumerate().take(self.shifts.len()) {
            if !self.pinned[i] && self.class[i] < u32::MAX - self.shifts.len() as u32 {
                cheapest
                    .entry(self.class[i])
                    .and_modify(|j| {
                        if w < weights[*j] {
                            *j = i;
                        }
                    })
                    .or_insert(i);
            }
        }
        for (i, &weight) in weights.iter().enumerate().take(self.shifts.len()) {
            if i % 16 == 0 && deadline() {
                return Priced {
                    schedules: Vec::new(),
                    exact: false,
                };
            }
            if !self.pinned[i]
                && (weight >= drop_at || cheapest.get(&self.class[i]).is_some_and(|&j| j != i))
            {
                continue;
            }
            let node = arena.len() as u32;
            arena.push((i as u32, NONE_U32));
            let mut fresh: Vec<Label> = Vec::new();
            for l in &labels {
                if let Some(mut x) = self.extend(l, i, weight, node) {
                    // Each extension gets its own arena node recording its parent.
                    if !fresh.is_empty() {
                        x.node = arena.len() as u32;
                        arena.push((i as u32, l.node));
                    } else {
                        arena[node as usize].1 = l.node;
                    }
                    fresh.push(x);
                }
            }
            if self.pinned[i] {
                labels.clear();
                groups.clear();
            }
            for x in fresh {
                let key = self.key(&x);
                let group = groups.entry(key).or_default();
                if group.iter().any(|&j| self.dominates(&labels[j], &x)) {
                    continue;
                }
                let mut dead = Vec::new();
                group.retain(|&j| {
                    let beaten = self.dominates(&x, &labels[j]);
                    if beaten {
                        dead.push(j);
                    }
                    !beaten
                });
                // Dominated labels are marked dead (infinite cost) and swept below.
                for j in dead {
                    labels[j].cost = f64::INFINITY;
                }
                group.push(labels.len());
                labels.push(x);
            }
            let swept = labels.iter().any(|l| l.cost == f64::INFINITY);
            let over = labels.len() > LABEL_LIMIT;
            if swept || over {
                labels.retain(|l| l.cost != f64::INFINITY);
                if over {
                    exact = false;
                    let mut order: Vec<usize> = (0..labels.len()).collect();
                    order.sort_by(|&a, &b| {
                        labels[a].cost.total_cmp(&labels[b].cost).then(a.cmp(&b))
                    });
                    order.truncate(LABEL_LIMIT / 2);
                    order.sort_unstable();
                    labels = order.into_iter().map(|j| labels[j].clone()).collect();
                }
                groups.clear();
                for (j, l) in labels.iter().enumerate() {
                    groups.entry(self.key(l)).or_default().push(j);
                }
            }
        }
        let mut done: Vec<Schedule> = labels
            .iter()
            .filter(|l| self.finishes(l))
            .map(|l| {
                let mut positions = Vec::with_capacity(l.n as usize);
                let mut node = l.node;
                while node != NONE_U32 {
                    let (pos, parent) = arena[node as usize];
                    positions.push(pos);
                    node = parent;
                }
                positions.reverse();
                let fair = if fairness {
                    self.fairness_cost(positions.len())
                } else {
                    0.0
                };
                Schedule {
                    cost: l.cost + fair,
                    positions,
                }
            })
            .collect();
        done.sort_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then_with(|| a.positions.cmp(&b.positions))
        });
        done.dedup_by(|a, b| a.positions == b.positions);
        done.truncate(keep);
        Priced {
            schedules: done,
            exact,
        }
    }
}
