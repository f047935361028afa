//! The conversion between an instance and a rotaflow [`Problem`], and between their
//! rosters: a benchmark roster as rotaflow assignments and back.

use std::collections::HashMap;

use rotaflow::{Assignment, Problem};

use crate::{Cover, CurtoisError, CurtoisRoster, Instance};

/// The day a converted instance starts on: a Monday, as the benchmark's day 0 is.
pub const PROBLEM_START: &str = "2024-01-01";

/// An instance as a rotaflow [`Problem`], with what it takes to read the
/// benchmark's penalty off a rotaflow objective. See [`Instance::to_problem`].
#[derive(Debug, Clone, PartialEq)]
pub struct CurtoisProblem {
    /// The rotaflow problem.
    pub problem: Problem,
    /// `Σ w` over the shift-on requests: the benchmark's penalty is the rotaflow objective
    /// plus this constant.
    pub offset: i64,
}

impl CurtoisProblem {
    /// The benchmark's penalty of a roster whose rotaflow objective is `objective`.
    pub fn penalty_of(&self, objective: f64) -> f64 {
        objective + self.offset as f64
    }
}

impl Instance {
    /// The instance as a rotaflow problem whose optimum is the benchmark's optimum less a
    /// constant ([`CurtoisProblem::offset`]).
    ///
    /// | benchmark | rotaflow |
    /// | --- | --- |
    /// | day `d` (day 0 a Monday) | the date [`PROBLEM_START`] + `d` in `UTC`; the horizon is exactly the `H` days |
    /// | shift type `T` of length `m` | kind and role `T`; on every day a shift `d{dd}-T` from 00:00 for `m` minutes at one site `ward` |
    /// | cover `(d, T, req, wu, wo)` | that shift's `headcount = req`, `unfilled_penalty = wu`, `over_penalty = wo` (no cover line: headcount 0 and no over-staffing cost) |
    /// | `MaxShifts` `T=0` / `T=m` | `T` left out of the staff member's roles / `max_per_kind[T] = m` (when `m < H`) |
    /// | max / min total minutes | `max_hours` / `min_hours` (minutes / 60; a minimum of 0 is left out) |
    /// | one shift per day | `max_shifts_per_day = 1` |
    /// | max / min consecutive shifts | `max_consecutive_days` / `min_consecutive_days` |
    /// | min consecutive days off, max weekends | `min_consecutive_days_off`, `max_weekends` |
    /// | days off | the whole day `unavailable` |
    /// | `T` cannot follow `S` | `forbidden_successions` `{first: S, then: T}` |
    /// | shift-on request `(e, d, T, w)` | preference `+w` for shift `d{dd}-T` (the penalty `w·(1 − x)` is `w` minus that reward, so `w` joins the offset) |
    /// | shift-off request `(e, d, T, w)` | preference `−w` for shift `d{dd}-T` |
    ///
    /// Weights: `preference` 1, every other weight 0 (the cover penalties are per shift).
    /// Staff pay nothing, so the objective is exactly requests plus cover. The horizon-end
    /// conventions of the two minimum rules, the weekend definition and "nothing is checked
    /// across the horizon" are rotaflow's own (DESIGN.md), which is why the translation is
    /// exact: [`CurtoisRoster::from_assignments`] turns a rotaflow roster back, and
    /// [`penalty`](crate::penalty()) of that roster equals [`CurtoisProblem::penalty_of`] its objective.
    pub fn to_problem(&self) -> CurtoisProblem {
        use rotaflow::{
            Clinician, Horizon, Interval, Limits, Preference, Shift as RShift, Site, Succession,
            Weights,
        };
        let h = self.horizon;
        let start = jiff::civil::date(2024, 1, 1);
        let day = |d: usize| -> jiff::civil::Date {
            // The horizon is at most a few years; the arithmetic cannot leave jiff's range.
            start
                .checked_add(jiff::Span::new().days(d as i64))
                .unwrap_or(start)
        };
        let stamp = |dt: jiff::civil::DateTime| dt.strftime("%Y-%m-%dT%H:%M").to_string();

        let mut cover: HashMap<(usize, usize), &Cover> = HashMap::new();
        for c in &self.cover {
            cover.insert((c.day, c.shift), c);
        }
        let mut shifts = Vec::with_capacity(h * self.shifts.len());
        for d in 0..h {
            let begin = day(d).at(0, 0, 0, 0);
            for (t, shift) in self.shifts.iter().enumerate() {
                let end = begin
                    .checked_add(jiff::Span::new().minutes(i64::from(shift.minutes)))
                    .unwrap_or(begin);
                let line = cover.get(&(d, t));
                shifts.push(RShift {
                    id: shift_id(self, d, t),
                    site: "ward".to_owned(),
                    start: stamp(begin),
                    end: stamp(end),
                    role: shift.id.clone(),
                    skills: Vec::new(),
                    kind: Some(shift.id.clone()),
                    headcount: Some(line.map_or(0, |c| i64::from(c.requirement))),
                    unfilled_penalty: Some(line.map_or(0.0, |c| f64::from(c.weight_under))),
                    over_penalty: Some(line.map_or(0.0, |c| f64::from(c.weight_over))),
                    max_headcount: None,
                    max_rate_per_hour: None,
                    preferred_clinicians: Vec::new(),
                    excluded_clinicians: Vec::new(),
                });
            }
        }

        let mut preferences: Vec<Vec<Preference>> = vec![Vec::new(); self.staff.len()];
        let mut offset = 0i64;
        let requests = self
            .shift_on_requests
            .iter()
            .map(|r| (r, 1.0))
            .chain(self.shift_off_requests.iter().map(|r| (r, -1.0)));
        for (r, sign) in requests {
            if sign > 0.0 {
                offset += i64::from(r.weight);
            }
            preferences[r.staff].push(Preference {
                site: None,
                kind: None,
                day: None,
                shift: Some(shift_id(self, r.day, r.shift)),
                weight: sign * f64::from(r.weight),
            });
        }

        let clinicians = self
            .staff
            .iter()
            .zip(preferences)
            .map(|(staff, preferences)| {
                let mut max_per_kind = std::collections::BTreeMap::new();
                let mut roles = Vec::new();
                for (t, &m) in staff.max_shifts.iter().enumerate() {
                    if m == 0 {
                        continue;
                    }
                    roles.push(self.shifts[t].id.clone());
                    if (m as usize) < h {
                        max_per_kind.insert(self.shifts[t].id.clone(), i64::from(m));
                    }
                }
                let unavailable = staff
                    .days_off
                    .iter()
                    .map(|&d| Interval {
                        start: stamp(day(d).at(0, 0, 0, 0)),
                        end: stamp(day(d + 1).at(0, 0, 0, 0)),
                    })
                    .collect();
                Clinician {
                    id: staff.id.clone(),
                    name: None,
                    roles,
                    skills: Vec::new(),
                    home: None,
                    max_travel_km: None,
                    availability: None,
                    unavailable,
                    rate_per_hour: 0.0,
                    rate_per_shift: 0.0,
                    target_shifts: None,
                    limits: Limits {
                        max_shifts: None,
                        min_shifts: None,
                        max_hours: Some(f64::from(staff.max_total_minutes) / 60.0),
                        min_hours: (staff.min_total_minutes > 0)
                            .then(|| f64::from(staff.min_total_minutes) / 60.0),
                        max_shifts_per_day: Some(1),
                        min_rest_hours: None,
                        max_consecutive_days: Some(i64::from(staff.max_consecutive_shifts)),
                        min_consecutive_days: Some(i64::from(staff.min_consecutive_shifts)),
                        min_consecutive_days_off: Some(i64::from(staff.min_consecutive_days_off)),
                        max_weekends: Some(i64::from(staff.max_weekends)),
                        max_per_kind,
                        per_week: None,
                    },
                    preferences,
                    excluded_sites: Vec::new(),
                }
            })
            .collect();

        let forbidden_successions = self
            .shifts
            .iter()
            .flat_map(|s| {
                s.cannot_follow.iter().map(|&t| Succession {
                    first: s.id.clone(),
                    then: self.shifts[t].id.clone(),
                })
            })
            .collect();

        let problem = Problem {
            timezone: Some("UTC".to_owned()),
            horizon: Some(Horizon {
                start: day(0).to_string(),
                end: day(h.saturating_sub(1)).to_string(),
            }),
            sites: vec![Site {
                id: "ward".to_owned(),
                name: Some("Curtois–Qu instance".to_owned()),
                lat: None,
                lon: None,
            }],
            clinicians,
            shifts,
            forbidden_successions,
            weights: Weights {
                unfilled: 0.0,
                cost: 0.0,
                preference: 1.0,
                travel_per_km: 0.0,
                fairness: 0.0,
                continuity: 0.0,
                change: 0.0,
                pattern: 0.0,
            },
            ..Problem::default()
        };
        CurtoisProblem { problem, offset }
    }
}

