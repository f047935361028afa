//! Reading the documents rotaflow accepts: the problem, rosters (or bare lists of
//! assignments), the change lists of replan — each reporting every problem with a pointer
//! into its own document and a stable code.
//!
//! The command, the C ABI and the Python package all read through these functions, so a
//! document means the same thing, and fails the same way, in every face.

//!
//! Every reader here, and so every face:
//! * takes UTF-8 text; [`utf8`] turns bytes into it (a leading UTF-8 byte order mark is
//!   skipped, anything else that is not UTF-8 is an `invalid_utf8` issue with its byte
//!   offset), and a leading U+FEFF of a text is skipped too;
//! * refuses a key given twice in one object (`duplicate_key`), where JSON parsers
//!   commonly keep the last silently;
//! * refuses a list where the schema has an object (`invalid_type`), where serde would
//!   read the list's items as the object's fields in order.

pub mod fields;
mod problem;
mod rest;
mod text;

pub(crate) use problem::{problem_from_json, problem_from_value};

use serde_json::Value;

use crate::error::{Error, Issue, IssueCode, Result, sorted_issues};
use crate::model::{Assignment, Shift};
use crate::ops::Change;
use crate::roster::Roster;

/// The text of a document given as bytes: the one encoding check of every face.
///
/// Documents are UTF-8. A leading UTF-8 byte order mark is skipped (editors write one);
/// a UTF-16 or UTF-32 byte order mark, a NUL byte (UTF-16 or UTF-32 without a mark) or a
/// byte that is not part of a UTF-8 sequence is refused.
///
/// # Errors
/// [`Error::Invalid`] with one `invalid_utf8` issue whose message gives the byte offset
/// (and line and column) of the first offending byte.
///
/// ```
/// assert_eq!(rotaflow::read::utf8(b"\xEF\xBB\xBF{}")?, "{}");
/// let err = rotaflow::read::utf8(b"{\"id\": \"\xE9\"}").unwrap_err();
/// assert_eq!(err.issues()[0].code, rotaflow::IssueCode::InvalidUtf8);
/// assert!(err.issues()[0].message.contains("byte offset 8"));
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn utf8(bytes: &[u8]) -> Result<&str> {
    text::utf8(bytes).map_err(|issue| Error::Invalid(vec![issue]))
}

/// `T` from a parsed JSON value, as `serde_json::from_value` except that a list where `T`
/// (or anything inside it) has an object is refused, as every reader here refuses it.
///
/// # Errors
/// serde's error (`invalid type: sequence, expected struct …` for a list in place of an
/// object).
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: &Value,
) -> std::result::Result<T, serde_json::Error> {
    crate::strict::from_value(value)
}

/// Any JSON document as a value, read as every reader here reads it: a leading byte order
/// mark skipped, a key given twice in one object refused (for documents whose own reader
/// takes a value, such as the options of `SolveOptions::from_value`).
///
/// # Errors
/// [`Error::Invalid`]: `invalid_json` (with line and column), or a `duplicate_key` issue
/// for each key given twice.
///
/// ```
/// let err = rotaflow::read::value(r#"{"method": "flow", "method": "mip"}"#).unwrap_err();
/// assert_eq!(err.issues()[0].pointer, "/method");
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn value(text: &str) -> Result<Value> {
    let (value, duplicates) = json(text, "the document is")?;
    with_duplicates(duplicates, Ok(value))
}

impl crate::SolveOptions {
    /// Read options from a JSON object such as
    /// `{"method": "mip", "time_limit_s": 30, "mip_gap": 0.01, "threads": 2, "seed": 7,
    /// "timings": false, "memory_limit_mb": 8192}`; every field is optional and `null`
    /// means "not set". This is the options document of the C ABI and of the Python
    /// `**kwargs`, read as every document is ([`value`]: a byte-order mark skipped, a key
    /// given twice refused).
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem found (JSON syntax, keys given twice, unknown
    /// fields, wrong types, values out of range), each with a pointer into the options
    /// document.
    ///
    /// ```
    /// let err = rotaflow::SolveOptions::from_json(r#"{"seed": 1, "seed": 2}"#).unwrap_err();
    /// assert_eq!(err.issues()[0].code.as_str(), "duplicate_key");
    /// # Ok::<(), rotaflow::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        Self::from_value(&value(text)?)
    }
}

