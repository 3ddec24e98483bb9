//! A build directory committed as one generation.
//!
//! A build writes several files that belong together (graph.json,
//! mentions.jsonl, sources.json, graph.dot, graph.svg). Renaming each into
//! place one by one would let a crash between two renames leave a new
//! graph.json beside an old sources.json. Instead the whole new set is
//! written into a staging directory beside the output directory
//! (`.NAME.govgraph-new-PID-N`, on the same file system), and the two
//! directories are switched in one step: on Linux with
//! `renameat2(RENAME_EXCHANGE)`, which swaps them atomically, so the output
//! path names the old set or the new set at every instant, never a mix;
//! elsewhere (or on a file system without the exchange) the old directory
//! is renamed aside and the new one renamed in, so there is a moment with
//! no directory at that path, never a mixed one. The old set is then
//! removed.
//!
//! A run killed at any point leaves the output directory as it was, and at
//! worst a staging directory beside it, which the next build into the same
//! directory removes (once the process that made it is gone).
//!
//! Files in the output directory that govgraph did not write (notes, a
//! README) are carried into the new set by hard links (copies where links
//! fail). A subdirectory cannot be carried atomically: an output directory
//! holding one is refused before anything is built, as is the working
//! directory itself (a shell standing in it would be left in a removed
//! directory).

use super::ExportError;
use std::path::{Path, PathBuf};

/// The files a build writes, and the query index written beside them:
/// the new set replaces these, they are not carried over.
pub const BUILD_FILES: &[&str] = &[
    "graph.json",
    "graph.dot",
    "graph.svg",
    "mentions.jsonl",
    "sources.json",
    "graph.index",
];

/// Prefix of temporary files govgraph writes inside a directory.
const TEMP_PREFIX: &str = ".govgraph-";

/// A new generation of an output directory, being written.
#[derive(Debug)]
pub struct Generation {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn refuse(path: &Path, why: String) -> ExportError {
    ExportError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(why),
    }
}

impl Generation {
    /// Start a new generation of `target`: remove what interrupted runs
    /// left beside it, check that it can be replaced as a whole, and create
    /// an empty staging directory to write the new set into.
    pub fn begin(target: &Path) -> Result<Generation, ExportError> {
        let meta = std::fs::metadata(target);
        // A symlink to a directory: the directory it leads to is replaced,
        // the link stays.
        let target = match &meta {
            Ok(m) if m.is_dir() => std::fs::canonicalize(target).map_err(io(target))?,
            Ok(_) => return Err(refuse(target, "not a directory".into())),
            Err(_) => target.to_path_buf(),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| refuse(&target, "not a directory name one can write".into()))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if parent.exists() && !parent.is_dir() {
            return Err(refuse(
                &target,
                format!("{} is not a directory", parent.display()),
            ));
        }
        std::fs::create_dir_all(&parent).map_err(io(&target))?;
        if meta.is_ok() {
            check_replaceable(&target)?;
        }
        remove_leftovers(&parent, &name);
        let stem = format!(".{name}.govgraph-new-{}-", std::process::id());
        let mut n = 0u32;
        let staging = loop {
            let p = parent.join(format!("{stem}{n}"));
            match std::fs::create_dir(&p) {
                Ok(()) => break p,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                // Named as the output directory: the staging name means
                // nothing to the user.
                Err(e) => return Err(io(&target)(e)),
            }
        };
        Ok(Generation {
            target,
            staging,
            done: false,
        })
    }

    /// The directory to write the new set into.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// The output directory (a symlink given as `--out` resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Switch the new set in: carry over the files govgraph did not write,
    /// put the new directory in place in one step and remove the old one.
    pub fn commit(mut self) -> Result<(), ExportError> {
        let old_exists = std::fs::symlink_metadata(&self.target).is_ok();
        if old_exists {
            check_replaceable(&self.target)?;
            carry_over(&self.target, &self.staging)?;
            copy_permissions(&self.target, &self.staging);
        }
        sync_dir(&self.staging);
        if !old_exists {
            std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        } else if !exchange(&self.staging, &self.target) {
            // No atomic exchange here: the old set is renamed aside first.
            let aside = PathBuf::from(format!("{}-old", self.staging.display()));
            std::fs::rename(&self.target, &aside).map_err(io(&self.target))?;
            if let Err(e) = std::fs::rename(&self.staging, &self.target) {
                let _ = std::fs::rename(&aside, &self.target);
                return Err(io(&self.target)(e));
            }
            let _ = std::fs::rename(&aside, &self.staging);
        }
        self.done = true;
        if let Some(parent) = self.target.parent() {
            sync_dir(parent);
        }
        // The staging path now holds the old set (or nothing).
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(())
    }
}

