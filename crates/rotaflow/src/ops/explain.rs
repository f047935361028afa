//! Explain: why each unfilled shift is unfilled, and where the objective comes from.
//!
//! # Formulation
//!
//! For an unfilled shift `s` with role `r`:
//!
//! 1. `N` = clinicians holding `r`. `N = 0`: reason `no_role`.
//! 2. Each of them failing eligibility is counted under the *first* condition of
//!    `DESIGN.md` they fail (skill — per missing skill —, availability, exclusion, rate
//!    cap, distance). No eligible clinician off the shift: reason `none_eligible`.
//! 3. For every eligible clinician `c` not on `s`, the hard rules are checked on `c`'s
//!    shifts plus `s` (the evaluator's own checks), and the objective change `Δ(c)` of
//!    the cheapest roster holding `(s, c)` is priced: exactly from the residual network
//!    when the problem is flow-representable and the roster optimal (see
//!    [`super::recommend`]); otherwise directly, by re-scoring the roster with the pair
//!    added (and, when only overlaps stand in the way, the overlapping shifts dropped).
//! 4. The reason: `improvable` when some `Δ(c) < 0` (the roster is not optimal); `cost`
//!    when some clinician is free (no rule broken) but `Δ(c) ≥ 0` — pay, travel and the
//!    rest outweigh the penalty; `busy` when everyone is stopped only by overlaps and
//!    maximums (they work shifts whose loss would cost more — named, with `Δ`); `rule`
//!    when some are stopped by another rule (rest, weekends, runs of days, per kind,
//!    successions), which is named.
//!
//! The breakdown splits `score` exactly: per clinician the per-assignment terms (pay,
//! preference, travel, continuity), their fairness deviation and their dropped
//! `previous` pairs; per site the same per-assignment terms plus the unfilled and
//! over-staffing penalties of its shifts. `Σ clinicians.total + Σ sites.(unfilled+over)
//! = score.total`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::residual::{Pricing, Residual};
use super::{assignments_of, pricing_note, resolve_roster};
use crate::error::Result;
use crate::evaluate::{
    BlockingPair, Breach, PatternWarning, RuleSet, Score, check_rules, evaluate, patterns,
    stability,
};
use crate::index::{ClinicianIdx, Index, Ineligible, ShiftIdx, human_date, list_ids};
use crate::model::{Assignment, Problem};
use crate::rule::Rule;

/// How many of the role's holders fail each eligibility condition (the first they fail).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityCounts {
    /// Lacking a required skill, per skill.
    pub skill: BTreeMap<String, usize>,
    /// Not available for the whole shift, or unavailable during it.
    pub unavailable: usize,
    /// The site is in their `excluded_sites`, or they are in the shift's
    /// `excluded_clinicians`.
    pub excluded: usize,
    /// Paid more per hour than the shift's `max_rate_per_hour`.
    pub rate_cap: usize,
    /// Living further than their `max_travel_km`.
    pub too_far: usize,
    /// Holding a required skill, but not on the shift's day (a credential expired or not
    /// yet valid), per skill.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lapsed: BTreeMap<String, usize>,
    /// For up to three of those, what ended or starts when (`GP007's indemnity ends on
    /// 9 Dec 2026`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lapsed_detail: Vec<String>,
}

/// What stops one eligible clinician from covering an unfilled shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blocker {
    /// The clinician's id.
    pub clinician: String,
    /// `busy` (overlaps and maximums), `rule` (another rule), `cost` (free, but covering
    /// costs more than the penalty saved) or `improvable` (covering would lower the
    /// objective).
    pub kind: String,
    /// The rules their shifts plus this one would break.
    pub rules: Vec<Breach>,
    /// Shifts they would have to give up.
    pub busy_on: Vec<String>,
    /// Objective change of the cheapest roster with them on the shift; `null` when it
    /// was not priced (a rule other than an overlap stands in the way and the problem
    /// is not priced exactly) or no such roster exists.
    pub delta: Option<f64>,
    /// The moves of that roster: pairs added (this one first) and removed.
    pub added: Vec<Assignment>,
    /// Pairs removed.
    pub removed: Vec<Assignment>,
}

