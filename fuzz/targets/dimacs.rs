//! The DIMACS min-cost-flow reader of rotaflow-mcf: arbitrary bytes as a problem, and the
//! part after the first NUL as a solution of it.
//!
//! Invariants: no panic (no overflow: the fuzz build checks arithmetic); a read network
//! writes out and reads back to the same text; small networks solve or are refused with
//! an error; a read solution conserves flow as the reader promises.
use super::common::parts;

/// One input through the target; panics on a broken invariant.
pub(crate) fn run(data: &[u8]) {
    let pieces = parts(data, 2);
    let Ok(text) = std::str::from_utf8(pieces[0]) else {
        return;
    };
    let Ok(network) = rotaflow_mcf::dimacs::read_problem(text) else {
        return;
    };
    let written = rotaflow_mcf::dimacs::write_problem(&network, "fuzz");
    let again = rotaflow_mcf::dimacs::read_problem(&written).expect("a written network reads back");
    assert_eq!(
        rotaflow_mcf::dimacs::write_problem(&again, "fuzz"),
        written,
        "round trip"
    );
    if network.node_count() <= 64 && network.arc_count() <= 512 {
        let _ = rotaflow_mcf::solve(&network);
    }
    if let Ok(solution) = std::str::from_utf8(pieces[1]) {
        let _ = rotaflow_mcf::dimacs::read_solution(solution, &network);
    }
}
