//! Primal network simplex with block-search pivoting (the engine behind
//! [`super::solve`]).
//!
//! # Problem handled here
//!
//! The caller's network after the lower-bound transformation: every arc has
//! flow in `[0, cap]` (`cap == INF` means unbounded) and node `v` has supply
//! `b(v)` with `Σ b = 0`. Flows are stored relative to the lower bounds;
//! [`super::solve`] adds them back.
//!
//! # Basis and artificial root
//!
//! An artificial root `r` (index `n`) is joined to every real node `v` by an
//! artificial arc (index `m + v`) of unbounded capacity: `v → r` with cost 0
//! when `b(v) ≥ 0`, `r → v` with cost `ART` when `b(v) < 0`. Those arcs form
//! the initial spanning tree, which carries the supplies and is *strongly
//! feasible*: every node can send a positive amount of flow to the root
//! along its tree path (every tree arc with zero flow points up).
//! `ART = n·C + 1`, with `C` the largest absolute arc cost, exceeds the cost
//! of any simple path, so an optimal basis carries flow on an artificial arc
//! only if the real network has no feasible flow (big-M argument). Artificial
//! arcs are never searched, so once one leaves the tree it stays out.
//!
//! Real arcs are stored in a mixed order, and ties are broken, as in LEMON's
//! `NetworkSimplex` (see [`NetworkSimplex::new`]), so on the same input both
//! perform the same sequence of pivots.
//!
//! # Tree representation
//!
//! Per node (struct of arrays, `u32` indices):
//! * `parent`, `pred` (the tree arc to the parent) and `pred_up` (whether
//!   that arc points from the node to its parent);
//! * `thread` / `rev_thread`: a doubly linked circular list visiting the
//!   nodes in a preorder of the tree, starting at the root;
//! * `succ_num`: the size of the node's subtree;
//! * `last_succ`: the last node of the subtree in thread order, so a subtree
//!   is the thread segment `v ..= last_succ[v]`.
//!
//! # Pivots
//!
//! * Entering arc: block search (Grigoriadis; Kovács 2015). Arcs are scanned
//!   cyclically from where the previous search stopped, in blocks of about
//!   `√m` arcs; after each block, the most violating arc seen so far enters
//!   if there is one.
//! * Leaving arc: Cunningham's rule. Walking the cycle in its orientation from
//!   the apex (the join of the entering arc's end points), the *last*
//!   blocking arc leaves. This keeps the tree strongly feasible, which rules
//!   out cycling, so the method terminates.
//! * Tree update: the subtree cut off by the leaving arc is re-rooted at the
//!   entering arc's end inside it (the path between the two is the *stem*)
//!   and hung below the other end. Thread order is spliced in time
//!   proportional to the stem length; potentials are shifted over the moved
//!   subtree or, when that is more than half the tree, over the rest of it.
//!
//! # Numeric safety
//!
//! [`super::solve`] validates the input so that (see its docs) costs are at
//! most `i64::MAX / (4(n + 2))` in absolute value and every finite bound and
//! supply is at most `i64::MAX / (n + 4m + 2)`. Then:
//! * relative to the root's, every potential is a signed sum of at most one
//!   artificial cost and `n − 1` real costs along its tree path:
//!   `|π − π(root)| ≤ (2n − 1)C + 1`, and every reduced cost is at most
//!   `(4n − 1)C + 2 < i64::MAX` in absolute value. Potentials are stored
//!   modulo 2⁶⁴ (wrapping arithmetic), because a pivot may shift the rest of
//!   the tree, root included, instead of a larger moved subtree; reduced
//!   costs, being differences that fit in an `i64`, are exact, and the
//!   potentials are normalised to `π(root) = 0` when the run ends;
//! * every basic flow is a cut imbalance, bounded by `Σ|b| + Σ cap < INF`, so
//!   finite residuals never reach the `INF` sentinel and sums never overflow.

use super::{FlowNetwork, UNBOUNDED};

/// Capacity of an arc without an upper bound (and "no limit" for residuals).
const INF: i64 = i64::MAX;
/// Sentinel for "no node" / "no arc".
const NONE: u32 = u32::MAX;

// Arc states. For a non-tree arc, `state * reduced_cost < 0` iff the arc
// violates its optimality condition, which keeps the pricing loop
// branchless.

