//! 8 Gaps: the findings of every rule, grouped by rule (the audit's
//! order); Enter jumps to the thing, the fix is one key away.

use super::App;
use crate::i18n::{tr, Lang};
use crate::model::sanitize;
use crate::tui::data::Snapshot;
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("规则", "Rule", 23),
        Column::text("级别", "Sev", 4),
        Column::text("编码", "Code", 7),
        Column::text("名称", "Name", 8),
        Column::text("网格", "Cell", 7),
        Column::text("说明", "Detail", 20),
    ]
}

/// The rule's name in the operator's language.
pub fn rule_label(rule: &str, lang: Lang) -> &str {
    let zh = match rule {
        "cell-no-deputy" => "网格无代表",
        "cell-no-contact" => "网格无联络员",
        "contact-no-deputy" => "联络员无代表",
        "deputy-no-contact" => "代表无联络员",
        "deputy-overloaded" => "代表联系过多",
        "contact-deputy-mismatch" => "代表不在本网格",
        "deputy-no-reception" => "本年未接待",
        "suggestion-overdue" => "建议逾期",
        "suggestion-unassigned" => "建议未交办",
        "suggestion-unsatisfied" => "答复不满意",
        "cell-far-from-station" => "离联络站远",
        "cell-no-geometry" => "网格无边界",
        "contact-bad-phone" => "电话无效",
        "territory-uncovered" => "辖区未覆盖",
        "cells-overlap" => "网格重叠",
        other => other,
    };
    tr(lang, zh, rule)
}

pub fn rows(snap: &Snapshot, lang: Lang) -> Vec<Row> {
    snap.findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = match f.kind {
                "cell" => snap.cell_name(&f.code),
                "deputy" | "contact" => snap.person_name(&f.code),
                "suggestion" => snap.suggestion(&f.code).map(|s| sanitize(&s.title)).unwrap_or_default(),
                _ => String::new(),
            };
            let detail = sanitize(&f.detail);
            Row {
                code: format!("#{i}"),
                search: format!(
                    "{} {} {} {name} {} {detail}",
                    f.rule,
                    rule_label(f.rule, lang),
                    f.code,
                    f.cell.as_deref().unwrap_or("")
                ),
                cells: vec![
                    rule_label(f.rule, lang).to_string(),
                    f.severity.label(lang).to_string(),
                    sanitize(&f.code),
                    name,
                    sanitize(f.cell.as_deref().unwrap_or("")),
                    detail,
                ],
                tags: vec![format!("rule:{}", f.rule)],
                tone: match f.severity {
                    crate::model::Severity::High => Tone::Bad,
                    crate::model::Severity::Medium => Tone::Warn,
                    crate::model::Severity::Low => Tone::Normal,
                },
            }
        })
        .collect()
}

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let (theme, lang) = (app.theme, app.lang);
    app.gaps.render(f, area, &theme, lang);
}
