//! The C functions, called from Rust exactly as C calls them: raw pointers in, statuses
//! and owned strings out. Every bad input, the outputs-only-on-success rule, and threads.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::path::Path;

use rotaflow_ffi::{
    rotaflow_explain, rotaflow_problem, rotaflow_problem_free, rotaflow_problem_parse,
    rotaflow_problem_score, rotaflow_problem_solve, rotaflow_problem_solve_with_progress,
    rotaflow_recommend, rotaflow_replan, rotaflow_report_html, rotaflow_scenario_row,
    rotaflow_score, rotaflow_solve, rotaflow_status, rotaflow_status_name, rotaflow_string_free,
    rotaflow_sweep_report_html, rotaflow_validate, rotaflow_version, rotaflow_whatif,
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
fn text_that_is_not_utf8_is_the_cores_issue_and_a_utf8_bom_is_read() {
    let bad = b"{\"sites\": [{\"id\": \"P\xff1\"}]}";
    let call = solve(Some(bad), None);
    assert_eq!(call.status, rotaflow_status::InvalidUtf8);
    let core = rotaflow::read::utf8(bad).expect_err("not UTF-8");
    let issue = &core.issues()[0];
    assert_eq!(call.errors()[0]["code"], issue.code.as_str());
    assert_eq!(call.errors()[0]["pointer"], "");
    assert_eq!(
        call.first_message(),
        format!("`problem_json`: {}", issue.message)
    );
    // UTF-16 text starts with the bytes FF FE: refused with its offset, 0.
    let call = validate(b"\xff\xfe{");
    assert_eq!(call.status, rotaflow_status::InvalidUtf8);
    assert!(call.first_message().contains("UTF-16"), "{:?}", call.error);
    assert!(
        call.first_message().contains("byte offset 0 "),
        "{:?}",
        call.error
    );
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(TINY.as_bytes());
    assert_eq!(solve(Some(&with_bom), None).status, rotaflow_status::Ok);
}

#[test]
fn hostile_documents_are_refused_at_their_pointer() {
    let tiny: Value = serde_json::from_str(TINY).expect("JSON");
    let with = |pointer: &str, value: Value| {
        let mut doc = tiny.clone();
        *doc.pointer_mut(pointer).expect("in TINY") = value;
        doc.to_string()
    };
    let cases = [
        ("[1]".to_owned(), "", "invalid_type"),
        ("[]".to_owned(), "", "invalid_type"),
        (
            with("/shifts/0", json!(["S1", "P1"])),
            "/shifts/0",
            "invalid_type",
        ),
        (
            with("/clinicians/0/rate_per_hour", json!(1e300)),
            "/clinicians/0/rate_per_hour",
            "invalid_value",
        ),
        (
            with("/shifts/0/end", json!("2026-12-07T12:30-25:00")),
            "/shifts/0/end",
            "invalid_time",
        ),
        (
            TINY.replacen("\"id\": \"A\",", "\"id\": \"A\", \"id\": \"C\",", 1),
            "/clinicians/0/id",
            "duplicate_key",
        ),
    ];
    for (doc, pointer, code) in cases {
        let call = solve(Some(doc.as_bytes()), None);
        assert_eq!(call.status, rotaflow_status::ValidationFailed, "{doc}");
        assert_eq!(
            pointers(&call),
            [(pointer.to_owned(), code.to_owned())],
            "{doc}"
        );
    }
    let mut doc = tiny.clone();
    doc["weights"] = json!([5, 2]);
    let call = solve(
        Some(doc.to_string().as_bytes()),
        Some(b"{\"method\": \"flow\"}"),
    );
    assert_eq!(
        pointers(&call),
        [("/weights".to_owned(), "invalid_type".to_owned())]
    );
    // Options documents refuse a key given twice too.
    let call = solve(
        Some(TINY.as_bytes()),
        Some(br#"{"method": "flow", "method": "mip"}"#),
    );
    assert_eq!(
        pointers(&call),
        [("/method".to_owned(), "duplicate_key".to_owned())]
    );
    // Assignments: each bad one named by its field.
    let call = score(
        TINY.as_bytes(),
        br#"[{"shift": "S1"}, ["S1", "A"], {"shift": "S1", "clinician": "A", "shift": "S1"}]"#,
    );
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    let found = pointers(&call);
    assert_eq!(
        found[0],
        ("/0/clinician".to_owned(), "missing_field".to_owned())
    );
    assert!(
        found.contains(&("/2/shift".to_owned(), "duplicate_key".to_owned())),
        "{found:?}"
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
            ("/assignments/1/clinician", "missing_field"),
            ("/assignments/2/x", "unknown_field")
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
        (rotaflow_status::TooLarge, 10, "too_large"),
    ];
    for (status, number, name) in table {
        assert_eq!(status as c_int, number);
        // SAFETY: rotaflow_status_name returns a static NUL-terminated string.
        let got = unsafe { CStr::from_ptr(rotaflow_status_name(number)) };
        assert_eq!(got.to_str(), Ok(name));
        assert_eq!(status.name().to_str(), Ok(name));
    }
    for unknown in [-1, 11, c_int::MAX] {
        // SAFETY: as above.
        let got = unsafe { CStr::from_ptr(rotaflow_status_name(unknown)) };
        assert_eq!(got.to_str(), Ok("unknown"));
    }
    // SAFETY: rotaflow_version returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(rotaflow_version()) };
    assert_eq!(version.to_str(), Ok(env!("CARGO_PKG_VERSION")));
}

// ---- the planner's operations: explain, recommend, replan, whatif, report_html ----

/// Two GPs, three overlapping morning sessions: one stays unfilled.
const SHORT: &str = r#"{"sites": [{"id": "P1"}],
  "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
                 {"id": "B", "roles": ["gp"], "rate_per_hour": 90},
                 {"id": "C", "roles": ["gp"], "rate_per_hour": 95}],
  "shifts": [{"id": "S1", "site": "P1", "role": "gp",
              "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
             {"id": "S2", "site": "P1", "role": "gp",
              "start": "2026-12-07T09:00", "end": "2026-12-07T13:00"},
             {"id": "S3", "site": "P1", "role": "gp",
              "start": "2026-12-07T13:30", "end": "2026-12-07T17:30"},
             {"id": "S4", "site": "P1", "role": "gp", "unfilled_penalty": 10,
              "start": "2026-12-07T10:00", "end": "2026-12-07T12:00"}]}"#;

fn pretty<T: serde::Serialize>(value: &T) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("serializes")
    )
}

