//! Hostile documents given to the command (issue 14, the reading side): each is refused
//! with its exit status, the pointer or offset, and the code — never misread.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .env_remove("RUST_BACKTRACE")
        .args(args)
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/small.json")
}

fn small() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(example()).expect("read")).expect("JSON")
}

/// `bytes` in a file of its own.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rotaflow-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// Everything the command said, checked for a panic on the way.
fn said(o: &Output) -> String {
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(!all.contains("panicked"), "{all}");
    all
}

#[test]
fn text_that_is_not_utf8_is_an_input_problem_with_its_offset() {
    let mut latin1 = std::fs::read(example()).expect("read");
    let at = latin1
        .windows(9)
        .position(|w| w == b"Riverside")
        .expect("a name");
    latin1[at + 1] = 0xE9; // "Réverside" in Latin-1
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "{\"sites\": []}".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    for (name, bytes, offset) in [
        ("latin1.json", latin1, at + 1),
        ("utf16.json", utf16, 0),
        ("nul.json", b"{\"sites\"\x00: []}".to_vec(), 8),
    ] {
        let path = file(name, &bytes);
        for command in ["validate", "solve"] {
            let o = run(&[command, arg(&path)]);
            let all = said(&o);
            assert_eq!(o.status.code(), Some(1), "{command} {name}: {all}");
            assert!(all.contains(&format!("byte offset {offset} ")), "{all}");
            assert!(all.contains("[invalid_utf8]"), "{all}");
        }
    }
    // A roster file that is not UTF-8 is a roster file that is not a roster (exit 3).
    let o = run(&["score", arg(&example()), arg(&file("r.json", b"[\xC3]"))]);
    assert_eq!(o.status.code(), Some(3));
    assert!(said(&o).contains("byte offset 1 "), "{}", said(&o));
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(example()).expect("read"));
    let o = run(&["validate", arg(&file("bom.json", &bytes))]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
}

#[test]
fn lists_in_place_of_objects_are_wrong_types() {
    for doc in ["[]", "[1]", "[1, \"Europe/London\"]"] {
        let o = run(&[
            "validate",
            "--json",
            arg(&file("list.json", doc.as_bytes())),
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", said(&o));
        let issues: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(issues[0]["code"], "invalid_type", "{issues}");
        assert_eq!(issues[0]["pointer"], "");
    }
    let mut p = small();
    p["weights"] = serde_json::json!([5, 2]);
    p["clinicians"][0]["limits"] = serde_json::json!([3, 2]);
    p["shifts"][1] = serde_json::json!(["S0002", "P014"]);
    let path = file("lists.json", p.to_string().as_bytes());
    let o = run(&["validate", "--json", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let found: Vec<(&str, &str)> = issues
        .as_array()
        .expect("list")
        .iter()
        .map(|i| {
            (
                i["pointer"].as_str().expect("p"),
                i["code"].as_str().expect("c"),
            )
        })
        .collect();
    for wanted in ["/clinicians/0/limits", "/shifts/1", "/weights"] {
        assert!(found.contains(&(wanted, "invalid_type")), "{found:?}");
    }
    let o = run(&["solve", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "no roster from a misread problem");
}

#[test]
fn a_wrong_type_does_not_hide_the_other_problems() {
    let mut p = small();
    p["weights"] = serde_json::json!({"cost": "cheap"});
    p["shifts"][0]["site"] = serde_json::json!("NOWHERE");
    p["sites"][0]["lat"] = serde_json::json!(95.0);
    p["wieghts"] = serde_json::json!({});
    let o = run(&[
        "validate",
        arg(&file("mixed.json", p.to_string().as_bytes())),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let all = said(&o);
    for needle in [
        "/weights/cost: ",
        "[invalid_type]",
        "/shifts/0/site: ",
        "[unknown_site]",
        "/sites/0/lat: ",
        "[invalid_coordinates]",
        "/wieghts: ",
        "[unknown_field]",
    ] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}

#[test]
fn duplicate_keys_are_refused_at_their_pointer() {
    let text = std::fs::read_to_string(example()).expect("read");
    let doubled = text.replacen(
        "\"rate_per_hour\": 82.5,",
        "\"rate_per_hour\": 82.5, \"rate_per_hour\": 0,",
        1,
    );
    assert_ne!(doubled, text);
    let o = run(&["solve", arg(&file("dup.json", doubled.as_bytes()))]);
    assert_eq!(o.status.code(), Some(1));
    let all = said(&o);
    assert!(all.contains("/clinicians/0/rate_per_hour: "), "{all}");
    assert!(all.contains("[duplicate_key]"), "{all}");
}

#[test]
fn a_bad_assignment_is_named_by_its_field() {
    let roster = file(
        "bad-roster.json",
        br#"{"assignments": [{"shift": "S0001", "clinician": "GP007"}, {"shift": "S0003"},
            ["S0004", "GP007"], {"shift": "S0005", "clinician": 7}]}"#,
    );
    let o = run(&["score", arg(&example()), arg(&roster)]);
    assert_eq!(o.status.code(), Some(3));
    let all = said(&o);
    for needle in [
        "/assignments/1/clinician: ",
        "[missing_field]",
        "/assignments/2: ",
        "/assignments/3/clinician: ",
        "[invalid_type]",
    ] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}

#[test]
fn huge_amounts_are_refused_at_validation_with_a_short_number() {
    let mut p = small();
    p["weights"] = serde_json::json!({"unfilled": 1e300, "cost": -1e300});
    let o = run(&["solve", arg(&file("huge.json", p.to_string().as_bytes()))]);
    assert_eq!(o.status.code(), Some(1));
    let all = said(&o);
    assert!(
        all.contains("/weights/unfilled: 1e300 is too large"),
        "{all}"
    );
    assert!(all.contains("/weights/cost: -1e300 is too large"), "{all}");
    assert!(!all.contains("000000000000000000000"), "{all}");
}

#[test]
fn an_offset_beyond_eighteen_hours_is_not_a_time() {
    let mut p = small();
    p["shifts"][0]["start"] = serde_json::json!("2026-12-07T08:30+25:00");
    let o = run(&[
        "validate",
        arg(&file("offset.json", p.to_string().as_bytes())),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let all = said(&o);
    assert!(all.contains("/shifts/0/start: "), "{all}");
    assert!(all.contains("+25:00"), "{all}");
    assert!(all.contains("[invalid_time]"), "{all}");
    assert!(!all.contains("shift_outside_horizon"), "{all}");
}

#[test]
fn a_negative_dimacs_capacity_names_its_line() {
    let path = file("neg.min", b"c x\np min 2 1\nn 1 1\nn 2 -1\na 1 2 0 -1 3\n");
    let o = run(&["flow", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let all = said(&o);
    assert!(all.contains("line 5: capacity -1 is negative"), "{all}");
}
