//! Reading the database and following its changes, by one path: any
//! change — the operator's own or another's, seen through
//! `PRAGMA data_version` — makes a new generation. The views read their
//! windows of rows from the database again at once (the change shows in
//! the next frame), and a new snapshot (the audit, the summaries, the
//! directory) is made on another thread and replaces the old one whole
//! when it arrives; until then the screens show the old marks.

use super::*;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the reading thread sends: the snapshot, and the rows it goes on
/// to make, with it, for the view whose filter or sort let go of them
/// while it read (see `read_snapshot`).
pub(super) struct Loaded {
    snap: Arc<Snapshot>,
    rows: Option<Ahead>,
}

/// A view's rows being made on another thread: the roster's while it is
/// shown (see [`App::roster_ahead`]), or a filtered view's after a new
/// snapshot (see `read_snapshot`). A change or a snapshot read stops them
/// and lets go of this: what arrives is of the data and marks shown.
pub(super) struct Ahead {
    view: View,
    rx: Receiver<Result<Option<Vec<Row>>, StoreError>>,
    /// Set when they would come too late (see [`App::stop_ahead`]).
    stop: Arc<AtomicBool>,
    /// The view's filter or sort kept its keys while its rows were let go:
    /// they are made again from the rows when these arrive.
    keys_follow: bool,
}

/// Rows kept for a filter or sort past which they are let go while a new
/// snapshot is read (a county's roster has 1,420; a province's 200,000).
const LARGE_TABLE: usize = 50_000;

/// Changes naming more rows than this read the tables again whole.
const CHANGES_NAMED: usize = 5_000;

/// The reading of the database: what was last seen of it, and the read
/// under way on another thread.
pub(super) struct Loader {
    data_version: i64,
    last_check: Instant,
    /// Read snapshots on another thread (the real terminal) rather than
    /// in line (tests): the first frame is drawn before the heavy work.
    background: bool,
    /// A snapshot being read on another thread.
    pending: Option<Receiver<Result<Box<Loaded>, StoreError>>>,
    /// Rows kept for a filter or sort past which they are let go while a
    /// new snapshot is read.
    let_go_past: usize,
    /// The view whose rows, let go for a snapshot's read, were stopped
    /// before they came: the next read makes them (see `read_snapshot`).
    rows_owed: Option<View>,
    /// The database changed again while a read was under way: what it
    /// brings is already old, another read follows it.
    again: bool,
    /// Counts the changes seen (the one invalidation key): what was read
    /// of an older generation is read again before it is shown.
    pub(super) generation: u64,
    /// The newest audit entry followed: the rows a change names are those
    /// of the entries after it.
    pub(super) audit_seen: i64,
    /// Tables whose rows wait to be built until their view is shown.
    stale: Vec<View>,
    /// Make the roster's rows ahead while it is shown (see
    /// [`App::roster_ahead`]): in a real terminal, and in tests that ask.
    ahead_on: bool,
    ahead: Option<Ahead>,
    /// The generation whose rows made ahead could not be read: not tried
    /// again until the next change.
    ahead_failed: Option<u64>,
}

impl Loader {
    pub(super) fn new(data_version: i64, background: bool) -> Loader {
        Loader {
            data_version,
            last_check: Instant::now(),
            background,
            pending: None,
            let_go_past: LARGE_TABLE,
            rows_owed: None,
            again: false,
            generation: 0,
            audit_seen: 0,
            stale: Vec::new(),
            ahead_on: background,
            ahead: None,
            ahead_failed: None,
        }
    }
}

impl App {
    /// Whether a snapshot is being read on another thread.
    pub fn loading(&self) -> bool {
        self.loader.pending.is_some()
    }

    /// Whether the audit is being made again after a change (the views
    /// already show the change; their marks follow).
    pub fn updating(&self) -> bool {
        self.loader.pending.is_some() && !self.snap.dir.cells.is_empty()
    }

    /// Whether anything is being made on another thread (the event loop
    /// then looks for it often).
    pub fn working(&self) -> bool {
        self.loading() || self.loader.ahead.is_some()
    }

