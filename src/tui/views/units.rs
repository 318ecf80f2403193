//! 9 Units: the handling units' scorecard for the year (SPEC §10), as
//! `lianluo units` counts it; sortable by any column, Enter lists the
//! unit's suggestions.

use super::App;
use crate::coverage::{percent, UnitScore};
use crate::i18n::Lang;
use crate::model::sanitize;
use crate::tui::data::Snapshot;
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 5),
        Column::text("名称", "Name", 12).grow(28),
        Column::number("交办", "Asgn", 4),
        Column::number("答复", "Repl", 4),
        Column::number("逾期", "Late", 4),
        Column::number("协办", "Co", 4),
        Column::number("答复率", "Reply", 6),
        Column::number("按时率", "OnTime", 6),
        Column::number("办结率", "Done", 6),
        Column::number("满意率", "Satisf", 6),
        Column::number("解决率", "Solved", 6),
    ]
}

/// Every unit's line, counted from 1 January of the snapshot's year to
/// its day.
pub fn rows(snap: &Snapshot, lang: Lang) -> Vec<Row> {
    snap.dir
        .units
        .iter()
        .zip(&snap.units)
        .map(|(unit, f)| {
            let score = UnitScore {
                unit,
                counts: f.counts,
                co_handled: f.co_handled,
            };
            row(&score, lang)
        })
        .collect()
}

fn row(s: &UnitScore, lang: Lang) -> Row {
    let (c, r) = (&s.counts, s.counts.rates());
    let name = sanitize(&s.unit.name);
    let search = format!("{} {name} {}", s.unit.code, s.unit.kind.label(lang));
    Row::new(
        s.unit.code.clone(),
        vec![
            sanitize(&s.unit.code),
            name,
            c.assigned.to_string(),
            c.replied.to_string(),
            c.overdue.to_string(),
            s.co_handled.to_string(),
            percent(r.reply_rate),
            percent(r.on_time_rate),
            percent(r.completion_rate),
            percent(r.satisfaction_rate),
            percent(r.resolved_rate),
        ],
        &search,
    )
    .with_tone(if !s.unit.active {
        Tone::Dim
    } else if c.overdue > 0 {
        Tone::Bad
    } else {
        Tone::Normal
    })
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (table, legend) = super::with_legend(area);
    app.tables.units.render(f, table, &theme, lang);
    let year = chrono::Datelike::year(&app.snap.today);
    let text = match lang {
        Lang::Zh => format!("{year} 年交办的意见建议（至 {}）· — 无可计算", app.snap.today),
        Lang::En => format!(
            "Suggestions assigned in {year} (to {}) · — nothing to count",
            app.snap.today
        ),
    };
    let line = ratatui::text::Line::styled(crate::tui::widgets::truncate(&text, legend.width as usize), theme.dim());
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
