//! Blocking pairs (issue 15, `docs/stability.md`) on hand-built rosters with known
//! answers: an empty place a clinician prefers, a move that would break rest, and the
//! order of a shift's `preferred_clinicians`.

use rotaflow::{Assignment, Evaluation, Problem};
use rotaflow_tests::{shift, week};
use serde_json::{Value, json};

fn score(p: &Problem, pairs: &[(&str, &str)]) -> Evaluation {
    let roster: Vec<Assignment> = pairs.iter().map(|&(s, c)| Assignment::new(s, c)).collect();
    rotaflow::score(p, &roster).expect("scores")
}

fn gp(id: &str, extra: Value) -> Value {
    let mut c = json!({"id": id, "roles": ["gp"]});
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            c[k] = v;
        }
    }
    c
}

#[test]
fn a_preferred_shift_with_an_empty_place_is_one_blocking_pair() {
    // A works S1 (no preference) and would like S2 (weight 3), which nobody works.
    let p = week(
        json!([gp(
            "A",
            json!({"preferences": [{"shift": "S2", "weight": 3}]})
        )]),
        json!([
            shift("S1", 0, "08:30", "12:30", "AM"),
            shift("S2", 1, "08:30", "12:30", "AM")
        ]),
        json!({}),
    );
    let e = score(&p, &[("S1", "A")]);
    assert_eq!(e.blocking_pair_count, 1);
    let b = &e.blocking_pairs[0];
    assert_eq!((b.clinician.as_str(), b.shift.as_str()), ("A", "S2"));
    assert_eq!(b.preference, 3.0);
    assert_eq!(b.instead_of, None);
    assert_eq!(b.displaces, None);
    assert!(b.message.contains("empty place"), "{}", b.message);
    // The same through explain, and in the JSON.
    let x = rotaflow::explain(&p, &[Assignment::new("S1", "A")]).expect("explains");
    assert_eq!(x.blocking_pairs, e.blocking_pairs);
    let text = serde_json::to_string(&e).expect("json");
    assert!(text.contains("\"blocking_pair_count\":1"), "{text}");
    // The solver's roster gives A both: no blocking pair, and no field in the JSON.
    let r = rotaflow::solve(&p, &rotaflow::SolveOptions::new()).expect("solves");
    let e = rotaflow::score(&p, &r.assignments).expect("scores");
    assert_eq!(e.blocking_pair_count, 0);
    let text = serde_json::to_string(&e).expect("json");
    assert!(!text.contains("blocking"), "{text}");
}

#[test]
fn a_full_clinician_swaps_a_less_liked_shift() {
    // A may work one shift; works S1 (weight 1) and would rather work S2 (weight 3).
    let p = week(
        json!([gp(
            "A",
            json!({"limits": {"max_shifts": 1},
            "preferences": [{"shift": "S1", "weight": 1}, {"shift": "S2", "weight": 3}]})
        )]),
        json!([
            shift("S1", 0, "08:30", "12:30", "AM"),
            shift("S2", 1, "08:30", "12:30", "AM")
        ]),
        json!({}),
    );
    let e = score(&p, &[("S1", "A")]);
    assert_eq!(e.blocking_pair_count, 1);
    assert_eq!(e.blocking_pairs[0].instead_of.as_deref(), Some("S1"));
    // Pinned to S1, A cannot give it up.
    let p = week(
        json!([gp(
            "A",
            json!({"limits": {"max_shifts": 1},
            "preferences": [{"shift": "S1", "weight": 1}, {"shift": "S2", "weight": 3}]})
        )]),
        json!([
            shift("S1", 0, "08:30", "12:30", "AM"),
            shift("S2", 1, "08:30", "12:30", "AM")
        ]),
        json!({"pinned": [{"shift": "S1", "clinician": "A"}]}),
    );
    assert_eq!(score(&p, &[("S1", "A")]).blocking_pair_count, 0);
}

