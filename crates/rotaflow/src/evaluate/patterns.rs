//! Employment-pattern warnings: a clinician booked at the same site, on the same weekday,
//! for the same kind of session, week after week.
//!
//! # Definition
//!
//! A *booking* is one assigned pair `(c, s)`, keyed by the *group*
//! `g = (c, site(s), weekday(day(s)), kind(s))` (a shift without a kind is in the group of
//! the kind-less shifts) and dated by its day. Its *week* is the calendar week, Monday to
//! Sunday in the problem's zone, that holds its day. With `N = solver.pattern_weeks`
//! (default 4, 2 ≤ N ≤ 522), a *pattern* is a maximal run of `L ≥ N` consecutive calendar
//! weeks in each of which `g` has at least one booking (same weekday, so the booking is on
//! the same weekday of each week). A week in which the group has no booking — whether the
//! clinician is off, at another site, on another kind or the weekday lies outside the
//! horizon — breaks the run.
//!
//! The soft term (revision 1.1):
//!
//! ```text
//!   pattern = w.pattern · Σ_{patterns} (L − N + 1)
//!           = w.pattern · #{ (g, a) : g has a booking in each of the weeks a, a+1, …, a+N−1 }
//! ```
//!
//! i.e. every repeat beyond the `N − 1`-th costs `w.pattern` (with a history, see below); the second form (windows of
//! `N` consecutive booked weeks) is what the MIP linearises (`solve/mip/pattern.rs`).
//! `w.pattern` is validated to be ≥ 0 (a penalty, like `w.unfilled`).
//!
//! Bookings before the horizon: `previous` names shifts of the problem, all inside the
//! horizon, so the sessions worked before it come in `history[]` (revision 1.1: clinician,
//! site, kind, date). They join the roster's bookings in the runs; a run is reported only
//! when it holds one of the roster's bookings, and the term prices only the windows of `N`
//! weeks that hold one (a window wholly in the history is the past, not this roster's
//! doing):
//!
//! ```text
//!   repeats(run) = #{ a : f ≤ a ≤ l − N + 1, a + N − 1 ≥ r₀ }
//! ```
//!
//! for a run of weeks `f..=l` whose first week with a roster booking is `r₀` (within a group
//! — one weekday — the history's weeks all precede the roster's).
//!
//! # Complexity
//!
//! O(A log A) time and O(A) space for `A` bookings (a sort by group and date, one pass).
//!
//! # Reference
//!
//! HM Revenue & Customs, *Employment Status Manual*, ESM0500–ESM0549 (mutuality of
//! obligation, control, and a regular, fixed pattern of work as an indicator of
//! employment) and the Check Employment Status for Tax (CEST) guidance: a locum booked in
//! the same session at the same practice week after week is the kind of regular pattern
//! that points towards employment.

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::index::{ClinicianIdx, Index, KindIdx, ShiftIdx, SiteIdx};

/// One clinician booked in the same group (site, weekday, kind) in `N` or more consecutive
/// calendar weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternWarning {
    /// The clinician's id.
    pub clinician: String,
    /// The site's id.
    pub site: String,
    /// The weekday, `Monday` … `Sunday`.
    pub weekday: String,
    /// The shifts' kind; absent for shifts without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `L`: consecutive weeks booked.
    pub weeks: u32,
    /// The days booked, ISO dates in order (one per week).
    pub dates: Vec<String>,
    /// The roster's shifts of the run, in order (earlier bookings have none).
    pub shifts: Vec<String>,
    /// `w.pattern · (L − N + 1)`: this run's share of the score's `pattern` term.
    pub cost: f64,
    /// A sentence for a person.
    pub message: String,
}

pub(crate) use crate::index::Booking;

/// A run of consecutive booked weeks of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    /// The bookings of the run, by date (several on one day when the group has several
    /// shifts that day).
    pub(crate) bookings: Vec<Booking>,
    /// Its length in weeks.
    pub(crate) weeks: u32,
    /// Its windows of `N` consecutive weeks holding at least one of the roster's bookings
    /// (the repeats the `pattern` term prices): `L − N + 1` when the run is all the
    /// roster's, fewer when it begins in the history.
    pub(crate) repeats: u32,
}

/// The group of a booking: clinician, site, weekday, kind.
type Group = (ClinicianIdx, SiteIdx, u8, Option<KindIdx>);

/// Days since Monday 5 January 1970, so that `div_euclid(7)` numbers calendar weeks.
pub(crate) fn week_number(d: Date) -> i64 {
    let monday = jiff::civil::date(1970, 1, 5);
    let days = d
        .since((jiff::Unit::Day, monday))
        .map_or(0, |s| i64::from(s.get_days()));
    days.div_euclid(7)
}

fn weekday_of(d: Date) -> u8 {
    d.weekday().to_monday_zero_offset() as u8
}

