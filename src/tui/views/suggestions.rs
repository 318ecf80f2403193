//! 6 Suggestions: the ledger; status, unit, due date, overdue and due soon
//! marked; filter by status (`f`), category (`c`), due soon (`d`), the
//! handling unit (`U`), and by cell or text (`/`).

use super::App;
use crate::coverage::is_due_soon;
use crate::i18n::Lang;
use crate::model::{sanitize, Status};
use crate::store::SuggestionLine;
use crate::tui::data::Snapshot;
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
        Column::text("承办单位", "Unit", 8).grow(16),
        Column::text("时限", "Due", 11),
        Column::text("标题", "Title", 20),
    ]
}

/// The tag of a suggestion on the reminder list (the `d` filter).
pub const DUE_SOON_TAG: &str = "due:soon";

/// The tag of the suggestions a unit handles (主办).
pub fn unit_tag(unit: &str) -> String {
    format!("unit:{unit}")
}

/// A due date's mark when it is near: due within `remind_days` (SPEC §10).
pub const MARK_DUE_SOON: &str = "~";

/// A suggestion's row, its marks as the audit found it (overdue) and as
/// the reminder list has it (due soon), its unit by name.
pub fn row(line: &SuggestionLine, snap: &Snapshot, lang: Lang) -> Row {
    let s = &line.suggestion;
    let overdue = snap.is_overdue(&s.code);
    let due_soon = is_due_soon(s, snap.today, snap.dir.settings.remind_days);
    let title = sanitize(&s.title);
    let due = s.due_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let unit = if s.handling_unit.is_empty() {
        String::new()
    } else {
        snap.unit_name(&s.handling_unit)
    };
    // Besides the cells: the cell's name, the unit (code and name) and who raised it.
    let search = format!(
        "{} {} {unit} {}",
        sanitize(&line.cell_name),
        sanitize(&s.handling_unit),
        sanitize(&line.raiser_name)
    );
    let mark = if overdue {
        MARK_OVERDUE
    } else if due_soon {
        MARK_DUE_SOON
    } else {
        ""
    };
    let mut tags = vec![
        format!("status:{}", s.status.code()),
        format!("category:{}", s.category.code()),
    ];
    if due_soon {
        tags.push(DUE_SOON_TAG.to_string());
    }
    if !s.handling_unit.is_empty() {
        tags.push(unit_tag(&s.handling_unit));
    }
    Row::new(
        s.code.clone(),
        vec![
            sanitize(&s.code),
            sanitize(&s.cell_code),
            s.status.label(lang).to_string(),
            s.category.label(lang).to_string(),
            unit,
            format!("{due}{mark}"),
            title,
        ],
        &search,
    )
    .with_tags(tags)
    .with_tone(if overdue {
        Tone::Bad
    } else if s.status == Status::Closed {
        Tone::Dim
    } else {
        Tone::Normal
    })
    .with_version(line.version)
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (area, legend) = super::with_legend(area);
    app.tables.suggestions.render(f, area, &theme, lang);
    // The marks after the due date: overdue, due soon.
    let days = app.snap.dir.settings.remind_days;
    let help = app
        .keymap
        .keys_for(crate::tui::keymap::Context::Global, crate::tui::action::Action::Help)
        .unwrap_or_default();
    let text = match lang {
        crate::i18n::Lang::Zh => {
            format!("{MARK_OVERDUE} 已逾期 · {MARK_DUE_SOON} {days} 天内到期（时限后） · {help} 全部标记")
        }
        crate::i18n::Lang::En => format!(
            "{MARK_OVERDUE} overdue · {MARK_DUE_SOON} due within {days} days (after the due date) · {help} all marks"
        ),
    };
    let line = ratatui::text::Line::styled(crate::tui::widgets::truncate(&text, legend.width as usize), theme.dim());
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
