//! Phase one: each section of the document on its own, and every reference between them.
//!
//! [`Validator::phase_one`] calls one function per section, in the order their facts are
//! needed (the horizon's default needs the shift times; shifts need the horizon and the
//! ids; clinicians need the horizon for their preference days), and returns the compiled
//! facts when every section was sound enough to compile.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::{Validator, parse_date};
use crate::error::{IssueCode, escape};
use crate::index::{
    Booking, ClinicianFacts, ClinicianIdx, Compiled, CredentialFacts, KindIdx, MAX_COUNT,
    PreferenceFacts, ShiftFacts, ShiftIdx, SiteIdx,
};
use crate::model::{Clinician, DEFAULT_TIMEZONE, Limits, SCHEMA_VERSION, Shift, Skill};

/// The ids of each list, as positions.
struct Ids<'p> {
    sites: HashMap<&'p str, u32>,
    clinicians: HashMap<&'p str, u32>,
    shifts: HashMap<&'p str, u32>,
}

/// The horizon's days.
struct Days {
    days: Vec<Date>,
}

impl Days {
    fn first(&self) -> Option<Date> {
        self.days.first().copied()
    }

    /// The index of `day`, or `None` outside the horizon.
    fn offset(&self, day: Date) -> Option<u32> {
        let first = self.first()?;
        let offset = (day - first).get_days();
        (offset >= 0 && (offset as usize) < self.days.len()).then_some(offset as u32)
    }
}

/// A shift's instants and its local date, when its times are readable.
type ShiftTimes = Option<(i64, i64, Date)>;

impl<'p> Validator<'p> {
    /// Checks each value and reference; returns the compiled facts (eligibility not yet
    /// computed) when the basics needed to build an index are sound.
    pub(super) fn phase_one(&mut self) -> Option<Compiled<'p>> {
        let p = self.problem;
        let tz = self.version_and_zone();
        let ids = Ids {
            sites: self.ids("sites", p.sites.iter().map(|s| s.id.as_str())),
            clinicians: self.ids("clinicians", p.clinicians.iter().map(|c| c.id.as_str())),
            shifts: self.ids("shifts", p.shifts.iter().map(|s| s.id.as_str())),
        };
        self.sites();
        self.weights();
        self.required_skills();
        self.solver_block(&p.solver);
        let times = self.shift_times(&tz);
        let days = self.horizon(&times);
        let kinds = kinds(p.shifts.iter());
        let shifts = self.shifts(&ids, &times, &days, &kinds);
        let clinicians: Vec<ClinicianFacts> = p
            .clinicians
            .iter()
            .enumerate()
            .map(|(i, c)| self.clinician(i, c, &tz, &ids, &days, &kinds))
            .collect();
        let travel = self.travel(&ids);
        self.successions();
        let pinned = self.pairs("pinned", &ids);
        let previous = self.pairs("previous", &ids);
        let history = self.history(&ids, &days, &kinds);

