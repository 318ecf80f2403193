//! 6 Suggestions: the ledger; status, due date, overdue marked; filter by
//! status (`f`), category (`c`), and by cell or text (`/`).

use super::App;
use crate::i18n::Lang;
use crate::model::{sanitize, Status};
use crate::store::SuggestionLine;
use crate::tui::theme::MARK_OVERDUE;
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 7),
        Column::text("网格", "Cell", 7),
        Column::text("状态", "Status", 8),
        Column::text("类别", "Cat", 4).grow(12),
        Column::text("收集", "Received", 10),
        Column::text("时限", "Due", 11),
        Column::text("标题", "Title", 20),
    ]
}

/// A suggestion's row; `overdue`: as the audit found it.
pub fn row(line: &SuggestionLine, overdue: bool, lang: Lang) -> Row {
    let s = &line.suggestion;
    let title = sanitize(&s.title);
    let due = s.due_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    // Besides the cells: the cell's name, who handles it and who raised it.
    let search = format!(
        "{} {} {}",
        sanitize(&line.cell_name),
        sanitize(&s.handling_unit),
        sanitize(&line.raiser_name)
    );
    Row::new(
        s.code.clone(),
        vec![
            sanitize(&s.code),
            sanitize(&s.cell_code),
            s.status.label(lang).to_string(),
            s.category.label(lang).to_string(),
            s.received_on.format("%Y-%m-%d").to_string(),
            if overdue { format!("{due}{MARK_OVERDUE}") } else { due },
            title,
        ],
        &search,
    )
    .with_tags(vec![
        format!("status:{}", s.status.code()),
        format!("category:{}", s.category.code()),
    ])
    .with_tone(if overdue {
        Tone::Bad
    } else if s.status == Status::Closed {
        Tone::Dim
    } else {
        Tone::Normal
    })
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (area, legend) = super::with_legend(area);
    app.tables.suggestions.render(f, area, &theme, lang);
    // The one mark here: overdue, after the due date.
    let help = app
        .keymap
        .keys_for(crate::tui::keymap::Context::Global, crate::tui::action::Action::Help)
        .unwrap_or_default();
    let text = match lang {
        crate::i18n::Lang::Zh => format!("{MARK_OVERDUE} 已逾期（时限后） · {help} 全部标记"),
        crate::i18n::Lang::En => format!("{MARK_OVERDUE} overdue (after the due date) · {help} all marks"),
    };
    let line = ratatui::text::Line::styled(crate::tui::widgets::truncate(&text, legend.width as usize), theme.dim());
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