/// Why one shift is unfilled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftExplanation {
    /// The shift's id.
    pub shift: String,
    /// Clinicians missing.
    pub missing: u32,
    /// Penalty per missing clinician.
    pub penalty: f64,
    /// `no_role`, `none_eligible`, `busy`, `rule`, `cost` or `improvable`.
    pub reason: String,
    /// The reason as a sentence.
    pub message: String,
    /// Clinicians holding the shift's role.
    pub role_holders: usize,
    /// Of those, how many fail which eligibility condition.
    pub ineligible: EligibilityCounts,
    /// Eligible clinicians (including any already on the shift).
    pub eligible: usize,
    /// Eligible clinicians not on the shift, cheapest first (at most 10).
    pub blockers: Vec<Blocker>,
}

/// One clinician's share of the objective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClinicianBreakdown {
    /// The clinician's id.
    pub id: String,
    /// Shifts worked.
    pub shifts: u32,
    /// Hours worked.
    pub hours: f64,
    /// Weighted pay.
    pub cost: f64,
    /// Weighted preferences met (negative is good).
    pub preference: f64,
    /// Weighted travel.
    pub travel: f64,
    /// Weighted continuity (negative is good).
    pub continuity: f64,
    /// Weighted deviation from their target.
    pub fairness: f64,
    /// `target_shifts`, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<i64>,
    /// Weighted `previous` pairs of theirs not kept.
    pub change: f64,
    /// Weighted repeats of their fixed weekly patterns (revision 1.1; absent when zero).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pattern: f64,
    /// The sum.
    pub total: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_zero_count(n: &usize) -> bool {
    *n == 0
}

/// One site's share of the objective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteBreakdown {
    /// The site's id.
    pub id: String,
    /// Clinicians needed (Σ headcount).
    pub needed: u32,
    /// Places filled (Σ min(assigned, headcount)).
    pub filled: u32,
    /// Penalty of missing clinicians.
    pub unfilled: f64,
    /// Penalty of clinicians beyond the headcount.
    pub over: f64,
    /// Weighted pay.
    pub cost: f64,
    /// Weighted preferences met.
    pub preference: f64,
    /// Weighted travel.
    pub travel: f64,
    /// Weighted continuity.
    pub continuity: f64,
    /// Weighted `previous` pairs at this site not kept.
    pub change: f64,
    /// The sum (fairness is a clinician's, not a site's).
    pub total: f64,
}

/// The answer of [`explain`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The roster's objective.
    pub objective: f64,
    /// The objective term by term.
    pub score: Score,
    /// How the clinicians' costs were priced: `residual` (exact), `direct`, or `none`
    /// when no shift is unfilled.
    pub pricing: String,
    /// Why pricing is `direct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Hard rules the roster itself breaks (empty for a solver's roster).
    pub breaches: Vec<Breach>,
    /// Every unfilled shift, costliest first.
    pub unfilled: Vec<ShiftExplanation>,
    /// Every clinician's share, by id.
    pub clinicians: Vec<ClinicianBreakdown>,
    /// Every site's share, by id.
    pub sites: Vec<SiteBreakdown>,
    /// Clinicians booked at one site, weekday and kind in `solver.pattern_weeks` or more
    /// consecutive calendar weeks (revision 1.1, `docs/patterns.md`); absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<PatternWarning>,
    /// The roster's blocking pairs (`docs/stability.md`), at most
    /// [`crate::BLOCKING_PAIRS_SHOWN`]; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocking_pairs: Vec<BlockingPair>,
    /// How many blocking pairs there are in all; absent when none.
    #[serde(default, skip_serializing_if = "is_zero_count")]
    pub blocking_pair_count: usize,
}

/// How many blockers each shift lists.
const BLOCKERS_SHOWN: usize = 10;

