//! `rotaflow demo`: the main job on built-in data.

use std::path::PathBuf;
use std::time::Instant;

use rotaflow::{Index, SolveOptions};
use rotaflow_synth::GenerateOptions;

use crate::commands::solve::{Files, solve_and_write};
use crate::exit::{Exit, Failure};
use crate::io::eprint_text;
use crate::summary;

/// Run the main job on built-in data: an ICS-sized week, solved; writes roster.json.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to write the roster.
    #[arg(short, long, default_value = "roster.json")]
    output: PathBuf,
    /// Random seed of the generated week.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let seed = args.seed;
    let options = GenerateOptions {
        seed,
        ..GenerateOptions::default()
    };
    let t0 = Instant::now();
    let problem = rotaflow_synth::generate(&options)
        .map_err(|e| Failure::new(Exit::Internal, e.to_string()))?;
    let index = Index::build(&problem)?;
    let files = Files {
        roster: Some(&args.output),
        report: None,
    };
    let (roster, timing) = solve_and_write(&index, &SolveOptions::new(), files, t0.elapsed())?;
    eprint_text(&format!(
        "rotaflow demo: a generated ICS week ({} clinicians, {} sites, {} sessions, seed {seed})\n",
        problem.clinicians.len(),
        problem.sites.len(),
        problem.shifts.len()
    ));
    eprint_text(&summary::solve(&problem, &roster, &timing));
    eprint_text(&format!("roster written to {}\n", args.output.display()));
    Ok(Exit::for_roster(&roster))
}
