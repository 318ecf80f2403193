//! One row per deputy for the Deputies view: load, activity, duty points.

use super::Facts;
use crate::model::{count_u32, Dataset, Deputy, DeputyLevel, Text};
use crate::rota::DutyTerms;
use chrono::NaiveDate;
use serde::Serialize;

/// A deputy's coverage and activity in the as-of year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeputySummary {
    pub code: Text,
    pub name: Text,
    pub level: DeputyLevel,
    /// The district the deputy was elected in (a filter of the Deputies
    /// view matches it).
    pub district: Text,
    pub active: bool,
    // (Counts as u32: a province's 140,000 summaries, held twice while the
    // next snapshot is made, are 4 MB smaller than with usize.)
    /// Cells assigned.
    pub cells: u32,
    /// Active contacts linked.
    pub contacts: u32,
    /// Reception records from 1 January to the as-of date.
    pub receptions: u32,
    /// Suggestions raised (`raised_by`) and received from 1 January to the
    /// as-of date.
    pub suggestions: u32,
    /// Duty points (SPEC §11), as `lianluo points` counts them
    /// ([`crate::rota::DutyTerms`]): receptions, suggestions, contacts,
    /// activities and absences, each by its weight.
    pub points: i64,
}

/// A summary per deputy (active or not), sorted by code.
pub fn deputy_summaries(ds: &Dataset, as_of: NaiveDate) -> Vec<DeputySummary> {
    deputy_summaries_facts(&Facts::new(ds, as_of))
}

/// [`deputy_summaries`] over facts already counted.
pub fn deputy_summaries_facts(f: &Facts) -> Vec<DeputySummary> {
    deputy_summaries_terms(f, duty_terms(f))
}

/// What the deputies' duty points count but the suggestions (the TUI's
/// audit counts it beside the suggestions it reads).
pub fn duty_terms(f: &Facts) -> DutyTerms {
    let mut terms = DutyTerms::new(f.as_of, &f.deputy_receptions, &f.deputy_contacts);
    let deputy_of = |code: &str| f.deputy_by_code.get(code).copied();
    terms.add_all(&f.ds.rota, &f.ds.activities, |s| f.received(s), deputy_of);
    terms
}

/// [`deputy_summaries_facts`] with the duty terms counted already.
pub fn deputy_summaries_terms(f: &Facts, terms: DutyTerms) -> Vec<DeputySummary> {
    // (Facts counted of a Dataset count its deputies.)
    deputy_summaries_of(f.ds.deputies.iter().cloned(), &deputy_counts(f, terms))
}

/// What a deputy's summary counts (see [`DeputySummary`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DeputyCounts {
    pub cells: u32,
    pub contacts: u32,
    pub receptions: u32,
    pub suggestions: u32,
    pub points: i64,
}

/// Each deputy's counts, in the order of the facts' deputies (as they
/// count them): the TUI makes its summaries of them once the facts are let
/// go, moving the deputies' rows into them ([`deputy_summaries_of`]).
pub fn deputy_counts(f: &Facts, terms: DutyTerms) -> Vec<DeputyCounts> {
    let raised = &f.ledger().deputy_raised;
    let points = terms.points(raised, &f.ds.settings);
    (0..f.deputies.len())
        .map(|i| DeputyCounts {
            cells: count_u32(f.deputy_cells[i]),
            contacts: count_u32(f.deputy_contacts[i]),
            receptions: count_u32(f.deputy_receptions[i]),
            suggestions: count_u32(raised[i]),
            points: points.get(i).copied().unwrap_or(0),
        })
        .collect()
}

/// The summaries of `deputies` (a Dataset's, in its order) with their
/// `counts`, sorted by code.
pub fn deputy_summaries_of(deputies: impl IntoIterator<Item = Deputy>, counts: &[DeputyCounts]) -> Vec<DeputySummary> {
    let mut rows: Vec<DeputySummary> = deputies
        .into_iter()
        .zip(counts)
        .map(|(d, c)| deputy_summary(d, c))
        .collect();
    // (Made in the rows' place when they are moved in: what is left of it
    // goes back.)
    rows.shrink_to_fit();
    crate::model::sort_rows(&mut rows, |a, b| a.code.cmp(&b.code));
    rows
}

/// The summary of deputy `d` with its counts.
pub fn deputy_summary(d: Deputy, c: &DeputyCounts) -> DeputySummary {
    DeputySummary {
        code: d.code,
        name: d.name,
        level: d.level,
        district: d.district,
        active: d.active,
        cells: c.cells,
        contacts: c.contacts,
        receptions: c.receptions,
        suggestions: c.suggestions,
        points: c.points,
    }
}
