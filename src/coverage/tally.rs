//! What the suggestions add to an audit, counted one row at a time: the
//! findings of the rules that look at one suggestion, and every figure the
//! summaries and the Overview take from them. The CLI counts a Dataset's
//! suggestions; the TUI counts them as it reads them from SQLite, so that
//! a province's 200,000 are never held together.

use super::facts::{is_overdue, Facts};
use super::rules::{Check, TABLE};
use super::{is_due_soon, Finding, SuggestionCounts, UnitTally};
use crate::model::{Status, Suggestion};
use chrono::{Datelike, Months, NaiveDate};

/// The suggestions' part of the facts (see [`Facts::ledger`]).
#[derive(Debug, Clone)]
pub struct SuggestionTally<'a> {
    /// The findings of every rule that looks at one suggestion, in the
    /// order counted (the audit sorts them with the rest).
    pub findings: Vec<Finding>,
    /// Suggestions not closed, by cell index.
    pub cell_pending: Vec<usize>,
    /// Suggestions `suggestion-overdue` finds, by cell index.
    pub cell_overdue: Vec<usize>,
    /// Suggestions raised (`raised_by`) and received from 1 January up to
    /// the as-of date, by deputy index.
    pub deputy_raised: Vec<usize>,
    /// Every suggestion counted.
    pub total: usize,
    /// Those not closed.
    pub pending: usize,
    /// Those `suggestion-overdue` finds.
    pub overdue: usize,
    /// Those on the reminder list (due within `remind_days`, SPEC §10).
    pub due_soon: usize,
    /// (first day of the month, suggestions received that month) for the
    /// twelve months ending with the as-of month, oldest first.
    pub months: Vec<(NaiveDate, usize)>,
    /// The figures of those received from 1 January to the as-of date.
    pub year: SuggestionCounts,
    /// The units' scorecard of the year (assigned from 1 January to the
    /// as-of date), as `lianluo units` counts it.
    pub units: UnitTally<'a>,
}

impl<'a> SuggestionTally<'a> {
    /// Nothing counted yet, for the places and people of `f`.
    pub fn new(f: &Facts<'a>) -> SuggestionTally<'a> {
        let last = month_start(f.as_of);
        let first = last.checked_sub_months(Months::new(11)).unwrap_or(last);
        SuggestionTally {
            findings: Vec::new(),
            cell_pending: vec![0; f.ds.cells.len()],
            cell_overdue: vec![0; f.ds.cells.len()],
            deputy_raised: vec![0; f.deputies.len()],
            total: 0,
            pending: 0,
            overdue: 0,
            due_soon: 0,
            months: (0..12)
                .filter_map(|k| first.checked_add_months(Months::new(k)))
                .map(|m| (m, 0))
                .collect(),
            year: SuggestionCounts::default(),
            units: UnitTally::new(&f.ds.units, f.year_start, f.as_of),
        }
    }

    /// Every suggestion of `rows` counted.
    pub fn of<'s>(f: &Facts<'a>, rows: impl IntoIterator<Item = &'s Suggestion>) -> SuggestionTally<'a> {
        let mut tally = SuggestionTally::new(f);
        for s in rows {
            tally.add(f, s);
        }
        tally
    }

    /// Count one more suggestion.
    pub fn add(&mut self, f: &Facts<'a>, s: &Suggestion) {
        for rule in TABLE {
            if let Check::Suggestion(check) = rule.check {
                self.findings.extend(check(f, s));
            }
        }
        let overdue = is_overdue(s, f.as_of);
        let pending = s.status != Status::Closed;
        if let Some(&i) = f.cell_by_code.get(s.cell_code.as_str()) {
            self.cell_pending[i] += usize::from(pending);
            self.cell_overdue[i] += usize::from(overdue);
        }
        if let Some(&d) = s
            .raised_in(f.year_start, f.as_of)
            .and_then(|code| f.deputy_by_code.get(code))
        {
            self.deputy_raised[d] += 1;
        }
        if f.year_start <= s.received_on && s.received_on <= f.as_of {
            self.year.add(s, f.as_of);
        }
        self.total += 1;
        self.pending += usize::from(pending);
        self.overdue += usize::from(overdue);
        self.due_soon += usize::from(is_due_soon(s, f.as_of, f.settings.remind_days));
        let month = month_start(s.received_on);
        if let Some(slot) = self.months.iter_mut().find(|(start, _)| *start == month) {
            slot.1 += 1;
        }
        self.units.add(s);
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}
