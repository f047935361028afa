//! Exact minimum-cost flow: a primal network simplex engine.
//!
//! This crate knows nothing about rosters: it solves the classic
//! minimum-cost flow problem on a directed graph given as nodes, arcs with
//! bounds and costs, and node supplies. rotaflow builds its rostering
//! networks on it and re-exports it as `rotaflow::mcf`; any other model that
//! is a network flow can use it alone.
//!
//! # Formulation
//!
//! Given a directed graph `G = (V, A)`, for every arc `a = (u, v)` a lower
//! bound `l(a)`, an upper bound `u(a)` (possibly [`UNBOUNDED`]) and a cost
//! `c(a)`, and for every node `v` a supply `b(v)`, find an integral flow `f`
//! that
//!
//! ```text
//! minimize    Σ_{a ∈ A} c(a) · f(a)
//! subject to  Σ_{a = (v, w)} f(a) − Σ_{a = (w, v)} f(a) = b(v)    for every node v
//!             l(a) ≤ f(a) ≤ u(a)                                for every arc a
//! ```
//!
//! * **Supplies:** `b(v) > 0` means `v` *supplies* `b(v)` units (more flow
//!   leaves than enters), `b(v) < 0` means it *demands* `−b(v)` units, and
//!   `b(v) = 0` is a transshipment node. Supplies must sum to zero, otherwise
//!   the problem is reported [`FlowStatus::Infeasible`].
//! * **Bounds and costs** are arbitrary integers within the ranges below:
//!   negative costs, negative bounds (flow forced backwards), parallel arcs
//!   and self-loops are all allowed.
//! * **Potentials:** an optimal solution comes with node potentials `π`
//!   (the dual solution). The *reduced cost* of arc `a = (u, v)` is
//!
//!   ```text
//!   c_π(a) = c(a) + π(u) − π(v)
//!   ```
//!
//!   and the optimality (complementary slackness) conditions hold for every
//!   arc: `c_π(a) > 0 ⇒ f(a) = l(a)` and `c_π(a) < 0 ⇒ f(a) = u(a)`; hence
//!   `c_π(a) ≥ 0` when `f(a) = l(a) < u(a)`, `c_π(a) ≤ 0` when
//!   `l(a) < f(a) = u(a)`, and `c_π(a) = 0` when `l(a) < f(a) < u(a)`. With
//!   this convention `−π` is the LP dual of the conservation constraints;
//!   `π(v)` can be read as the cost of bringing one unit of flow to `v`.
//!
//! # When to use it
//!
//! Use this engine whenever a problem is a pure network flow: assignments
//! (clinicians to shifts with per-pair costs), transportation and
//! transshipment problems, flows with minimum staffing (lower bounds) and
//! capacities. Integral data gives an integral optimum, found exactly (no
//! floating point). Side constraints that do not fit the network structure
//! (e.g. "at most 3 nights in any 7 days" across several arcs) need a MIP
//! instead.
//!
//! # Re-solving
//!
//! [`solve_warm`] starts from the flow of an earlier solve (arcs that were
//! saturated start saturated), for repairs after a small edit — a clinician
//! withdrawn, a cost changed. It returns the same status and optimal cost as
//! [`solve`]. Optimal potentials ([`FlowSolution::potential`]) are returned by
//! both, for sensitivity and explanations.
//!
//! # DIMACS
//!
//! [`dimacs`] reads and writes the DIMACS format, so the
//! engine runs on the same files as LEMON, OR-Tools or CS2
//! (`rotaflow flow FILE.min`, a developer command of the rotaflow CLI).
//!
//! # Numeric ranges
//!
//! [`solve`] checks the input before solving so that no intermediate value
//! can overflow. With `n` nodes and `m` arcs:
//!
//! * every `|cost|` must be at most [`FlowNetwork::cost_limit`]
//!   `= i64::MAX / (4(n + 2))`;
//! * every lower bound, every finite upper bound and every supply must be at
//!   most [`FlowNetwork::value_limit`] `= i64::MAX / (n + 4m + 2)` in
//!   absolute value.
//!
//! For a network with a million nodes and arcs, that is about `2·10¹²` for
//! costs and `1.8·10¹²` for capacities and supplies. Violations are reported
//! as [`McfError`]s naming the offending arc or node.
//!
//! # Example
//!
//! ```
//! use rotaflow_mcf::{FlowNetwork, FlowStatus, UNBOUNDED, solve};
//!
//! // Two clinicians, two shifts: an assignment problem.
//! let mut net = FlowNetwork::new();
//! let alice = net.add_node();
//! let bob = net.add_node();
//! let early = net.add_node();
//! let late = net.add_node();
//! net.set_supply(alice, 1);
//! net.set_supply(bob, 1);
//! net.set_supply(early, -1);
//! net.set_supply(late, -1);
//! let a_early = net.add_arc(alice, early, 0, 1, 4);
//! let a_late = net.add_arc(alice, late, 0, 1, 1);
//! let b_early = net.add_arc(bob, early, 0, 1, 2);
//! let b_late = net.add_arc(bob, late, 0, UNBOUNDED, 5);
//!
//! let sol = solve(&net)?;
//! assert_eq!(sol.status, FlowStatus::Optimal);
//! assert_eq!(sol.cost, 3);
//! assert_eq!(sol.flow[a_late.index()], 1);
//! assert_eq!(sol.flow[b_early.index()], 1);
//! assert_eq!(sol.flow[a_early.index()] + sol.flow[b_late.index()], 0);
//! # Ok::<(), rotaflow_mcf::McfError>(())
//! ```

