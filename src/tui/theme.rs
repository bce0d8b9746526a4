//! Colour themes: TOML files with semantic keys (`queue.urgent`, `selection`, ...), each a
//! colour or `{ fg, bg, modifiers }`. Parsed strictly — an unknown key, a missing key, a bad
//! colour or modifier is an error naming the file, the key and the value — and resolved into
//! concrete styles once. The built-in themes are embedded in the binary.

use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use thiserror::Error;

/// Every semantic key a theme defines, with what it colours.
pub const KEYS: [(&str, &str); 28] = [
    ("base", "the whole screen"),
    ("header", "the header bar"),
    ("header.badge", "EXERCISE TIME and DEMO badges"),
    ("footer", "the footer of key hints"),
    ("key_hint.key", "a key in the hints and help"),
    ("key_hint.text", "what a key does"),
    ("title", "titles of panes and screens"),
    ("border", "borders of panes without focus"),
    ("focus.border", "the border of the pane with focus"),
    ("selection", "the selected row"),
    ("queue.urgent", "urgent items and their countdown"),
    ("queue.overdue", "overdue markers"),
    ("queue.pending", "pending markers"),
    ("queue.count", "queue counts"),
    ("marking.unclassified", "UNCLASSIFIED"),
    ("marking.confidential", "CONFIDENTIAL"),
    ("marking.strictly_confidential", "STRICTLY CONFIDENTIAL"),
    ("field.label", "form labels"),
    ("field.focus", "the form field with focus"),
    ("field.value", "form values"),
    ("field.error", "validation errors beside a field"),
    ("field.hint", "hints under a field"),
    ("status.ok", "confirmation messages"),
    ("status.error", "error messages"),
    ("refusal", "a rule's refusal (paragraph of the Guidelines)"),
    ("muted", "secondary text"),
    ("chart.bar", "bars of charts"),
    ("modal.border", "the border of dialogs"),
];

/// The themes embedded in the binary: (name, file name, TOML).
pub const BUILT_IN: [(&str, &str, &str); 5] = [
    (
        "default",
        "themes/default.toml",
        include_str!("../../themes/default.toml"),
    ),
    (
        "light",
        "themes/light.toml",
        include_str!("../../themes/light.toml"),
    ),
    (
        "high-contrast",
        "themes/high-contrast.toml",
        include_str!("../../themes/high-contrast.toml"),
    ),
    (
        "low-light-red",
        "themes/low-light-red.toml",
        include_str!("../../themes/low-light-red.toml"),
    ),
    (
        "monochrome",
        "themes/monochrome.toml",
        include_str!("../../themes/monochrome.toml"),
    ),
];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ThemeError {
    #[error("{file}: not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: unknown key '{key}' (value {value}); known keys: {known}")]
    UnknownKey {
        file: String,
        key: String,
        value: String,
        known: String,
    },
    #[error("{file}: key '{key}': value {value}: {problem}")]
    BadValue {
        file: String,
        key: String,
        value: String,
        problem: String,
    },
    #[error("{file}: key '{key}' is missing (it colours {what})")]
    Missing {
        file: String,
        key: String,
        what: &'static str,
    },
    #[error(
        "no theme named '{0}'; built-in themes: default, light, high-contrast, low-light-red, monochrome (or give a path to a .toml file)"
    )]
    NoSuchTheme(String),
    #[error("{file}: {message}")]
    Io { file: String, message: String },
}

/// A theme resolved into styles.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<&'static str, Style>,
}

impl Theme {
    /// The style of a semantic key. Keys are checked when parsing, so every key is present;
    /// an unknown key asked for by code is a programming error caught by the tests.
    pub fn style(&self, key: &str) -> Style {
        self.styles.get(key).copied().unwrap_or_default()
    }

    /// Parses a theme's TOML. `file` names it in errors.
    pub fn parse(name: &str, file: &str, text: &str) -> Result<Theme, ThemeError> {
        let table = toml::Table::from_str(text).map_err(|e| ThemeError::Syntax {
            file: file.to_string(),
            message: e.to_string().lines().next().unwrap_or_default().to_string(),
        })?;
        let mut flat = Vec::new();
        flatten("", &table, &mut flat);
        let mut styles = BTreeMap::new();
        for (key, value) in flat {
            let Some((known, _)) = KEYS.iter().find(|(k, _)| *k == key) else {
                return Err(ThemeError::UnknownKey {
                    file: file.to_string(),
                    key,
                    value: value.to_string(),
                    known: KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "),
                });
            };
            let style = style_of(&value).map_err(|problem| ThemeError::BadValue {
                file: file.to_string(),
                key: key.clone(),
                value: value.to_string(),
                problem,
            })?;
            styles.insert(*known, style);
        }
        if let Some((key, what)) = KEYS.iter().find(|(k, _)| !styles.contains_key(k)) {
            return Err(ThemeError::Missing {
                file: file.to_string(),
                key: key.to_string(),
                what,
            });
        }
        Ok(Theme {
            name: name.to_string(),
            styles,
        })
    }

