//! A theme file (`--theme path.toml`): a theme or a message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registrar::tui::theme::Theme;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Theme::parse("fuzz", "fuzz.toml", text);
    }
});
