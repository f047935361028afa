//! Eligibility: who may work what, under the five conditions of `DESIGN.md` (role and
//! skills; availability; exclusions; rate cap; travel), computed once per problem.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use super::{ClinicianIdx, EARTH_RADIUS_KM, Index, ShiftIdx, SiteIdx};
use crate::model::Problem;

/// Why a clinician may not work a shift (the first condition of `DESIGN.md` that fails).
#[derive(Debug, Clone, PartialEq)]
pub enum Ineligible {
    /// The clinician does not hold the shift's role.
    Role,
    /// The clinician lacks a required skill (the shift's own, or its role's
    /// `required_skills`).
    Skill(String),
    /// The clinician holds a required skill, but not on the shift's day: the dates of the
    /// entry nearest the day.
    SkillNotValid {
        /// The skill.
        skill: String,
        /// Its first valid day, when the entry starts after the shift's day.
        from: Option<jiff::civil::Date>,
        /// Its last valid day, when the entry ended before the shift's day.
        until: Option<jiff::civil::Date>,
        /// The shift's day.
        day: jiff::civil::Date,
    },
    /// The shift does not lie inside any availability period.
    NotAvailable,
    /// The shift meets an unavailable period.
    Unavailable,
    /// The site is in the clinician's `excluded_sites`.
    ExcludedSite,
    /// The clinician is in the shift's `excluded_clinicians`.
    ExcludedClinician,
    /// The clinician's rate is above the shift's `max_rate_per_hour`.
    RateAboveCap {
        /// The clinician's hourly rate.
        rate: f64,
        /// The shift's cap.
        cap: f64,
    },
    /// The site is further than the clinician's `max_travel_km`.
    TooFar {
        /// Distance to the site.
        km: f64,
        /// The clinician's limit.
        max: f64,
    },
}

impl std::fmt::Display for Ineligible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ineligible::Role => f.write_str("does not hold the shift's role"),
            Ineligible::Skill(s) => write!(f, "lacks the skill `{s}`"),
            Ineligible::SkillNotValid {
                skill,
                until: Some(until),
                day,
                ..
            } => write!(
                f,
                "holds `{skill}` only until {}; the session is on {}",
                human_date(*until),
                human_date(*day)
            ),
            Ineligible::SkillNotValid {
                skill, from, day, ..
            } => write!(
                f,
                "holds `{skill}` only from {}; the session is on {}",
                from.map(human_date).unwrap_or_default(),
                human_date(*day)
            ),
            Ineligible::NotAvailable => f.write_str("is not available for the whole shift"),
            Ineligible::Unavailable => f.write_str("is unavailable during the shift"),
            Ineligible::ExcludedSite => f.write_str("has excluded the shift's site"),
            Ineligible::ExcludedClinician => f.write_str("is excluded by the shift"),
            Ineligible::RateAboveCap { rate, cap } => {
                write!(f, "costs {rate}/h, above the shift's cap of {cap}/h")
            }
            Ineligible::TooFar { km, max } => {
                write!(f, "lives {km:.1} km away, beyond their limit of {max} km")
            }
        }
    }
}