/// At its upper bound (flow = cap).
const STATE_UPPER: i8 = -1;
/// In the spanning tree. Also used for arcs whose capacity is zero: they can
/// never carry flow, and state 0 keeps them from ever entering.
const STATE_TREE: i8 = 0;
/// At its lower bound (flow 0).
const STATE_LOWER: i8 = 1;

/// Smallest block of arcs scanned before an entering arc may be chosen.
const MIN_BLOCK_SIZE: usize = 10;

/// A vector of `len` copies of `value` with room for `capacity` elements.
fn arc_vec<T: Clone>(len: usize, capacity: usize, value: T) -> Vec<T> {
    let mut v = Vec::with_capacity(capacity);
    v.resize(len, value);
    v
}

/// Residual capacity of tree arc `pred[u]` for pushing flow from `u` to its
/// parent (`towards_root`) or from the parent to `u`.
#[inline(always)]
fn tree_residual(
    pred: &[u32],
    pred_up: &[bool],
    cap: &[i64],
    flow: &[i64],
    u: usize,
    towards_root: bool,
) -> i64 {
    let e = pred[u] as usize;
    if pred_up[u] == towards_root {
        let c = cap[e];
        if c == INF { INF } else { c - flow[e] }
    } else {
        flow[e]
    }
}

/// After a subtree moves, walks up from `from`: every ancestor whose subtree
/// ended at `old_last` now ends at `new_last` (they form a chain starting at
/// `from`), and every node below `join` has `delta` added to its subtree size
/// (modulo 2³², so `size.wrapping_neg()` subtracts `size` exactly).
#[allow(clippy::too_many_arguments)]
#[inline]
fn fix_ancestors(
    parent: &[u32],
    last_succ: &mut [u32],
    succ_num: &mut [u32],
    from: u32,
    join: u32,
    old_last: u32,
    new_last: u32,
    delta: u32,
) {
    let mut x = from;
    while x != NONE && last_succ[x as usize] == old_last {
        last_succ[x as usize] = new_last;
        x = parent[x as usize];
    }
    let mut x = from;
    while x != join {
        succ_num[x as usize] = succ_num[x as usize].wrapping_add(delta);
        x = parent[x as usize];
    }
}

/// Makes `b` follow `a` in the thread.
#[inline(always)]
fn link(thread: &mut [u32], rev_thread: &mut [u32], a: u32, b: u32) {
    thread[a as usize] = b;
    rev_thread[b as usize] = a;
}

/// How a run of the simplex ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Optimal, and no artificial arc carries flow.
    Optimal,
    /// Optimal for the big-M problem, but an artificial arc carries flow: the
    /// real network has no feasible flow.
    Infeasible,
    /// A pivot found a cycle of unbounded capacity and negative cost.
    Unbounded,
}

/// Old values of one stem node, saved before the tree is rearranged.
#[derive(Clone, Copy, Debug)]
struct StemNode {
    node: u32,
    /// `thread[node]`.
    thread: u32,
    /// `rev_thread[node]`.
    rev: u32,
    /// `last_succ[node]`.
    last: u32,
    /// `thread[last_succ[node]]`.
    after_last: u32,
    /// `succ_num[node]`.
    succ: u32,
    /// `pred[node]`.
    pred: u32,
    /// `pred_up[node]`.
    up: bool,
}

/// State of one network simplex run.
#[derive(Debug)]
pub(super) struct NetworkSimplex {
    /// Number of real nodes; the root is node `node_num`.
    node_num: usize,
    /// Number of real arcs, the only ones the pricing step scans.
    search_arc_num: usize,
    /// Internal position of each real arc of the input network.
    arc_pos: Vec<u32>,

    // Arcs: real arcs `0..m`, then the artificial arc of node `v` at `m + v`.
    source: Vec<u32>,
    target: Vec<u32>,
    cost: Vec<i64>,
    cap: Vec<i64>,
    flow: Vec<i64>,
    state: Vec<i8>,

    // Nodes `0..=n` (the root is `n`).
    supply: Vec<i64>,
    pi: Vec<i64>,
    parent: Vec<u32>,
    pred: Vec<u32>,
    pred_up: Vec<bool>,
    thread: Vec<u32>,
    rev_thread: Vec<u32>,
    succ_num: Vec<u32>,
    last_succ: Vec<u32>,

