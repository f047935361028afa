//! Synthetic flexible-pool problems: a reproducible NHS week (or longer) around a city, in
//! two families — [`Family::Flow`] (the default, flow-representable) and [`Family::Rules`]
//! (working-time rules that bind). A development tool of rotaflow: `rotaflow generate`,
//! `rotaflow demo`, the benchmarks and the tests use it; the core crate does not.
//!
//! [`generate`] builds a [`Problem`] shaped like an integrated care system's flexible pool
//! around Greater Manchester (centre ≈ 53.48, −2.24):
//!
//! - **sites** — general practices `P001…` with names such as "Riverside Surgery" or
//!   "Moss Lane Medical Centre", spread within about 20 km of the centre and denser towards
//!   it, then extended-access hubs `H01…` (one per 120 sites, at least one); `H01` sits near
//!   the centre and is the last site at the default size;
//! - **clinicians** — 60 % GPs (`GP0001…`, salaried or locum), 25 % advanced nurse
//!   practitioners (`ANP0001…`) and 15 % pharmacists (`PH0001…`) with role-appropriate
//!   skills, homes mostly near a "regular" practice, a travel radius of 10–30 km, per-day
//!   availability windows on the days they offer (most offer 2–5 days a week; some
//!   evenings and weekends), a few `unavailable` periods, hourly rates by role and contract,
//!   `max_shifts` 4–10 a week, `max_shifts_per_day` 2, `min_rest_hours` 11, a few
//!   preferences and excluded sites; salaried GPs carry a `target_shifts` for fairness;
//! - **shifts** — practice AM and PM sessions on weekdays for each role (busier practices
//!   post more), hub EVE sessions on weekdays and AM/PM sessions at weekends, about 2.5
//!   sessions per clinician per week, with priority tiers (`unfilled_penalty` 3000 urgent,
//!   1000 routine, 400 admin/review), rare skill requirements, occasional rate caps and
//!   a few preferred clinicians for continuity.
//!
//! Mondays are the busiest days and the hardest to staff, so at the default size no roster
//! fills every session (about 95 % of the clinicians needed can be found at best), while
//! the rest of the week fills. Demand scales with the number of clinicians, so the supply/demand ratio, and with it the
//! share of sessions left unfilled, stays about the same at every size. When there are
//! more than 120 sites the city's radius grows with the square root of the site count, so
//! the density of practices, and the number of sites within a clinician's reach, stay
//! constant: generation is linear in the output and so is the number of eligible pairs.
//!
//! The crate's files follow the stages: `rng.rs` (the pseudo-random streams),
//! `calendar.rs` (the horizon's days, on jiff), `geography.rs` (the city, practices and
//! hubs), `clinicians.rs` (the pool), `shifts.rs` (the sessions), `rules.rs` (the rules
//! family and the replan flavour).
//!
//! # Why the flow family is flow-representable
//!
//! The exact min-cost-flow model needs every clinician's possibly-eligible shifts to fall
//! into *slots*, and no rule beyond `max_shifts`, `min_shifts`, `max_shifts_per_day` and
//! fairness targets to bind. Every shift here lies in one of three time blocks of its day:
//!
//! | block | starts        | ends          | common instant |
//! |-------|---------------|---------------|----------------|
//! | AM    | 08:00 – 09:00 | 12:00 – 12:45 | 09:00 – 12:00  |
//! | PM    | 13:00 – 14:00 | 17:30 – 18:15 | 14:00 – 17:30  |
//! | EVE   | 18:30 – 19:00 | 20:30 – 21:00 | 19:00 – 20:30  |
//!
//! Shifts of one block on one day all contain the block's common instant, so they pairwise
//! overlap; blocks of one day are separated by a gap, so shifts of different blocks never
//! overlap; no shift crosses midnight, so shifts of different days never overlap. Each
//! (day, block) is therefore one slot, whatever the clinician.
//!
//! `min_rest_hours` 11 is vacuous: the latest end is 21:00 and the earliest start 08:00,
//! which leaves 11 hours between a shift and any shift on a later day. In Europe/London
//! the clocks change only in the early hours of a Sunday, and Saturdays have no EVE
//! sessions (their latest end is 18:15), so even the short spring night leaves 12¾ hours.
//! No other working-time rule (hours, consecutive days, weekends, per-kind limits,
//! successions) is set, `min_shifts` is left unset so that no problem is infeasible, and
//! there are no pins and no previous roster.
//!
//! # The rules family
//!
//! [`Family::Rules`] carries the working-time rules a real pool imposes, each set so that it
//! binds on some clinicians (the flow names it among the rules in its way). It starts from
//! the flow family's pool, sites and
//! sessions and changes them as follows (every draw from a stream of its own, so the flow
//! family's bytes are untouched):
//!
//! | rule | how it is set | why it binds |
//! | --- | --- | --- |
//! | demand | 1.6 × the flow family's sessions (about 4 per clinician a week) plus home visits | clinicians offer more than they can legally work |
//! | session times | hub mornings may start 07:00–08:00, hub evenings end 21:00–22:00; availability widened to match | an evening ending 22:00 and a morning at 07:00 leave 9 h |
//! | `min_rest_hours` 11 | every clinician (as in the flow family) | the 22:00 → 07:00 pairs above |
//! | `forbidden_successions` EVE → AM | the problem | an evening then a morning on the next day |
//! | `max_hours` | 37.5–48 h a week (part-timers 20–30 h), scaled to the horizon | sessions last 2½ to 5 h, so hours are a knapsack, not a count |
//! | `max_consecutive_days` | 5, or 3–4 for one in five | clinicians who offer six or seven days in a row |
//! | `max_weekends` | one in two weekends (a one-weekend horizon: none for half of those who worked the last one) | weekend workers |
//! | `max_per_kind` | EVE ≤ 2 a week for evening workers, HV ≤ 3 a week | evening and home-visit workers offer more |
//! | `min_shifts` | salaried GPs: up to 2 a week, never more than a witness roster gives them | feasible by construction (below) |
//! | home visits `HV` | practice rounds 10:30–14:00 on weekdays for GPs and ANPs | they overlap the AM and PM sessions partially, so slots are not cliques |
//! | credentials (revision 1.1) | every GP holds `performers_list`, `indemnity` (a year's term) and `dbs` (three years) with their dates, and `required_skills` makes every gp session need all three; for about 3 % of GPs the indemnity or DBS check ends inside the horizon, for about 3 % more it ends there and is renewed from the next day | the lapsed GPs' later sessions are ineligible, the renewed ones' are not |
//! | `per_week.max_shifts` (revision 1.1; unless [`GenerateOptions::weekly_caps`] is off) | 3–8 sessions a week for about 40 % of locum GPs (indemnity sold in sessions per week) | they offer up to 10 sessions a week |
//!
//! **Feasibility.** After the sessions are made, a greedy *witness* roster is built over the
//! eligible pairs (rotaflow's own [`Index`](rotaflow::Index)) that keeps every rule above, with an extra hour
//! of rest in hand for the clock changes. Each salaried GP's `min_shifts` is at most what the
//! witness gives them, so the witness proves the minimums can all be met together.
//!
//! **Replan** ([`GenerateOptions::replan`]): the witness is
//! the published roster (`previous`, with `weights.change` 200); its first day is pinned (it
//! has been worked); one clinician in 200 (at least one) with published sessions after the
//! first day cancels from the second day on (an `unavailable` period), so their sessions
//! must be covered again.
//!
//! # Determinism
//!
//! The same options give the same [`Problem`] and the same JSON bytes, on every platform
//! and with every dependency version: randomness comes from a private xoshiro256**

