//! The big views format only the rows they draw. A province has 200,000
//! contacts and as many suggestions, 140,000 deputies and 70,000 cells:
//! formatting every row to show twenty cost up to 0.4 s and 50 MB a view.
//! Instead each holds its keyset, the codes of the rows it shows in order,
//! and the rows of three pages around the one drawn, made when the cursor
//! leaves them.
//!
//! Contacts and suggestions are read by code from SQLite (`store::lines`):
//! they show before the snapshot has been read, and an operator's change
//! shows in them at once. Deputies are read by code too, with the audit's
//! counts of each from the snapshot (a deputy added since shows once the
//! next snapshot has counted it); cells are rows of the snapshot's
//! directory and counts, which only it has.
//!
//! The keyset follows the code order when nothing is filtered or sorted
//! (for the tables, one index scan of codes). A `/` filter or a sort by a
//! column formats every row once and keeps them while the view is shown
//! (each key typed then only matches); the codes that pass, in order, are
//! the keys: the filter finds exactly what the operator sees. The roster's
//! rows are made ahead, on another thread, while it is shown
//! ([`every_row`]): its first filter key only matches.
//!
//! The marks that come from the gap audit (a contact's gaps, an overdue
//! suggestion) come from the snapshot; until it has been read, the rows
//! show without them, and are formatted again when it arrives.

use super::views::{self, View};
use super::widgets::table::{Row, TableState, Tone};
use crate::i18n::Lang;
use crate::model::{Packed, Text};
use crate::store::{Names, Store, StoreError, SuggestionScope};
use crate::tui::data::Snapshot;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

/// Make a paged table's keys follow its filter, sort and data, and its
/// window hold the rows the next draw shows. `view`: a paged view (any
/// other is left alone); `scope`: the suggestions shown.
pub fn fill(
    view: View,
    table: &mut TableState,
    scope: SuggestionScope<'_>,
    store: &Store,
    snap: &Snapshot,
    lang: Lang,
) -> Result<(), StoreError> {
    match Fill::of(view, scope) {
        Some(fill) => fill.run(table, store, snap, lang),
        None => Ok(()),
    }
}

/// These rows of a paged view changed: read them again rather than every
/// row (see [`TableState::rows_changed`]).
pub fn rows_changed(
    view: View,
    table: &mut TableState,
    codes: &[&str],
    store: &Store,
    snap: &Snapshot,
    lang: Lang,
) -> Result<(), StoreError> {
    let Some(fill) = Fill::of(view, SuggestionScope::default()) else {
        table.data_changed();
        return Ok(());
    };
    let found = if table.has_corpus() {
        fill.found(codes, store, snap, lang)?
    } else {
        Vec::new()
    };
    table.rows_changed(codes, found);
    Ok(())
}

/// Whether a paged view's keys are ordered from every row of it (a filter,
/// a sort by a column other than the code, a tag only the rows carry),
/// rather than read by code.
pub fn keys_need_every_row(view: View, table: &TableState, scope: SuggestionScope<'_>) -> bool {
    Fill::of(view, scope).is_some_and(|fill| fill.read_by_code(table).is_none())
}

/// Every row a paged view could show, in code order: what its filter or
/// sort keeps (see [`TableState::set_corpus`]), made by the thread that
/// reads a new snapshot when the view let go of them meanwhile, once the
/// screens have that snapshot (see `App::take_ahead`). Stops (with none)
/// as soon as `stop` is set: the rows would be old. None for a view that
/// is not paged.
pub fn every_row(
    view: View,
    store: &Store,
    snap: &Snapshot,
    lang: Lang,
    stop: &AtomicBool,
) -> Result<Option<Vec<Row>>, StoreError> {
    match Fill::of(view, SuggestionScope::default()) {
        Some(fill) => fill.every_row(store, snap, lang, stop),
        None => Ok(None),
    }
}

