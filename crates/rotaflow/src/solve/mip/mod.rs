//! The `mip` solver: every rule of `DESIGN.md` as a mixed-integer program, built with
//! good_lp and solved by HiGHS.
//!
//! # Formulation
//!
//! Indices: clinicians `c`, shifts `s`, horizon days `d = 0..H`, weekends `k`, calendar
//! weeks `W`. `E` is the
//! set of eligible pairs (`Index::is_eligible`); only eligible pairs get a variable, so
//! eligibility (role, skills, availability, exclusions, rate cap, travel) is enforced by
//! construction. `S(c)` is `c`'s eligible shifts, `S(c, d)` those on day `d`, `S(c, W)`
//! those starting on a day of week `W`.
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
//! per week    Σ_{s∈S(c,W)} x[c,s] ≤ per_week.max_shifts     every calendar week W (Monday–Sunday
//!             Σ_{s∈S(c,W)} (len_s/g)·x[c,s] ≤ ⌊…max_hours⌋  in the zone; revision 1.1)
//!             Σ_{s∈S(c,W)} x[c,s] ≥ per_week.min_shifts     only W wholly inside the horizon
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
//! pattern     x[c,s] ≤ y[g,k];  Σ_{j<N} y[g,a+j] − z[g,a] ≤ N − 1, z at w.pattern
//!                                                           (only when w.pattern > 0; [`pattern`])
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
//! another solve. The flow relaxation (the problem minus the rules a flow cannot express) is
//! solved first: its optimum is a valid lower bound, reported as the roster's `bound` when
//! HiGHS stops (time limit) before proving a better one. No starting roster is given to
//! HiGHS: with one, HiGHS 1.x reported the start itself as optimal on a small problem
//! whose optimum it then missed (`docs/schema.md`, decision 17).
//!
//! # Time limit
//!
//! The limit counts from the start of the call ([`Deadline`]): the relaxation, the
//! starting roster, building the model (checked before each clinician), loading it into
//! HiGHS (checked every few thousand rows) and the search all spend it, and HiGHS is given
//! only what is left. The relaxed roster, repaired ([`start`]), is the fallback: when the
//! time runs out before HiGHS finds a better roster (or before the search starts), the
//! answer is that roster, `feasible`, with the relaxation's bound; `no_solution` only when
//! no feasible roster is known.
//!
//! # Files
//!
//! [`model`] builds the variables and calls [`rows`] (one function per row family above,
//! named as here); [`highs`] is the only file that names HiGHS; [`diagnose`] explains an
//! infeasible problem; [`start`] repairs the relaxed roster into a feasible one.
//!
//! # Infeasibility
//!
//! Only minimums (`min_shifts`, `min_hours`, `min_consecutive_days`,
//! `min_consecutive_days_off`) and pins can make a problem infeasible (validation already
//! rejects pins that break a maximum between themselves). When HiGHS proves infeasibility,
//! [`diagnose`](diagnose::diagnose) finds who is to blame: first each clinician alone (their rules and pins
//! against the shifts), naming the rule; otherwise a deletion filter over the clinicians
//! whose minimums are enforced, which leaves a minimal set whose minimums cannot all be met
//! together.

mod diagnose;
mod highs;
mod model;
mod pattern;
mod rows;
mod start;

use super::Settings;
use super::backend::{Backend, Capability, Deadline, End, Outcome, Size};
use crate::error::Result;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::{Assignment, Method};
use highs::{Search, Status, run};
use model::{Mapping, Model, Scope, build};
use start::Start;

/// The MIP backend: every rule, on HiGHS.
pub(crate) struct MipBackend;

impl Backend for MipBackend {
    const METHOD: Method = Method::Mip;
    /// What the model covers; it is built in `solve`, after the relaxation, so that the
    /// time it takes is bounded by the deadline and a fallback roster is known first.
    type Model = Scope;

    /// Every problem can be written as this MIP.
    fn prepare(&self, index: &Index<'_>, _: &Settings) -> Result<Capability<Scope>> {
        Ok(Capability::Ready(Scope::all(index)))
    }

