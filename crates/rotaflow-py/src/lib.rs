//! `rotaflow._rotaflow`: the native half of the `rotaflow` Python package.
//!
//! Thin bindings over the core crate, no second implementation: problems are read by the
//! core's reader (from JSON text, or from Python objects turned into a JSON value), solved
//! by `rotaflow::solve` and scored by `rotaflow::score`; the planner's operations
//! (`explain`, `recommend`, `replan`, `whatif`, `report_html`) call `rotaflow::ops` and
//! return its serde documents as JSON, the `--json` documents of the command. The public Python API lives in
//! `python/rotaflow/__init__.py`; this module is private and may change.
//!
//! * Inputs are converted while holding the GIL; the solve (and the parse of JSON text)
//!   runs with the GIL released (`Python::detach`), so other Python threads go on.
//! * One place, `to_py_err`, maps the core's errors to the Python exceptions defined in
//!   `rotaflow/_errors.py`.
//! * No panic reaches Python as a `PanicException`: every entry point runs inside
//!   `guard`, which turns a panic into a `rotaflow.RotaflowError` naming it a bug.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use rotaflow::{Error, Issue, IssueCode, Problem, SolveOptions};
use serde_json::Value;

mod frames;
mod value;

/// Run `f`, turning a panic into a `RotaflowError` (a bug, reported, not a crash).
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(panic_error(py, payload)),
    }
}

/// Run `f` with the GIL released, turning a panic into an error value.
fn detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<Result<T, Error>> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(|payload| panic_error(py, payload))
}

fn panic_error(py: Python<'_>, payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    match error_class(py, "RotaflowError") {
        Ok(class) => PyErr::from_type(
            class.clone(),
            format!("internal error (please report this): a panic in rotaflow: {what}"),
        ),
        Err(e) => e,
    }
}

/// A class of `rotaflow._errors`, imported once.
fn error_class<'py>(py: Python<'py>, name: &'static str) -> PyResult<&'py Bound<'py, PyType>> {
    static ROTAFLOW: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static VALIDATION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static SOLVER: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cell = match name {
        "ValidationError" => &VALIDATION,
        "SolverError" => &SOLVER,
        _ => &ROTAFLOW,
    };
    cell.import(py, "rotaflow._errors", name)
}

fn issue_tuples(issues: &[Issue]) -> Vec<(String, &'static str, String)> {
    issues
        .iter()
        .map(|i| (i.pointer.clone(), i.code.as_str(), i.message.clone()))
        .collect()
}

