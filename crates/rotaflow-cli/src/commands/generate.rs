//! `rotaflow generate`: write a synthetic flexible-pool problem (`rotaflow-synth`).

use std::path::PathBuf;

use rotaflow_synth::{Family, GenerateOptions};

use crate::exit::{Exit, Failure};
use crate::io::{eprint_text, write};

/// Write a realistic synthetic NHS flexible-pool problem.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Clinicians in the pool.
    #[arg(long, default_value_t = 1000)]
    clinicians: usize,
    /// Sites (practices, with one hub among them).
    #[arg(long, default_value_t = 120)]
    sites: usize,
    /// Days, from Monday 7 December 2026.
    #[arg(long, default_value_t = 7)]
    days: usize,
    /// Random seed; the same options give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Independent regions (ICSs) 100 km apart sharing the clinicians and sites; ids
    /// get the prefix `Rnn-`.
    #[arg(long, default_value_t = 1)]
    regions: usize,
    /// A national week: 42 regions, 40,000 clinicians, 5,040 sites (about 100,000
    /// sessions); overrides --clinicians, --sites and --regions.
    #[arg(long)]
    national: bool,
    /// The working-time rules family: 11 h rest that binds, weekly hours caps, no evening
    /// then morning, consecutive days, weekends, caps per kind, salaried minimums,
    /// home-visit rounds, GPs' dated credentials (a few lapsing, a few renewed) and weekly
    /// session caps (about 4 sessions per clinician a week; solved by the MIP).
    #[arg(long)]
    rules: bool,
    /// A replan: a published roster (`previous`) with its first days pinned, and a few
    /// clinicians who then cancel.
    #[arg(long)]
    replan: bool,
    /// With --rules: leave out the weekly session caps (`per_week.max_shifts` 3–8 for a
    /// share of the locum GPs, schema revision 1.1).
    #[arg(long, requires = "rules")]
    no_weekly_caps: bool,
    /// Where to write the problem (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<Exit, Failure> {
    let base = if args.national {
        GenerateOptions::national()
    } else {
        GenerateOptions {
            clinicians: args.clinicians,
            sites: args.sites,
            regions: args.regions,
            ..GenerateOptions::default()
        }
    };
    let options = GenerateOptions {
        days: args.days,
        seed: args.seed,
        family: if args.rules {
            Family::Rules
        } else {
            Family::Flow
        },
        replan: args.replan,
        weekly_caps: !args.no_weekly_caps,
        ..base
    };
    let problem =
        rotaflow_synth::generate(&options).map_err(|e| Failure::new(Exit::Usage, e.to_string()))?;
    write(args.output.as_deref(), &problem.to_json())?;
    eprint_text(&format!(
        "generated {} clinicians, {} sites, {} shifts over {} days (seed {})\n",
        problem.clinicians.len(),
        problem.sites.len(),
        problem.shifts.len(),
        args.days,
        args.seed
    ));
    Ok(Exit::Success)
}
