//! The coverage-gap rules of SPEC §3, one small pure function per rule,
//! and the per-cell summaries (`lianluo cells`, the Cells view).
//! OWNER: coverage helper. The signatures below are the contract the CLI
//! and the TUI call.

use crate::model::{Dataset, Severity};
use chrono::NaiveDate;
use serde::Serialize;

/// One finding, as `gaps --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// `cell`/`deputy`/`contact`/`suggestion`/`territory`
    pub kind: &'static str,
    pub code: String,
    pub cell: Option<String>,
    pub detail: String,
}

/// The rule ids, in SPEC §3's order.
pub const RULES: [&str; 15] = [
    "cell-no-deputy",
    "cell-no-contact",
    "contact-no-deputy",
    "deputy-no-contact",
    "deputy-overloaded",
    "contact-deputy-mismatch",
    "deputy-no-reception",
    "suggestion-overdue",
    "suggestion-unassigned",
    "suggestion-unsatisfied",
    "cell-far-from-station",
    "cell-no-geometry",
    "contact-bad-phone",
    "territory-uncovered",
    "cells-overlap",
];

/// All findings of the given rules (all rules when `rules` is empty),
/// sorted by rule then code.
pub fn audit(ds: &Dataset, as_of: NaiveDate, rules: &[&str]) -> Vec<Finding> {
    let _ = (ds, as_of, rules);
    Vec::new()
}

/// One row of `lianluo cells`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellSummary {
    pub code: String,
    pub name: String,
    pub town: Option<String>,
    pub village: Option<String>,
    pub deputies: usize,
    pub contacts: usize,
    pub pending: usize,
    pub overdue: usize,
    pub gaps: Vec<&'static str>,
}

/// A summary per cell, sorted by code, `gaps` from `findings`.
pub fn cell_summaries(ds: &Dataset, as_of: NaiveDate, findings: &[Finding]) -> Vec<CellSummary> {
    let _ = (ds, as_of, findings);
    Vec::new()
}