#![forbid(unsafe_code)]

pub mod dimacs;
mod network_simplex;
#[cfg(test)]
mod tests;

use network_simplex::{NetworkSimplex, Outcome};

/// Upper bound meaning "no capacity limit" (`i64::MAX`).
///
/// Only meaningful as an arc's `upper`; any other value is a finite bound and
/// subject to [`FlowNetwork::value_limit`].
pub const UNBOUNDED: i64 = i64::MAX;

/// Identifier of a node of a [`FlowNetwork`]: its index, `0..node_count()`,
/// in order of creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The node's index, usable into [`FlowSolution::potential`].
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Identifier of an arc of a [`FlowNetwork`]: its index, `0..arc_count()`,
/// in order of creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArcId(pub u32);

impl ArcId {
    /// The arc's index, usable into [`FlowSolution::flow`].
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A directed network with arc bounds, arc costs and node supplies.
///
/// Stored as a structure of arrays (one `Vec` per attribute). Nodes and arcs
/// are numbered consecutively from 0 in order of creation and can't be
/// removed. Values are not checked when added; [`solve`] validates them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlowNetwork {
    tail: Vec<u32>,
    head: Vec<u32>,
    lower: Vec<i64>,
    upper: Vec<i64>,
    cost: Vec<i64>,
    supply: Vec<i64>,
}

/// Largest number of nodes: one index is kept for the solver's root.
const MAX_NODES: usize = u32::MAX as usize - 1;
/// Largest number of arcs that [`FlowNetwork::add_arc`] can number.
const MAX_ARCS: usize = u32::MAX as usize;

impl FlowNetwork {
    /// An empty network.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty network with room for `nodes` nodes and `arcs` arcs.
    pub fn with_capacity(nodes: usize, arcs: usize) -> Self {
        FlowNetwork {
            tail: Vec::with_capacity(arcs),
            head: Vec::with_capacity(arcs),
            lower: Vec::with_capacity(arcs),
            upper: Vec::with_capacity(arcs),
            cost: Vec::with_capacity(arcs),
            supply: Vec::with_capacity(nodes),
        }
    }

