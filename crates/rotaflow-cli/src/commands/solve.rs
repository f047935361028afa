//! `rotaflow solve`: solve a problem, write the roster, print a summary.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rotaflow::{Index, Method, Roster, SolveOptions, Status};

use crate::exit::{Exit, Failure};
use crate::io::{eprint_text, print_text, read_problem};
use crate::output::Outputs;
use crate::progress;
use crate::signals;
use crate::summary;
use crate::values;

/// Solve a problem and write the roster (JSON) to stdout or a file; a summary goes to stderr.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem file (`-` for standard input).
    problem: PathBuf,
    /// Where to write the roster (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Solver: auto, flow, mip or decompose (default: the problem's `solver.method`).
    #[arg(long, value_parser = parse_method)]
    method: Option<Method>,
    /// Time limit in seconds (default: the problem's `solver.time_limit_s`).
    #[arg(long, value_name = "S", value_parser = values::seconds, allow_negative_numbers = true)]
    time_limit: Option<f64>,
    /// MIP: relative gap at which to stop (default: the problem's `solver.mip_gap`).
    #[arg(long, value_name = "GAP", value_parser = values::gap, allow_negative_numbers = true)]
    mip_gap: Option<f64>,
    /// MIP: solver threads, 1 to 256, at most the machine's cores are used (default: the
    /// problem's `solver.threads`, else HiGHS decides).
    #[arg(long, value_name = "N", value_parser = values::threads, allow_negative_numbers = true)]
    threads: Option<u32>,
    /// MIP: random seed (default: the problem's `solver.seed`).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    seed: Option<u64>,
    /// Refuse (exit 8) a problem whose model is estimated to need more than this many MiB
    /// (default: three quarters of the machine's memory).
    #[arg(long, value_name = "MB", value_parser = values::mebibytes, allow_negative_numbers = true)]
    memory_limit: Option<f64>,
    /// Record the solve time in the roster's `stats.solve_ms` (makes the output vary).
    #[arg(long)]
    timings: bool,
    /// Print no summary and no progress (a long solve shows its best roster, bound, gap
    /// and elapsed time on stderr, at most once a second).
    #[arg(short, long)]
    quiet: bool,
    /// Also write a self-contained HTML report of the roster to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let t0 = Instant::now();
    let problem = read_problem(&args.problem)?;
    let index = Index::build(&problem)?;
    let read_ms = t0.elapsed();
    // The time limit covers the whole command: reading and validating the problem too.
    let mut options = SolveOptions::new()
        .with_timings(args.timings)
        .with_started(t0);
    options.method = args.method;
    options.time_limit_s = args.time_limit;
    options.mip_gap = args.mip_gap;
    options.threads = args.threads;
    options.seed = args.seed;
    options.memory_limit_mb = args.memory_limit;
    let files = Files {
        roster: args.output.as_deref(),
        report: args.report.as_deref(),
    };
    let watch = signals::Watch::start();
    let mut options = options.with_stop(watch.stop());
    let display = (!args.quiet).then(progress::Display::start);
    if let Some(display) = &display {
        options = options.with_progress(display.sink());
    }
    let t1 = Instant::now();
    let solved = index.solve(&options);
    if let Some(display) = display {
        display.finish();
    }
    let roster = solved?;
    let solve = t1.elapsed();
    let stopped = watch.stopped_by();
    if let (Some(exit), Status::NoSolution) = (stopped, roster.status) {
        // Stopped before any roster was found: nothing replaces the earlier output.
        eprint_text("rotaflow: stopped before a roster was found; no output was written\n");
        return Ok(exit);
    }
    let (roster, timing) = write(&index, roster, files, read_ms, solve)?;
    if !args.quiet {
        eprint_text(&summary::solve(&problem, &roster, &timing));
    }
    Ok(stopped.unwrap_or(Exit::for_roster(&roster)))
}

/// Where a solve's outputs go.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Files<'a> {
    /// The roster's file (`None`: standard output).
    pub(crate) roster: Option<&'a Path>,
    /// The HTML report's file, if one is asked for.
    pub(crate) report: Option<&'a Path>,
}

/// Solve, write the roster (and the report), and time both; `read` is how long getting
/// the problem took. The files are written together (`output::Outputs`): when one cannot
/// be written, neither is, and an existing file keeps its content.
pub(crate) fn solve_and_write(
    index: &Index<'_>,
    options: &SolveOptions,
    files: Files<'_>,
    read: Duration,
) -> Result<(Roster, summary::Timing), Failure> {
    let t1 = Instant::now();
    let roster = index.solve(options)?;
    write(index, roster, files, read, t1.elapsed())
}

/// Write a solved roster (and the report), as [`solve_and_write`] does.
fn write(
    index: &Index<'_>,
    roster: Roster,
    files: Files<'_>,
    read: Duration,
    solve: Duration,
) -> Result<(Roster, summary::Timing), Failure> {
    let t2 = Instant::now();
    let json = roster.to_json();
    let mut outputs = Outputs::new();
    if let Some(path) = files.roster {
        outputs.add(path, json.clone());
    }
    if let Some(path) = files.report {
        outputs.add(path, index.report_html(&roster)?);
    }
    outputs.commit()?;
    if files.roster.is_none() {
        print_text(&json)?;
    }
    let timing = summary::Timing {
        read,
        solve,
        write: t2.elapsed(),
    };
    Ok((roster, timing))
}
