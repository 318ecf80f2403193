//! `lianluo backup FILE [--force]`: SQLite's backup API, consistent while
//! others work, in one step so that their commits cannot restart it; kept
//! only when the copy passes `integrity_check`.
//!
//! The copy is written under a hidden name beside FILE and moved to FILE
//! only when whole, so a full disk or an I/O error at the destination
//! leaves no FILE (and no -journal) behind, and says so about FILE's disk,
//! not the database's.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::say;
use crate::store::{IoStep, Staged, StoreError};
use std::path::Path;

pub fn run(ctx: &Context, file: &Path, force: bool) -> CmdResult {
    super::may_write(ctx, file, force)?;
    let store = ctx.open()?;
    let staged = Staged::beside(file).map_err(|e| cannot_write(ctx, file, e))?;
    store.backup(staged.path()).map_err(|e| failure(ctx, file, e))?;
    drop(store);
    // A copy is kept only whole (SPEC §7): a damaged database gives a
    // damaged copy, which would replace a good one in a backup rotation.
    let verdict = crate::store::integrity_of(staged.path()).map_err(|e| failure(ctx, file, e))?;
    if verdict != "ok" {
        return Err(damaged(ctx, &verdict));
    }
    let moved = if force { staged.replace() } else { staged.finish() };
    moved.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => already_exists(ctx, file),
        _ => cannot_write(ctx, file, e),
    })?;
    say(
        ctx,
        format!("已备份到 {}", file.display()),
        format!("backed up to {}", file.display()),
    );
    Ok(exit::OK)
}

/// The copy failed `integrity_check`: the database itself is damaged.
fn damaged(ctx: &Context, verdict: &str) -> Failure {
    let db = ctx.db.display();
    let first = crate::model::sanitize(verdict.lines().next().unwrap_or_default());
    Failure::new(
        exit::FAILURE,
        if ctx.lang.is_zh() {
            format!(
                "数据库 {db} 已损坏，备份未通过完整性检查（{first}）：未保留任何备份文件；请用最近一次完好的备份恢复"
            )
        } else {
            format!(
                "the database {db} is damaged: the copy failed its integrity check ({first}); no backup was kept (restore from the last good backup)"
            )
        },
    )
}

/// A failed copy: writing FILE's disk is FILE's fault; reading the
/// database (or anything else) is told as everywhere else.
fn failure(ctx: &Context, file: &Path, e: StoreError) -> Failure {
    let (zh, f) = (ctx.lang.is_zh(), file.display());
    match e {
        StoreError::DiskFull => no_room(ctx, file),
        StoreError::Io(IoStep::Write | IoStep::Sync | IoStep::Other) => Failure::new(
            exit::FAILURE,
            if zh {
                format!("写入备份 {f} 时磁盘读写出错：未写入任何文件（请检查该磁盘及其剩余空间后重试）")
            } else {
                format!(
                    "the disk failed while writing the backup {f}: nothing was written (check that disk and its free space, then try again)"
                )
            },
        ),
        other => store_failure(ctx.lang, other),
    }
}

fn no_room(ctx: &Context, file: &Path) -> Failure {
    let f = file.display();
    Failure::new(
        exit::FAILURE,
        if ctx.lang.is_zh() {
            format!("{f} 所在磁盘已满，放不下备份：未写入任何文件（请清理该磁盘的空间或换一个位置后重试）")
        } else {
            format!("no room for the backup at {f}: nothing was written (free space on that disk, or choose another place, and try again)")
        },
    )
}

/// FILE's folder would not take a new file.
fn cannot_write(ctx: &Context, file: &Path, e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return no_room(ctx, file);
    }
    let reason = super::folder_refused(ctx.lang, &e);
    Failure::new(
        exit::FAILURE,
        if ctx.lang.is_zh() {
            format!("无法写入备份 {}：{reason}；未写入任何文件", file.display())
        } else {
            format!(
                "cannot write the backup {}: {reason}; nothing was written",
                file.display()
            )
        },
    )
}

fn already_exists(ctx: &Context, file: &Path) -> Failure {
    Failure::new(
        exit::FAILURE,
        if ctx.lang.is_zh() {
            format!("{} 已存在；不覆盖", file.display())
        } else {
            format!("{} already exists; not overwritten", file.display())
        },
    )
}