    /// Adds a node with supply 0 and returns its id.
    ///
    /// # Panics
    ///
    /// If the network already has `u32::MAX − 1` nodes.
    pub fn add_node(&mut self) -> NodeId {
        let id = self.supply.len();
        assert!(id < MAX_NODES, "FlowNetwork: too many nodes");
        self.supply.push(0);
        NodeId(id as u32)
    }

    /// Adds an arc from `tail` to `head` with flow bounds `lower ≤ f ≤ upper`
    /// (`upper` may be [`UNBOUNDED`]) and per-unit `cost`; returns its id.
    ///
    /// `tail == head` (a self-loop) is allowed: it does not affect
    /// conservation, so at the optimum it sits at its lower bound if its cost
    /// is positive and at its upper bound if negative (a negative-cost
    /// self-loop with an [`UNBOUNDED`] upper bound makes the problem
    /// unbounded).
    ///
    /// The values are not checked here; [`solve`] reports bad ones.
    ///
    /// # Panics
    ///
    /// If `tail` or `head` is not a node of this network, or if the network
    /// already has `u32::MAX` arcs.
    pub fn add_arc(
        &mut self,
        tail: NodeId,
        head: NodeId,
        lower: i64,
        upper: i64,
        cost: i64,
    ) -> ArcId {
        let n = self.supply.len();
        assert!(
            tail.index() < n,
            "FlowNetwork::add_arc: unknown tail node {}",
            tail.0
        );
        assert!(
            head.index() < n,
            "FlowNetwork::add_arc: unknown head node {}",
            head.0
        );
        let id = self.tail.len();
        assert!(id < MAX_ARCS, "FlowNetwork: too many arcs");
        self.tail.push(tail.0);
        self.head.push(head.0);
        self.lower.push(lower);
        self.upper.push(upper);
        self.cost.push(cost);
        ArcId(id as u32)
    }

    /// Sets the supply of `node`: positive if the node supplies flow,
    /// negative if it demands flow. Replaces any previous value.
    ///
    /// # Panics
    ///
    /// If `node` is not a node of this network.
    pub fn set_supply(&mut self, node: NodeId, supply: i64) {
        self.supply[node.index()] = supply;
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.supply.len()
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.tail.len()
    }

    /// Tail (start) node of `arc`. Panics if `arc` is not in the network.
    pub fn tail(&self, arc: ArcId) -> NodeId {
        NodeId(self.tail[arc.index()])
    }

    /// Head (end) node of `arc`. Panics if `arc` is not in the network.
    pub fn head(&self, arc: ArcId) -> NodeId {
        NodeId(self.head[arc.index()])
    }

    /// Lower flow bound of `arc`. Panics if `arc` is not in the network.
    pub fn lower(&self, arc: ArcId) -> i64 {
        self.lower[arc.index()]
    }

    /// Upper flow bound of `arc` ([`UNBOUNDED`] if none). Panics if `arc` is
    /// not in the network.
    pub fn upper(&self, arc: ArcId) -> i64 {
        self.upper[arc.index()]
    }

    /// Per-unit cost of `arc`. Panics if `arc` is not in the network.
    pub fn cost(&self, arc: ArcId) -> i64 {
        self.cost[arc.index()]
    }

    /// Supply of `node`. Panics if `node` is not in the network.
    pub fn supply(&self, node: NodeId) -> i64 {
        self.supply[node.index()]
    }

    /// Largest absolute arc cost [`solve`] accepts for this network's size:
    /// `i64::MAX / (4 · (node_count + 2))`.
    pub fn cost_limit(&self) -> i64 {
        let n = self.node_count() as i128;
        (i64::MAX as i128 / (4 * (n + 2))) as i64
    }

    /// Largest absolute value of a lower bound, a finite upper bound or a
    /// supply that [`solve`] accepts for this network's size:
    /// `i64::MAX / (node_count + 4 · arc_count + 2)`.
    pub fn value_limit(&self) -> i64 {
        let n = self.node_count() as i128;
        let m = self.arc_count() as i128;
        (i64::MAX as i128 / (n + 4 * m + 2)) as i64
    }
}

