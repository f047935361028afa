//! The range rules of single values: numbers, counts, ids, times, coordinates and
//! references. Every check of a value's range is here (the solver options' own ranges are
//! in [`super::options`]).

use std::collections::HashMap;

use jiff::tz::TimeZone;

use super::{Validator, parse_instant};
use crate::error::IssueCode;
use crate::index::MAX_COUNT;

/// The largest magnitude of any amount (a weight, rate, penalty, distance, hour count or
/// preference weight): far beyond any real roster, and small enough that a product of a
/// few of them still has exact cents in a double. Larger numbers are refused at
/// validation, with their pointer, rather than failing the solve.
pub(crate) const MAX_AMOUNT: f64 = 1e12;

/// A number as a person reads it: `1e300`, not its three hundred digits.
pub(crate) fn short(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

impl Validator<'_> {
    /// A finite number of magnitude at most [`MAX_AMOUNT`].
    pub(super) fn finite(&mut self, ptr: &str, value: f64) -> bool {
        if !value.is_finite() {
            self.push(
                ptr,
                IssueCode::NonFiniteNumber,
                format!("must be a finite number, not {value}"),
            );
            false
        } else if value.abs() > MAX_AMOUNT {
            self.push(
                ptr,
                IssueCode::InvalidValue,
                format!(
                    "{} is too large (at most {} in magnitude)",
                    short(value),
                    short(MAX_AMOUNT)
                ),
            );
            false
        } else {
            true
        }
    }

    /// A finite, non-negative number.
    pub(super) fn amount(&mut self, ptr: &str, value: f64) {
        if self.finite(ptr, value) && value < 0.0 {
            self.push(
                ptr,
                IssueCode::NegativeValue,
                format!("must not be negative (found {})", short(value)),
            );
        }
    }

    /// A count in `0..=MAX_COUNT`.
    pub(super) fn count(&mut self, ptr: &str, value: i64) {
        if value < 0 {
            self.push(
                ptr,
                IssueCode::NegativeValue,
                format!("must not be negative (found {value})"),
            );
        } else if value > MAX_COUNT {
            self.push(
                ptr,
                IssueCode::InvalidValue,
                format!("{value} is too large (at most {MAX_COUNT})"),
            );
        }
    }

    pub(super) fn ids<'a>(
        &mut self,
        list: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashMap<&'a str, u32> {
        let mut map = HashMap::new();
        for (i, id) in ids.enumerate() {
            let ptr = format!("/{list}/{i}/id");
            if id.is_empty() {
                self.push(ptr, IssueCode::EmptyId, "an id must not be empty");
            } else if let Some(first) = map.insert(id, i as u32) {
                map.insert(id, first);
                self.push(
                    ptr,
                    IssueCode::DuplicateId,
                    format!("id `{id}` is already used by /{list}/{first}"),
                );
            }
        }
        map
    }

    pub(super) fn time(&mut self, ptr: &str, text: &str, tz: &TimeZone) -> Option<i64> {
        match parse_instant(text, tz) {
            Ok(t) => Some(t),
            Err(e) => {
                self.push(ptr, IssueCode::InvalidTime, e);
                None
            }
        }
    }

    pub(super) fn interval(
        &mut self,
        ptr: &str,
        start: &str,
        end: &str,
        tz: &TimeZone,
    ) -> Option<(i64, i64)> {
        let a = self.time(&format!("{ptr}/start"), start, tz);
        let b = self.time(&format!("{ptr}/end"), end, tz);
        let (a, b) = (a?, b?);
        if b <= a {
            self.push(
                format!("{ptr}/end"),
                IssueCode::EndNotAfterStart,
                format!("ends at {end}, which is not after its start {start}"),
            );
            return None;
        }
        Some((a, b))
    }

    pub(super) fn coordinates(&mut self, ptr: &str, lat: Option<f64>, lon: Option<f64>) {
        match (lat, lon) {
            (None, None) => {}
            (Some(lat), Some(lon)) => {
                let ok_lat = self.finite(&format!("{ptr}/lat"), lat);
                let ok_lon = self.finite(&format!("{ptr}/lon"), lon);
                if ok_lat && !(-90.0..=90.0).contains(&lat) {
                    self.push(
                        format!("{ptr}/lat"),
                        IssueCode::InvalidCoordinates,
                        format!("latitude {lat} is outside [-90, 90]"),
                    );
                }
                if ok_lon && !(-180.0..=180.0).contains(&lon) {
                    self.push(
                        format!("{ptr}/lon"),
                        IssueCode::InvalidCoordinates,
                        format!("longitude {lon} is outside [-180, 180]"),
                    );
                }
            }
            _ => self.push(
                ptr,
                IssueCode::InvalidCoordinates,
                "give both `lat` and `lon`, or neither",
            ),
        }
    }

    pub(super) fn reference(
        &mut self,
        ptr: &str,
        map: &HashMap<&str, u32>,
        id: &str,
        code: IssueCode,
        what: &str,
    ) -> Option<u32> {
        let found = map.get(id).copied();
        if found.is_none() {
            self.push(ptr, code, format!("no {what} has the id `{id}`"));
        }
        found
    }
}
