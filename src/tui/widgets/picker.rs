//! A list to choose one thing from, narrowed as the operator types
//! (codes, names, pinyin). Preferred items (a cell's own deputies) come first.

use super::input::{Edit, TextInput};
use super::Outcome;
use super::{fit, truncate};
use crate::i18n::{tr, Lang};
use crate::model::Kind;
use crate::tui::action::Action;
use crate::tui::matching::with_matcher;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PickItem {
    pub code: String,
    pub label: String,
    pub detail: String,
    pub search: String,
    /// In the first group (shown above a separator).
    pub preferred: bool,
    /// What the item is, where the list mixes kinds (the lookup's hits).
    pub kind: Option<Kind>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickItem>,
    /// What the operator typed, with its cursor.
    pub input: TextInput,
    visible: Vec<usize>,
    pub cursor: usize,
    offset: usize,
    page: usize,
    /// Items come already narrowed (global lookup): do not filter again.
    external: bool,
    /// Why there is nothing to choose from, when the list came empty.
    pub empty_reason: Option<String>,
    /// For items narrowed by the caller from a larger list: how many match
    /// the query and how many there are in all (the items may be fewer).
    counts: Option<(usize, usize)>,
}

impl Picker {
    /// Movement keys move the highlight; Enter chooses it, Esc closes.
    pub fn handle(&mut self, action: Action) -> Outcome {
        let page = self.page() as isize;
        match action {
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::MoveTop => self.move_by(-isize::MAX / 2),
            Action::MoveBottom => self.move_by(isize::MAX / 2),
            Action::Back => return Outcome::Close,
            Action::Open => return Outcome::Submit,
            other => return Outcome::Pass(other),
        }
        Outcome::Stay
    }

    pub fn new(title: String, items: Vec<PickItem>) -> Picker {
        let mut p = Picker {
            title,
            items,
            page: 10,
            ..Default::default()
        };
        p.refresh();
        p
    }

    /// Show every item as given (the caller narrows them).
    pub fn show_all(&mut self) {
        self.external = true;
        self.refresh();
    }

    /// Items the caller narrowed from a larger list, with how many of that
    /// list match the query and how many it holds.
    pub fn set_narrowed(&mut self, items: Vec<PickItem>, matches: usize, total: usize) {
        self.items = items;
        self.counts = Some((matches, total));
        self.show_all();
    }

    fn refresh(&mut self) {
        if self.external {
            self.visible = (0..self.items.len()).collect();
            self.cursor = 0;
            self.offset = 0;
            return;
        }
        let items = &self.items;
        let query = self.input.text.clone();
        // An exact code match goes to the top: typing a code then Enter picks it.
        let exact = items.iter().position(|it| it.code.eq_ignore_ascii_case(query.trim()));
        let mut visible: Vec<usize> =
            with_matcher(&query, |m| (0..items.len()).filter(|&i| m(&items[i].search)).collect());
        if let Some(e) = exact {
            visible.retain(|&i| i != e);
            visible.insert(0, e);
        }
        self.visible = visible;
        self.cursor = 0;
        self.offset = 0;
    }

    /// What the operator typed.
    pub fn query(&self) -> &str {
        &self.input.text
    }

    /// Edit the query; the list narrows again when the text changed.
    /// True when it did.
    pub fn edit(&mut self, e: Edit) -> bool {
        let changed = self.input.edit(e);
        if changed {
            self.refresh();
        }
        changed
    }

    pub fn push_char(&mut self, c: char) {
        self.edit(Edit::Insert(c));
    }

    pub fn backspace(&mut self) {
        self.edit(Edit::Backspace);
    }

