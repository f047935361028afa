//! Replan: repair a published roster after a change, moving as little as possible.
//!
//! # Formulation
//!
//! The published roster `R` becomes the problem's `previous` list, so every pair of `R`
//! left out of the new roster costs `w.change` (the request's `change_weight`, else the
//! problem's `weights.change`): an assignment moves only when moving it is worth more
//! than `w.change`. Then the changes are applied and the problem re-solved:
//!
//! * **cancel** clinician `c` from time `T` (default: the start of the horizon): `c`
//!   becomes unavailable from `T` on; every pair of `R` on a shift starting before `T`
//!   is pinned (that part of the roster has been worked), except `c`'s shifts still
//!   running at `T`; `c`'s pairs from `T` on leave `previous` (they cannot be kept) and
//!   their pins are dropped;
//! * **drop a shift**: it leaves the problem, with its pins, `previous` pairs and the
//!   preferences that name it;
//! * **add a shift**: it joins the problem.
//!
//! The diff compares `R` with the new roster: pairs added and removed, clinicians moved
//! (who lost one shift and gained another), how many pairs were kept, and the shifts
//! newly unfilled or newly filled.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{diff_pairs, resolve_roster};
use crate::error::{Error, Issue, IssueCode, Result};
use crate::evaluate::evaluate;
use crate::index::Index;
use crate::model::SolveOptions;
use crate::model::{Assignment, Interval, Problem, Shift};
use crate::roster::Roster;
use crate::solve::solve;
use crate::validate::parse_instant;

/// One change to a published roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// A clinician cancels from a time on (`from` absent: the whole horizon).
    Cancel {
        /// The clinician's id.
        clinician: String,
        /// A civil time in the problem's zone, or RFC 3339.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// A shift is no longer needed.
    DropShift {
        /// The shift's id.
        shift: String,
    },
    /// A new shift needs covering.
    AddShift {
        /// The shift, as in the problem document.
        shift: Box<Shift>,
    },
}

/// A clinician who gave up some shifts and took others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The clinician's id.
    pub clinician: String,
    /// Shifts they no longer work.
    pub from: Vec<String>,
    /// Shifts they now work.
    pub to: Vec<String>,
}

/// What changed between the published roster and the repaired one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// Pairs in the new roster only.
    pub added: Vec<Assignment>,
    /// Pairs in the published roster only.
    pub removed: Vec<Assignment>,
    /// Clinicians with pairs both added and removed.
    pub moved: Vec<Moved>,
    /// Pairs of the published roster kept.
    pub kept: usize,
    /// Shifts unfilled now that were filled (or did not exist) before.
    pub newly_unfilled: Vec<String>,
    /// Shifts filled now that were unfilled before.
    pub newly_filled: Vec<String>,
}

/// The answer of [`replan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplanResult {
    /// The repaired roster, solved for `problem`.
    pub roster: Roster,
    /// What changed.
    pub diff: Diff,
    /// The `w.change` used.
    pub change_weight: f64,
    /// Remarks: pins dropped, a zero change weight.
    pub notes: Vec<String>,
    /// The problem after the changes (published roster as `previous`, frozen pins):
    /// solve or explain it again as it is.
    pub problem: Problem,
}

/// Repair a published roster after `changes`, keeping every unaffected assignment
/// unless moving it is worth more than the change weight.
///
/// # Arguments
/// * `problem`, `roster` — the problem and the published roster's assignments;
/// * `changes` — cancellations, dropped and added shifts, applied in order;
/// * `change_weight` — `w.change` for the repair (default: the problem's
///   `weights.change`; with 0 nothing is held in place, which a note says);
/// * `options` — solve options.
///
/// # Errors
/// [`Error::Invalid`] for an invalid problem, roster or change (an unknown clinician or
/// shift, an unreadable `from`, an added shift that makes the problem invalid — with its
/// pointer into the repaired problem); the errors of [`solve`].
///
/// # Example
/// ```
/// use rotaflow::{Change, Problem, SolveOptions};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 90},
///                  {"id": "B", "roles": ["gp"], "rate_per_hour": 100}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#)?;
/// let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
/// let cancel = Change::Cancel { clinician: "A".into(), from: None };
/// let r = rotaflow::replan(&problem, &roster.assignments, &[cancel], Some(500.0),
///                          &SolveOptions::new())?;
/// assert_eq!(r.diff.removed[0].clinician, "A");
/// assert_eq!(r.diff.added[0].clinician, "B");
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn replan(
    problem: &Problem,
    roster: &[Assignment],
    changes: &[Change],
    change_weight: Option<f64>,
    options: &SolveOptions,
) -> Result<ReplanResult> {
    Index::build(problem)?.replan(roster, changes, change_weight, options)
}

