//! The C entry points, in process: arbitrary bytes as the documents, NULL pointers and
//! counts of every call of `include/rotaflow.h` that reads a document.
//!
//! The input is `[entry, nulls, k, document 0 NUL document 1 NUL …]`: `entry` picks the
//! call, each bit of `nulls` passes NULL for one argument (a document or an out-pointer),
//! `k` is the call's count (`k`, `top`). Invariants: no panic or abort escapes a call; a
//! call returns a status in the table; on failure with an error out-pointer the error
//! document is JSON listing errors, each with a pointer and a code; every returned string is freed once.
use std::ffi::{CString, c_char, c_int, c_uint};
use std::ptr::{null, null_mut};

use super::common::parts;
use rotaflow_ffi::*;

/// A document as C sees it: the bytes (no NUL inside: the input was split at NULs) with a
/// NUL after them, or NULL when the mask says so.
struct Doc(Option<CString>);

impl Doc {
    fn new(bytes: &[u8], null: bool) -> Doc {
        Doc(if null { None } else { CString::new(bytes).ok() })
    }
    fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(null(), |s| s.as_ptr())
    }
}

/// An out-pointer: storage for one pointer, or NULL.
struct Out(*mut c_char, bool);

impl Out {
    fn ptr(&mut self) -> *mut *mut c_char {
        if self.1 { null_mut() } else { &mut self.0 }
    }
    fn take(&mut self) -> Option<String> {
        if self.0.is_null() {
            return None;
        }
        // SAFETY: rotaflow wrote a NUL-terminated string it allocated; it is read once
        // and then handed back to rotaflow_string_free, once.
        let text = unsafe { std::ffi::CStr::from_ptr(self.0) }
            .to_str()
            .ok()
            .map(str::to_owned);
        // SAFETY: as above: the string came from rotaflow and is freed only here.
        unsafe { rotaflow_string_free(self.0) };
        self.0 = null_mut();
        Some(text.expect("rotaflow returned a string that is not UTF-8"))
    }
}

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    let [entry, nulls, k, rest @ ..] = data else {
        return;
    };
    let null = |bit: u8| nulls & (1 << bit) != 0;
    let pieces = parts(rest, 4);
    let docs: Vec<Doc> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| Doc::new(p, null(i as u8)))
        .collect();
    let mut answer = Out(null_mut(), null(4));
    let mut error = Out(null_mut(), null(5));
    let k = c_uint::from(*k);
    // Solving arbitrary problems is kept to the flow with a short limit: the fuzz build has
    // no HiGHS, and a hang here would be the options' doing, not the reader's.
    let options = Doc::new(br#"{"method": "flow", "time_limit_s": 2}"#, null(3));
    // SAFETY: every pointer is NULL or points to a live NUL-terminated string (`docs`,
    // `options`) or to storage for one pointer (`answer`, `error`), as the header asks.
    let status = unsafe {
        match entry % 10 {
            0 => rotaflow_validate(docs[0].ptr(), answer.ptr(), error.ptr()),
            1 => rotaflow_score(docs[0].ptr(), docs[1].ptr(), answer.ptr(), error.ptr()),
            2 => rotaflow_explain(
                docs[0].ptr(),
                docs[1].ptr(),
                docs[2].ptr(),
                answer.ptr(),
                error.ptr(),
            ),
            3 => rotaflow_recommend(
                docs[0].ptr(),
                docs[1].ptr(),
                docs[2].ptr(),
                k,
                options.ptr(),
                answer.ptr(),
                error.ptr(),
            ),
            4 => rotaflow_replan(
                docs[0].ptr(),
                docs[1].ptr(),
                docs[2].ptr(),
                options.ptr(),
                answer.ptr(),
                error.ptr(),
            ),
            5 => rotaflow_whatif(docs[0].ptr(), k.min(8), answer.ptr(), error.ptr()),
            6 => rotaflow_report_html(docs[0].ptr(), docs[1].ptr(), answer.ptr(), error.ptr()),
            7 => rotaflow_solve(docs[0].ptr(), options.ptr(), answer.ptr(), error.ptr()),
            8 => handle(&docs, &options, &mut answer, &mut error, null(6)),
            _ => {
                let name = rotaflow_status_name(k as c_int - 128);
                assert!(!name.is_null(), "a status without a name");
                return;
            }
        }
    };
    // A panic the guard caught is still a bug.
    assert!(
        !matches!(status, rotaflow_status::InternalError),
        "a call panicked: {:?}",
        error.take()
    );
    let status = status as c_int;
    // SAFETY: rotaflow_status_name returns a static NUL-terminated string, never NULL.
    let name = unsafe { std::ffi::CStr::from_ptr(rotaflow_status_name(status)) };
    assert_ne!(
        name.to_bytes(),
        b"unknown",
        "status {status} is not in the table"
    );
    let answer = answer.take();
    let error = error.take();
    if status == 0 {
        assert!(error.is_none(), "an error document on success");
    } else {
        assert!(answer.is_none(), "an answer on failure");
        if let Some(error) = error {
            let value: serde_json::Value =
                serde_json::from_str(&error).expect("the error document is JSON");
            let errors = value["errors"].as_array().expect("an `errors` list");
            assert!(!errors.is_empty(), "an empty error list");
            for e in errors {
                assert!(
                    e["code"].is_string() && e["pointer"].is_string(),
                    "no code or pointer: {error}"
                );
            }
        }
    }
}

/// Parse a handle, then score and solve with it, and free it (or pass NULL handles).
///
/// # Safety
/// As `run`'s calls.
unsafe fn handle(
    docs: &[Doc],
    options: &Doc,
    answer: &mut Out,
    error: &mut Out,
    null_handle: bool,
) -> rotaflow_status {
    let mut problem: *mut rotaflow_problem = null_mut();
    // SAFETY: as in `run`; `problem` is storage for one handle.
    let parsed = unsafe { rotaflow_problem_parse(docs[0].ptr(), &mut problem, error.ptr()) };
    if parsed as c_int != 0 && !null_handle {
        return parsed;
    }
    let _ = error.take();
    let handle = if null_handle {
        null()
    } else {
        problem as *const rotaflow_problem
    };
    // SAFETY: `handle` is NULL or the live handle parsed above.
    let scored =
        unsafe { rotaflow_problem_score(handle, docs[1].ptr(), answer.ptr(), error.ptr()) };
    let _ = answer.take();
    let _ = error.take();
    // SAFETY: as above.
    let solved =
        unsafe { rotaflow_problem_solve(handle, options.ptr(), answer.ptr(), error.ptr()) };
    if scored as c_int != 0 {
        let _ = answer.take();
    }
    // SAFETY: `problem` is NULL or the handle parsed above, freed only here.
    unsafe { rotaflow_problem_free(problem) };
    solved
}