/// A whole document as a JSON value and a `duplicate_key` issue for each key given twice;
/// an `invalid_json` issue saying `what` ("the roster is") is not JSON.
fn json(text: &str, what: &str) -> Result<(Value, Vec<Issue>)> {
    text::parse(text).map_err(|e| {
        let mut issue = problem::syntax_issue(&e);
        issue.message = issue.message.replacen("the document is", what, 1);
        Error::Invalid(vec![issue])
    })
}

/// `read` of the document, failing with the duplicate keys as well as its own issues.
fn with_duplicates<T>(duplicates: Vec<Issue>, read: Result<T>) -> Result<T> {
    match read {
        Ok(t) if duplicates.is_empty() => Ok(t),
        Ok(_) => Err(Error::Invalid(sorted_issues(duplicates))),
        Err(Error::Invalid(mut issues)) => {
            issues.extend(duplicates);
            Err(Error::Invalid(sorted_issues(issues)))
        }
        Err(other) => Err(other),
    }
}

/// Read "a roster or a bare list of assignments": a roster document (its `assignments`
/// are used) or a JSON list of `{"shift", "clinician"}`.
///
/// # Errors
/// [`Error::Invalid`] with every problem: text that is not JSON (`invalid_json`), a
/// document without an `assignments` list (`missing_field`), assignments that are not a
/// list (`invalid_type`), and each unreadable assignment at its field,
/// `/assignments/<i>/clinician` (or `/<i>/clinician` for a bare list), or at
/// `/assignments/<i>` when it is not an object; a key given twice (`duplicate_key`).
///
/// ```
/// let a = rotaflow::read::assignments(r#"[{"shift": "S1", "clinician": "GP7"}]"#)?;
/// assert_eq!(a[0].clinician, "GP7");
/// let err = rotaflow::read::assignments(r#"{"assignments": [{"shift": "S1"}]}"#).unwrap_err();
/// assert_eq!(err.issues()[0].pointer, "/assignments/0/clinician");
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn assignments(text: &str) -> Result<Vec<Assignment>> {
    let (value, duplicates) = json(text, "the assignments are")?;
    with_duplicates(duplicates, assignments_from_value(value))
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
    let (value, duplicates) = json(text, "the changes are")?;
    with_duplicates(duplicates, changes_from_value(value))
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

/// Read one shift, or a list of them, as `replan --add-shift` takes them from a file: each
/// shift is read as the problem's `shifts` entries are (unknown fields, missing fields and
/// wrong types at their pointers).
///
/// # Errors
/// [`Error::Invalid`] with every problem: `invalid_json`, `duplicate_key`, and each
/// unreadable shift at its field (`/1/start` in a list, `/start` for one shift).
///
/// ```
/// let s = rotaflow::read::shifts(r#"{"id": "X1", "site": "P1", "start": "2026-12-07T08:00",
///     "end": "2026-12-07T12:00", "role": "gp"}"#)?;
/// assert_eq!(s[0].id, "X1");
/// let err = rotaflow::read::shifts(r#"[1]"#).unwrap_err();
/// assert_eq!(err.issues()[0].pointer, "/0");
/// # Ok::<(), rotaflow::Error>(())
/// ```
pub fn shifts(text: &str) -> Result<Vec<Shift>> {
    let (value, duplicates) = json(text, "the shifts are")?;
    let (items, list) = match value {
        Value::Array(items) => (items, true),
        one => (vec![one], false),
    };
    let mut issues = duplicates;
    let mut shifts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let pointer = if list { format!("/{i}") } else { String::new() };
        match problem::deserialize_at::<Shift>(item, &pointer) {
            Ok(shift) => shifts.push(shift),
            Err(issue) => issues.push(issue),
        }
    }
    if issues.is_empty() {
        Ok(shifts)
    } else {
        Err(Error::Invalid(sorted_issues(issues)))
    }
}

/// Read a roster document, as [`Roster::to_json`] writes it (the report needs all of it,
/// not only the assignments).
///
/// # Errors
/// [`Error::Invalid`]: `invalid_json` for text that is not JSON, `duplicate_key`,
/// `invalid_value` (at the pointer of the first misfit) for a document that is not a
/// roster.
pub fn roster(text: &str) -> Result<Roster> {
    let (value, duplicates) = json(text, "the roster is")?;
    let read = problem::deserialize_at::<Roster>(&value, "").map_err(|issue| {
        Error::Invalid(vec![Issue::new(
            issue.pointer,
            IssueCode::InvalidValue,
            format!(
                "not a roster document (as `rotaflow solve` writes it): {}",
                issue.message
            ),
        )])
    });
    with_duplicates(duplicates, read)
}