    // Pricing.
    block_size: usize,
    next_arc: usize,

    // Current pivot.
    in_arc: usize,
    join: u32,
    u_in: u32,
    v_in: u32,
    u_out: u32,
    delta: i64,

    /// Reused buffer for the stem of each tree update (capacity `n + 1`, so
    /// pushing never reallocates after construction).
    stem: Vec<StemNode>,

    /// Started from an earlier flow (the LEMON start-up pivots are skipped).
    warm: bool,

    /// Check every tree invariant after each pivot (tests only).
    #[cfg(test)]
    validate: bool,
}

impl NetworkSimplex {
    /// Builds the initial (artificial) basis for `net`.
    ///
    /// With `zero_costs`, all arc costs are taken as 0: the run then only
    /// decides feasibility and cannot be unbounded.
    ///
    /// With `warm`, a flow from an earlier solve (indexed by the input's
    /// arcs, missing entries read as 0), every arc whose flow there was at its
    /// (finite, nonzero) upper bound starts at its upper bound instead of its
    /// lower bound; the artificial arcs carry whatever imbalance that leaves,
    /// and the LEMON start-up pivots are skipped. Any bound assignment gives a
    /// valid, strongly feasible starting basis (the artificial arcs carry the
    /// imbalances and point up where they carry nothing), so `warm` changes
    /// the path to the optimum, never its correctness.
    ///
    /// The network must have passed [`super::validate`] and its supplies must
    /// sum to zero.
    pub(super) fn new(net: &FlowNetwork, zero_costs: bool, warm: Option<&[i64]>) -> Self {
        let n = net.node_count();
        let m = net.arc_count();
        let all = m + n;
        let root = n as u32;

        // Arc mixing: real arcs, taken from the last to the first, are stored
        // at positions 0, s, 2s, ..., then 1, 1 + s, ... for a stride
        // s = max(m / n, 3); `arc_pos[a]` is the position of arc `a`. Arcs
        // added together (often the arcs of one node) then fall into
        // different pricing blocks, which makes block search more robust.
        // This is the order LEMON's NetworkSimplex uses for a graph built in
        // the same order, so both perform the same pivots (useful when
        // benchmarking one against the other).
        let stride = (m / n.max(1)).max(3);
        let mut arc_pos = vec![0u32; m];
        let (mut pos, mut column) = (0usize, 0usize);
        for a in (0..m).rev() {
            arc_pos[a] = pos as u32;
            pos += stride;
            if pos >= m {
                column += 1;
                pos = column;
            }
        }

        // Room for the artificial arcs too, so nothing reallocates later.
        let mut source = arc_vec(m, all, 0u32);
        let mut target = arc_vec(m, all, 0u32);
        let mut cost = arc_vec(m, all, 0i64);
        let mut cap = arc_vec(m, all, 0i64);
        let mut state = arc_vec(m, all, STATE_TREE);
        let mut supply: Vec<i64> = Vec::with_capacity(n + 1);
        supply.extend_from_slice(&net.supply);
        supply.push(0);

        // Real arcs, shifted by their lower bounds.
        let mut max_cost: i64 = 0;
        for (a, &p) in arc_pos.iter().enumerate() {
            let p = p as usize;
            let (t, h) = (net.tail[a], net.head[a]);
            let (lo, up) = (net.lower[a], net.upper[a]);
            let c = if zero_costs { 0 } else { net.cost[a] };
            max_cost = max_cost.max(c.abs());
            let arc_cap = if up == UNBOUNDED { INF } else { up - lo };
            if lo != 0 {
                supply[t as usize] -= lo;
                supply[h as usize] += lo;
            }
            source[p] = t;
            target[p] = h;
            cost[p] = c;
            cap[p] = arc_cap;
            state[p] = if arc_cap == 0 {
                STATE_TREE
            } else {
                STATE_LOWER
            };
        }
        let mut flow = arc_vec(m, all, 0i64);

        // Warm start: arcs saturated in the earlier flow start saturated.
        let mut excess = supply.clone();
        if let Some(previous) = warm {
            for (a, &p) in arc_pos.iter().enumerate() {
                let p = p as usize;
                let c = cap[p];
                let shifted =
                    i128::from(previous.get(a).copied().unwrap_or(0)) - i128::from(net.lower[a]);
                if c != INF && c > 0 && shifted >= i128::from(c) {
                    state[p] = STATE_UPPER;
                    flow[p] = c;
                    excess[source[p] as usize] -= c;
                    excess[target[p] as usize] += c;
                }
            }
        }

        // Artificial arcs and the initial tree: every node hangs from the root.
        let art_cost = (n as i64) * max_cost + 1;
        let mut pi = Vec::with_capacity(n + 1);
        let mut pred_up = Vec::with_capacity(n + 1);
        for (v, &b) in excess.iter().take(n).enumerate() {
            if b >= 0 {
                source.push(v as u32);
                target.push(root);
                cost.push(0);
                flow.push(b);
                pi.push(0);
                pred_up.push(true);
            } else {
                source.push(root);
                target.push(v as u32);
                cost.push(art_cost);
                flow.push(-b);
                pi.push(art_cost);
                pred_up.push(false);
            }
            cap.push(INF);
            state.push(STATE_TREE);
        }
        pi.push(0);
        pred_up.push(false);

        let mut parent = vec![root; n + 1];
        parent[n] = NONE;
        let mut pred: Vec<u32> = (m..all).map(|e| e as u32).collect();
        pred.push(NONE);
        // Thread: root, 0, 1, ..., n - 1, back to the root.
        let thread: Vec<u32> = (1..=n as u32).chain(std::iter::once(0)).collect();
        let rev_thread: Vec<u32> = std::iter::once(root).chain(0..n as u32).collect();
        let mut succ_num = vec![1u32; n + 1];
        succ_num[n] = root + 1;
        let mut last_succ: Vec<u32> = (0..=n as u32).collect();
        last_succ[n] = if n == 0 { root } else { root - 1 };

        let block_size = m.isqrt().max(MIN_BLOCK_SIZE);

        NetworkSimplex {
            node_num: n,
            search_arc_num: m,
            arc_pos,
            source,
            target,
            cost,
            cap,
            flow,
            state,
            supply,
            pi,
            parent,
            pred,
            pred_up,
            thread,
            rev_thread,
            succ_num,
            last_succ,
            block_size,
            next_arc: 0,
            in_arc: 0,
            join: NONE,
            u_in: NONE,
            v_in: NONE,
            u_out: NONE,
            delta: 0,
            stem: Vec::with_capacity(n + 1),
            warm: warm.is_some(),
            #[cfg(test)]
            validate: false,
        }
    }

