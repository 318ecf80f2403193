//! What the screens show beside the rows read from the database: the
//! county, its findings and cell summaries (from `coverage`), the row
//! versions the operator saw, the lookup index. Read whole once (on
//! another thread); after that, changes are followed row by row from the
//! audit log ([`Snapshot::patch`]) and the audit made again of the rows as
//! patched ([`Derived`]). Views read this; only the app asks the store.

use crate::coverage::{self, CellSummary, DeputySummary, Finding, Overview};
use crate::i18n::Lang;
use crate::model::{sanitize, Contact, Dataset, Reception, Suggestion, Text};
use crate::search::SearchIndex;
use crate::spatial::{CellIndex, Shapes};
use crate::store::{Store, StoreError, Versions};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::sync::Arc;

/// The tables whose rows the snapshot keeps the versions of (the rows an
/// operator changes on the reception desk, checked as seen when saved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Contacts,
    Suggestions,
}

impl Table {
    /// Its name in the store.
    pub fn name(self) -> &'static str {
        match self {
            Table::Contacts => "contacts",
            Table::Suggestions => "suggestions",
        }
    }
}

pub struct Snapshot {
    /// The rows, shared with the thread that audits them again after a
    /// change (see [`Snapshot::patch`]).
    pub ds: Arc<Dataset>,
    pub findings: Vec<Finding>,
    pub cells: Vec<CellSummary>,
    pub deputies: Vec<DeputySummary>,
    pub overview: Overview,
    /// The cells' shapes and the R-tree over their boxes: the map asks it
    /// for the cells in view rather than looking at every cell.
    pub cells_index: Arc<CellIndex>,
    /// Each cell's centroid (lon, lat), by index into `ds.cells`.
    pub centroids: Vec<Option<(f64, f64)>>,
    pub search: SearchIndex,
    /// The version of each row of `ds.contacts` and `ds.suggestions` as
    /// read (same order; [`UNKNOWN`] when not read): what the operator saw,
    /// for refusing a change made from a stale screen. A number per row:
    /// a map by code cost 29 MB at province.
    contact_versions: Vec<i64>,
    suggestion_versions: Vec<i64>,
    /// Indices into `findings` by the code of the thing each names.
    pub findings_by_code: HashMap<String, Vec<usize>>,
    pub today: NaiveDate,
    /// The newest audit entry the rows include: changes after it are read
    /// row by row ([`Snapshot::patch`]).
    pub audit_id: i64,
}

/// What the gap audit makes of the rows: findings, summaries, the
/// Overview's numbers. Made again after every change, from the rows as
/// patched, on another thread.
pub struct Derived {
    pub findings: Vec<Finding>,
    pub cells: Vec<CellSummary>,
    pub deputies: Vec<DeputySummary>,
    pub overview: Overview,
    pub findings_by_code: HashMap<String, Vec<usize>>,
}

impl Derived {
    pub fn compute(ds: &Dataset, index: &CellIndex, today: NaiveDate) -> Derived {
        // Count the facts once for the audit and both summaries.
        let facts = coverage::Facts::new(ds, today).using(index);
        let findings = coverage::audit_facts(&facts, &[]);
        let cells = coverage::cell_summaries_facts(&facts, &findings);
        let deputies = coverage::deputy_summaries_facts(&facts);
        let overview = coverage::overview(ds, today, &findings);
        let mut findings_by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            findings_by_code.entry(f.code.clone()).or_default().push(i);
        }
        Derived {
            findings,
            cells,
            deputies,
            overview,
            findings_by_code,
        }
    }
}

/// What [`Snapshot::patch`] did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Patched {
    /// The audit entries followed (none: nothing changed).
    pub entries: usize,
    /// The codes of the contacts and of the suggestions read again.
    pub contacts: Vec<String>,
    pub suggestions: Vec<String>,
}

/// What a cell's geometry text becomes once parsed into its shape.
const PARSED: &str = "(parsed)";

