//! The search index's postings: for each stored word, the numbers of the records it is found
//! in (`search.rs` gives each share and receipt a number when it is first written), packed in
//! blocks of up to `BLOCK` ascending numbers, delta-encoded (as SQLite FTS5 and tantivy keep
//! theirs). A block is keyed by its word and its first number, so a transaction's new records
//! (the highest numbers) extend the last block of each word instead of inserting at random
//! places, and a word's postings are read newest first by walking its blocks backwards.

use super::error::StoreError;
use redb::{ReadableTable, Table};

/// Numbers per block: small enough that a block rewritten for one new record stays cheap,
/// large enough that the word in each key is a small share of the bytes.
pub(crate) const BLOCK: usize = 256;

pub(crate) type PostingsTable<'t> = Table<'t, (&'static str, u64), &'static [u8]>;

fn damaged(word: &str) -> StoreError {
    StoreError::Corrupt(format!("the search postings of '{word}' are damaged"))
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// A block's bytes: how many numbers, then each after the first (which is the key) as its
/// distance from the one before.
pub(crate) fn encode_block(numbers: &[u64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(numbers.len() * 2 + 2);
    put_varint(&mut out, numbers.len() as u64);
    for pair in numbers.windows(2) {
        put_varint(&mut out, pair[1] - pair[0]);
    }
    out
}

/// How many numbers a block holds, without decoding them.
pub(crate) fn block_len(word: &str, bytes: &[u8]) -> Result<u64, StoreError> {
    get_varint(bytes, &mut 0).ok_or_else(|| damaged(word))
}

/// The numbers of the block of `word` keyed `first`, ascending.
pub(crate) fn decode_block(word: &str, first: u64, bytes: &[u8]) -> Result<Vec<u64>, StoreError> {
    let mut at = 0;
    let len = get_varint(bytes, &mut at).ok_or_else(|| damaged(word))?;
    if len == 0 || len > (bytes.len() as u64 + 1) {
        return Err(damaged(word));
    }
    let mut out = Vec::with_capacity(len as usize);
    out.push(first);
    let mut n = first;
    for _ in 1..len {
        let d = get_varint(bytes, &mut at).ok_or_else(|| damaged(word))?;
        if d == 0 {
            return Err(damaged(word));
        }
        n = n.checked_add(d).ok_or_else(|| damaged(word))?;
        out.push(n);
    }
    if at != bytes.len() {
        return Err(damaged(word));
    }
    Ok(out)
}

/// The block of `word` that `n` belongs in: the last one starting at or before `n`, else the
/// first one; with the first number of the block after it.
fn block_for(
    t: &PostingsTable,
    word: &str,
    n: u64,
) -> Result<Option<(u64, Vec<u64>, u64)>, StoreError> {
    let found = match t.range((word, 0)..=(word, n))?.next_back() {
        Some(entry) => Some(entry?),
        None => match t.range((word, n)..=(word, u64::MAX))?.next() {
            Some(entry) => Some(entry?),
            None => None,
        },
    };
    let Some((k, v)) = found else {
        return Ok(None);
    };
    let first = k.value().1;
    let numbers = decode_block(word, first, v.value())?;
    let next = match first.checked_add(1) {
        Some(after) => match t.range((word, after)..=(word, u64::MAX))?.next() {
            Some(entry) => entry?.0.value().1,
            None => u64::MAX,
        },
        None => u64::MAX,
    };
    Ok(Some((first, numbers, next)))
}

/// Writes `numbers` (ascending) in place of the block that started at `old` (if any), split
/// into blocks of at most `BLOCK`.
fn write_blocks(
    t: &mut PostingsTable,
    word: &str,
    old: Option<u64>,
    numbers: &[u64],
) -> Result<(), StoreError> {
    if let Some(old) = old {
        t.remove((word, old))?;
    }
    for part in numbers.chunks(BLOCK) {
        t.insert((word, part[0]), encode_block(part).as_slice())?;
    }
    Ok(())
}

/// Adds the numbers `add` (ascending, none already there) to `word`'s postings: each block
/// they fall in is read and written once.
pub(crate) fn add(t: &mut PostingsTable, word: &str, add: &[u64]) -> Result<(), StoreError> {
    let mut i = 0;
    while i < add.len() {
        let (old, mut numbers, next) = match block_for(t, word, add[i])? {
            Some((first, numbers, next)) => (Some(first), numbers, next),
            None => (None, Vec::new(), u64::MAX),
        };
        let j = i + add[i..].partition_point(|n| *n < next);
        // A full last block is left as it is: the new numbers start the next one.
        if numbers.len() >= BLOCK && numbers.last().is_some_and(|l| *l < add[i]) {
            write_blocks(t, word, None, &add[i..j])?;
        } else {
            numbers.extend_from_slice(&add[i..j]);
            numbers.sort_unstable();
            numbers.dedup();
            write_blocks(t, word, old, &numbers)?;
        }
        i = j;
    }
    Ok(())
}

/// Removes the numbers `remove` (ascending) from `word`'s postings.
pub(crate) fn remove(t: &mut PostingsTable, word: &str, remove: &[u64]) -> Result<(), StoreError> {
    let mut i = 0;
    while i < remove.len() {
        let Some((first, mut numbers, next)) = block_for(t, word, remove[i])? else {
            return Ok(());
        };
        let j = i + remove[i..].partition_point(|n| *n < next);
        let gone = &remove[i..j];
        numbers.retain(|n| gone.binary_search(n).is_err());
        write_blocks(t, word, Some(first), &numbers)?;
        i = j.max(i + 1);
    }
    Ok(())
}

pub(crate) type BlockRange<'a> = redb::Range<'a, (&'static str, u64), &'static [u8]>;

/// One word's postings below a bound, newest (highest number) first.
pub(crate) struct Stream<'a> {
    word: String,
    blocks: BlockRange<'a>,
    below: u64,
    buffer: Vec<u64>,
}

impl<'a> Stream<'a> {
    /// `word`'s postings below `below`, from `blocks`: its blocks starting below `below`.
    pub(crate) fn new(word: &str, blocks: BlockRange<'a>, below: u64) -> Self {
        Stream {
            word: word.to_string(),
            blocks,
            below,
            buffer: Vec::new(),
        }
    }

    pub(crate) fn next(&mut self) -> Result<Option<u64>, StoreError> {
        loop {
            if let Some(n) = self.buffer.pop() {
                if n < self.below {
                    return Ok(Some(n));
                }
                continue;
            }
            match self.blocks.next_back() {
                Some(entry) => {
                    let (k, v) = entry?;
                    self.buffer = decode_block(&self.word, k.value().1, v.value())?;
                }
                None => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_reads_back_what_was_written_and_refuses_damage() {
        let numbers = [5, 6, 300, 70_000, 70_001, u64::from(u32::MAX) + 9];
        let bytes = encode_block(&numbers);
        assert_eq!(decode_block("w", 5, &bytes).unwrap(), numbers);
        assert_eq!(block_len("w", &bytes).unwrap(), 6);
        assert!(decode_block("w", 5, &bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(1);
        assert!(decode_block("w", 5, &longer).is_err());
    }
}
