//! Tests of the min-cost flow engine: hand-built cases with known optima, a
//! property test against an independent oracle, and optimality checks on
//! large random networks.

use super::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Runs `f` on a helper thread and fails the test if it takes longer than
/// `secs` seconds, so a bug that makes the simplex cycle (or a corrupted
/// thread list that makes a walk spin) fails instead of hanging the run.
/// Panics inside `f` are propagated.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        // The receiver is gone only after a timeout, which already failed.
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("timed out after {secs} s: the solver may be cycling")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(payload) => std::panic::resume_unwind(payload),
            Ok(()) => unreachable!("sender dropped without sending"),
        },
    }
}

/// [`solve`] under a time limit (see [`within`]).
fn solve_timed(net: &FlowNetwork, secs: u64) -> Result<FlowSolution, McfError> {
    let net = net.clone();
    within(secs, move || solve(&net))
}

/// Solves with the basis validated after every pivot, and checks that the
/// plain solve returns exactly the same thing (determinism).
fn solve_checked(net: &FlowNetwork) -> Result<FlowSolution, McfError> {
    let owned = net.clone();
    let checked = within(20, move || solve_with(&owned, None, |s| s.set_validate()));
    let plain = solve_timed(net, 20);
    assert_eq!(checked, plain, "validated and plain runs differ");
    let again = solve_timed(net, 20);
    assert_eq!(plain, again, "solve is not deterministic");
    plain
}

/// Asserts that `sol` is an optimal solution of `net`: bounds, conservation,
/// complementary slackness with the returned potentials, and the cost.
fn assert_optimal(net: &FlowNetwork, sol: &FlowSolution) {
    assert_eq!(sol.status, FlowStatus::Optimal);
    assert_eq!(sol.flow.len(), net.arc_count());
    assert_eq!(sol.potential.len(), net.node_count());
    let mut balance: Vec<i128> = vec![0; net.node_count()];
    let mut cost: i128 = 0;
    for a in 0..net.arc_count() {
        let arc = ArcId(a as u32);
        let f = sol.flow[a];
        let (lo, up) = (net.lower(arc), net.upper(arc));
        assert!(f >= lo, "arc {a}: flow {f} below lower bound {lo}");
        assert!(
            up == UNBOUNDED || f <= up,
            "arc {a}: flow {f} above upper bound {up}"
        );
        let (t, h) = (net.tail(arc).index(), net.head(arc).index());
        balance[t] += i128::from(f);
        balance[h] -= i128::from(f);
        cost += i128::from(f) * i128::from(net.cost(arc));
        let rc =
            i128::from(net.cost(arc)) + i128::from(sol.potential[t]) - i128::from(sol.potential[h]);
        if rc > 0 {
            assert_eq!(
                f, lo,
                "arc {a}: reduced cost {rc} > 0 but flow not at lower bound"
            );
        }
        if rc < 0 {
            assert_eq!(
                f, up,
                "arc {a}: reduced cost {rc} < 0 but flow not at upper bound"
            );
        }
    }
    for (v, &bal) in balance.iter().enumerate() {
        let b = i128::from(net.supply(NodeId(v as u32)));
        assert_eq!(bal, b, "node {v}: conservation violated");
    }
    assert_eq!(cost, sol.cost, "reported cost differs from Σ cost·flow");
}

fn nodes(net: &mut FlowNetwork, k: usize) -> Vec<NodeId> {
    (0..k).map(|_| net.add_node()).collect()
}

/// Deterministic SplitMix64 generator for the large tests.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, k: u64) -> u64 {
        self.next() % k
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

// ---------------------------------------------------------------------------
// Oracle: lower-bound transformation, feasibility by max flow (Edmonds–Karp),
// unboundedness by Bellman–Ford on the unbounded arcs, optimality by
// Bellman–Ford negative-cycle cancelling on the residual graph. All in i128.
// ---------------------------------------------------------------------------

const ORACLE_INF: i128 = 1 << 100;