impl Index<'_> {
    /// [`replan`] on a validated problem.
    ///
    /// # Errors
    /// As the function of the same name, but the problem is not validated again.
    pub fn replan(
        &self,
        roster: &[Assignment],
        changes: &[Change],
        change_weight: Option<f64>,
        options: &SolveOptions,
    ) -> Result<ReplanResult> {
        let index = self;
        let problem = index.problem();
        if changes.is_empty() {
            return Err(Error::Invalid(vec![Issue::new(
                "/changes",
                IssueCode::InvalidValue,
                "replan needs a change: cancel, drop_shift or add_shift",
            )]));
        }
        resolve_roster(index, roster)?;
        let before = evaluate(index, roster);
        let mut notes = Vec::new();
        let mut next = problem.clone();
        let w = change_weight.unwrap_or(problem.weights.change);
        next.weights.change = w;
        if w == 0.0 {
            notes.push(
                "the change weight is 0, so no assignment was held in place; give one (\
                 `--change`) to keep the published roster"
                    .to_owned(),
            );
        }
        let mut previous: BTreeSet<Assignment> = roster.iter().cloned().collect();
        let mut pins: BTreeSet<Assignment> = problem.pinned.iter().cloned().collect();
        let span = horizon_span(index);

        for (i, change) in changes.iter().enumerate() {
            let bad = |field: &str, code: IssueCode, message: String| {
                Error::Invalid(vec![Issue::new(
                    format!("/changes/{i}/{field}"),
                    code,
                    message,
                )])
            };
            match change {
                Change::Cancel { clinician, from } => {
                    let Some(c) = index.clinician_idx(clinician) else {
                        return Err(bad(
                            "clinician",
                            IssueCode::UnknownClinician,
                            format!("no clinician has the id `{clinician}`"),
                        ));
                    };
                    let t = match from {
                        Some(text) => parse_instant(text, index.timezone())
                            .map_err(|m| bad("from", IssueCode::InvalidTime, m))?,
                        None => span.0,
                    };
                    let ends_after = |shift: &str| {
                        index
                            .shift_idx(shift)
                            .is_some_and(|s| index.shift(s).end > t)
                    };
                    let starts_before = |shift: &str| {
                        index
                            .shift_idx(shift)
                            .is_some_and(|s| index.shift(s).start < t)
                    };
                    // Freeze what has started; the cancelled clinician's running and later
                    // shifts go.
                    for a in roster {
                        let theirs = a.clinician == *clinician && ends_after(&a.shift);
                        if theirs {
                            previous.remove(a);
                        } else if starts_before(&a.shift) {
                            pins.insert(a.clone());
                        }
                    }
                    let dropped: Vec<Assignment> = pins
                        .iter()
                        .filter(|a| a.clinician == *clinician && ends_after(&a.shift))
                        .cloned()
                        .collect();
                    for a in dropped {
                        notes.push(format!(
                            "the pin of {} to {} was dropped: they cancelled",
                            a.clinician, a.shift
                        ));
                        pins.remove(&a);
                    }
                    let clin = &mut next.clinicians[c.index()];
                    clin.unavailable.push(Interval {
                        start: from.clone().unwrap_or_else(|| stamp(t)),
                        end: stamp(span.1.max(t) + 86_400),
                    });
                }
                Change::DropShift { shift } => {
                    let Some(pos) = next.shifts.iter().position(|x| x.id == *shift) else {
                        return Err(bad(
                            "shift",
                            IssueCode::UnknownShift,
                            format!("no shift has the id `{shift}`"),
                        ));
                    };
                    next.shifts.remove(pos);
                    previous.retain(|a| a.shift != *shift);
                    let before_pins = pins.len();
                    pins.retain(|a| a.shift != *shift);
                    if pins.len() < before_pins {
                        notes.push(format!("the pins on {shift} were dropped with it"));
                    }
                    for clin in &mut next.clinicians {
                        clin.preferences
                            .retain(|pr| pr.shift.as_deref() != Some(shift.as_str()));
                    }
                }
                Change::AddShift { shift } => next.shifts.push((**shift).clone()),
            }
        }
        next.previous = previous.into_iter().collect();
        next.pinned = pins.into_iter().collect();
        let roster_new = solve(&next, options)?;

        // The diff.
        let (added, removed) = diff_pairs(roster, &roster_new.assignments);
        let mut moved: BTreeMap<String, Moved> = BTreeMap::new();
        for a in &removed {
            if added.iter().any(|b| b.clinician == a.clinician) {
                moved
                    .entry(a.clinician.clone())
                    .or_insert_with(|| Moved {
                        clinician: a.clinician.clone(),
                        from: Vec::new(),
                        to: Vec::new(),
                    })
                    .from
                    .push(a.shift.clone());
            }
        }
        for b in &added {
            if let Some(m) = moved.get_mut(&b.clinician) {
                m.to.push(b.shift.clone());
            }
        }
        let was_unfilled: BTreeSet<&str> =
            before.unfilled.iter().map(|u| u.shift.as_str()).collect();
        let now_unfilled: BTreeSet<&str> = roster_new
            .unfilled
            .iter()
            .map(|u| u.shift.as_str())
            .collect();
        let existed: BTreeSet<&str> = problem.shifts.iter().map(|s| s.id.as_str()).collect();
        let still: BTreeSet<&str> = next.shifts.iter().map(|s| s.id.as_str()).collect();
        let diff = Diff {
            kept: roster.len().saturating_sub(removed.len()),
            newly_unfilled: now_unfilled
                .iter()
                .filter(|s| !was_unfilled.contains(*s) || !existed.contains(*s))
                .map(|s| (*s).to_owned())
                .collect(),
            newly_filled: was_unfilled
                .iter()
                .filter(|s| !now_unfilled.contains(*s) && still.contains(*s))
                .map(|s| (*s).to_owned())
                .collect(),
            added,
            removed,
            moved: moved.into_values().collect(),
        };
        Ok(ReplanResult {
            roster: roster_new,
            diff,
            change_weight: w,
            notes,
            problem: next,
        })
    }
}

/// First start and last end over the problem's shifts.
fn horizon_span(index: &Index<'_>) -> (i64, i64) {
    let start = index.shifts().iter().map(|f| f.start).min().unwrap_or(0);
    let end = index.shifts().iter().map(|f| f.end).max().unwrap_or(0);
    (start, end)
}

/// An instant as RFC 3339 UTC.
fn stamp(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .map(|ts| ts.to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}
