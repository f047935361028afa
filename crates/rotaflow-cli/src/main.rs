//! The `rotaflow` command: solve, validate, score and generate clinician rosters; explain,
//! recommend, replan and what-if on them; and developer commands for working on rotaflow.
//!
//! `main` parses the command line, dispatches to `commands/<name>.rs`, and turns the
//! outcome into an exit status ([`exit::Exit`], the README's table).

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod commands;
mod exit;
mod io;
mod output;
mod progress;
mod signals;
mod summary;
mod values;

use commands::{
    bench_curtois, compare, demo, explain, export_dimacs, flow, generate, recommend, replan, score,
    solve, validate, whatif,
};
use exit::{Exit, Failure};

/// Match clinicians to shifts and build rosters that respect working-time rules.
#[derive(Debug, Parser)]
#[command(name = "rotaflow", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Solve(solve::Args),
    Validate(validate::Args),
    Score(score::Args),
    Generate(generate::Args),
    Demo(demo::Args),
    Explain(explain::Args),
    Recommend(recommend::Args),
    Replan(replan::Args),
    Whatif(whatif::Args),
    Compare(compare::Args),
    // Developer commands: hidden from the planners' list, listed apart after it.
    #[command(hide = true)]
    Flow(flow::Args),
    #[command(hide = true)]
    ExportDimacs(export_dimacs::Args),
    #[command(hide = true)]
    BenchCurtois(bench_curtois::Args),
}

/// The command line's grammar, with the developer commands listed after the others.
///
/// clap lists every subcommand under one heading; the developer commands are hidden from
/// it and listed here from their own definitions, so the list cannot drift from them.
fn cli() -> clap::Command {
    let command = Cli::command();
    let developer: Vec<(String, String)> = command
        .get_subcommands()
        .filter(|s| s.is_hide_set())
        .map(|s| {
            let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
            (s.get_name().to_owned(), about)
        })
        .collect();
    let width = developer.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut after = String::from(
        "Developer commands (for working on rotaflow itself: the flow engine on DIMACS files, \
         the benchmark):\n",
    );
    for (name, about) in &developer {
        let _ = writeln!(after, "  {name:width$}  {about}");
    }
    command.after_help(after)
}

fn main() -> ExitCode {
    // A panic is a bug: say so in one sentence, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "rotaflow: internal error (please report this): {info}");
    }));
    let parsed = cli()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            let exit = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Success
            };
            return exit.into();
        }
    };
    match run(cli.command) {
        Ok(exit) => exit.into(),
        Err(f) => {
            let _ = writeln!(std::io::stderr().lock(), "rotaflow: {}", f.message);
            f.exit.into()
        }
    }
}

fn run(command: Command) -> Result<Exit, Failure> {
    match command {
        Command::Solve(args) => solve::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Score(args) => score::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Recommend(args) => recommend::run(args),
        Command::Replan(args) => replan::run(args),
        Command::Whatif(args) => whatif::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Flow(args) => flow::run(args),
        Command::ExportDimacs(args) => export_dimacs::run(args),
        Command::BenchCurtois(args) => bench_curtois::run(args),
    }
}