/// Explain a roster: why each unfilled shift is unfilled, and the objective per term,
/// per clinician and per site.
///
/// # Arguments
/// `problem` and the roster's `assignments` (any list of pairs; a solver's roster or an
/// edited one).
///
/// # Returns
/// An [`Explanation`]; its `pricing` is `residual` (exact objective changes) when the
/// problem is flow-representable and the roster optimal, else `direct`.
///
/// # Errors
/// [`crate::Error::Invalid`] for an invalid problem or assignments naming unknown ids.
///
/// # Complexity
/// One flow solve, then one Dijkstra (`O(m log n)`) per unfilled shift, in parallel, and
/// the rule checks of each eligible clinician's shifts.
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "skills": []}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp", "skills": ["coil_fitting"],
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#)?;
/// let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
/// let e = rotaflow::explain(&problem, &roster.assignments)?;
/// assert_eq!(e.unfilled[0].reason, "none_eligible");
/// assert_eq!(e.unfilled[0].ineligible.skill["coil_fitting"], 1);
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn explain(problem: &Problem, roster: &[Assignment]) -> Result<Explanation> {
    Index::build(problem)?.explain(roster)
}

impl Index<'_> {
    /// [`explain`] on a validated problem.
    ///
    /// # Errors
    /// As the function of the same name, but the problem is not validated again.
    pub fn explain(&self, roster: &[Assignment]) -> Result<Explanation> {
        let index = self;
        let pairs = resolve_roster(index, roster)?;
        let eval = evaluate(index, roster);
        let pricing = if eval.unfilled.is_empty() {
            None
        } else {
            Some(Residual::for_roster(index, &pairs)?)
        };
        let exact = match &pricing {
            Some(Pricing::Exact(r)) => Some(&**r),
            _ => None,
        };
        let note = match &pricing {
            Some(
                p @ (Pricing::Inexact(_) | Pricing::NotRepresentable(_) | Pricing::Infeasible),
            ) => Some(pricing_note(p)),
            _ => None,
        };
        let current = eval.score.total;
        let mut unfilled: Vec<ShiftExplanation> = eval
            .unfilled
            .par_iter()
            .map(|u| {
                let s = index.shift_idx(&u.shift).unwrap_or(ShiftIdx(0));
                explain_shift(index, &pairs, exact, s, u.missing)
            })
            .collect();
        unfilled.sort_by(|a, b| {
            (b.penalty * f64::from(b.missing))
                .total_cmp(&(a.penalty * f64::from(a.missing)))
                .then_with(|| a.shift.cmp(&b.shift))
        });
        let (clinicians, sites) = breakdown(index, &pairs);
        let patterns = patterns::warnings(index, &pairs, index.history());
        let (blocking_pairs, blocking_pair_count) = stability::blocking_pairs(index, &pairs);
        Ok(Explanation {
            objective: current,
            score: eval.score,
            pricing: if pricing.is_none() {
                "none"
            } else if exact.is_some() {
                "residual"
            } else {
                "direct"
            }
            .to_owned(),
            note,
            breaches: eval.breaches,
            unfilled,
            clinicians,
            sites,
            patterns,
            blocking_pairs,
            blocking_pair_count,
        })
    }
}

fn money(x: f64) -> String {
    format!("{x:.2}")
}

