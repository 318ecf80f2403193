//! The TUI's state and its one-way flow: a key becomes an action (through
//! the keymap), the action updates the state (asking the store, coverage
//! or search), and the views draw the state. Views never call the store.

mod changes;
mod forms;
mod frame;
mod gaps;
mod keys;
mod loader;
mod lookup;
mod navigate;
mod overlay;
mod people;
mod pickers;
mod records;
mod report;
mod rota;
mod router;

pub use lookup::{lookup_matches, resolve_lookup};
pub use overlay::{Change, FormPurpose, Overlay, PickPurpose, Seen};

use super::action::Action;
use super::data::{Snapshot, Table};
use super::keymap::{Context, Key, Keymap};
use super::pages;
use super::pick_lists::{self, PickSource, PICK_SHOWN};
use super::theme::Theme;
use super::views::{self, View};
use super::widgets::form::{Field, FieldKind, Form, LookupKind};
use super::widgets::input::{self, Edit};
use super::widgets::picker::{PickItem, Picker};
use super::widgets::table::{Row, TableState};
use super::widgets::{self, Outcome};
use crate::coverage::Fix;
use crate::i18n::{tr, Lang};
use crate::model::{
    allowed_moves, sanitize, Category, Kind, MoveInput, Reception, Satisfaction, Status, Suggestion, SuggestionSource,
};
use crate::store::{Actor, Store, StoreError, SuggestionScope, Versions};
use chrono::NaiveDate;
use loader::Loader;
use lookup::{lookup_items, lookup_kind_of};
use pickers::note_shown;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
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
    /// A station's rota slot under the cursor (by its place in the list):
    /// Up and Down move it there instead of scrolling.
    pub cursor: usize,
    /// The rows around the thing shown (its suggestions, receptions, rota
    /// slots, activities of the year), read from the database…
    pub rows: Arc<crate::model::Dataset>,
    /// …at this generation (see `App::generation`): read again before a
    /// frame when the database has changed since.
    pub read_at: u64,
}

impl DetailKind {
    /// What the store reads around the thing a detail shows.
    pub fn around(self) -> crate::store::Around {
        use crate::store::Around;
        match self {
            DetailKind::Cell => Around::Cell,
            DetailKind::Deputy => Around::Deputy,
            DetailKind::Contact => Around::Contact,
            DetailKind::Suggestion => Around::Suggestion,
            DetailKind::Station => Around::Station,
        }
    }
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

/// The TUI's state: what the operator sees and what is on its way. Each
/// concern's state is one field (the tables, the typing, the reading),
/// and its behaviour a file of this folder.
pub struct App {
    store: Store,
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub session: Session,
    /// Shared with the thread that makes a filtered view's rows after it
    /// (see `loader.rs`), never changed in place.
    pub snap: Arc<Snapshot>,
    pub view: View,
    pub tables: Tables,
    pub map: MapState,
    pub overlays: Vec<Overlay>,
    pub message: Option<Message>,
    /// The suggestion status and category filters (`f`, `c`).
    pub query: SuggestionQuery,
    pub typing: Typing,
    loader: Loader,
    pub wants: Wants,
}

/// Who works, and on what.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    /// The database holds the demo county (the status bar says so).
    pub demo: bool,
}

/// The tables of the seven table views.
pub struct Tables {
    pub cells: TableState,
    pub deputies: TableState,
    pub contacts: TableState,
    pub suggestions: TableState,
    pub stations: TableState,
    pub gaps: TableState,
    pub units: TableState,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            cells: TableState::paged(views::cells::columns()),
            deputies: TableState::paged(views::deputies::columns()),
            contacts: TableState::paged(views::contacts::columns()),
            suggestions: TableState::paged(views::suggestions::columns()),
            stations: TableState::new(views::stations::columns()),
            gaps: TableState::new(views::gaps::columns()),
            units: TableState::new(views::units::columns()),
        }
    }

    /// A view's table, if it has one.
    pub fn of(&self, view: View) -> Option<&TableState> {
        match view {
            View::Cells => Some(&self.cells),
            View::Deputies => Some(&self.deputies),
            View::Contacts => Some(&self.contacts),
            View::Suggestions => Some(&self.suggestions),
            View::Stations => Some(&self.stations),
            View::Gaps => Some(&self.gaps),
            View::Units => Some(&self.units),
            View::Overview | View::Map => None,
        }
    }

    pub fn of_mut(&mut self, view: View) -> Option<&mut TableState> {
        match view {
            View::Cells => Some(&mut self.cells),
            View::Deputies => Some(&mut self.deputies),
            View::Contacts => Some(&mut self.contacts),
            View::Suggestions => Some(&mut self.suggestions),
            View::Stations => Some(&mut self.stations),
            View::Gaps => Some(&mut self.gaps),
            View::Units => Some(&mut self.units),
            View::Overview | View::Map => None,
        }
    }

    fn all_mut(&mut self) -> [&mut TableState; 7] {
        [
            &mut self.cells,
            &mut self.deputies,
            &mut self.contacts,
            &mut self.suggestions,
            &mut self.stations,
            &mut self.gaps,
            &mut self.units,
        ]
    }
}

