//! One row per deputy for the Deputies view: load, activity, duty points.

use super::Facts;
use crate::model::{Dataset, DeputyLevel, Text};
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
    // In the order of `ds.deputies`, as the facts count them.
    let raised = &f.ledger().deputy_raised;
    let points = terms.points(raised, &f.ds.settings);
    let mut rows: Vec<DeputySummary> =
        f.ds.deputies
            .iter()
            .enumerate()
            .map(|(i, d)| DeputySummary {
                code: d.code.clone(),
                name: d.name.clone(),
                level: d.level,
                district: d.district.clone(),
                active: d.active,
                cells: count(f.deputy_cells[i]),
                contacts: count(f.deputy_contacts[i]),
                receptions: count(f.deputy_receptions[i]),
                suggestions: count(raised[i]),
                points: points.get(i).copied().unwrap_or(0),
            })
            .collect();
    crate::model::sort_rows(&mut rows, |a, b| a.code.cmp(&b.code));
    rows
}

/// A count as a summary holds it (saturating: no county has four billion).
pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
