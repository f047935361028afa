//! Reading the problem document from JSON, collecting every problem rather than the first.
//!
//! serde stops at the first error, which is a poor experience for a planner fixing a
//! hand-edited file. So the text is first read as a `serde_json::Value`; every object is
//! checked against the schema's field names (all unknown fields are reported); then each
//! section and each list element is deserialized on its own, so that one bad shift does
//! not hide another. Each issue carries the RFC 6901 pointer of the offending value.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::fields;
use crate::error::{Issue, IssueCode, escape, sorted_issues};
use crate::model::Problem;
use crate::strict::Strict;

/// Parse a JSON problem document, reporting every problem found at the JSON level
/// (syntax, duplicate keys, unknown fields, missing fields, wrong types) and, when some
/// of it cannot be read, the semantic problems of the rest. Semantic checks of a readable
/// document are [`crate::validate`]'s job.
pub(crate) fn problem_from_json(text: &str) -> Result<Problem, Vec<Issue>> {
    let (mut value, duplicates) = match super::text::parse(text) {
        Ok(v) => v,
        Err(e) => return Err(vec![syntax_issue(&e)]),
    };
    match problem_from_value(&mut value) {
        Ok(p) if duplicates.is_empty() => Ok(p),
        Ok(_) => Err(sorted_issues(duplicates)),
        Err(mut issues) => {
            issues.extend(duplicates);
            Err(sorted_issues(issues))
        }
    }
}

/// The issue of a document that is not JSON: where, and what serde_json says.
pub(crate) fn syntax_issue(e: &serde_json::Error) -> Issue {
    let code = if e.to_string().contains("number out of range") {
        IssueCode::NonFiniteNumber
    } else {
        IssueCode::InvalidJson
    };
    Issue::new(
        "",
        code,
        format!(
            "the document is not valid JSON: {} (line {}, column {})",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        ),
    )
}

/// As [`problem_from_json`], from an already parsed value (unknown fields are removed
/// from `value` as they are reported).
pub(crate) fn problem_from_value(value: &mut Value) -> Result<Problem, Vec<Issue>> {
    let mut issues = Vec::new();
    strip_unknown(value, &mut issues);
    if issues.is_empty() {
        // The common case: one pass.
        if let Ok(p) = deserialize_at::<Problem>(value, "") {
            return Ok(p);
        }
    }
    // Something is wrong: look at each section and element on its own to list it all.
    let Some(root) = value.as_object() else {
        issues.push(Issue::new(
            "",
            IssueCode::InvalidType,
            format!("the document must be a JSON object, not {}", kind_of(value)),
        ));
        return Err(issues);
    };
    for (key, v) in root {
        let ptr = format!("/{}", escape(key));
        let result = match key.as_str() {
            "version" => check::<u32>(v, &ptr),
            "timezone" => check::<Option<String>>(v, &ptr),
            "horizon" => check::<Option<crate::model::Horizon>>(v, &ptr),
            "sites" => check_elements::<crate::model::Site>(v, &ptr),
            "clinicians" => check_elements::<crate::model::Clinician>(v, &ptr),
            "shifts" => check_elements::<crate::model::Shift>(v, &ptr),
            "travel_km" => check_elements::<crate::model::TravelKm>(v, &ptr),
            "forbidden_successions" => check_elements::<crate::model::Succession>(v, &ptr),
            "pinned" | "previous" => check_elements::<crate::model::Assignment>(v, &ptr),
            "history" => check_elements::<crate::model::Booked>(v, &ptr),
            "weights" => check::<crate::model::Weights>(v, &ptr),
            "solver" => check::<crate::model::SolverOptions>(v, &ptr),
            _ => Ok(()),
        };
        if let Err(mut found) = result {
            issues.append(&mut found);
        }
    }
    if issues.is_empty() {
        // Every section parses alone but the whole does not: report the whole's error.
        if let Err(e) = deserialize_at::<Problem>(value, "") {
            issues.push(e);
        }
    }
    if issues.is_empty() {
        // Unreachable in practice; never report success without a problem.
        issues.push(Issue::new(
            "",
            IssueCode::InvalidValue,
            "the document could not be read as a problem",
        ));
    }
    // What cannot be read must not hide the problems of what can.
    let rest = match deserialize_at::<Problem>(value, "") {
        // Only unknown fields, now removed: the rest reads whole.
        Ok(problem) => crate::validate::validate(&problem),
        Err(_) => super::rest::rest_issues(root),
    };
    issues.extend(rest);
    Err(sorted_issues(issues))
}

fn check<T: DeserializeOwned>(v: &Value, ptr: &str) -> Result<(), Vec<Issue>> {
    deserialize_at::<T>(v, ptr).map(|_| ()).map_err(|e| vec![e])
}