/// Each element of a list read as `T`; every unreadable one is an issue at its pointer
/// under `base/<i>` (the field at fault, or the element when it is not an object), with
/// `code` for what serde calls an unknown field (an unknown variant of an enum) or, when
/// that is `None`, the code of serde's complaint.
fn elements<T: serde::de::DeserializeOwned>(
    items: Vec<Value>,
    base: &str,
    code: Option<IssueCode>,
    sentence: impl Fn(&str) -> String,
) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    let mut issues = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match problem::deserialize_at::<T>(item, &format!("{base}/{i}")) {
            Ok(a) => out.push(a),
            Err(issue) => {
                let code = match (code, issue.code) {
                    (Some(c), IssueCode::UnknownField) => c,
                    (_, c) => c,
                };
                issues.push(Issue::new(issue.pointer, code, sentence(&issue.message)));
            }
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(e: Error) -> Vec<(String, IssueCode)> {
        e.issues()
            .iter()
            .map(|i| (i.pointer.clone(), i.code))
            .collect()
    }

    #[test]
    fn assignments_are_named_by_their_field_and_never_read_from_lists() {
        let e = assignments(
            r#"{"assignments": [{"shift": "S1", "clinician": "C"}, {"shift": "S2"},
                ["S3", "C"], {"shift": "S4", "clinician": 4}, 7]}"#,
        )
        .expect_err("bad");
        let p = |s: &str| s.to_owned();
        assert_eq!(
            found(e),
            [
                (p("/assignments/1/clinician"), IssueCode::MissingField),
                (p("/assignments/2"), IssueCode::InvalidType),
                (p("/assignments/3/clinician"), IssueCode::InvalidType),
                (p("/assignments/4"), IssueCode::InvalidType),
            ]
        );
        let e = assignments(r#"[{"shift": "S1", "clinician": "C", "clinician": "D"}]"#)
            .expect_err("duplicate");
        assert_eq!(found(e), [(p("/0/clinician"), IssueCode::DuplicateKey)]);
    }

    #[test]
    fn changes_are_never_read_from_lists() {
        let e = changes(
            r#"[{"cancel": ["GP1"]}, {"drop_shift": {"shift": "S1"}},
                            {"add_shift": {"shift": ["S9", "P1"]}}, {"fly": {}}]"#,
        )
        .expect_err("bad");
        let p = |s: &str| s.to_owned();
        assert_eq!(
            found(e),
            [
                (p("/changes/0"), IssueCode::InvalidType),
                (p("/changes/2/shift"), IssueCode::InvalidType),
                (p("/changes/3"), IssueCode::InvalidValue),
            ]
        );
    }

    #[test]
    fn a_roster_document_is_read_strictly() {
        let text = r#"{"status": "optimal", "method": "flow", "assignments": []}"#;
        let e = roster(text).expect_err("not a whole roster");
        assert_eq!(e.issues()[0].code, IssueCode::InvalidValue);
        let e = roster("[\"optimal\"]").expect_err("a list");
        assert_eq!(e.issues()[0].pointer, "");
        assert!(
            e.issues()[0]
                .message
                .contains("type: sequence, expected struct Roster"),
            "{}",
            e.issues()[0].message
        );
        let e = roster("{\"status\": 1,").expect_err("not JSON");
        assert_eq!(e.issues()[0].code, IssueCode::InvalidJson);
        assert!(
            e.issues()[0]
                .message
                .starts_with("the roster is not valid JSON"),
            "{}",
            e.issues()[0].message
        );
    }

    #[test]
    fn problems_read_from_bytes_are_utf8() {
        let text = r#"{"sites": [{"id": "P1"}], "clinicians": [], "shifts": []}"#;
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.as_bytes());
        let p = crate::Problem::from_json_bytes(&bytes).expect("a UTF-8 BOM is skipped");
        assert_eq!(p.sites[0].id, "P1");
        let e = crate::Problem::from_json_bytes(b"{\"sites\": [{\"id\": \"P\xE91\"}]}")
            .expect_err("Latin-1");
        assert_eq!(e.code(), crate::ErrorCode::InvalidJson);
        assert_eq!(found(e), [(String::new(), IssueCode::InvalidUtf8)]);
    }
}
