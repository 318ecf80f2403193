//! The TUI's state and its one-way flow: a key becomes an action (through
//! the keymap), the action updates the state (asking the store, coverage
//! or search), and the views draw the state. Views never call the store.

mod changes;
mod forms;
mod gaps;
mod keys;
mod loader;
mod lookup;
mod messages;
mod navigate;
mod overlay;
mod pickers;
mod router;

pub use lookup::{lookup_matches, resolve_lookup};
pub use overlay::{Change, FormPurpose, Overlay, PickPurpose, Seen};

use super::action::Action;
use super::data::{Derived, Snapshot, Table};
use super::keymap::{Context, Key, Keymap};
use super::pages;
use super::pick_lists::{self, PickSource, PICK_SHOWN};
use super::theme::Theme;
use super::views::{self, View};
use super::widgets::form::{Field, FieldKind, Form, LookupKind};
use super::widgets::input::{self, Edit};
use super::widgets::picker::{PickItem, Picker};
use super::widgets::table::{Row, TableState};
use crate::coverage::Fix;
use crate::i18n::{tr, Lang};
use crate::model::{
    allowed_moves, check_move, sanitize, Category, Kind, MoveError, MoveInput, Reception, Satisfaction, Status,
    Suggestion, SuggestionSource,
};
use crate::store::{Actor, OpenOptions, Store, StoreError, SuggestionScope, Versions};
use chrono::NaiveDate;
use loader::Arrival;
use lookup::{lookup_items, lookup_kind_of};
use messages::{illegal_text, move_error_text};
use pickers::note_shown;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use std::collections::HashSet;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A line for the status bar: what just happened, or why it did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// What a detail pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailKind {
    Cell,
    Deputy,
    Contact,
    Suggestion,
    Station,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub kind: DetailKind,
    pub code: String,
    pub scroll: u16,
}

/// The map's viewport and selection.
#[derive(Debug, Clone, PartialEq)]
pub struct MapState {
    /// The selected cell's code.
    pub selected: Option<String>,
    /// 1.0 shows the whole county; 2.0 half of it, …
    pub zoom: f64,
    /// Pan offset of the centre, as fractions of the county's extent.
    pub pan: (f64, f64),
}

impl Default for MapState {
    fn default() -> Self {
        MapState {
            selected: None,
            zoom: 1.0,
            pan: (0.0, 0.0),
        }
    }
}

pub struct App {
    store: Store,
    pub lang: Lang,
    pub actor: Actor,
    pub demo: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    pub snap: Snapshot,
    pub view: View,
    pub cells: TableState,
    pub deputies: TableState,
    pub contacts: TableState,
    pub suggestions: TableState,
    pub stations: TableState,
    pub gaps: TableState,
    pub map: MapState,
    pub overlays: Vec<Overlay>,
    /// `/` is being typed for the current view.
    pub filtering: bool,
    /// Where typing goes in the filter text (a char index).
    pub filter_cursor: usize,
    pub message: Option<Message>,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// The suggestion status and category filters (`f`, `c`).
    pub status_filter: Option<Status>,
    pub category_filter: Option<Category>,
    data_version: i64,
    last_check: Instant,
    /// Read snapshots on another thread (the real terminal) rather than
    /// in line (tests): the first frame is drawn before the heavy work.
    background: bool,
    /// A snapshot being read on another thread.
    pending: Option<Receiver<Result<Arrival, StoreError>>>,
    /// The work under way is the audit made again after a change (not a
    /// whole read): the status bar says "updating", not "reading".
    auditing: bool,
    /// Rows made with the last snapshot for a filtered or sorted view
    /// (see `pages::every_row`), until that view takes them.
    prebuilt: Option<(View, Vec<Row>)>,
    /// Another reload was asked for while one was under way.
    reload_again: bool,
    /// Tables whose rows wait to be built until their view is shown.
    stale: Vec<View>,
    /// Characters typed into a field, not yet put in (see `queue_key`).
    typed: String,
    /// The filter's old text is selected (just reopened): typing replaces it.
    pub filter_selected: bool,
    /// Ctrl-Z: the terminal gives the shell back until the program resumes.
    pub suspend: bool,
}

