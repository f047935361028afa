//! `rotaflow bench-curtois` (developer command): solve Curtois–Qu instances with the MIP
//! (or `--method decompose`) and compare with the best known results.
//!
//! Each instance is read with `rotaflow_curtois`, turned into a rotaflow problem
//! (`Instance::to_problem`), solved with `method = mip` (or the method asked for), turned back into a benchmark
//! roster and re-scored by the benchmark's own penalty function, which must agree with the
//! solver's objective (plus the conversion's constant) and find no hard violation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rotaflow::{Method, SolveOptions, Status};
use rotaflow_curtois::{CurtoisRoster, Instance, penalty};

use crate::exit::{Exit, Failure};
use crate::io::{eprint_text, print_text};
use crate::output::write_file;
use crate::values;

/// Solve Curtois–Qu benchmark instances with the MIP (or decompose) and print a table
/// against the best known results (each roster re-scored by the benchmark's own penalty).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Instance numbers: `1-7`, `1,3,5`, `1-3,8` (1 to 24).
    #[arg(long, default_value = "1-7", value_parser = parse_instances)]
    instances: InstanceList,
    /// Time limit per instance, seconds.
    #[arg(long, value_name = "S", default_value_t = 600.0, value_parser = values::seconds, allow_negative_numbers = true)]
    time_limit: f64,
    /// Solver: mip or decompose.
    #[arg(long, default_value = "mip", value_parser = parse_method)]
    method: Method,
    /// MIP threads, 1 to 256 (default: HiGHS decides).
    #[arg(long, value_name = "N", value_parser = values::threads, allow_negative_numbers = true)]
    threads: Option<u32>,
    /// The benchmark folder (InstanceN.txt and best_known.csv); default: the data in
    /// the repository (crates/rotaflow-curtois/data).
    #[arg(long, value_name = "DIR", default_value = rotaflow_curtois::DATA_DIR)]
    data: PathBuf,
    /// Write each roster in the benchmark's text form to this folder.
    #[arg(long, value_name = "DIR")]
    rosters: Option<PathBuf>,
}

fn parse_method(s: &str) -> Result<Method, String> {
    match s.parse()? {
        m @ (Method::Mip | Method::Decompose) => Ok(m),
        _ => Err(format!("{s}: the benchmark is solved by mip or decompose")),
    }
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let table = run_table(&args, &mut |line| eprint_text(&format!("{line}\n")))?;
    print_text(&table)?;
    Ok(Exit::Success)
}

/// One row of the table.
struct Row {
    instance: usize,
    size: String,
    penalty: Option<i64>,
    best: Option<(i64, i64)>,
    status: Status,
    seconds: f64,
}

/// Instance numbers from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct InstanceList(Vec<usize>);

/// `1-7`, `1,3,5`, `1-3,8`: instance numbers in 1..=24, in the order given, each once.
fn parse_instances(s: &str) -> Result<InstanceList, String> {
    let mut out: Vec<usize> = Vec::new();
    let number = |t: &str| -> Result<usize, String> {
        let n: usize = t
            .trim()
            .parse()
            .map_err(|_| format!("`{t}` is not an instance number (expected 1 to 24)"))?;
        if (1..=24).contains(&n) {
            Ok(n)
        } else {
            Err(format!("instance {n} does not exist (expected 1 to 24)"))
        }
    };
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let n = number(part)?;
                (n, n)
            }
        };
        if a > b {
            return Err(format!("`{part}` is an empty range (expected low-high)"));
        }
        for n in a..=b {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    Ok(InstanceList(out))
}

/// The published (lower bound, best known upper bound) per instance number.
fn best_known(data: &Path) -> Result<Vec<(usize, i64, i64)>, Failure> {
    let path = data.join("best_known.csv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure::new(Exit::Io, format!("cannot read {}: {e}", path.display())))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || {
            Failure::new(
                Exit::Io,
                format!(
                    "{}:{}: expected `InstanceN,employees,days,shift_types,lower_bound,\
                     best_known_upper_bound,source`",
                    path.display(),
                    i + 1
                ),
            )
        };
        let fields: Vec<&str> = line.splitn(7, ',').collect();
        if fields.len() < 6 {
            return Err(bad());
        }
        let n = fields[0]
            .strip_prefix("Instance")
            .and_then(|n| n.parse().ok())
            .ok_or_else(bad)?;
        let lb = fields[4].parse().map_err(|_| bad())?;
        let ub = fields[5].parse().map_err(|_| bad())?;
        out.push((n, lb, ub));
    }
    Ok(out)
}

