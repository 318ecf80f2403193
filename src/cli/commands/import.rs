//! `lianluo import PATH... [--kind KIND] [--dry-run] [--replace]`.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::{say, usage};
use crate::io::ImportError;
use crate::model::{escape_unsafe, sanitize};
use crate::store::Kind;
use std::path::PathBuf;

/// Errors printed before the rest are only counted.
const MAX_ERRORS: usize = 50;

pub fn run(ctx: &Context, paths: &[PathBuf], kind: Option<&str>, dry_run: bool, replace: bool) -> CmdResult {
    let kind = match kind {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            let all: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            usage(
                ctx,
                format!("--kind：未知类型 {k:?}（可用：{}）", all.join("/")),
                format!("--kind: unknown kind {k:?} (one of {})", all.join("/")),
            )
        })?),
    };
    for p in paths {
        if !p.exists() {
            return Err(Failure::new(
                exit::NO_INPUT,
                if ctx.lang.is_zh() {
                    format!("{}: 无法打开：文件不存在", escape_unsafe(&p.display().to_string()))
                } else {
                    format!(
                        "{}: cannot open: no such file or directory",
                        escape_unsafe(&p.display().to_string())
                    )
                },
            ));
        }
    }
    let mut store = ctx.open()?;
    if store.is_demo().unwrap_or(false) && !dry_run {
        return Err(Failure::new(
            exit::FAILURE,
            if ctx.lang.is_zh() {
                format!(
                    "{} 是演示数据库；真实数据不会混入演示数据。请用 lianluo --db 新文件 init --empty 新建数据库后再导入",
                    ctx.db.display()
                )
            } else {
                format!(
                    "{} holds the demo county; real data is never mixed into it. Create a database with `lianluo --db NEW.db init --empty` and import there",
                    ctx.db.display()
                )
            },
        ));
    }
    let phases = crate::timing::Phases::start();
    let checked_at = store.data_version().map_err(|e| store_failure(ctx.lang, e))?;
    let existing = store
        .load_keys(replace, &crate::io::kinds_in(paths, kind))
        .map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("read the database");
    let set = match crate::io::read_import(paths, kind, replace, &existing, ctx.lang) {
        Ok(set) => set,
        Err(errors) => {
            for e in errors.iter().take(MAX_ERRORS) {
                eprintln!("{}", shown(e));
            }
            if errors.len() > MAX_ERRORS {
                let more = errors.len() - MAX_ERRORS;
                if ctx.lang.is_zh() {
                    eprintln!("……另有 {more} 处错误");
                } else {
                    eprintln!("… and {more} more errors");
                }
            }
            let n = errors.len();
            return Err(Failure::new(
                exit::DATA,
                if ctx.lang.is_zh() {
                    format!("导入失败：{n} 处错误，数据库未做任何修改")
                } else {
                    format!("import refused: {n} error(s); the database was not changed")
                },
            ));
        }
    };
    // The database's keys served the checks; the write needs the memory.
    drop(existing);
    phases.mark("read and check the files");
    if dry_run {
        let rows: usize = [
            set.areas.as_ref().map(Vec::len),
            set.cells.as_ref().map(Vec::len),
            set.boundary.as_ref().map(Vec::len),
            set.deputies.as_ref().map(Vec::len),
            set.assignments.as_ref().map(Vec::len),
            set.contacts.as_ref().map(Vec::len),
            set.stations.as_ref().map(Vec::len),
            set.receptions.as_ref().map(Vec::len),
            set.suggestions.as_ref().map(Vec::len),
        ]
        .into_iter()
        .flatten()
        .sum();
        say(
            ctx,
            format!("检查通过：{rows} 行，未写入（--dry-run）"),
            format!("valid: {rows} rows, nothing written (--dry-run)"),
        );
        return Ok(exit::OK);
    }
    let counts = store
        .apply_checked_import(&ctx.actor, set, checked_at)
        .map_err(|e| store_failure(ctx.lang, e))?;
    phases.mark("write");
    for (kind, [read, changed, removed]) in &counts.kinds {
        if ctx.lang.is_zh() {
            println!("{kind}: 读入 {read} 行，新增或修改 {changed} 行，删除 {removed} 行");
        } else {
            println!("{kind}: {read} read, {changed} added or changed, {removed} removed");
        }
    }
    if !counts.changed() {
        say(ctx, "没有变化".into(), "nothing changed".into());
    }
    Ok(exit::OK)
}

/// An import error as stderr shows it: the file name with its unsafe
/// characters written out (an ESC, a BEL or a newline in a name neither
/// reaches the terminal nor splits `FILE:LINE:`), the rest sanitised.
fn shown(e: &ImportError) -> String {
    match e.text.strip_prefix(e.file.as_str()) {
        Some(rest) if !e.file.is_empty() => format!("{}{}", escape_unsafe(&e.file), sanitize(rest)),
        _ => sanitize(&e.text),
    }
}
