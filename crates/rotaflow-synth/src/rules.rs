//! The rules family (see the crate documentation's "The rules family" for what each rule
//! is and why it binds): the rules' limits, early and late session times, home-visit
//! rounds, GPs' dated credentials and weekly session caps (schema revision 1.1), the
//! witness roster that proves the minimums feasible, and the replan flavour.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use rotaflow::ShiftIdx;
use rotaflow::{
    Assignment, Credential, Index, Interval, PerWeek, Problem, Shift, Skill, Succession,
};

use crate::calendar::{Day, civil, hm};
use crate::clinicians::per_horizon;
use crate::rng::{Rng, STREAM_RULES};
use crate::{Family, GenerateError, GenerateOptions};

/// How much more demand than the flow family: 4 sessions per clinician a week, not 2.5.
pub(crate) const DEMAND: f64 = 1.6;

/// Home-visit rounds on a weekday, per clinician in the pool (shared by the practices).
const HV_PER_CLINICIAN_DAY: f64 = 0.03;

/// Minutes of rest the witness keeps: 11 h, and an hour in hand for a clock change.
const WITNESS_REST_MINUTES: i64 = 12 * 60;

/// The credentials every gp session requires (`required_skills`), in the order GPs list
/// them.
pub(crate) const GP_CREDENTIALS: [&str; 3] = ["performers_list", "indemnity", "dbs"];

/// Share of GPs whose indemnity or DBS check ends inside the horizon, not renewed.
const LAPSE_SHARE: f64 = 0.03;

/// Share of GPs whose indemnity or DBS check ends inside the horizon and is renewed from
/// the next day (a second entry of the same name).
const RENEWAL_SHARE: f64 = 0.03;

/// Share of locum GPs whose indemnity is sold in sessions per week (`per_week.max_shifts`).
const WEEKLY_CAP_SHARE: f64 = 0.4;

/// `d` moved by `days`, as an ISO date; `None` beyond the calendar (years 1 to 9999).
fn moved(d: Date, days: i64) -> Option<Date> {
    d.checked_add(days.days()).ok()
}

/// A credential valid from `from` to `until` (either unbounded when `None`).
fn credential(name: &str, from: Option<Date>, until: Option<Date>) -> Skill {
    Skill::Dated(Credential {
        name: name.to_owned(),
        valid_from: from.map(|d| d.to_string()),
        valid_until: until.map(|d| d.to_string()),
    })
}

/// GPs' credentials and the gp sessions' `required_skills`, and weekly session caps for a
/// share of locum GPs.
///
/// Every GP lists, after their skills, a Performers List entry (valid from the day they
/// joined, 1 to 25 years ago, without an end), indemnity cover (a year's term) and a DBS
/// check (a three-year term), each term ending after the horizon; except that for about
/// 3 % of GPs the indemnity or the DBS check ends on a day inside the horizon (before its
/// last day), so their later sessions are ineligible, and for about 3 % more it ends there
/// and a renewal (a second entry, from the next day) keeps them eligible. About 40 % of
/// locum GPs (those without a `target_shifts`) buy indemnity by sessions a week:
/// `per_week.max_shifts` 3 to 8, unless [`GenerateOptions::weekly_caps`] is off (drawn
/// always, so that the option changes nothing else).
pub(crate) fn credentials(options: &GenerateOptions, days: &[Day], problem: &mut Problem) {
    let mut rng = Rng::new(options.seed, STREAM_RULES ^ 0x4352);
    let horizon = &days[..options.days];
    let (first, last) = (horizon[0].day, horizon[horizon.len() - 1].day);
    for c in &mut problem.clinicians {
        if !c.roles.iter().any(|r| r == "gp") {
            continue;
        }
        let joined = moved(first, -i64::from(rng.range(365, 25 * 365)));
        // Terms end 1 to 300 days (indemnity) or 1 to 900 days (DBS) after the horizon.
        let mut ends = [
            moved(last, i64::from(rng.range(1, 300))),
            moved(last, i64::from(rng.range(1, 900))),
        ];
        let terms = [1.years(), 3.years()];
        // A lapse or a renewal inside the horizon, on the indemnity or the DBS check.
        let fate = rng.unit();
        let which = rng.index(2);
        let day = rng.index(horizon.len().max(2) - 1);
        let inside = horizon.len() >= 2 && fate < LAPSE_SHARE + RENEWAL_SHARE;
        let renewed = inside && fate >= LAPSE_SHARE;
        if inside {
            ends[which] = Some(horizon[day].day);
        }
        c.skills.push(credential(GP_CREDENTIALS[0], joined, None));
        for (k, (end, term)) in ends.iter().zip(terms).enumerate() {
            let start = end
                .and_then(|e| e.checked_sub(term).ok())
                .and_then(|d| moved(d, 1));
            c.skills
                .push(credential(GP_CREDENTIALS[k + 1], start, *end));
        }
        if renewed {
            let from = moved(horizon[day].day, 1);
            let until = from
                .and_then(|d| d.checked_add(terms[which]).ok())
                .and_then(|d| moved(d, -1));
            c.skills
                .push(credential(GP_CREDENTIALS[which + 1], from, until));
        }
        let capped = rng.chance(WEEKLY_CAP_SHARE);
        let cap = i64::from(rng.range(3, 8));
        if options.weekly_caps && c.target_shifts.is_none() && capped {
            c.limits.per_week = Some(PerWeek {
                max_shifts: Some(cap),
                ..PerWeek::default()
            });
        }
    }
    problem.required_skills = BTreeMap::from([(
        "gp".to_owned(),
        GP_CREDENTIALS.iter().map(|&k| k.to_owned()).collect(),
    )]);
}

