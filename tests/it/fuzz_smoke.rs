//! The fuzz targets of fuzz/ (cargo fuzz, nightly) in a form that runs in CI on stable:
//! proptest feeds arbitrary bytes, and mutations of valid inputs, to event decoding, a
//! bundle's decrypted content, theme parsing and a spreadsheet brought in by `import-sheet`.
//! Each gives a value or an error, never a panic; a length read from the input never drives
//! an allocation beyond what the input holds (a CBOR header declaring terabytes is an error,
//! at once).

use crate::bundle_common::read_frames;
use proptest::prelude::*;
use registrar::bundle::format::{
    Body, BodyItem, Header, Manifest, STREAM_FORMAT, Trailer, WithheldItem, from_cbor, to_cbor,
};
use registrar::bundle::seal::{manifest_of, open};
use registrar::bundle::stream::{FrameWriter, peek_format, version};
use registrar::register::sheet::mapping::{Mapping, guess};
use registrar::register::sheet::plan::plan;
use registrar::register::sheet::read::read_table_bytes;
use registrar::store::codec::{decode_change, decode_record, encode_change};
use registrar::store::{EventEnvelope, Hlc, ZERO_HASH};
use registrar::tui::theme::Theme;
use std::path::Path;

/// Cases per property; `PROPTEST_CASES` raises it for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

fn event_decode(data: &[u8]) {
    if let Ok(envelope) = EventEnvelope::decode(data) {
        let _ = decode_change(&envelope.payload);
        let again = EventEnvelope::decode(&envelope.encode()).expect("re-encoded envelope");
        assert_eq!(again, envelope);
    }
    let _ = decode_change(data);
    let _ = decode_record("FUZZ-1", data);
}

fn bundle_open(data: &[u8]) {
    let _ = open(Path::new("fuzz.age"), data, &[]);
    let _ = read_frames(data);
    let _ = version(peek_format(data).as_deref());
    let _ = manifest_of(data);
    let _ = from_cbor::<Manifest>(data);
    let _ = from_cbor::<Body>(data);
}

fn theme_parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Theme::parse("fuzz", "fuzz.toml", text);
    }
}

/// What `import-sheet` does with a file's bytes before showing its plan (the fuzz target
/// `sheet_read`): read as a workbook and as a CSV, columns guessed, every line planned.
fn sheet_read(data: &[u8]) {
    for name in ["fuzz.xlsx", "fuzz.csv"] {
        if let Ok(table) = read_table_bytes(Path::new(name), data, None)
            && let Some(mapping) = guess(&table)
        {
            let _ = plan(&table, &mapping, name, &[], &|_| false);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Mapping::from_toml(text);
    }
}

/// A small register as an .xlsx file's bytes, and as CSV text, for mutation.
fn valid_sheets() -> (Vec<u8>, Vec<u8>) {
    let rows = [
        ["Date", "Direction", "Entity", "Subject", "Classification"],
        [
            "2026-10-01",
            "shared",
            "National Gendarmerie",
            "Convoy movements",
            "CONFIDENTIAL",
        ],
        [
            "02/10/2026 14:05",
            "received",
            "FACA 3rd Battalion",
            "Checkpoint report",
            "strictly confidential",
        ],
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let xlsx = book.save_to_buffer().unwrap();
    let csv = rows
        .iter()
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes();
    (xlsx, csv)
}

/// A well-formed stored event, for mutation.
fn valid_event() -> Vec<u8> {
    let change = registrar::domain::change::Change::UserDisabled;
    EventEnvelope {
        station: "MINUSCA-JMAC-1".into(),
        seq: 7,
        hlc: Hlc::ZERO,
        actor: "admin".into(),
        record_id: "USR-analyst".into(),
        payload: encode_change(&change),
        prev_hash: ZERO_HASH,
    }
    .encode()
}

fn valid_theme() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default.toml")).unwrap()
}

/// Flips, truncates or splices bytes of `base` as the mutation list says.
fn mutate(base: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut out = base.to_vec();
    for &(at, byte, how) in edits {
        if out.is_empty() {
            break;
        }
        let i = at % out.len();
        match how % 4 {
            0 => out[i] ^= byte,
            1 => out.truncate(i),
            2 => out.insert(i, byte),
            _ => {
                out.remove(i);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        event_decode(&data);
        bundle_open(&data);
        theme_parse(&data);
        sheet_read(&data);
    }

    #[test]
    fn mutated_events_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        event_decode(&mutate(&valid_event(), &edits));
    }

    #[test]
    fn mutated_sheets_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        let (xlsx, csv) = valid_sheets();
        sheet_read(&mutate(&xlsx, &edits));
        sheet_read(&mutate(&csv, &edits));
    }

    #[test]
    fn mutated_streamed_bundles_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        bundle_open(&mutate(&valid_stream(), &edits));
    }

    #[test]
    fn mutated_themes_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        theme_parse(&mutate(&valid_theme(), &edits));
    }
}

