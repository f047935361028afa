//! The `rotaflow` command: solve, validate, score and generate clinician rosters; explain,
//! recommend, replan and what-if on them (`ops.rs`).
//!
//! Exit status (stable):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (solve: a roster was found; validate: no problems; score: no breach) |
//! | 1 | the input has problems (validation issues, or `score` found hard-rule breaches) |
//! | 2 | the command line is wrong |
//! | 3 | a file could not be read or written, or a roster file is not a roster |
//! | 4 | the problem is infeasible (the roster with its reason is still written) |
//! | 5 | the method asked for cannot solve this problem (not flow-representable, MIP absent) |
//! | 6 | numbers out of range, or an internal error |

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use rotaflow::mcf::dimacs;
use rotaflow::mcf;
use rotaflow::{Assignment, Error, GenerateOptions, Method, Problem, Roster, SolveOptions, Status};

mod bench;
mod ops;
mod summary;

/// Match clinicians to shifts and build rosters that respect working-time rules.
#[derive(Debug, Parser)]
#[command(name = "rotaflow", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Solve a problem and write the roster (JSON) to stdout or a file; a summary goes to stderr.
    Solve {
        /// The problem file (`-` for standard input).
        problem: PathBuf,
        /// Where to write the roster (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Solver: auto, flow or mip (default: the problem's `solver.method`).
        #[arg(long, value_parser = parse_method)]
        method: Option<Method>,
        /// Time limit in seconds (default: the problem's `solver.time_limit_s`).
        #[arg(long, value_name = "S")]
        time_limit: Option<f64>,
        /// MIP: relative gap at which to stop (default: the problem's `solver.mip_gap`).
        #[arg(long, value_name = "GAP")]
        mip_gap: Option<f64>,
        /// MIP: solver threads (default: the problem's `solver.threads`, else HiGHS decides).
        #[arg(long, value_name = "N")]
        threads: Option<u32>,
        /// MIP: random seed (default: the problem's `solver.seed`).
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Record the solve time in the roster's `stats.solve_ms` (makes the output vary).
        #[arg(long)]
        timings: bool,
        /// Print no summary.
        #[arg(short, long)]
        quiet: bool,
        /// Also write a self-contained HTML report of the roster to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// List every problem in a problem file; exit status 1 when there is any.
    Validate {
        /// The problem file (`-` for standard input).
        problem: PathBuf,
        /// Print the issues as a JSON list of {pointer, code, message}.
        #[arg(long)]
        json: bool,
    },
    /// Check a roster against every hard rule and score it; exit status 1 on any breach.
    Score {
        /// The problem file.
        problem: PathBuf,
        /// A roster (as written by `solve`) or a JSON list of {shift, clinician}.
        roster: PathBuf,
        /// Print the evaluation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a realistic synthetic NHS flexible-pool problem.
    Generate {
        /// Clinicians in the pool.
        #[arg(long, default_value_t = 1000)]
        clinicians: usize,
        /// Sites (practices, with one hub among them).
        #[arg(long, default_value_t = 120)]
        sites: usize,
        /// Days, from Monday 7 December 2026.
        #[arg(long, default_value_t = 7)]
        days: usize,
        /// Random seed; the same options give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Independent regions (ICSs) 100 km apart sharing the clinicians and sites; ids
        /// get the prefix `Rnn-`.
        #[arg(long, default_value_t = 1)]
        regions: usize,
        /// A national week: 42 regions, 40,000 clinicians, 5,040 sites (about 100,000
        /// sessions); overrides --clinicians, --sites and --regions.
        #[arg(long)]
        national: bool,
        /// Where to write the problem (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Solve Curtois–Qu benchmark instances with the MIP and print a table against the best
    /// known results (each roster re-scored by the benchmark's own penalty).
    BenchCurtois {
        /// Instance numbers: `1-7`, `1,3,5`, `1-3,8` (1 to 24).
        #[arg(long, default_value = "1-7", value_parser = bench::parse_instances)]
        instances: bench::InstanceList,
        /// Time limit per instance, seconds.
        #[arg(long, value_name = "S", default_value_t = 600.0)]
        time_limit: f64,
        /// MIP threads (default: HiGHS decides).
        #[arg(long, value_name = "N")]
        threads: Option<u32>,
        /// The benchmark folder (InstanceN.txt and best_known.csv).
        #[arg(long, value_name = "DIR", default_value = "../shared/bench/curtois")]
        data: PathBuf,
        /// Write each roster in the benchmark's text form to this folder.
        #[arg(long, value_name = "DIR")]
        rosters: Option<PathBuf>,
    },
    /// Solve a DIMACS minimum-cost flow file (`p min`) with the engine; print the optimum
    /// and the time.
    Flow {
        /// The DIMACS problem file (`-` for standard input).
        file: PathBuf,
        /// Write the DIMACS solution (`s COST`, then an `f` line per arc) to standard output;
        /// the summary then goes to standard error.
        #[arg(long)]
        solution: bool,
    },
    /// Write the min-cost-flow network of a problem as a DIMACS `.min` file.
    ExportDimacs {
        /// The problem file (`-` for standard input).
        problem: PathBuf,
        /// The DIMACS file to write (`-` for standard output).
        output: PathBuf,
    },
    /// Run the main job on built-in data: an ICS-sized week, solved; writes roster.json.
    Demo {
        /// Where to write the roster.
        #[arg(short, long, default_value = "roster.json")]
        output: PathBuf,
        /// Random seed of the generated week.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    #[command(flatten)]
    Ops(ops::OpsCommand),
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

/// An error that ends the command: a sentence for stderr and an exit status.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match &e {
            Error::Invalid(issues) => {
                let mut message = format!(
                    "the problem is invalid ({} problem{}):",
                    issues.len(),
                    if issues.len() == 1 { "" } else { "s" }
                );
                for issue in issues {
                    message.push_str(&format!("\n  {issue}"));
                }
                Failure::new(1, message)
            }
            Error::NotFlowRepresentable(obstacles) => {
                let mut message = "the flow solver cannot represent this problem exactly; \
                                   the rules in the way:"
                    .to_owned();
                for o in obstacles {
                    message.push_str(&format!("\n  {o}"));
                }
                message.push_str("\nuse --method mip (or auto), which handles every rule");
                Failure::new(5, message)
            }
            Error::MethodUnavailable(m) => Failure::new(5, m.clone()),
            _ => Failure::new(6, e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    // A panic is a bug: say so in one sentence, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "rotaflow: internal error (please report this): {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            let _ = writeln!(std::io::stderr().lock(), "rotaflow: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Solve {
            problem,
            output,
            method,
            time_limit,
            mip_gap,
            threads,
            seed,
            timings,
            quiet,
            report,
        } => {
            let t0 = Instant::now();
            let text = read(&problem)?;
            let problem = Problem::from_json(&text)?;
            let read_ms = t0.elapsed();
            let mut options = SolveOptions::new().with_timings(timings);
            options.method = method;
            options.time_limit_s = time_limit;
            options.mip_gap = mip_gap;
            options.threads = threads;
            options.seed = seed;
            let (roster, timing) = solve_and_write(&problem, &options, output.as_deref(), read_ms)?;
            if !quiet {
                eprint_text(&summary::solve(&problem, &roster, &timing));
            }
            if let Some(path) = report {
                write(Some(&path), &rotaflow::report_html(&problem, &roster)?)?;
            }
            Ok(exit_for(&roster))
        }
        Command::Validate { problem, json } => {
            let text = read(&problem)?;
            let issues = match Problem::from_json(&text) {
                Ok(_) => Vec::new(),
                Err(Error::Invalid(issues)) => issues,
                Err(other) => return Err(other.into()),
            };
            if json {
                print_text(&format!("{}\n", to_pretty(&issues)));
            } else if issues.is_empty() {
                print_text(&format!("{}: valid\n", problem.display()));
            } else {
                let mut out = format!(
                    "{}: {} problem{}\n",
                    problem.display(),
                    issues.len(),
                    if issues.len() == 1 { "" } else { "s" }
                );
                for issue in &issues {
                    out.push_str(&format!("  {issue}\n"));
                }
                print_text(&out);
            }
            Ok(u8::from(!issues.is_empty()))
        }
        Command::Score {
            problem,
            roster,
            json,
        } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let assignments = read_assignments(&roster)?;
            let evaluation = rotaflow::score(&problem, &assignments)?;
            if json {
                print_text(&format!("{}\n", to_pretty(&evaluation)));
            } else {
                print_text(&summary::evaluation(&evaluation));
            }
            Ok(u8::from(!evaluation.is_feasible()))
        }
        Command::Generate {
            clinicians,
            sites,
            days,
            seed,
            regions,
            national,
            output,
        } => {
            let base = if national {
                GenerateOptions::national()
            } else {
                GenerateOptions {
                    clinicians,
                    sites,
                    regions,
                    ..GenerateOptions::default()
                }
            };
            let options = GenerateOptions { days, seed, ..base };
            let problem =
                rotaflow::generate(&options).map_err(|e| Failure::new(2, e.to_string()))?;
            write(output.as_deref(), &problem.to_json())?;
            eprint_text(&format!(
                "generated {} clinicians, {} sites, {} shifts over {} days (seed {seed})\n",
                problem.clinicians.len(),
                problem.sites.len(),
                problem.shifts.len(),
                days
            ));
            Ok(0)
        }
        Command::BenchCurtois {
            instances,
            time_limit,
            threads,
            data,
            rosters,
        } => {
            let args = bench::BenchArgs {
                instances: instances.0,
                data,
                time_limit,
                threads,
                rosters,
            };
            let table = bench::run(&args, &mut |line| eprint_text(&format!("{line}\n")))?;
            print_text(&table);
            Ok(0)
        }
        Command::Flow { file, solution } => flow_command(&file, solution),
        Command::ExportDimacs { problem, output } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let index = rotaflow::Index::build(&problem)?;
            let rn = rotaflow::rostering_network(&index)?;
            let comment = format!(
                "rotaflow rostering network: {} clinicians, {} shifts\n\
                 objective = {} + cost / {}",
                problem.clinicians.len(),
                problem.shifts.len(),
                rn.constant,
                rn.scale
            );
            // Finite capacities: other solvers' readers have no "unbounded".
            let text =
                dimacs::write_problem(&dimacs::with_finite_capacities(&rn.network), &comment);
            let out = (output != Path::new("-")).then_some(output.as_path());
            write(out, &text)?;
            eprint_text(&format!(
                "{} nodes, {} arcs\n",
                rn.network.node_count(),
                rn.network.arc_count()
            ));
            Ok(0)
        }
        Command::Demo { output, seed } => {
            let options = GenerateOptions {
                seed,
                ..GenerateOptions::default()
            };
            let t0 = Instant::now();
            let problem =
                rotaflow::generate(&options).map_err(|e| Failure::new(6, e.to_string()))?;
            let (roster, timing) =
                solve_and_write(&problem, &SolveOptions::new(), Some(&output), t0.elapsed())?;
            eprint_text(&format!(
                "rotaflow demo: a generated ICS week ({} clinicians, {} sites, {} sessions, seed {seed})\n",
                problem.clinicians.len(),
                problem.sites.len(),
                problem.shifts.len()
            ));
            eprint_text(&summary::solve(&problem, &roster, &timing));
            eprint_text(&format!("roster written to {}\n", output.display()));
            Ok(exit_for(&roster))
        }
        Command::Ops(command) => ops::run(command),
    }
}

