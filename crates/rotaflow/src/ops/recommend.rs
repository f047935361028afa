//! Recommend: who should cover a shift, ranked by what it costs the whole roster.
//!
//! # Formulation
//!
//! For a shift `s` and each eligible clinician `c` not already on it,
//! `Δ(c) = min { objective(R') : R' a feasible roster containing (s, c) } − objective(R)`,
//! where `R` is the given roster. The best `R'` may move other clinicians (the knock-on
//! moves); they are reported as the pairs added and removed.
//!
//! * **Exact, from the residual network** when the problem is flow-representable and `R`
//!   is optimal: `Δ(c) = c_π(a_cs) + d_π(s → tail(a_cs))` (see [`super::residual`]), one
//!   Dijkstra for all candidates. `O(m log n)` for the shift, `m` arcs and `n` nodes.
//! * **By re-solving** with the pair pinned otherwise (a MIP problem, or a roster that is
//!   not optimal — then `Δ` also contains every improvement the re-solve finds), one solve
//!   per candidate within the solver's time limit.

use serde::{Deserialize, Serialize};

use super::residual::{Pricing, Residual};
use super::{assignments_of, resolve_roster, shift_of};
use crate::error::{Error, Result};
use crate::evaluate::evaluate;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::SolveOptions;
use crate::model::{Assignment, Problem};
use crate::roster::Status;
use crate::solve::solve;

/// One clinician who could cover the shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The clinician's id.
    pub clinician: String,
    /// Change in the objective if they cover the shift, with the knock-on moves; `null`
    /// when no feasible roster has them on it.
    pub delta: Option<f64>,
    /// The objective of that roster.
    pub objective: Option<f64>,
    /// Pairs the change assigns (the recommended one first).
    pub added: Vec<Assignment>,
    /// Pairs it unassigns.
    pub removed: Vec<Assignment>,
    /// Why they cannot cover it, when `delta` is `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer of [`recommend`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The shift's id.
    pub shift: String,
    /// `residual` (exact, from the optimal potentials) or `resolve` (a solve per
    /// candidate with the pair pinned).
    pub method: String,
    /// Why `resolve` was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The objective of the roster given.
    pub objective: f64,
    /// Clinicians already on the shift.
    pub assigned: Vec<String>,
    /// How many eligible clinicians were ranked.
    pub considered: usize,
    /// The best `k`, by `delta` then id (those who cannot cover it last).
    pub candidates: Vec<Candidate>,
}

/// Rank the eligible clinicians for `shift` by the change in the whole roster's
/// objective if each covered it (with the knock-on moves that implies).
///
/// # Arguments
/// * `problem` — the problem the roster was solved for;
/// * `roster` — its assignments (a [`crate::Roster`]'s `assignments`, or any list);
/// * `shift` — the shift's id;
/// * `k` — how many candidates to return (all when `k` is 0).
///
/// # Returns
/// A [`Recommendation`]. Exact from the residual network when the problem is
/// flow-representable and the roster optimal (method `residual`); otherwise every
/// candidate is re-solved with the pair pinned (method `resolve`, through [`solve`] with
/// default options; see [`recommend_with`]).
///
/// # Errors
/// [`Error::Invalid`] for an invalid problem, an unknown shift or assignments naming
/// unknown ids; the errors of [`solve`] when re-solving.
///
/// # Complexity
/// `residual`: one flow solve plus one Dijkstra, `O(m log n)`; `resolve`: one solve per
/// eligible clinician.
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
///                  {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#)?;
/// let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
/// let r = rotaflow::recommend(&problem, &roster.assignments, "S1", 3)?;
/// assert_eq!(r.assigned, ["B"]);
/// // A instead of B: 4 h at 100 instead of 90.
/// assert_eq!(r.candidates[0].clinician, "A");
/// assert!((r.candidates[0].delta.unwrap() - 40.0).abs() < 1e-6);
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn recommend(
    problem: &Problem,
    roster: &[Assignment],
    shift: &str,
    k: usize,
) -> Result<Recommendation> {
    recommend_with(problem, roster, shift, k, &SolveOptions::new())
}

/// [`recommend`] with the options used when candidates must be re-solved.
///
/// # Errors
/// As [`recommend`].
pub fn recommend_with(
    problem: &Problem,
    roster: &[Assignment],
    shift: &str,
    k: usize,
    options: &SolveOptions,
) -> Result<Recommendation> {
    Index::build(problem)?.recommend(roster, shift, k, options)
}

