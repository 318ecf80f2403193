//! What the screens keep of the database between frames: what the gap
//! audit made of it (the findings, the per-cell, per-deputy, per-unit and
//! per-station counts, the Overview's figures), the cells' shapes for
//! the map, and the directory of the places (areas, cells, stations,
//! units) that the map, lookups and the names beside codes read. The
//! people and the rows — deputies and contacts in lookups, pickers and
//! details, contacts and suggestions in the tables, a detail's
//! suggestions, receptions, rota and activities — are read from the
//! database when shown (`pages`, `Store::around`, `store/people.rs`),
//! never kept.
//!
//! A snapshot is made whole, on another thread, from one read (see
//! [`Snapshot::load`]: the places and the deputies read; the assignments,
//! contacts and the year's receptions, suggestions, rota slots and
//! activities counted as they are read; of the deputies, only their codes
//! kept beside their counts once audited) and replaced whole after any
//! change, the
//! operator's own or another's (one path, see `app::loader`). What no
//! change since touched — the cells' shapes, or the places whole with
//! their lookup index — it shares with the snapshot before it
//! ([`Snapshot::load_after`]).

use crate::coverage::{
    self, CellCounts, CellSummary, DeputyCounts, DeputySummary, DeputyTable, Finding, Overview, SuggestionCounts,
};
use crate::i18n::Lang;
use crate::model::{sanitize, Dataset, Deputy, Packed};
use crate::rota::DutyTerms;
use crate::search::SearchIndex;
use crate::spatial::{CellIndex, Shapes};
use crate::store::{Kind, Store, StoreError};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The tables whose rows' versions a change made from the screen checks
/// (the rows an operator changes on the reception desk).
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

/// A handling unit's figures of the year (the Units view), by index into
/// the directory's units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFigures {
    pub counts: SuggestionCounts,
    pub co_handled: u64,
}

pub struct Snapshot {
    /// The places: areas, cells (without their shapes' text), stations,
    /// units and the settings. No people (deputies, contacts, assignments),
    /// suggestions, receptions, rota or activities: those are read from
    /// the database where shown (`pages`, `Store::around`, the pickers and
    /// the lookup).
    pub dir: Arc<Dataset>,
    pub findings: Vec<Finding>,
    /// Each cell's counts, by index into `dir.cells` (sorted by code): its
    /// summary is made of them and the directory when shown
    /// ([`Snapshot::summary`]).
    cells: Vec<CellCounts>,
    /// The deputies' codes, sorted, and each one's counts at the same
    /// place: a deputy's summary is made of them and its row, read from
    /// the database where shown ([`Snapshot::deputy_summary`]).
    deputy_codes: Packed,
    deputy_counts: Vec<DeputyCounts>,
    pub overview: Overview,
    /// Each unit's figures of the year, by index into `dir.units`.
    pub units: Vec<UnitFigures>,
    /// Each station's receptions of the year to today, by index into `dir.stations`.
    pub station_receptions: Vec<usize>,
    /// The cells' shapes and the R-tree over their boxes: the map asks it
    /// for the cells in view rather than looking at every cell.
    pub cells_index: Arc<CellIndex>,
    /// Each cell's centroid (lon, lat), by index into `dir.cells`.
    pub centroids: Vec<Option<(f64, f64)>>,
    /// The lookup index over `dir`'s places (shared with the next snapshot
    /// when it keeps them).
    pub search: Arc<SearchIndex>,
    /// Indices into `findings` in the order of the codes of the things
    /// they name (in the findings' order among one code): a binary search
    /// finds a code's, in 4 bytes a finding where a map by code took 120.
    by_code: Vec<u32>,
    /// The titles of the suggestions the findings name, sanitised, by code
    /// (see [`Snapshot::title`]).
    titles: HashMap<String, String>,
    /// The names of the people the findings and the next reception day's
    /// rota name, sanitised, by code (see [`Snapshot::named`]).
    names: HashMap<String, String>,
    pub today: NaiveDate,
    /// The newest audit entry the snapshot includes.
    pub audit_id: i64,
}

/// What a new snapshot may keep of an earlier one: its cells' shapes
/// (with what its directory says of each cell's geometry), when no change
/// since its audit entry touched a cell; its whole directory of places,
/// with their lookup index, when none touched a place (see [`kept_since`]).
pub struct Earlier {
    cells_index: Arc<CellIndex>,
    /// Its directory (shared, not copied), for each cell's code and geometry.
    dir: Arc<Dataset>,
    search: Arc<SearchIndex>,
    audit_id: i64,
}