/// Early hub mornings and late hub evenings, and widened availability to reach them.
pub(crate) fn adjust_times(options: &GenerateOptions, problem: &mut Problem) {
    let mut rng = Rng::new(options.seed, STREAM_RULES);
    for shift in &mut problem.shifts {
        if !shift.site.starts_with('H') {
            continue;
        }
        let date = shift.start[..10].to_owned();
        let set = |text: &mut String, minutes: u32| {
            *text = format!("{date}T{:02}:{:02}", minutes / 60, minutes % 60);
        };
        match shift.kind.as_deref() {
            Some("AM") if rng.chance(0.5) => {
                set(
                    &mut shift.start,
                    rng.weighted(&[(hm(7, 0), 2), (hm(7, 30), 2), (hm(8, 0), 1)]),
                );
            }
            Some("EVE") if rng.chance(0.6) => {
                set(
                    &mut shift.end,
                    rng.weighted(&[(hm(21, 30), 2), (hm(22, 0), 3)]),
                );
            }
            _ => {}
        }
    }
    for clinician in &mut problem.clinicians {
        for window in clinician.availability.iter_mut().flatten() {
            if window.start.ends_with("T08:00") {
                window.start.replace_range(11.., "07:00");
            }
            if window.end.ends_with("T21:00") {
                window.end.replace_range(11.., "22:00");
            }
        }
    }
}

/// Home-visit rounds at the practices on weekdays, appended to the shifts (without ids).
pub(crate) fn home_visits(options: &GenerateOptions, days: &[Day], problem: &mut Problem) {
    let mut rng = Rng::new(options.seed, STREAM_RULES ^ 0x4856);
    let practices: Vec<String> = problem
        .sites
        .iter()
        .filter(|s| s.id.starts_with('P'))
        .map(|s| s.id.clone())
        .collect();
    if practices.is_empty() {
        return;
    }
    let per_practice = HV_PER_CLINICIAN_DAY * options.clinicians as f64 / practices.len() as f64;
    for day in days[..options.days].iter().filter(|d| !d.is_weekend()) {
        for site in &practices {
            for _ in 0..rng.count(per_practice) {
                let start = rng.weighted(&[(hm(10, 30), 3), (hm(11, 0), 1)]);
                let end = rng.weighted(&[(hm(13, 30), 1), (hm(14, 0), 3)]);
                let role = if rng.chance(0.6) { "gp" } else { "anp" };
                problem.shifts.push(Shift {
                    id: String::new(),
                    site: site.clone(),
                    start: civil(day, start),
                    end: civil(day, end),
                    role: role.to_owned(),
                    skills: Vec::new(),
                    kind: Some("HV".to_owned()),
                    headcount: Some(1),
                    unfilled_penalty: Some(if rng.chance(0.5) { 3000.0 } else { 1000.0 }),
                    over_penalty: None,
                    max_headcount: None,
                    max_rate_per_hour: None,
                    preferred_clinicians: Vec::new(),
                    excluded_clinicians: Vec::new(),
                });
            }
        }
    }
}

