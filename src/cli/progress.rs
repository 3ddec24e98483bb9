//! A progress bar on stderr for long runs: shown only when stderr is a
//! terminal, and only once the run has taken more than a second, so short
//! builds, pipes and CI logs stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long a run goes before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Progress of a run, counted in documents.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
}

impl Progress {
    /// A bar for `total` documents (a counter when the total is unknown).
    pub fn new(total: Option<usize>, verb: &'static str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::with_draw_target(
                total.map(|t| t as u64),
                ProgressDrawTarget::hidden(),
            );
            let template = if total.is_some() {
                "{prefix} [{elapsed_precise}] {wide_bar} {pos}/{len} documents, {per_sec}, ETA {eta} {msg}"
            } else {
                "{prefix} [{elapsed_precise}] {spinner} {pos} documents, {per_sec} {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                b.set_style(style);
            }
            b.set_prefix(verb);
            b
        });
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
        }
    }

    /// `n` more documents done.
    pub fn inc(&mut self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc(n as u64);
            self.reveal(b.clone());
        }
    }

    /// What the run is doing now (writing graph.json …).
    pub fn message(&mut self, msg: &'static str) {
        if let Some(b) = &self.bar {
            b.set_message(msg);
            self.reveal(b.clone());
        }
    }

    fn reveal(&mut self, b: ProgressBar) {
        if !self.shown && self.start.elapsed() > SHOW_AFTER {
            b.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    /// Clear the bar before the run's summary is printed.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
