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
//!   pattern    = w.pattern · Σ_{runs of L ≥ N weeks} (L − N + 1)      (revision 1.1, [`patterns`])
//!   total      = the sum of the above
//! ```
//!
//! Beside the score, [`score`] (not [`evaluate`], which every solver calls on every
//! roster) lists the roster's blocking pairs (`stability.rs`, `docs/stability.md`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::{Assignment, Problem};
use crate::rule::Rule;

pub(crate) mod patterns;
mod rules;
pub(crate) mod stability;

pub use patterns::PatternWarning;
pub(crate) use rules::{RuleBreach, RuleSet, check_rules, pin_conflicts};
pub use stability::BlockingPair;

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
    /// Weighted repeats of fixed weekly patterns (revision 1.1; absent when zero, so that
    /// version-1 documents are unchanged).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pattern: f64,
    /// The sum of the terms: the objective.
    pub total: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_zero_count(n: &usize) -> bool {
    *n == 0
}

/// A hard rule broken by a set of assignments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Breach {
    /// The rule (serialized by its schema name: `max_shifts`, `overlap`, `eligibility`, …).
    pub rule: Rule,
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
    /// The roster's blocking pairs (`docs/stability.md`), at most
    /// [`crate::BLOCKING_PAIRS_SHOWN`], in order of clinician then shift; filled by
    /// [`score`] and [`Index::score`], left empty by [`evaluate`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocking_pairs: Vec<BlockingPair>,
    /// How many blocking pairs there are in all.
    #[serde(default, skip_serializing_if = "is_zero_count")]
    pub blocking_pair_count: usize,
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
    Ok(index.score(assignments))
}

impl Index<'_> {
    /// [`score`] on a validated problem: [`evaluate`] and the roster's blocking pairs.
    ///
    /// # Complexity
    /// That of [`evaluate`] plus the blocking pairs' search, `O(Σ_c e_c·(p_c + k_c³))`
    /// for `e_c` eligible and `k_c` assigned shifts and `p_c` preferences of clinician `c`
    /// (`docs/stability.md`).
    pub fn score(&self, assignments: &[Assignment]) -> Evaluation {
        let mut e = evaluate(self, assignments);
        let pairs = stability::known_pairs(self, assignments);
        let (listed, count) = stability::blocking_pairs(self, &pairs);
        e.blocking_pairs = listed;
        e.blocking_pair_count = count;
        e
    }
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
                        Rule::DuplicateAssignment,
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
                    Rule::UnknownId,
                    None,
                    vec![a.shift.clone()],
                    format!("the assignment of {} to {}: {what}", a.clinician, a.shift),
                ));
            }
        }
    }
    let pairs: Vec<(ShiftIdx, ClinicianIdx)> = pairs.into_iter().collect();
    breaches.extend(
        rules::check_rules(index, &pairs, RuleSet::All)
            .into_iter()
            .map(|r| r.breach),
    );

    // Pins.
    for &(s, c) in index.pinned() {
        if pairs.binary_search(&(s, c)).is_err() {
            let (sid, cid) = (&p.shifts[s.index()].id, &p.clinicians[c.index()].id);
            breaches.push(breach(
                Rule::Pinned,
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
        blocking_pairs: Vec::new(),
        blocking_pair_count: 0,
    }
}

pub(crate) fn breach(
    rule: Rule,
    clinician: Option<&str>,
    shifts: Vec<String>,
    message: String,
) -> Breach {
    Breach {
        rule,
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
        let facts = index.shift(s);
        let terms = index.pair_terms(c, s);
        let money = terms.pay;
        pay += money;
        pref += terms.preference;
        let km = terms.km.unwrap_or(0.0);
        km_total += km;
        if terms.preferred {
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
    let repeats: u32 = if w.pattern != 0.0 {
        patterns::repeats_by_clinician(index, pairs).iter().sum()
    } else {
        0
    };

    let mut score = Score {
        unfilled: tidy(unfilled_cost),
        over: tidy(over_cost),
        cost: tidy(w.cost * pay),
        preference: tidy(-w.preference * pref),
        travel: tidy(w.travel_per_km * km_total),
        fairness: tidy(w.fairness * deviation),
        continuity: tidy(-w.continuity * cont),
        change: tidy(w.change * dropped),
        pattern: tidy(w.pattern * f64::from(repeats)),
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
            + score.change
            + score.pattern,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_negative_zero() {
        let x = -0.0 * 5.0;
        assert_eq!(serde_json::to_string(&tidy(x)).expect("json"), "0.0");
    }
}