fn validation_error(py: Python<'_>, issues: &[Issue]) -> PyErr {
    let message = Error::Invalid(issues.to_vec()).to_string();
    match error_class(py, "ValidationError")
        .and_then(|class| class.call1((message, issue_tuples(issues))))
    {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The one mapping of the core's errors to Python exceptions.
///
/// `Error::Invalid` becomes `ValidationError` with every issue; every other error becomes
/// `SolverError`, whose `kind` is the error's stable code (`Error::code()`:
/// `not_flow_representable`, `method_unavailable`, `out_of_range`, `too_large`, `internal`) and, for
/// a model the flow cannot represent, the obstacles.
fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    if let Error::Invalid(issues) = &error {
        return validation_error(py, issues);
    }
    let kind = error.code().as_str();
    let details: Vec<(String, Option<String>, String)> = match &error {
        Error::NotFlowRepresentable(obstacles) => obstacles
            .iter()
            .map(|o| {
                (
                    o.rule.as_str().to_owned(),
                    o.clinician.clone(),
                    o.detail.clone(),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    match error_class(py, "SolverError")
        .and_then(|class| class.call1((error.to_string(), kind, details)))
    {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// A parsed problem, held by `rotaflow.Problem`. Immutable, so it may be shared by
/// threads that solve it at once.
#[pyclass(frozen, module = "rotaflow._rotaflow", name = "NativeProblem")]
struct NativeProblem {
    inner: Problem,
}

/// Read a JSON value as a problem: the reader's issues, then the validator's.
fn problem_from_value(
    value: Value,
    mut found: Vec<Issue>,
    validate: bool,
) -> Result<Problem, Error> {
    match Problem::from_value_unvalidated(value) {
        Ok(problem) => {
            if validate {
                found.extend(rotaflow::validate(&problem));
            }
            if found.is_empty() {
                Ok(problem)
            } else {
                Err(Error::Invalid(rotaflow::sorted_issues(found)))
            }
        }
        Err(Error::Invalid(more)) => {
            // A value already reported while converting (a NaN, say) was left out; the
            // reader's complaint about the gap would say the same thing twice.
            let mut all = found.clone();
            all.extend(
                more.into_iter()
                    .filter(|i| !found.iter().any(|f| f.pointer == i.pointer)),
            );
            Err(Error::Invalid(rotaflow::sorted_issues(all)))
        }
        Err(other) => Err(other),
    }
}

/// Read the document that `build` makes from Python objects.
///
/// The common case, a well-formed document, takes one plain serde pass (the core's strict
/// deserializer, which refuses a list in place of an object, without the reader's
/// per-field error tracking). Should that fail, the
/// document is built again and read by the core's reader, which lists every problem
/// with its pointer: a second conversion only on the way to an error.
fn read_document(
    py: Python<'_>,
    build: impl Fn() -> PyResult<(Value, Vec<Issue>)>,
    validate: bool,
) -> PyResult<NativeProblem> {
    let (value, found) = build()?;
    let (value, found) = if found.is_empty() {
        let fast = detached(py, move || {
            Ok::<_, Error>(rotaflow::read::from_value::<Problem>(&value).ok())
        })?
        .ok()
        .flatten();
        if let Some(problem) = fast {
            let checked = detached(py, move || {
                let issues = if validate {
                    rotaflow::validate(&problem)
                } else {
                    Vec::new()
                };
                if issues.is_empty() {
                    Ok(problem)
                } else {
                    Err(Error::Invalid(issues))
                }
            })?;
            return checked
                .map(|inner| NativeProblem { inner })
                .map_err(|e| to_py_err(py, e));
        }
        build()?
    } else {
        (value, found)
    };
    detached(py, move || problem_from_value(value, found, validate))?
        .map(|inner| NativeProblem { inner })
        .map_err(|e| to_py_err(py, e))
}

#[pymethods]
impl NativeProblem {
    /// Parse and validate a problem document given as JSON text.
    #[staticmethod]
    #[pyo3(signature = (text, validate = true))]
    fn from_json(py: Python<'_>, text: String, validate: bool) -> PyResult<Self> {
        guard(py, || {
            let parsed = detached(py, move || {
                if validate {
                    Problem::from_json(&text)
                } else {
                    Problem::from_json_unvalidated(&text)
                }
            })?;
            parsed
                .map(|inner| NativeProblem { inner })
                .map_err(|e| to_py_err(py, e))
        })
    }

    /// Read and validate a problem document given as Python objects (a dict of lists,
    /// dicts, strings, numbers, booleans and `None`).
    #[staticmethod]
    #[pyo3(signature = (document, validate = true))]
    fn from_object(py: Python<'_>, document: &Bound<'_, PyAny>, validate: bool) -> PyResult<Self> {
        guard(py, || {
            let build = || {
                let mut found = Vec::new();
                let value = value::to_value(
                    document,
                    value::Mode::Document,
                    &value::Ptr::Root,
                    &mut found,
                )?
                .unwrap_or(Value::Null);
                Ok((value, found))
            };
            read_document(py, build, validate)
        })
    }

    /// Build a problem from DataFrame columns (see `rotaflow/_frames.py`), and validate
    /// it unless `validate` is false (the benchmark uses that to time the validator).
    #[staticmethod]
    #[pyo3(signature = (tables, extra, validate = true))]
    fn from_tables(
        py: Python<'_>,
        tables: &Bound<'_, PyDict>,
        extra: &Bound<'_, PyDict>,
        validate: bool,
    ) -> PyResult<Self> {
        guard(py, || {
            read_document(py, || frames::document(tables, extra), validate)
        })
    }

    /// The problem as pretty-printed JSON with a trailing newline (the core's writer).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.inner.to_json()))
    }

    /// The semantic validation issues as `(pointer, code, message)` tuples.
    fn issues(&self, py: Python<'_>) -> PyResult<Vec<(String, &'static str, String)>> {
        guard(py, || Ok(issue_tuples(&rotaflow::validate(&self.inner))))
    }

    /// The IANA zone of the problem's civil times.
    #[getter]
    fn timezone(&self) -> String {
        self.inner
            .timezone
            .clone()
            .unwrap_or_else(|| rotaflow::DEFAULT_TIMEZONE.to_owned())
    }

    /// `(sites, clinicians, shifts)` counts.
    fn sizes(&self) -> (usize, usize, usize) {
        (
            self.inner.sites.len(),
            self.inner.clinicians.len(),
            self.inner.shifts.len(),
        )
    }

    /// Columns describing `shifts` (ids, in order): site, site name, role, kind,
    /// start and end (seconds since the epoch, `None` when unreadable), hours and the
    /// shift's day. Unknown ids give `None` everywhere.
    fn shift_columns<'py>(
        &self,
        py: Python<'py>,
        shifts: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let t = rotaflow::shift_columns(&self.inner, &shifts);
            let out = PyDict::new(py);
            out.set_item("site", t.site)?;
            out.set_item("site_name", t.site_name)?;
            out.set_item("role", t.role)?;
            out.set_item("kind", t.kind)?;
            out.set_item("start", t.start)?;
            out.set_item("end", t.end)?;
            out.set_item("hours", t.hours)?;
            out.set_item("day", t.day)?;
            Ok(out)
        })
    }

    /// The names of `clinicians` (ids, in order); `None` for no name or an unknown id.
    fn clinician_names(
        &self,
        py: Python<'_>,
        clinicians: Vec<String>,
    ) -> PyResult<Vec<Option<String>>> {
        guard(py, || {
            let names: std::collections::HashMap<&str, Option<&str>> = self
                .inner
                .clinicians
                .iter()
                .map(|c| (c.id.as_str(), c.name.as_deref()))
                .collect();
            Ok(clinicians
                .iter()
                .map(|id| names.get(id.as_str()).copied().flatten().map(str::to_owned))
                .collect())
        })
    }
}

/// Solve `problem` with the options document (`{"method": …, "time_limit_s": …}`, see
/// `SolveOptions::from_value`); returns the roster JSON, the bytes `rotaflow solve`
/// writes. The GIL is released while solving; `progress`, when given, is called with
/// each of the solve's progress reports as a dict (`rotaflow::Progress`), the GIL taken
/// for the call; with `log`, each report's line (`Progress`'s `Display`, the command's
/// log line) goes to the `rotaflow` logger at INFO instead. An exception raised there
/// stops the search (where the solver heeds a stop) and is raised from here, the roster
/// dropped.
#[pyfunction]
#[pyo3(signature = (problem, options, progress=None, log=false))]
fn solve(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    options: &Bound<'_, PyAny>,
    progress: Option<Py<PyAny>>,
    log: bool,
) -> PyResult<String> {
    guard(py, || {
        let mut found = Vec::new();
        let value = value::to_value(
            options,
            value::Mode::Document,
            &value::Ptr::Root,
            &mut found,
        )?
        .unwrap_or(Value::Null);
        if !found.is_empty() {
            return Err(validation_error(py, &found));
        }
        let mut options = SolveOptions::from_value(&value).map_err(|e| to_py_err(py, e))?;
        let failed: std::sync::Arc<std::sync::Mutex<Option<PyErr>>> = Default::default();
        if progress.is_some() || log {
            let stop = rotaflow::Stop::new();
            options = options.with_stop(stop.clone());
            let failed = std::sync::Arc::clone(&failed);
            options = options.with_progress(rotaflow::ProgressFn::new(move |p| {
                Python::attach(|py| {
                    let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
                    if failed.is_some() {
                        return;
                    }
                    let called = match &progress {
                        Some(callback) => {
                            progress_dict(py, p).and_then(|d| callback.call1(py, (d,)).map(drop))
                        }
                        None => py
                            .import("logging")
                            .and_then(|l| l.call_method1("getLogger", ("rotaflow",)))
                            .and_then(|l| l.call_method1("info", ("%s", p.to_string())))
                            .map(drop),
                    };
                    if let Err(e) = called {
                        *failed = Some(e);
                        stop.request();
                    }
                });
            }));
        }
        let problem = problem.get();
        let solved = detached(py, || {
            rotaflow::solve(&problem.inner, &options).map(|r| r.to_json())
        })?;
        if let Some(e) = failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        solved.map_err(|e| to_py_err(py, e))
    })
}

/// A progress report as the dict Python callbacks receive: `Progress::to_json` read by
/// `json.loads` (one definition of the keys, the C ABI's).
fn progress_dict<'py>(py: Python<'py>, p: &rotaflow::Progress) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (p.to_json(),))
}

