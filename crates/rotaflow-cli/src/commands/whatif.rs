//! `rotaflow whatif`: where one more session would lower the objective most.

use std::fmt::Write as _;
use std::path::PathBuf;

use rotaflow::{Index, WhatIf};

use crate::exit::{Exit, Failure};
use crate::io::{print_answer, read_problem};
use crate::summary::money;

/// Marginal values: where one more session would lower the objective most.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem file.
    problem: PathBuf,
    /// How many of each list (0: all).
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Print the values as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let problem = read_problem(&args.problem)?;
    let w = Index::build(&problem)?.whatif(args.top)?;
    print_answer(args.json, &w, whatif_text)?;
    Ok(Exit::Success)
}

fn whatif_text(w: &WhatIf) -> String {
    let mut out = format!(
        "optimum {}; objective fall with one more session (at no cost):\n",
        money(w.objective)
    );
    if w.sessions.is_empty() {
        let _ = writeln!(out, "  no extra session of any role would help");
    }
    for v in &w.sessions {
        let _ = writeln!(
            out,
            "  {:>14}  {} at {} on {}{}",
            money(v.value),
            v.role,
            v.site,
            v.day,
            v.shift
                .as_deref()
                .map(|s| format!(" (covers {s})"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(out, "one more session from a clinician:");
    if w.clinicians.is_empty() {
        let _ = writeln!(out, "  none would help");
    }
    for c in &w.clinicians {
        let _ = writeln!(
            out,
            "  {:>14}  {} ({} shifts, capped by {})",
            money(c.value),
            c.clinician,
            c.shifts,
            c.limit
        );
    }
    out
}
