//! The semantic problems of the readable rest of a document that cannot be read whole.
//!
//! A value of the wrong type (or a missing field) means the document is not a problem,
//! but it should not hide the problems of the rest: a planner fixing a file wants them
//! all at once. So each section and each list element that cannot be read is *patched*
//! — the bad value left out when it is optional, else replaced by a neutral placeholder
//! (`""`, `[]`, `0`, `{}`) — and the patched document is validated. Issues that a patch
//! could have caused are then dropped: every issue inside a patched element or section,
//! references into a list with a patched element (its id may be the placeholder), the
//! checks that reason over the whole problem (distances, pins) and, when the zone or the
//! horizon was patched, the horizon checks.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::problem::deserialize_at;
use crate::error::{Issue, IssueCode, escape};
use crate::model::{
    Assignment, Clinician, Horizon, Problem, Shift, Site, SolverOptions, Succession, TravelKm,
    Weights,
};

/// The semantic issues of the readable rest of `root` (unknown fields already removed),
/// or none when it cannot be patched into a problem.
pub(super) fn rest_issues(root: &Map<String, Value>) -> Vec<Issue> {
    let mut doc = root.clone();
    let mut patched: Vec<String> = Vec::new();
    let keys: Vec<String> = doc.keys().cloned().collect();
    for key in keys {
        let ptr = format!("/{}", escape(&key));
        let Some(v) = doc.get_mut(&key) else { continue };
        let outcome = match key.as_str() {
            "version" => patch::<u32>(v, true),
            "timezone" => patch::<Option<String>>(v, true),
            "horizon" => patch::<Option<Horizon>>(v, true),
            "weights" => patch::<Weights>(v, true),
            "solver" => patch::<SolverOptions>(v, true),
            "sites" => patch_elements::<Site>(v, &ptr, &mut patched),
            "clinicians" => patch_elements::<Clinician>(v, &ptr, &mut patched),
            "shifts" => patch_elements::<Shift>(v, &ptr, &mut patched),
            "travel_km" => patch_elements::<TravelKm>(v, &ptr, &mut patched),
            "forbidden_successions" => patch_elements::<Succession>(v, &ptr, &mut patched),
            "pinned" | "previous" => patch_elements::<Assignment>(v, &ptr, &mut patched),
            _ => Patch::Remove,
        };
        match outcome {
            Patch::Sound => {}
            Patch::Patched => patched.push(ptr),
            Patch::Remove => {
                doc.remove(&key);
                patched.push(ptr);
            }
            Patch::GiveUp => return Vec::new(),
        }
    }
    let Ok(problem) = deserialize_at::<Problem>(&Value::Object(doc), "") else {
        return Vec::new();
    };
    let lists_patched = |list: &str| {
        let prefix = format!("/{list}");
        patched
            .iter()
            .any(|p| p == &prefix || p.starts_with(&format!("{prefix}/")))
    };
    let (sites, clinicians, shifts) = (
        lists_patched("sites"),
        lists_patched("clinicians"),
        lists_patched("shifts"),
    );
    let days_patched = lists_patched("timezone") || lists_patched("horizon");
    crate::validate::validate(&problem)
        .into_iter()
        .filter(|issue| {
            let inside = patched
                .iter()
                .any(|p| issue.pointer == *p || issue.pointer.starts_with(&format!("{p}/")));
            let caused = match issue.code {
                IssueCode::UnknownSite => sites,
                IssueCode::UnknownClinician => clinicians,
                IssueCode::UnknownShift => shifts,
                IssueCode::UnknownDistance | IssueCode::PinNotEligible | IssueCode::PinConflict => {
                    true
                }
                IssueCode::ShiftOutsideHorizon => days_patched,
                IssueCode::InvalidValue => days_patched && issue.pointer == "/shifts",
                _ => false,
            };
            !inside && !caused
        })
        .collect()
}

/// What patching one value did.
enum Patch {
    /// It reads as it is.
    Sound,
    /// It reads after patching.
    Patched,
    /// Leave it out (a section that cannot be read is left to its default).
    Remove,
    /// It cannot be patched.
    GiveUp,
}

