//! The compiled index: a validated problem turned into the facts every solver and the
//! evaluator need, computed once.
//!
//! Building an [`Index`] validates the problem completely. Ids are interned into dense
//! newtype indices; times become instants (seconds since the Unix epoch) read in the
//! problem's zone with jiff's `compatible` disambiguation, so durations and rest are real
//! elapsed time across clock changes; every shift gets its day (the local date of its
//! start, as an index into the horizon) and its weekend; and eligibility — who may work
//! what, under the five conditions of `DESIGN.md` — is computed once, per shift and per
//! clinician.
//!
//! Validation runs in two phases. The first checks each value on its own and every
//! reference (ids, times, numbers, coordinates) and reports every problem it finds. The
//! second needs the first to have passed, because it reasons over the compiled facts:
//! distances that a rule needs but cannot be known, and pins that break eligibility or
//! a rule among themselves.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rayon::prelude::*;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::model::{Clinician, DEFAULT_TIMEZONE, Problem, SCHEMA_VERSION};
use crate::parse::escape;

/// Largest count (headcount, shift limits…) accepted; keeps integer arithmetic exact.
pub const MAX_COUNT: i64 = 1_000_000;

/// Mean earth radius used for great-circle distances, in km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in the problem's list.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// A clinician's position in `Problem::clinicians`.
    ClinicianIdx
);
index_type!(
    /// A shift's position in `Problem::shifts`.
    ShiftIdx
);
index_type!(
    /// A site's position in `Problem::sites`.
    SiteIdx
);

/// Why a clinician may not work a shift (the first condition of `DESIGN.md` that fails).
#[derive(Debug, Clone, PartialEq)]
pub enum Ineligible {
    /// The clinician does not hold the shift's role.
    Role,
    /// The clinician lacks a required skill.
    Skill(String),
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

/// Facts about one shift.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftFacts {
    /// Start, seconds since the Unix epoch.
    pub start: i64,
    /// End, seconds since the Unix epoch.
    pub end: i64,
    /// Real elapsed hours.
    pub hours: f64,
    /// The local date of the start, as an index into [`Index::days`].
    pub day: u32,
    /// The site.
    pub site: SiteIdx,
    /// Clinicians needed.
    pub headcount: u32,
    /// Cost per missing clinician (the shift's own or `weights.unfilled`).
    pub unfilled_penalty: f64,
    /// Cost per extra clinician; `None` when over-staffing is forbidden.
    pub over_penalty: Option<f64>,
    /// Most clinicians in all (`headcount` when over-staffing is forbidden; `None` when
    /// over-staffing is allowed without a cap).
    pub max_headcount: Option<u32>,
}

/// Facts about one clinician.
#[derive(Debug, Clone, PartialEq)]
pub struct ClinicianFacts {
    /// Availability periods as instants; `None` means always available.
    pub availability: Option<Vec<(i64, i64)>>,
    /// Unavailable periods as instants.
    pub unavailable: Vec<(i64, i64)>,
    /// Each preference's `day` selector as a day index (`None` when absent; a date outside
    /// the horizon is `Some(u32::MAX)`, which matches no shift).
    pub preference_days: Vec<Option<u32>>,
}

/// The compiled, validated problem. Build with [`Index::build`].
#[derive(Debug)]
pub struct Index<'p> {
    problem: &'p Problem,
    tz: TimeZone,
    days: Vec<Date>,
    weekend_of_day: Vec<Option<i64>>,
    shifts: Vec<ShiftFacts>,
    clinicians: Vec<ClinicianFacts>,
    site_ids: HashMap<&'p str, SiteIdx>,
    clinician_ids: HashMap<&'p str, ClinicianIdx>,
    shift_ids: HashMap<&'p str, ShiftIdx>,
    travel: HashMap<(ClinicianIdx, SiteIdx), f64>,
    eligible_by_shift: Vec<Vec<ClinicianIdx>>,
    eligible_by_clinician: Vec<Vec<ShiftIdx>>,
    pinned: Vec<(ShiftIdx, ClinicianIdx)>,
    previous: Vec<(ShiftIdx, ClinicianIdx)>,
}

/// Validate a problem completely; an empty list means it is valid.
///
/// ```
/// let problem = rotaflow::Problem::from_json(r#"{"sites": [{"id": "P1"}],
///     "clinicians": [{"id": "C1", "roles": ["gp"]}],
///     "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///                 "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#).unwrap();
/// assert!(rotaflow::validate(&problem).is_empty());
/// ```
pub fn validate(problem: &Problem) -> Vec<Issue> {
    // Eligibility lists are not needed to validate (pins are checked pair by pair).
    match Index::build_inner(problem, false) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(issues)) => issues,
        Err(other) => vec![Issue::new("", IssueCode::InvalidValue, other.to_string())],
    }
}

