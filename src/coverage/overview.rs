//! The Overview view's numbers: counts, coverage ratios, gap counts,
//! the suggestion ledger by month and the next reception day.

use super::{Facts, Finding, SuggestionCounts, RULES};
use crate::model::{Dataset, DeputyLevel, RotaSlot, StationKind};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// `part` of `whole` (e.g. cells with a deputy of all cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub part: usize,
    pub whole: usize,
}

impl Ratio {
    /// The ratio in percent; 100 when `whole` is 0 (nothing to cover).
    pub fn pct(self) -> f64 {
        if self.whole == 0 {
            100.0
        } else {
            100.0 * self.part as f64 / self.whole as f64
        }
    }
}

/// Deputies of one level: all of them and the active ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelCount {
    pub level: DeputyLevel,
    pub total: usize,
    pub active: usize,
}

/// The next reception day on or after the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextReception {
    pub date: NaiveDate,
    /// Stations receiving that day, by code.
    pub stations: Vec<String>,
    /// Who is on the rota that day, leads first, then by station and code.
    pub rota: Vec<RotaSlot>,
}

/// Reception records dated in a period (进站人次, 接待群众人次): every
/// record, also those of deputies inactive now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReceptionFigures {
    pub records: usize,
    /// The sum of their constituents.
    pub constituents: i64,
    /// Distinct deputies among the records.
    pub deputies: usize,
}

/// The reception records dated from `from` to `to` (both included).
pub fn reception_figures(ds: &Dataset, from: NaiveDate, to: NaiveDate) -> ReceptionFigures {
    let dated: Vec<_> = ds
        .receptions
        .iter()
        .filter(|r| from <= r.date && r.date <= to)
        .collect();
    let mut deputies: Vec<&str> = dated.iter().map(|r| r.deputy_code.as_str()).collect();
    deputies.sort_unstable();
    deputies.dedup();
    ReceptionFigures {
        records: dated.len(),
        constituents: dated.iter().map(|r| r.constituents).sum(),
        deputies: deputies.len(),
    }
}

/// The headline figures of a period (SPEC §12): what `report` heads its
/// summary with and what the Overview shows for the year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PeriodFigures {
    pub receptions: ReceptionFigures,
    /// The suggestions received in the period, `overdue` as of its end.
    pub suggestions: SuggestionCounts,
}

