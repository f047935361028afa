//! The DIMACS minimum-cost flow format: problems (`.min`) and solutions.
//!
//! This is the format of the first DIMACS implementation challenge, which LEMON, OR-Tools'
//! examples, CS2 and the NETGEN generator all read and write, so that rotaflow's engine
//! ([`crate`]) can be run on the same files as its peers.
//!
//! # Problem files
//!
//! ```text
//! c a comment line (anywhere; blank lines are skipped too)
//! p min NODES ARCS           the problem line, exactly once, before any n or a line
//! n ID SUPPLY                a node's supply (> 0 supplies, < 0 demands); nodes not
//!                            listed have supply 0; a node listed twice is an error
//! a SRC DST LOW CAP COST     an arc from SRC to DST, flow in [LOW, CAP], cost per unit
//! ```
//!
//! Nodes are numbered `1..=NODES`; node `i` becomes [`NodeId`]`(i − 1)` and the `k`-th
//! `a` line becomes [`ArcId`]`(k − 1)`. The number of `a` lines must equal `ARCS`. All
//! numbers are integers in `i64`; a capacity of `-1` is *not* read as "unbounded" (write a
//! large capacity instead, as NETGEN does). The sign convention of supplies is the
//! engine's: a positive `n` value means flow leaves the node.
//!
//! # Solution files
//!
//! ```text
//! s COST                     the optimal cost
//! f SRC DST FLOW             the flow on one arc, in the order of the problem's a lines
//! ```
//!
//! [`write_solution`] writes an `f` line for every arc (including those with zero flow, so
//! that parallel arcs stay unambiguous); [`read_solution`] reads what it writes, and also
//! files that list only the arcs with nonzero flow when no arc is parallel to another.
//!
//! # Errors
//!
//! Every reader error names its line (1-based) and what was expected there:
//!
//! ```
//! use rotaflow_mcf::dimacs;
//! let err = dimacs::read_problem("p min 2 1\na 1 3 0 4 1\n").unwrap_err();
//! assert_eq!(err.to_string(), "line 2: arc head 3 is not a node (the nodes are 1..=2)");
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::{ArcId, FlowNetwork, FlowSolution, NodeId, UNBOUNDED};

/// A line of a DIMACS file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DimacsError {
    /// The line, counting from 1 (0 when the error concerns the whole file, such as a
    /// missing problem line or too few arcs).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl DimacsError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        DimacsError {
            line,
            message: message.into(),
        }
    }
}

/// Reads one whitespace-separated integer field.
fn int(
    fields: &mut std::str::SplitAsciiWhitespace<'_>,
    line: usize,
    what: &str,
) -> Result<i64, DimacsError> {
    match fields.next() {
        None => Err(DimacsError::new(line, format!("missing {what}"))),
        Some(text) => text.parse::<i64>().map_err(|_| {
            DimacsError::new(
                line,
                format!("{what} `{text}` is not an integer in the 64-bit range"),
            )
        }),
    }
}

fn no_more(
    fields: &mut std::str::SplitAsciiWhitespace<'_>,
    line: usize,
    kind: &str,
) -> Result<(), DimacsError> {
    match fields.next() {
        None => Ok(()),
        Some(extra) => Err(DimacsError::new(
            line,
            format!("unexpected `{extra}` after the fields of a `{kind}` line"),
        )),
    }
}

/// A node number `1..=n` as a [`NodeId`].
fn node(value: i64, n: usize, line: usize, what: &str) -> Result<NodeId, DimacsError> {
    if value >= 1 && (value as u64) <= n as u64 {
        Ok(NodeId((value - 1) as u32))
    } else {
        Err(DimacsError::new(
            line,
            format!("{what} {value} is not a node (the nodes are 1..={n})"),
        ))
    }
}

