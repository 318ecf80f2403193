//! What every rule and summary counts, computed once per audit: joins by
//! code in HashMaps, and the cell shapes parsed only when a geometry rule
//! asks for them.

use super::counting::{ContactFigures, Counting, Phones, Received};
use super::{DeputyTable, Finding, ReceptionFigures, SuggestionTally};
use crate::model::{is_being_handled, Assignment, Dataset, RotaSlot, Settings, Suggestion, Text};
use crate::spatial::CellIndex;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::sync::OnceLock;

pub use crate::model::{CodeMap, CodeSet};

/// The one predicate of `suggestion-overdue` (SPEC §3): status assigned,
/// handling or reopened, and due strictly before the as-of date. The rule,
/// the summaries and the ledger's counts all ask this function.
pub fn is_overdue(s: &Suggestion, as_of: NaiveDate) -> bool {
    is_being_handled(s.status) && s.due_on.is_some_and(|due| due < as_of)
}

/// A Dataset seen on an as-of date, with the counts of SPEC §3's
/// "Counting, everywhere": a cell's deputies are the active deputies
/// assigned to it, its contacts the active contacts whose cell it is.
///
/// The assignments, contacts and receptions are counted one row at a time
/// ([`Facts::counting`], [`Counting`]): the CLI counts a Dataset's, the
/// TUI counts them as it reads them from SQLite, so that a province's
/// 200,000 contacts are never held together.
pub struct Facts<'a> {
    /// The places (and, audited whole, everything else). Its deputies are
    /// not the facts': see [`Facts::deputies`].
    pub ds: &'a Dataset,
    /// The deputies the facts count: `ds`'s own, or (the TUI) those read
    /// beside a directory of places (maybe kept from an earlier snapshot),
    /// as much of them as the rules and counts ask.
    pub deputies: Cow<'a, DeputyTable>,
    pub as_of: NaiveDate,
    /// 1 January of the as-of year.
    pub year_start: NaiveDate,
    pub settings: &'a Settings,
    /// Each cell's index by its code. The maps hold the codes themselves
    /// (inline, up to 24 bytes), not references into the rows: a lookup
    /// then touches the map alone, at province nearly twice as fast.
    pub cell_by_code: CodeMap<Text, usize>,
    pub deputy_by_code: CodeMap<Text, usize>,
    /// How many contacts were counted, active, and linked to an active deputy.
    pub contacts: ContactFigures,
    /// The findings of every rule that looks at one contact or at their
    /// phones, in the order counted (the audit sorts them with the rest).
    pub contact_findings: Vec<Finding>,
    /// Active deputies assigned, by cell index.
    pub cell_deputies: Vec<usize>,
    /// Assignments of inactive or unknown deputies, by cell index.
    pub cell_stale_assignments: Vec<usize>,
    /// Active contacts in the cell, by cell index.
    pub cell_contacts: Vec<usize>,
    /// Active contacts linked, by deputy index.
    pub deputy_contacts: Vec<usize>,
    /// Cells assigned (whatever their state), by deputy index.
    pub deputy_cells: Vec<usize>,
    /// Each station's index by its code.
    pub station_by_code: CodeMap<Text, usize>,
    /// Reception records from 1 January up to the as-of date, by deputy index.
    pub deputy_receptions: Vec<usize>,
    /// The same records by station index.
    pub station_receptions: Vec<usize>,
    /// The same records' figures (the Overview's year).
    pub year_receptions: ReceptionFigures,
    /// The same records' keys: what a rota slot's attendance is checked
    /// against (see [`Facts::received`]).
    pub(super) received: Received,
    /// (deputy index, cell index) of every assignment, packed in a u64:
    /// joins on numbers once the codes are resolved.
    assigned: CodeSet<u64>,
    index: OnceLock<CellIndex>,
    given_index: Option<&'a CellIndex>,
    ledger: OnceLock<SuggestionTally<'a>>,
}

fn pair(deputy: usize, cell: usize) -> u64 {
    ((deputy as u64) << 32) | (cell as u64 & 0xffff_ffff)
}

impl<'a> Facts<'a> {
    /// Count everything once; cell shapes are parsed later, on first use,
    /// and the suggestions too (see [`Facts::ledger`]). Each code is looked
    /// up once: the rules work on the indexes.
    pub fn new(ds: &'a Dataset, as_of: NaiveDate) -> Facts<'a> {
        Facts::of(ds, Cow::Owned(DeputyTable::of(&ds.deputies)), as_of)
    }

    /// [`Facts::new`] of `ds` with `deputies` as its deputies.
    pub fn of(ds: &'a Dataset, deputies: Cow<'a, DeputyTable>, as_of: NaiveDate) -> Facts<'a> {
        let Ok(mut counting) = Facts::counting(ds, deputies, as_of, |add| {
            ds.assignments.iter().for_each(add);
            Ok::<_, std::convert::Infallible>(())
        });
        for c in &ds.contacts {
            counting.add_contact(c);
        }
        for r in &ds.receptions {
            counting.add_reception(r);
        }
        counting.counted()
    }