/// Solve the instances one after another and return the table (for stdout); `progress`
/// hears a line before each instance.
fn run_table(args: &Args, progress: &mut dyn FnMut(&str)) -> Result<String, Failure> {
    let best = best_known(&args.data)?;
    if let Some(dir) = &args.rosters {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(Exit::Io, format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut rows = Vec::new();
    for &n in &args.instances.0 {
        let path = args.data.join(format!("Instance{n}.txt"));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::new(Exit::Io, format!("cannot read {}: {e}", path.display())))?;
        let instance = Instance::parse(&text)
            .map_err(|e| Failure::new(Exit::Io, format!("{}: {e}", path.display())))?;
        progress(&format!(
            "Instance{n}: {} staff, {} days, {} shift types; solving (limit {} s)…",
            instance.staff.len(),
            instance.horizon,
            instance.shifts.len(),
            args.time_limit
        ));
        let converted = instance.to_problem();
        let mut options = SolveOptions::new();
        options.method = Some(args.method);
        options.time_limit_s = Some(args.time_limit);
        options.threads = args.threads;
        let t0 = Instant::now();
        let roster = rotaflow::solve(&converted.problem, &options)?;
        let seconds = t0.elapsed().as_secs_f64();
        if let Some(reason) = &roster.reason {
            progress(&format!("Instance{n}: {}: {reason}", roster.status));
        }
        let penalty_found = match roster.objective {
            Some(objective) => {
                let back = CurtoisRoster::from_assignments(&instance, &roster.assignments)
                    .map_err(|e| Failure::new(Exit::Internal, format!("Instance{n}: {e}")))?;
                let score = penalty(&instance, &back);
                if let Some(v) = score.hard_violations.first() {
                    return Err(Failure::new(
                        Exit::Internal,
                        format!(
                            "Instance{n}: the roster breaks a benchmark rule: {}",
                            v.message
                        ),
                    ));
                }
                let ours = converted.penalty_of(objective);
                if (ours - score.penalty as f64).abs() > 1e-6 {
                    return Err(Failure::new(
                        Exit::Internal,
                        format!(
                            "Instance{n}: the benchmark scores the roster {}, the solver {ours}",
                            score.penalty
                        ),
                    ));
                }
                if let Some(dir) = &args.rosters {
                    let file =
                        dir.join(format!("Instance{n}.{}.rotaflow.roster.txt", score.penalty));
                    write_file(&file, &back.to_text(&instance))?;
                }
                Some(score.penalty)
            }
            None => None,
        };
        rows.push(Row {
            instance: n,
            size: format!(
                "{}×{}×{}",
                instance.staff.len(),
                instance.horizon,
                instance.shifts.len()
            ),
            penalty: penalty_found,
            best: best.iter().find(|b| b.0 == n).map(|&(_, lb, ub)| (lb, ub)),
            status: roster.status,
            seconds,
        });
    }
    Ok(table(&rows))
}

fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<10} {:>9} {:>9} {:>11} {:>8}  {:<11} {:>9}",
        "instance", "size", "rotaflow", "best known", "gap", "status", "seconds"
    );
    for r in rows {
        let best = r.best.map_or("?".to_owned(), |(lb, ub)| {
            if lb == ub {
                ub.to_string()
            } else {
                format!("{ub} (lb {lb})")
            }
        });
        let gap = match (r.penalty, r.best) {
            (Some(p), Some((_, ub))) if ub != 0 => {
                format!("{:.2} %", 100.0 * (p - ub) as f64 / ub as f64)
            }
            (Some(p), Some((_, ub))) => format!("{}", p - ub),
            _ => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:<10} {:>9} {:>9} {:>11} {:>8}  {:<11} {:>9.1}",
            format!("Instance{}", r.instance),
            r.size,
            r.penalty.map_or("—".to_owned(), |p| p.to_string()),
            best,
            gap,
            r.status.to_string(),
            r.seconds
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_lists() {
        let list = |s| parse_instances(s).map(|l| l.0);
        assert_eq!(list("1-7"), Ok(vec![1, 2, 3, 4, 5, 6, 7]));
        assert_eq!(list("3,1-2,3"), Ok(vec![3, 1, 2]));
        assert_eq!(list("24"), Ok(vec![24]));
        assert!(parse_instances("0").is_err());
        assert!(parse_instances("25").is_err());
        assert!(parse_instances("5-2").is_err());
        assert!(parse_instances("a").is_err());
        assert!(parse_instances("").is_err());
    }
}