    fn solve(&self, index: &Index<'_>, scope: Scope, settings: &Settings) -> Result<Outcome> {
        let search = Search {
            mip_gap: settings.mip_gap,
            threads: settings.threads,
            seed: settings.seed,
        };
        let deadline = Deadline::of(settings);
        let relaxation = bounds_and_start(index, deadline)?;
        // What is known before HiGHS starts (it reports nothing until it ends).
        let known = |relaxation: &Relaxation| {
            settings.progress.update(
                crate::model::Method::Mip,
                relaxation.start.as_ref().map(|s| s.objective),
                relaxation.floor,
            );
        };
        known(&relaxation);
        let out_of_time = |size: Size| {
            Ok(fallback(
                &relaxation,
                size,
                settings.time_limit_s,
                "before the model was built",
            ))
        };
        if deadline.passed() {
            return out_of_time(Size::default());
        }
        let Some((model, mapping)) = build(index, &scope, deadline) else {
            return out_of_time(Size::default());
        };
        known(&relaxation);
        solve_mip(
            index,
            model,
            mapping,
            &search,
            deadline,
            settings.time_limit_s,
            &relaxation,
        )
    }
}

/// The MIP's greedy roster (topped up, else the pins alone) as pairs, when the evaluator
/// accepts it: decompose's start when its own greedy runs out of time.
pub(crate) fn greedy_pairs(index: &Index<'_>) -> Option<Vec<(ShiftIdx, ClinicianIdx)>> {
    start::greedy_pairs(index)
}

/// A lower bound on every roster without solving anything: each place on its own at its
/// cheapest ([`start::places_bound`]).
pub(crate) fn places_bound(index: &Index<'_>) -> Option<f64> {
    start::places_bound(index)
}

/// What [`reoptimise`] found.
pub(crate) struct Reoptimised {
    /// The pairs HiGHS chose, when it found a roster in time.
    pub(crate) pairs: Option<Vec<(ShiftIdx, ClinicianIdx)>>,
    /// Whether HiGHS proved them optimal (within the gap asked for).
    pub(crate) proven: bool,
    /// HiGHS's lower bound on the objective, constant included: a bound on every roster
    /// when no clinician's schedule was fixed.
    pub(crate) bound: f64,
}

/// Re-optimise `clinicians` with every other clinician's schedule fixed (`taken[s]`: the
/// places those schedules hold on shift `s`): the MIP over these clinicians alone, every
/// rule and the objective, until `deadline`. Pairs on shifts the fixed schedules fill are
/// left out of the model. Decompose's large-neighbourhood search calls this.
pub(crate) fn reoptimise(
    index: &Index<'_>,
    clinicians: Vec<ClinicianIdx>,
    taken: Vec<u32>,
    gap: f64,
    threads: Option<u32>,
    seed: u64,
    deadline: Deadline,
) -> Result<Reoptimised> {
    let scope = Scope {
        minimums: vec![true; index.clinician_count()],
        clinicians,
        objective: true,
        taken: Some(taken),
    };
    let Some((model, mapping)) = build(index, &scope, deadline) else {
        return Ok(Reoptimised {
            pairs: None,
            proven: false,
            bound: f64::NEG_INFINITY,
        });
    };
    let search = Search {
        mip_gap: gap,
        threads,
        seed,
    };
    let run = run(model, &search, deadline, false)?;
    let pairs: Option<Vec<(ShiftIdx, ClinicianIdx)>> = run.columns.map(|columns| {
        mapping
            .x
            .iter()
            .filter(|&&(_, _, col)| columns[col] > 0.5)
            .map(|&(s, c, _)| (s, c))
            .collect()
    });
    Ok(Reoptimised {
        proven: run.status == Status::Optimal && pairs.is_some(),
        pairs,
        bound: if run.bound.is_nan() {
            f64::NEG_INFINITY
        } else {
            mapping.constant + run.bound
        },
    })
}

/// What the MIP knows before its search: a bound and a feasible roster.
#[derive(Debug, Clone, Default)]
struct Relaxation {
    /// A lower bound on the optimum: the relaxation's optimum (less the flow's rounding),
    /// else the bound of each place on its own ([`start::places_bound`]).
    floor: Option<f64>,
    /// A feasible roster: the better of the greedy one and the relaxed one repaired, or
    /// the pins alone ([`start`]).
    start: Option<Start>,
}

/// Seconds of flow relaxation per eligible pair, measured on the 2,000-clinician rules
/// week of `benches/time_limits.sh` (about 8 s for 170,000 pairs on one core): the
/// relaxation cannot be interrupted, so it is solved only when at least this much time
/// per pair is left.
const RELAXATION_SECONDS_PER_PAIR: f64 = 5e-5;

