//! The one file of the decomposition that names HiGHS: the restricted master LP, re-solved
//! warm as columns are added, and the master as a MIP over the generated columns.

use highs::{Col, ColProblem, HighsModelStatus, Model, Row, Sense};

use crate::error::{Error, Result};

/// One shift's row of the master: `Σ λ·a + u − o (− art) = headcount`.
#[derive(Debug, Clone, Copy)]
pub(super) struct ShiftRow {
    /// Places to fill.
    pub(super) headcount: f64,
    /// Cost per place left empty.
    pub(super) unfilled: f64,
    /// Cost per place over the headcount.
    pub(super) over: f64,
    /// Most places over the headcount (`None`: no cap).
    pub(super) over_cap: Option<f64>,
}

/// A schedule column: its clinician, the shifts it covers and its cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Column {
    /// The clinician (position in the problem).
    pub(super) clinician: usize,
    /// The shifts worked (positions in the problem), ascending in time.
    pub(super) shifts: Vec<usize>,
    /// Σ pair costs + fairness.
    pub(super) cost: f64,
}

/// HiGHS's settings for every solve.
#[derive(Debug, Clone, Copy)]
pub(super) struct Search {
    /// Relative gap for the integer master.
    pub(super) mip_gap: f64,
    /// HiGHS threads (`None`: HiGHS decides).
    pub(super) threads: Option<u32>,
    /// HiGHS random seed.
    pub(super) seed: u64,
}

/// The restricted master LP.
pub(super) struct Lp {
    model: Option<Model>,
    rows: Vec<ShiftRow>,
    cover: Vec<Row>,
    convex: Vec<Row>,
    under: Vec<Col>,
    over: Vec<Option<Col>>,
    /// Artificial over-staffing beyond the cap, for phase one: (shift, column).
    art: Vec<(usize, Col)>,
    /// Schedule columns, in the order added.
    schedules: Vec<Col>,
    phase_one: bool,
    search: Search,
}

/// An optimal solution of the restricted master.
pub(super) struct LpSolution {
    /// Objective value (without the problem's constant).
    pub(super) value: f64,
    /// Duals of the shift rows.
    pub(super) cover: Vec<f64>,
    /// Duals of the clinicians' convexity rows.
    pub(super) convex: Vec<f64>,
    /// Σ artificial over-staffing (phase one's objective).
    pub(super) art: f64,
}

fn fail(what: &str, status: highs::HighsStatus) -> Error {
    Error::Internal(format!("HiGHS failed to {what}: {status:?}"))
}

fn configure(m: &mut Model, search: &Search, time_limit: f64, gap: Option<f64>) -> Result<()> {
    m.make_quiet();
    let t = time_limit.max(0.01);
    let set = |key: &str, r: std::result::Result<(), highs::TrySetOptionError>| {
        r.map_err(|e| Error::Internal(format!("HiGHS rejected option {key}: {e:?}")))
    };
    set("time_limit", m.try_set_option("time_limit", t))?;
    let seed = (search.seed % (i32::MAX as u64)) as i32;
    set("random_seed", m.try_set_option("random_seed", seed))?;
    if let Some(th) = search.threads {
        let th = th.min(i32::MAX as u32) as i32;
        set("threads", m.try_set_option("threads", th))?;
    }
    if gap.is_none() {
        // Re-solves start from the last basis; presolve would discard it.
        set("presolve", m.try_set_option("presolve", "off"))?;
    }
    if let Some(g) = gap {
        set("mip_rel_gap", m.try_set_option("mip_rel_gap", g))?;
        set("mip_abs_gap", m.try_set_option("mip_abs_gap", 1e-6))?;
    }
    Ok(())
}

impl Lp {
    /// The master with its slack and artificial columns and no schedule yet; in phase one
    /// (minimise the artificial over-staffing) when `phase_one`.
    pub(super) fn new(
        rows: &[ShiftRow],
        clinicians: usize,
        search: Search,
        phase_one: bool,
    ) -> Result<Self> {
        let (problem, cover, convex) = master_rows(rows, clinicians);
        let mut model = Model::try_new(problem).map_err(|e| fail("load the master", e))?;
        model.set_sense(Sense::Minimise);
        let mut lp = Lp {
            model: None,
            rows: rows.to_vec(),
            under: Vec::with_capacity(rows.len()),
            over: Vec::with_capacity(rows.len()),
            art: Vec::new(),
            cover,
            convex,
            schedules: Vec::new(),
            phase_one,
            search,
        };
        let k = if phase_one { 0.0 } else { 1.0 };
        for (s, r) in rows.iter().enumerate() {
            let row = lp.cover[s];
            lp.under
                .push(model.add_col(k * r.unfilled, 0.0..=r.headcount, [(row, 1.0)]));
            let cap = r.over_cap.unwrap_or(f64::INFINITY);
            lp.over.push(if cap > 0.0 {
                Some(model.add_col(k * r.over, 0.0..=cap, [(row, -1.0)]))
            } else {
                None
            });
            if r.over_cap.is_some() {
                let upper = if phase_one { f64::INFINITY } else { 0.0 };
                lp.art
                    .push((s, model.add_col(1.0 - k, 0.0..=upper, [(row, -1.0)])));
            }
        }
        lp.model = Some(model);
        Ok(lp)
    }