fn group(b: &Booking) -> Group {
    (b.clinician, b.site, weekday_of(b.date), b.kind)
}

/// Every maximal run of `n` or more consecutive booked weeks holding at least one of the
/// roster's bookings (one with a shift), by group then date.
pub(crate) fn runs(bookings: &[Booking], n: i64) -> Vec<Run> {
    let mut sorted: Vec<(Group, i64, Booking)> = bookings
        .iter()
        .map(|b| (group(b), week_number(b.date), *b))
        .collect();
    sorted.sort();
    sorted.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let (g, first_week, _) = sorted[i];
        let mut j = i;
        let mut last_week = first_week;
        while j + 1 < sorted.len() && sorted[j + 1].0 == g && sorted[j + 1].1 - last_week <= 1 {
            j += 1;
            last_week = sorted[j].1;
        }
        let weeks = last_week - first_week + 1;
        // Within a group (one weekday) the history's weeks all come before the roster's.
        let first_roster = sorted[i..=j]
            .iter()
            .find(|t| t.2.shift.is_some())
            .map(|t| t.1);
        if let (true, Some(r0)) = (weeks >= n, first_roster) {
            let last_start = last_week - n + 1;
            let repeats = last_start - first_week.max(r0 - n + 1) + 1;
            out.push(Run {
                bookings: sorted[i..=j].iter().map(|t| t.2).collect(),
                weeks: weeks as u32,
                repeats: repeats.max(0) as u32,
            });
        }
        i = j + 1;
    }
    out
}

/// The roster's bookings.
pub(crate) fn bookings_of(index: &Index<'_>, pairs: &[(ShiftIdx, ClinicianIdx)]) -> Vec<Booking> {
    pairs
        .iter()
        .map(|&(s, c)| {
            let f = index.shift(s);
            Booking {
                clinician: c,
                site: f.site,
                kind: f.kind,
                date: index.days()[f.day as usize],
                shift: Some(s),
            }
        })
        .collect()
}

/// The repeats beyond `N − 1` of each clinician's runs, `Σ (L − N + 1)`, by clinician
/// index (the unweighted `pattern` term).
pub(crate) fn repeats_by_clinician(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
) -> Vec<u32> {
    let n = index.problem().solver.pattern_weeks();
    let mut out = vec![0u32; index.clinician_count()];
    let mut all = bookings_of(index, pairs);
    all.extend_from_slice(index.history());
    for r in runs(&all, n) {
        out[r.bookings[0].clinician.index()] += r.repeats;
    }
    out
}

