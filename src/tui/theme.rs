//! Colours and marks. Only the 16 named colours are used, so any terminal
//! shows them; under `NO_COLOR` every style falls back to bold, dim and
//! reverse video. Colour is never the only signal: rows also carry marks.

use ratatui::style::{Color, Modifier, Style};

/// A gap on a row (or a cell on the map).
pub const MARK_GAP: &str = "!";
/// An overdue suggestion.
pub const MARK_OVERDUE: &str = "×";
/// An inactive deputy or contact, in text (not only dimmed).
pub const MARK_INACTIVE_ZH: &str = "停";
pub const MARK_INACTIVE_EN: &str = "off";

/// How each gap rule shows on screen: its mark on a row (one sign per
/// rule, the same in every view) and its Chinese name. The one table of
/// them: rows, the legends and the Gaps view all read it.
pub struct RuleLook {
    pub rule: &'static str,
    pub mark: &'static str,
    pub zh: &'static str,
}

const fn look(rule: &'static str, mark: &'static str, zh: &'static str) -> RuleLook {
    RuleLook { rule, mark, zh }
}

/// Every rule of `coverage::RULES`, in its order.
pub const RULE_LOOKS: [RuleLook; 15] = [
    look("cell-no-deputy", "D", "网格无代表"),
    look("cell-no-contact", "C", "网格无联络员"),
    look("contact-no-deputy", "U", "联络员无代表"),
    look("deputy-no-contact", "L", "代表无联络员"),
    look("deputy-overloaded", "+", "代表联系过多"),
    look("contact-deputy-mismatch", "M", "代表不在本网格"),
    look("deputy-no-reception", "R", "本年未接待"),
    look("suggestion-overdue", MARK_OVERDUE, "建议逾期"),
    look("suggestion-unassigned", "A", "建议未交办"),
    look("suggestion-unsatisfied", "S", "答复不满意"),
    look("cell-far-from-station", "F", "离联络站远"),
    look("cell-no-geometry", "G", "网格无边界"),
    look("contact-bad-phone", "P", "电话无效"),
    look("territory-uncovered", "T", "辖区未覆盖"),
    look("cells-overlap", "O", "网格重叠"),
];

/// The look of a rule, None for an id not in the table.
pub fn rule_look(rule: &str) -> Option<&'static RuleLook> {
    RULE_LOOKS.iter().find(|l| l.rule == rule)
}

/// A rule's mark on a row (`?` for an unknown id).
pub fn rule_mark(rule: &str) -> &'static str {
    rule_look(rule).map_or("?", |l| l.mark)
}

/// The marks of these rules, each once, in the table's order, after
/// [`MARK_GAP`]; empty without rules.
pub fn marks_of<'a>(rules: impl IntoIterator<Item = &'a str>) -> String {
    let rules: Vec<&str> = rules.into_iter().collect();
    let marks: String = RULE_LOOKS
        .iter()
        .filter(|l| rules.contains(&l.rule))
        .map(|l| l.mark)
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
    fn every_rule_has_one_look_and_no_two_share_a_mark() {
        let ids: Vec<&str> = RULE_LOOKS.iter().map(|l| l.rule).collect();
        assert_eq!(ids, crate::coverage::RULES);
        for (i, a) in RULE_LOOKS.iter().enumerate() {
            assert!(
                a.mark.chars().all(|c| !c.is_ascii_digit()),
                "{}: a count is no mark",
                a.rule
            );
            for b in &RULE_LOOKS[i + 1..] {
                assert_ne!(a.mark, b.mark, "{} and {}", a.rule, b.rule);
            }
        }
        assert_eq!(marks_of(["contact-bad-phone", "cell-no-deputy"]), "!DP");
    }
}
