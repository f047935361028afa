//! One test per validation code, each with the bad input itself, checking the pointer,
//! the code and that the sentence names the culprit. A final test checks that every code
//! of `IssueCode::ALL` is covered here.

use std::collections::BTreeSet;
use std::sync::Mutex;

use rotaflow::{Error, IssueCode, Problem};
use serde_json::{Value, json};

static COVERED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

fn base() -> Value {
    json!({
        "sites": [{"id": "P1", "lat": 53.48, "lon": -2.24}, {"id": "P2", "lat": 53.40, "lon": -2.10}],
        "clinicians": [
            {"id": "C1", "roles": ["gp"], "home": {"lat": 53.45, "lon": -2.2}, "rate_per_hour": 90},
            {"id": "C2", "roles": ["gp", "anp"], "home": {"lat": 53.41, "lon": -2.3}}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
            {"id": "S2", "site": "P2", "role": "gp", "start": "2026-12-07T13:30", "end": "2026-12-07T17:30"}]
    })
}

/// Parse (and validate) `text`; expect an issue with `code` at `pointer` whose message
/// contains `needle`.
fn expect_text(text: &str, pointer: &str, code: IssueCode, needle: &str) {
    let issues = match Problem::from_json(text) {
        Ok(_) => panic!("expected {code} at {pointer}, but the problem is valid"),
        Err(Error::Invalid(issues)) => issues,
        Err(other) => panic!("expected validation issues, got {other:?}"),
    };
    let found = issues
        .iter()
        .find(|i| i.code == code && i.pointer == pointer)
        .unwrap_or_else(|| panic!("no {code} at {pointer} in {issues:#?}"));
    assert!(
        found.message.contains(needle),
        "message {:?} should mention {needle:?}",
        found.message
    );
    COVERED.lock().expect("lock").insert(code.as_str());
}

fn expect(v: Value, pointer: &str, code: IssueCode, needle: &str) {
    expect_text(&v.to_string(), pointer, code, needle);
}

#[test]
fn the_base_problem_is_valid() {
    Problem::from_json(&base().to_string()).expect("valid");
}

#[test]
fn invalid_json() {
    expect_text("{\"sites\": [}", "", IssueCode::InvalidJson, "line 1");
}

#[test]
fn unknown_field() {
    let mut v = base();
    v["clinicians"][0]["limits"] = json!({"max_shift": 3});
    expect(
        v,
        "/clinicians/0/limits/max_shift",
        IssueCode::UnknownField,
        "max_shifts",
    );
}

#[test]
fn missing_field() {
    let mut v = base();
    v["shifts"][1].as_object_mut().expect("obj").remove("role");
    expect(v, "/shifts/1/role", IssueCode::MissingField, "missing");
}

#[test]
fn invalid_type() {
    let mut v = base();
    v["shifts"][0]["headcount"] = json!("two");
    expect(v, "/shifts/0/headcount", IssueCode::InvalidType, "two");
}

#[test]
fn invalid_value() {
    let mut v = base();
    v["solver"] = json!({"method": "simplex"});
    expect(v, "/solver/method", IssueCode::InvalidValue, "simplex");
}

#[test]
fn unsupported_version() {
    let mut v = base();
    v["version"] = json!(2);
    expect(v, "/version", IssueCode::UnsupportedVersion, "version 2");
}

#[test]
fn empty_id() {
    let mut v = base();
    v["sites"][1]["id"] = json!("");
    expect(v, "/sites/1/id", IssueCode::EmptyId, "empty");
}

#[test]
fn duplicate_id() {
    let mut v = base();
    v["shifts"][1]["id"] = json!("S1");
    expect(v, "/shifts/1/id", IssueCode::DuplicateId, "/shifts/0");
}

#[test]
fn unknown_site() {
    let mut v = base();
    v["shifts"][1]["site"] = json!("P9");
    expect(v, "/shifts/1/site", IssueCode::UnknownSite, "P9");
}