#![forbid(unsafe_code)]

mod calendar;
mod clinicians;
mod geography;
mod rng;
mod rules;
mod shifts;
#[cfg(test)]
mod tests;

use rotaflow::{DEFAULT_TIMEZONE, Horizon, Problem, SCHEMA_VERSION, SolverOptions, Weights};

use crate::calendar::{Day, horizon, parse_date};
use crate::clinicians::make_clinicians;
use crate::geography::{
    City, KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON, SITES_PER_CITY, make_sites, round_to,
};
use crate::rng::splitmix64;
use crate::shifts::{make_shifts, number_shifts};

/// Most days a generated horizon may span.
pub const MAX_DAYS: usize = 366;

/// Most clinicians [`generate`] accepts.
pub const MAX_CLINICIANS: usize = 1_000_000;

/// Most regions [`generate`] accepts.
pub const MAX_REGIONS: usize = 1_000;

/// Most sites [`generate`] accepts.
pub const MAX_SITES: usize = 100_000;

/// Options for a synthetic flexible-pool problem.
///
/// The default is an ICS-sized week: 1,000 clinicians, 120 sites and 7 days from Monday
/// 2026-12-07, seed 0.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Clinicians in the pool (60 % GPs, 25 % ANPs, 15 % pharmacists). Zero gives a
    /// problem with sites but no clinicians and no shifts.
    pub clinicians: usize,
    /// Sites, practices first and then hubs (one hub per 120 sites, at least one); at
    /// least 1.
    pub sites: usize,
    /// Days in the horizon, 1 to [`MAX_DAYS`].
    pub days: usize,
    /// Seed of the pseudo-random generator; the same options give the same problem.
    pub seed: u64,
    /// First day of the horizon, an ISO date `YYYY-MM-DD` (years 0001–9999).
    pub start: String,
    /// Independent regions (integrated care systems), at least 1. With more than one, the
    /// clinicians and sites are shared out between regions that lie 100 km apart, each
    /// generated like a city of its own (with its own seed), and every id gets the prefix
    /// `Rnn-` of its region; nobody can reach another region's sites, so the regions are
    /// independent problems in one document.
    pub regions: usize,
    /// Which rules the pool works under: [`Family::Flow`] (the default) or
    /// [`Family::Rules`].
    pub family: Family,
    /// A replan: a published roster (`previous`) whose first day is pinned, and a few
    /// clinicians who cancel from the second day on (see [`Family::Rules`]).
    pub replan: bool,
    /// Weekly session caps (`per_week.max_shifts`, schema revision 1.1) for a share of the
    /// rules family's locum GPs (on by default). The caps are drawn either way, so turning
    /// them off changes nothing else in the problem (the rules family as it was before
    /// revision 1.1, credentials aside).
    pub weekly_caps: bool,
}