    /// Add a schedule column (its cost counts in phase two only).
    pub(super) fn add(&mut self, column: &Column) {
        let m = self.model.as_mut().expect("the master is loaded");
        let mut factors: Vec<(Row, f64)> = column
            .shifts
            .iter()
            .map(|&s| (self.cover[s], 1.0))
            .collect();
        factors.push((self.convex[column.clinician], 1.0));
        let cost = if self.phase_one { 0.0 } else { column.cost };
        self.schedules.push(m.add_col(cost, 0.0..=1.0, factors));
    }

    /// Leave phase one: every column takes its cost and the artificials are fixed at 0.
    pub(super) fn enter_phase_two(&mut self, columns: &[Column]) {
        let m = self.model.as_mut().expect("the master is loaded");
        for (col, column) in self.schedules.iter().zip(columns) {
            m.change_column_cost(*col, column.cost);
        }
        for (s, r) in self.rows.iter().enumerate() {
            m.change_column_cost(self.under[s], r.unfilled);
            if let Some(o) = self.over[s] {
                m.change_column_cost(o, r.over);
            }
        }
        for &(_, a) in &self.art {
            m.change_column_cost(a, 0.0);
            m.change_column_bounds(a, 0.0..=0.0);
        }
        self.phase_one = false;
    }

    /// Solve (warm from the last basis); `None` when HiGHS stops short of an optimum.
    pub(super) fn solve(&mut self, time_limit: f64) -> Result<Option<LpSolution>> {
        let mut m = self.model.take().expect("the master is loaded");
        configure(&mut m, &self.search, time_limit, None)?;
        let solved = m.try_solve().map_err(|e| fail("solve the master LP", e))?;
        let status = solved.status();
        let out = if status == HighsModelStatus::Optimal {
            let sol = solved.get_solution();
            let duals = sol.dual_rows();
            let values = sol.columns();
            Some(LpSolution {
                value: solved.objective_value(),
                cover: duals[..self.cover.len()].to_vec(),
                convex: duals[self.cover.len()..].to_vec(),
                art: self.art.iter().map(|&(_, c)| values[c.index()]).sum(),
            })
        } else {
            None
        };
        self.model = Some(Model::from(solved));
        Ok(out)
    }
}

/// What the integer master found.
pub(super) struct IntegerRun {
    /// The chosen column of each clinician (positions into the columns), when HiGHS found
    /// a solution.
    pub(super) chosen: Option<Vec<usize>>,
}

/// Solve the master as a MIP over `columns` (binary λ, one column per clinician).
pub(super) fn solve_integer(
    rows: &[ShiftRow],
    clinicians: usize,
    columns: &[Column],
    search: &Search,
    time_limit: f64,
) -> Result<IntegerRun> {
    let (mut problem, cover, convex) = master_rows(rows, clinicians);
    for column in columns {
        let mut factors: Vec<(Row, f64)> = column.shifts.iter().map(|&s| (cover[s], 1.0)).collect();
        factors.push((convex[column.clinician], 1.0));
        problem.add_integer_column(column.cost, 0.0..=1.0, factors);
    }
    for (s, r) in rows.iter().enumerate() {
        problem.add_column(r.unfilled, 0.0..=r.headcount, [(cover[s], 1.0)]);
        let cap = r.over_cap.unwrap_or(f64::INFINITY);
        if cap > 0.0 {
            problem.add_column(r.over, 0.0..=cap, [(cover[s], -1.0)]);
        }
    }
    let mut m = Model::try_new(problem).map_err(|e| fail("load the integer master", e))?;
    m.set_sense(Sense::Minimise);
    configure(&mut m, search, time_limit, Some(search.mip_gap))?;
    let solved = m
        .try_solve()
        .map_err(|e| fail("solve the integer master", e))?;
    // `primal_solution_status` 2 is a feasible point (read as an integer, as the MIP does).
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .is_ok_and(|v| v == 2);
    let chosen = has_solution.then(|| {
        let values = solved.get_solution().columns().to_vec();
        let mut chosen = vec![usize::MAX; clinicians];
        for (j, column) in columns.iter().enumerate() {
            if values[j] > 0.5 {
                chosen[column.clinician] = j;
            }
        }
        chosen
    });
    Ok(IntegerRun {
        chosen: chosen.filter(|c| c.iter().all(|&j| j != usize::MAX)),
    })
}

/// The master's rows: one covering row per shift (its headcount exactly, with the slack
/// columns added later) and one convexity row per clinician (one schedule each).
fn master_rows(rows: &[ShiftRow], clinicians: usize) -> (ColProblem, Vec<Row>, Vec<Row>) {
    let mut problem = ColProblem::default();
    let cover = rows
        .iter()
        .map(|r| problem.add_row(r.headcount..=r.headcount))
        .collect();
    let convex = (0..clinicians)
        .map(|_| problem.add_row(1.0..=1.0))
        .collect();
    (problem, cover, convex)
}
