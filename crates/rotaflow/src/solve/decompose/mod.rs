//! The `decompose` solver: Dantzig–Wolfe decomposition of the rostering problem over
//! clinicians' schedules: column generation for its bound, and for its roster best responses and
//! a large-neighbourhood search by the MIP, on HiGHS.
//!
//! # Formulation
//!
//! Every hard rule concerns one clinician; only the shifts' headcounts tie clinicians
//! together. So the roster is a choice of one *schedule* per clinician: a set of their
//! eligible shifts that meets every one of their rules and contains their pins (`Ω_c`,
//! the feasible schedules of `c`). Every objective term is per pair or per clinician, so a
//! schedule's cost is exact:
//!
//! ```text
//! cost(c, ω)  = Σ_{s∈ω} k_cs + w.fairness·|ω| − t_c|      k_cs = Index::pair_cost
//! a(ω, s)     = [s ∈ ω]
//!
//! master      min  Σ_c Σ_{ω∈Ω_c} cost(c,ω)·λ[c,ω] + Σ_s pu_s·u[s] + Σ_s po_s·o[s] + K
//!             Σ_c Σ_ω a(ω,s)·λ[c,ω] + u[s] − o[s] = h_s         every shift s        (dual π_s)
//!             Σ_ω λ[c,ω] = 1                                    every clinician c    (dual μ_c)
//!             λ ≥ 0 (binary in the integer master), 0 ≤ u[s] ≤ h_s,
//!             0 ≤ o[s] ≤ max_headcount_s − h_s (0 without over_penalty; no cap without max_headcount)
//!             K = w.change·|previous|
//!
//! pricing     min_{ω∈Ω_c}  Σ_{s∈ω} (k_cs − π_s) + w.fairness·|ω| − t_c| − μ_c
//! ```
//!
//! Signs: every term is a cost to minimise. HiGHS's row duals are those of `min c·x`,
//! so a column's reduced cost is `c_j − Σ_rows a_rj·y_r`. `u` and `o` take their least
//! values at an optimum (their penalties are not negative), so the objective is exactly
//! `DESIGN.md`'s, which `assemble` checks against the evaluator.
//!
//! # Algorithm
//!
//! 1. **Start.** Each clinician's cheapest schedule at zero duals ([`pricing`]); none
//!    feasible (proven) is an infeasible problem naming the clinician; a labelling cut
//!    short by its label limit before any schedule meets the clinician's minimums (a long
//!    horizon: Curtois–Qu instance 12) takes the schedule the MIP over that clinician's
//!    pairs alone finds ([`crate::solve::mip::reoptimise`], nobody else fixed). Then a greedy
//!    roster by *best responses*: clinicians in order (fewest eligible shifts first) each
//!    take their cheapest schedule at the marginal weights against the places the earlier
//!    ones left — `k_cs − pu_s` for an empty place, `k_cs + po_s` for one over the
//!    headcount within its cap, priced out beyond the cap — at which a schedule's cost is
//!    exactly the change it makes to the objective. A local search of best responses
//!    follows (each clinician in turn gives up their schedule and takes their best one
//!    against the rest: the objective never rises) until a pass changes nothing or a
//!    quarter of the time limit has passed. When the greedy cannot keep a pin within the
//!    caps, the zero-dual schedules are the start if they respect every cap.
//! 2. **Phase one** (only when no first roster was found): the master with
//!    artificial over-staffing `art[s] ≥ 0`, minimising `Σ art` with zero column costs;
//!    pricing with costs `−π_s`. A positive optimum with no improving column proves that no
//!    roster respects the caps together with the clinicians' rules and pins.
//! 3. **Phase two**: column generation — solve the restricted master (HiGHS's interior
//!    point without crossover, whose central duals keep the generation from stalling on the
//!    degenerate vertex of the first roster; the simplex method when it stalls), price
//!    every clinician in parallel (rayon, collected in clinician order) and add each
//!    schedule of negative reduced cost — until no column prices out (the LP optimum) or
//!    the column-generation share of the time limit ends, or, when the bound has not risen
//!    above the flow relaxation's by [`CG_PROBE`] of the limit, at once (at pool size the
//!    LP converges too slowly to give a bound in time, and the roster gets the time).
//!    Duals are smoothed (Wentges): pricing uses `α·π_centre + (1 − α)·π_LP`, the centre
//!    being the duals of the best Lagrangian bound so far; when that finds no column
//!    improving the LP, pricing is repeated at `π_LP` before convergence is declared.
//! 4. **Bound.** At every pricing round the Lagrangian bound
//!    `L(π) = K + Σ_s π_s·h_s + Σ_c min_ω (cost − π·a) + Σ_s min(0, pu_s − π_s)·h_s +
//!    Σ_s min over o of (po_s + π_s)·o`, with each clinician's exact minimum, or a lower
//!    bound on it (`Σ_s min(0, k_cs − π_s)`) where the labelling was truncated; it equals
//!    the LP optimum when no column prices out. The best one, never below the flow
//!    relaxation's optimum (solved first when the time left allows, at
//!    [`RELAXATION_SECONDS_PER_PAIR`]; the places bound otherwise), is the roster's `bound`; so is the MIP's own bound when a
//!    neighbourhood (step 6) is the whole pool. The first Lagrangian bound is taken at
//!    the relaxation's own optimal place values (`π_s` = the shift node's potential less
//!    the source's, from the network simplex): dualised there, the relaxation splits by
//!    clinician with no loss, and each clinician's exact pricing keeps every rule the
//!    relaxation drops, so `L(π_flow)` is at least the relaxation's optimum — on the
//!    1,000-clinician rules week 7 % above it, which cut the gap at a minute from 10.5 %
//!    to 3.7 %. `π_flow` is also the first stabilisation centre of step 3. (A subgradient
//!    ascent from it was tried and dropped: it gained 0.1 % in 20 s at 1,000 clinicians
//!    and took the time column generation needs to converge at 300.)
//! 5. **Integer answers.** The master's last solution is rounded (clinicians by their
//!    largest column value keep that column while its shifts have empty places, the rest
//!    take best responses) and improved by best responses. Only when no roster is known
//!    yet, the master as a MIP over the generated columns (price-and-branch) runs for the
//!    time left.
//! 6. **Large-neighbourhood search** for the time left: a seed clinician (in a fixed
//!    shuffled order) and the clinicians sharing most eligible shifts with them are
//!    re-optimised by the MIP over their pairs alone, every rule and the objective, with
//!    everyone else's schedule fixed and the places it holds taken
//!    ([`crate::solve::mip::reoptimise`]; pairs on shifts the rest fills are left out); the
//!    answer is kept when it lowers the objective. Neighbourhoods start at [`LNS_SIZE`]
//!    clinicians, shrink when HiGHS cannot prove one within [`LNS_LIMIT`] seconds and grow
//!    after [`LNS_STALL`] failures in a row, up to the whole pool, where the MIP itself
//!    either proves the roster optimal or ends the search. Every roster is valued exactly
//!    as the evaluator scores it; the best is returned, `optimal` only when its objective
//!    meets the bound. This is fix-and-optimise in the sense of the nurse-rostering
//!    literature (a MIP on a neighbourhood, the rest fixed).
//!
//! **Stopping.** A [`crate::Stop`] request is heeded like the time limit: pricing checks it
//! every 16 clinicians, column generation ends at the next round, the local searches
//! before each clinician and the neighbourhood search before each neighbourhood (each of
//! which HiGHS ends within [`LNS_LIMIT`] seconds); the integer master (which HiGHS cannot
//! interrupt through its safe interface) is given up on at a stop request, or half a
//! second past the deadline, to finish in the background. The best roster so far is
//! returned with its bound.
//!
//! # Complexity
//!
//! Per round: one LP re-solve and `C` labellings; a labelling is O(n·L·G) for `n`
//! eligible shifts, `L` live labels and `G` per dominance group ([`pricing`]). A pass of
//! best responses is `C` labellings over the shifts with room. A neighbourhood's MIP has
//! the variables of its clinicians' pairs on shifts with room and their rule rows. Memory
//! is O(eligible pairs + columns·shifts per column), independent of the number of rules.
//!
//! # Determinism
//!
//! Pricing runs in parallel but its results are collected in clinician order and sorted
//! by cost then shifts; the neighbourhoods follow a shuffle seeded by `seed`; HiGHS runs
//! with the given seed and threads. When the search ends before the time limit (the bound
//! met, or the whole pool's MIP done), the same input gives the same roster, byte for
//! byte. When the time limit ends it, the roster is the best found in that time, and how
//! many neighbourhoods fit in it depends on the machine: two runs can then differ (the
//! start, which comes first, does not). The MIP's determinism is the same.
//!
//! # References
//!
//! G. Desaulniers, J. Desrosiers and M. M. Solomon (eds.), *Column Generation*, Springer,
//! 2005 (the master, pricing by resource-constrained shortest paths, Lagrangian bounds);
//! P. Strandmark, Y. Qu and T. Curtois, "First-order linear programming in a column
//! generation-based heuristic approach to the nurse rostering problem", *Computers &
//! Operations Research* 120 (2020) (column generation for nurse rostering with
//! per-nurse pricing and an integer master over the generated columns); for the
//! neighbourhood search, the fix-and-optimise and MIP-neighbourhood heuristics surveyed
//! there (a MIP over a few nurses or days, the rest fixed).