impl Index<'_> {
    /// The first eligibility condition of `DESIGN.md` that `c` fails for `s`, or `None`
    /// when `c` is eligible.
    pub fn ineligibility(&self, c: ClinicianIdx, s: ShiftIdx) -> Option<Ineligible> {
        self.ineligibility_but_travel(c, s).or_else(|| {
            let clin = &self.problem.clinicians[c.index()];
            let max = clin.max_travel_km?;
            // Phase two guarantees the distance is known for every site of a held role.
            let km = self
                .km(c, self.shifts[s.index()].site)
                .unwrap_or(f64::INFINITY);
            (km > max).then_some(Ineligible::TooFar { km, max })
        })
    }

    /// [`Index::ineligibility`] without the travel limit (the last condition).
    fn ineligibility_but_travel(&self, c: ClinicianIdx, s: ShiftIdx) -> Option<Ineligible> {
        let clin = &self.problem.clinicians[c.index()];
        let shift = &self.problem.shifts[s.index()];
        let facts = &self.shifts[s.index()];
        let cf = &self.clinicians[c.index()];
        if !clin.roles.contains(&shift.role) {
            return Some(Ineligible::Role);
        }
        let by_role = self
            .problem
            .required_skills
            .get(&shift.role)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if shift.skills.len() + by_role.len() > 0 {
            let day = self.days[facts.day as usize];
            for k in shift.skills.iter().chain(by_role) {
                if let Some(why) = self.skill_on(c, k, day) {
                    return Some(why);
                }
            }
        }
        if let Some(avail) = &cf.availability {
            if !avail
                .iter()
                .any(|&(a, b)| a <= facts.start && facts.end <= b)
            {
                return Some(Ineligible::NotAvailable);
            }
        }
        if cf
            .unavailable
            .iter()
            .any(|&(a, b)| a < facts.end && facts.start < b)
        {
            return Some(Ineligible::Unavailable);
        }
        if clin.excluded_sites.contains(&shift.site) {
            return Some(Ineligible::ExcludedSite);
        }
        if shift.excluded_clinicians.contains(&clin.id) {
            return Some(Ineligible::ExcludedClinician);
        }
        if let Some(cap) = shift.max_rate_per_hour {
            if clin.rate_per_hour > cap {
                return Some(Ineligible::RateAboveCap {
                    rate: clin.rate_per_hour,
                    cap,
                });
            }
        }
        None
    }

    /// Why `c` does not hold `skill` on `day`, or `None` when one of their entries for it
    /// covers the day (a clinician may list a skill more than once, e.g. a renewal).
    fn skill_on(&self, c: ClinicianIdx, skill: &str, day: jiff::civil::Date) -> Option<Ineligible> {
        let clin = &self.problem.clinicians[c.index()];
        let dates = &self.clinicians[c.index()].credentials;
        let mut nearest: Option<Ineligible> = None;
        let mut nearest_gap = i64::MAX;
        for (held, d) in clin.skills.iter().zip(dates) {
            if held.name() != skill {
                continue;
            }
            if d.covers(day) {
                return None;
            }
            // The entry missed the day before or after it: keep the nearest miss.
            let (gap, why) = match (d.until, d.from) {
                (Some(until), _) if until < day => (
                    (day - until).get_days() as i64,
                    Ineligible::SkillNotValid {
                        skill: skill.to_owned(),
                        from: None,
                        until: Some(until),
                        day,
                    },
                ),
                (_, Some(from)) => (
                    (from - day).get_days() as i64,
                    Ineligible::SkillNotValid {
                        skill: skill.to_owned(),
                        from: Some(from),
                        until: None,
                        day,
                    },
                ),
                _ => continue,
            };
            if gap < nearest_gap {
                nearest_gap = gap;
                nearest = Some(why);
            }
        }
        Some(nearest.unwrap_or_else(|| Ineligible::Skill(skill.to_owned())))
    }

    /// Compute who may work what, per clinician (in parallel) and per shift.
    ///
    /// # Complexity
    /// O(C·S_r) time, where S_r is the number of shifts of a clinician's roles (sites
    /// outside a clinician's latitude band skipped), spread over the rayon pool;
    /// O(C + S + eligible pairs) space.
    pub(crate) fn compute_eligibility(&mut self) {
        let problem = self.problem;
        // Shifts by role, then by site; each role's located sites sorted by latitude so a
        // clinician with a travel limit looks only at the sites in their latitude band.
        let mut by_role: BTreeMap<&str, BTreeMap<SiteIdx, Vec<ShiftIdx>>> = BTreeMap::new();
        for (i, s) in problem.shifts.iter().enumerate() {
            by_role
                .entry(s.role.as_str())
                .or_default()
                .entry(self.shifts[i].site)
                .or_default()
                .push(ShiftIdx(i as u32));
        }
        let by_role: BTreeMap<&str, RoleSites> = by_role
            .into_iter()
            .map(|(role, sites)| (role, RoleSites::new(problem, sites)))
            .collect();
        let with_travel: HashSet<ClinicianIdx> = self.travel_clinicians();
        let this = &*self;
        let by_clinician: Vec<Vec<ShiftIdx>> = (0..self.clinicians.len())
            .into_par_iter()
            .map(|ci| {
                let c = ClinicianIdx(ci as u32);
                let clin = &this.problem.clinicians[ci];
                // Only a clinician whose every distance is the great circle from home can
                // skip sites by latitude: a travel_km entry may bring a far site near.
                let reach = match (clin.max_travel_km, clin.home) {
                    (Some(max), Some(home)) if max.is_finite() && !with_travel.contains(&c) => {
                        Some((home.lat, max))
                    }
                    _ => None,
                };
                let mut mine: Vec<ShiftIdx> = Vec::new();
                let roles: HashSet<&str> = clin.roles.iter().map(String::as_str).collect();
                for role in roles {
                    let Some(sites) = by_role.get(role) else {
                        continue;
                    };
                    for (site, shifts) in sites.candidates(reach) {
                        if let Some((_, max)) = reach {
                            // The travel condition depends on the site alone: test it
                            // once here, and the others shift by shift.
                            if this.km(c, site).is_none_or(|km| km > max) {
                                continue;
                            }
                            mine.extend(
                                shifts
                                    .iter()
                                    .filter(|&&s| this.ineligibility_but_travel(c, s).is_none()),
                            );
                        } else {
                            mine.extend(
                                shifts
                                    .iter()
                                    .filter(|&&s| this.ineligibility(c, s).is_none()),
                            );
                        }
                    }
                }
                mine.sort_by_key(|&s| (this.shifts[s.index()].start, s));
                mine
            })
            .collect();
        let mut by_shift = vec![Vec::new(); self.shifts.len()];
        for (ci, list) in by_clinician.iter().enumerate() {
            for s in list {
                by_shift[s.index()].push(ClinicianIdx(ci as u32));
            }
        }
        self.eligible_by_clinician = by_clinician;
        self.eligible_by_shift = by_shift;
    }
}