/// A row whose version was not read (no stale-screen check for it).
const UNKNOWN: i64 = i64::MIN;

/// A row the audit log names, as read again.
enum Read {
    Contact(String, Option<(Contact, i64)>),
    Suggestion(String, Option<(Suggestion, i64)>),
    Assignment(Text, Text, bool),
    Reception((NaiveDate, Text, Text), Option<Reception>),
}

fn set_version(versions: &mut [i64], i: usize, version: i64) {
    if let Some(slot) = versions.get_mut(i) {
        *slot = version;
    }
}

/// The versions of `table`'s rows, by position in `rows` (sorted by code,
/// as the store reads both).
fn aligned_versions<T>(
    store: &Store,
    table: Table,
    rows: &[T],
    key: impl Fn(&T) -> &str,
) -> Result<Vec<i64>, StoreError> {
    let mut versions = vec![UNKNOWN; rows.len()];
    let mut at = 0;
    store.each_version(table.name(), |code, v| {
        // Both in code order: walk forward to the row, if it is there.
        while at < rows.len() && key(&rows[at]) < code {
            at += 1;
        }
        if at < rows.len() && key(&rows[at]) == code {
            versions[at] = v;
        }
    })?;
    Ok(versions)
}

/// The position of the row with this code in rows sorted by code (every
/// table of a [`Snapshot`] is: no code → index map is kept beside them).
fn position<T>(rows: &[T], code: &str, key: impl Fn(&T) -> &str) -> Option<usize> {
    rows.binary_search_by(|r| key(r).cmp(code)).ok()
}

/// The row with this code, as [`position`] finds it.
fn by_code<'a, T>(rows: &'a [T], code: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    position(rows, code, key).map(|i| &rows[i])
}

impl Snapshot {
    pub fn load(store: &Store, today: NaiveDate, lang: Lang) -> Result<Snapshot, StoreError> {
        // The rows, their versions and the last change they include, from
        // one state of the database.
        let (ds, contact_versions, suggestion_versions, audit_id) = store.reading(|store| {
            let ds = store.load_year(today)?;
            let contacts = aligned_versions(store, Table::Contacts, &ds.contacts, |c| &c.code)?;
            let suggestions = aligned_versions(store, Table::Suggestions, &ds.suggestions, |s| &s.code)?;
            Ok((ds, contacts, suggestions, store.last_audit_id()?))
        })?;
        let mut snap = Snapshot::from_dataset(ds, today, lang);
        snap.contact_versions = contact_versions;
        snap.suggestion_versions = suggestion_versions;
        snap.audit_id = audit_id;
        Ok(snap)
    }

    /// Follow the changes written since the snapshot was read, reading
    /// again only the rows they name; the findings and summaries are then
    /// out of date until [`Snapshot::set_derived`] brings them. None (and
    /// nothing changed) when the changes are not of rows it can follow one
    /// by one (an import, a setting; a contact added or removed, which the
    /// lookup index would have to follow), when there are more than
    /// `limit`, or while the rows are shared with an audit under way:
    /// then read everything again.
    pub fn patch(&mut self, store: &Store, limit: usize) -> Result<Option<Patched>, StoreError> {
        if Arc::get_mut(&mut self.ds).is_none() {
            return Ok(None);
        }
        store.reading(|store| {
            let Some(changes) = store.changes_since(self.audit_id, limit)? else {
                return Ok(None);
            };
            let mut reads = Vec::new();
            for (kind, code) in &changes.rows {
                let read = match kind.as_str() {
                    "contact" => Read::Contact(code.clone(), store.contact_row(code)?),
                    "suggestion" => Read::Suggestion(code.clone(), store.suggestion_row(code)?),
                    "assignment" => {
                        let Some((deputy, cell)) = code.split_once('/') else {
                            return Ok(None);
                        };
                        let on = store.is_assigned(deputy, cell)?;
                        Read::Assignment(deputy.into(), cell.into(), on)
                    }
                    "reception" => {
                        let mut parts = code.splitn(3, '/');
                        let (Some(date), Some(station), Some(deputy)) = (parts.next(), parts.next(), parts.next())
                        else {
                            return Ok(None);
                        };
                        let Some(date) = crate::model::parse_iso_date(date) else {
                            return Ok(None);
                        };
                        let row = store.reception_row(date, station, deputy)?;
                        Read::Reception((date, station.into(), deputy.into()), row)
                    }
                    _ => return Ok(None),
                };
                reads.push(read);
            }
            Ok(self.apply(reads, changes.last))
        })
    }

