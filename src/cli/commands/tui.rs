//! `lianluo` without a command: the TUI. When no database exists it is
//! created holding the demo county, and the status bar says DEMO.

use super::super::{exit, CmdResult, Context, Failure};
use crate::i18n::tr;
use crate::tui::TuiOptions;
use std::path::Path;

pub fn run(ctx: &Context, keymap: Option<&Path>) -> CmdResult {
    let created = if ctx.db.exists() {
        false
    } else {
        if ctx.read_only {
            return Err(Failure::new(
                exit::NO_INPUT,
                format!(
                    "{}: {}",
                    ctx.db.display(),
                    tr(ctx.lang, "数据库不存在", "no such database")
                ),
            ));
        }
        match super::init::create_demo(ctx) {
            Ok(_) => true,
            // Another operator's lianluo made it a moment before: use theirs.
            Err(_) if ctx.db.exists() => false,
            Err(e) => return Err(e),
        }
    };
    let store = ctx.open()?;
    let demo = created || store.is_demo().unwrap_or(false);
    let keymap = keymap.map(Path::to_path_buf).or_else(default_keymap);
    let opts = TuiOptions {
        lang: ctx.lang,
        keymap,
        actor: ctx.actor.clone(),
        demo,
    };
    crate::tui::run(store, opts).map_err(|e| Failure::new(exit::FAILURE, format!("{e:#}")))
}

/// `~/.config/lianluo/keymap.toml` when it exists.
fn default_keymap() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".config")))?;
    let path = base.join("lianluo").join("keymap.toml");
    path.exists().then_some(path)
}
