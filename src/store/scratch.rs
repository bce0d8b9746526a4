//! Scratch files beside the registry: the copy of a bundle being imported (encrypted under a
//! key that lives only in the process), the plaintext kept for re-sending while an export is
//! written. They are on the registry's own disk (never the system's temporary directory, which
//! may be another, unprotected disk) and unnamed: the name `.NAME.scratch-PID-XXXXXX` exists
//! only between creating the file and removing its name, a few microseconds, so the file goes
//! with the process however it ends. One a process killed in that instant left is removed by
//! the next open of the registry (`whole_file::remove_leftovers`).

use std::fs::File;
use std::path::Path;

use super::error::StoreError;

/// The hidden prefix of the scratch files of the registry at `path`, before the pid.
pub fn scratch_prefix(path: &Path) -> String {
    format!(
        ".{}.scratch-",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// A new, empty, unnamed file beside the registry at `path`, open for reading and writing.
pub fn scratch_file(path: &Path) -> Result<File, StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(&format!("{}{}-", scratch_prefix(path), std::process::id()))
        .tempfile_in(dir)
        // Its name goes at once; the open file stays.
        .map(tempfile::NamedTempFile::into_file)
        .map_err(|e| StoreError::Io {
            path: dir.into(),
            message: format!("a scratch file beside the registry cannot be made ({e})"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek, Write};

    #[test]
    fn a_scratch_file_has_no_name_and_leftovers_of_dead_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.redb");
        let mut f = scratch_file(&path).unwrap();
        f.write_all(b"kept").unwrap();
        f.rewind().unwrap();
        let mut back = String::new();
        f.read_to_string(&mut back).unwrap();
        assert_eq!(back, "kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // A dead process's leftover (no pid is that large), a live one's (this process), and
        // another registry's.
        let dead = dir.path().join(".r.redb.scratch-4000000000-abc123");
        let live = dir
            .path()
            .join(format!(".r.redb.scratch-{}-abc123", std::process::id()));
        let other = dir.path().join(".s.redb.scratch-4000000000-abc123");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        super::super::whole_file::remove_leftovers(&path).unwrap();
        assert!(!dead.exists() && live.exists() && other.exists());
    }
}
