//! 4 Deputies: cells, contacts, receptions this year, suggestions raised,
//! duty points (from `coverage::deputy_summaries`); sortable.

use super::App;
use crate::coverage::DeputySummary;
use crate::i18n::Lang;
use crate::model::sanitize;
use crate::tui::data::Snapshot;
use crate::tui::theme::{marks_of, status_marks};
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 7),
        Column::text("姓名", "Name", 8).grow(12),
        Column::text("级别", "Level", 10).grow(12),
        Column::number("网格", "Cells", 5),
        Column::number("联络员", "Cont", 6),
        Column::number("接待", "Recp", 4),
        Column::number("建议", "Sugg", 4),
        Column::number("积分", "Pts", 4),
        Column::text("标记", "Marks", 10),
    ]
}

/// A deputy's row, from its summary; the snapshot gives the findings.
pub fn row(snap: &Snapshot, d: &DeputySummary, lang: Lang) -> Row {
    let name = sanitize(&d.name);
    let rules: Vec<&str> = snap
        .findings_for(&d.code)
        .filter(|f| f.kind == crate::model::Kind::Deputy)
        .map(|f| f.rule)
        .collect();
    let marks = status_marks(d.active, &marks_of(rules.iter().copied()), lang);
    let district = sanitize(&d.district);
    Row::new(
        d.code.clone(),
        vec![
            sanitize(&d.code),
            name,
            d.level.label(lang).to_string(),
            d.cells.to_string(),
            d.contacts.to_string(),
            d.receptions.to_string(),
            d.suggestions.to_string(),
            d.points.to_string(),
            marks,
        ],
        // Besides the cells: the district the deputy was elected in.
        &district,
    )
    .with_tags([if d.active { "active" } else { "inactive" }])
    // Who has done nothing is asked of the active: the inactive sort last.
    .with_sink(!d.active)
    .with_tone(if !d.active {
        Tone::Dim
    } else if !rules.is_empty() {
        Tone::Warn
    } else {
        Tone::Normal
    })
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (area, legend) = super::with_legend(area);
    app.tables.deputies.render(f, area, &theme, lang);
    let line = super::marks_legend(app, &[crate::model::Kind::Deputy], true, legend.width as usize);
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
