//! The coverage-gap rules of SPEC §3, one small pure function per rule
//! (`rules/`), and what the views count per cell and per deputy
//! (`lianluo cells`, the Cells, Deputies and Overview views).
//!
//! The CLI and the TUI call these same functions, so `lianluo gaps` and the
//! Gaps view cannot disagree.

mod deputies;
mod facts;
mod overview;
mod rules;
mod summary;

pub use deputies::{deputy_summaries, deputy_summaries_facts, DeputySummary};
pub use facts::Facts;
pub use overview::{overview, LevelCount, NextReception, Overview, Ratio};
pub use summary::{cell_summaries, cell_summaries_facts, CellSummary};

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
    /// The code of the thing `kind` names; for `territory-uncovered`, the
    /// boundary's code (the county's area code).
    pub code: String,
    /// The cell itself, the contact's cell or the suggestion's cell; None
    /// for deputy findings and `territory-uncovered`.
    pub cell: Option<String>,
    /// A short English text with the numbers behind the finding.
    pub detail: String,
    /// The same detail in Chinese, for the TUI and zh tables; not part of
    /// the JSON contract.
    #[serde(skip)]
    pub detail_zh: String,
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

/// True when `id` is one of [`RULES`].
pub fn is_rule(id: &str) -> bool {
    rules::find(id).is_some()
}

/// The severity of a rule, None for an unknown id.
pub fn severity(id: &str) -> Option<Severity> {
    rules::find(id).map(|r| r.severity)
}

/// The kind of thing a rule's findings name (`cell`, `deputy`, …), None for
/// an unknown id.
pub fn kind(id: &str) -> Option<&'static str> {
    rules::find(id).map(|r| r.kind)
}

/// All findings of the given rules (all rules when `rules` is empty;
/// unknown ids are ignored: the CLI refuses them first), sorted by rule id
/// then code (then detail, so a cell overlapping two others is stable).
pub fn audit(ds: &Dataset, as_of: NaiveDate, rules: &[&str]) -> Vec<Finding> {
    let spatial = rules.is_empty() || rules.iter().any(|r| SPATIAL_RULES.contains(r));
    if !spatial {
        return audit_facts(&Facts::new(ds, as_of), rules);
    }
    // Parsing every cell's shape takes about as long as the relational
    // counting: at province scale both run at once, on two cores.
    std::thread::scope(|scope| {
        let parsing = scope.spawn(|| crate::spatial::CellIndex::new(ds));
        let facts = Facts::new(ds, as_of);
        // A panic while parsing is a bug; pass it on unchanged.
        let index = parsing.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        audit_facts(&facts.using(&index), rules)
    })
}

/// The rules that read the cells' shapes.
const SPATIAL_RULES: [&str; 3] = ["cell-far-from-station", "territory-uncovered", "cells-overlap"];

/// [`audit`] over facts already counted (the TUI builds them once, with
/// its own [`crate::spatial::CellIndex`], and reuses them for summaries).
pub fn audit_facts(facts: &Facts, rules: &[&str]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules::TABLE
        .iter()
        .filter(|r| rules.is_empty() || rules.contains(&r.id))
        .flat_map(|r| (r.check)(facts))
        .collect();
    findings.sort_by(|a, b| (a.rule, &a.code, &a.detail).cmp(&(b.rule, &b.code, &b.detail)));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_table_follows_the_spec_list() {
        let ids: Vec<&str> = rules::TABLE.iter().map(|r| r.id).collect();
        assert_eq!(ids, RULES);
        assert_eq!(severity("cell-no-deputy"), Some(Severity::High));
        assert_eq!(severity("contact-deputy-mismatch"), Some(Severity::Low));
        assert_eq!(kind("territory-uncovered"), Some("territory"));
        assert!(!is_rule("no-such-rule"));
    }
}
