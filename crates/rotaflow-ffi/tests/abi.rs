//! The C functions, called from Rust exactly as C calls them: raw pointers in, statuses
//! and owned strings out. Every bad input, the outputs-only-on-success rule, and threads.

use std::ffi::{CStr, CString, c_char, c_int};
use std::path::Path;

use rotaflow_ffi::{
    rotaflow_problem, rotaflow_problem_free, rotaflow_problem_parse, rotaflow_problem_score,
    rotaflow_problem_solve, rotaflow_score, rotaflow_solve, rotaflow_status, rotaflow_status_name,
    rotaflow_string_free, rotaflow_validate, rotaflow_version,
};
use serde_json::{Value, json};

/// A pointer value no call may write: an output still holding it was left alone.
fn sentinel<T>() -> *mut T {
    std::ptr::dangling_mut::<T>()
}

/// Take ownership of a string rotaflow returned, and free it.
fn take(p: *mut c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: `p` is a live string returned by rotaflow.
    let s = unsafe { CStr::from_ptr(p) }
        .to_str()
        .expect("rotaflow returns UTF-8")
        .to_owned();
    // SAFETY: returned by rotaflow, freed once.
    unsafe { rotaflow_string_free(p) };
    s
}

/// What a call returned: its status and exactly one of result and error document.
#[derive(Debug)]
struct Call {
    status: rotaflow_status,
    result: Option<String>,
    error: Option<Value>,
}

impl Call {
    /// Check the outputs-only-on-success rule, then collect what was written.
    fn collect(status: rotaflow_status, result: *mut c_char, error: *mut c_char) -> Call {
        if status == rotaflow_status::Ok {
            assert_eq!(error, sentinel(), "error_json_out written on success");
            Call {
                status,
                result: Some(take(result)),
                error: None,
            }
        } else {
            assert_eq!(result, sentinel(), "the result written on {status:?}");
            let doc: Value = serde_json::from_str(&take(error)).expect("the error doc is JSON");
            let errors = doc["errors"].as_array().expect("errors list");
            assert!(!errors.is_empty());
            for e in errors {
                let keys: Vec<&str> = e
                    .as_object()
                    .expect("entry")
                    .keys()
                    .map(String::as_str)
                    .collect();
                assert_eq!(keys, ["code", "message", "pointer"], "{e}");
            }
            Call {
                status,
                result: None,
                error: Some(doc),
            }
        }
    }

    fn codes(&self) -> Vec<String> {
        self.errors()
            .iter()
            .map(|e| e["code"].as_str().expect("code").to_owned())
            .collect()
    }

    fn errors(&self) -> &[Value] {
        self.error
            .as_ref()
            .and_then(|d| d["errors"].as_array())
            .map_or(&[], Vec::as_slice)
    }

    fn first_message(&self) -> &str {
        self.errors()[0]["message"].as_str().expect("message")
    }
}

fn c(bytes: &[u8]) -> CString {
    CString::new(bytes).expect("no NUL in test input")
}

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr())
}

