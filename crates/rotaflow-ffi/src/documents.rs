//! The JSON documents the C functions read and write, apart from the C types: problem,
//! options, assignments in; roster, evaluation, problem out.

use rotaflow::{Assignment, Evaluation, Index, IssueCode, Problem, SolveOptions};
use serde_json::Value;

use crate::boundary::{ErrorEntry, Failure, failure_from_error, roster_result};
use crate::rotaflow_status;

/// Read a problem document (every JSON-level problem reported); [`index`] validates it.
pub(crate) fn problem(text: &str) -> Result<Problem, Failure> {
    Problem::from_json_unvalidated(text).map_err(failure_from_error)
}

/// Validate a read problem: the one validation of a call.
pub(crate) fn index(problem: &Problem) -> Result<Index<'_>, Failure> {
    Index::build(problem).map_err(failure_from_error)
}

/// The options document; absent means "everything from the problem's `solver` block".
pub(crate) fn options(text: Option<&str>) -> Result<SolveOptions, Failure> {
    match text {
        None => Ok(SolveOptions::new()),
        Some(text) => rotaflow::read::value(text)
            .and_then(|value| SolveOptions::from_value(&value))
            .map_err(|e| options_failure(e, "the options are")),
    }
}

/// A roster document (its `assignments` are used) or a bare list of
/// `{"shift", "clinician"}`, read by the core's reader: pointers point into this document.
pub(crate) fn assignments(text: &str) -> Result<Vec<Assignment>, Failure> {
    rotaflow::read::assignments(text).map_err(failure_from_error)
}

