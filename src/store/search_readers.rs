//! Who may read each indexed record (`domain::readers::Readers`), kept beside its search number
//! so a search counts what a reader may read without reading the records: each distinct
//! `Readers` gets a code (`SEARCH_READER_KINDS`, and back by `SEARCH_READER_CODES`), and the
//! codes of 256 consecutive numbers are kept together (`SEARCH_READERS`), so a count at a
//! million records reads a few thousand values.

use super::error::StoreError;
use crate::domain::marking::Classification;
use crate::domain::readers::Readers;
use crate::domain::role::Role;

/// Numbers whose codes are kept in one value.
pub(crate) const CHUNK: u64 = 256;
/// The code of a number no record holds.
pub(crate) const NONE: u32 = 0;

/// The value holding `number`'s code, and where in it.
pub(crate) fn place(number: u64) -> (u64, usize) {
    (number / CHUNK, (number % CHUNK) as usize * 4)
}

/// The code at `offset` of a chunk's bytes (a chunk written before a number was: `NONE`).
pub(crate) fn code_at(bytes: &[u8], offset: usize) -> u32 {
    bytes
        .get(offset..offset + 4)
        .map_or(NONE, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Sets the code at `offset` of a chunk.
pub(crate) fn set_code(chunk: &mut Vec<u8>, offset: usize, code: u32) {
    if chunk.len() < CHUNK as usize * 4 {
        chunk.resize(CHUNK as usize * 4, 0);
    }
    chunk[offset..offset + 4].copy_from_slice(&code.to_le_bytes());
}

fn level_byte(level: Classification) -> u8 {
    match level {
        Classification::Unclassified => 0,
        Classification::Confidential => 1,
        Classification::StrictlyConfidential => 2,
    }
}

/// `Readers` as stored: level, whether anyone cleared reads it, the roles as bits of their
/// place in `Role::ALL`, then each name (its length, its bytes).
pub(crate) fn encode(readers: &Readers) -> Vec<u8> {
    let mut out = vec![level_byte(readers.level), u8::from(readers.anyone_cleared)];
    let mut roles = 0u16;
    for r in &readers.roles {
        if let Some(i) = Role::ALL.iter().position(|a| a == r) {
            roles |= 1 << i;
        }
    }
    out.extend_from_slice(&roles.to_le_bytes());
    for n in &readers.names {
        out.extend_from_slice(&(n.len() as u32).to_le_bytes());
        out.extend_from_slice(n.as_bytes());
    }
    out
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Readers, StoreError> {
    let damaged = || StoreError::Corrupt("a search reader summary is damaged".into());
    let [level, anyone, r0, r1, rest @ ..] = bytes else {
        return Err(damaged());
    };
    let level = match level {
        0 => Classification::Unclassified,
        1 => Classification::Confidential,
        2 => Classification::StrictlyConfidential,
        _ => return Err(damaged()),
    };
    let bits = u16::from_le_bytes([*r0, *r1]);
    if bits >> Role::ALL.len() != 0 || *anyone > 1 {
        return Err(damaged());
    }
    let roles = Role::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, r)| *r)
        .collect();
    let mut names = Vec::new();
    let mut rest = rest;
    while !rest.is_empty() {
        let (len, tail) = rest.split_at_checked(4).ok_or_else(damaged)?;
        let len = u32::from_le_bytes(len.try_into().map_err(|_| damaged())?) as usize;
        let (name, tail) = tail.split_at_checked(len).ok_or_else(damaged)?;
        names.push(String::from_utf8(name.to_vec()).map_err(|_| damaged())?);
        rest = tail;
    }
    Ok(Readers {
        level,
        anyone_cleared: *anyone == 1,
        roles,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_back_as_written() {
        let readers = Readers {
            level: Classification::Confidential,
            anyone_cleared: false,
            roles: vec![Role::Imfp, Role::Oversight],
            names: vec!["ana".into(), "jo".into()],
        };
        assert_eq!(decode(&encode(&readers)).unwrap(), readers);
        assert!(decode(&[9, 0, 0, 0]).is_err());
    }
}