/// What a snapshot's read gives its audit: the places read (with the
/// deputies, and the shapes when none are kept), or the places of an
/// earlier snapshot with the deputies read.
#[expect(clippy::large_enum_variant, reason = "one per snapshot read, moved once")]
enum Places {
    Read { ds: Dataset, index: Option<Arc<CellIndex>> },
    Kept { earlier: Earlier, deputies: DeputyTable },
}

/// What a cell's geometry text becomes once parsed into its shape.
const PARSED: &str = "(parsed)";

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
    /// Read the database once (one transaction) and make of it what the
    /// screens keep: at province about two seconds, on another thread in
    /// a real terminal.
    pub fn load(store: &Store, today: NaiveDate, lang: Lang) -> Result<Snapshot, StoreError> {
        Snapshot::load_after(store, today, lang, None)
    }

    /// What a later snapshot may keep of this one (see
    /// [`Snapshot::load_after`]); none from an empty one (being read).
    pub fn earlier(&self) -> Option<Earlier> {
        (!self.dir.cells.is_empty()).then(|| Earlier {
            cells_index: Arc::clone(&self.cells_index),
            dir: Arc::clone(&self.dir),
            search: Arc::clone(&self.search),
            audit_id: self.audit_id,
        })
    }

    /// [`Snapshot::load`], keeping the cells' shapes of `earlier` when no
    /// change since it touched a cell (parsing them again is a fifth of
    /// the work at province, and a second copy of them while both live),
    /// and its places when none touched a place (read again, they were a
    /// second copy of 20 MB at province beside the screens' own).
    pub fn load_after(
        store: &Store,
        today: NaiveDate,
        lang: Lang,
        earlier: Option<Earlier>,
    ) -> Result<Snapshot, StoreError> {
        store.reading(|store| {
            let audit_id = store.last_audit_id()?;
            let kept = match &earlier {
                Some(e) => kept_since(store, e.audit_id)?,
                None => Kept::Nothing,
            };
            let places = match (kept, earlier) {
                (Kept::Places, Some(e)) if e.search.lang() == lang => Places::Kept {
                    earlier: e,
                    deputies: deputy_table(store)?,
                },
                (Kept::Places | Kept::Shapes, Some(e)) => {
                    let mut ds = store.load_screens(false)?;
                    if same_cells(&ds, &e.dir) {
                        // What the rules ask of a cell's geometry: as the
                        // earlier snapshot had it (parsed, unreadable, none).
                        for (cell, was) in ds.cells.iter_mut().zip(&e.dir.cells) {
                            cell.geometry.clone_from(&was.geometry);
                        }
                        Places::Read {
                            ds,
                            index: Some(Arc::clone(&e.cells_index)),
                        }
                    } else {
                        Places::Read {
                            ds: store.load_screens(true)?,
                            index: None,
                        }
                    }
                }
                _ => Places::Read {
                    ds: store.load_screens(true)?,
                    index: None,
                },
            };
            // (What the read grew and let go, given back before the
            // audit takes its own.)
            crate::tui::trim::release_free_memory();
            let mut snap = Snapshot::of(places, today, lang, |ds, deputies, index| {
                Audit::of_read(ds, deputies, index, today, store, audit_id)
            })?;
            // The one list of people the Overview names: the next
            // reception day's rota.
            let rota: Vec<&str> = snap
                .overview
                .next_reception
                .iter()
                .flat_map(|n| &n.rota)
                .map(|r| r.deputy_code.as_str())
                .collect();
            (snap.titles, snap.names) = names_shown(store, &snap.findings, &rota)?;
            snap.audit_id = audit_id;
            Ok(snap)
        })
    }

    /// The snapshot of nothing: what the screens show before the first
    /// one is read.
    pub fn empty(today: NaiveDate, lang: Lang) -> Snapshot {
        let places = Places::Read {
            ds: Dataset::default(),
            index: None,
        };
        let nothing = Snapshot::of(places, today, lang, |ds, deputies, index| {
            Ok::<_, std::convert::Infallible>(Audit::of_dataset(ds, deputies, index, today))
        });
        let Ok(snap) = nothing;
        snap
    }

    /// What the screens keep of the places and deputies read for them (see
    /// `Store::load_screens`): their `audit` as of `today`; then the cells'
    /// and deputies' counts kept, the deputies' codes with them, the places kept
    /// as the directory, with their lookup index (both those of an earlier
    /// snapshot when its places are kept). The cells' shapes are parsed
    /// unless given.
    fn of<E>(
        places: Places,
        today: NaiveDate,
        lang: Lang,
        audit: impl FnOnce(&Dataset, &DeputyTable, &CellIndex) -> Result<Audit, E>,
    ) -> Result<Snapshot, E> {
        let (dir, deputies, cells_index, search) = match places {
            // (The store reads the deputies in code order.)
            Places::Kept { earlier, deputies } => (earlier.dir, deputies, earlier.cells_index, Some(earlier.search)),
            Places::Read { mut ds, index } => {
                // Lookups by code are binary searches (nearly free on data
                // read from the store, which comes sorted).
                ds.sort();
                let cells_index = index.unwrap_or_else(|| Arc::new(CellIndex::new(&ds)));
                // What the rules and the screens ask of a cell's geometry:
                // parsed (its shape is in the index), text that could not
                // be read, or none.
                for (i, cell) in ds.cells.iter_mut().enumerate() {
                    if cells_index.shapes().cell(i).is_some() {
                        cell.geometry = Some(PARSED.to_string());
                    }
                }
                // The boundary's shape is in the index too; its code names
                // `territory-uncovered`'s finding.
                if let Some(b) = &mut ds.boundary {
                    b.geometry = String::new();
                }
                let deputies = DeputyTable::of(&std::mem::take(&mut ds.deputies));
                // The rest of the people and the receptions (held by a
                // Dataset audited whole: the snapshot of nothing) are read
                // where shown.
                ds.contacts = Vec::new();
                ds.assignments = Vec::new();
                ds.receptions = Vec::new();
                (Arc::new(ds), deputies, cells_index, None)
            }
        };
        let audit = audit(&dir, &deputies, &cells_index)?;
        // Of the deputies' rows, the codes are kept beside their counts
        // (the rows are read again where shown).
        let deputy_codes = deputies.into_codes();
        let mut deputy_counts = audit.deputy_counts;
        deputy_counts.shrink_to_fit();
        let mut cells = audit.cell_counts;
        cells.shrink_to_fit();
        crate::tui::trim::release_free_memory();
        // It points at rows of the directory, which stay where they are.
        let search = search.unwrap_or_else(|| Arc::new(SearchIndex::build_in(&dir, lang)));
        let centroids = (0..dir.cells.len())
            .map(|i| cells_index.shapes().centroid(i).map(|p| (p.x(), p.y())))
            .collect();
        Ok(Snapshot {
            by_code: audit.by_code,
            // (Read by `load_after` for the findings: the audit's rows have no text.)
            titles: HashMap::new(),
            names: HashMap::new(),
            dir,
            findings: audit.findings,
            cells,
            deputy_codes,
            deputy_counts,
            overview: audit.overview,
            units: audit.units,
            station_receptions: audit.station_receptions,
            cells_index,
            centroids,
            search,
            today,
            audit_id: 0,
        })
    }

    /// The cells' parsed shapes, by index into `ds.cells`.
    pub fn shapes(&self) -> &Shapes {
        self.cells_index.shapes()
    }

    /// The index of the cell with this code in `ds.cells`.
    pub fn cell_index(&self, code: &str) -> Option<usize> {
        position(&self.dir.cells, code, |c| &c.code)
    }
    pub fn cell(&self, code: &str) -> Option<&crate::model::Cell> {
        by_code(&self.dir.cells, code, |c| &c.code)
    }
    pub fn station(&self, code: &str) -> Option<&crate::model::Station> {
        by_code(&self.dir.stations, code, |s| &s.code)
    }
    /// The counts of the deputy with this code.
    pub fn deputy_counts(&self, code: &str) -> Option<DeputyCounts> {
        let i = self.deputy_codes.position(code)?;
        self.deputy_counts.get(i).copied()
    }
    /// The summary of deputy `d` (as read) with its counts; None for a
    /// deputy the snapshot has not counted (added since).
    pub fn deputy_summary(&self, d: Deputy) -> Option<DeputySummary> {
        let counts = self.deputy_counts(&d.code)?;
        Some(coverage::deputy_summary(d, &counts))
    }
    /// The codes of the deputies counted, sorted.
    pub fn deputy_codes(&self) -> &Packed {
        &self.deputy_codes
    }
    /// The summary of the cell with this code.
    pub fn summary(&self, code: &str) -> Option<CellSummary> {
        self.summary_at(self.cell_index(code)?)
    }
    /// The summary of cell `i` of `dir.cells`.
    pub fn summary_at(&self, i: usize) -> Option<CellSummary> {
        let cell = self.dir.cells.get(i)?;
        let counts = self.cell_counts_at(i)?;
        Some(coverage::cell_summary(
            cell,
            self.dir.town_and_village(&cell.area_code),
            counts,
        ))
    }
    /// The counts of cell `i` of `dir.cells`.
    pub fn cell_counts_at(&self, i: usize) -> Option<CellCounts> {
        self.cells.get(i).copied()
    }
    /// Every cell's summary, in code order.
    pub fn summaries(&self) -> impl Iterator<Item = CellSummary> + '_ {
        (0..self.cells.len()).filter_map(|i| self.summary_at(i))
    }

    /// The title of a suggestion a finding names, sanitised; empty for any
    /// other code.
    pub fn title(&self, code: &str) -> String {
        self.titles.get(code).cloned().unwrap_or_default()
    }

    /// The name of a person a finding or the next reception day's rota
    /// names, sanitised; empty for anyone else.
    pub fn named(&self, code: &str) -> String {
        self.names.get(code).cloned().unwrap_or_default()
    }

    pub fn cell_name(&self, code: &str) -> String {
        self.cell(code).map(|c| sanitize(&c.name)).unwrap_or_default()
    }
    /// A handling unit's name, sanitised; the code itself when unknown.
    pub fn unit_name(&self, code: &str) -> String {
        by_code(&self.dir.units, code, |u| &u.code)
            .map(|u| sanitize(&u.name))
            .unwrap_or_else(|| sanitize(code))
    }
    pub fn area_name(&self, code: &str) -> String {
        by_code(&self.dir.areas, code, |a| &a.code)
            .map(|a| sanitize(&a.name))
            .unwrap_or_default()
    }
    /// The village (or town) name of a cell, for tables.
    pub fn cell_village(&self, code: &str) -> String {
        let Some(cell) = self.cell(code) else {
            return String::new();
        };
        let (town, village) = self.dir.town_and_village(&cell.area_code);
        village.or(town).map(|a| sanitize(&a.name)).unwrap_or_default()
    }
    /// Active contacts linked to a deputy (the picker shows it as load).
    pub fn deputy_load(&self, deputy: &str) -> usize {
        self.deputy_counts(deputy).map_or(0, |c| c.contacts as usize)
    }
    /// The findings whose thing is this code.
    pub fn findings_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        let first = self
            .by_code
            .partition_point(|&i| self.finding(i).is_some_and(|f| f.code.as_str() < code));
        self.by_code[first..]
            .iter()
            .map_while(move |&i| self.finding(i).filter(|f| f.code == code))
    }

    /// Each code the findings name, once, in order.
    pub fn finding_codes(&self) -> impl Iterator<Item = &str> + '_ {
        let mut last: Option<&str> = None;
        self.by_code.iter().filter_map(move |&i| {
            let code = self.finding(i)?.code.as_str();
            (last != Some(code)).then(|| {
                last = Some(code);
                code
            })
        })
    }

    fn finding(&self, i: u32) -> Option<&Finding> {
        self.findings.get(usize::try_from(i).ok()?)
    }
    /// Whether a suggestion is overdue, as the rule says.
    pub fn is_overdue(&self, code: &str) -> bool {
        // Through the index by code: the Suggestions view asks this of every
        // row, and a province has 200,000 rows and 20,000 findings.
        self.findings_for(code).any(|f| f.rule == crate::coverage::OVERDUE)
    }
}

