//! Synthetic flexible-pool problems: a reproducible NHS week (or longer) around a city.
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
//! # Why the result is flow-representable
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
//! # Determinism
//!
//! The same options give the same [`Problem`] and the same JSON bytes, on every platform
//! and with every dependency version: randomness comes from a private xoshiro256**
//! generator seeded by SplitMix64, geometry uses only IEEE-exact arithmetic (`+ − × ÷ √`),
//! coordinates are rounded to 5 decimals and money to whole pence.

use std::collections::BTreeMap;

use crate::model::{
    Clinician, DEFAULT_TIMEZONE, Horizon, Interval, LatLon, Limits, Preference, Problem,
    SCHEMA_VERSION, Shift, Site, SolverOptions, Weights,
};

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
    /// The horizon would run past 9999-12-31.
    #[error("a horizon of {days} days from {start} runs past 9999-12-31")]
    HorizonOutOfRange {
        /// The start as given.
        start: String,
        /// The days asked for.
        days: usize,
    },
}

/// Generates a synthetic flexible-pool problem: a reproducible NHS week (or longer) around a city.
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
    let first = check(options)?;
    let days: Vec<Day> = (0..=options.days)
        .map(|offset| Day::new(first + offset as i64))
        .collect();
    let city = City::new(options.sites);
    let network = make_sites(options, &city);
    let pool = make_clinicians(options, &days, &city, &network);
    let shifts = make_shifts(options, &days, &network, &pool);
    let horizon = Horizon {
        start: days[0].date.clone(),
        end: days[options.days - 1].date.clone(),
    };
    Ok(Problem {
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
        },
        solver: SolverOptions::default(),
        ..Problem::default()
    })
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
        match &mut merged {
            None => merged = Some(p),
            Some(m) => {
                m.sites.append(&mut p.sites);
                m.clinicians.append(&mut p.clinicians);
                m.shifts.append(&mut p.shifts);
            }
        }
    }
    // check() refused zero regions' worth of sites, and regions > 1 here.
    merged.ok_or(GenerateError::NoSites)
}

/// Checks the options and returns the first day as days since 1970-01-01.
fn check(options: &GenerateOptions) -> Result<i64, GenerateError> {
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
    // One day beyond the last is formatted too (the end of a whole-day absence).
    if first + options.days as i64 > days_from_civil(9999, 12, 31) {
        return Err(GenerateError::HorizonOutOfRange {
            start: options.start.clone(),
            days: options.days,
        });
    }
    Ok(first)
}

// ---------------------------------------------------------------------------------------
// Pseudo-random numbers
// ---------------------------------------------------------------------------------------

