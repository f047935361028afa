//! Where things are: the city (or a region's city), its practices and hubs.
//!
//! Positions are km east and north of the centre; latitude and longitude come from them
//! with fixed km-per-degree factors, so that no platform's trigonometry is involved.

use std::collections::BTreeMap;

use rotaflow::{LatLon, Site};

use crate::rng::{Rng, STREAM_SITES};
use crate::{GenerateOptions, width};

pub(crate) const CENTRE_LAT: f64 = 53.48;
pub(crate) const CENTRE_LON: f64 = -2.24;
pub(crate) const KM_PER_DEGREE_LAT: f64 = 111.32;
/// 111.32 km × cos(53.48°), written out so that no platform's `cos` is involved.
pub(crate) const KM_PER_DEGREE_LON: f64 = 66.2469;
/// Radius of the city at up to [`SITES_PER_CITY`] sites.
const CITY_RADIUS_KM: f64 = 20.0;
/// Sites per hub, and the site count beyond which the city grows.
pub(crate) const SITES_PER_CITY: usize = 120;

/// Where things are: positions in km east and north of the centre.
#[derive(Debug, Clone, Copy)]
pub(crate) struct City {
    pub(crate) radius_km: f64,
}

impl City {
    pub(crate) fn new(sites: usize) -> Self {
        let radius_km = if sites > SITES_PER_CITY {
            CITY_RADIUS_KM * (sites as f64 / SITES_PER_CITY as f64).sqrt()
        } else {
            CITY_RADIUS_KM
        };
        City { radius_km }
    }

    /// A point in the city, denser towards the centre (the radius of a uniform point in
    /// the disc is scaled by `0.4 + 0.6·r`).
    pub(crate) fn point(&self, rng: &mut Rng) -> (f64, f64) {
        let (x, y) = rng.in_disc();
        let scale = self.radius_km * (0.4 + 0.6 * (x * x + y * y).sqrt());
        (x * scale, y * scale)
    }

    /// A point uniform within `radius_km` of `(x, y)`.
    pub(crate) fn near(rng: &mut Rng, (x, y): (f64, f64), radius_km: f64) -> (f64, f64) {
        let (dx, dy) = rng.in_disc();
        (x + dx * radius_km, y + dy * radius_km)
    }

    pub(crate) fn lat_lon((x, y): (f64, f64)) -> LatLon {
        LatLon {
            lat: round_to(CENTRE_LAT + y / KM_PER_DEGREE_LAT, 1e5),
            lon: round_to(CENTRE_LON + x / KM_PER_DEGREE_LON, 1e5),
        }
    }
}

pub(crate) fn round_to(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

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
pub(crate) struct Practice {
    pub(crate) position: (f64, f64),
    pub(crate) size: u32,
}

/// The generated sites and what later stages need to know about them.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    pub(crate) sites: Vec<Site>,
    /// Practices, in site order (site `i` is practice `i`).
    pub(crate) practices: Vec<Practice>,
    /// Running totals of practice sizes, for size-weighted draws.
    pub(crate) cumulative_size: Vec<u64>,
    /// Hubs, in site order after the practices.
    pub(crate) hubs: Vec<(f64, f64)>,
}

impl Network {
    /// A practice index drawn with probability proportional to its size.
    pub(crate) fn pick_practice(&self, rng: &mut Rng) -> Option<usize> {
        let total = *self.cumulative_size.last()?;
        let r = rng.below(total);
        Some(self.cumulative_size.partition_point(|&c| c <= r))
    }

    pub(crate) fn total_size(&self) -> u64 {
        self.cumulative_size.last().copied().unwrap_or(0)
    }
}

pub(crate) fn make_sites(options: &GenerateOptions, city: &City) -> Network {
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
