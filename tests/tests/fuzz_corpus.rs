//! The fuzz targets' seed corpus and every regression the fuzzing campaign found, replayed
//! through the same target code (`fuzz/targets/`) on every test run: a reader that starts
//! to panic or break an invariant on an input AFL++ once reached fails here, without
//! AFL++. The C entry points' target is replayed in `crates/rotaflow-ffi/tests/`.

#[path = "../../fuzz/targets/changes.rs"]
mod changes;
#[path = "../../fuzz/targets/common.rs"]
#[allow(dead_code)] // each target uses some of the shared pieces
mod common;
#[path = "../../fuzz/targets/curtois.rs"]
mod curtois;
#[path = "../../fuzz/targets/dimacs.rs"]
mod dimacs;
#[path = "../../fuzz/targets/problem.rs"]
mod problem;
#[path = "../../fuzz/targets/roster.rs"]
mod roster;

use std::path::PathBuf;

/// Every file of `fuzz/corpus/<target>` and `fuzz/regressions/<target>`, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        out.extend(entries.map(|e| e.expect("a readable entry").path()));
    }
    out.sort();
    assert!(!out.is_empty(), "no corpus for the target {target}");
    out
}

/// Runs every input of a target, naming the input that fails.
fn replay(target: &str, run: fn(&[u8])) {
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("a readable input");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(
            outcome.is_ok(),
            "{target}: {} breaks the target",
            path.display()
        );
    }
}

#[test]
fn problem_reader_holds_on_its_corpus() {
    replay("problem", problem::run);
}

#[test]
fn roster_reader_holds_on_its_corpus() {
    replay("roster", roster::run);
}

#[test]
fn change_reader_holds_on_its_corpus() {
    replay("changes", changes::run);
}

#[test]
fn dimacs_reader_holds_on_its_corpus() {
    replay("dimacs", dimacs::run);
}

#[test]
fn curtois_reader_holds_on_its_corpus() {
    replay("curtois", curtois::run);
}