/// The most nodes [`read_problem`] accepts. Every node is stored (a supply, and the
/// engine's per-node arrays when solving), whether or not a line names it, so the problem
/// line alone could otherwise ask for any amount of memory: `p min 3333333333 0` made the
/// reader allocate 27 GB and abort, and counts of tens of millions took seconds to read
/// (both found by fuzzing). 2²⁴ nodes take about 1 GB to solve; the largest DIMACS
/// benchmark networks have a few million, and rotaflow's own a node per shift and
/// clinician (under a million for a national four weeks).
pub const MAX_NODES: usize = 1 << 24;

/// Reads a DIMACS minimum-cost flow problem (see the [module docs](self)).
///
/// Capacities are taken as given (no value means unbounded), except that a negative
/// capacity or a lower bound above the capacity is refused at its line; the engine checks
/// the ranges that depend on the network's size when solving. A capacity equal to `i64::MAX` is [`UNBOUNDED`].
///
/// # Errors
///
/// The first line that breaks the format, with its number: an unknown line kind, a
/// missing or second problem line, a problem type other than `min`, a field that is not
/// an integer, a node number out of range, a node's supply given twice, more or fewer arcs
/// than announced, a negative node or arc count, more than [`MAX_NODES`] nodes, a negative
/// capacity, a lower bound above the capacity.
///
/// # Complexity
///
/// O(size of the text + nodes + arcs).
///
/// # Example
///
/// ```
/// use rotaflow_mcf::dimacs;
/// let net = dimacs::read_problem("c tiny\np min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 7\n")?;
/// let sol = rotaflow_mcf::solve(&net).expect("in range");
/// assert_eq!(sol.cost, 21);
/// # Ok::<(), dimacs::DimacsError>(())
/// ```
pub fn read_problem(text: &str) -> Result<FlowNetwork, DimacsError> {
    let mut net: Option<FlowNetwork> = None;
    let mut announced_arcs = 0usize;
    let mut supply_line: Vec<u32> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let mut fields = raw.split_ascii_whitespace();
        let Some(kind) = fields.next() else {
            continue;
        };
        match kind {
            "c" => {}
            "p" => {
                if net.is_some() {
                    return Err(DimacsError::new(line, "a second problem line"));
                }
                match fields.next() {
                    Some("min") => {}
                    Some(other) => {
                        return Err(DimacsError::new(
                            line,
                            format!("problem type `{other}` is not `min` (minimum-cost flow)"),
                        ));
                    }
                    None => return Err(DimacsError::new(line, "missing problem type `min`")),
                }
                let n = int(&mut fields, line, "node count")?;
                let m = int(&mut fields, line, "arc count")?;
                no_more(&mut fields, line, "p")?;
                if n < 0 || m < 0 {
                    return Err(DimacsError::new(
                        line,
                        "node and arc counts must not be negative",
                    ));
                }
                if n as u64 >= u32::MAX as u64 - 1 || m as u64 >= u32::MAX as u64 {
                    return Err(DimacsError::new(
                        line,
                        "too many nodes or arcs for 32-bit indices",
                    ));
                }
                let (n, m) = (n as usize, m as usize);
                if n > MAX_NODES {
                    return Err(DimacsError::new(
                        line,
                        format!("{n} nodes are more than this reader accepts ({MAX_NODES})"),
                    ));
                }
                // Room for the arcs the rest of the text can hold (an `a` line takes at
                // least 12 bytes), not for whatever the problem line announces: a wrong
                // count is refused at the end, without having reserved memory for it.
                let room = m.min(text.len() / 12);
                let mut network = FlowNetwork::with_capacity(n, room);
                for _ in 0..n {
                    network.add_node();
                }
                supply_line = vec![0; n];
                announced_arcs = m;
                net = Some(network);
            }
            "n" | "a" => {
                let Some(network) = net.as_mut() else {
                    return Err(DimacsError::new(
                        line,
                        format!("a `{kind}` line before the problem line `p min NODES ARCS`"),
                    ));
                };
                let n = network.node_count();
                if kind == "n" {
                    let id = node(int(&mut fields, line, "node id")?, n, line, "node id")?;
                    let supply = int(&mut fields, line, "supply")?;
                    no_more(&mut fields, line, "n")?;
                    let first = supply_line[id.index()];
                    if first != 0 {
                        return Err(DimacsError::new(
                            line,
                            format!("node {} already has a supply (line {first})", id.0 + 1),
                        ));
                    }
                    supply_line[id.index()] = line.min(u32::MAX as usize) as u32;
                    network.set_supply(id, supply);
                } else {
                    let tail = node(int(&mut fields, line, "arc tail")?, n, line, "arc tail")?;
                    let head = node(int(&mut fields, line, "arc head")?, n, line, "arc head")?;
                    let low = int(&mut fields, line, "lower bound")?;
                    let cap = int(&mut fields, line, "capacity")?;
                    let cost = int(&mut fields, line, "cost")?;
                    no_more(&mut fields, line, "a")?;
                    if cap < 0 {
                        return Err(DimacsError::new(
                            line,
                            format!(
                                "capacity {cap} is negative (a capacity of -1 is not read as \
                                 unbounded; write a large capacity)"
                            ),
                        ));
                    }
                    if low > cap {
                        return Err(DimacsError::new(
                            line,
                            format!("lower bound {low} is above the capacity {cap}"),
                        ));
                    }
                    if network.arc_count() == announced_arcs {
                        return Err(DimacsError::new(
                            line,
                            format!(
                                "more arcs than the {announced_arcs} the problem line announced"
                            ),
                        ));
                    }
                    network.add_arc(tail, head, low, cap, cost);
                }
            }
            other => {
                return Err(DimacsError::new(
                    line,
                    format!("unknown line kind `{other}` (expected c, p, n or a)"),
                ));
            }
        }
    }
    let Some(network) = net else {
        return Err(DimacsError::new(0, "no problem line `p min NODES ARCS`"));
    };
    if network.arc_count() != announced_arcs {
        return Err(DimacsError::new(
            0,
            format!(
                "the problem line announced {announced_arcs} arcs but the file has {}",
                network.arc_count()
            ),
        ));
    }
    Ok(network)
}

