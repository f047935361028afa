//! Benchmark support for rotaflow: the criterion benches live in `benches/`.
//!
//! Run them with `cargo bench -p rotaflow-benches`.

/// The generator options of the ICS-sized week the benches solve.
pub fn ics_week() -> rotaflow::GenerateOptions {
    rotaflow::GenerateOptions::default()
}