fn solve(problem: Option<&[u8]>, options: Option<&[u8]>) -> Call {
    let problem = problem.map(c);
    let options = options.map(c);
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: NUL-terminated inputs or NULL, and writable outputs.
    let status =
        unsafe { rotaflow_solve(opt_ptr(&problem), opt_ptr(&options), &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn validate(problem: &[u8]) -> Call {
    let problem = c(problem);
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe { rotaflow_validate(problem.as_ptr(), &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn score(problem: &[u8], assignments: &[u8]) -> Call {
    let (problem, assignments) = (c(problem), c(assignments));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status =
        unsafe { rotaflow_score(problem.as_ptr(), assignments.as_ptr(), &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn small() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/small.json");
    std::fs::read_to_string(path).expect("examples/small.json")
}

fn library_roster(problem: &str) -> String {
    let problem = rotaflow::Problem::from_json(problem).expect("valid");
    rotaflow::solve(&problem, &rotaflow::SolveOptions::new())
        .expect("solves")
        .to_json()
}

const TINY: &str = r#"{"sites": [{"id": "P1"}],
  "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                 {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
  "shifts": [{"id": "S1", "site": "P1", "role": "gp",
              "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}]}"#;

#[test]
fn solve_gives_the_library_roster_byte_for_byte() {
    let text = small();
    let call = solve(Some(text.as_bytes()), None);
    assert_eq!(call.status, rotaflow_status::Ok);
    assert_eq!(call.result.as_deref(), Some(library_roster(&text).as_str()));
    // `{}` and nulls are the same as no options.
    let call = solve(Some(text.as_bytes()), Some(br#"{"method": null}"#));
    assert_eq!(call.result.as_deref(), Some(library_roster(&text).as_str()));
}

#[test]
fn options_are_read() {
    let call = solve(
        Some(TINY.as_bytes()),
        Some(br#"{"method": "flow", "timings": true}"#),
    );
    let roster: Value =
        serde_json::from_str(call.result.as_deref().expect("roster")).expect("json");
    assert_eq!(roster["method"], "flow");
    assert!(roster["stats"]["solve_ms"].is_u64(), "{roster}");
    assert_eq!(
        roster["assignments"],
        json!([{"shift": "S1", "clinician": "B"}])
    );
}

#[test]
fn null_arguments_are_refused_and_outputs_left_alone() {
    let call = solve(None, None);
    assert_eq!(call.status, rotaflow_status::InvalidArgument);
    assert_eq!(call.codes(), ["invalid_argument"]);
    assert!(call.first_message().contains("problem_json"));

    let problem = c(TINY.as_bytes());
    let mut err = sentinel();
    // SAFETY: a NUL-terminated input; the NULL output is the point of the test.
    let status = unsafe {
        rotaflow_solve(
            problem.as_ptr(),
            std::ptr::null(),
            std::ptr::null_mut(),
            &mut err,
        )
    };
    let call = Call::collect(status, sentinel(), err);
    assert_eq!(call.status, rotaflow_status::InvalidArgument);
    assert!(call.first_message().contains("roster_json_out"));

    // Without error_json_out the status alone is returned.
    let mut out = sentinel();
    // SAFETY: NULL input and NULL error output are allowed.
    let status = unsafe {
        rotaflow_solve(
            std::ptr::null(),
            std::ptr::null(),
            &mut out,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(status, rotaflow_status::InvalidArgument);
    assert_eq!(out, sentinel());

    let mut out = sentinel();
    let mut err = sentinel();
    // SAFETY: as above.
    let status = unsafe { rotaflow_score(problem.as_ptr(), std::ptr::null(), &mut out, &mut err) };
    let call = Call::collect(status, out, err);
    assert_eq!(call.status, rotaflow_status::InvalidArgument);
    assert!(call.first_message().contains("assignments_json"));

    let mut err = sentinel();
    // SAFETY: as above.
    let status =
        unsafe { rotaflow_problem_parse(problem.as_ptr(), std::ptr::null_mut(), &mut err) };
    assert_eq!(status, rotaflow_status::InvalidArgument);
    assert!(take(err).contains("problem_out"));

    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status =
        unsafe { rotaflow_problem_solve(std::ptr::null(), std::ptr::null(), &mut out, &mut err) };
    let call = Call::collect(status, out, err);
    assert_eq!(call.status, rotaflow_status::InvalidArgument);
    assert!(call.first_message().contains("`problem`"));

    // Freeing NULL does nothing.
    // SAFETY: NULL is allowed.
    unsafe {
        rotaflow_string_free(std::ptr::null_mut());
        rotaflow_problem_free(std::ptr::null_mut());
    }
}

#[test]
fn invalid_utf8_is_refused() {
    let call = solve(Some(b"{\"sites\": [{\"id\": \"P\xff1\"}]}"), None);
    assert_eq!(call.status, rotaflow_status::InvalidUtf8);
    assert_eq!(call.codes(), ["invalid_utf8"]);
    assert!(
        call.first_message().contains("byte offset 20"),
        "{:?}",
        call.error
    );
    let call = solve(Some(TINY.as_bytes()), Some(b"{\"method\": \"\xc3\"}"));
    assert_eq!(call.status, rotaflow_status::InvalidUtf8);
    assert!(call.first_message().contains("options_json"));
    assert_eq!(
        score(TINY.as_bytes(), b"[\xe2\x82]").status,
        rotaflow_status::InvalidUtf8
    );
}

#[test]
fn malformed_json_is_told_apart_from_invalid_documents() {
    for text in [&b"{"[..], b"", b"not json", b"{\"sites\": [}"] {
        let call = solve(Some(text), None);
        assert_eq!(call.status, rotaflow_status::MalformedJson, "{text:?}");
        assert_eq!(call.codes(), ["invalid_json"]);
    }
    let call = solve(Some(TINY.as_bytes()), Some(b"{method: flow}"));
    assert_eq!(call.status, rotaflow_status::MalformedJson);
    assert_eq!(
        score(TINY.as_bytes(), b"[{").status,
        rotaflow_status::MalformedJson
    );
}

#[test]
fn validation_errors_are_the_rust_issue_list() {
    let bad = r#"{"sites": [{"id": "P1"}],
      "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_shift": 3}}],
      "shifts": [{"id": "S1", "site": "P9", "role": "gp",
                  "start": "2026-12-07T08:30", "end": "2026-12-07T08:00"}]}"#;
    let expected: Vec<Value> = match rotaflow::Problem::from_json(bad) {
        Err(rotaflow::Error::Invalid(issues)) => issues
            .iter()
            .map(|i| json!({"pointer": i.pointer, "code": i.code.as_str(), "message": i.message}))
            .collect(),
        other => panic!("expected issues, got {other:?}"),
    };
    assert!(!expected.is_empty());
    for call in [
        solve(Some(bad.as_bytes()), None),
        validate(bad.as_bytes()),
        score(bad.as_bytes(), b"[]"),
    ] {
        assert_eq!(call.status, rotaflow_status::ValidationFailed);
        assert_eq!(call.errors(), expected.as_slice());
    }
    // Unknown ids are found once the JSON is well formed.
    let bad = TINY.replace("\"site\": \"P1\", \"role\"", "\"site\": \"P9\", \"role\"");
    let call = solve(Some(bad.as_bytes()), None);
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(call.errors()[0]["pointer"], "/shifts/0/site");
    assert_eq!(call.codes(), ["unknown_site"]);
}

#[test]
fn bad_options_point_into_the_options() {
    let call = solve(
        Some(TINY.as_bytes()),
        Some(br#"{"method": "simplex", "time_limit_s": -1, "colour": 1}"#),
    );
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    let mut got: Vec<(String, String)> = call
        .errors()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("/colour", "unknown_field"),
        ("/method", "invalid_value"),
        ("/time_limit_s", "invalid_value"),
    ]
    .map(|(p, c)| (p.to_owned(), c.to_owned()));
    assert_eq!(got, want);
}

#[test]
fn infeasible_is_a_status_with_the_reason() {
    let text = r#"{"sites": [{"id": "P1"}],
      "clinicians": [{"id": "C1", "roles": ["gp"], "limits": {"min_shifts": 2}}],
      "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                  "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}]}"#;
    let call = solve(Some(text.as_bytes()), None);
    assert_eq!(call.status, rotaflow_status::Infeasible);
    assert_eq!(call.codes(), ["infeasible"]);
    assert!(
        call.first_message().contains("C1 must work at least 2"),
        "{:?}",
        call.error
    );
}

#[test]
fn flow_refuses_rules_it_cannot_express_naming_them() {
    let text = r#"{"sites": [{"id": "P1"}],
      "clinicians": [{"id": "C1", "roles": ["gp"], "limits": {"max_consecutive_days": 1}}],
      "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                  "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"},
                 {"id": "S2", "site": "P1", "role": "gp",
                  "start": "2026-12-08T08:00", "end": "2026-12-08T12:00"}]}"#;
    let call = solve(Some(text.as_bytes()), Some(br#"{"method": "flow"}"#));
    assert_eq!(call.status, rotaflow_status::SolverFailed);
    assert!(call.codes().iter().all(|c| c == "not_flow_representable"));
    assert_eq!(call.errors()[0]["pointer"], "/clinicians/0");
    assert!(
        call.first_message().contains("max_consecutive_days (C1)"),
        "{:?}",
        call.error
    );
}

/// The same problem through `auto` (and `mip`): the MIP solves it and says why it was
/// chosen; a MIP that proves infeasibility names the clinician's rule.
#[test]
fn the_mip_solves_what_the_flow_cannot() {
    let text = r#"{"sites": [{"id": "P1"}],
      "clinicians": [{"id": "C1", "roles": ["gp"], "limits": {"max_consecutive_days": 1}}],
      "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                  "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"},
                 {"id": "S2", "site": "P1", "role": "gp",
                  "start": "2026-12-08T08:00", "end": "2026-12-08T12:00"}]}"#;
    for options in [
        None,
        Some(&br#"{"method": "mip", "threads": 1, "seed": 3}"#[..]),
    ] {
        let call = solve(Some(text.as_bytes()), options);
        assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
        let roster: Value =
            serde_json::from_str(call.result.as_deref().expect("roster")).expect("roster JSON");
        assert_eq!(roster["method"], "mip");
        assert_eq!(roster["objective"], 1000.0);
        assert_eq!(roster["assignments"].as_array().map(Vec::len), Some(1));
    }
    let infeasible = r#"{"sites": [{"id": "P1"}],
      "clinicians": [{"id": "C1", "roles": ["gp"],
                      "limits": {"max_consecutive_days": 1, "min_shifts": 2}}],
      "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                  "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"},
                 {"id": "S2", "site": "P1", "role": "gp",
                  "start": "2026-12-08T08:00", "end": "2026-12-08T12:00"}]}"#;
    let call = solve(Some(infeasible.as_bytes()), None);
    assert_eq!(call.status, rotaflow_status::Infeasible);
    assert!(
        call.first_message().contains("C1 (min_shifts 2)"),
        "{:?}",
        call.error
    );
}

#[test]
fn validate_returns_the_problem_as_read() {
    let call = validate(TINY.as_bytes());
    assert_eq!(call.status, rotaflow_status::Ok);
    let problem = rotaflow::Problem::from_json(TINY).expect("valid");
    assert_eq!(call.result.as_deref(), Some(problem.to_json().as_str()));
    // The output may be NULL when only the verdict matters.
    let text = c(TINY.as_bytes());
    let mut err = sentinel();
    // SAFETY: NUL-terminated input; a NULL problem_json_out is allowed here.
    let status = unsafe { rotaflow_validate(text.as_ptr(), std::ptr::null_mut(), &mut err) };
    assert_eq!(status, rotaflow_status::Ok);
    assert_eq!(err, sentinel());
}

#[test]
fn score_reads_rosters_and_lists_and_reports_breaches_as_a_result() {
    let text = small();
    let roster = library_roster(&text);
    let call = score(text.as_bytes(), roster.as_bytes());
    assert_eq!(call.status, rotaflow_status::Ok);
    let evaluation: Value =
        serde_json::from_str(call.result.as_deref().expect("evaluation")).expect("json");
    let roster: Value = serde_json::from_str(&roster).expect("json");
    assert_eq!(evaluation["breaches"], json!([]));
    assert_eq!(evaluation["score"], roster["score"]);
    // A bare list; two shifts that overlap for one clinician are a breach, not an error.
    let two = TINY.replace(
        r#""end": "2026-12-07T12:30"}]"#,
        r#""end": "2026-12-07T12:30"}, {"id": "S2", "site": "P1", "role": "gp",
             "start": "2026-12-07T09:00", "end": "2026-12-07T11:00"}]"#,
    );
    let call = score(
        two.as_bytes(),
        br#"[{"shift": "S1", "clinician": "A"}, {"shift": "S2", "clinician": "A"}]"#,
    );
    assert_eq!(call.status, rotaflow_status::Ok);
    let evaluation: Value =
        serde_json::from_str(call.result.as_deref().expect("evaluation")).expect("json");
    assert_eq!(evaluation["breaches"][0]["rule"], "overlap", "{evaluation}");
    // Badly shaped assignments point into the assignments document.
    let call = score(
        TINY.as_bytes(),
        br#"{"assignments": [{"shift": "S1", "clinician": "A"}, {"shift": "S1"}, {"shift": "S1", "clinician": "A", "x": 1}]}"#,
    );
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    let got: Vec<(&str, &str)> = call
        .errors()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap_or(""),
                e["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("/assignments/1", "missing_field"),
            ("/assignments/2", "unknown_field")
        ]
    );
    assert_eq!(
        score(TINY.as_bytes(), b"{\"status\": \"optimal\"}").codes(),
        ["missing_field"]
    );
    assert_eq!(score(TINY.as_bytes(), b"7").codes(), ["invalid_type"]);
}

/// A parsed problem, freed on drop.
struct Handle(*mut rotaflow_problem);

// SAFETY: rotaflow documents a problem handle as usable from many threads at once.
unsafe impl Send for Handle {}
// SAFETY: as above.
unsafe impl Sync for Handle {}

impl Handle {
    fn parse(text: &str) -> Result<Handle, Call> {
        let text = c(text.as_bytes());
        let (mut out, mut err) = (sentinel::<rotaflow_problem>(), sentinel());
        // SAFETY: NUL-terminated input, writable outputs.
        let status = unsafe { rotaflow_problem_parse(text.as_ptr(), &mut out, &mut err) };
        if status == rotaflow_status::Ok {
            assert_eq!(err, sentinel());
            Ok(Handle(out))
        } else {
            assert_eq!(out, sentinel());
            Err(Call::collect(status, sentinel(), err))
        }
    }

    fn solve(&self, options: Option<&[u8]>) -> Call {
        let options = options.map(c);
        let (mut out, mut err) = (sentinel(), sentinel());
        // SAFETY: a live handle, NULL or NUL-terminated options, writable outputs.
        let status =
            unsafe { rotaflow_problem_solve(self.0, opt_ptr(&options), &mut out, &mut err) };
        Call::collect(status, out, err)
    }

    fn score(&self, assignments: &[u8]) -> Call {
        let assignments = c(assignments);
        let (mut out, mut err) = (sentinel(), sentinel());
        // SAFETY: as above.
        let status =
            unsafe { rotaflow_problem_score(self.0, assignments.as_ptr(), &mut out, &mut err) };
        Call::collect(status, out, err)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: a handle from rotaflow_problem_parse, freed once.
        unsafe { rotaflow_problem_free(self.0) }
    }
}

#[test]
fn a_problem_handle_solves_and_scores_like_the_one_shot_calls() {
    let text = small();
    let handle = Handle::parse(&text).expect("parses");
    let roster = handle.solve(None).result.expect("roster");
    assert_eq!(roster, library_roster(&text));
    assert_eq!(
        handle.score(roster.as_bytes()).result,
        score(text.as_bytes(), roster.as_bytes()).result
    );
    assert_eq!(
        handle.solve(Some(b"{\"method\": 3}")).status,
        rotaflow_status::ValidationFailed
    );
    assert_eq!(handle.score(b"[").status, rotaflow_status::MalformedJson);
    let err = Handle::parse("{\"shifts\": 1}").err().expect("invalid");
    assert_eq!(err.status, rotaflow_status::ValidationFailed);
}

#[test]
fn many_threads_solve_at_once() {
    let text = small();
    let expected = library_roster(&text);
    let handle = Handle::parse(&text).expect("parses");
    std::thread::scope(|scope| {
        for t in 0..8 {
            let (text, expected, handle) = (&text, &expected, &handle);
            scope.spawn(move || {
                for i in 0..4 {
                    let call = if (t + i) % 2 == 0 {
                        solve(Some(text.as_bytes()), None)
                    } else {
                        handle.solve(None)
                    };
                    assert_eq!(call.result.as_deref(), Some(expected.as_str()));
                    // Failures from many threads at once too.
                    assert_eq!(
                        solve(Some(b"{"), None).status,
                        rotaflow_status::MalformedJson
                    );
                }
            });
        }
    });
}

#[test]
fn statuses_have_stable_numbers_and_names() {
    let table = [
        (rotaflow_status::Ok, 0, "ok"),
        (rotaflow_status::InvalidArgument, 1, "invalid_argument"),
        (rotaflow_status::InvalidUtf8, 2, "invalid_utf8"),
        (rotaflow_status::MalformedJson, 3, "malformed_json"),
        (rotaflow_status::ValidationFailed, 4, "validation_failed"),
        (rotaflow_status::Infeasible, 5, "infeasible"),
        (rotaflow_status::NoSolution, 6, "no_solution"),
        (rotaflow_status::SolverFailed, 7, "solver_failed"),
        (rotaflow_status::OutOfRange, 8, "out_of_range"),
        (rotaflow_status::InternalError, 9, "internal_error"),
    ];
    for (status, number, name) in table {
        assert_eq!(status as c_int, number);
        // SAFETY: rotaflow_status_name returns a static NUL-terminated string.
        let got = unsafe { CStr::from_ptr(rotaflow_status_name(number)) };
        assert_eq!(got.to_str(), Ok(name));
        assert_eq!(status.name().to_str(), Ok(name));
    }
    for unknown in [-1, 10, c_int::MAX] {
        // SAFETY: as above.
        let got = unsafe { CStr::from_ptr(rotaflow_status_name(unknown)) };
        assert_eq!(got.to_str(), Ok("unknown"));
    }
    // SAFETY: rotaflow_version returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(rotaflow_version()) };
    assert_eq!(version.to_str(), Ok(env!("CARGO_PKG_VERSION")));
}