    /// Let go of the rows a filter or sort keeps while a new snapshot is
    /// read, past this many (50,000 unless set: a province's roster does,
    /// a county's does not). For tests of what a province does, on a county.
    pub fn let_go_past(&mut self, rows: usize) {
        self.loader.let_go_past = rows;
    }

    /// Make the roster's rows ahead on another thread while it is shown,
    /// as in a real terminal (tests, whose snapshots are read in line).
    pub fn make_rows_ahead(&mut self) {
        self.loader.ahead_on = true;
    }

    /// Whether the roster holds every row for a filter or sort (made
    /// ahead, or by one).
    pub fn roster_ready(&self) -> bool {
        self.tables.contacts.has_corpus()
    }

    /// The changes seen so far: what was read of an older generation is
    /// read again (a detail's rows, a window).
    pub fn generation(&self) -> u64 {
        self.loader.generation
    }

    /// The database changed (the operator's own change or another's): the
    /// one path by which a change reaches the screen. The windows of rows
    /// are read again for the next frame; the snapshot is made again (on
    /// another thread in a real terminal, in line in tests).
    pub fn changed(&mut self) {
        self.loader.generation += 1;
        self.stop_ahead();
        if let Ok(v) = self.store.data_version() {
            self.loader.data_version = v;
        }
        self.read_rows_named();
        // The keys follow the rows read again before a filter's rows may be
        // let go while the snapshot is made (see `read_snapshot`).
        self.fill_window(self.view);
        self.read_snapshot();
        self.fill_window(self.view);
        self.wants.redraw = true;
    }

    /// The rows of the tables read from the database that the audit log
    /// names since the last change followed are read again (with what a
    /// filter or sort keeps of them), the others' windows too (the names
    /// beside codes may have changed). An import, a setting or thousands of
    /// rows: the tables are read again whole.
    fn read_rows_named(&mut self) {
        let named = match self.store.changes_since(self.loader.audit_seen, CHANGES_NAMED) {
            Ok(Some(changes)) => {
                self.loader.audit_seen = changes.last;
                changes
                    .rows
                    .iter()
                    // An entry of a table names one row; an import's or a
                    // setting's none. A place, a deputy or a unit named
                    // changes the names these tables show beside codes.
                    .all(|(kind, _)| {
                        crate::store::Kind::from_singular(kind).is_some()
                            && !matches!(kind.as_str(), "cell" | "deputy" | "unit" | "area")
                    })
                    .then_some(changes.rows)
            }
            Ok(None) => None,
            Err(e) => {
                self.store_error(e);
                None
            }
        };
        if named.is_none() {
            if let Ok(last) = self.store.last_audit_id() {
                self.loader.audit_seen = last;
            }
        }
        for (view, kind) in [(View::Contacts, "contact"), (View::Suggestions, "suggestion")] {
            let codes: Option<Vec<&str>> = named.as_ref().map(|rows| {
                rows.iter()
                    .filter(|(k, _)| k == kind)
                    .map(|(_, code)| code.as_str())
                    .collect()
            });
            let Some(table) = self.tables.of_mut(view) else {
                continue;
            };
            // A filtered view whose rows were let go for a snapshot being
            // made keeps its keys until the rows made after it come (its
            // keys follow them then): made again now, they would read every
            // row on this thread, beside that snapshot's read.
            let rows_coming = view == self.view
                && !table.has_corpus()
                && pages::keys_need_every_row(view, table, self.query.scope())
                && (self.loader.pending.is_some() || self.loader.rows_owed == Some(view));
            if rows_coming {
                self.loader.rows_owed = Some(view);
                table.window_changed();
                continue;
            }
            match codes {
                None => table.data_changed(),
                Some(codes) if codes.is_empty() => table.window_changed(),
                Some(codes) => {
                    if let Err(e) = pages::rows_changed(view, table, &codes, &self.store, &self.snap, self.lang) {
                        table.data_changed();
                        self.store_error(e);
                    }
                }
            }
        }
    }