/// Writes `network` as a DIMACS problem, with `comment` lines first (one `c` line per line
/// of `comment`; none when empty).
///
/// Only nonzero supplies get an `n` line. An [`UNBOUNDED`] capacity is written as
/// `i64::MAX`, which [`read_problem`] reads back as unbounded; other readers may want a
/// finite value, so prefer finite capacities in files meant for other solvers.
///
/// # Complexity
///
/// O(nodes + arcs).
///
/// # Example
///
/// ```
/// use rotaflow_mcf::dimacs;
/// use rotaflow_mcf::FlowNetwork;
/// let mut net = FlowNetwork::new();
/// let (a, b) = (net.add_node(), net.add_node());
/// net.set_supply(a, 2);
/// net.set_supply(b, -2);
/// net.add_arc(a, b, 0, 5, 3);
/// let text = dimacs::write_problem(&net, "two nodes");
/// assert_eq!(text, "c two nodes\np min 2 1\nn 1 2\nn 2 -2\na 1 2 0 5 3\n");
/// assert_eq!(dimacs::read_problem(&text)?, net);
/// # Ok::<(), dimacs::DimacsError>(())
/// ```
pub fn write_problem(network: &FlowNetwork, comment: &str) -> String {
    let mut out = String::with_capacity(32 * network.arc_count() + 16 * network.node_count() + 64);
    for line in comment.lines() {
        let _ = writeln!(out, "c {line}");
    }
    let _ = writeln!(
        out,
        "p min {} {}",
        network.node_count(),
        network.arc_count()
    );
    for v in 0..network.node_count() {
        let b = network.supply(NodeId(v as u32));
        if b != 0 {
            let _ = writeln!(out, "n {} {b}", v + 1);
        }
    }
    for a in 0..network.arc_count() {
        let arc = ArcId(a as u32);
        let _ = writeln!(
            out,
            "a {} {} {} {} {}",
            network.tail(arc).0 + 1,
            network.head(arc).0 + 1,
            network.lower(arc),
            network.upper(arc),
            network.cost(arc)
        );
    }
    out
}

