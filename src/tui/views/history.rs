//! A record's history (`H`): who changed it, when, from which SSH client,
//! each field before → after; newest first, scrollable.

use crate::tui::app::App;
use crate::tui::widgets::truncate;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Draw the pane over `area`, its hint (scroll, close) on the last line.
pub fn draw(f: &mut Frame, area: Rect, app: &App, title: &str, lines: &[String], scroll: u16, hint: &str) {
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), app.theme.title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let rows = inner.height.saturating_sub(1) as usize;
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll as usize)
        .take(rows)
        .map(|l| {
            // An entry's first line is its heading; its fields are indented.
            let style = if l.starts_with(' ') {
                app.theme.plain()
            } else {
                app.theme.key()
            };
            Line::styled(truncate(l, width), style)
        })
        .collect();
    let [body, foot] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(shown), body);
    f.render_widget(
        Paragraph::new(Line::styled(truncate(hint, width), app.theme.dim())),
        foot,
    );
}