    /// The facts of `ds`'s places and of `deputies`, with the assignments
    /// `assignments` gives to the function it is handed (`ds`'s own, or
    /// those read one at a time: all of them are in before any contact is
    /// checked against them); the contacts and receptions are added after,
    /// one at a time ([`Counting::add_contact`], [`Counting::add_reception`]).
    pub fn counting<E>(
        ds: &'a Dataset,
        deputies: Cow<'a, DeputyTable>,
        as_of: NaiveDate,
        assignments: impl FnOnce(&mut dyn FnMut(&Assignment)) -> Result<(), E>,
    ) -> Result<Counting<'a>, E> {
        let year_start = crate::model::year_start(as_of);
        let cell_by_code: CodeMap<Text, usize> =
            ds.cells.iter().enumerate().map(|(i, c)| (c.code.clone(), i)).collect();
        let deputy_by_code: CodeMap<Text, usize> = deputies
            .iter()
            .enumerate()
            .map(|(i, d)| (Text::from(d.code), i))
            .collect();
        let cell_of = |code: &str| cell_by_code.get(code).copied();
        let deputy_of = |code: &str| deputy_by_code.get(code).copied();
        let is_active = |d: usize| deputies.is_active(d);

        let mut assigned = CodeSet::default();
        let mut cell_deputies = vec![0; ds.cells.len()];
        let mut cell_stale_assignments = vec![0; ds.cells.len()];
        let mut deputy_cells = vec![0; deputies.len()];
        assignments(&mut |a: &Assignment| {
            let (d, c) = (deputy_of(&a.deputy_code), cell_of(&a.cell_code));
            match (d, c) {
                // Assignment rows are unique by key; the set guards against
                // a hand-built Dataset that repeats one.
                (Some(d), Some(c)) if !assigned.insert(pair(d, c)) => return,
                _ => {}
            }
            if let Some(d) = d {
                deputy_cells[d] += 1;
            }
            if let Some(c) = c {
                if d.is_some_and(is_active) {
                    cell_deputies[c] += 1;
                } else {
                    cell_stale_assignments[c] += 1;
                }
            }
        })?;

        let cell_contacts = vec![0; ds.cells.len()];
        let deputy_contacts = vec![0; deputies.len()];
        let deputy_receptions = vec![0; deputies.len()];

        let station_by_code: CodeMap<Text, usize> = ds
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i))
            .collect();
        Ok(Counting {
            unknown_receivers: CodeSet::default(),
            phones: Phones::default(),
            facts: Facts {
                ds,
                deputies,
                as_of,
                year_start,
                settings: &ds.settings,
                cell_by_code,
                deputy_by_code,
                contacts: ContactFigures::default(),
                contact_findings: Vec::new(),
                cell_deputies,
                cell_stale_assignments,
                cell_contacts,
                deputy_contacts,
                deputy_cells,
                deputy_receptions,
                station_receptions: vec![0; ds.stations.len()],
                year_receptions: ReceptionFigures::default(),
                received: Received::default(),
                station_by_code,
                assigned,
                index: OnceLock::new(),
                given_index: None,
                ledger: OnceLock::new(),
            },
        })
    }

    /// As [`Facts::new`], reusing cell shapes already parsed from the same
    /// Dataset (the TUI keeps one [`CellIndex`] for its map).
    pub fn with_index(ds: &'a Dataset, as_of: NaiveDate, index: &'a CellIndex) -> Facts<'a> {
        Facts::new(ds, as_of).using(index)
    }

    /// These facts with the cell shapes of the same Dataset, parsed elsewhere.
    pub fn using(mut self, index: &'a CellIndex) -> Facts<'a> {
        self.given_index = Some(index);
        self
    }

    /// What the suggestions add: the findings of the rules that look at
    /// one suggestion and the figures counted from them. Counted from the
    /// Dataset's suggestions when first asked, unless [`Facts::counted`]
    /// was given them counted as they were read.
    pub fn ledger(&self) -> &SuggestionTally<'a> {
        self.ledger
            .get_or_init(|| SuggestionTally::of(self, &self.ds.suggestions))
    }

    /// These facts with the suggestions counted elsewhere, from the same
    /// state of the database (the TUI counts them as it reads them, the
    /// Dataset holding none). Ignored when [`Facts::ledger`] was asked
    /// already: it was counted from the Dataset then.
    pub fn counted(&self, ledger: SuggestionTally<'a>) {
        let _ = self.ledger.set(ledger);
    }

    pub fn index(&self) -> &CellIndex {
        match self.given_index {
            Some(index) => index,
            None => self.index.get_or_init(|| CellIndex::new(self.ds)),
        }
    }

    /// The deputy with this code, when it exists and is active.
    pub fn active_deputy(&self, code: &str) -> Option<usize> {
        self.deputy_by_code
            .get(code)
            .copied()
            .filter(|&i| self.deputies.is_active(i))
    }

    /// Deputy `deputy_code` is assigned to cell `cell_code`.
    pub fn is_assigned(&self, deputy_code: &str, cell_code: &str) -> bool {
        match (self.deputy_by_code.get(deputy_code), self.cell_by_code.get(cell_code)) {
            (Some(&d), Some(&c)) => self.is_assigned_at(d, c),
            _ => false,
        }
    }

    /// Deputy index `d` is assigned to cell index `c`.
    pub fn is_assigned_at(&self, d: usize, c: usize) -> bool {
        self.assigned.contains(&pair(d, c))
    }

    /// Whether a reception of the year has this slot's date, station and
    /// deputy (SPEC §11: the slot was attended). Only the year's slots can
    /// be: the year's receptions are all that are kept.
    pub fn received(&self, slot: &RotaSlot) -> bool {
        self.received
            .has(self, slot.date, &slot.station_code, &slot.deputy_code)
    }

    /// What `suggestion-overdue` finds: status assigned, handling or
    /// reopened, and due strictly before the as-of date.
    pub fn is_overdue(&self, s: &Suggestion) -> bool {
        is_overdue(s, self.as_of)
    }
}