/// A name as stored (empty when there is none).
fn stored_name(name: Option<&Text>) -> Text {
    name.cloned().unwrap_or_default()
}

/// What a paged view reads.
#[derive(Debug, Clone, Copy)]
enum Fill<'a> {
    Contacts,
    Suggestions(SuggestionScope<'a>),
    Cells,
    Deputies,
}

impl<'a> Fill<'a> {
    /// What a view reads, if it is paged.
    fn of(view: View, scope: SuggestionScope<'a>) -> Option<Fill<'a>> {
        match view {
            View::Contacts => Some(Fill::Contacts),
            View::Suggestions => Some(Fill::Suggestions(scope)),
            View::Cells => Some(Fill::Cells),
            View::Deputies => Some(Fill::Deputies),
            _ => None,
        }
    }

    fn run(self, table: &mut TableState, store: &Store, snap: &Snapshot, lang: Lang) -> Result<(), StoreError> {
        if table.keys_stale() {
            let keys = self.keys(table, store, snap, lang)?;
            table.set_keys(keys);
        }
        if let Some(range) = table.window_needed() {
            let codes = table.keys_in(range.clone());
            let rows = self.rows(&codes, store, snap, lang)?;
            table.set_window(range.start, rows);
        }
        Ok(())
    }

    /// Whether the keys are read by code (Some: reversed or not) or ordered
    /// from every row (None: a filter, a sort by another column, or a tag
    /// only the rows carry).
    fn read_by_code(self, table: &TableState) -> Option<bool> {
        // The first column of every paged view is the code: sorted by it,
        // the keys are the code order (reversed when descending).
        let reverse = match table.sort {
            None | Some((0, false)) => false,
            Some((0, true)) => true,
            Some(_) => return None,
        };
        if !table.filter.trim().is_empty() {
            return None;
        }
        match self {
            // The tags a suggestion row carries are its status, category
            // and unit: the scope filters on them in SQL. Due soon is the
            // rows' own tag (coverage::is_due_soon, the one rule): those
            // are found among every row.
            Fill::Suggestions(_) if table.tag_filter.iter().any(|t| t == views::suggestions::DUE_SOON_TAG) => None,
            Fill::Suggestions(_) => Some(reverse),
            _ if !table.tag_filter.is_empty() => None,
            _ => Some(reverse),
        }
    }

    /// The codes of the rows the table shows, in order.
    fn keys(self, table: &mut TableState, store: &Store, snap: &Snapshot, lang: Lang) -> Result<Packed, StoreError> {
        if let Some(reverse) = self.read_by_code(table) {
            // (Rows kept for a filter or sort stay while the view is
            // shown: the next filter only matches them.)
            fn packed<'c>(codes: impl DoubleEndedIterator<Item = &'c str>, reverse: bool) -> Packed {
                if reverse {
                    codes.rev().collect()
                } else {
                    codes.collect()
                }
            }
            let keys = match self {
                Fill::Suggestions(scope) => packed(store.suggestion_codes(scope)?.iter().map(Text::as_str), reverse),
                Fill::Contacts => packed(store.contact_codes()?.iter().map(Text::as_str), reverse),
                Fill::Cells => packed(snap.dir.cells.iter().map(|c| c.code.as_str()), reverse),
                Fill::Deputies => packed(snap.deputy_codes().iter(), reverse),
            };
            return Ok(keys);
        }
        if !table.has_corpus() {
            let rows = self.every_row(store, snap, lang, &AtomicBool::new(false))?;
            table.set_corpus(rows.unwrap_or_default());
        }
        Ok(table.order_keys())
    }

