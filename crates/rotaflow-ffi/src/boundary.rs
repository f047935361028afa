//! The boundary between C and Rust: the panic guard, reading C strings, writing outputs,
//! and the one place that turns a rotaflow error into a status and an error document.
//!
//! Every export runs its whole body through [`guard`], which
//! * catches any panic (none may unwind into C) and reports it as
//!   [`rotaflow_status::InternalError`];
//! * writes the error document to `error_json_out` (when that is not NULL) on failure, and
//!   nothing else: an export writes its result as the very last step of a successful call,
//!   so on failure the caller's result pointer is left exactly as it was.

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use rotaflow::{Error, ErrorCode, IssueCode, Roster, Status};
use serde::Serialize;

use crate::rotaflow_status;

/// One entry of the error document: the same `pointer`, `code`, `message` triple as
/// [`rotaflow::Issue`], with codes of its own for what is not a validation issue
/// (`invalid_argument`, `infeasible`, `not_flow_representable`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ErrorEntry {
    pub(crate) pointer: String,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl ErrorEntry {
    pub(crate) fn new(
        pointer: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ErrorEntry {
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Why a call failed: the status it returns and the entries of its error document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: rotaflow_status,
    pub(crate) errors: Vec<ErrorEntry>,
}

impl Failure {
    /// A failure with a single entry at the document root.
    pub(crate) fn single(status: rotaflow_status, code: &str, message: impl Into<String>) -> Self {
        Failure {
            status,
            errors: vec![ErrorEntry::new("", code, message)],
        }
    }

    /// A NULL (or otherwise unusable) argument.
    pub(crate) fn argument(message: impl Into<String>) -> Self {
        Failure::single(
            rotaflow_status::InvalidArgument,
            "invalid_argument",
            message,
        )
    }

    /// A panic caught at the boundary: a bug in rotaflow.
    fn panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        Failure::single(
            rotaflow_status::InternalError,
            "internal",
            format!("internal error (please report this): rotaflow panicked: {what}"),
        )
    }

    /// The error document: `{"errors": [{"pointer", "code", "message"}, …]}`.
    fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            errors: &'a [ErrorEntry],
        }
        serde_json::to_string(&Document {
            errors: &self.errors,
        })
        .unwrap_or_else(|_| {
            r#"{"errors":[{"pointer":"","code":"internal","message":"the error document could not be written"}]}"#
                .to_owned()
        })
    }
}

/// The C status of each of the core's stable error codes: the one mapping.
///
/// `rotaflow::ErrorCode` is `#[non_exhaustive]`, so a wildcard arm is required; it is
/// `clippy::wildcard_enum_match_arm`, denied here, that makes a new code stop the build
/// (under clippy) until it is given a status of its own.
#[deny(clippy::wildcard_enum_match_arm)]
pub(crate) fn status_of(code: ErrorCode) -> rotaflow_status {
    match code {
        ErrorCode::InvalidJson => rotaflow_status::MalformedJson,
        ErrorCode::Invalid => rotaflow_status::ValidationFailed,
        ErrorCode::NotFlowRepresentable | ErrorCode::MethodUnavailable => {
            rotaflow_status::SolverFailed
        }
        ErrorCode::OutOfRange => rotaflow_status::OutOfRange,
        ErrorCode::TooLarge => rotaflow_status::TooLarge,
        ErrorCode::Internal => rotaflow_status::InternalError,
        // Only a code added to rotaflow::ErrorCode after this list was written lands here;
        // clippy (wildcard_enum_match_arm) then fails until it is listed above.
        _ => rotaflow_status::InternalError,
    }
}