/// Outcome of [`solve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowStatus {
    /// An optimal flow was found.
    Optimal,
    /// No flow satisfies the bounds and supplies (this includes supplies that
    /// do not sum to zero).
    Infeasible,
    /// Feasible flows exist, but the cost is unbounded below: there is a
    /// directed cycle of negative total cost whose arcs all have
    /// [`UNBOUNDED`] upper bounds.
    Unbounded,
}

/// Result of [`solve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowSolution {
    /// Whether `cost`, `flow` and `potential` describe an optimum.
    pub status: FlowStatus,
    /// Total cost `Σ cost(a) · flow(a)`. Only meaningful when `status` is
    /// [`FlowStatus::Optimal`]; 0 otherwise.
    pub cost: i128,
    /// Flow on each arc, indexed by [`ArcId::index`]. When `status` is not
    /// [`FlowStatus::Optimal`], every entry is 0 and meaningless.
    pub flow: Vec<i64>,
    /// Optimal node potentials (dual values), indexed by [`NodeId::index`]:
    /// for every arc `a = (u, v)` the reduced cost
    /// `cost(a) + potential[u] − potential[v]` is `≥ 0` if the arc's flow is
    /// at its lower bound, `≤ 0` at its upper bound, and `= 0` strictly in
    /// between. Potentials are determined only up to a common constant (per
    /// disconnected part) and may be large, up to about
    /// `2 · node_count · max|cost|`. When `status` is not
    /// [`FlowStatus::Optimal`], every entry is 0 and meaningless.
    pub potential: Vec<i64>,
}

impl FlowSolution {
    /// Whether `status` is [`FlowStatus::Optimal`].
    pub fn is_optimal(&self) -> bool {
        self.status == FlowStatus::Optimal
    }

    fn not_optimal(status: FlowStatus, network: &FlowNetwork) -> Self {
        FlowSolution {
            status,
            cost: 0,
            flow: vec![0; network.arc_count()],
            potential: vec![0; network.node_count()],
        }
    }
}

/// Input rejected by [`solve`] before solving.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum McfError {
    /// An arc's lower bound exceeds its upper bound.
    #[error("arc {}: lower bound {lower} exceeds upper bound {upper}", arc.0)]
    LowerAboveUpper {
        /// The arc.
        arc: ArcId,
        /// Its lower bound.
        lower: i64,
        /// Its upper bound.
        upper: i64,
    },
    /// An arc's cost exceeds [`FlowNetwork::cost_limit`] in absolute value.
    #[error("arc {}: |cost| = |{cost}| exceeds the limit {limit}", arc.0)]
    CostOutOfRange {
        /// The arc.
        arc: ArcId,
        /// Its cost.
        cost: i64,
        /// The limit for this network.
        limit: i64,
    },
    /// An arc's lower bound or finite upper bound exceeds
    /// [`FlowNetwork::value_limit`] in absolute value.
    #[error("arc {}: bound {value} exceeds the limit ±{limit}", arc.0)]
    CapacityOutOfRange {
        /// The arc.
        arc: ArcId,
        /// The offending bound (lower or upper).
        value: i64,
        /// The limit for this network.
        limit: i64,
    },
    /// A node's supply exceeds [`FlowNetwork::value_limit`] in absolute
    /// value.
    #[error("node {}: supply {supply} exceeds the limit ±{limit}", node.0)]
    SupplyOutOfRange {
        /// The node.
        node: NodeId,
        /// Its supply.
        supply: i64,
        /// The limit for this network.
        limit: i64,
    },
    /// The network has too many nodes plus arcs for the solver's 32-bit
    /// indices (`node_count + arc_count` must stay below `u32::MAX`).
    #[error("network too large: {nodes} nodes and {arcs} arcs")]
    TooLarge {
        /// Number of nodes.
        nodes: usize,
        /// Number of arcs.
        arcs: usize,
    },
}