/// The family of a generated problem: which working-time rules it carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Family {
    /// No rule a flow cannot express binds: the problem is flow-representable (see the
    /// crate documentation's "Why the result is flow-representable").
    #[default]
    Flow,
    /// The working-time rules a real pool imposes, each set so that it binds on some
    /// clinicians: 11 h rest, weekly hours caps, no evening then morning, consecutive days,
    /// weekends, caps per kind, salaried minimums, home-visit rounds that overlap sessions
    /// partially; about 4 sessions per clinician a week. Solved by the MIP (or a method for
    /// rules); see the crate documentation's "The rules family".
    Rules,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            clinicians: 1_000,
            sites: 120,
            days: 7,
            seed: 0,
            start: "2026-12-07".to_owned(),
            regions: 1,
            family: Family::Flow,
            replan: false,
            weekly_caps: true,
        }
    }
}

impl GenerateOptions {
    /// A national week: 42 regions (England's integrated care systems), 40,000 clinicians
    /// and 5,040 sites in all (about 100,000 sessions), 7 days, seed 0.
    pub fn national() -> Self {
        GenerateOptions {
            clinicians: 40_000,
            sites: 42 * SITES_PER_CITY,
            regions: 42,
            ..GenerateOptions::default()
        }
    }
}

/// Why [`generate`] refused its options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// `sites` is zero: shifts need somewhere to be worked.
    #[error("a generated problem needs at least one site")]
    NoSites,
    /// `days` is zero.
    #[error("a generated problem needs at least one day")]
    NoDays,
    /// `days` is more than [`MAX_DAYS`].
    #[error("{days} days is too long a horizon; at most {max} days can be generated")]
    TooManyDays {
        /// The days asked for.
        days: usize,
        /// The most allowed.
        max: usize,
    },
    /// `clinicians` is more than [`MAX_CLINICIANS`].
    #[error("{clinicians} clinicians are too many; at most {max} can be generated")]
    TooManyClinicians {
        /// The clinicians asked for.
        clinicians: usize,
        /// The most allowed.
        max: usize,
    },
    /// `sites` is more than [`MAX_SITES`].
    #[error("{sites} sites are too many; at most {max} can be generated")]
    TooManySites {
        /// The sites asked for.
        sites: usize,
        /// The most allowed.
        max: usize,
    },
    /// `regions` is more than [`MAX_REGIONS`].
    #[error("{regions} regions are too many; at most {max} can be generated")]
    TooManyRegions {
        /// The regions asked for.
        regions: usize,
        /// The most allowed.
        max: usize,
    },
    /// `start` is not a valid ISO date `YYYY-MM-DD` between 0001-01-01 and 9999-12-31.
    #[error("start `{start}` is not a valid ISO date YYYY-MM-DD")]
    InvalidStart {
        /// The start as given.
        start: String,
    },
    /// The generated problem failed rotaflow's validation: a bug in the generator.
    #[error("internal error in the generator (please report this): {message}")]
    Internal {
        /// What went wrong.
        message: String,
    },
    /// The horizon would run past 9999-12-31.
    #[error("a horizon of {days} days from {start} runs past 9999-12-31")]
    HorizonOutOfRange {
        /// The start as given.
        start: String,
        /// The days asked for.
        days: usize,
    },
}