/// A rotaflow error as a status (from its code) and the entries of the error document:
/// one per validation issue, one per rule in the flow's way, else one with the error's
/// code and sentence.
pub(crate) fn failure_from_error(error: Error) -> Failure {
    let code = error.code();
    let not_utf8 = error
        .issues()
        .iter()
        .any(|i| i.code == IssueCode::InvalidUtf8);
    let status = if not_utf8 {
        rotaflow_status::InvalidUtf8
    } else {
        status_of(code)
    };
    let errors = match error {
        Error::Invalid(issues) => issues
            .into_iter()
            .map(|i| ErrorEntry::new(i.pointer, i.code.as_str(), i.message))
            .collect(),
        Error::NotFlowRepresentable(obstacles) => obstacles
            .iter()
            .map(|o| {
                ErrorEntry::new(
                    "",
                    code.as_str(),
                    format!("the flow solver cannot represent this rule exactly: {o}"),
                )
            })
            .collect(),
        other => vec![ErrorEntry::new("", code.as_str(), other.to_string())],
    };
    Failure { status, errors }
}

/// The roster as the caller receives it: `optimal` and `feasible` rosters are results;
/// `infeasible` and `no_solution` are failures whose error document carries the reason.
pub(crate) fn roster_result(roster: Roster) -> Result<String, Failure> {
    let reason = || {
        roster
            .reason
            .clone()
            .unwrap_or_else(|| "no reason given".to_owned())
    };
    match roster.status {
        Status::Optimal | Status::Feasible => Ok(roster.to_json()),
        Status::Infeasible => Err(Failure::single(
            rotaflow_status::Infeasible,
            "infeasible",
            reason(),
        )),
        Status::NoSolution => Err(Failure::single(
            rotaflow_status::NoSolution,
            "no_solution",
            reason(),
        )),
    }
}

/// Run an export's body: no panic escapes, and on failure the error document goes to
/// `error_json_out` (when it is not NULL).
pub(crate) fn guard<F>(error_json_out: *mut *mut c_char, body: F) -> rotaflow_status
where
    F: FnOnce() -> Result<(), Failure>,
{
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let failure = match catch_unwind(AssertUnwindSafe(body)) {
            Ok(Ok(())) => return rotaflow_status::Ok,
            Ok(Err(failure)) => failure,
            Err(payload) => Failure::panic(payload.as_ref()),
        };
        if let Some(out) = NonNull::new(error_json_out) {
            // The document is serde_json output: it holds no NUL byte.
            if let Ok(text) = CString::new(failure.to_json()) {
                // SAFETY: `out` is not NULL, and the caller promises that a non-NULL
                // `error_json_out` points to writable storage for one `char *`.
                unsafe { out.as_ptr().write(text.into_raw()) };
            }
        }
        failure.status
    }));
    // Only a panic while writing the error document lands here.
    outcome.unwrap_or(rotaflow_status::InternalError)
}

/// A caller's `T **out` argument, checked not to be NULL.
pub(crate) struct Out<T>(NonNull<*mut T>);

impl<T> Out<T> {
    /// Check `ptr`, which the export documents as the argument `name`.
    pub(crate) fn new(ptr: *mut *mut T, name: &str) -> Result<Self, Failure> {
        NonNull::new(ptr)
            .map(Out)
            .ok_or_else(|| Failure::argument(format!("`{name}` is NULL")))
    }

    /// Give `value` to the caller. This is the last step of a successful call.
    pub(crate) fn write(self, value: *mut T) {
        // SAFETY: the pointer is not NULL (checked in `new`) and the caller promises that
        // it points to writable storage for one pointer.
        unsafe { self.0.as_ptr().write(value) }
    }
}

impl Out<c_char> {
    /// Give `text` to the caller as a NUL-terminated string that it frees with
    /// `rotaflow_string_free`.
    pub(crate) fn give_string(self, text: String) -> Result<(), Failure> {
        let text = CString::new(text).map_err(|_| {
            Failure::single(
                rotaflow_status::InternalError,
                "internal",
                "internal error (please report this): an output held a NUL byte",
            )
        })?;
        self.write(text.into_raw());
        Ok(())
    }
}

/// Read the caller's NUL-terminated UTF-8 argument `name`.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and unchanged for
/// `'a`.
pub(crate) unsafe fn input<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from this function's contract.
    unsafe { optional_input(ptr, name) }?
        .ok_or_else(|| Failure::argument(format!("`{name}` is NULL")))
}