fn explain_shift(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    exact: Option<&Residual>,
    s: ShiftIdx,
    missing: u32,
) -> ShiftExplanation {
    let p = index.problem();
    let shift = &p.shifts[s.index()];
    let facts = index.shift(s);
    let mut counts = EligibilityCounts::default();
    let mut holders = 0;
    for c in index.clinician_indices() {
        if !p.clinicians[c.index()].roles.contains(&shift.role) {
            continue;
        }
        holders += 1;
        match index.ineligibility(c, s) {
            None | Some(Ineligible::Role) => {}
            Some(Ineligible::Skill(k)) => *counts.skill.entry(k).or_default() += 1,
            Some(Ineligible::SkillNotValid {
                skill,
                from,
                until,
                day,
            }) => {
                if counts.lapsed_detail.len() < 3 {
                    let who = &p.clinicians[c.index()].id;
                    let (what, when) = match (until, from) {
                        (Some(u), _) => ("ends", u),
                        (None, Some(f)) => ("starts", f),
                        (None, None) => ("ends", day),
                    };
                    counts
                        .lapsed_detail
                        .push(format!("{who}'s {skill} {what} on {}", human_date(when)));
                }
                *counts.lapsed.entry(skill).or_default() += 1;
            }
            Some(Ineligible::NotAvailable | Ineligible::Unavailable) => counts.unavailable += 1,
            Some(Ineligible::ExcludedSite | Ineligible::ExcludedClinician) => counts.excluded += 1,
            Some(Ineligible::RateAboveCap { .. }) => counts.rate_cap += 1,
            Some(Ineligible::TooFar { .. }) => counts.too_far += 1,
        }
    }
    let eligible = index.eligible_for_shift(s);
    let on_shift: Vec<ClinicianIdx> = pairs
        .iter()
        .filter(|(x, _)| *x == s)
        .map(|&(_, c)| c)
        .collect();
    let candidates: Vec<ClinicianIdx> = eligible
        .iter()
        .copied()
        .filter(|c| !on_shift.contains(c))
        .collect();
    let tree = exact.map(|r| {
        let targets: Vec<crate::mcf::NodeId> = candidates
            .iter()
            .filter_map(|&c| r.pair_arc(s, c))
            .map(|a| r.model.network.tail(a))
            .collect();
        r.dijkstra_until(r.model.shift_nodes[s.index()], false, &targets)
    });
    let mut blockers: Vec<Blocker> = candidates
        .iter()
        .map(|&c| blocker(index, pairs, exact, tree.as_ref(), s, c))
        .collect();
    blockers.sort_by(|a, b| {
        let key = |x: &Blocker| x.delta.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.clinician.cmp(&b.clinician))
    });

    let role = &shift.role;
    let (reason, message) = if holders == 0 {
        (
            "no_role",
            format!("nobody in the pool holds the role `{role}`"),
        )
    } else if candidates.is_empty() {
        let mut parts = Vec::new();
        for (k, n) in &counts.skill {
            parts.push(format!("{n} lack{} `{k}`", if *n == 1 { "s" } else { "" }));
        }
        for (k, n) in &counts.lapsed {
            parts.push(format!(
                "{n} hold{} `{k}` but not on the day",
                if *n == 1 { "s" } else { "" }
            ));
        }
        for (n, what) in [
            (counts.unavailable, "unavailable"),
            (counts.too_far, "too far away"),
            (counts.rate_cap, "over the rate cap"),
            (counts.excluded, "excluded"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let already = if on_shift.is_empty() {
            String::new()
        } else {
            format!(
                "; the {} eligible already work{} it",
                on_shift.len(),
                if on_shift.len() == 1 { "s" } else { "" }
            )
        };
        (
            "none_eligible",
            format!(
                "no one else may work it: of {holders} with the role `{role}`, {}{already}{}",
                if parts.is_empty() {
                    "none is ineligible".to_owned()
                } else {
                    parts.join(", ")
                },
                if counts.lapsed_detail.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({}; the session is on {})",
                        counts.lapsed_detail.join(", "),
                        human_date(index.days()[facts.day as usize])
                    )
                }
            ),
        )
    } else if let Some(b) = blockers
        .iter()
        .find(|b| b.kind == "improvable")
        .or_else(|| blockers.iter().find(|b| b.kind == "cost"))
    {
        if b.kind == "improvable" {
            (
                "improvable",
                format!(
                    "{} could cover it and lower the objective by {}: the roster is not optimal",
                    b.clinician,
                    money(-b.delta.unwrap_or(0.0))
                ),
            )
        } else {
            let free = blockers.iter().filter(|b| b.kind == "cost").count();
            (
                "cost",
                format!(
                    "{free} eligible clinician{} free, but covering it costs more than its \
                     penalty of {}: the cheapest, {}, would raise the objective by {}",
                    if free == 1 { " is" } else { "s are" },
                    money(facts.unfilled_penalty),
                    b.clinician,
                    b.delta.map(money).unwrap_or_else(|| "?".to_owned())
                ),
            )
        }
    } else {
        let busy: Vec<&Blocker> = blockers.iter().filter(|b| b.kind == "busy").collect();
        let ruled: Vec<&Blocker> = blockers.iter().filter(|b| b.kind == "rule").collect();
        let name_busy = |list: &[&Blocker]| -> String {
            let shown: Vec<String> = list
                .iter()
                .take(3)
                .map(|b| {
                    let on = if b.busy_on.is_empty() {
                        String::new()
                    } else {
                        format!(" from {}", b.busy_on.join(", "))
                    };
                    match b.delta {
                        Some(d) => format!("{}{on} (+{})", b.clinician, money(d)),
                        None => format!("{}{on}", b.clinician),
                    }
                })
                .collect();
            let more = list.len().saturating_sub(3);
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        if ruled.is_empty() {
            (
                "busy",
                format!(
                    "every eligible clinician ({}) is busy on shifts whose loss would cost more; \
                     the cheapest moves: {}",
                    busy.len(),
                    name_busy(&busy)
                ),
            )
        } else {
            let mut by_rule: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for b in &ruled {
                for r in &b.rules {
                    if !r.rule.is_capacity() {
                        let v = by_rule.entry(r.rule.as_str()).or_default();
                        if !v.contains(&b.clinician.as_str()) {
                            v.push(&b.clinician);
                        }
                    }
                }
            }
            let rules: Vec<String> = by_rule
                .iter()
                .map(|(rule, who)| format!("{rule} stops {}", list_ids(who)))
                .collect();
            let busy_part = if busy.is_empty() {
                String::new()
            } else {
                format!("; {} busy: {}", busy.len(), name_busy(&busy))
            };
            (
                "rule",
                format!(
                    "every eligible clinician is stopped: {}{busy_part}",
                    rules.join("; ")
                ),
            )
        }
    };
    blockers.truncate(BLOCKERS_SHOWN);
    ShiftExplanation {
        shift: shift.id.clone(),
        missing,
        penalty: facts.unfilled_penalty,
        reason: reason.to_owned(),
        message,
        role_holders: holders,
        ineligible: counts,
        eligible: eligible.len(),
        blockers,
    }
}

