//! `lianluo rota plan`: who receives constituents where and when for the
//! rest of a year (SPEC §11). Pure: the store applies the plan in one
//! transaction.

use super::reception_days;
use crate::model::{find_by_code, CodeMap, Dataset, Deputy, RotaRole, RotaSlot, StationKind, Text};
use crate::spatial::{centroid, StationIndex};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// What a plan changes, and whom it could not place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub year: i32,
    /// New slots, sorted by key, each with its role.
    pub added: Vec<RotaSlot>,
    /// Slots `--replace` takes away (the year's, from the as-of date on), sorted by key.
    pub removed: Vec<RotaSlot>,
    /// Slots kept whose role changes: on a day the plan adds someone to,
    /// the lead is chosen again. Each with its new role, sorted by key.
    pub relabelled: Vec<RotaSlot>,
    /// Active deputies still short of `rota_per_year` who could not be
    /// given (all) their slots, by code.
    pub unplaced: Vec<Unplaced>,
}

impl Plan {
    /// True when the plan changes nothing in the rota.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.relabelled.is_empty()
    }
}

/// A deputy the plan could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub code: Text,
    pub name: Text,
}

/// Plan year `year` as of `as_of` (SPEC §11). `slots` is the stored rota
/// (other years are left alone); `ds.receptions` must hold at least the
/// year's records; `ds` is sorted by key (as the store loads it).
/// `replace` first removes the year's slots from the as-of date on.
pub fn plan(ds: &Dataset, slots: &[RotaSlot], year: i32, as_of: NaiveDate, replace: bool) -> Plan {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).map_or(as_of, |first| first.max(as_of));
    let in_year = |d: NaiveDate| d.year() == year;
    let (removed, kept): (Vec<&RotaSlot>, Vec<&RotaSlot>) = slots
        .iter()
        .filter(|s| in_year(s.date))
        .partition(|s| replace && s.date >= from);

    // Receptions plus slots in the whole year, per deputy.
    let mut count: CodeMap<&str, i64> = CodeMap::default();
    let receptions = ds.receptions.iter().filter(|r| in_year(r.date)).map(|r| &r.deputy_code);
    for code in receptions.chain(kept.iter().map(|s| &s.deputy_code)) {
        *count.entry(code.as_str()).or_default() += 1;
    }

    // Who goes to which station (by index), deputies in code order.
    let homes = Homes::new(ds);
    let mut unplaced: BTreeSet<usize> = BTreeSet::new();
    let mut queues: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
    for (d, deputy) in ds.deputies.iter().enumerate().filter(|(_, d)| d.active) {
        let need = ds.settings.rota_per_year - count.get(deputy.code.as_str()).copied().unwrap_or(0);
        if need <= 0 {
            continue;
        }
        match homes.station_of(ds, deputy) {
            Some(s) => queues.entry(s).or_default().push((d, need)),
            None => {
                unplaced.insert(d);
            }
        }
    }

    // The days this deputy already has at this station: a key is unique.
    let taken: BTreeSet<(NaiveDate, &str, &str)> = kept.iter().map(|s| s.key()).collect();
    let mut added: Vec<RotaSlot> = Vec::new();
    for (s, queue) in &queues {
        let station = &ds.stations[*s];
        let days = reception_days(station, year, from);
        let mut next = 0;
        for &(d, need) in queue {
            let deputy = &ds.deputies[d];
            for placed in 0..need as usize {
                // Round the days in order: the new slots per day differ by
                // at most one; a day the deputy holds already (kept, or just
                // placed: the last `placed` slots) is skipped.
                let mine = &added[added.len() - placed..];
                let free = (0..days.len()).map(|k| (next + k) % days.len()).find(|&k| {
                    let key = (days[k], station.code.as_str(), deputy.code.as_str());
                    !taken.contains(&key) && !mine.iter().any(|a| a.date == days[k])
                });
                let Some(k) = free else {
                    unplaced.insert(d);
                    break;
                };
                next = k + 1;
                added.push(RotaSlot {
                    date: days[k],
                    station_code: station.code.clone(),
                    deputy_code: deputy.code.clone(),
                    role: RotaRole::Member,
                });
            }
        }
    }
    added.sort_by(|a, b| a.key().cmp(&b.key()));
    let relabelled = relead(ds, &kept, &mut added);

    let mut removed: Vec<RotaSlot> = removed.into_iter().cloned().collect();
    removed.sort_by(|a, b| a.key().cmp(&b.key()));
    Plan {
        year,
        added,
        removed,
        relabelled,
        unplaced: unplaced
            .into_iter()
            .map(|d| Unplaced {
                code: ds.deputies[d].code.clone(),
                name: ds.deputies[d].name.clone(),
            })
            .collect(),
    }
}

