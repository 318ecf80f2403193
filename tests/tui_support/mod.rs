//! Shared by the TUI tests: a temp database holding the bundled demo
//! county, an App on it at a fixed date, key presses, and the screen as
//! plain text (wide characters counted once).
#![allow(dead_code)]

use chrono::NaiveDate;
use lianluo::i18n::Lang;
use lianluo::store::{Actor, OpenOptions, Store};
use lianluo::tui::keymap::{self, Key};
use lianluo::tui::theme::Theme;
use lianluo::tui::{views, App};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// The demo's as-of date: every screen is drawn as of this day.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

pub fn actor(name: &str) -> Actor {
    Actor::new(name, "")
}

/// A new database at `dir/t.db` holding `data/demo`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("t.db");
    let mut store = Store::open(
        &db,
        OpenOptions {
            create: true,
            ..Default::default()
        },
    )
    .expect("create db");
    let existing = store.load().expect("load");
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let set = lianluo::io::read_import(&[demo], None, false, &existing, Lang::En).expect("demo imports");
    store.apply_import(&actor("setup"), set).expect("apply");
    db
}

pub fn open(db: &Path, read_only: bool) -> Store {
    Store::open(
        db,
        OpenOptions {
            read_only,
            create: false,
        },
    )
    .expect("open db")
}

/// A contact as the database has it now.
pub fn contact_of(db: &Path, code: &str) -> lianluo::model::Contact {
    let ds = open(db, true).load().expect("load");
    ds.contacts
        .into_iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no contact {code}"))
}

pub fn app_on(store: Store, lang: Lang) -> App {
    let keymap = keymap::load(None).expect("default keymap");
    App::new(store, lang, actor("alice"), true, keymap, as_of(), Theme::monochrome()).expect("app")
}

/// Press keys: `"5 / text:C00042 Enter r"`; `text:` types each character.
pub fn press(app: &mut App, keys: &str) {
    for token in keys.split(' ').filter(|t| !t.is_empty()) {
        if let Some(text) = token.strip_prefix("text:") {
            for c in text.chars() {
                app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            continue;
        }
        let key = Key::parse(token).unwrap_or_else(|| panic!("bad key {token}"));
        let mut mods = KeyModifiers::NONE;
        if key.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        app.handle_key(KeyEvent::new(key.code, mods));
    }
}

/// Draw the app at `w`×`h` and return the screen as text, one line per
/// row, trailing spaces trimmed.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    app.prepare(ratatui::layout::Rect::new(0, 0, w, h));
    term.draw(|f| views::draw(f, app)).expect("draw");
    buffer_text(term.backend().buffer())
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < area.width {
            let sym = buf.cell((x, y)).map(|c| c.symbol().to_string()).unwrap_or_default();
            let w = UnicodeWidthStr::width(sym.as_str()).max(1) as u16;
            line.push_str(&sym);
            x += w;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
