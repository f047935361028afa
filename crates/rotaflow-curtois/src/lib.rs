//! The Curtois & Qu shift scheduling benchmark ("Nurse Rostering Instances 1–24",
//! <https://www.schedulingbenchmarks.org/nrp/>): the instance `.txt` format, the published
//! roster files, and an exact evaluator of the benchmark objective; the conversion of an
//! instance to a rotaflow [`Problem`](rotaflow::Problem) and of a rotaflow roster back. A
//! development tool of rotaflow (the `rotaflow bench-curtois` developer command and the
//! benchmark-instance tests use it); the crate a service embeds, `rotaflow`, does not.
//!
//! | file | role |
//! | --- | --- |
//! | `instance.rs` | the instance reader ([`Instance::parse`]) |
//! | `roster.rs` | the roster format ([`CurtoisRoster::parse`], [`CurtoisRoster::to_text`]) |
//! | `penalty.rs` | the benchmark's penalty and hard constraints ([`penalty`]) |
//! | `convert.rs` | instance to [`Problem`](rotaflow::Problem) ([`Instance::to_problem`]) and assignments to roster and back |
//!
//! The benchmark's data (the 24 instances, the best known and published results, the
//! published rosters, with their provenance and licence notes) ships in the crate's
//! `data/` folder, [`DATA_DIR`].
//!
//! Reference: T. Curtois and R. Qu, *Computational results on new staff scheduling
//! benchmark instances*, technical report, ASAP Research Group, University of Nottingham,
//! 2014; the site also cites E. K. Burke and T. Curtois, *New approaches to nurse rostering
//! benchmark instances*, EJOR 2014 (doi `10.1016/j.ejor.2014.01.039`).
//!
//! # Instance format
//!
//! Plain text, comma-separated fields without spaces, CRLF line endings in the distributed
//! files (LF is accepted too). Lines starting with `#` are comments and empty lines separate
//! sections. Seven sections, each introduced by its name on a line of its own:
//!
//! | section | one data line | stored in |
//! | --- | --- | --- |
//! | `SECTION_HORIZON` | `H`, the number of days (day 0 is a Monday) | [`Instance::horizon`] |
//! | `SECTION_SHIFTS` | `ShiftID,Length,CannotFollow` — `CannotFollow` is a `\|`-separated list, possibly empty | [`Instance::shifts`] |
//! | `SECTION_STAFF` | `ID,T1=m1\|T2=m2…,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends` | [`Instance::staff`] |
//! | `SECTION_DAYS_OFF` | `ID,d1,d2,…` | [`Staff::days_off`] |
//! | `SECTION_SHIFT_ON_REQUESTS` | `ID,Day,ShiftID,Weight` | [`Instance::shift_on_requests`] |
//! | `SECTION_SHIFT_OFF_REQUESTS` | `ID,Day,ShiftID,Weight` | [`Instance::shift_off_requests`] |
//! | `SECTION_COVER` | `Day,ShiftID,Requirement,WeightUnder,WeightOver` | [`Instance::cover`] |
//!
//! The parser accepts the sections in any order but each exactly once; every identifier
//! must be declared (shift types in `SECTION_SHIFTS`, staff in `SECTION_STAFF`), every day
//! must lie in `0..H`, `MaxShifts` must give a limit for every shift type (`T=0` forbids
//! `T`), and a `(day, shift)` pair may have at most one cover line. Numbers are
//! non-negative integers; a negative zero reads as 0 (Instance 15 has the cover lines
//! `41,D,-0,100,1` and `41,n2,-0,100,1`). Any breach is a
//! [`CurtoisError`] naming the 1-based line number and what was expected.
//!
//! # Roster format
//!
//! The published rosters (`InstanceN.<penalty>.<source>.roster.txt`) hold `#` comment
//! lines, then one line per staff member: the staff ID followed by `H` whitespace-separated
//! tokens, `-` for a day off, otherwise a shift ID. See [`CurtoisRoster`].
//!
//! # Objective
//!
//! The soft constraints, all priced by weights in the file, sum to the penalty that is
//! minimised (see [`penalty`]):
//!
//! ```text
//! penalty(R) = Σ_on  w · [R(e,d) ≠ T]          shift-on request (e,d,T,w): working
//!                                              another type, or not working, costs w
//!            + Σ_off w · [R(e,d) = T]          shift-off request: only T itself costs w
//!            + Σ_cover wu · max(0, req − x_dT) + wo · max(0, x_dT − req)
//! ```
//!
//! where `x_dT` is the number of staff working type `T` on day `d`. A `(day, shift)` pair
//! without a cover line has no cover term (every distributed instance has one line per pair,
//! with `wu = 100` and `wo = 1`).
//!
//! # Hard constraints and conventions
//!
//! A roster that breaks any of these is infeasible; they carry no weight, and
//! [`penalty`] lists each breach in [`CurtoisScore::hard_violations`].
//!
//! * **One shift per day** — enforced by the representation (`Option<shift>` per day) and
//!   by the roster parser (exactly one token per day).
//! * **Shift rotation** — the line `s,len,t1|t2` means: after `s` on day `d`, none of the
//!   `ti` on day `d + 1`. The previous and next planning periods are taken to end/start with
//!   a day off, so nothing is checked across the horizon ends.
//! * **Max shifts per type**, **max/min total minutes** (sum of the lengths of the worked
//!   shifts).
//! * **Max consecutive shifts** — every maximal run of worked days (any shift type), counted
//!   inside the horizon only (the days before and after are days off).
//! * **Min consecutive shifts** — every maximal run of worked days is at least the minimum,
//!   *except* a run touching day 0 or day `H − 1` (the benchmark assumes infinitely many
//!   shifts before and after the horizon).
//! * **Min consecutive days off** — every maximal run of days off is at least the minimum,
//!   except a run touching day 0 or day `H − 1` (infinitely many days off assumed outside).
//! * **Max weekends** — weekend `k` is days `7k + 5` (Saturday) and `7k + 6` (Sunday), since
//!   day 0 is a Monday; it is worked if either day has a shift. A weekend cut by the horizon
//!   end keeps its day inside the horizon (never happens in the distributed instances, whose
//!   horizons are multiples of 7).
//! * **Days off** — no shift on the days listed in `SECTION_DAYS_OFF`.
//!
//! These conventions are the benchmark page's own words where it has them; the edge
//! exemptions of the two minimum rules are also forced by the published rosters, every one
//! of which has a short run touching a horizon end. With them, the 13 published rosters of
//! instances 1–10 score exactly their published penalties with no hard violation.
//!
//! ```
//! use rotaflow_curtois::{CurtoisRoster, Instance, penalty};
//! let instance = Instance::parse(
//!     "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\n\
//!      SECTION_STAFF\nA,D=7,3360,0,7,1,1,1\n\nSECTION_DAYS_OFF\nA,6\n\n\
//!      SECTION_SHIFT_ON_REQUESTS\nA,0,D,2\n\nSECTION_SHIFT_OFF_REQUESTS\n\n\
//!      SECTION_COVER\n0,D,1,100,1\n1,D,1,100,1\n",
//! )?;
//! let roster = CurtoisRoster::parse(&instance, "A - D - - - - -\n")?;
//! let score = penalty(&instance, &roster);
//! assert!(score.is_feasible());
//! // Day 0 is uncovered (100) and the shift-on request for day 0 is unmet (2).
//! assert_eq!((score.cover, score.shift_on_requests, score.penalty), (100, 2, 102));
//! # Ok::<(), rotaflow_curtois::CurtoisError>(())
//! ```

#![forbid(unsafe_code)]

mod convert;
mod error;
mod instance;
mod penalty;
mod roster;
#[cfg(test)]
mod tests;

pub use convert::{CurtoisProblem, PROBLEM_START};
pub use error::CurtoisError;
pub use instance::{Cover, Instance, MAX_HORIZON_DAYS, Shift, ShiftRequest, Staff};
pub use penalty::{CurtoisScore, HardRule, HardViolation, penalty};
pub use roster::CurtoisRoster;

/// The benchmark's data in this crate's source folder: `Instance1.txt` … `Instance24.txt`
/// (CRLF, byte for byte as distributed), `best_known.csv`, `published_method_results.csv`,
/// the published rosters in `solutions/`, and `README.md` with where each file comes from
/// and under what terms. An absolute path fixed at build time, so it points into the
/// checkout (or the unpacked crate) the binary was built from.
pub const DATA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
