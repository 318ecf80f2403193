//! The rules of SPEC §3, grouped by what they look at. Each rule is
//! a pure function from [`Facts`] to its findings, or from the facts and
//! one suggestion to its finding about it.

mod cells;
mod geometry;
mod people;
mod suggestions;

use super::facts::Facts;
use super::Finding;
use super::Phones;
use crate::i18n::{tr, Lang};
use crate::model::{Contact, Kind, Severity, Suggestion};

/// A rule: everything about it in one row, so a new rule costs one check
/// function and one row here. The CLI reads the id, severity and kind; the
/// TUI the labels, the mark and the fix.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// The kind of thing its findings name.
    pub kind: Kind,
    /// Its name for an operator reading Chinese (English reads the id).
    pub label_zh: &'static str,
    /// Its sign on a row (after the gap mark `!`), one per rule, the same
    /// in every view; the help's legend lists them.
    pub mark: &'static str,
    /// It reads the cells' shapes (the audit then parses them first).
    pub spatial: bool,
    /// What the Gaps view's fix key does about one of its findings.
    pub fix: Fix,
    pub check: Check,
}

/// How a rule looks at the county.
#[derive(Clone, Copy)]
pub enum Check {
    /// Over the facts, once per audit.
    Facts(fn(&Facts) -> Vec<Finding>),
    /// At one suggestion at a time, as the suggestions are counted
    /// ([`super::SuggestionTally`]): the TUI reads them a row at a time and
    /// never holds a province's 200,000 together.
    Suggestion(fn(&Facts, &Suggestion) -> Option<Finding>),
    /// At one contact at a time, as the contacts are counted
    /// ([`super::Counting`]), for the same reason.
    Contact(fn(&Facts, &Contact) -> Option<Finding>),
    /// Over the active contacts' valid phones, sorted, once every contact
    /// is counted (the phones are then let go).
    Phones(fn(&Facts, &Phones) -> Vec<Finding>),
}

impl Rule {
    /// The rule's name in the operator's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        tr(lang, self.label_zh, self.id)
    }
}

/// The natural fix of a rule's finding, as an operator makes it. The TUI
/// maps each to its behaviour in one exhaustive `match`, so a new variant
/// (a rule whose fix is new: opening two duplicates side by side, picking
/// a supervisor) is a compile error until it is given one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Pick another deputy for the contact.
    ReassignContact,
    /// Pick a deputy to assign to the cell.
    AssignDeputy,
    /// Pick a contact to move into the cell.
    MoveContactIntoCell,
    /// Pick a contact to link to the deputy.
    LinkContact,
    /// List the deputy's contacts, to hand some over.
    ListContacts,
    /// Record a reception day of the deputy.
    RecordReception,
    /// Move the suggestion along its lifecycle.
    AdvanceSuggestion,
    /// Open the contact and its duplicates, to deactivate one (its deputy
    /// link going to the one kept).
    DeactivateDuplicate,
    /// Pick an active deputy (a committee leader) to supervise the key suggestion.
    ChooseSupervisor,
    /// Nothing to do on screen: the data files are edited and imported again.
    EditFiles,
}

