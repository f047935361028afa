//! The HTML report: one self-contained page a planner can open, print or mail.
//!
//! # Formulation
//!
//! No network, no external assets: inline CSS, inline SVG charts and one inline script,
//! every string escaped. The page reads in full without the script; with it, a search box
//! filters the rows of the unfilled sessions, the site grid and the clinician timeline
//! (case-insensitive, on the row's text), and a click on a column heading of those tables
//! sorts by it (numbers as numbers); a link can carry both (`report.html#q=GP0001` and
//! `#sort=clinicians:1` — table id, column, `:desc` — joined by `&`). The script records its own errors on the body
//! (`data-errors`) and marks the page ready (`data-ready`), which the browser test reads.
//! The page shows, top to bottom: the search box, summary tiles (fill rate, pay,
//! objective, unfilled places by priority, fairness spread), a fill-by-day chart (places
//! needed and filled per day), the distributions of pay per working clinician and of
//! shifts against target (or shifts per clinician without targets), the score by term,
//! the unfilled sessions with
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
        h.push_str(
            "<nav class=\"tools\"><input id=\"q\" type=\"search\" placeholder=\"Search \
             clinicians, sites, sessions…\" aria-label=\"Search clinicians, sites and \
             sessions\"><span id=\"hits\" class=\"small\"></span></nav>\n",
        );

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

        // Charts: fill by day; pay and fairness distributions.
        let mut per_day = vec![(0u32, 0u32); days.len()];
        for (i, f) in index.shifts().iter().enumerate() {
            let d = &mut per_day[f.day as usize];
            d.0 += assigned[i].min(f.headcount);
            d.1 += f.headcount;
        }
        let labels: Vec<String> = days
            .iter()
            .map(|d| d.strftime("%a %-d").to_string())
            .collect();
        h.push_str("<section class=\"charts\"><div class=\"chart\"><h2>Fill by day</h2>");
        h.push_str(&fill_chart(&labels, &per_day));
        h.push_str("</div><div class=\"chart\"><h2>Pay per working clinician</h2>");
        let pays: Vec<f64> = e
            .clinicians
            .iter()
            .filter(|c| c.shifts > 0)
            .map(|c| c.cost)
            .collect();
        h.push_str(&histogram(&pay_bins(&pays), "clinicians"));
        if with_target.is_empty() {
            h.push_str("</div><div class=\"chart\"><h2>Shifts per working clinician</h2>");
            let mut counts: BTreeMap<i64, u32> = BTreeMap::new();
            for &n in &working {
                *counts.entry(i64::from(n)).or_default() += 1;
            }
            h.push_str(&histogram(&integer_bins(&counts, ""), "clinicians"));
        } else {
            h.push_str("</div><div class=\"chart\"><h2>Shifts − target</h2>");
            let mut counts: BTreeMap<i64, u32> = BTreeMap::new();
            for (x, t) in &with_target {
                *counts.entry(x - t).or_default() += 1;
            }
            h.push_str(&histogram(&integer_bins(&counts, "+"), "clinicians"));
        }
        h.push_str("</div></section>\n");

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
                "<div class=\"listbox\"><table class=\"list sortable filterable\" id=\"unfilled\"><thead><tr><th>session</th><th>site</th><th>when</th><th>role</th>\
                 <th class=\"num\">missing</th><th class=\"num\">penalty</th><th>reason</th>\
                 <th>explanation</th></tr></thead><tbody>",
            );
            for u in &e.unfilled {
                let Some(si) = index.shift_idx(&u.shift) else {
                    continue;
                };
                let shift = &p.shifts[si.index()];
                let f = index.shift(si);
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td data-v=\"{}\">{}</td><td>{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\" data-v=\"{}\">{}</td><td><span class=\"badge {}\">{}</span></td><td>{}</td></tr>",
                    esc(&shift.id),
                    esc(&shift.site),
                    f.start,
                    esc(&format!(
                        "{} {}",
                        days[f.day as usize].strftime("%a %-d"),
                        clock(index, f.start, f.end)
                    )),
                    esc(&shift.role),
                    u.missing,
                    u.penalty,
                    num(u.penalty),
                    esc(&u.reason),
                    esc(&u.reason.replace('_', " ")),
                    esc(&u.message)
                );
            }
            h.push_str("</tbody></table></div>");
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
        h.push_str("<section><h2>Sites × days: places filled / needed</h2><div class=\"scroll\"><table class=\"grid sortable filterable\" id=\"sites\"><thead><tr><th>site</th>");
        for d in days {
            let _ = write!(h, "<th>{}</th>", d.strftime("%a %-d"));
        }
        h.push_str("</tr></thead><tbody>");
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
                        let _ = write!(
                            h,
                            "<td class=\"{class}\" data-v=\"{}\">{got}/{need}</td>",
                            i64::from(need) - i64::from(got)
                        );
                    }
                    None => h.push_str("<td class=\"empty\"></td>"),
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></div></section>\n");

        // Clinician × day timeline.
        let _ = write!(
            h,
            "<section><h2>Clinicians × days ({} working of {})</h2><div class=\"scroll\">\
             <table class=\"timeline sortable filterable\" id=\"clinicians\"><thead><tr><th>clinician</th><th class=\"num\">shifts</th>\
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
        h.push_str("</tr></thead><tbody>");
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
                "<tr><th title=\"{}\">{}<small class=\"role\">{}</small></th><td class=\"num\" data-v=\"{}\">{}{target}</td><td class=\"num\" data-v=\"{hours:.2}\">{hours:.1}</td>",
                esc(clin.name.as_deref().unwrap_or(&clin.id)),
                esc(&clin.id),
                esc(&clin.roles.join(", ")),
                list.len(),
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
        h.push_str("</tbody></table></div></section>\n");
        h.push_str(
            "<footer>Written by rotaflow. Scores are the independent evaluator's.</footer>\n",
        );
        h.push_str(SCRIPT);
        h.push_str("</body>\n</html>\n");
        Ok(h)
    }
}

