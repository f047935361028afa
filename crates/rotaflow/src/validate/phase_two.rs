//! Phase two: the checks that reason over the compiled facts, run once phase one has
//! passed — distances a rule needs but that cannot be known, and pins that break
//! eligibility or, among themselves, a rule.

use std::collections::BTreeMap;

use super::Validator;
use crate::error::IssueCode;
use crate::index::{ClinicianIdx, Index, SiteIdx, list_ids};

impl Validator<'_> {
    /// Checks that need the compiled facts: unknowable distances and pins.
    pub(super) fn phase_two(&mut self, index: &Index<'_>) {
        let p = self.problem;
        // Sites hosting shifts of each role.
        let mut sites_by_role: BTreeMap<&str, Vec<SiteIdx>> = BTreeMap::new();
        for (s, facts) in p.shifts.iter().zip(index.shifts()) {
            sites_by_role
                .entry(s.role.as_str())
                .or_default()
                .push(facts.site);
        }
        for list in sites_by_role.values_mut() {
            list.sort();
            list.dedup();
        }
        // With a home, only the sites without coordinates can have an unknown distance.
        let unlocated_by_role: BTreeMap<&str, Vec<SiteIdx>> = sites_by_role
            .iter()
            .map(|(&role, list)| {
                let unlocated = list
                    .iter()
                    .copied()
                    .filter(|s| {
                        let site = &p.sites[s.index()];
                        site.lat.is_none() || site.lon.is_none()
                    })
                    .collect();
                (role, unlocated)
            })
            .collect();
        let travel_priced = p.weights.travel_per_km != 0.0;
        for (ci, c) in p.clinicians.iter().enumerate() {
            if c.max_travel_km.is_none() && !travel_priced {
                continue;
            }
            let cidx = ClinicianIdx(ci as u32);
            let candidates = if c.home.is_some() {
                &unlocated_by_role
            } else {
                &sites_by_role
            };
            let mut sites: Vec<SiteIdx> = c
                .roles
                .iter()
                .filter_map(|r| candidates.get(r.as_str()))
                .flatten()
                .copied()
                .filter(|s| !c.excluded_sites.contains(&p.sites[s.index()].id))
                .collect();
            sites.sort();
            sites.dedup();
            let unknown: Vec<&str> = sites
                .iter()
                .filter(|&&s| !index.distance_known(cidx, s))
                .map(|s| p.sites[s.index()].id.as_str())
                .collect();
            if unknown.is_empty() {
                continue;
            }
            let listed = list_ids(&unknown);
            let (ptr, why) = if c.max_travel_km.is_some() {
                (
                    format!("/clinicians/{ci}/max_travel_km"),
                    "max_travel_km is set",
                )
            } else {
                (
                    "/weights/travel_per_km".to_owned(),
                    "weights.travel_per_km is not zero",
                )
            };
            self.push(
                ptr,
                IssueCode::UnknownDistance,
                format!(
                    "{why} but the distance from {} to {listed} cannot be known: give the \
                     clinician a home and the sites lat/lon, or add travel_km entries",
                    c.id
                ),
            );
        }
        if !self.issues.is_empty() {
            return;
        }
        // Pins: eligibility, then the rules among the pins themselves.
        for (i, &(s, c)) in index.pinned().iter().enumerate() {
            if let Some(why) = index.ineligibility(c, s) {
                self.push(
                    format!("/pinned/{i}"),
                    IssueCode::PinNotEligible,
                    format!(
                        "{} is pinned to {} but {why}",
                        p.clinicians[c.index()].id,
                        p.shifts[s.index()].id
                    ),
                );
            }
        }
        if !self.issues.is_empty() {
            return;
        }
        for breach in crate::evaluate::pin_conflicts(index) {
            let ptr = breach
                .pins
                .first()
                .map(|i| format!("/pinned/{i}"))
                .unwrap_or_else(|| "/pinned".to_owned());
            self.push(ptr, IssueCode::PinConflict, breach.message);
        }
    }
}