    /// Makes every later pivot check all tree invariants (tests only).
    #[cfg(test)]
    pub(super) fn set_validate(&mut self) {
        self.validate = true;
        self.check_invariants();
    }

    /// Runs the simplex to the end.
    pub(super) fn run(&mut self) -> Outcome {
        if !self.warm && !self.initial_pivots() {
            return Outcome::Unbounded;
        }
        while self.find_entering_arc() {
            if !self.pivot() {
                return Outcome::Unbounded;
            }
        }
        self.normalize_potentials();
        let artificial = &self.flow[self.search_arc_num..];
        if artificial.iter().any(|&f| f != 0) {
            Outcome::Infeasible
        } else {
            Outcome::Optimal
        }
    }

    /// Flow on real arc `arc` of the input network, relative to its lower
    /// bound.
    pub(super) fn shifted_flow(&self, arc: usize) -> i64 {
        self.flow[self.arc_pos[arc] as usize]
    }

    /// Potentials of the real nodes (the root's is 0).
    pub(super) fn potentials(&self) -> &[i64] {
        &self.pi[..self.node_num]
    }

    /// Reduced cost of arc `e` under the current potentials.
    #[inline]
    fn reduced_cost(&self, e: usize) -> i64 {
        // Potentials are kept modulo 2⁶⁴ (see `update_potentials`); the true
        // reduced cost fits in an i64, so the wrapped result is exact.
        self.cost[e]
            .wrapping_add(self.pi[self.source[e] as usize])
            .wrapping_sub(self.pi[self.target[e] as usize])
    }

