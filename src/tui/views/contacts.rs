//! 5 Contacts: the roster; select one or many, reassign, move.

use super::App;
use crate::i18n::Lang;
use crate::model::{is_valid_phone, mask_phone, sanitize};
use crate::store::ContactLine;
use crate::tui::data::Snapshot;
use crate::tui::theme::{marks_of, status_marks};
use crate::tui::widgets::table::{Column, Row, Tone};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 7),
        Column::text("姓名", "Name", 8).grow(12),
        Column::text("身份", "Role", 8).grow(11),
        Column::text("电话", "Phone", 11).grow(13),
        Column::text("网格", "Cell", 14).grow(28),
        Column::text("联系代表", "Deputy", 14).grow(20),
        Column::text("标记", "Marks", 6),
    ]
}

/// A contact's row; `gaps`: the rules of its findings (the audit's, once it has run).
pub fn row(line: &ContactLine, gaps: Vec<&str>, lang: Lang) -> Row {
    let c = &line.contact;
    let name = sanitize(&c.name);
    let deputy = sanitize(&line.deputy_name);
    let cell = sanitize(&line.cell_name);
    let tone = if !c.active {
        Tone::Dim
    } else if !gaps.is_empty() {
        Tone::Warn
    } else {
        Tone::Normal
    };
    let phone = if is_valid_phone(&c.phone) {
        mask_phone(&c.phone)
    } else {
        sanitize(&c.phone)
    };
    // The rest of what the filter finds is in the cells.
    let search = phone_tail(&c.phone);
    Row::new(
        c.code.clone(),
        vec![
            sanitize(&c.code),
            name,
            c.role.label(lang).to_string(),
            phone,
            format!("{} {cell}", c.cell_code),
            if c.deputy_code.is_empty() {
                String::new()
            } else {
                format!("{} {deputy}", c.deputy_code)
            },
            status_marks(c.active, &marks_of(gaps), lang),
        ],
        &search,
    )
    .with_tags([if c.active { "active" } else { "inactive" }])
    .with_tone(tone)
    .with_version(line.version)
}

/// The rules of a contact's findings in the snapshot's audit.
pub fn gaps(snap: &Snapshot, code: &str) -> Vec<&'static str> {
    snap.findings_for(code)
        .filter(|f| f.kind == crate::model::Kind::Contact)
        .map(|f| f.rule)
        .collect()
}

/// The last four digits, so a phone tail typed in the filter finds the row.
fn phone_tail(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    let (area, legend) = super::with_legend(area);
    app.tables.contacts.render(f, area, &theme, lang);
    let line = super::marks_legend(app, &[crate::model::Kind::Contact], true, legend.width as usize);
    f.render_widget(ratatui::widgets::Paragraph::new(line), legend);
}