/// Checks sizes, bounds, costs and supplies; the first violation found (arcs
/// in order, then nodes in order) is returned.
fn validate(network: &FlowNetwork) -> Result<(), McfError> {
    let (n, m) = (network.node_count(), network.arc_count());
    if n + m >= u32::MAX as usize {
        return Err(McfError::TooLarge { nodes: n, arcs: m });
    }
    let cost_limit = network.cost_limit();
    let value_limit = network.value_limit();
    for a in 0..m {
        let arc = ArcId(a as u32);
        let (lower, upper, cost) = (network.lower[a], network.upper[a], network.cost[a]);
        if lower > upper {
            return Err(McfError::LowerAboveUpper { arc, lower, upper });
        }
        if cost.unsigned_abs() > cost_limit.unsigned_abs() {
            return Err(McfError::CostOutOfRange {
                arc,
                cost,
                limit: cost_limit,
            });
        }
        for value in [lower, upper] {
            if value != UNBOUNDED && value.unsigned_abs() > value_limit.unsigned_abs() {
                return Err(McfError::CapacityOutOfRange {
                    arc,
                    value,
                    limit: value_limit,
                });
            }
        }
        if lower == UNBOUNDED {
            return Err(McfError::CapacityOutOfRange {
                arc,
                value: lower,
                limit: value_limit,
            });
        }
    }
    for (v, &supply) in network.supply.iter().enumerate() {
        if supply.unsigned_abs() > value_limit.unsigned_abs() {
            return Err(McfError::SupplyOutOfRange {
                node: NodeId(v as u32),
                supply,
                limit: value_limit,
            });
        }
    }
    Ok(())
}

