//! 2 Cells: code, name, village, deputies, contacts, pending, overdue, gap marks.

use super::App;
use crate::coverage::CellSummary;
use crate::model::{sanitize, Kind};
use crate::tui::theme::{marks_of, MARK_OVERDUE};
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 7),
        Column::text("名称", "Name", 16).grow(28),
        Column::text("村居", "Village", 10).grow(24),
        Column::number("代表", "Dep", 4),
        Column::number("联络员", "Cont", 6),
        Column::number("待办", "Pend", 4),
        Column::number("逾期", "Over", 4),
        Column::text("标记", "Marks", 10),
    ]
}

/// A cell's row, from its summary.
pub fn row(c: &CellSummary) -> Row {
    let village = sanitize(c.village.as_deref().or(c.town.as_deref()).unwrap_or(""));
    let name = sanitize(&c.name);
    let marks = marks_of(c.gaps.iter().copied());
    let tone = if c.overdue > 0 || c.gaps.iter().any(|g| *g == "cell-no-deputy" || *g == "cell-no-contact") {
        Tone::Bad
    } else if !c.gaps.is_empty() {
        Tone::Warn
    } else {
        Tone::Normal
    };
    let search = format!(
        "{} {name} {village} {}",
        c.code,
        sanitize(c.town.as_deref().unwrap_or(""))
    );
    Row::new(
        c.code.clone(),
        vec![
            sanitize(&c.code),
            name,
            village,
            c.deputies.to_string(),
            c.contacts.to_string(),
            c.pending.to_string(),
            if c.overdue > 0 {
                format!("{MARK_OVERDUE}{}", c.overdue)
            } else {
                "0".into()
            },
            marks,
        ],
        &search,
    )
    .with_tags(c.gaps.iter().map(|g| g.to_string()))
    .with_tone(tone)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (area, legend) = super::with_legend(area);
    app.tables.cells.render(f, area, &theme, lang);
    let line = super::marks_legend(
        app,
        &[Kind::Cell, Kind::Suggestion, Kind::Contact],
        false,
        legend.width as usize,
    );
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