struct Residual {
    n: usize,
    to: Vec<usize>,
    cap: Vec<i128>,
    cost: Vec<i128>,
    out: Vec<Vec<usize>>,
}

impl Residual {
    fn new(n: usize) -> Self {
        Residual {
            n,
            to: vec![],
            cap: vec![],
            cost: vec![],
            out: vec![vec![]; n],
        }
    }
    /// Adds an edge and its reverse; returns the forward edge's index (the
    /// reverse is `index ^ 1`).
    fn add(&mut self, u: usize, v: usize, cap: i128, cost: i128) -> usize {
        let e = self.to.len();
        self.to.extend([v, u]);
        self.cap.extend([cap, 0]);
        self.cost.extend([cost, -cost]);
        self.out[u].push(e);
        self.out[v].push(e + 1);
        e
    }
    fn push(&mut self, e: usize, amount: i128) {
        self.cap[e] -= amount;
        self.cap[e ^ 1] += amount;
    }
    fn max_flow(&mut self, s: usize, t: usize) -> i128 {
        let mut total = 0;
        loop {
            let mut pred = vec![usize::MAX; self.n];
            let mut seen = vec![false; self.n];
            seen[s] = true;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &e in &self.out[u] {
                    let v = self.to[e];
                    if self.cap[e] > 0 && !seen[v] {
                        seen[v] = true;
                        pred[v] = e;
                        queue.push_back(v);
                    }
                }
            }
            if !seen[t] {
                return total;
            }
            let mut amount = ORACLE_INF;
            let mut v = t;
            while v != s {
                let e = pred[v];
                amount = amount.min(self.cap[e]);
                v = self.to[e ^ 1];
            }
            let mut v = t;
            while v != s {
                let e = pred[v];
                self.push(e, amount);
                v = self.to[e ^ 1];
            }
            total += amount;
        }
    }
    /// Finds a negative-cost cycle of residual edges (as edge list).
    fn negative_cycle(&self) -> Option<Vec<usize>> {
        let n = self.n;
        let mut dist = vec![0i128; n];
        let mut pred = vec![usize::MAX; n];
        let mut last = usize::MAX;
        for _ in 0..n {
            last = usize::MAX;
            for e in 0..self.to.len() {
                if self.cap[e] <= 0 {
                    continue;
                }
                let (u, v) = (self.to[e ^ 1], self.to[e]);
                if dist[u] + self.cost[e] < dist[v] {
                    dist[v] = dist[u] + self.cost[e];
                    pred[v] = e;
                    last = v;
                }
            }
            if last == usize::MAX {
                return None;
            }
        }
        // Relaxed in round n: walk back n steps to land on the cycle.
        let mut v = last;
        for _ in 0..n {
            v = self.to[pred[v] ^ 1];
        }
        let start = v;
        let mut cycle = vec![];
        loop {
            let e = pred[v];
            cycle.push(e);
            v = self.to[e ^ 1];
            if v == start {
                break;
            }
        }
        Some(cycle)
    }
}

