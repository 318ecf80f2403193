//! The TUI's state and its one-way flow: a key becomes an action (through
//! the keymap), the action updates the state (asking the store, coverage
//! or search), and the views draw the state. Views never call the store.

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
use crate::store::Versions;
use crate::store::{Actor, OpenOptions, Store, StoreError, SuggestionScope};
use chrono::NaiveDate;
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

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickPurpose {
    /// Reassign these contacts to the chosen deputy.
    ReassignTo(Vec<String>),
    /// Move this contact to the chosen cell.
    MoveToCell(String),
    /// Hand every contact of this deputy to the chosen one.
    HandoverTo(String),
    /// Assign the chosen deputy to this cell.
    AssignDeputy(String),
    /// Link the chosen contact to this deputy.
    ContactForDeputy(String),
    /// Move the chosen contact into this cell.
    ContactIntoCell(String),
    /// Move this suggestion to the chosen status.
    AdvanceTo(String),
    /// Global lookup: jump to the chosen thing.
    Lookup,
    /// Open the chosen cell (one of a deputy's).
    OpenCell,
    /// Fill the form field of this key (beneath) with the chosen record.
    FillField(&'static str),
    /// Sort the view's table by the chosen column.
    SortBy,
}

/// The versions of the rows a change will touch, as they were when the
/// first overlay of that change opened: what the operator decided on
/// (SPEC §7). Carried from picker to confirmation to form and checked by
/// the store, so a background refresh under an open overlay never turns
/// another operator's change into one that is silently overwritten.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub contacts: Versions,
    pub suggestions: Versions,
    /// A reception's constituents as stored when the operator chose to
    /// replace them (None: none was stored).
    pub reception: Option<Option<i64>>,
}

impl Seen {
    fn contacts(versions: Versions) -> Seen {
        Seen {
            contacts: versions,
            ..Default::default()
        }
    }
}