    /// LEMON-style warm start: for each demand node (from the last to the
    /// first), try to pivot in its cheapest incoming arc of nonzero capacity
    /// (ties go to the arc added last). Returns `false` if one of these
    /// pivots proves the problem unbounded.
    fn initial_pivots(&mut self) -> bool {
        let n = self.node_num;
        let m = self.search_arc_num;
        if m == 0 || !self.supply[..n].iter().any(|&b| b > 0) {
            return true;
        }
        let mut best_in = vec![NONE; n];
        for a in (0..m).rev() {
            let e = self.arc_pos[a] as usize;
            if self.state[e] == STATE_TREE {
                continue; // zero capacity (no real arc is in the tree yet)
            }
            let h = self.target[e] as usize;
            if self.supply[h] < 0 {
                let b = best_in[h];
                if b == NONE || self.cost[e] < self.cost[b as usize] {
                    best_in[h] = e as u32;
                }
            }
        }
        for &e in best_in.iter().rev() {
            if e == NONE {
                continue;
            }
            let e = e as usize;
            if i64::from(self.state[e]) * self.reduced_cost(e) >= 0 {
                continue;
            }
            self.in_arc = e;
            if !self.pivot() {
                return false;
            }
        }
        true
    }

    /// Block search for an entering arc; sets `in_arc`. Returns `false` when
    /// every real arc satisfies its optimality condition.
    ///
    /// Arcs are scanned cyclically from `next_arc` in blocks of `block_size`;
    /// after each block, the most violating arc seen so far (if any) enters
    /// and the next search resumes at the last arc of this block (as in
    /// LEMON).
    fn find_entering_arc(&mut self) -> bool {
        let m = self.search_arc_num;
        let mut min: i64 = 0;
        let mut best = 0usize;
        let mut pos = self.next_arc;
        let mut remaining = m;
        while remaining > 0 {
            let len = self.block_size.min(remaining);
            remaining -= len;
            let end = pos + len;
            if end <= m {
                self.scan_arcs(pos, end, &mut min, &mut best);
                pos = if end == m { 0 } else { end };
            } else {
                self.scan_arcs(pos, m, &mut min, &mut best);
                self.scan_arcs(0, end - m, &mut min, &mut best);
                pos = end - m;
            }
            if min < 0 {
                self.in_arc = best;
                self.next_arc = if pos == 0 { m - 1 } else { pos - 1 };
                return true;
            }
        }
        false
    }

    /// Pricing kernel: lowers `min` to the most negative
    /// `state * reduced_cost` over arcs `lo..hi`, recording the arc in `best`.
    #[inline(always)]
    fn scan_arcs(&self, lo: usize, hi: usize, min: &mut i64, best: &mut usize) {
        let pi = &self.pi[..];
        let arcs = self.state[lo..hi]
            .iter()
            .zip(&self.cost[lo..hi])
            .zip(&self.source[lo..hi])
            .zip(&self.target[lo..hi]);
        let (mut local_min, mut local_best) = (*min, usize::MAX);
        for (i, (((&st, &c), &s), &t)) in arcs.enumerate() {
            let rc = i64::from(st) * c.wrapping_add(pi[s as usize]).wrapping_sub(pi[t as usize]);
            if rc < local_min {
                local_min = rc;
                local_best = i;
            }
        }
        if local_best != usize::MAX {
            *min = local_min;
            *best = lo + local_best;
        }
    }

    /// Performs the pivot on `in_arc`. Returns `false` if the cycle it closes
    /// has unbounded capacity (the problem is unbounded).
    fn pivot(&mut self) -> bool {
        self.find_join_node();
        let change = self.find_leaving_arc();
        if self.delta == INF {
            return false;
        }
        self.change_flow(change);
        if change {
            self.update_tree();
            self.update_potentials();
        }
        #[cfg(test)]
        if self.validate {
            self.check_invariants();
        }
        true
    }

    /// Finds the apex of the cycle closed by `in_arc`.
    fn find_join_node(&mut self) {
        let mut u = self.source[self.in_arc];
        let mut v = self.target[self.in_arc];
        // Slices of one common length let the compiler merge bounds checks.
        let nodes = self.parent.len();
        let (parent, succ_num) = (&self.parent[..nodes], &self.succ_num[..nodes]);
        // An ancestor's subtree is strictly larger, so the node with the
        // smaller subtree is never an ancestor of the other: move it up.
        while u != v {
            if succ_num[u as usize] < succ_num[v as usize] {
                u = parent[u as usize];
            } else {
                v = parent[v as usize];
            }
        }
        self.join = u;
    }

