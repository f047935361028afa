//! Exit statuses: what each number means, and the one place a library error becomes one.
//!
//! The numbers are stable (the README's table); scripts branch on them.

use std::fmt::Write as _;

use rotaflow::{Error, ErrorCode, Roster, Status};

/// How the command ended. The discriminants are the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Exit {
    /// Success (solve: a roster was found; validate: no problems; score: no breach).
    Success = 0,
    /// The input has problems: validation issues, or `score` found hard-rule breaches.
    InvalidInput = 1,
    /// The command line is wrong.
    Usage = 2,
    /// A file could not be read or written, or a roster file is not a roster.
    Io = 3,
    /// The problem is infeasible (the roster, with its reason, is still written).
    Infeasible = 4,
    /// The method asked for cannot solve this problem (not flow-representable, MIP absent).
    MethodCannotSolve = 5,
    /// Numbers out of range, or an internal error.
    Internal = 6,
    /// The time limit ended the search before any feasible roster was known (the roster,
    /// `no_solution` with its reason, is still written); not a proof of infeasibility.
    NoSolution = 7,
    /// The solve would need more memory than `--memory-limit` (default three quarters of
    /// the machine's memory): refused before its model was built, nothing written.
    TooLarge = 8,
    /// Ctrl-C (SIGINT) ended the command; with `--method decompose` the best roster so far
    /// was written, otherwise the output files are as they were.
    Interrupted = 130,
    /// SIGTERM ended the command, as for [`Exit::Interrupted`].
    Terminated = 143,
}

impl Exit {
    /// `Success` when `ok`, else `otherwise`.
    pub(crate) fn unless(ok: bool, otherwise: Exit) -> Exit {
        if ok { Exit::Success } else { otherwise }
    }

    /// The status of a command that wrote `roster`: an infeasible roster, or none found in
    /// time, is written but does not succeed.
    pub(crate) fn for_roster(roster: &Roster) -> Exit {
        match roster.status {
            Status::Optimal | Status::Feasible => Exit::Success,
            Status::Infeasible => Exit::Infeasible,
            Status::NoSolution => Exit::NoSolution,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// An error that ends the command: a sentence for stderr and an exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) exit: Exit,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }
}

/// The exit status of each of the core's stable error codes (`Error::code()`): the only
/// mapping from a library error to an [`Exit`].
///
/// `ErrorCode` is `#[non_exhaustive]`, so a wildcard arm is required; it is
/// `clippy::wildcard_enum_match_arm`, denied here, that makes a new code stop the build
/// (under clippy) until it is given an exit status of its own.
#[deny(clippy::wildcard_enum_match_arm)]
fn exit_of(code: ErrorCode) -> Exit {
    match code {
        ErrorCode::InvalidJson | ErrorCode::Invalid => Exit::InvalidInput,
        ErrorCode::NotFlowRepresentable | ErrorCode::MethodUnavailable => Exit::MethodCannotSolve,
        ErrorCode::OutOfRange | ErrorCode::Internal => Exit::Internal,
        ErrorCode::TooLarge => Exit::TooLarge,
        // Only a code added to rotaflow::ErrorCode after this list was written lands here;
        // clippy (wildcard_enum_match_arm) then fails until it is listed above.
        _ => Exit::Internal,
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let exit = exit_of(error.code());
        let message = match &error {
            Error::Invalid(issues) => {
                let mut message = format!(
                    "the problem is invalid ({} problem{}):",
                    issues.len(),
                    if issues.len() == 1 { "" } else { "s" }
                );
                for issue in issues {
                    let _ = write!(message, "\n  {issue}");
                }
                message
            }
            Error::NotFlowRepresentable(obstacles) => {
                let mut message = "the flow solver cannot represent this problem exactly; \
                                   the rules in the way:"
                    .to_owned();
                for o in obstacles {
                    let _ = write!(message, "\n  {o}");
                }
                message.push_str("\nuse --method mip (or auto), which handles every rule");
                message
            }
            Error::MethodUnavailable(m) => m.clone(),
            _ => error.to_string(),
        };
        Failure { exit, message }
    }
}
