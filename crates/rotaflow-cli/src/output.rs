//! Writing the command's output files so that a failed write never destroys what was there.
//!
//! Each file is written to a temporary file beside it (same folder, so the rename cannot
//! cross file systems), flushed to disk (`fsync`), then renamed over the path: a reader
//! sees the old file or the new one, never half of one. A write that fails (a full disk, a
//! folder that is read-only) removes its temporary file and leaves the old file as it was.
//!
//! The outputs of one command (the roster and its report, the roster and its diff) are
//! written as a batch ([`Outputs`]): every temporary file is written first, and only when
//! all are complete are they renamed into place; a failure before that writes none of
//! them. A rename can still fail after others succeeded (it is rare: the folder's
//! permissions changed between the two), and the message then says which files were
//! written and which were not.
//!
//! A path that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe)
//! is written directly: it cannot be replaced, and there is no earlier content to keep. A
//! symbolic link is followed, so the file it points at is the one replaced.
//!
//! A signal (Ctrl-C, SIGTERM) ends the process with the default action, so one that lands
//! between writing a temporary file and renaming it leaves that temporary file
//! (`.NAME.rotaflow-PID.tmp`, hidden beside the output) but never a damaged output.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::exit::{Exit, Failure};

/// Output files written together: every one or none, as far as the file system allows.
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    files: Vec<(PathBuf, String)>,
}

impl Outputs {
    /// No files yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Add a file to write.
    pub(crate) fn add(&mut self, path: &Path, text: String) {
        self.files.push((path.to_owned(), text));
    }

    /// Write every file: all temporary files first, then the renames.
    ///
    /// # Errors
    /// Exit status 3 with a sentence naming the file that failed, why, and which of the
    /// others were written (none, unless a rename failed after others succeeded).
    pub(crate) fn commit(self) -> Result<(), Failure> {
        let mut staged: Vec<Staged> = Vec::with_capacity(self.files.len());
        for (path, text) in &self.files {
            match Staged::write(path, text.as_bytes()) {
                Ok(s) => staged.push(s),
                Err(e) => {
                    drop(staged); // removes the temporary files written so far
                    return Err(failure(path, &e, &[], &self.files));
                }
            }
        }
        let mut written: Vec<PathBuf> = Vec::new();
        let mut staged = staged.into_iter();
        while let Some(s) = staged.next() {
            let path = s.shown.clone();
            if let Err(e) = s.finish() {
                drop(staged.collect::<Vec<_>>());
                return Err(failure(&path, &e, &written, &self.files));
            }
            written.push(path);
        }
        Ok(())
    }
}

/// Write one file in place of `path` (see the module's documentation).
///
/// # Errors
/// Exit status 3 with a sentence naming the file and why.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    let mut outputs = Outputs::new();
    outputs.add(path, text.to_owned());
    outputs.commit()
}

