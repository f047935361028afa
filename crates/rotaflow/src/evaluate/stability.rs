//! Blocking pairs: a clinician and a shift who would both rather have each other than
//! what the roster gives them.
//!
//! # Definition
//!
//! The roster is a many-to-many matching: a clinician works several shifts, a shift takes
//! up to its headcount. A clinician's preference for a shift is `pw(c, s)`, the sum of the
//! weights of `c`'s `preferences` that match `s` (`Index::preference_weight`, the same
//! sum the objective uses, unweighted); being idle is worth 0. A shift ranks clinicians by
//! its `preferred_clinicians` list — earlier is better, every listed clinician above every
//! unlisted one, unlisted clinicians tied.
//!
//! An eligible pair `(c, s)` with `c` not on `s` is **blocking** when both hold:
//!
//! * **the clinician side** — one of
//!   * *add*: `pw(c, s) > 0` and `c`'s shifts plus `s` break none of `c`'s hard rules;
//!   * *swap*: some shift `s'` of `c`'s, not pinned to `c`, has `pw(c, s') < pw(c, s)`,
//!     and `c`'s shifts with `s'` replaced by `s` break none of `c`'s hard rules;
//! * **the shift side** — one of
//!   * *empty place*: `s` has fewer clinicians than its headcount;
//!   * *displace*: `c` is in `s.preferred_clinicians` and ranked above one of `s`'s
//!     clinicians `c'` (listed later, or not listed), and `c'` is not pinned to `s`.
//!
//! "`c`'s hard rules" are every rule of `DESIGN.md` on a clinician's set of shifts
//! (overlap, rest, the counts and hours, per day, per week, runs of days and days off,
//! weekends, per kind, successions), checked by the evaluator's own checks on `c`'s new
//! set; eligibility holds by the choice of pairs, and the headcount is the shift side's.
//! What `s'` loses and what `c'` loses are not asked (as in Gale and Shapley's definition,
//! a blocking pair needs only the two parties' consent). When several `s'` would do, the
//! one `c` likes least is named (ties: the earliest); *add* is named before *swap*, and
//! *empty place* before *displace* (the displaced clinician is the lowest ranked, ties by
//! id). A roster with no blocking pair is *stable* in this sense: no clinician and shift
//! can both gain by a single move that keeps every rule.
//!
//! # Complexity
//!
//! For each clinician `c` with `k_c` shifts and `e_c` eligible shifts: O(e_c·p_c) to price
//! the candidates (`p_c` preferences), and for each candidate the shift side in
//! O(h_s·|preferred_s|) and at most `k_c + 1` rule checks of O(k_c²) each — polynomial,
//! O(Σ_c e_c·(p_c + k_c³)). Only candidates with `pw(c, s) > 0` or above `c`'s least-liked
//! shift are checked, so a problem without preferences costs one pass over the eligible
//! pairs. At most [`BLOCKING_PAIRS_SHOWN`] pairs are listed; all are counted.
//!
//! # References
//!
//! D. Gale and L. S. Shapley, "College admissions and the stability of marriage",
//! *American Mathematical Monthly* 69 (1962) 9–15 (blocking pairs and stability);
//! A. E. Roth and E. Peranson, "The redesign of the matching market for American
//! physicians: some engineering aspects of economic design", *American Economic Review*
//! 89 (1999) 748–780 (stability in the medical match with multi-position programmes).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::rules::{RuleSet, check_rules};
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::Assignment;
use crate::rule::Rule;

/// How many blocking pairs a document lists (all are counted).
pub const BLOCKING_PAIRS_SHOWN: usize = 100;

/// A clinician and a shift who would both rather have each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockingPair {
    /// The clinician's id.
    pub clinician: String,
    /// The shift's id.
    pub shift: String,
    /// `pw(c, s)`: the clinician's preference weight for the shift.
    pub preference: f64,
    /// The shift the clinician would give up for it (absent: they would add it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead_of: Option<String>,
    /// The clinician the shift would give up for them (absent: it has an empty place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displaces: Option<String>,
    /// A sentence for a person.
    pub message: String,
}

/// The roster's pairs with known ids, sorted, without repeats.
pub(crate) fn known_pairs(
    index: &Index<'_>,
    assignments: &[Assignment],
) -> Vec<(ShiftIdx, ClinicianIdx)> {
    let set: BTreeSet<(ShiftIdx, ClinicianIdx)> = assignments
        .iter()
        .filter_map(|a| {
            Some((
                index.shift_idx(&a.shift)?,
                index.clinician_idx(&a.clinician)?,
            ))
        })
        .collect();
    set.into_iter().collect()
}

/// Whether `c`'s shifts `mine` break none of `c`'s own rules.
fn keeps_rules(index: &Index<'_>, c: ClinicianIdx, mine: &[(ShiftIdx, ClinicianIdx)]) -> bool {
    let l = &index.problem().clinicians[c.index()].limits;
    // Minimums need the full set; without any, the monotone rules are all there is and
    // the check does not visit every other clinician.
    let has_minimum = l.min_shifts.is_some()
        || l.min_hours.is_some()
        || l.min_consecutive_days.is_some()
        || l.min_consecutive_days_off.is_some()
        || l.per_week.is_some_and(|w| w.min_shifts.is_some());
    let set = if has_minimum {
        RuleSet::All
    } else {
        RuleSet::Monotone
    };
    let cid = index.clinician_id(c);
    !check_rules(index, mine, set).iter().any(|r| {
        r.breach.rule != Rule::Headcount
            && r.breach.rule != Rule::Eligibility
            && r.breach.clinician.as_deref() == Some(cid)
    })
}

