//! Stored and received events: the envelope, the change it carries, a stored record. Any
//! bytes give a value or an error, never a panic or an allocation the input's size does not
//! justify.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registrar::store::EventEnvelope;
use registrar::store::codec::{decode_change, decode_record};

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = EventEnvelope::decode(data) {
        let _ = decode_change(&envelope.payload);
        // What decodes encodes back to a value that decodes the same.
        let again = EventEnvelope::decode(&envelope.encode()).expect("re-encoded envelope");
        assert_eq!(again, envelope);
    }
    let _ = decode_change(data);
    let _ = decode_record("FUZZ-1", data);
});