#[test]
fn a_move_that_would_break_rest_is_no_blocking_pair() {
    // A works S1 (Mon 13:00–21:00, weight 5) and likes S2 (Tue 06:00–10:00, weight 3),
    // which is empty. Adding S2 leaves 9 h of rest, less than 11; swapping S1 for S2 is
    // no gain (5 > 3). So no blocking pair.
    let prefs = json!([{"shift": "S1", "weight": 5}, {"shift": "S2", "weight": 3}]);
    let shifts = json!([
        shift("S1", 0, "13:00", "21:00", "PM"),
        shift("S2", 1, "06:00", "10:00", "AM")
    ]);
    let p = week(
        json!([gp(
            "A",
            json!({"limits": {"min_rest_hours": 11}, "preferences": prefs})
        )]),
        shifts.clone(),
        json!({}),
    );
    let e = score(&p, &[("S1", "A")]);
    assert!(e.is_feasible());
    assert_eq!(e.blocking_pair_count, 0, "{:?}", e.blocking_pairs);
    // Without the rest rule, adding S2 keeps every rule: one blocking pair.
    let p = week(
        json!([gp("A", json!({"preferences": prefs}))]),
        shifts,
        json!({}),
    );
    assert_eq!(score(&p, &[("S1", "A")]).blocking_pair_count, 1);
}

#[test]
fn a_full_shift_blocks_only_with_a_clinician_it_ranks_higher() {
    // S1 is full with B; A likes S1 and is idle.
    let roster = [("S1", "B")];
    let make = |preferred: Value| {
        let mut s1 = shift("S1", 0, "08:30", "12:30", "AM");
        s1["preferred_clinicians"] = preferred;
        week(
            json!([
                gp("A", json!({"preferences": [{"shift": "S1", "weight": 2}]})),
                gp("B", json!({}))
            ]),
            json!([s1]),
            json!({}),
        )
    };
    // A ranked above B: S1 would rather have A.
    let e = score(&make(json!(["A", "B"])), &roster);
    assert_eq!(e.blocking_pair_count, 1);
    assert_eq!(e.blocking_pairs[0].displaces.as_deref(), Some("B"));
    assert!(e.blocking_pairs[0].message.contains("ranks A above B"));
    // A listed, B not: A still ranks higher.
    assert_eq!(score(&make(json!(["A"])), &roster).blocking_pair_count, 1);
    // B ranked above A, or A unlisted: S1 keeps B.
    assert_eq!(
        score(&make(json!(["B", "A"])), &roster).blocking_pair_count,
        0
    );
    assert_eq!(score(&make(json!(["B"])), &roster).blocking_pair_count, 0);
    assert_eq!(score(&make(json!([])), &roster).blocking_pair_count, 0);
}

#[test]
fn a_disliked_shift_is_no_blocking_pair() {
    // A dislikes S2 (−1): idle is better, whatever S2's empty place.
    let p = week(
        json!([gp(
            "A",
            json!({"preferences": [{"shift": "S2", "weight": -1}]})
        )]),
        json!([
            shift("S1", 0, "08:30", "12:30", "AM"),
            shift("S2", 1, "08:30", "12:30", "AM")
        ]),
        json!({}),
    );
    assert_eq!(score(&p, &[]).blocking_pair_count, 0);
    // But worse than a shift A works at −3, it is a swap.
    let p = week(
        json!([gp(
            "A",
            json!({"preferences": [{"shift": "S2", "weight": -1},
                                             {"shift": "S1", "weight": -3}]})
        )]),
        json!([
            shift("S1", 0, "08:30", "12:30", "AM"),
            shift("S2", 1, "08:30", "12:30", "AM")
        ]),
        json!({}),
    );
    let e = score(&p, &[("S1", "A")]);
    assert_eq!(e.blocking_pair_count, 1);
    assert_eq!(e.blocking_pairs[0].instead_of.as_deref(), Some("S1"));
}
