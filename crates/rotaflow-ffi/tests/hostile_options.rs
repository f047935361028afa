//! Option values that once crashed the caller (issue 14): a thread count HiGHS cannot
//! build used to throw `std::bad_alloc` inside HiGHS and abort the whole process, from a
//! problem document alone. Each is now the invalid status with the pointer of the option.

use std::ffi::{CStr, CString, c_char};
use std::path::Path;

use rotaflow_ffi::{
    rotaflow_problem, rotaflow_problem_free, rotaflow_problem_parse, rotaflow_problem_solve,
    rotaflow_solve, rotaflow_status, rotaflow_string_free, rotaflow_validate,
};
use serde_json::{Value, json};

/// Take ownership of a string rotaflow returned, and free it.
fn take(p: *mut c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: a live string returned by rotaflow, freed once.
    let s = unsafe { CStr::from_ptr(p) }
        .to_str()
        .expect("UTF-8")
        .to_owned();
    // SAFETY: as above.
    unsafe { rotaflow_string_free(p) };
    s
}

/// The status, and the (pointer, code) of each error when it failed.
fn outcome(
    status: rotaflow_status,
    out: *mut c_char,
    err: *mut c_char,
) -> (rotaflow_status, Vec<(String, String)>) {
    if status == rotaflow_status::Ok {
        take(out);
        return (status, Vec::new());
    }
    assert!(out.is_null(), "a result written on failure");
    let doc: Value = serde_json::from_str(&take(err)).expect("JSON");
    let errors = doc["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().expect("pointer").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect();
    (status, errors)
}

fn solve(problem: &str, options: Option<&str>) -> (rotaflow_status, Vec<(String, String)>) {
    let problem = CString::new(problem).expect("no NUL");
    let options = options.map(|o| CString::new(o).expect("no NUL"));
    let (mut out, mut err) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: NUL-terminated inputs or NULL, writable outputs.
    let status = unsafe {
        rotaflow_solve(
            problem.as_ptr(),
            options.as_ref().map_or(std::ptr::null(), |o| o.as_ptr()),
            &mut out,
            &mut err,
        )
    };
    outcome(status, out, err)
}

fn validate(problem: &str) -> (rotaflow_status, Vec<(String, String)>) {
    let problem = CString::new(problem).expect("no NUL");
    let (mut out, mut err) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: as above.
    let status = unsafe { rotaflow_validate(problem.as_ptr(), &mut out, &mut err) };
    outcome(status, out, err)
}

fn rules() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rules.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

fn with_threads(n: u64) -> String {
    let mut doc = rules();
    doc["solver"] = json!({"method": "mip", "threads": n});
    doc.to_string()
}

fn invalid_at(pointer: &str) -> (rotaflow_status, Vec<(String, String)>) {
    (
        rotaflow_status::ValidationFailed,
        vec![(pointer.to_owned(), "invalid_value".to_owned())],
    )
}

#[test]
fn a_thread_count_out_of_range_in_the_problem_is_the_invalid_status() {
    for n in [0, 257, 100_000, 4_294_967_295] {
        let problem = with_threads(n);
        assert_eq!(solve(&problem, None), invalid_at("/solver/threads"), "{n}");
        assert_eq!(validate(&problem), invalid_at("/solver/threads"), "{n}");
        let text = CString::new(problem).expect("no NUL");
        let (mut handle, mut err) = (
            std::ptr::null_mut::<rotaflow_problem>(),
            std::ptr::null_mut(),
        );
        // SAFETY: NUL-terminated input, writable outputs.
        let status = unsafe { rotaflow_problem_parse(text.as_ptr(), &mut handle, &mut err) };
        assert!(handle.is_null());
        assert_eq!(
            outcome(status, std::ptr::null_mut(), err),
            invalid_at("/solver/threads"),
            "{n}"
        );
    }
}

#[test]
fn a_thread_count_out_of_range_in_the_options_is_the_invalid_status() {
    let problem = rules().to_string();
    for n in ["0", "257", "100000", "4294967295", "4294967296"] {
        let options = format!(r#"{{"method": "mip", "threads": {n}}}"#);
        assert_eq!(
            solve(&problem, Some(&options)),
            invalid_at("/threads"),
            "{n}"
        );
    }
    // Through a problem handle too.
    let text = CString::new(problem).expect("no NUL");
    let (mut handle, mut err) = (
        std::ptr::null_mut::<rotaflow_problem>(),
        std::ptr::null_mut(),
    );
    // SAFETY: as above.
    let status = unsafe { rotaflow_problem_parse(text.as_ptr(), &mut handle, &mut err) };
    assert_eq!(status, rotaflow_status::Ok);
    let options = CString::new(r#"{"threads": 100000}"#).expect("no NUL");
    let (mut out, mut err) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: a live handle, NUL-terminated options, writable outputs.
    let status = unsafe { rotaflow_problem_solve(handle, options.as_ptr(), &mut out, &mut err) };
    assert_eq!(outcome(status, out, err), invalid_at("/threads"));
    // SAFETY: from rotaflow_problem_parse, freed once.
    unsafe { rotaflow_problem_free(handle) };
}

#[test]
fn the_most_threads_allowed_solve_on_any_machine() {
    assert_eq!(
        solve(&with_threads(256), None),
        (rotaflow_status::Ok, vec![])
    );
    let options = r#"{"method": "mip", "threads": 256}"#;
    assert_eq!(
        solve(&rules().to_string(), Some(options)),
        (rotaflow_status::Ok, vec![])
    );
}

#[test]
fn a_model_above_the_memory_cap_is_the_too_large_status() {
    let problem = rules().to_string();
    for method in ["mip", "decompose"] {
        let options = format!(r#"{{"method": "{method}", "memory_limit_mb": 1}}"#);
        let (status, errors) = solve(&problem, Some(&options));
        assert_eq!(status, rotaflow_status::TooLarge, "{method}");
        assert_eq!(
            errors.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
            ["too_large"]
        );
    }
    // A cap above the estimate solves.
    let (status, _) = solve(
        &problem,
        Some(r#"{"method": "mip", "memory_limit_mb": 100000}"#),
    );
    assert_eq!(status, rotaflow_status::Ok);
    for bad in ["0", "-1", "-1e300"] {
        let options = format!(r#"{{"memory_limit_mb": {bad}}}"#);
        assert_eq!(
            solve(&problem, Some(&options)),
            invalid_at("/memory_limit_mb"),
            "{bad}"
        );
    }
    let (status, errors) = solve(&problem, Some(r#"{"memory_limit_mb": "8G"}"#));
    assert_eq!(status, rotaflow_status::ValidationFailed);
    assert_eq!(
        errors,
        [("/memory_limit_mb".to_owned(), "invalid_type".to_owned())]
    );
}
