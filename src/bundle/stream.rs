//! Format 2 on the wire (see `format`): a header, the items one frame at a time, the signed
//! manifest last. The writer encodes each frame as it goes and keeps the running hash of the
//! items; the reader decodes one frame at a time from any reader (age's decrypting stream,
//! or kept bytes), each no larger than `MAX_FRAME` and encoded exactly as registrar encodes
//! it, so nothing of a bundle's size is ever held at once.

use std::io::{Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::format::{
    BodyItem, FORMAT, FORMAT_PREFIX, Frame, Header, MAX_FRAME, STREAM_FORMAT, Trailer, to_cbor,
};
use crate::store::Hash;

/// Which format a decrypted bundle is in, from its first bytes: both formats begin with a
/// map whose first field is `format`. `None`: neither (not a bundle of any version).
pub fn peek_format(first: &[u8]) -> Option<String> {
    let (&map, rest) = first.split_first()?;
    if !(0xa1..=0xb7).contains(&map) {
        return None;
    }
    let rest = rest.strip_prefix(b"\x66format")?;
    let (&head, rest) = rest.split_first()?;
    let (len, rest) = match head {
        0x60..=0x77 => (usize::from(head - 0x60), rest),
        0x78 => {
            let (&len, rest) = rest.split_first()?;
            (usize::from(len), rest)
        }
        _ => return None,
    };
    let name = std::str::from_utf8(rest.get(..len)?).ok()?;
    Some(name.to_string())
}

/// What a format name means to this registrar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    /// One CBOR value, read whole.
    Whole,
    /// A stream of frames.
    Stream,
}

/// Whether a format name names a version after those this registrar reads.
fn newer(name: &str) -> bool {
    name.strip_prefix(FORMAT_PREFIX)
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n > 2 && n.to_string() == name[FORMAT_PREFIX.len()..])
}

/// The version a format name names, or why it cannot be read here (one line).
pub fn version(name: Option<&str>) -> Result<Version, String> {
    match name {
        Some(FORMAT) => Ok(Version::Whole),
        Some(STREAM_FORMAT) => Ok(Version::Stream),
        Some(other) if newer(other) => Err(format!(
            "it is in format {other:?}, newer than this registrar reads ({FORMAT} and {STREAM_FORMAT}): import it with a newer registrar"
        )),
        Some(other) if other.starts_with(FORMAT_PREFIX) => Err(format!(
            "its content is malformed (format {other:?} is no registrar bundle format)"
        )),
        Some(other) => Err(format!(
            "its content is malformed (format {other:?} is not a registrar bundle)"
        )),
        None => Err("its content is malformed (not a registrar bundle)".into()),
    }
}

/// Writes the frames of a format-2 bundle into `out`, keeping the running hash of the items.
pub struct FrameWriter<W: Write> {
    out: W,
    body: Sha256,
    items: u64,
    buf: Vec<u8>,
}

impl<W: Write> FrameWriter<W> {
    /// Writes the header.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(&to_cbor(&Header {
            format: STREAM_FORMAT.to_string(),
        }))?;
        Ok(FrameWriter {
            out,
            body: Sha256::new(),
            items: 0,
            buf: Vec::new(),
        })
    }

    pub fn item(&mut self, item: BodyItem) -> std::io::Result<()> {
        self.buf.clear();
        ciborium::into_writer(&Frame::item(item), &mut self.buf).map_err(std::io::Error::other)?;
        self.body.update(&self.buf);
        self.items += 1;
        self.out.write_all(&self.buf)
    }

    /// The items' hash and number, for the manifest.
    pub fn body(&self) -> (Hash, u64) {
        (self.body.clone().finalize().into(), self.items)
    }

    /// Writes the signed manifest last and gives the writer back.
    pub fn end(mut self, trailer: Trailer) -> std::io::Result<W> {
        self.out.write_all(&to_cbor(&Frame::End(trailer)))?;
        Ok(self.out)
    }
}

/// Reads the frames of a format-2 bundle.
pub struct FrameReader<R: Read> {
    inner: R,
    captured: Vec<u8>,
    body: Sha256,
    items: u64,
}

/// One frame as read: an item (with its exact bytes hashed into the running hash), or the
/// end.
#[derive(Debug)]
pub enum Next {
    Item(BodyItem),
    End(Trailer),
}

impl<R: Read> FrameReader<R> {
    pub fn new(inner: R) -> Self {
        FrameReader {
            inner,
            captured: Vec::new(),
            body: Sha256::new(),
            items: 0,
        }
    }

    /// Reads the header; its format must be format 2.
    pub fn header(&mut self) -> Result<(), String> {
        let header: Header = self.value()?;
        if header.format != STREAM_FORMAT {
            return Err(version(Some(&header.format))
                .err()
                .unwrap_or_else(|| format!("its header names format {:?}", header.format)));
        }
        Ok(())
    }