fn short_roster() -> rotaflow::Roster {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    rotaflow::solve(&problem, &rotaflow::SolveOptions::new()).expect("solves")
}

fn bare_list(roster: &rotaflow::Roster) -> String {
    serde_json::to_string(&roster.assignments).expect("serializes")
}

fn explain(problem: Option<&[u8]>, roster: Option<&[u8]>, options: Option<&[u8]>) -> Call {
    let (problem, roster, options) = (problem.map(c), roster.map(c), options.map(c));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: NUL-terminated inputs or NULL, and writable outputs.
    let status = unsafe {
        rotaflow_explain(
            opt_ptr(&problem),
            opt_ptr(&roster),
            opt_ptr(&options),
            &mut out,
            &mut err,
        )
    };
    Call::collect(status, out, err)
}

fn recommend(
    problem: &[u8],
    roster: &[u8],
    shift: Option<&[u8]>,
    k: u32,
    options: Option<&[u8]>,
) -> Call {
    let (problem, roster) = (c(problem), c(roster));
    let (shift, options) = (shift.map(c), options.map(c));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe {
        rotaflow_recommend(
            problem.as_ptr(),
            roster.as_ptr(),
            opt_ptr(&shift),
            k,
            opt_ptr(&options),
            &mut out,
            &mut err,
        )
    };
    Call::collect(status, out, err)
}

fn replan(problem: &[u8], roster: &[u8], changes: Option<&[u8]>, options: Option<&[u8]>) -> Call {
    let (problem, roster) = (c(problem), c(roster));
    let (changes, options) = (changes.map(c), options.map(c));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe {
        rotaflow_replan(
            problem.as_ptr(),
            roster.as_ptr(),
            opt_ptr(&changes),
            opt_ptr(&options),
            &mut out,
            &mut err,
        )
    };
    Call::collect(status, out, err)
}