/// Status and optimal cost, computed independently of the network simplex.
fn oracle(net: &FlowNetwork) -> (FlowStatus, i128) {
    let n = net.node_count();
    let m = net.arc_count();
    let total: i128 = (0..n)
        .map(|v| i128::from(net.supply(NodeId(v as u32))))
        .sum();
    if total != 0 {
        return (FlowStatus::Infeasible, 0);
    }
    let (s, t) = (n, n + 1);
    let mut g = Residual::new(n + 2);
    let mut b: Vec<i128> = (0..n)
        .map(|v| i128::from(net.supply(NodeId(v as u32))))
        .collect();
    let mut arc_edge = Vec::with_capacity(m);
    for a in 0..m {
        let arc = ArcId(a as u32);
        let (u, v) = (net.tail(arc).index(), net.head(arc).index());
        let lo = i128::from(net.lower(arc));
        let cap = if net.upper(arc) == UNBOUNDED {
            ORACLE_INF
        } else {
            i128::from(net.upper(arc)) - lo
        };
        b[u] -= lo;
        b[v] += lo;
        arc_edge.push(g.add(u, v, cap, i128::from(net.cost(arc))));
    }
    let mut need = 0;
    for (v, &bv) in b.iter().enumerate() {
        if bv > 0 {
            g.add(s, v, bv, 0);
            need += bv;
        } else if bv < 0 {
            g.add(v, t, -bv, 0);
        }
    }
    if g.max_flow(s, t) != need {
        return (FlowStatus::Infeasible, 0);
    }

    // Unbounded iff a negative cycle exists using only unbounded arcs
    // (forward): Bellman–Ford on that subgraph.
    let mut inf_graph = Residual::new(n);
    for a in 0..m {
        let arc = ArcId(a as u32);
        if net.upper(arc) == UNBOUNDED {
            let (u, v) = (net.tail(arc).index(), net.head(arc).index());
            inf_graph.add(u, v, 1, i128::from(net.cost(arc)));
            // The reverse edge has capacity 0 and is ignored.
        }
    }
    if inf_graph.negative_cycle().is_some() {
        return (FlowStatus::Unbounded, 0);
    }

    while let Some(cycle) = g.negative_cycle() {
        let amount = cycle.iter().map(|&e| g.cap[e]).min().unwrap_or(0);
        assert!(
            amount > 0 && amount < ORACLE_INF,
            "oracle: bad cycle capacity"
        );
        for &e in &cycle {
            g.push(e, amount);
        }
    }
    let mut cost = 0;
    for (a, &e) in arc_edge.iter().enumerate() {
        let arc = ArcId(a as u32);
        let flow = g.cap[e ^ 1] + i128::from(net.lower(arc));
        cost += flow * i128::from(net.cost(arc));
    }
    (FlowStatus::Optimal, cost)
}

// ---------------------------------------------------------------------------
// Hand-built cases
// ---------------------------------------------------------------------------

#[test]
fn empty_network_is_optimal() {
    let net = FlowNetwork::new();
    let sol = solve_checked(&net).unwrap();
    assert_eq!(sol.status, FlowStatus::Optimal);
    assert_eq!(sol.cost, 0);
    assert!(sol.flow.is_empty() && sol.potential.is_empty());
}

#[test]
fn isolated_nodes() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.potential.len(), 3);
    net.set_supply(v[1], 2);
    net.set_supply(v[2], -2);
    assert_eq!(solve_checked(&net).unwrap().status, FlowStatus::Infeasible);
}

#[test]
fn assignment_3x3() {
    let costs = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
    let mut net = FlowNetwork::new();
    let rows = nodes(&mut net, 3);
    let cols = nodes(&mut net, 3);
    let mut arcs = [[ArcId(0); 3]; 3];
    for i in 0..3 {
        net.set_supply(rows[i], 1);
        net.set_supply(cols[i], -1);
        for j in 0..3 {
            arcs[i][j] = net.add_arc(rows[i], cols[j], 0, 1, costs[i][j]);
        }
    }
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.cost, 5);
    assert_eq!(sol.flow[arcs[0][1].index()], 1);
    assert_eq!(sol.flow[arcs[1][0].index()], 1);
    assert_eq!(sol.flow[arcs[2][2].index()], 1);
}

#[test]
fn transportation_2x2() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 4);
    net.set_supply(v[0], 15);
    net.set_supply(v[1], 25);
    net.set_supply(v[2], -20);
    net.set_supply(v[3], -20);
    let x11 = net.add_arc(v[0], v[2], 0, UNBOUNDED, 2);
    let x12 = net.add_arc(v[0], v[3], 0, UNBOUNDED, 4);
    let x21 = net.add_arc(v[1], v[2], 0, UNBOUNDED, 3);
    let x22 = net.add_arc(v[1], v[3], 0, UNBOUNDED, 1);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.cost, 65);
    let f = |a: ArcId| sol.flow[a.index()];
    assert_eq!((f(x11), f(x12), f(x21), f(x22)), (15, 0, 5, 20));
}