/// A copy of `network` whose [`UNBOUNDED`] capacities are replaced by a finite bound that
/// no basic flow can exceed: `Σ|supply| + Σ|finite bound|` over all arcs and nodes (capped
/// at `i64::MAX / 2`). Every bounded problem keeps its optimal cost, and other solvers,
/// which have no "unbounded" in the file format, read the same problem.
///
/// # Complexity
///
/// O(nodes + arcs).
pub fn with_finite_capacities(network: &FlowNetwork) -> FlowNetwork {
    let cap = i128::from(i64::MAX / 2);
    let mut bound: i128 = 0;
    for v in 0..network.node_count() {
        bound += i128::from(network.supply(NodeId(v as u32))).abs();
    }
    for a in 0..network.arc_count() {
        let arc = ArcId(a as u32);
        bound += i128::from(network.lower(arc)).abs();
        if network.upper(arc) != UNBOUNDED {
            bound += i128::from(network.upper(arc)).abs();
        }
        bound = bound.min(cap);
    }
    let bound = bound.max(1) as i64;
    let mut out = FlowNetwork::with_capacity(network.node_count(), network.arc_count());
    for v in 0..network.node_count() {
        let node = out.add_node();
        out.set_supply(node, network.supply(NodeId(v as u32)));
    }
    for a in 0..network.arc_count() {
        let arc = ArcId(a as u32);
        let upper = match network.upper(arc) {
            UNBOUNDED => bound.max(network.lower(arc)),
            u => u,
        };
        out.add_arc(
            network.tail(arc),
            network.head(arc),
            network.lower(arc),
            upper,
            network.cost(arc),
        );
    }
    out
}

/// Writes an optimal `solution` of `network`: the `s COST` line, then one `f SRC DST FLOW`
/// line per arc in arc order.
///
/// # Complexity
///
/// O(arcs).
pub fn write_solution(network: &FlowNetwork, solution: &FlowSolution) -> String {
    let mut out = String::with_capacity(24 * network.arc_count() + 32);
    let _ = writeln!(out, "s {}", solution.cost);
    for (a, &f) in solution.flow.iter().enumerate() {
        let arc = ArcId(a as u32);
        let _ = writeln!(
            out,
            "f {} {} {f}",
            network.tail(arc).0 + 1,
            network.head(arc).0 + 1
        );
    }
    out
}

/// A solution read by [`read_solution`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimacsSolution {
    /// The cost on the `s` line.
    pub cost: i128,
    /// The flow on each arc of the network, by [`ArcId::index`] (0 for arcs not listed).
    pub flow: Vec<i64>,
}