mod master;
mod pricing;

use std::collections::HashMap;

use rayon::prelude::*;

use super::Settings;
use super::backend::{Backend, Capability, Deadline, End, Outcome, Size, detached};
use crate::error::{Obstacle, Result};
use crate::index::Index;
use crate::model::{Assignment, Method};
use crate::rule::Rule;
use master::{Column, Lp, Search, ShiftRow, solve_integer};
use pricing::{Clinician, Priced, Successions};

/// Schedules kept from each clinician's labelling per round.
const COLUMNS_PER_ROUND: usize = 2;

/// The share of the time limit column generation may use before the integer master.
const CG_SHARE: f64 = 0.6;

/// Clinicians in a first neighbourhood of the large-neighbourhood search.
const LNS_SIZE: usize = 40;

/// The smallest neighbourhood.
const LNS_MIN: usize = 8;

/// Failed neighbourhoods in a row before the neighbourhood grows.
const LNS_STALL: usize = 6;

/// The relative gap at which HiGHS may stop on a neighbourhood.
const LNS_GAP: f64 = 1e-4;

/// Seconds HiGHS may spend on one neighbourhood.
const LNS_LIMIT: f64 = 2.0;

/// The share of the time limit the first roster's local search may use.
const START_SHARE: f64 = 0.25;

/// A weight that prices a place beyond a headcount cap out of a schedule.
const FULL: f64 = 1e12;

/// The share of the time limit by which column generation must have raised the bound
/// above the flow relaxation's to go on (on the 1,000-clinician rules week it has not after
/// 200 s, and its time is better spent on the roster).
const CG_PROBE: f64 = 0.35;

/// Weight of the best-bound duals in Wentges smoothing.
const SMOOTHING: f64 = 0.5;

/// Reduced costs above this are not improving.
const RC_EPS: f64 = 1e-7;

/// Seconds of flow relaxation per eligible pair that must be left for decompose to solve
/// it (it cannot be interrupted): three times the 2.1 µs per pair measured on the
/// 2,000-clinician rules week of `benches/time_limits.sh` (1,657,390 pairs in 3.5 s, one
/// core, release build).
const RELAXATION_SECONDS_PER_PAIR: f64 = 6e-6;

/// The decomposition backend.
pub(crate) struct DecomposeBackend;