/// Solve, and write the roster as `rotaflow solve` does (pretty JSON, trailing newline).
pub(crate) fn solve(index: &Index<'_>, options: &SolveOptions) -> Result<String, Failure> {
    let problem = index.problem();
    let roster = index.solve(options).map_err(|error| {
        // Each rule in the flow's way points at its clinician, where it names one.
        let pointers: Vec<String> = match &error {
            rotaflow::Error::NotFlowRepresentable(obstacles) => obstacles
                .iter()
                .map(|o| {
                    o.clinician
                        .as_deref()
                        .and_then(|id| problem.clinicians.iter().position(|c| c.id == id))
                        .map_or_else(String::new, |i| format!("/clinicians/{i}"))
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut failure = failure_from_error(error);
        for (entry, pointer) in failure.errors.iter_mut().zip(pointers) {
            entry.pointer = pointer;
        }
        failure
    })?;
    roster_result(roster)
}

/// Score, and write the evaluation as `rotaflow score --json` does.
pub(crate) fn score(index: &Index<'_>, assignments: &[Assignment]) -> Result<String, Failure> {
    Ok(evaluation_json(&index.score(assignments)))
}

fn evaluation_json(evaluation: &Evaluation) -> String {
    let mut text = serde_json::to_string_pretty(evaluation)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The failure of reading an options document: the core's issues, a syntax error
/// saying that it is the options (`what`) that are not JSON.
fn options_failure(error: rotaflow::Error, what: &str) -> Failure {
    let mut failure = failure_from_error(error);
    for entry in &mut failure.errors {
        entry.message = entry.message.replacen("the document is", what, 1);
    }
    failure
}

/// A Failure with one validation entry.
fn invalid(pointer: impl Into<String>, code: IssueCode, message: impl Into<String>) -> Failure {
    Failure {
        status: rotaflow_status::ValidationFailed,
        errors: vec![ErrorEntry::new(pointer, code.as_str(), message)],
    }
}

/// An options object, parsed: absent (NULL) is `{}`; anything but an object is refused.
fn options_object(text: Option<&str>) -> Result<serde_json::Map<String, Value>, Failure> {
    let Some(text) = text else {
        return Ok(serde_json::Map::new());
    };
    let value = rotaflow::read::value(text).map_err(|e| options_failure(e, "the options are"))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(invalid(
            "",
            IssueCode::InvalidType,
            "the options must be a JSON object",
        )),
    }
}

/// The options of explain: none yet, so NULL or `{}`; every member is an unknown field.
pub(crate) fn no_options(text: Option<&str>) -> Result<(), Failure> {
    let map = options_object(text)?;
    let errors: Vec<ErrorEntry> = map
        .keys()
        .map(|k| {
            ErrorEntry::new(
                format!("/{}", k.replace('~', "~0").replace('/', "~1")),
                IssueCode::UnknownField.as_str(),
                format!("unknown option `{k}`: explain takes no options (pass NULL or {{}})"),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure {
            status: rotaflow_status::ValidationFailed,
            errors,
        })
    }
}

/// The options of replan: the solve options plus `change_weight` (a number).
pub(crate) fn replan_options(text: Option<&str>) -> Result<(SolveOptions, Option<f64>), Failure> {
    let mut map = options_object(text)?;
    let weight = match map.remove("change_weight") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(_) => {
            return Err(invalid(
                "/change_weight",
                IssueCode::InvalidType,
                "`change_weight` must be a number",
            ));
        }
    };
    let options = SolveOptions::from_value(&Value::Object(map)).map_err(failure_from_error)?;
    Ok((options, weight))
}

/// The changes of replan: `{"changes": [...]}` or the bare list, read by the core's
/// reader (each unreadable change at `/changes/<i>`, the pointers of replan's own errors
/// too).
pub(crate) fn changes(text: &str) -> Result<Vec<rotaflow::Change>, Failure> {
    rotaflow::read::changes(text).map_err(failure_from_error)
}

/// A roster document, as `rotaflow solve` writes it (the report needs all of it).
pub(crate) fn roster(text: &str) -> Result<rotaflow::Roster, Failure> {
    rotaflow::read::roster(text).map_err(failure_from_error)
}

/// Pretty JSON with a trailing newline: the bytes of the command's `--json`, plus `\n`.
pub(crate) fn pretty<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| {
        Failure::single(
            rotaflow_status::InternalError,
            "internal",
            format!("internal error (please report this): the answer as JSON: {e}"),
        )
    })?;
    text.push('\n');
    Ok(text)
}

/// Explain, as `rotaflow explain --json` prints it.
pub(crate) fn explain(index: &Index<'_>, roster: &[Assignment]) -> Result<String, Failure> {
    pretty(&index.explain(roster).map_err(failure_from_error)?)
}

/// Recommend, as `rotaflow recommend --json` prints it.
pub(crate) fn recommend(
    index: &Index<'_>,
    roster: &[Assignment],
    shift: &str,
    k: usize,
    options: &SolveOptions,
) -> Result<String, Failure> {
    pretty(
        &index
            .recommend(roster, shift, k, options)
            .map_err(failure_from_error)?,
    )
}

/// Replan, as `rotaflow replan --json` writes it. An infeasible repair is a failure
/// (status and reason), as for solve.
pub(crate) fn replan(
    index: &Index<'_>,
    roster: &[Assignment],
    changes: &[rotaflow::Change],
    change_weight: Option<f64>,
    options: &SolveOptions,
) -> Result<String, Failure> {
    let r = index
        .replan(roster, changes, change_weight, options)
        .map_err(failure_from_error)?;
    roster_result(r.roster.clone())?;
    pretty(&r)
}

/// What-if, as `rotaflow whatif --json` prints it.
pub(crate) fn whatif(index: &Index<'_>, top: usize) -> Result<String, Failure> {
    pretty(&index.whatif(top).map_err(failure_from_error)?)
}

/// The HTML report, as `rotaflow solve --report` writes it.
pub(crate) fn report_html(index: &Index<'_>, roster: &rotaflow::Roster) -> Result<String, Failure> {
    index.report_html(roster).map_err(failure_from_error)
}

/// Scenario rows (a JSON list, as `rotaflow compare --json` prints it).
pub(crate) fn scenario_rows(text: &str) -> Result<Vec<rotaflow::ScenarioRow>, Failure> {
    let value = rotaflow::read::value(text).map_err(failure_from_error)?;
    serde_json::from_value(value).map_err(|e| {
        invalid(
            "",
            IssueCode::InvalidType,
            format!("not a list of scenario rows: {e}"),
        )
    })
}