/// Every rule, in SPEC §3's order.
pub const TABLE: &[Rule] = &[
    Rule {
        id: "cell-no-deputy",
        severity: Severity::High,
        kind: Kind::Cell,
        label_zh: "网格无代表",
        mark: "D",
        spatial: false,
        fix: Fix::AssignDeputy,
        check: Check::Facts(cells::cell_no_deputy),
    },
    Rule {
        id: "cell-no-contact",
        severity: Severity::High,
        kind: Kind::Cell,
        label_zh: "网格无联络员",
        mark: "C",
        spatial: false,
        fix: Fix::MoveContactIntoCell,
        check: Check::Facts(cells::cell_no_contact),
    },
    Rule {
        id: "contact-no-deputy",
        severity: Severity::High,
        kind: Kind::Contact,
        label_zh: "联络员无代表",
        mark: "U",
        spatial: false,
        fix: Fix::ReassignContact,
        check: Check::Contact(people::contact_no_deputy),
    },
    Rule {
        id: "deputy-no-contact",
        severity: Severity::Medium,
        kind: Kind::Deputy,
        label_zh: "代表无联络员",
        mark: "L",
        spatial: false,
        fix: Fix::LinkContact,
        check: Check::Facts(people::deputy_no_contact),
    },
    Rule {
        id: "deputy-overloaded",
        severity: Severity::Medium,
        kind: Kind::Deputy,
        label_zh: "代表联系过多",
        mark: "+",
        spatial: false,
        fix: Fix::ListContacts,
        check: Check::Facts(people::deputy_overloaded),
    },
    Rule {
        id: "contact-deputy-mismatch",
        severity: Severity::Low,
        kind: Kind::Contact,
        label_zh: "代表不在本网格",
        mark: "M",
        spatial: false,
        fix: Fix::ReassignContact,
        check: Check::Contact(people::contact_deputy_mismatch),
    },
    Rule {
        id: "deputy-no-reception",
        severity: Severity::Medium,
        kind: Kind::Deputy,
        label_zh: "本年未接待",
        mark: "R",
        spatial: false,
        fix: Fix::RecordReception,
        check: Check::Facts(people::deputy_no_reception),
    },
    Rule {
        id: OVERDUE,
        severity: Severity::High,
        kind: Kind::Suggestion,
        label_zh: "建议逾期",
        mark: MARK_OVERDUE,
        spatial: false,
        fix: Fix::AdvanceSuggestion,
        check: Check::Suggestion(suggestions::suggestion_overdue),
    },
    Rule {
        id: "suggestion-unassigned",
        severity: Severity::Medium,
        kind: Kind::Suggestion,
        label_zh: "建议未交办",
        mark: "A",
        spatial: false,
        fix: Fix::AdvanceSuggestion,
        check: Check::Suggestion(suggestions::suggestion_unassigned),
    },
    Rule {
        id: "suggestion-unsatisfied",
        severity: Severity::Medium,
        kind: Kind::Suggestion,
        label_zh: "答复不满意",
        mark: "S",
        spatial: false,
        fix: Fix::AdvanceSuggestion,
        check: Check::Suggestion(suggestions::suggestion_unsatisfied),
    },
    Rule {
        id: "cell-far-from-station",
        severity: Severity::Low,
        kind: Kind::Cell,
        label_zh: "离联络站远",
        mark: "F",
        spatial: true,
        fix: Fix::EditFiles,
        check: Check::Facts(geometry::cell_far_from_station),
    },
    Rule {
        id: "cell-no-geometry",
        severity: Severity::Low,
        kind: Kind::Cell,
        label_zh: "网格无边界",
        mark: "G",
        spatial: false,
        fix: Fix::EditFiles,
        check: Check::Facts(cells::cell_no_geometry),
    },
    Rule {
        id: "contact-bad-phone",
        severity: Severity::Low,
        kind: Kind::Contact,
        label_zh: "电话无效",
        mark: "P",
        spatial: false,
        fix: Fix::EditFiles,
        check: Check::Contact(people::contact_bad_phone),
    },
    Rule {
        id: "territory-uncovered",
        severity: Severity::Medium,
        kind: Kind::Territory,
        label_zh: "辖区未覆盖",
        mark: "T",
        spatial: true,
        fix: Fix::EditFiles,
        check: Check::Facts(geometry::territory_uncovered),
    },
    Rule {
        id: "cells-overlap",
        severity: Severity::Low,
        kind: Kind::Cell,
        label_zh: "网格重叠",
        mark: "O",
        spatial: true,
        fix: Fix::EditFiles,
        check: Check::Facts(geometry::cells_overlap),
    },
    Rule {
        id: "contact-duplicate",
        severity: Severity::Low,
        kind: Kind::Contact,
        label_zh: "联络员重复",
        mark: "=",
        spatial: false,
        fix: Fix::DeactivateDuplicate,
        check: Check::Phones(people::contact_duplicate),
    },
    Rule {
        id: "suggestion-key-unsupervised",
        severity: Severity::Medium,
        kind: Kind::Suggestion,
        label_zh: "重点建议无督办",
        mark: "K",
        spatial: false,
        fix: Fix::ChooseSupervisor,
        check: Check::Suggestion(suggestions::suggestion_key_unsupervised),
    },
];

/// The overdue rule's id: its findings also mark a suggestion's due date.
pub const OVERDUE: &str = "suggestion-overdue";

/// The overdue rule's mark, the one a suggestion's due date carries too.
pub const MARK_OVERDUE: &str = "×";

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    TABLE.iter().find(|r| r.id == id)
}

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

/// A finding of rule `id` (one of [`TABLE`]'s ids) about `code`.
fn finding(id: &'static str, code: &str, cell: Option<&str>, detail: Detail) -> Finding {
    let (severity, kind) = find(id)
        .map(|r| (r.severity, r.kind))
        .unwrap_or((Severity::Low, Kind::Cell));
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