impl Index<'_> {
    /// [`recommend_with`] on a validated problem.
    ///
    /// # Errors
    /// As the function of the same name, but the problem is not validated again.
    pub fn recommend(
        &self,
        roster: &[Assignment],
        shift: &str,
        k: usize,
        options: &SolveOptions,
    ) -> Result<Recommendation> {
        let index = self;
        let s = shift_of(index, shift)?;
        let pairs = resolve_roster(index, roster)?;
        let current = evaluate(index, roster).score.total;
        let p = index.problem();
        let assigned: Vec<ClinicianIdx> = pairs
            .iter()
            .filter(|(x, _)| *x == s)
            .map(|&(_, c)| c)
            .collect();
        let eligible: Vec<ClinicianIdx> = index
            .eligible_for_shift(s)
            .iter()
            .copied()
            .filter(|c| !assigned.contains(c))
            .collect();
        let pricing = Residual::for_roster(index, &pairs)?;
        let (method, note, mut candidates) = match &pricing {
            Pricing::Exact(r) => ("residual", None, by_residual(index, r, s, &eligible)),
            other => (
                "resolve",
                Some(super::pricing_note(other)),
                by_resolving(index, roster, s, &eligible, current, options)?,
            ),
        };
        candidates.sort_by(|a, b| match (a.delta, b.delta) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.clinician.cmp(&b.clinician)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.clinician.cmp(&b.clinician),
        });
        let considered = candidates.len();
        if k > 0 {
            candidates.truncate(k);
        }
        if method == "residual" {
            // Re-score the shown candidates' rosters with the evaluator.
            for c in &mut candidates {
                if c.delta.is_some() {
                    let mut next: Vec<Assignment> = roster
                        .iter()
                        .filter(|a| !c.removed.contains(a))
                        .cloned()
                        .collect();
                    next.extend(c.added.iter().cloned());
                    let objective = evaluate(index, &next).score.total;
                    c.objective = Some(objective);
                    c.delta = Some(objective - current);
                }
            }
        }
        Ok(Recommendation {
            shift: shift.to_owned(),
            method: method.to_owned(),
            note,
            objective: current,
            assigned: assigned
                .iter()
                .map(|c| p.clinicians[c.index()].id.clone())
                .collect(),
            considered,
            candidates,
        })
    }
}

/// The candidates of one shift from its residual tree, `delta` from the scaled flow
/// costs (the caller re-scores the ones it shows).
pub(crate) fn by_residual(
    index: &Index<'_>,
    r: &Residual,
    s: ShiftIdx,
    eligible: &[ClinicianIdx],
) -> Vec<Candidate> {
    let p = index.problem();
    let targets: Vec<crate::mcf::NodeId> = eligible
        .iter()
        .filter_map(|&c| r.pair_arc(s, c))
        .map(|a| r.model.network.tail(a))
        .collect();
    let tree = r.dijkstra_until(r.model.shift_nodes[s.index()], false, &targets);
    eligible
        .iter()
        .map(|&c| {
            let cid = p.clinicians[c.index()].id.clone();
            match r.force(s, c, &tree) {
                Some(f) => Candidate {
                    clinician: cid,
                    delta: Some(f.scaled as f64 / r.model.scale + 0.0),
                    objective: None,
                    added: ordered(index, &f.added),
                    removed: assignments_of(index, &f.removed),
                    reason: None,
                },
                None => Candidate {
                    clinician: cid,
                    delta: None,
                    objective: None,
                    added: Vec::new(),
                    removed: Vec::new(),
                    reason: Some(
                        "no feasible roster has them on this shift (pins and minimums leave \
                         no room)"
                            .to_owned(),
                    ),
                },
            }
        })
        .collect()
}

/// Pairs as assignments, in the given order (the forced pair stays first).
fn ordered(index: &Index<'_>, pairs: &[(ShiftIdx, ClinicianIdx)]) -> Vec<Assignment> {
    let p = index.problem();
    pairs
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect()
}

fn by_resolving(
    index: &Index<'_>,
    roster: &[Assignment],
    s: ShiftIdx,
    eligible: &[ClinicianIdx],
    current: f64,
    options: &SolveOptions,
) -> Result<Vec<Candidate>> {
    let p = index.problem();
    let sid = &p.shifts[s.index()].id;
    let mut out = Vec::with_capacity(eligible.len());
    for &c in eligible {
        let cid = p.clinicians[c.index()].id.clone();
        let mut pinned = p.clone();
        pinned.pinned.push(Assignment::new(sid, &cid));
        let impossible = |why: String| Candidate {
            clinician: cid.clone(),
            delta: None,
            objective: None,
            added: Vec::new(),
            removed: Vec::new(),
            reason: Some(why),
        };
        match solve(&pinned, options) {
            Ok(new) if matches!(new.status, Status::Optimal | Status::Feasible) => {
                let objective = new.objective.unwrap_or(f64::NAN);
                let (mut added, removed) = super::diff_pairs(roster, &new.assignments);
                if let Some(i) = added
                    .iter()
                    .position(|a| a.clinician == cid && a.shift == *sid)
                {
                    let first = added.remove(i);
                    added.insert(0, first);
                }
                out.push(Candidate {
                    clinician: cid.clone(),
                    delta: Some(objective - current),
                    objective: Some(objective),
                    added,
                    removed,
                    reason: None,
                });
            }
            Ok(new) => out.push(impossible(new.reason.unwrap_or_else(|| {
                format!("no roster found with {cid} on {sid} ({})", new.status)
            }))),
            Err(Error::Invalid(issues)) => out.push(impossible(
                issues
                    .first()
                    .map(|i| i.message.clone())
                    .unwrap_or_default(),
            )),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}