/// A change waiting for the operator's yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Reassign {
        contacts: Vec<String>,
        deputy: String,
    },
    Move {
        contact: String,
        cell: String,
    },
    Handover {
        from: String,
        to: String,
    },
    Assign {
        deputy: String,
        cell: String,
    },
    Advance {
        code: String,
        to: Status,
    },
    /// Record a reception that replaces one already stored.
    Reception(Reception),
    /// Quit, dropping a form that was typed into.
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    AddSuggestion,
    Advance { code: String, to: Status },
    Reception { station: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Detail(Detail),
    Picker {
        picker: Picker,
        purpose: PickPurpose,
        source: PickSource,
        seen: Seen,
    },
    Confirm {
        text: String,
        change: Change,
        seen: Seen,
    },
    Form {
        form: Form,
        purpose: FormPurpose,
        seen: Seen,
    },
    Help {
        scroll: u16,
    },
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

/// What the reading thread sends: the snapshot, and the rows of the view
/// that was filtered or sorted when it started (see `App::prebuilt`).
struct Loaded {
    snap: Snapshot,
    rows: Option<(View, Vec<Row>)>,
}

/// What work on another thread brings back.
enum Arrival {
    /// Everything read again.
    Full(Box<Loaded>),
    /// The audit made again of the rows as patched (see `App::refresh`).
    Audit(Box<Derived>),
}

/// Changes followed row by row at most; past that, everything is read again.
const PATCH_LIMIT: usize = 5_000;

/// Contacts and suggestions past which a snapshot is let go before a new
/// one is read (a county has 3,000; a province 400,000).
const LARGE_SNAPSHOT_ROWS: usize = 50_000;

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
    fn assemble(
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

    /// Whether a snapshot is being read on another thread.
    pub fn loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the audit is being made again after a change (see `refresh`).
    pub fn updating(&self) -> bool {
        self.pending.is_some() && self.auditing
    }

    /// Read the database on another thread; `tick` takes the result.
    fn reload_in_background(&mut self) {
        if self.pending.is_some() {
            self.reload_again = true;
            return;
        }
        // Read the version first: a change landing during the read shows as
        // a newer version at the next check and reads again.
        if let Ok(v) = self.store.data_version() {
            self.data_version = v;
        }
        let (path, today, lang) = (self.store.path().to_path_buf(), self.snap.today, self.lang);
        // A view filtered or sorted now will want every row with the new snapshot.
        let view = self.view;
        let filtered = self.table().is_some_and(TableState::has_corpus);
        // A province's snapshot is 200 MB: reading a new one beside it
        // would pass SPEC §8's 400 MB. It goes first; the views read from
        // the database keep working, the others say they are reading.
        if self.snap.ds.contacts.len() + self.snap.ds.suggestions.len() > LARGE_SNAPSHOT_ROWS {
            self.snap = Snapshot::from_dataset(crate::model::Dataset::default(), today, lang);
            self.set_loading(true);
            self.rebuild_rows();
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("lianluo-load".into()).spawn(move || {
            let opts = OpenOptions {
                read_only: true,
                create: false,
            };
            let loaded = Store::open(&path, opts).and_then(|store| {
                let snap = Snapshot::load(&store, today, lang)?;
                let rows = match filtered {
                    true => pages::every_row(view, &store, &snap, lang).transpose()?,
                    false => None,
                };
                Ok(Arrival::Full(Box::new(Loaded {
                    snap,
                    rows: rows.map(|r| (view, r)),
                })))
            });
            let _ = tx.send(loaded);
        });
        match spawned {
            Ok(_) => {
                self.pending = Some(rx);
                self.auditing = false;
                self.set_loading(true);
            }
            Err(e) => self.warn(format!(
                "{}: {e}",
                self.tr("读取数据库失败", "cannot read the database")
            )),
        }
    }

    /// Tell the tables whether data is on its way (they say so when empty).
    fn set_loading(&mut self, on: bool) {
        for t in [
            &mut self.cells,
            &mut self.deputies,
            &mut self.contacts,
            &mut self.suggestions,
            &mut self.stations,
            &mut self.gaps,
        ] {
            t.loading = on;
        }
    }

    /// Take a snapshot read in the background, if it has arrived.
    fn take_pending(&mut self) {
        let Some(rx) = &self.pending else { return };
        let got = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(StoreError::Refused("the reading thread stopped".into())),
        };
        self.pending = None;
        self.auditing = false;
        self.set_loading(false);
        match got {
            Ok(Arrival::Full(loaded)) => {
                self.snap = loaded.snap;
                self.prebuilt = loaded.rows;
                self.rebuild_rows();
            }
            Ok(Arrival::Audit(derived)) => self.take_derived(*derived),
            Err(e) => self.warn(format!(
                "{}: {e}",
                self.tr("读取数据库失败", "cannot read the database")
            )),
        }
        self.dirty = true;
        if std::mem::take(&mut self.reload_again) {
            self.refresh();
        }
    }

    /// Follow what changed in the database since the snapshot was read:
    /// the rows the audit log names are read again and put in place, and
    /// the audit made again of them (on another thread in a real terminal:
    /// a second at province; the views show the old marks meanwhile).
    /// Everything is read again when the changes cannot be followed row by
    /// row (an import, a setting, thousands of rows).
    pub fn refresh(&mut self) {
        if self.pending.is_some() {
            self.reload_again = true;
            return;
        }
        if let Ok(v) = self.store.data_version() {
            self.data_version = v;
        }
        let patched = match self.snap.patch(&self.store, PATCH_LIMIT) {
            // Nothing written since: nothing to make again.
            Ok(Some(p)) if p.entries == 0 => return,
            Ok(Some(p)) => p,
            Ok(None) => return self.reload(),
            Err(e) => return self.store_error(e),
        };
        // The rows the views read from the database show the change now.
        for (view, codes) in [
            (View::Contacts, &patched.contacts),
            (View::Suggestions, &patched.suggestions),
        ] {
            if !codes.is_empty() {
                self.rows_changed(view, codes);
            }
        }
        let (ds, index, today) = (
            Arc::clone(&self.snap.ds),
            Arc::clone(&self.snap.cells_index),
            self.snap.today,
        );
        if !self.background {
            let derived = Derived::compute(&ds, &index, today);
            drop((ds, index));
            return self.take_derived(derived);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("lianluo-audit".into()).spawn(move || {
            let derived = Derived::compute(&ds, &index, today);
            // The rows are the operator's thread's alone again before it
            // hears of this: it patches them in place.
            drop((ds, index));
            let _ = tx.send(Ok(Arrival::Audit(Box::new(derived))));
        });
        match spawned {
            Ok(_) => {
                self.pending = Some(rx);
                self.auditing = true;
                self.set_loading(true);
            }
            Err(_) => self.reload(),
        }
        self.fill_window(self.view);
        self.dirty = true;
    }

    /// The audit made again after a patch: every view's marks and counts
    /// follow; the cursors stay on their codes.
    fn take_derived(&mut self, derived: Derived) {
        // The contacts and suggestions whose marks (gaps, overdue) moved:
        // a finding of theirs came or went.
        let marked = |findings: &[crate::coverage::Finding], kind: Kind| -> HashSet<(String, &'static str)> {
            findings
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| (f.code.clone(), f.rule))
                .collect()
        };
        let moved = |kind: Kind| -> Vec<String> {
            let (before, after) = (marked(&self.snap.findings, kind), marked(&derived.findings, kind));
            let codes: std::collections::BTreeSet<String> =
                before.symmetric_difference(&after).map(|(c, _)| c.clone()).collect();
            codes.into_iter().collect()
        };
        let (contacts, suggestions) = (moved(Kind::Contact), moved(Kind::Suggestion));
        self.snap.set_derived(derived);
        // Rows made from the summaries and findings are made again; those
        // read from the database keep what a filter holds, with the rows
        // whose marks moved made again (the rest of their text is the
        // same: rows changed were read again when they were patched).
        for view in [View::Cells, View::Deputies, View::Stations, View::Gaps] {
            if !self.stale.contains(&view) {
                self.stale.push(view);
            }
        }
        self.rows_changed(View::Contacts, &contacts);
        self.rows_changed(View::Suggestions, &suggestions);
        self.ensure_rows(self.view);
        self.fill_window(self.view);
        self.dirty = true;
    }

    /// These rows of a paged view changed: read them again (see
    /// `pages::rows_changed`); on an error, everything is read again.
    fn rows_changed(&mut self, view: View, codes: &[String]) {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let table = match view {
            View::Contacts => &mut self.contacts,
            View::Suggestions => &mut self.suggestions,
            _ => return,
        };
        if let Err(e) = pages::rows_changed(view, table, &codes, &self.store, &self.snap, self.lang) {
            table.data_changed();
            self.store_error(e);
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

    fn tr(&self, zh: &str, en: &str) -> String {
        tr(self.lang, zh, en).to_string()
    }

    pub fn say(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub fn warn(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// Read everything again and redraw in place, cursors on the same codes.
    pub fn reload(&mut self) {
        if self.background {
            return self.reload_in_background();
        }
        self.reload_now();
    }

    /// Read everything again on this thread (after the operator's own
    /// change: the next action must see it).
    fn reload_now(&mut self) {
        // A read under way started before this one: it would bring older data.
        self.pending = None;
        self.auditing = false;
        self.set_loading(false);
        match Snapshot::load(&self.store, self.snap.today, self.lang) {
            Ok(snap) => {
                self.snap = snap;
                self.rebuild_rows();
            }
            Err(e) => self.warn(format!(
                "{}: {e}",
                self.tr("读取数据库失败", "cannot read the database")
            )),
        }
        if let Ok(v) = self.store.data_version() {
            self.data_version = v;
        }
        self.dirty = true;
    }

    /// The snapshot changed: rebuild the tables' rows (in the background
    /// mode, the current view's now and the others' when first shown).
    fn rebuild_rows(&mut self) {
        self.stale = View::ALL.to_vec();
        if self.background {
            self.ensure_rows(self.view);
        } else {
            for v in View::ALL {
                self.ensure_rows(v);
            }
        }
        // (An empty snapshot is one being read again: the selection waits.)
        if !self.snap.ds.cells.is_empty() && self.map.selected.as_ref().is_none_or(|c| self.snap.cell(c).is_none()) {
            self.map.selected = self.snap.ds.cells.first().map(|c| c.code.to_string());
        }
    }

    /// Build a view's table rows if the snapshot changed since they were built.
    pub fn ensure_rows(&mut self, view: View) {
        let Some(at) = self.stale.iter().position(|v| *v == view) else {
            return;
        };
        self.stale.swap_remove(at);
        let prebuilt = self.prebuilt.take_if(|(v, _)| *v == view).map(|(_, rows)| rows);
        let (snap, lang) = (&self.snap, self.lang);
        match view {
            View::Cells | View::Deputies | View::Contacts | View::Suggestions => {
                if let Some(table) = self.table_of_mut(view) {
                    table.data_changed();
                    if let Some(rows) = prebuilt {
                        table.set_corpus(rows);
                    }
                }
            }
            View::Stations => self.stations.set_rows(views::stations::rows(snap, lang)),
            View::Gaps => self.gaps.set_rows(views::gaps::rows(snap, lang)),
            View::Overview | View::Map => {}
        }
        self.fill_window(view);
    }

    /// Make a paged view (Contacts, Suggestions, Cells, Deputies) ready to draw: its keys
    /// following its filter, sort and data, its window holding the rows
    /// shown. Cheap when nothing changed: called after every key and
    /// before every draw.
    pub fn fill_window(&mut self, view: View) {
        let scope = SuggestionScope {
            status: self.status_filter,
            category: self.category_filter,
        };
        let table = match view {
            View::Contacts => &mut self.contacts,
            View::Suggestions => &mut self.suggestions,
            View::Cells => &mut self.cells,
            View::Deputies => &mut self.deputies,
            _ => return,
        };
        if let Err(e) = pages::fill(view, table, scope, &self.store, &self.snap, self.lang) {
            table.set_keys(Vec::new());
            self.store_error(e);
        }
    }

    /// About once a second: when another operator changed the database,
    /// reload and refresh in place. Also takes a snapshot read in the
    /// background as soon as it is there.
    pub fn tick(&mut self) {
        self.take_pending();
        if self.last_check.elapsed() < Duration::from_millis(900) {
            return;
        }
        self.last_check = Instant::now();
        if let Ok(v) = self.store.data_version() {
            if v != self.data_version {
                self.refresh();
            }
        }
    }

    /// The table of the current view, if it has one.
    pub fn table_mut(&mut self) -> Option<&mut TableState> {
        self.table_of_mut(self.view)
    }

    fn table_of_mut(&mut self, view: View) -> Option<&mut TableState> {
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

    fn table_of(&self, view: View) -> Option<&TableState> {
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

    /// One key from the terminal. Only presses count.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        self.queue_key(ev);
        self.flush_typing();
    }

    /// One key of several read at once (the terminal drains the tty, then
    /// calls [`App::flush_typing`]): characters typed into a text field
    /// are gathered and go in as one edit, so a burst of thousands of keys
    /// narrows a filter or searches once, not once a key.
    pub fn queue_key(&mut self, ev: KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        self.dirty = true;
        let key = Key::from_event(&ev);
        if key.ctrl && key.code == KeyCode::Char('c') {
            self.flush_typing();
            return self.interrupt();
        }
        if key.ctrl && key.code == KeyCode::Char('z') {
            self.flush_typing();
            self.suspend = true;
            return;
        }
        let ctx = self.context();
        let action = match ctx {
            Context::Detail => self
                .keymap
                .lookup(Context::Detail, key)
                .or_else(|| self.keymap.lookup(self.view.context(), key))
                .or_else(|| self.keymap.lookup(Context::Global, key)),
            Context::Filter | Context::Picker | Context::Form | Context::Confirm | Context::Help => {
                self.keymap.lookup(ctx, key)
            }
            _ => self
                .keymap
                .lookup(ctx, key)
                .or_else(|| self.keymap.lookup(Context::Global, key)),
        };
        if action.is_none() && matches!(ctx, Context::Filter | Context::Picker | Context::Form) {
            if let Some(Edit::Insert(c)) = text_edit(key) {
                self.typed.push(c);
                return;
            }
        }
        self.flush_typing();
        // What the last key said is gone once the operator acts again (it
        // would sit under the next form as if about it).
        if action.is_some() {
            self.message = None;
        }
        match action {
            Some(a) => self.dispatch(a),
            None => self.text_input(ctx, key),
        }
        self.fill_window(self.view);
    }

    /// Ctrl-C: quit, but first ask when a form holds what was typed (a
    /// second Ctrl-C, at the question, quits).
    fn interrupt(&mut self) {
        let typed_into_form = self
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Form { form, .. } if form.touched()));
        let asking = matches!(
            self.overlays.last(),
            Some(Overlay::Confirm {
                change: Change::Quit,
                ..
            })
        );
        if typed_into_form && !asking {
            let text = self.tr(
                "表单尚未保存：放弃并退出？y/n",
                "The form is not saved: discard it and quit? y/n",
            );
            return self.push_confirm(text, Change::Quit, Seen::default());
        }
        self.quit = true;
    }

    /// The characters gathered by [`App::queue_key`] go into the field.
    pub fn flush_typing(&mut self) {
        if self.typed.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.typed);
        let ctx = self.context();
        self.edit_text(ctx, Edit::Paste(text));
        self.fill_window(self.view);
    }

    /// Keys bound to nothing: text for filters, pickers and forms. Typed
    /// characters (pasted Chinese too: they arrive as keys) go in at the
    /// cursor; Left/Right/Home/End move it; Backspace/Delete edit at it.
    fn text_input(&mut self, ctx: Context, key: Key) {
        let Some(e) = text_edit(key) else { return };
        self.edit_text(ctx, e);
    }

    /// A paste (the terminal's bracketed paste): one edit of whatever is
    /// being typed into — the lookup, a filter, a picker, a form field.
    /// Elsewhere it is dropped rather than read as a stream of view keys.
    pub fn paste(&mut self, text: &str) {
        self.flush_typing();
        self.dirty = true;
        match self.context() {
            ctx @ (Context::Filter | Context::Picker | Context::Form) => {
                self.edit_text(ctx, Edit::Paste(text.to_string()));
                self.fill_window(self.view);
            }
            _ => self.say(self.tr(
                "粘贴只用于输入框（查找、筛选、表单）",
                "Paste goes into a text field (lookup, filter, form)",
            )),
        }
    }

    fn edit_text(&mut self, ctx: Context, e: Edit) {
        match ctx {
            Context::Filter => {
                let mut cursor = self.filter_cursor;
                let replace = std::mem::take(&mut self.filter_selected);
                let Some(t) = self.table_mut() else { return };
                let mut text = t.filter.clone();
                if replace && matches!(e, Edit::Insert(_) | Edit::Paste(_) | Edit::Backspace | Edit::Delete) {
                    text.clear();
                    cursor = 0;
                    if matches!(e, Edit::Backspace | Edit::Delete) {
                        t.set_filter("");
                        self.filter_cursor = 0;
                        return;
                    }
                }
                if input::edit(&mut text, &mut cursor, e) {
                    t.set_filter(&text);
                    t.top();
                }
                self.filter_cursor = cursor;
            }
            Context::Picker => {
                let Some(Overlay::Picker {
                    picker, source, seen, ..
                }) = self.overlays.last_mut()
                else {
                    return;
                };
                if !picker.edit(e) {
                    return;
                }
                // (The search reads a query's first 200 characters itself.)
                if *source == PickSource::Lookup {
                    let (items, matches) = lookup_items(&self.snap, self.lang, picker.query());
                    picker.set_narrowed(items, matches, matches);
                } else if let Some(n) = pick_lists::narrow(&self.snap, self.lang, source, picker.query()) {
                    picker.set_narrowed(n.items, n.matches, n.total);
                    note_shown(&self.snap, source, picker, seen);
                }
            }
            Context::Form => {
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return;
                };
                if !form.edit(e) {
                    return;
                }
                form.error = None;
                let snap = &self.snap;
                for field in &mut form.fields {
                    if let FieldKind::Lookup(kind) = field.kind {
                        field.matches = lookup_matches(snap, kind, &field.value, PICK_SHOWN);
                        field.resolved = match field.matches.as_slice() {
                            [one] => Some(one.clone()),
                            _ => None,
                        };
                    }
                }
            }
            _ => {}
        }
    }

    /// Carry out one action.
    pub fn dispatch(&mut self, action: Action) {
        if action.writes() && self.loading() && self.snap.ds.cells.is_empty() {
            return self.say(self.tr("正在读取数据，请稍候", "Still reading the data: a moment, please"));
        }
        if action.writes() {
            if let Some(why) = self.read_only() {
                let text = format!(
                    "{}: {} ({why})",
                    self.tr("只读模式", "Read-only"),
                    action.about(self.lang)
                );
                self.warn(text);
                return;
            }
        }
        match self.context() {
            Context::Filter => return self.filter_action(action),
            Context::Picker => return self.picker_action(action),
            Context::Confirm => return self.confirm_action(action),
            Context::Form => return self.form_action(action),
            Context::Help => return self.help_action(action),
            _ => {}
        }
        use Action::*;
        match action {
            Quit => self.quit = true,
            Help => self.overlays.push(Overlay::Help { scroll: 0 }),
            ViewOverview => self.switch(View::Overview),
            ViewCells => self.switch(View::Cells),
            ViewMap => self.switch(View::Map),
            ViewDeputies => self.switch(View::Deputies),
            ViewContacts => self.switch(View::Contacts),
            ViewSuggestions => self.switch(View::Suggestions),
            ViewStations => self.switch(View::Stations),
            ViewGaps => self.switch(View::Gaps),
            LookupOpen => {
                let title = self.tr(
                    "全局查找：网格、村居、代表、联络员、联络站",
                    "Lookup: cells, villages, people, stations",
                );
                let mut picker = Picker::new(title, Vec::new());
                picker.show_all();
                self.overlays.push(Overlay::Picker {
                    picker,
                    purpose: PickPurpose::Lookup,
                    source: PickSource::Lookup,
                    seen: Seen::default(),
                });
            }
            FilterOpen => {
                if let Some(n) = self
                    .table()
                    .filter(|_| !self.in_detail())
                    .map(|t| t.filter.chars().count())
                {
                    self.filtering = true;
                    self.filter_cursor = n;
                    // The old text is selected: typing replaces it.
                    self.filter_selected = n > 0;
                } else {
                    self.say(self.tr(
                        "此视图没有筛选；按 2 看网格表",
                        "No filter here; 2 shows the cells table",
                    ));
                }
            }
            Undo => self.undo(),
            Refresh => {
                // What changed is followed (everything is read again only
                // when it must be): the same data as a full read, proven
                // in tests/tui_refresh.rs, without a second copy of it.
                self.refresh();
                self.say(self.tr("已重新读取", "Reloaded"));
            }
            MoveUp | MoveDown | MoveLeft | MoveRight | PageUp | PageDown | MoveTop | MoveBottom => {
                self.movement(action)
            }
            Open => self.open(),
            OpenCell => self.open_cell_of_detail(),
            Back => self.back(),
            SelectToggle => {
                if let Some(t) = self.table_mut() {
                    t.toggle_selected();
                    t.move_by(1);
                }
            }
            SelectClear => {
                if let Some(t) = self.table_mut() {
                    t.selected.clear();
                }
            }
            SortNext => {
                if let Some(t) = self.table_mut() {
                    t.sort_next();
                }
            }
            SortReverse => {
                if let Some(t) = self.table_mut() {
                    t.sort_reverse();
                }
            }
            SortPick => self.start_sort_pick(),
            ContactsReassign => {
                let targets = self.contact_targets();
                self.start_reassign(targets);
            }
            ContactsMove => {
                let targets = self.contact_targets();
                self.start_move(targets);
            }
            CellsAssign => {
                if let Some(cell) = self.current_cell() {
                    self.start_assign(cell);
                }
            }
            DeputiesHandover => {
                if let Some(d) = self.current_deputy() {
                    self.start_handover(d);
                }
            }
            SuggestionsAdd => {
                let cell = self.current_cell();
                self.start_add_suggestion(cell);
            }
            SuggestionsAdvance => match self.current_suggestion() {
                Some(code) => self.start_advance(code),
                None => self.say(self.tr("请先选中一条意见建议", "Put the cursor on a suggestion first")),
            },
            SuggestionsFilterStatus => {
                self.status_filter = cycle(Status::ALL, self.status_filter);
                self.apply_suggestion_tags();
            }
            SuggestionsFilterCategory => {
                self.category_filter = cycle(Category::ALL, self.category_filter);
                self.apply_suggestion_tags();
            }
            StationsRecord => {
                let station = self.current_code_of(View::Stations, DetailKind::Station);
                match station {
                    Some(s) => self.start_reception(s, None),
                    None => self.say(self.tr("请先选中一个联络站", "Put the cursor on a station first")),
                }
            }
            GapsFix => self.fix_gap(),
            MapZoomIn => self.map.zoom = (self.map.zoom * 1.5).min(64.0),
            MapZoomOut => self.map.zoom = (self.map.zoom / 1.5).max(1.0),
            MapPanLeft => self.map.pan_by(&self.snap, -0.15, 0.0),
            MapPanRight => self.map.pan_by(&self.snap, 0.15, 0.0),
            MapPanUp => self.map.pan_by(&self.snap, 0.0, 0.15),
            MapPanDown => self.map.pan_by(&self.snap, 0.0, -0.15),
            MapReset => {
                self.map = MapState {
                    selected: self.map.selected.clone(),
                    ..MapState::default()
                }
            }
            FormNext | FormPrev | FormChoiceNext | FormChoicePrev | ConfirmYes | ConfirmNo => {}
        }
    }

    fn in_detail(&self) -> bool {
        matches!(self.overlays.last(), Some(Overlay::Detail(_)))
    }

    fn switch(&mut self, view: View) {
        self.overlays.clear();
        self.filtering = false;
        self.view = view;
        // The rows a filter or sort keeps are for the view shown: one at a time.
        for other in View::ALL.into_iter().filter(|v| *v != view) {
            if let Some(t) = self.table_of_mut(other) {
                t.drop_corpus();
            }
        }
        self.ensure_rows(view);
    }

    fn movement(&mut self, action: Action) {
        use Action::*;
        if let Some(Overlay::Detail(d)) = self.overlays.last_mut() {
            d.scroll = match action {
                MoveUp => d.scroll.saturating_sub(1),
                MoveDown => d.scroll.saturating_add(1),
                PageUp => d.scroll.saturating_sub(10),
                PageDown => d.scroll.saturating_add(10),
                MoveTop => 0,
                _ => d.scroll,
            };
            return;
        }
        if self.view == View::Map {
            let dir = match action {
                MoveUp => Some((0.0, 1.0)),
                MoveDown => Some((0.0, -1.0)),
                MoveLeft => Some((-1.0, 0.0)),
                MoveRight => Some((1.0, 0.0)),
                _ => None,
            };
            if let Some(dir) = dir {
                if let Some(next) = views::map::neighbour(&self.snap, self.map.selected.as_deref(), dir) {
                    self.map.selected = Some(next);
                }
            }
            return;
        }
        let Some(t) = self.table_mut() else { return };
        let page = t.page.max(1) as isize;
        match action {
            MoveUp => t.move_by(-1),
            MoveDown => t.move_by(1),
            PageUp => t.move_by(-page),
            PageDown => t.move_by(page),
            MoveTop => t.top(),
            MoveBottom => t.bottom(),
            MoveLeft => t.scroll_columns(-1),
            MoveRight => t.scroll_columns(1),
            _ => {}
        }
    }

    fn filter_action(&mut self, action: Action) {
        self.filter_selected = false;
        match action {
            Action::Open => {
                self.filtering = false;
                if self.view == View::Gaps {
                    self.off_gap_header();
                }
            }
            Action::Back => {
                self.filtering = false;
                if let Some(t) = self.table_mut() {
                    t.set_filter("");
                }
            }
            _ => {}
        }
    }

    fn help_action(&mut self, action: Action) {
        let Some(Overlay::Help { scroll }) = self.overlays.last_mut() else {
            return;
        };
        match action {
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::MoveDown => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::Back | Action::Help | Action::Quit => {
                self.overlays.pop();
            }
            _ => {}
        }
    }

    /// Enter: open the thing under the cursor.
    fn open(&mut self) {
        if self.in_detail() {
            return self.open_cell_of_detail();
        }
        let detail = match self.view {
            View::Overview => None,
            View::Map => self.map.selected.clone().map(|c| (DetailKind::Cell, c)),
            View::Cells => self.cells.current_code().map(|c| (DetailKind::Cell, c.to_string())),
            View::Deputies => self
                .deputies
                .current_code()
                .map(|c| (DetailKind::Deputy, c.to_string())),
            View::Contacts => self
                .contacts
                .current_code()
                .map(|c| (DetailKind::Contact, c.to_string())),
            View::Suggestions => self
                .suggestions
                .current_code()
                .map(|c| (DetailKind::Suggestion, c.to_string())),
            View::Stations => self
                .stations
                .current_code()
                .map(|c| (DetailKind::Station, c.to_string())),
            View::Gaps => {
                if !self.gaps.toggle_fold() {
                    self.jump_to_finding();
                }
                None
            }
        };
        if let Some((kind, code)) = detail {
            self.overlays.push(Overlay::Detail(Detail { kind, code, scroll: 0 }));
        }
    }

    /// `S`: choose the column to sort by (first-use #14: `o` had to be
    /// pressed up to eight times); the current one says which way it sorts.
    fn start_sort_pick(&mut self) {
        let lang = self.lang;
        let Some(t) = self.table() else {
            return self.say(self.tr("此视图没有表格", "No table here"));
        };
        let items: Vec<PickItem> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let name = tr(lang, c.zh, c.en).to_string();
                let detail = match t.sort {
                    Some((col, desc)) if col == i => {
                        let now = if desc {
                            tr(lang, "现为降序", "now descending")
                        } else {
                            tr(lang, "现为升序", "now ascending")
                        };
                        format!("{now} · {}", tr(lang, "再选反向", "choose again to reverse"))
                    }
                    _ => String::new(),
                };
                PickItem {
                    code: i.to_string(),
                    search: format!("{name} {}", c.en),
                    label: name,
                    detail,
                    ..Default::default()
                }
            })
            .collect();
        let title = self.tr("按哪一列排序：", "Sort by:");
        self.push_fixed_picker(title, items, PickPurpose::SortBy, Seen::default());
    }

    /// From a rule's header in the Gaps table to its first finding shown.
    fn off_gap_header(&mut self) {
        if self.gaps.current().is_some_and(|r| r.banner)
            && self.gaps.visible_row(self.gaps.cursor + 1).is_some_and(|r| !r.banner)
        {
            self.gaps.move_by(1);
        }
    }

    /// Enter in a detail: the cell of the person or suggestion shown, with
    /// its deputies, contacts and pending suggestions (the reception desk:
    /// a constituent names a person, the operator needs their cell). A
    /// deputy covering several cells is asked which.
    fn open_cell_of_detail(&mut self) {
        let Some(Overlay::Detail(d)) = self.overlays.last() else {
            return;
        };
        let (kind, code) = (d.kind, d.code.clone());
        let cells: Vec<String> = match kind {
            DetailKind::Contact => self
                .snap
                .contact(&code)
                .map(|c| c.cell_code.to_string())
                .into_iter()
                .collect(),
            DetailKind::Suggestion => self
                .snap
                .suggestion(&code)
                .map(|s| s.cell_code.to_string())
                .into_iter()
                .collect(),
            DetailKind::Deputy => self.snap.deputy_cells(&code).into_iter().map(str::to_string).collect(),
            DetailKind::Cell | DetailKind::Station => return,
        };
        match cells.as_slice() {
            [] => self.say(self.tr("没有联系网格", "No cell to open")),
            [cell] => self.goto(Kind::Cell, &cell.clone()),
            _ => {
                let items = cells
                    .iter()
                    .map(|c| PickItem {
                        code: c.clone(),
                        label: self.snap.cell_name(c),
                        search: format!("{c} {}", self.snap.cell_name(c)),
                        ..Default::default()
                    })
                    .collect();
                let title = match self.lang {
                    Lang::Zh => format!("打开 {} 联系的哪个网格：", self.snap.deputy_name(&code)),
                    Lang::En => format!("Open which cell of {}:", self.snap.deputy_name(&code)),
                };
                self.push_fixed_picker(title, items, PickPurpose::OpenCell, Seen::default());
            }
        }
    }

    /// Esc: close the top overlay, else clear the filter and selection.
    fn back(&mut self) {
        if self.overlays.pop().is_some() {
            return;
        }
        if let Some(t) = self.table_mut() {
            t.set_filter("");
            t.selected.clear();
        }
        if self.view == View::Suggestions {
            self.status_filter = None;
            self.category_filter = None;
            self.apply_suggestion_tags();
        }
        self.message = None;
    }

    /// Jump from a finding to the thing it names.
    fn jump_to_finding(&mut self) {
        let Some(code) = self.gaps.current_code().map(str::to_string) else {
            return;
        };
        let Some(f) = self.finding(&code).cloned() else { return };
        self.goto(f.kind, &f.code);
    }

    /// Show a thing of a kind: its view, with its detail open.
    pub fn goto(&mut self, kind: Kind, code: &str) {
        let (view, detail) = match kind {
            Kind::Cell => (View::Cells, DetailKind::Cell),
            Kind::Deputy => (View::Deputies, DetailKind::Deputy),
            Kind::Contact => (View::Contacts, DetailKind::Contact),
            Kind::Suggestion => (View::Suggestions, DetailKind::Suggestion),
            Kind::Station => (View::Stations, DetailKind::Station),
            Kind::Village | Kind::Town => {
                self.switch(View::Cells);
                let name = self.snap.area_name(code);
                self.cells.set_filter(&name);
                self.say(format!("{}: {name}", self.tr("已筛选村居", "Filtered to village")));
                return;
            }
            Kind::Territory => {
                self.say(format!("{} {code}", self.tr("无法打开", "Nothing to open for")));
                return;
            }
        };
        self.switch(view);
        if let Some(t) = self.table_mut() {
            if !t.select_code(code) {
                t.set_filter("");
                t.select_code(code);
            }
        }
        if view == View::Cells {
            self.map.selected = Some(code.to_string());
        }
        self.overlays.push(Overlay::Detail(Detail {
            kind: detail,
            code: code.to_string(),
            scroll: 0,
        }));
    }

    /// A finding by the row code the Gaps table gives it.
    pub fn finding(&self, row_code: &str) -> Option<&crate::coverage::Finding> {
        let n: usize = row_code.strip_prefix('#')?.parse().ok()?;
        self.snap.findings.get(n)
    }

    fn detail_of(&self, kind: DetailKind) -> Option<String> {
        match self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Detail(d) => Some(d),
            _ => None,
        }) {
            Some(d) if d.kind == kind => Some(d.code.clone()),
            _ => None,
        }
    }

    fn current_code_of(&self, view: View, kind: DetailKind) -> Option<String> {
        if let Some(c) = self.detail_of(kind) {
            return Some(c);
        }
        if self.view != view {
            return None;
        }
        self.table().and_then(|t| t.current_code()).map(str::to_string)
    }

    fn contact_targets(&self) -> Vec<String> {
        if let Some(c) = self.detail_of(DetailKind::Contact) {
            return vec![c];
        }
        if self.view == View::Contacts {
            return self.contacts.targets();
        }
        if self.view == View::Gaps {
            if let Some(f) = self.gaps.current_code().and_then(|c| self.finding(c)) {
                if f.kind == Kind::Contact {
                    return vec![f.code.clone()];
                }
            }
        }
        Vec::new()
    }

    fn current_cell(&self) -> Option<String> {
        if let Some(c) = self.detail_of(DetailKind::Cell) {
            return Some(c);
        }
        match self.view {
            View::Cells => self.cells.current_code().map(str::to_string),
            View::Map => self.map.selected.clone(),
            _ => None,
        }
    }

    fn current_deputy(&self) -> Option<String> {
        self.current_code_of(View::Deputies, DetailKind::Deputy)
    }

    fn current_suggestion(&self) -> Option<String> {
        if let Some(c) = self.current_code_of(View::Suggestions, DetailKind::Suggestion) {
            return Some(c);
        }
        if self.view == View::Gaps {
            let f = self.gaps.current_code().and_then(|c| self.finding(c))?;
            return (f.kind == Kind::Suggestion).then(|| f.code.clone());
        }
        None
    }

    fn apply_suggestion_tags(&mut self) {
        let mut tags = Vec::new();
        if let Some(s) = self.status_filter {
            tags.push(format!("status:{}", s.code()));
        }
        if let Some(c) = self.category_filter {
            tags.push(format!("category:{}", c.code()));
        }
        self.suggestions.tag_filter = tags;
        self.suggestions.refresh();
        // The matches from the top (first-use #3: the cursor left at the
        // last row showed one match with the others scrolled off above).
        self.suggestions.top();
    }

    // ----- pickers -------------------------------------------------------

    /// A picker over a list narrowed as the operator types (see `pick_lists`).
    fn push_picker(&mut self, title: String, source: PickSource, purpose: PickPurpose, mut seen: Seen) {
        let mut picker = Picker::new(title, Vec::new());
        if let Some(n) = pick_lists::narrow(&self.snap, self.lang, &source, "") {
            picker.set_narrowed(n.items, n.matches, n.total);
        }
        note_shown(&self.snap, &source, &picker, &mut seen);
        self.overlays.push(Overlay::Picker {
            picker,
            purpose,
            source,
            seen,
        });
    }

    /// A picker over a few items given whole (it narrows them itself).
    fn push_fixed_picker(&mut self, title: String, items: Vec<PickItem>, purpose: PickPurpose, seen: Seen) {
        self.overlays.push(Overlay::Picker {
            picker: Picker::new(title, items),
            purpose,
            source: PickSource::Fixed,
            seen,
        });
    }

    /// A confirmation of a change decided on rows as `seen`.
    fn push_confirm(&mut self, text: String, change: Change, seen: Seen) {
        self.overlays.push(Overlay::Confirm { text, change, seen });
    }

    pub fn start_reassign(&mut self, contacts: Vec<String>) {
        if contacts.is_empty() {
            return self.say(self.tr(
                "请先选中联络员（5 进入联络员视图）",
                "Select contacts first (5 opens Contacts)",
            ));
        }
        let first_cell = self.snap.contact(&contacts[0]).map(|c| c.cell_code.to_string());
        let title = match self.lang {
            Lang::Zh => format!("改派 {} 给：", self.people_named(&contacts, str::to_string)),
            Lang::En => format!("Reassign {} to:", self.people_named(&contacts, str::to_string)),
        };
        let source = PickSource::Deputies {
            first_cell,
            except: None,
        };
        let seen = Seen::contacts(self.snap.seen_versions(Table::Contacts, &contacts));
        self.push_picker(title, source, PickPurpose::ReassignTo(contacts), seen);
    }

    /// "白琳荣 (C00019)", "白琳荣 (C00019)、初洋 (C00020)", or "5 名联络员"
    /// past three: who a picker or confirmation is about. `about` writes
    /// what goes in the brackets after each name (the code, at least).
    fn people_named(&self, codes: &[String], about: impl Fn(&str) -> String) -> String {
        if codes.len() > 3 {
            return match self.lang {
                Lang::Zh => format!("{} 名联络员", codes.len()),
                Lang::En => format!("{} contacts", codes.len()),
            };
        }
        let sep = if self.lang == Lang::Zh { "、" } else { ", " };
        codes
            .iter()
            .map(|c| format!("{} ({})", self.snap.person_name(c), about(c)))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn start_move(&mut self, contacts: Vec<String>) {
        let Some(contact) = contacts.first().cloned() else {
            return self.say(self.tr("请先选中联络员", "Select a contact first"));
        };
        if contacts.len() > 1 {
            return self.warn(self.tr("一次只能调整一名联络员的网格", "Move one contact at a time"));
        }
        let title = format!(
            "{} {contact} {}",
            self.tr("将", "Move"),
            self.tr("调整到网格：", "to cell:")
        );
        let seen = Seen::contacts(self.snap.seen_versions(Table::Contacts, std::slice::from_ref(&contact)));
        self.push_picker(title, PickSource::Cells, PickPurpose::MoveToCell(contact), seen);
    }

    fn start_assign(&mut self, cell: String) {
        let title = format!(
            "{} {cell}{}",
            self.tr("为网格", "Assign a deputy to"),
            self.tr(" 指派代表：", ":")
        );
        // The cell's own deputies, else its town's, first (first-use #25).
        let source = PickSource::Deputies {
            first_cell: Some(cell.clone()),
            except: None,
        };
        self.push_picker(title, source, PickPurpose::AssignDeputy(cell), Seen::default());
    }

    fn start_handover(&mut self, from: String) {
        let cell = self.snap.deputy_cells(&from).first().map(|c| c.to_string());
        let title = match self.lang {
            Lang::Zh => format!("将 {} 的全部联络员移交给：", self.snap.deputy_name(&from)),
            Lang::En => format!("Hand all contacts of {} to:", self.snap.deputy_name(&from)),
        };
        let source = PickSource::Deputies {
            first_cell: cell,
            except: Some(from.clone()),
        };
        // The contacts handed over are exactly those shown now.
        let held: Vec<String> = self
            .snap
            .ds
            .contacts
            .iter()
            .filter(|c| c.deputy_code == from)
            .map(|c| c.code.to_string())
            .collect();
        let seen = Seen::contacts(self.snap.seen_versions(Table::Contacts, &held));
        self.push_picker(title, source, PickPurpose::HandoverTo(from), seen);
    }

    /// A suggestion as the database has it now: a move just made may not be
    /// in the snapshot yet (see `after_row_change`).
    fn current_suggestion_row(&mut self, code: &str) -> Option<crate::model::Suggestion> {
        match self.store.suggestion_lines(&[code]) {
            Ok(mut lines) => lines.pop().map(|l| l.suggestion),
            Err(e) => {
                self.store_error(e);
                None
            }
        }
    }

    fn start_advance(&mut self, code: String) {
        let Some(s) = self.current_suggestion_row(&code) else {
            return;
        };
        let allowed = allowed_moves(s.status);
        let lang = self.lang;
        let mut items: Vec<PickItem> = Status::ALL
            .iter()
            .filter(|st| **st != s.status)
            // In zh the status shows by its Chinese word alone (first-use
            // #13: `assigned 已交办`); the word parses back to the status.
            .map(|st| PickItem {
                code: tr(lang, st.zh(), st.code()).to_string(),
                label: tr(lang, "", st.label(lang)).to_string(),
                detail: if allowed.contains(st) {
                    String::new()
                } else {
                    tr(lang, "不允许", "not allowed").to_string()
                },
                search: format!("{} {}", st.code(), st.zh()),
                preferred: allowed.contains(st),
                kind: None,
            })
            .collect();
        items.sort_by_key(|i| !i.preferred);
        let title = format!("{code} {} → ", s.status.label(lang));
        let seen = Seen {
            suggestions: self.suggestion_seen(&code),
            ..Default::default()
        };
        self.push_fixed_picker(title, items, PickPurpose::AdvanceTo(code), seen);
    }

    /// The version of a suggestion the operator decides on: the one on
    /// screen (the snapshot's), else the database's now.
    fn suggestion_seen(&self, code: &str) -> Versions {
        let codes = [code.to_string()];
        let seen = self.snap.seen_versions(Table::Suggestions, &codes);
        if seen.is_empty() {
            return self
                .store
                .versions_of(Table::Suggestions.name(), &codes)
                .unwrap_or_default();
        }
        seen
    }

    fn picker_action(&mut self, action: Action) {
        let Some(Overlay::Picker { picker, .. }) = self.overlays.last_mut() else {
            return;
        };
        let page = picker.page() as isize;
        match action {
            Action::MoveUp => picker.move_by(-1),
            Action::MoveDown => picker.move_by(1),
            Action::PageUp => picker.move_by(-page),
            Action::PageDown => picker.move_by(page),
            Action::MoveTop => picker.move_by(-isize::MAX / 2),
            Action::MoveBottom => picker.move_by(isize::MAX / 2),
            Action::Back => {
                self.overlays.pop();
            }
            // In the lookup: straight to the cell of the person highlighted.
            Action::OpenCell => {
                let Some(Overlay::Picker { picker, source, .. }) = self.overlays.last() else {
                    return;
                };
                if *source != PickSource::Lookup {
                    return;
                }
                let Some(item) = picker.current().cloned() else { return };
                let kind = lookup_kind_of(&self.snap, &item.code, item.kind);
                self.goto(kind, &item.code);
                if matches!(kind, Kind::Contact | Kind::Deputy | Kind::Suggestion) {
                    self.open_cell_of_detail();
                }
            }
            Action::Open => {
                let Some(Overlay::Picker {
                    picker, purpose, seen, ..
                }) = self.overlays.pop()
                else {
                    return;
                };
                match picker.current() {
                    Some(item) => {
                        let item = item.clone();
                        self.picked(purpose, item, seen);
                    }
                    None => self.say(self.tr("没有选中任何一项", "Nothing chosen")),
                }
            }
            _ => {}
        }
    }

    fn picked(&mut self, purpose: PickPurpose, item: PickItem, mut seen: Seen) {
        let lang = self.lang;
        let who = |snap: &Snapshot, code: &str| format!("{} ({code})", snap.deputy_name(code));
        match purpose {
            PickPurpose::ReassignTo(contacts) => {
                let text = self.reassign_question(&contacts, &item.code);
                let change = Change::Reassign {
                    contacts,
                    deputy: item.code,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::MoveToCell(contact) => {
                let text = match lang {
                    Lang::Zh => format!(
                        "将联络员 {} ({contact}) 调整到网格 {} ({})？y/n",
                        self.snap.person_name(&contact),
                        item.label,
                        item.code
                    ),
                    Lang::En => format!(
                        "Move contact {} ({contact}) to cell {} ({})? y/n",
                        self.snap.person_name(&contact),
                        item.label,
                        item.code
                    ),
                };
                let change = Change::Move {
                    contact,
                    cell: item.code,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::HandoverTo(from) => {
                let n = seen.contacts.len();
                let text = match lang {
                    Lang::Zh => format!(
                        "将 {} 的全部 {n} 名联络员移交给 {}？y/n",
                        who(&self.snap, &from),
                        who(&self.snap, &item.code)
                    ),
                    Lang::En => format!(
                        "Hand all {n} contact{} of {} to {}? y/n",
                        if n == 1 { "" } else { "s" },
                        who(&self.snap, &from),
                        who(&self.snap, &item.code)
                    ),
                };
                self.push_confirm(text, Change::Handover { from, to: item.code }, seen);
            }
            PickPurpose::AssignDeputy(cell) => {
                let text = match lang {
                    Lang::Zh => format!("指派 {} 联系网格 {}？y/n", who(&self.snap, &item.code), cell),
                    Lang::En => format!("Assign {} to cell {}? y/n", who(&self.snap, &item.code), cell),
                };
                let change = Change::Assign {
                    deputy: item.code,
                    cell,
                };
                self.push_confirm(text, change, seen);
            }
            PickPurpose::ContactForDeputy(deputy) => {
                seen.contacts.retain(|code, _| *code == item.code);
                self.picked(
                    PickPurpose::ReassignTo(vec![item.code]),
                    PickItem {
                        code: deputy,
                        ..Default::default()
                    },
                    seen,
                )
            }
            PickPurpose::ContactIntoCell(cell) => {
                seen.contacts.retain(|code, _| *code == item.code);
                let label = self.snap.cell_name(&cell);
                self.picked(
                    PickPurpose::MoveToCell(item.code),
                    PickItem {
                        code: cell,
                        label,
                        ..Default::default()
                    },
                    seen,
                )
            }
            PickPurpose::AdvanceTo(code) => {
                let Some(to) = Status::parse(&item.code) else { return };
                self.advance_to(code, to, seen);
            }
            PickPurpose::Lookup => {
                let kind = lookup_kind_of(&self.snap, &item.code, item.kind);
                self.goto(kind, &item.code);
            }
            PickPurpose::OpenCell => self.goto(Kind::Cell, &item.code),
            PickPurpose::SortBy => {
                if let (Some(t), Ok(col)) = (self.table_mut(), item.code.parse::<usize>()) {
                    t.sort_by(col);
                }
            }
            PickPurpose::FillField(key) => {
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return;
                };
                if let Some(f) = form.fields.iter_mut().find(|f| f.key == key) {
                    f.value = item.code.clone();
                    f.cursor = f.value.chars().count();
                    f.resolved = Some((item.code, item.label));
                    f.matches.clear();
                }
            }
        }
    }

    /// "Reassign 白琳荣 (C00019, now 林云永 D00416) to 薛静 (D00036)? y/n",
    /// saying when the new deputy does not cover a contact's cell.
    fn reassign_question(&self, contacts: &[String], deputy: &str) -> String {
        let lang = self.lang;
        let snap = &self.snap;
        let to = format!("{} ({deputy})", snap.deputy_name(deputy));
        let now = |code: &str| {
            let current = snap
                .contact(code)
                .map(|c| c.deputy_code.to_string())
                .unwrap_or_default();
            if current.is_empty() {
                tr(lang, "无代表", "no deputy").to_string()
            } else {
                format!("{} {current}", snap.deputy_name(&current))
            }
        };
        let people = self.people_named(contacts, |c| match lang {
            Lang::Zh => format!("{c}，现为 {}", now(c)),
            Lang::En => format!("{c}, now {}", now(c)),
        });
        let outside = contacts
            .iter()
            .filter(|c| {
                snap.contact(c)
                    .is_some_and(|c| !snap.cell_deputies(&c.cell_code).contains(&deputy))
            })
            .count();
        let warning = match (lang, outside) {
            (_, 0) => String::new(),
            (Lang::Zh, n) => format!("（{n} 名不在该代表联系的网格内）"),
            (Lang::En, n) => format!(" ({n} outside the deputy's cells)"),
        };
        match lang {
            Lang::Zh => format!("将 {people} 改派给 {to}{warning}？y/n"),
            Lang::En => format!("Reassign {people} to {to}{warning}? y/n"),
        }
    }

    // ----- suggestions ---------------------------------------------------

    /// Ask for what a move needs; refuse an illegal move naming the allowed ones.
    fn advance_to(&mut self, code: String, to: Status, seen: Seen) {
        // Moved by someone else since the picker opened: say so, rather
        // than judge the move against a status the operator never saw.
        if let Err(e) = self.store.still_as_seen(Table::Suggestions.name(), &seen.suggestions) {
            return self.store_error(e);
        }
        let Some(s) = self.current_suggestion_row(&code) else {
            return;
        };
        if let Err(MoveError::Illegal { from, to, allowed }) = check_move(&s, to, &MoveInput::default()) {
            let text = illegal_text(self.lang, from, to, &allowed);
            return self.warn(text);
        }
        let lang = self.lang;
        let today = self.snap.today.format("%Y-%m-%d").to_string();
        let sat_choices = |with_none: bool| {
            let mut v: Vec<(String, String)> = Vec::new();
            if with_none {
                v.push((String::new(), tr(lang, "（未测评）", "(not rated)").to_string()));
            }
            v.extend(
                Satisfaction::ALL
                    .iter()
                    .map(|s| (s.code().to_string(), s.label(lang).to_string())),
            );
            v
        };
        let fields = match to {
            Status::Assigned => vec![
                Field::new("unit", tr(lang, "承办单位", "Handling unit"), FieldKind::Text).required(),
                Field::new("due", tr(lang, "办理时限", "Due date"), FieldKind::Date).required(),
                Field::new("on", tr(lang, "交办日期", "Assigned on"), FieldKind::Date).with_value(&today),
            ],
            Status::Handling => {
                let text = match lang {
                    Lang::Zh => format!("将 {code} 改为 {}？y/n", to.label(lang)),
                    Lang::En => format!("Move {code} to {}? y/n", to.label(lang)),
                };
                self.push_confirm(text, Change::Advance { code, to }, seen);
                return;
            }
            Status::Replied => vec![
                Field::new("on", tr(lang, "答复日期", "Replied on"), FieldKind::Date)
                    .with_value(&today)
                    .required(),
                Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(sat_choices(true)),
                ),
            ],
            Status::Closed => {
                let mut f = Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(
                        [Satisfaction::Satisfied, Satisfaction::Basic]
                            .iter()
                            .map(|s| (s.code().to_string(), s.label(lang).to_string()))
                            .collect(),
                    ),
                )
                .required();
                if s.satisfaction == Some(Satisfaction::Basic) {
                    f.choice = 1;
                }
                vec![
                    f,
                    Field::new("on", tr(lang, "办结日期", "Closed on"), FieldKind::Date).with_value(&today),
                ]
            }
            Status::Reopened => vec![
                Field::new("reason", tr(lang, "理由", "Reason"), FieldKind::Text)
                    .required()
                    .with_value(if s.satisfaction == Some(Satisfaction::Unsatisfied) {
                        tr(lang, "测评不满意", "rated unsatisfied")
                    } else {
                        ""
                    }),
                Field::new(
                    "satisfaction",
                    tr(lang, "满意度", "Satisfaction"),
                    FieldKind::Choice(sat_choices(true)),
                ),
            ],
            Status::Received => return,
        };
        let title = format!("{code}: {} → {}", s.status.label(lang), to.label(lang));
        self.overlays.push(Overlay::Form {
            form: Form::new(title, fields),
            purpose: FormPurpose::Advance { code, to },
            seen,
        });
    }

    fn start_add_suggestion(&mut self, cell: Option<String>) {
        let lang = self.lang;
        let today = self.snap.today.format("%Y-%m-%d").to_string();
        let choices = |all: &[(&str, &str)]| -> Vec<(String, String)> {
            all.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()
        };
        let sources: Vec<(&str, &str)> = SuggestionSource::ALL
            .iter()
            .map(|s| (s.code(), s.label(lang)))
            .collect();
        let mut cats: Vec<(&str, &str)> = Category::ALL.iter().map(|s| (s.code(), s.label(lang))).collect();
        // General first: most suggestions are.
        cats.rotate_right(1);
        let mut cell_field =
            Field::new("cell", tr(lang, "网格", "Cell"), FieldKind::Lookup(LookupKind::Cell)).required();
        if let Some(c) = &cell {
            cell_field.value = c.clone();
            cell_field.resolved = resolve_lookup(&self.snap, LookupKind::Cell, c);
        }
        let fields = vec![
            cell_field,
            Field::new("title", tr(lang, "建议内容", "Title"), FieldKind::Text).required(),
            Field::new(
                "source",
                tr(lang, "来源", "Source"),
                FieldKind::Choice(choices(&sources)),
            ),
            Field::new(
                "raised_by",
                tr(lang, "提出人", "Raised by"),
                FieldKind::Lookup(LookupKind::Person),
            ),
            Field::new(
                "category",
                tr(lang, "类别", "Category"),
                FieldKind::Choice(choices(&cats)),
            ),
            Field::new("received_on", tr(lang, "收集日期", "Received on"), FieldKind::Date)
                .with_value(&today)
                .required(),
        ];
        let mut form = Form::new(
            tr(lang, "登记意见建议（接待日）", "New suggestion (reception day)").to_string(),
            fields,
        );
        if cell.is_some() {
            form.focus = 1;
        }
        self.overlays.push(Overlay::Form {
            form,
            purpose: FormPurpose::AddSuggestion,
            seen: Seen::default(),
        });
    }

    fn start_reception(&mut self, station: String, deputy: Option<String>) {
        let lang = self.lang;
        let today = self.snap.today.format("%Y-%m-%d").to_string();
        let mut dep = Field::new(
            "deputy",
            tr(lang, "代表", "Deputy"),
            FieldKind::Lookup(LookupKind::Deputy),
        )
        .required();
        if let Some(d) = deputy {
            dep.resolved = resolve_lookup(&self.snap, LookupKind::Deputy, &d);
            dep.value = d;
        }
        let fields = vec![
            dep,
            Field::new("date", tr(lang, "日期", "Date"), FieldKind::Date)
                .with_value(&today)
                .required(),
            Field::new("constituents", tr(lang, "接待人数", "Constituents"), FieldKind::Number).with_value("0"),
        ];
        let title = format!(
            "{} {} {}",
            tr(lang, "登记接待", "Record a reception at"),
            station,
            self.station_name(&station)
        );
        self.overlays.push(Overlay::Form {
            form: Form::new(title, fields),
            purpose: FormPurpose::Reception { station },
            seen: Seen::default(),
        });
    }

    fn station_name(&self, code: &str) -> String {
        self.snap.station(code).map(|s| sanitize(&s.name)).unwrap_or_default()
    }

    fn form_action(&mut self, action: Action) {
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return;
        };
        match action {
            Action::FormNext => form.next(),
            Action::FormPrev => form.prev(),
            // Left/Right cycle a choice, or move the cursor in a text field.
            Action::FormChoiceNext if form.focused_is_choice() => form.cycle(1),
            Action::FormChoicePrev if form.focused_is_choice() => form.cycle(-1),
            Action::FormChoiceNext => {
                form.edit(Edit::Right);
            }
            Action::FormChoicePrev => {
                form.edit(Edit::Left);
            }
            Action::Back => {
                self.overlays.pop();
            }
            Action::Open => self.submit_form(),
            _ => {}
        }
    }

    fn submit_form(&mut self) {
        let Some(Overlay::Form { form, purpose, seen }) = self.overlays.last().cloned() else {
            return;
        };
        let lang = self.lang;
        // Text that names several records: the operator chooses, never the first.
        if let Some(f) = form
            .fields
            .iter()
            .find(|f| matches!(f.kind, FieldKind::Lookup(_)) && f.resolved.is_none() && f.matches.len() > 1)
        {
            let items = f
                .matches
                .iter()
                .map(|(code, name)| PickItem {
                    code: code.clone(),
                    label: name.clone(),
                    search: format!("{code} {name}"),
                    ..Default::default()
                })
                .collect();
            let title = format!(
                "{}：{}",
                f.label,
                tr(lang, "有多个匹配，请选择", "several match; choose one")
            );
            return self.push_fixed_picker(title, items, PickPurpose::FillField(f.key), Seen::default());
        }
        let missing = form.fields.iter().find(|f| {
            f.required
                && match f.kind {
                    FieldKind::Lookup(_) => f.resolved.is_none(),
                    FieldKind::Choice(_) => false,
                    _ => f.value.trim().is_empty(),
                }
        });
        if let Some(f) = missing {
            let text = format!("{}: {}", tr(lang, "请填写", "Needed"), f.label);
            return self.form_error(text);
        }
        for f in &form.fields {
            if f.kind == FieldKind::Date && !f.value.trim().is_empty() && crate::model::parse_date(&f.value).is_none() {
                let text = format!("{}: {} ({})", f.label, tr(lang, "日期无效", "not a date"), "2024-08-21");
                return self.form_error(text);
            }
        }
        let date = |key: &str| crate::model::parse_date(&form.value(key));
        let resolved = |key: &str| form.field(key).and_then(|f| f.resolved.clone()).map(|r| r.0);
        let chosen = |key: &str| form.field(key).and_then(|f| f.chosen()).unwrap_or("").to_string();
        match purpose {
            FormPurpose::AddSuggestion => {
                let s = Suggestion::received(
                    &resolved("cell").unwrap_or_default(),
                    &sanitize(&form.value("title")),
                    SuggestionSource::parse(&chosen("source")).unwrap_or(SuggestionSource::Reception),
                    &resolved("raised_by").unwrap_or_default(),
                    Category::parse(&chosen("category")).unwrap_or(Category::General),
                    date("received_on").unwrap_or(self.snap.today),
                );
                match self.store.add_suggestion(&self.actor, s) {
                    Ok(s) => {
                        self.overlays.pop();
                        let text = format!("{} {} ({})", self.tr("已登记", "Added"), s.code, s.cell_code);
                        self.after_change(text);
                        self.suggestions.select_code(&s.code);
                    }
                    Err(e) => self.form_store_error(e),
                }
            }
            FormPurpose::Advance { code, to } => {
                let input = MoveInput {
                    unit: Some(sanitize(&form.value("unit"))).filter(|u| !u.is_empty()),
                    due: date("due"),
                    satisfaction: Satisfaction::parse(&chosen("satisfaction")),
                    reason: Some(sanitize(&form.value("reason"))).filter(|r| !r.is_empty()),
                    on: date("on").or(Some(self.snap.today)),
                };
                self.run_advance(&code, to, &input, &seen, true);
            }
            FormPurpose::Reception { station } => {
                let r = Reception {
                    date: date("date").unwrap_or(self.snap.today),
                    station_code: station.into(),
                    deputy_code: resolved("deputy").unwrap_or_default().into(),
                    constituents: form.value("constituents").parse().unwrap_or(0),
                };
                let stored = match self.store.reception_constituents(&r) {
                    Ok(stored) => stored,
                    Err(e) => return self.form_store_error(e),
                };
                match stored {
                    // The same reception again: replacing its count loses
                    // the first one, so ask (the form stays under the question).
                    Some(before) if before != r.constituents => {
                        let text = match lang {
                            Lang::Zh => format!(
                                "{} 在 {} 于 {} 已登记接待 {before} 人；改为 {} 人？y/n",
                                r.deputy_code, r.station_code, r.date, r.constituents
                            ),
                            Lang::En => format!(
                                "{} at {} on {} is already recorded with {before} constituents; replace with {}? y/n",
                                r.deputy_code, r.station_code, r.date, r.constituents
                            ),
                        };
                        let seen = Seen {
                            reception: Some(Some(before)),
                            ..Default::default()
                        };
                        self.push_confirm(text, Change::Reception(r), seen);
                    }
                    _ => {
                        let seen = Seen {
                            reception: Some(stored),
                            ..Default::default()
                        };
                        self.record_reception(&r, &seen, true);
                    }
                }
            }
        }
    }

    /// Record a reception as the operator decided on it (`seen.reception`:
    /// the count stored then); `from_form` when the form is on top.
    fn record_reception(&mut self, r: &Reception, seen: &Seen, from_form: bool) {
        match self.store.add_reception(&self.actor, r, seen.reception) {
            Ok(changed) => {
                if from_form {
                    self.overlays.pop();
                }
                let text = if changed {
                    format!(
                        "{} {} @ {} ({} {})",
                        self.tr("已登记接待", "Reception recorded:"),
                        r.deputy_code,
                        r.station_code,
                        r.constituents,
                        self.tr("人", "constituents")
                    )
                } else {
                    self.tr("该接待记录已存在，无变化", "That reception was already recorded")
                };
                self.after_change(text);
            }
            Err(e) if from_form => self.form_store_error(e),
            Err(e) => self.store_error(e),
        }
    }

    fn run_advance(&mut self, code: &str, to: Status, input: &MoveInput, seen: &Seen, from_form: bool) {
        match self
            .store
            .move_suggestion(&self.actor, code, to, input, Some(&seen.suggestions))
        {
            Ok(Ok(s)) => {
                if from_form {
                    self.overlays.pop();
                }
                let text = format!("{} {code} → {}", self.tr("已推进", "Moved"), s.status.label(self.lang));
                self.after_row_change(text, Table::Suggestions, &[code.to_string()]);
            }
            Ok(Err(e)) => {
                let text = move_error_text(self.lang, &e);
                if from_form {
                    self.form_error(text);
                } else {
                    self.warn(text);
                }
            }
            Err(e) => {
                if from_form {
                    self.overlays.pop();
                }
                self.store_error(e);
            }
        }
    }

    fn form_error(&mut self, text: String) {
        if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
            form.error = Some(text);
        }
    }

    fn form_store_error(&mut self, e: StoreError) {
        if matches!(
            e,
            StoreError::NotFound { .. }
                | StoreError::Exists { .. }
                | StoreError::Inactive { .. }
                | StoreError::Refused(_)
        ) {
            let text = self.store_error_text(&e);
            return self.form_error(text);
        }
        self.overlays.pop();
        self.store_error(e);
    }

    // ----- confirmed changes ---------------------------------------------

    fn confirm_action(&mut self, action: Action) {
        match action {
            Action::ConfirmYes | Action::Open => {
                let Some(Overlay::Confirm { change, seen, .. }) = self.overlays.pop() else {
                    return;
                };
                if let Some(why) = self.read_only() {
                    let text = format!("{}: {why}", self.tr("只读模式", "Read-only"));
                    return self.warn(text);
                }
                self.apply(change, &seen);
            }
            Action::ConfirmNo | Action::Back => {
                self.overlays.pop();
                self.say(self.tr("已取消", "Cancelled"));
            }
            _ => {}
        }
    }

    /// Make a confirmed change through the store, with the versions the
    /// operator saw when its first overlay opened: a change to those rows
    /// since is refused and the view refreshed.
    pub fn apply(&mut self, change: Change, seen: &Seen) {
        let lang = self.lang;
        let result: Result<String, StoreError> = match &change {
            Change::Reassign { contacts, deputy } => self
                .store
                .reassign_contacts(&self.actor, contacts, deputy, Some(&seen.contacts))
                .map(|n| match lang {
                    Lang::Zh => format!("已将 {n} 名联络员改派给 {} ({deputy})", self.snap.deputy_name(deputy)),
                    Lang::En => format!(
                        "Reassigned {n} contact(s) to {} ({deputy})",
                        self.snap.deputy_name(deputy)
                    ),
                }),
            Change::Move { contact, cell } => self
                .store
                .move_contact(&self.actor, contact, cell, Some(&seen.contacts))
                .map(|_| match lang {
                    Lang::Zh => format!("已将 {contact} 调整到网格 {cell}"),
                    Lang::En => format!("Moved {contact} to cell {cell}"),
                }),
            Change::Handover { from, to } => {
                self.store
                    .handover(&self.actor, from, to, Some(&seen.contacts))
                    .map(|n| match lang {
                        Lang::Zh => format!("已将 {from} 的 {n} 名联络员移交给 {to}"),
                        Lang::En => format!("Handed {n} contact(s) of {from} to {to}"),
                    })
            }
            Change::Assign { deputy, cell } => {
                self.store
                    .set_assignment(&self.actor, deputy, cell, true)
                    .map(|changed| match (lang, changed) {
                        (Lang::Zh, true) => format!("已指派 {deputy} 联系网格 {cell}"),
                        (Lang::En, true) => format!("Assigned {deputy} to cell {cell}"),
                        (Lang::Zh, false) => format!("{deputy} 已联系网格 {cell}，无变化"),
                        (Lang::En, false) => format!("{deputy} already covers {cell}"),
                    })
            }
            Change::Advance { code, to } => {
                let input = MoveInput {
                    on: Some(self.snap.today),
                    ..Default::default()
                };
                let (code, to) = (code.clone(), *to);
                self.run_advance(&code, to, &input, seen, false);
                return;
            }
            Change::Quit => {
                self.quit = true;
                return;
            }
            Change::Reception(r) => {
                // Under the question lies the form it came from.
                if matches!(self.overlays.last(), Some(Overlay::Form { .. })) {
                    self.overlays.pop();
                }
                self.record_reception(r, seen, false);
                return;
            }
        };
        match (result, change) {
            (Ok(text), Change::Reassign { contacts, .. }) => {
                self.contacts.selected.clear();
                self.after_row_change(text, Table::Contacts, &contacts);
            }
            (Ok(text), Change::Move { contact, .. }) => self.after_row_change(text, Table::Contacts, &[contact]),
            (Ok(text), _) => self.after_change(text),
            (Err(e), _) => self.store_error(e),
        }
    }

    /// After the operator's own change: read everything again, in line
    /// (the next action must see it).
    fn after_change(&mut self, text: String) {
        self.refresh();
        self.say(text);
    }

    /// After the operator's own change to these rows of `table` (the
    /// reception-day changes: reassign, move, advance): followed at once
    /// ([`App::refresh`]). While the audit of an earlier change is still
    /// being made the rows cannot be patched yet; what the next action
    /// needs is then taken now: the rows shown (read from the database)
    /// and the versions just written (a next change to them is not refused
    /// as stale). The patch follows when the audit is back.
    fn after_row_change(&mut self, text: String, table: Table, codes: &[String]) {
        if self.pending.is_some() {
            match self.store.versions_of(table.name(), codes) {
                Ok(seen) => self.snap.saw_versions(table, &seen),
                Err(e) => self.store_error(e),
            }
            let view = match table {
                Table::Contacts => View::Contacts,
                Table::Suggestions => View::Suggestions,
            };
            self.rows_changed(view, codes);
        }
        self.refresh();
        self.fill_window(self.view);
        self.say(text);
    }

    fn store_error_text(&self, e: &StoreError) -> String {
        let lang = self.lang;
        match e {
            StoreError::Conflict { kind, code, by, at } => match lang {
                Lang::Zh => format!(
                    "未保存：{}{code} 已被 {by} 于 {at} 修改，视图已刷新，请重新操作",
                    crate::store::kind_zh(kind)
                ),
                Lang::En => format!("Not saved: {kind} {code} was changed by {by} at {at}; the view is refreshed"),
            },
            // The store's words, in the operator's language: one wording for the CLI and the TUI.
            other => other.message(lang),
        }
    }

    /// Show a store error; a conflict also refreshes the view.
    pub fn store_error(&mut self, e: StoreError) {
        let text = self.store_error_text(&e);
        if matches!(e, StoreError::Conflict { .. }) {
            self.refresh();
        }
        self.warn(text);
    }

    fn undo(&mut self) {
        match self.store.undo_last(&self.actor) {
            Ok(Some((action, codes))) => {
                // Name the rows (first-use #15): the first few, then how many more.
                let shown: Vec<&str> = codes.iter().take(5).map(String::as_str).collect();
                let mut rows = shown.join(", ");
                if codes.len() > shown.len() {
                    let more = codes.len() - shown.len();
                    rows.push_str(&match self.lang {
                        Lang::Zh => format!(" 等 {} 行", codes.len()),
                        Lang::En => format!(" and {more} more"),
                    });
                }
                let what = crate::i18n::action_words(&action, self.lang);
                let text = match self.lang {
                    Lang::Zh => format!("已撤销{what}：{rows}"),
                    Lang::En => format!("Undone: {what}: {rows}"),
                };
                self.after_change(text);
            }
            Ok(None) => self.say(self.tr("没有可撤销的修改", "Nothing of yours to undo")),
            Err(e @ StoreError::Conflict { .. }) => {
                let text = match (&e, self.lang) {
                    (StoreError::Conflict { code, by, at, .. }, Lang::Zh) => {
                        format!("无法撤销：{code} 之后已被 {by} 于 {at} 修改")
                    }
                    (StoreError::Conflict { code, by, at, .. }, Lang::En) => {
                        format!("Cannot undo: {code} was changed by {by} at {at} since")
                    }
                    _ => String::new(),
                };
                self.refresh();
                self.warn(text);
            }
            Err(e) => self.store_error(e),
        }
    }

    // ----- gaps ------------------------------------------------------------

    /// The natural fix for the finding under the cursor.
    fn fix_gap(&mut self) {
        // On a rule's header: its first finding (the one a filter lands on).
        self.off_gap_header();
        let Some(f) = self.gaps.current_code().and_then(|c| self.finding(c)).cloned() else {
            return self.say(self.tr(
                "请把光标移到一条缺口上（标题行按 Enter 折叠/展开）",
                "Put the cursor on a finding (Enter on a rule's header folds it)",
            ));
        };
        let fix = f.rule_row().map_or(Fix::EditFiles, |r| r.fix);
        match fix {
            Fix::ReassignContact => self.start_reassign(vec![f.code.clone()]),
            Fix::AssignDeputy => self.start_assign(f.code.clone()),
            Fix::MoveContactIntoCell => {
                let title = format!(
                    "{} {}{}",
                    self.tr("将哪位联络员调整到网格", "Move which contact into"),
                    f.code,
                    "?"
                );
                // The contacts of the cell's town first (first-use #25).
                let source = PickSource::Contacts {
                    first_cell: Some(f.code.clone()),
                };
                self.push_picker(
                    title,
                    source,
                    PickPurpose::ContactIntoCell(f.code.clone()),
                    Seen::default(),
                );
            }
            Fix::LinkContact => {
                let cell = self.snap.deputy_cells(&f.code).first().map(|c| c.to_string());
                let title = format!(
                    "{} {}{}",
                    self.tr("为代表", "Link which contact to"),
                    f.code,
                    self.tr(" 联系哪位联络员？", "?")
                );
                let source = PickSource::Contacts { first_cell: cell };
                self.push_picker(
                    title,
                    source,
                    PickPurpose::ContactForDeputy(f.code.clone()),
                    Seen::default(),
                );
            }
            Fix::ListContacts => {
                self.switch(View::Contacts);
                self.contacts.set_filter(&f.code);
                self.say(self.tr(
                    "已列出该代表的联络员：Space 选中后按 r 改派",
                    "This deputy's contacts: select with Space, then r to reassign",
                ));
            }
            Fix::RecordReception => {
                let station = self
                    .snap
                    .deputy(&f.code)
                    .map(|d| d.station_code.clone())
                    .unwrap_or_default();
                let station = if self.snap.station(&station).is_some() {
                    station
                } else {
                    self.snap
                        .ds
                        .stations
                        .first()
                        .map(|s| s.code.clone())
                        .unwrap_or_default()
                };
                if station.is_empty() {
                    return self.warn(self.tr("没有联络站", "No station to record at"));
                }
                self.start_reception(station.to_string(), Some(f.code.clone()));
            }
            Fix::AdvanceSuggestion => self.start_advance(f.code.clone()),
            Fix::EditFiles => {
                self.goto(f.kind, &f.code);
                self.say(self.tr(
                    "此缺口需修改数据文件后重新导入",
                    "This gap is fixed in the data files (edit and import again)",
                ));
            }
        }
    }
}

