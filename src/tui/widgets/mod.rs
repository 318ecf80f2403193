//! Reusable pieces: the sortable, filterable table; the picker; the form;
//! the status bar; and text fitting by display width (CJK is two columns).

pub mod confirm;
pub mod form;
pub mod input;
pub mod picker;
pub mod status;
pub mod table;

use crate::tui::action::Action;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What an overlay (picker, form, confirmation, help, detail) did with an
/// action: each handles its own keys beside its widget, and the app routes
/// on the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Handled, or nothing to do: the overlay stays.
    Stay,
    /// The operator is done with it (Esc): it closes, nothing else happens.
    Close,
    /// The operator chose or confirmed: the app acts on what it holds.
    Submit,
    /// Not the overlay's: the app may give the action a meaning there.
    Pass(Action),
}

/// A scrolled text's movement keys (help, a detail): true when the action
/// was one.
pub fn scroll(scroll: &mut u16, action: Action) -> bool {
    *scroll = match action {
        Action::MoveUp => scroll.saturating_sub(1),
        Action::MoveDown => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        Action::MoveTop => 0,
        _ => return false,
    };
    true
}

/// Display width of a text (CJK counts two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cut a text to at most `max` columns, marking a cut with `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Cut or pad a text to exactly `cols` columns.
pub fn fit(text: &str, cols: usize) -> String {
    let mut t = truncate(text, cols);
    let w = width(&t);
    if w < cols {
        t.push_str(&" ".repeat(cols - w));
    }
    t
}

/// Pad on the left to exactly `cols` columns (numbers).
pub fn fit_right(text: &str, cols: usize) -> String {
    let t = truncate(text, cols);
    let w = width(&t);
    format!("{}{}", " ".repeat(cols.saturating_sub(w)), t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_chinese_by_display_width() {
        assert_eq!(fit("王林汉", 8), "王林汉  ");
        assert_eq!(width(&fit("王林汉王林汉", 7)), 7);
        assert_eq!(fit_right("12", 4), "  12");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