/// The limits of the table in the module documentation (all but `min_shifts`), and the
/// EVE → AM succession.
pub(crate) fn set_limits(options: &GenerateOptions, days: &[Day], problem: &mut Problem) {
    let mut rng = Rng::new(options.seed, STREAM_RULES ^ 0x4C49);
    let horizon = &days[..options.days];
    // Weekends meeting the horizon: its Saturdays, and a Sunday it starts on.
    let weekends =
        horizon.iter().filter(|d| d.weekday == 5).count() + usize::from(horizon[0].weekday == 6);
    for c in &mut problem.clinicians {
        let windows = c.availability.as_deref().unwrap_or_default();
        let evenings = windows.iter().any(|w| w.end.ends_with("T22:00"));
        let works_weekends = windows.iter().any(|w| {
            horizon
                .iter()
                .any(|d| d.is_weekend() && w.start.starts_with(&d.date))
        });
        let weekly_hours = if rng.chance(0.3) {
            rng.weighted(&[(20.0, 1), (24.0, 1), (30.0, 1)])
        } else {
            rng.weighted(&[(37.5, 4), (40.0, 3), (44.0, 2), (48.0, 1)])
        };
        let limits = &mut c.limits;
        limits.max_hours = Some(weekly_hours * (options.days.max(7) as f64) / 7.0);
        let consecutive = if rng.chance(0.2) { rng.range(3, 4) } else { 5 };
        limits.max_consecutive_days = Some(i64::from(consecutive));
        if works_weekends {
            let max = if weekends <= 1 {
                usize::from(!rng.chance(0.5))
            } else {
                weekends / 2
            };
            limits.max_weekends = Some(max as i64);
        }
        if evenings {
            limits
                .max_per_kind
                .insert("EVE".to_owned(), i64::from(per_horizon(2, options.days)));
        }
        if c.roles.iter().any(|r| r == "gp" || r == "anp") {
            limits
                .max_per_kind
                .insert("HV".to_owned(), i64::from(per_horizon(3, options.days)));
        }
    }
    problem.forbidden_successions = vec![Succession {
        first: "EVE".to_owned(),
        then: "AM".to_owned(),
    }];
}

/// A civil time `YYYY-MM-DDTHH:MM` as (day of the horizon, minutes since the horizon's
/// first midnight), in civil minutes.
fn at(day_of: &HashMap<&str, usize>, text: &str) -> Option<(usize, i64)> {
    let day = *day_of.get(&text[..10])?;
    let hours: i64 = text.get(11..13)?.parse().ok()?;
    let minutes: i64 = text.get(14..16)?.parse().ok()?;
    Some((day, day as i64 * 1440 + hours * 60 + minutes))
}

/// One shift as the witness sees it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    day: usize,
    start: i64,
    end: i64,
    kind: u8,
}

const KIND_AM: u8 = 0;
const KIND_EVE: u8 = 2;

fn kind_code(kind: Option<&str>) -> u8 {
    match kind {
        Some("AM") => KIND_AM,
        Some("PM") => 1,
        Some("EVE") => KIND_EVE,
        _ => 3,
    }
}

