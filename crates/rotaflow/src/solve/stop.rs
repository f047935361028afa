//! Stopping a solve from outside it: a handle the caller keeps (and a signal handler, a
//! user interface or another thread sets), passed to the solve in [`SolveOptions`].
//!
//! The decomposition solver heeds a stop within a pricing step (it checks every few
//! clinicians) and returns its best roster so far, `feasible` with its bound, as it does at
//! its time limit. The flow (which is fast) and the MIP (HiGHS cannot be interrupted
//! through its safe interface) run to their own end. [`Stop::is_heeded`] tells, while a
//! solve runs, whether a request would be heeded now, so that the command can end at once
//! when it would not.
//!
//! [`SolveOptions`]: crate::SolveOptions

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A request to end a solve early, shared by the caller and the solve (cloning shares it).
///
/// ```
/// let stop = rotaflow::Stop::new();
/// let options = rotaflow::SolveOptions::new().with_stop(stop.clone());
/// // ... from another thread, a signal handler's flag, a button:
/// stop.request();
/// assert!(stop.is_requested() && options.stop.is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stop {
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    requested: AtomicBool,
    /// The solves (or independent parts of one) running now that heed a request.
    heeding: AtomicUsize,
}

impl Stop {
    /// A handle no one has requested yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask every solve given this handle to stop and return its best roster so far.
    pub fn request(&self) {
        self.state.requested.store(true, Ordering::SeqCst);
    }

    /// Whether [`Stop::request`] was called.
    pub fn is_requested(&self) -> bool {
        self.state.requested.load(Ordering::SeqCst)
    }

    /// Whether a solve that heeds requests (the decomposition solver, at a point where it
    /// holds or is about to hold a roster) is running with this handle now.
    pub fn is_heeded(&self) -> bool {
        self.state.heeding.load(Ordering::SeqCst) > 0
    }

    /// Marks a heeding solve as running until the guard is dropped.
    pub(crate) fn heed(&self) -> Heeding {
        self.state.heeding.fetch_add(1, Ordering::SeqCst);
        Heeding(Arc::clone(&self.state))
    }
}

/// Two handles are equal when they are the same handle.
impl PartialEq for Stop {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }
}

/// A heeding solve, running ([`Stop::heed`]).
#[derive(Debug)]
pub(crate) struct Heeding(Arc<State>);

impl Drop for Heeding {
    fn drop(&mut self) {
        self.0.heeding.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reaches_every_clone_and_heeding_counts_guards() {
        let stop = Stop::new();
        let other = stop.clone();
        assert!(!other.is_requested() && !stop.is_heeded());
        let a = stop.heed();
        let b = other.heed();
        assert!(stop.is_heeded());
        drop(a);
        assert!(stop.is_heeded());
        drop(b);
        assert!(!stop.is_heeded());
        other.request();
        assert!(stop.is_requested());
        assert_eq!(stop, other);
        assert_ne!(stop, Stop::new());
    }
}
