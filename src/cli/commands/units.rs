//! `lianluo units [--as-of DATE] [--format table|csv|json]`: the handling
//! units' scorecard (考核) for the as-of year (SPEC §10).

use super::super::args::Format;
use super::super::{exit, output, store_failure, CmdResult, Context};
use super::as_of;
use crate::coverage::{percent, unit_scores, UnitScore};

pub fn run(ctx: &Context, as_of_text: Option<&str>, format: Format) -> CmdResult {
    let date = as_of(ctx, as_of_text)?;
    let year_start = crate::model::year_start(date);
    let store = ctx.open()?;
    let ds = store.load_ledger().map_err(|e| store_failure(ctx.lang, e))?;
    let scores = unit_scores(&ds.units, &ds.suggestions, year_start, date);
    if format == Format::Json {
        output::json(&scores);
        return Ok(exit::OK);
    }
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = scores.iter().map(|s| row(s, csv, ctx)).collect();
    if csv {
        let _ = output::csv(&HEADER, &rows);
    } else {
        output::table(&HEADER, &rows);
    }
    Ok(exit::OK)
}

const HEADER: [&str; 18] = [
    "code",
    "name",
    "kind",
    "active",
    "assigned",
    "replied",
    "on_time",
    "closed",
    "evaluated",
    "satisfied",
    "resolved",
    "overdue",
    "co_handled",
    "reply_rate",
    "on_time_rate",
    "completion_rate",
    "satisfaction_rate",
    "resolved_rate",
];

/// One unit's line: codes and numbers in CSV, words and percentages in a table.
fn row(s: &UnitScore, csv: bool, ctx: &Context) -> Vec<String> {
    let c = &s.counts;
    let r = c.rates();
    let rate = |v: Option<f64>| match (v, csv) {
        (Some(v), true) => v.to_string(),
        (None, true) => String::new(),
        (v, false) => percent(v),
    };
    let active = match (csv, s.unit.active) {
        (true, a) => a.to_string(),
        (false, true) => crate::i18n::tr(ctx.lang, "是", "yes").to_string(),
        (false, false) => crate::i18n::tr(ctx.lang, "否", "no").to_string(),
    };
    let kind = if csv {
        s.unit.kind.code()
    } else {
        s.unit.kind.label(ctx.lang)
    };
    let mut out = vec![
        s.unit.code.to_string(),
        s.unit.name.to_string(),
        kind.to_string(),
        active,
    ];
    out.extend(
        [
            c.assigned,
            c.replied,
            c.on_time,
            c.closed,
            c.evaluated,
            c.satisfied,
            c.resolved,
            c.overdue,
            s.co_handled,
        ]
        .map(|n| n.to_string()),
    );
    out.extend(
        [
            r.reply_rate,
            r.on_time_rate,
            r.completion_rate,
            r.satisfaction_rate,
            r.resolved_rate,
        ]
        .map(rate),
    );
    out
}
