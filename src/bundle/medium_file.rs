//! The bundle file on the medium as an import reads it: opened once (a link, a device or a
//! pipe named `.age` is refused by name before anything is read), read from its start as
//! often as the import needs, each reading no longer than the first and hashed as it goes,
//! so the reading that is decrypted and checked is proven to be the bytes whose signature
//! was checked (finding 5 of the format-2 review: every reading used to open the file anew).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use sha2::Digest;
use ssh_key::HashAlg;

use super::BundleError;

/// The bundle file, open.
pub struct MediumFile {
    path: PathBuf,
    file: File,
    len: u64,
}

/// What the outer signature covers: the file's hash with the algorithm it names, and how many
/// bytes were hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDigest {
    pub alg: HashAlg,
    pub digest: Vec<u8>,
    pub len: u64,
}

impl MediumFile {
    /// Opens `path`, refusing anything but a regular file no larger than `limit` bytes (`why`
    /// says where the limit comes from).
    pub fn open(path: &Path, limit: u64, why: &str) -> Result<MediumFile, BundleError> {
        let not_regular = |kind: &str| {
            BundleError::refused(
                path,
                format!(
                    "it is {kind}, not a regular file: a bundle is imported only from the file itself (copy it onto the medium)"
                ),
            )
        };
        let meta = std::fs::symlink_metadata(path).map_err(|e| BundleError::io(path, e))?;
        if let Some(kind) = special(&meta) {
            return Err(not_regular(kind));
        }
        let file = open_no_follow(path).map_err(|e| BundleError::io(path, e))?;
        // The name may have been given to something else since it was looked at: what was
        // opened is what counts.
        let meta = file.metadata().map_err(|e| BundleError::io(path, e))?;
        if let Some(kind) = special(&meta) {
            return Err(not_regular(kind));
        }
        let len = meta.len();
        if len > limit {
            return Err(BundleError::refused(
                path,
                format!(
                    "it is {} MiB, larger than the {} MiB this station imports ({why})",
                    len.div_ceil(1 << 20),
                    limit >> 20
                ),
            ));
        }
        Ok(MediumFile {
            path: path.to_path_buf(),
            file,
            len,
        })
    }

    /// Its length when it was opened.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file from its start, no further than `cap` bytes, hashed with `alg` as it is read.
    pub fn hashing(&mut self, alg: HashAlg, cap: u64) -> Result<Hashing<'_>, BundleError> {
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(|e| BundleError::io(&self.path, e))?;
        Ok(Hashing {
            inner: (&self.file).take(cap),
            hash: Hasher::new(alg),
            alg,
            read: 0,
        })
    }
}

/// What a non-regular file is, in words (`None`: a regular file).
fn special(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a pipe");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    if t.is_dir() {
        return Some("a directory");
    }
    Some("a special file")
}

/// Opens without following a link at the last step, and without waiting on a pipe.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

enum Hasher {
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn new(alg: HashAlg) -> Hasher {
        match alg {
            HashAlg::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            _ => Hasher::Sha512(sha2::Sha512::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// One reading of the file, hashed as it goes.
pub struct Hashing<'f> {
    inner: std::io::Take<&'f File>,
    hash: Hasher,
    alg: HashAlg,
    read: u64,
}

impl Read for Hashing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

impl Hashing<'_> {
    /// Reads what is left (to the cap) and gives the hash of everything this reading read.
    pub fn finish(mut self) -> std::io::Result<FileDigest> {
        let mut buf = vec![0u8; 1 << 16];
        while self.read(&mut buf)? > 0 {}
        Ok(FileDigest {
            alg: self.alg,
            digest: self.hash.finish(),
            len: self.read,
        })
    }
}
