//! The compiled index: a validated problem turned into the facts every solver, the
//! evaluator and the operations need, computed once.
//!
//! An [`Index`] is evidence that its problem was validated: the only way to obtain one is
//! [`Index::build`], which lives in [`crate::validate`] and runs every check before it
//! assembles the index. Solvers and operations take `&Index` and never validate again.
//!
//! Ids are interned into dense newtype indices (and shift kinds into [`KindIdx`]); times
//! are instants (seconds since the Unix epoch) read in the problem's zone with jiff's
//! `compatible` disambiguation, so durations and rest are real elapsed time across clock
//! changes; every shift has its day (the local date of its start, as an index into the
//! horizon) and its weekend; eligibility — who may work what, under the five conditions of
//! `DESIGN.md` — is computed once, per shift and per clinician ([`eligibility`]); and the
//! per-pair terms of the objective (pay, preferences met, distance, continuity, previous
//! roster) have one definition, [`Index::pair_terms`] ([`facts`]).

mod eligibility;
mod facts;
mod geo;

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::Problem;

pub use eligibility::Ineligible;
pub(crate) use eligibility::human_date;
pub use facts::{ClinicianFacts, CredentialFacts, PairTerms, PreferenceFacts, ShiftFacts};
pub use geo::{EARTH_RADIUS_KM, haversine_km};

/// Largest count (headcount, shift limits…) accepted; keeps integer arithmetic exact.
pub const MAX_COUNT: i64 = 1_000_000;

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
index_type!(
    /// A shift kind, interned: its position in [`Index::kinds`].
    KindIdx
);

/// The compiled, validated problem. Build with [`Index::build`].
#[derive(Debug)]
pub struct Index<'p> {
    problem: &'p Problem,
    tz: TimeZone,
    days: Vec<Date>,
    weekend_of_day: Vec<Option<i64>>,
    weeks: Vec<Week>,
    week_of_day: Vec<u32>,
    kinds: Vec<&'p str>,
    kind_ids: HashMap<&'p str, KindIdx>,
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
    previous_set: HashSet<(ShiftIdx, ClinicianIdx)>,
    history: Vec<Booking>,
}

/// A calendar week, Monday to Sunday, as the horizon's days it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    /// Its first day inside the horizon, as a day index.
    pub first_day: u32,
    /// Its last day inside the horizon, as a day index (inclusive).
    pub last_day: u32,
    /// Whether all seven of its days lie inside the horizon (a week the horizon cuts is
    /// exempt from weekly minimums).
    pub whole: bool,
}

/// A booking for pattern detection: who, where, which weekday and kind (through the date),
/// and the roster's shift when it is one of the problem's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Booking {
    pub(crate) clinician: ClinicianIdx,
    pub(crate) site: SiteIdx,
    pub(crate) kind: Option<KindIdx>,
    pub(crate) date: Date,
    pub(crate) shift: Option<ShiftIdx>,
}

/// What validation hands over to assemble an [`Index`] (phase one's compiled facts).
pub(crate) struct Compiled<'p> {
    pub(crate) problem: &'p Problem,
    pub(crate) tz: TimeZone,
    pub(crate) days: Vec<Date>,
    pub(crate) kinds: Vec<&'p str>,
    pub(crate) shifts: Vec<ShiftFacts>,
    pub(crate) clinicians: Vec<ClinicianFacts>,
    pub(crate) site_ids: HashMap<&'p str, SiteIdx>,
    pub(crate) clinician_ids: HashMap<&'p str, ClinicianIdx>,
    pub(crate) shift_ids: HashMap<&'p str, ShiftIdx>,
    pub(crate) travel: HashMap<(ClinicianIdx, SiteIdx), f64>,
    pub(crate) pinned: Vec<(ShiftIdx, ClinicianIdx)>,
    pub(crate) previous: Vec<(ShiftIdx, ClinicianIdx)>,
    pub(crate) history: Vec<Booking>,
}

