//! Colours and marks. Only the 16 named colours are used, so any terminal
//! shows them; under `NO_COLOR` every style falls back to bold, dim and
//! reverse video. Colour is never the only signal: rows also carry marks.

use ratatui::style::{Color, Modifier, Style};

/// A gap on a row (or a cell on the map).
pub const MARK_GAP: &str = "!";
/// An overdue suggestion: the overdue rule's mark.
pub use crate::coverage::MARK_OVERDUE;
/// An inactive deputy or contact, in text (not only dimmed).
pub const MARK_INACTIVE_ZH: &str = "停";
pub const MARK_INACTIVE_EN: &str = "off";

/// A rule's mark on a row (`?` for an unknown id); the marks are in the
/// rule table (`coverage::RULE_TABLE`).
pub fn rule_mark(rule: &str) -> &'static str {
    crate::coverage::rule(rule).map_or("?", |r| r.mark)
}

/// The marks of these rules, each once, in the table's order, after
/// [`MARK_GAP`]; empty without rules.
pub fn marks_of<'a>(rules: impl IntoIterator<Item = &'a str>) -> String {
    let rules: Vec<&str> = rules.into_iter().collect();
    let marks: String = crate::coverage::RULE_TABLE
        .iter()
        .filter(|r| rules.contains(&r.id))
        .map(|r| r.mark)
        .collect();
    if marks.is_empty() {
        marks
    } else {
        format!("{MARK_GAP}{marks}")
    }
}

/// A person's marks: [`MARK_INACTIVE_ZH`] (or `_EN`) first when inactive,
/// then the gap marks.
pub fn status_marks(active: bool, gaps: &str, lang: crate::i18n::Lang) -> String {
    if active {
        return gaps.to_string();
    }
    let off = crate::i18n::tr(lang, MARK_INACTIVE_ZH, MARK_INACTIVE_EN);
    if gaps.is_empty() {
        off.to_string()
    } else {
        format!("{off} {gaps}")
    }
}

/// A selected row.
pub const MARK_SELECTED: &str = "*";
/// The row under the cursor (besides reverse video on its first columns).
pub const MARK_CURSOR: &str = ">";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn header(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn selected(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn bad(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn badge(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn error(&self) -> Style {
        self.bad()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_come_in_the_rule_tables_order_after_the_gap_mark() {
        assert_eq!(marks_of(["contact-bad-phone", "cell-no-deputy"]), "!DP");
        assert_eq!(marks_of(["no-such-rule"]), "");
        assert_eq!(rule_mark("suggestion-overdue"), MARK_OVERDUE);
    }
}
