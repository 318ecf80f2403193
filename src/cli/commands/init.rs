//! `lianluo init [--empty | --demo]`.
//!
//! The new database is built under a hidden name beside `--db` and moved
//! there only when whole: a full disk or an I/O error part way through
//! leaves no file at all, not an empty or half-imported one that a second
//! `init` would refuse and the TUI would open as if it were the demo.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::say;
use crate::store::{OpenOptions, Staged, Store, StoreError};

pub fn run(ctx: &Context, demo: bool) -> CmdResult {
    if ctx.db.exists() && !is_empty_file(&ctx.db) {
        return Err(already_exists(ctx));
    }
    if demo {
        let counts = create_demo(ctx)?;
        say(
            ctx,
            format!("已创建演示数据库 {}（{counts}）", ctx.db.display()),
            format!("created the demo database {} ({counts})", ctx.db.display()),
        );
    } else {
        create(ctx, |_| Ok(()))?;
        say(
            ctx,
            format!("已创建空数据库 {}", ctx.db.display()),
            format!("created the empty database {}", ctx.db.display()),
        );
    }
    Ok(exit::OK)
}

/// Create the database holding the bundled demo county (generated, then
/// imported like any operator's files, and marked as the demo). Returns a
/// short count summary.
pub fn create_demo(ctx: &Context) -> Result<String, Failure> {
    let fail = |e: String| Failure::new(exit::FAILURE, e);
    let dir = ScratchDir::new().map_err(|e| fail(e.to_string()))?;
    crate::demo::generate(crate::demo::Scale::County, crate::demo::DEFAULT_SEED, &dir.0)
        .map_err(|e| fail(format!("{e:#}")))?;
    let counts = create(ctx, |store| {
        let existing = store.load().map_err(|e| failure(ctx, e))?;
        let mut set = crate::io::read_import(std::slice::from_ref(&dir.0), None, false, &existing, ctx.lang)
            .map_err(|errs| fail(errs.into_iter().map(|e| e.text).collect::<Vec<_>>().join("\n")))?;
        set.files = vec!["demo".to_string()];
        let counts = store.apply_import(&ctx.actor, set).map_err(|e| failure(ctx, e))?;
        store.set_meta("demo", "1").map_err(|e| failure(ctx, e))?;
        Ok(counts)
    })?;
    Ok(counts
        .kinds
        .iter()
        .map(|(k, c)| format!("{k} {}", c[0]))
        .collect::<Vec<_>>()
        .join(", "))
}

/// Build a new database beside `ctx.db`, let `fill` write into it, and
/// move it to `ctx.db` once whole (never over a file that appeared there
/// meanwhile). On any failure nothing is left behind.
fn create<T>(ctx: &Context, fill: impl FnOnce(&mut Store) -> Result<T, Failure>) -> Result<T, Failure> {
    let staged = Staged::beside(&ctx.db).map_err(|e| cannot_create(ctx, e))?;
    let mut store = Store::open(
        staged.path(),
        OpenOptions {
            read_only: false,
            create: true,
        },
    )
    .map_err(|e| failure(ctx, e))?;
    let out = fill(&mut store)?;
    store.close().map_err(|e| failure(ctx, e))?;
    // A zero-byte file at `--db` (an administrator's `touch`, `chgrp`,
    // `chmod` for the operators' group) is replaced, keeping its group and
    // mode, never giving others any (SPEC §7: only init takes such a file).
    let moved = if is_empty_file(&ctx.db) {
        take_mode_and_group(&ctx.db, staged.path());
        staged.replace()
    } else {
        staged.finish()
    };
    moved.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => already_exists(ctx),
        _ => cannot_create(ctx, e),
    })?;
    Ok(out)
}

/// A regular file holding nothing (not a symlink: a rename would replace the link).
fn is_empty_file(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0)
}

/// Give `built` the group and mode (owner and group bits only) of `empty`,
/// as far as the operating system lets this account.
fn take_mode_and_group(empty: &std::path::Path, built: &std::path::Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::metadata(empty) else { return };
    let _ = std::os::unix::fs::chown(built, None, Some(meta.gid()));
    let _ = std::fs::set_permissions(built, std::fs::Permissions::from_mode(meta.mode() & 0o770));
}

/// A store error while building the new database: a full disk names the
/// place that has no room and says nothing was created; the rest as
/// everywhere, about `--db` rather than the hidden name it was built under.
fn failure(ctx: &Context, e: StoreError) -> Failure {
    match e {
        StoreError::DiskFull => Failure::new(
            exit::FAILURE,
            if ctx.lang.is_zh() {
                format!(
                    "磁盘已满，{} 处放不下新数据库：未创建任何文件（请清理该磁盘的空间后重试）",
                    ctx.db.display()
                )
            } else {
                format!(
                    "no room for a new database at {}: nothing was created (free space on that disk and try again)",
                    ctx.db.display()
                )
            },
        ),
        StoreError::CannotOpen { reason, .. } => store_failure(
            ctx.lang,
            StoreError::CannotOpen {
                path: ctx.db.clone(),
                reason,
            },
        ),
        other => store_failure(ctx.lang, other),
    }
}

/// The file could not be made in `--db`'s folder (exit 66: the database
/// cannot be opened).
fn cannot_create(ctx: &Context, e: std::io::Error) -> Failure {
    let zh = ctx.lang.is_zh();
    if e.kind() == std::io::ErrorKind::StorageFull {
        return failure(ctx, StoreError::DiskFull);
    }
    let reason = super::folder_refused(ctx.lang, &e);
    Failure::new(
        exit::NO_INPUT,
        if zh {
            format!("无法创建数据库 {}：{reason}", ctx.db.display())
        } else {
            format!("cannot create the database {}: {reason}", ctx.db.display())
        },
    )
}

fn already_exists(ctx: &Context) -> Failure {
    Failure::new(
        exit::FAILURE,
        if ctx.lang.is_zh() {
            format!("{} 已存在；未做任何修改（如需重建，请先移走该文件）", ctx.db.display())
        } else {
            format!(
                "{} already exists; nothing changed (move it away to start again)",
                ctx.db.display()
            )
        },
    )
}

/// A private folder under the system's temp dir, removed when dropped.
struct ScratchDir(std::path::PathBuf);

impl ScratchDir {
    fn new() -> std::io::Result<ScratchDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("lianluo-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(ScratchDir(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