impl<'p> Index<'p> {
    /// Assemble an index from validated facts. Only [`crate::validate`] calls this (a test
    /// over the source tree checks it), so that every `Index` has been validated.
    pub(crate) fn assemble(c: Compiled<'p>) -> Self {
        let weekend_of_day = c
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| match d.weekday() {
                jiff::civil::Weekday::Saturday => Some(i as i64),
                jiff::civil::Weekday::Sunday => Some(i as i64 - 1),
                _ => None,
            })
            .collect();
        let mut weeks: Vec<Week> = Vec::new();
        let mut week_of_day = Vec::with_capacity(c.days.len());
        for (i, d) in c.days.iter().enumerate() {
            let monday = d.weekday() == jiff::civil::Weekday::Monday;
            match weeks.last_mut() {
                Some(w) if !monday => w.last_day = i as u32,
                _ => weeks.push(Week {
                    first_day: i as u32,
                    last_day: i as u32,
                    whole: false,
                }),
            }
            week_of_day.push(weeks.len() as u32 - 1);
        }
        for w in &mut weeks {
            w.whole = w.last_day - w.first_day == 6;
        }
        let kind_ids = c
            .kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, KindIdx(i as u32)))
            .collect();
        Index {
            problem: c.problem,
            tz: c.tz,
            days: c.days,
            weekend_of_day,
            weeks,
            week_of_day,
            kinds: c.kinds,
            kind_ids,
            shifts: c.shifts,
            clinicians: c.clinicians,
            site_ids: c.site_ids,
            clinician_ids: c.clinician_ids,
            shift_ids: c.shift_ids,
            travel: c.travel,
            eligible_by_shift: Vec::new(),
            eligible_by_clinician: Vec::new(),
            pinned: c.pinned,
            previous_set: c.previous.iter().copied().collect(),
            previous: c.previous,
            history: c.history,
        }
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

    /// The calendar weeks (Monday to Sunday) the horizon meets, in order.
    pub fn weeks(&self) -> &[Week] {
        &self.weeks
    }

    /// For each day, the index of its week in [`Index::weeks`].
    pub fn week_of_day(&self) -> &[u32] {
        &self.week_of_day
    }

    /// The kinds of the problem's shifts, interned in order of first appearance.
    pub fn kinds(&self) -> &[&'p str] {
        &self.kinds
    }

    /// The interned kind with this name, when some shift has it.
    pub fn kind_idx(&self, name: &str) -> Option<KindIdx> {
        self.kind_ids.get(name).copied()
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

    /// The shift's id.
    pub fn shift_id(&self, s: ShiftIdx) -> &'p str {
        &self.problem.shifts[s.index()].id
    }

    /// The clinician's id.
    pub fn clinician_id(&self, c: ClinicianIdx) -> &'p str {
        &self.problem.clinicians[c.index()].id
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

    /// The sessions worked before the horizon (`history[]`) that can join a run of the
    /// roster's (their kind is one some shift has), in document order.
    pub(crate) fn history(&self) -> &[Booking] {
        &self.history
    }

    /// Whether `(s, c)` is a pair of the previous roster.
    pub fn is_previous(&self, s: ShiftIdx, c: ClinicianIdx) -> bool {
        self.previous_set.contains(&(s, c))
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
    pub(crate) fn distance_known(&self, c: ClinicianIdx, site: SiteIdx) -> bool {
        let s = &self.problem.sites[site.index()];
        self.travel.contains_key(&(c, site))
            || (self.problem.clinicians[c.index()].home.is_some()
                && s.lat.is_some()
                && s.lon.is_some())
    }

    /// Whether `c` has a `travel_km` entry for some site.
    pub(crate) fn travel_clinicians(&self) -> HashSet<ClinicianIdx> {
        self.travel.keys().map(|&(c, _)| c).collect()
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
    fn id_lists_read_naturally() {
        assert_eq!(list_ids(&["a"]), "a");
        assert_eq!(list_ids(&["a", "b"]), "a and b");
        assert_eq!(list_ids(&["a", "b", "c", "d"]), "a, b and 2 more");
    }
}