    /// Residual capacity of tree arc `pred[u]` for pushing flow from `u` to
    /// its parent (`towards_root`) or from the parent to `u`.
    #[cfg(test)]
    fn tree_residual(&self, u: usize, towards_root: bool) -> i64 {
        tree_residual(
            &self.pred,
            &self.pred_up,
            &self.cap,
            &self.flow,
            u,
            towards_root,
        )
    }

    /// Cunningham's rule: sets `delta`, `u_out`, `u_in`, `v_in`. Returns
    /// `true` if a tree arc leaves, `false` if `in_arc` itself blocks (it
    /// then just moves to its other bound).
    fn find_leaving_arc(&mut self) -> bool {
        let e_in = self.in_arc;
        // Flow goes around the cycle first -> second -> ... -> join -> ...
        // -> first: over `in_arc` forward if it is at its lower bound,
        // backward if at its upper bound.
        let (first, second) = if self.state[e_in] == STATE_LOWER {
            (self.source[e_in], self.target[e_in])
        } else {
            (self.target[e_in], self.source[e_in])
        };
        let join = self.join;
        let mut delta = self.cap[e_in];
        let mut result = 0u8;
        let mut u_out = NONE;

        let nodes = self.parent.len();
        let (parent, pred, pred_up) = (
            &self.parent[..nodes],
            &self.pred[..nodes],
            &self.pred_up[..nodes],
        );
        let arcs = self.cap.len();
        let (cap, flow) = (&self.cap[..arcs], &self.flow[..arcs]);

        // From join down to `first` (walked upwards): the cycle comes before
        // `in_arc`, so on ties the arc nearest `first` is the last one.
        let mut u = first;
        while u != join {
            let d = tree_residual(pred, pred_up, cap, flow, u as usize, false);
            if d < delta {
                delta = d;
                u_out = u;
                result = 1;
            }
            u = parent[u as usize];
        }
        // From `second` up to join: after `in_arc`, so ties go to the arc
        // nearest the join.
        let mut u = second;
        while u != join {
            let d = tree_residual(pred, pred_up, cap, flow, u as usize, true);
            if d <= delta {
                delta = d;
                u_out = u;
                result = 2;
            }
            u = parent[u as usize];
        }

        self.delta = delta;
        self.u_out = u_out;
        if result == 1 {
            self.u_in = first;
            self.v_in = second;
        } else {
            self.u_in = second;
            self.v_in = first;
        }
        result != 0
    }

    /// Augments `delta` units around the cycle and updates arc states.
    fn change_flow(&mut self, change: bool) {
        let e_in = self.in_arc;
        if self.delta > 0 {
            let val = i64::from(self.state[e_in]) * self.delta;
            let join = self.join;
            let nodes = self.parent.len();
            let (parent, pred, pred_up) = (
                &self.parent[..nodes],
                &self.pred[..nodes],
                &self.pred_up[..nodes],
            );
            let flow = &mut self.flow[..];
            flow[e_in] += val;
            // Flow goes from the target of `in_arc` up to the join, and from
            // the join down to its source (reversed when `val < 0`).
            let mut u = self.source[e_in];
            while u != join {
                let ui = u as usize;
                let e = pred[ui] as usize;
                flow[e] += if pred_up[ui] { -val } else { val };
                u = parent[ui];
            }
            let mut u = self.target[e_in];
            while u != join {
                let ui = u as usize;
                let e = pred[ui] as usize;
                flow[e] += if pred_up[ui] { val } else { -val };
                u = parent[ui];
            }
        }
        if change {
            self.state[e_in] = STATE_TREE;
            let e_out = self.pred[self.u_out as usize] as usize;
            self.state[e_out] = if self.flow[e_out] == 0 {
                STATE_LOWER
            } else {
                STATE_UPPER
            };
        } else {
            self.state[e_in] = -self.state[e_in];
        }
    }