/// A decrypted format-2 bundle: its header, an event and a withheld place, then a trailer.
fn valid_stream() -> Vec<u8> {
    let mut frames = FrameWriter::new(Vec::new()).unwrap();
    frames.item(BodyItem::Event(valid_event())).unwrap();
    frames
        .item(BodyItem::Withheld(WithheldItem {
            station: "MINUSCA-JMAC-1".into(),
            seq: 2,
            prev_hash: ZERO_HASH,
            hash: [7; 32],
        }))
        .unwrap();
    frames
        .end(Trailer {
            manifest: vec![0xa0],
            signature: "not a signature".into(),
        })
        .unwrap()
}

/// The process's peak virtual memory, in KiB (Linux).
fn vm_peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmPeak:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_length_read_from_the_input_does_not_drive_allocation() {
    let before = vm_peak_kib();
    // CBOR headers that declare 2^40 bytes, a 2^40-byte text, and an array of 2^40 items,
    // followed by a few bytes only.
    let huge: [&[u8]; 4] = [
        &[0x5b, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3],
        &[0x7b, 0, 0, 1, 0, 0, 0, 0, 0, b'a', b'b'],
        &[0x9b, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2],
        &[
            0xa1, 0x64, b'b', b'o', b'd', b'y', 0x5b, 0, 0, 1, 0, 0, 0, 0, 0, 1,
        ],
    ];
    // The same declared lengths inside a format-2 bundle, after its header, as an item.
    let mut framed = to_cbor(&Header {
        format: STREAM_FORMAT.into(),
    });
    framed.extend_from_slice(&[
        0xa1, 0x65, b'e', b'v', b'e', b'n', b't', 0x5b, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2,
    ]);
    bundle_open(&framed);
    assert!(read_frames(framed.as_slice()).is_err());
    for data in huge {
        event_decode(data);
        bundle_open(data);
        let mut envelope = valid_event();
        envelope.extend_from_slice(data);
        event_decode(&envelope);
    }
    if let (Some(before), Some(after)) = (before, vm_peak_kib()) {
        assert!(
            after.saturating_sub(before) < 1024 * 1024,
            "peak virtual memory grew by {} MiB on a few bytes",
            (after - before) / 1024
        );
    }
}

/// Found by `cargo fuzz run sheet_read` (a register .xlsx with a mutated cell reference):
/// calamine's cell-reference parsing overflowed and a debug build panicked. The file is
/// refused with a message instead, as every other damaged workbook.
#[test]
fn a_workbook_that_stops_its_reader_is_refused_not_a_panic() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/it/fixtures/sheet-read-calamine-overflow.xlsx"),
    )
    .unwrap();
    let refused = read_table_bytes(Path::new("register.xlsx"), &bytes, None);
    assert!(refused.is_err(), "{refused:?}");
    sheet_read(&bytes);
}
