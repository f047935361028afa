//! Independent parts of a problem, solved apart and in parallel.
//!
//! Two clinicians are *connected* when some shift is eligible to both; a *part* is a
//! connected component of the bipartite eligibility graph (clinicians and shifts). Parts
//! share no clinician and no shift, every rule of the flow model is per clinician or per
//! shift, and the objective is a sum over clinicians and shifts, so the optimum of the
//! whole is the union of the parts' optima. A national week (42 integrated care systems
//! whose clinicians never cross a border) splits into its regions; each is solved on its
//! own network, on the rayon pool.
//!
//! Splitting changes nothing about the answer's optimality, but among several optimal
//! rosters the parts may pick a different one than a single network would; for that
//! reason a problem with only one part (an ICS week) takes the single-network path, and
//! so does anything unusual: rules in the flow's way (to report them as one list), a
//! previous-roster pair across parts, or an infeasible part (to diagnose the whole).

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::flow::{FlowOutcome, solve_flow};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::{Horizon, Problem, TravelKm};

/// Problems with fewer eligible pairs than this are solved on one network (an ICS week has
/// about 250,000): they solve in well under a second anyway, and their roster stays the
/// one a single network picks among equal optima.
const SPLIT_MIN_PAIRS: usize = 1_000_000;

/// Parts smaller than this many eligible pairs are solved together with the isolated
/// clinicians and shifts: a network per tiny part costs more than it saves.
const SMALL_PART_PAIRS: usize = 2_000;

/// Solve a flow-representable problem exactly, part by part when it falls apart into
/// several independent parts (see the [module docs](self)).
pub(crate) fn solve_flow_parts(index: &Index<'_>) -> Result<FlowOutcome> {
    match parts(index) {
        Some(parts) => solve_parts(index, &parts),
        None => solve_flow(index),
    }
}

/// Solve each part apart (in parallel) and merge the outcomes.
fn solve_parts(index: &Index<'_>, parts: &[Part]) -> Result<FlowOutcome> {
    let problems: Vec<Problem> = parts.iter().map(|p| sub_problem(index, p)).collect();
    let outcomes: Vec<Result<FlowOutcome>> = problems
        .par_iter()
        .map(|p| {
            let sub = Index::build(p)?;
            solve_flow(&sub)
        })
        .collect();
    let mut merged = FlowOutcome {
        assignments: Vec::new(),
        infeasible: None,
        nodes: 0,
        arcs: 0,
        objective: 0.0,
    };
    for outcome in outcomes {
        let outcome = match outcome {
            Ok(o) if o.infeasible.is_none() => o,
            // Rules in the flow's way, or an infeasible part: report or diagnose on the
            // whole problem, so the message reads as it always has.
            Ok(_) | Err(Error::NotFlowRepresentable(_)) => return solve_flow(index),
            Err(e) => return Err(e),
        };
        merged.assignments.extend(outcome.assignments);
        merged.nodes += outcome.nodes;
        merged.arcs += outcome.arcs;
        merged.objective += outcome.objective;
    }
    merged.assignments.sort();
    Ok(merged)
}

