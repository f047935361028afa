//! One file per command, on the model of cargo's `src/bin/cargo/commands/`: each holds the
//! command's arguments (`Args`, its `--help`) and its `run`, which returns the exit status.
//!
//! Planners' commands: `solve`, `validate`, `score`, `generate`, `demo`, `explain`,
//! `recommend`, `replan`, `whatif`, `compare`. Developer commands, for working on rotaflow itself
//! (hidden from the main `--help` list, listed after it): `flow`, `export-dimacs`,
//! `bench-curtois`.

pub(crate) mod bench_curtois;
pub(crate) mod compare;
pub(crate) mod demo;
pub(crate) mod explain;
pub(crate) mod export_dimacs;
pub(crate) mod flow;
pub(crate) mod generate;
pub(crate) mod recommend;
pub(crate) mod replan;
pub(crate) mod score;
pub(crate) mod solve;
pub(crate) mod validate;
pub(crate) mod whatif;
