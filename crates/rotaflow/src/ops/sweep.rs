//! Comparing scenarios: one summary row per solved scenario (what a sweep tabulates) and a
//! self-contained page that compares them.
//!
//! # Formulation
//!
//! A scenario is a named problem and the roster solved for it (or the error that kept it
//! from being solved). Its row holds the roster's status, method, objective, bound and
//! gap; the places needed (`Σ_s headcount(s)`) and filled (`Σ_s min(assigned(s),
//! headcount(s))`), their ratio as the fill rate (1 when nothing is needed); the pay
//! (the score's `cost` term, re-scored by the evaluator); the places left empty by
//! priority (grouped by the shift's `unfilled_penalty`, most urgent first); and the whole
//! score. The page (no external assets; the report's styles and script) shows a fill-rate
//! and a pay chart, one bar per scenario, and a table with a column per priority seen in
//! any scenario, searchable and sortable as the report's tables are.
//!
//! # Complexity
//! A row: one evaluation of the roster, `O(S + A)` beyond it for `S` shifts and `A`
//! assignments. The page: `O(R·P)` for `R` rows and `P` distinct priorities.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::report::{HEAD, SCRIPT, esc, histogram, num};
use crate::error::Result;
use crate::evaluate::{Score, evaluate};
use crate::index::Index;
use crate::model::{Method, Problem};
use crate::roster::{Roster, Status};

/// Places left empty at one priority (one `unfilled_penalty`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityCount {
    /// The shifts' `unfilled_penalty`.
    pub penalty: f64,
    /// Places left empty on shifts of that penalty.
    pub places: u32,
}

/// One scenario of a sweep, summarised: see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRow {
    /// The scenario's name.
    pub name: String,
    /// The roster's status; absent when the scenario failed (`error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The method that solved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// The roster's objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<f64>,
    /// The certified lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    /// The relative gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// Places needed: the sum of the headcounts.
    #[serde(default)]
    pub places_needed: u32,
    /// Places filled (at most each shift's headcount).
    #[serde(default)]
    pub places_filled: u32,
    /// `places_filled / places_needed` (1 when nothing is needed; 0 for a failed scenario).
    #[serde(default)]
    pub fill_rate: f64,
    /// The score's `cost` term.
    #[serde(default)]
    pub pay: f64,
    /// Places left empty, by priority, most urgent (highest penalty) first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unfilled_by_priority: Vec<PriorityCount>,
    /// The evaluator's score of the roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    /// Why the scenario has no roster (an invalid problem, a method that cannot solve it),
    /// with the pointers of the issues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ScenarioRow {
    /// The row of a scenario that could not be solved.
    pub fn failed(name: impl Into<String>, error: impl Into<String>) -> Self {
        ScenarioRow {
            name: name.into(),
            status: None,
            method: None,
            objective: None,
            bound: None,
            gap: None,
            places_needed: 0,
            places_filled: 0,
            fill_rate: 0.0,
            pay: 0.0,
            unfilled_by_priority: Vec::new(),
            score: None,
            error: Some(error.into()),
        }
    }
}

/// The summary row of scenario `name`: `roster` solved for `problem`.
///
/// # Errors
/// An invalid problem, or a roster naming a shift or clinician the problem does not have
/// ([`crate::Error::Invalid`], pointing into the roster's `assignments`).
///
/// # Example
/// ```
/// use rotaflow::{Problem, SolveOptions};
/// let problem = Problem::from_json(r#"{"sites": [{"id": "P1"}],
///   "clinicians": [{"id": "A", "roles": ["gp"]}],
///   "shifts": [{"id": "S1", "site": "P1", "role": "gp",
///               "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
///              {"id": "S2", "site": "P1", "role": "gp",
///               "start": "2026-12-07T09:00", "end": "2026-12-07T11:00"}]}"#)?;
/// let roster = rotaflow::solve(&problem, &SolveOptions::new())?;
/// let row = rotaflow::scenario_row("base", &problem, &roster)?;
/// assert_eq!((row.places_filled, row.places_needed), (1, 2));
/// assert_eq!(row.fill_rate, 0.5);
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn scenario_row(name: &str, problem: &Problem, roster: &Roster) -> Result<ScenarioRow> {
    Index::build(problem)?.scenario_row(name, roster)
}

