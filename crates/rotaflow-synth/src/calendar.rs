//! The horizon's days, on jiff's proleptic Gregorian calendar.
//!
//! Generated times are civil times of the problem's zone (`YYYY-MM-DDTHH:MM`); the zone
//! only matters to the solver, which measures durations and rest in real elapsed time.

use jiff::civil::Date;

/// Parses a strict ISO date `YYYY-MM-DD` between 0001-01-01 and 9999-12-31.
///
/// jiff's own parser also reads other ISO 8601 forms (`20261207`, `+002026-12-07`, a date
/// with a time of day); [`crate::GenerateOptions::start`] promises exactly this one, so the
/// shape is checked here and the calendar (month lengths, leap years) is jiff's.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i16> {
        bytes[range].iter().try_fold(0i16, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + i16::from(b - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if year < 1 {
        return None;
    }
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// One day of the horizon.
#[derive(Debug, Clone)]
pub(crate) struct Day {
    /// The date.
    pub(crate) day: Date,
    /// The date as an ISO string `YYYY-MM-DD`, as problems and preferences spell it.
    pub(crate) date: String,
    /// Day of the week: 0 is Monday, 6 is Sunday.
    pub(crate) weekday: usize,
}

impl Day {
    fn new(day: Date) -> Self {
        Day {
            date: day.to_string(),
            weekday: usize::from(day.weekday().to_monday_zero_offset().unsigned_abs()),
            day,
        }
    }

    pub(crate) fn is_weekend(&self) -> bool {
        self.weekday >= 5
    }
}

/// The `days` days from `first`, and one more beyond the last (the end of a whole-day
/// absence on the last day); `None` when they would run past 9999-12-31.
pub(crate) fn horizon(first: Date, days: usize) -> Option<Vec<Day>> {
    (0..=days)
        .map(|offset| {
            let span = jiff::Span::new()
                .try_days(i64::try_from(offset).ok()?)
                .ok()?;
            first.checked_add(span).ok().map(Day::new)
        })
        .collect()
}

/// A civil time `YYYY-MM-DDTHH:MM` on `day`, `minutes` after midnight (less than 24 h).
pub(crate) fn civil(day: &Day, minutes: u32) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    // Callers pass times of day from the generator's tables, all before midnight.
    let at = day
        .day
        .at(hours as i8, minutes as i8, 0, 0)
        .strftime("%Y-%m-%dT%H:%M");
    at.to_string()
}

/// Minutes after midnight.
pub(crate) const fn hm(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}
