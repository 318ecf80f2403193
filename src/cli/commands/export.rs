//! `lianluo export DIR | --xlsx FILE [--force]`.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::say;
use std::path::Path;

pub fn run(ctx: &Context, dir: Option<&Path>, xlsx: Option<&Path>, force: bool) -> CmdResult {
    if let Some(file) = xlsx {
        super::may_write(ctx, file, force)?;
    }
    let store = ctx.open()?;
    let ds = store.load().map_err(|e| store_failure(ctx.lang, e))?;
    let cannot = |path: &Path, e: String| {
        Failure::new(
            exit::FAILURE,
            if ctx.lang.is_zh() {
                format!("{}: 无法写入：{e}", path.display())
            } else {
                format!("{}: cannot write: {e}", path.display())
            },
        )
    };
    if let Some(file) = xlsx {
        crate::io::export_xlsx(&ds, file, force).map_err(|e| cannot(file, format!("{e:#}")))?;
        say(
            ctx,
            format!("已导出 {}", file.display()),
            format!("exported {}", file.display()),
        );
    } else if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|e| cannot(dir, e.to_string()))?;
        let files = crate::io::export_dir(&ds, dir).map_err(|e| cannot(dir, e.to_string()))?;
        for f in files {
            println!("{}", f.display());
        }
    }
    Ok(exit::OK)
}
