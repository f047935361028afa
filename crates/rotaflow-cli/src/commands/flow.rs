//! `rotaflow flow` (developer command): solve a DIMACS min-cost flow file with the engine.

use std::path::PathBuf;
use std::time::Instant;

use rotaflow::mcf::{self, dimacs};

use crate::exit::{Exit, Failure};
use crate::io::{eprint_text, print_text, read, write};

/// Solve a DIMACS minimum-cost flow file (`p min`) with the engine; print the optimum
/// and the time.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The DIMACS problem file (`-` for standard input).
    file: PathBuf,
    /// Write the DIMACS solution (`s COST`, then an `f` line per arc) to standard output;
    /// the summary then goes to standard error.
    #[arg(long)]
    solution: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let t0 = Instant::now();
    let text = read(&args.file)?;
    let network = dimacs::read_problem(&text).map_err(|e| {
        let file = args.file.display();
        Failure::new(Exit::InvalidInput, format!("{file}: {e} [invalid_dimacs]"))
    })?;
    let parse = t0.elapsed();
    let t1 = Instant::now();
    let sol = mcf::solve(&network).map_err(|e| Failure::new(Exit::Internal, e.to_string()))?;
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
    if args.solution {
        if sol.is_optimal() {
            write(None, &dimacs::write_solution(&network, &sol))?;
        }
        eprint_text(&summary);
    } else {
        print_text(&summary)?;
    }
    Ok(Exit::unless(sol.is_optimal(), Exit::Infeasible))
}