/// Independent random streams, so that changing one part (say the clinicians) leaves the
/// others (the sites) as they were.
const STREAM_SITES: u64 = 1;
const STREAM_CLINICIANS: u64 = 2;
const STREAM_SHIFTS: u64 = 3;

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** (Blackman and Vigna), seeded by SplitMix64.
#[derive(Debug, Clone)]
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        let mut state = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut s = [0; 4];
        for word in &mut s {
            *word = splitmix64(&mut state);
        }
        Rng { s }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (Lemire's method, unbiased); 0 when `n` is 0.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// Uniform index into a slice of length `n` (0 when `n` is 0).
    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of the table's values, with probability proportional to its weight.
    fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u64 = table.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut r = self.below(total);
        for &(value, w) in table {
            if r < u64::from(w) {
                return value;
            }
            r -= u64::from(w);
        }
        table[table.len() - 1].0
    }

    /// A count whose mean is `expected`: its floor, plus one with the fraction's
    /// probability (less spread than a Poisson draw, and cheap).
    fn count(&mut self, expected: f64) -> usize {
        if expected.is_nan() || expected <= 0.0 {
            return 0;
        }
        let whole = expected.floor();
        whole as usize + usize::from(self.chance(expected - whole))
    }

    /// A point uniform in the unit disc (rejection sampling, no trigonometry).
    fn in_disc(&mut self) -> (f64, f64) {
        loop {
            let x = 2.0 * self.unit() - 1.0;
            let y = 2.0 * self.unit() - 1.0;
            if x * x + y * y <= 1.0 {
                return (x, y);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dates (proleptic Gregorian)
// ---------------------------------------------------------------------------------------

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day of the week of a day number: 0 is Monday, 6 is Sunday.
fn weekday(days: i64) -> usize {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as usize
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a strict ISO date `YYYY-MM-DD` (years 0001–9999) to a day number.
fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        bytes[range].iter().try_fold(0i64, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let valid =
        year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then(|| days_from_civil(year, month, day))
}

fn format_date(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// One day of the horizon.
#[derive(Debug, Clone)]
struct Day {
    date: String,
    weekday: usize,
}

impl Day {
    fn new(days: i64) -> Self {
        Day {
            date: format_date(days),
            weekday: weekday(days),
        }
    }

    fn is_weekend(&self) -> bool {
        self.weekday >= 5
    }
}

/// A civil time `YYYY-MM-DDTHH:MM` from a date and minutes after midnight.
fn civil(date: &str, minutes: u32) -> String {
    format!("{date}T{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight.
const fn hm(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

// ---------------------------------------------------------------------------------------
// Time blocks
// ---------------------------------------------------------------------------------------

/// The three sessions of a day; see the table in the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Am,
    Pm,
    Eve,
}

impl Block {
    fn kind(self) -> &'static str {
        match self {
            Block::Am => "AM",
            Block::Pm => "PM",
            Block::Eve => "EVE",
        }
    }

    /// Possible starts (minutes after midnight) with weights.
    fn starts(self) -> &'static [(u32, u32)] {
        match self {
            Block::Am => AM_STARTS,
            Block::Pm => PM_STARTS,
            Block::Eve => EVE_STARTS,
        }
    }

    /// Possible ends with weights.
    fn ends(self) -> &'static [(u32, u32)] {
        match self {
            Block::Am => AM_ENDS,
            Block::Pm => PM_ENDS,
            Block::Eve => EVE_ENDS,
        }
    }
}

const AM_STARTS: &[(u32, u32)] = &[
    (hm(8, 0), 3),
    (hm(8, 15), 1),
    (hm(8, 30), 3),
    (hm(8, 45), 1),
    (hm(9, 0), 2),
];
const AM_ENDS: &[(u32, u32)] = &[
    (hm(12, 0), 2),
    (hm(12, 15), 1),
    (hm(12, 30), 3),
    (hm(12, 45), 1),
];
const PM_STARTS: &[(u32, u32)] = &[(hm(13, 0), 2), (hm(13, 30), 3), (hm(14, 0), 2)];
const PM_ENDS: &[(u32, u32)] = &[
    (hm(17, 30), 2),
    (hm(17, 45), 1),
    (hm(18, 0), 3),
    (hm(18, 15), 1),
];
const EVE_STARTS: &[(u32, u32)] = &[(hm(18, 30), 3), (hm(19, 0), 1)];
const EVE_ENDS: &[(u32, u32)] = &[(hm(20, 30), 1), (hm(21, 0), 3)];

// ---------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------

const CENTRE_LAT: f64 = 53.48;
const CENTRE_LON: f64 = -2.24;
const KM_PER_DEGREE_LAT: f64 = 111.32;
/// 111.32 km × cos(53.48°), written out so that no platform's `cos` is involved.
const KM_PER_DEGREE_LON: f64 = 66.2469;
/// Radius of the city at up to [`SITES_PER_CITY`] sites.
const CITY_RADIUS_KM: f64 = 20.0;
/// Sites per hub, and the site count beyond which the city grows.
const SITES_PER_CITY: usize = 120;

/// Where things are: positions in km east and north of the centre.
#[derive(Debug, Clone, Copy)]
struct City {
    radius_km: f64,
}

impl City {
    fn new(sites: usize) -> Self {
        let radius_km = if sites > SITES_PER_CITY {
            CITY_RADIUS_KM * (sites as f64 / SITES_PER_CITY as f64).sqrt()
        } else {
            CITY_RADIUS_KM
        };
        City { radius_km }
    }

    /// A point in the city, denser towards the centre (the radius of a uniform point in
    /// the disc is scaled by `0.4 + 0.6·r`).
    fn point(&self, rng: &mut Rng) -> (f64, f64) {
        let (x, y) = rng.in_disc();
        let scale = self.radius_km * (0.4 + 0.6 * (x * x + y * y).sqrt());
        (x * scale, y * scale)
    }

    /// A point uniform within `radius_km` of `(x, y)`.
    fn near(rng: &mut Rng, (x, y): (f64, f64), radius_km: f64) -> (f64, f64) {
        let (dx, dy) = rng.in_disc();
        (x + dx * radius_km, y + dy * radius_km)
    }

    fn lat_lon((x, y): (f64, f64)) -> LatLon {
        LatLon {
            lat: round_to(CENTRE_LAT + y / KM_PER_DEGREE_LAT, 1e5),
            lon: round_to(CENTRE_LON + x / KM_PER_DEGREE_LON, 1e5),
        }
    }
}

fn round_to(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

/// Money from whole pence, so that it prints with at most two decimals.
fn pounds(pence: u32) -> f64 {
    f64::from(pence) / 100.0
}

// ---------------------------------------------------------------------------------------
// Sites
// ---------------------------------------------------------------------------------------

const STANDALONE_NAMES: &[&str] = &[
    "Riverside",
    "Oakwood",
    "Park View",
    "The Limes",
    "Beech House",
    "Moss Lane",
    "Church Street",
    "Brook Lane",
    "Elm Tree",
    "The Vale",
    "Canal Side",
    "Mill House",
    "Ashgrove",
    "Hollybank",
    "Bridge Street",
    "Victoria Park",
    "Kingsway",
    "Cedar House",
    "Northgate",
    "Willow Bank",
];

const AREAS: &[&str] = &[
    "Ancoats",
    "Ardwick",
    "Burnage",
    "Cheetham Hill",
    "Chorlton",
    "Didsbury",
    "Fallowfield",
    "Gorton",
    "Hulme",
    "Levenshulme",
    "Longsight",
    "Moss Side",
    "Northenden",
    "Openshaw",
    "Rusholme",
    "Withington",
    "Wythenshawe",
    "Salford",
    "Eccles",
    "Swinton",
    "Walkden",
    "Worsley",
    "Irlam",
    "Stretford",
    "Urmston",
    "Sale",
    "Altrincham",
    "Prestwich",
    "Whitefield",
    "Middleton",
    "Failsworth",
    "Droylsden",
    "Denton",
    "Reddish",
    "Heaton Moor",
    "Cheadle",
    "Bramhall",
    "Stockport",
    "Ashton",
    "Oldham",
];

const STREETS: &[(&str, u32)] = &[
    ("", 3),
    (" Road", 3),
    (" Lane", 1),
    (" Street", 1),
    (" Park", 1),
    (" Green", 1),
];

const PRACTICE_KINDS: &[(&str, u32)] = &[
    ("Surgery", 4),
    ("Medical Centre", 4),
    ("Health Centre", 2),
    ("Medical Practice", 2),
    ("Family Practice", 1),
    ("Group Practice", 1),
];

/// Practice sizes (relative list sizes) with their shares.
const PRACTICE_SIZES: &[(u32, u32)] = &[(2, 25), (4, 45), (6, 20), (10, 10)];

#[derive(Debug, Clone)]
struct Practice {
    position: (f64, f64),
    size: u32,
}

/// The generated sites and what later stages need to know about them.
#[derive(Debug, Clone)]
struct Network {
    sites: Vec<Site>,
    /// Practices, in site order (site `i` is practice `i`).
    practices: Vec<Practice>,
    /// Running totals of practice sizes, for size-weighted draws.
    cumulative_size: Vec<u64>,
    /// Hubs, in site order after the practices.
    hubs: Vec<(f64, f64)>,
}

impl Network {
    /// A practice index drawn with probability proportional to its size.
    fn pick_practice(&self, rng: &mut Rng) -> Option<usize> {
        let total = *self.cumulative_size.last()?;
        let r = rng.below(total);
        Some(self.cumulative_size.partition_point(|&c| c <= r))
    }

    fn total_size(&self) -> u64 {
        self.cumulative_size.last().copied().unwrap_or(0)
    }
}

fn width(count: usize, at_least: usize) -> usize {
    count.to_string().len().max(at_least)
}

fn make_sites(options: &GenerateOptions, city: &City) -> Network {
    let mut rng = Rng::new(options.seed, STREAM_SITES);
    let hub_count = (options.sites / SITES_PER_CITY).max(1);
    let practice_count = options.sites - hub_count;
    let practice_width = width(practice_count, 3);
    let hub_width = width(hub_count, 2);

    let mut sites = Vec::with_capacity(options.sites);
    let mut practices = Vec::with_capacity(practice_count);
    let mut cumulative_size = Vec::with_capacity(practice_count);
    let mut names = BTreeMap::new();
    let mut total = 0u64;
    for index in 0..practice_count {
        let position = city.point(&mut rng);
        let size = rng.weighted(PRACTICE_SIZES);
        total += u64::from(size);
        cumulative_size.push(total);
        let name = practice_name(&mut rng, &mut names);
        let at = City::lat_lon(position);
        sites.push(Site {
            id: format!("P{:0practice_width$}", index + 1),
            name: Some(name),
            lat: Some(at.lat),
            lon: Some(at.lon),
        });
        practices.push(Practice { position, size });
    }
    let mut hubs = Vec::with_capacity(hub_count);
    for index in 0..hub_count {
        let (position, name) = if index == 0 {
            let position = City::near(&mut rng, (0.0, 0.0), 1.5);
            (
                position,
                "Central Manchester Extended Access Hub".to_owned(),
            )
        } else {
            let (x, y) = rng.in_disc();
            let position = (x * 0.8 * city.radius_km, y * 0.8 * city.radius_km);
            let area = AREAS[rng.index(AREAS.len())];
            (position, format!("{area} Winter Hub {}", index + 1))
        };
        let at = City::lat_lon(position);
        sites.push(Site {
            id: format!("H{:0hub_width$}", index + 1),
            name: Some(name),
            lat: Some(at.lat),
            lon: Some(at.lon),
        });
        hubs.push(position);
    }
    Network {
        sites,
        practices,
        cumulative_size,
        hubs,
    }
}

/// A practice name such as "Riverside Surgery" or "Didsbury Road Medical Centre",
/// distinct from those already taken: when a few draws find only taken names, the last
/// becomes a branch ("Riverside Surgery (Branch 2)"). `taken` counts each name's uses.
fn practice_name(rng: &mut Rng, taken: &mut BTreeMap<String, u32>) -> String {
    let mut name = String::new();
    for _ in 0..8 {
        let place = if rng.chance(0.3) {
            STANDALONE_NAMES[rng.index(STANDALONE_NAMES.len())].to_owned()
        } else {
            let area = AREAS[rng.index(AREAS.len())];
            format!("{area}{}", rng.weighted(STREETS))
        };
        name = format!("{place} {}", rng.weighted(PRACTICE_KINDS));
        if !taken.contains_key(&name) {
            break;
        }
    }
    let uses = taken.entry(name.clone()).or_insert(0);
    *uses += 1;
    if *uses == 1 {
        name
    } else {
        format!("{name} (Branch {uses})")
    }
}

// ---------------------------------------------------------------------------------------
// Clinicians
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Gp,
    Anp,
    Pharmacist,
}

const ROLES: [Role; 3] = [Role::Gp, Role::Anp, Role::Pharmacist];

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Gp => "gp",
            Role::Anp => "anp",
            Role::Pharmacist => "pharmacist",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Role::Gp => "GP",
            Role::Anp => "ANP",
            Role::Pharmacist => "PH",
        }
    }

    fn index(self) -> usize {
        match self {
            Role::Gp => 0,
            Role::Anp => 1,
            Role::Pharmacist => 2,
        }
    }

    /// Skills of the role with the share of clinicians holding each.
    fn skills(self) -> &'static [(&'static str, f64)] {
        match self {
            Role::Gp => &[
                ("coil_fitting", 0.25),
                ("minor_surgery", 0.15),
                ("dermatology", 0.15),
                ("paediatrics", 0.2),
                ("joint_injection", 0.2),
            ],
            Role::Anp => &[
                ("minor_illness", 0.7),
                ("wound_care", 0.4),
                ("contraception", 0.3),
            ],
            Role::Pharmacist => &[("medication_review", 0.9), ("independent_prescriber", 0.5)],
        }
    }
}

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Amir", "Anna", "Ben", "Chloe", "Chidi", "Daniel", "Deepa", "Eleanor", "Fatima",
    "Grace", "Hannah", "Hassan", "Imran", "Jack", "James", "Joanne", "Kwame", "Laura", "Li",
    "Mark", "Mei", "Mohammed", "Naomi", "Oliver", "Priya", "Rachel", "Rahul", "Ruth", "Samuel",
    "Sarah", "Siobhan", "Sofia", "Thomas", "Tomasz", "Usman", "Victoria", "Wei", "Yusuf", "Zara",
];

const SURNAMES: &[&str] = &[
    "Ahmed", "Ali", "Bailey", "Begum", "Brown", "Chen", "Clarke", "Davies", "Evans", "Green",
    "Hall", "Hughes", "Hussain", "Jackson", "Jones", "Kaur", "Khan", "Kowalski", "Lee", "Mensah",
    "Murphy", "Nguyen", "Okafor", "O'Brien", "Patel", "Roberts", "Robinson", "Shah", "Singh",
    "Smith", "Taylor", "Thomas", "Thompson", "Walker", "Wang", "Williams", "Wilson", "Wood",
    "Wright", "Young",
];

/// Availability windows (minutes after midnight) offered on one day of the week.
type DayPlan = Vec<(u32, u32)>;