/// The edit a key makes in a line of text, if any.
fn text_edit(key: Key) -> Option<Edit> {
    Some(match key.code {
        KeyCode::Char('u') if key.ctrl => Edit::Clear,
        KeyCode::Char('a') if key.ctrl => Edit::Home,
        KeyCode::Char('e') if key.ctrl => Edit::End,
        KeyCode::Char(c) if !key.ctrl && !key.alt => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        _ => return None,
    })
}

/// Note the versions of the contacts a contact picker shows, as first
/// shown: choosing one later is checked against the row as it was then.
fn note_shown(snap: &Snapshot, source: &PickSource, picker: &Picker, seen: &mut Seen) {
    if !matches!(source, PickSource::Contacts { .. }) {
        return;
    }
    let new: Vec<String> = picker
        .items
        .iter()
        .filter(|i| !seen.contacts.contains_key(&i.code))
        .map(|i| i.code.clone())
        .collect();
    seen.contacts.extend(snap.seen_versions(Table::Contacts, &new));
}

/// The next value of a cycle through all values and "none".
fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
    match now {
        None => all.first().copied(),
        Some(v) => {
            let i = all.iter().position(|x| *x == v).unwrap_or(0);
            all.get(i + 1).copied()
        }
    }
}

fn illegal_text(lang: Lang, from: Status, to: Status, allowed: &[Status]) -> String {
    let list: Vec<&str> = allowed.iter().map(|s| s.label(lang)).collect();
    match lang {
        Lang::Zh => format!(
            "不能从{}改为{}；允许：{}",
            from.label(lang),
            to.label(lang),
            list.join("、")
        ),
        Lang::En => format!(
            "Cannot move from {} to {}; allowed: {}",
            from.code(),
            to.code(),
            list.join(", ")
        ),
    }
}

