//! `lianluo report [--from D --to D] [--format md|json] [--xlsx FILE [--force]]` (SPEC §12).

use super::super::args::ReportFormat;
use super::super::{exit, output, store_failure, CmdResult, Context, Failure};
use super::{parse_date_arg, say, today};
use crate::report;
use chrono::NaiveDate;
use std::path::Path;

pub fn run(
    ctx: &Context,
    from: Option<&str>,
    to: Option<&str>,
    format: ReportFormat,
    xlsx: Option<&Path>,
    force: bool,
) -> CmdResult {
    let phases = crate::timing::Phases::start();
    let (from, to) = period(ctx, from, to)?;
    if let Some(file) = xlsx {
        super::may_write(ctx, file, force)?;
    }
    let store = ctx.open()?;
    let ds = store.load_period(from, to).map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("load");
    let figures = report::figures(&ds, from, to);
    phases.mark("figures");
    if let Some(file) = xlsx {
        report::workbook::write_workbook(&figures, ctx.lang, file, force).map_err(|e| {
            Failure::new(
                exit::FAILURE,
                if ctx.lang.is_zh() {
                    format!("{}: 无法写入：{e:#}", file.display())
                } else {
                    format!("{}: cannot write: {e:#}", file.display())
                },
            )
        })?;
        phases.mark("workbook");
        say(
            ctx,
            format!("已写入报告 {}", file.display()),
            format!("wrote the report {}", file.display()),
        );
        return Ok(exit::OK);
    }
    match format {
        ReportFormat::Json => output::json(&figures),
        ReportFormat::Md => print!("{}", report::markdown::markdown(&figures, ctx.lang)),
    }
    Ok(exit::OK)
}

/// `--from` and `--to`: by default 1 January of today's year to today
/// (`--to` alone starts on 1 January of its year). A period that ends
/// before it starts is a bad value given to an option (exit 65).
fn period(ctx: &Context, from: Option<&str>, to: Option<&str>) -> Result<(NaiveDate, NaiveDate), Failure> {
    let to = match to {
        Some(t) => parse_date_arg(ctx, "--to", t)?,
        None => today(),
    };
    let from = match from {
        Some(f) => parse_date_arg(ctx, "--from", f)?,
        None => crate::model::year_start(to),
    };
    if from > to {
        return Err(Failure::new(
            exit::DATA,
            if ctx.lang.is_zh() {
                format!("--from {from} 晚于 --to {to}：报告期不能倒置")
            } else {
                format!("--from {from} is after --to {to}: the period would end before it starts")
            },
        ));
    }
    Ok((from, to))
}
