//! Revision 1.1 through the C ABI (issue 15): explain's document carries the
//! employment-pattern warnings and the score's `pattern` term, and score's the blocking
//! pairs — the library's documents, byte for byte.

use std::ffi::{CStr, CString, c_char};

use rotaflow_ffi::{rotaflow_explain, rotaflow_score, rotaflow_status, rotaflow_string_free};
use serde_json::{Value, json};

/// Call a two-document export (problem, roster) the way C does; the result document.
fn call(
    f: unsafe extern "C" fn(
        *const c_char,
        *const c_char,
        *mut *mut c_char,
        *mut *mut c_char,
    ) -> rotaflow_status,
    problem: &str,
    roster: &str,
) -> String {
    let (problem, roster) = (
        CString::new(problem).expect("no NUL"),
        CString::new(roster).expect("no NUL"),
    );
    let (mut out, mut err): (*mut c_char, *mut c_char) =
        (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: NUL-terminated inputs and writable outputs.
    let status = unsafe { f(problem.as_ptr(), roster.as_ptr(), &mut out, &mut err) };
    assert_eq!(status, rotaflow_status::Ok);
    assert!(err.is_null() && !out.is_null());
    // SAFETY: a live string returned by rotaflow, freed once.
    let text = unsafe { CStr::from_ptr(out) }
        .to_str()
        .expect("UTF-8")
        .to_owned();
    // SAFETY: as above.
    unsafe { rotaflow_string_free(out) };
    text
}

/// `rotaflow_explain` with no options.
unsafe extern "C" fn explain(
    problem: *const c_char,
    roster: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut c_char,
) -> rotaflow_status {
    // SAFETY: the caller's pointers, and NULL options.
    unsafe { rotaflow_explain(problem, roster, std::ptr::null(), out, err) }
}

const WEDNESDAYS: [&str; 5] = [
    "2026-12-09",
    "2026-12-16",
    "2026-12-23",
    "2026-12-30",
    "2027-01-06",
];

fn five_wednesdays() -> String {
    json!({
        "horizon": {"start": "2026-12-07", "end": "2027-01-10"},
        "sites": [{"id": "P"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10}],
        "shifts": WEDNESDAYS.iter().enumerate().map(|(w, d)| json!({
            "id": format!("W{w}"), "site": "P", "role": "gp", "kind": "AM",
            "start": format!("{d}T08:30"), "end": format!("{d}T12:30")})).collect::<Vec<_>>(),
        "weights": {"pattern": 7.5}
    })
    .to_string()
}

#[test]
fn explain_carries_the_pattern_warnings() {
    let problem = five_wednesdays();
    let roster = json!(
        (0..5)
            .map(|w| json!({"shift": format!("W{w}"), "clinician": "A"}))
            .collect::<Vec<_>>()
    )
    .to_string();
    let text = call(explain, &problem, &roster);
    let e: Value = serde_json::from_str(&text).expect("JSON");
    let patterns = e["patterns"].as_array().expect("patterns");
    assert_eq!(patterns.len(), 1, "{e}");
    assert_eq!(patterns[0]["clinician"], "A");
    assert_eq!(patterns[0]["weekday"], "Wednesday");
    assert_eq!(patterns[0]["weeks"], 5);
    assert_eq!(patterns[0]["dates"], json!(WEDNESDAYS));
    assert_eq!(patterns[0]["cost"], 15.0);
    assert_eq!(e["score"]["pattern"], 15.0);
    // The library's document, byte for byte.
    let p = rotaflow::Problem::from_json(&problem).expect("valid");
    let assignments: Vec<rotaflow::Assignment> =
        serde_json::from_str(&roster).expect("assignments");
    let mut expected =
        serde_json::to_string_pretty(&rotaflow::explain(&p, &assignments).expect("explains"))
            .expect("JSON");
    expected.push('\n');
    assert_eq!(text, expected);
}

#[test]
fn score_carries_the_blocking_pairs() {
    let problem = json!({
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"],
                        "preferences": [{"shift": "S2", "weight": 3}]}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp",
             "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
            {"id": "S2", "site": "P1", "role": "gp",
             "start": "2026-12-08T08:30", "end": "2026-12-08T12:30"}]
    })
    .to_string();
    let text = call(
        rotaflow_score,
        &problem,
        r#"[{"shift": "S1", "clinician": "A"}]"#,
    );
    let e: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(e["blocking_pair_count"], 1, "{e}");
    assert_eq!(e["blocking_pairs"][0]["shift"], "S2");
    assert!(e["blocking_pairs"][0].get("instead_of").is_none());
}
