//! SIGINT, SIGTERM and SIGHUP: stop the build without touching the previous
//! output.
//!
//! Outputs are only ever written by `export::write_atomic` (temporary file,
//! then rename), and only while [`writing_outputs`]'s guard is held. The
//! handler thread takes the same lock before it exits, so it never exits
//! in the middle of writing: when it runs, every temporary file has been
//! renamed or removed, no new one can be created, and the output directory
//! holds either the previous build or the complete new one, never a mix of
//! half-written files. A signal during extraction (the long part) exits at
//! once, leaving the previous output byte for byte as it was.
//!
//! signal-hook rather than ctrlc: ctrlc's handler is not told which signal
//! arrived, and the exit status must say it (128 + signal number: 130 for
//! SIGINT, 143 for SIGTERM, 129 for SIGHUP, as shells report a process
//! killed by that signal).

use anyhow::{Context, Result};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Held while output files are being written.
static OUTPUTS: Mutex<()> = Mutex::new(());

/// Files a signal must not leave behind: the temporary file a streamed
/// output grows in (mentions.jsonl, a shard) and an output directory this
/// run created. Removed, last first, before the process exits.
static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove `path` (a temporary file, or a directory this run created, if it
/// is empty by then) should a signal end the run.
pub fn remove_on_signal(path: &Path) {
    let mut c = CLEANUP.lock().unwrap_or_else(|e| e.into_inner());
    c.push(path.to_path_buf());
}

/// Directories (a build's staging directory) a signal must remove with
/// everything in them.
static TREES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove the directory `path` and all it holds should a signal end the run.
pub fn remove_tree_on_signal(path: &Path) {
    let mut c = TREES.lock().unwrap_or_else(|e| e.into_inner());
    c.push(path.to_path_buf());
}

/// `path` is no longer to be removed by a signal (it was switched in).
pub fn keep_tree_on_signal(path: &Path) {
    let mut c = TREES.lock().unwrap_or_else(|e| e.into_inner());
    c.retain(|p| p != path);
}

/// `path` is no longer to be removed (it was renamed into place, or kept).
pub fn keep_on_signal(path: &Path) {
    let mut c = CLEANUP.lock().unwrap_or_else(|e| e.into_inner());
    c.retain(|p| p != path);
}

/// Start the thread that waits for SIGINT, SIGTERM or SIGHUP.
pub fn install() -> Result<()> {
    let mut signals =
        Signals::new([SIGINT, SIGTERM, SIGHUP]).context("installing signal handlers")?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Wait for any write in progress to finish, and keep the
                // lock so that no other starts.
                let _held = OUTPUTS.lock().unwrap_or_else(|e| e.into_inner());
                let name = match signal {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                let cleanup = CLEANUP.lock().unwrap_or_else(|e| e.into_inner());
                for p in cleanup.iter().rev() {
                    let _ = std::fs::remove_file(p).or_else(|_| std::fs::remove_dir(p));
                }
                for p in TREES.lock().unwrap_or_else(|e| e.into_inner()).iter() {
                    let _ = std::fs::remove_dir_all(p);
                }
                eprintln!("govgraph: interrupted by {name}; earlier output left as it was");
                std::process::exit(128 + signal);
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

/// Hold this guard while writing outputs: a signal then takes effect only
/// once the guard is dropped.
pub fn writing_outputs() -> MutexGuard<'static, ()> {
    OUTPUTS.lock().unwrap_or_else(|e| e.into_inner())
}