/// `rotaflow flow`: read a DIMACS file, solve it, print the optimum and the times.
fn flow_command(file: &Path, solution: bool) -> Result<u8, Failure> {
    let t0 = Instant::now();
    let text = read(file)?;
    let network = dimacs::read_problem(&text)
        .map_err(|e| Failure::new(1, format!("{}: {e}", file.display())))?;
    let parse = t0.elapsed();
    let t1 = Instant::now();
    let sol = mcf::solve(&network).map_err(|e| Failure::new(6, e.to_string()))?;
    let solve = t1.elapsed();
    let status = match sol.status {
        mcf::FlowStatus::Optimal => "optimal",
        mcf::FlowStatus::Infeasible => "infeasible",
        mcf::FlowStatus::Unbounded => "unbounded",
    };
    let mut summary = String::new();
    if sol.is_optimal() {
        summary.push_str(&format!("optimum {}\n", sol.cost));
    }
    summary.push_str(&format!(
        "status {status}\nnodes {} arcs {}\ntime parse {:.3} ms solve {:.3} ms\n",
        network.node_count(),
        network.arc_count(),
        parse.as_secs_f64() * 1e3,
        solve.as_secs_f64() * 1e3
    ));
    if solution {
        if sol.is_optimal() {
            write(None, &dimacs::write_solution(&network, &sol))?;
        }
        eprint_text(&summary);
    } else {
        print_text(&summary);
    }
    Ok(if sol.is_optimal() { 0 } else { 4 })
}