fn blocker(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    exact: Option<&Residual>,
    tree: Option<&super::residual::Paths>,
    s: ShiftIdx,
    c: ClinicianIdx,
) -> Blocker {
    let p = index.problem();
    let cid = p.clinicians[c.index()].id.clone();
    let sid = |x: ShiftIdx| p.shifts[x.index()].id.clone();
    let mut mine: Vec<(ShiftIdx, ClinicianIdx)> =
        pairs.iter().copied().filter(|&(_, x)| x == c).collect();
    mine.push((s, c));
    mine.sort();
    let rules: Vec<Breach> = rules_for(index, &mine, c)
        .into_iter()
        .filter(|r| r.pairs.contains(&(s, c)) && r.breach.clinician.as_deref() == Some(&cid))
        .map(|r| r.breach)
        .collect();
    let (delta, added, removed) = match (exact, tree) {
        (Some(r), Some(tree)) => match r.force(s, c, tree) {
            Some(f) => (
                Some(f.scaled as f64 / r.model.scale + 0.0),
                f.added,
                f.removed,
            ),
            None => (None, Vec::new(), Vec::new()),
        },
        _ => direct(index, pairs, s, c, &rules),
    };
    let busy_on: Vec<String> = if exact.is_some() {
        removed
            .iter()
            .filter(|(_, x)| *x == c)
            .map(|&(x, _)| sid(x))
            .collect()
    } else {
        removed.iter().map(|&(x, _)| sid(x)).collect()
    };
    let kind = if rules.iter().any(|r| !r.rule.is_capacity()) {
        "rule"
    } else if !rules.is_empty() {
        "busy"
    } else if delta.is_some_and(|d| d < -1e-9) {
        "improvable"
    } else {
        "cost"
    };
    Blocker {
        clinician: cid,
        kind: kind.to_owned(),
        rules,
        busy_on,
        delta,
        added: assignments_of_ordered(index, &added),
        removed: assignments_of(index, &removed),
    }
}

/// Assignments in the given order (the forced pair stays first).
fn assignments_of_ordered(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
) -> Vec<Assignment> {
    let p = index.problem();
    pairs
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect()
}

/// Price directly: the pair added, the shifts it overlaps dropped, the objective change
/// summed term by term; only when no rule other than an overlap stands in the way and
/// the clinician breaks no rule after the swap.
type Priced = (
    Option<f64>,
    Vec<(ShiftIdx, ClinicianIdx)>,
    Vec<(ShiftIdx, ClinicianIdx)>,
);