#[test]
fn lower_bound_forces_circulation() {
    // No supplies, but a -> b must carry at least 3 units and can only
    // return through b -> a.
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    let ab = net.add_arc(v[0], v[1], 3, 10, 2);
    let ba = net.add_arc(v[1], v[0], 0, UNBOUNDED, 1);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.cost, 9);
    assert_eq!((sol.flow[ab.index()], sol.flow[ba.index()]), (3, 3));
}

#[test]
fn negative_lower_bound_pushes_flow_backwards() {
    // Flow on a -> b must lie in [-4, -1]: at least one unit goes b -> a
    // through it. The detour a -> b costs 5 per unit.
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    let back = net.add_arc(v[0], v[1], -4, -1, -2);
    let detour = net.add_arc(v[0], v[1], 0, UNBOUNDED, 5);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    // Each unit around the cycle costs 5 + 2 = 7 > 0: keep the minimum.
    assert_eq!((sol.flow[back.index()], sol.flow[detour.index()]), (-1, 1));
    assert_eq!(sol.cost, 2 + 5);
}

#[test]
fn infeasible_by_capacity() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    net.set_supply(v[0], 5);
    net.set_supply(v[2], -5);
    net.add_arc(v[0], v[1], 0, 10, 1);
    net.add_arc(v[1], v[2], 0, 3, 1);
    let sol = solve_checked(&net).unwrap();
    assert_eq!(sol.status, FlowStatus::Infeasible);
    assert!(!sol.is_optimal());
    assert_eq!(sol.flow, vec![0, 0]);
}

#[test]
fn infeasible_by_lower_bounds() {
    // Lower bound 4 on a -> b but b can pass on at most 2.
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    net.add_arc(v[0], v[1], 4, 6, 0);
    net.add_arc(v[1], v[2], 0, 2, 0);
    net.add_arc(v[2], v[0], 0, UNBOUNDED, 0);
    assert_eq!(solve_checked(&net).unwrap().status, FlowStatus::Infeasible);
}

#[test]
fn infeasible_by_imbalance() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    net.set_supply(v[0], 3);
    net.set_supply(v[1], -2);
    net.add_arc(v[0], v[1], 0, UNBOUNDED, 1);
    let sol = solve_checked(&net).unwrap();
    assert_eq!(sol.status, FlowStatus::Infeasible);
    assert_eq!(sol.cost, 0);
}

#[test]
fn unbounded_negative_cycle() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    net.set_supply(v[0], 1);
    net.set_supply(v[2], -1);
    net.add_arc(v[0], v[1], 0, UNBOUNDED, 1);
    net.add_arc(v[1], v[2], 0, UNBOUNDED, -3);
    net.add_arc(v[2], v[1], 0, UNBOUNDED, 2);
    assert_eq!(solve_checked(&net).unwrap().status, FlowStatus::Unbounded);
}

#[test]
fn negative_cycle_with_a_finite_arc_is_bounded() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    let a = net.add_arc(v[0], v[1], 0, UNBOUNDED, -1);
    let b = net.add_arc(v[1], v[2], 0, 7, -1);
    let c = net.add_arc(v[2], v[0], 0, UNBOUNDED, 1);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.cost, -7);
    assert_eq!([a, b, c].map(|x| sol.flow[x.index()]), [7, 7, 7]);
}

#[test]
fn negative_unbounded_cycle_but_infeasible() {
    // The cycle exists, but demand at v2 can't be met: infeasible wins.
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    net.set_supply(v[0], 1);
    net.set_supply(v[2], -1);
    net.add_arc(v[0], v[1], 0, UNBOUNDED, -5);
    net.add_arc(v[1], v[0], 0, UNBOUNDED, 1);
    assert_eq!(solve_checked(&net).unwrap().status, FlowStatus::Infeasible);
}