/// The deputies as the audit counts them, read one at a time: at province
/// their rows would take 21 MB beside the snapshot being replaced.
fn deputy_table(store: &Store) -> Result<DeputyTable, StoreError> {
    let mut table = DeputyTable::default();
    store.each_screen_deputy(|d| table.push(d))?;
    table.shrink_to_fit();
    Ok(table)
}

/// What the gap audit and the counts make of the rows of the year.
struct Audit {
    findings: Vec<Finding>,
    /// Each cell's and each deputy's counts, in the order of the Dataset's
    /// cells and of the deputies counted: what the snapshot keeps of them
    /// (see [`Snapshot::of`]).
    cell_counts: Vec<coverage::CellCounts>,
    deputy_counts: Vec<coverage::DeputyCounts>,
    overview: Overview,
    units: Vec<UnitFigures>,
    station_receptions: Vec<usize>,
    by_code: Vec<u32>,
}

impl Audit {
    /// The audit of a Dataset that holds its suggestions (the snapshot of
    /// nothing).
    fn of_dataset(ds: &Dataset, deputies: &DeputyTable, index: &CellIndex, today: NaiveDate) -> Audit {
        let facts = coverage::Facts::of(ds, Cow::Borrowed(deputies), today).using(index);
        let findings = coverage::audit_facts(&facts, &[]);
        Audit::figures(&facts, findings, coverage::duty_terms(&facts))
    }

