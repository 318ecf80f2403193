//! Reading the database and following its changes: the snapshot read on
//! another thread, the rows patched from the audit log and the audit made
//! again, the paged views' windows filled.

use super::*;

/// What the reading thread sends: the snapshot, and the rows of the view
/// that was filtered or sorted when it started (see `App::prebuilt`).
pub(super) struct Loaded {
    snap: Snapshot,
    rows: Option<(View, Vec<Row>)>,
}

/// What work on another thread brings back.
pub(super) enum Arrival {
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

/// The reading of the database: what was last seen of it, and the work
/// under way on another thread.
pub(super) struct Loader {
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
}

impl Loader {
    pub(super) fn new(data_version: i64, background: bool) -> Loader {
        Loader {
            data_version,
            last_check: Instant::now(),
            background,
            pending: None,
            auditing: false,
            prebuilt: None,
            reload_again: false,
            stale: Vec::new(),
        }
    }

    /// Work is under way on another thread.
    pub(super) fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

impl App {
    /// Whether a snapshot is being read on another thread.
    pub fn loading(&self) -> bool {
        self.loader.pending.is_some()
    }

    /// Whether the audit is being made again after a change (see `refresh`).
    pub fn updating(&self) -> bool {
        self.loader.pending.is_some() && self.loader.auditing
    }

    /// Read the database on another thread; `tick` takes the result.
    pub(super) fn reload_in_background(&mut self) {
        if self.loader.pending.is_some() {
            self.loader.reload_again = true;
            return;
        }
        // Read the version first: a change landing during the read shows as
        // a newer version at the next check and reads again.
        if let Ok(v) = self.store.data_version() {
            self.loader.data_version = v;
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
                self.loader.pending = Some(rx);
                self.loader.auditing = false;
                self.set_loading(true);
            }
            Err(e) => self.warn(format!(
                "{}: {e}",
                self.tr("读取数据库失败", "cannot read the database")
            )),
        }
    }

    /// Tell the tables whether data is on its way (they say so when empty).
    pub(super) fn set_loading(&mut self, on: bool) {
        for t in self.tables.all_mut() {
            t.loading = on;
        }
    }

    /// Take a snapshot read in the background, if it has arrived.
    pub(super) fn take_pending(&mut self) {
        let Some(rx) = &self.loader.pending else { return };
        let got = match rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(StoreError::Refused("the reading thread stopped".into())),
        };
        self.loader.pending = None;
        self.loader.auditing = false;
        self.set_loading(false);
        match got {
            Ok(Arrival::Full(loaded)) => {
                self.snap = loaded.snap;
                self.loader.prebuilt = loaded.rows;
                self.rebuild_rows();
            }
            Ok(Arrival::Audit(derived)) => self.take_derived(*derived),
            Err(e) => self.warn(format!(
                "{}: {e}",
                self.tr("读取数据库失败", "cannot read the database")
            )),
        }
        self.wants.redraw = true;
        if std::mem::take(&mut self.loader.reload_again) {
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
        if self.loader.pending.is_some() {
            self.loader.reload_again = true;
            return;
        }
        if let Ok(v) = self.store.data_version() {
            self.loader.data_version = v;
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
        if !self.loader.background {
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
                self.loader.pending = Some(rx);
                self.loader.auditing = true;
                self.set_loading(true);
            }
            Err(_) => self.reload(),
        }
        self.fill_window(self.view);
        self.wants.redraw = true;
    }

    /// The audit made again after a patch: every view's marks and counts
    /// follow; the cursors stay on their codes.
    pub(super) fn take_derived(&mut self, derived: Derived) {
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
        for view in [View::Cells, View::Deputies, View::Stations, View::Gaps, View::Units] {
            if !self.loader.stale.contains(&view) {
                self.loader.stale.push(view);
            }
        }
        self.rows_changed(View::Contacts, &contacts);
        self.rows_changed(View::Suggestions, &suggestions);
        self.ensure_rows(self.view);
        self.fill_window(self.view);
        self.wants.redraw = true;
    }

    /// These rows of a paged view changed: read them again (see
    /// `pages::rows_changed`); on an error, everything is read again.
    pub(super) fn rows_changed(&mut self, view: View, codes: &[String]) {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let table = match view {
            View::Contacts => &mut self.tables.contacts,
            View::Suggestions => &mut self.tables.suggestions,
            _ => return,
        };
        if let Err(e) = pages::rows_changed(view, table, &codes, &self.store, &self.snap, self.lang) {
            table.data_changed();
            self.store_error(e);
        }
    }

    /// Read everything again and redraw in place, cursors on the same codes.
    pub(super) fn reload(&mut self) {
        if self.loader.background {
            return self.reload_in_background();
        }
        self.reload_now();
    }

    /// Read everything again on this thread (after the operator's own
    /// change: the next action must see it).
    pub(super) fn reload_now(&mut self) {
        // A read under way started before this one: it would bring older data.
        self.loader.pending = None;
        self.loader.auditing = false;
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
            self.loader.data_version = v;
        }
        self.wants.redraw = true;
    }

    /// The snapshot changed: rebuild the tables' rows (in the background
    /// mode, the current view's now and the others' when first shown).
    pub(super) fn rebuild_rows(&mut self) {
        self.loader.stale = View::ALL.to_vec();
        if self.loader.background {
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
    pub(super) fn ensure_rows(&mut self, view: View) {
        let Some(at) = self.loader.stale.iter().position(|v| *v == view) else {
            return;
        };
        self.loader.stale.swap_remove(at);
        let prebuilt = self.loader.prebuilt.take_if(|(v, _)| *v == view).map(|(_, rows)| rows);
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
            table.set_keys(Vec::new());
            self.store_error(e);
        }
    }

    /// About once a second: when another operator changed the database,
    /// reload and refresh in place. Also takes a snapshot read in the
    /// background as soon as it is there.
    pub fn tick(&mut self) {
        self.take_pending();
        if self.loader.last_check.elapsed() < Duration::from_millis(900) {
            return;
        }
        self.loader.last_check = Instant::now();
        if let Ok(v) = self.store.data_version() {
            if v != self.loader.data_version {
                self.refresh();
            }
        }
    }
}