/// What `prepare` compiles: each clinician's pricing problem and per-pair costs, and the
/// master's shift rows.
pub(crate) struct Prepared {
    clinicians: Vec<Clinician>,
    /// `k_cs` for each clinician's eligible shifts, in their order.
    costs: Vec<Vec<f64>>,
    rows: Vec<ShiftRow>,
    constant: f64,
}

impl Backend for DecomposeBackend {
    const METHOD: Method = Method::Decompose;
    type Model = Prepared;

    fn prepare(&self, index: &Index<'_>, _: &Settings) -> Result<Capability<Prepared>> {
        let Some(succ) = Successions::build(index) else {
            return Ok(Capability::Obstacles(vec![Obstacle {
                rule: Rule::ForbiddenSuccessions,
                clinician: None,
                detail:
                    "more than 64 kinds open a forbidden succession; decompose prices at most 64"
                        .to_owned(),
            }]));
        };
        if index.problem().weights.pattern > 0.0 {
            // A run of weeks would need a label per (site, weekday, kind) group and week:
            // the labelling does not price it, and a column priced without it would not be
            // exact (docs/patterns.md).
            let found: Vec<Obstacle> = index
                .clinician_indices()
                .filter_map(|c| {
                    crate::evaluate::patterns::possible(index, c).map(|detail| Obstacle {
                        rule: Rule::Pattern,
                        clinician: Some(index.clinician_id(c).to_owned()),
                        detail: format!("{detail}; decompose's pricing does not price it"),
                    })
                })
                .collect();
            if !found.is_empty() {
                return Ok(Capability::Obstacles(found));
            }
        }
        let clinicians: Vec<Clinician> = index
            .clinician_indices()
            .map(|c| Clinician::build(index, c, &succ))
            .collect();
        let costs = clinicians
            .iter()
            .map(|cl| {
                cl.shifts
                    .iter()
                    .map(|&s| index.pair_cost(cl.id, s))
                    .collect()
            })
            .collect();
        let rows = index
            .shifts()
            .iter()
            .map(|f| {
                let h = f64::from(f.headcount);
                ShiftRow {
                    headcount: h,
                    unfilled: f.unfilled_penalty,
                    over: f.over_penalty.unwrap_or(0.0),
                    over_cap: match (f.over_penalty, f.max_headcount) {
                        (None, _) => Some(0.0),
                        (Some(_), Some(m)) => Some((f64::from(m) - h).max(0.0)),
                        (Some(_), None) => None,
                    },
                }
            })
            .collect();
        let p = index.problem();
        Ok(Capability::Ready(Prepared {
            clinicians,
            costs,
            rows,
            constant: p.weights.change * index.previous().len() as f64,
        }))
    }

    fn solve(&self, index: &Index<'_>, model: Prepared, settings: &Settings) -> Result<Outcome> {
        // HiGHS keeps its scheduler per OS thread: run on a thread of our own.
        std::thread::scope(|scope| {
            scope
                .spawn(|| Solver::new(index, &model, settings).run())
                .join()
                .map_err(|_| {
                    crate::error::Error::Internal("the decompose solver thread panicked".to_owned())
                })?
        })
    }
}

/// One decomposition solve.
struct Solver<'a, 'p> {
    index: &'a Index<'p>,
    m: &'a Prepared,
    settings: &'a Settings,
    search: Search,
    columns: Vec<Column>,
    seen: HashMap<(usize, Vec<usize>), usize>,
    /// Each clinician's columns, in the order generated.
    by_clinician: Vec<Vec<usize>>,
}

/// A roster as one column per clinician, with its objective.
struct Choice {
    columns: Vec<usize>,
    value: f64,
}

impl<'a, 'p> Solver<'a, 'p> {
    fn new(index: &'a Index<'p>, m: &'a Prepared, settings: &'a Settings) -> Self {
        Solver {
            index,
            m,
            settings,
            search: Search {
                mip_gap: settings.mip_gap,
                threads: settings.threads,
                seed: settings.seed,
            },
            columns: Vec::new(),
            seen: HashMap::new(),
            by_clinician: vec![Vec::new(); m.clinicians.len()],
        }
    }

    /// Every schedule of a pricing round as a column (those not yet in the store).
    fn keep_columns(&mut self, priced: &[(Priced, f64)]) {
        for (c, (p, _)) in priced.iter().enumerate() {
            for sch in &p.schedules {
                self.column(c, &sch.positions);
            }
        }
    }

    /// Shift prices moved into the Lagrangian's domain: a place is worth at most its
    /// unfilled penalty, and at least minus its over-staffing penalty where places over
    /// the headcount are allowed (outside, the bound only falls).
    fn within_domain(&self, mut pi: Vec<f64>) -> Vec<f64> {
        for (p, r) in pi.iter_mut().zip(&self.m.rows) {
            *p = p.min(r.unfilled);
            if r.over_cap.is_none_or(|cap| cap > 0.0) {
                *p = p.max(-r.over);
            }
        }
        pi
    }

    /// Tell the caller's progress function (if any) the best objective so far and a bound
    /// (an infinite one when the step has none: the reporter shows the best told before).
    fn report(&self, objective: Option<f64>, bound: f64) {
        self.settings
            .progress
            .update(Method::Decompose, objective, Some(bound));
    }

    fn elapsed(&self) -> f64 {
        self.settings.started.elapsed().as_secs_f64()
    }

    fn left(&self) -> f64 {
        self.settings.time_limit_s - self.elapsed()
    }

    /// Whether the caller asked the search to stop ([`crate::Stop`]).
    fn stopped(&self) -> bool {
        self.settings.stop_requested()
    }

    /// The check pricing makes every few clinicians: past the time limit, or stopped.
    fn deadline(&self) -> impl Fn() -> bool + Sync + use<> {
        let deadline = Deadline::of(self.settings);
        let stop = self.settings.stop.clone();
        move || deadline.passed() || stop.as_ref().is_some_and(crate::Stop::is_requested)
    }

