//! The HTML report: one self-contained page a planner can open, print or mail.
//!
//! # Formulation
//!
//! No network, no scripts, no external assets: inline CSS only, every string escaped.
//! The page shows, top to bottom: summary tiles (fill rate, pay, objective, unfilled
//! places by priority, fairness spread), the score by term, the unfilled sessions with
//! their explanations (from [`super::explain`]), the employment-pattern warnings and
//! blocking pairs when there are any (counted, the first 20 of each listed), a site × day grid of places filled and
//! needed, and a clinician × day timeline of who works what. Times are local times in
//! the problem's zone.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;

use crate::error::Result;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::model::Problem;
use crate::roster::Roster;

/// How many pattern warnings and blocking pairs the page lists (all are counted).
const WARNINGS_SHOWN: usize = 20;

/// Write a self-contained HTML report of a roster.
///
/// # Arguments
/// `problem` and a `roster` solved (or edited) for it.
///
/// # Returns
/// The HTML document, with no external assets.
///
/// # Errors
/// As [`super::explain`]: an invalid problem, or assignments naming unknown ids.
///
/// # Complexity
/// That of [`super::explain`], plus `O(C·D + S·D)` for the grids (`C` clinicians, `S`
/// sites, `D` days).
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"]}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#)?;
/// let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
/// let html = rotaflow::report_html(&problem, &roster)?;
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(!html.contains("http://") && !html.contains("https://"));
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn report_html(problem: &Problem, roster: &Roster) -> Result<String> {
    Index::build(problem)?.report_html(roster)
}

