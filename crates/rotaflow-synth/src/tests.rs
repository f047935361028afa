use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use rotaflow::{Clinician, LatLon, Limits, Problem, Shift};

use crate::geography::{CENTRE_LAT, CENTRE_LON};
use crate::rng::Rng;
use crate::*;

/// A strict ISO date as a day number (days since 1970-01-01), so that the checks below can
/// compare and subtract days.
fn parse_date(text: &str) -> Option<i64> {
    let day = calendar::parse_date(text)?;
    Some(i64::from((day - date(1970, 1, 1)).get_days()))
}

/// Day of the week of a day number: 0 is Monday, 6 is Sunday.
fn weekday(days: i64) -> usize {
    let day = date(1970, 1, 1).checked_add(days.days()).unwrap();
    usize::from(day.weekday().to_monday_zero_offset().unsigned_abs())
}

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
        && s.skills
            .iter()
            .all(|k| c.skills.iter().any(|h| h.name() == k))
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
fn horizon_days_know_their_dates_and_weekdays() {
    let days = |start: &str, n: usize| calendar::horizon(date_of(start), n).unwrap();
    let week = days("2026-12-07", 7);
    assert_eq!(week.len(), 8, "one day beyond the last");
    assert_eq!(week[0].date, "2026-12-07");
    assert_eq!(week[0].weekday, 0, "a Monday");
    assert!(week[5].is_weekend() && week[6].is_weekend() && !week[7].is_weekend());
    assert_eq!(week[7].date, "2026-12-14");
    let leap = days("2028-02-27", 3);
    let dates: Vec<&str> = leap.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(
        dates,
        ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]
    );
    assert_eq!(days("2026-12-31", 1)[1].date, "2027-01-01");
    assert_eq!(
        days("2100-02-28", 1)[1].date,
        "2100-03-01",
        "1900 and 2100 are not leap"
    );
    assert_eq!(days("0005-06-07", 1)[0].date, "0005-06-07");
    assert_eq!(days("1970-01-01", 1)[0].weekday, 3, "a Thursday");
    assert_eq!(days("2024-02-29", 1)[0].weekday, 3, "a Thursday");
    assert_eq!(days("1900-01-01", 1)[0].weekday, 0, "a Monday");
    // Weekdays step with the days across the whole range.
    let mut previous: Option<Date> = None;
    let mut day = date(1, 1, 1);
    while day <= date(9999, 12, 31) {
        let text = day.to_string();
        assert_eq!(calendar::parse_date(&text), Some(day), "{text}");
        let weekday = calendar::horizon(day, 0).unwrap()[0].weekday;
        if let Some(p) = previous {
            let before = calendar::horizon(p, 0).unwrap()[0].weekday;
            assert_eq!(weekday, (before + 97) % 7, "{text}");
        }
        previous = Some(day);
        match day.checked_add(97.days()) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    assert!(calendar::horizon(date(9999, 12, 30), 1).is_some());
    assert!(calendar::horizon(date(9999, 12, 30), 2).is_none());
    let day = &days("2026-03-29", 1)[0];
    assert_eq!(calendar::civil(day, calendar::hm(8, 5)), "2026-03-29T08:05");
    assert_eq!(calendar::civil(day, 0), "2026-03-29T00:00");
}

fn date_of(text: &str) -> Date {
    calendar::parse_date(text).unwrap()
}

#[test]
fn parse_date_is_strict() {
    assert_eq!(calendar::parse_date("2026-12-07"), Some(date(2026, 12, 7)));
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
                c.id.starts_with(prefix) && c.id[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
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
            c.skills.iter().all(|k| allowed.contains(&k.name())),
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
            ..GenerateOptions::default()
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