impl CurtoisRoster {
    /// The roster as assignments of the problem [`Instance::to_problem`] makes, sorted.
    /// Cells out of the instance's range (see [`penalty`](crate::penalty())) are left out.
    pub fn to_assignments(&self, instance: &Instance) -> Vec<Assignment> {
        let mut out = Vec::new();
        for (e, row) in self
            .assignments
            .iter()
            .enumerate()
            .take(instance.staff.len())
        {
            for (d, cell) in row.iter().enumerate().take(instance.horizon) {
                if let Some(t) = cell.filter(|&t| t < instance.shifts.len()) {
                    out.push(Assignment::new(
                        shift_id(instance, d, t),
                        instance.staff[e].id.clone(),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    /// A rotaflow roster of a problem made by [`Instance::to_problem`], in the benchmark's
    /// form. Fails on a shift or clinician the conversion does not make and on two shifts
    /// for one staff member on one day (the representation holds one per day).
    pub fn from_assignments(
        instance: &Instance,
        assignments: &[Assignment],
    ) -> Result<CurtoisRoster, CurtoisError> {
        let mut roster = CurtoisRoster::empty(instance);
        let bad = |a: &Assignment, why: &str| CurtoisError::BadAssignment {
            shift: a.shift.clone(),
            clinician: a.clinician.clone(),
            reason: why.to_owned(),
        };
        for a in assignments {
            let (d, t) = parse_shift_id(instance, &a.shift)
                .ok_or_else(|| bad(a, "not a shift id `dDD-T` of this instance"))?;
            let e = instance
                .staff_index(&a.clinician)
                .ok_or_else(|| bad(a, "not a staff id of this instance"))?;
            let cell = &mut roster.assignments[e][d];
            if cell.is_some() {
                return Err(bad(a, "a second shift for this staff member on this day"));
            }
            *cell = Some(t);
        }
        Ok(roster)
    }
}

/// The id of the converted shift of type `t` on day `d`: `d{dd}-T`, e.g. `d03-E` (the day
/// zero-padded to at least two digits).
fn shift_id(instance: &Instance, d: usize, t: usize) -> String {
    format!("d{d:02}-{}", instance.shifts[t].id)
}

/// The day and shift type of a converted shift's id (the inverse of [`shift_id`]); `None`
/// for an id of another form, of an unknown type or of a day outside the horizon.
fn parse_shift_id(instance: &Instance, id: &str) -> Option<(usize, usize)> {
    let (d, t) = id.strip_prefix('d')?.split_once('-')?;
    let d: usize = d.parse().ok()?;
    (d < instance.horizon).then_some(())?;
    Some((d, instance.shift_index(t)?))
}