    /// Every row the view could show, in code order (the suggestions of
    /// every status and category: the rows' tags filter them); none once
    /// `stop` is set.
    fn every_row(
        self,
        store: &Store,
        snap: &Snapshot,
        lang: Lang,
        stop: &AtomicBool,
    ) -> Result<Option<Vec<Row>>, StoreError> {
        let mut rows = Vec::new();
        // Once the snapshot is read, the cells' names come from it (a
        // binary search) rather than from a lookup a row in SQLite; as
        // stored (the row sanitises what it shows, once). The people's
        // names are read with the rows.
        let names = if snap.dir.cells.is_empty() {
            Names::Read
        } else {
            Names::People
        };
        match self {
            Fill::Contacts => store.each_contact_line(names, |mut line| {
                if stop.load(Ordering::Relaxed) {
                    return ControlFlow::Break(());
                }
                if names == Names::People {
                    line.cell_name = stored_name(snap.cell(&line.contact.cell_code).map(|c| &c.name));
                }
                let gaps = views::contacts::gaps(snap, &line.contact.code);
                rows.push(views::contacts::row(&line, gaps, lang));
                ControlFlow::Continue(())
            })?,
            Fill::Suggestions(_) => store.each_suggestion_line(names, |mut line| {
                if stop.load(Ordering::Relaxed) {
                    return ControlFlow::Break(());
                }
                if names == Names::People {
                    line.cell_name = stored_name(snap.cell(&line.suggestion.cell_code).map(|c| &c.name));
                }
                rows.push(views::suggestions::row(&line, snap, lang));
                ControlFlow::Continue(())
            })?,
            Fill::Cells => rows.extend(snap.summaries().map(|c| views::cells::row(&c))),
            // (One at a time: a province's deputies' rows are 21 MB.)
            Fill::Deputies => store.each_screen_deputy(|d| {
                rows.extend(
                    snap.deputy_summary(d.clone())
                        .map(|d| views::deputies::row(snap, &d, lang)),
                );
            })?,
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        // (Grown by doubling: up to twice the rows' room, held while kept.)
        rows.shrink_to_fit();
        Ok(Some(rows))
    }

    /// The rows of these codes, in the codes' order (a code no longer in
    /// the database keeps its place, blank, until the keys are read again).
    fn rows(self, codes: &[&str], store: &Store, snap: &Snapshot, lang: Lang) -> Result<Vec<Row>, StoreError> {
        let mut rows = self.found(codes, store, snap, lang)?;
        // The store answers in code order; the window is in the view's. A
        // row gone since the keys were read (another operator's import)
        // keeps its place, blank, until the reload that follows drops it.
        let found: Vec<Text> = rows.iter().map(|r| r.code.clone()).collect();
        let ordered = codes
            .iter()
            .map(|&code| match found.binary_search_by(|c| c.as_str().cmp(code)) {
                Ok(i) => std::mem::take(&mut rows[i]),
                Err(_) => Row::new(code, Vec::new(), "").with_tone(Tone::Dim),
            })
            .collect();
        Ok(ordered)
    }

    /// The rows of these codes still in the database, in code order.
    fn found(self, codes: &[&str], store: &Store, snap: &Snapshot, lang: Lang) -> Result<Vec<Row>, StoreError> {
        let mut rows: Vec<Row> = match self {
            Fill::Contacts => store
                .contact_lines(codes)?
                .iter()
                .map(|line| {
                    let gaps = views::contacts::gaps(snap, &line.contact.code);
                    views::contacts::row(line, gaps, lang)
                })
                .collect(),
            Fill::Suggestions(_) => store
                .suggestion_lines(codes)?
                .iter()
                .map(|line| views::suggestions::row(line, snap, lang))
                .collect(),
            Fill::Cells => codes
                .iter()
                .filter_map(|code| snap.summary(code))
                .map(|c| views::cells::row(&c))
                .collect(),
            Fill::Deputies => store
                .deputies_of(codes)?
                .into_iter()
                .filter_map(|d| snap.deputy_summary(d))
                .map(|d| views::deputies::row(snap, &d, lang))
                .collect(),
        };
        // (Cells come in the codes' order, the deputies in the store's: sorted alike.)
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(rows)
    }
}