fn direct(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    s: ShiftIdx,
    c: ClinicianIdx,
    rules: &[Breach],
) -> Priced {
    if rules.iter().any(|r| r.rule != Rule::Overlap) {
        return (None, vec![(s, c)], Vec::new());
    }
    let sid = &index.problem().shifts[s.index()].id;
    let removed: Vec<(ShiftIdx, ClinicianIdx)> = rules
        .iter()
        .flat_map(|r| r.shifts.iter())
        .filter(|x| *x != sid)
        .filter_map(|x| index.shift_idx(x))
        .map(|x| (x, c))
        .collect();
    let mut mine: Vec<(ShiftIdx, ClinicianIdx)> = pairs
        .iter()
        .copied()
        .filter(|&(x, y)| y == c && !removed.contains(&(x, y)))
        .collect();
    mine.push((s, c));
    mine.sort();
    if rules_for(index, &mine, c).iter().any(|r| {
        r.breach.clinician.as_deref() == Some(index.problem().clinicians[c.index()].id.as_str())
    }) {
        return (None, vec![(s, c)], removed);
    }
    let delta = local_delta(index, pairs, &[(s, c)], &removed);
    (Some(delta), vec![(s, c)], removed)
}

/// The rules `c`'s shifts `mine` break: those a subset keeps (overlap, maxima), plus the
/// minimum runs when `c` has them (the only minimums one more shift can break).
fn rules_for(
    index: &Index<'_>,
    mine: &[(ShiftIdx, ClinicianIdx)],
    c: ClinicianIdx,
) -> Vec<crate::evaluate::RuleBreach> {
    let limits = &index.problem().clinicians[c.index()].limits;
    let set = if limits.min_consecutive_days.is_some() || limits.min_consecutive_days_off.is_some()
    {
        RuleSet::All
    } else {
        RuleSet::Monotone
    };
    check_rules(index, mine, set)
}

/// The objective change of adding and removing pairs, term by term as the evaluator
/// defines them (only the shifts and clinicians touched change).
fn local_delta(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    added: &[(ShiftIdx, ClinicianIdx)],
    removed: &[(ShiftIdx, ClinicianIdx)],
) -> f64 {
    let w = &index.problem().weights;
    let mut count: BTreeMap<ShiftIdx, i64> = BTreeMap::new();
    let mut worked: BTreeMap<ClinicianIdx, i64> = BTreeMap::new();
    for &(s, c) in added.iter().chain(removed) {
        count.entry(s).or_insert(0);
        worked.entry(c).or_insert(0);
    }
    for &(s, c) in pairs {
        if let Some(n) = count.get_mut(&s) {
            *n += 1;
        }
        if let Some(n) = worked.get_mut(&c) {
            *n += 1;
        }
    }
    let staffing = |s: ShiftIdx, n: i64| {
        let f = index.shift(s);
        let h = i64::from(f.headcount);
        f.unfilled_penalty * (h - n).max(0) as f64
            + f.over_penalty.unwrap_or(0.0) * (n - h).max(0) as f64
    };
    let fairness = |c: ClinicianIdx, n: i64| {
        index.problem().clinicians[c.index()]
            .target_shifts
            .map_or(0.0, |t| w.fairness * (n - t).abs() as f64)
    };
    let previous = |x: &(ShiftIdx, ClinicianIdx)| index.previous().contains(x);
    let mut delta = 0.0;
    let mut new_count = count.clone();
    let mut new_worked = worked.clone();
    for x in added {
        delta += index.pair_terms(x.1, x.0).assignment_cost(w);
        if previous(x) {
            delta -= w.change;
        }
        *new_count.entry(x.0).or_insert(0) += 1;
        *new_worked.entry(x.1).or_insert(0) += 1;
    }
    for x in removed {
        delta -= index.pair_terms(x.1, x.0).assignment_cost(w);
        if previous(x) {
            delta += w.change;
        }
        *new_count.entry(x.0).or_insert(0) -= 1;
        *new_worked.entry(x.1).or_insert(0) -= 1;
    }
    for (&s, &n) in &count {
        delta += staffing(s, new_count[&s]) - staffing(s, n);
    }
    for (&c, &n) in &worked {
        delta += fairness(c, new_worked[&c]) - fairness(c, n);
    }
    if w.pattern != 0.0 {
        // The touched clinicians' runs of weekly patterns, before and after.
        let before: Vec<(ShiftIdx, ClinicianIdx)> = pairs
            .iter()
            .copied()
            .filter(|x| worked.contains_key(&x.1))
            .collect();
        let mut after: Vec<(ShiftIdx, ClinicianIdx)> = before
            .iter()
            .copied()
            .filter(|x| !removed.contains(x))
            .chain(added.iter().copied())
            .collect();
        after.sort();
        after.dedup();
        let repeats = |list: &[(ShiftIdx, ClinicianIdx)]| -> f64 {
            f64::from(
                patterns::repeats_by_clinician(index, list)
                    .iter()
                    .sum::<u32>(),
            )
        };
        delta += w.pattern * (repeats(&after) - repeats(&before));
    }
    delta + 0.0
}

