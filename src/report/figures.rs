//! The figures of `lianluo report` (SPEC §12), serialised with exactly its
//! keys in its order.

use crate::coverage::{
    overview_facts, period_figures, unit_scores, Facts, ReceptionFigures, SuggestionCounts, UnitScore,
};
use crate::model::{AreaLevel, Category, Dataset, DeputyLevel, Suggestion, Text};
use chrono::{Datelike, Months, NaiveDate};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The whole report of a period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The county-level area's name, for a title (not part of the JSON).
    #[serde(skip)]
    pub county: Option<Text>,
    pub counts: Counts,
    pub coverage: CoverageCounts,
    pub receptions: ReceptionFigures,
    pub suggestions: SuggestionCounts,
    pub by_town: Vec<TownFigures>,
    pub by_unit: Vec<UnitScore<'a>>,
    pub by_category: Vec<CategoryFigures>,
    pub by_month: Vec<MonthFigures>,
}

/// The database now: active deputies, contacts and units; all cells, areas
/// and stations (they have no active flag).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Counts {
    pub cells: usize,
    pub areas_town: usize,
    pub areas_village: usize,
    pub deputies: usize,
    pub deputies_by_level: LevelCounts,
    pub contacts: usize,
    pub stations: usize,
    pub units: usize,
}

/// Active deputies of each of the five levels, national first, 0 where none.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCounts(pub Vec<(DeputyLevel, usize)>);

impl Serialize for LevelCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (level, n) in &self.0 {
            map.serialize_entry(level.code(), n)?;
        }
        map.end()
    }
}

