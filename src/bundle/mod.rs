//! The sneakernet: signed, age-encrypted bundles of registry changes between air-gapped
//! stations and to headquarters (DOMAIN.md "Sneakernet", CLI.md "Bundles on the medium").
//!
//! On the medium a bundle is two files: `<name>.age`, the payload encrypted with age to the
//! recipient station's X25519 recipient, and `<name>.age.sig`, an OpenSSH signature (SSHSIG,
//! namespace `registrar-bundle@v1`) over the `.age` file by the sender's Ed25519 key, so a
//! transfer guard with only OpenSSH can check it. Inside (format 2, `format`): the events one
//! at a time, each exactly as its station encoded it, or — where the recipient may not see
//! the content — only its place in its station's hash chain; then the manifest, signed
//! (namespace `registrar-manifest@v1`), naming the running hash of the items. Export writes
//! it as a stream (`write`); import checks all of it in a first pass that applies nothing and
//! copies what it checked beside the registry (`scan`, `checked_copy`), then applies that
//! copy in one write transaction (`import`). Bundles of format 1 (one CBOR `Sealed`, read
//! whole) still import.
//!
//! Layers: this module uses the store and the domain; the command line and the console use
//! this module and never name age or ssh-key types.

pub mod checked_copy;
pub mod checks;
pub mod conflicts;
pub mod error;
pub mod export;
pub mod format;
pub mod heads;
pub mod identity;
pub mod import;
pub mod medium;
pub mod medium_file;
pub mod names;
pub mod provenance;
pub mod quarantine;
pub mod scan;
pub mod seal;
pub mod select;
pub mod status;
pub mod stream;
pub mod tally;
pub mod trust;
pub mod watch;
pub mod write;

pub use error::BundleError;
