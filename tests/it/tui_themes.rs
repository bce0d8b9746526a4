//! Themes: every built-in theme parses; an invalid theme is refused with a message naming
//! the file, the key and the value, before the terminal is touched; and urgency and the
//! selected row are styled as each theme says — never by colour alone.

use crate::tui_common;

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Style;
use registrar::tui::theme::{BUILT_IN, KEYS, Theme, ThemeError};
use tui_common::*;

#[test]
fn every_built_in_theme_parses_and_defines_every_key() {
    for (name, file, text) in BUILT_IN {
        let theme = Theme::parse(name, file, text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(theme.name, name);
        assert_eq!(Theme::load(name).unwrap(), theme);
    }
    assert_eq!(
        BUILT_IN.len(),
        5,
        "default, light, high-contrast, low-light red, monochrome"
    );
    assert!(KEYS.iter().any(|(k, _)| *k == "queue.urgent"));
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn an_unknown_key_names_the_file_the_key_and_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, good) = BUILT_IN[0];
    let file = write(
        dir.path(),
        "mine.toml",
        &format!("{good}\n\"queue.urgnt\" = \"red\"\n"),
    );
    let e = Theme::load(&file).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ThemeError::UnknownKey { .. }), "{text}");
    assert!(text.contains(&file), "{text}");
    assert!(text.contains("queue.urgnt"), "{text}");
    assert!(text.contains("\"red\""), "{text}");
}

#[test]
fn a_bad_colour_or_modifier_names_the_file_the_key_and_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, good) = BUILT_IN[0];
    let bad_colour = good.replace(
        "selection = { fg = \"black\", bg = \"cyan\" }",
        "selection = { fg = \"black\", bg = \"blurple\" }",
    );
    let file = write(dir.path(), "colour.toml", &bad_colour);
    let text = Theme::load(&file).unwrap_err().to_string();
    for part in [file.as_str(), "selection", "blurple"] {
        assert!(text.contains(part), "{part} missing from: {text}");
    }
    let bad_modifier = good.replace("[\"bold\"]", "[\"blink-fast\"]");
    let file = write(dir.path(), "modifier.toml", &bad_modifier);
    let text = Theme::load(&file).unwrap_err().to_string();
    assert!(
        text.contains("blink-fast") && text.contains(&file),
        "{text}"
    );
    let missing = good
        .lines()
        .filter(|l| !l.starts_with("\"chart.bar\""))
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(dir.path(), "missing.toml", &missing);
    let text = Theme::load(&file).unwrap_err().to_string();
    assert!(text.contains("chart.bar") && text.contains(&file), "{text}");
}

#[test]
fn the_binary_refuses_to_start_on_an_invalid_theme() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "broken.toml", "selection = 42\n");
    let fixture = demo_copy();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_registrar"))
        .env_remove("NO_COLOR")
        .arg("--store")
        .arg(&fixture.path)
        .args(["--theme", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&file) && err.contains("selection") && err.contains("42"),
        "{err}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_registrar"))
        .arg("--store")
        .arg(&fixture.path)
        .args(["--theme", "purple"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no theme named 'purple'"), "{err}");
}

#[test]
fn no_color_selects_monochrome_unless_a_theme_is_chosen() {
    assert_eq!(Theme::choose(None, true).unwrap().name, "monochrome");
    assert_eq!(Theme::choose(Some("light"), true).unwrap().name, "light");
    assert_eq!(Theme::choose(None, false).unwrap().name, "default");
}

/// Where a text starts on screen: (x, y).
fn find_text(buffer: &Buffer, needle: &str) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in 0..buffer.area.height {
        let row: Vec<&str> = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        let line: String = row.concat();
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count() as u16;
            out.push((x, y));
        }
    }
    out
}

fn style_at(buffer: &Buffer, (x, y): (u16, u16)) -> Style {
    buffer[(x, y)].style()
}

/// The rendered style carries the theme's colours and modifiers (ratatui patches styles, so
/// compare what the theme sets).
fn assert_styled(actual: Style, expected: Style, what: &str, theme: &str) {
    if let Some(fg) = expected.fg {
        assert_eq!(actual.fg, Some(fg), "{what} fg in {theme}");
    }
    if let Some(bg) = expected.bg {
        assert_eq!(actual.bg, Some(bg), "{what} bg in {theme}");
    }
    assert!(
        actual.add_modifier.contains(expected.add_modifier),
        "{what} modifiers in {theme}: {:?} lacks {:?}",
        actual.add_modifier,
        expected.add_modifier
    );
}

#[test]
fn urgent_marker_and_selected_row_are_styled_by_the_theme_and_carry_words() {
    for theme_name in ["default", "high-contrast", "monochrome", "low-light-red"] {
        let (_f, mut d) = console_with(theme_name, 80, 24);
        log_in(&mut d, "imfp");
        let theme = Theme::load(theme_name).unwrap();
        let buffer = buffer(&mut d, 80, 24);
        // The first urgent item is selected: the selection style covers its row.
        let selected = find_text(&buffer, "▶!! ");
        assert_eq!(selected.len(), 1, "{theme_name}: one selected row");
        let (x, y) = selected[0];
        assert_styled(
            style_at(&buffer, (x + 20, y)),
            theme.style("selection"),
            "selected row",
            theme_name,
        );
        // An urgent item that is not selected: its countdown in words, in queue.urgent.
        let left = find_text(&buffer, "!! 01:28 left");
        assert_eq!(left.len(), 1, "{theme_name}: the countdown is in words");
        assert_styled(
            style_at(&buffer, left[0]),
            theme.style("queue.urgent"),
            "urgent marker",
            theme_name,
        );
        let overdue = find_text(&buffer, "OVERDUE 29d");
        assert_styled(
            style_at(&buffer, overdue[0]),
            theme.style("queue.overdue"),
            "overdue marker",
            theme_name,
        );
        // Moving the selection moves the style.
        key(&mut d, KeyCode::Char('j'));
        let buffer = buffer_of(&mut d);
        let now_selected = find_text(&buffer, "▶!! 01:28 left");
        assert_eq!(now_selected.len(), 1, "{theme_name}");
        assert_styled(
            style_at(&buffer, now_selected[0]),
            theme.style("selection"),
            "selected urgent row",
            theme_name,
        );
    }
}

fn buffer_of(d: &mut registrar::tui::driver::Driver) -> Buffer {
    buffer(d, 80, 24)
}

#[test]
fn monochrome_uses_no_colour_at_all() {
    let theme = Theme::load("monochrome").unwrap();
    for (key, _) in KEYS {
        let s = theme.style(key);
        for c in [s.fg, s.bg].into_iter().flatten() {
            assert_eq!(c, ratatui::style::Color::Reset, "{key} has a colour");
        }
    }
}