/// The greedy roster and the places bound, then the flow relaxation's bound and repaired
/// roster when time allows (the better of each kept).
fn bounds_and_start(index: &Index<'_>, deadline: Deadline) -> Result<Relaxation> {
    let mut known = Relaxation {
        floor: start::places_bound(index),
        start: start::greedy_start(index),
    };
    let needed = RELAXATION_SECONDS_PER_PAIR * index.eligible_pair_count() as f64;
    if deadline.left() >= needed {
        let relaxed = relaxation(index)?;
        known.floor = match (known.floor, relaxed.floor) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        known.start = start::better(known.start, relaxed.start);
    }
    Ok(known)
}

/// Solve the flow relaxation ([`crate::solve::flow::solve_relaxed`]): its optimum is a
/// lower bound on the MIP's, reported when HiGHS stops before proving a better one, and
/// its roster, repaired ([`start::relaxed_start`]), the answer when HiGHS finds nothing better in
/// time.
///
/// The repaired roster is not passed to HiGHS as a start because HiGHS (1.x through
/// `Highs_setSolution`) then reported the start as optimal on a two-clinician problem
/// whose optimum it missed (see `docs/schema.md`).
fn relaxation(index: &Index<'_>) -> Result<Relaxation> {
    let Some(relaxed) = crate::solve::flow::solve_relaxed(index)? else {
        return Ok(Relaxation::default());
    };
    let total = relaxed_total(index, &relaxed);
    // The flow rounds costs to 10⁻⁶ per pair: its choice is optimal to within that.
    let floor = total - 1e-6 * (relaxed.len() as f64 + 1.0) * (1.0 + total.abs() * 1e-9);
    Ok(Relaxation {
        floor: Some(floor),
        start: start::relaxed_start(index, &relaxed),
    })
}

/// The relaxed roster's objective, as the evaluator scores it.
fn relaxed_total(index: &Index<'_>, relaxed: &[(ShiftIdx, ClinicianIdx)]) -> f64 {
    let p = index.problem();
    let assignments: Vec<Assignment> = relaxed
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect();
    crate::evaluate::evaluate(index, &assignments).score.total
}

/// The answer when time ran out `when` (before HiGHS found a roster): the starting
/// roster with the relaxation's bound, else `no_solution`.
fn fallback(relaxation: &Relaxation, size: Size, time_limit_s: f64, when: &str) -> Outcome {
    match (&relaxation.start, relaxation.floor) {
        (Some(start), Some(floor)) => Outcome {
            end: End::Feasible {
                bound: floor.min(start.objective),
            },
            assignments: start.assignments.clone(),
            objective: start.objective,
            size,
        },
        _ => Outcome {
            end: End::NoSolution(format!(
                "the time limit of {time_limit_s} s was reached {when}, and no feasible \
                 roster was known"
            )),
            assignments: Vec::new(),
            objective: f64::NAN,
            size,
        },
    }
}