    /// Put rows read again in place; None (nothing changed) when one of
    /// them cannot be followed row by row.
    fn apply(&mut self, reads: Vec<Read>, last: i64) -> Option<Patched> {
        let ds = Arc::get_mut(&mut self.ds)?;
        // A contact added or removed would move the lookup index's rows.
        let contacts_stay = reads.iter().all(|r| match r {
            Read::Contact(code, row) => position(&ds.contacts, code, |c| &c.code).is_some() == row.is_some(),
            _ => true,
        });
        if !contacts_stay {
            return None;
        }
        let mut patched = Patched {
            entries: reads.len(),
            ..Patched::default()
        };
        let year = self.today.year();
        for read in reads {
            match read {
                Read::Contact(code, row) => {
                    if let (Some(i), Some((contact, version))) = (position(&ds.contacts, &code, |c| &c.code), row) {
                        ds.contacts[i] = contact;
                        set_version(&mut self.contact_versions, i, version);
                    }
                    patched.contacts.push(code);
                }
                Read::Suggestion(code, row) => {
                    let at = ds.suggestions.binary_search_by(|s| s.code.as_str().cmp(&code));
                    // Versions are kept beside the rows only when they were
                    // read with them (a snapshot made from a bare dataset
                    // has none: no stale-screen check).
                    let versions = (self.suggestion_versions.len() == ds.suggestions.len())
                        .then_some(&mut self.suggestion_versions);
                    match (at, row, versions) {
                        (Ok(i), Some((s, version)), v) => {
                            ds.suggestions[i] = s;
                            if let Some(v) = v {
                                set_version(v, i, version);
                            }
                        }
                        (Ok(i), None, v) => {
                            ds.suggestions.remove(i);
                            if let Some(v) = v {
                                v.remove(i);
                            }
                        }
                        (Err(i), Some((s, version)), v) => {
                            ds.suggestions.insert(i, s);
                            if let Some(v) = v {
                                v.insert(i, version);
                            }
                        }
                        (Err(_), None, _) => {}
                    }
                    patched.suggestions.push(code);
                }
                Read::Assignment(deputy, cell, on) => {
                    let a = crate::model::Assignment {
                        deputy_code: deputy,
                        cell_code: cell,
                    };
                    match (ds.assignments.binary_search(&a), on) {
                        (Err(i), true) => ds.assignments.insert(i, a),
                        (Ok(i), false) => {
                            ds.assignments.remove(i);
                        }
                        _ => {}
                    }
                }
                Read::Reception(key, row) => {
                    // The snapshot holds this year's receptions only.
                    if key.0.year() != year {
                        continue;
                    }
                    let at = ds.receptions.binary_search_by(|r| {
                        (r.date, r.station_code.as_str(), r.deputy_code.as_str()).cmp(&(
                            key.0,
                            key.1.as_str(),
                            key.2.as_str(),
                        ))
                    });
                    match (at, row) {
                        (Ok(i), Some(r)) => ds.receptions[i] = r,
                        (Ok(i), None) => {
                            ds.receptions.remove(i);
                        }
                        (Err(i), Some(r)) => ds.receptions.insert(i, r),
                        (Err(_), None) => {}
                    }
                }
            }
        }
        self.audit_id = last;
        Some(patched)
    }