#[test]
fn unknown_clinician() {
    let mut v = base();
    v["shifts"][0]["preferred_clinicians"] = json!(["C1", "GP404"]);
    expect(
        v,
        "/shifts/0/preferred_clinicians/1",
        IssueCode::UnknownClinician,
        "GP404",
    );
}

#[test]
fn unknown_shift() {
    let mut v = base();
    v["pinned"] = json!([{"shift": "S9", "clinician": "C1"}]);
    expect(v, "/pinned/0/shift", IssueCode::UnknownShift, "S9");
}

#[test]
fn invalid_timezone() {
    let mut v = base();
    v["timezone"] = json!("Europe/Manchester");
    expect(
        v,
        "/timezone",
        IssueCode::InvalidTimezone,
        "Europe/Manchester",
    );
}

#[test]
fn invalid_time() {
    let mut v = base();
    v["shifts"][0]["start"] = json!("2026-12-07 8am");
    expect(v, "/shifts/0/start", IssueCode::InvalidTime, "8am");
}

#[test]
fn invalid_date() {
    let mut v = base();
    v["horizon"] = json!({"start": "2026-12-07", "end": "13/12/2026"});
    expect(v, "/horizon/end", IssueCode::InvalidDate, "13/12/2026");
}

#[test]
fn end_not_after_start() {
    let mut v = base();
    v["shifts"][0]["end"] = json!("2026-12-07T08:00");
    expect(v, "/shifts/0/end", IssueCode::EndNotAfterStart, "not after");
}

#[test]
fn shift_outside_horizon() {
    let mut v = base();
    v["horizon"] = json!({"start": "2026-12-08", "end": "2026-12-13"});
    expect(
        v,
        "/shifts/0/start",
        IssueCode::ShiftOutsideHorizon,
        "2026-12-07",
    );
}

#[test]
fn negative_value() {
    let mut v = base();
    v["shifts"][0]["headcount"] = json!(-1);
    expect(
        v.clone(),
        "/shifts/0/headcount",
        IssueCode::NegativeValue,
        "-1",
    );
    v["shifts"][0]["headcount"] = json!(1);
    v["clinicians"][1]["rate_per_hour"] = json!(-80.5);
    expect(
        v,
        "/clinicians/1/rate_per_hour",
        IssueCode::NegativeValue,
        "-80.5",
    );
}

#[test]
fn non_finite_number_from_json() {
    let mut v = base();
    v["weights"] = json!({"cost": 1});
    let text = v.to_string().replace("\"cost\":1", "\"cost\":1e999");
    expect_text(&text, "", IssueCode::NonFiniteNumber, "out of range");
}

#[test]
fn non_finite_number_from_rust() {
    // Rust (and later Python) callers can build a problem with NaN directly.
    let mut p: Problem = Problem::from_json(&base().to_string()).expect("valid");
    p.clinicians[0].rate_per_hour = f64::NAN;
    p.shifts[1].unfilled_penalty = Some(f64::INFINITY);
    let issues = rotaflow::validate(&p);
    let at: Vec<(&str, IssueCode)> = issues
        .iter()
        .map(|i| (i.pointer.as_str(), i.code))
        .collect();
    assert!(
        at.contains(&("/clinicians/0/rate_per_hour", IssueCode::NonFiniteNumber)),
        "{at:?}"
    );
    assert!(
        at.contains(&("/shifts/1/unfilled_penalty", IssueCode::NonFiniteNumber)),
        "{at:?}"
    );
}

#[test]
fn invalid_coordinates() {
    let mut v = base();
    v["sites"][0]["lat"] = json!(153.48);
    expect(v, "/sites/0/lat", IssueCode::InvalidCoordinates, "153.48");
}

