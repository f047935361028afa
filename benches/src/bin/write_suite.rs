//! Writes the DIMACS suite of the peer comparison (`benches/peers/run.py`).
//!
//! `write-suite DIR [MAX_LOG2]` writes, into DIR, NETGEN-8 and NETGEN-LO-8 networks with
//! 2^12 … 2^MAX_LOG2 nodes (default 16), NETGEN-SR up to 2^14, and rostering networks of
//! generated weeks (a small pool, the ICS week, one national region). Existing files are
//! kept. Prints one line per file: `NAME PATH NODES ARCS`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use rotaflow::mcf::dimacs;
use rotaflow_benches::{Family, netgen, rostering};
use rotaflow_synth::GenerateOptions;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: write-suite DIR [MAX_LOG2]");
        std::process::exit(2);
    };
    let max_log2: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    std::fs::create_dir_all(&dir).expect("can create the suite directory");
    let mut jobs: Vec<(String, Box<dyn Fn() -> rotaflow::mcf::FlowNetwork>)> = Vec::new();
    for family in Family::ALL {
        let top = if family == Family::NetgenSr {
            max_log2.min(14)
        } else {
            max_log2
        };
        for k in 12..=top {
            jobs.push((
                format!("{}_{k}", family.name()),
                Box::new(move || netgen(family, k, 13_502_460 + i64::from(k))),
            ));
        }
    }
    for (name, options) in [
        (
            "roster_small",
            GenerateOptions {
                clinicians: 200,
                sites: 24,
                seed: 1,
                ..GenerateOptions::default()
            },
        ),
        (
            "roster_ics",
            GenerateOptions {
                seed: 1,
                ..GenerateOptions::default()
            },
        ),
        (
            "roster_ics_2wk",
            GenerateOptions {
                seed: 2,
                days: 14,
                ..GenerateOptions::default()
            },
        ),
    ] {
        jobs.push((name.to_owned(), Box::new(move || rostering(&options))));
    }
    for (name, make) in jobs {
        let path = dir.join(format!("{name}.min"));
        if !path.exists() {
            let net = make();
            let text = dimacs::write_problem(&net, &format!("rotaflow peer suite: {name}"));
            std::fs::write(&path, text).expect("can write the suite file");
        }
        let text = std::fs::read_to_string(&path).expect("can read back");
        let net = dimacs::read_problem(&text).expect("valid DIMACS");
        println!(
            "{name} {} {} {}",
            path.display(),
            net.node_count(),
            net.arc_count()
        );
    }
}
