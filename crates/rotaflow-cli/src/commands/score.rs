//! `rotaflow score`: check a roster against every hard rule and score it.

use std::path::PathBuf;

use rotaflow::Problem;

use crate::exit::{Exit, Failure};
use crate::io::{print_text, read, read_assignments, to_pretty};
use crate::summary;

/// Check a roster against every hard rule and score it; exit status 1 on any breach.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem file.
    problem: PathBuf,
    /// A roster (as written by `solve`) or a JSON list of {shift, clinician}.
    roster: PathBuf,
    /// Print the evaluation as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let problem = Problem::from_json(&read(&args.problem)?)?;
    let assignments = read_assignments(&args.roster)?;
    let evaluation = rotaflow::score(&problem, &assignments)?;
    if args.json {
        print_text(&format!("{}\n", to_pretty(&evaluation)));
    } else {
        print_text(&summary::evaluation(&evaluation));
    }
    Ok(Exit::unless(evaluation.is_feasible(), Exit::InvalidInput))
}
