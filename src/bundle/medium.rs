//! Putting a bundle's two files on the medium: the encrypted file written as a stream under a
//! temporary name (hashed as it goes, for the signature over it), its signature beside it,
//! both flushed, renamed into place and the directory flushed. A bundle under its own name
//! always has its signature beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha512};
use ssh_key::{HashAlg, LineEnding, SshSig};

use super::BundleError;
use super::format::OUTER_NAMESPACE;
use super::identity::StationKeys;
use super::names::signature_path;
use crate::domain::station::BundleKind;

/// The output directory must exist: say which way it is wrong.
pub fn check_dir(dir: &Path) -> Result<(), BundleError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(BundleError::io(
            dir,
            "is a file, not a directory: name the directory to write the bundle into",
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BundleError::io(
            dir,
            "no such directory (is the medium mounted?); create it or name another",
        )),
        Err(e) => Err(BundleError::io(dir, e)),
    }
}

/// Files of bundle `number` for `peer` left in `dir` by an export that was never recorded
/// (interrupted between writing and recording), and stale temporary files of any export:
/// removed, so they can neither block this export nor reach the peer as a second bundle
/// `number`.
pub fn clear_unrecorded(
    dir: &Path,
    sender: &str,
    peer: &str,
    kind: BundleKind,
    number: u64,
) -> Result<(), BundleError> {
    let prefix = format!("{sender}_to_{peer}_");
    let numbered = format!("-{number:06}_");
    let kinds: &[BundleKind] = match kind {
        BundleKind::Ack => &[BundleKind::Ack],
        _ => &[BundleKind::Changes, BundleKind::Snapshot],
    };
    let entries = std::fs::read_dir(dir).map_err(|e| BundleError::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let bare = name.strip_prefix('.').unwrap_or(&name);
        let stale_partial = name.starts_with('.') && name.ends_with(".partial");
        let ours = bare.starts_with(&prefix)
            && kinds
                .iter()
                .any(|k| bare[prefix.len()..].starts_with(&format!("{}{numbered}", k.key())));
        if (stale_partial && bare.starts_with(&prefix)) || (ours && !stale_partial) {
            std::fs::remove_file(entry.path()).map_err(|e| BundleError::io(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// A bundle being written under its temporary names.
pub struct Partial {
    dir: PathBuf,
    bundle: PathBuf,
    signature: PathBuf,
    tmp_bundle: PathBuf,
    tmp_signature: PathBuf,
}

/// The encrypted file being written: buffered, and hashed for the signature over it.
pub struct HashingFile {
    file: std::io::BufWriter<std::fs::File>,
    hash: Sha512,
    path: PathBuf,
}

impl Write for HashingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl HashingFile {
    /// Flushes the file to the medium and gives the SHA-512 of everything written.
    pub fn finish(self) -> Result<Vec<u8>, BundleError> {
        let path = self.path;
        let file = self
            .file
            .into_inner()
            .map_err(|e| BundleError::io(&path, e.error()))?;
        file.sync_all().map_err(|e| BundleError::io(&path, e))?;
        Ok(self.hash.finalize().to_vec())
    }
}

impl Partial {
    /// Starts `<name>` in `dir`: refused if a file of that name is there already.
    pub fn create(dir: &Path, name: &str) -> Result<(Partial, HashingFile), BundleError> {
        let bundle = dir.join(name);
        let signature = signature_path(&bundle);
        for path in [&bundle, &signature] {
            if path.exists() {
                return Err(BundleError::io(
                    path,
                    "already exists; move it away or choose another directory",
                ));
            }
        }
        let partial = Partial {
            dir: dir.to_path_buf(),
            tmp_bundle: dir.join(format!(".{name}.partial")),
            tmp_signature: dir.join(format!(".{name}.sig.partial")),
            bundle,
            signature,
        };
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial.tmp_bundle)
            .map_err(|e| BundleError::io(&partial.tmp_bundle, e))?;
        let out = HashingFile {
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            hash: Sha512::new(),
            path: partial.tmp_bundle.clone(),
        };
        Ok((partial, out))
    }

    /// Writes the signature, renames both into place (the signature first) and flushes the
    /// directory; anything left of them is removed on failure.
    pub fn put(&self, signature: &str) -> Result<(PathBuf, PathBuf), BundleError> {
        let done = write_file(&self.tmp_signature, signature.as_bytes())
            .and_then(|()| {
                std::fs::rename(&self.tmp_signature, &self.signature)
                    .map_err(|e| BundleError::io(&self.signature, e))
            })
            .and_then(|()| {
                std::fs::rename(&self.tmp_bundle, &self.bundle)
                    .map_err(|e| BundleError::io(&self.bundle, e))
            })
            .and_then(|()| sync_dir(&self.dir));
        if let Err(e) = done {
            self.discard();
            return Err(e);
        }
        Ok((self.bundle.clone(), self.signature.clone()))
    }

    /// Removes whatever was written.
    pub fn discard(&self) {
        for p in [
            &self.tmp_bundle,
            &self.tmp_signature,
            &self.bundle,
            &self.signature,
        ] {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The outer signature (SSHSIG, namespace `registrar-bundle@v1`, SHA-512) from the SHA-512
/// of the file, computed as it was written: the same signature `ssh-keygen -Y sign` makes.
pub fn sign_digest(keys: &StationKeys, digest: &[u8]) -> Result<String, BundleError> {
    let failed = |e: String| BundleError::Keys(format!("signing: {e}"));
    let data = super::seal::signed_data(OUTER_NAMESPACE, b"", HashAlg::Sha512, digest);
    let signature =
        signature::Signer::try_sign(&keys.ssh, &data).map_err(|e| failed(e.to_string()))?;
    SshSig::new(
        keys.ssh.public_key().key_data().clone(),
        OUTER_NAMESPACE,
        HashAlg::Sha512,
        signature,
    )
    .and_then(|s| s.to_pem(LineEnding::LF))
    .map_err(|e| failed(e.to_string()))
}

fn sync_dir(dir: &Path) -> Result<(), BundleError> {
    // Directories can be opened and flushed on Unix; elsewhere the rename is what there is.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| BundleError::io(dir, e))?;
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| BundleError::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| BundleError::io(path, e))
}
