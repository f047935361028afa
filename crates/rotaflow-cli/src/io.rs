//! Reading and writing the command's files and streams; `-` is standard input.
//!
//! Nothing here panics on a stream that cannot be written (`print!` does):
//! - standard output closed by its reader (`rotaflow validate big.json | head -1`, EPIPE)
//!   ends the output quietly, as Unix tools do: what follows for standard output is
//!   dropped, nothing is said on standard error, files are still written, and the command
//!   ends with the status it would have had;
//! - any other failure to write standard output (a full disk, `> /dev/full`) is exit
//!   status 3 with a sentence;
//! - standard error is written on a best-effort basis: when it cannot be written there is
//!   no one left to tell, and the command's own outcome stands.
//!
//! Files are written through [`crate::output`], which never leaves a half-written file.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use std::fmt::Write as _;

use rotaflow::{Assignment, Index, Problem};

use crate::exit::{Exit, Failure};

/// The bytes of a file, or of standard input for `-`.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::new(Exit::Io, format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(path)
        .map_err(|e| Failure::new(Exit::Io, format!("cannot read {}: {e}", path.display())))
}

/// The name of a path in a message (`-` is standard input).
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// The text of a file, or of standard input for `-`: UTF-8, checked by the core's
/// [`rotaflow::read::utf8`] (the one the C ABI and Python use). Text that is not UTF-8 is
/// an input problem, exit status 1, with its byte offset and the code `invalid_utf8`.
pub(crate) fn read(path: &Path) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    match rotaflow::read::utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let mut message = shown(path);
            for issue in e.issues() {
                let _ = write!(message, ": {issue}");
            }
            Err(Failure::new(Exit::InvalidInput, message))
        }
    }
}

/// Writes `text` to a file (replacing it whole, see [`crate::output`]), or to standard
/// output when `path` is `None`.
pub(crate) fn write(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => print_text(text),
        Some(p) => crate::output::write_file(p, text),
    }
}

/// A roster file, or a bare list of assignments, read by the core's reader (the one the C
/// ABI and Python use). A file that is not a roster (text that is not UTF-8 included) is
/// exit status 3, with every problem the reader found and its pointer into the file.
pub(crate) fn read_assignments(path: &Path) -> Result<Vec<Assignment>, Failure> {
    let bytes = read_bytes(path)?;
    rotaflow::read::utf8(&bytes)
        .and_then(rotaflow::read::assignments)
        .map_err(|e| {
            let mut message = format!(
                "{} is not a roster or a list of assignments:",
                path.display()
            );
            for issue in e.issues() {
                let _ = write!(message, "\n  {issue}");
            }
            Failure::new(Exit::Io, message)
        })
}

/// The problem in a file, read (every JSON-level problem reported) but not validated:
/// [`Index::build`] validates it, once per command.
pub(crate) fn read_problem(path: &Path) -> Result<Problem, Failure> {
    Ok(Problem::from_json_unvalidated(&read(path)?)?)
}

/// Prints an answer: its JSON document with `--json`, else its text for a person.
///
/// # Errors
/// As [`print_text`].
pub(crate) fn print_answer<T: serde::Serialize>(
    json: bool,
    answer: &T,
    text: impl FnOnce(&T) -> String,
) -> Result<(), Failure> {
    if json {
        print_text(&format!("{}\n", to_pretty(answer)))
    } else {
        print_text(&text(answer))
    }
}

/// The two files the roster commands read: a problem, and a roster or a bare list of
/// assignments.
#[derive(Debug, clap::Args)]
pub(crate) struct ProblemAndRoster {
    /// The problem file.
    problem: std::path::PathBuf,
    /// A roster (as written by `solve`) or a JSON list of {shift, clinician}.
    roster: std::path::PathBuf,
}

impl ProblemAndRoster {
    /// Read both files and run `f` on the validated problem and the roster's assignments
    /// (the problem's problems come first, as they always have).
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&Index<'_>, &[Assignment]) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let problem = read_problem(&self.problem)?;
        let index = Index::build(&problem)?;
        let assignments = read_assignments(&self.roster)?;
        f(&index, &assignments)
    }
}

/// Pretty JSON of a document the command prints.
pub(crate) fn to_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"{e}\""))
}

/// Set once standard output's reader has gone (EPIPE): later output is dropped.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `s` to standard output, and flushes it.
///
/// # Errors
/// Exit status 3 with a sentence when standard output cannot be written; a closed pipe
/// is not an error (see the module's documentation).
pub(crate) fn print_text(s: &str) -> Result<(), Failure> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(Failure::new(
            Exit::Io,
            format!("cannot write to standard output: {e}"),
        )),
    }
}

/// Writes `s` to standard error; a failure is ignored (see the module's documentation).
pub(crate) fn eprint_text(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(s.as_bytes()).and_then(|()| err.flush());
}
