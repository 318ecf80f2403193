//! A station's rota for a year, day by day (the Stations view's Enter):
//! each reception day with who is on it and whether they came.

use super::{attendance, reception_days};
use crate::model::{Dataset, Reception, RotaSlot};
use chrono::NaiveDate;

/// One day of a station's rota.
#[derive(Debug, Clone, PartialEq)]
pub struct RotaDay {
    pub date: NaiveDate,
    /// The slots of that day at the station, lead first, then by code.
    pub slots: Vec<SlotState>,
}

/// A slot with its attendance as of the date asked.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotState {
    pub slot: RotaSlot,
    /// Attended, absent, or still to come (None), as `lianluo rota` says.
    pub attended: Option<bool>,
    /// The constituents received, when a reception matches the slot.
    pub constituents: Option<i64>,
}

/// The station's rota for `year` as of `as_of`: every reception day of the
/// year (none for an online station) and every other day a slot was put
/// on, in date order. `ds.receptions` must hold the year's records.
pub fn station_year(ds: &Dataset, station: &str, year: i32, as_of: NaiveDate) -> Vec<RotaDay> {
    let Some(st) = ds.stations.iter().find(|s| s.code == station) else {
        return Vec::new();
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
    let in_year = |d: NaiveDate| chrono::Datelike::year(&d) == year;
    // The station's records of the year: a handful, searched per slot.
    let here: Vec<&Reception> = ds
        .receptions
        .iter()
        .filter(|r| r.station_code == station && in_year(r.date))
        .collect();
    let mut days: Vec<RotaDay> = reception_days(st, year, first)
        .into_iter()
        .map(|date| RotaDay {
            date,
            slots: Vec::new(),
        })
        .collect();
    for slot in ds.rota.iter().filter(|s| s.station_code == station && in_year(s.date)) {
        let received = here.iter().find(|r| r.key() == slot.key());
        let state = SlotState {
            attended: attendance(received.is_some(), slot.date, as_of),
            constituents: received.map(|r| r.constituents),
            slot: slot.clone(),
        };
        match days.iter_mut().find(|d| d.date == slot.date) {
            Some(day) => day.slots.push(state),
            None => days.push(RotaDay {
                date: slot.date,
                slots: vec![state],
            }),
        }
    }
    days.sort_by_key(|d| d.date);
    for day in &mut days {
        day.slots
            .sort_by(|a, b| (a.slot.role, &a.slot.deputy_code).cmp(&(b.slot.role, &b.slot.deputy_code)));
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::*;
    use crate::model::{RotaRole, StationKind};

    fn slot(date: &str, deputy: &str, role: RotaRole) -> RotaSlot {
        RotaSlot {
            date: day(date),
            station_code: "S1".into(),
            deputy_code: deputy.into(),
            role,
        }
    }

    #[test]
    fn every_reception_day_with_its_slots_lead_first() {
        let ds = Dataset {
            stations: vec![station("S1", None, None)],
            receptions: vec![reception("2026-03-15", "D2")],
            rota: vec![
                slot("2026-03-15", "D1", RotaRole::Member),
                slot("2026-03-15", "D2", RotaRole::Lead),
                slot("2026-03-20", "D3", RotaRole::Lead),
                slot("2025-03-15", "D3", RotaRole::Lead),
            ],
            ..Dataset::default()
        };
        let days = station_year(&ds, "S1", 2026, day("2026-04-01"));
        assert_eq!(days.len(), 13, "twelve reception days and one other");
        let march: Vec<(&str, Option<bool>, Option<i64>)> = days[2]
            .slots
            .iter()
            .map(|s| (s.slot.deputy_code.as_str(), s.attended, s.constituents))
            .collect();
        assert_eq!(march, [("D2", Some(true), Some(0)), ("D1", Some(false), None)]);
        assert_eq!(days[3].date, day("2026-03-20"));
        assert!(days[0].slots.is_empty());
    }

    #[test]
    fn an_online_station_lists_only_the_days_it_was_given() {
        let mut online = station("S1", None, None);
        online.kind = StationKind::Online;
        let ds = Dataset {
            stations: vec![online],
            ..Dataset::default()
        };
        assert!(station_year(&ds, "S1", 2026, day("2026-04-01")).is_empty());
        assert!(station_year(&ds, "NOPE", 2026, day("2026-04-01")).is_empty());
    }
}
