//! `rotaflow score`: check a roster against every hard rule and score it.

use crate::exit::{Exit, Failure};
use crate::io::{ProblemAndRoster, print_answer};
use crate::summary;

/// Check a roster against every hard rule and score it; exit status 1 on any breach.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    files: ProblemAndRoster,
    /// Print the evaluation as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let evaluation = args
        .files
        .with(|index, assignments| Ok(index.score(assignments)))?;
    print_answer(args.json, &evaluation, summary::evaluation)?;
    Ok(Exit::unless(evaluation.is_feasible(), Exit::InvalidInput))
}