    /// The integer master for `left` seconds, awaited until the deadline (and its grace) or
    /// a stop request ([`detached`]): `None` when it found no roster or was given up on.
    fn integer_master(&self, left: f64) -> Result<Option<Vec<usize>>> {
        let n_clin = self.m.clinicians.len();
        let (rows, columns, search) = (self.m.rows.clone(), self.columns.clone(), self.search);
        let run = detached(
            "the integer master",
            Deadline::of(self.settings),
            self.settings.stop.as_ref(),
            move || solve_integer(&rows, n_clin, &columns, &search, left),
        )?;
        Ok(run.and_then(|run| run.chosen))
    }

    /// Price every clinician for shift duals `pi` (phase one: zero pair costs, no
    /// fairness).
    fn price(&self, pi: &[f64], phase_one: bool) -> Vec<(Priced, f64)> {
        let deadline = self.deadline();
        self.m
            .clinicians
            .par_iter()
            .zip(self.m.costs.par_iter())
            .map(|(cl, k)| {
                let weights: Vec<f64> = cl
                    .shifts
                    .iter()
                    .zip(k)
                    .map(|(s, &k)| if phase_one { 0.0 } else { k } - pi[s.index()])
                    .collect();
                let priced = cl.price(&weights, !phase_one, COLUMNS_PER_ROUND, &deadline);
                let floor = if priced.exact {
                    priced.schedules.first().map_or(f64::INFINITY, |s| s.cost)
                } else {
                    cl.weak_bound(&weights, !phase_one)
                };
                (priced, floor)
            })
            .collect()
    }

    /// The column of clinician `c`'s schedule (positions into their eligible shifts), with
    /// its true cost; `None` when it is already in the master.
    fn column(&mut self, c: usize, positions: &[u32]) -> Option<usize> {
        let cl = &self.m.clinicians[c];
        let shifts = self.shifts_of(c, positions);
        if self.seen.contains_key(&(c, shifts.clone())) {
            return None;
        }
        self.seen.insert((c, shifts.clone()), self.columns.len());
        let cost = positions
            .iter()
            .map(|&i| self.m.costs[c][i as usize])
            .sum::<f64>()
            + cl.fairness_cost(positions.len());
        self.columns.push(Column {
            clinician: c,
            shifts,
            cost,
        });
        self.by_clinician[c].push(self.columns.len() - 1);
        Some(self.columns.len() - 1)
    }

    /// The column of clinician `c`'s schedule (positions into their eligible shifts), found
    /// or added (`None` only for a schedule the store refuses).
    fn column_id(&mut self, c: usize, positions: &[u32]) -> Option<usize> {
        match self.seen.get(&(c, self.shifts_of(c, positions))) {
            Some(&j) => Some(j),
            None => self.column(c, positions),
        }
    }

    /// The shifts (positions in the problem) at clinician `c`'s eligible positions.
    fn shifts_of(&self, c: usize, positions: &[u32]) -> Vec<usize> {
        let cl = &self.m.clinicians[c];
        positions
            .iter()
            .map(|&i| cl.shifts[i as usize].index())
            .collect()
    }

    /// The objective of one column per clinician, `None` when a headcount cap is broken.
    fn value(&self, chosen: &[usize]) -> Option<f64> {
        let mut n = vec![0.0f64; self.m.rows.len()];
        let mut total = self.m.constant;
        for &j in chosen {
            total += self.columns[j].cost;
            for &s in &self.columns[j].shifts {
                n[s] += 1.0;
            }
        }
        for (r, &n) in self.m.rows.iter().zip(&n) {
            if n > r.headcount {
                if r.over_cap.is_some_and(|cap| n - r.headcount > cap) {
                    return None;
                }
                total += r.over * (n - r.headcount);
            } else {
                total += r.unfilled * (r.headcount - n);
            }
        }
        Some(total)
    }

    /// The Lagrangian bound for shift duals `pi` and each clinician's minimum of
    /// `cost − π·a` (or a lower bound on it).
    fn lagrangian(&self, pi: &[f64], floors: &[f64]) -> f64 {
        let mut l = self.m.constant + floors.iter().sum::<f64>();
        for (r, &p) in self.m.rows.iter().zip(pi) {
            l += p * r.headcount + (r.unfilled - p).min(0.0) * r.headcount;
            let cap = r.over_cap.unwrap_or(f64::INFINITY);
            if cap > 0.0 && r.over + p < 0.0 {
                l += (r.over + p) * cap;
            }
        }
        if l.is_nan() { f64::NEG_INFINITY } else { l }
    }

    /// Clinician `c`'s pair weights against the places the rest of the roster leaves
    /// (`count[s]`: the others working shift `s`): a place left empty is worth its
    /// unfilled penalty, one over the headcount costs its over-staffing penalty, and one
    /// beyond the cap is priced out ([`FULL`]). A schedule's cost at these weights (with
    /// fairness) is exactly what adding it to the rest changes in the objective.
    fn marginal_weights(&self, c: usize, count: &[u32]) -> Vec<f64> {
        let cl = &self.m.clinicians[c];
        cl.shifts
            .iter()
            .zip(&self.m.costs[c])
            .map(|(s, &k)| {
                let r = &self.m.rows[s.index()];
                let n = f64::from(count[s.index()]);
                if n + 1.0 <= r.headcount {
                    k - r.unfilled
                } else if n + 1.0 <= r.headcount + r.over_cap.unwrap_or(f64::INFINITY) {
                    k + r.over
                } else {
                    k + FULL
                }
            })
            .collect()
    }