    /// The audit of the snapshot's read (`ds` holds the places and the
    /// deputies alone), on the machine's two cores: the assignments,
    /// contacts and the year's receptions counted as `store` reads them
    /// first (the facts); then the suggestions
    /// counted as a second connection reads them, a row at a time (or on
    /// `store`, whose read this is, when that connection sees another state
    /// than `audit_id`), beside the deputies' other duty terms, their rota
    /// slots and activities counted as `store` reads them; the rules over
    /// the facts shared by both threads as each is free.
    fn of_read(
        ds: &Dataset,
        deputies: &DeputyTable,
        index: &CellIndex,
        today: NaiveDate,
        store: &Store,
        audit_id: i64,
    ) -> Result<Audit, StoreError> {
        // The assignments, the contacts and the year's receptions counted
        // as this connection reads them (`ds` holds none of them).
        let mut counting =
            coverage::Facts::counting(ds, Cow::Borrowed(deputies), today, |add| store.each_assignment(add))?;
        store.each_audit_contact(|c| counting.add_contact(c))?;
        store.each_reception(today, |r| counting.add_reception(r))?;
        let facts = counting.counted().using(index);
        let path = store.path().to_path_buf();
        let (plain, by_row): (Vec<&coverage::Rule>, Vec<&coverage::Rule>) = coverage::RULE_TABLE
            .iter()
            .partition(|r| matches!(r.check, coverage::Check::Facts(_)));
        // The next of the plain rules to run, whichever thread is free.
        let next = AtomicUsize::new(0);
        let take_rules = || {
            let mut found = Vec::new();
            while let Some(rule) = plain.get(next.fetch_add(1, Ordering::Relaxed)) {
                found.extend(coverage::audit_facts(&facts, &[rule.id]));
            }
            found
        };
        let (mut findings, terms) = std::thread::scope(|scope| {
            let beside = scope.spawn(|| (count_beside(&path, audit_id, &facts), take_rules()));
            // The deputies' other duty terms, the rota slots and activities
            // counted as this connection reads them.
            let deputy_of = |code: &str| facts.deputy_by_code.get(code).copied();
            let mut terms = DutyTerms::new(today, &facts.deputy_receptions, &facts.deputy_contacts);
            store.each_rota_slot(today, |s| {
                terms.add_slot(deputy_of(&s.deputy_code), s, facts.received(s))
            })?;
            store.each_activity(today, |a| terms.add_activity(deputy_of(&a.deputy_code), a))?;
            let mut findings = take_rules();
            let (counted, more) = joined(beside);
            findings.extend(more);
            let tally = match counted {
                Ok(Some(tally)) => tally,
                _ => count_suggestions(store, &facts)?,
            };
            facts.counted(tally);
            Ok::<_, StoreError>((findings, terms))
        })?;
        let ids: Vec<&str> = by_row.iter().map(|r| r.id).collect();
        findings.extend(coverage::audit_facts(&facts, &ids));
        coverage::sort_findings(&mut findings);
        let mut audit = Audit::figures(&facts, findings, terms);
        // Who is on the rota of the next reception day (`ds` holds no slots).
        if let Some(next) = &mut audit.overview.next_reception {
            next.rota = store.rota_on(next.date)?;
            coverage::rota_order(&mut next.rota);
        }
        Ok(audit)
    }