fn breakdown(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
) -> (Vec<ClinicianBreakdown>, Vec<SiteBreakdown>) {
    let p = index.problem();
    let w = &p.weights;
    let mut cl: Vec<ClinicianBreakdown> = p
        .clinicians
        .iter()
        .map(|c| ClinicianBreakdown {
            id: c.id.clone(),
            target: c.target_shifts,
            ..Default::default()
        })
        .collect();
    let mut st: Vec<SiteBreakdown> = p
        .sites
        .iter()
        .map(|x| SiteBreakdown {
            id: x.id.clone(),
            ..Default::default()
        })
        .collect();
    let mut assigned = vec![0u32; index.shift_count()];
    for &(s, c) in pairs {
        assigned[s.index()] += 1;
        let facts = index.shift(s);
        let terms = index.pair_terms(c, s);
        let pay = w.cost * terms.pay;
        let pref = -w.preference * terms.preference;
        let travel = w.travel_per_km * terms.km.unwrap_or(0.0);
        let cont = if terms.preferred { -w.continuity } else { 0.0 };
        let b = &mut cl[c.index()];
        b.shifts += 1;
        b.hours += facts.hours;
        b.cost += pay;
        b.preference += pref;
        b.travel += travel;
        b.continuity += cont;
        let site = &mut st[facts.site.index()];
        site.cost += pay;
        site.preference += pref;
        site.travel += travel;
        site.continuity += cont;
    }
    for (i, facts) in index.shifts().iter().enumerate() {
        let site = &mut st[facts.site.index()];
        let n = assigned[i];
        site.needed += facts.headcount;
        site.filled += n.min(facts.headcount);
        if n < facts.headcount {
            site.unfilled += facts.unfilled_penalty * f64::from(facts.headcount - n);
        } else if n > facts.headcount {
            site.over += facts.over_penalty.unwrap_or(0.0) * f64::from(n - facts.headcount);
        }
    }
    for &(s, c) in index.previous() {
        if pairs.binary_search(&(s, c)).is_err() {
            cl[c.index()].change += w.change;
            st[index.shift(s).site.index()].change += w.change;
        }
    }
    let repeats = if w.pattern != 0.0 {
        patterns::repeats_by_clinician(index, pairs)
    } else {
        vec![0; cl.len()]
    };
    for (b, &r) in cl.iter_mut().zip(&repeats) {
        if let Some(t) = b.target {
            b.fairness = w.fairness * (i64::from(b.shifts) - t).abs() as f64;
        }
        b.pattern = w.pattern * f64::from(r) + 0.0;
        b.total = b.cost
            + b.preference
            + b.travel
            + b.continuity
            + b.fairness
            + b.change
            + b.pattern
            + 0.0;
    }
    for x in &mut st {
        x.total =
            x.unfilled + x.over + x.cost + x.preference + x.travel + x.continuity + x.change + 0.0;
    }
    cl.sort_by(|a, b| a.id.cmp(&b.id));
    st.sort_by(|a, b| a.id.cmp(&b.id));
    (cl, st)
}
