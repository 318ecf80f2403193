//! A county's rota for the demo year and its deputies' other duties
//! (SPEC §11): most active deputies scheduled and most of them come (the
//! slot is their first reception of the year), some absences, some
//! still to come on the last reception day, and a handful left for `rota
//! plan` to place; trainings, inspections, surveys, meetings and visits
//! over the three years.

use super::activity::as_of;
use super::people::Populated;
use super::rng::Rng;
use crate::model::{Activity, ActivityKind, CodeMap, Dataset, Reception, RotaRole, RotaSlot, Text};
use chrono::{Datelike, NaiveDate};

/// Active deputies given a slot they did not keep, besides those who
/// have not received at all this year.
const EXTRA_ABSENCES: usize = 18;
/// Active deputies on the rota of the year's last reception day.
const TO_COME: usize = 24;
/// Of the deputies who have not received this year, how many are on the
/// rota (absent); the others are left for `rota plan`.
const SCHEDULED_WITHOUT_RECEPTION: usize = 8;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The demo year's rota of one county. `receptions` are the county's
/// reception records (all years).
pub fn rota(pop: &Populated, receptions: &[Reception], rng: &mut Rng, ds: &mut Dataset) {
    let today = as_of();
    let year = today.year();
    let mut first: Vec<Option<&Reception>> = vec![None; pop.deputies.len()];
    let mut held: Vec<Vec<u32>> = vec![Vec::new(); pop.deputies.len()];
    let local: CodeMap<&str, usize> = ds.deputies[pop.deputies.clone()]
        .iter()
        .enumerate()
        .map(|(k, d)| (d.code.as_str(), k))
        .collect();
    for r in receptions.iter().filter(|r| r.date.year() == year) {
        let Some(&k) = local.get(r.deputy_code.as_str()) else {
            continue;
        };
        held[k].push(r.date.month());
        if first[k].is_none_or(|f| r.date < f.date) {
            first[k] = Some(r);
        }
    }
    let mut slots: Vec<RotaSlot> = Vec::new();
    let slot = |date: NaiveDate, station: &Text, deputy: &Text| RotaSlot {
        date,
        station_code: station.clone(),
        deputy_code: deputy.clone(),
        role: RotaRole::Member,
    };
    let past_months = today.month() - u32::from(today.day() < 15);
    let mut without: Vec<usize> = Vec::new();
    let mut attended: Vec<usize> = Vec::new();
    for (k, d) in pop.deputies.clone().enumerate() {
        let deputy = &ds.deputies[d];
        if !deputy.active {
            continue;
        }
        match first[k] {
            Some(r) => {
                slots.push(slot(r.date, &r.station_code, &deputy.code));
                attended.push(k);
            }
            None => without.push(k),
        }
    }
    // A month of this year, before today, on which the deputy did not receive.
    let missed = |rng: &mut Rng, k: usize| -> Option<u32> {
        let free: Vec<u32> = (1..=past_months).filter(|m| !held[k].contains(m)).collect();
        (!free.is_empty()).then(|| free[rng.below(free.len())])
    };
    let start = pop.deputies.start;
    for i in rng.sample(without.len(), SCHEDULED_WITHOUT_RECEPTION) {
        let k = without[i];
        let deputy = &ds.deputies[start + k];
        if let Some(m) = missed(rng, k) {
            slots.push(slot(date(year, m, 15), &deputy.station_code, &deputy.code));
        }
    }
    for i in rng.sample(attended.len(), EXTRA_ABSENCES) {
        let k = attended[i];
        let deputy = &ds.deputies[start + k];
        if let Some(m) = missed(rng, k) {
            slots.push(slot(date(year, m, 15), &deputy.station_code, &deputy.code));
        }
    }
    let last = date(year, 12, 15);
    for i in rng.sample(attended.len(), TO_COME) {
        let deputy = &ds.deputies[start + attended[i]];
        slots.push(slot(last, &deputy.station_code, &deputy.code));
    }
    slots.retain(|s| !s.station_code.is_empty());
    slots.sort_by(|a, b| a.key().cmp(&b.key()));
    slots.dedup_by(|a, b| a.key() == b.key());
    crate::rota::choose_leads(ds, &mut slots);
    ds.rota.extend(slots);
}

