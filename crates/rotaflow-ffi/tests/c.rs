//! Proven from C: the examples in `examples/c/` are compiled with gcc against
//! `include/rotaflow.h` and the library — the shared one and the static one — and run:
//! `solve.c` must write the roster the `rotaflow` command writes, byte for byte, and both
//! programs must run clean under `valgrind --leak-check=full --error-exitcode=1`.
//!
//! The libraries are the ones this very `cargo test` built beside the test executable
//! (`deps/librotaflow_ffi.{so,a}`), so they are never stale. The command is built with
//! `cargo build` (a no-op when it is fresh) and its path read from cargo's own artifact
//! messages, whatever the target directory. It is built on its own: adding the library to
//! that build would unify features differently from this test's build (clap's derive asks
//! more of `syn`) and rebuild and overwrite the library's unhashed outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// What the static library needs from the system on x86_64/aarch64 Linux (glibc), as
/// `cargo rustc -p rotaflow-ffi --lib --crate-type staticlib -- --print native-static-libs`
/// prints it. The README documents the same list.
const NATIVE_STATIC_LIBS: &[&str] = &[
    "-lstdc++",
    "-lgcc_s",
    "-lutil",
    "-lrt",
    "-lpthread",
    "-lm",
    "-ldl",
    "-lc",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

const SHARED_NAME: &str = shared_name();
const STATIC_NAME: &str = "librotaflow_ffi.a";

/// `librotaflow_ffi.so` (`.dylib` on macOS).
const fn shared_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "librotaflow_ffi.dylib"
    } else {
        "librotaflow_ffi.so"
    }
}

/// The freshly built artifacts.
struct Artifacts {
    /// `librotaflow_ffi.so`.
    shared: PathBuf,
    /// The directory holding it.
    shared_dir: PathBuf,
    /// `librotaflow_ffi.a`.
    static_lib: PathBuf,
    /// The `rotaflow` command.
    cli: PathBuf,
}

fn artifacts() -> &'static Artifacts {
    static ARTIFACTS: OnceLock<Artifacts> = OnceLock::new();
    ARTIFACTS.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test executable");
        let deps = exe.parent().expect("the deps directory").to_owned();
        let (shared, static_lib) = (deps.join(SHARED_NAME), deps.join(STATIC_NAME));
        let (shared, static_lib) = if shared.is_file() && static_lib.is_file() {
            (shared, static_lib)
        } else {
            // Not where `cargo test` puts them (a test binary run by hand from elsewhere?):
            // ask cargo to build them and say where.
            let files = cargo_build(&["-p", "rotaflow-ffi", "--lib"], |m| {
                m["target"]["name"] == "rotaflow_ffi"
            })
            .and_then(|m| m["filenames"].as_array().cloned())
            .unwrap_or_default();
            let find = |name: &str| {
                files
                    .iter()
                    .filter_map(|f| f.as_str())
                    .map(PathBuf::from)
                    .find(|f| f.file_name().is_some_and(|n| n == name))
                    .unwrap_or_else(|| panic!("cargo built {name}"))
            };
            (find(SHARED_NAME), find(STATIC_NAME))
        };
        Artifacts {
            shared_dir: shared.parent().expect("a directory").to_owned(),
            shared,
            static_lib,
            cli: cargo_build(&["-p", "rotaflow-cli", "--bin", "rotaflow"], |m| {
                m["target"]["name"] == "rotaflow" && m["executable"].is_string()
            })
            .and_then(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo built the rotaflow command"),
        }
    })
}

/// `cargo build` with the profile of this test; the artifact message that `pick` chooses.
fn cargo_build(
    args: &[&str],
    pick: impl Fn(&serde_json::Value) -> bool,
) -> Option<serde_json::Value> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace())
        .args(["build", "--locked", "--profile", "test"])
        .args(args)
        .arg("--message-format=json-render-diagnostics")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| m["reason"] == "compiler-artifact" && pick(m))
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // Under the target directory, one per test process (nextest runs tests as
        // processes in parallel, each compiling its own programs).
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("rotaflow-ffi-c-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Linking {
    Shared,
    Static,
}

fn compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "gcc".to_owned())
}