/// Whether `clinician` may add `new` to `taken` under every rule the family sets.
fn accepts(
    problem: &Problem,
    clinician: usize,
    taken: &[Slot],
    new: Slot,
    kinds: &[&str; 4],
    weekend_of: &[Option<usize>],
    week_of: &[usize],
) -> bool {
    let limits = &problem.clinicians[clinician].limits;
    let count = taken.len() as i64 + 1;
    if limits.max_shifts.is_some_and(|m| count > m) {
        return false;
    }
    let minutes: i64 = taken.iter().map(|t| t.end - t.start).sum::<i64>() + new.end - new.start;
    if limits.max_hours.is_some_and(|h| minutes as f64 > h * 60.0) {
        return false;
    }
    let per_day = taken.iter().filter(|t| t.day == new.day).count() as i64 + 1;
    if limits.max_shifts_per_day.is_some_and(|m| per_day > m) {
        return false;
    }
    for t in taken {
        if t.start < new.end && new.start < t.end {
            return false;
        }
        if t.day != new.day {
            let (first, then) = if t.start < new.start {
                (t, &new)
            } else {
                (&new, t)
            };
            if then.start - first.end < WITNESS_REST_MINUTES {
                return false;
            }
            if then.day == first.day + 1 && first.kind == KIND_EVE && then.kind == KIND_AM {
                return false;
            }
        }
    }
    if let Some(w) = &limits.per_week {
        let week = week_of[new.day];
        let same: Vec<&Slot> = taken.iter().filter(|t| week_of[t.day] == week).collect();
        if w.max_shifts.is_some_and(|m| same.len() as i64 + 1 > m) {
            return false;
        }
        let minutes: i64 = same.iter().map(|t| t.end - t.start).sum::<i64>() + new.end - new.start;
        if w.max_hours.is_some_and(|h| minutes as f64 > h * 60.0) {
            return false;
        }
    }
    let kind = kinds[usize::from(new.kind)];
    if let Some(&max) = limits.max_per_kind.get(kind) {
        let same = taken.iter().filter(|t| t.kind == new.kind).count() as i64 + 1;
        if same > max {
            return false;
        }
    }
    let mut worked: Vec<usize> = taken.iter().map(|t| t.day).chain([new.day]).collect();
    worked.sort_unstable();
    worked.dedup();
    if let Some(max) = limits.max_consecutive_days {
        let mut run = 0i64;
        for (i, &d) in worked.iter().enumerate() {
            run = if i > 0 && worked[i - 1] + 1 == d {
                run + 1
            } else {
                1
            };
            if run > max {
                return false;
            }
        }
    }
    if let Some(max) = limits.max_weekends {
        let mut weekends: Vec<usize> = worked.iter().filter_map(|&d| weekend_of[d]).collect();
        weekends.dedup();
        if weekends.len() as i64 > max {
            return false;
        }
    }
    true
}

/// A roster that keeps every rule of the family, filled greedily: the most urgent and
/// earliest sessions first, each to the eligible clinician with the fewest sessions so far
/// who can take it.
fn witness(problem: &Problem, days: &[Day]) -> Result<Vec<(usize, usize)>, GenerateError> {
    let index = Index::build(problem).map_err(|e| GenerateError::Internal {
        message: format!("the generated problem is not valid: {e}"),
    })?;
    let day_of: HashMap<&str, usize> = days
        .iter()
        .enumerate()
        .map(|(i, d)| (d.date.as_str(), i))
        .collect();
    let weekend_of: Vec<Option<usize>> = days
        .iter()
        .enumerate()
        .map(|(i, d)| match d.weekday {
            5 => Some(i),
            6 => Some(i.saturating_sub(1)),
            _ => None,
        })
        .collect();
    // Calendar weeks, Monday to Sunday, numbered from the horizon's first.
    let week_of: Vec<usize> = days
        .iter()
        .enumerate()
        .scan(0usize, |week, (i, d)| {
            if i > 0 && d.weekday == 0 {
                *week += 1;
            }
            Some(*week)
        })
        .collect();
    let kinds = ["AM", "PM", "EVE", "HV"];
    let mut slots = Vec::with_capacity(problem.shifts.len());
    for s in &problem.shifts {
        let (Some((day, start)), Some((_, end))) = (at(&day_of, &s.start), at(&day_of, &s.end))
        else {
            return Err(GenerateError::Internal {
                message: format!("shift {} has a time outside the horizon", s.id),
            });
        };
        slots.push(Slot {
            day,
            start,
            end,
            kind: kind_code(s.kind.as_deref()),
        });
    }
    let mut order: Vec<usize> = (0..problem.shifts.len()).collect();
    let penalty = |s: usize| problem.shifts[s].unfilled_penalty.unwrap_or(0.0);
    order.sort_by(|&a, &b| {
        penalty(b)
            .total_cmp(&penalty(a))
            .then(slots[a].start.cmp(&slots[b].start))
            .then(a.cmp(&b))
    });
    let mut taken: Vec<Vec<Slot>> = vec![Vec::new(); problem.clinicians.len()];
    let mut pairs = Vec::new();
    for &s in &order {
        let mut candidates: Vec<usize> = index
            .eligible_for_shift(ShiftIdx(s as u32))
            .iter()
            .map(|c| c.index())
            .collect();
        candidates.sort_by_key(|&c| (taken[c].len(), c));
        let mut wanted = problem.shifts[s].headcount.unwrap_or(1);
        for c in candidates {
            if wanted <= 0 {
                break;
            }
            if accepts(
                problem,
                c,
                &taken[c],
                slots[s],
                &kinds,
                &weekend_of,
                &week_of,
            ) {
                taken[c].push(slots[s]);
                pairs.push((s, c));
                wanted -= 1;
            }
        }
    }
    pairs.sort_unstable();
    Ok(pairs)
}