fn move_error_text(lang: Lang, e: &MoveError) -> String {
    match e {
        MoveError::Illegal { from, to, allowed } => illegal_text(lang, *from, *to, allowed),
        MoveError::Needs(what) => {
            let name = match *what {
                "unit" => tr(lang, "承办单位", "a handling unit"),
                "due" => tr(lang, "办理时限", "a due date"),
                "satisfaction" => tr(lang, "满意度", "a satisfaction rating"),
                "reason" => tr(lang, "理由", "a reason"),
                other => other,
            };
            format!("{}: {name}", tr(lang, "此操作需要", "This move needs"))
        }
        MoveError::SatisfactionTooLow => tr(
            lang,
            "不满意的答复不能办结，请重新办理",
            "An unsatisfied reply cannot be closed: reopen it",
        )
        .into(),
    }
}

/// The lookup's hits as picker items (detail starts with the kind), the
/// first 50, and how many things match in all, so the picker can say how
/// many more there are.
fn lookup_items(snap: &Snapshot, lang: Lang, query: &str) -> (Vec<PickItem>, usize) {
    if query.trim().is_empty() {
        return (Vec::new(), 0);
    }
    let found = snap.search.find(&snap.ds, query, 50);
    let items = found
        .hits
        .into_iter()
        .map(|h| PickItem {
            code: h.code.clone(),
            label: sanitize(&h.name),
            detail: format!("{} · {}", h.kind.label(lang), sanitize(&h.detail)),
            // The lookup narrows the items itself.
            search: String::new(),
            preferred: false,
            kind: Some(h.kind),
        })
        .collect();
    (items, found.total)
}