/// Solve, write the roster, and time both; `read` is how long getting the problem took.
fn solve_and_write(
    problem: &Problem,
    options: &SolveOptions,
    output: Option<&Path>,
    read: Duration,
) -> Result<(Roster, summary::Timing), Failure> {
    let t1 = Instant::now();
    let roster = rotaflow::solve(problem, options)?;
    let solve = t1.elapsed();
    let t2 = Instant::now();
    write(output, &roster.to_json())?;
    let timing = summary::Timing {
        read,
        solve,
        write: t2.elapsed(),
    };
    Ok((roster, timing))
}

fn exit_for(roster: &Roster) -> u8 {
    match roster.status {
        Status::Optimal | Status::Feasible => 0,
        Status::Infeasible | Status::NoSolution => 4,
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::new(3, format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Failure::new(3, format!("cannot read {}: {e}", path.display())))
}

fn write(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::new(3, format!("cannot write to standard output: {e}"))),
        Some(p) => std::fs::write(p, text)
            .map_err(|e| Failure::new(3, format!("cannot write {}: {e}", p.display()))),
    }
}

/// A roster file, or a bare list of assignments.
fn read_assignments(path: &Path) -> Result<Vec<Assignment>, Failure> {
    let text = read(path)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure::new(3, format!("{} is not JSON: {e}", path.display())))?;
    let list = match &value {
        serde_json::Value::Object(m) => m.get("assignments").cloned().ok_or_else(|| {
            Failure::new(
                3,
                format!(
                    "{} has no `assignments` list; is it a roster?",
                    path.display()
                ),
            )
        })?,
        serde_json::Value::Array(_) => value,
        _ => {
            return Err(Failure::new(
                3,
                format!(
                    "{} must be a roster or a list of assignments",
                    path.display()
                ),
            ));
        }
    };
    serde_json::from_value(list).map_err(|e| {
        Failure::new(
            3,
            format!(
                "{}: the assignments must each be {{\"shift\": …, \"clinician\": …}}: {e}",
                path.display()
            ),
        )
    })
}

fn to_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"{e}\""))
}

#[allow(clippy::print_stdout)]
fn print_text(s: &str) {
    print!("{s}");
}

#[allow(clippy::print_stderr)]
fn eprint_text(s: &str) {
    eprint!("{s}");
}