fn whatif(problem: &[u8], top: u32) -> Call {
    let problem = c(problem);
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe { rotaflow_whatif(problem.as_ptr(), top, &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn report(problem: &[u8], roster: Option<&[u8]>) -> Call {
    let (problem, roster) = (c(problem), roster.map(c));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status =
        unsafe { rotaflow_report_html(problem.as_ptr(), opt_ptr(&roster), &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn scenario_row(name: &[u8], problem: &[u8], roster: &[u8]) -> Call {
    let (name, problem, roster) = (c(name), c(problem), c(roster));
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe {
        rotaflow_scenario_row(
            name.as_ptr(),
            problem.as_ptr(),
            roster.as_ptr(),
            &mut out,
            &mut err,
        )
    };
    Call::collect(status, out, err)
}

fn sweep_report(rows: Option<&[u8]>) -> Call {
    let rows = rows.map(c);
    let (mut out, mut err) = (sentinel(), sentinel());
    // SAFETY: as above.
    let status = unsafe { rotaflow_sweep_report_html(opt_ptr(&rows), &mut out, &mut err) };
    Call::collect(status, out, err)
}

fn pointers(call: &Call) -> Vec<(String, String)> {
    call.errors()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().expect("pointer").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

#[test]
fn explain_gives_the_library_explanation() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    let roster = short_roster();
    let expected = pretty(&rotaflow::explain(&problem, &roster.assignments).expect("explains"));
    let doc = roster.to_json();
    for (text, options) in [(doc.clone(), None), (bare_list(&roster), Some(&b"{}"[..]))] {
        let call = explain(Some(SHORT.as_bytes()), Some(text.as_bytes()), options);
        assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
        assert_eq!(call.result.as_deref(), Some(expected.as_str()));
    }
    let e: Value = serde_json::from_str(&expected).expect("JSON");
    assert_eq!(e["unfilled"][0]["shift"], "S4", "{e}");
    // A is free, but 4 h at 100 outweigh the penalty of 10.
    assert_eq!(e["unfilled"][0]["reason"], "cost", "{e}");
}

#[test]
fn explain_refuses_bad_inputs() {
    let roster = short_roster().to_json();
    let (p, r) = (SHORT.as_bytes(), roster.as_bytes());
    assert_eq!(
        explain(None, Some(r), None).status,
        rotaflow_status::InvalidArgument
    );
    assert_eq!(
        explain(Some(p), None, None).status,
        rotaflow_status::InvalidArgument
    );
    assert_eq!(
        explain(Some(p), Some(b"{\"assignments\": [\xff]}"), None).status,
        rotaflow_status::InvalidUtf8
    );
    assert_eq!(
        explain(Some(p), Some(b"[{"), None).status,
        rotaflow_status::MalformedJson
    );
    assert_eq!(
        explain(Some(p), Some(r), Some(b"{")).status,
        rotaflow_status::MalformedJson
    );
    let call = explain(
        Some(p),
        Some(b"[{\"shift\": \"S9\", \"clinician\": \"A\"}]"),
        None,
    );
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    // The pointer names the i-th assignment, in a roster document or a bare list alike.
    assert_eq!(
        pointers(&call),
        [(
            "/assignments/0/shift".to_owned(),
            "unknown_shift".to_owned()
        )]
    );
    let call = explain(
        Some(p),
        Some(b"{\"assignments\": [{\"shift\": \"S1\", \"clinician\": \"Z\"}]}"),
        None,
    );
    assert_eq!(
        pointers(&call),
        [(
            "/assignments/0/clinician".to_owned(),
            "unknown_clinician".to_owned()
        )]
    );
    let call = explain(Some(p), Some(r), Some(b"{\"top\": 3}"));
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(
        pointers(&call),
        [("/top".to_owned(), "unknown_field".to_owned())]
    );
    // No output pointer: refused, nothing else written.
    let (problem, roster) = (c(p), c(r));
    let mut err = sentinel();
    // SAFETY: NUL-terminated inputs, a NULL result pointer, a writable error pointer.
    let status = unsafe {
        rotaflow_explain(
            problem.as_ptr(),
            roster.as_ptr(),
            std::ptr::null(),
            std::ptr::null_mut(),
            &mut err,
        )
    };
    let call = Call::collect(status, sentinel(), err);
    assert_eq!(call.status, rotaflow_status::InvalidArgument);
    assert!(
        call.first_message().contains("explanation_json_out"),
        "{:?}",
        call.error
    );
}

#[test]
fn recommend_gives_the_library_ranking() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    let roster = short_roster();
    for k in [0, 1, 5] {
        let expected = pretty(
            &rotaflow::recommend(&problem, &roster.assignments, "S4", k as usize)
                .expect("recommends"),
        );
        let call = recommend(
            SHORT.as_bytes(),
            roster.to_json().as_bytes(),
            Some(b"S4"),
            k,
            None,
        );
        assert_eq!(
            call.result.as_deref(),
            Some(expected.as_str()),
            "{:?}",
            call.error
        );
    }
    // Options are read (and used only when re-solving).
    let call = recommend(
        SHORT.as_bytes(),
        bare_list(&roster).as_bytes(),
        Some(b"S4"),
        2,
        Some(b"{\"method\": \"mip\", \"time_limit_s\": 5}"),
    );
    assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
}

#[test]
fn recommend_refuses_bad_inputs() {
    let roster = short_roster().to_json();
    let (p, r) = (SHORT.as_bytes(), roster.as_bytes());
    let call = recommend(p, r, Some(b"S9"), 3, None);
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(
        pointers(&call),
        [("/shift".to_owned(), "unknown_shift".to_owned())]
    );
    assert!(call.first_message().contains("S9"), "{:?}", call.error);
    assert_eq!(
        recommend(p, r, None, 3, None).status,
        rotaflow_status::InvalidArgument
    );
    assert_eq!(
        recommend(p, r, Some(b"S\xc3"), 3, None).status,
        rotaflow_status::InvalidUtf8
    );
    let call = recommend(p, r, Some(b"S4"), 3, Some(b"{\"method\": 3}"));
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(call.errors()[0]["pointer"], "/method");
    assert_eq!(
        recommend(b"{", r, Some(b"S4"), 3, None).status,
        rotaflow_status::MalformedJson
    );
}

#[test]
fn replan_gives_the_library_repair() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    let roster = short_roster();
    let cancelled = roster.assignments[0].clinician.clone();
    let change = rotaflow::Change::Cancel {
        clinician: cancelled.clone(),
        from: None,
    };
    let expected = rotaflow::replan(
        &problem,
        &roster.assignments,
        std::slice::from_ref(&change),
        Some(1e5),
        &rotaflow::SolveOptions::new(),
    )
    .expect("replans");
    let changes = json!({"changes": [{"cancel": {"clinician": cancelled}}]}).to_string();
    let bare = json!([{"cancel": {"clinician": cancelled}}]).to_string();
    for changes in [&changes, &bare] {
        let call = replan(
            SHORT.as_bytes(),
            roster.to_json().as_bytes(),
            Some(changes.as_bytes()),
            Some(b"{\"change_weight\": 100000}"),
        );
        assert_eq!(
            call.result.as_deref(),
            Some(pretty(&expected).as_str()),
            "{:?}",
            call.error
        );
    }
    // Only the cancelled clinician's shifts were taken away.
    assert!(!expected.diff.removed.is_empty());
    assert!(
        expected
            .diff
            .removed
            .iter()
            .all(|a| a.clinician == cancelled)
    );
    assert!(
        expected
            .roster
            .assignments
            .iter()
            .all(|a| a.clinician != cancelled)
    );
}

/// Changes, options, and the first error's pointer and code.
type BadChange<'a> = (&'a [u8], Option<&'a [u8]>, &'a str, &'a str);

#[test]
fn replan_refuses_bad_inputs() {
    let roster = short_roster().to_json();
    let (p, r) = (SHORT.as_bytes(), roster.as_bytes());
    assert_eq!(
        replan(p, r, None, None).status,
        rotaflow_status::InvalidArgument
    );
    assert_eq!(
        replan(p, r, Some(b"[{"), None).status,
        rotaflow_status::MalformedJson
    );
    let cases: [BadChange<'_>; 7] = [
        (
            b"[{\"cancel\": {\"clinician\": \"Z\"}}]",
            None,
            "/changes/0/clinician",
            "unknown_clinician",
        ),
        (
            b"[{\"drop_shift\": {\"shift\": \"S1\"}}, {\"drop_shift\": {\"shift\": \"S9\"}}]",
            None,
            "/changes/1/shift",
            "unknown_shift",
        ),
        (
            b"[{\"cancel\": {\"clinician\": \"A\", \"from\": \"noon\"}}]",
            None,
            "/changes/0/from",
            "invalid_time",
        ),
        (
            b"[{\"cancel\": {\"clinican\": \"A\"}}]",
            None,
            "/changes/0/clinican",
            "invalid_value",
        ),
        (b"[]", None, "/changes", "invalid_value"),
        (b"{\"cancel\": []}", None, "", "missing_field"),
        (
            b"[{\"cancel\": {\"clinician\": \"A\"}}]",
            Some(b"{\"change_weight\": \"big\"}"),
            "/change_weight",
            "invalid_type",
        ),
    ];
    for (changes, options, pointer, code) in cases {
        let call = replan(p, r, Some(changes), options);
        assert_eq!(
            call.status,
            rotaflow_status::ValidationFailed,
            "{:?}",
            call.error
        );
        assert_eq!(
            pointers(&call)[0],
            (pointer.to_owned(), code.to_owned()),
            "{}",
            String::from_utf8_lossy(changes)
        );
    }
    let call = replan(
        p,
        r,
        Some(b"[{\"drop_shift\": {\"shift\": \"S1\"}}]"),
        Some(b"{\"seeds\": 1}"),
    );
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
}

#[test]
fn whatif_gives_the_library_values_and_refuses_what_the_flow_cannot_price() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    for top in [0, 1, 10] {
        let expected = pretty(&rotaflow::whatif(&problem, top as usize).expect("prices"));
        let call = whatif(SHORT.as_bytes(), top);
        assert_eq!(
            call.result.as_deref(),
            Some(expected.as_str()),
            "{:?}",
            call.error
        );
    }
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rules.json");
    let rules = std::fs::read_to_string(rules).expect("examples/rules.json");
    let call = whatif(rules.as_bytes(), 10);
    assert_eq!(
        call.status,
        rotaflow_status::SolverFailed,
        "{:?}",
        call.result
    );
    assert!(call.codes().iter().all(|c| c == "not_flow_representable"));
    assert_eq!(
        whatif(b"{\"shifts\": 1}", 10).status,
        rotaflow_status::ValidationFailed
    );
    assert_eq!(whatif(b"\xff", 10).status, rotaflow_status::InvalidUtf8);
}

#[test]
fn report_html_gives_the_library_page() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    let roster = short_roster();
    let expected = rotaflow::report_html(&problem, &roster).expect("reports");
    let call = report(SHORT.as_bytes(), Some(roster.to_json().as_bytes()));
    assert_eq!(
        call.result.as_deref(),
        Some(expected.as_str()),
        "{:?}",
        call.error
    );
    assert!(expected.starts_with("<!DOCTYPE html>"));
    // A bare list is not enough for the report; nor is text that is not JSON.
    let call = report(SHORT.as_bytes(), Some(bare_list(&roster).as_bytes()));
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(
        report(SHORT.as_bytes(), Some(b"{")).status,
        rotaflow_status::MalformedJson
    );
    assert_eq!(
        report(SHORT.as_bytes(), None).status,
        rotaflow_status::InvalidArgument
    );
    let mut edited: Value = serde_json::from_str(&roster.to_json()).expect("JSON");
    edited["assignments"][0]["shift"] = json!("S9");
    let call = report(SHORT.as_bytes(), Some(edited.to_string().as_bytes()));
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert_eq!(pointers(&call)[0].1, "unknown_shift");
}

#[test]
fn report_html_of_names_holding_nul_is_a_whole_page() {
    // Found by the fuzzing campaign (fuzz/regressions/ffi/report-html-nul-*): an id holding
    // "\u0000" reached the page as a NUL byte, and the call failed with internal_error.
    let text = SHORT.replace(r#""id": "A""#, r#""id": "A\u0000x", "name": "Dr\u0001 A""#);
    assert_ne!(text, SHORT, "the edit applies");
    let problem = rotaflow::Problem::from_json(&text).expect("valid");
    let roster = rotaflow::solve(&problem, &rotaflow::SolveOptions::new()).expect("solves");
    let call = report(text.as_bytes(), Some(roster.to_json().as_bytes()));
    assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
    let page = call.result.expect("a page");
    assert!(page.contains("A\u{FFFD}x"), "{page}");
    assert!(page.ends_with("</html>\n"), "the page is whole");
}

#[test]
fn a_spent_time_limit_gives_a_feasible_roster_with_its_bound() {
    // The limit (a nanosecond) has passed before the MIP is built: the fallback roster
    // comes through as `feasible` with its bound, status OK — not NO_SOLUTION.
    let problem = include_str!("../../../examples/rules.json");
    let call = solve(
        Some(problem.as_bytes()),
        Some(br#"{"method": "mip", "time_limit_s": 1e-9}"#),
    );
    assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
    let roster: Value =
        serde_json::from_str(call.result.as_deref().expect("a roster")).expect("roster JSON");
    assert_eq!(roster["status"], "feasible");
    let (objective, bound) = (
        roster["objective"].as_f64().expect("objective"),
        roster["bound"].as_f64().expect("bound"),
    );
    assert!(
        bound <= objective,
        "bound {bound} above objective {objective}"
    );
    assert!(roster["gap"].as_f64().is_some());
}

/// Schema revision 1.1 through the C ABI: a document with dated credentials, a renewal,
/// `required_skills` and weekly limits validates and solves to the library's roster (a
/// lapsed credential keeps its holder off the later sessions); each new validation case
/// comes back as the core's code at the core's pointer.
#[test]
fn a_revision_1_1_document_validates_solves_and_points_at_its_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/credentials.json");
    let text = std::fs::read_to_string(path).expect("examples/credentials.json");
    let call = validate(text.as_bytes());
    assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
    let read: Value =
        serde_json::from_str(call.result.as_deref().expect("the problem")).expect("JSON");
    assert_eq!(
        read["clinicians"][0]["skills"][2],
        json!({"name": "indemnity", "valid_from": "2025-12-10", "valid_until": "2026-12-09"})
    );
    assert_eq!(
        read["clinicians"][1]["limits"]["per_week"],
        json!({"max_shifts": 3})
    );
    assert!(read["required_skills"]["gp"].is_array(), "{read}");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    // Solved through the C ABI to the library's roster, weekly caps and all.
    let call = solve(Some(text.as_bytes()), None);
    assert_eq!(call.status, rotaflow_status::Ok, "{:?}", call.error);
    assert_eq!(call.result.as_deref(), Some(library_roster(&text).as_str()));
    let roster: Value =
        serde_json::from_str(call.result.as_deref().expect("roster")).expect("JSON");
    // GP007's indemnity ends on 9 December: no session of theirs after it.
    let shifts: Vec<&Value> = doc["shifts"].as_array().expect("shifts").iter().collect();
    for a in roster["assignments"].as_array().expect("assignments") {
        if a["clinician"] == "GP007" {
            let s = shifts
                .iter()
                .find(|s| s["id"] == a["shift"])
                .expect("shift");
            assert!(s["start"].as_str().expect("start") < "2026-12-10", "{a}");
        }
    }

    let with = |pointer: &str, value: Value| {
        let mut d = doc.clone();
        *d.pointer_mut(pointer).expect("in credentials.json") = value;
        d.to_string()
    };
    let cases = [
        (
            with(
                "/clinicians/1/limits/per_week",
                json!({"max_shifts": 3, "min_shifts": 4}),
            ),
            "/clinicians/1/limits/per_week/min_shifts",
            "min_above_max",
        ),
        (
            with("/clinicians/1/limits/per_week", json!({"max_shift": 3})),
            "/clinicians/1/limits/per_week/max_shift",
            "unknown_field",
        ),
        (
            with("/clinicians/0/skills/2/valid_until", json!("2025-12-09")),
            "/clinicians/0/skills/2/valid_until",
            "end_not_after_start",
        ),
        (
            with("/clinicians/0/skills/2/valid_from", json!("2025-12-32")),
            "/clinicians/0/skills/2/valid_from",
            "invalid_date",
        ),
        (
            with("/clinicians/0/skills/2/name", json!("")),
            "/clinicians/0/skills/2/name",
            "invalid_value",
        ),
        (
            with("/required_skills/gp/1", json!("")),
            "/required_skills/gp/1",
            "invalid_value",
        ),
    ];
    for (bad, pointer, code) in cases {
        for call in [validate(bad.as_bytes()), solve(Some(bad.as_bytes()), None)] {
            assert_eq!(call.status, rotaflow_status::ValidationFailed, "{pointer}");
            assert!(
                call.errors()
                    .iter()
                    .any(|e| e["pointer"] == pointer && e["code"] == code),
                "{pointer} {code}: {:?}",
                call.errors()
            );
        }
    }
    // The solver block and the weights, both wrong: both issues, in pointer order.
    let mut bad = doc.clone();
    bad["solver"] = json!({"pattern_weeks": 1});
    bad["weights"]["pattern"] = json!(-1);
    let bad = bad.to_string();
    assert_eq!(
        pointers(&validate(bad.as_bytes())),
        [
            (
                "/solver/pattern_weeks".to_owned(),
                "invalid_value".to_owned()
            ),
            ("/weights/pattern".to_owned(), "negative_value".to_owned()),
        ]
    );
}

#[test]
fn scenario_rows_and_the_sweep_report_are_the_library_s() {
    let problem = rotaflow::Problem::from_json(SHORT).expect("valid");
    let roster = short_roster();
    let expected = rotaflow::scenario_row("base", &problem, &roster).expect("a row");
    let call = scenario_row(b"base", SHORT.as_bytes(), roster.to_json().as_bytes());
    let row: rotaflow::ScenarioRow =
        serde_json::from_str(call.result.as_deref().expect("a row")).expect("a row document");
    assert_eq!(row, expected);
    let failed = rotaflow::ScenarioRow::failed("flu", "/shifts/0/site: no site has the id `P9`");
    let rows = serde_json::to_string(&[row, failed.clone()]).expect("JSON");
    let page = sweep_report(Some(rows.as_bytes()));
    assert_eq!(
        page.result.as_deref(),
        Some(rotaflow::sweep_report_html(&[expected, failed]).as_str())
    );
    // Bad inputs: a roster of an unknown shift, rows that are not rows, NULL.
    let mut edited: Value = serde_json::from_str(&roster.to_json()).expect("JSON");
    edited["assignments"][0]["shift"] = json!("S9");
    let call = scenario_row(b"x", SHORT.as_bytes(), edited.to_string().as_bytes());
    assert_eq!(
        call.status,
        rotaflow_status::ValidationFailed,
        "{:?}",
        call.error
    );
    let call = sweep_report(Some(b"[{\"name\": 3}]"));
    assert_eq!(call.status, rotaflow_status::ValidationFailed);
    assert!(
        call.errors()[0]["message"]
            .as_str()
            .expect("message")
            .contains("scenario rows")
    );
    assert_eq!(
        sweep_report(Some(b"[")).status,
        rotaflow_status::MalformedJson
    );
    assert_eq!(sweep_report(None).status, rotaflow_status::InvalidArgument);
}

/// What a progress function saw: every report, and whether it asks to stop at the first
/// report that has a roster.
#[derive(Debug, Default)]
struct Reports {
    seen: Vec<Value>,
    stop_with_a_roster: bool,
}

/// A C progress function: records the report in `user_data` (a `Reports`).
unsafe extern "C" fn record(progress_json: *const c_char, user_data: *mut c_void) -> c_int {
    // SAFETY: rotaflow passes a NUL-terminated report, and the test its own `Reports`.
    let (json, reports) = unsafe {
        (
            CStr::from_ptr(progress_json).to_str().expect("UTF-8"),
            &mut *user_data.cast::<Reports>(),
        )
    };
    let report: Value = serde_json::from_str(json).expect("a report is JSON");
    let stop = reports.stop_with_a_roster && !report["objective"].is_null();
    reports.seen.push(report);
    c_int::from(stop)
}

impl Handle {
    fn solve_with_progress(&self, options: &[u8], reports: Option<&mut Reports>) -> Call {
        let options = c(options);
        let (mut out, mut err) = (sentinel(), sentinel());
        let (f, data): (rotaflow_ffi::rotaflow_progress_fn, *mut c_void) = match reports {
            Some(r) => (Some(record), std::ptr::from_mut(r).cast()),
            None => (None, std::ptr::null_mut()),
        };
        // SAFETY: a live handle, NUL-terminated options, a function that may be called
        // with `data` (which outlives the call), writable outputs.
        let status = unsafe {
            rotaflow_problem_solve_with_progress(
                self.0,
                options.as_ptr(),
                f,
                data,
                &mut out,
                &mut err,
            )
        };
        Call::collect(status, out, err)
    }
}

#[test]
fn a_solve_with_progress_reports_its_end_and_returns_the_same_roster() {
    let text = small();
    let handle = Handle::parse(&text).expect("parses");
    let mut reports = Reports::default();
    let roster = handle
        .solve_with_progress(b"{}", Some(&mut reports))
        .result
        .expect("roster");
    assert_eq!(roster, library_roster(&text));
    // Without a function: as rotaflow_problem_solve.
    assert_eq!(
        handle.solve_with_progress(b"{}", None).result,
        Some(roster.clone())
    );
    let last = reports.seen.last().expect("the end is reported");
    let doc: Value = serde_json::from_str(&roster).expect("roster JSON");
    assert_eq!(last["done"], true);
    assert_eq!(last["method"], doc["method"]);
    assert_eq!(last["objective"], doc["objective"]);
    assert_eq!(last["gap"], doc["gap"]);
    let keys: Vec<&str> = last
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "bound",
            "done",
            "elapsed_s",
            "first_roster_s",
            "gap",
            "method",
            "objective",
            "time_limit_s"
        ]
    );
    // Bad options are still refused at their pointer.
    assert_eq!(
        handle
            .solve_with_progress(b"{\"method\": 3}", Some(&mut Reports::default()))
            .status,
        rotaflow_status::ValidationFailed
    );
}

#[test]
fn a_progress_function_returning_non_zero_stops_decompose_with_its_best_roster() {
    let problem = rotaflow_synth::generate(&rotaflow_synth::GenerateOptions {
        clinicians: 90,
        sites: 10,
        days: 7,
        seed: 5,
        family: rotaflow_synth::Family::Rules,
        ..rotaflow_synth::GenerateOptions::default()
    })
    .expect("generates");
    let text = problem.to_json();
    let handle = Handle::parse(&text).expect("parses");
    let mut reports = Reports {
        stop_with_a_roster: true,
        ..Reports::default()
    };
    // A limit far beyond the test's wait: only the stop ends the search early.
    let call = handle.solve_with_progress(
        br#"{"method": "decompose", "time_limit_s": 3600}"#,
        Some(&mut reports),
    );
    let roster: Value = serde_json::from_str(&call.result.expect("a roster")).expect("JSON");
    assert!(
        reports
            .seen
            .iter()
            .any(|r| r["done"] == false && !r["objective"].is_null()),
        "no report with a roster before the end: {:?}",
        reports.seen
    );
    assert!(
        matches!(roster["status"].as_str(), Some("feasible" | "optimal")),
        "{roster}"
    );
    let assignments: Vec<rotaflow::Assignment> =
        serde_json::from_value(roster["assignments"].clone()).expect("assignments");
    let e = rotaflow::score(&problem, &assignments).expect("scores");
    assert!(e.is_feasible(), "{:?}", e.breaches);
    assert_eq!(
        reports.seen.last().expect("end")["objective"],
        roster["objective"]
    );
}
