//! One line of text being typed (filters, pickers, form fields): a cursor
//! that Left/Right/Home/End move, Backspace/Delete that edit at it, and
//! drawing that puts the cursor at the right column when Chinese (two
//! columns a character) is on the line and keeps it in view when the text
//! is wider than the room.

use super::width;
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

/// An edit of a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// A paste: inserted whole (one edit, not one per character), with
    /// line breaks and tabs made spaces and other controls dropped.
    Paste(String),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Clear,
}

/// The text and the cursor, as a char index (0..=chars).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    /// A line holding `text`, the cursor at its end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    /// Apply an edit; true when the text changed (not just the cursor).
    pub fn edit(&mut self, e: Edit) -> bool {
        edit(&mut self.text, &mut self.cursor, e)
    }

    /// The spans that draw the line in `room` columns with the cursor shown.
    pub fn spans(&self, room: usize, style: Style, cursor: Style) -> Vec<Span<'static>> {
        spans(&self.text, self.cursor, room, style, cursor)
    }
}

/// Whether the text holds `MAX_INPUT_CHARS` characters already.
fn full(text: &str) -> bool {
    text.chars().count() >= MAX_INPUT_CHARS
}

/// The byte offset of char index `n` (the end when past it).
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map(|(b, _)| b).unwrap_or(text.len())
}

/// The most characters one line of input holds: what the store keeps at
/// most (SPEC §2 refuses more), so a runaway paste or key burst costs
/// nothing once it is reached.
pub const MAX_INPUT_CHARS: usize = crate::model::MAX_TEXT_CHARS;

/// Apply an edit to a text and its cursor (a char index, clamped first);
/// true when the text changed.
pub fn edit(text: &mut String, cursor: &mut usize, e: Edit) -> bool {
    // Bytes bound chars from above: the common case needs no count.
    if matches!(e, Edit::Insert(_) | Edit::Paste(_)) && text.len() >= MAX_INPUT_CHARS && full(text) {
        return false;
    }
    let len = text.chars().count();
    *cursor = (*cursor).min(len);
    match e {
        Edit::Insert(c) => {
            if c.is_control() {
                return false;
            }
            text.insert(byte_at(text, *cursor), c);
            *cursor += 1;
            true
        }
        Edit::Paste(pasted) => {
            let room = MAX_INPUT_CHARS - len;
            let clean: String = pasted
                .chars()
                .filter_map(|c| match c {
                    '\n' | '\r' | '\t' => Some(' '),
                    c if c.is_control() => None,
                    c => Some(c),
                })
                .take(room)
                .collect();
            if clean.is_empty() {
                return false;
            }
            text.insert_str(byte_at(text, *cursor), &clean);
            *cursor += clean.chars().count();
            true
        }
        Edit::Backspace => {
            if *cursor == 0 {
                return false;
            }
            *cursor -= 1;
            text.remove(byte_at(text, *cursor));
            true
        }
        Edit::Delete => {
            if *cursor >= len {
                return false;
            }
            text.remove(byte_at(text, *cursor));
            true
        }
        Edit::Left => {
            *cursor = cursor.saturating_sub(1);
            false
        }
        Edit::Right => {
            *cursor = (*cursor + 1).min(len);
            false
        }
        Edit::Home => {
            *cursor = 0;
            false
        }
        Edit::End => {
            *cursor = len;
            false
        }
        Edit::Clear => {
            let changed = !text.is_empty();
            text.clear();
            *cursor = 0;
            changed
        }
    }
}

/// Draw `text` in at most `room` columns with the character under the
/// cursor (or a blank past the end) in the cursor style. When the text is
/// wider than the room, the part around the cursor is shown.
pub fn spans(text: &str, cursor: usize, room: usize, style: Style, cursor_style: Style) -> Vec<Span<'static>> {
    if room == 0 {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    let w = |c: &char| c.width().unwrap_or(0);
    // The cursor's own cell: the character under it, or one blank column.
    let at_w = chars.get(cursor).map(w).unwrap_or(1).max(1);
    // Start far enough right that everything up to the cursor fits.
    let mut start = 0;
    let mut before: usize = chars[..cursor].iter().map(w).sum();
    while before + at_w > room && start < cursor {
        before -= chars.get(start).map(w).unwrap_or(0);
        start += 1;
    }
    let head: String = chars[start..cursor].iter().collect();
    let at: String = chars.get(cursor).map(|c| c.to_string()).unwrap_or_else(|| " ".into());
    let mut used = width(&head) + width(&at);
    let mut tail = String::new();
    for c in chars.iter().skip(cursor + 1) {
        if used + w(c) > room {
            break;
        }
        used += w(c);
        tail.push(*c);
    }
    vec![
        Span::styled(head, style),
        Span::styled(at, cursor_style),
        Span::styled(tail, style),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextInput {
        let mut t = TextInput::default();
        for c in s.chars() {
            t.edit(Edit::Insert(c));
        }
        t
    }

    #[test]
    fn a_paste_goes_in_whole_with_line_breaks_made_spaces() {
        let mut t = typed("路灯");
        t.edit(Edit::Left);
        assert!(t.edit(Edit::Paste("不\r\n亮\u{1b}了".into())));
        assert_eq!(t.text, "路不  亮了灯");
        assert_eq!(t.cursor, 6);
    }

    #[test]
    fn input_stops_at_its_limit_however_much_is_pasted_or_typed() {
        let mut t = TextInput::default();
        t.edit(Edit::Paste("字".repeat(MAX_INPUT_CHARS + 500)));
        assert_eq!(t.text.chars().count(), MAX_INPUT_CHARS);
        assert!(!t.edit(Edit::Insert('x')));
        assert!(!t.edit(Edit::Paste("more".into())));
        assert!(t.edit(Edit::Backspace));
        assert!(t.edit(Edit::Insert('x')));
        assert_eq!(t.text.chars().count(), MAX_INPUT_CHARS);
    }

    #[test]
    fn edits_chinese_text_in_the_middle() {
        let mut t = typed("王汉");
        t.edit(Edit::Left);
        t.edit(Edit::Insert('林'));
        assert_eq!(t.text, "王林汉");
        t.edit(Edit::Home);
        t.edit(Edit::Delete);
        assert_eq!(t.text, "林汉");
        t.edit(Edit::End);
        t.edit(Edit::Backspace);
        assert_eq!(t.text, "林");
        assert_eq!(t.cursor, 1);
        // Nothing to delete past the end, nothing to erase before the start.
        assert!(!t.edit(Edit::Delete));
        t.edit(Edit::Home);
        assert!(!t.edit(Edit::Backspace));
        assert_eq!(t.text, "林");
    }

    #[test]
    fn the_cursor_lands_after_wide_characters_and_stays_in_view() {
        let plain = Style::new();
        let t = typed("村口路灯");
        let s = t.spans(20, plain, plain);
        // Four wide characters, then the cursor blank at column 8.
        assert_eq!(width(&s[0].content), 8);
        assert_eq!(s[1].content, " ");
        // Six columns of room: the start scrolls away, the cursor stays.
        let s = t.spans(6, plain, plain);
        assert_eq!(s[0].content, "路灯");
        let mut t = t;
        t.edit(Edit::Home);
        let s = t.spans(6, plain, plain);
        assert_eq!(s[1].content, "村");
        assert_eq!(s[2].content, "口路");
    }
}
