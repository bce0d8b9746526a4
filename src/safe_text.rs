//! Untrusted text made safe for a terminal, for the console and the command line alike.
//! Text from the store or another station may carry escape sequences (a window title, a
//! cleared screen) or bidirectional overrides that reorder what a person reads: none of them
//! ever reaches the terminal as such.

/// One field of untrusted text: control characters and escape sequences are shown as visible
/// symbols (␛, ␊, …), never written to the terminal, and bidirectional overrides are shown
/// as �.
pub fn clean(text: &str) -> String {
    text.chars().map(visible).collect()
}

/// One character made safe to draw.
pub fn visible(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        c if is_bidi_control(c) => '\u{fffd}',
        c => c,
    }
}

/// The explicit bidirectional formatting characters (embeddings, overrides, isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whole lines of command output, already formatted: as `clean`, except that line breaks are
/// kept. Every line a command prints goes through this, so whatever a field held, nothing
/// but text reaches the terminal.
pub fn clean_lines(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' { c } else { visible(c) })
        .collect()
}

/// JSON for a terminal: the same JSON value, with every character `clean` would change
/// written as a `\uXXXX` escape (these can only occur inside strings, where the escape means
/// the same character).
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && visible(c) != c {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_overrides_are_shown_not_obeyed() {
        assert_eq!(clean("a\u{1b}[2Jb\n"), "a\u{241b}[2Jb\u{240a}");
        assert_eq!(clean("x\u{202e}y\u{9b}"), "x\u{fffd}y\u{fffd}");
        assert_eq!(
            clean_lines("a\u{1b}]0;t\u{7}\nb"),
            "a\u{241b}]0;t\u{2407}\nb"
        );
    }

    #[test]
    fn json_keeps_its_value() {
        let json =
            serde_json::to_string_pretty(&serde_json::json!({"t": "a\u{202e}b\u{1b}"})).unwrap();
        let safe = json_for_terminal(&json);
        assert!(
            !safe.contains('\u{202e}') && !safe.contains('\u{1b}'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "a\u{202e}b\u{1b}");
    }
}