/// The placeholders tried, in order, for a value that cannot be read.
fn placeholders() -> [Value; 6] {
    [
        Value::Object(Map::new()),
        Value::String(String::new()),
        Value::Array(Vec::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Null,
    ]
}

/// Patch `value` until it reads as `T` (at most a few rounds per field).
fn patch<T: DeserializeOwned>(value: &mut Value, removable: bool) -> Patch {
    let mut tried: Vec<(String, usize)> = Vec::new();
    let mut changed = false;
    for _ in 0..64 {
        let issue = match deserialize_at::<T>(value, "") {
            Ok(_) => {
                return if changed {
                    Patch::Patched
                } else {
                    Patch::Sound
                };
            }
            Err(issue) => issue,
        };
        changed = true;
        if issue.pointer.is_empty() && removable {
            return Patch::Remove;
        }
        let attempt = match tried.iter_mut().find(|(p, _)| *p == issue.pointer) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                tried.push((issue.pointer.clone(), 0));
                0
            }
        };
        if !apply(value, &issue.pointer, attempt) {
            return Patch::GiveUp;
        }
    }
    Patch::GiveUp
}

/// Try fix number `attempt` at `pointer` (relative to `root`): leave an optional field
/// out first, then each placeholder in turn. False when there is nothing left to try.
fn apply(root: &mut Value, pointer: &str, attempt: usize) -> bool {
    let (parent, last) = match pointer.rfind('/') {
        Some(i) => (&pointer[..i], unescape(&pointer[i + 1..])),
        None => {
            return match placeholders().into_iter().nth(attempt) {
                Some(p) => {
                    *root = p;
                    true
                }
                None => false,
            };
        }
    };
    let Some(parent) = root.pointer_mut(parent) else {
        return false;
    };
    match parent {
        Value::Object(map) => {
            // First, leave the field out (it may be optional); then the placeholders.
            let present = map.contains_key(&last);
            let step = if present { attempt } else { attempt + 1 };
            if step == 0 {
                map.remove(&last);
                return true;
            }
            match placeholders().into_iter().nth(step - 1) {
                Some(p) => {
                    map.insert(last, p);
                    true
                }
                None => false,
            }
        }
        Value::Array(items) => {
            let slot = last.parse::<usize>().ok().and_then(|i| items.get_mut(i));
            match (slot, placeholders().into_iter().nth(attempt)) {
                (Some(slot), Some(p)) => {
                    *slot = p;
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Patch each element of a list section; a section that is not a list is left out.
fn patch_elements<T: DeserializeOwned>(
    value: &mut Value,
    ptr: &str,
    patched: &mut Vec<String>,
) -> Patch {
    let Value::Array(items) = value else {
        return Patch::Remove;
    };
    for (i, item) in items.iter_mut().enumerate() {
        match patch::<T>(item, false) {
            Patch::Sound => {}
            Patch::Patched => patched.push(format!("{ptr}/{i}")),
            Patch::Remove | Patch::GiveUp => return Patch::GiveUp,
        }
    }
    Patch::Sound
}

#[cfg(test)]
mod tests {
    use super::super::problem::problem_from_json;
    use crate::error::IssueCode;

    fn found(json: &str) -> Vec<(String, IssueCode)> {
        problem_from_json(json)
            .expect_err("invalid")
            .into_iter()
            .map(|i| (i.pointer, i.code))
            .collect()
    }

    #[test]
    fn a_type_error_does_not_hide_the_rest() {
        let json = r#"{"weights": [5, 2], "wieghts": {},
          "sites": [{"id": "P1"}],
          "clinicians": [{"id": "C1", "roles": ["gp"], "rate_per_hour": -3},
                         {"id": 7, "roles": ["gp"]}],
          "shifts": [{"id": "S1", "site": "P9", "role": "gp",
                      "start": "2026-12-07T08:00", "end": "2026-12-07T07:00"},
                     {"id": "S2", "site": "P1", "role": "gp", "headcount": "two",
                      "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}],
          "pinned": [{"shift": "S1", "clinician": "C7"}]}"#;
        let p = |s: &str| s.to_owned();
        assert_eq!(
            found(json),
            [
                (p("/clinicians/0/rate_per_hour"), IssueCode::NegativeValue),
                (p("/clinicians/1/id"), IssueCode::InvalidType),
                (p("/shifts/0/end"), IssueCode::EndNotAfterStart),
                (p("/shifts/0/site"), IssueCode::UnknownSite),
                (p("/shifts/1/headcount"), IssueCode::InvalidType),
                (p("/weights"), IssueCode::InvalidType),
                (p("/wieghts"), IssueCode::UnknownField),
            ]
        );
    }

    #[test]
    fn a_list_element_of_the_wrong_shape_keeps_the_others_checked() {
        let json = r#"{"sites": [{"id": "P1", "lat": 95, "lon": 0}, ["P2"]],
                       "shifts": [], "clinicians": []}"#;
        let p = |s: &str| s.to_owned();
        assert_eq!(
            found(json),
            [
                (p("/sites/0/lat"), IssueCode::InvalidCoordinates),
                (p("/sites/1"), IssueCode::InvalidType),
            ]
        );
    }
}
