//! `lianluo rota plan --year Y [--as-of D] [--replace]` and `lianluo rota
//! [--year Y] [--as-of D] [--format table|csv|json]` (SPEC §11).

use super::super::args::{Format, RotaCommand};
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use super::as_of;
use crate::i18n::tr;
use crate::model::{sanitize, RotaRole, Text, YEARS};
use crate::rota::attendance;
use chrono::Datelike;
use serde::Serialize;

pub fn run(
    ctx: &Context,
    action: Option<&RotaCommand>,
    year: Option<i32>,
    as_of_text: Option<&str>,
    format: Format,
) -> CmdResult {
    match action {
        Some(RotaCommand::Plan { year, as_of, replace }) => plan(ctx, *year, as_of.as_of.as_deref(), *replace),
        None => list(ctx, year, as_of_text, format),
    }
}

/// A year outside the dates lianluo reads is a bad option value.
fn check_year(ctx: &Context, year: i32) -> Result<i32, Failure> {
    if YEARS.contains(&year) {
        return Ok(year);
    }
    Err(Failure::new(
        exit::DATA,
        format!(
            "--year: {year} {}",
            tr(ctx.lang, "不在 1900–2200 年之间", "is not a year from 1900 to 2200")
        ),
    ))
}

fn plan(ctx: &Context, year: i32, as_of_text: Option<&str>, replace: bool) -> CmdResult {
    let year = check_year(ctx, year)?;
    let date = as_of(ctx, as_of_text)?;
    let mut store = ctx.open()?;
    let planned = store
        .plan_rota(&ctx.actor, year, date, replace)
        .map_err(|e| store_failure(ctx.lang, e))?;
    // Standard output lists the deputies who could not be placed, one a
    // line (SPEC §11); what was done goes to standard error.
    for u in &planned.unplaced {
        println!("{}", sanitize(&format!("{} {}", u.code, u.name)));
    }
    let (added, removed) = (planned.added.len(), planned.removed.len());
    let unplaced = planned.unplaced.len();
    eprintln!(
        "{}",
        if ctx.lang.is_zh() {
            format!("{year} 年接待安排：新增 {added} 人次，移除 {removed} 人次；{unplaced} 名代表无法安排")
        } else {
            format!("rota {year}: {added} slot(s) added, {removed} removed; {unplaced} deputy(ies) could not be placed")
        }
    );
    Ok(exit::OK)
}

/// One slot as `rota --format json` prints it (SPEC §11).
#[derive(Serialize)]
struct SlotOut {
    date: String,
    station: Text,
    deputy: Text,
    name: Text,
    role: RotaRole,
    attended: Option<bool>,
}

fn list(ctx: &Context, year: Option<i32>, as_of_text: Option<&str>, format: Format) -> CmdResult {
    let date = as_of(ctx, as_of_text)?;
    let year = check_year(ctx, year.unwrap_or(date.year()))?;
    let store = ctx.open()?;
    let lines = store.rota_lines(year).map_err(|e| store_failure(ctx.lang, e))?;
    let slots: Vec<SlotOut> = lines
        .into_iter()
        .map(|l| SlotOut {
            attended: attendance(l.received, l.slot.date, date),
            date: l.slot.date.to_string(),
            station: l.slot.station_code,
            deputy: l.slot.deputy_code,
            name: l.name,
            role: l.slot.role,
        })
        .collect();
    if format == Format::Json {
        output::json(&slots);
        return Ok(exit::OK);
    }
    let header = ["date", "station", "deputy", "name", "role", "attended"];
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = slots
        .iter()
        .map(|s| {
            let attended = match (s.attended, csv) {
                (Some(a), true) => a.to_string(),
                (None, true) => String::new(),
                (Some(true), false) => tr(ctx.lang, "✓ 已接待", "✓ attended").to_string(),
                (Some(false), false) => tr(ctx.lang, "× 缺席", "× absent").to_string(),
                (None, false) => tr(ctx.lang, "待接待", "to come").to_string(),
            };
            let role = if csv { s.role.code() } else { s.role.label(ctx.lang) };
            vec![
                s.date.clone(),
                s.station.to_string(),
                s.deputy.to_string(),
                s.name.to_string(),
                role.to_string(),
                attended,
            ]
        })
        .collect();
    if csv {
        let _ = output::csv(&header, &rows);
    } else {
        output::table(&header, &rows);
    }
    Ok(exit::OK)
}
