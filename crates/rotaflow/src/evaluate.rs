//! The evaluator: checks a set of assignments against every hard rule and computes every
//! objective term, exactly as `DESIGN.md` defines them.
//!
//! This is what the tests trust, so it shares nothing with the solvers beyond the
//! compiled [`Index`] (ids, instants, days, weekends, eligibility). It works directly
//! from the assignments — a clinician's set of shifts, a shift's set of clinicians — with
//! plain loops written for clarity, never for speed: rules are checked by looking at the
//! clinician's worked days and shift pairs, not by any network or model.
//!
//! ```text
//!   unfilled   = Σ_s unfilled_penalty(s) · max(0, headcount(s) − assigned(s))
//!   over       = Σ_s over_penalty(s)     · max(0, assigned(s) − headcount(s))
//!   cost       = w.cost · Σ_(c,s) (rate_per_hour(c) · hours(s) + rate_per_shift(c))
//!   preference = −w.preference · Σ_(c,s) Σ { p.weight : p ∈ c.preferences matching s }
//!   travel     = w.travel_per_km · Σ_(c,s) km(c, s.site)
//!   fairness   = w.fairness · Σ_{c with a target} |shifts(c) − target_shifts(c)|
//!   continuity = −w.continuity · Σ_(c,s) [c ∈ s.preferred_clinicians]
//!   change     = w.change · #{ (s,c) ∈ previous : (s,c) not assigned }
//!   total      = the sum of the above
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::index::{ClinicianIdx, Index, ShiftIdx, list_ids};
use crate::model::{Assignment, Problem};

/// The objective, term by term (see the module docs for the definitions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// Penalty for missing clinicians.
    pub unfilled: f64,
    /// Penalty for clinicians beyond the headcount.
    pub over: f64,
    /// Weighted pay.
    pub cost: f64,
    /// Weighted preferences met (negative is good).
    pub preference: f64,
    /// Weighted travel.
    pub travel: f64,
    /// Weighted deviation from targets.
    pub fairness: f64,
    /// Weighted continuity (negative is good).
    pub continuity: f64,
    /// Weighted previous pairs not kept.
    pub change: f64,
    /// The sum of the terms: the objective.
    pub total: f64,
}

/// A hard rule broken by a set of assignments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Breach {
    /// The rule's name, as in the schema (`max_shifts`, `overlap`, `eligibility`, …).
    pub rule: String,
    /// The clinician concerned, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinician: Option<String>,
    /// The shifts concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<String>,
    /// A sentence for a person.
    pub message: String,
}

/// A shift with fewer clinicians than its headcount.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unfilled {
    /// The shift's id.
    pub shift: String,
    /// Clinicians missing.
    pub missing: u32,
}

/// One clinician's share of a roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicianSummary {
    /// The clinician's id.
    pub id: String,
    /// Shifts worked.
    pub shifts: u32,
    /// Hours worked (real elapsed time).
    pub hours: f64,
    /// Pay (rate per hour × hours + rate per shift), unweighted.
    pub cost: f64,
    /// Distance travelled, summed over shifts (0 where it cannot be known).
    pub km: f64,
}

/// The evaluator's verdict on a set of assignments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Every hard-rule breach, sorted; empty when the assignments are feasible.
    pub breaches: Vec<Breach>,
    /// The objective, term by term.
    pub score: Score,
    /// Shifts short of their headcount, by shift id.
    pub unfilled: Vec<Unfilled>,
    /// Every clinician's share, by id.
    pub clinicians: Vec<ClinicianSummary>,
}