    pub fn clear_query(&mut self) {
        self.edit(Edit::Clear);
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, max) as usize;
    }

    pub fn page(&self) -> usize {
        self.page
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    pub fn current(&self) -> Option<&PickItem> {
        self.visible.get(self.cursor).and_then(|&i| self.items.get(i))
    }

    /// The box over `area` and its inside: the list is what the inside
    /// leaves below the query line and above the hint.
    fn boxed(area: Rect) -> (Rect, Rect) {
        let w = area.width.saturating_sub(4).clamp(20, 72);
        let h = area.height.saturating_sub(2).clamp(6, 22);
        let [row] = Layout::vertical([Constraint::Length(h)]).flex(Flex::Center).areas(area);
        let [pop] = Layout::horizontal([Constraint::Length(w)])
            .flex(Flex::Center)
            .areas(row);
        let inner = Block::default().borders(Borders::ALL).inner(pop);
        (pop, inner)
    }

    /// Take the room of `area` before a frame: the page, and the scroll
    /// that keeps the highlight in view (on the last item shown, a line is
    /// kept for how many more there are).
    pub fn fit_to(&mut self, area: Rect) {
        let (_, inner) = Picker::boxed(area);
        if inner.height < 3 {
            return;
        }
        let list_h = inner.height.saturating_sub(2) as usize;
        self.page = list_h.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + list_h {
            self.offset = self.cursor + 1 - list_h;
        }
        let (matches, _) = self.counts.unwrap_or((self.visible.len(), self.items.len()));
        let more = matches.saturating_sub(self.visible.len());
        if more > 0 && self.cursor + 1 == self.visible.len() && self.cursor + 1 >= self.offset + list_h {
            self.offset += 1;
        }
    }

    /// Draw the box as [`Picker::fit_to`] left it.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, hint: &str) {
        let (pop, inner) = Picker::boxed(area);
        f.render_widget(Clear, pop);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        f.render_widget(block, pop);
        if inner.height < 3 {
            return;
        }
        let list_h = inner.height.saturating_sub(2) as usize;
        let (matches, total) = self.counts.unwrap_or((self.visible.len(), self.items.len()));
        let more = matches.saturating_sub(self.visible.len());
        let iw = inner.width as usize;
        let count = format!("  {matches}/{total}");
        let mut first = vec![Span::styled("> ", theme.key())];
        first.extend(self.input.spans(
            iw.saturating_sub(2 + super::width(&count)),
            theme.plain(),
            theme.cursor(),
        ));
        first.push(Span::styled(count, theme.dim()));
        let mut lines = vec![Line::from(first)];
        if self.visible.is_empty() {
            let why = if self.items.is_empty() && !self.external {
                self.empty_reason
                    .clone()
                    .unwrap_or_else(|| tr(lang, "（没有可选项）", "(nothing to choose from)").to_string())
            } else if self.items.is_empty() && self.input.text.trim().is_empty() {
                tr(lang, "（请输入要查找的内容）", "(type what to look for)").to_string()
            } else {
                tr(
                    lang,
                    "（没有匹配项：Backspace 删字，Esc 取消）",
                    "(no match: Backspace to edit, Esc to cancel)",
                )
                .to_string()
            };
            lines.push(Line::styled(why, theme.dim()));
        }
        let mut last_pref = None;
        for n in self.offset..(self.offset + list_h).min(self.visible.len()) {
            let Some(item) = self.visible.get(n).and_then(|&i| self.items.get(i)) else {
                break;
            };
            let pref_mark = if last_pref == Some(true) && !item.preferred {
                "─"
            } else {
                " "
            };
            last_pref = Some(item.preferred);
            let code_w = 10.min(iw / 4);
            let label_w = 16.min(iw.saturating_sub(code_w + 4) / 2);
            let rest = iw.saturating_sub(code_w + label_w + 4);
            let text = format!(
                "{pref_mark}{} {} {}",
                fit(&item.code, code_w),
                fit(&item.label, label_w),
                truncate(&item.detail, rest)
            );
            let style = if n == self.cursor {
                theme.cursor()
            } else if item.preferred {
                theme.good()
            } else {
                theme.plain()
            };
            lines.push(Line::styled(text, style));
        }
        if more > 0 && self.offset + list_h > self.visible.len() && lines.len() <= list_h {
            let text = match lang {
                Lang::Zh => format!(" …另有 {more} 项：继续输入以缩小范围"),
                Lang::En => format!(" … {more} more: type to narrow"),
            };
            lines.push(Line::styled(text, theme.dim()));
        }
        let list_area = Rect {
            height: inner.height.saturating_sub(1),
            ..inner
        };
        f.render_widget(Paragraph::new(lines), list_area);
        let hint_area = Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        };
        f.render_widget(Paragraph::new(Line::styled(truncate(hint, iw), theme.dim())), hint_area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, label: &str, preferred: bool) -> PickItem {
        PickItem {
            code: code.into(),
            label: label.into(),
            search: format!("{code} {label}"),
            preferred,
            ..Default::default()
        }
    }

    #[test]
    fn typing_narrows_and_an_exact_code_comes_first() {
        let mut p = Picker::new(
            "t".into(),
            vec![
                item("D00001", "李明", true),
                item("D00036", "王林汉", false),
                item("D00360", "王五", false),
            ],
        );
        assert_eq!(p.visible_len(), 3);
        for c in "wlh".chars() {
            p.push_char(c);
        }
        assert_eq!(p.current().map(|i| i.code.as_str()), Some("D00036"));
        p.clear_query();
        for c in "d00036".chars() {
            p.push_char(c);
        }
        assert_eq!(p.current().map(|i| i.code.as_str()), Some("D00036"));
    }
}