/// The clinicians and shifts of one part, in index order.
#[derive(Debug, Default)]
struct Part {
    clinicians: Vec<ClinicianIdx>,
    shifts: Vec<ShiftIdx>,
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// The parts, or `None` when splitting is not worth it (fewer than [`SPLIT_MIN_PAIRS`]
/// eligible pairs in all, or fewer than two parts of at least [`SMALL_PART_PAIRS`]) or not safe (a previous-roster pair across parts).
/// Small parts, isolated clinicians and isolated shifts form one last part together.
fn parts(index: &Index<'_>) -> Option<Vec<Part>> {
    parts_above(index, SPLIT_MIN_PAIRS)
}

fn parts_above(index: &Index<'_>, min_pairs: usize) -> Option<Vec<Part>> {
    if index.eligible_pair_count() < min_pairs {
        return None;
    }
    let (nc, ns) = (index.clinician_count(), index.shift_count());
    // Union-find over clinicians 0..nc and shifts nc..nc+ns.
    let mut parent: Vec<u32> = (0..(nc + ns) as u32).collect();
    for c in index.clinician_indices() {
        for &s in index.eligible_for_clinician(c) {
            let rc = find(&mut parent, c.0);
            let rs = find(&mut parent, nc as u32 + s.0);
            // The smaller id becomes the root, so a part's root is its first member.
            let (lo, hi) = (rc.min(rs), rc.max(rs));
            parent[hi as usize] = lo;
        }
    }
    let mut pairs_of_root: HashMap<u32, usize> = HashMap::new();
    for c in index.clinician_indices() {
        let r = find(&mut parent, c.0);
        *pairs_of_root.entry(r).or_default() += index.eligible_for_clinician(c).len();
    }
    // Big parts numbered by their smallest member (roots are the smallest ids).
    let big: BTreeSet<u32> = pairs_of_root
        .iter()
        .filter(|&(_, &pairs)| pairs >= SMALL_PART_PAIRS)
        .map(|(&r, _)| r)
        .collect();
    if big.len() < 2 {
        return None;
    }
    let slot: HashMap<u32, usize> = big.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let rest = big.len();
    let mut parts: Vec<Part> = (0..=rest).map(|_| Part::default()).collect();
    let mut part_of_shift = vec![0usize; ns];
    for c in index.clinician_indices() {
        let r = find(&mut parent, c.0);
        parts[slot.get(&r).copied().unwrap_or(rest)]
            .clinicians
            .push(c);
    }
    for s in index.shift_indices() {
        let r = find(&mut parent, nc as u32 + s.0);
        let p = slot.get(&r).copied().unwrap_or(rest);
        part_of_shift[s.index()] = p;
        parts[p].shifts.push(s);
    }
    let mut part_of_clinician = vec![0usize; nc];
    for (p, part) in parts.iter().enumerate() {
        for c in &part.clinicians {
            part_of_clinician[c.index()] = p;
        }
    }
    if index
        .previous()
        .iter()
        .any(|&(s, c)| part_of_shift[s.index()] != part_of_clinician[c.index()])
    {
        return None;
    }
    if parts[rest].clinicians.is_empty() && parts[rest].shifts.is_empty() {
        parts.pop();
    }
    Some(parts)
}

/// The problem restricted to `part`: its clinicians and shifts, every site, the whole
/// problem's horizon (so days, weekends and runs are counted alike), and the references
/// (preferences, exclusions, travel, pins, previous pairs) that stay inside the part.
fn sub_problem(index: &Index<'_>, part: &Part) -> Problem {
    let p = index.problem();
    let clinician_ids: BTreeSet<&str> = part
        .clinicians
        .iter()
        .map(|c| p.clinicians[c.index()].id.as_str())
        .collect();
    let shift_ids: BTreeSet<&str> = part
        .shifts
        .iter()
        .map(|s| p.shifts[s.index()].id.as_str())
        .collect();
    let clinicians = part
        .clinicians
        .iter()
        .map(|c| {
            let mut clin = p.clinicians[c.index()].clone();
            // A preference for a shift of another part matches nothing here.
            clin.preferences
                .retain(|pr| pr.shift.as_deref().is_none_or(|s| shift_ids.contains(s)));
            clin
        })
        .collect();
    let shifts = part
        .shifts
        .iter()
        .map(|s| {
            let mut shift = p.shifts[s.index()].clone();
            shift
                .preferred_clinicians
                .retain(|c| clinician_ids.contains(c.as_str()));
            shift
                .excluded_clinicians
                .retain(|c| clinician_ids.contains(c.as_str()));
            shift
        })
        .collect();
    let horizon = match (index.days().first(), index.days().last()) {
        (Some(first), Some(last)) => Some(Horizon {
            start: first.to_string(),
            end: last.to_string(),
        }),
        _ => p.horizon.clone(),
    };
    let in_part = |pair: &&crate::model::Assignment| {
        clinician_ids.contains(pair.clinician.as_str()) && shift_ids.contains(pair.shift.as_str())
    };
    Problem {
        version: p.version,
        timezone: p.timezone.clone(),
        horizon,
        sites: p.sites.clone(),
        clinicians,
        shifts,
        travel_km: p
            .travel_km
            .iter()
            .filter(|t: &&TravelKm| clinician_ids.contains(t.clinician.as_str()))
            .cloned()
            .collect(),
        forbidden_successions: p.forbidden_successions.clone(),
        pinned: p.pinned.iter().filter(in_part).cloned().collect(),
        previous: p.previous.iter().filter(in_part).cloned().collect(),
        weights: p.weights,
        solver: p.solver,
    }
}