    /// The audit's findings and summaries, made again after a patch.
    pub fn set_derived(&mut self, d: Derived) {
        self.findings = d.findings;
        self.cells = d.cells;
        self.deputies = d.deputies;
        self.overview = d.overview;
        self.findings_by_code = d.findings_by_code;
    }

    /// The versions the operator saw of these rows of `table`, for the
    /// store's stale-screen check.
    pub fn seen_versions(&self, table: Table, codes: &[String]) -> Versions {
        codes
            .iter()
            .filter_map(|code| {
                let i = self.row_position(table, code)?;
                let v = self.versions(table).get(i).copied().filter(|v| *v != UNKNOWN)?;
                Some((code.clone(), v))
            })
            .collect()
    }

    /// Note the versions of rows the operator has just written.
    pub fn saw_versions(&mut self, table: Table, seen: &Versions) {
        for (code, v) in seen {
            if let Some(i) = self.row_position(table, code) {
                set_version(self.versions_mut(table), i, *v);
            }
        }
    }

    /// Where a row of `table` stands among its rows, and so among its
    /// versions.
    fn row_position(&self, table: Table, code: &str) -> Option<usize> {
        match table {
            Table::Contacts => position(&self.ds.contacts, code, |c| &c.code),
            Table::Suggestions => position(&self.ds.suggestions, code, |s| &s.code),
        }
    }

    fn versions(&self, table: Table) -> &[i64] {
        match table {
            Table::Contacts => &self.contact_versions,
            Table::Suggestions => &self.suggestion_versions,
        }
    }

    fn versions_mut(&mut self, table: Table) -> &mut [i64] {
        match table {
            Table::Contacts => &mut self.contact_versions,
            Table::Suggestions => &mut self.suggestion_versions,
        }
    }

    pub fn from_dataset(mut ds: Dataset, today: NaiveDate, lang: Lang) -> Snapshot {
        // Lookups by code are binary searches (nearly free on data read
        // from the store, which comes sorted).
        ds.sort();
        let (derived, cells_index, search) = std::thread::scope(|scope| {
            // The lookup index (details like "deputy · township · …" in the
            // operator's language) does not depend on the audit: built on
            // a second core, it is ready when the audit is.
            let search = scope.spawn(|| SearchIndex::build_in(&ds, lang));
            // The cell shapes are parsed once, for the spatial rules and the map.
            let index = CellIndex::new(&ds);
            let derived = Derived::compute(&ds, &index, today);
            // A panic while building the index is a bug; pass it on unchanged.
            let search = search.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (derived, index, search)
        });
        // The shapes are parsed: the cells' GeoJSON text (20 MB at province)
        // is not read again. The TUI draws from `shapes` and never writes a
        // cell back, so nothing can store the emptied field. What the audit
        // (made again after each change) asks of it stays true: whether a
        // cell has geometry at all; text that could not be read is kept.
        for (i, cell) in ds.cells.iter_mut().enumerate() {
            if cells_index.shapes().cell(i).is_some() {
                cell.geometry = Some(PARSED.to_string());
            }
        }
        let centroids = (0..ds.cells.len())
            .map(|i| cells_index.shapes().centroid(i).map(|p| (p.x(), p.y())))
            .collect();
        Snapshot {
            findings_by_code: derived.findings_by_code,
            ds: Arc::new(ds),
            findings: derived.findings,
            cells: derived.cells,
            deputies: derived.deputies,
            overview: derived.overview,
            cells_index: Arc::new(cells_index),
            centroids,
            search,
            contact_versions: Vec::new(),
            suggestion_versions: Vec::new(),
            today,
            audit_id: 0,
        }
    }

    /// The cells' parsed shapes, by index into `ds.cells`.
    pub fn shapes(&self) -> &Shapes {
        self.cells_index.shapes()
    }