fn check_elements<T: DeserializeOwned>(v: &Value, ptr: &str) -> Result<(), Vec<Issue>> {
    let Some(items) = v.as_array() else {
        return Err(vec![Issue::new(
            ptr,
            IssueCode::InvalidType,
            format!("expected a list, found {}", kind_of(v)),
        )]);
    };
    let issues: Vec<Issue> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| deserialize_at::<T>(item, &format!("{ptr}/{i}")).err())
        .collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(issues)
    }
}

/// Deserialize `value`, mapping a failure to an issue whose pointer is `base` followed by
/// the path serde reports.
pub(super) fn deserialize_at<T: DeserializeOwned>(value: &Value, base: &str) -> Result<T, Issue> {
    serde_path_to_error::deserialize::<_, T>(Strict(value)).map_err(|e| {
        let mut pointer = base.to_owned();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape(key));
                }
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = e.inner().to_string();
        let (code, field) = classify(&message);
        if let Some(field) = field {
            pointer.push('/');
            pointer.push_str(&escape(&field));
        }
        let sentence = match code {
            IssueCode::MissingField => "this required field is missing".to_owned(),
            _ => sentence_case(&message),
        };
        Issue::new(pointer, code, sentence)
    })
}

/// Map serde's message to a stable code, and the missing field's name when there is one.
fn classify(message: &str) -> (IssueCode, Option<String>) {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default().to_owned();
        return (IssueCode::MissingField, Some(name));
    }
    if message.starts_with("invalid type") {
        return (IssueCode::InvalidType, None);
    }
    if message.starts_with("unknown field") {
        return (IssueCode::UnknownField, None);
    }
    if message.contains("number out of range") {
        return (IssueCode::NonFiniteNumber, None);
    }
    (IssueCode::InvalidValue, None)
}

