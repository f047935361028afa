//! What-if: the marginal value of one more session, from the optimal duals.
//!
//! # Formulation
//!
//! Solve the problem's flow exactly, then run one reverse Dijkstra to the source `S` on
//! the residual network priced with the optimal potentials (see [`super::residual`]):
//! `d(x → S)` is the cost of the cheapest way to absorb one more unit arriving at `x`.
//!
//! * **One more session of role `r` at site `p` on day `d`**: a hypothetical clinician
//!   who may work any one shift of that role at that site on that day, at no cost. The
//!   objective falls by `max(0, max_s −d(s → S))` over those shifts `s` — exactly the
//!   optimum of the problem with that clinician added. It is the most one more session
//!   there is worth paying for: a session costing `k` is worth buying while `k` is below it.
//! * **One more session from clinician `c`**: one more unit of capacity on `c`'s source
//!   arc (the limit that binds, `max_shifts` or a folded `max_hours`), at that arc's cost
//!   (`±w.fairness` with a target, else 0): the objective falls by
//!   `max(0, −(k + d(c → S)))`, exactly the optimum with `max_shifts` one higher when
//!   `max_shifts` is what binds. A clinician whose every slot is already worked (limit
//!   `slots`) gains nothing.
//!
//! One solve plus one Dijkstra, `O(m log n)`, for every value at once. Flow-representable
//! problems only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::assignments_of;
use super::residual::{Pricing, Residual, UNREACHABLE};
use crate::error::{Error, Result};
use crate::index::{Index, ShiftIdx};
use crate::model::{Assignment, Problem};
use crate::solve::flow::UpperLimit;

/// The value of one more session of a role at a site on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionValue {
    /// The role.
    pub role: String,
    /// The site's id.
    pub site: String,
    /// The day, `YYYY-MM-DD`.
    pub day: String,
    /// Shifts of that role there that day.
    pub shifts: usize,
    /// Objective fall with one more session at no cost (≥ 0).
    pub value: f64,
    /// The shift it would cover (directly, or through the moves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// Pairs of the pool that the extra session would set up (besides its own).
    pub added: Vec<Assignment>,
    /// Pairs it would free.
    pub removed: Vec<Assignment>,
}

/// The value of one more session from a clinician.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicianValue {
    /// The clinician's id.
    pub clinician: String,
    /// Objective fall if they worked one more session (≥ 0).
    pub value: f64,
    /// Shifts they work in the optimum.
    pub shifts: u32,
    /// What caps their shifts: `max_shifts`, `max_hours` or `slots` (every non-overlapping
    /// group of their eligible shifts is worked); `none` with no eligible shift.
    pub limit: String,
    /// Pairs the extra session would add (theirs and any knock-on).
    pub added: Vec<Assignment>,
    /// Pairs it would remove.
    pub removed: Vec<Assignment>,
}

/// The answer of [`whatif`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// The optimal objective.
    pub objective: f64,
    /// The `top` most valuable extra sessions by role, site and day, best first.
    pub sessions: Vec<SessionValue>,
    /// The `top` clinicians whose one more session is worth most, best first.
    pub clinicians: Vec<ClinicianValue>,
}

/// Marginal values from the optimal duals: how much the objective would fall with one more
/// session of each role at each site and day, and with one more session from each
/// clinician.
///
/// # Arguments
/// `problem`; `top` — how many of each list to return (all when 0; zero values are left
/// out).
///
/// # Errors
/// [`Error::Invalid`] for an invalid problem; [`Error::NotFlowRepresentable`] naming the
/// rules in the way; [`Error::MethodUnavailable`] when no roster meets the minimums and
/// pins.
///
/// # Complexity
/// One flow solve and one Dijkstra, `O(m log n)`.
///
/// # Example
/// ```
/// use rotaflow::Problem;
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
///              {"id": "S2", "site": "P1", "role": "gp",
///               "start": "2026-12-07T09:00", "end": "2026-12-07T13:00"}]}"#)?;
/// let w = rotaflow::whatif(&problem, 5)?;
/// // One more GP session at P1 on the 7th fills the second shift: 1000 saved.
/// assert_eq!(w.sessions[0].value, 1000.0);
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn whatif(problem: &Problem, top: usize) -> Result<WhatIf> {
    Index::build(problem)?.whatif(top)
}

