//! This station's identity: an age X25519 identity (bundles are encrypted to its recipient) and
//! a separate Ed25519 signing key in OpenSSH format (bundles are signed with it).
//!
//! Both live in the registry file, in the `station_keys` table, protected at rest by the
//! *station key passphrase* — a secret of its own, set at `registrar init`, that whoever moves
//! bundles across the gap (IM FP, administrator) needs besides their own passphrase:
//!
//! - `age_identity`: the identity file (`# public key: age1…` / `AGE-SECRET-KEY-1…`) encrypted
//!   with age's scrypt passphrase mode, i.e. exactly an age passphrase-protected identity file,
//!   which the stock `age -d -i FILE` opens by asking for the passphrase;
//! - `ssh_private_key`: the OpenSSH private key, encrypted with the passphrase (bcrypt-pbkdf,
//!   aes256-ctr), as `ssh-keygen -p` would write it;
//! - `age_recipient`, `ssh_public_key`: the public parts, also recorded in the log by the
//!   `StationKeysCreated` event of this station's `STN-<station>` record.

use age::secrecy::{ExposeSecret, SecretString};
use ssh_key::rand_core::{OsRng, RngCore};
use ssh_key::{Algorithm, Cipher, Kdf, LineEnding, PrivateKey, PublicKey};
use std::io::{Read, Write};
use std::str::FromStr;
use zeroize::Zeroizing;

use super::BundleError;
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::record::Record;
use crate::domain::station::station_record_id;
use crate::store::Store;

const AGE_IDENTITY: &str = "age_identity";
const AGE_RECIPIENT: &str = "age_recipient";
const SSH_PRIVATE: &str = "ssh_private_key";
const SSH_PUBLIC: &str = "ssh_public_key";

/// The shortest station key passphrase accepted.
pub const MIN_KEY_PASSPHRASE: usize = 8;

/// The highest scrypt work factor accepted when opening an identity (as age's own CLI).
const MAX_SCRYPT_LOG_N: u8 = 22;

/// How much work protecting the keys costs (and so does every guess at the passphrase).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyWork {
    /// scrypt's N = 2^log_n for the age identity.
    pub scrypt_log_n: u8,
    /// bcrypt-pbkdf rounds for the OpenSSH key.
    pub bcrypt_rounds: u32,
}

impl KeyWork {
    /// age's own choice for a passphrase (about a second) and ssh-keygen's default rounds.
    pub const STANDARD: KeyWork = KeyWork {
        scrypt_log_n: 18,
        bcrypt_rounds: 16,
    };

    /// `STANDARD`, or `REGISTRAR_KEY_WORK_FACTOR=N`: scrypt N = 2^N and N−2 bcrypt-pbkdf
    /// rounds. A release build only accepts more work than the standard (18–22); a debug
    /// build — the test suite's — also accepts less (10–17), so tests of real encryption stay
    /// fast. The keys are always encrypted.
    pub fn from_env() -> Result<KeyWork, BundleError> {
        let lowest: u8 = if cfg!(debug_assertions) {
            10
        } else {
            KeyWork::STANDARD.scrypt_log_n
        };
        match std::env::var("REGISTRAR_KEY_WORK_FACTOR") {
            Err(_) => Ok(KeyWork::STANDARD),
            Ok(text) => match text.trim().parse::<u8>() {
                Ok(n) if (lowest..=MAX_SCRYPT_LOG_N).contains(&n) => Ok(KeyWork::with_log_n(n)),
                _ => Err(BundleError::Invalid(format!(
                    "REGISTRAR_KEY_WORK_FACTOR={text:?}: use a number from {lowest} to {MAX_SCRYPT_LOG_N}"
                ))),
            },
        }
    }

    pub fn with_log_n(n: u8) -> KeyWork {
        KeyWork {
            scrypt_log_n: n,
            bcrypt_rounds: u32::from(n.saturating_sub(2)).max(1),
        }
    }
}

/// The station's keys, unlocked for one command.
pub struct StationKeys {
    pub(crate) age: age::x25519::Identity,
    pub(crate) ssh: PrivateKey,
}

/// The public parts, as `keys show` prints them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublicKeys {
    pub station: String,
    pub age_recipient: String,
    pub signing_key: String,
}