/// What a duty's note says, by kind.
const NOTES: [(ActivityKind, &[&str]); 5] = [
    (
        ActivityKind::Training,
        &["代表履职培训班", "新任代表培训", "乡村振兴专题培训"],
    ),
    (
        ActivityKind::Inspection,
        &["视察农村饮水安全", "视察道路建设", "视察校园安全"],
    ),
    (
        ActivityKind::Survey,
        &["调研苹果产业发展", "调研养老服务", "调研营商环境"],
    ),
    (ActivityKind::Meeting, &["代表座谈会", "选民座谈会", "专题协商会"]),
    (ActivityKind::Visit, &["走访困难群众", "走访企业", "走访选民"]),
];

/// Each active deputy's other duties: up to four a year, on working days
/// up to today.
pub fn activities(pop: &Populated, rng: &mut Rng, ds: &mut Dataset) {
    let today = as_of();
    let mut list: Vec<Activity> = Vec::new();
    for d in pop.deputies.clone() {
        let deputy = &ds.deputies[d];
        if !deputy.active {
            continue;
        }
        for year in 2024..=today.year() {
            for _ in 0..rng.below(5) {
                let day = date(year, 1, 1) + chrono::Duration::days(rng.range(0, 364));
                let (kind, notes) = NOTES[rng.below(NOTES.len())];
                let note = notes[rng.below(notes.len())];
                if day > today {
                    continue;
                }
                list.push(Activity {
                    date: day,
                    deputy_code: deputy.code.clone(),
                    kind,
                    note: note.into(),
                });
            }
        }
    }
    list.sort_by(|a, b| a.key().cmp(&b.key()));
    list.dedup_by(|a, b| a.key() == b.key());
    ds.activities.extend(list);
}

#[cfg(test)]
mod tests {
    use crate::demo::{as_of, bundled_county};
    use crate::model::RotaRole;
    use crate::rota::Attended;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn most_deputies_are_scheduled_most_come_and_some_are_absent() {
        let ds = bundled_county().unwrap();
        let today = as_of();
        let attended = Attended::new(&ds.receptions);
        let active: BTreeSet<&str> = ds
            .deputies
            .iter()
            .filter(|d| d.active)
            .map(|d| d.code.as_str())
            .collect();
        let scheduled: BTreeSet<&str> = ds.rota.iter().map(|s| s.deputy_code.as_str()).collect();
        assert!(scheduled.is_subset(&active));
        assert!(
            scheduled.len() * 100 / active.len() >= 95,
            "{} of {}",
            scheduled.len(),
            active.len()
        );
        let states: Vec<Option<bool>> = ds.rota.iter().map(|s| attended.of(s, today)).collect();
        let came = states.iter().filter(|a| **a == Some(true)).count();
        let absent = states.iter().filter(|a| **a == Some(false)).count();
        let to_come = states.iter().filter(|a| a.is_none()).count();
        assert!(came * 100 / ds.rota.len() >= 90, "{came} of {}", ds.rota.len());
        assert!((10..=40).contains(&absent), "{absent}");
        assert!((10..=40).contains(&to_come), "{to_come}");
        // Exactly one lead per (date, station).
        let mut leads: BTreeMap<(chrono::NaiveDate, &str), usize> = BTreeMap::new();
        for s in &ds.rota {
            *leads.entry((s.date, s.station_code.as_str())).or_default() += usize::from(s.role == RotaRole::Lead);
        }
        assert!(leads.values().all(|n| *n == 1));
        assert!(ds.rota.is_sorted_by(|a, b| a.key() < b.key()));
    }

    #[test]
    fn every_kind_of_duty_is_done_and_none_after_today() {
        let ds = bundled_county().unwrap();
        let kinds: BTreeSet<_> = ds.activities.iter().map(|a| a.kind).collect();
        assert_eq!(kinds.len(), crate::model::ActivityKind::ALL.len());
        assert!(ds.activities.iter().all(|a| a.date <= as_of()));
        assert!(ds.activities.is_sorted_by(|a, b| a.key() < b.key()));
    }
}
