//! Detail panes (Enter): a cell's people, pending items and nearest
//! station; a deputy's cells, contacts and activity; a contact; a
//! suggestion; a station. Full phone numbers show only here.

use super::App;
use crate::i18n::{tr, Lang};
use crate::model::{allowed_moves, find_by_code, sanitize, Dataset, Status};
use crate::tui::app::{Detail, DetailKind};
use crate::tui::data::Snapshot;
use crate::tui::theme::{Theme, MARK_GAP, MARK_OVERDUE};
use crate::tui::widgets::{fit, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(f: &mut Frame, area: Rect, app: &App, d: &Detail) {
    let lines = lines(&app.snap, app.lang, &app.theme, d);
    let title = match d.kind {
        DetailKind::Cell => tr(app.lang, "网格", "Cell"),
        DetailKind::Deputy => tr(app.lang, "代表", "Deputy"),
        DetailKind::Contact => tr(app.lang, "联络员", "Contact"),
        DetailKind::Suggestion => tr(app.lang, "意见建议", "Suggestion"),
        DetailKind::Station => tr(app.lang, "联络站", "Station"),
    };
    f.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {title} {} ", sanitize(&d.code)),
        app.theme.title(),
    ));
    let scroll = match d.kind {
        // A station's rota keeps the slot under the cursor in view.
        DetailKind::Station => cursor_scroll(app, d, area),
        _ => d.scroll,
    };
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The scroll that shows a station detail's cursor slot: the rows above
/// it are skipped once it would fall below the pane's last two rows.
fn cursor_scroll(app: &App, d: &Detail, area: Rect) -> u16 {
    let mut at = None;
    body(&app.snap, app.lang, &app.theme, d, &mut at);
    let Some(at) = at else { return d.scroll };
    let room = area.height.saturating_sub(2) as usize;
    u16::try_from((at + 2).saturating_sub(room)).unwrap_or(u16::MAX)
}

/// A label and its value; [`lines`] pads every label to the longest one.
fn kv(k: &str, v: String) -> Line<'static> {
    Line::from(vec![Span::raw(k.to_string()), Span::raw(v)])
}

/// Lines of fields, each padded to its column's display width (CJK is
/// two columns), so a list of people reads as a table; the last field is
/// not padded.
fn aligned(rows: Vec<Vec<String>>) -> Vec<Line<'static>> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.into_iter()
        .map(|r| {
            let last = r.len().saturating_sub(1);
            let cells: Vec<String> = r
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == last {
                        c
                    } else {
                        fit(&c, widths.get(i).copied().unwrap_or(0))
                    }
                })
                .collect();
            Line::raw(format!("  {}", cells.join(" ")))
        })
        .collect()
}

/// Pad the labels of the [`kv`] lines (the two-span ones) to the longest
/// label, so none is cut.
fn pad_labels(lines: &mut [Line<'static>]) {
    let is_kv = |l: &Line| l.spans.len() == 2;
    let w = lines
        .iter()
        .filter(|l| is_kv(l))
        .map(|l| width(&l.spans[0].content))
        .max()
        .unwrap_or(0);
    for l in lines.iter_mut().filter(|l| is_kv(l)) {
        let label = fit(&l.spans[0].content, w + 2);
        l.spans[0].content = label.into();
    }
}

pub fn lines(snap: &Snapshot, lang: Lang, theme: &Theme, d: &Detail) -> Vec<Line<'static>> {
    let mut out = body(snap, lang, theme, d, &mut None);
    pad_labels(&mut out);
    out
}

