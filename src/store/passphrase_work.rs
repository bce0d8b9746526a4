//! How much work one passphrase check costs: argon2id's memory, the same for every hash this
//! process makes. The parameters travel in each stored hash, so a check always costs what the
//! hash was made with, and raising the work later leaves old hashes readable.

use std::sync::OnceLock;

/// The environment variable that changes the work: `N` means 2^N KiB of memory.
pub const WORK_VARIABLE: &str = "REGISTRAR_PASSPHRASE_WORK_FACTOR";

/// The most memory one check may take: 2^22 KiB = 4 GiB.
const MOST: u8 = 22;

/// argon2id with 2^`memory_log2_kib` KiB of memory, 2 passes, one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassphraseWork {
    memory_log2_kib: u8,
}

impl PassphraseWork {
    /// 64 MiB, 2 passes: about a quarter of a second on a station's two-core machine
    /// (measured: 0.24 s); above OWASP's minimum for argon2id (19 MiB, 2 passes).
    pub const STANDARD: PassphraseWork = PassphraseWork {
        memory_log2_kib: 16,
    };

    /// The least a build accepts: a release build only more than the standard; a debug build —
    /// the test suite's — also less (2^6 KiB), so tests that log in hundreds of times stay
    /// fast. Passphrases are always hashed with argon2id and a salt.
    pub fn lowest() -> u8 {
        if cfg!(debug_assertions) {
            6
        } else {
            PassphraseWork::STANDARD.memory_log2_kib
        }
    }

    /// 2^`n` KiB, refused outside what this build accepts.
    pub fn with_memory_log2_kib(n: u8) -> Result<PassphraseWork, String> {
        let lowest = PassphraseWork::lowest();
        if (lowest..=MOST).contains(&n) {
            Ok(PassphraseWork { memory_log2_kib: n })
        } else {
            Err(format!(
                "{WORK_VARIABLE}={n}: use a number from {lowest} to {MOST} (2^N KiB of memory per passphrase check)"
            ))
        }
    }

    /// The standard, or what `REGISTRAR_PASSPHRASE_WORK_FACTOR` says.
    pub fn from_env() -> Result<PassphraseWork, String> {
        match std::env::var(WORK_VARIABLE) {
            Err(std::env::VarError::NotPresent) => Ok(PassphraseWork::STANDARD),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(format!("{WORK_VARIABLE} is not text: use a number"))
            }
            Ok(text) => match text.trim().parse::<u8>() {
                Ok(n) => PassphraseWork::with_memory_log2_kib(n),
                Err(_) => Err(format!(
                    "{WORK_VARIABLE}={text:?}: use a number from {} to {MOST}",
                    PassphraseWork::lowest()
                )),
            },
        }
    }

    /// argon2id's memory in KiB.
    pub fn memory_kib(self) -> u32 {
        1 << self.memory_log2_kib
    }

    /// argon2id's passes.
    pub fn passes(self) -> u32 {
        2
    }
}

static PROCESS_WORK: OnceLock<PassphraseWork> = OnceLock::new();

/// Sets the work for every hash this process makes from now on. The first setting stands: a
/// later, different one is refused.
pub fn use_passphrase_work(work: PassphraseWork) -> Result<(), String> {
    let set = *PROCESS_WORK.get_or_init(|| work);
    if set == work {
        Ok(())
    } else {
        Err(format!(
            "this process already hashes passphrases with 2^{} KiB",
            set.memory_log2_kib
        ))
    }
}

/// The work of this process's hashes: the standard unless set.
pub fn process_work() -> PassphraseWork {
    PROCESS_WORK
        .get()
        .copied()
        .unwrap_or(PassphraseWork::STANDARD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_is_64_mib_and_two_passes_and_a_build_refuses_more_than_4_gib() {
        assert_eq!(PassphraseWork::STANDARD.memory_kib(), 64 * 1024);
        assert_eq!(PassphraseWork::STANDARD.passes(), 2);
        assert!(PassphraseWork::with_memory_log2_kib(23).is_err());
        assert!(PassphraseWork::with_memory_log2_kib(5).is_err());
        let err = PassphraseWork::with_memory_log2_kib(40).unwrap_err();
        assert!(err.contains(WORK_VARIABLE), "{err}");
    }
}
