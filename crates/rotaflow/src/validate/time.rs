//! Reading civil times and dates in the problem's zone.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// Read a civil time in `tz` (`YYYY-MM-DDTHH:MM[:SS]`) or an RFC 3339 instant, as seconds
/// since the Unix epoch. Ambiguous and skipped civil times follow RFC 5545 (`compatible`).
pub(crate) fn parse_instant(text: &str, tz: &TimeZone) -> Result<i64, String> {
    let bytes = text.as_bytes();
    if bytes.len() < 16 || bytes[10] != b'T' {
        return Err(format!(
            "`{text}` is not a time; expected YYYY-MM-DDTHH:MM[:SS] or RFC 3339"
        ));
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        check_offset(text)?;
        return Ok(ts.as_second());
    }
    let dt: DateTime = text.parse().map_err(|e| {
        format!("`{text}` is not a time ({e}); expected YYYY-MM-DDTHH:MM[:SS] or RFC 3339")
    })?;
    tz.to_ambiguous_zoned_datetime(dt)
        .compatible()
        .map(|z| z.timestamp().as_second())
        .map_err(|e| format!("`{text}` cannot be placed in the time zone: {e}"))
}

/// The largest UTC offset accepted in an RFC 3339 time: every zone in use lies within
/// ±14:00, and ±18:00 is the bound ISO 8601 software commonly keeps. (jiff reads offsets
/// up to ±25:59:59, which would silently move a shift by a day.)
const MAX_OFFSET_MINUTES: i64 = 18 * 60;

/// Refuse an RFC 3339 offset (`+HH:MM` after the time) beyond [`MAX_OFFSET_MINUTES`].
fn check_offset(text: &str) -> Result<(), String> {
    let Some(i) = text[11..].rfind(['+', '-']).map(|i| i + 11) else {
        return Ok(()); // `Z`
    };
    let digits: String = text[i + 1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i64 = digits.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minutes: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    if hours * 60 + minutes > MAX_OFFSET_MINUTES || minutes >= 60 {
        return Err(format!(
            "`{text}` has the UTC offset {}, which no time zone has; offsets lie within \
             ±18:00",
            &text[i..]
        ));
    }
    Ok(())
}

/// Read an ISO date `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    if text.len() != 10 {
        return Err(format!("`{text}` is not a date; expected YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|e| format!("`{text}` is not a date ({e}); expected YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_times_follow_clock_changes() {
        let tz = TimeZone::get("Europe/London").expect("zone");
        // 2026-03-29 01:00 GMT the clocks go forward to 02:00 BST.
        let a = parse_instant("2026-03-29T00:00", &tz).expect("a");
        let b = parse_instant("2026-03-29T04:00", &tz).expect("b");
        assert_eq!(b - a, 3 * 3600);
        // A skipped time takes the offset before the change (compatible): 01:30 GMT.
        let skipped = parse_instant("2026-03-29T01:30", &tz).expect("skipped");
        assert_eq!(skipped - a, 5400);
        // 2026-10-25 02:00 BST the clocks go back to 01:00 GMT: ambiguous 01:30 is the earlier.
        let c = parse_instant("2026-10-25T00:00", &tz).expect("c");
        let amb = parse_instant("2026-10-25T01:30", &tz).expect("amb");
        assert_eq!(amb - c, 5400);
        let rfc = parse_instant("2026-10-25T01:30:00+00:00", &tz).expect("rfc");
        assert_eq!(rfc - amb, 3600);
    }

    #[test]
    fn offsets_within_eighteen_hours_are_read() {
        let tz = TimeZone::UTC;
        let utc = parse_instant("2026-12-07T08:00Z", &tz).expect("Z");
        assert_eq!(parse_instant("2026-12-07T22:00+14:00", &tz), Ok(utc));
        assert_eq!(parse_instant("2026-12-06T14:00-18:00", &tz), Ok(utc));
        assert_eq!(parse_instant("2026-12-07T08:00:00.5+00:00", &tz), Ok(utc));
        let e = parse_instant("2026-12-07T08:00+25:00", &tz).expect_err("+25:00");
        assert!(e.contains("+25:00"), "{e}");
    }

    #[test]
    fn malformed_times_are_rejected() {
        let tz = TimeZone::UTC;
        for bad in [
            "2026-12-07",
            "2026-12-07 08:00",
            "08:00",
            "2026-13-07T08:00",
            "tomorrow",
            "2026-12-07T08:00+25:00",
            "2026-12-07T08:00-19:00",
            "2026-12-07T08:00:00+18:30",
        ] {
            assert!(parse_instant(bad, &tz).is_err(), "{bad}");
        }
    }
}
