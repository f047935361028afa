//! Building the MIP of the module formulation: its variables, then its rows family by
//! family ([`super::rows`]), in a fixed order (HiGHS's search depends on the order of
//! columns and rows, and the same problem must give the same roster).

use good_lp::{Constraint, Expression, ProblemVariables, Variable, variable};

use super::rows;
use crate::index::{ClinicianIdx, Index, ShiftIdx};
use crate::solve::backend::Deadline;

/// Which clinicians and rules a model includes.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    /// Clinicians with variables (all, or one when diagnosing).
    pub(super) clinicians: Vec<ClinicianIdx>,
    /// Per clinician: whether their minimums (and the pins on them) are enforced.
    pub(super) minimums: Vec<bool>,
    /// Minimise the objective (false: feasibility only).
    pub(super) objective: bool,
    /// Places on each shift held by the clinicians out of scope, whose schedules stay as
    /// they are (a neighbourhood of decompose's search): the headcount, the cap and the
    /// over-staffing rows count them. `None`: only pins out of scope take places.
    pub(super) taken: Option<Vec<u32>>,
}

impl Scope {
    /// Every clinician, every rule, the objective.
    pub(super) fn all(index: &Index<'_>) -> Self {
        Scope {
            clinicians: index.clinician_indices().collect(),
            minimums: vec![true; index.clinician_count()],
            objective: true,
            taken: None,
        }
    }
}

/// What HiGHS is given.
pub(crate) struct Model {
    pub(super) vars: ProblemVariables,
    pub(super) constraints: Vec<Constraint>,
    pub(super) objective: Expression,
    /// The objective as (column, coefficient), to evaluate HiGHS's columns ourselves.
    pub(super) terms: Vec<(usize, f64)>,
}

/// How to read HiGHS's answer back.
pub(crate) struct Mapping {
    /// The objective's constant (HiGHS sees none).
    pub(super) constant: f64,
    /// (shift, clinician, column) for every eligible pair in scope.
    pub(super) x: Vec<(ShiftIdx, ClinicianIdx, usize)>,
}

/// A model under construction: the rows' functions add to it.
pub(super) struct Builder {
    vars: ProblemVariables,
    constraints: Vec<Constraint>,
    objective: Expression,
    terms: Vec<(usize, f64)>,
    /// Whether costs go into the objective (false when only feasibility is asked).
    priced: bool,
}

impl Builder {
    /// A new column; its `cost` enters the objective when the model is priced.
    pub(super) fn column(&mut self, def: good_lp::VariableDefinition, cost: f64) -> Variable {
        let col = self.vars.len();
        let v = self.vars.add(def);
        if self.priced && cost != 0.0 {
            self.objective.add_mul(cost, v);
            self.terms.push((col, cost));
        }
        v
    }

    /// Add a row.
    pub(super) fn row(&mut self, c: Constraint) {
        self.constraints.push(c);
    }

    /// Whether costs enter the objective.
    pub(super) fn priced(&self) -> bool {
        self.priced
    }
}

/// A day variable: absent (the clinician cannot work that day) or a binary.
#[derive(Debug, Clone, Copy)]
pub(super) enum Day {
    Off,
    Var(Variable),
}

impl Day {
    pub(super) fn var(self) -> Option<Variable> {
        match self {
            Day::Var(v) => Some(v),
            Day::Off => None,
        }
    }
}

/// `Σ vars`.
pub(super) fn sum_of(vars: impl IntoIterator<Item = Variable>) -> Expression {
    let mut e = Expression::with_capacity(4);
    for v in vars {
        e.add_mul(1.0, v);
    }
    e
}

