//! Readers and writers of external formats: benchmark instances and rosters published
//! outside rotaflow, so that its solvers and evaluators can be checked against
//! independently scored results.
//!
//! * [`curtois`] — the Curtois & Qu shift scheduling benchmark (instances 1–24, `.txt`
//!   form) and its published rosters, with an exact evaluator of the benchmark objective.

pub mod curtois;