impl StationKeys {
    pub fn generate(station: &str) -> Result<StationKeys, BundleError> {
        let mut ssh = PrivateKey::random(&mut OsRng, Algorithm::Ed25519)
            .map_err(|e| BundleError::Keys(format!("making the signing key: {e}")))?;
        ssh.set_comment(format!("registrar:{station}"));
        Ok(StationKeys {
            age: age::x25519::Identity::generate(),
            ssh,
        })
    }

    pub fn age_recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    /// The OpenSSH public key line (`ssh-ed25519 AAAA… registrar:<station>`).
    pub fn signing_key(&self) -> Result<String, BundleError> {
        public_line(self.ssh.public_key())
    }

    /// The age identity file, unprotected (break-glass only).
    fn identity_file(&self, station: &str) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "# registrar station {station}\n# public key: {}\n{}\n",
            self.age_recipient(),
            self.age.to_string().expose_secret()
        ))
    }
}

pub(crate) fn public_line(key: &PublicKey) -> Result<String, BundleError> {
    key.to_openssh()
        .map_err(|e| BundleError::Keys(format!("encoding the signing key: {e}")))
}

/// Encrypts with age's passphrase (scrypt) mode at the given work factor.
fn passphrase_encrypt(plain: &[u8], passphrase: &str, log_n: u8) -> Result<Vec<u8>, BundleError> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
    recipient.set_work_factor(log_n);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(|e| BundleError::Keys(format!("protecting the keys: {e}")))?;
    let mut out = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| BundleError::Keys(e.to_string()))?;
    writer
        .write_all(plain)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| BundleError::Keys(e.to_string()))?;
    Ok(out)
}

fn wrong_passphrase() -> BundleError {
    BundleError::Keys("the station key passphrase does not open this station's keys".into())
}

fn passphrase_decrypt(cipher: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
    identity.set_max_work_factor(MAX_SCRYPT_LOG_N);
    let decryptor = age::Decryptor::new(cipher)
        .map_err(|e| BundleError::Keys(format!("the stored age identity is damaged: {e}")))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as _))
        .map_err(|_| wrong_passphrase())?;
    let mut plain = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut plain)
        .map_err(|_| wrong_passphrase())?;
    Ok(plain)
}

