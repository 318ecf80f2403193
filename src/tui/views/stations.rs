//! 7 Stations: kind, town, reception day, receptions this year.

use super::App;
use crate::i18n::Lang;
use crate::model::sanitize;
use crate::tui::data::Snapshot;
use crate::tui::widgets::table::{Column, Row};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", "Code", 6),
        Column::text("名称", "Name", 20).grow(40),
        Column::text("类型", "Kind", 9).grow(12),
        Column::text("镇街", "Area", 10).grow(16),
        Column::number("接待日", "Day", 6),
        Column::number("本年接待", "Recp", 8),
        Column::text("主题", "Theme", 10),
    ]
}

pub fn rows(snap: &Snapshot, lang: Lang) -> Vec<Row> {
    snap.dir
        .stations
        .iter()
        .zip(&snap.station_receptions)
        .map(|(s, &receptions)| {
            let name = sanitize(&s.name);
            let area = snap.area_name(&s.area_code);
            let search = format!("{} {name} {area} {}", s.code, sanitize(&s.theme));
            Row::new(
                s.code.clone(),
                vec![
                    sanitize(&s.code),
                    name,
                    s.kind.label(lang).to_string(),
                    area,
                    s.reception_day.to_string(),
                    receptions.to_string(),
                    sanitize(&s.theme),
                ],
                &search,
            )
        })
        .collect()
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let (theme, lang) = (app.theme, app.lang);
    app.tables.stations.render(f, area, &theme, lang);
}