/// Compile `examples/c/<name>.c` against the header and the library; the path of the
/// program.
fn compile(name: &str, linking: Linking) -> PathBuf {
    let root = workspace();
    let built = artifacts();
    let exe = scratch().join(format!("{name}-{linking:?}").to_lowercase());
    let mut cc = Command::new(compiler());
    cc.args([
        "-std=c11",
        "-g",
        "-O1",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-pedantic",
    ])
    .arg("-I")
    .arg(root.join("include"))
    .arg(root.join("examples/c").join(format!("{name}.c")))
    .arg("-o")
    .arg(&exe);
    match linking {
        Linking::Shared => {
            let dir = &built.shared_dir;
            cc.arg(format!("-L{}", dir.display()))
                .arg("-lrotaflow_ffi")
                .arg(format!("-Wl,-rpath,{}", dir.display()));
        }
        Linking::Static => {
            cc.arg(&built.static_lib).args(NATIVE_STATIC_LIBS);
        }
    }
    let out = cc
        .output()
        .expect("the C compiler runs (set CC to choose one)");
    assert!(
        out.status.success(),
        "{cc:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

/// Compiled programs, each compiled once for all the tests.
type Programs = std::sync::Mutex<Vec<(&'static str, Linking, PathBuf)>>;

fn program(name: &'static str, linking: Linking) -> PathBuf {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    let mut programs = PROGRAMS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, path)) = programs
        .iter()
        .find(|(n, l, _)| *n == name && *l == linking)
    {
        return path.clone();
    }
    let path = compile(name, linking);
    programs.push((name, linking, path.clone()));
    path
}

fn run(command: &mut Command) -> Output {
    let out = command
        .env(LOADER_PATH, loader_path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{command:?} exited with {:?}:\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `command` under valgrind, or `None` (with a notice) when valgrind is not installed.
#[allow(clippy::print_stdout)] // the notice goes where cargo test shows test output
fn valgrind(program: PathBuf) -> Option<Command> {
    let available = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        println!("NOTICE: valgrind is not installed; the C examples were not run under it");
        return None;
    }
    let mut c = Command::new("valgrind");
    c.args([
        "--quiet",
        "--leak-check=full",
        "--error-exitcode=1",
        // Leaks still reachable at exit are not leaks; definite and possible ones fail.
        "--errors-for-leak-kinds=definite,possible",
    ])
    // Two documented process-lifetime caches of dependencies (jiff, rayon), nothing else.
    .arg(format!(
        "--suppressions={}",
        workspace().join("examples/c/valgrind.supp").display()
    ))
    .arg(program)
    .env(LOADER_PATH, loader_path());
    Some(c)
}

/// The dynamic loader's search path variable.
const LOADER_PATH: &str = if cfg!(target_os = "macos") {
    "DYLD_LIBRARY_PATH"
} else {
    "LD_LIBRARY_PATH"
};

/// The loader's search path for the shared programs: this test's library directory first.
///
/// cargo and nextest run tests with the target's `debug/` directory ahead of `debug/deps/`
/// on `LD_LIBRARY_PATH`, and the loader reads that before a program's run path; so a
/// `librotaflow_ffi.so` that an earlier plain `cargo build` left in `debug/` (a cached
/// target directory keeps it) would be loaded instead of the one this test built, and
/// the C programs would answer with an older library.
fn loader_path() -> std::ffi::OsString {
    let mut dirs = vec![artifacts().shared_dir.clone()];
    dirs.extend(
        std::env::var_os(LOADER_PATH)
            .iter()
            .flat_map(std::env::split_paths),
    );
    std::env::join_paths(dirs).expect("library directories join")
}

#[test]
fn solve_c_writes_the_cli_roster_byte_for_byte() {
    let small = workspace().join("examples/small.json");
    let cli_roster = scratch().join("cli-roster.json");
    run(Command::new(&artifacts().cli)
        .arg("solve")
        .arg(&small)
        .arg("-o")
        .arg(&cli_roster)
        .arg("--quiet"));
    let expected = std::fs::read(&cli_roster).expect("the CLI roster");
    for linking in [Linking::Shared, Linking::Static] {
        let roster = scratch().join(format!("c-roster-{linking:?}.json"));
        let out = run(Command::new(program("solve", linking))
            .arg(&small)
            .arg("-o")
            .arg(&roster));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("status:      \"optimal\""), "{stdout}");
        assert!(stdout.contains("assignments: 7"), "{stdout}");
        let got = std::fs::read(&roster).expect("the C roster");
        assert!(
            got == expected,
            "{linking:?}: the C roster differs from the CLI's:\n{}\n---\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
    }
}

/// A week with working-time rules goes to the MIP (HiGHS, C++ inside the library): the
/// C program's roster is still the CLI's, byte for byte, and clean under valgrind.
#[test]
fn solve_c_on_a_mip_problem() {
    let rules = workspace().join("examples/rules.json");
    let cli_roster = scratch().join("cli-rules-roster.json");
    run(Command::new(&artifacts().cli)
        .arg("solve")
        .arg(&rules)
        .arg("-o")
        .arg(&cli_roster)
        .arg("--quiet"));
    let expected = std::fs::read(&cli_roster).expect("the CLI roster");
    assert!(String::from_utf8_lossy(&expected).contains(r#""method": "mip""#));
    for linking in [Linking::Shared, Linking::Static] {
        let roster = scratch().join(format!("c-rules-roster-{linking:?}.json"));
        run(Command::new(program("solve", linking))
            .arg(&rules)
            .arg("-o")
            .arg(&roster));
        assert!(
            std::fs::read(&roster).expect("the C roster") == expected,
            "{linking:?}: the C roster of rules.json differs from the CLI's"
        );
    }
    let roster = scratch().join("valgrind-rules-roster.json");
    let Some(mut solve) = valgrind(program("solve", Linking::Shared)) else {
        return;
    };
    run(solve.arg(&rules).arg("-o").arg(&roster));
}

#[test]
fn solve_c_reports_failures_with_the_error_document() {
    let bad = scratch().join("bad-problem.json");
    std::fs::write(&bad, r#"{"shifts": [{"id": "S1"}]}"#).expect("write");
    let out = Command::new(program("solve", Linking::Shared))
        .arg(&bad)
        .env(LOADER_PATH, loader_path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("validation_failed (status 4)"), "{stderr}");
    assert!(
        stderr.contains(r#""pointer":"/shifts/0/site","code":"missing_field""#),
        "{stderr}"
    );
}

#[test]
fn bad_inputs_c_passes_every_check() {
    for linking in [Linking::Shared, Linking::Static] {
        let out = run(&mut Command::new(program("bad_inputs", linking)));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(" passed, 0 failed"),
            "{linking:?}:\n{stdout}"
        );
    }
}

#[test]
fn the_c_examples_are_clean_under_valgrind() {
    let small = workspace().join("examples/small.json");
    for linking in [Linking::Shared, Linking::Static] {
        let roster = scratch().join(format!("valgrind-roster-{linking:?}.json"));
        let Some(mut solve) = valgrind(program("solve", linking)) else {
            return;
        };
        run(solve.arg(&small).arg("-o").arg(&roster));
        let Some(mut bad) = valgrind(program("bad_inputs", linking)) else {
            return;
        };
        run(&mut bad);
    }
}

/// `ops.c`: explain, recommend, whatif, replan and the report from C, each byte for byte
/// what the command writes for the same problem and roster; bad calls refused; and the
/// whole program clean under valgrind.
#[test]
fn ops_c_writes_what_the_command_writes() {
    let small = workspace().join("examples/small.json");
    let cli = &artifacts().cli;
    for linking in [Linking::Shared, Linking::Static] {
        let dir = scratch().join(format!("ops-out-{linking:?}").to_lowercase());
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let out = run(Command::new(program("ops", linking))
            .arg(&small)
            .args(["S0004", "GP007"])
            .arg(&dir));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("ops: 0 failed"), "{linking:?}:\n{stdout}");
        let roster = dir.join("roster.json");
        let report = dir.join("cli-report.html");
        let cli_roster = dir.join("cli-roster.json");
        run(Command::new(cli)
            .arg("solve")
            .arg(&small)
            .arg("-o")
            .arg(&cli_roster)
            .arg("--report")
            .arg(&report)
            .arg("--quiet"));
        let same = |ours: &str, theirs: Vec<u8>| {
            let got = std::fs::read(dir.join(ours)).expect("the C program's output");
            assert!(
                got == theirs,
                "{linking:?}: {ours} differs from the command's {}",
                first_difference(&got, &theirs)
            );
        };
        same("roster.json", std::fs::read(&cli_roster).expect("roster"));
        same("report.html", std::fs::read(&report).expect("report"));
        let stdout_of = |args: &[&std::ffi::OsStr]| run(Command::new(cli).args(args)).stdout;
        let (p, r) = (small.as_os_str(), roster.as_os_str());
        same(
            "explain.json",
            stdout_of(&[("explain").as_ref(), p, r, "--json".as_ref()]),
        );
        same(
            "recommend.json",
            stdout_of(&[
                "recommend".as_ref(),
                p,
                r,
                "--shift".as_ref(),
                "S0004".as_ref(),
                "-k".as_ref(),
                "3".as_ref(),
                "--json".as_ref(),
            ]),
        );
        same(
            "whatif.json",
            stdout_of(&[
                "whatif".as_ref(),
                p,
                "--top".as_ref(),
                "5".as_ref(),
                "--json".as_ref(),
            ]),
        );
        same(
            "replan.json",
            stdout_of(&[
                "replan".as_ref(),
                p,
                r,
                "--cancel".as_ref(),
                "GP007".as_ref(),
                "--change".as_ref(),
                "100000".as_ref(),
                "--json".as_ref(),
            ]),
        );
    }
    let dir = scratch().join("ops-out-valgrind");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let Some(mut ops) = valgrind(program("ops", Linking::Shared)) else {
        return;
    };
    run(ops.arg(&small).args(["S0004", "GP007"]).arg(&dir));
}

#[test]
fn the_header_compiles_as_cpp_too() {
    let cxx = std::env::var("CXX").unwrap_or_else(|_| "g++".to_owned());
    if Command::new(&cxx).arg("--version").output().is_err() {
        println!("NOTICE: no C++ compiler ({cxx}); the header was not checked as C++");
        return;
    }
    let source = scratch().join("header.cpp");
    std::fs::write(
        &source,
        "#include \"rotaflow.h\"\nint main() { return rotaflow_version() == nullptr; }\n",
    )
    .expect("write");
    run(Command::new(&cxx)
        .args(["-std=c++11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"])
        .arg("-I")
        .arg(workspace().join("include"))
        .arg(&source));
}

#[test]
fn the_library_exports_exactly_the_functions_of_the_header() {
    let header = std::fs::read_to_string(workspace().join("include/rotaflow.h")).expect("header");
    let mut declared: Vec<&str> = header
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('/'))
        .filter_map(|l| l.split_once('('))
        .filter_map(|(head, _)| head.rsplit([' ', '*']).next())
        .filter(|name| name.starts_with("rotaflow_"))
        .collect();
    declared.sort_unstable();
    for name in [
        "rotaflow_solve",
        "rotaflow_explain",
        "rotaflow_recommend",
        "rotaflow_replan",
        "rotaflow_whatif",
        "rotaflow_report_html",
    ] {
        assert!(declared.contains(&name), "{name} not in {declared:?}");
    }
    let Ok(out) = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&artifacts().shared)
        .output()
    else {
        println!("NOTICE: nm is not installed; the exported symbols were not checked");
        return;
    };
    let symbols = String::from_utf8_lossy(&out.stdout);
    let mut exported: Vec<&str> = symbols
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    exported.sort_unstable();
    assert_eq!(exported, declared);
}

/// Where two outputs first differ: the line number and a few lines of each around it
/// (whole documents are too long for a CI log).
fn first_difference(ours: &[u8], theirs: &[u8]) -> String {
    let (ours, theirs) = (
        String::from_utf8_lossy(ours),
        String::from_utf8_lossy(theirs),
    );
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let at = (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .unwrap_or(0);
    let around = |lines: &[&str]| {
        lines
            .iter()
            .enumerate()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(|(i, l)| {
                format!(
                    "  {:>5}: {}",
                    i + 1,
                    l.chars().take(300).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "at line {} ({} lines against {}):\nthe C program's:\n{}\nthe command's:\n{}",
        at + 1,
        a.len(),
        b.len(),
        around(&a),
        around(&b)
    )
}