/// As [`input`], for an argument that may be NULL.
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn optional_input<'a>(
    ptr: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: `ptr` is not NULL, and the caller promises a NUL-terminated string that
    // outlives 'a and is not written meanwhile.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    // The core's encoding check, so that the issue (code, offset) is the one every face
    // gives; a C string has no NUL inside, and a UTF-8 byte order mark is skipped.
    rotaflow::read::utf8(bytes.to_bytes())
        .map(Some)
        .map_err(|e| Failure {
            status: rotaflow_status::InvalidUtf8,
            errors: e
                .issues()
                .iter()
                .map(|i| {
                    ErrorEntry::new(
                        i.pointer.clone(),
                        i.code.as_str(),
                        format!("`{name}`: {}", i.message),
                    )
                })
                .collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_doc(p: *mut c_char) -> serde_json::Value {
        // SAFETY: a string written by `guard`, taken back once.
        let text = unsafe { CString::from_raw(p) };
        serde_json::from_str(text.to_str().expect("UTF-8")).expect("JSON")
    }

    #[test]
    fn a_panic_becomes_an_internal_error_and_writes_only_the_error() {
        let mut err: *mut c_char = std::ptr::null_mut();
        let mut out: *mut c_char = std::ptr::null_mut();
        let status = guard(&mut err, || {
            let out = Out::new(&mut out, "out")?;
            if out.0.as_ptr().is_aligned() {
                panic!("boom");
            }
            out.give_string("never".to_owned())
        });
        assert_eq!(status, rotaflow_status::InternalError);
        assert!(out.is_null());
        let doc = error_doc(err);
        assert_eq!(doc["errors"][0]["code"], "internal");
        let message = doc["errors"][0]["message"].as_str().expect("message");
        assert!(message.contains("panicked: boom"), "{message}");
        // With a formatted payload, and with nowhere to write the error.
        let status = guard(std::ptr::null_mut(), || panic!("{} {}", "formatted", 1));
        assert_eq!(status, rotaflow_status::InternalError);
    }

    #[test]
    fn every_error_variant_has_its_status() {
        let cases = [
            (
                Error::Invalid(vec![rotaflow::Issue::new(
                    "/shifts/0/site",
                    IssueCode::UnknownSite,
                    "no site",
                )]),
                rotaflow_status::ValidationFailed,
                "unknown_site",
            ),
            (
                Error::Invalid(vec![rotaflow::Issue::new("", IssueCode::InvalidJson, "x")]),
                rotaflow_status::MalformedJson,
                "invalid_json",
            ),
            (
                Error::NotFlowRepresentable(vec![rotaflow::Obstacle {
                    rule: rotaflow::Rule::MaxHours,
                    clinician: Some("C1".to_owned()),
                    detail: "binds".to_owned(),
                }]),
                rotaflow_status::SolverFailed,
                "not_flow_representable",
            ),
            (
                Error::MethodUnavailable("no mip".to_owned()),
                rotaflow_status::SolverFailed,
                "method_unavailable",
            ),
            (
                Error::OutOfRange("big".to_owned()),
                rotaflow_status::OutOfRange,
                "out_of_range",
            ),
            (
                Error::TooLarge {
                    method: rotaflow::Method::Mip,
                    estimate_mb: 30_000,
                    limit_mb: 18_000,
                    pairs: 7_000_000,
                },
                rotaflow_status::TooLarge,
                "too_large",
            ),
            (
                Error::Internal("bug".to_owned()),
                rotaflow_status::InternalError,
                "internal",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!(status_of(error.code()), status);
            let failure = failure_from_error(error);
            assert_eq!(failure.status, status);
            assert_eq!(failure.errors[0].code, code);
        }
    }

    #[test]
    fn the_error_document_has_the_issue_shape() {
        let failure = Failure::single(rotaflow_status::Infeasible, "infeasible", "why \"so\"");
        let doc: serde_json::Value = serde_json::from_str(&failure.to_json()).expect("JSON");
        assert_eq!(
            doc,
            serde_json::json!({"errors": [{"pointer": "", "code": "infeasible", "message": "why \"so\""}]})
        );
    }
}
