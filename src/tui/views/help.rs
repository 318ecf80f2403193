//! `?`: every key of this view and of everywhere, generated from the keymap.

use super::App;
use crate::i18n::tr;
use crate::tui::app::Overlay;
use crate::tui::keymap::Context;
use crate::tui::widgets::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The help text as lines: the view's context first, then global ones.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = Vec::new();
    let contexts = [
        app.view.context(),
        Context::Global,
        Context::Picker,
        Context::Form,
        Context::Confirm,
    ];
    for ctx in contexts {
        let bindings = app.keymap.bindings(ctx);
        if bindings.is_empty() {
            continue;
        }
        out.push(Line::styled(format!("[{}]", ctx.label(lang)), app.theme.title()));
        // One line per action, its keys joined.
        let mut seen = Vec::new();
        for b in bindings {
            if seen.contains(&b.action) {
                continue;
            }
            seen.push(b.action);
            let keys = app.keymap.keys_for(ctx, b.action).unwrap_or_default();
            let ro = if b.action.writes() && app.read_only().is_some() {
                tr(lang, "（只读：不可用）", " (read-only: off)")
            } else {
                ""
            };
            out.push(Line::from(vec![
                Span::styled(fit(&keys, 16), app.theme.key()),
                Span::raw(format!("{}{ro}", b.about(lang))),
                Span::styled(format!("  {}", b.action.name()), app.theme.dim()),
            ]));
        }
    }
    out
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let scroll = match app.overlays.last() {
        Some(Overlay::Help { scroll }) => *scroll,
        _ => 0,
    };
    f.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} ", tr(app.lang, "帮助：按键", "Help: keys")),
        app.theme.title(),
    ));
    f.render_widget(Paragraph::new(lines(app)).block(block).scroll((scroll, 0)), area);
}