fn sentence_case(message: &str) -> String {
    let m = strip_position(message);
    let mut chars = m.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Report and remove every field the schema does not know, anywhere in the document.
fn strip_unknown(value: &mut Value, issues: &mut Vec<Issue>) {
    use fields::*;
    let Some(root) = value.as_object_mut() else {
        return;
    };
    strip(root, ROOT, "", issues);
    let object = |v: Option<&mut Value>, known: &[&str], ptr: &str, issues: &mut Vec<Issue>| {
        if let Some(Value::Object(m)) = v {
            strip(m, known, ptr, issues);
        }
    };
    object(root.get_mut("horizon"), HORIZON, "/horizon", issues);
    object(root.get_mut("weights"), WEIGHTS, "/weights", issues);
    object(root.get_mut("solver"), SOLVER, "/solver", issues);
    let simple_lists: [(&str, &[&str]); 7] = [
        ("sites", SITE),
        ("shifts", SHIFT),
        ("travel_km", TRAVEL),
        ("forbidden_successions", SUCCESSION),
        ("pinned", PAIR),
        ("previous", PAIR),
        ("history", HISTORY),
    ];
    for (key, known) in simple_lists {
        for_each_object(root.get_mut(key), &format!("/{key}"), |m, ptr| {
            strip(m, known, ptr, issues)
        });
    }
    for_each_object(root.get_mut("clinicians"), "/clinicians", |c, ptr| {
        strip(c, CLINICIAN, ptr, issues);
        if let Some(Value::Object(m)) = c.get_mut("home") {
            strip(m, LATLON, &format!("{ptr}/home"), issues);
        }
        if let Some(Value::Object(m)) = c.get_mut("limits") {
            strip(m, LIMITS, &format!("{ptr}/limits"), issues);
            if let Some(Value::Object(w)) = m.get_mut("per_week") {
                strip(w, PER_WEEK, &format!("{ptr}/limits/per_week"), issues);
            }
        }
        for_each_object(c.get_mut("skills"), &format!("{ptr}/skills"), |m, p| {
            strip(m, CREDENTIAL, p, issues)
        });
        for key in ["availability", "unavailable"] {
            for_each_object(c.get_mut(key), &format!("{ptr}/{key}"), |m, p| {
                strip(m, INTERVAL, p, issues)
            });
        }
        for_each_object(
            c.get_mut("preferences"),
            &format!("{ptr}/preferences"),
            |m, p| strip(m, PREFERENCE, p, issues),
        );
    });
}

fn for_each_object(
    v: Option<&mut Value>,
    ptr: &str,
    mut f: impl FnMut(&mut Map<String, Value>, &str),
) {
    if let Some(Value::Array(items)) = v {
        for (i, item) in items.iter_mut().enumerate() {
            if let Value::Object(m) = item {
                f(m, &format!("{ptr}/{i}"));
            }
        }
    }
}

fn strip(map: &mut Map<String, Value>, known: &[&str], ptr: &str, issues: &mut Vec<Issue>) {
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in unknown {
        let hint = closest(&key, known)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        issues.push(Issue::new(
            format!("{ptr}/{}", escape(&key)),
            IssueCode::UnknownField,
            format!("unknown field `{key}`{hint}"),
        ));
        map.remove(&key);
    }
}

/// The known name nearest to `key` by edit distance, when it is close enough to be a typo.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use std::collections::BTreeSet;

    /// A problem with every optional field set, so that serialization shows every key.
    fn full_problem() -> Problem {
        let json = r#"{
          "version": 1, "timezone": "Europe/London",
          "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
          "sites": [{"id": "P1", "name": "Riverside", "lat": 53.4, "lon": -2.2}],
          "clinicians": [{"id": "C1", "name": "Dr A", "roles": ["gp"],
             "skills": ["x", {"name": "indemnity", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}],
             "home": {"lat": 53.4, "lon": -2.2}, "max_travel_km": 20,
             "availability": [{"start": "2026-12-07T08:00", "end": "2026-12-07T18:00"}],
             "unavailable": [{"start": "2026-12-08T08:00", "end": "2026-12-08T18:00"}],
             "rate_per_hour": 90, "rate_per_shift": 5, "target_shifts": 3,
             "limits": {"max_shifts": 5, "min_shifts": 0, "max_hours": 40, "min_hours": 0,
               "max_shifts_per_day": 2, "min_rest_hours": 11, "max_consecutive_days": 5,
               "min_consecutive_days": 1, "min_consecutive_days_off": 1, "max_weekends": 1,
               "max_per_kind": {"EVE": 2},
               "per_week": {"max_shifts": 4, "max_hours": 48, "min_shifts": 0}},
             "preferences": [{"site": "P1", "kind": "AM", "day": "2026-12-07", "shift": "S1", "weight": 2}],
             "excluded_sites": ["P2"]}],
          "shifts": [{"id": "S1", "site": "P1", "start": "2026-12-07T08:30", "end": "2026-12-07T12:30",
             "role": "gp", "skills": ["x"], "kind": "AM", "headcount": 1, "unfilled_penalty": 3000,
             "over_penalty": 10, "max_headcount": 2, "max_rate_per_hour": 110,
             "preferred_clinicians": ["C1"], "excluded_clinicians": ["C2"]}],
          "travel_km": [{"clinician": "C1", "site": "P1", "km": 3}],
          "forbidden_successions": [{"first": "N", "then": "D"}],
          "pinned": [{"shift": "S1", "clinician": "C1"}],
          "previous": [{"shift": "S1", "clinician": "C1"}],
          "history": [{"clinician": "C1", "site": "P1", "kind": "AM", "date": "2026-11-30"}],
          "weights": {"unfilled": 1000, "cost": 1, "preference": 1, "travel_per_km": 0,
             "fairness": 0, "continuity": 0, "change": 0, "pattern": 5},
          "solver": {"method": "auto", "time_limit_s": 60, "mip_gap": 0, "threads": 2, "seed": 0,
             "pattern_weeks": 4},
          "required_skills": {"gp": ["x"]}
        }"#;
        problem_from_json(json).expect("full problem parses")
    }

    fn keys(v: &Value) -> BTreeSet<String> {
        v.as_object().expect("object").keys().cloned().collect()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn field_tables_match_the_model() {
        let v = serde_json::to_value(full_problem()).expect("serializes");
        assert_eq!(keys(&v), set(fields::ROOT));
        assert_eq!(keys(&v["horizon"]), set(fields::HORIZON));
        assert_eq!(keys(&v["sites"][0]), set(fields::SITE));
        let c = &v["clinicians"][0];
        assert_eq!(keys(c), set(fields::CLINICIAN));
        assert_eq!(keys(&c["home"]), set(fields::LATLON));
        assert_eq!(keys(&c["availability"][0]), set(fields::INTERVAL));
        assert_eq!(keys(&c["limits"]), set(fields::LIMITS));
        assert_eq!(keys(&c["limits"]["per_week"]), set(fields::PER_WEEK));
        assert_eq!(keys(&c["skills"][1]), set(fields::CREDENTIAL));
        assert_eq!(keys(&c["preferences"][0]), set(fields::PREFERENCE));
        assert_eq!(keys(&v["shifts"][0]), set(fields::SHIFT));
        assert_eq!(keys(&v["travel_km"][0]), set(fields::TRAVEL));
        assert_eq!(keys(&v["history"][0]), set(fields::HISTORY));
        assert_eq!(
            keys(&v["forbidden_successions"][0]),
            set(fields::SUCCESSION)
        );
        assert_eq!(keys(&v["pinned"][0]), set(fields::PAIR));
        assert_eq!(keys(&v["weights"]), set(fields::WEIGHTS));
        assert_eq!(keys(&v["solver"]), set(fields::SOLVER));
    }

    #[test]
    fn required_tables_match_the_model() {
        let full = serde_json::to_value(full_problem()).expect("serializes");
        // (object pointer, its fields, the required ones): every required field, removed,
        // is missing; every other field may be left out.
        let objects: [(&str, &[&str], &[&str]); 9] = [
            (
                "/clinicians/0/skills/1",
                fields::CREDENTIAL,
                fields::CREDENTIAL_REQUIRED,
            ),
            ("/sites/0", fields::SITE, fields::SITE_REQUIRED),
            (
                "/clinicians/0",
                fields::CLINICIAN,
                fields::CLINICIAN_REQUIRED,
            ),
            ("/shifts/0", fields::SHIFT, fields::SHIFT_REQUIRED),
            (
                "/clinicians/0/availability/0",
                fields::INTERVAL,
                fields::INTERVAL_REQUIRED,
            ),
            (
                "/clinicians/0/preferences/0",
                fields::PREFERENCE,
                fields::PREFERENCE_REQUIRED,
            ),
            ("/travel_km/0", fields::TRAVEL, fields::TRAVEL),
            ("/pinned/0", fields::PAIR, fields::PAIR),
            (
                "/forbidden_successions/0",
                fields::SUCCESSION,
                fields::SUCCESSION,
            ),
        ];
        for (pointer, all, required) in objects {
            for field in all {
                let mut v = full.clone();
                v.pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .expect("object")
                    .remove(*field);
                let missing = match problem_from_value(&mut v) {
                    Ok(_) => false,
                    Err(issues) => issues.iter().any(|i| {
                        i.code == IssueCode::MissingField
                            && i.pointer == format!("{pointer}/{field}")
                    }),
                };
                assert_eq!(missing, required.contains(field), "{pointer}/{field}");
            }
        }
        for list in fields::STRING_LISTS {
            let in_a_table = [fields::CLINICIAN, fields::SHIFT]
                .iter()
                .any(|t| t.contains(list));
            assert!(in_a_table, "{list}");
        }
    }

    #[test]
    fn round_trip_is_identity() {
        let p = full_problem();
        let text = serde_json::to_string(&p).expect("serializes");
        assert_eq!(problem_from_json(&text).expect("parses"), p);
    }

    #[test]
    fn every_unknown_field_is_reported_with_a_hint() {
        let json = r#"{"sites": [], "clinicians": [{"id": "C", "roles": ["gp"],
            "limits": {"max_shift": 3, "min_rest_hour": 11}}], "shifts": [], "wieghts": {}}"#;
        let issues = problem_from_json(json).expect_err("unknown fields");
        let ptrs: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert_eq!(
            ptrs,
            [
                "/clinicians/0/limits/max_shift",
                "/clinicians/0/limits/min_rest_hour",
                "/wieghts"
            ]
        );
        assert!(issues.iter().all(|i| i.code == IssueCode::UnknownField));
        assert!(issues[0].message.contains("did you mean `max_shifts`"));
        assert!(issues[2].message.contains("did you mean `weights`"));
    }

    #[test]
    fn errors_in_several_elements_are_all_reported() {
        let json = r#"{"shifts": [
            {"id": "A", "site": "P", "start": "x", "end": "y"},
            {"id": "B", "site": "P", "start": "x", "end": "y", "role": "gp"},
            {"id": 3, "site": "P", "start": "x", "end": "y", "role": "gp"}]}"#;
        let issues = problem_from_json(json).expect_err("bad shifts");
        let found: Vec<(&str, IssueCode)> = issues
            .iter()
            .map(|i| (i.pointer.as_str(), i.code))
            .collect();
        // The readable shift's own problems are reported with the unreadable ones.
        assert_eq!(
            found,
            [
                ("/shifts/0/role", IssueCode::MissingField),
                ("/shifts/1/end", IssueCode::InvalidTime),
                ("/shifts/1/site", IssueCode::UnknownSite),
                ("/shifts/1/start", IssueCode::InvalidTime),
                ("/shifts/2/id", IssueCode::InvalidType),
            ]
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        let issues = problem_from_json("{\"sites\": [,]}").expect_err("syntax");
        assert_eq!(issues[0].code, IssueCode::InvalidJson);
        assert!(
            issues[0].message.contains("line 1"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn huge_numbers_are_non_finite() {
        let issues = problem_from_json(r#"{"weights": {"cost": 1e999}}"#).expect_err("inf");
        assert_eq!(issues[0].code, IssueCode::NonFiniteNumber);
    }
}
