//! `rotaflow export-dimacs` (developer command): a problem's flow network as DIMACS.

use std::path::{Path, PathBuf};

use rotaflow::mcf::dimacs;

use crate::exit::{Exit, Failure};
use crate::io::{eprint_text, read_problem, write};

/// Write the min-cost-flow network of a problem as a DIMACS `.min` file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem file (`-` for standard input).
    problem: PathBuf,
    /// The DIMACS file to write (`-` for standard output).
    output: PathBuf,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let problem = read_problem(&args.problem)?;
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
    let text = dimacs::write_problem(&dimacs::with_finite_capacities(&rn.network), &comment);
    let out = (args.output != Path::new("-")).then_some(args.output.as_path());
    write(out, &text)?;
    eprint_text(&format!(
        "{} nodes, {} arcs\n",
        rn.network.node_count(),
        rn.network.arc_count()
    ));
    Ok(Exit::Success)
}