/// The Overview's coverage ratios' numerators.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CoverageCounts {
    pub cells_with_deputy: usize,
    pub cells_with_contact: usize,
    pub deputies_with_contact: usize,
    pub contacts_linked: usize,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TownFigures {
    pub code: Text,
    pub name: Text,
    pub cells: usize,
    pub cells_with_deputy: usize,
    pub cells_with_contact: usize,
    #[serde(flatten)]
    pub suggestions: SuggestionCounts,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CategoryFigures {
    pub category: Category,
    #[serde(flatten)]
    pub suggestions: SuggestionCounts,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MonthFigures {
    /// "YYYY-MM".
    pub month: String,
    pub received: usize,
    pub replied: usize,
    pub closed: usize,
}

/// The report of `from` to `to` (both included). The caller checks that
/// `from` is not after `to`.
pub fn figures(ds: &Dataset, from: NaiveDate, to: NaiveDate) -> Report<'_> {
    let facts = Facts::new(ds, to);
    // Counts and coverage as the Overview counts them (no gap figure is
    // used here, so no audit is run).
    let o = overview_facts(&facts, &[]);
    let areas_of = |level: AreaLevel| ds.areas.iter().filter(|a| a.level == level).count();
    let counts = Counts {
        cells: o.cells,
        areas_town: areas_of(AreaLevel::Town),
        areas_village: areas_of(AreaLevel::Village),
        deputies: o.active_deputies,
        deputies_by_level: LevelCounts(o.deputies_by_level.iter().map(|l| (l.level, l.active)).collect()),
        contacts: o.active_contacts,
        stations: o.stations,
        units: ds.units.iter().filter(|u| u.active).count(),
    };
    let coverage = CoverageCounts {
        cells_with_deputy: o.cells_with_deputy.part,
        cells_with_contact: o.cells_with_contact.part,
        deputies_with_contact: o.deputies_with_contact.part,
        contacts_linked: o.contacts_linked.part,
    };
    let in_period = |d: NaiveDate| from <= d && d <= to;
    let received: Vec<&Suggestion> = ds.suggestions.iter().filter(|s| in_period(s.received_on)).collect();
    // The head of the report, as the Overview counts the year's.
    let head = period_figures(ds, from, to);
    Report {
        from,
        to,
        county: ds
            .areas
            .iter()
            .find(|a| a.level == AreaLevel::County)
            .map(|a| a.name.clone()),
        counts,
        coverage,
        receptions: head.receptions,
        suggestions: head.suggestions,
        by_town: by_town(&facts, &received),
        by_unit: unit_scores(&ds.units, &ds.suggestions, from, to),
        by_category: Category::ALL
            .iter()
            .map(|&category| CategoryFigures {
                category,
                suggestions: SuggestionCounts::count(received.iter().copied().filter(|s| s.category == category), to),
            })
            .collect(),
        by_month: by_month(ds, from, to),
    }
}

/// Every town by code: its cells counted like `coverage`, and the
/// suggestions received in the period in its cells (a cell's town: its
/// area when a town, else that village's parent town).
fn by_town(f: &Facts, received: &[&Suggestion]) -> Vec<TownFigures> {
    let ds = f.ds;
    let mut towns: Vec<TownFigures> = ds
        .areas
        .iter()
        .filter(|a| a.level == AreaLevel::Town)
        .map(|a| TownFigures {
            code: a.code.clone(),
            name: a.name.clone(),
            cells: 0,
            cells_with_deputy: 0,
            cells_with_contact: 0,
            suggestions: SuggestionCounts::default(),
        })
        .collect();
    towns.sort_by(|a, b| a.code.cmp(&b.code));
    let town_index: crate::model::CodeMap<&str, usize> =
        towns.iter().enumerate().map(|(i, t)| (t.code.as_str(), i)).collect();
    // Each cell's town, by cell index.
    let cell_town: Vec<Option<usize>> = ds
        .cells
        .iter()
        .map(|c| {
            let (town, _) = ds.town_and_village(&c.area_code);
            town.and_then(|t| town_index.get(t.code.as_str()).copied())
        })
        .collect();
    for (i, town) in cell_town.iter().enumerate() {
        if let Some(&t) = town.as_ref() {
            towns[t].cells += 1;
            towns[t].cells_with_deputy += usize::from(f.cell_deputies[i] > 0);
            towns[t].cells_with_contact += usize::from(f.cell_contacts[i] > 0);
        }
    }
    for s in received {
        let town = f.cell_by_code.get(s.cell_code.as_str()).and_then(|&i| cell_town[i]);
        if let Some(t) = town {
            towns[t].suggestions.add(s, f.as_of);
        }
    }
    towns
}

/// Every month the period touches, in order: the suggestions whose
/// received_on, replied_on and closed_on fall in that month and within the
/// period (by the stored date alone).
fn by_month(ds: &Dataset, from: NaiveDate, to: NaiveDate) -> Vec<MonthFigures> {
    let first = from.with_day(1).unwrap_or(from);
    let index = |d: NaiveDate| -> Option<usize> {
        (from <= d && d <= to)
            .then(|| ((d.year() - first.year()) * 12 + d.month() as i32 - first.month() as i32) as usize)
    };
    let mut months: Vec<MonthFigures> = Vec::new();
    let mut m = first;
    while m <= to {
        months.push(MonthFigures {
            month: m.format("%Y-%m").to_string(),
            received: 0,
            replied: 0,
            closed: 0,
        });
        match m.checked_add_months(Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    let mut tally = |d: Option<NaiveDate>, field: fn(&mut MonthFigures) -> &mut usize| {
        if let Some(slot) = d.and_then(index).and_then(|i| months.get_mut(i)) {
            *field(slot) += 1;
        }
    };
    for s in &ds.suggestions {
        tally(Some(s.received_on), |m| &mut m.received);
        tally(s.replied_on, |m| &mut m.replied);
        tally(s.closed_on, |m| &mut m.closed);
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::*;
    use crate::model::Status;

    #[test]
    fn months_cover_the_period_and_count_dates_inside_it_only() {
        let mut a = suggestion("A", "G1", Status::Closed, "2026-01-10", None);
        a.replied_on = Some(day("2026-03-20"));
        a.closed_on = Some(day("2026-03-25"));
        let b = suggestion("B", "G1", Status::Received, "2026-01-20", None); // A was received before from
        let mut c = suggestion("C", "G1", Status::Replied, "2025-12-01", None);
        c.replied_on = Some(day("2026-02-01"));
        let ds = Dataset {
            suggestions: vec![a, b, c],
            ..Dataset::default()
        };
        let months = by_month(&ds, day("2026-01-15"), day("2026-03-22"));
        let got: Vec<(&str, usize, usize, usize)> = months
            .iter()
            .map(|m| (m.month.as_str(), m.received, m.replied, m.closed))
            .collect();
        assert_eq!(got, [("2026-01", 1, 0, 0), ("2026-02", 0, 1, 0), ("2026-03", 0, 1, 0)]);
    }
}
