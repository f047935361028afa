//! The JSON documents the C functions read and write, apart from the C types: problem,
//! options, assignments in; roster, evaluation, problem out.

use rotaflow::{Assignment, Evaluation, IssueCode, Problem, SolveOptions};
use serde_json::Value;

use crate::boundary::{ErrorEntry, Failure, failure_from_error, roster_result};
use crate::rotaflow_status;

/// Parse and validate a problem document.
pub(crate) fn problem(text: &str) -> Result<Problem, Failure> {
    Problem::from_json(text).map_err(failure_from_error)
}

/// The options document; absent means "everything from the problem's `solver` block".
pub(crate) fn options(text: Option<&str>) -> Result<SolveOptions, Failure> {
    match text {
        None => Ok(SolveOptions::new()),
        Some(text) => SolveOptions::from_json(text).map_err(failure_from_error),
    }
}

/// A roster document (its `assignments` are used) or a bare list of
/// `{"shift", "clinician"}`, as `rotaflow score` reads. Pointers point into this document.
pub(crate) fn assignments(text: &str) -> Result<Vec<Assignment>, Failure> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Failure::single(
            rotaflow_status::MalformedJson,
            IssueCode::InvalidJson.as_str(),
            format!("the assignments are not valid JSON: {e}"),
        )
    })?;
    let invalid = |pointer: &str, code: IssueCode, message: String| Failure {
        status: rotaflow_status::ValidationFailed,
        errors: vec![ErrorEntry::new(pointer, code.as_str(), message)],
    };
    let (list, base) = match value {
        Value::Object(mut roster) => match roster.remove("assignments") {
            Some(list) => (list, "/assignments"),
            None => {
                return Err(invalid(
                    "",
                    IssueCode::MissingField,
                    "the document has no `assignments` list; it must be a roster or a list \
                     of {\"shift\", \"clinician\"}"
                        .to_owned(),
                ));
            }
        },
        other => (other, ""),
    };
    let Value::Array(items) = list else {
        return Err(invalid(
            base,
            IssueCode::InvalidType,
            "the assignments must be a list of {\"shift\", \"clinician\"}".to_owned(),
        ));
    };
    let mut assignments = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<Assignment>(item) {
            Ok(a) => assignments.push(a),
            Err(e) => {
                let message = e.to_string();
                let code = if message.starts_with("missing field") {
                    IssueCode::MissingField
                } else if message.starts_with("unknown field") {
                    IssueCode::UnknownField
                } else {
                    IssueCode::InvalidType
                };
                errors.push(ErrorEntry::new(
                    format!("{base}/{i}"),
                    code.as_str(),
                    format!("an assignment must be {{\"shift\": …, \"clinician\": …}}: {message}"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(assignments)
    } else {
        Err(Failure {
            status: rotaflow_status::ValidationFailed,
            errors,
        })
    }
}

/// Solve, and write the roster as `rotaflow solve` does (pretty JSON, trailing newline).
pub(crate) fn solve(problem: &Problem, options: &SolveOptions) -> Result<String, Failure> {
    let roster = rotaflow::solve(problem, options).map_err(|error| {
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
pub(crate) fn score(problem: &Problem, assignments: &[Assignment]) -> Result<String, Failure> {
    let evaluation = rotaflow::score(problem, assignments).map_err(failure_from_error)?;
    Ok(evaluation_json(&evaluation))
}

fn evaluation_json(evaluation: &Evaluation) -> String {
    let mut text = serde_json::to_string_pretty(evaluation)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// A Failure for a document of the caller's that is not JSON at all.
fn not_json(what: &str, e: &serde_json::Error) -> Failure {
    Failure::single(
        rotaflow_status::MalformedJson,
        IssueCode::InvalidJson.as_str(),
        format!("{what} is not valid JSON: {e}"),
    )
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
    match serde_json::from_str::<Value>(text).map_err(|e| not_json("the options", &e))? {
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

/// The changes of replan: `{"changes": [...]}` or the bare list. Each unreadable change
/// is reported at `/changes/<i>` (the pointers of the core's replan errors too).
pub(crate) fn changes(text: &str) -> Result<Vec<rotaflow::Change>, Failure> {
    let value: Value = serde_json::from_str(text).map_err(|e| not_json("the changes", &e))?;
    let list = match value {
        Value::Object(mut doc) => doc.remove("changes").ok_or_else(|| {
            invalid(
                "",
                IssueCode::MissingField,
                "the document has no `changes` list; it must be {\"changes\": [...]} or the \
                 list itself",
            )
        })?,
        other => other,
    };
    let Value::Array(items) = list else {
        return Err(invalid(
            "/changes",
            IssueCode::InvalidType,
            "the changes must be a list of {\"cancel\": …}, {\"drop_shift\": …} or \
             {\"add_shift\": …}",
        ));
    };
    if items.is_empty() {
        return Err(invalid(
            "/changes",
            IssueCode::InvalidValue,
            "replan needs a change: cancel, drop_shift or add_shift",
        ));
    }
    let mut changes = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<rotaflow::Change>(item) {
            Ok(c) => changes.push(c),
            Err(e) => errors.push(ErrorEntry::new(
                format!("/changes/{i}"),
                IssueCode::InvalidValue.as_str(),
                format!(
                    "a change must be {{\"cancel\": {{\"clinician\", \"from\"?}}}}, \
                     {{\"drop_shift\": {{\"shift\"}}}} or {{\"add_shift\": {{\"shift\": {{…}}}}}}: {e}"
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(Failure {
            status: rotaflow_status::ValidationFailed,
            errors,
        })
    }
}

/// A roster document, as `rotaflow solve` writes it (the report needs all of it).
pub(crate) fn roster(text: &str) -> Result<rotaflow::Roster, Failure> {
    rotaflow::Roster::from_json(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            not_json("the roster", &e)
        } else {
            invalid(
                "",
                IssueCode::InvalidValue,
                format!("not a roster document (as `rotaflow solve` writes it): {e}"),
            )
        }
    })
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
pub(crate) fn explain(problem: &Problem, roster: &[Assignment]) -> Result<String, Failure> {
    pretty(&rotaflow::explain(problem, roster).map_err(failure_from_error)?)
}

/// Recommend, as `rotaflow recommend --json` prints it.
pub(crate) fn recommend(
    problem: &Problem,
    roster: &[Assignment],
    shift: &str,
    k: usize,
    options: &SolveOptions,
) -> Result<String, Failure> {
    pretty(
        &rotaflow::ops::recommend_with(problem, roster, shift, k, options)
            .map_err(failure_from_error)?,
    )
}

/// Replan, as `rotaflow replan --json` writes it. An infeasible repair is a failure
/// (status and reason), as for solve.
pub(crate) fn replan(
    problem: &Problem,
    roster: &[Assignment],
    changes: &[rotaflow::Change],
    change_weight: Option<f64>,
    options: &SolveOptions,
) -> Result<String, Failure> {
    let r = rotaflow::replan(problem, roster, changes, change_weight, options)
        .map_err(failure_from_error)?;
    roster_result(r.roster.clone())?;
    pretty(&r)
}

/// What-if, as `rotaflow whatif --json` prints it.
pub(crate) fn whatif(problem: &Problem, top: usize) -> Result<String, Failure> {
    pretty(&rotaflow::whatif(problem, top).map_err(failure_from_error)?)
}

/// The HTML report, as `rotaflow solve --report` writes it.
pub(crate) fn report_html(problem: &Problem, roster: &rotaflow::Roster) -> Result<String, Failure> {
    rotaflow::report_html(problem, roster).map_err(failure_from_error)
}