/// Solves the minimum-cost flow problem on `network` (see the
/// [module docs](self) for the formulation and sign conventions).
///
/// # Arguments
///
/// * `network` — the arcs (bounds, costs) and node supplies. It is not
///   modified, so it can be edited and solved again.
///
/// # Returns
///
/// A [`FlowSolution`] whose `status` is
/// * [`FlowStatus::Optimal`] with an optimal integral `flow`, its `cost` and
///   optimal `potential`s (`cost(a) + π(tail) − π(head)` is `≥ 0` at the
///   lower bound, `≤ 0` at the upper bound, `0` in between);
/// * [`FlowStatus::Infeasible`] if the supplies do not sum to zero or no
///   flow meets all bounds and supplies;
/// * [`FlowStatus::Unbounded`] if flows exist but a directed cycle of
///   negative cost has only [`UNBOUNDED`] arcs.
///
/// The result is deterministic: the same network always gives the same
/// solution (among several optima, always the same one).
///
/// # Errors
///
/// Before solving, the input is validated (arcs in index order, then
/// nodes); the first violation is returned:
/// * [`McfError::LowerAboveUpper`] if an arc has `lower > upper`;
/// * [`McfError::CostOutOfRange`] if `|cost|` exceeds
///   [`FlowNetwork::cost_limit`];
/// * [`McfError::CapacityOutOfRange`] if a lower bound or finite upper bound
///   exceeds [`FlowNetwork::value_limit`] in absolute value (a lower bound
///   can't be [`UNBOUNDED`]);
/// * [`McfError::SupplyOutOfRange`] if a supply exceeds
///   [`FlowNetwork::value_limit`] in absolute value;
/// * [`McfError::TooLarge`] if `node_count + arc_count ≥ u32::MAX`.
///
/// Any network that passes validation is solved without panicking or
/// overflowing.
///
/// # Algorithm and complexity
///
/// Primal network simplex on a strongly feasible spanning-tree basis with an
/// artificial root (big-M start), block-search pivoting over blocks of about
/// `√m` arcs, and Cunningham's leaving-arc rule, which prevents cycling; the
/// design follows LEMON's `NetworkSimplex` as evaluated by Kovács (2015),
/// including its arc order and warm start, so on the same network both make
/// the same pivots.
///
/// * Time: each pivot prices at least one block of about `√m` arcs (all `m`
///   for the final optimality proof), then takes time proportional to the
///   cycle, the re-rooted path and the moved subtree (`O(n)` at worst). The
///   number of pivots is finite but not polynomially bounded in the worst
///   case; in practice the method is among the fastest known for min-cost
///   flow (Kovács 2015). If a negative
///   unbounded cycle is found, a second (cost-free) run decides between
///   `Infeasible` and `Unbounded`.
/// * Space: `O(n + m)`, about 40 bytes per arc and 110 bytes per node besides
///   the network and the solution; nothing is allocated per pivot.
///
/// # Example
///
/// A transportation problem with a lower bound forcing flow onto a costly
/// route:
///
/// ```
/// use rotaflow_mcf::{FlowNetwork, FlowStatus, UNBOUNDED, solve};
///
/// let mut net = FlowNetwork::new();
/// let depot = net.add_node();
/// let ward_a = net.add_node();
/// let ward_b = net.add_node();
/// net.set_supply(depot, 5);
/// net.set_supply(ward_a, -3);
/// net.set_supply(ward_b, -2);
/// let cheap = net.add_arc(depot, ward_a, 0, UNBOUNDED, 1);
/// let forced = net.add_arc(depot, ward_b, 0, UNBOUNDED, 4);
/// // At least 2 units must go through the expensive a -> b link.
/// let link = net.add_arc(ward_a, ward_b, 2, 10, 7);
///
/// let sol = solve(&net).expect("valid input");
/// assert_eq!(sol.status, FlowStatus::Optimal);
/// assert_eq!(sol.flow[cheap.index()], 5);
/// assert_eq!(sol.flow[link.index()], 2);
/// assert_eq!(sol.flow[forced.index()], 0);
/// assert_eq!(sol.cost, 5 * 1 + 2 * 7);
///
/// // The potentials certify optimality: reduced costs are >= 0 at the
/// // lower bound.
/// let pi = &sol.potential;
/// let reduced = 4 + pi[depot.index()] - pi[ward_b.index()];
/// assert!(reduced >= 0);
///
/// // Supplies that do not balance are infeasible.
/// net.set_supply(depot, 6);
/// assert_eq!(solve(&net)?.status, FlowStatus::Infeasible);
/// # Ok::<(), rotaflow_mcf::McfError>(())
/// ```
///
/// # References
///
/// * P. Kovács, "Minimum-cost flow algorithms: an experimental evaluation",
///   *Optimization Methods and Software* 30(1), 94–127, 2015.
/// * R. K. Ahuja, T. L. Magnanti, J. B. Orlin, *Network Flows: Theory,
///   Algorithms, and Applications*, Prentice Hall, 1993, chapter 11.
/// * LEMON graph library, `lemon::NetworkSimplex`
///   (<https://lemon.cs.elte.hu>).
pub fn solve(network: &FlowNetwork) -> Result<FlowSolution, McfError> {
    solve_with(network, None, |_| {})
}

