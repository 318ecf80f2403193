//! `lianluo init [--empty | --demo]`.

use super::super::{exit, store_failure, CmdResult, Context, Failure};
use super::say;
use crate::store::{OpenOptions, Store};

pub fn run(ctx: &Context, demo: bool) -> CmdResult {
    if ctx.db.exists() {
        return Err(Failure::new(
            exit::FAILURE,
            if ctx.lang.is_zh() {
                format!("{} 已存在；未做任何修改（如需重建，请先移走该文件）", ctx.db.display())
            } else {
                format!(
                    "{} already exists; nothing changed (move it away to start again)",
                    ctx.db.display()
                )
            },
        ));
    }
    if demo {
        let counts = create_demo(ctx)?;
        say(
            ctx,
            format!("已创建演示数据库 {}（{counts}）", ctx.db.display()),
            format!("created the demo database {} ({counts})", ctx.db.display()),
        );
    } else {
        Store::open(
            &ctx.db,
            OpenOptions {
                read_only: false,
                create: true,
            },
        )
        .map_err(|e| store_failure(ctx.lang, e))?;
        say(
            ctx,
            format!("已创建空数据库 {}", ctx.db.display()),
            format!("created the empty database {}", ctx.db.display()),
        );
    }
    Ok(exit::OK)
}

/// Create the database holding the bundled demo county (generated, then
/// imported like any operator's files). Returns a short count summary.
pub fn create_demo(ctx: &Context) -> Result<String, Failure> {
    let fail = |e: String| Failure::new(exit::FAILURE, e);
    let dir = ScratchDir::new().map_err(|e| fail(e.to_string()))?;
    crate::demo::generate(crate::demo::Scale::County, crate::demo::DEFAULT_SEED, &dir.0)
        .map_err(|e| fail(format!("{e:#}")))?;
    let mut store = Store::open(
        &ctx.db,
        OpenOptions {
            read_only: false,
            create: true,
        },
    )
    .map_err(|e| store_failure(ctx.lang, e))?;
    let existing = store.load().map_err(|e| store_failure(ctx.lang, e))?;
    let mut set = crate::io::read_import(std::slice::from_ref(&dir.0), None, false, &existing, ctx.lang)
        .map_err(|errs| fail(errs.into_iter().map(|e| e.text).collect::<Vec<_>>().join("\n")))?;
    set.files = vec!["demo".to_string()];
    let counts = store
        .apply_import(&ctx.actor, &set)
        .map_err(|e| store_failure(ctx.lang, e))?;
    store.set_meta("demo", "1").map_err(|e| store_failure(ctx.lang, e))?;
    Ok(counts
        .kinds
        .iter()
        .map(|(k, c)| format!("{k} {}", c[0]))
        .collect::<Vec<_>>()
        .join(", "))
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