/// Reads a solution of `network` (`s COST`, then `f SRC DST FLOW` lines).
///
/// When the file has an `f` line for every arc, the `k`-th line is the `k`-th arc (and its
/// end points must match). Otherwise each `f` line is matched to the arc with those end
/// points, which must then be unique. Only `c`, `s` and `f` lines are allowed.
///
/// # Errors
///
/// A line that breaks the format, with its number: a missing or second `s` line, a field
/// that is not an integer, an `f` line whose arc is not in the network (or is ambiguous).
pub fn read_solution(text: &str, network: &FlowNetwork) -> Result<DimacsSolution, DimacsError> {
    let mut cost: Option<i128> = None;
    let mut lines: Vec<(usize, NodeId, NodeId, i64)> = Vec::new();
    let n = network.node_count();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let mut fields = raw.split_ascii_whitespace();
        let Some(kind) = fields.next() else {
            continue;
        };
        match kind {
            "c" => {}
            "s" => {
                if cost.is_some() {
                    return Err(DimacsError::new(line, "a second `s` line"));
                }
                let Some(text) = fields.next() else {
                    return Err(DimacsError::new(line, "missing the cost on the `s` line"));
                };
                cost = Some(text.parse::<i128>().map_err(|_| {
                    DimacsError::new(line, format!("cost `{text}` is not an integer"))
                })?);
                no_more(&mut fields, line, "s")?;
            }
            "f" => {
                let tail = node(int(&mut fields, line, "flow tail")?, n, line, "flow tail")?;
                let head = node(int(&mut fields, line, "flow head")?, n, line, "flow head")?;
                let flow = int(&mut fields, line, "flow")?;
                no_more(&mut fields, line, "f")?;
                lines.push((line, tail, head, flow));
            }
            other => {
                return Err(DimacsError::new(
                    line,
                    format!("unknown line kind `{other}` in a solution (expected c, s or f)"),
                ));
            }
        }
    }
    let Some(cost) = cost else {
        return Err(DimacsError::new(0, "no `s COST` line"));
    };
    let m = network.arc_count();
    let mut flow = vec![0i64; m];
    if lines.len() == m {
        for (a, &(line, tail, head, f)) in lines.iter().enumerate() {
            let arc = ArcId(a as u32);
            if (network.tail(arc), network.head(arc)) != (tail, head) {
                return Err(DimacsError::new(
                    line,
                    format!(
                        "arc {} of the problem goes from {} to {}, not from {} to {}",
                        a + 1,
                        network.tail(arc).0 + 1,
                        network.head(arc).0 + 1,
                        tail.0 + 1,
                        head.0 + 1
                    ),
                ));
            }
            flow[a] = f;
        }
    } else {
        let mut by_ends: HashMap<(NodeId, NodeId), Option<usize>> = HashMap::with_capacity(m);
        for a in 0..m {
            let arc = ArcId(a as u32);
            by_ends
                .entry((network.tail(arc), network.head(arc)))
                .and_modify(|e| *e = None)
                .or_insert(Some(a));
        }
        for &(line, tail, head, f) in &lines {
            match by_ends.get(&(tail, head)) {
                Some(Some(a)) => flow[*a] = f,
                Some(None) => {
                    return Err(DimacsError::new(
                        line,
                        format!(
                            "several arcs go from {} to {}; list every arc in order to tell them apart",
                            tail.0 + 1,
                            head.0 + 1
                        ),
                    ));
                }
                None => {
                    return Err(DimacsError::new(
                        line,
                        format!("no arc goes from {} to {}", tail.0 + 1, head.0 + 1),
                    ));
                }
            }
        }
    }
    Ok(DimacsSolution { cost, flow })
}

/// `UNBOUNDED` is `i64::MAX`, which the reader returns as is: keep the two in step.
const _: () = assert!(UNBOUNDED == i64::MAX);

#[cfg(test)]
mod tests {
    use super::*;
    use crate as mcf;

    fn err(text: &str) -> String {
        read_problem(text).expect_err("must fail").to_string()
    }

    #[test]
    fn reads_a_small_problem_and_solves_it() {
        let text = "c a comment\n\np min 4 5\nn 1 4\nn 4 -4\na 1 2 0 4 2\na 1 3 0 2 2\n\
                    a 2 3 0 2 1\na 2 4 0 3 3\na 3 4 0 5 1\n";
        let net = read_problem(text).expect("reads");
        assert_eq!((net.node_count(), net.arc_count()), (4, 5));
        let sol = mcf::solve(&net).expect("in range");
        assert_eq!(sol.cost, 14);
        let out = write_solution(&net, &sol);
        assert!(out.starts_with("s 14\nf 1 2 "));
        let back = read_solution(&out, &net).expect("reads its own");
        assert_eq!(back.cost, 14);
        assert_eq!(back.flow, sol.flow);
        // Round trip of the problem.
        assert_eq!(
            read_problem(&write_problem(&net, "x\ny")).expect("reads"),
            net
        );
    }

