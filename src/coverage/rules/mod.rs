//! The fifteen rules of SPEC §3, grouped by what they look at. Each rule is
//! a pure function from [`Facts`] to its findings.

mod cells;
mod geometry;
mod people;
mod suggestions;

use super::facts::Facts;
use super::Finding;
use crate::model::Severity;

/// A rule: its id, severity, the kind of thing it names, and its check.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub kind: &'static str,
    pub check: fn(&Facts) -> Vec<Finding>,
}

/// Every rule, in SPEC §3's order.
pub const TABLE: [Rule; 15] = [
    rule("cell-no-deputy", Severity::High, "cell", cells::cell_no_deputy),
    rule("cell-no-contact", Severity::High, "cell", cells::cell_no_contact),
    rule(
        "contact-no-deputy",
        Severity::High,
        "contact",
        people::contact_no_deputy,
    ),
    rule(
        "deputy-no-contact",
        Severity::Medium,
        "deputy",
        people::deputy_no_contact,
    ),
    rule(
        "deputy-overloaded",
        Severity::Medium,
        "deputy",
        people::deputy_overloaded,
    ),
    rule(
        "contact-deputy-mismatch",
        Severity::Low,
        "contact",
        people::contact_deputy_mismatch,
    ),
    rule(
        "deputy-no-reception",
        Severity::Medium,
        "deputy",
        people::deputy_no_reception,
    ),
    rule(
        "suggestion-overdue",
        Severity::High,
        "suggestion",
        suggestions::suggestion_overdue,
    ),
    rule(
        "suggestion-unassigned",
        Severity::Medium,
        "suggestion",
        suggestions::suggestion_unassigned,
    ),
    rule(
        "suggestion-unsatisfied",
        Severity::Medium,
        "suggestion",
        suggestions::suggestion_unsatisfied,
    ),
    rule(
        "cell-far-from-station",
        Severity::Low,
        "cell",
        geometry::cell_far_from_station,
    ),
    rule("cell-no-geometry", Severity::Low, "cell", cells::cell_no_geometry),
    rule("contact-bad-phone", Severity::Low, "contact", people::contact_bad_phone),
    rule(
        "territory-uncovered",
        Severity::Medium,
        "territory",
        geometry::territory_uncovered,
    ),
    rule("cells-overlap", Severity::Low, "cell", geometry::cells_overlap),
];

const fn rule(id: &'static str, severity: Severity, kind: &'static str, check: fn(&Facts) -> Vec<Finding>) -> Rule {
    Rule {
        id,
        severity,
        kind,
        check,
    }
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    TABLE.iter().find(|r| r.id == id)
}

/// A finding of rule `id` (one of [`TABLE`]'s ids) about `code`.
/// A finding's detail in English and Chinese.
pub(crate) struct Detail {
    pub en: String,
    pub zh: String,
}

/// The detail in both languages.
pub(crate) fn both(en: impl Into<String>, zh: impl Into<String>) -> Detail {
    Detail {
        en: en.into(),
        zh: zh.into(),
    }
}

fn finding(id: &'static str, code: &str, cell: Option<&str>, detail: Detail) -> Finding {
    let (severity, kind) = find(id)
        .map(|r| (r.severity, r.kind))
        .unwrap_or((Severity::Low, "cell"));
    Finding {
        rule: id,
        severity,
        kind,
        code: code.to_string(),
        cell: cell.filter(|c| !c.is_empty()).map(str::to_string),
        detail: detail.en,
        detail_zh: detail.zh,
    }
}

#[cfg(test)]
pub(crate) mod testkit;