#[test]
fn negative_costs_and_parallel_arcs() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    net.set_supply(v[0], 4);
    net.set_supply(v[1], -4);
    let cheap = net.add_arc(v[0], v[1], 0, 2, -3);
    let dear = net.add_arc(v[0], v[1], 0, UNBOUNDED, 5);
    let mid = net.add_arc(v[0], v[1], 0, 1, 5);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.cost, -6 + 10);
    assert_eq!(sol.flow[cheap.index()], 2);
    assert_eq!(sol.flow[dear.index()] + sol.flow[mid.index()], 2);
}

#[test]
fn self_loops() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    net.set_supply(v[0], 1);
    net.set_supply(v[1], -1);
    net.add_arc(v[0], v[1], 0, 1, 0);
    let neg = net.add_arc(v[0], v[0], 0, 4, -2);
    let pos = net.add_arc(v[1], v[1], 1, 9, 3);
    let free = net.add_arc(v[1], v[1], -2, 2, 0);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.flow[neg.index()], 4);
    assert_eq!(sol.flow[pos.index()], 1);
    assert!((-2..=2).contains(&sol.flow[free.index()]));
    assert_eq!(sol.cost, -8 + 3);

    net.add_arc(v[1], v[1], 0, UNBOUNDED, -1);
    assert_eq!(solve_checked(&net).unwrap().status, FlowStatus::Unbounded);
}

#[test]
fn zero_capacity_and_fixed_arcs() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 3);
    net.set_supply(v[0], 2);
    net.set_supply(v[2], -2);
    let zero = net.add_arc(v[0], v[2], 0, 0, -100);
    let fixed = net.add_arc(v[0], v[1], 2, 2, 7);
    let rest = net.add_arc(v[1], v[2], 0, UNBOUNDED, 1);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.flow[zero.index()], 0);
    assert_eq!(sol.flow[fixed.index()], 2);
    assert_eq!(sol.flow[rest.index()], 2);
    assert_eq!(sol.cost, 16);
}

#[test]
fn potentials_follow_documented_sign() {
    // s -> t costs 5 and carries flow strictly inside its bounds, so its
    // reduced cost 5 + π(s) − π(t) must be 0.
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    net.set_supply(v[0], 3);
    net.set_supply(v[1], -3);
    net.add_arc(v[0], v[1], 0, 10, 5);
    let sol = solve_checked(&net).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol.potential[1] - sol.potential[0], 5);
}

#[test]
fn validation_errors() {
    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    net.add_arc(v[0], v[1], 0, 5, 1);
    let bad = net.add_arc(v[0], v[1], 3, 2, 1);
    assert_eq!(
        solve(&net),
        Err(McfError::LowerAboveUpper {
            arc: bad,
            lower: 3,
            upper: 2
        })
    );

    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    let a = net.add_arc(v[0], v[1], 0, 5, 1);
    let limit = net.cost_limit();
    assert_eq!(limit, i64::MAX / 16);
    net.add_arc(v[0], v[1], 0, 5, -limit); // at the limit: fine
    assert!(solve(&net).is_ok());
    let big = net.add_arc(v[0], v[1], 0, 5, -limit - 1);
    assert_eq!(
        solve(&net),
        Err(McfError::CostOutOfRange {
            arc: big,
            cost: -limit - 1,
            limit
        })
    );
    assert_eq!(a.index(), 0);

    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 2);
    let a = net.add_arc(v[0], v[1], 0, UNBOUNDED, 1);
    let limit = net.value_limit();
    assert_eq!(limit, i64::MAX / 8);
    assert!(solve(&net).is_ok());
    net.add_arc(v[0], v[1], 0, UNBOUNDED, 1);
    let limit = net.value_limit();
    net.set_supply(v[0], limit + 1);
    net.set_supply(v[1], -limit - 1);
    assert_eq!(
        solve(&net),
        Err(McfError::SupplyOutOfRange {
            node: v[0],
            supply: limit + 1,
            limit
        })
    );
    net.set_supply(v[0], 0);
    net.set_supply(v[1], 0);
    let over = net.add_arc(v[0], v[1], -i64::MAX, 0, 1);
    let limit = net.value_limit();
    assert_eq!(
        solve(&net),
        Err(McfError::CapacityOutOfRange {
            arc: over,
            value: -i64::MAX,
            limit
        })
    );
    assert_eq!(a.index(), 0);

    let mut net = FlowNetwork::new();
    let v = nodes(&mut net, 1);
    let a = net.add_arc(v[0], v[0], UNBOUNDED, UNBOUNDED, 0);
    assert!(matches!(solve(&net), Err(McfError::CapacityOutOfRange { arc, .. }) if arc == a));

    let err = McfError::CostOutOfRange {
        arc: ArcId(3),
        cost: 9,
        limit: 8,
    };
    assert_eq!(err.to_string(), "arc 3: |cost| = |9| exceeds the limit 8");
}

