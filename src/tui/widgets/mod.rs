//! Reusable pieces: the sortable, filterable table; the picker; the form;
//! the status bar; and text fitting by display width (CJK is two columns).

pub mod form;
pub mod input;
pub mod picker;
pub mod status;
pub mod table;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
