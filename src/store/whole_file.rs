//! Files that appear whole or not at all: a new registry (`init`, `demo`) or a report is
//! written to a temporary file in the same directory, flushed to disk, and only then given
//! its name. A process killed half-way leaves at most a temporary file, which the next run
//! removes; never a half-built file under the real name.

use super::error::StoreError;
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The temporary name of `path` while process `pid` builds it: `.NAME.building-PID`, hidden,
/// beside it (same directory, so same file system: the final step is a link, not a copy).
fn building_name(path: &Path, pid: u32) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".building-{pid}"));
    path.with_file_name(name)
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.into(),
        message: e.to_string(),
    }
}

/// Removes what killed builds of `path` left behind, and scratch files (`scratch`) a killed
/// import or export could not unname: temporary files whose process no longer runs (a live
/// one may be another process building the same file right now).
pub fn remove_leftovers(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let building = format!(
        ".{}.building-",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let scratch = super::scratch::scratch_prefix(path);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(dir, e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // `.NAME.building-PID`, or a scratch file's `.NAME.scratch-PID-XXXXXX`.
        let Some(pid) = name.strip_prefix(&building).or_else(|| {
            name.strip_prefix(&scratch)
                .and_then(|rest| rest.split_once('-'))
                .map(|(pid, _)| pid)
        }) else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
        });
        if !alive {
            std::fs::remove_file(entry.path()).map_err(|e| io(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// Builds `path` whole: `build` writes the temporary file it is given (and must have closed
/// it when it returns); the file is then flushed and linked to `path`, which must not exist
/// (two processes racing cannot both win, and nothing existing is replaced). On any error,
/// or if `path` appeared meanwhile, the temporary file is removed and `path` is untouched.
pub fn build_whole<T, E: From<StoreError>>(
    path: &Path,
    build: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    remove_leftovers(path)?;
    if path.exists() {
        return Err(StoreError::AlreadyExists { path: path.into() }.into());
    }
    let tmp = building_name(path, std::process::id());
    let _ = std::fs::remove_file(&tmp);
    let result = build(&tmp).and_then(|value| {
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io(&tmp, e))?;
        std::fs::hard_link(&tmp, path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::AlreadyExists { path: path.into() },
            _ => io(path, e),
        })?;
        Ok(value)
    });
    let _ = std::fs::remove_file(&tmp);
    if result.is_ok() {
        sync_dir(path);
    }
    result
}

/// Flushes the directory entry of `path` (its new name), where the platform allows it.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Writes `path` whole (a report): `write` fills a temporary file beside it, which is then
/// flushed and renamed over `path`. On failure (a full disk) the temporary file is removed:
/// no empty or truncated file is left under either name.
pub fn stream_whole<T, E: From<StoreError>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    remove_leftovers(path)?;
    let tmp = building_name(path, std::process::id());
    let result = File::create(&tmp)
        .map_err(|e| E::from(io(path, e)))
        .and_then(|mut file| {
            let value = write(&mut file)?;
            file.sync_all().map_err(|e| io(path, e))?;
            std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
            Ok(value)
        });
    match result {
        Ok(value) => {
            sync_dir(path);
            Ok(value)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_build_leaves_nothing_and_leftovers_of_dead_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.redb");
        // A dead process's leftover (no process has a pid that large) and another file that
        // merely looks alike.
        std::fs::write(building_name(&path, 4_000_000_000), b"half").unwrap();
        std::fs::write(dir.path().join(".other.redb.building-1"), b"x").unwrap();
        let err = build_whole(&path, |tmp| -> Result<(), StoreError> {
            std::fs::write(tmp, b"partial").unwrap();
            Err(StoreError::Corrupt("stop".into()))
        });
        assert!(err.is_err());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".other.redb.building-1"]);
        build_whole(&path, |tmp| {
            std::fs::write(tmp, b"whole").map_err(|e| io(tmp, e))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert!(matches!(
            build_whole::<(), StoreError>(&path, |_| Ok(())),
            Err(StoreError::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
    }

    /// A report on a full disk: the write fails half-way (as `ENOSPC` would); no file is
    /// left under the report's name or the temporary one. Before, the report was created
    /// under its own name first, and a full disk left it empty.
    #[test]
    fn a_write_that_fails_half_way_leaves_no_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oversight.json");
        let err = stream_whole(&path, |file| -> Result<(), StoreError> {
            file.write_all(b"{\"records\":[")
                .map_err(|e| io(&path, e))?;
            Err(io(
                &path,
                std::io::Error::from_raw_os_error(28), // ENOSPC
            ))
        })
        .unwrap_err();
        assert!(err.to_string().contains("oversight.json"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        stream_whole(&path, |file| {
            file.write_all(b"{}").map_err(|e| io(&path, e))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
