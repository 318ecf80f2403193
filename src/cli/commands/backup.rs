//! `lianluo backup FILE`: SQLite's backup API, consistent while others work.
//!
//! The copy is written under a hidden name beside FILE and moved to FILE
//! only when whole, so a full disk or an I/O error at the destination
//! leaves no FILE (and no -journal) behind, and says so about FILE's disk,
//! not the database's.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::say;
use crate::store::{IoStep, Staged, StoreError};
use std::path::Path;

pub fn run(ctx: &Context, file: &Path) -> CmdResult {
    if file.exists() {
        return Err(already_exists(ctx, file));
    }
    let store = ctx.open()?;
    let staged = Staged::beside(file).map_err(|e| cannot_write(ctx, file, e))?;
    store.backup(staged.path()).map_err(|e| failure(ctx, file, e))?;
    staged.finish().map_err(|e| match e.kind() {
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
