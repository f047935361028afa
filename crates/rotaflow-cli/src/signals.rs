//! Ctrl-C (SIGINT) and SIGTERM during `rotaflow solve`.
//!
//! While a solver that heeds a stop request is searching (the decomposition solver, see
//! `rotaflow::Stop`), the first signal asks it to stop: it returns its best roster so far,
//! which is written as usual, and the command then exits 130 (SIGINT) or 143 (SIGTERM). At
//! any other moment (reading, building, a flow or MIP solve, which run to their end) the
//! signal's default action ends the process at once (the shell shows 130 or 143), and the
//! output files are as they were: outputs are only ever replaced whole
//! ([`crate::output`]). A second signal always ends the process at once, the same way.
//!
//! The handlers only set flags (`signal_hook::flag`, async-signal-safe); a watcher thread
//! acts on them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use rotaflow::Stop;
use signal_hook::consts::{SIGINT, SIGTERM};

use crate::exit::Exit;

/// The signals of one solve: the stop handle to give it, and which signal arrived.
#[derive(Debug)]
pub(crate) struct Watch {
    stop: Stop,
    signal: Arc<AtomicU8>,
}

impl Watch {
    /// Install the handlers and the watcher thread. When the handlers cannot be installed
    /// the signals keep their default action (the process ends at once), which is said on
    /// stderr.
    pub(crate) fn start() -> Watch {
        let stop = Stop::new();
        let signal = Arc::new(AtomicU8::new(0));
        let flags = [(SIGINT, Exit::Interrupted), (SIGTERM, Exit::Terminated)]
            .map(|(sig, exit)| (sig, exit, Arc::new(AtomicBool::new(false))));
        for (sig, _, flag) in &flags {
            // A signal that finds its flag already set (the second one) takes the default
            // action: the process ends, killed by that signal.
            let installed = signal_hook::flag::register_conditional_default(*sig, Arc::clone(flag))
                .and_then(|_| signal_hook::flag::register(*sig, Arc::clone(flag)));
            if let Err(e) = installed {
                crate::io::eprint_text(&format!(
                    "rotaflow: cannot watch for signals ({e}); Ctrl-C ends the solve at once\n"
                ));
                return Watch { stop, signal };
            }
        }
        let (watched, code) = (stop.clone(), Arc::clone(&signal));
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(20));
                let Some((sig, exit, _)) = flags.iter().find(|(_, _, f)| f.load(Ordering::SeqCst))
                else {
                    continue;
                };
                if watched.is_requested() {
                    // Already asked; the solve is returning. Only a second signal ends it.
                    continue;
                }
                code.store(*exit as u8, Ordering::SeqCst);
                if watched.is_heeded() {
                    crate::io::eprint_text(
                        "rotaflow: stopping the search; the best roster so far will be written \
                         (signal again to end at once)\n",
                    );
                    watched.request();
                } else {
                    // As if no handler had been installed: killed by the signal.
                    let _ = signal_hook::low_level::emulate_default_handler(*sig);
                    std::process::exit(*exit as i32);
                }
            }
        });
        Watch { stop, signal }
    }

    /// The handle to pass to the solve.
    pub(crate) fn stop(&self) -> Stop {
        self.stop.clone()
    }

    /// The exit status of the signal that stopped the search, if one did.
    pub(crate) fn stopped_by(&self) -> Option<Exit> {
        if !self.stop.is_requested() {
            return None;
        }
        match self.signal.load(Ordering::SeqCst) {
            s if s == Exit::Terminated as u8 => Some(Exit::Terminated),
            _ => Some(Exit::Interrupted),
        }
    }
}
