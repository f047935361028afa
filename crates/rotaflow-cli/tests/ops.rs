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
    // Self-contained: nothing fetched (its one script and its styles are inline).
    for external in ["http://", "https://", "<script src", "<link", "src="] {
        assert!(!html.contains(external), "report has {external}");
    }
    assert_eq!(html.matches("<script").count(), 1, "one inline script");
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

#[test]
fn compare_tabulates_scenarios_and_names_the_one_that_failed() {
    let (problem, roster, _) = solved("compare");
    // A second scenario: the same week with a shift at a site that does not exist.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&problem).expect("example")).expect("JSON");
    doc["shifts"][0]["site"] = "NOWHERE".into();
    let bad = tmp("compare-bad.json");
    std::fs::write(&bad, doc.to_string()).expect("written");
    let args = |json: bool| {
        let mut a = vec![
            "compare",
            "--scenario",
            "base",
            arg(&problem),
            arg(&roster),
            "--scenario",
            "moved",
            arg(&bad),
            arg(&roster),
        ];
        if json {
            a.push("--json");
        }
        a
    };
    let o = run(&args(true));
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed scenario fails the command"
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).expect("rows on stdout");
    assert_eq!(rows[0]["name"], "base");
    assert_eq!(rows[0]["status"], "optimal");
    assert_eq!(rows[0]["places_needed"], rows[0]["places_filled"]);
    assert_eq!(rows[0]["fill_rate"], 1.0);
    let error = rows[1]["error"].as_str().expect("the failed row's error");
    assert!(error.contains("/shifts/0/site"), "{error}");
    assert!(rows[1].get("status").is_none());

    let page = tmp("compare.html");
    let mut with_page = args(false);
    with_page.extend(["-o", arg(&page)]);
    assert_eq!(run(&with_page).status.code(), Some(1));
    let html = std::fs::read_to_string(&page).expect("page written");
    for needle in ["Scenario comparison", "base", "moved", "/shifts/0/site"] {
        assert!(html.contains(needle), "page lacks {needle}");
    }
}
