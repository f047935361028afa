//! The command under hostile conditions (issue 14): standard output closed or full, output
//! files that cannot be written, option values out of range, and signals during a solve.
//! Each test runs the real binary, as a user or a script runs it.

use std::fmt::Write as _;
use std::fs::File;
use std::os::unix::process::ExitStatusExt as _;
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

fn arg(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder of its own for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rotaflow-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

/// The names in a folder, sorted: no temporary file may stay behind.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_no_panic(o: &Output) {
    let e = stderr(o);
    assert_ne!(o.status.code(), Some(101), "panicked: {e}");
    assert!(
        !e.contains("panicked") && !e.contains("internal error"),
        "{e}"
    );
    assert!(o.status.signal().is_none(), "killed by a signal: {e}");
}

/// Linux's default pipe buffer: an output larger than this blocks until the reader
/// reads or goes away, so a closed reader is sure to be seen (EPIPE).
const PIPE_BUFFER: usize = 64 * 1024;

/// A problem with `clinicians` clinicians (each may work `max_shifts`, when given) and
/// `shifts` shifts spread over `sites` sites (long names, for long lines) and `days` days,
/// three a day; and `bad` more shifts at a site that does not exist.
fn problem(
    clinicians: usize,
    max_shifts: Option<u32>,
    shifts: usize,
    sites: usize,
    bad: usize,
) -> String {
    let days = 28;
    let mut s = String::from(r#"{"sites": ["#);
    for j in 0..sites {
        let _ = write!(
            s,
            r#"{}{{"id": "Riverside-Surgery-{j:03}"}}"#,
            if j == 0 { "" } else { "," }
        );
    }
    s.push_str(r#"], "clinicians": ["#);
    for i in 0..clinicians {
        let limits = max_shifts.map_or(String::new(), |m| {
            format!(r#", "limits": {{"max_shifts": {m}}}"#)
        });
        let _ = write!(
            s,
            r#"{}{{"id": "C{i:05}", "roles": ["gp"], "rate_per_hour": {}{limits}}}"#,
            if i == 0 { "" } else { "," },
            50 + i % 40
        );
    }
    s.push_str(r#"], "shifts": ["#);
    for i in 0..shifts + bad {
        let site = if i < shifts {
            format!("Riverside-Surgery-{:03}", i % sites)
        } else {
            "NOWHERE".to_owned()
        };
        let day = 1 + (i / 3) % days;
        let (start, end) = [("08:00", "12:00"), ("13:00", "17:00"), ("18:00", "22:00")][i % 3];
        let _ = write!(
            s,
            r#"{}{{"id": "S{i:05}", "site": "{site}", "role": "gp", "unfilled_penalty": 1000, "start": "2026-12-{day:02}T{start}", "end": "2026-12-{day:02}T{end}"}}"#,
            if i == 0 { "" } else { "," },
        );
    }
    s.push_str("]}");
    s
}

/// The commands that print an answer on standard output, each with arguments whose
/// answer is larger than a pipe's buffer, text and `--json`, and the exit status each
/// ends with when its output is read.
fn printing_commands(dir: &Path) -> Vec<(Vec<String>, i32)> {
    let file = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        arg(&path).to_owned()
    };
    // 2,000 issues to list.
    let invalid = file("invalid.json", problem(0, None, 0, 1, 2000));
    // Nobody to work: 1,000 unfilled shifts to explain.
    let nobody = file("nobody.json", problem(0, None, 1000, 1, 0));
    // 200 candidates for a shift.
    let wide = file("wide.json", problem(200, None, 30, 1, 0));
    // Clinicians who may work once: a value for each, and for each session.
    let capped = file("capped.json", problem(200, Some(1), 3000, 100, 0));
    let empty = file("empty-roster.json", "[]".to_owned());
    // A roster of unknown pairs: each is a breach, listed.
    let mut wrong = String::from("[");
    for i in 0..2000 {
        let _ = write!(
            wrong,
            r#"{}{{"shift": "X{i}", "clinician": "Y{i}"}}"#,
            if i == 0 { "" } else { "," }
        );
    }
    wrong.push(']');
    let breaches = file("breaches.json", wrong);
    let words = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut out = Vec::new();
    for json in [false, true] {
        let with = |mut v: Vec<String>| {
            if json {
                v.push("--json".to_owned());
            }
            v
        };
        out.push((with(words(&["validate", &invalid])), 1));
        out.push((with(words(&["score", &wide, &breaches])), 1));
        out.push((with(words(&["explain", &nobody, &empty])), 0));
        out.push((
            with(words(&[
                "recommend",
                &wide,
                &empty,
                "--shift",
                "S00000",
                "-k",
                "0",
            ])),
            0,
        ));
        out.push((with(words(&["whatif", &capped, "--top", "0"])), 0));
    }
    out
}

#[test]
fn a_closed_pipe_on_standard_output_ends_quietly_with_the_commands_status() {
    let dir = folder("pipe");
    for (args, status) in printing_commands(&dir) {
        let full = bin().args(&args).output().expect("runs");
        assert_eq!(
            full.status.code(),
            Some(status),
            "{args:?}: {}",
            stderr(&full)
        );
        assert!(
            full.stdout.len() > PIPE_BUFFER,
            "{args:?} prints only {} bytes: the test needs more than a pipe holds",
            full.stdout.len()
        );
        let mut child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        // Close the reading end: the command's writes now fail with EPIPE (at the latest
        // once the pipe's buffer is full, which its output is larger than).
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("waits");
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(status), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "",
            "{args:?}: a closed pipe is not worth a word"
        );
    }
}

#[test]
fn a_full_standard_output_is_exit_3_with_a_sentence() {
    let dir = folder("full");
    let mut cases = printing_commands(&dir);
    cases.push((vec!["solve".into(), arg(&example("small.json")).into()], 0));
    cases.push((
        vec![
            "generate".into(),
            "--clinicians".into(),
            "20".into(),
            "--sites".into(),
            "3".into(),
        ],
        0,
    ));
    let small = arg(&example("small.json")).to_owned();
    cases.push((vec!["export-dimacs".into(), small.clone(), "-".into()], 0));
    let network = dir.join("network.min");
    let o = run(&["export-dimacs", &small, arg(&network)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    cases.push((vec!["flow".into(), arg(&network).into()], 0));
    cases.push((
        vec!["flow".into(), arg(&network).into(), "--solution".into()],
        0,
    ));
    let published = dir.join("published.json");
    let o = run(&["solve", &small, "-o", arg(&published)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let problem: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("small.json")).expect("read"))
            .expect("json");
    let someone = problem["clinicians"][0]["id"].as_str().expect("an id");
    cases.push((
        vec![
            "replan".into(),
            small.clone(),
            arg(&published).into(),
            "--cancel".into(),
            someone.into(),
        ],
        0,
    ));
    for (args, _) in cases {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let o = bin().args(&args).stdout(full).output().expect("runs");
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot write to standard output: No space left on device"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// `sh -c 'ulimit -f 1; exec rotaflow ARGS'`: a file may not grow past 512 bytes, as on
/// a disk that fills; SIGXFSZ is ignored, so a write past the limit fails (EFBIG) the way
/// a full disk's does (ENOSPC), instead of killing the process.
fn run_with_small_disk(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_rotaflow"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("runs")
}

#[test]
fn a_write_that_fails_midway_leaves_the_earlier_file_whole() {
    let dir = folder("midway");
    let small = example("small.json");
    let existing = "the roster published yesterday\n";
    // solve -o, replan -o, generate -o, export-dimacs: each output is larger than the
    // 512 bytes the limit allows, so each write fails part way.
    let roster = dir.join("roster.json");
    std::fs::write(&roster, existing).expect("write");
    let o = run_with_small_disk(&["solve", arg(&small), "-o", arg(&roster)]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("cannot write {}", roster.display())));
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);
    assert_eq!(entries(&dir), ["roster.json"]);

    // replan needs the published roster; write it with no limit first.
    let published = dir.join("published.json");
    let o = run(&["solve", arg(&small), "-o", arg(&published)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let published_text = std::fs::read_to_string(&published).expect("read");
    let problem: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&small).expect("read")).expect("json");
    let someone = problem["clinicians"][0]["id"].as_str().expect("an id");
    let o = run_with_small_disk(&[
        "replan",
        arg(&small),
        arg(&published),
        "--cancel",
        someone,
        "-o",
        arg(&roster),
    ]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);

    let generated = dir.join("problem.json");
    std::fs::write(&generated, existing).expect("write");
    let o = run_with_small_disk(&["generate", "--clinicians", "50", "-o", arg(&generated)]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&generated).expect("read"), existing);

    let network = dir.join("network.min");
    std::fs::write(&network, existing).expect("write");
    let o = run_with_small_disk(&["export-dimacs", arg(&small), arg(&network)]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&network).expect("read"), existing);

    assert_eq!(
        std::fs::read_to_string(&published).expect("read"),
        published_text
    );
    assert_eq!(
        entries(&dir),
        [
            "network.min",
            "problem.json",
            "published.json",
            "roster.json"
        ],
        "a temporary file was left behind"
    );
}

#[test]
fn when_one_output_cannot_be_written_none_is_and_the_message_says_so() {
    let dir = folder("batch");
    let small = example("small.json");
    let existing = "the roster published yesterday\n";
    let roster = dir.join("roster.json");
    std::fs::write(&roster, existing).expect("write");
    // The report's folder does not exist: the roster's path can be written, the report's
    // cannot be created.
    let report = dir.join("no-such-folder/report.html");
    let o = run(&[
        "solve",
        arg(&small),
        "-o",
        arg(&roster),
        "--report",
        arg(&report),
    ]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("cannot write {}", report.display())),
        "{e}"
    );
    assert!(e.contains("nothing was written"), "{e}");
    assert!(
        e.contains(&format!("not written: {}", roster.display())),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);

    // A report path that is a folder.
    let folder_path = dir.join("a-folder");
    std::fs::create_dir(&folder_path).expect("mkdir");
    let o = run(&[
        "solve",
        arg(&small),
        "-o",
        arg(&roster),
        "--report",
        arg(&folder_path),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);

    // replan: the diff cannot be written, so the new roster is not either.
    let published = dir.join("published.json");
    assert_eq!(
        run(&["solve", arg(&small), "-o", arg(&published)])
            .status
            .code(),
        Some(0)
    );
    let problem: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&small).expect("read")).expect("json");
    let someone = problem["clinicians"][0]["id"].as_str().expect("an id");
    let diff = dir.join("no-such-folder/diff.json");
    let o = run(&[
        "replan",
        arg(&small),
        arg(&published),
        "--cancel",
        someone,
        "-o",
        arg(&roster),
        "--diff",
        arg(&diff),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);
    assert_eq!(
        entries(&dir),
        ["a-folder", "published.json", "roster.json"],
        "a temporary file was left behind"
    );

    // Both can be written: both are, replacing the old roster.
    let report = dir.join("report.html");
    let o = run(&[
        "solve",
        arg(&small),
        "-o",
        arg(&roster),
        "--report",
        arg(&report),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&roster).expect("read"),
        std::fs::read_to_string(&published).expect("read"),
        "the same problem solved twice gives the same bytes"
    );
    assert!(
        std::fs::read_to_string(&report)
            .expect("read")
            .contains("<html")
    );
}

#[test]
fn an_output_that_is_not_a_regular_file_is_written_in_place() {
    let small = example("small.json");
    let o = run(&["solve", arg(&small), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!std::fs::metadata("/dev/null").expect("/dev/null").is_file());
    let o = run(&["solve", arg(&small), "-o", "/dev/full"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write /dev/full: No space left on device"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_option_values_name_the_option_and_exit_2() {
    let small = example("small.json");
    let s = arg(&small);
    let cases: &[(&[&str], &str)] = &[
        (&["solve", s, "--time-limit", "0"], "--time-limit"),
        (&["solve", s, "--time-limit", "-1"], "--time-limit"),
        (&["solve", s, "--time-limit", "NaN"], "--time-limit"),
        (&["solve", s, "--time-limit", "inf"], "--time-limit"),
        (&["solve", s, "--time-limit", "1e400"], "--time-limit"),
        (&["solve", s, "--mip-gap", "-1"], "--mip-gap"),
        (&["solve", s, "--mip-gap", "NaN"], "--mip-gap"),
        (&["solve", s, "--mip-gap", "inf"], "--mip-gap"),
        (&["solve", s, "--threads", "0"], "--threads"),
        (&["solve", s, "--threads", "257"], "--threads"),
        (&["solve", s, "--threads", "100000"], "--threads"),
        (&["solve", s, "--threads", "4294967295"], "--threads"),
        (&["solve", s, "--threads", "4294967296"], "--threads"),
        (&["solve", s, "--threads", "-1"], "--threads"),
        (&["solve", s, "--seed", "-1"], "--seed"),
        (&["bench-curtois", "--threads", "0"], "--threads"),
        (&["bench-curtois", "--time-limit", "0"], "--time-limit"),
        (
            &["replan", s, s, "--cancel", "X", "--change", "NaN"],
            "--change",
        ),
    ];
    for (args, option) in cases {
        let o = run(args);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("for '{option} <")),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_thread_count_in_the_problem_is_validated_and_the_machine_caps_it() {
    let dir = folder("threads");
    let rules: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("rules.json")).expect("read"))
            .expect("json");
    for n in [0_u64, 257, 100_000, 4_294_967_295] {
        let mut doc = rules.clone();
        doc["solver"] = serde_json::json!({"threads": n});
        let path = dir.join(format!("threads-{n}.json"));
        std::fs::write(&path, doc.to_string()).expect("write");
        for command in ["solve", "validate"] {
            let o =
                run(&[command, arg(&path), "--method", "mip"]
                    [..if command == "solve" { 4 } else { 2 }]);
            assert_no_panic(&o);
            assert_eq!(o.status.code(), Some(1), "{n}: {}", stderr(&o));
            let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
            assert!(
                said.contains("/solver/threads") && said.contains("[invalid_value]"),
                "{n}: {said}"
            );
        }
    }
    // The most a problem may ask for solves, on however few cores the machine has.
    let mut doc = rules.clone();
    doc["solver"] = serde_json::json!({"threads": 256});
    let path = dir.join("threads-256.json");
    std::fs::write(&path, doc.to_string()).expect("write");
    let o = run(&["solve", arg(&path), "--method", "mip", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "solve",
        arg(&example("rules.json")),
        "--method",
        "mip",
        "--threads",
        "256",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A rules-family problem (MIP) that takes far longer to solve than the test waits.
fn slow_problem(dir: &Path) -> PathBuf {
    let path = dir.join("slow.json");
    let o = run(&[
        "generate",
        "--rules",
        "--clinicians",
        "400",
        "--sites",
        "40",
        "-o",
        arg(&path),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    path
}

/// Run the command, send it `signal` (`INT`, `TERM`) after `after` seconds, and wait: its
/// output, and how long it took to end after the signal.
fn signalled(args: &[&str], after: u64, signal: &str) -> (Output, std::time::Duration) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    std::thread::sleep(std::time::Duration::from_secs(after));
    assert!(
        child.try_wait().expect("waits").is_none(),
        "the solve ended before the signal: the problem is too small for this test"
    );
    let sent = std::time::Instant::now();
    let kill = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let o = child.wait_with_output().expect("waits");
    (o, sent.elapsed())
}

#[test]
fn a_signal_during_a_solve_leaves_the_earlier_roster_whole() {
    let dir = folder("signal");
    let slow = slow_problem(&dir);
    let existing = "the roster published yesterday\n";
    for signal in ["INT", "TERM"] {
        let roster = dir.join("roster.json");
        std::fs::write(&roster, existing).expect("write");
        let args = [
            "solve",
            arg(&slow),
            "--method",
            "mip",
            "--time-limit",
            "600",
            "-o",
            arg(&roster),
        ];
        // Reading and validating take a moment; the signal lands in the solve.
        let (o, _) = signalled(&args, 2, signal);
        let number = if signal == "INT" { 2 } else { 15 };
        assert_eq!(o.status.signal(), Some(number), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&roster).expect("read"), existing);
        assert_eq!(entries(&dir), ["roster.json", "slow.json"]);
    }
}

#[test]
fn a_signal_during_decompose_writes_its_best_roster_so_far() {
    let dir = folder("signal-decompose");
    let slow = slow_problem(&dir);
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let roster = dir.join("roster.json");
        std::fs::write(&roster, "the roster published yesterday\n").expect("write");
        let args = [
            "solve",
            arg(&slow),
            "--method",
            "decompose",
            "--time-limit",
            "600",
            "-q",
            "-o",
            arg(&roster),
        ];
        // Reading, validating and preparing take a moment; then the search heeds a stop.
        let (o, waited) = signalled(&args, 5, signal);
        assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
        assert!(stderr(&o).contains("stopping the search"), "{}", stderr(&o));
        // Not a timing assertion on speed: a stop that was not heeded would run for 600 s.
        assert!(waited.as_secs() < 120, "the stop took {waited:?}");
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&roster).expect("read")).expect("JSON");
        assert_eq!(written["method"], "decompose");
        assert!(
            matches!(written["status"].as_str(), Some("feasible" | "optimal")),
            "{written}"
        );
        assert!(
            written["bound"].is_number(),
            "a stopped search still has its bound"
        );
        // The evaluator finds the written roster breach-free.
        let o = run(&["score", arg(&slow), arg(&roster)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(entries(&dir), ["roster.json", "slow.json"]);
    }
}

#[test]
fn a_model_above_the_memory_limit_is_refused_and_nothing_is_written() {
    let dir = folder("memory-limit");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/rules.json");
    let roster = dir.join("roster.json");
    std::fs::write(&roster, "kept\n").expect("write");
    for method in ["mip", "decompose"] {
        let o = run(&[
            "solve",
            arg(&rules),
            "--method",
            method,
            "--memory-limit",
            "1",
            "-q",
            "-o",
            arg(&roster),
        ]);
        assert_eq!(o.status.code(), Some(8), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("would need about") && e.contains("--memory-limit"),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&roster).expect("read"), "kept\n");
    }
    for bad in ["0", "-1", "NaN", "inf", "8G"] {
        let o = run(&["solve", arg(&rules), "--memory-limit", bad, "-q"]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("--memory-limit"), "{}", stderr(&o));
    }
    let o = run(&[
        "solve",
        arg(&rules),
        "--memory-limit",
        "100000",
        "-q",
        "-o",
        arg(&roster),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(entries(&dir), ["roster.json"]);
}
