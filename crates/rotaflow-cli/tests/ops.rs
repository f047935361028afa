//! `rotaflow explain`, `recommend`, `replan`, `whatif` and `solve --report`, run as a user
//! runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rotaflow"))
        .args(args)
        .output()
        .expect("runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rotaflow-cli-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

/// Solve the example, with a report; `tag` keeps parallel tests' files apart.
fn solved(tag: &str) -> (PathBuf, PathBuf, PathBuf) {
    let problem = example("small.json");
    let roster = tmp(&format!("{tag}-roster.json"));
    let report = tmp(&format!("{tag}-roster.html"));
    let o = run(&[
        "solve",
        arg(&problem),
        "-o",
        arg(&roster),
        "-q",
        "--report",
        arg(&report),
    ]);
    assert_eq!(o.status.code(), Some(0));
    (problem, roster, report)
}

#[test]
fn solve_writes_a_self_contained_report() {
    let (_, _, report) = solved("report");
    let html = std::fs::read_to_string(report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "Fill rate",
        "Unfilled sessions",
        "Sites × days",
        "Clinicians × days",
    ] {
        assert!(html.contains(needle), "report lacks {needle}");
    }
    for external in ["http://", "https://", "<script", "<link", "src="] {
        assert!(!html.contains(external), "report has {external}");
    }
}

#[test]
fn explain_prints_reasons_and_json() {
    let (problem, roster, _) = solved("explain");
    let o = run(&["explain", arg(&problem), arg(&roster)]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("score by term"), "{text}");
    let v = json(&run(&["explain", arg(&problem), arg(&roster), "--json"]));
    assert!(v["unfilled"].is_array() && v["clinicians"].is_array() && v["sites"].is_array());
    // Every shift of the example is filled: nothing needed pricing.
    assert_eq!(v["pricing"], "none");
}

#[test]
fn recommend_ranks_candidates() {
    let (problem, roster, _) = solved("recommend");
    let v = json(&run(&[
        "recommend",
        arg(&problem),
        arg(&roster),
        "--shift",
        "S0002",
        "-k",
        "2",
        "--json",
    ]));
    assert_eq!(v["shift"], "S0002");
    assert_eq!(v["method"], "residual");
    assert!(v["candidates"].as_array().expect("list").len() <= 2);
    let o = run(&["recommend", arg(&problem), arg(&roster), "--shift", "NOPE"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn replan_writes_a_roster_and_a_diff() {
    let (problem, roster, _) = solved("replan");
    let diff = tmp("diff.json");
    let o = run(&[
        "replan",
        arg(&problem),
        arg(&roster),
        "--cancel",
        "GP007",
        "--change",
        "500",
        "--diff",
        arg(&diff),
    ]);
    let new = json(&o);
    assert_eq!(new["status"], "optimal");
    assert!(String::from_utf8_lossy(&o.stderr).contains("replan:"));
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(diff).expect("diff")).expect("json");
    for removed in d["removed"].as_array().expect("list") {
        assert_eq!(removed["clinician"], "GP007");
    }
    let o = run(&["replan", arg(&problem), arg(&roster)]);
    assert_eq!(o.status.code(), Some(2), "a change is required");
}

#[test]
fn whatif_lists_marginal_values() {
    let problem = example("small.json");
    let v = json(&run(&["whatif", arg(&problem), "--top", "3", "--json"]));
    assert!(v["sessions"].as_array().expect("list").len() <= 3);
    assert!(v["objective"].is_number());
    let o = run(&["whatif", arg(&problem)]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("one more session"));
}
