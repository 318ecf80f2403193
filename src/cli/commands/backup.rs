//! `lianluo backup FILE`: SQLite's backup API, consistent while others work.

use super::super::{exit, CmdResult, Context, Failure};
use super::say;
use std::path::Path;

pub fn run(ctx: &Context, file: &Path) -> CmdResult {
    if file.exists() {
        return Err(Failure::new(
            exit::FAILURE,
            if ctx.lang.is_zh() {
                format!("{} 已存在；不覆盖", file.display())
            } else {
                format!("{} already exists; not overwritten", file.display())
            },
        ));
    }
    let store = ctx.open()?;
    store.backup(file).map_err(|e| {
        let _ = std::fs::remove_file(file);
        Failure::new(exit::FAILURE, format!("{}: {e}", file.display()))
    })?;
    say(
        ctx,
        format!("已备份到 {}", file.display()),
        format!("backed up to {}", file.display()),
    );
    Ok(exit::OK)
}