    /// The index of the cell with this code in `ds.cells`.
    pub fn cell_index(&self, code: &str) -> Option<usize> {
        position(&self.ds.cells, code, |c| &c.code)
    }
    pub fn cell(&self, code: &str) -> Option<&crate::model::Cell> {
        by_code(&self.ds.cells, code, |c| &c.code)
    }
    pub fn deputy(&self, code: &str) -> Option<&crate::model::Deputy> {
        by_code(&self.ds.deputies, code, |d| &d.code)
    }
    pub fn contact(&self, code: &str) -> Option<&crate::model::Contact> {
        by_code(&self.ds.contacts, code, |c| &c.code)
    }
    pub fn station(&self, code: &str) -> Option<&crate::model::Station> {
        by_code(&self.ds.stations, code, |s| &s.code)
    }
    pub fn suggestion(&self, code: &str) -> Option<&crate::model::Suggestion> {
        by_code(&self.ds.suggestions, code, |s| &s.code)
    }
    pub fn deputy_summary(&self, code: &str) -> Option<&DeputySummary> {
        by_code(&self.deputies, code, |s| &s.code)
    }
    pub fn summary(&self, code: &str) -> Option<&CellSummary> {
        by_code(&self.cells, code, |s| &s.code)
    }

    /// A deputy's or contact's name, sanitised; empty when unknown.
    pub fn person_name(&self, code: &str) -> String {
        if let Some(d) = self.deputy(code) {
            return sanitize(&d.name);
        }
        self.contact(code).map(|c| sanitize(&c.name)).unwrap_or_default()
    }
    pub fn deputy_name(&self, code: &str) -> String {
        self.deputy(code).map(|d| sanitize(&d.name)).unwrap_or_default()
    }
    pub fn cell_name(&self, code: &str) -> String {
        self.cell(code).map(|c| sanitize(&c.name)).unwrap_or_default()
    }
    /// A handling unit's name, sanitised; the code itself when unknown.
    pub fn unit_name(&self, code: &str) -> String {
        by_code(&self.ds.units, code, |u| &u.code)
            .map(|u| sanitize(&u.name))
            .unwrap_or_else(|| sanitize(code))
    }
    pub fn area_name(&self, code: &str) -> String {
        by_code(&self.ds.areas, code, |a| &a.code)
            .map(|a| sanitize(&a.name))
            .unwrap_or_default()
    }
    /// The village (or town) name of a cell, for tables.
    pub fn cell_village(&self, code: &str) -> String {
        let Some(cell) = self.cell(code) else {
            return String::new();
        };
        let (town, village) = self.ds.town_and_village(&cell.area_code);
        village.or(town).map(|a| sanitize(&a.name)).unwrap_or_default()
    }
    /// The codes of the deputies assigned to a cell. A scan of the
    /// assignments (a millisecond at province scale), asked once per detail
    /// or picker: cheaper than a map of every cell kept for it.
    pub fn cell_deputies(&self, cell: &str) -> Vec<&str> {
        self.ds
            .assignments
            .iter()
            .filter(|a| a.cell_code == cell)
            .map(|a| a.deputy_code.as_str())
            .collect()
    }
    /// The codes of the cells a deputy is assigned to, in the order of the
    /// assignments (a scan, as [`Snapshot::cell_deputies`]).
    pub fn deputy_cells(&self, deputy: &str) -> Vec<&str> {
        self.ds
            .assignments
            .iter()
            .filter(|a| a.deputy_code == deputy)
            .map(|a| a.cell_code.as_str())
            .collect()
    }
    /// Active contacts linked to a deputy (the picker shows it as load).
    pub fn deputy_load(&self, deputy: &str) -> usize {
        self.deputy_summary(deputy).map_or(0, |s| s.contacts)
    }
    /// The findings whose thing is this code.
    pub fn findings_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings_by_code
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.findings.get(i))
            .filter(move |f| f.code == code)
    }
    /// Whether a suggestion is overdue, as the rule says.
    pub fn is_overdue(&self, code: &str) -> bool {
        // Through the index by code: the Suggestions view asks this of every
        // row, and a province has 200,000 rows and 20,000 findings.
        self.findings_for(code).any(|f| f.rule == crate::coverage::OVERDUE)
    }
}
