//! Independent parts of a problem, for backends that solve them apart and in parallel.
//!
//! Two clinicians are *connected* when some shift is eligible to both; a *part* is a
//! connected component of the bipartite eligibility graph (clinicians and shifts), found
//! with petgraph's union–find. Parts share no clinician and no shift, every rule is per
//! clinician or per shift, and the objective is a sum over clinicians and shifts, so the
//! optimum of the whole is the union of the parts' optima. A national week (42 integrated
//! care systems whose clinicians never cross a border) splits into its regions.
//!
//! Splitting changes nothing about the answer's optimality, but among several optimal
//! rosters the parts may pick a different one than a single model would; for that reason
//! a problem with fewer than [`SPLIT_MIN_PAIRS`] eligible pairs (an ICS week) is not split,
//! and neither is one with a previous-roster pair across parts.
//!
//! # Complexity
//! O(P·α(C + S)) for P eligible pairs, then O(C + S).

use std::collections::{BTreeSet, HashMap};

use petgraph::unionfind::UnionFind;

use crate::index::{ClinicianIdx, Index, ShiftIdx};

/// Problems with fewer eligible pairs than this are solved whole (an ICS week has about
/// 250,000): they solve in well under a second anyway, and their roster stays the one a
/// single model picks among equal optima.
pub(crate) const SPLIT_MIN_PAIRS: usize = 1_000_000;

/// Parts smaller than this many eligible pairs are solved together with the isolated
/// clinicians and shifts: a model per tiny part costs more than it saves.
const SMALL_PART_PAIRS: usize = 2_000;

/// The clinicians and shifts of one part (or of the whole problem), in index order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The part's clinicians, ascending.
    pub(crate) clinicians: Vec<ClinicianIdx>,
    /// The part's shifts, ascending.
    pub(crate) shifts: Vec<ShiftIdx>,
    /// Whether this is the whole problem.
    pub(crate) whole: bool,
}

impl Part {
    /// The whole problem as one part.
    pub(crate) fn whole(index: &Index<'_>) -> Self {
        Part {
            clinicians: index.clinician_indices().collect(),
            shifts: index.shift_indices().collect(),
            whole: true,
        }
    }
}

/// The parts of `index`'s problem, or `None` when splitting is not worth it (fewer than
/// `min_pairs` eligible pairs in all, or fewer than two parts of at least
/// [`SMALL_PART_PAIRS`]) or not safe (a previous-roster pair across parts). Small parts,
/// isolated clinicians and isolated shifts form one last part together.
pub(crate) fn parts(index: &Index<'_>, min_pairs: usize) -> Option<Vec<Part>> {
    if index.eligible_pair_count() < min_pairs {
        return None;
    }
    let (nc, ns) = (index.clinician_count(), index.shift_count());
    // Clinicians are elements 0..nc, shifts nc..nc+ns.
    let mut sets: UnionFind<u32> = UnionFind::new(nc + ns);
    for c in index.clinician_indices() {
        for &s in index.eligible_for_clinician(c) {
            sets.union(c.0, nc as u32 + s.0);
        }
    }
    let labels = sets.into_labeling();
    let mut pairs_of_root: HashMap<u32, usize> = HashMap::new();
    for c in index.clinician_indices() {
        *pairs_of_root.entry(labels[c.index()]).or_default() +=
            index.eligible_for_clinician(c).len();
    }
    // Big parts, numbered by their smallest member so the order does not depend on the
    // union–find's choice of representatives.
    let mut first_member: HashMap<u32, u32> = HashMap::new();
    for (member, &root) in labels.iter().enumerate() {
        first_member.entry(root).or_insert(member as u32);
    }
    let big: BTreeSet<(u32, u32)> = pairs_of_root
        .iter()
        .filter(|&(_, &pairs)| pairs >= SMALL_PART_PAIRS)
        .map(|(&root, _)| (first_member[&root], root))
        .collect();
    if big.len() < 2 {
        return None;
    }
    let slot: HashMap<u32, usize> = big
        .iter()
        .enumerate()
        .map(|(i, &(_, root))| (root, i))
        .collect();
    let rest = big.len();
    let mut parts: Vec<Part> = (0..=rest).map(|_| Part::default()).collect();
    let mut part_of_clinician = vec![0usize; nc];
    for c in index.clinician_indices() {
        let p = slot.get(&labels[c.index()]).copied().unwrap_or(rest);
        part_of_clinician[c.index()] = p;
        parts[p].clinicians.push(c);
    }
    let mut part_of_shift = vec![0usize; ns];
    for s in index.shift_indices() {
        let p = slot.get(&labels[nc + s.index()]).copied().unwrap_or(rest);
        part_of_shift[s.index()] = p;
        parts[p].shifts.push(s);
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
