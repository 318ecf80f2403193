//! 2 Cells: code, name, village, deputies, contacts, pending, overdue, gap marks.

use super::{App, View};
use crate::coverage::CellSummary;
use crate::model::sanitize;
use crate::tui::theme::{MARK_GAP, MARK_OVERDUE};
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 7),
        Column::text("名称", "Name", 16),
        Column::text("村居", "Village", 10),
        Column::number("代表", "Dep", 4),
        Column::number("联络员", "Cont", 6),
        Column::number("待办", "Pend", 4),
        Column::number("逾期", "Over", 4),
        Column::text("缺口", "Gaps", 10),
    ]
}

/// A short mark per gap rule, so a row shows which gaps it has.
pub fn rule_mark(rule: &str) -> &'static str {
    match rule {
        "cell-no-deputy" => "D",
        "cell-no-contact" => "C",
        "cell-far-from-station" => "F",
        "cell-no-geometry" => "G",
        "cells-overlap" => "O",
        "contact-no-deputy" | "contact-deputy-mismatch" | "contact-bad-phone" => "c",
        "suggestion-overdue" => MARK_OVERDUE,
        "suggestion-unassigned" | "suggestion-unsatisfied" => "s",
        _ => "?",
    }
}

/// A cell's row, from its summary.
pub fn row(c: &CellSummary) -> Row {
    let village = sanitize(c.village.as_deref().or(c.town.as_deref()).unwrap_or(""));
    let name = sanitize(&c.name);
    let mut marks = String::new();
    for g in &c.gaps {
        let m = rule_mark(g);
        if !marks.contains(m) {
            marks.push_str(m);
        }
    }
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
            if marks.is_empty() {
                String::new()
            } else {
                format!("{MARK_GAP}{marks}")
            },
        ],
        &search,
    )
    .with_tags(c.gaps.iter().map(|g| g.to_string()))
    .with_tone(tone)
}

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let (theme, lang) = (app.theme, app.lang);
    app.cells.scroll(area.height.saturating_sub(1) as usize);
    app.fill_window(View::Cells);
    app.cells.render(f, area, &theme, lang);
}