#[test]
fn unknown_distance_for_max_travel() {
    let mut v = base();
    v["clinicians"][1]
        .as_object_mut()
        .expect("obj")
        .remove("home");
    v["clinicians"][1]["max_travel_km"] = json!(15);
    expect(
        v,
        "/clinicians/1/max_travel_km",
        IssueCode::UnknownDistance,
        "C2",
    );
}

#[test]
fn unknown_distance_for_travel_weight() {
    let mut v = base();
    v["sites"][1].as_object_mut().expect("obj").remove("lat");
    v["sites"][1].as_object_mut().expect("obj").remove("lon");
    v["weights"] = json!({"travel_per_km": 0.5});
    expect(
        v,
        "/weights/travel_per_km",
        IssueCode::UnknownDistance,
        "P2",
    );
}

#[test]
fn empty_preference() {
    let mut v = base();
    v["clinicians"][0]["preferences"] = json!([{"weight": 3}]);
    expect(
        v,
        "/clinicians/0/preferences/0",
        IssueCode::EmptyPreference,
        "at least one",
    );
}

#[test]
fn preference_naming_nothing() {
    let mut v = base();
    v["clinicians"][0]["preferences"] = json!([{"site": "P7", "weight": 3}]);
    expect(
        v,
        "/clinicians/0/preferences/0/site",
        IssueCode::UnknownSite,
        "P7",
    );
}

#[test]
fn duplicate_pair() {
    let mut v = base();
    v["previous"] = json!([{"shift": "S1", "clinician": "C1"}, {"shift": "S1", "clinician": "C1"}]);
    expect(v, "/previous/1", IssueCode::DuplicatePair, "/previous/0");
}

#[test]
fn min_above_max() {
    let mut v = base();
    v["clinicians"][0]["limits"] = json!({"min_shifts": 5, "max_shifts": 3});
    expect(
        v,
        "/clinicians/0/limits/min_shifts",
        IssueCode::MinAboveMax,
        "max_shifts 3",
    );
}

#[test]
fn pin_not_eligible() {
    let mut v = base();
    v["shifts"][0]["role"] = json!("pharmacist");
    v["pinned"] = json!([{"shift": "S1", "clinician": "C1"}]);
    expect(
        v,
        "/pinned/0",
        IssueCode::PinNotEligible,
        "C1 is pinned to S1 but does not hold",
    );
}

#[test]
fn pin_conflict() {
    let mut v = base();
    v["shifts"][1]["start"] = json!("2026-12-07T11:30");
    v["pinned"] = json!([{"shift": "S1", "clinician": "C1"}, {"shift": "S2", "clinician": "C1"}]);
    expect(v, "/pinned/0", IssueCode::PinConflict, "overlap");
}

#[test]
fn pins_beyond_the_headcount_conflict() {
    let mut v = base();
    v["pinned"] = json!([{"shift": "S1", "clinician": "C1"}, {"shift": "S1", "clinician": "C2"}]);
    expect(v, "/pinned/0", IssueCode::PinConflict, "headcount");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut v = base();
    v["shifts"][0]["site"] = json!("P9");
    v["shifts"][1]["headcount"] = json!(-2);
    v["clinicians"][1]["rate_per_shift"] = json!(-1);
    v["timezone"] = json!("Mars/Olympus");
    let issues = Problem::from_json(&v.to_string()).expect_err("invalid");
    let codes: Vec<&str> = issues.issues().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "negative_value",
            "unknown_site",
            "negative_value",
            "invalid_timezone"
        ],
        "{issues:#?}"
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = base().to_string().into_bytes();
    let at = bytes.windows(4).position(|w| w == b"\"P2\"").expect("P2") + 1;
    bytes[at] = 0xD0; // a lead byte without its continuation
    let err = Problem::from_json_bytes(&bytes).expect_err("not UTF-8");
    let issue = &err.issues()[0];
    assert_eq!(
        (issue.pointer.as_str(), issue.code),
        ("", IssueCode::InvalidUtf8)
    );
    assert!(
        issue.message.contains(&format!("byte offset {at} ")),
        "{}",
        issue.message
    );
    assert_eq!(err.code(), rotaflow::ErrorCode::InvalidJson);
    COVERED
        .lock()
        .expect("lock")
        .insert(IssueCode::InvalidUtf8.as_str());
}

