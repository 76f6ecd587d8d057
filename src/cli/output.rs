//! Writing outputs atomically: a temporary file beside the target, flushed to disk, then renamed
//! over it, so that a reader never sees half a file and a failure never leaves one behind.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically.
#[allow(clippy::disallowed_methods)] // this is the one place outputs are created
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let temporary = path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(anyhow::anyhow!("{}: cannot write: {error}", path.display()));
    }
    Ok(())
}

/// Creates a folder and its parents, if missing.
pub(crate) fn create_dir(path: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", path.display()))
}