    /// The counts and figures of the audit, on two threads: the cells'
    /// counts and the Overview on this one; the deputies' counts (their
    /// duty points, of `terms` and the suggestions), the units' and the
    /// stations' figures on the other. (A cell's or a deputy's summary is
    /// made of its counts when shown: [`Snapshot::summary`],
    /// [`Snapshot::deputy_summary`].)
    fn figures(facts: &coverage::Facts, findings: Vec<Finding>, terms: DutyTerms) -> Audit {
        let ((cell_counts, overview), (deputy_counts, units, station_receptions)) = std::thread::scope(|scope| {
            let others = scope.spawn(|| {
                (
                    coverage::deputy_counts(facts, terms),
                    unit_figures(facts),
                    facts.station_receptions.clone(),
                )
            });
            let cells = coverage::cell_counts(facts, &findings);
            let overview = coverage::overview_facts(facts, &findings);
            ((cells, overview), joined(others))
        });
        let mut by_code: Vec<u32> = (0..findings.len()).filter_map(|i| u32::try_from(i).ok()).collect();
        // (Stable: among one code, in the findings' order.)
        by_code.sort_by(|&a, &b| findings[a as usize].code.cmp(&findings[b as usize].code));
        Audit {
            findings,
            cell_counts,
            deputy_counts,
            overview,
            units,
            station_receptions,
            by_code,
        }
    }
}