/// The detail's lines; `cursor_line` gets the line of a station's cursor slot.
fn body(snap: &Snapshot, lang: Lang, theme: &Theme, d: &Detail, cursor_line: &mut Option<usize>) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let head = |t: &str| Line::styled(t.to_string(), theme.title());
    let gaps = |out: &mut Vec<Line<'static>>, code: &str, cell_too: bool| {
        let found: Vec<_> = snap
            .findings
            .iter()
            .filter(|f| f.code == code || (cell_too && f.cell.as_deref() == Some(code)))
            .collect();
        if !found.is_empty() {
            out.push(head(tr(lang, "缺口", "Gaps")));
            for f in found {
                out.push(Line::styled(
                    format!(
                        "{MARK_GAP}{} {} {} {}",
                        f.mark(),
                        f.label(lang),
                        sanitize(&f.code),
                        super::gaps::finding_detail(f, lang)
                    ),
                    theme.warn(),
                ));
            }
        }
    };
    match d.kind {
        DetailKind::Cell => {
            let Some(c) = snap.cell(&d.code) else {
                return missing(lang);
            };
            let (town, village) = snap.dir.town_and_village(&c.area_code);
            out.push(kv(tr(lang, "名称", "Name"), sanitize(&c.name)));
            out.push(kv(
                tr(lang, "镇街 / 村居", "Town / village"),
                format!(
                    "{} / {}",
                    town.map(|a| sanitize(&a.name)).unwrap_or_default(),
                    village.map(|a| sanitize(&a.name)).unwrap_or_default()
                ),
            ));
            out.push(kv(
                tr(lang, "户数 / 人口", "Households/pop."),
                format!(
                    "{} / {}",
                    c.households.map(|h| h.to_string()).unwrap_or_else(|| "-".into()),
                    c.population.map(|h| h.to_string()).unwrap_or_else(|| "-".into())
                ),
            ));
            out.push(kv(tr(lang, "网格员", "Grid worker"), sanitize(&c.grid_worker)));
            let nearest = snap
                .cell_index(&c.code)
                .and_then(|i| snap.shapes().centroid(i))
                .and_then(|p| crate::spatial::nearest_station(&snap.dir, p.x(), p.y()))
                .and_then(|(i, km)| snap.dir.stations.get(i).map(|s| (s, km)));
            out.push(kv(
                tr(lang, "最近联络站", "Nearest station"),
                match nearest {
                    Some((s, km)) => format!("{} {} ({km:.1} km)", s.code, sanitize(&s.name)),
                    None => tr(lang, "（无位置）", "(no location)").into(),
                },
            ));
            out.push(head(tr(lang, "代表", "Deputies")));
            let mut people = Vec::new();
            for a in d.rows.assignments.iter().filter(|a| a.cell_code == c.code) {
                if let Some(dep) = find_by_code(&d.rows.deputies, &a.deputy_code, |x| &x.code) {
                    let inactive = if dep.active {
                        ""
                    } else {
                        tr(lang, "（已离任）", " (inactive)")
                    };
                    people.push(vec![
                        dep.code.to_string(),
                        sanitize(&dep.name),
                        format!("{}{inactive}", dep.level.label(lang)),
                        sanitize(&dep.phone),
                    ]);
                }
            }
            out.extend(aligned(people));
            out.push(head(tr(lang, "联络员", "Contacts")));
            let people = d
                .rows
                .contacts
                .iter()
                .filter(|x| x.cell_code == c.code)
                .map(|ct| {
                    let inactive = if ct.active {
                        ""
                    } else {
                        tr(lang, "（无效）", " (inactive)")
                    };
                    vec![
                        ct.code.to_string(),
                        sanitize(&ct.name),
                        ct.role.label(lang).to_string(),
                        sanitize(&ct.phone),
                        format!("→ {} {}{inactive}", ct.deputy_code, named(&d.rows, &ct.deputy_code)),
                    ]
                })
                .collect();
            out.extend(aligned(people));
            out.push(head(tr(lang, "待办意见建议", "Pending suggestions")));
            for s in d
                .rows
                .suggestions
                .iter()
                .filter(|s| s.cell_code == c.code && s.status != Status::Closed)
            {
                let mark = if snap.is_overdue(&s.code) { MARK_OVERDUE } else { " " };
                let line = format!("{mark} {} {} {}", s.code, s.status.label(lang), sanitize(&s.title));
                out.push(Line::styled(
                    line,
                    if mark == " " { theme.plain() } else { theme.bad() },
                ));
            }
            gaps(&mut out, &c.code, true);
        }
        DetailKind::Deputy => {
            let Some(dep) = find_by_code(&d.rows.deputies, &d.code, |x| &x.code) else {
                return missing(lang);
            };
            out.push(kv(tr(lang, "姓名", "Name"), sanitize(&dep.name)));
            out.push(kv(tr(lang, "级别", "Level"), dep.level.label(lang).into()));
            out.push(kv(tr(lang, "选区", "District"), sanitize(&dep.district)));
            out.push(kv(tr(lang, "电话", "Phone"), sanitize(&dep.phone)));
            out.push(kv(tr(lang, "行业", "Sector"), sanitize(&dep.sector)));
            out.push(kv(
                tr(lang, "联络站", "Station"),
                format!(
                    "{} {}",
                    sanitize(&dep.station_code),
                    snap.station(&dep.station_code)
                        .map(|s| sanitize(&s.name))
                        .unwrap_or_default()
                ),
            ));
            out.push(kv(
                tr(lang, "状态", "Status"),
                if dep.active {
                    tr(lang, "在职", "active")
                } else {
                    tr(lang, "已离任", "inactive")
                }
                .into(),
            ));
            if let Some(s) = snap.deputy_counts(&dep.code) {
                out.push(kv(
                    tr(lang, "本年履职", "This year"),
                    match lang {
                        Lang::Zh => format!(
                            "接待 {} 次，提建议 {} 条，积分 {}",
                            s.receptions, s.suggestions, s.points
                        ),
                        Lang::En => format!(
                            "{} receptions, {} suggestions, {} points",
                            s.receptions, s.suggestions, s.points
                        ),
                    },
                ));
            }
            out.push(head(tr(lang, "联系网格", "Cells")));
            for a in d.rows.assignments.iter().filter(|a| a.deputy_code == dep.code) {
                out.push(Line::raw(format!("  {} {}", a.cell_code, snap.cell_name(&a.cell_code))));
            }
            out.push(head(tr(lang, "联络员", "Contacts")));
            let people = d
                .rows
                .contacts
                .iter()
                .filter(|x| x.deputy_code == dep.code)
                .map(|ct| {
                    vec![
                        ct.code.to_string(),
                        sanitize(&ct.name),
                        sanitize(&ct.phone),
                        format!("{} {}", ct.cell_code, snap.cell_name(&ct.cell_code)),
                    ]
                })
                .collect();
            out.extend(aligned(people));
            // The year's duty points, item by item (receptions among them).
            out.extend(super::rota::ledger_lines(snap, &d.rows, lang, theme, &dep.code));
            gaps(&mut out, &dep.code, false);
        }
        DetailKind::Contact => {
            let Some(ct) = d.rows.contacts.iter().find(|c| c.code == d.code) else {
                return missing(lang);
            };
            out.push(kv(tr(lang, "姓名", "Name"), sanitize(&ct.name)));
            out.push(kv(tr(lang, "身份", "Role"), ct.role.label(lang).into()));
            out.push(kv(tr(lang, "电话", "Phone"), sanitize(&ct.phone)));
            out.push(kv(
                tr(lang, "网格", "Cell"),
                format!("{} {}", ct.cell_code, snap.cell_name(&ct.cell_code)),
            ));
            out.push(kv(
                tr(lang, "联系代表", "Deputy"),
                format!("{} {}", ct.deputy_code, named(&d.rows, &ct.deputy_code)),
            ));
            out.push(kv(
                tr(lang, "状态", "Status"),
                if ct.active {
                    tr(lang, "有效", "active")
                } else {
                    tr(lang, "无效", "inactive")
                }
                .into(),
            ));
            gaps(&mut out, &ct.code, false);
        }
        DetailKind::Suggestion => {
            let Some(s) = d.rows.suggestions.iter().find(|s| s.code == d.code) else {
                return missing(lang);
            };
            let date = |x: Option<chrono::NaiveDate>| x.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
            out.push(kv(tr(lang, "标题", "Title"), sanitize(&s.title)));
            out.push(kv(
                tr(lang, "网格", "Cell"),
                format!("{} {}", s.cell_code, snap.cell_name(&s.cell_code)),
            ));
            out.push(kv(tr(lang, "状态", "Status"), s.status.label(lang).into()));
            out.push(kv(tr(lang, "类别", "Category"), s.category.label(lang).into()));
            out.push(kv(tr(lang, "来源", "Source"), s.source.label(lang).into()));
            out.push(kv(
                tr(lang, "提出人", "Raised by"),
                format!("{} {}", s.raised_by, named(&d.rows, &s.raised_by)),
            ));
            out.push(kv(
                tr(lang, "收集日期", "Received"),
                s.received_on.format("%Y-%m-%d").to_string(),
            ));
            let unit = |code: &str| format!("{code} {}", snap.unit_name(code));
            let unit_line = if s.handling_unit.is_empty() {
                String::new()
            } else {
                unit(&s.handling_unit)
            };
            out.push(kv(tr(lang, "承办单位", "Handling unit"), unit_line));
            if !s.co_units.is_empty() {
                let co: Vec<String> = s.co_units.iter().map(|c| unit(c)).collect();
                out.push(kv(tr(lang, "协办单位", "Co-units"), co.join("、")));
            }
            out.push(kv(tr(lang, "交办日期", "Assigned"), date(s.assigned_on)));
            let overdue = if snap.is_overdue(&s.code) {
                format!(" {MARK_OVERDUE}{}", tr(lang, "逾期", "overdue"))
            } else {
                String::new()
            };
            out.push(kv(tr(lang, "办理时限", "Due"), format!("{}{overdue}", date(s.due_on))));
            if let Some(from) = s.extended_from {
                out.push(kv(
                    tr(lang, "原办理时限", "Extended from"),
                    from.format("%Y-%m-%d").to_string(),
                ));
            }
            out.push(kv(tr(lang, "答复日期", "Replied"), date(s.replied_on)));
            if let Some(r) = s.result {
                out.push(kv(
                    tr(lang, "办理结果", "Result"),
                    format!("{} {}", r.code(), r.words(lang)),
                ));
            }
            out.push(kv(
                tr(lang, "满意度", "Satisfaction"),
                s.satisfaction.map(|x| x.label(lang)).unwrap_or("").into(),
            ));
            out.push(kv(tr(lang, "办结日期", "Closed"), date(s.closed_on)));
            if s.category == crate::model::Category::Key || !s.supervisor.is_empty() {
                let who = format!("{} {}", s.supervisor, named(&d.rows, &s.supervisor));
                out.push(kv(tr(lang, "督办领导", "Supervisor"), who.trim().to_string()));
            }
            let next: Vec<&str> = allowed_moves(s.status).iter().map(|x| x.label(lang)).collect();
            out.push(kv(tr(lang, "可推进到", "Can move to"), next.join(" / ")));
            gaps(&mut out, &s.code, false);
        }
        DetailKind::Station => {
            let Some(st) = snap.station(&d.code) else {
                return missing(lang);
            };
            out.push(kv(tr(lang, "名称", "Name"), sanitize(&st.name)));
            out.push(kv(tr(lang, "类型", "Kind"), st.kind.label(lang).into()));
            out.push(kv(tr(lang, "区划", "Area"), snap.area_name(&st.area_code)));
            out.push(kv(tr(lang, "主题", "Theme"), sanitize(&st.theme)));
            out.push(kv(tr(lang, "接待日", "Reception day"), st.reception_day.to_string()));
            out.push(kv(
                tr(lang, "位置", "Location"),
                match (st.lon, st.lat) {
                    (Some(x), Some(y)) => format!("{x:.5}, {y:.5}"),
                    _ => "-".into(),
                },
            ));
            // The year's rota, day by day, then what came without one.
            let (rota, at) = super::rota::station_lines(snap, &d.rows, lang, theme, &st.code, d.cursor);
            *cursor_line = at.map(|at| out.len() + at);
            out.extend(rota);
            out.extend(super::rota::unplanned_lines(snap, &d.rows, lang, theme, &st.code));
        }
    }
    out
}

/// The furthest a detail can scroll in `area` (borders included): 0 when
/// everything fits, so Down never hides the first line for nothing.
pub fn max_scroll(app: &App, d: &Detail, area: Rect) -> u16 {
    let inner = area.width.saturating_sub(2).max(1) as usize;
    let rows: usize = lines(&app.snap, app.lang, &app.theme, d)
        .iter()
        .map(|l| l.width().div_ceil(inner).max(1))
        .sum();
    let room = area.height.saturating_sub(2) as usize;
    u16::try_from(rows.saturating_sub(room)).unwrap_or(u16::MAX)
}

/// The name of a person the detail's rows name (read with them), sanitised;
/// empty when unknown.
pub fn named(rows: &Dataset, code: &str) -> String {
    rows.person_name(code).map(sanitize).unwrap_or_default()
}

fn missing(lang: Lang) -> Vec<Line<'static>> {
    vec![Line::raw(
        tr(
            lang,
            "（已不存在：可能被其他操作员删除）",
            "(gone: another operator may have removed it)",
        )
        .to_string(),
    )]
}
