//! The sessions: practice AM and PM sessions on weekdays, hub EVE sessions on weekdays and
//! AM/PM sessions at weekends, in the three time blocks of the crate documentation.

use rotaflow::Shift;

use crate::GenerateOptions;
use crate::calendar::{Day, civil, hm};
use crate::clinicians::{Pool, Role};
use crate::geography::Network;
use crate::rng::{Rng, STREAM_SHIFTS};
use crate::width;

/// The three sessions of a day; see the table in the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block {
    Am,
    Pm,
    Eve,
}

impl Block {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Block::Am => "AM",
            Block::Pm => "PM",
            Block::Eve => "EVE",
        }
    }

    /// Possible starts (minutes after midnight) with weights.
    pub(crate) fn starts(self) -> &'static [(u32, u32)] {
        match self {
            Block::Am => AM_STARTS,
            Block::Pm => PM_STARTS,
            Block::Eve => EVE_STARTS,
        }
    }

    /// Possible ends with weights.
    pub(crate) fn ends(self) -> &'static [(u32, u32)] {
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
    /// Multiplies every expected count: 1 for the flow family, more for the rules family.
    demand: f64,
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
            start: civil(day, start),
            end: civil(day, end),
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
        // The factor comes last, so that a factor of 1 leaves every count as it was.
        for _ in 0..self.rng.count(expected * self.demand) {
            self.session(place, day, block, role);
        }
    }
}

/// The sessions of the horizon, `demand` times the flow family's expected counts, without
/// ids (see [`number_shifts`]).
pub(crate) fn make_shifts(
    options: &GenerateOptions,
    days: &[Day],
    network: &Network,
    pool: &Pool,
    demand: f64,
) -> Vec<Shift> {
    let clinicians = options.clinicians as f64;
    let estimate = (SESSIONS_PER_CLINICIAN_WEEK * clinicians * options.days as f64 / 7.0) as usize;
    let mut maker = ShiftMaker {
        rng: Rng::new(options.seed, STREAM_SHIFTS),
        network,
        pool,
        shifts: Vec::with_capacity(estimate + estimate / 8 + 16),
        demand,
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
    maker.shifts
}

/// Ids `S00001…` in document order, as wide as the count needs.
pub(crate) fn number_shifts(shifts: &mut [Shift]) {
    let id_width = width(shifts.len(), 5);
    for (index, shift) in shifts.iter_mut().enumerate() {
        shift.id = format!("S{:0id_width$}", index + 1);
    }
}