impl Index<'_> {
    /// [`report_html`] on a validated problem.
    ///
    /// # Errors
    /// As the function of the same name, but the problem is not validated again.
    pub fn report_html(&self, roster: &Roster) -> Result<String> {
        let index = self;
        let problem = index.problem();
        let e = index.explain(&roster.assignments)?;
        let p = problem;
        let mut h = String::with_capacity(64 * 1024);
        h.push_str(HEAD);

        // Assignments by clinician and by shift.
        let mut by_clinician: BTreeMap<ClinicianIdx, Vec<ShiftIdx>> = BTreeMap::new();
        let mut assigned = vec![0u32; index.shift_count()];
        for a in &roster.assignments {
            if let (Some(s), Some(c)) =
                (index.shift_idx(&a.shift), index.clinician_idx(&a.clinician))
            {
                by_clinician.entry(c).or_default().push(s);
                assigned[s.index()] += 1;
            }
        }
        for list in by_clinician.values_mut() {
            list.sort_by_key(|&s| (index.shift(s).start, s));
        }

        // Header.
        let days = index.days();
        let span = match (days.first(), days.last()) {
            (Some(a), Some(b)) => format!(
                "{} – {}",
                a.strftime("%a %-d %b %Y"),
                b.strftime("%a %-d %b %Y")
            ),
            _ => "no days".to_owned(),
        };
        let _ = write!(
            h,
            "<header><h1>Roster report</h1><p class=\"sub\">{span} · {} clinicians · {} sites · \
             {} sessions · <span class=\"status {}\">{}</span> by {}</p>",
            p.clinicians.len(),
            p.sites.len(),
            p.shifts.len(),
            roster.status,
            roster.status,
            roster.method
        );
        if let Some(reason) = &roster.reason {
            let _ = write!(h, "<p class=\"reason\">{}</p>", esc(reason));
        }
        h.push_str("</header>\n");

        // Tiles.
        let needed: u32 = index.shifts().iter().map(|f| f.headcount).sum();
        let filled: u32 = index
            .shifts()
            .iter()
            .zip(&assigned)
            .map(|(f, &n)| n.min(f.headcount))
            .sum();
        let fill = if needed == 0 {
            100.0
        } else {
            100.0 * f64::from(filled) / f64::from(needed)
        };
        let pay: f64 = e.clinicians.iter().map(|c| c.cost).sum();
        let mut by_priority: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
        for u in &e.unfilled {
            let key = -(u.penalty * 100.0).round() as i64;
            let entry = by_priority.entry(key).or_insert((u.penalty, 0));
            entry.1 += u.missing;
        }
        let mut priority = String::new();
        for (penalty, missing) in by_priority.values() {
            let _ = write!(
                priority,
                "<div class=\"prio\"><span>penalty {}</span><b>{missing}</b></div>",
                num(*penalty)
            );
        }
        if priority.is_empty() {
            priority.push_str("<div class=\"prio\"><span>none</span><b>0</b></div>");
        }
        let with_target: Vec<(i64, i64)> = e
            .clinicians
            .iter()
            .filter_map(|c| c.target.map(|t| (i64::from(c.shifts), t)))
            .collect();
        let working: Vec<u32> = e
            .clinicians
            .iter()
            .map(|c| c.shifts)
            .filter(|&n| n > 0)
            .collect();
        let (fair_big, fair_small) = if with_target.is_empty() {
            (
                match (working.iter().min(), working.iter().max()) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => "–".to_owned(),
                },
                format!(
                    "shifts per working clinician ({} working); no targets set",
                    working.len()
                ),
            )
        } else {
            let devs: Vec<i64> = with_target.iter().map(|(x, t)| x - t).collect();
            let on = devs.iter().filter(|&&d| d == 0).count();
            (
                format!(
                    "{:+} … {:+}",
                    devs.iter().min().copied().unwrap_or(0),
                    devs.iter().max().copied().unwrap_or(0)
                ),
                format!(
                    "shifts − target over {} clinicians with a target; {on} exactly on target",
                    with_target.len()
                ),
            )
        };
        let _ = write!(
            h,
            "<section class=\"tiles\">\
             <div class=\"tile\"><h2>Fill rate</h2><div class=\"big {}\">{fill:.1}%</div>\
             <div class=\"small\">{filled} of {needed} places filled</div>\
             <div class=\"bar\"><i style=\"width:{fill:.1}%\"></i></div></div>\
             <div class=\"tile\"><h2>Pay</h2><div class=\"big\">{}</div>\
             <div class=\"small\">weighted pay of {} assignments</div></div>\
             <div class=\"tile\"><h2>Objective</h2><div class=\"big\">{}</div>\
             <div class=\"small\">{}</div></div>\
             <div class=\"tile\"><h2>Unfilled by priority</h2>{priority}</div>\
             <div class=\"tile\"><h2>Fairness spread</h2><div class=\"big\">{fair_big}</div>\
             <div class=\"small\">{}</div></div>\
             </section>",
            if fill >= 99.0 {
                "good"
            } else if fill >= 90.0 {
                "warn"
            } else {
                "bad"
            },
            num(pay),
            roster.assignments.len(),
            roster.objective.map(num).unwrap_or_else(|| "–".to_owned()),
            esc(&format!(
                "{} pricing of explanations{}",
                e.pricing,
                e.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            )),
            esc(&fair_small)
        );
        h.push('\n');

        // Score by term.
        let s = &e.score;
        let terms = [
            ("unfilled", s.unfilled),
            ("over-staffing", s.over),
            ("pay", s.cost),
            ("preferences", s.preference),
            ("travel", s.travel),
            ("fairness", s.fairness),
            ("continuity", s.continuity),
            ("change", s.change),
            ("pattern", s.pattern),
        ];
        // The revision 1.1 term only when it is used, so that older reports are unchanged.
        let terms: Vec<(&str, f64)> = terms
            .into_iter()
            .filter(|&(name, v)| name != "pattern" || v != 0.0)
            .collect();
        let widest = terms
            .iter()
            .map(|t| t.1.abs())
            .fold(0.0, f64::max)
            .max(1e-9);
        h.push_str("<section><h2>Score by term</h2><table class=\"terms\">");
        for (name, v) in terms {
            let _ = write!(
                h,
                "<tr><th>{name}</th><td class=\"num\">{}</td><td class=\"barcell\">\
                 <i class=\"{}\" style=\"width:{:.1}%\"></i></td></tr>",
                num(v),
                if v < 0.0 { "neg" } else { "pos" },
                100.0 * v.abs() / widest
            );
        }
        let _ = write!(
            h,
            "<tr class=\"total\"><th>total</th><td class=\"num\">{}</td><td></td></tr></table></section>",
            num(s.total)
        );
        h.push('\n');

        // Unfilled sessions.
        let _ = write!(
            h,
            "<section><h2>Unfilled sessions ({})</h2>",
            e.unfilled.len()
        );
        if e.unfilled.is_empty() {
            h.push_str("<p>Every session is filled.</p>");
        } else {
            h.push_str(
                "<div class=\"listbox\"><table class=\"list\"><tr><th>session</th><th>site</th><th>when</th><th>role</th>\
                 <th class=\"num\">missing</th><th class=\"num\">penalty</th><th>reason</th>\
                 <th>explanation</th></tr>",
            );
            for u in &e.unfilled {
                let Some(si) = index.shift_idx(&u.shift) else {
                    continue;
                };
                let shift = &p.shifts[si.index()];
                let f = index.shift(si);
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td><td><span class=\"badge {}\">{}</span></td><td>{}</td></tr>",
                    esc(&shift.id),
                    esc(&shift.site),
                    esc(&format!(
                        "{} {}",
                        days[f.day as usize].strftime("%a %-d"),
                        clock(index, f.start, f.end)
                    )),
                    esc(&shift.role),
                    u.missing,
                    num(u.penalty),
                    esc(&u.reason),
                    esc(&u.reason.replace('_', " ")),
                    esc(&u.message)
                );
            }
            h.push_str("</table></div>");
        }
        h.push_str("</section>\n");

        // Warnings: employment patterns and blocking pairs (only when there are some).
        if !e.patterns.is_empty() || e.blocking_pair_count > 0 {
            let _ = write!(
                h,
                "<section><h2>Warnings</h2><p>{} employment pattern{} (the same site, weekday \
                 and kind in {} or more consecutive weeks) · {} blocking pair{} (a clinician and \
                 a session who would both rather have each other)</p><ul>",
                e.patterns.len(),
                if e.patterns.len() == 1 { "" } else { "s" },
                p.solver.pattern_weeks(),
                e.blocking_pair_count,
                if e.blocking_pair_count == 1 { "" } else { "s" }
            );
            for w in e.patterns.iter().take(WARNINGS_SHOWN) {
                let _ = write!(
                    h,
                    "<li>{} <span class=\"small\">{}</span></li>",
                    esc(&w.message),
                    esc(&w.dates.join(", "))
                );
            }
            for b in e.blocking_pairs.iter().take(WARNINGS_SHOWN) {
                let _ = write!(h, "<li>{}</li>", esc(&b.message));
            }
            h.push_str("</ul></section>\n");
        }

        // Site × day grid.
        let mut grid: BTreeMap<(usize, u32), (u32, u32)> = BTreeMap::new();
        for (i, f) in index.shifts().iter().enumerate() {
            let cell = grid.entry((f.site.index(), f.day)).or_default();
            cell.0 += assigned[i].min(f.headcount);
            cell.1 += f.headcount;
        }
        h.push_str("<section><h2>Sites × days: places filled / needed</h2><div class=\"scroll\"><table class=\"grid\"><tr><th>site</th>");
        for d in days {
            let _ = write!(h, "<th>{}</th>", d.strftime("%a %-d"));
        }
        h.push_str("</tr>");
        for (si, site) in p.sites.iter().enumerate() {
            if !grid.keys().any(|(x, _)| *x == si) {
                continue;
            }
            let _ = write!(
                h,
                "<tr><th title=\"{}\">{}</th>",
                esc(site.name.as_deref().unwrap_or(&site.id)),
                esc(&site.id)
            );
            for d in 0..days.len() as u32 {
                match grid.get(&(si, d)) {
                    Some(&(got, need)) => {
                        let class = if got >= need {
                            "full"
                        } else if got == 0 {
                            "none"
                        } else {
                            "part"
                        };
                        let _ = write!(h, "<td class=\"{class}\">{got}/{need}</td>");
                    }
                    None => h.push_str("<td class=\"empty\"></td>"),
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</table></div></section>\n");

        // Clinician × day timeline.
        let _ = write!(
            h,
            "<section><h2>Clinicians × days ({} working of {})</h2><div class=\"scroll\">\
             <table class=\"timeline\"><tr><th>clinician</th><th class=\"num\">shifts</th>\
             <th class=\"num\">hours</th>",
            by_clinician.len(),
            p.clinicians.len()
        );
        for d in days {
            let weekend = matches!(
                d.weekday(),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            );
            let _ = write!(
                h,
                "<th{}>{}</th>",
                if weekend { " class=\"we\"" } else { "" },
                d.strftime("%a %-d")
            );
        }
        h.push_str("</tr>");
        let mut kinds: Vec<&str> = p.shifts.iter().filter_map(|s| s.kind.as_deref()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for (&c, list) in &by_clinician {
            let clin = &p.clinicians[c.index()];
            let hours: f64 = list.iter().map(|&s| index.shift(s).hours).sum();
            let target = clin
                .target_shifts
                .map(|t| format!(" <small>/{t}</small>"))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<tr><th title=\"{}\">{}<small class=\"role\">{}</small></th><td class=\"num\">{}{target}</td><td class=\"num\">{hours:.1}</td>",
                esc(clin.name.as_deref().unwrap_or(&clin.id)),
                esc(&clin.id),
                esc(&clin.roles.join(", ")),
                list.len()
            );
            for d in 0..days.len() as u32 {
                h.push_str("<td>");
                for &s in list.iter().filter(|&&s| index.shift(s).day == d) {
                    let shift = &p.shifts[s.index()];
                    let f = index.shift(s);
                    let kind = shift.kind.as_deref().unwrap_or("");
                    let colour = kinds.iter().position(|k| *k == kind).unwrap_or(0) % 6;
                    let _ = write!(
                        h,
                        "<span class=\"chip k{colour}\" title=\"{} · {} · {}\">{} {}</span>",
                        esc(&shift.id),
                        esc(&clock(index, f.start, f.end)),
                        esc(&shift.role),
                        esc(if kind.is_empty() { &shift.id } else { kind }),
                        esc(&shift.site)
                    );
                }
                h.push_str("</td>");
            }
            h.push_str("</tr>");
        }
        h.push_str("</table></div></section>\n");
        h.push_str("<footer>Written by rotaflow. Scores are the independent evaluator's.</footer>\n</body>\n</html>\n");
        Ok(h)
    }
}

/// `08:30–12:30` in the problem's zone.
fn clock(index: &Index<'_>, start: i64, end: i64) -> String {
    let hm = |t: i64| {
        Timestamp::from_second(t)
            .map(|ts| {
                index
                    .timezone()
                    .to_datetime(ts)
                    .strftime("%H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    };
    format!("{}–{}", hm(start), hm(end))
}

/// `1234567.5` → `1,234,567.50`.
fn num(x: f64) -> String {
    let negative = x < -0.005;
    let cents = (x.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let _ = write!(out, ".{frac:02}");
    out
}

/// HTML-escape text for element content and attribute values. Control characters other
/// than tab, line feed and carriage return (NUL above all: a C caller's string ends there)
/// are not allowed in an HTML document; each is written as U+FFFD, as a browser would show
/// it, so that an id or name holding one (JSON allows `\u0000`) cannot cut the report.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roster report · rotaflow</title>
<style>
:root { --ink:#1d2733; --mute:#5b6b7c; --line:#d9e0e7; --bg:#f5f7fa; --good:#1f8a4c; --warn:#b7791f; --bad:#c53030; --blue:#005eb8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 24px; color: var(--blue); }
.sub { margin: 0; color: var(--mute); }
.status { font-weight: 600; padding: 1px 8px; border-radius: 10px; background: #e6eef8; color: var(--blue); }
.status.infeasible, .status.no_solution { background: #fde8e8; color: var(--bad); }
.reason { color: var(--bad); font-weight: 600; }
section { margin-top: 24px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.tiles { display: grid; grid-template-columns: repeat(5, minmax(170px, 1fr)); gap: 12px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.tile h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--mute); margin-bottom: 6px; }
.big { font-size: 26px; font-weight: 700; white-space: nowrap; }
.big.good { color: var(--good); } .big.warn { color: var(--warn); } .big.bad { color: var(--bad); }
.small { color: var(--mute); font-size: 12px; margin-top: 2px; }
.bar { height: 6px; background: #eef1f4; border-radius: 3px; margin-top: 8px; overflow: hidden; }
.bar i { display: block; height: 100%; background: var(--good); }
.prio { display: flex; justify-content: space-between; border-bottom: 1px dashed var(--line); padding: 2px 0; }
.prio b { font-size: 16px; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #fafbfc; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.terms { min-width: 520px; }
.terms .barcell { width: 260px; }
.terms .barcell i { display: block; height: 10px; border-radius: 2px; margin-top: 4px; }
.terms i.pos { background: #7aa7d9; } .terms i.neg { background: #7cc49a; }
.terms tr.total th, .terms tr.total td { border-top: 2px solid var(--ink); font-weight: 700; }
.list { width: 100%; }
.listbox { max-height: 520px; overflow-y: auto; border: 1px solid var(--line); }
.listbox table { border: 0; }
.list th { position: sticky; top: 0; }
.list td:nth-child(3) { white-space: nowrap; }
.list td:last-child { color: #33414f; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; background: #eef1f4; }
.badge.no_role, .badge.none_eligible { background: #fde8e8; color: var(--bad); }
.badge.busy { background: #fff4e0; color: #8a5a00; }
.badge.rule { background: #efe7fb; color: #5a2ea6; }
.badge.cost { background: #e6eef8; color: var(--blue); }
.badge.improvable { background: #e3f5ea; color: var(--good); }
.scroll { overflow-x: auto; }
.grid td { text-align: center; min-width: 56px; font-variant-numeric: tabular-nums; }
.grid td.full { background: #e3f5ea; color: #17603a; }
.grid td.part { background: #fff4e0; color: #8a5a00; font-weight: 600; }
.grid td.none { background: #fde8e8; color: var(--bad); font-weight: 700; }
.grid td.empty { background: #f7f8fa; }
.timeline td { min-width: 92px; padding: 3px 4px; }
.timeline th small.role { display: block; font-weight: 400; color: var(--mute); font-size: 11px; }
.timeline th.we { background: #f0f3f7; }
.chip { display: block; margin: 1px 0; padding: 0 5px; border-radius: 4px; font-size: 11px; white-space: nowrap; color: #fff; }
.k0 { background: #005eb8; } .k1 { background: #2e8540; } .k2 { background: #7c3aed; }
.k3 { background: #b45309; } .k4 { background: #0e7490; } .k5 { background: #be185d; }
footer { margin: 32px 0 8px; color: var(--mute); font-size: 12px; }
@media print { body { background: #fff; padding: 0; } .scroll, .listbox { overflow: visible; max-height: none; } }
</style>
</head>
<body>
"#;
