//! The problem's shifts as columns, for the DataFrames of the Python package (and any
//! face that shows a roster as a table): one place that reads a shift's times, day and
//! site name for display.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::{DEFAULT_TIMEZONE, Problem};
use crate::validate::parse_instant;

/// Facts about a list of shifts, column by column, in the order asked for. A shift id the
/// problem lacks has `None` in every column; so has a time that cannot be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShiftColumns {
    /// The site's id.
    pub site: Vec<Option<String>>,
    /// The site's name.
    pub site_name: Vec<Option<String>>,
    /// The role required.
    pub role: Vec<Option<String>>,
    /// The kind.
    pub kind: Vec<Option<String>>,
    /// Start, seconds since the Unix epoch.
    pub start: Vec<Option<i64>>,
    /// End, seconds since the Unix epoch.
    pub end: Vec<Option<i64>>,
    /// Real elapsed hours.
    pub hours: Vec<Option<f64>>,
    /// The local date of the start, `YYYY-MM-DD`.
    pub day: Vec<Option<String>>,
}

/// The columns of `shifts` (ids), read from `problem` in its zone (UTC when the zone is
/// unknown: the table describes whatever it is given, valid or not).
pub fn shift_columns(problem: &Problem, shifts: &[String]) -> ShiftColumns {
    let tz = TimeZone::get(problem.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE))
        .unwrap_or(TimeZone::UTC);
    let by_id: std::collections::HashMap<&str, usize> = problem
        .shifts
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let site_names: std::collections::HashMap<&str, Option<&str>> = problem
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_deref()))
        .collect();
    let mut t = ShiftColumns::default();
    for id in shifts {
        let Some(s) = by_id.get(id.as_str()).map(|&i| &problem.shifts[i]) else {
            t.site.push(None);
            t.site_name.push(None);
            t.role.push(None);
            t.kind.push(None);
            t.start.push(None);
            t.end.push(None);
            t.hours.push(None);
            t.day.push(None);
            continue;
        };
        let a = parse_instant(&s.start, &tz).ok();
        let b = parse_instant(&s.end, &tz).ok();
        t.site.push(Some(s.site.clone()));
        t.site_name.push(
            site_names
                .get(s.site.as_str())
                .copied()
                .flatten()
                .map(str::to_owned),
        );
        t.role.push(Some(s.role.clone()));
        t.kind.push(s.kind.clone());
        t.start.push(a);
        t.end.push(b);
        t.hours.push(a.zip(b).map(|(a, b)| (b - a) as f64 / 3600.0));
        t.day.push(a.and_then(|a| {
            Timestamp::from_second(a)
                .ok()
                .map(|t| t.to_zoned_datetime(tz.clone()).date().to_string())
        }));
    }
    t
}
