//! Value parsers for the command line's numeric options, so that a bad value is a usage
//! error (exit status 2) naming the option, as clap words it:
//! `invalid value '0' for '--time-limit <S>': …`.
//!
//! The core checks the same ranges again for its other callers (Rust, C, Python), against
//! the `solver` field the option overrides.

use rotaflow::MAX_THREADS;

/// A time limit: a finite number of seconds greater than 0.
pub(crate) fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 => Ok(t),
        _ => Err("expected a number of seconds greater than 0, such as 30 or 0.5".to_owned()),
    }
}

/// A relative MIP gap: a finite number, 0 or more.
pub(crate) fn gap(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(g) if g.is_finite() && g >= 0.0 => Ok(g),
        _ => Err("expected a relative gap of 0 or more, such as 0.01 for 1 %".to_owned()),
    }
}

/// A number of solver threads, in `1..=MAX_THREADS`.
pub(crate) fn threads(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number of threads from 1 to {MAX_THREADS} \
             (leave the option out to let the solver choose)"
        )),
    }
}

/// A memory limit: a finite number of MiB greater than 0.
pub(crate) fn mebibytes(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(m) if m.is_finite() && m > 0.0 => Ok(m),
        _ => Err("expected a number of MiB greater than 0, such as 8192".to_owned()),
    }
}

/// A weight: a finite number, 0 or more.
pub(crate) fn weight(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err("expected a finite weight of 0 or more".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_parser_keeps_its_range() {
        assert_eq!(seconds("30"), Ok(30.0));
        assert_eq!(seconds("0.5"), Ok(0.5));
        for bad in ["0", "-1", "NaN", "nan", "inf", "-inf", "1e400", "", "ten"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(gap("0"), Ok(0.0));
        assert_eq!(gap("0.01"), Ok(0.01));
        for bad in ["-1", "-0.001", "NaN", "inf", "x"] {
            assert!(gap(bad).is_err(), "{bad}");
        }
        assert_eq!(threads("1"), Ok(1));
        assert_eq!(threads("256"), Ok(256));
        for bad in [
            "0",
            "257",
            "100000",
            "4294967295",
            "4294967296",
            "-1",
            "2.5",
        ] {
            assert!(threads(bad).is_err(), "{bad}");
        }
        assert_eq!(mebibytes("8192"), Ok(8192.0));
        for bad in ["0", "-1", "NaN", "inf", "8G", ""] {
            assert!(mebibytes(bad).is_err(), "{bad}");
        }
        assert_eq!(weight("0"), Ok(0.0));
        for bad in ["-1", "NaN", "inf"] {
            assert!(weight(bad).is_err(), "{bad}");
        }
    }
}