impl Index<'_> {
    /// [`scenario_row`] on a validated problem.
    ///
    /// # Errors
    /// A roster naming a shift or clinician the problem does not have.
    pub fn scenario_row(&self, name: &str, roster: &Roster) -> Result<ScenarioRow> {
        super::resolve_roster(self, &roster.assignments)?;
        // The evaluator's count of the empty places, so that the row agrees with the
        // score's `unfilled` term.
        let eval = evaluate(self, &roster.assignments);
        let needed: u32 = self.shifts().iter().map(|f| f.headcount).sum();
        let mut missing = 0u32;
        let mut empty: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
        for u in &eval.unfilled {
            let penalty = self
                .shift_idx(&u.shift)
                .map_or(0.0, |s| self.shift(s).unfilled_penalty);
            empty.entry(priority(penalty)).or_insert((penalty, 0)).1 += u.missing;
            missing += u.missing;
        }
        let (filled, score) = (needed - missing, eval.score);
        Ok(ScenarioRow {
            name: name.to_owned(),
            status: Some(roster.status),
            method: Some(roster.method),
            objective: roster.objective,
            bound: roster.bound,
            gap: roster.gap,
            places_needed: needed,
            places_filled: filled,
            fill_rate: if needed == 0 {
                1.0
            } else {
                f64::from(filled) / f64::from(needed)
            },
            pay: score.cost,
            unfilled_by_priority: empty
                .into_values()
                .map(|(penalty, places)| PriorityCount { penalty, places })
                .collect(),
            score: Some(score),
            error: None,
        })
    }
}

/// The key that orders priorities most urgent first and groups equal penalties (to the
/// cent).
fn priority(penalty: f64) -> i64 {
    -(penalty * 100.0).round() as i64
}

