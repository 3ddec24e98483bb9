//! `export`: the graph's wire formats. The only stage that writes output
//! files; every file is written to a temporary file beside the target and
//! renamed, so a failure never leaves a half-written file.

pub mod csv;
pub mod cypher;
pub mod direct;
pub mod dot;
pub mod evidence;
pub mod filter;
pub mod generation;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod network;
pub mod partition;
pub mod props;
pub mod style;
mod xml;

use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure to export: an output that cannot be written, or a `--focus`
/// that does not name exactly one entity.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing or renaming failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The output path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Graphviz failed.
    #[error("{path}: graphviz failed: {reason}")]
    Graphviz {
        /// The output path.
        path: PathBuf,
        /// What Graphviz said.
        reason: String,
    },
    /// `--focus` names several entities, or none.
    #[error(transparent)]
    Lookup(#[from] crate::model::lookup::LookupError),
}

impl ExportError {
    /// The process exit code: a lookup's own (4 shared name, 5 nothing
    /// found), else 3 (the output could not be written).
    pub fn exit_code(&self) -> u8 {
        match self {
            ExportError::Lookup(l) => l.exit_code(),
            _ => 3,
        }
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same
/// directory, synced, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for output written piece by piece: `write` streams into
/// a buffered temporary file, renamed over `path` only when it succeeds.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let mut f = AtomicFile::create(path)?;
    write(&mut f.writer).map_err(|e| f.error(e))?;
    f.commit()
}

/// An output file being written: a buffered temporary file beside its
/// target (written past the page cache where possible, see [`direct`]),
/// renamed over the target by [`AtomicFile::commit`]. Dropped without a
/// commit, the temporary file is removed and the target is left as it was.
pub struct AtomicFile {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
    /// Where to write.
    pub writer: direct::DirectWriter,
}

impl AtomicFile {
    /// Start writing `path`.
    pub fn create(path: &Path) -> Result<AtomicFile, ExportError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            // Named here: the temporary file's own name means nothing to
            // the user.
            return Err(ExportError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("directory {} does not exist", dir.display()),
                ),
            });
        }
        let tmp = tempfile::Builder::new()
            .prefix(".govgraph-")
            .tempfile_in(dir)
            .map_err(|e| ExportError::Io {
                path: path.to_path_buf(),
                source: e,
            })?;
        // A second handle on the same open file (flags are shared): the
        // writer owns it, the temporary file keeps its name.
        let io = |e| ExportError::Io {
            path: path.to_path_buf(),
            source: e,
        };
        let file = tmp.as_file().try_clone().map_err(io)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp: tmp,
            writer: direct::DirectWriter::new(file).map_err(io)?,
        })
    }

    /// The temporary file's path (to remove it should a signal end the run).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// A write error, named with the target.
    pub fn error(&self, e: std::io::Error) -> ExportError {
        ExportError::Io {
            path: self.path.clone(),
            source: e,
        }
    }

    /// Flush, sync and rename over the target.
    pub fn commit(self) -> Result<(), ExportError> {
        let io = |e| ExportError::Io {
            path: self.path.clone(),
            source: e,
        };
        let file = self.writer.finish().map_err(io)?;
        drop(file);
        let tmp = self.temp;
        // tempfile creates 0600 files; outputs are meant to be read and
        // served like any file the user writes (0644, less the umask's
        // usual bits).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        Ok(())
    }
}
