//! The copy of a bundle's content an import applies from: the frames the first pass decrypted
//! and checked, written as they were checked to a scratch file beside the registry
//! (`store::scratch`: unnamed, on the registry's own disk), encrypted with age to an x25519
//! identity made for this one import and kept only in memory. Applying, holding or
//! quarantining then reads this copy, never the medium again: a medium that serves other
//! bytes on a later reading cannot put unchecked content in the registry, and a slow or
//! hostile stick is never read while the registry's write transaction is open.
//!
//! Why age and not a hand-made AEAD stream: age is already how bundles are encrypted here;
//! its STREAM construction authenticates every 64 KiB piece and the end, so a copy that was
//! altered, cut short or extended on the disk is an error when read, with no nonce handling
//! of our own to get wrong. The identity never leaves the process, so the file is unreadable
//! once the process has ended (and has no name to be found by).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::BundleError;
use crate::store::scratch::scratch_file;

/// The copy being written.
pub struct CopyWriter {
    out: age::stream::StreamWriter<BufWriter<File>>,
    identity: age::x25519::Identity,
    registry: std::path::PathBuf,
}

/// The finished copy.
pub struct CheckedCopy {
    file: File,
    identity: age::x25519::Identity,
    registry: std::path::PathBuf,
}

impl CopyWriter {
    /// A new copy beside the registry at `registry`.
    pub fn create(registry: &Path) -> Result<CopyWriter, BundleError> {
        let file = scratch_file(registry)?;
        let identity = age::x25519::Identity::generate();
        let to = identity.to_public();
        let out = age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient))
            .and_then(|e| {
                e.wrap_output(BufWriter::with_capacity(1 << 20, file))
                    .map_err(Into::into)
            })
            .map_err(|e| failed(registry, e))?;
        Ok(CopyWriter {
            out,
            identity,
            registry: registry.to_path_buf(),
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), BundleError> {
        self.out
            .write_all(bytes)
            .map_err(|e| failed(&self.registry, e))
    }

    /// Ends the copy (its last piece authenticated as the last).
    pub fn finish(self) -> Result<CheckedCopy, BundleError> {
        let registry = self.registry;
        let file = self
            .out
            .finish()
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .map_err(|e| failed(&registry, e))?;
        Ok(CheckedCopy {
            file,
            identity: self.identity,
            registry,
        })
    }
}

impl CheckedCopy {
    /// The content from its start.
    pub fn reader(&self) -> Result<Box<dyn BufRead + '_>, BundleError> {
        let unreadable = |e: String| {
            BundleError::io(
                &self.registry,
                format!("the checked copy of the bundle beside the registry cannot be read ({e})"),
            )
        };
        (&self.file)
            .seek(SeekFrom::Start(0))
            .map_err(|e| unreadable(e.to_string()))?;
        let decryptor = age::Decryptor::new(BufReader::with_capacity(1 << 16, &self.file))
            .map_err(|e| unreadable(e.to_string()))?;
        let plain = decryptor
            .decrypt(std::iter::once(&self.identity as &dyn age::Identity))
            .map_err(|e| unreadable(e.to_string()))?;
        Ok(Box::new(BufReader::with_capacity(1 << 20, plain)))
    }
}

fn failed(registry: &Path, e: impl std::fmt::Display) -> BundleError {
    BundleError::io(
        registry,
        format!("the checked copy of the bundle cannot be written beside the registry ({e})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_copy_reads_back_as_written_and_is_not_plaintext_on_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let registry = dir.path().join("r.redb");
        let mut w = CopyWriter::create(&registry).unwrap();
        let secret = b"STRICTLY CONFIDENTIAL movements near Bria".repeat(3000);
        w.write(&secret).unwrap();
        let copy = w.finish().unwrap();
        for _ in 0..2 {
            let mut back = Vec::new();
            copy.reader().unwrap().read_to_end(&mut back).unwrap();
            assert_eq!(back, secret);
        }
        let mut raw = Vec::new();
        (&copy.file).seek(SeekFrom::Start(0)).unwrap();
        (&copy.file).read_to_end(&mut raw).unwrap();
        assert!(raw.starts_with(b"age-encryption.org/v1"));
        assert!(!raw.windows(12).any(|w| w == b"CONFIDENTIAL"));
        // Nothing under a name beside the registry.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // A copy altered on the disk is an error when read, never other content.
        use std::os::unix::fs::FileExt;
        copy.file
            .write_all_at(b"\x00\x01", raw.len() as u64 / 2)
            .unwrap();
        let mut back = Vec::new();
        assert!(copy.reader().unwrap().read_to_end(&mut back).is_err());
    }
}