impl Evaluation {
    /// True when no hard rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// Validate `problem`, then evaluate `assignments` against it.
///
/// # Errors
/// [`crate::Error::Invalid`] when the problem itself is invalid. Assignments naming
/// unknown shifts or clinicians are not an error: they are breaches.
///
/// ```
/// use rotaflow::{Assignment, Problem};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///     "clinicians": [{"id": "C1", "roles": ["gp"], "rate_per_hour": 100}],
///     "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///                 "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#).unwrap();
/// let e = rotaflow::score(&problem, &[Assignment::new("S1", "C1")]).unwrap();
/// assert!(e.is_feasible());
/// assert_eq!(e.score.cost, 400.0);
/// assert_eq!(e.score.total, 400.0);
/// ```
pub fn score(problem: &Problem, assignments: &[Assignment]) -> Result<Evaluation> {
    let index = Index::build(problem)?;
    Ok(evaluate(&index, assignments))
}

/// Evaluate `assignments` against a compiled problem.
///
/// # Complexity
/// O(A log A + Σ_c k_c²) time where k_c is the number of shifts of clinician c.
pub fn evaluate(index: &Index<'_>, assignments: &[Assignment]) -> Evaluation {
    let p = index.problem();
    let mut breaches = Vec::new();
    // Resolve ids; unknown ids and repeated pairs are breaches, not errors.
    let mut pairs: BTreeSet<(ShiftIdx, ClinicianIdx)> = BTreeSet::new();
    for a in assignments {
        let s = index.shift_idx(&a.shift);
        let c = index.clinician_idx(&a.clinician);
        match (s, c) {
            (Some(s), Some(c)) => {
                if !pairs.insert((s, c)) {
                    breaches.push(breach(
                        "duplicate_assignment",
                        Some(&a.clinician),
                        vec![a.shift.clone()],
                        format!("{} is assigned to {} more than once", a.clinician, a.shift),
                    ));
                }
            }
            _ => {
                let what = match (s, c) {
                    (None, None) => format!(
                        "neither shift `{}` nor clinician `{}` exists",
                        a.shift, a.clinician
                    ),
                    (None, _) => format!("shift `{}` does not exist", a.shift),
                    _ => format!("clinician `{}` does not exist", a.clinician),
                };
                breaches.push(breach(
                    "unknown_id",
                    None,
                    vec![a.shift.clone()],
                    format!("the assignment of {} to {}: {what}", a.clinician, a.shift),
                ));
            }
        }
    }
    let pairs: Vec<(ShiftIdx, ClinicianIdx)> = pairs.into_iter().collect();
    breaches.extend(
        check_rules(index, &pairs, RuleSet::All)
            .into_iter()
            .map(|r| r.breach),
    );

    // Pins.
    for &(s, c) in index.pinned() {
        if pairs.binary_search(&(s, c)).is_err() {
            let (sid, cid) = (&p.shifts[s.index()].id, &p.clinicians[c.index()].id);
            breaches.push(breach(
                "pinned",
                Some(cid),
                vec![sid.clone()],
                format!("{cid} is pinned to {sid} but not assigned to it"),
            ));
        }
    }
    breaches.sort();

    let (score, unfilled, clinicians) = objective(index, &pairs);
    Evaluation {
        breaches,
        score,
        unfilled,
        clinicians,
    }
}

fn breach(rule: &str, clinician: Option<&str>, shifts: Vec<String>, message: String) -> Breach {
    Breach {
        rule: rule.to_owned(),
        clinician: clinician.map(str::to_owned),
        shifts,
        message,
    }
}

/// `x + 0.0` turns −0.0 into 0.0 so that JSON never shows `-0.0`.
fn tidy(x: f64) -> f64 {
    x + 0.0
}

fn objective(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
) -> (Score, Vec<Unfilled>, Vec<ClinicianSummary>) {
    let p = index.problem();
    let w = &p.weights;
    let mut assigned = vec![0u32; index.shift_count()];
    let mut per_clinician = vec![(0u32, 0.0f64, 0.0f64, 0.0f64); index.clinician_count()];
    let (mut pay, mut pref, mut km_total, mut cont) = (0.0, 0.0, 0.0, 0.0);
    for &(s, c) in pairs {
        assigned[s.index()] += 1;
        let shift = &p.shifts[s.index()];
        let facts = index.shift(s);
        let clin = &p.clinicians[c.index()];
        let money = clin.rate_per_hour * facts.hours + clin.rate_per_shift;
        pay += money;
        for (j, pr) in clin.preferences.iter().enumerate() {
            let day = index.clinicians()[c.index()].preference_days[j];
            let matches = pr.site.as_ref().is_none_or(|x| *x == shift.site)
                && pr
                    .kind
                    .as_ref()
                    .is_none_or(|k| shift.kind.as_ref() == Some(k))
                && day.is_none_or(|d| d == facts.day)
                && pr.shift.as_ref().is_none_or(|x| *x == shift.id);
            if matches {
                pref += pr.weight;
            }
        }
        let km = index.km(c, facts.site).unwrap_or(0.0);
        km_total += km;
        if shift.preferred_clinicians.contains(&clin.id) {
            cont += 1.0;
        }
        let e = &mut per_clinician[c.index()];
        e.0 += 1;
        e.1 += facts.hours;
        e.2 += money;
        e.3 += km;
    }
    let mut unfilled_cost = 0.0;
    let mut over_cost = 0.0;
    let mut unfilled = Vec::new();
    for (i, facts) in index.shifts().iter().enumerate() {
        let n = assigned[i];
        if n < facts.headcount {
            let missing = facts.headcount - n;
            unfilled_cost += facts.unfilled_penalty * f64::from(missing);
            unfilled.push(Unfilled {
                shift: p.shifts[i].id.clone(),
                missing,
            });
        } else if n > facts.headcount {
            over_cost += facts.over_penalty.unwrap_or(0.0) * f64::from(n - facts.headcount);
        }
    }
    unfilled.sort();
    let mut deviation = 0.0;
    for (ci, clin) in p.clinicians.iter().enumerate() {
        if let Some(t) = clin.target_shifts {
            deviation += (i64::from(per_clinician[ci].0) - t).abs() as f64;
        }
    }
    let kept = index
        .previous()
        .iter()
        .filter(|pair| pairs.binary_search(pair).is_ok())
        .count();
    let dropped = (index.previous().len() - kept) as f64;

    let mut score = Score {
        unfilled: tidy(unfilled_cost),
        over: tidy(over_cost),
        cost: tidy(w.cost * pay),
        preference: tidy(-w.preference * pref),
        travel: tidy(w.travel_per_km * km_total),
        fairness: tidy(w.fairness * deviation),
        continuity: tidy(-w.continuity * cont),
        change: tidy(w.change * dropped),
        total: 0.0,
    };
    score.total = tidy(
        score.unfilled
            + score.over
            + score.cost
            + score.preference
            + score.travel
            + score.fairness
            + score.continuity
            + score.change,
    );
    let mut clinicians: Vec<ClinicianSummary> = p
        .clinicians
        .iter()
        .zip(&per_clinician)
        .map(|(c, &(shifts, hours, cost, km))| ClinicianSummary {
            id: c.id.clone(),
            shifts,
            hours: tidy(hours),
            cost: tidy(cost),
            km: tidy(km),
        })
        .collect();
    clinicians.sort_by(|a, b| a.id.cmp(&b.id));
    (score, unfilled, clinicians)
}

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

/// Whether these pairs break a rule that only more shifts could break: overlap, the
/// maxima, rest, successions, headcount caps (not eligibility, not the minimums).
pub(crate) fn breaks_a_maximum(index: &Index<'_>, pairs: &[(ShiftIdx, ClinicianIdx)]) -> bool {
    !check_rules(index, pairs, RuleSet::Monotone).is_empty()
}

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
                        "eligibility",
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
                        "headcount",
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
        let mut push = |rule: &str, involved: Vec<ShiftIdx>, message: String| {
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
                        "overlap",
                        vec![a, b],
                        format!("{cid} works {} and {}, which overlap", sid(a), sid(b)),
                    );
                } else if let Some(rest) = l.min_rest_hours {
                    if fa.day != fb.day {
                        let gap = (fb.start - fa.end) as f64 / 3600.0;
                        if gap < rest {
                            push(
                                "min_rest_hours",
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
                    "max_shifts",
                    shifts.clone(),
                    format!("{cid} works {n} shifts, more than {max}"),
                );
            }
        }
        if let Some(max) = l.max_hours {
            if hours > max + 1e-9 {
                push(
                    "max_hours",
                    shifts.clone(),
                    format!("{cid} works {hours:.2} h, more than {max} h"),
                );
            }
        }
        if rules == RuleSet::All {
            if let Some(min) = l.min_shifts {
                if n < min {
                    push(
                        "min_shifts",
                        shifts.clone(),
                        format!("{cid} works {n} shifts, fewer than {min}"),
                    );
                }
            }
            if let Some(min) = l.min_hours {
                if hours < min - 1e-9 {
                    push(
                        "min_hours",
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
                        "max_shifts_per_day",
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
                            "max_consecutive_days",
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
                                "min_consecutive_days",
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
                            "min_consecutive_days_off",
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
        if let Some(max) = l.max_weekends {
            let mut weekends: BTreeMap<i64, Vec<ShiftIdx>> = BTreeMap::new();
            for &s in &shifts {
                if let Some(w) = index.weekend_of_day()[index.shift(s).day as usize] {
                    weekends.entry(w).or_default().push(s);
                }
            }
            if weekends.len() as i64 > max {
                push(
                    "max_weekends",
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
                    "max_per_kind",
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
                        "forbidden_successions",
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

    #[test]
    fn tidy_removes_negative_zero() {
        let x = -0.0 * 5.0;
        assert_eq!(serde_json::to_string(&tidy(x)).expect("json"), "0.0");
    }
}