/// How often each weekday (0 is Monday) is offered: Mondays are the hardest to staff.
const WEEKDAY_OFFERS: [(usize, u32); 5] = [(0, 4), (1, 12), (2, 11), (3, 12), (4, 9)];

/// How many days a week a clinician offers, with weights.
const DAYS_OFFERED: &[(usize, u32)] = &[(1, 6), (2, 20), (3, 28), (4, 26), (5, 17), (6, 3)];

/// The generated pool and what the shift stage needs to know about it.
#[derive(Debug, Clone)]
struct Pool {
    clinicians: Vec<Clinician>,
    /// Per practice and role, the clinicians (indices) who regularly work there.
    regulars: Vec<[Vec<u32>; 3]>,
}

/// The number of clinicians of each role: 60 % GPs, 25 % ANPs, the rest pharmacists.
fn role_counts(clinicians: usize) -> [usize; 3] {
    let gp = (clinicians * 60 + 50) / 100;
    let anp = ((clinicians * 25 + 50) / 100).min(clinicians - gp);
    [gp, anp, clinicians - gp - anp]
}

/// Scales a weekly count to the horizon (never below the weekly count).
fn per_horizon(weekly: u32, days: usize) -> u32 {
    if days <= 7 {
        weekly
    } else {
        ((weekly as usize * days + 3) / 7) as u32
    }
}

fn make_clinicians(
    options: &GenerateOptions,
    days: &[Day],
    city: &City,
    network: &Network,
) -> Pool {
    let mut rng = Rng::new(options.seed, STREAM_CLINICIANS);
    let counts = role_counts(options.clinicians);
    let id_width = width(counts.iter().copied().max().unwrap_or(0), 4);
    let mut regulars = vec![[Vec::new(), Vec::new(), Vec::new()]; network.practices.len()];
    let mut clinicians = Vec::with_capacity(options.clinicians);
    for role in ROLES {
        for number in 1..=counts[role.index()] {
            let id = format!("{}{:0id_width$}", role.prefix(), number);
            let (clinician, regular) =
                make_clinician(&mut rng, id, role, options, days, city, network);
            if let Some(practice) = regular {
                regulars[practice][role.index()].push(clinicians.len() as u32);
            }
            clinicians.push(clinician);
        }
    }
    Pool {
        clinicians,
        regulars,
    }
}

/// The weekly pattern of a clinician: availability windows per day of the week.
fn weekly_pattern(rng: &mut Rng, evenings: bool, weekends: bool) -> [Option<DayPlan>; 7] {
    let mut pattern: [Option<DayPlan>; 7] = Default::default();
    let mut wanted = rng.weighted(DAYS_OFFERED);
    if weekends {
        let saturday = rng.chance(0.6);
        let sunday = !saturday || rng.chance(0.4);
        for (weekday, offered) in [(5, saturday), (6, sunday)] {
            if offered {
                pattern[weekday] = Some(vec![weekend_window(rng)]);
                wanted = wanted.saturating_sub(1);
            }
        }
    }
    // Weekdays drawn without replacement, Mondays least often.
    let mut weekdays: Vec<(usize, u32)> = WEEKDAY_OFFERS.to_vec();
    for _ in 0..wanted.min(weekdays.len()) {
        let weekday = rng.weighted(&weekdays);
        weekdays.retain(|&(w, _)| w != weekday);
        pattern[weekday] = Some(weekday_windows(rng, evenings));
    }
    pattern
}

fn am_window_start(rng: &mut Rng) -> u32 {
    rng.weighted(&[(hm(8, 0), 8), (hm(8, 30), 1), (hm(9, 0), 1)])
}

fn pm_window_end(rng: &mut Rng) -> u32 {
    rng.weighted(&[(hm(18, 30), 17), (hm(18, 0), 3)])
}

/// One weekend window: morning, afternoon or the whole day.
fn weekend_window(rng: &mut Rng) -> (u32, u32) {
    match rng.weighted(&[(0, 3), (1, 3), (2, 4)]) {
        0 => (am_window_start(rng), hm(13, 0)),
        1 => (hm(13, 0), pm_window_end(rng)),
        _ => (am_window_start(rng), pm_window_end(rng)),
    }
}

/// The windows of one weekday: morning, afternoon or whole day, for evening workers
/// sometimes with (or replaced by) the evening.
fn weekday_windows(rng: &mut Rng, evenings: bool) -> DayPlan {
    let evening = evenings && rng.chance(0.5);
    match (rng.weighted(&[(0, 35), (1, 30), (2, 35)]), evening) {
        (0, false) => vec![(am_window_start(rng), hm(13, 0))],
        (1, false) => vec![(hm(13, 0), pm_window_end(rng))],
        (_, false) => vec![(am_window_start(rng), pm_window_end(rng))],
        (0, true) => vec![(am_window_start(rng), hm(13, 0)), (hm(18, 0), hm(21, 0))],
        (1, true) => {
            if rng.chance(0.5) {
                vec![(hm(18, 0), hm(21, 0))]
            } else {
                vec![(hm(13, 0), hm(21, 0))]
            }
        }
        (_, true) => vec![(am_window_start(rng), hm(21, 0))],
    }
}

/// How many slots (blocks) a day's windows cover, at most `per_day`.
fn slots_covered(windows: &[(u32, u32)], per_day: u32) -> u32 {
    let cores = [
        (hm(9, 0), hm(12, 0)),
        (hm(14, 0), hm(17, 30)),
        (hm(19, 0), hm(20, 30)),
    ];
    let covered = cores
        .iter()
        .filter(|&&(s, e)| windows.iter().any(|&(ws, we)| ws <= s && e <= we))
        .count() as u32;
    covered.min(per_day)
}

fn make_clinician(
    rng: &mut Rng,
    id: String,
    role: Role,
    options: &GenerateOptions,
    days: &[Day],
    city: &City,
    network: &Network,
) -> (Clinician, Option<usize>) {
    let horizon = &days[..options.days];
    let first = FIRST_NAMES[rng.index(FIRST_NAMES.len())];
    let last = SURNAMES[rng.index(SURNAMES.len())];
    let name = match role {
        Role::Gp => format!("Dr {first} {last}"),
        _ => format!("{first} {last}"),
    };
    let skills: Vec<String> = role
        .skills()
        .iter()
        .filter(|&&(_, share)| rng.chance(share))
        .map(|&(skill, _)| skill.to_owned())
        .collect();

    // Home: mostly near a regular practice, otherwise anywhere in the city.
    let regular = if rng.chance(0.8) {
        network.pick_practice(rng)
    } else {
        None
    };
    let home = match regular {
        Some(practice) => City::near(rng, network.practices[practice].position, 6.0),
        None => city.point(rng),
    };
    let max_travel_km = f64::from(rng.range(10, 30));

    // Pay and contract.
    let salaried = role == Role::Gp && rng.chance(0.45);
    let (low, high) = match role {
        Role::Gp if salaried => (7_500, 9_000),
        Role::Gp => (9_000, 11_500),
        Role::Anp => (4_500, 6_000),
        Role::Pharmacist => (4_000, 5_500),
    };
    let rate_per_hour = pounds(low + 50 * rng.range(0, (high - low) / 50));

    // Availability.
    let evenings = rng.chance(0.18);
    let weekends = rng.chance(0.15);
    let pattern = weekly_pattern(rng, evenings, weekends);
    let per_day = 2;
    let mut availability = Vec::new();
    let mut offered: Vec<usize> = Vec::new();
    let mut capacity = 0;
    for (index, day) in horizon.iter().enumerate() {
        if let Some(windows) = &pattern[day.weekday] {
            offered.push(index);
            capacity += slots_covered(windows, per_day);
            availability.extend(windows.iter().map(|&(start, end)| Interval {
                start: civil(&day.date, start),
                end: civil(&day.date, end),
            }));
        }
    }
    let mut unavailable = Vec::new();
    if !offered.is_empty() && rng.chance(0.06) {
        let index = offered[rng.index(offered.len())];
        let (start, end) = if rng.chance(0.5) {
            (civil(&days[index].date, 0), civil(&days[index + 1].date, 0))
        } else {
            (
                civil(&days[index].date, hm(12, 0)),
                civil(&days[index].date, hm(18, 30)),
            )
        };
        unavailable.push(Interval { start, end });
    }

    // Limits and fairness.
    let max_shifts = per_horizon(rng.range(4, 10), options.days);
    let target_shifts = salaried.then(|| {
        let wanted = per_horizon(rng.range(3, 6), options.days);
        i64::from(wanted.min(max_shifts).min(capacity))
    });
    let limits = Limits {
        max_shifts: Some(i64::from(max_shifts)),
        max_shifts_per_day: Some(i64::from(per_day)),
        min_rest_hours: Some(11.0),
        ..Limits::default()
    };

    // Preferences and exclusions.
    let mut preferences = Vec::new();
    if let Some(practice) = regular.filter(|_| rng.chance(0.3)) {
        preferences.push(Preference {
            site: Some(network.sites[practice].id.clone()),
            kind: None,
            day: None,
            shift: None,
            weight: f64::from(rng.range(1, 3)),
        });
    }
    if evenings && rng.chance(0.3) {
        preferences.push(Preference {
            site: None,
            kind: Some(Block::Eve.kind().to_owned()),
            day: None,
            shift: None,
            weight: -2.0,
        });
    }
    if !offered.is_empty() && rng.chance(0.1) {
        let index = offered[rng.index(offered.len())];
        preferences.push(Preference {
            site: None,
            kind: None,
            day: Some(days[index].date.clone()),
            shift: None,
            weight: 1.0,
        });
    }
    let mut excluded_sites = Vec::new();
    let excluded = if rng.chance(0.04) {
        network.pick_practice(rng)
    } else {
        None
    };
    if let Some(practice) = excluded.filter(|&practice| Some(practice) != regular) {
        excluded_sites.push(network.sites[practice].id.clone());
    }

    let clinician = Clinician {
        id,
        name: Some(name),
        roles: vec![role.name().to_owned()],
        skills,
        home: Some(City::lat_lon(home)),
        max_travel_km: Some(max_travel_km),
        availability: Some(availability),
        unavailable,
        rate_per_hour,
        rate_per_shift: 0.0,
        target_shifts,
        limits,
        preferences,
        excluded_sites,
    };
    (clinician, regular)
}