impl Drop for Generation {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Refuse an output directory that cannot be replaced as a whole: one
/// holding a subdirectory, or the working directory (or one above it).
fn check_replaceable(target: &Path) -> Result<(), ExportError> {
    if let (Ok(cwd), Ok(t)) = (std::env::current_dir(), std::fs::canonicalize(target)) {
        if cwd.starts_with(&t) {
            return Err(refuse(
                target,
                "the output directory is replaced as a whole and cannot be the working \
                 directory or hold it; give --out a directory of its own"
                    .into(),
            ));
        }
    }
    for entry in std::fs::read_dir(target).map_err(io(target))? {
        let entry = entry.map_err(io(target))?;
        let ft = entry.file_type().map_err(io(&entry.path()))?;
        if ft.is_dir() {
            return Err(refuse(
                target,
                format!(
                    "holds a directory govgraph did not write ({}); the output directory \
                     is replaced as a whole: give --out a directory of its own",
                    entry.file_name().to_string_lossy()
                ),
            ));
        }
    }
    Ok(())
}

/// Hard-link (or copy) into `new` every file of `old` a build does not
/// write: the user's own files survive the switch.
fn carry_over(old: &Path, new: &Path) -> Result<(), ExportError> {
    for entry in std::fs::read_dir(old).map_err(io(old))? {
        let entry = entry.map_err(io(old))?;
        let name = entry.file_name();
        let s = name.to_string_lossy();
        if BUILD_FILES.contains(&s.as_ref()) || s.starts_with(TEMP_PREFIX) {
            continue;
        }
        let from = entry.path();
        let to = new.join(&name);
        if to.exists() {
            continue;
        }
        let ft = entry.file_type().map_err(io(&from))?;
        if ft.is_symlink() {
            #[cfg(unix)]
            {
                let link = std::fs::read_link(&from).map_err(io(&from))?;
                std::os::unix::fs::symlink(link, &to).map_err(io(&to))?;
            }
        } else if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(io(&from))?;
        }
    }
    Ok(())
}

/// Give the new directory the old one's permissions.
fn copy_permissions(old: &Path, new: &Path) {
    if let Ok(m) = std::fs::metadata(old) {
        let _ = std::fs::set_permissions(new, m.permissions());
    }
}

/// Flush a directory's entries to disk (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Swap two directories in one step; false where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Remove staging directories of earlier runs into `name` that were
/// interrupted (their process is gone).
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.govgraph-new-");
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in rd.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(alive) {
            continue;
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

/// Whether process `pid` runs (this one never counts as a leftover maker
/// of another run; on systems without /proc, no process is taken as alive).
fn alive(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
}

/// Remove temporary files an interrupted run left inside `dir`
/// (`.govgraph-*`), e.g. before a query reads it. Returns how many.
pub fn remove_temp_files(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in rd.flatten() {
        let is_temp = entry
            .file_name()
            .to_str()
            .is_some_and(|f| f.starts_with(TEMP_PREFIX));
        if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
            n += usize::from(std::fs::remove_file(entry.path()).is_ok());
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_switches_the_whole_set_and_keeps_foreign_files() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let g = Generation::begin(&out).unwrap();
        std::fs::write(g.dir().join("graph.json"), "one").unwrap();
        std::fs::write(g.dir().join("sources.json"), "one").unwrap();
        assert!(!out.exists(), "nothing in place before the commit");
        g.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("graph.json")).unwrap(),
            "one"
        );
        std::fs::write(out.join("notes.md"), "mine").unwrap();
        std::fs::write(out.join("graph.svg"), "stale picture").unwrap();
        std::fs::write(out.join(".govgraph-abc"), "temp").unwrap();

        let g = Generation::begin(&out).unwrap();
        std::fs::write(g.dir().join("graph.json"), "two").unwrap();
        // Before the commit the old set is whole.
        assert_eq!(
            std::fs::read_to_string(out.join("graph.json")).unwrap(),
            "one"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("sources.json")).unwrap(),
            "one"
        );
        g.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("graph.json")).unwrap(),
            "two"
        );
        assert!(
            !out.join("sources.json").exists(),
            "an old build file survived"
        );
        assert!(!out.join("graph.svg").exists());
        assert!(!out.join(".govgraph-abc").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("notes.md")).unwrap(),
            "mine"
        );
        let left: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "staging directories left: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn generation_through_a_symlink_replaces_the_directory_it_leads_to() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("graph.json"), "old").unwrap();
        let link = d.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let g = Generation::begin(&link).unwrap();
        std::fs::write(g.dir().join("graph.json"), "new").unwrap();
        g.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(real.join("graph.json")).unwrap(),
            "new"
        );
    }

    #[test]
    fn generation_dropped_leaves_the_old_set_and_no_staging() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("graph.json"), "old").unwrap();
        let g = Generation::begin(&out).unwrap();
        std::fs::write(g.dir().join("graph.json"), "new").unwrap();
        drop(g);
        assert_eq!(
            std::fs::read_to_string(out.join("graph.json")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn generation_removes_leftovers_of_dead_runs_and_refuses_subdirectories() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        std::fs::create_dir(&out).unwrap();
        // A pid no process has (above the kernel's limit).
        let dead = d.path().join(".out.govgraph-new-4294967295-0");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("graph.json"), "half").unwrap();
        let g = Generation::begin(&out).unwrap();
        assert!(!dead.exists());
        drop(g);
        std::fs::create_dir(out.join("pages")).unwrap();
        let e = Generation::begin(&out).unwrap_err().to_string();
        assert!(
            e.contains("pages") && e.contains("directory of its own"),
            "{e}"
        );
        let file = d.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let e = Generation::begin(&file).unwrap_err().to_string();
        assert!(e.contains("not a directory"), "{e}");
    }
}