    /// Make the snapshot again from the database.
    pub(super) fn read_snapshot(&mut self) {
        // One heavy read at a time (the roster's rows made ahead are half a
        // snapshot's memory at province), and those rows would be old.
        self.stop_ahead();
        if !self.loader.background {
            return self.read_snapshot_now();
        }
        if self.loader.pending.is_some() {
            self.loader.again = true;
            return;
        }
        let (path, today, lang) = (self.store.path().to_path_buf(), self.snap.today, self.lang);
        // A province's rows a filter or sort keeps would be held beside the
        // new snapshot's read and audit (SPEC §8's 400 MB): they go first.
        // The filtered view keeps its keys (and reads its windows); its rows
        // are made on the reading thread once the screens hold the new
        // snapshot and the old one is let go (see `take_ahead`), as are
        // those owed: stopped before they came.
        let mut rebuild = self.loader.rows_owed.take().filter(|v| *v == self.view);
        let past = self.loader.let_go_past;
        if let Some(t) = self
            .tables
            .of_mut(self.view)
            .filter(|t| t.has_corpus() && t.corpus_len() > past)
        {
            t.drop_corpus();
            rebuild = Some(self.view);
            // Their pages go back to the system before the new snapshot
            // takes its own (freed, they would stay resident beside it).
            crate::tui::trim::release_free_memory();
        }
        let earlier = self.snap.earlier();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("lianluo-load".into()).spawn(move || {
            let store = match Store::open_beside(&path) {
                Ok(store) => store,
                Err(e) => return drop(tx.send(Err(e))),
            };
            let snap = match Snapshot::load_after(&store, today, lang, earlier) {
                Ok(snap) => Arc::new(snap),
                Err(e) => return drop(tx.send(Err(e))),
            };
            let Some(view) = rebuild else {
                return drop(tx.send(Ok(Box::new(Loaded { snap, rows: None }))));
            };
            // The snapshot goes to the screens first, and the old one is let
            // go, before the rows are made: made here beside both, they
            // were the peak of a province's memory.
            let (rows_tx, rows_rx) = std::sync::mpsc::channel();
            let stop = Arc::new(AtomicBool::new(false));
            let rows = Ahead {
                view,
                rx: rows_rx,
                stop: Arc::clone(&stop),
                keys_follow: true,
            };
            if tx
                .send(Ok(Box::new(Loaded {
                    snap: Arc::clone(&snap),
                    rows: Some(rows),
                })))
                .is_err()
            {
                return;
            }
            let made = pages::every_row(view, &store, &snap, lang, &stop);
            drop(snap);
            let _ = rows_tx.send(made);
        });
        match spawned {
            Ok(_) => {
                self.loader.pending = Some(rx);
                self.set_loading(true);
            }
            Err(e) => self.read_failed(e),
        }
    }

    /// Make the snapshot again on this thread (tests: what a key does is
    /// all done when it returns).
    fn read_snapshot_now(&mut self) {
        let earlier = self.snap.earlier();
        match Snapshot::load_after(&self.store, self.snap.today, self.lang, earlier) {
            Ok(snap) => self.take_snapshot(Arc::new(snap)),
            Err(e) => self.read_failed(e),
        }
    }

    /// Say the database could not be read (the screens keep what they show).
    fn read_failed(&mut self, e: impl std::fmt::Display) {
        self.warn(format!(
            "{}: {e}",
            self.tr("读取数据库失败", "cannot read the database")
        ));
    }

    /// Tell the tables whether data is on its way (they say so when empty).
    pub(super) fn set_loading(&mut self, on: bool) {
        for t in self.tables.all_mut() {
            t.loading = on;
        }
    }

    /// Take a snapshot read in the background, if it has arrived.
    pub(super) fn take_pending(&mut self) {
        let Some(got) = self.loader.pending.as_ref().and_then(arrived) else {
            return;
        };
        self.loader.pending = None;
        self.set_loading(false);
        match got {
            Ok(loaded) => {
                let Loaded { snap, rows } = *loaded;
                self.stop_ahead();
                self.loader.ahead = rows;
                self.take_snapshot(snap);
            }
            Err(e) => self.read_failed(e),
        }
        self.wants.redraw = true;
        if std::mem::take(&mut self.loader.again) {
            self.read_snapshot();
        }
    }