    /// Clinician `c`'s best schedule against the rest of the roster (`count`), as a
    /// column, with its cost at the marginal weights; `None` when every schedule breaks a
    /// headcount cap (a pin on a full shift) or the deadline cut the labelling short.
    fn best_response(&mut self, c: usize, count: &[u32]) -> Option<(usize, f64)> {
        let weights = self.marginal_weights(c, count);
        let deadline = self.deadline();
        let priced = self.m.clinicians[c].price(&weights, true, 1, &deadline);
        // A labelling cut short by its label limit still returns feasible schedules (the
        // cheapest it kept): good enough for a response, if perhaps not the best.
        let schedule = priced.schedules.first()?;
        if schedule.cost >= FULL / 2.0 {
            return None;
        }
        let (positions, cost) = (schedule.positions.clone(), schedule.cost);
        let cl = &self.m.clinicians[c];
        let shifts: Vec<usize> = positions
            .iter()
            .map(|&i| cl.shifts[i as usize].index())
            .collect();
        let j = match self.seen.get(&(c, shifts)) {
            Some(&j) => j,
            None => self.column(c, &positions)?,
        };
        Some((j, cost))
    }

    /// The cost of column `j` of clinician `c` at the marginal weights against `count`.
    fn marginal_cost(&self, c: usize, j: usize, count: &[u32]) -> f64 {
        let col = &self.columns[j];
        let weights = self.marginal_weights(c, count);
        let cl = &self.m.clinicians[c];
        let mut at = HashMap::with_capacity(col.shifts.len());
        for (i, s) in cl.shifts.iter().enumerate() {
            at.insert(s.index(), i);
        }
        col.shifts.iter().map(|s| weights[at[s]]).sum::<f64>() + cl.fairness_cost(col.shifts.len())
    }