    /// A built-in theme by name, or a theme file by path (anything ending in `.toml`).
    pub fn load(name: &str) -> Result<Theme, ThemeError> {
        if let Some((n, file, text)) = BUILT_IN.iter().find(|(n, _, _)| *n == name) {
            return Theme::parse(n, file, text);
        }
        if name.ends_with(".toml") {
            let path = Path::new(name);
            let text = std::fs::read_to_string(path).map_err(|e| ThemeError::Io {
                file: name.to_string(),
                message: e.to_string(),
            })?;
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(name)
                .to_string();
            return Theme::parse(&stem, name, &text);
        }
        Err(ThemeError::NoSuchTheme(name.to_string()))
    }

    /// The built-in default (dark) theme.
    pub fn default_dark() -> Theme {
        Self::built_in("default")
    }

    pub fn monochrome() -> Theme {
        Self::built_in("monochrome")
    }

    fn built_in(name: &str) -> Theme {
        // The built-in files are checked by the tests; a broken one would not ship.
        Theme::load(name).unwrap_or_else(|_| Theme {
            name: name.to_string(),
            styles: KEYS.iter().map(|(k, _)| (*k, Style::default())).collect(),
        })
    }

    /// Which theme to use: one chosen by name (on the command line or in the user's settings)
    /// wins; otherwise `NO_COLOR` selects monochrome; otherwise the default.
    pub fn choose(chosen: Option<&str>, no_color: bool) -> Result<Theme, ThemeError> {
        match chosen {
            Some(name) => Theme::load(name),
            None if no_color => Ok(Theme::monochrome()),
            None => Ok(Theme::default_dark()),
        }
    }
}

/// Flattens nested tables into dotted keys; a table whose keys are only `fg`, `bg` and
/// `modifiers` is a style, not a group.
fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) if !is_style_table(t) => flatten(&key, t, out),
            _ => out.push((key, v.clone())),
        }
    }
}

fn is_style_table(t: &toml::Table) -> bool {
    !t.is_empty()
        && t.keys()
            .all(|k| matches!(k.as_str(), "fg" | "bg" | "modifiers"))
}

fn style_of(value: &toml::Value) -> Result<Style, String> {
    match value {
        toml::Value::String(s) => Ok(Style::default().fg(colour(s)?)),
        toml::Value::Table(t) => {
            let mut style = Style::default();
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("fg", toml::Value::String(s)) => style = style.fg(colour(s)?),
                    ("bg", toml::Value::String(s)) => style = style.bg(colour(s)?),
                    ("modifiers", toml::Value::Array(items)) => {
                        for item in items {
                            let name = item
                                .as_str()
                                .ok_or_else(|| format!("modifier {item} is not a string"))?;
                            style = style.add_modifier(modifier(name)?);
                        }
                    }
                    (k, v) => return Err(format!("'{k} = {v}' is not a colour or modifiers")),
                }
            }
            Ok(style)
        }
        other => Err(format!(
            "expected a colour or {{ fg, bg, modifiers }}, found a {}",
            other.type_str()
        )),
    }
}

/// A colour: a name (`red`, `lightred`, `darkgray`, `reset`), `#rrggbb`, or an index 0–255.
fn colour(s: &str) -> Result<Color, String> {
    let valid_name = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '#' || c == '-' || c == '_');
    if !valid_name {
        return Err(format!("'{s}' is not a colour"));
    }
    Color::from_str(s).map_err(|_| {
        format!("'{s}' is not a colour (a name such as red or lightblue, #rrggbb, or 0-255)")
    })
}

fn modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        _ => {
            return Err(format!(
                "'{name}' is not a modifier (bold, dim, italic, underlined, reversed, crossed_out, slow_blink)"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_and_defines_every_key() {
        for (name, file, text) in BUILT_IN {
            let theme = Theme::parse(name, file, text).unwrap_or_else(|e| panic!("{e}"));
            for (key, _) in KEYS {
                assert!(theme.styles.contains_key(key), "{name} lacks {key}");
            }
        }
    }

    #[test]
    fn nested_tables_are_the_same_as_dotted_keys() {
        let (_, _, text) = BUILT_IN[0];
        let nested = text.replace(
            "\"queue.count\" = { fg = \"white\", modifiers = [\"bold\"] }",
            "",
        ) + "\n[queue.count]\nfg = \"white\"\nmodifiers = [\"bold\"]\n";
        let a = Theme::parse("a", "a.toml", text).unwrap();
        let b = Theme::parse("a", "a.toml", &nested).unwrap();
        assert_eq!(a.style("queue.count"), b.style("queue.count"));
    }
}