/// Build the model of `scope`, or `None` when `deadline` passes first (checked before
/// each clinician's columns and rows, so a large model stops within one clinician's work).
pub(super) fn build(
    index: &Index<'_>,
    scope: &Scope,
    deadline: Deadline,
) -> Option<(Model, Mapping)> {
    let p = index.problem();
    let w = &p.weights;
    let mut b = Builder {
        vars: ProblemVariables::new(),
        constraints: Vec::new(),
        objective: Expression::with_capacity(index.eligible_pair_count()),
        terms: Vec::with_capacity(index.eligible_pair_count()),
        priced: scope.objective,
    };
    let mut constant = 0.0;
    if scope.objective {
        constant += w.change * index.previous().len() as f64;
    }
    let mut in_scope = vec![false; index.clinician_count()];
    for &c in &scope.clinicians {
        in_scope[c.index()] = true;
    }
    let pinned: std::collections::HashSet<(ShiftIdx, ClinicianIdx)> =
        index.pinned().iter().copied().collect();

    // Pair variables x[c,s], per shift and per clinician.
    let mut x = Vec::with_capacity(index.eligible_pair_count());
    let mut by_shift: Vec<Vec<Variable>> = vec![Vec::new(); index.shift_count()];
    let mut by_clinician: Vec<Vec<(ShiftIdx, Variable)>> =
        vec![Vec::new(); index.clinician_count()];
    // Capacity taken by pins of clinicians out of scope (diagnosis of one clinician).
    let mut pinned_outside = vec![0u32; index.shift_count()];
    for &(s, c) in index.pinned() {
        if !in_scope[c.index()] {
            pinned_outside[s.index()] += 1;
        }
    }
    for &c in &scope.clinicians {
        if deadline.passed() {
            return None;
        }
        for &s in index.eligible_for_clinician(c) {
            let pin = scope.minimums[c.index()] && pinned.contains(&(s, c));
            if !pin
                && scope
                    .taken
                    .as_ref()
                    .is_some_and(|t| full(index, s, t[s.index()]))
            {
                // The places held outside leave no room: the pair can only be 0.
                continue;
            }
            let def = if pin {
                variable().binary().min(1.0)
            } else {
                variable().binary()
            };
            let cost = if scope.objective {
                index.pair_cost(c, s)
            } else {
                0.0
            };
            let col = b.vars.len();
            let v = b.column(def, cost);
            x.push((s, c, col));
            by_shift[s.index()].push(v);
            by_clinician[c.index()].push((s, v));
        }
    }

    // Headcount, unfilled and over-staffing.
    for s in index.shift_indices() {
        let vs = &by_shift[s.index()];
        if vs.is_empty() {
            if scope.objective {
                let f = index.shift(s);
                constant += f.unfilled_penalty * f64::from(f.headcount);
            }
            continue;
        }
        let outside = match &scope.taken {
            Some(taken) => rows::Outside::Held(taken[s.index()]),
            None => rows::Outside::Pinned(pinned_outside[s.index()]),
        };
        rows::headcount(&mut b, index, s, vs, outside);
    }

    // Per clinician, family by family.
    for &c in &scope.clinicians {
        if deadline.passed() {
            return None;
        }
        let l = &p.clinicians[c.index()].limits;
        let mins = scope.minimums[c.index()];
        let mine = &by_clinician[c.index()];
        rows::overlap(&mut b, index, mine);
        rows::rest(&mut b, index, l, mine);
        let total = sum_of(mine.iter().map(|&(_, v)| v));
        rows::counts(&mut b, l, mins, mine.len(), &total);
        rows::hours(&mut b, index, l, mins, mine);
        rows::per_week(&mut b, index, l, mins, mine);
        let on_day = rows::on_day(index, mine);
        let days = day_variables(&mut b, l, &on_day);
        rows::per_day(&mut b, l, mins, &on_day, &days);
        rows::max_run(&mut b, l, &days);
        if mins {
            rows::min_run(&mut b, l, &days);
            rows::min_off(&mut b, l, &days);
        }
        rows::weekends(&mut b, index, l, &days);
        rows::per_kind(&mut b, index, l, mine);
        rows::successions(&mut b, index, mine, &on_day);
        if scope.objective {
            super::pattern::rows(&mut b, index, c, mine);
        }
        if scope.objective && w.fairness != 0.0 {
            if let Some(t) = p.clinicians[c.index()].target_shifts {
                rows::fairness(&mut b, w.fairness, t, total);
            }
        }
    }
    Some((
        Model {
            vars: b.vars,
            constraints: b.constraints,
            objective: b.objective,
            terms: b.terms,
        },
        Mapping { constant, x },
    ))
}

/// Whether `held` places leave shift `s` no room for one more clinician: its cap is
/// reached (as [`rows::headcount`] reads it: `max_headcount`, else the headcount when
/// over-staffing has no penalty).
fn full(index: &Index<'_>, s: ShiftIdx, held: u32) -> bool {
    let f = index.shift(s);
    match (f.over_penalty, f.max_headcount) {
        (_, Some(cap)) => held >= cap,
        (Some(_), None) => false,
        (None, None) => held >= f.headcount,
    }
}

/// `w[c,d]` for each day with an eligible shift, when the clinician has a day rule.
fn day_variables(b: &mut Builder, l: &crate::model::Limits, on_day: &[Vec<Variable>]) -> Vec<Day> {
    if !rows::needs_days(l) {
        return vec![Day::Off; on_day.len()];
    }
    on_day
        .iter()
        .map(|list| {
            if list.is_empty() {
                Day::Off
            } else {
                Day::Var(b.column(variable().binary(), 0.0))
            }
        })
        .collect()
}