/// The pattern warnings of a roster (with `earlier` bookings before the horizon, when
/// known), by clinician, site, weekday and first date.
pub(crate) fn warnings(
    index: &Index<'_>,
    pairs: &[(ShiftIdx, ClinicianIdx)],
    earlier: &[Booking],
) -> Vec<PatternWarning> {
    let p = index.problem();
    let n = p.solver.pattern_weeks();
    let mut all = bookings_of(index, pairs);
    all.extend_from_slice(earlier);
    let mut out: Vec<PatternWarning> = runs(&all, n)
        .into_iter()
        .map(|r| {
            let b0 = r.bookings[0];
            let clinician = p.clinicians[b0.clinician.index()].id.clone();
            let site = p.sites[b0.site.index()].id.clone();
            let weekday = weekday_name(b0.date.weekday()).to_owned();
            let kind = b0.kind.map(|k| index.kinds()[k.index()].to_owned());
            let mut dates: Vec<String> = r.bookings.iter().map(|b| b.date.to_string()).collect();
            dates.dedup();
            let shifts: Vec<String> = r
                .bookings
                .iter()
                .filter_map(|b| b.shift)
                .map(|s| p.shifts[s.index()].id.clone())
                .collect();
            let repeats = r.repeats;
            let cost = p.weights.pattern * f64::from(repeats) + 0.0;
            let message = format!(
                "{clinician} works {}sessions at {site} on {weekday}s {} weeks in a row \
                 ({} to {}); {} or more is a fixed pattern{}",
                kind.as_deref().map(|k| format!("{k} ")).unwrap_or_default(),
                r.weeks,
                dates.first().map(String::as_str).unwrap_or(""),
                dates.last().map(String::as_str).unwrap_or(""),
                n,
                if cost != 0.0 {
                    format!(" (costs {cost})")
                } else {
                    String::new()
                }
            );
            PatternWarning {
                clinician,
                site,
                weekday,
                kind,
                weeks: r.weeks,
                dates,
                shifts,
                cost,
                message,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.clinician, &a.site, &a.dates).cmp(&(&b.clinician, &b.site, &b.dates)));
    out
}

/// Whether some run of `N` consecutive weeks in one group is open to clinician `c` among
/// their eligible shifts (so the `pattern` term can be non-zero); the first such group as
/// a sentence.
pub(crate) fn possible(index: &Index<'_>, c: ClinicianIdx) -> Option<String> {
    let n = index.problem().solver.pattern_weeks();
    let eligible: Vec<(ShiftIdx, ClinicianIdx)> = index
        .eligible_for_clinician(c)
        .iter()
        .map(|&s| (s, c))
        .collect();
    let mut all = bookings_of(index, &eligible);
    all.extend(index.history().iter().filter(|b| b.clinician == c));
    let first = runs(&all, n).into_iter().next()?;
    let b = first.bookings[0];
    Some(format!(
        "eligible for {} sessions at {} on {} in {} consecutive weeks (pattern_weeks {n}), \
         and weights.pattern prices each repeat",
        b.kind
            .map(|k| index.kinds()[k.index()])
            .unwrap_or("kind-less"),
        index.problem().sites[b.site.index()].id,
        weekday_name(b.date.weekday()),
        first.weeks
    ))
}

pub(crate) fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(day: Date) -> Booking {
        Booking {
            clinician: ClinicianIdx(0),
            site: SiteIdx(0),
            kind: None,
            date: day,
            shift: Some(ShiftIdx(0)),
        }
    }

    #[test]
    fn a_run_continues_from_earlier_bookings() {
        // The horizon holds the last three Wednesdays; two earlier ones (before the
        // horizon, which no schema 1.1 field can carry) make the run five weeks long.
        let problem = crate::Problem::from_json(
            r#"{"horizon": {"start": "2026-12-21", "end": "2027-01-10"},
            "sites": [{"id": "P"}], "clinicians": [{"id": "A", "roles": ["gp"]}],
            "shifts": [
              {"id": "W2", "site": "P", "role": "gp", "kind": "AM",
               "start": "2026-12-23T08:30", "end": "2026-12-23T12:30"},
              {"id": "W3", "site": "P", "role": "gp", "kind": "AM",
               "start": "2026-12-30T08:30", "end": "2026-12-30T12:30"},
              {"id": "W4", "site": "P", "role": "gp", "kind": "AM",
               "start": "2027-01-06T08:30", "end": "2027-01-06T12:30"}],
            "weights": {"pattern": 2}}"#,
        )
        .expect("valid");
        let index = Index::build(&problem).expect("valid");
        let pairs: Vec<(ShiftIdx, ClinicianIdx)> = index
            .shift_indices()
            .map(|s| (s, ClinicianIdx(0)))
            .collect();
        assert!(warnings(&index, &pairs, &[]).is_empty());
        let earlier: Vec<Booking> = [(2026, 12, 9), (2026, 12, 16)]
            .iter()
            .map(|&(y, m, d)| Booking {
                clinician: ClinicianIdx(0),
                site: SiteIdx(0),
                kind: index.kind_idx("AM"),
                date: jiff::civil::date(y, m, d),
                shift: None,
            })
            .collect();
        let w = warnings(&index, &pairs, &earlier);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].weeks, 5);
        assert_eq!(
            w[0].dates,
            [
                "2026-12-09",
                "2026-12-16",
                "2026-12-23",
                "2026-12-30",
                "2027-01-06"
            ]
        );
        assert_eq!(w[0].shifts, ["W2", "W3", "W4"]);
        assert_eq!(w[0].cost, 4.0);
        // An earlier booking of another kind does not join the run.
        let mut other = earlier.clone();
        other[1].kind = None;
        assert!(warnings(&index, &pairs, &other).is_empty());
    }

    #[test]
    fn weeks_are_numbered_from_monday() {
        let mon = jiff::civil::date(2026, 12, 7);
        let sun = jiff::civil::date(2026, 12, 13);
        let next = jiff::civil::date(2026, 12, 14);
        assert_eq!(week_number(mon), week_number(sun));
        assert_eq!(week_number(next), week_number(mon) + 1);
        assert_eq!(
            week_number(jiff::civil::date(1969, 12, 31)),
            week_number(jiff::civil::date(1970, 1, 4))
        );
    }

    #[test]
    fn a_run_needs_consecutive_weeks_on_one_weekday() {
        let wed = |w: i64| {
            jiff::civil::date(2026, 12, 9)
                .checked_add(jiff::Span::new().days(7 * w))
                .expect("date")
        };
        let five: Vec<Booking> = (0..5).map(|w| b(wed(w))).collect();
        let r = runs(&five, 4);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].weeks, 5);
        // Week 2 missing: runs of 2 and 2.
        let broken: Vec<Booking> = [0, 1, 3, 4].iter().map(|&w| b(wed(w))).collect();
        assert!(runs(&broken, 4).is_empty());
        assert_eq!(runs(&broken, 2).len(), 2);
        // A Thursday in week 2 does not join Wednesdays.
        let mut other = broken.clone();
        other.push(b(wed(2)
            .checked_add(jiff::Span::new().days(1))
            .expect("date")));
        assert!(runs(&other, 4).is_empty());
    }
}
