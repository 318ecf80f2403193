//! Drawing a table: the columns that fit, the header with its sort arrow
//! and scroll marks, the rows in view with the cursor and the selection.
//! [`TableState::fit_to`] takes the room before a frame; drawing itself
//! changes nothing.

use super::super::{fit, fit_right};
use super::{Column, TableState, Tone};
use crate::i18n::{tr, Lang};
use crate::tui::theme::{Theme, MARK_CURSOR, MARK_SELECTED};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

impl TableState {
    /// The columns shown, by index: the first, then those after the ones
    /// scrolled off.
    fn shown_columns(&self) -> Vec<usize> {
        let n = self.columns.len();
        let skip = self.hscroll.min(n.saturating_sub(2));
        (0..n).filter(|&i| i == 0 || i > skip).collect()
    }

    /// Take the room of `area` before a frame: the rows it has room for
    /// (the page, and the scroll that keeps the cursor in view) and whether
    /// columns are left out at the right (`›`, and what Right scrolls).
    pub fn fit_to(&mut self, area: Rect) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        self.scroll(area.height.saturating_sub(1) as usize);
        let shown = self.shown_columns();
        self.more_right = self.widths(&shown, area.width as usize).1;
    }

    /// Draw the header and the rows that fit, as [`TableState::fit_to`] left them.
    /// `‹` and `›` in the header say that columns are scrolled off to the
    /// left or left out (or cut) to the right.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        let body = area.height.saturating_sub(1) as usize;
        let total = area.width as usize;
        let shown = self.shown_columns();
        let (widths, more_right) = self.widths(&shown, total);
        let mut lines = Vec::with_capacity(body + 1);
        let left = if shown.len() < self.columns.len() { "‹ " } else { "  " };
        let mut header = vec![Span::styled(left, theme.key())];
        for (&i, w) in shown.iter().zip(&widths) {
            let Some(col) = self.columns.get(i) else { continue };
            let mut title = tr(lang, col.zh, col.en).to_string();
            if let Some((c, desc)) = self.sort {
                if c == i {
                    // The arrow always shows: the title gives up its end
                    // for it rather than the arrow being cut (first-use #14).
                    let arrow = if desc { '↓' } else { '↑' };
                    while !title.is_empty() && super::super::width(&title) + 1 > *w {
                        title.pop();
                    }
                    title.push(arrow);
                }
            }
            let text = if col.numeric {
                fit_right(&title, *w)
            } else {
                fit(&title, *w)
            };
            header.push(Span::styled(text, theme.header()));
            header.push(Span::raw(" "));
        }
        lines.push(Line::from(header));
        if self.visible_len() == 0 {
            let empty = if self.loading || self.keys_stale() {
                tr(lang, "（正在读取数据…）", "(reading the data…)")
            } else if self.filter.is_empty() && self.tag_filter.is_empty() {
                tr(lang, "（没有数据）", "(nothing here)")
            } else {
                tr(
                    lang,
                    "（没有匹配的行：Esc 清除筛选）",
                    "(no row matches: Esc clears the filter)",
                )
            };
            lines.push(Line::styled(format!("  {empty}"), theme.dim()));
        }
        for n in self.offset..(self.offset + body).min(self.visible_len()) {
            let Some(row) = self.visible_row(n) else { break };
            if row.banner {
                let mark = if self.folded.contains(row.code.as_str()) {
                    "▸"
                } else {
                    "▾"
                };
                let text = format!("{mark} {}", row.cell(0).unwrap_or(""));
                let mut style = tone_style(theme, Tone::Header);
                if n == self.cursor {
                    style = style.patch(theme.cursor());
                }
                lines.push(Line::styled(fit(&text, total), style));
                continue;
            }
            let sel = self.selected.contains(row.code.as_str());
            let here = n == self.cursor;
            let gutter = format!(
                "{}{}",
                if sel { MARK_SELECTED } else { " " },
                if here { MARK_CURSOR } else { " " }
            );
            let mut spans = vec![Span::styled(gutter, theme.selected())];
            for (&i, w) in shown.iter().zip(&widths) {
                let Some(col) = self.columns.get(i) else { continue };
                let cell = row.cell(i).unwrap_or("");
                let text = if col.numeric {
                    fit_right(cell, *w)
                } else {
                    fit(cell, *w)
                };
                spans.push(Span::raw(text));
                spans.push(Span::raw(" "));
            }
            let mut style = tone_style(theme, row.tone);
            if sel {
                style = style.patch(theme.selected());
            }
            if here {
                // The cursor marks the gutter, the code and the name, not the
                // whole row: a row move then rewrites a few cells rather than
                // two full lines (SPEC §8: at most 400 bytes a move).
                for s in spans.iter_mut().take(4) {
                    s.style = s.style.patch(theme.cursor());
                }
            }
            lines.push(Line::from(spans).style(style));
        }
        f.render_widget(Paragraph::new(lines), area);
        if more_right {
            // Over the header's last column, which the last title rarely fills.
            let mark = Rect::new(area.x + area.width - 1, area.y, 1, 1);
            f.render_widget(Paragraph::new(Span::styled("›", theme.key())), mark);
        }
    }

    /// Note a body of `body` rows, and scroll so that the cursor is in it.
    pub fn scroll(&mut self, body: usize) {
        self.page = body.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if body > 0 && self.cursor >= self.offset + body {
            self.offset = self.cursor + 1 - body;
        }
    }

    /// The widths of the `shown` columns in `total` display columns, and
    /// whether some are left out or cut short of their room at the right.
    /// Each gets its width; room beyond that goes, a column at a time, to
    /// those that may grow (up to their `max`); the last takes the rest.
    fn widths(&self, shown: &[usize], total: usize) -> (Vec<usize>, bool) {
        let cols: Vec<&Column> = shown.iter().filter_map(|&i| self.columns.get(i)).collect();
        let n = cols.len();
        let avail = total.saturating_sub(2);
        // Each column and the space after it; the last column's space is kept too.
        let base: usize = cols.iter().map(|c| c.width as usize + 1).sum();
        let mut out: Vec<usize> = cols.iter().map(|c| c.width as usize).collect();
        let mut spare = avail.saturating_sub(base);
        while spare > 0 {
            let mut grew = false;
            for (w, c) in out.iter_mut().zip(&cols) {
                if spare > 0 && *w < c.max as usize {
                    *w += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let mut left = avail;
        let mut short = false;
        for (i, (w, c)) in out.iter_mut().zip(&cols).enumerate() {
            let room = left.saturating_sub(1);
            *w = if i + 1 == n { room } else { (*w).min(room) };
            short |= *w < c.max as usize;
            left = left.saturating_sub(*w + 1);
        }
        (out, short)
    }
}

/// The style of a row's tone.
pub fn tone_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => theme.plain(),
        Tone::Warn => theme.warn(),
        Tone::Bad => theme.bad(),
        Tone::Dim => theme.dim(),
        Tone::Header => theme.title(),
    }
}
