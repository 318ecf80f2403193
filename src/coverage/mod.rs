//! The coverage-gap rules of SPEC §3, one small pure function per rule
//! (`rules/`), and what the views count per cell and per deputy
//! (`lianluo cells`, the Cells, Deputies and Overview views).
//!
//! The CLI and the TUI call these same functions, so `lianluo gaps` and the
//! Gaps view cannot disagree.

mod counting;
mod deputies;
mod deputy_table;
mod facts;
mod ledger;
mod overview;
mod rule_set;
mod rules;
mod scorecard;
#[cfg(test)]
pub(crate) use rules::testkit;
mod summary;
mod tally;

pub use rules::{Check, Fix, Rule, MARK_OVERDUE, OVERDUE};

pub use counting::{ContactFigures, Counting, Phone, Phones};
pub use deputies::{
    deputy_counts, deputy_summaries, deputy_summaries_facts, deputy_summaries_of, deputy_summaries_terms,
    deputy_summary, duty_terms, DeputyCounts, DeputySummary,
};
pub use deputy_table::{DeputyRow, DeputyTable};
pub use facts::{is_overdue, Facts};
pub use ledger::{percent, rate, Rates, SuggestionCounts};
pub use overview::{
    overview, overview_facts, period_figures, reception_figures, rota_order, LevelCount, NextReception, Overview,
    PeriodFigures, Ratio, ReceptionFigures,
};
pub use rule_set::RuleSet;
pub use scorecard::{due_soon, is_due_soon, unit_scores, DueSoon, UnitScore, UnitTally};
pub use summary::{
    cell_counts, cell_summaries, cell_summaries_facts, cell_summaries_of, cell_summary, CellCounts, CellSummary,
};
pub use tally::SuggestionTally;

use crate::i18n::Lang;
use crate::model::{Dataset, Kind, Severity};
use chrono::NaiveDate;
use serde::Serialize;

/// One finding, as `gaps --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// A cell, deputy, contact, suggestion or the territory.
    pub kind: Kind,
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

impl Finding {
    /// The rule that made it: every finding's rule is a row of [`RULE_TABLE`].
    pub fn rule_row(&self) -> Option<&'static Rule> {
        rule(self.rule)
    }

    /// Its rule's mark (`?` were the rule unknown).
    pub fn mark(&self) -> &'static str {
        self.rule_row().map_or("?", |r| r.mark)
    }

    /// Its detail in the operator's language (English where no Chinese
    /// text was written): the one choice, for the CLI's tables and the TUI.
    pub fn detail_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.detail_zh.is_empty() => &self.detail_zh,
            _ => &self.detail,
        }
    }

    /// Its rule's name in the operator's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        label(self.rule, lang)
    }
}

/// The name of the rule with this id in the operator's language (the id
/// itself for an unknown one).
pub fn label(id: &'static str, lang: Lang) -> &'static str {
    rule(id).map_or(id, |r| r.label(lang))
}

/// Every rule, in SPEC §3's order: the one table of them.
pub const RULE_TABLE: &[Rule] = rules::TABLE;

/// The rules' ids, in the table's order (made from it when compiled).
pub const RULES: [&str; RULE_TABLE.len()] = rule_ids();

const fn rule_ids() -> [&'static str; RULE_TABLE.len()] {
    let mut ids = [""; RULE_TABLE.len()];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = RULE_TABLE[i].id;
        i += 1;
    }
    ids
}

/// The rule with this id, None for an unknown id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::find(id)
}

/// True when `id` is one of [`RULES`]' ids.
pub fn is_rule(id: &str) -> bool {
    rule(id).is_some()
}

/// The severity of a rule, None for an unknown id.
pub fn severity(id: &str) -> Option<Severity> {
    rule(id).map(|r| r.severity)
}

/// The kind of thing a rule's findings name, None for an unknown id.
pub fn kind(id: &str) -> Option<Kind> {
    rule(id).map(|r| r.kind)
}

/// All findings of the given rules (all rules when `rules` is empty;
/// unknown ids are ignored: the CLI refuses them first), sorted by rule id
/// then code (then detail, so a cell overlapping two others is stable).
pub fn audit(ds: &Dataset, as_of: NaiveDate, rules: &[&str]) -> Vec<Finding> {
    let spatial = rules.is_empty() || rules.iter().any(|r| rule(r).is_some_and(|r| r.spatial));
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

/// [`audit`] over facts already counted (the TUI builds them once, with
/// its own [`crate::spatial::CellIndex`], and reuses them for summaries).
pub fn audit_facts(facts: &Facts, rules: &[&str]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULE_TABLE
        .iter()
        .filter(|r| rules.is_empty() || rules.contains(&r.id))
        .flat_map(|r| match r.check {
            Check::Facts(check) => check(facts),
            Check::Suggestion(_) => of_rule(&facts.ledger().findings, r.id),
            Check::Contact(_) | Check::Phones(_) => of_rule(&facts.contact_findings, r.id),
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// The findings of rule `id` among those counted row by row.
fn of_rule(findings: &[Finding], id: &str) -> Vec<Finding> {
    findings.iter().filter(|x| x.rule == id).cloned().collect()
}

/// Findings in the audit's order: by rule id, then code, then detail.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (a.rule, &a.code, &a.detail).cmp(&(b.rule, &b.code, &b.detail)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_table_follows_the_spec_list() {
        assert_eq!(
            RULES,
            [
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
                "contact-duplicate",
                "suggestion-key-unsupervised",
            ]
        );
        assert_eq!(severity("cell-no-deputy"), Some(Severity::High));
        assert_eq!(severity("contact-deputy-mismatch"), Some(Severity::Low));
        assert_eq!(kind("territory-uncovered"), Some(Kind::Territory));
        assert!(!is_rule("no-such-rule"));
    }

    #[test]
    fn every_rule_has_its_own_mark_and_a_label() {
        for (i, a) in RULE_TABLE.iter().enumerate() {
            assert!(!a.label_zh.is_empty() && !a.mark.is_empty(), "{}", a.id);
            assert!(
                a.mark.chars().all(|c| !c.is_ascii_digit()),
                "{}: a count is no mark",
                a.id
            );
            for b in &RULE_TABLE[i + 1..] {
                assert_ne!(a.mark, b.mark, "{} and {}", a.id, b.id);
                assert_ne!(a.id, b.id);
            }
        }
    }

    #[test]
    fn an_audit_of_plane_rules_alone_does_not_need_the_shapes() {
        let spatial: Vec<&str> = RULE_TABLE.iter().filter(|r| r.spatial).map(|r| r.id).collect();
        assert_eq!(
            spatial,
            ["cell-far-from-station", "territory-uncovered", "cells-overlap"]
        );
    }
}
