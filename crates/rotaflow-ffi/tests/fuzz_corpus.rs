//! The C entry points' fuzz target (`fuzz/targets/ffi.rs`) replayed on its seed corpus and
//! on every crash the fuzzing campaign found (`fuzz/regressions/ffi/`), in process. The
//! other targets are replayed in `tests/tests/fuzz_corpus.rs`.

#[path = "../../../fuzz/targets/common.rs"]
#[allow(dead_code)] // this target uses one of the shared pieces
mod common;
#[path = "../../../fuzz/targets/ffi.rs"]
mod ffi;

use std::path::PathBuf;

#[test]
fn c_entry_points_hold_on_their_corpus_and_regressions() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut inputs = Vec::new();
    for dir in ["corpus", "regressions"] {
        let entries = std::fs::read_dir(fuzz.join(dir).join("ffi")).expect("the ffi corpus");
        inputs.extend(entries.map(|e| e.expect("a readable entry").path()));
    }
    inputs.sort();
    assert!(inputs.len() > 10, "the ffi corpus is missing");
    for path in inputs {
        let data = std::fs::read(&path).expect("a readable input");
        let outcome = std::panic::catch_unwind(|| ffi::run(&data));
        assert!(
            outcome.is_ok(),
            "{} breaks the C entry points",
            path.display()
        );
    }
}
