//! Text for the screen: untrusted text made safe to draw, countdowns, durations and dates.

use crate::domain::ids::Time;

/// Untrusted text made safe to draw: the same cleaning as the command line's output.
pub use crate::safe_text::{clean, visible};

/// What a person pastes or types into a field: tabs become spaces, newlines are kept only
/// where the field is multi-line (otherwise they become spaces), other control characters are
/// dropped.
pub fn pasted(text: &str, multiline: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}

/// hh:mm, for countdowns (`01:12`).
/// `n` and its noun, one or many: "1 change", "5 changes".
pub fn counted(n: impl Into<i128>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn clock(secs: i64) -> String {
    let secs = secs.abs();
    format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The urgent marker: `!! 01:12 left` or `!! 00:07 OVERDUE` — in words, never colour alone.
pub fn countdown(seconds_left: i64) -> String {
    if seconds_left < 0 {
        format!("!! {} OVERDUE", clock(seconds_left))
    } else {
        format!("!! {} left", clock(seconds_left))
    }
}

/// How long overdue: `OVERDUE 12d`, `OVERDUE 5h`, `OVERDUE 20m`.
pub fn overdue(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 86_400 {
        format!("OVERDUE {}d", secs / 86_400)
    } else if secs >= 3_600 {
        format!("OVERDUE {}h", secs / 3_600)
    } else {
        format!("OVERDUE {}m", secs / 60)
    }
}

pub fn date(t: Time) -> String {
    t.format("%Y-%m-%d").to_string()
}

pub fn date_time(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Cuts text to `width` characters, ending in … when cut.
pub fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

/// Pads or cuts to exactly `width` characters.
pub fn cell(text: &str, width: usize) -> String {
    let s = fit(text, width);
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// Word-wraps text to `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let wlen = word.chars().count();
            let llen = line.chars().count();
            if llen > 0 && llen + 1 + wlen > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            if wlen > width {
                let mut rest: Vec<char> = word.chars().collect();
                while rest.len() > width {
                    let head: String = rest.drain(..width).collect();
                    if !line.is_empty() {
                        out.push(std::mem::take(&mut line));
                    }
                    out.push(head);
                }
                line.extend(rest);
            } else {
                line.push_str(word);
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(clean("a\u{1b}[2Jb\n"), "a\u{241b}[2Jb\u{240a}");
        assert_eq!(clean("x\u{202e}y"), "x\u{fffd}y");
    }

    #[test]
    fn pasted_newlines_become_spaces_in_one_line_fields() {
        assert_eq!(pasted("a\r\nb\u{1b}c", false), "a bc");
        assert_eq!(pasted("a\nb", true), "a\nb");
    }

    #[test]
    fn countdowns_say_left_or_overdue() {
        assert_eq!(countdown(4320), "!! 01:12 left");
        assert_eq!(countdown(-420), "!! 00:07 OVERDUE");
        assert_eq!(overdue(12 * 86_400 + 5), "OVERDUE 12d");
    }

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
    }

    #[test]
    fn one_is_said_in_the_singular() {
        assert_eq!(counted(1u32, "minute", "minutes"), "1 minute");
        assert_eq!(counted(0u32, "change", "changes"), "0 changes");
        assert_eq!(counted(5u64, "change", "changes"), "5 changes");
    }
}
