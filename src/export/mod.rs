//! `export`: the graph's wire formats. The only stage that writes output
//! files; every file is written to a temporary file beside the target and
//! renamed, so a failure never leaves a half-written file.

pub mod csv;
pub mod cypher;
pub mod dot;
pub mod evidence;
pub mod filter;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
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
    /// A focus name matches several entities.
    #[error("{name:?} names {} entities; give one of these ids instead:\n  {}", candidates.len(), candidates.join("\n  "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// One line per matching entity, starting with its id.
        candidates: Vec<String>,
    },
    /// A focus name matches nothing.
    #[error("no entity is named {name:?}{}", if suggestions.is_empty() { String::new() } else { format!("; names containing it: {}", suggestions.join(", ")) })]
    NotFound {
        /// The name asked for.
        name: String,
        /// Names that contain it.
        suggestions: Vec<String>,
    },
}

/// Write `bytes` to `path` atomically: a temporary file in the same
/// directory, synced, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |e| ExportError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".govgraph-")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    // tempfile creates 0600 files; outputs are meant to be read and served
    // like any file the user writes (0644, less the umask's usual bits).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
