//! The memory cap: a solve whose model would need more memory than the cap is refused
//! before it is built ([`crate::Error::TooLarge`]), rather than left to swap or to be
//! killed by the operating system's out-of-memory killer.
//!
//! **The estimate** is linear in the eligible (clinician, shift) pairs, with constants per
//! method:
//!
//! ```text
//! estimate(method) = base(method) + per_pair(method) · eligible pairs
//! ```
//!
//! Every model rotaflow builds grows with the eligible pairs: the flow has an arc per pair,
//! the MIP a variable per pair and its rule rows over those variables (HiGHS copies them
//! and grows its branch-and-bound tree), the decomposition solver a label set per
//! clinician's eligible shifts and its columns. The constants are set above the peak
//! resident memory measured by `benches/memory.sh` (which prints the estimate beside the
//! peak) on rotaflow's generated weeks, 60 s limits, 2 cores:
//!
//! | problem | method | pairs | peak | estimate |
//! |---|---|---|---|---|
//! | flow family, 1,000 clinicians | flow | 262,052 | 44 MB | 72 MB |
//! | rules family, 300 clinicians | mip | 38,255 | 514 MB | 737 MB |
//! | rules family, 300 clinicians | decompose | 38,255 | 243 MB | 313 MB |
//! | rules family, 1,000 clinicians | mip | 414,825 | 811 MB (2.3 GB after 300 s) | 2,943 MB |
//! | rules family, 1,000 clinicians | decompose | 414,825 | 366 MB | 864 MB |
//!
//! A branch-and-bound search grows with time as well as size (its tree), which the MIP's
//! base covers for the 300-clinician week's. The estimate is meant to lie above the peak,
//! not at it; it counts the solve, not the problem document and its index, which are in
//! memory before it is made (reading a 163 MB document peaks at 1.5 GB).
//!
//! **The cap** is the per-call option `memory_limit_mb` (`--memory-limit` on the command
//! line); by default three quarters of the memory the process may use: the machine's
//! physical memory (`MemTotal` of `/proc/meminfo`), or its control group's limit
//! (`memory.max`, cgroup v2) when that is lower. Where neither can be read (other
//! operating systems) there is no default cap.

use std::path::Path;

use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::Method;

/// One mebibyte.
const MB: f64 = 1024.0 * 1024.0;

/// The estimate's constants for one method, in bytes.
struct Footprint {
    base: f64,
    per_pair: f64,
}

/// The constants per method (see the module's documentation for their measurement).
fn footprint(method: Method) -> Footprint {
    match method {
        Method::Flow | Method::Auto => Footprint {
            base: 8.0 * MB,
            per_pair: 256.0,
        },
        Method::Mip => Footprint {
            base: 512.0 * MB,
            per_pair: 6144.0,
        },
        Method::Decompose => Footprint {
            base: 256.0 * MB,
            per_pair: 1536.0,
        },
    }
}

/// The estimated peak memory of solving `index` with `method`, in mebibytes.
pub(crate) fn estimate_mb(index: &Index<'_>, method: Method) -> f64 {
    let f = footprint(method);
    let pairs = index.eligible_pair_count() as f64;
    (f.base + f.per_pair * pairs) / MB
}

/// Refuse the solve when its estimate is above `limit_mb` (`None`: no cap).
///
/// # Errors
/// [`Error::TooLarge`] with the method, the estimate and the cap.
pub(crate) fn check(index: &Index<'_>, method: Method, limit_mb: Option<f64>) -> Result<()> {
    let Some(limit_mb) = limit_mb else {
        return Ok(());
    };
    let estimate_mb = estimate_mb(index, method);
    if estimate_mb > limit_mb {
        return Err(Error::TooLarge {
            method,
            estimate_mb: estimate_mb.ceil() as u64,
            limit_mb: limit_mb.floor() as u64,
            pairs: index.eligible_pair_count(),
        });
    }
    Ok(())
}

/// The default cap: three quarters of the memory this process may use, in mebibytes, or
/// `None` where that cannot be read. Read once per process.
pub fn default_memory_limit_mb() -> Option<f64> {
    static LIMIT: std::sync::OnceLock<Option<f64>> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| usable_bytes().map(|bytes| 0.75 * bytes / MB))
}

/// The lower of the physical memory and the control group's limit, in bytes.
fn usable_bytes() -> Option<f64> {
    let physical = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| mem_total(&text));
    let group = cgroup_limit(Path::new("/sys/fs/cgroup/memory.max"));
    match (physical, group) {
        (Some(p), Some(g)) => Some(p.min(g)),
        (p, g) => p.or(g),
    }
}

/// `MemTotal` of a `/proc/meminfo` text, in bytes.
fn mem_total(meminfo: &str) -> Option<f64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// A cgroup v2 `memory.max` (a number of bytes, or `max`: no limit).
fn cgroup_limit(path: &Path) -> Option<f64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_memory_is_read_from_meminfo() {
        let text = "MemTotal:       24576000 kB\nMemFree:        1000 kB\n";
        assert_eq!(mem_total(text), Some(24_576_000.0 * 1024.0));
        assert_eq!(mem_total("MemFree: 1 kB\n"), None);
        assert_eq!(mem_total("MemTotal: lots kB\n"), None);
    }

    #[test]
    fn an_unlimited_cgroup_sets_no_cap() {
        let dir = std::env::temp_dir().join(format!("rotaflow-cgroup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("memory.max");
        std::fs::write(&file, "max\n").expect("write");
        assert_eq!(cgroup_limit(&file), None);
        std::fs::write(&file, "1073741824\n").expect("write");
        assert_eq!(cgroup_limit(&file), Some(1_073_741_824.0));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn estimates_grow_with_the_pairs_and_order_the_methods() {
        let small = crate::Problem::from_json(include_str!("../../../../examples/small.json"))
            .expect("valid");
        let index = Index::build(&small).expect("valid");
        let flow = estimate_mb(&index, Method::Flow);
        assert!(flow > 0.0 && flow < estimate_mb(&index, Method::Mip));
        assert!(check(&index, Method::Mip, Some(1e-3)).is_err());
        assert!(check(&index, Method::Mip, None).is_ok());
        match check(&index, Method::Mip, Some(1e-3)) {
            Err(Error::TooLarge {
                method,
                limit_mb,
                pairs,
                ..
            }) => {
                assert_eq!(
                    (method, limit_mb, pairs),
                    (Method::Mip, 0, index.eligible_pair_count())
                );
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }
}
