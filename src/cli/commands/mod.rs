//! One file per subcommand; `run` dispatches.

mod backup;
mod cells;
mod config;
mod demo;
mod export;
mod gaps;
mod import;
mod init;
mod locate;
mod log;
mod lookup;
mod points;
mod reassign;
mod records;
mod report;
mod rota;
mod suggest;
mod tui;
mod units;

use super::args::{Cli, Command};
use super::{exit, CmdResult, Context, Failure};
use crate::i18n::tr;
use chrono::NaiveDate;

pub fn run(ctx: &Context, cli: &Cli) -> CmdResult {
    let Some(command) = &cli.command else {
        return tui::run(ctx, cli.keymap.as_deref());
    };
    match command {
        Command::Init { empty: _, demo } => init::run(ctx, *demo),
        Command::Import {
            paths,
            kind,
            dry_run,
            replace,
        } => import::run(ctx, paths, kind.as_deref(), *dry_run, *replace),
        Command::Export { dir, xlsx, force } => export::run(ctx, dir.as_deref(), xlsx.as_deref(), *force),
        Command::Gaps {
            rules,
            as_of,
            format,
            check,
        } => gaps::run(ctx, rules, as_of.as_of.as_deref(), *format, *check),
        Command::Cells { as_of, format } => cells::run(ctx, as_of.as_of.as_deref(), *format),
        Command::Lookup { query, limit, format } => lookup::run(ctx, query, *limit, *format),
        Command::Locate {
            lon,
            lat,
            batch,
            format,
        } => locate::run(ctx, *lon, *lat, batch.as_deref(), *format),
        Command::Reassign { contacts, to, from } => reassign::run(ctx, contacts, to, from.as_deref()),
        Command::Suggest { action } => suggest::run(ctx, action),
        Command::Log {
            limit,
            format,
            by,
            kind,
            code,
            since,
            until,
        } => log::run(
            ctx,
            crate::store::AuditFilter {
                limit: *limit,
                operator: by.clone(),
                kind: kind.clone(),
                code: code.clone(),
                since: since.clone(),
                until: until.clone(),
            },
            *format,
        ),
        Command::Add { kind, fields } => records::add(ctx, kind, fields),
        Command::Edit { kind, code, fields } => records::edit(ctx, kind, code, fields),
        Command::Remove { kind, code } => records::remove(ctx, kind, code),
        Command::Assign { deputy, cells } => records::assign(ctx, deputy, cells, true),
        Command::Unassign { deputy, cells } => records::assign(ctx, deputy, cells, false),
        Command::History { code, kind, format } => records::history(ctx, code, kind.as_deref(), *format),
        Command::Rota {
            action,
            year,
            as_of,
            format,
        } => rota::run(ctx, action.as_ref(), *year, as_of.as_of.as_deref(), *format),
        Command::Points { as_of, format } => points::run(ctx, as_of.as_of.as_deref(), *format),
        Command::Units { as_of, format } => units::run(ctx, as_of.as_of.as_deref(), *format),
        Command::Config { action } => config::run(ctx, action),
        Command::Report {
            from,
            to,
            format,
            xlsx,
            force,
        } => report::run(ctx, from.as_deref(), to.as_deref(), *format, xlsx.as_deref(), *force),
        Command::Backup { file, force } => backup::run(ctx, file, *force),
        Command::Demo { scale, seed, out } => demo::run(ctx, *scale, *seed, out),
    }
}

/// `--as-of DATE`, else today. A bad date is a usage error.
fn as_of(ctx: &Context, text: Option<&str>) -> Result<NaiveDate, Failure> {
    match text {
        None => Ok(today()),
        Some(t) => parse_date_arg(ctx, "--as-of", t),
    }
}

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn parse_date_arg(ctx: &Context, flag: &str, text: &str) -> Result<NaiveDate, Failure> {
    crate::model::parse_date(text).ok_or_else(|| {
        // A bad value given to an option (SPEC §5).
        Failure::new(
            exit::DATA,
            format!(
                "{flag}: {text:?} {}",
                tr(
                    ctx.lang,
                    "不是日期（应为 YYYY-MM-DD，年份 1900–2200）",
                    "is not a date (YYYY-MM-DD, years 1900–2200)"
                )
            ),
        )
    })
}

/// A usage error in the operator's language.
fn usage(ctx: &Context, zh: String, en: String) -> Failure {
    Failure::new(exit::USAGE, if ctx.lang.is_zh() { zh } else { en })
}

/// Print a line of success to stdout.
fn say(ctx: &Context, zh: String, en: String) {
    println!("{}", if ctx.lang.is_zh() { zh } else { en });
}

/// Why a folder would not take a new file, in the operator's language
/// (a full disk is said by the caller, which knows what nothing was made).
fn folder_refused(lang: crate::i18n::Lang, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => tr(lang, "所在目录不存在", "its folder does not exist").to_string(),
        std::io::ErrorKind::PermissionDenied => tr(
            lang,
            "您没有在其所在目录中创建文件的权限",
            "you cannot create files in its folder",
        )
        .to_string(),
        _ => e.to_string(),
    }
}

/// Refuse to write `file` (`export --xlsx`, `backup`, `report --xlsx`) when
/// something is there without `--force`, or when it is the open database
/// or its -wal/-shm, `--force` or not (SPEC §7). Exit 1, nothing touched.
fn may_write(ctx: &Context, file: &std::path::Path, force: bool) -> Result<(), Failure> {
    crate::store::may_write(file, &ctx.db, force)
        .map_err(|why| Failure::new(exit::FAILURE, why.message(ctx.lang, file)))
}