/// Chart size (the SVG scales to its box; these are its coordinates).
const CHART_W: f64 = 560.0;
const CHART_H: f64 = 180.0;
/// Room under the bars for the labels, and above them for the values.
const CHART_FOOT: f64 = 28.0;
const CHART_HEAD: f64 = 14.0;

/// An inline SVG bar chart of places needed (light) and filled (dark) per day, each bar
/// titled with its numbers.
fn fill_chart(labels: &[String], per_day: &[(u32, u32)]) -> String {
    let mut out = String::new();
    let n = per_day.len().max(1) as f64;
    let most = per_day.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
    let slot = CHART_W / n;
    let bar = (slot * 0.7).max(1.0);
    let plot = CHART_H - CHART_FOOT - CHART_HEAD;
    let _ = write!(
        out,
        "<svg class=\"fill\" viewBox=\"0 0 {CHART_W} {CHART_H}\" role=\"img\" \
         aria-label=\"places needed and filled per day\">"
    );
    let every = per_day.len().div_ceil(14).max(1);
    for (i, (&(got, need), label)) in per_day.iter().zip(labels).enumerate() {
        let x = i as f64 * slot + (slot - bar) / 2.0;
        let hn = plot * f64::from(need) / most;
        let hg = plot * f64::from(got) / most;
        let base = CHART_HEAD + plot;
        let _ = write!(
            out,
            "<g><title>{}: {got} of {need} places filled</title>\
             <rect class=\"need\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{hn:.1}\"/>\
             <rect class=\"{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{hg:.1}\"/></g>",
            esc(label),
            base - hn,
            if got >= need { "got" } else { "short" },
            base - hg
        );
        if i % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                CHART_H - 10.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Eight equal bins over the values' range (one when they are all equal), labelled by
/// their bounds.
fn pay_bins(values: &[f64]) -> Vec<(String, u32)> {
    let (Some(lo), Some(hi)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return Vec::new();
    };
    if hi - lo < 0.005 {
        return vec![(num(lo), values.len() as u32)];
    }
    const BINS: usize = 8;
    let width = (hi - lo) / BINS as f64;
    let mut counts = [0u32; BINS];
    for &v in values {
        let b = (((v - lo) / width) as usize).min(BINS - 1);
        counts[b] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(b, &n)| {
            let from = lo + width * b as f64;
            (format!("{}–{}", short(from), short(from + width)), n)
        })
        .collect()
}

/// Integer bins, every value from the least to the most (with `sign` before positive
/// values: `+1`).
fn integer_bins(counts: &BTreeMap<i64, u32>, sign: &str) -> Vec<(String, u32)> {
    let (Some(&lo), Some(&hi)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    (lo..=hi)
        .map(|v| {
            let label = if v > 0 {
                format!("{sign}{v}")
            } else {
                v.to_string()
            };
            (label, counts.get(&v).copied().unwrap_or(0))
        })
        .collect()
}

/// An inline SVG histogram of `bins` (label, count), each bar titled with its count.
pub(super) fn histogram(bins: &[(String, u32)], unit: &str) -> String {
    if bins.is_empty() {
        return "<p class=\"small\">No one works in this roster.</p>".to_owned();
    }
    let mut out = String::new();
    let n = bins.len() as f64;
    let most = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let slot = CHART_W / n;
    let bar = (slot * 0.8).max(1.0);
    let plot = CHART_H - CHART_FOOT - CHART_HEAD;
    let _ = write!(
        out,
        "<svg class=\"hist\" viewBox=\"0 0 {CHART_W} {CHART_H}\" role=\"img\" \
         aria-label=\"{} by bin\">",
        esc(unit)
    );
    let every = bins.len().div_ceil(12).max(1);
    for (i, (label, count)) in bins.iter().enumerate() {
        let x = i as f64 * slot + (slot - bar) / 2.0;
        let hb = plot * f64::from(*count) / most;
        let _ = write!(
            out,
            "<g><title>{}: {count} {}</title><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" \
             height=\"{hb:.1}\"/>",
            esc(label),
            esc(unit),
            CHART_HEAD + plot - hb
        );
        if *count > 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                x + bar / 2.0,
                CHART_HEAD + plot - hb - 2.0
            );
        }
        out.push_str("</g>");
        if i % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                CHART_H - 10.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// `1234.5` → `1.2k`, `950` → `950`: bin bounds.
fn short(x: f64) -> String {
    if x.abs() >= 1000.0 {
        format!("{:.1}k", x / 1000.0)
    } else {
        format!("{x:.0}")
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
pub(super) fn num(x: f64) -> String {
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
pub(super) fn esc(s: &str) -> String {
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

pub(super) const HEAD: &str = r#"<!DOCTYPE html>
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
.tools { position: sticky; top: 0; z-index: 2; margin: 16px -32px 0; padding: 8px 32px; background: var(--bg); border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: center; }
.tools input { width: 360px; max-width: 60vw; padding: 6px 10px; font: inherit; border: 1px solid #b8c4d0; border-radius: 6px; }
.charts { display: grid; grid-template-columns: repeat(3, minmax(260px, 1fr)); gap: 12px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.chart svg { width: 100%; height: auto; display: block; }
.chart text { font-size: 10px; fill: var(--mute); }
.fill rect.need { fill: #e2e8ef; } .fill rect.got { fill: var(--good); } .fill rect.short { fill: var(--warn); }
.hist rect { fill: #7aa7d9; }
table.sortable thead th { cursor: pointer; user-select: none; }
table.sortable thead th[aria-sort=ascending]::after { content: " ▲"; font-size: 10px; }
table.sortable thead th[aria-sort=descending]::after { content: " ▼"; font-size: 10px; }
tr.hidden { display: none; }
.list td.error { white-space: normal; color: var(--bad); }
footer { margin: 32px 0 8px; color: var(--mute); font-size: 12px; }
@media print { body { background: #fff; padding: 0; } .scroll, .listbox { overflow: visible; max-height: none; } .tools { display: none; } }
</style>
</head>
<body>
"#;

/// The page's one script: search over the rows of the `filterable` tables, sorting of the
/// `sortable` ones by a click on a heading, and the marks the browser test reads (errors
/// on `body[data-errors]`, `body[data-ready]` once set up). No network, no globals left
/// but the handlers.
pub(super) const SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var body = document.body, errors = [];
  function record(message) {
    errors.push(String(message));
    body.setAttribute("data-errors", errors.join(" | "));
  }
  window.addEventListener("error", function (e) { record(e.message); });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  try {
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.filterable"));
    var query = document.getElementById("q"), hits = document.getElementById("hits");
    var rows = [];
    tables.forEach(function (t) {
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        rows.push({ row: r, text: r.textContent.toLowerCase() });
      });
    });
    function filter() {
      var words = query.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (x) {
        var keep = words.every(function (w) { return x.text.indexOf(w) >= 0; });
        x.row.classList.toggle("hidden", !keep);
        if (keep) { shown += 1; }
      });
      hits.textContent = words.length ? shown + " of " + rows.length + " rows match" : "";
    }
    query.addEventListener("input", filter);
    function key(cell) {
      if (!cell) { return ""; }
      var v = cell.getAttribute("data-v");
      if (v !== null && v !== "" && !isNaN(Number(v))) { return Number(v); }
      return cell.textContent.trim().toLowerCase();
    }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (t) {
      var heads = t.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        th.addEventListener("click", function () {
          var up = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", up ? "ascending" : "descending");
          var body = t.tBodies[0];
          var list = Array.prototype.slice.call(body.rows).map(function (r, i) {
            return { row: r, k: key(r.cells[col]), i: i };
          });
          list.sort(function (a, b) {
            var c = 0;
            if (typeof a.k === "number" && typeof b.k === "number") { c = a.k - b.k; }
            else { c = String(a.k).localeCompare(String(b.k)); }
            return (up ? c : -c) || a.i - b.i;
          });
          list.forEach(function (x) { body.appendChild(x.row); });
        });
      });
    });
    // A link may carry a search and a sort: report.html#q=GP0001&sort=clinicians:1
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { params[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); }
    });
    if (params.sort) {
      var at = params.sort.split(":"), table = document.getElementById(at[0]);
      var times = at[2] === "desc" ? 2 : 1;
      if (table && table.tHead) {
        var th = table.tHead.rows[0].cells[Number(at[1]) || 0];
        for (var n = 0; th && n < times; n += 1) { th.click(); }
      }
    }
    if (params.q) { query.value = params.q; filter(); }
  } catch (e) {
    record(e && e.message ? e.message : e);
  }
  body.setAttribute("data-ready", "1");
})();
</script>
"#;