/// Give each (date, station) of `slots` (sorted by key) exactly one lead:
/// the highest level there, then the lowest code (SPEC §11).
pub fn choose_leads(ds: &Dataset, slots: &mut [RotaSlot]) {
    relead(ds, &[], slots);
}

/// Give each (date, station) the plan adds someone to exactly one lead:
/// the highest level there, then the lowest code. Sets the roles of
/// `added` (sorted by key) and returns the kept slots whose role changes.
fn relead(ds: &Dataset, kept: &[&RotaSlot], added: &mut [RotaSlot]) -> Vec<RotaSlot> {
    let rank = |code: &str| {
        // An unknown deputy (never in a stored rota) ranks last.
        let level = find_by_code(&ds.deputies, code, |d| &d.code).map_or(u8::MAX, |d| d.level as u8);
        (level, Text::from(code))
    };
    let mut kept_at: BTreeMap<(NaiveDate, &str), Vec<&RotaSlot>> = BTreeMap::new();
    for s in kept {
        kept_at.entry((s.date, s.station_code.as_str())).or_default().push(s);
    }
    let mut relabelled = Vec::new();
    let mut start = 0;
    while start < added.len() {
        let day = (added[start].date, added[start].station_code.clone());
        let end = start
            + added[start..]
                .iter()
                .take_while(|a| (a.date, &a.station_code) == (day.0, &day.1))
                .count();
        let there = kept_at
            .get(&(day.0, day.1.as_str()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let lead = there
            .iter()
            .map(|s| s.deputy_code.as_str())
            .chain(added[start..end].iter().map(|a| a.deputy_code.as_str()))
            .min_by_key(|code| rank(code))
            .map(Text::from);
        let role_of = |code: &str| {
            if lead.as_deref() == Some(code) {
                RotaRole::Lead
            } else {
                RotaRole::Member
            }
        };
        for a in &mut added[start..end] {
            a.role = role_of(&a.deputy_code);
        }
        for s in there {
            let role = role_of(&s.deputy_code);
            if role != s.role {
                relabelled.push(RotaSlot { role, ..(*s).clone() });
            }
        }
        start = end;
    }
    relabelled.sort_by(|a, b| a.key().cmp(&b.key()));
    relabelled
}

/// Where a deputy's slots go (SPEC §11): their own station when it is set
/// and not online; else the located non-online station nearest to the
/// centroid of their first assigned cell with geometry; else the first
/// general station. No other station is tried.
struct Homes {
    located: StationIndex,
    general: Option<usize>,
}

impl Homes {
    fn new(ds: &Dataset) -> Homes {
        Homes {
            located: StationIndex::of(ds, |s| s.kind != StationKind::Online),
            general: ds.stations.iter().position(|s| s.kind == StationKind::General),
        }
    }

    fn station_of(&self, ds: &Dataset, deputy: &Deputy) -> Option<usize> {
        if !deputy.station_code.is_empty() {
            let own = ds
                .stations
                .binary_search_by(|s| s.code.cmp(&deputy.station_code))
                .ok()
                .filter(|&s| ds.stations[s].kind != StationKind::Online);
            if own.is_some() {
                return own;
            }
        }
        self.nearest_to_first_cell(ds, deputy).or(self.general)
    }

    fn nearest_to_first_cell(&self, ds: &Dataset, deputy: &Deputy) -> Option<usize> {
        if self.located.is_empty() {
            return None;
        }
        // Assignments are sorted by (deputy, cell): the deputy's cells in code order.
        let first = ds.assignments.partition_point(|a| a.deputy_code < deputy.code);
        let centre = ds.assignments[first..]
            .iter()
            .take_while(|a| a.deputy_code == deputy.code)
            .filter_map(|a| ds.cells.binary_search_by(|c| c.code.cmp(&a.cell_code)).ok())
            .find_map(|c| centroid(ds, c))?;
        self.located.nearest_first(ds, centre.x(), centre.y()).map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::*;
    use crate::model::{DeputyLevel, Reception, Station};

    fn at(code: &str, kind: StationKind, lon: f64, lat: f64, day: u8) -> Station {
        Station {
            kind,
            reception_day: day,
            ..station(code, Some(lon), Some(lat))
        }
    }

    fn slot(date: &str, station: &str, deputy: &str, role: RotaRole) -> RotaSlot {
        RotaSlot {
            date: day(date),
            station_code: station.into(),
            deputy_code: deputy.into(),
            role,
        }
    }

    fn county(deputies: Vec<Deputy>, stations: Vec<Station>) -> Dataset {
        let mut ds = Dataset {
            deputies,
            stations,
            ..Dataset::default()
        };
        ds.sort();
        ds
    }

    fn keys(slots: &[RotaSlot]) -> Vec<(String, String, String, RotaRole)> {
        slots
            .iter()
            .map(|s| {
                (
                    s.date.to_string(),
                    s.station_code.to_string(),
                    s.deputy_code.to_string(),
                    s.role,
                )
            })
            .collect()
    }

    fn own(code: &str, station: &str, level: DeputyLevel) -> Deputy {
        Deputy {
            station_code: station.into(),
            level,
            ..deputy(code, true)
        }
    }

    #[test]
    fn spreads_new_slots_over_the_days_left_and_names_one_lead_per_day() {
        let deputies = (1..=5)
            .map(|i| own(&format!("D{i}"), "S1", DeputyLevel::County))
            .collect();
        let ds = county(deputies, vec![at("S1", StationKind::Town, 121.0, 37.0, 15)]);
        let p = plan(&ds, &[], 2026, day("2026-10-01"), false);
        let dates: Vec<String> = p.added.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(
            dates,
            ["2026-10-15", "2026-10-15", "2026-11-15", "2026-11-15", "2026-12-15"]
        );
        let leads: Vec<&str> = p
            .added
            .iter()
            .filter(|s| s.role == RotaRole::Lead)
            .map(|s| s.deputy_code.as_str())
            .collect();
        assert_eq!(leads, ["D1", "D2", "D3"]);
        assert!(p.unplaced.is_empty() && p.removed.is_empty());
    }

    #[test]
    fn a_second_plan_adds_nothing() {
        let deputies = (1..=3)
            .map(|i| own(&format!("D{i}"), "S1", DeputyLevel::County))
            .collect();
        let ds = county(deputies, vec![at("S1", StationKind::Town, 121.0, 37.0, 15)]);
        let first = plan(&ds, &[], 2026, day("2026-01-01"), false);
        assert_eq!(first.added.len(), 3);
        let again = plan(&ds, &first.added, 2026, day("2026-01-01"), false);
        assert!(again.is_empty(), "{again:?}");
        // Replacing removes the year's slots from the as-of date and plans them again.
        let replaced = plan(&ds, &first.added, 2026, day("2026-01-01"), true);
        assert_eq!(replaced.removed, first.added);
        assert_eq!(replaced.added, first.added);
    }

    #[test]
    fn a_reception_or_a_slot_in_the_year_counts() {
        let deputies = (1..=3)
            .map(|i| own(&format!("D{i}"), "S1", DeputyLevel::County))
            .collect();
        let mut ds = county(deputies, vec![at("S1", StationKind::Town, 121.0, 37.0, 15)]);
        ds.receptions.push(Reception {
            date: day("2026-02-15"),
            station_code: "S1".into(),
            deputy_code: "D1".into(),
            constituents: 3,
        });
        // Other years' records do not count.
        ds.receptions.push(Reception {
            date: day("2025-02-15"),
            station_code: "S1".into(),
            deputy_code: "D3".into(),
            constituents: 3,
        });
        let existing = [slot("2026-03-15", "S1", "D2", RotaRole::Lead)];
        let p = plan(&ds, &existing, 2026, day("2026-06-01"), false);
        assert_eq!(
            keys(&p.added),
            [("2026-06-15".into(), "S1".into(), "D3".into(), RotaRole::Lead)]
        );
    }

    #[test]
    fn an_added_higher_level_deputy_takes_the_lead_of_a_kept_day() {
        let ds = county(
            vec![
                own("D1", "S1", DeputyLevel::Township),
                own("D2", "S1", DeputyLevel::Provincial),
                own("D3", "S1", DeputyLevel::Provincial),
            ],
            vec![at("S1", StationKind::Town, 121.0, 37.0, 15)],
        );
        let existing = [slot("2026-12-15", "S1", "D1", RotaRole::Lead)];
        let p = plan(&ds, &existing, 2026, day("2026-12-01"), false);
        assert_eq!(
            keys(&p.added),
            [
                ("2026-12-15".into(), "S1".into(), "D2".into(), RotaRole::Lead),
                ("2026-12-15".into(), "S1".into(), "D3".into(), RotaRole::Member),
            ]
        );
        assert_eq!(
            keys(&p.relabelled),
            [("2026-12-15".into(), "S1".into(), "D1".into(), RotaRole::Member)]
        );
    }

    #[test]
    fn online_stations_are_skipped_for_the_nearest_to_the_first_cell_with_geometry() {
        let mut ds = county(
            vec![
                own("D1", "ONL", DeputyLevel::County),
                own("D2", "", DeputyLevel::County),
            ],
            vec![
                at("ONL", StationKind::Online, 121.0, 37.0, 15),
                at("S1", StationKind::General, 125.0, 37.0, 15),
                at("S2", StationKind::Point, 121.1, 37.0, 15),
            ],
        );
        ds.cells = vec![cell("G1", None), cell("G2", Some(square(120.9, 36.9, 0.2)))];
        ds.assignments = vec![assign("D1", "G1"), assign("D1", "G2")];
        ds.sort();
        let p = plan(&ds, &[], 2026, day("2026-01-01"), false);
        let placed: Vec<(&str, &str)> = p
            .added
            .iter()
            .map(|s| (s.deputy_code.as_str(), s.station_code.as_str()))
            .collect();
        // D1: own station online, first cell without geometry → G2's nearest
        // non-online station. D2: no station, no cell → the general station.
        assert_eq!(placed, [("D2", "S1"), ("D1", "S2")]);
    }

    #[test]
    fn equally_near_stations_go_to_the_lowest_code() {
        let mut ds = county(
            vec![own("D1", "", DeputyLevel::County)],
            vec![
                at("SB", StationKind::Point, 121.2, 37.0, 15),
                at("SA", StationKind::Point, 120.8, 37.0, 15),
            ],
        );
        ds.cells = vec![cell("G1", Some(square(120.9, 36.9, 0.2)))];
        ds.assignments = vec![assign("D1", "G1")];
        ds.sort();
        let p = plan(&ds, &[], 2026, day("2026-01-01"), false);
        assert_eq!(p.added[0].station_code, "SA");
    }

    #[test]
    fn a_deputy_whose_station_has_no_day_left_is_listed() {
        let mut inactive = own("D3", "S1", DeputyLevel::County);
        inactive.active = false;
        let ds = county(
            vec![
                own("D1", "S1", DeputyLevel::County),
                own("D2", "", DeputyLevel::County),
                inactive,
            ],
            vec![at("S1", StationKind::Town, 121.0, 37.0, 15)],
        );
        // After the 15 December nothing is left; D2 has no station at all.
        let p = plan(&ds, &[], 2026, day("2026-12-16"), false);
        assert!(p.added.is_empty());
        let codes: Vec<&str> = p.unplaced.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes, ["D1", "D2"]);
    }

    #[test]
    fn february_clamps_and_several_slots_a_year_take_different_days() {
        let ds = Dataset {
            settings: crate::model::Settings {
                rota_per_year: 3,
                ..Default::default()
            },
            ..county(
                vec![own("D1", "S1", DeputyLevel::County)],
                vec![at("S1", StationKind::Town, 121.0, 37.0, 31)],
            )
        };
        let p = plan(&ds, &[], 2026, day("2026-02-01"), false);
        let dates: Vec<String> = p.added.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2026-02-28", "2026-03-31", "2026-04-30"]);
        // With two days left, the third slot cannot be placed.
        let late = plan(&ds, &[], 2026, day("2026-11-01"), false);
        assert_eq!(late.added.len(), 2);
        assert_eq!(late.unplaced.len(), 1);
    }
}
