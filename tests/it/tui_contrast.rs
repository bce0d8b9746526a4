//! Every built-in theme's text is readable: each text style's foreground against the background
//! it is drawn on reaches the WCAG 2.1 AA contrast ratio of 4.5:1 (a night operations room at
//! low light is exactly where 1.5:1 "waits on" text cannot be read).
//!
//! Named colours are taken at xterm's default palette; `reset` is the terminal's own default
//! pair (light grey on black). A style without a foreground or background inherits `base`'s;
//! `reversed` swaps the two; `dim` is counted as half-way to the background. Borders and chart
//! bars are not text and are left out.

use ratatui::style::{Color, Modifier, Style};
use registrar::tui::theme::{BUILT_IN, KEYS, Theme};

/// Not text: lines and bars.
const NOT_TEXT: [&str; 4] = ["border", "focus.border", "modal.border", "chart.bar"];

const TERMINAL_FG: (u8, u8, u8) = (0xe5, 0xe5, 0xe5);
const TERMINAL_BG: (u8, u8, u8) = (0, 0, 0);

fn rgb(colour: Color, reset: (u8, u8, u8)) -> (u8, u8, u8) {
    match colour {
        Color::Reset => reset,
        Color::Black => (0, 0, 0),
        Color::Red => (0xcd, 0, 0),
        Color::Green => (0, 0xcd, 0),
        Color::Yellow => (0xcd, 0xcd, 0),
        Color::Blue => (0, 0, 0xee),
        Color::Magenta => (0xcd, 0, 0xcd),
        Color::Cyan => (0, 0xcd, 0xcd),
        Color::Gray => (0xe5, 0xe5, 0xe5),
        Color::DarkGray => (0x7f, 0x7f, 0x7f),
        Color::LightRed => (0xff, 0, 0),
        Color::LightGreen => (0, 0xff, 0),
        Color::LightYellow => (0xff, 0xff, 0),
        Color::LightBlue => (0x5c, 0x5c, 0xff),
        Color::LightMagenta => (0xff, 0, 0xff),
        Color::LightCyan => (0, 0xff, 0xff),
        Color::White => (0xff, 0xff, 0xff),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => indexed(i),
    }
}

/// xterm's 256-colour palette above the sixteen named ones.
fn indexed(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => panic!("write named colours by name, not index {i}"),
        16..=231 => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let n = i - 16;
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        232..=255 => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The (foreground, background) a style's text is drawn with.
fn pair(style: Style, base: Style) -> ((u8, u8, u8), (u8, u8, u8)) {
    let fg = rgb(style.fg.or(base.fg).unwrap_or(Color::Reset), TERMINAL_FG);
    let bg = rgb(style.bg.or(base.bg).unwrap_or(Color::Reset), TERMINAL_BG);
    let (mut fg, bg) = if style.add_modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    };
    if style.add_modifier.contains(Modifier::DIM) {
        let half = |f: u8, b: u8| ((u16::from(f) + u16::from(b)) / 2) as u8;
        fg = (half(fg.0, bg.0), half(fg.1, bg.1), half(fg.2, bg.2));
    }
    (fg, bg)
}

#[test]
fn every_theme_reaches_wcag_aa_contrast_for_its_text() {
    let mut failures = Vec::new();
    for (name, _, _) in BUILT_IN {
        let theme = Theme::load(name).unwrap();
        let base = theme.style("base");
        for (key, what) in KEYS {
            if NOT_TEXT.contains(&key) {
                continue;
            }
            let (fg, bg) = pair(theme.style(key), base);
            let ratio = contrast(fg, bg);
            if ratio < 4.5 {
                failures.push(format!(
                    "{name}: {key} ({what}): {ratio:.2}:1 (fg {fg:02x?} on bg {bg:02x?})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn the_contrast_measure_is_the_wcag_one() {
    // Black on white is 21:1; the low-light red "waits on" text of old, #600000 on black, 1.5:1.
    assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
    assert!((contrast((0x60, 0, 0), (0, 0, 0)) - 1.5).abs() < 0.05);
}
