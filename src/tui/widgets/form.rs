//! A small form: text, date and choice fields, plus lookup fields that
//! resolve what is typed to a code (the app fills in `resolved`).

use super::input::{self, Edit};
use super::{fit, truncate};
use crate::i18n::{tr, Lang};
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// What the operator looks up in a lookup field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKind {
    Cell,
    Deputy,
    /// A deputy or a contact (who raised a suggestion).
    Person,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    Date,
    Number,
    /// (code, label) choices; Left/Right cycles.
    Choice(Vec<(String, String)>),
    Lookup(LookupKind),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub value: String,
    /// Where typing goes in `value` (a char index).
    pub cursor: usize,
    pub choice: usize,
    pub required: bool,
    /// For lookup fields: the code and name the typed text resolves to.
    pub resolved: Option<(String, String)>,
    /// For lookup fields: what the typed text matches (several: the
    /// operator chooses among them when saving).
    pub matches: Vec<(String, String)>,
}

impl Field {
    pub fn new(key: &'static str, label: &str, kind: FieldKind) -> Field {
        Field {
            key,
            label: label.to_string(),
            kind,
            value: String::new(),
            cursor: 0,
            choice: 0,
            required: false,
            resolved: None,
            matches: Vec::new(),
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn with_value(mut self, v: &str) -> Field {
        self.value = v.to_string();
        self.cursor = self.value.chars().count();
        self
    }

    /// The chosen code of a choice field.
    pub fn chosen(&self) -> Option<&str> {
        match &self.kind {
            FieldKind::Choice(c) => c.get(self.choice).map(|(code, _)| code.as_str()),
            _ => None,
        }
    }

    fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice(c) => c
                .get(self.choice)
                .map(|(_, label)| format!("< {label} >"))
                .unwrap_or_default(),
            _ => self.value.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// Each field's text and choice as the form opened (see `touched`).
    opened_with: Vec<(String, usize)>,
}

impl Form {
    pub fn new(title: String, fields: Vec<Field>) -> Form {
        let opened_with = fields.iter().map(|f| (f.value.clone(), f.choice)).collect();
        Form {
            title,
            fields,
            focus: 0,
            error: None,
            opened_with,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key).map(|f| f.value.trim().to_string()).unwrap_or_default()
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    pub fn cycle(&mut self, delta: isize) {
        if let Some(f) = self.focused_mut() {
            if let FieldKind::Choice(c) = &f.kind {
                if !c.is_empty() {
                    let n = c.len() as isize;
                    f.choice = ((f.choice as isize + delta).rem_euclid(n)) as usize;
                }
            }
        }
    }

    /// Whether anything was typed or chosen since the form opened (quitting
    /// then asks first).
    pub fn touched(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.opened_with)
            .any(|(f, (value, choice))| f.value != *value || f.choice != *choice)
    }

    /// Typed text and cursor keys go to the focused field (a choice field
    /// takes none; a number field only digits). True when the text changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let Some(f) = self.focused_mut() else { return false };
        match (&f.kind, e) {
            (FieldKind::Choice(_), _) => false,
            // A number field takes digits only; a number shown as 0 is a
            // default, and the first digit typed replaces it.
            (FieldKind::Number, Edit::Insert(c)) if !c.is_ascii_digit() => false,
            (FieldKind::Number, e @ (Edit::Insert(_) | Edit::Paste(_))) => {
                let digits: String = match e {
                    Edit::Insert(c) => c.to_string(),
                    Edit::Paste(t) => t.chars().filter(char::is_ascii_digit).collect(),
                    _ => String::new(),
                };
                if digits.is_empty() {
                    return false;
                }
                if f.value == "0" {
                    f.value.clear();
                    f.cursor = 0;
                }
                input::edit(&mut f.value, &mut f.cursor, Edit::Paste(digits))
            }
            (_, e) => input::edit(&mut f.value, &mut f.cursor, e),
        }
    }

    /// Whether the focused field is a choice (Left/Right cycle it) rather than text.
    pub fn focused_is_choice(&self) -> bool {
        matches!(self.fields.get(self.focus).map(|f| &f.kind), Some(FieldKind::Choice(_)))
    }

    pub fn push_char(&mut self, ch: char) {
        self.edit(Edit::Insert(ch));
    }

    pub fn backspace(&mut self) {
        self.edit(Edit::Backspace);
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, hint: &str) {
        let w = area.width.saturating_sub(4).clamp(20, 70);
        let h = (self.fields.len() as u16 + 4).min(area.height);
        let [row] = Layout::vertical([Constraint::Length(h)]).flex(Flex::Center).areas(area);
        let [pop] = Layout::horizontal([Constraint::Length(w)])
            .flex(Flex::Center)
            .areas(row);
        f.render_widget(Clear, pop);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        let inner = block.inner(pop);
        f.render_widget(block, pop);
        let iw = inner.width as usize;
        let label_w = self
            .fields
            .iter()
            .map(|x| super::width(&x.label))
            .max()
            .unwrap_or(4)
            .min(14)
            + 1;
        let mut lines = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let star = if field.required { "*" } else { " " };
            let mut spans = vec![
                Span::styled(if focused { "▸" } else { " " }, theme.key()),
                Span::raw(fit(&format!("{}{star}", field.label), label_w)),
                Span::raw(" "),
            ];
            let value = field.shown();
            let resolved = match (&field.kind, &field.resolved) {
                (FieldKind::Lookup(_), Some((code, name))) => format!("  → {code} {name}"),
                (FieldKind::Lookup(_), None) if field.matches.len() > 1 => {
                    let (code, name) = &field.matches[0];
                    match lang {
                        crate::i18n::Lang::Zh => {
                            format!("  → {} 个匹配（{code} {name} …）：Enter 选择", field.matches.len())
                        }
                        crate::i18n::Lang::En => {
                            format!("  → {} matches ({code} {name} …): Enter chooses", field.matches.len())
                        }
                    }
                }
                (FieldKind::Lookup(_), None) if !field.value.trim().is_empty() => {
                    format!("  → {}", tr(lang, "未找到", "not found"))
                }
                _ => String::new(),
            };
            let room = iw.saturating_sub(label_w + 2);
            let used = if focused && !matches!(field.kind, FieldKind::Choice(_)) {
                // The text with its cursor; what it resolves to after it, if there is room.
                let edit = input::spans(&field.value, field.cursor, room, theme.plain(), theme.cursor());
                let used: usize = edit.iter().map(|s| super::width(&s.content)).sum();
                spans.extend(edit);
                used
            } else {
                let style = if focused { theme.cursor() } else { theme.plain() };
                let shown = truncate(&value, room);
                let used = super::width(&shown);
                spans.push(Span::styled(shown, style));
                used
            };
            spans.push(Span::styled(
                truncate(&resolved, room.saturating_sub(used)),
                theme.good(),
            ));
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        match &self.error {
            Some(e) => lines.push(Line::styled(truncate(e, iw), theme.error())),
            None => lines.push(Line::styled(truncate(hint, iw), theme.dim())),
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}