    /// Replaces tree arc `pred[u_out]` by `in_arc`: cuts the subtree `S` of
    /// `u_out` out, re-roots it at `u_in` and hangs it below `v_in` (as its
    /// first child in thread order).
    fn update_tree(&mut self) {
        let (u_in, v_in, u_out, join) = (self.u_in, self.v_in, self.u_out, self.join);
        let in_arc = self.in_arc as u32;
        let in_arc_up = self.source[self.in_arc] == u_in;
        // Local slices of one common length: no reloads through `self`, and
        // the compiler can merge bounds checks.
        let nodes = self.parent.len();
        let Self {
            parent,
            pred,
            pred_up,
            thread,
            rev_thread,
            succ_num,
            last_succ,
            stem,
            ..
        } = self;
        let parent = &mut parent[..nodes];
        let pred = &mut pred[..nodes];
        let pred_up = &mut pred_up[..nodes];
        let thread = &mut thread[..nodes];
        let rev_thread = &mut rev_thread[..nodes];
        let succ_num = &mut succ_num[..nodes];
        let last_succ = &mut last_succ[..nodes];

        // 1. Save the stem u_in -> ... -> u_out before anything changes.
        stem.clear();
        let mut w = u_in;
        loop {
            let wi = w as usize;
            let last = last_succ[wi];
            stem.push(StemNode {
                node: w,
                thread: thread[wi],
                rev: rev_thread[wi],
                last,
                after_last: thread[last as usize],
                succ: succ_num[wi],
                pred: pred[wi],
                up: pred_up[wi],
            });
            if w == u_out {
                break;
            }
            w = parent[wi];
        }
        let s_size = succ_num[u_out as usize];
        let p_out = parent[u_out as usize];

        // 2. Cut S (thread segment u_out ..= last) out of the thread.
        let last = last_succ[u_out as usize];
        let before = rev_thread[u_out as usize];
        let after = thread[last as usize];
        link(thread, rev_thread, before, after);
        // Ancestors whose subtree ended with S now end just before it. They
        // form a chain starting at p_out.
        fix_ancestors(
            parent,
            last_succ,
            succ_num,
            p_out,
            join,
            last,
            before,
            s_size.wrapping_neg(),
        );

        // 3. Re-root S at u_in. With stem w_0 = u_in, ..., w_k = u_out, the
        // new preorder is: old subtree of w_0, then for each i >= 1: w_i, the
        // part of its old subtree threaded before w_{i-1} (segment A), and
        // the part threaded after w_{i-1}'s subtree (segment B).
        let mut tail = stem[0].last;
        for pair in stem.windows(2) {
            let (prev, cur) = (pair[0], pair[1]);
            let ci = cur.node as usize;
            link(thread, rev_thread, tail, cur.node);
            let mut end = cur.node;
            if cur.thread != prev.node {
                link(thread, rev_thread, cur.node, cur.thread);
                end = prev.rev;
            }
            if prev.last != cur.last {
                link(thread, rev_thread, end, prev.after_last);
                end = cur.last;
            }
            tail = end;
            // w_i now hangs below w_{i-1} through w_{i-1}'s old tree arc.
            parent[ci] = prev.node;
            pred[ci] = prev.pred;
            pred_up[ci] = !prev.up;
            succ_num[ci] = s_size - prev.succ;
        }
        let s_end = tail;
        let ui = u_in as usize;
        parent[ui] = v_in;
        pred[ui] = in_arc;
        pred_up[ui] = in_arc_up;
        succ_num[ui] = s_size;
        for st in stem.iter() {
            last_succ[st.node as usize] = s_end;
        }

        // 4. Insert S right after v_in.
        let after = thread[v_in as usize];
        link(thread, rev_thread, v_in, u_in);
        link(thread, rev_thread, s_end, after);
        // Only if v_in was a leaf does any subtree now end differently: v_in
        // and the chain of its ancestors that ended at v_in.
        fix_ancestors(parent, last_succ, succ_num, v_in, join, v_in, s_end, s_size);
    }