/// Generates a synthetic flexible-pool problem (see the [crate documentation](crate)).
///
/// The result is flow-representable, uses the zone Europe/London with a horizon of the
/// generated days, and carries the weights unfilled 1000, cost 1, preference 20,
/// travel_per_km 0.5, fairness 50, continuity 30, change 0.
///
/// # Errors
///
/// [`GenerateError`] when `sites` or `days` is zero, a count is above its maximum, or
/// `start` is not a valid date (or the horizon runs past the year 9999).
pub fn generate(options: &GenerateOptions) -> Result<Problem, GenerateError> {
    if options.regions > 1 {
        return generate_regions(options);
    }
    let days = check(options)?;
    let city = City::new(options.sites);
    let network = make_sites(options, &city);
    let pool = make_clinicians(options, &days, &city, &network);
    let demand = match options.family {
        Family::Flow => 1.0,
        Family::Rules => rules::DEMAND,
    };
    let shifts = make_shifts(options, &days, &network, &pool, demand);
    let horizon = Horizon {
        start: days[0].date.clone(),
        end: days[options.days - 1].date.clone(),
    };
    let mut problem = Problem {
        version: SCHEMA_VERSION,
        timezone: Some(DEFAULT_TIMEZONE.to_owned()),
        horizon: Some(horizon),
        sites: network.sites,
        clinicians: pool.clinicians,
        shifts,
        weights: Weights {
            unfilled: 1000.0,
            cost: 1.0,
            preference: 20.0,
            travel_per_km: 0.5,
            fairness: 50.0,
            continuity: 30.0,
            change: 0.0,
            pattern: 0.0,
        },
        solver: SolverOptions::default(),
        ..Problem::default()
    };
    if options.family == Family::Rules {
        rules::adjust_times(options, &mut problem);
        rules::set_limits(options, &days, &mut problem);
        rules::credentials(options, &days, &mut problem);
        rules::home_visits(options, &days, &mut problem);
    }
    number_shifts(&mut problem.shifts);
    if options.family == Family::Rules || options.replan {
        rules::finish(options, &days, &mut problem)?;
    }
    Ok(problem)
}

/// Distance between neighbouring regions' centres: more than two city radii plus the
/// longest travel radius, so no clinician reaches another region.
const REGION_SPACING_KM: f64 = 100.0;

