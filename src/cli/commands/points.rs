//! `lianluo points [--as-of DATE] [--format table|csv|json]`: every active
//! deputy's duty points (履职积分) for the as-of year (SPEC §11).

use super::super::args::Format;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::as_of;

pub fn run(ctx: &Context, as_of_text: Option<&str>, format: Format) -> CmdResult {
    let date = as_of(ctx, as_of_text)?;
    let store = ctx.open()?;
    let ds = store.load_for_points(date).map_err(|e| store_failure(ctx.lang, e))?;
    let rows = crate::rota::points(&ds, &ds.rota, &ds.activities, date);
    if format == Format::Json {
        output::json(&rows);
        return Ok(exit::OK);
    }
    let header = [
        "code",
        "name",
        "level",
        "receptions",
        "suggestions",
        "contacts",
        "activities",
        "absences",
        "points",
    ];
    let csv = format == Format::Csv;
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            let level = if csv { p.level.code() } else { p.level.label(ctx.lang) };
            vec![
                p.code.to_string(),
                p.name.to_string(),
                level.to_string(),
                p.receptions.to_string(),
                p.suggestions.to_string(),
                p.contacts.to_string(),
                p.activities.to_string(),
                p.absences.to_string(),
                p.points.to_string(),
            ]
        })
        .collect();
    if csv {
        let _ = output::csv(&header, &table);
    } else {
        output::table(&header, &table);
    }
    Ok(exit::OK)
}