    /// The next frame; after `End` the stream must end.
    pub fn next_frame(&mut self) -> Result<Next, String> {
        let frame: Frame = self.value()?;
        Ok(match frame {
            Frame::Event(bytes) => self.counted(BodyItem::Event(bytes)),
            Frame::Withheld(w) => self.counted(BodyItem::Withheld(w)),
            Frame::End(trailer) => {
                let mut one = [0u8; 1];
                match self.inner.read(&mut one) {
                    Ok(0) => {}
                    Ok(_) => return Err("it holds more after its manifest".into()),
                    Err(e) => return Err(format!("it cannot be read to its end ({e})")),
                }
                Next::End(trailer)
            }
        })
    }

    fn counted(&mut self, item: BodyItem) -> Next {
        self.body.update(&self.captured);
        self.items += 1;
        Next::Item(item)
    }

    /// The running hash and number of the items read so far.
    pub fn body(&self) -> (Hash, u64) {
        (self.body.clone().finalize().into(), self.items)
    }

    /// How many items were read so far.
    pub fn count(&self) -> u64 {
        self.items
    }

    /// The bytes of the last frame (or the header) read, exactly as they were read.
    pub fn captured(&self) -> &[u8] {
        &self.captured
    }

    /// How many bytes the last frame took.
    pub fn last_len(&self) -> u64 {
        self.captured.len() as u64
    }

    /// One CBOR value, no larger than `MAX_FRAME`, encoded exactly as registrar encodes it.
    fn value<T: DeserializeOwned + Serialize>(&mut self) -> Result<T, String> {
        self.captured.clear();
        let capture = Capture {
            inner: &mut self.inner,
            captured: &mut self.captured,
            left: MAX_FRAME,
        };
        let value: T = ciborium::from_reader(capture).map_err(|e| match e {
            ciborium::de::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                "it ends before its manifest (cut short)".to_string()
            }
            ciborium::de::Error::Io(e) => format!("it cannot be read ({e})"),
            e => format!("its content is malformed ({e})"),
        })?;
        if to_cbor(&value) != self.captured {
            return Err("its content is not encoded as registrar encodes it".into());
        }
        Ok(value)
    }
}

/// Reads through, keeping what was read, and fails past `left` bytes.
struct Capture<'a, R: Read> {
    inner: &'a mut R,
    captured: &'a mut Vec<u8>,
    left: u64,
}

impl<R: Read> Read for Capture<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("an item larger than any item may be"));
        }
        let room = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        self.captured.extend_from_slice(&buf[..n]);
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::format::WithheldItem;

    #[test]
    fn frames_written_are_read_back_with_the_same_running_hash() {
        let mut w = FrameWriter::new(Vec::new()).unwrap();
        w.item(BodyItem::Event(vec![1, 2, 3])).unwrap();
        w.item(BodyItem::Withheld(WithheldItem {
            station: "A-1".into(),
            seq: 2,
            prev_hash: [1; 32],
            hash: [2; 32],
        }))
        .unwrap();
        let (hash, n) = w.body();
        let trailer = Trailer {
            manifest: vec![9],
            signature: "sig".into(),
        };
        let bytes = w.end(trailer.clone()).unwrap();
        assert_eq!(peek_format(&bytes).as_deref(), Some(STREAM_FORMAT));
        let mut r = FrameReader::new(bytes.as_slice());
        r.header().unwrap();
        assert!(matches!(
            r.next_frame().unwrap(),
            Next::Item(BodyItem::Event(_))
        ));
        assert!(matches!(
            r.next_frame().unwrap(),
            Next::Item(BodyItem::Withheld(_))
        ));
        assert!(matches!(r.next_frame().unwrap(), Next::End(t) if t == trailer));
        assert_eq!(r.body(), (hash, n));
        // Anything after the manifest, or a stream cut short, is refused.
        let mut more = bytes.clone();
        more.push(0);
        let mut r = FrameReader::new(more.as_slice());
        r.header().unwrap();
        r.next_frame().unwrap();
        r.next_frame().unwrap();
        assert!(r.next_frame().is_err());
        let mut r = FrameReader::new(&bytes[..bytes.len() - 3]);
        r.header().unwrap();
        r.next_frame().unwrap();
        r.next_frame().unwrap();
        assert!(r.next_frame().unwrap_err().contains("cut short"));
    }

    #[test]
    fn a_format_is_named_from_the_first_bytes() {
        let v1 = to_cbor(&crate::bundle::format::Sealed {
            format: FORMAT.into(),
            manifest: vec![],
            signature: String::new(),
            body: vec![],
        });
        assert_eq!(version(peek_format(&v1).as_deref()), Ok(Version::Whole));
        let v9 = to_cbor(&Header {
            format: "registrar-bundle/9".into(),
        });
        let e = version(peek_format(&v9).as_deref()).unwrap_err();
        assert!(
            e.contains("\"registrar-bundle/9\"") && e.contains("newer"),
            "{e}"
        );
        assert!(version(peek_format(b"\xff\xff").as_deref()).is_err());
    }
}
