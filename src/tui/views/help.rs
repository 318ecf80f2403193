//! `?`: every key of this view and of everywhere, generated from the keymap.

use super::App;
use crate::i18n::tr;
use crate::tui::app::Overlay;
use crate::tui::keymap::Context;
use crate::tui::theme::{MARK_CURSOR, MARK_GAP, MARK_INACTIVE_EN, MARK_INACTIVE_ZH, MARK_OVERDUE, MARK_SELECTED};
use crate::tui::widgets::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The marks rows and the map carry, one a line: the gap rules' (from the
/// one table of them), then the others.
pub fn legend(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = vec![Line::styled(
        format!("[{}]", tr(lang, "标记", "Marks")),
        app.theme.title(),
    )];
    let item =
        |mark: String, what: String| Line::from(vec![Span::styled(fit(&mark, 16), app.theme.key()), Span::raw(what)]);
    out.push(item(
        MARK_GAP.to_string(),
        tr(lang, "有缺口，后面每个字母是一条规则：", "has gaps, a letter per rule:").to_string(),
    ));
    for r in crate::coverage::RULE_TABLE {
        out.push(item(format!("{MARK_GAP}{}", r.mark), r.label(lang).to_string()));
    }
    for (mark, zh, en) in [
        (
            tr(lang, MARK_INACTIVE_ZH, MARK_INACTIVE_EN),
            "已离任的代表 / 无效的联络员（排序时在最后）",
            "inactive deputy or contact (sorts last)",
        ),
        (
            MARK_OVERDUE,
            "逾期的意见建议（数量或日期旁）",
            "overdue suggestion (by a count or date)",
        ),
        (MARK_SELECTED, "已选中的行", "selected row"),
        (MARK_CURSOR, "光标所在的行", "the cursor's row"),
        (
            "‹ ›",
            "左边 / 右边还有列：←/→ 或 h/l 左右滚动",
            "more columns left / right: ←/→ or h/l scroll",
        ),
    ] {
        out.push(item(mark.to_string(), tr(lang, zh, en).to_string()));
    }
    out
}

/// The help text as lines: the view's context and the marks first, then
/// every other section of the keymap. Each action shows its keys and what
/// it does in the operator's language (not its id).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut out = Vec::new();
    let contexts = [
        app.view.context(),
        Context::Global,
        Context::Detail,
        Context::Filter,
        Context::Picker,
        Context::Form,
        Context::Confirm,
        Context::Help,
    ];
    for (n, ctx) in contexts.into_iter().enumerate() {
        if n == 1 {
            out.extend(legend(app));
        }
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