/// `cannot write PATH: ERROR`, and when the batch had other files, which were written.
fn failure(
    path: &Path,
    error: &std::io::Error,
    written: &[PathBuf],
    all: &[(PathBuf, String)],
) -> Failure {
    let mut message = format!("cannot write {}: {error}", path.display());
    if all.len() > 1 {
        let shown = |paths: Vec<&Path>| {
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let not_written: Vec<&Path> = all
            .iter()
            .map(|(p, _)| p.as_path())
            .filter(|p| !written.iter().any(|w| w == p))
            .collect();
        if written.is_empty() {
            message.push_str(&format!(
                "; nothing was written (not written: {})",
                shown(not_written)
            ));
        } else {
            message.push_str(&format!(
                "; written: {}; not written: {}",
                shown(written.iter().map(PathBuf::as_path).collect()),
                shown(not_written)
            ));
        }
    }
    Failure::new(Exit::Io, message)
}

/// A file whose new content is complete on disk, waiting to be renamed into place.
#[derive(Debug)]
struct Staged {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// Where the new content is, and where it goes; `None` when the path was written
    /// directly (not a regular file).
    rename: Option<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Write `bytes` to a temporary file beside `path` and flush it to disk, or write a
    /// path that is not a regular file directly.
    fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let target = match std::fs::metadata(path) {
            // Follow a symbolic link: the file it points at is the output.
            Ok(meta) if meta.is_file() => std::fs::canonicalize(path)?,
            Ok(_) => {
                // A device, a pipe, a terminal: nothing to keep, and it cannot be renamed
                // over. (A folder fails here, as it should.)
                let mut f = OpenOptions::new().write(true).truncate(true).open(path)?;
                f.write_all(bytes)?;
                f.flush()?;
                return Ok(Staged {
                    shown: path.to_owned(),
                    rename: None,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_owned(),
            Err(e) => return Err(e),
        };
        let name = target.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name")
        })?;
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let (tmp, mut file) = temporary(&folder, name)?;
        let staged = Staged {
            shown: path.to_owned(),
            rename: Some((tmp, target.clone())),
        };
        // From here on, dropping `staged` removes the temporary file.
        if let Ok(meta) = std::fs::metadata(&target) {
            // Keep the permissions of the file being replaced.
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(staged)
    }

    /// Rename the temporary file into place, and flush the folder so the rename itself
    /// survives a crash.
    fn finish(mut self) -> std::io::Result<()> {
        let Some((tmp, target)) = self.rename.take() else {
            return Ok(());
        };
        if let Err(e) = std::fs::rename(&tmp, &target) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Best effort: some file systems cannot open or sync a folder, and the file's
            // content is already safe.
            if let Ok(dir) = File::open(folder) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.rename.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A new temporary file in `folder` for `name`: `.NAME.rotaflow-PID-N.tmp`, created
/// exclusively (never an existing file).
fn temporary(folder: &Path, name: &std::ffi::OsStr) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut file_name = std::ffi::OsString::from(".");
        file_name.push(name);
        file_name.push(format!(".rotaflow-{}-{n}.tmp", std::process::id()));
        let tmp = folder.join(file_name);
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rotaflow-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("tmp dir");
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_stays() {
        let dir = folder("replace");
        let path = dir.join("roster.json");
        std::fs::write(&path, "old").expect("write");
        write_file(&path, "new").expect("writes");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(entries(&dir), ["roster.json"]);
        // A new file, in a relative folder too.
        let fresh = dir.join("fresh.json");
        write_file(&fresh, "x").expect("writes");
        assert_eq!(entries(&dir), ["fresh.json", "roster.json"]);
    }

    #[test]
    fn a_batch_that_cannot_write_one_file_writes_none() {
        let dir = folder("batch");
        let roster = dir.join("roster.json");
        std::fs::write(&roster, "old roster").expect("write");
        let mut outputs = Outputs::new();
        outputs.add(&roster, "new roster".to_owned());
        outputs.add(&dir.join("missing/report.html"), "<html>".to_owned());
        let f = outputs
            .commit()
            .expect_err("the report's folder does not exist");
        assert_eq!(f.exit, Exit::Io);
        assert!(f.message.contains("missing/report.html"), "{}", f.message);
        assert!(f.message.contains("nothing was written"), "{}", f.message);
        assert_eq!(
            std::fs::read_to_string(&roster).expect("read"),
            "old roster"
        );
        assert_eq!(entries(&dir), ["roster.json"]);
    }

    #[test]
    fn a_path_that_is_not_a_regular_file_is_written_directly() {
        write_file(Path::new("/dev/null"), "into the void").expect("writes /dev/null");
        let meta = std::fs::metadata("/dev/null").expect("still there");
        assert!(!meta.is_file(), "/dev/null was replaced by a file");
        if Path::new("/dev/full").exists() {
            let f = write_file(Path::new("/dev/full"), "x").expect_err("full");
            assert!(
                f.message.starts_with("cannot write /dev/full: "),
                "{}",
                f.message
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_replaced_file() {
        let dir = folder("link");
        let real = dir.join("real.json");
        std::fs::write(&real, "old").expect("write");
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write_file(&link, "new").expect("writes");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        assert_eq!(entries(&dir), ["link.json", "real.json"]);
    }
}
