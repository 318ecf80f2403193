//! What the screens show, read once per reload: the county, its findings
//! and cell summaries (from `coverage`), the row versions the operator saw,
//! the lookup index, and code → row indices for joins. Views read this;
//! only the app asks the store for it.

use crate::coverage::{self, CellSummary, DeputySummary, Finding, Overview};
use crate::i18n::Lang;
use crate::model::{sanitize, Dataset};
use crate::search::SearchIndex;
use crate::spatial::{CellIndex, Shapes};
use crate::store::{Store, StoreError, Versions};
use chrono::NaiveDate;
use std::collections::HashMap;

pub struct Snapshot {
    pub ds: Dataset,
    pub findings: Vec<Finding>,
    pub cells: Vec<CellSummary>,
    pub deputies: Vec<DeputySummary>,
    pub overview: Overview,
    /// The cells' shapes and the R-tree over their boxes: the map asks it
    /// for the cells in view rather than looking at every cell.
    pub cells_index: CellIndex,
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
}

/// A row whose version was not read (no stale-screen check for it).
const UNKNOWN: i64 = i64::MIN;

/// The versions of `table`'s rows, by position in `rows` (sorted by code,
/// as the store reads both).
fn aligned_versions<T>(
    store: &Store,
    table: &str,
    rows: &[T],
    key: impl Fn(&T) -> &str,
) -> Result<Vec<i64>, StoreError> {
    let mut versions = vec![UNKNOWN; rows.len()];
    let mut at = 0;
    store.each_version(table, |code, v| {
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
        // The rows and their versions from one state of the database.
        let (ds, contact_versions, suggestion_versions) = store.reading(|store| {
            let ds = store.load_year(today)?;
            let contacts = aligned_versions(store, "contacts", &ds.contacts, |c| &c.code)?;
            let suggestions = aligned_versions(store, "suggestions", &ds.suggestions, |s| &s.code)?;
            Ok((ds, contacts, suggestions))
        })?;
        let mut snap = Snapshot::from_dataset(ds, today, lang);
        snap.contact_versions = contact_versions;
        snap.suggestion_versions = suggestion_versions;
        Ok(snap)
    }

    /// The versions the operator saw of these rows of `table` (`contacts`
    /// or `suggestions`), for the store's stale-screen check.
    pub fn seen_versions(&self, table: &str, codes: &[String]) -> Versions {
        codes
            .iter()
            .filter_map(|code| {
                let v = match table {
                    "contacts" => self.position_of(&self.ds.contacts, code, |c| &c.code, &self.contact_versions),
                    _ => self.position_of(&self.ds.suggestions, code, |s| &s.code, &self.suggestion_versions),
                };
                v.map(|v| (code.clone(), v))
            })
            .collect()
    }

    /// Note the versions of rows the operator has just written.
    pub fn saw_versions(&mut self, table: &str, seen: &Versions) {
        for (code, v) in seen {
            let (at, versions) = match table {
                "contacts" => (
                    position(&self.ds.contacts, code, |c| &c.code),
                    &mut self.contact_versions,
                ),
                _ => (
                    position(&self.ds.suggestions, code, |s| &s.code),
                    &mut self.suggestion_versions,
                ),
            };
            if let Some(slot) = at.and_then(|i| versions.get_mut(i)) {
                *slot = *v;
            }
        }
    }

    fn position_of<T>(&self, rows: &[T], code: &str, key: impl Fn(&T) -> &str, versions: &[i64]) -> Option<i64> {
        position(rows, code, key)
            .and_then(|i| versions.get(i).copied())
            .filter(|v| *v != UNKNOWN)
    }

    pub fn from_dataset(mut ds: Dataset, today: NaiveDate, lang: Lang) -> Snapshot {
        // Lookups by code are binary searches (nearly free on data read
        // from the store, which comes sorted).
        ds.sort();
        let (findings, cells, deputies, cells_index, search) = std::thread::scope(|scope| {
            // The lookup index (details like "deputy · township · …" in the
            // operator's language) does not depend on the audit: built on
            // a second core, it is ready when the audit is.
            let search = scope.spawn(|| SearchIndex::build_in(&ds, lang));
            // The cell shapes are parsed once, for the spatial rules and the map.
            let index = CellIndex::new(&ds);
            // Count the facts once for the audit and both summaries.
            let (findings, cells, deputies) = {
                let facts = coverage::Facts::new(&ds, today).using(&index);
                let findings = coverage::audit_facts(&facts, &[]);
                let cells = coverage::cell_summaries_facts(&facts, &findings);
                let deputies = coverage::deputy_summaries_facts(&facts);
                (findings, cells, deputies)
            };
            // A panic while building the index is a bug; pass it on unchanged.
            let search = search.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (findings, cells, deputies, index, search)
        });
        // The shapes are parsed: the cells' GeoJSON text (20 MB at province)
        // is not read again. The TUI draws from `shapes` and never writes a
        // cell back, so nothing can store the emptied field.
        for cell in &mut ds.cells {
            cell.geometry = None;
        }
        let overview = coverage::overview(&ds, today, &findings);
        let centroids = (0..ds.cells.len())
            .map(|i| cells_index.shapes().centroid(i).map(|p| (p.x(), p.y())))
            .collect();
        let mut findings_by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            findings_by_code.entry(f.code.clone()).or_default().push(i);
        }
        Snapshot {
            findings_by_code,
            ds,
            findings,
            cells,
            deputies,
            overview,
            cells_index,
            centroids,
            search,
            contact_versions: Vec::new(),
            suggestion_versions: Vec::new(),
            today,
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
        self.findings_for(code).any(|f| f.rule == "suggestion-overdue")
    }
}