/// The kind of a lookup hit; an item without one (none is made so
/// today) is looked for among the rows by its code.
fn lookup_kind_of(snap: &Snapshot, code: &str, kind: Option<Kind>) -> Kind {
    if let Some(kind) = kind {
        return kind;
    }
    if snap.cell(code).is_some() {
        Kind::Cell
    } else if snap.deputy(code).is_some() {
        Kind::Deputy
    } else if snap.contact(code).is_some() {
        Kind::Contact
    } else if snap.station(code).is_some() {
        Kind::Station
    } else {
        Kind::Village
    }
}

/// What a form's lookup field's text stands for: the one record it names
/// (a whole code or name, else the only match), or None when it names
/// none or several (see [`lookup_matches`]: the form then lists them).
pub fn resolve_lookup(snap: &Snapshot, kind: LookupKind, text: &str) -> Option<(String, String)> {
    let mut found = lookup_matches(snap, kind, text, 2);
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// The records a lookup field's text matches, at most `limit`: a whole
/// code or a whole name alone, else every record whose code and name match.
pub fn lookup_matches(snap: &Snapshot, kind: LookupKind, text: &str, limit: usize) -> Vec<(String, String)> {
    let q = text.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<(&str, String)> = Vec::new();
    if matches!(kind, LookupKind::Cell) {
        candidates.extend(snap.ds.cells.iter().map(|c| (c.code.as_str(), sanitize(&c.name))));
    }
    if matches!(kind, LookupKind::Deputy | LookupKind::Person) {
        candidates.extend(
            snap.ds
                .deputies
                .iter()
                .filter(|d| d.active)
                .map(|d| (d.code.as_str(), sanitize(&d.name))),
        );
    }
    if matches!(kind, LookupKind::Person) {
        candidates.extend(snap.ds.contacts.iter().map(|c| (c.code.as_str(), sanitize(&c.name))));
    }
    if let Some((c, n)) = candidates.iter().find(|(c, _)| c.eq_ignore_ascii_case(q)) {
        return vec![(c.to_string(), n.clone())];
    }
    let named: Vec<&(&str, String)> = candidates.iter().filter(|(_, n)| n == q).collect();
    if named.len() == 1 {
        return vec![(named[0].0.to_string(), named[0].1.clone())];
    }
    super::matching::with_matcher(q, |m| {
        candidates
            .iter()
            .filter(|(c, n)| m(&format!("{c} {n}")))
            .take(limit)
            .map(|(c, n)| (c.to_string(), n.clone()))
            .collect()
    })
}
