//! 8 Gaps: the findings of every rule, grouped by rule under a header row
//! (most severe first); Enter on a header folds it, on a finding jumps to
//! the thing; the fix is one key away.

use super::App;
use crate::coverage::Finding;
use crate::i18n::Lang;
use crate::model::{sanitize, Kind, Severity};
use crate::tui::data::Snapshot;
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 8),
        Column::text("名称", "Name", 12).grow(28),
        Column::text("网格", "Cell", 8).grow(10),
        Column::text("说明", "Detail", 20),
    ]
}

/// A finding's detail as the screen shows it: in the operator's language
/// (`Finding::detail_in`, which the CLI's tables use too), sanitised.
pub fn finding_detail(f: &Finding, lang: Lang) -> String {
    sanitize(f.detail_in(lang))
}

/// The findings grouped by rule, most severe rules first (high, medium,
/// low, then by id): a header row per rule (name, severity, count), then
/// its findings in the audit's order.
pub fn rows(snap: &Snapshot, lang: Lang) -> Vec<Row> {
    let mut order: Vec<usize> = (0..snap.findings.len()).collect();
    order.sort_by_key(|&i| snap.findings.get(i).map(|f| (f.severity, f.rule)));
    let mut out = Vec::with_capacity(order.len() + crate::coverage::RULES.len());
    let mut i = 0;
    while let Some(first) = order.get(i).and_then(|&n| snap.findings.get(n)) {
        let rule = first.rule;
        let count = order[i..]
            .iter()
            .take_while(|&&n| snap.findings.get(n).is_some_and(|f| f.rule == rule))
            .count();
        out.push(header(rule, first.severity, count, lang));
        for &n in order.iter().skip(i).take(count) {
            if let Some(f) = snap.findings.get(n) {
                out.push(finding_row(snap, n, f, lang));
            }
        }
        i += count;
    }
    out
}

fn header(rule: &'static str, severity: Severity, count: usize, lang: Lang) -> Row {
    let text = match lang {
        Lang::Zh => format!(
            "{} · 级别：{} · {count} 条",
            crate::coverage::label(rule, lang),
            severity.label(lang)
        ),
        Lang::En => format!("{rule} · {} · {count}", severity.label(lang)),
    };
    {
        let search = format!("{rule} {}", crate::coverage::label(rule, lang));
        Row::new(format!("rule:{rule}"), vec![text], &search)
            .with_tone(Tone::Header)
            .with_banner(true)
    }
}

fn finding_row(snap: &Snapshot, n: usize, f: &Finding, lang: Lang) -> Row {
    let name = match f.kind {
        Kind::Cell => snap.cell_name(&f.code),
        Kind::Deputy | Kind::Contact => snap.named(&f.code),
        Kind::Suggestion => snap.title(&f.code),
        Kind::Village | Kind::Town | Kind::Station | Kind::Territory => String::new(),
    };
    let detail = finding_detail(f, lang);
    {
        let search = format!(
            "{} {} {} {name} {} {detail}",
            f.rule,
            f.label(lang),
            f.code,
            f.cell.as_deref().unwrap_or("")
        );
        Row::new(
            format!("#{n}"),
            vec![
                sanitize(&f.code),
                name,
                sanitize(f.cell.as_deref().unwrap_or("")),
                detail,
            ],
            &search,
        )
        .with_tags(vec![format!("rule:{}", f.rule)])
        .with_tone(match f.severity {
            Severity::High => Tone::Bad,
            Severity::Medium => Tone::Warn,
            Severity::Low => Tone::Normal,
        })
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    app.tables.gaps.render(f, area, &theme, lang);
}