/// Makes this station's keys, stores them protected by `passphrase`, and records their public
/// parts in the log (administrator).
pub fn create_station_keys(
    store: &Store,
    actor: &Actor,
    passphrase: &str,
    work: KeyWork,
) -> Result<PublicKeys, BundleError> {
    if store.station_key(AGE_IDENTITY)?.is_some() {
        return Err(BundleError::Invalid(
            "this station already has its keys".into(),
        ));
    }
    if passphrase.chars().count() < MIN_KEY_PASSPHRASE {
        return Err(BundleError::Invalid(format!(
            "a station key passphrase needs at least {MIN_KEY_PASSPHRASE} characters"
        )));
    }
    let station = store.meta().station.clone();
    let keys = StationKeys::generate(&station)?;
    let identity = passphrase_encrypt(
        keys.identity_file(&station).as_bytes(),
        passphrase,
        work.scrypt_log_n,
    )?;
    let mut salt = vec![0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let kdf = Kdf::Bcrypt {
        salt,
        rounds: work.bcrypt_rounds,
    };
    let ssh = keys
        .ssh
        .encrypt_with(Cipher::Aes256Ctr, kdf, OsRng.next_u32(), passphrase)
        .and_then(|k| k.to_openssh(LineEnding::LF))
        .map_err(|e| BundleError::Keys(format!("protecting the signing key: {e}")))?;
    let public = PublicKeys {
        station: station.clone(),
        age_recipient: keys.age_recipient(),
        signing_key: keys.signing_key()?,
    };
    let current = store.current_actor(actor)?;
    let change = Change::StationKeysCreated {
        station: station.clone(),
        age_recipient: public.age_recipient.clone(),
        signing_key: public.signing_key.clone(),
    };
    crate::domain::access::may(&current, &change, false)
        .map_err(|n| BundleError::Execute(crate::store::ExecuteError::NotAllowed(n)))?;
    store.put_station_keys(
        &[
            (AGE_IDENTITY, identity.as_slice()),
            (AGE_RECIPIENT, public.age_recipient.as_bytes()),
            (SSH_PRIVATE, ssh.as_bytes()),
            (SSH_PUBLIC, public.signing_key.as_bytes()),
        ],
        &current.name,
        &station_record_id(&station),
        change,
    )?;
    Ok(public)
}

fn stored(store: &Store, name: &str) -> Result<Vec<u8>, BundleError> {
    store.station_key(name)?.ok_or_else(|| {
        BundleError::Keys(
            "this station has no keys yet: an administrator makes them with `registrar keys create`"
                .into(),
        )
    })
}

fn stored_text(store: &Store, name: &str) -> Result<String, BundleError> {
    String::from_utf8(stored(store, name)?)
        .map_err(|_| BundleError::Keys(format!("the stored {name} is damaged")))
}

/// This station's public keys.
pub fn public_keys(store: &Store) -> Result<PublicKeys, BundleError> {
    Ok(PublicKeys {
        station: store.meta().station.clone(),
        age_recipient: stored_text(store, AGE_RECIPIENT)?,
        signing_key: stored_text(store, SSH_PUBLIC)?,
    })
}

/// Opens the station's keys with the station key passphrase.
pub fn unlock(store: &Store, passphrase: &str) -> Result<StationKeys, BundleError> {
    let plain = passphrase_decrypt(&stored(store, AGE_IDENTITY)?, passphrase)?;
    let text = std::str::from_utf8(&plain).map_err(|_| wrong_passphrase())?;
    let line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .ok_or_else(|| BundleError::Keys("the stored age identity is damaged".into()))?;
    let age = age::x25519::Identity::from_str(line)
        .map_err(|_| BundleError::Keys("the stored age identity is damaged".into()))?;
    let pem = Zeroizing::new(stored_text(store, SSH_PRIVATE)?);
    let ssh = PrivateKey::from_openssh(pem.as_bytes())
        .map_err(|e| BundleError::Keys(format!("the stored signing key is damaged: {e}")))?
        .decrypt(passphrase)
        .map_err(|_| wrong_passphrase())?;
    let keys = StationKeys { age, ssh };
    if keys.age_recipient() != stored_text(store, AGE_RECIPIENT)? {
        return Err(BundleError::Keys(
            "the stored age identity does not match the station's recipient".into(),
        ));
    }
    Ok(keys)
}

/// Break-glass: the age identity file for the stock `age -d -i`, protected by the station key
/// passphrase (age's scrypt mode) or, if `protected` is false, in the clear. Recorded in the
/// log (administrator).
pub fn export_identity(
    store: &Store,
    actor: &Actor,
    passphrase: Option<&str>,
    protected: bool,
) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    let station = store.meta().station.clone();
    let file = if protected {
        Zeroizing::new(stored(store, AGE_IDENTITY)?)
    } else {
        let passphrase = passphrase.ok_or_else(|| {
            BundleError::Keys(
                "the station key passphrase is needed to unprotect the identity".into(),
            )
        })?;
        let keys = unlock(store, passphrase)?;
        Zeroizing::new(keys.identity_file(&station).as_bytes().to_vec())
    };
    let target = station_record_id(&station);
    match store.record(&target)? {
        Some(Record::Station(s)) if s.own => {}
        _ => {
            return Err(BundleError::Keys(
                "this station's keys are not recorded in its log".into(),
            ));
        }
    }
    store.execute_as(actor, Some(&target), Change::IdentityExported { protected })?;
    Ok(file)
}

/// Parses an age X25519 recipient.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, BundleError> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|_| {
        BundleError::Invalid(format!(
            "{:?} is not an age X25519 recipient (age1…)",
            text.trim()
        ))
    })
}

/// Parses an OpenSSH Ed25519 public key line (as in a `.pub` file).
pub fn parse_signing_key(text: &str) -> Result<PublicKey, BundleError> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    let key = PublicKey::from_openssh(line)
        .map_err(|e| BundleError::Invalid(format!("not an OpenSSH public key: {e}")))?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(BundleError::Invalid(format!(
            "the signing key is {}, not Ed25519",
            key.algorithm()
        )));
    }
    Ok(key)
}