impl App {
    pub fn new(
        store: Store,
        lang: Lang,
        actor: Actor,
        demo: bool,
        keymap: Keymap,
        today: NaiveDate,
        theme: Theme,
    ) -> Result<App, StoreError> {
        let snap = Snapshot::load(&store, today, lang)?;
        let data_version = store.data_version()?;
        let mut app = App::assemble(store, lang, actor, demo, keymap, theme, snap, data_version, false);
        app.rebuild_rows();
        Ok(app)
    }

    /// The App for a real terminal: it starts empty and at once, reads the
    /// database on another thread (its own read-only connection), and
    /// fills in when that arrives (`tick`). Table rows are built when their
    /// view is first shown.
    pub fn start(
        store: Store,
        lang: Lang,
        actor: Actor,
        demo: bool,
        keymap: Keymap,
        today: NaiveDate,
        theme: Theme,
    ) -> Result<App, StoreError> {
        let data_version = store.data_version()?;
        let snap = Snapshot::from_dataset(crate::model::Dataset::default(), today, lang);
        let mut app = App::assemble(store, lang, actor, demo, keymap, theme, snap, data_version, true);
        app.reload();
        Ok(app)
    }

    /// The state both constructors start from: every view at its top, no
    /// overlay, the given snapshot. `background`: whether data arrives from
    /// another thread.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn assemble(
        store: Store,
        lang: Lang,
        actor: Actor,
        demo: bool,
        keymap: Keymap,
        theme: Theme,
        snap: Snapshot,
        data_version: i64,
        background: bool,
    ) -> App {
        App {
            store,
            lang,
            actor,
            demo,
            theme,
            keymap,
            snap,
            view: View::Overview,
            cells: TableState::paged(views::cells::columns()),
            deputies: TableState::paged(views::deputies::columns()),
            contacts: TableState::paged(views::contacts::columns()),
            suggestions: TableState::paged(views::suggestions::columns()),
            stations: TableState::new(views::stations::columns()),
            gaps: TableState::new(views::gaps::columns()),
            map: MapState::default(),
            overlays: Vec::new(),
            filtering: false,
            filter_cursor: 0,
            message: None,
            quit: false,
            dirty: true,
            status_filter: None,
            category_filter: None,
            data_version,
            last_check: Instant::now(),
            background,
            pending: None,
            prebuilt: None,
            auditing: false,
            reload_again: false,
            stale: Vec::new(),
            typed: String::new(),
            filter_selected: false,
            suspend: false,
        }
    }

    /// Whether work started in the background has not arrived yet.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Why changes are refused, in the operator's language (None: they are not).
    pub fn read_only(&self) -> Option<String> {
        self.store.read_only_words(self.lang)
    }

    pub(super) fn tr(&self, zh: &str, en: &str) -> String {
        tr(self.lang, zh, en).to_string()
    }

    pub fn say(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub fn warn(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// The table of the current view, if it has one.
    pub fn table_mut(&mut self) -> Option<&mut TableState> {
        self.table_of_mut(self.view)
    }

    pub(super) fn table_of_mut(&mut self, view: View) -> Option<&mut TableState> {
        match view {
            View::Cells => Some(&mut self.cells),
            View::Deputies => Some(&mut self.deputies),
            View::Contacts => Some(&mut self.contacts),
            View::Suggestions => Some(&mut self.suggestions),
            View::Stations => Some(&mut self.stations),
            View::Gaps => Some(&mut self.gaps),
            View::Overview | View::Map => None,
        }
    }

    pub fn table(&self) -> Option<&TableState> {
        self.table_of(self.view)
    }

    pub(super) fn table_of(&self, view: View) -> Option<&TableState> {
        match view {
            View::Cells => Some(&self.cells),
            View::Deputies => Some(&self.deputies),
            View::Contacts => Some(&self.contacts),
            View::Suggestions => Some(&self.suggestions),
            View::Stations => Some(&self.stations),
            View::Gaps => Some(&self.gaps),
            View::Overview | View::Map => None,
        }
    }

    /// The keymap context the next key is looked up in.
    pub fn context(&self) -> Context {
        if self.filtering {
            return Context::Filter;
        }
        match self.overlays.last() {
            Some(Overlay::Detail(_)) => Context::Detail,
            Some(Overlay::Picker { .. }) => Context::Picker,
            Some(Overlay::Confirm { .. }) => Context::Confirm,
            Some(Overlay::Form { .. }) => Context::Form,
            Some(Overlay::Help { .. }) => Context::Help,
            None => self.view.context(),
        }
    }
}