    /// Shifts the potentials of the moved subtree so that `in_arc` has
    /// reduced cost 0.
    fn update_potentials(&mut self) {
        let e_in = self.in_arc;
        let rc = self.reduced_cost(e_in);
        let shift = if self.source[e_in] == self.u_in {
            -rc
        } else {
            rc
        };
        let nodes = self.thread.len();
        let (thread, pi) = (&self.thread[..nodes], &mut self.pi[..nodes]);
        // The subtree is the thread segment u_in ..= last_succ[u_in]; the rest
        // of the tree is the segment from just after it round to just before
        // u_in. Only differences of potentials matter, so shifting the rest by
        // −shift does as well as shifting the subtree by +shift: walk the
        // shorter segment. Potentials then drift by whole shifts, so they are
        // kept modulo 2⁶⁴ (wrapping) and normalised (root at 0) at the end;
        // every reduced cost, a difference, stays exact.
        let u_in = self.u_in;
        let end = thread[self.last_succ[u_in as usize] as usize];
        let size = self.succ_num[u_in as usize] as usize;
        if 2 * size <= nodes {
            let mut x = u_in;
            loop {
                pi[x as usize] = pi[x as usize].wrapping_add(shift);
                x = thread[x as usize];
                if x == end {
                    break;
                }
            }
        } else {
            let mut x = end;
            while x != u_in {
                pi[x as usize] = pi[x as usize].wrapping_sub(shift);
                x = thread[x as usize];
            }
        }
    }

    /// Shifts every potential so that the root's is 0 again (undoing the
    /// drift of `update_potentials`); then every potential is its true value,
    /// within the documented bounds.
    fn normalize_potentials(&mut self) {
        let root = self.pi[self.node_num];
        for p in &mut self.pi {
            *p = p.wrapping_sub(root);
        }
    }

    /// Checks every invariant of the basis (tests only). Panics on violation.
    #[cfg(test)]
    fn check_invariants(&self) {
        let n = self.node_num;
        let m = self.search_arc_num;
        let root = n as u32;
        let nodes = n + 1;
        assert_eq!(self.parent[n], NONE);

        // Thread: a single cycle through all nodes, starting at the root.
        let mut order = Vec::with_capacity(nodes);
        let mut pos = vec![usize::MAX; nodes];
        let mut x = root;
        loop {
            assert_eq!(pos[x as usize], usize::MAX, "thread revisits {x}");
            pos[x as usize] = order.len();
            order.push(x);
            let next = self.thread[x as usize];
            assert_eq!(self.rev_thread[next as usize], x, "rev_thread");
            x = next;
            if x == root {
                break;
            }
        }
        assert_eq!(order.len(), nodes, "thread misses nodes");

        // Subtree sizes, bottom-up in reverse preorder.
        let mut size = vec![1u32; nodes];
        for &v in order.iter().rev() {
            let p = self.parent[v as usize];
            if p != NONE {
                assert!(pos[p as usize] < pos[v as usize], "parent after child");
                size[p as usize] += size[v as usize];
            }
        }
        for v in 0..nodes {
            assert_eq!(self.succ_num[v], size[v], "succ_num of {v}");
            let last = order[pos[v] + size[v] as usize - 1];
            assert_eq!(self.last_succ[v], last, "last_succ of {v}");
            let p = self.parent[v];
            if p != NONE {
                let p = p as usize;
                assert!(pos[v] + size[v] as usize <= pos[p] + size[p] as usize);
                // Tree arc joins v and its parent in the recorded direction.
                let e = self.pred[v] as usize;
                assert_eq!(self.state[e], STATE_TREE);
                if self.pred_up[v] {
                    assert_eq!((self.source[e], self.target[e]), (v as u32, p as u32));
                } else {
                    assert_eq!((self.source[e], self.target[e]), (p as u32, v as u32));
                }
                assert_eq!(self.reduced_cost(e), 0, "tree arc {e} not tight");
            }
        }

        // Arc states and flows; conservation.
        let tree_arcs = (0..self.source.len())
            .filter(|&e| self.state[e] == STATE_TREE && (e >= m || self.cap[e] != 0))
            .count();
        assert_eq!(tree_arcs, n, "tree must have n arcs");
        let mut balance = self.supply.clone();
        for e in 0..self.source.len() {
            let f = self.flow[e];
            assert!(f >= 0 && f <= self.cap[e], "flow of arc {e} out of range");
            match self.state[e] {
                STATE_LOWER => assert_eq!(f, 0),
                STATE_UPPER => assert_eq!(f, self.cap[e]),
                _ => {}
            }
            balance[self.source[e] as usize] -= f;
            balance[self.target[e] as usize] += f;
        }
        assert!(balance.iter().all(|&b| b == 0), "conservation");

        // Strong feasibility: every tree arc can carry positive flow towards
        // the root.
        for v in 0..n {
            assert!(
                self.tree_residual(v, true) > 0,
                "tree not strongly feasible at {v}"
            );
        }
    }
}