// ---------------------------------------------------------------------------------------
// Shifts
// ---------------------------------------------------------------------------------------

/// Sessions per clinician in a standard week.
const SESSIONS_PER_CLINICIAN_WEEK: f64 = 2.5;
/// Hub EVE sessions per clinician on each weekday.
const HUB_EVE_PER_CLINICIAN_DAY: f64 = 0.01;
/// Hub AM plus PM sessions per clinician on each weekend day.
const HUB_WEEKEND_PER_CLINICIAN_DAY: f64 = 0.02;

/// Practice sessions per clinician on each weekday: the weekly total less the hubs' share.
fn practice_sessions_per_clinician_day() -> f64 {
    (SESSIONS_PER_CLINICIAN_WEEK
        - 5.0 * HUB_EVE_PER_CLINICIAN_DAY
        - 2.0 * HUB_WEEKEND_PER_CLINICIAN_DAY)
        / 5.0
}

/// Practice demand by weekday (0 is Monday), averaging 1: Monday is the busiest day.
const WEEKDAY_DEMAND: [f64; 5] = [1.3, 1.0, 0.95, 1.0, 0.75];

/// The split of a practice's weekday sessions by role and block.
const PRACTICE_MIX: &[(Role, Block, f64)] = &[
    (Role::Gp, Block::Am, 0.31),
    (Role::Gp, Block::Pm, 0.29),
    (Role::Anp, Block::Am, 0.13),
    (Role::Anp, Block::Pm, 0.12),
    (Role::Pharmacist, Block::Am, 0.08),
    (Role::Pharmacist, Block::Pm, 0.07),
];

const HUB_EVE_MIX: &[(Role, f64)] = &[(Role::Gp, 0.7), (Role::Anp, 0.3)];
const HUB_WEEKEND_MIX: &[(Role, f64)] =
    &[(Role::Gp, 0.65), (Role::Anp, 0.25), (Role::Pharmacist, 0.1)];

/// Priority tiers: urgent on-the-day, routine, admin/review.
const URGENT: u32 = 3000;
const ROUTINE: u32 = 1000;
const REVIEW: u32 = 400;

/// Where a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Practice(usize),
    Hub(usize),
}

struct ShiftMaker<'a> {
    rng: Rng,
    network: &'a Network,
    pool: &'a Pool,
    shifts: Vec<Shift>,
}

impl ShiftMaker<'_> {
    fn session(&mut self, place: Place, day: &Day, block: Block, role: Role) {
        let rng = &mut self.rng;
        let start = rng.weighted(block.starts());
        let end = rng.weighted(block.ends());
        let hub = matches!(place, Place::Hub(_));
        let site = match place {
            Place::Practice(index) => index,
            Place::Hub(index) => self.network.practices.len() + index,
        };

        let skill_share = match role {
            Role::Gp => 0.05,
            Role::Anp => 0.05,
            Role::Pharmacist => 0.1,
        };
        let skills = if rng.chance(skill_share) {
            let choices: &[&str] = match role {
                Role::Gp => &[
                    "coil_fitting",
                    "minor_surgery",
                    "joint_injection",
                    "dermatology",
                ],
                Role::Anp => &["contraception", "wound_care"],
                Role::Pharmacist => &["independent_prescriber"],
            };
            vec![choices[rng.index(choices.len())].to_owned()]
        } else {
            Vec::new()
        };

        let headcount = if rng.chance(if hub { 0.3 } else { 0.07 }) {
            2
        } else {
            1
        };
        let tiers: &[(u32, u32)] = match (hub, role) {
            (true, _) => &[(URGENT, 7), (ROUTINE, 3)],
            (false, Role::Gp) => &[(URGENT, 25), (ROUTINE, 70), (REVIEW, 5)],
            (false, Role::Anp) => &[(URGENT, 25), (ROUTINE, 60), (REVIEW, 15)],
            (false, Role::Pharmacist) => &[(URGENT, 5), (ROUTINE, 45), (REVIEW, 50)],
        };
        let unfilled_penalty = rng.weighted(tiers);
        let max_rate_per_hour = match role {
            Role::Gp if rng.chance(0.06) => Some(rng.weighted(&[(95, 1), (100, 2), (105, 1)])),
            Role::Anp if rng.chance(0.04) => Some(55),
            Role::Pharmacist if rng.chance(0.04) => Some(50),
            _ => None,
        };

        let mut preferred_clinicians = Vec::new();
        if let Place::Practice(index) = place {
            let regulars = &self.pool.regulars[index][role.index()];
            if !regulars.is_empty() && rng.chance(0.15) {
                let wanted = if rng.chance(0.3) { 2 } else { 1 };
                for _ in 0..wanted {
                    let clinician = regulars[rng.index(regulars.len())] as usize;
                    let id = &self.pool.clinicians[clinician].id;
                    if !preferred_clinicians.contains(id) {
                        preferred_clinicians.push(id.clone());
                    }
                }
                preferred_clinicians.sort();
            }
        }

        self.shifts.push(Shift {
            id: String::new(),
            site: self.network.sites[site].id.clone(),
            start: civil(&day.date, start),
            end: civil(&day.date, end),
            role: role.name().to_owned(),
            skills,
            kind: Some(block.kind().to_owned()),
            headcount: Some(headcount),
            unfilled_penalty: Some(f64::from(unfilled_penalty)),
            over_penalty: None,
            max_headcount: None,
            max_rate_per_hour: max_rate_per_hour.map(f64::from),
            preferred_clinicians,
            excluded_clinicians: Vec::new(),
        });
    }

    /// `expected` sessions of `role` in `block`, as a count.
    fn sessions(&mut self, place: Place, day: &Day, block: Block, role: Role, expected: f64) {
        for _ in 0..self.rng.count(expected) {
            self.session(place, day, block, role);
        }
    }
}