    /// While the roster is shown with the snapshot's marks, its rows are
    /// made on another thread (at province, reading and formatting 200,000
    /// rows takes half a second): the first key of a `/` filter, or a sort,
    /// then only matches or orders them. Never beside a snapshot's read:
    /// one stops them.
    pub(super) fn roster_ahead(&mut self) {
        if self.view != View::Contacts {
            // (A filtered view's rows after a snapshot go on while it is shown.)
            if self.loader.ahead.as_ref().is_some_and(|a| a.view != self.view) {
                self.stop_ahead();
            }
            return;
        }
        let waiting = self.loader.ahead.is_some() || self.loader.pending.is_some();
        if !self.loader.ahead_on
            || waiting
            || self.loader.ahead_failed == Some(self.loader.generation)
            || self.snap.dir.cells.is_empty()
            || self.tables.contacts.has_corpus()
        {
            return;
        }
        let snap = Arc::clone(&self.snap);
        let (path, lang) = (self.store.path().to_path_buf(), self.lang);
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let spawned = std::thread::Builder::new()
            .name("lianluo-roster".into())
            .spawn(move || {
                let rows = Store::open_beside(&path)
                    .and_then(|store| pages::every_row(View::Contacts, &store, &snap, lang, &stopped));
                let _ = tx.send(rows);
            });
        // (Not started: the first filter key makes them, as without.)
        if spawned.is_ok() {
            self.loader.ahead = Some(Ahead {
                view: View::Contacts,
                rx,
                stop,
                keys_follow: false,
            });
        }
    }

    /// The rows being made ahead would come too late (a change, a
    /// snapshot to read, the view left): they stop being made, and what
    /// was made of them is let go. A filtered view's, let go for a
    /// snapshot, are owed to the next read.
    fn stop_ahead(&mut self) {
        if let Some(ahead) = self.loader.ahead.take() {
            ahead.stop.store(true, Ordering::Relaxed);
            if ahead.keys_follow {
                self.loader.rows_owed = Some(ahead.view);
            }
        }
    }

    /// Take the rows made ahead, if they have come while their view is
    /// still shown.
    fn take_ahead(&mut self) {
        let Some(got) = self.loader.ahead.as_ref().and_then(|ahead| arrived(&ahead.rx)) else {
            return;
        };
        let Some(Ahead { view, keys_follow, .. }) = self.loader.ahead.take() else {
            return;
        };
        match got {
            Ok(Some(rows)) if self.view == view => {
                if let Some(table) = self.tables.of_mut(view).filter(|t| !t.has_corpus()) {
                    table.set_corpus(rows);
                    if keys_follow {
                        table.rows_changed(&[], Vec::new());
                        self.fill_window(view);
                    }
                    self.wants.redraw = true;
                }
            }
            // (Said when a filter reads the rows itself.)
            Err(e) if keys_follow => self.read_failed(e),
            Err(_) => self.loader.ahead_failed = Some(self.loader.generation),
            _ => {}
        }
    }