/// A self-contained page comparing scenarios: fill rate and pay per scenario as charts,
/// and a searchable, sortable table with the places left empty by priority.
///
/// # Example
/// ```
/// use rotaflow::ScenarioRow;
/// let html = rotaflow::sweep_report_html(&[ScenarioRow::failed("flu", "/shifts/0/site: no site has the id `P9`")]);
/// assert!(html.contains("flu") && html.contains("P9"));
/// ```
pub fn sweep_report_html(rows: &[ScenarioRow]) -> String {
    let mut h = String::with_capacity(16 * 1024 + 512 * rows.len());
    h.push_str(&HEAD.replace(
        "<title>Roster report · rotaflow</title>",
        "<title>Scenario comparison · rotaflow</title>",
    ));
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    let _ = writeln!(
        h,
        "<header><h1>Scenario comparison</h1><p class=\"sub\">{} scenario{} · {} solved · {} \
         failed</p></header>",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        rows.len() - failed,
        failed
    );
    h.push_str(
        "<nav class=\"tools\"><input id=\"q\" type=\"search\" placeholder=\"Search \
         scenarios…\" aria-label=\"Search scenarios\"><span id=\"hits\" class=\"small\">\
         </span></nav>\n",
    );
    let solved: Vec<&ScenarioRow> = rows.iter().filter(|r| r.error.is_none()).collect();
    let fills: Vec<(String, u32)> = solved
        .iter()
        .map(|r| (r.name.clone(), (r.fill_rate * 1000.0).round() as u32))
        .collect();
    let pays: Vec<(String, u32)> = solved
        .iter()
        .map(|r| (r.name.clone(), r.pay.max(0.0).round() as u32))
        .collect();
    h.push_str("<section class=\"charts\"><div class=\"chart\"><h2>Fill rate (‰)</h2>");
    h.push_str(&histogram(&fills, "‰ of places filled"));
    h.push_str("</div><div class=\"chart\"><h2>Pay</h2>");
    h.push_str(&histogram(&pays, "pay"));
    h.push_str("</div></section>\n");

    // Every priority seen, most urgent first.
    let mut priorities: BTreeMap<i64, f64> = BTreeMap::new();
    for r in &solved {
        for p in &r.unfilled_by_priority {
            priorities.insert(-(p.penalty * 100.0).round() as i64, p.penalty);
        }
    }
    h.push_str(
        "<section><h2>Scenarios</h2><div class=\"scroll\"><table class=\"list sortable \
         filterable\" id=\"scenarios\"><thead><tr><th>scenario</th><th>status</th>\
         <th>method</th><th class=\"num\">fill rate</th><th class=\"num\">filled / needed</th>\
         <th class=\"num\">pay</th><th class=\"num\">objective</th><th class=\"num\">bound</th>\
         <th class=\"num\">gap</th>",
    );
    for penalty in priorities.values() {
        let _ = write!(
            h,
            "<th class=\"num\">unfilled at {}</th>",
            esc(&num(*penalty))
        );
    }
    h.push_str("</tr></thead><tbody>");
    let opt = |x: Option<f64>| x.map(num).unwrap_or_else(|| "–".to_owned());
    for r in rows {
        if let Some(error) = &r.error {
            let _ = write!(
                h,
                "<tr><td>{}</td><td><span class=\"badge none_eligible\">error</span></td>\
                 <td class=\"error\" colspan=\"{}\">{}</td></tr>",
                esc(&r.name),
                7 + priorities.len(),
                esc(error)
            );
            continue;
        }
        let status = r.status.map(|s| s.to_string()).unwrap_or_default();
        let method = r.method.map(|m| m.to_string()).unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td>{}</td><td><span class=\"status {status}\">{status}</span></td><td>{method}</td>\
             <td class=\"num\" data-v=\"{}\">{:.1}%</td><td class=\"num\" data-v=\"{}\">{} / {}</td>\
             <td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>\
             <td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td>",
            esc(&r.name),
            r.fill_rate,
            100.0 * r.fill_rate,
            r.places_filled,
            r.places_filled,
            r.places_needed,
            r.pay,
            num(r.pay),
            r.objective.unwrap_or(f64::NAN),
            opt(r.objective),
            r.bound.unwrap_or(f64::NAN),
            opt(r.bound),
            r.gap.unwrap_or(f64::NAN),
            r.gap
                .map(|g| format!("{:.2}%", 100.0 * g))
                .unwrap_or_else(|| "–".to_owned()),
        );
        for key in priorities.keys() {
            let places = r
                .unfilled_by_priority
                .iter()
                .find(|p| priority(p.penalty) == *key)
                .map_or(0, |p| p.places);
            let _ = write!(h, "<td class=\"num\" data-v=\"{places}\">{places}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div></section>\n");
    h.push_str(
        "<footer>Written by rotaflow. Each scenario's score is the independent evaluator's.\
         </footer>\n",
    );
    h.push_str(SCRIPT);
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SolveOptions;

    fn week(headcount: u32) -> Problem {
        Problem::from_json(&format!(
            r#"{{"sites": [{{"id": "P1"}}],
               "clinicians": [{{"id": "A", "roles": ["gp"], "rate_per_hour": 50}}],
               "shifts": [{{"id": "S1", "site": "P1", "role": "gp", "headcount": {headcount},
                           "unfilled_penalty": 3000,
                           "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}},
                          {{"id": "S2", "site": "P1", "role": "gp", "unfilled_penalty": 400,
                           "start": "2026-12-07T09:00", "end": "2026-12-07T11:00"}}]}}"#
        ))
        .expect("valid")
    }

    #[test]
    fn a_row_counts_places_by_priority_and_the_page_compares_rows() {
        let base = week(1);
        let roster = crate::solve(&base, &SolveOptions::new()).expect("solves");
        let row = scenario_row("base", &base, &roster).expect("row");
        assert_eq!((row.places_filled, row.places_needed), (1, 2));
        assert_eq!(row.pay, 200.0);
        assert_eq!(
            row.unfilled_by_priority,
            [PriorityCount {
                penalty: 400.0,
                places: 1
            }]
        );
        let busy = week(2);
        let roster = crate::solve(&busy, &SolveOptions::new()).expect("solves");
        let row2 = scenario_row("busy", &busy, &roster).expect("row");
        assert_eq!((row2.places_filled, row2.places_needed), (1, 3));
        let priorities: Vec<f64> = row2
            .unfilled_by_priority
            .iter()
            .map(|p| p.penalty)
            .collect();
        assert_eq!(priorities, [3000.0, 400.0]);
        let rows = [
            row,
            row2,
            ScenarioRow::failed("bad", "/shifts/0/site: no site P9"),
        ];
        let html = sweep_report_html(&rows);
        for text in [
            "base",
            "busy",
            "bad",
            "unfilled at 3,000.00",
            "unfilled at 400.00",
            "P9",
        ] {
            assert!(html.contains(text), "{text}");
        }
        assert!(!html.contains("http://") && !html.contains("https://"));
        // Rows round-trip through JSON (the faces' document).
        let json = serde_json::to_string(&rows).expect("json");
        let back: Vec<ScenarioRow> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, rows);
    }
}