/// Solve with every rule; the relaxation's bound stands in when HiGHS proves none better,
/// and its repaired roster when HiGHS finds none better.
fn solve_mip(
    index: &Index<'_>,
    model: Model,
    mapping: Mapping,
    search: &Search,
    deadline: Deadline,
    time_limit_s: f64,
    relaxation: &Relaxation,
) -> Result<Outcome> {
    let size = Size {
        variables: model.vars.len(),
        constraints: model.constraints.len(),
        ..Size::default()
    };
    let run = run(model, search, deadline, false)?;
    let mut outcome = Outcome {
        end: End::Optimal,
        assignments: Vec::new(),
        objective: f64::NAN,
        size,
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
        Status::Optimal if run.columns.is_some() => {
            if search.mip_gap > 0.0
                && (outcome.objective - bound).abs() > 1e-6 * (1.0 + outcome.objective.abs())
            {
                End::Feasible { bound }
            } else {
                End::Optimal
            }
        }
        Status::Infeasible => End::Infeasible(diagnose::diagnose(index, search, deadline)?),
        _ if run.columns.is_some() => End::Feasible { bound },
        Status::TimeLimit => {
            let mut out = fallback(
                relaxation,
                size,
                time_limit_s,
                "before any roster was found",
            );
            if let End::Feasible { bound: floor } = &mut out.end {
                *floor = bound;
            }
            return Ok(out);
        }
        Status::Optimal => {
            End::NoSolution("HiGHS stopped (Optimal) before any roster was found".to_owned())
        }
        Status::Other(name) => End::NoSolution(format!(
            "HiGHS stopped ({name}) before any roster was found"
        )),
    };
    // A search cut short may hold an incumbent worse than the starting roster.
    if let (End::Feasible { .. }, Some(start)) = (&outcome.end, &relaxation.start) {
        let found = crate::evaluate::evaluate(index, &outcome.assignments)
            .score
            .total;
        if start.objective < found {
            outcome.assignments = start.assignments.clone();
            outcome.objective = start.objective;
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::model::{Problem, SolveOptions};

    /// Two clinicians, three sessions; A's rest rule makes it a MIP problem.
    fn problem() -> Problem {
        Problem::from_json(
            r#"{
            "sites": [{"id": "P1"}],
            "clinicians": [
              {"id": "A", "roles": ["gp"], "rate_per_hour": 80, "limits": {"min_rest_hours": 11}},
              {"id": "B", "roles": ["gp"], "rate_per_hour": 100}],
            "shifts": [
              {"id": "E1", "site": "P1", "role": "gp", "start": "2026-12-07T17:00", "end": "2026-12-07T22:00"},
              {"id": "M2", "site": "P1", "role": "gp", "start": "2026-12-08T07:00", "end": "2026-12-08T12:00"},
              {"id": "M3", "site": "P1", "role": "gp", "start": "2026-12-09T07:00", "end": "2026-12-09T12:00"}
            ]}"#,
        )
        .expect("parses")
    }

    /// Settings of a call whose limit (a nanosecond) has passed before anything is built.
    fn spent(p: &Problem) -> Settings {
        let options = SolveOptions::new().with_time_limit(1e-9);
        Settings::resolve(p, &options, Instant::now()).expect("settings")
    }

    #[test]
    fn building_stops_at_a_passed_deadline() {
        let p = problem();
        let index = Index::build(&p).expect("valid");
        let settings = spent(&p);
        assert!(Deadline::of(&settings).passed());
        assert!(build(&index, &Scope::all(&index), Deadline::of(&settings)).is_none());
        let later = Deadline::after(Instant::now(), 3600.0);
        assert!(build(&index, &Scope::all(&index), later).is_some());
        // A limit too large for an Instant is no deadline, never a panic.
        assert!(!Deadline::after(Instant::now(), 1e300).passed());
        assert_eq!(Deadline::after(Instant::now(), 1e300).left(), f64::INFINITY);
    }

    #[test]
    fn a_passed_deadline_returns_the_fallback_roster_not_an_error() {
        let p = problem();
        let index = Index::build(&p).expect("valid");
        let settings = spent(&p);
        let outcome = MipBackend
            .solve(&index, Scope::all(&index), &settings)
            .expect("an outcome, not an error");
        let End::Feasible { bound } = outcome.end else {
            panic!("expected a feasible fallback, got {:?}", outcome.end);
        };
        assert_eq!(outcome.size, Size::default(), "no model was built");
        let eval = crate::evaluate::evaluate(&index, &outcome.assignments);
        assert!(eval.is_feasible());
        assert_eq!(eval.score.total, outcome.objective);
        assert!(bound <= outcome.objective);
        // Every session is filled (A cannot take both E1 and M2; B takes one of them).
        assert_eq!(outcome.assignments.len(), 3);
        // The optimum, found without a limit, is no worse, and the bound is below it.
        let full = MipBackend
            .solve(
                &index,
                Scope::all(&index),
                &Settings::resolve(&p, &SolveOptions::new(), Instant::now()).expect("settings"),
            )
            .expect("solves");
        assert_eq!(full.end, End::Optimal);
        assert!(full.objective <= outcome.objective + 1e-9);
        assert!(bound <= full.objective + 1e-9);
    }

    #[test]
    fn the_places_bound_is_below_the_optimum_and_greedy_is_feasible() {
        let p = problem();
        let index = Index::build(&p).expect("valid");
        let full = MipBackend
            .solve(
                &index,
                Scope::all(&index),
                &Settings::resolve(&p, &SolveOptions::new(), Instant::now()).expect("settings"),
            )
            .expect("solves");
        let bound = start::places_bound(&index).expect("a bound");
        assert!(
            bound <= full.objective + 1e-9,
            "{bound} > {}",
            full.objective
        );
        let greedy = start::greedy_start(&index).expect("a greedy roster");
        assert!(greedy.objective >= full.objective - 1e-9);
        assert!(crate::evaluate::evaluate(&index, &greedy.assignments).is_feasible());
    }
}
