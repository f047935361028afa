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
    /// Seconds the last interior-point solve took.
    last_ipm_s: f64,
    /// Seconds spent in HiGHS on this model so far.
    spent_s: f64,
}

/// An optimal solution of the restricted master.
pub(super) struct LpSolution {
    /// Duals of the shift rows.
    pub(super) cover: Vec<f64>,
    /// Duals of the clinicians' convexity rows.
    pub(super) convex: Vec<f64>,
    /// Σ artificial over-staffing (phase one's objective).
    pub(super) art: f64,
    /// The value of each schedule column, in the order added.
    pub(super) schedules: Vec<f64>,
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
        // The master is re-solved from scratch: presolve would only cost time.
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
            last_ipm_s: 0.0,
            spent_s: 0.0,
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

    /// Solve: by HiGHS's interior-point method without crossover, for at most
    /// [`IPM_PATIENCE`] times the last such solve (at least a second); when that ends short
    /// of an optimum, by the dual simplex method for the rest of `time_limit`. `None` when
    /// neither reaches an optimum in time.
    ///
    /// The interior point's duals lie near the centre of the optimal face. A vertex's duals
    /// (the simplex method's) are an extreme point of a face that is highly degenerate
    /// here, above all when the master holds little more than the first roster; priced at
    /// them, column generation barely moves (measured on the 1,000-clinician rules week:
    /// the master's value fell 0.0004 % in 20 s at the simplex's duals, 0.03 % at the
    /// interior point's, and the 300-clinician week's bound came within 0.2 % of the MIP's
    /// optimum in 22 s).
    pub(super) fn solve(&mut self, time_limit: f64) -> Result<Option<LpSolution>> {
        let started = std::time::Instant::now();
        let patience = (IPM_PATIENCE * self.last_ipm_s).max(1.0).min(time_limit);
        if let Some(out) = self.solve_with("ipm", patience)? {
            self.last_ipm_s = started.elapsed().as_secs_f64();
            return Ok(Some(out));
        }
        let left = time_limit - started.elapsed().as_secs_f64();
        if left <= 0.0 {
            return Ok(None);
        }
        self.solve_with("simplex", left)
    }

    fn solve_with(&mut self, solver: &str, time_limit: f64) -> Result<Option<LpSolution>> {
        let mut m = self.model.take().expect("the master is loaded");
        // HiGHS's clock runs on across the solves of one model: the limit is on its total.
        configure(&mut m, &self.search, self.spent_s + time_limit, None)?;
        let set = |key: &str, r: std::result::Result<(), highs::TrySetOptionError>| {
            r.map_err(|e| Error::Internal(format!("HiGHS rejected option {key}: {e:?}")))
        };
        set("solver", m.try_set_option("solver", solver))?;
        set("run_crossover", m.try_set_option("run_crossover", "off"))?;
        let started = std::time::Instant::now();
        let solved = m.try_solve().map_err(|e| fail("solve the master LP", e))?;
        self.spent_s += started.elapsed().as_secs_f64();
        let out = if solved.status() == HighsModelStatus::Optimal {
            let sol = solved.get_solution();
            let duals = sol.dual_rows();
            let values = sol.columns();
            Some(LpSolution {
                cover: duals[..self.cover.len()].to_vec(),
                convex: duals[self.cover.len()..].to_vec(),
                art: self.art.iter().map(|&(_, c)| values[c.index()]).sum(),
                schedules: self.schedules.iter().map(|c| values[c.index()]).collect(),
            })
        } else {
            None
        };
        self.model = Some(Model::from(solved));
        Ok(out)
    }
}

/// How many times the last interior-point solve's time the next may take before the
/// simplex method takes over (HiGHS's interior point occasionally stalls on the master).
const IPM_PATIENCE: f64 = 4.0;

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
