//! The overlays over a view (detail, picker, confirmation, form, help),
//! what their choices are for, and the versions of the rows they showed.

use super::*;

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickPurpose {
    /// Reassign these contacts to the chosen deputy.
    ReassignTo(Vec<String>),
    /// Move this contact to the chosen cell.
    MoveToCell(String),
    /// Hand every contact of this deputy to the chosen one.
    HandoverTo(String),
    /// Assign the chosen deputy to this cell.
    AssignDeputy(String),
    /// Link the chosen contact to this deputy.
    ContactForDeputy(String),
    /// Move the chosen contact into this cell.
    ContactIntoCell(String),
    /// Move this suggestion to the chosen status.
    AdvanceTo(String),
    /// Make the chosen deputy this (key) suggestion's supervisor.
    SuperviseBy(String),
    /// Global lookup: jump to the chosen thing.
    Lookup,
    /// Open the chosen cell (one of a deputy's).
    OpenCell,
    /// Fill the form field of this key (beneath) with the chosen record.
    FillField(&'static str),
    /// Sort the view's table by the chosen column.
    SortBy,
    /// Show the suggestions the chosen unit handles (none chosen: every unit's).
    FilterUnit,
}

/// The versions of the rows a change will touch, as they were when the
/// first overlay of that change opened: what the operator decided on
/// (SPEC §7). Carried from picker to confirmation to form and checked by
/// the store, so a background refresh under an open overlay never turns
/// another operator's change into one that is silently overwritten.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub contacts: Versions,
    pub suggestions: Versions,
    /// A reception's constituents as stored when the operator chose to
    /// replace them (None: none was stored).
    pub reception: Option<Option<i64>>,
}

impl Seen {
    pub(super) fn contacts(versions: Versions) -> Seen {
        Seen {
            contacts: versions,
            ..Default::default()
        }
    }
}

/// A change waiting for the operator's yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Reassign {
        contacts: Vec<String>,
        deputy: String,
    },
    Move {
        contact: String,
        cell: String,
    },
    Handover {
        from: String,
        to: String,
    },
    Assign {
        deputy: String,
        cell: String,
    },
    Advance {
        code: String,
        to: Status,
    },
    /// Name `deputy` the supervisor of suggestion `code`.
    Supervise {
        code: String,
        deputy: String,
    },
    /// Record a reception that replaces one already stored.
    Reception(Reception),
    /// Quit, dropping a form that was typed into.
    Quit,
    /// Deactivate `retire`, a duplicate of `keep` (which takes its deputy
    /// when it has none), both as of the versions the question showed.
    RetireDuplicate {
        retire: String,
        keep: String,
        versions: [i64; 2],
    },
    /// Deactivate or reactivate a record, as of the version the question showed.
    SetActive {
        kind: crate::store::Kind,
        code: String,
        active: bool,
        version: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    AddSuggestion,
    Advance {
        code: String,
        to: Status,
    },
    /// Extend the suggestion's due date (SPEC §10).
    Extend {
        code: String,
    },
    /// Rate the suggestion's reply (SPEC §4).
    Evaluate {
        code: String,
    },
    Reception {
        station: String,
    },
    /// Edit or add a record of section 9 (`e`, `n`).
    Record(super::records::RecordForm),
    /// Write the report of a period to a workbook (the Overview's `w`).
    Report,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Detail(Detail),
    Picker {
        picker: Picker,
        purpose: PickPurpose,
        source: PickSource,
        seen: Seen,
    },
    Confirm {
        text: String,
        change: Change,
        seen: Seen,
    },
    Form {
        form: Form,
        purpose: FormPurpose,
        seen: Seen,
    },
    Help {
        scroll: u16,
    },
    /// A record's history (`H`), newest first.
    History {
        title: String,
        lines: Vec<String>,
        scroll: u16,
    },
}
