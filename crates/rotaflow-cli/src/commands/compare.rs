//! `rotaflow compare`: one page (or one JSON list) comparing solved scenarios.

use std::path::PathBuf;

use rotaflow::{Index, ScenarioRow};

use crate::exit::{Exit, Failure};
use crate::io::{print_text, read, read_problem, to_pretty, write};

/// Compare solved scenarios: fill rate, pay, objective and gap, places left empty by
/// priority; as a self-contained HTML page, or the rows as JSON.
///
/// A scenario whose problem is invalid, or whose roster file cannot be read, gets a row
/// with the error (its pointers), and the others are still compared; the exit status is
/// then 1.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A scenario: its name, its problem file and the roster solved for it (as written by
    /// `solve`); repeat for each scenario.
    #[arg(long = "scenario", num_args = 3, value_names = ["NAME", "PROBLEM", "ROSTER"], required = true)]
    scenarios: Vec<String>,
    /// Where to write the page (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print the rows as JSON instead of writing the page.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let rows: Vec<ScenarioRow> = args
        .scenarios
        .chunks(3)
        .map(|s| match row(&s[0], &s[1], &s[2]) {
            Ok(r) => r,
            Err(f) => ScenarioRow::failed(&s[0], f.message),
        })
        .collect();
    let failed = rows.iter().any(|r| r.error.is_some());
    if args.json {
        print_text(&format!("{}\n", to_pretty(&rows)))?;
    } else {
        write(args.output.as_deref(), &rotaflow::sweep_report_html(&rows))?;
    }
    Ok(Exit::unless(!failed, Exit::InvalidInput))
}

/// The row of one scenario, or why it has none.
fn row(name: &str, problem: &str, roster: &str) -> Result<ScenarioRow, Failure> {
    let problem = read_problem(std::path::Path::new(problem))?;
    let index = Index::build(&problem)?;
    let text = read(std::path::Path::new(roster))?;
    let roster = rotaflow::read::roster(&text).map_err(|e| {
        let mut message = format!("{roster} is not a roster:");
        for issue in e.issues() {
            message.push_str(&format!("\n  {issue}"));
        }
        Failure::new(Exit::Io, message)
    })?;
    Ok(index.scenario_row(name, &roster)?)
}