    #[test]
    fn bad_problems_name_their_line() {
        assert_eq!(
            err("c only\n"),
            "line 0: no problem line `p min NODES ARCS`"
        );
        assert_eq!(
            err("a 1 2 0 1 1\n"),
            "line 1: a `a` line before the problem line `p min NODES ARCS`"
        );
        assert_eq!(
            err("p max 2 1\n"),
            "line 1: problem type `max` is not `min` (minimum-cost flow)"
        );
        assert_eq!(err("p min 2\n"), "line 1: missing arc count");
        assert_eq!(
            err("p min 2 1\np min 2 1\n"),
            "line 2: a second problem line"
        );
        assert_eq!(
            err("p min -2 1\n"),
            "line 1: node and arc counts must not be negative"
        );
        // Found by fuzzing: the problem line alone asked for 27 GB and aborted the reader.
        assert_eq!(
            err("p min 3333333333 0\n"),
            "line 1: 3333333333 nodes are more than this reader accepts (16777216)"
        );
        // An announced arc count the text cannot hold reserves nothing; it is refused.
        assert!(err("p min 2 4000000000\na 1 2 0 1 1\n").contains("arc"));
        assert_eq!(
            err("p min 2 1\na 1 2 0 x 1\n"),
            "line 2: capacity `x` is not an integer in the 64-bit range"
        );
        assert_eq!(
            err("p min 2 1\na 1 2 0 1 99999999999999999999\n"),
            "line 2: cost `99999999999999999999` is not an integer in the 64-bit range"
        );
        assert_eq!(
            err("p min 2 1\na 0 2 0 1 1\n"),
            "line 2: arc tail 0 is not a node (the nodes are 1..=2)"
        );
        assert_eq!(err("p min 2 1\na 1 2 0 1\n"), "line 2: missing cost");
        assert_eq!(
            err("p min 2 1\na 1 2 0 1 1 9\n"),
            "line 2: unexpected `9` after the fields of a `a` line"
        );
        assert_eq!(
            err("p min 2 1\nn 1 5\nn 1 5\na 1 2 0 1 1\n"),
            "line 3: node 1 already has a supply (line 2)"
        );
        assert_eq!(
            err("p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n"),
            "line 3: more arcs than the 1 the problem line announced"
        );
        assert_eq!(
            err("p min 2 2\na 1 2 0 1 1\n"),
            "line 0: the problem line announced 2 arcs but the file has 1"
        );
        assert_eq!(
            err("c\np min 2 1\na 1 2 0 -5 1\n"),
            "line 3: capacity -5 is negative (a capacity of -1 is not read as unbounded; \
             write a large capacity)"
        );
        assert_eq!(
            err("p min 2 1\na 1 2 3 2 1\n"),
            "line 2: lower bound 3 is above the capacity 2"
        );
        assert_eq!(
            err("p min 2 1\nx 1\n"),
            "line 2: unknown line kind `x` (expected c, p, n or a)"
        );
    }

    #[test]
    fn bad_solutions_name_their_line() {
        let net =
            read_problem("p min 2 2\nn 1 1\nn 2 -1\na 1 2 0 1 1\na 1 2 0 1 2\n").expect("reads");
        let e = |t: &str| read_solution(t, &net).expect_err("must fail").to_string();
        assert_eq!(e("f 1 2 1\n"), "line 0: no `s COST` line");
        assert_eq!(e("s 1\ns 1\n"), "line 2: a second `s` line");
        assert_eq!(
            e("s 1\nf 1 2 1\n"),
            "line 2: several arcs go from 1 to 2; list every arc in order to tell them apart"
        );
        assert_eq!(
            e("s 1\nf 2 1 1\nf 1 2 0\n"),
            "line 2: arc 1 of the problem goes from 1 to 2, not from 2 to 1"
        );
        assert_eq!(
            e("s 1\nx\n"),
            "line 2: unknown line kind `x` in a solution (expected c, s or f)"
        );
        let ok = read_solution("s 1\nf 1 2 1\nf 1 2 0\n", &net).expect("reads");
        assert_eq!(ok.flow, vec![1, 0]);
    }

    #[test]
    fn unbounded_capacities_round_trip() {
        let mut net = FlowNetwork::new();
        let (a, b) = (net.add_node(), net.add_node());
        net.add_arc(a, b, 0, UNBOUNDED, -1);
        net.add_arc(b, a, 0, UNBOUNDED, 0);
        let text = write_problem(&net, "");
        assert_eq!(read_problem(&text).expect("reads"), net);
        assert_eq!(
            mcf::solve(&net).expect("in range").status,
            mcf::FlowStatus::Unbounded
        );
    }
}
