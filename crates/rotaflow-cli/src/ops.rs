//! The operations beyond solve: `explain`, `recommend`, `replan` and `whatif`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use rotaflow::{Change, Problem, Recommendation, ReplanResult, SolveOptions, WhatIf};
use rotaflow::{Explanation, ShiftExplanation};

use crate::summary::money;
use crate::{Failure, exit_for, print_text, read, read_assignments, to_pretty, write};

#[derive(Debug, Subcommand)]
pub(crate) enum OpsCommand {
    /// Explain a roster: why each unfilled shift is unfilled, and the objective per term,
    /// clinician and site.
    Explain {
        /// The problem file.
        problem: PathBuf,
        /// A roster (as written by `solve`) or a JSON list of {shift, clinician}.
        roster: PathBuf,
        /// Print the whole explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rank the clinicians who could cover a shift by what it costs the whole roster.
    Recommend {
        /// The problem file.
        problem: PathBuf,
        /// The roster.
        roster: PathBuf,
        /// The shift's id.
        #[arg(long)]
        shift: String,
        /// How many candidates (0: all).
        #[arg(short, default_value_t = 5)]
        k: usize,
        /// Print the recommendation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Repair a published roster after a cancellation or a changed shift, moving as
    /// little as possible; the new roster goes to stdout (or -o), the diff to stderr.
    Replan {
        /// The problem file.
        problem: PathBuf,
        /// The published roster.
        roster: PathBuf,
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
        #[arg(long, value_name = "W")]
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
    },
    /// Marginal values: where one more session would lower the objective most.
    Whatif {
        /// The problem file.
        problem: PathBuf,
        /// How many of each list (0: all).
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Print the values as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn run(command: OpsCommand) -> Result<u8, Failure> {
    match command {
        OpsCommand::Explain {
            problem,
            roster,
            json,
        } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let assignments = read_assignments(&roster)?;
            let e = rotaflow::explain(&problem, &assignments)?;
            if json {
                print_text(&format!("{}\n", to_pretty(&e)));
            } else {
                print_text(&explanation_text(&e));
            }
            Ok(0)
        }
        OpsCommand::Recommend {
            problem,
            roster,
            shift,
            k,
            json,
        } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let assignments = read_assignments(&roster)?;
            let r = rotaflow::recommend(&problem, &assignments, &shift, k)?;
            if json {
                print_text(&format!("{}\n", to_pretty(&r)));
            } else {
                print_text(&recommendation_text(&r));
            }
            Ok(0)
        }
        OpsCommand::Replan {
            problem,
            roster,
            cancel,
            from,
            drop_shift,
            add_shift,
            change,
            output,
            diff,
            json,
        } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let assignments = read_assignments(&roster)?;
            let mut changes: Vec<Change> = cancel
                .into_iter()
                .map(|clinician| Change::Cancel {
                    clinician,
                    from: from.clone(),
                })
                .collect();
            changes.extend(
                drop_shift
                    .into_iter()
                    .map(|shift| Change::DropShift { shift }),
            );
            for path in add_shift {
                changes.extend(read_shifts(&path)?);
            }
            if changes.is_empty() {
                return Err(Failure::new(
                    2,
                    "replan needs a change: --cancel, --drop-shift or --add-shift",
                ));
            }
            let r = rotaflow::replan(
                &problem,
                &assignments,
                &changes,
                change,
                &SolveOptions::new(),
            )?;
            if let Some(path) = diff {
                write(Some(&path), &format!("{}\n", to_pretty(&r.diff)))?;
            }
            if json {
                write(output.as_deref(), &format!("{}\n", to_pretty(&r)))?;
            } else {
                write(output.as_deref(), &r.roster.to_json())?;
            }
            crate::eprint_text(&diff_text(&r));
            Ok(exit_for(&r.roster))
        }
        OpsCommand::Whatif { problem, top, json } => {
            let problem = Problem::from_json(&read(&problem)?)?;
            let w = rotaflow::whatif(&problem, top)?;
            if json {
                print_text(&format!("{}\n", to_pretty(&w)));
            } else {
                print_text(&whatif_text(&w));
            }
            Ok(0)
        }
    }
}

/// A shift object or a list of them.
fn read_shifts(path: &std::path::Path) -> Result<Vec<Change>, Failure> {
    let text = read(path)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure::new(3, format!("{} is not JSON: {e}", path.display())))?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    list.into_iter()
        .map(|v| {
            serde_json::from_value(v)
                .map(|shift| Change::AddShift {
                    shift: Box::new(shift),
                })
                .map_err(|e| Failure::new(1, format!("{}: not a shift: {e}", path.display())))
        })
        .collect()
}

fn shift_line(out: &mut String, u: &ShiftExplanation) {
    let _ = writeln!(
        out,
        "  {} ({} missing, penalty {}): {}\n      {}",
        u.shift,
        u.missing,
        money(u.penalty),
        u.reason,
        u.message
    );
}

pub(crate) fn explanation_text(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "objective {} ({} pricing{})",
        money(e.objective),
        e.pricing,
        e.note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default()
    );
    if !e.breaches.is_empty() {
        let _ = writeln!(out, "the roster breaks {} hard rule(s):", e.breaches.len());
        for b in &e.breaches {
            let _ = writeln!(out, "  {}: {}", b.rule, b.message);
        }
    }
    if e.unfilled.is_empty() {
        let _ = writeln!(out, "every shift is filled");
    } else {
        let _ = writeln!(
            out,
            "{} unfilled shift(s), costliest first:",
            e.unfilled.len()
        );
        for u in &e.unfilled {
            shift_line(&mut out, u);
        }
    }
    let s = &e.score;
    let _ = writeln!(out, "score by term:");
    for (name, v) in [
        ("unfilled", s.unfilled),
        ("over-staffing", s.over),
        ("pay", s.cost),
        ("preferences", s.preference),
        ("travel", s.travel),
        ("fairness", s.fairness),
        ("continuity", s.continuity),
        ("change", s.change),
        ("total", s.total),
    ] {
        let _ = writeln!(out, "  {name:<14}{:>16}", money(v));
    }
    let mut clinicians: Vec<_> = e.clinicians.iter().filter(|c| c.total != 0.0).collect();
    clinicians.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.id.cmp(&b.id)));
    let _ = writeln!(out, "costliest clinicians (of {}):", e.clinicians.len());
    for c in clinicians.iter().take(5) {
        let _ = writeln!(
            out,
            "  {:<12} {:>2} shifts {:>14}  (pay {}, fairness {})",
            c.id,
            c.shifts,
            money(c.total),
            money(c.cost),
            money(c.fairness)
        );
    }
    let mut sites: Vec<_> = e.sites.iter().filter(|x| x.needed > 0).collect();
    sites.sort_by(|a, b| {
        b.unfilled
            .total_cmp(&a.unfilled)
            .then_with(|| a.id.cmp(&b.id))
    });
    let _ = writeln!(
        out,
        "sites with the most unfilled penalty (of {}):",
        sites.len()
    );
    for x in sites.iter().take(5) {
        let _ = writeln!(
            out,
            "  {:<12} {}/{} filled, unfilled {}, total {}",
            x.id,
            x.filled,
            x.needed,
            money(x.unfilled),
            money(x.total)
        );
    }
    out
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
