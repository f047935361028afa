//! Independent parts of a problem solved apart: above a million eligible pairs, `solve`
//! splits a problem into the connected components of its eligibility graph (the regions of
//! a multi-region week) and solves them in parallel. The optimum is the single network's,
//! the roster re-scores to it, and each region alone gives the same total.
//!
//! These were unit tests of `split.rs`; they need generated problems, and the generator
//! (`rotaflow-synth`) depends on the core, so they live here and reach the split through
//! `solve` with a problem just above the threshold.

use rotaflow::{Assignment, Index, Problem, SolveOptions, Status};
use rotaflow_synth::{GenerateOptions, generate};

/// Three regions with just over a million eligible pairs in all, so that `solve` splits.
fn three_regions(seed: u64) -> Problem {
    generate(&GenerateOptions {
        clinicians: 3_900,
        sites: 360,
        regions: 3,
        seed,
        ..GenerateOptions::default()
    })
    .expect("generates")
}

/// Region `r`'s own problem (ids `Rn-…`): its clinicians, shifts, pins and previous pairs.
fn region(problem: &Problem, r: usize) -> Problem {
    let prefix = format!("R{r:02}-");
    let ours = |id: &str| id.starts_with(&prefix);
    let pair = |a: &&Assignment| ours(&a.shift) && ours(&a.clinician);
    Problem {
        clinicians: problem
            .clinicians
            .iter()
            .filter(|c| ours(&c.id))
            .cloned()
            .collect(),
        shifts: problem
            .shifts
            .iter()
            .filter(|s| ours(&s.id))
            .cloned()
            .collect(),
        pinned: problem.pinned.iter().filter(pair).cloned().collect(),
        previous: problem.previous.iter().filter(pair).cloned().collect(),
        ..problem.clone()
    }
}

