//! `rotaflow explain`: why each unfilled shift is unfilled, and the objective per term,
//! clinician and site.

use std::fmt::Write as _;

use rotaflow::{Explanation, ShiftExplanation};

use crate::exit::{Exit, Failure};
use crate::io::{ProblemAndRoster, print_answer};
use crate::summary::money;

/// Explain a roster: why each unfilled shift is unfilled, and the objective per term,
/// clinician and site.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    files: ProblemAndRoster,
    /// Print the whole explanation as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let e = args
        .files
        .with(|index, assignments| Ok(index.explain(assignments)?))?;
    print_answer(args.json, &e, explanation_text)?;
    Ok(Exit::Success)
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

fn explanation_text(e: &Explanation) -> String {
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
        ("pattern", s.pattern),
        ("total", s.total),
    ] {
        if name == "pattern" && v == 0.0 {
            continue;
        }
        let _ = writeln!(out, "  {name:<14}{:>16}", money(v));
    }
    if !e.patterns.is_empty() {
        let _ = writeln!(
            out,
            "{} employment pattern(s) (the same site, weekday and kind week after week):",
            e.patterns.len()
        );
        for w in &e.patterns {
            let _ = writeln!(out, "  {}\n      dates: {}", w.message, w.dates.join(", "));
        }
    }
    crate::summary::blocking_lines(&mut out, &e.blocking_pairs, e.blocking_pair_count);
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
