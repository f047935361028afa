//! `rotaflow validate`: list every problem in a problem file.

use std::path::PathBuf;

use rotaflow::{Error, Problem};

use crate::exit::{Exit, Failure};
use crate::io::{print_text, read, to_pretty};

/// List every problem in a problem file; exit status 1 when there is any.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem file (`-` for standard input).
    problem: PathBuf,
    /// Print the issues as a JSON list of {pointer, code, message}.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let text = read(&args.problem)?;
    let issues = match Problem::from_json(&text) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(issues)) => issues,
        Err(other) => return Err(other.into()),
    };
    if args.json {
        print_text(&format!("{}\n", to_pretty(&issues)))?;
    } else if issues.is_empty() {
        print_text(&format!("{}: valid\n", args.problem.display()))?;
    } else {
        let mut out = format!(
            "{}: {} problem{}\n",
            args.problem.display(),
            issues.len(),
            if issues.len() == 1 { "" } else { "s" }
        );
        for issue in &issues {
            out.push_str(&format!("  {issue}\n"));
        }
        print_text(&out)?;
    }
    Ok(Exit::unless(issues.is_empty(), Exit::InvalidInput))
}
