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
use std::sync::{Mutex, MutexGuard};

/// Held while output files are being written.
static OUTPUTS: Mutex<()> = Mutex::new(());

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
