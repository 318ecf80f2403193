//! A yes/no question about a change, in a box over the view.

use super::Outcome;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// y (or Enter) confirms, n (or Esc) cancels; nothing else is for it.
pub fn handle(action: Action) -> Outcome {
    match action {
        Action::ConfirmYes | Action::Open => Outcome::Submit,
        Action::ConfirmNo | Action::Back => Outcome::Close,
        other => Outcome::Pass(other),
    }
}

/// The question, centred, as many rows high as it wraps to (the hint line
/// always shows).
pub fn render(f: &mut Frame, area: Rect, theme: &Theme, title: &str, text: &str, hint: String) {
    let w = (super::width(text) as u16 + 4).clamp(30, area.width.saturating_sub(2));
    let inner = w.saturating_sub(2).max(1) as usize;
    let text_rows = super::width(text).div_ceil(inner).max(1) as u16 + 1;
    let rows = (text_rows + 4).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(rows)])
        .flex(Flex::Center)
        .areas(area);
    let [pop] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(row);
    f.render_widget(Clear, pop);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme.title()));
    let lines = vec![
        Line::styled(text.to_string(), theme.key()),
        Line::raw(""),
        Line::styled(hint, theme.dim()),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), pop);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_submits_no_closes_and_the_rest_passes() {
        assert_eq!(handle(Action::ConfirmYes), Outcome::Submit);
        assert_eq!(handle(Action::Back), Outcome::Close);
        assert_eq!(handle(Action::MoveDown), Outcome::Pass(Action::MoveDown));
    }
}
