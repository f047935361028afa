//! The pool: who the clinicians are, what they offer, what they cost and what they prefer.

use rotaflow::{Clinician, Interval, Limits, Preference, Skill};

use crate::GenerateOptions;
use crate::calendar::{Day, civil, hm};
use crate::geography::{City, Network};
use crate::rng::{Rng, STREAM_CLINICIANS};
use crate::shifts::Block;
use crate::width;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Gp,
    Anp,
    Pharmacist,
}

pub(crate) const ROLES: [Role; 3] = [Role::Gp, Role::Anp, Role::Pharmacist];

impl Role {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Gp => "gp",
            Role::Anp => "anp",
            Role::Pharmacist => "pharmacist",
        }
    }

    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Role::Gp => "GP",
            Role::Anp => "ANP",
            Role::Pharmacist => "PH",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Role::Gp => 0,
            Role::Anp => 1,
            Role::Pharmacist => 2,
        }
    }

    /// Skills of the role with the share of clinicians holding each.
    pub(crate) fn skills(self) -> &'static [(&'static str, f64)] {
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
pub(crate) struct Pool {
    pub(crate) clinicians: Vec<Clinician>,
    /// Per practice and role, the clinicians (indices) who regularly work there.
    pub(crate) regulars: Vec<[Vec<u32>; 3]>,
}

/// The number of clinicians of each role: 60 % GPs, 25 % ANPs, the rest pharmacists.
fn role_counts(clinicians: usize) -> [usize; 3] {
    let gp = (clinicians * 60 + 50) / 100;
    let anp = ((clinicians * 25 + 50) / 100).min(clinicians - gp);
    [gp, anp, clinicians - gp - anp]
}

/// Scales a weekly count to the horizon (never below the weekly count).
pub(crate) fn per_horizon(weekly: u32, days: usize) -> u32 {
    if days <= 7 {
        weekly
    } else {
        ((weekly as usize * days + 3) / 7) as u32
    }
}

pub(crate) fn make_clinicians(
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
    let skills: Vec<Skill> = role
        .skills()
        .iter()
        .filter(|&&(_, share)| rng.chance(share))
        .map(|&(skill, _)| Skill::from(skill))
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
                start: civil(day, start),
                end: civil(day, end),
            }));
        }
    }
    let mut unavailable = Vec::new();
    if !offered.is_empty() && rng.chance(0.06) {
        let index = offered[rng.index(offered.len())];
        let (start, end) = if rng.chance(0.5) {
            (civil(&days[index], 0), civil(&days[index + 1], 0))
        } else {
            (
                civil(&days[index], hm(12, 0)),
                civil(&days[index], hm(18, 30)),
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

/// Money from whole pence, so that it prints with at most two decimals.
fn pounds(pence: u32) -> f64 {
    f64::from(pence) / 100.0
}