/// A date as a planner reads it: `9 Dec 2026`.
pub(crate) fn human_date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// One role's shifts grouped by site, for the eligibility search.
pub(crate) struct RoleSites {
    /// Sites with coordinates, by latitude: (lat, site, shifts).
    located: Vec<(f64, SiteIdx, Vec<ShiftIdx>)>,
    /// Sites without coordinates (always candidates).
    unlocated: Vec<(SiteIdx, Vec<ShiftIdx>)>,
}

impl RoleSites {
    pub(crate) fn new(problem: &Problem, sites: BTreeMap<SiteIdx, Vec<ShiftIdx>>) -> Self {
        let mut located = Vec::new();
        let mut unlocated = Vec::new();
        for (site, shifts) in sites {
            let s = &problem.sites[site.index()];
            match (s.lat, s.lon) {
                (Some(lat), Some(_)) if lat.is_finite() => located.push((lat, site, shifts)),
                _ => unlocated.push((site, shifts)),
            }
        }
        located.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        RoleSites { located, unlocated }
    }

    /// The sites that may lie within `max` km of a home at latitude `lat` (all of them
    /// when `reach` is `None`). A great circle is at least as long as its north-south
    /// component, `R·|Δlat|`, so sites outside the band `lat ± max/R` are too far.
    pub(crate) fn candidates(
        &self,
        reach: Option<(f64, f64)>,
    ) -> impl Iterator<Item = (SiteIdx, &[ShiftIdx])> + '_ {
        let band = match reach {
            Some((lat, max)) => {
                // A hair wider than the bound, against rounding.
                let half = (max / EARTH_RADIUS_KM).to_degrees() * (1.0 + 1e-9) + 1e-9;
                let lo = self.located.partition_point(|x| x.0 < lat - half);
                let hi = self.located.partition_point(|x| x.0 <= lat + half);
                &self.located[lo..hi.max(lo)]
            }
            None => &self.located[..],
        };
        band.iter()
            .map(|(_, site, shifts)| (*site, shifts.as_slice()))
            .chain(
                self.unlocated
                    .iter()
                    .map(|(site, shifts)| (*site, shifts.as_slice())),
            )
    }
}