fn make_shifts(
    options: &GenerateOptions,
    days: &[Day],
    network: &Network,
    pool: &Pool,
) -> Vec<Shift> {
    let clinicians = options.clinicians as f64;
    let estimate = (SESSIONS_PER_CLINICIAN_WEEK * clinicians * options.days as f64 / 7.0) as usize;
    let mut maker = ShiftMaker {
        rng: Rng::new(options.seed, STREAM_SHIFTS),
        network,
        pool,
        shifts: Vec::with_capacity(estimate + estimate / 8 + 16),
    };
    let practice_day = practice_sessions_per_clinician_day() * clinicians;
    let total_size = network.total_size() as f64;
    let hubs = network.hubs.len() as f64;
    for day in &days[..options.days] {
        if day.is_weekend() {
            for hub in 0..network.hubs.len() {
                let per_block = HUB_WEEKEND_PER_CLINICIAN_DAY * clinicians / hubs / 2.0;
                for block in [Block::Am, Block::Pm] {
                    for &(role, share) in HUB_WEEKEND_MIX {
                        maker.sessions(Place::Hub(hub), day, block, role, per_block * share);
                    }
                }
            }
            continue;
        }
        for (index, practice) in network.practices.iter().enumerate() {
            let expected =
                practice_day * WEEKDAY_DEMAND[day.weekday] * f64::from(practice.size) / total_size;
            for &(role, block, share) in PRACTICE_MIX {
                maker.sessions(Place::Practice(index), day, block, role, expected * share);
            }
        }
        for hub in 0..network.hubs.len() {
            // Without practices, the hubs run the practices' day sessions too.
            if network.practices.is_empty() {
                for &(role, block, share) in PRACTICE_MIX {
                    maker.sessions(
                        Place::Hub(hub),
                        day,
                        block,
                        role,
                        practice_day / hubs * share,
                    );
                }
            }
            for &(role, share) in HUB_EVE_MIX {
                let expected = HUB_EVE_PER_CLINICIAN_DAY * clinicians / hubs * share;
                maker.sessions(Place::Hub(hub), day, Block::Eve, role, expected);
            }
        }
    }
    let mut shifts = maker.shifts;
    let id_width = width(shifts.len(), 5);
    for (index, shift) in shifts.iter_mut().enumerate() {
        shift.id = format!("S{:0id_width$}", index + 1);
    }
    shifts
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::model::{Clinician, LatLon, Problem, Shift};

    fn default_problem() -> Problem {
        generate(&GenerateOptions::default()).unwrap()
    }

    /// Minutes since 1970-01-01T00:00 of a civil time `YYYY-MM-DDTHH:MM`.
    fn minutes(text: &str) -> i64 {
        assert_eq!(text.len(), 16, "{text}");
        assert_eq!(&text[10..11], "T", "{text}");
        assert_eq!(&text[13..14], ":", "{text}");
        let day = parse_date(&text[..10]).unwrap();
        let hours: i64 = text[11..13].parse().unwrap();
        let mins: i64 = text[14..16].parse().unwrap();
        assert!(hours < 24 && mins < 60, "{text}");
        day * 1440 + hours * 60 + mins
    }

    fn haversine(a: LatLon, b: LatLon) -> f64 {
        let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (b.lon - a.lon).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * 6371.0088 * h.sqrt().asin()
    }

    fn site_positions(problem: &Problem) -> BTreeMap<&str, LatLon> {
        problem
            .sites
            .iter()
            .map(|s| {
                let at = LatLon {
                    lat: s.lat.unwrap(),
                    lon: s.lon.unwrap(),
                };
                (s.id.as_str(), at)
            })
            .collect()
    }

    /// Eligibility exactly as `DESIGN.md` states it.
    fn eligible(c: &Clinician, s: &Shift, sites: &BTreeMap<&str, LatLon>) -> bool {
        let (start, end) = (minutes(&s.start), minutes(&s.end));
        c.roles.contains(&s.role)
            && s.skills.iter().all(|k| c.skills.contains(k))
            && c.availability.as_ref().is_none_or(|a| {
                a.iter()
                    .any(|w| minutes(&w.start) <= start && end <= minutes(&w.end))
            })
            && !c
                .unavailable
                .iter()
                .any(|u| minutes(&u.start) < end && start < minutes(&u.end))
            && !c.excluded_sites.contains(&s.site)
            && !s.excluded_clinicians.contains(&c.id)
            && s.max_rate_per_hour.is_none_or(|cap| c.rate_per_hour <= cap)
            && c.max_travel_km
                .is_none_or(|km| haversine(c.home.unwrap(), sites[s.site.as_str()]) <= km)
    }

    /// For every clinician, the indices of the shifts they are eligible for, found via
    /// the days they are available (linear in the output, like a real index would be).
    fn eligible_shifts(problem: &Problem) -> Vec<Vec<usize>> {
        let sites = site_positions(problem);
        let mut by_date: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, shift) in problem.shifts.iter().enumerate() {
            by_date.entry(&shift.start[..10]).or_default().push(index);
        }
        problem
            .clinicians
            .iter()
            .map(|c| {
                let dates: BTreeSet<&str> = c
                    .availability
                    .as_ref()
                    .unwrap()
                    .iter()
                    .map(|w| &w.start[..10])
                    .collect();
                dates
                    .into_iter()
                    .flat_map(|d| by_date.get(d).into_iter().flatten().copied())
                    .filter(|&s| eligible(c, &problem.shifts[s], &sites))
                    .collect()
            })
            .collect()
    }

    /// Dinic's maximum flow, for the best fill any roster could reach.
    struct MaxFlow {
        head: Vec<Vec<usize>>,
        to: Vec<usize>,
        cap: Vec<i64>,
    }

    impl MaxFlow {
        fn new() -> Self {
            MaxFlow {
                head: Vec::new(),
                to: Vec::new(),
                cap: Vec::new(),
            }
        }

        fn node(&mut self) -> usize {
            self.head.push(Vec::new());
            self.head.len() - 1
        }

        fn arc(&mut self, from: usize, to: usize, cap: i64) {
            self.head[from].push(self.to.len());
            self.to.push(to);
            self.cap.push(cap);
            self.head[to].push(self.to.len());
            self.to.push(from);
            self.cap.push(0);
        }

        fn run(&mut self, source: usize, sink: usize) -> i64 {
            let n = self.head.len();
            let mut total = 0;
            loop {
                let mut level = vec![usize::MAX; n];
                level[source] = 0;
                let mut queue = std::collections::VecDeque::from([source]);
                while let Some(v) = queue.pop_front() {
                    for &a in &self.head[v] {
                        let w = self.to[a];
                        if self.cap[a] > 0 && level[w] == usize::MAX {
                            level[w] = level[v] + 1;
                            queue.push_back(w);
                        }
                    }
                }
                if level[sink] == usize::MAX {
                    return total;
                }
                let mut next = vec![0usize; n];
                loop {
                    let pushed = self.push(source, sink, i64::MAX, &level, &mut next);
                    if pushed == 0 {
                        break;
                    }
                    total += pushed;
                }
            }
        }

        fn push(
            &mut self,
            v: usize,
            sink: usize,
            limit: i64,
            level: &[usize],
            next: &mut [usize],
        ) -> i64 {
            if v == sink {
                return limit;
            }
            while next[v] < self.head[v].len() {
                let a = self.head[v][next[v]];
                let w = self.to[a];
                if self.cap[a] > 0 && level[w] == level[v] + 1 {
                    let pushed = self.push(w, sink, limit.min(self.cap[a]), level, next);
                    if pushed > 0 {
                        self.cap[a] -= pushed;
                        self.cap[a ^ 1] += pushed;
                        return pushed;
                    }
                }
                next[v] += 1;
            }
            0
        }
    }

    /// The most clinician-sessions any roster could fill: the flow model's network
    /// (clinician → day → slot → shift → sink) with capacities only. With `profitable`
    /// only pairs cheaper (pay + travel) than the shift's penalty are kept.
    fn max_fill(problem: &Problem, eligible: &[Vec<usize>], profitable: bool) -> i64 {
        let sites = site_positions(problem);
        let mut flow = MaxFlow::new();
        let source = flow.node();
        let sink = flow.node();
        let shift_nodes: Vec<usize> = problem
            .shifts
            .iter()
            .map(|s| {
                let node = flow.node();
                flow.arc(node, sink, s.headcount.unwrap());
                node
            })
            .collect();
        for (c, shifts) in problem.clinicians.iter().zip(eligible) {
            let node = flow.node();
            flow.arc(source, node, c.limits.max_shifts.unwrap());
            let mut days = BTreeMap::new();
            let mut slots = BTreeMap::new();
            for &s in shifts {
                let shift = &problem.shifts[s];
                if profitable {
                    let hours = (minutes(&shift.end) - minutes(&shift.start)) as f64 / 60.0;
                    let km = haversine(c.home.unwrap(), sites[shift.site.as_str()]);
                    let cost = c.rate_per_hour * hours + problem.weights.travel_per_km * km;
                    if cost >= shift.unfilled_penalty.unwrap() {
                        continue;
                    }
                }
                let date = &shift.start[..10];
                let day = *days.entry(date).or_insert_with(|| {
                    let d = flow.node();
                    flow.arc(node, d, c.limits.max_shifts_per_day.unwrap());
                    d
                });
                let slot = *slots.entry((date, shift.kind.clone())).or_insert_with(|| {
                    let k = flow.node();
                    flow.arc(day, k, 1);
                    k
                });
                flow.arc(slot, shift_nodes[s], 1);
            }
        }
        flow.run(source, sink)
    }

    fn heads(problem: &Problem) -> i64 {
        problem.shifts.iter().map(|s| s.headcount.unwrap()).sum()
    }

    /// Every reference resolves, every id is unique, every number is tidy and in range.
    fn assert_valid(problem: &Problem) {
        let site_ids: BTreeSet<&str> = problem.sites.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(site_ids.len(), problem.sites.len(), "duplicate site id");
        let names: BTreeSet<&str> = problem
            .sites
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect();
        assert_eq!(names.len(), problem.sites.len(), "duplicate site name");
        let clinician_ids: BTreeMap<&str, &Clinician> = problem
            .clinicians
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect();
        assert_eq!(
            clinician_ids.len(),
            problem.clinicians.len(),
            "duplicate clinician id"
        );
        let shift_ids: BTreeSet<&str> = problem.shifts.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(shift_ids.len(), problem.shifts.len(), "duplicate shift id");

        let tidy = |x: f64, scale: f64| x.is_finite() && (x * scale).round() / scale == x;
        for site in &problem.sites {
            assert!(!site.id.is_empty() && site.name.is_some());
            let (lat, lon) = (site.lat.unwrap(), site.lon.unwrap());
            assert!(tidy(lat, 1e5) && tidy(lon, 1e5), "{site:?}");
            assert!(
                (50.0..57.0).contains(&lat) && (-6.0..2.0).contains(&lon),
                "{site:?}"
            );
        }
        let horizon = problem.horizon.as_ref().unwrap();
        let (first, last) = (
            parse_date(&horizon.start).unwrap(),
            parse_date(&horizon.end).unwrap(),
        );
        assert!(first <= last);
        for c in &problem.clinicians {
            assert_eq!(c.roles.len(), 1);
            let home = c.home.unwrap();
            assert!(tidy(home.lat, 1e5) && tidy(home.lon, 1e5), "{c:?}");
            assert!(tidy(c.rate_per_hour, 100.0) && c.rate_per_hour > 0.0);
            assert_eq!(c.rate_per_shift, 0.0);
            let travel = c.max_travel_km.unwrap();
            assert!((10.0..=30.0).contains(&travel));
            for w in c
                .availability
                .as_ref()
                .unwrap()
                .iter()
                .chain(&c.unavailable)
            {
                assert!(minutes(&w.start) < minutes(&w.end), "{c:?}");
                assert!(parse_date(&w.start[..10]).unwrap() >= first);
                assert!(parse_date(&w.start[..10]).unwrap() <= last);
            }
            for p in &c.preferences {
                assert!(p.weight.is_finite() && p.weight != 0.0);
                assert!(p.site.is_some() || p.kind.is_some() || p.day.is_some());
                if let Some(site) = &p.site {
                    assert!(site_ids.contains(site.as_str()));
                }
                if let Some(day) = &p.day {
                    let day = parse_date(day).unwrap();
                    assert!(first <= day && day <= last);
                }
            }
            for site in &c.excluded_sites {
                assert!(site_ids.contains(site.as_str()));
            }
            let limits = &c.limits;
            let max = limits.max_shifts.unwrap();
            assert!(max >= 4);
            assert_eq!(limits.max_shifts_per_day, Some(2));
            assert_eq!(limits.min_rest_hours, Some(11.0));
            assert_eq!(
                Limits {
                    max_shifts: None,
                    max_shifts_per_day: None,
                    min_rest_hours: None,
                    ..limits.clone()
                },
                Limits::default(),
                "only max_shifts, max_shifts_per_day and min_rest_hours are set"
            );
            if let Some(target) = c.target_shifts {
                assert!((0..=max).contains(&target));
            }
        }
        for s in &problem.shifts {
            assert!(site_ids.contains(s.site.as_str()), "{s:?}");
            assert!(minutes(&s.start) < minutes(&s.end), "{s:?}");
            assert_eq!(&s.start[..10], &s.end[..10], "no shift crosses midnight");
            let day = parse_date(&s.start[..10]).unwrap();
            assert!(first <= day && day <= last);
            assert!(["gp", "anp", "pharmacist"].contains(&s.role.as_str()));
            assert!(matches!(s.headcount, Some(1 | 2)));
            let penalty = s.unfilled_penalty.unwrap();
            assert!([400.0, 1000.0, 3000.0].contains(&penalty));
            assert!(s.max_rate_per_hour.is_none_or(|r| r.is_finite() && r > 0.0));
            assert!(s.over_penalty.is_none() && s.max_headcount.is_none());
            for id in &s.preferred_clinicians {
                assert_eq!(
                    clinician_ids[id.as_str()].roles.as_slice(),
                    std::slice::from_ref(&s.role)
                );
            }
        }
        assert!(problem.pinned.is_empty() && problem.previous.is_empty());
        assert!(problem.forbidden_successions.is_empty() && problem.travel_km.is_empty());
    }

    /// For each day and kind, the latest start precedes the earliest end (so all pairwise
    /// overlap), and each block ends before the next begins.
    fn assert_blocks(problem: &Problem) {
        let mut spans: BTreeMap<(&str, usize), (i64, i64, i64, i64)> = BTreeMap::new();
        for s in &problem.shifts {
            let block = ["AM", "PM", "EVE"]
                .iter()
                .position(|k| s.kind.as_deref() == Some(k))
                .unwrap();
            let (start, end) = (minutes(&s.start), minutes(&s.end));
            let span = spans.entry((&s.start[..10], block)).or_insert((
                i64::MAX,
                i64::MIN,
                i64::MAX,
                i64::MIN,
            ));
            *span = (
                span.0.min(start),
                span.1.max(start),
                span.2.min(end),
                span.3.max(end),
            );
        }
        for (&(date, block), &(_, latest_start, earliest_end, latest_end)) in &spans {
            assert!(
                latest_start < earliest_end,
                "{date} block {block} has no common instant"
            );
            for later in block + 1..3 {
                if let Some(&(earliest_start, ..)) = spans.get(&(date, later)) {
                    assert!(
                        latest_end < earliest_start,
                        "{date}: block {block} meets {later}"
                    );
                }
            }
        }
    }

    #[test]
    fn dates_round_trip_and_know_their_weekdays() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(days_from_civil(2026, 12, 7)), (2026, 12, 7));
        assert_eq!(weekday(days_from_civil(2026, 12, 7)), 0, "a Monday");
        assert_eq!(weekday(days_from_civil(1970, 1, 1)), 3, "a Thursday");
        assert_eq!(weekday(days_from_civil(2024, 2, 29)), 3, "a Thursday");
        assert_eq!(weekday(days_from_civil(1900, 1, 1)), 0, "a Monday");
        assert_eq!(
            days_from_civil(2025, 1, 1) - days_from_civil(2024, 1, 1),
            366
        );
        assert_eq!(
            days_from_civil(2101, 1, 1) - days_from_civil(2100, 1, 1),
            365
        );
        let mut previous = None;
        for days in (days_from_civil(1, 1, 1)..=days_from_civil(9999, 12, 31)).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
            assert_eq!(parse_date(&format_date(days)), Some(days));
            if let Some(p) = previous {
                assert_eq!(weekday(days), (weekday(p) + 97) % 7);
            }
            previous = Some(days);
        }
        assert_eq!(format_date(days_from_civil(2028, 2, 29) + 1), "2028-03-01");
        assert_eq!(format_date(days_from_civil(2026, 12, 31) + 1), "2027-01-01");
        assert_eq!(format_date(days_from_civil(5, 6, 7)), "0005-06-07");
    }

    #[test]
    fn parse_date_is_strict() {
        assert_eq!(parse_date("2026-12-07"), Some(days_from_civil(2026, 12, 7)));
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2000-02-29").is_some());
        for bad in [
            "",
            "2026-12-7",
            "2026-1-07",
            "26-12-07",
            "2026/12/07",
            "2026-12-07T00:00",
            "2026-13-01",
            "2026-00-10",
            "2026-12-00",
            "2026-12-32",
            "2023-02-29",
            "1900-02-29",
            "2026-04-31",
            "0000-01-01",
            "+026-12-07",
            "2026-12-0a",
            "２０２６-12-07",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn rng_is_deterministic_and_bounded() {
        let draws = |seed, stream| {
            let mut rng = Rng::new(seed, stream);
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draws(7, 1), draws(7, 1));
        assert_ne!(draws(7, 1), draws(8, 1));
        assert_ne!(draws(7, 1), draws(7, 2));
        let mut rng = Rng::new(0, 0);
        let mut seen = [0u32; 7];
        for _ in 0..70_000 {
            seen[rng.below(7) as usize] += 1;
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            let r = rng.range(10, 30);
            assert!((10..=30).contains(&r));
            let (x, y) = rng.in_disc();
            assert!(x * x + y * y <= 1.0);
        }
        assert!(
            seen.iter().all(|&n| (9_000..11_000).contains(&n)),
            "{seen:?}"
        );
        assert_eq!(rng.below(0), 0);
        let mean = (0..10_000).map(|_| rng.count(2.3)).sum::<usize>() as f64 / 10_000.0;
        assert!((mean - 2.3).abs() < 0.05, "{mean}");
        assert_eq!(rng.count(0.0), 0);
        assert_eq!(rng.count(f64::NAN), 0);
    }

    #[test]
    fn default_options_are_an_ics_week() {
        let options = GenerateOptions::default();
        assert_eq!(
            (options.clinicians, options.sites, options.days),
            (1_000, 120, 7)
        );
        assert_eq!(
            weekday(parse_date(&options.start).unwrap()),
            0,
            "starts on a Monday"
        );
        let problem = default_problem();
        let horizon = problem.horizon.as_ref().unwrap();
        assert_eq!(
            (horizon.start.as_str(), horizon.end.as_str()),
            ("2026-12-07", "2026-12-13")
        );
        assert_eq!(problem.timezone.as_deref(), Some("Europe/London"));
        let w = problem.weights;
        assert_eq!(
            (
                w.unfilled,
                w.cost,
                w.preference,
                w.travel_per_km,
                w.fairness,
                w.continuity,
                w.change
            ),
            (1000.0, 1.0, 20.0, 0.5, 50.0, 30.0, 0.0)
        );
    }

    #[test]
    fn bad_options_are_refused() {
        let with = |f: fn(&mut GenerateOptions)| {
            let mut options = GenerateOptions::default();
            f(&mut options);
            generate(&options).err()
        };
        assert_eq!(with(|o| o.sites = 0), Some(GenerateError::NoSites));
        assert_eq!(with(|o| o.days = 0), Some(GenerateError::NoDays));
        assert_eq!(
            with(|o| o.days = 367),
            Some(GenerateError::TooManyDays {
                days: 367,
                max: 366
            })
        );
        assert!(matches!(
            with(|o| o.sites = MAX_SITES + 1),
            Some(GenerateError::TooManySites { .. })
        ));
        assert!(matches!(
            with(|o| o.clinicians = MAX_CLINICIANS + 1),
            Some(GenerateError::TooManyClinicians { .. })
        ));
        for start in ["2026-02-30", "7 Dec 2026", "", "2026-12-07T08:00"] {
            let options = GenerateOptions {
                start: start.to_owned(),
                ..GenerateOptions::default()
            };
            assert_eq!(
                generate(&options).err(),
                Some(GenerateError::InvalidStart {
                    start: start.to_owned()
                })
            );
        }
        let late = GenerateOptions {
            start: "9999-12-30".to_owned(),
            days: 2,
            ..GenerateOptions::default()
        };
        assert!(matches!(
            generate(&late),
            Err(GenerateError::HorizonOutOfRange { .. })
        ));
        let error = with(|o| o.days = 400).unwrap();
        assert!(error.to_string().contains("400 days"), "{error}");
        // The last possible horizon still works.
        let last = GenerateOptions {
            start: "9999-12-30".to_owned(),
            days: 1,
            clinicians: 20,
            ..GenerateOptions::default()
        };
        assert!(generate(&last).is_ok());
    }

    #[test]
    fn same_options_give_identical_problems_and_bytes() {
        let options = GenerateOptions {
            seed: 42,
            ..GenerateOptions::default()
        };
        let (a, b) = (generate(&options).unwrap(), generate(&options).unwrap());
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        let other = generate(&GenerateOptions {
            seed: 43,
            ..options.clone()
        })
        .unwrap();
        assert_ne!(a.sites, other.sites);
        assert_ne!(a.clinicians, other.clinicians);
        assert_ne!(a.shifts, other.shifts);
        // Streams are independent: more clinicians leave the sites as they were.
        let bigger = generate(&GenerateOptions {
            clinicians: 1_500,
            ..options
        })
        .unwrap();
        assert_eq!(a.sites, bigger.sites);
    }

    #[test]
    fn json_round_trips() {
        let problem = default_problem();
        let json = serde_json::to_string(&problem).unwrap();
        let back: Problem = serde_json::from_str(&json).unwrap();
        assert_eq!(back, problem);
        assert!(!json.contains("pinned") && !json.contains("previous"));
    }

    #[test]
    fn default_counts_and_ratios_are_as_promised() {
        let problem = default_problem();
        assert_valid(&problem);
        assert_eq!(problem.sites.len(), 120);
        assert_eq!(problem.sites[0].id, "P001");
        assert_eq!(problem.sites[118].id, "P119");
        assert_eq!(problem.sites[119].id, "H01");
        let hub = &problem.sites[119];
        let centre = LatLon {
            lat: CENTRE_LAT,
            lon: CENTRE_LON,
        };
        let hub_at = LatLon {
            lat: hub.lat.unwrap(),
            lon: hub.lon.unwrap(),
        };
        assert!(haversine(centre, hub_at) < 2.0);
        let positions = site_positions(&problem);
        let farthest = positions
            .values()
            .map(|&p| haversine(centre, p))
            .fold(0.0, f64::max);
        assert!((12.0..=20.5).contains(&farthest), "{farthest}");

        let by_role = |prefix: &str, role: &str| {
            let group: Vec<&Clinician> = problem
                .clinicians
                .iter()
                .filter(|c| {
                    c.id.starts_with(prefix)
                        && c.id[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
                })
                .collect();
            assert!(group.iter().all(|c| c.roles == [role]));
            group.len()
        };
        assert_eq!(by_role("GP", "gp"), 600);
        assert_eq!(by_role("ANP", "anp"), 250);
        assert_eq!(by_role("PH", "pharmacist"), 150);
        assert_eq!(problem.clinicians[0].id, "GP0001");

        let shifts = problem.shifts.len();
        assert!((2_350..=2_650).contains(&shifts), "{shifts} shifts");
        assert_eq!(problem.shifts[0].id, "S00001");
        let count = |f: &dyn Fn(&Shift) -> bool| problem.shifts.iter().filter(|s| f(s)).count();
        let gp = count(&|s| s.role == "gp") as f64 / shifts as f64;
        assert!((0.55..0.68).contains(&gp), "{gp}");
        let doubles = count(&|s| s.headcount == Some(2)) as f64 / shifts as f64;
        assert!((0.04..0.15).contains(&doubles), "{doubles}");
        let skilled = count(&|s| !s.skills.is_empty()) as f64 / shifts as f64;
        assert!((0.02..0.12).contains(&skilled), "{skilled}");
        let capped = count(&|s| s.max_rate_per_hour.is_some());
        let preferred = count(&|s| !s.preferred_clinicians.is_empty());
        assert!(capped > 20 && preferred > 100, "{capped} {preferred}");
        for tier in [400.0, 1000.0, 3000.0] {
            assert!(count(&|s| s.unfilled_penalty == Some(tier)) > 100, "{tier}");
        }

        // Practices run weekday AM/PM sessions; the hub runs weekday EVE and weekend AM/PM.
        for s in &problem.shifts {
            let weekend = weekday(parse_date(&s.start[..10]).unwrap()) >= 5;
            let kind = s.kind.as_deref().unwrap();
            if s.site.starts_with('P') {
                assert!(!weekend && kind != "EVE", "{s:?}");
            } else {
                assert_eq!(s.site, "H01");
                assert_eq!(kind == "EVE", !weekend, "{s:?}");
            }
        }
        let eve = count(&|s| s.kind.as_deref() == Some("EVE"));
        let weekend = count(&|s| s.site == "H01" && s.kind.as_deref() != Some("EVE"));
        assert!(
            (30..=80).contains(&eve) && (25..=60).contains(&weekend),
            "{eve} {weekend}"
        );

        // Practice size varies: the busiest practice posts several times the quietest.
        let mut per_site: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &problem.shifts {
            *per_site.entry(s.site.as_str()).or_default() += 1;
        }
        let busiest = per_site
            .iter()
            .filter(|(k, _)| k.starts_with('P'))
            .map(|(_, &n)| n)
            .max()
            .unwrap();
        let quietest = (1..=119)
            .map(|i| {
                per_site
                    .get(format!("P{i:03}").as_str())
                    .copied()
                    .unwrap_or(0)
            })
            .min()
            .unwrap();
        assert!(busiest >= 3 * quietest.max(1), "{busiest} {quietest}");
    }

    #[test]
    fn clinicians_are_as_promised() {
        let problem = default_problem();
        let mut offered_days = Vec::new();
        let (mut evenings, mut weekends, mut unavailable, mut excluded) = (0, 0, 0, 0);
        let (mut likes, mut eve_dislikes, mut day_likes) = (0, 0, 0);
        let mut salaried = 0;
        for c in &problem.clinicians {
            let availability = c.availability.as_ref().unwrap();
            let dates: BTreeSet<&str> = availability.iter().map(|w| &w.start[..10]).collect();
            offered_days.push(dates.len());
            evenings += usize::from(availability.iter().any(|w| w.end.ends_with("T21:00")));
            weekends += usize::from(dates.iter().any(|d| weekday(parse_date(d).unwrap()) >= 5));
            unavailable += usize::from(!c.unavailable.is_empty());
            excluded += usize::from(!c.excluded_sites.is_empty());
            likes += c.preferences.iter().filter(|p| p.site.is_some()).count();
            eve_dislikes += c
                .preferences
                .iter()
                .filter(|p| p.kind.as_deref() == Some("EVE") && p.weight < 0.0)
                .count();
            day_likes += c.preferences.iter().filter(|p| p.day.is_some()).count();
            let rate = c.rate_per_hour;
            match c.roles[0].as_str() {
                "gp" if c.target_shifts.is_some() => {
                    salaried += 1;
                    assert!((75.0..=90.0).contains(&rate), "{c:?}");
                }
                "gp" => assert!((90.0..=115.0).contains(&rate), "{c:?}"),
                "anp" => assert!((45.0..=60.0).contains(&rate) && c.target_shifts.is_none()),
                "pharmacist" => assert!((40.0..=55.0).contains(&rate) && c.target_shifts.is_none()),
                other => panic!("unexpected role {other}"),
            }
            let allowed: &[&str] = match c.roles[0].as_str() {
                "gp" => &[
                    "coil_fitting",
                    "minor_surgery",
                    "dermatology",
                    "paediatrics",
                    "joint_injection",
                ],
                "anp" => &["minor_illness", "wound_care", "contraception"],
                _ => &["medication_review", "independent_prescriber"],
            };
            assert!(
                c.skills.iter().all(|k| allowed.contains(&k.as_str())),
                "{c:?}"
            );
            assert!((4..=10).contains(&c.limits.max_shifts.unwrap()));
        }
        let n = problem.clinicians.len();
        let two_to_five = offered_days
            .iter()
            .filter(|&&d| (2..=5).contains(&d))
            .count();
        assert!(
            two_to_five * 10 >= n * 8,
            "{two_to_five} of {n} offer 2-5 days"
        );
        assert!(offered_days.iter().all(|&d| d >= 1));
        assert!((60..=180).contains(&evenings), "{evenings}");
        assert!((80..=220).contains(&weekends), "{weekends}");
        assert!((20..=100).contains(&unavailable), "{unavailable}");
        assert!((10..=70).contains(&excluded), "{excluded}");
        assert!(
            likes > 150 && eve_dislikes > 10 && day_likes > 50,
            "{likes} {eve_dislikes} {day_likes}"
        );
        assert!((200..=340).contains(&salaried), "{salaried}");
    }

    #[test]
    fn time_blocks_form_slots_for_every_clinician() {
        let problem = default_problem();
        assert_blocks(&problem);
        let eligible = eligible_shifts(&problem);
        let mut pairs = 0;
        for shifts in &eligible {
            for (i, &a) in shifts.iter().enumerate() {
                for &b in &shifts[i + 1..] {
                    let (a, b) = (&problem.shifts[a], &problem.shifts[b]);
                    if a.start[..10] != b.start[..10] {
                        continue;
                    }
                    pairs += 1;
                    let overlap =
                        minutes(&a.start) < minutes(&b.end) && minutes(&b.start) < minutes(&a.end);
                    assert_eq!(overlap, a.kind == b.kind, "{a:?} {b:?}");
                }
            }
        }
        assert!(pairs > 10_000, "{pairs} same-day pairs checked");
    }

    #[test]
    fn rest_of_eleven_hours_is_vacuous() {
        // A week with the spring clock change (Sunday 2027-03-28) as well as the default.
        for start in ["2026-12-07", "2027-03-22"] {
            let problem = generate(&GenerateOptions {
                start: start.to_owned(),
                ..GenerateOptions::default()
            })
            .unwrap();
            let mut latest_end: BTreeMap<i64, i64> = BTreeMap::new();
            let mut earliest_start: BTreeMap<i64, i64> = BTreeMap::new();
            for s in &problem.shifts {
                let day = parse_date(&s.start[..10]).unwrap();
                let e = latest_end.entry(day).or_insert(i64::MIN);
                *e = (*e).max(minutes(&s.end));
                let b = earliest_start.entry(day).or_insert(i64::MAX);
                *b = (*b).min(minutes(&s.start));
                if weekday(day) == 5 {
                    assert!(s.end[11..] <= *"18:15", "Saturday shifts end early: {s:?}");
                }
            }
            for (&day, &end) in &latest_end {
                if let Some((_, &start)) = earliest_start.range(day + 1..).next() {
                    // Civil minutes; a spring-forward night loses 60 of them, but only
                    // after a Saturday, whose latest end leaves 165 minutes to spare.
                    let spare = if weekday(day) == 5 { 60 } else { 0 };
                    assert!(start - end - spare >= 11 * 60, "{start} {end}");
                }
            }
        }
    }

    #[test]
    fn most_sessions_can_be_filled_but_not_all() {
        let problem = default_problem();
        let eligible = eligible_shifts(&problem);
        let total = heads(&problem);
        let fill = max_fill(&problem, &eligible, false);
        let profitable = max_fill(&problem, &eligible, true);
        let (fill, profitable) = (fill as f64 / total as f64, profitable as f64 / total as f64);
        // Monday mornings are short-staffed: no roster fills everything.
        assert!(
            (0.88..0.99).contains(&fill),
            "at most {fill} of heads fillable"
        );
        assert!(
            (0.85..0.99).contains(&profitable),
            "at most {profitable} worth filling"
        );
    }

    /// Mean number of sites within a clinician's travel radius.
    fn mean_reach(problem: &Problem) -> f64 {
        let sites: Vec<LatLon> = site_positions(problem).into_values().collect();
        let reach: usize = problem
            .clinicians
            .iter()
            .map(|c| {
                let (home, km) = (c.home.unwrap(), c.max_travel_km.unwrap());
                sites.iter().filter(|&&s| haversine(home, s) <= km).count()
            })
            .sum();
        reach as f64 / problem.clinicians.len() as f64
    }

    #[test]
    fn the_city_grows_so_that_reach_stays_constant() {
        // Beyond 120 sites the city grows with the sites, so the sites within a
        // clinician's reach, and the eligible pairs, stop growing with the instance.
        let reach = |sites| {
            let problem = generate(&GenerateOptions {
                sites,
                ..GenerateOptions::default()
            })
            .unwrap();
            mean_reach(&problem)
        };
        let (default, medium, large) = (reach(120), reach(480), reach(1_920));
        assert!(
            default < 120.0 && medium < 0.35 * 480.0,
            "{default} {medium}"
        );
        assert!(
            large > 0.75 * medium && large < 1.33 * medium,
            "{medium} sites in reach at 480 sites, {large} at 1,920"
        );
        let per_clinician = |clinicians| {
            let problem = generate(&GenerateOptions {
                clinicians,
                sites: 480,
                ..GenerateOptions::default()
            })
            .unwrap();
            problem.shifts.len() as f64 / clinicians as f64
        };
        for clinicians in [250, 4_000] {
            let n = per_clinician(clinicians);
            assert!((2.3..2.7).contains(&n), "{n} sessions per clinician");
        }
    }

    #[test]
    fn large_instances_stay_valid_and_linear() {
        let options = GenerateOptions {
            clinicians: 40_000,
            sites: 5_000,
            ..GenerateOptions::default()
        };
        let problem = generate(&options).unwrap();
        assert_valid(&problem);
        assert_blocks(&problem);
        assert_eq!(problem.sites.len(), 5_000);
        let hubs = problem
            .sites
            .iter()
            .filter(|s| s.id.starts_with('H'))
            .count();
        assert_eq!(hubs, 41);
        assert_eq!(problem.sites.last().unwrap().id, "H41");
        assert_eq!(problem.clinicians.len(), 40_000);
        assert_eq!(problem.clinicians[0].id, "GP00001");
        let shifts = problem.shifts.len() as f64;
        assert!((95_000.0..105_000.0).contains(&shifts), "{shifts}");
        let digits = problem.shifts.len().to_string().len().max(5);
        assert_eq!(problem.shifts[0].id, format!("S{:0digits$}", 1));
        assert_eq!(
            problem.shifts.last().unwrap().id,
            format!("S{}", problem.shifts.len())
        );
    }

    #[test]
    fn small_and_odd_sizes_work() {
        let cases = [
            (0, 120, 7, "2026-12-07"),
            (1, 1, 1, "2026-12-07"),
            (10, 1, 7, "2026-12-07"),
            (50, 2, 3, "2026-12-12"),
            (200, 10, 1, "2026-12-12"),
            (300, 40, 366, "2028-01-01"),
            (5, 3_000, 7, "2026-12-07"),
        ];
        for (clinicians, sites, days, start) in cases {
            let options = GenerateOptions {
                clinicians,
                sites,
                days,
                start: start.to_owned(),
                seed: 9,
                regions: 1,
            };
            let problem = generate(&options).unwrap();
            assert_valid(&problem);
            assert_blocks(&problem);
            assert_eq!(problem.sites.len(), sites);
            assert_eq!(problem.clinicians.len(), clinicians);
            let horizon = problem.horizon.as_ref().unwrap();
            let span = parse_date(&horizon.end).unwrap() - parse_date(&horizon.start).unwrap();
            assert_eq!(span, days as i64 - 1);
            if clinicians == 0 {
                assert!(problem.shifts.is_empty());
            }
        }
        // A hub alone runs the day sessions too.
        let lone = generate(&GenerateOptions {
            sites: 1,
            clinicians: 100,
            ..GenerateOptions::default()
        })
        .unwrap();
        assert_eq!(lone.sites[0].id, "H01");
        assert!(lone.shifts.iter().any(|s| s.kind.as_deref() == Some("AM")));
        // A long horizon scales the weekly limits.
        let long = generate(&GenerateOptions {
            clinicians: 100,
            days: 28,
            ..GenerateOptions::default()
        })
        .unwrap();
        assert!(
            long.clinicians
                .iter()
                .all(|c| c.limits.max_shifts.unwrap() >= 16)
        );
        let per_week = long.shifts.len() as f64 / 4.0 / 100.0;
        assert!((2.2..2.8).contains(&per_week), "{per_week}");
    }
}
