//! Reading and writing the command's files and streams; `-` is standard input.

use std::io::{Read, Write};
use std::path::Path;

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

/// Writes `text` to a file, or to standard output when `path` is `None`.
pub(crate) fn write(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::new(Exit::Io, format!("cannot write to standard output: {e}"))),
        Some(p) => std::fs::write(p, text)
            .map_err(|e| Failure::new(Exit::Io, format!("cannot write {}: {e}", p.display()))),
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
pub(crate) fn print_answer<T: serde::Serialize>(
    json: bool,
    answer: &T,
    text: impl FnOnce(&T) -> String,
) {
    if json {
        print_text(&format!("{}\n", to_pretty(answer)));
    } else {
        print_text(&text(answer));
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

#[allow(clippy::print_stdout)]
pub(crate) fn print_text(s: &str) {
    print!("{s}");
}

#[allow(clippy::print_stderr)]
pub(crate) fn eprint_text(s: &str) {
    eprint!("{s}");
}