/// How many independent parts a solve with `options` solves apart (1: whole);
/// `rotaflow::Index::solve_part_count`. The GIL is released meanwhile.
#[pyfunction]
fn solve_part_count(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    options: &Bound<'_, PyAny>,
) -> PyResult<usize> {
    guard(py, || {
        let options = solve_options(py, options)?;
        let problem = problem.get();
        detached(py, || {
            rotaflow::Index::build(&problem.inner)?.solve_part_count(&options)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// Part `part` of a divided solve, solved (`rotaflow::Index::solve_part`); the part's
/// solution as JSON. The GIL is released meanwhile.
#[pyfunction]
fn solve_part(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    options: &Bound<'_, PyAny>,
    part: usize,
) -> PyResult<String> {
    guard(py, || {
        let options = solve_options(py, options)?;
        let problem = problem.get();
        detached(py, || {
            let solved = rotaflow::Index::build(&problem.inner)?.solve_part(&options, part)?;
            serde_json::to_string(&solved).map_err(unwritable)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// The parts' solutions (JSON texts, in part order) merged into the roster `solve`
/// writes (`rotaflow::Index::merge_parts`). The GIL is released meanwhile.
#[pyfunction]
fn merge_parts(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    options: &Bound<'_, PyAny>,
    solutions: Vec<String>,
) -> PyResult<String> {
    guard(py, || {
        let options = solve_options(py, options)?;
        let mut read = Vec::with_capacity(solutions.len());
        for (k, text) in solutions.iter().enumerate() {
            let solution: rotaflow::PartSolution = serde_json::from_str(text).map_err(|e| {
                to_py_err(
                    py,
                    Error::Invalid(vec![rotaflow::Issue::new(
                        format!("/{k}"),
                        rotaflow::IssueCode::InvalidType,
                        format!("not a part solution: {e}"),
                    )]),
                )
            })?;
            read.push(solution);
        }
        let problem = problem.get();
        detached(py, || {
            rotaflow::Index::build(&problem.inner)?
                .merge_parts(&options, &read)
                .map(|r| r.to_json())
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// Score `assignments` (`(shift, clinician)` pairs) against `problem` with the
/// independent evaluator; returns the evaluation as JSON.
#[pyfunction]
fn score(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    assignments: Vec<(String, String)>,
) -> PyResult<String> {
    guard(py, || {
        let pairs: Vec<rotaflow::Assignment> = assignments
            .into_iter()
            .map(|(s, c)| rotaflow::Assignment::new(s, c))
            .collect();
        let problem = problem.get();
        detached(py, || {
            rotaflow::score(&problem.inner, &pairs).and_then(|e| {
                let mut text = serde_json::to_string(&e).map_err(unwritable)?;
                text.push('\n');
                Ok(text)
            })
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// Python objects (the options dict, the list of changes) as a JSON value; what JSON
/// cannot hold is a `ValidationError` pointing at it, under `base`.
fn object_value(py: Python<'_>, object: &Bound<'_, PyAny>, base: &str) -> PyResult<Value> {
    let mut found = Vec::new();
    let value = value::to_value(object, value::Mode::Document, &value::Ptr::Root, &mut found)?
        .unwrap_or(Value::Null);
    if found.is_empty() {
        Ok(value)
    } else {
        for issue in &mut found {
            issue.pointer = format!("{base}{}", issue.pointer);
        }
        Err(validation_error(py, &found))
    }
}

/// The solve options document (`{"method": …, "time_limit_s": …}`).
fn solve_options(py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<SolveOptions> {
    let value = object_value(py, options, "")?;
    SolveOptions::from_value(&value).map_err(|e| to_py_err(py, e))
}

fn assignments_of(pairs: Vec<(String, String)>) -> Vec<rotaflow::Assignment> {
    pairs
        .into_iter()
        .map(|(s, c)| rotaflow::Assignment::new(s, c))
        .collect()
}

/// Writing an operation's answer as JSON failed (it cannot: plain data).
fn unwritable(e: serde_json::Error) -> Error {
    Error::Internal(format!("the answer could not be written as JSON: {e}"))
}

/// `rotaflow::explain`; the explanation as JSON. The GIL is released meanwhile.
#[pyfunction]
fn explain(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    assignments: Vec<(String, String)>,
) -> PyResult<String> {
    guard(py, || {
        let roster = assignments_of(assignments);
        let problem = problem.get();
        detached(py, || {
            serde_json::to_string(&rotaflow::explain(&problem.inner, &roster)?).map_err(unwritable)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// `rotaflow::recommend_with` with the options document; the recommendation as JSON.
#[pyfunction]
fn recommend(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    assignments: Vec<(String, String)>,
    shift: String,
    k: usize,
    options: &Bound<'_, PyAny>,
) -> PyResult<String> {
    guard(py, || {
        let options = solve_options(py, options)?;
        let roster = assignments_of(assignments);
        let problem = problem.get();
        detached(py, || {
            let r = rotaflow::recommend_with(&problem.inner, &roster, &shift, k, &options)?;
            serde_json::to_string(&r).map_err(unwritable)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// Read the list of changes (`[{"cancel": {"clinician": …}}, …]`, as in
/// `docs/operations.md`) with the core's reader; every unreadable change is reported at
/// `/changes/<i>`.
fn changes_from(py: Python<'_>, changes: &Bound<'_, PyAny>) -> PyResult<Vec<rotaflow::Change>> {
    let value = object_value(py, changes, "/changes")?;
    rotaflow::read::changes_from_value(value).map_err(|e| to_py_err(py, e))
}

/// `rotaflow::replan`: `(roster JSON, {"diff", "change_weight", "notes"} JSON, the
/// repaired problem)`. The roster is the bytes `rotaflow replan` writes.
#[pyfunction]
#[pyo3(signature = (problem, assignments, changes, change_weight, options))]
fn replan(
    py: Python<'_>,
    problem: Py<NativeProblem>,
    assignments: Vec<(String, String)>,
    changes: &Bound<'_, PyAny>,
    change_weight: Option<f64>,
    options: &Bound<'_, PyAny>,
) -> PyResult<(String, String, NativeProblem)> {
    guard(py, || {
        let changes = changes_from(py, changes)?;
        let options = solve_options(py, options)?;
        let roster = assignments_of(assignments);
        let problem = problem.get();
        detached(py, || {
            let r = rotaflow::replan(&problem.inner, &roster, &changes, change_weight, &options)?;
            let rest = serde_json::to_string(&serde_json::json!({
                "diff": r.diff,
                "change_weight": r.change_weight,
                "notes": r.notes,
            }))
            .map_err(unwritable)?;
            Ok((r.roster.to_json(), rest, NativeProblem { inner: r.problem }))
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// `rotaflow::whatif`; the marginal values as JSON.
#[pyfunction]
fn whatif(py: Python<'_>, problem: Py<NativeProblem>, top: usize) -> PyResult<String> {
    guard(py, || {
        let problem = problem.get();
        detached(py, || {
            serde_json::to_string(&rotaflow::whatif(&problem.inner, top)?).map_err(unwritable)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// `rotaflow::report_html` of a roster document (JSON text); the HTML page.
#[pyfunction]
fn report_html(py: Python<'_>, problem: Py<NativeProblem>, roster: String) -> PyResult<String> {
    guard(py, || {
        let roster = rotaflow::read::roster(&roster).map_err(|e| to_py_err(py, e))?;
        let problem = problem.get();
        detached(py, || rotaflow::report_html(&problem.inner, &roster))?
            .map_err(|e| to_py_err(py, e))
    })
}

/// `rotaflow::scenario_row` of a roster document (JSON text); the row as JSON.
#[pyfunction]
fn scenario_row(
    py: Python<'_>,
    name: String,
    problem: Py<NativeProblem>,
    roster: String,
) -> PyResult<String> {
    guard(py, || {
        let roster = rotaflow::read::roster(&roster).map_err(|e| to_py_err(py, e))?;
        let problem = problem.get();
        detached(py, || {
            serde_json::to_string(&rotaflow::scenario_row(&name, &problem.inner, &roster)?)
                .map_err(unwritable)
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// A sweep's scenario in one call: validate `problem` once, solve it with `options` (the
/// time limit counting from this call) and summarise the roster as scenario `name`
/// (`Index::solve`, then `Index::scenario_row` on the same index); the roster and the
/// row as JSON. The GIL is released meanwhile.
#[pyfunction]
fn solve_summary(
    py: Python<'_>,
    name: String,
    problem: Py<NativeProblem>,
    options: &Bound<'_, PyAny>,
) -> PyResult<(String, String)> {
    guard(py, || {
        let mut options = solve_options(py, options)?;
        let problem = problem.get();
        detached(py, || {
            options.started = Some(std::time::Instant::now());
            let index = rotaflow::Index::build(&problem.inner)?;
            let roster = index.solve(&options)?;
            let row = index.scenario_row(&name, &roster)?;
            Ok((
                roster.to_json(),
                serde_json::to_string(&row).map_err(unwritable)?,
            ))
        })?
        .map_err(|e| to_py_err(py, e))
    })
}

/// `rotaflow::sweep_report_html` of scenario rows (a JSON list); the HTML page.
#[pyfunction]
fn sweep_report_html(py: Python<'_>, rows: String) -> PyResult<String> {
    guard(py, || {
        let rows: Vec<rotaflow::ScenarioRow> = serde_json::from_str(&rows).map_err(|e| {
            to_py_err(
                py,
                rotaflow::Error::Invalid(vec![rotaflow::Issue::new(
                    "",
                    rotaflow::IssueCode::InvalidType,
                    format!("not a list of scenario rows: {e}"),
                )]),
            )
        })?;
        Ok(rotaflow::sweep_report_html(&rows))
    })
}

/// A synthetic flexible-pool problem (`rotaflow_synth::generate`), as a problem.
#[pyfunction]
#[pyo3(signature = (clinicians = 1000, sites = 120, days = 7, seed = 0, start = None, regions = 1))]
fn generate(
    py: Python<'_>,
    clinicians: usize,
    sites: usize,
    days: usize,
    seed: u64,
    start: Option<String>,
    regions: usize,
) -> PyResult<NativeProblem> {
    guard(py, || {
        let mut options = rotaflow_synth::GenerateOptions {
            clinicians,
            sites,
            days,
            seed,
            regions,
            ..Default::default()
        };
        if let Some(start) = start {
            options.start = start;
        }
        py.detach(|| rotaflow_synth::generate(&options))
            .map(|inner| NativeProblem { inner })
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    })
}

/// Check that `text` is a roster document the core can read; returns it unchanged.
#[pyfunction]
fn check_roster(py: Python<'_>, text: String) -> PyResult<String> {
    guard(py, || match rotaflow::read::roster(&text) {
        Ok(_) => Ok(text),
        Err(e) => Err(to_py_err(py, e)),
    })
}

/// Read a roster document or a bare list of assignments with the core's reader (the one
/// the command and the C ABI use): JSON text, or the document as Python objects. Returns
/// the `(shift, clinician)` pairs.
#[pyfunction]
fn read_assignments(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
) -> PyResult<Vec<(String, String)>> {
    guard(py, || {
        let read = match document.extract::<String>() {
            Ok(text) => rotaflow::read::assignments(&text),
            Err(_) => rotaflow::read::assignments_from_value(object_value(py, document, "")?),
        };
        read.map(|list| list.into_iter().map(|a| (a.shift, a.clinician)).collect())
            .map_err(|e| to_py_err(py, e))
    })
}

/// The text of a document given as bytes, checked by the core (the command and the C ABI
/// use the same check): UTF-8, a leading byte order mark skipped; anything else is a
/// `ValidationError` with one `invalid_utf8` issue giving the byte offset.
#[pyfunction]
fn text_of(py: Python<'_>, data: &[u8]) -> PyResult<String> {
    guard(py, || {
        rotaflow::read::utf8(data)
            .map(str::to_owned)
            .map_err(|e| to_py_err(py, e))
    })
}

/// Every stable validation code, in declaration order.
#[pyfunction]
fn issue_codes() -> Vec<&'static str> {
    IssueCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// The names of the frames `Problem.from_frames` accepts.
#[pyfunction]
fn frame_names() -> Vec<&'static str> {
    frames::table_names()
}

/// A panic inside a guarded entry point, for the test that no `PanicException` escapes.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, detach: bool) -> PyResult<()> {
    if detach {
        detached(py, || -> Result<(), Error> {
            panic!("a test panic (detached)")
        })?
        .map_err(|e| to_py_err(py, e))
    } else {
        guard(py, || -> PyResult<()> { panic!("a test panic") })
    }
}

/// The version of the core crate these bindings were built with.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The native module.
#[pymodule]
fn _rotaflow(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", VERSION)?;
    m.add_class::<NativeProblem>()?;
    m.add_function(wrap_pyfunction!(solve, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(check_roster, m)?)?;
    m.add_function(wrap_pyfunction!(read_assignments, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(recommend, m)?)?;
    m.add_function(wrap_pyfunction!(replan, m)?)?;
    m.add_function(wrap_pyfunction!(whatif, m)?)?;
    m.add_function(wrap_pyfunction!(report_html, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_row, m)?)?;
    m.add_function(wrap_pyfunction!(solve_summary, m)?)?;
    m.add_function(wrap_pyfunction!(solve_part_count, m)?)?;
    m.add_function(wrap_pyfunction!(solve_part, m)?)?;
    m.add_function(wrap_pyfunction!(merge_parts, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_report_html, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(issue_codes, m)?)?;
    m.add_function(wrap_pyfunction!(text_of, m)?)?;
    m.add_function(wrap_pyfunction!(frame_names, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}