/// Every blocking pair of the roster `pairs` (sorted, known ids), the first
/// [`BLOCKING_PAIRS_SHOWN`] of them in order of clinician id then shift id, and the count.
pub(crate) fn blocking_pairs(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
) -> (Vec<BlockingPair>, usize) {
    let p = index.problem();
    let mut on_shift: Vec<Vec<ClinicianIdx>> = vec![Vec::new(); index.shift_count()];
    let mut of_clinician: Vec<Vec<ShiftIdx>> = vec![Vec::new(); index.clinician_count()];
    for &(s, c) in pairs {
        on_shift[s.index()].push(c);
        of_clinician[c.index()].push(s);
    }
    let pinned: BTreeSet<(ShiftIdx, ClinicianIdx)> = index.pinned().iter().copied().collect();
    // Rank of c on s: position in preferred_clinicians, unlisted after every listed one.
    let rank = |s: ShiftIdx, c: ClinicianIdx| -> usize {
        let id = index.clinician_id(c);
        p.shifts[s.index()]
            .preferred_clinicians
            .iter()
            .position(|x| x == id)
            .unwrap_or(usize::MAX)
    };
    let mut found: Vec<BlockingPair> = Vec::new();
    for c in index.clinician_indices() {
        let cid = index.clinician_id(c);
        let mine = &of_clinician[c.index()];
        // c's swappable shifts, least liked first.
        let mut swappable: Vec<(f64, ShiftIdx)> = mine
            .iter()
            .filter(|&&s| !pinned.contains(&(s, c)))
            .map(|&s| (index.preference_weight(c, s), s))
            .collect();
        swappable.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| index.shift(a.1).start.cmp(&index.shift(b.1).start))
                .then_with(|| a.1.cmp(&b.1))
        });
        let least = swappable.first().map_or(f64::INFINITY, |x| x.0);
        let current: Vec<(ShiftIdx, ClinicianIdx)> = mine.iter().map(|&s| (s, c)).collect();
        for &s in index.eligible_for_clinician(c) {
            if mine.contains(&s) {
                continue;
            }
            let pw = index.preference_weight(c, s);
            if !(pw > 0.0 || pw > least) {
                continue;
            }
            // The shift side.
            let here = &on_shift[s.index()];
            let displaces = if (here.len() as u64) < u64::from(index.shift(s).headcount) {
                None
            } else {
                let mine_rank = rank(s, c);
                if mine_rank == usize::MAX {
                    continue;
                }
                let worst = here
                    .iter()
                    .copied()
                    .filter(|&x| !pinned.contains(&(s, x)))
                    .map(|x| (rank(s, x), x))
                    .filter(|&(r, _)| r > mine_rank)
                    .max_by(|a, b| {
                        a.0.cmp(&b.0)
                            .then_with(|| index.clinician_id(b.1).cmp(index.clinician_id(a.1)))
                    });
                match worst {
                    Some((_, x)) => Some(x),
                    None => continue,
                }
            };
            // The clinician side.
            let mut instead_of = None;
            let mut ok = false;
            if pw > 0.0 {
                let mut with = current.clone();
                with.push((s, c));
                ok = keeps_rules(index, c, &with);
            }
            if !ok {
                for &(w, old) in &swappable {
                    if w >= pw {
                        break;
                    }
                    let mut with: Vec<(ShiftIdx, ClinicianIdx)> =
                        current.iter().copied().filter(|&(x, _)| x != old).collect();
                    with.push((s, c));
                    if keeps_rules(index, c, &with) {
                        instead_of = Some(old);
                        ok = true;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let sid = index.shift_id(s);
            let want = match instead_of {
                None => format!("would add {sid} (preference {pw}) within their rules"),
                Some(old) => format!(
                    "would rather work {sid} (preference {pw}) than {} (preference {})",
                    index.shift_id(old),
                    index.preference_weight(c, old)
                ),
            };
            let give = match displaces {
                None => format!("{sid} has an empty place"),
                Some(x) => format!(
                    "{sid} ranks {cid} above {} in its preferred_clinicians",
                    index.clinician_id(x)
                ),
            };
            found.push(BlockingPair {
                clinician: cid.to_owned(),
                shift: sid.to_owned(),
                preference: pw + 0.0,
                instead_of: instead_of.map(|x| index.shift_id(x).to_owned()),
                displaces: displaces.map(|x| index.clinician_id(x).to_owned()),
                message: format!("{cid} {want}, and {give}"),
            });
        }
    }
    found.sort_by(|a, b| (&a.clinician, &a.shift).cmp(&(&b.clinician, &b.shift)));
    let count = found.len();
    found.truncate(BLOCKING_PAIRS_SHOWN);
    (found, count)
}