/// Salaried GPs' `min_shifts` from the witness (rules family), and the replan flavour
/// when asked for.
pub(crate) fn finish(
    options: &GenerateOptions,
    days: &[Day],
    problem: &mut Problem,
) -> Result<(), GenerateError> {
    let pairs = witness(problem, days)?;
    let mut worked = vec![0i64; problem.clinicians.len()];
    for &(_, c) in &pairs {
        worked[c] += 1;
    }
    let wanted = i64::from(per_horizon(2, options.days));
    for (c, clinician) in problem.clinicians.iter_mut().enumerate() {
        let salaried = clinician.target_shifts.is_some();
        if options.family == Family::Rules && salaried && worked[c] > 0 {
            clinician.limits.min_shifts = Some(wanted.min(worked[c]));
        }
    }
    if options.replan {
        replan(options, days, problem, &pairs);
    }
    Ok(())
}

/// The witness as the published roster, its first day pinned, and a few cancellations.
fn replan(
    options: &GenerateOptions,
    days: &[Day],
    problem: &mut Problem,
    pairs: &[(usize, usize)],
) {
    let mut rng = Rng::new(options.seed, STREAM_RULES ^ 0x5245);
    let first_day = &days[0].date;
    let pair = |&(s, c): &(usize, usize)| {
        Assignment::new(&problem.shifts[s].id, &problem.clinicians[c].id)
    };
    let previous: Vec<Assignment> = pairs.iter().map(pair).collect();
    let pinned: Vec<Assignment> = pairs
        .iter()
        .filter(|&&(s, _)| problem.shifts[s].start.starts_with(first_day.as_str()))
        .map(pair)
        .collect();
    let mut later: Vec<usize> = pairs
        .iter()
        .filter(|&&(s, _)| !problem.shifts[s].start.starts_with(first_day.as_str()))
        .map(|&(_, c)| c)
        .collect();
    later.sort_unstable();
    later.dedup();
    let cancels = (problem.clinicians.len() / 200).max(1).min(later.len());
    let mut cancelled = Vec::with_capacity(cancels);
    while cancelled.len() < cancels {
        let c = later[rng.index(later.len())];
        if !cancelled.contains(&c) {
            cancelled.push(c);
        }
    }
    cancelled.sort_unstable();
    if options.days > 1 {
        for c in cancelled {
            // What they still work (the first day) bounds their minimum now.
            let kept = pinned
                .iter()
                .filter(|a| a.clinician == problem.clinicians[c].id)
                .count() as i64;
            let clinician = &mut problem.clinicians[c];
            clinician.unavailable.push(Interval {
                start: civil(&days[1], 0),
                end: civil(&days[options.days], 0),
            });
            clinician.limits.min_shifts = clinician
                .limits
                .min_shifts
                .map(|m| m.min(kept))
                .filter(|&m| m > 0);
        }
    }
    problem.previous = previous;
    problem.pinned = pinned;
    problem.weights.change = 200.0;
}
