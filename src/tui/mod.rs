//! The terminal UI (SPEC §6). OWNER: TUI helper.

use crate::i18n::Lang;
use crate::store::{Actor, Store};
use std::path::PathBuf;

/// How the operator started the TUI.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub lang: Lang,
    /// `--keymap`, else `~/.config/lianluo/keymap.toml` when it exists.
    pub keymap: Option<PathBuf>,
    pub actor: Actor,
    /// The database holds the bundled demo county (say DEMO in the status bar).
    pub demo: bool,
}

/// Run the TUI on an open store until the operator quits. Returns the exit code.
pub fn run(store: Store, opts: TuiOptions) -> anyhow::Result<i32> {
    let _ = (store, opts);
    Ok(0)
}