/// The optimum on one network, unsplit: the rostering network solved by the engine, and
/// its node count.
fn single_network(problem: &Problem) -> (f64, u64) {
    let index = Index::build(problem).expect("valid");
    let rn = rotaflow::rostering_network(&index).expect("flow-representable");
    let solution = rotaflow::mcf::solve(&rn.network).expect("in range");
    assert!(solution.is_optimal());
    (
        rn.constant + solution.cost as f64 / rn.scale,
        rn.network.node_count() as u64,
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn regions_solve_apart_to_the_same_optimum() {
    let problem = three_regions(5);
    let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
    assert!(
        roster.stats.eligible_pairs >= 1_000_000,
        "{}",
        roster.stats.eligible_pairs
    );
    let total = roster.objective.expect("optimal");
    let (whole, whole_nodes) = single_network(&problem);
    assert!(close(total, whole), "{total} split, {whole} on one network");
    // Each part's network has nodes of its own (source, sink…): more nodes than one network.
    assert!(roster.stats.nodes > whole_nodes, "solved in parts");
    let scored = rotaflow::score(&problem, &roster.assignments).expect("scores");
    assert!(close(total, scored.score.total));
    // Each region alone gives the same total.
    let sum: f64 = (1..=3)
        .map(|r| {
            rotaflow::solve(&region(&problem, r), &SolveOptions::new())
                .expect("solves")
                .objective
                .expect("optimal")
        })
        .sum();
    assert!(close(total, sum), "{total} whole, {sum} region by region");
}

#[test]
fn pins_and_previous_pairs_stay_in_their_part() {
    let mut problem = three_regions(11);
    // Pin and keep (previous) some eligible pairs, in every region.
    let index = Index::build(&problem).expect("valid");
    let mut pairs = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for c in index.clinician_indices().step_by(97) {
        // One pin per shift: two on a shift of headcount 1 would conflict.
        let free = index
            .eligible_for_clinician(c)
            .iter()
            .find(|s| !used.contains(*s));
        if let Some(&s) = free {
            used.insert(s);
            pairs.push(Assignment::new(
                &problem.shifts[s.index()].id,
                &problem.clinicians[c.index()].id,
            ));
        }
    }
    let pins: Vec<Assignment> = pairs.iter().step_by(2).cloned().collect();
    problem.pinned = pins.clone();
    problem.previous = pairs;
    problem.weights.change = 200.0;
    let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
    let (whole, whole_nodes) = single_network(&problem);
    assert!(roster.stats.nodes > whole_nodes, "solved in parts");
    let total = roster.objective.expect("optimal");
    assert!(close(total, whole), "{total} split, {whole} on one network");
    for pin in &pins {
        assert!(roster.assignments.contains(pin), "pin {pin:?} kept");
    }
    let scored = rotaflow::score(&problem, &roster.assignments).expect("scores");
    assert!(close(total, scored.score.total));
}

#[test]
fn an_infeasible_part_is_diagnosed_on_the_whole_problem() {
    let mut problem = three_regions(11);
    // A clinician of the first region who could work something, asked for more than a
    // week has sessions.
    let index = Index::build(&problem).expect("valid");
    let c = index
        .clinician_indices()
        .find(|&c| !index.eligible_for_clinician(c).is_empty())
        .expect("someone can work")
        .index();
    problem.clinicians[c].limits.max_shifts = None;
    problem.clinicians[c].limits.min_shifts = Some(50);
    let roster = rotaflow::solve(&problem, &SolveOptions::new()).expect("solves");
    assert_eq!(roster.status, Status::Infeasible);
    // The same reason as the clinician's region gives alone, solved on one network.
    let alone = rotaflow::solve(&region(&problem, 1), &SolveOptions::new()).expect("solves");
    assert_eq!(alone.status, Status::Infeasible);
    assert_eq!(roster.reason, alone.reason);
}

/// The divided solve's protocol (what `rotaflow.solve(problem, client=…)` runs on a Dask
/// cluster): each part solved on its own — here through JSON, as a task's answer travels —
/// and merged gives the local solve's roster byte for byte; wrong or missing parts are
/// refused with pointers.
#[test]
fn parts_solved_apart_and_merged_are_the_local_roster() {
    let problem = three_regions(3);
    let index = Index::build(&problem).expect("valid");
    let options = SolveOptions::new();
    let parts = index.solve_part_count(&options).expect("counts");
    assert!(parts >= 3, "three regions, {parts} parts");
    let solutions: Vec<rotaflow::PartSolution> = (0..parts)
        .map(|k| {
            let solved = index.solve_part(&options, k).expect("solves");
            let text = serde_json::to_string(&solved).expect("serialises");
            serde_json::from_str(&text).expect("reads back")
        })
        .collect();
    let merged = index.merge_parts(&options, &solutions).expect("merges");
    let local = index.solve(&options).expect("solves");
    assert_eq!(
        serde_json::to_string(&merged).expect("JSON"),
        serde_json::to_string(&local).expect("JSON")
    );

    // A part missing, out of order, or holding another part's pair: refused, pointed at.
    let err = index
        .merge_parts(&options, &solutions[1..])
        .expect_err("a part is missing");
    assert!(
        err.to_string().contains("part solutions for a solve of"),
        "{err}"
    );
    let mut swapped = solutions.clone();
    swapped.swap(0, 1);
    let rotaflow::Error::Invalid(issues) =
        index.merge_parts(&options, &swapped).expect_err("order")
    else {
        panic!("an invalid list")
    };
    assert_eq!(issues[0].pointer, "/0/part");
    let mut foreign = solutions.clone();
    let stray = foreign[1].assignments[0].clone();
    foreign[0].assignments.push(stray);
    let rotaflow::Error::Invalid(issues) =
        index.merge_parts(&options, &foreign).expect_err("stray")
    else {
        panic!("an invalid list")
    };
    assert!(
        issues[0].pointer.starts_with("/0/assignments/"),
        "{:?}",
        issues[0]
    );
    assert!(index.solve_part(&options, parts).is_err(), "no such part");

    // The MIP solves the whole problem: one part.
    let mip = SolveOptions {
        method: Some(rotaflow::Method::Mip),
        ..SolveOptions::new()
    };
    assert_eq!(index.solve_part_count(&mip).expect("counts"), 1);
}
