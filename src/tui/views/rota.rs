//! The rota and the points in detail panes (SPEC §6, §11): a station's
//! year day by day with who is on it and whether they came (the cursor
//! picks a slot to record), and a deputy's ledger line by line.

use crate::i18n::{tr, Lang};
use crate::model::sanitize;
use crate::model::Dataset;
use crate::rota::{ledger, station_year, LedgerTerm, SlotState};
use crate::tui::data::Snapshot;
use crate::tui::theme::{Theme, MARK_CURSOR};
use crate::tui::widgets::fit;
use chrono::{Datelike, NaiveDate};
use ratatui::text::Line;

/// Attended, absent, to come: a mark, never colour alone.
pub const MARK_ATTENDED: &str = "✓";
pub const MARK_ABSENT: &str = "×";
pub const MARK_TO_COME: &str = "·";

/// The station's slots of the as-of year, in the order the detail lists
/// them: what the cursor of a station detail counts through.
/// `rows`: the station's rows of the year (`Store::around`).
pub fn station_slots(rows: &Dataset, station: &str, today: NaiveDate) -> Vec<SlotState> {
    station_year(rows, station, today.year(), today)
        .into_iter()
        .flat_map(|d| d.slots)
        .collect()
}

/// Where a station detail's cursor starts: the first slot on or after
/// the as-of date (the day at hand), else the last one.
pub fn current_slot(rows: &Dataset, station: &str, today: NaiveDate) -> usize {
    let slots = station_slots(rows, station, today);
    slots
        .iter()
        .position(|s| s.slot.date >= today)
        .unwrap_or(slots.len().saturating_sub(1))
}

fn attendance_words(s: &SlotState, lang: Lang) -> String {
    match (s.attended, s.constituents) {
        (Some(true), Some(n)) => format!("{MARK_ATTENDED} {} {n}", tr(lang, "已接待，人数", "came, received")),
        (Some(true), None) => format!("{MARK_ATTENDED} {}", tr(lang, "已接待", "came")),
        (Some(false), _) => format!("{MARK_ABSENT} {}", tr(lang, "缺席", "absent")),
        (None, _) => format!("{MARK_TO_COME} {}", tr(lang, "待接待", "to come")),
    }
}

/// The station's rota lines: a heading, then each day (a day nobody is
/// on says so) and its slots; the slot at `cursor` marked and in reverse
/// video. Also the line index of the cursor's slot, to keep it in view.
pub fn station_lines(
    snap: &Snapshot,
    rows: &Dataset,
    lang: Lang,
    theme: &Theme,
    station: &str,
    cursor: usize,
) -> (Vec<Line<'static>>, Option<usize>) {
    let year = snap.today.year();
    let mut out = vec![Line::styled(
        format!("{} {year}", tr(lang, "接待安排", "Rota")),
        theme.title(),
    )];
    let days = station_year(rows, station, year, snap.today);
    // A slot gone since the cursor was put there: the last one has it.
    let slots: usize = days.iter().map(|d| d.slots.len()).sum();
    let cursor = cursor.min(slots.saturating_sub(1));
    let mut at = None;
    let mut k = 0;
    for day in days {
        let date = day.date.format("%Y-%m-%d").to_string();
        if day.slots.is_empty() {
            out.push(Line::styled(
                format!("  {date} {}", tr(lang, "（无人排班）", "(nobody on the rota)")),
                theme.dim(),
            ));
            continue;
        }
        for s in &day.slots {
            let name = fit(&super::detail::named(rows, &s.slot.deputy_code), 8);
            let role = fit(s.slot.role.label(lang), 6);
            let mark = if k == cursor { MARK_CURSOR } else { " " };
            let text = format!(
                "{mark} {date} {} {name} {role} {}",
                fit(&sanitize(&s.slot.deputy_code), 7),
                attendance_words(s, lang)
            );
            let style = if k == cursor {
                theme.cursor()
            } else {
                match s.attended {
                    Some(false) => theme.bad(),
                    Some(true) => theme.plain(),
                    None => theme.dim(),
                }
            };
            if k == cursor {
                at = Some(out.len());
            }
            out.push(Line::styled(text, style));
            k += 1;
        }
    }
    (out, at)
}

/// The receptions of the year at the station that no slot asked for.
pub fn unplanned_lines(
    snap: &Snapshot,
    rows: &Dataset,
    lang: Lang,
    theme: &Theme,
    station: &str,
) -> Vec<Line<'static>> {
    let year = snap.today.year();
    let planned: Vec<_> = rows
        .rota
        .iter()
        .filter(|s| s.station_code == station && s.date.year() == year)
        .map(|s| s.key())
        .collect();
    let mut received: Vec<_> = rows
        .receptions
        .iter()
        .filter(|r| r.station_code == station && r.date.year() == year)
        .filter(|r| !planned.contains(&r.key()))
        .collect();
    if received.is_empty() {
        return Vec::new();
    }
    received.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.deputy_code.cmp(&b.deputy_code)));
    let mut out = vec![Line::styled(
        tr(lang, "排班外的接待", "Receptions not on the rota").to_string(),
        theme.title(),
    )];
    for r in received {
        out.push(Line::raw(format!(
            "  {} {} {} ×{}",
            r.date.format("%Y-%m-%d"),
            fit(&sanitize(&r.deputy_code), 7),
            super::detail::named(rows, &r.deputy_code),
            r.constituents
        )));
    }
    out
}

fn term_label(term: LedgerTerm, lang: Lang) -> &'static str {
    match term {
        LedgerTerm::Reception => tr(lang, "接待", "reception"),
        LedgerTerm::Suggestion => tr(lang, "建议", "suggestion"),
        LedgerTerm::Contact => tr(lang, "联络员", "contact"),
        LedgerTerm::Activity => tr(lang, "活动", "activity"),
        LedgerTerm::Absence => tr(lang, "缺席", "absence"),
    }
}

/// A deputy's ledger of the as-of year (SPEC §11), a line per item with
/// its points, and the total.
/// `rows`: the deputy's rows of the year (`Store::around`).
pub fn ledger_lines(snap: &Snapshot, rows: &Dataset, lang: Lang, theme: &Theme, deputy: &str) -> Vec<Line<'static>> {
    let lines = ledger(rows, &rows.rota, &rows.activities, deputy, snap.today);
    let total: i64 = lines.iter().fold(0, |sum, l| sum.saturating_add(l.points));
    let mut out = vec![Line::styled(
        format!(
            "{} {} ({} {total})",
            tr(lang, "履职积分台账", "Duty points ledger"),
            snap.today.year(),
            tr(lang, "合计", "total")
        ),
        theme.title(),
    )];
    for l in lines {
        let date = l.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let subject = match l.term {
            LedgerTerm::Activity => crate::model::ActivityKind::parse(&l.subject)
                .map(|k| k.label(lang).to_string())
                .unwrap_or_else(|| sanitize(&l.subject)),
            _ => sanitize(&l.subject),
        };
        let note = match l.term {
            LedgerTerm::Reception => format!("×{}", l.note),
            _ => sanitize(&l.note),
        };
        let line = format!(
            "  {} {} {} {:>+4} {note}",
            fit(&date, 10),
            fit(term_label(l.term, lang), 10),
            fit(&subject, 10),
            l.points
        );
        out.push(Line::styled(
            line,
            if l.points < 0 { theme.bad() } else { theme.plain() },
        ));
    }
    out
}
