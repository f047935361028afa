//! Reading the documents rotaflow accepts: the problem, rosters (or bare lists of
//! assignments), the change lists of replan — each reporting every problem with a pointer
//! into its own document and a stable code.
//!
//! The command, the C ABI and the Python package all read through these functions, so a
//! document means the same thing, and fails the same way, in every face.

pub mod fields;
mod problem;

pub(crate) use problem::{problem_from_json, problem_from_value};

use serde_json::Value;

use crate::error::{Error, Issue, IssueCode, Result};
use crate::model::Assignment;
use crate::ops::Change;
use crate::roster::Roster;

/// A whole document as a JSON value, or an `invalid_json` issue naming `what`.
fn json(text: &str, what: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::Invalid(vec![Issue::new(
            "",
            IssueCode::InvalidJson,
            format!("{what} are not valid JSON: {e}"),
        )])
    })
}

/// Read "a roster or a bare list of assignments": a roster document (its `assignments`
/// are used) or a JSON list of `{"shift", "clinician"}`.
///
/// # Errors
/// [`Error::Invalid`] with every problem: text that is not JSON (`invalid_json`), a
/// document without an `assignments` list (`missing_field`), assignments that are not a
/// list (`invalid_type`), and each unreadable assignment at `/assignments/<i>` (or `/<i>`
/// for a bare list).
///
/// ```
/// let a = rotaflow::read::assignments(r#"[{"shift": "S1", "clinician": "GP7"}]"#)?;
/// assert_eq!(a[0].clinician, "GP7");
/// let err = rotaflow::read::assignments(r#"{"assignments": [{"shift": "S1"}]}"#).unwrap_err();
/// assert_eq!(err.issues()[0].pointer, "/assignments/0");
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn assignments(text: &str) -> Result<Vec<Assignment>> {
    assignments_from_value(json(text, "the assignments")?)
}

/// As [`assignments`], from a parsed JSON value.
///
/// # Errors
/// As [`assignments`].
pub fn assignments_from_value(value: Value) -> Result<Vec<Assignment>> {
    let invalid = |pointer: &str, code: IssueCode, message: &str| {
        Error::Invalid(vec![Issue::new(pointer, code, message)])
    };
    let (list, base) = match value {
        Value::Object(mut roster) => match roster.remove("assignments") {
            Some(list) => (list, "/assignments"),
            None => {
                return Err(invalid(
                    "",
                    IssueCode::MissingField,
                    "the document has no `assignments` list; it must be a roster or a list of \
                     {\"shift\", \"clinician\"}",
                ));
            }
        },
        other => (other, ""),
    };
    let Value::Array(items) = list else {
        return Err(invalid(
            base,
            IssueCode::InvalidType,
            "the assignments must be a list of {\"shift\", \"clinician\"}",
        ));
    };
    elements(items, base, None, |message| {
        format!("an assignment must be {{\"shift\": …, \"clinician\": …}}: {message}")
    })
}

/// Read the changes of replan: `{"changes": [...]}` or the bare list of
/// `{"cancel": {"clinician", "from"?}}`, `{"drop_shift": {"shift"}}` and
/// `{"add_shift": {"shift": {…}}}`.
///
/// # Errors
/// [`Error::Invalid`]: text that is not JSON, a document without a `changes` list, and
/// each unreadable change at `/changes/<i>` (the pointers of replan's own errors too).
pub fn changes(text: &str) -> Result<Vec<Change>> {
    changes_from_value(json(text, "the changes")?)
}

/// As [`changes`], from a parsed JSON value.
///
/// # Errors
/// As [`changes`].
pub fn changes_from_value(value: Value) -> Result<Vec<Change>> {
    let list = match value {
        Value::Object(mut doc) => doc.remove("changes").ok_or_else(|| {
            Error::Invalid(vec![Issue::new(
                "",
                IssueCode::MissingField,
                "the document has no `changes` list; it must be {\"changes\": [...]} or the \
                 list itself",
            )])
        })?,
        other => other,
    };
    let Value::Array(items) = list else {
        return Err(Error::Invalid(vec![Issue::new(
            "/changes",
            IssueCode::InvalidType,
            "the changes must be a list of {\"cancel\": …}, {\"drop_shift\": …} or \
             {\"add_shift\": …}",
        )]));
    };
    // A change that cannot be read is an invalid value whatever serde's complaint (an
    // unknown variant reads as an unknown field otherwise).
    elements(items, "/changes", Some(IssueCode::InvalidValue), |e| {
        format!(
            "a change must be {{\"cancel\": {{\"clinician\", \"from\"?}}}}, \
             {{\"drop_shift\": {{\"shift\"}}}} or {{\"add_shift\": {{\"shift\": {{…}}}}}}: {e}"
        )
    })
}

/// Read a roster document, as [`Roster::to_json`] writes it (the report needs all of it,
/// not only the assignments).
///
/// # Errors
/// [`Error::Invalid`]: `invalid_json` for text that is not JSON, `invalid_value` for a
/// document that is not a roster.
pub fn roster(text: &str) -> Result<Roster> {
    Roster::from_json(text).map_err(|e| {
        let (code, message) = if e.is_syntax() || e.is_eof() {
            (
                IssueCode::InvalidJson,
                format!("the roster is not valid JSON: {e}"),
            )
        } else {
            (
                IssueCode::InvalidValue,
                format!("not a roster document (as `rotaflow solve` writes it): {e}"),
            )
        };
        Error::Invalid(vec![Issue::new("", code, message)])
    })
}

/// Each element of a list read as `T`; every unreadable one is an issue at `base/<i>`,
/// with `code` or, when that is `None`, the code of serde's complaint.
fn elements<T: serde::de::DeserializeOwned>(
    items: Vec<Value>,
    base: &str,
    code: Option<IssueCode>,
    sentence: impl Fn(&str) -> String,
) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    let mut issues = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<T>(item) {
            Ok(a) => out.push(a),
            Err(e) => {
                let message = e.to_string();
                let code = code.unwrap_or(if message.starts_with("missing field") {
                    IssueCode::MissingField
                } else if message.starts_with("unknown field") {
                    IssueCode::UnknownField
                } else {
                    IssueCode::InvalidType
                });
                issues.push(Issue::new(format!("{base}/{i}"), code, sentence(&message)));
            }
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(issues))
    }
}
