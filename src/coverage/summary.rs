//! One row per cell: who covers it and what is pending there.

use super::facts::CodeMap;
use super::{Facts, Finding, RuleSet};
use crate::model::{area_town_village, count_u32, Area, Cell, Dataset, Text};
use chrono::NaiveDate;
use serde::Serialize;

/// One row of `lianluo cells`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellSummary {
    pub code: Text,
    pub name: Text,
    /// The town's name (镇街), when the cell's area leads to one.
    pub town: Option<Text>,
    /// The village's name (村居), when the cell's area is a village.
    pub village: Option<Text>,
    // (Counts as u32, as a deputy's summary's.)
    /// Active deputies assigned.
    pub deputies: u32,
    /// Active contacts whose cell it is.
    pub contacts: u32,
    /// Suggestions not closed.
    pub pending: u32,
    /// Suggestions `suggestion-overdue` finds.
    pub overdue: u32,
    /// Distinct rule ids of the findings naming this cell, sorted.
    pub gaps: Vec<&'static str>,
}

/// A summary per cell, sorted by code, `gaps` from `findings`.
pub fn cell_summaries(ds: &Dataset, as_of: NaiveDate, findings: &[Finding]) -> Vec<CellSummary> {
    cell_summaries_facts(&Facts::new(ds, as_of), findings)
}

/// [`cell_summaries`] over facts already counted.
pub fn cell_summaries_facts(f: &Facts, findings: &[Finding]) -> Vec<CellSummary> {
    cell_summaries_of(f.ds, cell_counts(f, findings))
}

/// What a cell's summary counts (see [`CellSummary`]): all the TUI keeps
/// of a cell, its names being in the directory of places.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CellCounts {
    pub deputies: u32,
    pub contacts: u32,
    pub pending: u32,
    pub overdue: u32,
    /// The rules of the findings naming the cell.
    pub gaps: RuleSet,
}

/// Each cell's counts, in the order of `ds.cells` (as the facts count
/// them), `gaps` from `findings`: the TUI makes a cell's summary of them
/// when it is shown ([`cell_summary`]).
pub fn cell_counts(f: &Facts, findings: &[Finding]) -> Vec<CellCounts> {
    let ledger = f.ledger();
    let mut gaps: CodeMap<&str, RuleSet> = CodeMap::default();
    for finding in findings {
        if let Some(cell) = &finding.cell {
            let set = gaps.entry(cell.as_str()).or_default();
            *set = set.with(finding.rule);
        }
    }
    f.ds.cells
        .iter()
        .enumerate()
        .map(|(i, c)| CellCounts {
            deputies: count_u32(f.cell_deputies[i]),
            contacts: count_u32(f.cell_contacts[i]),
            pending: count_u32(ledger.cell_pending[i]),
            overdue: count_u32(ledger.cell_overdue[i]),
            gaps: gaps.get(c.code.as_str()).copied().unwrap_or_default(),
        })
        .collect()
}

/// The summaries of `ds`'s cells with their `counts` (in the order of
/// `ds.cells`), named from `ds`'s areas, sorted by code.
pub fn cell_summaries_of(ds: &Dataset, counts: Vec<CellCounts>) -> Vec<CellSummary> {
    let areas: CodeMap<&str, &crate::model::Area> = ds.areas.iter().map(|a| (a.code.as_str(), a)).collect();
    let find = |code: &str| areas.get(code).copied();
    let mut rows: Vec<CellSummary> = ds
        .cells
        .iter()
        .zip(counts)
        .map(|(c, n)| cell_summary(c, area_town_village(find(&c.area_code), find), n))
        .collect();
    crate::model::sort_rows(&mut rows, |a, b| a.code.cmp(&b.code));
    rows
}

/// The summary of cell `c`, in its town and village, with its counts.
pub fn cell_summary(c: &Cell, (town, village): (Option<&Area>, Option<&Area>), n: CellCounts) -> CellSummary {
    CellSummary {
        code: c.code.clone(),
        name: c.name.clone(),
        town: town.map(|a| a.name.clone()),
        village: village.map(|a| a.name.clone()),
        deputies: n.deputies,
        contacts: n.contacts,
        pending: n.pending,
        overdue: n.overdue,
        gaps: n.gaps.ids(),
    }
}
