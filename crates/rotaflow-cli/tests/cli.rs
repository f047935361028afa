//! The `rotaflow` command, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rotaflow"));
    c.env_remove("RUST_BACKTRACE");
    c
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// A path as a command-line argument.
fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rotaflow-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

fn assert_no_backtrace(o: &Output) {
    let e = stderr(o);
    assert!(!e.contains("panicked") && !e.contains("backtrace"), "{e}");
}

#[test]
fn solve_writes_the_library_roster_byte_for_byte() {
    let path = example("small.json");
    let o = run(&["solve", arg(&path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let problem = rotaflow::Problem::from_json(&std::fs::read_to_string(&path).expect("read"))
        .expect("valid");
    let roster = rotaflow::solve(&problem, &rotaflow::SolveOptions::new()).expect("solves");
    assert_eq!(stdout(&o), roster.to_json());
    let summary = stderr(&o);
    for needle in ["optimal", "flow", "objective", "unfilled", "pay", "time"] {
        assert!(
            summary.contains(needle),
            "summary lacks {needle}: {summary}"
        );
    }
    // Again, to a file: the same bytes.
    let out = tmp("roster.json");
    let o = run(&["solve", arg(&path), "-o", arg(&out), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        roster.to_json()
    );
}

#[test]
fn solve_reads_standard_input() {
    let text = std::fs::read(example("small.json")).expect("read");
    let mut child = bin()
        .args(["solve", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&text)
        .expect("writes");
    let o = child.wait_with_output().expect("waits");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("\"status\": \"optimal\""));
}

#[test]
fn timings_are_opt_in() {
    let path = example("small.json");
    let plain = run(&["solve", arg(&path), "-q"]);
    assert!(!stdout(&plain).contains("solve_ms"));
    let timed = run(&["solve", arg(&path), "-q", "--timings"]);
    assert!(stdout(&timed).contains("solve_ms"));
}

#[test]
fn validate_lists_every_problem_and_fails() {
    let bad = tmp("bad.json");
    std::fs::write(
        &bad,
        r#"{"sites": [{"id": "P1"}], "clinicians": [{"id": "C1", "roles": ["gp"], "rate_per_hour": -5}],
            "shifts": [{"id": "S1", "site": "P2", "role": "gp", "start": "2026-12-07T08:00",
                        "end": "2026-12-07T07:00", "headcont": 2}]}"#,
    )
    .expect("write");
    let o = run(&["validate", arg(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("/shifts/0/headcont"), "{out}");
    assert!(out.contains("did you mean `headcount`"), "{out}");
    // Semantic checks run once the document parses; fix the typo and see them all.
    std::fs::write(
        &bad,
        r#"{"sites": [{"id": "P1"}], "clinicians": [{"id": "C1", "roles": ["gp"], "rate_per_hour": -5}],
            "shifts": [{"id": "S1", "site": "P2", "role": "gp", "start": "2026-12-07T08:00",
                        "end": "2026-12-07T07:00"}]}"#,
    )
    .expect("write");
    let o = run(&["validate", arg(&bad), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let codes: Vec<&str> = issues
        .as_array()
        .expect("list")
        .iter()
        .map(|i| i["code"].as_str().expect("code"))
        .collect();
    assert_eq!(
        codes,
        ["negative_value", "end_not_after_start", "unknown_site"]
    );
    let o = run(&["validate", arg(&example("small.json"))]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("valid"));
}

#[test]
fn solve_on_an_invalid_problem_explains_and_exits_1() {
    let bad = tmp("bad-solve.json");
    std::fs::write(
        &bad,
        r#"{"shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": "x", "end": "y"}]}"#,
    )
    .expect("write");
    let o = run(&["solve", arg(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.starts_with("rotaflow: the problem is invalid"), "{e}");
    assert!(e.contains("/shifts/0/start"), "{e}");
    assert!(stdout(&o).is_empty());
    assert_no_backtrace(&o);
}

#[test]
fn score_gives_the_verdict() {
    let path = example("small.json");
    let roster = tmp("score-roster.json");
    let o = run(&["solve", arg(&path), "-o", arg(&roster), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["score", arg(&path), arg(&roster)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("feasible: no hard rule is broken"));
    // Two overlapping Monday-morning sessions for one GP.
    let bad = tmp("overlap.json");
    std::fs::write(
        &bad,
        r#"[{"shift": "S0001", "clinician": "GP007"}, {"shift": "S0003", "clinician": "GP007"},
            {"shift": "S0006", "clinician": "NOBODY"}]"#,
    )
    .expect("write");
    let o = run(&["score", arg(&path), arg(&bad), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let rules: Vec<&str> = e["breaches"]
        .as_array()
        .expect("breaches")
        .iter()
        .map(|b| b["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["overlap", "unknown_id"]);
}

#[test]
fn generate_is_deterministic_and_valid() {
    let generate = |seed: &str| {
        run(&[
            "generate",
            "--clinicians",
            "60",
            "--sites",
            "8",
            "--days",
            "5",
            "--seed",
            seed,
        ])
    };
    let a = generate("7");
    let b = generate("7");
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let problem = rotaflow::Problem::from_json(&stdout(&a)).expect("valid");
    assert_eq!(problem.clinicians.len(), 60);
    assert!(rotaflow::flow_obstacles(&rotaflow::Index::build(&problem).expect("index")).is_empty());
    let c = generate("8");
    assert_ne!(a.stdout, c.stdout);
    let o = run(&["generate", "--sites", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("rotaflow: "), "{}", stderr(&o));
}

#[test]
fn demo_writes_a_roster() {
    let dir = tmp("demo");
    std::fs::create_dir_all(&dir).expect("dir");
    let o = bin().arg("demo").current_dir(&dir).output().expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("roster.json")).expect("roster"))
            .expect("json");
    assert_eq!(roster["status"], "optimal");
    assert!(roster["assignments"].as_array().expect("list").len() > 1000);
    assert!(stderr(&o).contains("roster written to roster.json"));
}

#[test]
fn exit_codes_are_as_documented() {
    // 3: unreadable file.
    let o = run(&["solve", "/nonexistent/problem.json"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("cannot read /nonexistent/problem.json"));
    assert_no_backtrace(&o);
    // 2: bad command line.
    let o = run(&["solve"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["solve", "x.json", "--method", "simplex"]);
    assert_eq!(o.status.code(), Some(2));
    // 5: flow asked for a rule it cannot express.
    let rules = tmp("rules.json");
    std::fs::write(
        &rules,
        r#"{"sites": [{"id": "P1"}], "clinicians": [{"id": "C1", "roles": ["gp"], "limits": {"max_consecutive_days": 1}}],
            "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"},
                       {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T12:00"}]}"#,
    )
    .expect("write");
    let o = run(&["solve", arg(&rules), "--method", "flow"]);
    assert_eq!(o.status.code(), Some(5));
    assert!(
        stderr(&o).contains("max_consecutive_days (C1)"),
        "{}",
        stderr(&o)
    );
    // The MIP solves it; auto says in the summary that it chose the MIP and why.
    let o = run(&["solve", arg(&rules), "--method", "mip"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["solve", arg(&rules)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "(mip) — auto: the problem is not flow-representable (max_consecutive_days (C1)"
        ),
        "{}",
        stderr(&o)
    );
    let roster: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("roster");
    assert_eq!(roster["method"], "mip");
    assert_eq!(roster["assignments"].as_array().map(Vec::len), Some(1));
    // 4: infeasible, with the roster and its reason still written.
    let inf = tmp("infeasible.json");
    std::fs::write(
        &inf,
        r#"{"sites": [{"id": "P1"}], "clinicians": [{"id": "C1", "roles": ["gp"], "limits": {"min_shifts": 2}}],
            "shifts": [{"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}]}"#,
    )
    .expect("write");
    let o = run(&["solve", arg(&inf)]);
    assert_eq!(o.status.code(), Some(4));
    let roster: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("roster");
    assert_eq!(roster["status"], "infeasible");
    assert!(
        roster["reason"]
            .as_str()
            .expect("reason")
            .contains("C1 must work at least 2")
    );
    assert!(stderr(&o).contains("reason"));
}

#[test]
fn flow_solves_a_dimacs_file_and_names_the_bad_line() {
    let good = tmp("good.min");
    std::fs::write(
        &good,
        "c two routes\np min 3 3\nn 1 4\nn 3 -4\na 1 2 0 3 1\na 2 3 0 9 1\na 1 3 0 9 5\n",
    )
    .expect("write");
    let o = run(&["flow", arg(&good)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("optimum 11\nstatus optimal\n"), "{out}");
    assert!(out.contains("time parse"), "{out}");
    let o = run(&["flow", arg(&good), "--solution"]);
    assert_eq!(stdout(&o), "s 11\nf 1 2 3\nf 2 3 3\nf 1 3 1\n");

    let bad = tmp("bad.min");
    std::fs::write(&bad, "p min 3 1\nn 1 4\na 1 7 0 3 1\n").expect("write");
    let o = run(&["flow", arg(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bad.min: line 3: arc head 7 is not a node (the nodes are 1..=3)"),
        "{}",
        stderr(&o)
    );
    assert_no_backtrace(&o);
}

#[test]
fn export_dimacs_writes_the_rostering_network() {
    let out = tmp("small.min");
    let o = run(&["export-dimacs", arg(&example("small.json")), arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).expect("written");
    let network = rotaflow::mcf::dimacs::read_problem(&text).expect("valid DIMACS");
    assert!(network.arc_count() > 0);
    // The file solves to the roster's objective: constant + cost / scale.
    let o = run(&["flow", arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("optimum "));
}

#[test]
fn help_lists_the_developer_commands_apart() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    let (planners, developers) = help
        .split_once("Developer commands")
        .expect("a developer section");
    for command in [
        "solve", "validate", "generate", "explain", "replan", "whatif",
    ] {
        assert!(
            planners.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
    }
    for command in ["flow", "export-dimacs", "bench-curtois"] {
        assert!(
            !planners.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
        assert!(
            developers.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
    }
}

#[test]
fn generate_writes_the_rules_family() {
    let o = run(&[
        "generate",
        "--rules",
        "--replan",
        "--clinicians",
        "40",
        "--sites",
        "6",
        "--seed",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let problem: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        problem["forbidden_successions"],
        serde_json::json!([{"first": "EVE", "then": "AM"}])
    );
    assert!(
        problem["previous"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );
}

#[test]
fn a_spent_limit_exits_0_with_a_roster_and_7_without_one() {
    // rules.json at a nanosecond's limit: the fallback roster, `feasible`, exit 0.
    let out = tmp("spent-rules.json");
    let o = run(&[
        "solve",
        arg(&example("rules.json")),
        "--method",
        "mip",
        "--time-limit",
        "1e-9",
        "-o",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let roster: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(roster["status"], "feasible");
    assert!(roster["bound"].is_number());
    // A feasible problem whose minimum run neither the greedy roster nor the pins alone
    // meet: at a spent limit no roster is known, `no_solution`, exit 7 (not 4: it is not
    // infeasible).
    let problem = tmp("no-known-roster.json");
    std::fs::write(
        &problem,
        r#"{"horizon": {"start": "2026-12-07", "end": "2026-12-11"},
        "sites": [{"id": "P1"}], "weights": {"unfilled": 0},
        "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100,
                        "limits": {"min_shifts": 2, "min_consecutive_days": 2}}],
        "shifts": [
          {"id": "D1", "site": "P1", "role": "gp", "start": "2026-12-08T08:00", "end": "2026-12-08T10:00"},
          {"id": "D2", "site": "P1", "role": "gp", "start": "2026-12-09T08:00", "end": "2026-12-09T12:00"},
          {"id": "D3", "site": "P1", "role": "gp", "start": "2026-12-10T08:00", "end": "2026-12-10T10:00"}]}"#,
    )
    .expect("writes");
    let out = tmp("no-known-roster-out.json");
    let o = run(&[
        "solve",
        arg(&problem),
        "--method",
        "mip",
        "--time-limit",
        "1e-9",
        "-o",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    let roster: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(roster["status"], "no_solution");
    assert_no_backtrace(&o);
}