#[test]
#[should_panic(expected = "unknown head node")]
fn add_arc_panics_on_unknown_node() {
    let mut net = FlowNetwork::new();
    let v = net.add_node();
    net.add_arc(v, NodeId(1), 0, 1, 0);
}

#[test]
fn extreme_values_do_not_overflow() {
    // Costs and capacities at their limits, with long paths and artificial
    // arcs: must solve without panicking and with a valid certificate.
    let mut rng = SplitMix(7);
    for round in 0..40 {
        let n = 2 + (round % 7);
        let m = 1 + rng.below(12) as usize;
        let mut net = FlowNetwork::new();
        let v = nodes(&mut net, n);
        for _ in 0..m {
            let (t, h) = (rng.below(n as u64) as usize, rng.below(n as u64) as usize);
            net.add_arc(v[t], v[h], 0, 0, 0);
        }
        // Limits depend on the final size.
        let cl = net.cost_limit();
        let vl = net.value_limit();
        let mut full = FlowNetwork::new();
        let v = nodes(&mut full, n);
        for a in 0..m {
            let arc = ArcId(a as u32);
            let (t, h) = (net.tail(arc), net.head(arc));
            let cost = [cl, -cl, 0, cl - 1][rng.below(4) as usize];
            let cost = if rng.below(3) == 0 { cost } else { cost.abs() };
            let (lo, up) = match rng.below(4) {
                0 => (0, UNBOUNDED),
                1 => (-vl, vl),
                2 => (0, vl),
                _ => (vl, vl),
            };
            full.add_arc(t, h, lo, up, cost);
        }
        let mut sum = 0;
        for node in v.iter().take(n - 1) {
            let s = [vl, -vl, 0][rng.below(3) as usize];
            full.set_supply(*node, s);
            sum += s;
        }
        if sum.abs() <= vl {
            full.set_supply(v[n - 1], -sum);
        }
        assert_eq!(full.cost_limit(), cl);
        assert_eq!(full.value_limit(), vl);
        let sol = solve_checked(&full).unwrap();
        if sol.status == FlowStatus::Optimal {
            assert_optimal(&full, &sol);
        }
    }
}

// ---------------------------------------------------------------------------
// Property test against the oracle
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct ArcSpec {
    tail: usize,
    head: usize,
    lower: i64,
    upper: i64,
    cost: i64,
}

fn build(n: usize, arcs: &[ArcSpec], supplies: &[i64]) -> FlowNetwork {
    let mut net = FlowNetwork::with_capacity(n, arcs.len());
    let v = nodes(&mut net, n);
    for a in arcs {
        net.add_arc(v[a.tail], v[a.head], a.lower, a.upper, a.cost);
    }
    for (node, &s) in v.iter().zip(supplies) {
        net.set_supply(*node, s);
    }
    net
}

fn arc_strategy(n: usize, max_cost: i64) -> impl Strategy<Value = ArcSpec> {
    (
        0..n,
        0..n,
        prop_oneof![3 => Just(0i64), 1 => -3i64..=4],
        prop_oneof![3 => (0i64..=8).prop_map(Some), 1 => Just(None)],
        -max_cost..=max_cost,
    )
        .prop_map(|(tail, head, lower, width, cost)| ArcSpec {
            tail,
            head,
            lower,
            upper: width.map_or(UNBOUNDED, |w| lower + w),
            cost,
        })
}

