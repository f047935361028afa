//! Reading and writing the command's files and streams; `-` is standard input.

use std::io::{Read, Write};
use std::path::Path;

use rotaflow::Assignment;

use crate::exit::{Exit, Failure};

/// The text of a file, or of standard input for `-`.
pub(crate) fn read(path: &Path) -> Result<String, Failure> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::new(Exit::Io, format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Failure::new(Exit::Io, format!("cannot read {}: {e}", path.display())))
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

/// A roster file, or a bare list of assignments.
pub(crate) fn read_assignments(path: &Path) -> Result<Vec<Assignment>, Failure> {
    let text = read(path)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Failure::new(Exit::Io, format!("{} is not JSON: {e}", path.display())))?;
    let list = match &value {
        serde_json::Value::Object(m) => m.get("assignments").cloned().ok_or_else(|| {
            Failure::new(
                Exit::Io,
                format!(
                    "{} has no `assignments` list; is it a roster?",
                    path.display()
                ),
            )
        })?,
        serde_json::Value::Array(_) => value,
        _ => {
            return Err(Failure::new(
                Exit::Io,
                format!(
                    "{} must be a roster or a list of assignments",
                    path.display()
                ),
            ));
        }
    };
    serde_json::from_value(list).map_err(|e| {
        Failure::new(
            Exit::Io,
            format!(
                "{}: the assignments must each be {{\"shift\": …, \"clinician\": …}}: {e}",
                path.display()
            ),
        )
    })
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
    /// The problem, validated, and the roster's assignments.
    pub(crate) fn read(&self) -> Result<(rotaflow::Problem, Vec<Assignment>), Failure> {
        let problem = rotaflow::Problem::from_json(&read(&self.problem)?)?;
        Ok((problem, read_assignments(&self.roster)?))
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