    /// A roster from the master's solution `values` (one per column, in order): clinicians
    /// by their largest value, most decided first, each keep that column when its shifts
    /// still have empty places, and otherwise take their best response to the earlier
    /// ones. `None` as for [`Self::greedy`].
    fn round(&mut self, values: &[f64]) -> Option<Vec<usize>> {
        let n = self.m.clinicians.len();
        let mut top: Vec<(usize, f64)> = vec![(usize::MAX, f64::NEG_INFINITY); n];
        for (j, &v) in values.iter().enumerate() {
            let c = self.columns[j].clinician;
            if v > top[c].1 {
                top[c] = (j, v);
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| top[b].1.total_cmp(&top[a].1).then(a.cmp(&b)));
        let mut count = vec![0u32; self.m.rows.len()];
        let mut chosen = vec![usize::MAX; n];
        for c in order {
            let (j, _) = top[c];
            let fits = j != usize::MAX
                && self.columns[j]
                    .shifts
                    .iter()
                    .all(|&s| f64::from(count[s]) + 1.0 <= self.m.rows[s].headcount);
            let j = if fits {
                j
            } else {
                self.best_response(c, &count)?.0
            };
            for &s in &self.columns[j].shifts {
                count[s] += 1;
            }
            chosen[c] = j;
        }
        Some(chosen)
    }

    /// A first roster, greedily: clinicians in order (fewest eligible shifts first) each
    /// take their best schedule against the places the earlier ones left
    /// ([`Self::best_response`]). `None` when some clinician has no schedule within the
    /// headcount caps, or the time ran out.
    fn greedy(&mut self, order: &[usize]) -> Option<Vec<usize>> {
        let mut count = vec![0u32; self.m.rows.len()];
        let mut chosen = vec![usize::MAX; self.m.clinicians.len()];
        for &c in order {
            let (j, _) = self.best_response(c, &count)?;
            for &s in &self.columns[j].shifts {
                count[s] += 1;
            }
            chosen[c] = j;
        }
        Some(chosen)
    }

    /// Local search by best responses: each clinician in turn (in `order`) gives up their
    /// schedule and takes their best one against the rest of the roster. The objective
    /// never rises; passes repeat until one changes nothing or `until` (seconds since
    /// the call started) passes. Returns the passes made.
    fn improve(&mut self, chosen: &mut [usize], order: &[usize], until: f64) -> usize {
        let mut count = vec![0u32; self.m.rows.len()];
        for &j in chosen.iter() {
            for &s in &self.columns[j].shifts {
                count[s] += 1;
            }
        }
        let mut passes = 0;
        loop {
            let mut changed = false;
            for &c in order {
                if self.elapsed() > until || self.stopped() {
                    return passes;
                }
                let old = chosen[c];
                for &s in &self.columns[old].shifts {
                    count[s] -= 1;
                }
                let current = self.marginal_cost(c, old, &count);
                let j = match self.best_response(c, &count) {
                    Some((j, cost)) if cost < current - 1e-9 * (1.0 + current.abs()) => j,
                    _ => old,
                };
                changed |= j != old;
                chosen[c] = j;
                for &s in &self.columns[j].shifts {
                    count[s] += 1;
                }
            }
            passes += 1;
            if self.settings.progress.is_wanted() {
                self.report(self.value(chosen), f64::NEG_INFINITY);
            }
            if !changed {
                return passes;
            }
        }
    }

    /// The clinicians of a neighbourhood around `seed`: the seed and the `size − 1`
    /// clinicians sharing most eligible shifts with them (ties by position), ascending.
    fn neighbourhood(&self, seed: usize, size: usize) -> Vec<usize> {
        let n = self.m.clinicians.len();
        if size >= n {
            return (0..n).collect();
        }
        let mut shared = vec![0u32; n];
        for &s in &self.m.clinicians[seed].shifts {
            for c in self.index.eligible_for_shift(s) {
                shared[c.index()] += 1;
            }
        }
        shared[seed] = u32::MAX;
        let mut near: Vec<usize> = (0..n).filter(|&c| shared[c] > 0).collect();
        near.sort_by_key(|&c| (std::cmp::Reverse(shared[c]), c));
        near.truncate(size);
        near.sort_unstable();
        near
    }

    /// Re-optimise the clinicians `free` with the rest of `best` fixed: the MIP over
    /// their pairs alone, every rule, against the places the rest leaves
    /// ([`crate::solve::mip::reoptimise`]), for at most `cap` seconds. Returns whether
    /// the roster improved, and whether HiGHS proved the neighbourhood optimal.
    fn reoptimise(
        &mut self,
        best: &mut Choice,
        bound: &mut f64,
        free: &[usize],
        cap: f64,
    ) -> Result<(bool, bool)> {
        let mut taken = vec![0u32; self.m.rows.len()];
        let mut is_free = vec![false; self.m.clinicians.len()];
        for &c in free {
            is_free[c] = true;
        }
        for (c, &j) in best.columns.iter().enumerate() {
            if !is_free[c] {
                for &s in &self.columns[j].shifts {
                    taken[s] += 1;
                }
            }
        }
        let ids = free.iter().map(|&c| self.m.clinicians[c].id).collect();
        let deadline = Deadline::after(std::time::Instant::now(), cap.min(self.left()).max(0.0));
        let found = crate::solve::mip::reoptimise(
            self.index,
            ids,
            taken,
            LNS_GAP,
            self.search.threads,
            self.search.seed,
            deadline,
        )?;
        let proven = found.proven;
        if free.len() == self.m.clinicians.len() {
            // Nothing was fixed: HiGHS's bound is one on every roster.
            *bound = bound.max(found.bound);
        }
        let Some(pairs) = found.pairs else {
            return Ok((false, proven));
        };
        let mut next = best.columns.clone();
        for (c, j) in self.columns_of(free, &pairs) {
            match j {
                Some(j) => next[c] = j,
                None => return Ok((false, proven)),
            }
        }
        match self.value(&next) {
            Some(value) if value < best.value - 1e-9 * (1.0 + best.value.abs()) => {
                *best = Choice {
                    columns: next,
                    value,
                };
                Ok((true, proven))
            }
            _ => Ok((false, proven)),
        }
    }

    /// The column of each of `clinicians` holding exactly their shifts in `pairs` (found or
    /// added; `None` for a schedule the column store refuses, which cannot happen for one
    /// not yet seen).
    fn columns_of(
        &mut self,
        clinicians: &[usize],
        pairs: &[(crate::index::ShiftIdx, crate::index::ClinicianIdx)],
    ) -> Vec<(usize, Option<usize>)> {
        let mut mine: HashMap<usize, Vec<usize>> =
            clinicians.iter().map(|&c| (c, Vec::new())).collect();
        for &(s, c) in pairs {
            if let Some(list) = mine.get_mut(&c.index()) {
                list.push(s.index());
            }
        }
        let mut out = Vec::with_capacity(clinicians.len());
        for &c in clinicians {
            let mut shifts = mine.remove(&c).unwrap_or_default();
            shifts.sort_unstable();
            let cl = &self.m.clinicians[c];
            let positions: Vec<u32> = cl
                .shifts
                .iter()
                .enumerate()
                .filter(|(_, s)| shifts.binary_search(&s.index()).is_ok())
                .map(|(i, _)| i as u32)
                .collect();
            let j = self.column_id(c, &positions);
            out.push((c, j));
        }
        out
    }

    /// Large-neighbourhood search until `until` (seconds since the call started), the
    /// bound is met, or a neighbourhood of every clinician fails to improve: seeds are
    /// taken in a fixed shuffled order; a neighbourhood grows (×2) after
    /// [`LNS_STALL`] failures in a row and shrinks when HiGHS cannot prove it in its
    /// share of the time. Returns the neighbourhoods tried.
    fn lns(&mut self, best: &mut Choice, bound: &mut f64, until: f64) -> Result<usize> {
        let n = self.m.clinicians.len();
        let mut seeds: Vec<usize> = (0..n).collect();
        let mut rng = self.settings.seed ^ 0x9e37_79b9_7f4a_7c15;
        for i in (1..n).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            seeds.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut size = LNS_SIZE.min(n);
        let mut stall = 0;
        let mut tried = 0;
        for &seed in seeds.iter().cycle() {
            let tol = 1e-6 * (1.0 + best.value.abs());
            if self.elapsed() >= until || self.stopped() || best.value - *bound <= tol {
                break;
            }
            let free = self.neighbourhood(seed, size);
            let (better, proven) = self.reoptimise(best, bound, &free, LNS_LIMIT)?;
            self.report(Some(best.value), *bound);
            tried += 1;
            if better {
                stall = 0;
            } else if free.len() == n && proven {
                // The whole roster's integer master over every column gave nothing.
                break;
            } else {
                stall += 1;
            }
            if !proven {
                size = (size * 2 / 3).max(LNS_MIN);
                stall = 0;
            } else if stall >= LNS_STALL {
                size = (size * 2).min(n);
                stall = 0;
            }
        }
        Ok(tried)
    }

    fn run(mut self) -> Result<Outcome> {
        let _heeding = self.settings.stop.as_ref().map(crate::Stop::heed);
        let index = self.index;
        let n_clin = self.m.clinicians.len();
        let mut bound = crate::solve::mip::places_bound(index).unwrap_or(f64::NEG_INFINITY);
        // The flow relaxation cannot be interrupted: solved only when the time left allows
        // it (decompose's own allowance, below the MIP's: it needs no HiGHS model after).
        let needed = RELAXATION_SECONDS_PER_PAIR * index.eligible_pair_count() as f64;
        let mut flow_prices = None;
        if Deadline::of(self.settings).left() >= needed {
            if let Some((floor, values)) = relaxation_floor(index)? {
                bound = bound.max(floor);
                flow_prices = Some(self.within_domain(values));
            }
        }
        self.report(None, bound);

        // 1. Each clinician's cheapest schedule.
        let zero = vec![0.0; self.m.rows.len()];
        let first = self.price(&zero, false);
        let mut start = Vec::with_capacity(n_clin);
        for (c, (priced, _)) in first.iter().enumerate() {
            if let Some(cheapest) = priced.schedules.first() {
                for s in &priced.schedules {
                    self.column(c, &s.positions);
                }
                start.push(
                    self.column_id(c, &cheapest.positions)
                        .expect("a schedule of pricing is a column"),
                );
                continue;
            }
            let cid = index.clinician_id(self.m.clinicians[c].id);
            let end = if priced.exact {
                let minimums = index.problem().clinicians[self.m.clinicians[c].id.index()]
                    .limits
                    .binding_minimums();
                End::Infeasible(format!(
                    "no schedule of {cid} meets their rules and pins{} (every one of their \
                     minimums, maximums and pins was tried together)",
                    if minimums.is_empty() {
                        String::new()
                    } else {
                        format!(" with {}", minimums.join(", "))
                    }
                ))
            } else if self.stopped() {
                End::NoSolution(format!(
                    "the search was stopped before a schedule of {cid} was found"
                ))
            } else if Deadline::of(self.settings).passed() {
                End::NoSolution(format!(
                    "the time limit of {} s was reached before a schedule of {cid} was found",
                    self.settings.time_limit_s
                ))
            } else {
                // The label limit cut the labelling short before a complete schedule (a
                // long horizon with minimums): the MIP over this clinician's pairs alone,
                // every rule, finds one.
                let alone = crate::solve::mip::reoptimise(
                    index,
                    vec![self.m.clinicians[c].id],
                    vec![0; self.m.rows.len()],
                    LNS_GAP,
                    self.search.threads,
                    self.search.seed,
                    Deadline::after(std::time::Instant::now(), LNS_LIMIT.min(self.left())),
                )?;
                if let Some(j) = alone
                    .pairs
                    .and_then(|pairs| self.columns_of(&[c], &pairs)[0].1)
                {
                    start.push(j);
                    continue;
                }
                End::NoSolution(format!(
                    "no schedule of {cid} was found: the search of their schedules was cut \
                     short at {} partial schedules before reaching one that meets their \
                     minimums, and the MIP over their pairs alone found none in {LNS_LIMIT} s",
                    pricing::LABEL_LIMIT
                ))
            };
            return Ok(self.outcome(end, None));
        }
        // The most constrained first: fewest eligible shifts.
        let mut order: Vec<usize> = (0..n_clin).collect();
        order.sort_by_key(|&c| (self.m.clinicians[c].shifts.len(), c));
        let start = match self.greedy(&order) {
            Some(mut chosen) => {
                self.report(self.value(&chosen), bound);
                let until = self.settings.time_limit_s * START_SHARE;
                self.improve(&mut chosen, &order, until);
                Some(chosen)
            }
            None if self.value(&start).is_some() => Some(start),
            // Out of time (or a pin the greedy could not place): the MIP's quick greedy.
            None => crate::solve::mip::greedy_pairs(index).and_then(|pairs| {
                let all: Vec<usize> = (0..n_clin).collect();
                self.columns_of(&all, &pairs)
                    .into_iter()
                    .map(|(_, j)| j)
                    .collect::<Option<Vec<usize>>>()
            }),
        };
        // The Lagrangian bound at the relaxation's place values, and the stabilisation
        // centre column generation starts from. Dualised at its own optimal duals the
        // relaxation splits by clinician with no loss, and each clinician's pricing keeps
        // every rule the relaxation drops, so this bound is the relaxation's optimum or
        // better (by 7 % on the 1,000-clinician rules week); the larger of the two is kept
        // either way, and any prices give a valid bound.
        let mut centre: Option<(Vec<f64>, f64)> = None;
        if let Some(pi) = flow_prices {
            let priced = self.price(&pi, false);
            let floors: Vec<f64> = priced.iter().map(|&(_, f)| f).collect();
            let l = self.lagrangian(&pi, &floors);
            if l.is_finite() {
                bound = bound.max(l);
                self.keep_columns(&priced);
                centre = Some((pi, l));
            }
        }
        let mut incumbent = start.and_then(|start| {
            self.value(&start).map(|value| Choice {
                columns: start,
                value,
            })
        });
        let phase_one = incumbent.is_none();
        self.report(incumbent.as_ref().map(|i| i.value), bound);

        // 2–3. Column generation.
        let mut lp = Lp::new(&self.m.rows, n_clin, self.search, phase_one)?;
        for col in &self.columns {
            lp.add(col);
        }
        let mut in_phase_one = phase_one;
        let cg_end = self.settings.time_limit_s * CG_SHARE;
        let probe = self.settings.time_limit_s * CG_PROBE;
        let floor = bound;
        // Wentges smoothing in phase two: price at a convex combination of the duals of
        // the best Lagrangian bound so far (the centre) and the LP's; when that finds no
        // column improving the LP (a misprice), price at the LP's duals themselves.
        // The last phase-two solution of the master, to round.
        let mut last: Option<Vec<f64>> = None;
        'rounds: loop {
            if self.elapsed() > cg_end
                || self.stopped()
                || (self.elapsed() > probe && !in_phase_one && bound <= floor)
            {
                // Past its share; or, with no bound above the flow relaxation's by the
                // probe, not converging in time: the neighbourhoods get the time.
                break;
            }
            let Some(sol) = lp.solve(cg_end - self.elapsed())? else {
                break;
            };
            if !in_phase_one {
                last = Some(sol.schedules.clone());
            }
            let mut alpha = if in_phase_one { 0.0 } else { SMOOTHING };
            loop {
                let pi: Vec<f64> = match &centre {
                    Some((c, _)) if alpha > 0.0 => c
                        .iter()
                        .zip(&sol.cover)
                        .map(|(&c, &l)| alpha * c + (1.0 - alpha) * l)
                        .collect(),
                    _ => sol.cover.clone(),
                };
                let priced = self.price(&pi, in_phase_one);
                let all_exact = priced.iter().all(|(p, _)| p.exact);
                if !in_phase_one {
                    let floors: Vec<f64> = priced.iter().map(|&(_, f)| f).collect();
                    let l = self.lagrangian(&pi, &floors);
                    bound = bound.max(l);
                    self.report(incumbent.as_ref().map(|i| i.value), bound);
                    if centre.as_ref().is_none_or(|(_, best)| l > *best) {
                        centre = Some((pi.clone(), l));
                    }
                }
                let mut added = 0;
                for (c, (p, _)) in priced.iter().enumerate() {
                    for sch in &p.schedules {
                        // The reduced cost at the LP's duals, from the column's true cost.
                        let cl = &self.m.clinicians[c];
                        let mut rc = -sol.convex[c];
                        for &i in &sch.positions {
                            let s = cl.shifts[i as usize].index();
                            rc += if in_phase_one {
                                0.0
                            } else {
                                self.m.costs[c][i as usize]
                            } - sol.cover[s];
                        }
                        if !in_phase_one {
                            rc += cl.fairness_cost(sch.positions.len());
                        }
                        if rc < -RC_EPS * (1.0 + sol.convex[c].abs()) {
                            if let Some(j) = self.column(c, &sch.positions) {
                                lp.add(&self.columns[j]);
                                added += 1;
                            }
                        }
                    }
                }
                if added > 0 {
                    continue 'rounds;
                }
                if alpha > 0.0 && centre.is_some() {
                    alpha = 0.0;
                    continue;
                }
                if !all_exact {
                    break 'rounds;
                }
                if in_phase_one {
                    if sol.art > 1e-6 {
                        return Ok(self.outcome(
                            End::Infeasible(
                                "no roster respects every shift's headcount cap together with \
                                 the clinicians' minimums and pins"
                                    .to_owned(),
                            ),
                            None,
                        ));
                    }
                    lp.enter_phase_two(&self.columns);
                    in_phase_one = false;
                    continue 'rounds;
                }
                // No column prices out at the LP's duals: the Lagrangian bound just taken
                // at them is the LP optimum (to HiGHS's tolerances; the master's own value,
                // from an interior point, is not used as a bound).
                break 'rounds;
            }
        }

        // 4½. The master's last solution, rounded and repaired.
        if let Some(values) = last {
            let until = self.elapsed() + self.settings.time_limit_s * START_SHARE;
            if let Some(mut chosen) = self.round(&values) {
                self.improve(&mut chosen, &order, until.min(self.settings.time_limit_s));
                if let Some(value) = self.value(&chosen) {
                    if incumbent.as_ref().is_none_or(|i| value < i.value) {
                        incumbent = Some(Choice {
                            columns: chosen,
                            value,
                        });
                    }
                }
            }
        }
        // 5. Without a roster yet, the integer master over the generated columns
        //    (price-and-branch) for the time left. (With one in hand, the neighbourhoods
        //    below make better use of the time: on the 300-clinician rules week HiGHS
        //    found no better roster over 15,000 columns in 9 s, where they gain 0.4 %.)
        let left = self.left();
        if incumbent.is_none() && left > 0.0 && !self.stopped() {
            if let Some(chosen) = self.integer_master(left)? {
                if let Some(value) = self.value(&chosen) {
                    incumbent = Some(Choice {
                        columns: chosen,
                        value,
                    });
                }
            }
        }
        self.report(incumbent.as_ref().map(|i| i.value), bound);
        // 6. Large-neighbourhood search on the roster for the time left.
        if let Some(best) = incumbent.as_mut() {
            let until = self.settings.time_limit_s;
            self.lns(best, &mut bound, until)?;
        }
        let Some(best) = incumbent else {
            if self.stopped() {
                let why = "the search was stopped before a roster that keeps every headcount \
                           cap was found";
                return Ok(self.outcome(End::NoSolution(why.to_owned()), None));
            }
            let why = format!(
                "no roster was found within the time limit of {} s: the first schedules \
                 broke a headcount cap and neither their repair nor the integer master over \
                 the generated columns found one that keeps them",
                self.settings.time_limit_s
            );
            return Ok(self.outcome(End::NoSolution(why), None));
        };
        let tol = 1e-6 * (1.0 + best.value.abs());
        let end = if best.value - bound <= tol {
            End::Optimal
        } else {
            End::Feasible { bound }
        };
        Ok(self.outcome(end, Some(best)))
    }

