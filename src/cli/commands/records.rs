//! `add`, `edit`, `remove`, `assign`, `unassign` and `history` (SPEC §9):
//! keeping the records one at a time, through the store's functions that
//! the TUI's forms call too.

use super::super::args::TableOrJson;
use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::{say, usage};
use crate::model::sanitize;
use crate::store::{Kind, StoreError};

pub fn add(ctx: &Context, kind: &str, fields: &[String]) -> CmdResult {
    let kind = record_kind(ctx, kind)?;
    let given = field_values(ctx, fields)?;
    let mut store = ctx.open()?;
    let record = store
        .add_record(&ctx.actor, kind, &given, ctx.lang)
        .map_err(|e| failure(ctx, e))?;
    let key = sanitize(&record.key());
    say(
        ctx,
        format!("已新增{} {key}", kind.zh()),
        format!("{} {key} added", kind.singular()),
    );
    Ok(exit::OK)
}

pub fn edit(ctx: &Context, kind: &str, code: &str, fields: &[String]) -> CmdResult {
    let kind = record_kind(ctx, kind)?;
    let given = field_values(ctx, fields)?;
    let mut store = ctx.open()?;
    let changed = store
        .edit_record(&ctx.actor, kind, code, &given, None, ctx.lang)
        .map_err(|e| failure(ctx, e))?;
    match changed {
        None => say(
            ctx,
            format!("{} {} 没有变化", kind.zh(), sanitize(code)),
            format!("{}: nothing changed", kind.singular()),
        ),
        Some((before, after)) => {
            let code = sanitize(&after.key());
            let was = crate::io::stored_values(&before);
            let fields: Vec<&str> = crate::io::stored_values(&after)
                .into_iter()
                .zip(was)
                .filter(|(now, was)| now.1 != was.1)
                .map(|(now, _)| now.0)
                .collect();
            say(
                ctx,
                format!("已修改{} {code}：{}", kind.zh(), fields.join("、")),
                format!("{} {code} changed: {}", kind.singular(), fields.join(", ")),
            )
        }
    }
    Ok(exit::OK)
}

pub fn remove(ctx: &Context, kind: &str, code: &str) -> CmdResult {
    let kind = record_kind(ctx, kind)?;
    let mut store = ctx.open()?;
    let record = store
        .remove_record(&ctx.actor, kind, code, None)
        .map_err(|e| failure(ctx, e))?;
    let key = sanitize(&record.key());
    say(
        ctx,
        format!("已删除{} {key}", kind.zh()),
        format!("{} {key} removed", kind.singular()),
    );
    Ok(exit::OK)
}

pub fn assign(ctx: &Context, deputy: &str, cells: &[String], present: bool) -> CmdResult {
    let mut store = ctx.open()?;
    let changed = store
        .set_assignments(&ctx.actor, deputy, cells, present)
        .map_err(|e| failure(ctx, e))?;
    let deputy = sanitize(deputy);
    let list = sanitize(&changed.join(", "));
    match (changed.is_empty(), present) {
        (true, _) => say(ctx, "没有变化".into(), "nothing changed".into()),
        (false, true) => say(
            ctx,
            format!("代表 {deputy} 已联系网格 {list}"),
            format!("deputy {deputy} assigned to {list}"),
        ),
        (false, false) => say(
            ctx,
            format!("代表 {deputy} 不再联系网格 {list}"),
            format!("deputy {deputy} no longer assigned to {list}"),
        ),
    }
    Ok(exit::OK)
}

pub fn history(ctx: &Context, code: &str, kind: Option<&str>, format: TableOrJson) -> CmdResult {
    let kind = match kind {
        None => None,
        Some(k) => Some(Kind::parse_any(k).ok_or_else(|| unknown_kind(ctx, k))?),
    };
    let store = ctx.open()?;
    let entries = store
        .record_history(code, kind)
        .map_err(|e| store_failure(ctx.lang, e))?;
    // No entry and no such record: an unknown code (a removed record keeps
    // its entries; one imported and never changed has none, and is known).
    if entries.is_empty() {
        let kinds: Vec<Kind> = kind.map_or_else(|| Kind::RECORDS.to_vec(), |k| vec![k]);
        let mut known = false;
        for k in kinds {
            known |= store.record(k, code).map_err(|e| store_failure(ctx.lang, e))?.is_some();
        }
        if !known {
            let e = StoreError::NotFound {
                kind: kind.map_or("record", Kind::singular),
                code: code.to_string(),
            };
            return Err(store_failure(ctx.lang, e));
        }
    }
    super::log::print(ctx, &entries, format);
    Ok(exit::OK)
}

/// KIND as the commands take it: singular or file stem, English or Chinese.
fn record_kind(ctx: &Context, text: &str) -> Result<Kind, Failure> {
    Kind::parse_any(text).ok_or_else(|| unknown_kind(ctx, text))
}

fn unknown_kind(ctx: &Context, text: &str) -> Failure {
    let en: Vec<&str> = Kind::RECORDS.iter().map(|k| k.singular()).collect();
    let zh: Vec<&str> = Kind::RECORDS.iter().map(|k| k.zh()).collect();
    let text = sanitize(text);
    usage(
        ctx,
        format!("未知类型 {text:?}（可用：{}）", zh.join("、")),
        format!("unknown kind {text:?} (one of {})", en.join(", ")),
    )
}

/// `FIELD=VALUE` arguments split at their first `=`.
fn field_values(ctx: &Context, args: &[String]) -> Result<Vec<(String, String)>, Failure> {
    args.iter()
        .map(|arg| match arg.split_once('=') {
            Some((field, value)) if !field.trim().is_empty() => Ok((field.trim().to_string(), value.to_string())),
            _ => {
                let arg = sanitize(arg);
                Err(usage(
                    ctx,
                    format!("{arg:?}：应为 字段=值（如 phone=13812345678）"),
                    format!("{arg:?}: expected FIELD=VALUE (e.g. phone=13812345678)"),
                ))
            }
        })
        .collect()
}

/// A store error as the command reports it: bad values one per line
/// (`FIELD: message`, exit 65, nothing written), the rest as every
/// command does.
fn failure(ctx: &Context, e: StoreError) -> Failure {
    if let StoreError::Fields(errors) = &e {
        for error in errors {
            eprintln!("{}", sanitize(&error.text));
        }
        return Failure::new(
            exit::DATA,
            crate::i18n::tr(ctx.lang, "未做任何修改", "nothing was written"),
        );
    }
    store_failure(ctx.lang, e)
}
