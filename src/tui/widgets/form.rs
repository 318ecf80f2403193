//! One form for every record: a list of fields, each of a kind (text,
//! date, number, a choice among values, a lookup of a record by code or
//! name that the app resolves), with the value it opened with, whether it
//! was touched since, and its own error mark. The form handles its keys
//! ([`Form::handle`]) and checks what it can alone ([`Form::check`]); the
//! app resolves lookups and saves.

use super::input::{self, Edit};
use super::Outcome;
use super::{fit, truncate};
use crate::i18n::{tr, Lang};
use crate::tui::action::Action;
use crate::tui::theme::{Theme, MARK_GAP};
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
    /// A liaison station (a deputy's).
    Station,
    /// An active handling unit (a suggestion's, SPEC §10).
    Unit,
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
    /// Why the value cannot be saved, once a save was tried (the field's
    /// label is marked).
    pub error: Option<String>,
    /// The text and choice the field opened with (see [`Field::touched`]).
    opened: (String, usize),
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
            error: None,
            opened: (String::new(), 0),
        }
    }

    /// Whether the operator typed or chose something else than the field
    /// opened with (a record's edit saves only these).
    pub fn touched(&self) -> bool {
        self.value != self.opened.0 || self.choice != self.opened.1
    }

    /// What stops the value from being saved, in the operator's language:
    /// a required field left empty (0: said first), a date that is none (1).
    fn problem(&self, lang: Lang) -> Option<(u8, String)> {
        let empty = match self.kind {
            FieldKind::Lookup(_) => self.resolved.is_none(),
            FieldKind::Choice(_) => false,
            _ => self.value.trim().is_empty(),
        };
        if self.required && empty {
            return Some((0, format!("{}: {}", tr(lang, "请填写", "Needed"), self.label)));
        }
        if self.kind == FieldKind::Date
            && !self.value.trim().is_empty()
            && crate::model::parse_date(&self.value).is_none()
        {
            let text = format!(
                "{}: {} ({})",
                self.label,
                tr(lang, "日期无效", "not a date"),
                "2024-08-21"
            );
            return Some((1, text));
        }
        None
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
}

impl Form {
    /// The fields as given are the values it opened with.
    pub fn new(title: String, mut fields: Vec<Field>) -> Form {
        for f in &mut fields {
            f.opened = (f.value.clone(), f.choice);
        }
        Form {
            title,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// Tab and Shift-Tab move between fields, Left/Right cycle a choice
    /// (or move the cursor in a text), Enter asks to save, Esc closes.
    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::FormNext => self.next(),
            Action::FormPrev => self.prev(),
            Action::FormChoiceNext if self.focused_is_choice() => self.cycle(1),
            Action::FormChoicePrev if self.focused_is_choice() => self.cycle(-1),
            Action::FormChoiceNext => {
                self.edit(Edit::Right);
            }
            Action::FormChoicePrev => {
                self.edit(Edit::Left);
            }
            Action::Back => return Outcome::Close,
            Action::Open => return Outcome::Submit,
            other => return Outcome::Pass(other),
        }
        Outcome::Stay
    }

    /// Check every field as it stands: each field's error mark is set or
    /// cleared; the first empty required field, else the first bad date, is
    /// the form's error and comes back.
    pub fn check(&mut self, lang: Lang) -> Result<(), String> {
        let mut first: Option<(u8, String)> = None;
        for f in &mut self.fields {
            let problem = f.problem(lang);
            if let Some(p) = &problem {
                if first.as_ref().is_none_or(|(rank, _)| p.0 < *rank) {
                    first = Some(p.clone());
                }
            }
            f.error = problem.map(|(_, text)| text);
        }
        match first {
            Some((_, text)) => {
                self.error = Some(text.clone());
                Err(text)
            }
            None => Ok(()),
        }
    }

    /// The fields the operator changed since the form opened.
    pub fn touched_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.touched())
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
        self.fields.iter().any(Field::touched)
    }

    /// Typed text and cursor keys go to the focused field (a choice field
    /// takes none; a number field only digits). True when the text changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let Some(f) = self.focused_mut() else { return false };
        let changed = match (&f.kind, e) {
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
        };
        // What the mark said is about the old text.
        if changed {
            f.error = None;
        }
        changed
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
            // A field that stopped a save is marked (colour is not the only sign).
            let label = fit(&format!("{}{star}", field.label), label_w);
            let mut spans = match (&field.error, focused) {
                (Some(_), _) => vec![
                    Span::styled(MARK_GAP, theme.error()),
                    Span::styled(label, theme.error()),
                ],
                (None, true) => vec![Span::styled("▸", theme.key()), Span::raw(label)],
                (None, false) => vec![Span::styled(" ", theme.key()), Span::raw(label)],
            };
            spans.push(Span::raw(" "));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            "t".into(),
            vec![
                Field::new("name", "Name", FieldKind::Text).required().with_value("Li"),
                Field::new("on", "On", FieldKind::Date),
            ],
        )
    }

    #[test]
    fn a_field_is_touched_only_when_its_value_moved_from_the_one_it_opened_with() {
        let mut f = form();
        assert!(!f.touched());
        f.next();
        f.edit(Edit::Paste("2026-01-02".into()));
        let touched: Vec<&str> = f.touched_fields().map(|x| x.key).collect();
        assert_eq!(touched, ["on"]);
    }

    #[test]
    fn check_marks_each_field_that_stops_a_save_and_names_the_first() {
        let mut f = form();
        f.fields[0].value.clear();
        f.fields[1].value = "soon".into();
        assert_eq!(f.check(Lang::En), Err("Needed: Name".to_string()));
        assert!(f.fields.iter().all(|x| x.error.is_some()));
        f.fields[0].value = "Wang".into();
        f.fields[1].value.clear();
        assert_eq!(f.check(Lang::En), Ok(()));
        assert!(f.fields.iter().all(|x| x.error.is_none()));
    }

    #[test]
    fn the_form_owns_its_keys_and_hands_back_save_and_close() {
        let mut f = form();
        assert_eq!(f.handle(Action::FormNext), Outcome::Stay);
        assert_eq!(f.focus, 1);
        assert_eq!(f.handle(Action::Open), Outcome::Submit);
        assert_eq!(f.handle(Action::Back), Outcome::Close);
        assert_eq!(f.handle(Action::Undo), Outcome::Pass(Action::Undo));
    }
}