impl Index<'_> {
    /// [`whatif`] on a validated problem.
    ///
    /// # Errors
    /// As the function of the same name, but the problem is not validated again.
    pub fn whatif(&self, top: usize) -> Result<WhatIf> {
        let index = self;
        let r = match Residual::solved(index)? {
            Pricing::Exact(r) => r,
            Pricing::NotRepresentable(o) => return Err(Error::NotFlowRepresentable(o)),
            Pricing::Infeasible => {
                return Err(Error::MethodUnavailable(
                    "what-if needs a feasible problem: no roster meets the minimums and pins"
                        .to_owned(),
                ));
            }
            Pricing::Inexact(why) => return Err(Error::Internal(why)),
        };
        let p = index.problem();
        let pairs = r.pairs();
        let objective = crate::evaluate::evaluate(index, &assignments_of(index, &pairs))
            .score
            .total;
        let source = r.model.source;
        let to = r.dijkstra(source, true);
        let scale = r.model.scale;
        let gain = |reduced: i128, x| -> f64 {
            if reduced == UNREACHABLE {
                0.0
            } else {
                (-(r.real(reduced, x, source) as f64) / scale).max(0.0) + 0.0
            }
        };

        // Sessions, by (role, site, day).
        let mut groups: BTreeMap<(&str, usize, u32), Vec<ShiftIdx>> = BTreeMap::new();
        for s in index.shift_indices() {
            let f = index.shift(s);
            groups
                .entry((p.shifts[s.index()].role.as_str(), f.site.index(), f.day))
                .or_default()
                .push(s);
        }
        let mut sessions: Vec<SessionValue> = groups
            .into_iter()
            .map(|((role, site, day), shifts)| {
                let best = shifts
                    .iter()
                    .map(|&s| {
                        let x = r.model.shift_nodes[s.index()];
                        (gain(to.dist[x.index()], x), s)
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
                let (value, s) = best.unwrap_or((0.0, shifts[0]));
                let (added, removed) = if value > 0.0 {
                    let x = r.model.shift_nodes[s.index()];
                    r.moves_to_root(x, &to, source)
                } else {
                    (Vec::new(), Vec::new())
                };
                SessionValue {
                    role: role.to_owned(),
                    site: p.sites[site].id.clone(),
                    day: index.days()[day as usize].to_string(),
                    shifts: shifts.len(),
                    value,
                    shift: (value > 0.0).then(|| p.shifts[s.index()].id.clone()),
                    added: assignments_of(index, &added),
                    removed: assignments_of(index, &removed),
                }
            })
            .filter(|v| v.value > 0.0)
            .collect();
        sessions.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then_with(|| (&a.role, &a.site, &a.day).cmp(&(&b.role, &b.site, &b.day)))
        });

        // Clinicians.
        let mut worked = vec![0u32; index.clinician_count()];
        for &(_, c) in &pairs {
            worked[c.index()] += 1;
        }
        let w = &p.weights;
        let mut clinicians: Vec<ClinicianValue> = index
            .clinician_indices()
            .filter_map(|c| {
                let arcs = &r.model.clinicians[c.index()];
                let node = arcs.node?;
                let d = to.dist[node.index()];
                if d == UNREACHABLE {
                    return None;
                }
                // The cost of one more unit on the source arc that grows with the limit.
                let k = match p.clinicians[c.index()].target_shifts {
                    Some(t) if w.fairness != 0.0 => {
                        let unit = (w.fairness * scale).round() as i128;
                        if t > arcs.upper { -unit } else { unit }
                    }
                    _ => 0,
                };
                let value = ((-(k + r.real(d, node, source)) as f64) / scale).max(0.0) + 0.0;
                if value <= 0.0 {
                    return None;
                }
                let (added, removed) = r.moves_to_root(node, &to, source);
                Some(ClinicianValue {
                    clinician: p.clinicians[c.index()].id.clone(),
                    value,
                    shifts: worked[c.index()],
                    limit: match arcs.upper_limit {
                        UpperLimit::MaxShifts => "max_shifts",
                        UpperLimit::MaxHours => "max_hours",
                        UpperLimit::Slots => "slots",
                    }
                    .to_owned(),
                    added: assignments_of(index, &added),
                    removed: assignments_of(index, &removed),
                })
            })
            .collect();
        clinicians.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then_with(|| a.clinician.cmp(&b.clinician))
        });
        if top > 0 {
            sessions.truncate(top);
            clinicians.truncate(top);
        }
        Ok(WhatIf {
            objective,
            sessions,
            clinicians,
        })
    }
}
