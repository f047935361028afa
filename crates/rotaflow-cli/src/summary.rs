//! One-screen human summaries for stderr.

use std::fmt::Write;
use std::time::Duration;

use rotaflow::{Evaluation, Problem, Roster, Score};

/// Wall-clock phases of a command.
pub(crate) struct Timing {
    pub(crate) read: Duration,
    pub(crate) solve: Duration,
    pub(crate) write: Duration,
}

/// `1234567.891` → `1,234,567.89`.
pub(crate) fn money(x: f64) -> String {
    let negative = x < 0.0;
    let cents = (x.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    format!(
        "{}{}.{frac:02}",
        if negative { "-" } else { "" },
        group(whole)
    )
}

/// `1234567` → `1,234,567`.
pub(crate) fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn score_lines(out: &mut String, score: &Score) {
    let rows = [
        ("unfilled", score.unfilled),
        ("over-staffing", score.over),
        ("pay", score.cost),
        ("preferences", score.preference),
        ("travel", score.travel),
        ("fairness", score.fairness),
        ("continuity", score.continuity),
        ("change", score.change),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "    {name:<14}{:>16}", money(value));
    }
    if score.pattern != 0.0 {
        let _ = writeln!(out, "    {:<14}{:>16}", "pattern", money(score.pattern));
    }
    let _ = writeln!(out, "    {:<14}{:>16}", "total", money(score.total));
}

/// The summary printed after a solve.
pub(crate) fn solve(problem: &Problem, roster: &Roster, t: &Timing) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "status      {} ({}) — {}",
        roster.status, roster.method, roster.stats.method_reason
    );
    if let Some(reason) = &roster.reason {
        let _ = writeln!(out, "reason      {reason}");
    }
    let places: u64 = problem
        .shifts
        .iter()
        .map(|s| s.headcount.unwrap_or(1).max(0) as u64)
        .sum();
    let missing: u64 = roster.unfilled.iter().map(|u| u64::from(u.missing)).sum();
    if roster.score.is_some() {
        let filled = places.saturating_sub(missing);
        let pct = if places == 0 {
            100.0
        } else {
            100.0 * filled as f64 / places as f64
        };
        let _ = writeln!(
            out,
            "shifts      {} shifts, {} places: {} filled ({pct:.1} %), {} unfilled on {} shifts",
            group(problem.shifts.len() as u128),
            group(u128::from(places)),
            group(u128::from(filled)),
            group(u128::from(missing)),
            group(roster.unfilled.len() as u128)
        );
        let working = roster.clinicians.iter().filter(|c| c.shifts > 0).count();
        let pay: f64 = roster.clinicians.iter().map(|c| c.cost).sum();
        let _ = writeln!(
            out,
            "clinicians  {} in the pool, {} working; pay {}",
            group(problem.clinicians.len() as u128),
            group(working as u128),
            money(pay)
        );
    }
    if let Some(score) = &roster.score {
        let _ = writeln!(out, "objective   {}", money(score.total));
        if let (Some(bound), Some(gap)) = (roster.bound, roster.gap) {
            if gap > 0.0 {
                let _ = writeln!(
                    out,
                    "bound       {} (gap {:.2} %: not proven optimal)",
                    money(bound),
                    100.0 * gap
                );
            }
        }
        score_lines(&mut out, score);
    }
    let s = &roster.stats;
    if s.nodes > 0 {
        let _ = writeln!(
            out,
            "model       {} nodes, {} arcs, {} eligible pairs",
            group(u128::from(s.nodes)),
            group(u128::from(s.arcs)),
            group(u128::from(s.eligible_pairs))
        );
    } else if s.variables > 0 {
        let _ = writeln!(
            out,
            "model       {} variables, {} constraints, {} eligible pairs",
            group(u128::from(s.variables)),
            group(u128::from(s.constraints)),
            group(u128::from(s.eligible_pairs))
        );
    }
    let _ = writeln!(
        out,
        "time        read {}, solve {}, write {}",
        ms(t.read),
        ms(t.solve),
        ms(t.write)
    );
    out
}

/// The verdict of `rotaflow score`.
pub(crate) fn evaluation(e: &Evaluation) -> String {
    let mut out = String::new();
    if e.breaches.is_empty() {
        let _ = writeln!(out, "feasible: no hard rule is broken");
    } else {
        let _ = writeln!(
            out,
            "infeasible: {} hard-rule breach{}",
            e.breaches.len(),
            if e.breaches.len() == 1 { "" } else { "es" }
        );
        for b in &e.breaches {
            let _ = writeln!(out, "  [{}] {}", b.rule, b.message);
        }
    }
    let missing: u64 = e.unfilled.iter().map(|u| u64::from(u.missing)).sum();
    let _ = writeln!(
        out,
        "unfilled: {} place{} on {} shift{}",
        missing,
        if missing == 1 { "" } else { "s" },
        e.unfilled.len(),
        if e.unfilled.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "score:");
    score_lines(&mut out, &e.score);
    blocking_lines(&mut out, &e.blocking_pairs, e.blocking_pair_count);
    out
}

/// The blocking pairs, when there are any (`docs/stability.md`).
pub(crate) fn blocking_lines(out: &mut String, pairs: &[rotaflow::BlockingPair], count: usize) {
    if count == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "{count} blocking pair{} (a clinician and a shift who would both rather have each other){}:",
        if count == 1 { "" } else { "s" },
        if pairs.len() < count {
            format!(", the first {}", pairs.len())
        } else {
            String::new()
        }
    );
    for b in pairs {
        let _ = writeln!(out, "  {} on {}: {}", b.clinician, b.shift, b.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1234567), "1,234,567");
        assert_eq!(money(-1234.5), "-1,234.50");
        assert_eq!(money(0.004), "0.00");
    }
}