#[test]
fn duplicate_key() {
    let text = base().to_string().replacen(
        "\"rate_per_hour\":90",
        "\"rate_per_hour\":90,\"rate_per_hour\":0",
        1,
    );
    expect_text(
        &text,
        "/clinicians/0/rate_per_hour",
        IssueCode::DuplicateKey,
        "`rate_per_hour` appears twice",
    );
}

#[test]
fn objects_given_as_lists_are_wrong_types() {
    for (pointer, list) in [
        ("/weights", json!([5, 2])),
        ("/solver", json!(["mip", 10])),
        ("/horizon", json!(["2026-12-07", "2026-12-08"])),
        ("/clinicians/0/home", json!([53.4, -2.2])),
        ("/clinicians/0/limits", json!([3])),
        (
            "/clinicians/0/availability/0",
            json!(["2026-12-07T08:00", "2026-12-07T18:00"]),
        ),
        ("/sites/1", json!(["P2"])),
        ("/shifts/1", json!(["S2", "P2", "x", "y", "gp"])),
    ] {
        let mut v = base();
        if pointer == "/clinicians/0/availability/0" {
            v["clinicians"][0]["availability"] = json!([list]);
        } else {
            let (parent, key) = pointer.rsplit_once('/').expect("a key");
            let slot = v.pointer_mut(parent).expect("parent");
            match slot {
                Value::Object(m) => {
                    m.insert(key.to_owned(), list);
                }
                Value::Array(a) => a[key.parse::<usize>().expect("index")] = list,
                _ => unreachable!("the base problem's containers"),
            }
        }
        expect(v, pointer, IssueCode::InvalidType, "sequence");
    }
    for doc in ["[]", "[1]"] {
        expect_text(doc, "", IssueCode::InvalidType, "not a list");
    }
}

#[test]
fn amounts_too_large_are_invalid_values() {
    let mut v = base();
    v["weights"] = json!({"unfilled": 1e300});
    v["shifts"][0]["unfilled_penalty"] = json!(-2.5e200);
    expect(
        v.clone(),
        "/weights/unfilled",
        IssueCode::InvalidValue,
        "1e300 is too large",
    );
    expect(
        v,
        "/shifts/0/unfilled_penalty",
        IssueCode::InvalidValue,
        "-2.5e200",
    );
}

#[test]
fn offsets_beyond_eighteen_hours_are_invalid_times() {
    let mut v = base();
    v["shifts"][1]["start"] = json!("2026-12-07T13:30+25:00");
    expect(v, "/shifts/1/start", IssueCode::InvalidTime, "+25:00");
}

/// Runs last alphabetically in the same process is not guaranteed, so this test checks
/// coverage by calling every other test's body itself.
#[test]
fn zz_every_code_is_covered() {
    invalid_json();
    invalid_utf8();
    duplicate_key();
    unknown_field();
    missing_field();
    invalid_type();
    invalid_value();
    unsupported_version();
    empty_id();
    duplicate_id();
    unknown_site();
    unknown_clinician();
    unknown_shift();
    invalid_timezone();
    invalid_time();
    invalid_date();
    end_not_after_start();
    shift_outside_horizon();
    negative_value();
    non_finite_number_from_json();
    invalid_coordinates();
    unknown_distance_for_max_travel();
    empty_preference();
    duplicate_pair();
    min_above_max();
    pin_not_eligible();
    pin_conflict();
    let covered = COVERED.lock().expect("lock").clone();
    let all: BTreeSet<&str> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<&&str> = all.difference(&covered).collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}