        if shifts.len() != p.shifts.len() {
            return None;
        }
        Some(Compiled {
            problem: p,
            tz,
            days: days.days,
            kinds: kinds.names,
            shifts,
            clinicians,
            site_ids: positions(ids.sites, SiteIdx),
            clinician_ids: positions(ids.clinicians, ClinicianIdx),
            shift_ids: positions(ids.shifts, ShiftIdx),
            travel,
            pinned,
            previous,
            history,
        })
    }

    /// `version` and `timezone`; the zone (UTC when it is unknown, to go on checking).
    fn version_and_zone(&mut self) -> TimeZone {
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
        match TimeZone::get(zone_name) {
            Ok(tz) => tz,
            Err(_) => {
                self.push(
                    "/timezone",
                    IssueCode::InvalidTimezone,
                    format!("`{zone_name}` is not an IANA time zone (e.g. Europe/London)"),
                );
                TimeZone::UTC
            }
        }
    }

    /// `sites[]`: coordinates.
    fn sites(&mut self) {
        for (i, site) in self.problem.sites.iter().enumerate() {
            self.coordinates(&format!("/sites/{i}"), site.lat, site.lon);
        }
    }

    /// `weights`.
    fn weights(&mut self) {
        let w = self.problem.weights;
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
        self.amount("/weights/pattern", w.pattern);
    }

    /// `required_skills`: roles and skill names, none empty.
    fn required_skills(&mut self) {
        for (role, skills) in &self.problem.required_skills {
            let ptr = format!("/required_skills/{}", escape(role));
            if role.is_empty() {
                self.push(&ptr, IssueCode::InvalidValue, "a role must not be empty");
            }
            for (j, k) in skills.iter().enumerate() {
                if k.is_empty() {
                    self.push(
                        format!("{ptr}/{j}"),
                        IssueCode::InvalidValue,
                        "a skill must not be empty",
                    );
                }
            }
        }
    }

    /// `clinicians[i].skills`: each credential's name and dates, the dates in order.
    fn skills(&mut self, ptr: &str, c: &Clinician) -> Vec<CredentialFacts> {
        let mut out = Vec::with_capacity(c.skills.len());
        for (j, skill) in c.skills.iter().enumerate() {
            let sp = format!("{ptr}/skills/{j}");
            let Skill::Dated(cred) = skill else {
                out.push(CredentialFacts::default());
                continue;
            };
            if cred.name.is_empty() {
                self.push(
                    format!("{sp}/name"),
                    IssueCode::InvalidValue,
                    "a skill must not be empty",
                );
            }
            let mut date = |field: &str, text: &Option<String>| {
                text.as_deref().and_then(|t| {
                    parse_date(t)
                        .map_err(|e| self.push(format!("{sp}/{field}"), IssueCode::InvalidDate, e))
                        .ok()
                })
            };
            let from = date("valid_from", &cred.valid_from);
            let until = date("valid_until", &cred.valid_until);
            if let (Some(a), Some(b)) = (from, until) {
                if b < a {
                    self.push(
                        format!("{sp}/valid_until"),
                        IssueCode::EndNotAfterStart,
                        format!(
                            "`{}` is valid until {b}, before it is valid from {a}",
                            cred.name
                        ),
                    );
                }
            }
            out.push(CredentialFacts { from, until });
        }
        out
    }

    /// `shifts[].start`/`end`: the instants and the local date of the start.
    fn shift_times(&mut self, tz: &TimeZone) -> Vec<ShiftTimes> {
        let p = self.problem;
        let mut times = Vec::with_capacity(p.shifts.len());
        for (i, s) in p.shifts.iter().enumerate() {
            let ptr = format!("/shifts/{i}");
            let interval = self.interval(&ptr, &s.start, &s.end, tz);
            times.push(interval.map(|(a, b)| {
                let day = Timestamp::from_second(a)
                    .map(|t| t.to_zoned_datetime(tz.clone()).date())
                    .unwrap_or_default();
                (a, b, day)
            }));
        }
        times
    }

    /// `horizon`, or by default the first to the last shift day.
    fn horizon(&mut self, times: &[ShiftTimes]) -> Days {
        let mut horizon = None;
        if let Some(h) = &self.problem.horizon {
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
            let days = times.iter().flatten().map(|&(_, _, d)| d);
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
        Days { days }
    }

    /// `shifts[]`: references, counts, penalties and the day inside the horizon; the facts
    /// of every shift whose times and site are sound.
    fn shifts(
        &mut self,
        ids: &Ids<'_>,
        times: &[ShiftTimes],
        days: &Days,
        kinds: &Kinds<'_>,
    ) -> Vec<ShiftFacts> {
        let p = self.problem;
        let mut facts = Vec::with_capacity(p.shifts.len());
        for (i, s) in p.shifts.iter().enumerate() {
            if let Some(f) = self.shift(i, s, ids, times[i], days, kinds) {
                facts.push(f);
            }
        }
        facts
    }

    fn shift(
        &mut self,
        i: usize,
        s: &Shift,
        ids: &Ids<'_>,
        times: ShiftTimes,
        days: &Days,
        kinds: &Kinds<'_>,
    ) -> Option<ShiftFacts> {
        let ptr = format!("/shifts/{i}");
        let site = self.reference(
            &format!("{ptr}/site"),
            &ids.sites,
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
        let unfilled = s.unfilled_penalty.unwrap_or(self.problem.weights.unfilled);
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
        let mut preferred: Vec<ClinicianIdx> = Vec::new();
        for (j, c) in s.preferred_clinicians.iter().enumerate() {
            let found = self.reference(
                &format!("{ptr}/preferred_clinicians/{j}"),
                &ids.clinicians,
                c,
                IssueCode::UnknownClinician,
                "clinician",
            );
            preferred.extend(found.map(ClinicianIdx));
        }
        preferred.sort_unstable();
        preferred.dedup();
        for (j, c) in s.excluded_clinicians.iter().enumerate() {
            self.reference(
                &format!("{ptr}/excluded_clinicians/{j}"),
                &ids.clinicians,
                c,
                IssueCode::UnknownClinician,
                "clinician",
            );
        }
        let mut day_index = 0;
        if let (Some((_, _, day)), Some(first)) = (times, days.first()) {
            match days.offset(day) {
                Some(d) => day_index = d,
                None => self.push(
                    format!("{ptr}/start"),
                    IssueCode::ShiftOutsideHorizon,
                    format!(
                        "the shift's day {day} is outside the horizon {first} to {}",
                        days.days.last().copied().unwrap_or(first)
                    ),
                ),
            }
        }
        let ((a, b, _), site) = (times?, site?);
        let hc = headcount.clamp(0, MAX_COUNT) as u32;
        Some(ShiftFacts {
            start: a,
            end: b,
            hours: (b - a) as f64 / 3600.0,
            day: day_index,
            site: SiteIdx(site),
            kind: s.kind.as_deref().and_then(|k| kinds.get(k)),
            headcount: hc,
            unfilled_penalty: unfilled,
            over_penalty: s.over_penalty,
            max_headcount: match s.over_penalty {
                None => Some(hc),
                Some(_) => s.max_headcount.map(|m| m.clamp(0, MAX_COUNT) as u32),
            },
            preferred,
        })
    }

    /// `clinicians[i]`: roles, home, rates, availability, limits, preferences, exclusions.
    fn clinician(
        &mut self,
        i: usize,
        c: &Clinician,
        tz: &TimeZone,
        ids: &Ids<'_>,
        days: &Days,
        kinds: &Kinds<'_>,
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
        let credentials = self.skills(&ptr, c);
        self.limits(&format!("{ptr}/limits"), &c.limits);
        let preferences = self.preferences(&ptr, c, ids, days, kinds);
        for (j, site) in c.excluded_sites.iter().enumerate() {
            self.reference(
                &format!("{ptr}/excluded_sites/{j}"),
                &ids.sites,
                site,
                IssueCode::UnknownSite,
                "site",
            );
        }
        ClinicianFacts {
            availability,
            unavailable,
            preferences,
            credentials,
        }
    }

    /// `clinicians[i].limits`: each count and amount, and minimums not above maximums.
    fn limits(&mut self, lp: &str, l: &Limits) {
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
        if let Some(w) = &l.per_week {
            let wp = format!("{lp}/per_week");
            for (name, value) in [("max_shifts", w.max_shifts), ("min_shifts", w.min_shifts)] {
                if let Some(v) = value {
                    self.count(&format!("{wp}/{name}"), v);
                }
            }
            if let Some(h) = w.max_hours {
                self.amount(&format!("{wp}/max_hours"), h);
            }
            if let (Some(a), Some(b)) = (w.min_shifts, w.max_shifts) {
                if a > b {
                    self.push(
                        format!("{wp}/min_shifts"),
                        IssueCode::MinAboveMax,
                        format!("per_week.min_shifts {a} is above per_week.max_shifts {b}"),
                    );
                }
            }
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
    }

    /// `clinicians[i].preferences`: weights, selectors and their references.
    fn preferences(
        &mut self,
        ptr: &str,
        c: &Clinician,
        ids: &Ids<'_>,
        days: &Days,
        kinds: &Kinds<'_>,
    ) -> Vec<PreferenceFacts> {
        let mut out = Vec::with_capacity(c.preferences.len());
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
            let site = pref.site.as_ref().map(|site| {
                self.reference(
                    &format!("{pp}/site"),
                    &ids.sites,
                    site,
                    IssueCode::UnknownSite,
                    "site",
                )
            });
            let shift = pref.shift.as_ref().map(|shift| {
                self.reference(
                    &format!("{pp}/shift"),
                    &ids.shifts,
                    shift,
                    IssueCode::UnknownShift,
                    "shift",
                )
            });
            let mut day = None;
            if let Some(text) = &pref.day {
                match parse_date(text) {
                    Ok(d) => day = Some(days.offset(d).unwrap_or(u32::MAX)),
                    Err(e) => self.push(format!("{pp}/day"), IssueCode::InvalidDate, e),
                }
            }
            out.push(PreferenceFacts {
                // An unknown reference was reported; the index is never built then.
                site: site.map(|s| SiteIdx(s.unwrap_or(u32::MAX))),
                kind: pref.kind.as_deref().map(|k| kinds.get(k)),
                day,
                shift: shift.map(|s| ShiftIdx(s.unwrap_or(u32::MAX))),
                weight: pref.weight,
            });
        }
        out
    }

    /// `travel_km[]`: references, distances, no pair twice.
    fn travel(&mut self, ids: &Ids<'_>) -> HashMap<(ClinicianIdx, SiteIdx), f64> {
        let mut travel = HashMap::new();
        for (i, t) in self.problem.travel_km.iter().enumerate() {
            let ptr = format!("/travel_km/{i}");
            let c = self.reference(
                &format!("{ptr}/clinician"),
                &ids.clinicians,
                &t.clinician,
                IssueCode::UnknownClinician,
                "clinician",
            );
            let s = self.reference(
                &format!("{ptr}/site"),
                &ids.sites,
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
        travel
    }

    /// `forbidden_successions[]`: kinds are not empty.
    fn successions(&mut self) {
        for (i, f) in self.problem.forbidden_successions.iter().enumerate() {
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
    }

    /// `history[]` (revision 1.1): known clinician and site, a date before the horizon; the
    /// bookings whose kind some shift has (a kind no shift has cannot join a run of the
    /// roster's sessions, so it is read and left out).
    fn history(&mut self, ids: &Ids<'_>, days: &Days, kinds: &Kinds<'_>) -> Vec<Booking> {
        let p = self.problem;
        let mut out = Vec::new();
        for (i, b) in p.history.iter().enumerate() {
            let ptr = format!("/history/{i}");
            let c = self.reference(
                &format!("{ptr}/clinician"),
                &ids.clinicians,
                &b.clinician,
                IssueCode::UnknownClinician,
                "clinician",
            );
            let site = self.reference(
                &format!("{ptr}/site"),
                &ids.sites,
                &b.site,
                IssueCode::UnknownSite,
                "site",
            );
            if b.kind.as_deref() == Some("") {
                self.push(
                    format!("{ptr}/kind"),
                    IssueCode::InvalidValue,
                    "a shift kind must not be empty",
                );
            }
            let date = match parse_date(&b.date) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.push(format!("{ptr}/date"), IssueCode::InvalidDate, e);
                    None
                }
            };
            let first = days.days.first().copied();
            if let (Some(d), Some(first)) = (date, first) {
                if d >= first {
                    self.push(
                        format!("{ptr}/date"),
                        IssueCode::InvalidValue,
                        format!(
                            "a session of the history must be before the horizon, which starts \
                             on {first}"
                        ),
                    );
                    continue;
                }
            }
            let kind = match b.kind.as_deref() {
                Some(k) => match kinds.get(k) {
                    Some(k) => Some(k),
                    None => continue,
                },
                None => None,
            };
            if let (Some(c), Some(site), Some(date)) = (c, site, date) {
                out.push(Booking {
                    clinician: ClinicianIdx(c),
                    site: SiteIdx(site),
                    kind,
                    date,
                    shift: None,
                });
            }
        }
        out
    }

    /// `pinned[]` or `previous[]`: references, no pair twice.
    fn pairs(&mut self, list: &str, ids: &Ids<'_>) -> Vec<(ShiftIdx, ClinicianIdx)> {
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
                &ids.shifts,
                &a.shift,
                IssueCode::UnknownShift,
                "shift",
            );
            let c = self.reference(
                &format!("{ptr}/clinician"),
                &ids.clinicians,
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
}

/// The shifts' kinds, interned in order of first appearance.
struct Kinds<'p> {
    names: Vec<&'p str>,
    ids: HashMap<&'p str, KindIdx>,
}

impl Kinds<'_> {
    fn get(&self, name: &str) -> Option<KindIdx> {
        self.ids.get(name).copied()
    }
}

fn kinds<'p>(shifts: impl Iterator<Item = &'p Shift>) -> Kinds<'p> {
    let mut names = Vec::new();
    let mut ids = HashMap::new();
    for k in shifts.filter_map(|s| s.kind.as_deref()) {
        ids.entry(k).or_insert_with(|| {
            names.push(k);
            KindIdx(names.len() as u32 - 1)
        });
    }
    Kinds { names, ids }
}

fn positions<T>(map: HashMap<&str, u32>, make: fn(u32) -> T) -> HashMap<&str, T> {
    map.into_iter().map(|(k, v)| (k, make(v))).collect()
}