/// The suggestions of the state `audit_id`, counted as a connection of
/// their own reads them; None when it sees another state.
fn count_beside<'a>(
    path: &std::path::Path,
    audit_id: i64,
    facts: &coverage::Facts<'a>,
) -> Result<Option<coverage::SuggestionTally<'a>>, StoreError> {
    let store = Store::open_beside(path)?;
    store.reading(|store| {
        if store.last_audit_id()? != audit_id {
            return Ok(None);
        }
        count_suggestions(store, facts).map(Some)
    })
}

/// Every suggestion `store` reads, counted one row at a time.
fn count_suggestions<'a>(
    store: &Store,
    facts: &coverage::Facts<'a>,
) -> Result<coverage::SuggestionTally<'a>, StoreError> {
    let mut tally = coverage::SuggestionTally::new(facts);
    store.each_audit_suggestion(|s| tally.add(facts, s))?;
    Ok(tally)
}

/// The Units view's figures of the year, as `lianluo units` counts them.
fn unit_figures(facts: &coverage::Facts) -> Vec<UnitFigures> {
    facts
        .ledger()
        .units
        .scores
        .iter()
        .map(|s| UnitFigures {
            counts: s.counts,
            co_handled: s.co_handled,
        })
        .collect()
}

/// What a thread of the snapshot's made; its panic, should it have one,
/// goes on in the thread that waited for it.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Texts by the code they are shown beside.
type Named = HashMap<String, String>;

/// What the screens show beside the codes the snapshot's figures name,
/// sanitised: the title of each finding's suggestion (the Gaps view), and
/// the name of each finding's person and of each of `people`, by code. The
/// snapshot holds neither (the suggestions' text is never read for the
/// audit; the people are read where shown), so they are read for these alone.
fn names_shown(store: &Store, findings: &[Finding], people: &[&str]) -> Result<(Named, Named), StoreError> {
    use crate::model::Kind;
    let of = |kinds: &[Kind]| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| kinds.contains(&f.kind))
            .map(|f| f.code.as_str())
            .collect()
    };
    let titles = store
        .suggestion_titles(&of(&[Kind::Suggestion]))?
        .into_iter()
        .map(|(code, title)| (code, sanitize(&title)))
        .collect();
    let mut named = of(&[Kind::Deputy, Kind::Contact]);
    named.extend(people);
    let names = store
        .person_names(&named)?
        .into_iter()
        .map(|(code, name)| (code.to_string(), sanitize(&name)))
        .collect();
    Ok((titles, names))
}

/// What a new snapshot keeps of an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    Nothing,
    /// The cells' shapes: no change named a cell, the boundary or an import.
    Shapes,
    /// The places whole, with their shapes: every change named a person or
    /// a record of the year (no place, setting or import).
    Places,
}

/// What the changes since audit entry `since` leave of a snapshot that
/// includes it (thousands of them: nothing).
fn kept_since(store: &Store, since: i64) -> Result<Kept, StoreError> {
    let Some(changes) = store.changes_since(since, 5_000)? else {
        return Ok(Kept::Nothing);
    };
    // (An import's or a setting's entry names no kind of row.)
    let kinds = || {
        changes
            .rows
            .iter()
            .map(|(kind, _)| (kind.as_str(), Kind::from_singular(kind)))
    };
    let shapes_moved =
        |(entry, kind): (&str, Option<Kind>)| entry == "import" || matches!(kind, Some(Kind::Cells | Kind::Boundary));
    Ok(if kinds().all(|(_, kind)| kind.is_some_and(|k| !k.is_place())) {
        Kept::Places
    } else if !kinds().any(shapes_moved) {
        Kept::Shapes
    } else {
        Kept::Nothing
    })
}

/// Whether two datasets hold the same cells in the same order (shapes kept
/// by position stay those of their cells).
fn same_cells(a: &Dataset, b: &Dataset) -> bool {
    a.cells.len() == b.cells.len() && a.cells.iter().zip(&b.cells).all(|(x, y)| x.code == y.code)
}