    fn outcome(&self, end: End, choice: Option<Choice>) -> Outcome {
        let p = self.index.problem();
        let size = Size {
            variables: self.columns.len() + 2 * self.m.rows.len(),
            constraints: self.m.rows.len() + self.m.clinicians.len(),
            ..Size::default()
        };
        let (assignments, objective) = match choice {
            Some(choice) => {
                let mut a: Vec<Assignment> = choice
                    .columns
                    .iter()
                    .flat_map(|&j| {
                        let col = &self.columns[j];
                        let cid = &p.clinicians[col.clinician].id;
                        col.shifts
                            .iter()
                            .map(move |&s| Assignment::new(&p.shifts[s].id, cid))
                    })
                    .collect();
                a.sort();
                (a, choice.value)
            }
            None => (Vec::new(), f64::NAN),
        };
        Outcome {
            end,
            assignments,
            objective,
            size,
        }
    }
}

/// The flow relaxation's optimum, less its rounding: a lower bound on every roster's
/// objective (as the MIP uses it), or `None` when the relaxation is infeasible.
fn relaxation_floor(index: &Index<'_>) -> Result<Option<(f64, Vec<f64>)>> {
    let Some((relaxed, values)) = crate::solve::flow::solve_relaxed_with_values(index)? else {
        return Ok(None);
    };
    let p = index.problem();
    let assignments: Vec<Assignment> = relaxed
        .iter()
        .map(|&(s, c)| Assignment::new(&p.shifts[s.index()].id, &p.clinicians[c.index()].id))
        .collect();
    let total = crate::evaluate::evaluate(index, &assignments).score.total;
    // The flow rounds costs to 10⁻⁶ per pair: its choice is optimal to within that.
    Ok(Some((
        total - 1e-6 * (relaxed.len() as f64 + 1.0) * (1.0 + total.abs() * 1e-9),
        values,
    )))
}

#[cfg(test)]
mod tests;