/// [`PeriodFigures`] from `from` to `to` (both included).
pub fn period_figures(ds: &Dataset, from: NaiveDate, to: NaiveDate) -> PeriodFigures {
    PeriodFigures {
        receptions: reception_figures(ds, from, to),
        suggestions: SuggestionCounts::count(
            ds.suggestions
                .iter()
                .filter(|s| from <= s.received_on && s.received_on <= to),
            to,
        ),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub cells: usize,
    pub deputies: usize,
    pub active_deputies: usize,
    /// Every level, national first, zeros included.
    pub deputies_by_level: Vec<LevelCount>,
    pub contacts: usize,
    pub active_contacts: usize,
    pub stations: usize,
    /// Cells with at least one active deputy assigned, of all cells.
    pub cells_with_deputy: Ratio,
    /// Cells with at least one active contact, of all cells.
    pub cells_with_contact: Ratio,
    /// Active deputies linked to at least one active contact, of active deputies.
    pub deputies_with_contact: Ratio,
    /// Active contacts whose deputy is active, of active contacts.
    pub contacts_linked: Ratio,
    /// (rule id, findings) for every rule, in SPEC order, zeros included.
    pub gaps_per_rule: Vec<(&'static str, usize)>,
    pub suggestions: usize,
    /// Suggestions not closed.
    pub pending: usize,
    /// Suggestions `suggestion-overdue` finds.
    pub overdue: usize,
    /// Suggestions on the reminder list (due within `remind_days`, SPEC §10).
    pub due_soon: usize,
    /// ("YYYY-MM", suggestions received that month) for the twelve months
    /// ending with the as-of month, oldest first.
    pub per_month: Vec<(String, usize)>,
    pub next_reception: Option<NextReception>,
    /// The year's headline figures: 1 January of the as-of year to the
    /// as-of date, as `report` counts them.
    pub year: PeriodFigures,
}

/// The Overview's numbers as of a date, gap counts from `findings`.
pub fn overview(ds: &Dataset, as_of: NaiveDate, findings: &[Finding]) -> Overview {
    overview_facts(&Facts::new(ds, as_of), findings)
}

/// [`overview`] over facts already counted (the report counts its towns
/// from the same facts).
pub fn overview_facts(f: &Facts, findings: &[Finding]) -> Overview {
    let (ds, as_of, ledger) = (f.ds, f.as_of, f.ledger());
    let active_deputies = f.deputies.iter().filter(|d| d.active).count();
    let active_contacts = f.contacts.active;
    let deputies_by_level = DeputyLevel::ALL
        .iter()
        .map(|&level| {
            let of_level = f.deputies.iter().filter(|d| d.level == level);
            LevelCount {
                level,
                total: of_level.clone().count(),
                active: of_level.filter(|d| d.active).count(),
            }
        })
        .collect();
    let count_nonzero = |v: &[usize]| v.iter().filter(|n| **n > 0).count();
    let deputies_with_contact = f
        .deputies
        .iter()
        .enumerate()
        .filter(|(i, d)| d.active && f.deputy_contacts[*i] > 0)
        .count();
    let contacts_linked = f.contacts.linked;
    let gaps_per_rule = RULES
        .iter()
        .map(|&r| (r, findings.iter().filter(|x| x.rule == r).count()))
        .collect();

    Overview {
        cells: ds.cells.len(),
        deputies: f.deputies.len(),
        active_deputies,
        deputies_by_level,
        contacts: f.contacts.total,
        active_contacts,
        stations: ds.stations.len(),
        cells_with_deputy: Ratio {
            part: count_nonzero(&f.cell_deputies),
            whole: ds.cells.len(),
        },
        cells_with_contact: Ratio {
            part: count_nonzero(&f.cell_contacts),
            whole: ds.cells.len(),
        },
        deputies_with_contact: Ratio {
            part: deputies_with_contact,
            whole: active_deputies,
        },
        contacts_linked: Ratio {
            part: contacts_linked,
            whole: active_contacts,
        },
        gaps_per_rule,
        suggestions: ledger.total,
        pending: ledger.pending,
        overdue: ledger.overdue,
        due_soon: ledger.due_soon,
        per_month: ledger
            .months
            .iter()
            .map(|(m, n)| (m.format("%Y-%m").to_string(), *n))
            .collect(),
        next_reception: next_reception(ds, as_of),
        year: PeriodFigures {
            receptions: f.year_receptions,
            suggestions: ledger.year,
        },
    }
}

/// A station's reception day in the month of `month` (SPEC §11: the 31st
/// in a short month falls on its last day).
fn reception_in_month(month: NaiveDate, day: u8) -> Option<NaiveDate> {
    crate::rota::reception_day(month.year(), month.month(), day)
}

/// A reception day's rota in the order the Overview lists it: leads
/// first, then by station and code.
pub fn rota_order(slots: &mut [RotaSlot]) {
    slots.sort_by(|x, y| (x.role, &x.station_code, &x.deputy_code).cmp(&(y.role, &y.station_code, &y.deputy_code)));
}

fn next_reception(ds: &Dataset, as_of: NaiveDate) -> Option<NextReception> {
    let mut best: Option<NextReception> = None;
    // An online station has no reception day (SPEC §11).
    for s in ds.stations.iter().filter(|s| s.kind != StationKind::Online) {
        let this_month = reception_in_month(as_of, s.reception_day);
        let date = match this_month {
            Some(d) if d >= as_of => d,
            _ => match as_of
                .checked_add_months(Months::new(1))
                .and_then(|m| reception_in_month(m, s.reception_day))
            {
                Some(d) => d,
                None => continue,
            },
        };
        match &mut best {
            Some(b) if b.date == date => b.stations.push(s.code.to_string()),
            Some(b) if b.date < date => {}
            _ => {
                best = Some(NextReception {
                    date,
                    stations: vec![s.code.to_string()],
                    rota: Vec::new(),
                })
            }
        }
    }
    if let Some(b) = &mut best {
        b.stations.sort();
        b.rota = ds.rota.iter().filter(|r| r.date == b.date).cloned().collect();
        rota_order(&mut b.rota);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::rules::testkit::*;
    use super::*;
    use crate::model::Status;

    #[test]
    fn next_reception_day_is_on_or_after_the_as_of_date() {
        let mut a = station("S1", None, None);
        a.reception_day = 15;
        let mut b = station("S2", None, None);
        b.reception_day = 31;
        let mut c = station("S3", None, None);
        c.reception_day = 15;
        let mut online = station("S4", None, None);
        online.kind = StationKind::Online;
        online.reception_day = 15;
        let ds = Dataset {
            stations: vec![a, b, c, online],
            ..Dataset::default()
        };
        let next = next_reception(&ds, day("2026-02-15")).unwrap();
        assert_eq!(
            (next.date, next.stations),
            (day("2026-02-15"), vec!["S1".to_string(), "S3".to_string()])
        );
        let next = next_reception(&ds, day("2026-02-16")).unwrap();
        assert_eq!((next.date, next.stations), (day("2026-02-28"), vec!["S2".to_string()]));
    }

    #[test]
    fn months_run_twelve_back_from_the_as_of_month() {
        let ds = Dataset {
            suggestions: vec![
                suggestion("A", "G1", Status::Received, "2026-05-20", None),
                suggestion("B", "G1", Status::Received, "2025-06-01", None),
                suggestion("C", "G1", Status::Received, "2025-05-31", None), // too old
            ],
            ..Dataset::default()
        };
        let months = overview(&ds, day("2026-05-01"), &[]).per_month;
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], ("2025-06".to_string(), 1));
        assert_eq!(months[11], ("2026-05".to_string(), 1));
        assert_eq!(months.iter().map(|m| m.1).sum::<usize>(), 2);
    }

    #[test]
    fn ratios_count_active_people_only() {
        let ds = Dataset {
            cells: vec![cell("G1", None), cell("G2", None)],
            deputies: vec![deputy("D1", true), deputy("D2", false), deputy("D3", true)],
            assignments: vec![assign("D1", "G1"), assign("D2", "G2")],
            contacts: vec![
                contact("C1", "G1", "D1", true),
                contact("C2", "G2", "D2", true),
                contact("C3", "G2", "D3", false),
            ],
            ..Dataset::default()
        };
        let o = overview(&ds, day("2026-05-01"), &[]);
        assert_eq!(o.cells_with_deputy, Ratio { part: 1, whole: 2 });
        assert_eq!(o.cells_with_contact, Ratio { part: 2, whole: 2 });
        assert_eq!(o.deputies_with_contact, Ratio { part: 1, whole: 2 });
        assert_eq!(o.contacts_linked, Ratio { part: 1, whole: 2 });
        assert_eq!(o.active_deputies, 2);
        let county = o
            .deputies_by_level
            .iter()
            .find(|l| l.level == DeputyLevel::County)
            .unwrap();
        assert_eq!((county.total, county.active), (3, 2));
        assert_eq!(o.gaps_per_rule.len(), RULES.len());
    }
}
