//! The terminal UI (SPEC §6). A key becomes an action through the keymap
//! (`keymap.rs`, `action.rs`), the action updates the state (`app.rs`),
//! and the views draw the state (`views/`). Views never call the store.

pub mod action;
pub mod app;
pub mod data;
pub mod keymap;
pub mod matching;
mod pages;
pub mod pick_lists;
mod terminal;
pub mod theme;
mod trim;
pub mod views;
pub mod widgets;

use crate::i18n::Lang;
use crate::store::{Actor, Store};
use std::path::PathBuf;

pub use app::App;

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

/// The operator's keymap file: `--keymap`, else `~/.config/lianluo/keymap.toml` when it exists.
fn user_keymap(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        let home = std::env::var_os("HOME")?;
        let p = PathBuf::from(home).join(".config/lianluo/keymap.toml");
        p.exists().then_some(p)
    })
}

/// Run the TUI on an open store until the operator quits. Returns the
/// exit code: 0 on quit, 2 for a bad keymap (reported before the screen
/// is touched), 1 when the terminal went away, 128+signal on SIGTERM/SIGHUP.
pub fn run(store: Store, opts: TuiOptions) -> anyhow::Result<i32> {
    trim::one_arena();
    let keymap = match keymap::load(user_keymap(opts.keymap.clone()).as_deref()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{}", e.message(opts.lang));
            return Ok(2);
        }
    };
    let today = chrono::Local::now().date_naive();
    let app = App::start(
        store,
        opts.lang,
        opts.actor,
        opts.demo,
        keymap,
        today,
        theme::Theme::from_env(),
    )?;
    terminal::run(app)
}