/// The Suggestions view's status, category and unit filters: the store is
/// asked for the rows they let through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuggestionQuery {
    pub status: Option<Status>,
    pub category: Option<Category>,
    /// Only those on the reminder list (SPEC §10's due soon): the rows'
    /// tag, not the store's scope, lets them through.
    pub due_soon: bool,
    /// Only those this unit handles (主办, as the Units view counts them).
    pub unit: Option<String>,
}

impl SuggestionQuery {
    fn scope(&self) -> SuggestionScope<'_> {
        SuggestionScope {
            status: self.status,
            category: self.category,
            unit: self.unit.as_deref(),
        }
    }
}

/// The `/` filter line being typed, and keys gathered for a text field.
#[derive(Debug, Clone, Default)]
pub struct Typing {
    /// `/` is being typed for the current view.
    pub filtering: bool,
    /// Where typing goes in the filter text (a char index).
    pub filter_cursor: usize,
    /// The filter's old text is selected (just reopened): typing replaces it.
    pub filter_selected: bool,
    /// Characters typed into a field, not yet put in (see `queue_key`).
    typed: String,
}

/// What the terminal's loop is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Wants {
    pub quit: bool,
    /// Ctrl-Z: the terminal gives the shell back until the program resumes.
    pub suspend: bool,
    /// Something changed since the last frame.
    pub redraw: bool,
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
        let empty = Arc::new(Snapshot::empty(today, lang));
        let mut app = App::assemble(store, lang, actor, demo, keymap, theme, empty, data_version, false);
        app.loader.audit_seen = snap.audit_id;
        app.take_snapshot(Arc::new(snap));
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
        let snap = Arc::new(Snapshot::empty(today, lang));
        let audit_seen = store.last_audit_id()?;
        let mut app = App::assemble(store, lang, actor, demo, keymap, theme, snap, data_version, true);
        app.loader.audit_seen = audit_seen;
        app.read_snapshot();
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
        snap: Arc<Snapshot>,
        data_version: i64,
        background: bool,
    ) -> App {
        App {
            store,
            lang,
            theme,
            keymap,
            session: Session { actor, demo },
            snap,
            view: View::Overview,
            tables: Tables::new(),
            map: MapState::default(),
            overlays: Vec::new(),
            message: None,
            query: SuggestionQuery::default(),
            typing: Typing::default(),
            loader: Loader::new(data_version, background),
            wants: Wants {
                redraw: true,
                ..Wants::default()
            },
        }
    }

    /// The database the TUI reads and writes.
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

    pub(super) fn say(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub fn warn(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// The table of the current view, if it has one.
    pub(super) fn table_mut(&mut self) -> Option<&mut TableState> {
        self.table_of_mut(self.view)
    }

    pub(super) fn table_of_mut(&mut self, view: View) -> Option<&mut TableState> {
        self.tables.of_mut(view)
    }

    pub fn table(&self) -> Option<&TableState> {
        self.table_of(self.view)
    }

    pub(super) fn table_of(&self, view: View) -> Option<&TableState> {
        self.tables.of(view)
    }

    /// The keymap context the next key is looked up in.
    pub fn context(&self) -> Context {
        if self.typing.filtering {
            return Context::Filter;
        }
        match self.overlays.last() {
            Some(Overlay::Detail(_)) => Context::Detail,
            Some(Overlay::Picker { .. }) => Context::Picker,
            Some(Overlay::Confirm { .. }) => Context::Confirm,
            Some(Overlay::Form { .. }) => Context::Form,
            Some(Overlay::Help { .. } | Overlay::History { .. }) => Context::Help,
            None => self.view.context(),
        }
    }
}
