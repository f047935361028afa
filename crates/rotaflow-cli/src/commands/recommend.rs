//! `rotaflow recommend`: who could cover a shift, ranked by what it costs the whole roster.

use std::fmt::Write as _;

use rotaflow::{Recommendation, SolveOptions};

use crate::exit::{Exit, Failure};
use crate::io::{ProblemAndRoster, print_answer};

/// Rank the clinicians who could cover a shift by what it costs the whole roster.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    files: ProblemAndRoster,
    /// The shift's id.
    #[arg(long)]
    shift: String,
    /// How many candidates (0: all).
    #[arg(short, default_value_t = 5)]
    k: usize,
    /// Print the recommendation as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let r = args.files.with(|index, assignments| {
        Ok(index.recommend(assignments, &args.shift, args.k, &SolveOptions::new())?)
    })?;
    print_answer(args.json, &r, recommendation_text)?;
    Ok(Exit::Success)
}

fn recommendation_text(r: &Recommendation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} eligible clinician(s) ranked by change in the objective ({}){}",
        r.shift,
        r.considered,
        r.method,
        r.note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default()
    );
    if !r.assigned.is_empty() {
        let _ = writeln!(out, "  already on it: {}", r.assigned.join(", "));
    }
    for (i, c) in r.candidates.iter().enumerate() {
        match c.delta {
            Some(d) => {
                let moves: Vec<String> = c
                    .removed
                    .iter()
                    .map(|a| format!("-{} {}", a.clinician, a.shift))
                    .chain(
                        c.added
                            .iter()
                            .skip(1)
                            .map(|a| format!("+{} {}", a.clinician, a.shift)),
                    )
                    .collect();
                let _ = writeln!(
                    out,
                    "  {:>2}. {:<12} {:>+14}{}",
                    i + 1,
                    c.clinician,
                    format!("{d:.2}"),
                    if moves.is_empty() {
                        String::new()
                    } else {
                        format!("  moves: {}", moves.join(", "))
                    }
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {:>2}. {:<12} cannot: {}",
                    i + 1,
                    c.clinician,
                    c.reason.as_deref().unwrap_or("")
                );
            }
        }
    }
    out
}