/// Random networks: `n` nodes, up to `max_arcs` arcs with mixed-sign costs,
/// lower bounds and capacities; supplies balanced 9 times in 10. In two
/// thirds of the cases a ring of unbounded arcs (cost `max_cost + 1`, so
/// the cases stay interesting) is added, which makes balanced supplies
/// feasible; in half of those, unbounded arcs get non-negative costs, which
/// rules out unbounded cycles. This mixes optimal, infeasible and unbounded
/// cases.
fn network_strategy(
    max_nodes: usize,
    max_arcs: usize,
    max_cost: i64,
) -> impl Strategy<Value = FlowNetwork> {
    (1..=max_nodes).prop_flat_map(move |n| {
        (
            prop::collection::vec(arc_strategy(n, max_cost), 0..=max_arcs),
            prop::collection::vec(-6i64..=6, n),
            0..10u8,
            0..6u8,
        )
            .prop_map(move |(mut arcs, mut supplies, balance, mode)| {
                if balance != 0 {
                    let rest: i64 = supplies[1..].iter().sum();
                    supplies[0] = -rest;
                }
                if mode >= 2 {
                    for i in 0..n {
                        let ring = ArcSpec {
                            tail: i,
                            head: (i + 1) % n,
                            lower: 0,
                            upper: UNBOUNDED,
                            cost: max_cost + 1,
                        };
                        arcs.push(ring);
                    }
                }
                if mode >= 4 {
                    for a in arcs.iter_mut().filter(|a| a.upper == UNBOUNDED) {
                        a.cost = a.cost.abs();
                    }
                }
                build(n, &arcs, &supplies)
            })
    })
}