/// [`solve`], warm-started from a flow of an earlier solve: for re-solving
/// after a small change (a clinician withdrawn, a cost or a capacity edited,
/// arcs added at the end).
///
/// # Arguments
///
/// * `network` — the (edited) network;
/// * `previous_flow` — a flow indexed by arc, typically
///   [`FlowSolution::flow`] of the network before the edit. Entries beyond
///   `network.arc_count()` are ignored and missing ones read as 0, so arcs
///   may have been added since. It need not be feasible any more.
///
/// # Returns
///
/// Exactly what [`solve`] returns for `network` in status and optimal cost;
/// among several optimal flows it may return a different one (the one
/// closest to where it started).
///
/// # Errors
///
/// As [`solve`].
///
/// # Algorithm and complexity
///
/// The starting basis puts every arc whose earlier flow was at its finite,
/// nonzero upper bound at its upper bound (the artificial arcs carry the
/// imbalance that leaves) instead of putting every arc at its lower bound;
/// the primal network simplex then runs as in [`solve`]. Each saturated arc
/// whose flow is still optimal costs one degenerate pivot to bring back into
/// a tree with consistent potentials, instead of the augmenting pivots that
/// found it first. Same worst case as [`solve`], `O(n + m)` extra space for
/// nothing. Worth it when most arcs are 0/1 (assignment-like networks, the
/// rostering network): there the earlier optimum is mostly saturated arcs.
///
/// # Example
///
/// ```
/// use rotaflow_mcf::{FlowNetwork, solve, solve_warm};
///
/// let mut net = FlowNetwork::new();
/// let s = net.add_node();
/// let t = net.add_node();
/// net.set_supply(s, 2);
/// net.set_supply(t, -2);
/// let cheap = net.add_arc(s, t, 0, 1, 1);
/// net.add_arc(s, t, 0, 5, 3);
/// let first = solve(&net)?;
/// assert_eq!(first.cost, 4);
///
/// // The cheap arc gets dearer; re-solve from the earlier flow.
/// let mut edited = FlowNetwork::new();
/// let (s2, t2) = (edited.add_node(), edited.add_node());
/// edited.set_supply(s2, 2);
/// edited.set_supply(t2, -2);
/// edited.add_arc(s2, t2, 0, 1, 7);
/// edited.add_arc(s2, t2, 0, 5, 3);
/// let again = solve_warm(&edited, &first.flow)?;
/// assert_eq!(again.cost, 6);
/// assert_eq!(again.flow[cheap.index()], 0);
/// # Ok::<(), rotaflow_mcf::McfError>(())
/// ```
pub fn solve_warm(network: &FlowNetwork, previous_flow: &[i64]) -> Result<FlowSolution, McfError> {
    solve_with(network, Some(previous_flow), |_| {})
}

/// [`solve`], optionally warm, with a hook to configure each simplex run
/// (used by tests to validate the basis after every pivot).
fn solve_with(
    network: &FlowNetwork,
    warm: Option<&[i64]>,
    configure: impl Fn(&mut NetworkSimplex),
) -> Result<FlowSolution, McfError> {
    validate(network)?;
    // In range after validation: |Σ supply| ≤ n · value_limit.
    let total: i64 = network.supply.iter().sum();
    if total != 0 {
        return Ok(FlowSolution::not_optimal(FlowStatus::Infeasible, network));
    }

    let mut simplex = NetworkSimplex::new(network, false, warm);
    configure(&mut simplex);
    match simplex.run() {
        Outcome::Optimal => {}
        Outcome::Infeasible => {
            return Ok(FlowSolution::not_optimal(FlowStatus::Infeasible, network));
        }
        Outcome::Unbounded => {
            // Unbounded for the big-M problem: the real problem is unbounded
            // if it is feasible at all. Decide feasibility with zero costs.
            let mut check = NetworkSimplex::new(network, true, None);
            configure(&mut check);
            let status = match check.run() {
                Outcome::Optimal => FlowStatus::Unbounded,
                Outcome::Infeasible | Outcome::Unbounded => FlowStatus::Infeasible,
            };
            return Ok(FlowSolution::not_optimal(status, network));
        }
    }

    let flow: Vec<i64> = (0..network.arc_count())
        .map(|a| simplex.shifted_flow(a) + network.lower[a])
        .collect();
    let cost = flow
        .iter()
        .zip(&network.cost)
        .map(|(&f, &c)| i128::from(f) * i128::from(c))
        .sum();
    Ok(FlowSolution {
        status: FlowStatus::Optimal,
        cost,
        flow,
        potential: simplex.potentials().to_vec(),
    })
}
