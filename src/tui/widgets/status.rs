//! The status bar: view, DEMO, READ-ONLY, operator, filter, the help key.

use super::{truncate, width};
use crate::i18n::tr;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang;
    let theme = &app.theme;
    let mut spans = vec![Span::styled(format!(" {} ", app.view.label(lang)), theme.status_bar())];
    if app.session.demo {
        spans.push(Span::styled(" DEMO ", theme.badge()));
    }
    if app.updating() {
        spans.push(Span::styled(tr(lang, " 更新中… ", " updating… "), theme.badge()));
    } else if app.loading() {
        spans.push(Span::styled(tr(lang, " 读取中… ", " reading… "), theme.badge()));
    }
    if app.read_only().is_some() {
        spans.push(Span::styled(tr(lang, " 只读 ", " READ-ONLY "), theme.badge()));
    }
    let mut left = format!(" {}: {}", tr(lang, "操作员", "operator"), app.session.actor.operator);
    if let Some(t) = app.table() {
        if !t.filter.is_empty() {
            left.push_str(&format!(" │ /{}", t.filter));
        }
        if !t.tag_filter.is_empty() {
            let words: Vec<String> = t.tag_filter.iter().map(|tag| tag_words(tag, &app.snap, lang)).collect();
            left.push_str(&format!(" │ {}", words.join(" ")));
        }
        if !t.selected.is_empty() {
            left.push_str(&format!(" │ {} {}", tr(lang, "已选", "selected"), t.selected.len()));
        }
        let (at, of) = position(app, t);
        left.push_str(&format!(" │ {at}/{of}"));
    }
    let help = app
        .keymap
        .keys_for(Context::Global, Action::Help)
        .map(|k| format!("{k} {} ", tr(lang, "帮助", "help")))
        .unwrap_or_default();
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(used + width(&help));
    let left = truncate(&left, room);
    let pad = room.saturating_sub(width(&left));
    spans.push(Span::styled(
        format!("{left}{}{help}", " ".repeat(pad)),
        theme.status_bar(),
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A suggestion filter's tag (`status:received`) as the operator reads it
/// (`状态：已收集`, `status: received`; a unit by its name).
fn tag_words(tag: &str, snap: &crate::tui::data::Snapshot, lang: crate::i18n::Lang) -> String {
    use crate::model::{Category, Status};
    let (key, value) = tag.split_once(':').unwrap_or(("", tag));
    match key {
        "status" => Status::parse(value).map(|s| format!("{}{}", tr(lang, "状态：", "status: "), s.label(lang))),
        "category" => Category::parse(value).map(|c| format!("{}{}", tr(lang, "类别：", "category: "), c.label(lang))),
        "due" => Some(tr(lang, "将到期", "due soon").to_string()),
        "unit" => Some(format!("{}{}", tr(lang, "承办：", "unit: "), snap.unit_name(value))),
        _ => None,
    }
    .unwrap_or_else(|| tag.to_string())
}

/// Where the cursor is among the rows shown and how many there are. In
/// the Gaps table the rules' header rows are not counted: the figures are
/// findings, as `gaps` counts them (a header shows as the finding after it).
fn position(app: &App, t: &crate::tui::widgets::table::TableState) -> (usize, usize) {
    let len = t.visible_len();
    if app.view != crate::tui::views::View::Gaps {
        return ((t.cursor + 1).min(len), len);
    }
    let is_finding = |n: usize| t.visible_row(n).is_some_and(|r| !r.banner);
    let of = (0..len).filter(|&n| is_finding(n)).count();
    let before = (0..t.cursor.min(len)).filter(|&n| is_finding(n)).count();
    ((before + 1).min(of), of)
}