/// `options.regions` regions, generated one by one and merged (ids prefixed `Rnn-`).
fn generate_regions(options: &GenerateOptions) -> Result<Problem, GenerateError> {
    let regions = options.regions;
    if regions > MAX_REGIONS {
        return Err(GenerateError::TooManyRegions {
            regions,
            max: MAX_REGIONS,
        });
    }
    if options.sites < regions {
        return Err(GenerateError::NoSites);
    }
    check(options)?;
    let columns = regions.isqrt().max(1);
    let width = width(regions, 2);
    let mut merged: Option<Problem> = None;
    let mut seed_state = options.seed ^ 0x0005_EED0_F4E6_10A5;
    for r in 0..regions {
        let share = |total: usize| total / regions + usize::from(r < total % regions);
        let sub = GenerateOptions {
            clinicians: share(options.clinicians),
            sites: share(options.sites),
            seed: splitmix64(&mut seed_state),
            regions: 1,
            ..options.clone()
        };
        let mut p = generate(&sub)?;
        // Region centres on a grid, 100 km apart, from Manchester southwards and eastwards
        // (synthetic geography). A degree of longitude is wider further south, so the
        // Manchester-latitude scale keeps every gap at least 100 km, with exact arithmetic.
        let (row, col) = ((r / columns) as f64, (r % columns) as f64);
        let dlat = -row * REGION_SPACING_KM / KM_PER_DEGREE_LAT;
        let dlon = col * REGION_SPACING_KM / KM_PER_DEGREE_LON;
        let prefix = format!("R{:0width$}-", r + 1);
        let tag = |id: &mut String| id.insert_str(0, &prefix);
        let shift = |lat: f64, lon: f64| (round_to(lat + dlat, 1e5), round_to(lon + dlon, 1e5));
        for site in &mut p.sites {
            tag(&mut site.id);
            if let (Some(lat), Some(lon)) = (site.lat, site.lon) {
                let (a, b) = shift(lat, lon);
                site.lat = Some(a);
                site.lon = Some(b);
            }
        }
        for c in &mut p.clinicians {
            tag(&mut c.id);
            if let Some(home) = &mut c.home {
                let (a, b) = shift(home.lat, home.lon);
                home.lat = a;
                home.lon = b;
            }
            c.excluded_sites.iter_mut().for_each(tag);
            for pref in &mut c.preferences {
                pref.site.iter_mut().for_each(tag);
                pref.shift.iter_mut().for_each(tag);
            }
        }
        for s in &mut p.shifts {
            tag(&mut s.id);
            tag(&mut s.site);
            s.preferred_clinicians.iter_mut().for_each(tag);
            s.excluded_clinicians.iter_mut().for_each(tag);
        }
        for pair in p.pinned.iter_mut().chain(&mut p.previous) {
            tag(&mut pair.shift);
            tag(&mut pair.clinician);
        }
        match &mut merged {
            None => merged = Some(p),
            Some(m) => {
                m.sites.append(&mut p.sites);
                m.clinicians.append(&mut p.clinicians);
                m.shifts.append(&mut p.shifts);
                // Rules, weights and the succession list are the same in every region.
                m.pinned.append(&mut p.pinned);
                m.previous.append(&mut p.previous);
            }
        }
    }
    // check() refused zero regions' worth of sites, and regions > 1 here.
    merged.ok_or(GenerateError::NoSites)
}

/// Checks the options and returns the horizon's days, and one more beyond the last.
fn check(options: &GenerateOptions) -> Result<Vec<Day>, GenerateError> {
    if options.sites == 0 {
        return Err(GenerateError::NoSites);
    }
    if options.sites > MAX_SITES {
        return Err(GenerateError::TooManySites {
            sites: options.sites,
            max: MAX_SITES,
        });
    }
    if options.clinicians > MAX_CLINICIANS {
        return Err(GenerateError::TooManyClinicians {
            clinicians: options.clinicians,
            max: MAX_CLINICIANS,
        });
    }
    if options.days == 0 {
        return Err(GenerateError::NoDays);
    }
    if options.days > MAX_DAYS {
        return Err(GenerateError::TooManyDays {
            days: options.days,
            max: MAX_DAYS,
        });
    }
    let first = parse_date(&options.start).ok_or_else(|| GenerateError::InvalidStart {
        start: options.start.clone(),
    })?;
    // One day beyond the last is made too (the end of a whole-day absence).
    horizon(first, options.days).ok_or_else(|| GenerateError::HorizonOutOfRange {
        start: options.start.clone(),
        days: options.days,
    })
}

/// Digits of the ids of `count` things: at least `at_least`, more when `count` needs them.
pub(crate) fn width(count: usize, at_least: usize) -> usize {
    count.to_string().len().max(at_least)
}