fn check_against_oracle(net: &FlowNetwork) -> Result<(), TestCaseError> {
    let sol = solve_checked(net).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let (status, cost) = oracle(net);
    prop_assert_eq!(sol.status, status);
    if status == FlowStatus::Optimal {
        assert_optimal(net, &sol);
        prop_assert_eq!(sol.cost, cost);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        // Bounded shrinking, in case a failure is a (timed-out) hang.
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn matches_oracle_on_small_networks(net in network_strategy(8, 20, 10)) {
        check_against_oracle(&net)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn matches_oracle_on_medium_networks(net in network_strategy(25, 80, 50)) {
        check_against_oracle(&net)?;
    }
}

// ---------------------------------------------------------------------------
// Larger random networks: optimality certificate only
// ---------------------------------------------------------------------------

/// A random network with `n` nodes and about `m` arcs that is feasible and
/// bounded: a ring of expensive unbounded arcs guarantees feasibility, and
/// negative costs only appear on finite arcs.
fn large_network(seed: u64, n: usize, m: usize) -> FlowNetwork {
    let mut rng = SplitMix(seed);
    let mut net = FlowNetwork::with_capacity(n, m);
    let v = nodes(&mut net, n);
    for i in 0..n {
        net.add_arc(v[i], v[(i + 1) % n], 0, UNBOUNDED, 10_000);
    }
    while net.arc_count() < m {
        let t = v[rng.below(n as u64) as usize];
        let h = v[rng.below(n as u64) as usize];
        match rng.below(10) {
            0 => net.add_arc(t, h, 0, rng.range(1, 50), rng.range(-1_000, 0)),
            1 => net.add_arc(t, h, rng.range(0, 3), rng.range(3, 30), rng.range(0, 2_000)),
            2 => net.add_arc(t, h, 0, UNBOUNDED, rng.range(0, 2_000)),
            _ => net.add_arc(t, h, 0, rng.range(0, 40), rng.range(-100, 1_000)),
        };
    }
    let mut sum = 0;
    for node in &v[1..] {
        let s = if rng.below(3) == 0 {
            rng.range(-60, 60)
        } else {
            0
        };
        net.set_supply(*node, s);
        sum += s;
    }
    net.set_supply(v[0], -sum);
    net
}

#[test]
fn large_random_network_is_optimal() {
    let net = large_network(2024, 2_000, 20_000);
    let sol = solve_timed(&net, 120).unwrap();
    assert_optimal(&net, &sol);
    assert_eq!(sol, solve_timed(&net, 120).unwrap());
}

#[test]
fn large_assignment_is_optimal() {
    // 300 x 300 dense-ish assignment: highly degenerate pivots.
    let k = 300;
    let mut rng = SplitMix(99);
    let mut net = FlowNetwork::new();
    let rows = nodes(&mut net, k);
    let cols = nodes(&mut net, k);
    for i in 0..k {
        net.set_supply(rows[i], 1);
        net.set_supply(cols[i], -1);
        net.add_arc(rows[i], cols[i], 0, 1, 1_000);
        for _ in 0..30 {
            let j = rng.below(k as u64) as usize;
            net.add_arc(rows[i], cols[j], 0, 1, rng.range(0, 999));
        }
    }
    let sol = solve_timed(&net, 120).unwrap();
    assert_optimal(&net, &sol);
}

#[test]
fn medium_networks_with_validation() {
    for seed in 0..5 {
        let net = large_network(seed, 60, 400);
        let sol = solve_checked(&net).unwrap();
        assert_optimal(&net, &sol);
    }
}

// ---------------------------------------------------------------------------
// Warm starts
// ---------------------------------------------------------------------------

/// A warm solve, with the basis validated after every pivot.
fn solve_warm_checked(net: &FlowNetwork, flow: &[i64]) -> FlowSolution {
    let owned = net.clone();
    let flow = flow.to_vec();
    within(20, move || {
        solve_with(&owned, Some(&flow), |s| s.set_validate()).expect("valid")
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    })]

    /// From any flow, even an infeasible or unrelated one, a warm solve
    /// reaches the cold solve's status and cost.
    #[test]
    fn warm_start_matches_cold_solve(
        net in network_strategy(10, 30, 10),
        flow in prop::collection::vec(-3i64..=9, 0..40),
    ) {
        let cold = solve_checked(&net).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let warm = solve_warm_checked(&net, &flow);
        prop_assert_eq!(warm.status, cold.status);
        if cold.status == FlowStatus::Optimal {
            assert_optimal(&net, &warm);
            prop_assert_eq!(warm.cost, cold.cost);
        }
        // From its own optimum, too.
        if cold.status == FlowStatus::Optimal {
            let again = solve_warm_checked(&net, &cold.flow);
            assert_optimal(&net, &again);
            prop_assert_eq!(again.cost, cold.cost);
        }
    }
}

#[test]
fn warm_start_after_an_edit_is_optimal() {
    let net = large_network(77, 1_500, 12_000);
    let cold = solve_timed(&net, 120).unwrap();
    assert_optimal(&net, &cold);
    // Close a tenth of the arcs that carry flow and re-solve from the old flow.
    let mut edited = FlowNetwork::with_capacity(net.node_count(), net.arc_count());
    let v = nodes(&mut edited, net.node_count());
    for (i, node) in v.iter().enumerate() {
        edited.set_supply(*node, net.supply(NodeId(i as u32)));
    }
    let mut closed = 0;
    for a in 0..net.arc_count() {
        let arc = ArcId(a as u32);
        let (mut lo, mut up) = (net.lower(arc), net.upper(arc));
        if cold.flow[a] > 0 && lo == 0 && up != UNBOUNDED && a % 10 == 0 {
            (lo, up) = (0, 0);
            closed += 1;
        }
        edited.add_arc(
            v[net.tail(arc).index()],
            v[net.head(arc).index()],
            lo,
            up,
            net.cost(arc),
        );
    }
    assert!(closed > 0);
    let warm = solve_warm(&edited, &cold.flow).unwrap();
    let fresh = solve(&edited).unwrap();
    assert_optimal(&edited, &warm);
    assert_eq!(warm.cost, fresh.cost);
}
