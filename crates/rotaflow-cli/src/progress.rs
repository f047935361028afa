//! The progress of a long `rotaflow solve` on stderr: the best roster's objective so far,
//! the bound, the gap and the time elapsed ([`rotaflow::Progress`]).
//!
//! Nothing is shown for the first second ([`rotaflow::PROGRESS_INTERVAL`]), so a quick
//! solve prints only its summary. After that:
//! - where stderr is a terminal, one line is redrawn in place, at most once a second:
//!   a bar of the time limit used, the elapsed time, and the search's state; it is
//!   cleared when the solve ends, before the summary;
//! - elsewhere (a log, a pipe), each report is a line of its own, at most one a second,
//!   and the end of a solve that ran a second or more is one more line, with when the
//!   first roster was found.
//!
//! `-q` shows none of it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rotaflow::{PROGRESS_INTERVAL, Progress, ProgressFn};

/// Width of the terminal bar, in cells.
const BAR: usize = 20;

/// What the display knows: the last report, and whether a line is on screen.
#[derive(Debug, Default)]
struct Shown {
    last: Option<Progress>,
    /// When the last report arrived (the terminal line counts on from it).
    at: Option<Instant>,
    /// Whether anything was written (a terminal line to clear, or log lines).
    written: bool,
    /// When the terminal line was last drawn.
    drawn: Option<Instant>,
}

impl Shown {
    /// Redraw the terminal line from the last report, counting its clock on from when it
    /// arrived: at most once a second, and only once the solve has run a second.
    fn redraw(&mut self) {
        let (Some(p), Some(at)) = (&self.last, self.at) else {
            return;
        };
        let elapsed = p.elapsed_s + at.elapsed().as_secs_f64();
        let due = self.drawn.is_none_or(|t| t.elapsed() >= PROGRESS_INTERVAL);
        if p.done || !due || elapsed < PROGRESS_INTERVAL.as_secs_f64() {
            return;
        }
        let line = terminal_line(p, elapsed);
        write_stderr(&format!("\r{line}\x1b[K"));
        self.written = true;
        self.drawn = Some(Instant::now());
    }
}

/// The progress display of one solve.
#[derive(Debug)]
pub(crate) struct Display {
    shown: Arc<Mutex<Shown>>,
    terminal: bool,
    ended: Arc<AtomicBool>,
    ticker: Option<JoinHandle<()>>,
}

impl Display {
    /// A display on stderr (a redrawn line when stderr is a terminal).
    pub(crate) fn start() -> Display {
        let terminal = std::io::stderr().is_terminal();
        let shown = Arc::new(Mutex::new(Shown::default()));
        let ended = Arc::new(AtomicBool::new(false));
        // On a terminal the line's clock runs on between reports (a HiGHS solve may hold
        // the search for several seconds).
        let ticker = terminal.then(|| {
            let (shown, ended) = (Arc::clone(&shown), Arc::clone(&ended));
            std::thread::spawn(move || {
                while !ended.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(100));
                    let mut s = shown.lock().unwrap_or_else(|e| e.into_inner());
                    if !ended.load(Ordering::SeqCst) {
                        s.redraw();
                    }
                }
            })
        });
        Display {
            shown,
            terminal,
            ended,
            ticker,
        }
    }

    /// The function to give the solve.
    pub(crate) fn sink(&self) -> ProgressFn {
        let (shown, terminal) = (Arc::clone(&self.shown), self.terminal);
        ProgressFn::new(move |p| {
            let mut s = shown.lock().unwrap_or_else(|e| e.into_inner());
            let long = p.elapsed_s >= PROGRESS_INTERVAL.as_secs_f64();
            if p.done {
                if (s.written || long) && !terminal {
                    write_stderr(&log_line(p));
                }
                s.last = Some(p.clone());
                return;
            }
            // An early report is kept for the terminal's line, which its clock draws once
            // the first second has passed.
            s.last = Some(p.clone());
            s.at = Some(Instant::now());
            if terminal {
                s.redraw();
            } else if long {
                write_stderr(&log_line(p));
                s.written = true;
            }
        })
    }

    /// End the display: stop the clock and clear the terminal line.
    pub(crate) fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        self.ended.store(true, Ordering::SeqCst);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        let mut s = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if self.terminal && s.written {
            write_stderr("\r\x1b[K");
            s.written = false;
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.end();
    }
}

fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// A line of the log: `rotaflow: ` and the report ([`Progress`]'s `Display`).
fn log_line(p: &Progress) -> String {
    format!("rotaflow: {p}\n")
}

/// The terminal's line at `elapsed` seconds: a bar of the time limit used, then the state.
fn terminal_line(p: &Progress, elapsed: f64) -> String {
    let share = if p.time_limit_s > 0.0 {
        (elapsed / p.time_limit_s).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let full = (share * BAR as f64).round() as usize;
    format!(
        "[{}{}] {:.0} s of {} s  {}  {}",
        "#".repeat(full),
        "-".repeat(BAR - full),
        elapsed,
        p.time_limit_s,
        p.method,
        p.state()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(done: bool) -> Progress {
        Progress {
            elapsed_s: 12.04,
            time_limit_s: 60.0,
            method: rotaflow::Method::Decompose,
            objective: Some(1_698_300.5),
            bound: Some(1_516_686.99),
            gap: Some(0.10694),
            first_roster_s: Some(2.13),
            done,
        }
    }

    #[test]
    fn a_log_line_names_the_state_and_the_first_rosters_time() {
        assert_eq!(
            log_line(&report(false)),
            "rotaflow: 12.0 s of 60 s · decompose · best 1698300.50 · bound 1516686.99 · \
             gap 10.69 % · first roster at 2.1 s\n"
        );
        assert!(log_line(&report(true)).ends_with(" · done\n"));
        let none = Progress {
            objective: None,
            gap: None,
            first_roster_s: None,
            ..report(false)
        };
        assert_eq!(
            log_line(&none),
            "rotaflow: 12.0 s of 60 s · decompose · no roster yet · bound 1516686.99\n"
        );
    }

    #[test]
    fn the_terminal_bar_shows_the_share_of_the_limit_used() {
        let line = terminal_line(&report(false), 30.0);
        assert!(line.starts_with("[##########----------] 30 s of 60 s  decompose  best "));
        assert!(terminal_line(&report(false), 90.0).starts_with(&format!("[{}]", "#".repeat(BAR))));
    }
}
