//! Times the stages of a solve separately: `stages PROBLEM.json`.
//!
//! parse (JSON and validation), index (compiled facts and eligibility), network (the
//! rostering network of the whole problem), engine (that one network, one thread), solve
//! (`rotaflow::solve`: index, parts in parallel, evaluator), write (the roster's JSON).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages PROBLEM.json");
        std::process::exit(2);
    };
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let text = std::fs::read_to_string(&path).expect("readable");
    let read = ms(t);
    let t = Instant::now();
    let problem = rotaflow::Problem::from_json(&text).expect("valid problem");
    let parse = ms(t);
    let t = Instant::now();
    let index = rotaflow::Index::build(&problem).expect("valid problem");
    let index_ms = ms(t);
    let t = Instant::now();
    let rn = rotaflow::rostering_network(&index).expect("flow-representable");
    let network = ms(t);
    let t = Instant::now();
    let sol = rotaflow::mcf::solve(&rn.network).expect("in range");
    let engine = ms(t);
    let t = Instant::now();
    let roster = rotaflow::solve(&problem, &rotaflow::SolveOptions::new()).expect("solves");
    let solve = ms(t);
    let t = Instant::now();
    let json = roster.to_json();
    let write = ms(t);
    let single = rn.constant + sol.cost as f64 / rn.scale;
    println!(
        "{path}: {} clinicians, {} shifts, {} eligible pairs; network {} nodes, {} arcs",
        problem.clinicians.len(),
        problem.shifts.len(),
        index.eligible_pair_count(),
        rn.network.node_count(),
        rn.network.arc_count()
    );
    println!(
        "read {read:.0} ms, parse+validate {parse:.0} ms, index {index_ms:.0} ms, \
         network {network:.0} ms, engine (one network) {engine:.0} ms, \
         solve (all of it) {solve:.0} ms, write {write:.0} ms ({} bytes)",
        json.len()
    );
    println!(
        "objective: solve {:.2}, one network {single:.2}",
        roster.objective.unwrap_or(f64::NAN)
    );
}