impl<'p> Index<'p> {
    /// Validate `problem` and compile it.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem found.
    ///
    /// # Complexity
    /// O(C·S_r) time for eligibility, where S_r is the number of shifts of a clinician's
    /// roles, spread over the rayon pool; O(C + S + eligible pairs) space.
    pub fn build(problem: &'p Problem) -> Result<Self> {
        Self::build_inner(problem, true)
    }

    fn build_inner(problem: &'p Problem, with_eligibility: bool) -> Result<Self> {
        let mut v = Validator {
            issues: Vec::new(),
            problem,
        };
        let skeleton = v.phase_one();
        let Some(mut index) = skeleton.filter(|_| v.issues.is_empty()) else {
            return Err(Error::Invalid(sorted(v.issues)));
        };
        if with_eligibility {
            index.compute_eligibility();
        }
        v.phase_two(&index);
        if !v.issues.is_empty() {
            return Err(Error::Invalid(sorted(v.issues)));
        }
        Ok(index)
    }

    /// The problem this index was built from.
    pub fn problem(&self) -> &'p Problem {
        self.problem
    }

    /// The problem's time zone.
    pub fn timezone(&self) -> &TimeZone {
        &self.tz
    }

    /// The horizon's days, in order.
    pub fn days(&self) -> &[Date] {
        &self.days
    }

    /// For each day, the weekend it belongs to (the day index of its Saturday, which may be
    /// −1 when the horizon opens on a Sunday), or `None` on weekdays.
    pub fn weekend_of_day(&self) -> &[Option<i64>] {
        &self.weekend_of_day
    }

    /// Facts about every shift, in problem order.
    pub fn shifts(&self) -> &[ShiftFacts] {
        &self.shifts
    }

    /// Facts about one shift.
    pub fn shift(&self, s: ShiftIdx) -> &ShiftFacts {
        &self.shifts[s.index()]
    }

    /// Facts about every clinician, in problem order.
    pub fn clinicians(&self) -> &[ClinicianFacts] {
        &self.clinicians
    }

    /// Number of clinicians.
    pub fn clinician_count(&self) -> usize {
        self.clinicians.len()
    }

    /// Number of shifts.
    pub fn shift_count(&self) -> usize {
        self.shifts.len()
    }

    /// Every clinician index.
    pub fn clinician_indices(&self) -> impl ExactSizeIterator<Item = ClinicianIdx> + use<> {
        (0..self.clinicians.len() as u32).map(ClinicianIdx)
    }

    /// Every shift index.
    pub fn shift_indices(&self) -> impl ExactSizeIterator<Item = ShiftIdx> + use<> {
        (0..self.shifts.len() as u32).map(ShiftIdx)
    }

    /// The shift with this id.
    pub fn shift_idx(&self, id: &str) -> Option<ShiftIdx> {
        self.shift_ids.get(id).copied()
    }

    /// The clinician with this id.
    pub fn clinician_idx(&self, id: &str) -> Option<ClinicianIdx> {
        self.clinician_ids.get(id).copied()
    }

    /// The site with this id.
    pub fn site_idx(&self, id: &str) -> Option<SiteIdx> {
        self.site_ids.get(id).copied()
    }

    /// Clinicians eligible for shift `s`, in ascending index order.
    pub fn eligible_for_shift(&self, s: ShiftIdx) -> &[ClinicianIdx] {
        &self.eligible_by_shift[s.index()]
    }

    /// Shifts clinician `c` is eligible for, ordered by start time then index.
    pub fn eligible_for_clinician(&self, c: ClinicianIdx) -> &[ShiftIdx] {
        &self.eligible_by_clinician[c.index()]
    }

    /// Whether `c` may work `s`.
    pub fn is_eligible(&self, c: ClinicianIdx, s: ShiftIdx) -> bool {
        self.eligible_by_clinician[c.index()].contains(&s)
    }

    /// Number of eligible (clinician, shift) pairs.
    pub fn eligible_pair_count(&self) -> usize {
        self.eligible_by_shift.iter().map(Vec::len).sum()
    }

    /// Pinned pairs, in problem order.
    pub fn pinned(&self) -> &[(ShiftIdx, ClinicianIdx)] {
        &self.pinned
    }

    /// Previous pairs, in problem order.
    pub fn previous(&self) -> &[(ShiftIdx, ClinicianIdx)] {
        &self.previous
    }

    /// Distance from `c`'s home to `site`, in km: the `travel_km` entry if there is one,
    /// else the great-circle distance when both ends have coordinates.
    pub fn km(&self, c: ClinicianIdx, site: SiteIdx) -> Option<f64> {
        if let Some(&km) = self.travel.get(&(c, site)) {
            return Some(km);
        }
        let home = self.problem.clinicians[c.index()].home?;
        let s = &self.problem.sites[site.index()];
        Some(haversine_km(home.lat, home.lon, s.lat?, s.lon?))
    }

    /// Whether [`Index::km`] is `Some`, without computing the distance.
    fn distance_known(&self, c: ClinicianIdx, site: SiteIdx) -> bool {
        let s = &self.problem.sites[site.index()];
        self.travel.contains_key(&(c, site))
            || (self.problem.clinicians[c.index()].home.is_some()
                && s.lat.is_some()
                && s.lon.is_some())
    }

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
        if let Some(missing) = shift.skills.iter().find(|k| !clin.skills.contains(k)) {
            return Some(Ineligible::Skill(missing.clone()));
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

    fn compute_eligibility(&mut self) {
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
        let with_travel: HashSet<ClinicianIdx> = self.travel.keys().map(|&(c, _)| c).collect();
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

/// One role's shifts grouped by site, for the eligibility search.
struct RoleSites {
    /// Sites with coordinates, by latitude: (lat, site, shifts).
    located: Vec<(f64, SiteIdx, Vec<ShiftIdx>)>,
    /// Sites without coordinates (always candidates).
    unlocated: Vec<(SiteIdx, Vec<ShiftIdx>)>,
}

impl RoleSites {
    fn new(problem: &Problem, sites: BTreeMap<SiteIdx, Vec<ShiftIdx>>) -> Self {
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
    fn candidates(
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

/// Great-circle distance in km between two points given in degrees (haversine formula,
/// mean earth radius [`EARTH_RADIUS_KM`]).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Read a civil time in `tz` (`YYYY-MM-DDTHH:MM[:SS]`) or an RFC 3339 instant, as seconds
/// since the Unix epoch. Ambiguous and skipped civil times follow RFC 5545 (`compatible`).
pub fn parse_instant(text: &str, tz: &TimeZone) -> std::result::Result<i64, String> {
    let bytes = text.as_bytes();
    if bytes.len() < 16 || bytes[10] != b'T' {
        return Err(format!(
            "`{text}` is not a time; expected YYYY-MM-DDTHH:MM[:SS] or RFC 3339"
        ));
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts.as_second());
    }
    let dt: DateTime = text.parse().map_err(|e| {
        format!("`{text}` is not a time ({e}); expected YYYY-MM-DDTHH:MM[:SS] or RFC 3339")
    })?;
    tz.to_ambiguous_zoned_datetime(dt)
        .compatible()
        .map(|z| z.timestamp().as_second())
        .map_err(|e| format!("`{text}` cannot be placed in the time zone: {e}"))
}

fn parse_date(text: &str) -> std::result::Result<Date, String> {
    if text.len() != 10 {
        return Err(format!("`{text}` is not a date; expected YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|e| format!("`{text}` is not a date ({e}); expected YYYY-MM-DD"))
}

fn sorted(mut issues: Vec<Issue>) -> Vec<Issue> {
    issues.sort_by(|a, b| {
        crate::parse::pointer_order(&a.pointer, &b.pointer)
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
    issues.dedup();
    issues
}

struct Validator<'p> {
    issues: Vec<Issue>,
    problem: &'p Problem,
}

impl<'p> Validator<'p> {
    fn push(&mut self, pointer: impl Into<String>, code: IssueCode, message: impl Into<String>) {
        self.issues.push(Issue::new(pointer, code, message));
    }

    fn finite(&mut self, ptr: &str, value: f64) -> bool {
        if value.is_finite() {
            true
        } else {
            self.push(
                ptr,
                IssueCode::NonFiniteNumber,
                format!("must be a finite number, not {value}"),
            );
            false
        }
    }

    /// A finite, non-negative number.
    fn amount(&mut self, ptr: &str, value: f64) {
        if self.finite(ptr, value) && value < 0.0 {
            self.push(
                ptr,
                IssueCode::NegativeValue,
                format!("must not be negative (found {value})"),
            );
        }
    }

    /// A count in `0..=MAX_COUNT`.
    fn count(&mut self, ptr: &str, value: i64) {
        if value < 0 {
            self.push(
                ptr,
                IssueCode::NegativeValue,
                format!("must not be negative (found {value})"),
            );
        } else if value > MAX_COUNT {
            self.push(
                ptr,
                IssueCode::InvalidValue,
                format!("{value} is too large (at most {MAX_COUNT})"),
            );
        }
    }

    fn ids<'a>(&mut self, list: &str, ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
        let mut map = HashMap::new();
        for (i, id) in ids.enumerate() {
            let ptr = format!("/{list}/{i}/id");
            if id.is_empty() {
                self.push(ptr, IssueCode::EmptyId, "an id must not be empty");
            } else if let Some(first) = map.insert(id, i as u32) {
                map.insert(id, first);
                self.push(
                    ptr,
                    IssueCode::DuplicateId,
                    format!("id `{id}` is already used by /{list}/{first}"),
                );
            }
        }
        map
    }

    fn time(&mut self, ptr: &str, text: &str, tz: &TimeZone) -> Option<i64> {
        match parse_instant(text, tz) {
            Ok(t) => Some(t),
            Err(e) => {
                self.push(ptr, IssueCode::InvalidTime, e);
                None
            }
        }
    }

    fn interval(&mut self, ptr: &str, start: &str, end: &str, tz: &TimeZone) -> Option<(i64, i64)> {
        let a = self.time(&format!("{ptr}/start"), start, tz);
        let b = self.time(&format!("{ptr}/end"), end, tz);
        let (a, b) = (a?, b?);
        if b <= a {
            self.push(
                format!("{ptr}/end"),
                IssueCode::EndNotAfterStart,
                format!("ends at {end}, which is not after its start {start}"),
            );
            return None;
        }
        Some((a, b))
    }

    fn coordinates(&mut self, ptr: &str, lat: Option<f64>, lon: Option<f64>) {
        match (lat, lon) {
            (None, None) => {}
            (Some(lat), Some(lon)) => {
                let ok_lat = self.finite(&format!("{ptr}/lat"), lat);
                let ok_lon = self.finite(&format!("{ptr}/lon"), lon);
                if ok_lat && !(-90.0..=90.0).contains(&lat) {
                    self.push(
                        format!("{ptr}/lat"),
                        IssueCode::InvalidCoordinates,
                        format!("latitude {lat} is outside [-90, 90]"),
                    );
                }
                if ok_lon && !(-180.0..=180.0).contains(&lon) {
                    self.push(
                        format!("{ptr}/lon"),
                        IssueCode::InvalidCoordinates,
                        format!("longitude {lon} is outside [-180, 180]"),
                    );
                }
            }
            _ => self.push(
                ptr,
                IssueCode::InvalidCoordinates,
                "give both `lat` and `lon`, or neither",
            ),
        }
    }

    fn reference(
        &mut self,
        ptr: &str,
        map: &HashMap<&str, u32>,
        id: &str,
        code: IssueCode,
        what: &str,
    ) -> Option<u32> {
        let found = map.get(id).copied();
        if found.is_none() {
            self.push(ptr, code, format!("no {what} has the id `{id}`"));
        }
        found
    }

    /// Checks each value and reference; returns the index skeleton (eligibility not yet
    /// computed) when the basics needed to build it are sound.
    fn phase_one(&mut self) -> Option<Index<'p>> {
        let p = self.problem;
        if p.version != SCHEMA_VERSION {
            self.push(
                "/version",
                IssueCode::UnsupportedVersion,
                format!(
                    "schema version {} is not supported; this is version {SCHEMA_VERSION}",
                    p.version
                ),
            );
        }
        let zone_name = p.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE);
        let tz = match TimeZone::get(zone_name) {
            Ok(tz) => tz,
            Err(_) => {
                self.push(
                    "/timezone",
                    IssueCode::InvalidTimezone,
                    format!("`{zone_name}` is not an IANA time zone (e.g. Europe/London)"),
                );
                TimeZone::UTC
            }
        };

        let site_ids = self.ids("sites", p.sites.iter().map(|s| s.id.as_str()));
        let clinician_ids = self.ids("clinicians", p.clinicians.iter().map(|c| c.id.as_str()));
        let shift_ids = self.ids("shifts", p.shifts.iter().map(|s| s.id.as_str()));

        for (i, site) in p.sites.iter().enumerate() {
            self.coordinates(&format!("/sites/{i}"), site.lat, site.lon);
        }

        // Weights and solver options.
        let w = &p.weights;
        self.amount("/weights/unfilled", w.unfilled);
        for (name, value) in [
            ("cost", w.cost),
            ("preference", w.preference),
            ("travel_per_km", w.travel_per_km),
            ("fairness", w.fairness),
            ("continuity", w.continuity),
            ("change", w.change),
        ] {
            self.finite(&format!("/weights/{name}"), value);
        }
        if self.finite("/solver/time_limit_s", p.solver.time_limit_s)
            && p.solver.time_limit_s <= 0.0
        {
            self.push(
                "/solver/time_limit_s",
                IssueCode::InvalidValue,
                "the time limit must be positive",
            );
        }
        self.amount("/solver/mip_gap", p.solver.mip_gap);

        // Shifts: times first, for the horizon default.
        let mut shifts: Vec<Option<(i64, i64, Date)>> = Vec::with_capacity(p.shifts.len());
        for (i, s) in p.shifts.iter().enumerate() {
            let ptr = format!("/shifts/{i}");
            let times = self.interval(&ptr, &s.start, &s.end, &tz);
            shifts.push(times.map(|(a, b)| {
                let day = Timestamp::from_second(a)
                    .map(|t| t.to_zoned_datetime(tz.clone()).date())
                    .unwrap_or_default();
                (a, b, day)
            }));
        }

        // Horizon.
        let mut horizon = None;
        if let Some(h) = &p.horizon {
            let a = parse_date(&h.start)
                .map_err(|e| self.push("/horizon/start", IssueCode::InvalidDate, e))
                .ok();
            let b = parse_date(&h.end)
                .map_err(|e| self.push("/horizon/end", IssueCode::InvalidDate, e))
                .ok();
            if let (Some(a), Some(b)) = (a, b) {
                if b < a {
                    self.push(
                        "/horizon/end",
                        IssueCode::EndNotAfterStart,
                        format!("the horizon ends on {b}, before it starts on {a}"),
                    );
                } else if (b - a).get_days() > 3660 {
                    self.push(
                        "/horizon/end",
                        IssueCode::InvalidValue,
                        "the horizon is longer than ten years",
                    );
                } else {
                    horizon = Some((a, b));
                }
            }
        } else {
            let days = shifts.iter().flatten().map(|&(_, _, d)| d);
            if let (Some(a), Some(b)) = (days.clone().min(), days.max()) {
                if (b - a).get_days() > 3660 {
                    self.push(
                        "/shifts",
                        IssueCode::InvalidValue,
                        "the shifts span more than ten years; give a horizon",
                    );
                } else {
                    horizon = Some((a, b));
                }
            }
        }
        let mut days = Vec::new();
        if let Some((a, b)) = horizon {
            let mut d = a;
            while d <= b {
                days.push(d);
                match d.checked_add(1.day()) {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
        let first_day = days.first().copied();

        let mut shift_facts = Vec::with_capacity(p.shifts.len());
        for (i, s) in p.shifts.iter().enumerate() {
            let ptr = format!("/shifts/{i}");
            let site = self.reference(
                &format!("{ptr}/site"),
                &site_ids,
                &s.site,
                IssueCode::UnknownSite,
                "site",
            );
            if s.role.is_empty() {
                self.push(
                    format!("{ptr}/role"),
                    IssueCode::InvalidValue,
                    "the role must not be empty",
                );
            }
            let headcount = s.headcount.unwrap_or(1);
            self.count(&format!("{ptr}/headcount"), headcount);
            let unfilled = s.unfilled_penalty.unwrap_or(w.unfilled);
            if let Some(u) = s.unfilled_penalty {
                self.amount(&format!("{ptr}/unfilled_penalty"), u);
            }
            if let Some(o) = s.over_penalty {
                self.amount(&format!("{ptr}/over_penalty"), o);
            }
            if let Some(m) = s.max_headcount {
                self.count(&format!("{ptr}/max_headcount"), m);
                if s.over_penalty.is_none() {
                    self.push(
                        format!("{ptr}/max_headcount"),
                        IssueCode::InvalidValue,
                        "max_headcount has no effect without over_penalty; over-staffing is \
                         forbidden unless over_penalty is given",
                    );
                } else if m < headcount {
                    self.push(
                        format!("{ptr}/max_headcount"),
                        IssueCode::MinAboveMax,
                        format!("max_headcount {m} is below the headcount {headcount}"),
                    );
                }
            }
            if let Some(cap) = s.max_rate_per_hour {
                self.amount(&format!("{ptr}/max_rate_per_hour"), cap);
            }
            for (j, c) in s.preferred_clinicians.iter().enumerate() {
                self.reference(
                    &format!("{ptr}/preferred_clinicians/{j}"),
                    &clinician_ids,
                    c,
                    IssueCode::UnknownClinician,
                    "clinician",
                );
            }
            for (j, c) in s.excluded_clinicians.iter().enumerate() {
                self.reference(
                    &format!("{ptr}/excluded_clinicians/{j}"),
                    &clinician_ids,
                    c,
                    IssueCode::UnknownClinician,
                    "clinician",
                );
            }
            let mut day_index = 0;
            if let (Some((_, _, day)), Some(first)) = (shifts[i], first_day) {
                let offset = (day - first).get_days();
                if offset < 0 || offset as usize >= days.len() {
                    self.push(
                        format!("{ptr}/start"),
                        IssueCode::ShiftOutsideHorizon,
                        format!(
                            "the shift's day {day} is outside the horizon {first} to {}",
                            days.last().copied().unwrap_or(first)
                        ),
                    );
                } else {
                    day_index = offset as u32;
                }
            }
            if let (Some((a, b, _)), Some(site)) = (shifts[i], site) {
                let hc = headcount.clamp(0, MAX_COUNT) as u32;
                shift_facts.push(ShiftFacts {
                    start: a,
                    end: b,
                    hours: (b - a) as f64 / 3600.0,
                    day: day_index,
                    site: SiteIdx(site),
                    headcount: hc,
                    unfilled_penalty: unfilled,
                    over_penalty: s.over_penalty,
                    max_headcount: match s.over_penalty {
                        None => Some(hc),
                        Some(_) => s.max_headcount.map(|m| m.clamp(0, MAX_COUNT) as u32),
                    },
                });
            }
        }

        let mut clinician_facts = Vec::with_capacity(p.clinicians.len());
        for (i, c) in p.clinicians.iter().enumerate() {
            let facts = self.clinician(i, c, &tz, &site_ids, &shift_ids, first_day, days.len());
            clinician_facts.push(facts);
        }

        // Travel table.
        let mut travel = HashMap::new();
        for (i, t) in p.travel_km.iter().enumerate() {
            let ptr = format!("/travel_km/{i}");
            let c = self.reference(
                &format!("{ptr}/clinician"),
                &clinician_ids,
                &t.clinician,
                IssueCode::UnknownClinician,
                "clinician",
            );
            let s = self.reference(
                &format!("{ptr}/site"),
                &site_ids,
                &t.site,
                IssueCode::UnknownSite,
                "site",
            );
            self.amount(&format!("{ptr}/km"), t.km);
            if let (Some(c), Some(s)) = (c, s) {
                if travel.insert((ClinicianIdx(c), SiteIdx(s)), t.km).is_some() {
                    self.push(
                        ptr,
                        IssueCode::DuplicatePair,
                        format!(
                            "the distance from {} to {} is given more than once",
                            t.clinician, t.site
                        ),
                    );
                }
            }
        }

        for (i, f) in p.forbidden_successions.iter().enumerate() {
            for (field, kind) in [("first", &f.first), ("then", &f.then)] {
                if kind.is_empty() {
                    self.push(
                        format!("/forbidden_successions/{i}/{field}"),
                        IssueCode::InvalidValue,
                        "a shift kind must not be empty",
                    );
                }
            }
        }

        let pinned = self.pairs("pinned", &shift_ids, &clinician_ids);
        let previous = self.pairs("previous", &shift_ids, &clinician_ids);

        if shift_facts.len() != p.shifts.len() || clinician_facts.len() != p.clinicians.len() {
            return None;
        }
        let weekend_of_day = days
            .iter()
            .enumerate()
            .map(|(i, d)| match d.weekday() {
                Weekday::Saturday => Some(i as i64),
                Weekday::Sunday => Some(i as i64 - 1),
                _ => None,
            })
            .collect();
        Some(Index {
            problem: p,
            tz,
            days,
            weekend_of_day,
            shifts: shift_facts,
            clinicians: clinician_facts,
            site_ids: site_ids.into_iter().map(|(k, v)| (k, SiteIdx(v))).collect(),
            clinician_ids: clinician_ids
                .into_iter()
                .map(|(k, v)| (k, ClinicianIdx(v)))
                .collect(),
            shift_ids: shift_ids
                .into_iter()
                .map(|(k, v)| (k, ShiftIdx(v)))
                .collect(),
            travel,
            eligible_by_shift: Vec::new(),
            eligible_by_clinician: Vec::new(),
            pinned,
            previous,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn clinician(
        &mut self,
        i: usize,
        c: &Clinician,
        tz: &TimeZone,
        site_ids: &HashMap<&str, u32>,
        shift_ids: &HashMap<&str, u32>,
        first_day: Option<Date>,
        day_count: usize,
    ) -> ClinicianFacts {
        let ptr = format!("/clinicians/{i}");
        for (j, r) in c.roles.iter().enumerate() {
            if r.is_empty() {
                self.push(
                    format!("{ptr}/roles/{j}"),
                    IssueCode::InvalidValue,
                    "a role must not be empty",
                );
            }
        }
        if let Some(home) = c.home {
            self.coordinates(&format!("{ptr}/home"), Some(home.lat), Some(home.lon));
        }
        if let Some(m) = c.max_travel_km {
            self.amount(&format!("{ptr}/max_travel_km"), m);
        }
        self.amount(&format!("{ptr}/rate_per_hour"), c.rate_per_hour);
        self.amount(&format!("{ptr}/rate_per_shift"), c.rate_per_shift);
        if let Some(t) = c.target_shifts {
            self.count(&format!("{ptr}/target_shifts"), t);
        }
        let availability = c.availability.as_ref().map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(j, iv)| {
                    self.interval(&format!("{ptr}/availability/{j}"), &iv.start, &iv.end, tz)
                })
                .collect()
        });
        let unavailable = c
            .unavailable
            .iter()
            .enumerate()
            .filter_map(|(j, iv)| {
                self.interval(&format!("{ptr}/unavailable/{j}"), &iv.start, &iv.end, tz)
            })
            .collect();

        let l = &c.limits;
        let lp = format!("{ptr}/limits");
        for (name, value) in [
            ("max_shifts", l.max_shifts),
            ("min_shifts", l.min_shifts),
            ("max_shifts_per_day", l.max_shifts_per_day),
            ("max_consecutive_days", l.max_consecutive_days),
            ("min_consecutive_days", l.min_consecutive_days),
            ("min_consecutive_days_off", l.min_consecutive_days_off),
            ("max_weekends", l.max_weekends),
        ] {
            if let Some(v) = value {
                self.count(&format!("{lp}/{name}"), v);
            }
        }
        for (name, value) in [
            ("max_hours", l.max_hours),
            ("min_hours", l.min_hours),
            ("min_rest_hours", l.min_rest_hours),
        ] {
            if let Some(v) = value {
                self.amount(&format!("{lp}/{name}"), v);
            }
        }
        for (kind, &v) in &l.max_per_kind {
            self.count(&format!("{lp}/max_per_kind/{}", escape(kind)), v);
        }
        let pairs = [
            (
                "min_shifts",
                "max_shifts",
                l.min_shifts.map(|v| v as f64),
                l.max_shifts.map(|v| v as f64),
            ),
            ("min_hours", "max_hours", l.min_hours, l.max_hours),
            (
                "min_consecutive_days",
                "max_consecutive_days",
                l.min_consecutive_days.map(|v| v as f64),
                l.max_consecutive_days.map(|v| v as f64),
            ),
        ];
        for (min_name, max_name, min, max) in pairs {
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    self.push(
                        format!("{lp}/{min_name}"),
                        IssueCode::MinAboveMax,
                        format!("{min_name} {a} is above {max_name} {b}"),
                    );
                }
            }
        }

        let mut preference_days = Vec::with_capacity(c.preferences.len());
        for (j, pref) in c.preferences.iter().enumerate() {
            let pp = format!("{ptr}/preferences/{j}");
            self.finite(&format!("{pp}/weight"), pref.weight);
            if pref.site.is_none()
                && pref.kind.is_none()
                && pref.day.is_none()
                && pref.shift.is_none()
            {
                self.push(
                    &pp,
                    IssueCode::EmptyPreference,
                    "a preference needs at least one of `site`, `kind`, `day`, `shift`",
                );
            }
            if let Some(site) = &pref.site {
                self.reference(
                    &format!("{pp}/site"),
                    site_ids,
                    site,
                    IssueCode::UnknownSite,
                    "site",
                );
            }
            if let Some(shift) = &pref.shift {
                self.reference(
                    &format!("{pp}/shift"),
                    shift_ids,
                    shift,
                    IssueCode::UnknownShift,
                    "shift",
                );
            }
            let mut day = None;
            if let Some(text) = &pref.day {
                match parse_date(text) {
                    Ok(d) => {
                        let offset = first_day.map(|f| (d - f).get_days()).unwrap_or(-1);
                        day = Some(if offset >= 0 && (offset as usize) < day_count {
                            offset as u32
                        } else {
                            u32::MAX
                        });
                    }
                    Err(e) => self.push(format!("{pp}/day"), IssueCode::InvalidDate, e),
                }
            }
            preference_days.push(day);
        }
        for (j, site) in c.excluded_sites.iter().enumerate() {
            self.reference(
                &format!("{ptr}/excluded_sites/{j}"),
                site_ids,
                site,
                IssueCode::UnknownSite,
                "site",
            );
        }
        ClinicianFacts {
            availability,
            unavailable,
            preference_days,
        }
    }

    fn pairs(
        &mut self,
        list: &str,
        shift_ids: &HashMap<&str, u32>,
        clinician_ids: &HashMap<&str, u32>,
    ) -> Vec<(ShiftIdx, ClinicianIdx)> {
        let p = self.problem;
        let items = if list == "pinned" {
            &p.pinned
        } else {
            &p.previous
        };
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for (i, a) in items.iter().enumerate() {
            let ptr = format!("/{list}/{i}");
            let s = self.reference(
                &format!("{ptr}/shift"),
                shift_ids,
                &a.shift,
                IssueCode::UnknownShift,
                "shift",
            );
            let c = self.reference(
                &format!("{ptr}/clinician"),
                clinician_ids,
                &a.clinician,
                IssueCode::UnknownClinician,
                "clinician",
            );
            if let (Some(s), Some(c)) = (s, c) {
                if let Some(first) = seen.insert((s, c), i) {
                    self.push(
                        ptr,
                        IssueCode::DuplicatePair,
                        format!(
                            "{} on {} is already listed at /{list}/{first}",
                            a.clinician, a.shift
                        ),
                    );
                } else {
                    out.push((ShiftIdx(s), ClinicianIdx(c)));
                }
            }
        }
        out
    }

    /// Checks that need the compiled facts: unknowable distances and pins.
    fn phase_two(&mut self, index: &Index<'p>) {
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

/// `A`, `A and B`, `A, B and 3 more`.
pub(crate) fn list_ids(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [a] => (*a).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_manchester_to_london() {
        let km = haversine_km(53.4808, -2.2426, 51.5072, -0.1276);
        assert!((km - 262.0).abs() < 2.0, "{km}");
        assert_eq!(haversine_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }

    #[test]
    fn civil_times_follow_clock_changes() {
        let tz = TimeZone::get("Europe/London").expect("zone");
        // 2026-03-29 01:00 GMT the clocks go forward to 02:00 BST.
        let a = parse_instant("2026-03-29T00:00", &tz).expect("a");
        let b = parse_instant("2026-03-29T04:00", &tz).expect("b");
        assert_eq!(b - a, 3 * 3600);
        // A skipped time takes the offset before the change (compatible): 01:30 GMT.
        let skipped = parse_instant("2026-03-29T01:30", &tz).expect("skipped");
        assert_eq!(skipped - a, 5400);
        // 2026-10-25 02:00 BST the clocks go back to 01:00 GMT: ambiguous 01:30 is the earlier.
        let c = parse_instant("2026-10-25T00:00", &tz).expect("c");
        let amb = parse_instant("2026-10-25T01:30", &tz).expect("amb");
        assert_eq!(amb - c, 5400);
        let rfc = parse_instant("2026-10-25T01:30:00+00:00", &tz).expect("rfc");
        assert_eq!(rfc - amb, 3600);
    }

    #[test]
    fn malformed_times_are_rejected() {
        let tz = TimeZone::UTC;
        for bad in [
            "2026-12-07",
            "2026-12-07 08:00",
            "08:00",
            "2026-13-07T08:00",
            "tomorrow",
        ] {
            assert!(parse_instant(bad, &tz).is_err(), "{bad}");
        }
    }

    #[test]
    fn id_lists_read_naturally() {
        assert_eq!(list_ids(&["a"]), "a");
        assert_eq!(list_ids(&["a", "b"]), "a and b");
        assert_eq!(list_ids(&["a", "b", "c", "d"]), "a, b and 2 more");
    }
}
