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
