//! `rotaflow replan`: repair a published roster after a cancellation or a changed shift.

use std::fmt::Write as _;
use std::path::PathBuf;

use rotaflow::{Change, ReplanResult, SolveOptions};

use crate::exit::{Exit, Failure};
use crate::io::{ProblemAndRoster, eprint_text, print_text, read, to_pretty};
use crate::output::Outputs;
use crate::summary::money;
use crate::values;

/// Repair a published roster after a cancellation or a changed shift, moving as
/// little as possible; the new roster goes to stdout (or -o), the diff to stderr.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The problem and the published roster.
    #[command(flatten)]
    files: ProblemAndRoster,
    /// A clinician who cancels (repeatable).
    #[arg(long, value_name = "CLINICIAN")]
    cancel: Vec<String>,
    /// When the cancellations start (civil time or RFC 3339); default: the whole horizon.
    #[arg(long, value_name = "TIME", requires = "cancel")]
    from: Option<String>,
    /// A shift no longer needed (repeatable).
    #[arg(long, value_name = "ID")]
    drop_shift: Vec<String>,
    /// A JSON file with a new shift, or a list of them (repeatable).
    #[arg(long, value_name = "FILE")]
    add_shift: Vec<PathBuf>,
    /// The cost of moving a published assignment (default: the problem's weights.change).
    #[arg(long, value_name = "W", value_parser = values::weight, allow_negative_numbers = true)]
    change: Option<f64>,
    /// Where to write the new roster (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write the diff as JSON to this file.
    #[arg(long, value_name = "FILE")]
    diff: Option<PathBuf>,
    /// Write {roster, diff, notes, change_weight, problem} as JSON instead of the roster.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let r = args.files.with(|index, assignments| {
        let from = args.from;
        let mut changes: Vec<Change> = args
            .cancel
            .into_iter()
            .map(|clinician| Change::Cancel {
                clinician,
                from: from.clone(),
            })
            .collect();
        changes.extend(
            args.drop_shift
                .into_iter()
                .map(|shift| Change::DropShift { shift }),
        );
        for path in &args.add_shift {
            changes.extend(read_shifts(path)?);
        }
        if changes.is_empty() {
            return Err(Failure::new(
                Exit::Usage,
                "replan needs a change: --cancel, --drop-shift or --add-shift",
            ));
        }
        Ok(index.replan(assignments, &changes, args.change, &SolveOptions::new())?)
    })?;
    // The diff and the roster are written together: when one cannot be, neither is.
    let answer = if args.json {
        format!("{}\n", to_pretty(&r))
    } else {
        r.roster.to_json()
    };
    let mut outputs = Outputs::new();
    if let Some(path) = &args.diff {
        outputs.add(path, format!("{}\n", to_pretty(&r.diff)));
    }
    match &args.output {
        Some(path) => {
            outputs.add(path, answer);
            outputs.commit()?;
        }
        None => {
            outputs.commit()?;
            print_text(&answer)?;
        }
    }
    eprint_text(&diff_text(&r));
    Ok(Exit::for_roster(&r.roster))
}

/// A shift object or a list of them, read by the core's reader (every problem with its
/// pointer into the file and its code: exit status 1).
fn read_shifts(path: &std::path::Path) -> Result<Vec<Change>, Failure> {
    let text = read(path)?;
    let shifts = rotaflow::read::shifts(&text).map_err(|e| {
        let mut message = format!("{} is not a shift or a list of shifts:", path.display());
        for issue in e.issues() {
            let _ = write!(message, "\n  {issue}");
        }
        Failure::new(Exit::InvalidInput, message)
    })?;
    Ok(shifts
        .into_iter()
        .map(|shift| Change::AddShift {
            shift: Box::new(shift),
        })
        .collect())
}

fn diff_text(r: &ReplanResult) -> String {
    let d = &r.diff;
    let mut out = format!(
        "replan: {} kept, {} removed, {} added, {} moved (change weight {}); {} {}\n",
        d.kept,
        d.removed.len(),
        d.added.len(),
        d.moved.len(),
        r.change_weight,
        r.roster.status,
        r.roster.objective.map(money).unwrap_or_default()
    );
    for a in &d.removed {
        let _ = writeln!(out, "  - {} {}", a.shift, a.clinician);
    }
    for a in &d.added {
        let _ = writeln!(out, "  + {} {}", a.shift, a.clinician);
    }
    for m in &d.moved {
        let _ = writeln!(
            out,
            "  moved {}: {} -> {}",
            m.clinician,
            m.from.join(", "),
            m.to.join(", ")
        );
    }
    if !d.newly_unfilled.is_empty() {
        let _ = writeln!(out, "  now unfilled: {}", d.newly_unfilled.join(", "));
    }
    if !d.newly_filled.is_empty() {
        let _ = writeln!(out, "  now filled: {}", d.newly_filled.join(", "));
    }
    for n in &r.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}