    /// A new snapshot replaces the old one whole: every view's rows are
    /// made again (the current view's now, the others' when shown), the
    /// cursors staying on their codes.
    pub(super) fn take_snapshot(&mut self, snap: Arc<Snapshot>) {
        // The roster's and the ledger's rows whose marks (gaps, overdue)
        // moved: a finding of theirs came or went.
        let moved = |kind: Kind| -> Vec<String> {
            let marked = |s: &Snapshot| -> HashSet<(String, &'static str)> {
                s.findings
                    .iter()
                    .filter(|f| f.kind == kind)
                    .map(|f| (f.code.clone(), f.rule))
                    .collect()
            };
            let (before, after) = (marked(&self.snap), marked(&snap));
            let codes: std::collections::BTreeSet<String> =
                before.symmetric_difference(&after).map(|(c, _)| c.clone()).collect();
            codes.into_iter().collect()
        };
        let marks_moved = [
            (View::Contacts, moved(Kind::Contact)),
            (View::Suggestions, moved(Kind::Suggestion)),
        ];
        let first = self.snap.dir.cells.is_empty();
        // The view whose rows follow this snapshot keeps its keys until
        // they come (made again now, they would be read here, whole).
        let following = self.loader.ahead.as_ref().filter(|a| a.keys_follow).map(|a| a.view);
        self.snap = snap;
        // The old snapshot's pages go back to the system, not kept free
        // beside the next one.
        crate::tui::trim::release_free_memory();
        // A filter or sort keeps its rows: those whose marks moved are read
        // again (the rows a change named were, when it was followed).
        for (view, codes) in marks_moved {
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            if let Some(table) = self.tables.of_mut(view) {
                // (The first snapshot: the rows shown before it had no marks.)
                if first {
                    table.data_changed();
                } else if following == Some(view) {
                    table.window_changed();
                } else if let Err(e) = pages::rows_changed(view, table, &codes, &self.store, &self.snap, self.lang) {
                    table.data_changed();
                    self.store_error(e);
                }
            }
        }
        self.loader.stale = View::ALL.to_vec();
        if self.loader.background {
            self.ensure_rows(self.view);
        } else {
            for v in View::ALL {
                self.ensure_rows(v);
            }
        }
        // (An empty snapshot is one being read: the selection waits.)
        if !self.snap.dir.cells.is_empty() && self.map.selected.as_ref().is_none_or(|c| self.snap.cell(c).is_none()) {
            self.map.selected = self.snap.dir.cells.first().map(|c| c.code.to_string());
        }
        self.wants.redraw = true;
    }

    /// Build a view's table rows if the snapshot changed since they were built.
    pub(super) fn ensure_rows(&mut self, view: View) {
        let Some(at) = self.loader.stale.iter().position(|v| *v == view) else {
            return;
        };
        self.loader.stale.swap_remove(at);
        let (snap, lang) = (&self.snap, self.lang);
        match view {
            // Their rows are read from the database (see `take_snapshot`);
            // a filter's, let go while it was made, come after it (`take_ahead`).
            View::Contacts | View::Suggestions => {}
            View::Cells | View::Deputies => {
                if let Some(table) = self.table_of_mut(view) {
                    table.data_changed();
                }
            }
            View::Stations => self.tables.stations.set_rows(views::stations::rows(snap, lang)),
            View::Gaps => self.tables.gaps.set_rows(views::gaps::rows(snap, lang)),
            View::Units => self.tables.units.set_rows(views::units::rows(snap, lang)),
            View::Overview | View::Map => {}
        }
        self.fill_window(view);
    }

    /// Make a paged view (Contacts, Suggestions, Cells, Deputies) ready to draw: its keys
    /// following its filter, sort and data, its window holding the rows
    /// shown. Cheap when nothing changed: called after every key and
    /// before every draw.
    pub(super) fn fill_window(&mut self, view: View) {
        let scope = self.query.scope();
        let table = match view {
            View::Contacts => &mut self.tables.contacts,
            View::Suggestions => &mut self.tables.suggestions,
            View::Cells => &mut self.tables.cells,
            View::Deputies => &mut self.tables.deputies,
            _ => return,
        };
        if let Err(e) = pages::fill(view, table, scope, &self.store, &self.snap, self.lang) {
            table.set_keys(crate::model::Packed::default());
            self.store_error(e);
        }
    }

    /// About once a second: when another operator changed the database,
    /// follow it ([`App::changed`]). Also takes a snapshot read in the
    /// background as soon as it is there.
    pub fn tick(&mut self) {
        self.take_pending();
        self.take_ahead();
        if self.loader.last_check.elapsed() < Duration::from_millis(900) {
            return;
        }
        self.loader.last_check = Instant::now();
        self.follow_others();
    }

    /// Follow another operator's change, if the database shows one.
    pub fn follow_others(&mut self) {
        if let Ok(v) = self.store.data_version() {
            if v != self.loader.data_version {
                self.changed();
            }
        }
    }
}

/// What a reading thread sent, once it has (None while it works); one that
/// ended without a word failed.
fn arrived<T>(rx: &Receiver<Result<T, StoreError>>) -> Option<Result<T, StoreError>> {
    match rx.try_recv() {
        Ok(got) => Some(got),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(Err(StoreError::Refused("the reading thread stopped".into()))),
    }
}
